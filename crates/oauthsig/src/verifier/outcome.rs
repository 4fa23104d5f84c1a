//! What a verification builds while it checks: the owned [`Verified`] or
//! the borrowed [`VerifiedRef`]. The steps are written once, over this
//! trait; each result keeps only what it needs.

use super::borrowed::VerifiedRef;
use super::lookup::CredentialQuery;
use super::verified::{Arena, ParamSpan, Span, Spans, Verified};
use oauthsig_core::params::query_of;
use oauthsig_core::verify::Received;
use oauthsig_core::{Error as CoreError, Param, Part, ProtocolParam, SignatureMethod, Source};
use std::borrow::Cow;

/// A result under construction.
pub(super) trait Outcome<'a>: Sized {
    /// The finished result.
    type Output;

    /// The end of step 0: the protocol values the checks, the lookup and
    /// the result need, and the realm, as text; and the non-`oauth_`
    /// parameters, octets, in the order received.
    ///
    /// # Errors
    /// [`CoreError::InvalidUtf8`] when a protocol value or the realm does
    /// not decode to UTF-8.
    fn new<S: AsRef<[Param<'a>]>>(received: &Received<'a, S>) -> Result<Self, CoreError>;

    /// The decoded `oauth_consumer_key` (empty when absent).
    fn consumer_key(&self) -> &str;
    /// The decoded `oauth_token`.
    fn token(&self) -> Option<&str>;
    /// The decoded `oauth_nonce`.
    fn nonce(&self) -> Option<&str>;
    /// The decoded `realm`.
    fn realm(&self) -> Option<&str>;

    /// What the lookup is asked (step 9).
    fn query(&self, method: SignatureMethod) -> CredentialQuery<'_> {
        CredentialQuery {
            consumer_key: self.consumer_key(),
            token: self.token(),
            method,
            realm: self.realm(),
        }
    }

    /// The result of a request that passed every check.
    fn finish(self, method: SignatureMethod, timestamp: Option<u64>) -> Self::Output;
}

/// The wire texts the parameters were parsed from: the query, the form
/// body (empty unless the body is one) and the header (empty when absent).
fn wire<'a, S: AsRef<[Param<'a>]>>(received: &Received<'a, S>) -> [&'a str; 3] {
    let incoming = received.incoming();
    // `receive_in` refused a form body that is not UTF-8.
    let body = match received.is_form_encoded() {
        true => std::str::from_utf8(incoming.body_bytes()).unwrap_or_default(),
        false => "",
    };
    [
        query_of(incoming.url()),
        body,
        incoming.authorization_header().unwrap_or_default(),
    ]
}

/// Builds [`Verified`]: every value decoded into one string.
pub(super) struct Owned {
    arena: Arena,
    spans: Spans,
}

impl<'a> Outcome<'a> for Owned {
    type Output = Verified;

    fn new<S: AsRef<[Param<'a>]>>(received: &Received<'a, S>) -> Result<Self, CoreError> {
        // Every text pushed is decoded from the wire, and decoding never
        // lengthens text: this bound means the pushes never reallocate.
        let mut arena = Arena::with_capacity(wire(received).iter().map(|w| w.len()).sum());
        let mut span_of = |p: ProtocolParam| -> Result<Option<Span>, CoreError> {
            received
                .get(p)
                .map(|t| arena.push_text(&t, Part::Value))
                .transpose()
        };
        let mut spans = Spans {
            consumer_key: span_of(ProtocolParam::ConsumerKey)?.unwrap_or_default(),
            token: span_of(ProtocolParam::Token)?,
            nonce: span_of(ProtocolParam::Nonce)?,
            callback: span_of(ProtocolParam::Callback)?,
            verifier: span_of(ProtocolParam::Verifier)?,
            ..Spans::default()
        };
        spans.realm = received
            .realm()
            .map(|r| arena.push_text(&r, Part::Realm))
            .transpose()?;
        for p in received.parameters().iter().filter(|p| !p.is_protocol()) {
            let name = arena.push(&p.name);
            let value = arena.push(&p.value);
            spans.params.push(ParamSpan {
                name,
                value,
                source: p.source,
            });
        }
        Ok(Owned { arena, spans })
    }

    fn consumer_key(&self) -> &str {
        self.arena.text(self.spans.consumer_key)
    }

    fn token(&self) -> Option<&str> {
        self.spans.token.map(|s| self.arena.text(s))
    }

    fn nonce(&self) -> Option<&str> {
        self.spans.nonce.map(|s| self.arena.text(s))
    }

    fn realm(&self) -> Option<&str> {
        self.spans.realm.map(|s| self.arena.text(s))
    }

    fn finish(self, method: SignatureMethod, timestamp: Option<u64>) -> Verified {
        Verified {
            octets: self.arena.finish(),
            spans: self.spans,
            method,
            timestamp,
        }
    }
}

/// Builds [`VerifiedRef`]: protocol values borrowed from the request (or
/// decoded, when they have escapes), the other parameters only checked.
pub(super) struct Borrowed<'a> {
    wire: [&'a str; 3],
    /// Whether a non-`oauth_` parameter came from the header: if none did,
    /// reading the parameters need not parse the header again.
    header_params: bool,
    consumer_key: Cow<'a, str>,
    token: Option<Cow<'a, str>>,
    nonce: Option<Cow<'a, str>>,
    callback: Option<Cow<'a, str>>,
    verifier: Option<Cow<'a, str>>,
    realm: Option<Cow<'a, str>>,
}

impl<'a> Outcome<'a> for Borrowed<'a> {
    type Output = VerifiedRef<'a>;

    fn new<S: AsRef<[Param<'a>]>>(received: &Received<'a, S>) -> Result<Self, CoreError> {
        let value = |p: ProtocolParam| received.get(p).map(|t| t.to_str(Part::Value)).transpose();
        let header_params = received
            .parameters()
            .iter()
            .any(|p| p.source == Source::Header && !p.is_protocol());
        Ok(Borrowed {
            wire: wire(received),
            header_params,
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

    fn consumer_key(&self) -> &str {
        &self.consumer_key
    }

    fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    fn nonce(&self) -> Option<&str> {
        self.nonce.as_deref()
    }

    fn realm(&self) -> Option<&str> {
        self.realm.as_deref()
    }

    fn finish(self, method: SignatureMethod, timestamp: Option<u64>) -> VerifiedRef<'a> {
        let [query, body, header] = self.wire;
        VerifiedRef {
            wire: [query, body, if self.header_params { header } else { "" }],
            consumer_key: self.consumer_key,
            token: self.token,
            nonce: self.nonce,
            callback: self.callback,
            verifier: self.verifier,
            realm: self.realm,
            method,
            timestamp,
        }
    }
}
