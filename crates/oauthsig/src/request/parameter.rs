//! One owned request parameter, decoded, with the place it came from.

use oauthsig_core::{Param, Source, Text};
use std::borrow::Cow;
use std::fmt;

/// A request parameter: decoded name and value, and where it came from
/// (the URL query, a form body, the `Authorization` header, or code).
///
/// `Debug` hides the values of `oauth_signature` (for PLAINTEXT, the
/// secrets themselves) and `oauth_verifier` (as [`crate::Token`] does).
///
/// ```
/// use oauthsig::{Request, Source};
/// let request = Request::new("GET", "http://example.com/?q=a+b")?.param("count", "10");
/// let q = &request.parameters()[0];
/// assert_eq!((q.name(), q.value(), q.source()), ("q", "a b", Source::Query));
/// assert_eq!(request.parameters()[1].source(), Source::Code);
/// # Ok::<(), oauthsig::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Parameter {
    // Protocol names set by this crate are `'static`: no allocation for them.
    pub(super) name: Cow<'static, str>,
    pub(super) value: String,
    pub(super) source: Source,
}

impl Parameter {
    pub(super) fn new(
        name: impl Into<Cow<'static, str>>,
        value: impl Into<String>,
        source: Source,
    ) -> Self {
        Parameter {
            name: name.into(),
            value: value.into(),
            source,
        }
    }

    /// The decoded name.
    ///
    /// ```
    /// let request = oauthsig::Request::new("GET", "http://example.com/?c%40=1")?;
    /// assert_eq!(request.parameters()[0].name(), "c@");
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The decoded value.
    ///
    /// ```
    /// let request = oauthsig::Request::new("GET", "http://example.com/?a=%3D%253D")?;
    /// assert_eq!(request.parameters()[0].value(), "=%3D");
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn value(&self) -> &str {
        &self.value
    }

    /// Where the parameter came from.
    ///
    /// ```
    /// use oauthsig::{Request, Source};
    /// let request = Request::new("POST", "http://example.com/")?.form_body("a=1")?;
    /// assert_eq!(request.parameters()[0].source(), Source::Body);
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn source(&self) -> Source {
        self.source
    }

    /// Whether this is a protocol parameter (its name starts with `oauth_`, §3.1).
    ///
    /// ```
    /// let request = oauthsig::Request::new("GET", "http://example.com/?oauth_token=t&a=1")?;
    /// assert!(request.parameters()[0].is_protocol());
    /// assert!(!request.parameters()[1].is_protocol());
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn is_protocol(&self) -> bool {
        // The name is decoded text, so this is `Param::is_protocol` without
        // building a `Text` (which scans the value too).
        self.name.starts_with("oauth_")
    }

    /// Whether the parameter travels with the protocol parameters (set in code
    /// or received in the header) rather than in the URL or the body.
    pub(super) fn is_own(&self) -> bool {
        matches!(self.source, Source::Code | Source::Header)
    }

    /// The protocol layer's borrowed view.
    pub(crate) fn as_core(&self) -> Param<'_> {
        Param {
            name: Text::raw(&self.name),
            value: Text::raw(&self.value),
            source: self.source,
        }
    }
}

impl fmt::Debug for Parameter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Parameter");
        d.field("name", &self.name);
        if matches!(&*self.name, "oauth_signature" | "oauth_verifier") {
            d.field("value", &format_args!("<hidden>"));
        } else {
            d.field("value", &self.value);
        }
        d.field("source", &self.source).finish()
    }
}
