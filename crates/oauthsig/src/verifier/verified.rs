//! What a verified request tells the application, owned and decoded.
//!
//! Every decoded value lives in one buffer; the accessors hand out slices
//! of it. With the parameters' spans held inline (up to eight), that is one
//! allocation per verified request, which matters on the hot path of a busy
//! server.
//!
//! Names and values are octets (RFC 5849 §3.4.1.3.1 decodes them, §3.6
//! encodes octets): a Latin-1 query such as `city=Mal%E9` verifies. The
//! protocol values were checked to be UTF-8 in step 0 and are handed out
//! as text; a parameter is text when it is, and its text accessors say
//! where it is not.

use oauthsig_core::{Error, Part, SignatureMethod, Source, Text};
use std::fmt;
use std::iter::FusedIterator;

/// A byte range of the decoded octets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Span {
    start: usize,
    end: usize,
}

/// Decoded texts, one after another.
pub(super) struct Arena {
    octets: Vec<u8>,
}

impl Arena {
    pub(super) fn with_capacity(n: usize) -> Self {
        Arena {
            octets: Vec::with_capacity(n),
        }
    }

    /// Appends the decoded octets of `text`.
    pub(super) fn push(&mut self, text: &Text<'_>) -> Span {
        let start = self.octets.len();
        match text.as_verbatim() {
            Some(wire) => self.octets.extend_from_slice(wire.as_bytes()),
            None => text.decoded().for_each(|b| self.octets.push(b)),
        }
        Span {
            start,
            end: self.octets.len(),
        }
    }

    /// Appends `s`.
    pub(super) fn push_str(&mut self, s: &str) -> Span {
        self.push(&Text::raw(s))
    }

    pub(super) fn finish(self) -> Vec<u8> {
        self.octets
    }
}

/// `octets` as text.
///
/// # Errors
/// [`Error::InvalidUtf8`] naming `part` and the offset of the first octet
/// that is not UTF-8.
pub(super) fn utf8(octets: &[u8], part: Part) -> Result<&str, Error> {
    std::str::from_utf8(octets).map_err(|e| Error::InvalidUtf8 {
        part,
        offset: e.valid_up_to(),
    })
}

/// Octets in `Debug`: as a string when they are UTF-8, else as a byte
/// string with escapes (`b"Mal\xe9"`).
pub(super) struct DebugOctets<'a>(pub(super) &'a [u8]);

impl fmt::Debug for DebugOctets<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match std::str::from_utf8(self.0) {
            Ok(s) => fmt::Debug::fmt(s, f),
            Err(_) => write!(f, "b\"{}\"", self.0.escape_ascii()),
        }
    }
}

/// Where a non-`oauth_` parameter's name and value are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct ParamSpan {
    pub(super) name: Span,
    pub(super) value: Span,
    pub(super) source: Source,
}

impl Default for ParamSpan {
    fn default() -> Self {
        ParamSpan {
            name: Span::default(),
            value: Span::default(),
            source: Source::Query,
        }
    }
}

/// Non-`oauth_` parameters held inline: most requests have a few, and then
/// a verified request costs one allocation (its octets), not two.
const INLINE_PARAMS: usize = 8;

/// The spans of the non-`oauth_` parameters, in the order received: the
/// first [`INLINE_PARAMS`] inline, all of them in `spill` beyond that.
#[derive(Clone, Debug, Default)]
pub(super) struct ParamSpans {
    len: usize,
    inline: [ParamSpan; INLINE_PARAMS],
    spill: Vec<ParamSpan>,
}

impl ParamSpans {
    pub(super) fn push(&mut self, span: ParamSpan) {
        if !self.spill.is_empty() {
            self.spill.push(span);
        } else if let Some(slot) = self.inline.get_mut(self.len) {
            *slot = span;
            self.len += 1;
        } else {
            self.spill.reserve(2 * INLINE_PARAMS);
            self.spill.extend_from_slice(&self.inline);
            self.spill.push(span);
        }
    }

    fn as_slice(&self) -> &[ParamSpan] {
        if self.spill.is_empty() {
            self.inline.get(..self.len).unwrap_or_default()
        } else {
            &self.spill
        }
    }
}

/// The parts of [`Verified`] that refer into its octets.
#[derive(Clone, Debug, Default)]
pub(super) struct Spans {
    pub(super) consumer_key: Span,
    pub(super) token: Option<Span>,
    pub(super) nonce: Option<Span>,
    pub(super) callback: Option<Span>,
    pub(super) verifier: Option<Span>,
    pub(super) realm: Option<Span>,
    pub(super) params: ParamSpans,
}

/// A request whose signature verified, with its nonce recorded.
///
/// The protocol values are text (a request whose consumer key, token,
/// nonce, callback, verifier or realm does not decode to UTF-8 is refused
/// as [`Malformed`](super::VerifyError::Malformed), 400). The other
/// parameters are octets, as the signature covered them: read them as text
/// with [`Verified::parameter`] or [`VerifiedParameter::value`], which say
/// where a value is not UTF-8, or as octets with
/// [`Verified::parameter_bytes`] or [`VerifiedParameter::value_bytes`].
///
/// ```
/// use oauthsig::verifier::{Credentials, CredentialQuery, IncomingRequest, LookupError, Verifier};
/// use oauthsig_core::{Error, Part, SignatureMethod};
///
/// let verifier = Verifier::builder()
///     .allow(SignatureMethod::Plaintext)
///     .build()?;
/// let req = IncomingRequest::new("GET", "https://photos.example.net/photos?size=large&file=vacation.jpg&city=Mal%E9")
///     .authorization(r#"OAuth oauth_consumer_key="dpf43f3p2l4k3l03", oauth_token="nnch734d00sl2jdk",
///         oauth_signature_method="PLAINTEXT", oauth_signature="kd94hf93k423kf44%26pfkkdhi9sl3r4s00""#);
/// let lookup = |_: &CredentialQuery<'_>| -> Result<Credentials<'static>, LookupError> {
///     Ok(Credentials::secrets("kd94hf93k423kf44", "pfkkdhi9sl3r4s00"))
/// };
/// let ok = verifier.verify(&req, &lookup)?;
/// assert_eq!(ok.consumer_key(), "dpf43f3p2l4k3l03");
/// assert_eq!(ok.token(), Some("nnch734d00sl2jdk"));
/// assert_eq!(ok.signature_method(), SignatureMethod::Plaintext);
/// assert_eq!(ok.parameter("file")?, Some("vacation.jpg"));
/// // `Mal%E9` is Latin-1: octets, not UTF-8 text.
/// assert_eq!(ok.parameter_bytes("city"), Some(&b"Mal\xe9"[..]));
/// assert_eq!(ok.parameter("city"), Err(Error::InvalidUtf8 { part: Part::Value, offset: 3 }));
/// let names: Vec<&str> = ok.parameters().map(|p| p.name()).collect::<Result<_, _>>()?;
/// assert_eq!(names, ["size", "file", "city"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Verified {
    pub(super) octets: Vec<u8>,
    pub(super) spans: Spans,
    pub(super) method: SignatureMethod,
    pub(super) timestamp: Option<u64>,
}

impl Verified {
    fn octets(&self, span: Span) -> &[u8] {
        self.octets.get(span.start..span.end).unwrap_or_default()
    }

    /// A protocol value: step 0 refused a request where one is not UTF-8.
    fn text(&self, span: Span) -> &str {
        std::str::from_utf8(self.octets(span)).unwrap_or_default()
    }

    /// The verified `oauth_consumer_key`.
    pub fn consumer_key(&self) -> &str {
        self.text(self.spans.consumer_key)
    }

    /// The verified `oauth_token`, if the request had one.
    pub fn token(&self) -> Option<&str> {
        self.spans.token.map(|s| self.text(s))
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
        self.spans.nonce.map(|s| self.text(s))
    }

    /// The `oauth_callback` (temporary-credential requests, §2.1).
    pub fn callback(&self) -> Option<&str> {
        self.spans.callback.map(|s| self.text(s))
    }

    /// The `oauth_verifier` (token requests, §2.3): the application must
    /// still check it belongs to the temporary credentials.
    pub fn verifier(&self) -> Option<&str> {
        self.spans.verifier.map(|s| self.text(s))
    }

    /// The `realm` of the `Authorization` header, if any (never signed).
    pub fn realm(&self) -> Option<&str> {
        self.spans.realm.map(|s| self.text(s))
    }

    /// The non-`oauth_` parameters (query, then form body, then any the
    /// header carried), decoded, in the order received. Names may repeat.
    pub fn parameters(&self) -> Parameters<'_> {
        Parameters {
            octets: &self.octets,
            spans: self.spans.params.as_slice().iter(),
        }
    }

    /// The value of the first non-`oauth_` parameter named `name`, as text.
    ///
    /// # Errors
    /// [`Error::InvalidUtf8`] with [`Part::Value`] and the offset in the
    /// decoded value, when the value is not UTF-8 (use
    /// [`Verified::parameter_bytes`] for its octets).
    pub fn parameter(&self, name: &str) -> Result<Option<&str>, Error> {
        self.find(name).map(|p| p.value()).transpose()
    }

    /// The value of the first non-`oauth_` parameter named `name`, as
    /// octets.
    pub fn parameter_bytes(&self, name: &str) -> Option<&[u8]> {
        self.find(name).map(|p| p.value_bytes())
    }

    fn find(&self, name: &str) -> Option<VerifiedParameter<'_>> {
        self.parameters()
            .find(|p| p.name_bytes() == name.as_bytes())
    }

    /// The non-`oauth_` parameters as owned text pairs.
    ///
    /// # Errors
    /// [`Error::InvalidUtf8`] for the first name ([`Part::Name`]) or value
    /// ([`Part::Value`]) that is not UTF-8.
    pub fn into_parameters(self) -> Result<Vec<(String, String)>, Error> {
        self.parameters()
            .map(|p| Ok((p.name()?.to_owned(), p.value()?.to_owned())))
            .collect()
    }
}

impl fmt::Debug for Verified {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verified")
            .field("consumer_key", &self.consumer_key())
            .field("token", &self.token())
            .field("method", &self.method)
            .field("timestamp", &self.timestamp)
            .field("parameters", &self.parameters().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// A non-`oauth_` parameter of a [`Verified`] request, decoded: octets,
/// and text where they are UTF-8.
///
/// ```
/// use oauthsig::verifier::{Credentials, CredentialQuery, IncomingRequest, LookupError, Verifier};
/// use oauthsig_core::{SignatureMethod, Source};
///
/// let verifier = Verifier::builder().allow(SignatureMethod::Plaintext).build()?;
/// let req = IncomingRequest::new("GET", "https://example.com/?q=caf%C3%A9&city=Mal%E9")
///     .authorization(r#"OAuth oauth_consumer_key="k", oauth_signature_method="PLAINTEXT", oauth_signature="s%26""#);
/// let lookup = |_: &CredentialQuery<'_>| -> Result<Credentials<'static>, LookupError> {
///     Ok(Credentials::secrets("s", ""))
/// };
/// let ok = verifier.verify(&req, &lookup)?;
/// let [q, city] = [0, 1].map(|i| ok.parameters().nth(i).unwrap());
/// assert_eq!((q.name()?, q.value()?, q.source()), ("q", "café", Source::Query));
/// assert_eq!(city.value_bytes(), b"Mal\xe9");
/// assert!(city.value().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct VerifiedParameter<'a> {
    name: &'a [u8],
    value: &'a [u8],
    source: Source,
}

impl<'a> VerifiedParameter<'a> {
    /// The name, as text.
    ///
    /// # Errors
    /// [`Error::InvalidUtf8`] with [`Part::Name`] and the offset in the
    /// decoded name.
    pub fn name(&self) -> Result<&'a str, Error> {
        utf8(self.name, Part::Name)
    }

    /// The value, as text.
    ///
    /// # Errors
    /// [`Error::InvalidUtf8`] with [`Part::Value`] and the offset in the
    /// decoded value.
    pub fn value(&self) -> Result<&'a str, Error> {
        utf8(self.value, Part::Value)
    }

    /// The decoded name's octets.
    pub const fn name_bytes(&self) -> &'a [u8] {
        self.name
    }

    /// The decoded value's octets.
    pub const fn value_bytes(&self) -> &'a [u8] {
        self.value
    }

    /// Where the parameter was: the query, the form body or the header.
    pub const fn source(&self) -> Source {
        self.source
    }
}

impl fmt::Debug for VerifiedParameter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifiedParameter")
            .field("name", &DebugOctets(self.name))
            .field("value", &DebugOctets(self.value))
            .field("source", &self.source)
            .finish()
    }
}

/// Iterator over [`Verified::parameters`].
#[derive(Clone, Debug)]
pub struct Parameters<'a> {
    octets: &'a [u8],
    spans: std::slice::Iter<'a, ParamSpan>,
}

impl<'a> Iterator for Parameters<'a> {
    type Item = VerifiedParameter<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        let p = self.spans.next()?;
        let get = |s: Span| self.octets.get(s.start..s.end).unwrap_or_default();
        Some(VerifiedParameter {
            name: get(p.name),
            value: get(p.value),
            source: p.source,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.spans.size_hint()
    }
}

impl ExactSizeIterator for Parameters<'_> {}

impl FusedIterator for Parameters<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn param_spans_spill_to_the_heap_in_order() {
        let mut p = ParamSpans::default();
        let span = |i: usize| Span {
            start: i,
            end: i + 1,
        };
        for i in 0..3 * INLINE_PARAMS {
            p.push(ParamSpan {
                name: span(i),
                value: span(i + 100),
                source: Source::Body,
            });
            let got: Vec<usize> = p.as_slice().iter().map(|s| s.name.start).collect();
            assert_eq!(got, (0..=i).collect::<Vec<_>>());
        }
        assert_eq!(p.spill.len(), 3 * INLINE_PARAMS);
    }

    #[test]
    fn arena_keeps_octets() {
        let mut arena = Arena::with_capacity(0);
        let t = |s| Text::form(s, Part::Query).unwrap();
        let spans = [
            arena.push(&t("Mal%E9")),
            arena.push(&t("caf%C3%A9+au+lait")),
            arena.push(&t("plain")),
            arena.push_str("a+b%"),
        ];
        let octets = arena.finish();
        let got: Vec<&[u8]> = spans.iter().map(|s| &octets[s.start..s.end]).collect();
        let want: [&[u8]; 4] = [b"Mal\xe9", "café au lait".as_bytes(), b"plain", b"a+b%"];
        assert_eq!(got, want);
    }

    #[test]
    fn octets_show_as_text_or_escaped_bytes() {
        assert_eq!(format!("{:?}", DebugOctets(b"caf\xc3\xa9")), r#""café""#);
        assert_eq!(format!("{:?}", DebugOctets(b"Mal\xe9")), r#"b"Mal\xe9""#);
    }
}
