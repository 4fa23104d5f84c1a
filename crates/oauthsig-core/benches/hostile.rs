//! Cost of attacker-sized inputs, as time per input byte at 1×, 10× and 100×
//! the base size: linear work shows a flat ns/byte across a row, quadratic
//! work a ns/byte that grows 10× per column.
//!
//! `cargo bench -p oauthsig-core --bench hostile` (`HOSTILE_FILTER=header`
//! runs only the rows whose name contains `header`).
//!
//! Each cell is the fastest of several runs (the least disturbed by other
//! work on the machine). The correctness of each case (what is accepted or
//! rejected) is asserted in `tests/hostile.rs`; this only times them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauthsig_core::Render as _;
use oauthsig_core::header::{collect_authorization, parse_authorization};
use oauthsig_core::sink::Counter;
use oauthsig_core::verify::{self, Incoming};
use oauthsig_core::{
    BaseString, BaseStringUri, Body, HttpRequest, Param, Params, Placement, Protocol,
    SignatureMethod, SigningKey, Source, Text, body::FORM_CONTENT_TYPE, sign,
};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Fastest time of `f` over enough runs to fill ~150 ms (at least 3).
fn fastest(mut f: impl FnMut()) -> Duration {
    let mut best = Duration::MAX;
    let start = Instant::now();
    let mut runs = 0;
    while runs < 3 || (start.elapsed() < Duration::from_millis(150) && runs < 1000) {
        let t = Instant::now();
        f();
        best = best.min(t.elapsed());
        runs += 1;
    }
    best
}

/// One row: `make(scale)` builds the input, `run` processes it. Inputs are
/// leaked so parameter storage made once can borrow them across runs.
fn row(name: &str, make: impl Fn(usize) -> String, run: impl Fn(&'static str)) {
    if std::env::var("HOSTILE_FILTER").is_ok_and(|f| !name.contains(&f)) {
        return;
    }
    let mut cells = Vec::new();
    let mut sizes = Vec::new();
    for scale in [1, 10, 100] {
        let input: &'static str = Box::leak(make(scale).into_boxed_str());
        let t = fastest(|| run(black_box(input)));
        cells.push(t.as_nanos() as f64 / input.len() as f64);
        sizes.push(input.len());
    }
    println!(
        "{name:<44} {:>9} {:>9.2} {:>9.2} {:>9.2} {:>7.2}",
        human(sizes[2]),
        cells[0],
        cells[1],
        cells[2],
        cells[2] / cells[0]
    );
}

fn human(n: usize) -> String {
    if n >= 1 << 20 {
        format!("{:.1} MB", n as f64 / (1 << 20) as f64)
    } else {
        format!("{:.0} kB", n as f64 / 1024.0)
    }
}

/// `OAuth p0="v", p1="v", …` with `n` parameters.
fn header_params(n: usize) -> String {
    let mut h = String::from("OAuth ");
    for i in 0..n {
        if i > 0 {
            h.push_str(", ");
        }
        h.push_str(&format!("p{i}=\"v\""));
    }
    h
}

/// `MAX_HEADER_PARAMS` (32) header parameters whose names share a long
/// escaped prefix and differ only at the end: the worst case of the
/// duplicate check (every pair compares the whole prefix, decoding escapes).
fn header_long_names(scale: usize) -> String {
    let prefix = "%61".repeat(100 * scale);
    let mut h = String::from("OAuth ");
    for i in 0..32 {
        if i > 0 {
            h.push_str(", ");
        }
        h.push_str(&format!("{prefix}{i:02}=\"v\""));
    }
    h
}

fn form_params(n: usize) -> String {
    (0..n).map(|i| format!("p{}=v{}&", n - i, i % 7)).collect()
}

fn main() {
    println!("oauthsig-core: cost of hostile inputs, ns per input byte (fastest run)");
    println!(
        "{:<44} {:>9} {:>9} {:>9} {:>9} {:>7}",
        "case", "100× size", "1×", "10×", "100×", "100×/1×"
    );

    // Parameter storage is made once per size class, outside the timings.
    let storage = std::cell::RefCell::new(vec![Param::EMPTY; 100_016]);
    let huge = std::cell::RefCell::new(vec![Param::EMPTY; 5_000_000]);

    // Authorization header (§3.5.1).
    row(
        "header: 1k/10k/100k params, 100k-slot storage",
        |s| header_params(1_000 * s),
        |h| {
            let mut st = storage.borrow_mut();
            let mut p = Params::new(&mut st[..]);
            let _ = black_box(collect_authorization(h, &mut p));
        },
    );
    row(
        "header: 32 params, long escaped equal names",
        header_long_names,
        |h| {
            let mut st = storage.borrow_mut();
            let mut p = Params::new(&mut st[..]);
            black_box(collect_authorization(h, &mut p)).unwrap();
        },
    );
    row(
        "header: realm of \\\\ pairs (100k..10M)",
        |s| format!("OAuth realm=\"{}\"", "\\\\".repeat(50_000 * s)),
        |h| {
            let mut p = oauthsig_core::ParamArray::<1>::array();
            let realm = collect_authorization(h, &mut p).unwrap();
            black_box(realm.unwrap().decoded_len());
        },
    );
    row(
        "header: value of %25 escapes, parse+decode",
        |s| format!("OAuth oauth_token=\"{}\"", "%25".repeat(33_000 * s)),
        |h| {
            let mut p = oauthsig_core::ParamArray::<1>::array();
            collect_authorization(h, &mut p).unwrap();
            black_box(p.as_slice()[0].value.decoded_len());
        },
    );
    row(
        "header: whitespace runs between items",
        |s| {
            format!(
                "OAuth{}a=\"b\"{}",
                " ".repeat(50_000 * s),
                "\t".repeat(50_000 * s)
            )
        },
        |h| {
            black_box(parse_authorization(h).unwrap().count());
        },
    );
    row(
        "header: repeated separators (,,,)",
        |s| format!("OAuth a=\"b\"{}", ",".repeat(100_000 * s)),
        |h| {
            black_box(parse_authorization(h).unwrap().count());
        },
    );
    row(
        "header: unterminated \\\" run",
        |s| format!("OAuth a=\"{}", "\\\"".repeat(50_000 * s)),
        |h| {
            black_box(parse_authorization(h).unwrap().count());
        },
    );

    // Form bodies and queries (§3.4.1.3.1).
    row(
        "form: 1k/10k/100k params, extend+sort+len",
        |s| form_params(1_000 * s),
        |b| {
            let mut st = storage.borrow_mut();
            let mut p = Params::new(&mut st[..]);
            p.extend_form(b, Source::Body).unwrap();
            p.sort();
            let uri = BaseStringUri::parse("http://example.com/").unwrap();
            black_box(BaseString::new("POST", &uri, p.as_slice()).unwrap().len());
        },
    );
    row(
        "form: value of %25 escapes, decode+encode",
        |s| format!("v={}", "%25".repeat(33_000 * s)),
        |b| {
            let mut p = oauthsig_core::ParamArray::<1>::array();
            p.extend_form(b, Source::Body).unwrap();
            let v = p.as_slice()[0].value;
            black_box(v.decoded_len());
            let uri = BaseStringUri::parse("http://h/").unwrap();
            black_box(BaseString::new("GET", &uri, p.as_slice()).unwrap().len());
        },
    );
    row(
        "form: separators only (&&&)",
        |s| "&".repeat(100_000 * s),
        |b| {
            let mut p = Params::new(vec![Param::EMPTY; 0]);
            p.extend_form(b, Source::Body).unwrap();
        },
    );
    row(
        "form: empty pairs (=&=&), 50k..5M params",
        |s| "=&".repeat(50_000 * s),
        |b| {
            let mut st = huge.borrow_mut();
            let mut p = Params::new(&mut st[..]);
            p.extend_form(b, Source::Body).unwrap();
            black_box(p.len());
        },
    );
    row(
        "form: overflow counts the rest (1-slot storage)",
        |s| form_params(1_000 * s),
        |b| {
            let mut p = oauthsig_core::ParamArray::<1>::array();
            black_box(p.extend_form(b, Source::Body)).unwrap_err();
        },
    );
    row(
        "text: cmp_encoded of equal %XX texts",
        |s| "%7e".repeat(33_000 * s),
        |t| {
            let a = Text::form(t, oauthsig_core::Part::Body).unwrap();
            let b = Text::percent(t, oauthsig_core::Part::Header).unwrap();
            black_box(a == b);
        },
    );

    // URLs (§3.4.1.2).
    row(
        "url: long path with raw spaces",
        |s| format!("http://h/{}", "a b/".repeat(25_000 * s)),
        |u| {
            let uri = BaseStringUri::parse(u).unwrap();
            let mut c = Counter::default();
            let base = BaseString::new("GET", &uri, &[]).unwrap();
            base.write_to(&mut c);
            black_box(c.len());
        },
    );
    row(
        "url: userinfo of u@u@u@…",
        |s| format!("http://{}h/", "u@".repeat(50_000 * s)),
        |u| {
            black_box(BaseStringUri::parse(u).unwrap());
        },
    );

    // End to end: sign a request with a large form body in one call, and
    // receive and verify it (header and body) as a server.
    let key = SigningKey::new(SignatureMethod::HmacSha1, "cs", "ts").unwrap();
    let protocol = Protocol::new("ck").timestamp("1").nonce("n");
    let url = "http://example.com/";
    row(
        "sign: HMAC-SHA1 over 1k/10k/100k body params",
        |s| form_params(1_000 * s),
        |b| {
            let mut st = storage.borrow_mut();
            let request = HttpRequest::new("POST", url).body(Body::Form(b));
            let prepared = sign::prepare_in(&mut st[..], &request, &protocol).unwrap();
            black_box(prepared.sign(&key).unwrap().signature().as_bytes());
        },
    );
    row(
        "verify: receive + signature, 1k/10k/100k",
        |s| {
            let body = form_params(1_000 * s);
            let request = HttpRequest::new("POST", url).body(Body::Form(&body));
            let slots = vec![Param::EMPTY; 1_000 * s];
            let prepared = sign::prepare_in(slots, &request, &protocol).unwrap();
            let signed = prepared.sign(&key).unwrap();
            let header = signed.output(Placement::Header { realm: None }).unwrap();
            format!("{header}\n{body}")
        },
        |input| {
            let (header, body) = input.split_once('\n').unwrap();
            let incoming = Incoming::new("POST", url)
                .authorization(header)
                .content_type(FORM_CONTENT_TYPE)
                .body(body.as_bytes());
            let mut st = storage.borrow_mut();
            let mut received = verify::receive_in(&mut st[..], &incoming).unwrap();
            received.check_signature(&key).unwrap();
        },
    );
}
