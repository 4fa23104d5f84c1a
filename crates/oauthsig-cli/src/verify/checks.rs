//! The report's checks, in order up to the first failure: each one calls
//! the verification engine's check (`oauthsig_core::verify::Received`) and
//! words its outcome, naming the parameter, its value and where it was.
//! No rule of RFC 5849 is decided here.
//!
//! Two checks are this command's own, since only a debugging tool has a
//! consumer key and token to compare with; and the timestamp is reported
//! with its distance from this machine's clock, a common cause of a 401,
//! while whether that is too far is a server's window (§3.3).

use super::{Given, Key, Received};
use crate::credentials::{Credentials, Sourced};
use crate::output::{Printable, octets};
use oauthsig::oauthsig_core::body::{BodyHashMatch, body_hash_accepted};
use oauthsig::oauthsig_core::verify::Rejection;
use oauthsig::oauthsig_core::{BodyHash, ProtocolParam, Source};
use oauthsig::{SignatureMethod, SigningKey};

/// The checks, in the order they run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// Each protocol parameter appears once (§3.1): `check_once`.
    Parameters,
    /// The protocol parameters come from one location (§3.5):
    /// `check_one_location`.
    Location,
    /// `oauth_signature_method` is present and known: `signature_method`.
    SignatureMethod,
    /// With `--profile`: the method is one the provider accepts
    /// (`check_method_allowed`).
    MethodAccepted,
    /// The required protocol parameters are present (§3.1, §3.3):
    /// `check_required`.
    Required,
    /// `oauth_version`, when present, is `1.0` (§3.1): `check_version`.
    Version,
    /// `oauth_timestamp`, when present, is a positive integer (§3.3):
    /// `timestamp`.
    Timestamp,
    /// With `--profile`: the timestamp is within the provider's window of
    /// this machine's clock (`check_timestamp_window`).
    Window,
    /// With `--profile`: the nonce has a length the provider accepts
    /// (`check_nonce`).
    Nonce,
    /// `oauth_consumer_key` is the one of the given credentials.
    ConsumerKey,
    /// `oauth_token` agrees with the given credentials.
    Token,
    /// `oauth_body_hash` matches the body: `check_body_hash`.
    BodyHash,
    /// `oauth_signature` matches (§3.4), in constant time: `check_signature`.
    Signature,
}

impl Check {
    /// The name the report uses.
    pub fn name(self) -> &'static str {
        match self {
            Check::Parameters => "parameters",
            Check::Location => "location",
            Check::SignatureMethod => "signature method",
            Check::MethodAccepted => "accepted method",
            Check::Window => "timestamp window",
            Check::Nonce => "nonce",
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
    /// The signature check ran with a credential that fits the method and
    /// the signature does not match (`Rejection::BadSignature`): only then
    /// is a base string to be diagnosed.
    pub bad_signature: bool,
}

/// A pass of `check`, with what it found.
pub fn ok(check: Check, detail: impl Into<String>) -> Passed {
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
        bad_signature: false,
    }
}

/// Runs every check in order, recording each that passes in `passed`, up to
/// the first failure.
pub fn run(
    r: &mut Received<'_>,
    given: &Given<'_>,
    passed: &mut Vec<Passed>,
) -> Result<(), Failed> {
    passed.push(parameters(r)?);
    passed.push(location(r)?);
    let method = signature_method(r)?;
    passed.push(ok(Check::SignatureMethod, method.as_str()));
    let server = given.profile.map(super::profile::Server::of);
    if let Some(server) = &server {
        passed.push(server.method_accepted(r, method)?);
    }
    passed.push(required(r)?);
    passed.push(version(r)?);
    passed.push(timestamp(r, given)?);
    if let Some(server) = &server {
        passed.extend(server.window(r, given)?);
        passed.push(server.nonce(r)?);
    }
    passed.push(consumer_key(r, given.creds)?);
    passed.push(token(r, given)?);
    passed.push(body_hash(r, method)?);
    passed.push(signature(r, method, given)?);
    Ok(())
}

/// The decoded value of `param`, printable.
pub fn shown(r: &Received<'_>, param: ProtocolParam) -> String {
    r.get(param)
        .map(|v| Printable(octets(&v)).to_string())
        .unwrap_or_default()
}

/// Where a parameter was, in the report's words.
fn location_name(source: Source) -> &'static str {
    match source {
        Source::Header => "Authorization header",
        Source::Body => "form body",
        other => other.as_str(),
    }
}

/// `check_once`; a repetition is reported with its name, count and sources.
fn parameters(r: &Received<'_>) -> Result<Passed, Failed> {
    let kind = match r.check_once() {
        Ok(()) => {
            return Ok(ok(
                Check::Parameters,
                "each protocol parameter appears once",
            ));
        }
        Err(Rejection::DuplicateParameter(kind)) => kind,
        Err(other) => return Err(fail(Check::Parameters, other.to_string())),
    };
    // The first parameter of that kind seen again, as the engine finds it.
    let params = r.parameters();
    let repeated = params.iter().enumerate().find(|&(i, p)| {
        ProtocolParam::classify(&p.name) == Some(kind)
            && params[..i].iter().any(|q| q.name == p.name)
    });
    let Some((_, p)) = repeated else {
        return Err(fail(
            Check::Parameters,
            format!("{kind} appears more than once"),
        ));
    };
    let sources: Vec<&str> = params
        .iter()
        .filter(|q| q.name == p.name)
        .map(|q| q.source.as_str())
        .collect();
    Err(fail(
        Check::Parameters,
        format!(
            "{} appears {} times ({}); RFC 5849 §3.1 allows one",
            Printable(octets(&p.name)),
            sources.len(),
            sources.join(", ")
        ),
    ))
}

/// `check_one_location`: the client sends them in one place (§3.5).
fn location(r: &Received<'_>) -> Result<Passed, Failed> {
    match r.check_one_location() {
        Ok(()) => Ok(ok(
            Check::Location,
            match r.parameters().iter().find(|p| p.is_protocol()) {
                Some(p) => location_name(p.source),
                None => "no protocol parameters",
            },
        )),
        Err(Rejection::MixedLocations { first, second }) => Err(fail(
            Check::Location,
            format!(
                "oauth_ parameters in the {} and the {}; RFC 5849 §3.5 allows one location",
                location_name(first),
                location_name(second)
            ),
        )),
        Err(other) => Err(fail(Check::Location, other.to_string())),
    }
}

/// `signature_method`: the method named, exactly.
fn signature_method(r: &Received<'_>) -> Result<SignatureMethod, Failed> {
    r.signature_method().map_err(|_| {
        if r.get(ProtocolParam::SignatureMethod).is_none() {
            return fail(
                Check::SignatureMethod,
                "oauth_signature_method is missing (no OAuth parameters in the header, query or form body?)",
            );
        }
        let known: Vec<&str> = SignatureMethod::ALL.iter().map(|m| m.as_str()).collect();
        fail(
            Check::SignatureMethod,
            format!(
                "unknown signature method \"{}\" (known: {})",
                shown(r, ProtocolParam::SignatureMethod),
                known.join(", ")
            ),
        )
    })
}

/// `check_required`; the report lists every one missing, and when none is,
/// the ones required (the signature method has its own line above).
fn required(r: &Received<'_>) -> Result<Passed, Failed> {
    let required = r.required();
    if r.check_required().is_ok() {
        let names: Vec<&str> = required
            .iter()
            .filter(|&&p| p != ProtocolParam::SignatureMethod)
            .map(|p| p.as_str())
            .collect();
        return Ok(ok(Check::Required, names.join(", ")));
    }
    let missing: Vec<&str> = required
        .iter()
        .filter(|&&p| r.get(p).is_none())
        .map(|p| p.as_str())
        .collect();
    Err(fail(
        Check::Required,
        format!("missing {} (RFC 5849 §3.1)", missing.join(", ")),
    ))
}

/// `check_version`.
fn version(r: &Received<'_>) -> Result<Passed, Failed> {
    match (r.check_version(), r.get(ProtocolParam::Version)) {
        (Ok(()), None) => Ok(ok(Check::Version, "absent (optional)")),
        (Ok(()), Some(_)) => Ok(ok(Check::Version, shown(r, ProtocolParam::Version))),
        (Err(_), _) => Err(fail(
            Check::Version,
            format!(
                "oauth_version is \"{}\"; only 1.0 is defined (§3.1)",
                shown(r, ProtocolParam::Version)
            ),
        )),
    }
}

/// `timestamp`, with its distance from this machine's clock (or `--now`).
fn timestamp(r: &Received<'_>, given: &Given<'_>) -> Result<Passed, Failed> {
    let ts = shown(r, ProtocolParam::Timestamp);
    let seconds = match r.timestamp() {
        Ok(Some(seconds)) => seconds,
        Ok(None) => return Ok(ok(Check::Timestamp, "absent (PLAINTEXT)")),
        Err(_) => {
            return Err(fail(
                Check::Timestamp,
                format!("oauth_timestamp \"{ts}\" is not a positive integer (§3.3)"),
            ));
        }
    };
    let (now, clock) = given.clock();
    let skew = match now {
        Some(now) if now > seconds => format!("{} s behind {clock}", now - seconds),
        Some(now) if now < seconds => format!("{} s ahead of {clock}", seconds - now),
        Some(_) => format!("{clock} agrees"),
        None => format!("{clock} is unreadable"),
    };
    Ok(ok(
        Check::Timestamp,
        format!("{ts} ({skew}; the window is a server's check)"),
    ))
}

/// `oauth_consumer_key` against the consumer key given, if any.
fn consumer_key(r: &Received<'_>, creds: &Credentials) -> Result<Passed, Failed> {
    let key = r.get(ProtocolParam::ConsumerKey).map(|k| octets(&k));
    let key = key.unwrap_or_default();
    match &creds.consumer_key {
        Some(given) if given.value.as_bytes() != key => Err(fail(
            Check::ConsumerKey,
            format!(
                "the request's oauth_consumer_key is \"{}\", the credentials' (from {}) \"{}\"",
                Printable(&key),
                given.origin,
                Printable(&given.value)
            ),
        )),
        _ => Ok(ok(Check::ConsumerKey, Printable(&key).to_string())),
    }
}

/// `oauth_token` against the token and token secret given, if any.
fn token(r: &Received<'_>, against: &Given<'_>) -> Result<Passed, Failed> {
    let token = r.get(ProtocolParam::Token).map(|t| octets(&t));
    match (token, &against.creds.token) {
        (Some(token), Some(given)) if given.value.as_bytes() != token => Err(fail(
            Check::Token,
            format!(
                "the request's oauth_token is \"{}\", the credentials' (from {}) \"{}\"",
                Printable(&token),
                given.origin,
                Printable(&given.value)
            ),
        )),
        (Some(token), _) => Ok(ok(Check::Token, Printable(&token).to_string())),
        (None, Some(given)) => Err(fail(
            Check::Token,
            format!(
                "the request has no oauth_token, but a token is given (from {})",
                given.origin
            ),
        )),
        // A token secret with no token to go with it: the client forgot oauth_token.
        (None, None) if against.token_secret().is_some() => Err(fail(
            Check::Token,
            "the request has no oauth_token, but a token secret is given",
        )),
        (None, None) => Ok(ok(Check::Token, "none (two-legged request)")),
    }
}

/// `check_body_hash` for the request's method.
fn body_hash(r: &Received<'_>, method: SignatureMethod) -> Result<Passed, Failed> {
    let body = r.incoming().body_bytes();
    let detail = match r.check_body_hash(method) {
        Ok(Some(hash)) => format!(
            "{} matches the body ({} bytes, {})",
            shown(r, ProtocolParam::BodyHash),
            body.len(),
            match hash {
                BodyHashMatch::Sha1 => "SHA-1",
                BodyHashMatch::Sha256 => "SHA-256",
                _ => "another hash",
            }
        ),
        Ok(None) if r.is_form_encoded() => "none (form body: its parameters are signed)".to_owned(),
        Ok(None) if body.is_empty() => "none (no body)".to_owned(),
        Ok(None) => format!(
            "none (the {}-byte body is not covered by the signature)",
            body.len()
        ),
        Err(Rejection::BodyHashOnFormBody) => {
            return Err(fail(
                Check::BodyHash,
                "oauth_body_hash on a form-encoded request, which the body hash extension forbids",
            ));
        }
        Err(_) => return Err(fail(Check::BodyHash, body_hash_mismatch(r, method))),
    };
    Ok(ok(Check::BodyHash, detail))
}

/// What the body hashes to, and whether the presented hash is one the
/// engine takes with another signature method.
fn body_hash_mismatch(r: &Received<'_>, method: SignatureMethod) -> String {
    let body = r.incoming().body_bytes();
    let mut reason = format!(
        "oauth_body_hash is \"{}\", but the body ({} bytes) hashes to \"{}\" (SHA-1) and \"{}\" (SHA-256)",
        shown(r, ProtocolParam::BodyHash),
        body.len(),
        BodyHash::sha1(body),
        BodyHash::sha256(body),
    );
    let presented = r.get(ProtocolParam::BodyHash);
    if let Some(other) = SignatureMethod::ALL.into_iter().find(|&m| {
        m != method
            && presented
                .as_ref()
                .is_some_and(|p| body_hash_accepted(p, body, m).is_some())
    }) {
        reason += &format!("; that hash is accepted with {other}, not {method}");
    }
    reason
}

/// `check_signature` with the credential held: core decides whether its
/// kind fits the method (an RSA method only with the public key, the others
/// only with secrets) and whether the signature matches.
fn signature(
    r: &mut Received<'_>,
    method: SignatureMethod,
    given: &Given<'_>,
) -> Result<Passed, Failed> {
    let outcome = match given.key {
        Key::PublicKey { key, .. } => r.check_signature(key),
        Key::Secrets {
            consumer_secret,
            token_secret,
        } => {
            let key = shared_key(r, method, &consumer_secret.value, token_secret)?;
            r.check_signature(&key)
        }
    };
    match outcome {
        Ok(()) => Ok(ok(Check::Signature, format!("{method} signature matches"))),
        Err(Rejection::BadSignature) => Err(Failed {
            bad_signature: true,
            ..fail(
                Check::Signature,
                format!("oauth_signature does not match ({method})"),
            )
        }),
        Err(Rejection::CredentialMismatch { requested }) => Err(fail(
            Check::Signature,
            credential_mismatch(requested, given),
        )),
        Err(other) => Err(fail(Check::Signature, other.to_string())),
    }
}

/// The secrets as a key for the request's method (§3.4.2), with the token
/// secret only when the request carries a token. An RSA method has no such
/// key (`SigningKey::new` refuses it), so the secrets are prepared for
/// HMAC-SHA1 instead: `check_signature` compares the credential's kind
/// before anything else and rejects it, so the verdict stays core's.
fn shared_key(
    r: &Received<'_>,
    method: SignatureMethod,
    consumer_secret: &str,
    token_secret: Option<&Sourced>,
) -> Result<SigningKey, Failed> {
    let token_secret = match r.get(ProtocolParam::Token) {
        Some(_) => token_secret.map_or("", |s| s.value.as_str()),
        None => "",
    };
    let prepared_for = if method.is_rsa() {
        SignatureMethod::HmacSha1
    } else {
        method
    };
    SigningKey::new(prepared_for, consumer_secret, token_secret)
        .map_err(|e| fail(Check::Signature, e.to_string()))
}

/// `Rejection::CredentialMismatch`, saying which credential the method
/// needs and which one was given.
fn credential_mismatch(requested: SignatureMethod, given: &Given<'_>) -> String {
    match &given.key {
        Key::Secrets {
            consumer_secret, ..
        } => format!(
            "the request is signed with {requested}, which is checked with the consumer's \
             RSA public key, but shared secrets were given (consumer secret from {}); give \
             --public-key FILE",
            consumer_secret.origin
        ),
        Key::PublicKey { path, .. } => format!(
            "the request is signed with {requested}, which is checked with the shared \
             secrets, but an RSA public key was given (--public-key {}); give the consumer \
             secret (and token secret) instead",
            path.display()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oauthsig::oauthsig_core::Param;
    use oauthsig::oauthsig_core::verify::{Incoming, receive_in};

    fn received<'a>(url: &'a str, header: &'a str) -> Received<'a> {
        let incoming = Incoming::new("GET", url).authorization(header);
        receive_in(vec![Param::EMPTY; 16], &incoming).unwrap()
    }

    #[test]
    fn duplicates_name_their_sources() {
        let r = received(
            "http://h.example/?oauth_nonce=a",
            r#"OAuth oauth_nonce="b""#,
        );
        assert_eq!(
            parameters(&r).unwrap_err().reason,
            "oauth_nonce appears 2 times (query, header); RFC 5849 §3.1 allows one"
        );
        let r = received(
            "http://h.example/",
            r#"OAuth oauth_x="1", oauth_nonce="n", oauth_%78="2""#,
        );
        assert_eq!(
            parameters(&r).unwrap_err().reason,
            "oauth_x appears 2 times (header, header); RFC 5849 §3.1 allows one"
        );
        let r = received("http://h.example/?a=1&a=2", "OAuth oauth_nonce=\"n\"");
        assert!(
            parameters(&r).is_ok(),
            "only protocol parameters must be unique"
        );
    }

    #[test]
    fn locations_are_named() {
        let r = received("http://h.example/?oauth_x=1", r#"OAuth oauth_nonce="n""#);
        assert_eq!(
            location(&r).unwrap_err().reason,
            "oauth_ parameters in the query and the Authorization header; \
             RFC 5849 §3.5 allows one location"
        );
        let r = received("http://h.example/?x=1", r#"OAuth oauth_nonce="n""#);
        assert_eq!(location(&r).unwrap().detail, "Authorization header");
    }

    #[test]
    fn plaintext_needs_no_nonce() {
        let plaintext = r#"OAuth oauth_consumer_key="k", oauth_signature_method="PLAINTEXT", oauth_signature="s%26""#;
        let r = received("https://h.example/", plaintext);
        assert_eq!(
            required(&r).unwrap().detail,
            "oauth_consumer_key, oauth_signature"
        );
        let hmac = r#"OAuth oauth_consumer_key="k", oauth_signature_method="HMAC-SHA1", oauth_signature="s""#;
        let r = received("https://h.example/", hmac);
        assert_eq!(
            required(&r).unwrap_err().reason,
            "missing oauth_timestamp, oauth_nonce (RFC 5849 §3.1)"
        );
    }

    #[test]
    fn timestamps_are_the_engine_s() {
        for (ts, good) in [
            ("137131201", true),
            ("0", false),
            ("+5", false),
            ("1e9", false),
            ("", false),
        ] {
            let header = format!("OAuth oauth_timestamp=\"{ts}\"");
            let r = received("http://h.example/", &header);
            assert_eq!(timestamp(&r, &given(None)).is_ok(), good, "{ts:?}");
        }
    }

    /// What a request is checked against: no secret, the clock `now`.
    fn given(now: Option<u64>) -> Given<'static> {
        static NONE: std::sync::LazyLock<crate::credentials::Credentials> =
            std::sync::LazyLock::new(Default::default);
        static SECRET: std::sync::LazyLock<crate::credentials::Sourced> =
            std::sync::LazyLock::new(|| crate::credentials::Sourced {
                value: String::new(),
                origin: crate::credentials::Origin::Flag("--consumer-secret"),
            });
        Given {
            creds: &NONE,
            key: Key::Secrets {
                consumer_secret: &SECRET,
                token_secret: None,
            },
            profile: None,
            now,
        }
    }

    #[test]
    fn the_timestamp_is_measured_from_now_when_given() {
        let r = received("http://h.example/", "OAuth oauth_timestamp=\"1000\"");
        let shown = |now| timestamp(&r, &given(Some(now))).unwrap().detail;
        assert!(
            shown(1600).contains("600 s behind the --now time"),
            "{}",
            shown(1600)
        );
        assert!(
            shown(900).contains("100 s ahead of the --now time"),
            "{}",
            shown(900)
        );
        assert!(
            shown(1000).contains("the --now time agrees"),
            "{}",
            shown(1000)
        );
    }

    #[test]
    fn check_names_are_stable() {
        assert_eq!(Check::BodyHash.name(), "body hash");
        assert_eq!(Check::Signature.name(), "signature");
    }
}
