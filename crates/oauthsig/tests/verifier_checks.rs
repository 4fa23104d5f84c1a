//! The rejection matrix: for each check of the verifier (see the
//! `oauthsig::verifier` module docs), a request that is valid in every other
//! respect and violates that check alone, with the exact error and status;
//! and the behaviours SECURITY.md §3 asks for around them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod verifier_common;

use oauthsig::nonce_store::{NonceKey, NonceStatus, NonceStore, NonceStoreError};
use oauthsig::verifier::{
    CredentialQuery, Credentials, IncomingRequest, LookupError, NonceCharset, ProtocolParam,
    Verifier, VerifyError,
};
use oauthsig_core::{Error as CoreError, HeaderProblem, Part, SignatureMethod, SigningKey, Source};
use std::sync::Arc;
use verifier_common::{
    CONSUMER_KEY, CONSUMER_SECRET, Draft, Loc, NOW, assert_same_outcome, lookup, verifier,
};

/// Verifies `draft` with a fresh default verifier; `verify_borrowed`, on a
/// fresh verifier of its own, must decide exactly the same.
fn run(draft: &Draft) -> Result<oauthsig::Verified, VerifyError> {
    let wire = draft.wire();
    let owned = verifier().verify(&wire.request(), &lookup);
    let borrowed = verifier().verify_borrowed(&wire.request(), &lookup);
    assert_same_outcome(&owned, &borrowed, &wire);
    owned
}

fn run_with(v: &Verifier, draft: &Draft) -> Result<oauthsig::Verified, VerifyError> {
    let wire = draft.wire();
    v.verify(&wire.request(), &lookup)
}

#[track_caller]
fn rejects(draft: &Draft, want: VerifyError, status: u16) {
    let got = run(draft).expect_err("request should be refused");
    assert_eq!(got, want, "wire: {:?}", draft.wire());
    assert_eq!(got.http_status(), status, "{got}");
}

#[track_caller]
fn rejects_with(v: &Verifier, draft: &Draft, want: VerifyError, status: u16) {
    let got = run_with(v, draft).expect_err("request should be refused");
    assert_eq!(got, want, "wire: {:?}", draft.wire());
    assert_eq!(got.http_status(), status, "{got}");
}

#[test]
fn baseline_is_accepted() {
    let ok = run(&Draft::hmac_sha1()).unwrap();
    assert_eq!(ok.consumer_key(), CONSUMER_KEY);
    assert_eq!(ok.token(), Some(verifier_common::TOKEN));
    assert_eq!(ok.signature_method(), SignatureMethod::HmacSha1);
    assert_eq!(ok.timestamp(), Some(NOW));
    assert_eq!(ok.nonce(), Some("kllo9940pd9333jh"));
    assert_eq!(ok.realm(), Some("Photos"));
    assert_eq!(
        ok.into_parameters().unwrap(),
        [("file".to_owned(), "vacation.jpg".to_owned())]
    );
}

#[test]
fn every_location_and_method_is_accepted() {
    for method in [SignatureMethod::HmacSha1, SignatureMethod::HmacSha256] {
        for loc in [Loc::Header, Loc::Query, Loc::Body] {
            let mut d = Draft::with_method(method);
            d.method = "POST".into();
            d.add(Loc::Body, "title", "Sunset & sea");
            d.protocol_at(loc);
            let ok = run(&d).unwrap_or_else(|e| panic!("{method} at {loc:?}: {e}"));
            assert_eq!(ok.signature_method(), method);
            assert_eq!(
                ok.parameter("title").unwrap().as_deref(),
                Some("Sunset & sea")
            );
            assert_eq!(ok.parameters().count(), 2, "oauth_* are not returned");
        }
    }
}

// ---- step 0: limits and parsing --------------------------------------------------------

#[test]
fn step0_header_too_long() {
    let mut d = Draft::hmac_sha1();
    // The realm is not signed, so the request stays valid apart from its size.
    d.realm = Some("r".repeat(9000));
    let len = d.wire().authorization.unwrap().len();
    rejects(&d, VerifyError::HeaderTooLong { len, max: 8192 }, 400);
}

#[test]
fn step0_url_too_long_is_414_before_parsing() {
    let mut d = Draft::hmac_sha1();
    d.add(Loc::Query, "q", &"x".repeat(9000));
    let len = d.wire().url.len();
    rejects(&d, VerifyError::UrlTooLong { len, max: 8192 }, 414);
    assert_eq!(
        VerifyError::UrlTooLong { len, max: 8192 }.to_string(),
        format!("url of {len} bytes exceeds the limit of 8192")
    );

    // Nothing of it is parsed: a malformed 10 MB URL gets the same answer,
    // not a parse error.
    let huge = format!("http://example.com/?{}", "%zz".repeat((10 << 20) / 3));
    let request = oauthsig::verifier::IncomingRequest::new("GET", &huge);
    let got = verifier().verify(&request, &lookup).unwrap_err();
    assert_eq!(
        got,
        VerifyError::UrlTooLong {
            len: huge.len(),
            max: oauthsig::verifier::DEFAULT_MAX_URL_LEN
        }
    );

    // Within a raised limit the same request verifies.
    let v = Verifier::builder()
        .allow(SignatureMethod::HmacSha1)
        .clock(|| NOW)
        .max_url_len(16 * 1024)
        .build()
        .unwrap();
    assert!(run_with(&v, &d).is_ok());
}

#[test]
fn step0_too_many_parameters() {
    let mut d = Draft::hmac_sha1();
    for i in 0..300 {
        d.add(Loc::Query, &format!("p{i}"), "v");
    }
    // 301 query parameters plus 7 in the header.
    rejects(
        &d,
        VerifyError::TooManyParameters {
            count: 308,
            max: 256,
        },
        400,
    );
    // Within a raised limit the same request verifies (on the heap path).
    let v = oauthsig::Verifier::builder()
        .allow(SignatureMethod::HmacSha1)
        .clock(|| NOW)
        .max_parameters(400)
        .build()
        .unwrap();
    assert_eq!(run_with(&v, &d).unwrap().parameters().count(), 301);
}

#[test]
fn step0_body_too_large() {
    let v = Verifier::builder()
        .allow(SignatureMethod::HmacSha1)
        .clock(|| NOW)
        .max_body_len(64)
        .build()
        .unwrap();
    let mut d = Draft::hmac_sha1();
    d.method = "POST".into();
    d.add(Loc::Body, "text", &"x".repeat(100));
    let len = d.wire().body.len();
    rejects_with(&v, &d, VerifyError::BodyTooLarge { len, max: 64 }, 413);

    // A body covered by oauth_body_hash is read too, so it is limited too.
    let mut d = Draft::hmac_sha1();
    d.method = "PUT".into();
    d.content_type = Some("application/json".into());
    d.raw_body = Some(vec![b'7'; 100]);
    d.set(
        "oauth_body_hash",
        oauthsig_core::BodyHash::sha1(&[b'7'; 100]).as_str(),
    );
    rejects_with(&v, &d, VerifyError::BodyTooLarge { len: 100, max: 64 }, 413);

    // A body the verifier never reads is not limited.
    let mut d = Draft::hmac_sha1();
    d.method = "PUT".into();
    d.content_type = Some("application/octet-stream".into());
    d.raw_body = Some(vec![0; 100]);
    run_with(&v, &d).unwrap();
}

#[test]
fn step0_malformed_input() {
    let v = verifier();
    let check = |req: IncomingRequest<'_>, want: CoreError| {
        let err = v.verify(&req, &lookup).unwrap_err();
        assert_eq!(err, VerifyError::Malformed(want));
        assert_eq!(err.http_status(), 400);
    };
    check(
        IncomingRequest::new("GET", "http://h/").authorization("OAuth oauth_nonce=abc"),
        CoreError::BadHeader {
            reason: HeaderProblem::MissingQuote,
            offset: 18,
        },
    );
    check(
        IncomingRequest::new("GET", "http://h/?a=%zz"),
        CoreError::BadEscape {
            part: Part::Query,
            offset: 2,
        },
    );
    check(
        IncomingRequest::new("GE T", "http://h/"),
        CoreError::BadMethod,
    );
    check(
        IncomingRequest::new("GET", "h/no-scheme"),
        CoreError::BadUrl {
            part: Part::Scheme,
            offset: 0,
        },
    );
    // A protocol value must decode to UTF-8 (the lookup and the nonce store
    // take text); other parameters are octets (tests/verifier_octets.rs).
    check(
        IncomingRequest::new("GET", "http://h/?oauth_consumer_key=ab%FF"),
        CoreError::InvalidUtf8 {
            part: Part::Value,
            offset: 2,
        },
    );
    // A form body is text on the wire: its octets above 0x7F are escaped.
    check(
        IncomingRequest::new("POST", "http://h/")
            .content_type("application/x-www-form-urlencoded")
            .body(b"a=\xff"),
        CoreError::InvalidUtf8 {
            part: Part::Body,
            offset: 2,
        },
    );
    // A repeated realm, or a repeated non-oauth header parameter.
    check(
        IncomingRequest::new("GET", "http://h/").authorization(r#"OAuth realm="a", realm="b""#),
        CoreError::DuplicateHeaderParameter { offset: 17 },
    );
    check(
        IncomingRequest::new("GET", "http://h/").authorization(r#"OAuth x="a", x="b""#),
        CoreError::DuplicateHeaderParameter { offset: 13 },
    );
}

/// An `Authorization` header of another scheme (HTTP Basic at a proxy, a
/// bearer token) is not this protocol's: it carries no parameters, and the
/// request stands or falls by the ones it has elsewhere (§3.5.1 names the
/// `OAuth` scheme). The verifier once refused it as malformed (400);
/// oauthsig-core's engine, like `Request::from_request`, ignores it.
#[test]
fn step0_other_authorization_schemes_are_ignored() {
    let mut d = Draft::hmac_sha1();
    d.protocol_at(Loc::Query);
    for other in [
        "Basic dXNlcjpwYXNz",
        "Bearer abc.def",
        "OAuth2 x",
        "Digest realm=\"x\"",
    ] {
        let mut wire = d.wire();
        assert_eq!(wire.authorization, None);
        wire.authorization = Some(other.to_owned());
        let v = verifier();
        let ok = v
            .verify(&wire.request(), &lookup)
            .unwrap_or_else(|e| panic!("{other}: {e}"));
        assert_eq!(ok.consumer_key(), CONSUMER_KEY);
        // With no parameters anywhere else, the request lacks them all.
        let bare = IncomingRequest::new("GET", "http://h/").authorization(other);
        assert_eq!(
            v.verify(&bare, &lookup).unwrap_err(),
            VerifyError::MissingParameter(ProtocolParam::ConsumerKey)
        );
    }
    // The scheme is matched without case (RFC 7235 §2.1): `oauth` is OAuth.
    let mut d = Draft::hmac_sha1();
    d.realm = None;
    let mut wire = d.wire();
    let header = wire.authorization.take().unwrap();
    wire.authorization = Some(header.replacen("OAuth", "oauth", 1));
    verifier().verify(&wire.request(), &lookup).unwrap();
}

// ---- checks 1–8: stateless -------------------------------------------------------------

#[test]
fn check1_missing_parameters() {
    for (name, param) in [
        ("oauth_consumer_key", ProtocolParam::ConsumerKey),
        ("oauth_signature_method", ProtocolParam::SignatureMethod),
        ("oauth_timestamp", ProtocolParam::Timestamp),
        ("oauth_nonce", ProtocolParam::Nonce),
    ] {
        let mut d = Draft::hmac_sha1();
        d.remove(name);
        rejects(&d, VerifyError::MissingParameter(param), 400);
    }
    // No signature at all: the header carries everything else.
    let mut d = Draft::hmac_sha1();
    d.signature_at = Loc::Query;
    let wire = d.wire();
    let url = wire.url.split_once("&oauth_signature=").unwrap().0;
    let req =
        IncomingRequest::new("GET", url).authorization(wire.authorization.as_deref().unwrap());
    let err = verifier().verify(&req, &lookup).unwrap_err();
    assert_eq!(err, VerifyError::MissingParameter(ProtocolParam::Signature));
    assert_eq!(err.http_status(), 400);
}

#[test]
fn check1_plaintext_may_omit_nonce_and_timestamp() {
    let v = Verifier::builder()
        .allow(SignatureMethod::Plaintext)
        .clock(|| NOW)
        .build()
        .unwrap();
    let mut d = Draft::with_method(SignatureMethod::Plaintext);
    d.base_url = "https://photos.example.net/photos".into();
    d.remove("oauth_nonce").remove("oauth_timestamp");
    let ok = run_with(&v, &d).unwrap();
    assert_eq!(ok.nonce(), None);
    assert_eq!(ok.timestamp(), None);
    // And HMAC may not.
    let mut d = Draft::hmac_sha1();
    d.remove("oauth_nonce").remove("oauth_timestamp");
    rejects(
        &d,
        VerifyError::MissingParameter(ProtocolParam::Timestamp),
        400,
    );
}

#[test]
fn check2_duplicated_protocol_parameter() {
    // All in the query, oauth_nonce twice (both signed).
    let mut d = Draft::hmac_sha1();
    d.protocol_at(Loc::Query);
    d.add(Loc::Query, "oauth_nonce", "another");
    rejects(
        &d,
        VerifyError::DuplicateParameter(ProtocolParam::Nonce),
        400,
    );
    // The same in the header.
    let mut d = Draft::hmac_sha1();
    d.add(Loc::Header, "oauth_token", verifier_common::TOKEN);
    rejects(
        &d,
        VerifyError::DuplicateParameter(ProtocolParam::Token),
        400,
    );
    // An unregistered oauth_* name is a protocol parameter too.
    let mut d = Draft::hmac_sha1();
    d.add(Loc::Header, "oauth_extension", "1");
    run(&d).unwrap();
    d.add(Loc::Header, "oauth_extension", "2");
    rejects(
        &d,
        VerifyError::DuplicateParameter(ProtocolParam::Other),
        400,
    );
    // Ordinary parameters may repeat (RFC 5849 §3.4.1.3.2 sorts them by value).
    let mut d = Draft::hmac_sha1();
    d.add(Loc::Query, "file", "second.jpg");
    let ok = run(&d).unwrap();
    let pairs = ok.into_parameters().unwrap();
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(n, v)| (&**n, &**v)).collect();
    assert_eq!(pairs, [("file", "vacation.jpg"), ("file", "second.jpg")]);
}

#[test]
fn check3_protocol_parameters_in_one_location() {
    let mut d = Draft::hmac_sha1();
    // oauth_token moves to the query; nothing is duplicated.
    d.params
        .iter_mut()
        .find(|p| p.1 == "oauth_token")
        .unwrap()
        .0 = Loc::Query;
    rejects(
        &d,
        VerifyError::MixedLocations {
            first: Source::Query,
            second: Source::Header,
        },
        400,
    );
    // Any oauth_* name counts, not only the registered ones.
    let mut d = Draft::hmac_sha1();
    d.method = "POST".into();
    d.add(Loc::Body, "oauth_extension", "x");
    rejects(
        &d,
        VerifyError::MixedLocations {
            first: Source::Body,
            second: Source::Header,
        },
        400,
    );
}

#[test]
fn check4_version_must_be_1_0() {
    let mut d = Draft::hmac_sha1();
    d.set("oauth_version", "2.0");
    rejects(&d, VerifyError::UnsupportedVersion, 400);
    // Absent is fine.
    let mut d = Draft::hmac_sha1();
    d.remove("oauth_version");
    run(&d).unwrap();
}

#[test]
fn check5_signature_method() {
    let mut d = Draft::hmac_sha1();
    d.set("oauth_signature_method", "HMAC-MD5");
    d.sign_as = Some(SignatureMethod::HmacSha1);
    rejects(&d, VerifyError::UnsupportedSignatureMethod, 400);
    // RSA is known, and refused unless allowed.
    d.set("oauth_signature_method", "RSA-SHA1");
    rejects(
        &d,
        VerifyError::SignatureMethodNotAllowed(SignatureMethod::RsaSha1),
        400,
    );
    // Names are case sensitive.
    d.set("oauth_signature_method", "hmac-sha1");
    rejects(&d, VerifyError::UnsupportedSignatureMethod, 400);

    let only_sha1 = Verifier::builder()
        .allow(SignatureMethod::HmacSha1)
        .clock(|| NOW)
        .build()
        .unwrap();
    let d = Draft::with_method(SignatureMethod::HmacSha256);
    rejects_with(
        &only_sha1,
        &d,
        VerifyError::SignatureMethodNotAllowed(SignatureMethod::HmacSha256),
        400,
    );
    // PLAINTEXT is not allowed unless asked for, even over https…
    let mut d = Draft::with_method(SignatureMethod::Plaintext);
    d.base_url = "https://photos.example.net/photos".into();
    rejects(
        &d,
        VerifyError::SignatureMethodNotAllowed(SignatureMethod::Plaintext),
        400,
    );
    // …and when allowed, only over https.
    let plaintext = Verifier::builder()
        .allow(SignatureMethod::Plaintext)
        .clock(|| NOW)
        .build()
        .unwrap();
    run_with(&plaintext, &d).unwrap();
    let mut http = Draft::with_method(SignatureMethod::Plaintext);
    http.base_url = "http://photos.example.net/photos".into();
    rejects_with(&plaintext, &http, VerifyError::PlaintextOverHttp, 400);
    let insecure = Verifier::builder()
        .allow(SignatureMethod::Plaintext)
        .allow_plaintext_over_http()
        .clock(|| NOW)
        .build()
        .unwrap();
    run_with(&insecure, &http).unwrap();
}

#[test]
fn check6_timestamp() {
    for bad in [
        "12a",
        "",
        "0",
        "-1700000000",
        "+1700000000",
        "1700000000.5",
        "99999999999999999999",
    ] {
        let mut d = Draft::hmac_sha1();
        d.set("oauth_timestamp", bad);
        rejects(&d, VerifyError::InvalidTimestamp, 400);
    }
    let at = |ts: u64| {
        let mut d = Draft::hmac_sha1();
        d.set("oauth_timestamp", &ts.to_string());
        d
    };
    rejects(&at(NOW - 301), VerifyError::StaleTimestamp, 401);
    rejects(&at(NOW + 301), VerifyError::FutureTimestamp, 401);
    // The window's edges are inside.
    run(&at(NOW - 300)).unwrap();
    run(&at(NOW + 300)).unwrap();
}

#[test]
fn check7_nonce_limits() {
    for bad in ["", "has space", "caf\u{e9}", &"n".repeat(65)] {
        let mut d = Draft::hmac_sha1();
        d.set("oauth_nonce", bad);
        rejects(&d, VerifyError::InvalidNonce, 401);
    }
    // python-oauth2 style (short digits), oauthlib style, UUIDs, base64 pass by default.
    for good in [
        "7",
        "12345678",
        "kllo9940pd9333jh4Ds8w8aR9KUZbBQv3U",
        "1b4e28ba-2fa1-11d2-883f-0016d3cca427",
        "q+/8dA==",
    ] {
        let mut d = Draft::hmac_sha1();
        d.set("oauth_nonce", good);
        run(&d).unwrap_or_else(|e| panic!("{good}: {e}"));
    }
    let strict = Verifier::builder()
        .allow(SignatureMethod::HmacSha1)
        .clock(|| NOW)
        .nonce_length(20..=30)
        .nonce_charset(NonceCharset::Alphanumeric)
        .build()
        .unwrap();
    let mut d = Draft::hmac_sha1();
    d.set("oauth_nonce", "12345678");
    rejects_with(&strict, &d, VerifyError::InvalidNonce, 401);
    d.set("oauth_nonce", "1b4e28ba-2fa1-11d2-883f");
    rejects_with(&strict, &d, VerifyError::InvalidNonce, 401);
    d.set("oauth_nonce", "kllo9940pd9333jh4Ds8w8aR9K");
    run_with(&strict, &d).unwrap();
}

#[test]
fn check8_required_realm() {
    let v = Verifier::builder()
        .allow(SignatureMethod::HmacSha1)
        .clock(|| NOW)
        .require_realm("Photos")
        .build()
        .unwrap();
    run_with(&v, &Draft::hmac_sha1()).unwrap();
    let mut d = Draft::hmac_sha1();
    d.realm = Some("Other".into());
    rejects_with(&v, &d, VerifyError::WrongRealm, 401);
    d.realm = None;
    rejects_with(&v, &d, VerifyError::WrongRealm, 401);
    let err = run_with(&v, &d).unwrap_err();
    assert_eq!(
        v.www_authenticate(&err).as_deref(),
        Some(r#"OAuth realm="Photos""#)
    );
}

// ---- checks 9–13: credentials, nonce, signature, body ----------------------------------

#[test]
fn check9_unknown_consumer_and_token() {
    let mut d = Draft::hmac_sha1();
    d.set("oauth_consumer_key", "nobody");
    rejects(&d, VerifyError::UnknownConsumer, 401);
    let mut d = Draft::hmac_sha1();
    d.set("oauth_token", "stolen");
    rejects(&d, VerifyError::UnknownToken, 401);
    // The verdict is the unknown key, whatever the signature: a bad one does
    // not turn it into BadSignature (that would tell which keys exist).
    let mut d = Draft::hmac_sha1();
    d.set("oauth_consumer_key", "nobody");
    d.consumer_secret = "guess".into();
    rejects(&d, VerifyError::UnknownConsumer, 401);
}

#[test]
fn check9_lookup_faults_are_server_errors() {
    let v = verifier();
    let wire = Draft::hmac_sha1().wire();
    let unavailable = |_: &CredentialQuery<'_>| -> Result<Credentials<'static>, LookupError> {
        Err(LookupError::Unavailable)
    };
    let err = v.verify(&wire.request(), &unavailable).unwrap_err();
    assert_eq!(
        (err.clone(), err.http_status()),
        (VerifyError::LookupUnavailable, 503)
    );

    let sha256 =
        Arc::new(SigningKey::new(SignatureMethod::HmacSha256, CONSUMER_SECRET, "").unwrap());
    let wrong_method = move |_: &CredentialQuery<'_>| -> Result<Credentials<'static>, LookupError> {
        Ok(Credentials::from(Arc::clone(&sha256)))
    };
    let err = v.verify(&wire.request(), &wrong_method).unwrap_err();
    assert_eq!(
        err,
        VerifyError::KeyMethodMismatch {
            requested: SignatureMethod::HmacSha1,
            prepared: SignatureMethod::HmacSha256
        }
    );
    assert_eq!(err.http_status(), 500);
}

#[test]
fn check9_prepared_keys_verify() {
    struct Prepared(SigningKey);
    impl oauthsig::CredentialLookup for Prepared {
        fn credentials(&self, q: &CredentialQuery<'_>) -> Result<Credentials<'_>, LookupError> {
            (q.consumer_key() == CONSUMER_KEY)
                .then(|| Credentials::prepared(&self.0))
                .ok_or(LookupError::UnknownConsumer)
        }
    }
    let key = SigningKey::new(
        SignatureMethod::HmacSha1,
        CONSUMER_SECRET,
        verifier_common::TOKEN_SECRET,
    )
    .unwrap();
    let wire = Draft::hmac_sha1().wire();
    verifier().verify(&wire.request(), &Prepared(key)).unwrap();
}

#[test]
fn check10_used_nonce() {
    let v = verifier();
    let d = Draft::hmac_sha1();
    run_with(&v, &d).unwrap();
    rejects_with(&v, &d, VerifyError::UsedNonce, 401);
    // The same nonce with another timestamp, or another token, is another use.
    let mut other_ts = d.clone();
    other_ts.set("oauth_timestamp", &(NOW + 1).to_string());
    run_with(&v, &other_ts).unwrap();
    let mut two_legged = d.clone();
    two_legged.remove("oauth_token");
    two_legged.token_secret = String::new();
    run_with(&v, &two_legged).unwrap();
}

#[test]
fn check10_nonce_is_compared_decoded() {
    let v = verifier();
    let d = Draft::hmac_sha1();
    let wire = d.wire();
    v.verify(&wire.request(), &lookup).unwrap();
    // The same request with the nonce's first letter percent-encoded: the same
    // decoded nonce (and the same signature), so a replay.
    let header = wire
        .authorization
        .as_deref()
        .unwrap()
        .replace("oauth_nonce=\"kllo", "oauth_nonce=\"%6Bllo");
    assert_ne!(Some(header.as_str()), wire.authorization.as_deref());
    let replay = IncomingRequest::new("GET", &wire.url).authorization(&header);
    assert_eq!(
        v.verify(&replay, &lookup).unwrap_err(),
        VerifyError::UsedNonce
    );
}

#[test]
fn check11_bad_signature() {
    let mut d = Draft::hmac_sha1();
    d.consumer_secret = "wrong".into();
    rejects(&d, VerifyError::BadSignature, 401);
    // Tampering with a signed parameter after signing.
    let wire = Draft::hmac_sha1().wire();
    let url = wire.url.replace("vacation.jpg", "other.jpg");
    let req =
        IncomingRequest::new("GET", &url).authorization(wire.authorization.as_deref().unwrap());
    assert_eq!(
        verifier().verify(&req, &lookup).unwrap_err(),
        VerifyError::BadSignature
    );
}

#[test]
fn check11_forged_requests_do_not_burn_nonces() {
    let v = verifier();
    let mut forged = Draft::hmac_sha1();
    forged.signature_override = Some("AAAAAAAAAAAAAAAAAAAAAAAAAAA=".into());
    rejects_with(&v, &forged, VerifyError::BadSignature, 401);
    rejects_with(&v, &forged, VerifyError::BadSignature, 401);
    // The genuine request with that nonce still goes through, once.
    run_with(&v, &Draft::hmac_sha1()).unwrap();
    rejects_with(&v, &Draft::hmac_sha1(), VerifyError::UsedNonce, 401);
}

/// A replay is reported as one whatever else is wrong with it: check 10
/// comes before 11 and 12, though the store is asked after the signature.
#[test]
fn check10_replays_are_reported_before_later_failures() {
    let v = verifier();
    run_with(&v, &Draft::hmac_sha1()).unwrap();

    // 11: the recorded request, with its signature damaged.
    let mut forged = Draft::hmac_sha1();
    forged.signature_override = Some("AAAAAAAAAAAAAAAAAAAAAAAAAAA=".into());
    rejects_with(&v, &forged, VerifyError::UsedNonce, 401);

    // 11: its token revoked since it was recorded.
    let revoked = |q: &CredentialQuery<'_>| match q.token() {
        Some(_) => Err(LookupError::UnknownToken),
        None => lookup(q),
    };
    let wire = Draft::hmac_sha1().wire();
    assert_eq!(
        v.verify(&wire.request(), &revoked).unwrap_err(),
        VerifyError::UsedNonce
    );
    assert_eq!(
        verifier().verify(&wire.request(), &revoked).unwrap_err(),
        VerifyError::UnknownToken
    );

    // 12: a signed body hash, replayed with another body.
    let body = br#"{"title":"Sunset"}"#;
    let mut json = Draft::hmac_sha1();
    json.method = "PUT".into();
    json.content_type = Some("application/json".into());
    json.raw_body = Some(body.to_vec());
    json.set(
        "oauth_body_hash",
        oauthsig_core::BodyHash::sha1(body).as_str(),
    );
    json.set("oauth_nonce", "another-nonce-for-json");
    run_with(&v, &json).unwrap();
    json.raw_body = Some(b"{}".to_vec());
    rejects_with(&v, &json, VerifyError::UsedNonce, 401);
    rejects(&json, VerifyError::BodyHashMismatch, 401);
}

/// The store is asked once per request: an accepted one is recorded (which
/// answers check 10 too), a refused one that reached the signature is only
/// looked up, and nothing else is asked.
#[test]
fn check10_and_13_ask_the_store_once() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    #[derive(Default)]
    struct Counting {
        inner: oauthsig::nonce_store::MemoryNonceStore,
        checks: AtomicUsize,
        records: AtomicUsize,
    }
    impl NonceStore for Counting {
        fn check(&self, k: &NonceKey<'_>, now: u64) -> Result<NonceStatus, NonceStoreError> {
            self.checks.fetch_add(1, Ordering::Relaxed);
            self.inner.check(k, now)
        }
        fn record(&self, k: &NonceKey<'_>, now: u64) -> Result<NonceStatus, NonceStoreError> {
            self.records.fetch_add(1, Ordering::Relaxed);
            self.inner.record(k, now)
        }
    }
    let store = Arc::new(Counting::default());
    let v = Verifier::builder()
        .allow(SignatureMethod::HmacSha1)
        .clock(|| NOW)
        .nonce_store(Arc::clone(&store))
        .build()
        .unwrap();
    let calls = || {
        (
            store.checks.swap(0, Ordering::Relaxed),
            store.records.swap(0, Ordering::Relaxed),
        )
    };
    run_with(&v, &Draft::hmac_sha1()).unwrap();
    assert_eq!(calls(), (0, 1), "accepted: recorded only");
    rejects_with(&v, &Draft::hmac_sha1(), VerifyError::UsedNonce, 401);
    assert_eq!(
        calls(),
        (0, 1),
        "replay with a good signature: the record says so"
    );
    let mut forged = Draft::hmac_sha1();
    forged.set("oauth_nonce", "never-seen");
    forged.signature_override = Some("AAAAAAAAAAAAAAAAAAAAAAAAAAA=".into());
    rejects_with(&v, &forged, VerifyError::BadSignature, 401);
    assert_eq!(calls(), (1, 0), "forged: looked up, never recorded");
    let mut stale = Draft::hmac_sha1();
    stale.set("oauth_timestamp", "1");
    rejects_with(&v, &stale, VerifyError::StaleTimestamp, 401);
    assert_eq!(calls(), (0, 0), "refused before the signature: not asked");
}

#[test]
fn check12_body_hash() {
    let body = br#"{"title":"Sunset"}"#;
    let json = |hash: &str| {
        let mut d = Draft::hmac_sha1();
        d.method = "PUT".into();
        d.content_type = Some("application/json".into());
        d.raw_body = Some(body.to_vec());
        d.set("oauth_body_hash", hash);
        d
    };
    let right = oauthsig_core::BodyHash::sha1(body);
    run(&json(right.as_str())).unwrap();
    let wrong = oauthsig_core::BodyHash::sha1(b"{}");
    rejects(&json(wrong.as_str()), VerifyError::BodyHashMismatch, 401);

    let mut form = Draft::hmac_sha1();
    form.method = "POST".into();
    form.add(Loc::Body, "title", "Sunset");
    form.set(
        "oauth_body_hash",
        oauthsig_core::BodyHash::sha1(b"title=Sunset").as_str(),
    );
    rejects(&form, VerifyError::BodyHashOnFormBody, 400);
}

#[test]
fn check13_nonce_store_failures_refuse_the_request() {
    struct Broken;
    impl NonceStore for Broken {
        fn check(&self, _: &NonceKey<'_>, _: u64) -> Result<NonceStatus, NonceStoreError> {
            Err(NonceStoreError::Backend {
                message: "down".into(),
            })
        }
        fn record(&self, _: &NonceKey<'_>, _: u64) -> Result<NonceStatus, NonceStoreError> {
            Err(NonceStoreError::Backend {
                message: "down".into(),
            })
        }
    }
    let v = Verifier::builder()
        .allow(SignatureMethod::HmacSha1)
        .clock(|| NOW)
        .nonce_store(Broken)
        .build()
        .unwrap();
    let err = run_with(&v, &Draft::hmac_sha1()).unwrap_err();
    assert!(matches!(err, VerifyError::NonceStore(_)), "{err}");
    assert_eq!(err.http_status(), 503);
}

#[test]
fn check13_lost_race_is_a_used_nonce() {
    /// Says "fresh" when asked, but another request recorded first.
    struct Raced;
    impl NonceStore for Raced {
        fn check(&self, _: &NonceKey<'_>, _: u64) -> Result<NonceStatus, NonceStoreError> {
            Ok(NonceStatus::Fresh)
        }
        fn record(&self, _: &NonceKey<'_>, _: u64) -> Result<NonceStatus, NonceStoreError> {
            Ok(NonceStatus::Used)
        }
    }
    let v = Verifier::builder()
        .allow(SignatureMethod::HmacSha1)
        .clock(|| NOW)
        .nonce_store(Raced)
        .build()
        .unwrap();
    rejects_with(&v, &Draft::hmac_sha1(), VerifyError::UsedNonce, 401);
}

// ---- what is signed, and what is said ----------------------------------------------------

#[test]
fn header_realm_is_not_signed_but_query_realm_is() {
    let wire = Draft::hmac_sha1().wire();
    let header = wire.authorization.unwrap().replace("Photos", "Anything");
    let req = IncomingRequest::new("GET", &wire.url).authorization(&header);
    assert_eq!(
        verifier().verify(&req, &lookup).unwrap().realm(),
        Some("Anything")
    );

    let mut d = Draft::hmac_sha1();
    d.add(Loc::Query, "realm", "in-query");
    let wire = d.wire();
    let ok = verifier().verify(&wire.request(), &lookup).unwrap();
    assert_eq!(ok.parameter("realm").unwrap().as_deref(), Some("in-query"));
    let url = wire.url.replace("in-query", "changed");
    let req =
        IncomingRequest::new("GET", &url).authorization(wire.authorization.as_deref().unwrap());
    assert_eq!(
        verifier().verify(&req, &lookup).unwrap_err(),
        VerifyError::BadSignature
    );
}

#[test]
fn body_is_signed_only_when_form_encoded() {
    // A JSON body that looks like a form: not signed, not returned.
    let mut d = Draft::hmac_sha1();
    d.method = "POST".into();
    d.content_type = Some("application/json".into());
    d.raw_body = Some(b"a=1&oauth_token=x".to_vec());
    let ok = run(&d).unwrap();
    assert_eq!(ok.parameter("a").unwrap().as_deref(), None);
    // Declared as a form, the same bytes are parameters (and here smuggle an
    // oauth_token into a second location).
    let wire = d.wire();
    let req = IncomingRequest::new("POST", &wire.url)
        .authorization(wire.authorization.as_deref().unwrap())
        .content_type("application/x-www-form-urlencoded; charset=utf-8")
        .body(&wire.body);
    assert_eq!(
        verifier().verify(&req, &lookup).unwrap_err(),
        VerifyError::DuplicateParameter(ProtocolParam::Token)
    );
}

#[test]
fn host_header_replaces_the_url_authority() {
    let wire = Draft::hmac_sha1().wire();
    let internal = wire.url.replace("photos.example.net", "10.0.0.7:8080");
    let req = IncomingRequest::new("GET", &internal)
        .authorization(wire.authorization.as_deref().unwrap())
        .host("Photos.Example.NET");
    verifier().verify(&req, &lookup).unwrap();
}

#[test]
fn errors_never_carry_the_base_string() {
    let mut d = Draft::hmac_sha1();
    d.consumer_secret = "wrong".into();
    let err = run(&d).unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(!text.contains("photos.example.net"), "{text}");
    assert!(!text.contains('&'), "{text}");
    assert_eq!(
        err.www_authenticate("Photos").as_deref(),
        Some(r#"OAuth realm="Photos""#)
    );
    assert_eq!(
        VerifyError::UnsupportedVersion.www_authenticate("Photos"),
        None
    );
    // The base string is available for server logs, and matches the client's.
    let wire = d.wire();
    assert_eq!(
        verifier().base_string_for_logs(&wire.request()).unwrap(),
        d.base_string()
    );
}

#[test]
fn builder_requires_a_method_and_a_sane_config() {
    use oauthsig::verifier::BuildError;
    assert_eq!(
        Verifier::builder().build().unwrap_err(),
        BuildError::NoSignatureMethod
    );
    assert!(matches!(
        Verifier::builder()
            .allow(SignatureMethod::HmacSha1)
            .require_realm("a\r\nSet-Cookie: x")
            .build(),
        Err(BuildError::BadRealm(_))
    ));
    #[allow(clippy::reversed_empty_ranges)]
    let empty = 10..=1;
    assert_eq!(
        Verifier::builder()
            .allow(SignatureMethod::HmacSha1)
            .nonce_length(empty)
            .build()
            .unwrap_err(),
        BuildError::EmptyNonceLength
    );
}

// ---- the borrowed result -----------------------------------------------------------------

#[test]
fn borrowed_result_decodes_parameters_as_they_are_read() {
    let mut d = Draft::hmac_sha1();
    d.method = "POST".into();
    d.add(Loc::Query, "q", "café au lait");
    d.add(Loc::Body, "title", "Sunset & sea");
    d.add(Loc::Body, "tag", "plain");
    d.add(Loc::Header, "extra", "in the header");
    let wire = d.wire();
    // The owned result reads the same (run() also compares the two).
    let owned = run(&d).unwrap();
    assert_eq!(
        owned.parameter("extra").unwrap().as_deref(),
        Some("in the header")
    );
    let v = verifier();
    let ok = v.verify_borrowed(&wire.request(), &lookup).unwrap();
    let params: Vec<(String, String)> = ok
        .parameters()
        .map(|p| (p.name().unwrap().into(), p.value().unwrap().into()))
        .collect();
    assert_eq!(
        params,
        [
            ("file".into(), "vacation.jpg".into()),
            ("q".into(), "café au lait".into()),
            ("title".into(), "Sunset & sea".into()),
            ("tag".into(), "plain".into()),
            ("extra".into(), "in the header".into()),
        ]
    );
    // Values without escapes are borrowed from the request.
    assert!(matches!(
        ok.parameter("tag"),
        Ok(Some(std::borrow::Cow::Borrowed("plain")))
    ));
    assert_eq!(ok.realm(), Some("Photos"));
    let owned = ok.to_verified();
    assert_eq!(owned.consumer_key(), CONSUMER_KEY);
    assert_eq!(owned.parameters().count(), 5);
    assert_eq!(
        owned.parameter("q").unwrap().as_deref(),
        Some("café au lait")
    );
    // The nonce was recorded: the same request again is a replay, whichever
    // way it is verified.
    assert_eq!(
        v.verify_borrowed(&wire.request(), &lookup).unwrap_err(),
        VerifyError::UsedNonce
    );
    assert_eq!(
        v.verify(&wire.request(), &lookup).unwrap_err(),
        VerifyError::UsedNonce
    );
}
