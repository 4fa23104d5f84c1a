//! Replay protection shared through a real Redis: two verifiers (two stores,
//! two connections) on one redis-server accept a signed request once; many
//! threads racing with it get exactly one acceptance; two verifiers whose
//! clocks differ by 5 s accept no replay while either accepts the timestamp.
//!
//! Needs `OAUTHSIG_REDIS_URL` (start a server with `scripts/redis-test-server`).
//! Without it the tests skip, except under `CI` or `OAUTHSIG_REQUIRE_REDIS=1`,
//! where they fail.

#![cfg(feature = "redis")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod redis_common;
mod verifier_common;

use oauthsig::nonce_store::{
    DEFAULT_MAX_CLOCK_SKEW, NonceKey, NonceStatus, NonceStore, NonceStoreError, RedisNonceStore,
};
use oauthsig::verifier::{Verifier, VerifyError};
use oauthsig_core::SignatureMethod;
use redis_common::{prefix, redis_url};
use std::sync::Barrier;
use std::time::Duration;
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

/// Unix seconds now, shifted by `offset`: a server's clock.
fn clock_of(offset: i64) -> impl Fn() -> u64 + Send + Sync + 'static {
    move || {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        now.saturating_add_signed(offset)
    }
}

/// Server A (clock right) records a request; server B, whose clock lags by
/// 5 s, gets replays of it every 100 ms until its window (1 s) has passed
/// the request's timestamp on its clock too. Returns the statuses B and A
/// answered, as `(accepted, refused as replays)` per server.
fn fleet_replays(url: &str, skew: Duration) -> [(usize, usize); 2] {
    let p = prefix("fleet");
    let make = |offset: i64| {
        let store = RedisNonceStore::open(url)
            .unwrap()
            .key_prefix(p.as_str())
            .max_clock_skew(skew);
        Verifier::builder()
            .allow(SignatureMethod::HmacSha1)
            .timestamp_window(Duration::from_secs(1))
            .clock(clock_of(offset))
            .nonce_store(store)
            .build()
            .unwrap()
    };
    let (a, b) = (make(0), make(-5));
    let ts = clock_of(0)();
    let mut d = Draft::hmac_sha1();
    d.set("oauth_timestamp", &ts.to_string());
    let wire = d.wire();
    a.verify(&wire.request(), &lookup).unwrap();
    let mut seen = [(0, 0); 2];
    // B accepts the timestamp until its clock reads ts + 1, that is until
    // real time ts + 6.
    while clock_of(-5)() <= ts + 1 {
        for (i, v) in [&b, &a].into_iter().enumerate() {
            match v.verify(&wire.request(), &lookup) {
                Ok(_) => seen[i].0 += 1,
                Err(VerifyError::UsedNonce) => seen[i].1 += 1,
                Err(VerifyError::StaleTimestamp | VerifyError::FutureTimestamp) => {}
                Err(e) => panic!("{e}"),
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    seen
}

#[test]
fn a_fleet_with_skewed_clocks_accepts_no_replay() {
    // Finding 4: the key's TTL is reckoned on the recording server's
    // clock; a server lagging by 5 s accepts the timestamp 5 s longer.
    let Some(url) = redis_url() else { return };
    let (guarded, unguarded) = std::thread::scope(|s| {
        // The default slack (30 s) covers the fleet's 5 s.
        let guarded = s.spawn(|| fleet_replays(&url, DEFAULT_MAX_CLOCK_SKEW));
        // Without slack, the control: the key expires while B still
        // accepts the timestamp, and the replay goes through.
        let unguarded = s.spawn(|| fleet_replays(&url, Duration::ZERO));
        (guarded.join().unwrap(), unguarded.join().unwrap())
    });
    let [(b_ok, b_replays), (a_ok, _)] = guarded;
    assert_eq!((b_ok, a_ok), (0, 0), "a replay was accepted: {guarded:?}");
    assert!(b_replays > 0, "B never saw the replay inside its window");
    assert!(
        unguarded[0].0 > 0,
        "the control accepted no replay: {unguarded:?}"
    );
}
