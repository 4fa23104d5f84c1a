//! Request handles: build, sign, and write an OAuth 1.0a request
//! (RFC 5849 §3), and parse an incoming one.

use crate::boundary::{
    boundary, bytes, free_handle, handle, handle_mut, handle_out, opt_text, scalar_out,
    string_from_handle, text,
};
use crate::credentials::{oauthsig_consumer, oauthsig_token};
use crate::result::{Failure, InvalidValue, enum_arg, oauthsig_result};
use oauthsig::{BodyHashPolicy, Request, SignatureMethod, SigningKey};
use std::ffi::c_char;

/// A signature method, as passed in `uint32_t method` arguments. Values are
/// stable.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oauthsig_signature_method {
    /// `HMAC-SHA1` (RFC 5849 §3.4.2).
    OAUTHSIG_HMAC_SHA1 = 1,
    /// `HMAC-SHA256` (the widely deployed extension).
    OAUTHSIG_HMAC_SHA256 = 2,
    /// `PLAINTEXT` (§3.4.4; only over TLS).
    OAUTHSIG_PLAINTEXT = 3,
}

impl TryFrom<u32> for oauthsig_signature_method {
    type Error = InvalidValue;

    /// An unknown value is `OAUTHSIG_UNSUPPORTED_SIGNATURE_METHOD`.
    fn try_from(value: u32) -> Result<Self, InvalidValue> {
        match value {
            1 => Ok(Self::OAUTHSIG_HMAC_SHA1),
            2 => Ok(Self::OAUTHSIG_HMAC_SHA256),
            3 => Ok(Self::OAUTHSIG_PLAINTEXT),
            _ => Err(InvalidValue::new("oauthsig_signature_method", value)
                .reported_as(oauthsig_result::OAUTHSIG_UNSUPPORTED_SIGNATURE_METHOD)),
        }
    }
}

impl From<oauthsig_signature_method> for SignatureMethod {
    fn from(m: oauthsig_signature_method) -> Self {
        match m {
            oauthsig_signature_method::OAUTHSIG_HMAC_SHA1 => SignatureMethod::HmacSha1,
            oauthsig_signature_method::OAUTHSIG_HMAC_SHA256 => SignatureMethod::HmacSha256,
            oauthsig_signature_method::OAUTHSIG_PLAINTEXT => SignatureMethod::Plaintext,
        }
    }
}

/// When signing adds `oauth_body_hash` (the OAuth Request Body Hash
/// extension), for `oauthsig_request_set_body_hash`.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oauthsig_body_hash {
    /// Only for a request with an opaque (non-form) body. The default.
    OAUTHSIG_BODY_HASH_OPAQUE_BODY = 1,
    /// For every request without a form body, including bodiless ones
    /// (python-oauth2's behaviour).
    OAUTHSIG_BODY_HASH_UNLESS_FORM = 2,
    /// Never.
    OAUTHSIG_BODY_HASH_NEVER = 3,
}

impl TryFrom<u32> for oauthsig_body_hash {
    type Error = InvalidValue;

    fn try_from(value: u32) -> Result<Self, InvalidValue> {
        match value {
            1 => Ok(Self::OAUTHSIG_BODY_HASH_OPAQUE_BODY),
            2 => Ok(Self::OAUTHSIG_BODY_HASH_UNLESS_FORM),
            3 => Ok(Self::OAUTHSIG_BODY_HASH_NEVER),
            _ => Err(InvalidValue::new("oauthsig_body_hash", value)),
        }
    }
}

impl From<oauthsig_body_hash> for BodyHashPolicy {
    fn from(p: oauthsig_body_hash) -> Self {
        match p {
            oauthsig_body_hash::OAUTHSIG_BODY_HASH_OPAQUE_BODY => BodyHashPolicy::OpaqueBody,
            oauthsig_body_hash::OAUTHSIG_BODY_HASH_UNLESS_FORM => BodyHashPolicy::UnlessForm,
            oauthsig_body_hash::OAUTHSIG_BODY_HASH_NEVER => BodyHashPolicy::Never,
        }
    }
}

/// A request being built and signed, or one parsed from an incoming HTTP
/// request. Not thread-safe. Create with `oauthsig_request_new`,
/// `oauthsig_request_from_consumer_and_token`,
/// `oauthsig_request_from_token_and_callback` or `oauthsig_request_parse`;
/// destroy with `oauthsig_request_free`.
pub struct oauthsig_request {
    // `None` only for the instant a builder step owns the request.
    inner: Option<Request>,
}

impl oauthsig_request {
    fn new(inner: Request) -> Self {
        oauthsig_request { inner: Some(inner) }
    }

    pub(crate) fn request(&self) -> Result<&Request, Failure> {
        self.inner.as_ref().ok_or_else(unusable)
    }

    fn request_mut(&mut self) -> Result<&mut Request, Failure> {
        self.inner.as_mut().ok_or_else(unusable)
    }

    /// Applies an infallible consuming builder step in place, without a copy.
    fn update(&mut self, step: impl FnOnce(Request) -> Request) -> Result<(), Failure> {
        let r = self.inner.take().ok_or_else(unusable)?;
        self.inner = Some(step(r));
        Ok(())
    }
}

/// Only reachable if a builder step panicked half-way (a library bug).
fn unusable() -> Failure {
    Failure::new(
        oauthsig_result::OAUTHSIG_PANIC,
        "the request was lost to an earlier internal error",
    )
}

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
    // SAFETY: (ptr, len) pairs and a writable `out` per the contract.
    unsafe {
        handle_out(out, || {
            let (m, u) = (
                text(method, method_len, "method")?,
                text(url, url_len, "url")?,
            );
            Ok(oauthsig_request::new(Request::new(m, u)?))
        })
    }
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
    // SAFETY: handles, (ptr, len) pairs and a writable `out` per the contract.
    unsafe {
        handle_out(out, || {
            let (c, t, m, u) = (
                handle(consumer, "consumer")?,
                token.as_ref(),
                text(method, method_len, "method")?,
                text(url, url_len, "url")?,
            );
            let inner = Request::from_consumer_and_token(&c.inner, t.map(|t| &t.inner), m, u)?;
            Ok(oauthsig_request::new(inner))
        })
    }
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
    // SAFETY: handle, (ptr, len) pairs and a writable `out` per the contract.
    unsafe {
        handle_out(out, || {
            let (t, cb, m, u) = (
                handle(token, "token")?,
                opt_text(callback, callback_len, "callback")?,
                text(method, method_len, "method")?,
                text(url, url_len, "url")?,
            );
            let inner = Request::from_token_and_callback(&t.inner, cb, m, u)?;
            Ok(oauthsig_request::new(inner))
        })
    }
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
    // SAFETY: (ptr, len) pairs and a writable `out` per the contract.
    unsafe {
        handle_out(out, || {
            let (m, u, auth, ct, host, body) = (
                text(method, method_len, "method")?,
                text(url, url_len, "url")?,
                opt_text(authorization, authorization_len, "authorization")?,
                opt_text(content_type, content_type_len, "content_type")?,
                opt_text(host, host_len, "host")?,
                bytes(body, body_len, "body")?,
            );
            let headers = [
                ("authorization", auth),
                ("content-type", ct),
                ("host", host),
            ];
            let present = headers.iter().filter_map(|(n, v)| v.map(|v| (*n, v)));
            let inner = Request::from_request(m, u, present, body, None)?;
            Ok(oauthsig_request::new(inner))
        })
    }
}

/// Destroys a request. NULL is a no-op.
///
/// # Safety
/// `request` NULL or a live handle; not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_request_free(request: *mut oauthsig_request) {
    // SAFETY: forwarded contract.
    unsafe { free_handle(request) }
}

/// Where `oauthsig_request_add_param` puts a parameter.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oauthsig_param_location {
    /// Signed and sent with the protocol parameters (an `oauth_*` name) or
    /// in the query/body as the output function decides.
    OAUTHSIG_PARAM_ANY = 0,
    /// Appended to the URL's query.
    OAUTHSIG_PARAM_QUERY = 1,
    /// Appended to the form-encoded body.
    OAUTHSIG_PARAM_FORM = 2,
}

impl TryFrom<u32> for oauthsig_param_location {
    type Error = InvalidValue;

    fn try_from(value: u32) -> Result<Self, InvalidValue> {
        match value {
            0 => Ok(Self::OAUTHSIG_PARAM_ANY),
            1 => Ok(Self::OAUTHSIG_PARAM_QUERY),
            2 => Ok(Self::OAUTHSIG_PARAM_FORM),
            _ => Err(InvalidValue::new("oauthsig_param_location", value)),
        }
    }
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
        // SAFETY: live handle and (ptr, len) per the contract.
        let (r, n, v) = unsafe {
            (
                handle_mut(request, "request")?,
                text(name, name_len, "name")?,
                text(value, value_len, "value")?,
            )
        };
        match enum_arg(location, "location")? {
            oauthsig_param_location::OAUTHSIG_PARAM_ANY => r.update(|q| q.param(n, v)),
            oauthsig_param_location::OAUTHSIG_PARAM_QUERY => r.update(|q| q.query_param(n, v)),
            oauthsig_param_location::OAUTHSIG_PARAM_FORM => r.update(|q| q.form_param(n, v)),
        }
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
        // SAFETY: live handle and (ptr, len) per the contract.
        let (r, b) = unsafe {
            (
                handle_mut(request, "request")?,
                text(body, body_len, "body")?,
            )
        };
        r.request_mut()?.set_form_body(b).map_err(Failure::from)
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
        // SAFETY: live handle and (ptr, len) per the contract.
        let (r, b, ct) = unsafe {
            (
                handle_mut(request, "request")?,
                bytes(body, body_len, "body")?,
                text(content_type, content_type_len, "content_type")?,
            )
        };
        r.update(|q| q.body(b.to_vec(), ct))
    })
}

/// Which protocol parameter `oauthsig_request_set` sets.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oauthsig_protocol_param {
    /// `oauth_nonce` (to reproduce a request; normally generated).
    OAUTHSIG_PARAM_NONCE = 1,
    /// `oauth_timestamp` (decimal seconds).
    OAUTHSIG_PARAM_TIMESTAMP = 2,
    /// `oauth_callback`.
    OAUTHSIG_PARAM_CALLBACK = 3,
    /// `oauth_verifier`.
    OAUTHSIG_PARAM_VERIFIER = 4,
}

impl TryFrom<u32> for oauthsig_protocol_param {
    type Error = InvalidValue;

    fn try_from(value: u32) -> Result<Self, InvalidValue> {
        match value {
            1 => Ok(Self::OAUTHSIG_PARAM_NONCE),
            2 => Ok(Self::OAUTHSIG_PARAM_TIMESTAMP),
            3 => Ok(Self::OAUTHSIG_PARAM_CALLBACK),
            4 => Ok(Self::OAUTHSIG_PARAM_VERIFIER),
            _ => Err(InvalidValue::new("oauthsig_protocol_param", value)),
        }
    }
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
        // SAFETY: live handle and (ptr, len) per the contract.
        let (r, v) = unsafe {
            (
                handle_mut(request, "request")?,
                text(value, value_len, "value")?,
            )
        };
        match enum_arg(which, "which")? {
            oauthsig_protocol_param::OAUTHSIG_PARAM_NONCE => r.update(|q| q.nonce(v)),
            oauthsig_protocol_param::OAUTHSIG_PARAM_TIMESTAMP => r.update(|q| q.timestamp(v)),
            oauthsig_protocol_param::OAUTHSIG_PARAM_CALLBACK => r.update(|q| q.callback(v)),
            oauthsig_protocol_param::OAUTHSIG_PARAM_VERIFIER => r.update(|q| q.verifier(v)),
        }
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
        // SAFETY: live handle per the contract.
        let r = unsafe { handle_mut(request, "request") }?;
        let policy = BodyHashPolicy::from(enum_arg::<oauthsig_body_hash>(policy, "policy")?);
        r.update(|q| q.body_hash(policy))
    })
}

/// Signs the request: adds `oauth_signature_method`, `oauth_body_hash` per
/// the policy, and `oauth_signature` (replacing an earlier one). `token` may
/// be NULL. On failure the request is unchanged.
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
        let m: SignatureMethod = enum_arg::<oauthsig_signature_method>(method, "method")?.into();
        // SAFETY: handles per the contract.
        let (r, c, t) = unsafe {
            (
                handle_mut(request, "request")?,
                handle(consumer, "consumer")?,
                token.as_ref(),
            )
        };
        r.request_mut()?
            .sign_in_place(m, &c.inner, t.map(|t| &t.inner))
            .map_err(Failure::from)
    })
}

/// A prepared signing key: the HMAC key schedule done once, for signing or
/// checking many requests. Immutable and thread-safe. Create with
/// `oauthsig_signing_key_new`, destroy with `oauthsig_signing_key_free`.
pub struct oauthsig_signing_key {
    pub(crate) inner: SigningKey,
}

/// Prepares the key `consumer_secret&token_secret` for `method` (`token` may
/// be NULL for an empty token secret).
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
    // SAFETY: handles and a writable `out` per the contract.
    unsafe {
        handle_out(out, || {
            let m: SignatureMethod =
                enum_arg::<oauthsig_signature_method>(method, "method")?.into();
            let (c, t) = (handle(consumer, "consumer")?, token.as_ref());
            let inner = c.inner.signing_key(m, t.map(|t| &t.inner))?;
            Ok(oauthsig_signing_key { inner })
        })
    }
}

/// Destroys a signing key. NULL is a no-op.
///
/// # Safety
/// `key` NULL or a live handle; not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oauthsig_signing_key_free(key: *mut oauthsig_signing_key) {
    // SAFETY: forwarded contract.
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
        // SAFETY: handles per the contract.
        let (r, k) = unsafe { (handle_mut(request, "request")?, handle(key, "key")?) };
        r.request_mut()?
            .sign_with_key_in_place(&k.inner)
            .map_err(Failure::from)
    })
}

/// Checks the request's `oauth_signature` (constant time) with the secrets
/// of `consumer` and `token` (NULL = none); `*valid` gets the answer. Only the
/// signature: use a verifier for nonce, timestamp and location rules.
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
    // SAFETY: handles and a writable `valid` per the contract.
    unsafe {
        scalar_out(valid, "valid", || {
            let (r, c, t) = (
                handle(request, "request")?,
                handle(consumer, "consumer")?,
                token.as_ref(),
            );
            Ok(r.request()?
                .check_signature(&c.inner, t.map(|t| &t.inner))?)
        })
    }
}

/// What `oauthsig_request_write` produces.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oauthsig_output {
    /// The `Authorization` header value (`OAuth realm="..", oauth_...`),
    /// without the `Authorization: ` name.
    OAUTHSIG_OUTPUT_HEADER = 1,
    /// The URL with every parameter in the query (§3.5.3).
    OAUTHSIG_OUTPUT_URL = 2,
    /// The form body with every non-query parameter (§3.5.2).
    OAUTHSIG_OUTPUT_POSTDATA = 3,
    /// The signature base string (§3.4.1.1), for debugging.
    OAUTHSIG_OUTPUT_BASE_STRING = 4,
    /// The normalized parameters (§3.4.1.3.2).
    OAUTHSIG_OUTPUT_NORMALIZED_PARAMETERS = 5,
    /// The base string URI (§3.4.1.2).
    OAUTHSIG_OUTPUT_NORMALIZED_URL = 6,
    /// The `oauth_signature` value (base64 for HMAC); `OAUTHSIG_NOT_FOUND`
    /// before signing.
    OAUTHSIG_OUTPUT_SIGNATURE = 7,
}

impl TryFrom<u32> for oauthsig_output {
    type Error = InvalidValue;

    fn try_from(value: u32) -> Result<Self, InvalidValue> {
        match value {
            1 => Ok(Self::OAUTHSIG_OUTPUT_HEADER),
            2 => Ok(Self::OAUTHSIG_OUTPUT_URL),
            3 => Ok(Self::OAUTHSIG_OUTPUT_POSTDATA),
            4 => Ok(Self::OAUTHSIG_OUTPUT_BASE_STRING),
            5 => Ok(Self::OAUTHSIG_OUTPUT_NORMALIZED_PARAMETERS),
            6 => Ok(Self::OAUTHSIG_OUTPUT_NORMALIZED_URL),
            7 => Ok(Self::OAUTHSIG_OUTPUT_SIGNATURE),
            _ => Err(InvalidValue::new("oauthsig_output", value)),
        }
    }
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
    // SAFETY: live handle, `realm` per the (ptr, len) convention and output
    // buffer per the contract.
    unsafe {
        string_from_handle(request, "request", buf, cap, out_len, |r| {
            let realm = opt_text(realm, realm_len, "realm")?;
            output(r.request()?, enum_arg(what, "what")?, realm)
        })
    }
}

/// The form `what` of `r`.
fn output(r: &Request, what: oauthsig_output, realm: Option<&str>) -> Result<String, Failure> {
    use oauthsig_output as O;
    Ok(match what {
        O::OAUTHSIG_OUTPUT_HEADER => r.to_header(realm)?,
        O::OAUTHSIG_OUTPUT_URL => r.to_url(),
        O::OAUTHSIG_OUTPUT_POSTDATA => r.to_postdata(),
        O::OAUTHSIG_OUTPUT_BASE_STRING => r.signature_base_string()?,
        O::OAUTHSIG_OUTPUT_NORMALIZED_PARAMETERS => r.normalized_parameters()?,
        O::OAUTHSIG_OUTPUT_NORMALIZED_URL => r.normalized_url().to_owned(),
        O::OAUTHSIG_OUTPUT_SIGNATURE => r
            .signature()
            .ok_or_else(|| Failure::not_found("the request is not signed"))?
            .to_owned(),
    })
}

/// Copies the (decoded) value of the first parameter named `name`, or
/// `OAUTHSIG_NOT_FOUND`.
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
    // SAFETY: live handle, `name` per the (ptr, len) convention and output
    // buffer per the contract.
    unsafe {
        string_from_handle(request, "request", buf, cap, out_len, |r| {
            let name = text(name, name_len, "name")?;
            r.request()?
                .get(name)
                .ok_or_else(|| Failure::not_found("no such parameter"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::result::check_c_enum;

    #[test]
    fn signature_methods_come_from_c_only_as_declared() {
        use oauthsig_signature_method as M;
        let all = [
            M::OAUTHSIG_HMAC_SHA1,
            M::OAUTHSIG_HMAC_SHA256,
            M::OAUTHSIG_PLAINTEXT,
        ];
        check_c_enum(&all, |m| m as u32, &[0, 4, u32::MAX]);
        let f = enum_arg::<oauthsig_signature_method>(17, "method").unwrap_err();
        assert_eq!(
            f.code,
            oauthsig_result::OAUTHSIG_UNSUPPORTED_SIGNATURE_METHOD
        );
        assert_eq!(
            f.message,
            "method: 17 is not an oauthsig_signature_method value"
        );
    }

    #[test]
    fn body_hash_policies_come_from_c_only_as_declared() {
        use oauthsig_body_hash as P;
        let all = [
            P::OAUTHSIG_BODY_HASH_OPAQUE_BODY,
            P::OAUTHSIG_BODY_HASH_UNLESS_FORM,
            P::OAUTHSIG_BODY_HASH_NEVER,
        ];
        check_c_enum(&all, |p| p as u32, &[0, 4, u32::MAX]);
    }

    #[test]
    fn param_locations_come_from_c_only_as_declared() {
        use oauthsig_param_location as L;
        // 0 is OAUTHSIG_PARAM_ANY.
        let all = [
            L::OAUTHSIG_PARAM_ANY,
            L::OAUTHSIG_PARAM_QUERY,
            L::OAUTHSIG_PARAM_FORM,
        ];
        check_c_enum(&all, |l| l as u32, &[3, u32::MAX]);
    }

    #[test]
    fn protocol_params_come_from_c_only_as_declared() {
        use oauthsig_protocol_param as P;
        let all = [
            P::OAUTHSIG_PARAM_NONCE,
            P::OAUTHSIG_PARAM_TIMESTAMP,
            P::OAUTHSIG_PARAM_CALLBACK,
            P::OAUTHSIG_PARAM_VERIFIER,
        ];
        check_c_enum(&all, |p| p as u32, &[0, 5, u32::MAX]);
    }

    #[test]
    fn outputs_come_from_c_only_as_declared() {
        use oauthsig_output as O;
        let all = [
            O::OAUTHSIG_OUTPUT_HEADER,
            O::OAUTHSIG_OUTPUT_URL,
            O::OAUTHSIG_OUTPUT_POSTDATA,
            O::OAUTHSIG_OUTPUT_BASE_STRING,
            O::OAUTHSIG_OUTPUT_NORMALIZED_PARAMETERS,
            O::OAUTHSIG_OUTPUT_NORMALIZED_URL,
            O::OAUTHSIG_OUTPUT_SIGNATURE,
        ];
        check_c_enum(&all, |o| o as u32, &[0, 8, u32::MAX]);
    }
}
