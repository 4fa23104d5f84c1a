//! `oauthsig verify`: read a request as a server received it (RFC 5849
//! §3.4.1.3.1), run the checks of §3.2 that need no server state, and say
//! which one failed; for a signature that does not match, show where the
//! base strings part.
//!
//! The checks themselves are in [`checks`], the seam where the server-side
//! `Verifier` takes over once it lands in `oauthsig`; this file reads the
//! request and writes the report.

mod checks;

use crate::Outcome;
use crate::cli::VerifyArgs;
use crate::credentials::Credentials;
use crate::diagnose::{self, Implied};
use crate::diff;
use crate::error::Error;
use crate::input::{self, Body};
use crate::output::{Explain, Printable};
use crate::sign::{print_line, request_error};
use checks::{Check, Failed, Passed, Secrets, fail};
use oauthsig::oauthsig_core::Error as CoreError;
use oauthsig::{Request, SignatureMethod};
use std::fmt::Write as _;
use std::io::Write as _;

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
    let token_secret = match request.get("oauth_token") {
        Some(token) => Some(creds.require_token_secret().map_err(|e| {
            Error::new(format!(
                "the request carries oauth_token \"{}\"; {e}",
                Printable(token)
            ))
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
    let failed = checks::run(&request, &secrets, &mut passed).err();
    let mismatch = failed.as_ref().is_some_and(|f| f.check == Check::Signature);
    let details = base_strings(
        &request,
        method,
        &secrets,
        args.expected_base_string.as_deref(),
        mismatch,
    )?;
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

/// The base strings section: for a signature that does not match, the
/// mistake that explains it and the base string it implies; with
/// `--expected-base-string`, that one too (whatever the outcome: a request
/// valid here can still differ from what the provider computes); each
/// diffed against ours.
fn base_strings(
    request: &Request,
    method: Option<SignatureMethod>,
    secrets: &Secrets<'_>,
    expected: Option<&str>,
    mismatch: bool,
) -> Result<String, Error> {
    let mut out = String::new();
    if !mismatch && expected.is_none() {
        return Ok(out);
    }
    let presented = request.signature().unwrap_or("");
    let keys = diagnose::Secrets {
        consumer: &secrets.consumer_secret.value,
        token: secrets.token_secret.map(|s| s.value.as_str()),
    };
    let implied = match method {
        Some(method) if mismatch => diagnose::implied(request, method, &keys, presented),
        _ => None,
    };
    // Whether the presented signature was computed over the expected base
    // string: then that string, not a guessed mistake, explains the failure.
    let expected_signed = mismatch
        && expected
            .zip(method)
            .is_some_and(|(e, m)| diagnose::signs(e, m, &keys, presented));
    if mismatch {
        match &implied {
            Some(Implied { mistake, .. }) => {
                let _ = writeln!(out, "      the presented signature was made with {mistake}");
            }
            None if expected_signed => {
                let _ = writeln!(
                    out,
                    "      the presented signature was made over the expected base string, \
                     so the request differs from what was signed"
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "      no usual mistake reproduces it (scheme, port, query or trailing slash \
                     in the URI, body or query parameters left out, oauth_version, + for spaces, \
                     method, token secret left out or swapped): check the secrets (consumer \
                     secret from {}{})",
                    secrets.consumer_secret.origin,
                    secrets
                        .token_secret
                        .map(|t| format!(", token secret from {}", t.origin))
                        .unwrap_or_default()
                );
            }
        }
        if method == Some(SignatureMethod::Plaintext) {
            // The signature is the key itself (§3.4.4): no base string to compare.
            return Ok(out);
        }
    }
    let ours = request.signature_base_string()?;
    let _ = writeln!(
        out,
        "base string, ours (the request as received):\n  {ours}"
    );
    let mut others: Vec<(&str, &str)> = Vec::new();
    if let Some(implied) = implied.as_ref().filter(|i| i.base_string != ours) {
        let _ = writeln!(
            out,
            "base string, implied (the presented signature matches it):\n  {}",
            implied.base_string
        );
        others.push(("implied", &implied.base_string));
    }
    if let Some(expected) = expected {
        let note = if expected_signed {
            "; the presented signature matches it"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "base string, expected (--expected-base-string{note}):\n  {}",
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

/// Prints the report: one line per check, the failure if any, the base
/// strings section, and a last `result:` line.
fn print_report(passed: &[Passed], failed: Option<&Failed>, details: &str) -> Result<(), Error> {
    let mut out = String::new();
    for p in passed {
        let _ = writeln!(out, "ok    {}: {}", p.check.name(), p.detail);
    }
    match failed {
        Some(f) => {
            let _ = writeln!(out, "FAIL  {}: {}", f.check.name(), f.reason);
        }
        None => {
            let _ = writeln!(
                out,
                "skip  freshness: timestamp window and nonce replay need the server's clock and nonce store"
            );
        }
    }
    out.push_str(details);
    match failed {
        None => out.push_str("result: valid"),
        Some(f) => {
            let _ = write!(out, "result: invalid ({})", f.check.name());
        }
    }
    print_line(&out)
}
