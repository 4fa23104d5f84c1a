//! Every `unsafe` operation of the C ABI lives here: turning C pointers and
//! lengths into Rust references, writing caller buffers, owning handles, and
//! the panic boundary every exported function runs inside.
//!
//! The rest of the crate sees only safe helpers, so each entry point reads as
//! "check inputs, call oauthsig, write outputs".

use crate::result::{Failure, oauthsig_result};
use std::cell::RefCell;
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

/// Takes ownership back from C and drops it; NULL is a no-op.
///
/// # Safety
/// Unless NULL, `ptr` must come from [`into_handle`] for the same `T` and not
/// have been freed already.
pub(crate) unsafe fn free_handle<T>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: the caller guarantees this Box came from into_handle::<T>.
        drop(unsafe { Box::from_raw(ptr) });
    }
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
    if out_len.is_null() {
        return Err(Failure::null("out_len"));
    }
    // SAFETY: non-null and writable per the caller's contract.
    unsafe { out_len.write(data.len()) };
    if buf.is_null() {
        return if cap == 0 {
            Err(Failure::too_small(data.len()))
        } else {
            Err(Failure::null("buf"))
        };
    }
    if cap <= data.len() {
        if cap > 0 {
            // SAFETY: cap > 0 so buf[0] is writable.
            unsafe { buf.write(0) };
        }
        return Err(Failure::too_small(data.len()));
    }
    // SAFETY: buf has cap > data.len() writable bytes; the regions cannot
    // overlap because `data` is memory this library owns.
    unsafe {
        std::ptr::copy_nonoverlapping(data.as_ptr(), buf, data.len());
        buf.add(data.len()).write(0);
    }
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
