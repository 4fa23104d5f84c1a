//! What a server received, borrowed: nothing is copied.

use crate::body::is_form_content_type;
use core::fmt;

/// A received request as the checks see it: method, the absolute URL as
/// requested, and the headers and body that carry parameters.
///
/// ```
/// use oauthsig_core::verify::Incoming;
/// let req = Incoming::new("POST", "https://api.example.com/statuses")
///     .authorization(r#"OAuth oauth_consumer_key="k""#)
///     .content_type("application/x-www-form-urlencoded")
///     .body(b"status=hi");
/// assert!(req.is_form_encoded());
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Incoming<'a> {
    method: &'a str,
    url: &'a str,
    authorization: Option<&'a str>,
    content_type: Option<&'a str>,
    body: &'a [u8],
    host: Option<&'a str>,
}

impl<'a> Incoming<'a> {
    /// A request with `method` and the absolute `url` (query included).
    pub const fn new(method: &'a str, url: &'a str) -> Self {
        Incoming {
            method,
            url,
            authorization: None,
            content_type: None,
            body: &[],
            host: None,
        }
    }

    /// The `Authorization` header value; a scheme other than `OAuth` is a
    /// request without header parameters.
    #[must_use]
    pub const fn authorization(mut self, value: &'a str) -> Self {
        self.authorization = Some(value);
        self
    }

    /// The `Content-Type` header value: the body's parameters are signed
    /// only when it is `application/x-www-form-urlencoded`.
    #[must_use]
    pub const fn content_type(mut self, value: &'a str) -> Self {
        self.content_type = Some(value);
        self
    }

    /// The body octets.
    #[must_use]
    pub const fn body(mut self, body: &'a [u8]) -> Self {
        self.body = body;
        self
    }

    /// The `Host` header: it supplies the base string URI's authority
    /// (§3.4.1.2) instead of the URL's.
    #[must_use]
    pub const fn host(mut self, host: &'a str) -> Self {
        self.host = Some(host);
        self
    }

    /// The method.
    pub const fn method(&self) -> &'a str {
        self.method
    }

    /// The URL.
    pub const fn url(&self) -> &'a str {
        self.url
    }

    /// The `Authorization` header, if given.
    pub const fn authorization_header(&self) -> Option<&'a str> {
        self.authorization
    }

    /// The `Content-Type` header, if given.
    pub const fn content_type_header(&self) -> Option<&'a str> {
        self.content_type
    }

    /// The body octets.
    pub const fn body_bytes(&self) -> &'a [u8] {
        self.body
    }

    /// The `Host` header, if given.
    pub const fn host_header(&self) -> Option<&'a str> {
        self.host
    }

    /// Whether the body is form-encoded, so its parameters are signed.
    pub fn is_form_encoded(&self) -> bool {
        self.content_type.is_some_and(is_form_content_type)
    }
}

/// The request headers verification reads, each of which a request may
/// carry at most once: `Authorization` (the header parameters, §3.5.1),
/// `Content-Type` (whether the body is parameters, §3.4.1.3.1) and `Host`
/// (the base string URI's authority, §3.4.1.2). A layer that receives
/// headers by name keeps them here, owned (`S = String`) or borrowed, and
/// hands the engine [`Headers::incoming`].
///
/// ```
/// use oauthsig_core::verify::Headers;
/// let mut headers = Headers::<&str>::default();
/// headers.insert("authorization", r#"OAuth oauth_consumer_key="k""#).unwrap();
/// headers.insert("Accept", "*/*").unwrap(); // not read: ignored
/// assert_eq!(headers.insert("AUTHORIZATION", "OAuth").unwrap_err().name, "authorization");
/// let req = headers.incoming("GET", "https://h/p", b"");
/// assert!(req.authorization_header().is_some());
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Headers<S> {
    /// The `Authorization` header value.
    pub authorization: Option<S>,
    /// The `Content-Type` header value.
    pub content_type: Option<S>,
    /// The `Host` header value.
    pub host: Option<S>,
}

/// A header verification reads appeared twice, so which one was signed is
/// ambiguous.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RepeatedHeader {
    /// The header's name, lower case.
    pub name: &'static str,
}

impl<S> Headers<S> {
    /// Keeps `value` when `name` (matched without case) is a header
    /// verification reads; other headers are ignored. A second value for
    /// the same header is refused.
    pub fn insert<V: Into<S>>(&mut self, name: &str, value: V) -> Result<(), RepeatedHeader> {
        let (slot, name) = if name.eq_ignore_ascii_case("authorization") {
            (&mut self.authorization, "authorization")
        } else if name.eq_ignore_ascii_case("content-type") {
            (&mut self.content_type, "content-type")
        } else if name.eq_ignore_ascii_case("host") {
            (&mut self.host, "host")
        } else {
            return Ok(());
        };
        if slot.is_some() {
            return Err(RepeatedHeader { name });
        }
        *slot = Some(value.into());
        Ok(())
    }
}

impl<S: AsRef<str>> Headers<S> {
    /// The request as the engine reads it: these headers with `method`,
    /// the absolute `url` and the `body` octets.
    pub fn incoming<'a>(&'a self, method: &'a str, url: &'a str, body: &'a [u8]) -> Incoming<'a> {
        Incoming {
            method,
            url,
            authorization: self.authorization.as_ref().map(AsRef::as_ref),
            content_type: self.content_type.as_ref().map(AsRef::as_ref),
            body,
            host: self.host.as_ref().map(AsRef::as_ref),
        }
    }
}

impl<S> fmt::Debug for Headers<S> {
    /// Shows which headers are present, not their values (the
    /// `Authorization` header may carry a PLAINTEXT signature).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Headers")
            .field("authorization", &self.authorization.is_some())
            .field("content_type", &self.content_type.is_some())
            .field("host", &self.host.is_some())
            .finish()
    }
}

impl fmt::Debug for Incoming<'_> {
    /// Shows no credential: the query and header (which may carry a
    /// PLAINTEXT signature, that is, the secrets) and the body are hidden.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.url.split(['?', '#']).next().unwrap_or("");
        f.debug_struct("Incoming")
            .field("method", &self.method)
            .field("url", &format_args!("{path:?} (query hidden)"))
            .field("authorization", &self.authorization.map(|a| Bytes(a.len())))
            .field("content_type", &self.content_type)
            .field("body", &Bytes(self.body.len()))
            .field("host", &self.host)
            .finish()
    }
}

/// `<N bytes>`.
struct Bytes(usize);

impl fmt::Debug for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes>", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;

    #[test]
    fn debug_hides_credentials() {
        let req = Incoming::new("GET", "https://h/p?oauth_signature=cs%26ts")
            .authorization("OAuth oauth_signature=\"cs%26ts\"")
            .body(b"oauth_signature=cs%26ts");
        let shown = format!("{req:?}");
        assert!(!shown.contains("cs%26ts"), "{shown}");
        assert!(shown.contains("https://h/p"));
    }

    #[test]
    fn headers_keep_each_read_header_once_and_hide_values() {
        let mut headers = Headers::<&str>::default();
        headers.insert("Host", "h:8080").unwrap();
        headers.insert("content-TYPE", "text/plain").unwrap();
        headers
            .insert("Authorization", "OAuth oauth_signature=\"cs%26ts\"")
            .unwrap();
        headers.insert("X-Other", "1").unwrap();
        headers.insert("x-other", "2").unwrap();
        assert_eq!(
            headers.insert("HOST", "evil"),
            Err(RepeatedHeader { name: "host" })
        );
        let req = headers.incoming("POST", "https://h/p", b"a=1");
        assert_eq!(req.host_header(), Some("h:8080"));
        assert_eq!(req.content_type_header(), Some("text/plain"));
        assert!(!req.is_form_encoded());
        assert_eq!(req.body_bytes(), b"a=1");
        let shown = format!("{headers:?}");
        assert!(
            !shown.contains("cs%26ts") && !shown.contains("h:8080"),
            "{shown}"
        );
    }
}
