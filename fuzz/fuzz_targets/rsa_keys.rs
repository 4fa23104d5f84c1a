//! The RSA key loaders (oauthsig-core feature `rsa`): bytes →
//! `RsaPrivateKey::parse`, `RsaPrivateKey::parse_encrypted(bytes, b"pw")`
//! and `RsaPublicKey::parse`. Checks:
//!
//! * none panics, whatever the bytes (PEM, DER, base64 or neither);
//! * a key read has a 1024- to 8192-bit modulus, its public half the same
//!   size, and a public key's signature length is its modulus in octets;
//! * every refusal is `Error::Key`, whose text starts with `rsa key: `;
//! * `parse_encrypted` reads an unencrypted key exactly as `parse` does
//!   (the same key, or the same error): the passphrase only matters once
//!   `parse` has said the key is encrypted.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oauthsig_core::{Error, KeyProblem, RsaPrivateKey, RsaPublicKey};

const BITS: core::ops::RangeInclusive<usize> = 1024..=8192;

/// A refusal must name a key problem, and say so.
fn check_error(e: &Error) {
    assert!(matches!(e, Error::Key(_)), "not a key error: {e:?}");
    let text = e.to_string();
    assert!(text.starts_with("rsa key: "), "{e:?} displays as {text:?}");
}

fn check_private(result: &Result<RsaPrivateKey, Error>) {
    match result {
        Ok(key) => {
            assert!(BITS.contains(&key.bits()), "{} bits accepted", key.bits());
            assert_eq!(key.public_key().bits(), key.bits());
        }
        Err(e) => check_error(e),
    }
}

fuzz_target!(|data: &[u8]| {
    let plain = RsaPrivateKey::parse(data);
    check_private(&plain);
    let encrypted = RsaPrivateKey::parse_encrypted(data, b"pw");
    check_private(&encrypted);
    match (&plain, &encrypted) {
        (Ok(a), Ok(b)) => assert!(a.public_key() == b.public_key()),
        // Only an encrypted key may read differently with a passphrase.
        (Err(Error::Key(KeyProblem::Encrypted)), _) => {}
        (a, b) => assert_eq!(
            a.as_ref().err(),
            b.as_ref().err(),
            "parse and parse_encrypted disagree"
        ),
    }

    match RsaPublicKey::parse(data) {
        Ok(key) => {
            assert!(BITS.contains(&key.bits()), "{} bits accepted", key.bits());
            assert_eq!(key.signature_len(), key.bits().div_ceil(8));
        }
        Err(e) => check_error(&e),
    }
});
