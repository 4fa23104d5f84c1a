//! Where prepared-key signing spends its time, on the RFC 5849 §3.4.1.1
//! request of the `sign` bench: each path does one phase more than the one
//! before it, so the differences between rows are the phases' costs. The
//! first row is the least a prepared key can do: HMAC-SHA1 and base64 over
//! the already-built base string.
//!
//! `cargo bench -p oauthsig-core --bench phases` (`BENCH_ONLY=N` runs row
//! `N` alone, for `perf record`).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use oauthsig_bench_support::Path;
use oauthsig_bench_support::rfc_example::{
    BASE, BODY, CK, CS, EXPECTED, NONCE, TIMESTAMP, TK, TS, URL, opaque,
};
use oauthsig_core::header::parse_authorization;
use oauthsig_core::sink::Counter;
use oauthsig_core::{
    AuthorizationHeader, BaseString, BaseStringUri, ParamArray, Protocol, SignatureMethod,
    SigningKey, Source,
};
use std::hint::black_box;

fn protocol() -> Protocol<'static> {
    Protocol::new(CK, SignatureMethod::HmacSha1)
        .token(TK)
        .timestamp(TIMESTAMP)
        .nonce(NONCE)
}

fn collect<'a>(p: &mut ParamArray<'a, 16>, proto: &Protocol<'a>) {
    p.extend_query(opaque(&URL)).unwrap();
    p.extend_form(opaque(&BODY), Source::Body).unwrap();
    p.extend_protocol(proto).unwrap();
}

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
        assert_eq!(key.sign(&base).as_str(), EXPECTED);
    }
    // The request's Authorization header, as a server receives it.
    let header = {
        let mut p = ParamArray::<16>::array();
        collect(&mut p, &proto);
        p.sort();
        let uri = BaseStringUri::parse(URL).unwrap();
        let sig = key.sign(&BaseString::new("POST", &uri, p.as_slice()).unwrap());
        AuthorizationHeader::new(Some("Example"), p.as_slice(), Some(sig.as_str()))
            .unwrap()
            .to_string()
    };
    let header = header.as_str();
    println!("The header the last row parses:\n{header}\n");
    let measured = oauthsig_bench_support::measure(
        20_000,
        vec![
            Path::new("prepared floor: sign_text(prebuilt base string)", || {
                black_box(key.sign_text(black_box(BASE.as_bytes())));
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
                let sig = key.sign(&BaseString::new("POST", &uri, p.as_slice()).unwrap());
                black_box(sig);
            }),
            Path::new("server side: parse the Authorization header", || {
                let mut n = 0;
                for item in parse_authorization(black_box(header)).unwrap() {
                    black_box(item.unwrap());
                    n += 1;
                }
                black_box(n);
            }),
        ],
    );
    oauthsig_bench_support::print_table("ns", &measured);
}
