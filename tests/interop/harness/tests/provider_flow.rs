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
//! 5. refusals: the same request again (replay), a wrong consumer secret, a
//!    wrong token secret, and a JSON body changed after signing all get 401.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauthsig::{AUTHORIZATION, Consumer, FORM_CONTENT_TYPE, Request, SignatureMethod, Token};
use oauthsig_interop::peers::{CONSUMER_KEY, CONSUMER_SECRET};
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
            consumer: Consumer::new(CONSUMER_KEY, CONSUMER_SECRET),
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

    // 5. Refusals.
    let request = flow.signed(flow.get_resource(), &access);
    let first = flow.send(&request, Placement::Header);
    flow.expect(200, &first, "GET before its replay");
    let replay = flow.send(&request, Placement::Header);
    flow.expect(401, &replay, "replayed GET");

    let wrong_consumer = Consumer::new(CONSUMER_KEY, "not-the-consumer-secret");
    let request = flow
        .get_resource()
        .sign(method, &wrong_consumer, Some(&access))
        .unwrap();
    flow.expect(
        401,
        &flow.send(&request, Placement::Header),
        "wrong consumer secret",
    );

    let wrong_token = Token::new(access.key(), "not-the-token-secret");
    let request = flow
        .post_form()
        .sign(method, &flow.consumer, Some(&wrong_token))
        .unwrap();
    flow.expect(
        401,
        &flow.send(&request, Placement::Header),
        "wrong token secret",
    );

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
fn plaintext_three_legged_flow() {
    three_legged_flow(SignatureMethod::Plaintext);
}
