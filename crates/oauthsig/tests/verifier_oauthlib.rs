//! Requests signed by oauthlib (Python), an independent implementation,
//! verify: HMAC-SHA1, HMAC-SHA256 and PLAINTEXT (over https); protocol
//! parameters in the header, the query and the form body; with and without
//! a token; query plus form body; non-ASCII and reserved characters;
//! `oauth_callback` and `oauth_verifier`. Each is refused when one signed
//! byte is changed, and refused as a replay once it verified.
//!
//! Needs the interop virtualenv: `tests/interop/.venv/bin/python` with
//! oauthlib (created by `tests/interop/setup.sh`, or by hand with
//! `python3 -m venv tests/interop/.venv && tests/interop/.venv/bin/pip install oauthlib`).
//! `OAUTHSIG_INTEROP_PYTHON` may name another interpreter with oauthlib.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauthsig::verifier::{
    CredentialQuery, Credentials, IncomingRequest, LookupError, Verifier, VerifyError,
};
use oauthsig_core::SignatureMethod;
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

/// Signs each case with oauthlib's `Client` and prints them as JSON. The
/// timestamps and nonces are oauthlib's own (current time, ~30 random
/// characters), so the verifier runs on its system clock.
const SIGNER: &str = r#"
import json, sys
import oauthlib
from oauthlib.oauth1 import Client

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
cases = [
    dict(name="hmac-sha1 header, token, realm, query + form body",
         client=dict(client_key="ck-one", client_secret="cs-one", resource_owner_key="tk-one",
                     resource_owner_secret="ts-one", realm="Photos"),
         sign=dict(uri="http://photos.example.net/photos?size=original&file=vacation%20x.jpg",
                   http_method="POST", body="title=Sun+set%21&tags=a&tags=b", headers=FORM),
         params={"size": "original", "file": "vacation x.jpg", "title": "Sun set!"}),
    dict(name="hmac-sha256 header, token, GET with query",
         client=dict(client_key="ck-one", client_secret="cs-one", resource_owner_key="tk-one",
                     resource_owner_secret="ts-one", signature_method="HMAC-SHA256"),
         sign=dict(uri="https://api.example.com:8443/v1/items?q=r%C3%A9sum%C3%A9&limit=10",
                   http_method="GET"),
         params={"q": "r\u00e9sum\u00e9", "limit": "10"}),
    dict(name="plaintext over https, header, token",
         client=dict(client_key="ck-one", client_secret="cs-one", resource_owner_key="tk-one",
                     resource_owner_secret="ts-one", signature_method="PLAINTEXT"),
         sign=dict(uri="https://photos.example.net/photos?file=a.jpg", http_method="GET"),
         params={"file": "a.jpg"}),
    dict(name="hmac-sha1 in the query, two-legged",
         client=dict(client_key="ck-two", client_secret="cs two&\u00fc", signature_type="QUERY"),
         sign=dict(uri="http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b",
                   http_method="GET"),
         params={"b5": "=%3D", "a3": "a", "c@": "", "a2": "r b"}),
    dict(name="hmac-sha256 in the form body, token",
         client=dict(client_key="ck-one", client_secret="cs-one", resource_owner_key="tk-one",
                     resource_owner_secret="ts-one", signature_method="HMAC-SHA256",
                     signature_type="BODY"),
         sign=dict(uri="http://example.com/post?x=%E4%B8%AD", http_method="POST",
                   body="c2&a3=2+q&emoji=%F0%9F%99%82", headers=FORM),
         params={"x": "\u4e2d", "c2": "", "a3": "2 q", "emoji": "\U0001F642"}),
    dict(name="hmac-sha1 temporary credentials with callback",
         client=dict(client_key="ck-one", client_secret="cs-one",
                     callback_uri="https://client.example.net/cb?x=1&y=%20"),
         sign=dict(uri="https://photos.example.net/initiate", http_method="POST"),
         params={}, callback="https://client.example.net/cb?x=1&y=%20"),
    dict(name="hmac-sha256 header, token, JSON body with oauthlib's (SHA-1) oauth_body_hash",
         client=dict(client_key="ck-one", client_secret="cs-one", resource_owner_key="tk-one",
                     resource_owner_secret="ts-one", signature_method="HMAC-SHA256"),
         sign=dict(uri="https://api.example.com/items?v=2", http_method="POST",
                   body='{"title": "Sunset", "tags": ["a", "b"]}',
                   headers={"Content-Type": "application/json"}),
         params={"v": "2"}),
    dict(name="hmac-sha1 header, two-legged, JSON body with oauth_body_hash",
         client=dict(client_key="ck-one", client_secret="cs-one"),
         sign=dict(uri="https://api.example.com/items", http_method="PUT",
                   body='{"title": "Sunrise"}', headers={"Content-Type": "application/json"}),
         params={}),
    dict(name="hmac-sha1 token request with verifier",
         client=dict(client_key="ck-one", client_secret="cs-one", resource_owner_key="tk-one",
                     resource_owner_secret="ts-one", verifier="hfdp7dh39dks9884"),
         sign=dict(uri="https://photos.example.net/token", http_method="POST"),
         params={}, verifier="hfdp7dh39dks9884"),
]
out = []
for case in cases:
    client = Client(**case["client"])
    uri, headers, body = client.sign(**case["sign"])
    out.append(dict(name=case["name"], method=case["sign"]["http_method"], url=uri,
                    authorization=headers.get("Authorization"),
                    content_type=headers.get("Content-Type"), body=body or "",
                    client=case["client"], params=case["params"],
                    callback=case.get("callback"), verifier=case.get("verifier")))
json.dump(dict(oauthlib=oauthlib.__version__, cases=out), sys.stdout)
"#;

fn python() -> PathBuf {
    if let Some(p) = std::env::var_os("OAUTHSIG_INTEROP_PYTHON") {
        return PathBuf::from(p);
    }
    let venv =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/interop/.venv/bin/python");
    if !venv.exists() {
        panic!(
            "{} is missing: the oauthlib interop test needs the interop virtualenv. Create it \
             with tests/interop/setup.sh (or: python3 -m venv tests/interop/.venv && \
             tests/interop/.venv/bin/pip install oauthlib)",
            venv.display()
        );
    }
    venv
}

fn signed_by_oauthlib() -> (String, Vec<Value>) {
    let py = python();
    let out = Command::new(&py)
        .arg("-c")
        .arg(SIGNER)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", py.display()));
    assert!(
        out.status.success(),
        "oauthlib signer failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).expect("signer prints JSON");
    let version = doc["oauthlib"].as_str().unwrap().to_owned();
    (version, doc["cases"].as_array().unwrap().clone())
}

/// Knows the credentials the signer used.
fn lookup(q: &CredentialQuery<'_>) -> Result<Credentials<'static>, LookupError> {
    let consumer = match q.consumer_key() {
        "ck-one" => "cs-one",
        "ck-two" => "cs two&\u{fc}",
        _ => return Err(LookupError::UnknownConsumer),
    };
    match q.token() {
        None => Ok(Credentials::secrets(consumer, "")),
        Some("tk-one") if q.consumer_key() == "ck-one" => {
            Ok(Credentials::secrets(consumer, "ts-one"))
        }
        Some(_) => Err(LookupError::UnknownToken),
    }
}

fn request(case: &Value) -> IncomingRequest<'_> {
    let s = |k: &str| case[k].as_str();
    let mut r = IncomingRequest::new(s("method").unwrap(), s("url").unwrap())
        .body(s("body").unwrap().as_bytes());
    if let Some(a) = s("authorization") {
        r = r.authorization(a);
    }
    if let Some(ct) = s("content_type") {
        r = r.content_type(ct);
    }
    r
}

/// Flips one byte of the request's signed content: a body byte when the
/// body is signed, else a query byte.
fn tamper(case: &Value) -> Value {
    let mut t = case.clone();
    let body = case["body"].as_str().unwrap();
    if case["content_type"].is_string() && body.contains("title=") {
        t["body"] = body.replacen("Sun", "Son", 1).into();
    } else if body.contains("c2") {
        t["body"] = body.replacen("a3=2", "a3=3", 1).into();
    } else {
        let url = case["url"].as_str().unwrap();
        t["url"] = if url.contains('?') {
            format!("{url}&extra=1")
        } else {
            format!("{url}?extra=1")
        }
        .into();
    }
    t
}

#[test]
fn oauthlib_signed_requests_verify_once() {
    let (version, cases) = signed_by_oauthlib();
    assert_eq!(cases.len(), 9);
    eprintln!("oauthlib {version}");
    let verifier = Verifier::builder()
        .allow(SignatureMethod::HmacSha1)
        .allow(SignatureMethod::HmacSha256)
        .allow(SignatureMethod::Plaintext)
        .build()
        .unwrap();
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let client = &case["client"];
        let want_method = client["signature_method"].as_str().unwrap_or("HMAC-SHA1");
        // First the request with one signed byte changed: refused, and
        // (being unauthenticated) it does not use up the nonce. PLAINTEXT
        // signs only the secrets, so there is nothing to tamper with.
        if want_method != "PLAINTEXT" {
            let tampered = tamper(case);
            assert_eq!(
                verifier.verify(&request(&tampered), &lookup).unwrap_err(),
                VerifyError::BadSignature,
                "{name}: tampered"
            );
        }
        // An unsigned body is bound by oauth_body_hash alone.
        if case["content_type"] == "application/json" {
            let mut changed = case.clone();
            changed["body"] = case["body"]
                .as_str()
                .unwrap()
                .replacen("Sun", "Son", 1)
                .into();
            assert_eq!(
                verifier.verify(&request(&changed), &lookup).unwrap_err(),
                VerifyError::BodyHashMismatch,
                "{name}: body changed"
            );
        }
        let req = request(case);
        let ok = verifier
            .verify(&req, &lookup)
            .unwrap_or_else(|e| panic!("{name}: {e}\n{case:#}"));
        assert_eq!(
            ok.consumer_key(),
            client["client_key"].as_str().unwrap(),
            "{name}"
        );
        assert_eq!(ok.token(), client["resource_owner_key"].as_str(), "{name}");
        assert_eq!(ok.signature_method().as_str(), want_method, "{name}");
        assert_eq!(ok.callback(), case["callback"].as_str(), "{name}");
        assert_eq!(ok.verifier(), case["verifier"].as_str(), "{name}");
        for (k, v) in case["params"].as_object().unwrap() {
            assert_eq!(
                ok.parameter(k).unwrap().as_deref(),
                v.as_str(),
                "{name}: parameter {k}"
            );
        }
        assert!(
            ok.parameters()
                .all(|p| !p.name_bytes().starts_with(b"oauth_")),
            "{name}"
        );
        // oauthlib's nonces are ~30 digits (3.x) or alphanumerics (4.x).
        assert!(ok.nonce().is_some_and(|n| n.len() >= 20), "{name}");
        assert_eq!(
            verifier.verify(&req, &lookup).unwrap_err(),
            VerifyError::UsedNonce,
            "{name}: replay"
        );
    }
}
