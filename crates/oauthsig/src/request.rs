//! An owned HTTP request to sign or verify ([RFC 5849 §3](https://www.rfc-editor.org/rfc/rfc5849#section-3)):
//! method, URL, parameters from every source (§3.4.1.3.1), and body, with
//! python-oauth2's `Request` operations on top of the protocol layer.
//!
//! Everything protocol-shaped (base string URI, parameter order, encoding,
//! header syntax, MACs) is `oauthsig-core`'s; this module owns the strings
//! and decides which parameter goes where.

mod incoming;
mod parameter;

pub use parameter::Parameter;

use crate::{Consumer, Error, Token, url};
use oauthsig_core::base_string::Normalized;
use oauthsig_core::header::FormSerializer;
use oauthsig_core::params::{pairs, query_of};
use oauthsig_core::{
    AuthorizationHeader, BaseString, BaseStringUri, BodyHash, Param, Params, Part, SignatureMethod,
    SigningKey, Source, Text,
};
use std::borrow::Cow;
use std::fmt::{self, Write as _};

/// The name of the header [`Request::to_header`] writes.
///
/// ```
/// let request = oauthsig::Request::new("GET", "http://example.com/")?.nonce("n");
/// let (name, value) = (oauthsig::AUTHORIZATION, request.to_header(None)?);
/// assert_eq!(format!("{name}: {value}"), r#"Authorization: OAuth oauth_nonce="n""#);
/// # Ok::<(), oauthsig::Error>(())
/// ```
pub const AUTHORIZATION: &str = "Authorization";

/// The media type whose bodies carry parameters (§3.4.1.3.1).
///
/// ```
/// let request = oauthsig::Request::new("POST", "http://example.com/")?.form_param("a", "1");
/// assert_eq!(request.content_type(), Some(oauthsig::FORM_CONTENT_TYPE));
/// # Ok::<(), oauthsig::Error>(())
/// ```
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

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
/// assert_eq!(signed.get("oauth_body_hash"), Some("Lve95gjOVATpfV8EL5X4nxwjKHE="));
/// let unhashed = request.body_hash(BodyHashPolicy::Never).sign(SignatureMethod::HmacSha1, &consumer, None)?;
/// assert_eq!(unhashed.get("oauth_body_hash"), None);
/// # Ok::<(), oauthsig::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BodyHashPolicy {
    /// When the request has a body that is not form-encoded (set with
    /// [`Request::body`], even an empty one) — oauthlib's rule.
    #[default]
    OpaqueBody,
    /// On every request that is not form-encoded, hashing the empty string
    /// when there is no body: python-oauth2 1.9's rule (and the extension
    /// draft's SHOULD), which adds it to plain GETs too.
    UnlessForm,
    /// Never.
    Never,
}

#[derive(Clone)]
enum Body {
    None,
    /// `application/x-www-form-urlencoded` text, as given or received.
    Form(String),
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
/// assert_eq!(request.signature(), Some("MdpQcU8iPSUjWoN/UDMsK2sui9I="));
/// let header = request.to_header(Some("Photos"))?;
/// assert!(header.starts_with(r#"OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03""#));
/// # Ok::<(), oauthsig::Error>(())
/// ```
#[derive(Clone)]
pub struct Request {
    method: String,
    url: String,
    normalized_url: String,
    params: Vec<Parameter>,
    body: Body,
    content_type: Option<String>,
    body_hash: BodyHashPolicy,
    realm: Option<String>,
    authorization: Option<String>,
    host: Option<String>,
}

/// Decodes wire text known to be well-formed into an owned string.
fn decoded(text: &Text<'_>, part: Part) -> Result<String, Error> {
    Ok(text.to_str(part)?.into_owned())
}

/// The decoded pairs of form-encoded `text`, tagged with `source`.
fn form_parameters(text: &str, source: Source) -> Result<Vec<Parameter>, Error> {
    let part = match source {
        Source::Body => Part::Body,
        _ => Part::Query,
    };
    pairs(text, part)
        .map(|pair| {
            let (name, value, _) = pair?;
            Ok(Parameter::new(
                decoded(&name, part)?,
                decoded(&value, part)?,
                source,
            ))
        })
        .collect()
}

/// Writes `params` as `name=value&…` (§3.5.2, §3.5.3).
fn write_form(out: &mut String, params: &[Param<'_>]) {
    // Writing into a String cannot fail.
    let _ = write!(out, "{}", FormSerializer(params));
}

/// Room for `params` written as `name="value", ` pairs, so output strings
/// are allocated once for typical (mostly unreserved) values.
fn encoded_estimate(params: &[Param<'_>]) -> usize {
    params
        .iter()
        .map(|p| p.name.as_wire().len() + p.value.as_wire().len() * 5 / 4 + 5)
        .sum()
}

/// The `oauth_body_hash` of `body`: base64 of its SHA-1, whatever the
/// signature method. The body-hash extension defines SHA-1 (for HMAC-SHA1
/// and RSA-SHA1) and nothing for HMAC-SHA256, and oauthlib — provider and
/// client — requests-oauthlib and python-oauth2 hash with SHA-1 for every
/// method: an oauthlib provider refuses a SHA-256 body hash
/// (`tests/interop/harness/tests/provider_flow.rs`). The [`Verifier`]
/// accepts SHA-1 with every method.
///
/// [`Verifier`]: crate::Verifier
fn body_hash(body: &[u8]) -> BodyHash {
    // HMAC-SHA1's body hash is SHA-1.
    BodyHash::sha1(body)
}

/// Whether `content_type` is `application/x-www-form-urlencoded` (media
/// type compared without case, parameters such as `charset` ignored).
///
/// Only spaces and tabs around the media type are skipped: that is RFC 7231's
/// optional whitespace, and this one definition serves the client, the
/// `from_request` reading and the [`Verifier`](crate::Verifier), which must
/// agree on whether a body is signed. (`str::trim` also skipped newlines,
/// form feeds and Unicode spaces, so `from_request` read body parameters
/// the verifier ignored.)
///
/// ```
/// assert!(oauthsig::is_form_content_type("Application/X-WWW-Form-Urlencoded; charset=utf-8"));
/// assert!(!oauthsig::is_form_content_type("application/x-www-form-urlencoded\n"));
/// assert!(!oauthsig::is_form_content_type("application/json"));
/// ```
pub fn is_form_content_type(content_type: &str) -> bool {
    // Every verification asks, so one pass over bytes rather than a split
    // and a trim through the general pattern machinery.
    let ows = |c: &u8| matches!(c, b' ' | b'\t');
    let b = content_type.as_bytes();
    let rest = &b[b.iter().take_while(|c| ows(c)).count()..];
    match rest.split_at_checked(FORM_CONTENT_TYPE.len()) {
        Some((media_type, after)) => {
            media_type.eq_ignore_ascii_case(FORM_CONTENT_TYPE.as_bytes())
                && after.iter().find(|c| !ows(c)).is_none_or(|&c| c == b';')
        }
        None => false,
    }
}

impl Request {
    /// A bare request: `method` and `url`, with the URL's query parameters
    /// and no protocol parameters (python-oauth2's `Request(method, url)`).
    /// Clients normally start from [`Request::from_consumer_and_token`].
    ///
    /// ```
    /// let request = oauthsig::Request::new("GET", "HTTP://Example.com:80/r%20v?b=2&a=1")?;
    /// assert_eq!(request.normalized_url(), "http://example.com/r%20v");
    /// assert_eq!(request.get("a"), Some("1"));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Core`] for a method that is not an HTTP token, a URL without
    /// a host or with a bad port, path or query escape, or a query that does
    /// not decode to UTF-8; [`Error::UnsupportedScheme`] for schemes other
    /// than `http` and `https`.
    pub fn new(method: &str, url: &str) -> Result<Self, Error> {
        Self::with_host(method, url, None)
    }

    /// [`Request::new`], with the authority taken from `host` when given (a
    /// server's `Host` header, §3.4.1.2).
    fn with_host(method: &str, url: &str, host: Option<&str>) -> Result<Self, Error> {
        let uri = BaseStringUri::parse_with_host(url, host)?;
        let scheme = url.split(':').next().unwrap_or("");
        if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
            return Err(Error::UnsupportedScheme);
        }
        // The protocol layer owns the definition of a valid method.
        BaseString::new(method, &uri, &[])?;
        let mut params = form_parameters(query_of(url), Source::Query)?;
        // Room for the protocol parameters a signed request gets.
        params.reserve(10);
        Ok(Request {
            method: method.to_owned(),
            url: url.to_owned(),
            normalized_url: {
                let mut text = String::with_capacity(url.len() + 1);
                let _ = write!(text, "{uri}");
                text
            },
            params,
            body: Body::None,
            content_type: None,
            body_hash: BodyHashPolicy::default(),
            realm: None,
            authorization: None,
            host: host.map(str::to_owned),
        })
    }

    /// A client request with the protocol parameters of `consumer` and
    /// `token`: `oauth_consumer_key`, `oauth_timestamp`, `oauth_nonce` (from
    /// the OS CSPRNG), `oauth_version=1.0`, and with a token `oauth_token`
    /// and, when it has one, `oauth_verifier`.
    ///
    /// ```
    /// use oauthsig::{Consumer, Request};
    /// let consumer = Consumer::new("dpf43f3p2l4k3l03", "kd94hf93k423kf44");
    /// let request = Request::from_consumer_and_token(&consumer, None, "POST", "https://photos.example.net/initiate")?;
    /// assert_eq!(request.get("oauth_consumer_key"), Some("dpf43f3p2l4k3l03"));
    /// assert_eq!(request.get("oauth_nonce").map(str::len), Some(oauthsig::NONCE_LEN));
    /// assert_eq!(request.get("oauth_version"), Some("1.0"));
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
        self.set("oauth_consumer_key", consumer.key());
        self.set("oauth_timestamp", crate::make_timestamp()?);
        self.set("oauth_nonce", crate::make_nonce()?);
        self.set("oauth_version", "1.0");
        if let Some(token) = token {
            self.set("oauth_token", token.key());
            if let Some(verifier) = token.verifier() {
                self.set("oauth_verifier", verifier);
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
        request.set("oauth_token", token.key());
        if let Some(callback) = callback {
            request.set("oauth_callback", callback);
        }
        Ok(request)
    }

    /// Sets a parameter in code: the first one of that name set in code or
    /// received in the header is replaced, later ones removed; otherwise it
    /// is appended. URL and body parameters are left alone.
    fn set(&mut self, name: impl Into<Cow<'static, str>>, value: impl Into<String>) {
        let name = name.into();
        let mut value = Some(value.into());
        self.params.retain_mut(|p| {
            if !(p.is_own() && p.name == name) {
                return true;
            }
            // The first match takes the value; later ones go.
            match value.take() {
                Some(v) => {
                    p.value = v;
                    p.source = Source::Code;
                    true
                }
                None => false,
            }
        });
        if let Some(value) = value {
            self.params.push(Parameter::new(name, value, Source::Code));
        }
    }

    fn has_own(&self, name: &str) -> bool {
        self.params.iter().any(|p| p.is_own() && p.name == name)
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
        self.params
            .push(Parameter::new(name.to_owned(), value, Source::Code));
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
        self.set(name.to_owned(), value);
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
    /// assert_eq!(request.get("oauth_version"), None);
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    #[must_use]
    pub fn remove_param(mut self, name: &str) -> Self {
        self.params.retain(|p| !(p.is_own() && p.name == name));
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
        url::extend_query(&mut self.url, |q| write_form(q, &pair));
        self.params
            .push(Parameter::new(name.to_owned(), value, Source::Query));
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
        let pair = FormSerializer(&pair).to_string();
        match &mut self.body {
            Body::Form(text) if !text.is_empty() => {
                text.push('&');
                text.push_str(&pair);
            }
            _ => {
                self.body = Body::Form(pair);
                self.content_type = None;
            }
        }
        self.params
            .push(Parameter::new(name.to_owned(), value, Source::Body));
        self
    }

    /// Sets a form-encoded body from its wire text (`a=1&b=x+y`); its
    /// parameters are signed (§3.4.1.3.1).
    ///
    /// ```
    /// let request = oauthsig::Request::new("POST", "http://example.com/request")?.form_body("c2&a3=2+q")?;
    /// assert_eq!(request.get("a3"), Some("2 q"));
    /// assert_eq!(request.content_type(), Some("application/x-www-form-urlencoded"));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Core`] for a malformed `%` escape or text that does not decode
    /// to UTF-8, naming the body and the offset.
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
    /// assert_eq!(request.get("a"), Some("1"));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Request::form_body`].
    pub fn set_form_body(&mut self, text: &str) -> Result<(), Error> {
        // Parse first: nothing changes unless the whole body is valid.
        let body_params = form_parameters(text, Source::Body)?;
        self.params.retain(|p| p.source != Source::Body);
        self.params.extend(body_params);
        self.body = Body::Form(text.to_owned());
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
        self.params.retain(|p| p.source != Source::Body);
        self.body = Body::Opaque(bytes);
        self.content_type = content_type.map(str::to_owned);
    }

    /// Sets `oauth_nonce` (to pin it in tests; [`Request::from_consumer_and_token`]
    /// already made a random one).
    ///
    /// ```
    /// let request = oauthsig::Request::new("GET", "http://example.com/")?.nonce("wIjqoS");
    /// assert_eq!(request.get("oauth_nonce"), Some("wIjqoS"));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    #[must_use]
    pub fn nonce(mut self, nonce: &str) -> Self {
        self.set("oauth_nonce", nonce);
        self
    }

    /// Sets `oauth_timestamp` (to pin it in tests).
    ///
    /// ```
    /// let request = oauthsig::Request::new("GET", "http://example.com/")?.timestamp("137131200");
    /// assert_eq!(request.get("oauth_timestamp"), Some("137131200"));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    #[must_use]
    pub fn timestamp(mut self, timestamp: &str) -> Self {
        self.set("oauth_timestamp", timestamp);
        self
    }

    /// Sets `oauth_callback` (temporary-credential requests, §2.1; `oob` when
    /// there is no callback).
    ///
    /// ```
    /// let request = oauthsig::Request::new("POST", "https://photos.example.net/initiate")?
    ///     .callback("http://printer.example.com/ready");
    /// assert_eq!(request.get("oauth_callback"), Some("http://printer.example.com/ready"));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    #[must_use]
    pub fn callback(mut self, callback: &str) -> Self {
        self.set("oauth_callback", callback);
        self
    }

    /// Sets `oauth_verifier` (token requests, §2.3).
    ///
    /// ```
    /// let request = oauthsig::Request::new("POST", "https://photos.example.net/token")?
    ///     .verifier("hfdp7dh39dks9884");
    /// assert_eq!(request.get("oauth_verifier"), Some("hfdp7dh39dks9884"));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    #[must_use]
    pub fn verifier(mut self, verifier: &str) -> Self {
        self.set("oauth_verifier", verifier);
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
    /// assert_eq!(request.get("oauth_body_hash"), Some("2jmj7l5rSw0yVb/vlWAYkK/YBwk="));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    #[must_use]
    pub fn body_hash(mut self, policy: BodyHashPolicy) -> Self {
        self.body_hash = policy;
        self
    }

    /// Signs the request (python-oauth2's `sign_request`): adds
    /// `oauth_consumer_key` and `oauth_token` when missing, `oauth_body_hash`
    /// per the [`BodyHashPolicy`], `oauth_signature_method`, then
    /// `oauth_signature` over everything else. Signing again replaces the
    /// signature.
    ///
    /// Without a token the key is `consumer_secret&`, even if the request
    /// carries an `oauth_token` (as python-oauth2 does).
    ///
    /// ```
    /// use oauthsig::{Consumer, Request, SignatureMethod, Token};
    /// let consumer = Consumer::new("dpf43f3p2l4k3l03", "kd94hf93k423kf44");
    /// let token = Token::new("hh5s93j4hdidpola", "hdhd0244k9j7ao03");
    /// let request = Request::new("POST", "https://photos.example.net/token")?
    ///     .timestamp("137131201")
    ///     .nonce("walatlh")
    ///     .verifier("hfdp7dh39dks9884")
    ///     .sign(SignatureMethod::HmacSha1, &consumer, Some(&token))?;
    /// assert_eq!(request.signature(), Some("gKgrFCywp7rO0OXSjdot/IHF7IU="));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::BodyHashOnFormBody`] when a form-encoded request carries
    /// `oauth_body_hash`; [`Error::Core`] for a PLAINTEXT key too long for the
    /// protocol layer.
    pub fn sign(
        mut self,
        method: SignatureMethod,
        consumer: &Consumer,
        token: Option<&Token>,
    ) -> Result<Self, Error> {
        self.sign_in_place(method, consumer, token)?;
        Ok(self)
    }

    /// [`Request::sign`] on a borrowed request (for callers that keep the
    /// request in place, such as the C ABI). On error the request is
    /// unchanged.
    ///
    /// ```
    /// use oauthsig::{Consumer, Request, SignatureMethod};
    /// let consumer = Consumer::new("key", "secret");
    /// let mut request = Request::from_consumer_and_token(&consumer, None, "GET", "http://example.com/")?;
    /// request.sign_in_place(SignatureMethod::HmacSha1, &consumer, None)?;
    /// assert!(request.check_signature(&consumer, None)?);
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Request::sign`].
    pub fn sign_in_place(
        &mut self,
        method: SignatureMethod,
        consumer: &Consumer,
        token: Option<&Token>,
    ) -> Result<(), Error> {
        let key = consumer.signing_key(method, token)?;
        self.check_signable(true)?;
        if !self.has_own("oauth_consumer_key") {
            self.set("oauth_consumer_key", consumer.key());
        }
        if let Some(token) = token {
            if !self.has_own("oauth_token") {
                self.set("oauth_token", token.key());
            }
        }
        self.sign_with_key_in_place(&key)
    }

    /// Signs with a prepared key ([`Consumer::signing_key`]), so many
    /// requests share one HMAC key schedule. The request must already carry
    /// `oauth_consumer_key` (and `oauth_token` when the key has a token
    /// secret), as [`Request::from_consumer_and_token`] makes it.
    ///
    /// ```
    /// use oauthsig::{Consumer, Request, SignatureMethod};
    /// let consumer = Consumer::new("key", "secret");
    /// let key = consumer.signing_key(SignatureMethod::HmacSha256, None)?;
    /// for page in ["1", "2"] {
    ///     let request = Request::from_consumer_and_token(&consumer, None, "GET", "https://api.example.com/items")?
    ///         .query_param("page", page)
    ///         .sign_with_key(&key)?;
    ///     assert!(request.check_signature_with_key(&key)?);
    /// }
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::MissingParameter`] without `oauth_consumer_key`;
    /// [`Error::BodyHashOnFormBody`] as for [`Request::sign`].
    pub fn sign_with_key(mut self, key: &SigningKey) -> Result<Self, Error> {
        self.sign_with_key_in_place(key)?;
        Ok(self)
    }

    /// [`Request::sign_with_key`] on a borrowed request. On error the
    /// request is unchanged.
    ///
    /// ```
    /// use oauthsig::{Consumer, Request, SignatureMethod};
    /// let consumer = Consumer::new("key", "secret");
    /// let key = consumer.signing_key(SignatureMethod::HmacSha1, None)?;
    /// let mut request = Request::new("GET", "http://example.com/")?;
    /// assert!(request.sign_with_key_in_place(&key).is_err()); // no oauth_consumer_key
    /// assert_eq!(request.signature(), None);
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Request::sign_with_key`].
    pub fn sign_with_key_in_place(&mut self, key: &SigningKey) -> Result<(), Error> {
        self.check_signable(false)?;
        self.add_body_hash()?;
        self.set("oauth_signature_method", key.method().as_str());
        let signature = self.with_sorted(|base| key.sign(base).as_str().to_owned())?;
        self.set("oauth_signature", signature);
        Ok(())
    }

    /// The checks that can fail signing, made before anything is changed so
    /// a failed signing leaves the request as it was. (Building the base
    /// string cannot fail afterwards: the method and URL were validated when
    /// the request was made.)
    fn check_signable(&self, consumer_key_added: bool) -> Result<(), Error> {
        if !consumer_key_added && !self.has_own("oauth_consumer_key") {
            return Err(Error::MissingParameter {
                name: "oauth_consumer_key",
            });
        }
        if matches!(self.body, Body::Form(_))
            && self.params.iter().any(|p| p.name == "oauth_body_hash")
        {
            return Err(Error::BodyHashOnFormBody);
        }
        Ok(())
    }

    fn add_body_hash(&mut self) -> Result<(), Error> {
        let body: &[u8] = match (&self.body, self.body_hash) {
            (Body::Form(_), _) => {
                return match self.params.iter().any(|p| p.name == "oauth_body_hash") {
                    true => Err(Error::BodyHashOnFormBody),
                    false => Ok(()),
                };
            }
            (_, BodyHashPolicy::Never) | (Body::None, BodyHashPolicy::OpaqueBody) => return Ok(()),
            (Body::Opaque(bytes), _) => bytes,
            (Body::None, _) => b"",
        };
        self.set("oauth_body_hash", body_hash(body).as_str());
        Ok(())
    }

    /// Runs `f` on the signature base string of the request as it stands.
    fn with_sorted<R>(&self, f: impl FnOnce(&BaseString<'_, '_>) -> R) -> Result<R, Error> {
        let uri = BaseStringUri::parse_with_host(&self.url, self.host.as_deref())?;
        let params = self.sorted()?;
        Ok(f(&BaseString::new(&self.method, &uri, &params)?))
    }

    /// Every parameter in §3.4.1.3.2 order (unsigned ones are skipped later
    /// by the protocol layer).
    fn sorted(&self) -> Result<Vec<Param<'_>>, Error> {
        let mut slots: Vec<Param<'_>> = vec![Param::EMPTY; self.params.len()];
        let mut list = Params::new(&mut slots[..]);
        for p in &self.params {
            list.push(p.as_core())?;
        }
        list.sort();
        Ok(slots)
    }

    /// Checks `oauth_signature` against the request as it stands, with the
    /// method it names and the secrets of `consumer` and `token`, in constant
    /// time (python-oauth2's `SignatureMethod.check`). Only the signature:
    /// nonce, timestamp and parameter-location rules are the verifier's.
    ///
    /// ```
    /// use oauthsig::{Consumer, Request, SignatureMethod};
    /// let consumer = Consumer::new("key", "secret");
    /// let signed = Request::from_consumer_and_token(&consumer, None, "GET", "http://example.com/?a=1")?
    ///     .sign(SignatureMethod::HmacSha1, &consumer, None)?;
    /// assert!(signed.check_signature(&consumer, None)?);
    /// assert!(!signed.check_signature(&Consumer::new("key", "wrong"), None)?);
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::MissingParameter`] or [`Error::DuplicateParameter`] for
    /// `oauth_signature` or `oauth_signature_method`; [`Error::Core`] for an
    /// unknown signature method.
    pub fn check_signature(
        &self,
        consumer: &Consumer,
        token: Option<&Token>,
    ) -> Result<bool, Error> {
        let method = self
            .only("oauth_signature_method")?
            .parse::<SignatureMethod>()?;
        self.check_signature_with_key(&consumer.signing_key(method, token)?)
    }

    /// [`Request::check_signature`] with a prepared key; a request naming
    /// another method than the key's does not check.
    ///
    /// ```
    /// use oauthsig::{Consumer, Request, SignatureMethod};
    /// let consumer = Consumer::new("key", "secret");
    /// let key = consumer.signing_key(SignatureMethod::HmacSha1, None)?;
    /// let signed = Request::from_consumer_and_token(&consumer, None, "GET", "http://example.com/")?
    ///     .sign_with_key(&key)?;
    /// assert!(signed.check_signature_with_key(&key)?);
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Request::check_signature`].
    pub fn check_signature_with_key(&self, key: &SigningKey) -> Result<bool, Error> {
        let presented = self.only("oauth_signature")?;
        if let Some(method) = self.get("oauth_signature_method") {
            if method != key.method().as_str() {
                return Ok(false);
            }
        }
        self.with_sorted(|base| key.verify(base, &Text::raw(presented)))
    }

    /// The value of `name`, which must appear exactly once in the request.
    fn only(&self, name: &'static str) -> Result<&str, Error> {
        let mut found = self.params.iter().filter(|p| p.name == name);
        match (found.next(), found.next()) {
            (Some(p), None) => Ok(&p.value),
            (None, _) => Err(Error::MissingParameter { name }),
            (Some(_), Some(_)) => Err(Error::DuplicateParameter { name }),
        }
    }

    /// The HTTP method, as given.
    ///
    /// ```
    /// assert_eq!(oauthsig::Request::new("get", "http://example.com/")?.method(), "get");
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The URL as given, with any [`Request::query_param`] additions.
    ///
    /// ```
    /// assert_eq!(oauthsig::Request::new("GET", "http://example.com/a?b=c")?.url(), "http://example.com/a?b=c");
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn url(&self) -> &str {
        &self.url
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
    pub fn normalized_url(&self) -> &str {
        &self.normalized_url
    }

    /// Every parameter: URL query, body, header and code, in that order of
    /// arrival, duplicates kept.
    ///
    /// ```
    /// let request = oauthsig::Request::new("GET", "http://example.com/?a=1&a=2")?;
    /// assert_eq!(request.parameters().len(), 2);
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn parameters(&self) -> &[Parameter] {
        &self.params
    }

    /// The value of the first parameter called `name`, from any source
    /// (python-oauth2's `get_parameter`).
    ///
    /// ```
    /// let request = oauthsig::Request::new("GET", "http://example.com/?a=1&a=2")?;
    /// assert_eq!(request.get("a"), Some("1"));
    /// assert_eq!(request.get("b"), None);
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn get(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.value.as_str())
    }

    /// The `oauth_signature` value, once signed (or as received).
    ///
    /// ```
    /// use oauthsig::{Consumer, Request, SignatureMethod};
    /// let consumer = Consumer::new("key", "secret");
    /// let request = Request::new("GET", "http://example.com/")?;
    /// assert_eq!(request.signature(), None);
    /// let signed = request.sign(SignatureMethod::Plaintext, &consumer, None)?;
    /// assert_eq!(signed.signature(), Some("secret&"));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn signature(&self) -> Option<&str> {
        self.get("oauth_signature")
    }

    /// The parameters whose names do not start with `oauth_`, from every
    /// source (python-oauth2's `get_nonoauth_parameters`).
    ///
    /// ```
    /// use oauthsig::{Consumer, Request};
    /// let consumer = Consumer::new("key", "secret");
    /// let request = Request::from_consumer_and_token(&consumer, None, "GET", "http://example.com/?q=x")?
    ///     .param("count", "10");
    /// let names: Vec<&str> = request.nonoauth_parameters().map(|p| p.name()).collect();
    /// assert_eq!(names, ["q", "count"]);
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn nonoauth_parameters(&self) -> impl Iterator<Item = &Parameter> + '_ {
        self.params.iter().filter(|p| !p.is_protocol())
    }

    /// The normalized parameter string (§3.4.1.3.2; python-oauth2's
    /// `get_normalized_parameters`): every parameter but `oauth_signature`,
    /// encoded, sorted by encoded name then value.
    ///
    /// ```
    /// let request = oauthsig::Request::new("GET", "http://example.com/?b=2&a=%C2%AE&a=B&oauth_signature=x")?;
    /// assert_eq!(request.normalized_parameters()?, "a=%C2%AE&a=B&b=2");
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// None in practice (the parameters were checked when added); the
    /// protocol layer's storage errors are passed on.
    pub fn normalized_parameters(&self) -> Result<String, Error> {
        Ok(Normalized::new(&self.sorted()?).to_string())
    }

    /// The signature base string (§3.4.1.1; python-oauth2's `signing_base`):
    /// exactly the bytes [`Request::sign`] feeds the MAC.
    ///
    /// ```
    /// let request = oauthsig::Request::new("GET", "http://example.com/?n=v")?;
    /// assert_eq!(request.signature_base_string()?, "GET&http%3A%2F%2Fexample.com%2F&n%3Dv");
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Request::normalized_parameters`].
    pub fn signature_base_string(&self) -> Result<String, Error> {
        self.with_sorted(|base| base.to_string())
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
            Body::Form(text) => text.as_bytes(),
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

    /// The `Authorization` header value (§3.5.1; python-oauth2's `to_header`,
    /// whose header name is [`AUTHORIZATION`]): `OAuth`, the realm when
    /// given, the protocol parameters set in code or received in the header,
    /// then `oauth_signature`.
    ///
    /// ```
    /// use oauthsig::Request;
    /// let request = Request::new("GET", "http://sp.example.com/")?
    ///     .param("oauth_nonce", "n")
    ///     .param("oauth_signature", "a/b=");
    /// assert_eq!(request.to_header(Some("Example"))?,
    ///     r#"OAuth realm="Example", oauth_nonce="n", oauth_signature="a%2Fb%3D""#);
    /// assert!(request.param("q", "1").to_header(None).is_err());
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::NotAProtocolParameter`] when a parameter set in code is not
    /// an `oauth_` one (the header cannot carry it, and dropping it would
    /// break the signature); [`Error::Core`] for a realm with a control
    /// character.
    pub fn to_header(&self, realm: Option<&str>) -> Result<String, Error> {
        if let Some(p) = self.params.iter().find(|p| p.is_own() && !p.is_protocol()) {
            return Err(Error::NotAProtocolParameter {
                name: p.name.to_string(),
            });
        }
        let params: Vec<Param<'_>> = self.params.iter().map(Parameter::as_core).collect();
        let header = AuthorizationHeader::new(realm, &params, self.signature())?;
        let room = encoded_estimate(&params) + realm.map_or(0, str::len) + 16;
        let mut out = String::with_capacity(room);
        // Writing into a String cannot fail.
        let _ = write!(out, "{header}");
        Ok(out)
    }

    /// The form body carrying the protocol parameters (§3.5.2; python-oauth2's
    /// `to_postdata`): the request's own form body, then every parameter set
    /// in code or received in the header, `oauth_signature` included.
    ///
    /// ```
    /// let request = oauthsig::Request::new("POST", "http://example.com/")?
    ///     .form_body("status=hi+there")?
    ///     .param("oauth_nonce", "n");
    /// assert_eq!(request.to_postdata(), "status=hi%20there&oauth_nonce=n");
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn to_postdata(&self) -> String {
        let body = self.params.iter().filter(|p| p.source == Source::Body);
        let own = self.params.iter().filter(|p| p.is_own());
        let params: Vec<Param<'_>> = body.chain(own).map(Parameter::as_core).collect();
        let mut out = String::with_capacity(encoded_estimate(&params));
        write_form(&mut out, &params);
        out
    }

    /// The URL carrying the protocol parameters (§3.5.3; python-oauth2's
    /// `to_url`): the URL as given — its query kept byte for byte, since it
    /// was signed as sent — with every parameter set in code or received in
    /// the header appended, and any fragment last. Body parameters stay in
    /// the body.
    ///
    /// ```
    /// let request = oauthsig::Request::new("GET", "http://sp.example.com/?empty=&x=1")?
    ///     .param("oauth_version", "1.0");
    /// assert_eq!(request.to_url(), "http://sp.example.com/?empty=&x=1&oauth_version=1.0");
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn to_url(&self) -> String {
        let own: Vec<Param<'_>> = self
            .params
            .iter()
            .filter(|p| p.is_own())
            .map(Parameter::as_core)
            .collect();
        let mut url = String::with_capacity(self.url.len() + encoded_estimate(&own));
        url.push_str(&self.url);
        url::extend_query(&mut url, |q| write_form(q, &own));
        url
    }
}

impl fmt::Debug for Request {
    /// Shows the request without secrets: `oauth_signature` values (the
    /// secrets themselves under PLAINTEXT), verifiers and the received
    /// `Authorization` header are hidden, the body is summarised by its length.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body = match &self.body {
            Body::None => "none".to_owned(),
            Body::Form(text) => format!("form, {} bytes", text.len()),
            Body::Opaque(bytes) => format!("{} bytes", bytes.len()),
        };
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("parameters", &self.params)
            .field("body", &format_args!("{body}"))
            .field("content_type", &self.content_type())
            .field("body_hash", &self.body_hash)
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
