//! Request bodies: which are signed by their parameters
//! ([RFC 5849 §3.4.1.3.1](https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1.3.1)),
//! and which through `oauth_body_hash` (the OAuth Request Body Hash
//! extension, draft-eaton-oauth-bodyhash-00).
//!
//! The rules, each written once here:
//! - a body is form-encoded, and its parameters signed, only when its
//!   content type is `application/x-www-form-urlencoded`
//!   ([`is_form_content_type`]);
//! - a form-encoded body never carries `oauth_body_hash`;
//! - a client hashes with SHA-1 whatever the signature method (the
//!   extension's hash, and what oauthlib, requests-oauthlib and
//!   python-oauth2 send and oauthlib's provider demands); a provider that
//!   wants SHA-256 gets it through [`Body::Hash`];
//! - a server accepts SHA-1 with every method and SHA-256 with HMAC-SHA256
//!   and RSA-SHA256 (Mastercard's) ([`body_hash_accepted`]).
//!
//! SHA-1 body hashing is in every build, since it goes with every method.
//! SHA-256 body hashing is the `body-hash-sha256` feature, which
//! `hmac-sha256` and `rsa` turn on (the methods a server accepts it with,
//! and which link SHA-256 anyway): a build with neither, such as an
//! HMAC-SHA1 firmware, links no SHA-256 code at all.

use crate::hash::{self, Blocks, Compression, Sha1};
use crate::signature::{SignatureMethod, base64_into};
use crate::text::Text;
use core::fmt;

/// The media type whose bodies carry signed parameters (§3.4.1.3.1).
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// Whether `content_type` is `application/x-www-form-urlencoded`: the media
/// type compared without case, parameters such as `charset` ignored, and
/// only RFC 7231 optional whitespace (spaces and tabs) around it. A client
/// and a server must agree on this exactly, or one signs body parameters
/// the other leaves out.
///
/// ```
/// use oauthsig_core::body::is_form_content_type;
/// assert!(is_form_content_type("Application/X-WWW-Form-Urlencoded; charset=utf-8"));
/// assert!(!is_form_content_type("application/x-www-form-urlencoded\n"));
/// assert!(!is_form_content_type("application/json"));
/// ```
pub fn is_form_content_type(content_type: &str) -> bool {
    let ows = |c: &u8| matches!(c, b' ' | b'\t');
    let b = content_type.as_bytes();
    let rest = b
        .get(b.iter().take_while(|c| ows(c)).count()..)
        .unwrap_or_default();
    match rest.split_at_checked(FORM_CONTENT_TYPE.len()) {
        Some((media_type, after)) => {
            media_type.eq_ignore_ascii_case(FORM_CONTENT_TYPE.as_bytes())
                && after.iter().find(|c| !ows(c)).is_none_or(|&c| c == b';')
        }
        None => false,
    }
}

/// The body of a request being signed, as the signature covers it.
///
/// ```
/// use oauthsig_core::Body;
/// let form = Body::Form("status=hello+world");
/// let json = Body::Opaque(br#"{"a":1}"#);
/// assert_ne!(form, json);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Body<'a> {
    /// No body, or one the signature does not cover (no `oauth_body_hash`).
    #[default]
    None,
    /// An `application/x-www-form-urlencoded` body, as sent: its
    /// parameters are signed (§3.4.1.3.1).
    Form(&'a str),
    /// Any other body, as sent: signed through `oauth_body_hash`, the
    /// base64 SHA-1 of these octets. Pass `Opaque(b"")` to hash an empty
    /// body (python-oauth2 did for every request without a form body).
    Opaque(&'a [u8]),
    /// A body signed through `oauth_body_hash` with this value, already
    /// computed: a body streamed in pieces ([`BodyHasher`]), or a provider
    /// that wants SHA-256 (`BodyHash::sha256`, feature `body-hash-sha256`).
    Hash(&'a str),
}

impl<'a> Body<'a> {
    /// The form text whose parameters are signed, if the body is one.
    pub const fn form(&self) -> Option<&'a str> {
        match self {
            Body::Form(text) => Some(text),
            _ => None,
        }
    }
}

/// When a body that is not form-encoded gets `oauth_body_hash` (the OAuth
/// Request Body Hash extension): never a form-encoded one, whose
/// parameters are signed already (§3.4.1.3.1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BodyHashPolicy {
    /// When the request has a body that is not form-encoded (even an empty
    /// one) — oauthlib's rule.
    #[default]
    OpaqueBody,
    /// On every request that is not form-encoded, hashing the empty string
    /// when there is no body: python-oauth2 1.9's rule (and the extension
    /// draft's SHOULD), which adds it to plain GETs too.
    UnlessForm,
    /// Never.
    Never,
}

/// The body `sent` as the signature covers it under `policy`: a form
/// body's parameters; an opaque body (or, under
/// [`BodyHashPolicy::UnlessForm`], none) through its `algorithm` hash, made
/// in `hash` when it is not SHA-1 (the engine hashes SHA-1 itself); or
/// nothing. The one place this choice is made, for every layer.
///
/// ```
/// use oauthsig_core::body::{covered, Body, BodyHashAlgorithm, BodyHashPolicy};
/// let mut hash = None;
/// let sha1 = BodyHashAlgorithm::Sha1;
/// assert_eq!(covered(Body::None, BodyHashPolicy::UnlessForm, sha1, &mut hash), Body::Opaque(b""));
/// assert_eq!(covered(Body::Opaque(b"{}"), BodyHashPolicy::Never, sha1, &mut hash), Body::None);
/// assert_eq!(covered(Body::Form("a=1"), BodyHashPolicy::UnlessForm, sha1, &mut hash), Body::Form("a=1"));
/// ```
pub fn covered<'s>(
    sent: Body<'s>,
    policy: BodyHashPolicy,
    algorithm: BodyHashAlgorithm,
    hash: &'s mut Option<BodyHash>,
) -> Body<'s> {
    let hashed: &[u8] = match (sent, policy) {
        (Body::Form(_) | Body::Hash(_), _) => return sent,
        (_, BodyHashPolicy::Never) | (Body::None, BodyHashPolicy::OpaqueBody) => {
            return Body::None;
        }
        (Body::Opaque(bytes), _) => bytes,
        (Body::None, BodyHashPolicy::UnlessForm) => b"",
    };
    if algorithm == BodyHashAlgorithm::Sha1 {
        return Body::Opaque(hashed);
    }
    Body::Hash(hash.insert(BodyHash::new(algorithm, hashed)).as_str())
}

/// The hash functions `oauth_body_hash` is computed with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BodyHashAlgorithm {
    /// SHA-1: the extension's hash, sent by every client that implements it.
    #[default]
    Sha1,
    /// SHA-256, which some providers want with HMAC-SHA256 or RSA-SHA256
    /// (feature `body-hash-sha256`, on with `hmac-sha256` and `rsa`).
    #[cfg(feature = "body-hash-sha256")]
    Sha256,
}

/// Longest body hash text: base64 of a SHA-256 digest.
const HASH_TEXT: usize = 44;

/// An `oauth_body_hash` value: base64 of a digest of the body octets.
///
/// ```
/// use oauthsig_core::BodyHash;
/// assert_eq!(BodyHash::sha1(b"Hello World!").as_str(), "Lve95gjOVATpfV8EL5X4nxwjKHE=");
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct BodyHash {
    buf: [u8; HASH_TEXT],
    len: u8,
}

impl BodyHash {
    /// The hash of `body` with `algorithm`.
    pub fn new(algorithm: BodyHashAlgorithm, body: &[u8]) -> Self {
        let mut h = BodyHasher::new(algorithm);
        h.update(body);
        h.finish()
    }

    /// The SHA-1 body hash: what clients send.
    pub fn sha1(body: &[u8]) -> Self {
        Self::new(BodyHashAlgorithm::Sha1, body)
    }

    /// The SHA-256 body hash (feature `body-hash-sha256`).
    ///
    /// ```
    /// assert_eq!(oauthsig_core::BodyHash::sha256(b"").as_str(), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    /// ```
    #[cfg(feature = "body-hash-sha256")]
    pub fn sha256(body: &[u8]) -> Self {
        Self::new(BodyHashAlgorithm::Sha256, body)
    }

    /// The base64 text.
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(self.buf.get(..usize::from(self.len)).unwrap_or_default())
            .unwrap_or("")
    }
}

impl fmt::Debug for BodyHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BodyHash({:?})", self.as_str())
    }
}

impl fmt::Display for BodyHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Incremental body hashing, for bodies that arrive in pieces.
///
/// ```
/// use oauthsig_core::{BodyHash, BodyHasher, body::BodyHashAlgorithm};
/// let mut h = BodyHasher::new(BodyHashAlgorithm::Sha1);
/// h.update(b"Hello ");
/// h.update(b"World!");
/// assert_eq!(h.finish(), BodyHash::sha1(b"Hello World!"));
/// ```
#[derive(Clone)]
pub struct BodyHasher(Hasher);

/// The hash being computed, over the crate's one hash driver.
#[derive(Clone)]
enum Hasher {
    Sha1(Blocks<Sha1>),
    #[cfg(feature = "body-hash-sha256")]
    Sha256(Blocks<hash::Sha256>),
}

impl BodyHasher {
    /// A hasher for `algorithm`.
    pub fn new(algorithm: BodyHashAlgorithm) -> Self {
        BodyHasher(match algorithm {
            BodyHashAlgorithm::Sha1 => Hasher::Sha1(Blocks::new(Sha1::IV, 0)),
            #[cfg(feature = "body-hash-sha256")]
            BodyHashAlgorithm::Sha256 => Hasher::Sha256(Blocks::new(hash::Sha256::IV, 0)),
        })
    }

    /// The algorithm this hasher computes.
    pub fn algorithm(&self) -> BodyHashAlgorithm {
        match self.0 {
            Hasher::Sha1(_) => BodyHashAlgorithm::Sha1,
            #[cfg(feature = "body-hash-sha256")]
            Hasher::Sha256(_) => BodyHashAlgorithm::Sha256,
        }
    }

    /// Feeds more body octets.
    pub fn update(&mut self, bytes: &[u8]) {
        use crate::sink::Sink as _;
        match &mut self.0 {
            Hasher::Sha1(h) => h.put(bytes),
            #[cfg(feature = "body-hash-sha256")]
            Hasher::Sha256(h) => h.put(bytes),
        }
    }

    /// The body hash.
    pub fn finish(self) -> BodyHash {
        let mut buf = [0u8; HASH_TEXT];
        let len = match self.0 {
            Hasher::Sha1(h) => encode_digest(h, &mut buf),
            #[cfg(feature = "body-hash-sha256")]
            Hasher::Sha256(h) => encode_digest(h, &mut buf),
        };
        BodyHash {
            buf,
            len: len as u8,
        }
    }
}

/// The base64 digest of what `blocks` hashed, into `buf`; its length.
fn encode_digest<H: Compression>(mut blocks: Blocks<H>, buf: &mut [u8; HASH_TEXT]) -> usize {
    base64_into(hash::digest_of::<H>(&blocks.finish()).as_ref(), buf)
}

impl fmt::Debug for BodyHasher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("BodyHasher")
            .field(&self.algorithm())
            .finish()
    }
}

/// Which hash a presented `oauth_body_hash` matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BodyHashMatch {
    /// The body's SHA-1.
    Sha1,
    /// The body's SHA-256 (accepted with HMAC-SHA256 only).
    Sha256,
}

/// Whether `presented` (an `oauth_body_hash` as received) is a hash of
/// `body` a server accepts for `method`: SHA-1 with every method, SHA-256
/// with HMAC-SHA256 (clients that follow the signature method send it).
/// Either binds the body, since the hash is itself signed. The hash of a
/// body the client sent is no secret, so a plain comparison leaks nothing.
///
/// ```
/// use oauthsig_core::{body::{body_hash_accepted, BodyHashMatch}, BodyHash, SignatureMethod, Text};
/// let h = BodyHash::sha256(b"{}");
/// assert_eq!(body_hash_accepted(&Text::raw(h.as_str()), b"{}", SignatureMethod::HmacSha256), Some(BodyHashMatch::Sha256));
/// assert_eq!(body_hash_accepted(&Text::raw(h.as_str()), b"{}", SignatureMethod::HmacSha1), None);
/// ```
#[cfg_attr(not(feature = "body-hash-sha256"), allow(unused_variables))]
pub fn body_hash_accepted(
    presented: &Text<'_>,
    body: &[u8],
    method: SignatureMethod,
) -> Option<BodyHashMatch> {
    let is = |hash: BodyHash| presented.eq_decoded(hash.as_str().as_bytes());
    if is(BodyHash::sha1(body)) {
        return Some(BodyHashMatch::Sha1);
    }
    // Without the feature, neither method is in the build either.
    #[cfg(feature = "body-hash-sha256")]
    if matches!(
        method,
        SignatureMethod::HmacSha256 | SignatureMethod::RsaSha256
    ) && is(BodyHash::sha256(body))
    {
        return Some(BodyHashMatch::Sha256);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_content_type_takes_only_optional_whitespace() {
        assert!(is_form_content_type(
            " \tapplication/x-www-form-urlencoded \t"
        ));
        assert!(is_form_content_type(
            "application/x-www-form-urlencoded;charset=x"
        ));
        assert!(!is_form_content_type("application/x-www-form-urlencoded-x"));
        assert!(!is_form_content_type(
            "\u{a0}application/x-www-form-urlencoded"
        ));
        assert!(!is_form_content_type(""));
    }

    #[test]
    fn hashes_match_published_values() {
        // The extension draft's example body, and the empty body.
        assert_eq!(BodyHash::sha1(b"").as_str(), "2jmj7l5rSw0yVb/vlWAYkK/YBwk=");
        #[cfg(feature = "body-hash-sha256")]
        assert_eq!(
            BodyHash::sha256(b"Hello World!").as_str(),
            "f4OxZX/x/FO5LcGBSKHWXfwtSx+j1ncoSt3SABJtkGk="
        );
    }
}
