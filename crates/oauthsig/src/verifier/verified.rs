//! What a verified request tells the application, owned and decoded.
//!
//! Every decoded value lives in one buffer, the parameters as records
//! (see [`Arena`]); the accessors hand out slices of it. That is one
//! allocation per verified request, however many parameters it has.
//!
//! Names and values are octets (RFC 5849 §3.4.1.3.1 decodes them, §3.6
//! encodes octets): a Latin-1 query such as `city=Mal%E9` verifies. The
//! protocol values were checked to be UTF-8 in step 0 and are handed out
//! as text; a parameter is text when it is, and its text accessors say
//! where it is not.

use oauthsig_core::{Error, Param, Part, SignatureMethod, Source, Text};
use std::fmt;
use std::iter::FusedIterator;

/// A byte range of the decoded octets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Span {
    start: usize,
    end: usize,
}

/// Decoded texts, one after another: first a record for each non-`oauth_`
/// parameter, in the order received, then the protocol values. A record
/// is a head (the parameter's [`Source`] as one byte, then the lengths of
/// its decoded name and value as native `usize`s) followed by the name's
/// octets and the value's.
pub(super) struct Arena {
    octets: Vec<u8>,
}

/// A length in a record head.
const LEN: usize = size_of::<usize>();
/// A record head's size.
pub(super) const HEAD: usize = 1 + 2 * LEN;
/// The sources of parameters, by the byte a record head stores.
const SOURCES: [Source; 4] = [Source::Query, Source::Body, Source::Header, Source::Code];

impl Arena {
    pub(super) fn with_capacity(n: usize) -> Self {
        Arena {
            octets: Vec::with_capacity(n),
        }
    }

    /// Appends `p`'s record.
    pub(super) fn push_param(&mut self, p: &Param<'_>) {
        let head = self.octets.len();
        self.octets.resize(head + HEAD, 0);
        let name = self.push(&p.name).len();
        let value = self.push(&p.value).len();
        if let Some((source, lens)) = self.octets[head..head + HEAD].split_first_mut() {
            let at = SOURCES.iter().position(|&s| s == p.source).unwrap_or(0);
            *source = u8::try_from(at).unwrap_or(0);
            let (n, v) = lens.split_at_mut(LEN);
            n.copy_from_slice(&name.to_le_bytes());
            v.copy_from_slice(&value.to_le_bytes());
        }
    }

    /// Appends the decoded octets of `text`.
    fn push(&mut self, text: &Text<'_>) -> Span {
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

    /// Where the next text will start.
    pub(super) fn len(&self) -> usize {
        self.octets.len()
    }

    pub(super) fn finish(self) -> Vec<u8> {
        self.octets
    }
}

impl Span {
    fn len(&self) -> usize {
        self.end - self.start
    }
}

/// The records of `count` parameters at the start of `octets`.
fn records(octets: &[u8], end: usize, count: usize) -> Parameters<'_> {
    Parameters {
        records: octets.get(..end).unwrap_or_default(),
        left: count,
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

/// Where [`Verified`]'s values are in its octets.
#[derive(Clone, Debug, Default)]
pub(super) struct Spans {
    /// The end of the parameters' records, and how many there are.
    pub(super) records: usize,
    pub(super) params: usize,
    pub(super) consumer_key: Span,
    pub(super) token: Option<Span>,
    pub(super) nonce: Option<Span>,
    pub(super) callback: Option<Span>,
    pub(super) verifier: Option<Span>,
    pub(super) realm: Option<Span>,
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
        records(&self.octets, self.spans.records, self.spans.params)
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
    /// The records not read yet.
    records: &'a [u8],
    left: usize,
}

impl<'a> Iterator for Parameters<'a> {
    type Item = VerifiedParameter<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        let len = |b: &'a [u8]| {
            b.split_first_chunk::<LEN>()
                .map(|(n, rest)| (usize::from_le_bytes(*n), rest))
        };
        let (&source, rest) = self.records.split_first()?;
        let (name_len, rest) = len(rest)?;
        let (value_len, rest) = len(rest)?;
        let (name, rest) = rest.split_at_checked(name_len)?;
        let (value, rest) = rest.split_at_checked(value_len)?;
        self.records = rest;
        self.left = self.left.saturating_sub(1);
        Some(VerifiedParameter {
            name,
            value,
            source: SOURCES.get(usize::from(source)).copied()?,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Parameters<'_> {}

impl FusedIterator for Parameters<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_give_back_each_parameter() {
        let t = |s| Text::form(s, Part::Query).unwrap();
        let params = [
            (t("city"), t("Mal%E9"), Source::Query),
            (t("q"), t("caf%C3%A9+au+lait"), Source::Body),
            (t(""), t(""), Source::Header),
            (t("%E9t%E9"), t("summer"), Source::Code),
        ];
        let mut arena = Arena::with_capacity(0);
        for (name, value, source) in params {
            arena.push_param(&Param {
                name,
                value,
                source,
            });
        }
        let end = arena.len();
        let plain = arena.push_str("a+b%");
        let octets = arena.finish();
        assert_eq!(&octets[plain.start..plain.end], b"a+b%");
        let got: Vec<_> = records(&octets, end, params.len())
            .map(|p| (p.name_bytes(), p.value_bytes(), p.source()))
            .collect();
        let want: [(&[u8], &[u8], Source); 4] = [
            (b"city", b"Mal\xe9", Source::Query),
            (b"q", "café au lait".as_bytes(), Source::Body),
            (b"", b"", Source::Header),
            (b"\xe9t\xe9", b"summer", Source::Code),
        ];
        assert_eq!(got, want);
        assert_eq!(records(&octets, end, params.len()).len(), 4);
    }

    #[test]
    fn octets_show_as_text_or_escaped_bytes() {
        assert_eq!(format!("{:?}", DebugOctets(b"caf\xc3\xa9")), r#""café""#);
        assert_eq!(format!("{:?}", DebugOctets(b"Mal\xe9")), r#"b"Mal\xe9""#);
    }
}
