//! What a verified request tells the application, borrowed from the
//! request: [`Verifier::verify_borrowed`](super::Verifier::verify_borrowed).
//!
//! Nothing is copied while verifying. The protocol values are slices of
//! the request (decoded into a `String` only when they carry escapes), and
//! the non-`oauth_` parameters, already checked to decode to UTF-8, are
//! split and decoded again only when [`VerifiedRef::parameters`] is read.

use super::ProtocolParam;
use super::verified::{Arena, Spans, Verified};
use oauthsig_core::header::{AuthParams, parse_authorization};
use oauthsig_core::params::{Pairs, pairs};
use oauthsig_core::{Part, SignatureMethod, Spelling, Text};
use std::borrow::Cow;
use std::fmt;
use std::iter::FusedIterator;

/// A request whose signature verified, with its nonce recorded, borrowing
/// its values from the [`IncomingRequest`](super::IncomingRequest).
#[derive(Clone)]
pub struct VerifiedRef<'r> {
    /// The query, the form body and the header the non-`oauth_` parameters
    /// came from (the header only when it carried one).
    pub(super) wire: [&'r str; 3],
    pub(super) consumer_key: Cow<'r, str>,
    pub(super) token: Option<Cow<'r, str>>,
    pub(super) nonce: Option<Cow<'r, str>>,
    pub(super) callback: Option<Cow<'r, str>>,
    pub(super) verifier: Option<Cow<'r, str>>,
    pub(super) realm: Option<Cow<'r, str>>,
    pub(super) method: SignatureMethod,
    pub(super) timestamp: Option<u64>,
}

impl<'r> VerifiedRef<'r> {
    /// The verified `oauth_consumer_key`.
    pub fn consumer_key(&self) -> &str {
        &self.consumer_key
    }

    /// The verified `oauth_token`, if the request had one.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
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
        self.nonce.as_deref()
    }

    /// The `oauth_callback` (temporary-credential requests, §2.1).
    pub fn callback(&self) -> Option<&str> {
        self.callback.as_deref()
    }

    /// The `oauth_verifier` (token requests, §2.3): the application must
    /// still check it belongs to the temporary credentials.
    pub fn verifier(&self) -> Option<&str> {
        self.verifier.as_deref()
    }

    /// The `realm` of the `Authorization` header, if any (never signed).
    pub fn realm(&self) -> Option<&str> {
        self.realm.as_deref()
    }

    /// The non-`oauth_` parameters (query, then form body, then any the
    /// header carried), decoded as they are read, in the order received.
    /// Names may repeat. Each is borrowed unless it had escapes.
    pub fn parameters(&self) -> BorrowedParameters<'r> {
        let [query, body, header] = self.wire;
        BorrowedParameters {
            query: pairs(query, Part::Query),
            body: pairs(body, Part::Body),
            header: parse_authorization(header).ok(),
        }
    }

    /// The first non-`oauth_` parameter named `name`. Only its value is
    /// decoded.
    pub fn parameter(&self, name: &str) -> Option<Cow<'r, str>> {
        let mut it = self.parameters();
        while let Some((n, v)) = it.next_texts() {
            if n.eq_decoded(name.as_bytes()) {
                return v.to_str(Part::Value).ok();
            }
        }
        None
    }

    /// The same result, owned: for keeping it past the request.
    pub fn to_verified(&self) -> Verified {
        let total = self.wire.iter().map(|w| w.len()).sum();
        let mut arena = Arena::with_capacity(total);
        let mut spans = Spans::default();
        // Every value was checked to decode to UTF-8 while verifying, so
        // pushing them cannot fail; a raw text needs no decoding at all.
        let mut push = |s: &str| arena.push(&Text::raw(s), Part::Value).unwrap_or_default();
        spans.consumer_key = push(&self.consumer_key);
        spans.token = self.token.as_deref().map(&mut push);
        spans.nonce = self.nonce.as_deref().map(&mut push);
        spans.callback = self.callback.as_deref().map(&mut push);
        spans.verifier = self.verifier.as_deref().map(&mut push);
        spans.realm = self.realm.as_deref().map(&mut push);
        for (n, v) in self.parameters() {
            let pair = (push(&n), push(&v));
            spans.params.push(pair);
        }
        Verified {
            text: arena.finish(),
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

/// Iterator over [`VerifiedRef::parameters`]: `(name, value)`, decoded.
#[derive(Clone, Debug)]
pub struct BorrowedParameters<'r> {
    query: Pairs<'r>,
    body: Pairs<'r>,
    header: Option<AuthParams<'r>>,
}

impl<'r> BorrowedParameters<'r> {
    /// The next non-`oauth_` name and value, still as wire text. The request
    /// verified, so every pair parses; an item that did not (only a bug
    /// could make one) is skipped rather than reported twice.
    fn next_texts(&mut self) -> Option<(Text<'r>, Text<'r>)> {
        let next_pair = |it: &mut Pairs<'r>| it.by_ref().flatten().next().map(|(n, v, _)| (n, v));
        loop {
            let (name, value) = match next_pair(&mut self.query) {
                Some(p) => p,
                None => match next_pair(&mut self.body) {
                    Some(p) => p,
                    None => {
                        let item = self.header.as_mut()?.by_ref().flatten().next()?;
                        // `realm` alone has a quoted-string value; it is not
                        // a parameter.
                        if item.value.spelling() == Spelling::Quoted {
                            continue;
                        }
                        (item.name, item.value)
                    }
                },
            };
            if ProtocolParam::classify(&name).is_none() {
                return Some((name, value));
            }
        }
    }
}

impl<'r> Iterator for BorrowedParameters<'r> {
    type Item = (Cow<'r, str>, Cow<'r, str>);

    fn next(&mut self) -> Option<Self::Item> {
        // Every non-`oauth_` name and value decoded to UTF-8 when the
        // request verified; one that did not (a bug) is skipped.
        loop {
            let (name, value) = self.next_texts()?;
            if let (Ok(n), Ok(v)) = (name.to_str(Part::Name), value.to_str(Part::Value)) {
                return Some((n, v));
            }
        }
    }
}

impl FusedIterator for BorrowedParameters<'_> {}
