//! What a verified request tells the application, owned and decoded.
//!
//! Every decoded value lives in one `String`; the accessors hand out slices
//! of it. With the parameters' spans held inline (up to eight), that is one
//! allocation per verified request, which matters on the hot path of a busy
//! server.

use oauthsig_core::{Error, Part, SignatureMethod, Text};
use std::fmt;
use std::iter::FusedIterator;

/// A byte range of the decoded text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Span {
    start: usize,
    end: usize,
}

/// Decodes texts into one string, checking each is UTF-8.
pub(super) struct Arena {
    text: String,
}

/// Texts longer than this (on the wire) with octets above 0x7F are decoded
/// through a `Vec` rather than a buffer on the stack.
const SCRATCH: usize = 128;

impl Arena {
    pub(super) fn with_capacity(n: usize) -> Self {
        Arena {
            text: String::with_capacity(n),
        }
    }

    /// Appends the decoded `text`.
    ///
    /// # Errors
    /// [`Error::InvalidUtf8`] naming `part` and the offset within the text.
    #[inline(always)]
    pub(super) fn push(&mut self, text: &Text<'_>, part: Part) -> Result<Span, Error> {
        let start = self.text.len();
        if text.is_plain() {
            // Unreserved ASCII: the wire text is the decoded text.
            self.text.push_str(text.as_wire());
            return Ok(Span {
                start,
                end: self.text.len(),
            });
        }
        self.push_decoded(text, part)
    }

    /// [`Arena::push`] for a text with escapes (rarer, and longer to do).
    #[inline(never)]
    fn push_decoded(&mut self, text: &Text<'_>, part: Part) -> Result<Span, Error> {
        let start = self.text.len();
        if !self.push_ascii(text) {
            self.text.truncate(start);
            self.push_utf8(text, part)?;
        }
        Ok(Span {
            start,
            end: self.text.len(),
        })
    }

    /// Decodes `text` onto the end an octet at a time, each ASCII octet
    /// being a char; `false` at the first other octet, with part of the
    /// text appended.
    #[inline]
    fn push_ascii(&mut self, text: &Text<'_>) -> bool {
        for b in text.decoded() {
            if !b.is_ascii() {
                return false;
            }
            self.text.push(char::from(b));
        }
        true
    }

    /// Appends a text whose octets are not all ASCII: they must form UTF-8.
    #[inline(never)]
    fn push_utf8(&mut self, text: &Text<'_>, part: Part) -> Result<(), Error> {
        // Decoding never lengthens a text, so the wire length bounds it.
        if text.as_wire().len() <= SCRATCH {
            // Decoded (and its UTF-8 checked) here, then appended with one
            // copy. On the stack of this rare path only: every verified
            // request would otherwise carry (and clear) it.
            let mut scratch = [0; SCRATCH];
            let decoded = text.decode_to(&mut scratch, part)?;
            self.text.push_str(decoded);
            return Ok(());
        }
        let bytes: Vec<u8> = text.decoded().collect();
        let decoded = std::str::from_utf8(&bytes).map_err(|e| Error::InvalidUtf8 {
            part,
            offset: e.valid_up_to(),
        })?;
        self.text.push_str(decoded);
        Ok(())
    }

    #[inline]
    pub(super) fn get(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    pub(super) fn finish(self) -> String {
        self.text
    }
}

/// Non-`oauth_` parameters held inline: most requests have a few, and then
/// a verified request costs one allocation (its text), not two.
const INLINE_PARAMS: usize = 8;

/// The spans of the non-`oauth_` parameters, in the order received: the
/// first [`INLINE_PARAMS`] inline, all of them in `spill` beyond that.
#[derive(Clone, Debug, Default)]
pub(super) struct ParamSpans {
    len: usize,
    inline: [(Span, Span); INLINE_PARAMS],
    spill: Vec<(Span, Span)>,
}

impl ParamSpans {
    #[inline]
    pub(super) fn push(&mut self, pair: (Span, Span)) {
        if !self.spill.is_empty() {
            self.spill.push(pair);
        } else if let Some(slot) = self.inline.get_mut(self.len) {
            *slot = pair;
            self.len += 1;
        } else {
            self.spill.reserve(2 * INLINE_PARAMS);
            self.spill.extend_from_slice(&self.inline);
            self.spill.push(pair);
        }
    }

    fn as_slice(&self) -> &[(Span, Span)] {
        if self.spill.is_empty() {
            self.inline.get(..self.len).unwrap_or(&[])
        } else {
            &self.spill
        }
    }
}

/// The parts of [`Verified`] that refer into its text.
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
/// ```
/// use oauthsig::verifier::{Credentials, CredentialQuery, IncomingRequest, LookupError, Verifier};
/// use oauthsig_core::SignatureMethod;
///
/// let verifier = Verifier::builder()
///     .allow(SignatureMethod::Plaintext)
///     .build()?;
/// let req = IncomingRequest::new("GET", "https://photos.example.net/photos?size=large&file=vacation.jpg")
///     .authorization(r#"OAuth oauth_consumer_key="dpf43f3p2l4k3l03", oauth_token="nnch734d00sl2jdk",
///         oauth_signature_method="PLAINTEXT", oauth_signature="kd94hf93k423kf44%26pfkkdhi9sl3r4s00""#);
/// let lookup = |_: &CredentialQuery<'_>| -> Result<Credentials<'static>, LookupError> {
///     Ok(Credentials::secrets("kd94hf93k423kf44", "pfkkdhi9sl3r4s00"))
/// };
/// let ok = verifier.verify(&req, &lookup)?;
/// assert_eq!(ok.consumer_key(), "dpf43f3p2l4k3l03");
/// assert_eq!(ok.token(), Some("nnch734d00sl2jdk"));
/// assert_eq!(ok.signature_method(), SignatureMethod::Plaintext);
/// assert_eq!(ok.parameter("file"), Some("vacation.jpg"));
/// assert_eq!(ok.parameters().collect::<Vec<_>>(), [("size", "large"), ("file", "vacation.jpg")]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Verified {
    pub(super) text: String,
    pub(super) spans: Spans,
    pub(super) method: SignatureMethod,
    pub(super) timestamp: Option<u64>,
}

impl Verified {
    fn get(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// The verified `oauth_consumer_key`.
    pub fn consumer_key(&self) -> &str {
        self.get(self.spans.consumer_key)
    }

    /// The verified `oauth_token`, if the request had one.
    pub fn token(&self) -> Option<&str> {
        self.spans.token.map(|s| self.get(s))
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
        self.spans.nonce.map(|s| self.get(s))
    }

    /// The `oauth_callback` (temporary-credential requests, §2.1).
    pub fn callback(&self) -> Option<&str> {
        self.spans.callback.map(|s| self.get(s))
    }

    /// The `oauth_verifier` (token requests, §2.3): the application must
    /// still check it belongs to the temporary credentials.
    pub fn verifier(&self) -> Option<&str> {
        self.spans.verifier.map(|s| self.get(s))
    }

    /// The `realm` of the `Authorization` header, if any (never signed).
    pub fn realm(&self) -> Option<&str> {
        self.spans.realm.map(|s| self.get(s))
    }

    /// The non-`oauth_` parameters (query, then form body, then any the
    /// header carried), decoded, in the order received. Names may repeat.
    pub fn parameters(&self) -> Parameters<'_> {
        Parameters {
            text: &self.text,
            spans: self.spans.params.as_slice().iter(),
        }
    }

    /// The first non-`oauth_` parameter named `name`.
    pub fn parameter(&self, name: &str) -> Option<&str> {
        self.parameters().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// The non-`oauth_` parameters as owned pairs.
    pub fn into_parameters(self) -> Vec<(String, String)> {
        self.parameters()
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
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

/// Iterator over [`Verified::parameters`]: `(name, value)`.
#[derive(Clone, Debug)]
pub struct Parameters<'a> {
    text: &'a str,
    spans: std::slice::Iter<'a, (Span, Span)>,
}

impl<'a> Iterator for Parameters<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let (n, v) = self.spans.next()?;
        let get = |s: &Span| self.text.get(s.start..s.end).unwrap_or("");
        Some((get(n), get(v)))
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
            p.push((span(i), span(i + 100)));
            let got: Vec<usize> = p.as_slice().iter().map(|(n, _)| n.start).collect();
            assert_eq!(got, (0..=i).collect::<Vec<_>>());
        }
        assert_eq!(p.spill.len(), 3 * INLINE_PARAMS);
    }

    #[test]
    fn arena_decodes_short_and_long_texts_alike() {
        for n in [1, SCRATCH / 3, SCRATCH / 3 + 1, SCRATCH] {
            let wire = "%C3%A9".repeat(n);
            let mut arena = Arena::with_capacity(wire.len());
            let t = Text::percent(&wire, Part::Header).unwrap();
            let s = arena.push(&t, Part::Value).unwrap();
            assert_eq!(arena.get(s), "é".repeat(n));
        }
        // Invalid UTF-8 is refused with its offset either way.
        for pad in [0, SCRATCH] {
            let wire = format!("{}%C3%28", "a".repeat(pad));
            let t = Text::percent(&wire, Part::Header).unwrap();
            assert_eq!(
                Arena::with_capacity(0).push(&t, Part::Value),
                Err(Error::InvalidUtf8 {
                    part: Part::Value,
                    offset: pad
                })
            );
        }
    }
}
