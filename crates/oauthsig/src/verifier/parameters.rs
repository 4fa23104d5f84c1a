//! The non-`oauth_` parameters of a verified request, read again from the
//! texts they arrived in (the query, the form body, the `Authorization`
//! header) and decoded as they are read.
//!
//! Names and values are octets (RFC 5849 §3.4.1.3.1 decodes them, §3.6
//! encodes octets): a Latin-1 query such as `city=Mal%E9` verifies. A
//! [`VerifiedParameter`] gives the octets, and text where they are UTF-8,
//! saying which part is not and where.

use oauthsig_core::header::{AuthParams, parse_authorization};
use oauthsig_core::params::{Pairs, pairs};
use oauthsig_core::{Error, Param, Part, Source, Spelling, Text};
use std::borrow::Cow;
use std::fmt;
use std::iter::FusedIterator;

/// A non-`oauth_` parameter of a verified request, decoded as it is read:
/// borrowed from the text it arrived in unless it had escapes.
///
/// ```
/// use oauthsig::verifier::{Credentials, CredentialQuery, IncomingRequest, LookupError, Verifier};
/// use oauthsig_core::{Error, Part, SignatureMethod, Source};
/// use std::borrow::Cow;
///
/// let verifier = Verifier::builder().allow(SignatureMethod::Plaintext).build()?;
/// let req = IncomingRequest::new("POST", "https://example.com/?q=caf%C3%A9")
///     .authorization(r#"OAuth oauth_consumer_key="k", oauth_signature_method="PLAINTEXT", oauth_signature="s%26""#)
///     .content_type("application/x-www-form-urlencoded")
///     .body(b"tag=plain&city=Mal%E9");
/// let lookup = |_: &CredentialQuery<'_>| -> Result<Credentials<'static>, LookupError> {
///     Ok(Credentials::secrets("s", ""))
/// };
/// let ok = verifier.verify_borrowed(&req, &lookup)?;
/// let [q, tag, city] = [0, 1, 2].map(|i| ok.parameters().nth(i).unwrap());
/// assert_eq!((q.name()?, q.value()?, q.source()), ("q".into(), "café".into(), Source::Query));
/// // Without escapes, text is borrowed from the request.
/// assert!(matches!(tag.value()?, Cow::Borrowed("plain")));
/// // Latin-1: octets, and no text.
/// assert_eq!(&*city.value_bytes(), b"Mal\xe9");
/// assert_eq!(city.value(), Err(Error::InvalidUtf8 { part: Part::Value, offset: 3 }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy)]
pub struct VerifiedParameter<'a>(Param<'a>);

impl<'a> VerifiedParameter<'a> {
    /// The name, as text.
    ///
    /// # Errors
    /// [`Error::InvalidUtf8`] with [`Part::Name`] and the offset in the
    /// decoded name.
    pub fn name(&self) -> Result<Cow<'a, str>, Error> {
        self.0.name.to_str(Part::Name)
    }

    /// The value, as text.
    ///
    /// # Errors
    /// [`Error::InvalidUtf8`] with [`Part::Value`] and the offset in the
    /// decoded value.
    pub fn value(&self) -> Result<Cow<'a, str>, Error> {
        self.0.value.to_str(Part::Value)
    }

    /// The decoded name's octets.
    pub fn name_bytes(&self) -> Cow<'a, [u8]> {
        octets(&self.0.name)
    }

    /// The decoded value's octets.
    pub fn value_bytes(&self) -> Cow<'a, [u8]> {
        octets(&self.0.value)
    }

    /// Where the parameter was: the query, the form body or the header.
    pub const fn source(&self) -> Source {
        self.0.source
    }

    /// Whether the decoded name is `name`.
    pub fn is_named(&self, name: &str) -> bool {
        self.0.name.eq_decoded(name.as_bytes())
    }
}

/// The decoded octets of `text`, borrowed when it has no escapes.
fn octets<'a>(text: &Text<'a>) -> Cow<'a, [u8]> {
    match text.as_verbatim() {
        Some(wire) => Cow::Borrowed(wire.as_bytes()),
        None => Cow::Owned(text.decoded().collect()),
    }
}

impl fmt::Debug for VerifiedParameter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifiedParameter")
            .field("name", &DebugOctets(&self.name_bytes()))
            .field("value", &DebugOctets(&self.value_bytes()))
            .field("source", &self.0.source)
            .finish()
    }
}

/// Octets in `Debug`: as a string when they are UTF-8, else as a byte
/// string with escapes (`b"Mal\xe9"`), never replaced.
struct DebugOctets<'a>(&'a [u8]);

impl fmt::Debug for DebugOctets<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match std::str::from_utf8(self.0) {
            Ok(s) => fmt::Debug::fmt(s, f),
            Err(_) => write!(f, "b\"{}\"", self.0.escape_ascii()),
        }
    }
}

/// The non-`oauth_` parameters of a verified request, in the order
/// received: the query's, then the form body's, then any the header
/// carried.
#[derive(Clone, Debug)]
pub struct Parameters<'a> {
    query: Pairs<'a>,
    body: Pairs<'a>,
    header: Option<AuthParams<'a>>,
}

impl<'a> Parameters<'a> {
    /// The parameters of a query, a form body (empty when the body is not
    /// one) and an `Authorization` header (empty when it carried none).
    pub(super) fn new(query: &'a str, body: &'a str, header: &'a str) -> Self {
        Parameters {
            query: pairs(query, Part::Query),
            body: pairs(body, Part::Body),
            header: parse_authorization(header).ok(),
        }
    }

    /// The first parameter named `name`.
    pub(super) fn named(mut self, name: &str) -> Option<VerifiedParameter<'a>> {
        self.find(|p| p.is_named(name))
    }

    /// The next parameter of any name. The request verified, so every pair
    /// parses; an item that did not (only a bug could make one) is skipped
    /// rather than reported twice.
    fn next_param(&mut self) -> Option<Param<'a>> {
        let next_pair = |it: &mut Pairs<'a>, source| {
            let (name, value, _) = it.by_ref().flatten().next()?;
            Some(Param {
                name,
                value,
                source,
            })
        };
        if let Some(p) = next_pair(&mut self.query, Source::Query) {
            return Some(p);
        }
        if let Some(p) = next_pair(&mut self.body, Source::Body) {
            return Some(p);
        }
        // `realm` alone has a quoted-string value; it is not a parameter.
        let item = self
            .header
            .as_mut()?
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

impl<'a> Iterator for Parameters<'a> {
    type Item = VerifiedParameter<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let p = self.next_param()?;
            if !p.is_protocol() {
                return Some(VerifiedParameter(p));
            }
        }
    }
}

impl FusedIterator for Parameters<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_location_in_order_without_oauth_or_realm() {
        let header = r#"OAuth realm="r", oauth_nonce="n", h="%E9""#;
        let got: Vec<_> = Parameters::new("a=1&oauth_x=2&b", "c=Mal%E9", header)
            .map(|p| {
                (
                    p.name_bytes().into_owned(),
                    p.value_bytes().into_owned(),
                    p.source(),
                )
            })
            .collect();
        let want: [(&[u8], &[u8], Source); 4] = [
            (b"a", b"1", Source::Query),
            (b"b", b"", Source::Query),
            (b"c", b"Mal\xe9", Source::Body),
            (b"h", b"\xe9", Source::Header),
        ];
        let want: Vec<_> = want.map(|(n, v, s)| (n.to_vec(), v.to_vec(), s)).into();
        assert_eq!(got, want);
    }

    #[test]
    fn text_where_it_is_text() {
        let p = Parameters::new("x%FFy=caf%E9", "", "").next().unwrap();
        let not_text = |part, offset| Err(Error::InvalidUtf8 { part, offset });
        assert_eq!(p.name(), not_text(Part::Name, 1));
        assert_eq!(p.value(), not_text(Part::Value, 3));
        let p = Parameters::new("", "q=caf%C3%A9+au+lait", "")
            .next()
            .unwrap();
        assert_eq!(p.value(), Ok(Cow::Owned("café au lait".to_owned())));
        assert!(matches!(p.name(), Ok(Cow::Borrowed("q"))));
    }

    #[test]
    fn octets_show_as_text_or_escaped_bytes() {
        assert_eq!(format!("{:?}", DebugOctets(b"caf\xc3\xa9")), r#""café""#);
        assert_eq!(format!("{:?}", DebugOctets(b"Mal\xe9")), r#"b"Mal\xe9""#);
    }
}
