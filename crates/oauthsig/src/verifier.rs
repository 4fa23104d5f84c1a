//! Server-side verification, [RFC 5849 §3.2](https://www.rfc-editor.org/rfc/rfc5849#section-3.2).
//!
//! A [`Verifier`] takes an [`IncomingRequest`] and a [`CredentialLookup`] and
//! either returns the [`Verified`] request (consumer key, token, signature
//! method, decoded non-`oauth_` parameters) or a [`VerifyError`] naming the
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
//! | # | check | error | status |
//! |---|---|---|---|
//! | 0 | input limits; header, URL, method, query and form body parse; UTF-8 | [`HeaderTooLong`](VerifyError::HeaderTooLong), [`TooManyParameters`](VerifyError::TooManyParameters), [`BodyTooLarge`](VerifyError::BodyTooLarge), [`Malformed`](VerifyError::Malformed) | 400 (413 for the body) |
//! | 1 | `oauth_consumer_key`, `oauth_signature_method`, `oauth_signature` present; `oauth_timestamp`, `oauth_nonce` too unless the method is PLAINTEXT (§3.3, §3.4.4) | [`MissingParameter`](VerifyError::MissingParameter) | 400 |
//! | 2 | no `oauth_*` parameter more than once (§3.1) | [`DuplicateParameter`](VerifyError::DuplicateParameter) | 400 |
//! | 3 | all `oauth_*` parameters in one location: header, query or form body (§3.5) | [`MixedLocations`](VerifyError::MixedLocations) | 400 |
//! | 4 | `oauth_version`, if present, is `1.0` | [`UnsupportedVersion`](VerifyError::UnsupportedVersion) | 400 |
//! | 5 | signature method known, allowed, and PLAINTEXT only over `https` unless explicitly allowed (§3.4.4) | [`UnsupportedSignatureMethod`](VerifyError::UnsupportedSignatureMethod), [`SignatureMethodNotAllowed`](VerifyError::SignatureMethodNotAllowed), [`PlaintextOverHttp`](VerifyError::PlaintextOverHttp) | 400 |
//! | 6 | timestamp: ASCII digits, positive, no overflow (400); within the window both ways (401) | [`InvalidTimestamp`](VerifyError::InvalidTimestamp), [`StaleTimestamp`](VerifyError::StaleTimestamp), [`FutureTimestamp`](VerifyError::FutureTimestamp) | 400 / 401 |
//! | 7 | nonce length and characters within the configured limits | [`InvalidNonce`](VerifyError::InvalidNonce) | 401 |
//! | 8 | header `realm` equals the required realm, when one is configured | [`WrongRealm`](VerifyError::WrongRealm) | 401 |
//! | 9 | consumer and token looked up; unknown ones continue with a dummy key and fail at step 11, so timing does not reveal which keys exist | ([`LookupUnavailable`](VerifyError::LookupUnavailable) 503, [`KeyMethodMismatch`](VerifyError::KeyMethodMismatch) / [`UnusableSecret`](VerifyError::UnusableSecret) 500) | |
//! | 10 | (consumer, token, timestamp, decoded nonce) not used before — looked up, without recording, for a request that fails 11 or 12; for one that passes, the record of step 13 answers | [`UsedNonce`](VerifyError::UsedNonce) ([`NonceStore`](VerifyError::NonceStore) 503) | 401 |
//! | 11 | signature, compared in constant time; then unknown consumer/token | [`BadSignature`](VerifyError::BadSignature), [`UnknownConsumer`](VerifyError::UnknownConsumer), [`UnknownToken`](VerifyError::UnknownToken) | 401 |
//! | 12 | `oauth_body_hash`: refused on form bodies (400), else must be the body's SHA-1 (any method) or, with HMAC-SHA256, its SHA-256 (401) | [`BodyHashOnFormBody`](VerifyError::BodyHashOnFormBody), [`BodyHashMismatch`](VerifyError::BodyHashMismatch) | 400 / 401 |
//! | 13 | nonce recorded, atomically; of identical requests racing, one wins | [`UsedNonce`](VerifyError::UsedNonce) | 401 |
//!
//! A PLAINTEXT request may omit `oauth_timestamp` and `oauth_nonce`
//! (§3.4.4 relies on TLS instead); when it sends them they are checked like
//! any other, and the nonce is recorded when both are present.
//!
//! Parameters are collected as §3.4.1.3.1 says: the URL query, the
//! `Authorization` header except `realm` (which is never signed), and the body
//! only when `Content-Type` is `application/x-www-form-urlencoded`. Nothing
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
//! assert_eq!(ok.parameter("file"), Some("vacation.jpg"));
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
mod error;
mod lookup;
mod outcome;
mod request;
mod verified;

pub use borrowed::{BorrowedParameters, VerifiedRef};
pub use builder::{
    BuildError, DEFAULT_MAX_BODY_LEN, DEFAULT_MAX_HEADER_LEN, DEFAULT_MAX_PARAMETERS,
    DEFAULT_NONCE_LENGTH, DEFAULT_WINDOW, VerifierBuilder,
};
pub use clock::{Clock, SystemClock};
pub use error::VerifyError;
pub use lookup::{CredentialLookup, CredentialQuery, Credentials, LookupError};
pub use request::IncomingRequest;
pub use verified::{Parameters, Verified};

use crate::nonce_store::{NonceKey, NonceStatus, NonceStore};
use clock::DynClock;
use oauthsig_core::header::parse_authorization;
use oauthsig_core::params::{pairs, query_of};
use oauthsig_core::{
    BaseString, BaseStringUri, BodyHash, Error as CoreError, Param, Params, Part, SignatureMethod,
    SigningKey, Source, Spelling, Text,
};
use outcome::{Borrowed, Outcome, Owned};
use std::fmt;
use std::ops::RangeInclusive;

/// A protocol parameter (RFC 5849 §3.1 and the body-hash extension), as
/// named in errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
// The named parameters' discriminants are their slot numbers, so finding
// a slot is arithmetic rather than a jump through a table per parameter.
#[repr(u8)]
pub enum ProtocolParam {
    /// `oauth_consumer_key`
    ConsumerKey,
    /// `oauth_token`
    Token,
    /// `oauth_signature_method`
    SignatureMethod,
    /// `oauth_signature`
    Signature,
    /// `oauth_timestamp`
    Timestamp,
    /// `oauth_nonce`
    Nonce,
    /// `oauth_version`
    Version,
    /// `oauth_callback`
    Callback,
    /// `oauth_verifier`
    Verifier,
    /// `oauth_body_hash`
    BodyHash,
    /// Any other `oauth_*` name (RFC 5849 reserves the prefix; the
    /// same rules apply to it).
    Other,
}

impl ProtocolParam {
    /// The wire name (`oauth_*` for [`ProtocolParam::Other`]).
    pub const fn as_str(self) -> &'static str {
        match self {
            ProtocolParam::ConsumerKey => "oauth_consumer_key",
            ProtocolParam::Token => "oauth_token",
            ProtocolParam::SignatureMethod => "oauth_signature_method",
            ProtocolParam::Signature => "oauth_signature",
            ProtocolParam::Timestamp => "oauth_timestamp",
            ProtocolParam::Nonce => "oauth_nonce",
            ProtocolParam::Version => "oauth_version",
            ProtocolParam::Callback => "oauth_callback",
            ProtocolParam::Verifier => "oauth_verifier",
            ProtocolParam::BodyHash => "oauth_body_hash",
            ProtocolParam::Other => "oauth_*",
        }
    }

    /// A slot number for each named parameter (`None` for `Other`): the
    /// declaration order, `ConsumerKey` = 0 to `BodyHash` = 9.
    const fn index(self) -> Option<usize> {
        match self {
            ProtocolParam::Other => None,
            named => Some(named as usize),
        }
    }

    /// Classifies a parameter name: `None` when it is not `oauth_*`.
    #[inline(always)]
    fn classify(name: &Text<'_>) -> Option<ProtocolParam> {
        // Most names are not `oauth_*`, and tell so by their first byte: a
        // decoded `o` is spelled `o`, or starts an escape (`%6F`; `\o` in a
        // quoted string). That test is inlined into the caller's loop.
        if !matches!(name.as_wire().as_bytes().first(), Some(b'o' | b'%' | b'\\')) {
            return None;
        }
        Self::classify_candidate(name)
    }

    /// [`ProtocolParam::classify`] for a name that may be `oauth_*`.
    #[inline(never)]
    fn classify_candidate(name: &Text<'_>) -> Option<ProtocolParam> {
        if name.is_plain() {
            // The common case: the wire text is the name.
            return Self::classify_bytes(name.as_wire().as_bytes());
        }
        // The longest known name is 22 bytes; decoding into a small stack
        // buffer handles `oauth%5Fnonce` like `oauth_nonce`.
        let mut buf = [0u8; 24];
        let mut len = 0;
        for b in name.decoded() {
            match buf.get_mut(len) {
                Some(slot) => *slot = b,
                None => {
                    return name
                        .starts_with_decoded(b"oauth_")
                        .then_some(ProtocolParam::Other);
                }
            }
            len += 1;
        }
        Self::classify_bytes(&buf[..len])
    }

    #[inline]
    fn classify_bytes(decoded: &[u8]) -> Option<ProtocolParam> {
        let rest = decoded.strip_prefix(b"oauth_")?;
        Some(match rest {
            b"consumer_key" => ProtocolParam::ConsumerKey,
            b"token" => ProtocolParam::Token,
            b"signature_method" => ProtocolParam::SignatureMethod,
            b"signature" => ProtocolParam::Signature,
            b"timestamp" => ProtocolParam::Timestamp,
            b"nonce" => ProtocolParam::Nonce,
            b"version" => ProtocolParam::Version,
            b"callback" => ProtocolParam::Callback,
            b"verifier" => ProtocolParam::Verifier,
            b"body_hash" => ProtocolParam::BodyHash,
            _ => ProtocolParam::Other,
        })
    }
}

impl fmt::Display for ProtocolParam {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which bytes an `oauth_nonce` may contain.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NonceCharset {
    /// `A–Z a–z 0–9` (oauthlib's rule).
    Alphanumeric,
    /// RFC 3986 unreserved: alphanumerics and `-._~`.
    Unreserved,
    /// Visible ASCII, `!` to `~` (base64 and UUID nonces included); no
    /// space, control or non-ASCII bytes. The default.
    #[default]
    Printable,
}

impl NonceCharset {
    /// Whether `b` may appear in a nonce.
    pub const fn allows(self, b: u8) -> bool {
        match self {
            NonceCharset::Alphanumeric => b.is_ascii_alphanumeric(),
            NonceCharset::Unreserved => {
                b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
            }
            NonceCharset::Printable => b.is_ascii_graphic(),
        }
    }
}

/// Parameters that fit here are collected on the stack; more go to the heap.
const STACK_PARAMS: usize = 24;

/// The stack slots, empty, as one constant: an array expression of
/// `Param::EMPTY` is built element by element on every call, a constant is
/// copied in one go.
const EMPTY_STACK: [Param<'static>; STACK_PARAMS] = [Param::EMPTY; STACK_PARAMS];

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
    max_parameters: usize,
    max_body_len: usize,
    dummy: Vec<SigningKey>,
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
            .field("max_parameters", &self.max_parameters)
            .field("max_body_len", &self.max_body_len)
            .finish_non_exhaustive()
    }
}

/// The request after step 0: every parameter, borrowed, and what the header
/// held apart.
struct Collected<'a, 's> {
    params: Params<'a, &'s mut [Param<'a>]>,
    realm: Option<Text<'a>>,
    uri: BaseStringUri<'a>,
    form: bool,
    /// The texts every parameter was parsed from: the query, the form body
    /// (empty unless the body is one) and the header (empty when absent).
    wire: [&'a str; 3],
}

/// Where each protocol parameter is, and the first duplicate / location
/// clash seen (reported later, in check order).
#[derive(Default)]
struct Found<'a> {
    known: [Option<Text<'a>>; 10],
    /// Where the `oauth_signature` is among the collected parameters.
    signature_at: Option<usize>,
    duplicate: Option<ProtocolParam>,
    first_source: Option<Source>,
    mixed: Option<(Source, Source)>,
}

impl<'a> Found<'a> {
    fn get(&self, p: ProtocolParam) -> Option<Text<'a>> {
        p.index().and_then(|i| self.known[i])
    }
}

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
        let mut stack = EMPTY_STACK;
        let mut heap = Vec::new();
        let collected = self.collect(request, &mut stack, &mut heap)?;
        self.check::<L, Owned>(request, collected, lookup)
    }

    /// [`Verifier::verify`], with a result that borrows from the request
    /// instead of copying it: the same checks in the same order, the same
    /// errors, and no heap allocation of the verifier's own. (A protocol
    /// value with escapes, rare, is decoded into a `String`; a request of
    /// more than 24 parameters is collected on the heap; the nonce store
    /// does what it does: `tests/verify_no_alloc.rs` counts.) The
    /// non-`oauth_` parameters are checked to decode to UTF-8, and decoded
    /// only when [`VerifiedRef::parameters`] or [`VerifiedRef::parameter`]
    /// reads them.
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
    /// assert_eq!(ok.parameter("file").as_deref(), Some("vacation.jpg"));
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
        let mut stack = EMPTY_STACK;
        let mut heap = Vec::new();
        let collected = self.collect(request, &mut stack, &mut heap)?;
        self.check::<L, Borrowed<'r>>(request, collected, lookup)
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
        let mut stack = EMPTY_STACK;
        let mut heap = Vec::new();
        let mut c = self.collect(request, &mut stack, &mut heap)?;
        c.params.sort();
        Ok(BaseString::new(request.method(), &c.uri, c.params.as_slice())?.to_string())
    }

    /// Step 0: limits, then every parameter collected (no decoding yet).
    fn collect<'a, 's>(
        &self,
        request: &IncomingRequest<'a>,
        stack: &'s mut [Param<'a>],
        heap: &'s mut Vec<Param<'a>>,
    ) -> Result<Collected<'a, 's>, VerifyError> {
        let header = request.authorization_header();
        if let Some(h) = header {
            if h.len() > self.max_header_len {
                return Err(VerifyError::HeaderTooLong {
                    len: h.len(),
                    max: self.max_header_len,
                });
            }
        }
        let form = request.is_form_encoded();
        let body = if form {
            let b = request.body_bytes();
            if b.len() > self.max_body_len {
                return Err(VerifyError::BodyTooLarge {
                    len: b.len(),
                    max: self.max_body_len,
                });
            }
            std::str::from_utf8(b).map_err(|e| CoreError::InvalidUtf8 {
                part: Part::Body,
                offset: e.valid_up_to(),
            })?
        } else {
            ""
        };
        let uri = BaseStringUri::parse_with_host(request.url(), request.host_header())?;
        // Validates the method now, so a bad one is a step-0 error.
        BaseString::new(request.method(), &uri, &[])?;
        let query = query_of(request.url());

        // Most requests fit the stack slots; only a larger one is counted
        // exactly, checked against the limit, and collected again on the heap.
        let (params, realm) = match fill(stack, query, body, header) {
            Ok(filled) => filled,
            Err(CoreError::TooManyParameters { .. }) => {
                let needed = count_params(query, body, header);
                if needed > self.max_parameters {
                    return Err(VerifyError::TooManyParameters {
                        count: needed,
                        max: self.max_parameters,
                    });
                }
                heap.resize(needed, Param::EMPTY);
                fill(heap.as_mut_slice(), query, body, header)?
            }
            Err(e) => return Err(VerifyError::Malformed(e)),
        };
        if params.len() > self.max_parameters {
            return Err(VerifyError::TooManyParameters {
                count: params.len(),
                max: self.max_parameters,
            });
        }
        Ok(Collected {
            params,
            realm,
            uri,
            form,
            wire: [query, body, header.unwrap_or("")],
        })
    }

    fn dummy_key(&self, method: SignatureMethod) -> Option<&SigningKey> {
        self.dummy.iter().find(|k| k.method() == method)
    }

    /// Steps 1–13 on a collected request, building the result `O` as the
    /// checks go.
    fn check<'a, L, O>(
        &self,
        request: &IncomingRequest<'a>,
        mut c: Collected<'a, '_>,
        lookup: &L,
    ) -> Result<O::Output, VerifyError>
    where
        L: CredentialLookup + ?Sized,
        O: Outcome<'a>,
    {
        // Step 0, continued: classify the parameters in one pass; the others
        // go to the result (decoded, or checked to decode).
        let mut outcome = O::new(c.wire);
        let mut found = Found::default();
        for (i, p) in c.params.as_slice().iter().enumerate() {
            let Some(kind) = ProtocolParam::classify(&p.name) else {
                outcome.param(p)?;
                continue;
            };
            match found.first_source {
                None => found.first_source = Some(p.source),
                Some(first) if first != p.source && found.mixed.is_none() => {
                    found.mixed = Some((first, p.source));
                }
                Some(_) => {}
            }
            match kind.index() {
                Some(k) => {
                    if found.known[k].is_some() {
                        found.duplicate.get_or_insert(kind);
                    } else {
                        found.known[k] = Some(p.value);
                        if kind == ProtocolParam::Signature {
                            found.signature_at = Some(i);
                        }
                    }
                }
                None => {
                    let earlier = &c.params.as_slice()[..i];
                    if earlier.iter().any(|q| q.name == p.name) {
                        found.duplicate.get_or_insert(kind);
                    }
                }
            }
        }
        // A form body was measured in `collect`; any other body is read
        // only when a body hash covers it.
        let body_len = request.body_bytes().len();
        if found.get(ProtocolParam::BodyHash).is_some() && !c.form && body_len > self.max_body_len {
            return Err(VerifyError::BodyTooLarge {
                len: body_len,
                max: self.max_body_len,
            });
        }
        outcome.protocol(&found, c.realm)?;

        // 1. Required protocol parameters.
        let method_text = found.get(ProtocolParam::SignatureMethod);
        let plaintext = method_text.is_some_and(|m| m.eq_decoded(b"PLAINTEXT"));
        let mut required = required_params(plaintext);
        if let Some(missing) = required.find(|&p| found.get(p).is_none()) {
            return Err(VerifyError::MissingParameter(missing));
        }
        // 2. No duplicates.
        if let Some(p) = found.duplicate {
            return Err(VerifyError::DuplicateParameter(p));
        }
        // 3. One location.
        if let Some((first, second)) = found.mixed {
            return Err(VerifyError::MixedLocations { first, second });
        }
        // 4. Version.
        if let Some(v) = found.get(ProtocolParam::Version) {
            if !v.eq_decoded(b"1.0") {
                return Err(VerifyError::UnsupportedVersion);
            }
        }
        // 5. Signature method.
        let method = parse_method(method_text)?;
        if !self.methods.contains(&method) {
            return Err(VerifyError::SignatureMethodNotAllowed(method));
        }
        if method == SignatureMethod::Plaintext && !c.uri.is_https() && !self.plaintext_over_http {
            return Err(VerifyError::PlaintextOverHttp);
        }
        // 6. Timestamp.
        let now = self.clock.0.unix_seconds();
        let timestamp = match found.get(ProtocolParam::Timestamp) {
            Some(t) => {
                let ts = parse_timestamp(&t).ok_or(VerifyError::InvalidTimestamp)?;
                if ts.saturating_add(self.window) < now {
                    return Err(VerifyError::StaleTimestamp);
                }
                if ts > now.saturating_add(self.window) {
                    return Err(VerifyError::FutureTimestamp);
                }
                Some(ts)
            }
            None => None,
        };
        // 7. Nonce format.
        let nonce = outcome.nonce();
        if let Some(n) = nonce {
            let ok = self.nonce_length.contains(&n.len())
                && n.bytes().all(|b| self.nonce_charset.allows(b));
            if !ok {
                return Err(VerifyError::InvalidNonce);
            }
        }
        // 8. Realm.
        if let Some(required) = &self.realm {
            if !c.realm.is_some_and(|r| r.eq_decoded(required.as_bytes())) {
                return Err(VerifyError::WrongRealm);
            }
        }
        // 9. Credentials. Unknown ones are remembered, not reported yet.
        let consumer_key = outcome.consumer_key();
        let token = outcome.token();
        let query = CredentialQuery {
            consumer_key,
            token,
            method,
            realm: outcome.realm(),
        };
        let looked_up = lookup.credentials(&query);
        let mut unknown = None;
        let built;
        let key: &SigningKey = match &looked_up {
            Ok(Credentials::Secrets {
                consumer_secret,
                token_secret,
            }) => {
                built = SigningKey::new(method, consumer_secret, token_secret)
                    .map_err(VerifyError::UnusableSecret)?;
                &built
            }
            Ok(Credentials::Prepared(k)) => k,
            Ok(Credentials::Shared(k)) => k,
            Err(LookupError::Unavailable) => return Err(VerifyError::LookupUnavailable),
            Err(e) => {
                unknown = Some(match e {
                    LookupError::UnknownToken => VerifyError::UnknownToken,
                    _ => VerifyError::UnknownConsumer,
                });
                // Every method has a dummy key; the fallback only keeps this
                // free of panics.
                match self.dummy_key(method) {
                    Some(k) => k,
                    None => return Err(VerifyError::UnknownConsumer),
                }
            }
        };
        if key.method() != method {
            return Err(VerifyError::KeyMethodMismatch {
                requested: method,
                prepared: key.method(),
            });
        }
        // 10–13. The signature is computed before the store is asked, so a
        // request that passes everything asks it once: the atomic record
        // (13) also answers 10. One that fails 11 or 12 is asked, without
        // recording, whether its nonce was used, so its error is the one
        // the table's order gives (a replay is a replay, whatever else is
        // wrong with it).
        let nonce_key = match (timestamp, nonce) {
            (Some(ts), Some(n)) => Some(NonceKey::new(
                consumer_key,
                token,
                ts,
                n,
                // Kept until the timestamp can no longer pass the window.
                ts.saturating_add(self.window).saturating_add(1),
            )),
            _ => None,
        };
        let Some(signature) = found.get(ProtocolParam::Signature) else {
            return Err(VerifyError::MissingParameter(ProtocolParam::Signature));
        };
        // The signature is not signed (the base string would skip it):
        // out before the sort, which then has one parameter fewer to move.
        if let Some(i) = found.signature_at {
            c.params.swap_remove(i);
        }
        c.params.sort();
        let base = BaseString::new(request.method(), &c.uri, c.params.as_slice())?;
        let valid = key.verify(&base, &signature);
        let failed = match unknown {
            Some(e) => Some(e),
            None if !valid => Some(VerifyError::BadSignature),
            None => body_hash_failure(request, c.form, method, found.get(ProtocolParam::BodyHash)),
        };
        let used = match (&nonce_key, &failed) {
            (None, _) => false,
            (Some(k), Some(_)) => {
                self.store.check(k, now).map_err(VerifyError::NonceStore)? != NonceStatus::Fresh
            }
            (Some(k), None) => {
                self.store.record(k, now).map_err(VerifyError::NonceStore)? != NonceStatus::Fresh
            }
        };
        if used {
            return Err(VerifyError::UsedNonce);
        }
        if let Some(e) = failed {
            return Err(e);
        }
        Ok(outcome.finish(method, timestamp))
    }
}

/// Check 12 on a request whose signature verified: `None` when the
/// body hash is absent or matches.
fn body_hash_failure(
    request: &IncomingRequest<'_>,
    form: bool,
    method: SignatureMethod,
    presented: Option<Text<'_>>,
) -> Option<VerifyError> {
    let presented = presented?;
    if form {
        return Some(VerifyError::BodyHashOnFormBody);
    }
    // SHA-1 is the body-hash extension's hash, and what oauthlib,
    // requests-oauthlib, python-oauth2 and oauthsig's own client send
    // with every method; clients that follow the signature method send
    // SHA-256 with HMAC-SHA256. Either binds the body: the hash itself
    // is covered by the signature verified before. The hash of a body
    // the client sent is no secret: a plain comparison leaks nothing.
    let body = request.body_bytes();
    let is = |hash: BodyHash| presented.eq_decoded(hash.as_str().as_bytes());
    let matches = is(BodyHash::sha1(body))
        || (method == SignatureMethod::HmacSha256 && is(BodyHash::sha256(body)));
    (!matches).then_some(VerifyError::BodyHashMismatch)
}

/// The parameters check 1 requires, in the order they are reported.
fn required_params(plaintext: bool) -> impl Iterator<Item = ProtocolParam> {
    let always = [
        ProtocolParam::ConsumerKey,
        ProtocolParam::SignatureMethod,
        ProtocolParam::Signature,
    ];
    let unless_plaintext = [ProtocolParam::Timestamp, ProtocolParam::Nonce];
    let extra = if plaintext { 0 } else { unless_plaintext.len() };
    always
        .into_iter()
        .chain(unless_plaintext.into_iter().take(extra))
}

/// Collects query, form body and header parameters into `slots`.
fn fill<'a, 's>(
    slots: &'s mut [Param<'a>],
    query: &'a str,
    body: &'a str,
    header: Option<&'a str>,
) -> Result<(Params<'a, &'s mut [Param<'a>]>, Option<Text<'a>>), CoreError> {
    let mut params = Params::new(slots);
    params.extend_form(query, Source::Query)?;
    params.extend_form(body, Source::Body)?;
    let mut realm = None;
    if let Some(h) = header {
        for item in parse_authorization(h)? {
            let hp = item?;
            // Matched by name, never by substring (python-oauth2 dropped any
            // parameter whose text contained "realm"): the parser compared
            // the decoded name and gave exactly `realm` a quoted-string value.
            if hp.value.spelling() == Spelling::Quoted {
                if realm.is_some() {
                    return Err(CoreError::DuplicateHeaderParameter { offset: hp.offset });
                }
                realm = Some(hp.value);
                continue;
            }
            // A repeated `oauth_*` name is check 2's to report; any other
            // repeated header name is malformed, as core's header parser
            // has it. Header parameters are few, so a scan is cheapest.
            let repeated = || {
                params
                    .as_slice()
                    .iter()
                    .any(|q| q.source == Source::Header && q.name == hp.name)
            };
            let protocol = if hp.name.is_plain() {
                hp.name.as_wire().starts_with("oauth_")
            } else {
                hp.name.starts_with_decoded(b"oauth_")
            };
            if !protocol && repeated() {
                return Err(CoreError::DuplicateHeaderParameter { offset: hp.offset });
            }
            params.push(Param {
                name: hp.name,
                value: hp.value,
                source: Source::Header,
            })?;
        }
    }
    Ok((params, realm))
}

/// Exact parameter count (malformed items included; they fail later).
fn count_params(query: &str, body: &str, header: Option<&str>) -> usize {
    let header_params = header
        .and_then(|h| parse_authorization(h).ok())
        .map_or(0, |it| {
            it.filter(|r| r.as_ref().map_or(true, |p| !p.name.eq_decoded(b"realm")))
                .count()
        });
    pairs(query, Part::Query).count() + pairs(body, Part::Body).count() + header_params
}

/// The method whose exact (case-sensitive) name the decoded text is.
fn parse_method(text: Option<Text<'_>>) -> Result<SignatureMethod, VerifyError> {
    text.and_then(|t| {
        SignatureMethod::ALL
            .into_iter()
            .find(|m| t.eq_decoded(m.as_str().as_bytes()))
    })
    .ok_or(VerifyError::UnsupportedSignatureMethod)
}

/// A positive decimal integer of ASCII digits, without overflow.
fn parse_timestamp(t: &Text<'_>) -> Option<u64> {
    // Nearly always plain: the wire bytes are the digits.
    if t.is_plain() {
        let b = t.as_wire().as_bytes();
        // Nineteen digits cannot overflow a u64: such a timestamp (every
        // real one) skips the overflow check per digit, whose multiply sat
        // on the loop's dependency chain.
        if b.len() <= 19 {
            // The first eight digits at once (today's timestamps have ten),
            // then the rest one by one: a multiply per digit made a
            // dependency chain as long as the timestamp.
            let (mut n, mut bad, rest) = match b.split_first_chunk::<8>() {
                Some((head, rest)) => {
                    let (v, bad) = eight_digits(*head);
                    (v, bad, rest)
                }
                None => (0, b.is_empty(), b),
            };
            for &c in rest {
                let digit = c.wrapping_sub(b'0');
                bad |= digit > 9;
                n = n.wrapping_mul(10).wrapping_add(u64::from(digit));
            }
            return (!bad && n > 0).then_some(n);
        }
        parse_digits(t.as_wire().bytes())
    } else {
        parse_digits(t.decoded())
    }
}

/// The value of eight ASCII digits (most significant first), and whether
/// any byte was not a digit: pairs, then fours, then the eight combined in
/// three multiplies rather than eight.
#[inline]
fn eight_digits(b: [u8; 8]) -> (u64, bool) {
    const HIGH: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    const ZEROS: u64 = 0x3030_3030_3030_3030;
    let x = u64::from_le_bytes(b);
    // A digit is 0x30..=0x39: high nibble 3, and a low nibble that adding 6
    // does not carry out of. (Only a byte already failing the first test can
    // carry into its neighbour.)
    let bad = x & HIGH != ZEROS || x.wrapping_add(0x0606_0606_0606_0606) & HIGH != ZEROS;
    let v = x.wrapping_sub(ZEROS);
    let v = (v.wrapping_mul(10).wrapping_add(v >> 8)) & 0x00FF_00FF_00FF_00FF;
    let v = (v.wrapping_mul(100).wrapping_add(v >> 16)) & 0x0000_FFFF_0000_FFFF;
    let v = (v.wrapping_mul(10_000).wrapping_add(v >> 32)) & 0xFFFF_FFFF;
    (v, bad)
}

#[inline]
fn parse_digits(octets: impl Iterator<Item = u8>) -> Option<u64> {
    let mut n: u64 = 0;
    let mut digits = 0;
    for b in octets {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
        digits += 1;
    }
    (digits > 0 && n > 0).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_parameters_have_their_own_slots() {
        use ProtocolParam::*;
        let named = [
            ConsumerKey,
            Token,
            SignatureMethod,
            Signature,
            Timestamp,
            Nonce,
            Version,
            Callback,
            Verifier,
            BodyHash,
        ];
        for (slot, p) in named.into_iter().enumerate() {
            assert_eq!(p.index(), Some(slot), "{p}");
            assert_eq!(ProtocolParam::classify(&Text::raw(p.as_str())), Some(p));
        }
        assert_eq!(named.len(), Found::default().known.len());
        assert_eq!(Other.index(), None);
    }

    #[test]
    fn classify_decodes_names() {
        let t = |s| Text::percent(s, Part::Header).unwrap();
        assert_eq!(
            ProtocolParam::classify(&t("oauth%5Fnonce")),
            Some(ProtocolParam::Nonce)
        );
        assert_eq!(
            ProtocolParam::classify(&t("oauth_nonce_x")),
            Some(ProtocolParam::Other)
        );
        assert_eq!(
            ProtocolParam::classify(&t("oauth_a_very_long_extension_name")),
            Some(ProtocolParam::Other)
        );
        assert_eq!(ProtocolParam::classify(&t("oauth")), None);
        assert_eq!(ProtocolParam::classify(&t("realm")), None);
    }

    #[test]
    fn timestamps_are_strict() {
        let p = |s| parse_timestamp(&Text::form(s, Part::Query).unwrap());
        assert_eq!(p("137131201"), Some(137_131_201));
        assert_eq!(p("0"), None);
        assert_eq!(p(""), None);
        assert_eq!(p("-5"), None);
        assert_eq!(p("+5"), None);
        assert_eq!(p("1e9"), None);
        assert_eq!(p("18446744073709551616"), None);
        assert_eq!(p("18446744073709551615"), Some(u64::MAX));
        assert_eq!(p("9999999999999999999"), Some(9_999_999_999_999_999_999));
        assert_eq!(p("0000000000000000001"), Some(1));
        assert_eq!(p("000000000000000000000000001"), Some(1));
        for bad in ["12a4", "1/2", "1:2", "12 ", " 12", "1.0", "１２"] {
            assert_eq!(p(bad), None, "{bad}");
        }
        assert_eq!(p("%31%32"), Some(12));
        assert_eq!(p("1%2B"), None);
    }

    proptest::proptest! {
        /// The fast path for plain timestamps agrees with the digit loop.
        #[test]
        fn plain_timestamps_parse_as_digit_by_digit(s in "[0-9]{0,22}|[0-9]{0,12}[a/:.][0-9]{0,8}") {
            let t = Text::form(&s, Part::Query).unwrap();
            proptest::prop_assert_eq!(parse_timestamp(&t), parse_digits(s.bytes()), "{}", s);
        }
    }

    #[test]
    fn eight_digits_at_once_agree_with_one_at_a_time() {
        let slow = |b: [u8; 8]| parse_digits(b.into_iter());
        let mut cases: Vec<[u8; 8]> = vec![*b"00000000", *b"99999999", *b"13713120", *b"01234567"];
        // Every byte value in every position, around a valid number.
        for at in 0..8 {
            for c in 0..=u8::MAX {
                let mut b = *b"17647123";
                b[at] = c;
                cases.push(b);
            }
        }
        for b in cases {
            let (v, bad) = eight_digits(b);
            match slow(b) {
                Some(n) => assert_eq!((v, bad), (n, false), "{b:?}"),
                // `parse_digits` also refuses zero, which is not a bad digit.
                None if b == *b"00000000" => assert_eq!((v, bad), (0, false)),
                None => assert!(bad, "{b:?}"),
            }
        }
    }

    #[test]
    fn methods_are_matched_on_decoded_names() {
        let m = |s| parse_method(Some(Text::form(s, Part::Query).unwrap()));
        assert_eq!(m("HMAC-SHA1"), Ok(SignatureMethod::HmacSha1));
        assert_eq!(m("HMAC%2DSHA256"), Ok(SignatureMethod::HmacSha256));
        assert_eq!(m("PLAINTEXT"), Ok(SignatureMethod::Plaintext));
        for bad in [
            "hmac-sha1",
            "HMAC-SHA1 ",
            "HMAC+SHA1",
            "",
            "HMAC-SHA1%00",
            "%FF",
        ] {
            assert_eq!(
                m(bad),
                Err(VerifyError::UnsupportedSignatureMethod),
                "{bad}"
            );
        }
        assert_eq!(
            parse_method(None),
            Err(VerifyError::UnsupportedSignatureMethod)
        );
    }

    #[test]
    fn every_method_has_a_dummy_key() {
        let v = Verifier::builder()
            .allow(SignatureMethod::HmacSha1)
            .build()
            .unwrap();
        for m in SignatureMethod::ALL {
            assert!(v.dummy_key(m).is_some(), "{m}");
        }
    }
}
