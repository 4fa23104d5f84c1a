//! The C ABI's two ways of signing, called as a C program calls them: the
//! one-shot `oauthsig_sign` with a prepared key, and the request handles.
//! The RSA methods use one private key handle, read once from its PEM
//! text, as a C program holding the key file would.

use super::cases::{BodyKind, Case, Place};
use oauthsig::SignatureMethod;
use oauthsig_ffi::*;
use std::ptr;

/// A `(ptr, len)` input.
fn s(text: &str) -> oauthsig_str {
    oauthsig_str {
        ptr: text.as_ptr(),
        len: text.len(),
    }
}

/// `(NULL, 0)`: an absent optional input.
fn absent() -> oauthsig_str {
    oauthsig_str {
        ptr: ptr::null(),
        len: 0,
    }
}

fn method_value(m: SignatureMethod) -> u32 {
    use oauthsig_signature_method::*;
    (match m {
        SignatureMethod::HmacSha1 => OAUTHSIG_HMAC_SHA1,
        SignatureMethod::HmacSha256 => OAUTHSIG_HMAC_SHA256,
        SignatureMethod::Plaintext => OAUTHSIG_PLAINTEXT,
        SignatureMethod::HmacSha512 => OAUTHSIG_HMAC_SHA512,
        SignatureMethod::RsaSha1 => OAUTHSIG_RSA_SHA1,
        SignatureMethod::RsaSha256 => OAUTHSIG_RSA_SHA256,
        SignatureMethod::RsaSha512 => OAUTHSIG_RSA_SHA512,
        // `SignatureMethod` is non-exhaustive: a method added later must
        // be added here (and to the cases' draw) before it is tested.
        other => panic!("no C code for {other}"),
    }) as u32
}

fn ok(rc: oauthsig_result, what: &str, case: &Case) {
    assert_eq!(rc, oauthsig_result::OAUTHSIG_OK, "{what}\n{case:?}");
}

/// Writes with the buffer convention: asks for the size, then writes.
fn written(
    case: &Case,
    write: impl Fn(*mut std::ffi::c_char, usize, *mut usize) -> oauthsig_result,
) -> String {
    let mut len = 0usize;
    let rc = write(ptr::null_mut(), 0, &mut len);
    assert!(
        rc == oauthsig_result::OAUTHSIG_BUFFER_TOO_SMALL || rc == oauthsig_result::OAUTHSIG_OK,
        "sizing: {rc:?}\n{case:?}"
    );
    let mut buf = vec![0u8; len + 1];
    ok(
        write(buf.as_mut_ptr().cast(), buf.len(), &mut len),
        "write",
        case,
    );
    buf.truncate(len);
    String::from_utf8(buf).unwrap()
}

/// An RSA private key handle read from PEM text, freed on drop.
pub struct PrivateKey(*mut oauthsig_rsa_private_key);

impl PrivateKey {
    pub fn new(pem: &[u8]) -> Self {
        let mut key = ptr::null_mut();
        // SAFETY: (ptr, len) input from a live slice; `key` writable.
        let rc = unsafe { oauthsig_rsa_private_key_new(pem.as_ptr(), pem.len(), &mut key) };
        assert_eq!(rc, oauthsig_result::OAUTHSIG_OK, "RSA private key");
        PrivateKey(key)
    }
}

impl Drop for PrivateKey {
    fn drop(&mut self) {
        // SAFETY: made by `new`, freed once.
        unsafe { oauthsig_rsa_private_key_free(self.0) };
    }
}

/// Client credentials and token handles, freed on drop: for an RSA method
/// the consumer holds its own copy of `private_key` (the token keeps its
/// secret, which RSA does not use).
struct Credentials {
    consumer: *mut oauthsig_consumer,
    token: *mut oauthsig_token,
}

impl Credentials {
    fn new(case: &Case, private_key: &PrivateKey) -> Self {
        let mut consumer = ptr::null_mut();
        let mut token = ptr::null_mut();
        let (k, cs) = (&case.consumer_key, &case.consumer_secret);
        let rc = if case.method.is_rsa() {
            // SAFETY: (ptr, len) input from a live string; live key;
            // `consumer` writable.
            unsafe { oauthsig_consumer_new_rsa(k.as_ptr(), k.len(), private_key.0, &mut consumer) }
        } else {
            // SAFETY: (ptr, len) inputs from live strings; `consumer`
            // writable.
            unsafe {
                oauthsig_consumer_new(k.as_ptr(), k.len(), cs.as_ptr(), cs.len(), &mut consumer)
            }
        };
        ok(rc, "consumer", case);
        if let Some((t, ts)) = &case.token {
            // SAFETY: as above.
            let rc = unsafe {
                oauthsig_token_new(t.as_ptr(), t.len(), ts.as_ptr(), ts.len(), &mut token)
            };
            ok(rc, "token", case);
        }
        Credentials { consumer, token }
    }
}

impl Drop for Credentials {
    fn drop(&mut self) {
        // SAFETY: handles made by `new`, freed once; NULL is a no-op.
        unsafe {
            oauthsig_token_free(self.token);
            oauthsig_consumer_free(self.consumer);
        }
    }
}

/// `oauthsig_sign` with a key prepared by `oauthsig_signing_key_new`; for
/// an RSA method with an even timestamp, by `oauthsig_signing_key_new_rsa`
/// from the private key handle instead, so both ways are held to the same
/// bytes.
pub fn one_shot(case: &Case, private_key: &PrivateKey) -> String {
    let creds = Credentials::new(case, private_key);
    let mut key = ptr::null_mut();
    let method = method_value(case.method);
    let rc = if case.method.is_rsa() && case.timestamp.ends_with(['0', '2', '4', '6', '8']) {
        // SAFETY: live key handle; `key` writable.
        unsafe { oauthsig_signing_key_new_rsa(method, private_key.0, &mut key) }
    } else {
        // SAFETY: live handles (token may be NULL); `key` writable.
        unsafe { oauthsig_signing_key_new(method, creds.consumer, creds.token, &mut key) }
    };
    ok(rc, "signing key", case);
    let (body_kind, body) = match &case.body {
        BodyKind::None => (oauthsig_body_kind::OAUTHSIG_BODY_NONE, absent()),
        BodyKind::Form(text) => (oauthsig_body_kind::OAUTHSIG_BODY_FORM, s(text)),
        BodyKind::Opaque(bytes, _) => (
            oauthsig_body_kind::OAUTHSIG_BODY_OPAQUE,
            oauthsig_str {
                ptr: bytes.as_ptr(),
                len: bytes.len(),
            },
        ),
    };
    let request = oauthsig_sign_request {
        method: s(&case.http_method),
        url: s(&case.url),
        body_kind: body_kind as u32,
        body,
        consumer_key: s(&case.consumer_key),
        token: case.token.as_ref().map_or(absent(), |(t, _)| s(t)),
        timestamp: s(&case.timestamp),
        nonce: s(&case.nonce),
        callback: absent(),
        verifier: absent(),
        include_version: u8::from(case.version),
        // The cases sign PLAINTEXT over http too: the differential is about
        // the bytes, and every layer opts in alike.
        allow_plaintext_over_http: 1,
    };
    let placement = match case.place {
        Place::Header => oauthsig_placement::OAUTHSIG_PLACEMENT_HEADER,
        Place::Query => oauthsig_placement::OAUTHSIG_PLACEMENT_URL,
        Place::Form => oauthsig_placement::OAUTHSIG_PLACEMENT_FORM,
    } as u32;
    let realm = case.realm.as_deref().map_or(absent(), s);
    let text = written(case, |buf, cap, out| {
        // SAFETY: live key; `request` and its strings outlive the call;
        // output per the buffer convention.
        unsafe {
            oauthsig_sign(
                key, &request, placement, realm.ptr, realm.len, buf, cap, out,
            )
        }
    });
    // SAFETY: made above, freed once.
    unsafe { oauthsig_signing_key_free(key) };
    text
}

/// The request handles: built, given its body, nonce, timestamp and
/// version, signed, written.
pub fn handles(case: &Case, private_key: &PrivateKey) -> String {
    let creds = Credentials::new(case, private_key);
    let mut request = ptr::null_mut();
    let (m, u) = (&case.http_method, &case.url);
    // SAFETY: (ptr, len) inputs; `request` writable.
    ok(
        unsafe { oauthsig_request_new(m.as_ptr(), m.len(), u.as_ptr(), u.len(), &mut request) },
        "request",
        case,
    );
    let rc = match &case.body {
        BodyKind::None => oauthsig_result::OAUTHSIG_OK,
        // SAFETY: live handle; (ptr, len) inputs.
        BodyKind::Form(text) => unsafe {
            oauthsig_request_set_form_body(request, text.as_ptr(), text.len())
        },
        // SAFETY: as above.
        BodyKind::Opaque(bytes, ct) => unsafe {
            oauthsig_request_set_body(request, bytes.as_ptr(), bytes.len(), ct.as_ptr(), ct.len())
        },
    };
    ok(rc, "body", case);
    let set = |which: oauthsig_protocol_param, value: &str| {
        // SAFETY: live handle; (ptr, len) input.
        let rc =
            unsafe { oauthsig_request_set(request, which as u32, value.as_ptr(), value.len()) };
        ok(rc, "set", case);
    };
    set(oauthsig_protocol_param::OAUTHSIG_PARAM_NONCE, &case.nonce);
    set(
        oauthsig_protocol_param::OAUTHSIG_PARAM_TIMESTAMP,
        &case.timestamp,
    );
    if case.version {
        let (n, v) = ("oauth_version", "1.0");
        let any = oauthsig_param_location::OAUTHSIG_PARAM_ANY as u32;
        // SAFETY: live handle; (ptr, len) inputs.
        let rc = unsafe {
            oauthsig_request_add_param(request, any, n.as_ptr(), n.len(), v.as_ptr(), v.len())
        };
        ok(rc, "version", case);
    }
    // SAFETY: live handle. PLAINTEXT over http opted in, as by every layer.
    let rc = unsafe { oauthsig_request_allow_plaintext_over_http(request, 1) };
    ok(rc, "allow plaintext over http", case);
    // SAFETY: live handles (token may be NULL).
    let rc = unsafe {
        oauthsig_request_sign(
            request,
            method_value(case.method),
            creds.consumer,
            creds.token,
        )
    };
    ok(rc, "sign", case);
    let what = match case.place {
        Place::Header => oauthsig_output::OAUTHSIG_OUTPUT_HEADER,
        Place::Query => oauthsig_output::OAUTHSIG_OUTPUT_URL,
        Place::Form => oauthsig_output::OAUTHSIG_OUTPUT_POSTDATA,
    } as u32;
    let realm = case.realm.as_deref().map_or(absent(), s);
    let text = written(case, |buf, cap, out| {
        // SAFETY: live handle; (ptr, len) realm; output per the convention.
        unsafe { oauthsig_request_write(request, what, realm.ptr, realm.len, buf, cap, out) }
    });
    // SAFETY: made above, freed once.
    unsafe { oauthsig_request_free(request) };
    text
}
