//! Where prepared-key signing spends its time, on the RFC 5849 §3.4.1.1
//! request of the `sign` bench: each path does one phase more than the one
//! before it, so the differences between rows are the phases' costs. The
//! first row is the least a prepared key can do: HMAC-SHA1 and base64 over
//! the already-built base string. The phases are the building blocks
//! composed by hand; the engine's rows follow them (`sign::prepare`, the
//! one call to the signature, to the written header), then a server's:
//! parsing the header, receiving the request (`verify::receive`), and its
//! checks and signature check.
//!
//! `cargo bench -p oauthsig-core --bench phases` (`BENCH_ONLY=N` runs row
//! `N` alone, for `perf record`).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use oauthsig_bench_support::Path;
use oauthsig_bench_support::rfc_example::{
    BASE, BODY, CK, CS, EXPECTED, NONCE, TIMESTAMP, TK, TS, URL, opaque,
};
use oauthsig_core::Render as _;
use oauthsig_core::header::parse_authorization;
use oauthsig_core::sink::Counter;
use oauthsig_core::verify::{self, Incoming, Policy};
use oauthsig_core::{
    BaseString, BaseStringUri, Body, HttpRequest, ParamArray, Placement, Protocol, SignatureMethod,
    SigningKey, Source, body::FORM_CONTENT_TYPE, sign,
};
use std::hint::black_box;

fn protocol() -> Protocol<'static> {
    Protocol::new(CK)
        .token(TK)
        .timestamp(TIMESTAMP)
        .nonce(NONCE)
}

fn request() -> HttpRequest<'static> {
    HttpRequest::new("POST", opaque(&URL)).body(Body::Form(opaque(&BODY)))
}

fn collect<'a>(p: &mut ParamArray<'a, 16>, proto: &Protocol<'a>) {
    p.extend_query(opaque(&URL)).unwrap();
    p.extend_form(opaque(&BODY), Source::Body).unwrap();
    for q in proto.params(SignatureMethod::HmacSha1, None) {
        p.push(q).unwrap();
    }
}

const REALM: Placement<'static> = Placement::Header {
    realm: Some("Example"),
};

fn main() {
    let key = SigningKey::new(SignatureMethod::HmacSha1, CS, TS).unwrap();
    let proto = protocol();
    // The phases add up to the RFC signature.
    {
        let mut p = ParamArray::<16>::array();
        collect(&mut p, &proto);
        p.sort();
        let uri = BaseStringUri::parse(URL).unwrap();
        let base = BaseString::new("POST", &uri, p.as_slice()).unwrap();
        assert_eq!(base.to_string(), BASE);
        assert_eq!(key.sign(&base).unwrap().as_str(), EXPECTED);
    }
    // The request's Authorization header, as a server receives it.
    let mut header_buf = [0u8; 512];
    let header = sign::sign_to_slice(&request(), &proto, &key, REALM, &mut header_buf).unwrap();
    println!("The header the server rows receive:\n{header}\n");
    let incoming = Incoming::new("POST", URL)
        .authorization(header)
        .content_type(FORM_CONTENT_TYPE)
        .body(BODY.as_bytes());
    let methods = [SignatureMethod::HmacSha1];
    let policy = Policy::new(&methods);
    let now = 137_131_201;
    verify::verify(&incoming, &policy, &key, now).unwrap();
    let measured = oauthsig_bench_support::measure(
        20_000,
        vec![
            Path::new("prepared floor: sign_text(prebuilt base string)", || {
                black_box(key.sign_text(black_box(BASE.as_bytes())).unwrap());
            }),
            Path::new("parameter array (16 slots)", || {
                black_box(ParamArray::<16>::array());
            }),
            Path::new("+ query", || {
                let mut p = ParamArray::<16>::array();
                p.extend_query(opaque(&URL)).unwrap();
                black_box(&p);
            }),
            Path::new("+ body", || {
                let mut p = ParamArray::<16>::array();
                p.extend_query(opaque(&URL)).unwrap();
                p.extend_form(opaque(&BODY), Source::Body).unwrap();
                black_box(&p);
            }),
            Path::new("+ protocol", || {
                let mut p = ParamArray::<16>::array();
                collect(&mut p, &proto);
                black_box(&p);
            }),
            Path::new("+ sort", || {
                let mut p = ParamArray::<16>::array();
                collect(&mut p, &proto);
                p.sort();
                black_box(&p);
            }),
            Path::new("+ base string URI", || {
                let mut p = ParamArray::<16>::array();
                collect(&mut p, &proto);
                p.sort();
                let uri = BaseStringUri::parse(opaque(&URL)).unwrap();
                black_box((&p, &uri));
            }),
            Path::new("+ base string written to a byte counter", || {
                let mut p = ParamArray::<16>::array();
                collect(&mut p, &proto);
                p.sort();
                let uri = BaseStringUri::parse(opaque(&URL)).unwrap();
                let mut c = Counter::default();
                BaseString::new("POST", &uri, p.as_slice())
                    .unwrap()
                    .write_to(&mut c);
                black_box(c);
            }),
            Path::new("sign: written into the MAC instead, + base64", || {
                let mut p = ParamArray::<16>::array();
                collect(&mut p, &proto);
                p.sort();
                let uri = BaseStringUri::parse(opaque(&URL)).unwrap();
                let sig = key
                    .sign(&BaseString::new("POST", &uri, p.as_slice()).unwrap())
                    .unwrap();
                black_box(sig);
            }),
            Path::new("engine: sign::prepare (collect, sort, URI)", || {
                black_box(sign::prepare(&request(), &proto).unwrap());
            }),
            Path::new("engine: sign::sign, to the signature", || {
                let signed = sign::sign(&request(), &proto, &key).unwrap();
                black_box(signed.signature().as_bytes());
            }),
            Path::new("engine: sign_to_slice, to the written header", || {
                let mut buf = [0u8; 512];
                let n = sign::sign_to_slice(&request(), &proto, &key, REALM, &mut buf);
                black_box(n.unwrap().len());
                black_box(&buf);
            }),
            Path::new("server side: parse the Authorization header", || {
                let mut n = 0;
                for item in parse_authorization(black_box(header)).unwrap() {
                    black_box(item.unwrap());
                    n += 1;
                }
                black_box(n);
            }),
            Path::new("server: verify::receive (query, body, header)", || {
                black_box(verify::receive(black_box(&incoming)).unwrap());
            }),
            Path::new("server: + check (policy, now)", || {
                let received = verify::receive(black_box(&incoming)).unwrap();
                black_box(received.check(&policy, now).unwrap());
            }),
            Path::new("server: + check_signature, check_body_hash", || {
                let mut received = verify::receive(black_box(&incoming)).unwrap();
                let checked = received.check(&policy, now).unwrap();
                received.check_signature(&key).unwrap();
                black_box(received.check_body_hash(checked.method).unwrap());
            }),
        ],
    );
    oauthsig_bench_support::print_table("ns", &measured);
}
