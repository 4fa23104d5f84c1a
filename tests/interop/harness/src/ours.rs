//! oauthsig's own client programs outside Rust — the C client on the C ABI
//! (`clients/oauthsig_c_client.c`) and the `oauthsig` command behind curl
//! (`clients/oauthsig_cli_client.sh`) — built from the current source.
//!
//! Unlike the independent peers, which `setup.sh` installs once, these test
//! this checkout's code, so they are rebuilt (a no-op when nothing changed)
//! by `clients/build_oauthsig_clients.sh` the first time a test process asks
//! for them. The script builds into a directory of its own under cargo's
//! `target/tmp` (`CARGO_TARGET_TMPDIR`, which each test passes in), with its
//! own cargo target directory: a nested `cargo build` in the outer one would
//! wait for the outer cargo's lock and replace its binaries.

use crate::peers::{self, SETUP_HINT};
use crate::process;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

/// A cold build compiles oauthsig-ffi and oauthsig-cli with their
/// dependencies once (under a minute here); later ones take about a second.
const BUILD_TIMEOUT: Duration = Duration::from_secs(900);

/// Where the build script puts everything, under `tmpdir`
/// (`CARGO_TARGET_TMPDIR`).
pub fn out_dir(tmpdir: &Path) -> PathBuf {
    tmpdir.join("oauthsig-clients")
}

/// `clients/oauthsig_cli_client.sh`.
pub fn cli_script() -> PathBuf {
    peers::interop_dir().join("clients/oauthsig_cli_client.sh")
}

/// The `oauthsig` binary, built once per test process.
///
/// # Errors
/// The build's failure, with its output.
pub fn cli_binary(tmpdir: &Path) -> Result<PathBuf, String> {
    static BUILT: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            build(tmpdir, "cli")?;
            Ok(out_dir(tmpdir).join("cargo/debug/oauthsig"))
        })
        .clone()
}

/// The C client, linked against liboauthsig as `scripts/install-c` installed
/// it, built once per test process.
///
/// # Errors
/// The build's failure (a missing compiler, pkg-config or libcurl among
/// them), with its output.
pub fn c_client(tmpdir: &Path) -> Result<PathBuf, String> {
    static BUILT: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            build(tmpdir, "c")?;
            Ok(out_dir(tmpdir).join("oauthsig_c_client"))
        })
        .clone()
}

/// Runs the build script for one part (`cli` or `c`).
fn build(tmpdir: &Path, part: &str) -> Result<(), String> {
    let script = peers::interop_dir().join("clients/build_oauthsig_clients.sh");
    let mut command = Command::new("bash");
    command
        .arg(&script)
        .arg(out_dir(tmpdir))
        .arg(part)
        // The outer cargo's choice of target directory is not ours to
        // inherit: the script sets its own.
        .env_remove("CARGO_TARGET_DIR");
    let what = format!("build_oauthsig_clients.sh {part}");
    let out = process::run(&mut command, &what, SETUP_HINT, BUILD_TIMEOUT)?;
    if out.code == Some(0) {
        Ok(())
    } else {
        Err(format!(
            "{what} failed (exit {:?}):\n{}{}",
            out.code, out.stdout, out.stderr
        ))
    }
}
