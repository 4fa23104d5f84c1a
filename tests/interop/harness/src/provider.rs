//! `tests/interop/provider.py` (oauthlib 4.0.1) as a child process.
//!
//! The provider picks an ephemeral port on 127.0.0.1 and prints
//! `READY <port>`. [`Provider`] waits for that line with a deadline, keeps
//! the provider's log for failure messages, and kills the process on drop.
//! `--max-lifetime` makes the provider exit on its own as well, should the
//! test process itself be killed before any destructor runs.

use crate::peers::{self, SETUP_HINT};
use crate::process::{ChildGuard, Drain, first_line};
use std::process::{Command, Stdio};
use std::time::Duration;

/// How long the provider may take to print `READY` (imports oauthlib).
const READY_TIMEOUT: Duration = Duration::from_secs(20);
/// The provider's own lifetime limit, in seconds: far above any test's run
/// time, and short enough that an orphan does not linger.
const MAX_LIFETIME_SECS: &str = "120";

/// A running `provider.py`; dropped, it is killed.
#[derive(Debug)]
pub struct Provider {
    // Declared first so it is dropped (the process killed) before the
    // drains wait for the pipes to close.
    guard: ChildGuard,
    base: String,
    stderr: Drain,
    _stdout: Drain,
}

impl Provider {
    /// Starts the provider with the fixture client of [`peers`] (its secret,
    /// and its RSA public key [`peers::RSA_PUBLIC_KEY`] for the RSA methods),
    /// `--quiet`, plus `extra_args` (e.g. `--preload-token KEY:SECRET`).
    ///
    /// # Errors
    /// A message when the virtualenv is missing (with the setup command), the
    /// provider cannot start, or it does not say `READY` in time.
    pub fn start(extra_args: &[&str]) -> Result<Provider, String> {
        let python = peers::venv_python();
        peers::require(&python, "the oauthlib provider's virtualenv")?;
        let dir = peers::interop_dir();
        let mut command = Command::new(&python);
        command
            .arg(dir.join("provider.py"))
            .args([
                "--port",
                "0",
                "--quiet",
                "--max-lifetime",
                MAX_LIFETIME_SECS,
            ])
            .args(["--client-key", peers::CONSUMER_KEY])
            .args(["--client-secret", peers::CONSUMER_SECRET])
            .arg("--client-rsa-key")
            .arg(peers::key_path(peers::RSA_PUBLIC_KEY))
            .args(extra_args)
            .current_dir(&dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut guard = ChildGuard::spawn(&mut command, "provider.py", SETUP_HINT)?;
        let (Some(stdout), Some(stderr)) = (
            guard.child_mut().stdout.take(),
            guard.child_mut().stderr.take(),
        ) else {
            return Err("provider.py: output pipes missing".to_owned());
        };
        let stderr = Drain::start(stderr);
        let (line, rest) = first_line(stdout, READY_TIMEOUT).map_err(|e| {
            format!(
                "provider.py did not start: {e}\nits stderr:\n{}",
                stderr.snapshot()
            )
        })?;
        let port = match line.split_whitespace().collect::<Vec<_>>()[..] {
            ["READY", port] => port
                .parse::<u16>()
                .map_err(|e| format!("provider.py: bad port in {line:?}: {e}"))?,
            _ => {
                return Err(format!(
                    "provider.py: expected `READY <port>`, got {line:?}"
                ));
            }
        };
        Ok(Provider {
            guard,
            base: format!("http://127.0.0.1:{port}"),
            stderr,
            _stdout: Drain::start(rest),
        })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// What the provider logged so far (refusal reasons), for failure messages.
    pub fn log(&self) -> String {
        self.stderr.snapshot()
    }

    /// Whether the provider process is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.guard.child_mut().try_wait(), Ok(None))
    }
}
