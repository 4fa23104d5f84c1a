//! What the tower layer adds to verification, as ratios measured in one run
//! (absolute numbers on shared machines are noise; ratios are not).
//!
//! `cargo bench -p oauthsig --features tower --bench tower`
//!
//! The request is RFC 5849 §3.4.1.1's (query + form body + header, with a
//! token, HMAC-SHA1), each call with its own nonce (signed beforehand), a
//! prepared key from the lookup and the in-memory nonce store; each round
//! starts with a fresh verifier and store. Paths:
//! - verify: `Verifier::verify` on the request's parts as `&str`s — the
//!   least a server can do, the baseline;
//! - by hand: what a handler does without the layer, from the same
//!   `http::Request` the layer gets: the URL formatted from `Host` and the
//!   target, the headers as text, the body collected
//!   (`http_body_util::BodyExt::collect`), `Verifier::verify`, the request
//!   dropped;
//! - layer: the same request as the server receives it (`http::Request`,
//!   origin-form target, `Host`, a `Full<Bytes>` body, built before the
//!   round as hyper builds it: target and header values slices of one
//!   buffer), through `OAuthService::oneshot` to a trivial inner service:
//!   the URL rebuilt, the headers read, the body buffered, verified, the
//!   result put in the extensions, the inner service called, its response
//!   dropped;
//! - layer, trusted proxy: the same with `X-Forwarded-Proto` and
//!   `X-Forwarded-Host` read for the URL;
//! - phase origin: `OriginPolicy::signed_url` alone (the URL rebuilt).
//!
//! The service's future is polled once with a no-op waker: it is ready at
//! once (the body is in memory, the inner service answers immediately), so
//! no runtime's scheduling is measured. Target: layer ≤ 1.15× verify. Heap
//! allocations per call are counted too.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use oauthsig::nonce_store::MemoryNonceStore;
use oauthsig::tower::{BufferedBody, OAuthLayer, OAuthService, OriginPolicy};
use oauthsig::verifier::{
    CredentialLookup, CredentialQuery, Credentials, IncomingRequest, LookupError, Verified,
    Verifier,
};
use oauthsig_bench_support::rfc_example::{BODY, CK, CS, TIMESTAMP, TK, TS, URL};
use oauthsig_bench_support::{Config, Path as BenchPath};
use oauthsig_core::{Body, HttpRequest, Placement, Protocol, SignatureMethod, SigningKey, sign};
use std::convert::Infallible;
use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use tower::{Layer, ServiceExt};

#[global_allocator]
static A: oauthsig_bench_support::Counting = oauthsig_bench_support::Counting;

const FORM: &str = "application/x-www-form-urlencoded";
const NOW: u64 = 137_131_201;
/// The target as the server receives it, and its `Host`.
const TARGET: &str = "/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b";
const HOST: &str = "example.com";

/// The `Authorization` header a client sends with `nonce`.
fn header(key: &SigningKey, nonce: &str) -> String {
    let request = HttpRequest::new("POST", URL).body(Body::Form(BODY));
    let protocol = Protocol::new(CK)
        .token(TK)
        .timestamp(TIMESTAMP)
        .nonce(nonce);
    sign::sign(&request, &protocol, key)
        .unwrap()
        .output(Placement::Header {
            realm: Some("Example"),
        })
        .unwrap()
        .to_string()
}

/// A busy server's lookup: one prepared key, borrowed.
struct PreparedLookup(SigningKey);

impl CredentialLookup for PreparedLookup {
    fn credentials(&self, q: &CredentialQuery<'_>) -> Result<Credentials<'_>, LookupError> {
        match (q.consumer_key(), q.token()) {
            (CK, Some(TK)) => Ok(Credentials::prepared(&self.0)),
            (CK, _) => Err(LookupError::UnknownToken),
            _ => Err(LookupError::UnknownConsumer),
        }
    }
}

fn verifier() -> Verifier {
    Verifier::builder()
        .allow(SignatureMethod::HmacSha1)
        .clock(|| NOW)
        .nonce_store(MemoryNonceStore::new())
        .build()
        .unwrap()
}

/// The inner service: answers at once, an empty body.
fn trivial(
    req: ::http::Request<BufferedBody>,
) -> std::future::Ready<Result<::http::Response<String>, Infallible>> {
    black_box(req.extensions().get::<Verified>().is_some());
    std::future::ready(Ok(::http::Response::new(String::new())))
}

type Trivial = tower::util::ServiceFn<
    fn(
        ::http::Request<BufferedBody>,
    ) -> std::future::Ready<Result<::http::Response<String>, Infallible>>,
>;

/// Polls `f` once: every future here is ready at once.
fn now<F: Future>(f: F) -> F::Output {
    match pin!(f).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("the layer waited on a body in memory"),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Path {
    Verify,
    ByHand,
    Layer,
    LayerTrusted,
    PhaseOrigin,
}

impl Path {
    fn name(self) -> &'static str {
        match self {
            Path::Verify => "verify: Verifier::verify on &str parts",
            Path::ByHand => "by hand: http::Request -> verify, dropped",
            Path::Layer => "layer: OAuthService oneshot, Host header",
            Path::LayerTrusted => "layer: trusted X-Forwarded-Proto/Host",
            Path::PhaseOrigin => "phase origin: OriginPolicy::signed_url",
        }
    }
}

/// A path's per-round state: the service and the round's requests.
struct Round {
    service: Option<OAuthService<Trivial>>,
    verifier: Option<Verifier>,
    requests: Vec<Option<::http::Request<Full<Bytes>>>>,
}

fn main() {
    let config = Config::from_env(20_000);
    let iters = config.iters;
    let key = SigningKey::new(SignatureMethod::HmacSha1, CS, TS).unwrap();
    let lookup = Arc::new(PreparedLookup(key.clone()));
    let nonces: Vec<String> = (0..iters).map(|i| format!("{i:08x}")).collect();
    let headers: Vec<String> = nonces.iter().map(|n| header(&key, n)).collect();
    // As hyper builds it: one buffer read from the socket, the target and
    // every header value a slice of it (dropping them frees nothing).
    let received = |i: usize, trusted: bool| {
        let mut pairs = vec![
            ("host", if trusted { "10.0.0.7:8080" } else { HOST }),
            ("content-type", FORM),
            ("content-length", "9"),
            ("authorization", headers[i].as_str()),
        ];
        if trusted {
            pairs.push(("x-forwarded-proto", "http"));
            pairs.push(("x-forwarded-host", HOST));
        }
        let wire = Bytes::from(
            std::iter::once(TARGET)
                .chain(pairs.iter().map(|(_, v)| *v))
                .collect::<String>(),
        );
        let mut at = TARGET.len();
        let mut request = ::http::Request::new(Full::new(Bytes::from_static(BODY.as_bytes())));
        *request.method_mut() = ::http::Method::POST;
        *request.uri_mut() = ::http::Uri::from_maybe_shared(wire.slice(..at)).unwrap();
        for (name, value) in pairs {
            let value = wire.slice(at..at + value.len());
            at += value.len();
            request.headers_mut().append(
                ::http::HeaderName::from_static(name),
                ::http::HeaderValue::from_maybe_shared(value).unwrap(),
            );
        }
        request
    };
    let direct = |i: usize| {
        IncomingRequest::new("POST", URL)
            .authorization(&headers[i])
            .content_type(FORM)
            .body(BODY.as_bytes())
    };
    let service = |trusted: bool| {
        let layer =
            OAuthLayer::new(verifier(), Arc::clone(&lookup)).trust_forwarded_headers(trusted);
        layer.layer(tower::service_fn(trivial as fn(_) -> _))
    };

    // Correctness first: both paths accept the request, and a replay is refused.
    for trusted in [false, true] {
        let s = service(trusted);
        let ok = now(s.clone().oneshot(received(0, trusted))).unwrap();
        assert_eq!(ok.status(), 200);
        let again = now(s.oneshot(received(0, trusted))).unwrap();
        assert_eq!(again.status(), 401);
    }
    let v = verifier();
    let ok = v.verify(&direct(0), lookup.as_ref()).unwrap();
    assert_eq!(ok.parameter("b5").unwrap().as_deref(), Some("=%3D"));
    let policy = OriginPolicy::new();
    let r = received(0, false);
    assert_eq!(policy.signed_url(r.uri(), r.headers()).unwrap(), URL);

    let all = [
        Path::Verify,
        Path::ByHand,
        Path::Layer,
        Path::LayerTrusted,
        Path::PhaseOrigin,
    ];
    let setup = |path: Path| Round {
        service: matches!(path, Path::Layer | Path::LayerTrusted)
            .then(|| service(path == Path::LayerTrusted)),
        verifier: matches!(path, Path::Verify | Path::ByHand).then(verifier),
        requests: match path {
            Path::Verify => Vec::new(),
            Path::PhaseOrigin => vec![Some(received(0, false))],
            p => (0..iters)
                .map(|i| Some(received(i, p == Path::LayerTrusted)))
                .collect(),
        },
    };
    let run_one = |path: Path, round: &mut Round, i: usize| match path {
        Path::Verify => {
            let v = round.verifier.as_ref().unwrap();
            black_box(v.verify(&direct(i), lookup.as_ref()).unwrap());
        }
        Path::ByHand => {
            let v = round.verifier.as_ref().unwrap();
            let (parts, body) = round.requests[i].take().unwrap().into_parts();
            let text = |name| parts.headers.get(name).unwrap().to_str().unwrap();
            let url = format!(
                "http://{}{}",
                text("host"),
                parts.uri.path_and_query().unwrap()
            );
            let body = now(body.collect()).unwrap().to_bytes();
            let incoming = IncomingRequest::new(parts.method.as_str(), &url)
                .authorization(text("authorization"))
                .content_type(text("content-type"))
                .body(&body);
            black_box(v.verify(&incoming, lookup.as_ref()).unwrap());
        }
        Path::Layer | Path::LayerTrusted => {
            let service = round.service.clone().unwrap();
            let request = round.requests[i].take().unwrap();
            let response = now(service.oneshot(request)).unwrap();
            assert_eq!(response.status(), 200);
            black_box(response);
        }
        Path::PhaseOrigin => {
            let r = round.requests[0].as_ref().unwrap();
            black_box(policy.signed_url(black_box(r.uri()), r.headers()).unwrap());
        }
    };
    let measured = config.measure(
        all.map(|p| BenchPath::per_round(p.name(), move || setup(p), move |r, i| run_one(p, r, i)))
            .into(),
    );
    if measured.len() != all.len() {
        return;
    }
    let base = (measured[0].ns, measured[0].min_ns);
    let hand = (measured[1].ns, measured[1].min_ns);
    println!(
        "{:<44} {:>8} {:>10} {:>9} {:>8} {:>9} {:>9} {:>7}",
        "path", "ns/call", "calls/s", "x verify", "min ns", "x verify", "x by hand", "allocs"
    );
    for m in &measured {
        println!(
            "{:<44} {:>8.0} {:>10.0} {:>9.2} {:>8.0} {:>9.2} {:>9.2} {:>7.1}",
            m.name,
            m.ns,
            1e9 / m.ns,
            m.ns / base.0,
            m.min_ns,
            m.min_ns / base.1,
            m.ns / hand.0,
            m.allocs
        );
    }
    let layer = measured[2];
    let met = |r: f64| if r <= 1.15 { "met" } else { "NOT met" };
    println!();
    let ratio = layer.ns / base.0;
    println!(
        "layer / verify on &str parts: {ratio:.3}x median, {:.3}x fastest rounds (target <= 1.15x: {})",
        layer.min_ns / base.1,
        met(ratio)
    );
    let ratio = layer.ns / hand.0;
    println!(
        "layer / by hand, same http::Request: {ratio:.3}x median, {:.3}x fastest rounds (target <= 1.15x: {})",
        layer.min_ns / hand.1,
        met(ratio)
    );
    println!(
        "layer overhead over verify: {:.0} ns per request ({:.0} ns with trusted proxy headers); the URL alone {:.0} ns",
        layer.ns - base.0,
        measured[3].ns - base.0,
        measured[4].ns
    );
}
