//! The C ABI of oauthsig for firmware: `liboauthsig_fw.a`, a static library
//! with no std, no allocator and no reachable panic, and its generated
//! header `include/oauthsig_fw.h`.
//!
//! Four calls over oauthsig-core's engine, each one call into core:
//!
//! | C function | core |
//! |---|---|
//! | `oauthsig_fw_sign`: a request (method, URL, optional form body, protocol values, secrets) signed into a caller buffer, as the `Authorization` header, the URL or the form body | `SigningKey::new`, `sign::sign_to_slice` |
//! | `oauthsig_fw_verify`: every state-free check of an incoming request, a result code and the check that failed | `verify::verify` |
//! | `oauthsig_fw_nonce`: a nonce from the caller's random source, a C callback | `nonce::fill_nonce` |
//! | `oauthsig_fw_timestamp`, `oauthsig_fw_percent_encode` | `nonce::timestamp`, `encode::encode` |
//!
//! No OAuth rule is written here: this crate reads C's arguments, picks the
//! method and placement from their codes, and keeps the buffer convention
//! of `include/oauthsig.h`. The key is prepared inside each call (two
//! compression-function calls for HMAC): a prepared key kept in C-owned
//! storage would be a Rust value C can overwrite, which no check could make
//! safe to use again.
//!
//! # Why a crate of its own, not a feature of oauthsig-ffi
//!
//! oauthsig-ffi is the C ABI of the std crate: opaque handles on the heap, a
//! thread-local last-error message, nonces and timestamps from the
//! operating system, a `catch_unwind` boundary on every entry point, and a
//! cdylib. A feature could not remove any of that: the crate depends on
//! `oauthsig` (std), and `catch_unwind` does not exist without std. A
//! firmware needs the opposite at every point: no heap, no thread-locals,
//! the random source and the clock from the caller, a static library, and
//! no panic at all rather than a caught one, since a bare-metal target
//! aborts on panic (there is no unwinder) and there is nothing to catch.
//! Hence this small no_std crate over oauthsig-core alone, with its own
//! header; its result codes, method and placement values are those of
//! `include/oauthsig.h` for the same meaning (tests/header.rs holds them
//! equal), so code that knows one knows the other.
//!
//! # No panic, checked when linking
//!
//! On a target without an operating system the crate brings its panic
//! handler, which calls `oauthsig_fw_panic_is_reachable`, a function
//! defined nowhere. The static library is built with LTO, which drops the
//! handler when no exported function can reach a panic; firmware/c/run.sh
//! fails when the library still references the symbol, and a firmware that
//! links the library with `--gc-sections` fails to link on it if a panic
//! path survived in the code it uses (the check scripts/firmware makes
//! on the Rust firmware).
//!
//! # In the workspace, built on the host too
//!
//! The crate is a workspace member so that fmt, clippy, the tests and the
//! header freshness check run with everything else. On the host (tests,
//! the workspace build) the staticlib links std only for its panic
//! runtime: no code here uses std, and the firmware target, which has no
//! std, builds every item. The firmware build itself (release, opt-level
//! `s`, LTO, `thumbv7m-none-eabi`) is firmware/c/run.sh's, with the
//! profile in its environment. The library is only a staticlib, not also
//! an rlib, as cargo applies no LTO to a library that is both; so the
//! tests that call the ABI from Rust are unit tests (`src/tests.rs`).
//!
//! # Unsafe code
//!
//! Only in `src/boundary.rs`: the exported functions, the views that turn
//! C's pointers into slices under each function's contract, the call
//! through C's random-source callback and the panic handler, each `unsafe`
//! with its `// SAFETY:` line (and in the unit tests, which call the ABI as
//! C does). Everything else is safe Rust, and the compiler holds it so: the
//! crate denies `unsafe_code` (which also covers `#[unsafe(no_mangle)]`)
//! and allows it in those two modules only.
#![no_std]
#![deny(unsafe_code)]
#![allow(non_camel_case_types)]

// The host's staticlib needs a panic runtime (see the crate docs).
#[cfg(not(target_os = "none"))]
extern crate std;

#[allow(unsafe_code)]
mod boundary;
mod encode;
mod nonce;
mod result;
mod sign;
// Over the RFC 5849 example, which is signed with HMAC-SHA1.
#[cfg(all(test, feature = "hmac-sha1"))]
#[allow(unsafe_code)]
mod tests;
mod verify;

pub use boundary::*;
pub use nonce::OAUTHSIG_FW_NONCE_LEN;
pub use result::oauthsig_fw_result;
pub use sign::{oauthsig_fw_placement, oauthsig_fw_request, oauthsig_fw_signature_method};
pub use verify::{oauthsig_fw_check, oauthsig_fw_incoming};

/// A borrowed string of bytes: `ptr` to `len` bytes, not necessarily
/// NUL-terminated. `{NULL, 0}` is "absent" where a field is optional and
/// the empty string elsewhere; `NULL` with a non-zero `len` is
/// `OAUTHSIG_FW_NULL_ARGUMENT`. Text fields must be UTF-8.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oauthsig_fw_str {
    /// The bytes (may be NULL when `len` is 0).
    pub ptr: *const u8,
    /// The length in bytes.
    pub len: usize,
}
