//! Client credentials ([RFC 5849 §1.1](https://www.rfc-editor.org/rfc/rfc5849#section-1.1)):
//! the identifier and shared secret a server issues to a client, which the
//! RFC calls the client and python-oauth2 the consumer; or, for RSA-SHA1
//! (§3.4.3) and its SHA-256/512 variants, the identifier and the client's
//! RSA private key (feature `rsa`).

use crate::{Error, Token};
use oauthsig_core::{SignatureMethod, SigningKey};
use std::fmt;
use zeroize::Zeroizing;

/// A consumer (client): `oauth_consumer_key` and its shared secret.
///
/// The secret is wiped from memory when the consumer is dropped, and `Debug`
/// never shows it.
///
/// ```
/// use oauthsig::Consumer;
/// let consumer = Consumer::new("dpf43f3p2l4k3l03", "kd94hf93k423kf44");
/// assert_eq!(consumer.key(), "dpf43f3p2l4k3l03");
/// assert_eq!(format!("{consumer:?}"), r#"Consumer { key: "dpf43f3p2l4k3l03", secret: <hidden> }"#);
/// ```
#[derive(Clone)]
pub struct Consumer {
    key: String,
    secret: Zeroizing<String>,
    /// An RSA consumer signs with this key only: never with the (empty)
    /// secret.
    #[cfg(feature = "rsa")]
    rsa_key: Option<std::sync::Arc<oauthsig_core::RsaPrivateKey>>,
}

impl Consumer {
    /// A consumer with identifier `key` and shared secret `secret`.
    ///
    /// ```
    /// let consumer = oauthsig::Consumer::new("key", "secret");
    /// assert_eq!(consumer.secret(), "secret");
    /// ```
    pub fn new(key: &str, secret: &str) -> Self {
        Consumer {
            key: key.to_owned(),
            secret: Zeroizing::new(secret.to_owned()),
            #[cfg(feature = "rsa")]
            rsa_key: None,
        }
    }

    /// A consumer that signs with an RSA private key (RSA-SHA1, §3.4.3, or
    /// RSA-SHA256/512): Jira, Confluence and Bitbucket Data Center's
    /// application links, Mastercard. It has no shared secret, and refuses
    /// the HMAC and PLAINTEXT methods.
    ///
    /// ```
    /// use oauthsig::{Consumer, RsaPrivateKey, SignatureMethod};
    /// let pem = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/keys/rsa2048.pkcs8.pem"))?;
    /// let consumer = Consumer::rsa("jira-consumer", RsaPrivateKey::parse(&pem)?);
    /// assert_eq!(consumer.signing_key(SignatureMethod::RsaSha1, None)?.method(), SignatureMethod::RsaSha1);
    /// assert!(consumer.signing_key(SignatureMethod::HmacSha1, None).is_err());
    /// assert_eq!(format!("{consumer:?}"), r#"Consumer { key: "jira-consumer", rsa_key: RsaPrivateKey { bits: 2048, .. } }"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "rsa")]
    pub fn rsa(key: &str, private_key: oauthsig_core::RsaPrivateKey) -> Self {
        Consumer {
            key: key.to_owned(),
            secret: Zeroizing::new(String::new()),
            rsa_key: Some(std::sync::Arc::new(private_key)),
        }
    }

    /// The RSA private key, for a consumer made with [`Consumer::rsa`].
    #[cfg(feature = "rsa")]
    pub fn rsa_key(&self) -> Option<&oauthsig_core::RsaPrivateKey> {
        self.rsa_key.as_deref()
    }

    /// The `oauth_consumer_key` value.
    ///
    /// ```
    /// assert_eq!(oauthsig::Consumer::new("key", "secret").key(), "key");
    /// ```
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The shared secret.
    ///
    /// ```
    /// assert_eq!(oauthsig::Consumer::new("key", "secret").secret(), "secret");
    /// ```
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// The prepared signing key for this consumer and, when given, `token`
    /// (§3.4.2: `encode(consumer secret) & encode(token secret)`). Prepare it
    /// once and sign many requests with [`crate::Request::sign_with_key`].
    ///
    /// ```
    /// use oauthsig::{Consumer, SignatureMethod, Token};
    /// let consumer = Consumer::new("key", "kd94hf93k423kf44");
    /// let token = Token::new("nnch734d00sl2jdk", "pfkkdhi9sl3r4s00");
    /// let key = consumer.signing_key(SignatureMethod::HmacSha1, Some(&token))?;
    /// assert_eq!(key.method(), SignatureMethod::HmacSha1);
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// An RSA method takes the consumer's RSA private key, and the token
    /// secret plays no part (§3.4.3).
    ///
    /// # Errors
    /// [`Error::Core`] with `SecretTooLong` for a PLAINTEXT key beyond the
    /// protocol layer's fixed size; with `WrongKeyKind` for an RSA method
    /// and a consumer with a secret, or the reverse.
    pub fn signing_key(
        &self,
        method: SignatureMethod,
        token: Option<&Token>,
    ) -> Result<SigningKey, Error> {
        #[cfg(feature = "rsa")]
        if let Some(rsa_key) = &self.rsa_key {
            return Ok(SigningKey::rsa(method, rsa_key)?);
        }
        let token_secret = token.map_or("", Token::secret);
        Ok(SigningKey::new(method, &self.secret, token_secret)?)
    }
}

impl fmt::Debug for Consumer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        #[cfg(feature = "rsa")]
        if let Some(rsa_key) = &self.rsa_key {
            return f
                .debug_struct("Consumer")
                .field("key", &self.key)
                .field("rsa_key", rsa_key)
                .finish();
        }
        f.debug_struct("Consumer")
            .field("key", &self.key)
            .field("secret", &format_args!("<hidden>"))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_secret() {
        let c = Consumer::new("ck", "s3cr3t-value");
        assert!(!format!("{c:?}").contains("s3cr3t-value"));
        assert!(!format!("{c:#?}").contains("s3cr3t-value"));
    }

    #[test]
    fn signing_key_uses_both_secrets() {
        use oauthsig_core::{BaseString, BaseStringUri};
        let c = Consumer::new("ck", "kd94hf93k423kf44");
        let t = Token::new("tk", "pfkkdhi9sl3r4s00");
        let uri = BaseStringUri::parse("http://example.com/").unwrap();
        let base = BaseString::new("GET", &uri, &[]).unwrap();
        let with = c.signing_key(SignatureMethod::HmacSha1, Some(&t)).unwrap();
        let direct = SigningKey::new(
            SignatureMethod::HmacSha1,
            "kd94hf93k423kf44",
            "pfkkdhi9sl3r4s00",
        )
        .unwrap();
        assert_eq!(
            with.sign(&base).unwrap().as_str(),
            direct.sign(&base).unwrap().as_str()
        );
        let without = c.signing_key(SignatureMethod::Plaintext, None).unwrap();
        assert_eq!(without.sign(&base).unwrap().as_str(), "kd94hf93k423kf44&");
    }
}
