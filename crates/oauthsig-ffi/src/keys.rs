//! RSA key handles for RSA-SHA1 (RFC 5849 §3.4.3), RSA-SHA256 and
//! RSA-SHA512: a private key to sign with and a public key to check with,
//! read from the formats providers hand out (oauthsig-core's parsers): the
//! bodies of the `oauthsig_rsa_private_key_*` and `oauthsig_rsa_public_key_*`
//! functions declared in `boundary`.

use crate::boundary::{In, OutPtr};
use crate::result::{Failure, required};
use oauthsig_core::{RsaPrivateKey, RsaPublicKey};
use std::sync::Arc;

/// An RSA private key (1024 to 8192 bits), for signing RSA-SHA1,
/// RSA-SHA256 and RSA-SHA512 requests through `oauthsig_consumer_new_rsa`
/// or `oauthsig_signing_key_new_rsa`, which keep their own copy. Immutable
/// and thread-safe. Create with `oauthsig_rsa_private_key_new` or
/// `oauthsig_rsa_private_key_new_encrypted`, destroy with
/// `oauthsig_rsa_private_key_free`, which wipes the key from memory.
pub struct oauthsig_rsa_private_key {
    pub(crate) inner: RsaPrivateKey,
}

/// An RSA public key (1024 to 8192 bits), for checking RSA-SHA1, RSA-SHA256
/// and RSA-SHA512 signatures (`oauthsig_lookup_answer_public_key`,
/// `oauthsig_request_check_signature_with_public_key`). Immutable and
/// thread-safe. Create with `oauthsig_rsa_public_key_new` or
/// `oauthsig_rsa_private_key_public_key`, destroy with
/// `oauthsig_rsa_public_key_free`.
pub struct oauthsig_rsa_public_key {
    // Shared with the verifications that use it (a lookup answer holds a
    // reference), so freeing the handle never pulls a key from under one.
    pub(crate) inner: Arc<RsaPublicKey>,
}

/// Parses `key` with `parse` into a new handle made by `wrap`. The output
/// is checked first: reading a key is the expensive part.
fn new_handle<K, H>(
    key: In<'_>,
    parse: impl FnOnce(&[u8]) -> Result<K, oauthsig_core::Error>,
    wrap: impl FnOnce(K) -> H,
    out: OutPtr<'_, *mut H>,
) -> Result<(), Failure> {
    if out.is_null() {
        return Err(Failure::null("out"));
    }
    let parsed = parse(key.bytes()?)?;
    out.put_handle(wrap(parsed), "out")
}

pub(crate) fn private_key_new(
    key: In<'_>,
    out: OutPtr<'_, *mut oauthsig_rsa_private_key>,
) -> Result<(), Failure> {
    let wrap = |inner| oauthsig_rsa_private_key { inner };
    new_handle(key, RsaPrivateKey::parse, wrap, out)
}

pub(crate) fn private_key_new_encrypted(
    key: In<'_>,
    passphrase: In<'_>,
    out: OutPtr<'_, *mut oauthsig_rsa_private_key>,
) -> Result<(), Failure> {
    let passphrase = passphrase.bytes()?;
    let parse = |bytes: &[u8]| RsaPrivateKey::parse_encrypted(bytes, passphrase);
    let wrap = |inner| oauthsig_rsa_private_key { inner };
    new_handle(key, parse, wrap, out)
}

pub(crate) fn private_key_bits(
    key: Option<&oauthsig_rsa_private_key>,
    out: OutPtr<'_, usize>,
) -> Result<(), Failure> {
    let bits = required(key, "key")?.inner.bits();
    out.put(bits, "out")
}

pub(crate) fn private_key_public_key(
    key: Option<&oauthsig_rsa_private_key>,
    out: OutPtr<'_, *mut oauthsig_rsa_public_key>,
) -> Result<(), Failure> {
    let inner = Arc::new(required(key, "key")?.inner.public_key());
    out.put_handle(oauthsig_rsa_public_key { inner }, "out")
}

pub(crate) fn public_key_new(
    key: In<'_>,
    out: OutPtr<'_, *mut oauthsig_rsa_public_key>,
) -> Result<(), Failure> {
    let wrap = |key| oauthsig_rsa_public_key {
        inner: Arc::new(key),
    };
    new_handle(key, RsaPublicKey::parse, wrap, out)
}

pub(crate) fn public_key_bits(
    key: Option<&oauthsig_rsa_public_key>,
    out: OutPtr<'_, usize>,
) -> Result<(), Failure> {
    let bits = required(key, "key")?.inner.bits();
    out.put(bits, "out")
}
