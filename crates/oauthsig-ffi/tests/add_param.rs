//! Adding parameters one at a time to a request handle
//! (`oauthsig_request_add_param`) costs each parameter, not the whole
//! request so far (issue 21, point 15: 40k query parameters took 0.41 s,
//! each add copying the URL). Held by counting, not timing: the heap
//! allocations of 20k adds of each location, interleaved, stay within a
//! bound a copy per add cannot meet (each grown text is reallocated only
//! when its capacity doubles), and the request then writes every
//! parameter, in order, its own `oauth_version` after the query's and the
//! fragment last.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauthsig_bench_support::{Counting, thread_allocations};
use oauthsig_ffi::*;
use std::ptr;

// The count is per thread; one test in this binary keeps it simple.
#[global_allocator]
static GLOBAL: Counting = Counting;

/// Adds per location.
const ADDS: usize = 20_000;

fn add(r: *mut oauthsig_request, location: oauthsig_param_location, name: &str, value: &str) {
    // SAFETY: a live handle; (ptr, len) inputs from live strings.
    let rc = unsafe {
        oauthsig_request_add_param(
            r,
            location as u32,
            name.as_ptr(),
            name.len(),
            value.as_ptr(),
            value.len(),
        )
    };
    assert_eq!(rc, oauthsig_result::OAUTHSIG_OK);
}

fn write(r: *const oauthsig_request, what: oauthsig_output) -> String {
    let mut len = 0usize;
    // SAFETY: a live handle; sizing with no buffer.
    let rc = unsafe {
        oauthsig_request_write(r, what as u32, ptr::null(), 0, ptr::null_mut(), 0, &mut len)
    };
    assert_eq!(rc, oauthsig_result::OAUTHSIG_BUFFER_TOO_SMALL);
    let mut buf = vec![0u8; len + 1];
    // SAFETY: as above, with a buffer of `len + 1` bytes.
    let rc = unsafe {
        oauthsig_request_write(
            r,
            what as u32,
            ptr::null(),
            0,
            buf.as_mut_ptr().cast(),
            len + 1,
            &mut len,
        )
    };
    assert_eq!(rc, oauthsig_result::OAUTHSIG_OK);
    buf.truncate(len);
    String::from_utf8(buf).unwrap()
}

#[test]
fn adding_parameters_costs_each_parameter_not_the_request() {
    use oauthsig_param_location as L;
    let (method, url) = ("POST", "https://example.com/p?x=1#frag");
    let mut r = ptr::null_mut();
    // SAFETY: (ptr, len) inputs; `r` writable.
    let rc = unsafe { oauthsig_request_new(method.as_ptr(), 4, url.as_ptr(), url.len(), &mut r) };
    assert_eq!(rc, oauthsig_result::OAUTHSIG_OK);
    // The names and values, made before counting.
    let values: Vec<String> = (0..ADDS).map(|i| format!("{i}")).collect();
    add(r, L::OAUTHSIG_PARAM_ANY, "oauth_version", "1.0");
    let before = thread_allocations();
    for v in &values {
        add(r, L::OAUTHSIG_PARAM_QUERY, "q", v);
        add(r, L::OAUTHSIG_PARAM_FORM, "f", v);
    }
    let allocations = thread_allocations() - before;
    // Each of the two texts doubles its room about log2(20k * 8) = 18
    // times; a copy per add would be 40k allocations at the least.
    assert!(
        allocations < 200,
        "{allocations} allocations for {} adds",
        2 * ADDS
    );

    let written = write(r, oauthsig_output::OAUTHSIG_OUTPUT_URL);
    let query: Vec<&str> = written
        .strip_prefix("https://example.com/p?x=1&")
        .and_then(|rest| rest.strip_suffix("#frag"))
        .expect("the query grows before the fragment")
        .split('&')
        .collect();
    assert_eq!(query.len(), ADDS + 1);
    assert_eq!(query[ADDS], "oauth_version=1.0");
    assert!(
        query
            .iter()
            .zip(&values)
            .all(|(p, v)| *p == format!("q={v}"))
    );
    let body = write(r, oauthsig_output::OAUTHSIG_OUTPUT_POSTDATA);
    let form: Vec<&str> = body.split('&').collect();
    assert_eq!((form.len(), form[ADDS]), (ADDS + 1, "oauth_version=1.0"));
    assert!(
        form.iter()
            .zip(&values)
            .all(|(p, v)| *p == format!("f={v}"))
    );
    // SAFETY: made above, freed once.
    unsafe { oauthsig_request_free(r) };
}
