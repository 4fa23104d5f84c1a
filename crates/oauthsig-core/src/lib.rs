//! # oauthsig-core
//!
//! The heap-free OAuth 1.0a ([RFC 5849](https://www.rfc-editor.org/rfc/rfc5849))
//! protocol engine: percent-encoding, parameter collection and ordering, the
//! base string URI, the signature base string, HMAC-SHA1 / HMAC-SHA256 /
//! PLAINTEXT, the `Authorization` and `WWW-Authenticate` headers, and
//! constant-time verification.
//!
//! `#![no_std]`, no allocation (the `alloc` feature only adds `String`
//! conveniences). Parameters borrow the caller's URL, body and values; the
//! base string is streamed into the MAC and never built.
//!
//! ```
//! use oauthsig_core::{AuthorizationHeader, BaseString, BaseStringUri, ParamArray, Protocol,
//!     SignatureMethod, SigningKey, Source};
//!
//! // RFC 5849 §3.4.1.1.
//! let url = "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b";
//! let protocol = Protocol::new("9djdj82h48djs9d2", SignatureMethod::HmacSha1)
//!     .token("kkk9d7dh3k39sjv7")
//!     .timestamp("137131201")
//!     .nonce("7d8f3e4a");
//! let key = SigningKey::new(SignatureMethod::HmacSha1, "j49sk3j29djd", "dh893hdasih9")?;
//!
//! let mut params = ParamArray::<16>::array();
//! params.extend_query(url)?;
//! params.extend_form("c2&a3=2+q", Source::Body)?;
//! params.extend_protocol(&protocol)?;
//! params.sort();
//! let uri = BaseStringUri::parse(url)?;
//! let signature = key.sign(&BaseString::new("POST", &uri, params.as_slice())?);
//! assert_eq!(signature.as_str(), "r6/TJjbCOr97/+UU0NsvSne7s5g=");
//!
//! let header = AuthorizationHeader::new(Some("Example"), params.as_slice(), Some(signature.as_str()))?;
//! assert!(header.to_string().starts_with(r#"OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2""#));
//! # Ok::<(), oauthsig_core::Error>(())
//! ```
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "alloc")]
extern crate alloc;

// Unit tests format with `to_string`; the library itself never uses std.
#[cfg(test)]
extern crate std;

pub mod base_string;
pub mod encode;
mod error;
pub mod header;
pub mod params;
pub mod signature;
pub mod sink;
mod text;

pub use base_string::{BaseString, BaseStringUri};
pub use error::{Error, HeaderProblem, Part};
pub use header::{AuthorizationHeader, WwwAuthenticate};
pub use params::{Param, ParamArray, Params, Protocol, Source};
pub use signature::{BodyHash, BodyHasher, Signature, SignatureMethod, SigningKey};
pub use text::{Decoded, EncodedText, Spelling, Text};
