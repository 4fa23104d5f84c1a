//! The two adapters against each other over real loopback HTTP: a reqwest
//! client signing with `oauthsig::reqwest::OAuth1` as a `reqwest_middleware`
//! middleware, and an axum 0.8 server behind `oauthsig::tower::OAuthLayer`
//! reading the result with the `OAuth` extractor, on a tokio runtime.
//!
//! For every signature method, with the protocol parameters in the header
//! (with a realm), the query, and (for the form POST) the form body, with a
//! form, a JSON and an empty body:
//!
//! * the request is accepted and the handler sees the verified consumer,
//!   token, method, realm and decoded parameters, and the body as sent;
//! * the same signed request sent again (captured by a middleware after the
//!   signer, resent by the bare client) is refused as a replay: 401, the
//!   verifier's message and its `WWW-Authenticate` challenge;
//! * a freshly signed request with one byte changed after signing (by a
//!   middleware after the signer: a byte of a query value, of the body, of
//!   an `Authorization` parameter value) is refused with the verifier's 401
//!   and challenge, for the reason that byte implies.
//!
//! HMAC and RSA run twice: straight to `http://127.0.0.1:PORT` (the layer
//! rebuilds the URL from `Host`), and through the TLS-proxy case, where the
//! client signs `https://api.example.test/…`, a middleware standing in for
//! the proxy sends it to the loopback server over plain http, and the layer
//! is configured with that https `PublicOrigin`. PLAINTEXT runs only the
//! latter (RFC 5849 §3.4.4 wants TLS; over plain http it is a 400), and,
//! since it signs nothing but the secrets, only the credentials, the
//! signature and a hashed body are protected: the controls show a changed
//! query byte accepted.
//!
//! Then URLs, form bodies and content types whose encoding a client and a
//! server could read differently, each of which must verify.

#![cfg(all(feature = "reqwest-middleware", feature = "axum", feature = "rsa"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use axum::Router;
use axum::extract::OriginalUri;
use axum::routing::any;
use bytes::Bytes;
use oauthsig::reqwest::{OAuth1, Placement};
use oauthsig::tower::{OAuth, OAuthLayer, PublicOrigin};
use oauthsig::verifier::{
    CredentialLookup, CredentialQuery, Credentials, LookupError, Verifier, VerifyError,
};
use oauthsig::{Consumer, RsaPrivateKey, RsaPublicKey, SignatureMethod, Token};
use reqwest_middleware::{ClientBuilder, ClientWithMiddleware, Middleware, Next};
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;

const PUBLIC: &str = "https://api.example.test";
const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";
const QUERY: &str = "x=1&y=a%20b";
const FORM_BODY: &str = "title=Sunset%20Strip&n=3";
const JSON_BODY: &str = r#"{"title":"Sunset","n":3}"#;
const REALM: &str = "Adapters";

const ALL: [SignatureMethod; 7] = [
    SignatureMethod::HmacSha1,
    SignatureMethod::HmacSha256,
    SignatureMethod::HmacSha512,
    SignatureMethod::Plaintext,
    SignatureMethod::RsaSha1,
    SignatureMethod::RsaSha256,
    SignatureMethod::RsaSha512,
];

fn key_file(name: &str) -> Vec<u8> {
    let path = format!("{}/../../tests/keys/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

// ---------------------------------------------------------------------------
// The server: axum, the layer, a handler that describes what verified.

/// Consumer `ck` (secret `cs`) and `rsa-ck` (the test key pair's public
/// half), both with token `tk` (secret `ts`).
struct Lookup {
    rsa: Arc<RsaPublicKey>,
}

impl CredentialLookup for Lookup {
    fn credentials(&self, q: &CredentialQuery<'_>) -> Result<Credentials<'_>, LookupError> {
        match (q.consumer_key(), q.token()) {
            ("ck", Some("tk")) => Ok(Credentials::secrets("cs", "ts")),
            ("rsa-ck", Some("tk")) => Ok(Credentials::from(Arc::clone(&self.rsa))),
            ("ck" | "rsa-ck", _) => Err(LookupError::UnknownToken),
            _ => Err(LookupError::UnknownConsumer),
        }
    }
}

/// What the handler saw, one line each.
async fn handler(
    method: axum::http::Method,
    OriginalUri(uri): OriginalUri,
    OAuth(verified): OAuth,
    body: Bytes,
) -> String {
    let mut out = format!(
        "{method} {}\nconsumer {}\ntoken {}\nmethod {}\nrealm {}\n",
        uri.path(),
        verified.consumer_key(),
        verified.token().unwrap_or("-"),
        verified.signature_method(),
        verified.realm().unwrap_or("-"),
    );
    for p in verified.parameters() {
        writeln!(out, "param {}={}", p.name().unwrap(), p.value().unwrap()).unwrap();
    }
    write!(out, "body {}", String::from_utf8_lossy(&body)).unwrap();
    out
}

/// A running server: where it listens, and its verifier (for the
/// challenge it must send).
struct Server {
    addr: SocketAddr,
    verifier: Arc<Verifier>,
    /// The https origin the layer is configured with, if any.
    public: bool,
}

impl Server {
    /// Every method allowed (PLAINTEXT over https only), a fresh nonce store.
    async fn start(public: bool) -> Server {
        let verifier = Arc::new(
            ALL.into_iter()
                .fold(Verifier::builder(), |b, m| b.allow(m))
                .build()
                .unwrap(),
        );
        let lookup = Arc::new(Lookup {
            rsa: Arc::new(RsaPublicKey::parse(&key_file("rsa2048.spki.pem")).unwrap()),
        });
        let mut layer = OAuthLayer::new(Arc::clone(&verifier), lookup);
        if public {
            layer = layer.public_origin(PublicOrigin::new(PUBLIC).unwrap());
        }
        let app = Router::new().fallback(any(handler)).layer(layer);
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Server {
            addr,
            verifier,
            public,
        }
    }

    /// The URL a client signs for `/items?…`.
    fn url(&self) -> String {
        if self.public {
            format!("{PUBLIC}/items?{QUERY}")
        } else {
            format!("http://{}/items?{QUERY}", self.addr)
        }
    }

    /// The answer the layer must give for `e`: its status, message, and
    /// the verifier's challenge on a 401.
    fn refusal(&self, e: &VerifyError) -> (u16, String, Option<String>) {
        (
            e.http_status(),
            format!("{e}\n"),
            self.verifier.www_authenticate(e),
        )
    }
}

// ---------------------------------------------------------------------------
// The client: the signer, then middlewares that act on the signed request.

/// Which byte to change after signing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tamper {
    /// In the value of this query parameter.
    Query(&'static str),
    /// In the value of this `Authorization` parameter.
    Header(&'static str),
    /// `Sunset` becomes `Tunset` in the body (a form value, a JSON string).
    Body,
    /// The last letter of the `Content-Type` value: a form body that is no
    /// longer one (its parameters were signed).
    ContentType,
}

/// The next letter or digit of the same kind (`z` → `a`, `9` → `0`).
fn next_byte(b: u8) -> u8 {
    match b {
        b'z' => b'a',
        b'Z' => b'A',
        b'9' => b'0',
        _ => b + 1,
    }
}

/// `value` with its last letter or digit outside a `%XX` escape changed
/// (the last: a timestamp then moves by seconds, staying in the window).
fn changed(value: &str) -> String {
    let mut bytes = value.as_bytes().to_vec();
    let mut last = None;
    let mut i = 0;
    while i < bytes.len() {
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
    let i = last.unwrap_or_else(|| panic!("nothing to change in {value:?}"));
    bytes[i] = next_byte(bytes[i]);
    String::from_utf8(bytes).unwrap()
}

/// `text` with one byte of the value that follows `start` (up to `end`)
/// changed; panics when `start` is not there.
fn change_value(text: &str, start: &str, end: char) -> String {
    let at = text
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} not in {text:?}"))
        + start.len();
    let len = text[at..].find(end).unwrap_or(text.len() - at);
    format!(
        "{}{}{}",
        &text[..at],
        changed(&text[at..at + len]),
        &text[at + len..]
    )
}

impl Tamper {
    fn apply(self, request: &mut reqwest::Request) {
        match self {
            Tamper::Query(name) => {
                // `&name=`, or `name=` first.
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
                assert!(body.contains("Sunset"), "{body}");
                *request.body_mut() = Some(body.replacen("Sunset", "Tunset", 1).into());
            }
            Tamper::ContentType => {
                let value = request.headers()["content-type"].to_str().unwrap();
                let forged = changed(value);
                request
                    .headers_mut()
                    .insert("content-type", forged.parse().unwrap());
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

/// The TLS proxy's part: a request for `https://api.example.test/…` goes to
/// the loopback server over plain http, path and query untouched.
struct Proxy(SocketAddr);

#[async_trait::async_trait]
impl Middleware for Proxy {
    async fn handle(
        &self,
        mut request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let url = request.url_mut();
        if url.host_str() == Some("api.example.test") {
            url.set_scheme("http").unwrap();
            url.set_ip_host(self.0.ip()).unwrap();
            url.set_port(Some(self.0.port())).unwrap();
        }
        next.run(request, extensions).await
    }
}

/// Where [`Capturer`] keeps a copy of the request it sends.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Option<reqwest::Request>>>);

impl Capture {
    fn take(&self) -> reqwest::Request {
        self.0.lock().unwrap().take().expect("a captured request")
    }
}

/// Keeps a copy of the request as it goes on the wire, when asked to by a
/// [`Capture`] extension (attached last: closest to the network).
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

fn bare_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .unwrap()
}

/// The signer first, then the tamperer, the proxy and the capturer.
fn client(oauth: OAuth1, server: &Server) -> ClientWithMiddleware {
    ClientBuilder::new(bare_client())
        .with(oauth)
        .with(Tamperer)
        .with(Proxy(server.addr))
        .with(Capturer)
        .build()
}

fn consumer(method: SignatureMethod) -> Consumer {
    if method.is_rsa() {
        let key = RsaPrivateKey::parse(&key_file("rsa2048.pkcs8.pem")).unwrap();
        Consumer::rsa("rsa-ck", key)
    } else {
        Consumer::new("ck", "cs")
    }
}

fn oauth(method: SignatureMethod, placement: Placement) -> OAuth1 {
    let oauth = OAuth1::new(consumer(method))
        .token(Token::new("tk", "ts"))
        .signature_method(method)
        .placement(placement);
    match placement {
        Placement::Header => oauth.realm(REALM),
        _ => oauth,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// `POST` with a form body.
    Form,
    /// `PUT` with a JSON body (and `oauth_body_hash`).
    Json,
    /// `GET`, no body.
    Empty,
}

impl Kind {
    fn method(self) -> &'static str {
        match self {
            Kind::Form => "POST",
            Kind::Json => "PUT",
            Kind::Empty => "GET",
        }
    }

    fn body(self) -> &'static str {
        match self {
            Kind::Form => FORM_BODY,
            Kind::Json => JSON_BODY,
            Kind::Empty => "",
        }
    }
}

/// Sends `kind`'s request through `client` (signed, then changed and
/// captured when asked to); the answer.
async fn send(
    client: &ClientWithMiddleware,
    server: &Server,
    kind: Kind,
    tamper: Option<Tamper>,
    capture: Option<&Capture>,
) -> (u16, String, Option<String>) {
    let mut builder = match kind {
        Kind::Form => client
            .post(server.url())
            .header("content-type", FORM)
            .body(FORM_BODY),
        Kind::Json => client
            .put(server.url())
            .header("content-type", JSON)
            .body(JSON_BODY),
        Kind::Empty => client.get(server.url()),
    };
    if let Some(tamper) = tamper {
        builder = builder.with_extension(tamper);
    }
    if let Some(capture) = capture {
        builder = builder.with_extension(capture.clone());
    }
    answer(builder.send().await.unwrap()).await
}

async fn answer(response: reqwest::Response) -> (u16, String, Option<String>) {
    let status = response.status().as_u16();
    let challenge = response
        .headers()
        .get("www-authenticate")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, response.text().await.unwrap(), challenge)
}

/// What the handler must say for `kind` signed with `method` at `placement`.
fn expected(method: SignatureMethod, placement: Placement, kind: Kind) -> String {
    let consumer = if method.is_rsa() { "rsa-ck" } else { "ck" };
    let realm = if placement == Placement::Header {
        REALM
    } else {
        "-"
    };
    let mut out = format!(
        "{} /items\nconsumer {consumer}\ntoken tk\nmethod {method}\nrealm {realm}\n\
         param x=1\nparam y=a b\n",
        kind.method()
    );
    if kind == Kind::Form {
        out.push_str("param title=Sunset Strip\nparam n=3\n");
    }
    write!(out, "body {}", kind.body()).unwrap();
    out
}

/// The changes one signed request must not survive, and why each is
/// refused; for PLAINTEXT, also the ones it does survive (`None`).
fn tampers(
    method: SignatureMethod,
    placement: Placement,
    kind: Kind,
) -> Vec<(Tamper, Option<VerifyError>)> {
    let plaintext = method == SignatureMethod::Plaintext;
    let bound = |e: VerifyError| (!plaintext).then_some(e);
    let param = |name| match placement {
        Placement::Header => Tamper::Header(name),
        Placement::Query => Tamper::Query(name),
        // In the form body with the request's own parameters: changing one
        // is the body tamper below; the protocol parameters are covered by
        // the header and query placements.
        _ => Tamper::Body,
    };
    let mut out = vec![(Tamper::Query("x"), bound(VerifyError::BadSignature))];
    if placement != Placement::Form {
        out.extend([
            (param("oauth_signature"), Some(VerifyError::BadSignature)),
            (
                param("oauth_consumer_key"),
                Some(VerifyError::UnknownConsumer),
            ),
            (param("oauth_token"), Some(VerifyError::UnknownToken)),
            (param("oauth_nonce"), bound(VerifyError::BadSignature)),
            (param("oauth_timestamp"), bound(VerifyError::BadSignature)),
        ]);
    }
    match kind {
        Kind::Form => {
            out.push((Tamper::Body, bound(VerifyError::BadSignature)));
            if placement != Placement::Form {
                // (In the form placement, the protocol parameters would go
                // missing with the form: a 400, not a forgery.)
                out.push((Tamper::ContentType, bound(VerifyError::BadSignature)));
            }
        }
        // The body hash is checked with every method, PLAINTEXT included.
        Kind::Json => out.push((Tamper::Body, Some(VerifyError::BodyHashMismatch))),
        Kind::Empty => {}
    }
    out
}

/// Counts of what one run sent.
#[derive(Debug, Default)]
struct Tally {
    accepted: usize,
    replays: usize,
    forgeries: usize,
    controls: usize,
}

/// Every placement and body kind with `method` against `server`.
async fn method_against(server: &Server, method: SignatureMethod, tally: &mut Tally) {
    let replayer = bare_client();
    for placement in [Placement::Header, Placement::Query, Placement::Form] {
        let client = client(oauth(method, placement), server);
        for kind in [Kind::Form, Kind::Json, Kind::Empty] {
            if placement == Placement::Form && kind != Kind::Form {
                continue;
            }
            let case = format!(
                "{method} {placement:?} {kind:?} (public origin: {})",
                server.public
            );
            let capture = Capture::default();
            let (status, body, challenge) = send(&client, server, kind, None, Some(&capture)).await;
            assert_eq!(status, 200, "{case}: {body}");
            let mut want = expected(method, placement, kind);
            if placement == Placement::Form {
                // The handler gets the body it was sent: ours, then the
                // protocol parameters.
                want.push_str("&oauth_consumer_key=");
                assert!(
                    body.starts_with(&want),
                    "{case}:\n{body}\nexpected\n{want}…"
                );
            } else {
                assert_eq!(body, want, "{case}");
            }
            assert_eq!(challenge, None, "{case}");
            tally.accepted += 1;

            // The same bytes again.
            let replay = answer(replayer.execute(capture.take()).await.unwrap()).await;
            assert_eq!(
                replay,
                server.refusal(&VerifyError::UsedNonce),
                "{case}: replay"
            );
            tally.replays += 1;

            for (tamper, refused) in tampers(method, placement, kind) {
                let got = send(&client, server, kind, Some(tamper), None).await;
                match refused {
                    Some(e) => {
                        assert_eq!(got, server.refusal(&e), "{case}: {tamper:?}");
                        tally.forgeries += 1;
                    }
                    None => {
                        assert_eq!(got.0, 200, "{case}: {tamper:?} (PLAINTEXT control)");
                        tally.controls += 1;
                    }
                }
            }
        }
    }
}

#[tokio::test]
async fn reqwest_middleware_against_axum_layer_direct_on_loopback() {
    let server = Server::start(false).await;
    let mut tally = Tally::default();
    for method in ALL.into_iter().filter(|m| *m != SignatureMethod::Plaintext) {
        method_against(&server, method, &mut tally).await;
    }
    // 6 methods × (3 header + 3 query + 1 form) requests.
    assert_eq!((tally.accepted, tally.replays), (42, 42), "{tally:?}");
    // Per method: 8 + 7 + 6 changes in the header and in the query
    // placement (form, JSON, empty body), 2 in the form placement.
    assert_eq!((tally.forgeries, tally.controls), (6 * 44, 0), "{tally:?}");
    println!("direct: {tally:?}");

    // PLAINTEXT over plain http: the signer refuses it (RFC 5849 §3.4.4)...
    let mut request = reqwest::Request::new(reqwest::Method::GET, server.url().parse().unwrap());
    let refused = oauth(SignatureMethod::Plaintext, Placement::Header).sign(&mut request);
    assert_eq!(
        refused,
        Err(oauthsig::reqwest::SignError::OAuth(oauthsig::Error::Core(
            oauthsig::oauthsig_core::Error::PlaintextOverHttp
        )))
    );
    assert!(request.headers().get("authorization").is_none());
    // ... and, signed anyway, the verifier's 400, no challenge.
    let client = client(
        oauth(SignatureMethod::Plaintext, Placement::Header).allow_plaintext_over_http(),
        &server,
    );
    let got = send(&client, &server, Kind::Empty, None, None).await;
    assert_eq!(got, server.refusal(&VerifyError::PlaintextOverHttp));
    assert_eq!(got.2, None);
}

#[tokio::test]
async fn reqwest_middleware_against_axum_layer_behind_an_https_origin() {
    let server = Server::start(true).await;
    let mut tally = Tally::default();
    for method in ALL {
        method_against(&server, method, &mut tally).await;
    }
    assert_eq!((tally.accepted, tally.replays), (49, 49), "{tally:?}");
    // PLAINTEXT: a query byte (7 requests), the nonce and the timestamp (6
    // requests with them in the header or query), the form body (3) and its
    // content type (2) are not signed.
    assert_eq!(tally.controls, 7 + 6 * 2 + 3 + 2, "{tally:?}");
    // PLAINTEXT's: the signature, consumer key and token (6 requests), and
    // the hashed JSON body (2).
    assert_eq!(tally.forgeries, 6 * 44 + 6 * 3 + 2, "{tally:?}");
    println!("https origin: {tally:?}");

    // Signed for the loopback http URL the server listens on instead of the
    // public one: not the URL the layer rebuilds, so a bad signature.
    let client = client(oauth(SignatureMethod::HmacSha1, Placement::Header), &server);
    let url = format!("http://{}/items?{QUERY}", server.addr);
    let got = answer(client.get(&url).send().await.unwrap()).await;
    assert_eq!(got, server.refusal(&VerifyError::BadSignature));
}

/// URLs whose encoding a client and a server could see differently: the
/// RFC 5849 §3.4.1.3.1 example, `+`, escapes of either case, reserved and
/// non-ASCII characters (reqwest's `Url` encodes them before signing),
/// empty values and keys, a key without `=`, escaped path bytes, `;`, dot
/// segments. Each one, in the header and in the query, must verify.
#[tokio::test]
async fn awkward_urls_round_trip() {
    let server = Server::start(false).await;
    let targets = [
        "/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b",
        "/items?q=a+b&q=%2B&q=%2b&e=&flag&=v",
        "/it%65ms/caf%C3%A9/a%2Fb;p=1?x=~*!'()&y=%7E",
        "/caf\u{e9}?name=caf\u{e9}&emoji=\u{1f600}",
        "/items/?a=%3d&a=%3D&b=%e2%82%ac",
        "/?",
        "/a/./b/../c?x=1",
    ];
    let mut checked = 0;
    for method in [SignatureMethod::HmacSha256, SignatureMethod::RsaSha1] {
        for placement in [Placement::Header, Placement::Query] {
            let client = client(oauth(method, placement), &server);
            for target in targets {
                let url = format!("http://{}{target}", server.addr);
                let (status, body, _) = answer(client.get(&url).send().await.unwrap()).await;
                assert_eq!(status, 200, "{method} {placement:?} {target}: {body}");
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 4 * targets.len());
}

/// Form bodies and content types a client and a server could judge
/// differently: `+`, escapes of either case, empty values, a key without
/// `=`, a `charset` parameter, a media type in capitals. Each must verify
/// with the protocol parameters in the header, the query and the body.
#[tokio::test]
async fn awkward_form_bodies_round_trip() {
    let server = Server::start(false).await;
    let bodies = [
        "c2&a3=2+q",
        "a=%2b&a=%2B&b=&=x&c",
        "name=caf%C3%A9&sym=~*!'()",
        "",
    ];
    let types = [
        FORM,
        "application/x-www-form-urlencoded; charset=utf-8",
        "Application/X-WWW-Form-Urlencoded",
    ];
    let mut checked = 0;
    for method in [SignatureMethod::HmacSha1, SignatureMethod::RsaSha256] {
        for placement in [Placement::Header, Placement::Query, Placement::Form] {
            let client = client(oauth(method, placement), &server);
            for content_type in types {
                for body in bodies {
                    let case = format!("{method} {placement:?} {content_type:?} {body:?}");
                    let request = client
                        .post(format!("http://{}/form?x=1", server.addr))
                        .header("content-type", content_type)
                        .body(body);
                    let (status, answer, _) = answer(request.send().await.unwrap()).await;
                    assert_eq!(status, 200, "{case}: {answer}");
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 2 * 3 * types.len() * bodies.len());
}
