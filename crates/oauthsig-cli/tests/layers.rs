//! Every layer held to one answer: a seeded cross-layer differential.
//!
//! 2000 generated requests (every HTTP method spelling, form, opaque and
//! absent bodies, all seven signature methods — HMAC-SHA1, HMAC-SHA256,
//! HMAC-SHA512, PLAINTEXT, and RSA-SHA1, RSA-SHA256 and RSA-SHA512 in one
//! case of ten — realms, the three placements of RFC 5849 §3.5, non-ASCII
//! text and octets that are not UTF-8) are signed by the core one-call
//! engine, the std `Request`, the C one-shot, the C request handles and the
//! `oauthsig sign` command: all five must write the same bytes (RSA's
//! PKCS#1 v1.5 signatures are deterministic too, with the key pair of
//! `tests/keys`). Each output is then verified by the std `Verifier` (its
//! lookup answering the public key for an RSA method, the secrets
//! otherwise) and by `oauthsig verify` (`--public-key` for RSA): both must
//! accept it, and both must reject it with one byte of a signed part, or
//! of the signature, changed.
//!
//! The seed is fixed so a failure reproduces; `OAUTHSIG_LAYERS_SEED` and
//! `OAUTHSIG_LAYERS_CASES` override it and the count.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "layers/c_abi.rs"]
mod c_abi;
#[path = "layers/cases.rs"]
mod cases;
mod common;

use cases::{BodyKind, Case, Place, Rng, Sent};
use oauthsig::oauthsig_core::{self as core, Param};
use oauthsig::verifier::{
    CredentialQuery, Credentials, IncomingRequest, LookupError, NonceCharset, Verifier,
};
use oauthsig::{Consumer, Request, RsaPrivateKey, RsaPublicKey, SignatureMethod, Token};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The RSA key pair of `tests/keys`, in the form each layer takes it.
struct Keys {
    /// The private key, for core and std.
    private: RsaPrivateKey,
    /// The private key as the C ABI reads it: one handle, as a C program
    /// keeps it.
    c: c_abi::PrivateKey,
    /// The public key, for the std `Verifier`'s lookup.
    public: Arc<RsaPublicKey>,
    /// The private key file, readable by its owner only, for `sign`.
    private_file: PathBuf,
    /// The public key file (SPKI), for `verify`.
    public_file: PathBuf,
}

impl Keys {
    fn new(dir: &Path) -> Self {
        let name = "rsa2048.pkcs8.pem";
        let pem = std::fs::read(common::test_key(name)).unwrap();
        let public_file = common::test_key("rsa2048.spki.pem");
        let public = RsaPublicKey::parse(&std::fs::read(&public_file).unwrap()).unwrap();
        Keys {
            private: RsaPrivateKey::parse(&pem).unwrap(),
            c: c_abi::PrivateKey::new(&pem),
            public: Arc::new(public),
            private_file: common::private_key(dir, name),
            public_file,
        }
    }
}

/// What every layer wrote for one case.
struct Written {
    layer: &'static str,
    text: String,
}

fn core_one_call(case: &Case, keys: &Keys) -> String {
    let key = if case.method.is_rsa() {
        core::SigningKey::rsa(case.method, &keys.private)
    } else {
        core::SigningKey::new(case.method, &case.consumer_secret, case.token_secret())
    }
    .unwrap();
    // Every layer opts in to PLAINTEXT over http alike (§3.4.4 wants TLS;
    // the cases draw http URLs too): this test is about the bytes.
    let request = core::HttpRequest::new(&case.http_method, &case.url)
        .body(case.core_body())
        .allow_plaintext_over_http();
    let extras: Vec<Param<'_>> = Vec::new();
    let mut protocol = core::Protocol::new(&case.consumer_key)
        .timestamp(&case.timestamp)
        .nonce(&case.nonce)
        .version(case.version)
        .extra(&extras);
    if let Some((t, _)) = &case.token {
        protocol = protocol.token(t);
    }
    let mut buf = vec![0u8; 16 * 1024];
    core::sign::sign_to_slice(&request, &protocol, &key, case.placement(), &mut buf)
        .unwrap_or_else(|e| panic!("core one-call: {e}\n{case:?}"))
        .to_owned()
}

fn std_request(case: &Case, keys: &Keys) -> String {
    let mut request = Request::new(&case.http_method, &case.url)
        .unwrap()
        .allow_plaintext_over_http();
    request = match &case.body {
        BodyKind::None => request,
        BodyKind::Form(text) => request.form_body(text).unwrap(),
        BodyKind::Opaque(bytes, ct) => request.body(bytes.clone(), ct),
    };
    request = request.nonce(&case.nonce).timestamp(&case.timestamp);
    if case.version {
        request = request.param("oauth_version", "1.0");
    }
    let consumer = if case.method.is_rsa() {
        Consumer::rsa(&case.consumer_key, keys.private.clone())
    } else {
        Consumer::new(&case.consumer_key, &case.consumer_secret)
    };
    let token = case.token.as_ref().map(|(t, s)| Token::new(t, s));
    let signed = request
        .sign(case.method, &consumer, token.as_ref())
        .unwrap_or_else(|e| panic!("std sign: {e}\n{case:?}"));
    match case.place {
        Place::Header => signed.to_header(case.realm.as_deref()).unwrap(),
        Place::Query => signed.to_url(),
        Place::Form => signed.to_postdata(),
    }
}

fn cli_sign(case: &Case, keys: &Keys, dir: &Path) -> String {
    let mut cmd = common::oauthsig();
    cmd.arg("sign")
        .args(case.cli_credentials("--private-key", &keys.private_file))
        .args([
            format!("--signature-method={}", case.method.as_str()),
            format!("--nonce={}", case.nonce),
            format!("--timestamp={}", case.timestamp),
            "--allow-plaintext-over-http".to_owned(),
        ]);
    if !case.version {
        cmd.arg("--no-version");
    }
    match case.place {
        Place::Header => {
            if let Some(realm) = &case.realm {
                cmd.arg(format!("--realm={realm}"));
            }
        }
        Place::Query => {
            cmd.arg("--url");
        }
        Place::Form => {
            cmd.arg("--postdata");
        }
    }
    cmd.args(case.cli_body(dir))
        .arg("--")
        .args([&case.http_method, &case.url]);
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "oauthsig sign failed: {}\n{case:?}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = String::from_utf8(out.stdout).unwrap();
    let line = line.strip_suffix('\n').unwrap_or(&line);
    line.strip_prefix("Authorization: ")
        .unwrap_or(line)
        .to_owned()
}

/// The Verifier's lookup: the consumer's public key for a request signed
/// with an RSA method, its secrets otherwise, as a server holding both
/// would answer (by the method the request names).
struct Lookup<'c>(&'c Case, &'c Keys);

impl oauthsig::verifier::CredentialLookup for Lookup<'_> {
    fn credentials(&self, q: &CredentialQuery<'_>) -> Result<Credentials<'_>, LookupError> {
        let Lookup(case, keys) = self;
        if q.consumer_key() != case.consumer_key {
            return Err(LookupError::UnknownConsumer);
        }
        let token_secret = match (&case.token, q.token()) {
            (Some((t, s)), Some(given)) if given == t => s.as_str(),
            (None, None) => "",
            _ => return Err(LookupError::UnknownToken),
        };
        Ok(if q.signature_method().is_rsa() {
            Credentials::from(Arc::clone(&keys.public))
        } else {
            Credentials::secrets(&case.consumer_secret, token_secret)
        })
    }
}

/// The std `Verifier`'s answer for `sent`.
fn verifier_accepts(verifier: &Verifier, case: &Case, keys: &Keys, sent: &Sent) -> bool {
    let (url, header, body, ct) = case.received(sent);
    let mut incoming = IncomingRequest::new(&sent.method, url).body(body);
    if let Some(h) = header {
        incoming = incoming.authorization(h);
    }
    if let Some(ct) = ct {
        incoming = incoming.content_type(ct);
    }
    verifier.verify(&incoming, &Lookup(case, keys)).is_ok()
}

/// `oauthsig verify`'s answer for `sent`: valid, invalid, or an input it
/// refuses to read (exit status 2, e.g. a malformed header), with its
/// message.
fn cli_verdict(case: &Case, keys: &Keys, sent: &Sent, dir: &Path) -> Result<bool, String> {
    let (url, header, body, ct) = case.received(sent);
    let mut cmd = common::oauthsig();
    cmd.arg("verify")
        .arg(format!("--url={url}"))
        .arg(format!("-X{}", sent.method))
        .args(case.cli_credentials("--public-key", &keys.public_file));
    if let Some(h) = header {
        cmd.arg(format!("--authorization={h}"));
    }
    if !body.is_empty() || ct.is_some() {
        let file = dir.join("received-body");
        std::fs::write(&file, body).unwrap();
        cmd.arg("--body").arg(&file);
        cmd.arg(format!(
            "--content-type={}",
            ct.unwrap_or("application/octet-stream")
        ));
    }
    let out = cmd.output().unwrap();
    match out.status.code() {
        Some(0) => Ok(true),
        Some(1) => Ok(false),
        _ => Err(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )),
    }
}

fn verifier(clock: Arc<AtomicU64>) -> Verifier {
    let mut builder = Verifier::builder()
        .allow_plaintext_over_http()
        .nonce_charset(NonceCharset::Unreserved)
        .clock(move || clock.load(Ordering::Relaxed));
    for m in SignatureMethod::ALL
        .into_iter()
        .filter(|m| m.is_available())
    {
        builder = builder.allow(m);
    }
    builder.build().unwrap()
}

#[test]
fn every_layer_writes_and_verifies_the_same_request() {
    let seed = std::env::var("OAUTHSIG_LAYERS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_0a07_5160_0001_u64);
    let count = std::env::var("OAUTHSIG_LAYERS_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(AtomicU64::new(0));
    let verifier = verifier(Arc::clone(&clock));
    let keys = Keys::new(dir.path());
    let mut rng = Rng::new(seed);
    let mut tally = [0usize; 3];
    let mut methods = SignatureMethod::ALL.map(|m| (m, 0usize));
    for i in 0..count {
        let case = Case::generate(&mut rng, i);
        let written = [
            Written {
                layer: "core one-call",
                text: core_one_call(&case, &keys),
            },
            Written {
                layer: "std Request",
                text: std_request(&case, &keys),
            },
            Written {
                layer: "C one-shot",
                text: c_abi::one_shot(&case, &keys.c),
            },
            Written {
                layer: "C handles",
                text: c_abi::handles(&case, &keys.c),
            },
            Written {
                layer: "oauthsig sign",
                text: cli_sign(&case, &keys, dir.path()),
            },
        ];
        for w in &written[1..] {
            assert_eq!(
                w.text, written[0].text,
                "case {i} (seed {seed:#x}): {} differs from core one-call\n{case:?}",
                w.layer
            );
        }
        let sent = case.sent(&written[0].text);
        clock.store(case.timestamp.parse().unwrap(), Ordering::Relaxed);
        let (forged, what) = case.forge(&sent.text, &mut rng);
        // The forgery first: its nonce is not recorded, so the genuine
        // request after it is not a replay.
        assert!(
            !verifier_accepts(&verifier, &case, &keys, &forged),
            "case {i}: the Verifier accepted a forgery ({what}): {} {} {}\n{case:?}",
            forged.method,
            forged.url,
            forged.text
        );
        assert!(
            cli_verdict(&case, &keys, &forged, dir.path()) != Ok(true),
            "case {i}: oauthsig verify accepted a forgery ({what}): {} {} {}\n{case:?}",
            forged.method,
            forged.url,
            forged.text
        );
        assert!(
            verifier_accepts(&verifier, &case, &keys, &sent),
            "case {i}: the Verifier refused: {}\n{case:?}",
            sent.text
        );
        assert_eq!(
            cli_verdict(&case, &keys, &sent, dir.path()),
            Ok(true),
            "case {i}: oauthsig verify refused: {}\n{case:?}",
            sent.text
        );
        tally[case.place as usize] += 1;
        for (m, n) in &mut methods {
            *n += usize::from(*m == case.method);
        }
    }
    if count >= 1000 {
        // So a change to the draw cannot leave a method out unnoticed.
        assert!(
            methods.iter().all(|&(_, n)| n > 0),
            "a signature method was never drawn: {methods:?}"
        );
    }
    let methods: Vec<String> = methods.iter().map(|(m, n)| format!("{m} {n}")).collect();
    eprintln!(
        "{count} requests (seed {seed:#x}): header {}, query {}, form {}; {}; five layers agreed, two verifiers agreed",
        tally[0],
        tally[1],
        tally[2],
        methods.join(", ")
    );
}
