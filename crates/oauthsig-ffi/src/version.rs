//! Library version and the per-thread error detail.

use crate::boundary::{self, boundary, write_out};
use crate::result::oauthsig_result;
use std::ffi::c_char;

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
    let message = boundary::last_error();
    let r = boundary(|| {
        // SAFETY: the header documents (buf, cap) and out_len as writable.
        unsafe { write_out(buf.cast(), cap, out_len, message.as_bytes()) }
    });
    // Reading the detail must not replace it, even when this call itself
    // fails (sizing with a NULL buffer, then copying, is the normal use).
    boundary::set_last_error(&message);
    r
}
