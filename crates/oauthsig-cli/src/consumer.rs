//! The consumer (and token) the options describe, as the library's reqwest
//! adapter takes them (`oauthsig::reqwest::OAuth1`): the shared secrets, or
//! for RSA-SHA1/256/512 the `--private-key` file (RFC 5849 §3.4.3, which
//! uses no secret). The adapter signs; this module only picks the
//! credential the method needs, as `sign` does, and says how `--verbose`
//! shows it.

use crate::cli::PrivateKeyArgs;
use crate::credentials::Credentials;
use crate::error::Error;
use crate::keys;
use crate::output::KeyKind;
use oauthsig::reqwest::OAuth1;
use oauthsig::{Consumer, SignatureMethod, Token};

/// Who signs: the consumer, its token if any, and the key as shown.
pub struct Signer<'a> {
    consumer: Consumer,
    token: Option<Token>,
    method: SignatureMethod,
    /// The key as `--verbose` shows it (secrets as lengths by default).
    pub shown: KeyKind<'a>,
}

/// Whether the signer carries the token credentials of the options.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WithToken {
    /// `request`, `get`: the token and its secret, when given.
    IfGiven,
    /// `authorize`: none; the flow obtains one.
    Never,
}

impl<'a> Signer<'a> {
    /// The credential `method` signs with: the consumer secret (and token
    /// secret), or the RSA private key alone. A credential of the other
    /// kind is a usage error, never ignored.
    pub fn of(
        method: SignatureMethod,
        creds: &'a Credentials,
        key: &'a PrivateKeyArgs,
        show_secrets: bool,
        with_token: WithToken,
    ) -> Result<Self, Error> {
        let consumer_key = &creds.require_consumer_key()?.value;
        let pair = match with_token {
            WithToken::IfGiven => creds.token_pair()?,
            WithToken::Never => None,
        };
        let token = pair.map(|(t, s)| Token::new(&t.value, &s.value));
        let (consumer, shown) = match (&key.private_key, method.is_rsa()) {
            (Some(_), false) => {
                return Err(Error::new(format!(
                    "--private-key signs RSA-SHA1, RSA-SHA256 or RSA-SHA512 requests, but the \
                     signature method is {method}; give --signature-method RSA-SHA1 (or \
                     RSA-SHA256, RSA-SHA512)"
                )));
            }
            (None, true) => {
                return Err(Error::new(format!(
                    "{method} signs with the consumer's RSA private key: give --private-key FILE"
                )));
            }
            (Some(path), true) => {
                let file = keys::read_private(path, key.passphrase_file.as_deref())?;
                let shown = KeyKind::Rsa {
                    public: false,
                    bits: file.bits,
                    flag: "--private-key",
                    path,
                };
                (Consumer::rsa(consumer_key, file.key), shown)
            }
            (None, false) => {
                let secret = creds.require_consumer_secret()?;
                let shown = KeyKind::Secrets {
                    consumer_secret: secret,
                    token_secret: pair.map(|(_, s)| s),
                    show_secrets,
                };
                (Consumer::new(consumer_key, &secret.value), shown)
            }
        };
        Ok(Signer {
            consumer,
            token,
            method,
            shown,
        })
    }

    /// The adapter's configuration: consumer, token, method; the caller
    /// adds placement, callback, verifier.
    pub fn oauth1(&self) -> OAuth1 {
        let oauth = OAuth1::new(self.consumer.clone()).signature_method(self.method);
        match &self.token {
            Some(token) => oauth.token(token.clone()),
            None => oauth,
        }
    }

    /// The signature method.
    pub fn method(&self) -> SignatureMethod {
        self.method
    }

    /// The consumer key.
    pub fn consumer_key(&self) -> &str {
        self.consumer.key()
    }

    /// The consumer secret, for a credentials file (none for RSA).
    pub fn consumer_secret(&self) -> Option<&str> {
        self.consumer
            .rsa_key()
            .is_none()
            .then(|| self.consumer.secret())
    }
}
