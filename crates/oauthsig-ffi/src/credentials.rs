//! Consumer and token handles (client credentials and token credentials,
//! RFC 5849 §1.1), including the credentials-response string form.

use crate::boundary::{
    boundary, free_handle, handle, handle_mut, handle_out, opt_text, scalar_out,
    string_from_handle, text,
};
use crate::result::{Failure, InvalidValue, enum_arg, oauthsig_result};
use oauthsig::{Consumer, Token};
use std::ffi::c_char;

/// Client credentials: a consumer key and secret. Immutable after creation;
/// safe to share between threads. Create with `oauthsig_consumer_new`,
/// destroy with `oauthsig_consumer_free`.
pub struct oauthsig_consumer {
    pub(crate) inner: Consumer,
}

/// Token credentials (temporary or access): key, secret, and the optional
/// callback, callback-confirmed flag and verifier. Not thread-safe to mutate.
/// Create with `oauthsig_token_new` or `oauthsig_token_parse`, destroy with
/// `oauthsig_token_free`. The secret is wiped from memory when freed.
pub struct oauthsig_token {
    pub(crate) inner: Token,
}

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
    // SAFETY: (ptr, len) pairs and a writable `out` per the header's contract.
    unsafe {
        handle_out(out, || {
            let (key, secret) = (
                text(key, key_len, "key")?,
                text(secret, secret_len, "secret")?,
            );
            Ok(oauthsig_consumer {
                inner: Consumer::new(key, secret),
            })
        })
    }
}

/// Destroys client credentials (wiping the secret). NULL is a no-op.
///
/// # Safety
/// `consumer` must be NULL or a live handle from `oauthsig_consumer_new`;
/// it must not be used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_consumer_free(consumer: *mut oauthsig_consumer) {
    // SAFETY: forwarded contract.
    unsafe { free_handle(consumer) }
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
    // SAFETY: (ptr, len) pairs and a writable `out` per the header's contract.
    unsafe {
        handle_out(out, || {
            let (key, secret) = (
                text(key, key_len, "key")?,
                text(secret, secret_len, "secret")?,
            );
            Ok(oauthsig_token {
                inner: Token::new(key, secret),
            })
        })
    }
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
    // SAFETY: (ptr, len) and a writable `out` per the header's contract.
    unsafe {
        handle_out(out, || {
            let inner = text(response, response_len, "response")?.parse()?;
            Ok(oauthsig_token { inner })
        })
    }
}

/// Destroys a token (wiping the secret). NULL is a no-op.
///
/// # Safety
/// `token` must be NULL or a live token handle; not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_token_free(token: *mut oauthsig_token) {
    // SAFETY: forwarded contract.
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
    // SAFETY: live handle and output buffer per the contract.
    unsafe {
        string_from_handle(token, "token", buf, cap, out_len, |t| {
            Ok(t.inner.to_string())
        })
    }
}

/// Which field of a token `oauthsig_token_get_field` reads.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oauthsig_token_field {
    /// `oauth_token`.
    OAUTHSIG_TOKEN_KEY = 1,
    /// `oauth_token_secret` (a secret: handle the output with care).
    OAUTHSIG_TOKEN_SECRET = 2,
    /// The callback URL set with `oauthsig_token_set_callback`.
    OAUTHSIG_TOKEN_CALLBACK = 3,
    /// The verifier.
    OAUTHSIG_TOKEN_VERIFIER = 4,
}

impl TryFrom<u32> for oauthsig_token_field {
    type Error = InvalidValue;

    fn try_from(value: u32) -> Result<Self, InvalidValue> {
        match value {
            1 => Ok(Self::OAUTHSIG_TOKEN_KEY),
            2 => Ok(Self::OAUTHSIG_TOKEN_SECRET),
            3 => Ok(Self::OAUTHSIG_TOKEN_CALLBACK),
            4 => Ok(Self::OAUTHSIG_TOKEN_VERIFIER),
            _ => Err(InvalidValue::new("oauthsig_token_field", value)),
        }
    }
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
    // SAFETY: live handle and output buffer per the contract.
    unsafe {
        string_from_handle(token, "token", buf, cap, out_len, |t| {
            token_field(&t.inner, enum_arg(field, "field")?)
        })
    }
}

fn token_field(t: &Token, field: oauthsig_token_field) -> Result<&str, Failure> {
    use oauthsig_token_field as F;
    let value = match field {
        F::OAUTHSIG_TOKEN_KEY => Some(t.key()),
        F::OAUTHSIG_TOKEN_SECRET => Some(t.secret()),
        F::OAUTHSIG_TOKEN_CALLBACK => t.callback(),
        F::OAUTHSIG_TOKEN_VERIFIER => t.verifier(),
    };
    value.ok_or_else(|| Failure::not_found("the token has no such field set"))
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
    // SAFETY: live handle, `name` per the (ptr, len) convention and output
    // buffer per the contract.
    unsafe {
        string_from_handle(token, "token", buf, cap, out_len, |t| {
            let name = text(name, name_len, "name")?;
            t.inner
                .get(name)
                .ok_or_else(|| Failure::not_found("no such field in the response"))
        })
    }
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
    // SAFETY: live handle and writable out per the contract.
    unsafe {
        scalar_out(out, "out", || {
            Ok(handle(token, "token")?.inner.callback_confirmed())
        })
    }
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
        // SAFETY: live, unaliased handle and (ptr, len) per the contract.
        let (t, cb) = unsafe {
            (
                handle_mut(token, "token")?,
                text(callback, callback_len, "callback")?,
            )
        };
        t.inner.set_callback(cb);
        Ok(())
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
        // SAFETY: live, unaliased handle and (ptr, len) per the contract.
        let (t, v) = unsafe {
            (
                handle_mut(token, "token")?,
                opt_text(verifier, verifier_len, "verifier")?,
            )
        };
        t.inner.set_verifier(v).map_err(Failure::from)
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
    // SAFETY: live handle and output buffer per the contract.
    unsafe {
        string_from_handle(token, "token", buf, cap, out_len, |t| {
            t.inner
                .callback_url()
                .ok_or_else(|| Failure::not_found("the token has no callback"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::result::check_c_enum;

    #[test]
    fn token_fields_come_from_c_only_as_declared() {
        use oauthsig_token_field as F;
        let all = [
            F::OAUTHSIG_TOKEN_KEY,
            F::OAUTHSIG_TOKEN_SECRET,
            F::OAUTHSIG_TOKEN_CALLBACK,
            F::OAUTHSIG_TOKEN_VERIFIER,
        ];
        check_c_enum(&all, |f| f as u32, &[0, 5, 77, u32::MAX]);
    }
}
