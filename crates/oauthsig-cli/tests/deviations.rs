//! `verify`'s diagnosis of a signature mismatch names each mistake and
//! server deviation added with the provider profiles: each request here is
//! signed by the library the way a client with that mistake signs (or a
//! server with that deviation checks), and `verify` must name it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use oauthsig::profile::Deviation;
use oauthsig::{BodyHashPolicy, Consumer, Request, SignatureMethod, SigningKey, Token};

const CK: &str = "ck";
const CS: &str = "cs";
const TK: &str = "tk";
const TS: &str = "ts";
const METHOD: SignatureMethod = SignatureMethod::HmacSha1;

fn consumer() -> Consumer {
    Consumer::new(CK, CS)
}

/// A client request with a pinned nonce, timestamped now (`--profile`
/// checks the provider's window before the signature).
fn request(method: &str, url: &str, token: bool) -> Request {
    let token = token.then(|| Token::new(TK, TS));
    let now = oauthsig::generate_timestamp().unwrap().to_string();
    Request::from_consumer_and_token(&consumer(), token.as_ref(), method, url)
        .unwrap()
        .nonce("n0nce")
        .timestamp(&now)
}

/// The right signature of `base` (with the token secret when `token`).
fn signature_of(base: &str, token: bool) -> String {
    let token = token.then(|| Token::new(TK, TS));
    let key = consumer().signing_key(METHOD, token.as_ref()).unwrap();
    key.sign_text(base.as_bytes()).unwrap().as_str().to_owned()
}

/// `header` with its `oauth_signature` replaced by `signature`.
fn with_signature(header: &str, signature: &str) -> String {
    let start = header.find("oauth_signature=\"").unwrap() + "oauth_signature=\"".len();
    let end = start + header[start..].find('"').unwrap();
    let encoded = oauthsig::oauthsig_core::encode::encode(signature).to_string();
    format!("{}{encoded}{}", &header[..start], &header[end..])
}

/// `verify`'s report of `header` for `method url`, plus `extra` arguments.
fn verify(method: &str, url: &str, header: &str, token: bool, extra: &[&str]) -> String {
    let mut command = oauthsig();
    command.args([
        "verify",
        "-X",
        method,
        "--url",
        url,
        "--authorization",
        header,
    ]);
    command.args(["--consumer-key", CK, "--consumer-secret", CS]);
    if token {
        command.args(["--token", TK, "--token-secret", TS]);
    }
    let output = command.args(extra).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

/// The diagnosis line of a report.
fn mistake(report: &str) -> &str {
    report
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("the presented signature was made with ")
        })
        .unwrap_or_else(|| panic!("no mistake named:\n{report}"))
}

#[test]
fn a_key_without_the_ampersand() {
    // WooCommerce's legacy API keys the HMAC with the consumer secret alone.
    let url = "http://shop.example/wc-api/v2/orders?page=2";
    let key = Deviation::LegacyKeyWithoutAmpersand
        .signing_key(METHOD, &consumer(), None)
        .unwrap();
    let signed = request("GET", url, false).sign_with_key(&key).unwrap();
    let header = signed.to_header(None).unwrap();
    let report = verify("GET", url, &header, false, &[]);
    assert!(
        mistake(&report).starts_with("the key without `&`"),
        "{report}"
    );
    let report = verify("GET", url, &header, false, &["--profile", "woocommerce"]);
    assert!(
        mistake(&report).ends_with("[deviation legacy-key-without-ampersand]"),
        "{report}"
    );
    // With a token: both secrets, joined without the `&`.
    let joined = SigningKey::from_key_text(METHOD, format!("{CS}{TS}").as_bytes()).unwrap();
    let signed = request("GET", url, true).sign_with_key(&joined).unwrap();
    let report = verify("GET", url, &signed.to_header(None).unwrap(), true, &[]);
    assert_eq!(
        mistake(&report),
        "the secrets joined without `&` in the key",
        "{report}"
    );
}

/// A request signed over the base string a server with `deviation` computes.
fn deviating(deviation: Deviation, url: &str, extra: &[&str]) -> String {
    let signed = request("GET", url, true).sign(METHOD, &consumer(), Some(&Token::new(TK, TS)));
    let signed = signed.unwrap();
    let base = signed.signature_base_string_deviating(deviation).unwrap();
    assert_ne!(
        base,
        signed.signature_base_string().unwrap(),
        "{deviation} changes nothing"
    );
    let header = with_signature(&signed.to_header(None).unwrap(), &signature_of(&base, true));
    verify("GET", url, &header, true, extra)
}

#[test]
fn natural_sort_order() {
    // Magento's `searchCriteria[...]` with ten or more entries.
    let url = "https://shop.example/rest/V1/products?k%5B10%5D=b&k%5B9%5D=a";
    for extra in [&[][..], &["--profile", "magento"]] {
        let report = deviating(Deviation::NaturalSortOrder, url, extra);
        assert!(mistake(&report).contains("natural order"), "{report}");
        assert!(report.contains("base string, implied"), "{report}");
    }
}

#[test]
fn sort_before_encoding() {
    // `.` sorts before `/` decoded, after its escape `%2F` encoded.
    let url = "http://shop.example/wp-json/wc/v3/orders?x.=1&x%2F=2";
    let report = deviating(
        Deviation::SortBeforeEncoding,
        url,
        &["--profile", "woocommerce"],
    );
    assert!(mistake(&report).contains("before encoding"), "{report}");
}

/// `sent`'s header with the signature `other` gets (the same request
/// with the client's mistake), and the report of it.
fn signed_as(sent: Request, other: Request, realm: Option<&str>, extra: &[&str]) -> String {
    let token = Token::new(TK, TS);
    let other = other.sign(METHOD, &consumer(), Some(&token)).unwrap();
    let sent = sent.sign(METHOD, &consumer(), Some(&token)).unwrap();
    let header = with_signature(&sent.to_header(realm).unwrap(), &other.signature().unwrap());
    verify(sent.method(), sent.url(), &header, true, extra)
}

#[test]
fn a_signed_realm() {
    let url = "https://photos.example/photos?size=original";
    let sent = request("GET", url, true);
    let other = request("GET", &format!("{url}&realm=Photos"), true);
    let report = signed_as(sent, other, Some("Photos"), &[]);
    assert!(
        mistake(&report).starts_with("the header's realm signed"),
        "{report}"
    );
}

#[test]
fn a_double_encoded_callback() {
    let url = "https://api.example/oauth/request_token";
    let callback = "https://app.example/cb?a=1";
    let sent = request("POST", url, true).callback(callback);
    let encoded = oauthsig::oauthsig_core::encode::encode(callback).to_string();
    let other = request("POST", url, true).callback(&encoded);
    let report = signed_as(sent, other, None, &[]);
    assert_eq!(
        mistake(&report),
        "oauth_callback percent-encoded twice",
        "{report}"
    );
}

#[test]
fn a_body_signed_as_form() {
    let url = "https://api.example/1/notes";
    let body = "title=hello&tag=a";
    let sent = request("POST", url, true)
        .body(body, "text/plain")
        .body_hash(BodyHashPolicy::Never);
    let other = request("POST", url, true).form_body(body).unwrap();
    let report = signed_as(
        sent,
        other,
        None,
        &["-d", body, "--content-type", "text/plain"],
    );
    assert!(
        mistake(&report).starts_with("the body signed as form parameters"),
        "{report}"
    );
}
