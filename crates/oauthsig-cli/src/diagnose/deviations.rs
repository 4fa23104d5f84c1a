//! What some providers' servers do against RFC 5849 (the library's
//! `oauthsig::profile::Deviation`: PHP's natural sort order, sorting
//! before encoding, the legacy key without `&`), tried as mistakes. The
//! base string and the key are the library's
//! (`Request::signature_base_string_deviating`,
//! `Request::check_signature_deviating`), never rebuilt here.
//!
//! The order: the `--profile`'s deviations first, as the likeliest, then
//! the others, which other providers (or clients copying them) are known
//! for. [`ordered`] says which come before the usual client mistakes.

use super::{Held, Implied, Trial};
use crate::verify::Received;
use oauthsig::profile::{Deviation, Profile};
use oauthsig::{Consumer, Request, SignatureMethod, Token};

/// The deviations to try, in order, split at where the usual client
/// mistakes are tried: the profile's before them, the rest after.
pub fn ordered(profile: Option<&Profile>) -> (Vec<Deviation>, Vec<Deviation>) {
    let first: Vec<Deviation> = profile.map(|p| p.deviations().to_vec()).unwrap_or_default();
    let rest = Deviation::ALL
        .into_iter()
        .filter(|d| !first.contains(d))
        .collect();
    (first, rest)
}

/// How the report names a deviation: what the server (or a client doing
/// as it does) did differently.
pub fn described(deviation: Deviation) -> String {
    let what = match deviation {
        Deviation::LegacyKeyWithoutAmpersand => {
            "the key without `&`: the consumer secret alone (WooCommerce's legacy API v1/v2)"
        }
        Deviation::NaturalSortOrder => {
            "the parameters sorted in natural order (PHP strnatcmp, as Magento's Laminas OAuth) \
             instead of byte order"
        }
        Deviation::SortBeforeEncoding => {
            "the parameters sorted by their decoded names before encoding (WooCommerce's uksort) \
             instead of by their encoded form"
        }
        _ => "a known server deviation",
    };
    format!("{what} [deviation {}]", deviation.name())
}

/// The received request as the library's `Request`, which knows the
/// deviations: the same method, URL, headers and body.
pub fn library_request(received: &Received<'_>) -> Option<Request> {
    let incoming = received.incoming();
    let headers = [
        ("Authorization", incoming.authorization_header()),
        ("Content-Type", incoming.content_type_header()),
        ("Host", incoming.host_header()),
    ];
    let headers = headers
        .into_iter()
        .filter_map(|(name, value)| value.map(|v| (name, v)));
    Request::from_request(
        incoming.method(),
        incoming.url(),
        headers,
        incoming.body_bytes(),
        None,
    )
    .ok()
}

/// Whether the presented signature is what a server with `deviation`
/// computes: with the secrets, the library's check; with a public key, the
/// deviation's base string verified (a key deviation cannot apply to RSA).
pub fn reproduces(
    request: &Request,
    deviation: Deviation,
    method: SignatureMethod,
    held: &Held<'_>,
    presented: &[u8],
) -> Option<Implied> {
    let matched = match held {
        Held::Secrets(secrets) => {
            let consumer = Consumer::new("", secrets.consumer);
            let token = secrets.token.map(|t| Token::new("", t));
            request
                .check_signature_deviating(deviation, &consumer, token.as_ref())
                .unwrap_or(false)
        }
        Held::PublicKey(key) => {
            deviation.changes_base_string()
                && request
                    .signature_base_string_deviating(deviation)
                    .is_ok_and(|base| {
                        Trial::PublicKey(key).reproduces(method, base.as_bytes(), presented)
                    })
        }
    };
    let base_string = request.signature_base_string_deviating(deviation).ok()?;
    matched.then(|| Implied {
        mistake: described(deviation),
        base_string,
    })
}

/// The deviation whose base string is `theirs`, byte for byte, where it
/// differs from the RFC's (a deviation that changes nothing here explains
/// nothing).
pub fn explaining(request: &Request, deviations: &[Deviation], theirs: &str) -> Option<String> {
    let rfc = request.signature_base_string().ok()?;
    deviations
        .iter()
        .filter(|d| d.changes_base_string())
        .find(|&&d| {
            request
                .signature_base_string_deviating(d)
                .is_ok_and(|b| b == theirs && b != rfc)
        })
        .map(|&d| described(d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use oauthsig::profile::ProfileId;

    #[test]
    fn the_profile_s_deviations_come_first_and_none_is_left_out() {
        let magento = Profile::new(ProfileId::Magento);
        let (first, rest) = ordered(Some(&magento));
        assert_eq!(first, [Deviation::NaturalSortOrder]);
        assert_eq!(
            rest,
            [
                Deviation::LegacyKeyWithoutAmpersand,
                Deviation::SortBeforeEncoding
            ]
        );
        let (first, rest) = ordered(None);
        assert!(first.is_empty());
        assert_eq!(rest, Deviation::ALL);
        for d in Deviation::ALL {
            assert!(described(d).ends_with(&format!("[deviation {}]", d.name())));
        }
    }
}
