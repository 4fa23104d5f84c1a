//! oauthsig's client side against oauthlib 4.0.1's reference provider
//! (`tests/interop/provider.py`), live on loopback (issue #6).
//!
//! For each signature method, the whole RFC 5849 §1.2 flow with oauthsig
//! building and signing every request and parsing every answer, sent with
//! `ureq`:
//!
//! 1. temporary credentials with `oauth_callback` (§2.1), answer parsed
//!    with oauthsig's `Token` parser, callback confirmed;
//! 2. resource-owner authorization (§2.2; the provider auto-approves and
//!    names the callback redirect in `X-OAuth-Callback-Location`), the
//!    verifier read from that redirect the way a client's callback handler
//!    would;
//! 3. token credentials with the verifier (§2.3), parsed again;
//! 4. protected resources: GET with a query, form POST, and POST with a JSON
//!    body (oauthsig adds `oauth_body_hash`, the provider checks it), each
//!    with the protocol parameters in the header and in the query or body;
//!    once built and signed with the std crate's `Request`, once in one call
//!    of oauthsig-core's engine (`sign::sign_to_slice` in each placement);
//! 5. refusals: the same request again (replay), a wrong consumer secret, a
//!    wrong token secret, and a JSON body changed after signing all get 401.
//!
//! The RSA methods (RSA-SHA1, §3.4.3, and its SHA-256/512 siblings) run the
//! same flow with `Consumer::rsa` and the fixture key pair (the provider has
//! the public half): a wrong *private key* is refused instead of a wrong
//! consumer secret, and since the token secret plays no part in an RSA
//! signature, a wrong token secret is *accepted* while an unknown token is
//! refused.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauthsig::{AUTHORIZATION, Consumer, FORM_CONTENT_TYPE, Request, SignatureMethod, Token};
use oauthsig_core::{Body, HttpRequest, Placement as CorePlacement, Protocol, sign};
use oauthsig_interop::peers::{self, CONSUMER_KEY, CONSUMER_SECRET};
use oauthsig_interop::provider::Provider;
use serde_json::{Value, json};
use std::time::Duration;

/// Never contacted: the provider answers `/authorize` itself and only names
/// the redirect. Loopback anyway, so nothing could leave the machine. Its
/// query has reserved characters and escapes, which must survive signing,
/// oauthlib's decoding and the redirect.
const CALLBACK: &str = "http://127.0.0.1/oauth-callback?state=a%2Fb%20c&next=%2Fhome";
const CALLBACK_PATH: &str = "http://127.0.0.1/oauth-callback?";
const JSON_BODY: &str = r#"{"hello":"world","n":1,"list":["é",null]}"#;

/// Where the protocol parameters travel (RFC 5849 §3.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Placement {
    /// `Authorization` header (`Request::to_header`).
    Header,
    /// The query (`Request::to_url`).
    Query,
    /// The form body (`Request::to_postdata`).
    Body,
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("answer is not JSON ({e}): {}", self.body))
    }
}

/// One provider, one HTTP client, one signature method.
struct Flow {
    provider: Provider,
    agent: ureq::Agent,
    method: SignatureMethod,
    consumer: Consumer,
}

/// The fixture consumer for `method`: its secret, or for an RSA method its
/// RSA private key (`key`, a file of `tests/keys`).
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
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None) // loopback only, whatever the environment says
            .timeout_global(Some(Duration::from_secs(10)))
            .build()
            .into();
        Flow {
            provider,
            agent,
            method,
            consumer: consumer(method, peers::RSA_PRIVATE_KEY),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.provider.base())
    }

    fn call(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, String)],
        body: Option<&[u8]>,
    ) -> Reply {
        let result = match body {
            None => {
                let mut req = self.agent.get(url);
                for (n, v) in headers {
                    req = req.header(*n, v);
                }
                req.call()
            }
            Some(body) => {
                assert_eq!(method, "POST", "only GET and POST are used");
                let mut req = self.agent.post(url);
                for (n, v) in headers {
                    req = req.header(*n, v);
                }
                req.send(body)
            }
        };
        let mut response = result.unwrap_or_else(|e| {
            panic!(
                "{method} {url}: {e}\nprovider log:\n{}",
                self.provider.log()
            )
        });
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        Reply {
            status: response.status().as_u16(),
            headers,
            body: response.body_mut().read_to_string().unwrap_or_default(),
        }
    }

    /// Sends a signed request with its protocol parameters at `placement`.
    fn send(&self, request: &Request, placement: Placement) -> Reply {
        let mut headers = Vec::new();
        let (url, body) = match placement {
            Placement::Header => {
                headers.push((AUTHORIZATION, request.to_header(None).unwrap()));
                (request.url().to_owned(), request.body_bytes().to_vec())
            }
            Placement::Query => (request.to_url(), request.body_bytes().to_vec()),
            Placement::Body => (request.url().to_owned(), request.to_postdata().into_bytes()),
        };
        match (placement, request.content_type()) {
            (Placement::Body, _) => headers.push(("Content-Type", FORM_CONTENT_TYPE.to_owned())),
            (_, Some(ct)) => headers.push(("Content-Type", ct.to_owned())),
            (_, None) => {}
        }
        let method = request.method();
        let body = (method != "GET").then_some(body.as_slice());
        self.call(method, &url, &headers, body)
    }

    /// Signs `request` (body `body`) for `access` in one call of
    /// oauthsig-core's engine, writes it in `placement`, and sends it.
    fn send_one_call(
        &self,
        access: &Token,
        request: HttpRequest<'_>,
        content_type: Option<&str>,
        placement: Placement,
    ) -> Reply {
        // The provider is plain http on loopback: PLAINTEXT (RFC 5849 §3.4.4
        // wants TLS) is allowed over it, as in every request below.
        let request = request.allow_plaintext_over_http();
        let key = self
            .consumer
            .signing_key(self.method, Some(access))
            .unwrap_or_else(|e| panic!("{} key: {e}", self.method));
        let nonce = oauthsig::make_nonce().unwrap();
        let timestamp = oauthsig::make_timestamp().unwrap();
        let protocol = Protocol::new(CONSUMER_KEY)
            .token(access.key())
            .nonce(&nonce)
            .timestamp(&timestamp);
        let core_placement = match placement {
            Placement::Header => CorePlacement::Header { realm: None },
            Placement::Query => CorePlacement::Query,
            Placement::Body => CorePlacement::Form,
        };
        let mut buf = vec![0u8; 4096];
        let written = sign::sign_to_slice(&request, &protocol, &key, core_placement, &mut buf)
            .unwrap_or_else(|e| panic!("{} one-call {placement:?}: {e}", self.method))
            .to_owned();
        let body: Vec<u8> = match request.get_body() {
            Body::Form(form) => form.as_bytes().to_vec(),
            Body::Opaque(bytes) => bytes.to_vec(),
            _ => Vec::new(),
        };
        let mut headers = Vec::new();
        if let Some(ct) = content_type {
            headers.push(("Content-Type", ct.to_owned()));
        }
        let (url, body) = match placement {
            Placement::Header => {
                headers.push((AUTHORIZATION, written));
                (request.url().to_owned(), body)
            }
            Placement::Query => (written, body),
            Placement::Body => (request.url().to_owned(), written.into_bytes()),
        };
        let method = request.method();
        let body = (method != "GET").then_some(body.as_slice());
        self.call(method, &url, &headers, body)
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

    /// Steps 1–3: returns the token credentials.
    fn obtain_access_token(&self) -> Token {
        let initiate = Request::from_consumer_and_token(
            &self.consumer,
            None,
            "POST",
            &self.url("/request_token"),
        )
        .unwrap()
        .callback(CALLBACK)
        .allow_plaintext_over_http()
        .sign(self.method, &self.consumer, None)
        .unwrap();
        let reply = self.send(&initiate, Placement::Header);
        self.expect(200, &reply, "temporary credentials");
        let mut temporary: Token = reply.body.parse().unwrap_or_else(|e| {
            panic!(
                "oauthsig cannot parse oauthlib's answer {:?}: {e}",
                reply.body
            )
        });
        assert!(temporary.callback_confirmed(), "{}", reply.body);

        let authorize =
            Request::from_token_and_callback(&temporary, None, "GET", &self.url("/authorize"))
                .unwrap();
        let reply = self.call("GET", &authorize.to_url(), &[], None);
        self.expect(200, &reply, "authorization");
        let location = reply
            .header("X-OAuth-Callback-Location")
            .expect("the provider names the callback redirect");
        // oauthlib re-encodes the callback's query (`%20` becomes `+`), so
        // compare what it means.
        assert!(location.starts_with(CALLBACK_PATH), "{location}");
        let redirect = Request::new("GET", location).unwrap();
        assert_eq!(
            redirect.get("state").unwrap().as_deref(),
            Some("a/b c"),
            "{location}"
        );
        assert_eq!(
            redirect.get("next").unwrap().as_deref(),
            Some("/home"),
            "{location}"
        );
        // The client's callback handler: the token must be the one it asked
        // to have authorized (OAuth Security Advisory 2009.1).
        assert_eq!(
            redirect.get("oauth_token").unwrap().as_deref(),
            Some(temporary.key())
        );
        let verifier = redirect
            .get("oauth_verifier")
            .unwrap()
            .expect("verifier in redirect")
            .into_owned();
        assert!(
            reply.body.contains(&format!("oauth_verifier={verifier}")),
            "{}",
            reply.body
        );
        temporary.set_verifier(Some(&verifier)).unwrap();

        let exchange = Request::from_consumer_and_token(
            &self.consumer,
            Some(&temporary),
            "POST",
            &self.url("/access_token"),
        )
        .unwrap()
        .allow_plaintext_over_http()
        .sign(self.method, &self.consumer, Some(&temporary))
        .unwrap();
        assert_eq!(
            exchange.get("oauth_verifier").unwrap().as_deref(),
            Some(verifier.as_str())
        );
        let reply = self.send(&exchange, Placement::Header);
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

    fn signed(&self, request: Request, token: &Token) -> Request {
        request
            .allow_plaintext_over_http()
            .sign(self.method, &self.consumer, Some(token))
            .unwrap()
    }

    fn get_resource(&self) -> Request {
        Request::from_consumer_and_token(&self.consumer, None, "GET", &self.url("/resource"))
            .unwrap()
            .query_param("q", "hello world")
            .query_param("x", "1")
            .query_param("x", "2")
    }

    fn post_form(&self) -> Request {
        Request::from_consumer_and_token(&self.consumer, None, "POST", &self.url("/resource"))
            .unwrap()
            .form_param("a", "1")
            .form_param("b", "café")
            .form_param("b", "!")
    }

    fn post_json(&self) -> Request {
        Request::from_consumer_and_token(&self.consumer, None, "POST", &self.url("/json"))
            .unwrap()
            .body(JSON_BODY, "application/json")
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

fn three_legged_flow(method: SignatureMethod) {
    let flow = Flow::start(method);
    let access = flow.obtain_access_token();

    // 4. Protected resources.
    for placement in [Placement::Header, Placement::Query] {
        let request = flow.signed(flow.get_resource(), &access);
        assert!(request.url().ends_with("/resource?q=hello%20world&x=1&x=2"));
        let reply = flow.send(&request, placement);
        flow.expect(200, &reply, &format!("GET /resource ({placement:?})"));
        let echo = reply.json();
        flow.assert_echo(&echo, &access);
        assert_eq!(
            plain_pairs(&echo["query"]),
            pairs(&[("q", "hello world"), ("x", "1"), ("x", "2")])
        );
    }
    for placement in [Placement::Header, Placement::Body] {
        let request = flow.signed(flow.post_form(), &access);
        assert_eq!(request.body_bytes(), b"a=1&b=caf%C3%A9&b=%21");
        let reply = flow.send(&request, placement);
        flow.expect(200, &reply, &format!("POST /resource ({placement:?})"));
        let echo = reply.json();
        flow.assert_echo(&echo, &access);
        assert_eq!(
            plain_pairs(&echo["form"]),
            pairs(&[("a", "1"), ("b", "café"), ("b", "!")])
        );
    }
    for placement in [Placement::Header, Placement::Query] {
        let request = flow.signed(flow.post_json(), &access);
        assert!(request.get("oauth_body_hash").unwrap().is_some());
        let reply = flow.send(&request, placement);
        flow.expect(200, &reply, &format!("POST /json ({placement:?})"));
        let echo = reply.json();
        flow.assert_echo(&echo, &access);
        assert_eq!(echo["body_hash"], "verified");
        assert_eq!(
            echo["json"],
            json!({"hello": "world", "n": 1, "list": ["é", null]})
        );
    }

    // 4b. The same resources, signed in one call of oauthsig-core's engine.
    let get_url = flow.url("/resource?q=hello%20world&x=1&x=2");
    for placement in [Placement::Header, Placement::Query] {
        let request = HttpRequest::new("GET", &get_url);
        let reply = flow.send_one_call(&access, request, None, placement);
        flow.expect(
            200,
            &reply,
            &format!("one-call GET /resource ({placement:?})"),
        );
        let echo = reply.json();
        flow.assert_echo(&echo, &access);
        assert_eq!(
            plain_pairs(&echo["query"]),
            pairs(&[("q", "hello world"), ("x", "1"), ("x", "2")])
        );
    }
    let form_url = flow.url("/resource");
    for placement in [Placement::Header, Placement::Body] {
        let request = HttpRequest::new("POST", &form_url).body(Body::Form("a=1&b=caf%C3%A9&b=%21"));
        let reply = flow.send_one_call(&access, request, Some(FORM_CONTENT_TYPE), placement);
        flow.expect(
            200,
            &reply,
            &format!("one-call POST /resource ({placement:?})"),
        );
        let echo = reply.json();
        flow.assert_echo(&echo, &access);
        assert_eq!(
            plain_pairs(&echo["form"]),
            pairs(&[("a", "1"), ("b", "café"), ("b", "!")])
        );
    }
    let json_url = flow.url("/json");
    for placement in [Placement::Header, Placement::Query] {
        let request = HttpRequest::new("POST", &json_url).body(Body::Opaque(JSON_BODY.as_bytes()));
        let reply = flow.send_one_call(&access, request, Some("application/json"), placement);
        flow.expect(200, &reply, &format!("one-call POST /json ({placement:?})"));
        let echo = reply.json();
        flow.assert_echo(&echo, &access);
        assert_eq!(echo["body_hash"], "verified");
    }

    // 5. Refusals.
    let request = flow.signed(flow.get_resource(), &access);
    let first = flow.send(&request, Placement::Header);
    flow.expect(200, &first, "GET before its replay");
    let replay = flow.send(&request, Placement::Header);
    flow.expect(401, &replay, "replayed GET");

    let (wrong_consumer, what) = if method.is_rsa() {
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
    let request = flow
        .get_resource()
        .allow_plaintext_over_http()
        .sign(method, &wrong_consumer, Some(&access))
        .unwrap();
    flow.expect(401, &flow.send(&request, Placement::Header), what);

    let wrong_token = Token::new(access.key(), "not-the-token-secret");
    let request = flow
        .post_form()
        .allow_plaintext_over_http()
        .sign(method, &flow.consumer, Some(&wrong_token))
        .unwrap();
    if method.is_rsa() {
        // §3.4.3: an RSA signature does not involve the token secret.
        flow.expect(
            200,
            &flow.send(&request, Placement::Header),
            "RSA with another token secret (plays no part)",
        );
        let unknown_token = Token::new("not-an-issued-token", access.secret());
        let request = flow
            .post_form()
            .allow_plaintext_over_http()
            .sign(method, &flow.consumer, Some(&unknown_token))
            .unwrap();
        flow.expect(
            401,
            &flow.send(&request, Placement::Header),
            "unknown token",
        );
    } else {
        flow.expect(
            401,
            &flow.send(&request, Placement::Header),
            "wrong token secret",
        );
    }

    // The body hash binds the body: the same signed header with another body.
    let signed = flow.signed(flow.post_json(), &access);
    let header = signed.to_header(None).unwrap();
    let reply = flow.call(
        "POST",
        signed.url(),
        &[
            (AUTHORIZATION, header),
            ("Content-Type", "application/json".to_owned()),
        ],
        Some(r#"{"hello":"mallory","n":1,"list":["é",null]}"#.as_bytes()),
    );
    flow.expect(401, &reply, "JSON body changed after signing");
}

#[test]
fn hmac_sha1_three_legged_flow() {
    three_legged_flow(SignatureMethod::HmacSha1);
}

#[test]
fn hmac_sha256_three_legged_flow() {
    three_legged_flow(SignatureMethod::HmacSha256);
}

#[test]
fn hmac_sha512_three_legged_flow() {
    three_legged_flow(SignatureMethod::HmacSha512);
}

#[test]
fn plaintext_three_legged_flow() {
    three_legged_flow(SignatureMethod::Plaintext);
}

#[test]
fn rsa_sha1_three_legged_flow() {
    three_legged_flow(SignatureMethod::RsaSha1);
}

#[test]
fn rsa_sha256_three_legged_flow() {
    three_legged_flow(SignatureMethod::RsaSha256);
}

#[test]
fn rsa_sha512_three_legged_flow() {
    three_legged_flow(SignatureMethod::RsaSha512);
}
