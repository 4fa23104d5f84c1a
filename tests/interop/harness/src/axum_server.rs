//! [`AxumServer`]: oauthsig's tower layer (`oauthsig::tower::OAuthLayer`)
//! in front of an axum 0.8 app, on a loopback port, the server side the
//! peer clients are sent to besides [`VerifierServer`](crate::server::VerifierServer).
//!
//! The app answers every path and method (a fallback handler behind the
//! layer) exactly as `VerifierServer` does on success: 200 and the same
//! JSON echo of what verified, which the handler reads with the `OAuth`
//! extractor. Refusals are the layer's own answers, unchanged: the
//! verifier's status, `WWW-Authenticate` on a 401 and a one-line message
//! (not JSON). The URL is rebuilt from the request (no public origin: the
//! clients sign `http://127.0.0.1:<port>/…`), bodies are read up to the
//! layer's default limit, and HTTP is hyper's (axum's `serve`), chunked
//! bodies and all.
//!
//! Each exchange is logged, as `VerifierServer` logs it, by a middleware
//! outside the layer: [`Outcome::Verified`] with the handler's [`Echo`],
//! [`Outcome::Rejected`] with the `VerifyError` the layer puts in the
//! response's extensions, [`Outcome::BadHttp`] for a refusal of the layer
//! that did not come from the verifier (a URL it cannot rebuild, a body
//! over the limit). The same middleware names the refusal in the answer,
//! in [`KIND_HEADER`] (the error's variant name, or `http`), the one thing
//! it adds; [`PeerServer::refusal_kind`] reads it. What hyper refuses
//! itself never reaches the app: not logged, no such header.
//!
//! The server runs on a tokio current-thread runtime of its own thread;
//! dropping it stops the runtime (open connections included) and joins the
//! thread.

use crate::server::{
    Echo, Exchange, Outcome, PeerServer, error_kind, fixture_lookup, fixture_verifier,
};
use crate::wire::RawResponse;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use oauthsig::tower::{OAuth, OAuthLayer};
use oauthsig::verifier::{CredentialLookup, Verifier, VerifyError};
use serde_json::json;
use std::io;
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};
use tokio::sync::oneshot;

type Log = Arc<Mutex<Vec<Exchange>>>;

/// The header naming who refused a request: the `VerifyError`'s variant
/// name ([`error_kind`]), or `http` for the layer's own refusals. The
/// `kind` of `VerifierServer`'s JSON answers.
pub const KIND_HEADER: &str = "x-refusal-kind";

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic on the server thread must not hide the log from the test.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A running axum app behind `OAuthLayer` on `127.0.0.1:<ephemeral>`;
/// dropped, it shuts down.
pub struct AxumServer {
    addr: SocketAddr,
    log: Log,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for AxumServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AxumServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl AxumServer {
    /// Starts the app with `OAuthLayer::new(verifier, lookup)`.
    ///
    /// # Errors
    /// Binding, runtime or thread start-up failures.
    pub fn start<L>(verifier: Verifier, lookup: L) -> io::Result<AxumServer>
    where
        L: CredentialLookup + Send + Sync + 'static,
    {
        let listener = TcpListener::bind(("127.0.0.1", 0))?;
        let addr = listener.local_addr()?;
        listener.set_nonblocking(true)?;
        let log: Log = Arc::default();
        let app = Router::new()
            .fallback(echo)
            .layer(OAuthLayer::new(verifier, Arc::new(lookup)))
            .layer(middleware::from_fn_with_state(Arc::clone(&log), record));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = thread::Builder::new()
            .name("axum-server".to_owned())
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                        return;
                    };
                    tokio::select! {
                        _ = axum::serve(listener, app) => {}
                        _ = stopped => {}
                    }
                });
                // The runtime is dropped here: every connection task with it.
            })?;
        Ok(AxumServer {
            addr,
            log,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// A server with the peer tests' [`fixture_verifier`] and
    /// [`fixture_lookup`], as [`VerifierServer::fixture`](crate::server::VerifierServer::fixture).
    ///
    /// # Errors
    /// As [`AxumServer::start`], as text.
    pub fn fixture() -> Result<AxumServer, String> {
        AxumServer::start(fixture_verifier()?, fixture_lookup)
            .map_err(|e| format!("starting the axum server: {e}"))
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
        std::mem::take(&mut *lock(&self.log))
    }
}

impl PeerServer for AxumServer {
    fn addr(&self) -> SocketAddr {
        self.addr
    }

    fn take_log(&self) -> Vec<Exchange> {
        AxumServer::take_log(self)
    }

    /// [`KIND_HEADER`] (the layer's answers are not JSON).
    fn refusal_kind(&self, response: &RawResponse) -> Option<String> {
        response.header(KIND_HEADER).map(str::to_owned)
    }
}

impl Drop for AxumServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The handler behind the layer, for every path and method: the JSON echo
/// `VerifierServer` answers, and the [`Echo`] for the log.
async fn echo(method: Method, uri: Uri, OAuth(verified): OAuth) -> Response {
    let echo = Echo {
        consumer_key: verified.consumer_key().to_owned(),
        token: verified.token().map(str::to_owned),
        signature_method: verified.signature_method(),
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
    let body = json!({
        "method": method.as_str(),
        "path": uri.path(),
        "consumer_key": echo.consumer_key,
        "token": echo.token,
        "signature_method": echo.signature_method.as_str(),
        "parameters": echo.parameters,
    });
    let mut response = (
        StatusCode::OK,
        [(CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response();
    response.extensions_mut().insert(echo);
    response
}

/// Outside the layer: logs each exchange with what decided it, and names a
/// refusal in [`KIND_HEADER`].
async fn record(State(log): State<Log>, request: Request, next: Next) -> Response {
    let method = request.method().as_str().to_owned();
    let target = request
        .uri()
        .path_and_query()
        .map_or_else(|| request.uri().to_string(), |pq| pq.as_str().to_owned());
    let mut response = next.run(request).await;
    let status = response.status().as_u16();
    let extensions = response.extensions();
    let outcome = if let Some(echo) = extensions.get::<Echo>() {
        Outcome::Verified(echo.clone())
    } else if let Some(e) = extensions.get::<VerifyError>() {
        Outcome::Rejected(e.clone())
    } else {
        Outcome::BadHttp(format!("refused by the layer, not the verifier ({status})"))
    };
    let kind = match &outcome {
        Outcome::Verified(_) => None,
        Outcome::Rejected(e) => Some(error_kind(e)),
        Outcome::BadHttp(_) => Some("http".to_owned()),
    };
    if let Some(value) = kind.and_then(|k| HeaderValue::try_from(k).ok()) {
        response.headers_mut().insert(KIND_HEADER, value);
    }
    lock(&log).push(Exchange {
        method,
        target,
        status,
        outcome,
    });
    response
}
