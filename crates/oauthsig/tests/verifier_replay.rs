//! Replay protection with the in-memory store: a signed request is accepted
//! once, by one verifier or by several sharing a store, and of many threads
//! sending it at the same moment exactly one gets through; one consumer
//! flooding the store leaves the others served.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod verifier_common;

use oauthsig::nonce_store::MemoryNonceStore;
use oauthsig::verifier::{CredentialQuery, Credentials, LookupError};
use oauthsig::verifier::{Verifier, VerifyError};
use oauthsig_core::SignatureMethod;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Barrier};
use verifier_common::{CONSUMER_KEY, CONSUMER_SECRET, Draft, NOW, lookup, verifier};

#[test]
fn accepted_once_then_refused() {
    let v = verifier();
    let wire = Draft::hmac_sha1().wire();
    v.verify(&wire.request(), &lookup).unwrap();
    for _ in 0..3 {
        let err = v.verify(&wire.request(), &lookup).unwrap_err();
        assert_eq!(err, VerifyError::UsedNonce);
        assert_eq!(err.http_status(), 401);
    }
}

#[test]
fn verifiers_sharing_a_store_share_replay_protection() {
    let store = Arc::new(MemoryNonceStore::new());
    let make = || {
        Verifier::builder()
            .allow(SignatureMethod::HmacSha1)
            .clock(|| NOW)
            .nonce_store(Arc::clone(&store))
            .build()
            .unwrap()
    };
    let (a, b) = (make(), make());
    let wire = Draft::hmac_sha1().wire();
    a.verify(&wire.request(), &lookup).unwrap();
    assert_eq!(
        b.verify(&wire.request(), &lookup).unwrap_err(),
        VerifyError::UsedNonce
    );
    assert_eq!(store.len(), 1);
}

#[test]
fn nonces_expire_with_the_window_and_memory_stays_bounded() {
    let clock = Arc::new(AtomicU64::new(NOW));
    let store = Arc::new(MemoryNonceStore::new());
    let v = {
        let clock = Arc::clone(&clock);
        Verifier::builder()
            .allow(SignatureMethod::HmacSha1)
            .clock(move || clock.load(Ordering::SeqCst))
            .nonce_store(Arc::clone(&store))
            .build()
            .unwrap()
    };
    // A request per second for 20 minutes of simulated time: the store holds
    // the last window's worth (301 timestamps), plus at most a few expired
    // entries not yet reached by the round-robin purge.
    for i in 0..1200 {
        let now = NOW + i;
        clock.store(now, Ordering::SeqCst);
        let mut d = Draft::hmac_sha1();
        d.set("oauth_timestamp", &now.to_string());
        d.set("oauth_nonce", &format!("n{i}"));
        v.verify(&d.wire().request(), &lookup).unwrap();
    }
    assert!(
        store.len() <= 301 + 32,
        "store kept {} entries",
        store.len()
    );
    assert!(store.len() >= 301, "store kept {} entries", store.len());
}

#[test]
fn many_threads_one_acceptance() {
    const THREADS: usize = 16;
    const ROUNDS: usize = 25;
    let v = verifier();
    for round in 0..ROUNDS {
        let mut d = Draft::hmac_sha1();
        d.set("oauth_nonce", &format!("race-{round}"));
        let wire = d.wire();
        let barrier = Barrier::new(THREADS);
        let results: Vec<Result<_, VerifyError>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..THREADS)
                .map(|_| {
                    s.spawn(|| {
                        barrier.wait();
                        v.verify(&wire.request(), &lookup).map(|_| ())
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let accepted = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(accepted, 1, "round {round}: {results:?}");
        assert!(
            results
                .iter()
                .all(|r| matches!(r, Ok(()) | Err(VerifyError::UsedNonce))),
            "{results:?}"
        );
    }
}

#[test]
fn one_consumer_filling_its_share_leaves_the_others_served() {
    // Finding 6: one client with valid credentials filled the whole store,
    // and every other client got 503 until its entries expired.
    let store = Arc::new(MemoryNonceStore::with_capacity(400));
    let v = Verifier::builder()
        .allow(SignatureMethod::HmacSha1)
        .clock(|| NOW)
        .nonce_store(Arc::clone(&store))
        .build()
        .unwrap();
    let two = |q: &CredentialQuery<'_>| match q.consumer_key() {
        CONSUMER_KEY | "flood" => Ok(Credentials::secrets(CONSUMER_SECRET, "")),
        _ => Err(LookupError::UnknownConsumer),
    };
    let from = |ck: &str, nonce: &str| {
        let mut d = Draft::hmac_sha1();
        d.remove("oauth_token");
        d.token_secret.clear();
        d.set("oauth_consumer_key", ck).set("oauth_nonce", nonce);
        d.wire()
    };
    let mut refused = 0;
    for i in 0..400 {
        match v.verify(&from("flood", &format!("f{i}")).request(), &two) {
            Ok(_) => {}
            Err(e) => {
                assert_eq!(e, VerifyError::ConsumerQuota { limit: 100 });
                assert_eq!(e.http_status(), 429);
                refused += 1;
            }
        }
    }
    assert_eq!(refused, 300);
    assert_eq!(store.consumer_len("flood"), 100);
    for i in 0..100 {
        v.verify(&from(CONSUMER_KEY, &format!("c{i}")).request(), &two)
            .unwrap();
    }
}
