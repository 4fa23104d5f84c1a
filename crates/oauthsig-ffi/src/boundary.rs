//! Every `unsafe` operation of the C ABI lives here: turning C pointers and
//! lengths into Rust references, writing caller buffers, owning handles, and
//! the panic boundary every exported function runs inside.
//!
//! The rest of the crate sees only safe helpers, so each entry point reads as
//! "check inputs, call oauthsig, write outputs".

use crate::result::{Failure, oauthsig_result};
use std::cell::RefCell;
use std::ffi::c_char;
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    /// The detail of the last failure on this thread (C's `errno` model).
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

pub(crate) fn set_last_error(message: &str) {
    LAST_ERROR.with(|e| {
        let mut e = e.borrow_mut();
        e.clear();
        e.push_str(message);
    });
}

pub(crate) fn last_error() -> String {
    LAST_ERROR.with(|e| e.borrow().clone())
}

/// Runs an entry point's body: a failure sets the thread's last error and
/// becomes its code; a panic is caught (unwinding into C is undefined
/// behaviour) and reported as `OAUTHSIG_PANIC`.
pub(crate) fn boundary(body: impl FnOnce() -> Result<(), Failure>) -> oauthsig_result {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => oauthsig_result::OAUTHSIG_OK,
        Ok(Err(f)) => {
            set_last_error(&f.message);
            f.code
        }
        Err(_) => {
            set_last_error("internal error: a panic was caught at the C boundary");
            oauthsig_result::OAUTHSIG_PANIC
        }
    }
}

/// Like [`boundary`] for functions that return a value instead of a code
/// (`_free`, `_version`): a panic yields `fallback`.
pub(crate) fn boundary_value<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}

/// A `(ptr, len)` input as bytes; `(NULL, 0)` is empty.
///
/// # Safety
/// Unless `ptr` is NULL, it must point to `len` readable bytes that stay
/// valid and unmodified for `'a`.
pub(crate) unsafe fn bytes<'a>(
    ptr: *const u8,
    len: usize,
    what: &str,
) -> Result<&'a [u8], Failure> {
    if ptr.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(Failure::null(what))
        };
    }
    if len > isize::MAX as usize {
        return Err(Failure::invalid(what, "length exceeds isize::MAX"));
    }
    // SAFETY: non-null, and the caller guarantees `len` readable bytes for 'a;
    // the NULL check comes first (hyper once built the slice before it).
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// A `(ptr, len)` input as UTF-8 text; `(NULL, 0)` is `""`.
///
/// # Safety
/// As [`bytes`].
pub(crate) unsafe fn text<'a>(ptr: *const u8, len: usize, what: &str) -> Result<&'a str, Failure> {
    // SAFETY: forwarded contract.
    let b = unsafe { bytes(ptr, len, what) }?;
    std::str::from_utf8(b).map_err(|e| Failure::utf8(what, e.valid_up_to()))
}

/// An optional text input: NULL pointer means "absent" (not "empty").
///
/// # Safety
/// As [`bytes`].
pub(crate) unsafe fn opt_text<'a>(
    ptr: *const u8,
    len: usize,
    what: &str,
) -> Result<Option<&'a str>, Failure> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: forwarded contract.
    unsafe { text(ptr, len, what) }.map(Some)
}

/// Borrows a handle.
///
/// # Safety
/// Unless NULL, `ptr` must come from [`into_handle`] for the same `T` and not
/// have been freed.
pub(crate) unsafe fn handle<'a, T>(ptr: *const T, what: &str) -> Result<&'a T, Failure> {
    // SAFETY: the caller guarantees a live handle of type T or NULL.
    unsafe { ptr.as_ref() }.ok_or_else(|| Failure::null(what))
}

/// Borrows a handle mutably.
///
/// # Safety
/// As [`handle`], and no other reference to it may be live.
pub(crate) unsafe fn handle_mut<'a, T>(ptr: *mut T, what: &str) -> Result<&'a mut T, Failure> {
    // SAFETY: the caller guarantees a live, unaliased handle of type T or NULL.
    unsafe { ptr.as_mut() }.ok_or_else(|| Failure::null(what))
}

/// Gives ownership of `value` to C.
pub(crate) fn into_handle<T>(value: T) -> *mut T {
    Box::into_raw(Box::new(value))
}

/// Takes ownership back from C and drops it; NULL is a no-op. The whole body
/// of a `_free` entry point: a panic while dropping is caught, as C cannot
/// be told about it and must not be unwound into.
///
/// # Safety
/// Unless NULL, `ptr` must come from [`into_handle`] for the same `T` and not
/// have been freed already.
pub(crate) unsafe fn free_handle<T>(ptr: *mut T) {
    boundary_value((), || {
        if !ptr.is_null() {
            // SAFETY: the caller guarantees this Box came from into_handle::<T>.
            drop(unsafe { Box::from_raw(ptr) });
        }
    })
}

/// Stores a new handle through an out-pointer.
///
/// # Safety
/// Unless NULL, `out` must be valid for a pointer-sized write.
pub(crate) unsafe fn put_handle<T>(out: *mut *mut T, value: T, what: &str) -> Result<(), Failure> {
    if out.is_null() {
        return Err(Failure::null(what));
    }
    // SAFETY: non-null and writable per the caller's contract.
    unsafe { out.write(into_handle(value)) };
    Ok(())
}

/// Writes `data` into the caller buffer `(buf, cap)` with a NUL after it and
/// stores `data.len()` (without the NUL) in `*out_len`.
///
/// Too small (`cap < data.len() + 1`): nothing but a terminating NUL at
/// `buf[0]` (when `cap > 0`) is written, `*out_len` still gets the length,
/// and the result is `OAUTHSIG_BUFFER_TOO_SMALL`, so callers can size and
/// retry with `*out_len + 1` bytes. Never writes past `cap`.
///
/// # Safety
/// Unless NULL, `buf` must be valid for `cap` writable bytes and `out_len`
/// for one `usize` write.
pub(crate) unsafe fn write_out(
    buf: *mut u8,
    cap: usize,
    out_len: *mut usize,
    data: &[u8],
) -> Result<(), Failure> {
    // SAFETY: forwarded contract.
    unsafe {
        write_out_with(buf, cap, out_len, data.len(), |dst| {
            dst.copy_from_slice(data)
        })
    }
}

/// [`write_out`] for output of a known length produced straight into the
/// caller's buffer: `fill` receives exactly `len` bytes to write (and is not
/// called when they do not fit), so nothing is staged on the heap.
///
/// # Safety
/// As [`write_out`].
pub(crate) unsafe fn write_out_with(
    buf: *mut u8,
    cap: usize,
    out_len: *mut usize,
    len: usize,
    fill: impl FnOnce(&mut [u8]),
) -> Result<(), Failure> {
    if out_len.is_null() {
        return Err(Failure::null("out_len"));
    }
    // SAFETY: non-null and writable per the caller's contract.
    unsafe { out_len.write(len) };
    if buf.is_null() {
        return if cap == 0 {
            Err(Failure::too_small(len))
        } else {
            Err(Failure::null("buf"))
        };
    }
    if cap <= len {
        if cap > 0 {
            // SAFETY: cap > 0 so buf[0] is writable.
            unsafe { buf.write(0) };
        }
        return Err(Failure::too_small(len));
    }
    // SAFETY: buf has cap > len writable bytes per the caller's contract,
    // and no other reference to them exists during this call.
    let dst = unsafe { std::slice::from_raw_parts_mut(buf, len + 1) };
    fill(&mut dst[..len]);
    dst[len] = 0;
    Ok(())
}

/// The whole body of an entry point that answers with one string: `value`
/// runs inside the panic [`boundary`] and what it returns is written to the
/// caller's buffer per [`write_out`].
///
/// # Safety
/// As [`write_out`].
pub(crate) unsafe fn string_out<S: AsRef<[u8]>>(
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
    value: impl FnOnce() -> Result<S, Failure>,
) -> oauthsig_result {
    boundary(|| {
        let s = value()?;
        // SAFETY: forwarded contract.
        unsafe { write_out(buf.cast(), cap, out_len, s.as_ref()) }
    })
}

/// [`string_out`] for a string read from a handle: `value` gets the handle
/// behind `ptr`, borrowed inside the boundary (NULL fails as `what`), so the
/// string may borrow from it.
///
/// # Safety
/// `ptr` as [`handle`], live for `'a`; output as [`write_out`].
pub(crate) unsafe fn string_from_handle<'a, T: 'a, S: AsRef<[u8]>>(
    ptr: *const T,
    what: &str,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
    value: impl FnOnce(&'a T) -> Result<S, Failure>,
) -> oauthsig_result {
    let read = || {
        // SAFETY: forwarded contract.
        let h = unsafe { handle(ptr, what) }?;
        value(h)
    };
    // SAFETY: forwarded contract.
    unsafe { string_out(buf, cap, out_len, read) }
}

/// The whole body of an entry point that creates a handle: `make` runs
/// inside the panic [`boundary`] and what it returns is given to C through
/// `out`, which is left unchanged on failure.
///
/// # Safety
/// As [`put_handle`].
pub(crate) unsafe fn handle_out<T>(
    out: *mut *mut T,
    make: impl FnOnce() -> Result<T, Failure>,
) -> oauthsig_result {
    boundary(|| {
        let value = make()?;
        // SAFETY: forwarded contract.
        unsafe { put_handle(out, value, "out") }
    })
}

/// The whole body of an entry point that answers with one scalar: `value`
/// runs inside the panic [`boundary`] and what it returns is stored through
/// `out` (NULL fails as `what`).
///
/// # Safety
/// As [`put`].
pub(crate) unsafe fn scalar_out<T>(
    out: *mut T,
    what: &str,
    value: impl FnOnce() -> Result<T, Failure>,
) -> oauthsig_result {
    boundary(|| {
        let v = value()?;
        // SAFETY: forwarded contract.
        unsafe { put(out, v, what) }
    })
}

/// Streams output of unknown length straight into the caller's buffer:
/// `write` gets a sink over `buf[..cap - 1]` (room for the NUL) and may fail
/// with its own error. One pass: when the output does not fit, the sink has
/// counted the exact length, `*out_len` gets it, `buf[0]` becomes NUL (the
/// rest of the buffer is unspecified) and the result is
/// `OAUTHSIG_BUFFER_TOO_SMALL`.
///
/// # Safety
/// As [`write_out`].
pub(crate) unsafe fn write_out_streaming(
    buf: *mut u8,
    cap: usize,
    out_len: *mut usize,
    write: impl FnOnce(&mut oauthsig_core::sink::SliceSink<'_>) -> Result<(), Failure>,
) -> Result<(), Failure> {
    if out_len.is_null() {
        return Err(Failure::null("out_len"));
    }
    if buf.is_null() && cap > 0 {
        return Err(Failure::null("buf"));
    }
    let mut empty = [0u8; 0];
    let dst: &mut [u8] = if buf.is_null() {
        &mut empty
    } else {
        // SAFETY: buf has cap writable bytes per the caller's contract, and
        // no other reference to them exists during this call.
        unsafe { std::slice::from_raw_parts_mut(buf, cap) }
    };
    let room = cap.saturating_sub(1);
    let mut sink = oauthsig_core::sink::SliceSink::new(&mut dst[..room]);
    write(&mut sink)?;
    let len = sink.len();
    // SAFETY: non-null and writable per the caller's contract.
    unsafe { out_len.write(len) };
    if len > room || cap == 0 {
        if let Some(first) = dst.first_mut() {
            *first = 0;
        }
        return Err(Failure::too_small(len));
    }
    dst[len] = 0;
    Ok(())
}

/// Writes a scalar through an out-pointer.
///
/// # Safety
/// Unless NULL, `out` must be valid for one write of `T`.
pub(crate) unsafe fn put<T>(out: *mut T, value: T, what: &str) -> Result<(), Failure> {
    if out.is_null() {
        return Err(Failure::null(what));
    }
    // SAFETY: non-null and writable per the caller's contract.
    unsafe { out.write(value) };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_code_not_an_unwind() {
        let r = boundary(|| panic!("bug"));
        assert_eq!(r, oauthsig_result::OAUTHSIG_PANIC);
        assert!(last_error().contains("panic"));
        assert!(boundary_value(7, || panic!("bug")) == 7);
    }

    #[test]
    fn null_with_length_is_refused_before_any_slice_is_made() {
        // SAFETY: NULL is handled before from_raw_parts is reached.
        let r = unsafe { bytes(std::ptr::null(), 3, "x") };
        assert_eq!(
            r.map_err(|f| f.code),
            Err(oauthsig_result::OAUTHSIG_NULL_ARGUMENT)
        );
        // SAFETY: (NULL, 0) is the documented empty input.
        assert_eq!(unsafe { text(std::ptr::null(), 0, "x") }.ok(), Some(""));
    }

    #[test]
    fn outputs_never_pass_cap() {
        let mut buf = [b'x'; 4];
        let mut len = 0usize;
        // SAFETY: buf has 4 writable bytes; len is a live usize.
        let r = unsafe { write_out(buf.as_mut_ptr(), 4, &mut len, b"abcd") };
        assert_eq!(
            r.map_err(|f| f.code),
            Err(oauthsig_result::OAUTHSIG_BUFFER_TOO_SMALL)
        );
        assert_eq!((len, buf), (4, [0, b'x', b'x', b'x']));
        // SAFETY: as above.
        let r = unsafe { write_out(buf.as_mut_ptr(), 4, &mut len, b"abc") };
        assert!(r.is_ok());
        assert_eq!(&buf, b"abc\0");
    }
}
