//! Server-side verification, [RFC 5849 §3.2](https://www.rfc-editor.org/rfc/rfc5849#section-3.2).
//!
//! A [`Verifier`] takes an [`IncomingRequest`] and a [`CredentialLookup`] and
//! either returns the [`Verified`] request (consumer key, token, signature
//! method, the non-`oauth_` parameters decoded) or a [`VerifyError`] naming the
//! check that failed, its HTTP status, and for 401 the `WWW-Authenticate`
//! challenge. [`Verifier::verify_borrowed`] makes the same checks and
//! returns a [`VerifiedRef`] that borrows from the request instead of
//! copying it.
//!
//! # The checks, in order
//!
//! The order is fixed: cheap, stateless checks first; then the credential
//! lookup; then the nonce; then the signature; and the nonce is recorded
//! last, only for a request that passed everything, so an unauthenticated
//! caller can never burn a legitimate client's nonce. The table is the order
//! in which failures are reported. The store is asked once per request that
//! gets that far: the signature is computed first, then a request that
//! passes 11 and 12 has its nonce recorded atomically (13, which answers 10
//! as well), and one that fails them is looked up without recording (10),
//! so a replay is reported as a replay whatever else is wrong with it.
//!
//! Every protocol check is oauthsig-core's (its [`verify`](oauthsig_core::verify)
//! module: parsing and classification in step 0, then
//! [`Received::check`](oauthsig_core::verify::Received::check) for 1–8,
//! `check_signature` for 11 and `check_body_hash` for 12); the verifier
//! adds what needs state or I/O: the input limits, the clock, the
//! credential lookup and the nonce store.
//!
//! | # | check | error | status |
//! |---|---|---|---|
//! | 0 | input limits; header, URL, method, query and form body parse; the protocol values and the realm decode to UTF-8 (the other parameters are octets) | [`UrlTooLong`](VerifyError::UrlTooLong), [`HeaderTooLong`](VerifyError::HeaderTooLong), [`TooManyParameters`](VerifyError::TooManyParameters), [`BodyTooLarge`](VerifyError::BodyTooLarge), [`Malformed`](VerifyError::Malformed) | 400 (413 for the body, 414 for the URL) |
//! | 1 | `oauth_consumer_key`, `oauth_signature_method`, `oauth_signature` present; `oauth_timestamp`, `oauth_nonce` too unless the method is PLAINTEXT (§3.3, §3.4.4) | [`MissingParameter`](VerifyError::MissingParameter) | 400 |
//! | 2 | no `oauth_*` parameter more than once (§3.1) | [`DuplicateParameter`](VerifyError::DuplicateParameter) | 400 |
//! | 3 | all `oauth_*` parameters in one location: header, query or form body (§3.5) | [`MixedLocations`](VerifyError::MixedLocations) | 400 |
//! | 4 | `oauth_version`, if present, is `1.0` | [`UnsupportedVersion`](VerifyError::UnsupportedVersion) | 400 |
//! | 5 | signature method known, allowed, and PLAINTEXT only over `https` unless explicitly allowed (§3.4.4) | [`UnsupportedSignatureMethod`](VerifyError::UnsupportedSignatureMethod), [`SignatureMethodNotAllowed`](VerifyError::SignatureMethodNotAllowed), [`PlaintextOverHttp`](VerifyError::PlaintextOverHttp) | 400 |
//! | 6 | timestamp: ASCII digits, positive, no overflow (400); within the window both ways (401) | [`InvalidTimestamp`](VerifyError::InvalidTimestamp), [`StaleTimestamp`](VerifyError::StaleTimestamp), [`FutureTimestamp`](VerifyError::FutureTimestamp) | 400 / 401 |
//! | 7 | nonce length and characters within the configured limits | [`InvalidNonce`](VerifyError::InvalidNonce) | 401 |
//! | 8 | header `realm` equals the required realm, when one is configured | [`WrongRealm`](VerifyError::WrongRealm) | 401 |
//! | 9 | consumer and token looked up (secrets, a prepared key, or with feature `rsa` the consumer's RSA public key); unknown ones, and a credential of the other kind than the method (secrets for RSA, a public key for HMAC or PLAINTEXT), continue with a dummy key of the method that costs what the lookup's own answers cost (a key schedule on dummy secrets of the last known secrets' lengths after a secrets answer, a prepared key after a prepared one, a fixed 2048-bit public key for RSA) and fail at step 11, so timing does not reveal which keys exist (`cargo bench --bench lookup_timing` compares them) | ([`LookupUnavailable`](VerifyError::LookupUnavailable) 503, [`KeyMethodMismatch`](VerifyError::KeyMethodMismatch) / [`UnusableSecret`](VerifyError::UnusableSecret) 500) | |
//! | 10 | (consumer, token, timestamp, decoded nonce) not used before — looked up, without recording, for a request that fails 11 or 12; for one that passes, the record of step 13 answers | [`UsedNonce`](VerifyError::UsedNonce) ([`NonceStore`](VerifyError::NonceStore) 503; a store fault is never reported as a replay) | 401 |
//! | 11 | signature, compared in constant time (RSA: verified with the public key, a signature of another length than the modulus refused); then unknown consumer/token, credential of the wrong kind | [`BadSignature`](VerifyError::BadSignature), [`UnknownConsumer`](VerifyError::UnknownConsumer), [`UnknownToken`](VerifyError::UnknownToken), [`CredentialMismatch`](VerifyError::CredentialMismatch) | 401 |
//! | 12 | `oauth_body_hash`: refused on form bodies (400), else must be the body's SHA-1 (any method) or, with HMAC-SHA256 or RSA-SHA256, its SHA-256 (401) | [`BodyHashOnFormBody`](VerifyError::BodyHashOnFormBody), [`BodyHashMismatch`](VerifyError::BodyHashMismatch) | 400 / 401 |
//! | 13 | nonce recorded, atomically; of identical requests racing, one wins | [`UsedNonce`](VerifyError::UsedNonce) ([`ConsumerQuota`](VerifyError::ConsumerQuota) 429 when the consumer holds its share of the in-memory store; [`NonceStore`](VerifyError::NonceStore) 503) | 401 |
//!
//! [`Verifier::verify_async`] makes the same checks in the same order and
//! only awaits the store's answer (step 10 or 13) instead of blocking on it.
//!
//! A PLAINTEXT request may omit `oauth_timestamp` and `oauth_nonce`
//! (§3.4.4 relies on TLS instead); when it sends them they are checked like
//! any other, and the nonce is recorded when both are present.
//!
//! Parameters are octets (§3.4.1.3.1, §3.6): a Latin-1 query such as
//! `city=Mal%E9` verifies, and the result gives the octets
//! ([`Verified::parameter_bytes`]) or text where they are UTF-8
//! ([`Verified::parameter`], which names the part and offset where they are
//! not). The protocol values are handed to the lookup and the nonce store
//! as text, so one that does not decode to UTF-8 is refused in step 0.
//!
//! Parameters are collected as §3.4.1.3.1 says: the URL query, the
//! `Authorization` header except `realm` (which is never signed), and the body
//! only when `Content-Type` is `application/x-www-form-urlencoded`. An
//! `Authorization` header of another scheme than `OAuth` (HTTP Basic at a
//! proxy, say) carries no parameters and is otherwise ignored. Nothing
//! here echoes the expected signature base string; to see it while debugging,
//! log [`Verifier::base_string_for_logs`] server-side, never in a response.
//!
//! ```
//! use oauthsig::verifier::{CredentialQuery, Credentials, IncomingRequest, LookupError, Verifier, VerifyError};
//! use oauthsig_core::SignatureMethod;
//!
//! // RFC 5849 §1.2: the photo request, signed with HMAC-SHA1.
//! let verifier = Verifier::builder()
//!     .allow(SignatureMethod::HmacSha1)
//!     .clock(|| 137_131_250)
//!     .build()?;
//! let lookup = |q: &CredentialQuery<'_>| match (q.consumer_key(), q.token()) {
//!     ("dpf43f3p2l4k3l03", Some("nnch734d00sl2jdk")) => {
//!         Ok(Credentials::secrets("kd94hf93k423kf44", "pfkkdhi9sl3r4s00"))
//!     }
//!     ("dpf43f3p2l4k3l03", _) => Err(LookupError::UnknownToken),
//!     _ => Err(LookupError::UnknownConsumer),
//! };
//! let req = IncomingRequest::new("GET", "http://photos.example.net/photos?file=vacation.jpg&size=original")
//!     .authorization(r#"OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03",
//!         oauth_token="nnch734d00sl2jdk", oauth_signature_method="HMAC-SHA1",
//!         oauth_timestamp="137131202", oauth_nonce="chapoH",
//!         oauth_signature="MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D""#);
//!
//! let ok = verifier.verify(&req, &lookup)?;
//! assert_eq!(ok.parameter("file")?.as_deref(), Some("vacation.jpg"));
//!
//! // The same request again is a replay.
//! let err = verifier.verify(&req, &lookup).unwrap_err();
//! assert_eq!(err, VerifyError::UsedNonce);
//! assert_eq!(err.http_status(), 401);
//! assert_eq!(verifier.www_authenticate(&err).as_deref(), Some(r#"OAuth realm="""#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod borrowed;
mod builder;
mod clock;
mod dummy;
mod error;
mod lookup;
mod parameters;
mod verified;

pub use borrowed::VerifiedRef;
pub use builder::{
    BuildError, DEFAULT_MAX_BODY_LEN, DEFAULT_MAX_HEADER_LEN, DEFAULT_MAX_PARAMETERS,
    DEFAULT_MAX_URL_LEN, DEFAULT_NONCE_LENGTH, DEFAULT_WINDOW, VerifierBuilder,
};
pub use clock::{Clock, SystemClock};
pub use error::VerifyError;
pub use lookup::{CredentialLookup, CredentialQuery, Credentials, LookupError};
pub use oauthsig_core::ProtocolParam;
/// The request as the verifier sees it: oauthsig-core's
/// [`verify::Incoming`](oauthsig_core::verify::Incoming), borrowed, nothing
/// copied.
///
/// Behind a TLS-terminating proxy, build the URL with the scheme the
/// *client* used (`https`): the signature covers it (§3.4.1.2), and
/// PLAINTEXT is refused over `http`.
///
/// ```
/// use oauthsig::verifier::IncomingRequest;
/// let req = IncomingRequest::new("POST", "https://api.example.com/photos?size=large")
///     .authorization(r#"OAuth oauth_consumer_key="dpf43f3p2l4k3l03", oauth_signature="…""#)
///     .content_type("application/x-www-form-urlencoded")
///     .body(b"title=Sunset")
///     .host("api.example.com");
/// assert_eq!(req.method(), "POST");
/// assert_eq!(req.body_bytes(), b"title=Sunset");
/// ```
pub use oauthsig_core::verify::Incoming as IncomingRequest;
pub use oauthsig_core::verify::NonceCharset;
pub use parameters::{Parameters, VerifiedParameter};
pub use verified::Verified;

use crate::nonce_store::{NonceKey, NonceStatus, NonceStore, NonceStoreError};
use borrowed::Protocol;
use clock::DynClock;
use dummy::Dummies;
use oauthsig_core::verify::{
    CAPACITY, Checked, Credential, Policy, Received, Rejection, receive_in,
};
use oauthsig_core::{Error as CoreError, Param, SignatureMethod, SigningKey};
use std::fmt;
use std::ops::RangeInclusive;

/// Verifies signed requests (RFC 5849 §3.2); see the [module
/// docs](self) for the checks and their order.
///
/// `Send + Sync`: share one verifier (and so one nonce store) between all
/// request threads.
pub struct Verifier {
    methods: Vec<SignatureMethod>,
    plaintext_over_http: bool,
    window: u64,
    clock: DynClock,
    realm: Option<String>,
    challenge_realm: String,
    store: Box<dyn NonceStore>,
    nonce_length: RangeInclusive<usize>,
    nonce_charset: NonceCharset,
    max_header_len: usize,
    max_url_len: usize,
    max_parameters: usize,
    max_body_len: usize,
    dummies: Dummies,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("methods", &self.methods)
            .field("plaintext_over_http", &self.plaintext_over_http)
            .field("window", &self.window)
            .field("clock", &self.clock)
            .field("realm", &self.realm)
            .field("nonce_length", &self.nonce_length)
            .field("nonce_charset", &self.nonce_charset)
            .field("max_header_len", &self.max_header_len)
            .field("max_url_len", &self.max_url_len)
            .field("max_parameters", &self.max_parameters)
            .field("max_body_len", &self.max_body_len)
            .finish_non_exhaustive()
    }
}

/// A request after step 0: parsed by oauthsig-core over the verifier's
/// parameter slots (on the stack, or a `Vec` for a large request).
type Collected<'a, 's> = Received<'a, &'s mut [Param<'a>]>;

impl Verifier {
    /// Starts a builder.
    pub fn builder() -> VerifierBuilder {
        VerifierBuilder::new()
    }

    /// The `WWW-Authenticate` value to send with a 401 for `error`, in this
    /// verifier's realm; `None` when `error` is not a 401.
    pub fn www_authenticate(&self, error: &VerifyError) -> Option<String> {
        error.www_authenticate(&self.challenge_realm)
    }

    /// Verifies `request`, finding secrets through `lookup`. On success the
    /// nonce is recorded and the request cannot be verified again.
    ///
    /// # Errors
    /// The [`VerifyError`] of the first failed check, in the order of the
    /// [module docs](self).
    pub fn verify<L>(
        &self,
        request: &IncomingRequest<'_>,
        lookup: &L,
    ) -> Result<Verified, VerifyError>
    where
        L: CredentialLookup + ?Sized,
    {
        self.run(request, lookup).map(|r| r.to_verified())
    }

    /// [`Verifier::verify`], with a result that borrows from the request
    /// instead of copying it: the same checks in the same order, the same
    /// errors, and no heap allocation of the verifier's own. (A protocol
    /// value with escapes, rare, is decoded into a `String`; a request of
    /// more than [`CAPACITY`] parameters
    /// is collected on the heap; the nonce store does what it does:
    /// `tests/verify_no_alloc.rs` counts.) The non-`oauth_` parameters are
    /// decoded only when [`VerifiedRef::parameters`],
    /// [`VerifiedRef::parameter`] or [`VerifiedRef::parameter_bytes`] reads
    /// them.
    ///
    /// ```
    /// use oauthsig::verifier::{Credentials, CredentialQuery, IncomingRequest, LookupError, Verifier};
    /// use oauthsig_core::SignatureMethod;
    ///
    /// let verifier = Verifier::builder().allow(SignatureMethod::Plaintext).build()?;
    /// let req = IncomingRequest::new("GET", "https://photos.example.net/photos?size=large&file=vacation.jpg")
    ///     .authorization(r#"OAuth oauth_consumer_key="dpf43f3p2l4k3l03", oauth_token="nnch734d00sl2jdk",
    ///         oauth_signature_method="PLAINTEXT", oauth_signature="kd94hf93k423kf44%26pfkkdhi9sl3r4s00""#);
    /// let lookup = |_: &CredentialQuery<'_>| -> Result<Credentials<'static>, LookupError> {
    ///     Ok(Credentials::secrets("kd94hf93k423kf44", "pfkkdhi9sl3r4s00"))
    /// };
    /// let ok = verifier.verify_borrowed(&req, &lookup)?;
    /// assert_eq!(ok.consumer_key(), "dpf43f3p2l4k3l03");
    /// assert_eq!(ok.parameter("file")?.as_deref(), Some("vacation.jpg"));
    /// // Owned, when it must outlive the request.
    /// let owned = ok.to_verified();
    /// assert_eq!(owned.token(), Some("nnch734d00sl2jdk"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`Verifier::verify`].
    pub fn verify_borrowed<'r, L>(
        &self,
        request: &IncomingRequest<'r>,
        lookup: &L,
    ) -> Result<VerifiedRef<'r>, VerifyError>
    where
        L: CredentialLookup + ?Sized,
    {
        self.run(request, lookup)
    }

    /// [`Verifier::verify`] for async servers: the same checks, in the same
    /// order, with the same errors (one engine: only the nonce store's
    /// answer is awaited, through [`NonceStore::record_async`] /
    /// [`NonceStore::check_async`], so a store that does I/O, such as
    /// Redis, never blocks the executor). The lookup is still called
    /// inline: keep it fast or cached. The tower layer calls this.
    ///
    /// ```
    /// use oauthsig::verifier::{CredentialQuery, Credentials, IncomingRequest, LookupError, Verifier, VerifyError};
    /// use oauthsig_core::SignatureMethod;
    ///
    /// let verifier = Verifier::builder()
    ///     .allow(SignatureMethod::Plaintext)
    ///     .clock(|| 137_131_200)
    ///     .build()?;
    /// let req = IncomingRequest::new("GET", "https://photos.example.net/photos?file=vacation.jpg")
    ///     .authorization(r#"OAuth oauth_consumer_key="dpf43f3p2l4k3l03", oauth_signature_method="PLAINTEXT",
    ///         oauth_timestamp="137131200", oauth_nonce="wIjqoS", oauth_signature="kd94hf93k423kf44%26""#);
    /// let lookup = |_: &CredentialQuery<'_>| -> Result<Credentials<'static>, LookupError> {
    ///     Ok(Credentials::secrets("kd94hf93k423kf44", ""))
    /// };
    /// let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    /// let ok = runtime.block_on(verifier.verify_async(&req, &lookup))?;
    /// assert_eq!(ok.consumer_key(), "dpf43f3p2l4k3l03");
    /// // A replay, whichever entry point sees it.
    /// assert_eq!(verifier.verify(&req, &lookup).unwrap_err(), VerifyError::UsedNonce);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`Verifier::verify`].
    pub async fn verify_async<L>(
        &self,
        request: &IncomingRequest<'_>,
        lookup: &L,
    ) -> Result<Verified, VerifyError>
    where
        L: CredentialLookup + Sync + ?Sized,
    {
        self.run_async(request, lookup)
            .await
            .map(|r| r.to_verified())
    }

    /// [`Verifier::verify_async`] with the result of
    /// [`Verifier::verify_borrowed`]: borrowed from the request, not copied.
    /// The same checks, order and errors; only the nonce store's answer is
    /// awaited.
    ///
    /// ```
    /// use oauthsig::verifier::{CredentialQuery, Credentials, IncomingRequest, LookupError, Verifier};
    /// use oauthsig_core::SignatureMethod;
    ///
    /// let verifier = Verifier::builder()
    ///     .allow(SignatureMethod::Plaintext)
    ///     .clock(|| 137_131_200)
    ///     .build()?;
    /// let req = IncomingRequest::new("GET", "https://photos.example.net/photos?file=vacation.jpg")
    ///     .authorization(r#"OAuth oauth_consumer_key="dpf43f3p2l4k3l03", oauth_signature_method="PLAINTEXT",
    ///         oauth_timestamp="137131200", oauth_nonce="wIjqoS", oauth_signature="kd94hf93k423kf44%26""#);
    /// let lookup = |_: &CredentialQuery<'_>| -> Result<Credentials<'static>, LookupError> {
    ///     Ok(Credentials::secrets("kd94hf93k423kf44", ""))
    /// };
    /// let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    /// let ok = runtime.block_on(verifier.verify_borrowed_async(&req, &lookup))?;
    /// assert_eq!(ok.parameter("file")?.as_deref(), Some("vacation.jpg"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`Verifier::verify`].
    pub async fn verify_borrowed_async<'r, L>(
        &self,
        request: &IncomingRequest<'r>,
        lookup: &L,
    ) -> Result<VerifiedRef<'r>, VerifyError>
    where
        L: CredentialLookup + Sync + ?Sized,
    {
        self.run_async(request, lookup).await
    }

    /// The signature base string the verifier computes for `request` (step 0
    /// must pass), for server-side logs when a client's signature does not
    /// match. Never put it in a response: it tells an attacker exactly what
    /// to sign (python-oauth2's error messages did).
    ///
    /// # Errors
    /// As step 0 of [`Verifier::verify`].
    pub fn base_string_for_logs(
        &self,
        request: &IncomingRequest<'_>,
    ) -> Result<String, VerifyError> {
        let mut stack = [Param::EMPTY; CAPACITY];
        let mut heap = Vec::new();
        let mut received = self.receive(request, &mut stack, &mut heap)?;
        Ok(received.base_string().to_string())
    }

    /// Every step of the module table, in order, the store asked with its
    /// blocking API.
    fn run<'a, L>(
        &self,
        request: &IncomingRequest<'a>,
        lookup: &L,
    ) -> Result<VerifiedRef<'a>, VerifyError>
    where
        L: CredentialLookup + ?Sized,
    {
        let mut stack = [Param::EMPTY; CAPACITY];
        let mut heap = Vec::new();
        // 0. Limits, parsing, and the protocol values as text.
        let mut received = self.receive(request, &mut stack, &mut heap)?;
        // 1–9, 11, 12.
        let pending = self.authenticate(&mut received, lookup)?;
        // 10 or 13.
        let answer = pending.key(self.window).map(|key| {
            if pending.failed.is_some() {
                self.store.check(&key, pending.now)
            } else {
                self.store.record(&key, pending.now)
            }
        });
        pending.settle(answer)?;
        Ok(VerifiedRef::new(
            &received,
            pending.protocol,
            &pending.checked,
        ))
    }

    /// [`Verifier::run`], the store asked with its async API: the same
    /// steps, only the store's answer is awaited.
    async fn run_async<'a, L>(
        &self,
        request: &IncomingRequest<'a>,
        lookup: &L,
    ) -> Result<VerifiedRef<'a>, VerifyError>
    where
        L: CredentialLookup + Sync + ?Sized,
    {
        let mut stack = [Param::EMPTY; CAPACITY];
        let mut heap = Vec::new();
        let mut received = self.receive(request, &mut stack, &mut heap)?;
        let pending = self.authenticate(&mut received, lookup)?;
        let answer = match pending.key(self.window) {
            Some(key) if pending.failed.is_some() => {
                Some(self.store.check_async(&key, pending.now).await)
            }
            Some(key) => Some(self.store.record_async(&key, pending.now).await),
            None => None,
        };
        pending.settle(answer)?;
        Ok(VerifiedRef::new(
            &received,
            pending.protocol,
            &pending.checked,
        ))
    }

    /// Steps 1–9, 11 and 12 of a request parsed by step 0: everything but
    /// the nonce store's answer.
    fn authenticate<'a, L>(
        &self,
        received: &mut Collected<'a, '_>,
        lookup: &L,
    ) -> Result<Pending<'a>, VerifyError>
    where
        L: CredentialLookup + ?Sized,
    {
        let protocol = Protocol::new(received)?;
        // 1–8. The checks that need no state.
        let now = self.clock.0.unix_seconds();
        let checked = received.check(&self.policy(), now)?;
        // 9. Credentials; an unknown consumer or token is reported at 11.
        let query = protocol.query(checked.method);
        let looked_up = lookup.credentials(&query);
        let mut built = None;
        let (credential, unknown) = self.credential(&looked_up, &query, &mut built)?;
        // 11, 12, then 10 or 13: the store is asked once.
        let failed = authenticate(received, credential, unknown, checked.method)?;
        Ok(Pending {
            protocol,
            checked,
            now,
            failed,
        })
    }

    /// Step 0: the input limits, and the request parsed by oauthsig-core
    /// over `stack`; a request with more parameters than `stack` holds, and
    /// no more than the limit, is parsed again over `heap`, sized exactly.
    fn receive<'a, 's>(
        &self,
        request: &IncomingRequest<'a>,
        stack: &'s mut [Param<'a>],
        heap: &'s mut Vec<Param<'a>>,
    ) -> Result<Collected<'a, 's>, VerifyError> {
        if request.url().len() > self.max_url_len {
            return Err(VerifyError::UrlTooLong {
                len: request.url().len(),
                max: self.max_url_len,
            });
        }
        if let Some(header) = request.authorization_header() {
            if header.len() > self.max_header_len {
                return Err(VerifyError::HeaderTooLong {
                    len: header.len(),
                    max: self.max_header_len,
                });
            }
        }
        if request.is_form_encoded() {
            self.check_body_len(request)?;
        }
        let received = match receive_in(stack, request) {
            Err(CoreError::TooManyParameters { needed }) => {
                self.check_parameter_count(needed)?;
                heap.resize(needed, Param::EMPTY);
                receive_in(heap.as_mut_slice(), request)?
            }
            other => other?,
        };
        self.check_parameter_count(received.parameters().len())?;
        // Any other body is read only when a body hash covers it.
        if received.get(ProtocolParam::BodyHash).is_some() && !received.is_form_encoded() {
            self.check_body_len(request)?;
        }
        Ok(received)
    }

    /// The body is no longer than the verifier reads.
    fn check_body_len(&self, request: &IncomingRequest<'_>) -> Result<(), VerifyError> {
        let len = request.body_bytes().len();
        if len > self.max_body_len {
            return Err(VerifyError::BodyTooLarge {
                len,
                max: self.max_body_len,
            });
        }
        Ok(())
    }

    /// `count` parameters are within the limit.
    fn check_parameter_count(&self, count: usize) -> Result<(), VerifyError> {
        if count > self.max_parameters {
            return Err(VerifyError::TooManyParameters {
                count,
                max: self.max_parameters,
            });
        }
        Ok(())
    }

    /// This verifier's configuration of checks 1–8.
    fn policy(&self) -> Policy<'_> {
        Policy::new(&self.methods)
            .allow_plaintext_over_http(self.plaintext_over_http)
            .window(self.window)
            .realm(self.realm.as_deref())
            .nonce_length(self.nonce_length.clone())
            .nonce_charset(self.nonce_charset)
    }

    /// Step 9: the credential the signature is checked with (a key made in
    /// `built` from secrets). For an unknown consumer or token, or a
    /// credential of the other kind than the method (secrets for RSA, a
    /// public key for HMAC), it is a dummy of the requested method that
    /// costs what the lookup's own answers cost ([`Dummies`]), and the
    /// error to report once it was computed comes with it.
    fn credential<'k>(
        &'k self,
        looked_up: &'k Result<Credentials<'_>, LookupError>,
        query: &CredentialQuery<'_>,
        built: &'k mut Option<SigningKey>,
    ) -> Result<(Credential<'k>, Option<VerifyError>), VerifyError> {
        let method = query.signature_method();
        let fits = |key: &SigningKey| key.method().is_rsa() == method.is_rsa();
        let unknown = match looked_up {
            Ok(Credentials::Secrets {
                consumer_secret,
                token_secret,
            }) if !method.is_rsa() => {
                self.dummies.saw_secrets(consumer_secret, token_secret);
                let key = SigningKey::new(method, consumer_secret, token_secret)
                    .map_err(VerifyError::UnusableSecret)?;
                return Ok((Credential::Key(built.insert(key)), None));
            }
            Ok(Credentials::Prepared(k)) if fits(k) => {
                self.dummies.saw_prepared();
                return Ok((Credential::Key(k), None));
            }
            Ok(Credentials::Shared(k)) if fits(k) => {
                self.dummies.saw_prepared();
                return Ok((Credential::Key(k), None));
            }
            #[cfg(feature = "rsa")]
            Ok(Credentials::RsaPublicKey(k)) if method.is_rsa() => {
                return Ok((Credential::RsaPublicKey(k), None));
            }
            Ok(_) => VerifyError::CredentialMismatch { requested: method },
            Err(LookupError::Unavailable) => return Err(VerifyError::LookupUnavailable),
            Err(LookupError::UnknownToken) => VerifyError::UnknownToken,
            Err(LookupError::UnknownConsumer) => VerifyError::UnknownConsumer,
        };
        // Every available method has a dummy; the error only keeps this
        // free of panics.
        match self.dummies.credential(query, built) {
            Some(c) => Ok((c, Some(unknown))),
            None => Err(unknown),
        }
    }
}

/// A request through every check but the nonce store's (steps 1–9, 11,
/// 12): what both entry points, blocking and async, hand the store and
/// settle with its answer.
struct Pending<'a> {
    protocol: Protocol<'a>,
    checked: Checked,
    now: u64,
    /// The failure of step 9, 11 or 12, reported after the store's answer.
    failed: Option<VerifyError>,
}

impl Pending<'_> {
    /// The key the store is asked about (steps 10 and 13): looked up only
    /// when `failed` is set, so a replay is reported as a replay whatever
    /// else is wrong with it and a forgery cannot burn a client's nonce;
    /// recorded atomically otherwise (13, which answers 10 as well). `None`
    /// for a PLAINTEXT request without a timestamp or a nonce: nothing to
    /// record.
    fn key(&self, window: u64) -> Option<NonceKey<'_>> {
        let (Some(ts), Some(nonce)) = (self.checked.timestamp, self.protocol.nonce.as_deref())
        else {
            return None;
        };
        // Kept until the timestamp can no longer pass the window.
        let expires = ts.saturating_add(window).saturating_add(1);
        let p = &self.protocol;
        Some(NonceKey::new(
            &p.consumer_key,
            p.token.as_deref(),
            ts,
            nonce,
            expires,
        ))
    }

    /// The verdict, given the store's answer for [`Pending::key`]: a store
    /// fault first (refused, never let through and never called a replay),
    /// then a replay, then the failure of an earlier step.
    fn settle(
        &self,
        answer: Option<Result<NonceStatus, NonceStoreError>>,
    ) -> Result<(), VerifyError> {
        if let Some(answer) = answer {
            if answer.map_err(VerifyError::from)? != NonceStatus::Fresh {
                return Err(VerifyError::UsedNonce);
            }
        }
        self.failed.clone().map_or(Ok(()), Err)
    }
}

/// Steps 11 and 12: the signature, checked whatever the lookup answered
/// (an unknown consumer or token, checked against a dummy key, is then the
/// failure), and the body hash of a request whose signature verified.
/// `Ok(Some(_))` is a failure the nonce store hears of first; `Err` a key
/// of another method than the request's, a server fault reported at once.
fn authenticate(
    received: &mut Collected<'_, '_>,
    credential: Credential<'_>,
    unknown: Option<VerifyError>,
    method: SignatureMethod,
) -> Result<Option<VerifyError>, VerifyError> {
    let signature = received.check_signature(credential);
    if let Err(fault @ Rejection::KeyMethodMismatch { .. }) = signature {
        return Err(fault.into());
    }
    if unknown.is_some() {
        return Ok(unknown);
    }
    let passed = signature.and_then(|()| received.check_body_hash(method).map(|_| ()));
    Ok(passed.err().map(VerifyError::from))
}
