//! Properties of the std layer over arbitrary input: whatever a client signs
//! and sends — in the header, the query or the body, with duplicates, `+`,
//! spaces and non-ASCII text — the server's parse of it checks; token
//! strings round-trip; secrets never reach `Debug` output or error messages;
//! no input panics.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauthsig::{Consumer, Request, SignatureMethod, Token};
use proptest::prelude::*;

/// The decoded text value of `name`.
fn value_of(r: &Request, name: &str) -> Option<String> {
    r.get(name).unwrap().map(|v| v.into_owned())
}

/// Text with the characters that break naive encoders: space, `+`, `%`,
/// `&`, `=`, `#`, `~`, quotes, and non-ASCII.
fn text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9 +%&=#~\"'/?é®❦\u{1F600}]{0,12}").unwrap()
}

fn name() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9 +%&=~é®]{1,8}").unwrap()
}

fn method() -> impl Strategy<Value = SignatureMethod> {
    prop::sample::select(SignatureMethod::SHARED_SECRET.to_vec())
}

fn secret() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[A-Za-z0-9]{12,24}").unwrap()
}

fn no_env() -> std::iter::Empty<(&'static str, &'static str)> {
    std::iter::empty()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Parameters in the URL (sent as query) and protocol parameters in the
    /// header: the server's parse checks, duplicates and all.
    #[test]
    fn header_requests_verify(
        pairs in prop::collection::vec((name(), text()), 0..6),
        m in method(),
        cs in secret(),
        ts in secret(),
    ) {
        let consumer = Consumer::new("ck", &cs);
        let token = Token::new("tk", &ts);
        let mut request = Request::from_consumer_and_token(&consumer, Some(&token), "GET", "https://api.example.com/a b/é").unwrap();
        for (n, v) in &pairs {
            request = request.query_param(n, v);
        }
        let request = request.sign(m, &consumer, Some(&token)).unwrap();
        prop_assert_eq!(request.parameters().count(), pairs.len() + 7);
        let header = request.to_header(Some("r\"ealm")).unwrap();
        let received = Request::from_request("GET", request.url(), [("Authorization", header.as_str())], b"", None).unwrap();
        prop_assert_eq!(received.normalized_parameters().unwrap(), request.normalized_parameters().unwrap());
        prop_assert!(received.check_signature(&consumer, Some(&token)).unwrap());
        prop_assert_eq!(received.realm(), Some("r\"ealm"));
    }

    /// Everything in the query (§3.5.3), added in code rather than in the URL.
    #[test]
    fn query_requests_verify(
        pairs in prop::collection::vec((name(), text()), 0..6),
        existing in prop::sample::select(vec!["", "?", "?x=1", "?x=1&", "?e=&f", "?p=a+b%2Bc"]),
        m in method(),
        cs in secret(),
    ) {
        let consumer = Consumer::new("ck", &cs);
        let url = format!("https://api.example.com/r{existing}");
        let mut request = Request::from_consumer_and_token(&consumer, None, "GET", &url).unwrap();
        for (n, v) in &pairs {
            request = request.param(n, v);
        }
        let request = request.sign(m, &consumer, None).unwrap();
        let sent = request.to_url();
        prop_assert!(sent.starts_with(&url), "the existing query is kept verbatim");
        let received = Request::from_request("GET", &sent, no_env(), b"", None).unwrap();
        prop_assert_eq!(received.parameters().count(), request.parameters().count());
        prop_assert!(received.check_signature(&consumer, None).unwrap());
    }

    /// A form body signed in code and sent with the protocol parameters in
    /// the body (§3.5.2).
    #[test]
    fn form_requests_verify(
        pairs in prop::collection::vec((name(), text()), 1..6),
        m in method(),
        cs in secret(),
    ) {
        let consumer = Consumer::new("ck", &cs);
        let mut request = Request::from_consumer_and_token(&consumer, None, "POST", "https://api.example.com/r?q=1").unwrap();
        for (n, v) in &pairs {
            request = request.form_param(n, v);
        }
        let request = request.sign(m, &consumer, None).unwrap();
        prop_assert!(request.get("oauth_body_hash").unwrap().is_none());
        let body = request.to_postdata();
        let received = Request::from_request(
            "POST", request.url(),
            [("Content-Type", "application/x-www-form-urlencoded")],
            body.as_bytes(), None,
        ).unwrap();
        prop_assert!(received.check_signature(&consumer, None).unwrap());
        // Tampering with the body breaks the signature (PLAINTEXT signs nothing).
        prop_assume!(m != SignatureMethod::Plaintext);
        let tampered = format!("{body}&extra=1");
        let received = Request::from_request(
            "POST", request.url(),
            [("content-type", "application/x-www-form-urlencoded; charset=utf-8")],
            tampered.as_bytes(), None,
        ).unwrap();
        prop_assert!(!received.check_signature(&consumer, None).unwrap());
    }

    /// Opaque bodies get `oauth_body_hash` of exactly their octets: SHA-1
    /// with every method, as oauthlib (tests/body_hash_interop.rs).
    #[test]
    fn opaque_bodies_are_hashed(body in prop::collection::vec(any::<u8>(), 0..64), m in method()) {
        let consumer = Consumer::new("ck", "cs");
        let request = Request::from_consumer_and_token(&consumer, None, "PUT", "https://api.example.com/r").unwrap()
            .body(body.clone(), "application/octet-stream")
            .sign(m, &consumer, None).unwrap();
        let expected = oauthsig::oauthsig_core::BodyHash::sha1(&body);
        prop_assert_eq!(value_of(&request, "oauth_body_hash"), Some(expected.as_str().to_string()));
    }

    /// The credentials response round-trips, extras included.
    #[test]
    fn token_strings_round_trip(
        key in text().prop_filter("non-empty", |s| !s.is_empty()),
        secret in text().prop_filter("non-empty", |s| !s.is_empty()),
        confirmed in any::<bool>(),
        extra in prop::collection::vec((name().prop_filter("not a protocol field", |n| !n.starts_with("oauth_")), text()), 0..3),
    ) {
        let mut text = Token::new(&key, &secret).to_string();
        if confirmed {
            text.push_str("&oauth_callback_confirmed=true");
        }
        for (n, v) in &extra {
            text.push('&');
            text.push_str(&oauthsig::escape(n));
            text.push('=');
            text.push_str(&oauthsig::escape(v));
        }
        let token: Token = text.parse().unwrap();
        prop_assert_eq!(token.key(), key.as_str());
        prop_assert_eq!(token.secret(), secret.as_str());
        prop_assert_eq!(token.callback_confirmed(), confirmed);
        prop_assert_eq!(token.extra(), extra.as_slice());
        let again: Token = token.to_string().parse().unwrap();
        prop_assert_eq!(again.extra(), token.extra());
        prop_assert_eq!(again.secret(), token.secret());
    }

    /// Arbitrary text never panics the parsers.
    /// The content-type test agrees with its definition: the text before
    /// any `;`, spaces and tabs trimmed, compared without ASCII case.
    #[test]
    fn form_content_type_follows_its_definition(
        before in "[ \t\n]{0,2}",
        media in prop::sample::select(vec![
            "application/x-www-form-urlencoded",
            "APPLICATION/X-WWW-FORM-URLENCODED",
            "application/x-www-form-urlencode",
            "application/x-www-form-urlencodedd",
            "application/x-www-form;urlencoded",
            "application/json",
            "",
        ]),
        after in "[ \t\n;a-z=-]{0,6}",
    ) {
        let ct = format!("{before}{media}{after}");
        let definition = ct
            .split(';')
            .next()
            .unwrap_or("")
            .trim_matches([' ', '\t'])
            .eq_ignore_ascii_case(oauthsig::FORM_CONTENT_TYPE);
        prop_assert_eq!(oauthsig::is_form_content_type(&ct), definition, "{:?}", ct);
    }

    #[test]
    fn parsers_do_not_panic(input in "\\PC{0,40}", bytes in prop::collection::vec(any::<u8>(), 0..40)) {
        let _ = input.parse::<Token>();
        let _ = Request::new("GET", &input);
        let _ = Request::from_request("POST", "http://h/", [("Authorization", input.as_str()), ("Content-Type", "application/x-www-form-urlencoded")], &bytes, None);
        let _ = Request::from_request("POST", "http://h/", [("Authorization", format!("OAuth {input}"))], &bytes, Some(&input));
    }

    /// The verifier comes back out of the callback URL exactly, whatever it
    /// holds, with the callback's query before it and its fragment after.
    #[test]
    fn callback_url_carries_the_verifier(verifier in text(), key in text()) {
        let mut token = Token::new(&key, "s");
        token.set_callback("https://client.example.com/cb?state=a%20b#frag");
        token.set_verifier(Some(&verifier)).unwrap();
        let url = token.callback_url().unwrap();
        prop_assert!(url.ends_with("#frag"));
        let landing = Request::new("GET", &url).unwrap();
        prop_assert_eq!(value_of(&landing, "state"), Some("a b".to_string()));
        prop_assert_eq!(value_of(&landing, "oauth_token"), Some(key.as_str().to_string()));
        prop_assert_eq!(value_of(&landing, "oauth_verifier"), Some(verifier.as_str().to_string()));
    }

    /// No secret reaches `Debug` or an error message.
    #[test]
    fn secrets_stay_hidden(cs in secret(), ts in secret(), verifier in secret()) {
        let consumer = Consumer::new("ck", &cs);
        let mut token: Token = format!("oauth_token=tk&oauth_token_secret={ts}&oauth_callback_confirmed=true").parse().unwrap();
        token.set_verifier(Some(&verifier)).unwrap();
        let plaintext = Request::from_consumer_and_token(&consumer, Some(&token), "POST", "https://h/x").unwrap()
            .sign(SignatureMethod::Plaintext, &consumer, Some(&token)).unwrap();
        let received = Request::from_request("POST", "https://h/x", [("Authorization", plaintext.to_header(None).unwrap())], b"", None).unwrap();
        let shown = [
            format!("{consumer:?}"), format!("{consumer:#?}"),
            format!("{token:?}"), format!("{token:#?}"),
            format!("{plaintext:?}"), format!("{received:?}"),
            format!("{:?}", consumer.signing_key(SignatureMethod::HmacSha1, Some(&token)).unwrap()),
        ];
        let broken = [
            format!("oauth_token=tk&oauth_token_secret={ts}%zz"),
            format!("oauth_token=tk&oauth_token_secret={ts}%FF"),
            format!("oauth_token=tk&{ts}%zz=1&oauth_token_secret=x"),
            format!("oauth_token=tk&{ts}=%ff&oauth_token_secret=x"),
            ts.clone(),
            format!("oauth_token=&oauth_token_secret={ts}"),
            format!("oauth_token=tk&oauth_token_secret={ts}&oauth_token_secret={ts}"),
        ];
        let errors: Vec<String> = broken.iter().map(|b| b.parse::<Token>().unwrap_err().to_string()).collect();
        for text in shown.iter().chain(&errors) {
            for secret in [&cs, &ts, &verifier] {
                prop_assert!(!text.contains(secret.as_str()), "secret in {:?}", text);
            }
        }
    }
}

/// Duplicates are kept in order, and both enter the signature.
#[test]
fn duplicates_are_kept_and_signed() {
    let request = Request::new("GET", "http://example.com/?a=2&a=1")
        .unwrap()
        .param("a", "1")
        .query_param("a", "3");
    let values: Vec<String> = request
        .parameters()
        .map(|p| p.value().unwrap().into_owned())
        .collect();
    // The URL's query (as grown by `query_param`), then the parameters set
    // in code.
    assert_eq!(values, ["2", "1", "3", "1"]);
    assert_eq!(request.normalized_parameters().unwrap(), "a=1&a=1&a=2&a=3");
    assert_eq!(request.to_url(), "http://example.com/?a=2&a=1&a=3&a=1");
}

/// In a query or form body `+` is a space (§3.4.1.3.1 decodes them as
/// `application/x-www-form-urlencoded`) and `%2B` a plus; both are signed as
/// §3.6 writes them: `%20` and `%2B`.
#[test]
fn plus_is_a_space_and_percent_2b_a_plus() {
    let plus = Request::new("GET", "http://example.com/?q=a+b").unwrap();
    let space = Request::new("GET", "http://example.com/?q=a%20b").unwrap();
    let literal = Request::new("GET", "http://example.com/?q=a%2Bb").unwrap();
    assert_eq!(plus.get("q").unwrap().as_deref(), Some("a b"));
    assert_eq!(plus.normalized_parameters().unwrap(), "q=a%20b");
    assert_eq!(space.normalized_parameters().unwrap(), "q=a%20b");
    assert_eq!(literal.normalized_parameters().unwrap(), "q=a%2Bb");
    let form = Request::new("POST", "http://example.com/")
        .unwrap()
        .form_body("q=a+b&r=a%2Bb")
        .unwrap();
    assert_eq!(form.normalized_parameters().unwrap(), "q=a%20b&r=a%2Bb");
    // Code values are raw text: a `+` set in code is a plus.
    let code = Request::new("GET", "http://example.com/")
        .unwrap()
        .param("q", "a+b");
    assert_eq!(code.to_url(), "http://example.com/?q=a%2Bb");
}

/// Non-ASCII text is signed as UTF-8 octets, the same whether the URL
/// carries it raw or percent-encoded.
#[test]
fn non_ascii_is_utf8_encoded() {
    let raw = Request::new("GET", "http://example.com/?q=caf\u{e9}").unwrap();
    let encoded = Request::new("GET", "http://example.com/?q=caf%C3%A9").unwrap();
    assert_eq!(raw.normalized_parameters().unwrap(), "q=caf%C3%A9");
    assert_eq!(
        raw.signature_base_string().unwrap(),
        encoded.signature_base_string().unwrap()
    );
    // Octets that are not UTF-8 are signed as octets (§3.4.1.3.1, §3.6).
    let latin1 = Request::new("GET", "http://example.com/?q=%E9").unwrap();
    assert_eq!(latin1.normalized_parameters().unwrap(), "q=%E9");
}

/// `to_url` appends after the URL's own query without repeating it, and a
/// fragment stays last.
#[test]
fn to_url_with_existing_query_and_fragment() {
    let consumer = Consumer::new("ck", "cs");
    let request =
        Request::from_consumer_and_token(&consumer, None, "GET", "https://h.example/p?a=1&b=#sec")
            .unwrap()
            .sign(SignatureMethod::HmacSha1, &consumer, None)
            .unwrap();
    let url = request.to_url();
    assert!(url.starts_with("https://h.example/p?a=1&b=&oauth_consumer_key=ck&"));
    assert!(url.ends_with("#sec"));
    assert_eq!(url.matches("a=1").count(), 1);
    assert_eq!(url.matches("oauth_signature=").count(), 1);
    let received = Request::from_request("GET", &url, no_env(), b"", None).unwrap();
    assert!(received.check_signature(&consumer, None).unwrap());
}

/// Signing twice replaces the signature rather than signing the old one.
#[test]
fn signing_again_replaces_the_signature() {
    let consumer = Consumer::new("ck", "cs");
    let once = Request::new("GET", "http://example.com/")
        .unwrap()
        .nonce("n")
        .timestamp("1")
        .sign(SignatureMethod::HmacSha1, &consumer, None)
        .unwrap();
    let twice = once
        .clone()
        .sign(SignatureMethod::HmacSha1, &consumer, None)
        .unwrap();
    assert_eq!(once.signature(), twice.signature());
    assert!(once.parameters().eq(twice.parameters()));
}

/// The body-hash extension forbids `oauth_body_hash` on form-encoded
/// requests.
#[test]
fn body_hash_is_refused_on_form_requests() {
    let consumer = Consumer::new("ck", "cs");
    let result = Request::new("POST", "http://example.com/")
        .unwrap()
        .form_body("a=1")
        .unwrap()
        .param("oauth_body_hash", "x")
        .sign(SignatureMethod::HmacSha1, &consumer, None);
    assert_eq!(result.err(), Some(oauthsig::Error::BodyHashOnFormBody));
}

/// RFC 5849 §3.4.1.3.1 and §3.6 sign octets: a Latin-1 query or form body
/// signs as `city=Mal%E9`, and the request verifies as received.
#[test]
fn latin1_values_sign_as_octets() {
    let consumer = oauthsig::Consumer::new("ck", "cs");
    for (url, body) in [
        ("http://example.com/?city=Mal%E9", None),
        ("http://example.com/", Some("city=Mal%E9")),
    ] {
        let mut request = Request::from_consumer_and_token(&consumer, None, "POST", url).unwrap();
        if let Some(body) = body {
            request = request.form_body(body).unwrap();
        }
        assert_eq!(request.get_bytes("city").as_deref(), Some(&b"Mal\xe9"[..]));
        let signed = request
            .sign(oauthsig::SignatureMethod::HmacSha1, &consumer, None)
            .unwrap();
        assert!(
            signed
                .normalized_parameters()
                .unwrap()
                .starts_with("city=Mal%E9&")
        );
        assert!(
            signed
                .signature_base_string()
                .unwrap()
                .contains("&city%3DMal%25E9%26")
        );
        let received = Request::from_request(
            "POST",
            signed.url(),
            [
                ("Authorization", signed.to_header(None).unwrap().as_str()),
                ("Content-Type", "application/x-www-form-urlencoded"),
            ],
            signed.body_bytes(),
            None,
        )
        .unwrap();
        assert!(received.check_signature(&consumer, None).unwrap(), "{url}");
    }
}
