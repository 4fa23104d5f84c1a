//! Verifying a received request, [RFC 5849 §3.2](https://www.rfc-editor.org/rfc/rfc5849#section-3.2):
//! every check that needs no server state.
//!
//! [`receive`] parses what a server received ([`Incoming`]: method, URL,
//! `Authorization` header, content type, body) into a [`Received`]: the
//! query, form-body and header parameters of §3.4.1.3.1, each protocol
//! parameter classified. Each check is then one small function with its own
//! [`Rejection`]:
//!
//! | check | function | rejection |
//! |---|---|---|
//! | required parameters (§3.1; PLAINTEXT may omit nonce and timestamp, §3.4.4) | [`Received::check_required`] | `MissingParameter` |
//! | each protocol parameter once (§3.1) | [`Received::check_once`] | `DuplicateParameter` |
//! | all in one location (§3.5) | [`Received::check_one_location`] | `MixedLocations` |
//! | `oauth_version` is `1.0` when present | [`Received::check_version`] | `UnsupportedVersion` |
//! | signature method known, allowed, PLAINTEXT over https (§3.4.4) | [`Received::signature_method`], [`Received::check_method_allowed`] | `UnsupportedSignatureMethod`, `SignatureMethodNotAllowed`, `PlaintextOverHttp` |
//! | timestamp a positive integer, within the window given `now` (§3.3) | [`Received::timestamp`], [`check_timestamp_window`] | `InvalidTimestamp`, `StaleTimestamp`, `FutureTimestamp` |
//! | nonce length and characters | [`Received::check_nonce`] | `InvalidNonce` |
//! | realm, when one is required | [`Received::check_realm`] | `WrongRealm` |
//! | signature, in constant time, given a key | [`Received::check_signature`] | `KeyMethodMismatch`, `BadSignature` |
//! | body hash against the body | [`Received::check_body_hash`] | `BodyHashOnFormBody`, `BodyHashMismatch` |
//!
//! [`Received::check`] runs the first eight in that order under a
//! [`Policy`]; [`verify`] runs them all. A server with state (credential
//! lookup, nonce store) calls them around its own steps, as `oauthsig`'s
//! `Verifier` does; a debugging tool calls them one by one.
//!
//! ```
//! use oauthsig_core::verify::{self, Incoming, Policy};
//! use oauthsig_core::{SignatureMethod, SigningKey};
//!
//! // RFC 5849 §1.2: the photo request, signed with HMAC-SHA1.
//! let incoming = Incoming::new("GET", "http://photos.example.net/photos?file=vacation.jpg&size=original")
//!     .authorization(r#"OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03",
//!         oauth_token="nnch734d00sl2jdk", oauth_signature_method="HMAC-SHA1",
//!         oauth_timestamp="137131202", oauth_nonce="chapoH",
//!         oauth_signature="MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D""#);
//! let key = SigningKey::new(SignatureMethod::HmacSha1, "kd94hf93k423kf44", "pfkkdhi9sl3r4s00")?;
//! let methods = [SignatureMethod::HmacSha1];
//! let verdict = verify::verify(&incoming, &Policy::new(&methods), &key, 137_131_250)?;
//! assert_eq!(verdict.timestamp, Some(137_131_202));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod checks;
mod collect;
mod incoming;
mod rejection;
mod timestamp;

pub use checks::{Checked, Credential, NonceCharset, Policy, Verdict, check_timestamp_window};
pub use collect::{CAPACITY, Received, receive, receive_in};
pub use incoming::{Headers, Incoming, RepeatedHeader};
pub use rejection::Rejection;

use crate::error::Error;
use crate::params::Param;

/// Everything a failed verification can say: the request could not be
/// parsed, or a check rejected it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Failure {
    /// The request is malformed (parsing, or storage too small).
    Malformed(Error),
    /// A check rejected it.
    Rejected(Rejection),
}

impl core::fmt::Display for Failure {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Failure::Malformed(e) => write!(f, "malformed request: {e}"),
            Failure::Rejected(r) => core::fmt::Display::fmt(r, f),
        }
    }
}

impl core::error::Error for Failure {}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Malformed(e)
    }
}

impl From<Rejection> for Failure {
    fn from(r: Rejection) -> Self {
        Failure::Rejected(r)
    }
}

/// Every state-free check on `incoming`, in the order of the module table,
/// with `credential` for the signature and `now` (Unix seconds) for the window.
/// What this cannot check is replay: a server records the nonce (§3.3).
///
/// # Errors
/// [`Failure::Malformed`] when the request does not parse (or has more than
/// [`CAPACITY`] parameters: then use [`receive_in`]);
/// [`Failure::Rejected`] with the first check that failed.
pub fn verify<'k>(
    incoming: &Incoming<'_>,
    policy: &Policy<'_>,
    credential: impl Into<Credential<'k>>,
    now: u64,
) -> Result<Verdict, Failure> {
    // Collected into slots here, borrowed, so the parameters are never
    // moved (they are most of a `Received`).
    let mut slots = [Param::EMPTY; CAPACITY];
    let mut received = receive_in(&mut slots[..], incoming)?;
    let checked = received.check(policy, now)?;
    received.check_signature(credential)?;
    let body_hash = received.check_body_hash(checked.method)?;
    Ok(Verdict {
        method: checked.method,
        timestamp: checked.timestamp,
        body_hash,
    })
}
