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

/// What to do about a missing peer.
pub const SETUP_HINT: &str =
    "run `bash tests/interop/setup.sh` once (it is idempotent), then re-run the test";

/// `tests/interop`.
pub fn interop_dir() -> PathBuf {
    let harness = Path::new(env!("CARGO_MANIFEST_DIR"));
    harness.parent().unwrap_or(harness).to_path_buf()
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
