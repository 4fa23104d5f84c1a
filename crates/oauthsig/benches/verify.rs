//! Verification cost against signing cost, as ratios measured in one run
//! (absolute numbers on shared machines are noise; ratios are not).
//!
//! `cargo bench -p oauthsig --bench verify`
//!
//! The request is RFC 5849 §3.4.1.1's (query + form body + header, with a
//! token). Paths:
//! - floor:  HMAC-SHA1 + base64 over the prebuilt base string with the
//!   prebuilt key text — the least any signer or verifier can do;
//! - sign:   oauthsig-core signing the request from its raw parts with a
//!   prepared key (what a client pays per request);
//! - verify: `Verifier::verify` on the wire request — header parsing, every
//!   check, a prepared key from the lookup, the in-memory nonce store
//!   (check + record; it grows through the round as a server's would), and
//!   the owned result;
//! - verify, no-op store: the same without the store, to show its share;
//! - verify, secrets lookup: the lookup returns secrets, so the HMAC key
//!   schedule runs per request.
//!
//! Every verified request carries a distinct nonce (signed beforehand), and
//! each round starts with a fresh verifier and store. Target: verify ≤ 2×
//! sign. Heap allocations per call are counted too.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use hmac::{Hmac, KeyInit, Mac};
use oauthsig::nonce_store::{MemoryNonceStore, NonceKey, NonceStatus, NonceStore, NonceStoreError};
use oauthsig::verifier::{
    CredentialLookup, CredentialQuery, Credentials, IncomingRequest, LookupError, Verifier,
};
use oauthsig_core::{
    AuthorizationHeader, BaseString, BaseStringUri, ParamArray, Protocol, SignatureMethod,
    SigningKey, Source,
};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

struct Counting;
static ALLOCS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: caller's contract.
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        // SAFETY: caller's contract.
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: caller's contract.
        unsafe { System.realloc(p, l, n) }
    }
}

#[global_allocator]
static A: Counting = Counting;

const URL: &str = "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b";
const BODY: &str = "c2&a3=2+q";
const FORM: &str = "application/x-www-form-urlencoded";
const CK: &str = "9djdj82h48djs9d2";
const CS: &str = "j49sk3j29djd";
const TK: &str = "kkk9d7dh3k39sjv7";
const TS: &str = "dh893hdasih9";
const TIMESTAMP: &str = "137131201";
const NOW: u64 = 137_131_201;
const EXPECTED: &str = "r6/TJjbCOr97/+UU0NsvSne7s5g=";
const BASE: &str = "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7";

fn floor(out: &mut [u8; 28]) {
    use base64::Engine as _;
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(b"j49sk3j29djd&dh893hdasih9").unwrap();
    mac.update(BASE.as_bytes());
    let tag = mac.finalize().into_bytes();
    base64::engine::general_purpose::STANDARD
        .encode_slice(tag, out)
        .unwrap();
}

/// Client-side signing of the request, prepared key (the sign bench's path).
fn sign(key: &SigningKey, nonce: &str, out: &mut [u8; 28]) {
    let proto = Protocol::new(CK, SignatureMethod::HmacSha1)
        .token(TK)
        .timestamp(TIMESTAMP)
        .nonce(nonce);
    let mut params = ParamArray::<16>::array();
    params.extend_query(black_box(URL)).unwrap();
    params.extend_form(black_box(BODY), Source::Body).unwrap();
    params.extend_protocol(&proto).unwrap();
    params.sort();
    let uri = BaseStringUri::parse(URL).unwrap();
    let sig = key.sign(&BaseString::new("POST", &uri, params.as_slice()).unwrap());
    out.copy_from_slice(sig.as_str().as_bytes());
}

/// The `Authorization` header a client sends with `nonce`.
fn header(key: &SigningKey, nonce: &str) -> String {
    let proto = Protocol::new(CK, SignatureMethod::HmacSha1)
        .token(TK)
        .timestamp(TIMESTAMP)
        .nonce(nonce);
    let mut params = ParamArray::<16>::array();
    params.extend_query(URL).unwrap();
    params.extend_form(BODY, Source::Body).unwrap();
    params.extend_protocol(&proto).unwrap();
    params.sort();
    let uri = BaseStringUri::parse(URL).unwrap();
    let sig = key.sign(&BaseString::new("POST", &uri, params.as_slice()).unwrap());
    AuthorizationHeader::new(Some("Example"), params.as_slice(), Some(sig.as_str()))
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

fn secrets_lookup(q: &CredentialQuery<'_>) -> Result<Credentials<'static>, LookupError> {
    match (q.consumer_key(), q.token()) {
        (CK, Some(TK)) => Ok(Credentials::secrets(CS, TS)),
        (CK, _) => Err(LookupError::UnknownToken),
        _ => Err(LookupError::UnknownConsumer),
    }
}

/// Remembers nothing: isolates the store's share of the cost.
struct NoStore;

impl NonceStore for NoStore {
    fn check(&self, _: &NonceKey<'_>, _: u64) -> Result<NonceStatus, NonceStoreError> {
        Ok(NonceStatus::Fresh)
    }
    fn record(&self, _: &NonceKey<'_>, _: u64) -> Result<NonceStatus, NonceStoreError> {
        Ok(NonceStatus::Fresh)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Path {
    Floor,
    Sign,
    Verify,
    VerifyNoStore,
    VerifySecrets,
}

impl Path {
    fn name(self) -> &'static str {
        match self {
            Path::Floor => "floor: HMAC-SHA1 + base64 over prebuilt base string",
            Path::Sign => "sign: oauthsig-core, raw parts, prepared key",
            Path::Verify => "verify: prepared key, in-memory nonce store",
            Path::VerifyNoStore => "verify: prepared key, no-op nonce store",
            Path::VerifySecrets => "verify: secrets lookup (key schedule per call)",
        }
    }
}

fn verifier(path: Path) -> Verifier {
    let b = Verifier::builder()
        .allow(SignatureMethod::HmacSha1)
        .clock(|| NOW);
    match path {
        Path::VerifyNoStore => b.nonce_store(NoStore),
        _ => b.nonce_store(MemoryNonceStore::new()),
    }
    .build()
    .unwrap()
}

fn main() {
    let iters: usize = std::env::var("BENCH_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(15);
    let key = SigningKey::new(SignatureMethod::HmacSha1, CS, TS).unwrap();
    let prepared = PreparedLookup(key.clone());

    // Correctness first: the RFC signature, and the request verifies.
    let mut out = [0u8; 28];
    floor(&mut out);
    assert_eq!(std::str::from_utf8(&out).unwrap(), EXPECTED);
    sign(&key, "7d8f3e4a", &mut out);
    assert_eq!(std::str::from_utf8(&out).unwrap(), EXPECTED);

    // One distinct nonce (and header) per verification in a round.
    let nonces: Vec<String> = (0..iters).map(|i| format!("{i:08x}")).collect();
    let headers: Vec<String> = nonces.iter().map(|n| header(&key, n)).collect();
    let request = |i: usize| {
        IncomingRequest::new("POST", URL)
            .authorization(&headers[i])
            .content_type(FORM)
            .body(BODY.as_bytes())
    };
    {
        let v = verifier(Path::Verify);
        let ok = v.verify(&request(0), &prepared).unwrap();
        assert_eq!(ok.parameter("b5"), Some("=%3D"));
        assert!(v.verify(&request(0), &prepared).is_err(), "replay refused");
    }

    let all = [
        Path::Floor,
        Path::Sign,
        Path::Verify,
        Path::VerifyNoStore,
        Path::VerifySecrets,
    ];
    let verifier_for = |path: Path| match path {
        Path::Floor | Path::Sign => None,
        p => Some(verifier(p)),
    };

    let run_one = |path: Path, v: Option<&Verifier>, i: usize| match path {
        Path::Floor => {
            let mut o = [0u8; 28];
            floor(&mut o);
            black_box(o);
        }
        Path::Sign => {
            let mut o = [0u8; 28];
            sign(&key, black_box(&nonces[i]), &mut o);
            black_box(o);
        }
        Path::Verify | Path::VerifyNoStore => {
            let ok = v.unwrap().verify(&request(i), &prepared).unwrap();
            black_box(ok);
        }
        Path::VerifySecrets => {
            let ok = v.unwrap().verify(&request(i), &secrets_lookup).unwrap();
            black_box(ok);
        }
    };

    // BENCH_ONLY=N runs path N alone (for profiling it under perf).
    if let Some(n) = std::env::var("BENCH_ONLY")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        let p = all[n];
        for _ in 0..rounds {
            let v = verifier_for(p);
            for i in 0..iters {
                run_one(p, v.as_ref(), i);
            }
        }
        return;
    }
    let paths = all;

    // Allocations per call, after a warm-up (the store's tables grown).
    let mut allocs = Vec::new();
    for &p in &paths {
        let v = verifier_for(p);
        let warm = 1000.min(iters / 2);
        for i in 0..warm {
            run_one(p, v.as_ref(), i);
        }
        let before = ALLOCS.load(Ordering::Relaxed);
        for i in warm..2 * warm {
            run_one(p, v.as_ref(), i);
        }
        allocs.push((ALLOCS.load(Ordering::Relaxed) - before) as f64 / warm as f64);
    }

    // Round-robin so drift in machine load hits every path alike.
    let mut samples: Vec<Vec<f64>> = vec![Vec::new(); paths.len()];
    for _ in 0..rounds {
        for (k, &p) in paths.iter().enumerate() {
            let v = verifier_for(p);
            let t = Instant::now();
            for i in 0..iters {
                run_one(p, v.as_ref(), i);
            }
            samples[k].push(t.elapsed().as_nanos() as f64 / iters as f64);
            drop(v);
        }
    }
    let meds: Vec<f64> = samples
        .iter_mut()
        .map(|s| {
            s.sort_by(f64::total_cmp);
            s[s.len() / 2]
        })
        .collect();
    let (floor_ns, sign_ns) = (meds[0], meds[1]);
    println!(
        "{:<52} {:>8} {:>10} {:>8} {:>8} {:>7}",
        "path", "ns/call", "calls/s", "x floor", "x sign", "allocs"
    );
    for (k, &p) in paths.iter().enumerate() {
        println!(
            "{:<52} {:>8.0} {:>10.0} {:>8.2} {:>8.2} {:>7.1}",
            p.name(),
            meds[k],
            1e9 / meds[k],
            meds[k] / floor_ns,
            meds[k] / sign_ns,
            allocs[k]
        );
    }
    let ratio = meds[2] / sign_ns;
    println!();
    println!(
        "verify / sign (prepared key, in-memory store): {ratio:.2}x (target <= 2.00x: {})",
        if ratio <= 2.0 { "met" } else { "NOT met" }
    );
    println!("nonce store share of verify: {:.0} ns", meds[2] - meds[3]);
}
