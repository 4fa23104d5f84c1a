//! Sign, then verify what a server receives — and every single-byte mutation
//! of it (structured input from the `arbitrary` crate).
//!
//! A client signs an arbitrary request (method, URL pieces, query and body
//! parameters, protocol parameters, secrets, signature method) with the
//! engine's one call (`sign::sign`) and sends it as URL + form body +
//! `Authorization` header (`Signed::output`). The server side receives that
//! wire form with the engine (`verify::receive_in`) and checks it
//! (`check_once`, `check_signature`):
//!
//! * the unmutated request must verify, unless a query or body parameter
//!   repeats a protocol parameter's name (§3.1: each appears once);
//! * after one byte of the method, URL, body, header, nonce, signature, a
//!   parameter name or value, or a secret is changed, the library must accept
//!   exactly when the reference says the request still means the same thing
//!   (same base string, key and decoded signature; for PLAINTEXT only the key
//!   and signature count), every `oauth_*` name still appears once and
//!   `oauth_signature_method` still names the key's method. Mutations that
//!   keep the meaning — scheme/host case, `%7e` vs `%7E` in a parameter, the
//!   realm, the method's case — must still verify; everything else must be
//!   rejected. The base string the library computes must equal the
//!   reference's whenever the reference can read the request.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use oauthsig_core::body::FORM_CONTENT_TYPE;
use oauthsig_core::header::{FormSerializer, MAX_HEADER_PARAMS};
use oauthsig_core::signature::PLAINTEXT_MAX_KEY;
use oauthsig_core::verify::{self, Incoming};
use oauthsig_core::Render as _;
use oauthsig_core::{
    Body, HttpRequest, Param, Placement, Protocol, SignatureMethod, SigningKey, Source, sign,
};
use oauthsig_fuzz::reference::{self, Meaning, Request};

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Method {
    HmacSha1,
    HmacSha256,
    Plaintext,
}

impl Method {
    fn get(self) -> SignatureMethod {
        match self {
            Method::HmacSha1 => SignatureMethod::HmacSha1,
            Method::HmacSha256 => SignatureMethod::HmacSha256,
            Method::Plaintext => SignatureMethod::Plaintext,
        }
    }
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Scheme {
    Http,
    Https,
    HttpUpper,
    Other,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Target {
    Method,
    Url,
    Body,
    Header,
    Nonce,
    Signature,
    ParamName(u8),
    ParamValue(u8),
    ConsumerSecret,
    TokenSecret,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Op {
    Set(u8),
    Xor(u8),
    FlipCase,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
struct Mutation {
    target: Target,
    at: u16,
    op: Op,
}

#[derive(Arbitrary, Debug)]
struct Input {
    method: Method,
    http_method: String,
    scheme: Scheme,
    host: String,
    port: Option<u16>,
    path: String,
    query: Vec<(String, String)>,
    body: Vec<(String, String)>,
    consumer_key: String,
    token: Option<String>,
    timestamp: String,
    nonce: String,
    realm: Option<String>,
    consumer_secret: String,
    token_secret: String,
    mutations: Vec<Mutation>,
}

/// The request on the wire, with where each mutable piece sits.
#[derive(Clone, Debug)]
struct Wire {
    method: String,
    url: String,
    body: String,
    header: String,
    cs: String,
    ts: String,
    /// Byte spans of parameter names and values: (in url?, start, end).
    names: Vec<(bool, usize, usize)>,
    values: Vec<(bool, usize, usize)>,
}

impl Wire {
    fn request(&self) -> Request<'_> {
        Request {
            method: &self.method,
            url: &self.url,
            body: &self.body,
            header: &self.header,
        }
    }
}

/// The span of `name="…"`'s value in a written header.
fn header_value_span(header: &str, name: &str) -> Option<(usize, usize)> {
    let key = format!("{name}=\"");
    let start = header.find(&key)? + key.len();
    let end = start + header[start..].find('"')?;
    Some((start, end))
}

/// Applies `op` to one byte of `s` inside `span`; `None` when the span is
/// empty or the result is not UTF-8 (a `&str` API cannot receive it).
fn mutate(s: &str, span: (usize, usize), at: u16, op: Op) -> Option<String> {
    let (start, end) = span;
    if end <= start {
        return None;
    }
    let i = start + usize::from(at) % (end - start);
    let mut bytes = s.as_bytes().to_vec();
    bytes[i] = match op {
        Op::Set(b) => b,
        Op::Xor(x) => bytes[i] ^ x,
        Op::FlipCase => {
            bytes[i]
                ^ if bytes[i].is_ascii_alphabetic() {
                    0x20
                } else {
                    0
                }
        }
    };
    String::from_utf8(bytes).ok()
}

fn apply(w: &Wire, m: Mutation) -> Option<Wire> {
    let mut out = w.clone();
    let whole = |s: &str| (0, s.len());
    match m.target {
        Target::Method => out.method = mutate(&w.method, whole(&w.method), m.at, m.op)?,
        Target::Url => out.url = mutate(&w.url, whole(&w.url), m.at, m.op)?,
        Target::Body => out.body = mutate(&w.body, whole(&w.body), m.at, m.op)?,
        Target::Header => out.header = mutate(&w.header, whole(&w.header), m.at, m.op)?,
        Target::Nonce => {
            let span = header_value_span(&w.header, "oauth_nonce")?;
            out.header = mutate(&w.header, span, m.at, m.op)?;
        }
        Target::Signature => {
            let span = header_value_span(&w.header, "oauth_signature")?;
            out.header = mutate(&w.header, span, m.at, m.op)?;
        }
        Target::ParamName(k) | Target::ParamValue(k) => {
            let spans = if matches!(m.target, Target::ParamName(_)) {
                &w.names
            } else {
                &w.values
            };
            if spans.is_empty() {
                return None;
            }
            let (in_url, start, end) = spans[usize::from(k) % spans.len()];
            if in_url {
                out.url = mutate(&w.url, (start, end), m.at, m.op)?;
            } else {
                out.body = mutate(&w.body, (start, end), m.at, m.op)?;
            }
        }
        Target::ConsumerSecret => out.cs = mutate(&w.cs, whole(&w.cs), m.at, m.op)?,
        Target::TokenSecret => out.ts = mutate(&w.ts, whole(&w.ts), m.at, m.op)?,
    }
    Some(out)
}

/// The server, with oauthsig-core's verifier: the base string it computed
/// (when it could read the request as the reference does: an `OAuth`
/// header carrying `oauth_signature`) and whether `check_once` and
/// `check_signature` passed.
fn server(w: &Wire, method: SignatureMethod) -> (Option<String>, bool) {
    let incoming = Incoming::new(&w.method, &w.url)
        .authorization(&w.header)
        .content_type(FORM_CONTENT_TYPE)
        .body(w.body.as_bytes());
    let storage = vec![Param::EMPTY; w.url.len() + w.body.len() + MAX_HEADER_PARAMS + 1];
    let Ok(mut received) = verify::receive_in(storage, &incoming) else {
        return (None, false);
    };
    let header_signed = received
        .parameters()
        .iter()
        .any(|p| p.source == Source::Header && p.name.eq_decoded(b"oauth_signature"));
    if !header_signed {
        return (None, false);
    }
    let text = received.base_string().to_string();
    assert_eq!(received.base_string().len(), text.len());
    let Ok(key) = SigningKey::new(method, &w.cs, &w.ts) else {
        return (Some(text), false);
    };
    let accepted = received.check_once().is_ok() && received.check_signature(&key).is_ok();
    (Some(text), accepted)
}

/// Library and reference must agree on `w`; returns the reference meaning
/// and the decision.
fn check(w: &Wire, method: SignatureMethod) -> (Option<Meaning>, bool) {
    let meaning = reference::meaning(&w.request(), &w.cs, &w.ts, MAX_HEADER_PARAMS);
    let (base, accepted) = server(w, method);
    // The library reads more than the reference (a repeated `oauth_*`
    // header parameter is its check_once's to refuse, not the parser's).
    if let Some(m) = &meaning {
        assert_eq!(
            base.as_deref(),
            Some(m.base.as_str()),
            "base string differs from the reference for {w:?}"
        );
    }
    let want = meaning
        .as_ref()
        .is_some_and(|m| reference::accepts(method, m, PLAINTEXT_MAX_KEY))
        && reference::once_and_named(&w.request(), method, MAX_HEADER_PARAMS);
    assert_eq!(
        accepted, want,
        "verify differs from the reference for {w:?}"
    );
    (meaning, accepted)
}

fn client(input: &Input) -> Option<Wire> {
    let method = input.method.get();
    let http_method = if reference::is_token(&input.http_method) {
        input.http_method.as_str()
    } else {
        "POST"
    };
    let scheme = match input.scheme {
        Scheme::Http => "http",
        Scheme::Https => "https",
        Scheme::HttpUpper => "HTTP",
        Scheme::Other => "coap",
    };
    let host: String = input
        .host
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
        .collect();
    let host = if host.is_empty() {
        "Example.com".to_owned()
    } else {
        host
    };
    let port = input.port.map_or(String::new(), |p| format!(":{p}"));
    let path: String = input
        .path
        .chars()
        .map(|c| if c == '?' || c == '#' { '_' } else { c })
        .collect();
    let path = if path.is_empty() || path.starts_with('/') {
        path
    } else {
        format!("/{path}")
    };

    let mut protocol = Protocol::new(&input.consumer_key)
        .timestamp(&input.timestamp)
        .nonce(&input.nonce);
    if let Some(t) = &input.token {
        protocol = protocol.token(t);
    }
    let q = input.query.len().min(16);
    let b = input.body.len().min(16);
    fn raw(pairs: &[(String, String)]) -> Vec<Param<'_>> {
        pairs.iter().map(|(n, v)| Param::raw(n, v)).collect()
    }
    let (query, body) = (raw(&input.query[..q]), raw(&input.body[..b]));

    // The wire forms, remembering where each name and value went.
    let mut names = Vec::new();
    let mut values = Vec::new();
    let serialize =
        |ps: &[Param<'_>], offset: usize, in_url: bool, names: &mut Vec<_>, values: &mut Vec<_>| {
            let mut out = String::new();
            for (i, p) in ps.iter().enumerate() {
                if i > 0 {
                    out.push('&');
                }
                let n = p.name.encoded().to_string();
                names.push((in_url, offset + out.len(), offset + out.len() + n.len()));
                out.push_str(&n);
                out.push('=');
                let v = p.value.encoded().to_string();
                values.push((in_url, offset + out.len(), offset + out.len() + v.len()));
                out.push_str(&v);
            }
            out
        };
    let mut url = format!("{scheme}://{host}{port}{path}");
    if q > 0 {
        url.push('?');
        let offset = url.len();
        let qs = serialize(&query, offset, true, &mut names, &mut values);
        assert_eq!(qs, FormSerializer(&query).to_string());
        url.push_str(&qs);
    }
    let body = serialize(&body, 0, false, &mut names, &mut values);

    // The client: the engine's one call, the header written by the same
    // signed request.
    let key = SigningKey::new(method, &input.consumer_secret, &input.token_secret).ok()?;
    let request = HttpRequest::new(http_method, &url).body(Body::Form(&body));
    let signed = sign::sign(&request, &protocol, &key).ok()?;
    let realm = input
        .realm
        .as_deref()
        .filter(|r| !r.bytes().any(|c| c.is_ascii_control()));
    let header = signed.output(Placement::Header { realm }).ok()?.to_string();
    Some(Wire {
        method: http_method.to_owned(),
        url,
        body,
        header,
        cs: input.consumer_secret.clone(),
        ts: input.token_secret.clone(),
        names,
        values,
    })
}

fuzz_target!(|input: Input| {
    let method = input.method.get();
    let Some(wire) = client(&input) else {
        return;
    };
    let (original, accepted) = check(&wire, method);
    // Refused only when a query or body parameter repeats a protocol name.
    let well_formed = reference::once_and_named(&wire.request(), method, MAX_HEADER_PARAMS);
    assert_eq!(accepted, well_formed, "own signature: {wire:?}");
    let Some(original) = original else {
        unreachable!("the reference cannot read what the client wrote: {wire:?}");
    };
    for &m in input.mutations.iter().take(8) {
        let Some(changed) = apply(&wire, m) else {
            continue;
        };
        let (meaning, accepted) = check(&changed, method);
        let same = meaning.as_ref().is_some_and(|now| match method {
            SignatureMethod::Plaintext => {
                now.key == original.key && now.signature == original.signature
            }
            _ => *now == original,
        });
        let well_formed = reference::once_and_named(&changed.request(), method, MAX_HEADER_PARAMS);
        // The brief's property, stated directly: a single-byte change is
        // accepted exactly when it leaves the signed meaning unchanged (and
        // the request well formed).
        assert_eq!(
            accepted,
            same && well_formed,
            "{m:?} turned {wire:?} into {changed:?}"
        );
    }
});
