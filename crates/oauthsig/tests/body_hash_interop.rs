//! `oauth_body_hash` with HMAC-SHA256 interoperates with oauthlib.
//!
//! Regression test for an interop failure found by
//! `tests/interop/harness/tests/provider_flow.rs` (issue #6): oauthsig hashed
//! bodies with SHA-256 when signing with HMAC-SHA256, while oauthlib (its
//! provider and its client, hence requests-oauthlib) always uses SHA-1, the
//! only hash the body-hash extension defines. oauthlib's provider refused
//! oauthsig's JSON POSTs with 401, and oauthsig's verifier refused
//! requests-oauthlib's. Now the client sends SHA-1 with every method and the
//! verifier accepts SHA-1 with every method, plus SHA-256 with HMAC-SHA256
//! (clients that follow the signature method).
//!
//! The vector was made with oauthlib 4.0.1 (the interop virtualenv):
//!
//! ```python
//! from oauthlib.oauth1 import Client
//! Client("ck-one", client_secret="cs-one", resource_owner_key="tk-one",
//!        resource_owner_secret="ts-one", signature_method="HMAC-SHA256",
//!        nonce="kllo9940pd9333jh", timestamp="1191242096").sign(
//!     "https://api.example.com/items", "POST", body='{"title":"Sunset"}',
//!     headers={"Content-Type": "application/json"})
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauthsig::verifier::{CredentialQuery, Credentials, IncomingRequest, LookupError, Verifier};
use oauthsig::{BodyHashPolicy, Consumer, Request, SignatureMethod, Token, VerifyError};

const URL: &str = "https://api.example.com/items";
const BODY: &str = r#"{"title":"Sunset"}"#;
const NONCE: &str = "kllo9940pd9333jh";
const TIMESTAMP: u64 = 1_191_242_096;
/// oauthlib's `Authorization` header for the request above.
const OAUTHLIB_HEADER: &str = r#"OAuth oauth_nonce="kllo9940pd9333jh", oauth_timestamp="1191242096", oauth_version="1.0", oauth_signature_method="HMAC-SHA256", oauth_consumer_key="ck-one", oauth_token="tk-one", oauth_body_hash="M8e1HEabefjfMm%2FBM3%2BSx5mpVDM%3D", oauth_signature="Lk3Ev5VlxyPazNLmAusDDWGF%2B2k%2FuoVOuFTDSJHS9v8%3D""#;
/// base64(SHA-1(BODY)), as oauthlib sends it.
const SHA1_HASH: &str = "M8e1HEabefjfMm/BM3+Sx5mpVDM=";

fn lookup(q: &CredentialQuery<'_>) -> Result<Credentials<'static>, LookupError> {
    match (q.consumer_key(), q.token()) {
        ("ck-one", Some("tk-one")) => Ok(Credentials::secrets("cs-one", "ts-one")),
        _ => Err(LookupError::UnknownConsumer),
    }
}

fn verifier() -> Verifier {
    Verifier::builder()
        .allow(SignatureMethod::HmacSha1)
        .allow(SignatureMethod::HmacSha256)
        .clock(|| TIMESTAMP)
        .build()
        .unwrap()
}

fn incoming<'a>(authorization: &'a str, body: &'a str) -> IncomingRequest<'a> {
    IncomingRequest::new("POST", URL)
        .authorization(authorization)
        .content_type("application/json")
        .body(body.as_bytes())
}

fn ours(method: SignatureMethod) -> Request {
    let consumer = Consumer::new("ck-one", "cs-one");
    let token = Token::new("tk-one", "ts-one");
    Request::from_consumer_and_token(&consumer, Some(&token), "POST", URL)
        .unwrap()
        .nonce(NONCE)
        .timestamp(&TIMESTAMP.to_string())
        .body(BODY, "application/json")
        .sign(method, &consumer, Some(&token))
        .unwrap()
}

#[test]
fn hmac_sha256_client_signs_what_oauthlib_signs() {
    let signed = ours(SignatureMethod::HmacSha256);
    assert_eq!(
        signed.get("oauth_body_hash").unwrap().as_deref(),
        Some(SHA1_HASH)
    );
    assert_eq!(
        signed.signature().as_deref(),
        Some("Lk3Ev5VlxyPazNLmAusDDWGF+2k/uoVOuFTDSJHS9v8=")
    );
    // Every method hashes the body the same way.
    for m in [SignatureMethod::HmacSha1, SignatureMethod::Plaintext] {
        assert_eq!(
            ours(m).get("oauth_body_hash").unwrap().as_deref(),
            Some(SHA1_HASH),
            "{m}"
        );
    }
}

#[test]
fn verifier_accepts_oauthlibs_hmac_sha256_body_hash() {
    let v = verifier();
    assert_eq!(
        v.verify(
            &incoming(OAUTHLIB_HEADER, r#"{"title":"Sunrise"}"#),
            &lookup
        )
        .unwrap_err(),
        VerifyError::BodyHashMismatch
    );
    let ok = v.verify(&incoming(OAUTHLIB_HEADER, BODY), &lookup).unwrap();
    assert_eq!(ok.signature_method(), SignatureMethod::HmacSha256);
}

/// A request signed by oauthsig with `hash` as its `oauth_body_hash`.
fn with_body_hash(method: SignatureMethod, hash: &str) -> String {
    let consumer = Consumer::new("ck-one", "cs-one");
    let token = Token::new("tk-one", "ts-one");
    Request::from_consumer_and_token(&consumer, Some(&token), "POST", URL)
        .unwrap()
        .timestamp(&TIMESTAMP.to_string())
        .body(BODY, "application/json")
        .body_hash(BodyHashPolicy::Never)
        .param("oauth_body_hash", hash)
        .sign(method, &consumer, Some(&token))
        .unwrap()
        .to_header(None)
        .unwrap()
}

#[test]
fn verifier_accepts_sha256_body_hash_only_with_hmac_sha256() {
    let sha256 = oauthsig::oauthsig_core::BodyHash::sha256(BODY.as_bytes());
    assert_eq!(sha256.as_str().len(), 44);
    let v = verifier();
    let header = with_body_hash(SignatureMethod::HmacSha256, sha256.as_str());
    v.verify(&incoming(&header, BODY), &lookup).unwrap();
    let header = with_body_hash(SignatureMethod::HmacSha1, sha256.as_str());
    assert_eq!(
        v.verify(&incoming(&header, BODY), &lookup).unwrap_err(),
        VerifyError::BodyHashMismatch
    );
    let header = with_body_hash(SignatureMethod::HmacSha1, SHA1_HASH);
    v.verify(&incoming(&header, BODY), &lookup).unwrap();
}
