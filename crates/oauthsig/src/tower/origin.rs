//! The URL the client signed, rebuilt from the request the server received.
//!
//! The signature covers the base string URI, "the scheme, authority and
//! path of the request resource URI, as received by the server"
//! ([RFC 5849 §3.4.1.2](https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1.2)),
//! and the query ([§3.4.1.3.1](https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1.3.1)).
//! An HTTP/1.1 server mostly receives only the path and query
//! (`GET /photos?size=large`): the scheme and the authority have to come
//! from somewhere else, and behind a TLS-terminating proxy the obvious
//! answer (`http`, the backend's own host and port) is not what the client
//! signed (`https`, the public name). That is the most reported
//! verification failure of OAuth 1.0a servers (LTI tools behind a load
//! balancer above all).
//!
//! [`OriginPolicy::signed_url`] answers it, each part from the first source
//! that has it:
//!
//! | part | 1. configured | 2. trusted proxy headers | 3. the request |
//! |---|---|---|---|
//! | scheme | [`PublicOrigin`] | `Forwarded: proto=` ([RFC 7239 §5.4](https://www.rfc-editor.org/rfc/rfc7239#section-5.4)), then `X-Forwarded-Proto` | the request URI's scheme (HTTP/2, absolute-form), else `http` |
//! | authority | [`PublicOrigin`] with a host | `Forwarded: host=` ([RFC 7239 §5.3](https://www.rfc-editor.org/rfc/rfc7239#section-5.3)), then `X-Forwarded-Host` | the request URI's authority, else the `Host` header |
//! | path and query | — | — | the request URI, byte for byte |
//!
//! What must stay true:
//!
//! - The proxy headers are read **only** when
//!   [`trust_forwarded_headers(true)`](OriginPolicy::trust_forwarded_headers)
//!   was configured: any client can send them, so they mean something only
//!   when every proxy in front of the server sets (or strips) all three.
//!   Of a list (`X-Forwarded-Proto: https, http`, or several `Forwarded`
//!   elements) the first is read: the one the client-facing proxy wrote.
//! - The path and query are the request's as received, never decoded nor
//!   re-encoded: the signature covers the query's parameters as the client
//!   encoded them, and core normalises the path as the client did.
//! - An authority can never change which path is verified: none with a
//!   byte that ends an authority (`/`, `?`, `#`), splits off a userinfo
//!   (`@`) or is no URI character (space, control, non-ASCII) is put in
//!   front of the path. A configured or proxy-sent one is checked by core's
//!   whole rule for host and port, so a refusal names its source; for the
//!   request's own `Host`, core's rule refuses a bad host or port when the
//!   verifier parses the URL.
//! - Nothing else is normalised here: oauthsig-core lowercases the scheme
//!   and host and drops the default port (80 for http, 443 for https) when
//!   it writes the base string URI.

use ::http::header::{HOST, HeaderMap, HeaderName};
use ::http::uri::Uri;
use oauthsig_core::BaseStringUri;
use std::borrow::Cow;
use std::fmt;

/// `X-Forwarded-Proto`: the scheme the client used, as a proxy reports it.
static X_FORWARDED_PROTO: HeaderName = HeaderName::from_static("x-forwarded-proto");
/// `X-Forwarded-Host`: the `Host` the client sent, as a proxy reports it.
static X_FORWARDED_HOST: HeaderName = HeaderName::from_static("x-forwarded-host");
/// `Forwarded` (RFC 7239).
static FORWARDED: HeaderName = HeaderName::from_static("forwarded");

/// The scheme and, usually, the authority clients use to reach the server:
/// configuration, so it wins over anything a request says.
///
/// ```
/// use oauthsig::tower::PublicOrigin;
/// let origin = PublicOrigin::new("https://API.example.com:8443")?;
/// assert_eq!((origin.scheme(), origin.authority()), ("https", Some("API.example.com:8443")));
/// // A scheme only: the host comes from the request (many host names, one TLS server).
/// let https = PublicOrigin::scheme_only("https")?;
/// assert_eq!(https.authority(), None);
/// assert!(PublicOrigin::new("https://api.example.com/v1").is_err()); // no path
/// assert!(PublicOrigin::new("ftp://api.example.com").is_err());     // http or https
/// # Ok::<(), oauthsig::tower::OriginError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PublicOrigin {
    https: bool,
    authority: Option<String>,
}

impl PublicOrigin {
    /// `origin` is `http://` or `https://` and an authority (host, optional
    /// port), nothing else (a trailing `/` is allowed).
    ///
    /// # Errors
    /// [`OriginError::BadScheme`] or [`OriginError::BadAuthority`] with
    /// [`OriginSource::Configured`].
    pub fn new(origin: &str) -> Result<Self, OriginError> {
        let (scheme, rest) = origin
            .split_once("://")
            .ok_or(OriginError::BadScheme(OriginSource::Configured))?;
        let mut origin = Self::scheme_only(scheme)?;
        let authority = rest.strip_suffix('/').unwrap_or(rest);
        check_authority(authority, OriginSource::Configured)?;
        origin.authority = Some(authority.to_owned());
        Ok(origin)
    }

    /// The scheme only (`http` or `https`, any case): the authority comes
    /// from the request (or, trusted, its proxy headers).
    ///
    /// # Errors
    /// [`OriginError::BadScheme`] with [`OriginSource::Configured`].
    pub fn scheme_only(scheme: &str) -> Result<Self, OriginError> {
        let https = parse_scheme(scheme, OriginSource::Configured)?;
        Ok(PublicOrigin {
            https,
            authority: None,
        })
    }

    /// `"http"` or `"https"`.
    pub fn scheme(&self) -> &'static str {
        scheme_str(self.https)
    }

    /// The configured authority, as given.
    pub fn authority(&self) -> Option<&str> {
        self.authority.as_deref()
    }
}

/// How [`OriginPolicy::signed_url`] finds the scheme and authority; see the
/// [module docs](self). The default trusts nothing but the request itself.
///
/// ```
/// use oauthsig::tower::{OriginPolicy, PublicOrigin};
/// let request = ::http::Request::get("/photos?size=large")
///     .header("host", "10.0.0.7:8080")
///     .header("x-forwarded-proto", "https")
///     .header("x-forwarded-host", "photos.example.net")
///     .body(())?;
/// let (uri, headers) = (request.uri(), request.headers());
///
/// // Untrusted, the proxy headers are ignored.
/// assert_eq!(OriginPolicy::new().signed_url(uri, headers)?, "http://10.0.0.7:8080/photos?size=large");
/// // Trusted, they are what the client used.
/// let behind_proxy = OriginPolicy::new().trust_forwarded_headers(true);
/// assert_eq!(behind_proxy.signed_url(uri, headers)?, "https://photos.example.net/photos?size=large");
/// // Configured, no header is needed (nor read).
/// let configured = OriginPolicy::new().public_origin(PublicOrigin::new("https://api.example.com")?);
/// assert_eq!(configured.signed_url(uri, headers)?, "https://api.example.com/photos?size=large");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OriginPolicy {
    public: Option<PublicOrigin>,
    trust_forwarded: bool,
}

impl OriginPolicy {
    /// Trusts the request alone: scheme from the URI (else `http`),
    /// authority from the URI, else the `Host` header.
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes the scheme, and the authority when it has one, from `origin`.
    #[must_use]
    pub fn public_origin(mut self, origin: PublicOrigin) -> Self {
        self.public = Some(origin);
        self
    }

    /// Reads `Forwarded` (RFC 7239: `proto=`, `host=`), `X-Forwarded-Proto`
    /// and `X-Forwarded-Host` for what the [`PublicOrigin`] does not fix.
    /// Only behind a proxy that sets or strips all three: a client can send
    /// them too.
    #[must_use]
    pub fn trust_forwarded_headers(mut self, trust: bool) -> Self {
        self.trust_forwarded = trust;
        self
    }

    /// The configured public origin, if any.
    pub fn configured_origin(&self) -> Option<&PublicOrigin> {
        self.public.as_ref()
    }

    /// Whether the proxy headers are read.
    pub fn trusts_forwarded_headers(&self) -> bool {
        self.trust_forwarded
    }

    /// The absolute URL the client signed: scheme, authority, then the
    /// request URI's path and query as received.
    ///
    /// # Errors
    /// [`OriginError`] naming the part and where it came from: a proxy
    /// header that cannot be read, a scheme other than http/https, an
    /// authority that could move the path (or, from a proxy, is not a host
    /// and port), no authority at all, a repeated `Host`, a request target
    /// that is not a path (`*`). (A malformed port in the request's own
    /// `Host` is core's to refuse, when the verifier parses the URL.)
    pub fn signed_url(&self, uri: &Uri, headers: &HeaderMap) -> Result<String, OriginError> {
        self.signed_parts(uri, headers).map(|u| u.parts().concat())
    }

    /// [`OriginPolicy::signed_url`] in its parts, checked, not yet joined
    /// (the layer joins them on the stack).
    pub(super) fn signed_parts<'a>(
        &'a self,
        uri: &'a Uri,
        headers: &'a HeaderMap,
    ) -> Result<SignedUrl<'a>, OriginError> {
        let mut https = self.public.as_ref().map(|p| p.https);
        let mut authority = self
            .public
            .as_ref()
            .and_then(|p| p.authority.as_deref())
            .map(|a| (Cow::Borrowed(a), OriginSource::Configured));
        if self.trust_forwarded && (https.is_none() || authority.is_none()) {
            let forwarded = match header_text(headers, &FORWARDED, OriginSource::Forwarded)? {
                Some(value) => first_forwarded_element(value)?,
                None => ForwardedElement::default(),
            };
            if https.is_none() {
                https = match forwarded.proto {
                    Some(p) => Some(parse_scheme(&p, OriginSource::Forwarded)?),
                    None => {
                        first_listed(headers, &X_FORWARDED_PROTO, OriginSource::XForwardedProto)?
                            .map(|p| parse_scheme(p, OriginSource::XForwardedProto))
                            .transpose()?
                    }
                };
            }
            if authority.is_none() {
                authority = match forwarded.host {
                    Some(h) => Some((h, OriginSource::Forwarded)),
                    None => first_listed(headers, &X_FORWARDED_HOST, OriginSource::XForwardedHost)?
                        .map(|h| (Cow::Borrowed(h), OriginSource::XForwardedHost)),
                };
            }
        }
        let https = match https {
            Some(h) => h,
            None => match uri.scheme_str() {
                Some(s) => parse_scheme(s, OriginSource::Uri)?,
                None => false,
            },
        };
        let (authority, source) = match authority {
            Some(a) => a,
            None => match uri.authority() {
                Some(a) => (Cow::Borrowed(a.as_str()), OriginSource::Uri),
                None => (host_header(headers)?, OriginSource::Host),
            },
        };
        match source {
            // Checked when it was configured.
            OriginSource::Configured => {}
            OriginSource::Host | OriginSource::Uri => check_boundaries(&authority, source)?,
            _ => check_authority(&authority, source)?,
        }
        // origin-form (`/p?q`) or absolute-form: the path and query as
        // received; `*` (OPTIONS) and authority-form (CONNECT) name no
        // resource a client could have signed.
        let target = match uri.path_and_query() {
            Some(pq) => pq.as_str(),
            None if uri.authority().is_some() => "/",
            None => return Err(OriginError::NotAPath),
        };
        if !target.starts_with('/') {
            return Err(OriginError::NotAPath);
        }
        Ok(SignedUrl {
            scheme: scheme_str(https),
            authority,
            target,
        })
    }
}

/// The signed URL's parts, each checked: joined, they are the URL.
#[derive(Debug)]
pub(super) struct SignedUrl<'a> {
    scheme: &'static str,
    authority: Cow<'a, str>,
    target: &'a str,
}

impl SignedUrl<'_> {
    /// The texts that, joined, are the URL.
    pub(super) fn parts(&self) -> [&str; 4] {
        [self.scheme, "://", &self.authority, self.target]
    }
}

/// Where a part of the URL came from, for errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OriginSource {
    /// The [`PublicOrigin`].
    Configured,
    /// The `Forwarded` header.
    Forwarded,
    /// The `X-Forwarded-Proto` header.
    XForwardedProto,
    /// The `X-Forwarded-Host` header.
    XForwardedHost,
    /// The request URI.
    Uri,
    /// The `Host` header.
    Host,
}

impl OriginSource {
    /// The source's name, as in messages.
    pub const fn as_str(self) -> &'static str {
        match self {
            OriginSource::Configured => "configured public origin",
            OriginSource::Forwarded => "forwarded header",
            OriginSource::XForwardedProto => "x-forwarded-proto header",
            OriginSource::XForwardedHost => "x-forwarded-host header",
            OriginSource::Uri => "request uri",
            OriginSource::Host => "host header",
        }
    }
}

/// Why the signed URL could not be rebuilt: a 400 (or, for
/// [`OriginSource::Configured`], a configuration mistake). Messages name the
/// part and its source, never the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OriginError {
    /// The scheme is not `http` or `https` (§3.4.1.2 signs only those).
    BadScheme(OriginSource),
    /// The authority is empty, or not a host and optional port (it would
    /// change the URL's path).
    BadAuthority(OriginSource),
    /// A header read here is not text, or appears twice (`Host`).
    BadHeader(OriginSource),
    /// The `Forwarded` header does not parse (RFC 7239 §4) at this byte.
    MalformedForwarded {
        /// Byte offset in the header's first line.
        offset: usize,
    },
    /// Neither the request URI nor a `Host` header names the authority
    /// (HTTP/1.0), and none is configured.
    NoAuthority,
    /// The request target is not a path (`OPTIONS *`, `CONNECT`).
    NotAPath,
}

impl fmt::Display for OriginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OriginError::BadScheme(s) => write!(f, "{}: scheme is not http or https", s.as_str()),
            OriginError::BadAuthority(s) => {
                write!(f, "{}: not a host and optional port", s.as_str())
            }
            OriginError::BadHeader(s) => write!(f, "{}: not text, or repeated", s.as_str()),
            OriginError::MalformedForwarded { offset } => {
                write!(f, "malformed forwarded header at byte {offset}")
            }
            OriginError::NoAuthority => f.write_str("no host in the request uri or headers"),
            OriginError::NotAPath => f.write_str("request target is not a path"),
        }
    }
}

impl std::error::Error for OriginError {}

fn scheme_str(https: bool) -> &'static str {
    if https { "https" } else { "http" }
}

/// `true` for https, `false` for http, any case.
fn parse_scheme(s: &str, source: OriginSource) -> Result<bool, OriginError> {
    if s.eq_ignore_ascii_case("https") {
        Ok(true)
    } else if s.eq_ignore_ascii_case("http") {
        Ok(false)
    } else {
        Err(OriginError::BadScheme(source))
    }
}

/// `authority` is a host and optional port by oauthsig-core's rule for the
/// base string URI (§3.4.1.2), the rule the verifier parses the URL with:
/// for a configured origin (once) and a proxy's header, so that a proxy
/// that sends a bad one is named in the error.
fn check_authority(authority: &str, source: OriginSource) -> Result<(), OriginError> {
    let bad = OriginError::BadAuthority(source);
    // A userinfo is no part of what a `Host` names, and core splits it off
    // a URL's authority: refuse it rather than let it be dropped.
    if authority.contains('@') {
        return Err(bad);
    }
    BaseStringUri::parse_with_host("http://h/", Some(authority)).map_err(|_| bad)?;
    Ok(())
}

/// `authority` cannot move the boundaries of the URL it is put in: it is
/// not empty, and has no byte that ends an authority (`/`, `?`, `#`), starts
/// a path's userinfo split (`@`), or is no URI character (space, control,
/// non-ASCII). What must stay true: with this, the verifier reads exactly
/// this authority and the request's own path; core's rule then refuses a
/// malformed host or port (400) when the verifier parses the URL. For the
/// request's own `Host` (or absolute-form URI, which the `http` crate
/// parsed already), the per-request path: one scan instead of a parse.
fn check_boundaries(authority: &str, source: OriginSource) -> Result<(), OriginError> {
    let inside = |c: u8| c.is_ascii_graphic() && !matches!(c, b'/' | b'?' | b'#' | b'@');
    if authority.is_empty() || !authority.bytes().all(inside) {
        return Err(OriginError::BadAuthority(source));
    }
    Ok(())
}

/// The header's (first) value, as visible ASCII text.
fn header_text<'h>(
    headers: &'h HeaderMap,
    name: &HeaderName,
    source: OriginSource,
) -> Result<Option<&'h str>, OriginError> {
    headers
        .get(name)
        .map(|v| v.to_str().map_err(|_| OriginError::BadHeader(source)))
        .transpose()
}

/// The first entry of a comma-separated list header (`X-Forwarded-*`),
/// trimmed; several lines are one list (RFC 9110 §5.3), so the first line's.
fn first_listed<'h>(
    headers: &'h HeaderMap,
    name: &HeaderName,
    source: OriginSource,
) -> Result<Option<&'h str>, OriginError> {
    let Some(value) = header_text(headers, name, source)? else {
        return Ok(None);
    };
    let first = value
        .split(',')
        .next()
        .unwrap_or("")
        .trim_matches([' ', '\t']);
    if first.is_empty() {
        return Err(OriginError::BadHeader(source));
    }
    Ok(Some(first))
}

/// The `Host` header: exactly one (RFC 9112 §3.2 answers 400 to more).
fn host_header(headers: &HeaderMap) -> Result<Cow<'_, str>, OriginError> {
    let mut all = headers.get_all(HOST).iter();
    let (Some(host), None) = (all.next(), all.next()) else {
        return Err(match headers.contains_key(HOST) {
            true => OriginError::BadHeader(OriginSource::Host),
            false => OriginError::NoAuthority,
        });
    };
    // Visible ASCII: a host name is (IDNs travel as punycode).
    host.to_str()
        .map(Cow::Borrowed)
        .map_err(|_| OriginError::BadHeader(OriginSource::Host))
}

/// What the first element of a `Forwarded` header says.
#[derive(Debug, Default, PartialEq, Eq)]
struct ForwardedElement<'a> {
    proto: Option<Cow<'a, str>>,
    host: Option<Cow<'a, str>>,
}

/// The `proto` and `host` of the first element of a `Forwarded` value
/// (RFC 7239 §4):
///
/// ```text
/// Forwarded         = 1#forwarded-element
/// forwarded-element = [ forwarded-pair ] *( ";" [ forwarded-pair ] )
/// forwarded-pair    = token "=" value
/// value             = token / quoted-string
/// ```
///
/// Parameter names are tokens, compared without case; a parameter twice in
/// the element is refused (§4: "MUST NOT occur more than once"). Values are
/// quoted strings (escapes undone) or, leniently, any run of visible
/// characters other than `;`, `,` and `"` (proxies write `host=h:8080`
/// unquoted, though `:` is no token character): the value is checked as a
/// scheme or authority afterwards anyway. Empty list elements are skipped.
fn first_forwarded_element(value: &str) -> Result<ForwardedElement<'_>, OriginError> {
    let b = value.as_bytes();
    let mut out = ForwardedElement::default();
    let mut i = 0;
    let mut pairs = 0;
    let malformed = |offset| OriginError::MalformedForwarded { offset };
    let skip_ows = |mut i: usize| {
        while matches!(b.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        i
    };
    loop {
        i = skip_ows(i);
        match b.get(i) {
            None => break,
            // The end of the first element, unless it was empty.
            Some(b',') if pairs > 0 => break,
            Some(b',' | b';') => {
                i += 1;
                continue;
            }
            Some(_) => {}
        }
        let name_start = i;
        while b.get(i).is_some_and(|&c| is_tchar(c)) {
            i += 1;
        }
        if i == name_start || b.get(i) != Some(&b'=') {
            return Err(malformed(i));
        }
        let name = &value[name_start..i];
        i += 1;
        let (v, end) = forwarded_value(value, i)?;
        i = skip_ows(end);
        if !matches!(b.get(i), None | Some(b';' | b',')) {
            return Err(malformed(i));
        }
        pairs += 1;
        let slot = if name.eq_ignore_ascii_case("proto") {
            &mut out.proto
        } else if name.eq_ignore_ascii_case("host") {
            &mut out.host
        } else {
            continue;
        };
        if slot.replace(v).is_some() {
            return Err(malformed(name_start));
        }
    }
    Ok(out)
}

/// A `Forwarded` value starting at `start`, and where it ends.
fn forwarded_value(value: &str, start: usize) -> Result<(Cow<'_, str>, usize), OriginError> {
    let b = value.as_bytes();
    let malformed = |offset| OriginError::MalformedForwarded { offset };
    if b.get(start) != Some(&b'"') {
        let mut i = start;
        while b
            .get(i)
            .is_some_and(|&c| c.is_ascii_graphic() && !matches!(c, b';' | b',' | b'"'))
        {
            i += 1;
        }
        if i == start {
            return Err(malformed(start));
        }
        return Ok((Cow::Borrowed(&value[start..i]), i));
    }
    // quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE (RFC 9110 §5.6.4)
    let mut i = start + 1;
    let mut unescaped: Option<String> = None;
    let mut run = i;
    loop {
        match b.get(i) {
            None => return Err(malformed(start)),
            Some(b'"') => {
                let v = match unescaped {
                    Some(mut s) => {
                        s.push_str(&value[run..i]);
                        Cow::Owned(s)
                    }
                    None => Cow::Borrowed(&value[start + 1..i]),
                };
                return Ok((v, i + 1));
            }
            Some(b'\\') => {
                let escaped = b.get(i + 1).copied();
                if !escaped.is_some_and(|c| c == b'\t' || c == b' ' || c.is_ascii_graphic()) {
                    return Err(malformed(i));
                }
                let s = unescaped.get_or_insert_with(String::new);
                s.push_str(&value[run..i]);
                run = i + 1;
                i += 2;
            }
            Some(&c) if c == b'\t' || c == b' ' || c.is_ascii_graphic() => i += 1,
            Some(_) => return Err(malformed(i)),
        }
    }
}

/// RFC 9110 §5.6.2 `tchar`.
fn is_tchar(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (name, value) in pairs {
            h.append(*name, HeaderValue::from_str(value).unwrap());
        }
        h
    }

    fn url(policy: &OriginPolicy, target: &str, pairs: &[(&'static str, &str)]) -> String {
        let uri: Uri = target.parse().unwrap();
        policy.signed_url(&uri, &headers(pairs)).unwrap()
    }

    fn err(policy: &OriginPolicy, target: &str, pairs: &[(&'static str, &str)]) -> OriginError {
        let uri: Uri = target.parse().unwrap();
        policy.signed_url(&uri, &headers(pairs)).unwrap_err()
    }

    fn trusted() -> OriginPolicy {
        OriginPolicy::new().trust_forwarded_headers(true)
    }

    /// What the verifier will sign: core's base string URI of `url`.
    fn base_uri(url: &str) -> String {
        BaseStringUri::parse(url).unwrap().to_string()
    }

    #[test]
    fn host_header_and_http_by_default() {
        let p = OriginPolicy::new();
        assert_eq!(
            url(
                &p,
                "/a%20b/c?x=1+2&y=%7E",
                &[("host", "Api.Example.test:8080")]
            ),
            "http://Api.Example.test:8080/a%20b/c?x=1+2&y=%7E"
        );
        // Absolute-form (HTTP/2's :scheme and :authority) wins over Host.
        assert_eq!(
            url(&p, "https://h2.example.test/p?q", &[("host", "other")]),
            "https://h2.example.test/p?q"
        );
        assert_eq!(url(&p, "/", &[("host", "h")]), "http://h/");
    }

    #[test]
    fn header_absent() {
        let p = OriginPolicy::new();
        assert_eq!(err(&p, "/p", &[]), OriginError::NoAuthority);
        assert_eq!(
            err(&p, "/p", &[("host", "a"), ("host", "b")]),
            OriginError::BadHeader(OriginSource::Host)
        );
        // Trusted but absent proxy headers: the request's own values.
        assert_eq!(url(&trusted(), "/p", &[("host", "h:81")]), "http://h:81/p");
        assert_eq!(err(&trusted(), "/p", &[]), OriginError::NoAuthority);
    }

    #[test]
    fn untrusted_proxy_headers_are_ignored() {
        let p = OriginPolicy::new();
        let sent = [
            ("host", "127.0.0.1:3000"),
            ("x-forwarded-proto", "https"),
            ("x-forwarded-host", "api.example.test"),
            ("forwarded", "proto=https;host=evil.example"),
        ];
        assert_eq!(url(&p, "/p?q=1", &sent), "http://127.0.0.1:3000/p?q=1");
        // Even malformed ones: they are not read at all.
        let junk = [
            ("host", "h"),
            ("forwarded", "\"unterminated"),
            ("x-forwarded-proto", "gopher"),
        ];
        assert_eq!(url(&p, "/p", &junk), "http://h/p");
    }

    #[test]
    fn x_forwarded_headers_when_trusted() {
        let sent = [
            ("host", "127.0.0.1:3000"),
            ("x-forwarded-proto", "HTTPS"),
            ("x-forwarded-host", "api.example.test"),
        ];
        assert_eq!(
            url(&trusted(), "/p?q=1", &sent),
            "https://api.example.test/p?q=1"
        );
        // A list: the first entry, the client-facing proxy's.
        let chain = [
            ("host", "backend"),
            ("x-forwarded-proto", "https, http"),
            ("x-forwarded-host", " api.example.test ,lb.internal"),
        ];
        assert_eq!(url(&trusted(), "/", &chain), "https://api.example.test/");
        // One without the other.
        let proto = [("host", "api.example.test"), ("x-forwarded-proto", "https")];
        assert_eq!(url(&trusted(), "/", &proto), "https://api.example.test/");
    }

    #[test]
    fn forwarded_with_several_elements_and_quoted_values() {
        let first = r#"for=192.0.2.60;proto=https;host="api.example.test:8443";by=203.0.113.43, for=198.51.100.17;proto=http;host=lb"#;
        let sent = [("host", "backend:3000"), ("forwarded", first)];
        assert_eq!(
            url(&trusted(), "/r?a=b", &sent),
            "https://api.example.test:8443/r?a=b"
        );
        // Names without case, OWS around `;` and `,`, escapes in quotes,
        // empty elements before the first.
        let v = r#" , For="[2001:db8:cafe::17]:4711" ; PROTO="https" ;Host="a\.example.test""#;
        let e = first_forwarded_element(v).unwrap();
        assert_eq!(e.proto.as_deref(), Some("https"));
        assert_eq!(e.host.as_deref(), Some("a.example.test"));
        // A comma inside quotes does not end the element.
        let e = first_forwarded_element(r#"for="a,b";host=h1, host=h2"#).unwrap();
        assert_eq!(e.host.as_deref(), Some("h1"));
        // The first element decides, even without proto: then X-Forwarded-Proto.
        let sent = [
            ("host", "backend"),
            ("forwarded", "for=1.2.3.4;host=api.example.test, proto=http"),
            ("x-forwarded-proto", "https"),
        ];
        assert_eq!(url(&trusted(), "/", &sent), "https://api.example.test/");
        // Several lines are one list: the first line's first element.
        let sent = [
            ("host", "backend"),
            ("forwarded", "proto=https;host=one.example"),
            ("forwarded", "proto=http;host=two.example"),
        ];
        assert_eq!(url(&trusted(), "/", &sent), "https://one.example/");
        // Forwarded wins over X-Forwarded-*.
        let sent = [
            ("forwarded", "host=std.example"),
            ("x-forwarded-host", "legacy.example"),
        ];
        assert_eq!(url(&trusted(), "/", &sent), "http://std.example/");
    }

    #[test]
    fn malformed_forwarded_is_refused() {
        for (v, offset) in [
            (r#"proto="https"#, 6),
            ("proto", 5),
            ("=https", 0),
            ("proto=", 6),
            ("proto=https host=h", 12),
            ("proto=https;proto=http", 12),
            ("host=\"a\u{1}\"", 7),
        ] {
            assert_eq!(
                first_forwarded_element(v),
                Err(OriginError::MalformedForwarded { offset }),
                "{v:?}"
            );
        }
        assert_eq!(
            err(
                &trusted(),
                "/",
                &[("host", "h"), ("forwarded", "proto=gopher")]
            ),
            OriginError::BadScheme(OriginSource::Forwarded)
        );
    }

    #[test]
    fn authorities_that_would_move_the_path_are_refused() {
        for bad in [
            "evil.example/x?",
            "a@b",
            "a b",
            "",
            "h:port",
            "[::1",
            "::1",
            "h#x",
        ] {
            let sent = [("host", "h"), ("x-forwarded-host", bad)];
            let e = trusted().signed_url(&"/p".parse().unwrap(), &headers(&sent));
            let expected = match bad {
                "" => OriginError::BadHeader(OriginSource::XForwardedHost),
                _ => OriginError::BadAuthority(OriginSource::XForwardedHost),
            };
            assert_eq!(e, Err(expected), "{bad:?}");
        }
        let quoted = [("forwarded", r#"host="evil.example/x""#)];
        assert_eq!(
            err(&trusted(), "/p", &quoted),
            OriginError::BadAuthority(OriginSource::Forwarded)
        );
        for bad in ["a/b", "a@b", "a b", "h?x"] {
            assert_eq!(
                err(&OriginPolicy::new(), "/p", &[("host", bad)]),
                OriginError::BadAuthority(OriginSource::Host),
                "{bad:?}"
            );
        }
        // A bad port in the client's own Host cannot move the path: it is
        // passed on, and core's rule refuses it when the verifier parses
        // the URL (a 400 either way).
        let u = url(&OriginPolicy::new(), "/p", &[("host", "h:port")]);
        assert!(BaseStringUri::parse(&u).is_err(), "{u}");
    }

    #[test]
    fn ipv6_hosts() {
        let sent = [("host", "[::1]:3000")];
        assert_eq!(
            url(&OriginPolicy::new(), "/p", &sent),
            "http://[::1]:3000/p"
        );
        let sent = [
            ("host", "b"),
            ("forwarded", r#"proto=https;host="[2001:DB8::1]""#),
        ];
        let u = url(&trusted(), "/p", &sent);
        assert_eq!(u, "https://[2001:DB8::1]/p");
        assert_eq!(base_uri(&u), "https://[2001:db8::1]/p");
        let o = PublicOrigin::new("https://[::1]:8443/").unwrap();
        assert_eq!(o.authority(), Some("[::1]:8443"));
    }

    #[test]
    fn default_ports_sign_as_without() {
        // Core drops the scheme's default port, so the rebuilt URL needs
        // no normalising of its own: https + :443 is https alone.
        for (sent, signed) in [
            (
                vec![
                    ("host", "b"),
                    ("forwarded", "proto=https;host=\"api.example.test:443\""),
                ],
                "https://api.example.test/p",
            ),
            (
                vec![("host", "api.example.test:80")],
                "http://api.example.test/p",
            ),
            (
                vec![
                    ("host", "b"),
                    ("x-forwarded-proto", "https"),
                    ("x-forwarded-host", "api.example.test:443"),
                ],
                "https://api.example.test/p",
            ),
        ] {
            assert_eq!(base_uri(&url(&trusted(), "/p", &sent)), signed, "{sent:?}");
        }
        // A non-default port stays: http's 443 is not https's.
        let sent = [("host", "api.example.test:443")];
        assert_eq!(
            base_uri(&url(&OriginPolicy::new(), "/p", &sent)),
            "http://api.example.test:443/p"
        );
        let https = OriginPolicy::new()
            .public_origin(PublicOrigin::new("https://api.example.test:443").unwrap());
        assert_eq!(
            base_uri(&url(&https, "/p", &[])),
            "https://api.example.test/p"
        );
    }

    #[test]
    fn configured_origin_wins() {
        let p = trusted().public_origin(PublicOrigin::new("https://api.example.com").unwrap());
        let sent = [
            ("host", "127.0.0.1"),
            ("x-forwarded-host", "evil.example"),
            ("x-forwarded-proto", "http"),
            // Not even parsed: configuration answers both parts.
            ("forwarded", "\"junk"),
        ];
        assert_eq!(url(&p, "/p?x", &sent), "https://api.example.com/p?x");
        // A scheme only: the authority still comes from the request (or
        // the trusted headers).
        let p = OriginPolicy::new().public_origin(PublicOrigin::scheme_only("HTTPS").unwrap());
        assert_eq!(
            url(&p, "/p", &[("host", "tenant.example")]),
            "https://tenant.example/p"
        );
        let p = p.trust_forwarded_headers(true);
        let sent = [
            ("host", "b"),
            ("x-forwarded-proto", "http"),
            ("x-forwarded-host", "t2.example"),
        ];
        assert_eq!(url(&p, "/p", &sent), "https://t2.example/p");
    }

    #[test]
    fn public_origins_are_checked() {
        for bad in [
            "api.example.com",
            "https://",
            "https://a/b",
            "https://u@a",
            "wss://a",
            "https://a?b",
        ] {
            assert!(PublicOrigin::new(bad).is_err(), "{bad:?}");
        }
        assert_eq!(PublicOrigin::new("HTTP://a").unwrap().scheme(), "http");
    }

    #[test]
    fn targets_that_are_not_paths() {
        assert_eq!(
            err(&OriginPolicy::new(), "*", &[("host", "h")]),
            OriginError::NotAPath
        );
    }

    #[test]
    fn messages_name_the_source_not_the_value() {
        let e = err(
            &trusted(),
            "/",
            &[("host", "h"), ("x-forwarded-host", "secret.example/x")],
        );
        let msg = e.to_string();
        assert_eq!(msg, "x-forwarded-host header: not a host and optional port");
        assert!(!msg.contains("secret"));
    }
}
