//! Proves the signing and verification paths never touch the heap: a global
//! allocator counts every allocation while the RFC 5849 §3.4.1.1 request is
//! signed and verified from borrowed parts.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauthsig_bench_support::{Counting, allocations};
use oauthsig_core::header::parse_authorization_into;
use oauthsig_core::{
    AuthorizationHeader, BaseString, BaseStringUri, ParamArray, Protocol, SignatureMethod,
    SigningKey, Source, sink::SliceSink,
};

// The count is process-wide, so this binary holds a single test: another one
// running on a parallel test thread would be counted against it.
#[global_allocator]
static GLOBAL: Counting = Counting;

const URL: &str = "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b";
const BODY: &str = "c2&a3=2+q";

fn sign_and_verify(method: SignatureMethod, header_buf: &mut [u8]) -> usize {
    let key = SigningKey::new(method, "j49sk3j29djd", "dh893hdasih9").unwrap();
    let proto = Protocol::new("9djdj82h48djs9d2", method)
        .token("kkk9d7dh3k39sjv7")
        .timestamp("137131201")
        .nonce("7d8f3e4a");
    let mut params = ParamArray::<16>::array();
    params.extend_query(URL).unwrap();
    params.extend_form(BODY, Source::Body).unwrap();
    params.extend_protocol(&proto).unwrap();
    params.sort();
    let uri = BaseStringUri::parse(URL).unwrap();
    let base = BaseString::new("POST", &uri, params.as_slice()).unwrap();
    let sig = key.sign(&base);
    let header =
        AuthorizationHeader::new(Some("Example"), params.as_slice(), Some(sig.as_str())).unwrap();
    let mut sink = SliceSink::new(header_buf);
    header.write_to(&mut sink);
    let header_text = std::str::from_utf8(sink.finish().unwrap()).unwrap();

    // Server side: parse the request back and verify.
    let mut incoming = ParamArray::<16>::array();
    incoming.extend_query(URL).unwrap();
    incoming.extend_form(BODY, Source::Body).unwrap();
    let fields = parse_authorization_into(header_text, &mut incoming).unwrap();
    incoming.sort();
    let base = BaseString::new("POST", &uri, incoming.as_slice()).unwrap();
    assert!(key.verify(&base, &fields.signature.unwrap()));
    header_text.len()
}

#[test]
fn signing_and_verifying_allocate_nothing() {
    let mut buf = [0u8; 512];
    for method in SignatureMethod::ALL {
        // Warm up anything lazily initialised by the test harness itself.
        sign_and_verify(method, &mut buf);
        let before = allocations();
        let n = sign_and_verify(method, &mut buf);
        let after = allocations();
        assert!(n > 0);
        assert_eq!(
            after - before,
            0,
            "{method} allocated {} times",
            after - before
        );
    }
}
