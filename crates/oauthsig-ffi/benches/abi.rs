//! The C ABI's cost over the Rust API, and liboauth (the C library people use
//! today) on the same request, measured in one run.
//!
//! `cargo bench -p oauthsig-ffi --bench abi` (needs Debian `liboauth-dev`).
//!
//! All paths sign the RFC 5849 §3.4.1.1 request (POST, query + form body,
//! HMAC-SHA1) and produce the `Authorization` header (liboauth: the signed
//! URL, its only output form for this call).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauthsig::{Consumer, Request, SignatureMethod, Token};
use oauthsig_ffi::*;
use std::ffi::{CStr, CString, c_char, c_int};
use std::hint::black_box;
use std::time::Instant;

const URL: &str = "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b";
const BODY: &str = "c2&a3=2+q";

#[link(name = "oauth")]
unsafe extern "C" {
    // liboauth: char *oauth_sign_url2(const char *url, char **postargs,
    //   OAuthMethod method, const char *http_method, const char *c_key,
    //   const char *c_secret, const char *t_key, const char *t_secret);
    fn oauth_sign_url2(
        url: *const c_char,
        postargs: *mut *mut c_char,
        method: c_int,
        http_method: *const c_char,
        c_key: *const c_char,
        c_secret: *const c_char,
        t_key: *const c_char,
        t_secret: *const c_char,
    ) -> *mut c_char;
}

#[link(name = "c")]
unsafe extern "C" {
    fn free(p: *mut std::ffi::c_void);
}

fn rust_path(consumer: &Consumer, token: &Token) -> usize {
    let r = Request::new("POST", URL)
        .unwrap()
        .form_body(BODY)
        .unwrap()
        .timestamp("137131201")
        .nonce("7d8f3e4a")
        .sign(SignatureMethod::HmacSha1, consumer, Some(token))
        .unwrap();
    r.to_header(Some("Example")).unwrap().len()
}

struct Handles {
    consumer: *mut oauthsig_consumer,
    token: *mut oauthsig_token,
}

fn c_path(h: &Handles, out: &mut [u8; 512]) -> usize {
    let b = |s: &str| (s.as_ptr(), s.len());
    let mut len = 0usize;
    let mut req: *mut oauthsig_request = std::ptr::null_mut();
    // SAFETY: exactly the sequence a C caller makes, with valid (ptr, len)
    // inputs, live handles and an output buffer of the stated capacity.
    unsafe {
        let (m, ml) = b("POST");
        let (u, ul) = b(URL);
        assert_eq!(
            oauthsig_request_new(m, ml, u, ul, &mut req),
            oauthsig_result::OAUTHSIG_OK
        );
        let (f, fl) = b(BODY);
        oauthsig_request_set_form_body(req, f, fl);
        let (t, tl) = b("137131201");
        oauthsig_request_set(req, 2, t, tl);
        let (n, nl) = b("7d8f3e4a");
        oauthsig_request_set(req, 1, n, nl);
        oauthsig_request_sign(req, 1, h.consumer, h.token);
        let (r, rl) = b("Example");
        let rc =
            oauthsig_request_write(req, 1, r, rl, out.as_mut_ptr().cast(), out.len(), &mut len);
        assert_eq!(rc, oauthsig_result::OAUTHSIG_OK);
        oauthsig_request_free(req);
    }
    len
}

/// The one-shot C path: borrowed inputs, prepared key, header into `out`.
fn c_oneshot(
    key: *const oauthsig_signing_key,
    input: &oauthsig_sign_input,
    out: &mut [u8; 512],
) -> usize {
    let mut len = 0usize;
    // SAFETY: live key, a valid input struct, an output buffer of its length.
    let rc =
        unsafe { oauthsig_sign_header(key, input, out.as_mut_ptr().cast(), out.len(), &mut len) };
    assert_eq!(rc, oauthsig_result::OAUTHSIG_OK);
    len
}

/// The same work in Rust over oauthsig-core (what the one-shot call wraps).
fn rust_core(key: &oauthsig_core::SigningKey, out: &mut [u8; 512]) -> usize {
    use oauthsig_core::{
        AuthorizationHeader, BaseString, BaseStringUri, ParamArray, Protocol, Source,
    };
    let protocol = Protocol::new("9djdj82h48djs9d2", key.method())
        .token("kkk9d7dh3k39sjv7")
        .timestamp("137131201")
        .nonce("7d8f3e4a");
    let mut params = ParamArray::<64>::array();
    params.extend_query(black_box(URL)).unwrap();
    params.extend_form(black_box(BODY), Source::Body).unwrap();
    params.extend_protocol(&protocol).unwrap();
    params.sort();
    let uri = BaseStringUri::parse(URL).unwrap();
    let sig = key.sign(&BaseString::new("POST", &uri, params.as_slice()).unwrap());
    let header =
        AuthorizationHeader::new(Some("Example"), params.as_slice(), Some(sig.as_str())).unwrap();
    header.write_to_slice(out).unwrap().len()
}

fn s(v: &'static str) -> oauthsig_str {
    oauthsig_str {
        ptr: v.as_ptr(),
        len: v.len(),
    }
}

const ABSENT: oauthsig_str = oauthsig_str {
    ptr: std::ptr::null(),
    len: 0,
};

struct Liboauth {
    url: CString,
    post: CString,
    ck: CString,
    cs: CString,
    tk: CString,
    ts: CString,
}

fn liboauth_path(l: &Liboauth) -> usize {
    let mut postargs: *mut c_char = std::ptr::null_mut();
    // SAFETY: NUL-terminated inputs that outlive the call; liboauth returns
    // malloc'd strings (or NULL) that we free with libc's free.
    unsafe {
        let signed = oauth_sign_url2(
            l.url.as_ptr(),
            &mut postargs,
            0, // OA_HMAC
            l.post.as_ptr(),
            l.ck.as_ptr(),
            l.cs.as_ptr(),
            l.tk.as_ptr(),
            l.ts.as_ptr(),
        );
        assert!(!signed.is_null());
        let n = CStr::from_ptr(signed).to_bytes().len()
            + if postargs.is_null() {
                0
            } else {
                CStr::from_ptr(postargs).to_bytes().len()
            };
        free(signed.cast());
        free(postargs.cast());
        n
    }
}

fn main() {
    let consumer = Consumer::new("9djdj82h48djs9d2", "j49sk3j29djd");
    let token = Token::new("kkk9d7dh3k39sjv7", "dh893hdasih9");
    let mut h = Handles {
        consumer: std::ptr::null_mut(),
        token: std::ptr::null_mut(),
    };
    // SAFETY: valid inputs and out-pointers.
    unsafe {
        oauthsig_consumer_new(
            b"9djdj82h48djs9d2".as_ptr(),
            16,
            b"j49sk3j29djd".as_ptr(),
            12,
            &mut h.consumer,
        );
        oauthsig_token_new(
            b"kkk9d7dh3k39sjv7".as_ptr(),
            16,
            b"dh893hdasih9".as_ptr(),
            12,
            &mut h.token,
        );
    }
    let l = Liboauth {
        // liboauth reads every parameter from the URL (the body's pairs are
        // appended) and splits the form part back out through postargs.
        url: CString::new(format!("{URL}&{BODY}")).unwrap(),
        post: CString::new("POST").unwrap(),
        ck: CString::new("9djdj82h48djs9d2").unwrap(),
        cs: CString::new("j49sk3j29djd").unwrap(),
        tk: CString::new("kkk9d7dh3k39sjv7").unwrap(),
        ts: CString::new("dh893hdasih9").unwrap(),
    };

    // Same output from the Rust and C paths.
    let mut out = [0u8; 512];
    let n = c_path(&h, &mut out);
    let rust_header = Request::new("POST", URL)
        .unwrap()
        .form_body(BODY)
        .unwrap()
        .timestamp("137131201")
        .nonce("7d8f3e4a")
        .sign(SignatureMethod::HmacSha1, &consumer, Some(&token))
        .unwrap()
        .to_header(Some("Example"))
        .unwrap();
    assert_eq!(&out[..n], rust_header.as_bytes());
    assert!(rust_header.contains("r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D"));

    let mut key: *mut oauthsig_signing_key = std::ptr::null_mut();
    // SAFETY: live handles, writable out-pointer.
    unsafe { oauthsig_signing_key_new(1, h.consumer, h.token, &mut key) };
    let core_key = oauthsig_core::SigningKey::new(
        oauthsig_core::SignatureMethod::HmacSha1,
        "j49sk3j29djd",
        "dh893hdasih9",
    )
    .unwrap();
    let input = oauthsig_sign_input {
        method: s("POST"),
        url: s(URL),
        form_body: s(BODY),
        consumer_key: s("9djdj82h48djs9d2"),
        token: s("kkk9d7dh3k39sjv7"),
        timestamp: s("137131201"),
        nonce: s("7d8f3e4a"),
        callback: ABSENT,
        verifier: ABSENT,
        realm: s("Example"),
        include_version: false,
    };
    let mut core_out = [0u8; 512];
    let n1 = c_oneshot(key, &input, &mut out);
    let n2 = rust_core(&core_key, &mut core_out);
    assert_eq!(&out[..n1], &core_out[..n2]);

    let iters: u32 = std::env::var("BENCH_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5_000);
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(15);
    let mut samples: [Vec<f64>; 5] = [vec![], vec![], vec![], vec![], vec![]];
    for _ in 0..rounds {
        // Round-robin so load drift hits every path alike.
        let t = Instant::now();
        for _ in 0..iters {
            black_box(rust_path(&consumer, &token));
        }
        samples[0].push(t.elapsed().as_nanos() as f64 / f64::from(iters));
        let t = Instant::now();
        for _ in 0..iters {
            black_box(c_path(&h, &mut out));
        }
        samples[1].push(t.elapsed().as_nanos() as f64 / f64::from(iters));
        let t = Instant::now();
        for _ in 0..iters {
            black_box(liboauth_path(&l));
        }
        samples[2].push(t.elapsed().as_nanos() as f64 / f64::from(iters));
        let t = Instant::now();
        for _ in 0..iters {
            black_box(rust_core(&core_key, &mut core_out));
        }
        samples[3].push(t.elapsed().as_nanos() as f64 / f64::from(iters));
        let t = Instant::now();
        for _ in 0..iters {
            black_box(c_oneshot(key, &input, &mut out));
        }
        samples[4].push(t.elapsed().as_nanos() as f64 / f64::from(iters));
    }
    let med: Vec<f64> = samples
        .iter_mut()
        .map(|v| {
            v.sort_by(|a, b| a.total_cmp(b));
            v[v.len() / 2]
        })
        .collect();
    println!(
        "{:<52} {:>9}",
        "path (RFC 5849 §3.4.1.1, HMAC-SHA1, header)", "ns/sig"
    );
    println!(
        "{:<52} {:>9.0}",
        "oauthsig Rust API (Request … sign … to_header)", med[0]
    );
    println!(
        "{:<52} {:>9.0}",
        "oauthsig C ABI (request_new … sign … write)", med[1]
    );
    println!(
        "{:<52} {:>9.0}",
        "oauthsig-core Rust, prepared key, header", med[3]
    );
    println!(
        "{:<52} {:>9.0}",
        "oauthsig C ABI one-shot (oauthsig_sign_header)", med[4]
    );
    println!("{:<52} {:>9.0}", "liboauth oauth_sign_url2", med[2]);
    println!();
    let pct = |a: f64, b: f64| (a / b - 1.0) * 100.0;
    println!(
        "C ABI overhead over Rust, request handle:   {:+.1}%",
        pct(med[1], med[0])
    );
    println!(
        "C ABI overhead over Rust, one-shot vs core: {:+.1}%",
        pct(med[4], med[3])
    );
    println!(
        "liboauth / oauthsig C ABI request handle:   {:.1}x",
        med[2] / med[1]
    );
    println!(
        "liboauth / oauthsig C ABI one-shot:         {:.1}x",
        med[2] / med[4]
    );
    // SAFETY: handles from the _new calls above, freed once.
    unsafe {
        oauthsig_signing_key_free(key);
        oauthsig_token_free(h.token);
        oauthsig_consumer_free(h.consumer);
    }
}
