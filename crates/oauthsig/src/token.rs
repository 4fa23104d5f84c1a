//! Temporary and token credentials ([RFC 5849 §2.1](https://www.rfc-editor.org/rfc/rfc5849#section-2.1),
//! [§2.3](https://www.rfc-editor.org/rfc/rfc5849#section-2.3)), their
//! `application/x-www-form-urlencoded` string form, and the callback redirect
//! of [§2.2](https://www.rfc-editor.org/rfc/rfc5849#section-2.2).

use crate::error::{TokenField, TokenProblem};
use crate::{Error, url};
use oauthsig_core::encode::encode;
use oauthsig_core::params::pairs;
use oauthsig_core::{Part, Text};
use std::fmt::{self, Write as _};
use std::str::FromStr;
use zeroize::Zeroizing;

/// A token: temporary credentials (request token) or token credentials
/// (access token), with the callback and verifier of the redirection step.
///
/// The secret and the verifier are wiped from memory on drop, and `Debug`
/// shows neither.
///
/// Its string form is what a server's temporary-credential and token
/// endpoints answer with (§2.1, §2.3):
///
/// ```
/// use oauthsig::Token;
/// let token: Token = "oauth_token=hh5s93j4hdidpola&oauth_token_secret=hdhd0244k9j7ao03\
///                     &oauth_callback_confirmed=true".parse()?;
/// assert_eq!(token.key(), "hh5s93j4hdidpola");
/// assert_eq!(token.secret(), "hdhd0244k9j7ao03");
/// assert!(token.callback_confirmed());
/// assert!(!format!("{token:?}").contains("hdhd0244k9j7ao03"));
/// # Ok::<(), oauthsig::Error>(())
/// ```
#[derive(Clone)]
pub struct Token {
    key: String,
    secret: Zeroizing<String>,
    callback: Option<String>,
    callback_confirmed: bool,
    verifier: Option<Zeroizing<String>>,
    extra: Vec<(String, String)>,
}

impl Token {
    /// A token with identifier `key` and shared secret `secret`.
    ///
    /// ```
    /// let token = oauthsig::Token::new("nnch734d00sl2jdk", "pfkkdhi9sl3r4s00");
    /// assert_eq!(token.to_string(), "oauth_token=nnch734d00sl2jdk&oauth_token_secret=pfkkdhi9sl3r4s00");
    /// ```
    pub fn new(key: &str, secret: &str) -> Self {
        Token {
            key: key.to_owned(),
            secret: Zeroizing::new(secret.to_owned()),
            callback: None,
            callback_confirmed: false,
            verifier: None,
            extra: Vec::new(),
        }
    }

    /// The `oauth_token` value.
    ///
    /// ```
    /// assert_eq!(oauthsig::Token::new("key", "secret").key(), "key");
    /// ```
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The token shared secret.
    ///
    /// ```
    /// assert_eq!(oauthsig::Token::new("key", "secret").secret(), "secret");
    /// ```
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// The callback URL set with [`Token::set_callback`].
    ///
    /// ```
    /// let mut token = oauthsig::Token::new("key", "secret");
    /// assert_eq!(token.callback(), None);
    /// token.set_callback("http://printer.example.com/ready");
    /// assert_eq!(token.callback(), Some("http://printer.example.com/ready"));
    /// ```
    pub fn callback(&self) -> Option<&str> {
        self.callback.as_deref()
    }

    /// Whether the server confirmed the callback (`oauth_callback_confirmed=true`,
    /// §2.1), either in the parsed response or by [`Token::set_callback`].
    ///
    /// ```
    /// let token: oauthsig::Token = "oauth_token=a&oauth_token_secret=b".parse()?;
    /// assert!(!token.callback_confirmed());
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn callback_confirmed(&self) -> bool {
        self.callback_confirmed
    }

    /// The verifier set with [`Token::set_verifier`].
    ///
    /// ```
    /// let mut token = oauthsig::Token::new("key", "secret");
    /// token.set_verifier(Some("hfdp7dh39dks9884"))?;
    /// assert_eq!(token.verifier(), Some("hfdp7dh39dks9884"));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn verifier(&self) -> Option<&str> {
        self.verifier.as_deref().map(String::as_str)
    }

    /// Sets the callback URL and marks it confirmed, as a server does when it
    /// issues temporary credentials for a request that carried `oauth_callback`.
    ///
    /// ```
    /// let mut token = oauthsig::Token::new("key", "secret");
    /// token.set_callback("http://printer.example.com/ready");
    /// assert!(token.callback_confirmed());
    /// assert!(token.to_string().ends_with("&oauth_callback_confirmed=true"));
    /// ```
    pub fn set_callback(&mut self, callback: &str) {
        self.callback = Some(callback.to_owned());
        self.callback_confirmed = true;
    }

    /// Sets the verifier: `verifier` when given (the value the consumer
    /// received), otherwise a fresh [`crate::VERIFIER_LEN`]-character one from
    /// the OS CSPRNG (the server's side of §2.2).
    ///
    /// ```
    /// let mut token = oauthsig::Token::new("key", "secret");
    /// token.set_verifier(None)?;
    /// assert_eq!(token.verifier().map(str::len), Some(oauthsig::VERIFIER_LEN));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Random`] when a verifier must be generated and the operating
    /// system cannot supply randomness.
    pub fn set_verifier(&mut self, verifier: Option<&str>) -> Result<(), Error> {
        let verifier = match verifier {
            Some(v) => v.to_owned(),
            None => crate::generate_verifier(crate::VERIFIER_LEN)?,
        };
        self.verifier = Some(Zeroizing::new(verifier));
        Ok(())
    }

    /// The URL to redirect the resource owner to after authorization (§2.2):
    /// the callback with `oauth_token` and `oauth_verifier` added to its
    /// query, percent-encoded, keeping the callback's own query and putting
    /// any fragment last.
    ///
    /// `None` without a callback, and for the out-of-band callback `oob`,
    /// which has nowhere to redirect to. Without a verifier the callback is
    /// returned unchanged.
    ///
    /// python-oauth2's `get_callback_url` added only `oauth_verifier`, without
    /// encoding it; §2.2 requires both parameters, encoded.
    ///
    /// ```
    /// let mut token = oauthsig::Token::new("hh5s93j4hdidpola", "hdhd0244k9j7ao03");
    /// token.set_callback("http://printer.example.com/ready?lang=en#top");
    /// token.set_verifier(Some("hfdp7dh39dks9884"))?;
    /// assert_eq!(
    ///     token.callback_url().as_deref(),
    ///     Some("http://printer.example.com/ready?lang=en&oauth_token=hh5s93j4hdidpola&oauth_verifier=hfdp7dh39dks9884#top")
    /// );
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn callback_url(&self) -> Option<String> {
        let callback = self.callback.as_deref().filter(|c| *c != "oob")?;
        let Some(verifier) = self.verifier() else {
            return Some(callback.to_owned());
        };
        let mut url = callback.to_owned();
        url::extend_query(&mut url, |q| {
            // Writing into a String cannot fail.
            let _ = write!(
                q,
                "oauth_token={}&oauth_verifier={}",
                encode(&self.key),
                encode(verifier)
            );
        });
        Some(url)
    }

    /// Fields of the parsed response other than the three of the protocol,
    /// in order (Twitter adds `user_id` and `screen_name`, for example).
    ///
    /// ```
    /// let token: oauthsig::Token =
    ///     "oauth_token=a&oauth_token_secret=b&user_id=6253282&screen_name=twitterapi".parse()?;
    /// assert_eq!(token.extra()[0], ("user_id".to_owned(), "6253282".to_owned()));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn extra(&self) -> &[(String, String)] {
        &self.extra
    }

    /// The first extra field called `name` (see [`Token::extra`]).
    ///
    /// ```
    /// let token: oauthsig::Token =
    ///     "oauth_token=a&oauth_token_secret=b&screen_name=twitterapi".parse()?;
    /// assert_eq!(token.get("screen_name"), Some("twitterapi"));
    /// assert_eq!(token.get("user_id"), None);
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn get(&self, name: &str) -> Option<&str> {
        self.extra
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Writes `text` as `application/x-www-form-urlencoded` does: the §3.6
/// encoding, except that a space is `+` (python's `quote_plus`, and what HTML
/// forms send), so the output matches python-oauth2's `Token.to_string`.
fn write_form(out: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    for piece in encode(text) {
        out.write_str(if piece == "%20" { "+" } else { piece })?;
    }
    Ok(())
}

impl fmt::Display for Token {
    /// The credentials response form (python-oauth2's `Token.to_string`):
    /// `oauth_token`, `oauth_token_secret`, `oauth_callback_confirmed=true`
    /// when confirmed, then any extra fields. Callback and verifier are not
    /// part of it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("oauth_token=")?;
        write_form(f, &self.key)?;
        f.write_str("&oauth_token_secret=")?;
        write_form(f, &self.secret)?;
        if self.callback_confirmed {
            f.write_str("&oauth_callback_confirmed=true")?;
        }
        for (name, value) in &self.extra {
            f.write_char('&')?;
            write_form(f, name)?;
            f.write_char('=')?;
            write_form(f, value)?;
        }
        Ok(())
    }
}

/// Which protocol field a name is, if any.
fn field_of(name: &Text<'_>) -> Option<TokenField> {
    [
        (&b"oauth_token"[..], TokenField::Token),
        (b"oauth_token_secret", TokenField::TokenSecret),
        (b"oauth_callback_confirmed", TokenField::CallbackConfirmed),
    ]
    .into_iter()
    .find(|(n, _)| name.eq_decoded(n))
    .map(|(_, f)| f)
}

/// The field a malformed pair at `offset` belongs to, judged from its raw
/// name (the pair could not be decoded, so this is only for the message).
fn field_at(text: &str, offset: usize) -> TokenField {
    let start = text
        .get(..offset)
        .and_then(|head| head.rfind('&'))
        .map_or(0, |i| i + 1);
    let segment = text.get(start..).unwrap_or("");
    let raw_name = segment.split(['&', '=']).next().unwrap_or("");
    match Text::form(raw_name, Part::Body) {
        Ok(name) => field_of(&name).unwrap_or(TokenField::Other { offset: start }),
        Err(_) => TokenField::Other { offset: start },
    }
}

fn problem(field: TokenField, problem: TokenProblem) -> Error {
    Error::TokenString { field, problem }
}

fn decode(text: &Text<'_>, field: TokenField) -> Result<String, Error> {
    text.to_str(Part::Body)
        .map(|s| s.into_owned())
        .map_err(|e| match e {
            oauthsig_core::Error::InvalidUtf8 { offset, .. } => {
                problem(field, TokenProblem::InvalidUtf8 { offset })
            }
            other => Error::Core(other),
        })
}

impl FromStr for Token {
    type Err = Error;

    /// Parses a credentials response (python-oauth2's `Token.from_string`).
    ///
    /// `oauth_token` and `oauth_token_secret` must each appear once and be
    /// non-empty; `oauth_callback_confirmed` is confirmed only when `true`
    /// (§2.1). Other fields are kept (see [`Token::extra`]).
    ///
    /// ```
    /// use oauthsig::{Error, Token, TokenField, TokenProblem};
    /// let err = "oauth_token=a&oauth_token_secret=b%2".parse::<Token>().unwrap_err();
    /// assert_eq!(err, Error::TokenString {
    ///     field: TokenField::TokenSecret,
    ///     problem: TokenProblem::BadEscape { offset: 34 },
    /// });
    /// ```
    ///
    /// # Errors
    /// [`Error::TokenString`] naming the field: missing, empty or duplicated
    /// token or secret, a malformed `%` escape, or text that is not UTF-8.
    fn from_str(text: &str) -> Result<Self, Error> {
        let mut key: Option<String> = None;
        let mut secret: Option<Zeroizing<String>> = None;
        let mut confirmed: Option<bool> = None;
        let mut extra = Vec::new();
        for pair in pairs(text, Part::Body) {
            let (name, value, offset) = pair.map_err(|e| match e {
                oauthsig_core::Error::BadEscape { offset, .. } => {
                    problem(field_at(text, offset), TokenProblem::BadEscape { offset })
                }
                other => Error::Core(other),
            })?;
            let Some(field) = field_of(&name) else {
                let other = TokenField::Other { offset };
                extra.push((decode(&name, other)?, decode(&value, other)?));
                continue;
            };
            let seen = match field {
                TokenField::Token => key.is_some(),
                TokenField::TokenSecret => secret.is_some(),
                _ => confirmed.is_some(),
            };
            if seen {
                return Err(problem(field, TokenProblem::Duplicate));
            }
            match field {
                TokenField::Token => key = Some(decode(&value, field)?),
                TokenField::TokenSecret => secret = Some(Zeroizing::new(decode(&value, field)?)),
                _ => confirmed = Some(value.eq_decoded(b"true")),
            }
        }
        let key = key.ok_or(problem(TokenField::Token, TokenProblem::Missing))?;
        let secret = secret.ok_or(problem(TokenField::TokenSecret, TokenProblem::Missing))?;
        if key.is_empty() {
            return Err(problem(TokenField::Token, TokenProblem::Empty));
        }
        if secret.is_empty() {
            return Err(problem(TokenField::TokenSecret, TokenProblem::Empty));
        }
        Ok(Token {
            key,
            secret,
            callback: None,
            callback_confirmed: confirmed.unwrap_or(false),
            verifier: None,
            extra,
        })
    }
}

impl fmt::Debug for Token {
    /// Shows the key, callback and the names of extra fields; never the
    /// secret, the verifier, or extra values (a provider may put a session
    /// handle there).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hidden = format_args!("<hidden>");
        let extra: Vec<&str> = self.extra.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Token")
            .field("key", &self.key)
            .field("secret", &hidden)
            .field("callback", &self.callback)
            .field("callback_confirmed", &self.callback_confirmed)
            .field("verifier", &self.verifier.as_ref().map(|_| hidden))
            .field("extra", &extra)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(s: &str) -> Error {
        s.parse::<Token>()
            .err()
            .unwrap_or_else(|| panic!("{s:?} parsed"))
    }

    #[test]
    fn malformed_fields_are_named() {
        let tok = |p| Error::TokenString {
            field: TokenField::Token,
            problem: p,
        };
        assert_eq!(err("oauth_token_secret=s"), tok(TokenProblem::Missing));
        assert_eq!(
            err("oauth_token=&oauth_token_secret=s"),
            tok(TokenProblem::Empty)
        );
        assert_eq!(
            err("oauth_token=a&oauth_token=b&oauth_token_secret=s"),
            tok(TokenProblem::Duplicate)
        );
        assert_eq!(
            err("oauth_token=%zz&oauth_token_secret=s"),
            tok(TokenProblem::BadEscape { offset: 12 })
        );
        assert_eq!(
            err("oauth_token=%FF&oauth_token_secret=s"),
            tok(TokenProblem::InvalidUtf8 { offset: 0 })
        );
        assert_eq!(
            err("oauth_token=a&oauth_token_secret=s&oauth_token_secret=t"),
            Error::TokenString {
                field: TokenField::TokenSecret,
                problem: TokenProblem::Duplicate
            }
        );
        assert_eq!(
            err("oauth_token=a&x%4=1&oauth_token_secret=s"),
            Error::TokenString {
                field: TokenField::Other { offset: 14 },
                problem: TokenProblem::BadEscape { offset: 15 }
            }
        );
    }

    #[test]
    fn callback_confirmed_only_when_true() {
        let t: Token = "oauth_token=a&oauth_token_secret=b&oauth_callback_confirmed=false"
            .parse()
            .unwrap();
        assert!(!t.callback_confirmed());
        assert!(!t.to_string().contains("callback_confirmed"));
        assert_eq!(
            err(
                "oauth_token=a&oauth_token_secret=b&oauth_callback_confirmed=true&oauth_callback_confirmed=true"
            ),
            Error::TokenString {
                field: TokenField::CallbackConfirmed,
                problem: TokenProblem::Duplicate
            }
        );
    }

    #[test]
    fn oob_callback_has_no_redirect() {
        let mut t = Token::new("k", "s");
        t.set_callback("oob");
        t.set_verifier(Some("v")).unwrap();
        assert_eq!(t.callback_url(), None);
    }

    #[test]
    fn callback_without_verifier_is_unchanged() {
        let mut t = Token::new("k", "s");
        t.set_callback("http://c.example/cb?x=1");
        assert_eq!(t.callback_url().as_deref(), Some("http://c.example/cb?x=1"));
    }

    #[test]
    fn debug_hides_secret_verifier_and_extra_values() {
        let mut t: Token = "oauth_token=tk&oauth_token_secret=TOPSECRET&session=HANDLE"
            .parse()
            .unwrap();
        t.set_verifier(Some("VERIFIERVALUE")).unwrap();
        let d = format!("{t:?}");
        for secret in ["TOPSECRET", "VERIFIERVALUE", "HANDLE"] {
            assert!(!d.contains(secret), "{d}");
        }
        assert!(d.contains("tk") && d.contains("session"));
    }
}
