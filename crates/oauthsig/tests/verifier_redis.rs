//! Replay protection shared through a real Redis: two verifiers (two stores,
//! two connection pools) on one redis-server accept a signed request once;
//! many threads racing with it get exactly one acceptance.
//!
//! Needs `OAUTHSIG_REDIS_URL` (start a server with `scripts/redis-test-server`).
//! Without it the tests skip, except under `CI` or `OAUTHSIG_REQUIRE_REDIS=1`,
//! where they fail.

#![cfg(feature = "redis")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod redis_common;
mod verifier_common;

use oauthsig::nonce_store::{NonceKey, NonceStatus, NonceStore, NonceStoreError, RedisNonceStore};
use oauthsig::verifier::{Verifier, VerifyError};
use oauthsig_core::SignatureMethod;
use std::sync::Barrier;
use std::time::Duration;
use redis_common::{prefix, redis_url};
use verifier_common::{Draft, NOW, lookup};

fn verifier_on(url: &str, prefix: &str) -> Verifier {
    let store = RedisNonceStore::open(url).unwrap().key_prefix(prefix);
    Verifier::builder()
        .allow(SignatureMethod::HmacSha1)
        .clock(|| NOW)
        .nonce_store(store)
        .build()
        .unwrap()
}

#[test]
fn two_verifiers_one_redis_accept_once() {
    let Some(url) = redis_url() else { return };
    let p = prefix("replay");
    let (a, b) = (verifier_on(&url, &p), verifier_on(&url, &p));
    let wire = Draft::hmac_sha1().wire();
    a.verify(&wire.request(), &lookup).unwrap();
    for v in [&b, &a] {
        let err = v.verify(&wire.request(), &lookup).unwrap_err();
        assert_eq!(err, VerifyError::UsedNonce);
        assert_eq!(err.http_status(), 401);
    }
    // Another nonce is another request.
    let mut other = Draft::hmac_sha1();
    other.set("oauth_nonce", "different");
    b.verify(&other.wire().request(), &lookup).unwrap();
}

#[test]
fn many_threads_two_verifiers_one_acceptance() {
    let Some(url) = redis_url() else { return };
    const THREADS: usize = 16;
    let p = prefix("race");
    let verifiers = [verifier_on(&url, &p), verifier_on(&url, &p)];
    for round in 0..10 {
        let mut d = Draft::hmac_sha1();
        d.set("oauth_nonce", &format!("race-{round}"));
        let wire = d.wire();
        let barrier = Barrier::new(THREADS);
        let results: Vec<Result<(), VerifyError>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..THREADS)
                .map(|i| {
                    let (v, barrier, wire) = (&verifiers[i % 2], &barrier, &wire);
                    s.spawn(move || {
                        barrier.wait();
                        v.verify(&wire.request(), &lookup).map(|_| ())
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert_eq!(
            results.iter().filter(|r| r.is_ok()).count(),
            1,
            "round {round}: {results:?}"
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
fn keys_are_unambiguous_and_expire_with_the_window() {
    let Some(url) = redis_url() else { return };
    let p = prefix("keys");
    let store = RedisNonceStore::open(&url).unwrap().key_prefix(p.as_str());
    // Parts that a naive "a|b" join would make equal.
    let first = NonceKey::new("a|b", Some("c"), 1000, "n", 1301);
    let second = NonceKey::new("a", Some("b|c"), 1000, "n", 1301);
    assert_eq!(store.check(&first, 1000), Ok(NonceStatus::Fresh));
    assert_eq!(store.record(&first, 1000), Ok(NonceStatus::Fresh));
    assert_eq!(store.check(&first, 1000), Ok(NonceStatus::Used));
    assert_eq!(store.check(&second, 1000), Ok(NonceStatus::Fresh));
    assert_eq!(store.record(&second, 1000), Ok(NonceStatus::Fresh));
    assert_eq!(store.record(&second, 1000), Ok(NonceStatus::Used));

    // The expiry covers the whole time the timestamp can pass the window on
    // any server of the fleet: recorded at 1000 for a timestamp of 1000 and
    // a 300 s window, 301 s, plus the default 30 s of clock-skew slack.
    let mut conn = redis::Client::open(url.as_str())
        .unwrap()
        .get_connection()
        .unwrap();
    let mut key = p.into_bytes();
    first.encode_into(&mut key);
    let ttl: i64 = redis::cmd("TTL").arg(&key).query(&mut conn).unwrap();
    assert!((329..=331).contains(&ttl), "ttl {ttl}");
    // The value is the recording call's random token, not a constant.
    let token: String = redis::cmd("GET").arg(&key).query(&mut conn).unwrap();
    assert_eq!(token.len(), 32, "{token}");
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()), "{token}");
}

#[test]
fn unreachable_redis_refuses_requests() {
    // No server needed: nothing listens on port 1.
    assert!(matches!(
        RedisNonceStore::open("redis://127.0.0.1:1/"),
        Err(NonceStoreError::Backend { .. })
    ));
    let store = RedisNonceStore::from_client(redis::Client::open("redis://127.0.0.1:1/").unwrap())
        .timeout(Duration::from_millis(200));
    let v = Verifier::builder()
        .allow(SignatureMethod::HmacSha1)
        .clock(|| NOW)
        .nonce_store(store)
        .build()
        .unwrap();
    let err = v
        .verify(&Draft::hmac_sha1().wire().request(), &lookup)
        .unwrap_err();
    assert!(matches!(err, VerifyError::NonceStore(_)), "{err}");
    assert_eq!(err.http_status(), 503);
}
