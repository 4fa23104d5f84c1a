//! Sending a signed request and reading the answer, for `request`, `get`
//! and `authorize`. The request is signed by the library's reqwest adapter
//! (`OAuth1::sign_blocking`), which runs the same engine as `sign`; what
//! was sent is kept, so the base string a provider should compute of it
//! can be read back with the verification engine (RFC 5849 §3.4.1) and
//! compared with what the provider echoes.
//!
//! What must stay true: redirects are never followed (the signature
//! covers the URL, and credentials must not go to another host); nothing
//! here prints or returns a secret (errors carry the URL as given, never
//! the signed one, whose query may hold a PLAINTEXT signature).

use crate::cli::HttpArgs;
use crate::error::Error;
use crate::input::Body;
use crate::sign::{check_url, request_error};
use crate::verify::{self, Received};
use oauthsig::oauthsig_core::{self as core, verify::Incoming};
use oauthsig::reqwest::{OAuth1, SignError};
use reqwest::blocking;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderName, HeaderValue};
use reqwest::{Certificate, Method, Url, redirect};
use std::path::Path;
use std::time::Duration;

/// The HTTP client: system roots plus `--cacert`, `--max-time`, no redirects.
pub struct Client {
    inner: blocking::Client,
}

/// A request before it is signed.
pub struct Outgoing<'a> {
    /// The method.
    pub method: &'a str,
    /// The URL as given.
    pub url: &'a str,
    /// Extra headers, `(name, value)`.
    pub headers: &'a [(String, String)],
    /// The body, if any.
    pub body: Option<&'a Body>,
}

/// A request as it was sent, signature included.
pub struct Sent {
    /// The method.
    pub method: String,
    /// The URL (with the protocol parameters for the query placement).
    pub url: String,
    /// Every header set on the request, `(name, value)`.
    pub headers: Vec<(String, String)>,
    /// The body's octets.
    pub body: Vec<u8>,
}

/// A provider's answer.
pub struct Answer {
    /// The status code.
    pub status: u16,
    /// The HTTP version, e.g. `HTTP/1.1`.
    pub version: String,
    /// The headers in order, values as text (bytes that are not UTF-8 replaced).
    pub headers: Vec<(String, String)>,
    /// The body's octets.
    pub body: Vec<u8>,
}

/// One request and its answer.
pub struct Exchange {
    /// What was sent.
    pub sent: Sent,
    /// What came back.
    pub answer: Answer,
}

impl Client {
    /// The client the options describe.
    ///
    /// # Errors
    /// A `--max-time` that is not a positive number of seconds, an
    /// unreadable or malformed `--cacert`.
    pub fn new(args: &HttpArgs) -> Result<Self, Error> {
        let timeout = Duration::try_from_secs_f64(args.max_time)
            .ok()
            .filter(|t| !t.is_zero())
            .ok_or_else(|| Error::new("--max-time: expected a positive number of seconds"))?;
        let mut builder = blocking::Client::builder()
            .redirect(redirect::Policy::none())
            .timeout(timeout)
            .connect_timeout(timeout)
            .user_agent(concat!("oauthsig/", env!("CARGO_PKG_VERSION")));
        if let Some(path) = &args.cacert {
            for cert in ca_certificates(path)? {
                builder = builder.add_root_certificate(cert);
            }
        }
        let inner = builder
            .build()
            .map_err(|e| Error::new(format!("cannot set up the HTTP client: {}", chain(&e))))?;
        Ok(Client { inner })
    }

    /// Signs `outgoing` with `oauth`, sends it and reads the answer.
    ///
    /// # Errors
    /// A usage error for a request that cannot be built or signed; a
    /// failure (exit 1) when no answer comes.
    pub fn send(&self, oauth: &OAuth1, outgoing: &Outgoing<'_>) -> Result<Exchange, Error> {
        let mut request = build(outgoing)?;
        oauth.sign_blocking(&mut request).map_err(|e| match e {
            SignError::OAuth(e @ oauthsig::Error::Core(core::Error::PlaintextOverHttp)) => {
                Error::new(format!(
                    "cannot sign the request: {e}; --allow-plaintext-over-http signs it anyway"
                ))
            }
            SignError::OAuth(e) => Error::new(format!("cannot sign the request: {e}")),
            other => Error::new(other),
        })?;
        let sent = Sent::of(&request);
        let response = self.inner.execute(request).map_err(|e| {
            Error::failed(format!(
                "{} {}: no answer: {}",
                outgoing.method,
                outgoing.url,
                chain(&e.without_url())
            ))
        })?;
        let answer = Answer::read(response).map_err(|e| {
            Error::failed(format!(
                "{} {}: the answer broke off: {}",
                outgoing.method,
                outgoing.url,
                chain(&e.without_url())
            ))
        })?;
        Ok(Exchange { sent, answer })
    }
}

/// The certificates of a PEM file.
fn ca_certificates(path: &Path) -> Result<Vec<Certificate>, Error> {
    let pem = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
    let certs = Certificate::from_pem_bundle(&pem)
        .map_err(|e| Error::new(format!("--cacert {}: {}", path.display(), chain(&e))))?;
    if certs.is_empty() {
        return Err(Error::new(format!(
            "--cacert {}: no PEM certificate in it",
            path.display()
        )));
    }
    Ok(certs)
}

/// The unsigned request: method, URL, headers, body and its content type.
fn build(outgoing: &Outgoing<'_>) -> Result<blocking::Request, Error> {
    let (method, url) = (outgoing.method, outgoing.url);
    check_url(method, url)?;
    let parsed_method = Method::from_bytes(method.as_bytes())
        .map_err(|_| request_error(method, url, oauthsig::oauthsig_core::Error::BadMethod))?;
    let parsed_url = Url::parse(url).map_err(|e| Error::new(format!("url: {e}")))?;
    let mut request = blocking::Request::new(parsed_method, parsed_url);
    for (name, value) in outgoing.headers {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::new(format!("-H: {name:?} is not a header name")))?;
        if name == AUTHORIZATION {
            return Err(Error::new(
                "-H: Authorization is written by the signature; leave it out",
            ));
        }
        let value = HeaderValue::from_str(value)
            .map_err(|_| Error::new(format!("-H {name}: the value has a forbidden byte")))?;
        request.headers_mut().append(name, value);
    }
    if let Some(body) = outgoing.body {
        if !request.headers().contains_key(CONTENT_TYPE) {
            let value = HeaderValue::from_str(&body.content_type)
                .map_err(|_| Error::new("--content-type: the value has a forbidden byte"))?;
            request.headers_mut().insert(CONTENT_TYPE, value);
        }
        *request.body_mut() = Some(body.bytes.clone().into());
    }
    Ok(request)
}

impl Sent {
    fn of(request: &blocking::Request) -> Self {
        Sent {
            method: request.method().to_string(),
            url: request.url().to_string(),
            headers: request
                .headers()
                .iter()
                .map(|(n, v)| (n.to_string(), String::from_utf8_lossy(v.as_bytes()).into()))
                .collect(),
            body: request
                .body()
                .and_then(|b| b.as_bytes())
                .map(<[u8]>::to_vec)
                .unwrap_or_default(),
        }
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    /// The request as a server receives it (§3.4.1.3.1), collected by the
    /// verification engine: its base string is the one the provider should
    /// compute.
    ///
    /// # Errors
    /// Only for a request the engine cannot read, which a signed one is not.
    pub fn received(&self) -> Result<Received<'_>, Error> {
        let mut incoming = Incoming::new(&self.method, &self.url).body(&self.body);
        if let Some(value) = self.header("authorization") {
            incoming = incoming.authorization(value);
        }
        if let Some(value) = self.header("content-type") {
            incoming = incoming.content_type(value);
        }
        match verify::receive(&incoming)? {
            Ok(received) => Ok(received),
            Err(failed) => Err(Error::new(failed.reason)),
        }
    }
}

impl Answer {
    fn read(response: blocking::Response) -> Result<Self, reqwest::Error> {
        let status = response.status().as_u16();
        let version = format!("{:?}", response.version());
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| (n.to_string(), String::from_utf8_lossy(v.as_bytes()).into()))
            .collect();
        let body = response.bytes()?.to_vec();
        Ok(Answer {
            status,
            version,
            headers,
            body,
        })
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    /// Every value of header `name` (case-insensitive).
    pub fn headers_named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s str> + 's {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The status line, e.g. `HTTP/1.1 401 Unauthorized`.
    pub fn status_line(&self) -> String {
        let reason = reqwest::StatusCode::from_u16(self.status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("");
        format!("{} {} {reason}", self.version, self.status)
            .trim_end()
            .to_owned()
    }
}

fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// An error and its sources, `: `-joined (reqwest's own message alone
/// says little: "error sending request").
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let next = s.to_string();
        if !text.contains(&next) {
            text.push_str(": ");
            text.push_str(&next);
        }
        source = s.source();
    }
    text
}
