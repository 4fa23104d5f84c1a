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
use oauthsig_core::header::parse_authorization;
use oauthsig_core::sink::Counter;
use oauthsig_core::{
    AuthorizationHeader, BaseString, BaseStringUri, ParamArray, Protocol, SignatureMethod,
    SigningKey, Source,
};
use std::hint::black_box;

/// `text`, hidden from the optimizer. `black_box(text)` itself would send
/// the `&str` through the stack, and the callee's reading it back as one
/// 16-byte value stalls on store forwarding: a harness cost, not the
/// library's. Loading it from the static behind a hidden reference costs
/// nothing of the kind.
fn opaque(text: &'static &'static str) -> &'static str {
    black_box(text)
}

const URL: &str = "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b";
const BODY: &str = "c2&a3=2+q";
const BASE: &str = "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7";

fn protocol() -> Protocol<'static> {
    Protocol::new("9djdj82h48djs9d2", SignatureMethod::HmacSha1)
        .token("kkk9d7dh3k39sjv7")
        .timestamp("137131201")
        .nonce("7d8f3e4a")
}

fn collect<'a>(p: &mut ParamArray<'a, 16>, proto: &Protocol<'a>) {
    p.extend_query(opaque(&URL)).unwrap();
    p.extend_form(opaque(&BODY), Source::Body).unwrap();
    p.extend_protocol(proto).unwrap();
}

fn main() {
    let key = SigningKey::new(SignatureMethod::HmacSha1, "j49sk3j29djd", "dh893hdasih9").unwrap();
    let proto = protocol();
    // The phases add up to the RFC signature.
    {
        let mut p = ParamArray::<16>::array();
        collect(&mut p, &proto);
        p.sort();
        let uri = BaseStringUri::parse(URL).unwrap();
        let base = BaseString::new("POST", &uri, p.as_slice()).unwrap();
        assert_eq!(base.to_string(), BASE);
        assert_eq!(key.sign(&base).as_str(), "r6/TJjbCOr97/+UU0NsvSne7s5g=");
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
