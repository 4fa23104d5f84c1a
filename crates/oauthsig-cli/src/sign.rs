//! `oauthsig sign` and `oauthsig base-string`: build the request the options
//! describe, sign it (RFC 5849 §3.4), and print it the way it is to be sent
//! (§3.5: header, query or form body) or as a curl command.
//!
//! The protocol parameters are added in the order of RFC 5849's own
//! examples (consumer key, token, signature method, timestamp, nonce,
//! version), so the header of the §3.4.1.1 request reads exactly as the RFC
//! prints it.

use crate::Outcome;
use crate::cli::{RequestArgs, SignArgs};
use crate::credentials::Credentials;
use crate::error::Error;
use crate::input::{self, Body, Origin};
use crate::output::{self, Explain, shell_quote};
use oauthsig::{
    AUTHORIZATION, BodyHashPolicy, Consumer, FORM_CONTENT_TYPE, Request, SignatureMethod, Token,
};
use std::io::Write as _;

/// The secrets a request is signed with.
struct Secrets<'a> {
    consumer_key: &'a str,
    consumer_secret: &'a str,
    /// Token and token secret.
    token: Option<(&'a str, &'a str)>,
}

/// `oauthsig sign`.
pub fn run_sign(args: &SignArgs) -> Result<Outcome, Error> {
    let creds = Credentials::resolve(&args.request.credentials)?;
    let consumer_secret = creds.require_consumer_secret()?;
    let token = creds.token_pair()?;
    let secrets = Secrets {
        consumer_key: &creds.require_consumer_key()?.value,
        consumer_secret: &consumer_secret.value,
        token: token.map(|(t, s)| (t.value.as_str(), s.value.as_str())),
    };
    let body = input::read_body(&args.request.body)?;
    let request = build(&args.request, &secrets, body.as_ref())?;
    if args.verbose.verbose {
        let explain = Explain {
            request: &request,
            method: Some(args.request.signature_method.into()),
            consumer_secret,
            token_secret: token.map(|(_, s)| s),
            show_secrets: args.verbose.show_secrets,
        };
        let text = explain.render()?;
        // Diagnostics go to stderr so `curl -H "$(oauthsig sign -v …)"` still works.
        let _ = std::io::stderr().write_all(text.as_bytes());
    }
    let line = if args.url {
        request.to_url()
    } else if args.postdata {
        postdata(&request, body.as_ref())?
    } else {
        let header = header(&request, args.request.realm.as_deref())?;
        if args.curl {
            curl(&request, &header, body.as_ref())?
        } else {
            format!("{AUTHORIZATION}: {header}")
        }
    };
    print_line(&line)?;
    Ok(Outcome::Success)
}

/// `oauthsig base-string`.
pub fn run_base_string(args: &RequestArgs) -> Result<Outcome, Error> {
    let creds = Credentials::resolve(&args.credentials)?;
    // The base string does not depend on the secrets (§3.4.1), so they are
    // optional here: the request is signed with whatever is known (or
    // nothing) and only its base string, which omits the signature, is kept.
    let or_empty = |s: &Option<crate::credentials::Sourced>| {
        s.as_ref().map_or("", |s| s.value.as_str()).to_owned()
    };
    let consumer_secret = or_empty(&creds.consumer_secret);
    let token_secret = or_empty(&creds.token_secret);
    let secrets = Secrets {
        consumer_key: &creds.require_consumer_key()?.value,
        consumer_secret: &consumer_secret,
        token: creds
            .token
            .as_ref()
            .map(|t| (t.value.as_str(), token_secret.as_str())),
    };
    let body = input::read_body(&args.body)?;
    let request = build(args, &secrets, body.as_ref())?;
    print_line(&request.signature_base_string()?)?;
    Ok(Outcome::Success)
}

/// Writes the one result line to stdout; a closed pipe is an error, not a panic.
pub fn print_line(line: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}")
        .and_then(|()| out.flush())
        .map_err(|e| Error::new(format!("cannot write to standard output: {e}")))
}

/// The signed request the options describe.
fn build(args: &RequestArgs, secrets: &Secrets<'_>, body: Option<&Body>) -> Result<Request, Error> {
    let method: SignatureMethod = args.signature_method.into();
    let mut request = Request::new(&args.method, &args.target)
        .map_err(|e| request_error(&args.method, &args.target, e))?;
    if let Some(body) = body {
        request = if body.is_form() {
            request
                .form_body(body.form_text()?)
                .map_err(|e| Error::new(format!("{}: {e}", body_label(body))))?
        } else {
            request.body(body.bytes.clone(), &body.content_type)
        };
    }
    request = request.set_param("oauth_consumer_key", secrets.consumer_key);
    if let Some((token, _)) = secrets.token {
        request = request.set_param("oauth_token", token);
    }
    // Set now only to take its place in the header; `sign` fills it in.
    request = request.set_param("oauth_signature_method", method.as_str());
    let timestamp = match &args.timestamp {
        Some(t) => t.clone(),
        None => oauthsig::make_timestamp()?,
    };
    let nonce = match &args.nonce {
        Some(n) => n.clone(),
        None => oauthsig::make_nonce()?,
    };
    request = request.timestamp(&timestamp).nonce(&nonce);
    if !args.no_version {
        request = request.set_param("oauth_version", "1.0");
    }
    if let Some(callback) = &args.callback {
        request = request.callback(callback);
    }
    if let Some(verifier) = &args.verifier {
        request = request.verifier(verifier);
    }
    for (name, value) in &args.param {
        request = request.param(name, value);
    }
    if args.no_body_hash {
        request = request.body_hash(BodyHashPolicy::Never);
    }
    let consumer = Consumer::new(secrets.consumer_key, secrets.consumer_secret);
    let token = secrets.token.map(|(t, s)| Token::new(t, s));
    Ok(request.sign(method, &consumer, token.as_ref())?)
}

/// Words a [`Request::new`] or [`Request::from_request`] error in terms of
/// the method and URL as typed: escape offsets in the query become offsets
/// in the URL. Other errors already name their part.
pub fn request_error(method: &str, url: &str, e: oauthsig::Error) -> Error {
    use oauthsig::oauthsig_core::{Error as Core, Part};
    match e {
        oauthsig::Error::Core(Core::BadMethod) => Error::new(format!(
            "method \"{}\" is not an HTTP method (empty, or a character a token may not have)",
            output::Printable(method)
        )),
        oauthsig::Error::Core(Core::BadEscape {
            part: Part::Query,
            offset,
        }) => {
            let query_start = url.find('?').map_or(0, |q| q + 1);
            Error::new(format!(
                "url: malformed percent escape in the query at byte {}",
                query_start + offset
            ))
        }
        other => Error::from(other),
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

/// The `Authorization` header value, with the library's advice on non-oauth
/// parameters reworded in terms of this command's options.
fn header(request: &Request, realm: Option<&str>) -> Result<String, Error> {
    request.to_header(realm).map_err(|e| match e {
        oauthsig::Error::NotAProtocolParameter { name } => Error::new(format!(
            "--param {name:?}: only oauth_ parameters can go in the Authorization header; \
             put it in the URL or -d, or use --url or --postdata"
        )),
        other => Error::from(other),
    })
}

/// The form body with the protocol parameters (§3.5.2), which needs a form
/// body or none.
fn postdata(request: &Request, body: Option<&Body>) -> Result<String, Error> {
    match body {
        Some(body) if !body.is_form() => Err(Error::new(format!(
            "--postdata needs a form-encoded body or none, but {} is {}",
            body_label(body),
            body.content_type
        ))),
        _ => Ok(request.to_postdata()),
    }
}

/// A curl command sending `request` with its `Authorization` header: one
/// line, every word shell-quoted.
fn curl(request: &Request, header: &str, body: Option<&Body>) -> Result<String, Error> {
    let mut words: Vec<String> = vec!["curl".to_owned()];
    let mut push = |word: &str| words.push(shell_quote(word).into_owned());
    // curl infers GET without a body and POST with one; say -X only otherwise.
    let inferred = if body.is_some() { "POST" } else { "GET" };
    if request.method() != inferred {
        push("-X");
        push(request.method());
    }
    push("-H");
    push(&format!("{AUTHORIZATION}: {header}"));
    if let Some(body) = body {
        // curl sends form content type by itself for --data-raw.
        if body.content_type != FORM_CONTENT_TYPE {
            push("-H");
            push(&format!("Content-Type: {}", body.content_type));
        }
        match &body.origin {
            // --data-binary @FILE sends the file byte for byte.
            Origin::File(path) => {
                push("--data-binary");
                push(&format!("@{}", path.display()));
            }
            // --data-raw sends the text as is (no @ interpretation).
            Origin::Data | Origin::Stdin => {
                let text = std::str::from_utf8(&body.bytes)
                    .ok()
                    .filter(|t| !t.contains('\0'))
                    .ok_or_else(|| {
                        Error::new(format!(
                            "--curl cannot put the binary body of {} on a command line; use --body FILE",
                            body_label(body)
                        ))
                    })?;
                push("--data-raw");
                push(text);
            }
        }
    }
    // curl would read [] and {} in the URL as glob patterns.
    if request.url().contains(['[', ']', '{', '}']) {
        push("--globoff");
    }
    push(request.url());
    Ok(words.join(" "))
}
