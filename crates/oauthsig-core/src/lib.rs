//! # oauthsig-core
//!
//! The heap-free OAuth 1.0a ([RFC 5849](https://www.rfc-editor.org/rfc/rfc5849))
//! engine: every rule of the protocol, written once. Signing is one call
//! ([`sign`]); verification is one parse and a named function per check
//! ([`verify`]). Below them sit the building blocks, public for those who
//! compose their own: percent-encoding ([`encode`]), parameters
//! ([`params`]), the base string ([`base_string`]), HMAC-SHA1 / HMAC-SHA256 /
//! PLAINTEXT with prepared keys ([`signature`]), bodies and body hashes
//! ([`body`]), and the `Authorization` / `WWW-Authenticate` headers
//! ([`header`]).
//!
//! `#![no_std]`, no allocation (the `alloc` feature only adds `String`
//! conveniences). Parameters borrow the caller's URL, body and values; the
//! base string is streamed into the MAC and never built.
//!
//! ```
//! use oauthsig_core::{sign, Body, HttpRequest, Placement, Protocol, SignatureMethod, SigningKey};
//!
//! // RFC 5849 §3.4.1.1. The key is prepared once and decides the method.
//! let key = SigningKey::new(SignatureMethod::HmacSha1, "j49sk3j29djd", "dh893hdasih9")?;
//! let request = HttpRequest::new("POST", "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b")
//!     .body(Body::Form("c2&a3=2+q"));
//! let protocol = Protocol::new("9djdj82h48djs9d2")
//!     .token("kkk9d7dh3k39sjv7")
//!     .timestamp("137131201")
//!     .nonce("7d8f3e4a");
//!
//! let mut buf = [0u8; 512];
//! let header = sign::sign_to_slice(&request, &protocol, &key, Placement::Header { realm: Some("Example") }, &mut buf)?;
//! assert_eq!(header, "OAuth realm=\"Example\", oauth_consumer_key=\"9djdj82h48djs9d2\", \
//!     oauth_token=\"kkk9d7dh3k39sjv7\", oauth_signature_method=\"HMAC-SHA1\", \
//!     oauth_timestamp=\"137131201\", oauth_nonce=\"7d8f3e4a\", \
//!     oauth_signature=\"r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D\"");
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
pub mod body;
pub mod encode;
mod error;
mod hash;
pub mod header;
pub mod nonce;
pub mod params;
pub mod protocol;
#[cfg(feature = "rsa")]
pub mod rsa_key;
pub mod sign;
pub mod signature;
pub mod sink;
mod text;
pub mod token;
pub mod verify;

pub use base_string::{BaseString, BaseStringUri};
pub use body::{Body, BodyHash, BodyHashPolicy, BodyHasher};
pub use error::{Error, HeaderProblem, KeyProblem, Part};
pub use header::{AuthorizationHeader, WwwAuthenticate};
pub use params::{Param, ParamArray, Params, Source};
pub use protocol::{Protocol, ProtocolParam};
#[cfg(feature = "rsa")]
pub use rsa_key::{RsaPrivateKey, RsaPublicKey};
pub use sign::{HttpRequest, Placement, Signed};
pub use signature::{Signature, SignatureMethod, SigningKey};
pub use sink::{Render, Sink};
pub use text::{Decoded, EncodedText, Spelling, Text};
