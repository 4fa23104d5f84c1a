//! One request parameter, borrowed from the request, with the place it came
//! from. Names and values are octets (RFC 5849 §3.4.1.3.1, §3.6): decoded
//! on demand, and handed out as text only when they are UTF-8.

use crate::Error;
use oauthsig_core::{Param, Part, Source, Text};
use std::borrow::Cow;
use std::fmt;

/// A request parameter: its name and value as the request holds them (wire
/// text of the URL, form body or header, or raw text set in code), and
/// where it came from.
///
/// `Debug` hides the values of `oauth_signature` (for PLAINTEXT, the
/// secrets themselves) and `oauth_verifier` (as [`crate::Token`] does).
///
/// ```
/// use oauthsig::{Request, Source};
/// let request = Request::new("GET", "http://example.com/?q=a+b&city=Mal%E9")?.param("count", "10");
/// let p: Vec<_> = request.parameters().collect();
/// assert_eq!((p[0].name()?, p[0].value()?, p[0].source()), ("q".into(), "a b".into(), Source::Query));
/// assert_eq!(p[1].value_bytes(), &b"Mal\xe9"[..]);     // Latin-1: octets, not text
/// assert!(p[1].value().is_err());
/// assert_eq!(p[2].source(), Source::Code);
/// # Ok::<(), oauthsig::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Parameter<'r> {
    name: Text<'r>,
    value: Text<'r>,
    source: Source,
}

impl<'r> Parameter<'r> {
    pub(super) fn new(name: Text<'r>, value: Text<'r>, source: Source) -> Self {
        Parameter {
            name,
            value,
            source,
        }
    }

    /// The decoded name, as text.
    ///
    /// # Errors
    /// [`Error::Core`] with `InvalidUtf8 { part: Name, offset }` when the
    /// decoded octets are not UTF-8.
    pub fn name(&self) -> Result<Cow<'r, str>, Error> {
        Ok(self.name.to_str(Part::Name)?)
    }

    /// The decoded value, as text.
    ///
    /// ```
    /// let request = oauthsig::Request::new("GET", "http://example.com/?a=%3D%253D")?;
    /// assert_eq!(request.parameters().next().map(|p| p.value()).transpose()?.as_deref(), Some("=%3D"));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Core`] with `InvalidUtf8 { part: Value, offset }` when the
    /// decoded octets are not UTF-8.
    pub fn value(&self) -> Result<Cow<'r, str>, Error> {
        Ok(self.value.to_str(Part::Value)?)
    }

    /// The decoded name's octets.
    pub fn name_bytes(&self) -> Cow<'r, [u8]> {
        bytes(&self.name)
    }

    /// The decoded value's octets.
    pub fn value_bytes(&self) -> Cow<'r, [u8]> {
        bytes(&self.value)
    }

    /// Where the parameter came from.
    ///
    /// ```
    /// use oauthsig::{Request, Source};
    /// let request = Request::new("POST", "http://example.com/")?.form_body("a=1")?;
    /// assert_eq!(request.parameters().next().map(|p| p.source()), Some(Source::Body));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn source(&self) -> Source {
        self.source
    }

    /// Whether this is a protocol parameter (its name starts with `oauth_`, §3.1).
    ///
    /// ```
    /// let request = oauthsig::Request::new("GET", "http://example.com/?oauth_token=t&a=1")?;
    /// let protocol: Vec<bool> = request.parameters().map(|p| p.is_protocol()).collect();
    /// assert_eq!(protocol, [true, false]);
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn is_protocol(&self) -> bool {
        self.as_core().is_protocol()
    }

    /// Whether the decoded name is `name`.
    pub fn has_name(&self, name: &str) -> bool {
        self.name.eq_decoded(name.as_bytes())
    }

    /// The protocol layer's view.
    pub fn as_core(&self) -> Param<'r> {
        Param {
            name: self.name,
            value: self.value,
            source: self.source,
        }
    }
}

/// The decoded octets, borrowed when nothing needs decoding.
fn bytes<'r>(t: &Text<'r>) -> Cow<'r, [u8]> {
    match t.as_verbatim() {
        Some(s) => Cow::Borrowed(s.as_bytes()),
        None => Cow::Owned(t.decoded().collect()),
    }
}

impl fmt::Debug for Parameter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Parameter");
        d.field("name", &String::from_utf8_lossy(&self.name_bytes()));
        if self.has_name("oauth_signature") || self.has_name("oauth_verifier") {
            d.field("value", &format_args!("<hidden>"));
        } else {
            d.field("value", &String::from_utf8_lossy(&self.value_bytes()));
        }
        d.field("source", &self.source).finish()
    }
}
