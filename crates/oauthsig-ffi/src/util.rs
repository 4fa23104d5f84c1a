//! Nonces, verifiers and timestamps from the operating system's CSPRNG and
//! clock, the XOAUTH string, and the `WWW-Authenticate` challenge.

use crate::boundary::{
    boundary, handle, opt_text, scalar_out, string_out, text, write_out, write_out_with,
};
use crate::credentials::{oauthsig_consumer, oauthsig_token};
use crate::oneshot::size_for_any_signature;
use crate::result::{Failure, oauthsig_result};
use std::ffi::c_char;

/// The longest nonce or verifier the generators make.
const MAX_RANDOM_LEN: usize = 1024;

fn random_len(len: usize) -> Result<usize, Failure> {
    match len {
        0 => Ok(oauthsig::NONCE_LEN),
        1..=MAX_RANDOM_LEN => Ok(len),
        _ => Err(Failure::invalid("len", "at most 1024 characters")),
    }
}

/// Writes a nonce of `len` alphanumeric characters from the operating
/// system's CSPRNG (`len == 0` gives the default, 30 characters ≈ 178
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
    // SAFETY: output buffer per the contract.
    unsafe {
        string_out(buf, cap, out_len, || {
            Ok(oauthsig::generate_nonce(random_len(len)?)?)
        })
    }
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
    // SAFETY: output buffer per the contract.
    unsafe {
        string_out(buf, cap, out_len, || {
            Ok(oauthsig::generate_verifier(random_len(len)?)?)
        })
    }
}

/// Stores the current time in seconds since the Unix epoch in `*out`.
///
/// # Safety
/// `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_generate_timestamp(out: *mut u64) -> oauthsig_result {
    // SAFETY: out writable per the contract.
    unsafe { scalar_out(out, "out", || Ok(oauthsig::generate_timestamp()?)) }
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
        // SAFETY: handles and (ptr, len) per the contract.
        let (u, c, t) = unsafe {
            (
                text(url, url_len, "url")?,
                handle(consumer, "consumer")?,
                token.as_ref(),
            )
        };
        // `build_xoauth_string` spelled out, for the signature's sizing below.
        let t = t.map(|t| &t.inner);
        let request = oauthsig::xoauth_request(u, &c.inner, t)?.sign(
            oauthsig::SignatureMethod::HmacSha1,
            &c.inner,
            t,
        )?;
        let s = oauthsig::xoauth_string(&request)?;
        if cap <= s.len() {
            let signature = request.signature().unwrap_or_default();
            let needed = size_for_any_signature(s.len(), signature);
            // SAFETY: output buffer per the contract; as cap <= needed, only
            // the too-small answer (and at most a NUL) is written.
            return unsafe { write_out_with(buf.cast(), cap, out_len, needed, |_| {}) };
        }
        // SAFETY: output buffer per the contract.
        unsafe { write_out(buf.cast(), cap, out_len, s.as_bytes()) }
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
    // SAFETY: `realm` per the (ptr, len) convention and output buffer per the
    // contract.
    unsafe {
        string_out(buf, cap, out_len, || {
            let realm = opt_text(realm, realm_len, "realm")?.unwrap_or("");
            Ok(oauthsig::build_authenticate_header(realm)?.1)
        })
    }
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
    // SAFETY: `input` per the (ptr, len) convention and output buffer per the
    // contract.
    unsafe {
        string_out(buf, cap, out_len, || {
            Ok(oauthsig::encode(text(input, input_len, "input")?).to_string())
        })
    }
}
