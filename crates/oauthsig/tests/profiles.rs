//! Provider profiles (`oauthsig::profile`): each profile's client signs
//! what a verifier configured with the same profile accepts, in the
//! profile's placement; the published examples where one exists (X's
//! "Creating a signature", Mastercard's hash of an empty body); and each
//! provider's quirk: NetSuite's two spellings of the account id, the
//! realm never signed, WooCommerce's query placement and 15-minute window,
//! Mastercard's SHA-256 body hash on an empty GET and short nonces, LTI's
//! long LMS nonces, Jira's RSA-only server, and the named deviations
//! (WooCommerce's legacy key, Magento's natural order) found only when
//! asked for.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauthsig::profile::{CallbackRule, Deviation, Placed, Profile, ProfileId};
use oauthsig::verifier::{
    CredentialQuery, Credentials, IncomingRequest, LookupError, Verifier, VerifyError,
};
use oauthsig::{Consumer, FORM_CONTENT_TYPE, Request, SignatureMethod, Token};
use serde_json::Value;

const NOW: u64 = 1_700_000_000;
const KEYS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/keys");

fn vector(id: &str) -> Value {
    let text = include_str!("../../oauthsig-core/tests/data/public.json");
    let doc: Value = serde_json::from_str(text).unwrap();
    doc["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == id)
        .unwrap_or_else(|| panic!("no vector {id}"))
        .clone()
}

/// The consumer a profile's method signs with: secrets, or the test RSA key.
fn consumer(profile: &Profile) -> Consumer {
    if profile.signature_method().is_rsa() {
        rsa_consumer()
    } else {
        Consumer::new("ck", "cs-secret")
    }
}

#[cfg(feature = "rsa")]
fn rsa_consumer() -> Consumer {
    let pem = std::fs::read(format!("{KEYS}/rsa2048.pkcs8.pem")).unwrap();
    Consumer::rsa("ck", oauthsig::RsaPrivateKey::parse(&pem).unwrap())
}

#[cfg(not(feature = "rsa"))]
fn rsa_consumer() -> Consumer {
    panic!("RSA profiles need the `rsa` feature")
}

/// The provider's lookup: the consumer's secrets or its RSA public key.
fn lookup(q: &CredentialQuery<'_>) -> Result<Credentials<'static>, LookupError> {
    if q.consumer_key() != "ck" {
        return Err(LookupError::UnknownConsumer);
    }
    let token_secret = if q.token().is_some() { "ts-secret" } else { "" };
    if q.signature_method().is_rsa() {
        return public_key();
    }
    Ok(Credentials::secrets("cs-secret", token_secret))
}

#[cfg(feature = "rsa")]
fn public_key() -> Result<Credentials<'static>, LookupError> {
    let pem = std::fs::read(format!("{KEYS}/rsa2048.spki.pem")).unwrap();
    Ok(Credentials::from(
        oauthsig::RsaPublicKey::parse(&pem).unwrap(),
    ))
}

#[cfg(not(feature = "rsa"))]
fn public_key() -> Result<Credentials<'static>, LookupError> {
    Err(LookupError::UnknownConsumer)
}

/// A request signed for `profile` at `NOW` (three-legged profiles with a
/// token), written where the profile says.
fn signed(profile: &Profile, method: &str, url: &str, body: Option<(&str, &str)>) -> Placed {
    let consumer = consumer(profile);
    let token = Token::new("tk", "ts-secret");
    let token = (profile.callback_rule() != CallbackRule::NotSent).then_some(&token);
    let mut request = Request::for_profile(profile, &consumer, token, method, url)
        .unwrap()
        .timestamp(&NOW.to_string());
    if let Some((bytes, content_type)) = body {
        request = request.body(bytes, content_type);
    }
    let request = request
        .sign_with_profile(profile, &consumer, token)
        .unwrap();
    request.placed(profile).unwrap()
}

/// What the server receives for `placed`.
fn received<'a>(
    method: &'a str,
    url: &'a str,
    placed: &'a Placed,
    body: Option<(&'a str, &'a str)>,
) -> IncomingRequest<'a> {
    let with_body = |r: IncomingRequest<'a>| match body {
        Some((bytes, ct)) => r.body(bytes.as_bytes()).content_type(ct),
        None => r,
    };
    match placed {
        Placed::Header(h) => with_body(IncomingRequest::new(method, url).authorization(h)),
        Placed::Url(u) => with_body(IncomingRequest::new(method, u)),
        Placed::Form(f) => IncomingRequest::new(method, url)
            .content_type(FORM_CONTENT_TYPE)
            .body(f.as_bytes()),
        other => panic!("unknown placement {other:?}"),
    }
}

fn verifier(profile: &Profile) -> Verifier {
    Verifier::builder()
        .profile(profile)
        .clock(|| NOW)
        .build()
        .unwrap()
}

fn every_profile() -> Vec<Profile> {
    let mut all: Vec<Profile> = ProfileId::ALL.into_iter().map(Profile::new).collect();
    all[2] = Profile::netsuite("123456_SB1").unwrap();
    if !cfg!(feature = "rsa") {
        all.retain(|p| !p.signature_method().is_rsa());
    }
    all
}

/// Each profile's client against the same profile's verifier: a GET with
/// a query, and (unless its placement is the form body) a JSON POST.
#[test]
fn every_profile_signs_what_its_verifier_accepts() {
    for profile in every_profile() {
        let url = "https://api.example.com/v1/items?page=2&q=a%20b";
        let placed = signed(&profile, "GET", url, None);
        let ok = verifier(&profile).verify(&received("GET", url, &placed, None), &lookup);
        assert!(ok.is_ok(), "{:?}: {ok:?} for {placed:?}", profile.id());
        let json = Some((r#"{"a":1}"#, "application/json"));
        if matches!(placed, Placed::Form(_)) {
            continue;
        }
        let placed = signed(&profile, "POST", url, json);
        let ok = verifier(&profile).verify(&received("POST", url, &placed, json), &lookup);
        assert!(ok.is_ok(), "{:?}: {ok:?} for {placed:?}", profile.id());
    }
}

/// The profiles' names and numbers are what the CLI and the C ABI use.
#[test]
fn names_and_numbers_are_stable() {
    assert_eq!(
        Profile::NAMES,
        [
            "x",
            "jira",
            "netsuite",
            "woocommerce",
            "magento",
            "mastercard",
            "lti11",
            "garmin",
            "etrade",
            "schoology"
        ]
    );
    for (n, id) in (1..).zip(ProfileId::ALL) {
        assert_eq!(id as u32, n);
        assert_eq!(Profile::by_name(id.name()).unwrap().id(), id);
    }
    assert_eq!(Profile::by_name("twitter").unwrap().id(), ProfileId::X);
    assert!(Profile::by_name("X").is_err());
    assert!(Profile::by_name("netsuite:12 34").is_err());
}

/// docs.x.com "Creating a signature" (both versions), with the X profile.
#[test]
fn x_reproduces_the_published_example() {
    let x = Profile::new(ProfileId::X);
    for id in [
        "twitter-creating-a-signature-v1",
        "twitter-creating-a-signature-v1.1",
    ] {
        let v = vector(id);
        let (i, e) = (&v["input"], &v["expected"]);
        let s = |v: &Value| v.as_str().unwrap().to_owned();
        let consumer = Consumer::new(&s(&i["consumer_key"]), &s(&i["client_secret"]));
        let token = Token::new(&s(&i["token"]), &s(&i["token_secret"]));
        let request = Request::for_profile(&x, &consumer, Some(&token), "POST", &s(&i["url"]))
            .unwrap()
            .form_body(&s(&i["body"]))
            .unwrap()
            .nonce(&s(&i["nonce"]))
            .timestamp(&s(&i["timestamp"]))
            .sign_with_profile(&x, &consumer, Some(&token))
            .unwrap();
        assert_eq!(request.signature().unwrap(), s(&e["signature"]), "{id}");
        assert_eq!(
            request.signature_base_string().unwrap(),
            s(&e["signature_base_string"])
        );
        let Placed::Header(header) = request.placed(&x).unwrap() else {
            panic!("X signs in the header")
        };
        // Same parameters as the published header (which lists them
        // alphabetically), no realm, no body hash.
        let mut ours: Vec<&str> = header.trim_start_matches("OAuth ").split(", ").collect();
        let published = s(&e["authorization_header"]);
        let mut theirs: Vec<&str> = published.trim_start_matches("OAuth ").split(", ").collect();
        ours.sort_unstable();
        theirs.sort_unstable();
        assert_eq!(ours, theirs);
    }
}

/// NetSuite: the realm is the upper-case account id, the host the lower
/// case one, and the realm is not signed (§3.4.1.3.1): a verifier
/// expecting another realm still checks the signature.
#[test]
fn netsuite_realm_and_host_are_two_spellings_and_the_realm_is_unsigned() {
    let p = Profile::by_name("netsuite:123456-sb1").unwrap();
    let url = format!(
        "{}/services/rest/record/v1/customer/1",
        p.account().unwrap().rest_base_url()
    );
    assert_eq!(
        url,
        "https://123456-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/customer/1"
    );
    let Placed::Header(header) = signed(&p, "GET", &url, None) else {
        panic!()
    };
    assert!(
        header.starts_with(r#"OAuth realm="123456_SB1", "#),
        "{header}"
    );
    let moved = header.replace("123456_SB1", "123456-sb1");
    let incoming = IncomingRequest::new("GET", &url).authorization(&moved);
    verifier(&p).verify(&incoming, &lookup).unwrap();
    // The same signature under the verifier that demands the right realm.
    let strict = Verifier::builder()
        .profile(&p)
        .clock(|| NOW)
        .require_realm("123456_SB1")
        .build()
        .unwrap();
    assert_eq!(
        strict.verify(&incoming, &lookup).unwrap_err(),
        VerifyError::WrongRealm
    );
    strict
        .verify(
            &IncomingRequest::new("GET", &url).authorization(&header),
            &lookup,
        )
        .unwrap();
}

/// WooCommerce: parameters in the query, no `oauth_version`, a 15-minute
/// window (the default verifier's 5 minutes refuses the same request).
#[test]
fn woocommerce_signs_in_the_query_within_fifteen_minutes() {
    let woo = Profile::new(ProfileId::WooCommerce);
    let consumer = Consumer::new("ck", "cs-secret");
    let url = "http://shop.example.com/wp-json/wc/v3/orders?per_page=5";
    let old = (NOW - 800).to_string();
    let request = Request::for_profile(&woo, &consumer, None, "GET", url)
        .unwrap()
        .timestamp(&old)
        .sign_with_profile(&woo, &consumer, None)
        .unwrap();
    let Placed::Url(signed_url) = request.placed(&woo).unwrap() else {
        panic!()
    };
    assert!(signed_url.starts_with(
        "http://shop.example.com/wp-json/wc/v3/orders?per_page=5&oauth_consumer_key=ck&"
    ));
    assert!(!signed_url.contains("oauth_version"));
    assert!(signed_url.contains("oauth_signature_method=HMAC-SHA256"));
    let incoming = IncomingRequest::new("GET", &signed_url);
    let default = Verifier::builder()
        .allow(SignatureMethod::HmacSha256)
        .clock(|| NOW)
        .build()
        .unwrap();
    assert!(matches!(
        default.verify(&incoming, &lookup),
        Err(VerifyError::StaleTimestamp)
    ));
    verifier(&woo).verify(&incoming, &lookup).unwrap();
}

/// WooCommerce's legacy v1/v2 key (no `&`) is a deviation: never what the
/// profile signs with, found only when asked for by name.
#[test]
fn woocommerce_legacy_key_is_a_named_deviation_only() {
    let woo = Profile::new(ProfileId::WooCommerce);
    assert_eq!(
        woo.deviations(),
        [
            Deviation::LegacyKeyWithoutAmpersand,
            Deviation::SortBeforeEncoding
        ]
    );
    let consumer = Consumer::new("ck", "cs-secret");
    let url = "http://shop.example.com/wc-api/v2/orders";
    let legacy = Deviation::LegacyKeyWithoutAmpersand
        .signing_key(SignatureMethod::HmacSha256, &consumer, None)
        .unwrap();
    let by_legacy = Request::for_profile(&woo, &consumer, None, "GET", url)
        .unwrap()
        .sign_with_key(&legacy)
        .unwrap();
    let by_profile = Request::for_profile(&woo, &consumer, None, "GET", url)
        .unwrap()
        .sign_with_profile(&woo, &consumer, None)
        .unwrap();
    assert!(by_profile.check_signature(&consumer, None).unwrap());
    assert!(!by_legacy.check_signature(&consumer, None).unwrap());
    let d = Deviation::LegacyKeyWithoutAmpersand;
    assert!(
        by_legacy
            .check_signature_deviating(d, &consumer, None)
            .unwrap()
    );
    assert!(
        !by_profile
            .check_signature_deviating(d, &consumer, None)
            .unwrap()
    );
}

/// Magento: a request whose signature was computed over the natural order
/// (`keys[10]` after `keys[9]`, OpenMage PR #721) fails the RFC check and
/// passes the named deviation's.
#[test]
fn magento_natural_order_is_found_by_the_deviation() {
    let magento = Profile::new(ProfileId::Magento);
    let consumer = Consumer::new("ck", "cs-secret");
    let token = Token::new("tk", "ts-secret");
    let query: Vec<String> = (0..=10).map(|i| format!("keys%5B{i}%5D=v{i}")).collect();
    let url = format!(
        "https://shop.example.com/rest/V1/products?{}",
        query.join("&")
    );
    let request = Request::for_profile(&magento, &consumer, Some(&token), "GET", &url)
        .unwrap()
        .set_param("oauth_signature_method", "HMAC-SHA256");
    let natural = request
        .signature_base_string_deviating(Deviation::NaturalSortOrder)
        .unwrap();
    assert!(
        natural.contains("keys%255B9%255D%3Dv9%26keys%255B10%255D"),
        "{natural}"
    );
    assert_ne!(natural, request.signature_base_string().unwrap());
    // What Magento's server computes, as the provider would sign it.
    let key = consumer
        .signing_key(SignatureMethod::HmacSha256, Some(&token))
        .unwrap();
    let signature = key
        .sign_text(natural.as_bytes())
        .unwrap()
        .as_str()
        .to_owned();
    let presented = request.set_param("oauth_signature", &signature);
    assert!(!presented.check_signature(&consumer, Some(&token)).unwrap());
    assert!(
        presented
            .check_signature_deviating(Deviation::NaturalSortOrder, &consumer, Some(&token))
            .unwrap()
    );
    assert!(
        !presented
            .check_signature_deviating(Deviation::SortBeforeEncoding, &consumer, Some(&token))
            .unwrap()
    );
}

/// Mastercard: an empty GET carries the SHA-256 of no bytes (the value
/// Mastercard's signers send), signed with RSA-SHA256, 16-character
/// nonces; its verifier refuses nonces beyond 24.
#[cfg(feature = "rsa")]
#[test]
fn mastercard_hashes_an_empty_get_with_sha256() {
    let mc = Profile::new(ProfileId::Mastercard);
    let url = "https://sandbox.api.mastercard.com/atms/v1/atm?Format=XML&PageOffset=0";
    let Placed::Header(header) = signed(&mc, "GET", url, None) else {
        panic!()
    };
    assert!(
        header
            .contains(r#"oauth_body_hash="47DEQpj8HBSa%2B%2FTImW%2B5JCeuQeRkm5NMpJWZG3hSuFU%3D""#),
        "{header}"
    );
    assert!(header.contains(r#"oauth_signature_method="RSA-SHA256""#));
    let nonce = header
        .split(r#"oauth_nonce=""#)
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert_eq!(nonce.len(), 16);
    verifier(&mc)
        .verify(
            &IncomingRequest::new("GET", url).authorization(&header),
            &lookup,
        )
        .unwrap();
    // A body changed after signing no longer matches its hash.
    let body = Some((r#"{"amount":1}"#, "application/json"));
    let Placed::Header(header) = signed(&mc, "POST", url, body) else {
        panic!()
    };
    let tampered = IncomingRequest::new("POST", url)
        .authorization(&header)
        .body(b"{\"amount\":9}")
        .content_type("application/json");
    assert_eq!(
        verifier(&mc).verify(&tampered, &lookup).unwrap_err(),
        VerifyError::BodyHashMismatch
    );
    let long = header.replace(
        &format!(
            r#"oauth_nonce="{}""#,
            &header.split(r#"oauth_nonce=""#).nth(1).unwrap()[..16]
        ),
        r#"oauth_nonce="0123456789012345678901234""#,
    );
    let incoming = IncomingRequest::new("POST", url)
        .authorization(&long)
        .body(b"{\"amount\":1}")
        .content_type("application/json");
    assert!(matches!(
        verifier(&mc).verify(&incoming, &lookup),
        Err(VerifyError::InvalidNonce)
    ));
}

/// Jira's server takes RSA-SHA1 only: an HMAC request is refused before
/// any key is looked at.
#[test]
fn jira_refuses_hmac() {
    let jira = Profile::new(ProfileId::Jira);
    let consumer = Consumer::new("ck", "cs-secret");
    let url = "https://jira.example.com/rest/api/2/myself";
    let header = Request::from_consumer_and_token(&consumer, None, "GET", url)
        .unwrap()
        .sign(SignatureMethod::HmacSha1, &consumer, None)
        .unwrap()
        .to_header(None)
        .unwrap();
    let verifier = Verifier::builder().profile(&jira).clock(|| NOW).build();
    if !cfg!(feature = "rsa") {
        assert!(verifier.is_err());
        return;
    }
    let err = verifier.unwrap().verify(
        &IncomingRequest::new("GET", url).authorization(&header),
        &lookup,
    );
    assert!(
        matches!(
            err,
            Err(VerifyError::SignatureMethodNotAllowed(
                SignatureMethod::HmacSha1
            ))
        ),
        "{err:?}"
    );
}

/// LTI 1.1: a launch is a form body; LMS nonces longer than 32 characters
/// (Canvas) pass its verifier, which the nonce limits of oauthlib (20–30)
/// would refuse.
#[test]
fn lti_launches_are_form_posts_with_long_nonces() {
    let lti = Profile::new(ProfileId::Lti11);
    let consumer = Consumer::new("ck", "cs-secret");
    let url = "https://tool.example.edu/lti/launch";
    let nonce = "b6f3bd1d4f1c4b3b8f0e1a2c3d4e5f60718293a4b5c6d7e8";
    let request = Request::for_profile(&lti, &consumer, None, "POST", url)
        .unwrap()
        .form_body(
            "lti_message_type=basic-lti-launch-request&lti_version=LTI-1p0&resource_link_id=r1",
        )
        .unwrap()
        .nonce(nonce)
        .timestamp(&NOW.to_string())
        .sign_with_profile(&lti, &consumer, None)
        .unwrap();
    let placed = request.placed(&lti).unwrap();
    let Placed::Form(body) = &placed else {
        panic!()
    };
    assert!(body.starts_with("lti_message_type=basic-lti-launch-request&"));
    assert!(body.contains(&format!("oauth_nonce={nonce}")));
    verifier(&lti)
        .verify(&received("POST", url, &placed, None), &lookup)
        .unwrap();
    let oauthlib_like = Verifier::builder()
        .allow(SignatureMethod::HmacSha1)
        .nonce_length(20..=30)
        .clock(|| NOW)
        .build()
        .unwrap();
    assert!(matches!(
        oauthlib_like.verify(&received("POST", url, &placed, None), &lookup),
        Err(VerifyError::InvalidNonce)
    ));
}

/// E*TRADE: `realm=""`, callback always `oob`; Schoology: its realm, and
/// PLAINTEXT accepted by its verifier (over https); Garmin: a callback.
#[test]
fn etrade_schoology_and_garmin_headers() {
    let etrade = Profile::new(ProfileId::Etrade);
    let Placed::Header(h) = signed(
        &etrade,
        "GET",
        "https://api.etrade.com/v1/accounts/list",
        None,
    ) else {
        panic!()
    };
    assert!(
        h.starts_with(r#"OAuth realm="", oauth_consumer_key="ck""#),
        "{h}"
    );
    assert_eq!(etrade.request_token_callback(None).unwrap(), Some("oob"));
    let schoology = Profile::new(ProfileId::Schoology);
    let url = "https://api.schoology.com/v1/users/me";
    let Placed::Header(h) = signed(&schoology, "GET", url, None) else {
        panic!()
    };
    assert!(h.starts_with(r#"OAuth realm="Schoology API", "#), "{h}");
    assert!(!h.contains("oauth_token"));
    let plaintext = r#"OAuth realm="Schoology API", oauth_consumer_key="ck", oauth_signature_method="PLAINTEXT", oauth_signature="cs-secret%26""#;
    verifier(&schoology)
        .verify(
            &IncomingRequest::new("GET", url).authorization(plaintext),
            &lookup,
        )
        .unwrap();
    let garmin = Profile::new(ProfileId::Garmin);
    assert_eq!(
        garmin
            .request_token_callback(Some("https://app.example/cb"))
            .unwrap(),
        Some("https://app.example/cb")
    );
    assert_eq!(
        Profile::new(ProfileId::Mastercard)
            .request_token_callback(None)
            .unwrap(),
        None
    );
}
