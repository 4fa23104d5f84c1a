//! [`VerifierServer`]: a loopback HTTP/1.1 server that runs oauthsig's
//! [`Verifier`] on every request it receives.
//!
//! It is the server half of the "real clients against oauthsig" tests:
//! requests-oauthlib, node's `oauth-1.0a`, liboauth + libcurl and oauthsig's
//! own client talk to it with their own HTTP stacks. Every request, whatever
//! its path, is a protected resource: it is verified, and answered with
//!
//! * 200 and a JSON echo of what verified (`consumer_key`, `token`,
//!   `signature_method`, the decoded non-`oauth_` `parameters`), or
//! * the [`VerifyError`]'s status (400/401/…), `WWW-Authenticate` on a 401,
//!   and `{"error": <message>, "kind": <variant>}`, or
//! * 400/411/413/431 with `"kind": "http"` when the bytes are not an HTTP
//!   request this server takes (the verifier never saw it).
//!
//! Every signature method is allowed; the fixture consumer signs HMAC and
//! PLAINTEXT with its secret and RSA with its private key, whose public half
//! the server checks ([`fixture_lookup`]).
//!
//! HTTP support is what the peers need and no more: `Content-Length` bodies
//! (chunked is refused with 411), keep-alive or close, one thread per
//! connection, idle connections closed after [`IDLE_TIMEOUT`]. Each exchange
//! is also logged for the test ([`VerifierServer::take_log`]).
//! Dropping the server stops accepting, closes open connections and waits
//! (bounded) for their threads.

use crate::peers;
use crate::wire::RawResponse;
use oauthsig::verifier::{CredentialQuery, Credentials, IncomingRequest, LookupError, Verifier};
use oauthsig::{CredentialLookup, MemoryNonceStore, RsaPublicKey, SignatureMethod, VerifyError};
use serde_json::json;
use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// A keep-alive connection with no new request for this long is closed.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(5);
/// Longest request head (request line and headers).
const MAX_HEAD: usize = 64 * 1024;
/// Longest request body.
const MAX_BODY: usize = 1 << 20;
/// Most header fields in one request.
const MAX_HEADERS: usize = 64;
/// How long drop waits for connection threads to finish.
const SHUTDOWN_WAIT: Duration = Duration::from_secs(5);

/// What the server did with one request.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// The verifier accepted it.
    Verified(Echo),
    /// The verifier refused it.
    Rejected(VerifyError),
    /// It never reached the verifier: not an HTTP request this server takes.
    BadHttp(String),
}

/// What a verified request said, as echoed in the 200 answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Echo {
    /// `oauth_consumer_key`.
    pub consumer_key: String,
    /// `oauth_token`, if any.
    pub token: Option<String>,
    /// The signature method.
    pub signature_method: SignatureMethod,
    /// The decoded non-`oauth_` parameters (query, form body, header), in
    /// the order received.
    pub parameters: Vec<(String, String)>,
}

/// One request and its answer.
#[derive(Clone, Debug)]
pub struct Exchange {
    /// The method token as received.
    pub method: String,
    /// The request target as received.
    pub target: String,
    /// The status answered.
    pub status: u16,
    /// Why.
    pub outcome: Outcome,
}

impl Exchange {
    /// The target's path (without the query).
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }
}

/// The variant name of a [`VerifyError`] (`BadSignature`, `UsedNonce`, …),
/// as sent in the `kind` field of an error answer.
pub fn error_kind(e: &VerifyError) -> String {
    let debug = format!("{e:?}");
    debug
        .split(['(', ' ', '{'])
        .next()
        .unwrap_or(&debug)
        .to_owned()
}

/// The fixture consumer's RSA public key ([`peers::RSA_PUBLIC_KEY`]),
/// parsed once and shared by every lookup.
fn fixture_public_key() -> Result<Arc<RsaPublicKey>, LookupError> {
    static KEY: OnceLock<Result<Arc<RsaPublicKey>, String>> = OnceLock::new();
    KEY.get_or_init(|| peers::rsa_public_key(peers::RSA_PUBLIC_KEY).map(Arc::new))
        .clone()
        // A missing key file is the server's fault (503), never a pass.
        .map_err(|_| LookupError::Unavailable)
}

/// The lookup every peer client is registered with: the fixture consumer,
/// and its access token ([`peers::ACCESS_TOKEN`]). A request without a
/// token is signed with the consumer secret alone. The consumer also holds
/// an RSA key pair: an RSA-SHA1/256/512 request is checked with its public
/// half ([`peers::RSA_PUBLIC_KEY`]), the token still looked up (its secret
/// plays no part, RFC 5849 §3.4.3).
pub fn fixture_lookup(q: &CredentialQuery<'_>) -> Result<Credentials<'static>, LookupError> {
    if q.consumer_key() != peers::CONSUMER_KEY {
        return Err(LookupError::UnknownConsumer);
    }
    let token_secret = match q.token() {
        None => "",
        Some(peers::ACCESS_TOKEN) => peers::ACCESS_SECRET,
        Some(_) => return Err(LookupError::UnknownToken),
    };
    if q.signature_method().is_rsa() {
        return fixture_public_key().map(Credentials::from);
    }
    Ok(Credentials::secrets(peers::CONSUMER_SECRET, token_secret))
}

/// The verifier the peer tests run: every signature method (the RSA ones
/// with the `rsa` feature), PLAINTEXT explicitly allowed over plain `http`
/// (loopback only: RFC 5849 §3.4.4 requires TLS for it), a fresh in-memory
/// nonce store, every other setting at oauthsig's default.
///
/// # Errors
/// The builder's error, as text.
pub fn fixture_verifier() -> Result<Verifier, String> {
    SignatureMethod::ALL
        .into_iter()
        .fold(Verifier::builder(), |b, m| b.allow(m))
        .allow_plaintext_over_http()
        .nonce_store(MemoryNonceStore::new())
        .build()
        .map_err(|e| format!("building the verifier: {e}"))
}

struct Shared {
    verifier: Verifier,
    lookup: Box<dyn CredentialLookup + Send + Sync>,
    log: Mutex<Vec<Exchange>>,
    stopping: AtomicBool,
    next_id: AtomicU64,
    /// Open connections (a clone of each stream, to shut it down on drop).
    open: Mutex<HashMap<u64, TcpStream>>,
    closed: Condvar,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic in a connection thread must not hide the log from the test.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A running server on `127.0.0.1:<ephemeral>`; dropped, it shuts down.
pub struct VerifierServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for VerifierServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerifierServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl VerifierServer {
    /// Starts a server verifying with `verifier` and `lookup`.
    ///
    /// # Errors
    /// Binding or thread start-up failures.
    pub fn start<L>(verifier: Verifier, lookup: L) -> io::Result<VerifierServer>
    where
        L: CredentialLookup + Send + Sync + 'static,
    {
        let listener = TcpListener::bind(("127.0.0.1", 0))?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            verifier,
            lookup: Box::new(lookup),
            log: Mutex::new(Vec::new()),
            stopping: AtomicBool::new(false),
            next_id: AtomicU64::new(0),
            open: Mutex::new(HashMap::new()),
            closed: Condvar::new(),
        });
        let acceptor = {
            let shared = Arc::clone(&shared);
            thread::Builder::new()
                .name("verifier-accept".to_owned())
                .spawn(move || accept_loop(&listener, &shared))?
        };
        Ok(VerifierServer {
            addr,
            shared,
            acceptor: Some(acceptor),
        })
    }

    /// A server with [`fixture_verifier`] and [`fixture_lookup`].
    ///
    /// # Errors
    /// As [`VerifierServer::start`], as text.
    pub fn fixture() -> Result<VerifierServer, String> {
        VerifierServer::start(fixture_verifier()?, fixture_lookup)
            .map_err(|e| format!("starting the verifier server: {e}"))
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>`, the `--base` for peer clients.
    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every exchange since the last call, in the order answered.
    pub fn take_log(&self) -> Vec<Exchange> {
        std::mem::take(&mut *lock(&self.shared.log))
    }
}

/// A loopback server the peer clients are sent to: [`VerifierServer`], or
/// [`AxumServer`](crate::axum_server::AxumServer) (oauthsig's tower layer
/// in an axum app), which verify alike and log alike.
pub trait PeerServer: Send + Sync {
    /// The address it listens on.
    fn addr(&self) -> SocketAddr;

    /// `http://127.0.0.1:<port>`, the `--base` for peer clients.
    fn base(&self) -> String {
        format!("http://{}", self.addr())
    }

    /// Every exchange since the last call, in the order answered.
    fn take_log(&self) -> Vec<Exchange>;

    /// Who judged the request `response` answers, the last one sent: the
    /// variant name of the verifier's error ([`error_kind`]), `"http"` when
    /// the server refused it before the verifier saw it, `None` when that
    /// cannot be told (it was accepted, or nothing says).
    fn refusal_kind(&self, response: &RawResponse) -> Option<String>;
}

impl PeerServer for VerifierServer {
    fn addr(&self) -> SocketAddr {
        self.addr
    }

    fn take_log(&self) -> Vec<Exchange> {
        VerifierServer::take_log(self)
    }

    /// The `kind` of the JSON answer.
    fn refusal_kind(&self, response: &RawResponse) -> Option<String> {
        response.json()?.get("kind")?.as_str().map(str::to_owned)
    }
}

impl Drop for VerifierServer {
    fn drop(&mut self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        // accept() blocks; a connection of our own wakes it to see the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
        // No new connections now. Close the open ones (a keep-alive client
        // may hold one idle) and wait for their threads to notice.
        let deadline = Instant::now() + SHUTDOWN_WAIT;
        let mut open = lock(&self.shared.open);
        for stream in open.values() {
            let _ = stream.shutdown(Shutdown::Both);
        }
        while !open.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            open = match self.shared.closed.wait_timeout(open, left) {
                Ok((guard, _)) => guard,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
    }
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.stopping.load(Ordering::SeqCst) {
            break;
        }
        // A failed accept (e.g. the peer reset first) concerns that
        // connection only.
        let Ok(stream) = stream else { continue };
        let Ok(handle) = stream.try_clone() else {
            continue;
        };
        let id = shared.next_id.fetch_add(1, Ordering::Relaxed);
        lock(&shared.open).insert(id, handle);
        let worker = Arc::clone(shared);
        let spawned = thread::Builder::new()
            .name(format!("verifier-conn-{id}"))
            .spawn(move || {
                // An I/O error ends this connection only; the client sees
                // the connection close.
                let _ = serve(&worker, stream);
                lock(&worker.open).remove(&id);
                worker.closed.notify_all();
            });
        if spawned.is_err() {
            lock(&shared.open).remove(&id);
        }
    }
}

/// An answer: status, extra headers, JSON body, and whether to close.
struct Answer {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: serde_json::Value,
    close: bool,
}

impl Answer {
    fn bad_http(status: u16, why: &str) -> Answer {
        Answer {
            status,
            headers: Vec::new(),
            body: json!({"error": why, "kind": "http"}),
            close: true,
        }
    }
}

/// Serves requests on one connection until the client closes it, asks to,
/// stays idle too long, or sends something unusable.
fn serve(shared: &Shared, mut stream: TcpStream) -> io::Result<()> {
    stream.set_read_timeout(Some(IDLE_TIMEOUT))?;
    stream.set_write_timeout(Some(IDLE_TIMEOUT))?;
    let mut buf: Vec<u8> = Vec::with_capacity(8 * 1024);
    let mut chunk = [0u8; 8 * 1024];
    loop {
        // Read until the head parses.
        let parsed = loop {
            let mut fields = [httparse::EMPTY_HEADER; MAX_HEADERS];
            let mut req = httparse::Request::new(&mut fields);
            match req.parse(&buf) {
                Ok(httparse::Status::Complete(head_len)) => {
                    break Head::from_parsed(&req, head_len);
                }
                Ok(httparse::Status::Partial) if buf.len() > MAX_HEAD => {
                    break Err(Answer::bad_http(431, "request head too large"));
                }
                Ok(httparse::Status::Partial) => {}
                Err(httparse::Error::TooManyHeaders) => {
                    break Err(Answer::bad_http(431, "too many header fields"));
                }
                Err(e) => break Err(Answer::bad_http(400, &format!("bad request head: {e}"))),
            }
            let n = stream.read(&mut chunk)?;
            if n == 0 {
                // Closed between requests (or mid-head: nothing to answer).
                return Ok(());
            }
            buf.extend_from_slice(&chunk[..n]);
        };
        let head = match parsed {
            Ok(head) => head,
            Err(answer) => {
                shared.record("?", "?", &answer, Outcome::BadHttp(answer_error(&answer)));
                return write_answer(&mut stream, &answer);
            }
        };
        let body_len = match head.body_len() {
            Ok(n) => n,
            Err(answer) => {
                let outcome = Outcome::BadHttp(answer_error(&answer));
                shared.record(&head.method, &head.target, &answer, outcome);
                return write_answer(&mut stream, &answer);
            }
        };
        let end = head.len + body_len;
        while buf.len() < end {
            let n = stream.read(&mut chunk)?;
            if n == 0 {
                return Ok(()); // the client gave up mid-body
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        let body: Vec<u8> = buf[head.len..end].to_vec();
        buf.drain(..end);

        let (answer, outcome) = shared.answer(&head, &body);
        shared.record(&head.method, &head.target, &answer, outcome);
        write_answer(&mut stream, &answer)?;
        if answer.close || head.close {
            return Ok(());
        }
    }
}

fn answer_error(answer: &Answer) -> String {
    answer
        .body
        .get("error")
        .and_then(|e| e.as_str())
        .unwrap_or("")
        .to_owned()
}

/// The parts of a request head the server uses.
struct Head {
    len: usize,
    method: String,
    target: String,
    /// Header fields, names as sent, values as text.
    fields: Vec<(String, String)>,
    /// The client asked to close after this exchange (or speaks HTTP/1.0).
    close: bool,
}

impl Head {
    fn from_parsed(req: &httparse::Request<'_, '_>, len: usize) -> Result<Head, Answer> {
        let mut fields = Vec::with_capacity(req.headers.len());
        for h in req.headers.iter() {
            let value = std::str::from_utf8(h.value)
                .map_err(|_| Answer::bad_http(400, "header value is not UTF-8"))?;
            fields.push((h.name.to_owned(), value.to_owned()));
        }
        let connection = |token: &str| {
            fields.iter().any(|(n, v)| {
                n.eq_ignore_ascii_case("connection")
                    && v.split(',').any(|t| t.trim().eq_ignore_ascii_case(token))
            })
        };
        let close = match req.version {
            Some(1) => connection("close"),
            _ => !connection("keep-alive"),
        };
        Ok(Head {
            len,
            method: req.method.unwrap_or("").to_owned(),
            target: req.path.unwrap_or("").to_owned(),
            close,
            fields,
        })
    }

    /// Every value of header `name`.
    fn all(&self, name: &str) -> impl Iterator<Item = &str> {
        self.fields
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The value of a header that may appear at most once.
    fn single(&self, name: &str) -> Result<Option<&str>, Answer> {
        let mut values = self.all(name);
        match (values.next(), values.next()) {
            (v, None) => Ok(v),
            _ => Err(Answer::bad_http(
                400,
                &format!("more than one {name} header"),
            )),
        }
    }

    fn body_len(&self) -> Result<usize, Answer> {
        if self.all("transfer-encoding").next().is_some() {
            return Err(Answer::bad_http(411, "send Content-Length, not chunked"));
        }
        let Some(text) = self.single("content-length")? else {
            return Ok(0);
        };
        match text.trim().parse::<usize>() {
            Ok(n) if n <= MAX_BODY => Ok(n),
            Ok(_) => Err(Answer::bad_http(413, "body too large")),
            Err(_) => Err(Answer::bad_http(400, "bad Content-Length")),
        }
    }
}

impl Shared {
    fn record(&self, method: &str, target: &str, answer: &Answer, outcome: Outcome) {
        lock(&self.log).push(Exchange {
            method: method.to_owned(),
            target: target.to_owned(),
            status: answer.status,
            outcome,
        });
    }

    /// Verifies one request and builds the answer.
    fn answer(&self, head: &Head, body: &[u8]) -> (Answer, Outcome) {
        let fields = (|| {
            let host = head
                .single("host")?
                .ok_or_else(|| Answer::bad_http(400, "no Host header"))?;
            if !head.target.starts_with('/') {
                return Err(Answer::bad_http(400, "origin-form request target required"));
            }
            Ok((
                host,
                head.single("authorization")?,
                head.single("content-type")?,
            ))
        })();
        let (host, authorization, content_type) = match fields {
            Ok(f) => f,
            Err(answer) => {
                let outcome = Outcome::BadHttp(answer_error(&answer));
                return (answer, outcome);
            }
        };
        // RFC 5849 §3.4.1.2: the base string URI is the one the client used,
        // i.e. this server's scheme with the Host header's authority.
        let url = format!("http://{host}{}", head.target);
        let mut request = IncomingRequest::new(&head.method, &url).body(body);
        if let Some(a) = authorization {
            request = request.authorization(a);
        }
        if let Some(ct) = content_type {
            request = request.content_type(ct);
        }
        match self.verifier.verify(&request, &*self.lookup) {
            Ok(verified) => {
                let echo = Echo {
                    consumer_key: verified.consumer_key().to_owned(),
                    token: verified.token().map(str::to_owned),
                    signature_method: verified.signature_method(),
                    // The peers send UTF-8; a value that is not would echo as
                    // U+FFFD and fail the test's expectation, not pass it.
                    parameters: verified
                        .parameters()
                        .map(|p| {
                            (
                                String::from_utf8_lossy(&p.name_bytes()).into_owned(),
                                String::from_utf8_lossy(&p.value_bytes()).into_owned(),
                            )
                        })
                        .collect(),
                };
                let answer = Answer {
                    status: 200,
                    headers: Vec::new(),
                    body: json!({
                        "method": head.method,
                        "path": head.target.split('?').next().unwrap_or(""),
                        "consumer_key": echo.consumer_key,
                        "token": echo.token,
                        "signature_method": echo.signature_method.as_str(),
                        "parameters": echo.parameters,
                    }),
                    close: false,
                };
                (answer, Outcome::Verified(echo))
            }
            Err(e) => {
                let headers = self
                    .verifier
                    .www_authenticate(&e)
                    .map(|w| vec![("WWW-Authenticate", w)])
                    .unwrap_or_default();
                let answer = Answer {
                    status: e.http_status(),
                    headers,
                    body: json!({"error": e.to_string(), "kind": error_kind(&e)}),
                    close: false,
                };
                (answer, Outcome::Rejected(e))
            }
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        411 => "Length Required",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

fn write_answer(stream: &mut TcpStream, answer: &Answer) -> io::Result<()> {
    let body = answer.body.to_string();
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nCache-Control: no-store\r\n",
        answer.status,
        reason(answer.status),
        body.len()
    );
    for (name, value) in &answer.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if answer.close {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    out.extend_from_slice(body.as_bytes());
    stream.write_all(&out)?;
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_kinds_are_variant_names() {
        assert_eq!(error_kind(&VerifyError::BadSignature), "BadSignature");
        assert_eq!(
            error_kind(&VerifyError::TooManyParameters { count: 2, max: 1 }),
            "TooManyParameters"
        );
        assert_eq!(
            error_kind(&VerifyError::MissingParameter(
                oauthsig::ProtocolParam::Nonce
            )),
            "MissingParameter"
        );
    }
}
