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
}
