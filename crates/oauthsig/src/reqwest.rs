//! Signing [`reqwest`] requests (feature `reqwest`; the blocking
//! client's with `reqwest-blocking`, a [`reqwest_middleware`] middleware with
//! `reqwest-middleware`).
//!
//! An [`OAuth1`] holds one client's configuration — consumer, token,
//! signature method, where the protocol parameters go, realm, body-hash
//! policy, and the `oauth_callback` / `oauth_verifier` of the
//! temporary-credential and token requests — and signs each request in
//! place with a fresh CSPRNG nonce and the clock's timestamp
//! (RFC 5849 §3.3). Nothing of the protocol is decided here: the request
//! goes through the same path as [`crate::http::sign`] (the body rule, the
//! [`Request`](crate::Request) signed by oauthsig-core's engine, the header
//! writer), so both adapters send the same bytes for the same request.
//!
//! ```
//! use oauthsig::reqwest::OAuth1;
//! use oauthsig::{Consumer, SignatureMethod, Token};
//!
//! let oauth = OAuth1::new(Consumer::new("key", "secret"))
//!     .token(Token::new("token", "token secret"))
//!     .signature_method(SignatureMethod::HmacSha256)
//!     .realm("Photos");
//! let mut request = reqwest::Client::new()
//!     .post("https://api.example.com/statuses/update")
//!     .header("content-type", "application/x-www-form-urlencoded")
//!     .body("status=hello%20world")
//!     .build()?;
//! oauth.sign(&mut request)?;
//! let header = request.headers()["authorization"].to_str()?;
//! assert!(header.starts_with(r#"OAuth realm="Photos", oauth_consumer_key="key", oauth_token="token""#));
//! // then: client.execute(request).await?
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! With `reqwest-middleware`, the same `OAuth1` is a
//! [`Middleware`](reqwest_middleware::Middleware) that signs every request
//! the client sends:
//!
//! ```
//! # #[cfg(feature = "reqwest-middleware")] {
//! use oauthsig::{Consumer, Token, reqwest::OAuth1};
//! let oauth = OAuth1::new(Consumer::new("key", "secret")).token(Token::new("token", "token secret"));
//! let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
//!     .with(oauth) // attach it last: see below
//!     .build();
//! // client.get("https://api.example.com/items?page=2").send().await?
//! # let _ = client;
//! # }
//! ```
//!
//! # Bodies
//!
//! - A body whose `Content-Type` is `application/x-www-form-urlencoded` is
//!   signed by its parameters (§3.4.1.3.1), never hashed.
//! - Any other body is covered by `oauth_body_hash` (the OAuth Request Body
//!   Hash extension, SHA-1) as the [`BodyHashPolicy`] says:
//!   [`OpaqueBody`](BodyHashPolicy::OpaqueBody) (the default: requests with
//!   a non-form body), [`UnlessForm`](BodyHashPolicy::UnlessForm) (every
//!   non-form request, an empty GET included) or
//!   [`Never`](BodyHashPolicy::Never) (X's JSON endpoints, multipart
//!   uploads that sign only the protocol parameters).
//! - A streamed body (`reqwest::Body::wrap_stream` or `Body::wrap`, a
//!   blocking client's reader body) has no bytes to read before it is
//!   sent: it is [`SignError::StreamedBody`], unless the policy is `Never`
//!   and the body is not form-encoded (then the body is not part of the
//!   signature at all).
//!
//! # What to know when sending
//!
//! - Attach the middleware **last** (closest to the network): a retry
//!   middleware in front of it then gets a fresh nonce and signature per
//!   attempt; behind it, every attempt would resend the same nonce, which
//!   the server refuses as a replay (§3.3).
//! - reqwest follows redirects without asking; a redirected request keeps
//!   the `Authorization` header signed for the first URL (or loses it on
//!   another host), so a signed call that is redirected fails. Use
//!   `reqwest::redirect::Policy::none()` to see the redirect instead.
//! - `feature = "reqwest"` turns on no TLS stack: enable reqwest's
//!   (`rustls`, `native-tls`, …) in the application, and it applies here.

#[cfg(feature = "reqwest-middleware")]
mod middleware;

use crate::{BodyHashPolicy, Consumer, Error, SignatureMethod, SigningKey, Token};
use ::http::header::{AUTHORIZATION, CONTENT_TYPE};
use ::http::{HeaderMap, HeaderValue, Method};
use ::reqwest::Url;
use oauthsig_core::body::{BodyHashAlgorithm, is_form_content_type};
use std::fmt;
use std::sync::OnceLock;
use zeroize::Zeroizing;

/// Where [`OAuth1`] puts the signed protocol parameters (RFC 5849 §3.5).
///
/// ```
/// use oauthsig::reqwest::Placement;
/// assert_eq!(Placement::default(), Placement::Header);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Placement {
    /// The `Authorization` header (§3.5.1), with the realm if one is set.
    #[default]
    Header,
    /// The URL's query, after the parameters already there (§3.5.3).
    Query,
    /// The form-encoded body, after its own parameters (§3.5.2): only for a
    /// request with a form body or none (which then gets one).
    Form,
}

/// Why [`OAuth1::sign`] could not sign a request.
///
/// ```
/// use oauthsig::reqwest::{OAuth1, SignError};
/// let oauth = OAuth1::new(oauthsig::Consumer::new("key", "secret"));
/// let mut request = reqwest::Request::new(reqwest::Method::PUT, "https://api.example.com/blob".parse()?);
/// *request.body_mut() = Some(reqwest::Body::wrap(String::from("streamed")));
/// let err = oauth.sign(&mut request).unwrap_err();
/// assert_eq!(err, SignError::StreamedBody { form: false });
/// assert!(err.to_string().contains("BodyHashPolicy::Never"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignError {
    /// oauthsig refused the request or the configuration: a URL it cannot
    /// sign, a malformed form body, a key of the wrong kind for the
    /// signature method, no randomness or clock.
    OAuth(Error),
    /// The body is a stream, whose bytes are not known before it is sent:
    /// they can be neither signed (a form body, `form`) nor hashed into
    /// `oauth_body_hash`. Buffer the body, or (not for a form body) sign
    /// with [`BodyHashPolicy::Never`] when the provider wants no body hash.
    StreamedBody {
        /// Whether the body is form-encoded (its parameters must be signed,
        /// whatever the policy).
        form: bool,
    },
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignError::OAuth(e) => e.fmt(f),
            SignError::StreamedBody { form: true } => f.write_str(
                "request body is a stream: a form-encoded body's parameters are signed, \
                 so it must be buffered before signing",
            ),
            SignError::StreamedBody { form: false } => f.write_str(
                "request body is a stream: its bytes cannot be hashed into oauth_body_hash \
                 before it is sent; buffer it, or sign with BodyHashPolicy::Never",
            ),
        }
    }
}

impl std::error::Error for SignError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SignError::OAuth(e) => Some(e),
            SignError::StreamedBody { .. } => None,
        }
    }
}

impl From<Error> for SignError {
    fn from(e: Error) -> Self {
        SignError::OAuth(e)
    }
}

/// One client's OAuth 1.0a configuration, which signs its reqwest
/// requests: [`OAuth1::sign`], [`OAuth1::sign_blocking`] (feature
/// `reqwest-blocking`), or as a middleware (feature `reqwest-middleware`).
///
/// Defaults: no token, HMAC-SHA1, the `Authorization` header without a
/// realm, [`BodyHashPolicy::OpaqueBody`], `oauth_version="1.0"` sent. The
/// signing key is prepared once, at the first request, and shared by every
/// later one (`OAuth1` is `Send + Sync`; clone it freely).
///
/// The three legs of RFC 5849 §2, each its own `OAuth1`:
///
/// ```
/// use oauthsig::reqwest::OAuth1;
/// use oauthsig::{Consumer, Token};
/// let consumer = Consumer::new("dpf43f3p2l4k3l03", "kd94hf93k423kf44");
/// // §2.1: temporary credentials, with the callback.
/// let initiate = OAuth1::new(consumer.clone()).callback("http://printer.example.com/ready");
/// // §2.3: token credentials, with the temporary token and the verifier.
/// let temporary = Token::new("hh5s93j4hdidpola", "hdhd0244k9j7ao03");
/// let token = OAuth1::new(consumer.clone()).token(temporary).verifier("hfdp7dh39dks9884");
/// // §3: protected resources, with the token credentials.
/// let api = OAuth1::new(consumer).token(Token::new("nnch734d00sl2jdk", "pfkkdhi9sl3r4s00"));
/// # let _ = (initiate, token, api);
/// ```
#[derive(Clone)]
pub struct OAuth1 {
    consumer: Consumer,
    token: Option<Token>,
    method: SignatureMethod,
    placement: Placement,
    realm: Option<String>,
    body_hash: BodyHashPolicy,
    body_hash_algorithm: BodyHashAlgorithm,
    version: bool,
    nonce_len: usize,
    callback: Option<String>,
    verifier: Option<Zeroizing<String>>,
    nonce: Option<String>,
    timestamp: Option<String>,
    plaintext_over_http: bool,
    /// Prepared from `consumer`, `token` and `method` at the first request;
    /// reset by every builder method that changes one of them.
    key: OnceLock<Result<SigningKey, Error>>,
}

impl OAuth1 {
    /// A configuration for `consumer`, with the defaults above.
    ///
    /// ```
    /// let oauth = oauthsig::reqwest::OAuth1::new(oauthsig::Consumer::new("key", "secret"));
    /// assert_eq!(oauth.consumer().key(), "key");
    /// ```
    pub fn new(consumer: Consumer) -> Self {
        OAuth1 {
            consumer,
            token: None,
            method: SignatureMethod::HmacSha1,
            placement: Placement::Header,
            realm: None,
            body_hash: BodyHashPolicy::default(),
            body_hash_algorithm: BodyHashAlgorithm::Sha1,
            version: true,
            nonce_len: crate::NONCE_LEN,
            callback: None,
            verifier: None,
            nonce: None,
            timestamp: None,
            plaintext_over_http: false,
            key: OnceLock::new(),
        }
    }

    /// Signs with `token` too: `oauth_token`, its secret in the key (§3.4.2),
    /// and its verifier, if it has one, as `oauth_verifier`.
    #[must_use]
    pub fn token(mut self, token: Token) -> Self {
        self.token = Some(token);
        self.key = OnceLock::new();
        self
    }

    /// The signature method (default HMAC-SHA1). An RSA method needs a
    /// consumer made with `Consumer::rsa` (feature `rsa`); a mismatch is
    /// reported when signing.
    #[must_use]
    pub fn signature_method(mut self, method: SignatureMethod) -> Self {
        self.method = method;
        self.key = OnceLock::new();
        self
    }

    /// Where the protocol parameters go (default [`Placement::Header`]).
    #[must_use]
    pub fn placement(mut self, placement: Placement) -> Self {
        self.placement = placement;
        self
    }

    /// The `realm` written first in the `Authorization` header (never
    /// signed, §3.4.1.3.1; NetSuite's account id, E*TRADE's `""`). Only the
    /// header carries it (§3.5.1).
    #[must_use]
    pub fn realm(mut self, realm: &str) -> Self {
        self.realm = Some(realm.to_owned());
        self
    }

    /// When a non-form body gets `oauth_body_hash` (default
    /// [`BodyHashPolicy::OpaqueBody`]; see the [module docs](self#bodies)).
    #[must_use]
    pub fn body_hash(mut self, policy: BodyHashPolicy) -> Self {
        self.body_hash = policy;
        self
    }

    /// The hash of `oauth_body_hash` (default SHA-1; SHA-256 for a
    /// provider that wants it, such as Mastercard).
    #[must_use]
    pub fn body_hash_algorithm(mut self, algorithm: BodyHashAlgorithm) -> Self {
        self.body_hash_algorithm = algorithm;
        self
    }

    /// Takes `profile`'s client choices: signature method, placement,
    /// realm, body-hash policy and hash, `oauth_version`, nonce length.
    /// (A profile's [deviations](crate::profile::Profile::deviations) are
    /// never applied.) Builder calls after this one override it.
    ///
    /// ```
    /// use oauthsig::profile::Profile;
    /// use oauthsig::{Consumer, Token, reqwest::OAuth1};
    /// let netsuite = Profile::netsuite("123456_SB1")?;
    /// let oauth = OAuth1::new(Consumer::new("ck", "cs")).token(Token::new("tk", "ts")).profile(&netsuite);
    /// let mut request = reqwest::Request::new(reqwest::Method::GET,
    ///     "https://123456-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/customer/1".parse()?);
    /// oauth.sign(&mut request)?;
    /// let header = request.headers()["authorization"].to_str()?;
    /// assert!(header.starts_with(r#"OAuth realm="123456_SB1", "#));
    /// assert!(header.contains(r#"oauth_signature_method="HMAC-SHA256""#));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn profile(mut self, profile: &crate::profile::Profile) -> Self {
        use crate::profile::Placement as P;
        self = self.signature_method(profile.signature_method());
        self.placement = match profile.placement() {
            P::Query => Placement::Query,
            P::Form => Placement::Form,
            _ => Placement::Header,
        };
        self.realm = profile.realm().map(str::to_owned);
        self.body_hash = profile.body_hash();
        self.body_hash_algorithm = profile.body_hash_algorithm();
        self.version = profile.sends_version();
        self.nonce_len = profile.nonce_len();
        self
    }

    /// Whether to send the optional `oauth_version="1.0"` (default `true`;
    /// RFC 5849's own examples leave it out).
    #[must_use]
    pub fn version(mut self, include: bool) -> Self {
        self.version = include;
        self
    }

    /// `oauth_callback`, for the temporary-credential request (§2.1): the
    /// URL the server sends the resource owner back to, or `oob`.
    #[must_use]
    pub fn callback(mut self, callback: &str) -> Self {
        self.callback = Some(callback.to_owned());
        self
    }

    /// `oauth_verifier`, for the token request (§2.3); it replaces the
    /// token's own verifier, if any.
    #[must_use]
    pub fn verifier(mut self, verifier: &str) -> Self {
        self.verifier = Some(Zeroizing::new(verifier.to_owned()));
        self
    }

    /// Pins `oauth_nonce`, **for tests only**: every request then carries
    /// this nonce, and a server refuses all but the first (§3.3).
    #[must_use]
    pub fn nonce(mut self, nonce: &str) -> Self {
        self.nonce = Some(nonce.to_owned());
        self
    }

    /// Pins `oauth_timestamp` (§3.3): for tests, or to sign on another
    /// clock than this machine's, such as a provider's after it refused
    /// the timestamp (`oauthsig request --fix-clock`). Every request then
    /// carries it, so make a new `OAuth1` when the clock moves on.
    #[must_use]
    pub fn timestamp(mut self, timestamp: &str) -> Self {
        self.timestamp = Some(timestamp.to_owned());
        self
    }

    /// Lets PLAINTEXT sign requests to plain `http` URLs, which sends the
    /// secrets in clear; without it they fail with the engine's
    /// `PlaintextOverHttp` (RFC 5849 §3.4.4 requires TLS).
    #[must_use]
    pub fn allow_plaintext_over_http(mut self) -> Self {
        self.plaintext_over_http = true;
        self
    }

    /// The consumer.
    pub fn consumer(&self) -> &Consumer {
        &self.consumer
    }

    /// Signs `request` in place: a fresh nonce and timestamp, the body as
    /// the [module docs](self#bodies) say, and the protocol parameters
    /// written where the [`Placement`] says (replacing an `Authorization`
    /// header already there).
    ///
    /// ```
    /// use oauthsig::reqwest::{OAuth1, Placement};
    /// use oauthsig::Consumer;
    /// let oauth = OAuth1::new(Consumer::new("key", "secret")).placement(Placement::Query);
    /// let mut request = reqwest::Request::new(reqwest::Method::GET, "https://api.example.com/items?page=2".parse()?);
    /// oauth.sign(&mut request)?;
    /// assert!(request.url().query().unwrap().starts_with("page=2&oauth_consumer_key=key&"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`SignError::StreamedBody`] for a body whose bytes are unavailable;
    /// [`SignError::OAuth`] as [`crate::http::sign`] (a URL that is not
    /// http(s), a malformed form body, a content type that is not text), for
    /// a key of the wrong kind for the method, for the form placement of a
    /// request with another body (`NotFormEncoded`), and when no nonce or
    /// timestamp can be made.
    pub fn sign(&self, request: &mut ::reqwest::Request) -> Result<(), SignError> {
        self.sign_outgoing(request)
    }

    /// [`OAuth1::sign`] for the blocking client's request (feature
    /// `reqwest-blocking`).
    ///
    /// ```
    /// use oauthsig::{Consumer, reqwest::OAuth1};
    /// let oauth = OAuth1::new(Consumer::new("key", "secret"));
    /// let mut request = reqwest::blocking::Request::new(reqwest::Method::GET, "https://api.example.com/".parse()?);
    /// oauth.sign_blocking(&mut request)?;
    /// assert!(request.headers().contains_key("authorization"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`OAuth1::sign`].
    #[cfg(feature = "reqwest-blocking")]
    #[cfg_attr(docsrs, doc(cfg(feature = "reqwest-blocking")))]
    pub fn sign_blocking(
        &self,
        request: &mut ::reqwest::blocking::Request,
    ) -> Result<(), SignError> {
        self.sign_outgoing(request)
    }

    /// The prepared key (§3.4.2 / §3.4.3), made once.
    fn key(&self) -> Result<&SigningKey, Error> {
        self.key
            .get_or_init(|| self.consumer.signing_key(self.method, self.token.as_ref()))
            .as_ref()
            .map_err(Clone::clone)
    }

    fn sign_outgoing<R: Signable>(&self, request: &mut R) -> Result<(), SignError> {
        let placed = {
            let (method, url, headers, body) = request.parts();
            self.signed(method, url, headers, body)?
        };
        match placed {
            Placed::Header(value) => {
                request.headers_mut().insert(AUTHORIZATION, value);
            }
            Placed::Url(url) => *request.url_mut() = url,
            Placed::Form(body) => {
                request
                    .headers_mut()
                    .entry(CONTENT_TYPE)
                    .or_insert(HeaderValue::from_static(crate::FORM_CONTENT_TYPE));
                request.set_body(body);
            }
        }
        Ok(())
    }

    /// Signs the request described by its parts and says what to write
    /// back. Must stay the same path as `crate::http::sign`: the shared
    /// body rule (`http::unsigned`), the protocol parameters of
    /// `Request::with_credentials`, the std `Request` signed by core's
    /// engine, and the shared header writer (`http::authorization`) — so
    /// the two adapters send identical bytes (tests/reqwest.rs checks it).
    fn signed(
        &self,
        method: &Method,
        url: &Url,
        headers: &HeaderMap,
        body: BodyBytes<'_>,
    ) -> Result<Placed, SignError> {
        let content_type = crate::http::content_type(headers)?;
        let sent = crate::http::Sent {
            host: crate::http::host(headers)?,
            content_type,
        };
        let form = content_type.is_some_and(is_form_content_type);
        let bytes: &[u8] = match body {
            BodyBytes::None => b"",
            BodyBytes::Bytes(bytes) => bytes,
            // A form body's parameters are always signed (§3.4.1.3.1), and
            // a hash needs the bytes: only an unsigned opaque body may
            // stream.
            BodyBytes::Streamed if form || self.body_hash != BodyHashPolicy::Never => {
                return Err(SignError::StreamedBody { form });
            }
            BodyBytes::Streamed => b"",
        };
        let mut ours = crate::http::unsigned(method.as_str(), url.as_str(), sent, bytes)?;
        if self.placement == Placement::Form && !ours.is_form_encoded() {
            // §3.5.2: the parameters can join a form body, or make one.
            let bodiless = content_type.is_none()
                && match body {
                    BodyBytes::None => true,
                    BodyBytes::Bytes(bytes) => bytes.is_empty(),
                    BodyBytes::Streamed => false,
                };
            if !bodiless {
                return Err(Error::from(oauthsig_core::Error::NotFormEncoded).into());
            }
            ours.set_form_body("")?;
        }
        ours = ours.with_credentials(&self.consumer, self.token.as_ref())?;
        if let Some(nonce) = &self.nonce {
            ours = ours.nonce(nonce);
        } else if self.nonce_len != crate::NONCE_LEN {
            ours = ours.nonce(&crate::generate_nonce(self.nonce_len)?);
        }
        if let Some(timestamp) = &self.timestamp {
            ours = ours.timestamp(timestamp);
        }
        if self.plaintext_over_http {
            ours = ours.allow_plaintext_over_http();
        }
        if !self.version {
            ours = ours.remove_param("oauth_version");
        }
        if let Some(callback) = &self.callback {
            ours = ours.callback(callback);
        }
        if let Some(verifier) = &self.verifier {
            ours = ours.verifier(verifier);
        }
        ours = ours
            .body_hash(self.body_hash)
            .body_hash_algorithm(self.body_hash_algorithm);
        ours.sign_with_key_in_place(self.key()?)?;
        Ok(match self.placement {
            Placement::Header => {
                Placed::Header(crate::http::authorization(&ours, self.realm.as_deref())?)
            }
            Placement::Query => {
                Placed::Url(Url::parse(&ours.to_url()).map_err(|_| Error::Http { part: "url" })?)
            }
            Placement::Form => Placed::Form(ours.to_postdata()),
        })
    }
}

impl fmt::Debug for OAuth1 {
    /// Shows the configuration without secrets: the consumer's and token's
    /// `Debug` hide theirs, and the verifier is hidden.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuth1")
            .field("consumer", &self.consumer)
            .field("token", &self.token)
            .field("signature_method", &self.method)
            .field("placement", &self.placement)
            .field("realm", &self.realm)
            .field("body_hash", &self.body_hash)
            .field("body_hash_algorithm", &self.body_hash_algorithm)
            .field("version", &self.version)
            .field("nonce_len", &self.nonce_len)
            .field("callback", &self.callback)
            .field(
                "verifier",
                &self.verifier.as_ref().map(|_| format_args!("<hidden>")),
            )
            .field("nonce", &self.nonce)
            .field("timestamp", &self.timestamp)
            .field("plaintext_over_http", &self.plaintext_over_http)
            .finish_non_exhaustive()
    }
}

/// A request body as signing sees it.
#[derive(Clone, Copy)]
enum BodyBytes<'a> {
    None,
    Bytes(&'a [u8]),
    /// A stream: no bytes before it is sent.
    Streamed,
}

/// What a signed request gets written into it.
enum Placed {
    Header(HeaderValue),
    Url(Url),
    Form(String),
}

/// The request types [`OAuth1`] signs: the async and the blocking client's.
trait Signable {
    fn parts(&self) -> (&Method, &Url, &HeaderMap, BodyBytes<'_>);
    fn url_mut(&mut self) -> &mut Url;
    fn headers_mut(&mut self) -> &mut HeaderMap;
    fn set_body(&mut self, body: String);
}

impl Signable for ::reqwest::Request {
    fn parts(&self) -> (&Method, &Url, &HeaderMap, BodyBytes<'_>) {
        let body = match self.body() {
            None => BodyBytes::None,
            Some(body) => body
                .as_bytes()
                .map_or(BodyBytes::Streamed, BodyBytes::Bytes),
        };
        (self.method(), self.url(), self.headers(), body)
    }
    fn url_mut(&mut self) -> &mut Url {
        ::reqwest::Request::url_mut(self)
    }
    fn headers_mut(&mut self) -> &mut HeaderMap {
        ::reqwest::Request::headers_mut(self)
    }
    fn set_body(&mut self, body: String) {
        *self.body_mut() = Some(body.into());
    }
}

#[cfg(feature = "reqwest-blocking")]
impl Signable for ::reqwest::blocking::Request {
    fn parts(&self) -> (&Method, &Url, &HeaderMap, BodyBytes<'_>) {
        let body = match self.body() {
            None => BodyBytes::None,
            Some(body) => body
                .as_bytes()
                .map_or(BodyBytes::Streamed, BodyBytes::Bytes),
        };
        (self.method(), self.url(), self.headers(), body)
    }
    fn url_mut(&mut self) -> &mut Url {
        ::reqwest::blocking::Request::url_mut(self)
    }
    fn headers_mut(&mut self) -> &mut HeaderMap {
        ::reqwest::blocking::Request::headers_mut(self)
    }
    fn set_body(&mut self, body: String) {
        *self.body_mut() = Some(body.into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oauth() -> OAuth1 {
        OAuth1::new(Consumer::new("key", "secret"))
            .nonce("n")
            .timestamp("1")
    }

    fn request(method: Method, url: &str) -> ::reqwest::Request {
        ::reqwest::Request::new(method, url.parse().unwrap_or_else(|_| unreachable!()))
    }

    #[test]
    fn form_placement_makes_a_form_body_and_refuses_others() {
        let mut get = request(Method::POST, "http://example.com/");
        oauth().placement(Placement::Form).sign(&mut get).unwrap();
        assert_eq!(
            get.headers()[CONTENT_TYPE],
            "application/x-www-form-urlencoded"
        );
        let body = get.body().and_then(|b| b.as_bytes()).unwrap_or_default();
        assert!(body.starts_with(b"oauth_consumer_key=key&"));
        let mut json = request(Method::POST, "http://example.com/");
        json.headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        *json.body_mut() = Some("{}".into());
        let refused = Err(SignError::OAuth(Error::Core(
            oauthsig_core::Error::NotFormEncoded,
        )));
        assert_eq!(oauth().placement(Placement::Form).sign(&mut json), refused);
        // Bytes without a content type are a body too, never dropped.
        let mut raw = request(Method::POST, "http://example.com/");
        *raw.body_mut() = Some("raw bytes".into());
        assert_eq!(oauth().placement(Placement::Form).sign(&mut raw), refused);
        let body = raw.body().and_then(|b| b.as_bytes());
        assert_eq!(body, Some(&b"raw bytes"[..]));
    }

    #[test]
    fn wrong_key_kind_is_reported_and_kept() {
        let oauth = oauth().signature_method(SignatureMethod::RsaSha1);
        let mut get = request(Method::GET, "http://example.com/");
        let err = oauth.sign(&mut get).unwrap_err();
        assert_eq!(
            err,
            SignError::OAuth(Error::Core(oauthsig_core::Error::WrongKeyKind(
                SignatureMethod::RsaSha1
            )))
        );
        assert!(get.headers().get(AUTHORIZATION).is_none());
        assert_eq!(oauth.sign(&mut get).unwrap_err(), err);
    }

    #[test]
    fn streamed_form_bodies_are_refused_under_every_policy() {
        let mut post = request(Method::POST, "http://example.com/");
        post.headers_mut().insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        *post.body_mut() = Some(::reqwest::Body::wrap(String::from("a=1")));
        let never = oauth().body_hash(BodyHashPolicy::Never);
        assert_eq!(
            never.sign(&mut post),
            Err(SignError::StreamedBody { form: true })
        );
        assert!(
            SignError::StreamedBody { form: true }
                .to_string()
                .contains("buffered")
        );
    }

    #[test]
    fn shared_between_threads() {
        fn send_sync<T: Send + Sync + Clone + 'static>() {}
        send_sync::<OAuth1>();
        send_sync::<SignError>();
    }

    #[test]
    fn debug_hides_secrets() {
        let oauth = OAuth1::new(Consumer::new("key", "consumer-secret"))
            .token(Token::new("token", "token-secret"))
            .verifier("verifier-secret");
        let shown = format!("{oauth:?}");
        for secret in ["consumer-secret", "token-secret", "verifier-secret"] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }
}
