//! Signature methods, [RFC 5849 §3.4](https://www.rfc-editor.org/rfc/rfc5849#section-3.4):
//! HMAC-SHA1 (§3.4.2), PLAINTEXT (§3.4.4), and the widely deployed
//! HMAC-SHA256 extension (NetSuite, WooCommerce, …).
//!
//! A [`SigningKey`] is prepared once: the HMAC inner and outer states are
//! computed from `encode(consumer_secret) & encode(token_secret)` when the
//! key is made, so each signature costs only the hashing of its base string.

mod hmac;
mod plaintext;

use crate::base_string::BaseString;
use crate::error::Error;
use crate::sink::{Render as _, Sink as _};
use crate::text::Text;
use core::fmt;
use core::str::FromStr;
use subtle::ConstantTimeEq;

pub use plaintext::PLAINTEXT_MAX_KEY;

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
}

impl SignatureMethod {
    /// Every method, for iteration in tests and option lists.
    pub const ALL: [SignatureMethod; 3] = [
        SignatureMethod::HmacSha1,
        SignatureMethod::HmacSha256,
        SignatureMethod::Plaintext,
    ];

    /// The wire name, e.g. `"HMAC-SHA1"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            SignatureMethod::HmacSha1 => "HMAC-SHA1",
            SignatureMethod::HmacSha256 => "HMAC-SHA256",
            SignatureMethod::Plaintext => "PLAINTEXT",
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
// once and passed by reference, so the size is paid once, not per request.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
enum Inner {
    Sha1(hmac::Prepared<hmac::Sha1>),
    Sha256(hmac::Prepared<hmac::Sha256>),
    Plain(plaintext::Key),
}

impl SigningKey {
    /// Prepares the key `encode(consumer_secret) & encode(token_secret)`.
    /// Pass `""` for the token secret when there is no token.
    ///
    /// # Errors
    /// [`Error::SecretTooLong`] only for PLAINTEXT keys longer than
    /// [`PLAINTEXT_MAX_KEY`] encoded bytes; HMAC keys of any length work.
    pub fn new(
        method: SignatureMethod,
        consumer_secret: &str,
        token_secret: &str,
    ) -> Result<Self, Error> {
        let inner = match method {
            SignatureMethod::HmacSha1 => {
                Inner::Sha1(hmac::Prepared::new(consumer_secret, token_secret))
            }
            SignatureMethod::HmacSha256 => {
                Inner::Sha256(hmac::Prepared::new(consumer_secret, token_secret))
            }
            SignatureMethod::Plaintext => {
                Inner::Plain(plaintext::Key::new(consumer_secret, token_secret)?)
            }
        };
        Ok(SigningKey { inner })
    }

    /// The method this key signs with.
    pub const fn method(&self) -> SignatureMethod {
        match self.inner {
            Inner::Sha1(_) => SignatureMethod::HmacSha1,
            Inner::Sha256(_) => SignatureMethod::HmacSha256,
            Inner::Plain(_) => SignatureMethod::Plaintext,
        }
    }

    /// Signs a base string, streaming it into the MAC.
    ///
    /// ```
    /// use oauthsig_core::{BaseString, BaseStringUri, Param, SignatureMethod, SigningKey};
    /// let key = SigningKey::new(SignatureMethod::HmacSha1, "cs", "")?;
    /// let uri = BaseStringUri::parse("http://example.com/")?;
    /// let sig = key.sign(&BaseString::new("GET", &uri, &[Param::raw("n", "v")])?);
    /// assert_eq!(sig.as_str().len(), 28);
    /// # Ok::<(), oauthsig_core::Error>(())
    /// ```
    pub fn sign(&self, base: &BaseString<'_, '_>) -> Signature<'_> {
        match &self.inner {
            Inner::Sha1(k) => Signature::mac(k.sign(|s| base.write_to(s)).as_ref()),
            Inner::Sha256(k) => Signature::mac(k.sign(|s| base.write_to(s)).as_ref()),
            Inner::Plain(k) => Signature(Repr::Plain(k.as_str())),
        }
    }

    /// Signs base string text given as bytes, e.g. one a provider echoed in
    /// its 401 response, to check whether the disagreement is in the text or
    /// in the key.
    ///
    /// ```
    /// use oauthsig_core::{SignatureMethod, SigningKey};
    /// let key = SigningKey::new(SignatureMethod::HmacSha1, "cs", "")?;
    /// assert_eq!(key.sign_text(b"bs").as_str(), "egQqG5AJep5sJ7anhXju1unge2I=");
    /// # Ok::<(), oauthsig_core::Error>(())
    /// ```
    pub fn sign_text(&self, base_string: &[u8]) -> Signature<'_> {
        match &self.inner {
            Inner::Sha1(k) => Signature::mac(k.sign(|s| s.put(base_string)).as_ref()),
            Inner::Sha256(k) => Signature::mac(k.sign(|s| s.put(base_string)).as_ref()),
            Inner::Plain(k) => Signature(Repr::Plain(k.as_str())),
        }
    }

    /// Checks a presented signature (decoded, i.e. base64 text for HMAC) in
    /// constant time with respect to its content.
    pub fn verify_decoded(&self, base: &BaseString<'_, '_>, presented: &[u8]) -> bool {
        let expected = self.sign(base);
        bool::from(expected.as_str().as_bytes().ct_eq(presented))
    }

    /// Checks a presented `oauth_signature` as it arrived (still percent- or
    /// form-encoded), decoding it as it is compared: no copy, and the time
    /// taken depends on the two lengths only, never on where they differ.
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
        let expected = self.sign(base);
        ct_eq_decoded(expected.as_bytes(), presented)
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

/// Longest HMAC signature text: base64 of a SHA-256 tag.
const MAC_TEXT: usize = 44;

/// A computed signature (base64 for HMAC, the key text for PLAINTEXT), held
/// without heap. `Debug` hides PLAINTEXT signatures, which are the secrets.
#[derive(Clone, Copy)]
pub struct Signature<'k>(Repr<'k>);

#[derive(Clone, Copy)]
enum Repr<'k> {
    Mac { buf: [u8; MAC_TEXT], len: u8 },
    Plain(&'k str),
}

impl Signature<'_> {
    fn mac(tag: &[u8]) -> Self {
        let mut buf = [0u8; MAC_TEXT];
        let len = base64_into(tag, &mut buf);
        Signature(Repr::Mac {
            buf,
            len: len as u8,
        })
    }

    /// The signature text's bytes (ASCII), for copying out without the
    /// UTF-8 check [`Signature::as_str`] makes.
    ///
    /// ```
    /// use oauthsig_core::{SignatureMethod, SigningKey};
    /// let key = SigningKey::new(SignatureMethod::HmacSha1, "cs", "")?;
    /// assert_eq!(key.sign_text(b"bs").as_bytes(), b"egQqG5AJep5sJ7anhXju1unge2I=");
    /// # Ok::<(), oauthsig_core::Error>(())
    /// ```
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Mac { buf, len } => buf.get(..usize::from(*len)).unwrap_or_default(),
            Repr::Plain(s) => s.as_bytes(),
        }
    }

    /// The signature text, as it goes into `oauth_signature` before encoding.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Mac { buf, len } => core::str::from_utf8(&buf[..usize::from(*len)]).unwrap_or(""),
            Repr::Plain(s) => s,
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
            Repr::Mac { .. } => write!(f, "Signature({:?})", self.as_str()),
            Repr::Plain(_) => f.write_str("Signature(<hidden>)"),
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

/// Standard base64 (RFC 4648 §4) with padding into `out`; returns the
/// length, or 0 when `out` is too short (never, for the digests here).
pub(crate) fn base64_into(bytes: &[u8], out: &mut [u8]) -> usize {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .encode_slice(bytes, out)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Part, Text};
    use proptest::prelude::*;
    use std::vec::Vec;

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

    #[test]
    fn base64_reports_a_short_buffer() {
        let mut out = [0u8; 27];
        assert_eq!(base64_into(&[0; 20], &mut out), 0);
        let mut out = [0u8; 28];
        assert_eq!(base64_into(&[0; 20], &mut out), 28);
    }
}
