//! Child processes with bounded lifetimes.
//!
//! Every process a test starts is owned by a [`ChildGuard`], which kills and
//! reaps it on drop (also when the test panics), and every wait on one has a
//! deadline. Output is drained by threads so a chatty child cannot block on a
//! full pipe while the test waits for it.

use std::io::{self, BufRead, BufReader, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// How often a deadline wait looks at the child again.
const POLL: Duration = Duration::from_millis(5);

/// Owns a running child process; dropping it kills and reaps the child.
#[derive(Debug)]
pub struct ChildGuard {
    child: Child,
    what: String,
}

impl ChildGuard {
    /// Starts `command`, named `what` in error messages.
    ///
    /// # Errors
    /// The spawn error, with `what`, and `hint` appended (e.g. how to install
    /// the program).
    pub fn spawn(command: &mut Command, what: &str, hint: &str) -> Result<ChildGuard, String> {
        let child = command
            .spawn()
            .map_err(|e| format!("cannot start {what} ({command:?}): {e}; {hint}"))?;
        Ok(ChildGuard {
            child,
            what: what.to_owned(),
        })
    }

    /// The child, e.g. to take its pipes.
    pub fn child_mut(&mut self) -> &mut Child {
        &mut self.child
    }

    /// Waits until the child exits or `timeout` passes; in the latter case it
    /// is killed and an error returned.
    ///
    /// # Errors
    /// A message when the deadline passed or waiting failed.
    pub fn wait_timeout(&mut self, timeout: Duration) -> Result<ExitStatus, String> {
        let deadline = Instant::now() + timeout;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => return Ok(status),
                Ok(None) if Instant::now() >= deadline => {
                    self.kill();
                    return Err(format!(
                        "{} did not finish within {timeout:?} and was killed",
                        self.what
                    ));
                }
                Ok(None) => thread::sleep(POLL),
                Err(e) => return Err(format!("waiting for {}: {e}", self.what)),
            }
        }
    }

    fn kill(&mut self) {
        // Already exited is fine; either way reap it so no zombie is left.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            self.kill();
        }
    }
}

/// Collects everything a pipe delivers, on a thread of its own.
#[derive(Debug)]
pub struct Drain {
    text: Arc<Mutex<Vec<u8>>>,
    thread: Option<JoinHandle<()>>,
}

impl Drain {
    /// Starts draining `pipe`.
    pub fn start(mut pipe: impl Read + Send + 'static) -> Drain {
        let text = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&text);
        let thread = thread::spawn(move || {
            let mut chunk = [0u8; 4096];
            // Ends at EOF, i.e. when the child exits (or is killed).
            while let Ok(n @ 1..) = pipe.read(&mut chunk) {
                sink.lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .extend_from_slice(&chunk[..n]);
            }
        });
        Drain {
            text,
            thread: Some(thread),
        }
    }

    /// What arrived so far, lossily as text.
    pub fn snapshot(&self) -> String {
        String::from_utf8_lossy(&self.text.lock().unwrap_or_else(PoisonError::into_inner))
            .into_owned()
    }

    /// Waits for EOF (the child has exited) and returns everything.
    pub fn finish(mut self) -> Vec<u8> {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        std::mem::take(&mut *self.text.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// A finished command.
#[derive(Clone, Debug)]
pub struct Finished {
    /// The exit code (`None` when killed by a signal).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs `command` to completion, at most `timeout`, with stdin empty and
/// both output streams captured.
///
/// # Errors
/// A message when it cannot start (with `hint`) or does not finish in time
/// (it is killed; the message includes what it printed).
pub fn run(
    command: &mut Command,
    what: &str,
    hint: &str,
    timeout: Duration,
) -> Result<Finished, String> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut guard = ChildGuard::spawn(command, what, hint)?;
    let (Some(out), Some(err)) = (
        guard.child_mut().stdout.take(),
        guard.child_mut().stderr.take(),
    ) else {
        return Err(format!("{what}: output pipes missing"));
    };
    let (out, err) = (Drain::start(out), Drain::start(err));
    match guard.wait_timeout(timeout) {
        Ok(status) => Ok(Finished {
            code: status.code(),
            stdout: String::from_utf8_lossy(&out.finish()).into_owned(),
            stderr: String::from_utf8_lossy(&err.finish()).into_owned(),
        }),
        Err(e) => Err(format!(
            "{e}\nstdout so far:\n{}\nstderr so far:\n{}",
            out.snapshot(),
            err.snapshot()
        )),
    }
}

/// Reads the first line `pipe` delivers, waiting at most `timeout`.
///
/// The read happens on a helper thread: std has no timed pipe reads. When
/// the deadline passes, the caller kills the child, which closes the pipe
/// and ends the thread. The reader is handed back with the line so the rest
/// of the output can be drained.
///
/// # Errors
/// A message when the pipe closed first, failed, or the deadline passed.
pub fn first_line<R: Read + Send + 'static>(
    pipe: R,
    timeout: Duration,
) -> Result<(String, BufReader<R>), String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut reader = BufReader::new(pipe);
        let mut line = String::new();
        let result = match reader.read_line(&mut line) {
            Ok(0) => Err(io::Error::from(io::ErrorKind::UnexpectedEof)),
            Ok(_) => Ok(line),
            Err(e) => Err(e),
        };
        // The receiver may have given up already; nothing to do then.
        let _ = tx.send(result.map(|l| (l, reader)));
    });
    match rx.recv_timeout(timeout) {
        Ok(Ok(pair)) => Ok(pair),
        Ok(Err(e)) => Err(format!("no first line: {e}")),
        Err(_) => Err(format!("no first line within {timeout:?}")),
    }
}
