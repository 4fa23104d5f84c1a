//! RSA-SHA1 (RFC 5849 §3.4.3) and its SHA-256 / SHA-512 variants:
//! RSASSA-PKCS1-v1_5 (RFC 8017 §8.2) over the digest of the base string,
//! which is streamed into the hash and never built.

use super::SignatureMethod;
use crate::base_string::BaseString;
use crate::rsa_key::{RsaPrivateKey, RsaPublicKey};
use crate::sink::{Render, Sink};
use crate::text::Text;
use alloc::boxed::Box;
use alloc::vec::Vec;
use rsa::pkcs1v15::{Pkcs1v15Sign, SigningKey};
use rsa::signature::hazmat::PrehashSigner as _;
use sha2::Digest;

/// The digest a method signs, streamed from the crate's writers.
enum Hash {
    Sha1(sha1::Sha1),
    Sha256(sha2::Sha256),
    Sha512(sha2::Sha512),
}

impl Hash {
    /// `None` for the methods that are not RSA.
    fn of(method: SignatureMethod) -> Option<Self> {
        Some(match method {
            SignatureMethod::RsaSha1 => Hash::Sha1(sha1::Sha1::new()),
            SignatureMethod::RsaSha256 => Hash::Sha256(sha2::Sha256::new()),
            SignatureMethod::RsaSha512 => Hash::Sha512(sha2::Sha512::new()),
            _ => return None,
        })
    }

    fn finish(self) -> Vec<u8> {
        match self {
            Hash::Sha1(h) => h.finalize().to_vec(),
            Hash::Sha256(h) => h.finalize().to_vec(),
            Hash::Sha512(h) => h.finalize().to_vec(),
        }
    }
}

impl Sink for Hash {
    fn put(&mut self, bytes: &[u8]) {
        match self {
            Hash::Sha1(h) => h.update(bytes),
            Hash::Sha256(h) => h.update(bytes),
            Hash::Sha512(h) => h.update(bytes),
        }
    }
}

/// A private key prepared for one RSA method: the DigestInfo prefix of its
/// hash is computed once.
#[derive(Clone)]
pub(super) struct Signer {
    method: SignatureMethod,
    key: Box<SignerKey>,
}

#[derive(Clone)]
enum SignerKey {
    Sha1(SigningKey<sha1::Sha1>),
    Sha256(SigningKey<sha2::Sha256>),
    Sha512(SigningKey<sha2::Sha512>),
}

impl Signer {
    /// `None` when `method` is not an RSA method.
    pub(super) fn new(method: SignatureMethod, key: &RsaPrivateKey) -> Option<Self> {
        let inner = key.inner().clone();
        let key = match method {
            SignatureMethod::RsaSha1 => SignerKey::Sha1(SigningKey::new(inner)),
            SignatureMethod::RsaSha256 => SignerKey::Sha256(SigningKey::new(inner)),
            SignatureMethod::RsaSha512 => SignerKey::Sha512(SigningKey::new(inner)),
            _ => return None,
        };
        Some(Signer {
            method,
            key: Box::new(key),
        })
    }

    pub(super) const fn method(&self) -> SignatureMethod {
        self.method
    }

    /// The signature of what `write` streams, `None` only if the RSA
    /// operation itself fails (its fault check, or no blinding randomness).
    pub(super) fn sign(&self, write: impl FnOnce(&mut dyn Sink)) -> Option<Vec<u8>> {
        let mut hash = Hash::of(self.method)?;
        write(&mut hash);
        let digest = hash.finish();
        let signature = match &*self.key {
            SignerKey::Sha1(k) => k.sign_prehash(&digest),
            SignerKey::Sha256(k) => k.sign_prehash(&digest),
            SignerKey::Sha512(k) => k.sign_prehash(&digest),
        };
        signature.ok().map(|s| Box::<[u8]>::from(s).into_vec())
    }

    /// The public half, for checking.
    pub(super) fn public_key(&self) -> &rsa::PublicKey {
        match &*self.key {
            SignerKey::Sha1(k) => k.as_ref().as_public_key(),
            SignerKey::Sha256(k) => k.as_ref().as_public_key(),
            SignerKey::Sha512(k) => k.as_ref().as_public_key(),
        }
    }
}

/// Whether `signature` (the decoded octets) is `key`'s signature under
/// `method` of what `message` writes. Its length must be the modulus size
/// (RFC 8017 §8.2.2 step 1).
fn verify<R: Render + ?Sized>(
    key: &rsa::PublicKey,
    method: SignatureMethod,
    message: &R,
    signature: &[u8],
) -> bool {
    use rsa::traits::PublicKeyParts as _;
    let Some(mut hash) = Hash::of(method) else {
        return false;
    };
    if signature.len() != key.size() {
        return false;
    }
    message.write_to(&mut hash);
    let digest = hash.finish();
    let scheme = match method {
        SignatureMethod::RsaSha1 => Pkcs1v15Sign::new::<sha1::Sha1>(),
        SignatureMethod::RsaSha256 => Pkcs1v15Sign::new::<sha2::Sha256>(),
        _ => Pkcs1v15Sign::new::<sha2::Sha512>(),
    };
    key.verify(scheme, &digest, signature).is_ok()
}

/// The largest RSA signature, in octets: an 8192-bit modulus.
const MAX_SIGNATURE: usize = 1024;

/// [`verify`] of a signature given as base64 text.
pub(super) fn verify_base64<R: Render + ?Sized>(
    key: &rsa::PublicKey,
    method: SignatureMethod,
    message: &R,
    signature: &str,
) -> bool {
    use base64::Engine as _;
    let mut octets = [0u8; MAX_SIGNATURE];
    match base64::engine::general_purpose::STANDARD.decode_slice(signature, &mut octets) {
        Ok(n) => verify(key, method, message, &octets[..n]),
        Err(_) => false,
    }
}

/// [`verify`] of `oauth_signature` as it arrived, percent-decoded first.
/// RSA checks need no constant time: the key is public.
pub(super) fn verify_presented<R: Render + ?Sized>(
    key: &rsa::PublicKey,
    method: SignatureMethod,
    message: &R,
    presented: &Text<'_>,
) -> bool {
    let mut text = [0u8; super::MAX_SIGNATURE_TEXT];
    let mut n = 0;
    for octet in presented.decoded() {
        match text.get_mut(n) {
            Some(slot) => *slot = octet,
            None => return false,
        }
        n += 1;
    }
    match core::str::from_utf8(&text[..n]) {
        Ok(text) => verify_base64(key, method, message, text),
        Err(_) => false,
    }
}

impl RsaPublicKey {
    /// Whether `signature` (base64 text, already percent-decoded) is this
    /// key's `method` signature of `base`.
    pub fn verify(
        &self,
        method: SignatureMethod,
        base: &BaseString<'_, '_>,
        signature: &str,
    ) -> bool {
        verify_base64(self.inner(), method, base, signature)
    }

    /// Whether `signature` (base64) is this key's `method` signature of the
    /// base string text `base_string`: the check a debugging tool makes on
    /// a base string a provider echoed.
    pub fn verify_text(
        &self,
        method: SignatureMethod,
        base_string: &[u8],
        signature: &str,
    ) -> bool {
        verify_base64(self.inner(), method, &super::Octets(base_string), signature)
    }

    /// [`RsaPublicKey::verify`] of `oauth_signature` as it arrived.
    pub(crate) fn verify_presented(
        &self,
        method: SignatureMethod,
        base: &BaseString<'_, '_>,
        presented: &Text<'_>,
    ) -> bool {
        verify_presented(self.inner(), method, base, presented)
    }
}
