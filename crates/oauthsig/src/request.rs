//! An owned HTTP request to sign or verify ([RFC 5849 §3](https://www.rfc-editor.org/rfc/rfc5849#section-3)):
//! method, URL, parameters from every source (§3.4.1.3.1), and body, with
//! python-oauth2's `Request` operations on top of the protocol engine.
//!
//! Every protocol rule is `oauthsig-core`'s: signing is one call to its
//! engine ([`oauthsig_core::sign`]), and the views of a request "as it
//! stands" (base string, normalized parameters, signature check) are its
//! verification engine's ([`oauthsig_core::verify`]) over the request as it
//! would be sent. This module owns the text — in one string, no `String`
//! per parameter — and decides which parameter goes where.

mod deviation;
mod incoming;
mod output;
mod parameter;
mod profile;
mod signing;
mod store;

pub use oauthsig_core::body::{FORM_CONTENT_TYPE, is_form_content_type};
pub use parameter::Parameter;
pub use profile::Placed;

use crate::{Consumer, Error, Token};
use oauthsig_core::body::BodyHashAlgorithm;
use oauthsig_core::header::FormSerializer;
use oauthsig_core::params::{pairs, query_of};
use oauthsig_core::token::is_token;
use oauthsig_core::{BaseStringUri, Param, Part, Source};
use std::borrow::Cow;
use std::fmt;
use store::{Piece, Store};

/// The name of the header [`Request::to_header`] writes.
///
/// ```
/// let request = oauthsig::Request::new("GET", "http://example.com/")?.nonce("n");
/// let (name, value) = (oauthsig::AUTHORIZATION, request.to_header(None)?);
/// assert_eq!(format!("{name}: {value}"), r#"Authorization: OAuth oauth_nonce="n""#);
/// # Ok::<(), oauthsig::Error>(())
/// ```
pub const AUTHORIZATION: &str = "Authorization";

/// When [`Request::sign`] adds `oauth_body_hash` (the OAuth Request Body
/// Hash extension: base64 of the body's SHA-1, with every signature method,
/// as oauthlib does): never to a form-encoded request, whose body parameters
/// are signed already.
///
/// ```
/// use oauthsig::{BodyHashPolicy, Consumer, Request, SignatureMethod};
/// let consumer = Consumer::new("consumer", "con-test-secret");
/// let request = Request::from_consumer_and_token(&consumer, None, "PUT", "http://www.example.com/resource")?
///     .body("Hello World!", "text/plain");
/// let signed = request.clone().sign(SignatureMethod::HmacSha1, &consumer, None)?;
/// assert_eq!(signed.get("oauth_body_hash")?.as_deref(), Some("Lve95gjOVATpfV8EL5X4nxwjKHE="));
/// let unhashed = request.body_hash(BodyHashPolicy::Never).sign(SignatureMethod::HmacSha1, &consumer, None)?;
/// assert_eq!(unhashed.get("oauth_body_hash")?, None);
/// # Ok::<(), oauthsig::Error>(())
/// ```
pub use oauthsig_core::body::BodyHashPolicy;

#[derive(Clone, Debug)]
enum Body {
    None,
    /// `application/x-www-form-urlencoded` text, as given or received.
    Form(Piece),
    Opaque(Vec<u8>),
}

/// An HTTP request with its OAuth parameters: built to be signed, or parsed
/// from what a server received ([`Request::from_request`]).
///
/// Parameters keep their order and duplicates (§3.4.1.3.2 sorts them for
/// the signature only) and remember their source: the URL query, a form
/// body, the `Authorization` header, or code. Parameters set in code travel
/// with the protocol parameters: in the header ([`Request::to_header`], for
/// `oauth_` names only), the body ([`Request::to_postdata`]) or the query
/// ([`Request::to_url`]).
///
/// ```
/// use oauthsig::{Consumer, Request, SignatureMethod, Token};
/// let consumer = Consumer::new("dpf43f3p2l4k3l03", "kd94hf93k423kf44");
/// let token = Token::new("nnch734d00sl2jdk", "pfkkdhi9sl3r4s00");
/// let request = Request::from_consumer_and_token(&consumer, Some(&token), "GET",
///         "http://photos.example.net/photos?file=vacation.jpg&size=original")?
///     .nonce("chapoH")
///     .timestamp("137131202")
///     .remove_param("oauth_version")
///     .sign(SignatureMethod::HmacSha1, &consumer, Some(&token))?;
/// assert_eq!(request.signature().as_deref(), Some("MdpQcU8iPSUjWoN/UDMsK2sui9I="));
/// let header = request.to_header(Some("Photos"))?;
/// assert!(header.starts_with(r#"OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03""#));
/// # Ok::<(), oauthsig::Error>(())
/// ```
#[derive(Clone)]
pub struct Request {
    /// Method, URL, form body and the own parameters' names and values.
    store: Store,
    method: Piece,
    url: Piece,
    body: Body,
    content_type: Option<String>,
    body_hash: BodyHashPolicy,
    body_hash_algorithm: BodyHashAlgorithm,
    realm: Option<String>,
    authorization: Option<String>,
    host: Option<String>,
    /// PLAINTEXT may sign this request over plain http (§3.4.4 says no).
    plaintext_over_http: bool,
}

/// Room for the protocol values a signed request gets (key, token, nonce,
/// timestamp, version, signature, body hash), so its text is allocated once.
const PROTOCOL_ROOM: usize = 256;

/// Checks form-encoded `text` (values are octets: only malformed escapes
/// are refused).
fn check_form(text: &str, part: Part) -> Result<(), Error> {
    Ok(oauthsig_core::params::check_escapes(text, part)?)
}

impl Request {
    /// A bare request: `method` and `url`, with the URL's query parameters
    /// and no protocol parameters (python-oauth2's `Request(method, url)`).
    /// Clients normally start from [`Request::from_consumer_and_token`].
    ///
    /// ```
    /// let request = oauthsig::Request::new("GET", "HTTP://Example.com:80/r%20v?b=2&a=1")?;
    /// assert_eq!(request.normalized_url(), "http://example.com/r%20v");
    /// assert_eq!(request.get("a")?.as_deref(), Some("1"));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Core`] for a method that is not an HTTP token, or a URL
    /// without a host or with a bad port, path or query escape;
    /// [`Error::UnsupportedScheme`] for schemes other than `http` and `https`.
    pub fn new(method: &str, url: &str) -> Result<Self, Error> {
        Self::with_host(method, url, None)
    }

    /// [`Request::new`], with the authority taken from `host` when given (a
    /// server's `Host` header, §3.4.1.2).
    pub(crate) fn with_host(method: &str, url: &str, host: Option<&str>) -> Result<Self, Error> {
        if !BaseStringUri::parse_with_host(url, host)?.is_http_or_https() {
            return Err(Error::UnsupportedScheme);
        }
        if !is_token(method) {
            return Err(oauthsig_core::Error::BadMethod.into());
        }
        check_form(query_of(url), Part::Query)?;
        // Room for a URL grown by two query parameters, and the protocol values.
        let mut store = Store::with_capacity(method.len() + 3 * url.len() + PROTOCOL_ROOM);
        let method = store.push_text(method);
        let url = store.push_text(url);
        Ok(Request {
            store,
            method,
            url,
            body: Body::None,
            content_type: None,
            body_hash: BodyHashPolicy::default(),
            body_hash_algorithm: BodyHashAlgorithm::Sha1,
            realm: None,
            authorization: None,
            host: host.map(str::to_owned),
            plaintext_over_http: false,
        })
    }

    /// A client request with the protocol parameters of `consumer` and
    /// `token`: `oauth_consumer_key`, `oauth_timestamp`, `oauth_nonce` (from
    /// a CSPRNG keyed from the OS), `oauth_version=1.0`, and with a token `oauth_token`
    /// and, when it has one, `oauth_verifier`.
    ///
    /// ```
    /// use oauthsig::{Consumer, Request};
    /// let consumer = Consumer::new("dpf43f3p2l4k3l03", "kd94hf93k423kf44");
    /// let request = Request::from_consumer_and_token(&consumer, None, "POST", "https://photos.example.net/initiate")?;
    /// assert_eq!(request.get("oauth_consumer_key")?.as_deref(), Some("dpf43f3p2l4k3l03"));
    /// assert_eq!(request.get("oauth_nonce")?.map(|n| n.len()), Some(oauthsig::NONCE_LEN));
    /// assert_eq!(request.get("oauth_version")?.as_deref(), Some("1.0"));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Request::new`]; [`Error::Random`] or [`Error::Clock`] when no
    /// nonce or timestamp can be made.
    pub fn from_consumer_and_token(
        consumer: &Consumer,
        token: Option<&Token>,
        method: &str,
        url: &str,
    ) -> Result<Self, Error> {
        Request::new(method, url)?.with_credentials(consumer, token)
    }

    /// Adds the protocol parameters of [`Request::from_consumer_and_token`].
    pub(crate) fn with_credentials(
        mut self,
        consumer: &Consumer,
        token: Option<&Token>,
    ) -> Result<Self, Error> {
        let mut nonce = [0u8; crate::NONCE_LEN];
        let mut digits = [0u8; crate::TIMESTAMP_LEN];
        self.store.set("oauth_consumer_key", consumer.key());
        self.store
            .set("oauth_timestamp", crate::fill_timestamp(&mut digits)?);
        self.store
            .set("oauth_nonce", crate::fill_nonce(&mut nonce)?);
        self.store.set_static("oauth_version", "1.0");
        if let Some(token) = token {
            self.store.set("oauth_token", token.key());
            if let Some(verifier) = token.verifier() {
                self.store.set("oauth_verifier", verifier);
            }
        }
        Ok(self)
    }

    /// A request carrying `oauth_token` and, when given, `oauth_callback`:
    /// python-oauth2's way to build the resource-owner authorization URL
    /// (§2.2) with [`Request::to_url`]. It is not signed.
    ///
    /// ```
    /// use oauthsig::{Request, Token};
    /// let token = Token::new("hh5s93j4hdidpola", "hdhd0244k9j7ao03");
    /// let request = Request::from_token_and_callback(&token, None, "GET", "https://photos.example.net/authorize")?;
    /// assert_eq!(request.to_url(), "https://photos.example.net/authorize?oauth_token=hh5s93j4hdidpola");
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Request::new`].
    pub fn from_token_and_callback(
        token: &Token,
        callback: Option<&str>,
        method: &str,
        url: &str,
    ) -> Result<Self, Error> {
        let mut request = Request::new(method, url)?;
        request.store.set("oauth_token", token.key());
        if let Some(callback) = callback {
            request.store.set("oauth_callback", callback);
        }
        Ok(request)
    }

    /// Appends a parameter set in code (python-oauth2's `parameters`);
    /// duplicates are kept.
    ///
    /// ```
    /// let request = oauthsig::Request::new("GET", "http://example.com/")?
    ///     .param("tag", "one")
    ///     .param("tag", "two");
    /// assert_eq!(request.to_url(), "http://example.com/?tag=one&tag=two");
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    #[must_use]
    pub fn param(mut self, name: &str, value: &str) -> Self {
        self.store.push(name, value);
        self
    }

    /// Sets a parameter in code, replacing any of that name set in code or
    /// received in the header (python-oauth2's `request[name] = value`).
    ///
    /// ```
    /// let request = oauthsig::Request::new("GET", "http://example.com/")?
    ///     .param("a", "1")
    ///     .set_param("a", "2");
    /// assert_eq!(request.to_url(), "http://example.com/?a=2");
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    #[must_use]
    pub fn set_param(mut self, name: &str, value: &str) -> Self {
        self.store.set_named(name, value);
        self
    }

    /// Removes every parameter called `name` that was set in code or received
    /// in the header (e.g. the optional `oauth_version`). Parameters in the
    /// URL or body stay: they are part of the URL and body as given.
    ///
    /// ```
    /// use oauthsig::{Consumer, Request};
    /// let consumer = Consumer::new("key", "secret");
    /// let request = Request::from_consumer_and_token(&consumer, None, "GET", "http://example.com/")?
    ///     .remove_param("oauth_version");
    /// assert_eq!(request.get("oauth_version")?, None);
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    #[must_use]
    pub fn remove_param(mut self, name: &str) -> Self {
        self.store.remove(name);
        self
    }

    /// Appends `name=value` to the URL's query (encoded, before any
    /// fragment); it is then part of the URL as sent.
    ///
    /// ```
    /// let request = oauthsig::Request::new("GET", "http://example.com/search?q=a#top")?
    ///     .query_param("lang", "en gb");
    /// assert_eq!(request.url(), "http://example.com/search?q=a&lang=en%20gb#top");
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    #[must_use]
    pub fn query_param(mut self, name: &str, value: &str) -> Self {
        let pair = [Param::raw(name, value)];
        self.url = self.store.extend_query(self.url, |q| write_form(q, &pair));
        self
    }

    /// Appends `name=value` to a form-encoded body, starting one if the
    /// request has none (a body set with [`Request::body`] is replaced).
    ///
    /// ```
    /// let request = oauthsig::Request::new("POST", "http://example.com/")?
    ///     .form_param("status", "hello world")
    ///     .form_param("a", "1");
    /// assert_eq!(request.body_bytes(), b"status=hello%20world&a=1");
    /// assert!(request.is_form_encoded());
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    #[must_use]
    pub fn form_param(mut self, name: &str, value: &str) -> Self {
        let pair = [Param::raw(name, value)];
        let body = match self.body {
            Body::Form(text) if !self.store.piece(text).is_empty() => Some(text),
            _ => {
                self.content_type = None;
                None
            }
        };
        let text = self.store.extend_form(body, "&", |b| write_form(b, &pair));
        self.body = Body::Form(text);
        self
    }

    /// Sets a form-encoded body from its wire text (`a=1&b=x+y`); its
    /// parameters are signed (§3.4.1.3.1).
    ///
    /// ```
    /// let request = oauthsig::Request::new("POST", "http://example.com/request")?.form_body("c2&a3=2+q")?;
    /// assert_eq!(request.get("a3")?.as_deref(), Some("2 q"));
    /// assert_eq!(request.content_type(), Some("application/x-www-form-urlencoded"));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Core`] for a malformed `%` escape, naming the body and the
    /// offset (values are octets: they need not decode to UTF-8).
    pub fn form_body(mut self, text: &str) -> Result<Self, Error> {
        self.set_form_body(text)?;
        Ok(self)
    }

    /// [`Request::form_body`] on a borrowed request (for callers that keep
    /// the request in place, such as the C ABI). On error the request is
    /// unchanged.
    ///
    /// ```
    /// let mut request = oauthsig::Request::new("POST", "http://example.com/")?;
    /// assert!(request.set_form_body("a=%zz").is_err());
    /// request.set_form_body("a=1")?;
    /// assert_eq!(request.get("a")?.as_deref(), Some("1"));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Request::form_body`].
    pub fn set_form_body(&mut self, text: &str) -> Result<(), Error> {
        check_form(text, Part::Body)?;
        self.body = Body::Form(self.store.push_text(text));
        self.content_type = None;
        Ok(())
    }

    /// Sets a body that is not form-encoded (JSON, XML, bytes), with its
    /// content type. It is not signed itself; [`Request::sign`] adds its
    /// `oauth_body_hash` (see [`BodyHashPolicy`]).
    ///
    /// ```
    /// let request = oauthsig::Request::new("POST", "http://example.com/")?
    ///     .body(r#"{"a":1}"#, "application/json");
    /// assert!(!request.is_form_encoded());
    /// assert_eq!(request.body_bytes(), br#"{"a":1}"#);
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    #[must_use]
    pub fn body(mut self, bytes: impl Into<Vec<u8>>, content_type: &str) -> Self {
        self.set_opaque_body(bytes.into(), Some(content_type));
        self
    }

    pub(crate) fn set_opaque_body(&mut self, bytes: Vec<u8>, content_type: Option<&str>) {
        self.body = Body::Opaque(bytes);
        self.content_type = content_type.map(str::to_owned);
    }

    /// Sets `oauth_nonce` (to pin it in tests; [`Request::from_consumer_and_token`]
    /// already made a random one).
    ///
    /// ```
    /// let request = oauthsig::Request::new("GET", "http://example.com/")?.nonce("wIjqoS");
    /// assert_eq!(request.get("oauth_nonce")?.as_deref(), Some("wIjqoS"));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    #[must_use]
    pub fn nonce(mut self, nonce: &str) -> Self {
        self.store.set("oauth_nonce", nonce);
        self
    }

    /// Sets `oauth_timestamp` (to pin it in tests).
    ///
    /// ```
    /// let request = oauthsig::Request::new("GET", "http://example.com/")?.timestamp("137131200");
    /// assert_eq!(request.get("oauth_timestamp")?.as_deref(), Some("137131200"));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    #[must_use]
    pub fn timestamp(mut self, timestamp: &str) -> Self {
        self.store.set("oauth_timestamp", timestamp);
        self
    }

    /// Sets `oauth_callback` (temporary-credential requests, §2.1; `oob` when
    /// there is no callback).
    ///
    /// ```
    /// let request = oauthsig::Request::new("POST", "https://photos.example.net/initiate")?
    ///     .callback("http://printer.example.com/ready");
    /// assert_eq!(request.get("oauth_callback")?.as_deref(), Some("http://printer.example.com/ready"));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    #[must_use]
    pub fn callback(mut self, callback: &str) -> Self {
        self.store.set("oauth_callback", callback);
        self
    }

    /// Sets `oauth_verifier` (token requests, §2.3).
    ///
    /// ```
    /// let request = oauthsig::Request::new("POST", "https://photos.example.net/token")?
    ///     .verifier("hfdp7dh39dks9884");
    /// assert_eq!(request.get("oauth_verifier")?.as_deref(), Some("hfdp7dh39dks9884"));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    #[must_use]
    pub fn verifier(mut self, verifier: &str) -> Self {
        self.store.set("oauth_verifier", verifier);
        self
    }

    /// Chooses when signing adds `oauth_body_hash` (default
    /// [`BodyHashPolicy::OpaqueBody`]).
    ///
    /// ```
    /// use oauthsig::{BodyHashPolicy, Consumer, Request, SignatureMethod};
    /// let consumer = Consumer::new("key", "secret");
    /// let request = Request::new("GET", "http://example.com/")?
    ///     .body_hash(BodyHashPolicy::UnlessForm)
    ///     .sign(SignatureMethod::HmacSha1, &consumer, None)?;
    /// assert_eq!(request.get("oauth_body_hash")?.as_deref(), Some("2jmj7l5rSw0yVb/vlWAYkK/YBwk="));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    #[must_use]
    pub fn body_hash(mut self, policy: BodyHashPolicy) -> Self {
        self.body_hash = policy;
        self
    }

    /// Chooses the hash of `oauth_body_hash` (default SHA-1, the body hash
    /// extension's and what verifiers accept with every method). SHA-256 is
    /// for a provider that demands it (Mastercard, with RSA-SHA256); a
    /// verifier accepts it with HMAC-SHA256 and RSA-SHA256 only. Whether a
    /// body hash is sent at all is the [`BodyHashPolicy`]'s choice.
    ///
    /// ```
    /// use oauthsig::{BodyHashPolicy, Consumer, Request, SignatureMethod};
    /// use oauthsig::oauthsig_core::body::BodyHashAlgorithm;
    /// let consumer = Consumer::new("key", "secret");
    /// let request = Request::new("GET", "https://api.example.com/")?
    ///     .body_hash(BodyHashPolicy::UnlessForm)
    ///     .body_hash_algorithm(BodyHashAlgorithm::Sha256)
    ///     .sign(SignatureMethod::HmacSha256, &consumer, None)?;
    /// assert_eq!(request.get("oauth_body_hash")?.as_deref(), Some("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    #[must_use]
    pub fn body_hash_algorithm(mut self, algorithm: BodyHashAlgorithm) -> Self {
        self.body_hash_algorithm = algorithm;
        self
    }

    /// Lets PLAINTEXT sign this request over plain `http`. Its signature is
    /// the secrets in clear, so RFC 5849 §3.4.4 requires TLS and signing
    /// otherwise fails with the engine's
    /// [`PlaintextOverHttp`](oauthsig_core::Error::PlaintextOverHttp).
    ///
    /// ```
    /// use oauthsig::{Consumer, Error, Request, SignatureMethod};
    /// let consumer = Consumer::new("key", "secret");
    /// let request = Request::new("GET", "http://localhost:8080/")?;
    /// assert_eq!(
    ///     request.clone().sign(SignatureMethod::Plaintext, &consumer, None).err(),
    ///     Some(Error::Core(oauthsig_core::Error::PlaintextOverHttp)),
    /// );
    /// let signed = request.allow_plaintext_over_http().sign(SignatureMethod::Plaintext, &consumer, None)?;
    /// assert_eq!(signed.signature().as_deref(), Some("secret&"));
    /// # Ok::<(), Error>(())
    /// ```
    #[must_use]
    pub fn allow_plaintext_over_http(mut self) -> Self {
        self.plaintext_over_http = true;
        self
    }

    /// Takes back [`Request::allow_plaintext_over_http`]: PLAINTEXT over
    /// plain `http` is refused again (the default, RFC 5849 §3.4.4).
    ///
    /// ```
    /// use oauthsig::{Consumer, Error, Request, SignatureMethod};
    /// let consumer = Consumer::new("key", "secret");
    /// let request = Request::new("GET", "http://localhost:8080/")?
    ///     .allow_plaintext_over_http()
    ///     .refuse_plaintext_over_http();
    /// assert_eq!(
    ///     request.sign(SignatureMethod::Plaintext, &consumer, None).err(),
    ///     Some(Error::Core(oauthsig_core::Error::PlaintextOverHttp)),
    /// );
    /// # Ok::<(), Error>(())
    /// ```
    #[must_use]
    pub fn refuse_plaintext_over_http(mut self) -> Self {
        self.plaintext_over_http = false;
        self
    }

    /// The HTTP method, as given.
    ///
    /// ```
    /// assert_eq!(oauthsig::Request::new("get", "http://example.com/")?.method(), "get");
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn method(&self) -> &str {
        self.store.piece(self.method)
    }

    /// The URL as given, with any [`Request::query_param`] additions.
    ///
    /// ```
    /// assert_eq!(oauthsig::Request::new("GET", "http://example.com/a?b=c")?.url(), "http://example.com/a?b=c");
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn url(&self) -> &str {
        self.store.piece(self.url)
    }

    /// The base string URI (§3.4.1.2; python-oauth2's `normalized_url`):
    /// scheme and host lowercased, default port dropped, an empty path as `/`,
    /// no query or fragment.
    ///
    /// ```
    /// let request = oauthsig::Request::new("GET", "https://Example.com:443")?;
    /// assert_eq!(request.normalized_url(), "https://example.com/");
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn normalized_url(&self) -> String {
        // The URL and host were parsed when the request was made.
        BaseStringUri::parse_with_host(self.url(), self.host.as_deref())
            .map(|u| u.to_string())
            .unwrap_or_default()
    }

    /// Every parameter: URL query, body, then those set in code or received
    /// in the header, in order of arrival, duplicates kept.
    ///
    /// ```
    /// let request = oauthsig::Request::new("GET", "http://example.com/?a=1&a=2")?;
    /// assert_eq!(request.parameters().count(), 2);
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn parameters(&self) -> impl Iterator<Item = Parameter<'_>> + '_ {
        wire_params(query_of(self.url()), Source::Query)
            .chain(self.body_params())
            .chain(self.store.iter())
    }

    /// The form body's parameters.
    fn body_params(&self) -> impl Iterator<Item = Parameter<'_>> + Clone + '_ {
        wire_params(self.form_text(), Source::Body)
    }

    /// The value of the first parameter called `name`, from any source
    /// (python-oauth2's `get_parameter`), decoded.
    ///
    /// ```
    /// let request = oauthsig::Request::new("GET", "http://example.com/?a=1&a=2&b=%E9")?;
    /// assert_eq!(request.get("a")?.as_deref(), Some("1"));
    /// assert_eq!(request.get("c")?, None);
    /// assert!(request.get("b").is_err()); // Latin-1: see get_bytes
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Core`] with `InvalidUtf8` (part and offset) when the value
    /// is not UTF-8.
    pub fn get(&self, name: &str) -> Result<Option<Cow<'_, str>>, Error> {
        self.find(name).map(|p| p.value()).transpose()
    }

    /// The decoded octets of the first parameter called `name`.
    ///
    /// ```
    /// let request = oauthsig::Request::new("GET", "http://example.com/?city=Mal%E9")?;
    /// assert_eq!(request.get_bytes("city").as_deref(), Some(&b"Mal\xe9"[..]));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn get_bytes(&self, name: &str) -> Option<Cow<'_, [u8]>> {
        self.find(name).map(|p| p.value_bytes())
    }

    fn find(&self, name: &str) -> Option<Parameter<'_>> {
        self.parameters().find(|p| p.has_name(name))
    }

    /// The `oauth_signature` value, once signed (or as received).
    ///
    /// ```
    /// use oauthsig::{Consumer, Request, SignatureMethod};
    /// let consumer = Consumer::new("key", "secret");
    /// let request = Request::new("GET", "https://example.com/")?;
    /// assert_eq!(request.signature(), None);
    /// let signed = request.sign(SignatureMethod::Plaintext, &consumer, None)?;
    /// assert_eq!(signed.signature().as_deref(), Some("secret&"));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn signature(&self) -> Option<Cow<'_, str>> {
        self.get("oauth_signature").ok().flatten()
    }

    /// The parameters whose names do not start with `oauth_`, from every
    /// source (python-oauth2's `get_nonoauth_parameters`).
    ///
    /// ```
    /// use oauthsig::{Consumer, Request};
    /// let consumer = Consumer::new("key", "secret");
    /// let request = Request::from_consumer_and_token(&consumer, None, "GET", "http://example.com/?q=x")?
    ///     .param("count", "10");
    /// let names: Vec<String> = request.nonoauth_parameters().map(|p| p.name().map(Into::into)).collect::<Result<_, _>>()?;
    /// assert_eq!(names, ["q", "count"]);
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn nonoauth_parameters(&self) -> impl Iterator<Item = Parameter<'_>> + '_ {
        self.parameters().filter(|p| !p.is_protocol())
    }

    /// Whether the body is `application/x-www-form-urlencoded` (and so its
    /// parameters are signed).
    ///
    /// ```
    /// let request = oauthsig::Request::new("POST", "http://example.com/")?;
    /// assert!(!request.is_form_encoded());
    /// assert!(request.form_body("a=1")?.is_form_encoded());
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn is_form_encoded(&self) -> bool {
        matches!(self.body, Body::Form(_))
    }

    /// The form body's text, or `""`.
    fn form_text(&self) -> &str {
        match self.body {
            Body::Form(text) => self.store.piece(text),
            _ => "",
        }
    }

    /// The body octets (empty without a body).
    ///
    /// ```
    /// let request = oauthsig::Request::new("PUT", "http://example.com/")?.body("Hello World!", "text/plain");
    /// assert_eq!(request.body_bytes(), b"Hello World!");
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn body_bytes(&self) -> &[u8] {
        match &self.body {
            Body::None => b"",
            Body::Form(text) => self.store.piece(*text).as_bytes(),
            Body::Opaque(bytes) => bytes,
        }
    }

    /// The body's content type: as given or received, or
    /// [`FORM_CONTENT_TYPE`] for a form body built in code.
    ///
    /// ```
    /// let request = oauthsig::Request::new("PUT", "http://example.com/")?.body("<a/>", "application/xml");
    /// assert_eq!(request.content_type(), Some("application/xml"));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn content_type(&self) -> Option<&str> {
        match (&self.content_type, &self.body) {
            (Some(ct), _) => Some(ct),
            (None, Body::Form(_)) => Some(FORM_CONTENT_TYPE),
            (None, _) => None,
        }
    }

    /// The `realm` of a received `Authorization` header (never signed, §3.4.1.3.1).
    ///
    /// ```
    /// let request = oauthsig::Request::from_request("GET", "http://example.com/",
    ///     [("Authorization", r#"OAuth realm="Photos", oauth_nonce="n""#)], b"", None)?;
    /// assert_eq!(request.realm(), Some("Photos"));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn realm(&self) -> Option<&str> {
        self.realm.as_deref()
    }

    /// The received `Authorization` header value, verbatim.
    ///
    /// ```
    /// let request = oauthsig::Request::from_request("GET", "http://example.com/",
    ///     [("authorization", r#"OAuth oauth_nonce="n""#)], b"", None)?;
    /// assert_eq!(request.authorization(), Some(r#"OAuth oauth_nonce="n""#));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn authorization(&self) -> Option<&str> {
        self.authorization.as_deref()
    }

    /// The received `Host` header, which supplies the base string URI's
    /// authority (§3.4.1.2).
    ///
    /// ```
    /// let request = oauthsig::Request::from_request("GET", "http://internal:8080/x",
    ///     [("Host", "Photos.Example.net")], b"", None)?;
    /// assert_eq!(request.host(), Some("Photos.Example.net"));
    /// assert_eq!(request.normalized_url(), "http://photos.example.net/x");
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn host(&self) -> Option<&str> {
        self.host.as_deref()
    }
}

/// The pairs of form-encoded `text`, which was checked when it was set, so
/// every pair parses.
fn wire_params(text: &str, source: Source) -> impl Iterator<Item = Parameter<'_>> + Clone {
    pairs(text, Part::Query)
        .flatten()
        .map(move |(n, v, _)| Parameter::new(n, v, source))
}

/// Writes `params` as `name=value&…` (§3.5.2, §3.5.3).
fn write_form(out: &mut String, params: &[Param<'_>]) {
    use std::fmt::Write as _;
    // Writing into a String cannot fail.
    let _ = write!(out, "{}", FormSerializer(params));
}

impl fmt::Debug for Request {
    /// Shows the request without secrets: `oauth_signature` values (the
    /// secrets themselves under PLAINTEXT), verifiers and the received
    /// `Authorization` header are hidden, the body is summarised by its length.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body = match &self.body {
            Body::None => "none".to_owned(),
            Body::Form(text) => format!("form, {} bytes", self.store.piece(*text).len()),
            Body::Opaque(bytes) => format!("{} bytes", bytes.len()),
        };
        let params: Vec<Parameter<'_>> = self.parameters().collect();
        f.debug_struct("Request")
            .field("method", &self.method())
            .field("url", &self.url())
            .field("parameters", &params)
            .field("body", &format_args!("{body}"))
            .field("content_type", &self.content_type())
            .field("body_hash", &self.body_hash)
            .field("body_hash_algorithm", &self.body_hash_algorithm)
            .field("realm", &self.realm)
            .field(
                "authorization",
                &self
                    .authorization
                    .as_ref()
                    .map(|_| format_args!("<hidden>")),
            )
            .field("host", &self.host)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_values_are_octets() {
        let r = Request::new("GET", "http://h/?city=Mal%E9").unwrap();
        assert!(matches!(
            r.get("city"),
            Err(Error::Core(oauthsig_core::Error::InvalidUtf8 {
                part: Part::Value,
                offset: 3
            }))
        ));
        assert_eq!(r.get_bytes("city").as_deref(), Some(&b"Mal\xe9"[..]));
        assert!(Request::new("GET", "http://h/?a=%zz").is_err());
    }

    /// More extras than the stack slots hold move to the heap, whole:
    /// signed and written as the engine signs and writes them.
    #[test]
    fn extras_past_the_stack_slots_are_all_signed_and_written() {
        use oauthsig_core::sign::{self, HttpRequest, Placement};
        use oauthsig_core::{Protocol, SignatureMethod, Text};
        let consumer = crate::Consumer::new("ck", "cs");
        let names: Vec<String> = (0..20).map(|i| format!("p{i:02}")).collect();
        let mut request = Request::new("POST", "http://h/x?q=1")
            .unwrap()
            .nonce("n")
            .timestamp("1")
            .param("oauth_body_hash", "given");
        for n in &names {
            request = request.param(n, "v");
        }
        let request = request
            .sign(SignatureMethod::HmacSha1, &consumer, None)
            .unwrap();
        let extras: Vec<Param<'_>> = names
            .iter()
            .map(|n| Param::raw(n, "v"))
            .chain([Param {
                name: Text::raw("oauth_body_hash"),
                value: Text::raw("given"),
                source: Source::Code,
            }])
            .collect();
        let protocol = Protocol::new("ck").nonce("n").timestamp("1").extra(&extras);
        let key = consumer
            .signing_key(SignatureMethod::HmacSha1, None)
            .unwrap();
        let core = HttpRequest::new("POST", "http://h/x?q=1");
        let prepared = sign::prepare_in(vec![Param::EMPTY; 32], &core, &protocol).unwrap();
        let signed = prepared.sign(&key).unwrap();
        let want = signed.output(Placement::Query).unwrap().to_string();
        let got = request.to_url();
        let mut want: Vec<&str> = want.split(['?', '&']).collect();
        let mut got: Vec<&str> = got.split(['?', '&']).collect();
        want.sort_unstable();
        got.sort_unstable();
        assert_eq!(got, want);
        assert!(request.check_signature(&consumer, None).unwrap());
    }
}
