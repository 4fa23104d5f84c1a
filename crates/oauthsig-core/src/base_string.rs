//! The signature base string, [RFC 5849 §3.4.1](https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1).
//!
//! `METHOD & encode(base string URI) & encode(normalized parameters)`. It is
//! written, never built: [`BaseString::write_to`] streams it into any
//! [`Sink`], a MAC when signing or a buffer when showing it.

use crate::encode::{self, Level, TUNED, find_any, is_unreserved};
use crate::error::{Error, Part};
use crate::params::{Param, param_order};
use crate::protocol::View;
use crate::sink::{FmtSink, Render, Sink, fmt_render};
use crate::text::{escape_at, sub};
use core::cmp::Ordering;
use core::fmt;

/// The base string URI of §3.4.1.2, borrowed from the request URL.
///
/// Scheme and host are lowercased, the default port (80 for http, 443 for
/// https) is dropped, an empty path becomes `/`, and query, fragment and
/// userinfo are dropped. Characters that may not appear raw in a URI path
/// (space, non-ASCII, controls) are percent-encoded as a client sends them.
///
/// ```
/// use oauthsig_core::BaseStringUri;
/// let uri = BaseStringUri::parse("HTTP://Example.com:80/r%20v/X?id=123")?;
/// assert_eq!(uri.to_string(), "http://example.com/r%20v/X");
/// # Ok::<(), oauthsig_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BaseStringUri<'a> {
    scheme: &'a str,
    host: &'a str,
    /// The host is lowercase and unreserved (the usual DNS name), so it is
    /// its own encoding: learnt while validating it, not scanned again for
    /// every write.
    host_plain: bool,
    port: Option<u16>,
    path: &'a str,
}

impl<'a> BaseStringUri<'a> {
    /// Parses an absolute `http`/`https` (or other scheme) URL.
    ///
    /// # Errors
    /// [`Error::BadUrl`] naming the missing or malformed part and its offset.
    pub fn parse(url: &'a str) -> Result<Self, Error> {
        Self::parse_with_host(url, None)
    }

    /// Parses `url`, taking host and port from `host` (the request's `Host`
    /// header) when given, as a server sees the request (§3.4.1.2).
    ///
    /// ```
    /// use oauthsig_core::BaseStringUri;
    /// let uri = BaseStringUri::parse_with_host("http://IGNORE.example.com/", Some("ACTUAL.example.com"))?;
    /// assert_eq!(uri.to_string(), "http://actual.example.com/");
    /// # Ok::<(), oauthsig_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::BadUrl`] naming the missing or malformed part and its offset.
    pub fn parse_with_host(url: &'a str, host: Option<&'a str>) -> Result<Self, Error> {
        // One forward pass: scheme, authority (noting its last `@`), path
        // (checking escapes as it goes).
        let b = url.as_bytes();
        let colon = scheme_end(b)?;
        let scheme = sub(url, 0, colon);
        let auth_start = colon + 3;
        let (auth_end, last_at) = authority_end(b, auth_start);
        let path_end = path_end(b, auth_end)?;
        let path = sub(url, auth_end, path_end);
        let (authority, at) = match host {
            Some(h) => (h, 0),
            // Userinfo is never part of the base string URI.
            None => match last_at {
                Some(i) => (sub(url, i + 1, auth_end), i + 1),
                None => (sub(url, auth_start, auth_end), auth_start),
            },
        };
        let (host, host_plain, port) = split_authority(authority, at)?;
        // §3.4.1.2: the default port of the scheme is left out.
        let default = if scheme.eq_ignore_ascii_case("http") {
            Some(80)
        } else if scheme.eq_ignore_ascii_case("https") {
            Some(443)
        } else {
            None
        };
        let port = port.filter(|&p| Some(p) != default);
        Ok(BaseStringUri {
            scheme,
            host,
            host_plain,
            port,
            path,
        })
    }

    /// The port kept in the base string URI (none when it is the default).
    pub const fn port(&self) -> Option<u16> {
        self.port
    }

    /// Whether the scheme is `https`.
    pub fn is_https(&self) -> bool {
        self.scheme.eq_ignore_ascii_case("https")
    }

    /// Whether the scheme is `http` or `https`: the base string URI is
    /// "an http or https URI" (§3.4.1.2), so a layer that signs or checks
    /// HTTP requests refuses any other.
    ///
    /// ```
    /// use oauthsig_core::BaseStringUri;
    /// assert!(BaseStringUri::parse("HTTP://example.com/")?.is_http_or_https());
    /// assert!(!BaseStringUri::parse("ftp://example.com/")?.is_http_or_https());
    /// # Ok::<(), oauthsig_core::Error>(())
    /// ```
    pub fn is_http_or_https(&self) -> bool {
        self.scheme.eq_ignore_ascii_case("http") || self.is_https()
    }

    /// Streams the URI, encoded at `level` (or verbatim when `level` is None).
    #[inline]
    pub(crate) fn write<S: Sink + ?Sized>(&self, level: Option<Level>, out: &mut S) {
        let emit = |bytes: &[u8], out: &mut S| match level {
            Some(l) => encode::encode_into(bytes, l, out),
            None => out.put(bytes),
        };
        // Nearly every URI is http or https spelled in lowercase: one piece
        // for the scheme and its `://`, already encoded. This and the plain
        // host below must write what the plain writer does (the tests hold
        // the two to `reference_uri`).
        match (self.scheme.as_bytes(), level) {
            (b"http", Some(Level::Once)) => out.put(b"http%3A%2F%2F"),
            (b"https", Some(Level::Once)) => out.put(b"https%3A%2F%2F"),
            (b"http", None) => out.put(b"http://"),
            (b"https", None) => out.put(b"https://"),
            (scheme, _) => {
                lowercase(scheme, |c| emit(c, out));
                emit(b"://", out);
            }
        }
        if self.host_plain {
            out.put(self.host.as_bytes());
        } else {
            lowercase(self.host.as_bytes(), |c| emit(c, out));
        }
        if let Some(port) = self.port {
            let mut text = [0u8; 6];
            emit(port_text(port, &mut text), out);
        }
        if self.path.is_empty() {
            emit(b"/", out);
            return;
        }
        write_path(self.path.as_bytes(), level, out);
    }
}

/// Where the scheme's `:` is (RFC 3986 §3.1: a letter, then letters,
/// digits, `+`, `-`, `.`), checking `://` follows.
fn scheme_end(b: &[u8]) -> Result<usize, Error> {
    let bad_scheme = Error::BadUrl {
        part: Part::Scheme,
        offset: 0,
    };
    if !b.first().is_some_and(u8::is_ascii_alphabetic) {
        return Err(bad_scheme);
    }
    let scheme_char = |c: &u8| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.');
    let colon = 1 + b.iter().skip(1).take_while(|c| scheme_char(c)).count();
    // The scheme ends at the first `:`; any other byte first means the
    // text before that `:` is not a scheme.
    if b.get(colon) != Some(&b':') {
        return Err(bad_scheme);
    }
    if b.get(colon..colon + 3) != Some(b"://") {
        return Err(Error::BadUrl {
            part: Part::Host,
            offset: colon + 1,
        });
    }
    Ok(colon)
}

/// The end of the authority starting at `start` (at `/`, `?`, `#` or the
/// end), and its last `@`, which ends any userinfo.
fn authority_end(b: &[u8], start: usize) -> (usize, Option<usize>) {
    let mut end = start;
    let mut last_at = None;
    loop {
        let rest = b.get(end..).unwrap_or_default();
        match find_any(rest, [b'/', b'?', b'#', b'@']).map(|i| (i, rest.get(i))) {
            Some((i, Some(b'@'))) => {
                last_at = Some(end + i);
                end += i + 1;
            }
            Some((i, _)) => return (end + i, last_at),
            None => return (b.len(), last_at),
        }
    }
}

/// The end of the path starting at `start` (at `?`, `#` or the end),
/// checking each `%` starts a well-formed escape.
fn path_end(b: &[u8], start: usize) -> Result<usize, Error> {
    let mut end = start;
    loop {
        let rest = b.get(end..).unwrap_or_default();
        match find_any(rest, [b'?', b'#', b'%']) {
            // `?` and `#` are not hex digits, so looking past the path's
            // end cannot accept a bad escape.
            Some(i) if rest.get(i) == Some(&b'%') => {
                end += i;
                if !escape_at(b, end) {
                    return Err(Error::BadUrl {
                        part: Part::Path,
                        offset: end,
                    });
                }
                end += 1;
            }
            Some(i) => return Ok(end + i),
            None => return Ok(b.len()),
        }
    }
}

/// The path, with the characters a client must escape escaped, then encoded
/// at `level`: unreserved runs go out whole, `/` (and other pchars) become
/// `%2F` …, and a byte that needed escaping in the URI becomes `%25XX`.
fn write_path<S: Sink + ?Sized>(p: &[u8], level: Option<Level>, out: &mut S) {
    let mut rest = p;
    loop {
        let (run, at) = rest.split_at(encode::unreserved_run(rest).min(rest.len()));
        if !run.is_empty() {
            out.put(run);
        }
        let Some((&c, tail)) = at.split_first() else {
            break;
        };
        match (level, path_char(c)) {
            (None, true) => out.put(&[c]),
            (None, false) => out.put(&[b'%', HEX[usize::from(c >> 4)], HEX[usize::from(c & 15)]]),
            (Some(l), true) => encode::put_escape(c, l, out),
            (Some(l), false) => {
                encode::put_escape(b'%', l, out);
                out.put(&[HEX[usize::from(c >> 4)], HEX[usize::from(c & 15)]]);
            }
        }
        rest = tail;
    }
}

/// Bytes that are unreserved and not uppercase: lowercasing and encoding
/// both leave them alone.
const fn lower_unreserved(b: u8) -> bool {
    is_unreserved(b) && !b.is_ascii_uppercase()
}

/// [`lower_unreserved`] as a table (read when [`TUNED`]).
const LOWER_UNRESERVED: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = lower_unreserved(i as u8);
        i += 1;
    }
    t
};

impl fmt::Display for BaseStringUri<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut sink = FmtSink::new(f);
        self.write(None, &mut sink);
        sink.finish()
    }
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Characters a path may carry verbatim (RFC 3986 pchar plus `/` and `%`).
#[inline]
fn path_char(c: u8) -> bool {
    if TUNED {
        PATH_CHAR[usize::from(c)]
    } else {
        path_char_plain(c)
    }
}

/// [`path_char`] without the table.
const fn path_char_plain(b: u8) -> bool {
    is_unreserved(b)
        || matches!(
            b,
            b'!' | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'@'
                | b'/'
                | b'%'
        )
}

/// [`path_char_plain`] as a table (read when [`TUNED`]).
const PATH_CHAR: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = path_char_plain(i as u8);
        i += 1;
    }
    t
};

/// Host (and whether it is lowercase and unreserved) and port.
fn split_authority(auth: &str, at: usize) -> Result<(&str, bool, Option<u16>), Error> {
    let (host, port_text, port_at) = if auth.starts_with('[') {
        let bad_host = Error::BadUrl {
            part: Part::Host,
            offset: at,
        };
        let close = auth.find(']').ok_or(bad_host)?;
        // `]` is ASCII, so a boundary follows it.
        let (literal, rest) = auth.split_at_checked(close + 1).ok_or(bad_host)?;
        match rest.strip_prefix(':') {
            Some(p) => (literal, Some(p), at + close + 2),
            None if rest.is_empty() => (literal, None, 0),
            None => {
                return Err(Error::BadUrl {
                    part: Part::Port,
                    offset: at + close + 1,
                });
            }
        }
    } else {
        match find_any(auth.as_bytes(), [b':']) {
            Some(i) => (
                sub(auth, 0, i),
                Some(sub(auth, i + 1, auth.len())),
                at + i + 1,
            ),
            None => (auth, None, 0),
        }
    };
    // The usual DNS name passes the first test; only another host is
    // checked byte by byte for what a host may not hold.
    let plain = host.bytes().all(|c| match TUNED {
        true => LOWER_UNRESERVED[usize::from(c)],
        false => lower_unreserved(c),
    });
    let host_ok = !host.is_empty()
        && (plain
            || host
                .bytes()
                .all(|c| c.is_ascii_graphic() && !matches!(c, b'/' | b'?' | b'#' | b'@')));
    if !host_ok {
        return Err(Error::BadUrl {
            part: Part::Host,
            offset: at,
        });
    }
    let port = match port_text {
        None | Some("") => None,
        Some(p) => Some(parse_port(p).ok_or(Error::BadUrl {
            part: Part::Port,
            offset: port_at,
        })?),
    };
    Ok((host, plain, port))
}

/// A port: one to five decimal digits, 1 to 65535.
fn parse_port(p: &str) -> Option<u16> {
    if p.len() > 5 || !p.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    // At most five digits: no overflow of a u32.
    let n = p.bytes().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    u16::try_from(n).ok().filter(|&port| port != 0)
}

/// Feeds the ASCII-lowercased text in stack-sized chunks.
fn lowercase(s: &[u8], f: impl FnMut(&[u8])) {
    change_case(s, <[u8]>::make_ascii_lowercase, f);
}

/// Feeds `s` changed by `change` in stack-sized chunks.
fn change_case(s: &[u8], change: fn(&mut [u8]), mut f: impl FnMut(&[u8])) {
    let mut chunk = [0u8; 16];
    for piece in s.chunks(chunk.len()) {
        if let Some(out) = chunk.get_mut(..piece.len()) {
            out.copy_from_slice(piece);
            change(out);
            f(out);
        }
    }
}

/// `:` and the decimal digits of `port`, written at the end of `buf`.
fn port_text(port: u16, buf: &mut [u8; 6]) -> &[u8] {
    let mut n = port;
    let mut start = buf.len();
    // Five digits hold `u16::MAX`: the loop ends on `n == 0` with the
    // first slot left for the colon.
    for slot in buf.iter_mut().rev() {
        *slot = b'0' + (n % 10) as u8;
        start -= 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    start = start.saturating_sub(1);
    if let Some(colon) = buf.get_mut(start) {
        *colon = b':';
    }
    buf.get(start..).unwrap_or_default()
}

/// Whether `method` is an HTTP token (RFC 7230 §3.1.1), and whether it has
/// lowercase letters, which the base string uppercases (§3.4.1.1).
fn classify_method(method: &str) -> (bool, bool) {
    let token = !method.is_empty() && method.bytes().all(crate::token::tchar);
    (token, method.bytes().any(|c| c.is_ascii_lowercase()))
}

/// The signature base string of one request (§3.4.1.1), ready to stream.
///
/// `params` must already be in §3.4.1.3.2 order ([`crate::Params::sort`]);
/// parameters that are not signed (`oauth_signature`, a header `realm`) are
/// skipped here, so a list parsed from an incoming request can be used as is.
///
/// ```
/// use oauthsig_core::{BaseString, BaseStringUri, Param};
/// let uri = BaseStringUri::parse("http://example.com/")?;
/// let params = [Param::raw("n", "v")];
/// let base = BaseString::new("get", &uri, &params)?;
/// assert_eq!(base.to_string(), "GET&http%3A%2F%2Fexample.com%2F&n%3Dv");
/// # Ok::<(), oauthsig_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct BaseString<'r, 'a> {
    method: &'r str,
    /// The method has lowercase letters to uppercase.
    lowercase: bool,
    uri: &'r BaseStringUri<'a>,
    params: &'r [Param<'a>],
    /// The protocol parameters of a request being signed ([`crate::sign`]),
    /// merged with `params` as they are written.
    protocol: Option<View<'r, 'a>>,
}

impl<'r, 'a> BaseString<'r, 'a> {
    /// Pairs a method, URI and sorted parameters.
    ///
    /// # Errors
    /// [`Error::BadMethod`] when `method` is not an HTTP token.
    #[inline]
    pub fn new(
        method: &'r str,
        uri: &'r BaseStringUri<'a>,
        params: &'r [Param<'a>],
    ) -> Result<Self, Error> {
        if !classify_method(method).0 {
            return Err(Error::BadMethod);
        }
        Ok(Self::merged(method, uri, params, None))
    }

    /// [`BaseString::new`] for a method already known to be a token, with
    /// the protocol parameters of a request being signed merged in.
    #[inline]
    pub(crate) fn merged(
        method: &'r str,
        uri: &'r BaseStringUri<'a>,
        params: &'r [Param<'a>],
        protocol: Option<View<'r, 'a>>,
    ) -> Self {
        BaseString {
            method,
            lowercase: classify_method(method).1,
            uri,
            params,
            protocol,
        }
    }

    /// The normalized parameter string (§3.4.1.3.2) of this base string's
    /// parameters.
    pub fn normalized(&self) -> Normalized<'r, 'a> {
        Normalized {
            params: self.params,
            protocol: self.protocol,
        }
    }
}

impl Render for BaseString<'_, '_> {
    /// Streams the base string into `out`.
    fn write_to<S: Sink + ?Sized>(&self, out: &mut S) {
        if self.lowercase {
            uppercase(self.method, out);
        } else {
            out.put(self.method.as_bytes());
        }
        out.put(b"&");
        self.uri.write(Some(Level::Once), out);
        out.put(b"&");
        self.normalized().write(Level::Twice, out);
    }
}

impl fmt::Display for BaseString<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_render(self, f)
    }
}

#[cold]
fn uppercase<S: Sink + ?Sized>(method: &str, out: &mut S) {
    change_case(method.as_bytes(), <[u8]>::make_ascii_uppercase, |c| {
        out.put(c)
    });
}

/// Writes one parameter of the normalized string (§3.4.1.3.2:
/// `name=value`, `&` before all but the first), encoded once more at
/// [`Level::Twice`]; a parameter that is not signed is skipped.
#[cfg_attr(target_pointer_width = "64", inline(always))]
fn write_param<S: Sink + ?Sized>(p: &Param<'_>, first: &mut bool, level: Level, out: &mut S) {
    if !p.is_signed() {
        return;
    }
    if !*first {
        encode::put_separator(b'&', level, out);
    }
    *first = false;
    p.name.write_encoded(level, out);
    encode::put_separator(b'=', level, out);
    p.value.write_encoded(level, out);
}

/// The normalized parameter string (§3.4.1.3.2) of sorted parameters, as a
/// `Display`: what python-oauth2 calls `get_normalized_parameters()`.
///
/// ```
/// use oauthsig_core::{base_string::Normalized, ParamArray, Source};
/// let mut p = ParamArray::<8>::array();
/// p.extend_form("a=b&a=B&a={}&a=.&a=/", Source::Body)?;
/// p.sort();
/// assert_eq!(Normalized::new(p.as_slice()).to_string(), "a=%2F&a=%7B%7D&a=.&a=B&a=b");
/// # Ok::<(), oauthsig_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Normalized<'r, 'a> {
    params: &'r [Param<'a>],
    protocol: Option<View<'r, 'a>>,
}

impl<'r, 'a> Normalized<'r, 'a> {
    /// The normalized string of `params`, which must be sorted.
    pub fn new(params: &'r [Param<'a>]) -> Self {
        Normalized {
            params,
            protocol: None,
        }
    }

    /// Streams the string encoded at `level`: the sorted parameters, with
    /// each protocol parameter (themselves in order) written after those
    /// that sort before it.
    #[inline]
    fn write<S: Sink + ?Sized>(&self, level: Level, out: &mut S) {
        let mut first = true;
        let mut rest = self.params;
        if let Some(protocol) = self.protocol {
            protocol.each_sorted(|p| {
                while let Some((q, tail)) = rest.split_first() {
                    if param_order(q, p) != Ordering::Less {
                        break;
                    }
                    write_param(q, &mut first, level, out);
                    rest = tail;
                }
                write_param(p, &mut first, level, out);
            });
        }
        for q in rest {
            write_param(q, &mut first, level, out);
        }
    }
}

impl fmt::Display for Normalized<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut sink = FmtSink::new(f);
        self.write(Level::Once, &mut sink);
        sink.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::string::{String, ToString};

    #[test]
    fn ports_and_paths() {
        let u = |s| BaseStringUri::parse(s).map(|u| u.to_string());
        assert_eq!(u("http://a.b:/").unwrap(), "http://a.b/");
        assert_eq!(u("https://[::1]:8443").unwrap(), "https://[::1]:8443/");
        assert_eq!(u("http://u:p@H/x y").unwrap(), "http://h/x%20y");
        assert_eq!(u("http://h/caf\u{e9}").unwrap(), "http://h/caf%C3%A9");
        assert!(matches!(
            BaseStringUri::parse("http://eg.com:42:42"),
            Err(Error::BadUrl {
                part: Part::Port,
                ..
            })
        ));
        assert!(BaseStringUri::parse("http://h/%zz").is_err());
    }

    /// The URI writer as it was first written (lowercase, then encode
    /// piece by piece), to check the fast paths against.
    fn reference_uri(u: &BaseStringUri<'_>, level: Option<Level>) -> String {
        let mut out = String::new();
        let mut emit = |bytes: &[u8]| {
            let mut sink = FmtSink::new(&mut out);
            match level {
                Some(l) => encode::encode_into(bytes, l, &mut sink),
                None => sink.put(bytes),
            }
        };
        emit(u.scheme.to_ascii_lowercase().as_bytes());
        emit(b"://");
        emit(u.host.to_ascii_lowercase().as_bytes());
        if let Some(port) = u.port {
            emit(std::format!(":{port}").as_bytes());
        }
        if u.path.is_empty() {
            emit(b"/");
        }
        for &c in u.path.as_bytes() {
            if is_unreserved(c) || b"!$&'()*+,;=:@/%".contains(&c) {
                emit(&[c]);
            } else {
                emit(std::format!("%{c:02X}").as_bytes());
            }
        }
        out
    }

    /// The parser as it was first written (a search per delimiter), to
    /// check the one-pass parser against, errors and offsets included.
    fn reference_parse<'a>(
        url: &'a str,
        host: Option<&'a str>,
    ) -> Result<BaseStringUri<'a>, Error> {
        let b = url.as_bytes();
        let colon = url.find(':').ok_or(Error::BadUrl {
            part: Part::Scheme,
            offset: 0,
        })?;
        let scheme = &url[..colon];
        let scheme_ok = scheme
            .bytes()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
            && scheme
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'));
        if !scheme_ok {
            return Err(Error::BadUrl {
                part: Part::Scheme,
                offset: 0,
            });
        }
        if !url[colon..].starts_with("://") {
            return Err(Error::BadUrl {
                part: Part::Host,
                offset: colon + 1,
            });
        }
        let auth_start = colon + 3;
        let auth_end = b[auth_start..]
            .iter()
            .position(|&c| matches!(c, b'/' | b'?' | b'#'))
            .map_or(b.len(), |i| auth_start + i);
        let path_end = b[auth_end..]
            .iter()
            .position(|&c| matches!(c, b'?' | b'#'))
            .map_or(b.len(), |i| auth_end + i);
        let path = &url[auth_end..path_end];
        let p = path.as_bytes();
        for (i, &c) in p.iter().enumerate() {
            if c == b'%'
                && !(i + 2 < p.len()
                    && crate::text::hex(p[i + 1]).is_some()
                    && crate::text::hex(p[i + 2]).is_some())
            {
                return Err(Error::BadUrl {
                    part: Part::Path,
                    offset: auth_end + i,
                });
            }
        }
        let (authority, at) = match host {
            Some(h) => (h, 0),
            None => {
                let auth = &url[auth_start..auth_end];
                match auth.rfind('@') {
                    Some(i) => (&auth[i + 1..], auth_start + i + 1),
                    None => (auth, auth_start),
                }
            }
        };
        let (host, _, port) = split_authority(authority, at)?;
        let default = match () {
            _ if scheme.eq_ignore_ascii_case("http") => Some(80),
            _ if scheme.eq_ignore_ascii_case("https") => Some(443),
            _ => None,
        };
        let port = port.filter(|&p| Some(p) != default);
        Ok(BaseStringUri {
            scheme,
            host,
            host_plain: host
                .bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || b"-._~".contains(&c)),
            port,
            path,
        })
    }

    proptest! {
        #[test]
        fn parser_matches_reference(
            url in "(https?|[hH]t+p|x-y|1a|)(:|://|:/)([a-z@:\\[\\]0-9%]{0,8})([/?#%a-f0-9Gé]{0,10})",
            host in prop::option::of("[a-z:0-9\\[\\]]{0,6}"),
        ) {
            prop_assert_eq!(
                BaseStringUri::parse_with_host(&url, host.as_deref()),
                reference_parse(&url, host.as_deref())
            );
        }

        #[test]
        fn uri_writer_matches_reference(
            scheme in "(http|https|HTTP|Https|ftp|a+b)",
            host in "([a-z0-9.-]{1,6}|[A-Za-z0-9.-]{1,6}|\\[::1\\])",
            port in prop::option::of(1u16..),
            path in "(/[a-zA-Z0-9 %~!$&'()*+,;=:@/\u{e9}\u{7f}-]{0,8}){0,3}",
        ) {
            let url = match port {
                Some(p) => std::format!("{scheme}://{host}:{p}{path}"),
                None => std::format!("{scheme}://{host}{path}"),
            };
            // Paths with a malformed `%` are rejected; the rest must agree.
            if let Ok(u) = BaseStringUri::parse(&url) {
                for level in [None, Some(Level::Once), Some(Level::Twice)] {
                    let mut ours = String::new();
                    let mut sink = FmtSink::new(&mut ours);
                    u.write(level, &mut sink);
                    prop_assert_eq!(&ours, &reference_uri(&u, level), "{:?} at {:?}", url, level);
                }
            }
        }
    }

    #[test]
    fn method_must_be_a_token() {
        let uri = BaseStringUri::parse("http://h/").unwrap();
        assert_eq!(
            BaseString::new("GE T", &uri, &[]).err(),
            Some(Error::BadMethod)
        );
        assert_eq!(BaseString::new("", &uri, &[]).err(), Some(Error::BadMethod));
    }

    proptest! {
        /// The one-pass classification agrees with RFC 7230's token rule
        /// and a plain lowercase scan, and any accepted method is written
        /// uppercased (long ones go out in chunks).
        #[test]
        fn method_classes_match_the_token_rule(method in "[a-zA-Z0-9!#$%&'*+.^_`|~ (),/:;<=>?@\\[\\]{}\"\u{e9}-]{0,40}") {
            let token = !method.is_empty()
                && method.bytes().all(|c| c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c));
            let lower = method.bytes().any(|c| c.is_ascii_lowercase());
            prop_assert_eq!(classify_method(&method), (token, lower));
            let uri = BaseStringUri::parse("http://h/").unwrap();
            match BaseString::new(&method, &uri, &[]) {
                Ok(b) => {
                    prop_assert!(token);
                    let want = std::format!("{}&http%3A%2F%2Fh%2F&", method.to_ascii_uppercase());
                    prop_assert_eq!(b.to_string(), want);
                }
                Err(e) => {
                    prop_assert!(!token);
                    prop_assert_eq!(e, Error::BadMethod);
                }
            }
        }
    }
}
