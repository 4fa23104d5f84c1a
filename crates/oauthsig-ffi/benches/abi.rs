//! What each way of signing costs a caller, from the HMAC floor to the C
//! ABI and liboauth (the C library people use today), measured in one run.
//!
//! `cargo bench -p oauthsig-ffi --bench abi` (needs Debian `liboauth-dev`).
//!
//! Every row signs the RFC 5849 §3.4.1.1 request (POST, query + form body,
//! token, HMAC-SHA1) and ends where the user's call ends: the whole
//! `Authorization` header value written (realm `Example`), the signature
//! alone only for the floor. Rows, with heap allocations per call (counting
//! allocator; liboauth allocates through libc's malloc, which it does not
//! see):
//!
//! 0. floor: HMAC-SHA1 + base64 over the prebuilt base string;
//! 1. core one-call (`sign::sign_to_slice`), prepared key;
//! 2. core one-call, the key set up per call;
//! 3. std `Request::new(..).form_body(..).nonce(..).timestamp(..).sign(..)
//!    .to_header(..)`, nonce and timestamp pinned;
//! 4. std `Request::from_consumer_and_token(..)`, a fresh CSPRNG nonce and
//!    the clock (and `oauth_version`, which it adds);
//! 5. C one-shot `oauthsig_sign`, prepared key;
//! 6. C handles: `oauthsig_request_new`, `_set_form_body`, `_set` (nonce,
//!    timestamp), `_sign`, `_write`, `_free`;
//! 7. liboauth: `oauth_split_url_parameters`, `oauth_sign_array2_process`,
//!    `oauth_serialize_url_sep` for the header's parameters, the header
//!    assembled as its example does, everything freed. It always adds
//!    `oauth_version`, so it signs one parameter more;
//! 8. C one-shot as C callers mostly call it: no nonce or timestamp given,
//!    so each call makes a fresh nonce and reads the clock (last, so that
//!    the rows above keep their `BENCH_ONLY` numbers).
//!
//! The targets printed after the table are ratios of medians and of the
//! fastest rounds (steadier on a shared machine), each marked met when
//! either ratio is within it: core prepared ≤ 1.6× floor; std pinned ≤
//! 2.0× floor with ≤ 4 allocations; C one-shot ≤ 1.05× core prepared; C
//! handles ≤ 1.1× std pinned.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauthsig::{Consumer, Request, SignatureMethod, Token};
use oauthsig_bench_support::rfc_example::{
    BODY, CK, CS, EXPECTED, NONCE, TIMESTAMP, TK, TS, URL, floor, opaque,
};
use oauthsig_bench_support::{Measured, Path};
use oauthsig_core::{Body, HttpRequest, Placement, Protocol, SigningKey, sign};
use oauthsig_ffi::*;
use std::ffi::{CStr, CString, c_char, c_int, c_void};
use std::hint::black_box;
use std::ptr;

#[global_allocator]
static A: oauthsig_bench_support::Counting = oauthsig_bench_support::Counting;

static REALM: &str = "Example";

#[link(name = "oauth")]
unsafe extern "C" {
    // int oauth_split_url_parameters(const char *url, char ***argv);
    fn oauth_split_url_parameters(url: *const c_char, argv: *mut *mut *mut c_char) -> c_int;
    // void oauth_sign_array2_process(int *argcp, char ***argvp,
    //   char **postargs, OAuthMethod method, const char *http_method,
    //   const char *c_key, const char *c_secret, const char *t_key,
    //   const char *t_secret);
    fn oauth_sign_array2_process(
        argcp: *mut c_int,
        argvp: *mut *mut *mut c_char,
        postargs: *mut *mut c_char,
        method: c_int,
        http_method: *const c_char,
        c_key: *const c_char,
        c_secret: *const c_char,
        t_key: *const c_char,
        t_secret: *const c_char,
    );
    // char *oauth_serialize_url_sep(int argc, int start, char **argv,
    //   char *sep, int mod);
    fn oauth_serialize_url_sep(
        argc: c_int,
        start: c_int,
        argv: *mut *mut c_char,
        sep: *const c_char,
        modifiers: c_int,
    ) -> *mut c_char;
    // void oauth_free_array(int *argcp, char ***argvp);
    fn oauth_free_array(argcp: *mut c_int, argvp: *mut *mut *mut c_char);
}

#[link(name = "c")]
unsafe extern "C" {
    fn malloc(n: usize) -> *mut c_void;
    fn free(p: *mut c_void);
}

fn core_request() -> HttpRequest<'static> {
    HttpRequest::new("POST", opaque(&URL)).body(Body::Form(opaque(&BODY)))
}

fn core_protocol() -> Protocol<'static> {
    Protocol::new(CK)
        .token(TK)
        .timestamp(TIMESTAMP)
        .nonce(NONCE)
}

/// Row 1: the engine in one call, prepared key.
fn core_prepared(key: &SigningKey, out: &mut [u8; 512]) -> usize {
    let placement = Placement::Header {
        realm: Some(opaque(&REALM)),
    };
    sign::sign_to_slice(&core_request(), &core_protocol(), key, placement, out)
        .unwrap()
        .len()
}

/// Row 2: the same with the key schedule per call.
fn core_key_per_call(out: &mut [u8; 512]) -> usize {
    let key = SigningKey::new(SignatureMethod::HmacSha1, opaque(&CS), opaque(&TS)).unwrap();
    core_prepared(&key, out)
}

/// Row 3: the std builder, nonce and timestamp pinned.
fn std_pinned(consumer: &Consumer, token: &Token) -> String {
    Request::new("POST", opaque(&URL))
        .unwrap()
        .form_body(opaque(&BODY))
        .unwrap()
        .nonce(NONCE)
        .timestamp(TIMESTAMP)
        .sign(SignatureMethod::HmacSha1, consumer, Some(token))
        .unwrap()
        .to_header(Some(opaque(&REALM)))
        .unwrap()
}

/// Row 4: the std client as python-oauth2 users write it: a fresh nonce,
/// the clock's timestamp.
fn std_fresh(consumer: &Consumer, token: &Token) -> String {
    Request::from_consumer_and_token(consumer, Some(token), "POST", opaque(&URL))
        .unwrap()
        .form_body(opaque(&BODY))
        .unwrap()
        .sign(SignatureMethod::HmacSha1, consumer, Some(token))
        .unwrap()
        .to_header(Some(opaque(&REALM)))
        .unwrap()
}

fn c_str(s: &'static str) -> oauthsig_str {
    oauthsig_str {
        ptr: s.as_ptr(),
        len: s.len(),
    }
}

const ABSENT: oauthsig_str = oauthsig_str {
    ptr: ptr::null(),
    len: 0,
};

/// Rows 5 and 8: the C one-shot, as a C caller fills the struct per
/// request; the nonce and timestamp `pinned`, or left to the library.
fn c_one_shot(key: *const oauthsig_signing_key, pinned: bool, out: &mut [u8; 512]) -> usize {
    let (timestamp, nonce) = match pinned {
        true => (c_str(TIMESTAMP), c_str(NONCE)),
        false => (ABSENT, ABSENT),
    };
    let request = oauthsig_sign_request {
        method: c_str("POST"),
        url: c_str(opaque(&URL)),
        body_kind: oauthsig_body_kind::OAUTHSIG_BODY_FORM as u32,
        body: c_str(opaque(&BODY)),
        consumer_key: c_str(CK),
        token: c_str(TK),
        timestamp,
        nonce,
        callback: ABSENT,
        verifier: ABSENT,
        include_version: 0,
        allow_plaintext_over_http: 0,
    };
    let realm = opaque(&REALM);
    let mut len = 0usize;
    // SAFETY: a live key, a request whose strings are statics, a realm
    // (ptr, len) and an output buffer of the stated capacity.
    let rc = unsafe {
        oauthsig_sign(
            key,
            &request,
            oauthsig_placement::OAUTHSIG_PLACEMENT_HEADER as u32,
            realm.as_ptr(),
            realm.len(),
            out.as_mut_ptr().cast(),
            out.len(),
            &mut len,
        )
    };
    assert_eq!(rc, oauthsig_result::OAUTHSIG_OK);
    len
}

struct Handles {
    consumer: *mut oauthsig_consumer,
    token: *mut oauthsig_token,
}

/// Row 6: the C request handle, call by call as C makes them.
fn c_handles(h: &Handles, out: &mut [u8; 512]) -> usize {
    use oauthsig_protocol_param as P;
    let b = |s: &'static str| (s.as_ptr(), s.len());
    let ok = oauthsig_result::OAUTHSIG_OK;
    let mut len = 0usize;
    let mut req: *mut oauthsig_request = ptr::null_mut();
    // SAFETY: exactly the sequence a C caller makes, with valid (ptr, len)
    // inputs, live handles and an output buffer of the stated capacity.
    unsafe {
        let ((m, ml), (u, ul)) = (b("POST"), b(opaque(&URL)));
        assert_eq!(oauthsig_request_new(m, ml, u, ul, &mut req), ok);
        let (f, fl) = b(opaque(&BODY));
        assert_eq!(oauthsig_request_set_form_body(req, f, fl), ok);
        let (n, nl) = b(NONCE);
        assert_eq!(
            oauthsig_request_set(req, P::OAUTHSIG_PARAM_NONCE as u32, n, nl),
            ok
        );
        let (t, tl) = b(TIMESTAMP);
        let timestamp = P::OAUTHSIG_PARAM_TIMESTAMP as u32;
        assert_eq!(oauthsig_request_set(req, timestamp, t, tl), ok);
        let sha1 = oauthsig_signature_method::OAUTHSIG_HMAC_SHA1 as u32;
        assert_eq!(oauthsig_request_sign(req, sha1, h.consumer, h.token), ok);
        let (r, rl) = b(opaque(&REALM));
        let header = oauthsig_output::OAUTHSIG_OUTPUT_HEADER as u32;
        let (o, cap) = (out.as_mut_ptr().cast(), out.len());
        assert_eq!(
            oauthsig_request_write(req, header, r, rl, o, cap, &mut len),
            ok
        );
        oauthsig_request_free(req);
    }
    len
}

struct Liboauth {
    /// The URL with the body's pairs, nonce and timestamp appended: liboauth
    /// reads every parameter from it, and keeps a nonce and timestamp it
    /// finds there.
    url: CString,
    method: CString,
    ck: CString,
    cs: CString,
    tk: CString,
    ts: CString,
}

/// Row 7: liboauth's Authorization header.
fn liboauth_header(l: &Liboauth, out: &mut Vec<u8>) -> usize {
    const PREFIX: &[u8] = b"OAuth realm=\"Example\", ";
    let mut argv: *mut *mut c_char = ptr::null_mut();
    // SAFETY: NUL-terminated inputs that outlive the calls; liboauth's
    // arrays and strings are freed with its own free functions and libc's
    // free, each once.
    unsafe {
        let mut argc = oauth_split_url_parameters(l.url.as_ptr(), &mut argv);
        oauth_sign_array2_process(
            &mut argc,
            &mut argv,
            ptr::null_mut(),
            0, // OA_HMAC
            l.method.as_ptr(),
            l.ck.as_ptr(),
            l.cs.as_ptr(),
            l.tk.as_ptr(),
            l.ts.as_ptr(),
        );
        // 6: only oauth_ parameters, values quoted (liboauth's own header
        // recipe, from its oauthtest2 example).
        let params = oauth_serialize_url_sep(argc, 1, argv, c", ".as_ptr(), 6);
        assert!(!params.is_null());
        let p = CStr::from_ptr(params).to_bytes();
        let header = malloc(PREFIX.len() + p.len() + 1).cast::<u8>();
        assert!(!header.is_null());
        ptr::copy_nonoverlapping(PREFIX.as_ptr(), header, PREFIX.len());
        ptr::copy_nonoverlapping(p.as_ptr(), header.add(PREFIX.len()), p.len());
        header.add(PREFIX.len() + p.len()).write(0);
        let n = PREFIX.len() + p.len();
        if out.is_empty() {
            out.extend_from_slice(std::slice::from_raw_parts(header, n));
        }
        free(header.cast());
        free(params.cast());
        oauth_free_array(&mut argc, &mut argv);
        n
    }
}

/// One target line: `ratio` of medians and of minima against `max`.
fn target(label: &str, a: &Measured, b: &Measured, max: f64) -> bool {
    let (med, min) = (a.ns / b.ns, a.min_ns / b.min_ns);
    let ok = med <= max || min <= max;
    println!(
        "  {label:<44} {med:>5.2}x median {min:>5.2}x fastest  (target <= {max}) {}",
        if ok { "ok" } else { "MISSED" }
    );
    ok
}

fn handles() -> Handles {
    let mut h = Handles {
        consumer: ptr::null_mut(),
        token: ptr::null_mut(),
    };
    // SAFETY: valid (ptr, len) inputs and writable out-pointers.
    unsafe {
        let ok = oauthsig_result::OAUTHSIG_OK;
        let (ck, cs) = (CK.as_bytes(), CS.as_bytes());
        let r = oauthsig_consumer_new(
            ck.as_ptr(),
            ck.len(),
            cs.as_ptr(),
            cs.len(),
            &mut h.consumer,
        );
        assert_eq!(r, ok);
        let (tk, ts) = (TK.as_bytes(), TS.as_bytes());
        let r = oauthsig_token_new(tk.as_ptr(), tk.len(), ts.as_ptr(), ts.len(), &mut h.token);
        assert_eq!(r, ok);
    }
    h
}

fn prepared_key(h: &Handles) -> *mut oauthsig_signing_key {
    let mut key: *mut oauthsig_signing_key = ptr::null_mut();
    let sha1 = oauthsig_signature_method::OAUTHSIG_HMAC_SHA1 as u32;
    // SAFETY: live handles, a writable out-pointer.
    let r = unsafe { oauthsig_signing_key_new(sha1, h.consumer, h.token, &mut key) };
    assert_eq!(r, oauthsig_result::OAUTHSIG_OK);
    key
}

fn liboauth() -> Liboauth {
    let c = |s: &str| CString::new(s).unwrap();
    Liboauth {
        url: c(&format!(
            "{URL}&{BODY}&oauth_nonce={NONCE}&oauth_timestamp={TIMESTAMP}"
        )),
        method: c("POST"),
        ck: c(CK),
        cs: c(CS),
        tk: c(TK),
        ts: c(TS),
    }
}

/// Every row's output before timing: the RFC signature where it is the RFC
/// request, the same header from the paths that must agree.
fn check_outputs(
    consumer: &Consumer,
    token: &Token,
    h: &Handles,
    key: *const oauthsig_signing_key,
) {
    let mut f = [0u8; 28];
    floor(&mut f);
    assert_eq!(std::str::from_utf8(&f).unwrap(), EXPECTED);
    let core_key = SigningKey::new(SignatureMethod::HmacSha1, CS, TS).unwrap();
    let (mut a, mut b) = ([0u8; 512], [0u8; 512]);
    let n = core_prepared(&core_key, &mut a);
    let core = std::str::from_utf8(&a[..n]).unwrap().to_owned();
    assert!(core.ends_with(r#"oauth_signature="r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D""#));
    assert_eq!(core_key_per_call(&mut b), n);
    assert_eq!(&a[..n], &b[..n]);
    let n = c_one_shot(key, true, &mut b);
    assert_eq!(std::str::from_utf8(&b[..n]).unwrap(), core, "C one-shot");
    let std = std_pinned(consumer, token);
    assert!(std.contains(r#"oauth_signature="r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D""#));
    let n = c_handles(h, &mut b);
    assert_eq!(std::str::from_utf8(&b[..n]).unwrap(), std, "C handles");
    assert!(std_fresh(consumer, token).contains("oauth_signature=\""));
    let mut lib = Vec::new();
    liboauth_header(&liboauth(), &mut lib);
    let lib = String::from_utf8(lib).unwrap();
    assert!(lib.starts_with("OAuth realm=\"Example\", oauth_") && lib.contains("oauth_signature"));
}

fn main() {
    let consumer = Consumer::new(CK, CS);
    let token = Token::new(TK, TS);
    let h = handles();
    let key = prepared_key(&h);
    check_outputs(&consumer, &token, &h, key);
    let core_key = SigningKey::new(SignatureMethod::HmacSha1, CS, TS).unwrap();
    let l = liboauth();

    let (consumer, token, h, l, core_key) = (&consumer, &token, &h, &l, &core_key);
    let (mut o1, mut o2, mut o5, mut o6, mut o7, mut o8) = (
        [0u8; 512],
        [0u8; 512],
        [0u8; 512],
        [0u8; 512],
        Vec::new(),
        [0u8; 512],
    );
    let measured = oauthsig_bench_support::measure(
        10_000,
        vec![
            Path::new("floor: HMAC-SHA1 + base64, prebuilt base string", || {
                let mut o = [0u8; 28];
                floor(&mut o);
                black_box(o);
            }),
            Path::new("core sign_to_slice, prepared key", move || {
                black_box(core_prepared(core_key, &mut o1));
            }),
            Path::new("core sign_to_slice, key per call", move || {
                black_box(core_key_per_call(&mut o2));
            }),
            Path::new(
                "std Request::new … sign … to_header, pinned",
                move || {
                    black_box(std_pinned(consumer, token));
                },
            ),
            Path::new("std from_consumer_and_token, fresh nonce", move || {
                black_box(std_fresh(consumer, token));
            }),
            Path::new("C oauthsig_sign (one-shot), prepared key", move || {
                black_box(c_one_shot(key, true, &mut o5));
            }),
            Path::new(
                "C handles: request_new … sign … write … free",
                move || {
                    black_box(c_handles(h, &mut o6));
                },
            ),
            Path::new(
                "liboauth: split, sign_array2, serialize header",
                move || {
                    black_box(liboauth_header(l, &mut o7));
                },
            ),
            Path::new(
                "C oauthsig_sign, prepared key, nonce and clock per call",
                move || {
                    black_box(c_one_shot(key, false, &mut o8));
                },
            ),
        ],
    );
    println!("RFC 5849 §3.4.1.1, HMAC-SHA1, the whole Authorization header per call");
    oauthsig_bench_support::print_table("ns/call", &measured);
    // With BENCH_ONLY there is one row and nothing to compare.
    if let [floor_, core, _, std_, _, one_shot, handles, lib, _] = &measured[..] {
        println!("\nliboauth allocates through malloc: its allocs column counts nothing.");
        println!(
            "liboauth / C one-shot: {:.1}x; liboauth / C handles: {:.1}x (medians)",
            lib.ns / one_shot.ns,
            lib.ns / handles.ns
        );
        println!("\ntargets:");
        let mut ok = target("core one-call prepared / floor", core, floor_, 1.6);
        ok &= target("std Request pinned / floor", std_, floor_, 2.0);
        let allocs_ok = std_.allocs <= 4.0;
        println!(
            "  {:<44} {:>5.1} allocations per call   (target <= 4) {}",
            "std Request pinned",
            std_.allocs,
            if allocs_ok { "ok" } else { "MISSED" }
        );
        ok &= allocs_ok;
        ok &= target("C one-shot / core one-call prepared", one_shot, core, 1.05);
        ok &= target("C handles / std Request pinned", handles, std_, 1.1);
        println!(
            "{}",
            if ok {
                "all targets met"
            } else {
                "some targets missed"
            }
        );
    }
    // SAFETY: handles from the _new calls above, freed once.
    unsafe {
        oauthsig_signing_key_free(key);
        oauthsig_token_free(h.token);
        oauthsig_consumer_free(h.consumer);
    }
}
