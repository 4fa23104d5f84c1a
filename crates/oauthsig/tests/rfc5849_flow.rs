//! The three-legged flow of RFC 5849 §1.2, end to end, both sides: the
//! client's three signed requests with the RFC's nonces and timestamps, the
//! server parsing and checking each, the credentials responses, and the
//! callback redirect. Every signature must equal the RFC's; the inputs are
//! the `rfc5849-1.2-*` vectors of `oauthsig-core/tests/data/public.json`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauthsig::{Consumer, Request, SignatureMethod, Source, Token};
use serde_json::Value;
use std::collections::BTreeMap;

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

fn s(v: &Value) -> &str {
    v.as_str().unwrap()
}

/// The parameters and realm a server reads from an `Authorization` header.
fn header_fields(
    method: &str,
    url: &str,
    header: &str,
) -> (BTreeMap<String, String>, Option<String>) {
    let r = Request::from_request(method, url, [("Authorization", header)], b"", None).unwrap();
    let params = r
        .parameters()
        .filter(|p| p.source() == Source::Header)
        .map(|p| {
            (
                p.name().unwrap().into_owned(),
                p.value().unwrap().into_owned(),
            )
        })
        .collect();
    (params, r.realm().map(str::to_owned))
}

/// Asserts a client request matches its RFC vector (base string, signature,
/// header contents), then verifies it as the server receives it.
fn assert_rfc(request: &Request, id: &str, consumer: &Consumer, token: Option<&Token>) {
    let v = vector(id);
    let (input, exp) = (&v["input"], &v["expected"]);
    assert_eq!(request.normalized_url(), s(&exp["base_string_uri"]), "{id}");
    assert_eq!(
        request.normalized_parameters().unwrap(),
        s(&exp["normalized_parameters"]),
        "{id}"
    );
    assert_eq!(
        request.signature_base_string().unwrap(),
        s(&exp["signature_base_string"]),
        "{id}"
    );
    assert_eq!(
        request.signature().as_deref(),
        Some(s(&exp["signature"])),
        "{id}"
    );

    let ours = request.to_header(Some("Photos")).unwrap();
    let rfc = s(&input["headers"]["Authorization"]);
    let url = s(&input["url"]);
    assert_eq!(
        header_fields("POST", url, &ours),
        header_fields("POST", url, rfc),
        "{id}: header differs from the RFC's"
    );

    // The server's side: the request as received checks, and a tampered one does not.
    let received = Request::from_request(
        s(&input["method"]),
        request.url(),
        [("Authorization", ours.as_str())],
        b"",
        None,
    )
    .unwrap();
    assert_eq!(received.realm(), Some("Photos"));
    assert!(received.check_signature(consumer, token).unwrap(), "{id}");
    let tampered = Request::from_request(
        s(&input["method"]),
        &format!("{}x", request.url()),
        [("Authorization", ours.as_str())],
        b"",
        None,
    )
    .unwrap();
    assert!(!tampered.check_signature(consumer, token).unwrap(), "{id}");
}

#[test]
fn three_legged_flow() {
    let client = Consumer::new("dpf43f3p2l4k3l03", "kd94hf93k423kf44");

    // 1. Temporary credentials (§2.1), with a callback. The RFC's requests
    //    carry no oauth_version, so the optional parameter is removed.
    let initiate = Request::from_consumer_and_token(
        &client,
        None,
        "POST",
        "https://photos.example.net/initiate",
    )
    .unwrap()
    .callback("http://printer.example.com/ready")
    .nonce("wIjqoS")
    .timestamp("137131200")
    .remove_param("oauth_version")
    .sign(SignatureMethod::HmacSha1, &client, None)
    .unwrap();
    assert_eq!(
        initiate.signature().as_deref(),
        Some("74KNZJeDHnMBp0EMJ9ZHt/XKycU=")
    );
    assert_rfc(
        &initiate,
        "rfc5849-1.2-temporary-credentials",
        &client,
        None,
    );

    // The server answers with temporary credentials and confirms the callback.
    let mut issued = Token::new("hh5s93j4hdidpola", "hdhd0244k9j7ao03");
    issued.set_callback(&initiate.get("oauth_callback").unwrap().unwrap());
    let response = issued.to_string();
    let v = vector("rfc5849-1.2-temporary-credentials-response");
    assert_eq!(response, s(&v["input"]["string"]));

    let mut temporary: Token = response.parse().unwrap();
    assert_eq!(temporary.key(), "hh5s93j4hdidpola");
    assert_eq!(temporary.secret(), "hdhd0244k9j7ao03");
    assert!(temporary.callback_confirmed());

    // 2. Resource-owner authorization (§2.2): the server redirects back to
    //    the callback with the token and a verifier.
    let authorize = Request::from_token_and_callback(
        &temporary,
        None,
        "GET",
        "https://photos.example.net/authorize",
    )
    .unwrap();
    assert_eq!(
        authorize.to_url(),
        "https://photos.example.net/authorize?oauth_token=hh5s93j4hdidpola"
    );
    issued.set_verifier(Some("hfdp7dh39dks9884")).unwrap();
    let redirect = issued.callback_url().unwrap();
    let v = vector("rfc5849-1.2-callback-with-verifier");
    assert_eq!(redirect, s(&v["expected"]["redirect_url"]));

    // The client reads the redirect and keeps the verifier with its token.
    let landing = Request::new("GET", &redirect).unwrap();
    assert_eq!(
        landing.get("oauth_token").unwrap().as_deref(),
        Some(temporary.key())
    );
    temporary
        .set_verifier(landing.get("oauth_verifier").unwrap().as_deref())
        .unwrap();

    // 3. Token credentials (§2.3): the verifier goes along automatically.
    let token_request = Request::from_consumer_and_token(
        &client,
        Some(&temporary),
        "POST",
        "https://photos.example.net/token",
    )
    .unwrap()
    .nonce("walatlh")
    .timestamp("137131201")
    .remove_param("oauth_version")
    .sign(SignatureMethod::HmacSha1, &client, Some(&temporary))
    .unwrap();
    assert_eq!(
        token_request.get("oauth_verifier").unwrap().as_deref(),
        Some("hfdp7dh39dks9884")
    );
    assert_eq!(
        token_request.signature().as_deref(),
        Some("gKgrFCywp7rO0OXSjdot/IHF7IU=")
    );
    assert_rfc(
        &token_request,
        "rfc5849-1.2-token-credentials",
        &client,
        Some(&temporary),
    );

    let v = vector("rfc5849-1.2-token-credentials-response");
    let access: Token = s(&v["input"]["string"]).parse().unwrap();
    assert_eq!(access.key(), "nnch734d00sl2jdk");
    assert_eq!(access.secret(), "pfkkdhi9sl3r4s00");
    assert!(!access.callback_confirmed());

    // 4. The protected resource.
    let photos = Request::from_consumer_and_token(
        &client,
        Some(&access),
        "GET",
        "http://photos.example.net/photos?file=vacation.jpg&size=original",
    )
    .unwrap()
    .nonce("chapoH")
    .timestamp("137131202")
    .remove_param("oauth_version")
    .sign(SignatureMethod::HmacSha1, &client, Some(&access))
    .unwrap();
    assert_eq!(
        photos.signature().as_deref(),
        Some("MdpQcU8iPSUjWoN/UDMsK2sui9I=")
    );
    assert_rfc(
        &photos,
        "rfc5849-1.2-protected-resource",
        &client,
        Some(&access),
    );
    // The same request sent with its parameters in the query (§3.5.3).
    let by_query = Request::from_request(
        "GET",
        &photos.to_url(),
        std::iter::empty::<(&str, &str)>(),
        b"",
        None,
    )
    .unwrap();
    assert_eq!(
        by_query.signature().as_deref(),
        Some("MdpQcU8iPSUjWoN/UDMsK2sui9I=")
    );
    assert!(by_query.check_signature(&client, Some(&access)).unwrap());
    // Without the token secret the signature does not check.
    assert!(!by_query.check_signature(&client, None).unwrap());
}
