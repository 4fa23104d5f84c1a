//! What a verified request tells the application, borrowed from the
//! request: [`Verifier::verify_borrowed`](super::Verifier::verify_borrowed).
//!
//! Nothing is copied while verifying. The protocol values are slices of
//! the request (decoded into a `String` only when they carry escapes), and
//! the non-`oauth_` parameters are split and decoded again only when
//! [`VerifiedRef::parameters`] is read: octets, as in [`Verified`], and
//! text where they are UTF-8.

use super::outcome::Protocol;
use super::verified::{Arena, DebugOctets, HEAD, Verified};
use oauthsig_core::header::{AuthParams, parse_authorization};
use oauthsig_core::params::{Pairs, pairs, query_of};
use oauthsig_core::{Error, Param, Part, SignatureMethod, Source, Spelling, Text};
use std::borrow::Cow;
use std::fmt;
use std::iter::FusedIterator;

/// A request whose signature verified, with its nonce recorded, borrowing
/// its values from the [`IncomingRequest`](super::IncomingRequest).
#[derive(Clone)]
pub struct VerifiedRef<'r> {
    /// The URL, the form body and the header the non-`oauth_` parameters
    /// came from (the body only when it is a form, the header only when it
    /// carried one).
    pub(super) url: &'r str,
    pub(super) body: &'r str,
    pub(super) header: &'r str,
    pub(super) protocol: Protocol<'r>,
    pub(super) method: SignatureMethod,
    pub(super) timestamp: Option<u64>,
}

impl<'r> VerifiedRef<'r> {
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
    pub fn parameters(&self) -> BorrowedParameters<'r> {
        BorrowedParameters {
            query: pairs(query_of(self.url), Part::Query),
            body: pairs(self.body, Part::Body),
            header: parse_authorization(self.header).ok(),
        }
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
        self.find(name).map(|p| p.value()).transpose()
    }

    /// The value of the first non-`oauth_` parameter named `name`, as
    /// octets: borrowed from the request unless it had escapes.
    pub fn parameter_bytes(&self, name: &str) -> Option<Cow<'r, [u8]>> {
        self.find(name).map(|p| p.value_bytes())
    }

    fn find(&self, name: &str) -> Option<BorrowedParameter<'r>> {
        self.parameters()
            .find(|p| p.0.name.eq_decoded(name.as_bytes()))
    }

    /// The same result, owned: for keeping it past the request.
    pub fn to_verified(&self) -> Verified {
        let count = self.parameters().count();
        let wire = self.url.len() + self.body.len() + self.header.len();
        let mut arena = Arena::with_capacity(wire + count * HEAD + self.protocol.len());
        for BorrowedParameter(p) in self.parameters() {
            arena.push_param(&p);
        }
        let spans = self.protocol.to_spans(&mut arena, count);
        Verified {
            octets: arena.finish(),
            spans,
            method: self.method,
            timestamp: self.timestamp,
        }
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

/// A non-`oauth_` parameter of a [`VerifiedRef`], borrowed from the
/// request and decoded as it is read: octets, and text where they are
/// UTF-8.
///
/// ```
/// use oauthsig::verifier::{Credentials, CredentialQuery, IncomingRequest, LookupError, Verifier};
/// use oauthsig_core::{SignatureMethod, Source};
/// use std::borrow::Cow;
///
/// let verifier = Verifier::builder().allow(SignatureMethod::Plaintext).build()?;
/// let req = IncomingRequest::new("POST", "https://example.com/")
///     .authorization(r#"OAuth oauth_consumer_key="k", oauth_signature_method="PLAINTEXT", oauth_signature="s%26""#)
///     .content_type("application/x-www-form-urlencoded")
///     .body(b"tag=plain&city=Mal%E9");
/// let lookup = |_: &CredentialQuery<'_>| -> Result<Credentials<'static>, LookupError> {
///     Ok(Credentials::secrets("s", ""))
/// };
/// let ok = verifier.verify_borrowed(&req, &lookup)?;
/// let mut params = ok.parameters();
/// let tag = params.next().unwrap();
/// // Without escapes, text is borrowed from the request.
/// assert!(matches!(tag.value()?, Cow::Borrowed("plain")));
/// assert_eq!(tag.source(), Source::Body);
/// let city = params.next().unwrap();
/// assert_eq!(&*city.value_bytes(), b"Mal\xe9");
/// assert!(city.value().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy)]
pub struct BorrowedParameter<'r>(Param<'r>);

impl<'r> BorrowedParameter<'r> {
    /// The name, as text.
    ///
    /// # Errors
    /// [`Error::InvalidUtf8`] with [`Part::Name`] and the offset in the
    /// decoded name.
    pub fn name(&self) -> Result<Cow<'r, str>, Error> {
        self.0.name.to_str(Part::Name)
    }

    /// The value, as text.
    ///
    /// # Errors
    /// [`Error::InvalidUtf8`] with [`Part::Value`] and the offset in the
    /// decoded value.
    pub fn value(&self) -> Result<Cow<'r, str>, Error> {
        self.0.value.to_str(Part::Value)
    }

    /// The decoded name's octets.
    pub fn name_bytes(&self) -> Cow<'r, [u8]> {
        octets(&self.0.name)
    }

    /// The decoded value's octets.
    pub fn value_bytes(&self) -> Cow<'r, [u8]> {
        octets(&self.0.value)
    }

    /// Where the parameter was: the query, the form body or the header.
    pub const fn source(&self) -> Source {
        self.0.source
    }
}

/// The decoded octets of `text`, borrowed when it has no escapes.
fn octets<'r>(text: &Text<'r>) -> Cow<'r, [u8]> {
    match text.as_verbatim() {
        Some(wire) => Cow::Borrowed(wire.as_bytes()),
        None => Cow::Owned(text.decoded().collect()),
    }
}

impl fmt::Debug for BorrowedParameter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BorrowedParameter")
            .field("name", &DebugOctets(&self.name_bytes()))
            .field("value", &DebugOctets(&self.value_bytes()))
            .field("source", &self.0.source)
            .finish()
    }
}

/// Iterator over [`VerifiedRef::parameters`].
#[derive(Clone, Debug)]
pub struct BorrowedParameters<'r> {
    query: Pairs<'r>,
    body: Pairs<'r>,
    header: Option<AuthParams<'r>>,
}

impl<'r> BorrowedParameters<'r> {
    /// The next parameter of any name, in the order received. The request
    /// verified, so every pair parses; an item that did not (only a bug
    /// could make one) is skipped rather than reported twice.
    fn next_param(&mut self) -> Option<Param<'r>> {
        let next_pair = |it: &mut Pairs<'r>| it.by_ref().flatten().next().map(|(n, v, _)| (n, v));
        if let Some((name, value)) = next_pair(&mut self.query) {
            return Some(Param {
                name,
                value,
                source: Source::Query,
            });
        }
        if let Some((name, value)) = next_pair(&mut self.body) {
            return Some(Param {
                name,
                value,
                source: Source::Body,
            });
        }
        let header = self.header.as_mut()?;
        // `realm` alone has a quoted-string value; it is not a parameter.
        let item = header
            .by_ref()
            .flatten()
            .find(|item| item.value.spelling() != Spelling::Quoted)?;
        Some(Param {
            name: item.name,
            value: item.value,
            source: Source::Header,
        })
    }
}

impl<'r> Iterator for BorrowedParameters<'r> {
    type Item = BorrowedParameter<'r>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let p = self.next_param()?;
            if !p.is_protocol() {
                return Some(BorrowedParameter(p));
            }
        }
    }
}

impl FusedIterator for BorrowedParameters<'_> {}
