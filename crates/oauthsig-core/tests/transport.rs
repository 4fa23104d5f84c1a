//! The transport rules every layer inherits from the engine: only `http`
//! and `https` URLs are signed or received (§3.4.1.2), and PLAINTEXT, whose
//! signature is the secrets in clear, needs TLS (§3.4.4) unless the
//! request opts in.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauthsig_core::verify::{self, Incoming};
use oauthsig_core::{
    Body, Error, HttpRequest, Placement, Protocol, SignatureMethod, SigningKey, sign,
};

fn protocol() -> Protocol<'static> {
    Protocol::new("ck")
        .token("tk")
        .timestamp("137131201")
        .nonce("n")
}

/// Every engine entry that signs: the one call, the one call into a
/// buffer (each placement), and a prepared request.
fn every_entry(request: &HttpRequest<'_>, key: &SigningKey) -> Vec<Result<String, Error>> {
    let mut out = vec![sign::sign(request, &protocol(), key).map(|s| s.signature().to_string())];
    for placement in [
        Placement::Header { realm: None },
        Placement::Query,
        Placement::Form,
    ] {
        let mut buf = [0u8; 1024];
        out.push(
            sign::sign_to_slice(request, &protocol(), key, placement, &mut buf).map(str::to_owned),
        );
    }
    out.push(
        sign::prepare(request, &protocol())
            .and_then(|p| p.signature(key))
            .map(|s| s.to_string()),
    );
    out.push(
        sign::prepare(request, &protocol())
            .and_then(|p| p.sign(key))
            .map(|s| s.signature().to_string()),
    );
    out
}

#[test]
fn plaintext_to_an_http_url_is_refused_by_every_entry() {
    let key = SigningKey::new(SignatureMethod::Plaintext, "cs", "ts").unwrap();
    for url in ["http://example.com/x", "HTTP://example.com:8080/x?a=b"] {
        let request = HttpRequest::new("POST", url).body(Body::Form("a=1"));
        for result in every_entry(&request, &key) {
            assert_eq!(result, Err(Error::PlaintextOverHttp), "{url}");
        }
    }
    let message = Error::PlaintextOverHttp.to_string();
    assert!(message.contains("RFC 5849 §3.4.4"), "{message}");
    assert!(!message.contains("cs&ts"), "{message}");
}

#[test]
fn the_opt_in_signs_plaintext_over_http_as_before() {
    let key = SigningKey::new(SignatureMethod::Plaintext, "cs", "ts").unwrap();
    let request = HttpRequest::new("POST", "http://example.com/x")
        .body(Body::Form("a=1"))
        .allow_plaintext_over_http();
    for result in every_entry(&request, &key) {
        let text = result.unwrap();
        assert!(text.contains("cs&ts") || text.contains("cs%26ts"), "{text}");
    }
}

#[test]
fn https_and_the_other_methods_are_not_affected() {
    let plaintext = SigningKey::new(SignatureMethod::Plaintext, "cs", "ts").unwrap();
    let https = HttpRequest::new("POST", "HTTPS://example.com/x").body(Body::Form("a=1"));
    assert!(every_entry(&https, &plaintext).iter().all(Result::is_ok));
    for method in SignatureMethod::SHARED_SECRET {
        if method == SignatureMethod::Plaintext || !method.is_available() {
            continue;
        }
        let key = SigningKey::new(method, "cs", "ts").unwrap();
        let http = HttpRequest::new("POST", "http://example.com/x").body(Body::Form("a=1"));
        assert!(
            every_entry(&http, &key).iter().all(Result::is_ok),
            "{method}"
        );
    }
}

#[test]
fn only_http_and_https_urls_are_signed() {
    let key = SigningKey::new(SignatureMethod::HmacSha1, "cs", "ts").unwrap();
    for url in [
        "ftp://example.com/x",
        "gopher://example.com/",
        "FOOBAR://www.example.com",
    ] {
        for result in every_entry(&HttpRequest::new("GET", url), &key) {
            assert_eq!(result, Err(Error::UnsupportedScheme), "{url}");
        }
    }
}

#[test]
fn only_http_and_https_urls_are_received() {
    let signed = "OAuth oauth_consumer_key=\"ck\", oauth_signature_method=\"HMAC-SHA1\", \
                  oauth_timestamp=\"1\", oauth_nonce=\"n\", oauth_signature=\"x\"";
    for url in ["ftp://example.com/x", "gopher://example.com/"] {
        let incoming = Incoming::new("GET", url).authorization(signed);
        assert_eq!(
            verify::receive(&incoming).err(),
            Some(Error::UnsupportedScheme),
            "{url}"
        );
    }
    let incoming = Incoming::new("GET", "https://example.com/x").authorization(signed);
    assert!(verify::receive(&incoming).is_ok());
}
