//! The C ABI called from Rust exactly as C calls it, on the host: the RFC
//! 5849 §3.4.1.1 request signed and verified, the buffer convention, the
//! nonce callback, and every argument refusal. The firmware under QEMU
//! (firmware/c) runs the same calls on the target.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::*;
use core::ffi::{c_int, c_void};
use core::ptr;
use oauthsig_core::{Body, HttpRequest, Placement, Protocol, SignatureMethod, SigningKey, sign};
use std::string::{String, ToString};
use std::vec::Vec;

const URL: &str = "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b";
const BODY: &str = "c2&a3=2+q";
const HEADER: &str = "OAuth realm=\"Example\", oauth_consumer_key=\"9djdj82h48djs9d2\", \
    oauth_token=\"kkk9d7dh3k39sjv7\", oauth_signature_method=\"HMAC-SHA1\", \
    oauth_timestamp=\"137131201\", oauth_nonce=\"7d8f3e4a\", \
    oauth_signature=\"r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D\"";

use oauthsig_fw_check as C;
use oauthsig_fw_result as R;

const HMAC_SHA1: u32 = oauthsig_fw_signature_method::OAUTHSIG_FW_HMAC_SHA1 as u32;
const HEADER_PLACEMENT: u32 = oauthsig_fw_placement::OAUTHSIG_FW_PLACEMENT_HEADER as u32;

fn s(text: &str) -> oauthsig_fw_str {
    oauthsig_fw_str {
        ptr: text.as_ptr(),
        len: text.len(),
    }
}

const ABSENT: oauthsig_fw_str = oauthsig_fw_str {
    ptr: ptr::null(),
    len: 0,
};

/// The RFC request.
fn request() -> oauthsig_fw_request {
    oauthsig_fw_request {
        method: s("POST"),
        url: s(URL),
        form_body: s(BODY),
        consumer_key: s("9djdj82h48djs9d2"),
        consumer_secret: s("j49sk3j29djd"),
        token: s("kkk9d7dh3k39sjv7"),
        token_secret: s("dh893hdasih9"),
        timestamp: s("137131201"),
        nonce: s("7d8f3e4a"),
        realm: s("Example"),
        callback: ABSENT,
        verifier: ABSENT,
        include_version: 0,
        allow_plaintext_over_http: 0,
    }
}

/// `oauthsig_fw_sign` into a buffer of `cap` bytes: the code, `*out_len`
/// and the buffer.
fn sign_with(
    r: &oauthsig_fw_request,
    method: u32,
    placement: u32,
    cap: usize,
) -> (oauthsig_fw_result, usize, Vec<u8>) {
    let mut buf = std::vec![0xAAu8; cap];
    let mut len = usize::MAX;
    let buf_ptr = if cap == 0 {
        ptr::null_mut()
    } else {
        buf.as_mut_ptr().cast()
    };
    // SAFETY: `r` is a live request whose strings borrow live text; the
    // buffer has `cap` writable bytes (or is NULL with 0) and `len` is
    // writable.
    let code = unsafe { oauthsig_fw_sign(r, method, placement, buf_ptr, cap, &mut len) };
    (code, len, buf)
}

/// The NUL-terminated text at the start of `buf`.
fn text(buf: &[u8]) -> &str {
    let end = buf.iter().position(|&b| b == 0).expect("NUL-terminated");
    core::str::from_utf8(&buf[..end]).unwrap()
}

#[test]
fn signs_the_rfc_request_byte_for_byte() {
    let (code, len, buf) = sign_with(&request(), HMAC_SHA1, HEADER_PLACEMENT, 512);
    assert_eq!(code, R::OAUTHSIG_FW_OK);
    assert_eq!((len, text(&buf)), (HEADER.len(), HEADER));
}

#[test]
fn the_buffer_convention_holds() {
    let n = HEADER.len();
    // Sizing only.
    let (code, len, _) = sign_with(&request(), HMAC_SHA1, HEADER_PLACEMENT, 0);
    assert_eq!((code, len), (R::OAUTHSIG_FW_BUFFER_TOO_SMALL, n));
    // One byte short: no room for the NUL.
    let (code, len, buf) = sign_with(&request(), HMAC_SHA1, HEADER_PLACEMENT, n);
    assert_eq!((code, len, buf[0]), (R::OAUTHSIG_FW_BUFFER_TOO_SMALL, n, 0));
    // Exactly enough; nothing written past the NUL.
    let (code, len, buf) = sign_with(&request(), HMAC_SHA1, HEADER_PLACEMENT, n + 2);
    assert_eq!((code, len, text(&buf)), (R::OAUTHSIG_FW_OK, n, HEADER));
    assert_eq!(buf[n + 1], 0xAA);
    // A NULL buffer with a capacity, a NULL out_len.
    let mut len = 0;
    // SAFETY: the request is live; the NULL buffer is what is tested.
    let code = unsafe {
        oauthsig_fw_sign(
            &request(),
            HMAC_SHA1,
            HEADER_PLACEMENT,
            ptr::null_mut(),
            8,
            &mut len,
        )
    };
    assert_eq!(code, R::OAUTHSIG_FW_NULL_ARGUMENT);
    let mut buf = [0xAAu8; 8];
    // SAFETY: as above; the NULL out_len is what is tested.
    let code = unsafe {
        oauthsig_fw_sign(
            &request(),
            HMAC_SHA1,
            HEADER_PLACEMENT,
            buf.as_mut_ptr().cast(),
            8,
            ptr::null_mut(),
        )
    };
    assert_eq!((code, buf[0]), (R::OAUTHSIG_FW_NULL_ARGUMENT, 0xAA));
}

#[test]
fn every_placement_and_method_is_cores_answer() {
    use oauthsig_fw_placement as P;
    use oauthsig_fw_signature_method as M;
    let methods = [
        (M::OAUTHSIG_FW_HMAC_SHA1, SignatureMethod::HmacSha1),
        (M::OAUTHSIG_FW_HMAC_SHA256, SignatureMethod::HmacSha256),
        (M::OAUTHSIG_FW_HMAC_SHA512, SignatureMethod::HmacSha512),
        (M::OAUTHSIG_FW_PLAINTEXT, SignatureMethod::Plaintext),
    ];
    let placements = [
        (
            P::OAUTHSIG_FW_PLACEMENT_HEADER,
            Placement::Header {
                realm: Some("Example"),
            },
        ),
        (P::OAUTHSIG_FW_PLACEMENT_URL, Placement::Query),
        (P::OAUTHSIG_FW_PLACEMENT_FORM, Placement::Form),
    ];
    // The RFC URL is http: PLAINTEXT opts in on both sides.
    let key_request = HttpRequest::new("POST", URL)
        .body(Body::Form(BODY))
        .allow_plaintext_over_http();
    let protocol = Protocol::new("9djdj82h48djs9d2")
        .token("kkk9d7dh3k39sjv7")
        .timestamp("137131201")
        .nonce("7d8f3e4a")
        .version(true);
    let mut r = request();
    r.include_version = 1;
    r.allow_plaintext_over_http = 1;
    for (code, method) in methods {
        if !method.is_available() {
            // Left out of this build (its feature): refused, as documented.
            let (c, _, _) = sign_with(&r, code as u32, HEADER_PLACEMENT, 1024);
            assert_eq!(c, R::OAUTHSIG_FW_UNSUPPORTED_SIGNATURE_METHOD, "{method:?}");
            continue;
        }
        let key = SigningKey::new(method, "j49sk3j29djd", "dh893hdasih9").unwrap();
        for (p, placement) in placements {
            let want = sign::sign(&key_request, &protocol, &key)
                .unwrap()
                .output(placement)
                .unwrap()
                .to_string();
            let (c, len, buf) = sign_with(&r, code as u32, p as u32, 1024);
            assert_eq!(c, R::OAUTHSIG_FW_OK, "{method:?} {p:?}");
            assert_eq!((len, text(&buf)), (want.len(), want.as_str()));
        }
    }
}

#[test]
fn arguments_are_refused_with_their_codes() {
    let bad = |r: &oauthsig_fw_request, method: u32, placement: u32| {
        let (code, _, buf) = sign_with(r, method, placement, 512);
        assert_eq!(buf[0], 0, "the buffer is emptied on failure");
        code
    };
    let r = request();
    assert_eq!(
        bad(&r, 5, HEADER_PLACEMENT),
        R::OAUTHSIG_FW_UNSUPPORTED_SIGNATURE_METHOD,
        "RSA-SHA1 is not in this library"
    );
    assert_eq!(
        bad(&r, 0, HEADER_PLACEMENT),
        R::OAUTHSIG_FW_UNSUPPORTED_SIGNATURE_METHOD
    );
    assert_eq!(bad(&r, HMAC_SHA1, 0), R::OAUTHSIG_FW_INVALID_ARGUMENT);
    assert_eq!(bad(&r, HMAC_SHA1, 4), R::OAUTHSIG_FW_INVALID_ARGUMENT);
    let mut nulled = request();
    nulled.url = oauthsig_fw_str {
        ptr: ptr::null(),
        len: 3,
    };
    assert_eq!(
        bad(&nulled, HMAC_SHA1, HEADER_PLACEMENT),
        R::OAUTHSIG_FW_NULL_ARGUMENT
    );
    let mut latin1 = request();
    latin1.consumer_secret = oauthsig_fw_str {
        ptr: b"\xe9t\xe9".as_ptr(),
        len: 3,
    };
    assert_eq!(
        bad(&latin1, HMAC_SHA1, HEADER_PLACEMENT),
        R::OAUTHSIG_FW_INVALID_UTF8
    );
    let mut no_host = request();
    no_host.url = s("http:///request");
    assert_eq!(
        bad(&no_host, HMAC_SHA1, HEADER_PLACEMENT),
        R::OAUTHSIG_FW_BAD_URL
    );
    let mut method = request();
    method.method = s("PO ST");
    assert_eq!(
        bad(&method, HMAC_SHA1, HEADER_PLACEMENT),
        R::OAUTHSIG_FW_BAD_METHOD
    );
    let mut escape = request();
    escape.form_body = s("a=%zz");
    assert_eq!(
        bad(&escape, HMAC_SHA1, HEADER_PLACEMENT),
        R::OAUTHSIG_FW_BAD_ENCODING
    );
    let mut many = request();
    let query: String = (0..=oauthsig_core::sign::CAPACITY)
        .map(|i| std::format!("p{i}=v&"))
        .collect();
    let url = std::format!("http://example.com/?{query}");
    many.url = s(&url);
    many.form_body = ABSENT;
    assert_eq!(
        bad(&many, HMAC_SHA1, HEADER_PLACEMENT),
        R::OAUTHSIG_FW_INVALID_ARGUMENT
    );
    // SAFETY: NULL is the request under test; the output is valid.
    let code = unsafe {
        let (mut buf, mut len) = ([0u8; 8], 0);
        oauthsig_fw_sign(
            ptr::null(),
            HMAC_SHA1,
            HEADER_PLACEMENT,
            buf.as_mut_ptr().cast(),
            8,
            &mut len,
        )
    };
    assert_eq!(code, R::OAUTHSIG_FW_NULL_ARGUMENT);
}

#[test]
fn the_documented_parameter_limit_is_cores() {
    // boundary.rs documents 16 for `oauthsig_fw_sign`.
    assert_eq!(oauthsig_core::sign::CAPACITY, 16);
}

/// The RFC request as a server receives it, carrying `authorization`.
fn incoming(authorization: &str) -> oauthsig_fw_incoming {
    oauthsig_fw_incoming {
        method: s("POST"),
        url: s(URL),
        authorization: s(authorization),
        content_type: s("application/x-www-form-urlencoded"),
        body: s(BODY),
        consumer_secret: s("j49sk3j29djd"),
        token_secret: s("dh893hdasih9"),
        realm: s("Example"),
    }
}

/// `oauthsig_fw_verify`: the code and the check.
fn verify_with(i: &oauthsig_fw_incoming, method: u32, now: u64) -> (oauthsig_fw_result, C) {
    let mut check = C::OAUTHSIG_FW_CHECK_PARSE;
    // SAFETY: `i` is live with its strings; `check` is writable.
    let code = unsafe { oauthsig_fw_verify(i, method, now, 300, &mut check) };
    (code, check)
}

#[test]
fn verifies_the_rfc_request_and_names_each_refusal() {
    let ok = (R::OAUTHSIG_FW_OK, C::OAUTHSIG_FW_CHECK_NONE);
    assert_eq!(verify_with(&incoming(HEADER), HMAC_SHA1, 137_131_250), ok);
    let tampered = HEADER.replace("%3D\"", "%3C\"");
    assert_eq!(
        verify_with(&incoming(&tampered), HMAC_SHA1, 137_131_250),
        (
            R::OAUTHSIG_FW_VERIFY_UNAUTHORIZED,
            C::OAUTHSIG_FW_CHECK_SIGNATURE
        )
    );
    assert_eq!(
        verify_with(&incoming(HEADER), HMAC_SHA1, 137_131_201 + 301),
        (
            R::OAUTHSIG_FW_VERIFY_UNAUTHORIZED,
            C::OAUTHSIG_FW_CHECK_STALE_TIMESTAMP
        )
    );
    assert_eq!(
        verify_with(&incoming(HEADER), HMAC_SHA1, 137_131_201 - 301),
        (
            R::OAUTHSIG_FW_VERIFY_UNAUTHORIZED,
            C::OAUTHSIG_FW_CHECK_FUTURE_TIMESTAMP
        )
    );
    // Another method than the request's: refused by the method check, or,
    // in a build without it, as an argument.
    let sha256 = oauthsig_fw_signature_method::OAUTHSIG_FW_HMAC_SHA256 as u32;
    let want = if SignatureMethod::HmacSha256.is_available() {
        (
            R::OAUTHSIG_FW_VERIFY_BAD_REQUEST,
            C::OAUTHSIG_FW_CHECK_SIGNATURE_METHOD,
        )
    } else {
        (
            R::OAUTHSIG_FW_UNSUPPORTED_SIGNATURE_METHOD,
            C::OAUTHSIG_FW_CHECK_NONE,
        )
    };
    assert_eq!(verify_with(&incoming(HEADER), sha256, 137_131_250), want);
    let mut realm = incoming(HEADER);
    realm.realm = s("Photos");
    assert_eq!(
        verify_with(&realm, HMAC_SHA1, 137_131_250),
        (
            R::OAUTHSIG_FW_VERIFY_UNAUTHORIZED,
            C::OAUTHSIG_FW_CHECK_REALM
        )
    );
    let mut any_realm = incoming(HEADER);
    any_realm.realm = ABSENT;
    assert_eq!(verify_with(&any_realm, HMAC_SHA1, 137_131_250), ok);
    let mut other_secret = incoming(HEADER);
    other_secret.token_secret = s("");
    assert_eq!(
        verify_with(&other_secret, HMAC_SHA1, 137_131_250),
        (
            R::OAUTHSIG_FW_VERIFY_UNAUTHORIZED,
            C::OAUTHSIG_FW_CHECK_SIGNATURE
        )
    );
    let no_nonce = HEADER.replace(" oauth_nonce=\"7d8f3e4a\",", "");
    assert_eq!(
        verify_with(&incoming(&no_nonce), HMAC_SHA1, 137_131_250),
        (
            R::OAUTHSIG_FW_VERIFY_BAD_REQUEST,
            C::OAUTHSIG_FW_CHECK_MISSING_PARAMETER
        )
    );
    assert_eq!(
        verify_with(&incoming("OAuth realm=\"Example"), HMAC_SHA1, 137_131_250),
        (
            R::OAUTHSIG_FW_VERIFY_BAD_REQUEST,
            C::OAUTHSIG_FW_CHECK_PARSE
        )
    );
    let mut unsigned = incoming(HEADER);
    unsigned.authorization = ABSENT;
    assert_eq!(
        verify_with(&unsigned, HMAC_SHA1, 137_131_250),
        (
            R::OAUTHSIG_FW_VERIFY_BAD_REQUEST,
            C::OAUTHSIG_FW_CHECK_MISSING_PARAMETER
        )
    );
    // The form body is signed: changed, the signature fails.
    let mut body = incoming(HEADER);
    body.body = s("c2&a3=2+r");
    assert_eq!(
        verify_with(&body, HMAC_SHA1, 137_131_250),
        (
            R::OAUTHSIG_FW_VERIFY_UNAUTHORIZED,
            C::OAUTHSIG_FW_CHECK_SIGNATURE
        )
    );
}

#[test]
fn verification_arguments_are_refused_before_any_check() {
    let none = C::OAUTHSIG_FW_CHECK_NONE;
    assert_eq!(
        verify_with(&incoming(HEADER), 7, 137_131_250),
        (R::OAUTHSIG_FW_UNSUPPORTED_SIGNATURE_METHOD, none)
    );
    let mut latin1 = incoming(HEADER);
    latin1.url = oauthsig_fw_str {
        ptr: b"http://\xe9".as_ptr(),
        len: 8,
    };
    assert_eq!(
        verify_with(&latin1, HMAC_SHA1, 137_131_250),
        (R::OAUTHSIG_FW_INVALID_UTF8, none)
    );
    let mut check = C::OAUTHSIG_FW_CHECK_PARSE;
    // SAFETY: NULL is the request under test; `check` is writable.
    let code = unsafe { oauthsig_fw_verify(ptr::null(), HMAC_SHA1, 0, 300, &mut check) };
    assert_eq!((code, check), (R::OAUTHSIG_FW_NULL_ARGUMENT, none));
    // A NULL `check` is allowed.
    // SAFETY: the request is live.
    let code = unsafe {
        oauthsig_fw_verify(
            &incoming(HEADER),
            HMAC_SHA1,
            137_131_250,
            300,
            ptr::null_mut(),
        )
    };
    assert_eq!(code, R::OAUTHSIG_FW_OK);
}

/// The firmware's stand-in random source: xorshift32 from a constant seed,
/// a byte per step (as firmware/rust's TestRng and firmware/c's main.c).
/// NOT random: only so the nonce is known.
struct Xorshift {
    state: u32,
    calls: usize,
    fail: bool,
}

unsafe extern "C" fn xorshift_fill(ctx: *mut c_void, buf: *mut u8, len: usize) -> c_int {
    // SAFETY: the tests pass a live `Xorshift` as `ctx`, and the library a
    // writable `(buf, len)`.
    let (rng, dst) = unsafe {
        (
            &mut *ctx.cast::<Xorshift>(),
            core::slice::from_raw_parts_mut(buf, len),
        )
    };
    rng.calls += 1;
    if rng.fail {
        return -1;
    }
    for b in dst {
        let mut x = rng.state;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        rng.state = x;
        *b = x as u8;
    }
    0
}

fn xorshift() -> Xorshift {
    Xorshift {
        state: 0x2545_F491,
        calls: 0,
        fail: false,
    }
}

/// `oauthsig_fw_nonce` of `len` into `cap` bytes.
fn nonce_with(rng: &mut Xorshift, len: usize, cap: usize) -> (oauthsig_fw_result, usize, Vec<u8>) {
    let mut buf = std::vec![0xAAu8; cap];
    let mut out = usize::MAX;
    let ctx: *mut Xorshift = rng;
    // SAFETY: the callback writes only its `(buf, len)`; `ctx` is the live
    // generator; the output is valid.
    let code = unsafe {
        oauthsig_fw_nonce(
            Some(xorshift_fill),
            ctx.cast(),
            len,
            buf.as_mut_ptr().cast(),
            cap,
            &mut out,
        )
    };
    (code, out, buf)
}

#[test]
fn nonces_come_from_the_callers_source() {
    let mut rng = xorshift();
    let (code, len, buf) = nonce_with(&mut rng, 16, 17);
    // The text firmware/rust's test generator gives for 16 characters.
    assert_eq!(
        (code, len, text(&buf)),
        (R::OAUTHSIG_FW_OK, 16, "wlmcpZQpkLVnO02O")
    );
    let (code, len, buf) = nonce_with(&mut xorshift(), 0, 64);
    assert_eq!((code, len), (R::OAUTHSIG_FW_OK, OAUTHSIG_FW_NONCE_LEN));
    assert!(text(&buf).bytes().all(|b| b.is_ascii_alphanumeric()));
    // Too small: sized, and nothing drawn.
    let mut rng = xorshift();
    let (code, len, buf) = nonce_with(&mut rng, 16, 16);
    assert_eq!(
        (code, len, buf[0], rng.calls),
        (R::OAUTHSIG_FW_BUFFER_TOO_SMALL, 16, 0, 0)
    );
    // A failing source is reported.
    let mut rng = Xorshift {
        fail: true,
        ..xorshift()
    };
    let (code, _, buf) = nonce_with(&mut rng, 16, 17);
    assert_eq!((code, buf[0]), (R::OAUTHSIG_FW_SYSTEM_ERROR, 0));
    let (mut buf, mut len) = ([0u8; 32], 0);
    // SAFETY: the NULL callback is what is tested; the output is valid.
    let code = unsafe {
        oauthsig_fw_nonce(
            None,
            ptr::null_mut(),
            16,
            buf.as_mut_ptr().cast(),
            32,
            &mut len,
        )
    };
    assert_eq!(code, R::OAUTHSIG_FW_NULL_ARGUMENT);
}

#[test]
fn a_nonce_and_timestamp_sign_a_request() {
    let (code, _, nonce) = nonce_with(&mut xorshift(), 16, 17);
    assert_eq!(code, R::OAUTHSIG_FW_OK);
    let (mut ts, mut ts_len) = ([0u8; 21], 0);
    // SAFETY: the output is valid.
    let code =
        unsafe { oauthsig_fw_timestamp(137_131_201, ts.as_mut_ptr().cast(), 21, &mut ts_len) };
    assert_eq!((code, text(&ts)), (R::OAUTHSIG_FW_OK, "137131201"));
    let mut r = request();
    r.nonce = s(text(&nonce));
    r.timestamp = s(text(&ts));
    let (code, _, buf) = sign_with(&r, HMAC_SHA1, HEADER_PLACEMENT, 512);
    assert_eq!(code, R::OAUTHSIG_FW_OK);
    assert!(text(&buf).contains("oauth_timestamp=\"137131201\", oauth_nonce=\"wlmcpZQpkLVnO02O\""));
    assert_eq!(
        verify_with(&incoming(text(&buf)), HMAC_SHA1, 137_131_201),
        (R::OAUTHSIG_FW_OK, C::OAUTHSIG_FW_CHECK_NONE)
    );
    // The longest timestamp, and one byte short of it.
    // SAFETY: the outputs are valid.
    let code = unsafe { oauthsig_fw_timestamp(u64::MAX, ts.as_mut_ptr().cast(), 21, &mut ts_len) };
    assert_eq!(
        (code, text(&ts)),
        (R::OAUTHSIG_FW_OK, "18446744073709551615")
    );
    // SAFETY: as above.
    let code = unsafe { oauthsig_fw_timestamp(u64::MAX, ts.as_mut_ptr().cast(), 20, &mut ts_len) };
    assert_eq!(
        (code, ts_len, ts[0]),
        (R::OAUTHSIG_FW_BUFFER_TOO_SMALL, 20, 0)
    );
}

/// `oauthsig_fw_percent_encode` of `input` into 64 bytes.
fn encode_with(input: &[u8]) -> (oauthsig_fw_result, usize, Vec<u8>) {
    let (mut buf, mut len) = (std::vec![0xAAu8; 64], usize::MAX);
    // SAFETY: the input and output are valid.
    let code = unsafe {
        oauthsig_fw_percent_encode(
            input.as_ptr(),
            input.len(),
            buf.as_mut_ptr().cast(),
            64,
            &mut len,
        )
    };
    (code, len, buf)
}

#[test]
fn percent_encodes_per_section_3_6() {
    let (code, len, buf) = encode_with("Ladies + Gentlemen ~ é".as_bytes());
    let want = "Ladies%20%2B%20Gentlemen%20~%20%C3%A9";
    assert_eq!(
        (code, len, text(&buf)),
        (R::OAUTHSIG_FW_OK, want.len(), want)
    );
    let (code, len, buf) = encode_with(b"");
    assert_eq!((code, len, text(&buf)), (R::OAUTHSIG_FW_OK, 0, ""));
    let (code, _, buf) = encode_with(b"\xff");
    assert_eq!((code, buf[0]), (R::OAUTHSIG_FW_INVALID_UTF8, 0));
    let (code, len, buf) = encode_with(&[b'&'; 30]);
    assert_eq!(
        (code, len, buf[0]),
        (R::OAUTHSIG_FW_BUFFER_TOO_SMALL, 90, 0)
    );
}

#[test]
fn every_code_has_its_text() {
    for value in 0..=100 {
        let text = crate::result::message_for(value);
        assert!(text.ends_with('\0') && text.len() > 1);
        let named = oauthsig_fw_result::from_u32(value);
        assert_eq!(named.is_none(), text == "unknown result code\0", "{value}");
        if let Some(code) = named {
            assert_eq!(code as u32, value);
        }
    }
    let p = oauthsig_fw_result_str(3);
    // SAFETY: the function returns a static NUL-terminated string.
    let c = unsafe { core::ffi::CStr::from_ptr(p) };
    assert_eq!(c.to_str().unwrap(), "output buffer too small");
}

/// Issue 21 point 16: PLAINTEXT to an http URL sends the secrets in clear,
/// so RFC 5849 §3.4.4 wants TLS. A zeroed flag refuses it (with its own
/// code, the buffer emptied), 1 signs it, another byte is refused as an
/// argument (never read as a `bool`); https and HMAC are not affected.
#[test]
#[cfg(feature = "plaintext")]
fn plaintext_over_http_needs_the_opt_in() {
    let plaintext = oauthsig_fw_signature_method::OAUTHSIG_FW_PLAINTEXT as u32;
    let mut r = request();
    let (code, _, buf) = sign_with(&r, plaintext, HEADER_PLACEMENT, 512);
    assert_eq!((code, buf[0]), (R::OAUTHSIG_FW_PLAINTEXT_OVER_HTTP, 0));
    let (code, _, _) = sign_with(&r, HMAC_SHA1, HEADER_PLACEMENT, 512);
    assert_eq!(code, R::OAUTHSIG_FW_OK);
    r.allow_plaintext_over_http = 1;
    let (code, _, buf) = sign_with(&r, plaintext, HEADER_PLACEMENT, 512);
    assert_eq!(code, R::OAUTHSIG_FW_OK);
    assert!(text(&buf).contains(r#"oauth_signature="j49sk3j29djd%26dh893hdasih9""#));
    for bad in [2, 0x80, 0xff] {
        r.allow_plaintext_over_http = bad;
        let (code, _, _) = sign_with(&r, HMAC_SHA1, HEADER_PLACEMENT, 512);
        assert_eq!(code, R::OAUTHSIG_FW_INVALID_ARGUMENT, "flag {bad}");
        let mut v = request();
        v.include_version = bad;
        let (code, _, _) = sign_with(&v, HMAC_SHA1, HEADER_PLACEMENT, 512);
        assert_eq!(code, R::OAUTHSIG_FW_INVALID_ARGUMENT, "version {bad}");
    }
    let secure = "https://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b";
    let mut r = request();
    r.url = s(secure);
    let (code, _, _) = sign_with(&r, plaintext, HEADER_PLACEMENT, 512);
    assert_eq!(code, R::OAUTHSIG_FW_OK);
    let message = crate::result::message_for(R::OAUTHSIG_FW_PLAINTEXT_OVER_HTTP as u32);
    assert!(message.contains("RFC 5849 §3.4.4"), "{message}");
}

/// Issue 21 point 13: only http and https URLs are signed (§3.4.1.2).
#[test]
fn only_http_and_https_urls_are_signed() {
    for url in ["ftp://example.com/x", "gopher://example.com/"] {
        let mut r = request();
        r.url = s(url);
        let (code, _, buf) = sign_with(&r, HMAC_SHA1, HEADER_PLACEMENT, 512);
        assert_eq!((code, buf[0]), (R::OAUTHSIG_FW_BAD_URL, 0), "{url}");
    }
}

/// An input inside the output buffer (or `*out_len` inside it) is refused
/// before anything is read: the output is written while the inputs are
/// read (issue 21, point 12, as in liboauthsig's one-shot calls).
#[test]
fn an_input_inside_the_output_is_refused() {
    let mut buf = [0u8; 512];
    let mut len = usize::MAX;
    buf[400..407].copy_from_slice(b"Example");
    let base = buf.as_mut_ptr();
    let mut r = request();
    // SAFETY: 400 + 7 <= 512: the realm's bytes are inside `buf`.
    let realm = unsafe { base.add(400) };
    r.realm = oauthsig_fw_str { ptr: realm, len: 7 };
    // SAFETY: `r`'s strings are live; `buf` has 512 writable bytes; the
    // overlapping realm is refused before it is read.
    let code =
        unsafe { oauthsig_fw_sign(&r, HMAC_SHA1, HEADER_PLACEMENT, base.cast(), 512, &mut len) };
    assert_eq!((code, buf[0]), (R::OAUTHSIG_FW_INVALID_ARGUMENT, 0));
    // Just past the buffer: apart, and signed.
    // SAFETY: as above, with 400 writable bytes before the realm.
    let code =
        unsafe { oauthsig_fw_sign(&r, HMAC_SHA1, HEADER_PLACEMENT, base.cast(), 400, &mut len) };
    assert_eq!(code, R::OAUTHSIG_FW_OK);
    buf[300..303].copy_from_slice(b"a b");
    // SAFETY: the input is `buf[300..303]`, the output all of `buf`.
    let code = unsafe { oauthsig_fw_percent_encode(base.add(300), 3, base.cast(), 512, &mut len) };
    assert_eq!(code, R::OAUTHSIG_FW_INVALID_ARGUMENT);
    let mut words = [0usize; 64];
    let wbase = words.as_mut_ptr();
    // SAFETY: `*out_len` is `words[3]`, inside the 512-byte output.
    let code = unsafe {
        oauthsig_fw_sign(
            &request(),
            HMAC_SHA1,
            HEADER_PLACEMENT,
            wbase.cast(),
            512,
            wbase.add(3),
        )
    };
    assert_eq!(code, R::OAUTHSIG_FW_INVALID_ARGUMENT);
}
