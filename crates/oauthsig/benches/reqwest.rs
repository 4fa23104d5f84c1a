//! Cost of signing a reqwest request with `oauthsig::reqwest`, against
//! signing the same `http::Request` with `oauthsig::http::sign`, as ratios
//! measured in one run (absolute numbers on shared machines are noise;
//! ratios are not). Target: the adapter at most 1.1× `http::sign`.
//!
//! `cargo bench -p oauthsig --features reqwest-blocking,reqwest-middleware --bench reqwest`
//!
//! Three requests, each signed into an `Authorization` header with a fresh
//! CSPRNG nonce and the clock's timestamp, the same request signed again
//! every call (the header is replaced):
//! - RFC 5849 §3.4.1.1: form POST with a query, token, realm, HMAC-SHA1;
//! - a JSON POST (body hashed into `oauth_body_hash`), HMAC-SHA1;
//! - a GET with two query parameters (the `request` bench's typical call).
//!
//! Paths per request:
//! - `http::sign`: `oauthsig::http::sign` on an `http::Request` (the key
//!   prepared per call, as that function does);
//! - `http, prepared key`: `http::prepare` + `sign_with_key` + `apply`, the
//!   same work as the adapter does per request;
//! - `OAuth1::sign`: the adapter on a `reqwest::Request` (key prepared once);
//! - `OAuth1::sign_blocking`: on a `reqwest::blocking::Request` (with
//!   feature `reqwest-blocking`).
//!
//! Then the middleware: a `reqwest_middleware` client whose last middleware
//! answers without any I/O, executing a freshly built GET, with and without
//! `OAuth1` in front of it (the difference is what signing adds), polled on
//! a current-thread runtime.
//!
//! Each path also reports heap allocations per request (counting allocator).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauthsig::reqwest::OAuth1;
use oauthsig::{Consumer, SignatureMethod, Token};
use oauthsig_bench_support::Path;
use std::hint::black_box;

#[global_allocator]
static A: oauthsig_bench_support::Counting = oauthsig_bench_support::Counting;

const JSON_URL: &str = "https://api.example.com/2/tweets";
const JSON: &str =
    r#"{"text":"Hello Ladies + Gentlemen, a signed OAuth request!","reply_settings":"following"}"#;
const GET_URL: &str =
    "https://api.example.com/1.1/statuses/home_timeline.json?count=20&include_entities=true";
const CK: &str = "xvz1evFS4wEEPTGEFPHBog";
const CS: &str = "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw";
const TK: &str = "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb";
const TS: &str = "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE";

/// One request to sign: method, URL, content type and body, and the realm.
#[derive(Clone, Copy)]
struct Case {
    name: &'static str,
    method: &'static str,
    url: &'static str,
    content_type: Option<&'static str>,
    body: &'static str,
    realm: Option<&'static str>,
    consumer: (&'static str, &'static str),
    token: (&'static str, &'static str),
}

const CASES: [Case; 3] = [
    Case {
        name: "RFC 5849 §3.4.1.1 form POST",
        method: "POST",
        url: "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b",
        content_type: Some("application/x-www-form-urlencoded"),
        body: "c2&a3=2+q",
        realm: Some("Example"),
        consumer: ("9djdj82h48djs9d2", "j49sk3j29djd"),
        token: ("kkk9d7dh3k39sjv7", "dh893hdasih9"),
    },
    Case {
        name: "JSON POST, oauth_body_hash",
        method: "POST",
        url: JSON_URL,
        content_type: Some("application/json"),
        body: JSON,
        realm: None,
        consumer: (CK, CS),
        token: (TK, TS),
    },
    Case {
        name: "GET, two query parameters",
        method: "GET",
        url: GET_URL,
        content_type: None,
        body: "",
        realm: None,
        consumer: (CK, CS),
        token: (TK, TS),
    },
];

impl Case {
    fn consumer(&self) -> Consumer {
        Consumer::new(self.consumer.0, self.consumer.1)
    }

    fn token(&self) -> Token {
        Token::new(self.token.0, self.token.1)
    }

    fn oauth(&self) -> OAuth1 {
        let oauth = OAuth1::new(self.consumer()).token(self.token());
        match self.realm {
            Some(realm) => oauth.realm(realm),
            None => oauth,
        }
    }

    fn placement(&self) -> oauthsig::http::Placement {
        oauthsig::http::Placement::Header {
            realm: self.realm.map(str::to_owned),
        }
    }

    fn http(&self) -> http::Request<Vec<u8>> {
        let mut builder = http::Request::builder().method(self.method).uri(self.url);
        if let Some(ct) = self.content_type {
            builder = builder.header("content-type", ct);
        }
        builder.body(self.body.as_bytes().to_vec()).unwrap()
    }

    fn reqwest(&self) -> reqwest::Request {
        let mut request =
            reqwest::Request::new(self.method.parse().unwrap(), self.url.parse().unwrap());
        if let Some(ct) = self.content_type {
            request
                .headers_mut()
                .insert("content-type", ct.parse().unwrap());
        }
        if !self.body.is_empty() {
            *request.body_mut() = Some(self.body.into());
        }
        request
    }

    #[cfg(feature = "reqwest-blocking")]
    fn blocking(&self) -> reqwest::blocking::Request {
        let mut request = reqwest::blocking::Request::new(
            self.method.parse().unwrap(),
            self.url.parse().unwrap(),
        );
        if let Some(ct) = self.content_type {
            request
                .headers_mut()
                .insert("content-type", ct.parse().unwrap());
        }
        if !self.body.is_empty() {
            *request.body_mut() = Some(self.body.into());
        }
        request
    }
}

fn http_sign(request: &mut http::Request<Vec<u8>>, case: &Case, c: &Consumer, t: &Token) {
    let placement = case.placement();
    oauthsig::http::sign(request, SignatureMethod::HmacSha1, c, Some(t), &placement).unwrap();
}

fn http_prepared(
    request: &mut http::Request<Vec<u8>>,
    placement: &oauthsig::http::Placement,
    c: &Consumer,
    t: &Token,
    key: &oauthsig::SigningKey,
) {
    let signed = oauthsig::http::prepare(request, c, Some(t))
        .unwrap()
        .sign_with_key(key)
        .unwrap();
    oauthsig::http::apply(&signed, request, placement).unwrap();
}

/// The last middleware: answers 200 without any I/O.
struct Answer;

#[async_trait::async_trait]
impl reqwest_middleware::Middleware for Answer {
    async fn handle(
        &self,
        request: reqwest::Request,
        _: &mut http::Extensions,
        _: reqwest_middleware::Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        black_box(&request);
        Ok(reqwest::Response::from(http::Response::new("")))
    }
}

fn middleware_client(oauth: Option<OAuth1>) -> reqwest_middleware::ClientWithMiddleware {
    let mut builder = reqwest_middleware::ClientBuilder::new(reqwest::Client::new());
    if let Some(oauth) = oauth {
        builder = builder.with(oauth);
    }
    builder.with(Answer).build()
}

fn main() {
    // Correctness first: every path writes a header that checks, and the
    // adapter writes what oauthsig::http writes (the tests pin the nonce and
    // compare bytes; here the shape).
    for case in &CASES {
        let (c, t) = (case.consumer(), case.token());
        let mut h = case.http();
        http_sign(&mut h, case, &c, &t);
        let mut r = case.reqwest();
        case.oauth().sign(&mut r).unwrap();
        for header in [&h.headers()["authorization"], &r.headers()["authorization"]] {
            let received = oauthsig::Request::from_request(
                case.method,
                case.url,
                [
                    ("Authorization", header.to_str().unwrap()),
                    ("Content-Type", case.content_type.unwrap_or("")),
                ],
                case.body.as_bytes(),
                None,
            )
            .unwrap();
            assert!(
                received.check_signature(&c, Some(&t)).unwrap(),
                "{}",
                case.name
            );
        }
        let names = |v: &http::HeaderValue| {
            let v = v.to_str().unwrap();
            v.split(", ")
                .map(|p| p.split('=').next().unwrap().to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(&h.headers()["authorization"]),
            names(&r.headers()["authorization"])
        );
    }

    // Declared before the paths, which borrow it.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let mut paths = Vec::new();
    for case in CASES {
        let (c, t) = (case.consumer(), case.token());
        let key = c.signing_key(SignatureMethod::HmacSha1, Some(&t)).unwrap();
        let (c1, t1, mut h1) = (c.clone(), t.clone(), case.http());
        paths.push(Path::new(
            leak(format!("{}: http::sign", case.name)),
            move || {
                http_sign(black_box(&mut h1), &case, &c1, &t1);
            },
        ));
        let (c2, t2, mut h2, placement) = (c.clone(), t.clone(), case.http(), case.placement());
        paths.push(Path::new(
            leak(format!("{}: http, prepared key", case.name)),
            move || {
                http_prepared(black_box(&mut h2), &placement, &c2, &t2, &key);
            },
        ));
        let (oauth, mut r) = (case.oauth(), case.reqwest());
        paths.push(Path::new(
            leak(format!("{}: OAuth1::sign", case.name)),
            move || {
                oauth.sign(black_box(&mut r)).unwrap();
            },
        ));
        #[cfg(feature = "reqwest-blocking")]
        {
            let (oauth, mut b) = (case.oauth(), case.blocking());
            paths.push(Path::new(
                leak(format!("{}: OAuth1::sign_blocking", case.name)),
                move || {
                    oauth.sign_blocking(black_box(&mut b)).unwrap();
                },
            ));
        }
    }
    let per_case = paths.len() / CASES.len();

    let get = CASES[2];
    let bare = middleware_client(None);
    let signing = middleware_client(Some(get.oauth()));
    let rt = &runtime;
    paths.push(Path::new("middleware chain, no signer: GET", move || {
        let request = bare.get(black_box(GET_URL)).build().unwrap();
        black_box(rt.block_on(bare.execute(request)).unwrap());
    }));
    paths.push(Path::new("middleware chain + OAuth1: GET", move || {
        let request = signing.get(black_box(GET_URL)).build().unwrap();
        black_box(rt.block_on(signing.execute(request)).unwrap());
    }));

    let measured = oauthsig_bench_support::measure(10_000, paths);
    oauthsig_bench_support::print_table("ns/req", &measured);
    // With BENCH_ONLY there is one path and nothing to compare.
    if measured.len() != per_case * CASES.len() + 2 {
        return;
    }
    println!();
    println!("ratios (median; fastest round in brackets), target: adapter <= 1.1x http::sign");
    let ratio = |a: usize, b: usize| {
        format!(
            "{:.2}x [{:.2}x]",
            measured[a].ns / measured[b].ns,
            measured[a].min_ns / measured[b].min_ns
        )
    };
    for (i, case) in CASES.iter().enumerate() {
        let base = i * per_case;
        println!(
            "{:<30} OAuth1::sign / http::sign: {}; / http, prepared key: {}",
            case.name,
            ratio(base + 2, base),
            ratio(base + 2, base + 1),
        );
        if per_case == 4 {
            println!(
                "{:<30} OAuth1::sign_blocking / http::sign: {}",
                case.name,
                ratio(base + 3, base)
            );
        }
    }
    let chain = per_case * CASES.len();
    let signer = measured[chain + 1].ns - measured[chain].ns;
    let adapter_get = measured[2 * per_case + 2].ns;
    let http_get = measured[2 * per_case].ns;
    println!(
        "middleware: signing adds {signer:.0} ns to a chain call ({:.2}x OAuth1::sign, \
         {:.2}x http::sign on the same GET)",
        signer / adapter_get,
        signer / http_get
    );
}

/// A path name made at run time (paths are named by `&'static str`).
fn leak(name: String) -> &'static str {
    Box::leak(name.into_boxed_str())
}
