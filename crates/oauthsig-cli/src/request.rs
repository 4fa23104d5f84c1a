//! `oauthsig request` and `oauthsig get`: sign a request with the library's
//! reqwest adapter, send it, print the answer like curl (the body; with
//! `-i` the status line and headers first), and on a refusal say what the
//! provider's answer means ([`crate::problem`]).
//!
//! What must stay true: the signature is the adapter's (no pipeline here);
//! `-v` shows secrets as their lengths and masks a PLAINTEXT signature
//! (the key itself, RFC 5849 §3.4.4) unless `--show-secrets`; a redirect
//! is reported, never followed (the signature covers the URL, §3.4.1.2).

use crate::Outcome;
use crate::cli::{GetArgs, SendArgs, SendRequestArgs};
use crate::client::{Answer, Client, Exchange, Outgoing, Sent};
use crate::consumer::{Signer, WithToken};
use crate::credentials::Credentials;
use crate::error::Error;
use crate::input::{self, Body};
use crate::output::{KeyKind, KeyShown};
use crate::problem::{self, Context, Reported};
use crate::verify;
use oauthsig::BodyHashPolicy;
use oauthsig::SignatureMethod;
use oauthsig::reqwest::{OAuth1, Placement};
use std::io::Write as _;

/// `oauthsig request METHOD URL`.
pub fn run_request(args: &SendRequestArgs) -> Result<Outcome, Error> {
    let body = input::read_body(&args.body)?;
    run(&args.method, &args.target, body.as_ref(), &args.send)
}

/// `oauthsig get URL`.
pub fn run_get(args: &GetArgs) -> Result<Outcome, Error> {
    run("GET", &args.target, None, &args.send)
}

fn run(method: &str, url: &str, body: Option<&Body>, opts: &SendArgs) -> Result<Outcome, Error> {
    let creds = Credentials::resolve(&opts.credentials)?;
    let signer = Signer::of(
        opts.signature_method.into(),
        &creds,
        &opts.key,
        opts.show_secrets,
        WithToken::IfGiven,
    )?;
    let headers = parse_headers(&opts.headers)?;
    let client = Client::new(&opts.http)?;
    let outgoing = Outgoing {
        method,
        url,
        headers: &headers,
        body,
    };
    let oauth = opts
        .http
        .transport(configure(signer.oauth1(), opts), signer.method(), url);
    let mut exchange = client.send(&oauth, &outgoing)?;
    let view = View {
        signer: &signer,
        creds: &creds,
        opts,
    };
    let reported = view.report(&exchange)?;
    if let Some(now) = reported.as_ref().and_then(clock_to_retry_with(opts)) {
        // Once: the provider's clock is the one it checks against (§3.3).
        let retry = oauth.timestamp(&now.to_string());
        exchange = client.send(&retry, &outgoing)?;
        view.report(&exchange)?;
    }
    print_answer(&exchange.answer, opts.include)?;
    Ok(if exchange.answer.is_success() {
        Outcome::Success
    } else {
        Outcome::Refused
    })
}

/// With `--fix-clock`, the provider's clock after a `timestamp_refused`.
fn clock_to_retry_with(opts: &SendArgs) -> impl Fn(&Reported) -> Option<u64> + '_ {
    move |reported| {
        (opts.fix_clock && reported.problem() == Some("timestamp_refused"))
            .then(|| problem::provider_clock(reported))
            .flatten()
    }
}

/// The adapter configured as the options say; the engine does the rest.
fn configure(oauth: OAuth1, opts: &SendArgs) -> OAuth1 {
    let placement = if opts.query {
        Placement::Query
    } else if opts.form {
        Placement::Form
    } else {
        Placement::Header
    };
    let mut oauth = oauth.placement(placement).version(!opts.no_version);
    if let Some(realm) = &opts.realm {
        oauth = oauth.realm(realm);
    }
    if opts.no_body_hash {
        oauth = oauth.body_hash(BodyHashPolicy::Never);
    }
    oauth
}

/// `-H 'Name: value'`s.
fn parse_headers(headers: &[String]) -> Result<Vec<(String, String)>, Error> {
    headers
        .iter()
        .map(|h| match h.split_once(':') {
            Some((name, value)) => Ok((name.trim().to_owned(), value.trim().to_owned())),
            None => Err(Error::new(format!(
                "-H \"{}\": expected 'Name: value'",
                crate::output::Printable(h)
            ))),
        })
        .collect()
}

/// What the stderr reports are made of.
struct View<'a> {
    signer: &'a Signer<'a>,
    creds: &'a Credentials,
    opts: &'a SendArgs,
}

impl View<'_> {
    /// `-v`'s explanation and heads, then, for a refusal, the findings;
    /// returns what the provider reported (`None` for a 2xx).
    fn report(&self, exchange: &Exchange) -> Result<Option<Reported>, Error> {
        let mut received = exchange.sent.received()?;
        let mut err = String::new();
        if self.opts.verbose {
            let key = KeyShown {
                method: Some(self.signer.method()),
                key: self.signer.shown,
            };
            err.push_str(&verify::explain(&mut received, key).render());
            err.push_str(&self.heads(exchange));
        }
        let reported = (!exchange.answer.is_success()).then(|| Reported::read(&exchange.answer));
        if let Some(reported) = &reported {
            for line in self.diagnosis(&mut received, &exchange.answer, reported) {
                err.push_str(&format!("diagnosis: {line}\n"));
            }
        }
        let _ = std::io::stderr().write_all(err.as_bytes());
        Ok(reported)
    }

    /// The findings on a refusal: a redirect, or what a 400 or 401 says.
    fn diagnosis(
        &self,
        received: &mut verify::Received<'_>,
        answer: &Answer,
        reported: &Reported,
    ) -> Vec<String> {
        if (300..400).contains(&answer.status) {
            return vec![redirect(answer)];
        }
        if !matches!(answer.status, 400 | 401) && reported.is_empty() {
            return Vec::new();
        }
        let ours = received.base_string().to_string();
        let timestamp = received.timestamp().ok().flatten();
        let key = self.creds.consumer_key.as_ref();
        let ctx = Context {
            received,
            ours: &ours,
            timestamp,
            consumer_key: (
                self.signer.consumer_key(),
                key.map_or_else(String::new, |k| k.origin.to_string()),
            ),
            key_origin: key_origin(&self.signer.shown),
            fix_clock: self.opts.fix_clock,
        };
        problem::findings(reported, &ctx)
    }

    /// The request and answer heads, `>` and `<` as curl -v.
    fn heads(&self, exchange: &Exchange) -> String {
        let mask = self.signer.method() == SignatureMethod::Plaintext && !self.opts.show_secrets;
        let shown = |text: &str| {
            if mask {
                mask_signature(text)
            } else {
                text.to_owned()
            }
        };
        let Sent {
            method,
            url,
            headers,
            body,
        } = &exchange.sent;
        let mut out = format!("> {method} {}\n", shown(url));
        for (name, value) in headers {
            out.push_str(&format!("> {name}: {}\n", printable(&shown(value))));
        }
        if !body.is_empty() {
            out.push_str(&format!("> ({} bytes of body)\n", body.len()));
        }
        out.push_str(&format!("< {}\n", exchange.answer.status_line()));
        for (name, value) in &exchange.answer.headers {
            out.push_str(&format!("< {name}: {}\n", printable(value)));
        }
        out
    }
}

/// Where the key came from, for advice.
pub fn key_origin(shown: &KeyKind<'_>) -> String {
    match shown {
        KeyKind::Secrets {
            consumer_secret,
            token_secret,
            ..
        } => match token_secret {
            Some(t) => format!(
                "consumer secret from {}, token secret from {}",
                consumer_secret.origin, t.origin
            ),
            None => format!("consumer secret from {}", consumer_secret.origin),
        },
        KeyKind::Rsa { flag, path, .. } => format!("RSA private key {flag} {}", path.display()),
    }
}

/// A redirect, reported: the signature covers the URL, and the
/// credentials must not follow it to another host.
fn redirect(answer: &Answer) -> String {
    match answer.header("location") {
        Some(location) => format!(
            "the provider redirects to {}; not followed: the signature covers the URL, so \
             send the request to that URL if you trust it with your credentials",
            printable(location)
        ),
        None => "the provider answers with a redirect without a Location".to_owned(),
    }
}

/// `text` with the value of each `oauth_signature` replaced by `<hidden>`
/// (in a header `oauth_signature="…"`, in a query `oauth_signature=…`).
fn mask_signature(text: &str) -> String {
    const NAME: &str = "oauth_signature=";
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(NAME) {
        let (head, tail) = rest.split_at(at + NAME.len());
        out.push_str(head);
        let end = match tail.strip_prefix('"') {
            Some(quoted) => quoted.find('"').map_or(tail.len(), |e| e + 2),
            None => tail.find(['&', '#', ',', ' ']).unwrap_or(tail.len()),
        };
        out.push_str(if tail.starts_with('"') {
            "\"<hidden>\""
        } else {
            "<hidden>"
        });
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// A header value with control characters escaped (one line, no terminal codes).
fn printable(value: &str) -> String {
    value
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The body on stdout; with `-i` the status line and headers first.
fn print_answer(answer: &Answer, include: bool) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    let mut head = String::new();
    if include {
        head.push_str(&answer.status_line());
        head.push_str("\r\n");
        for (name, value) in &answer.headers {
            head.push_str(&format!("{name}: {}\r\n", printable(value)));
        }
        head.push_str("\r\n");
    }
    out.write_all(head.as_bytes())
        .and_then(|()| out.write_all(&answer.body))
        .and_then(|()| out.flush())
        .map_err(|e| Error::new(format!("cannot write to standard output: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_masked_in_headers_and_queries() {
        assert_eq!(
            mask_signature(
                r#"OAuth oauth_nonce="n", oauth_signature="s%26t", oauth_version="1.0""#
            ),
            r#"OAuth oauth_nonce="n", oauth_signature="<hidden>", oauth_version="1.0""#
        );
        assert_eq!(
            mask_signature("http://h/?a=1&oauth_signature=s%26t&b=2"),
            "http://h/?a=1&oauth_signature=<hidden>&b=2"
        );
        assert_eq!(
            mask_signature("oauth_signature=x"),
            "oauth_signature=<hidden>"
        );
        assert_eq!(mask_signature("no signature"), "no signature");
    }

    #[test]
    fn header_values_stay_on_one_line() {
        assert_eq!(printable("a\r\nb\u{1b}"), "a\\r\\nb\\u{1b}");
    }
}
