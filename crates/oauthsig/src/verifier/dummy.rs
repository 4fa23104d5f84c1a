//! The credentials unknown consumers and tokens are checked against, so a
//! request with an unknown key costs what one with a known key costs and
//! timing does not tell which keys exist (SECURITY.md; RFC 5849 §4.5 on
//! secrets, §3.2 on what the server verifies).
//!
//! A known key's cost depends on how the lookup answers: with secrets, the
//! verifier runs the method's key schedule on them for every request (and
//! its cost depends on their lengths: an HMAC key longer than the hash's
//! block is hashed first); with a prepared key, it does not. So the dummy
//! follows the lookup's last answer: after secrets, an unknown key gets a
//! key schedule of its own, on dummy secrets of the same lengths (the
//! token's only when the request names a token); after a prepared key, a
//! dummy prepared once. Until the lookup has answered once, the key
//! schedule runs on 30-character secrets (oauthlib's). RSA requests use a
//! fixed 2048-bit public key, the size of most.

use super::CredentialQuery;
use oauthsig_core::SigningKey;
use oauthsig_core::verify::Credential;
use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};

/// The longest dummy secret: longer secrets are rare, and past the hash's
/// block a key's schedule costs the same kind of work per byte.
const MAX_SECRET: usize = 256;
/// The lengths assumed before the lookup has answered secrets.
const FIRST_SHAPE: (usize, usize) = (30, 30);
/// [`Dummies::shape`]'s value after a prepared key.
const PREPARED: u64 = 0;

/// The dummy credentials of one verifier.
pub(super) struct Dummies {
    /// [`MAX_SECRET`] hex digits, random per verifier: no request
    /// verifies with them.
    secret: String,
    /// One key per shared-secret method, prepared from `secret`.
    prepared: Vec<SigningKey>,
    #[cfg(feature = "rsa")]
    rsa: Option<oauthsig_core::RsaPublicKey>,
    /// How the lookup last answered a known key: [`PREPARED`], or the
    /// lengths of the secrets it gave ([`pack`]).
    shape: AtomicU64,
}

/// Secrets' lengths, as [`Dummies::shape`] keeps them (never [`PREPARED`]).
fn pack(consumer: usize, token: usize) -> u64 {
    let clamp = |n: usize| n.min(MAX_SECRET) as u64;
    (1 << 63) | clamp(consumer) << 32 | clamp(token)
}

/// The lengths [`pack`] kept, or `None` for [`PREPARED`].
fn unpack(shape: u64) -> Option<(usize, usize)> {
    let len = |n: u64| usize::try_from(n & 0x7fff_ffff).unwrap_or(MAX_SECRET);
    (shape != PREPARED).then(|| (len(shape >> 32), len(shape)))
}

impl Dummies {
    /// Fresh dummies, with a random secret.
    pub(super) fn new() -> Self {
        let random = RandomState::new();
        let secret: String = (0..MAX_SECRET / 16)
            .map(|i| format!("{:016x}", random.hash_one(i)))
            .collect();
        let (cs, ts) = FIRST_SHAPE;
        let prepared = oauthsig_core::SignatureMethod::SHARED_SECRET
            .into_iter()
            .filter_map(|m| SigningKey::new(m, &secret[..cs], &secret[..ts]).ok())
            .collect();
        Dummies {
            secret,
            prepared,
            #[cfg(feature = "rsa")]
            rsa: rsa_key(),
            shape: AtomicU64::new(pack(FIRST_SHAPE.0, FIRST_SHAPE.1)),
        }
    }

    /// Notes that the lookup answered a known key with secrets of these
    /// lengths.
    pub(super) fn saw_secrets(&self, consumer_secret: &str, token_secret: &str) {
        self.note(pack(consumer_secret.len(), token_secret.len()));
    }

    /// Notes that the lookup answered a known key with a prepared key.
    pub(super) fn saw_prepared(&self) {
        self.note(PREPARED);
    }

    /// Written only when it changes, so verifiers on many threads do not
    /// contend for it.
    fn note(&self, shape: u64) {
        if self.shape.load(Ordering::Relaxed) != shape {
            self.shape.store(shape, Ordering::Relaxed);
        }
    }

    /// The dummy for `query`'s method (built in `built` when the lookup
    /// answers secrets), or `None` for a method this build lacks.
    pub(super) fn credential<'k>(
        &'k self,
        query: &CredentialQuery<'_>,
        built: &'k mut Option<SigningKey>,
    ) -> Option<Credential<'k>> {
        let method = query.signature_method();
        #[cfg(feature = "rsa")]
        if method.is_rsa() {
            return self.rsa.as_ref().map(Credential::RsaPublicKey);
        }
        if let Some((cs, ts)) = unpack(self.shape.load(Ordering::Relaxed)) {
            let ts = if query.token().is_some() { ts } else { 0 };
            let secret = |n: usize| self.secret.get(..n).unwrap_or_default();
            let key = SigningKey::new(method, secret(cs), secret(ts)).ok()?;
            return Some(Credential::Key(built.insert(key)));
        }
        self.prepared
            .iter()
            .find(|k| k.method() == method)
            .map(Credential::Key)
    }
}

/// The public key unknown RSA consumers are checked against: a fixed
/// 2048-bit key whose private half was discarded when it was made, so no
/// request verifies with it, and the check costs what a real key's costs.
#[cfg(feature = "rsa")]
fn rsa_key() -> Option<oauthsig_core::RsaPublicKey> {
    oauthsig_core::RsaPublicKey::from_pem(include_str!("dummy_rsa.pem")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use oauthsig_core::SignatureMethod;

    fn query(method: SignatureMethod, token: Option<&str>) -> CredentialQuery<'_> {
        CredentialQuery {
            consumer_key: "ck",
            token,
            method,
            realm: None,
        }
    }

    #[test]
    fn every_available_method_has_a_dummy_either_way() {
        let dummies = Dummies::new();
        for secrets in [true, false] {
            if secrets {
                dummies.saw_secrets("cs", "ts");
            } else {
                dummies.saw_prepared();
            }
            for m in SignatureMethod::ALL {
                let mut built = None;
                let got = dummies.credential(&query(m, Some("tk")), &mut built);
                assert_eq!(got.is_some(), m.is_available(), "{m} secrets={secrets}");
                // A key schedule of its own exactly when secrets are looked up.
                let scheduled = built.is_some();
                assert_eq!(scheduled, secrets && m.is_available() && !m.is_rsa(), "{m}");
            }
        }
    }

    /// PLAINTEXT's signature is the key text, so it shows the dummy
    /// secrets the verifier built for `query`.
    fn dummy_key_text(d: &Dummies, token: Option<&str>) -> String {
        let mut built = None;
        let q = query(SignatureMethod::Plaintext, token);
        assert!(d.credential(&q, &mut built).is_some());
        built.unwrap().sign_text(b"").unwrap().as_str().to_owned()
    }

    #[test]
    fn dummy_secrets_take_the_shape_of_the_last_known_ones() {
        let (a, b) = (Dummies::new(), Dummies::new());
        assert_eq!(a.secret.len(), MAX_SECRET);
        assert!(a.secret.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a.secret, b.secret);
        let s = &a.secret;
        // Before any answer: oauthlib's 30 characters each.
        assert_eq!(
            dummy_key_text(&a, Some("t")),
            format!("{}&{}", &s[..30], &s[..30])
        );
        a.saw_secrets(
            "12-character",
            "a 45-character token secret, as X hands out..",
        );
        assert_eq!(
            dummy_key_text(&a, Some("t")),
            format!("{}&{}", &s[..12], &s[..45])
        );
        // No token secret without a token, as a known consumer's.
        assert_eq!(dummy_key_text(&a, None), format!("{}&", &s[..12]));
        // Longer than any usual secret: clamped.
        a.saw_secrets(&"c".repeat(1000), "");
        assert_eq!(
            dummy_key_text(&a, Some("t")),
            format!("{}&", &s[..MAX_SECRET])
        );
    }
}
