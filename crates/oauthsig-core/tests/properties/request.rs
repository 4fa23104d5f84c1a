//! Generated requests for the engine's properties: what a client signs
//! ([`Req`]), the reference signature composed by hand from the building
//! blocks ([`by_hand`]), and a request on the wire ([`Wire`]) with the
//! byte spans of every parameter value it carries, for tampering.

use oauthsig_core::body::{BodyHashAlgorithm, FORM_CONTENT_TYPE};
use oauthsig_core::encode::{encode, encode_bytes};
use oauthsig_core::header::parse_authorization;
use oauthsig_core::params::{pairs, query_of};
use oauthsig_core::verify::{Incoming, NonceCharset, Policy};
use oauthsig_core::{
    BaseString, BaseStringUri, Body, BodyHash, HttpRequest, Param, Params, Part, Placement,
    Protocol, SignatureMethod, SigningKey, Source, Spelling, Text,
};
use proptest::prelude::*;

/// Text with plenty of reserved, multibyte and escape-looking characters.
pub fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just('a'),
            Just('Z'),
            Just('0'),
            Just('-'),
            Just('~'),
            Just('%'),
            Just('+'),
            Just('&'),
            Just('='),
            Just(' '),
            Just('"'),
            Just('é'),
            Just('中'),
            Just('🦀'),
            any::<char>(),
        ],
        0..12,
    )
    .prop_map(|v| v.into_iter().collect())
}

pub fn method() -> impl Strategy<Value = SignatureMethod> {
    prop::sample::select(SignatureMethod::SHARED_SECRET.to_vec())
}

/// Lowercases the hex digits of escapes only (`%2F` → `%2f`), a spelling
/// some clients send.
pub fn lower_escapes(enc: &str) -> String {
    let mut out = String::with_capacity(enc.len());
    let mut hex_left = 0;
    for c in enc.chars() {
        if c == '%' {
            hex_left = 2;
            out.push(c);
        } else if hex_left > 0 {
            hex_left -= 1;
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// One `name=value` of a query or form body as sent: encoded text in both
/// spellings (`+` for spaces, lowercase hex), and pieces that decode to
/// octets that are not UTF-8 (`Mal%E9`, Latin-1 for `Malé`), names without
/// a value, empty names and the RFC example's own pairs.
fn wire_pair() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (text(), text()).prop_map(|(n, v)| format!("{}={}", encode(&n), encode(&v))),
        2 => (text(), text()).prop_map(|(n, v)| format!(
            "{}={}",
            lower_escapes(&encode(&n).to_string()),
            encode(&v).to_string().replace("%20", "+")
        )),
        1 => prop::sample::select(vec![
            "city=Mal%E9", "a=%FF%fe", "x", "=v", "y=", "c%40=", "b5=%3D%253D", "a2=r%20b",
            "q=a+b", "%C3%A9=%E4%B8%AD",
        ])
        .prop_map(str::to_owned),
    ]
}

fn form() -> impl Strategy<Value = String> {
    prop::collection::vec(wire_pair(), 0..6).prop_map(|v| v.join("&"))
}

/// Absolute URLs: scheme and host in any case, default and other ports, a
/// path with escapes, a query of [`wire_pair`]s, sometimes a fragment.
fn url() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["http", "https", "HTTP"]),
        prop::sample::select(vec!["example.com", "Photos.Example.NET", "h"]),
        prop::sample::select(vec!["", ":80", ":443", ":8080"]),
        prop::sample::select(vec!["/", "/request", "/a%20b/caf%C3%A9", "/p/", ""]),
        prop::option::of(prop::collection::vec(wire_pair(), 0..6)),
        prop::option::of(Just("#frag")),
    )
        .prop_map(|(scheme, host, port, path, query, fragment)| {
            let query = query.map_or(String::new(), |q| format!("?{}", q.join("&")));
            format!(
                "{scheme}://{host}{port}{path}{query}{}",
                fragment.unwrap_or("")
            )
        })
}

/// The body of a generated request.
#[derive(Clone, Debug)]
pub enum BodySpec {
    None,
    Form(String),
    Opaque(Vec<u8>),
    /// A body whose `oauth_body_hash` the caller computed (the text is the
    /// hash of the bytes with the algorithm).
    Hash(Vec<u8>, BodyHashAlgorithm, String),
}

impl BodySpec {
    /// The bytes a server receives.
    pub fn bytes(&self) -> &[u8] {
        match self {
            BodySpec::None => b"",
            BodySpec::Form(f) => f.as_bytes(),
            BodySpec::Opaque(b) | BodySpec::Hash(b, ..) => b,
        }
    }

    /// The body as the engine takes it.
    pub fn body(&self) -> Body<'_> {
        match self {
            BodySpec::None => Body::None,
            BodySpec::Form(f) => Body::Form(f),
            BodySpec::Opaque(b) => Body::Opaque(b),
            BodySpec::Hash(_, _, h) => Body::Hash(h),
        }
    }

    /// The `oauth_body_hash` the request carries.
    pub fn hash(&self) -> Option<BodyHash> {
        match self {
            BodySpec::Opaque(b) => Some(BodyHash::sha1(b)),
            BodySpec::Hash(b, algorithm, _) => Some(BodyHash::new(*algorithm, b)),
            _ => None,
        }
    }
}

/// SHA-256 body hashes only with HMAC-SHA256: the one pairing a server
/// accepts besides SHA-1 (`body::body_hash_accepted`).
fn body(method: SignatureMethod) -> impl Strategy<Value = BodySpec> {
    let algorithms = if method == SignatureMethod::HmacSha256 {
        vec![BodyHashAlgorithm::Sha1, BodyHashAlgorithm::Sha256]
    } else {
        vec![BodyHashAlgorithm::Sha1]
    };
    let bytes = || prop::collection::vec(any::<u8>(), 0..32);
    prop_oneof![
        Just(BodySpec::None),
        form().prop_map(BodySpec::Form),
        bytes().prop_map(BodySpec::Opaque),
        (bytes(), prop::sample::select(algorithms)).prop_map(|(b, a)| {
            let h = BodyHash::new(a, &b).as_str().to_owned();
            BodySpec::Hash(b, a, h)
        }),
    ]
}

/// A request as a client signs it.
#[derive(Clone, Debug)]
pub struct Req {
    pub method: SignatureMethod,
    pub http_method: String,
    pub url: String,
    pub body: BodySpec,
    pub realm: Option<String>,
    pub consumer_key: String,
    pub token: Option<String>,
    pub timestamp: String,
    pub nonce: String,
    pub callback: Option<String>,
    pub verifier: Option<String>,
    pub version: bool,
    /// Extension parameters set in code: `oauth_*` ones travel in every
    /// placement; any other name keeps the request out of the header.
    pub extras: Vec<(String, String)>,
    pub consumer_secret: String,
    pub token_secret: String,
}

/// Extension names, each at most once (§3.1), none a named protocol
/// parameter.
fn extras() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec(("(oauth_x|xoauth_|x)[a-z]{1,4}", text()), 0..3).prop_map(|v| {
        let mut seen = std::collections::HashSet::new();
        v.into_iter()
            .filter(|(n, _)| seen.insert(n.clone()))
            .collect()
    })
}

prop_compose! {
    fn protocol_values()(
        consumer_key in text(),
        token in prop::option::of(text()),
        timestamp in "[1-9][0-9]{0,9}",
        nonce in "[!-~]{1,16}",
        callback in prop::option::of(text()),
        verifier in prop::option::of(text()),
        version in any::<bool>(),
    ) -> (String, Option<String>, String, String, Option<String>, Option<String>, bool) {
        (consumer_key, token, timestamp, nonce, callback, verifier, version)
    }
}

prop_compose! {
    fn client()(method in method())(
        method in Just(method),
        http_method in prop::sample::select(vec!["GET", "POST", "PUT", "DELETE", "patch", "M-SEARCH"]),
        url in url(),
        body in body(method),
        realm in prop::option::of("[ -~]{0,12}"),
        extras in extras(),
        consumer_secret in text(),
        token_secret in text(),
    ) -> (SignatureMethod, String, String, BodySpec, Option<String>, Vec<(String, String)>, String, String) {
        (method, http_method.to_owned(), url, body, realm, extras, consumer_secret, token_secret)
    }
}

prop_compose! {
    /// Requests with every kind of method, URL, body, realm, signature
    /// method and extension parameter.
    pub fn req()(
        (method, http_method, url, body, realm, extras, consumer_secret, token_secret) in client(),
        (consumer_key, token, timestamp, nonce, callback, verifier, version) in protocol_values(),
    ) -> Req {
        Req {
            method, http_method, url, body, realm, consumer_key, token, timestamp, nonce,
            callback, verifier, version, extras, consumer_secret, token_secret,
        }
    }
}

impl Req {
    pub fn key(&self) -> SigningKey {
        SigningKey::new(self.method, &self.consumer_secret, &self.token_secret).unwrap()
    }

    /// The request, with PLAINTEXT allowed over http: these properties are
    /// about the signature; `plaintext_needs_tls_or_the_opt_in` holds the
    /// transport rule.
    pub fn request(&self) -> HttpRequest<'_> {
        HttpRequest::new(&self.http_method, &self.url)
            .body(self.body.body())
            .allow_plaintext_over_http()
    }

    pub fn extra_params(&self) -> Vec<Param<'_>> {
        self.extras.iter().map(|(n, v)| Param::raw(n, v)).collect()
    }

    /// The protocol values, with `extra` as the extension parameters.
    pub fn protocol<'a>(&'a self, extra: &'a [Param<'a>]) -> Protocol<'a> {
        let mut p = Protocol::new(&self.consumer_key)
            .timestamp(&self.timestamp)
            .nonce(&self.nonce)
            .version(self.version)
            .extra(extra);
        if let Some(t) = &self.token {
            p = p.token(t);
        }
        if let Some(c) = &self.callback {
            p = p.callback(c);
        }
        if let Some(v) = &self.verifier {
            p = p.verifier(v);
        }
        p
    }

    /// Whether every extension parameter can travel in the header (§3.5.1).
    pub fn header_can_carry(&self) -> bool {
        self.extras.iter().all(|(n, _)| n.starts_with("oauth_"))
    }

    /// The request as a server receives it with the output of `placement`.
    pub fn wire(&self, placement: Placement<'_>, output: String) -> Wire {
        let content_type = match &self.body {
            BodySpec::None | BodySpec::Form(_) => Some(FORM_CONTENT_TYPE),
            _ => Some("application/octet-stream"),
        };
        let mut wire = Wire {
            http_method: self.http_method.clone(),
            url: self.url.clone(),
            header: None,
            content_type,
            body: self.body.bytes().to_vec(),
        };
        match placement {
            Placement::Header { .. } => wire.header = Some(output),
            Placement::Query => wire.url = output,
            _ => wire.body = output.into_bytes(),
        }
        wire
    }
}

/// The reference: the building blocks composed by hand, as before the
/// engine existed — parameters collected and sorted, the protocol
/// parameters of `Protocol::params` added, the base string built, then
/// signed. Returns the signature and the base string.
pub fn by_hand(r: &Req, key: &SigningKey) -> (String, String) {
    let extra = r.extra_params();
    let protocol = r.protocol(&extra);
    let hash = r.body.hash();
    let mut params = Params::new(vec![Param::EMPTY; 64]);
    params.extend_query(&r.url).unwrap();
    if let BodySpec::Form(f) = &r.body {
        params.extend_form(f, Source::Body).unwrap();
    }
    for p in protocol.params(key.method(), hash.as_ref().map(BodyHash::as_str)) {
        params.push(p).unwrap();
    }
    params.sort();
    let uri = BaseStringUri::parse(&r.url).unwrap();
    let base = BaseString::new(&r.http_method, &uri, params.as_slice()).unwrap();
    (
        key.sign(&base).unwrap().as_str().to_owned(),
        base.to_string(),
    )
}

/// A policy that accepts every well-formed request: all methods, PLAINTEXT
/// over http, any timestamp, any printable nonce.
pub fn permissive() -> Policy<'static> {
    Policy::new(&SignatureMethod::SHARED_SECRET)
        .allow_plaintext_over_http(true)
        .window(u64::MAX)
        .nonce_length(0..=usize::MAX)
        .nonce_charset(NonceCharset::Printable)
}

/// Which part of a request carries a parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Carrier {
    Url,
    Body,
    Header,
}

/// Where one parameter value sits in a [`Wire`], and its decoded octets.
#[derive(Clone, Debug)]
pub struct ValueSpan {
    pub carrier: Carrier,
    pub name: Vec<u8>,
    pub start: usize,
    pub end: usize,
    pub decoded: Vec<u8>,
}

/// A request as received.
#[derive(Clone, Debug)]
pub struct Wire {
    pub http_method: String,
    pub url: String,
    pub header: Option<String>,
    pub content_type: Option<&'static str>,
    pub body: Vec<u8>,
}

/// The offset of `inner` in `outer`, which contains it.
fn offset_in(outer: &str, inner: &str) -> usize {
    inner.as_ptr() as usize - outer.as_ptr() as usize
}

impl Wire {
    pub fn incoming(&self) -> Incoming<'_> {
        let mut i = Incoming::new(&self.http_method, &self.url).body(&self.body);
        if let Some(h) = &self.header {
            i = i.authorization(h);
        }
        if let Some(ct) = self.content_type {
            i = i.content_type(ct);
        }
        i
    }

    fn is_form(&self) -> bool {
        self.content_type == Some(FORM_CONTENT_TYPE)
    }

    /// Every parameter value carried (the header's `realm` apart: it is
    /// not a parameter), with its decoded octets.
    pub fn values(&self) -> Vec<ValueSpan> {
        let mut out = Vec::new();
        let mut form = |carrier, outer: &str, text: &str, part| {
            for p in pairs(text, part) {
                let (name, value, _) = p.unwrap();
                out.push(span(carrier, outer, &name, &value));
            }
        };
        form(Carrier::Url, &self.url, query_of(&self.url), Part::Query);
        if self.is_form() {
            let body = std::str::from_utf8(&self.body).unwrap();
            form(Carrier::Body, body, body, Part::Body);
        }
        if let Some(h) = &self.header {
            for item in parse_authorization(h).unwrap() {
                let item = item.unwrap();
                if item.value.spelling() != Spelling::Quoted {
                    out.push(span(Carrier::Header, h, &item.name, &item.value));
                }
            }
        }
        out
    }

    /// This request with octet `at` of the value at `span` xor-ed with
    /// `flip` (non-zero), the value re-encoded (§3.6).
    pub fn tamper(&self, span: &ValueSpan, at: usize, flip: u8) -> Wire {
        let mut decoded = span.decoded.clone();
        decoded[at] ^= flip;
        let encoded = encode_bytes(&decoded).to_string();
        let mut out = self.clone();
        match span.carrier {
            Carrier::Url => out.url.replace_range(span.start..span.end, &encoded),
            Carrier::Body => {
                out.body
                    .splice(span.start..span.end, encoded.bytes())
                    .for_each(drop);
            }
            Carrier::Header => {
                let h = out.header.as_mut().unwrap();
                h.replace_range(span.start..span.end, &encoded);
            }
        }
        out
    }
}

fn span(carrier: Carrier, outer: &str, name: &Text<'_>, value: &Text<'_>) -> ValueSpan {
    let wire = value.as_wire();
    // A pair without `=` has an empty value from no position in the text.
    let start = if wire.is_empty() {
        0
    } else {
        offset_in(outer, wire)
    };
    ValueSpan {
        carrier,
        name: name.decoded().collect(),
        start,
        end: start + wire.len(),
        decoded: value.decoded().collect(),
    }
}
