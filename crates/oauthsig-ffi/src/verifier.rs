//! The server side over C: a verifier handle (RFC 5849 §3.2 checks with
//! replay protection), a secrets-lookup callback, and the verified result.

use crate::boundary::{
    boundary, bytes, free_handle, handle, handle_mut, handle_out, opt_text, put, put_handle,
    scalar_out, string_from_handle, text, write_out,
};
use crate::request::{oauthsig_signature_method, oauthsig_signing_key};
use crate::result::{Failure, InvalidValue, enum_arg, oauthsig_result};
use oauthsig::{
    CredentialLookup, CredentialQuery, Credentials, IncomingRequest, LookupError, SignatureMethod,
    Verified, Verifier, VerifierBuilder, VerifyError,
};
use std::ffi::{c_char, c_void};
use std::time::Duration;

/// Collects options for a verifier. Not thread-safe. Create with
/// `oauthsig_verifier_builder_new`, finish with `oauthsig_verifier_build`,
/// destroy with `oauthsig_verifier_builder_free`.
pub struct oauthsig_verifier_builder {
    inner: Option<VerifierBuilder>,
}

/// A configured verifier with its in-memory nonce store. Thread-safe: one
/// verifier may serve concurrent requests. Destroy with
/// `oauthsig_verifier_free`.
pub struct oauthsig_verifier {
    inner: Verifier,
}

/// The outcome of a successful verification. Destroy with
/// `oauthsig_verified_free`.
pub struct oauthsig_verified {
    inner: Verified,
}

/// What a secrets lookup callback answers.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oauthsig_lookup_status {
    /// Found: the callback has called `oauthsig_lookup_answer_secrets` or
    /// `oauthsig_lookup_answer_key`.
    OAUTHSIG_LOOKUP_FOUND = 0,
    /// No such consumer key.
    OAUTHSIG_LOOKUP_UNKNOWN_CONSUMER = 1,
    /// The consumer exists but the token does not (or is not theirs).
    OAUTHSIG_LOOKUP_UNKNOWN_TOKEN = 2,
    /// The credential store failed (the request is refused with 503).
    OAUTHSIG_LOOKUP_UNAVAILABLE = 3,
}

impl TryFrom<u32> for oauthsig_lookup_status {
    type Error = InvalidValue;

    fn try_from(value: u32) -> Result<Self, InvalidValue> {
        match value {
            0 => Ok(Self::OAUTHSIG_LOOKUP_FOUND),
            1 => Ok(Self::OAUTHSIG_LOOKUP_UNKNOWN_CONSUMER),
            2 => Ok(Self::OAUTHSIG_LOOKUP_UNKNOWN_TOKEN),
            3 => Ok(Self::OAUTHSIG_LOOKUP_UNAVAILABLE),
            _ => Err(InvalidValue::new("oauthsig_lookup_status", value)),
        }
    }
}

/// What the verifier makes of a lookup callback's answer: a status the
/// callback made up fails closed, as the credential store being unavailable.
fn lookup_outcome(status: u32) -> Result<(), LookupError> {
    use oauthsig_lookup_status as S;
    match S::try_from(status) {
        Ok(S::OAUTHSIG_LOOKUP_FOUND) => Ok(()),
        Ok(S::OAUTHSIG_LOOKUP_UNKNOWN_CONSUMER) => Err(LookupError::UnknownConsumer),
        Ok(S::OAUTHSIG_LOOKUP_UNKNOWN_TOKEN) => Err(LookupError::UnknownToken),
        Ok(S::OAUTHSIG_LOOKUP_UNAVAILABLE) | Err(_) => Err(LookupError::Unavailable),
    }
}

/// Where a lookup callback puts the credentials it found. Valid only during
/// the callback.
pub struct oauthsig_lookup_answer {
    secrets: Option<(String, String)>,
    key: *const oauthsig_signing_key,
}

/// The secrets lookup: called once per verification with the request's
/// consumer key and token (`token == NULL`, `token_len == 0` when the
/// request has none). On success it fills `answer` and returns
/// `OAUTHSIG_LOOKUP_FOUND`. It must not call back into the verifier. Called
/// on the thread that called `oauthsig_verifier_verify`.
pub type oauthsig_secret_lookup = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        consumer_key: *const u8,
        consumer_key_len: usize,
        token: *const u8,
        token_len: usize,
        answer: *mut oauthsig_lookup_answer,
    ) -> u32,
>;

/// Starts verifier options. No signature method is allowed until one is
/// added with `oauthsig_verifier_builder_allow` (there is no default).
///
/// # Safety
/// `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_verifier_builder_new(
    out: *mut *mut oauthsig_verifier_builder,
) -> oauthsig_result {
    // SAFETY: out writable per the contract.
    unsafe {
        handle_out(out, || {
            let inner = Some(Verifier::builder());
            Ok(oauthsig_verifier_builder { inner })
        })
    }
}

/// Destroys a builder. NULL is a no-op.
///
/// # Safety
/// `builder` NULL or a live handle; not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_verifier_builder_free(builder: *mut oauthsig_verifier_builder) {
    // SAFETY: forwarded contract.
    unsafe { free_handle(builder) }
}

/// Applies one option to the builder.
fn configure(
    builder: *mut oauthsig_verifier_builder,
    step: impl FnOnce(VerifierBuilder) -> Result<VerifierBuilder, Failure>,
) -> Result<(), Failure> {
    // SAFETY: the exported wrappers pass their caller's live, unaliased
    // handle (or NULL, rejected here).
    let b = unsafe { handle_mut(builder, "builder") }?;
    let inner = b
        .inner
        .take()
        .ok_or_else(|| Failure::invalid("builder", "already used"))?;
    b.inner = Some(step(inner)?);
    Ok(())
}

/// Allows a signature method (`oauthsig_signature_method` value).
/// PLAINTEXT is still refused over plain http unless
/// `oauthsig_verifier_builder_allow_plaintext_over_http` is called.
///
/// # Safety
/// `builder` a live handle not used concurrently.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_verifier_builder_allow(
    builder: *mut oauthsig_verifier_builder,
    method: u32,
) -> oauthsig_result {
    boundary(|| {
        let m: SignatureMethod = enum_arg::<oauthsig_signature_method>(method, "method")?.into();
        configure(builder, |b| Ok(b.allow(m)))
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
    boundary(|| configure(builder, |b| Ok(b.allow_plaintext_over_http())))
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
        configure(builder, |b| {
            Ok(b.timestamp_window(Duration::from_secs(seconds)))
        })
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
        // SAFETY: (ptr, len) per the contract.
        let r = unsafe { text(realm, realm_len, "realm") }?.to_owned();
        configure(builder, |b| Ok(b.require_realm(r)))
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
        if out.is_null() {
            return Err(Failure::null("out"));
        }
        // SAFETY: live, unaliased handle per the contract.
        let b = unsafe { handle_mut(builder, "builder") }?;
        let inner = b
            .inner
            .take()
            .ok_or_else(|| Failure::invalid("builder", "already used"))?
            .build()
            .map_err(|e| Failure::invalid("verifier options", &e.to_string()))?;
        // SAFETY: out writable per the contract.
        unsafe { put_handle(out, oauthsig_verifier { inner }, "out") }
    })
}

/// Destroys a verifier and its nonce store. NULL is a no-op.
///
/// # Safety
/// `verifier` NULL or a live handle no other thread is using; not used
/// afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_verifier_free(verifier: *mut oauthsig_verifier) {
    // SAFETY: forwarded contract.
    unsafe { free_handle(verifier) }
}

/// Answers a lookup with the two secrets (copied; `token_secret` (NULL, 0)
/// when the request has no token).
///
/// # Safety
/// `answer` the pointer the callback received; (ptr, len) convention.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_lookup_answer_secrets(
    answer: *mut oauthsig_lookup_answer,
    consumer_secret: *const u8,
    consumer_secret_len: usize,
    token_secret: *const u8,
    token_secret_len: usize,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: live answer and (ptr, len) per the contract.
        let (a, cs, ts) = unsafe {
            (
                handle_mut(answer, "answer")?,
                text(consumer_secret, consumer_secret_len, "consumer_secret")?,
                text(token_secret, token_secret_len, "token_secret")?,
            )
        };
        a.secrets = Some((cs.to_owned(), ts.to_owned()));
        Ok(())
    })
}

/// Answers a lookup with a prepared key (for the request's signature
/// method), skipping the HMAC key schedule. The key must stay alive until
/// `oauthsig_verifier_verify` returns.
///
/// # Safety
/// `answer` the pointer the callback received; `key` live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_lookup_answer_key(
    answer: *mut oauthsig_lookup_answer,
    key: *const oauthsig_signing_key,
) -> oauthsig_result {
    boundary(|| {
        // SAFETY: live answer per the contract; the key is checked non-NULL.
        let a = unsafe { handle_mut(answer, "answer") }?;
        // SAFETY: live key per the contract.
        unsafe { handle(key, "key") }?;
        a.key = key;
        Ok(())
    })
}

/// Adapts the C callback to the verifier's lookup trait.
struct CLookup {
    callback: unsafe extern "C" fn(
        *mut c_void,
        *const u8,
        usize,
        *const u8,
        usize,
        *mut oauthsig_lookup_answer,
    ) -> u32,
    user_data: *mut c_void,
}

impl CredentialLookup for CLookup {
    fn credentials(&self, query: &CredentialQuery<'_>) -> Result<Credentials<'_>, LookupError> {
        let mut answer = oauthsig_lookup_answer {
            secrets: None,
            key: std::ptr::null(),
        };
        let ck = query.consumer_key();
        let (tp, tl) = query
            .token()
            .map_or((std::ptr::null(), 0), |t| (t.as_ptr(), t.len()));
        // SAFETY: the caller of oauthsig_verifier_verify supplied a valid
        // callback; every pointer passed lives for the duration of the call.
        let status =
            unsafe { (self.callback)(self.user_data, ck.as_ptr(), ck.len(), tp, tl, &mut answer) };
        lookup_outcome(status)?;
        if !answer.key.is_null() {
            // SAFETY: oauthsig_lookup_answer_key's contract keeps the key
            // alive until verify returns, which outlives this borrow.
            let key = unsafe { handle(answer.key, "key") }.map_err(|_| LookupError::Unavailable)?;
            return Ok(Credentials::prepared(&key.inner));
        }
        match answer.secrets {
            Some((cs, ts)) => Ok(Credentials::secrets(cs, ts)),
            // FOUND without an answer is a bug in the callback: fail closed.
            None => Err(LookupError::Unavailable),
        }
    }
}

fn verify_failure(e: &VerifyError) -> Failure {
    let code = match e.http_status() {
        400 => oauthsig_result::OAUTHSIG_VERIFY_BAD_REQUEST,
        401 => oauthsig_result::OAUTHSIG_VERIFY_UNAUTHORIZED,
        413 => oauthsig_result::OAUTHSIG_VERIFY_TOO_LARGE,
        _ => oauthsig_result::OAUTHSIG_VERIFY_UNAVAILABLE,
    };
    Failure::new(code, e.to_string())
}

/// Verifies an incoming request: the `Authorization` header (NULL = none),
/// the URL's query, and the body when `content_type` (NULL = none) is
/// `application/x-www-form-urlencoded`; `host` (NULL = from the URL) is the
/// `Host` header. Checks run in the documented order of the Rust
/// `oauthsig::verifier` module; the nonce is recorded only when every check
/// passes.
///
/// `*http_status` (if not NULL) always receives the status to answer: 200,
/// or 400 / 401 / 413 / 503 with the codes `OAUTHSIG_VERIFY_BAD_REQUEST`,
/// `OAUTHSIG_VERIFY_UNAUTHORIZED`, `OAUTHSIG_VERIFY_TOO_LARGE`,
/// `OAUTHSIG_VERIFY_UNAVAILABLE`; the last error names the failed check and
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
    let mut status = 500u16;
    let r = boundary(|| {
        // SAFETY: handle and (ptr, len) per the contract.
        let (v, m, u, auth, ct, host, body) = unsafe {
            (
                handle(verifier, "verifier")?,
                text(method, method_len, "method")?,
                text(url, url_len, "url")?,
                opt_text(authorization, authorization_len, "authorization")?,
                opt_text(content_type, content_type_len, "content_type")?,
                opt_text(host, host_len, "host")?,
                bytes(body, body_len, "body")?,
            )
        };
        let callback = lookup.ok_or_else(|| Failure::null("lookup"))?;
        let mut req = IncomingRequest::new(m, u).body(body);
        if let Some(a) = auth {
            req = req.authorization(a);
        }
        if let Some(c) = ct {
            req = req.content_type(c);
        }
        if let Some(h) = host {
            req = req.host(h);
        }
        let result = v.inner.verify(
            &req,
            &CLookup {
                callback,
                user_data,
            },
        );
        match result {
            Ok(inner) => {
                status = 200;
                if !out.is_null() {
                    // SAFETY: out non-NULL and writable per the contract.
                    unsafe { put_handle(out, oauthsig_verified { inner }, "out") }?;
                }
                Ok(())
            }
            Err(e) => {
                status = e.http_status();
                Err(verify_failure(&e))
            }
        }
    });
    if r == oauthsig_result::OAUTHSIG_NULL_ARGUMENT || r == oauthsig_result::OAUTHSIG_INVALID_UTF8 {
        status = 400;
    }
    if !http_status.is_null() {
        // SAFETY: non-NULL and writable per the contract.
        let _ = unsafe { put(http_status, status, "http_status") };
    }
    r
}

/// Destroys a verified result. NULL is a no-op.
///
/// # Safety
/// `verified` NULL or a live handle; not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_verified_free(verified: *mut oauthsig_verified) {
    // SAFETY: forwarded contract.
    unsafe { free_handle(verified) }
}

/// Which field of a verified result `oauthsig_verified_get_field` reads.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oauthsig_verified_field {
    /// The verified `oauth_consumer_key`.
    OAUTHSIG_VERIFIED_CONSUMER_KEY = 1,
    /// The verified `oauth_token` (`OAUTHSIG_NOT_FOUND` without one).
    OAUTHSIG_VERIFIED_TOKEN = 2,
    /// `oauth_callback`, if sent.
    OAUTHSIG_VERIFIED_CALLBACK = 3,
    /// `oauth_verifier`, if sent.
    OAUTHSIG_VERIFIED_VERIFIER = 4,
    /// The header realm, if sent.
    OAUTHSIG_VERIFIED_REALM = 5,
    /// The signature method name.
    OAUTHSIG_VERIFIED_SIGNATURE_METHOD = 6,
}

impl TryFrom<u32> for oauthsig_verified_field {
    type Error = InvalidValue;

    fn try_from(value: u32) -> Result<Self, InvalidValue> {
        match value {
            1 => Ok(Self::OAUTHSIG_VERIFIED_CONSUMER_KEY),
            2 => Ok(Self::OAUTHSIG_VERIFIED_TOKEN),
            3 => Ok(Self::OAUTHSIG_VERIFIED_CALLBACK),
            4 => Ok(Self::OAUTHSIG_VERIFIED_VERIFIER),
            5 => Ok(Self::OAUTHSIG_VERIFIED_REALM),
            6 => Ok(Self::OAUTHSIG_VERIFIED_SIGNATURE_METHOD),
            _ => Err(InvalidValue::new("oauthsig_verified_field", value)),
        }
    }
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
    // SAFETY: live handle and output buffer per the contract.
    unsafe {
        string_from_handle(verified, "verified", buf, cap, out_len, |v| {
            verified_field(&v.inner, enum_arg(field, "field")?)
        })
    }
}

fn verified_field(v: &Verified, field: oauthsig_verified_field) -> Result<&str, Failure> {
    use oauthsig_verified_field as F;
    let value = match field {
        F::OAUTHSIG_VERIFIED_CONSUMER_KEY => Some(v.consumer_key()),
        F::OAUTHSIG_VERIFIED_TOKEN => v.token(),
        F::OAUTHSIG_VERIFIED_CALLBACK => v.callback(),
        F::OAUTHSIG_VERIFIED_VERIFIER => v.verifier(),
        F::OAUTHSIG_VERIFIED_REALM => v.realm(),
        F::OAUTHSIG_VERIFIED_SIGNATURE_METHOD => Some(v.signature_method().as_str()),
    };
    value.ok_or_else(|| Failure::not_found("not present in the request"))
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
    // SAFETY: live handle and writable count per the contract.
    unsafe {
        scalar_out(count, "count", || {
            Ok(handle(verified, "verified")?.inner.parameters().len())
        })
    }
}

/// Copies the name and the value of non-`oauth_` parameter `index` (in
/// request order) into two buffers; `OAUTHSIG_NOT_FOUND` past the end.
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
        // SAFETY: live handle per the contract.
        let v = unsafe { handle(verified, "verified") }?;
        let (n, val) = v
            .inner
            .parameters()
            .nth(index)
            .ok_or_else(|| Failure::not_found("parameter index out of range"))?;
        // SAFETY: output buffers per the contract; both are attempted so
        // each length is reported even when the first buffer is too small.
        let (a, b) = unsafe {
            (
                write_out(name_buf.cast(), name_cap, name_len, n.as_bytes()),
                write_out(value_buf.cast(), value_cap, value_len, val.as_bytes()),
            )
        };
        a.and(b)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::result::check_c_enum;

    #[test]
    fn lookup_statuses_come_from_c_only_as_declared() {
        use oauthsig_lookup_status as S;
        // 0 is OAUTHSIG_LOOKUP_FOUND.
        let all = [
            S::OAUTHSIG_LOOKUP_FOUND,
            S::OAUTHSIG_LOOKUP_UNKNOWN_CONSUMER,
            S::OAUTHSIG_LOOKUP_UNKNOWN_TOKEN,
            S::OAUTHSIG_LOOKUP_UNAVAILABLE,
        ];
        check_c_enum(&all, |s| s as u32, &[4, u32::MAX]);
        assert_eq!(lookup_outcome(0), Ok(()));
        assert_eq!(lookup_outcome(4), Err(LookupError::Unavailable));
    }

    #[test]
    fn verified_fields_come_from_c_only_as_declared() {
        use oauthsig_verified_field as F;
        let all = [
            F::OAUTHSIG_VERIFIED_CONSUMER_KEY,
            F::OAUTHSIG_VERIFIED_TOKEN,
            F::OAUTHSIG_VERIFIED_CALLBACK,
            F::OAUTHSIG_VERIFIED_VERIFIER,
            F::OAUTHSIG_VERIFIED_REALM,
            F::OAUTHSIG_VERIFIED_SIGNATURE_METHOD,
        ];
        check_c_enum(&all, |f| f as u32, &[0, 7, u32::MAX]);
    }
}
