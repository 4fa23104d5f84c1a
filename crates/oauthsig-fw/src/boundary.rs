//! The edge of the C ABI: every function of `include/oauthsig_fw.h` is
//! declared here with the contract its C caller keeps (`# Safety`), and
//! this is the only module with `unsafe` code (the crate denies it
//! elsewhere).
//!
//! Each entry point turns its raw arguments into typed views in one
//! `unsafe` block justified by its contract and hands them to a safe
//! function of the topic module (`sign`, `verify`, `nonce`, `encode`). The
//! views ([`In`], [`RequestView`], [`IncomingView`], [`OutBuf`],
//! [`CheckOut`], [`Fill`]) have private fields and are made only here, by
//! `unsafe` constructors, so the rest of the crate cannot build one over a
//! pointer C did not vouch for.
//!
//! No function unwinds or panics: there is no panic runtime on the
//! firmware target, and the panic handler below makes any reachable panic
//! a link error.

use crate::oauthsig_fw_str;
use crate::result::{self, Failure, oauthsig_fw_result};
use crate::sign::{self, oauthsig_fw_request};
use crate::verify::{self, oauthsig_fw_check, oauthsig_fw_incoming};
use crate::{encode, nonce};
use core::ffi::{c_char, c_int, c_void};
use core::marker::PhantomData;

/// The caller's random source for `oauthsig_fw_nonce`: fills `buf` with
/// `len` random bytes and returns 0, or returns non-zero on failure. It
/// must be cryptographically secure (a hardware RNG, or a CSPRNG seeded
/// from one); `ctx` is the caller's, passed through.
pub type oauthsig_fw_fill =
    Option<unsafe extern "C" fn(ctx: *mut c_void, buf: *mut u8, len: usize) -> c_int>;

/// Signs `request` with `method` (an `oauthsig_fw_signature_method`; the
/// key is prepared from the request's secrets inside the call) and writes
/// it placed as `placement` (an `oauthsig_fw_placement`) into `(buf, cap)`
/// per the buffer convention: the `Authorization` header value, the URL or
/// the form body.
///
/// Fails with `OAUTHSIG_FW_NULL_ARGUMENT` (`request` or `out_len` NULL, or
/// a field NULL with a length), `OAUTHSIG_FW_INVALID_UTF8`,
/// `OAUTHSIG_FW_UNSUPPORTED_SIGNATURE_METHOD`,
/// `OAUTHSIG_FW_INVALID_ARGUMENT` (an unknown placement, a bad realm, more
/// than 16 query and form parameters: core's `sign::CAPACITY`),
/// `OAUTHSIG_FW_BAD_URL`,
/// `OAUTHSIG_FW_BAD_ENCODING`, `OAUTHSIG_FW_BAD_METHOD`,
/// `OAUTHSIG_FW_SECRET_TOO_LONG`, `OAUTHSIG_FW_BAD_REQUEST`, or
/// `OAUTHSIG_FW_BUFFER_TOO_SMALL` with the exact size in `*out_len`.
///
/// # Safety
/// `request` NULL or pointing to a readable `oauthsig_fw_request` whose
/// strings follow the string convention; output per the buffer convention.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_fw_sign(
    request: *const oauthsig_fw_request,
    method: u32,
    placement: u32,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> oauthsig_fw_result {
    // SAFETY: per the contract above, `request` is NULL or readable with
    // its strings following the string convention for the call, and the
    // output follows the buffer convention.
    let (request, out) = unsafe {
        (
            request.as_ref().map(|r| RequestView::new(r)),
            OutBuf::new(buf, cap, out_len),
        )
    };
    sign::sign(request, method, placement, out)
}

/// Checks `incoming` as a server does, with every check that needs no
/// state (RFC 5849 §3.2): required and duplicate parameters, one location,
/// version, `method` (an `oauthsig_fw_signature_method`, the only one
/// accepted; PLAINTEXT only over https), the timestamp within `now ±
/// window` seconds (`now`: the caller's clock, seconds since 1970), the
/// nonce's form, the realm when `incoming->realm` is given, the body hash,
/// and the signature, in constant time, with the key prepared from
/// `incoming`'s secrets. Replay (a nonce seen before) is the caller's to
/// check: it has the storage.
///
/// Returns `OAUTHSIG_FW_OK` when every check passed,
/// `OAUTHSIG_FW_VERIFY_BAD_REQUEST` (answer 400) or
/// `OAUTHSIG_FW_VERIFY_UNAUTHORIZED` (answer 401) when one refused it, and
/// stores in `*check` (unless `check` is NULL) the check that did, or
/// `OAUTHSIG_FW_CHECK_NONE`. Arguments are refused as for
/// `oauthsig_fw_sign` (`OAUTHSIG_FW_NULL_ARGUMENT`,
/// `OAUTHSIG_FW_INVALID_UTF8` for a text field,
/// `OAUTHSIG_FW_UNSUPPORTED_SIGNATURE_METHOD`,
/// `OAUTHSIG_FW_SECRET_TOO_LONG`).
///
/// # Safety
/// `incoming` NULL or pointing to a readable `oauthsig_fw_incoming` whose
/// strings follow the string convention; `check` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_fw_verify(
    incoming: *const oauthsig_fw_incoming,
    method: u32,
    now: u64,
    window: u64,
    check: *mut oauthsig_fw_check,
) -> oauthsig_fw_result {
    // SAFETY: per the contract above, `incoming` is NULL or readable with
    // its strings following the string convention for the call, and
    // `check` is NULL or writable.
    let (incoming, check) = unsafe {
        (
            incoming.as_ref().map(|i| IncomingView::new(i)),
            CheckOut::new(check),
        )
    };
    verify::verify(incoming, method, now, window, check)
}

/// Draws a nonce of `len` letters and digits (0: `OAUTHSIG_FW_NONCE_LEN`,
/// 128 bits) from the caller's random source `fill` (called with `ctx`,
/// during this call only, as often as it takes) into `(buf, cap)` per the
/// buffer convention. Sampled without bias; nothing is drawn when the
/// buffer is too small.
///
/// Fails with `OAUTHSIG_FW_NULL_ARGUMENT` (`fill` or `out_len` NULL),
/// `OAUTHSIG_FW_BUFFER_TOO_SMALL`, or `OAUTHSIG_FW_SYSTEM_ERROR` when
/// `fill` returned non-zero.
///
/// # Safety
/// `fill` NULL or a function that, called with `ctx` and `(buf, len)`,
/// writes at most `len` bytes at `buf` and nothing else the library owns,
/// and keeps no pointer to `buf`; output per the buffer convention.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_fw_nonce(
    fill: oauthsig_fw_fill,
    ctx: *mut c_void,
    len: usize,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> oauthsig_fw_result {
    // SAFETY: per the contract above, `fill` is NULL or may be called with
    // `ctx` and a writable buffer, and the output follows the buffer
    // convention.
    let (fill, out) = unsafe { (Fill::new(fill, ctx), OutBuf::new(buf, cap, out_len)) };
    nonce::nonce(fill, len, out)
}

/// Writes `seconds` (since 1970-01-01 UTC, from the caller's clock) as the
/// decimal `oauth_timestamp` text into `(buf, cap)` per the buffer
/// convention (at most 20 digits).
///
/// # Safety
/// Output per the buffer convention.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_fw_timestamp(
    seconds: u64,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> oauthsig_fw_result {
    // SAFETY: per the contract above, the output follows the buffer
    // convention.
    let out = unsafe { OutBuf::new(buf, cap, out_len) };
    nonce::timestamp(seconds, out)
}

/// Percent-encodes the UTF-8 text `(input, input_len)` per RFC 5849 §3.6
/// (only `A-Z a-z 0-9 - . _ ~` pass through) into `(buf, cap)` per the
/// buffer convention.
///
/// # Safety
/// `(input, input_len)` per the string convention; output per the buffer
/// convention.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_fw_percent_encode(
    input: *const u8,
    input_len: usize,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> oauthsig_fw_result {
    // SAFETY: per the contract above, the input follows the string
    // convention and the output the buffer convention.
    let (input, out) = unsafe {
        (
            In::new(oauthsig_fw_str {
                ptr: input,
                len: input_len,
            }),
            OutBuf::new(buf, cap, out_len),
        )
    };
    encode::percent_encode(input, out)
}

/// A static, NUL-terminated description of a result code (`"unknown result
/// code"` for a value that is none). Never NULL.
#[unsafe(no_mangle)]
pub extern "C" fn oauthsig_fw_result_str(code: u32) -> *const c_char {
    result::message_for(code).as_ptr().cast()
}

/// A string input (an `oauthsig_fw_str`).
///
/// Invariant, from the contract of the entry point that made it: `ptr` is
/// NULL, or points to `len` bytes that stay readable and unmodified for
/// `'a`.
#[derive(Clone, Copy)]
pub(crate) struct In<'a> {
    ptr: *const u8,
    len: usize,
    borrow: PhantomData<&'a [u8]>,
}

impl<'a> In<'a> {
    /// # Safety
    /// The invariant of [`In`].
    unsafe fn new(s: oauthsig_fw_str) -> Self {
        In {
            ptr: s.ptr,
            len: s.len,
            borrow: PhantomData,
        }
    }

    /// The bytes; `(NULL, 0)` is empty, `(NULL, n)` refused.
    pub(crate) fn bytes(self) -> Result<&'a [u8], Failure> {
        if self.ptr.is_null() {
            return if self.len == 0 {
                Ok(&[])
            } else {
                Err(oauthsig_fw_result::OAUTHSIG_FW_NULL_ARGUMENT.into())
            };
        }
        if self.len > isize::MAX as usize {
            return Err(oauthsig_fw_result::OAUTHSIG_FW_INVALID_ARGUMENT.into());
        }
        // SAFETY: non-null, and `len` (at most isize::MAX) bytes readable
        // for 'a by the invariant.
        Ok(unsafe { core::slice::from_raw_parts(self.ptr, self.len) })
    }

    /// The text: as [`In::bytes`], and `OAUTHSIG_FW_INVALID_UTF8` unless
    /// UTF-8.
    pub(crate) fn text(self) -> Result<&'a str, Failure> {
        core::str::from_utf8(self.bytes()?)
            .map_err(|_| oauthsig_fw_result::OAUTHSIG_FW_INVALID_UTF8.into())
    }

    /// An optional text: `(NULL, 0)` is absent (not empty).
    pub(crate) fn opt_text(self) -> Result<Option<&'a str>, Failure> {
        if self.ptr.is_null() && self.len == 0 {
            return Ok(None);
        }
        self.text().map(Some)
    }
}

/// The strings of an `oauthsig_fw_request`, as views.
pub(crate) struct RequestView<'a> {
    pub(crate) method: In<'a>,
    pub(crate) url: In<'a>,
    pub(crate) form_body: In<'a>,
    pub(crate) consumer_key: In<'a>,
    pub(crate) consumer_secret: In<'a>,
    pub(crate) token: In<'a>,
    pub(crate) token_secret: In<'a>,
    pub(crate) timestamp: In<'a>,
    pub(crate) nonce: In<'a>,
    pub(crate) realm: In<'a>,
    pub(crate) callback: In<'a>,
    pub(crate) verifier: In<'a>,
    pub(crate) include_version: u8,
    pub(crate) allow_plaintext_over_http: u8,
}

impl<'a> RequestView<'a> {
    /// Every string, in the struct's order.
    pub(crate) fn inputs(&self) -> [In<'a>; 12] {
        [
            self.method,
            self.url,
            self.form_body,
            self.consumer_key,
            self.consumer_secret,
            self.token,
            self.token_secret,
            self.timestamp,
            self.nonce,
            self.realm,
            self.callback,
            self.verifier,
        ]
    }

    /// # Safety
    /// Every string of `r` follows [`In`]'s invariant for `'a`.
    unsafe fn new(r: &'a oauthsig_fw_request) -> Self {
        // SAFETY: the caller's guarantee, for each string.
        unsafe {
            RequestView {
                method: In::new(r.method),
                url: In::new(r.url),
                form_body: In::new(r.form_body),
                consumer_key: In::new(r.consumer_key),
                consumer_secret: In::new(r.consumer_secret),
                token: In::new(r.token),
                token_secret: In::new(r.token_secret),
                timestamp: In::new(r.timestamp),
                nonce: In::new(r.nonce),
                realm: In::new(r.realm),
                callback: In::new(r.callback),
                verifier: In::new(r.verifier),
                include_version: r.include_version,
                allow_plaintext_over_http: r.allow_plaintext_over_http,
            }
        }
    }
}

/// The strings of an `oauthsig_fw_incoming`, as views.
pub(crate) struct IncomingView<'a> {
    pub(crate) method: In<'a>,
    pub(crate) url: In<'a>,
    pub(crate) authorization: In<'a>,
    pub(crate) content_type: In<'a>,
    pub(crate) body: In<'a>,
    pub(crate) consumer_secret: In<'a>,
    pub(crate) token_secret: In<'a>,
    pub(crate) realm: In<'a>,
}

impl<'a> IncomingView<'a> {
    /// # Safety
    /// Every string of `i` follows [`In`]'s invariant for `'a`.
    unsafe fn new(i: &'a oauthsig_fw_incoming) -> Self {
        // SAFETY: the caller's guarantee, for each string.
        unsafe {
            IncomingView {
                method: In::new(i.method),
                url: In::new(i.url),
                authorization: In::new(i.authorization),
                content_type: In::new(i.content_type),
                body: In::new(i.body),
                consumer_secret: In::new(i.consumer_secret),
                token_secret: In::new(i.token_secret),
                realm: In::new(i.realm),
            }
        }
    }
}

/// A `(buf, cap, out_len)` output, written per the buffer convention.
///
/// Invariant, from the contract of the entry point that made it: `buf` is
/// NULL or valid for writing `cap` bytes, `out_len` NULL or valid for
/// writing one `size_t`, for `'a`; they do not overlap each other nor any
/// input.
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

    /// Runs `write` over the buffer but its last byte (the NUL's room) and
    /// keeps the convention: on `Ok(len)` the output is NUL-terminated and
    /// `*out_len` is `len`; on [`Failure::TooSmall`] `*out_len` is the size
    /// needed; on any failure `buf[0]` is NUL (when `cap > 0`), so a caller
    /// that prints the buffer without checking prints nothing stale. The
    /// output arguments themselves are refused first (NULL `out_len`, NULL
    /// `buf` with `cap > 0`), writing nothing.
    ///
    /// `inputs` are the call's strings, which `write` reads while it writes:
    /// one sharing a byte with the buffer or `*out_len` is refused with
    /// `OAUTHSIG_FW_INVALID_ARGUMENT` before any slice is made (it would be
    /// overwritten while read, and its slice would alias the output's).
    pub(crate) fn fill(
        self,
        inputs: &[In<'_>],
        write: impl FnOnce(&mut [u8]) -> Result<usize, Failure>,
    ) -> oauthsig_fw_result {
        if self.out_len.is_null() || (self.buf.is_null() && self.cap > 0) {
            return oauthsig_fw_result::OAUTHSIG_FW_NULL_ARGUMENT;
        }
        if self.cap > isize::MAX as usize {
            return oauthsig_fw_result::OAUTHSIG_FW_INVALID_ARGUMENT;
        }
        if self.overlaps(inputs) {
            if !self.buf.is_null() && self.cap > 0 {
                // SAFETY: cap > 0, so buf[0] is writable by the invariant;
                // no input is read any more.
                unsafe { self.buf.write(0) };
            }
            return oauthsig_fw_result::OAUTHSIG_FW_INVALID_ARGUMENT;
        }
        let all: &mut [u8] = if self.buf.is_null() {
            &mut []
        } else {
            // SAFETY: non-null, so `cap` (at most isize::MAX) bytes are
            // writable for the borrow by the invariant, and nothing else
            // refers to them meanwhile.
            unsafe { core::slice::from_raw_parts_mut(self.buf, self.cap) }
        };
        let room = self.cap.saturating_sub(1);
        let result = match all.get_mut(..room) {
            Some(text) => write(text),
            None => write(&mut []),
        };
        let result = match result {
            Ok(len) => match all.get_mut(len) {
                Some(nul) => {
                    *nul = 0;
                    self.put_len(len);
                    Ok(())
                }
                // Only `cap == 0`, for an empty output.
                None => Err(Failure::TooSmall { needed: len }),
            },
            Err(e) => Err(e),
        };
        if let Err(e) = result {
            if let Failure::TooSmall { needed } = e {
                self.put_len(needed);
            }
            if let Some(first) = all.first_mut() {
                *first = 0;
            }
        }
        result::code(result)
    }

    /// Whether `*out_len` lies in the buffer, or an input in either.
    /// Addresses are compared as integers: no pointer is made.
    fn overlaps(&self, inputs: &[In<'_>]) -> bool {
        let buf = (
            self.buf as usize,
            if self.buf.is_null() { 0 } else { self.cap },
        );
        let out_len = (self.out_len as usize, core::mem::size_of::<usize>());
        let shared = |(a, a_len): (usize, usize), (b, b_len): (usize, usize)| {
            a_len > 0 && b_len > 0 && a < b.saturating_add(b_len) && b < a.saturating_add(a_len)
        };
        shared(buf, out_len)
            || inputs.iter().any(|i| {
                let bytes = (i.ptr as usize, if i.ptr.is_null() { 0 } else { i.len });
                shared(bytes, buf) || shared(bytes, out_len)
            })
    }

    fn put_len(&self, len: usize) {
        // SAFETY: `fill` checked it is non-null: writable by the invariant.
        unsafe { self.out_len.write(len) }
    }
}

/// The optional `oauthsig_fw_check *check` of `oauthsig_fw_verify`.
///
/// Invariant: `ptr` is NULL or writable for `'a`.
pub(crate) struct CheckOut<'a> {
    ptr: *mut oauthsig_fw_check,
    borrow: PhantomData<&'a mut oauthsig_fw_check>,
}

impl CheckOut<'_> {
    /// # Safety
    /// The invariant of [`CheckOut`].
    unsafe fn new(ptr: *mut oauthsig_fw_check) -> Self {
        CheckOut {
            ptr,
            borrow: PhantomData,
        }
    }

    /// Stores `check` (nothing when C passed NULL).
    pub(crate) fn put(self, check: oauthsig_fw_check) {
        if !self.ptr.is_null() {
            // SAFETY: non-null, so writable by the invariant; written, not
            // assigned, as C's memory need not hold a valid value yet.
            unsafe { self.ptr.write(check) }
        }
    }
}

/// C's random source: its callback and context.
///
/// Invariant: `fill`, called with `ctx` and a writable `(buf, len)`, writes
/// at most `len` bytes at `buf` and nothing else Rust owns, and keeps no
/// pointer to `buf`, for `'a`.
pub(crate) struct Fill<'a> {
    fill: unsafe extern "C" fn(ctx: *mut c_void, buf: *mut u8, len: usize) -> c_int,
    ctx: *mut c_void,
    borrow: PhantomData<&'a mut c_void>,
}

impl Fill<'_> {
    /// `None` for a NULL callback.
    ///
    /// # Safety
    /// The invariant of [`Fill`].
    unsafe fn new(fill: oauthsig_fw_fill, ctx: *mut c_void) -> Option<Self> {
        fill.map(|fill| Fill {
            fill,
            ctx,
            borrow: PhantomData,
        })
    }

    /// Fills `dst` from the source; `false` when it reported a failure.
    pub(crate) fn fill(&mut self, dst: &mut [u8]) -> bool {
        // SAFETY: `dst` is writable for `dst.len()` bytes and the callback
        // writes no more and keeps no pointer to it, by the invariant.
        unsafe { (self.fill)(self.ctx, dst.as_mut_ptr(), dst.len()) == 0 }
    }
}

/// No panic may be reachable on the firmware target: a panic calls a
/// function that exists nowhere, so a firmware linked with `--gc-sections`
/// fails to link if any panic path survived the optimizer in the code it
/// uses (firmware/c/run.sh's check). On the host, std's handler is used
/// (see the crate docs).
#[cfg(target_os = "none")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    unsafe extern "C" {
        fn oauthsig_fw_panic_is_reachable() -> !;
    }
    // SAFETY: never runs: the symbol is undefined, so a link that keeps
    // this call fails.
    unsafe { oauthsig_fw_panic_is_reachable() }
}
