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
use oauthsig_bench_support::Path;
use oauthsig_core::{HttpRequest, Placement, Protocol, sign};
use std::hint::black_box;

#[global_allocator]
static A: oauthsig_bench_support::Counting = oauthsig_bench_support::Counting;

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
    let request = HttpRequest::new("GET", black_box(URL_WITH_QUERY));
    let protocol = Protocol::new(CK)
        .token(TK)
        .timestamp(TIMESTAMP)
        .nonce(NONCE)
        .version(true);
    sign::sign(&request, &protocol, key)
        .unwrap()
        .output(Placement::Header { realm: None })
        .unwrap()
        .to_string()
}

/// RFC 5849 §3.4.1.1 through the std layer, as an application writes it:
/// a fresh CSPRNG nonce and the clock, the form body, signed, the header.
fn rfc_request(consumer: &Consumer, token: &Token) -> String {
    use oauthsig_bench_support::rfc_example::{BODY, URL as RFC_URL, opaque};
    Request::from_consumer_and_token(consumer, Some(token), "POST", opaque(&RFC_URL))
        .unwrap()
        .form_body(opaque(&BODY))
        .unwrap()
        .sign(SignatureMethod::HmacSha1, consumer, Some(token))
        .unwrap()
        .to_header(Some("Example"))
        .unwrap()
}

/// The same with the RFC's nonce and timestamp pinned (no CSPRNG, no clock).
fn rfc_pinned(consumer: &Consumer, token: &Token) -> String {
    use oauthsig_bench_support::rfc_example::{BODY, NONCE, TIMESTAMP, URL as RFC_URL, opaque};
    Request::new("POST", opaque(&RFC_URL))
        .unwrap()
        .form_body(opaque(&BODY))
        .unwrap()
        .nonce(NONCE)
        .timestamp(TIMESTAMP)
        .sign(SignatureMethod::HmacSha1, consumer, Some(token))
        .unwrap()
        .to_header(Some("Example"))
        .unwrap()
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
    assert_eq!(pinned.signature().as_deref(), Some(floor_sig.as_str()));
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
    let rfc_consumer = {
        use oauthsig_bench_support::rfc_example::{CK, CS};
        Consumer::new(CK, CS)
    };
    let rfc_token = {
        use oauthsig_bench_support::rfc_example::{TK, TS};
        Token::new(TK, TS)
    };
    let (c5, t5) = (rfc_consumer.clone(), rfc_token.clone());
    let (c6, t6) = (rfc_consumer, rfc_token);
    assert!(rfc_pinned(&c6, &t6).ends_with(&format!(
        "oauth_signature=\"{}\"",
        oauthsig::escape(oauthsig_bench_support::rfc_example::EXPECTED)
    )));
    let measured = oauthsig_bench_support::measure(
        10_000,
        vec![
            Path::new(
                "floor: HMAC-SHA1 + base64 over prebuilt base string",
                move || {
                    let mut o = [0u8; 28];
                    floor(black_box(&base), black_box(key_text.as_bytes()), &mut o);
                    black_box(o);
                },
            ),
            Path::new(
                "oauthsig-core, borrowed parts, prepared key, header",
                move || {
                    black_box(core_request(&k4));
                },
            ),
            Path::new(
                "oauthsig: from_consumer_and_token+params+sign+header",
                move || {
                    black_box(oauthsig_request(&c1, &t1));
                },
            ),
            Path::new("oauthsig: same, sign_with_key (prepared key)", move || {
                black_box(oauthsig_prepared(&c2, &t2, &k2));
            }),
            Path::new(
                "oauthsig: pinned nonce/timestamp (no CSPRNG, no clock)",
                move || {
                    black_box(oauthsig_pinned(&c3, &t3).to_header(None).unwrap());
                },
            ),
            Path::new("RFC floor: HMAC-SHA1 + base64, §3.4.1.1", || {
                let mut o = [0u8; 28];
                oauthsig_bench_support::rfc_example::floor(&mut o);
                black_box(o);
            }),
            Path::new(
                "RFC: from_consumer_and_token+form_body+sign+header",
                move || {
                    black_box(rfc_request(&c5, &t5));
                },
            ),
            Path::new("RFC: same, pinned nonce/timestamp", move || {
                black_box(rfc_pinned(&c6, &t6));
            }),
        ],
    );
    let meds: Vec<f64> = measured.iter().map(|m| m.ns).collect();
    let floor_ns = meds[0];
    oauthsig_bench_support::print_table("ns/req", &measured);
    // With BENCH_ONLY there is one path and nothing to compare.
    if meds.len() == 8 {
        println!();
        println!(
            "oauthsig typical request / floor:        {:.2}x",
            meds[2] / floor_ns
        );
        println!(
            "oauthsig typical request / core:         {:.2}x",
            meds[2] / meds[1]
        );
        println!(
            "RFC std Request / RFC floor:             {:.2}x (target <= 2.0, <= 4 allocations)",
            meds[6] / meds[5]
        );
        println!(
            "RFC std Request, pinned / RFC floor:     {:.2}x",
            meds[7] / meds[5]
        );
    }
}
