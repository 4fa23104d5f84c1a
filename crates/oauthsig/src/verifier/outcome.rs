//! What a verification builds while it checks: the owned [`Verified`] or
//! the borrowed [`VerifiedRef`]. The steps are written once, over this
//! trait; each result keeps only what it needs.

use super::borrowed::VerifiedRef;
use super::lookup::CredentialQuery;
use super::verified::{Arena, HEAD, Spans, Verified};
use oauthsig_core::verify::Received;
use oauthsig_core::{Error as CoreError, Param, Part, ProtocolParam, SignatureMethod, Source};
use std::borrow::Cow;

/// A result under construction.
pub(super) trait Outcome<'a>: Sized {
    /// The finished result.
    type Output;

    /// The end of step 0: the [`Protocol`] values, and what the result
    /// keeps of the non-`oauth_` parameters.
    ///
    /// # Errors
    /// As [`Protocol::new`].
    fn new<S: AsRef<[Param<'a>]>>(received: &Received<'a, S>) -> Result<Self, CoreError>;

    /// The protocol values.
    fn protocol(&self) -> &Protocol<'a>;

    /// The result of a request that passed every check.
    fn finish(self, method: SignatureMethod, timestamp: Option<u64>) -> Self::Output;
}

/// The protocol values the lookup, the nonce store and the result take as
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
    /// The values of `received`, decoded.
    ///
    /// # Errors
    /// [`CoreError::InvalidUtf8`] naming [`Part::Value`] (or [`Part::Realm`])
    /// and the offset, when one does not decode to UTF-8.
    fn new<S: AsRef<[Param<'a>]>>(received: &Received<'a, S>) -> Result<Self, CoreError> {
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

    /// Each value's length, added up.
    pub(super) fn len(&self) -> usize {
        let optional = [
            &self.token,
            &self.nonce,
            &self.callback,
            &self.verifier,
            &self.realm,
        ];
        optional
            .iter()
            .filter_map(|v| v.as_deref())
            .map(str::len)
            .sum::<usize>()
            + self.consumer_key.len()
    }

    /// Appends every value to `arena`, after the records of `params`
    /// parameters.
    pub(super) fn to_spans(&self, arena: &mut Arena, params: usize) -> Spans {
        let records = arena.len();
        let mut push = |v: &Option<Cow<'a, str>>| v.as_deref().map(|s| arena.push_str(s));
        Spans {
            records,
            params,
            token: push(&self.token),
            nonce: push(&self.nonce),
            callback: push(&self.callback),
            verifier: push(&self.verifier),
            realm: push(&self.realm),
            consumer_key: arena.push_str(&self.consumer_key),
        }
    }
}

/// Builds [`Verified`]: every value decoded into one buffer.
pub(super) struct Owned<'a> {
    protocol: Protocol<'a>,
    /// The records of the non-`oauth_` parameters, decoded as received
    /// (the signature check sorts the request's parameters afterwards),
    /// and how many there are.
    arena: Arena,
    params: usize,
}

impl<'a> Outcome<'a> for Owned<'a> {
    type Output = Verified;

    fn new<S: AsRef<[Param<'a>]>>(received: &Received<'a, S>) -> Result<Self, CoreError> {
        let protocol = Protocol::new(received)?;
        // Room for every parameter as received with a record head, and for
        // the protocol values: decoding never lengthens text, so the pushes
        // never reallocate.
        let all = received.parameters();
        let wire = |p: &Param<'_>| p.name.as_wire().len() + p.value.as_wire().len() + HEAD;
        let mut arena = Arena::with_capacity(all.iter().map(wire).sum::<usize>() + protocol.len());
        let mut count = 0;
        for p in all.iter().filter(|p| !p.is_protocol()) {
            arena.push_param(p);
            count += 1;
        }
        Ok(Owned {
            protocol,
            arena,
            params: count,
        })
    }

    fn protocol(&self) -> &Protocol<'a> {
        &self.protocol
    }

    fn finish(mut self, method: SignatureMethod, timestamp: Option<u64>) -> Verified {
        let spans = self.protocol.to_spans(&mut self.arena, self.params);
        Verified {
            octets: self.arena.finish(),
            spans,
            method,
            timestamp,
        }
    }
}

/// Builds [`VerifiedRef`]: the protocol values, and where the other
/// parameters are to be read from.
pub(super) struct Borrowed<'a> {
    protocol: Protocol<'a>,
    url: &'a str,
    body: &'a str,
    header: &'a str,
}

impl<'a> Outcome<'a> for Borrowed<'a> {
    type Output = VerifiedRef<'a>;

    fn new<S: AsRef<[Param<'a>]>>(received: &Received<'a, S>) -> Result<Self, CoreError> {
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
        Ok(Borrowed {
            protocol: Protocol::new(received)?,
            url: incoming.url(),
            body,
            header,
        })
    }

    fn protocol(&self) -> &Protocol<'a> {
        &self.protocol
    }

    fn finish(self, method: SignatureMethod, timestamp: Option<u64>) -> VerifiedRef<'a> {
        VerifiedRef {
            url: self.url,
            body: self.body,
            header: self.header,
            protocol: self.protocol,
            method,
            timestamp,
        }
    }
}
