//! What a verification builds while it checks: the owned [`Verified`] or
//! the borrowed [`VerifiedRef`]. The checks are written once, over this
//! trait; each result keeps only what it needs.

use super::borrowed::VerifiedRef;
use super::verified::{Arena, Span, Spans, Verified};
use super::{Found, ProtocolParam};
use oauthsig_core::{Error as CoreError, Param, Part, SignatureMethod, Source, Text};
use std::borrow::Cow;

/// A result under construction, fed the request's parameters in order.
pub(super) trait Outcome<'a>: Sized {
    /// The finished result.
    type Output;

    /// Ready for a request whose parameters came from `wire`: the query,
    /// the form body and the header.
    fn new(wire: [&'a str; 3]) -> Self;

    /// A non-`oauth_` parameter, in the order received.
    ///
    /// # Errors
    /// [`CoreError::InvalidUtf8`] when the name or value does not decode to
    /// UTF-8 (step 0).
    fn param(&mut self, p: &Param<'a>) -> Result<(), CoreError>;

    /// The protocol values the checks and the result need, and the realm.
    ///
    /// # Errors
    /// As [`Outcome::param`].
    fn protocol(&mut self, found: &Found<'a>, realm: Option<Text<'a>>) -> Result<(), CoreError>;

    /// The decoded `oauth_consumer_key` (empty when absent).
    fn consumer_key(&self) -> &str;
    /// The decoded `oauth_token`.
    fn token(&self) -> Option<&str>;
    /// The decoded `oauth_nonce`.
    fn nonce(&self) -> Option<&str>;
    /// The decoded `realm`.
    fn realm(&self) -> Option<&str>;

    /// The result of a request that passed every check.
    fn finish(self, method: SignatureMethod, timestamp: Option<u64>) -> Self::Output;
}

/// Builds [`Verified`]: every value decoded into one string.
pub(super) struct Owned {
    arena: Arena,
    spans: Spans,
}

impl<'a> Outcome<'a> for Owned {
    type Output = Verified;

    fn new(wire: [&'a str; 3]) -> Self {
        // Every text pushed is decoded from the wire, and decoding never
        // lengthens text: this bound means the pushes never reallocate.
        Owned {
            arena: Arena::with_capacity(wire.iter().map(|w| w.len()).sum()),
            spans: Spans::default(),
        }
    }

    #[inline(always)]
    fn param(&mut self, p: &Param<'a>) -> Result<(), CoreError> {
        let name = self.arena.push(&p.name, Part::Name)?;
        let value = self.arena.push(&p.value, Part::Value)?;
        self.spans.params.push((name, value));
        Ok(())
    }

    fn protocol(&mut self, found: &Found<'a>, realm: Option<Text<'a>>) -> Result<(), CoreError> {
        let arena = &mut self.arena;
        let mut span_of = |p: ProtocolParam| -> Result<Option<Span>, CoreError> {
            found
                .get(p)
                .map(|t| arena.push(&t, Part::Value))
                .transpose()
        };
        let spans = &mut self.spans;
        spans.consumer_key = span_of(ProtocolParam::ConsumerKey)?.unwrap_or_default();
        spans.token = span_of(ProtocolParam::Token)?;
        spans.nonce = span_of(ProtocolParam::Nonce)?;
        spans.callback = span_of(ProtocolParam::Callback)?;
        spans.verifier = span_of(ProtocolParam::Verifier)?;
        spans.realm = realm.map(|r| arena.push(&r, Part::Realm)).transpose()?;
        Ok(())
    }

    fn consumer_key(&self) -> &str {
        self.arena.get(self.spans.consumer_key)
    }

    fn token(&self) -> Option<&str> {
        self.spans.token.map(|s| self.arena.get(s))
    }

    fn nonce(&self) -> Option<&str> {
        self.spans.nonce.map(|s| self.arena.get(s))
    }

    fn realm(&self) -> Option<&str> {
        self.spans.realm.map(|s| self.arena.get(s))
    }

    fn finish(self, method: SignatureMethod, timestamp: Option<u64>) -> Verified {
        Verified {
            text: self.arena.finish(),
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

    fn new(wire: [&'a str; 3]) -> Self {
        Borrowed {
            wire,
            header_params: false,
            consumer_key: Cow::Borrowed(""),
            token: None,
            nonce: None,
            callback: None,
            verifier: None,
            realm: None,
        }
    }

    #[inline]
    fn param(&mut self, p: &Param<'a>) -> Result<(), CoreError> {
        self.header_params |= p.source == Source::Header;
        check_utf8(&p.name, Part::Name)?;
        check_utf8(&p.value, Part::Value)
    }

    fn protocol(&mut self, found: &Found<'a>, realm: Option<Text<'a>>) -> Result<(), CoreError> {
        let value = |p: ProtocolParam| found.get(p).map(|t| t.to_str(Part::Value)).transpose();
        self.consumer_key = value(ProtocolParam::ConsumerKey)?.unwrap_or_default();
        self.token = value(ProtocolParam::Token)?;
        self.nonce = value(ProtocolParam::Nonce)?;
        self.callback = value(ProtocolParam::Callback)?;
        self.verifier = value(ProtocolParam::Verifier)?;
        self.realm = realm.map(|r| r.to_str(Part::Realm)).transpose()?;
        Ok(())
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

/// Whether `text` decodes to UTF-8, without decoding it when it cannot
/// fail: wire text is a `&str`, so only an escape can decode to a bad
/// octet, and only an escape of one above 0x7F (`%8X` to `%FX`).
///
/// # Errors
/// [`CoreError::InvalidUtf8`] with the offset in the decoded text.
#[inline]
fn check_utf8(text: &Text<'_>, part: Part) -> Result<(), CoreError> {
    if text.as_verbatim().is_some() || !has_high_escape(text) {
        return Ok(());
    }
    text.to_str(part).map(|_| ())
}

/// Whether a percent or form escape in `text` encodes an octet above 0x7F
/// (a quoted string's `\\x` only escapes a character already in the text).
fn has_high_escape(text: &Text<'_>) -> bool {
    let b = text.as_wire().as_bytes();
    text.spelling() != oauthsig_core::Spelling::Quoted
        && b.iter()
            .zip(b.iter().skip(1))
            .any(|(&c, &h)| c == b'%' && matches!(h, b'8'..=b'9' | b'A'..=b'F' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_escapes_above_0x7f_need_a_utf8_check() {
        let t = |s| Text::form(s, Part::Query).unwrap();
        for s in ["%41", "a+b", "%7F", "%2580", "é"] {
            assert!(!has_high_escape(&t(s)), "{s}");
            assert_eq!(check_utf8(&t(s), Part::Value), Ok(()), "{s}");
        }
        for s in ["%80", "%c3%a9", "x%FF", "%8a"] {
            assert!(has_high_escape(&t(s)), "{s}");
        }
        assert_eq!(check_utf8(&t("%c3%a9"), Part::Value), Ok(()));
        assert_eq!(
            check_utf8(&t("ab%FF"), Part::Name),
            Err(CoreError::InvalidUtf8 {
                part: Part::Name,
                offset: 2
            })
        );
    }
}
