//! `oauthsig sign` and `oauthsig base-string`: the request the options
//! describe, handed to the signing engine (`oauthsig_core::sign`), which
//! signs it (RFC 5849 §3.4) and writes it the way it is to be sent (§3.5:
//! header, query or form body); this module adds the curl command and the
//! `--verbose` explanation.
//!
//! Everything the protocol decides is the engine's: which parameters are
//! signed, their order, `oauth_signature_method`, `oauth_body_hash` (SHA-1
//! of a body that is not form-encoded, whatever the signature method) and
//! the order the header lists them in (that of RFC 5849's examples). This
//! module only picks the key the method needs: the shared secrets, or for
//! RSA-SHA1/256/512 the `--private-key` file ([`crate::keys`]).

use crate::Outcome;
use crate::cli::{PrivateKeyArgs, RequestArgs, SignArgs};
use crate::credentials::Credentials;
use crate::error::Error;
use crate::input::{self, Body, Origin};
use crate::keys;
use crate::output::{Explain, KeyKind, KeyShown, Printable, shell_quote};
use oauthsig::oauthsig_core::body::BodyHash;
use oauthsig::oauthsig_core::params::{pairs, query_of};
use oauthsig::oauthsig_core::sign::{self, HttpRequest, Placement, Prepared, Signed};
use oauthsig::oauthsig_core::{self as core, BaseStringUri, Param, Part, Protocol, Source};
use oauthsig::profile::Placement as ProfilePlacement;
use oauthsig::{AUTHORIZATION, FORM_CONTENT_TYPE, SignatureMethod, SigningKey};
use std::io::Write as _;

/// A request collected for signing, over storage of any size.
type Collected<'a> = Prepared<'a, Vec<Param<'a>>>;

/// The values the command makes when the options do not pin them.
struct Fresh {
    timestamp: String,
    nonce: String,
}

impl Fresh {
    /// `--timestamp` and `--nonce`, else the clock and a CSPRNG nonce (of
    /// the profile's length).
    fn of(args: &RequestArgs) -> Result<Self, Error> {
        Ok(Fresh {
            timestamp: match &args.timestamp {
                Some(t) => t.clone(),
                None => oauthsig::make_timestamp()?,
            },
            nonce: match &args.nonce {
                Some(n) => n.clone(),
                None => args.profile.nonce()?,
            },
        })
    }
}

/// `oauthsig sign`.
pub fn run_sign(args: &SignArgs) -> Result<Outcome, Error> {
    let r = &args.request;
    let method = r.profile.method(r.signature_method);
    let creds = Credentials::resolve(&r.credentials)?;
    let signer = Signer::of(method, &creds, &args.key, args.verbose.show_secrets)?;
    let consumer_key = &creds.require_consumer_key()?.value;
    let body = input::read_body(&r.body)?;
    let fresh = Fresh::of(r)?;
    let extras = extras(r);
    let protocol = protocol(r, consumer_key, signer.token, &fresh, &extras);
    let mut hash = None;
    let request = transport(args, method, http_request(r, body.as_ref(), &mut hash)?);
    let signed = prepare(r, &request, &protocol, body.as_ref())?
        .sign(&signer.key)
        .map_err(|e| match e {
            core::Error::PlaintextOverHttp => {
                Error::new(format!("{e}; --allow-plaintext-over-http signs it anyway"))
            }
            e => e.into(),
        })?;
    if args.verbose.verbose {
        let key = KeyShown {
            method: Some(method),
            key: signer.shown,
        };
        let text = explain(&request, &signed, key)?.render();
        // Diagnostics go to stderr so `curl -H "$(oauthsig sign -v …)"` still works.
        let _ = std::io::stderr().write_all(text.as_bytes());
    }
    print_line(&result_line(args, &signed, body.as_ref())?)?;
    Ok(Outcome::Success)
}

/// What `sign` signs with: the key, the token it sends, and how
/// `--verbose` shows the key.
struct Signer<'a> {
    key: SigningKey,
    token: Option<&'a str>,
    shown: KeyKind<'a>,
}

impl<'a> Signer<'a> {
    /// The method decides the credential: the consumer and token secrets
    /// (RFC 5849 §3.4.2, §3.4.4), or the consumer's RSA private key alone
    /// (§3.4.3, which uses no secret; the token is still sent). A
    /// credential of the other kind is a usage error, never ignored.
    fn of(
        method: SignatureMethod,
        creds: &'a Credentials,
        key: &'a PrivateKeyArgs,
        show_secrets: bool,
    ) -> Result<Self, Error> {
        match (&key.private_key, method.is_rsa()) {
            (Some(_), false) => Err(Error::new(format!(
                "--private-key signs RSA-SHA1, RSA-SHA256 or RSA-SHA512 requests, but the \
                 signature method is {method}, which signs with the consumer secret; \
                 give --signature-method RSA-SHA1 (or RSA-SHA256, RSA-SHA512)"
            ))),
            (None, true) => Err(Error::new(format!(
                "{method} signs with the consumer's RSA private key: give --private-key FILE"
            ))),
            (Some(path), true) => {
                let file = keys::read_private(path, key.passphrase_file.as_deref())?;
                Ok(Signer {
                    key: SigningKey::rsa(method, &file.key)?,
                    token: creds.token.as_ref().map(|t| t.value.as_str()),
                    shown: KeyKind::Rsa {
                        public: false,
                        bits: file.bits,
                        flag: "--private-key",
                        path,
                    },
                })
            }
            (None, false) => {
                let consumer_secret = creds.require_consumer_secret()?;
                let token = creds.token_pair()?;
                let token_secret = token.map(|(_, s)| s);
                let key = SigningKey::new(
                    method,
                    &consumer_secret.value,
                    token_secret.map_or("", |s| s.value.as_str()),
                )?;
                Ok(Signer {
                    key,
                    token: token.map(|(t, _)| t.value.as_str()),
                    shown: KeyKind::Secrets {
                        consumer_secret,
                        token_secret,
                        show_secrets,
                    },
                })
            }
        }
    }
}

/// `oauthsig base-string`: the engine's base string of the request before
/// it is signed (§3.4.1), which needs no secret.
pub fn run_base_string(args: &RequestArgs) -> Result<Outcome, Error> {
    let creds = Credentials::resolve(&args.credentials)?;
    let consumer_key = &creds.require_consumer_key()?.value;
    let token = creds.token.as_ref().map(|t| t.value.as_str());
    let body = input::read_body(&args.body)?;
    let fresh = Fresh::of(args)?;
    let extras = extras(args);
    let protocol = protocol(args, consumer_key, token, &fresh, &extras);
    let mut hash = None;
    let request = http_request(args, body.as_ref(), &mut hash)?;
    let prepared = prepare(args, &request, &protocol, body.as_ref())?;
    let method = args.profile.method(args.signature_method);
    print_line(&prepared.base_string(method).to_string())?;
    Ok(Outcome::Success)
}

/// Writes the one result line to stdout; a closed pipe is an error, not a panic.
pub fn print_line(line: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}")
        .and_then(|()| out.flush())
        .map_err(|e| Error::new(format!("cannot write to standard output: {e}")))
}

/// `--param NAME=VALUE`s, raw text, signed and sent in the order given.
fn extras(args: &RequestArgs) -> Vec<Param<'_>> {
    args.param.iter().map(|(n, v)| Param::raw(n, v)).collect()
}

/// The protocol values the options give.
fn protocol<'a>(
    args: &'a RequestArgs,
    consumer_key: &'a str,
    token: Option<&'a str>,
    fresh: &'a Fresh,
    extras: &'a [Param<'a>],
) -> Protocol<'a> {
    let mut protocol = Protocol::new(consumer_key)
        .timestamp(&fresh.timestamp)
        .nonce(&fresh.nonce)
        .version(args.profile.sends_version(args.no_version))
        .extra(extras);
    if let Some(token) = token {
        protocol = protocol.token(token);
    }
    if let Some(callback) = &args.callback {
        protocol = protocol.callback(callback);
    }
    if let Some(verifier) = &args.verifier {
        protocol = protocol.verifier(verifier);
    }
    protocol
}

/// `request`, allowed to carry PLAINTEXT over http when the user said so,
/// with a warning: the secrets then travel in clear (RFC 5849 §3.4.4).
fn transport<'a>(
    args: &SignArgs,
    method: SignatureMethod,
    request: HttpRequest<'a>,
) -> HttpRequest<'a> {
    if !args.allow_plaintext_over_http {
        return request;
    }
    warn_if_plaintext_over_http(method, request.url());
    request.allow_plaintext_over_http()
}

/// Once `--allow-plaintext-over-http` was given: the warning, on stderr,
/// when PLAINTEXT does go to an `http` URL (RFC 5849 §3.4.4 requires TLS).
pub fn warn_if_plaintext_over_http(method: SignatureMethod, url: &str) {
    let tls = BaseStringUri::parse(url).is_ok_and(|u| u.is_https());
    if method == SignatureMethod::Plaintext && !tls {
        eprintln!(
            "warning: PLAINTEXT over http sends the consumer and token secrets in clear \
             (RFC 5849 §3.4.4 requires TLS)"
        );
    }
}

/// Method, URL and body as the signature covers them: a form-encoded body
/// by its parameters (§3.4.1.3.1), any other through `oauth_body_hash` as
/// the body-hash policy says (`--no-body-hash`, else the profile's). A
/// SHA-1 hash is the engine's to compute; another is computed into `hash`
/// and handed over whole, as the library's `Request` does.
fn http_request<'a>(
    args: &'a RequestArgs,
    body: Option<&'a Body>,
    hash: &'a mut Option<BodyHash>,
) -> Result<HttpRequest<'a>, Error> {
    let sent = match body {
        Some(body) if body.is_form() => core::Body::Form(body.form_text()?),
        Some(body) => core::Body::Opaque(&body.bytes),
        None => core::Body::None,
    };
    let policy = args.profile.body_hash(args.no_body_hash);
    let algorithm = args.profile.body_hash_algorithm();
    let covered = core::body::covered(sent, policy, algorithm, hash);
    Ok(HttpRequest::new(&args.method, &args.target).body(covered))
}

/// The engine's collection of `request`, its errors worded in terms of the
/// options.
fn prepare<'a>(
    args: &RequestArgs,
    request: &HttpRequest<'a>,
    protocol: &Protocol<'a>,
    body: Option<&Body>,
) -> Result<Collected<'a>, Error> {
    check_url(&args.method, &args.target)?;
    let slots = |n| vec![Param::EMPTY; n];
    let prepared = match sign::prepare_in(slots(sign::CAPACITY), request, protocol) {
        Err(core::Error::TooManyParameters { needed }) => {
            sign::prepare_in(slots(needed), request, protocol)
        }
        other => other,
    };
    prepared.map_err(|e| match (e, body) {
        (
            core::Error::BadEscape {
                part: Part::Body, ..
            },
            Some(body),
        ) => Error::new(format!("{}: {e}", body_label(body))),
        (core::Error::ProtocolParameterTwice(_) | core::Error::ReservedParameter(_), _) => {
            Error::new(format!("--param: {e}"))
        }
        _ => request_error(&args.method, &args.target, e),
    })
}

/// The URL parses and is `http` or `https` (RFC 5849 §3.4.1.2).
pub fn check_url(method: &str, url: &str) -> Result<(), Error> {
    let uri = BaseStringUri::parse(url).map_err(|e| request_error(method, url, e))?;
    if uri.is_http_or_https() {
        Ok(())
    } else {
        Err(Error::new("url scheme must be http or https"))
    }
}

/// Words an engine error about the method or URL in terms of what was
/// typed: escape offsets in the query become offsets in the URL. Other
/// errors already name their part.
pub fn request_error(method: &str, url: &str, e: core::Error) -> Error {
    match e {
        core::Error::BadMethod => Error::new(format!(
            "method \"{}\" is not an HTTP method (empty, or a character a token may not have)",
            Printable(method)
        )),
        core::Error::BadEscape {
            part: Part::Query,
            offset,
        } => {
            let query_start = url.find('?').map_or(0, |q| q + 1);
            Error::new(format!(
                "url: malformed percent escape in the query at byte {}",
                query_start + offset
            ))
        }
        other => Error::new(other),
    }
}

/// How the options named the body, for messages.
fn body_label(body: &Body) -> String {
    match &body.origin {
        Origin::Data => "-d/--data".to_owned(),
        Origin::File(path) => format!("--body {}", path.display()),
        Origin::Stdin => "--body -".to_owned(),
    }
}

/// What `sign` prints: the engine's output placed as the options ask, or a
/// curl command around its header.
fn result_line(
    args: &SignArgs,
    signed: &Signed<'_, '_, Vec<Param<'_>>>,
    body: Option<&Body>,
) -> Result<String, Error> {
    let placement = if args.url || (default_placement(args) == ProfilePlacement::Query) {
        Placement::Query
    } else if args.postdata || default_placement(args) == ProfilePlacement::Form {
        if let Some(body) = body.filter(|b| !b.is_form()) {
            // Checked here: with --no-body-hash the engine does not see it.
            return Err(Error::new(format!(
                "--postdata needs a form-encoded body or none, but {} is {}",
                body_label(body),
                body.content_type
            )));
        }
        Placement::Form
    } else {
        Placement::Header {
            realm: args.request.profile.realm(args.request.realm.as_deref()),
        }
    };
    let output = signed.output(placement).map_err(|e| match e {
        core::Error::ExtraNotInHeader { index } => Error::new(format!(
            "--param {:?}: only oauth_ parameters can go in the Authorization header; \
             put it in the URL or -d, or use --url or --postdata",
            args.request
                .param
                .get(index)
                .map_or("", |(n, _)| n.as_str())
        )),
        core::Error::BadRealm { .. } => Error::new(format!("--realm: {e}")),
        other => Error::new(other),
    })?;
    let text = output.to_string();
    Ok(match placement {
        Placement::Header { .. } if args.curl => curl(&args.request, &text, body)?,
        Placement::Header { .. } => format!("{AUTHORIZATION}: {text}"),
        _ => text,
    })
}

/// The profile's placement when no output flag (`--url`, `--postdata`,
/// `--curl`, `--realm`: each a header or a choice of its own) was given.
fn default_placement(args: &SignArgs) -> ProfilePlacement {
    let chosen = args.url || args.postdata || args.curl || args.request.realm.is_some();
    if chosen {
        ProfilePlacement::Header
    } else {
        args.request.profile.placement()
    }
}

/// The `--verbose` explanation of a signed request: its parameters in
/// order of collection (query, form body, then the protocol parameters as
/// the engine writes them) and what the engine signed.
fn explain<'s>(
    request: &HttpRequest<'s>,
    signed: &'s Signed<'s, '_, Vec<Param<'s>>>,
    key: KeyShown<'s>,
) -> Result<Explain<'s>, Error> {
    let url = request.url();
    let form = request.get_body().form().unwrap_or("");
    let mut parameters = Vec::new();
    for (text, part, source) in [
        (query_of(url), Part::Query, Source::Query),
        (form, Part::Body, Source::Body),
    ] {
        for pair in pairs(text, part) {
            let (name, value, _) = pair.map_err(Error::new)?;
            parameters.push(Param {
                name,
                value,
                source,
            });
        }
    }
    parameters.extend(signed.protocol_params());
    let base_string = signed.base_string();
    Ok(Explain {
        parameters,
        normalized: base_string.normalized().to_string(),
        uri: BaseStringUri::parse(url).map_err(Error::new)?.to_string(),
        base_string: base_string.to_string(),
        key,
        signature: Some(signed.signature().as_bytes().to_vec()),
    })
}

/// A curl command sending the request with its `Authorization` header:
/// one line, every word shell-quoted.
fn curl(args: &RequestArgs, header: &str, body: Option<&Body>) -> Result<String, Error> {
    let mut words: Vec<String> = vec!["curl".to_owned()];
    let mut push = |word: &str| words.push(shell_quote(word).into_owned());
    // curl infers GET without a body and POST with one; say -X only otherwise.
    let inferred = if body.is_some() { "POST" } else { "GET" };
    if args.method != inferred {
        push("-X");
        push(&args.method);
    }
    push("-H");
    push(&format!("{AUTHORIZATION}: {header}"));
    if let Some(body) = body {
        // curl sends form content type by itself for --data-raw.
        if body.content_type != FORM_CONTENT_TYPE {
            push("-H");
            push(&format!("Content-Type: {}", body.content_type));
        }
        let (flag, word) = curl_body(body)?;
        push(flag);
        push(&word);
    }
    // curl would read [] and {} in the URL as glob patterns.
    if args.target.contains(['[', ']', '{', '}']) {
        push("--globoff");
    }
    push(&args.target);
    Ok(words.join(" "))
}

/// The curl option and word that send `body` byte for byte.
fn curl_body(body: &Body) -> Result<(&'static str, String), Error> {
    match &body.origin {
        // --data-binary @FILE sends the file byte for byte.
        Origin::File(path) => Ok(("--data-binary", format!("@{}", path.display()))),
        // --data-raw sends the text as is (no @ interpretation).
        Origin::Data | Origin::Stdin => std::str::from_utf8(&body.bytes)
            .ok()
            .filter(|t| !t.contains('\0'))
            .map(|t| ("--data-raw", t.to_owned()))
            .ok_or_else(|| {
                Error::new(format!(
                    "--curl cannot put the binary body of {} on a command line; use --body FILE",
                    body_label(body)
                ))
            }),
    }
}
