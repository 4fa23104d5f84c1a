//! Signature methods, [RFC 5849 §3.4](https://www.rfc-editor.org/rfc/rfc5849#section-3.4):
//! HMAC-SHA1 (§3.4.2), RSA-SHA1 (§3.4.3, feature `rsa`), PLAINTEXT
//! (§3.4.4), and the deployed extensions HMAC-SHA256 (NetSuite,
//! WooCommerce, …), HMAC-SHA512, RSA-SHA256 (Mastercard) and RSA-SHA512.
//!
//! A [`SigningKey`] is prepared once: the HMAC inner and outer states are
//! computed from `encode(consumer_secret) & encode(token_secret)` when the
//! key is made, so each signature costs only the hashing of its base string.
//! An RSA key is prepared for its method's digest.
//!
//! A key's kind follows its method and nothing else: RSA methods sign with
//! an RSA private key and are checked with its public key; the others use
//! the shared secrets. Neither ever stands in for the other.
//!
//! Each method is a Cargo feature (`hmac-sha1`, `hmac-sha256`,
//! `hmac-sha512`, `plaintext`, all on by default, and `rsa`): a build
//! without one has none of its code. [`SignatureMethod`] names every method
//! in every build, so parsing and reporting do not change;
//! [`SignatureMethod::is_available`] says which this build can use, and
//! [`SigningKey::new`] refuses the others with [`Error::MethodUnavailable`].

#[cfg(any(feature = "hmac-sha1", feature = "hmac-sha256"))]
mod hmac;
#[cfg(feature = "hmac-sha512")]
mod hmac512;
#[cfg(feature = "plaintext")]
mod plaintext;
#[cfg(feature = "rsa")]
mod rsa;

use crate::base_string::BaseString;
use crate::error::Error;
use crate::sink::{Render, Sink};
use crate::text::Text;
use core::fmt;
use core::str::FromStr;
use subtle::ConstantTimeEq;

/// The longest encoded `consumer_secret&token_secret` a heap-free PLAINTEXT
/// key holds. Real secrets are tens of bytes; each raw byte may encode to 3.
pub const PLAINTEXT_MAX_KEY: usize = 512;

/// A signature method (the `oauth_signature_method` value).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureMethod {
    /// `HMAC-SHA1` (§3.4.2).
    HmacSha1,
    /// `HMAC-SHA256` (the common extension).
    HmacSha256,
    /// `PLAINTEXT` (§3.4.4): the key itself; only safe over TLS.
    Plaintext,
    /// `HMAC-SHA512` (an extension: oauthlib, Clever Cloud).
    HmacSha512,
    /// `RSA-SHA1` (§3.4.3): RSASSA-PKCS1-v1_5 with SHA-1 (feature `rsa`).
    RsaSha1,
    /// `RSA-SHA256` (an extension: Mastercard), feature `rsa`.
    RsaSha256,
    /// `RSA-SHA512` (an extension: oauthlib), feature `rsa`.
    RsaSha512,
}

impl SignatureMethod {
    /// Every method, for iteration in tests and option lists.
    pub const ALL: [SignatureMethod; 7] = [
        SignatureMethod::HmacSha1,
        SignatureMethod::HmacSha256,
        SignatureMethod::HmacSha512,
        SignatureMethod::RsaSha1,
        SignatureMethod::RsaSha256,
        SignatureMethod::RsaSha512,
        SignatureMethod::Plaintext,
    ];

    /// The methods that sign with shared secrets (no heap, every build).
    pub const SHARED_SECRET: [SignatureMethod; 4] = [
        SignatureMethod::HmacSha1,
        SignatureMethod::HmacSha256,
        SignatureMethod::HmacSha512,
        SignatureMethod::Plaintext,
    ];

    /// The methods that sign with an RSA private key (feature `rsa`).
    pub const RSA: [SignatureMethod; 3] = [
        SignatureMethod::RsaSha1,
        SignatureMethod::RsaSha256,
        SignatureMethod::RsaSha512,
    ];

    /// The wire name, e.g. `"HMAC-SHA1"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            SignatureMethod::HmacSha1 => "HMAC-SHA1",
            SignatureMethod::HmacSha256 => "HMAC-SHA256",
            SignatureMethod::Plaintext => "PLAINTEXT",
            SignatureMethod::HmacSha512 => "HMAC-SHA512",
            SignatureMethod::RsaSha1 => "RSA-SHA1",
            SignatureMethod::RsaSha256 => "RSA-SHA256",
            SignatureMethod::RsaSha512 => "RSA-SHA512",
        }
    }

    /// Whether the method signs with an RSA private key (and is checked with
    /// the public key) rather than with shared secrets.
    pub const fn is_rsa(self) -> bool {
        matches!(
            self,
            SignatureMethod::RsaSha1 | SignatureMethod::RsaSha256 | SignatureMethod::RsaSha512
        )
    }

    /// Whether this build can sign and check the method: each has its
    /// Cargo feature (`hmac-sha1`, `hmac-sha256`, `hmac-sha512`,
    /// `plaintext`, `rsa` for the three RSA methods).
    ///
    /// ```
    /// use oauthsig_core::SignatureMethod;
    /// assert_eq!(SignatureMethod::HmacSha1.is_available(), cfg!(feature = "hmac-sha1"));
    /// ```
    pub const fn is_available(self) -> bool {
        match self {
            SignatureMethod::HmacSha1 => cfg!(feature = "hmac-sha1"),
            SignatureMethod::HmacSha256 => cfg!(feature = "hmac-sha256"),
            SignatureMethod::HmacSha512 => cfg!(feature = "hmac-sha512"),
            SignatureMethod::Plaintext => cfg!(feature = "plaintext"),
            SignatureMethod::RsaSha1 | SignatureMethod::RsaSha256 | SignatureMethod::RsaSha512 => {
                cfg!(feature = "rsa")
            }
        }
    }

    /// Whether the method uses `oauth_nonce` and `oauth_timestamp` (§3.3):
    /// every method but PLAINTEXT.
    pub const fn uses_nonce(self) -> bool {
        !matches!(self, SignatureMethod::Plaintext)
    }
}

impl fmt::Display for SignatureMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SignatureMethod {
    type Err = Error;

    /// Parses the exact wire name (method names are case sensitive).
    ///
    /// ```
    /// use oauthsig_core::SignatureMethod;
    /// assert_eq!("HMAC-SHA256".parse::<SignatureMethod>()?, SignatureMethod::HmacSha256);
    /// assert!("hmac-sha1".parse::<SignatureMethod>().is_err());
    /// # Ok::<(), oauthsig_core::Error>(())
    /// ```
    fn from_str(s: &str) -> Result<Self, Error> {
        SignatureMethod::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or(Error::UnknownSignatureMethod)
    }
}

/// A prepared signing key: consumer secret plus token secret, with the MAC
/// key schedule already done. Clone it freely; it holds no heap memory.
///
/// `Debug` never shows secret material.
///
/// ```
/// use oauthsig_core::{SignatureMethod, SigningKey};
/// let key = SigningKey::new(SignatureMethod::HmacSha1, "kd94hf93k423kf44", "pfkkdhi9sl3r4s00")?;
/// assert_eq!(format!("{key:?}"), "SigningKey { method: HmacSha1, secret: <hidden> }");
/// # Ok::<(), oauthsig_core::Error>(())
/// ```
#[derive(Clone)]
pub struct SigningKey {
    inner: Inner,
}

// Without a heap the PLAINTEXT key text must live inline; keys are built
// once and passed by reference, so the size is paid once, not per request
// (and not at all in a build without PLAINTEXT). Each variant is its
// method's feature; a build with none has no key to make.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
enum Inner {
    #[cfg(feature = "hmac-sha1")]
    Sha1(hmac::Prepared<crate::hash::Sha1>),
    #[cfg(feature = "hmac-sha256")]
    Sha256(hmac::Prepared<crate::hash::Sha256>),
    #[cfg(feature = "hmac-sha512")]
    Sha512(hmac512::Prepared),
    #[cfg(feature = "plaintext")]
    Plain(plaintext::Key),
    #[cfg(feature = "rsa")]
    Rsa(rsa::Signer),
}

impl SigningKey {
    /// Prepares the key `encode(consumer_secret) & encode(token_secret)`.
    /// Pass `""` for the token secret when there is no token.
    ///
    /// # Errors
    /// [`Error::SecretTooLong`] only for PLAINTEXT keys longer than
    /// [`PLAINTEXT_MAX_KEY`] encoded bytes (HMAC keys of any length work);
    /// [`Error::WrongKeyKind`] for an RSA method, which signs with an RSA
    /// private key (`SigningKey::rsa`, feature `rsa`), never with secrets;
    /// [`Error::MethodUnavailable`] for a method this build was compiled
    /// without ([`SignatureMethod::is_available`]).
    pub fn new(
        method: SignatureMethod,
        consumer_secret: &str,
        token_secret: &str,
    ) -> Result<Self, Error> {
        Self::of_text(method, KeyText::Secrets(consumer_secret, token_secret))
    }

    /// Prepares an HMAC key whose text is `key_text` as given, instead of
    /// §3.4.2's `encode(consumer secret) & encode(token secret)`. Only for
    /// a provider that deviates from RFC 5849 (WooCommerce's legacy v1/v2
    /// API keys its HMAC with the bare consumer secret, no `&`): the
    /// engine itself never builds a key this way.
    ///
    /// ```
    /// use oauthsig_core::{SignatureMethod, SigningKey};
    /// let legacy = SigningKey::from_key_text(SignatureMethod::HmacSha1, b"cs")?;
    /// let rfc = SigningKey::new(SignatureMethod::HmacSha1, "cs", "")?;
    /// assert_eq!(rfc.sign_text(b"bs")?.as_str(), "egQqG5AJep5sJ7anhXju1unge2I=");
    /// assert_ne!(legacy.sign_text(b"bs")?.as_str(), rfc.sign_text(b"bs")?.as_str());
    /// assert_eq!(SigningKey::from_key_text(SignatureMethod::HmacSha1, b"cs&")?.sign_text(b"bs")?.as_str(),
    ///     "egQqG5AJep5sJ7anhXju1unge2I=");
    /// # Ok::<(), oauthsig_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::WrongKeyKind`] for PLAINTEXT (whose signature is the key
    /// text, which must be §3.4.4's) and the RSA methods;
    /// [`Error::MethodUnavailable`] for a method this build lacks.
    pub fn from_key_text(method: SignatureMethod, key_text: &[u8]) -> Result<Self, Error> {
        if matches!(method, SignatureMethod::Plaintext) || method.is_rsa() {
            return Err(Error::WrongKeyKind(method));
        }
        Self::of_text(method, KeyText::Whole(key_text))
    }

    /// The key of a shared-secret method over `key`'s text.
    #[cfg_attr(
        not(any(
            feature = "hmac-sha1",
            feature = "hmac-sha256",
            feature = "hmac-sha512",
            feature = "plaintext"
        )),
        allow(unused_variables)
    )]
    fn of_text(method: SignatureMethod, key: KeyText<'_>) -> Result<Self, Error> {
        let inner = match method {
            #[cfg(feature = "hmac-sha1")]
            SignatureMethod::HmacSha1 => Ok(Inner::Sha1(hmac::Prepared::new(key))),
            #[cfg(feature = "hmac-sha256")]
            SignatureMethod::HmacSha256 => Ok(Inner::Sha256(hmac::Prepared::new(key))),
            #[cfg(feature = "hmac-sha512")]
            SignatureMethod::HmacSha512 => Ok(Inner::Sha512(hmac512::Prepared::new(key))),
            #[cfg(feature = "plaintext")]
            SignatureMethod::Plaintext => plaintext::Key::new(key).map(Inner::Plain),
            m if m.is_rsa() => Err(Error::WrongKeyKind(m)),
            m => Err(Error::MethodUnavailable(m)),
        };
        inner.map(|inner| SigningKey { inner })
    }

    /// Prepares an RSA private key for an RSA method (RFC 5849 §3.4.3).
    /// The consumer secret and token secret play no part (§3.4.3 signs with
    /// the consumer's private key alone).
    ///
    /// # Errors
    /// [`Error::WrongKeyKind`] when `method` is not an RSA method.
    #[cfg(feature = "rsa")]
    pub fn rsa(method: SignatureMethod, key: &crate::RsaPrivateKey) -> Result<Self, Error> {
        rsa::Signer::new(method, key)
            .map(|signer| SigningKey {
                inner: Inner::Rsa(signer),
            })
            .ok_or(Error::WrongKeyKind(method))
    }

    /// The method this key signs with.
    pub const fn method(&self) -> SignatureMethod {
        // Matched as a place (`ref`), so that a build with no method, whose
        // `Inner` has no variant, needs no arm.
        match self.inner {
            #[cfg(feature = "hmac-sha1")]
            Inner::Sha1(_) => SignatureMethod::HmacSha1,
            #[cfg(feature = "hmac-sha256")]
            Inner::Sha256(_) => SignatureMethod::HmacSha256,
            #[cfg(feature = "hmac-sha512")]
            Inner::Sha512(_) => SignatureMethod::HmacSha512,
            #[cfg(feature = "plaintext")]
            Inner::Plain(_) => SignatureMethod::Plaintext,
            #[cfg(feature = "rsa")]
            Inner::Rsa(ref signer) => signer.method(),
        }
    }

    /// Signs a base string, streaming it into the MAC or digest.
    ///
    /// ```
    /// use oauthsig_core::{BaseString, BaseStringUri, Param, SignatureMethod, SigningKey};
    /// let key = SigningKey::new(SignatureMethod::HmacSha1, "cs", "")?;
    /// let uri = BaseStringUri::parse("http://example.com/")?;
    /// let sig = key.sign(&BaseString::new("GET", &uri, &[Param::raw("n", "v")])?)?;
    /// assert_eq!(sig.as_str().len(), 28);
    /// # Ok::<(), oauthsig_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// Only for RSA: [`Error::RsaFailure`] when the RSA operation fails.
    pub fn sign(&self, base: &BaseString<'_, '_>) -> Result<Signature<'_>, Error> {
        self.sign_with(base)
    }

    /// Signs base string text given as bytes, e.g. one a provider echoed in
    /// its 401 response, to check whether the disagreement is in the text or
    /// in the key.
    ///
    /// ```
    /// use oauthsig_core::{SignatureMethod, SigningKey};
    /// let key = SigningKey::new(SignatureMethod::HmacSha1, "cs", "")?;
    /// assert_eq!(key.sign_text(b"bs")?.as_str(), "egQqG5AJep5sJ7anhXju1unge2I=");
    /// # Ok::<(), oauthsig_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`SigningKey::sign`].
    pub fn sign_text(&self, base_string: &[u8]) -> Result<Signature<'_>, Error> {
        self.sign_with(&Octets(base_string))
    }

    /// The signature of what `message` writes: the one place each method's
    /// signing is chosen.
    #[cfg_attr(
        not(any(
            feature = "hmac-sha1",
            feature = "hmac-sha256",
            feature = "hmac-sha512",
            feature = "rsa"
        )),
        allow(unused_variables)
    )]
    pub(crate) fn sign_with<R: Render + ?Sized>(
        &self,
        message: &R,
    ) -> Result<Signature<'_>, Error> {
        // Matched as a place, as in `method`.
        match self.inner {
            #[cfg(feature = "hmac-sha1")]
            Inner::Sha1(ref k) => Ok(Signature::mac(k.sign(|s| message.write_to(s)).as_ref())),
            #[cfg(feature = "hmac-sha256")]
            Inner::Sha256(ref k) => Ok(Signature::mac(k.sign(|s| message.write_to(s)).as_ref())),
            #[cfg(feature = "hmac-sha512")]
            Inner::Sha512(ref k) => Ok(Signature::mac(&k.sign(|s| message.write_to(s)))),
            #[cfg(feature = "plaintext")]
            Inner::Plain(ref k) => Ok(Signature(Repr::Plain(k.as_str()))),
            #[cfg(feature = "rsa")]
            Inner::Rsa(ref k) => k
                .sign(|s| message.write_to(s))
                .map(|octets| Signature::rsa(&octets))
                .ok_or(Error::RsaFailure),
        }
    }

    /// Checks a presented signature (decoded, i.e. base64 text for HMAC) in
    /// constant time with respect to its content.
    pub fn verify_decoded(&self, base: &BaseString<'_, '_>, presented: &[u8]) -> bool {
        // Irrefutable in a build whose only methods are RSA's.
        #[cfg(feature = "rsa")]
        #[allow(irrefutable_let_patterns)]
        if let Inner::Rsa(k) = &self.inner {
            let text = core::str::from_utf8(presented).unwrap_or("");
            return rsa::verify_base64(k.public_key(), k.method(), base, text);
        }
        match self.sign(base) {
            Ok(expected) => bool::from(expected.as_str().as_bytes().ct_eq(presented)),
            Err(_) => false,
        }
    }

    /// Checks a presented `oauth_signature` as it arrived (still percent- or
    /// form-encoded), decoding it as it is compared: no copy, and the time
    /// taken depends on the two lengths only, never on where they differ.
    /// An RSA key checks with its public half.
    ///
    /// ```
    /// use oauthsig_core::{BaseString, BaseStringUri, Part, SignatureMethod, SigningKey, Text};
    /// let key = SigningKey::new(SignatureMethod::Plaintext, "ja893SD9", "")?;
    /// let uri = BaseStringUri::parse("https://server.example.com/")?;
    /// let base = BaseString::new("POST", &uri, &[])?;
    /// assert!(key.verify(&base, &Text::percent("ja893SD9%26", Part::Header)?));
    /// # Ok::<(), oauthsig_core::Error>(())
    /// ```
    pub fn verify(&self, base: &BaseString<'_, '_>, presented: &Text<'_>) -> bool {
        // Irrefutable in a build whose only methods are RSA's.
        #[cfg(feature = "rsa")]
        #[allow(irrefutable_let_patterns)]
        if let Inner::Rsa(k) = &self.inner {
            return rsa::verify_presented(k.public_key(), k.method(), base, presented);
        }
        match self.sign(base) {
            Ok(expected) => ct_eq_decoded(expected.as_bytes(), presented),
            Err(_) => false,
        }
    }
}

/// The key text of the shared-secret methods (read only by them: a build
/// with none has no use for it).
#[derive(Clone, Copy)]
#[cfg_attr(
    not(any(
        feature = "hmac-sha1",
        feature = "hmac-sha256",
        feature = "hmac-sha512",
        feature = "plaintext"
    )),
    allow(dead_code)
)]
enum KeyText<'a> {
    /// §3.4.2, §3.4.4: `encode(consumer_secret) & encode(token_secret)`.
    Secrets(&'a str, &'a str),
    /// Octets given whole: a provider's deviation from §3.4.2
    /// ([`SigningKey::from_key_text`]), never built by the engine itself.
    Whole(&'a [u8]),
}

/// Writes the key text.
#[cfg(any(
    feature = "hmac-sha1",
    feature = "hmac-sha256",
    feature = "hmac-sha512",
    feature = "plaintext"
))]
fn write_key<S: Sink + ?Sized>(key: KeyText<'_>, out: &mut S) {
    use crate::encode::{self, Level};
    match key {
        KeyText::Secrets(consumer_secret, token_secret) => {
            encode::encode_into(consumer_secret.as_bytes(), Level::Once, out);
            out.put(b"&");
            encode::encode_into(token_secret.as_bytes(), Level::Once, out);
        }
        KeyText::Whole(octets) => out.put(octets),
    }
}

/// Bytes given as they are: a base string shown elsewhere.
pub(crate) struct Octets<'a>(&'a [u8]);

impl Render for Octets<'_> {
    fn write_to<S: Sink + ?Sized>(&self, out: &mut S) {
        out.put(self.0);
    }
}

/// Whether `presented` decodes to `expected`, in constant time with respect
/// to the content (the lengths, which an attacker knows, may show).
fn ct_eq_decoded(expected: &[u8], presented: &Text<'_>) -> bool {
    if let Some(wire) = presented.as_verbatim() {
        return bool::from(expected.ct_eq(wire.as_bytes()));
    }
    // Differences are OR-ed together without a branch on them, and only
    // the total goes through `subtle`'s optimization barrier: one barrier
    // per comparison instead of one per octet.
    let mut diff = 0u8;
    let mut n = 0;
    presented.decoded().for_each(|octet| {
        // Past the end of `expected` the lengths differ anyway; comparing
        // against zero keeps the loop's work the same for every octet.
        diff |= expected.get(n).copied().unwrap_or(0) ^ octet;
        n += 1;
    });
    bool::from(diff.ct_eq(&0)) && n == expected.len()
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("method", &self.method())
            .field("secret", &format_args!("<hidden>"))
            .finish()
    }
}

/// Longest HMAC signature text this build makes: base64 of its longest
/// tag (SHA-512's 64 bytes, 88 characters; SHA-256's 32, 44; SHA-1's 20,
/// 28). Every [`Signature`] carries this buffer, on the signing path's
/// stack: a build without the longer MACs does not pay for their room.
const MAC_TEXT: usize = if cfg!(feature = "hmac-sha512") {
    88
} else if cfg!(feature = "hmac-sha256") {
    44
} else {
    28
};

/// The longest signature text of any method: base64 of an 8192-bit RSA
/// signature. (PLAINTEXT's is the key text, up to [`PLAINTEXT_MAX_KEY`].)
pub const MAX_SIGNATURE_TEXT: usize = 1368;

/// A computed signature (base64 for HMAC and RSA, the key text for
/// PLAINTEXT), without heap except for RSA. `Debug` hides PLAINTEXT
/// signatures, which are the secrets.
#[derive(Clone)]
pub struct Signature<'k>(Repr<'k>);

#[derive(Clone)]
enum Repr<'k> {
    Mac {
        buf: [u8; MAC_TEXT],
        len: u8,
    },
    // Made only with `plaintext`; kept in every build for the lifetime.
    #[cfg_attr(not(feature = "plaintext"), allow(dead_code))]
    Plain(&'k str),
    #[cfg(feature = "rsa")]
    Rsa(alloc::string::String),
}

impl Signature<'_> {
    /// The base64 text of an HMAC tag (at most [`MAC_TEXT`] characters).
    #[cfg_attr(
        not(any(
            feature = "hmac-sha1",
            feature = "hmac-sha256",
            feature = "hmac-sha512"
        )),
        allow(dead_code)
    )]
    fn mac(tag: &[u8]) -> Self {
        let mut buf = [0u8; MAC_TEXT];
        let len = base64_into(tag, &mut buf);
        Signature(Repr::Mac {
            buf,
            len: len as u8,
        })
    }

    #[cfg(feature = "rsa")]
    fn rsa(octets: &[u8]) -> Self {
        use base64::Engine as _;
        Signature(Repr::Rsa(
            base64::engine::general_purpose::STANDARD.encode(octets),
        ))
    }

    /// The signature text's bytes (ASCII), for copying out without the
    /// UTF-8 check [`Signature::as_str`] makes.
    ///
    /// ```
    /// use oauthsig_core::{SignatureMethod, SigningKey};
    /// let key = SigningKey::new(SignatureMethod::HmacSha1, "cs", "")?;
    /// assert_eq!(key.sign_text(b"bs")?.as_bytes(), b"egQqG5AJep5sJ7anhXju1unge2I=");
    /// # Ok::<(), oauthsig_core::Error>(())
    /// ```
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Mac { buf, len } => buf.get(..usize::from(*len)).unwrap_or_default(),
            Repr::Plain(s) => s.as_bytes(),
            #[cfg(feature = "rsa")]
            Repr::Rsa(s) => s.as_bytes(),
        }
    }

    /// The signature text, as it goes into `oauth_signature` before encoding.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Base64 text is ASCII.
            Repr::Mac { .. } => core::str::from_utf8(self.as_bytes()).unwrap_or(""),
            Repr::Plain(s) => s,
            #[cfg(feature = "rsa")]
            Repr::Rsa(s) => s,
        }
    }
}

impl fmt::Display for Signature<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Signature<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Repr::Plain(_) => f.write_str("Signature(<hidden>)"),
            _ => write!(f, "Signature({:?})", self.as_str()),
        }
    }
}

impl PartialEq<str> for Signature<'_> {
    fn eq(&self, other: &str) -> bool {
        bool::from(self.as_str().as_bytes().ct_eq(other.as_bytes()))
    }
}

impl PartialEq<&str> for Signature<'_> {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

/// The standard base64 alphabet (RFC 4648 §4, RFC 2045 §6.8's, which
/// RFC 5849 §3.4.2 names).
const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 (RFC 4648 §4) with padding into `out`; returns the
/// length, or 0 when `out` is too short (never, for the digests here).
/// The MACs' and body hashes' own encoder (RSA signatures, on the heap,
/// use the `base64` crate): the tests hold it to that crate's answer.
pub(crate) fn base64_into(bytes: &[u8], out: &mut [u8]) -> usize {
    let needed = bytes.len().div_ceil(3) * 4;
    let Some(out) = out.get_mut(..needed) else {
        return 0;
    };
    for (group, text) in bytes.chunks(3).zip(out.chunks_exact_mut(4)) {
        let octet = |i: usize| group.get(i).map_or(0, |&b| u32::from(b));
        let bits = (octet(0) << 16) | (octet(1) << 8) | octet(2);
        // A group of n octets gives n + 1 characters, then `=` padding.
        for (k, slot) in text.iter_mut().enumerate() {
            *slot = if k <= group.len() {
                BASE64[(bits >> (18 - 6 * k)) as usize & 63]
            } else {
                b'='
            };
        }
    }
    needed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Part, Text};
    use proptest::prelude::*;
    use std::vec::Vec;

    /// A whole key text is the HMAC key as given, at every length (the
    /// short path and the hashed long one), for every HMAC method.
    #[cfg(all(
        feature = "hmac-sha1",
        feature = "hmac-sha256",
        feature = "hmac-sha512"
    ))]
    #[test]
    fn key_text_given_whole_is_the_mac_key() {
        use ::hmac::{KeyInit, Mac};
        use base64::Engine as _;
        fn mac<M: KeyInit + Mac>(key: &[u8]) -> std::string::String {
            let mut m = <M as KeyInit>::new_from_slice(key).unwrap();
            m.update(b"base string");
            base64::engine::general_purpose::STANDARD.encode(m.finalize().into_bytes())
        }
        for len in [0, 3, 64, 65, 128, 129, 300] {
            let key: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            let sign = |m| {
                let k = SigningKey::from_key_text(m, &key).unwrap();
                std::string::String::from(k.sign_text(b"base string").unwrap().as_str())
            };
            assert_eq!(
                sign(SignatureMethod::HmacSha1),
                mac::<::hmac::Hmac<sha1::Sha1>>(&key)
            );
            assert_eq!(
                sign(SignatureMethod::HmacSha256),
                mac::<::hmac::Hmac<sha2::Sha256>>(&key)
            );
            assert_eq!(
                sign(SignatureMethod::HmacSha512),
                mac::<::hmac::Hmac<sha2::Sha512>>(&key)
            );
        }
        for m in [SignatureMethod::Plaintext, SignatureMethod::RsaSha1] {
            assert!(matches!(
                SigningKey::from_key_text(m, b"k"),
                Err(Error::WrongKeyKind(_))
            ));
        }
    }

    proptest! {
        /// The streaming comparison answers exactly what decoding the text
        /// and comparing the octets answers, for every spelling.
        #[test]
        fn streaming_compare_matches_decode_then_compare(
            expected in "[a-zA-Z0-9+/=%]{0,12}",
            wire in "([a-zA-Z0-9+/=]|%2B|%2F|%3D|%2b|%25){0,12}",
            form: bool,
        ) {
            let text = if form { Text::form(&wire, Part::Header) } else { Text::percent(&wire, Part::Header) };
            let text = text.unwrap();
            let decoded: Vec<u8> = text.decoded().collect();
            prop_assert_eq!(ct_eq_decoded(expected.as_bytes(), &text), decoded == expected.as_bytes());
            // And a presented text equal to the expected one always matches.
            let same = Text::percent(&wire, Part::Header).unwrap();
            let same_decoded: Vec<u8> = same.decoded().collect();
            prop_assert!(ct_eq_decoded(&same_decoded, &same));
        }
    }

    #[test]
    fn streaming_compare_needs_equal_lengths() {
        let t = |s| Text::percent(s, Part::Header).unwrap();
        assert!(ct_eq_decoded(b"a/b=", &t("a%2Fb%3D")));
        assert!(!ct_eq_decoded(b"a/b", &t("a%2Fb%3D")));
        assert!(!ct_eq_decoded(b"a/b=\0", &t("a%2Fb%3D")));
        assert!(!ct_eq_decoded(b"a/b=", &t("a%2Fb%3D%00")));
        assert!(!ct_eq_decoded(b"", &t("%00")));
        assert!(ct_eq_decoded(b"", &t("")));
    }

    proptest! {
        /// The own encoder writes what the `base64` crate writes.
        #[test]
        fn base64_matches_the_base64_crate(bytes in prop::collection::vec(any::<u8>(), 0..80)) {
            use base64::Engine as _;
            let mut out = [0u8; 108];
            let n = base64_into(&bytes, &mut out);
            let want = base64::engine::general_purpose::STANDARD.encode(&bytes);
            prop_assert_eq!(&out[..n], want.as_bytes());
        }
    }

    #[test]
    fn base64_reports_a_short_buffer() {
        let mut out = [0u8; 27];
        assert_eq!(base64_into(&[0; 20], &mut out), 0);
        let mut out = [0u8; 28];
        assert_eq!(base64_into(&[0; 20], &mut out), 28);
    }
}
