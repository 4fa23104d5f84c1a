//! Parameters are octets (RFC 5849 §3.4.1.3.1 decodes names and values,
//! §3.6 encodes octets): a query or form body in Latin-1 (`city=Mal%E9`)
//! verifies, owned and borrowed, and the result gives its octets; its text
//! accessors say which part is not UTF-8 and where.
//!
//! The base strings are written out by hand here, with the octets already
//! encoded, so the verifier's parsing is checked against the RFC rather
//! than against itself.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod verifier_common;

use oauthsig::verifier::{IncomingRequest, VerifyError};
use oauthsig_core::encode::encode;
use oauthsig_core::{Error, Part, SignatureMethod, SigningKey, Source};
use std::borrow::Cow;
use verifier_common::{
    CONSUMER_KEY, CONSUMER_SECRET, NOW, TOKEN, TOKEN_SECRET, assert_same_outcome, lookup, verifier,
};

const FORM: &str = "application/x-www-form-urlencoded";

/// The protocol parameters, encoded, with `nonce`.
fn protocol(nonce: &str) -> Vec<(String, String)> {
    [
        ("oauth_consumer_key", CONSUMER_KEY),
        ("oauth_nonce", nonce),
        ("oauth_signature_method", "HMAC-SHA1"),
        ("oauth_timestamp", &NOW.to_string()),
        ("oauth_token", TOKEN),
        ("oauth_version", "1.0"),
    ]
    .map(|(n, v)| (n.to_owned(), v.to_owned()))
    .into()
}

/// The HMAC-SHA1 signature of `method` and `uri` with `encoded` parameters
/// (name and value already encoded by §3.6), sorted here (§3.4.1.3.2).
fn signature(method: &str, uri: &str, encoded: &[(String, String)]) -> String {
    let mut pairs: Vec<String> = encoded.iter().map(|(n, v)| format!("{n}={v}")).collect();
    pairs.sort();
    let base = format!("{method}&{}&{}", encode(uri), encode(&pairs.join("&")));
    let key = SigningKey::new(SignatureMethod::HmacSha1, CONSUMER_SECRET, TOKEN_SECRET).unwrap();
    key.sign_text(base.as_bytes()).unwrap().as_str().to_owned()
}

/// The `Authorization` header carrying `protocol` and `signature`.
fn header(protocol: &[(String, String)], signature: &str) -> String {
    let items: Vec<String> = protocol
        .iter()
        .map(|(n, v)| format!("{n}=\"{v}\""))
        .chain([format!("oauth_signature=\"{}\"", encode(signature))])
        .collect();
    format!("OAuth {}", items.join(", "))
}

/// `wire` (a query or form body) and the same pairs encoded by §3.6: the
/// wire's escapes are upper-case, so they are the same text.
fn signed(wire: &str) -> Vec<(String, String)> {
    wire.split('&')
        .map(|p| p.split_once('=').unwrap())
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect()
}

/// What a text accessor says of octets that are not UTF-8.
fn not_text<T>(part: Part, offset: usize) -> Result<T, Error> {
    Err(Error::InvalidUtf8 { part, offset })
}

const LATIN1: &str = "city=Mal%E9&q=caf%C3%A9&%E9t%E9=summer";

#[test]
fn a_latin1_query_verifies() {
    let url = format!("http://example.com/find?{LATIN1}");
    let mut params = signed(LATIN1);
    params.extend(protocol("latin1-query"));
    let authorization = header(
        &protocol("latin1-query"),
        &signature("GET", "http://example.com/find", &params),
    );
    let req = IncomingRequest::new("GET", &url).authorization(&authorization);
    check_latin1(&req, Source::Query);
}

#[test]
fn a_latin1_form_body_verifies() {
    let mut params = signed(LATIN1);
    params.extend(protocol("latin1-body"));
    let authorization = header(
        &protocol("latin1-body"),
        &signature("POST", "http://example.com/find", &params),
    );
    let req = IncomingRequest::new("POST", "http://example.com/find")
        .authorization(&authorization)
        .content_type(FORM)
        .body(LATIN1.as_bytes());
    check_latin1(&req, Source::Body);
}

/// `req` carries [`LATIN1`] from `source`: it verifies, owned and
/// borrowed, with the same octets, and the text accessors name the part
/// and the offset where a name or value is not UTF-8.
fn check_latin1(req: &IncomingRequest<'_>, source: Source) {
    let owned = verifier().verify(req, &lookup);
    let borrowed = verifier().verify_borrowed(req, &lookup);
    assert_same_outcome(&owned, &borrowed, req);
    let (owned, borrowed) = (owned.unwrap(), borrowed.unwrap());

    // Octets always, text where it is text; the same owned and borrowed.
    let latin1: &[u8] = b"Mal\xe9";
    assert_eq!(owned.parameter_bytes("city").as_deref(), Some(latin1));
    assert_eq!(borrowed.parameter_bytes("city").as_deref(), Some(latin1));
    assert_eq!(owned.parameter("city"), not_text(Part::Value, 3));
    assert_eq!(borrowed.parameter("city"), not_text(Part::Value, 3));
    let cafe = Ok(Some(Cow::Owned("café".to_owned())));
    assert_eq!(owned.parameter("q"), cafe);
    assert_eq!(borrowed.parameter("q"), cafe);
    assert_eq!(owned.parameter("nowhere"), Ok(None));
    assert_eq!(owned.clone().into_parameters(), not_text(Part::Value, 3));
    for views in [
        owned.parameters().collect::<Vec<_>>(),
        borrowed.parameters().collect(),
    ] {
        assert_eq!(views.len(), 3);
        assert!(views.iter().all(|p| p.source() == source));
        assert_eq!(&*views[0].value_bytes(), latin1);
        let summer = views[2];
        assert_eq!(&*summer.name_bytes(), b"\xe9t\xe9");
        assert_eq!(summer.name(), not_text(Part::Name, 0));
        assert!(matches!(summer.value(), Ok(Cow::Borrowed("summer"))));
    }
    // Debug shows the octets escaped, not replaced.
    for shown in [format!("{owned:?}"), format!("{borrowed:?}")] {
        assert!(shown.contains(r#"b"Mal\xe9""#), "{shown}");
        assert!(shown.contains(r#"b"\xe9t\xe9""#), "{shown}");
    }
}

#[test]
fn the_octets_are_signed() {
    // One octet changed in transit (é to è) fails the signature.
    let mut params = signed(LATIN1);
    params.extend(protocol("changed"));
    let authorization = header(
        &protocol("changed"),
        &signature("GET", "http://example.com/find", &params),
    );
    let url = format!(
        "http://example.com/find?{}",
        LATIN1.replacen("%E9", "%E8", 1)
    );
    let req = IncomingRequest::new("GET", &url).authorization(&authorization);
    assert_eq!(
        verifier().verify(&req, &lookup).unwrap_err(),
        VerifyError::BadSignature
    );
    // The escape's case does not matter: `%e9` is the octet `%E9` is.
    let url = format!("http://example.com/find?{}", LATIN1.replace("%E9", "%e9"));
    let req = IncomingRequest::new("GET", &url).authorization(&authorization);
    verifier().verify(&req, &lookup).unwrap();
}
