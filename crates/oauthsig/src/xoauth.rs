//! XOAUTH: the SASL initial client response Google's IMAP and SMTP servers
//! accepted before OAuth 2 (`GET <url> oauth_…="…",…`), a signed request
//! written on one line.

use crate::{BodyHashPolicy, Consumer, Error, Request, Token};
use oauthsig_core::{Param, Params, SignatureMethod, Source};
use std::fmt::Write as _;

/// The unsigned request [`build_xoauth_string`] signs: a GET of `url` from
/// [`Request::from_consumer_and_token`], hashing the empty body as
/// python-oauth2 did. Pin its nonce and timestamp to reproduce a string.
///
/// ```
/// use oauthsig::{Consumer, SignatureMethod, Token, xoauth_request, xoauth_string};
/// let consumer = Consumer::new("consumer_token", "consumer_secret");
/// let token = Token::new("user_token", "user_secret");
/// let request = xoauth_request("https://mail.google.com/mail/b/joe@example.com/imap/", &consumer, Some(&token))?
///     .nonce("12345678")
///     .timestamp("1300000000")
///     .sign(SignatureMethod::HmacSha1, &consumer, Some(&token))?;
/// assert!(xoauth_string(&request)?.contains(r#"oauth_signature="W253ko6VVt4Pjra3j5U4DxjsRK4%3D""#));
/// # Ok::<(), oauthsig::Error>(())
/// ```
///
/// # Errors
/// As [`Request::from_consumer_and_token`].
pub fn xoauth_request(
    url: &str,
    consumer: &Consumer,
    token: Option<&Token>,
) -> Result<Request, Error> {
    Ok(
        Request::from_consumer_and_token(consumer, token, "GET", url)?
            .body_hash(BodyHashPolicy::UnlessForm),
    )
}

/// Writes a signed request as an XOAUTH line: method, URL, then every
/// parameter set in code (`oauth_signature` included) as `name="value"`,
/// sorted, comma-separated, values percent-encoded.
///
/// ```
/// use oauthsig::{Consumer, Request, SignatureMethod, xoauth_string};
/// let consumer = Consumer::new("ck", "cs");
/// let request = Request::new("GET", "https://mail.example.com/imap/")?
///     .nonce("n")
///     .sign(SignatureMethod::Plaintext, &consumer, None)?;
/// assert_eq!(xoauth_string(&request)?,
///     r#"GET https://mail.example.com/imap/ oauth_consumer_key="ck",oauth_nonce="n",oauth_signature="cs%26",oauth_signature_method="PLAINTEXT""#);
/// # Ok::<(), oauthsig::Error>(())
/// ```
///
/// # Errors
/// None in practice; the protocol layer's storage errors are passed on.
pub fn xoauth_string(request: &Request) -> Result<String, Error> {
    let own: Vec<Param<'_>> = request
        .parameters()
        .filter(|p| matches!(p.source(), Source::Code | Source::Header))
        .map(|p| p.as_core())
        .collect();
    let mut slots: Vec<Param<'_>> = vec![Param::EMPTY; own.len()];
    let mut list = Params::new(&mut slots[..]);
    for p in own {
        list.push(p)?;
    }
    list.sort();
    let mut out = format!("{} {} ", request.method(), request.url());
    for (i, p) in list.as_slice().iter().enumerate() {
        let comma = if i == 0 { "" } else { "," };
        // Writing into a String cannot fail.
        let _ = write!(out, "{comma}{}=\"{}\"", p.name.encoded(), p.value.encoded());
    }
    Ok(out)
}

/// A signed XOAUTH string for `url` (python-oauth2's `build_xoauth_string`):
/// HMAC-SHA1 over a GET with a fresh nonce and timestamp.
///
/// ```
/// use oauthsig::{Consumer, Token, build_xoauth_string};
/// let consumer = Consumer::new("consumer_token", "consumer_secret");
/// let token = Token::new("user_token", "user_secret");
/// let line = build_xoauth_string("https://mail.google.com/mail/b/joe@example.com/imap/", &consumer, Some(&token))?;
/// assert!(line.starts_with("GET https://mail.google.com/mail/b/joe@example.com/imap/ oauth_body_hash="));
/// # Ok::<(), oauthsig::Error>(())
/// ```
///
/// # Errors
/// As [`xoauth_request`].
pub fn build_xoauth_string(
    url: &str,
    consumer: &Consumer,
    token: Option<&Token>,
) -> Result<String, Error> {
    let request =
        xoauth_request(url, consumer, token)?.sign(SignatureMethod::HmacSha1, consumer, token)?;
    xoauth_string(&request)
}
