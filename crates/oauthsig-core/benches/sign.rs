//! Signing cost on the RFC 5849 §3.4.1.1 request, as ratios measured in one
//! run (absolute numbers on shared machines are noise; ratios are not).
//!
//! `cargo bench -p oauthsig-core --bench sign`
//!
//! Paths:
//! - floor:    HMAC-SHA1 over the already-built base string with the
//!   already-built key text, plus base64 — the least any signer can do;
//! - raw:      oauthsig-core from borrowed URL, body and protocol values,
//!   the key schedule done per call;
//! - prepared: the same with a prepared `SigningKey`;
//! - oauth1-request, the existing Rust crate, from raw parts (decoding the
//!   query and body itself) and from prebuilt parameters (decoded and
//!   sorted before the loop);
//! - prebuilt: oauthsig-core with the same head start — the query and body
//!   split and sorted once, the URI parsed once — and a prepared key; each
//!   request clones the parameters and adds its protocol parameters;
//! - the floor again, through oauthsig-core's own HMAC (`SigningKey::new`
//!   then `sign_text` on the prebuilt base string): the targets are ratios
//!   to the first floor, which uses the `hmac` crate as any signer would;
//!   this one shows how much of the distance is the HMAC itself.
//!
//! Each path also reports heap allocations per signature (counting allocator).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauthsig_bench_support::Path;
use oauthsig_bench_support::rfc_example::{
    BASE, BODY, CK, CS, EXPECTED, NONCE, TIMESTAMP, TK, TS, URL, floor, opaque,
};
use oauthsig_core::{
    BaseString, BaseStringUri, ParamArray, Protocol, SignatureMethod, SigningKey, Source,
};
use std::hint::black_box;
use std::num::NonZeroU64;

#[global_allocator]
static A: oauthsig_bench_support::Counting = oauthsig_bench_support::Counting;

fn ours(key: &SigningKey, out: &mut [u8; 28]) {
    let proto = Protocol::new(CK, SignatureMethod::HmacSha1)
        .token(TK)
        .timestamp(TIMESTAMP)
        .nonce(NONCE);
    let mut params = ParamArray::<16>::array();
    params.extend_query(opaque(&URL)).unwrap();
    params.extend_form(opaque(&BODY), Source::Body).unwrap();
    params.extend_protocol(&proto).unwrap();
    params.sort();
    let uri = BaseStringUri::parse(URL).unwrap();
    let sig = key.sign(&BaseString::new("POST", &uri, params.as_slice()).unwrap());
    out.copy_from_slice(sig.as_bytes());
}

/// What stays the same from one request to the next, built once: the
/// query and body parameters (split and sorted) and the base string URI.
/// oauth1-request's prebuilt path gets the same head start.
struct Prebuilt {
    params: ParamArray<'static, 16>,
    uri: BaseStringUri<'static>,
}

impl Prebuilt {
    fn new() -> Self {
        let mut params = ParamArray::<16>::array();
        params.extend_query(URL).unwrap();
        params.extend_form(BODY, Source::Body).unwrap();
        params.sort();
        Prebuilt {
            params,
            uri: BaseStringUri::parse(URL).unwrap(),
        }
    }
}

/// Per request: the prebuilt parameters, this request's protocol
/// parameters merged in, and the signature.
fn ours_prebuilt(key: &SigningKey, pre: &Prebuilt, out: &mut [u8; 28]) {
    let proto = Protocol::new(CK, SignatureMethod::HmacSha1)
        .token(TK)
        .timestamp(TIMESTAMP)
        .nonce(NONCE);
    let mut params = pre.params.clone();
    params.extend_protocol(&proto).unwrap();
    params.sort();
    let sig = key.sign(&BaseString::new("POST", &pre.uri, params.as_slice()).unwrap());
    out.copy_from_slice(sig.as_bytes());
}

fn ours_raw(out: &mut [u8; 28]) {
    let key = SigningKey::new(SignatureMethod::HmacSha1, opaque(&CS), opaque(&TS)).unwrap();
    ours(&key, out);
}

/// Percent/form decoding for oauth1-request, which takes decoded values.
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' => {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

fn builder<'a>() -> oauth1_request::Builder<'a, oauth1_request::HmacSha1, &'a str> {
    let client = oauth1_request::Credentials::new(CK, CS);
    let mut b = oauth1_request::Builder::new(client, oauth1_request::HMAC_SHA1);
    b.token(oauth1_request::Credentials::new(TK, TS))
        .nonce(NONCE)
        .timestamp(NonZeroU64::new(137131201))
        .version(false);
    b
}

/// oauth1-request writes names unencoded, so `c@` must be handed over in its
/// twice-encoded form (as it appears inside the base string) for the RFC signature to come out.
fn their_name(n: &str) -> String {
    if n == "c@" {
        "c%2540".to_owned()
    } else {
        n.to_owned()
    }
}

fn theirs_raw() -> String {
    let q = URL.split_once('?').unwrap().1;
    let mut pairs: Vec<(String, String)> = Vec::new();
    for part in q.split('&').chain(BODY.split('&')) {
        let (n, v) = part.split_once('=').unwrap_or((part, ""));
        pairs.push((their_name(&decode(n)), decode(v)));
    }
    let list = oauth1_request::ParameterList::new(pairs);
    builder().post("http://example.com/request", &list)
}

fn signature_of(header: &str) -> &str {
    let start = header.find("oauth_signature=\"").unwrap() + 17;
    let end = start + header[start..].find('"').unwrap();
    &header[start..end]
}

fn main() {
    // Correctness first: every path must produce the RFC signature.
    let mut out = [0u8; 28];
    floor(&mut out);
    assert_eq!(std::str::from_utf8(&out).unwrap(), EXPECTED);
    ours_raw(&mut out);
    assert_eq!(std::str::from_utf8(&out).unwrap(), EXPECTED);
    let h = theirs_raw();
    assert_eq!(
        signature_of(&h),
        oauthsig_core::encode::encode(EXPECTED).to_string()
    );

    let prepared = SigningKey::new(SignatureMethod::HmacSha1, CS, TS).unwrap();
    let prebuilt = {
        let q = URL.split_once('?').unwrap().1;
        let mut pairs: Vec<(String, String)> = Vec::new();
        for part in q.split('&').chain(BODY.split('&')) {
            let (n, v) = part.split_once('=').unwrap_or((part, ""));
            pairs.push((their_name(&decode(n)), decode(v)));
        }
        oauth1_request::ParameterList::new(pairs)
    };
    let pre = Prebuilt::new();
    let key = prepared.clone();
    ours_prebuilt(&key, &pre, &mut out);
    assert_eq!(std::str::from_utf8(&out).unwrap(), EXPECTED);
    let b = builder();
    assert_eq!(
        signature_of(&b.post("http://example.com/request", &prebuilt)),
        signature_of(&h)
    );

    let measured = oauthsig_bench_support::measure(
        20_000,
        vec![
            Path::new(
                "floor: HMAC-SHA1 + base64 over prebuilt base string",
                || {
                    let mut o = [0u8; 28];
                    floor(&mut o);
                    black_box(o);
                },
            ),
            Path::new("oauthsig-core, raw parts, key per call", || {
                let mut o = [0u8; 28];
                ours_raw(&mut o);
                black_box(o);
            }),
            Path::new("oauthsig-core, raw parts, prepared key", move || {
                let mut o = [0u8; 28];
                ours(&prepared, &mut o);
                black_box(o);
            }),
            Path::new("oauth1-request, raw parts", || {
                black_box(theirs_raw());
            }),
            Path::new("oauth1-request, prebuilt parameters", move || {
                black_box(b.post("http://example.com/request", &prebuilt));
            }),
            Path::new(
                "oauthsig-core, prebuilt parameters, prepared key",
                move || {
                    let mut o = [0u8; 28];
                    ours_prebuilt(&key, black_box(&pre), &mut o);
                    black_box(o);
                },
            ),
            Path::new("floor through oauthsig-core's HMAC", || {
                let key =
                    SigningKey::new(SignatureMethod::HmacSha1, opaque(&CS), opaque(&TS)).unwrap();
                let mut o = [0u8; 28];
                o.copy_from_slice(key.sign_text(opaque(&BASE).as_bytes()).as_bytes());
                black_box(o);
            }),
        ],
    );
    oauthsig_bench_support::print_table("ns/sig", &measured);
    // With BENCH_ONLY there is one path and nothing to compare.
    if measured.len() == 7 {
        let ratio = |a: usize, b: usize| {
            (
                measured[a].ns / measured[b].ns,
                measured[a].min_ns / measured[b].min_ns,
            )
        };
        println!();
        println!("{:<46} {:>8} {:>8}", "", "median", "min");
        for (label, (med, min), target) in [
            ("raw, key per call / floor", ratio(1, 0), "<= 2.0"),
            ("prepared key / floor", ratio(2, 0), "<= 1.5"),
            ("oauth1-request raw / oauthsig raw", ratio(3, 1), ">= 2.0"),
            (
                "oauth1-request prebuilt / oauthsig prepared",
                ratio(4, 2),
                ">= 2.0",
            ),
            (
                "oauth1-request prebuilt / oauthsig prebuilt",
                ratio(4, 5),
                ">= 2.0",
            ),
        ] {
            println!("{label:<46} {med:>7.2}x {min:>7.2}x  (target {target})");
        }
        let (med, min) = ratio(2, 6);
        println!(
            "{:<46} {med:>7.2}x {min:>7.2}x  (no target: context)",
            "prepared key / floor through own HMAC"
        );
    }
}
