//! # oauthsig
//!
//! OAuth 1.0a ([RFC 5849](https://www.rfc-editor.org/rfc/rfc5849)) for Rust
//! programs, over the heap-free engine in [`oauthsig_core`].
//!
//! - [`verifier`]: the server side. A [`Verifier`] applies every check of
//!   RFC 5849 §3.2 in a fixed order (parameters, version, method, timestamp
//!   window, nonce replay, constant-time signature, body hash) and maps each
//!   failure to its HTTP status.
//! - [`nonce_store`]: replay protection (§3.3): an in-memory store, and a
//!   Redis store behind the `redis` feature for servers that share one.
//!
//! ```
//! use oauthsig::{CredentialQuery, Credentials, IncomingRequest, LookupError, Verifier};
//! use oauthsig_core::SignatureMethod;
//!
//! let verifier = Verifier::builder().allow(SignatureMethod::HmacSha1).build()?;
//! let lookup = |q: &CredentialQuery<'_>| match q.consumer_key() {
//!     "dpf43f3p2l4k3l03" => Ok(Credentials::secrets("kd94hf93k423kf44", "")),
//!     _ => Err(LookupError::UnknownConsumer),
//! };
//! let err = verifier.verify(&IncomingRequest::new("GET", "https://example.com/"), &lookup).unwrap_err();
//! assert_eq!(err.to_string(), "missing parameter oauth_consumer_key");
//! assert_eq!(err.http_status(), 400);
//! # Ok::<(), oauthsig::verifier::BuildError>(())
//! ```
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod nonce_store;
pub mod verifier;

#[cfg(feature = "redis")]
pub use nonce_store::RedisNonceStore;
pub use nonce_store::{MemoryNonceStore, NonceKey, NonceStatus, NonceStore, NonceStoreError};
pub use verifier::{
    Clock, CredentialLookup, CredentialQuery, Credentials, IncomingRequest, LookupError,
    ProtocolParam, SystemClock, Verified, Verifier, VerifierBuilder, VerifyError,
};
