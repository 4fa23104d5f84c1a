//! The Redis nonce store's throughput, sync and async, against a bare
//! `SET NX` on the same Redis, in one run (absolute numbers on shared
//! machines are noise; ratios are not).
//!
//! `OAUTHSIG_REDIS_URL=redis://127.0.0.1:PORT/ cargo bench -p oauthsig --features redis --bench nonce_store`
//!
//! (`port=$(scripts/redis-test-server)` starts a throwaway server.) Without
//! `OAUTHSIG_REDIS_URL` the bench says so and measures nothing.
//!
//! Each call is a batch of [`BATCH`] nonces, each a new key; the table gives
//! time and heap allocations per nonce. Paths:
//! - bare SET NX, one at a time: `SET key 1 NX PX ttl` on a plain blocking
//!   connection, waiting for each answer — one round trip per nonce, the
//!   floor of a blocking caller;
//! - bare SET NX, 64 in flight: the same commands on one multiplexed async
//!   connection, all sent before the answers are read (pipelined) — the
//!   floor of an async caller;
//! - store record (sync), one at a time: `NonceStore::record`, what
//!   `Verifier::verify` pays per accepted request (a random token, the call
//!   handed to the store's runtime, waited for with its deadline);
//! - store record_async, 64 in flight: `NonceStore::record_async`, what 64
//!   concurrent `Verifier::verify_async` calls (the tower layer) pay;
//! - store record (sync), 8 threads: eight blocking callers sharing the
//!   store (a thread-per-request server), 8 nonces each.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use oauthsig::nonce_store::{NonceKey, NonceStatus, NonceStore, RedisNonceStore};
use oauthsig_bench_support::{Config, Path};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::Poll;

#[global_allocator]
static A: oauthsig_bench_support::Counting = oauthsig_bench_support::Counting;

/// Nonces per call.
const BATCH: usize = 64;
const NOW: u64 = 1_700_000_000;

/// Polls every future until all are done (no spawning: what is measured is
/// the store and the connection, not a scheduler).
async fn join_all<F: Future + Unpin>(mut futures: Vec<F>) -> Vec<F::Output> {
    let mut out: Vec<Option<F::Output>> = futures.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (f, slot) in futures.iter_mut().zip(&mut out) {
            if slot.is_none() {
                match Pin::new(&mut *f).poll(cx) {
                    Poll::Ready(v) => *slot = Some(v),
                    Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    })
    .await;
    out.into_iter().flatten().collect()
}

/// A fresh nonce per call of the whole run.
fn nonces(counter: &AtomicU64, n: usize) -> Vec<String> {
    (0..n)
        .map(|_| format!("n{}", counter.fetch_add(1, Ordering::Relaxed)))
        .collect()
}

fn main() {
    let Some(url) = std::env::var("OAUTHSIG_REDIS_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        println!(
            "skipped: OAUTHSIG_REDIS_URL is not set (start a server with scripts/redis-test-server)"
        );
        return;
    };
    let run = format!("oauthsig-bench:{}:", std::process::id());
    let counter = AtomicU64::new(0);
    let client = redis::Client::open(url.as_str()).unwrap();
    let mut blocking = client.get_connection().unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let multiplexed = rt
        .block_on(client.get_multiplexed_async_connection())
        .unwrap();
    let store = RedisNonceStore::open(&url)
        .unwrap()
        .key_prefix(run.as_str());
    let set_nx = |key: &str| {
        let mut c = redis::cmd("SET");
        c.arg(format!("{run}bare:{key}"))
            .arg(1)
            .arg("NX")
            .arg("PX")
            .arg(331_000);
        c
    };

    let paths = vec![
        Path::new("bare SET NX, one at a time (blocking connection)", || {
            for n in nonces(&counter, BATCH) {
                let v: redis::Value = set_nx(&n).query(&mut blocking).unwrap();
                assert_eq!(v, redis::Value::Okay);
            }
        }),
        Path::new("bare SET NX, 64 in flight (multiplexed, pipelined)", || {
            let ns = nonces(&counter, BATCH);
            let futures: Vec<
                Pin<Box<dyn Future<Output = redis::RedisResult<redis::Value>> + Send>>,
            > = ns
                .iter()
                .map(|n| {
                    let mut conn = multiplexed.clone();
                    let cmd = set_nx(n);
                    Box::pin(async move { cmd.query_async::<redis::Value>(&mut conn).await })
                        as Pin<Box<dyn Future<Output = _> + Send>>
                })
                .collect();
            for v in rt.block_on(join_all(futures)) {
                assert_eq!(v.unwrap(), redis::Value::Okay);
            }
        }),
        Path::new("store record (sync), one at a time", || {
            for n in nonces(&counter, BATCH) {
                let k = NonceKey::new("ck", Some("tk"), NOW, &n, NOW + 301);
                assert_eq!(store.record(&k, NOW).unwrap(), NonceStatus::Fresh);
            }
        }),
        Path::new("store record_async, 64 in flight", || {
            let ns = nonces(&counter, BATCH);
            let keys: Vec<NonceKey<'_>> = ns
                .iter()
                .map(|n| NonceKey::new("ck", Some("tk"), NOW, n, NOW + 301))
                .collect();
            let futures = keys.iter().map(|k| store.record_async(k, NOW)).collect();
            for status in rt.block_on(join_all(futures)) {
                assert_eq!(status.unwrap(), NonceStatus::Fresh);
            }
        }),
        Path::new("store record (sync), 8 threads x 8", || {
            let ns = nonces(&counter, BATCH);
            std::thread::scope(|s| {
                for chunk in ns.chunks(BATCH / 8) {
                    let store = &store;
                    s.spawn(move || {
                        for n in chunk {
                            let k = NonceKey::new("ck", Some("tk"), NOW, n, NOW + 301);
                            assert_eq!(store.record(&k, NOW).unwrap(), NonceStatus::Fresh);
                        }
                    });
                }
            });
        }),
    ];
    let measured = Config::from_env(20).measure(paths);
    println!(
        "{:<52} {:>9} {:>11} {:>9} {:>8}",
        "path (per nonce)", "us", "nonces/s", "x bare", "allocs"
    );
    let bare = measured.first().map_or(f64::NAN, |m| m.ns);
    for m in &measured {
        let per = m.ns / BATCH as f64;
        println!(
            "{:<52} {:>9.1} {:>11.0} {:>9.2} {:>8.1}",
            m.name,
            per / 1e3,
            1e9 / per,
            bare / m.ns,
            m.allocs / BATCH as f64
        );
    }
    println!("(x bare: throughput relative to the bare one-at-a-time SET NX)");
}
