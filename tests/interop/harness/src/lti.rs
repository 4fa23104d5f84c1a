//! The LTI 1.1 peers (`tests/interop/lti_peer.py`: PyPI `lti` 0.9.5;
//! `tests/interop/lti_node_peer.js`: npm `ims-lti` 3.0.2) and a loopback
//! LMS Outcomes endpoint run by oauthsig, for `tests/lti.rs`.

use crate::peers::{self, SETUP_HINT};
use crate::process::{ChildGuard, Drain, Finished, first_line};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// The LMS's consumer key and shared secret (two-legged) of every LTI test.
/// Letters and digits, 20 to 30 of them: what oauthlib's default
/// `RequestValidator` takes (pylti's `ToolProvider` runs on it).
pub const LTI_KEY: &str = "interopLtiConsumerKey0001";
/// Its secret.
pub const LTI_SECRET: &str = "interop-lti-secret";

/// How long a peer may take to start or run.
const PEER_TIMEOUT: Duration = Duration::from_secs(30);

/// Runs `lti_peer.py` with `args`, `stdin` as its input; its JSON answer.
///
/// # Errors
/// A message when the virtualenv is missing, the script fails or does not
/// print JSON.
pub fn pylti(args: &[&str], stdin: &[u8]) -> Result<serde_json::Value, String> {
    let python = peers::venv_python();
    peers::require(&python, "the lti (PyPI) peer's virtualenv")?;
    let dir = peers::interop_dir();
    let input =
        std::env::temp_dir().join(format!("oauthsig-lti-{}-{}", std::process::id(), unique()));
    std::fs::write(&input, stdin).map_err(|e| format!("{}: {e}", input.display()))?;
    let mut command = Command::new(&python);
    command
        .arg(dir.join("lti_peer.py"))
        .args(args)
        .current_dir(&dir);
    let stdin_file = std::fs::File::open(&input).map_err(|e| e.to_string())?;
    let result = run_with_stdin(&mut command, stdin_file);
    let _ = std::fs::remove_file(&input);
    let done = result?;
    if done.code != Some(0) {
        return Err(format!(
            "lti_peer.py {args:?} failed ({:?}):\n{}",
            done.code, done.stderr
        ));
    }
    serde_json::from_str(done.stdout.trim()).map_err(|e| {
        format!(
            "lti_peer.py printed no JSON ({e}): {}\n{}",
            done.stdout, done.stderr
        )
    })
}

/// [`process::run`], with `stdin` as the child's input.
fn run_with_stdin(command: &mut Command, stdin: std::fs::File) -> Result<Finished, String> {
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    command.stdin(stdin);
    let mut guard = ChildGuard::spawn(command, "lti_peer.py", SETUP_HINT)?;
    let (Some(out), Some(err)) = (
        guard.child_mut().stdout.take(),
        guard.child_mut().stderr.take(),
    ) else {
        return Err("lti_peer.py: output pipes missing".to_owned());
    };
    let (out, err) = (Drain::start(out), Drain::start(err));
    let status = guard.wait_timeout(PEER_TIMEOUT)?;
    Ok(Finished {
        code: status.code(),
        stdout: String::from_utf8_lossy(&out.finish()).into_owned(),
        stderr: String::from_utf8_lossy(&err.finish()).into_owned(),
    })
}

/// A number no other call in this process had.
fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// A running `lti_node_peer.js`; dropped, it is killed.
#[derive(Debug)]
pub struct NodeLtiPeer {
    guard: ChildGuard,
    base: String,
    stderr: Drain,
    _stdout: Drain,
}

impl NodeLtiPeer {
    /// Starts the peer with [`LTI_KEY`] / [`LTI_SECRET`].
    ///
    /// # Errors
    /// A message when node_modules is missing, or the peer does not start.
    pub fn start() -> Result<NodeLtiPeer, String> {
        let dir = peers::interop_dir();
        peers::require(&dir.join("node/node_modules/ims-lti"), "npm ims-lti")?;
        let mut command = Command::new("node");
        command
            .arg(dir.join("lti_node_peer.js"))
            .args([
                "--key",
                LTI_KEY,
                "--secret",
                LTI_SECRET,
                "--max-lifetime",
                "120",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut guard = ChildGuard::spawn(&mut command, "lti_node_peer.js", SETUP_HINT)?;
        let (Some(out), Some(err)) = (
            guard.child_mut().stdout.take(),
            guard.child_mut().stderr.take(),
        ) else {
            return Err("lti_node_peer.js: output pipes missing".to_owned());
        };
        let stderr = Drain::start(err);
        let (line, rest) = first_line(out, PEER_TIMEOUT)
            .map_err(|e| format!("lti_node_peer.js did not start: {e}\n{}", stderr.snapshot()))?;
        let port = line
            .trim()
            .strip_prefix("READY ")
            .and_then(|p| p.parse::<u16>().ok())
            .ok_or_else(|| format!("lti_node_peer.js: expected `READY <port>`, got {line:?}"))?;
        Ok(NodeLtiPeer {
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

    /// What the peer wrote on stderr, for failure messages.
    pub fn log(&self) -> String {
        self.stderr.snapshot()
    }

    /// Whether the peer is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.guard.child_mut().try_wait(), Ok(None))
    }
}

/// One request as the loopback server received it.
#[derive(Clone, Debug)]
pub struct Received {
    /// The request target (`/outcomes?…`).
    pub target: String,
    /// Header names (lower case) and values.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Received {
    /// The first header `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What the handler answers: status, content type, body.
pub type Answer = (u16, &'static str, String);

/// A loopback HTTP/1.1 server that hands every request to a handler, one
/// connection at a time (`Connection: close`), for the LMS side of the
/// Outcomes tests. Dropped, it stops.
pub struct LoopbackServer {
    addr: SocketAddr,
    stop: Arc<Mutex<bool>>,
    thread: Option<JoinHandle<()>>,
}

impl LoopbackServer {
    /// Serves with `handler` until dropped.
    ///
    /// # Errors
    /// When no loopback port can be bound.
    pub fn start(handler: impl Fn(&Received) -> Answer + Send + 'static) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(Mutex::new(false));
        let stopped = Arc::clone(&stop);
        let thread = thread::spawn(move || {
            for stream in listener.incoming() {
                if *stopped.lock().unwrap_or_else(PoisonError::into_inner) {
                    break;
                }
                if let Ok(stream) = stream {
                    let _ = serve(stream, &handler);
                }
            }
        });
        Ok(LoopbackServer {
            addr,
            stop,
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for LoopbackServer {
    fn drop(&mut self) {
        *self.stop.lock().unwrap_or_else(PoisonError::into_inner) = true;
        // Wakes the accept loop, which then sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Reads one request from `stream`, answers it, closes.
fn serve(mut stream: TcpStream, handler: &impl Fn(&Received) -> Answer) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let received = loop {
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(r) = parse(&buf) {
            break r;
        }
    };
    let (status, content_type, body) = handler(&received);
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())
}

/// The request in `buf`, once it is complete (`Content-Length` bodies).
fn parse(buf: &[u8]) -> Option<Received> {
    let mut headers = [httparse::EMPTY_HEADER; 32];
    let mut request = httparse::Request::new(&mut headers);
    let httparse::Status::Complete(head) = request.parse(buf).ok()? else {
        return None;
    };
    let headers: Vec<(String, String)> = request
        .headers
        .iter()
        .map(|h| {
            (
                h.name.to_ascii_lowercase(),
                String::from_utf8_lossy(h.value).into_owned(),
            )
        })
        .collect();
    let len = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    let body = buf.get(head..head + len)?.to_vec();
    Some(Received {
        target: request.path.unwrap_or("/").to_owned(),
        headers,
        body,
    })
}
