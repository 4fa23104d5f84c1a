//! LTI 1.1 ([IMS Learning Tools Interoperability v1.1](https://www.imsglobal.org/specs/ltiv1p1/implementation-guide)),
//! the OAuth 1.0a parts, for tools and for LMSs (feature `lti`).
//!
//! LTI 1.1 signs with RFC 5849 HMAC-SHA1, two-legged (no token: the LMS's
//! consumer key and shared secret), and adds rules of its own:
//!
//! - a **basic launch** is a form POST whose body carries every parameter,
//!   the protocol ones included (§3.5.2), and must say
//!   `lti_message_type=basic-lti-launch-request`, `lti_version=LTI-1p0` and
//!   a `resource_link_id` ([`LaunchVerifier`] on the tool's side,
//!   [`LaunchParams`] on the LMS's);
//! - **Outcomes** (grade passback) is a POX XML body, `Content-Type:
//!   application/xml`, covered by a SHA-1 `oauth_body_hash` with the
//!   protocol parameters in the `Authorization` header ([`OutcomeRequest`]
//!   on the tool's side, [`verify_outcome`] and [`OutcomeResponse`] on the
//!   LMS's);
//! - the URL verified is the one the LMS signed: a tool behind a TLS proxy
//!   receives `http` where the LMS signed `https` (the most reported
//!   failure), so the tool rebuilds it from configuration
//!   ([`LaunchVerifier::verify_http`] with the tower layer's
//!   [`OriginPolicy`](crate::tower::OriginPolicy), feature `tower`) or is
//!   given it;
//! - LMS nonces can exceed 32 characters (Canvas): the verifier of the
//!   [`lti11`](crate::profile::ProfileId::Lti11) profile takes up to 128.
//!
//! Every signature is made and checked by the same engine as any other
//! request: this module only builds and reads LTI's parameters and XML.

mod launch;
mod outcomes;
mod xml;

pub use launch::{Launch, LaunchParams, LaunchVerifier};
pub use outcomes::{
    CodeMajor, Operation, OutcomeRequest, OutcomeResponse, SignedOutcome, verify_outcome,
};

use crate::VerifyError;
use std::fmt;

/// `lti_message_type` of a basic launch.
pub const BASIC_LAUNCH: &str = "basic-lti-launch-request";
/// `lti_version` of LTI 1.0 and 1.1 launches.
pub const LTI_VERSION: &str = "LTI-1p0";
/// The content type of Outcomes requests and responses.
pub const OUTCOMES_CONTENT_TYPE: &str = "application/xml";

/// Why an LTI request was refused, or could not be made.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LtiError {
    /// The OAuth signature check failed (its own status: 400, 401, …).
    OAuth(VerifyError),
    /// Signing failed.
    Signing(crate::Error),
    /// A launch must be a form-encoded POST (LTI 1.1 Implementation Guide, basic launch).
    NotAFormPost,
    /// A required LTI parameter is missing or empty.
    MissingParameter(&'static str),
    /// A required LTI parameter appears more than once: which one counts
    /// would be the reader's guess.
    DuplicateParameter(&'static str),
    /// `lti_message_type` is not `basic-lti-launch-request`.
    UnsupportedMessageType,
    /// `lti_version` is not `LTI-1p0`.
    UnsupportedVersion,
    /// A launch parameter is not UTF-8 text.
    NotText(oauthsig_core::Error),
    /// An Outcomes request without `oauth_body_hash`: its XML would not be
    /// covered by the signature.
    NoBodyHash,
    /// The Outcomes XML lacks this element, or it is malformed (a DTD is
    /// refused).
    BadXml(&'static str),
    /// The URL the LMS signed could not be rebuilt from the request (see
    /// the tower layer's `OriginPolicy::signed_url`).
    Origin,
    /// A score must be a finite number from 0.0 to 1.0 (LTI 1.1 Outcomes, `resultScore`).
    BadScore,
}

impl LtiError {
    /// The HTTP status to answer with: the verifier's for
    /// [`LtiError::OAuth`], 401 without a body hash, else 400.
    pub fn http_status(&self) -> u16 {
        match self {
            LtiError::OAuth(e) => e.http_status(),
            LtiError::NoBodyHash => 401,
            LtiError::Signing(_) => 500,
            _ => 400,
        }
    }
}

impl fmt::Display for LtiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LtiError::OAuth(e) => write!(f, "oauth: {e}"),
            LtiError::Signing(e) => write!(f, "signing: {e}"),
            LtiError::NotAFormPost => f.write_str("an LTI launch is a form-encoded POST"),
            LtiError::MissingParameter(name) => write!(f, "missing LTI parameter {name}"),
            LtiError::DuplicateParameter(name) => write!(f, "LTI parameter {name} given twice"),
            LtiError::UnsupportedMessageType => {
                write!(f, "lti_message_type is not {BASIC_LAUNCH}")
            }
            LtiError::UnsupportedVersion => write!(f, "lti_version is not {LTI_VERSION}"),
            LtiError::NotText(e) => write!(f, "launch parameter: {e}"),
            LtiError::NoBodyHash => {
                f.write_str("outcomes request without oauth_body_hash: its body is unsigned")
            }
            LtiError::BadXml(what) => write!(f, "outcomes XML: {what} missing or malformed"),
            LtiError::Origin => f.write_str("the launch URL cannot be rebuilt from the request"),
            LtiError::BadScore => f.write_str("score must be a number from 0.0 to 1.0"),
        }
    }
}

impl std::error::Error for LtiError {}

impl From<VerifyError> for LtiError {
    fn from(e: VerifyError) -> Self {
        LtiError::OAuth(e)
    }
}

impl From<crate::Error> for LtiError {
    fn from(e: crate::Error) -> Self {
        LtiError::Signing(e)
    }
}
