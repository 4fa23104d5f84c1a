//! Proves the C one-shot calls allocate nothing on any path: when they
//! succeed, when they answer a sizing call, and when they fail (issue 21,
//! point 15: each failure used to allocate its message). A global allocator
//! counts every allocation while `oauthsig_sign` (every placement and body
//! kind, pinned and with a fresh nonce and timestamp, every shared-secret
//! signature method; RSA signing is made on the heap) and
//! `oauthsig_sign_header` sign, while both are sized (no buffer, a buffer
//! too small), and while both refuse every kind of bad argument, the last
//! error message read back included — called from Rust exactly as C calls
//! them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauthsig_bench_support::{Counting, thread_allocations};
use oauthsig_ffi::*;
use std::ptr;

// The count is process-wide, so this binary holds a single test: another one
// running on a parallel test thread would be counted against it.
#[global_allocator]
static GLOBAL: Counting = Counting;

const URL: &str = "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b";

fn s(text: &'static str) -> oauthsig_str {
    oauthsig_str {
        ptr: text.as_ptr(),
        len: text.len(),
    }
}

const ABSENT: oauthsig_str = oauthsig_str {
    ptr: ptr::null(),
    len: 0,
};

/// The RFC 5849 §3.4.1.1 request with the body `kind` says.
fn request(kind: oauthsig_body_kind, body: &'static str, pinned: bool) -> oauthsig_sign_request {
    oauthsig_sign_request {
        method: s("POST"),
        url: s(URL),
        body_kind: kind as u32,
        body: s(body),
        consumer_key: s("9djdj82h48djs9d2"),
        token: s("kkk9d7dh3k39sjv7"),
        timestamp: if pinned { s("137131201") } else { ABSENT },
        nonce: if pinned { s("7d8f3e4a") } else { ABSENT },
        callback: ABSENT,
        verifier: ABSENT,
        include_version: 0,
        allow_plaintext_over_http: 1,
    }
}

fn key(method: oauthsig_signature_method) -> *mut oauthsig_signing_key {
    let (mut c, mut t, mut k) = (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
    // SAFETY: valid (ptr, len) inputs and writable out-pointers; the
    // consumer and token are freed once, after the key copied their secrets.
    unsafe {
        assert_eq!(
            oauthsig_consumer_new(b"ck".as_ptr(), 2, b"j49sk3j29djd".as_ptr(), 12, &mut c),
            oauthsig_result::OAUTHSIG_OK
        );
        assert_eq!(
            oauthsig_token_new(b"tk".as_ptr(), 2, b"dh893hdasih9".as_ptr(), 12, &mut t),
            oauthsig_result::OAUTHSIG_OK
        );
        assert_eq!(
            oauthsig_signing_key_new(method as u32, c, t, &mut k),
            oauthsig_result::OAUTHSIG_OK
        );
        oauthsig_token_free(t);
        oauthsig_consumer_free(c);
    }
    k
}

/// Every success path of the two calls once; the outputs' total length.
fn sign_all(keys: &[*mut oauthsig_signing_key], buf: &mut [u8; 1024]) -> usize {
    use oauthsig_body_kind as K;
    use oauthsig_placement as P;
    let mut total = 0;
    let mut len = 0usize;
    let bodies = [
        (K::OAUTHSIG_BODY_NONE, ""),
        (K::OAUTHSIG_BODY_FORM, "c2&a3=2+q"),
        (K::OAUTHSIG_BODY_OPAQUE, "Hello World!"),
        (
            K::OAUTHSIG_BODY_PRECOMPUTED_HASH,
            "Lve95gjOVATpfV8EL5X4nxwjKHE=",
        ),
    ];
    for &key in keys {
        for (kind, body) in bodies {
            for placement in [
                P::OAUTHSIG_PLACEMENT_HEADER,
                P::OAUTHSIG_PLACEMENT_URL,
                P::OAUTHSIG_PLACEMENT_FORM,
            ] {
                let form_only = placement == P::OAUTHSIG_PLACEMENT_FORM
                    && matches!(
                        kind,
                        K::OAUTHSIG_BODY_OPAQUE | K::OAUTHSIG_BODY_PRECOMPUTED_HASH
                    );
                if form_only {
                    continue;
                }
                for pinned in [true, false] {
                    let r = request(kind, body, pinned);
                    // SAFETY: a live key, a valid request whose strings are
                    // statics, a realm literal and a buffer of its length.
                    let rc = unsafe {
                        oauthsig_sign(
                            key,
                            &r,
                            placement as u32,
                            b"Example".as_ptr(),
                            7,
                            buf.as_mut_ptr().cast(),
                            buf.len(),
                            &mut len,
                        )
                    };
                    assert_eq!(rc, oauthsig_result::OAUTHSIG_OK, "{kind:?} {placement:?}");
                    total += len;
                }
            }
        }
        let input = oauthsig_sign_input {
            method: s("POST"),
            url: s(URL),
            form_body: s("c2&a3=2+q"),
            consumer_key: s("9djdj82h48djs9d2"),
            token: s("kkk9d7dh3k39sjv7"),
            timestamp: s("137131201"),
            nonce: s("7d8f3e4a"),
            callback: ABSENT,
            verifier: ABSENT,
            realm: s("Example"),
            include_version: 1,
            allow_plaintext_over_http: 1,
        };
        // SAFETY: as above.
        let rc = unsafe {
            oauthsig_sign_header(key, &input, buf.as_mut_ptr().cast(), buf.len(), &mut len)
        };
        assert_eq!(rc, oauthsig_result::OAUTHSIG_OK);
        total += len;
    }
    total
}

/// The size-and-retry convention's first call, pinned and fresh, with no
/// buffer and with one too small: every one is OAUTHSIG_BUFFER_TOO_SMALL.
fn size_all(keys: &[*mut oauthsig_signing_key]) -> usize {
    use oauthsig_body_kind as K;
    let mut total = 0;
    let mut small = [0u8; 16];
    for &key in keys {
        for pinned in [true, false] {
            let r = request(K::OAUTHSIG_BODY_FORM, "c2&a3=2+q", pinned);
            for (buf, cap) in [(ptr::null_mut(), 0), (small.as_mut_ptr(), small.len())] {
                let mut needed = 0usize;
                let url = oauthsig_placement::OAUTHSIG_PLACEMENT_URL as u32;
                // SAFETY: a live key, a valid request whose strings are
                // statics, no realm, and a buffer of `cap` bytes or none.
                let rc = unsafe {
                    oauthsig_sign(key, &r, url, ptr::null(), 0, buf.cast(), cap, &mut needed)
                };
                assert_eq!(rc, oauthsig_result::OAUTHSIG_BUFFER_TOO_SMALL);
                total += needed;
            }
        }
    }
    total
}

/// `oauthsig_sign` with `r`, the realm `realm` and a buffer of `cap` bytes
/// (NULL for 0): its code.
fn sign_with(
    key: *const oauthsig_signing_key,
    r: *const oauthsig_sign_request,
    placement: u32,
    realm: oauthsig_str,
    buf: &mut [u8],
    cap: usize,
) -> oauthsig_result {
    let mut len = 0usize;
    let ptr = if cap == 0 {
        ptr::null_mut()
    } else {
        buf.as_mut_ptr()
    };
    assert!(cap <= buf.len());
    // SAFETY: a live key or NULL, a valid request or NULL whose strings are
    // statics or point into `buf` (the overlap case, refused before they
    // are read), a realm of the same kind, and `cap` writable bytes.
    unsafe {
        oauthsig_sign(
            key,
            r,
            placement,
            realm.ptr,
            realm.len,
            ptr.cast(),
            cap,
            &mut len,
        )
    }
}

/// Every way the one-shot calls refuse their arguments, each checked for
/// its code; the last error message of each read back. The number of
/// calls made.
fn fail_all(key: *const oauthsig_signing_key, plaintext: bool, buf: &mut [u8; 1024]) -> usize {
    use oauthsig_body_kind as K;
    use oauthsig_result as R;
    // PLAINTEXT to the http URL without the opt-in (§3.4.4).
    let over_http = if plaintext {
        R::OAUTHSIG_PLAINTEXT_OVER_HTTP
    } else {
        R::OAUTHSIG_OK
    };
    let header = oauthsig_placement::OAUTHSIG_PLACEMENT_HEADER as u32;
    let good = request(K::OAUTHSIG_BODY_FORM, "c2&a3=2+q", true);
    let with = |change: fn(&mut oauthsig_sign_request)| {
        let mut r = good;
        change(&mut r);
        r
    };
    let null_with_len = oauthsig_str {
        ptr: ptr::null(),
        len: 3,
    };
    // An array, not a Vec: the test allocates nothing itself.
    let cases: [(oauthsig_sign_request, u32, oauthsig_str, R); 15] = [
        (good, 0, ABSENT, R::OAUTHSIG_INVALID_ARGUMENT),
        (good, header, null_with_len, R::OAUTHSIG_NULL_ARGUMENT),
        (
            with(|r| r.body_kind = 9),
            header,
            ABSENT,
            R::OAUTHSIG_INVALID_ARGUMENT,
        ),
        (
            with(|r| r.include_version = 2),
            header,
            ABSENT,
            R::OAUTHSIG_INVALID_ARGUMENT,
        ),
        (
            with(|r| r.allow_plaintext_over_http = 0xff),
            header,
            ABSENT,
            R::OAUTHSIG_INVALID_ARGUMENT,
        ),
        (
            with(|r| {
                r.token = oauthsig_str {
                    ptr: ptr::null(),
                    len: 3,
                }
            }),
            header,
            ABSENT,
            R::OAUTHSIG_NULL_ARGUMENT,
        ),
        (
            with(|r| r.method = s("GE T")),
            header,
            ABSENT,
            R::OAUTHSIG_BAD_METHOD,
        ),
        (
            with(|r| r.url = s("ftp://example.com/x")),
            header,
            ABSENT,
            R::OAUTHSIG_BAD_URL,
        ),
        (
            with(|r| r.url = s("http://example.com:99999/")),
            header,
            ABSENT,
            R::OAUTHSIG_BAD_URL,
        ),
        (
            with(|r| {
                r.consumer_key = oauthsig_str {
                    ptr: b"\xff".as_ptr(),
                    len: 1,
                }
            }),
            header,
            ABSENT,
            R::OAUTHSIG_INVALID_UTF8,
        ),
        (
            with(|r| r.body = s("a=%zz")),
            header,
            ABSENT,
            R::OAUTHSIG_BAD_ENCODING,
        ),
        (
            with(|r| r.body_kind = K::OAUTHSIG_BODY_NONE as u32),
            header,
            ABSENT,
            R::OAUTHSIG_INVALID_ARGUMENT,
        ),
        (good, header, s("bad\nrealm"), R::OAUTHSIG_INVALID_ARGUMENT),
        (
            with(|r| r.url = s(MANY_PARAMS)),
            header,
            ABSENT,
            R::OAUTHSIG_INVALID_ARGUMENT,
        ),
        (
            with(|r| r.allow_plaintext_over_http = 0),
            header,
            ABSENT,
            over_http,
        ),
    ];
    let mut calls = 0;
    for (r, placement, realm, want) in &cases {
        let rc = sign_with(key, r, *placement, *realm, buf, 1024);
        assert_eq!(rc, *want, "{r:?} {placement}");
        calls += 1 + read_message(rc);
    }
    // NULL key and request; the output buffer itself refused.
    assert_eq!(
        sign_with(ptr::null(), &good, header, ABSENT, buf, 8),
        R::OAUTHSIG_NULL_ARGUMENT
    );
    assert_eq!(
        sign_with(key, ptr::null(), header, ABSENT, buf, 8),
        R::OAUTHSIG_NULL_ARGUMENT
    );
    // An input inside the output buffer (issue 21, point 12).
    let inside = oauthsig_str {
        ptr: buf[100..].as_ptr(),
        len: 7,
    };
    buf[100..107].copy_from_slice(b"Example");
    let rc = sign_with(key, &good, header, inside, buf, 1024);
    assert_eq!(rc, R::OAUTHSIG_INVALID_ARGUMENT);
    calls + 3 + read_message(rc)
}

/// Reads the last error message, sized first as C does: the calls made.
fn read_message(rc: oauthsig_result) -> usize {
    if rc == oauthsig_result::OAUTHSIG_OK {
        return 0;
    }
    let (mut small, mut len) = ([0u8; 8], 0usize);
    // SAFETY: a buffer of 8 writable bytes and a writable length.
    let sized = unsafe { oauthsig_last_error_message(small.as_mut_ptr().cast(), 8, &mut len) };
    assert_eq!(sized, oauthsig_result::OAUTHSIG_BUFFER_TOO_SMALL);
    let mut full = [0u8; 1024];
    // SAFETY: as above, 1024 bytes.
    let rc = unsafe { oauthsig_last_error_message(full.as_mut_ptr().cast(), 1024, &mut len) };
    assert_eq!(rc, oauthsig_result::OAUTHSIG_OK);
    assert!(len > 8 && full[len] == 0);
    2
}

/// A URL with 70 query parameters: more than the one-shot holds.
const MANY_PARAMS: &str = "http://example.com/?a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1\
&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1\
&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1\
&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1";

/// `oauthsig_sign_header` sized and refused: the calls made.
fn header_sized_and_failed(key: *const oauthsig_signing_key, buf: &mut [u8; 1024]) -> usize {
    let mut input = oauthsig_sign_input {
        method: s("POST"),
        url: s(URL),
        form_body: s("c2&a3=2+q"),
        consumer_key: s("9djdj82h48djs9d2"),
        token: s("kkk9d7dh3k39sjv7"),
        timestamp: ABSENT,
        nonce: ABSENT,
        callback: ABSENT,
        verifier: ABSENT,
        realm: s("Example"),
        include_version: 1,
        allow_plaintext_over_http: 1,
    };
    let mut len = 0usize;
    // SAFETY: a live key, a valid input of statics, no buffer.
    let rc = unsafe { oauthsig_sign_header(key, &input, ptr::null_mut(), 0, &mut len) };
    assert_eq!(rc, oauthsig_result::OAUTHSIG_BUFFER_TOO_SMALL);
    // SAFETY: as above, 16 writable bytes.
    let rc = unsafe { oauthsig_sign_header(key, &input, buf.as_mut_ptr().cast(), 16, &mut len) };
    assert_eq!(rc, oauthsig_result::OAUTHSIG_BUFFER_TOO_SMALL);
    input.form_body = oauthsig_str {
        ptr: ptr::null(),
        len: 9,
    };
    // SAFETY: as above, the whole buffer; the NULL body is refused unread.
    let rc = unsafe { oauthsig_sign_header(key, &input, buf.as_mut_ptr().cast(), 1024, &mut len) };
    assert_eq!(rc, oauthsig_result::OAUTHSIG_NULL_ARGUMENT);
    3 + read_message(rc)
}

#[test]
fn one_shot_signing_allocates_nothing() {
    use oauthsig_signature_method as M;
    let keys = [
        key(M::OAUTHSIG_HMAC_SHA1),
        key(M::OAUTHSIG_HMAC_SHA256),
        key(M::OAUTHSIG_HMAC_SHA512),
        key(M::OAUTHSIG_PLAINTEXT),
    ];
    let mut buf = [0u8; 1024];
    let run = |buf: &mut [u8; 1024]| {
        let mut calls = sign_all(&keys, buf) + size_all(&keys);
        for (i, &k) in keys.iter().enumerate() {
            calls += fail_all(k, i == 3, buf) + header_sized_and_failed(k, buf);
        }
        calls
    };
    // Warm up anything lazily initialised: the OS random source.
    run(&mut buf);
    let before = thread_allocations();
    let total = run(&mut buf);
    let after = thread_allocations();
    assert!(total > 0);
    assert_eq!(after - before, 0, "{} allocations", after - before);
    // The counter counts.
    let boxed = std::hint::black_box(Box::new(7u64));
    assert!(thread_allocations() > after);
    drop(boxed);
    for k in keys {
        // SAFETY: live keys from oauthsig_signing_key_new, freed once.
        unsafe { oauthsig_signing_key_free(k) };
    }
}
