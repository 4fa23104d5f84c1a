//! RSA-SHA1/256/512 and RSA keys as providers hand them out: every format
//! in `tests/keys` (see its README), the refusals with the problem named,
//! and signatures that verify only as signed.

#![cfg(feature = "rsa")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauthsig_core::verify::{self, Credential, Incoming, Policy, Rejection, receive};
use oauthsig_core::{
    Body, Error, HttpRequest, KeyProblem, Placement, Protocol, RsaPrivateKey, RsaPublicKey,
    SignatureMethod, SigningKey, sign,
};

fn key_file(name: &str) -> Vec<u8> {
    let path = format!("{}/../../tests/keys/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn private(name: &str) -> Result<RsaPrivateKey, Error> {
    RsaPrivateKey::parse(&key_file(name))
}

fn public(name: &str) -> Result<RsaPublicKey, Error> {
    RsaPublicKey::parse(&key_file(name))
}

#[test]
fn every_private_format_reads_to_the_same_key() {
    let reference = private("rsa2048.pkcs1.pem").unwrap();
    assert_eq!(reference.bits(), 2048);
    for name in [
        "rsa2048.pkcs1.der",
        "rsa2048.pkcs8.pem",
        "rsa2048.pkcs8.der",
    ] {
        let key = private(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(key.public_key(), reference.public_key(), "{name}");
    }
    let encrypted = key_file("rsa2048.encrypted.pem");
    let key = RsaPrivateKey::parse_encrypted(&encrypted, b"correct-horse").unwrap();
    assert_eq!(key.public_key(), reference.public_key());
    // An unencrypted key reads with a passphrase given too.
    let plain = key_file("rsa2048.pkcs8.pem");
    assert!(RsaPrivateKey::parse_encrypted(&plain, b"unused").is_ok());
}

#[test]
fn every_public_format_reads_to_the_same_key() {
    let reference = private("rsa2048.pkcs1.pem").unwrap().public_key();
    for name in [
        "rsa2048.spki.pem",
        "rsa2048.spki.der",
        "rsa2048.spki.b64",
        "rsa2048.pkcs1-public.pem",
        "rsa2048.cert.pem",
        "rsa2048.cert.der",
    ] {
        let key = public(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(key, reference, "{name}");
        assert_eq!(key.signature_len(), 256, "{name}");
    }
    // Jira's field as pasted: one line, or wrapped with stray spaces.
    let b64 = String::from_utf8(key_file("rsa2048.spki.b64")).unwrap();
    let one_line: String = b64.split_whitespace().collect();
    assert_eq!(RsaPublicKey::parse(one_line.as_bytes()).unwrap(), reference);
    let spaced = format!("  {}  ", b64.replace('\n', " \r\n"));
    assert_eq!(RsaPublicKey::parse(spaced.as_bytes()).unwrap(), reference);
}

#[test]
fn refusals_name_the_problem() {
    let problem = |r: Result<RsaPrivateKey, Error>| match r {
        Err(Error::Key(p)) => p,
        other => panic!("expected a key problem, got {other:?}"),
    };
    let problem_pub = |r: Result<RsaPublicKey, Error>| match r {
        Err(Error::Key(p)) => p,
        other => panic!("expected a key problem, got {other:?}"),
    };
    assert_eq!(
        problem(private("rsa512.pkcs1.pem")),
        KeyProblem::TooSmall { bits: 512 }
    );
    assert_eq!(
        problem_pub(public("rsa512.spki.pem")),
        KeyProblem::TooSmall { bits: 512 }
    );
    assert_eq!(private("rsa1024.pkcs1.pem").unwrap().bits(), 1024);
    assert_eq!(public("rsa1024.spki.pem").unwrap().bits(), 1024);
    assert_eq!(
        problem(private("rsa2048.encrypted.pem")),
        KeyProblem::Encrypted
    );
    assert_eq!(
        problem(RsaPrivateKey::parse_encrypted(
            &key_file("rsa2048.encrypted.pem"),
            b"wrong"
        )),
        KeyProblem::Decryption
    );
    assert_eq!(
        problem(private("rsa2048.legacy-encrypted.pem")),
        KeyProblem::LegacyEncrypted
    );
    assert_eq!(problem(private("ec.pkcs8.pem")), KeyProblem::NotRsa);
    assert_eq!(problem_pub(public("ec.spki.pem")), KeyProblem::NotRsa);
    assert_eq!(
        problem(private("rsa2048.spki.pem")),
        KeyProblem::PublicWherePrivate
    );
    assert_eq!(
        problem_pub(public("rsa2048.pkcs8.pem")),
        KeyProblem::PrivateWherePublic
    );
    assert_eq!(
        problem(RsaPrivateKey::parse(b"not a key")),
        KeyProblem::Base64
    );
    assert_eq!(problem_pub(RsaPublicKey::parse(b"")), KeyProblem::Base64);
}

#[test]
fn key_derivation_cost_is_bounded_before_any_work() {
    // Found by the rsa_keys fuzz target: the cost comes from the file.
    for name in ["hostile.pbkdf2-iterations.der", "hostile.scrypt-memory.der"] {
        assert_eq!(
            RsaPrivateKey::parse_encrypted(&key_file(name), b"pw").unwrap_err(),
            Error::Key(KeyProblem::KdfCost),
            "{name}"
        );
        // Without a passphrase nothing is derived at all.
        assert_eq!(
            RsaPrivateKey::parse(&key_file(name)).unwrap_err(),
            Error::Key(KeyProblem::Encrypted),
            "{name}"
        );
    }
}

#[test]
fn corrupt_pem_is_refused_without_the_key_in_the_message() {
    let pem = String::from_utf8(key_file("rsa2048.pkcs1.pem")).unwrap();
    let body_line = pem.lines().nth(3).unwrap().to_owned();
    // A damaged body character, a truncated document, a wrong label.
    let damaged = pem.replacen(&body_line, &format!("*{}", &body_line[1..]), 1);
    assert_ne!(damaged, pem);
    let truncated: String = pem.lines().take(10).collect::<Vec<_>>().join("\n");
    let relabelled = pem.replace("RSA PRIVATE KEY", "OPENSSH PRIVATE KEY");
    for (what, text) in [
        ("damaged", damaged),
        ("truncated", truncated),
        ("relabelled", relabelled),
    ] {
        let err = RsaPrivateKey::parse(text.as_bytes()).expect_err(what);
        let message = err.to_string();
        assert!(message.starts_with("rsa key: "), "{what}: {message}");
        assert!(
            !message.contains(&body_line[..16]),
            "{what}: key material in {message}"
        );
    }
    // DER cut short.
    let der = key_file("rsa2048.pkcs8.der");
    assert_eq!(
        RsaPrivateKey::parse(&der[..der.len() / 2]).unwrap_err(),
        Error::Key(KeyProblem::Der)
    );
}

#[test]
fn debug_shows_only_the_size() {
    let key = private("rsa2048.pkcs1.pem").unwrap();
    assert_eq!(format!("{key:?}"), "RsaPrivateKey { bits: 2048, .. }");
    let signing = SigningKey::rsa(SignatureMethod::RsaSha1, &key).unwrap();
    assert_eq!(
        format!("{signing:?}"),
        "SigningKey { method: RsaSha1, secret: <hidden> }"
    );
}

#[test]
fn key_kind_follows_the_method() {
    let key = private("rsa2048.pkcs1.pem").unwrap();
    for m in SignatureMethod::SHARED_SECRET {
        assert_eq!(
            SigningKey::rsa(m, &key).unwrap_err(),
            Error::WrongKeyKind(m)
        );
    }
    for m in SignatureMethod::RSA {
        assert_eq!(
            SigningKey::new(m, "cs", "ts").unwrap_err(),
            Error::WrongKeyKind(m)
        );
        assert_eq!(SigningKey::rsa(m, &key).unwrap().method(), m);
    }
}

const URL: &str = "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b";

fn signed_header(key: &SigningKey) -> String {
    let request = HttpRequest::new("POST", URL).body(Body::Form("c2&a3=2+q"));
    let protocol = Protocol::new("9djdj82h48djs9d2")
        .token("kkk9d7dh3k39sjv7")
        .timestamp("137131201")
        .nonce("7d8f3e4a");
    let signed = sign::sign(&request, &protocol, key).unwrap();
    signed
        .output(Placement::Header { realm: None })
        .unwrap()
        .to_string()
}

fn incoming(header: &str) -> Incoming<'_> {
    Incoming::new("POST", URL)
        .authorization(header)
        .content_type("application/x-www-form-urlencoded")
        .body(b"c2&a3=2+q")
}

#[test]
fn each_method_signs_and_verifies_with_the_public_key_only() {
    let key = private("rsa2048.pkcs8.pem").unwrap();
    let public = public("rsa2048.cert.pem").unwrap();
    for m in SignatureMethod::RSA {
        let signing = SigningKey::rsa(m, &key).unwrap();
        let header = signed_header(&signing);
        assert!(header.contains(&format!("oauth_signature_method=\"{m}\"")));
        let methods = [m];
        let policy = Policy::new(&methods);
        verify::verify(&incoming(&header), &policy, &public, 137_131_201).unwrap();
        // The private key checks with its public half too.
        verify::verify(&incoming(&header), &policy, &signing, 137_131_201).unwrap();
        // PKCS#1 v1.5 is deterministic: the same request signs the same.
        assert_eq!(signed_header(&signing), header, "{m}");
    }
}

/// Replaces the `oauth_signature` value of a header.
fn with_signature(header: &str, signature: &str) -> String {
    let start = header.find("oauth_signature=\"").unwrap() + "oauth_signature=\"".len();
    let end = start + header[start..].find('"').unwrap();
    format!("{}{signature}{}", &header[..start], &header[end..])
}

fn presented(header: &str) -> Vec<u8> {
    use base64::Engine as _;
    let start = header.find("oauth_signature=\"").unwrap() + "oauth_signature=\"".len();
    let end = start + header[start..].find('"').unwrap();
    let text = header[start..end]
        .replace("%2B", "+")
        .replace("%2F", "/")
        .replace("%3D", "=");
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap()
}

fn encoded(octets: &[u8]) -> String {
    use base64::Engine as _;
    let text = base64::engine::general_purpose::STANDARD.encode(octets);
    text.replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D")
}

#[test]
fn a_flipped_bit_or_a_wrong_length_is_a_bad_signature() {
    let key = private("rsa2048.pkcs1.pem").unwrap();
    let public = key.public_key();
    let signing = SigningKey::rsa(SignatureMethod::RsaSha256, &key).unwrap();
    let header = signed_header(&signing);
    let octets = presented(&header);
    assert_eq!(octets.len(), 256);
    let check = |header: &str| {
        let incoming = incoming(header);
        let mut r = receive(&incoming).unwrap();
        r.check_signature(&public)
    };
    assert_eq!(check(&header), Ok(()));
    for bit in [0, 7, 1000, 2047] {
        let mut flipped = octets.clone();
        flipped[bit / 8] ^= 1 << (bit % 8);
        assert_eq!(
            check(&with_signature(&header, &encoded(&flipped))),
            Err(Rejection::BadSignature)
        );
    }
    // One octet short, one long, a leading zero added, empty, not base64.
    let mut longer = vec![0u8];
    longer.extend_from_slice(&octets);
    for wrong in [
        encoded(&octets[1..]),
        encoded(&longer),
        encoded(&[octets.as_slice(), &[0]].concat()),
        String::new(),
        "not*base64".to_owned(),
    ] {
        assert_eq!(
            check(&with_signature(&header, &wrong)),
            Err(Rejection::BadSignature)
        );
    }
    // Another key's signature of the same request.
    let other = private("rsa4096.pkcs1.pem").unwrap();
    let other_header = signed_header(&SigningKey::rsa(SignatureMethod::RsaSha256, &other).unwrap());
    assert_eq!(check(&other_header), Err(Rejection::BadSignature));
}

#[test]
fn method_and_credential_must_be_of_one_kind() {
    let key = private("rsa2048.pkcs1.pem").unwrap();
    let public = key.public_key();
    // An RSA request checked with secrets.
    let rsa_header = signed_header(&SigningKey::rsa(SignatureMethod::RsaSha1, &key).unwrap());
    let secrets = SigningKey::new(SignatureMethod::HmacSha1, "cs", "ts").unwrap();
    let incoming_rsa = incoming(&rsa_header);
    let mut r = receive(&incoming_rsa).unwrap();
    assert_eq!(
        r.check_signature(&secrets),
        Err(Rejection::CredentialMismatch {
            requested: SignatureMethod::RsaSha1
        })
    );
    // An HMAC request checked with a public key: and the classic confusion,
    // the public key's own PEM used as the HMAC secret, gets no further.
    let pem = String::from_utf8(key_file("rsa2048.spki.pem")).unwrap();
    for secret in ["cs", pem.as_str()] {
        let hmac = SigningKey::new(SignatureMethod::HmacSha1, secret, "").unwrap();
        let header = signed_header(&hmac);
        let incoming_hmac = incoming(&header);
        let mut r = receive(&incoming_hmac).unwrap();
        assert_eq!(
            r.check_signature(Credential::from(&public)),
            Err(Rejection::CredentialMismatch {
                requested: SignatureMethod::HmacSha1
            })
        );
        assert_eq!(
            r.check_signature(Credential::from(&public))
                .unwrap_err()
                .http_status(),
            401
        );
    }
    // A private key prepared for another RSA method is the server's fault.
    let sha256 = SigningKey::rsa(SignatureMethod::RsaSha256, &key).unwrap();
    let mut r = receive(&incoming_rsa).unwrap();
    assert_eq!(
        r.check_signature(&sha256),
        Err(Rejection::KeyMethodMismatch {
            requested: SignatureMethod::RsaSha1,
            prepared: SignatureMethod::RsaSha256
        })
    );
}

#[test]
fn rsa_sha256_takes_a_sha256_body_hash() {
    use oauthsig_core::body::{BodyHashMatch, body_hash_accepted};
    use oauthsig_core::{BodyHash, Text};
    let body = b"{\"amount\": 1}";
    let sha256 = BodyHash::sha256(body);
    let text = Text::raw(sha256.as_str());
    assert_eq!(
        body_hash_accepted(&text, body, SignatureMethod::RsaSha256),
        Some(BodyHashMatch::Sha256)
    );
    assert_eq!(
        body_hash_accepted(&text, body, SignatureMethod::RsaSha1),
        None
    );
}
