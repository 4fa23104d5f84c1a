//! Signing cost on the RFC 5849 §3.4.1.1 request, as ratios measured in one
//! run (absolute numbers on shared machines are noise; ratios are not).
//!
//! `cargo bench -p oauthsig-core --bench sign`
//!
//! Paths:
//! - floor:    HMAC-SHA1 over the already-built base string with the
//!   already-built key text, plus base64 — the least any signer can do;
//! - raw:      oauthsig-core's one call (`sign::sign`) from borrowed URL,
//!   body and protocol values, the key schedule done per call; the row ends
//!   at the signature;
//! - prepared: the same with a prepared `SigningKey`;
//! - one-call header: `sign::sign_to_slice`, prepared key or key per call,
//!   ending where the user's call ends: the whole `Authorization` header
//!   written into a buffer;
//! - oauth1-request, the existing Rust crate, from raw parts (decoding the
//!   query and body itself) and from prebuilt parameters (decoded and
//!   sorted before the loop); both end at the `Authorization` header;
//! - prebuilt: oauthsig-core's building blocks with the same head start —
//!   the query and body split and sorted once, the URI parsed once — and a
//!   prepared key; each request clones the parameters, adds its protocol
//!   parameters (`Protocol::params`) and sorts;
//! - building blocks by hand: what the raw-parts rows did before the one
//!   call existed (query and body split, protocol parameters pushed, one
//!   sort, the URI parsed, the base string signed), prepared key: the one
//!   call's reference, ending at the signature;
//! - core verify: the server's side of the header row, ending where its
//!   call ends: `verify::receive` of the request carrying the one-call
//!   header, `check` under a policy, `check_signature` with the prepared
//!   key (RFC 5849 §3.2);
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
use oauthsig_core::verify::{self, Incoming, Policy};
use oauthsig_core::{
    BaseString, BaseStringUri, Body, HttpRequest, ParamArray, Placement, Protocol, SignatureMethod,
    SigningKey, Source, body::FORM_CONTENT_TYPE, sign,
};
use std::hint::black_box;
use std::num::NonZeroU64;

#[global_allocator]
static A: oauthsig_bench_support::Counting = oauthsig_bench_support::Counting;

/// The `Authorization` header the one-call rows write (RFC 5849 §3.5.1,
/// with the realm of the §3.4.1.1 example).
const HEADER: &str = "OAuth realm=\"Example\", oauth_consumer_key=\"9djdj82h48djs9d2\", \
    oauth_token=\"kkk9d7dh3k39sjv7\", oauth_signature_method=\"HMAC-SHA1\", \
    oauth_timestamp=\"137131201\", oauth_nonce=\"7d8f3e4a\", \
    oauth_signature=\"r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D\"";

fn protocol() -> Protocol<'static> {
    Protocol::new(CK)
        .token(TK)
        .timestamp(TIMESTAMP)
        .nonce(NONCE)
}

/// The request from borrowed parts, hidden from the optimizer.
fn request() -> HttpRequest<'static> {
    HttpRequest::new("POST", opaque(&URL)).body(Body::Form(opaque(&BODY)))
}

/// The one call, ending at the signature.
fn ours(key: &SigningKey, out: &mut [u8; 28]) {
    let signed = sign::sign(&request(), &protocol(), key).unwrap();
    out.copy_from_slice(signed.signature().as_bytes());
}

/// The one call, ending where the user's ends: the header in a buffer.
fn ours_header<'b>(key: &SigningKey, buf: &'b mut [u8; 512]) -> &'b str {
    let realm = Placement::Header {
        realm: Some("Example"),
    };
    sign::sign_to_slice(&request(), &protocol(), key, realm, buf).unwrap()
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
    let mut params = pre.params.clone();
    for p in protocol().params(key.method(), None) {
        params.push(p).unwrap();
    }
    params.sort();
    let sig = key
        .sign(&BaseString::new("POST", &pre.uri, params.as_slice()).unwrap())
        .unwrap();
    out.copy_from_slice(sig.as_bytes());
}

/// The building blocks composed by hand from raw parts, as the raw-parts
/// rows were before the one call: the engine's reference.
fn ours_by_hand(key: &SigningKey, out: &mut [u8; 28]) {
    let mut params = ParamArray::<16>::array();
    params.extend_query(opaque(&URL)).unwrap();
    params.extend_form(opaque(&BODY), Source::Body).unwrap();
    for p in protocol().params(key.method(), None) {
        params.push(p).unwrap();
    }
    params.sort();
    let uri = BaseStringUri::parse(opaque(&URL)).unwrap();
    let sig = key
        .sign(&BaseString::new("POST", &uri, params.as_slice()).unwrap())
        .unwrap();
    out.copy_from_slice(sig.as_bytes());
}

/// The server's side: the request carrying `header` received, checked
/// and its signature verified.
fn core_verify(incoming: &Incoming<'_>, policy: &Policy<'_>, key: &SigningKey) {
    let mut received = verify::receive(incoming).unwrap();
    let checked = received.check(policy, 137_131_201).unwrap();
    received.check_signature(key).unwrap();
    black_box(checked);
}

fn key_per_call() -> SigningKey {
    SigningKey::new(SignatureMethod::HmacSha1, opaque(&CS), opaque(&TS)).unwrap()
}

fn ours_raw(out: &mut [u8; 28]) {
    ours(&key_per_call(), out);
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

/// From raw parts: the query and body decoded on every call.
fn theirs_raw() -> String {
    builder().post("http://example.com/request", &their_pairs())
}

fn signature_of(header: &str) -> &str {
    let start = header.find("oauth_signature=\"").unwrap() + 17;
    let end = start + header[start..].find('"').unwrap();
    &header[start..end]
}

/// The parameters of the query and body, decoded for oauth1-request.
fn their_pairs() -> oauth1_request::ParameterList<String, String> {
    let q = URL.split_once('?').unwrap().1;
    let mut pairs: Vec<(String, String)> = Vec::new();
    for part in q.split('&').chain(BODY.split('&')) {
        let (n, v) = part.split_once('=').unwrap_or((part, ""));
        pairs.push((their_name(&decode(n)), decode(v)));
    }
    oauth1_request::ParameterList::new(pairs)
}

/// Correctness first: every path must produce the RFC signature, and the
/// header rows the whole header.
fn check_paths(prepared: &SigningKey, pre: &Prebuilt) {
    let sig = |f: &dyn Fn(&mut [u8; 28])| {
        let mut out = [0u8; 28];
        f(&mut out);
        assert_eq!(std::str::from_utf8(&out).unwrap(), EXPECTED);
    };
    sig(&floor);
    sig(&ours_raw);
    sig(&|o| ours(prepared, o));
    sig(&|o| ours_prebuilt(prepared, pre, o));
    sig(&|o| ours_by_hand(prepared, o));
    sig(&|o| o.copy_from_slice(prepared.sign_text(BASE.as_bytes()).unwrap().as_bytes()));
    let mut buf = [0u8; 512];
    assert_eq!(ours_header(prepared, &mut buf), HEADER);
    assert_eq!(ours_header(&key_per_call(), &mut buf), HEADER);
    let h = theirs_raw();
    let encoded = oauthsig_core::encode::encode(EXPECTED).to_string();
    assert_eq!(signature_of(&h), encoded);
    let prebuilt = builder().post("http://example.com/request", &their_pairs());
    assert_eq!(signature_of(&prebuilt), encoded);
}

// The rows, in the order they are measured and printed.
const FLOOR: usize = 0;
const RAW: usize = 1;
const PREPARED: usize = 2;
const HEADER_PREPARED: usize = 3;
const HEADER_PER_CALL: usize = 4;
const THEIRS_RAW: usize = 5;
const THEIRS_PREBUILT: usize = 6;
const PREBUILT: usize = 7;
const OWN_HMAC_FLOOR: usize = 8;
const BY_HAND: usize = 9;
const CORE_VERIFY: usize = 10;
const ROWS: usize = 11;

fn main() {
    let prepared = SigningKey::new(SignatureMethod::HmacSha1, CS, TS).unwrap();
    let pre = Prebuilt::new();
    check_paths(&prepared, &pre);
    let (key, key2, key3) = (prepared.clone(), prepared.clone(), prepared.clone());
    let key4 = prepared.clone();
    let incoming = Incoming::new("POST", URL)
        .authorization(HEADER)
        .content_type(FORM_CONTENT_TYPE)
        .body(BODY.as_bytes());
    let methods = [SignatureMethod::HmacSha1];
    let policy = Policy::new(&methods);
    core_verify(&incoming, &policy, &key4);
    let (b, prebuilt) = (builder(), their_pairs());

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
            Path::new("core one-call, prepared key, header", move || {
                let mut buf = [0u8; 512];
                black_box(ours_header(&key2, &mut buf).len());
                black_box(&buf);
            }),
            Path::new("core one-call, key per call, header", || {
                let mut buf = [0u8; 512];
                black_box(ours_header(&key_per_call(), &mut buf).len());
                black_box(&buf);
            }),
            Path::new("oauth1-request, raw parts (header)", || {
                black_box(theirs_raw());
            }),
            Path::new("oauth1-request, prebuilt parameters (header)", move || {
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
                let mut o = [0u8; 28];
                o.copy_from_slice(
                    key_per_call()
                        .sign_text(opaque(&BASE).as_bytes())
                        .unwrap()
                        .as_bytes(),
                );
                black_box(o);
            }),
            Path::new(
                "building blocks by hand, raw parts, prepared key",
                move || {
                    let mut o = [0u8; 28];
                    ours_by_hand(&key3, &mut o);
                    black_box(o);
                },
            ),
            Path::new("core verify: receive, check, check_signature", || {
                core_verify(black_box(&incoming), &policy, &key4);
            }),
        ],
    );
    oauthsig_bench_support::print_table("ns/sig", &measured);
    // With BENCH_ONLY there is one path and nothing to compare.
    if measured.len() == ROWS {
        print_ratios(&measured);
    }
}

fn print_ratios(measured: &[oauthsig_bench_support::Measured]) {
    let ratio = |a: usize, b: usize| {
        (
            measured[a].ns / measured[b].ns,
            measured[a].min_ns / measured[b].min_ns,
        )
    };
    println!();
    println!("{:<50} {:>8} {:>8}", "", "median", "min");
    for (label, (med, min), target) in [
        ("raw, key per call / floor", ratio(RAW, FLOOR), "<= 2.0"),
        ("prepared key / floor", ratio(PREPARED, FLOOR), "<= 1.5"),
        (
            "one-call header, prepared key / floor",
            ratio(HEADER_PREPARED, FLOOR),
            "<= 1.6",
        ),
        (
            "one-call header, key per call / floor",
            ratio(HEADER_PER_CALL, FLOOR),
            "none",
        ),
        (
            "oauth1-request raw / oauthsig raw",
            ratio(THEIRS_RAW, RAW),
            ">= 2.0",
        ),
        (
            "oauth1-request prebuilt / oauthsig prepared",
            ratio(THEIRS_PREBUILT, PREPARED),
            ">= 2.0",
        ),
        (
            "oauth1-request prebuilt / oauthsig prebuilt",
            ratio(THEIRS_PREBUILT, PREBUILT),
            ">= 2.0",
        ),
        (
            "oauth1-request raw / one-call header, key per call",
            ratio(THEIRS_RAW, HEADER_PER_CALL),
            "none: both end at the header",
        ),
    ] {
        println!("{label:<50} {med:>7.2}x {min:>7.2}x  (target {target})");
    }
    for (label, (med, min)) in [
        ("building blocks by hand / floor", ratio(BY_HAND, FLOOR)),
        (
            "prepared key / building blocks by hand",
            ratio(PREPARED, BY_HAND),
        ),
        (
            "one-call header / building blocks by hand",
            ratio(HEADER_PREPARED, BY_HAND),
        ),
        ("core verify / floor", ratio(CORE_VERIFY, FLOOR)),
    ] {
        println!("{label:<50} {med:>7.2}x {min:>7.2}x  (no target: context)");
    }
    let (med, min) = ratio(PREPARED, OWN_HMAC_FLOOR);
    println!(
        "{:<50} {med:>7.2}x {min:>7.2}x  (no target: context)",
        "prepared key / floor through own HMAC"
    );
}
