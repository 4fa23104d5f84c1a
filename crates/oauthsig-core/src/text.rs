//! Parameter text as it arrived: raw, form-encoded, or percent-encoded.
//!
//! RFC 5849 §3.4.1.3.1 signs *decoded* names and values, re-encoded by §3.6.
//! A [`Text`] keeps the caller's or the wire's bytes and decodes lazily, so a
//! request parsed from a URL, a body or a header is never copied. Ordering and
//! equality are defined on the decoded octets (and so on the encoded form), not
//! on the wire spelling: `%61bc`, `abc` and `a%62c` are the same text.

use crate::encode::{self, Level, is_unreserved};
use crate::error::{Error, Part};
use crate::sink::Sink;
use core::cmp::Ordering;
use core::fmt;

/// How a [`Text`]'s bytes are spelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Spelling {
    /// Set in code: the bytes are the value.
    Raw,
    /// `application/x-www-form-urlencoded` (query, body): `+` is a space.
    Form,
    /// §3.6 / RFC 3986 percent-encoding (Authorization header): `+` is literal.
    Percent,
    /// An RFC 7230 quoted-string body (a header `realm`): `\x` is `x`.
    Quoted,
}

/// A borrowed name or value, decoded on demand.
///
/// ```
/// use oauthsig_core::Text;
/// let wire = Text::form("a+b%21", oauthsig_core::Part::Query)?;
/// assert!(wire.eq_decoded(b"a b!"));
/// assert_eq!(wire.encoded().to_string(), "a%20b%21");
/// # Ok::<(), oauthsig_core::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct Text<'a> {
    s: &'a str,
    flags: Flags,
}

/// A [`Text`]'s spelling and what is known of its bytes, in one word. Its
/// plain version is three fields; `flags_give_back_what_they_hold` holds
/// the word to giving back exactly what they would.
#[derive(Clone, Copy)]
struct Flags(usize);

impl Flags {
    /// The low two bits: the [`Spelling`].
    const SPELLING: usize = 0b11;
    /// The decoded octets are the wire bytes (nothing to unescape). Always
    /// set for raw text, so building one costs nothing.
    const VERBATIM: usize = 1 << 2;
    /// Known to be all unreserved: decoded, encoded and wire forms are
    /// identical. Unset means "not known", not "known not": raw text is
    /// only scanned when it is written, where the encoder scans anyway.
    const PLAIN: usize = 1 << 3;

    const fn new(spelling: Spelling, verbatim: bool, plain: bool) -> Self {
        let spelling = match spelling {
            Spelling::Raw => 0,
            Spelling::Form => 1,
            Spelling::Percent => 2,
            Spelling::Quoted => 3,
        };
        let verbatim = if verbatim { Self::VERBATIM } else { 0 };
        let plain = if plain { Self::PLAIN } else { 0 };
        Flags(spelling | verbatim | plain)
    }

    const fn spelling(self) -> Spelling {
        match self.0 & Self::SPELLING {
            0 => Spelling::Raw,
            1 => Spelling::Form,
            2 => Spelling::Percent,
            _ => Spelling::Quoted,
        }
    }

    const fn verbatim(self) -> bool {
        self.0 & Self::VERBATIM != 0
    }

    const fn plain(self) -> bool {
        self.0 & Self::PLAIN != 0
    }
}

impl<'a> Text<'a> {
    /// Text set in code, used exactly as given.
    pub const fn raw(s: &'a str) -> Self {
        Text::from_parts(s, Spelling::Raw, true, false)
    }

    /// Raw text the caller knows is all unreserved (the protocol parameter
    /// names), so writing it skips the encoder's scan.
    pub(crate) const fn raw_plain(s: &'a str) -> Self {
        debug_assert!(encode::is_plain_const(s.as_bytes()));
        Text::from_parts(s, Spelling::Raw, true, true)
    }

    /// The empty text.
    pub const EMPTY: Text<'static> = Text::from_parts("", Spelling::Raw, true, true);

    /// Form-encoded wire text (`+` is a space).
    ///
    /// # Errors
    /// [`Error::BadEscape`] naming `part` and the offset of a malformed `%`.
    pub fn form(s: &'a str, part: Part) -> Result<Self, Error> {
        Self::wire(s, Spelling::Form, part, 0)
    }

    /// Percent-encoded wire text (`+` is literal).
    ///
    /// # Errors
    /// [`Error::BadEscape`] naming `part` and the offset of a malformed `%`.
    pub fn percent(s: &'a str, part: Part) -> Result<Self, Error> {
        Self::wire(s, Spelling::Percent, part, 0)
    }

    /// Validates escapes once, so later lazy decoding cannot fail.
    pub(crate) fn wire(
        s: &'a str,
        spelling: Spelling,
        part: Part,
        at: usize,
    ) -> Result<Self, Error> {
        let grammar = match spelling {
            Spelling::Form => &Grammar::FORM_TEXT,
            _ => &Grammar::PERCENT_TEXT,
        };
        let scan = scan_wire(s.as_bytes(), 0, grammar);
        if let Some(offset) = scan.bad_escape {
            return Err(Error::BadEscape {
                part,
                offset: at + offset,
            });
        }
        Ok(scan.text(s, 0, spelling))
    }

    /// A text whose flags a caller's own scan of `s` established.
    #[inline]
    pub(crate) const fn from_parts(
        s: &'a str,
        spelling: Spelling,
        verbatim: bool,
        plain: bool,
    ) -> Self {
        Text {
            s,
            flags: Flags::new(spelling, verbatim, plain),
        }
    }

    /// `(verbatim, plain)`, for tests that check a scan elsewhere (the pair
    /// splitter) sets them exactly as [`Text::wire`] does.
    #[cfg(test)]
    pub(crate) fn flags(&self) -> (bool, bool) {
        (self.flags.verbatim(), self.flags.plain())
    }

    /// A quoted-string's content (between the quotes, escapes still in place),
    /// for tests.
    #[cfg(test)]
    pub(crate) fn quoted(s: &'a str) -> Self {
        let b = s.as_bytes();
        Text::from_parts(
            s,
            Spelling::Quoted,
            !b.contains(&b'\\'),
            encode::is_plain(b),
        )
    }

    /// The text as it was given or received.
    #[inline]
    pub const fn as_wire(&self) -> &'a str {
        self.s
    }

    /// How the wire text is spelled.
    #[inline]
    pub const fn spelling(&self) -> Spelling {
        self.flags.spelling()
    }

    /// The wire text when it is also the decoded text (no escape, no `+` in
    /// form text, no `\\` in a quoted string): a flag the text's parser set,
    /// so asking costs nothing. `None` means the text needs decoding.
    ///
    /// ```
    /// use oauthsig_core::{Part, Text};
    /// assert_eq!(Text::form("a b", Part::Query)?.as_verbatim(), Some("a b"));
    /// assert_eq!(Text::form("a+b", Part::Query)?.as_verbatim(), None);
    /// # Ok::<(), oauthsig_core::Error>(())
    /// ```
    #[inline]
    pub const fn as_verbatim(&self) -> Option<&'a str> {
        if self.flags.verbatim() {
            Some(self.s)
        } else {
            None
        }
    }

    /// Whether the text decodes to itself and needs no encoding.
    #[inline]
    pub const fn is_plain(&self) -> bool {
        self.flags.plain() || (self.flags.verbatim() && encode::is_plain_const(self.s.as_bytes()))
    }

    /// The decoded octets, lazily.
    #[inline]
    pub fn decoded(&self) -> Decoded<'a> {
        Decoded {
            b: self.s.as_bytes(),
            spelling: if self.flags.verbatim() {
                Spelling::Raw
            } else {
                self.flags.spelling()
            },
        }
    }

    /// Whether the decoded octets equal `other`.
    ///
    /// ```
    /// use oauthsig_core::{Part, Text};
    /// assert!(Text::percent("oauth%5Ftoken", Part::Header)?.eq_decoded(b"oauth_token"));
    /// # Ok::<(), oauthsig_core::Error>(())
    /// ```
    #[inline]
    pub fn eq_decoded(&self, other: &[u8]) -> bool {
        if self.flags.verbatim() {
            self.s.as_bytes() == other
        } else {
            // Decoding never lengthens a text.
            self.s.len() >= other.len() && self.eq_decoded_slow(other)
        }
    }

    #[inline(never)]
    fn eq_decoded_slow(&self, other: &[u8]) -> bool {
        self.decoded().eq(other.iter().copied())
    }

    /// Whether the decoded octets start with `prefix`.
    #[inline]
    pub fn starts_with_decoded(&self, prefix: &[u8]) -> bool {
        if self.flags.verbatim() {
            return self.s.as_bytes().starts_with(prefix);
        }
        self.starts_with_decoded_slow(prefix)
    }

    #[inline(never)]
    fn starts_with_decoded_slow(&self, prefix: &[u8]) -> bool {
        let mut d = self.decoded();
        prefix.iter().all(|&p| d.next() == Some(p))
    }

    /// Number of decoded octets.
    pub fn decoded_len(&self) -> usize {
        if self.flags.verbatim() {
            self.s.len()
        } else {
            self.decoded().count()
        }
    }

    /// Compares the §3.6-encoded forms (the §3.4.1.3.2 sort order) without
    /// building them.
    ///
    /// Encoding maps each octet to itself (unreserved) or to `%XX`; since `%`
    /// sorts below every unreserved character and uppercase hex preserves
    /// numeric order, the encoded order is the decoded order under the key
    /// "escaped octets first, by value; then unreserved octets, by value".
    pub fn cmp_encoded(&self, other: &Text<'_>) -> Ordering {
        self.cmp_encoded_inline(other)
    }

    /// [`Text::cmp_encoded`], for the sort and the base string's merge.
    #[cfg_attr(target_pointer_width = "64", inline(always))]
    pub(crate) fn cmp_encoded_inline(&self, other: &Text<'_>) -> Ordering {
        let (a, b) = (self.s.as_bytes(), other.s.as_bytes());
        if self.flags.verbatim() && other.flags.verbatim() {
            return cmp_encoded_bytes(a, b);
        }
        self.cmp_encoded_decoding(other)
    }

    /// [`Text::cmp_encoded`] when either text needs decoding.
    #[inline(never)]
    fn cmp_encoded_decoding(&self, other: &Text<'_>) -> Ordering {
        let (a, b) = (self.s.as_bytes(), other.s.as_bytes());
        // Octet by octet: the first differing octet decides.
        let (sa, sb) = (self.decoded().spelling, other.decoded().spelling);
        let (mut i, mut j) = (0, 0);
        loop {
            match (i < a.len(), j < b.len()) {
                (true, true) => {}
                (x, y) => return x.cmp(&y),
            }
            let (x, wx) = decode_at(a, i, sa);
            let (y, wy) = decode_at(b, j, sb);
            if x != y {
                return order_key(x).cmp(&order_key(y));
            }
            i += wx;
            j += wy;
        }
    }

    /// The first eight bytes of the §3.6 encoding as a big-endian integer,
    /// zero-padded. Encoded text never contains a zero byte, so when two
    /// texts' prefixes differ they order the texts exactly as
    /// [`Text::cmp_encoded`] does (the encoded order is the byte order of
    /// the encodings); when they are equal, nothing is decided.
    #[inline]
    pub(crate) fn encoded_prefix(&self) -> u64 {
        let b = self.s.as_bytes();
        let head = &b[..b.len().min(8)];
        if self.flags.plain()
            || (self.flags.verbatim() && encode::unreserved_run(head) == head.len())
        {
            return be_padded(head);
        }
        self.encoded_prefix_slow()
    }

    #[inline(never)]
    fn encoded_prefix_slow(&self) -> u64 {
        // Each octet's encoding (itself, or `%XX`) shifted in at the top.
        let (b, spelling) = (self.s.as_bytes(), self.decoded().spelling);
        let (mut key, mut shift, mut i) = (0u64, 64u32, 0);
        while shift > 0 && i < b.len() {
            let (octet, width) = decode_at(b, i, spelling);
            i += width;
            let (piece, len) = if is_unreserved(octet) {
                (u64::from(octet), 8)
            } else {
                let hex = |d: u8| u64::from(HEX[usize::from(d)]);
                ((0x25 << 16) | (hex(octet >> 4) << 8) | hex(octet & 15), 24)
            };
            key |= match shift.checked_sub(len) {
                Some(s) => piece << s,
                None => piece >> (len - shift),
            };
            shift = shift.saturating_sub(len);
        }
        key
    }

    /// The §3.6 encoding of the decoded octets, lazily.
    pub fn encoded(&self) -> EncodedText<'a> {
        EncodedText(*self)
    }

    /// Streams the §3.6 encoding of the decoded octets.
    #[cfg_attr(target_pointer_width = "64", inline(always))]
    pub(crate) fn write_encoded<S: Sink + ?Sized>(&self, level: Level, out: &mut S) {
        if self.flags.plain() {
            out.put(self.s.as_bytes());
        } else if self.flags.verbatim() {
            encode::encode_into(self.s.as_bytes(), level, out);
        } else {
            self.write_decoded(level, out);
        }
    }

    /// [`Text::write_encoded`] for wire text with escapes (or `+`): runs of
    /// unreserved bytes go out whole, and each escape is decoded then
    /// re-encoded (`%7e` becomes `~`, `%2f` becomes `%2F`).
    #[inline(never)]
    fn write_decoded<S: Sink + ?Sized>(&self, level: Level, out: &mut S) {
        let b = self.s.as_bytes();
        let spelling = self.flags.spelling();
        let (mut start, mut i) = (0, 0);
        while let Some(&c) = b.get(i) {
            if is_unreserved(c) {
                i += 1;
                continue;
            }
            if let Some(run) = b.get(start..i).filter(|run| !run.is_empty()) {
                out.put(run);
            }
            let (octet, width) = decode_at(b, i, spelling);
            if is_unreserved(octet) {
                out.put(&[octet]);
            } else {
                encode::put_escape(octet, level, out);
            }
            i += width;
            start = i;
        }
        if let Some(run) = b.get(start..).filter(|run| !run.is_empty()) {
            out.put(run);
        }
    }

    /// Decodes into `buf` and checks the result is UTF-8.
    ///
    /// ```
    /// use oauthsig_core::{Part, Text};
    /// let mut buf = [0u8; 16];
    /// assert_eq!(Text::form("caf%C3%A9", Part::Body)?.decode_to(&mut buf, Part::Body)?, "café");
    /// # Ok::<(), oauthsig_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::BufferTooSmall`] with the decoded length, or
    /// [`Error::InvalidUtf8`] with the offset of the first bad decoded byte.
    pub fn decode_to<'b>(&self, buf: &'b mut [u8], part: Part) -> Result<&'b str, Error> {
        let mut n = 0;
        for octet in self.decoded() {
            if let Some(slot) = buf.get_mut(n) {
                *slot = octet;
            }
            n += 1;
        }
        if n > buf.len() {
            return Err(Error::BufferTooSmall { needed: n });
        }
        core::str::from_utf8(&buf[..n]).map_err(|e| Error::InvalidUtf8 {
            part,
            offset: e.valid_up_to(),
        })
    }

    /// The decoded text, borrowed when no decoding is needed.
    ///
    /// # Errors
    /// [`Error::InvalidUtf8`] with the offset of the first bad decoded byte.
    #[cfg(feature = "alloc")]
    #[inline]
    pub fn to_str(&self, part: Part) -> Result<alloc::borrow::Cow<'a, str>, Error> {
        if self.flags.verbatim() {
            return Ok(alloc::borrow::Cow::Borrowed(self.s));
        }
        self.decode_to_string(part).map(alloc::borrow::Cow::Owned)
    }

    /// [`Text::to_str`] for a text with escapes: decoded into a `String`.
    #[cfg(feature = "alloc")]
    #[inline(never)]
    fn decode_to_string(&self, part: Part) -> Result<alloc::string::String, Error> {
        let bytes: alloc::vec::Vec<u8> = self.decoded().collect();
        alloc::string::String::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 {
            part,
            offset: e.utf8_error().valid_up_to(),
        })
    }
}

impl PartialEq for Text<'_> {
    /// Equal when the decoded octets are equal, whatever the spelling.
    fn eq(&self, other: &Self) -> bool {
        self.cmp_encoded(other) == Ordering::Equal
    }
}

impl Eq for Text<'_> {}

impl fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}({:?})", self.flags.spelling(), self.s)
    }
}

/// The §3.6 encoding of a [`Text`], as a `Display`.
#[derive(Clone, Copy, Debug)]
pub struct EncodedText<'a>(Text<'a>);

impl fmt::Display for EncodedText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut sink = crate::sink::FmtSink::new(f);
        self.0.write_encoded(Level::Once, &mut sink);
        sink.finish()
    }
}

/// Iterator over a [`Text`]'s decoded octets.
#[derive(Clone, Debug)]
pub struct Decoded<'a> {
    b: &'a [u8],
    spelling: Spelling,
}

impl Iterator for Decoded<'_> {
    type Item = u8;

    #[inline]
    fn next(&mut self) -> Option<u8> {
        if self.b.is_empty() {
            return None;
        }
        let (octet, width) = decode_at(self.b, 0, self.spelling);
        self.b = self.b.get(width..).unwrap_or_default();
        Some(octet)
    }
}

/// Decodes the octet at `i`; returns it and how many wire bytes it used.
/// Escapes were validated at construction; a malformed one (only reachable
/// through a bug) is taken literally rather than panicking.
/// Past the end (only through a bug) it gives a zero octet of width one.
#[cfg_attr(target_pointer_width = "64", inline)]
#[cfg_attr(not(target_pointer_width = "64"), inline(never))]
fn decode_at(b: &[u8], i: usize, spelling: Spelling) -> (u8, usize) {
    let c = b.get(i).copied().unwrap_or(0);
    let next = b.get(i + 1).copied();
    match (spelling, c) {
        (Spelling::Form | Spelling::Percent, b'%') => {
            match (next.and_then(hex), b.get(i + 2).and_then(|&l| hex(l))) {
                (Some(h), Some(l)) => ((h << 4) | l, 3),
                _ => (c, 1),
            }
        }
        (Spelling::Form, b'+') => (b' ', 1),
        (Spelling::Quoted, b'\\') => next.map_or((c, 1), |escaped| (escaped, 2)),
        _ => (c, 1),
    }
}

/// Byte classes of wire text: the byte keeps a text from being plain (it
/// is reserved), from being verbatim (it needs decoding), or stops the fast
/// path: a delimiter ends the run, a `%` has its escape checked and skipped.
pub(crate) const RESERVED: u8 = 1;
pub(crate) const DECODES: u8 = 2;
pub(crate) const STOPS: u8 = 4;

/// A grammar [`scan_wire`] reads: form-encoded text (`+` decodes to a
/// space) or percent-encoded text, and the delimiters that end a run.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Grammar {
    /// `+` decodes to a space (form text). Read on plain targets (see
    /// `table`) and by the tests.
    #[cfg_attr(target_pointer_width = "64", allow(dead_code))]
    plus_decodes: bool,
    /// The bytes that end a run. Read as `plus_decodes` is.
    #[cfg_attr(target_pointer_width = "64", allow(dead_code))]
    stops: &'static [u8],
    /// [`class_of`] every byte, tabulated: only when
    /// [`TUNED`](crate::encode::TUNED), so that a plain target links no
    /// table. The tests hold each to [`class_of`].
    #[cfg(target_pointer_width = "64")]
    table: &'static [u8; 256],
}

impl Grammar {
    /// The grammar of these rules, whose classes `table` holds.
    #[cfg_attr(not(target_pointer_width = "64"), allow(unused_variables))]
    const fn new(plus_decodes: bool, stops: &'static [u8], table: &'static [u8; 256]) -> Self {
        Grammar {
            plus_decodes,
            stops,
            #[cfg(target_pointer_width = "64")]
            table,
        }
    }

    /// A whole form-encoded text.
    pub(crate) const FORM_TEXT: Grammar = Grammar::new(true, b"", &FORM_TEXT);
    /// A whole percent-encoded text.
    pub(crate) const PERCENT_TEXT: Grammar = Grammar::new(false, b"", &PERCENT_TEXT);
    /// A form pair's name, ended by `&` or `=`.
    pub(crate) const FORM_NAME: Grammar = Grammar::new(true, b"&=", &FORM_NAME);
    /// A form pair's value, ended by `&`.
    pub(crate) const FORM_VALUE: Grammar = Grammar::new(true, b"&", &FORM_VALUE);
    /// A query pair's name: as in a form, and a `#` ends the query.
    pub(crate) const QUERY_NAME: Grammar = Grammar::new(true, b"&=#", &QUERY_NAME);
    /// A query pair's value.
    pub(crate) const QUERY_VALUE: Grammar = Grammar::new(true, b"&#", &QUERY_VALUE);

    /// The class of `b` (see [`RESERVED`]): one lookup when
    /// [`TUNED`](crate::encode::TUNED).
    #[inline(always)]
    fn class(&self, b: u8) -> u8 {
        #[cfg(target_pointer_width = "64")]
        return self.table[usize::from(b)];
        #[cfg(not(target_pointer_width = "64"))]
        class_of(b, self.plus_decodes, self.stops)
    }
}

/// The class of `b` in form-encoded (`plus_decodes`) or percent-encoded
/// text whose runs end at any byte of `stops`.
const fn class_of(b: u8, plus_decodes: bool, stops: &[u8]) -> u8 {
    let class = match b {
        b'%' => RESERVED | DECODES | STOPS,
        b'+' if plus_decodes => RESERVED | DECODES,
        _ if is_unreserved(b) => 0,
        _ => RESERVED,
    };
    let mut k = 0;
    while k < stops.len() {
        if stops[k] == b {
            return class | STOPS;
        }
        k += 1;
    }
    class
}

/// [`class_of`] every byte.
const fn classes(plus_decodes: bool, stops: &[u8]) -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = class_of(i as u8, plus_decodes, stops);
        i += 1;
    }
    t
}

static FORM_TEXT: [u8; 256] = classes(true, b"");
static PERCENT_TEXT: [u8; 256] = classes(false, b"");
static FORM_NAME: [u8; 256] = classes(true, b"&=");
static FORM_VALUE: [u8; 256] = classes(true, b"&");
static QUERY_NAME: [u8; 256] = classes(true, b"&=#");
static QUERY_VALUE: [u8; 256] = classes(true, b"&#");

/// What [`scan_wire`] learns of a run of wire text.
pub(crate) struct WireScan {
    /// Where the run ends: the first delimiter, or the end of the text.
    pub(crate) end: usize,
    /// The classes of the run's bytes, OR-ed.
    pub(crate) seen: u8,
    /// The first `%` not followed by two hex digits.
    pub(crate) bad_escape: Option<usize>,
}

impl WireScan {
    /// The run from `start` as a [`Text`] (its escapes must be good).
    #[cfg_attr(target_pointer_width = "64", inline(always))]
    pub(crate) fn text<'a>(&self, s: &'a str, start: usize, spelling: Spelling) -> Text<'a> {
        Text::from_parts(
            sub(s, start, self.end),
            spelling,
            self.seen & DECODES == 0,
            self.seen & RESERVED == 0,
        )
    }
}

/// The one scanner of form- and percent-encoded wire text (RFC 5849 §3.6,
/// §3.4.1.3.1): from `start` to the first delimiter of `grammar`, learning
/// in the same pass whether the run needs decoding or encoding and where
/// its first malformed escape is. A pair splitter and a single text both
/// read through it. A byte's class is one table lookup when
/// [`TUNED`](crate::encode::TUNED).
#[inline]
pub(crate) fn scan_wire(b: &[u8], start: usize, grammar: &Grammar) -> WireScan {
    let mut scan = WireScan {
        end: b.len(),
        seen: 0,
        bad_escape: None,
    };
    let mut i = start;
    while let Some(&c) = b.get(i) {
        let k = grammar.class(c);
        if k & STOPS == 0 {
            scan.seen |= k;
            i += 1;
            continue;
        }
        if c != b'%' {
            scan.end = i;
            return scan;
        }
        scan.seen |= k & !STOPS;
        if escape_at(b, i) {
            // Its two hex digits are unreserved.
            i += 3;
        } else {
            scan.bad_escape.get_or_insert(i);
            i += 1;
        }
    }
    scan
}

/// `&s[start..end]` for scanners whose offsets sit on ASCII bytes or the
/// ends of `s`. Offsets off a boundary, which only a scanner bug could
/// produce, give `""` rather than a panic.
#[inline]
pub(crate) fn sub(s: &str, start: usize, end: usize) -> &str {
    debug_assert!(s.get(start..end).is_some(), "{start}..{end} off a boundary");
    s.get(start..end).unwrap_or("")
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Up to eight bytes as a big-endian integer, zero-padded on the right,
/// from two overlapping loads instead of a byte loop.
#[inline]
fn be_padded(b: &[u8]) -> u64 {
    let n = b.len();
    let shift = 8 * (8 - n.min(8)) as u32;
    if let Some(w) = b.first_chunk::<8>() {
        u64::from_be_bytes(*w)
    } else if let (Some(h), Some(t)) = (b.first_chunk::<4>(), b.last_chunk::<4>()) {
        (u64::from(u32::from_be_bytes(*h)) << 32) | (u64::from(u32::from_be_bytes(*t)) << shift)
    } else if let (Some(h), Some(t)) = (b.first_chunk::<2>(), b.last_chunk::<2>()) {
        (u64::from(u16::from_be_bytes(*h)) << 48) | (u64::from(u16::from_be_bytes(*t)) << shift)
    } else {
        b.first().map_or(0, |&c| u64::from(c) << 56)
    }
}

/// Whether a well-formed `%XX` escape starts at `i`.
#[inline]
pub(crate) fn escape_at(b: &[u8], i: usize) -> bool {
    matches!(b.get(i + 1..i + 3), Some(&[h, l]) if hex(h).is_some() && hex(l).is_some())
}

/// The §3.4.1.3.2 sort key of one decoded octet: escaped octets (`%XX`, and
/// `%` sorts below every unreserved character) first by value, then
/// unreserved octets by value. Uppercase hex keeps escapes in numeric order.
#[inline]
fn order_key(b: u8) -> u16 {
    u16::from(b) | (u16::from(is_unreserved(b)) << 8)
}

/// [`Text::cmp_encoded`] for two texts that need no decoding: the common
/// prefix encodes identically, so only the first differing octet (or the
/// lengths) decides.
#[inline]
pub(crate) fn cmp_encoded_bytes(a: &[u8], b: &[u8]) -> Ordering {
    match a.iter().zip(b).find(|(x, y)| x != y) {
        Some((&x, &y)) => order_key(x).cmp(&order_key(y)),
        None => a.len().cmp(&b.len()),
    }
}

/// The value of a hex digit, either case.
#[inline]
pub(crate) const fn hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each grammar's table is its class function, byte for byte.
    #[cfg(target_pointer_width = "64")]
    #[test]
    fn grammar_tables_match_their_classes() {
        for g in [
            Grammar::FORM_TEXT,
            Grammar::PERCENT_TEXT,
            Grammar::FORM_NAME,
            Grammar::FORM_VALUE,
            Grammar::QUERY_NAME,
            Grammar::QUERY_VALUE,
        ] {
            let table = g.table;
            for b in 0..=u8::MAX {
                let class = class_of(b, g.plus_decodes, g.stops);
                assert_eq!(table[usize::from(b)], class, "{g:?} {b}");
            }
        }
    }
    use proptest::prelude::*;
    use std::string::{String, ToString};
    use std::vec::Vec;

    fn encoded(b: &[u8]) -> String {
        encode::encode_bytes(b).to_string()
    }

    proptest! {
        /// The word-at-a-time prefix search must agree with comparing the
        /// encoded strings, wherever the first difference falls (inside or
        /// after the first words, at a word edge, or nowhere).
        #[test]
        fn cmp_encoded_bytes_matches_encoded_strings(
            prefix in prop::collection::vec(prop::sample::select(b"aZ0-~% +/&=\x7f\xc3\xe9".to_vec()), 0..20),
            a in prop::collection::vec(any::<u8>(), 0..4),
            b in prop::collection::vec(any::<u8>(), 0..4),
        ) {
            let x: Vec<u8> = prefix.iter().chain(&a).copied().collect();
            let y: Vec<u8> = prefix.iter().chain(&b).copied().collect();
            prop_assert_eq!(cmp_encoded_bytes(&x, &y), encoded(&x).cmp(&encoded(&y)));
        }
    }

    /// `s` spelled as `how` says: 0 raw, 1 form (`+` for space, lowercase
    /// hex), 2 percent; 3 form with every unreserved byte escaped too.
    fn spell(s: &str, how: u8) -> String {
        let enc = encode::encode(s).to_string();
        match how {
            1 => {
                let mut out = String::new();
                let mut hex_left = 0;
                for c in enc.replace("%20", "+").chars() {
                    out.push(if hex_left > 0 {
                        c.to_ascii_lowercase()
                    } else {
                        c
                    });
                    hex_left = if c == '%' { 2 } else { hex_left.max(1) - 1 };
                }
                out
            }
            2 => enc,
            3 => s.bytes().map(|b| std::format!("%{b:02x}")).collect(),
            _ => s.into(),
        }
    }

    fn text_of(w: &str, how: u8) -> Text<'_> {
        match how {
            0 => Text::raw(w),
            2 => Text::percent(w, Part::Header).unwrap(),
            _ => Text::form(w, Part::Query).unwrap(),
        }
    }

    proptest! {
        /// Any two spellings of any two texts order like their encodings,
        /// however long the shared unreserved run before they differ.
        #[test]
        fn cmp_encoded_across_spellings(
            prefix in "[a-z~]{0,10}",
            x in "[a-zA-Z0-9 %+&=~._\u{e9}-]{0,6}",
            y in "[a-zA-Z0-9 %+&=~._\u{e9}-]{0,6}",
            hx in 0u8..4,
            hy in 0u8..4,
        ) {
            let (x, y) = (std::format!("{prefix}{x}"), std::format!("{prefix}{y}"));
            let (wx, wy) = (spell(&x, hx), spell(&y, hy));
            let (tx, ty) = (text_of(&wx, hx), text_of(&wy, hy));
            let want = encode::encode(&x).to_string().cmp(&encode::encode(&y).to_string());
            prop_assert_eq!(tx.cmp_encoded(&ty), want, "{:?} vs {:?}", tx, ty);
        }
    }

    proptest! {
        /// Where two prefixes differ they must order the texts as the full
        /// comparison does, for every spelling.
        #[test]
        fn encoded_prefix_agrees_with_cmp_encoded(
            x in "[aZ9~.%+&= \u{e9}-]{0,12}",
            y in "[aZ9~.%+&= \u{e9}-]{0,12}",
            hx in 0u8..4,
            hy in 0u8..4,
        ) {
            let (wx, wy) = (spell(&x, hx), spell(&y, hy));
            let (tx, ty) = (text_of(&wx, hx), text_of(&wy, hy));
            let (kx, ky) = (tx.encoded_prefix(), ty.encoded_prefix());
            let enc = |s: &str| -> u64 {
                let e = encode::encode(s).to_string();
                let mut k = [0u8; 8];
                for (d, c) in k.iter_mut().zip(e.bytes()) {
                    *d = c;
                }
                u64::from_be_bytes(k)
            };
            prop_assert_eq!(kx, enc(&x), "{:?}", tx);
            prop_assert_eq!(ky, enc(&y), "{:?}", ty);
            if kx != ky {
                prop_assert_eq!(kx.cmp(&ky), tx.cmp_encoded(&ty));
            }
        }
    }

    #[test]
    fn be_padded_every_length() {
        let b = b"abcdefghij";
        for n in 0..=b.len() {
            let mut want = [0u8; 8];
            for (d, c) in want.iter_mut().zip(&b[..n]) {
                *d = *c;
            }
            assert_eq!(be_padded(&b[..n]), u64::from_be_bytes(want), "{n}");
        }
    }

    #[test]
    fn raw_text_is_plain_only_when_it_is() {
        assert!(Text::raw("abc-._~").is_plain());
        assert!(!Text::raw("a b").is_plain());
        assert!(!Text::form("a%41", Part::Query).unwrap().is_plain());
        assert!(Text::form("aA", Part::Query).unwrap().is_plain());
    }

    #[test]
    fn bad_escapes_are_positioned() {
        assert_eq!(
            Text::form("ab%4", Part::Query).err(),
            Some(Error::BadEscape {
                part: Part::Query,
                offset: 2
            })
        );
        assert!(Text::form("%zz", Part::Body).is_err());
        assert!(Text::form("%", Part::Body).is_err());
        assert!(Text::form("%41", Part::Body).is_ok());
    }

    #[test]
    fn spellings_decode_differently() {
        assert!(Text::form("a+b", Part::Query).unwrap().eq_decoded(b"a b"));
        assert!(
            Text::percent("a+b", Part::Header)
                .unwrap()
                .eq_decoded(b"a+b")
        );
        assert!(Text::quoted(r#"a\"b"#).eq_decoded(b"a\"b"));
    }

    #[test]
    fn hex_digits_either_case() {
        for c in 0..=u8::MAX {
            let want = char::from(c).to_digit(16).map(|d| d as u8);
            assert_eq!(hex(c), want, "{c:#x}");
        }
    }

    /// The packed flags give back exactly what they were made from, for
    /// every combination: what three separate fields (their plain
    /// version) would.
    #[test]
    fn flags_give_back_what_they_hold() {
        for spelling in [
            Spelling::Raw,
            Spelling::Form,
            Spelling::Percent,
            Spelling::Quoted,
        ] {
            for verbatim in [false, true] {
                for plain in [false, true] {
                    let f = Flags::new(spelling, verbatim, plain);
                    assert_eq!(
                        (f.spelling(), f.verbatim(), f.plain()),
                        (spelling, verbatim, plain)
                    );
                }
            }
        }
    }

    #[test]
    fn equality_ignores_spelling() {
        let a = Text::form("%61bc", Part::Query).unwrap();
        assert_eq!(a, Text::raw("abc"));
        assert_eq!(
            Text::form("x%2bz", Part::Query)
                .unwrap()
                .encoded()
                .to_string(),
            "x%2Bz"
        );
    }
}
