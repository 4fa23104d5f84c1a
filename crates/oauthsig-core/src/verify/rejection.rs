//! Why a check rejected a request.

use crate::params::Source;
use crate::protocol::ProtocolParam;
use crate::signature::SignatureMethod;
use core::fmt;

/// The check that failed. Messages are lowercase, one line, and contain no
/// request data, secret or base string, so they are safe to send back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rejection {
    /// A required protocol parameter is missing.
    MissingParameter(ProtocolParam),
    /// A protocol parameter appears more than once.
    DuplicateParameter(ProtocolParam),
    /// `oauth_*` parameters come from more than one location.
    MixedLocations {
        /// Where the first `oauth_*` parameter was.
        first: Source,
        /// The other location.
        second: Source,
    },
    /// `oauth_version` is present and not `1.0`.
    UnsupportedVersion,
    /// `oauth_signature_method` names no method this library implements.
    UnsupportedSignatureMethod,
    /// The signature method is not allowed.
    SignatureMethodNotAllowed(SignatureMethod),
    /// PLAINTEXT over a non-`https` URL, not explicitly allowed.
    PlaintextOverHttp,
    /// `oauth_timestamp` is not a positive decimal integer.
    InvalidTimestamp,
    /// `oauth_timestamp` is older than the window.
    StaleTimestamp,
    /// `oauth_timestamp` is further ahead than the window.
    FutureTimestamp,
    /// `oauth_nonce` is outside the length or character limits.
    InvalidNonce,
    /// The header `realm` is not the required one.
    WrongRealm,
    /// The key was prepared for another signature method than the request's.
    KeyMethodMismatch {
        /// The request's method.
        requested: SignatureMethod,
        /// The method the key was prepared for.
        prepared: SignatureMethod,
    },
    /// The request's method needs another kind of credential than the
    /// consumer has: an RSA method for shared secrets, or the reverse.
    CredentialMismatch {
        /// The request's method.
        requested: SignatureMethod,
    },
    /// The signature does not match.
    BadSignature,
    /// `oauth_body_hash` on a form-encoded request.
    BodyHashOnFormBody,
    /// `oauth_body_hash` does not match the body.
    BodyHashMismatch,
}

impl Rejection {
    /// The HTTP status to answer with (§3.2): 400 for a malformed or
    /// unsupported request, 401 for failed authentication, 500 for a key
    /// of the wrong method (a server fault).
    ///
    /// ```
    /// use oauthsig_core::verify::Rejection;
    /// assert_eq!(Rejection::InvalidTimestamp.http_status(), 400);
    /// assert_eq!(Rejection::BadSignature.http_status(), 401);
    /// ```
    pub const fn http_status(&self) -> u16 {
        match self {
            Rejection::MissingParameter(_)
            | Rejection::DuplicateParameter(_)
            | Rejection::MixedLocations { .. }
            | Rejection::UnsupportedVersion
            | Rejection::UnsupportedSignatureMethod
            | Rejection::SignatureMethodNotAllowed(_)
            | Rejection::PlaintextOverHttp
            | Rejection::InvalidTimestamp
            | Rejection::BodyHashOnFormBody => 400,
            Rejection::StaleTimestamp
            | Rejection::FutureTimestamp
            | Rejection::InvalidNonce
            | Rejection::WrongRealm
            | Rejection::CredentialMismatch { .. }
            | Rejection::BadSignature
            | Rejection::BodyHashMismatch => 401,
            Rejection::KeyMethodMismatch { .. } => 500,
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::MissingParameter(p) => write!(f, "missing parameter {p}"),
            Rejection::DuplicateParameter(p) => write!(f, "duplicated parameter {p}"),
            Rejection::MixedLocations { first, second } => write!(
                f,
                "oauth parameters in more than one location ({} and {})",
                first.as_str(),
                second.as_str()
            ),
            Rejection::UnsupportedVersion => f.write_str("oauth_version is not 1.0"),
            Rejection::UnsupportedSignatureMethod => f.write_str("unsupported signature method"),
            Rejection::SignatureMethodNotAllowed(m) => {
                write!(f, "signature method {m} is not allowed")
            }
            Rejection::PlaintextOverHttp => f.write_str("plaintext signatures require https"),
            Rejection::InvalidTimestamp => f.write_str("oauth_timestamp is not a positive integer"),
            Rejection::StaleTimestamp => f.write_str("oauth_timestamp is too old"),
            Rejection::FutureTimestamp => f.write_str("oauth_timestamp is in the future"),
            Rejection::InvalidNonce => f.write_str("invalid oauth_nonce"),
            Rejection::WrongRealm => f.write_str("wrong realm"),
            Rejection::KeyMethodMismatch {
                requested,
                prepared,
            } => write!(f, "a {prepared} key for a {requested} request"),
            Rejection::CredentialMismatch { requested } => write!(
                f,
                "signature method {requested} does not fit the consumer's credential"
            ),
            Rejection::BadSignature => f.write_str("invalid signature"),
            Rejection::BodyHashOnFormBody => {
                f.write_str("oauth_body_hash is not allowed on form-encoded requests")
            }
            Rejection::BodyHashMismatch => f.write_str("oauth_body_hash does not match the body"),
        }
    }
}

impl core::error::Error for Rejection {}
