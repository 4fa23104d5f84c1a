//! Percent-encoding, [RFC 5849 §3.6](https://www.rfc-editor.org/rfc/rfc5849#section-3.6).
//!
//! Only ALPHA, DIGIT, `-`, `.`, `_` and `~` pass through; every other octet of
//! the UTF-8 text becomes `%XX` with uppercase hex. This is stricter than RFC
//! 3986's general rules, and both peers must apply it byte for byte or their
//! signatures differ. Nothing here allocates: [`encode`] is a lazy adapter.

use crate::sink::Sink;
use core::fmt;

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// The §3.6 unreserved set, as a lookup table.
const UNRESERVED: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
        i += 1;
    }
    t
};

/// Whether `b` passes through §3.6 encoding unchanged.
#[inline]
pub const fn is_unreserved(b: u8) -> bool {
    UNRESERVED[b as usize]
}

/// Whether every byte of `bytes` is unreserved (the text encodes to itself).
#[inline]
pub fn is_plain(bytes: &[u8]) -> bool {
    bytes.iter().all(|&b| is_unreserved(b))
}

/// [`is_plain`] for `const` contexts ([`crate::Text::is_plain`] is `const`).
pub(crate) const fn is_plain_const(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        if !is_unreserved(bytes[i]) {
            return false;
        }
        i += 1;
    }
    true
}

/// Percent-encodes `text` lazily: an iterator of string pieces and a `Display`.
///
/// ```
/// use oauthsig_core::encode::encode;
/// assert_eq!(encode("r b&c@").to_string(), "r%20b%26c%40");
/// ```
pub fn encode(text: &str) -> PercentEncode<'_> {
    PercentEncode {
        bytes: text.as_bytes(),
    }
}

/// Percent-encodes raw octets (which need not be UTF-8) lazily.
///
/// ```
/// use oauthsig_core::encode::encode_bytes;
/// assert_eq!(encode_bytes(&[0xff, b'a']).to_string(), "%FFa");
/// ```
pub fn encode_bytes(bytes: &[u8]) -> PercentEncode<'_> {
    PercentEncode { bytes }
}

/// The lazy encoder returned by [`encode`]. Yields runs of unreserved text and
/// single `%XX` escapes.
#[derive(Clone, Debug)]
pub struct PercentEncode<'a> {
    bytes: &'a [u8],
}

impl<'a> Iterator for PercentEncode<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let (&first, rest) = self.bytes.split_first()?;
        if is_unreserved(first) {
            let run = self
                .bytes
                .iter()
                .position(|&b| !is_unreserved(b))
                .unwrap_or(self.bytes.len());
            let (head, tail) = self.bytes.split_at(run);
            self.bytes = tail;
            // Unreserved bytes are ASCII, so this cannot fail.
            core::str::from_utf8(head).ok()
        } else {
            self.bytes = rest;
            Some(ESCAPES[first as usize])
        }
    }
}

impl fmt::Display for PercentEncode<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for piece in self.clone() {
            f.write_str(piece)?;
        }
        Ok(())
    }
}

/// `"%00"` … `"%FF"`, so the iterator can hand out `&'static str` escapes.
static ESCAPES: [&str; 256] = {
    let mut t = [""; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = match core::str::from_utf8(ESCAPE_BYTES[i].as_slice()) {
            Ok(s) => s,
            Err(_) => "",
        };
        i += 1;
    }
    t
};

/// `%XX` for each octet: the bytes behind [`ESCAPES`].
static ESCAPE_BYTES: [[u8; 3]; 256] = {
    let mut t = [[0u8; 3]; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = [b'%', HEX[i >> 4], HEX[i & 15]];
        i += 1;
    }
    t
};

/// How many times output is encoded: once for a header or query value, twice
/// for the parameter part of a signature base string (§3.4.1.1 step 5 encodes
/// the already-encoded normalized parameters again).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Level {
    Once,
    Twice,
}

/// Index of the first byte of `b` that is one of `set` (a few delimiters).
#[inline]
pub(crate) fn find_any<const K: usize>(b: &[u8], set: [u8; K]) -> Option<usize> {
    b.iter().position(|c| set.contains(c))
}

/// Streams the encoding of `bytes` into `out`: runs of unreserved bytes
/// whole, each other octet as its escape.
#[inline]
pub(crate) fn encode_into<S: Sink + ?Sized>(bytes: &[u8], level: Level, out: &mut S) {
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !is_unreserved(b) {
            if start < i {
                out.put(&bytes[start..i]);
            }
            put_escape(b, level, out);
            start = i + 1;
        }
    }
    if start < bytes.len() {
        out.put(&bytes[start..]);
    }
}

/// Writes the escape for one reserved octet; at [`Level::Twice`] the `%` of the
/// first encoding is itself encoded as `%25`.
#[inline]
pub(crate) fn put_escape<S: Sink + ?Sized>(b: u8, level: Level, out: &mut S) {
    match level {
        Level::Once => out.put(&ESCAPE_BYTES[usize::from(b)]),
        Level::Twice => {
            let [_, hi, lo] = ESCAPE_BYTES[usize::from(b)];
            out.put(&[b'%', b'2', b'5', hi, lo]);
        }
    }
}

/// Writes `bytes`, encoded at `level`, where the bytes are already the output
/// of one encoding (separators such as `=` and `&` between encoded pieces).
#[inline]
pub(crate) fn put_separator<S: Sink + ?Sized>(b: u8, level: Level, out: &mut S) {
    match level {
        Level::Once => out.put(&[b]),
        Level::Twice => out.put(&ESCAPE_BYTES[b as usize]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreserved_set_is_exactly_rfc_3_6() {
        let passing: usize = (0..=255u8).filter(|&b| is_unreserved(b)).count();
        assert_eq!(passing, 26 + 26 + 10 + 4);
        for b in b"-._~" {
            assert!(is_unreserved(*b));
        }
        for b in b"!*'();:@&=+$,/?#[]% " {
            assert!(!is_unreserved(*b));
        }
    }

    #[test]
    fn iterator_yields_runs_and_escapes() {
        let pieces: [&str; 3] = ["ab", "%20", "c"];
        assert!(encode("ab c").eq(pieces.iter().copied()));
    }
}
