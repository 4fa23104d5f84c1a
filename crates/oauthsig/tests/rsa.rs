//! RSA consumers through the std layer: `Consumer::rsa` signing through
//! `Request` (and `http::Request`), and the `Verifier` with public-key
//! credentials — method and credential kinds kept apart, unknown consumers
//! checked against the dummy key, the usual refusals.

#![cfg(feature = "rsa")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauthsig::verifier::{
    CredentialQuery, Credentials, IncomingRequest, LookupError, Verifier, VerifyError,
};
use oauthsig::{Consumer, Request, RsaPrivateKey, RsaPublicKey, SignatureMethod, Token};
use std::sync::Arc;

fn key_file(name: &str) -> Vec<u8> {
    let path = format!("{}/../../tests/keys/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn consumer() -> Consumer {
    Consumer::rsa(
        "jira-consumer",
        RsaPrivateKey::parse(&key_file("rsa2048.pkcs1.pem")).unwrap(),
    )
}

fn public() -> Arc<RsaPublicKey> {
    Arc::new(RsaPublicKey::parse(&key_file("rsa2048.cert.pem")).unwrap())
}

const NOW: u64 = 1_700_000_000;
const URL: &str = "https://jira.example.com/rest/api/2/issue?fields=summary";

/// A signed request's `Authorization` header.
fn header(
    method: SignatureMethod,
    consumer: &Consumer,
    token: Option<&Token>,
    nonce: &str,
) -> String {
    Request::from_consumer_and_token(consumer, token, "GET", URL)
        .unwrap()
        .timestamp(&NOW.to_string())
        .nonce(nonce)
        .sign(method, consumer, token)
        .unwrap()
        .to_header(None)
        .unwrap()
}

fn verifier(methods: &[SignatureMethod]) -> Verifier {
    let mut b = Verifier::builder().clock(|| NOW);
    for &m in methods {
        b = b.allow(m);
    }
    b.build().unwrap()
}

/// The provider's table: `jira-consumer` has the RSA public key,
/// `hmac-consumer` secrets; the token `tok` belongs to the RSA consumer.
fn lookup(q: &CredentialQuery<'_>) -> Result<Credentials<'static>, LookupError> {
    match (q.consumer_key(), q.token()) {
        ("jira-consumer", None | Some("tok")) => Ok(Credentials::from(public())),
        ("jira-consumer", Some(_)) => Err(LookupError::UnknownToken),
        ("hmac-consumer", None) => Ok(Credentials::secrets("cs", "")),
        _ => Err(LookupError::UnknownConsumer),
    }
}

fn verify(v: &Verifier, header: &str) -> Result<(), VerifyError> {
    let request = IncomingRequest::new("GET", URL).authorization(header);
    v.verify(&request, &lookup).map(|_| ())
}

#[test]
fn rsa_consumers_sign_and_the_verifier_takes_the_public_key() {
    let v = verifier(&SignatureMethod::RSA);
    let token = Token::new("tok", "token-secret-unused-by-rsa");
    for (i, m) in SignatureMethod::RSA.into_iter().enumerate() {
        let h = header(m, &consumer(), Some(&token), &format!("n{i}"));
        assert!(
            h.contains(&format!("oauth_signature_method=\"{m}\"")),
            "{h}"
        );
        assert_eq!(verify(&v, &h), Ok(()), "{m}");
        assert_eq!(verify(&v, &h), Err(VerifyError::UsedNonce), "{m}: replay");
    }
}

#[test]
fn the_request_checks_with_the_public_key_or_the_consumer() {
    let c = consumer();
    let signed = Request::from_consumer_and_token(&c, None, "POST", URL)
        .unwrap()
        .form_body("summary=A+bug")
        .unwrap()
        .sign(SignatureMethod::RsaSha256, &c, None)
        .unwrap();
    assert!(signed.check_signature(&c, None).unwrap());
    assert!(signed.check_signature_with_public_key(&public()).unwrap());
    let other = RsaPublicKey::parse(&key_file("rsa1024.spki.pem")).unwrap();
    assert!(!signed.check_signature_with_public_key(&other).unwrap());
}

#[test]
fn long_signatures_are_kept_whole() {
    // A 4096-bit key's signature is 684 base64 characters.
    let c = Consumer::rsa(
        "jira-consumer",
        RsaPrivateKey::parse(&key_file("rsa4096.pkcs1.pem")).unwrap(),
    );
    let signed = Request::from_consumer_and_token(&c, None, "GET", URL)
        .unwrap()
        .sign(SignatureMethod::RsaSha512, &c, None)
        .unwrap();
    assert_eq!(signed.signature().unwrap().len(), 684);
    let public = c.rsa_key().unwrap().public_key();
    assert!(signed.check_signature_with_public_key(&public).unwrap());
}

#[test]
fn http_requests_sign_with_rsa_consumers() {
    #[cfg(feature = "http")]
    {
        use oauthsig::http::Placement;
        let c = consumer();
        let mut request = ::http::Request::get(URL).body(Vec::<u8>::new()).unwrap();
        oauthsig::http::sign(
            &mut request,
            SignatureMethod::RsaSha1,
            &c,
            None,
            &Placement::Header { realm: None },
        )
        .unwrap();
        let h = request.headers()["authorization"]
            .to_str()
            .unwrap()
            .to_owned();
        let v = Verifier::builder()
            .allow(SignatureMethod::RsaSha1)
            .build()
            .unwrap();
        let incoming = IncomingRequest::new("GET", URL).authorization(&h);
        v.verify(&incoming, &lookup).unwrap();
    }
}

#[test]
fn kinds_never_cross() {
    let all = [SignatureMethod::HmacSha1, SignatureMethod::RsaSha1];
    let v = verifier(&all);
    // An HMAC request for the RSA consumer: and the confusion attack, its
    // public key's PEM used as the HMAC secret.
    let pem = String::from_utf8(key_file("rsa2048.spki.pem")).unwrap();
    for (i, secret) in ["guess", pem.as_str()].into_iter().enumerate() {
        let forger = Consumer::new("jira-consumer", secret);
        let h = header(SignatureMethod::HmacSha1, &forger, None, &format!("f{i}"));
        let err = verify(&v, &h).unwrap_err();
        assert_eq!(
            err,
            VerifyError::CredentialMismatch {
                requested: SignatureMethod::HmacSha1
            }
        );
        assert_eq!(err.http_status(), 401);
        assert!(v.www_authenticate(&err).is_some());
    }
    // An RSA request for a consumer with secrets.
    let rsa_for_hmac = Consumer::rsa(
        "hmac-consumer",
        RsaPrivateKey::parse(&key_file("rsa2048.pkcs8.der")).unwrap(),
    );
    let h = header(SignatureMethod::RsaSha1, &rsa_for_hmac, None, "x1");
    assert_eq!(
        verify(&v, &h),
        Err(VerifyError::CredentialMismatch {
            requested: SignatureMethod::RsaSha1
        })
    );
    // An RSA consumer cannot sign HMAC, nor a secret consumer RSA.
    assert!(
        consumer()
            .signing_key(SignatureMethod::HmacSha1, None)
            .is_err()
    );
    assert!(
        Consumer::new("k", "s")
            .signing_key(SignatureMethod::RsaSha1, None)
            .is_err()
    );
}

#[test]
fn refusals() {
    // RSA only when allowed.
    let hmac_only = verifier(&[SignatureMethod::HmacSha1]);
    let h = header(SignatureMethod::RsaSha1, &consumer(), None, "r1");
    assert_eq!(
        verify(&hmac_only, &h),
        Err(VerifyError::SignatureMethodNotAllowed(
            SignatureMethod::RsaSha1
        ))
    );
    let v = verifier(&[SignatureMethod::RsaSha1, SignatureMethod::RsaSha256]);
    // Unknown consumer (checked against the dummy key) and unknown token.
    let stranger = Consumer::rsa(
        "stranger",
        RsaPrivateKey::parse(&key_file("rsa2048.pkcs1.pem")).unwrap(),
    );
    let h = header(SignatureMethod::RsaSha1, &stranger, None, "r2");
    assert_eq!(verify(&v, &h), Err(VerifyError::UnknownConsumer));
    let h = header(
        SignatureMethod::RsaSha1,
        &consumer(),
        Some(&Token::new("other", "")),
        "r3",
    );
    assert_eq!(verify(&v, &h), Err(VerifyError::UnknownToken));
    // Another key's signature, and a signature cut short.
    let wrong_key = Consumer::rsa(
        "jira-consumer",
        RsaPrivateKey::parse(&key_file("rsa4096.pkcs1.pem")).unwrap(),
    );
    let h = header(SignatureMethod::RsaSha256, &wrong_key, None, "r4");
    assert_eq!(verify(&v, &h), Err(VerifyError::BadSignature));
    let good = header(SignatureMethod::RsaSha256, &consumer(), None, "r5");
    let cut = good.replacen("oauth_signature=\"", "oauth_signature=\"AAAA", 1);
    assert_eq!(verify(&v, &cut), Err(VerifyError::BadSignature));
    // The good one still passes (a failed check burns no nonce).
    assert_eq!(verify(&v, &good), Ok(()));
}

#[test]
fn builds_refuse_nothing_available() {
    assert!(
        Verifier::builder()
            .allow(SignatureMethod::RsaSha512)
            .build()
            .is_ok()
    );
}
