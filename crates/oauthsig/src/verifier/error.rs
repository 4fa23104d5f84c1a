//! Why a request was refused: one error per check of the [module
//! table](super), each with its HTTP status (RFC 5849 §3.2).

use super::ProtocolParam;
use crate::nonce_store::NonceStoreError;
use oauthsig_core::verify::Rejection;
use oauthsig_core::{Error as CoreError, SignatureMethod, Source, WwwAuthenticate};
use std::fmt;

/// Why a request was refused. Messages are lowercase, one line, and contain
/// no request data, secrets or base strings, so they are safe to send back.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// The header, URL, method, query or form body could not be parsed
    /// (including a form body that is not UTF-8 on the wire, a protocol
    /// value or realm that does not decode to UTF-8, and a non-`oauth_`
    /// parameter given twice in the header). The other parameters are
    /// octets: they need not be UTF-8.
    Malformed(CoreError),
    /// The `Authorization` header is longer than the configured maximum.
    HeaderTooLong {
        /// The header's length.
        len: usize,
        /// The configured maximum.
        max: usize,
    },
    /// The request URL is longer than the configured maximum (414, RFC
    /// 9110 §15.5.15); nothing of it was parsed.
    UrlTooLong {
        /// The URL's length.
        len: usize,
        /// The configured maximum.
        max: usize,
    },
    /// More parameters than the configured maximum.
    TooManyParameters {
        /// How many the request has.
        count: usize,
        /// The configured maximum.
        max: usize,
    },
    /// A body the verifier must read (form-encoded, or covered by
    /// `oauth_body_hash`) is longer than the configured maximum.
    BodyTooLarge {
        /// The body's length.
        len: usize,
        /// The configured maximum.
        max: usize,
    },
    /// A required protocol parameter is missing (check 1).
    MissingParameter(ProtocolParam),
    /// A protocol parameter appears more than once (check 2).
    DuplicateParameter(ProtocolParam),
    /// `oauth_*` parameters come from more than one location (check 3).
    MixedLocations {
        /// Where the first `oauth_*` parameter was.
        first: Source,
        /// The other location.
        second: Source,
    },
    /// `oauth_version` is present and not `1.0` (check 4).
    UnsupportedVersion,
    /// `oauth_signature_method` names no method this library implements (check 5).
    UnsupportedSignatureMethod,
    /// The signature method is not in the verifier's allowed set (check 5).
    SignatureMethodNotAllowed(SignatureMethod),
    /// PLAINTEXT over a non-`https` URL, not explicitly allowed (check 5).
    PlaintextOverHttp,
    /// `oauth_timestamp` is not a positive decimal integer (check 6).
    InvalidTimestamp,
    /// `oauth_timestamp` is older than the window (check 6).
    StaleTimestamp,
    /// `oauth_timestamp` is further ahead than the window (check 6).
    FutureTimestamp,
    /// `oauth_nonce` is outside the configured length or character limits (check 7).
    InvalidNonce,
    /// The header `realm` is not the required one (check 8).
    WrongRealm,
    /// The credential lookup failed (check 9).
    LookupUnavailable,
    /// The lookup returned a prepared key for another signature method (check 9).
    KeyMethodMismatch {
        /// The request's method.
        requested: SignatureMethod,
        /// The method the key was prepared for.
        prepared: SignatureMethod,
    },
    /// The lookup's secrets cannot make a key (a PLAINTEXT secret longer than
    /// the heap-free limit) (check 9).
    UnusableSecret(CoreError),
    /// The nonce was already used with this timestamp and credentials
    /// (checks 10 and 13).
    UsedNonce,
    /// The nonce store could not answer (checks 10 and 13); the request is
    /// refused rather than let through unchecked.
    NonceStore(NonceStoreError),
    /// The request's consumer holds its whole share of the nonce store
    /// (check 13; [`NonceStoreError::ConsumerQuota`]): HTTP 429, this
    /// consumer only, until its recent nonces expire.
    ConsumerQuota {
        /// The per-consumer maximum of live nonces.
        limit: usize,
    },
    /// The request's method needs another kind of credential than the
    /// consumer has: an RSA method for a consumer with secrets, or an HMAC or
    /// PLAINTEXT one for a consumer with an RSA public key (check 11).
    CredentialMismatch {
        /// The request's method.
        requested: SignatureMethod,
    },
    /// The signature does not match (check 11).
    BadSignature,
    /// No such consumer (check 11).
    UnknownConsumer,
    /// No such token for this consumer (check 11).
    UnknownToken,
    /// `oauth_body_hash` on a form-encoded request (check 12).
    BodyHashOnFormBody,
    /// `oauth_body_hash` does not match the body (check 12).
    BodyHashMismatch,
    /// A check of a newer oauthsig-core that this version does not name;
    /// its status and message are the rejection's. Never made for a
    /// rejection another variant names.
    Rejected(Rejection),
}

impl VerifyError {
    /// The HTTP status to answer with (RFC 5849 §3.2): 400 for a malformed
    /// request, 401 for failed authentication (send
    /// [`www_authenticate`](VerifyError::www_authenticate) with it), 413 for
    /// an oversized body, 414 for an oversized URL, 429 for a consumer over
    /// its share of the nonce store, 500/503 for server-side faults.
    ///
    /// ```
    /// use oauthsig::verifier::{ProtocolParam, VerifyError};
    /// assert_eq!(VerifyError::MissingParameter(ProtocolParam::Nonce).http_status(), 400);
    /// assert_eq!(VerifyError::BadSignature.http_status(), 401);
    /// ```
    pub const fn http_status(&self) -> u16 {
        match self {
            VerifyError::Malformed(_)
            | VerifyError::HeaderTooLong { .. }
            | VerifyError::TooManyParameters { .. }
            | VerifyError::MissingParameter(_)
            | VerifyError::DuplicateParameter(_)
            | VerifyError::MixedLocations { .. }
            | VerifyError::UnsupportedVersion
            | VerifyError::UnsupportedSignatureMethod
            | VerifyError::SignatureMethodNotAllowed(_)
            | VerifyError::PlaintextOverHttp
            | VerifyError::InvalidTimestamp
            | VerifyError::BodyHashOnFormBody => 400,
            VerifyError::StaleTimestamp
            | VerifyError::FutureTimestamp
            | VerifyError::InvalidNonce
            | VerifyError::WrongRealm
            | VerifyError::UsedNonce
            | VerifyError::CredentialMismatch { .. }
            | VerifyError::BadSignature
            | VerifyError::UnknownConsumer
            | VerifyError::UnknownToken
            | VerifyError::BodyHashMismatch => 401,
            VerifyError::BodyTooLarge { .. } => 413,
            VerifyError::ConsumerQuota { .. } => 429,
            VerifyError::UrlTooLong { .. } => 414,
            VerifyError::KeyMethodMismatch { .. } | VerifyError::UnusableSecret(_) => 500,
            VerifyError::LookupUnavailable | VerifyError::NonceStore(_) => 503,
            VerifyError::Rejected(r) => r.http_status(),
        }
    }

    /// The `WWW-Authenticate` value for a 401 (`OAuth realm="…"`), or `None`
    /// for any other status, or when `realm` has a control character (it
    /// would split the header; the builder refuses such a realm for the
    /// verifier's own).
    ///
    /// ```
    /// use oauthsig::verifier::VerifyError;
    /// assert_eq!(VerifyError::UnknownConsumer.www_authenticate("Photos").as_deref(), Some(r#"OAuth realm="Photos""#));
    /// assert_eq!(VerifyError::UnsupportedVersion.www_authenticate("Photos"), None);
    /// ```
    pub fn www_authenticate(&self, realm: &str) -> Option<String> {
        if self.http_status() != 401 {
            return None;
        }
        WwwAuthenticate::new(realm).ok().map(|w| w.to_string())
    }
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::Malformed(e) => write!(f, "malformed request: {e}"),
            VerifyError::HeaderTooLong { len, max } => {
                write!(f, "authorization header of {len} bytes exceeds {max}")
            }
            VerifyError::UrlTooLong { len, max } => {
                write!(f, "url of {len} bytes exceeds the limit of {max}")
            }
            VerifyError::TooManyParameters { count, max } => {
                write!(f, "{count} parameters exceed the limit of {max}")
            }
            VerifyError::BodyTooLarge { len, max } => {
                write!(f, "body of {len} bytes exceeds the limit of {max}")
            }
            VerifyError::MissingParameter(p) => write!(f, "missing parameter {p}"),
            VerifyError::DuplicateParameter(p) => write!(f, "duplicated parameter {p}"),
            VerifyError::MixedLocations { first, second } => write!(
                f,
                "oauth parameters in more than one location ({} and {})",
                first.as_str(),
                second.as_str()
            ),
            VerifyError::UnsupportedVersion => f.write_str("oauth_version is not 1.0"),
            VerifyError::UnsupportedSignatureMethod => f.write_str("unsupported signature method"),
            VerifyError::SignatureMethodNotAllowed(m) => {
                write!(f, "signature method {m} is not allowed")
            }
            VerifyError::PlaintextOverHttp => f.write_str("plaintext signatures require https"),
            VerifyError::InvalidTimestamp => {
                f.write_str("oauth_timestamp is not a positive integer")
            }
            VerifyError::StaleTimestamp => f.write_str("oauth_timestamp is too old"),
            VerifyError::FutureTimestamp => f.write_str("oauth_timestamp is in the future"),
            VerifyError::InvalidNonce => f.write_str("invalid oauth_nonce"),
            VerifyError::WrongRealm => f.write_str("wrong realm"),
            VerifyError::LookupUnavailable => f.write_str("credential lookup unavailable"),
            VerifyError::KeyMethodMismatch {
                requested,
                prepared,
            } => write!(
                f,
                "lookup returned a {prepared} key for a {requested} request"
            ),
            VerifyError::UnusableSecret(e) => write!(f, "unusable secret: {e}"),
            VerifyError::UsedNonce => f.write_str("nonce already used"),
            VerifyError::NonceStore(e) => write!(f, "{e}"),
            VerifyError::ConsumerQuota { limit } => {
                fmt::Display::fmt(&NonceStoreError::ConsumerQuota { limit: *limit }, f)
            }
            VerifyError::CredentialMismatch { requested } => fmt::Display::fmt(
                &Rejection::CredentialMismatch {
                    requested: *requested,
                },
                f,
            ),
            VerifyError::BadSignature => f.write_str("invalid signature"),
            VerifyError::UnknownConsumer => f.write_str("unknown consumer key"),
            VerifyError::UnknownToken => f.write_str("unknown token"),
            VerifyError::BodyHashOnFormBody => {
                f.write_str("oauth_body_hash is not allowed on form-encoded requests")
            }
            VerifyError::BodyHashMismatch => f.write_str("oauth_body_hash does not match the body"),
            VerifyError::Rejected(r) => fmt::Display::fmt(r, f),
        }
    }
}

impl std::error::Error for VerifyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            VerifyError::Malformed(e) | VerifyError::UnusableSecret(e) => Some(e),
            VerifyError::NonceStore(e) => Some(e),
            _ => None,
        }
    }
}

impl From<Rejection> for VerifyError {
    /// Each check of oauthsig-core's engine as the verifier's error for it,
    /// with the same status and message.
    fn from(r: Rejection) -> Self {
        match r {
            Rejection::MissingParameter(p) => VerifyError::MissingParameter(p),
            Rejection::DuplicateParameter(p) => VerifyError::DuplicateParameter(p),
            Rejection::MixedLocations { first, second } => {
                VerifyError::MixedLocations { first, second }
            }
            Rejection::UnsupportedVersion => VerifyError::UnsupportedVersion,
            Rejection::UnsupportedSignatureMethod => VerifyError::UnsupportedSignatureMethod,
            Rejection::SignatureMethodNotAllowed(m) => VerifyError::SignatureMethodNotAllowed(m),
            Rejection::PlaintextOverHttp => VerifyError::PlaintextOverHttp,
            Rejection::InvalidTimestamp => VerifyError::InvalidTimestamp,
            Rejection::StaleTimestamp => VerifyError::StaleTimestamp,
            Rejection::FutureTimestamp => VerifyError::FutureTimestamp,
            Rejection::InvalidNonce => VerifyError::InvalidNonce,
            Rejection::WrongRealm => VerifyError::WrongRealm,
            Rejection::KeyMethodMismatch {
                requested,
                prepared,
            } => VerifyError::KeyMethodMismatch {
                requested,
                prepared,
            },
            Rejection::CredentialMismatch { requested } => {
                VerifyError::CredentialMismatch { requested }
            }
            Rejection::BadSignature => VerifyError::BadSignature,
            Rejection::BodyHashOnFormBody => VerifyError::BodyHashOnFormBody,
            Rejection::BodyHashMismatch => VerifyError::BodyHashMismatch,
            // `Rejection` is non-exhaustive: only a newer core reaches this.
            _ => VerifyError::Rejected(r),
        }
    }
}

impl From<NonceStoreError> for VerifyError {
    /// A store's refusal as the verifier reports it: a consumer over its
    /// share is [`VerifyError::ConsumerQuota`] (429), anything else
    /// [`VerifyError::NonceStore`] (503).
    fn from(e: NonceStoreError) -> Self {
        match e {
            NonceStoreError::ConsumerQuota { limit } => VerifyError::ConsumerQuota { limit },
            e => VerifyError::NonceStore(e),
        }
    }
}

impl From<CoreError> for VerifyError {
    fn from(e: CoreError) -> Self {
        VerifyError::Malformed(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_follow_rfc_5849_section_3_2() {
        assert_eq!(VerifyError::UsedNonce.http_status(), 401);
        assert_eq!(VerifyError::UnknownToken.http_status(), 401);
        assert_eq!(
            VerifyError::DuplicateParameter(ProtocolParam::Token).http_status(),
            400
        );
        assert_eq!(VerifyError::UnsupportedSignatureMethod.http_status(), 400);
        assert_eq!(
            VerifyError::NonceStore(NonceStoreError::Full { capacity: 1 }).http_status(),
            503
        );
        let quota = VerifyError::from(NonceStoreError::ConsumerQuota { limit: 3 });
        assert_eq!(quota, VerifyError::ConsumerQuota { limit: 3 });
        assert_eq!(quota.http_status(), 429);
        assert_eq!(
            quota.to_string(),
            "too many recent requests from this consumer (3 live nonces)"
        );
    }

    #[test]
    fn core_rejections_keep_their_status_and_message() {
        use oauthsig_core::verify::Rejection as R;
        let (hmac, plain) = (SignatureMethod::HmacSha1, SignatureMethod::Plaintext);
        let all = [
            R::MissingParameter(ProtocolParam::Nonce),
            R::DuplicateParameter(ProtocolParam::Other),
            R::MixedLocations {
                first: Source::Header,
                second: Source::Query,
            },
            R::UnsupportedVersion,
            R::UnsupportedSignatureMethod,
            R::SignatureMethodNotAllowed(plain),
            R::PlaintextOverHttp,
            R::InvalidTimestamp,
            R::StaleTimestamp,
            R::FutureTimestamp,
            R::InvalidNonce,
            R::WrongRealm,
            R::KeyMethodMismatch {
                requested: hmac,
                prepared: plain,
            },
            R::BadSignature,
            R::CredentialMismatch { requested: hmac },
            R::BodyHashOnFormBody,
            R::BodyHashMismatch,
        ];
        for r in all {
            let e = VerifyError::from(r);
            assert!(!matches!(e, VerifyError::Rejected(_)), "{r:?} has a name");
            assert_eq!(e.http_status(), r.http_status(), "{r:?}");
            if !matches!(r, R::KeyMethodMismatch { .. }) {
                assert_eq!(e.to_string(), r.to_string());
            }
        }
        // The verifier's message says where the key came from.
        let mismatch = VerifyError::from(all[12]).to_string();
        assert_eq!(
            mismatch,
            "lookup returned a PLAINTEXT key for a HMAC-SHA1 request"
        );
    }
}
