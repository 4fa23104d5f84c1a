//! The one small output trait every writer in this crate targets.
//!
//! RFC 5849 §3.4.1.1 defines the signature base string as a byte sequence; this
//! crate never builds it. Writers push bytes into a [`Sink`]: a MAC state when
//! signing, a caller buffer when debugging, a counter when sizing. Because the
//! same writer feeds all of them, the bytes that are signed and the bytes that
//! are shown cannot differ.

use core::fmt;

/// Receives output bytes. Infallible by design: a sink that can run out of room
/// records the overflow and reports it once at the end, so one pass both fills
/// what fits and measures the exact size needed.
pub trait Sink {
    /// Appends `bytes`.
    fn put(&mut self, bytes: &[u8]);
}

impl<S: Sink + ?Sized> Sink for &mut S {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        (**self).put(bytes)
    }
}

/// Output that writes itself into a [`Sink`]: the base string, the headers,
/// a signed request. Sizing, caller buffers and strings are done here once,
/// from the one writer, so what is sized, shown and signed cannot differ.
///
/// ```
/// use oauthsig_core::{sink::Render, WwwAuthenticate};
/// let w = WwwAuthenticate::new("Photos")?;
/// let mut buf = [0u8; 32];
/// assert_eq!(w.write_to_slice(&mut buf)?, r#"OAuth realm="Photos""#);
/// assert_eq!(w.len(), 20);
/// # Ok::<(), oauthsig_core::Error>(())
/// ```
pub trait Render {
    /// Streams the output into `out`.
    fn write_to<S: Sink + ?Sized>(&self, out: &mut S);

    /// The exact length in bytes.
    fn len(&self) -> usize {
        let mut c = Counter::default();
        self.write_to(&mut c);
        c.len()
    }

    /// Whether the output is empty (none of this crate's writers ever is).
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes into `buf` and returns the text.
    ///
    /// # Errors
    /// [`crate::Error::BufferTooSmall`] with the exact length needed.
    fn write_to_slice<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, crate::Error> {
        let mut sink = SliceSink::new(buf);
        self.write_to(&mut sink);
        let out = sink.finish()?;
        // Every writer puts whole `str`s and ASCII, so this is UTF-8.
        core::str::from_utf8(out).map_err(|e| crate::Error::InvalidUtf8 {
            part: crate::Part::Text,
            offset: e.valid_up_to(),
        })
    }

    /// The output in a `String` allocated once, at its exact size.
    #[cfg(feature = "alloc")]
    fn to_exact_string(&self) -> alloc::string::String {
        let mut out = alloc::vec::Vec::with_capacity(self.len());
        self.write_to(&mut out);
        // As for `write_to_slice`; an empty string only if a writer broke it.
        alloc::string::String::from_utf8(out).unwrap_or_default()
    }
}

/// Formats a [`Render`] (for `Display` impls).
pub(crate) fn fmt_render<R: Render + ?Sized>(r: &R, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let mut sink = FmtSink::new(f);
    r.write_to(&mut sink);
    sink.finish()
}

#[cfg(feature = "alloc")]
impl Sink for alloc::vec::Vec<u8> {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// Counts bytes without storing them: the exact length of an output.
///
/// ```
/// use oauthsig_core::sink::{Counter, Sink};
/// let mut c = Counter::default();
/// c.put(b"abc");
/// assert_eq!(c.len(), 3);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counter(usize);

impl Counter {
    /// Bytes counted so far.
    pub const fn len(&self) -> usize {
        self.0
    }

    /// Whether nothing was counted.
    pub const fn is_empty(&self) -> bool {
        self.0 == 0
    }
}

impl Sink for Counter {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        self.0 += bytes.len();
    }
}

/// Writes into a caller buffer; bytes past the end are counted, not written.
///
/// ```
/// use oauthsig_core::sink::{SliceSink, Sink};
/// let mut buf = [0u8; 2];
/// let mut s = SliceSink::new(&mut buf);
/// s.put(b"abc");
/// assert_eq!(s.finish(), Err(oauthsig_core::Error::BufferTooSmall { needed: 3 }));
/// ```
#[derive(Debug)]
pub struct SliceSink<'b> {
    buf: &'b mut [u8],
    len: usize,
}

impl<'b> SliceSink<'b> {
    /// A sink over `buf`.
    pub fn new(buf: &'b mut [u8]) -> Self {
        SliceSink { buf, len: 0 }
    }

    /// The bytes written, or the exact size needed when they did not fit.
    ///
    /// # Errors
    /// [`crate::Error::BufferTooSmall`] with the total length asked for.
    pub fn finish(self) -> Result<&'b mut [u8], crate::Error> {
        let needed = self.len;
        self.buf
            .get_mut(..needed)
            .ok_or(crate::Error::BufferTooSmall { needed })
    }

    /// Total bytes asked for so far (may exceed the buffer).
    pub const fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing was written.
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl Sink for SliceSink<'_> {
    #[cfg_attr(target_pointer_width = "64", inline)]
    #[cfg_attr(not(target_pointer_width = "64"), inline(never))]
    fn put(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        match self.buf.get_mut(self.len..end) {
            Some(dst) => dst.copy_from_slice(bytes),
            None => self.put_past_the_end(bytes),
        }
        // The length counts everything, so the error reports the overflow.
        self.len = end;
    }
}

impl SliceSink<'_> {
    /// Fills what still fits of `bytes`, so a caller that ignores the
    /// error still never reads uninitialised data.
    #[cold]
    fn put_past_the_end(&mut self, bytes: &[u8]) {
        let room = self.buf.get_mut(self.len..).unwrap_or_default();
        let n = bytes.len().min(room.len());
        if let (Some(dst), Some(src)) = (room.get_mut(..n), bytes.get(..n)) {
            dst.copy_from_slice(src);
        }
    }
}

/// Adapts a [`fmt::Write`] (a `String`, a `Formatter`, a heapless string).
///
/// All writers in this crate emit ASCII only, so chunks are always valid UTF-8.
pub struct FmtSink<'w, W: fmt::Write + ?Sized> {
    out: &'w mut W,
    result: fmt::Result,
}

impl<'w, W: fmt::Write + ?Sized> FmtSink<'w, W> {
    /// Wraps `out`.
    pub fn new(out: &'w mut W) -> Self {
        FmtSink {
            out,
            result: Ok(()),
        }
    }

    /// The first error the writer returned, if any.
    ///
    /// # Errors
    /// Whatever the wrapped writer returned.
    pub fn finish(self) -> fmt::Result {
        self.result
    }
}

impl<W: fmt::Write + ?Sized> Sink for FmtSink<'_, W> {
    fn put(&mut self, bytes: &[u8]) {
        if self.result.is_ok() {
            // Writers here only emit ASCII; anything else would be a bug, and
            // is reported as a formatting error rather than a panic.
            self.result = match core::str::from_utf8(bytes) {
                Ok(s) => self.out.write_str(s),
                Err(_) => Err(fmt::Error),
            };
        }
    }
}

/// `dst.copy_from_slice(src)` for the short pieces the writers emit (equal
/// lengths): two overlapping fixed-size moves cover every length of a size
/// class, and one to three bytes are copied one by one. The tests hold it
/// to its plain version, `copy_from_slice`, byte for byte.
///
/// The overlapping moves only when [`crate::encode::TUNED`] (their wide
/// moves are one or two instructions on a 64-bit target, library calls on
/// a microcontroller); else the plain copy.
#[cfg_attr(target_pointer_width = "64", inline(always))]
pub(crate) fn copy_short(dst: &mut [u8], src: &[u8]) {
    let n = src.len();
    debug_assert_eq!(dst.len(), n);
    let Some(dst) = dst.get_mut(..n) else { return };
    if !crate::encode::TUNED {
        dst.copy_from_slice(src);
    } else if n >= 4 {
        if n <= 8 {
            overlap::<4>(dst, src);
        } else if n <= 16 {
            overlap::<8>(dst, src);
        } else if n <= 32 {
            overlap::<16>(dst, src);
        } else if n <= 64 {
            overlap::<32>(dst, src);
        } else {
            dst.copy_from_slice(src);
        }
    } else if let (Some(d), Some(s)) = (dst.first_mut(), src.first()) {
        // 1–3 bytes: first, middle and last cover them all.
        *d = *s;
        if let (Some(d), Some(s)) = (dst.get_mut(n / 2), src.get(n / 2)) {
            *d = *s;
        }
        if let (Some(d), Some(s)) = (dst.last_mut(), src.last()) {
            *d = *s;
        }
    }
}

/// Moves the first and the last `W` bytes; for `W <= len <= 2 * W` they
/// overlap or touch, so together they copy everything.
#[cfg_attr(target_pointer_width = "64", inline(always))]
fn overlap<const W: usize>(dst: &mut [u8], src: &[u8]) {
    if let (Some(h), Some(t)) = (src.first_chunk::<W>(), src.last_chunk::<W>()) {
        let (h, t) = (*h, *t);
        if let Some(d) = dst.first_chunk_mut::<W>() {
            *d = h;
        }
        if let Some(d) = dst.last_chunk_mut::<W>() {
            *d = t;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain version `copy_short` stands in for.
    fn copy_plain(dst: &mut [u8], src: &[u8]) {
        dst.copy_from_slice(src);
    }

    proptest! {
        /// Any length (every size class and its edges), anywhere in a larger
        /// buffer: the same bytes as the plain copy, none written outside.
        #[test]
        fn copy_short_matches_copy_from_slice(
            src in prop::collection::vec(any::<u8>(), 0..100),
            fill: u8,
            at in 0usize..16,
        ) {
            let mut ours = [fill; 128];
            let mut plain = ours;
            let n = src.len();
            copy_short(&mut ours[at..at + n], &src);
            copy_plain(&mut plain[at..at + n], &src);
            prop_assert_eq!(&ours[..], &plain[..]);
        }
    }

    #[test]
    fn copy_short_copies_every_length() {
        let src: [u8; 100] = core::array::from_fn(|i| i as u8 + 1);
        for n in 0..=src.len() {
            let mut dst = [0u8; 100];
            copy_short(&mut dst[..n], &src[..n]);
            assert_eq!(&dst[..n], &src[..n], "length {n}");
            assert!(
                dst[n..].iter().all(|&b| b == 0),
                "length {n} wrote past the end"
            );
        }
    }
}
