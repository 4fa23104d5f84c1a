//! # oauthsig
//!
//! OAuth 1.0a ([RFC 5849](https://www.rfc-editor.org/rfc/rfc5849)) for Rust
//! programs: consumers and tokens, requests built, signed, written as a
//! header, body or URL, and parsed back on the server — everything
//! python-oauth2 offered, with what it got wrong fixed (see the README's
//! "Coming from python-oauth2").
//!
//! The server side is [`Verifier`] (every check of RFC 5849 §3.2 in a fixed
//! order, with replay protection through a [`NonceStore`]: in memory, or
//! Redis behind the `redis` feature; blocking, or async with
//! [`Verifier::verify_async`]); see the [`verifier`] module.
//!
//! The protocol itself (encoding, parameter order, base string, MACs, header
//! syntax) is [`oauthsig_core`]'s; this crate owns strings, randomness and
//! clocks.
//!
//! ```
//! use oauthsig::{Consumer, Request, SignatureMethod, Token};
//!
//! let consumer = Consumer::new("dpf43f3p2l4k3l03", "kd94hf93k423kf44");
//! let token: Token = "oauth_token=nnch734d00sl2jdk&oauth_token_secret=pfkkdhi9sl3r4s00".parse()?;
//! let request = Request::from_consumer_and_token(&consumer, Some(&token), "GET",
//!         "http://photos.example.net/photos?file=vacation.jpg&size=original")?
//!     .sign(SignatureMethod::HmacSha1, &consumer, Some(&token))?;
//! let (name, value) = (oauthsig::AUTHORIZATION, request.to_header(Some("Photos"))?);
//! assert_eq!(name, "Authorization");
//! assert!(value.contains("oauth_signature=\""));
//!
//! // The server's side: parse what arrived and check the signature.
//! let received = Request::from_request("GET", request.url(), [(name, value.as_str())], b"", None)?;
//! assert!(received.check_signature(&consumer, Some(&token))?);
//! # Ok::<(), oauthsig::Error>(())
//! ```
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod authenticate;
mod consumer;
mod error;
#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
pub mod http;
#[cfg(feature = "lti")]
#[cfg_attr(docsrs, doc(cfg(feature = "lti")))]
pub mod lti;
mod nonce;
pub mod nonce_store;
pub mod profile;
mod request;
#[cfg(feature = "reqwest")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest")))]
pub mod reqwest;
mod token;
#[cfg(feature = "tower")]
#[cfg_attr(docsrs, doc(cfg(feature = "tower")))]
pub mod tower;
mod url;
pub mod verifier;
mod xoauth;

pub use authenticate::{WWW_AUTHENTICATE, build_authenticate_header};
pub use consumer::Consumer;
pub use error::{Error, TokenField, TokenProblem};
pub use nonce::{
    NONCE_LEN, TIMESTAMP_LEN, VERIFIER_LEN, fill_nonce, fill_timestamp, generate_nonce,
    generate_timestamp, generate_verifier, make_nonce, make_timestamp,
};
pub use request::{
    AUTHORIZATION, BodyHashPolicy, FORM_CONTENT_TYPE, Parameter, Placed, Request,
    is_form_content_type,
};
pub use token::Token;
pub use xoauth::{build_xoauth_string, xoauth_request, xoauth_string};

#[cfg(feature = "redis")]
pub use nonce_store::RedisNonceStore;
pub use nonce_store::{
    MemoryNonceStore, NonceKey, NonceStatus, NonceStore, NonceStoreError, StoreFuture,
};
pub use verifier::{
    Clock, CredentialLookup, CredentialQuery, Credentials, IncomingRequest, LookupError,
    ProtocolParam, SystemClock, Verified, VerifiedRef, Verifier, VerifierBuilder, VerifyError,
};

pub use oauthsig_core;
pub use oauthsig_core::encode::encode;
#[cfg(feature = "rsa")]
pub use oauthsig_core::{KeyProblem, RsaPrivateKey, RsaPublicKey};
pub use oauthsig_core::{SignatureMethod, SigningKey, Source};

/// Percent-encodes `text` by RFC 5849 §3.6 (python-oauth2's `escape`): only
/// letters, digits, `-`, `.`, `_` and `~` pass through.
///
/// ```
/// assert_eq!(oauthsig::escape("http://whatever.com/~someuser/?test=test&other=other"),
///     "http%3A%2F%2Fwhatever.com%2F~someuser%2F%3Ftest%3Dtest%26other%3Dother");
/// ```
pub fn escape(text: &str) -> String {
    encode(text).to_string()
}

/// The README's Rust examples, compiled and run as doc tests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeExamples;
