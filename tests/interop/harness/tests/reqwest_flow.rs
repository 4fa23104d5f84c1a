//! oauthsig's reqwest adapter (`oauthsig::reqwest::OAuth1` as a
//! `reqwest_middleware` middleware, reqwest 0.13 on tokio) against oauthlib
//! 4.0.1's reference provider (`tests/interop/provider.py`), live on
//! loopback: the whole RFC 5849 §1.2 flow, as `provider_flow.rs` runs it
//! with the std crate's `Request` and `ureq`, but every signed request
//! signed by the middleware as reqwest sends it.
//!
//! 1. `POST /request_token` signed with the consumer alone and
//!    `OAuth1::callback` (a callback whose query holds escapes), parsed with
//!    oauthsig's `Token` parser, callback confirmed;
//! 2. `GET /authorize?oauth_token=…` (unsigned; the provider auto-approves
//!    and names the callback redirect in `X-OAuth-Callback-Location`), the
//!    verifier read from that redirect, whose `oauth_token` must be ours;
//! 3. `POST /access_token` signed with the temporary token and
//!    `OAuth1::verifier`, with the protocol parameters in a form body the
//!    adapter makes (`Placement::Form` on a bodiless POST), parsed again;
//! 4. protected resources with the token credentials, each echo checked for
//!    our consumer, token, method and the request's parameters: the GET
//!    with a query (header and query placement), the form POST (header,
//!    form and query placement), the JSON POST (header and query placement;
//!    the adapter adds `oauth_body_hash`, the provider checks it);
//! 5. refusals, all 401: the same signed request again (a middleware after
//!    the signer keeps a copy, the bare client resends it), a wrong
//!    consumer secret (RSA: a wrong private key), a wrong token secret
//!    (RSA: *accepted*, it plays no part in the signature, RFC 5849 §3.4.3;
//!    an unknown token refused instead), and one byte changed after
//!    signing by a middleware after the signer — of the JSON body, of a
//!    query value, of the `Authorization` header's nonce.
//!
//! One test per signature method, each with its own provider.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauthsig::reqwest::{OAuth1, Placement};
use oauthsig::{Consumer, FORM_CONTENT_TYPE, Request, SignatureMethod, Token};
use oauthsig_interop::peers::{self, CONSUMER_KEY, CONSUMER_SECRET};
use oauthsig_interop::provider::Provider;
use reqwest_middleware::{ClientBuilder, ClientWithMiddleware, Middleware, Next};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// As in `provider_flow.rs`: never contacted, escapes in its query.
const CALLBACK: &str = "http://127.0.0.1/oauth-callback?state=a%2Fb%20c&next=%2Fhome";
const CALLBACK_PATH: &str = "http://127.0.0.1/oauth-callback?";
const GET_QUERY: &str = "q=hello%20world&x=1&x=2";
const FORM_BODY: &str = "a=1&b=caf%C3%A9&b=%21";
const JSON_BODY: &str = r#"{"hello":"world","n":1,"list":["é",null]}"#;

// ---------------------------------------------------------------------------
// Middlewares after the signer: one changes the signed request, one keeps a
// copy of it.

/// Which byte to change after signing.
#[derive(Clone, Copy, Debug)]
enum Tamper {
    /// The last letter or digit of this query parameter's value.
    Query(&'static str),
    /// The last letter or digit of this `Authorization` parameter's value.
    Header(&'static str),
    /// `world` becomes `worle` in the body.
    Body,
}

/// The next letter or digit of the same kind.
fn next_byte(b: u8) -> u8 {
    match b {
        b'z' => b'a',
        b'Z' => b'A',
        b'9' => b'0',
        _ => b + 1,
    }
}

/// `text` with the last letter or digit (outside `%XX` escapes) of the
/// value after `start` (up to `end`) changed.
fn change_value(text: &str, start: &str, end: char) -> String {
    let at = text
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} not in {text:?}"))
        + start.len();
    let len = text[at..].find(end).unwrap_or(text.len() - at);
    let mut bytes = text.as_bytes().to_vec();
    let mut last = None;
    let mut i = at;
    while i < at + len {
        match bytes[i] {
            b'%' => i += 3,
            b => {
                if b.is_ascii_alphanumeric() {
                    last = Some(i);
                }
                i += 1;
            }
        }
    }
    let i = last.unwrap_or_else(|| panic!("nothing to change after {start:?} in {text:?}"));
    bytes[i] = next_byte(bytes[i]);
    String::from_utf8(bytes).unwrap()
}

impl Tamper {
    fn apply(self, request: &mut reqwest::Request) {
        match self {
            Tamper::Query(name) => {
                let query = format!("&{}", request.url().query().unwrap());
                let forged = change_value(&query, &format!("&{name}="), '&');
                request.url_mut().set_query(Some(&forged[1..]));
            }
            Tamper::Header(name) => {
                let header = request.headers()["authorization"].to_str().unwrap();
                let forged = change_value(header, &format!(" {name}=\""), '"');
                request
                    .headers_mut()
                    .insert("authorization", forged.parse().unwrap());
            }
            Tamper::Body => {
                let body = request.body().and_then(|b| b.as_bytes()).unwrap();
                let body = String::from_utf8(body.to_vec()).unwrap();
                assert!(body.contains("world"), "{body}");
                *request.body_mut() = Some(body.replacen("world", "worle", 1).into());
            }
        }
    }
}

/// Changes the signed request as its [`Tamper`] extension says.
struct Tamperer;

#[async_trait::async_trait]
impl Middleware for Tamperer {
    async fn handle(
        &self,
        mut request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        if let Some(tamper) = extensions.get::<Tamper>() {
            tamper.apply(&mut request);
        }
        next.run(request, extensions).await
    }
}

/// Where [`Capturer`] keeps a copy of the request as sent.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Option<reqwest::Request>>>);

/// Keeps a copy of the signed request when a [`Capture`] extension asks.
struct Capturer;

#[async_trait::async_trait]
impl Middleware for Capturer {
    async fn handle(
        &self,
        request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        if let Some(capture) = extensions.get::<Capture>() {
            *capture.0.lock().unwrap() = request.try_clone();
        }
        next.run(request, extensions).await
    }
}

// ---------------------------------------------------------------------------
// The flow.

struct Reply {
    status: u16,
    callback_location: Option<String>,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("answer is not JSON ({e}): {}", self.body))
    }
}

async fn read_reply(response: reqwest::Response) -> Reply {
    let status = response.status().as_u16();
    let callback_location = response
        .headers()
        .get("x-oauth-callback-location")
        .map(|v| v.to_str().unwrap().to_owned());
    Reply {
        status,
        callback_location,
        body: response.text().await.unwrap(),
    }
}

/// One provider, one signature method.
struct Flow {
    provider: Provider,
    method: SignatureMethod,
    consumer: Consumer,
    bare: reqwest::Client,
}

/// The fixture consumer for `method`: its secret, or for an RSA method its
/// private key (`key`, a file of `tests/keys`).
fn consumer(method: SignatureMethod, key: &str) -> Consumer {
    if method.is_rsa() {
        let key = peers::rsa_private_key(key).unwrap_or_else(|e| panic!("{e}"));
        Consumer::rsa(CONSUMER_KEY, key)
    } else {
        Consumer::new(CONSUMER_KEY, CONSUMER_SECRET)
    }
}

impl Flow {
    fn start(method: SignatureMethod) -> Flow {
        let provider = Provider::start(&[]).unwrap_or_else(|e| panic!("{e}"));
        let bare = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy() // loopback only, whatever the environment says
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap();
        Flow {
            provider,
            method,
            consumer: consumer(method, peers::RSA_PRIVATE_KEY),
            bare,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.provider.base())
    }

    /// `OAuth1` for the fixture consumer and this flow's method. The
    /// provider is plain http on loopback, so PLAINTEXT (RFC 5849 §3.4.4
    /// wants TLS) is allowed over it.
    fn oauth(&self) -> OAuth1 {
        OAuth1::new(self.consumer.clone())
            .signature_method(self.method)
            .allow_plaintext_over_http()
    }

    /// A client that signs with `oauth`, then lets [`Tamperer`] and
    /// [`Capturer`] act on the signed request.
    fn client(&self, oauth: OAuth1) -> ClientWithMiddleware {
        ClientBuilder::new(self.bare.clone())
            .with(oauth)
            .with(Tamperer)
            .with(Capturer)
            .build()
    }

    async fn send(&self, request: reqwest_middleware::RequestBuilder, what: &str) -> Reply {
        let response = request.send().await.unwrap_or_else(|e| {
            panic!(
                "{} {what}: {e:?}\nprovider log:\n{}",
                self.method,
                self.provider.log()
            )
        });
        read_reply(response).await
    }

    /// Asserts the status, showing the answer and the provider's log if not.
    fn expect(&self, status: u16, reply: &Reply, what: &str) {
        assert_eq!(
            reply.status,
            status,
            "{} {what}: answer {:?}\nprovider log:\n{}",
            self.method,
            reply.body,
            self.provider.log()
        );
    }

    /// Steps 1–3: the token credentials.
    async fn obtain_access_token(&self) -> Token {
        let initiate = self.client(self.oauth().callback(CALLBACK));
        let reply = self
            .send(
                initiate.post(self.url("/request_token")),
                "temporary credentials",
            )
            .await;
        self.expect(200, &reply, "temporary credentials");
        let temporary: Token = reply.body.parse().unwrap_or_else(|e| {
            panic!(
                "oauthsig cannot parse oauthlib's answer {:?}: {e}",
                reply.body
            )
        });
        assert!(temporary.callback_confirmed(), "{}", reply.body);

        let authorize = format!("{}?oauth_token={}", self.url("/authorize"), temporary.key());
        let reply = read_reply(self.bare.get(&authorize).send().await.unwrap()).await;
        self.expect(200, &reply, "authorization");
        let location = reply
            .callback_location
            .as_deref()
            .expect("the provider names the callback redirect");
        assert!(location.starts_with(CALLBACK_PATH), "{location}");
        let redirect = Request::new("GET", location).unwrap();
        assert_eq!(redirect.get("state").unwrap().as_deref(), Some("a/b c"));
        assert_eq!(redirect.get("next").unwrap().as_deref(), Some("/home"));
        // OAuth Security Advisory 2009.1: the token we asked to authorize.
        assert_eq!(
            redirect.get("oauth_token").unwrap().as_deref(),
            Some(temporary.key())
        );
        let verifier = redirect
            .get("oauth_verifier")
            .unwrap()
            .expect("verifier in redirect")
            .into_owned();

        let exchange = self.client(
            self.oauth()
                .token(temporary.clone())
                .verifier(&verifier)
                .placement(Placement::Form),
        );
        let reply = self
            .send(
                exchange.post(self.url("/access_token")),
                "token credentials",
            )
            .await;
        self.expect(200, &reply, "token credentials");
        let access: Token = reply.body.parse().unwrap_or_else(|e| {
            panic!(
                "oauthsig cannot parse oauthlib's answer {:?}: {e}",
                reply.body
            )
        });
        assert_ne!(access.key(), temporary.key());
        assert_ne!(access.secret(), temporary.secret());
        access
    }

    /// Asserts the provider's echo names our client, token and method.
    fn assert_echo(&self, echo: &Value, access: &Token) {
        assert_eq!(echo["client_key"], CONSUMER_KEY, "{echo}");
        assert_eq!(echo["token"], access.key(), "{echo}");
        assert_eq!(echo["signature_method"], self.method.as_str(), "{echo}");
    }
}

/// The non-`oauth_` pairs of an echoed `[[name, value], …]` list.
fn plain_pairs(list: &Value) -> Vec<(String, String)> {
    list.as_array()
        .expect("pair list")
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().to_owned(),
                p[1].as_str().unwrap().to_owned(),
            )
        })
        .filter(|(n, _)| !n.starts_with("oauth_"))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect()
}

fn get_resource(client: &ClientWithMiddleware, flow: &Flow) -> reqwest_middleware::RequestBuilder {
    client.get(flow.url(&format!("/resource?{GET_QUERY}")))
}

fn post_form(client: &ClientWithMiddleware, flow: &Flow) -> reqwest_middleware::RequestBuilder {
    client
        .post(flow.url("/resource"))
        .header("content-type", FORM_CONTENT_TYPE)
        .body(FORM_BODY)
}

fn post_json(client: &ClientWithMiddleware, flow: &Flow) -> reqwest_middleware::RequestBuilder {
    client
        .post(flow.url("/json"))
        .header("content-type", "application/json")
        .body(JSON_BODY)
}

async fn three_legged_flow(method: SignatureMethod) {
    let flow = Flow::start(method);
    let access = flow.obtain_access_token().await;
    let api = |placement| flow.client(flow.oauth().token(access.clone()).placement(placement));

    // 4. Protected resources.
    for placement in [Placement::Header, Placement::Query] {
        let what = format!("GET /resource ({placement:?})");
        let reply = flow.send(get_resource(&api(placement), &flow), &what).await;
        flow.expect(200, &reply, &what);
        let echo = reply.json();
        flow.assert_echo(&echo, &access);
        assert_eq!(
            plain_pairs(&echo["query"]),
            pairs(&[("q", "hello world"), ("x", "1"), ("x", "2")])
        );
    }
    for placement in [Placement::Header, Placement::Form, Placement::Query] {
        let what = format!("POST /resource ({placement:?})");
        let reply = flow.send(post_form(&api(placement), &flow), &what).await;
        flow.expect(200, &reply, &what);
        let echo = reply.json();
        flow.assert_echo(&echo, &access);
        assert_eq!(
            plain_pairs(&echo["form"]),
            pairs(&[("a", "1"), ("b", "café"), ("b", "!")])
        );
    }
    for placement in [Placement::Header, Placement::Query] {
        let what = format!("POST /json ({placement:?})");
        let reply = flow.send(post_json(&api(placement), &flow), &what).await;
        flow.expect(200, &reply, &what);
        let echo = reply.json();
        flow.assert_echo(&echo, &access);
        assert_eq!(echo["body_hash"], "verified", "{echo}");
        assert_eq!(
            echo["json"],
            json!({"hello": "world", "n": 1, "list": ["é", null]})
        );
    }

    // 5. Refusals. The replay: sent, kept, sent again by the bare client.
    let capture = Capture::default();
    let header = api(Placement::Header);
    let request = get_resource(&header, &flow).with_extension(capture.clone());
    let first = flow.send(request, "GET before its replay").await;
    flow.expect(200, &first, "GET before its replay");
    let copy = capture
        .0
        .lock()
        .unwrap()
        .take()
        .expect("a captured request");
    let replay = read_reply(flow.bare.execute(copy).await.unwrap()).await;
    flow.expect(401, &replay, "replayed GET");

    let (wrong, what) = if method.is_rsa() {
        (
            consumer(method, peers::WRONG_RSA_PRIVATE_KEY),
            "wrong private key",
        )
    } else {
        (
            Consumer::new(CONSUMER_KEY, "not-the-consumer-secret"),
            "wrong consumer secret",
        )
    };
    let client = flow.client(
        OAuth1::new(wrong)
            .signature_method(method)
            .allow_plaintext_over_http()
            .token(access.clone()),
    );
    let reply = flow.send(get_resource(&client, &flow), what).await;
    flow.expect(401, &reply, what);

    let wrong_token = Token::new(access.key(), "not-the-token-secret");
    let client = flow.client(flow.oauth().token(wrong_token));
    let reply = flow
        .send(post_form(&client, &flow), "wrong token secret")
        .await;
    if method.is_rsa() {
        // §3.4.3: an RSA signature does not involve the token secret.
        flow.expect(200, &reply, "RSA with another token secret (plays no part)");
        flow.assert_echo(&reply.json(), &access);
        let unknown = Token::new("not-an-issued-token", access.secret());
        let client = flow.client(flow.oauth().token(unknown));
        let reply = flow.send(post_form(&client, &flow), "unknown token").await;
        flow.expect(401, &reply, "unknown token");
    } else {
        flow.expect(401, &reply, "wrong token secret");
    }

    // One byte changed after signing: the JSON body (the body hash binds
    // it, whatever the method), a query value, the nonce in the header
    // (PLAINTEXT signs neither: accepted, RFC 5849 §3.4.4).
    let signed = if method == SignatureMethod::Plaintext {
        200
    } else {
        401
    };
    for (tamper, request, status) in [
        (Tamper::Body, post_json(&header, &flow), 401),
        (Tamper::Query("x"), get_resource(&header, &flow), signed),
        (
            Tamper::Header("oauth_nonce"),
            get_resource(&header, &flow),
            signed,
        ),
    ] {
        let what = format!("{tamper:?} changed after signing");
        let reply = flow.send(request.with_extension(tamper), &what).await;
        flow.expect(status, &reply, &what);
    }
    // The same requests unchanged are fine (the changes were the reason).
    let reply = flow.send(post_json(&header, &flow), "JSON again").await;
    flow.expect(200, &reply, "JSON again");
}

#[tokio::test]
async fn hmac_sha1_three_legged_flow_through_reqwest() {
    three_legged_flow(SignatureMethod::HmacSha1).await;
}

#[tokio::test]
async fn hmac_sha256_three_legged_flow_through_reqwest() {
    three_legged_flow(SignatureMethod::HmacSha256).await;
}

#[tokio::test]
async fn hmac_sha512_three_legged_flow_through_reqwest() {
    three_legged_flow(SignatureMethod::HmacSha512).await;
}

#[tokio::test]
async fn plaintext_three_legged_flow_through_reqwest() {
    three_legged_flow(SignatureMethod::Plaintext).await;
}

#[tokio::test]
async fn rsa_sha1_three_legged_flow_through_reqwest() {
    three_legged_flow(SignatureMethod::RsaSha1).await;
}

#[tokio::test]
async fn rsa_sha256_three_legged_flow_through_reqwest() {
    three_legged_flow(SignatureMethod::RsaSha256).await;
}

#[tokio::test]
async fn rsa_sha512_three_legged_flow_through_reqwest() {
    three_legged_flow(SignatureMethod::RsaSha512).await;
}
