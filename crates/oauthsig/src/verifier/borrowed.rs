//! What a verified request tells the application, borrowed from the
//! request: [`Verifier::verify_borrowed`](super::Verifier::verify_borrowed).
//!
//! Nothing is copied while verifying. The protocol values are slices of
//! the request (decoded into a `String` only when they carry escapes), and
//! the non-`oauth_` parameters are split and decoded again only when
//! [`VerifiedRef::parameters`] is read.

use super::lookup::CredentialQuery;
use super::parameters::Parameters;
use super::verified::Verified;
use oauthsig_core::params::query_of;
use oauthsig_core::verify::{Checked, Received};
use oauthsig_core::{Error, Param, Part, ProtocolParam, SignatureMethod, Source};
use std::borrow::Cow;
use std::fmt;

/// The protocol values the lookup, the nonce store and the results take as
/// text, and the realm: borrowed from the request unless they had escapes.
#[derive(Clone, Debug)]
pub(super) struct Protocol<'a> {
    /// Empty when absent (check 1 refuses such a request).
    pub(super) consumer_key: Cow<'a, str>,
    pub(super) token: Option<Cow<'a, str>>,
    pub(super) nonce: Option<Cow<'a, str>>,
    pub(super) callback: Option<Cow<'a, str>>,
    pub(super) verifier: Option<Cow<'a, str>>,
    pub(super) realm: Option<Cow<'a, str>>,
}

impl<'a> Protocol<'a> {
    /// The values of `received`, decoded: the end of step 0.
    ///
    /// # Errors
    /// [`Error::InvalidUtf8`] naming [`Part::Value`] (or [`Part::Realm`])
    /// and the offset, when one does not decode to UTF-8.
    pub(super) fn new<S: AsRef<[Param<'a>]>>(received: &Received<'a, S>) -> Result<Self, Error> {
        let value = |p: ProtocolParam| received.get(p).map(|t| t.to_str(Part::Value)).transpose();
        Ok(Protocol {
            consumer_key: value(ProtocolParam::ConsumerKey)?.unwrap_or_default(),
            token: value(ProtocolParam::Token)?,
            nonce: value(ProtocolParam::Nonce)?,
            callback: value(ProtocolParam::Callback)?,
            verifier: value(ProtocolParam::Verifier)?,
            realm: received
                .realm()
                .map(|r| r.to_str(Part::Realm))
                .transpose()?,
        })
    }

    /// What the lookup is asked (step 9).
    pub(super) fn query(&self, method: SignatureMethod) -> CredentialQuery<'_> {
        CredentialQuery {
            consumer_key: &self.consumer_key,
            token: self.token.as_deref(),
            method,
            realm: self.realm.as_deref(),
        }
    }
}

/// A request whose signature verified, with its nonce recorded, borrowing
/// its values from the [`IncomingRequest`](super::IncomingRequest).
#[derive(Clone)]
pub struct VerifiedRef<'r> {
    /// The URL, and the form body and header the non-`oauth_` parameters
    /// came from (each empty when none did).
    pub(super) url: &'r str,
    pub(super) body: &'r str,
    pub(super) header: &'r str,
    /// The `oauth_signature` as received: [`VerifiedRef::to_verified`]
    /// leaves it out of its copy.
    pub(super) signature: &'r str,
    pub(super) protocol: Protocol<'r>,
    pub(super) method: SignatureMethod,
    pub(super) timestamp: Option<u64>,
}

impl<'r> VerifiedRef<'r> {
    /// The result for `received`, which passed every check.
    pub(super) fn new<S: AsRef<[Param<'r>]>>(
        received: &Received<'r, S>,
        protocol: Protocol<'r>,
        checked: &Checked,
    ) -> Self {
        let incoming = received.incoming();
        // Reading the parameters parses the body and the header again only
        // when one of them came from it.
        let from = |source| {
            received
                .parameters()
                .iter()
                .any(|p| p.source == source && !p.is_protocol())
        };
        // The body has parameters only when it is a form, and then
        // `receive_in` refused it if it is not UTF-8.
        let body = match from(Source::Body) {
            true => std::str::from_utf8(incoming.body_bytes()).unwrap_or_default(),
            false => "",
        };
        let header = match from(Source::Header) {
            true => incoming.authorization_header().unwrap_or_default(),
            false => "",
        };
        let signature = received.get(ProtocolParam::Signature);
        VerifiedRef {
            url: incoming.url(),
            body,
            header,
            signature: signature.map(|t| t.as_wire()).unwrap_or_default(),
            protocol,
            method: checked.method,
            timestamp: checked.timestamp,
        }
    }

    /// The verified `oauth_consumer_key`.
    pub fn consumer_key(&self) -> &str {
        &self.protocol.consumer_key
    }

    /// The verified `oauth_token`, if the request had one.
    pub fn token(&self) -> Option<&str> {
        self.protocol.token.as_deref()
    }

    /// The signature method the request used.
    pub const fn signature_method(&self) -> SignatureMethod {
        self.method
    }

    /// The `oauth_timestamp` (absent only for PLAINTEXT requests without one).
    pub const fn timestamp(&self) -> Option<u64> {
        self.timestamp
    }

    /// The decoded `oauth_nonce` (absent only for PLAINTEXT requests without one).
    pub fn nonce(&self) -> Option<&str> {
        self.protocol.nonce.as_deref()
    }

    /// The `oauth_callback` (temporary-credential requests, §2.1).
    pub fn callback(&self) -> Option<&str> {
        self.protocol.callback.as_deref()
    }

    /// The `oauth_verifier` (token requests, §2.3): the application must
    /// still check it belongs to the temporary credentials.
    pub fn verifier(&self) -> Option<&str> {
        self.protocol.verifier.as_deref()
    }

    /// The `realm` of the `Authorization` header, if any (never signed).
    pub fn realm(&self) -> Option<&str> {
        self.protocol.realm.as_deref()
    }

    /// The non-`oauth_` parameters (query, then form body, then any the
    /// header carried), decoded as they are read, in the order received.
    /// Names may repeat.
    pub fn parameters(&self) -> Parameters<'r> {
        Parameters::new(query_of(self.url), self.body, self.header)
    }

    /// The value of the first non-`oauth_` parameter named `name`, as
    /// text: borrowed from the request unless it had escapes. Only its
    /// value is decoded.
    ///
    /// # Errors
    /// [`Error::InvalidUtf8`] with [`Part::Value`] and the offset in the
    /// decoded value, when the value is not UTF-8 (use
    /// [`VerifiedRef::parameter_bytes`] for its octets).
    pub fn parameter(&self, name: &str) -> Result<Option<Cow<'r, str>>, Error> {
        self.parameters().named(name).map(|p| p.value()).transpose()
    }

    /// The value of the first non-`oauth_` parameter named `name`, as
    /// octets: borrowed from the request unless it had escapes.
    pub fn parameter_bytes(&self, name: &str) -> Option<Cow<'r, [u8]>> {
        self.parameters().named(name).map(|p| p.value_bytes())
    }

    /// The same result, owned: for keeping it past the request. It holds a
    /// copy of the texts the parameters came from, less the
    /// `oauth_signature`.
    pub fn to_verified(&self) -> Verified {
        Verified::new(self)
    }
}

impl fmt::Debug for VerifiedRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifiedRef")
            .field("consumer_key", &self.consumer_key())
            .field("token", &self.token())
            .field("method", &self.method)
            .field("timestamp", &self.timestamp)
            .field("parameters", &self.parameters().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}
