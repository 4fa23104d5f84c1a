//! RSA-SHA1 and RSA-SHA256 signing and verifying cost with a 2048-bit key
//! on the RFC 5849 §3.4.1.1 request, as ratios measured in one run
//! (absolute numbers on shared machines are noise; ratios are not).
//!
//! `cargo bench -p oauthsig-core --features rsa --bench rsa`
//!
//! Paths, for each of RSA-SHA1 and RSA-SHA256:
//! - floor sign: the `rsa` crate (`pkcs1v15::SigningKey`, `Signer::sign`)
//!   over the already-built base string, plus base64 into a buffer — the
//!   least any RSA signer can do;
//! - core one-call header: `sign::sign_to_slice` from borrowed URL, body
//!   and protocol values with a prepared `SigningKey::rsa`, ending where
//!   the user's call ends: the whole `Authorization` header in a buffer
//!   (as `benches/sign.rs`'s one-call header row);
//! - floor verify: the `rsa` crate (`pkcs1v15::VerifyingKey`,
//!   `Verifier::verify`) on the already-built base string and the base64
//!   signature text, decoded;
//! - core verify: the server's side of the header row, ending where its
//!   call ends: `verify::receive` of the request carrying that header,
//!   `check` under a policy, `check_signature` with the `RsaPublicKey`
//!   (as `benches/sign.rs`'s core verify row).
//!
//! Target (the issue's): each core row ≤ 1.05 × its floor. Both sides blind
//! the private-key operation with the OS RNG (the `rsa` dev-dependency's
//! default `getrandom`, which feature unification gives core's signer too).
//!
//! Signing (~1–2 ms a call) and verifying (~50 µs) are measured in two
//! groups, each round-robin between floor and core: `BENCH_ITERS` (default
//! 40) is the signing calls per round, verifying makes 25 times as many;
//! `BENCH_ROUNDS` as in every bench; `BENCH_ONLY=N` keeps row `N` of the
//! eight (0–3 signing, 4–7 verifying). Each path also reports heap
//! allocations per call (counting allocator).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use oauthsig_bench_support::rfc_example::{BASE, BODY, CK, NONCE, TIMESTAMP, TK, URL, opaque};
use oauthsig_bench_support::{Config, Measured, Path};
use oauthsig_core::verify::{self, Incoming, Policy};
use oauthsig_core::{
    Body, HttpRequest, Placement, Protocol, RsaPrivateKey, RsaPublicKey, SignatureMethod,
    SigningKey, body::FORM_CONTENT_TYPE, sign,
};
use rsa::pkcs1::DecodeRsaPrivateKey as _;
use rsa::pkcs1v15;
use rsa::signature::{Signer as _, Verifier as _};
use std::hint::black_box;

#[global_allocator]
static A: oauthsig_bench_support::Counting = oauthsig_bench_support::Counting;

/// The 2048-bit test key (tests/keys/README.md).
const KEY_PEM: &str = include_str!("../../../tests/keys/rsa2048.pkcs1.pem");

/// A 2048-bit signature in base64: 256 octets.
const SIG_B64: usize = 344;

/// Room for the header: its HMAC part plus the signature, percent-encoded.
const HEADER_ROOM: usize = 2048;

/// The Unix time the requests are checked at: their own timestamp.
const NOW: u64 = 137_131_201;

fn protocol() -> Protocol<'static> {
    Protocol::new(CK)
        .token(TK)
        .timestamp(TIMESTAMP)
        .nonce(NONCE)
}

/// The request from borrowed parts, hidden from the optimizer.
fn request() -> HttpRequest<'static> {
    HttpRequest::new("POST", opaque(&URL)).body(Body::Form(opaque(&BODY)))
}

/// The one call, ending where the user's ends: the header in a buffer.
fn ours_header<'b>(key: &SigningKey, buf: &'b mut [u8; HEADER_ROOM]) -> &'b str {
    let realm = Placement::Header {
        realm: Some("Example"),
    };
    sign::sign_to_slice(&request(), &protocol(), key, realm, buf).unwrap()
}

/// The server's side: the request carrying `header` received, checked
/// and its signature verified with the public key.
fn core_verify(incoming: &Incoming<'_>, policy: &Policy<'_>, key: &RsaPublicKey) {
    let mut received = verify::receive(incoming).unwrap();
    let checked = received.check(policy, NOW).unwrap();
    received.check_signature(key).unwrap();
    black_box(checked);
}

/// The floor's signer: the `rsa` crate over the prebuilt base string,
/// plus base64 into a buffer.
fn floor_sign<D>(key: &pkcs1v15::SigningKey<D>, base: &str, out: &mut [u8; SIG_B64])
where
    D: sha2::Digest,
    pkcs1v15::SigningKey<D>: rsa::signature::Signer<pkcs1v15::Signature>,
{
    let sig = Box::<[u8]>::from(key.sign(base.as_bytes()));
    let n = STANDARD.encode_slice(&sig, out).unwrap();
    assert_eq!(n, SIG_B64);
}

/// The floor's verifier: the base64 signature decoded and checked over the
/// prebuilt base string.
fn floor_verify<D>(key: &pkcs1v15::VerifyingKey<D>, base: &str, signature: &str)
where
    D: sha2::Digest,
    pkcs1v15::VerifyingKey<D>: rsa::signature::Verifier<pkcs1v15::Signature>,
{
    let mut octets = [0u8; 256];
    let n = STANDARD.decode_slice(signature, &mut octets).unwrap();
    let sig = pkcs1v15::Signature::try_from(&octets[..n]).unwrap();
    key.verify(base.as_bytes(), &sig).unwrap();
}

fn signature_of(header: &str) -> &str {
    let start = header.find("oauth_signature=\"").unwrap() + 17;
    let end = start + header[start..].find('"').unwrap();
    &header[start..end]
}

/// One method's fixtures: the prepared keys of both sides, the prebuilt
/// base string, and the header and signature text core writes.
struct Method {
    ours: SigningKey,
    base: String,
    header: String,
    signature: String,
}

impl Method {
    /// Prepares `method`'s keys and checks, before any timing, that core's
    /// header carries exactly the floor's signature of the prebuilt base
    /// string (PKCS#1 v1.5 is deterministic), and that both verifiers
    /// accept it.
    fn new<D>(
        method: SignatureMethod,
        private: &RsaPrivateKey,
        public: &RsaPublicKey,
        floor: &pkcs1v15::SigningKey<D>,
        floor_public: &pkcs1v15::VerifyingKey<D>,
    ) -> Self
    where
        D: sha2::Digest,
        pkcs1v15::SigningKey<D>: rsa::signature::Signer<pkcs1v15::Signature>,
        pkcs1v15::VerifyingKey<D>: rsa::signature::Verifier<pkcs1v15::Signature>,
    {
        let ours = SigningKey::rsa(method, private).unwrap();
        // The §3.4.1.1 base string names the method it is signed with.
        let base = BASE.replace(
            "oauth_signature_method%3DHMAC-SHA1",
            &format!("oauth_signature_method%3D{}", method.as_str()),
        );
        let mut out = [0u8; SIG_B64];
        floor_sign(floor, &base, &mut out);
        let expected = std::str::from_utf8(&out).unwrap().to_owned();
        assert_eq!(ours.sign_text(base.as_bytes()).unwrap().as_str(), expected);

        let mut buf = [0u8; HEADER_ROOM];
        let header = ours_header(&ours, &mut buf).to_owned();
        let encoded = oauthsig_core::encode::encode(&expected).to_string();
        assert_eq!(
            signature_of(&header),
            encoded,
            "{method:?}: core signs another base string"
        );

        floor_verify(floor_public, &base, &expected);
        let methods = [method];
        core_verify(&request_with(&header), &Policy::new(&methods), public);
        Method {
            ours,
            base,
            header,
            signature: expected,
        }
    }
}

/// The request as the server receives it, carrying `header`.
fn request_with(header: &str) -> Incoming<'_> {
    Incoming::new("POST", URL)
        .authorization(header)
        .content_type(FORM_CONTENT_TYPE)
        .body(BODY.as_bytes())
}

// The rows, in the order they are measured and printed.
const FLOOR_SIGN_SHA1: usize = 0;
const CORE_SIGN_SHA1: usize = 1;
const FLOOR_SIGN_SHA256: usize = 2;
const CORE_SIGN_SHA256: usize = 3;
const FLOOR_VERIFY_SHA1: usize = 4;
const CORE_VERIFY_SHA1: usize = 5;
const FLOOR_VERIFY_SHA256: usize = 6;
const CORE_VERIFY_SHA256: usize = 7;
const ROWS: usize = 8;
const SIGN_ROWS: usize = 4;

/// Signing calls per path per round, unless `BENCH_ITERS` says otherwise.
const SIGN_ITERS: usize = 40;
/// Verifying calls per signing call: verifying is ~30× cheaper.
const VERIFY_PER_SIGN: usize = 25;

fn main() {
    let private = RsaPrivateKey::from_pem(KEY_PEM).unwrap();
    assert_eq!(private.bits(), 2048);
    let public = private.public_key();
    // The floor reads the key with the `rsa` crate itself.
    let floor_key = rsa::PrivateKey::from_pkcs1_pem(KEY_PEM).unwrap();
    let floor1 = pkcs1v15::SigningKey::<sha1::Sha1>::new(floor_key.clone());
    let floor256 = pkcs1v15::SigningKey::<sha2::Sha256>::new(floor_key.clone());
    let floor_public = floor_key.to_public_key();
    let floor_verify1 = pkcs1v15::VerifyingKey::<sha1::Sha1>::new(floor_public.clone());
    let floor_verify256 = pkcs1v15::VerifyingKey::<sha2::Sha256>::new(floor_public);

    let sha1 = Method::new(
        SignatureMethod::RsaSha1,
        &private,
        &public,
        &floor1,
        &floor_verify1,
    );
    let sha256 = Method::new(
        SignatureMethod::RsaSha256,
        &private,
        &public,
        &floor256,
        &floor_verify256,
    );
    let (rsa_sha1, rsa_sha256) = ([SignatureMethod::RsaSha1], [SignatureMethod::RsaSha256]);
    let (policy1, policy256) = (Policy::new(&rsa_sha1), Policy::new(&rsa_sha256));
    let (incoming1, incoming256) = (request_with(&sha1.header), request_with(&sha256.header));

    let sign_paths = vec![
        Path::new("floor: rsa crate RSA-SHA1 + base64, prebuilt base", || {
            let mut o = [0u8; SIG_B64];
            floor_sign(&floor1, black_box(&sha1.base), &mut o);
            black_box(o);
        }),
        Path::new("core one-call header, RSA-SHA1, prepared key", || {
            let mut buf = [0u8; HEADER_ROOM];
            black_box(ours_header(&sha1.ours, &mut buf).len());
            black_box(&buf);
        }),
        Path::new(
            "floor: rsa crate RSA-SHA256 + base64, prebuilt base",
            || {
                let mut o = [0u8; SIG_B64];
                floor_sign(&floor256, black_box(&sha256.base), &mut o);
                black_box(o);
            },
        ),
        Path::new("core one-call header, RSA-SHA256, prepared key", || {
            let mut buf = [0u8; HEADER_ROOM];
            black_box(ours_header(&sha256.ours, &mut buf).len());
            black_box(&buf);
        }),
    ];
    let verify_paths = vec![
        Path::new("floor: rsa crate verify RSA-SHA1, prebuilt base", || {
            floor_verify(&floor_verify1, black_box(&sha1.base), &sha1.signature);
        }),
        Path::new("core verify RSA-SHA1: receive, check, check_sig", || {
            core_verify(black_box(&incoming1), &policy1, &public);
        }),
        Path::new("floor: rsa crate verify RSA-SHA256, prebuilt base", || {
            floor_verify(&floor_verify256, black_box(&sha256.base), &sha256.signature);
        }),
        Path::new("core verify RSA-SHA256: receive, check, check_sig", || {
            core_verify(black_box(&incoming256), &policy256, &public);
        }),
    ];

    let config = Config::from_env(SIGN_ITERS);
    let verify_config = Config {
        iters: config.iters * VERIFY_PER_SIGN,
        ..config
    };
    // BENCH_ONLY counts across both groups.
    let measured = match config.only {
        Some(n) if n < SIGN_ROWS => config.measure(sign_paths),
        Some(n) => Config {
            only: Some(n - SIGN_ROWS),
            ..verify_config
        }
        .measure(verify_paths),
        None => {
            let mut m = config.measure(sign_paths);
            m.extend(verify_config.measure(verify_paths));
            m
        }
    };
    print_table(&measured);
    // With BENCH_ONLY there is one path and nothing to compare.
    if measured.len() == ROWS {
        print_ratios(&measured);
    }
}

/// The table, each row's time as a ratio to its own floor (the row before
/// it) rather than to the first row: signing and verifying differ ~30×.
fn print_table(measured: &[Measured]) {
    println!(
        "{:<56} {:>10} {:>8} {:>10} {:>8} {:>7}",
        "path", "ns/op", "x floor", "min", "x floor", "allocs"
    );
    for (i, m) in measured.iter().enumerate() {
        let floor = if measured.len() == ROWS {
            &measured[i & !1]
        } else {
            m
        };
        println!(
            "{:<56} {:>10.0} {:>8.3} {:>10.0} {:>8.3} {:>7.1}",
            m.name,
            m.ns,
            m.ns / floor.ns,
            m.min_ns,
            m.min_ns / floor.min_ns,
            m.allocs
        );
    }
}

fn print_ratios(measured: &[Measured]) {
    let ratio = |a: usize, b: usize| {
        (
            measured[a].ns / measured[b].ns,
            measured[a].min_ns / measured[b].min_ns,
        )
    };
    println!();
    println!("{:<50} {:>8} {:>8}", "", "median", "min");
    for (label, (med, min)) in [
        (
            "core sign RSA-SHA1 / floor",
            ratio(CORE_SIGN_SHA1, FLOOR_SIGN_SHA1),
        ),
        (
            "core sign RSA-SHA256 / floor",
            ratio(CORE_SIGN_SHA256, FLOOR_SIGN_SHA256),
        ),
        (
            "core verify RSA-SHA1 / floor",
            ratio(CORE_VERIFY_SHA1, FLOOR_VERIFY_SHA1),
        ),
        (
            "core verify RSA-SHA256 / floor",
            ratio(CORE_VERIFY_SHA256, FLOOR_VERIFY_SHA256),
        ),
    ] {
        println!("{label:<50} {med:>7.3}x {min:>7.3}x  (target <= 1.05)");
    }
}
