//! The protocol parameters, [RFC 5849 §3.1](https://www.rfc-editor.org/rfc/rfc5849#section-3.1)
//! (and §2.1, §2.3 for `oauth_callback` and `oauth_verifier`, and the Request
//! Body Hash extension for `oauth_body_hash`).
//!
//! [`Protocol`] holds the values a client sends, borrowed; the signature
//! method and `oauth_body_hash` are not among them: the prepared key decides
//! the first and the request's body the second, so neither can be given
//! twice or disagree (see [`crate::sign`]). [`ProtocolParam`] names each
//! parameter, for classifying what a server received and for errors.

use crate::params::Param;
use crate::text::Text;
use core::fmt;

/// A protocol parameter, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProtocolParam {
    /// `oauth_consumer_key`
    ConsumerKey,
    /// `oauth_token`
    Token,
    /// `oauth_signature_method`
    SignatureMethod,
    /// `oauth_signature`
    Signature,
    /// `oauth_timestamp`
    Timestamp,
    /// `oauth_nonce`
    Nonce,
    /// `oauth_version`
    Version,
    /// `oauth_callback`
    Callback,
    /// `oauth_verifier`
    Verifier,
    /// `oauth_body_hash`
    BodyHash,
    /// Any other `oauth_*` name: RFC 5849 reserves the prefix, and the same
    /// rules (once, in one location) apply to it.
    Other,
}

impl ProtocolParam {
    /// The named parameters, in declaration order: `NAMED[p.index()] == p`.
    pub const NAMED: [ProtocolParam; 10] = [
        ProtocolParam::ConsumerKey,
        ProtocolParam::Token,
        ProtocolParam::SignatureMethod,
        ProtocolParam::Signature,
        ProtocolParam::Timestamp,
        ProtocolParam::Nonce,
        ProtocolParam::Version,
        ProtocolParam::Callback,
        ProtocolParam::Verifier,
        ProtocolParam::BodyHash,
    ];

    /// The wire name (`oauth_*` for [`ProtocolParam::Other`]).
    ///
    /// ```
    /// assert_eq!(oauthsig_core::ProtocolParam::Nonce.as_str(), "oauth_nonce");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            ProtocolParam::ConsumerKey => "oauth_consumer_key",
            ProtocolParam::Token => "oauth_token",
            ProtocolParam::SignatureMethod => "oauth_signature_method",
            ProtocolParam::Signature => "oauth_signature",
            ProtocolParam::Timestamp => "oauth_timestamp",
            ProtocolParam::Nonce => "oauth_nonce",
            ProtocolParam::Version => "oauth_version",
            ProtocolParam::Callback => "oauth_callback",
            ProtocolParam::Verifier => "oauth_verifier",
            ProtocolParam::BodyHash => "oauth_body_hash",
            ProtocolParam::Other => "oauth_*",
        }
    }

    /// The position in [`ProtocolParam::NAMED`], `None` for `Other`.
    pub const fn index(self) -> Option<usize> {
        match self {
            ProtocolParam::ConsumerKey => Some(0),
            ProtocolParam::Token => Some(1),
            ProtocolParam::SignatureMethod => Some(2),
            ProtocolParam::Signature => Some(3),
            ProtocolParam::Timestamp => Some(4),
            ProtocolParam::Nonce => Some(5),
            ProtocolParam::Version => Some(6),
            ProtocolParam::Callback => Some(7),
            ProtocolParam::Verifier => Some(8),
            ProtocolParam::BodyHash => Some(9),
            ProtocolParam::Other => None,
        }
    }

    /// Classifies a parameter name by its decoded octets: `None` when it
    /// does not start with `oauth_`.
    ///
    /// ```
    /// use oauthsig_core::{Part, ProtocolParam, Text};
    /// assert_eq!(ProtocolParam::classify(&Text::percent("oauth%5Fnonce", Part::Header)?), Some(ProtocolParam::Nonce));
    /// assert_eq!(ProtocolParam::classify(&Text::raw("oauth_x")), Some(ProtocolParam::Other));
    /// assert_eq!(ProtocolParam::classify(&Text::raw("nonce")), None);
    /// # Ok::<(), oauthsig_core::Error>(())
    /// ```
    pub fn classify(name: &Text<'_>) -> Option<ProtocolParam> {
        if let Some(wire) = name.as_verbatim() {
            return Self::classify_bytes(wire.as_bytes());
        }
        // The longest known name is 22 octets: a name that does not fit
        // this buffer decoded is `Other` or not a protocol parameter.
        let mut buf = [0u8; 24];
        let mut len = 0;
        for octet in name.decoded() {
            match buf.get_mut(len) {
                Some(slot) => *slot = octet,
                None => {
                    return name
                        .starts_with_decoded(b"oauth_")
                        .then_some(ProtocolParam::Other);
                }
            }
            len += 1;
        }
        Self::classify_bytes(buf.get(..len).unwrap_or_default())
    }

    /// Classifies decoded name octets.
    pub fn classify_bytes(decoded: &[u8]) -> Option<ProtocolParam> {
        let rest = decoded.strip_prefix(b"oauth_")?;
        let named = Self::NAMED
            .into_iter()
            .find(|p| p.as_str().as_bytes().get(6..) == Some(rest));
        Some(named.unwrap_or(ProtocolParam::Other))
    }
}

impl fmt::Display for ProtocolParam {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The protocol values of a request being signed, borrowed: everything of
/// §3.1 but `oauth_signature_method` (the key's), `oauth_signature` (the
/// output) and `oauth_body_hash` (the body's).
///
/// ```
/// use oauthsig_core::Protocol;
/// let p = Protocol::new("9djdj82h48djs9d2")
///     .token("kkk9d7dh3k39sjv7")
///     .timestamp("137131201")
///     .nonce("7d8f3e4a");
/// assert!(p.get(oauthsig_core::ProtocolParam::Nonce).is_some_and(|n| n.eq_decoded(b"7d8f3e4a")));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Protocol<'a> {
    consumer_key: Option<Text<'a>>,
    token: Option<Text<'a>>,
    timestamp: Option<Text<'a>>,
    nonce: Option<Text<'a>>,
    callback: Option<Text<'a>>,
    verifier: Option<Text<'a>>,
    version: bool,
    extra: &'a [Param<'a>],
}

impl<'a> Protocol<'a> {
    /// The values of `consumer_key`'s requests; nothing else set.
    pub const fn new(consumer_key: &'a str) -> Self {
        Protocol {
            consumer_key: Some(Text::raw(consumer_key)),
            ..Protocol::unset()
        }
    }

    /// Values without even a consumer key, for a layer that fills them in
    /// with [`Protocol::with`] from parameters it holds. A request signed
    /// without `oauth_consumer_key` fails verification (§3.1 requires it).
    pub const fn unset() -> Self {
        Protocol {
            consumer_key: None,
            token: None,
            timestamp: None,
            nonce: None,
            callback: None,
            verifier: None,
            version: false,
            extra: &[],
        }
    }

    /// Sets `oauth_token`.
    #[must_use]
    pub const fn token(mut self, token: &'a str) -> Self {
        self.token = Some(Text::raw(token));
        self
    }

    /// Sets `oauth_timestamp` (decimal seconds, §3.3).
    #[must_use]
    pub const fn timestamp(mut self, timestamp: &'a str) -> Self {
        self.timestamp = Some(Text::raw(timestamp));
        self
    }

    /// Sets `oauth_nonce` (§3.3).
    #[must_use]
    pub const fn nonce(mut self, nonce: &'a str) -> Self {
        self.nonce = Some(Text::raw(nonce));
        self
    }

    /// Sends `oauth_version="1.0"` (optional, §3.1; python-oauth2 and
    /// oauthlib send it, RFC 5849's own examples do not).
    #[must_use]
    pub const fn version(mut self, send: bool) -> Self {
        self.version = send;
        self
    }

    /// Sets `oauth_callback` (temporary-credential requests, §2.1).
    #[must_use]
    pub const fn callback(mut self, callback: &'a str) -> Self {
        self.callback = Some(Text::raw(callback));
        self
    }

    /// Sets `oauth_verifier` (token requests, §2.3).
    #[must_use]
    pub const fn verifier(mut self, verifier: &'a str) -> Self {
        self.verifier = Some(Text::raw(verifier));
        self
    }

    /// Parameters set in code that travel with the protocol parameters:
    /// extension `oauth_*` parameters (`xoauth_*` and the like too), or,
    /// for the query and form placements, any parameter. They are signed
    /// and written in the order given.
    #[must_use]
    pub const fn extra(mut self, extra: &'a [Param<'a>]) -> Self {
        self.extra = extra;
        self
    }

    /// Sets one value from text a layer holds in wire form (a received
    /// header's percent-encoded value). `Version` takes any value as "send
    /// 1.0"; the parameters [`Protocol`] does not hold are ignored.
    #[must_use]
    pub const fn with(mut self, param: ProtocolParam, value: Text<'a>) -> Self {
        self.set(param, value);
        self
    }

    /// [`Protocol::with`] in place.
    pub const fn set(&mut self, param: ProtocolParam, value: Text<'a>) {
        match param {
            ProtocolParam::ConsumerKey => self.consumer_key = Some(value),
            ProtocolParam::Token => self.token = Some(value),
            ProtocolParam::Timestamp => self.timestamp = Some(value),
            ProtocolParam::Nonce => self.nonce = Some(value),
            ProtocolParam::Callback => self.callback = Some(value),
            ProtocolParam::Verifier => self.verifier = Some(value),
            ProtocolParam::Version => self.version = true,
            _ => {}
        }
    }

    /// The value of `param`, when this holds it.
    pub const fn get(&self, param: ProtocolParam) -> Option<Text<'a>> {
        match param {
            ProtocolParam::ConsumerKey => self.consumer_key,
            ProtocolParam::Token => self.token,
            ProtocolParam::Timestamp => self.timestamp,
            ProtocolParam::Nonce => self.nonce,
            ProtocolParam::Callback => self.callback,
            ProtocolParam::Verifier => self.verifier,
            ProtocolParam::Version if self.version => Some(VERSION),
            _ => None,
        }
    }

    /// Whether `oauth_version` is sent.
    pub const fn sends_version(&self) -> bool {
        self.version
    }

    /// The extra parameters, in the order given.
    pub const fn extras(&self) -> &'a [Param<'a>] {
        self.extra
    }
}

/// The only `oauth_version` RFC 5849 defines.
pub(crate) const VERSION: Text<'static> = Text::raw_plain("1.0");

/// The names of [`Protocol`]'s fields, the signature method and the body
/// hash, in §3.4.1.3.2 order (they are unreserved, so encoded order is
/// byte order): a run of them is sorted as it is built.
const SORTED: [ProtocolParam; 9] = [
    ProtocolParam::BodyHash,
    ProtocolParam::Callback,
    ProtocolParam::ConsumerKey,
    ProtocolParam::Nonce,
    ProtocolParam::SignatureMethod,
    ProtocolParam::Timestamp,
    ProtocolParam::Token,
    ProtocolParam::Verifier,
    ProtocolParam::Version,
];

/// The order the RFC's examples print them in, which the `Authorization`
/// header, the signed URL and the form body follow.
const PRINTED: [ProtocolParam; 9] = [
    ProtocolParam::ConsumerKey,
    ProtocolParam::Token,
    ProtocolParam::SignatureMethod,
    ProtocolParam::Timestamp,
    ProtocolParam::Nonce,
    ProtocolParam::Version,
    ProtocolParam::Callback,
    ProtocolParam::Verifier,
    ProtocolParam::BodyHash,
];

/// The protocol parameters a request goes out with: its [`Protocol`]
/// values, and the signature method, body hash and signature — written by
/// the engine ([`crate::sign::Signed::output`]), or kept by a layer that
/// signed the request earlier ([`crate::sign::output`]).
///
/// `Debug` hides the signature (under PLAINTEXT it is the secrets).
///
/// ```
/// use oauthsig_core::{protocol::Outgoing, Protocol, Text};
/// let out = Outgoing::new(Protocol::new("k")).signature(Text::raw("s&"));
/// assert!(!format!("{out:?}").contains("s&"));
/// ```
#[derive(Clone, Copy)]
pub struct Outgoing<'p> {
    pub(crate) protocol: Protocol<'p>,
    supplied: Supplied<'p>,
}

/// What goes out on top of a [`Protocol`]: the signature method (the
/// key's), the body hash (the body's) and the signature. `Debug` hides the
/// signature.
#[derive(Clone, Copy, Default)]
pub(crate) struct Supplied<'p> {
    pub(crate) method: Option<Text<'p>>,
    pub(crate) body_hash: Option<Text<'p>>,
    pub(crate) signature: Option<Text<'p>>,
}

impl<'p> Supplied<'p> {
    /// With `signature` as `oauth_signature`.
    pub(crate) fn signed<'s>(self, signature: &'s crate::Signature<'_>) -> Supplied<'s>
    where
        'p: 's,
    {
        Supplied {
            signature: Some(Text::raw(signature.as_str())),
            ..self
        }
    }
}

impl<'p> Outgoing<'p> {
    /// The values of `protocol`, not signed.
    pub const fn new(protocol: Protocol<'p>) -> Self {
        Outgoing {
            protocol,
            supplied: Supplied {
                method: None,
                body_hash: None,
                signature: None,
            },
        }
    }

    /// With these extra parameters (see [`Protocol::extra`]).
    #[must_use]
    pub const fn extra(mut self, extra: &'p [Param<'p>]) -> Self {
        self.protocol = self.protocol.extra(extra);
        self
    }

    /// With `oauth_signature_method`.
    #[must_use]
    pub const fn signature_method(mut self, method: Text<'p>) -> Self {
        self.supplied.method = Some(method);
        self
    }

    /// With `oauth_body_hash`.
    #[must_use]
    pub const fn body_hash(mut self, hash: Text<'p>) -> Self {
        self.supplied.body_hash = Some(hash);
        self
    }

    /// With `oauth_signature` (the signature text, before encoding).
    #[must_use]
    pub const fn signature(mut self, signature: Text<'p>) -> Self {
        self.supplied.signature = Some(signature);
        self
    }

    /// The values.
    pub const fn protocol(&self) -> &Protocol<'p> {
        &self.protocol
    }

    /// The value of `param`.
    pub const fn get(&self, param: ProtocolParam) -> Option<Text<'p>> {
        self.view().get(param)
    }

    /// `protocol` with what is supplied on top of it.
    pub(crate) const fn from_parts(protocol: Protocol<'p>, supplied: Supplied<'p>) -> Self {
        Outgoing { protocol, supplied }
    }

    /// The same values, borrowed, as the writers read them.
    pub(crate) const fn view(&self) -> View<'_, 'p> {
        View::new(&self.protocol, &self.supplied)
    }
}

/// A request's protocol parameters, borrowed: the [`Protocol`] values and
/// what is [`Supplied`] on top of them. The base string and every
/// placement are written from this.
#[derive(Clone, Copy, Debug)]
pub(crate) struct View<'v, 'p> {
    protocol: &'v Protocol<'p>,
    supplied: &'v Supplied<'p>,
}

impl<'v, 'p> View<'v, 'p> {
    pub(crate) const fn new(protocol: &'v Protocol<'p>, supplied: &'v Supplied<'p>) -> Self {
        View { protocol, supplied }
    }

    /// The value of `param`.
    pub(crate) const fn get(&self, param: ProtocolParam) -> Option<Text<'p>> {
        match param {
            ProtocolParam::SignatureMethod => self.supplied.method,
            ProtocolParam::BodyHash => self.supplied.body_hash,
            ProtocolParam::Signature => self.supplied.signature,
            p => self.protocol.get(p),
        }
    }

    /// The extra parameters, in the order given.
    pub(crate) const fn extras(&self) -> &'p [Param<'p>] {
        self.protocol.extra
    }

    /// Calls `f` with each named parameter but the signature, in
    /// §3.4.1.3.2 order (the extras are not here: they are sorted with the
    /// query and body parameters).
    #[inline]
    pub(crate) fn each_sorted(&self, mut f: impl FnMut(&Param<'p>)) {
        for p in SORTED {
            if let Some(value) = self.get(p) {
                f(&Param {
                    name: Text::raw_plain(p.as_str()),
                    value,
                    source: crate::Source::Code,
                });
            }
        }
    }

    /// Calls `f` with each named parameter but the signature, in the order
    /// they are written.
    #[inline]
    pub(crate) fn each_named_printed(&self, mut f: impl FnMut(&Text<'p>, &Text<'p>)) {
        for p in PRINTED {
            if let Some(value) = self.get(p) {
                f(&Text::raw_plain(p.as_str()), &value);
            }
        }
    }

    /// Calls `f` with each parameter's name and value in the order they
    /// are written: the named ones, the extras as given, then the
    /// signature (RFC 5849's examples print it last).
    #[inline]
    pub(crate) fn each_printed(&self, mut f: impl FnMut(&Text<'p>, &Text<'p>)) {
        self.each_named_printed(&mut f);
        for p in self.protocol.extra {
            f(&p.name, &p.value);
        }
        if let Some(signature) = self.supplied.signature {
            f(
                &Text::raw_plain(ProtocolParam::Signature.as_str()),
                &signature,
            );
        }
    }
}

impl core::fmt::Debug for Outgoing<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Outgoing")
            .field("protocol", &self.protocol)
            .field("signature_method", &self.supplied.method)
            .field("body_hash", &self.supplied.body_hash)
            .field("signature", &self.supplied.signature.map(|_| "<hidden>"))
            .finish()
    }
}

impl core::fmt::Debug for Supplied<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Supplied")
            .field("signature_method", &self.method)
            .field("body_hash", &self.body_hash)
            .field("signature", &self.signature.map(|_| "<hidden>"))
            .finish()
    }
}

impl<'a> Protocol<'a> {
    /// The parameters to sign for these values with `method` and an
    /// optional `oauth_body_hash`: the named ones in §3.4.1.3.2 order, then
    /// the extras as given. For composing the building blocks by hand
    /// ([`crate::sign`] does all of this in one call).
    ///
    /// ```
    /// use oauthsig_core::{Protocol, SignatureMethod};
    /// let p = Protocol::new("k").nonce("n").version(true);
    /// let names: Vec<&str> = p.params(SignatureMethod::HmacSha1, None).map(|q| q.name.as_wire()).collect();
    /// assert_eq!(names, ["oauth_consumer_key", "oauth_nonce", "oauth_signature_method", "oauth_version"]);
    /// ```
    pub fn params(
        &self,
        method: crate::SignatureMethod,
        body_hash: Option<&'a str>,
    ) -> impl Iterator<Item = Param<'a>> + 'a {
        let mut outgoing = Outgoing::new(*self).signature_method(Text::raw_plain(method.as_str()));
        if let Some(h) = body_hash {
            outgoing = outgoing.body_hash(Text::raw(h));
        }
        let extra = self.extra;
        SORTED
            .iter()
            .filter_map(move |&p| {
                outgoing.get(p).map(|value| Param {
                    name: Text::raw_plain(p.as_str()),
                    value,
                    source: crate::Source::Code,
                })
            })
            .chain(extra.iter().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    #[test]
    fn names_are_plain_and_orders_are_what_they_claim() {
        for p in ProtocolParam::NAMED {
            assert!(crate::encode::is_plain(p.as_str().as_bytes()), "{p}");
            assert_eq!(p.index().map(|i| ProtocolParam::NAMED[i]), Some(p));
        }
        let sorted: Vec<&str> = SORTED.iter().map(|p| p.as_str()).collect();
        let mut want = sorted.clone();
        want.sort_unstable();
        assert_eq!(sorted, want);
        let mut printed: Vec<_> = PRINTED.iter().map(|p| p.as_str()).collect();
        printed.sort_unstable();
        assert_eq!(printed, sorted);
    }

    #[test]
    fn classification_matches_every_name() {
        for p in ProtocolParam::NAMED {
            assert_eq!(ProtocolParam::classify(&Text::raw(p.as_str())), Some(p));
        }
        let t = |s| Text::percent(s, crate::Part::Header).unwrap_or(Text::EMPTY);
        assert_eq!(
            ProtocolParam::classify(&t("oauth_%74oken")),
            Some(ProtocolParam::Token)
        );
        assert_eq!(
            ProtocolParam::classify(&t("oauth_tokens")),
            Some(ProtocolParam::Other)
        );
        assert_eq!(
            ProtocolParam::classify(&t("oauth_aaaaaaaaaaaaaaaaaaaaaaaaaaaaa%41")),
            Some(ProtocolParam::Other)
        );
        assert_eq!(ProtocolParam::classify(&t("oauth")), None);
        assert_eq!(
            ProtocolParam::classify(&t("%6Fauth_nonce")),
            Some(ProtocolParam::Nonce)
        );
    }
}
