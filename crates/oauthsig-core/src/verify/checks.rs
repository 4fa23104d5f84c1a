//! The state-free checks of [RFC 5849 §3.2](https://www.rfc-editor.org/rfc/rfc5849#section-3.2),
//! one function each.

use super::collect::Received;
use super::rejection::Rejection;
use super::timestamp;
use crate::body::{BodyHashMatch, body_hash_accepted};
use crate::params::Param;
use crate::protocol::ProtocolParam;
use crate::signature::{SignatureMethod, SigningKey};
use core::ops::RangeInclusive;

/// Which bytes an `oauth_nonce` may contain.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NonceCharset {
    /// `A–Z a–z 0–9` (oauthlib's rule).
    Alphanumeric,
    /// RFC 3986 unreserved: alphanumerics and `-._~`.
    Unreserved,
    /// Visible ASCII, `!` to `~` (base64 and UUID nonces included); no
    /// space, control or non-ASCII bytes. The default.
    #[default]
    Printable,
}

impl NonceCharset {
    /// Whether `b` may appear in a nonce.
    pub const fn allows(self, b: u8) -> bool {
        match self {
            NonceCharset::Alphanumeric => b.is_ascii_alphanumeric(),
            NonceCharset::Unreserved => crate::encode::is_unreserved(b),
            NonceCharset::Printable => b.is_ascii_graphic(),
        }
    }
}

/// What a server accepts: the checks' configuration.
///
/// ```
/// use oauthsig_core::verify::{NonceCharset, Policy};
/// use oauthsig_core::SignatureMethod;
/// let methods = [SignatureMethod::HmacSha1, SignatureMethod::HmacSha256];
/// let policy = Policy::new(&methods).window(600).realm(Some("Photos")).nonce_charset(NonceCharset::Alphanumeric);
/// assert_eq!(policy.window_seconds(), 600);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy<'p> {
    methods: &'p [SignatureMethod],
    plaintext_over_http: bool,
    window: u64,
    realm: Option<&'p str>,
    nonce_length: RangeInclusive<usize>,
    nonce_charset: NonceCharset,
}

impl<'p> Policy<'p> {
    /// Accepts `methods` (there is no default method), PLAINTEXT only over
    /// https, timestamps within 300 s either way, any realm, nonces of 1 to
    /// 64 printable bytes.
    pub const fn new(methods: &'p [SignatureMethod]) -> Self {
        Policy {
            methods,
            plaintext_over_http: false,
            window: 300,
            realm: None,
            nonce_length: 1..=64,
            nonce_charset: NonceCharset::Printable,
        }
    }

    /// Accepts PLAINTEXT over plain http too (a loopback test, a private
    /// link); §3.4.4 requires TLS.
    #[must_use]
    pub const fn allow_plaintext_over_http(mut self, allow: bool) -> Self {
        self.plaintext_over_http = allow;
        self
    }

    /// How far, in seconds, `oauth_timestamp` may be from now, each way.
    #[must_use]
    pub const fn window(mut self, seconds: u64) -> Self {
        self.window = seconds;
        self
    }

    /// Requires the header `realm` to be this one.
    #[must_use]
    pub const fn realm(mut self, realm: Option<&'p str>) -> Self {
        self.realm = realm;
        self
    }

    /// Nonce length limits, in decoded bytes.
    #[must_use]
    pub const fn nonce_length(mut self, length: RangeInclusive<usize>) -> Self {
        self.nonce_length = length;
        self
    }

    /// Bytes a nonce may contain.
    #[must_use]
    pub const fn nonce_charset(mut self, charset: NonceCharset) -> Self {
        self.nonce_charset = charset;
        self
    }

    /// The window in seconds.
    pub const fn window_seconds(&self) -> u64 {
        self.window
    }

    /// The allowed methods.
    pub const fn methods(&self) -> &'p [SignatureMethod] {
        self.methods
    }
}

/// What [`Received::check`] established.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Checked {
    /// The signature method, known and allowed.
    pub method: SignatureMethod,
    /// The timestamp, within the window (absent only for PLAINTEXT).
    pub timestamp: Option<u64>,
}

/// What [`crate::verify::verify`] established.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Verdict {
    /// The signature method.
    pub method: SignatureMethod,
    /// The timestamp, within the window (absent only for PLAINTEXT).
    pub timestamp: Option<u64>,
    /// The hash `oauth_body_hash` matched, when the request carried one.
    pub body_hash: Option<BodyHashMatch>,
}

/// The timestamp `ts` is at most `window` seconds from `now`, either way.
///
/// ```
/// use oauthsig_core::verify::{check_timestamp_window, Rejection};
/// assert_eq!(check_timestamp_window(100, 500, 300), Err(Rejection::StaleTimestamp));
/// assert_eq!(check_timestamp_window(900, 500, 300), Err(Rejection::FutureTimestamp));
/// assert_eq!(check_timestamp_window(800, 500, 300), Ok(()));
/// ```
///
/// # Errors
/// [`Rejection::StaleTimestamp`] or [`Rejection::FutureTimestamp`].
pub const fn check_timestamp_window(ts: u64, now: u64, window: u64) -> Result<(), Rejection> {
    if ts.saturating_add(window) < now {
        Err(Rejection::StaleTimestamp)
    } else if ts > now.saturating_add(window) {
        Err(Rejection::FutureTimestamp)
    } else {
        Ok(())
    }
}

impl<'a, S: AsRef<[Param<'a>]>> Received<'a, S> {
    /// The checks that need neither a key nor server state, in order:
    /// required, once, one location, version, method, timestamp, nonce,
    /// realm. `now` is Unix seconds.
    ///
    /// # Errors
    /// The first failed check's [`Rejection`].
    pub fn check(&self, policy: &Policy<'_>, now: u64) -> Result<Checked, Rejection> {
        self.check_required()?;
        self.check_once()?;
        self.check_one_location()?;
        self.check_version()?;
        let method = self.signature_method()?;
        self.check_method_allowed(method, policy)?;
        let timestamp = self.timestamp()?;
        if let Some(ts) = timestamp {
            check_timestamp_window(ts, now, policy.window)?;
        }
        self.check_nonce(policy)?;
        self.check_realm(policy.realm)?;
        Ok(Checked { method, timestamp })
    }

    /// The protocol parameters this request must carry, in the order
    /// [`Received::check_required`] looks for them: `oauth_consumer_key`,
    /// `oauth_signature_method` and `oauth_signature`, and unless the method
    /// it names is PLAINTEXT (§3.4.4) `oauth_timestamp` and `oauth_nonce`
    /// (§3.1, §3.3).
    ///
    /// ```
    /// use oauthsig_core::verify::{receive, Incoming};
    /// let r = receive(&Incoming::new("GET", "https://h/")
    ///     .authorization(r#"OAuth oauth_signature_method="PLAINTEXT""#))?;
    /// assert_eq!(r.required().len(), 3);
    /// # Ok::<(), oauthsig_core::Error>(())
    /// ```
    pub fn required(&self) -> &'static [ProtocolParam] {
        const REQUIRED: [ProtocolParam; 5] = [
            ProtocolParam::ConsumerKey,
            ProtocolParam::SignatureMethod,
            ProtocolParam::Signature,
            ProtocolParam::Timestamp,
            ProtocolParam::Nonce,
        ];
        let plaintext = self
            .get(ProtocolParam::SignatureMethod)
            .is_some_and(|m| m.eq_decoded(b"PLAINTEXT"));
        if plaintext { &REQUIRED[..3] } else { &REQUIRED }
    }

    /// Every parameter of [`Received::required`] is present.
    ///
    /// # Errors
    /// [`Rejection::MissingParameter`] naming the first one missing.
    pub fn check_required(&self) -> Result<(), Rejection> {
        match self.required().iter().find(|&&p| self.get(p).is_none()) {
            Some(&missing) => Err(Rejection::MissingParameter(missing)),
            None => Ok(()),
        }
    }

    /// No protocol parameter appears twice, in one location or across
    /// locations (§3.1).
    ///
    /// # Errors
    /// [`Rejection::DuplicateParameter`] naming the first one repeated.
    pub fn check_once(&self) -> Result<(), Rejection> {
        match self.found.duplicate {
            Some(p) => Err(Rejection::DuplicateParameter(p)),
            None => Ok(()),
        }
    }

    /// Every `oauth_*` parameter comes from one location: header, query or
    /// form body (§3.5: the client uses one transmission method).
    ///
    /// # Errors
    /// [`Rejection::MixedLocations`] naming the first two.
    pub fn check_one_location(&self) -> Result<(), Rejection> {
        match self.found.mixed {
            Some((first, second)) => Err(Rejection::MixedLocations { first, second }),
            None => Ok(()),
        }
    }

    /// `oauth_version`, when present, is `1.0` (§3.1).
    ///
    /// # Errors
    /// [`Rejection::UnsupportedVersion`].
    pub fn check_version(&self) -> Result<(), Rejection> {
        match self.get(ProtocolParam::Version) {
            Some(v) if !v.eq_decoded(b"1.0") => Err(Rejection::UnsupportedVersion),
            _ => Ok(()),
        }
    }

    /// The method `oauth_signature_method` names exactly (names are case
    /// sensitive).
    ///
    /// # Errors
    /// [`Rejection::UnsupportedSignatureMethod`] when it is absent or no
    /// method this library implements.
    pub fn signature_method(&self) -> Result<SignatureMethod, Rejection> {
        self.get(ProtocolParam::SignatureMethod)
            .and_then(|t| {
                SignatureMethod::ALL
                    .into_iter()
                    .find(|m| t.eq_decoded(m.as_str().as_bytes()))
            })
            .ok_or(Rejection::UnsupportedSignatureMethod)
    }

    /// `method` is allowed, and PLAINTEXT only over https unless the policy
    /// says otherwise (§3.4.4).
    ///
    /// # Errors
    /// [`Rejection::SignatureMethodNotAllowed`], [`Rejection::PlaintextOverHttp`].
    pub fn check_method_allowed(
        &self,
        method: SignatureMethod,
        policy: &Policy<'_>,
    ) -> Result<(), Rejection> {
        if !policy.methods.contains(&method) {
            return Err(Rejection::SignatureMethodNotAllowed(method));
        }
        if method == SignatureMethod::Plaintext
            && !self.uri.is_https()
            && !policy.plaintext_over_http
        {
            return Err(Rejection::PlaintextOverHttp);
        }
        Ok(())
    }

    /// `oauth_timestamp` as a number, when present (§3.3).
    ///
    /// # Errors
    /// [`Rejection::InvalidTimestamp`] when it is not a positive integer.
    pub fn timestamp(&self) -> Result<Option<u64>, Rejection> {
        self.get(ProtocolParam::Timestamp)
            .map(|t| timestamp::parse(&t).ok_or(Rejection::InvalidTimestamp))
            .transpose()
    }

    /// `oauth_nonce`, when present, has a length and characters the policy
    /// allows.
    ///
    /// # Errors
    /// [`Rejection::InvalidNonce`].
    pub fn check_nonce(&self, policy: &Policy<'_>) -> Result<(), Rejection> {
        let Some(nonce) = self.get(ProtocolParam::Nonce) else {
            return Ok(());
        };
        let (len, allowed) = nonce.decoded().fold((0, true), |(n, ok), b| {
            (n + 1, ok && policy.nonce_charset.allows(b))
        });
        if allowed && policy.nonce_length.contains(&len) {
            Ok(())
        } else {
            Err(Rejection::InvalidNonce)
        }
    }

    /// The header `realm` is `required`, when one is.
    ///
    /// # Errors
    /// [`Rejection::WrongRealm`].
    pub fn check_realm(&self, required: Option<&str>) -> Result<(), Rejection> {
        match required {
            Some(r) if !self.realm.is_some_and(|t| t.eq_decoded(r.as_bytes())) => {
                Err(Rejection::WrongRealm)
            }
            _ => Ok(()),
        }
    }

    /// A presented `oauth_body_hash` is allowed and matches the body: never
    /// on a form-encoded request, else a hash [`body_hash_accepted`] takes
    /// for `method`.
    ///
    /// # Errors
    /// [`Rejection::BodyHashOnFormBody`], [`Rejection::BodyHashMismatch`].
    pub fn check_body_hash(
        &self,
        method: SignatureMethod,
    ) -> Result<Option<BodyHashMatch>, Rejection> {
        let Some(presented) = self.get(ProtocolParam::BodyHash) else {
            return Ok(None);
        };
        if self.is_form_encoded() {
            return Err(Rejection::BodyHashOnFormBody);
        }
        body_hash_accepted(&presented, self.incoming.body_bytes(), method)
            .map(Some)
            .ok_or(Rejection::BodyHashMismatch)
    }
}

/// What a request's signature is checked with (RFC 5849 §3.2, §3.4): the
/// shared secrets, prepared as a [`SigningKey`] for the request's method,
/// or the consumer's RSA public key (§3.4.3.2).
///
/// The kind must fit the method the request names: an RSA method is never
/// checked with secrets, nor an HMAC or PLAINTEXT one with a public key
/// (which would let anyone who knows the public key sign with it as an HMAC
/// secret).
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub enum Credential<'k> {
    /// Shared secrets, or an RSA private key (checked with its public half).
    Key(&'k SigningKey),
    /// An RSA public key.
    #[cfg(feature = "rsa")]
    RsaPublicKey(&'k crate::RsaPublicKey),
}

impl<'k> From<&'k SigningKey> for Credential<'k> {
    fn from(key: &'k SigningKey) -> Self {
        Credential::Key(key)
    }
}

#[cfg(feature = "rsa")]
impl<'k> From<&'k crate::RsaPublicKey> for Credential<'k> {
    fn from(key: &'k crate::RsaPublicKey) -> Self {
        Credential::RsaPublicKey(key)
    }
}

impl Credential<'_> {
    /// Whether the credential is of the kind `requested` signs with, and,
    /// for a prepared key, of that very method.
    ///
    /// # Errors
    /// [`Rejection::CredentialMismatch`] for the wrong kind (the client's
    /// choice), [`Rejection::KeyMethodMismatch`] for a key prepared for
    /// another method of the right kind (the server's).
    pub fn check_fits(&self, requested: SignatureMethod) -> Result<(), Rejection> {
        let (is_rsa, prepared) = match self {
            Credential::Key(key) => (key.method().is_rsa(), Some(key.method())),
            #[cfg(feature = "rsa")]
            Credential::RsaPublicKey(_) => (true, None),
        };
        if is_rsa != requested.is_rsa() {
            return Err(Rejection::CredentialMismatch { requested });
        }
        match prepared {
            Some(prepared) if prepared != requested => Err(Rejection::KeyMethodMismatch {
                requested,
                prepared,
            }),
            _ => Ok(()),
        }
    }
}

impl<'a, S: AsRef<[Param<'a>]> + AsMut<[Param<'a>]>> Received<'a, S> {
    /// `oauth_signature` is the request's signature under `credential`,
    /// which must fit the method the request names; secrets are compared
    /// in constant time.
    ///
    /// # Errors
    /// [`Rejection::MissingParameter`] without a signature or method,
    /// [`Rejection::UnsupportedSignatureMethod`],
    /// [`Rejection::CredentialMismatch`], [`Rejection::KeyMethodMismatch`],
    /// [`Rejection::BadSignature`].
    pub fn check_signature<'k>(
        &mut self,
        credential: impl Into<Credential<'k>>,
    ) -> Result<(), Rejection> {
        let credential = credential.into();
        let requested = self.signature_method()?;
        credential.check_fits(requested)?;
        let presented = self
            .get(ProtocolParam::Signature)
            .ok_or(Rejection::MissingParameter(ProtocolParam::Signature))?;
        let base = self.base_string();
        let good = match credential {
            Credential::Key(key) => key.verify(&base, &presented),
            #[cfg(feature = "rsa")]
            Credential::RsaPublicKey(key) => key.verify_presented(requested, &base, &presented),
        };
        if good {
            Ok(())
        } else {
            Err(Rejection::BadSignature)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::{Incoming, receive};

    const HEADER: &str = r#"OAuth oauth_consumer_key="k", oauth_signature_method="HMAC-SHA1", oauth_signature="s", oauth_timestamp="100", oauth_nonce="n""#;

    fn with(header: &str) -> Received<'_> {
        receive(&Incoming::new("GET", "http://h/").authorization(header)).unwrap()
    }

    #[test]
    fn required_depends_on_plaintext() {
        assert_eq!(with(HEADER).check_required(), Ok(()));
        let r = with(
            r#"OAuth oauth_consumer_key="k", oauth_signature_method="PLAINTEXT", oauth_signature="s""#,
        );
        assert_eq!(r.check_required(), Ok(()));
        assert_eq!(
            r.required(),
            [
                ProtocolParam::ConsumerKey,
                ProtocolParam::SignatureMethod,
                ProtocolParam::Signature
            ]
        );
        let r = with(
            r#"OAuth oauth_consumer_key="k", oauth_signature_method="HMAC-SHA1", oauth_signature="s""#,
        );
        assert_eq!(r.required().len(), 5);
        assert_eq!(
            r.check_required(),
            Err(Rejection::MissingParameter(ProtocolParam::Timestamp))
        );
    }

    #[test]
    fn policy_checks_in_order() {
        let methods = [SignatureMethod::HmacSha256];
        let r = with(HEADER);
        assert_eq!(
            r.check(&Policy::new(&methods), 100),
            Err(Rejection::SignatureMethodNotAllowed(
                SignatureMethod::HmacSha1
            ))
        );
        let methods = [SignatureMethod::HmacSha1];
        let policy = Policy::new(&methods);
        assert_eq!(r.check(&policy, 401), Err(Rejection::StaleTimestamp));
        let checked = r.check(&policy, 400).unwrap();
        assert_eq!(checked.timestamp, Some(100));
        let strict = policy.clone().nonce_length(2..=8);
        assert_eq!(r.check(&strict, 100), Err(Rejection::InvalidNonce));
        assert_eq!(
            r.check(&policy.realm(Some("x")), 100),
            Err(Rejection::WrongRealm)
        );
    }

    #[test]
    fn a_key_of_another_method_is_refused() {
        let mut r = with(HEADER);
        let key = SigningKey::new(SignatureMethod::HmacSha256, "a", "b").unwrap();
        assert_eq!(
            r.check_signature(&key),
            Err(Rejection::KeyMethodMismatch {
                requested: SignatureMethod::HmacSha1,
                prepared: SignatureMethod::HmacSha256
            })
        );
        let key = SigningKey::new(SignatureMethod::HmacSha1, "a", "b").unwrap();
        assert_eq!(r.check_signature(&key), Err(Rejection::BadSignature));
    }
}
