//! Request parameters, [RFC 5849 §3.4.1.3](https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1.3).
//!
//! Parameters come from the URL query, a form-encoded body, the protocol
//! parameters (from code or the `Authorization` header), and values set in
//! code. Duplicates are kept (§3.4.1.3.2 sorts them by value). The caller owns
//! the storage, as with `httparse`: a slice or a fixed-size array of
//! [`Param`]s. Running out of room is an error that says how much room is
//! needed, never a silent truncation.

use crate::encode::{TUNED, find_any};
use crate::error::{Error, Part};
use crate::text::{Grammar, Spelling, Text, escape_at, scan_wire, sub};
use core::cmp::Ordering;
use core::marker::PhantomData;

/// Where a parameter came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Source {
    /// The URL query.
    Query,
    /// An `application/x-www-form-urlencoded` body.
    Body,
    /// The `Authorization` header.
    Header,
    /// Set in code (protocol parameters of a request being signed, extras).
    Code,
}

impl Source {
    /// Lowercase name, for diagnostics.
    pub const fn as_str(self) -> &'static str {
        match self {
            Source::Query => "query",
            Source::Body => "body",
            Source::Header => "header",
            Source::Code => "code",
        }
    }
}

/// One name/value pair, borrowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param<'a> {
    /// The name.
    pub name: Text<'a>,
    /// The value.
    pub value: Text<'a>,
    /// Where it came from.
    pub source: Source,
}

impl<'a> Param<'a> {
    /// An empty slot, for initialising storage arrays.
    pub const EMPTY: Param<'static> = Param {
        name: Text::EMPTY,
        value: Text::EMPTY,
        source: Source::Code,
    };

    /// A parameter set in code.
    ///
    /// ```
    /// let p = oauthsig_core::Param::raw("a b", "c");
    /// assert!(p.name.eq_decoded(b"a b"));
    /// ```
    pub fn raw(name: &'a str, value: &'a str) -> Self {
        Param {
            name: Text::raw(name),
            value: Text::raw(value),
            source: Source::Code,
        }
    }

    /// Whether the name starts with `oauth_` (a protocol parameter, §3.1).
    pub fn is_protocol(&self) -> bool {
        self.name.starts_with_decoded(b"oauth_")
    }

    /// Whether this parameter is part of the signature base string: everything
    /// but `oauth_signature`, and `realm` when it came from the header
    /// (§3.4.1.3.1).
    #[inline]
    pub fn is_signed(&self) -> bool {
        !(self.name.eq_decoded(b"oauth_signature")
            || (self.source == Source::Header && self.name.eq_decoded(b"realm")))
    }
}

/// Splits `application/x-www-form-urlencoded` text into pairs without
/// decoding them. Empty segments (`a=1&&b=2`) are skipped; a segment without
/// `=` is a name with an empty value.
///
/// ```
/// use oauthsig_core::params::pairs;
/// let mut it = pairs("a=1&c2&b=x+y", oauthsig_core::Part::Body);
/// let (n, v, _) = it.nth(2).unwrap()?;
/// assert!(n.eq_decoded(b"b") && v.eq_decoded(b"x y"));
/// # Ok::<(), oauthsig_core::Error>(())
/// ```
pub fn pairs(text: &str, part: Part) -> Pairs<'_> {
    Pairs {
        text,
        pos: 0,
        part,
        spelling: Spelling::Form,
        in_url: false,
    }
}

/// Checks form-encoded `text` the way [`pairs`] would, without splitting
/// it: a `%` that does not start a `%XX` escape (RFC 3986 §2.1) is the one
/// thing that makes such text malformed, since names and values are octets
/// (§3.4.1.3.1). The error names `part` and the offset of the first such
/// `%`, the error [`pairs`] yields first.
///
/// ```
/// use oauthsig_core::{params::check_escapes, Error, Part};
/// assert!(check_escapes("a=%C3%A9&b=x+y", Part::Body).is_ok());
/// assert_eq!(check_escapes("a=1&b=%zz", Part::Body), Err(Error::BadEscape { part: Part::Body, offset: 6 }));
/// ```
///
/// # Errors
/// [`Error::BadEscape`] naming `part` and the offset of the first bad `%`.
pub fn check_escapes(text: &str, part: Part) -> Result<(), Error> {
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(i) = b.get(from..).and_then(|rest| find_any(rest, [b'%'])) {
        let at = from + i;
        if !escape_at(b, at) {
            return Err(Error::BadEscape { part, offset: at });
        }
        from = at + 3;
    }
    Ok(())
}

/// Iterator from [`pairs`]: `(name, value, byte offset of the pair)`.
#[derive(Clone, Debug)]
pub struct Pairs<'a> {
    text: &'a str,
    pos: usize,
    part: Part,
    spelling: Spelling,
    /// `text` is the rest of a URL after its `?`: a `#` ends the query
    /// (found by the splitter's own pass, not by a search beforehand).
    in_url: bool,
}

impl<'a> Iterator for Pairs<'a> {
    type Item = Result<(Text<'a>, Text<'a>, usize), Error>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        self.next_pair()
    }
}

impl<'a> Pairs<'a> {
    /// The next non-empty `name[=value]` segment, scanned once by the wire
    /// text scanner; a segment with a malformed escape is consumed whole and
    /// reported, so iteration goes on with the next.
    #[cfg_attr(target_pointer_width = "64", inline(always))]
    fn next_pair(&mut self) -> Option<Result<(Text<'a>, Text<'a>, usize), Error>> {
        // A name ends at `&` or `=`, a value at `&`; in a URL's query a
        // `#` ends both (the fragment is not the query).
        let (name_class, value_class) = match self.in_url {
            true => (&Grammar::QUERY_NAME, &Grammar::QUERY_VALUE),
            false => (&Grammar::FORM_NAME, &Grammar::FORM_VALUE),
        };
        let b = self.text.as_bytes();
        loop {
            let start = self.pos;
            if start >= self.text.len() {
                return None;
            }
            let name = scan_wire(b, start, name_class);
            let value =
                (b.get(name.end) == Some(&b'=')).then(|| scan_wire(b, name.end + 1, value_class));
            let end = value.as_ref().map_or(name.end, |v| v.end);
            if b.get(end) == Some(&b'#') {
                // Only a stop in a URL: the fragment is not the query.
                self.text = sub(self.text, 0, end);
            }
            self.pos = end + 1;
            if end == start {
                continue;
            }
            let bad = name
                .bad_escape
                .or(value.as_ref().and_then(|v| v.bad_escape));
            if let Some(offset) = bad {
                return Some(Err(Error::BadEscape {
                    part: self.part,
                    offset,
                }));
            }
            let value = value.map_or(Text::EMPTY, |v| {
                v.text(self.text, name.end + 1, self.spelling)
            });
            return Some(Ok((
                name.text(self.text, start, self.spelling),
                value,
                start,
            )));
        }
    }
}

/// The query component of `url` (between `?` and `#`), or `""`.
///
/// ```
/// assert_eq!(oauthsig_core::params::query_of("http://a/b?x=1#f"), "x=1");
/// ```
pub fn query_of(url: &str) -> &str {
    let query = after_question_mark(url);
    // `#` is ASCII, so `sub` splits on a boundary.
    let end = find_any(query.as_bytes(), [b'#']).unwrap_or(query.len());
    sub(query, 0, end)
}

/// What follows the `?` that starts `url`'s query, or `""` when the URL
/// has none (no `?`, or a `#` first).
fn after_question_mark(url: &str) -> &str {
    match find_any(url.as_bytes(), [b'?', b'#']) {
        Some(q) if url.as_bytes().get(q) == Some(&b'?') => sub(url, q + 1, url.len()),
        _ => "",
    }
}

/// A parameter list over caller storage `S` (`[Param; N]`, `&mut [Param]`,
/// or with `alloc` a `Vec<Param>` sized up front).
///
/// ```
/// use oauthsig_core::{Param, Params};
/// let mut storage = [Param::EMPTY; 8];
/// let mut params = Params::new(&mut storage[..]);
/// params.extend_query("http://example.com/?b=2&a=1")?;
/// params.sort();
/// assert!(params.as_slice()[0].name.eq_decoded(b"a"));
/// # Ok::<(), oauthsig_core::Error>(())
/// ```
///
/// A client that calls one endpoint again and again can split and sort its
/// query and body once, and give each request a copy to which only that
/// request's protocol parameters are added:
///
/// ```
/// use oauthsig_core::{ParamArray, Protocol, SignatureMethod};
/// let url = "http://example.com/feed?since=1&count=50";
/// let mut endpoint = ParamArray::<16>::array();
/// endpoint.extend_query(url)?;
/// endpoint.sort();
/// for nonce in ["n1", "n2"] {
///     let mut params = endpoint.clone();
///     let protocol = Protocol::new("ck").nonce(nonce);
///     for p in protocol.params(SignatureMethod::HmacSha1, None) {
///         params.push(p)?;
///     }
///     params.sort();
///     assert_eq!(params.len(), 5);
/// }
/// # Ok::<(), oauthsig_core::Error>(())
/// ```
#[derive(Clone)]
pub struct Params<'a, S> {
    slots: S,
    len: usize,
    _text: PhantomData<Text<'a>>,
}

/// A parameter list with inline storage for `N` parameters.
pub type ParamArray<'a, const N: usize> = Params<'a, [Param<'a>; N]>;

impl<'a, const N: usize> Params<'a, [Param<'a>; N]> {
    /// An empty list with room for `N` parameters, on the stack.
    pub const fn array() -> Self {
        Params {
            slots: [Param::EMPTY; N],
            len: 0,
            _text: PhantomData,
        }
    }
}

impl<'a, S> Params<'a, S> {
    /// The list over `slots`, whose first `len` hold its parameters (for
    /// moving a list whose storage was borrowed while it was filled).
    pub(crate) fn filled(slots: S, len: usize) -> Self {
        Params {
            slots,
            len,
            _text: PhantomData,
        }
    }
}

impl<'a, S: AsRef<[Param<'a>]>> Params<'a, S> {
    /// How many parameters the storage holds at most.
    pub fn capacity(&self) -> usize {
        self.slots.as_ref().len()
    }

    /// Number of parameters.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The parameters, in their current order.
    pub fn as_slice(&self) -> &[Param<'a>] {
        // `len` never exceeds the storage (`push` checks).
        self.slots.as_ref().get(..self.len).unwrap_or_default()
    }

    /// The first parameter whose decoded name is `name`.
    pub fn get(&self, name: &str) -> Option<&Param<'a>> {
        self.as_slice()
            .iter()
            .find(|p| p.name.eq_decoded(name.as_bytes()))
    }
}

impl<'a, S: AsRef<[Param<'a>]> + AsMut<[Param<'a>]>> Params<'a, S> {
    /// An empty list over `slots`.
    pub fn new(slots: S) -> Self {
        Params {
            slots,
            len: 0,
            _text: PhantomData,
        }
    }

    /// Removes every parameter.
    pub fn clear(&mut self) {
        self.len = 0;
    }

    /// Removes the parameter at `index` and returns it, moving the last
    /// one into its place (order matters only once sorted: [`Params::sort`]
    /// restores it). A verifier that found the `oauth_signature` can take it
    /// out so that sorting does not move it around.
    ///
    /// ```
    /// use oauthsig_core::{ParamArray, Source};
    /// let mut p = ParamArray::<4>::array();
    /// p.extend_form("a=1&oauth_signature=x&b=2", Source::Body)?;
    /// assert!(p.swap_remove(1).is_some_and(|s| !s.is_signed()));
    /// assert_eq!(p.len(), 2);
    /// assert!(p.swap_remove(2).is_none());
    /// # Ok::<(), oauthsig_core::Error>(())
    /// ```
    pub fn swap_remove(&mut self, index: usize) -> Option<Param<'a>> {
        let last = self.len.checked_sub(1)?;
        let v = self.slots.as_mut().get_mut(..self.len)?;
        if index > last {
            return None;
        }
        v.swap(index, last);
        self.len = last;
        v.get(last).copied()
    }

    /// Appends one parameter.
    ///
    /// # Errors
    /// [`Error::TooManyParameters`] when the storage is full.
    pub fn push(&mut self, param: Param<'a>) -> Result<(), Error> {
        match self.slots.as_mut().get_mut(self.len) {
            Some(slot) => {
                *slot = param;
                self.len += 1;
                Ok(())
            }
            None => Err(Error::TooManyParameters {
                needed: self.len + 1,
            }),
        }
    }

    /// Appends every pair of form-encoded `text`, tagged with `source`.
    ///
    /// # Errors
    /// [`Error::BadEscape`] for a malformed escape; [`Error::TooManyParameters`]
    /// with the room this text needs in total when the storage is full.
    pub fn extend_form(&mut self, text: &'a str, source: Source) -> Result<(), Error> {
        let part = match source {
            Source::Body => Part::Body,
            _ => Part::Query,
        };
        self.extend_pairs(pairs(text, part), source)
    }

    fn extend_pairs(&mut self, mut it: Pairs<'a>, source: Source) -> Result<(), Error> {
        while let Some(pair) = it.next_pair() {
            let (name, value, _) = pair?;
            if self
                .push(Param {
                    name,
                    value,
                    source,
                })
                .is_err()
            {
                // Count the rest so the error states the full requirement.
                let rest = it.filter(Result::is_ok).count();
                return Err(Error::TooManyParameters {
                    needed: self.len + 1 + rest,
                });
            }
        }
        Ok(())
    }

    /// Appends the query parameters of `url`.
    ///
    /// # Errors
    /// As [`Params::extend_form`].
    pub fn extend_query(&mut self, url: &'a str) -> Result<(), Error> {
        // The query runs from the first `?` to a `#`; the splitter finds
        // the `#` in the pass it makes anyway.
        let rest = Pairs {
            in_url: true,
            ..pairs(after_question_mark(url), Part::Query)
        };
        self.extend_pairs(rest, Source::Query)
    }

    /// Sorts into §3.4.1.3.2 order: by encoded name, then encoded value.
    /// Allocation-free (an unstable sort is fine: equal elements are equal as
    /// far as the signature can tell).
    pub fn sort(&mut self) {
        let Some(v) = self.slots.as_mut().get_mut(..self.len) else {
            return;
        };
        // When `TUNED`, a request of a dozen or so parameters is sorted by
        // `small_sort` (prefix keys: a speed tuning, and 216 bytes of
        // stack), a longer list (a hostile one) by the library's sort. The
        // latter links a panic (for an order it finds inconsistent, which
        // `param_order` never is), so a plain target sorts every list with
        // `heap_sort`, which has none. All must order exactly as the
        // library sort by `param_order` (the tests compare them).
        match (TUNED, v.len() <= SMALL) {
            (true, true) => small_sort(v),
            (true, false) => v.sort_unstable_by(param_order),
            (false, _) => heap_sort(v),
        }
    }
}

/// The §3.4.1.3.2 order: by encoded name, then encoded value.
#[cfg_attr(target_pointer_width = "64", inline(always))]
pub(crate) fn param_order(a: &Param<'_>, b: &Param<'_>) -> Ordering {
    match a.name.cmp_encoded_inline(&b.name) {
        Ordering::Equal => a.value.cmp_encoded_inline(&b.value),
        order => order,
    }
}

/// Lists up to this long are sorted by [`small_sort`].
const SMALL: usize = 24;

/// Sorts up to [`SMALL`] parameters into §3.4.1.3.2 order. Each name's
/// encoded prefix ([`Text::encoded_prefix`]) is computed once, and an
/// insertion sort runs over `(prefix, index)` pairs: where two prefixes
/// differ they decide, and names that share their first eight encoded bytes
/// are compared in full. Each parameter is then moved once, following the
/// permutation's cycles.
fn small_sort(v: &mut [Param<'_>]) {
    let mut keys = [0u64; SMALL];
    let mut order = [0u8; SMALL];
    // Each key is computed as its element is inserted: a separate pass
    // would store the keys only to load them straight back. Every index
    // below stays under `SMALL` (`i` counts at most `SMALL` elements).
    for (i, p) in v.iter().take(SMALL).enumerate() {
        let k = p.name.encoded_prefix();
        let mut j = i;
        while let Some(before) = j.checked_sub(1) {
            let (Some(&kb), Some(&ob)) = (keys.get(before), order.get(before)) else {
                break;
            };
            let less = match k.cmp(&kb) {
                Ordering::Equal => v
                    .get(usize::from(ob))
                    .is_some_and(|q| param_order(p, q) == Ordering::Less),
                c => c == Ordering::Less,
            };
            if !less {
                break;
            }
            set(&mut keys, &mut order, j, (kb, ob));
            j = before;
        }
        set(&mut keys, &mut order, j, (k, i as u8));
    }
    // Position `i` takes the parameter now at `order[i]`: each cycle of
    // the permutation is followed once, by swaps that carry its first
    // parameter along to the last position. A filled position is marked
    // by pointing at itself.
    for start in 0..v.len().min(SMALL) {
        let mut i = start;
        while let Some(slot) = order.get_mut(i) {
            let from = usize::from(core::mem::replace(slot, i as u8));
            if from == start {
                break;
            }
            swap(v, i, from);
            i = from;
        }
    }
}

/// `keys[j], order[j] = entry`, for [`small_sort`].
#[cfg_attr(target_pointer_width = "64", inline(always))]
fn set(keys: &mut [u64; SMALL], order: &mut [u8; SMALL], j: usize, entry: (u64, u8)) {
    if let (Some(k), Some(o)) = (keys.get_mut(j), order.get_mut(j)) {
        (*k, *o) = entry;
    }
}

/// Sorts into §3.4.1.3.2 order on a plain target (see [`Params::sort`]):
/// heapsort, in place, O(n log n) at worst whatever the input, with no
/// recursion and no panic.
fn heap_sort(v: &mut [Param<'_>]) {
    let n = v.len();
    for root in (0..n / 2).rev() {
        sift_down(v, root, n);
    }
    for end in (1..n).rev() {
        swap(v, 0, end);
        sift_down(v, 0, end);
    }
}

/// Moves `v[root]` down the max-heap `v[..end]` to where it belongs.
fn sift_down(v: &mut [Param<'_>], mut root: usize, end: usize) {
    let heap = v.get_mut(..end).unwrap_or_default();
    loop {
        let left = 2 * root + 1;
        let right = left + 1;
        let larger = match (heap.get(left), heap.get(right)) {
            (Some(l), Some(r)) if param_order(l, r) == Ordering::Less => right,
            (Some(_), _) => left,
            (None, _) => return,
        };
        match (heap.get(root), heap.get(larger)) {
            (Some(a), Some(b)) if param_order(a, b) == Ordering::Less => {}
            _ => return,
        }
        swap(heap, root, larger);
        root = larger;
    }
}

/// Swaps `v[i]` and `v[j]` (the same or out of range: does nothing).
fn swap(v: &mut [Param<'_>], i: usize, j: usize) {
    let (low, high) = (i.min(j), i.max(j));
    if let Some((head, tail)) = v.split_at_mut_checked(high) {
        if let (Some(a), Some(b)) = (head.get_mut(low), tail.first_mut()) {
            core::mem::swap(a, b);
        }
    }
}

impl<'a, S: AsRef<[Param<'a>]>> core::fmt::Debug for Params<'a, S> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::string::ToString;
    use std::vec::Vec;

    proptest! {
        /// The escape check without splitting reports exactly the first
        /// error the pair splitter yields (none when it yields none).
        #[test]
        fn check_escapes_is_the_splitters_first_error(text in "[a-c=&%+0-9A-Fz.~ -]{0,40}") {
            let first = pairs(&text, Part::Body).find_map(Result::err);
            prop_assert_eq!(check_escapes(&text, Part::Body).err(), first);
        }
    }

    #[test]
    fn swap_remove_moves_the_last_into_the_gap() {
        let mut p = ParamArray::<4>::array();
        assert_eq!(p.swap_remove(0), None);
        p.extend_form("a=1&b=2&c=3", Source::Query).unwrap();
        let names = |s: &[Param<'_>]| {
            s.iter()
                .map(|q| q.name.as_wire())
                .collect::<Vec<_>>()
                .join(",")
        };
        assert_eq!(p.swap_remove(3), None);
        assert!(p.swap_remove(0).is_some_and(|q| q.name.as_wire() == "a"));
        assert_eq!(names(p.as_slice()), "c,b");
        assert!(p.swap_remove(1).is_some_and(|q| q.name.as_wire() == "b"));
        assert_eq!(names(p.as_slice()), "c");
        assert!(p.swap_remove(0).is_some());
        assert!(p.is_empty());
    }

    #[test]
    fn overflow_reports_total_needed() {
        let mut p = ParamArray::<2>::array();
        assert_eq!(
            p.extend_form("a=1&b=2&c=3&d=4", Source::Body),
            Err(Error::TooManyParameters { needed: 4 })
        );
    }

    /// The splitter scans once and sets the texts' flags itself; it must
    /// agree with splitting first and validating each text on its own.
    fn reference_pairs(text: &str) -> Vec<Result<(Text<'_>, Text<'_>, usize), Error>> {
        let mut out = Vec::new();
        let mut at = 0;
        for seg in text.split('&') {
            if !seg.is_empty() {
                let (n, v, vat) = match seg.find('=') {
                    Some(e) => (&seg[..e], &seg[e + 1..], at + e + 1),
                    None => (seg, "", at + seg.len()),
                };
                let pair = Text::wire(n, Spelling::Form, Part::Body, at).and_then(|n| {
                    Text::wire(v, Spelling::Form, Part::Body, vat).map(|v| (n, v, at))
                });
                out.push(pair);
            }
            at += seg.len() + 1;
        }
        out
    }

    proptest! {
        #[test]
        fn pairs_match_split_then_validate(text in "[a~%+&=2Fz ]{0,24}") {
            let ours: Vec<_> = pairs(&text, Part::Body).collect();
            let theirs = reference_pairs(&text);
            prop_assert_eq!(ours.len(), theirs.len());
            for (o, t) in ours.iter().zip(&theirs) {
                match (o, t) {
                    (Ok((on, ov, oat)), Ok((tn, tv, tat))) => {
                        prop_assert_eq!(oat, tat);
                        for (a, b) in [(on, tn), (ov, tv)] {
                            prop_assert_eq!(a.as_wire(), b.as_wire());
                            prop_assert_eq!(a.flags(), b.flags());
                        }
                    }
                    (Err(a), Err(b)) => prop_assert_eq!(a, b),
                    _ => prop_assert!(false, "{:?} vs {:?}", o, t),
                }
            }
        }
    }

    /// `small_sort`'s and `heap_sort`'s plain version.
    fn sort_plain(v: &mut [Param<'_>]) {
        v.sort_unstable_by(param_order);
    }

    /// A name or value in one of the spellings a parameter arrives in.
    fn spelled(raw: &str, how: u8) -> std::string::String {
        match how {
            0 => raw.into(),
            1 => crate::encode::encode(raw).to_string().replace("%20", "+"),
            _ => raw.bytes().map(|b| std::format!("%{b:02x}")).collect(),
        }
    }

    proptest! {
        /// `small_sort` (and `heap_sort`) order any list they take exactly
        /// as the library sort does: names tied on their first eight encoded bytes or not,
        /// duplicates, every spelling (raw, form, every octet escaped).
        #[test]
        fn small_sort_matches_the_plain_sort(
            pairs in prop::collection::vec(
                ("(oauth_[a-z]{0,3}|oauth_si|[a-c~. %+&=\u{e9}-]{0,10})", "[a-c~ %+=-]{0,4}", 0u8..3),
                0..=3 * SMALL,
            ),
        ) {
            let wire: Vec<_> = pairs
                .iter()
                .map(|(n, v, how)| (spelled(n, *how), spelled(v, *how), *how))
                .collect();
            let params: Vec<Param<'_>> = wire
                .iter()
                .map(|(n, v, how)| {
                    let text = |s| match how {
                        0 => Text::raw(s),
                        _ => Text::form(s, Part::Query).unwrap_or(Text::EMPTY),
                    };
                    Param { name: text(n), value: text(v), source: Source::Query }
                })
                .collect();
            let (mut ours, mut heap, mut plain) = (params.clone(), params.clone(), params);
            if ours.len() <= SMALL {
                small_sort(&mut ours);
            } else {
                ours.clone_from(&plain);
                sort_plain(&mut ours);
            }
            heap_sort(&mut heap);
            sort_plain(&mut plain);
            let key = |p: &[Param<'_>]| -> Vec<(std::string::String, std::string::String)> {
                p.iter().map(|q| (q.name.encoded().to_string(), q.value.encoded().to_string())).collect()
            };
            prop_assert_eq!(key(&ours), key(&plain));
            prop_assert_eq!(key(&heap), key(&plain));
        }
    }

    /// Names that tie on their first eight encoded bytes, so the sort's
    /// full comparison decides, next to names decided by the prefix alone.
    #[test]
    fn sort_breaks_prefix_ties_by_full_comparison() {
        let names = [
            "oauth_signature_method",
            "oauth_signature",
            "oauth_si~",
            "oauth_si",
            "oauth_si gn",
            "oauth_sig",
            "oauth_s",
            "a",
            "oauth_signature_metho",
            "oauth_si\u{e9}",
        ];
        let values = ["2", "1", "", "x y"];
        let mut p = ParamArray::<24>::array();
        for (i, n) in names.iter().enumerate() {
            p.push(Param::raw(n, values[i % values.len()])).unwrap();
            p.push(Param::raw(n, values[(i + 1) % values.len()]))
                .unwrap();
        }
        let enc = |t: &Text<'_>| std::string::ToString::to_string(&t.encoded());
        let encoded = |p: &[Param<'_>]| -> Vec<_> {
            p.iter().map(|q| (enc(&q.name), enc(&q.value))).collect()
        };
        let mut want = encoded(p.as_slice());
        want.sort();
        p.sort();
        assert_eq!(encoded(p.as_slice()), want);
    }

    proptest! {
        /// `extend_query` (the splitter stopping at `#` itself) collects
        /// exactly what `extend_form(query_of(url))` collects: the same
        /// texts with the same flags, the same error, the same room needed.
        #[test]
        fn extend_query_matches_query_of(
            url in "(http://h/p)?[?#]?([a-c=&?#+%]|%4|%41|%2F|%zz){0,14}",
            cap in 0usize..6,
        ) {
            let run = |query_first: bool| {
                let mut slots = [Param::EMPTY; 6];
                let mut p = Params::new(&mut slots[..cap]);
                let r = if query_first {
                    p.extend_form(query_of(&url), Source::Query)
                } else {
                    p.extend_query(&url)
                };
                let got: Vec<_> = p
                    .as_slice()
                    .iter()
                    .map(|q| (q.name.as_wire(), q.name.flags(), q.value.as_wire(), q.value.flags(), q.source))
                    .collect();
                (r, got)
            };
            prop_assert_eq!(run(false), run(true));
        }
    }

    #[test]
    fn pairs_skip_empty_segments_and_keep_bare_names() {
        let v: usize = pairs("&&a&&b=&", Part::Query).count();
        assert_eq!(v, 2);
    }
}
