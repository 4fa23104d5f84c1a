//! What some providers' servers do against RFC 5849 when they check a
//! signature. None of it is ever a signing default: a [`Deviation`] is
//! applied only where it is named, to reproduce what such a server computes
//! (a diagnosis trying why a provider answers 401, or a client talking to
//! a server that cannot be fixed).

use crate::{Consumer, Error, Token};
use oauthsig_core::{Param, SignatureMethod, SigningKey};
use std::fmt;

/// A provider server's known departure from RFC 5849. The numbers are
/// stable (for the C ABI): never reused, never renumbered.
///
/// ```
/// use oauthsig::profile::{Deviation, Profile, ProfileId};
/// assert_eq!(Profile::new(ProfileId::Magento).deviations(), [Deviation::NaturalSortOrder]);
/// assert_eq!(Deviation::from_name("legacy-key-without-ampersand"), Some(Deviation::LegacyKeyWithoutAmpersand));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u32)]
#[non_exhaustive]
pub enum Deviation {
    /// The HMAC key is the consumer secret alone, as given, with no `&`
    /// and no token secret: WooCommerce's legacy REST API v1 and v2
    /// (`class-wc-api-authentication.php`; v3 and the WP REST API key with
    /// `consumer_secret&` as §3.4.2 says). A key deviation: the base string
    /// is the RFC's.
    LegacyKeyWithoutAmpersand = 1,
    /// Parameters sorted by encoded name in PHP's natural order
    /// (`strnatcmp`: runs of digits compared by value, so `keys[10]` after
    /// `keys[9]`, and zero-led runs as fractions, so `x01` before `x1`;
    /// held to the `php` command's answers), not by byte value (§3.4.1.3.2): Magento 1's Zend/Laminas
    /// OAuth server (`uksort($params, 'strnatcmp')`; OpenMage/magento-lts
    /// PR #721, magento/zf1 PR #34) and the `searchCriteria[...]` failures
    /// of Magento 2 (magento/magento2 #13961, #37913). Values of one name
    /// are ordered the same way.
    NaturalSortOrder = 2,
    /// Parameters sorted by their decoded names and values, byte by byte,
    /// before they are encoded (§3.4.1.3.2 sorts the encoded ones):
    /// WooCommerce's `uksort` on the raw keys
    /// (`class-wc-rest-authentication.php`; woocommerce/woocommerce #11223).
    /// It differs only where encoding changes the order (`a_b` and `a-b`
    /// against `a%2Cb`, say).
    SortBeforeEncoding = 3,
}

impl Deviation {
    /// Every deviation, in number order.
    pub const ALL: [Deviation; 3] = [
        Deviation::LegacyKeyWithoutAmpersand,
        Deviation::NaturalSortOrder,
        Deviation::SortBeforeEncoding,
    ];

    /// The deviation's name (kebab case).
    pub const fn name(self) -> &'static str {
        match self {
            Deviation::LegacyKeyWithoutAmpersand => "legacy-key-without-ampersand",
            Deviation::NaturalSortOrder => "natural-sort-order",
            Deviation::SortBeforeEncoding => "sort-before-encoding",
        }
    }

    /// The deviation named `name`.
    pub fn from_name(name: &str) -> Option<Deviation> {
        Deviation::ALL.into_iter().find(|d| d.name() == name)
    }

    /// The deviation numbered `n` (integers from C are converted, never
    /// transmuted).
    pub fn from_u32(n: u32) -> Option<Deviation> {
        Deviation::ALL.into_iter().find(|&d| d as u32 == n)
    }

    /// Whether the deviation changes the signature base string (else the
    /// key).
    pub const fn changes_base_string(self) -> bool {
        !matches!(self, Deviation::LegacyKeyWithoutAmpersand)
    }

    /// The signing key as a server with this deviation builds it: for a
    /// key deviation, that key; otherwise §3.4.2's
    /// ([`Consumer::signing_key`]).
    ///
    /// ```
    /// use oauthsig::profile::Deviation;
    /// use oauthsig::{Consumer, SignatureMethod};
    /// let consumer = Consumer::new("ck_1", "cs_2");
    /// let legacy = Deviation::LegacyKeyWithoutAmpersand.signing_key(SignatureMethod::HmacSha256, &consumer, None)?;
    /// let rfc = consumer.signing_key(SignatureMethod::HmacSha256, None)?;
    /// assert_ne!(legacy.sign_text(b"x")?.as_str(), rfc.sign_text(b"x")?.as_str());
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Consumer::signing_key`]; for the legacy key, `WrongKeyKind`
    /// for a method other than HMAC (the deviation is an HMAC key's).
    pub fn signing_key(
        self,
        method: SignatureMethod,
        consumer: &Consumer,
        token: Option<&Token>,
    ) -> Result<SigningKey, Error> {
        match self {
            Deviation::LegacyKeyWithoutAmpersand => Ok(SigningKey::from_key_text(
                method,
                consumer.secret().as_bytes(),
            )?),
            _ => consumer.signing_key(method, token),
        }
    }

    /// `params` in the order a server with this deviation signs them; the
    /// RFC's order (§3.4.1.3.2) for a key deviation.
    pub(crate) fn order(self, params: &mut [Param<'_>]) {
        match self {
            Deviation::NaturalSortOrder => params.sort_by(|a, b| {
                let (an, bn) = (a.name.encoded().to_string(), b.name.encoded().to_string());
                natural_cmp(an.as_bytes(), bn.as_bytes()).then_with(|| {
                    let (av, bv) = (a.value.encoded().to_string(), b.value.encoded().to_string());
                    natural_cmp(av.as_bytes(), bv.as_bytes())
                })
            }),
            Deviation::SortBeforeEncoding => params.sort_by(|a, b| {
                a.name
                    .decoded()
                    .cmp(b.name.decoded())
                    .then_with(|| a.value.decoded().cmp(b.value.decoded()))
            }),
            Deviation::LegacyKeyWithoutAmpersand => params.sort_by(|a, b| {
                a.name
                    .cmp_encoded(&b.name)
                    .then_with(|| a.value.cmp_encoded(&b.value))
            }),
        }
    }
}

impl fmt::Display for Deviation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

pub(crate) use super::natural::natural_cmp;

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering;

    #[test]
    fn natural_order_puts_ten_after_nine() {
        // OpenMage/magento-lts PR #721's example: the byte order puts
        // `[10]` between `[1]` and `[2]`, the natural order after `[9]`.
        let mut keys = [
            "keys[10]", "keys[2]", "keys[1]", "keys[9]", "keys[0]", "limit",
        ];
        keys.sort_by(|a, b| natural_cmp(a.as_bytes(), b.as_bytes()));
        assert_eq!(
            keys,
            [
                "keys[0]", "keys[1]", "keys[2]", "keys[9]", "keys[10]", "limit"
            ]
        );
        assert_eq!(natural_cmp(b"a", b"a1"), Ordering::Less);
        assert_eq!(
            natural_cmp(b"x99999999999999999999999", b"x100000000000000000000000"),
            Ordering::Less
        );
    }

    #[test]
    fn names_and_numbers_round_trip() {
        for d in Deviation::ALL {
            assert_eq!(Deviation::from_name(d.name()), Some(d));
            assert_eq!(Deviation::from_u32(d as u32), Some(d));
        }
        assert_eq!(Deviation::from_u32(0), None);
    }
}
