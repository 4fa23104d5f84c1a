//! Cost of a typical API call through the std layer, as ratios measured in
//! one run (absolute numbers on shared machines are noise; ratios are not).
//!
//! `cargo bench -p oauthsig --bench request`
//!
//! The request: `GET https://api.example.com/1.1/statuses/home_timeline.json`
//! with two query parameters, consumer and token, HMAC-SHA1, written as an
//! `Authorization` header. Paths:
//! - floor:    HMAC-SHA1 + base64 over the already-built base string with the
//!   already-built key text (the core bench's floor, on this request);
//! - core:     oauthsig-core from borrowed parts with a prepared key, header
//!   written into a `String`;
//! - oauthsig: `from_consumer_and_token` (CSPRNG nonce, clock) +
//!   `query_param` ×2 + `sign` + `to_header` — what an application writes;
//! - oauthsig, prepared key: the same with `sign_with_key`;
//! - oauthsig, pinned nonce: `Request::new` with the protocol parameters
//!   given, to show what the nonce and clock cost.
//!
//! Each path also reports heap allocations per request (counting allocator).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hmac::{Hmac, KeyInit, Mac};
use oauthsig::{Consumer, Request, SignatureMethod, SigningKey, Token};
use oauthsig_core::{AuthorizationHeader, BaseString, BaseStringUri, ParamArray, Protocol};
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

const URL: &str = "https://api.example.com/1.1/statuses/home_timeline.json";
const URL_WITH_QUERY: &str =
    "https://api.example.com/1.1/statuses/home_timeline.json?count=20&include_entities=true";
const CK: &str = "xvz1evFS4wEEPTGEFPHBog";
const CS: &str = "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw";
const TK: &str = "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb";
const TS: &str = "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE";
const NONCE: &str = "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg";
const TIMESTAMP: &str = "1318622958";

fn consumer() -> Consumer {
    Consumer::new(CK, CS)
}

fn token() -> Token {
    Token::new(TK, TS)
}

/// What an application writes.
fn oauthsig_request(consumer: &Consumer, token: &Token) -> String {
    Request::from_consumer_and_token(consumer, Some(token), "GET", black_box(URL))
        .unwrap()
        .query_param("count", "20")
        .query_param("include_entities", "true")
        .sign(SignatureMethod::HmacSha1, consumer, Some(token))
        .unwrap()
        .to_header(None)
        .unwrap()
}

fn oauthsig_prepared(consumer: &Consumer, token: &Token, key: &SigningKey) -> String {
    Request::from_consumer_and_token(consumer, Some(token), "GET", black_box(URL))
        .unwrap()
        .query_param("count", "20")
        .query_param("include_entities", "true")
        .sign_with_key(key)
        .unwrap()
        .to_header(None)
        .unwrap()
}

fn oauthsig_pinned(consumer: &Consumer, token: &Token) -> Request {
    Request::new("GET", black_box(URL))
        .unwrap()
        .param("oauth_consumer_key", CK)
        .param("oauth_nonce", NONCE)
        .param("oauth_timestamp", TIMESTAMP)
        .param("oauth_token", TK)
        .param("oauth_version", "1.0")
        .query_param("count", "20")
        .query_param("include_entities", "true")
        .sign(SignatureMethod::HmacSha1, consumer, Some(token))
        .unwrap()
}

fn core_request(key: &SigningKey) -> String {
    let proto = Protocol::new(CK, SignatureMethod::HmacSha1)
        .token(TK)
        .timestamp(TIMESTAMP)
        .nonce(NONCE)
        .version("1.0");
    let url = black_box(URL_WITH_QUERY);
    let mut params = ParamArray::<16>::array();
    params.extend_query(url).unwrap();
    params.extend_protocol(&proto).unwrap();
    params.sort();
    let uri = BaseStringUri::parse(url).unwrap();
    let sig = key.sign(&BaseString::new("GET", &uri, params.as_slice()).unwrap());
    AuthorizationHeader::new(None, params.as_slice(), Some(sig.as_str()))
        .unwrap()
        .to_string()
}

fn floor(base: &str, key_text: &[u8], out: &mut [u8; 28]) {
    use base64::Engine as _;
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(key_text).unwrap();
    mac.update(base.as_bytes());
    let tag = mac.finalize().into_bytes();
    base64::engine::general_purpose::STANDARD
        .encode_slice(tag, out)
        .unwrap();
}

struct Case {
    name: &'static str,
    run: Box<dyn FnMut()>,
    samples: Vec<f64>,
    allocs: f64,
}

fn main() {
    let (consumer, token) = (consumer(), token());
    let key = consumer
        .signing_key(SignatureMethod::HmacSha1, Some(&token))
        .unwrap();

    // Correctness first: every path signs the same request the same way.
    let pinned = oauthsig_pinned(&consumer, &token);
    let base = pinned.signature_base_string().unwrap();
    let key_text = format!("{}&{}", oauthsig::escape(CS), oauthsig::escape(TS));
    let mut out = [0u8; 28];
    floor(&base, key_text.as_bytes(), &mut out);
    let floor_sig = std::str::from_utf8(&out).unwrap().to_owned();
    assert_eq!(pinned.signature(), Some(floor_sig.as_str()));
    let core_header = core_request(&key);
    assert!(core_header.contains(&oauthsig::escape(&floor_sig)));
    let signed = Request::from_request(
        "GET",
        URL_WITH_QUERY,
        [("Authorization", oauthsig_request(&consumer, &token))],
        b"",
        None,
    )
    .unwrap();
    assert!(signed.check_signature(&consumer, Some(&token)).unwrap());
    let signed = Request::from_request(
        "GET",
        URL_WITH_QUERY,
        [("Authorization", oauthsig_prepared(&consumer, &token, &key))],
        b"",
        None,
    )
    .unwrap();
    assert!(signed.check_signature(&consumer, Some(&token)).unwrap());

    let (c1, t1) = (consumer.clone(), token.clone());
    let (c2, t2, k2) = (consumer.clone(), token.clone(), key.clone());
    let (c3, t3) = (consumer.clone(), token.clone());
    let k4 = key.clone();
    let mut cases: Vec<Case> = vec![
        Case {
            name: "floor: HMAC-SHA1 + base64 over prebuilt base string",
            run: Box::new(move || {
                let mut o = [0u8; 28];
                floor(black_box(&base), black_box(key_text.as_bytes()), &mut o);
                black_box(o);
            }),
            samples: vec![],
            allocs: 0.0,
        },
        Case {
            name: "oauthsig-core, borrowed parts, prepared key, header",
            run: Box::new(move || {
                black_box(core_request(&k4));
            }),
            samples: vec![],
            allocs: 0.0,
        },
        Case {
            name: "oauthsig: from_consumer_and_token+params+sign+header",
            run: Box::new(move || {
                black_box(oauthsig_request(&c1, &t1));
            }),
            samples: vec![],
            allocs: 0.0,
        },
        Case {
            name: "oauthsig: same, sign_with_key (prepared key)",
            run: Box::new(move || {
                black_box(oauthsig_prepared(&c2, &t2, &k2));
            }),
            samples: vec![],
            allocs: 0.0,
        },
        Case {
            name: "oauthsig: pinned nonce/timestamp (no CSPRNG, no clock)",
            run: Box::new(move || {
                black_box(oauthsig_pinned(&c3, &t3).to_header(None).unwrap());
            }),
            samples: vec![],
            allocs: 0.0,
        },
    ];

    let iters: u32 = std::env::var("BENCH_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(15);
    for c in &mut cases {
        let before = ALLOCS.load(Ordering::Relaxed);
        for _ in 0..1000 {
            (c.run)();
        }
        c.allocs = (ALLOCS.load(Ordering::Relaxed) - before) as f64 / 1000.0;
    }
    // Round-robin so drift in machine load hits every path alike.
    for _ in 0..rounds {
        for c in &mut cases {
            let t = Instant::now();
            for _ in 0..iters {
                (c.run)();
            }
            c.samples
                .push(t.elapsed().as_nanos() as f64 / f64::from(iters));
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        v[v.len() / 2]
    };
    let meds: Vec<f64> = cases.iter_mut().map(|c| median(&mut c.samples)).collect();
    let floor_ns = meds[0];
    println!(
        "{:<56} {:>9} {:>9} {:>8}",
        "path", "ns/req", "x floor", "allocs"
    );
    for (c, m) in cases.iter().zip(&meds) {
        println!(
            "{:<56} {:>9.0} {:>9.2} {:>8.1}",
            c.name,
            m,
            m / floor_ns,
            c.allocs
        );
    }
    println!();
    println!(
        "oauthsig typical request / floor:        {:.2}x",
        meds[2] / floor_ns
    );
    println!(
        "oauthsig typical request / core:         {:.2}x",
        meds[2] / meds[1]
    );
}
