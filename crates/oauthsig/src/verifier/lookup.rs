//! Finding the secrets for a request: the application's side of
//! [RFC 5849 §3.2](https://www.rfc-editor.org/rfc/rfc5849#section-3.2)
//! ("verify … the client credentials … and, if present, the token").

use oauthsig_core::{SignatureMethod, SigningKey};
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// What the verifier asks the application: the credentials named by a
/// request that passed every cheap check.
///
/// The values are decoded. When a token is present the lookup must check it
/// was issued to *this* consumer (and is of the right kind for the endpoint:
/// an access token for a protected resource, a temporary one at the token
/// endpoint), answering [`LookupError::UnknownToken`] otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CredentialQuery<'a> {
    pub(super) consumer_key: &'a str,
    pub(super) token: Option<&'a str>,
    pub(super) method: SignatureMethod,
    pub(super) realm: Option<&'a str>,
}

impl<'a> CredentialQuery<'a> {
    /// The `oauth_consumer_key`.
    pub const fn consumer_key(&self) -> &'a str {
        self.consumer_key
    }

    /// The `oauth_token`, when the request has one.
    pub const fn token(&self) -> Option<&'a str> {
        self.token
    }

    /// The signature method: a prepared key must be prepared for it.
    pub const fn signature_method(&self) -> SignatureMethod {
        self.method
    }

    /// The `realm` of the `Authorization` header, if any (never signed).
    pub const fn realm(&self) -> Option<&'a str> {
        self.realm
    }
}

/// The secrets for one (consumer, token) pair, as the lookup has them.
///
/// Return [`Credentials::secrets`] when secrets come from a database, or a
/// prepared [`SigningKey`] (borrowed from the lookup, or shared through an
/// `Arc` with a cache) when the server keeps keys: a prepared key skips the
/// HMAC key schedule on every request. A prepared key must be for the
/// query's signature method.
///
/// `Debug` never shows secret material.
///
/// ```
/// use oauthsig::verifier::Credentials;
/// use oauthsig_core::{SignatureMethod, SigningKey};
/// use std::sync::Arc;
/// let from_db = Credentials::secrets("kd94hf93k423kf44".to_owned(), "pfkkdhi9sl3r4s00".to_owned());
/// let cached = Credentials::from(Arc::new(SigningKey::new(SignatureMethod::HmacSha1, "kd94hf93k423kf44", "")?));
/// assert_eq!(format!("{from_db:?}"), "Credentials::Secrets(<hidden>)");
/// # drop(cached);
/// # Ok::<(), oauthsig_core::Error>(())
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub enum Credentials<'a> {
    /// The consumer secret and the token secret (`""` when there is no token).
    Secrets {
        /// The consumer secret.
        consumer_secret: Cow<'a, str>,
        /// The token secret, `""` without a token.
        token_secret: Cow<'a, str>,
    },
    /// A key prepared from both secrets for the query's signature method,
    /// borrowed from the lookup.
    Prepared(&'a SigningKey),
    /// A prepared key shared with a cache.
    Shared(Arc<SigningKey>),
    /// The consumer's RSA public key (or its certificate's), for RSA-SHA1
    /// (§3.4.3) and RSA-SHA256/512 requests; the token, when there is one,
    /// must still be looked up and valid, though its secret is not used.
    #[cfg(feature = "rsa")]
    RsaPublicKey(Arc<oauthsig_core::RsaPublicKey>),
}

impl<'a> Credentials<'a> {
    /// The two secrets (pass `""` as `token_secret` without a token).
    pub fn secrets(
        consumer_secret: impl Into<Cow<'a, str>>,
        token_secret: impl Into<Cow<'a, str>>,
    ) -> Self {
        Credentials::Secrets {
            consumer_secret: consumer_secret.into(),
            token_secret: token_secret.into(),
        }
    }

    /// A borrowed prepared key (e.g. from a map the lookup owns).
    pub fn prepared(key: &'a SigningKey) -> Self {
        Credentials::Prepared(key)
    }
}

#[cfg(feature = "rsa")]
impl From<Arc<oauthsig_core::RsaPublicKey>> for Credentials<'_> {
    fn from(key: Arc<oauthsig_core::RsaPublicKey>) -> Self {
        Credentials::RsaPublicKey(key)
    }
}

#[cfg(feature = "rsa")]
impl From<oauthsig_core::RsaPublicKey> for Credentials<'_> {
    fn from(key: oauthsig_core::RsaPublicKey) -> Self {
        Credentials::RsaPublicKey(Arc::new(key))
    }
}

impl From<Arc<SigningKey>> for Credentials<'_> {
    fn from(key: Arc<SigningKey>) -> Self {
        Credentials::Shared(key)
    }
}

impl fmt::Debug for Credentials<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::Secrets { .. } => f.write_str("Credentials::Secrets(<hidden>)"),
            Credentials::Prepared(k) => write!(f, "Credentials::Prepared({k:?})"),
            Credentials::Shared(k) => write!(f, "Credentials::Shared({:?})", k.as_ref()),
            #[cfg(feature = "rsa")]
            Credentials::RsaPublicKey(k) => {
                write!(f, "Credentials::RsaPublicKey({:?})", k.as_ref())
            }
        }
    }
}

/// Why a lookup found no credentials.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LookupError {
    /// No such consumer key (or it is disabled).
    UnknownConsumer,
    /// The consumer exists, but the token does not, was not issued to this
    /// consumer, expired, or is the wrong kind for this endpoint.
    UnknownToken,
    /// The credential backend failed; the request is refused with 503
    /// (log the cause before returning this).
    Unavailable,
}

impl fmt::Display for LookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LookupError::UnknownConsumer => "unknown consumer",
            LookupError::UnknownToken => "unknown token",
            LookupError::Unavailable => "credential lookup unavailable",
        })
    }
}

impl std::error::Error for LookupError {}

/// Maps a request's consumer key and token to their secrets.
///
/// Synchronous, called once per request that passed the cheap checks.
/// Closures `Fn(&CredentialQuery<'_>) -> Result<Credentials<'static>, LookupError>`
/// implement it; implement it on a type to return keys borrowed from it.
///
/// Lookups should take about the same time whether or not the key exists:
/// the verifier already hides existence in its own work (an unknown key is
/// carried through the signature check with a dummy key that costs what
/// this lookup's answers cost: a key schedule on secrets of the same
/// lengths when it answers secrets, none when it answers prepared keys;
/// the unknown key is reported only at the end), but it cannot hide a
/// lookup that is fast for unknown keys and slow for known ones.
///
/// ```
/// use oauthsig::verifier::{CredentialLookup, CredentialQuery, Credentials, LookupError};
/// use oauthsig_core::{SignatureMethod, SigningKey};
/// use std::collections::HashMap;
///
/// /// Keys prepared once per consumer (two-legged: no tokens).
/// struct Consumers(HashMap<String, SigningKey>);
///
/// impl CredentialLookup for Consumers {
///     fn credentials(&self, q: &CredentialQuery<'_>) -> Result<Credentials<'_>, LookupError> {
///         if q.token().is_some() {
///             return Err(LookupError::UnknownToken);
///         }
///         self.0.get(q.consumer_key())
///             .filter(|k| k.method() == q.signature_method())
///             .map(Credentials::prepared)
///             .ok_or(LookupError::UnknownConsumer)
///     }
/// }
///
/// let mut map = HashMap::new();
/// map.insert("ck".to_owned(), SigningKey::new(SignatureMethod::HmacSha1, "cs", "")?);
/// let lookup = Consumers(map);
/// # let _ = &lookup;
///
/// // Or a closure:
/// let closure = |q: &CredentialQuery<'_>| match q.consumer_key() {
///     "ck" => Ok(Credentials::secrets("cs", "")),
///     _ => Err(LookupError::UnknownConsumer),
/// };
/// # let _ = &closure;
/// # Ok::<(), oauthsig_core::Error>(())
/// ```
pub trait CredentialLookup {
    /// The credentials for `query`, or why there are none.
    ///
    /// # Errors
    /// [`LookupError`] naming what is unknown.
    fn credentials(&self, query: &CredentialQuery<'_>) -> Result<Credentials<'_>, LookupError>;
}

impl<F> CredentialLookup for F
where
    F: Fn(&CredentialQuery<'_>) -> Result<Credentials<'static>, LookupError>,
{
    fn credentials(&self, query: &CredentialQuery<'_>) -> Result<Credentials<'_>, LookupError> {
        self(query)
    }
}
