//! The incoming request as the verifier sees it: borrowed, nothing copied.

use std::fmt;

/// A borrowed view of one HTTP request, as received.
///
/// Everything the signature depends on (RFC 5849 §3.4.1): the method, the
/// absolute URL (scheme, authority, path and query as received), the
/// `Authorization` header, the `Content-Type` (form bodies are signed only
/// when it says `application/x-www-form-urlencoded`), the body, and the
/// `Host` header when the URL's authority is not the one the client used.
///
/// Behind a TLS-terminating proxy, build the URL with the scheme the
/// *client* used (`https`): the signature covers it, and PLAINTEXT is
/// refused over `http`.
///
/// ```
/// use oauthsig::verifier::IncomingRequest;
/// let req = IncomingRequest::new("POST", "https://api.example.com/photos?size=large")
///     .authorization(r#"OAuth oauth_consumer_key="dpf43f3p2l4k3l03", oauth_signature="…""#)
///     .content_type("application/x-www-form-urlencoded")
///     .body(b"title=Sunset")
///     .host("api.example.com");
/// assert_eq!(req.method(), "POST");
/// assert_eq!(req.body_bytes(), b"title=Sunset");
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct IncomingRequest<'a> {
    method: &'a str,
    url: &'a str,
    authorization: Option<&'a str>,
    content_type: Option<&'a str>,
    body: &'a [u8],
    host: Option<&'a str>,
}

impl<'a> IncomingRequest<'a> {
    /// A request with `method` (any case; it is upper-cased for signing) and
    /// the absolute `url` it was sent to; no header, no body.
    pub const fn new(method: &'a str, url: &'a str) -> Self {
        IncomingRequest {
            method,
            url,
            authorization: None,
            content_type: None,
            body: &[],
            host: None,
        }
    }

    /// Sets the `Authorization` header value.
    #[must_use]
    pub const fn authorization(mut self, value: &'a str) -> Self {
        self.authorization = Some(value);
        self
    }

    /// Sets the `Content-Type` header value.
    #[must_use]
    pub const fn content_type(mut self, value: &'a str) -> Self {
        self.content_type = Some(value);
        self
    }

    /// Sets the body octets.
    #[must_use]
    pub const fn body(mut self, body: &'a [u8]) -> Self {
        self.body = body;
        self
    }

    /// Sets the `Host` header; its authority replaces the URL's in the base
    /// string URI (§3.4.1.2).
    #[must_use]
    pub const fn host(mut self, host: &'a str) -> Self {
        self.host = Some(host);
        self
    }

    /// The HTTP method.
    pub const fn method(&self) -> &'a str {
        self.method
    }

    /// The absolute URL.
    pub const fn url(&self) -> &'a str {
        self.url
    }

    /// The `Authorization` header, if any.
    pub const fn authorization_header(&self) -> Option<&'a str> {
        self.authorization
    }

    /// The `Content-Type` header, if any.
    pub const fn content_type_header(&self) -> Option<&'a str> {
        self.content_type
    }

    /// The body octets.
    pub const fn body_bytes(&self) -> &'a [u8] {
        self.body
    }

    /// The `Host` header, if any.
    pub const fn host_header(&self) -> Option<&'a str> {
        self.host
    }

    /// Whether the body is signed: its media type is
    /// `application/x-www-form-urlencoded` (§3.4.1.3.1), compared without
    /// case and ignoring parameters such as `; charset=utf-8`.
    pub fn is_form_encoded(&self) -> bool {
        // The definition `Request::from_request` uses too.
        self.content_type
            .is_some_and(crate::request::is_form_content_type)
    }
}

impl fmt::Debug for IncomingRequest<'_> {
    /// The query, header and body can hold a PLAINTEXT signature (which is
    /// the secrets themselves), so only their sizes are shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.url.split(['?', '#']).next().unwrap_or("");
        f.debug_struct("IncomingRequest")
            .field("method", &self.method)
            .field("url", &format_args!("{path:?} (query hidden)"))
            .field(
                "authorization",
                &self.authorization.map(|a| format!("<{} bytes>", a.len())),
            )
            .field("content_type", &self.content_type)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .field("host", &self.host)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_media_type_is_matched_exactly() {
        let with = |ct| IncomingRequest::new("POST", "http://h/").content_type(ct);
        assert!(with("application/x-www-form-urlencoded").is_form_encoded());
        assert!(with("Application/X-WWW-Form-URLEncoded ; charset=UTF-8").is_form_encoded());
        assert!(!with("application/x-www-form-urlencodedx").is_form_encoded());
        assert!(!with("multipart/form-data; boundary=x").is_form_encoded());
        assert!(!with("application/json").is_form_encoded());
        assert!(!IncomingRequest::new("POST", "http://h/").is_form_encoded());
    }

    #[test]
    fn debug_hides_credentials() {
        let req = IncomingRequest::new("GET", "https://h/p?oauth_signature=cs%26ts")
            .authorization("OAuth oauth_signature=\"cs%26ts\"")
            .body(b"oauth_signature=cs%26ts");
        let shown = format!("{req:?}");
        assert!(!shown.contains("cs%26ts"), "{shown}");
        assert!(shown.contains("https://h/p"));
    }
}
