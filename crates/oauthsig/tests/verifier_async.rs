//! The async path: `Verifier::verify_async` and the tower layer ask the
//! nonce store through its async API, make the same decisions as the
//! blocking path, and of identical requests racing exactly one wins — with
//! the in-memory store and, given `OAUTHSIG_REDIS_URL`, with Redis.

#![cfg(all(feature = "tower", feature = "http"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[cfg(feature = "redis")]
mod redis_common;
mod verifier_common;

use bytes::Bytes;
use http_body_util::Full;
use oauthsig::http::{Placement, sign};
use oauthsig::nonce_store::{
    MemoryNonceStore, NonceKey, NonceStatus, NonceStore, NonceStoreError, StoreFuture,
};
use oauthsig::tower::{BufferedBody, OAuthLayer};
use oauthsig::verifier::{CredentialQuery, Credentials, LookupError, Verifier, VerifyError};
use oauthsig::{Consumer, SignatureMethod};
use std::convert::Infallible;
use std::sync::Arc;
use tower::{Layer, ServiceExt, service_fn};
use verifier_common::{Draft, NOW, assert_same_outcome, lookup};

/// Answers only through the async API; the blocking one fails, so a
/// caller that used it would see 503s.
struct AsyncOnly(MemoryNonceStore);

fn blocking_called() -> NonceStoreError {
    NonceStoreError::Backend {
        message: "the blocking API was called".into(),
    }
}

impl NonceStore for AsyncOnly {
    fn check(&self, _: &NonceKey<'_>, _: u64) -> Result<NonceStatus, NonceStoreError> {
        Err(blocking_called())
    }
    fn record(&self, _: &NonceKey<'_>, _: u64) -> Result<NonceStatus, NonceStoreError> {
        Err(blocking_called())
    }
    fn check_async<'a>(&'a self, key: &'a NonceKey<'a>, now: u64) -> StoreFuture<'a> {
        StoreFuture::boxed(async move { self.0.check(key, now) })
    }
    fn record_async<'a>(&'a self, key: &'a NonceKey<'a>, now: u64) -> StoreFuture<'a> {
        StoreFuture::boxed(async move { self.0.record(key, now) })
    }
}

fn tower_lookup(q: &CredentialQuery<'_>) -> Result<Credentials<'static>, LookupError> {
    match q.consumer_key() {
        "ck" | "other" => Ok(Credentials::secrets("cs", "")),
        _ => Err(LookupError::UnknownConsumer),
    }
}

/// A request signed now by consumer `ck`, as the server receives it.
fn signed(consumer: &str) -> ::http::Request<Full<Bytes>> {
    let mut req = ::http::Request::get("http://api.example.test/items?page=2")
        .body(Vec::new())
        .unwrap();
    let c = Consumer::new(consumer, "cs");
    sign(
        &mut req,
        SignatureMethod::HmacSha1,
        &c,
        None,
        &Placement::Header { realm: None },
    )
    .unwrap();
    let mut b = ::http::Request::get("/items?page=2").header("host", "api.example.test");
    for (name, value) in req.headers() {
        b = b.header(name, value);
    }
    b.body(Full::new(Bytes::new())).unwrap()
}

async fn status_through_layer(
    layer: &OAuthLayer,
    req: ::http::Request<Full<Bytes>>,
) -> (u16, String) {
    let service = layer.layer(service_fn(|_: ::http::Request<BufferedBody>| async {
        Ok::<_, Infallible>(::http::Response::new("ok".to_owned()))
    }));
    let response = service.oneshot(req).await.unwrap();
    (response.status().as_u16(), response.into_body())
}

fn layer_with(store: impl NonceStore + 'static) -> OAuthLayer {
    let verifier = Verifier::builder()
        .allow(SignatureMethod::HmacSha1)
        .nonce_store(store)
        .build()
        .unwrap();
    OAuthLayer::new(verifier, Arc::new(tower_lookup))
}

#[tokio::test]
async fn the_layer_asks_the_store_through_its_async_api() {
    let layer = layer_with(AsyncOnly(MemoryNonceStore::new()));
    let req = signed("ck");
    let replay = {
        let mut b = ::http::Request::get(req.uri());
        for (name, value) in req.headers() {
            b = b.header(name, value);
        }
        b.body(Full::new(Bytes::new())).unwrap()
    };
    assert_eq!(status_through_layer(&layer, req).await, (200, "ok".into()));
    assert_eq!(
        status_through_layer(&layer, replay).await,
        (401, "nonce already used\n".into())
    );
}

/// `verify_borrowed_async` decides as `verify_async` does, request by
/// request (a replay included), asking the store only through its async
/// API, and gives the same values without copying them.
#[tokio::test]
async fn verify_borrowed_async_decides_as_verify_async() {
    let verifier = || {
        Verifier::builder()
            .allow(SignatureMethod::HmacSha1)
            .clock(|| NOW)
            .nonce_store(AsyncOnly(MemoryNonceStore::new()))
            .build()
            .unwrap()
    };
    let (owned, borrowed) = (verifier(), verifier());
    let valid = Draft::hmac_sha1().wire();
    let mut tampered = Draft::hmac_sha1();
    tampered
        .set("oauth_nonce", "other")
        .set("oauth_signature", "AAAA");
    let tampered = tampered.wire();
    for wire in [&valid, &tampered, &valid] {
        let request = wire.request();
        let a = owned.verify_async(&request, &lookup).await;
        let b = borrowed.verify_borrowed_async(&request, &lookup).await;
        assert_same_outcome(&a, &b, &wire.request());
    }
    let replay = borrowed
        .verify_borrowed_async(&valid.request(), &lookup)
        .await;
    assert_eq!(replay.unwrap_err(), VerifyError::UsedNonce);
}

#[tokio::test]
async fn a_consumer_over_its_share_is_answered_429_others_are_served() {
    let layer = layer_with(MemoryNonceStore::with_capacity(64).per_consumer_capacity(2));
    for _ in 0..2 {
        assert_eq!(status_through_layer(&layer, signed("ck")).await.0, 200);
    }
    let (status, body) = status_through_layer(&layer, signed("ck")).await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(
        body,
        "too many recent requests from this consumer (2 live nonces)\n"
    );
    assert_eq!(status_through_layer(&layer, signed("other")).await.0, 200);
}

/// Of `tasks` identical requests verified concurrently through
/// `verify_async` on a multi-threaded runtime, exactly one is accepted and
/// the others are replays.
fn async_race(verifier: Verifier, tasks: usize) {
    let verifier = Arc::new(verifier);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    for round in 0..10 {
        let mut d = Draft::hmac_sha1();
        d.set("oauth_nonce", &format!("async-race-{round}"));
        let wire = Arc::new(d.wire());
        let results: Vec<Result<(), VerifyError>> = rt.block_on(async {
            let handles: Vec<_> = (0..tasks)
                .map(|_| {
                    let (v, wire) = (Arc::clone(&verifier), Arc::clone(&wire));
                    tokio::spawn(
                        async move { v.verify_async(&wire.request(), &lookup).await.map(drop) },
                    )
                })
                .collect();
            let mut out = Vec::new();
            for h in handles {
                out.push(h.await.unwrap());
            }
            out
        });
        assert_eq!(
            results.iter().filter(|r| r.is_ok()).count(),
            1,
            "{results:?}"
        );
        assert!(
            results
                .iter()
                .all(|r| matches!(r, Ok(()) | Err(VerifyError::UsedNonce))),
            "{results:?}"
        );
    }
}

#[test]
fn async_replay_race_has_one_winner_in_memory() {
    async_race(verifier_common::verifier(), 16);
}

#[cfg(feature = "redis")]
#[test]
fn async_replay_race_has_one_winner_in_redis() {
    use oauthsig::nonce_store::RedisNonceStore;
    let Some(url) = redis_common::redis_url() else {
        return;
    };
    let store = RedisNonceStore::open(&url)
        .unwrap()
        .key_prefix(redis_common::prefix("async-race"));
    let verifier = Verifier::builder()
        .allow(SignatureMethod::HmacSha1)
        .clock(|| NOW)
        .nonce_store(store)
        .build()
        .unwrap();
    async_race(verifier, 16);
}
