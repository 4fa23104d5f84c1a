//! Configuring a [`Verifier`]: the allowed methods (no default), the
//! window, the realm, the nonce store and the input limits.

use super::clock::DynClock;
use super::dummy::Dummies;
use super::{Clock, NonceCharset, SystemClock, Verifier};
use crate::nonce_store::{MemoryNonceStore, NonceStore};
use oauthsig_core::{Error as CoreError, SignatureMethod, WwwAuthenticate};
use std::fmt;
use std::ops::RangeInclusive;
use std::time::Duration;

/// Default timestamp window: 300 s into the past and into the future.
pub const DEFAULT_WINDOW: Duration = Duration::from_secs(300);
/// Default nonce length limits, in decoded bytes: python-oauth2 sends 1–9
/// digits, oauthlib 30 alphanumerics, UUIDs are 36; 64 bounds the store.
pub const DEFAULT_NONCE_LENGTH: RangeInclusive<usize> = 1..=64;
/// Default maximum `Authorization` header length (a common server limit).
pub const DEFAULT_MAX_HEADER_LEN: usize = 8 * 1024;
/// Default maximum request URL length, in bytes: scheme, authority and
/// request-target. RFC 9112 §3 recommends at least 8000 octets of
/// request-line; longer URLs are answered 414 (RFC 9110 §15.5.15).
pub const DEFAULT_MAX_URL_LEN: usize = 8 * 1024;
/// Default maximum number of parameters (query + form body + header).
pub const DEFAULT_MAX_PARAMETERS: usize = 256;
/// Default maximum body length the verifier reads (form or body hash).
pub const DEFAULT_MAX_BODY_LEN: usize = 1024 * 1024;

/// Why a [`VerifierBuilder`] could not build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildError {
    /// No signature method was allowed: there is deliberately no default.
    NoSignatureMethod,
    /// The realm has a control character and cannot go into a header.
    BadRealm(CoreError),
    /// The nonce length range is empty.
    EmptyNonceLength,
    /// An RSA method was allowed in a build without the `rsa` feature.
    MethodUnavailable(SignatureMethod),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::NoSignatureMethod => f.write_str("no signature method allowed"),
            BuildError::BadRealm(e) => write!(f, "bad realm: {e}"),
            BuildError::EmptyNonceLength => f.write_str("nonce length range is empty"),
            BuildError::MethodUnavailable(m) => {
                write!(f, "{m} needs oauthsig's `rsa` feature")
            }
        }
    }
}

impl std::error::Error for BuildError {}

/// Configures a [`Verifier`]. Only the allowed signature methods must be
/// given; everything else has a safe default.
///
/// ```
/// use oauthsig::nonce_store::MemoryNonceStore;
/// use oauthsig::verifier::{NonceCharset, Verifier};
/// use oauthsig_core::SignatureMethod;
/// use std::{sync::Arc, time::Duration};
///
/// let shared = Arc::new(MemoryNonceStore::new());
/// let verifier = Verifier::builder()
///     .allow(SignatureMethod::HmacSha1)
///     .allow(SignatureMethod::HmacSha256)
///     .timestamp_window(Duration::from_secs(600))
///     .require_realm("Photos")
///     .nonce_store(Arc::clone(&shared))
///     .nonce_length(8..=64)
///     .nonce_charset(NonceCharset::Alphanumeric)
///     .max_header_len(4096)
///     .max_url_len(4096)
///     .max_parameters(64)
///     .max_body_len(64 * 1024)
///     .build()?;
/// # drop(verifier);
/// assert!(Verifier::builder().build().is_err()); // no method: no default
/// # Ok::<(), oauthsig::verifier::BuildError>(())
/// ```
#[must_use]
pub struct VerifierBuilder {
    methods: Vec<SignatureMethod>,
    plaintext_over_http: bool,
    window: Duration,
    clock: Option<Box<dyn Clock>>,
    realm: Option<String>,
    store: Option<Box<dyn NonceStore>>,
    nonce_length: RangeInclusive<usize>,
    nonce_charset: NonceCharset,
    max_header_len: usize,
    max_url_len: usize,
    max_parameters: usize,
    max_body_len: usize,
}

impl fmt::Debug for VerifierBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifierBuilder")
            .field("methods", &self.methods)
            .field("window", &self.window)
            .field("realm", &self.realm)
            .finish_non_exhaustive()
    }
}

impl VerifierBuilder {
    /// The defaults: no method allowed yet.
    pub(super) fn new() -> Self {
        VerifierBuilder {
            methods: Vec::new(),
            plaintext_over_http: false,
            window: DEFAULT_WINDOW,
            clock: None,
            realm: None,
            store: None,
            nonce_length: DEFAULT_NONCE_LENGTH,
            nonce_charset: NonceCharset::Printable,
            max_header_len: DEFAULT_MAX_HEADER_LEN,
            max_url_len: DEFAULT_MAX_URL_LEN,
            max_parameters: DEFAULT_MAX_PARAMETERS,
            max_body_len: DEFAULT_MAX_BODY_LEN,
        }
    }

    /// Accepts `method`. Call once per method; at least once.
    pub fn allow(mut self, method: SignatureMethod) -> Self {
        if !self.methods.contains(&method) {
            self.methods.push(method);
        }
        self
    }

    /// Accepts PLAINTEXT over plain `http` too. Only for a transport that is
    /// secure some other way (a loopback test, a private link); RFC 5849
    /// §3.4.4 requires TLS. Has no effect unless PLAINTEXT is allowed.
    pub fn allow_plaintext_over_http(mut self) -> Self {
        self.plaintext_over_http = true;
        self
    }

    /// How far `oauth_timestamp` may be from now, each way (default 300 s;
    /// whole seconds). Nonces are remembered for as long as a timestamp can
    /// pass this window.
    pub fn timestamp_window(mut self, window: Duration) -> Self {
        self.window = window;
        self
    }

    /// Sets the clock (default [`SystemClock`]).
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Some(Box::new(clock));
        self
    }

    /// Requires the header `realm` to be `realm`; it is also the realm of
    /// the `WWW-Authenticate` challenge (default: none required, challenge
    /// with `realm=""`).
    pub fn require_realm(mut self, realm: impl Into<String>) -> Self {
        self.realm = Some(realm.into());
        self
    }

    /// Sets the nonce store (default: a new [`MemoryNonceStore`]). Pass an
    /// `Arc` to share one store between verifiers.
    pub fn nonce_store(mut self, store: impl NonceStore + 'static) -> Self {
        self.store = Some(Box::new(store));
        self
    }

    /// Nonce length limits in decoded bytes (default [`DEFAULT_NONCE_LENGTH`]).
    pub fn nonce_length(mut self, length: RangeInclusive<usize>) -> Self {
        self.nonce_length = length;
        self
    }

    /// Bytes a nonce may contain (default [`NonceCharset::Printable`]).
    pub fn nonce_charset(mut self, charset: NonceCharset) -> Self {
        self.nonce_charset = charset;
        self
    }

    /// Longest `Authorization` header accepted (default [`DEFAULT_MAX_HEADER_LEN`]).
    pub fn max_header_len(mut self, max: usize) -> Self {
        self.max_header_len = max;
        self
    }

    /// Longest request URL accepted (default [`DEFAULT_MAX_URL_LEN`]),
    /// checked before anything of the request is parsed; a longer one is
    /// [`VerifyError::UrlTooLong`](super::VerifyError::UrlTooLong), 414.
    pub fn max_url_len(mut self, max: usize) -> Self {
        self.max_url_len = max;
        self
    }

    /// Most parameters accepted, all locations together (default
    /// [`DEFAULT_MAX_PARAMETERS`]).
    pub fn max_parameters(mut self, max: usize) -> Self {
        self.max_parameters = max;
        self
    }

    /// Longest body the verifier reads: a form body, or one covered by
    /// `oauth_body_hash` (default [`DEFAULT_MAX_BODY_LEN`]). Other bodies
    /// are not read at all.
    pub fn max_body_len(mut self, max: usize) -> Self {
        self.max_body_len = max;
        self
    }

    /// Takes `profile`'s server side: allows each of its accepted methods,
    /// and sets its timestamp window and nonce length limits (LMS nonces
    /// beyond 32 characters for LTI 1.1, at most 24 for Mastercard, 15
    /// minutes for WooCommerce). Later calls override any of them.
    ///
    /// ```
    /// use oauthsig::profile::{Profile, ProfileId};
    /// use oauthsig::verifier::Verifier;
    /// let verifier = Verifier::builder().profile(&Profile::new(ProfileId::Lti11)).build()?;
    /// # drop(verifier);
    /// # Ok::<(), oauthsig::verifier::BuildError>(())
    /// ```
    pub fn profile(mut self, profile: &crate::profile::Profile) -> Self {
        for &method in profile.accepted_methods() {
            self = self.allow(method);
        }
        self.timestamp_window(profile.timestamp_window())
            .nonce_length(profile.nonce_length())
    }

    /// Builds the verifier.
    ///
    /// # Errors
    /// [`BuildError::NoSignatureMethod`] when no method was allowed,
    /// [`BuildError::BadRealm`] for a realm with a control character,
    /// [`BuildError::EmptyNonceLength`] for an empty length range.
    pub fn build(self) -> Result<Verifier, BuildError> {
        if self.methods.is_empty() {
            return Err(BuildError::NoSignatureMethod);
        }
        if let Some(r) = &self.realm {
            WwwAuthenticate::new(r).map_err(BuildError::BadRealm)?;
        }
        if self.nonce_length.is_empty() {
            return Err(BuildError::EmptyNonceLength);
        }
        if let Some(&m) = self.methods.iter().find(|m| !m.is_available()) {
            return Err(BuildError::MethodUnavailable(m));
        }
        Ok(Verifier {
            methods: self.methods,
            plaintext_over_http: self.plaintext_over_http,
            window: self.window.as_secs(),
            clock: DynClock(self.clock.unwrap_or_else(|| Box::new(SystemClock))),
            challenge_realm: self.realm.clone().unwrap_or_default(),
            realm: self.realm,
            store: self
                .store
                .unwrap_or_else(|| Box::new(MemoryNonceStore::new())),
            nonce_length: self.nonce_length,
            nonce_charset: self.nonce_charset,
            max_header_len: self.max_header_len,
            max_url_len: self.max_url_len,
            max_parameters: self.max_parameters,
            max_body_len: self.max_body_len,
            dummies: Dummies::new(),
        })
    }
}
