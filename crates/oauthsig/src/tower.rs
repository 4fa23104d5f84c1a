//! Verification as tower middleware (feature `tower`): [`OAuthLayer`] in
//! front of any [`tower_service::Service`] taking `http::Request`s — an axum
//! 0.8 `Router`, a hyper 1 service through `hyper-util`'s `TowerToHyperService`,
//! anything built with tower 0.5 — and, with feature `axum`, the [`OAuth`]
//! extractor for handlers.
//!
//! For each request [`OAuthService`]:
//!
//! 1. refuses with 413 a body that says (`Content-Length`, the body's size
//!    hint) it is longer than the [body limit](OAuthLayer::body_limit),
//!    before reading any of it;
//! 2. rebuilds the URL the client signed ([RFC 5849 §3.4.1.2]: scheme and
//!    authority from the [`PublicOrigin`], else — only when trusted — the
//!    proxy's `Forwarded` / `X-Forwarded-*` headers, else the request; path
//!    and query as received, never re-encoded; with feature `axum`, those
//!    of axum's `OriginalUri`, which a `Router::nest` prefix is not cut
//!    from): see [`origin`];
//! 3. reads the `Authorization` and `Content-Type` headers (each at most
//!    once, as text);
//! 4. reads the body into memory, answering 413 at the first frame past the
//!    limit (nothing after it is read);
//! 5. runs the [`Verifier`]'s async entry point ([`Verifier::verify_async`]:
//!    [RFC 5849 §3.2], every check in its fixed order, the nonce recorded in
//!    whichever [`NonceStore`](crate::NonceStore) it was built with, its
//!    answer awaited) with the [`CredentialLookup`];
//! 6. on success, calls the inner service with the [`Verified`] result in the
//!    request's extensions and the body it verified as a [`BufferedBody`].
//!
//! A refusal is answered here, the inner service never called: the
//! verifier's status ([`VerifyError::http_status`]: 400, 401, 413, 429 for
//! a consumer over its share of the nonce store, or 500/503 for a server
//! fault), with the verifier's `WWW-Authenticate`
//! challenge on a 401 ([`Verifier::www_authenticate`]; RFC 5849 §3.5.1,
//! RFC 2617), and a one-line `text/plain` body — the error's message, which
//! names the failed check and never contains the base string, a secret or
//! request data. The layer's own refusals are a 400 for a URL that cannot be
//! rebuilt ([`OriginError`]) or an unreadable header or body, and a 413 past
//! the body limit. The [`VerifyError`] (or the [`OriginError`]) is put in the
//! response's extensions for an outer middleware that logs; to see why a
//! signature did not match, log [`Verifier::base_string_for_logs`] there,
//! never in a response.
//!
//! Behind a TLS proxy, a 401 `invalid signature` for every client (or a 400
//! `plaintext signatures require https`) is usually the https/http mismatch:
//! configure [`OAuthLayer::public_origin`] or
//! [`OAuthLayer::trust_forwarded_headers`].
//!
//! Every request through the layer must be signed (an unsigned one is a 400
//! for its missing parameters): put it on the routes that need it (axum's
//! `Router::route_layer`).
//!
//! The checks and the lookup run inline, in the request's future: a
//! verification is a few microseconds of CPU (see `cargo bench -p oauthsig
//! --bench tower --features tower`). The nonce store is awaited: the
//! in-memory store answers at once, and `RedisNonceStore` (feature `redis`)
//! waits for Redis without holding the executor thread. A lookup that
//! blocks on I/O (a database query) holds the thread for that long: keep it
//! fast (a cache of prepared keys,
//! [`Credentials::Shared`](crate::Credentials::Shared)).
//!
//! [RFC 5849 §3.2]: https://www.rfc-editor.org/rfc/rfc5849#section-3.2
//! [RFC 5849 §3.4.1.2]: https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1.2
//!
//! ```
//! use oauthsig::tower::{BufferedBody, OAuthLayer, PublicOrigin};
//! use oauthsig::verifier::{CredentialQuery, Credentials, LookupError, Verified, Verifier};
//! use oauthsig::{Consumer, Request, SignatureMethod};
//! use std::{convert::Infallible, sync::Arc};
//! use tower::{Layer, ServiceExt, service_fn};
//!
//! // The server: a verifier, a lookup, and the layer around a service.
//! let verifier = Verifier::builder().allow(SignatureMethod::HmacSha256).build()?;
//! let lookup = Arc::new(|q: &CredentialQuery<'_>| match q.consumer_key() {
//!     "ck" => Ok(Credentials::secrets("cs", "")),
//!     _ => Err(LookupError::UnknownConsumer),
//! });
//! let layer = OAuthLayer::new(verifier, lookup)
//!     .public_origin(PublicOrigin::new("https://api.example.com")?)
//!     .body_limit(64 * 1024);
//! let service = layer.layer(service_fn(|req: ::http::Request<BufferedBody>| async move {
//!     let who = req.extensions().get::<Verified>().map(|v| v.consumer_key().to_owned());
//!     Ok::<_, Infallible>(::http::Response::new(format!("hello {}", who.unwrap_or_default())))
//! }));
//!
//! // A client signed https://api.example.com/…; the server, behind TLS, sees a path.
//! let consumer = Consumer::new("ck", "cs");
//! let signed = Request::from_consumer_and_token(&consumer, None, "GET", "https://api.example.com/photos?size=large")?
//!     .sign(SignatureMethod::HmacSha256, &consumer, None)?;
//! let request = ::http::Request::get("/photos?size=large")
//!     .header("host", "10.0.0.7:8080")
//!     .header("authorization", signed.to_header(None)?)
//!     .body(String::new())?;
//!
//! let runtime = tokio::runtime::Builder::new_current_thread().build()?;
//! let response = runtime.block_on(service.clone().oneshot(request))?;
//! assert_eq!(response.status(), 200);
//! assert_eq!(response.body(), "hello ck");
//!
//! // Unsigned: 400 for the missing parameters, from the verifier.
//! let unsigned = ::http::Request::get("/photos").header("host", "h").body(String::new())?;
//! let response = runtime.block_on(service.oneshot(unsigned))?;
//! assert_eq!(response.status(), 400);
//! assert_eq!(response.body(), "missing parameter oauth_consumer_key\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod body;
#[cfg(feature = "axum")]
mod extract;
pub mod origin;

pub use body::BufferedBody;
#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub use extract::{MissingOAuthLayer, OAuth};
pub use origin::{OriginError, OriginPolicy, OriginSource, PublicOrigin};

use crate::verifier::{CredentialLookup, DEFAULT_MAX_BODY_LEN, Verified, Verifier, VerifyError};
use ::http::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, WWW_AUTHENTICATE};
use ::http::{HeaderValue, Request, Response, StatusCode, request::Parts};
use body::NotRead;
use oauthsig_core::verify::Headers;
use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tower_layer::Layer;
use tower_service::Service;

/// The body limit unless [`OAuthLayer::body_limit`] sets one: the
/// verifier's own default ([`DEFAULT_MAX_BODY_LEN`], 1 MiB).
pub const DEFAULT_BODY_LIMIT: usize = DEFAULT_MAX_BODY_LEN;

/// A lookup shared by every clone of the service.
type SharedLookup = Arc<dyn CredentialLookup + Send + Sync>;

/// What every clone of the layer and its services shares.
#[derive(Clone)]
struct Config {
    verifier: Arc<Verifier>,
    lookup: SharedLookup,
    origin: OriginPolicy,
    body_limit: usize,
}

/// The [`tower_layer::Layer`] that verifies OAuth 1.0a requests before the
/// service it wraps sees them; see the [module docs](self).
///
/// Cloning is cheap (one `Arc`): the verifier (and so its nonce store) and
/// the lookup are shared by every service the layer makes.
///
/// ```
/// use oauthsig::tower::{OAuthLayer, PublicOrigin};
/// use oauthsig::verifier::{CredentialQuery, Credentials, LookupError, Verifier};
/// use oauthsig::SignatureMethod;
/// use std::sync::Arc;
///
/// let verifier = Verifier::builder().allow(SignatureMethod::HmacSha1).build()?;
/// let lookup = |_: &CredentialQuery<'_>| -> Result<Credentials<'static>, LookupError> {
///     Err(LookupError::UnknownConsumer)
/// };
/// // Behind a proxy that sets X-Forwarded-Proto / X-Forwarded-Host:
/// let layer = OAuthLayer::new(verifier, Arc::new(lookup)).trust_forwarded_headers(true);
/// assert!(layer.origin_policy().trusts_forwarded_headers());
/// // Or with the name clients use, whatever the request says:
/// let layer = layer.public_origin(PublicOrigin::new("https://api.example.com")?);
/// assert_eq!(layer.origin_policy().configured_origin().map(|o| o.scheme()), Some("https"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct OAuthLayer {
    config: Arc<Config>,
}

impl OAuthLayer {
    /// Verifies with `verifier` (or an `Arc` of one shared with other code)
    /// and finds credentials with `lookup`. The URL is rebuilt from the
    /// request alone and bodies are read up to [`DEFAULT_BODY_LIMIT`] until
    /// configured otherwise.
    pub fn new<L>(verifier: impl Into<Arc<Verifier>>, lookup: Arc<L>) -> Self
    where
        L: CredentialLookup + Send + Sync + 'static,
    {
        OAuthLayer {
            config: Arc::new(Config {
                verifier: verifier.into(),
                lookup,
                origin: OriginPolicy::new(),
                body_limit: DEFAULT_BODY_LIMIT,
            }),
        }
    }

    fn config_mut(&mut self) -> &mut Config {
        Arc::make_mut(&mut self.config)
    }

    /// Takes the scheme (and the authority, when it has one) of the signed
    /// URL from `origin`, whatever the request or its headers say.
    #[must_use]
    pub fn public_origin(mut self, origin: PublicOrigin) -> Self {
        let c = self.config_mut();
        c.origin = std::mem::take(&mut c.origin).public_origin(origin);
        self
    }

    /// Reads `Forwarded`, `X-Forwarded-Proto` and `X-Forwarded-Host` for the
    /// scheme and authority the public origin does not fix. Only behind a
    /// proxy that sets or strips all three (see [`origin`]).
    #[must_use]
    pub fn trust_forwarded_headers(mut self, trust: bool) -> Self {
        let c = self.config_mut();
        c.origin = std::mem::take(&mut c.origin).trust_forwarded_headers(trust);
        self
    }

    /// Replaces the whole URL policy.
    #[must_use]
    pub fn with_origin_policy(mut self, policy: OriginPolicy) -> Self {
        self.config_mut().origin = policy;
        self
    }

    /// The longest body read into memory (default [`DEFAULT_BODY_LIMIT`]);
    /// a longer one is answered 413 without being read further. Every
    /// request's body is read, signed or not (a form body or one covered by
    /// `oauth_body_hash` is verified; any other is buffered to be handed
    /// on), so this bounds uploads behind the layer too.
    #[must_use]
    pub fn body_limit(mut self, limit: usize) -> Self {
        self.config_mut().body_limit = limit;
        self
    }

    /// The verifier.
    pub fn verifier(&self) -> &Verifier {
        &self.config.verifier
    }

    /// How the signed URL is rebuilt.
    pub fn origin_policy(&self) -> &OriginPolicy {
        &self.config.origin
    }

    /// The body limit.
    pub fn configured_body_limit(&self) -> usize {
        self.config.body_limit
    }
}

impl fmt::Debug for OAuthLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthLayer")
            .field("verifier", &self.config.verifier)
            .field("origin", &self.config.origin)
            .field("body_limit", &self.config.body_limit)
            .finish_non_exhaustive()
    }
}

impl<S> Layer<S> for OAuthLayer {
    type Service = OAuthService<S>;

    fn layer(&self, inner: S) -> OAuthService<S> {
        OAuthService {
            inner,
            config: Arc::clone(&self.config),
        }
    }
}

/// The service [`OAuthLayer`] makes: verifies, then calls `S` with the
/// [`Verified`] result in the request's extensions and a [`BufferedBody`].
#[derive(Clone)]
pub struct OAuthService<S> {
    inner: S,
    config: Arc<Config>,
}

impl<S> OAuthService<S> {
    /// The wrapped service.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }

    /// The wrapped service, mutably.
    pub fn get_mut(&mut self) -> &mut S {
        &mut self.inner
    }

    /// The wrapped service, unwrapped.
    pub fn into_inner(self) -> S {
        self.inner
    }
}

impl<S: fmt::Debug> fmt::Debug for OAuthService<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthService")
            .field("inner", &self.inner)
            .field("origin", &self.config.origin)
            .field("body_limit", &self.config.body_limit)
            .finish_non_exhaustive()
    }
}

/// [`OAuthService`]'s future: boxed, `Send`.
pub type ResponseFuture<B, E> = Pin<Box<dyn Future<Output = Result<Response<B>, E>> + Send>>;

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for OAuthService<S>
where
    S: Service<Request<BufferedBody>, Response = Response<ResBody>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    ReqBody: http_body::Body + Send + 'static,
    ReqBody::Data: Send,
    ResBody: From<String> + Send + 'static,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = ResponseFuture<ResBody, S::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        // The service polled ready is the one called (tower's contract); a
        // clone takes its place for the next request.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let config = Arc::clone(&self.config);
        Box::pin(async move {
            let (mut parts, body) = request.into_parts();
            match authenticate(&config, &parts, body).await {
                Ok((verified, body)) => {
                    parts.extensions.insert(verified);
                    inner.call(Request::from_parts(parts, body)).await
                }
                Err(refusal) => Ok(refusal.into_response(&config.verifier)),
            }
        })
    }
}

/// Why a request was refused before the inner service saw it.
#[derive(Debug)]
enum Refusal {
    /// A check of the verifier failed.
    Verify(VerifyError),
    /// The signed URL cannot be rebuilt.
    Origin(OriginError),
    /// The body is longer than the layer's limit.
    BodyTooLarge(usize),
    /// The body stream failed.
    BodyUnreadable,
    /// `Authorization` or `Content-Type` is not text, or appears twice.
    Header(&'static str),
}

impl Refusal {
    /// The answer: the status, `WWW-Authenticate` on a 401, a one-line
    /// message, and the error in the extensions. Messages come from the
    /// errors' `Display`, which by their contract carry no request data,
    /// base string or secret.
    fn into_response<B: From<String>>(self, verifier: &Verifier) -> Response<B> {
        let (status, message) = match &self {
            Refusal::Verify(e) => (e.http_status(), e.to_string()),
            Refusal::Origin(e) => (400, format!("cannot rebuild the signed url: {e}")),
            Refusal::BodyTooLarge(limit) => (
                413,
                format!("request body exceeds the limit of {limit} bytes"),
            ),
            Refusal::BodyUnreadable => (400, "request body could not be read".to_owned()),
            Refusal::Header(name) => (400, format!("{name} header is not text, or is repeated")),
        };
        let mut response = Response::new(B::from(message + "\n"));
        *response.status_mut() =
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let headers = response.headers_mut();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        match self {
            Refusal::Verify(e) => {
                // The builder refused a realm that cannot be a header value.
                if let Some(challenge) = verifier
                    .www_authenticate(&e)
                    .and_then(|c| HeaderValue::try_from(c).ok())
                {
                    headers.insert(WWW_AUTHENTICATE, challenge);
                }
                response.extensions_mut().insert(e);
            }
            Refusal::Origin(e) => {
                response.extensions_mut().insert(e);
            }
            _ => {}
        }
        response
    }
}

/// The URI the client sent: under axum's `Router::nest`, the request's URI
/// has lost the prefix and axum keeps the original in `OriginalUri`.
fn received_uri(parts: &Parts) -> &::http::Uri {
    #[cfg(feature = "axum")]
    if let Some(original) = parts.extensions.get::<::axum::extract::OriginalUri>() {
        return &original.0;
    }
    &parts.uri
}

/// Steps 1–5 of the [module docs](self): the verified result and the body.
async fn authenticate<B: http_body::Body>(
    config: &Config,
    parts: &Parts,
    body: B,
) -> Result<(Verified, BufferedBody), Refusal> {
    let limit = config.body_limit;
    let too_large = || Refusal::BodyTooLarge(limit);
    // 1. A declared length over the limit: nothing is read. (An unreadable
    // one is the body's business: its size hint is checked as it is read.)
    let declared = parts.headers.get(CONTENT_LENGTH);
    if let Some(len) = declared.and_then(|v| v.to_str().ok()?.parse::<u64>().ok()) {
        if len > u64::try_from(limit).unwrap_or(u64::MAX) {
            return Err(too_large());
        }
    }
    // 2. The URL the client signed (RFC 5849 §3.4.1.2), checked now and
    // joined after the body is read.
    let url = config
        .origin
        .signed_parts(received_uri(parts), &parts.headers)
        .map_err(Refusal::Origin)?;
    // 3. The headers verification reads, each once (core's rule: which of
    // two would have been signed is ambiguous). `Host` is not among them:
    // the URL already carries the authority.
    let mut headers = Headers::<&str>::default();
    for (name, label) in [
        (AUTHORIZATION, "authorization"),
        (CONTENT_TYPE, "content-type"),
    ] {
        for value in parts.headers.get_all(&name) {
            let text = std::str::from_utf8(value.as_bytes()).map_err(|_| Refusal::Header(label))?;
            headers
                .insert(label, text)
                .map_err(|r| Refusal::Header(r.name))?;
        }
    }
    // 4. The body, in memory, up to the limit.
    let body = body::read(body, limit).await.map_err(|e| match e {
        NotRead::TooLarge => too_large(),
        NotRead::Failed => Refusal::BodyUnreadable,
    })?;
    // 5. Every check of RFC 5849 §3.2; the nonce store's answer awaited.
    let url = Joined::new(&url.parts());
    let incoming = headers.incoming(parts.method.as_str(), url.as_str(), body.bytes());
    let verified = config
        .verifier
        .verify_async(&incoming, config.lookup.as_ref())
        .await
        .map_err(Refusal::Verify)?;
    Ok((verified, body))
}

/// Room on the stack for the usual URL.
const URL_ROOM: usize = 512;

/// URL parts joined: in place when they fit (the usual URL), else in a
/// `String`. It lives in the request's future, boxed once already: the
/// room inline costs no allocation, where boxing it would.
#[allow(clippy::large_enum_variant)]
enum Joined {
    Inline { room: [u8; URL_ROOM], len: usize },
    Heap(String),
}

impl Joined {
    fn new(parts: &[&str]) -> Self {
        let len: usize = parts.iter().map(|p| p.len()).sum();
        if len > URL_ROOM {
            return Joined::Heap(parts.concat());
        }
        let mut room = [0u8; URL_ROOM];
        let mut at = 0;
        for p in parts {
            room[at..at + p.len()].copy_from_slice(p.as_bytes());
            at += p.len();
        }
        Joined::Inline { room, len: at }
    }

    fn as_str(&self) -> &str {
        match self {
            // Texts joined whole are text; the empty fallback cannot be
            // reached, and would fail verification rather than panic.
            Joined::Inline { room, len } => std::str::from_utf8(&room[..*len]).unwrap_or(""),
            Joined::Heap(s) => s,
        }
    }
}
