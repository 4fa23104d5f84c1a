//! The edge of the C ABI: every function of `include/oauthsig.h` is declared
//! here, with the contract its C caller keeps (`# Safety`), and this is the
//! only file that relies on such a contract.
//!
//! Each entry point runs inside the panic [`boundary`], turns its raw
//! arguments into typed views in one `unsafe` block justified by its own
//! contract, and hands them to a safe function of the topic module
//! (`credentials`, `keys`, `oneshot`, `request`, `util`, `verifier`) that does the
//! work. The views ([`In`], [`OutBuf`], [`OutPtr`], [`SignInput`],
//! [`Lookup`], and `Option<&T>` for handles) have private fields and are
//! made only here, by `unsafe` constructors, so the rest of the crate cannot
//! build one over a pointer C did not vouch for, and is safe Rust.
//!
//! The declarations live here, rather than next to their bodies, because a
//! raw pointer can only become a reference where the contract that vouches
//! for it is stated; keeping the raw Rust signatures lets Rust callers (the
//! fuzz target, the benchmark) call the ABI exactly as C does. They are in
//! the header's order.

use crate::credentials::{self, oauthsig_consumer, oauthsig_token};
use crate::keys::{self, oauthsig_rsa_private_key, oauthsig_rsa_public_key};
use crate::oneshot::{self, oauthsig_sign_input, oauthsig_sign_request, oauthsig_str};
use crate::profile::{self, oauthsig_profile};
use crate::request::{self, oauthsig_request, oauthsig_signing_key};
use crate::result::{self, Failure, oauthsig_result};
use crate::util;
use crate::verifier::{
    self, oauthsig_lookup_answer, oauthsig_verified, oauthsig_verifier, oauthsig_verifier_builder,
};
use oauthsig_core::sink::SliceSink;
use std::cell::RefCell;
use std::ffi::{c_char, c_void};
use std::fmt::Write as _;
use std::marker::PhantomData;
use std::mem::MaybeUninit;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// The room for a failure's detail message. Longer messages are cut at a
/// character boundary: they name a part and an offset, never a whole input.
const MESSAGE_CAP: usize = 1024;

/// A detail message in fixed storage: recording a failure never touches the
/// heap (the one-shot calls promise no allocation on any path).
#[derive(Clone, Copy)]
struct Message {
    text: [u8; MESSAGE_CAP],
    len: usize,
    /// Set once a piece did not fit: later pieces are dropped too, so a
    /// cut message is a prefix of the whole one.
    cut: bool,
}

impl Message {
    const EMPTY: Message = Message {
        text: [0; MESSAGE_CAP],
        len: 0,
        cut: false,
    };

    fn as_bytes(&self) -> &[u8] {
        &self.text[..self.len]
    }
}

impl std::fmt::Write for Message {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if self.cut {
            return Ok(());
        }
        let mut n = s.len().min(MESSAGE_CAP - self.len);
        while !s.is_char_boundary(n) {
            n -= 1;
        }
        self.text[self.len..self.len + n].copy_from_slice(&s.as_bytes()[..n]);
        self.len += n;
        self.cut = n < s.len();
        Ok(())
    }
}

thread_local! {
    /// The detail of the last failure on this thread (C's `errno` model),
    /// in thread-local storage with a constant initialiser and no
    /// destructor: no allocation, ever.
    static LAST_ERROR: RefCell<Message> = const { RefCell::new(Message::EMPTY) };
}

/// Replaces the thread's last error with `message`.
fn set_last_error(message: &dyn std::fmt::Display) {
    LAST_ERROR.with(|e| {
        let mut e = e.borrow_mut();
        *e = Message::EMPTY;
        // Message::write_str never fails.
        let _ = write!(e, "{message}");
    });
}

/// A copy of the thread's last error.
fn last_error() -> Message {
    LAST_ERROR.with(|e| *e.borrow())
}

/// Runs an entry point's body: a failure sets the thread's last error and
/// becomes its code; a panic is caught (unwinding into C is undefined
/// behaviour) and reported as `OAUTHSIG_PANIC`.
fn boundary(body: impl FnOnce() -> Result<(), Failure>) -> oauthsig_result {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => oauthsig_result::OAUTHSIG_OK,
        Ok(Err(f)) => {
            set_last_error(&f);
            f.code
        }
        Err(_) => {
            set_last_error(&"internal error: a panic was caught at the C boundary");
            oauthsig_result::OAUTHSIG_PANIC
        }
    }
}

/// Like [`boundary`] for functions that return a value instead of a code
/// (`_free`, `_result_str`): a panic yields `fallback`.
fn boundary_value<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}

/// Takes ownership of a handle back from C and drops it; NULL is a no-op. A
/// panic while dropping is caught, as C cannot be told about it.
///
/// # Safety
/// Unless NULL, `ptr` must come from [`OutPtr::put_handle`] for the same `T`
/// and not have been freed already.
unsafe fn free_handle<T>(ptr: *mut T) {
    boundary_value((), || {
        if !ptr.is_null() {
            // SAFETY: the caller guarantees this Box came from put_handle::<T>
            // and is given back once.
            drop(unsafe { Box::from_raw(ptr) });
        }
    })
}

/// A `(ptr, len)` input, with the argument's name for messages.
///
/// Invariant, from the contract of the entry point that made it: `ptr` is
/// NULL, or points to `len` bytes that stay readable and unmodified for
/// `'a`.
#[derive(Clone, Copy)]
pub(crate) struct In<'a> {
    ptr: *const u8,
    len: usize,
    what: &'static str,
    borrow: PhantomData<&'a [u8]>,
}

impl<'a> In<'a> {
    /// # Safety
    /// The invariant of [`In`].
    unsafe fn new(ptr: *const u8, len: usize, what: &'static str) -> Self {
        In {
            ptr,
            len,
            what,
            borrow: PhantomData,
        }
    }

    /// The view of a struct field.
    ///
    /// # Safety
    /// The invariant of [`In`] for `s.ptr` and `s.len`.
    unsafe fn of(s: oauthsig_str, what: &'static str) -> Self {
        // SAFETY: the caller's guarantee.
        unsafe { Self::new(s.ptr, s.len, what) }
    }

    /// The bytes: `(NULL, 0)` is empty, `(NULL, n)` is `OAUTHSIG_NULL_ARGUMENT`.
    pub(crate) fn bytes(self) -> Result<&'a [u8], Failure> {
        if self.ptr.is_null() {
            return if self.len == 0 {
                Ok(&[])
            } else {
                Err(Failure::null(self.what))
            };
        }
        if self.len > isize::MAX as usize {
            return Err(Failure::invalid(self.what, "length exceeds isize::MAX"));
        }
        // SAFETY: non-null, and `len` bytes readable for 'a by the invariant;
        // the NULL check comes first (hyper once built the slice before it).
        Ok(unsafe { std::slice::from_raw_parts(self.ptr, self.len) })
    }

    /// The text: as [`In::bytes`], and `OAUTHSIG_INVALID_UTF8` unless UTF-8.
    ///
    /// What C passes is nearly always ASCII, which is checked first, a word
    /// at a time; anything else goes through the full UTF-8 check.
    /// [`In::text_reference`] is the plain version, and a test holds the two
    /// to the same answers.
    pub(crate) fn text(self) -> Result<&'a str, Failure> {
        let b = self.bytes()?;
        if b.is_ascii() {
            // SAFETY: ASCII bytes are UTF-8.
            return Ok(unsafe { std::str::from_utf8_unchecked(b) });
        }
        Self::utf8(b, self.what)
    }

    /// [`In::text`] without the ASCII check first.
    #[cfg(test)]
    fn text_reference(self) -> Result<&'a str, Failure> {
        Self::utf8(self.bytes()?, self.what)
    }

    fn utf8<'b>(b: &'b [u8], what: &'static str) -> Result<&'b str, Failure> {
        std::str::from_utf8(b).map_err(|e| Failure::utf8(what, e.valid_up_to()))
    }

    /// An optional text: `(NULL, 0)` means "absent" (not "empty"); `(NULL,
    /// n)` is still `OAUTHSIG_NULL_ARGUMENT`, as for every input.
    pub(crate) fn opt_text(self) -> Result<Option<&'a str>, Failure> {
        if self.ptr.is_null() && self.len == 0 {
            return Ok(None);
        }
        self.text().map(Some)
    }
}

/// A `(buf, cap, out_len)` output, written per the header's buffer
/// convention.
///
/// Invariant, from the contract of the entry point that made it: `buf` is
/// NULL or valid for writing `cap` bytes, and `out_len` NULL or valid for
/// writing one `usize`, for `'a`; the two do not overlap, and while a method
/// of this view runs nothing else reads or writes them (two views over the
/// same buffer may be used one after the other).
pub(crate) struct OutBuf<'a> {
    buf: *mut u8,
    cap: usize,
    out_len: *mut usize,
    borrow: PhantomData<&'a mut [u8]>,
}

impl OutBuf<'_> {
    /// # Safety
    /// The invariant of [`OutBuf`].
    unsafe fn new(buf: *mut c_char, cap: usize, out_len: *mut usize) -> Self {
        OutBuf {
            buf: buf.cast(),
            cap,
            out_len,
            borrow: PhantomData,
        }
    }

    /// Refuses an input that shares a byte with the output buffer or with
    /// `*out_len` (`OAUTHSIG_INVALID_ARGUMENT`, naming the input), and an
    /// `out_len` inside the buffer. For the calls that read their inputs
    /// while they write the output (the one-shot signing calls, which
    /// write straight into `buf`): an input inside it would be overwritten
    /// while still read, and a slice of it would alias the output's.
    pub(crate) fn refuse_overlap(&self, inputs: &[In<'_>]) -> Result<(), Failure> {
        let out_len = (self.out_len as usize, size_of::<usize>());
        let out_len = if self.out_len.is_null() {
            (0, 0)
        } else {
            out_len
        };
        let buf = (
            self.buf as usize,
            if self.buf.is_null() { 0 } else { self.cap },
        );
        if overlaps(out_len, buf) {
            return Err(Failure::invalid("out_len", "lies inside the output buffer"));
        }
        for input in inputs {
            let bytes = (
                input.ptr as usize,
                if input.ptr.is_null() { 0 } else { input.len },
            );
            if overlaps(bytes, buf) || overlaps(bytes, out_len) {
                return Err(Failure::invalid(input.what, "lies inside the output"));
            }
        }
        Ok(())
    }

    /// Whether `len` bytes and the terminating NUL fit.
    pub(crate) fn fits(&self, len: usize) -> bool {
        self.cap > len
    }

    /// Writes `data` and a NUL, and stores `data.len()` (without the NUL) in
    /// `*out_len`.
    ///
    /// Too small (`cap < data.len() + 1`): nothing but a NUL at `buf[0]`
    /// (when `cap > 0`) is written, `*out_len` still gets the length, and the
    /// result is `OAUTHSIG_BUFFER_TOO_SMALL`, so callers can size and retry
    /// with `*out_len + 1` bytes. Never writes past `cap`.
    pub(crate) fn write(&mut self, data: &[u8]) -> Result<(), Failure> {
        self.write_with(data.len(), |dst| dst.copy_from_slice(data))
    }

    /// [`OutBuf::write`] for output of a known length produced straight
    /// into the caller's buffer: `fill` receives exactly `len` bytes to
    /// write (and is not called when they do not fit).
    pub(crate) fn write_with(
        &mut self,
        len: usize,
        fill: impl FnOnce(&mut [u8]),
    ) -> Result<(), Failure> {
        let dst = self.room(len)?;
        let (text, nul) = dst.split_at_mut(len);
        fill(text);
        nul[0] = 0;
        Ok(())
    }

    /// The answer for an output of at least `needed` bytes that does not fit
    /// (`!self.fits(needed)`): `*out_len` gets `needed`, `buf[0]` a NUL, and
    /// the result is `OAUTHSIG_BUFFER_TOO_SMALL`.
    pub(crate) fn too_small(&mut self, needed: usize) -> Result<(), Failure> {
        if let Some(first) = self.room(needed)?.first_mut() {
            // Only reached if the caller's output did fit after all.
            *first = 0;
        }
        Err(Failure::too_small(needed))
    }

    /// Stores `len` in `*out_len` and lends `buf[..=len]` when `len` bytes
    /// and a NUL fit; otherwise the convention's refusal.
    fn room(&mut self, len: usize) -> Result<&mut [u8], Failure> {
        if self.out_len.is_null() {
            return Err(Failure::null("out_len"));
        }
        // SAFETY: non-null, so writable by the invariant.
        unsafe { self.out_len.write(len) };
        if self.buf.is_null() {
            return Err(if self.cap == 0 {
                Failure::too_small(len)
            } else {
                Failure::null("buf")
            });
        }
        if self.cap <= len {
            if self.cap > 0 {
                // SAFETY: cap > 0, so buf[0] is writable by the invariant.
                unsafe { self.buf.write(0) };
            }
            return Err(Failure::too_small(len));
        }
        // SAFETY: buf has cap > len writable bytes by the invariant, lent
        // for as long as `self` is borrowed, so no other reference to them
        // exists meanwhile.
        Ok(unsafe { std::slice::from_raw_parts_mut(self.buf, len + 1) })
    }

    /// Lets `write` put output of its own sizing straight into the caller's
    /// buffer: it gets `buf[..cap - 1]` (room for the NUL) and returns the
    /// length it wrote, or `Error::BufferTooSmall` with the length needed,
    /// or another error. The outer result refuses the output arguments
    /// themselves (a NULL `out_len`, a NULL `buf` with `cap > 0`) before
    /// `write` runs. The inner one is `write`'s, with the convention kept:
    /// on success `*out_len` gets the length and a NUL follows the output;
    /// on `BufferTooSmall` `*out_len` gets the length needed and `buf[0]`
    /// becomes NUL (the rest of the buffer is unspecified); on another
    /// error nothing is stored.
    pub(crate) fn fill(
        &mut self,
        write: impl FnOnce(&mut [u8]) -> Result<usize, oauthsig_core::Error>,
    ) -> Result<Result<(), oauthsig_core::Error>, Failure> {
        if self.out_len.is_null() {
            return Err(Failure::null("out_len"));
        }
        if self.buf.is_null() && self.cap > 0 {
            return Err(Failure::null("buf"));
        }
        let mut empty = [0u8; 0];
        let dst: &mut [u8] = if self.buf.is_null() {
            &mut empty
        } else {
            // SAFETY: buf has cap writable bytes by the invariant, lent for
            // as long as `self` is borrowed.
            unsafe { std::slice::from_raw_parts_mut(self.buf, self.cap) }
        };
        let room = self.cap.saturating_sub(1);
        let (len, result) = match write(&mut dst[..room]) {
            // `cap == 0` leaves no room for even the NUL.
            Ok(len) if len < self.cap => (len, Ok(())),
            Ok(len) | Err(oauthsig_core::Error::BufferTooSmall { needed: len }) => (
                len,
                Err(oauthsig_core::Error::BufferTooSmall { needed: len }),
            ),
            Err(e) => return Ok(Err(e)),
        };
        // SAFETY: non-null, so writable by the invariant, and apart from buf.
        unsafe { self.out_len.write(len) };
        match result {
            Ok(()) => dst[len] = 0,
            Err(_) => {
                if let Some(first) = dst.first_mut() {
                    *first = 0;
                }
            }
        }
        Ok(result)
    }

    /// Streams output of unknown length straight into the caller's buffer:
    /// `write` gets a sink over `buf[..cap - 1]` (room for the NUL) and may
    /// fail with its own error. One pass: when the output does not fit, the
    /// sink has counted the exact length, `*out_len` gets it, `buf[0]`
    /// becomes NUL (the rest of the buffer is unspecified) and the result is
    /// `OAUTHSIG_BUFFER_TOO_SMALL`.
    pub(crate) fn stream(
        &mut self,
        write: impl FnOnce(&mut SliceSink<'_>) -> Result<(), Failure>,
    ) -> Result<(), Failure> {
        if self.out_len.is_null() {
            return Err(Failure::null("out_len"));
        }
        if self.buf.is_null() && self.cap > 0 {
            return Err(Failure::null("buf"));
        }
        let mut empty = [0u8; 0];
        let dst: &mut [u8] = if self.buf.is_null() {
            &mut empty
        } else {
            // SAFETY: buf has cap writable bytes by the invariant, lent for
            // as long as `self` is borrowed.
            unsafe { std::slice::from_raw_parts_mut(self.buf, self.cap) }
        };
        let room = self.cap.saturating_sub(1);
        let mut sink = SliceSink::new(&mut dst[..room]);
        write(&mut sink)?;
        let len = sink.len();
        // SAFETY: non-null, so writable by the invariant, and apart from buf.
        unsafe { self.out_len.write(len) };
        if len > room || self.cap == 0 {
            if let Some(first) = dst.first_mut() {
                *first = 0;
            }
            return Err(Failure::too_small(len));
        }
        dst[len] = 0;
        Ok(())
    }
}

/// Whether the byte ranges `(start, len)` share a byte (an empty range
/// shares none). Addresses are compared as integers: no pointer is made.
fn overlaps((a, a_len): (usize, usize), (b, b_len): (usize, usize)) -> bool {
    a_len > 0 && b_len > 0 && a < b.saturating_add(b_len) && b < a.saturating_add(a_len)
}

/// The empty string left in an output buffer when its call fails, whatever
/// the call wrote or did not write before failing, so a caller that prints
/// the buffer without checking the result prints nothing stale (the
/// header's promise for every output, including one whose `out_len` is
/// NULL).
///
/// Invariant, from the contract of the entry point that made it: `buf` is
/// NULL or valid for writing `cap` bytes for the call.
pub(crate) struct Blank {
    buf: *mut u8,
    cap: usize,
}

impl Blank {
    /// # Safety
    /// The invariant of [`Blank`].
    unsafe fn new(buf: *mut c_char, cap: usize) -> Self {
        Blank {
            buf: buf.cast(),
            cap,
        }
    }

    /// `result`, after a NUL at `buf[0]` when it is a failure (and `buf`
    /// has room for one).
    fn on_failure<T>(self, result: Result<T, Failure>) -> Result<T, Failure> {
        if result.is_err() && !self.buf.is_null() && self.cap > 0 {
            // SAFETY: cap > 0, so buf[0] is writable by the invariant; the
            // call's views over the buffer hold raw pointers only, and none
            // is in use now.
            unsafe { self.buf.write(0) };
        }
        result
    }
}

/// An out-pointer for one `T`: NULL, or a place C lends for writing a `T`
/// (aligned, maybe uninitialised) for `'a`.
pub(crate) struct OutPtr<'a, T>(Option<&'a mut MaybeUninit<T>>);

impl<T> OutPtr<'_, T> {
    /// # Safety
    /// `ptr` is NULL, or valid and aligned for writing one `T`, and nothing
    /// else reads or writes it for the view's lifetime.
    unsafe fn new(ptr: *mut T) -> Self {
        // SAFETY: the caller's guarantee; MaybeUninit<T> has T's layout and
        // asks nothing of the current contents.
        OutPtr(unsafe { ptr.cast::<MaybeUninit<T>>().as_mut() })
    }

    /// Whether C passed NULL.
    pub(crate) fn is_null(&self) -> bool {
        self.0.is_none()
    }

    /// Stores `value`; a NULL out-pointer fails as `what`.
    pub(crate) fn put(self, value: T, what: &'static str) -> Result<(), Failure> {
        let place = self.0.ok_or(Failure::null(what))?;
        place.write(value);
        Ok(())
    }
}

impl<T> OutPtr<'_, *mut T> {
    /// Gives ownership of `value` to C as a new handle, to be freed by its
    /// `_free` function; a NULL out-pointer fails as `what` (dropping
    /// `value`) and leaves nothing behind.
    pub(crate) fn put_handle(self, value: T, what: &'static str) -> Result<(), Failure> {
        let place = self.0.ok_or(Failure::null(what))?;
        place.write(Box::into_raw(Box::new(value)));
        Ok(())
    }
}

/// The parts of an incoming HTTP request, as `oauthsig_request_parse` and
/// `oauthsig_verifier_verify` take them.
pub(crate) struct RequestParts<'a> {
    pub(crate) method: In<'a>,
    pub(crate) url: In<'a>,
    pub(crate) authorization: In<'a>,
    pub(crate) content_type: In<'a>,
    pub(crate) host: In<'a>,
    pub(crate) body: In<'a>,
}

/// The strings of an `oauthsig_sign_input`, each an [`In`] named after its
/// field.
pub(crate) struct SignInput<'a> {
    pub(crate) method: In<'a>,
    pub(crate) url: In<'a>,
    pub(crate) form_body: In<'a>,
    pub(crate) consumer_key: In<'a>,
    pub(crate) token: In<'a>,
    pub(crate) timestamp: In<'a>,
    pub(crate) nonce: In<'a>,
    pub(crate) callback: In<'a>,
    pub(crate) verifier: In<'a>,
    pub(crate) realm: In<'a>,
    pub(crate) include_version: u8,
    pub(crate) allow_plaintext_over_http: u8,
}

impl<'a> SignInput<'a> {
    /// Every string, in the struct's order.
    pub(crate) fn inputs(&self) -> [In<'a>; 10] {
        [
            self.method,
            self.url,
            self.form_body,
            self.consumer_key,
            self.token,
            self.timestamp,
            self.nonce,
            self.callback,
            self.verifier,
            self.realm,
        ]
    }

    /// # Safety
    /// Every string of `input` keeps [`In`]'s invariant.
    unsafe fn new(input: &oauthsig_sign_input) -> Self {
        // SAFETY: the caller's guarantee, field by field.
        unsafe {
            SignInput {
                method: In::of(input.method, "method"),
                url: In::of(input.url, "url"),
                form_body: In::of(input.form_body, "form_body"),
                consumer_key: In::of(input.consumer_key, "consumer_key"),
                token: In::of(input.token, "token"),
                timestamp: In::of(input.timestamp, "timestamp"),
                nonce: In::of(input.nonce, "nonce"),
                callback: In::of(input.callback, "callback"),
                verifier: In::of(input.verifier, "verifier"),
                realm: In::of(input.realm, "realm"),
                include_version: input.include_version,
                allow_plaintext_over_http: input.allow_plaintext_over_http,
            }
        }
    }
}

/// The fields of an `oauthsig_sign_request`, each string an [`In`] named
/// after its field.
pub(crate) struct SignRequest<'a> {
    pub(crate) method: In<'a>,
    pub(crate) url: In<'a>,
    pub(crate) body_kind: u32,
    pub(crate) body: In<'a>,
    pub(crate) consumer_key: In<'a>,
    pub(crate) token: In<'a>,
    pub(crate) timestamp: In<'a>,
    pub(crate) nonce: In<'a>,
    pub(crate) callback: In<'a>,
    pub(crate) verifier: In<'a>,
    pub(crate) include_version: u8,
    pub(crate) allow_plaintext_over_http: u8,
}

impl<'a> SignRequest<'a> {
    /// Every string, in the struct's order.
    pub(crate) fn inputs(&self) -> [In<'a>; 9] {
        [
            self.method,
            self.url,
            self.body,
            self.consumer_key,
            self.token,
            self.timestamp,
            self.nonce,
            self.callback,
            self.verifier,
        ]
    }

    /// # Safety
    /// Every string of `request` keeps [`In`]'s invariant.
    unsafe fn new(request: &oauthsig_sign_request) -> Self {
        // SAFETY: the caller's guarantee, field by field.
        unsafe {
            SignRequest {
                method: In::of(request.method, "method"),
                url: In::of(request.url, "url"),
                body_kind: request.body_kind,
                body: In::of(request.body, "body"),
                consumer_key: In::of(request.consumer_key, "consumer_key"),
                token: In::of(request.token, "token"),
                timestamp: In::of(request.timestamp, "timestamp"),
                nonce: In::of(request.nonce, "nonce"),
                callback: In::of(request.callback, "callback"),
                verifier: In::of(request.verifier, "verifier"),
                include_version: request.include_version,
                allow_plaintext_over_http: request.allow_plaintext_over_http,
            }
        }
    }
}

/// The secrets lookup: called once per verification with the request's
/// consumer key and token (`token == NULL`, `token_len == 0` when the
/// request has none). On success it fills `answer` (secrets, a prepared
/// key, or for the RSA methods the consumer's public key) and returns
/// `OAUTHSIG_LOOKUP_FOUND`. It must not call back into the verifier. Called
/// on the thread that called `oauthsig_verifier_verify`.
pub type oauthsig_secret_lookup = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        consumer_key: *const u8,
        consumer_key_len: usize,
        token: *const u8,
        token_len: usize,
        answer: *mut oauthsig_lookup_answer<'_>,
    ) -> u32,
>;

/// An `oauthsig_secret_lookup` that is not NULL (the compiler checks the two
/// spell the same type where one becomes the other).
type LookupFn = unsafe extern "C" fn(
    user_data: *mut c_void,
    consumer_key: *const u8,
    consumer_key_len: usize,
    token: *const u8,
    token_len: usize,
    answer: *mut oauthsig_lookup_answer<'_>,
) -> u32;

/// The secrets-lookup callback of one `oauthsig_verifier_verify` call.
///
/// Invariant, from that function's contract: `callback` may be called with
/// `user_data` during `'a`, and answers through `oauthsig_lookup_answer_*`
/// only with keys that outlive `'a`.
pub(crate) struct Lookup<'a> {
    callback: LookupFn,
    user_data: *mut c_void,
    call: PhantomData<&'a ()>,
}

impl<'a> Lookup<'a> {
    /// # Safety
    /// The invariant of [`Lookup`].
    unsafe fn new(callback: LookupFn, user_data: *mut c_void) -> Self {
        Lookup {
            callback,
            user_data,
            call: PhantomData,
        }
    }

    /// Asks the callback for the credentials of `consumer_key` and `token`
    /// (`(NULL, 0)` for none): the status it returned and what it answered.
    pub(crate) fn ask(
        &self,
        consumer_key: &str,
        token: Option<&str>,
    ) -> (u32, oauthsig_lookup_answer<'a>) {
        let mut answer = oauthsig_lookup_answer::default();
        let (tp, tl) = token.map_or((std::ptr::null(), 0), |t| (t.as_ptr(), t.len()));
        // SAFETY: the callback may be called during 'a by the invariant; both
        // strings outlive the call, and `answer` is lent to it exclusively
        // for its duration (C hands it back only to oauthsig_lookup_answer_*).
        let status = unsafe {
            (self.callback)(
                self.user_data,
                consumer_key.as_ptr(),
                consumer_key.len(),
                tp,
                tl,
                &raw mut answer,
            )
        };
        (status, answer)
    }
}

// --------------------------------------------------------------------------
// RSA keys (`keys`).

/// Reads an RSA private key for RSA-SHA1, RSA-SHA256 and RSA-SHA512
/// signing: PEM (`RSA PRIVATE KEY`, PKCS#1, or `PRIVATE KEY`, PKCS#8), DER
/// (PKCS#8 or PKCS#1) or bare base64 of the DER, told apart by their first
/// bytes. The modulus must have 1024 to 8192 bits. The input is only read
/// (wipe it yourself when done); the handle keeps the key, and wipes it when
/// freed.
///
/// On success `*out` receives a new handle owned by the caller; on failure
/// `*out` is left unchanged and the last error names the problem, never the
/// key's content: `OAUTHSIG_BAD_KEY` (not PEM, DER or base64; another PEM
/// label; malformed DER; not an RSA key; an OpenSSL legacy-encrypted PEM,
/// with the `openssl pkcs8 -topk8` hint), `OAUTHSIG_UNSUPPORTED_KEY_SIZE`,
/// `OAUTHSIG_WRONG_KEY_KIND` for a public key or certificate,
/// `OAUTHSIG_BAD_PASSPHRASE` for an encrypted key (use
/// `oauthsig_rsa_private_key_new_encrypted`). `(NULL, 0)` is an empty input
/// (`OAUTHSIG_BAD_KEY`); a NULL `out` is `OAUTHSIG_NULL_ARGUMENT`.
///
/// # Safety
/// `key` follows the (ptr, len) convention; `out` must be writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_rsa_private_key_new(
    key: *const u8,
    key_len: usize,
    out: *mut *mut oauthsig_rsa_private_key,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `key` follows the (ptr, len)
        // convention and `out` is NULL or writable.
        let (key, out) = unsafe { (In::new(key, key_len, "key"), OutPtr::new(out)) };
        keys::private_key_new(key, out)
    })
}

/// `oauthsig_rsa_private_key_new` for a key that may be encrypted PKCS#8
/// (`ENCRYPTED PRIVATE KEY`, PBES2, as `openssl pkcs8 -topk8 -v2 aes256`
/// writes it), with its passphrase (bytes, not necessarily UTF-8); an
/// unencrypted key is read as by `oauthsig_rsa_private_key_new`. A wrong
/// passphrase (or a corrupt encrypted key) is `OAUTHSIG_BAD_PASSPHRASE`;
/// other failures as there.
///
/// # Safety
/// `key` and `passphrase` follow the (ptr, len) convention; `out` must be
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_rsa_private_key_new_encrypted(
    key: *const u8,
    key_len: usize,
    passphrase: *const u8,
    passphrase_len: usize,
    out: *mut *mut oauthsig_rsa_private_key,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, both inputs follow the (ptr, len)
        // convention and `out` is NULL or writable.
        let (key, passphrase, out) = unsafe {
            (
                In::new(key, key_len, "key"),
                In::new(passphrase, passphrase_len, "passphrase"),
                OutPtr::new(out),
            )
        };
        keys::private_key_new_encrypted(key, passphrase, out)
    })
}

/// Destroys a private key, wiping it from memory. NULL is a no-op.
/// Consumers and signing keys made from it keep their own copy.
///
/// # Safety
/// `key` must be NULL or a live private key handle; not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_rsa_private_key_free(key: *mut oauthsig_rsa_private_key) {
    // SAFETY: `key` is NULL or a live handle of this type that C gives back
    // and never uses again, per the contract above.
    unsafe { free_handle(key) }
}

/// Stores the key's modulus size in bits (1024 to 8192) in `*out`.
///
/// # Safety
/// `key` a live handle; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_rsa_private_key_bits(
    key: *const oauthsig_rsa_private_key,
    out: *mut usize,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `key` is NULL or live and `out`
        // NULL or writable.
        let (key, out) = unsafe { (key.as_ref(), OutPtr::new(out)) };
        keys::private_key_bits(key, out)
    })
}

/// Creates a new handle for the public half of a private key (what the
/// server that checks this consumer's signatures holds).
///
/// # Safety
/// `key` a live handle; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_rsa_private_key_public_key(
    key: *const oauthsig_rsa_private_key,
    out: *mut *mut oauthsig_rsa_public_key,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `key` is NULL or live and `out`
        // NULL or writable.
        let (key, out) = unsafe { (key.as_ref(), OutPtr::new(out)) };
        keys::private_key_public_key(key, out)
    })
}

/// Reads an RSA public key for checking RSA-SHA1, RSA-SHA256 and RSA-SHA512
/// signatures: PEM (`PUBLIC KEY`, SPKI; `RSA PUBLIC KEY`, PKCS#1; or
/// `CERTIFICATE`, an X.509 certificate, of which only the key is used: no
/// chain, name or expiry is checked), DER of any of the three, or bare
/// base64 of the DER (whitespace ignored: what Jira's application link
/// holds). The modulus must have 1024 to 8192 bits. The input is only read.
///
/// Failures as for `oauthsig_rsa_private_key_new`, with
/// `OAUTHSIG_WRONG_KEY_KIND` for a private key.
///
/// # Safety
/// `key` follows the (ptr, len) convention; `out` must be writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_rsa_public_key_new(
    key: *const u8,
    key_len: usize,
    out: *mut *mut oauthsig_rsa_public_key,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `key` follows the (ptr, len)
        // convention and `out` is NULL or writable.
        let (key, out) = unsafe { (In::new(key, key_len, "key"), OutPtr::new(out)) };
        keys::public_key_new(key, out)
    })
}

/// Destroys a public key. NULL is a no-op. A verification running on
/// another thread with it keeps its own reference.
///
/// # Safety
/// `key` must be NULL or a live public key handle; not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_rsa_public_key_free(key: *mut oauthsig_rsa_public_key) {
    // SAFETY: `key` is NULL or a live handle of this type that C gives back
    // and never uses again, per the contract above.
    unsafe { free_handle(key) }
}

/// Stores the key's modulus size in bits (1024 to 8192) in `*out`; its
/// signatures are that many bits long.
///
/// # Safety
/// `key` a live handle; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_rsa_public_key_bits(
    key: *const oauthsig_rsa_public_key,
    out: *mut usize,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `key` is NULL or live and `out`
        // NULL or writable.
        let (key, out) = unsafe { (key.as_ref(), OutPtr::new(out)) };
        keys::public_key_bits(key, out)
    })
}

// --------------------------------------------------------------------------
// Client and token credentials (`credentials`).

/// Creates client credentials. Both strings are copied.
///
/// On success `*out` receives a new handle owned by the caller; on failure
/// `*out` is left unchanged.
///
/// # Safety
/// Inputs follow the header's (ptr, len) convention; `out` must be writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_consumer_new(
    key: *const u8,
    key_len: usize,
    secret: *const u8,
    secret_len: usize,
    out: *mut *mut oauthsig_consumer,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, both inputs follow the (ptr, len)
        // convention and `out` is NULL or writable.
        let (key, secret, out) = unsafe {
            (
                In::new(key, key_len, "key"),
                In::new(secret, secret_len, "secret"),
                OutPtr::new(out),
            )
        };
        credentials::consumer_new(key, secret, out)
    })
}

/// Destroys client credentials (wiping the secret). NULL is a no-op.
///
/// # Safety
/// `consumer` must be NULL or a live handle from `oauthsig_consumer_new`;
/// it must not be used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_consumer_free(consumer: *mut oauthsig_consumer) {
    // SAFETY: `consumer` is NULL or a live handle of this type that C gives
    // back and never uses again, per the contract above.
    unsafe { free_handle(consumer) }
}

/// Creates client credentials for the RSA methods: the consumer key
/// (copied) and the consumer's RSA private key (the consumer keeps its own
/// copy: `private_key` may be freed afterwards). Such a consumer signs only
/// with `OAUTHSIG_RSA_SHA1`, `OAUTHSIG_RSA_SHA256` and
/// `OAUTHSIG_RSA_SHA512` (RFC 5849 §3.4.3: the token secret plays no part);
/// another method is `OAUTHSIG_WRONG_KEY_KIND` when signing.
///
/// On success `*out` receives a new handle owned by the caller; on failure
/// `*out` is left unchanged.
///
/// # Safety
/// `key` follows the (ptr, len) convention; `private_key` NULL or live;
/// `out` must be writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_consumer_new_rsa(
    key: *const u8,
    key_len: usize,
    private_key: *const oauthsig_rsa_private_key,
    out: *mut *mut oauthsig_consumer,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `key` follows the (ptr, len)
        // convention, `private_key` is NULL or live and `out` is NULL or
        // writable.
        let (key, private_key, out) = unsafe {
            (
                In::new(key, key_len, "key"),
                private_key.as_ref(),
                OutPtr::new(out),
            )
        };
        credentials::consumer_new_rsa(key, private_key, out)
    })
}

/// Creates token credentials from a key and secret (copied).
///
/// # Safety
/// As `oauthsig_consumer_new`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_token_new(
    key: *const u8,
    key_len: usize,
    secret: *const u8,
    secret_len: usize,
    out: *mut *mut oauthsig_token,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, both inputs follow the (ptr, len)
        // convention and `out` is NULL or writable.
        let (key, secret, out) = unsafe {
            (
                In::new(key, key_len, "key"),
                In::new(secret, secret_len, "secret"),
                OutPtr::new(out),
            )
        };
        credentials::token_new(key, secret, out)
    })
}

/// Parses a provider's credentials response
/// (`oauth_token=..&oauth_token_secret=..[&oauth_callback_confirmed=true]`,
/// form-encoded, extra fields kept) into a new token.
///
/// Fails with `OAUTHSIG_BAD_TOKEN_STRING` when the token or secret is missing,
/// empty or repeated, or the encoding is malformed.
///
/// # Safety
/// As `oauthsig_consumer_new`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_token_parse(
    response: *const u8,
    response_len: usize,
    out: *mut *mut oauthsig_token,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `response` follows the (ptr, len)
        // convention and `out` is NULL or writable.
        let (response, out) = unsafe {
            (
                In::new(response, response_len, "response"),
                OutPtr::new(out),
            )
        };
        credentials::token_parse(response, out)
    })
}

/// Destroys a token (wiping the secret). NULL is a no-op.
///
/// # Safety
/// `token` must be NULL or a live token handle; not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_token_free(token: *mut oauthsig_token) {
    // SAFETY: `token` is NULL or a live handle of this type that C gives
    // back and never uses again, per the contract above.
    unsafe { free_handle(token) }
}

/// Writes the token's string form (`oauth_token=..&oauth_token_secret=..`,
/// plus `oauth_callback_confirmed=true` when confirmed). This output
/// contains the token secret.
///
/// # Safety
/// `token` a live handle; output per the buffer convention.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_token_to_string(
    token: *const oauthsig_token,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `token` is NULL or live and the
        // output follows the buffer convention.
        let (token, out) = unsafe { (token.as_ref(), OutBuf::new(buf, cap, out_len)) };
        // SAFETY: per the contract above, `buf` is NULL or has `cap`
        // writable bytes.
        let blank = unsafe { Blank::new(buf, cap) };
        blank.on_failure(credentials::token_to_string(token, out))
    })
}

/// Copies one field of a token (`field` is an `oauthsig_token_get_field`
/// value). Returns `OAUTHSIG_NOT_FOUND` for an absent callback or verifier
/// and `OAUTHSIG_INVALID_ARGUMENT` for an unknown field value.
///
/// # Safety
/// `token` a live handle; output per the buffer convention.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_token_get_field(
    token: *const oauthsig_token,
    field: u32,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `token` is NULL or live and the
        // output follows the buffer convention.
        let (token, out) = unsafe { (token.as_ref(), OutBuf::new(buf, cap, out_len)) };
        // SAFETY: per the contract above, `buf` is NULL or has `cap`
        // writable bytes.
        let blank = unsafe { Blank::new(buf, cap) };
        blank.on_failure(credentials::token_get_field(token, field, out))
    })
}

/// Copies an extra field of a parsed credentials response by name (for
/// example Twitter's `user_id` or `screen_name`), or `OAUTHSIG_NOT_FOUND`.
///
/// # Safety
/// `token` a live handle; `name` per the (ptr, len) convention; output per
/// the buffer convention.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_token_get_extra(
    token: *const oauthsig_token,
    name: *const u8,
    name_len: usize,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `token` is NULL or live, `name`
        // follows the (ptr, len) convention and the output the buffer one.
        let (token, name, out) = unsafe {
            (
                token.as_ref(),
                In::new(name, name_len, "name"),
                OutBuf::new(buf, cap, out_len),
            )
        };
        // SAFETY: per the contract above, `buf` is NULL or has `cap`
        // writable bytes.
        let blank = unsafe { Blank::new(buf, cap) };
        blank.on_failure(credentials::token_get_extra(token, name, out))
    })
}

/// Stores whether the provider confirmed the callback
/// (`oauth_callback_confirmed=true`, RFC 5849 §2.1) in `*out`.
///
/// # Safety
/// `token` a live handle; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_token_callback_confirmed(
    token: *const oauthsig_token,
    out: *mut bool,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `token` is NULL or live and `out`
        // NULL or writable.
        let (token, out) = unsafe { (token.as_ref(), OutPtr::new(out)) };
        credentials::token_callback_confirmed(token, out)
    })
}

/// Sets the callback URL and marks it confirmed (python-oauth2's
/// `set_callback`).
///
/// # Safety
/// `token` a live handle not used concurrently; (ptr, len) convention.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_token_set_callback(
    token: *mut oauthsig_token,
    callback: *const u8,
    callback_len: usize,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `token` is NULL or live and not
        // used elsewhere during the call; `callback` follows the (ptr, len)
        // convention.
        let (token, callback) =
            unsafe { (token.as_mut(), In::new(callback, callback_len, "callback")) };
        credentials::token_set_callback(token, callback)
    })
}

/// Sets the verifier; with `verifier == NULL` a new one is generated from
/// the operating system's CSPRNG (30 alphanumerics).
///
/// # Safety
/// `token` a live handle not used concurrently; (ptr, len) convention, where
/// NULL means "generate".
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_token_set_verifier(
    token: *mut oauthsig_token,
    verifier: *const u8,
    verifier_len: usize,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `token` is NULL or live and not
        // used elsewhere during the call; `verifier` follows the (ptr, len)
        // convention.
        let (token, verifier) =
            unsafe { (token.as_mut(), In::new(verifier, verifier_len, "verifier")) };
        credentials::token_set_verifier(token, verifier)
    })
}

/// Writes the callback URL with `oauth_token` and `oauth_verifier` appended
/// (RFC 5849 §2.2), keeping its query and fragment; `OAUTHSIG_NOT_FOUND`
/// when the token has no callback.
///
/// # Safety
/// `token` a live handle; output per the buffer convention.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_token_callback_url(
    token: *const oauthsig_token,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `token` is NULL or live and the
        // output follows the buffer convention.
        let (token, out) = unsafe { (token.as_ref(), OutBuf::new(buf, cap, out_len)) };
        // SAFETY: per the contract above, `buf` is NULL or has `cap`
        // writable bytes.
        let blank = unsafe { Blank::new(buf, cap) };
        blank.on_failure(credentials::token_callback_url(token, out))
    })
}

// --------------------------------------------------------------------------
// One-shot signing (`oneshot`).

/// Signs the request `request` describes with the prepared `key`, in one
/// call to the engine, and writes it as sent into `(buf, cap)` per the
/// output-buffer convention, placed as `placement` (an `oauthsig_placement`
/// value) says: `OAUTHSIG_PLACEMENT_HEADER` the `Authorization` header value
/// (`OAuth realm="..", oauth_consumer_key="..", ..., oauth_signature=".."`,
/// without the `Authorization: ` name), `OAUTHSIG_PLACEMENT_URL` the signed
/// URL, `OAUTHSIG_PLACEMENT_FORM` the form body. `realm` (NULL = none) is
/// written first in the header and ignored by the other placements; it is
/// never signed.
///
/// The key's method is the signature method (an RSA one for a key from
/// `oauthsig_signing_key_new_rsa`). The signer adds
/// `oauth_signature_method`, `oauth_body_hash` for an opaque body or a
/// precomputed hash (`request->body_kind`), and `oauth_signature`; the
/// query's and a form body's parameters are signed.
///
/// Ownership: every input is only read during the call; nothing is kept.
/// NULL: `key` or `request` NULL, or a field or `realm` with a NULL pointer
/// and a non-zero length, is `OAUTHSIG_NULL_ARGUMENT`; an optional field is
/// absent when it is `(NULL, 0)`. Overlap: a field, `realm` or `out_len`
/// sharing a byte with `buf` is `OAUTHSIG_INVALID_ARGUMENT` (the output is
/// written while the inputs are read). PLAINTEXT to an `http://` URL is
/// `OAUTHSIG_PLAINTEXT_OVER_HTTP` unless `request->allow_plaintext_over_http`
/// is 1 (RFC 5849 §3.4.4). Thread safety: threads may sign at once with one
/// shared key. Allocation: with an HMAC or PLAINTEXT key none, on any path:
/// success, sizing (`OAUTHSIG_BUFFER_TOO_SMALL`) and every failure, whose
/// message goes to fixed thread-local storage. An RSA key's signature is
/// made on the heap (its big-number arithmetic), once per call, also when
/// the call only sizes.
///
/// Sizing: with a pinned `nonce` and `timestamp` the output is the same on
/// every call, and `OAUTHSIG_BUFFER_TOO_SMALL` stores its exact length in
/// `*out_len`. Without them every call signs anew, so the signature's
/// percent-encoded length (its `+` and `/` take three bytes), and with it
/// the output's, differs from call to call: `OAUTHSIG_BUFFER_TOO_SMALL` then
/// stores the most any call can need, and the call that fits stores its own
/// length. An RSA signature's base64 text is as long as the modulus
/// dictates: 344 characters for 2048 bits, 684 for 4096, up to 1368 for
/// 8192 (4104 bytes once percent-encoded), so size with a NULL buffer
/// rather than a fixed one.
///
/// On failure `buf` holds the empty string (`buf[0]` is NUL when `buf` is
/// not NULL and `cap > 0`), `*out_len` is written only for
/// `OAUTHSIG_BUFFER_TOO_SMALL`, and the last error names the problem:
/// `OAUTHSIG_INVALID_ARGUMENT` for an unknown placement or body kind, a
/// flag other than 0 or 1, an input inside the output, a body with
/// `OAUTHSIG_BODY_NONE`, a realm with a control character or more than 64
/// query and form parameters; `OAUTHSIG_PLAINTEXT_OVER_HTTP`; `OAUTHSIG_BAD_METHOD`,
/// `OAUTHSIG_BAD_URL` (also for a scheme other than http and https),
/// `OAUTHSIG_BAD_ENCODING` for the request;
/// `OAUTHSIG_BAD_REQUEST` for the form placement of a request with an
/// opaque body or a body hash, or an `oauth_body_hash` in the query of one
/// with a form body; `OAUTHSIG_INVALID_UTF8` for a text field that is not
/// UTF-8; `OAUTHSIG_SYSTEM_ERROR` when the nonce or timestamp cannot be
/// made, or an RSA signature fails.
///
/// # Safety
/// `key` NULL or live; `request` NULL or pointing to a readable
/// `oauthsig_sign_request` whose strings follow the (ptr, len) convention;
/// `realm` per the (ptr, len) convention; output per the buffer convention.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_sign(
    key: *const oauthsig_signing_key,
    request: *const oauthsig_sign_request,
    placement: u32,
    realm: *const u8,
    realm_len: usize,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `key` is NULL or live, `request`
        // NULL or a readable `oauthsig_sign_request` whose strings follow
        // the (ptr, len) convention, `realm` follows that convention, and
        // the output follows the buffer one.
        let (key, request, realm, out) = unsafe {
            (
                key.as_ref(),
                request.as_ref().map(|r| SignRequest::new(r)),
                In::new(realm, realm_len, "realm"),
                OutBuf::new(buf, cap, out_len),
            )
        };
        // SAFETY: per the contract above, `buf` is NULL or has `cap`
        // writable bytes.
        let blank = unsafe { Blank::new(buf, cap) };
        blank.on_failure(oneshot::sign(key, request, placement, realm, out))
    })
}

/// `oauthsig_sign` with `OAUTHSIG_PLACEMENT_HEADER`, for a request with a
/// form body (`input->form_body`) or none, and the realm in
/// `input->realm`: signs with the prepared `key` and writes the
/// `Authorization` header value (`OAuth realm="..", oauth_...="..",
/// oauth_signature=".."`) into `(buf, cap)` per the output-buffer
/// convention. Ownership, NULL handling (`input` NULL is
/// `OAUTHSIG_NULL_ARGUMENT`), thread safety, allocation, sizing and
/// failures as for `oauthsig_sign`.
///
/// # Safety
/// `key` NULL or live; `input` NULL or pointing to a readable
/// `oauthsig_sign_input` whose strings follow the (ptr, len) convention;
/// output per the buffer convention.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_sign_header(
    key: *const oauthsig_signing_key,
    input: *const oauthsig_sign_input,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `key` is NULL or live, `input` NULL
        // or a readable `oauthsig_sign_input` whose strings follow the
        // (ptr, len) convention, and the output follows the buffer one.
        let (key, input, out) = unsafe {
            (
                key.as_ref(),
                input.as_ref().map(|i| SignInput::new(i)),
                OutBuf::new(buf, cap, out_len),
            )
        };
        // SAFETY: per the contract above, `buf` is NULL or has `cap`
        // writable bytes.
        let blank = unsafe { Blank::new(buf, cap) };
        blank.on_failure(oneshot::sign_header(key, input, out))
    })
}

// --------------------------------------------------------------------------
// Requests and signing keys (`request`).

/// A bare request for `method` and `url` (with the URL's query parameters,
/// no protocol parameters). Clients normally start from
/// `oauthsig_request_from_consumer_and_token`.
///
/// Fails with `OAUTHSIG_BAD_URL` (naming the part and byte offset in the
/// last error) or `OAUTHSIG_BAD_METHOD`.
///
/// # Safety
/// (ptr, len) convention for inputs; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_request_new(
    method: *const u8,
    method_len: usize,
    url: *const u8,
    url_len: usize,
    out: *mut *mut oauthsig_request,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, both inputs follow the (ptr, len)
        // convention and `out` is NULL or writable.
        let (method, url, out) = unsafe {
            (
                In::new(method, method_len, "method"),
                In::new(url, url_len, "url"),
                OutPtr::new(out),
            )
        };
        request::request_new(method, url, out)
    })
}

/// A request carrying `oauth_consumer_key`, `oauth_token` (when `token` is
/// not NULL), a fresh CSPRNG `oauth_nonce`, the current `oauth_timestamp`,
/// `oauth_version=1.0`, and `oauth_verifier` when the token has one.
///
/// # Safety
/// `consumer` a live handle; `token` NULL or a live handle; (ptr, len)
/// convention; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_request_from_consumer_and_token(
    consumer: *const oauthsig_consumer,
    token: *const oauthsig_token,
    method: *const u8,
    method_len: usize,
    url: *const u8,
    url_len: usize,
    out: *mut *mut oauthsig_request,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, the handles are NULL or live, the
        // inputs follow the (ptr, len) convention and `out` is NULL or
        // writable.
        let (consumer, token, method, url, out) = unsafe {
            (
                consumer.as_ref(),
                token.as_ref(),
                In::new(method, method_len, "method"),
                In::new(url, url_len, "url"),
                OutPtr::new(out),
            )
        };
        request::request_from_consumer_and_token(consumer, token, method, url, out)
    })
}

/// A request for the token's key with `oauth_callback` when `callback` is
/// not NULL, and `oauth_verifier` when the token has one.
///
/// # Safety
/// `token` a live handle; (ptr, len) convention (NULL callback = none);
/// `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_request_from_token_and_callback(
    token: *const oauthsig_token,
    callback: *const u8,
    callback_len: usize,
    method: *const u8,
    method_len: usize,
    url: *const u8,
    url_len: usize,
    out: *mut *mut oauthsig_request,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `token` is NULL or live, the
        // inputs follow the (ptr, len) convention and `out` is NULL or
        // writable.
        let (token, callback, method, url, out) = unsafe {
            (
                token.as_ref(),
                In::new(callback, callback_len, "callback"),
                In::new(method, method_len, "method"),
                In::new(url, url_len, "url"),
                OutPtr::new(out),
            )
        };
        request::request_from_token_and_callback(token, callback, method, url, out)
    })
}

/// Parses an incoming request as a server received it: parameters from the
/// `Authorization` header (NULL = none), the URL's query, and the body when
/// `content_type` (NULL = none) is `application/x-www-form-urlencoded`.
/// `host` (NULL = from the URL) is the `Host` header.
///
/// # Safety
/// (ptr, len) convention for every input; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_request_parse(
    method: *const u8,
    method_len: usize,
    url: *const u8,
    url_len: usize,
    authorization: *const u8,
    authorization_len: usize,
    content_type: *const u8,
    content_type_len: usize,
    host: *const u8,
    host_len: usize,
    body: *const u8,
    body_len: usize,
    out: *mut *mut oauthsig_request,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, every input follows the (ptr, len)
        // convention and `out` is NULL or writable.
        let (parts, out) = unsafe {
            (
                RequestParts {
                    method: In::new(method, method_len, "method"),
                    url: In::new(url, url_len, "url"),
                    authorization: In::new(authorization, authorization_len, "authorization"),
                    content_type: In::new(content_type, content_type_len, "content_type"),
                    host: In::new(host, host_len, "host"),
                    body: In::new(body, body_len, "body"),
                },
                OutPtr::new(out),
            )
        };
        request::request_parse(parts, out)
    })
}

/// Destroys a request. NULL is a no-op.
///
/// # Safety
/// `request` NULL or a live handle; not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_request_free(request: *mut oauthsig_request) {
    // SAFETY: `request` is NULL or a live handle of this type that C gives
    // back and never uses again, per the contract above.
    unsafe { free_handle(request) }
}

/// Adds a parameter (duplicates are kept, in order). `location` is an
/// `oauthsig_param_location` value.
///
/// # Safety
/// `request` a live handle not used concurrently; (ptr, len) convention.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_request_add_param(
    request: *mut oauthsig_request,
    location: u32,
    name: *const u8,
    name_len: usize,
    value: *const u8,
    value_len: usize,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `request` is NULL or live and not
        // used elsewhere during the call; the inputs follow the (ptr, len)
        // convention.
        let (request, name, value) = unsafe {
            (
                request.as_mut(),
                In::new(name, name_len, "name"),
                In::new(value, value_len, "value"),
            )
        };
        request::request_add_param(request, location, name, value)
    })
}

/// Sets a form-encoded body from its wire text (`a=1&b=x+y`); its
/// parameters are signed.
///
/// # Safety
/// `request` a live handle not used concurrently; (ptr, len) convention.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_request_set_form_body(
    request: *mut oauthsig_request,
    body: *const u8,
    body_len: usize,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `request` is NULL or live and not
        // used elsewhere during the call; `body` follows the (ptr, len)
        // convention.
        let (request, body) = unsafe { (request.as_mut(), In::new(body, body_len, "body")) };
        request::request_set_form_body(request, body)
    })
}

/// Sets an opaque body (any bytes) with its content type; signing adds
/// `oauth_body_hash` for it unless switched off.
///
/// # Safety
/// `request` a live handle not used concurrently; (ptr, len) convention.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_request_set_body(
    request: *mut oauthsig_request,
    body: *const u8,
    body_len: usize,
    content_type: *const u8,
    content_type_len: usize,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `request` is NULL or live and not
        // used elsewhere during the call; the inputs follow the (ptr, len)
        // convention.
        let (request, body, content_type) = unsafe {
            (
                request.as_mut(),
                In::new(body, body_len, "body"),
                In::new(content_type, content_type_len, "content_type"),
            )
        };
        request::request_set_body(request, body, content_type)
    })
}

/// Sets (replacing) one protocol parameter; `which` is an
/// `oauthsig_protocol_param` value.
///
/// # Safety
/// `request` a live handle not used concurrently; (ptr, len) convention.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_request_set(
    request: *mut oauthsig_request,
    which: u32,
    value: *const u8,
    value_len: usize,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `request` is NULL or live and not
        // used elsewhere during the call; `value` follows the (ptr, len)
        // convention.
        let (request, value) = unsafe { (request.as_mut(), In::new(value, value_len, "value")) };
        request::request_set(request, which, value)
    })
}

/// Chooses when signing adds `oauth_body_hash`; `policy` is an
/// `oauthsig_body_hash` value.
///
/// # Safety
/// `request` a live handle not used concurrently.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_request_set_body_hash(
    request: *mut oauthsig_request,
    policy: u32,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `request` is NULL or live and not
        // used elsewhere during the call.
        let request = unsafe { request.as_mut() };
        request::request_set_body_hash(request, policy)
    })
}

/// Whether PLAINTEXT may sign this request to an `http://` URL: `allow` 1
/// lets it, sending the consumer and token secrets in clear; 0 (the
/// default) refuses it with `OAUTHSIG_PLAINTEXT_OVER_HTTP` when signing, as
/// RFC 5849 §3.4.4 requires TLS. Any other value is
/// `OAUTHSIG_INVALID_ARGUMENT` and leaves the request as it was. Other
/// methods and `https://` URLs are not affected.
///
/// # Safety
/// `request` a live handle not used concurrently.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_request_allow_plaintext_over_http(
    request: *mut oauthsig_request,
    allow: u8,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `request` is NULL or live and not
        // used elsewhere during the call.
        let request = unsafe { request.as_mut() };
        request::request_allow_plaintext_over_http(request, allow)
    })
}

/// Signs the request: adds `oauth_signature_method`, `oauth_body_hash` per
/// the policy, and `oauth_signature` (replacing an earlier one). `token` may
/// be NULL. The RSA methods need a consumer from `oauthsig_consumer_new_rsa`
/// and the others one with a secret (`OAUTHSIG_WRONG_KEY_KIND` otherwise).
/// On failure the request is unchanged.
///
/// # Safety
/// `request` a live handle not used concurrently; `consumer` live; `token`
/// NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_request_sign(
    request: *mut oauthsig_request,
    method: u32,
    consumer: *const oauthsig_consumer,
    token: *const oauthsig_token,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, every handle is NULL or live and
        // `request` is not used elsewhere during the call.
        let (request, consumer, token) =
            unsafe { (request.as_mut(), consumer.as_ref(), token.as_ref()) };
        request::request_sign(request, method, consumer, token)
    })
}

/// Prepares the key `consumer_secret&token_secret` for `method` (`token` may
/// be NULL for an empty token secret); for a consumer from
/// `oauthsig_consumer_new_rsa`, its private key for an RSA `method`. A
/// method of the other kind than the consumer's credentials is
/// `OAUTHSIG_WRONG_KEY_KIND`.
///
/// # Safety
/// `consumer` live; `token` NULL or live; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_signing_key_new(
    method: u32,
    consumer: *const oauthsig_consumer,
    token: *const oauthsig_token,
    out: *mut *mut oauthsig_signing_key,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, the handles are NULL or live and
        // `out` is NULL or writable.
        let (consumer, token, out) =
            unsafe { (consumer.as_ref(), token.as_ref(), OutPtr::new(out)) };
        request::signing_key_new(method, consumer, token, out)
    })
}

/// Prepares the RSA private key `key` for `method` (`OAUTHSIG_RSA_SHA1`,
/// `OAUTHSIG_RSA_SHA256` or `OAUTHSIG_RSA_SHA512`; any other method is
/// `OAUTHSIG_WRONG_KEY_KIND`), for `oauthsig_sign`, `oauthsig_sign_header`
/// and `oauthsig_request_sign_with_key`. The signing key keeps its own copy:
/// `key` may be freed afterwards. Thread-safe, as every signing key.
///
/// # Safety
/// `key` NULL or live; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_signing_key_new_rsa(
    method: u32,
    key: *const oauthsig_rsa_private_key,
    out: *mut *mut oauthsig_signing_key,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `key` is NULL or live and `out`
        // is NULL or writable.
        let (key, out) = unsafe { (key.as_ref(), OutPtr::new(out)) };
        request::signing_key_new_rsa(method, key, out)
    })
}

/// Destroys a signing key. NULL is a no-op.
///
/// # Safety
/// `key` NULL or a live handle; not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_signing_key_free(key: *mut oauthsig_signing_key) {
    // SAFETY: `key` is NULL or a live handle of this type that C gives
    // back and never uses again, per the contract above.
    unsafe { free_handle(key) }
}

/// Signs with a prepared key. The request must carry `oauth_consumer_key`
/// (as `oauthsig_request_from_consumer_and_token` makes it).
///
/// # Safety
/// `request` a live handle not used concurrently; `key` live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_request_sign_with_key(
    request: *mut oauthsig_request,
    key: *const oauthsig_signing_key,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, the handles are NULL or live and
        // `request` is not used elsewhere during the call.
        let (request, key) = unsafe { (request.as_mut(), key.as_ref()) };
        request::request_sign_with_key(request, key)
    })
}

/// Checks the request's `oauth_signature` (constant time) with the secrets
/// of `consumer` and `token` (NULL = none), or with the public half of the
/// private key of a consumer from `oauthsig_consumer_new_rsa`; `*valid` gets
/// the answer. Only the signature: use a verifier for nonce, timestamp and
/// location rules.
///
/// # Safety
/// Handles live (`token` may be NULL); `valid` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_request_check_signature(
    request: *const oauthsig_request,
    consumer: *const oauthsig_consumer,
    token: *const oauthsig_token,
    valid: *mut bool,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, the handles are NULL or live and
        // `valid` is NULL or writable.
        let (request, consumer, token, valid) = unsafe {
            (
                request.as_ref(),
                consumer.as_ref(),
                token.as_ref(),
                OutPtr::new(valid),
            )
        };
        request::request_check_signature(request, consumer, token, valid)
    })
}

/// Checks the `oauth_signature` of an RSA-SHA1, RSA-SHA256 or RSA-SHA512
/// request with the consumer's public key (RFC 5849 §3.4.3.2); `*valid`
/// gets the answer: false for a request of another method, and for a
/// signature of another length than the key's modulus. Only the signature:
/// use a verifier for nonce, timestamp and location rules.
///
/// # Safety
/// Handles live; `valid` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_request_check_signature_with_public_key(
    request: *const oauthsig_request,
    key: *const oauthsig_rsa_public_key,
    valid: *mut bool,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, the handles are NULL or live and
        // `valid` is NULL or writable.
        let (request, key, valid) = unsafe { (request.as_ref(), key.as_ref(), OutPtr::new(valid)) };
        request::request_check_signature_with_public_key(request, key, valid)
    })
}

/// Writes one form of the request (`what` is an `oauthsig_output` value).
/// `realm` (NULL = none) is used only for `OAUTHSIG_OUTPUT_HEADER`.
///
/// # Safety
/// `request` live; `realm` per the (ptr, len) convention; output per the
/// buffer convention.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_request_write(
    request: *const oauthsig_request,
    what: u32,
    realm: *const u8,
    realm_len: usize,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `request` is NULL or live, `realm`
        // follows the (ptr, len) convention and the output the buffer one.
        let (request, realm, out) = unsafe {
            (
                request.as_ref(),
                In::new(realm, realm_len, "realm"),
                OutBuf::new(buf, cap, out_len),
            )
        };
        // SAFETY: per the contract above, `buf` is NULL or has `cap`
        // writable bytes.
        let blank = unsafe { Blank::new(buf, cap) };
        blank.on_failure(request::request_write(request, what, realm, out))
    })
}

/// Creates the profile of a provider (`profile` is an
/// `oauthsig_profile_id` value): its signature method, placement, body
/// hash, realm, `oauth_version`, nonce length and, for a verifier, its
/// accepted methods, timestamp window and nonce lengths. `account` (NULL =
/// none) is a NetSuite account id (`123456_SB1` or `123456-sb1`), which
/// gives the NetSuite profile its realm; other profiles take none
/// (`OAUTHSIG_INVALID_ARGUMENT`). Free with `oauthsig_profile_free`.
///
/// # Safety
/// `account` per the (ptr, len) convention; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_profile_new(
    profile: u32,
    account: *const u8,
    account_len: usize,
    out: *mut *mut oauthsig_profile,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `account` follows the (ptr, len)
        // convention and `out` is NULL or writable.
        let (account, out) =
            unsafe { (In::new(account, account_len, "account"), OutPtr::new(out)) };
        profile::profile_new(profile, account, out)
    })
}

/// Creates the profile named `name` (`x`, `jira`, `netsuite`,
/// `netsuite:ACCOUNT`, `woocommerce`, `magento`, `mastercard`, `lti11`,
/// `garmin`, `etrade`, `schoology`), as the command line takes it; an
/// unknown name is `OAUTHSIG_INVALID_ARGUMENT`, its message listing the
/// known ones.
///
/// # Safety
/// `name` per the (ptr, len) convention; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_profile_by_name(
    name: *const u8,
    name_len: usize,
    out: *mut *mut oauthsig_profile,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `name` follows the (ptr, len)
        // convention and `out` is NULL or writable.
        let (name, out) = unsafe { (In::new(name, name_len, "name"), OutPtr::new(out)) };
        profile::profile_by_name(name, out)
    })
}

/// Destroys a profile. NULL is a no-op.
///
/// # Safety
/// `profile` NULL or a live handle from `oauthsig_profile_new` or
/// `oauthsig_profile_by_name`; not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_profile_free(profile: *mut oauthsig_profile) {
    // SAFETY: `profile` is NULL or a live handle of this type that C gives
    // back and never uses again, per the contract above.
    unsafe { free_handle(profile) }
}

/// `oauthsig_request_from_consumer_and_token` with `profile`'s choices:
/// its body-hash policy and hash, `oauth_version` left out where it sends
/// none, and a fresh nonce of its length. Sign it with
/// `oauthsig_request_sign_with_profile`.
///
/// # Safety
/// `profile` and `consumer` live handles; `token` NULL or live; (ptr, len)
/// convention; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_request_from_profile(
    profile: *const oauthsig_profile,
    consumer: *const oauthsig_consumer,
    token: *const oauthsig_token,
    method: *const u8,
    method_len: usize,
    url: *const u8,
    url_len: usize,
    out: *mut *mut oauthsig_request,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, the handles are NULL or live, the
        // inputs follow the (ptr, len) convention and `out` is NULL or
        // writable.
        let (profile, consumer, token, method, url, out) = unsafe {
            (
                profile.as_ref(),
                consumer.as_ref(),
                token.as_ref(),
                In::new(method, method_len, "method"),
                In::new(url, url_len, "url"),
                OutPtr::new(out),
            )
        };
        profile::profile_request(profile, consumer, token, method, url, out)
    })
}

/// Signs the request with `profile`'s signature method, body hash and
/// `oauth_version` choice (the key is RFC 5849's: a profile never signs
/// with a provider's deviation). On failure the request is unchanged.
///
/// # Safety
/// `request` a live handle not used concurrently; `profile` and `consumer`
/// live; `token` NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_request_sign_with_profile(
    request: *mut oauthsig_request,
    profile: *const oauthsig_profile,
    consumer: *const oauthsig_consumer,
    token: *const oauthsig_token,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, every handle is NULL or live and
        // `request` is not used elsewhere during the call.
        let (request, profile, consumer, token) = unsafe {
            (
                request.as_mut(),
                profile.as_ref(),
                consumer.as_ref(),
                token.as_ref(),
            )
        };
        profile::request_sign_with_profile(request, profile, consumer, token)
    })
}

/// Writes the signed request where `profile` puts the protocol parameters:
/// the `Authorization` header value with its realm, the URL, or the form
/// body (`OAUTHSIG_OUTPUT_HEADER`, `_URL` or `_POSTDATA` of
/// `oauthsig_request_write`, chosen by the profile).
///
/// # Safety
/// `request` and `profile` live; output per the buffer convention.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_request_write_for_profile(
    request: *const oauthsig_request,
    profile: *const oauthsig_profile,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, the handles are NULL or live and
        // the output follows the buffer convention.
        let (request, profile, out) = unsafe {
            (
                request.as_ref(),
                profile.as_ref(),
                OutBuf::new(buf, cap, out_len),
            )
        };
        // SAFETY: per the contract above, `buf` is NULL or has `cap`
        // writable bytes.
        let blank = unsafe { Blank::new(buf, cap) };
        blank.on_failure(profile::request_write_placed(request, profile, out))
    })
}

/// Copies the value of the first parameter named `name` (from the query,
/// the form body, or set in code or received in the header), or
/// `OAUTHSIG_NOT_FOUND`. The value is the parameter's octets, percent- and
/// form-decoded: as C strings are bytes, it is not necessarily UTF-8 (a
/// Latin-1 `city=Mal%E9` gives the 4 bytes `Mal\xE9`) nor free of NUL bytes
/// (`%00`), so take its length from `*out_len`, not `strlen`; the NUL
/// after it is written as for every output. `name` is UTF-8 text.
///
/// # Safety
/// `request` live; (ptr, len) convention; output per the buffer convention.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_request_get(
    request: *const oauthsig_request,
    name: *const u8,
    name_len: usize,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `request` is NULL or live, `name`
        // follows the (ptr, len) convention and the output the buffer one.
        let (request, name, out) = unsafe {
            (
                request.as_ref(),
                In::new(name, name_len, "name"),
                OutBuf::new(buf, cap, out_len),
            )
        };
        // SAFETY: per the contract above, `buf` is NULL or has `cap`
        // writable bytes.
        let blank = unsafe { Blank::new(buf, cap) };
        blank.on_failure(request::request_get(request, name, out))
    })
}

// --------------------------------------------------------------------------
// Result codes (`result`).

/// A static, NUL-terminated message for `code`. Unknown values give
/// "unknown result code". The pointer is valid for the life of the program
/// and must not be freed. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn oauthsig_result_str(code: u32) -> *const c_char {
    boundary_value("internal error\0", || result::message_for(code))
        .as_ptr()
        .cast()
}

// --------------------------------------------------------------------------
// Nonces, timestamps, XOAUTH, challenges, encoding (`util`).

/// Writes a nonce of `len` alphanumeric characters from a CSPRNG keyed
/// from the operating system's (ChaCha20 per thread, keyed anew in a child
/// made by `fork`; `len == 0` gives the default, 30 characters ≈ 178
/// bits). Fails with `OAUTHSIG_INVALID_ARGUMENT` for `len > 1024`.
///
/// # Safety
/// Output per the buffer convention.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_generate_nonce(
    len: usize,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, the output follows the buffer
        // convention.
        let out = unsafe { OutBuf::new(buf, cap, out_len) };
        // SAFETY: per the contract above, `buf` is NULL or has `cap`
        // writable bytes.
        let blank = unsafe { Blank::new(buf, cap) };
        blank.on_failure(util::generate_nonce(len, out))
    })
}

/// Writes a verifier (RFC 5849 §2.2) as `oauthsig_generate_nonce` does.
///
/// # Safety
/// Output per the buffer convention.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_generate_verifier(
    len: usize,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, the output follows the buffer
        // convention.
        let out = unsafe { OutBuf::new(buf, cap, out_len) };
        // SAFETY: per the contract above, `buf` is NULL or has `cap`
        // writable bytes.
        let blank = unsafe { Blank::new(buf, cap) };
        blank.on_failure(util::generate_verifier(len, out))
    })
}

/// Stores the current time in seconds since the Unix epoch in `*out`.
///
/// # Safety
/// `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_generate_timestamp(out: *mut u64) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `out` is NULL or writable.
        let out = unsafe { OutPtr::new(out) };
        util::generate_timestamp(out)
    })
}

/// Writes a signed XOAUTH string (`GET url oauth_...="..."`, for IMAP/SMTP
/// XOAUTH) for `url` with a fresh nonce and timestamp, signed HMAC-SHA1 by
/// `consumer` and `token` (NULL = none). Each call signs anew, so the length
/// varies: `OAUTHSIG_BUFFER_TOO_SMALL` stores in `*out_len` the most any call
/// can need.
///
/// # Safety
/// Handles live (`token` may be NULL); (ptr, len) convention; output per the
/// buffer convention.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_xoauth_string(
    url: *const u8,
    url_len: usize,
    consumer: *const oauthsig_consumer,
    token: *const oauthsig_token,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `url` follows the (ptr, len)
        // convention, the handles are NULL or live and the output follows
        // the buffer convention.
        let (url, consumer, token, out) = unsafe {
            (
                In::new(url, url_len, "url"),
                consumer.as_ref(),
                token.as_ref(),
                OutBuf::new(buf, cap, out_len),
            )
        };
        // SAFETY: per the contract above, `buf` is NULL or has `cap`
        // writable bytes.
        let blank = unsafe { Blank::new(buf, cap) };
        blank.on_failure(util::xoauth_string(url, consumer, token, out))
    })
}

/// Writes the `WWW-Authenticate` challenge value `OAuth realm="..."` for a
/// 401 response (`realm` NULL = empty realm). A realm with a control
/// character is refused (`OAUTHSIG_INVALID_ARGUMENT`).
///
/// # Safety
/// (ptr, len) convention; output per the buffer convention.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_www_authenticate(
    realm: *const u8,
    realm_len: usize,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `realm` follows the (ptr, len)
        // convention and the output the buffer one.
        let (realm, out) = unsafe {
            (
                In::new(realm, realm_len, "realm"),
                OutBuf::new(buf, cap, out_len),
            )
        };
        // SAFETY: per the contract above, `buf` is NULL or has `cap`
        // writable bytes.
        let blank = unsafe { Blank::new(buf, cap) };
        blank.on_failure(util::www_authenticate(realm, out))
    })
}

/// Percent-encodes `text` per RFC 5849 §3.6 (only `A-Z a-z 0-9 - . _ ~`
/// pass through).
///
/// # Safety
/// (ptr, len) convention; output per the buffer convention.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_percent_encode(
    input: *const u8,
    input_len: usize,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `input` follows the (ptr, len)
        // convention and the output the buffer one.
        let (input, out) = unsafe {
            (
                In::new(input, input_len, "input"),
                OutBuf::new(buf, cap, out_len),
            )
        };
        // SAFETY: per the contract above, `buf` is NULL or has `cap`
        // writable bytes.
        let blank = unsafe { Blank::new(buf, cap) };
        blank.on_failure(util::percent_encode(input, out))
    })
}

// --------------------------------------------------------------------------
// Verification (`verifier`).

/// Starts verifier options. No signature method is allowed until one is
/// added with `oauthsig_verifier_builder_allow` (there is no default).
///
/// # Safety
/// `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_verifier_builder_new(
    out: *mut *mut oauthsig_verifier_builder,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `out` is NULL or writable.
        let out = unsafe { OutPtr::new(out) };
        verifier::verifier_builder_new(out)
    })
}

/// Destroys a builder. NULL is a no-op.
///
/// # Safety
/// `builder` NULL or a live handle; not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_verifier_builder_free(builder: *mut oauthsig_verifier_builder) {
    // SAFETY: `builder` is NULL or a live handle of this type that C gives
    // back and never uses again, per the contract above.
    unsafe { free_handle(builder) }
}

/// Allows a signature method (`oauthsig_signature_method` value).
/// PLAINTEXT is still refused over plain http unless
/// `oauthsig_verifier_builder_allow_plaintext_over_http` is called. The RSA
/// methods are checked with the public key the lookup answers
/// (`oauthsig_lookup_answer_public_key`).
///
/// # Safety
/// `builder` a live handle not used concurrently.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_verifier_builder_allow(
    builder: *mut oauthsig_verifier_builder,
    method: u32,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `builder` is NULL or live and not
        // used elsewhere during the call.
        let builder = unsafe { builder.as_mut() };
        verifier::verifier_builder_allow(builder, method)
    })
}

/// Configures the verifier for `profile`'s provider: its accepted
/// signature methods, timestamp window and nonce lengths.
///
/// # Safety
/// `builder` a live handle not used concurrently; `profile` live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_verifier_builder_profile(
    builder: *mut oauthsig_verifier_builder,
    profile: *const oauthsig_profile,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `builder` is NULL or live and not
        // used elsewhere during the call; `profile` is NULL or live.
        let (builder, profile) = unsafe { (builder.as_mut(), profile.as_ref()) };
        profile::verifier_builder_profile(builder, profile)
    })
}

/// Accepts PLAINTEXT over http (RFC 5849 §3.4.4 requires TLS; use only for
/// loopback testing or behind a TLS terminator that rewrites the scheme).
///
/// # Safety
/// `builder` a live handle not used concurrently.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_verifier_builder_allow_plaintext_over_http(
    builder: *mut oauthsig_verifier_builder,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `builder` is NULL or live and not
        // used elsewhere during the call.
        let builder = unsafe { builder.as_mut() };
        verifier::verifier_builder_allow_plaintext_over_http(builder)
    })
}

/// Sets the timestamp window in seconds, applied both to the past and the
/// future (default 300).
///
/// # Safety
/// `builder` a live handle not used concurrently.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_verifier_builder_timestamp_window(
    builder: *mut oauthsig_verifier_builder,
    seconds: u64,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `builder` is NULL or live and not
        // used elsewhere during the call.
        let builder = unsafe { builder.as_mut() };
        verifier::verifier_builder_timestamp_window(builder, seconds)
    })
}

/// Requires the `Authorization` header's realm to equal `realm`.
///
/// # Safety
/// `builder` a live handle not used concurrently; (ptr, len) convention.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_verifier_builder_require_realm(
    builder: *mut oauthsig_verifier_builder,
    realm: *const u8,
    realm_len: usize,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `builder` is NULL or live and not
        // used elsewhere during the call; `realm` follows the (ptr, len)
        // convention.
        let (builder, realm) = unsafe { (builder.as_mut(), In::new(realm, realm_len, "realm")) };
        verifier::verifier_builder_require_realm(builder, realm)
    })
}

/// Builds the verifier, with its own in-memory nonce store. This uses up the
/// builder's options: afterwards the builder can only be freed (further
/// calls with it fail with `OAUTHSIG_INVALID_ARGUMENT`).
///
/// Fails with `OAUTHSIG_INVALID_ARGUMENT` when no method was allowed or an
/// option is out of range.
///
/// # Safety
/// `builder` live and not used concurrently; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_verifier_build(
    builder: *mut oauthsig_verifier_builder,
    out: *mut *mut oauthsig_verifier,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `builder` is NULL or live and not
        // used elsewhere during the call; `out` is NULL or writable.
        let (builder, out) = unsafe { (builder.as_mut(), OutPtr::new(out)) };
        verifier::verifier_build(builder, out)
    })
}

/// Destroys a verifier and its nonce store. NULL is a no-op.
///
/// # Safety
/// `verifier` NULL or a live handle no other thread is using; not used
/// afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_verifier_free(verifier: *mut oauthsig_verifier) {
    // SAFETY: `verifier` is NULL or a live handle of this type that C gives
    // back and never uses again, per the contract above.
    unsafe { free_handle(verifier) }
}

/// Answers a lookup with the two secrets (copied; `token_secret` (NULL, 0)
/// when the request has no token).
///
/// # Safety
/// `answer` the pointer the callback received; (ptr, len) convention.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_lookup_answer_secrets(
    answer: *mut oauthsig_lookup_answer<'_>,
    consumer_secret: *const u8,
    consumer_secret_len: usize,
    token_secret: *const u8,
    token_secret_len: usize,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `answer` is NULL or the pointer the
        // running callback received (live, and only used through this call
        // meanwhile); the inputs follow the (ptr, len) convention.
        let (answer, consumer_secret, token_secret) = unsafe {
            (
                answer.as_mut(),
                In::new(consumer_secret, consumer_secret_len, "consumer_secret"),
                In::new(token_secret, token_secret_len, "token_secret"),
            )
        };
        verifier::lookup_answer_secrets(answer, consumer_secret, token_secret)
    })
}

/// Answers a lookup with a prepared key (for the request's signature
/// method), skipping the HMAC key schedule (a key from
/// `oauthsig_signing_key_new_rsa` checks with its public half). The key must
/// stay alive until `oauthsig_verifier_verify` returns.
///
/// # Safety
/// `answer` the pointer the callback received; `key` live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_lookup_answer_key(
    answer: *mut oauthsig_lookup_answer<'_>,
    key: *const oauthsig_signing_key,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `answer` is NULL or the pointer the
        // running callback received (live, and only used through this call
        // meanwhile), and `key` is NULL or a handle that stays live until
        // `oauthsig_verifier_verify` returns. An answer exists only inside
        // that call (`Lookup::ask`), so the key outlives the answer's
        // lifetime, which is the one it is borrowed for here.
        let (answer, key) = unsafe { (answer.as_mut(), key.as_ref()) };
        verifier::lookup_answer_key(answer, key)
    })
}

/// Answers a lookup with the consumer's RSA public key, for RSA-SHA1,
/// RSA-SHA256 and RSA-SHA512 requests (the token, when the request has one,
/// must still be known to the callback, though no token secret is used).
/// The answer keeps its own reference: `key` may be freed once this
/// returns. A request of another method answered only with a public key is
/// refused with `OAUTHSIG_VERIFY_UNAUTHORIZED` (a credential of the wrong
/// kind), as an RSA request answered only with secrets is; a callback may
/// answer both kinds, and the verifier uses the one the request's method
/// needs.
///
/// # Safety
/// `answer` the pointer the callback received; `key` live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_lookup_answer_public_key(
    answer: *mut oauthsig_lookup_answer<'_>,
    key: *const oauthsig_rsa_public_key,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `answer` is NULL or the pointer the
        // running callback received (live, and only used through this call
        // meanwhile), and `key` is NULL or live for this call (the answer
        // takes its own reference to the key).
        let (answer, key) = unsafe { (answer.as_mut(), key.as_ref()) };
        verifier::lookup_answer_public_key(answer, key)
    })
}

/// Verifies an incoming request: the `Authorization` header (NULL = none),
/// the URL's query, and the body when `content_type` (NULL = none) is
/// `application/x-www-form-urlencoded`; `host` (NULL = from the URL) is the
/// `Host` header. Checks run in the documented order of the Rust
/// `oauthsig::verifier` module; the nonce is recorded only when every check
/// passes.
///
/// `*http_status` (if not NULL) always receives the status to answer, one
/// of seven: 200 with `OAUTHSIG_OK`; 400 with `OAUTHSIG_VERIFY_BAD_REQUEST`
/// (a malformed request, a URL that is not http or https, PLAINTEXT over
/// http unless allowed) or with an argument refused before the request was
/// judged (`OAUTHSIG_NULL_ARGUMENT`, `OAUTHSIG_INVALID_UTF8`,
/// `OAUTHSIG_INVALID_ARGUMENT` for a length beyond `PTRDIFF_MAX`); 401
/// with `OAUTHSIG_VERIFY_UNAUTHORIZED`; 413 with
/// `OAUTHSIG_VERIFY_TOO_LARGE`; 414 with `OAUTHSIG_VERIFY_URL_TOO_LONG`
/// (the URL is over the verifier's limit, 8 KiB); 429 with
/// `OAUTHSIG_VERIFY_CONSUMER_QUOTA` (the consumer holds its share of the
/// in-memory nonce store); 503 with `OAUTHSIG_VERIFY_UNAVAILABLE`
/// when the request was not judged (the lookup failed, or answered
/// credentials that cannot be used: a prepared key of another method, a
/// secret too long) or `OAUTHSIG_PANIC`. The last error names the failed check and
/// never contains a secret or the expected base string. For 401, answer with
/// `WWW-Authenticate` from `oauthsig_www_authenticate`. On success `*out`
/// (if not NULL) receives the verified result.
///
/// # Safety
/// `verifier` live (may be shared between threads); (ptr, len) convention;
/// `lookup` a valid callback; `out` and `http_status` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_verifier_verify(
    verifier: *const oauthsig_verifier,
    method: *const u8,
    method_len: usize,
    url: *const u8,
    url_len: usize,
    authorization: *const u8,
    authorization_len: usize,
    content_type: *const u8,
    content_type_len: usize,
    host: *const u8,
    host_len: usize,
    body: *const u8,
    body_len: usize,
    lookup: oauthsig_secret_lookup,
    user_data: *mut c_void,
    out: *mut *mut oauthsig_verified,
    http_status: *mut u16,
) -> oauthsig_result {
    let result = boundary(|| {
        // SAFETY: per the contract above, `verifier` is NULL or live, the
        // inputs follow the (ptr, len) convention, `lookup` (unless NULL) may
        // be called with `user_data` during this call, and `out` is NULL or
        // writable.
        let (verifier, parts, lookup, out) = unsafe {
            (
                verifier.as_ref(),
                RequestParts {
                    method: In::new(method, method_len, "method"),
                    url: In::new(url, url_len, "url"),
                    authorization: In::new(authorization, authorization_len, "authorization"),
                    content_type: In::new(content_type, content_type_len, "content_type"),
                    host: In::new(host, host_len, "host"),
                    body: In::new(body, body_len, "body"),
                },
                lookup.map(|callback| Lookup::new(callback, user_data)),
                OutPtr::new(out),
            )
        };
        verifier::verify(verifier, parts, lookup, out)
    });
    // SAFETY: per the contract above, `http_status` is NULL or writable.
    let http_status = unsafe { OutPtr::new(http_status) };
    boundary_value((), || verifier::answer_status(result, http_status));
    result
}

/// Destroys a verified result. NULL is a no-op.
///
/// # Safety
/// `verified` NULL or a live handle; not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_verified_free(verified: *mut oauthsig_verified) {
    // SAFETY: `verified` is NULL or a live handle of this type that C gives
    // back and never uses again, per the contract above.
    unsafe { free_handle(verified) }
}

/// Copies one field of a verified result (`field` an
/// `oauthsig_verified_field` value), or `OAUTHSIG_NOT_FOUND`.
///
/// # Safety
/// `verified` live; output per the buffer convention.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_verified_get_field(
    verified: *const oauthsig_verified,
    field: u32,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `verified` is NULL or live and the
        // output follows the buffer convention.
        let (verified, out) = unsafe { (verified.as_ref(), OutBuf::new(buf, cap, out_len)) };
        // SAFETY: per the contract above, `buf` is NULL or has `cap`
        // writable bytes.
        let blank = unsafe { Blank::new(buf, cap) };
        blank.on_failure(verifier::verified_get_field(verified, field, out))
    })
}

/// Stores the number of non-`oauth_` parameters (decoded, from the query and
/// form body) in `*count`.
///
/// # Safety
/// `verified` live; `count` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_verified_parameter_count(
    verified: *const oauthsig_verified,
    count: *mut usize,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `verified` is NULL or live and
        // `count` NULL or writable.
        let (verified, count) = unsafe { (verified.as_ref(), OutPtr::new(count)) };
        verifier::verified_parameter_count(verified, count)
    })
}

/// Copies the decoded name and value of non-`oauth_` parameter `index` (in
/// request order) into two buffers; `OAUTHSIG_NOT_FOUND` past the end.
/// They are octets (RFC 5849 §3.4.1.3.1): not necessarily UTF-8, and they
/// may hold NUL bytes, so use the lengths written, not `strlen`.
///
/// # Safety
/// `verified` live; both outputs per the buffer convention.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_verified_parameter(
    verified: *const oauthsig_verified,
    index: usize,
    name_buf: *mut c_char,
    name_cap: usize,
    name_len: *mut usize,
    value_buf: *mut c_char,
    value_cap: usize,
    value_len: *mut usize,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: per the contract above, `verified` is NULL or live and both
        // outputs follow the buffer convention (two distinct buffers).
        let (verified, name, value) = unsafe {
            (
                verified.as_ref(),
                OutBuf::new(name_buf, name_cap, name_len),
                OutBuf::new(value_buf, value_cap, value_len),
            )
        };
        // SAFETY: per the contract above, `name_buf` is NULL or has `name_cap`
        // writable bytes.
        let blank_name = unsafe { Blank::new(name_buf, name_cap) };
        // SAFETY: per the contract above, `value_buf` is NULL or has `value_cap`
        // writable bytes.
        let blank_value = unsafe { Blank::new(value_buf, value_cap) };
        blank_value.on_failure(
            blank_name.on_failure(verifier::verified_parameter(verified, index, name, value)),
        )
    })
}

// --------------------------------------------------------------------------
// Version and error detail.

/// The library version as a static NUL-terminated string ("0.1.0"), equal to
/// `OAUTHSIG_VERSION_STRING` of the header the library was built with. Never
/// NULL; must not be freed. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn oauthsig_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// Copies the detail message of the last failed call on the calling thread
/// (for example "url cannot be signed: bad or missing port at byte 19") into
/// `(buf, cap)`, following the output-buffer convention. The message is empty
/// when no call has failed on this thread. Messages never contain secrets.
///
/// # Safety
/// Output per the buffer convention.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_last_error_message(
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> oauthsig_result {
    // Read before `boundary` can overwrite it with this call's own outcome.
    let message = boundary_value(Message::EMPTY, last_error);
    let result = boundary(|| {
        // SAFETY: per the contract above, the output follows the buffer
        // convention.
        let (mut out, blank) = unsafe { (OutBuf::new(buf, cap, out_len), Blank::new(buf, cap)) };
        blank.on_failure(out.write(message.as_bytes()))
    });
    // Reading the detail must not replace it, even when this call itself
    // fails (sizing with a NULL buffer, then copying, is the normal use).
    boundary_value((), || LAST_ERROR.with(|e| *e.borrow_mut() = message));
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_code_not_an_unwind() {
        let r = boundary(|| panic!("bug"));
        assert_eq!(r, oauthsig_result::OAUTHSIG_PANIC);
        assert!(String::from_utf8_lossy(last_error().as_bytes()).contains("panic"));
        assert!(boundary_value(7, || panic!("bug")) == 7);
    }

    #[test]
    fn null_with_length_is_refused_before_any_slice_is_made() {
        // SAFETY: NULL is handled before from_raw_parts is reached.
        let r = unsafe { In::new(std::ptr::null(), 3, "x") }.bytes();
        assert_eq!(
            r.map_err(|f| f.code),
            Err(oauthsig_result::OAUTHSIG_NULL_ARGUMENT)
        );
        // SAFETY: (NULL, 0) is the documented empty input.
        let empty = unsafe { In::new(std::ptr::null(), 0, "x") };
        assert_eq!(empty.text().ok(), Some(""));
        assert_eq!(empty.opt_text().ok(), Some(None));
        // SAFETY: as above.
        let absent_with_length = unsafe { In::new(std::ptr::null(), 3, "x") };
        assert_eq!(
            absent_with_length.opt_text().map_err(|f| f.code),
            Err(oauthsig_result::OAUTHSIG_NULL_ARGUMENT)
        );
    }

    #[test]
    fn text_agrees_with_its_plain_version() {
        // Every 1- and 2-byte input, then 3- and 4-byte ones around the
        // UTF-8 boundaries, and longer inputs with one byte changed at each
        // position (ASCII runs past the word-at-a-time check's chunks).
        let mut inputs: Vec<Vec<u8>> = (0..=255u8).map(|a| vec![a]).collect();
        for a in 0..=255u8 {
            inputs.extend((0..=255u8).map(|b| vec![a, b]));
        }
        let edges = [0x00, 0x41, 0x7f, 0x80, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf];
        let leads = [0xe0, 0xe1, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf4, 0xf5, 0xff];
        for &lead in &leads {
            for &b in &edges {
                for &c in &edges {
                    inputs.push(vec![lead, b, c]);
                    inputs.extend(edges.iter().map(|&d| vec![lead, b, c, d]));
                }
            }
        }
        let long: Vec<u8> =
            "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b&caf\u{e9}=\u{2603}"
                .bytes()
                .collect();
        for i in 0..long.len() {
            for byte in [0x00, 0x7f, 0x80, 0xc3, 0xe2, 0xff] {
                let mut changed = long.clone();
                changed[i] = byte;
                inputs.push(changed);
            }
        }
        for input in &inputs {
            // SAFETY: `input` is live and unchanged for the whole test.
            let view = unsafe { In::new(input.as_ptr(), input.len(), "x") };
            let (fast, plain) = (view.text(), view.text_reference());
            let fast = fast.map_err(|f| (f.code, f.to_string()));
            let plain = plain.map_err(|f| (f.code, f.to_string()));
            assert_eq!(fast, plain, "{input:?}");
        }
    }

    #[test]
    fn outputs_never_pass_cap() {
        let mut buf = [b'x'; 4];
        let mut len = 0usize;
        {
            // SAFETY: buf has 4 writable bytes and len is a live usize, both
            // used only through this view in this block.
            let mut out = unsafe { OutBuf::new(buf.as_mut_ptr().cast(), 4, &raw mut len) };
            let r = out.write(b"abcd");
            assert_eq!(
                r.map_err(|f| f.code),
                Err(oauthsig_result::OAUTHSIG_BUFFER_TOO_SMALL)
            );
            assert!(out.write(b"abc").is_ok());
        }
        assert_eq!((len, &buf), (3, b"abc\0"));
    }

    #[test]
    fn a_stream_that_does_not_fit_reports_its_length_and_an_empty_string() {
        let mut buf = [b'x'; 4];
        let mut len = 0usize;
        {
            // SAFETY: as in outputs_never_pass_cap.
            let mut out = unsafe { OutBuf::new(buf.as_mut_ptr().cast(), 4, &raw mut len) };
            let r = out.stream(|sink| {
                oauthsig_core::sink::Sink::put(sink, b"abcdef");
                Ok(())
            });
            assert_eq!(
                r.map_err(|f| f.code),
                Err(oauthsig_result::OAUTHSIG_BUFFER_TOO_SMALL)
            );
        }
        assert_eq!((len, buf[0]), (6, 0));
    }

    #[test]
    fn a_fill_keeps_the_buffer_convention() {
        use oauthsig_core::Error as E;
        let text = |b: &mut [u8]| {
            let Some(room) = b.get_mut(..3) else {
                return Err(E::BufferTooSmall { needed: 3 });
            };
            room.copy_from_slice(b"abc");
            Ok(3)
        };
        for (cap, fits) in [(0, false), (3, false), (4, true), (6, true)] {
            let mut buf = [b'x'; 6];
            let mut len = 0usize;
            let r = {
                // SAFETY: as in outputs_never_pass_cap, with `cap` <= 6.
                let mut out = unsafe { OutBuf::new(buf.as_mut_ptr().cast(), cap, &raw mut len) };
                out.fill(text).map_err(|f| f.code)
            };
            assert_eq!(len, 3, "cap {cap}");
            if fits {
                assert_eq!((r, &buf[..4]), (Ok(Ok(())), &b"abc\0"[..]));
            } else {
                assert_eq!(r, Ok(Err(E::BufferTooSmall { needed: 3 })));
                assert!(cap == 0 || buf[0] == 0, "cap {cap}");
            }
            assert!(
                buf[cap..].iter().all(|&b| b == b'x'),
                "wrote past cap {cap}"
            );
        }
        // Another error stores nothing; a NULL out_len is refused first.
        let mut len = 7usize;
        // SAFETY: a NULL buffer with cap 0 and a live usize.
        let mut out = unsafe { OutBuf::new(std::ptr::null_mut(), 0, &raw mut len) };
        assert_eq!(
            out.fill(|_| Err(E::BadMethod)).ok(),
            Some(Err(E::BadMethod))
        );
        assert_eq!(len, 7);
        // SAFETY: NULL pointers are never written.
        let mut out = unsafe { OutBuf::new(std::ptr::null_mut(), 0, std::ptr::null_mut()) };
        let refused = out.fill(|_| Ok(0)).map_err(|f| f.code);
        assert_eq!(refused, Err(oauthsig_result::OAUTHSIG_NULL_ARGUMENT));
    }

    #[test]
    fn unknown_result_codes_have_a_message_too() {
        // SAFETY: oauthsig_result_str returns a static NUL-terminated string.
        let text = unsafe { std::ffi::CStr::from_ptr(oauthsig_result_str(26)) };
        assert_eq!(text.to_str(), Ok("unknown result code"));
    }
}
