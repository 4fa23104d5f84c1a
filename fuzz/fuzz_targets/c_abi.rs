//! The C ABI of oauthsig-ffi, called from Rust as C would call it
//! (structured input from the `arbitrary` crate).
//!
//! The input is a script of up to 24 calls: `oauthsig_consumer_new`,
//! `oauthsig_token_parse` / `_new` / `_to_string`, `oauthsig_request_new` /
//! `_parse` / `_set_form_body` / `_add_param` / `_sign` / `_write` (every
//! output kind, and invalid ones), `oauthsig_signing_key_new`,
//! `oauthsig_sign_header`, `oauthsig_sign` (every placement and body kind,
//! and invalid ones), `oauthsig_verifier_builder_*` /
//! `oauthsig_verifier_verify` (with a lookup callback answering secrets, a
//! prepared key, nothing, or an unknown/unavailable status),
//! `oauthsig_percent_encode` and `oauthsig_last_error_message`. Inputs are
//! `(ptr, len)` pairs: `(NULL, 0)`, `(NULL, n)`, pointers into the fuzz input
//! itself, exact-size copies (so AddressSanitizer sees a read one past the
//! end), invalid UTF-8, a few useful literals, and the previous call's
//! output. Handles can be NULL (not created yet, or creation failed).
//!
//! Checks (libFuzzer's default AddressSanitizer build catches out-of-bounds
//! reads and writes, LeakSanitizer a handle not freed):
//!
//! * every result is a known `oauthsig_result` value;
//! * the output-buffer contract, for every output function and for
//!   capacities 0, 1, exact, exact + 1, large, arbitrary, a NULL buffer and
//!   a NULL `out_len`: nothing is written past `cap` (canary bytes after the
//!   capacity); `OAUTHSIG_BUFFER_TOO_SMALL` exactly when the output and its
//!   NUL do not fit, with `*out_len` the length needed and `buf[0]` a NUL;
//!   on success `*out_len` is the length and the output is NUL-terminated;
//!   for outputs that change between calls (a signature over a fresh nonce)
//!   a retry with `*out_len + 1` bytes fits;
//! * `oauthsig_sign` in the header placement, with a form body or none and
//!   a pinned nonce and timestamp, gives what `oauthsig_sign_header` gives
//!   for the same fields (code and output);
//! * a failed constructor leaves `*out` unchanged;
//! * `oauthsig_percent_encode` equals `reference::encode`,
//!   `oauthsig_token_parse` accepts what `oauthsig::Token` parses and
//!   `oauthsig_token_to_string` writes what it writes; `(NULL, n)` and invalid
//!   UTF-8 in a required text give `OAUTHSIG_NULL_ARGUMENT` /
//!   `OAUTHSIG_INVALID_UTF8`;
//! * a verification's result code and `*http_status` agree (200, 400, 401,
//!   413, 503: the documented set, nothing else);
//! * after every failure, `oauthsig_last_error_message` has a message;
//! * every handle is freed (the script's state frees what is left).
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use oauthsig_fuzz::reference;

/// Every `unsafe` of this target: the `extern "C"` calls, the pointers they
/// take, the lookup callback and the handles. Everything outside sees safe
/// functions over [`abi::In`] inputs, [`abi::Cap`] capacities and
/// [`abi::Written`] outputs, with the buffer contract checked here.
mod abi {
    use oauthsig_ffi::*;
    use std::ffi::{c_char, c_void};
    use std::ptr;

    /// Bytes written after every output buffer's capacity; any change is a
    /// write past `cap`.
    const CANARY: usize = 32;
    /// The fill of output buffers (and the canary), never a valid NUL.
    const FILL: u8 = 0xA5;
    /// What `*out_len` holds before a call.
    const UNSET: usize = usize::MAX;

    /// Known `oauthsig_result` values (the header's list).
    const KNOWN: [u32; 25] = [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 99,
    ];

    /// The code of a call, checked to be a known value.
    fn code(r: oauthsig_result) -> u32 {
        let c = r as u32;
        assert!(KNOWN.contains(&c), "unknown result code {c}");
        // SAFETY: oauthsig_result_str takes any value and returns a static
        // NUL-terminated string.
        let s = unsafe { std::ffi::CStr::from_ptr(oauthsig_result_str(c)) };
        assert!(!s.to_bytes().is_empty(), "no message for code {c}");
        c
    }

    pub const OK: u32 = oauthsig_result::OAUTHSIG_OK as u32;
    pub const NULL_ARGUMENT: u32 = oauthsig_result::OAUTHSIG_NULL_ARGUMENT as u32;
    pub const INVALID_UTF8: u32 = oauthsig_result::OAUTHSIG_INVALID_UTF8 as u32;
    pub const TOO_SMALL: u32 = oauthsig_result::OAUTHSIG_BUFFER_TOO_SMALL as u32;

    /// A `(ptr, len)` input. Invariant: `ptr` is NULL or points to `len`
    /// readable bytes that live as long as `'a` (borrowed from the fuzz
    /// input or from `owned`, which moves with the value and is never
    /// changed).
    pub struct In<'a> {
        ptr: *const u8,
        len: usize,
        owned: Option<Box<[u8]>>,
        borrowed: Option<&'a [u8]>,
    }

    impl<'a> In<'a> {
        /// `(NULL, len)`: absent when `len == 0`, a NULL argument otherwise.
        pub fn null(len: usize) -> Self {
            In {
                ptr: ptr::null(),
                len,
                owned: None,
                borrowed: None,
            }
        }

        /// A pointer into the fuzz input itself.
        pub fn borrowed(b: &'a [u8]) -> Self {
            In {
                ptr: b.as_ptr(),
                len: b.len(),
                owned: None,
                borrowed: Some(b),
            }
        }

        /// An exact-size heap copy: one byte read past `len` is out of
        /// bounds for AddressSanitizer.
        pub fn copied(b: &[u8]) -> Self {
            let owned: Box<[u8]> = b.into();
            In {
                // A Box's heap pointer does not move when the Box does.
                ptr: owned.as_ptr(),
                len: owned.len(),
                owned: Some(owned),
                borrowed: None,
            }
        }

        /// A NULL pointer, whatever the length.
        pub fn is_null_ptr(&self) -> bool {
            self.ptr.is_null()
        }

        /// `(NULL, n)` with `n > 0`: what a required input refuses.
        pub fn is_null_with_len(&self) -> bool {
            self.ptr.is_null() && self.len > 0
        }

        /// The bytes, `None` for a NULL pointer.
        pub fn bytes(&self) -> Option<&[u8]> {
            self.borrowed.or(self.owned.as_deref())
        }

        fn str(&self) -> oauthsig_str {
            oauthsig_str {
                ptr: self.ptr,
                len: self.len,
            }
        }
    }

    /// How an output buffer is sized, relative to the length `n` the
    /// sizing call reported.
    #[derive(arbitrary::Arbitrary, Debug, Clone, Copy)]
    pub enum Cap {
        Zero,
        One,
        /// `n`: one byte short (no room for the NUL).
        Exact,
        /// `n + 1`: just fits.
        ExactPlusOne,
        Large,
        Arbitrary(u16),
        /// NULL with a non-zero capacity: refused.
        NullBuf,
        /// A buffer but a NULL `out_len`: refused, nothing written.
        NullOutLen,
    }

    /// What an output call gave.
    #[derive(Debug)]
    pub struct Written {
        pub code: u32,
        /// The output, on success.
        pub text: Option<Vec<u8>>,
    }

    /// A caller buffer of `cap` bytes followed by the canary.
    struct Buf {
        mem: Vec<u8>,
        cap: usize,
    }

    impl Buf {
        fn new(cap: usize) -> Self {
            Buf {
                mem: vec![FILL; cap + CANARY],
                cap,
            }
        }

        fn canary_intact(&self) -> bool {
            self.mem[self.cap..].iter().all(|&b| b == FILL)
        }
    }

    /// Calls `f(buf, cap, out_len)` with a fresh buffer of `cap` bytes (NULL
    /// when `null_buf`) and checks the contract for that one call.
    fn call_out(
        cap: usize,
        null_buf: bool,
        null_out_len: bool,
        f: &mut dyn FnMut(*mut c_char, usize, *mut usize) -> oauthsig_result,
    ) -> (u32, usize, Option<Vec<u8>>) {
        let mut buf = Buf::new(cap);
        let mut out_len = UNSET;
        let p = if null_buf {
            ptr::null_mut()
        } else {
            buf.mem.as_mut_ptr().cast()
        };
        let l = if null_out_len {
            ptr::null_mut()
        } else {
            &raw mut out_len
        };
        let c = code(f(p, cap, l));
        assert!(
            buf.canary_intact(),
            "wrote past cap {cap}: {:?}",
            &buf.mem[cap..]
        );
        if null_out_len {
            assert!(c != OK && c != TOO_SMALL, "NULL out_len gave {c}");
            // A failure leaves the empty string, even with a NULL out_len
            // (the header's conventions): a NUL at [0], nothing else.
            let blanked = !null_buf && cap > 0;
            assert!(
                !blanked || buf.mem[0] == 0,
                "NULL out_len, failure not blanked"
            );
            let rest = if blanked { &buf.mem[1..] } else { &buf.mem[..] };
            assert!(
                rest.iter().all(|&b| b == FILL),
                "NULL out_len, yet written"
            );
            return (c, UNSET, None);
        }
        if null_buf && cap > 0 {
            assert!(c != OK, "NULL buffer with cap {cap} accepted");
        }
        match c {
            OK => {
                assert!(out_len < cap, "OK with out_len {out_len} for cap {cap}");
                assert_eq!(buf.mem[out_len], 0, "no NUL after {out_len} bytes");
                (c, out_len, Some(buf.mem[..out_len].to_vec()))
            }
            TOO_SMALL => {
                assert!(out_len != UNSET, "BUFFER_TOO_SMALL without *out_len");
                assert!(
                    out_len >= cap,
                    "BUFFER_TOO_SMALL but {out_len} + NUL fits {cap}"
                );
                if cap > 0 && !null_buf {
                    assert_eq!(buf.mem[0], 0, "BUFFER_TOO_SMALL leaves buf[0] non-NUL");
                }
                (c, out_len, None)
            }
            _ => (c, out_len, None),
        }
    }

    /// The buffer protocol a C caller follows: size with `(NULL, 0)`, then
    /// call with a capacity picked by `cap`. `exact`: the output is the same
    /// on every call (so `*out_len` is its length, and too small means
    /// exactly `cap <= n`); otherwise `*out_len` may be an upper bound, and
    /// a retry with `*out_len + 1` bytes must fit.
    fn sized(
        cap: Cap,
        exact: bool,
        f: &mut dyn FnMut(*mut c_char, usize, *mut usize) -> oauthsig_result,
    ) -> Written {
        let (c, n, _) = call_out(0, true, false, f);
        assert!(c != OK, "(NULL, 0) output reported success");
        if c != TOO_SMALL {
            // Refused for another reason (inputs, handles): nothing to size.
            return Written {
                code: c,
                text: None,
            };
        }
        let (want, null_buf, null_out_len) = match cap {
            Cap::Zero => (0, false, false),
            Cap::One => (1, false, false),
            Cap::Exact => (n, false, false),
            Cap::ExactPlusOne => (n + 1, false, false),
            Cap::Large => (n + 1 + 4096, false, false),
            Cap::Arbitrary(k) => (usize::from(k), false, false),
            Cap::NullBuf => (n + 1, true, false),
            Cap::NullOutLen => (n + 1, false, true),
        };
        let (c, len, text) = call_out(want, null_buf, null_out_len, f);
        if null_buf || null_out_len {
            return Written { code: c, text };
        }
        if exact {
            assert!(c == OK || c == TOO_SMALL, "sized call failed with {c}");
            assert_eq!(len, n, "*out_len changed between calls");
            assert_eq!(
                c == TOO_SMALL,
                want <= n,
                "cap {want} for {n} bytes gave {c}"
            );
            return Written { code: c, text };
        }
        match c {
            OK => assert!(len <= n, "wrote {len} bytes after asking for {n}"),
            TOO_SMALL => {
                let (c2, _, text) = call_out(len + 1, false, false, f);
                assert_eq!(
                    c2,
                    OK,
                    "a retry with *out_len + 1 = {} bytes failed",
                    len + 1
                );
                return Written { code: c2, text };
            }
            _ => {}
        }
        Written { code: c, text }
    }

    /// A handle out-parameter's value before the call: a failed
    /// constructor must leave it as it was.
    fn sentinel<T>() -> *mut T {
        ptr::NonNull::dangling().as_ptr()
    }

    /// What the lookup callback answers.
    #[derive(Debug)]
    pub struct Answer<'a> {
        /// The status returned (0 found, 1 unknown consumer, 2 unknown
        /// token, anything else unavailable).
        pub status: u32,
        /// Answer with the script's signing key instead of secrets.
        pub key: bool,
        pub consumer_secret: In<'a>,
        pub token_secret: In<'a>,
    }

    impl std::fmt::Debug for In<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match self.bytes() {
                Some(b) => write!(f, "{:?}", String::from_utf8_lossy(b)),
                None => write!(f, "(NULL, {})", self.len),
            }
        }
    }

    struct LookupData<'s, 'a> {
        answer: &'s Answer<'a>,
        key: *const oauthsig_signing_key,
    }

    /// The secrets lookup handed to `oauthsig_verifier_verify`.
    ///
    /// # Safety
    /// `user_data` is the `LookupData` `verify` passes; the rest is the
    /// callback contract of `oauthsig_secret_lookup`.
    unsafe extern "C" fn lookup(
        user_data: *mut c_void,
        consumer_key: *const u8,
        consumer_key_len: usize,
        token: *const u8,
        token_len: usize,
        answer: *mut oauthsig_lookup_answer,
    ) -> u32 {
        // SAFETY: `verify` passes a live LookupData as user_data, unaliased
        // for the call.
        let data = unsafe { &*user_data.cast::<LookupData<'_, '_>>() };
        // SAFETY: the contract promises consumer_key_len readable bytes of
        // UTF-8; reading them all lets AddressSanitizer check the promise.
        let ck = unsafe { std::slice::from_raw_parts(consumer_key, consumer_key_len) };
        assert!(std::str::from_utf8(ck).is_ok(), "consumer key not UTF-8");
        if token.is_null() {
            assert_eq!(token_len, 0, "NULL token with a length");
        } else {
            // SAFETY: as for the consumer key.
            let t = unsafe { std::slice::from_raw_parts(token, token_len) };
            assert!(std::str::from_utf8(t).is_ok(), "token not UTF-8");
        }
        let a = data.answer;
        if a.status == 0 {
            let r = if a.key {
                // SAFETY: answer is the live pointer this callback received;
                // the key handle (or NULL) outlives the verify call.
                unsafe { oauthsig_lookup_answer_key(answer, data.key) }
            } else {
                let (cs, ts) = (a.consumer_secret.str(), a.token_secret.str());
                // SAFETY: answer as above; both inputs keep In's invariant.
                unsafe { oauthsig_lookup_answer_secrets(answer, cs.ptr, cs.len, ts.ptr, ts.len) }
            };
            code(r);
        }
        a.status
    }

    /// The handles of one script; all are freed on drop.
    pub struct State {
        consumer: *mut oauthsig_consumer,
        token: *mut oauthsig_token,
        request: *mut oauthsig_request,
        key: *mut oauthsig_signing_key,
        verifier: *mut oauthsig_verifier,
    }

    /// Stores a constructor's result: on success the new handle replaces
    /// (and frees) the old one; on failure `*out` must be untouched.
    fn adopt<T>(slot: &mut *mut T, c: u32, out: *mut T, free: unsafe extern "C" fn(*mut T)) {
        if c == OK {
            assert!(!out.is_null() && out != sentinel(), "OK without a handle");
            // SAFETY: the slot holds NULL or a live handle of this type,
            // created by the matching constructor and not freed yet.
            unsafe { free(*slot) };
            *slot = out;
        } else {
            assert_eq!(out, sentinel(), "a failed constructor wrote *out");
        }
    }

    /// A handle as a call argument: the live one, or NULL when `null`.
    fn pick<T>(h: *mut T, null: bool) -> *mut T {
        if null { ptr::null_mut() } else { h }
    }

    // Every method below passes only: handles that are NULL or live (State
    // owns them and frees each exactly once), inputs keeping In's invariant,
    // and buffers from `sized`. That is each function's documented contract.
    impl State {
        pub fn new() -> Self {
            State {
                consumer: ptr::null_mut(),
                token: ptr::null_mut(),
                request: ptr::null_mut(),
                key: ptr::null_mut(),
                verifier: ptr::null_mut(),
            }
        }

        pub fn consumer_new(&mut self, key: &In<'_>, secret: &In<'_>) -> u32 {
            let mut out = sentinel();
            // SAFETY: see the impl comment.
            let c = code(unsafe {
                oauthsig_consumer_new(key.ptr, key.len, secret.ptr, secret.len, &mut out)
            });
            adopt(&mut self.consumer, c, out, oauthsig_consumer_free);
            c
        }

        pub fn token_new(&mut self, key: &In<'_>, secret: &In<'_>) -> u32 {
            let mut out = sentinel();
            // SAFETY: see the impl comment.
            let c = code(unsafe {
                oauthsig_token_new(key.ptr, key.len, secret.ptr, secret.len, &mut out)
            });
            adopt(&mut self.token, c, out, oauthsig_token_free);
            c
        }

        pub fn token_parse(&mut self, text: &In<'_>) -> u32 {
            let mut out = sentinel();
            // SAFETY: see the impl comment.
            let c = code(unsafe { oauthsig_token_parse(text.ptr, text.len, &mut out) });
            adopt(&mut self.token, c, out, oauthsig_token_free);
            c
        }

        pub fn has_token(&self) -> bool {
            !self.token.is_null()
        }

        pub fn token_to_string(&self, cap: Cap) -> Written {
            let t = self.token;
            // SAFETY: see the impl comment.
            sized(cap, true, &mut |b, n, l| unsafe {
                oauthsig_token_to_string(t, b, n, l)
            })
        }

        pub fn request_new(&mut self, method: &In<'_>, url: &In<'_>) -> u32 {
            let mut out = sentinel();
            // SAFETY: see the impl comment.
            let c = code(unsafe {
                oauthsig_request_new(method.ptr, method.len, url.ptr, url.len, &mut out)
            });
            adopt(&mut self.request, c, out, oauthsig_request_free);
            c
        }

        pub fn request_parse(&mut self, p: [&In<'_>; 6]) -> u32 {
            let [m, u, a, ct, h, b] = p;
            let mut out = sentinel();
            // SAFETY: see the impl comment.
            let c = code(unsafe {
                oauthsig_request_parse(
                    m.ptr, m.len, u.ptr, u.len, a.ptr, a.len, ct.ptr, ct.len, h.ptr, h.len, b.ptr,
                    b.len, &mut out,
                )
            });
            adopt(&mut self.request, c, out, oauthsig_request_free);
            c
        }

        pub fn set_form_body(&mut self, body: &In<'_>) -> u32 {
            // SAFETY: see the impl comment.
            code(unsafe { oauthsig_request_set_form_body(self.request, body.ptr, body.len) })
        }

        pub fn add_param(&mut self, location: u32, name: &In<'_>, value: &In<'_>) -> u32 {
            // SAFETY: see the impl comment.
            code(unsafe {
                oauthsig_request_add_param(
                    self.request,
                    location,
                    name.ptr,
                    name.len,
                    value.ptr,
                    value.len,
                )
            })
        }

        pub fn sign(&mut self, method: u32, no_consumer: bool, no_token: bool) -> u32 {
            let (c, t) = (pick(self.consumer, no_consumer), pick(self.token, no_token));
            // SAFETY: see the impl comment.
            code(unsafe { oauthsig_request_sign(self.request, method, c, t) })
        }

        pub fn write(&self, what: u32, realm: &In<'_>, cap: Cap) -> Written {
            let r = self.request;
            sized(cap, true, &mut |b, n, l| {
                // SAFETY: see the impl comment.
                unsafe { oauthsig_request_write(r, what, realm.ptr, realm.len, b, n, l) }
            })
        }

        pub fn signing_key_new(&mut self, method: u32, no_token: bool) -> u32 {
            let mut out = sentinel();
            let t = pick(self.token, no_token);
            // SAFETY: see the impl comment.
            let c = code(unsafe { oauthsig_signing_key_new(method, self.consumer, t, &mut out) });
            adopt(&mut self.key, c, out, oauthsig_signing_key_free);
            c
        }

        /// `fields`: method, url, form body, consumer key, token, timestamp,
        /// nonce, callback, verifier, realm.
        pub fn sign_header(&self, fields: [&In<'_>; 10], version: bool, cap: Cap) -> Written {
            let [
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
            ] = fields.map(In::str);
            let input = oauthsig_sign_input {
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
                include_version: u8::from(version),
                allow_plaintext_over_http: u8::from(version),
            };
            // A generated nonce or timestamp changes the output per call.
            let exact = !fields[5].ptr.is_null() && !fields[6].ptr.is_null();
            let key = self.key;
            sized(cap, exact, &mut |b, n, l| {
                // SAFETY: see the impl comment; `input` outlives the call.
                unsafe { oauthsig_sign_header(key, &input, b, n, l) }
            })
        }

        /// `fields`: method, url, body, consumer key, token, timestamp,
        /// nonce, callback, verifier, realm.
        pub fn sign_one_shot(
            &self,
            fields: [&In<'_>; 10],
            body_kind: u32,
            placement: u32,
            version: bool,
            cap: Cap,
        ) -> Written {
            let [
                method,
                url,
                body,
                consumer_key,
                token,
                timestamp,
                nonce,
                callback,
                verifier,
                realm,
            ] = fields.map(In::str);
            let request = oauthsig_sign_request {
                method,
                url,
                body_kind,
                body,
                consumer_key,
                token,
                timestamp,
                nonce,
                callback,
                verifier,
                include_version: u8::from(version),
                allow_plaintext_over_http: u8::from(version),
            };
            // A generated nonce or timestamp changes the output per call.
            let exact = !fields[5].ptr.is_null() && !fields[6].ptr.is_null();
            let key = self.key;
            sized(cap, exact, &mut |b, n, l| {
                // SAFETY: see the impl comment; `request` outlives the call.
                unsafe { oauthsig_sign(key, &request, placement, realm.ptr, realm.len, b, n, l) }
            })
        }

        /// Builds a verifier from the options (replacing the old one).
        pub fn verifier_build(
            &mut self,
            allow: &[u32],
            plaintext_over_http: bool,
            window: Option<u64>,
            realm: Option<&In<'_>>,
        ) -> u32 {
            let mut builder = sentinel();
            // SAFETY: see the impl comment.
            let c = code(unsafe { oauthsig_verifier_builder_new(&mut builder) });
            assert_eq!(c, OK, "oauthsig_verifier_builder_new failed");
            // SAFETY: see the impl comment; `builder` is live until built
            // or freed below.
            unsafe {
                for &m in allow {
                    code(oauthsig_verifier_builder_allow(builder, m));
                }
                if plaintext_over_http {
                    code(oauthsig_verifier_builder_allow_plaintext_over_http(builder));
                }
                if let Some(w) = window {
                    code(oauthsig_verifier_builder_timestamp_window(builder, w));
                }
                if let Some(r) = realm {
                    code(oauthsig_verifier_builder_require_realm(
                        builder, r.ptr, r.len,
                    ));
                }
            }
            let mut out = sentinel();
            // SAFETY: see the impl comment. Building uses up the builder's
            // options but not the handle: it is freed either way.
            let c = code(unsafe { oauthsig_verifier_build(builder, &mut out) });
            // SAFETY: the live builder from above, freed once.
            unsafe { oauthsig_verifier_builder_free(builder) };
            adopt(&mut self.verifier, c, out, oauthsig_verifier_free);
            c
        }

        pub fn has_verifier(&self) -> bool {
            !self.verifier.is_null()
        }

        /// Verifies and returns (code, http status); a verified handle is
        /// freed at once.
        pub fn verify(
            &self,
            p: [&In<'_>; 6],
            answer: &Answer<'_>,
            want_out: bool,
            no_status: bool,
        ) -> (u32, u16) {
            let [m, u, a, ct, h, b] = p;
            let mut data = LookupData {
                answer,
                key: self.key,
            };
            let mut out = ptr::null_mut();
            let mut status = 0u16;
            let out_ptr = if want_out {
                &raw mut out
            } else {
                ptr::null_mut()
            };
            let status_ptr = if no_status {
                ptr::null_mut()
            } else {
                &raw mut status
            };
            // SAFETY: see the impl comment; `data` outlives the call and is
            // only read by the callback.
            let c = code(unsafe {
                oauthsig_verifier_verify(
                    self.verifier,
                    m.ptr,
                    m.len,
                    u.ptr,
                    u.len,
                    a.ptr,
                    a.len,
                    ct.ptr,
                    ct.len,
                    h.ptr,
                    h.len,
                    b.ptr,
                    b.len,
                    Some(lookup),
                    (&raw mut data).cast(),
                    out_ptr,
                    status_ptr,
                )
            });
            if c == OK && want_out {
                assert!(!out.is_null(), "verified without a handle");
            } else {
                assert!(out.is_null(), "a handle for a failed verification");
            }
            // SAFETY: NULL or the live handle just created, freed once.
            unsafe { oauthsig_verified_free(out) };
            (c, status)
        }

        pub fn percent_encode(&self, input: &In<'_>, cap: Cap) -> Written {
            sized(cap, true, &mut |b, n, l| {
                // SAFETY: see the impl comment.
                unsafe { oauthsig_percent_encode(input.ptr, input.len, b, n, l) }
            })
        }

        pub fn last_error_message(&self, cap: Cap) -> Written {
            // SAFETY: see the impl comment.
            sized(cap, true, &mut |b, n, l| unsafe {
                oauthsig_last_error_message(b, n, l)
            })
        }
    }

    impl Drop for State {
        fn drop(&mut self) {
            // SAFETY: each is NULL or a live handle owned by this State, and
            // is freed exactly once here.
            unsafe {
                oauthsig_consumer_free(self.consumer);
                oauthsig_token_free(self.token);
                oauthsig_request_free(self.request);
                oauthsig_signing_key_free(self.key);
                oauthsig_verifier_free(self.verifier);
            }
        }
    }
}

use abi::{Answer, Cap, In, State};

/// Inputs a random byte string rarely spells, so scripts reach signing and
/// verification.
const LITERALS: [&[u8]; 16] = [
    b"GET",
    b"POST",
    b"http://example.com/r?a=1&b=x+y",
    b"https://photos.example.net/photos?file=vacation.jpg&size=original",
    b"oauth_token=hh5s93j4hdidpola&oauth_token_secret=hdhd0244k9j7ao03&oauth_callback_confirmed=true",
    b"application/x-www-form-urlencoded",
    b"c2&a3=2+q",
    b"oauth_consumer_key",
    b"dpf43f3p2l4k3l03",
    b"kd94hf93k423kf44",
    b"1318622958",
    b"chapoH",
    b"photos.example.net",
    "\u{e9}t\u{e9} \u{2603}".as_bytes(),
    b"\xff\xfe not UTF-8",
    br#"OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03", oauth_token="nnch734d00sl2jdk", oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131202", oauth_nonce="chapoH", oauth_signature="MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D""#,
];

/// A `(ptr, len)` input as the script describes it.
#[derive(Arbitrary, Debug)]
enum Arg<'a> {
    /// `(NULL, 0)`.
    Absent,
    /// `(NULL, n)` with `n > 0`.
    NullWithLen(u8),
    /// Into the fuzz input.
    Borrowed(&'a [u8]),
    /// An exact-size copy.
    Copied(&'a [u8]),
    Literal(u8),
    /// The last successful output of the script.
    Previous,
}

impl<'a> Arg<'a> {
    fn get(&self, previous: &[u8]) -> In<'a> {
        match *self {
            Arg::Absent => In::null(0),
            Arg::NullWithLen(n) => In::null(usize::from(n).max(1)),
            Arg::Borrowed(b) => In::borrowed(b),
            Arg::Copied(b) => In::copied(b),
            Arg::Literal(i) => In::copied(LITERALS[usize::from(i) % LITERALS.len()]),
            Arg::Previous => In::copied(previous),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Lookup<'a> {
    status: u8,
    key: bool,
    consumer_secret: Arg<'a>,
    token_secret: Arg<'a>,
}

#[derive(Arbitrary, Debug)]
enum Call<'a> {
    ConsumerNew(Arg<'a>, Arg<'a>),
    TokenNew(Arg<'a>, Arg<'a>),
    TokenParse(Arg<'a>),
    TokenToString(Cap),
    RequestNew(Arg<'a>, Arg<'a>),
    /// method, url, authorization, content type, host, body.
    RequestParse([Arg<'a>; 6]),
    SetFormBody(Arg<'a>),
    AddParam(u8, Arg<'a>, Arg<'a>),
    /// method, no consumer, no token.
    Sign(u8, bool, bool),
    /// what, realm.
    Write(u8, Arg<'a>, Cap),
    SigningKeyNew(u8, bool),
    SignHeader([Arg<'a>; 10], bool, Cap),
    /// fields as SignHeader with the body in the form body's place, body
    /// kind, placement, version.
    SignOneShot([Arg<'a>; 10], u8, u8, bool, Cap),
    /// allowed methods, PLAINTEXT over http, window, required realm.
    VerifierBuild(Vec<u8>, bool, Option<u64>, Option<Arg<'a>>),
    /// request parts as RequestParse, the lookup's answer, want a handle,
    /// NULL `http_status`.
    Verify([Arg<'a>; 6], Lookup<'a>, bool, bool),
    PercentEncode(Arg<'a>, Cap),
    LastError(Cap),
}

/// A small value, mostly a valid enum value of the header.
fn enum_value(v: u8) -> u32 {
    u32::from(v % 10)
}

fn ins<'a, const N: usize>(args: &[Arg<'a>; N], previous: &[u8]) -> [In<'a>; N] {
    std::array::from_fn(|i| args[i].get(previous))
}

fn refs<'s, 'a, const N: usize>(ins: &'s [In<'a>; N]) -> [&'s In<'a>; N] {
    std::array::from_fn(|i| &ins[i])
}

/// The required-text rule: `(NULL, n > 0)` is a NULL argument, bytes that
/// are not UTF-8 are invalid UTF-8.
fn expect_text(input: &In<'_>, code: u32, what: &str) -> Option<String> {
    match input.bytes() {
        None if input.is_null_with_len() => {
            assert_eq!(code, abi::NULL_ARGUMENT, "{what}: (NULL, n) gave {code}");
            None
        }
        None => Some(String::new()),
        Some(b) => match std::str::from_utf8(b) {
            Ok(s) => Some(s.to_owned()),
            Err(_) => {
                assert_eq!(code, abi::INVALID_UTF8, "{what}: invalid UTF-8 gave {code}");
                None
            }
        },
    }
}

fuzz_target!(|script: Vec<Call<'_>>| {
    let mut state = State::new();
    let mut previous: Vec<u8> = Vec::new();
    // The token string oauthsig writes for the token handle, when known.
    let mut token_text: Option<String> = None;
    for call in script.iter().take(24) {
        let code = match call {
            Call::ConsumerNew(k, s) => state.consumer_new(&k.get(&previous), &s.get(&previous)),
            Call::TokenNew(k, s) => {
                let (k, s) = (k.get(&previous), s.get(&previous));
                let c = state.token_new(&k, &s);
                if c == abi::OK {
                    let text =
                        |i: &In<'_>| String::from_utf8_lossy(i.bytes().unwrap_or(b"")).into_owned();
                    token_text = Some(oauthsig::Token::new(&text(&k), &text(&s)).to_string());
                }
                c
            }
            Call::TokenParse(t) => {
                let t = t.get(&previous);
                let c = state.token_parse(&t);
                if let Some(s) = expect_text(&t, c, "token_parse") {
                    let parsed = s.parse::<oauthsig::Token>();
                    assert_eq!(
                        c == abi::OK,
                        parsed.is_ok(),
                        "token_parse({s:?}) gave {c}: {parsed:?}"
                    );
                    if let Ok(token) = parsed {
                        token_text = Some(token.to_string());
                    }
                }
                c
            }
            Call::TokenToString(cap) => {
                let w = state.token_to_string(*cap);
                if let (Some(text), Some(want)) = (&w.text, &token_text) {
                    assert_eq!(text, want.as_bytes(), "token_to_string");
                }
                if !state.has_token() {
                    assert_eq!(w.code, abi::NULL_ARGUMENT, "to_string of a NULL token");
                }
                previous = w.text.unwrap_or(previous);
                w.code
            }
            Call::RequestNew(m, u) => state.request_new(&m.get(&previous), &u.get(&previous)),
            Call::RequestParse(parts) => {
                let i = ins(parts, &previous);
                state.request_parse(refs(&i))
            }
            Call::SetFormBody(b) => state.set_form_body(&b.get(&previous)),
            Call::AddParam(loc, n, v) => {
                state.add_param(u32::from(loc % 4), &n.get(&previous), &v.get(&previous))
            }
            Call::Sign(m, nc, nt) => state.sign(enum_value(*m) % 9, *nc, *nt),
            Call::Write(what, realm, cap) => {
                let w = state.write(enum_value(*what) % 9, &realm.get(&previous), *cap);
                previous = w.text.unwrap_or(previous);
                w.code
            }
            Call::SigningKeyNew(m, nt) => state.signing_key_new(enum_value(*m) % 9, *nt),
            Call::SignHeader(fields, version, cap) => {
                let i = ins(fields, &previous);
                let w = state.sign_header(refs(&i), *version, *cap);
                previous = w.text.unwrap_or(previous);
                w.code
            }
            Call::SignOneShot(fields, kind, placement, version, cap) => {
                let i = ins(fields, &previous);
                let (kind, placement) = (u32::from(kind % 6), u32::from(placement % 5));
                let w = state.sign_one_shot(refs(&i), kind, placement, *version, *cap);
                let pinned = !i[5].is_null_ptr() && !i[6].is_null_ptr();
                let body_empty = i[2].bytes().is_none_or(<[u8]>::is_empty);
                // Header placement (1) with a form body (1) or none (0).
                if pinned && placement == 1 && (kind == 1 || (kind == 0 && body_empty)) {
                    let full = state.sign_one_shot(refs(&i), kind, placement, *version, Cap::Large);
                    let h = state.sign_header(refs(&i), *version, Cap::Large);
                    assert_eq!(
                        (full.code, &full.text),
                        (h.code, &h.text),
                        "oauthsig_sign is not oauthsig_sign_header's header"
                    );
                }
                previous = w.text.unwrap_or(previous);
                w.code
            }
            Call::VerifierBuild(allow, over_http, window, realm) => {
                let allow: Vec<u32> = allow.iter().take(4).map(|&m| enum_value(m) % 9).collect();
                let realm = realm.as_ref().map(|r| r.get(&previous));
                state.verifier_build(&allow, *over_http, *window, realm.as_ref())
            }
            Call::Verify(parts, lookup, want_out, no_status) => {
                if !state.has_verifier() {
                    // Every method, PLAINTEXT over http: the widest verifier.
                    let c = state.verifier_build(&[1, 2, 3], true, None, None);
                    assert_eq!(c, abi::OK, "the default verifier does not build");
                }
                let i = ins(parts, &previous);
                let answer = Answer {
                    status: u32::from(lookup.status % 5),
                    key: lookup.key,
                    consumer_secret: lookup.consumer_secret.get(&previous),
                    token_secret: lookup.token_secret.get(&previous),
                };
                let (c, status) = state.verify(refs(&i), &answer, *want_out, *no_status);
                if !*no_status {
                    let want: &[u16] = match c {
                        0 => &[200],
                        1 | 2 | 4 | 20 => &[400],
                        21 => &[401],
                        22 => &[413],
                        23 | 99 => &[503],
                        _ => panic!("verify gave {c}"),
                    };
                    assert!(
                        want.contains(&status),
                        "verify gave {c} with status {status}"
                    );
                }
                c
            }
            Call::PercentEncode(input, cap) => {
                let input = input.get(&previous);
                let w = state.percent_encode(&input, *cap);
                let expected = expect_text(&input, w.code, "percent_encode");
                if let (Some(s), Some(text)) = (expected, &w.text) {
                    assert_eq!(
                        text,
                        reference::encode(s.as_bytes()).as_bytes(),
                        "encode({s:?})"
                    );
                }
                previous = w.text.unwrap_or(previous);
                w.code
            }
            Call::LastError(cap) => state.last_error_message(*cap).code,
        };
        // The detail of every failure is there to read (reading it is not a
        // failure of its own: a failed read keeps the message it had).
        if code != abi::OK && !matches!(call, Call::LastError(_)) {
            let w = state.last_error_message(Cap::ExactPlusOne);
            assert_eq!(w.code, abi::OK, "last_error_message failed");
            let text = w.text.unwrap_or_default();
            assert!(!text.is_empty(), "failure {code} left no message");
            assert!(std::str::from_utf8(&text).is_ok(), "message not UTF-8");
        }
    }
    drop(state);
});
