//! Single-byte forgeries of a signed request.
//!
//! [`single_byte_forgeries`] takes a request exactly as a peer signed it and
//! returns one copy per byte position of every signed part — method, path,
//! query, `Host` authority, each `Authorization` parameter value, body — with
//! that one byte changed. Each copy names its [`Class`] (which kind of byte
//! was hit) and the protocol parameter the byte belongs to, if any.
//!
//! The replacement keeps the request deliverable and the change meaningful:
//! a letter becomes another letter of the same case, a digit another digit,
//! a hex digit of a `%XX` escape another hex digit (so the escape still
//! decodes, to a different octet — `%2F` to `%2f` would be the *same*
//! request), and punctuation becomes a letter or `_`. Nothing becomes a
//! space, control or non-ASCII byte, so every copy is a well-formed HTTP
//! request that reaches the verifier.

use crate::wire::RawRequest;
use std::fmt;
use std::ops::Range;

/// Which kind of byte a forgery changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// A byte of the method token.
    Method,
    /// A byte of the path, after its leading `/` (which origin-form needs).
    Path,
    /// The `Host` header (the base string URI's authority, §3.4.1.2).
    Host,
    /// A query or form-body byte, by position.
    Form(Location, FormByte),
    /// A byte of an `Authorization` header parameter's value.
    HeaderValue,
    /// A byte of a body that is not form-encoded.
    OpaqueBody,
}

/// Where form-encoded bytes are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    /// The URL query (its `?` included).
    Query,
    /// A form-encoded body.
    Body,
}

/// The position classes of a form-encoded byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FormByte {
    /// The `?` that starts the query.
    QuestionMark,
    /// A byte of a parameter name.
    Name,
    /// The `=` between name and value.
    Equals,
    /// A plain byte of a value.
    Value,
    /// The `%` of an escape.
    Percent,
    /// A hex digit of an escape.
    HexDigit,
    /// The `&` between pairs.
    Ampersand,
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Class::Method => f.write_str("method"),
            Class::Path => f.write_str("path"),
            Class::Host => f.write_str("host"),
            Class::Form(loc, byte) => {
                let loc = match loc {
                    Location::Query => "query",
                    Location::Body => "form body",
                };
                let byte = match byte {
                    FormByte::QuestionMark => "'?'",
                    FormByte::Name => "name",
                    FormByte::Equals => "'='",
                    FormByte::Value => "value",
                    FormByte::Percent => "'%'",
                    FormByte::HexDigit => "escape hex digit",
                    FormByte::Ampersand => "'&'",
                };
                write!(f, "{loc} {byte}")
            }
            Class::HeaderValue => f.write_str("header value"),
            Class::OpaqueBody => f.write_str("opaque body"),
        }
    }
}

/// One forged copy.
#[derive(Clone, Debug)]
pub struct Forgery {
    /// Which kind of byte was changed.
    pub class: Class,
    /// The parameter (raw name) whose name or value holds the byte, if any.
    pub param: Option<String>,
    /// Whether the byte is in that parameter's value (not its name).
    pub in_value: bool,
    /// Human-readable: part, offset, old and new byte.
    pub detail: String,
    /// The forged request.
    pub request: RawRequest,
}

/// The changed byte: same kind, different meaning (see the module docs).
fn replacement(b: u8, in_escape: bool) -> u8 {
    match b {
        b'9' => b'8',
        b'0'..=b'8' => b + 1,
        // Hex letters stay hex letters inside an escape, and keep their case.
        b'F' | b'f' if in_escape => b - 1,
        b'A'..=b'E' | b'a'..=b'e' if in_escape => b + 1,
        b'Z' | b'z' => b - 1,
        b'A'..=b'Y' | b'a'..=b'y' => b + 1,
        b'_' => b'-',
        _ => b'X',
    }
}

/// What a byte position is: its class, the parameter it belongs to, and
/// whether it is a hex digit of an escape (which picks its replacement).
#[derive(Clone, Debug)]
struct Site {
    class: Class,
    param: Option<String>,
    in_value: bool,
    hex: bool,
}

impl Site {
    const fn plain(class: Class) -> Site {
        Site {
            class,
            param: None,
            in_value: false,
            hex: false,
        }
    }
}

/// The text of a request a forgery changes.
#[derive(Clone, Copy)]
enum Part {
    Method,
    Target,
    /// The value of header number `n`.
    Header(usize),
    Body,
}

/// `original` with byte `at` of `part` replaced; `None` when that byte is
/// not ASCII (changing it would not be a one-byte change of the text).
fn forge(original: &RawRequest, part: Part, at: usize, site: Site) -> Option<Forgery> {
    let mut request = original.clone();
    let (label, text): (String, &mut String) = match part {
        Part::Method => ("method".to_owned(), &mut request.method),
        Part::Target => ("target".to_owned(), &mut request.target),
        Part::Header(n) => {
            let (name, value) = request.headers.get_mut(n)?;
            let label = match &site.param {
                Some(p) => format!("{name} {p}"),
                None => name.clone(),
            };
            (label, value)
        }
        Part::Body => {
            let mut body = String::from_utf8(std::mem::take(&mut request.body)).ok()?;
            let (old, new) = change_byte(&mut body, at, site.hex)?;
            request.body = body.into_bytes();
            return Some(site.into_forgery("body".to_owned(), at, old, new, request));
        }
    };
    let (old, new) = change_byte(text, at, site.hex)?;
    Some(site.into_forgery(label, at, old, new, request))
}

/// Replaces byte `at` of `text` in place; returns the old and new byte.
fn change_byte(text: &mut String, at: usize, hex: bool) -> Option<(u8, u8)> {
    let old = *text.as_bytes().get(at)?;
    if !old.is_ascii() {
        return None;
    }
    let new = replacement(old, hex);
    let mut bytes = std::mem::take(text).into_bytes();
    bytes[at] = new;
    // ASCII for ASCII: still UTF-8.
    *text = String::from_utf8(bytes).ok()?;
    Some((old, new))
}

impl Site {
    fn into_forgery(
        self,
        label: String,
        at: usize,
        old: u8,
        new: u8,
        request: RawRequest,
    ) -> Forgery {
        Forgery {
            class: self.class,
            param: self.param,
            in_value: self.in_value,
            detail: format!(
                "{label} byte {at}: {:?} -> {:?}",
                char::from(old),
                char::from(new)
            ),
            request,
        }
    }
}

/// Classifies every byte of form-encoded `text` (a query without its `?`,
/// or a body).
fn form_sites(text: &str, loc: Location) -> Vec<Site> {
    let mut out = Vec::with_capacity(text.len());
    for pair in text.split('&') {
        if !out.is_empty() {
            out.push(Site::plain(Class::Form(loc, FormByte::Ampersand)));
        }
        let name = pair.split('=').next().unwrap_or("");
        let mut in_value = false;
        let mut escape_left = 0;
        for &b in pair.as_bytes() {
            let kind = if escape_left > 0 {
                escape_left -= 1;
                FormByte::HexDigit
            } else if b == b'%' {
                escape_left = 2;
                FormByte::Percent
            } else if b == b'=' && !in_value {
                in_value = true;
                FormByte::Equals
            } else if in_value {
                FormByte::Value
            } else {
                FormByte::Name
            };
            out.push(Site {
                class: Class::Form(loc, kind),
                param: Some(name.to_owned()),
                in_value: in_value && kind != FormByte::Equals,
                hex: kind == FormByte::HexDigit,
            });
        }
    }
    out
}

/// The `name="value"` parameters of an `Authorization: OAuth …` header:
/// each name and the byte range of its value (between the quotes).
fn header_values(header: &str) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(eq) = header[from..].find("=\"") {
        let eq = from + eq;
        let name_start = header[..eq].rfind([' ', ',']).map_or(0, |i| i + 1);
        let start = eq + 2;
        let Some(len) = header[start..].find('"') else {
            break;
        };
        out.push((header[name_start..eq].to_owned(), start..start + len));
        from = start + len + 1;
    }
    out
}

/// Every single-byte forgery of `original` (see the module docs).
pub fn single_byte_forgeries(original: &RawRequest) -> Vec<Forgery> {
    let mut sites: Vec<(Part, usize, Site)> = Vec::new();
    for i in 0..original.method.len() {
        sites.push((Part::Method, i, Site::plain(Class::Method)));
    }
    let (path_len, query) = match original.target.find('?') {
        Some(q) => (q, Some(&original.target[q + 1..])),
        None => (original.target.len(), None),
    };
    // Byte 0 is the `/` that makes the target origin-form; changing it is
    // an HTTP error, not a forgery.
    for i in 1..path_len {
        sites.push((Part::Target, i, Site::plain(Class::Path)));
    }
    if let Some(query) = query {
        let question = Class::Form(Location::Query, FormByte::QuestionMark);
        sites.push((Part::Target, path_len, Site::plain(question)));
        let first = path_len + 1;
        for (k, site) in form_sites(query, Location::Query).into_iter().enumerate() {
            sites.push((Part::Target, first + k, site));
        }
    }
    for (n, (name, value)) in original.headers.iter().enumerate() {
        if name.eq_ignore_ascii_case("host") {
            for i in 0..value.len() {
                sites.push((Part::Header(n), i, Site::plain(Class::Host)));
            }
        } else if name.eq_ignore_ascii_case("authorization") {
            for (param, range) in header_values(value) {
                let mut escape_left = 0;
                for i in range {
                    let hex = escape_left > 0;
                    if hex {
                        escape_left -= 1;
                    } else if value.as_bytes()[i] == b'%' {
                        escape_left = 2;
                    }
                    let site = Site {
                        class: Class::HeaderValue,
                        param: Some(param.clone()),
                        in_value: true,
                        hex,
                    };
                    sites.push((Part::Header(n), i, site));
                }
            }
        }
    }
    let form = original.header("content-type").is_some_and(|ct| {
        ct.split(';').next().is_some_and(|m| {
            m.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
    });
    match std::str::from_utf8(&original.body) {
        Ok(body) if form => {
            for (i, site) in form_sites(body, Location::Body).into_iter().enumerate() {
                sites.push((Part::Body, i, site));
            }
        }
        _ => {
            for i in 0..original.body.len() {
                sites.push((Part::Body, i, Site::plain(Class::OpaqueBody)));
            }
        }
    }
    sites
        .into_iter()
        .filter_map(|(part, at, site)| forge(original, part, at, site))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacements_change_meaning_not_kind() {
        for b in 0x21u8..0x7f {
            let r = replacement(b, false);
            assert_ne!(r, b);
            assert!(r.is_ascii_graphic());
            if b.is_ascii_alphanumeric() {
                assert_eq!(b.is_ascii_digit(), r.is_ascii_digit(), "{b}");
                assert_eq!(b.is_ascii_uppercase(), r.is_ascii_uppercase(), "{b}");
            }
        }
        for b in b"0123456789abcdefABCDEF" {
            let r = replacement(*b, true);
            assert!(r.is_ascii_hexdigit() && r != *b);
            assert!(!r.eq_ignore_ascii_case(b), "a case change is no change");
            assert_eq!(b.is_ascii_uppercase(), r.is_ascii_uppercase());
        }
    }

    #[test]
    fn form_bytes_are_classified() {
        let c = form_sites("a=%2F&b", Location::Query);
        let kinds: Vec<_> = c
            .iter()
            .filter_map(|s| match s.class {
                Class::Form(_, k) => Some(k),
                _ => None,
            })
            .collect();
        use FormByte::*;
        assert_eq!(
            kinds,
            [Name, Equals, Percent, HexDigit, HexDigit, Ampersand, Name]
        );
        assert!(c[3].hex && !c[2].hex, "hex digits are marked");
        assert_eq!(c[2].param.as_deref(), Some("a"));
        assert!(c[2].in_value && !c[1].in_value && !c[0].in_value);
    }

    #[test]
    fn every_signed_byte_gets_a_forgery() -> Result<(), String> {
        let r = RawRequest::from_dump_line(
            r#"{"method":"POST","url":"http://127.0.0.1:9/r?q=1","headers":{"Authorization":"OAuth oauth_nonce=\"ab\", oauth_signature=\"x%2F\"","Content-Type":"application/x-www-form-urlencoded"},"body":"a=1"}"#,
        )?;
        let f = single_byte_forgeries(&r);
        let count = |class: Class| f.iter().filter(|x| x.class == class).count();
        assert_eq!(count(Class::Method), 4);
        assert_eq!(count(Class::Path), 1);
        assert_eq!(count(Class::Host), "127.0.0.1:9".len());
        assert_eq!(count(Class::HeaderValue), 2 + 4);
        assert_eq!(f.len(), 4 + 1 + 4 + 11 + 6 + 3);
        let sig: Vec<_> = f
            .iter()
            .filter(|x| x.param.as_deref() == Some("oauth_signature"))
            .map(|x| x.request.header("authorization").unwrap_or("").to_owned())
            .collect();
        assert!(sig.iter().any(|h| h.ends_with("x%3F\"")), "{sig:?}");
        assert!(sig.iter().any(|h| h.ends_with("x%2E\"")), "{sig:?}");
        Ok(())
    }
}
