//! The tower layer and the axum extractor, end to end: requests signed by
//! oauthsig's own client (`oauthsig::http::sign`) for every signature
//! method, placement and body kind, sent through the service directly
//! (`ServiceExt::oneshot`) and over real HTTP to an axum server on
//! loopback; replays, single-byte forgeries, the body limit, and the
//! TLS-proxy case (the client signed https, the server received http).

#![cfg(all(feature = "axum", feature = "http"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use axum::Router;
use axum::routing::any;
use bytes::Bytes;
use http_body_util::Full;
use oauthsig::http::{Placement, sign};
use oauthsig::tower::{BufferedBody, OAuth, OAuthLayer, OriginError, PublicOrigin};
use oauthsig::verifier::{
    CredentialLookup, CredentialQuery, Credentials, LookupError, Verified, Verifier, VerifyError,
};
use oauthsig::{Consumer, SignatureMethod, Token};
use std::convert::Infallible;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tower::{Layer, ServiceExt, service_fn};

const PUBLIC: &str = "https://api.example.test";
const FORM: &str = "application/x-www-form-urlencoded";

/// The credentials every test's server knows: consumer `ck` (secrets) and
/// `rsa-ck` (an RSA public key), both with token `tk`.
struct Lookup {
    #[cfg(feature = "rsa")]
    rsa: Arc<oauthsig::RsaPublicKey>,
}

impl Lookup {
    fn new() -> Arc<Self> {
        Arc::new(Lookup {
            #[cfg(feature = "rsa")]
            rsa: Arc::new(
                oauthsig::RsaPublicKey::parse(
                    &std::fs::read("../../tests/keys/rsa2048.spki.pem").unwrap(),
                )
                .unwrap(),
            ),
        })
    }
}

impl CredentialLookup for Lookup {
    fn credentials(&self, q: &CredentialQuery<'_>) -> Result<Credentials<'_>, LookupError> {
        match (q.consumer_key(), q.token()) {
            ("ck", Some("tk")) => Ok(Credentials::secrets("cs", "ts")),
            ("ck", None) => Ok(Credentials::secrets("cs", "")),
            #[cfg(feature = "rsa")]
            ("rsa-ck", None | Some("tk")) => Ok(Credentials::from(Arc::clone(&self.rsa))),
            ("ck" | "rsa-ck", Some(_)) => Err(LookupError::UnknownToken),
            _ => Err(LookupError::UnknownConsumer),
        }
    }
}

fn methods() -> Vec<SignatureMethod> {
    let mut m = vec![
        SignatureMethod::HmacSha1,
        SignatureMethod::HmacSha256,
        SignatureMethod::HmacSha512,
        SignatureMethod::Plaintext,
    ];
    if cfg!(feature = "rsa") {
        m.push(SignatureMethod::RsaSha1);
    }
    m
}

fn verifier() -> Verifier {
    methods()
        .into_iter()
        .fold(Verifier::builder(), |b, m| b.allow(m))
        .build()
        .unwrap()
}

fn consumer(method: SignatureMethod) -> Consumer {
    #[cfg(feature = "rsa")]
    if method.is_rsa() {
        let pem = std::fs::read("../../tests/keys/rsa2048.pkcs8.pem").unwrap();
        return Consumer::rsa("rsa-ck", oauthsig::RsaPrivateKey::parse(&pem).unwrap());
    }
    let _ = method;
    Consumer::new("ck", "cs")
}

fn token() -> Token {
    Token::new("tk", "ts")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BodyKind {
    Form,
    Json,
    Empty,
}

const FORM_BODY: &str = "title=Sunset%20Strip&n=3";
const JSON_BODY: &str = r#"{"title":"Sunset","n":3}"#;

/// A request to `url` (absolute, as the client signs it), signed.
fn signed(
    method: SignatureMethod,
    url: &str,
    body: BodyKind,
    placement: &Placement,
) -> ::http::Request<Vec<u8>> {
    let b = ::http::Request::builder().uri(url);
    let mut req = match body {
        BodyKind::Form => b
            .method("POST")
            .header("content-type", FORM)
            .body(FORM_BODY.into()),
        BodyKind::Json => b
            .method("PUT")
            .header("content-type", "application/json")
            .body(JSON_BODY.into()),
        BodyKind::Empty => b.method("GET").body(Vec::new()),
    }
    .unwrap();
    sign(
        &mut req,
        method,
        &consumer(method),
        Some(&token()),
        placement,
    )
    .unwrap();
    req
}

const HEADER: Placement = Placement::Header { realm: None };

/// What the inner service (or handler) saw, one line each, to compare.
fn describe(v: &Verified, body: &[u8]) -> String {
    let mut out = format!(
        "consumer {}\ntoken {}\nmethod {}\n",
        v.consumer_key(),
        v.token().unwrap_or("-"),
        v.signature_method()
    );
    for p in v.parameters() {
        let _ = writeln!(out, "param {}={}", p.name().unwrap(), p.value().unwrap());
    }
    let _ = write!(out, "body {}", String::from_utf8_lossy(body));
    out
}

/// What `describe` must say for a request signed by `signed`.
fn expected(method: SignatureMethod, body: BodyKind) -> String {
    let key = if method.is_rsa() { "rsa-ck" } else { "ck" };
    let mut out = format!("consumer {key}\ntoken tk\nmethod {method}\nparam x=1\nparam y=a b\n");
    match body {
        BodyKind::Form => {
            out.push_str("param title=Sunset Strip\nparam n=3\nbody title=Sunset%20Strip&n=3")
        }
        BodyKind::Json => write!(out, "body {JSON_BODY}").unwrap(),
        BodyKind::Empty => out.push_str("body "),
    }
    out
}

/// The request as the server receives it: origin-form target, a `Host`.
fn received(req: &::http::Request<Vec<u8>>, host: &str) -> ::http::Request<Full<Bytes>> {
    let mut b = ::http::Request::builder()
        .method(req.method())
        .uri(req.uri().path_and_query().unwrap().as_str())
        .header("host", host);
    for (name, value) in req.headers() {
        b = b.header(name, value);
    }
    b.body(Full::new(Bytes::from(req.body().clone()))).unwrap()
}

/// A counter of calls to the inner service, and the service.
#[derive(Clone, Default)]
struct Calls(Arc<AtomicUsize>);

impl Calls {
    fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

type Inner = tower::util::BoxCloneService<
    ::http::Request<BufferedBody>,
    ::http::Response<String>,
    Infallible,
>;

/// The innermost service: describes what it was handed.
fn inner(calls: &Calls) -> Inner {
    let calls = calls.clone();
    tower::util::BoxCloneService::new(service_fn(move |req: ::http::Request<BufferedBody>| {
        calls.0.fetch_add(1, Ordering::SeqCst);
        let text = match req.extensions().get::<Verified>() {
            Some(v) => describe(v, req.body().bytes()),
            None => "no verified result".to_owned(),
        };
        async move { Ok::<_, Infallible>(::http::Response::new(text)) }
    }))
}

async fn oneshot(
    layer: &OAuthLayer,
    calls: &Calls,
    req: ::http::Request<Full<Bytes>>,
) -> ::http::Response<String> {
    layer.layer(inner(calls)).oneshot(req).await.unwrap()
}

fn challenge(res: &::http::Response<String>) -> Option<&str> {
    res.headers()
        .get("www-authenticate")
        .map(|v| v.to_str().unwrap())
}

#[tokio::test]
async fn every_method_placement_and_body_is_accepted_through_the_service() {
    let layer = OAuthLayer::new(verifier(), Lookup::new())
        .public_origin(PublicOrigin::new(PUBLIC).unwrap());
    let calls = Calls::default();
    let mut n = 0;
    for method in methods() {
        for placement in [HEADER, Placement::Query] {
            for body in [BodyKind::Form, BodyKind::Json, BodyKind::Empty] {
                let url = format!("{PUBLIC}/items?x=1&y=a%20b");
                let req = signed(method, &url, body, &placement);
                let res = oneshot(&layer, &calls, received(&req, "127.0.0.1:9")).await;
                let case = format!("{method} {placement:?} {body:?}");
                assert_eq!(res.status(), 200, "{case}: {}", res.body());
                assert_eq!(res.body(), &expected(method, body), "{case}");
                n += 1;
                assert_eq!(calls.count(), n);
            }
        }
    }
    assert_eq!(n, methods().len() * 6);
}

#[tokio::test]
async fn a_replay_is_refused_with_the_verifiers_challenge() {
    let layer = OAuthLayer::new(verifier(), Lookup::new())
        .public_origin(PublicOrigin::new(PUBLIC).unwrap());
    let calls = Calls::default();
    for method in methods() {
        let req = signed(
            method,
            &format!("{PUBLIC}/items?x=1"),
            BodyKind::Form,
            &HEADER,
        );
        let first = oneshot(&layer, &calls, received(&req, "h")).await;
        assert_eq!(first.status(), 200, "{method}");
        let again = oneshot(&layer, &calls, received(&req, "h")).await;
        assert_eq!(again.status(), 401, "{method}");
        assert_eq!(again.body(), "nonce already used\n");
        assert_eq!(challenge(&again), Some(r#"OAuth realm="""#));
        assert_eq!(again.headers()["content-type"], "text/plain; charset=utf-8");
        assert_eq!(
            again.extensions().get::<VerifyError>(),
            Some(&VerifyError::UsedNonce)
        );
    }
    assert_eq!(calls.count(), methods().len());
}

/// Replaces an alphanumeric byte by another of the same kind (a hex digit
/// by a hex digit, so `%2F` stays an escape): the request still parses,
/// and only its signature can fail.
fn tamper(b: u8) -> Option<u8> {
    let rotate = |b: u8, lo: u8, hi: u8| if b == hi { lo } else { b + 1 };
    Some(match b {
        b'0'..=b'9' => rotate(b, b'0', b'9'),
        b'a'..=b'f' => rotate(b, b'a', b'f'),
        b'g'..=b'z' => rotate(b, b'g', b'z'),
        b'A'..=b'F' => rotate(b, b'A', b'F'),
        b'G'..=b'Z' => rotate(b, b'G', b'Z'),
        _ => return None,
    })
}

/// The byte ranges of the `Authorization` header's values, but the
/// signature method's and the version's (changing those is a 400, a
/// request the verifier cannot even classify).
fn header_values(header: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(eq) = header[at..].find("=\"") {
        let start = at + eq + 2;
        let end = start + header[start..].find('"').unwrap();
        let name = header[..at + eq].rsplit([' ', ',']).next().unwrap();
        if name != "oauth_signature_method" && name != "oauth_version" {
            out.push(start..end);
        }
        at = end + 1;
    }
    out
}

#[tokio::test]
async fn any_tampered_byte_is_a_401_with_a_challenge() {
    let layer = OAuthLayer::new(verifier(), Lookup::new())
        .public_origin(PublicOrigin::new(PUBLIC).unwrap());
    let calls = Calls::default();
    let mut forged = 0;
    for method in [SignatureMethod::HmacSha256, *methods().last().unwrap()] {
        for body in [BodyKind::Form, BodyKind::Json] {
            let req = signed(
                method,
                &format!("{PUBLIC}/items?x=1&y=a%20b"),
                body,
                &HEADER,
            );
            let good = received(&req, "h");
            let target = req.uri().path_and_query().unwrap().as_str().to_owned();
            let header = req.headers()["authorization"].to_str().unwrap().to_owned();
            let mut variants: Vec<(String, String, Vec<u8>)> = Vec::new();
            for i in 0..target.len() {
                if let Some(t) = tamper(target.as_bytes()[i]) {
                    let mut bytes = target.clone().into_bytes();
                    bytes[i] = t;
                    variants.push((
                        String::from_utf8(bytes).unwrap(),
                        header.clone(),
                        req.body().clone(),
                    ));
                }
            }
            for i in 0..req.body().len() {
                if let Some(t) = tamper(req.body()[i]) {
                    let mut bytes = req.body().clone();
                    bytes[i] = t;
                    variants.push((target.clone(), header.clone(), bytes));
                }
            }
            for range in header_values(&header) {
                for i in range {
                    // PLAINTEXT's signature is the secrets; RSA's can be
                    // changed anywhere: every value byte counts.
                    if let Some(t) = tamper(header.as_bytes()[i]) {
                        let mut bytes = header.clone().into_bytes();
                        bytes[i] = t;
                        variants.push((
                            target.clone(),
                            String::from_utf8(bytes).unwrap(),
                            req.body().clone(),
                        ));
                    }
                }
            }
            for (target, header, body) in variants {
                let mut forgery = received(&req, "h");
                *forgery.uri_mut() = target.parse().unwrap();
                forgery
                    .headers_mut()
                    .insert("authorization", header.parse().unwrap());
                *forgery.body_mut() = Full::new(Bytes::from(body));
                let res = oneshot(&layer, &calls, forgery).await;
                assert_eq!(
                    res.status(),
                    401,
                    "{method} {target} {header}: {}",
                    res.body()
                );
                assert_eq!(challenge(&res), Some(r#"OAuth realm="""#));
                assert!(!res.body().contains("&"), "no base string: {}", res.body());
                forged += 1;
            }
            // The untouched request still passes: no forgery burnt its nonce.
            assert_eq!(oneshot(&layer, &calls, good).await.status(), 200);
        }
    }
    assert_eq!(calls.count(), 4, "no forgery reached the inner service");
    assert!(forged > 200, "{forged} forgeries");
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_and_not_read() {
    let layer = OAuthLayer::new(verifier(), Lookup::new())
        .public_origin(PublicOrigin::new(PUBLIC).unwrap())
        .body_limit(FORM_BODY.len() - 1);
    let calls = Calls::default();
    let req = signed(
        SignatureMethod::HmacSha1,
        &format!("{PUBLIC}/items"),
        BodyKind::Form,
        &HEADER,
    );
    let res = oneshot(&layer, &calls, received(&req, "h")).await;
    assert_eq!(res.status(), 413);
    assert_eq!(challenge(&res), None);
    assert_eq!(
        res.body(),
        &format!(
            "request body exceeds the limit of {} bytes\n",
            FORM_BODY.len() - 1
        )
    );
    // At the limit exactly, it passes.
    let layer = layer.body_limit(FORM_BODY.len());
    let req = signed(
        SignatureMethod::HmacSha1,
        &format!("{PUBLIC}/items"),
        BodyKind::Form,
        &HEADER,
    );
    assert_eq!(
        oneshot(&layer, &calls, received(&req, "h")).await.status(),
        200
    );
    assert_eq!(calls.count(), 1);
}

#[tokio::test]
async fn failures_before_the_verifier_are_400_with_their_reason() {
    let layer = OAuthLayer::new(verifier(), Lookup::new()).trust_forwarded_headers(true);
    let calls = Calls::default();
    let req = signed(
        SignatureMethod::HmacSha1,
        "http://h/items",
        BodyKind::Empty,
        &HEADER,
    );
    // A forwarded host that would move the path.
    let mut bad = received(&req, "h");
    bad.headers_mut()
        .insert("x-forwarded-host", "evil.example/x?".parse().unwrap());
    let res = oneshot(&layer, &calls, bad).await;
    assert_eq!(res.status(), 400);
    assert_eq!(
        res.body(),
        "cannot rebuild the signed url: x-forwarded-host header: not a host and optional port\n"
    );
    assert!(res.extensions().get::<OriginError>().is_some());
    // Two Authorization headers: which one was signed is ambiguous.
    let mut twice = received(&req, "h");
    let auth = twice.headers()["authorization"].clone();
    twice.headers_mut().append("authorization", auth);
    let res = oneshot(&layer, &calls, twice).await;
    assert_eq!(res.status(), 400);
    assert_eq!(
        res.body(),
        "authorization header is not text, or is repeated\n"
    );
    // Unsigned: the verifier's 400, no challenge.
    let res = oneshot(
        &layer,
        &calls,
        received(
            &::http::Request::get("http://h/").body(Vec::new()).unwrap(),
            "h",
        ),
    )
    .await;
    assert_eq!(res.status(), 400);
    assert_eq!(challenge(&res), None);
    // And the request itself passes.
    assert_eq!(
        oneshot(&layer, &calls, received(&req, "h")).await.status(),
        200
    );
    assert_eq!(calls.count(), 1);
}

// ---------------------------------------------------------------------------
// Real HTTP: an axum server on 127.0.0.1:0, a raw HTTP/1.1 client.

/// The axum handler: the extractor, and the body the layer handed on.
async fn handler(OAuth(verified): OAuth, body: Bytes) -> String {
    describe(&verified, &body)
}

/// Serves `layer` around the handler; the address.
async fn serve(layer: OAuthLayer) -> SocketAddr {
    let app = Router::new()
        .route("/items", any(handler))
        .route_layer(layer);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

struct Raw {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Raw {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Sends `req` (signed for any URL) to `addr` as origin-form HTTP/1.1, with
/// `Host: addr` unless `extra` sets it; `body` overrides the request's.
async fn send(
    addr: SocketAddr,
    req: &::http::Request<Vec<u8>>,
    extra: &[(&str, &str)],
    chunked: bool,
) -> Raw {
    let mut head = format!(
        "{} {} HTTP/1.1\r\nconnection: close\r\n",
        req.method(),
        req.uri().path_and_query().unwrap()
    );
    if !extra.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        write!(head, "host: {addr}\r\n").unwrap();
    }
    for (name, value) in req.headers() {
        write!(head, "{name}: {}\r\n", value.to_str().unwrap()).unwrap();
    }
    for (name, value) in extra {
        write!(head, "{name}: {value}\r\n").unwrap();
    }
    let mut wire = head.into_bytes();
    if chunked {
        wire.extend_from_slice(b"transfer-encoding: chunked\r\n\r\n");
        for chunk in req.body().chunks(512) {
            wire.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
            wire.extend_from_slice(chunk);
            wire.extend_from_slice(b"\r\n");
        }
        wire.extend_from_slice(b"0\r\n\r\n");
    } else {
        wire.extend_from_slice(format!("content-length: {}\r\n\r\n", req.body().len()).as_bytes());
        wire.extend_from_slice(req.body());
    }
    let mut stream = TcpStream::connect(addr).await.unwrap();
    // The server may answer (413) and close before reading everything.
    let _ = stream.write_all(&wire).await;
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out).await;
    let text = String::from_utf8(out).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.to_owned(), v.trim().to_owned())
        })
        .collect();
    Raw {
        status,
        headers,
        body: body.to_owned(),
    }
}

#[tokio::test]
async fn every_method_placement_and_body_is_accepted_over_http() {
    let addr = serve(
        OAuthLayer::new(verifier(), Lookup::new())
            .public_origin(PublicOrigin::new(PUBLIC).unwrap()),
    )
    .await;
    for method in methods() {
        for placement in [HEADER, Placement::Query] {
            for body in [BodyKind::Form, BodyKind::Json, BodyKind::Empty] {
                let req = signed(
                    method,
                    &format!("{PUBLIC}/items?x=1&y=a%20b"),
                    body,
                    &placement,
                );
                let res = send(addr, &req, &[], false).await;
                let case = format!("{method} {placement:?} {body:?}");
                assert_eq!(res.status, 200, "{case}: {}", res.body);
                assert_eq!(res.body, expected(method, body), "{case}");
                if body == BodyKind::Form && placement == HEADER {
                    // The same request again: a replay.
                    let again = send(addr, &req, &[], true).await;
                    assert_eq!(again.status, 401, "{case}");
                    assert_eq!(again.body, "nonce already used\n");
                    assert_eq!(again.header("www-authenticate"), Some(r#"OAuth realm="""#));
                }
            }
        }
    }
}

#[tokio::test]
async fn tampered_and_oversized_requests_over_http() {
    let addr = serve(
        OAuthLayer::new(verifier(), Lookup::new())
            .public_origin(PublicOrigin::new(PUBLIC).unwrap())
            .body_limit(1024),
    )
    .await;
    let req = signed(
        SignatureMethod::HmacSha512,
        &format!("{PUBLIC}/items?x=1"),
        BodyKind::Form,
        &HEADER,
    );
    // One byte of the body changed.
    let mut forged = req.clone();
    forged.body_mut()[0] = b'T';
    let res = send(addr, &forged, &[], false).await;
    assert_eq!(
        (res.status, res.body.as_str()),
        (401, "invalid signature\n")
    );
    assert_eq!(res.header("www-authenticate"), Some(r#"OAuth realm="""#));
    // One byte of the URL.
    let mut forged = req.clone();
    *forged.uri_mut() = format!("{PUBLIC}/items?x=2").parse().unwrap();
    let res = send(addr, &forged, &[], false).await;
    assert_eq!(
        (res.status, res.body.as_str()),
        (401, "invalid signature\n")
    );
    assert_eq!(res.header("www-authenticate"), Some(r#"OAuth realm="""#));
    // The original still passes, chunked this time.
    assert_eq!(send(addr, &req, &[], true).await.status, 200);

    // Over the limit: by Content-Length, and chunked (no length known).
    let mut big = ::http::Request::post(format!("{PUBLIC}/items"))
        .header("content-type", FORM)
        .body(format!("pad={}", "x".repeat(4096)).into_bytes())
        .unwrap();
    sign(
        &mut big,
        SignatureMethod::HmacSha1,
        &consumer(SignatureMethod::HmacSha1),
        None,
        &HEADER,
    )
    .unwrap();
    for chunked in [false, true] {
        let res = send(addr, &big, &[], chunked).await;
        assert_eq!(res.status, 413, "chunked: {chunked}");
        assert_eq!(res.body, "request body exceeds the limit of 1024 bytes\n");
        assert_eq!(res.header("www-authenticate"), None);
    }
}

#[tokio::test]
async fn the_extractor_without_the_layer_is_a_500_and_option_is_none() {
    let app: Router = Router::new().route("/items", any(handler)).route(
        "/maybe",
        any(|o: Option<OAuth>| async move { format!("{}", o.is_some()) }),
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let req = ::http::Request::get(format!("{PUBLIC}/items"))
        .body(Vec::new())
        .unwrap();
    let res = send(addr, &req, &[], false).await;
    assert_eq!(
        (res.status, res.body.as_str()),
        (500, "no OAuthLayer verified this request\n")
    );
    let req = ::http::Request::get(format!("{PUBLIC}/maybe"))
        .body(Vec::new())
        .unwrap();
    let res = send(addr, &req, &[], false).await;
    assert_eq!((res.status, res.body.as_str()), (200, "false"));
}

// ---------------------------------------------------------------------------
// THE PROXY CASE: the client signs https://api.example.test/…, a TLS proxy
// sends it on as http://127.0.0.1:PORT/… with X-Forwarded-* headers.

/// A verifier with a realm, so that its challenge is recognisably its own.
fn realm_verifier() -> Verifier {
    methods()
        .into_iter()
        .fold(Verifier::builder(), |b, m| b.allow(m))
        .require_realm("Example API")
        .build()
        .unwrap()
}

fn realm() -> Placement {
    Placement::Header {
        realm: Some("Example API".to_owned()),
    }
}

const FORWARDED: [(&str, &str); 2] = [
    ("x-forwarded-proto", "https"),
    ("x-forwarded-host", "api.example.test"),
];

#[tokio::test]
async fn behind_a_tls_proxy_trusted_headers_are_accepted() {
    let addr =
        serve(OAuthLayer::new(realm_verifier(), Lookup::new()).trust_forwarded_headers(true)).await;
    for method in methods() {
        for body in [BodyKind::Form, BodyKind::Json, BodyKind::Empty] {
            let req = signed(
                method,
                "https://api.example.test/items?x=1&y=a%20b",
                body,
                &realm(),
            );
            let res = send(addr, &req, &FORWARDED, false).await;
            assert_eq!(res.status, 200, "{method} {body:?}: {}", res.body);
            assert_eq!(res.body, expected(method, body));
        }
    }
    // RFC 7239's header does as well, with the proxy chain in it.
    let req = signed(
        SignatureMethod::HmacSha1,
        "https://api.example.test/items?x=1&y=a%20b",
        BodyKind::Form,
        &realm(),
    );
    let fwd = [(
        "forwarded",
        r#"for=198.51.100.7;proto=https;host="api.example.test", for=10.0.0.2;proto=http"#,
    )];
    assert_eq!(send(addr, &req, &fwd, false).await.status, 200);
    // Without the headers the request is http://127.0.0.1:PORT/: refused.
    let req = signed(
        SignatureMethod::HmacSha1,
        "https://api.example.test/items",
        BodyKind::Empty,
        &realm(),
    );
    let res = send(addr, &req, &[], false).await;
    assert_eq!(res.status, 401);
}

#[tokio::test]
async fn behind_a_tls_proxy_untrusted_headers_are_ignored() {
    let verifier = Arc::new(realm_verifier());
    let addr = serve(OAuthLayer::new(Arc::clone(&verifier), Lookup::new())).await;
    let verifiers_own = verifier.www_authenticate(&VerifyError::BadSignature);
    assert_eq!(
        verifiers_own.as_deref(),
        Some(r#"OAuth realm="Example API""#)
    );
    for method in methods() {
        let req = signed(
            method,
            "https://api.example.test/items?x=1",
            BodyKind::Form,
            &realm(),
        );
        let res = send(addr, &req, &FORWARDED, false).await;
        let status = if method == SignatureMethod::Plaintext {
            // Over http, as the server sees it: refused before any secret.
            (400, "plaintext signatures require https\n")
        } else {
            (401, "invalid signature\n")
        };
        assert_eq!((res.status, res.body.as_str()), status, "{method}");
        if status.0 == 401 {
            assert_eq!(
                res.header("www-authenticate"),
                verifiers_own.as_deref(),
                "{method}"
            );
        }
    }
}

#[tokio::test]
async fn behind_a_tls_proxy_a_public_origin_needs_no_header() {
    let origin = PublicOrigin::new("https://api.example.test").unwrap();
    let addr = serve(OAuthLayer::new(realm_verifier(), Lookup::new()).public_origin(origin)).await;
    for method in methods() {
        let req = signed(
            method,
            "https://api.example.test/items?x=1&y=a%20b",
            BodyKind::Form,
            &realm(),
        );
        let res = send(addr, &req, &[], false).await;
        assert_eq!(res.status, 200, "{method}: {}", res.body);
        assert_eq!(res.body, expected(method, BodyKind::Form));
    }
    // The configured origin wins over a client's (untrusted) headers.
    let req = signed(
        SignatureMethod::HmacSha1,
        "https://evil.example/items",
        BodyKind::Empty,
        &realm(),
    );
    let evil = [
        ("x-forwarded-proto", "https"),
        ("x-forwarded-host", "evil.example"),
    ];
    assert_eq!(send(addr, &req, &evil, false).await.status, 401);
}

#[tokio::test]
async fn under_nest_the_original_uri_is_verified() {
    let layer = OAuthLayer::new(verifier(), Lookup::new())
        .public_origin(PublicOrigin::new(PUBLIC).unwrap());
    let api = Router::new()
        .route("/items", any(handler))
        .route_layer(layer);
    let app: Router = Router::new().nest("/v1", api);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let req = signed(
        SignatureMethod::HmacSha256,
        &format!("{PUBLIC}/v1/items?x=1&y=a%20b"),
        BodyKind::Json,
        &HEADER,
    );
    let res = send(addr, &req, &[], false).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(
        res.body,
        expected(SignatureMethod::HmacSha256, BodyKind::Json)
    );
}

// ---------------------------------------------------------------------------
// Any nonce store the verifier was built with: two servers (two layers, two
// verifiers) sharing one store accept a request once.

/// Two layers around verifiers on `store`; the request goes to the first,
/// then its replay to the second.
async fn accepted_once_by_two_servers(first: Verifier, second: Verifier) {
    let origin = || PublicOrigin::new(PUBLIC).unwrap();
    let a = OAuthLayer::new(first, Lookup::new()).public_origin(origin());
    let b = OAuthLayer::new(second, Lookup::new()).public_origin(origin());
    let calls = Calls::default();
    let req = signed(
        SignatureMethod::HmacSha1,
        &format!("{PUBLIC}/items?x=1&y=a%20b"),
        BodyKind::Form,
        &HEADER,
    );
    let res = oneshot(&a, &calls, received(&req, "h")).await;
    assert_eq!(res.status(), 200, "{}", res.body());
    let res = oneshot(&b, &calls, received(&req, "h")).await;
    assert_eq!(
        (res.status().as_u16(), res.body().as_str()),
        (401, "nonce already used\n")
    );
    assert_eq!(calls.count(), 1);
}

#[tokio::test]
async fn a_shared_memory_store_refuses_the_replay_on_another_server() {
    let store = Arc::new(oauthsig::MemoryNonceStore::new());
    let on = |store: &Arc<oauthsig::MemoryNonceStore>| {
        Verifier::builder()
            .allow(SignatureMethod::HmacSha1)
            .nonce_store(Arc::clone(store))
            .build()
            .unwrap()
    };
    accepted_once_by_two_servers(on(&store), on(&store)).await;
}

/// The Redis store (feature `redis`) at `OAUTHSIG_REDIS_URL`, as
/// `tests/verifier_redis.rs` runs it: skipped when unset, except where CI
/// or `OAUTHSIG_REQUIRE_REDIS` requires it. Each verifier has its own
/// connection; the layer calls the store inline (a blocking round trip).
#[cfg(feature = "redis")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_redis_store_refuses_the_replay_on_another_server() {
    let flag = |n: &str| std::env::var(n).is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
    let url = match std::env::var("OAUTHSIG_REDIS_URL") {
        Ok(url) if !url.is_empty() => url,
        _ if flag("CI") || flag("OAUTHSIG_REQUIRE_REDIS") => {
            panic!("OAUTHSIG_REDIS_URL is not set (see scripts/redis-test-server)")
        }
        _ => return eprintln!("skipping: OAUTHSIG_REDIS_URL is not set"),
    };
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let prefix = format!("oauthsig-test:tower:{}:{nanos}:", std::process::id());
    let on = || {
        let store = oauthsig::RedisNonceStore::open(&url)
            .unwrap()
            .key_prefix(prefix.as_str());
        Verifier::builder()
            .allow(SignatureMethod::HmacSha1)
            .nonce_store(store)
            .build()
            .unwrap()
    };
    accepted_once_by_two_servers(on(), on()).await;
}
