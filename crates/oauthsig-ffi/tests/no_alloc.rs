//! Proves the C one-shot calls allocate nothing when they succeed, nor when
//! they answer a sizing call: a global allocator counts every allocation
//! while `oauthsig_sign` (every placement and body kind, pinned and with a
//! fresh nonce and timestamp, every shared-secret signature method; RSA
//! signing is made on the heap) and
//! `oauthsig_sign_header` sign, and while `oauthsig_sign` is sized (no
//! buffer, a buffer too small), called from Rust exactly as C calls them.

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
        include_version: false,
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
            include_version: true,
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
    // Warm up anything lazily initialised: the OS random source, and the
    // thread's error message buffer, which a failure writes into.
    sign_all(&keys, &mut buf);
    size_all(&keys);
    let before = thread_allocations();
    let total = sign_all(&keys, &mut buf) + size_all(&keys);
    let after = thread_allocations();
    assert!(total > 0);
    assert_eq!(after - before, 0, "{} allocations", after - before);
    // The counter counts: a failure records its message on the heap.
    // SAFETY: NULL key and request are refused before anything is read.
    let rc = unsafe {
        oauthsig_sign(
            ptr::null(),
            ptr::null(),
            1,
            ptr::null(),
            0,
            ptr::null_mut(),
            0,
            ptr::null_mut(),
        )
    };
    assert_eq!(rc, oauthsig_result::OAUTHSIG_NULL_ARGUMENT);
    assert!(thread_allocations() > after);
    for k in keys {
        // SAFETY: live keys from oauthsig_signing_key_new, freed once.
        unsafe { oauthsig_signing_key_free(k) };
    }
}
