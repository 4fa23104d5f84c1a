//! The checks of a received request that need no server state (RFC 5849
//! §3.2 less timestamp window and nonce replay), one function each, run in
//! order up to the first failure.
//!
//! [`run`] is the seam for the server-side `Verifier`: once it lands in
//! `oauthsig`, `run` calls it and maps its outcome to [`Passed`] and
//! [`Failed`]; the report built from them stays as it is.

use crate::credentials::{Credentials, Sourced};
use crate::output::Printable;
use oauthsig::oauthsig_core::BodyHash;
use oauthsig::{Consumer, Request, SignatureMethod, Token};

/// The checks, in the order they run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// Each protocol parameter appears once (§3.1).
    Parameters,
    /// `oauth_signature_method` is present and known.
    SignatureMethod,
    /// The required protocol parameters are present (§3.1, §3.3).
    Required,
    /// `oauth_version`, when present, is `1.0` (§3.1).
    Version,
    /// `oauth_timestamp`, when present, is a positive integer (§3.3).
    Timestamp,
    /// `oauth_consumer_key` is the one of the given credentials.
    ConsumerKey,
    /// `oauth_token` agrees with the given credentials.
    Token,
    /// `oauth_body_hash` matches the body (OAuth Request Body Hash).
    BodyHash,
    /// `oauth_signature` matches (§3.4).
    Signature,
}

impl Check {
    /// The name the report uses.
    pub fn name(self) -> &'static str {
        match self {
            Check::Parameters => "parameters",
            Check::SignatureMethod => "signature method",
            Check::Required => "required parameters",
            Check::Version => "version",
            Check::Timestamp => "timestamp",
            Check::ConsumerKey => "consumer key",
            Check::Token => "token",
            Check::BodyHash => "body hash",
            Check::Signature => "signature",
        }
    }
}

/// A check that passed, with what it found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Passed {
    /// Which check.
    pub check: Check,
    /// What it found, for the report.
    pub detail: String,
}

/// The check that failed, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failed {
    /// Which check.
    pub check: Check,
    /// Why, for the report.
    pub reason: String,
}

fn ok(check: Check, detail: impl Into<String>) -> Passed {
    Passed {
        check,
        detail: detail.into(),
    }
}

/// A failure of `check`, for `?` in the check functions.
pub fn fail(check: Check, reason: impl Into<String>) -> Failed {
    Failed {
        check,
        reason: reason.into(),
    }
}

/// What the request is checked against.
pub struct Secrets<'a> {
    /// Credentials as given (a consumer key or token given is compared).
    pub creds: &'a Credentials,
    /// The consumer secret.
    pub consumer_secret: &'a Sourced,
    /// The token secret, when given.
    pub token_secret: Option<&'a Sourced>,
}

/// Runs every check in order, recording each that passes in `passed`, up to
/// the first failure.
pub fn run(r: &Request, secrets: &Secrets<'_>, passed: &mut Vec<Passed>) -> Result<(), Failed> {
    passed.push(parameters(r)?);
    let method = signature_method(r)?;
    passed.push(ok(Check::SignatureMethod, method.as_str()));
    passed.push(required(r, method)?);
    passed.push(version(r)?);
    passed.push(timestamp(r)?);
    passed.push(consumer_key(r, secrets.creds)?);
    passed.push(token(r, secrets)?);
    passed.push(body_hash(r, method)?);
    passed.push(signature(r, method, secrets)?);
    Ok(())
}

/// §3.1: a protocol parameter appears once, whichever its location.
fn parameters(r: &Request) -> Result<Passed, Failed> {
    let params = r.parameters();
    for (i, p) in params.iter().enumerate() {
        if !p.is_protocol() || params[..i].iter().any(|q| q.name() == p.name()) {
            continue;
        }
        let sources: Vec<&str> = params
            .iter()
            .filter(|q| q.name() == p.name())
            .map(|q| q.source().as_str())
            .collect();
        if sources.len() > 1 {
            return Err(fail(
                Check::Parameters,
                format!(
                    "{} appears {} times ({}); RFC 5849 §3.1 allows one",
                    p.name(),
                    sources.len(),
                    sources.join(", ")
                ),
            ));
        }
    }
    Ok(ok(
        Check::Parameters,
        "each protocol parameter appears once",
    ))
}

fn signature_method(r: &Request) -> Result<SignatureMethod, Failed> {
    let name = r.get("oauth_signature_method").ok_or_else(|| {
        fail(
            Check::SignatureMethod,
            "oauth_signature_method is missing (no OAuth parameters in the header, query or form body?)",
        )
    })?;
    name.parse().map_err(|_| {
        fail(
            Check::SignatureMethod,
            format!(
                "unknown signature method \"{}\" (known: HMAC-SHA1, HMAC-SHA256, PLAINTEXT)",
                Printable(name)
            ),
        )
    })
}

/// §3.1, and §3.3 for the nonce and timestamp PLAINTEXT may omit.
fn required(r: &Request, method: SignatureMethod) -> Result<Passed, Failed> {
    let mut required = vec!["oauth_consumer_key", "oauth_signature"];
    if method.uses_nonce() {
        required.extend(["oauth_timestamp", "oauth_nonce"]);
    }
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|n| r.get(n).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(fail(
            Check::Required,
            format!("missing {} (RFC 5849 §3.1)", missing.join(", ")),
        ));
    }
    Ok(ok(Check::Required, required.join(", ")))
}

fn version(r: &Request) -> Result<Passed, Failed> {
    match r.get("oauth_version") {
        None => Ok(ok(Check::Version, "absent (optional)")),
        Some("1.0") => Ok(ok(Check::Version, "1.0")),
        Some(v) => Err(fail(
            Check::Version,
            format!(
                "oauth_version is \"{}\"; only 1.0 is defined (§3.1)",
                Printable(v)
            ),
        )),
    }
}

/// §3.3: a positive integer of seconds. How far it is from this machine's
/// clock is reported, since clock skew is a common cause of a 401; whether
/// that is too far is the server's call.
fn timestamp(r: &Request) -> Result<Passed, Failed> {
    let Some(ts) = r.get("oauth_timestamp") else {
        return Ok(ok(Check::Timestamp, "absent (PLAINTEXT)"));
    };
    let seconds = Some(ts)
        .filter(|t| t.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|t| t.parse::<u64>().ok())
        .filter(|&s| s > 0)
        .ok_or_else(|| {
            fail(
                Check::Timestamp,
                format!(
                    "oauth_timestamp \"{}\" is not a positive integer (§3.3)",
                    Printable(ts)
                ),
            )
        })?;
    let skew = match oauthsig::generate_timestamp() {
        Ok(now) if now > seconds => format!("{} s behind this machine's clock", now - seconds),
        Ok(now) if now < seconds => format!("{} s ahead of this machine's clock", seconds - now),
        Ok(_) => "this machine's clock agrees".to_owned(),
        Err(_) => "this machine's clock is unreadable".to_owned(),
    };
    Ok(ok(
        Check::Timestamp,
        format!("{ts} ({skew}; the window is a server's check)"),
    ))
}

fn consumer_key(r: &Request, creds: &Credentials) -> Result<Passed, Failed> {
    let key = r.get("oauth_consumer_key").unwrap_or("");
    match &creds.consumer_key {
        Some(given) if given.value != key => Err(fail(
            Check::ConsumerKey,
            format!(
                "the request's oauth_consumer_key is \"{}\", the credentials' (from {}) \"{}\"",
                Printable(key),
                given.origin,
                Printable(&given.value)
            ),
        )),
        _ => Ok(ok(Check::ConsumerKey, Printable(key).to_string())),
    }
}

fn token(r: &Request, secrets: &Secrets<'_>) -> Result<Passed, Failed> {
    match (r.get("oauth_token"), &secrets.creds.token) {
        (Some(token), Some(given)) if given.value != token => Err(fail(
            Check::Token,
            format!(
                "the request's oauth_token is \"{}\", the credentials' (from {}) \"{}\"",
                Printable(token),
                given.origin,
                Printable(&given.value)
            ),
        )),
        (Some(token), _) => Ok(ok(Check::Token, Printable(token).to_string())),
        (None, Some(given)) => Err(fail(
            Check::Token,
            format!(
                "the request has no oauth_token, but a token is given (from {})",
                given.origin
            ),
        )),
        // A token secret with no token to go with it: the client forgot oauth_token.
        (None, None) if secrets.token_secret.is_some() => Err(fail(
            Check::Token,
            "the request has no oauth_token, but a token secret is given",
        )),
        (None, None) => Ok(ok(Check::Token, "none (two-legged request)")),
    }
}

/// The body hash extension: never on a form-encoded request, else the
/// hash of the body octets.
fn body_hash(r: &Request, method: SignatureMethod) -> Result<Passed, Failed> {
    let body = r.body_bytes();
    let detail = match (r.get("oauth_body_hash"), r.is_form_encoded()) {
        (Some(_), true) => {
            return Err(fail(
                Check::BodyHash,
                "oauth_body_hash on a form-encoded request, which the body hash extension forbids",
            ));
        }
        (Some(presented), false) => {
            let actual = BodyHash::of(method, body);
            if actual.as_str() != presented {
                return Err(fail(
                    Check::BodyHash,
                    format!(
                        "oauth_body_hash is \"{}\", but the body ({} bytes) hashes to \"{}\"",
                        Printable(presented),
                        body.len(),
                        actual.as_str()
                    ),
                ));
            }
            format!("{presented} matches the body ({} bytes)", body.len())
        }
        (None, true) => "none (form body: its parameters are signed)".to_owned(),
        (None, false) if body.is_empty() => "none (no body)".to_owned(),
        (None, false) => format!(
            "none (the {}-byte body is not covered by the signature)",
            body.len()
        ),
    };
    Ok(ok(Check::BodyHash, detail))
}

/// §3.4, in constant time (the library's check).
fn signature(
    r: &Request,
    method: SignatureMethod,
    secrets: &Secrets<'_>,
) -> Result<Passed, Failed> {
    let consumer = Consumer::new(
        r.get("oauth_consumer_key").unwrap_or(""),
        &secrets.consumer_secret.value,
    );
    let token = r
        .get("oauth_token")
        .zip(secrets.token_secret)
        .map(|(t, s)| Token::new(t, &s.value));
    match r.check_signature(&consumer, token.as_ref()) {
        Ok(true) => Ok(ok(Check::Signature, format!("{method} signature matches"))),
        Ok(false) => Err(fail(
            Check::Signature,
            format!("oauth_signature does not match ({method})"),
        )),
        Err(e) => Err(fail(Check::Signature, e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_name_their_sources() {
        let r = Request::from_request(
            "GET",
            "http://h.example/?oauth_nonce=a",
            [("Authorization", r#"OAuth oauth_nonce="b""#)],
            b"",
            None,
        )
        .unwrap();
        assert_eq!(
            parameters(&r).unwrap_err().reason,
            "oauth_nonce appears 2 times (query, header); RFC 5849 §3.1 allows one"
        );
        let r = Request::new("GET", "http://h.example/?a=1&a=2").unwrap();
        assert!(
            parameters(&r).is_ok(),
            "only protocol parameters must be unique"
        );
    }

    #[test]
    fn timestamps_are_positive_integers() {
        for (ts, good) in [
            ("137131201", true),
            ("0", false),
            ("+5", false),
            ("1e9", false),
            ("", false),
        ] {
            let r = Request::new("GET", "http://h.example/")
                .unwrap()
                .timestamp(ts);
            assert_eq!(timestamp(&r).is_ok(), good, "{ts:?}");
        }
    }

    #[test]
    fn plaintext_needs_no_nonce() {
        let r = Request::new("GET", "http://h.example/")
            .unwrap()
            .param("oauth_consumer_key", "k")
            .param("oauth_signature", "s&");
        assert!(required(&r, SignatureMethod::Plaintext).is_ok());
        assert_eq!(
            required(&r, SignatureMethod::HmacSha1).unwrap_err().reason,
            "missing oauth_timestamp, oauth_nonce (RFC 5849 §3.1)"
        );
    }

    #[test]
    fn check_names_are_stable() {
        assert_eq!(Check::BodyHash.name(), "body hash");
        assert_eq!(Check::Signature.name(), "signature");
    }
}
