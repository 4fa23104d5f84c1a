//! One-shot signing for C callers that sign many requests: borrowed inputs,
//! a prepared key, the header written straight into the caller's buffer.
//! No heap allocation on this path (the protocol work is oauthsig-core's,
//! over a stack parameter array).

use crate::boundary::{self, boundary, handle};
use crate::request::oauthsig_signing_key;
use crate::result::{Failure, oauthsig_result};
use oauthsig_core::{
    AuthorizationHeader, BaseString, BaseStringUri, ParamArray, Protocol, SignatureMethod, Source,
};
use std::ffi::c_char;

/// A borrowed string: `ptr` to `len` bytes of UTF-8, not necessarily
/// NUL-terminated. `{NULL, 0}` means "absent" where a field allows it.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oauthsig_str {
    /// The bytes (may be NULL when `len` is 0).
    pub ptr: *const u8,
    /// The length in bytes.
    pub len: usize,
}

/// The parts of a request for `oauthsig_sign_header`. Fields marked
/// optional are absent when `ptr` is NULL.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oauthsig_sign_input {
    /// The HTTP method.
    pub method: oauthsig_str,
    /// The absolute request URL (its query parameters are signed).
    pub url: oauthsig_str,
    /// Optional: a form-encoded (`application/x-www-form-urlencoded`) body,
    /// whose parameters are signed. Leave absent for other bodies.
    pub form_body: oauthsig_str,
    /// `oauth_consumer_key`.
    pub consumer_key: oauthsig_str,
    /// Optional: `oauth_token`.
    pub token: oauthsig_str,
    /// Optional: `oauth_timestamp`; absent means "now".
    pub timestamp: oauthsig_str,
    /// Optional: `oauth_nonce`; absent means a fresh 30-character CSPRNG
    /// nonce.
    pub nonce: oauthsig_str,
    /// Optional: `oauth_callback`.
    pub callback: oauthsig_str,
    /// Optional: `oauth_verifier`.
    pub verifier: oauthsig_str,
    /// Optional: the realm written first in the header (never signed).
    pub realm: oauthsig_str,
    /// Whether to send `oauth_version="1.0"` (optional in RFC 5849).
    pub include_version: bool,
}

/// The most parameters (query + body + protocol) the one-shot path holds;
/// more is `OAUTHSIG_INVALID_ARGUMENT` (use an `oauthsig_request` instead).
const MAX_PARAMS: usize = 64;

/// # Safety
/// As `boundary::opt_text`.
unsafe fn field<'a>(s: oauthsig_str, what: &str) -> Result<Option<&'a str>, Failure> {
    // SAFETY: forwarded contract.
    unsafe { boundary::opt_text(s.ptr, s.len, what) }
}

/// # Safety
/// As `boundary::text`.
unsafe fn required<'a>(s: oauthsig_str, what: &str) -> Result<&'a str, Failure> {
    // SAFETY: forwarded contract.
    unsafe { boundary::text(s.ptr, s.len, what) }
}

/// The size to answer "too small" with when the output holds a signature
/// made with a fresh nonce or timestamp: the retry signs anew, and its HMAC
/// signature's percent-encoded length differs from this one's by its `+` and
/// `/` (three bytes each). Each base64 letter or digit of `signature` could
/// have been one of them (the `=` padding is fixed by the digest size), so
/// `len` grows by two bytes per letter or digit. Answering `len` itself would
/// break the buffer convention's promise that a retry with `*out_len + 1`
/// bytes fits (it did, about two times in three).
pub(crate) fn size_for_any_signature(len: usize, signature: &str) -> usize {
    len + 2 * signature.bytes().filter(u8::is_ascii_alphanumeric).count()
}

/// Decimal digits of `n` into `buf`.
fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &str {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[i..]).unwrap_or("0")
}

/// Signs a request described by `input` with the prepared `key` (whose
/// method is the signature method) and writes its `Authorization` header
/// value (`OAuth realm="..", oauth_...="..", oauth_signature=".."`) into
/// `(buf, cap)` per the output-buffer convention. Thread-safe with a shared
/// key. Allocates nothing.
///
/// Without a pinned `nonce` and `timestamp` every call signs anew, so an
/// HMAC signature, and with it the output's length, differs from call to
/// call: `OAUTHSIG_BUFFER_TOO_SMALL` then stores in `*out_len` the most any
/// call can need, and the call that fits stores its own length.
///
/// # Safety
/// `key` live; `input` points to a valid `oauthsig_sign_input` whose
/// strings follow the (ptr, len) convention; output per the buffer
/// convention.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_sign_header(
    key: *const oauthsig_signing_key,
    input: *const oauthsig_sign_input,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: live handle and readable input per the contract.
        let (key, input) = unsafe { (&handle(key, "key")?.inner, handle(input, "input")?) };
        // SAFETY: each field follows the (ptr, len) convention.
        let (
            method,
            url,
            form_body,
            consumer_key,
            token,
            timestamp,
            nonce,
            callback,
            verifier,
            realm,
        ) = unsafe {
            (
                required(input.method, "method")?,
                required(input.url, "url")?,
                field(input.form_body, "form_body")?,
                required(input.consumer_key, "consumer_key")?,
                field(input.token, "token")?,
                field(input.timestamp, "timestamp")?,
                field(input.nonce, "nonce")?,
                field(input.callback, "callback")?,
                field(input.verifier, "verifier")?,
                field(input.realm, "realm")?,
            )
        };
        // A generated nonce or timestamp makes every call's signature new.
        let fresh = nonce.is_none() || timestamp.is_none();
        let mut ts_buf = [0u8; 20];
        let timestamp = match timestamp {
            Some(t) => t,
            None => decimal(oauthsig::generate_timestamp()?, &mut ts_buf),
        };
        let mut nonce_buf = [0u8; oauthsig::NONCE_LEN];
        let nonce = match nonce {
            Some(n) => n,
            None => oauthsig::fill_nonce(&mut nonce_buf)?,
        };
        let mut protocol = Protocol::new(consumer_key, key.method())
            .timestamp(timestamp)
            .nonce(nonce);
        if let Some(t) = token {
            protocol = protocol.token(t);
        }
        if input.include_version {
            protocol = protocol.version("1.0");
        }
        if let Some(c) = callback {
            protocol = protocol.callback(c);
        }
        if let Some(v) = verifier {
            protocol = protocol.verifier(v);
        }
        let uri = BaseStringUri::parse(url)?;
        let mut params = ParamArray::<MAX_PARAMS>::array();
        params.extend_query(url)?;
        if let Some(body) = form_body {
            params.extend_form(body, Source::Body)?;
        }
        params.extend_protocol(&protocol)?;
        params.sort();
        let signature = key.sign(&BaseString::new(method, &uri, params.as_slice())?);
        let header = AuthorizationHeader::new(realm, params.as_slice(), Some(signature.as_str()))?;
        // One pass straight into the caller's buffer; the sink counts the
        // exact length when it does not fit.
        // SAFETY: output buffer per the contract.
        let written = unsafe {
            boundary::write_out_streaming(buf.cast(), cap, out_len, |sink| {
                header.write_to(sink);
                Ok(())
            })
        };
        match written {
            Err(f)
                if f.code == oauthsig_result::OAUTHSIG_BUFFER_TOO_SMALL
                    && fresh
                    && key.method() != SignatureMethod::Plaintext =>
            {
                // The retry signs anew: answer the most any signature needs.
                let needed = size_for_any_signature(header.len(), signature.as_str());
                // SAFETY: write_out_streaming has checked out_len is writable.
                unsafe { boundary::put(out_len, needed, "out_len") }?;
                Err(Failure::too_small(needed))
            }
            other => other,
        }
    })
}
