//! `oauthsig verify`: read a request as a server received it (RFC 5849
//! §3.4.1.3.1) with the verification engine (`oauthsig_core::verify`), run
//! its checks that need no server state one by one, and say which one
//! failed; for a signature that does not match, show where the base
//! strings part.
//!
//! The checks are core's; [`checks`] words each outcome for the report and
//! adds the two that are this command's own (the consumer key and token
//! against the credentials given). This file reads the request and the
//! credential (the shared secrets, or `--public-key` for the RSA methods)
//! and writes the report.

pub mod checks;
pub mod profile;

use crate::Outcome;
use crate::cli::VerifyArgs;
use crate::credentials::{Credentials, Sourced};
use crate::diagnose::{self, Held, Implied};
use crate::diff;
use crate::error::Error;
use crate::input::{self, Body};
use crate::keys::{self, KeyFile};
use crate::output::{Explain, KeyKind, KeyShown, Printable, octets};
use crate::sign::{check_url, print_line, request_error};
use checks::{Check, Failed, Passed, fail};
use oauthsig::oauthsig_core::verify::{self, Headers, Incoming};
use oauthsig::oauthsig_core::{self as core, Param, ProtocolParam};
use oauthsig::profile::Profile;
use oauthsig::{RsaPublicKey, SignatureMethod};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

/// A received request, collected over storage of any size.
pub type Received<'a> = verify::Received<'a, Vec<Param<'a>>>;

/// What the request is checked against.
pub struct Given<'a> {
    /// Credentials as given (a consumer key or token given is compared).
    pub creds: &'a Credentials,
    /// The consumer's key.
    pub key: Key<'a>,
    /// `--profile`: the provider's server side and known deviations.
    pub profile: Option<&'a Profile>,
    /// `--now`: the time the timestamp is checked against, when not this
    /// machine's clock.
    pub now: Option<u64>,
}

/// The one credential a consumer has (RFC 5849 §3.4): shared secrets, or
/// an RSA key pair of which the server holds the public key (§3.4.3).
pub enum Key<'a> {
    /// The consumer secret and, when given, the token secret.
    Secrets {
        /// The consumer secret.
        consumer_secret: &'a Sourced,
        /// The token secret, when given.
        token_secret: Option<&'a Sourced>,
    },
    /// `--public-key`.
    PublicKey {
        /// The key.
        key: &'a RsaPublicKey,
        /// Its modulus size in bits.
        bits: usize,
        /// Its file.
        path: &'a Path,
    },
}

/// `oauthsig verify`.
pub fn run(args: &VerifyArgs) -> Result<Outcome, Error> {
    let creds = Credentials::resolve(&args.credentials)?;
    let public = match &args.public_key {
        Some(path) => Some((keys::read_public(path)?, path.as_path())),
        None => None,
    };
    let body = input::read_body(&args.body)?;
    let headers = headers_of(args, body.as_ref())?;
    let method = args
        .method
        .as_deref()
        .unwrap_or(if body.is_some() { "POST" } else { "GET" });
    let bytes = body.as_ref().map_or(&b""[..], |b| &b.bytes);
    let incoming = headers.incoming(method, &args.url, bytes);
    let mut received = match receive(&incoming)? {
        Ok(received) => received,
        Err(failed) => {
            print_report(&[], Some(&failed), "")?;
            return Ok(Outcome::Invalid);
        }
    };
    let public = public.as_ref().map(|(file, path)| (file, *path));
    let mut given = Given::of(&creds, public, &received)?;
    given.profile = args.profile.get();
    given.now = args.now;
    let signature_method = received.signature_method().ok();
    if args.verbose.verbose {
        let key = KeyShown {
            method: signature_method,
            key: given.shown(args.verbose.show_secrets),
        };
        let text = explain(&mut received, key).render();
        let _ = std::io::stderr().write_all(text.as_bytes());
    }
    let mut passed = Vec::new();
    let failed = checks::run(&mut received, &given, &mut passed).err();
    let mismatch = failed.as_ref().is_some_and(|f| f.bad_signature);
    let details = base_strings(
        &mut received,
        signature_method,
        &given,
        args.expected_base_string.as_deref(),
        mismatch,
    );
    print_report(&passed, failed.as_ref(), &details)?;
    Ok(match failed {
        None => Outcome::Success,
        Some(_) => Outcome::Invalid,
    })
}

/// The request collected by the engine, or the verdict on a header that
/// repeats a parameter the engine cannot collect twice (`realm`, or a name
/// that is not `oauth_*`): well-formed, but against §3.1.
pub fn receive<'a>(incoming: &Incoming<'a>) -> Result<Result<Received<'a>, Failed>, Error> {
    let (method, url) = (incoming.method(), incoming.url());
    check_url(method, url)?;
    let slots = |n| vec![Param::EMPTY; n];
    let received = match verify::receive_in(slots(verify::CAPACITY), incoming) {
        Err(core::Error::TooManyParameters { needed }) => {
            verify::receive_in(slots(needed), incoming)
        }
        other => other,
    };
    match received {
        Ok(received) => Ok(Ok(received)),
        Err(core::Error::DuplicateHeaderParameter { offset }) => Ok(Err(fail(
            Check::Parameters,
            format!("the Authorization header has a parameter twice (byte {offset})"),
        ))),
        Err(e) => Err(request_error(method, url, e)),
    }
}

impl<'a> Given<'a> {
    /// `--public-key` when given (then no secret is read); else the
    /// consumer secret, and the token secret when the request carries
    /// `oauth_token` (else whatever was given, for the token check).
    ///
    /// Without either, an RSA request asks for the public key. Secrets are
    /// taken for an RSA request too, which the signature check then fails
    /// as the wrong kind of credential (so no token secret is required).
    fn of(
        creds: &'a Credentials,
        public: Option<(&'a KeyFile<RsaPublicKey>, &'a Path)>,
        received: &Received<'_>,
    ) -> Result<Self, Error> {
        if let Some((file, path)) = public {
            let key = Key::PublicKey {
                key: &file.key,
                bits: file.bits,
                path,
            };
            return Ok(Given {
                creds,
                key,
                profile: None,
                now: None,
            });
        }
        let rsa = received.signature_method().ok().filter(|m| m.is_rsa());
        let consumer_secret = match (&creds.consumer_secret, rsa) {
            (Some(secret), _) => secret,
            (None, Some(method)) => {
                return Err(Error::new(format!(
                    "the request is signed with {method}: give the consumer's RSA public key \
                     with --public-key FILE"
                )));
            }
            (None, None) => creds.require_consumer_secret()?,
        };
        let token_secret = match received.get(ProtocolParam::Token) {
            Some(token) if rsa.is_none() => Some(creds.require_token_secret().map_err(|e| {
                Error::new(format!(
                    "the request carries oauth_token \"{}\"; {e}",
                    Printable(octets(&token))
                ))
            })?),
            _ => creds.token_secret.as_ref(),
        };
        let key = Key::Secrets {
            consumer_secret,
            token_secret,
        };
        Ok(Given {
            creds,
            key,
            profile: None,
            now: None,
        })
    }

    /// The time the timestamp is checked against (`--now`, else this
    /// machine's clock, `None` when unreadable), and its name in the report.
    pub fn clock(&self) -> (Option<u64>, &'static str) {
        match self.now {
            Some(now) => (Some(now), "the --now time"),
            None => (oauthsig::generate_timestamp().ok(), "this machine's clock"),
        }
    }

    /// The token secret given, if any (none with a public key).
    pub fn token_secret(&self) -> Option<&'a Sourced> {
        match self.key {
            Key::Secrets { token_secret, .. } => token_secret,
            Key::PublicKey { .. } => None,
        }
    }

    /// The key as `--verbose` shows it.
    fn shown(&self, show_secrets: bool) -> KeyKind<'a> {
        match self.key {
            Key::Secrets {
                consumer_secret,
                token_secret,
            } => KeyKind::Secrets {
                consumer_secret,
                token_secret,
                show_secrets,
            },
            Key::PublicKey { bits, path, .. } => KeyKind::Rsa {
                public: true,
                bits,
                flag: "--public-key",
                path,
            },
        }
    }

    /// The key as the diagnosis tries it.
    fn held(&self) -> Held<'a> {
        match self.key {
            Key::Secrets {
                consumer_secret,
                token_secret,
            } => Held::Secrets(diagnose::Secrets {
                consumer: &consumer_secret.value,
                token: token_secret.map(|s| s.value.as_str()),
            }),
            Key::PublicKey { key, .. } => Held::PublicKey(key),
        }
    }
}

/// `-H` headers and `--authorization`, and the body's content type unless
/// a `Content-Type` header was given (as curl does).
fn headers_of(args: &VerifyArgs, body: Option<&Body>) -> Result<Headers<String>, Error> {
    let mut headers = Headers::default();
    let mut insert = |name: &str, value: &str| {
        headers
            .insert(name, value)
            .map_err(|r| Error::new(format!("request has more than one {} header", r.name)))
    };
    for header in &args.headers {
        let Some((name, value)) = header.split_once(':') else {
            return Err(Error::new(format!(
                "-H \"{}\": expected 'Name: value'",
                Printable(header)
            )));
        };
        insert(name.trim(), value.trim())?;
    }
    if let Some(value) = &args.authorization {
        // Accept the whole line `oauthsig sign` prints, too.
        let value = value.trim();
        let value = match value.split_once(':') {
            Some((name, rest)) if name.trim().eq_ignore_ascii_case("authorization") => rest.trim(),
            _ => value,
        };
        insert("Authorization", value)?;
    }
    if let (Some(body), None) = (body, &headers.content_type) {
        headers.content_type = Some(body.content_type.clone());
    }
    Ok(headers)
}

/// The `--verbose` explanation of a received request: its parameters in
/// order of collection (query, form body, header), then the engine's base
/// string of it.
pub fn explain<'s>(received: &'s mut Received<'_>, key: KeyShown<'s>) -> Explain<'s> {
    // Taken before the base string sorts them.
    let parameters = received.parameters().to_vec();
    let signature = received.get(ProtocolParam::Signature).map(|s| octets(&s));
    let uri = received.uri().to_string();
    let base_string = received.base_string();
    Explain {
        parameters,
        normalized: base_string.normalized().to_string(),
        uri,
        base_string: base_string.to_string(),
        key,
        signature,
    }
}

/// The base strings section: for a signature that does not match, the
/// mistake that explains it and the base string it implies; with
/// `--expected-base-string`, that one too (whatever the outcome: a request
/// valid here can still differ from what the provider computes); each
/// diffed against ours.
fn base_strings(
    received: &mut Received<'_>,
    method: Option<SignatureMethod>,
    given: &Given<'_>,
    expected: Option<&str>,
    mismatch: bool,
) -> String {
    let mut out = String::new();
    if !mismatch && expected.is_none() {
        return out;
    }
    let presented = received
        .get(ProtocolParam::Signature)
        .map(|s| octets(&s))
        .unwrap_or_default();
    let held = given.held();
    let implied = method
        .filter(|_| mismatch)
        .and_then(|m| diagnose::implied(received, m, &held, given.profile, &presented));
    // Whether the presented signature was computed over the expected base
    // string: then that string, not a guessed mistake, explains the failure.
    let expected_signed = mismatch
        && expected
            .zip(method)
            .is_some_and(|(e, m)| diagnose::signs(e, m, &held, &presented));
    if mismatch {
        out.push_str(&diagnosis(implied.as_ref(), expected_signed, given));
        if method == Some(SignatureMethod::Plaintext) {
            // The signature is the key itself (§3.4.4): no base string to compare.
            return out;
        }
    }
    let ours = received.base_string().to_string();
    out.push_str(&comparison(
        &ours,
        implied.as_ref(),
        expected,
        expected_signed,
    ));
    out
}

/// The line under a failed signature: which mistake reproduces it, or that
/// none does.
fn diagnosis(implied: Option<&Implied>, expected_signed: bool, given: &Given<'_>) -> String {
    const URI_AND_PARAMETERS: &str = "scheme, port, query or trailing slash in the URI, body \
         or query parameters left out, oauth_version, + for spaces, a signed realm, a \
         double-encoded callback, a body signed as form, method, the servers' deviations: \
         natural or pre-encoding sort order";
    match (implied, &given.key) {
        (Some(Implied { mistake, .. }), _) => {
            format!("      the presented signature was made with {mistake}\n")
        }
        (None, _) if expected_signed => "      the presented signature was made over the \
             expected base string, so the request differs from what was signed\n"
            .to_owned(),
        (
            None,
            Key::Secrets {
                consumer_secret,
                token_secret,
            },
        ) => format!(
            "      no usual mistake reproduces it ({URI_AND_PARAMETERS}, token secret left \
             out, swapped or joined without &, the consumer secret alone): check the \
             secrets (consumer secret from {}{})\n",
            consumer_secret.origin,
            token_secret
                .map(|t| format!(", token secret from {}", t.origin))
                .unwrap_or_default()
        ),
        (None, Key::PublicKey { path, .. }) => format!(
            "      no usual mistake reproduces it ({URI_AND_PARAMETERS}): check that the \
             request was signed with the private key of --public-key {}\n",
            path.display()
        ),
    }
}

/// Our base string, the implied and expected ones, and where each differs
/// from ours.
fn comparison(
    ours: &str,
    implied: Option<&Implied>,
    expected: Option<&str>,
    expected_signed: bool,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "base string, ours (the request as received):\n  {ours}"
    );
    let mut others: Vec<(&str, &str)> = Vec::new();
    if let Some(implied) = implied.filter(|i| i.base_string != ours) {
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
        if let Some(diff) = diff::render("ours", ours, label, other) {
            let _ = write!(out, "first difference, ours against {label}:\n{diff}");
        }
    }
    out
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
        // With --profile the window was checked against this machine's clock.
        None if passed.iter().any(|p| p.check == Check::Window) => {
            out.push_str("skip  replay: nonce replay needs the server's nonce store\n");
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
