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
        if self.len > self.buf.len() {
            Err(crate::Error::BufferTooSmall { needed: self.len })
        } else {
            Ok(&mut self.buf[..self.len])
        }
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
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        if end <= self.buf.len() {
            self.buf[self.len..end].copy_from_slice(bytes);
        } else if self.len < self.buf.len() {
            // Fill what fits so a caller that ignores the error still never
            // reads uninitialised data; the error still reports the overflow.
            let room = self.buf.len() - self.len;
            self.buf[self.len..].copy_from_slice(&bytes[..room]);
        }
        self.len = end;
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

/// Stages small writes into a block-sized buffer before handing them to a
/// digest, because per-call overhead of `update` dominates for the 1–3 byte
/// pieces a percent-encoder produces.
pub(crate) struct Staged<F: FnMut(&[u8])> {
    buf: [u8; 128],
    len: usize,
    flush: F,
}

impl<F: FnMut(&[u8])> Staged<F> {
    pub(crate) fn new(flush: F) -> Self {
        Staged {
            buf: [0; 128],
            len: 0,
            flush,
        }
    }

    pub(crate) fn finish(mut self) {
        (self.flush)(&self.buf[..self.len]);
    }
}

impl<F: FnMut(&[u8])> Sink for Staged<F> {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        if self.len + bytes.len() > self.buf.len() {
            (self.flush)(&self.buf[..self.len]);
            self.len = 0;
            if bytes.len() > self.buf.len() {
                (self.flush)(bytes);
                return;
            }
        }
        self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
    }
}
