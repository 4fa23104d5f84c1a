//! Proves the signing and verification paths never touch the heap: a global
//! allocator counts every allocation while the RFC 5849 §3.4.1.1 request is
//! signed in one call, written in every placement (§3.5), and each output
//! received back and put through every state-free check of §3.2.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauthsig_bench_support::{Counting, thread_allocations};
use oauthsig_core::Render as _;
use oauthsig_core::verify::{self, Incoming, Policy, check_timestamp_window};
use oauthsig_core::{
    BaseString, BaseStringUri, Body, HttpRequest, ParamArray, Placement, Protocol, SignatureMethod,
    SigningKey, Source, body::FORM_CONTENT_TYPE, header::collect_authorization, sign,
};

// The count is process-wide, so this binary holds a single test: another one
// running on a parallel test thread would be counted against it.
#[global_allocator]
static GLOBAL: Counting = Counting;

const URL: &str = "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b";
const BODY: &str = "c2&a3=2+q";
const NOW: u64 = 137_131_201;

fn protocol() -> Protocol<'static> {
    Protocol::new("9djdj82h48djs9d2")
        .token("kkk9d7dh3k39sjv7")
        .timestamp("137131201")
        .nonce("7d8f3e4a")
}

/// Every check of `verify`, one by one, then all of them at once.
fn receive_and_check(incoming: &Incoming<'_>, key: &SigningKey, policy: &Policy<'_>) {
    let mut received = verify::receive(incoming).unwrap();
    received.check_required().unwrap();
    received.check_once().unwrap();
    received.check_one_location().unwrap();
    received.check_version().unwrap();
    let method = received.signature_method().unwrap();
    received.check_method_allowed(method, policy).unwrap();
    let ts = received.timestamp().unwrap().unwrap();
    check_timestamp_window(ts, NOW, policy.window_seconds()).unwrap();
    received.check_nonce(policy).unwrap();
    received.check_realm(None).unwrap();
    assert_eq!(received.check(policy, NOW).unwrap().method, method);
    received.check_signature(key).unwrap();
    received.check_body_hash(method).unwrap();
    verify::verify(incoming, policy, key, NOW).unwrap();
}

/// Signs the form request in one call and checks each placement on the
/// server side; then the same with an opaque body (`oauth_body_hash`).
fn sign_and_verify(method: SignatureMethod, buf: &mut [u8]) -> usize {
    let key = SigningKey::new(method, "j49sk3j29djd", "dh893hdasih9").unwrap();
    let methods = [method];
    let policy = Policy::new(&methods).allow_plaintext_over_http(true);
    let form = HttpRequest::new("POST", URL)
        .body(Body::Form(BODY))
        .allow_plaintext_over_http();
    let signed = sign::sign(&form, &protocol(), &key).unwrap();
    let mut written = 0;

    let header = Placement::Header {
        realm: Some("Example"),
    };
    let text = signed.output(header).unwrap().write_to_slice(buf).unwrap();
    written += text.len();
    let incoming = Incoming::new("POST", URL)
        .authorization(text)
        .content_type(FORM_CONTENT_TYPE)
        .body(BODY.as_bytes());
    receive_and_check(&incoming, &key, &policy);

    let text = signed.output(Placement::Query).unwrap().write_to_slice(buf);
    let url = text.unwrap();
    written += url.len();
    let incoming = Incoming::new("POST", url)
        .content_type(FORM_CONTENT_TYPE)
        .body(BODY.as_bytes());
    receive_and_check(&incoming, &key, &policy);

    let text = signed.output(Placement::Form).unwrap().write_to_slice(buf);
    let body = text.unwrap();
    written += body.len();
    let incoming = Incoming::new("POST", URL)
        .content_type(FORM_CONTENT_TYPE)
        .body(body.as_bytes());
    receive_and_check(&incoming, &key, &policy);

    let json = br#"{"a":1}"#;
    let opaque = HttpRequest::new("PUT", URL)
        .body(Body::Opaque(json))
        .allow_plaintext_over_http();
    let mut small = [0u8; 512];
    let text = sign::sign_to_slice(&opaque, &protocol(), &key, header, &mut small).unwrap();
    written += text.len();
    let incoming = Incoming::new("PUT", URL)
        .authorization(text)
        .content_type("application/json")
        .body(json);
    receive_and_check(&incoming, &key, &policy);
    written
}

/// The building blocks composed by hand (still public): the same request,
/// signed and verified without the engine.
fn building_blocks(method: SignatureMethod, buf: &mut [u8]) -> usize {
    let key = SigningKey::new(method, "j49sk3j29djd", "dh893hdasih9").unwrap();
    let mut params = ParamArray::<16>::array();
    params.extend_query(URL).unwrap();
    params.extend_form(BODY, Source::Body).unwrap();
    for p in protocol().params(method, None) {
        params.push(p).unwrap();
    }
    params.sort();
    let uri = BaseStringUri::parse(URL).unwrap();
    let base = BaseString::new("POST", &uri, params.as_slice()).unwrap();
    let sig = key.sign(&base).unwrap();
    let header =
        oauthsig_core::AuthorizationHeader::new(None, params.as_slice(), Some(sig.as_str()))
            .unwrap()
            .write_to_slice(buf)
            .unwrap();

    let mut incoming = ParamArray::<16>::array();
    incoming.extend_query(URL).unwrap();
    incoming.extend_form(BODY, Source::Body).unwrap();
    collect_authorization(header, &mut incoming).unwrap();
    let presented = incoming.get("oauth_signature").unwrap().value;
    incoming.sort();
    let base = BaseString::new("POST", &uri, incoming.as_slice()).unwrap();
    assert!(key.verify(&base, &presented));
    header.len()
}

#[test]
fn signing_and_verifying_allocate_nothing() {
    // The counter sees this binary's allocations: otherwise every count
    // below would be zero whatever the code did.
    let before = thread_allocations();
    drop(std::hint::black_box(vec![0u8; 8]));
    assert!(thread_allocations() > before);

    let mut buf = [0u8; 1024];
    for method in SignatureMethod::SHARED_SECRET {
        for (path, run) in [
            (
                "engine",
                sign_and_verify as fn(SignatureMethod, &mut [u8]) -> usize,
            ),
            ("building blocks", building_blocks),
        ] {
            // Warm up anything lazily initialised by the test harness itself.
            run(method, &mut buf);
            let before = thread_allocations();
            let n = run(method, &mut buf);
            let after = thread_allocations();
            assert!(n > 0);
            assert_eq!(
                after - before,
                0,
                "{path}, {method}: allocated {} times",
                after - before
            );
        }
    }
}
