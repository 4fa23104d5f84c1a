//! Where the independent peers live, and the credentials they share.
//!
//! Everything under `tests/interop` that is not checked in (the Python
//! virtualenv, `node/node_modules`, the liboauth client binary) is made by
//! `tests/interop/setup.sh`. A test that needs a missing piece fails with
//! [`SETUP_HINT`]: an absent peer must never read as a pass.

use std::path::{Path, PathBuf};

/// The pre-registered client of `provider.py` and of every peer client's
/// defaults (`tests/interop/interop_support.py`).
pub const CONSUMER_KEY: &str = "interop-client-key-0001";
/// Its shared secret.
pub const CONSUMER_SECRET: &str = "interop-client-secret";
/// The access token `provider.py --preload-token` registers and the peer
/// clients sign with.
pub const ACCESS_TOKEN: &str = "interop-access-token-0001";
/// Its shared secret.
pub const ACCESS_SECRET: &str = "interop-token-secret";

/// The fixture client's RSA private key, for RSA-SHA1/256/512 (RFC 5849
/// §3.4.3): PKCS#8 PEM, the one form every peer reads (liboauth's NSS build
/// takes nothing else). A test key (`tests/keys/README.md`).
pub const RSA_PRIVATE_KEY: &str = "rsa2048.pkcs8.pem";
/// Its public half (SPKI PEM), which `provider.py --client-rsa-key` and the
/// [`VerifierServer`](crate::server::VerifierServer) check RSA requests
/// with.
pub const RSA_PUBLIC_KEY: &str = "rsa2048.spki.pem";
/// Another key pair's private half: the wrong key, for refusals.
pub const WRONG_RSA_PRIVATE_KEY: &str = "rsa1024.pkcs1.pem";

/// What to do about a missing peer.
pub const SETUP_HINT: &str =
    "run `bash tests/interop/setup.sh` once (it is idempotent), then re-run the test";

/// `tests/interop`.
pub fn interop_dir() -> PathBuf {
    let harness = Path::new(env!("CARGO_MANIFEST_DIR"));
    harness.parent().unwrap_or(harness).to_path_buf()
}

/// `tests/keys/<name>`, the test keys ([`RSA_PRIVATE_KEY`] …).
pub fn key_path(name: &str) -> PathBuf {
    let interop = interop_dir();
    interop.parent().unwrap_or(&interop).join("keys").join(name)
}

/// The RSA private key `tests/keys/<name>`, parsed.
///
/// # Errors
/// A message naming the file and what is wrong with it.
pub fn rsa_private_key(name: &str) -> Result<oauthsig::RsaPrivateKey, String> {
    let path = key_path(name);
    let pem = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    oauthsig::RsaPrivateKey::parse(&pem).map_err(|e| format!("{}: {e}", path.display()))
}

/// The RSA public key `tests/keys/<name>`, parsed.
///
/// # Errors
/// A message naming the file and what is wrong with it.
pub fn rsa_public_key(name: &str) -> Result<oauthsig::RsaPublicKey, String> {
    let path = key_path(name);
    let pem = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    oauthsig::RsaPublicKey::parse(&pem).map_err(|e| format!("{}: {e}", path.display()))
}

/// `tests/interop/.venv/bin/python`, the interpreter with oauthlib 4.0.1
/// and requests-oauthlib installed.
pub fn venv_python() -> PathBuf {
    interop_dir().join(".venv/bin/python")
}

/// Fails with [`SETUP_HINT`] unless `path` exists; `what` names the peer.
///
/// # Errors
/// A message naming the peer, the path and the setup command.
pub fn require(path: &Path, what: &str) -> Result<(), String> {
    if path.exists() {
        Ok(())
    } else {
        Err(format!(
            "{what} is not installed: {} is missing; {SETUP_HINT}",
            path.display()
        ))
    }
}
