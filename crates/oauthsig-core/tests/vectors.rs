//! Every vector in `tests/data/public.json` (see its README for sources) that
//! exercises the protocol layer, checked against oauthsig-core. Vectors of
//! the std API (python-oauth2 names, token strings) run in the `oauthsig`
//! crate. RSA vectors need the `rsa` feature; without it they are listed as
//! skipped, so no vector is silently ignored.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauthsig_core::Render;
use oauthsig_core::header::collect_authorization;
use oauthsig_core::params::pairs;
use oauthsig_core::verify::{Incoming, receive_in};
use oauthsig_core::{
    BaseString, BaseStringUri, Body, BodyHash, HttpRequest, Param, ParamArray, Part, Placement,
    Protocol, ProtocolParam, SignatureMethod, SigningKey, Source, Text, base_string::Normalized,
    encode::encode, sign,
};
use serde_json::Value;

/// The whole file: its `vectors` and the `keys` they name.
fn file() -> Value {
    let text = include_str!("data/public.json");
    serde_json::from_str(text).expect("vector file is JSON")
}

fn s(v: &Value) -> &str {
    v.as_str()
        .unwrap_or_else(|| panic!("expected string, got {v}"))
}

fn decoded_pairs(params: &[Param<'_>]) -> Vec<(String, String)> {
    let dec = |t: &Text<'_>| String::from_utf8(t.decoded().collect()).expect("utf-8");
    let mut v: Vec<_> = params
        .iter()
        .map(|p| (dec(&p.name), dec(&p.value)))
        .collect();
    v.sort();
    v
}

fn expected_pairs(v: &Value) -> Vec<(String, String)> {
    let mut out: Vec<_> = v
        .as_array()
        .expect("pairs")
        .iter()
        .map(|p| (s(&p[0]).to_owned(), s(&p[1]).to_owned()))
        .collect();
    out.sort();
    out
}

/// The request as a server receives it (§3.4.1.3.1).
fn incoming<'a>(
    method: &'a str,
    url: &'a str,
    headers: &'a Value,
    body: Option<&'a str>,
) -> Incoming<'a> {
    let mut incoming = Incoming::new(method, url).body(body.unwrap_or("").as_bytes());
    if let Some(ct) = headers["Content-Type"].as_str() {
        incoming = incoming.content_type(ct);
    }
    if let Some(h) = headers["Authorization"].as_str() {
        incoming = incoming.authorization(h);
    }
    incoming
}

/// The vector's key: secrets, or for RSA the PEM the `keys` table names.
fn key_of(vectors: &Value, input: &Value, secrets: [&str; 2]) -> SigningKey {
    let method = method_of(&input["signature_method"]);
    if method.is_rsa() {
        return rsa_key(vectors, input, method);
    }
    SigningKey::new(
        method,
        input[secrets[0]].as_str().unwrap_or(""),
        input[secrets[1]].as_str().unwrap_or(""),
    )
    .unwrap()
}

/// The PEM a `keys.NAME` reference names.
#[cfg(feature = "rsa")]
fn pem<'v>(vectors: &'v Value, reference: &Value) -> &'v str {
    let name = s(reference)
        .strip_prefix("keys.")
        .expect("a keys. reference");
    s(&vectors["keys"][name])
}

#[cfg(feature = "rsa")]
fn rsa_key(vectors: &Value, input: &Value, method: SignatureMethod) -> SigningKey {
    let reference = input.get("private_key").unwrap_or(&input["rsa_key"]);
    let private = oauthsig_core::RsaPrivateKey::from_pem(pem(vectors, reference)).unwrap();
    SigningKey::rsa(method, &private).unwrap()
}

#[cfg(not(feature = "rsa"))]
fn rsa_key(_: &Value, _: &Value, _: SignatureMethod) -> SigningKey {
    unreachable!("RSA vectors are skipped without the rsa feature")
}

/// For RSA vectors that give the public half (a key or a certificate): it
/// verifies the expected signature.
#[cfg(feature = "rsa")]
fn check_public(vectors: &Value, input: &Value, base: &[u8], signature: &str, id: &str) {
    let method = method_of(&input["signature_method"]);
    let Some(reference) = input.get("public_key").or(input.get("public_cert")) else {
        return;
    };
    let public = oauthsig_core::RsaPublicKey::from_pem(pem(vectors, reference)).unwrap();
    assert!(
        public.verify_text(method, base, signature),
        "{id}: public key verifies"
    );
    let mut flipped = base.to_vec();
    flipped[0] ^= 1;
    assert!(
        !public.verify_text(method, &flipped, signature),
        "{id}: changed base string"
    );
}

#[cfg(not(feature = "rsa"))]
fn check_public(_: &Value, _: &Value, _: &[u8], _: &str, _: &str) {}

fn method_of(v: &Value) -> SignatureMethod {
    v.as_str().unwrap_or("HMAC-SHA1").parse().expect("method")
}

/// Header parameter order is not significant (oauthlib and Twitter each use
/// their own); compare the parsed parameter sets, signature and realm
/// included.
fn assert_same_header(ours: &str, theirs: &str, id: &str) {
    let (mut a, mut b) = (ParamArray::<16>::array(), ParamArray::<16>::array());
    let ra = collect_authorization(ours, &mut a).unwrap();
    let rb = collect_authorization(theirs, &mut b).unwrap();
    assert_eq!(
        decoded_pairs(a.as_slice()),
        decoded_pairs(b.as_slice()),
        "{id}"
    );
    assert_eq!(ra, rb, "{id}");
}

/// A client's request of a vector given as credentials, signed by the
/// engine with `oauth_version=1.0` (as oauthlib sends it).
fn client_request<'a>(
    input: &'a Value,
    method_key: &str,
    key_key: &str,
) -> (HttpRequest<'a>, Protocol<'a>) {
    let form = input["headers"]["Content-Type"]
        .as_str()
        .is_some_and(oauthsig_core::body::is_form_content_type);
    let body = match input["body"].as_str() {
        Some(b) if form => Body::Form(b),
        _ => Body::None,
    };
    // Published PLAINTEXT vectors sign over http (RFC 5849 §3.4.4 wants
    // TLS): the opt-in reproduces them.
    let request = HttpRequest::new(s(&input[method_key]), s(&input["url"]))
        .body(body)
        .allow_plaintext_over_http();
    let mut protocol = Protocol::new(s(&input[key_key]))
        .timestamp(s(&input["timestamp"]))
        .nonce(s(&input["nonce"]))
        .version(true);
    if let Some(tok) = input["token"].as_str() {
        protocol = protocol.token(tok);
    }
    (request, protocol)
}

#[derive(Default)]
struct Tally {
    checked: usize,
    skipped: Vec<String>,
}

#[test]
fn published_vectors() {
    let mut t = Tally::default();
    let file = file();
    for v in file["vectors"].as_array().expect("vectors array").clone() {
        let id = s(&v["id"]).to_owned();
        let kind = s(&v["kind"]).to_owned();
        let input = &v["input"];
        let exp = &v["expected"];
        if v["verified"] == Value::Bool(false) {
            // Known-bad or illustrative-only: assert we do NOT reproduce a
            // published placeholder by accident where it is computable.
            if id == "rfc5849-3.1-example-signature" {
                let key = SigningKey::new(
                    SignatureMethod::HmacSha1,
                    s(&input["client_secret"]),
                    s(&input["token_secret"]),
                )
                .unwrap();
                assert_eq!(
                    key.sign_text(s(&input["base_string"]).as_bytes())
                        .unwrap()
                        .as_str(),
                    "r6/TJjbCOr97/+UU0NsvSne7s5g="
                );
                assert_ne!(
                    key.sign_text(s(&input["base_string"]).as_bytes())
                        .unwrap()
                        .as_str(),
                    s(&exp["signature"])
                );
            }
            t.skipped.push(format!("{id}: unverifiable upstream"));
            continue;
        }
        if kind.starts_with("api:") || kind == "token_from_string" || kind == "callback_redirect" {
            t.skipped
                .push(format!("{id}: std-layer API, tested in crates/oauthsig"));
            continue;
        }
        let method_name = input["signature_method"].as_str().unwrap_or("HMAC-SHA1");
        if method_name.starts_with("RSA-") && cfg!(not(feature = "rsa")) {
            t.skipped
                .push(format!("{id}: {method_name} needs the rsa feature"));
            continue;
        }
        match kind.as_str() {
            "percent_encode" => {
                assert_eq!(
                    encode(s(&input["text"])).to_string(),
                    s(&exp["encoded"]),
                    "{id}"
                );
            }
            "normalize_parameters" => {
                let mut p = ParamArray::<32>::array();
                if let Some(form) = input["form_encoded_input"].as_str() {
                    p.extend_form(form, Source::Body).expect(&id);
                } else {
                    for pair in input["parameters_decoded"].as_array().unwrap() {
                        p.push(Param::raw(s(&pair[0]), s(&pair[1]))).unwrap();
                    }
                    let enc: Vec<(String, String)> = p
                        .as_slice()
                        .iter()
                        .map(|q| (q.name.encoded().to_string(), q.value.encoded().to_string()))
                        .collect();
                    let want: Vec<(String, String)> = exp["encoded_pairs"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|q| (s(&q[0]).to_owned(), s(&q[1]).to_owned()))
                        .collect();
                    assert_eq!(enc, want, "{id}");
                }
                p.sort();
                assert_eq!(
                    Normalized::new(p.as_slice()).to_string(),
                    s(&exp["normalized_parameters"]),
                    "{id}"
                );
            }
            "base_string_uri" => {
                let uri =
                    BaseStringUri::parse_with_host(s(&input["url"]), input["host_header"].as_str())
                        .unwrap_or_else(|e| panic!("{id}: {e}"));
                assert_eq!(uri.to_string(), s(&exp["base_string_uri"]), "{id}");
                if let Some(b) = exp["signature_base_string_no_params"].as_str() {
                    assert_eq!(
                        BaseString::new("GET", &uri, &[]).unwrap().to_string(),
                        b,
                        "{id}"
                    );
                }
            }
            "base_string_uri_error" => {
                assert!(
                    BaseStringUri::parse(s(&input["url"])).is_err(),
                    "{id} must be rejected"
                );
            }
            "signature_base_string" => {
                let url = s(&input["url"]);
                let mut p = ParamArray::<32>::array();
                p.extend_query(url).unwrap();
                for pair in input["parameters"].as_array().unwrap() {
                    p.push(Param::raw(s(&pair[0]), s(&pair[1]))).unwrap();
                }
                // The wiki input also carried oauth_signature=ignored.
                p.push(Param::raw("oauth_signature", "ignored")).unwrap();
                p.sort();
                let uri = BaseStringUri::parse(url).unwrap();
                let base = BaseString::new(s(&input["method"]), &uri, p.as_slice()).unwrap();
                assert_eq!(base.to_string(), s(&exp["signature_base_string"]), "{id}");
                assert_eq!(base.len(), s(&exp["signature_base_string"]).len());
            }
            "request_base_string" | "request_signature" | "collect_parameters"
                if input["consumer_key"].is_string() =>
            {
                let (request, protocol) = client_request(input, "method", "consumer_key");
                let key = SigningKey::new(
                    method_of(&input["signature_method"]),
                    input["client_secret"].as_str().unwrap_or(""),
                    input["token_secret"].as_str().unwrap_or(""),
                )
                .unwrap();
                let signed = sign::sign(&request, &protocol, &key).expect(&id);
                let base = signed.base_string();
                assert_eq!(base.to_string(), s(&exp["signature_base_string"]), "{id}");
                if let Some(n) = exp["normalized_parameters"].as_str() {
                    assert_eq!(base.normalized().to_string(), n, "{id}");
                }
                if let Some(sig) = exp["signature"].as_str() {
                    assert_eq!(signed.signature().as_str(), sig, "{id}");
                }
            }
            "request_base_string" | "request_signature" | "collect_parameters" => {
                let url = s(&input["url"]);
                let body = input["body"].as_str();
                let req = incoming(s(&input["method"]), url, &input["headers"], body);
                let mut r = receive_in([Param::EMPTY; 64], &req).expect(&id);
                if kind == "collect_parameters" {
                    // §3.4.1.3.1: `oauth_signature` is not among them.
                    let signed: Vec<Param<'_>> = r
                        .parameters()
                        .iter()
                        .copied()
                        .filter(Param::is_signed)
                        .collect();
                    assert_eq!(
                        decoded_pairs(&signed),
                        expected_pairs(&exp["parameters_decoded"]),
                        "{id}"
                    );
                    t.checked += 1;
                    continue;
                }
                if let Some(u) = exp["base_string_uri"].as_str() {
                    assert_eq!(r.uri().to_string(), u, "{id}");
                }
                let presented = r.get(ProtocolParam::Signature);
                let base = r.base_string();
                if let Some(n) = exp["normalized_parameters"].as_str() {
                    assert_eq!(base.normalized().to_string(), n, "{id}");
                }
                assert_eq!(base.to_string(), s(&exp["signature_base_string"]), "{id}");
                if let Some(sig) = exp["signature"].as_str() {
                    let key = key_of(&file, input, ["client_secret", "token_secret"]);
                    assert_eq!(key.sign(&base).unwrap().as_str(), sig, "{id}");
                    if let Some(presented) = presented {
                        assert!(key.verify(&base, &presented), "{id}: verify");
                    }
                    assert!(
                        r.check_signature(&key).is_ok() || presented.is_none(),
                        "{id}"
                    );
                }
            }
            "signature" => {
                let key = key_of(&file, input, ["client_secret", "token_secret"]);
                let base = input["base_string"].as_str().unwrap_or("").as_bytes();
                let sig = key.sign_text(base).unwrap();
                assert_eq!(sig.as_str(), s(&exp["signature"]), "{id}");
                check_public(&file, input, base, sig.as_str(), &id);
                if let Some(hv) = exp["header_value"].as_str() {
                    assert_eq!(encode(sig.as_str()).to_string(), hv, "{id}");
                    assert!(
                        key.verify_decoded(
                            &BaseString::new(
                                "GET",
                                &BaseStringUri::parse("https://x/").unwrap(),
                                &[]
                            )
                            .unwrap(),
                            s(&exp["signature"]).as_bytes()
                        )
                    );
                }
                if let Some(q) = exp["query_value"].as_str() {
                    assert_eq!(encode(sig.as_str()).to_string(), q, "{id}");
                }
            }
            "parse_authorization_header" => {
                let mut p = ParamArray::<16>::array();
                let realm = collect_authorization(s(&input["header"]), &mut p).unwrap();
                let mut got = decoded_pairs(p.as_slice());
                let dec = |t: Text<'_>| String::from_utf8(t.decoded().collect()).unwrap();
                got.push(("realm".into(), dec(realm.unwrap())));
                got.sort();
                assert_eq!(got, expected_pairs(&exp["parameters_decoded"]), "{id}");
            }
            "form_decode" => {
                let mut p = ParamArray::<16>::array();
                p.extend_form(s(&input["body"]), Source::Body).unwrap();
                assert_eq!(
                    decoded_pairs(p.as_slice()),
                    expected_pairs(&exp["parameters_decoded"]),
                    "{id}"
                );
                assert_eq!(pairs(s(&input["body"]), Part::Body).count(), p.len());
            }
            "body_hash" => {
                assert_eq!(
                    BodyHash::sha1(s(&input["body"]).as_bytes()).as_str(),
                    s(&exp["oauth_body_hash"]),
                    "{id}"
                );
            }
            "client_authorization_header" => {
                let (request, protocol) = client_request(input, "method", "client_key");
                let key = key_of(&file, input, ["client_secret", "resource_owner_secret"]);
                let signed = sign::sign(&request, &protocol, &key).expect(&id);
                let base = signed.base_string().to_string();
                assert_eq!(base, s(&exp["signature_base_string"]), "{id}");
                assert_eq!(signed.signature().as_str(), s(&exp["signature"]), "{id}");
                let ours = signed
                    .output(Placement::Header { realm: None })
                    .unwrap()
                    .to_string();
                assert_same_header(&ours, s(&exp["authorization_header"]), &id);
            }
            "client_signed_body" | "client_signed_query" => {
                let (request, protocol) = client_request(input, "http_method", "client_key");
                let key = SigningKey::new(SignatureMethod::HmacSha1, "", "").unwrap();
                let signed = sign::sign(&request, &protocol, &key).expect(&id);
                let placement = if kind == "client_signed_query" {
                    Placement::Query
                } else {
                    Placement::Form
                };
                let ours = signed.output(placement).unwrap().to_string();
                let pairs_of = |text: &str| {
                    let wire = text.split_once('?').map_or(text, |(_, q)| q);
                    let mut p = ParamArray::<16>::array();
                    p.extend_form(wire, Source::Body).unwrap();
                    decoded_pairs(p.as_slice())
                };
                let signed_text = s(&exp["signed"]);
                assert_eq!(pairs_of(&ours), pairs_of(signed_text), "{id}");
                if kind == "client_signed_query" {
                    assert!(ours.starts_with(s(&input["url"])), "{id}");
                }
            }
            other => panic!("{id}: vector kind {other} has no check"),
        }
        t.checked += 1;
    }
    eprintln!(
        "checked {} vectors; skipped {}:",
        t.checked,
        t.skipped.len()
    );
    for s in &t.skipped {
        eprintln!("  {s}");
    }
    assert!(t.checked >= 120, "only {} vectors checked", t.checked);
}
