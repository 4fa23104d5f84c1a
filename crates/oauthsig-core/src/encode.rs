//! Percent-encoding, [RFC 5849 §3.6](https://www.rfc-editor.org/rfc/rfc5849#section-3.6).
//!
//! Only ALPHA, DIGIT, `-`, `.`, `_` and `~` pass through; every other octet of
//! the UTF-8 text becomes `%XX` with uppercase hex. This is stricter than RFC
//! 3986's general rules, and both peers must apply it byte for byte or their
//! signatures differ. Nothing here allocates: [`encode`] is a lazy adapter.

use crate::sink::Sink;
use core::fmt;

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// The §3.6 unreserved set, as a lookup table (read when [`TUNED`]).
const UNRESERVED: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = unreserved_plain(i as u8);
        i += 1;
    }
    t
};

/// Whether `b` passes through §3.6 encoding unchanged.
#[inline]
pub const fn is_unreserved(b: u8) -> bool {
    if TUNED {
        UNRESERVED[b as usize]
    } else {
        unreserved_plain(b)
    }
}

/// The §3.6 unreserved set: ALPHA, DIGIT, `-`, `.`, `_`, `~`.
const fn unreserved_plain(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
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

static ESCAPE_BYTES: [[u8; 3]; 256] = {
    let mut t = [[0u8; 3]; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = [b'%', HEX[i >> 4], HEX[i & 15]];
        i += 1;
    }
    t
};

/// `"%25XX"`: each octet's escape encoded a second time, as the base
/// string's parameter part is (§3.4.1.1 step 5: the `%` becomes `%25`).
static ESCAPE_TWICE: [[u8; 5]; 256] = {
    let mut t = [[0u8; 5]; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = [b'%', b'2', b'5', HEX[i >> 4], HEX[i & 15]];
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

/// Whether the speed-tuned versions of the writers' and scanners' hot
/// helpers run: word-at-a-time scans, lookup tables, overlapping copies,
/// the prefix-keyed small sort, forced inlining. They do on 64-bit targets,
/// where they buy about 9 % on the signing row. On 32-bit ones
/// (microcontrollers, whose flash is scarce and which have no wide
/// registers to gain from) the plain versions run instead, and the few
/// helpers called from many places are kept out of line (`inline(never)`)
/// so that each is linked once. The inlining attributes follow this rule
/// as `cfg_attr(target_pointer_width = "64", ...)`.
///
/// Each tuned helper sits next to its plain version, and the tests hold
/// the two to the same answers; `scripts/firmware` runs the plain ones on
/// a Cortex-M against the RFC's header.
pub(crate) const TUNED: bool = cfg!(target_pointer_width = "64");

/// Length of the leading run of unreserved bytes of `b`: the index of its
/// first reserved byte ([`unreserved_run_plain`], eight bytes at a time
/// when [`TUNED`]).
#[cfg_attr(target_pointer_width = "64", inline(always))]
pub(crate) fn unreserved_run(b: &[u8]) -> usize {
    if !TUNED {
        return unreserved_run_plain(b);
    }
    let mut i = 0;
    // Eight bytes are tested together; a word holding a reserved byte and
    // the tail are then read one byte at a time.
    while let Some(c) = b.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        if !c.iter().fold(true, |all, &x| all & is_unreserved(x)) {
            break;
        }
        i += 8;
    }
    while let Some(&x) = b.get(i) {
        if !is_unreserved(x) {
            break;
        }
        i += 1;
    }
    i
}

/// [`unreserved_run`], a byte at a time.
fn unreserved_run_plain(b: &[u8]) -> usize {
    b.iter().position(|&c| !is_unreserved(c)).unwrap_or(b.len())
}

/// Index of the first byte of `b` that is one of `set` (a few delimiters):
/// [`find_any_plain`], eight bytes at a time when [`TUNED`].
#[inline]
pub(crate) fn find_any<const K: usize>(b: &[u8], set: [u8; K]) -> Option<usize> {
    if !TUNED {
        return find_any_plain(b, &set);
    }
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = 0;
    while let Some(chunk) = b.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let w = u64::from_le_bytes(*chunk);
        let mut hit = 0;
        for x in set {
            // Bytes equal to `x` become zero; the classic zero-byte test
            // marks them (a false mark can only sit above a true one, so the
            // lowest mark is exact).
            let v = w ^ (LOW * u64::from(x));
            hit |= v.wrapping_sub(LOW) & !v & HIGH;
        }
        if hit != 0 {
            return Some(i + (hit.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    find_any_plain(b.get(i..)?, &set).map(|j| i + j)
}

/// [`find_any`], a byte at a time.
fn find_any_plain(b: &[u8], set: &[u8]) -> Option<usize> {
    b.iter().position(|c| set.contains(c))
}

/// Streams the encoding of `bytes` into `out`, whole runs at a time.
#[cfg_attr(target_pointer_width = "64", inline(always))]
pub(crate) fn encode_into<S: Sink + ?Sized>(bytes: &[u8], level: Level, out: &mut S) {
    let run = unreserved_run(bytes);
    if run == bytes.len() {
        out.put(bytes);
    } else {
        encode_from(bytes, run, level, out);
    }
}

/// [`encode_into`] once something needs escaping: `bytes[..run]` is
/// unreserved and `bytes[run]` is not.
#[inline(never)]
fn encode_from<S: Sink + ?Sized>(bytes: &[u8], run: usize, level: Level, out: &mut S) {
    let (mut start, mut i) = (0, run);
    while let Some(&b) = bytes.get(i) {
        if !is_unreserved(b) {
            if let Some(piece) = bytes.get(start..i).filter(|p| !p.is_empty()) {
                out.put(piece);
            }
            put_escape(b, level, out);
            start = i + 1;
        }
        i += 1;
    }
    if let Some(piece) = bytes.get(start..).filter(|p| !p.is_empty()) {
        out.put(piece);
    }
}

/// Writes the escape for one reserved octet; at [`Level::Twice`] the `%` of the
/// first encoding is itself encoded as `%25`.
///
/// From the tables when [`TUNED`], else (the tables are 2 KiB) built by
/// [`put_escape_plain`].
#[inline]
pub(crate) fn put_escape<S: Sink + ?Sized>(b: u8, level: Level, out: &mut S) {
    if !TUNED {
        return put_escape_plain(b, level, out);
    }
    match level {
        Level::Once => out.put(&ESCAPE_BYTES[usize::from(b)]),
        Level::Twice => out.put(&ESCAPE_TWICE[usize::from(b)]),
    }
}

/// [`put_escape`] without the tables: `%XX`, or `%25XX` at [`Level::Twice`].
fn put_escape_plain<S: Sink + ?Sized>(b: u8, level: Level, out: &mut S) {
    let (high, low) = (HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]);
    match level {
        Level::Once => out.put(&[b'%', high, low]),
        Level::Twice => out.put(&[b'%', b'2', b'5', high, low]),
    }
}

/// Writes `bytes`, encoded at `level`, where the bytes are already the output
/// of one encoding (separators such as `=` and `&` between encoded pieces).
#[inline]
pub(crate) fn put_separator<S: Sink + ?Sized>(b: u8, level: Level, out: &mut S) {
    match level {
        Level::Once => out.put(&[b]),
        Level::Twice => put_escape(b, Level::Once, out),
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

    proptest::proptest! {
        #[test]
        fn find_any_matches_position(
            b in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40),
            x: u8,
            y: u8,
        ) {
            let want = b.iter().position(|&c| c == x || c == y);
            proptest::prop_assert_eq!(find_any(&b, [x, y]), want);
            proptest::prop_assert_eq!(find_any_plain(&b, &[x, y]), want);
        }
    }

    #[test]
    fn unreserved_run_stops_at_the_first_reserved_byte() {
        let reference = unreserved_run_plain;
        for len in 0..26 {
            let plain = std::vec![b'a'; len];
            assert_eq!(unreserved_run(&plain), len);
            for at in 0..len {
                for stop in [b'%', b'"', b' ', 0, 0xff, b'+', b'/'] {
                    let mut b = plain.clone();
                    b[at] = stop;
                    // A second stop later must not move the answer.
                    if at + 3 < len {
                        b[at + 3] = b'&';
                    }
                    assert_eq!(unreserved_run(&b), reference(&b), "{b:?}");
                }
            }
        }
    }

    /// The escape tables write what the plain escape writer does.
    #[test]
    fn escape_tables_match_the_plain_escapes() {
        for b in 0..=u8::MAX {
            for level in [Level::Once, Level::Twice] {
                let table: &[u8] = match level {
                    Level::Once => &ESCAPE_BYTES[usize::from(b)],
                    Level::Twice => &ESCAPE_TWICE[usize::from(b)],
                };
                let mut buf = [0u8; 5];
                let mut plain = crate::sink::SliceSink::new(&mut buf);
                put_escape_plain(b, level, &mut plain);
                assert_eq!(plain.finish().unwrap(), table, "{b} {level:?}");
            }
        }
    }

    #[test]
    fn find_any_finds_the_first_of_the_set() {
        let text = b"http://example.com:80/p/a?x=1#frag@%";
        for n in 0..=text.len() {
            let b = &text[..n];
            for set in [[b'?', b'#'], [b'/', b'@'], [b'%', b'z'], [0, 0xff]] {
                let want = b.iter().position(|c| set.contains(c));
                assert_eq!(find_any(b, set), want, "{set:?} in {n} bytes");
            }
        }
        // Bytes just above and below a delimiter, and high bytes, must not
        // give false hits.
        let tricky = [0x3e, 0x40, 0xbf, 0x3f ^ 0x80, 0x22, 0x24, 0x01, 0x3f];
        assert_eq!(find_any(&tricky, [b'?', b'#']), Some(7));
        assert_eq!(find_any(&tricky[..7], [b'?', b'#']), None);
    }

    #[test]
    fn iterator_yields_runs_and_escapes() {
        let pieces: [&str; 3] = ["ab", "%20", "c"];
        assert!(encode("ab c").eq(pieces.iter().copied()));
    }
}
