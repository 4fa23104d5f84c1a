//! `oauthsig verify`: read a request as a server received it (RFC 5849
//! §3.4.1.3.1), run the checks of §3.2 that need no server state, and say
//! which one failed; for a signature that does not match, show where the
//! base strings part.
//!
//! The checks live in [`checks`], which returns the passed checks and the
//! first failure. It is the one place to hand over to the server-side
//! `Verifier` once it lands in `oauthsig`: map its result to [`Passed`] and
//! [`Failed`] and the report stays as it is.

use crate::Outcome;
use crate::cli::VerifyArgs;
use crate::credentials::{Credentials, Sourced};
use crate::diagnose::{self, Implied};
use crate::diff;
use crate::error::Error;
use crate::input::{self, Body};
use crate::output::{Explain, Printable};
use crate::sign::{print_line, request_error};
use oauthsig::oauthsig_core::{BodyHash, Error as CoreError};
use oauthsig::{Consumer, Request, SignatureMethod, Token};
use std::fmt::Write as _;
use std::io::Write as _;

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
    /// `oauth_timestamp` is a positive integer (§3.3).
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
    fn name(self) -> &'static str {
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
    check: Check,
    detail: String,
}

/// The check that failed, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failed {
    check: Check,
    reason: String,
}

fn ok(check: Check, detail: impl Into<String>) -> Passed {
    Passed {
        check,
        detail: detail.into(),
    }
}

fn fail(check: Check, reason: impl Into<String>) -> Failed {
    Failed {
        check,
        reason: reason.into(),
    }
}

/// What the checks compare the request against.
struct Secrets<'a> {
    creds: &'a Credentials,
    consumer_secret: &'a Sourced,
    token_secret: Option<&'a Sourced>,
}

/// `oauthsig verify`.
pub fn run(args: &VerifyArgs) -> Result<Outcome, Error> {
    let creds = Credentials::resolve(&args.credentials)?;
    let body = input::read_body(&args.body)?;
    let headers = headers(args, body.as_ref())?;
    let method = args
        .method
        .as_deref()
        .unwrap_or(if body.is_some() { "POST" } else { "GET" });
    let bytes = body.as_ref().map_or(&b""[..], |b| &b.bytes);
    let request = match Request::from_request(method, &args.url, headers, bytes, None) {
        Ok(request) => request,
        // Well-formed but against §3.1: a verdict on the request, not bad input.
        Err(oauthsig::Error::Core(CoreError::DuplicateHeaderParameter { offset })) => {
            let failed = fail(
                Check::Parameters,
                format!("the Authorization header has a parameter twice (byte {offset})"),
            );
            print_report(&[], Some(&failed), "")?;
            return Ok(Outcome::Invalid);
        }
        Err(e) => return Err(request_error(method, &args.url, e)),
    };
    let consumer_secret = creds.require_consumer_secret()?;
    let token_secret =
        match request.get("oauth_token") {
            Some(token) => Some(creds.require_token_secret().map_err(|e| {
                Error::new(format!("the request carries oauth_token {token:?}; {e}"))
            })?),
            None => creds.token_secret.as_ref(),
        };
    let secrets = Secrets {
        creds: &creds,
        consumer_secret,
        token_secret,
    };
    let method = request
        .get("oauth_signature_method")
        .and_then(|m| m.parse::<SignatureMethod>().ok());
    if args.verbose.verbose {
        let explain = Explain {
            request: &request,
            method,
            consumer_secret,
            token_secret,
            show_secrets: args.verbose.show_secrets,
        };
        let _ = std::io::stderr().write_all(explain.render()?.as_bytes());
    }
    let mut passed = Vec::new();
    let failed = checks(&request, &secrets, &mut passed).err();
    let details = match (&failed, method) {
        (Some(f), Some(method)) if f.check == Check::Signature => signature_details(
            &request,
            method,
            &secrets,
            args.expected_base_string.as_deref(),
        )?,
        _ => String::new(),
    };
    print_report(&passed, failed.as_ref(), &details)?;
    Ok(match failed {
        None => Outcome::Success,
        Some(_) => Outcome::Invalid,
    })
}

/// The headers of the request: `-H` ones, `--authorization`, and the body's
/// content type unless a `Content-Type` header was given (as curl does).
fn headers(args: &VerifyArgs, body: Option<&Body>) -> Result<Vec<(String, String)>, Error> {
    let mut headers = Vec::new();
    for header in &args.headers {
        let Some((name, value)) = header.split_once(':') else {
            return Err(Error::new(format!(
                "-H {:?}: expected 'Name: value'",
                Printable(header).to_string()
            )));
        };
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    if let Some(value) = &args.authorization {
        // Accept the whole line `oauthsig sign` prints, too.
        let value = value.trim();
        let value = match value.split_once(':') {
            Some((name, rest)) if name.trim().eq_ignore_ascii_case("authorization") => rest.trim(),
            _ => value,
        };
        headers.push(("Authorization".to_owned(), value.to_owned()));
    }
    if let Some(body) = body {
        if !headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        {
            headers.push(("Content-Type".to_owned(), body.content_type.clone()));
        }
    }
    Ok(headers)
}

/// Runs the checks in order, recording each that passes, up to the first
/// failure.
fn checks(
    request: &Request,
    secrets: &Secrets<'_>,
    passed: &mut Vec<Passed>,
) -> Result<(), Failed> {
    let r = request;
    if let Some(problem) = duplicated(r) {
        return Err(fail(Check::Parameters, problem));
    }
    passed.push(ok(
        Check::Parameters,
        "each protocol parameter appears once",
    ));

    let method_name = r.get("oauth_signature_method").ok_or_else(|| {
        fail(
            Check::SignatureMethod,
            "oauth_signature_method is missing (no OAuth parameters in the header, query or form body?)",
        )
    })?;
    let method: SignatureMethod = method_name.parse().map_err(|_| {
        fail(
            Check::SignatureMethod,
            format!(
                "unknown signature method \"{}\" (known: HMAC-SHA1, HMAC-SHA256, PLAINTEXT)",
                Printable(method_name)
            ),
        )
    })?;
    passed.push(ok(Check::SignatureMethod, method.as_str()));

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
    passed.push(ok(Check::Required, required.join(", ")));

    match r.get("oauth_version") {
        None => passed.push(ok(Check::Version, "absent (optional)")),
        Some("1.0") => passed.push(ok(Check::Version, "1.0")),
        Some(v) => {
            return Err(fail(
                Check::Version,
                format!(
                    "oauth_version is \"{}\"; only 1.0 is defined (§3.1)",
                    Printable(v)
                ),
            ));
        }
    }

    match r.get("oauth_timestamp") {
        None => passed.push(ok(Check::Timestamp, "absent (PLAINTEXT)")),
        Some(ts) => {
            let seconds = ts
                .parse::<u64>()
                .ok()
                .filter(|&s| s > 0 && ts.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| {
                    fail(
                        Check::Timestamp,
                        format!(
                            "oauth_timestamp \"{}\" is not a positive integer (§3.3)",
                            Printable(ts)
                        ),
                    )
                })?;
            passed.push(ok(
                Check::Timestamp,
                format!("{ts} ({}; the window is a server's check)", skew(seconds)),
            ));
        }
    }

    let consumer_key = r.get("oauth_consumer_key").unwrap_or("");
    if let Some(given) = &secrets.creds.consumer_key {
        if given.value != consumer_key {
            return Err(fail(
                Check::ConsumerKey,
                format!(
                    "the request's oauth_consumer_key is \"{}\", the credentials' (from {}) \"{}\"",
                    Printable(consumer_key),
                    given.origin,
                    Printable(&given.value)
                ),
            ));
        }
    }
    passed.push(ok(Check::ConsumerKey, Printable(consumer_key).to_string()));

    match (r.get("oauth_token"), &secrets.creds.token) {
        (Some(token), Some(given)) if given.value != token => {
            return Err(fail(
                Check::Token,
                format!(
                    "the request's oauth_token is \"{}\", the credentials' (from {}) \"{}\"",
                    Printable(token),
                    given.origin,
                    Printable(&given.value)
                ),
            ));
        }
        (Some(token), _) => passed.push(ok(Check::Token, Printable(token).to_string())),
        (None, Some(given)) => {
            return Err(fail(
                Check::Token,
                format!(
                    "the request has no oauth_token, but a token is given (from {})",
                    given.origin
                ),
            ));
        }
        (None, None) if secrets.token_secret.is_some() => {
            return Err(fail(
                Check::Token,
                "the request has no oauth_token, but a token secret is given",
            ));
        }
        (None, None) => passed.push(ok(Check::Token, "none (two-legged request)")),
    }

    check_body_hash(r, method, passed)?;

    let consumer = Consumer::new(consumer_key, &secrets.consumer_secret.value);
    let token = r
        .get("oauth_token")
        .zip(secrets.token_secret)
        .map(|(t, s)| Token::new(t, &s.value));
    match r.check_signature(&consumer, token.as_ref()) {
        Ok(true) => passed.push(ok(Check::Signature, format!("{method} signature matches"))),
        Ok(false) => {
            return Err(fail(
                Check::Signature,
                format!("oauth_signature does not match ({method})"),
            ));
        }
        Err(e) => return Err(fail(Check::Signature, e.to_string())),
    }
    Ok(())
}

/// A protocol parameter that appears more than once, wherever (§3.1), as a message.
fn duplicated(r: &Request) -> Option<String> {
    let params = r.parameters();
    params.iter().enumerate().find_map(|(i, p)| {
        if !p.is_protocol() || params[..i].iter().any(|q| q.name() == p.name()) {
            return None;
        }
        let sources: Vec<&str> = params
            .iter()
            .filter(|q| q.name() == p.name())
            .map(|q| q.source().as_str())
            .collect();
        (sources.len() > 1).then(|| {
            format!(
                "{} appears {} times ({}); RFC 5849 §3.1 allows one",
                p.name(),
                sources.len(),
                sources.join(", ")
            )
        })
    })
}

/// How far `timestamp` is from this machine's clock, in words.
fn skew(timestamp: u64) -> String {
    match oauthsig::generate_timestamp() {
        Ok(now) if now > timestamp => format!("{} s behind this machine's clock", now - timestamp),
        Ok(now) if now < timestamp => {
            format!("{} s ahead of this machine's clock", timestamp - now)
        }
        Ok(_) => "this machine's clock agrees".to_owned(),
        Err(_) => "this machine's clock is unreadable".to_owned(),
    }
}

/// `oauth_body_hash`: never on a form-encoded request, else the body's hash.
fn check_body_hash(
    r: &Request,
    method: SignatureMethod,
    passed: &mut Vec<Passed>,
) -> Result<(), Failed> {
    let presented = r.get("oauth_body_hash");
    let body = r.body_bytes();
    let detail = match (presented, r.is_form_encoded()) {
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
    passed.push(ok(Check::BodyHash, detail));
    Ok(())
}

/// For a signature that does not match: our base string, the one the
/// signature was computed over (when a usual mistake explains it), the
/// expected one, and where each departs from ours.
fn signature_details(
    request: &Request,
    method: SignatureMethod,
    secrets: &Secrets<'_>,
    expected: Option<&str>,
) -> Result<String, Error> {
    let presented = request.signature().unwrap_or("");
    let keys = diagnose::Secrets {
        consumer: &secrets.consumer_secret.value,
        token: secrets.token_secret.map(|s| s.value.as_str()),
    };
    let ours = request.signature_base_string()?;
    let implied = diagnose::implied(request, method, &keys, presented);
    let mut out = String::new();
    match &implied {
        Some(Implied { mistake, .. }) => {
            let _ = writeln!(out, "      the presented signature was made with {mistake}");
        }
        None => {
            let _ = writeln!(
                out,
                "      no usual mistake reproduces it (scheme, port, query or trailing slash in the URI, \
                 body or query parameters left out, oauth_version, + for spaces, method, token \
                 secret left out or swapped): check the secrets (consumer secret from {}{})",
                secrets.consumer_secret.origin,
                secrets
                    .token_secret
                    .map(|t| format!(", token secret from {}", t.origin))
                    .unwrap_or_default()
            );
        }
    }
    if method == SignatureMethod::Plaintext {
        // The signature is the key itself (§3.4.4): no base string to compare.
        return Ok(out);
    }
    let _ = writeln!(
        out,
        "base string, ours (the request as received):\n  {ours}"
    );
    let mut others: Vec<(&str, &str)> = Vec::new();
    if let Some(implied) = &implied {
        if implied.base_string != ours {
            let _ = writeln!(
                out,
                "base string, implied (the presented signature matches it):\n  {}",
                implied.base_string
            );
            others.push(("implied", &implied.base_string));
        }
    }
    if let Some(expected) = expected {
        let matches = diagnose::signs(expected, method, &keys, presented);
        let _ = writeln!(
            out,
            "base string, expected (--expected-base-string{}):\n  {}",
            if matches {
                "; the presented signature matches it"
            } else {
                ""
            },
            Printable(expected)
        );
        if expected == ours {
            let _ = writeln!(out, "expected and ours are identical");
        } else {
            others.push(("expected", expected));
        }
    }
    for (label, other) in others {
        if let Some(diff) = diff::render("ours", &ours, label, other) {
            let _ = write!(out, "first difference, ours against {label}:\n{diff}");
        }
    }
    Ok(out)
}

/// Prints the report: one line per check, the failure's details, and a
/// last `result:` line.
fn print_report(passed: &[Passed], failed: Option<&Failed>, details: &str) -> Result<(), Error> {
    let mut out = String::new();
    for p in passed {
        let _ = writeln!(out, "ok    {}: {}", p.check.name(), p.detail);
    }
    if let Some(f) = failed {
        let _ = writeln!(out, "FAIL  {}: {}", f.check.name(), f.reason);
        out.push_str(details);
    } else {
        let _ = writeln!(
            out,
            "skip  freshness: timestamp window and nonce replay need the server's clock and nonce store"
        );
    }
    match failed {
        None => out.push_str("result: valid"),
        Some(f) => {
            let _ = write!(out, "result: invalid ({})", f.check.name());
        }
    }
    print_line(&out)
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
            duplicated(&r).unwrap(),
            "oauth_nonce appears 2 times (query, header); RFC 5849 §3.1 allows one"
        );
        let r = Request::new("GET", "http://h.example/?a=1&a=2").unwrap();
        assert_eq!(
            duplicated(&r),
            None,
            "only protocol parameters must be unique"
        );
    }

    #[test]
    fn check_names_are_stable() {
        assert_eq!(Check::BodyHash.name(), "body hash");
        assert_eq!(Check::Signature.name(), "signature");
    }
}
