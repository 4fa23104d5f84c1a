//! `oauthsig::reqwest` end to end: requests signed by the adapter (async,
//! blocking, middleware) are sent over loopback to a tiny HTTP/1.1 server in
//! this file, which captures the raw request; the capture must verify with
//! oauthsig's `Verifier` and its OAuth parts must be byte for byte what
//! `oauthsig::http` writes for the same inputs (nonce and timestamp pinned).
//! Plus RFC 5849 §3.4.1.1 through reqwest, the body policies, streamed
//! bodies, and the three-legged flow with `oauth_callback` and
//! `oauth_verifier`.

#![cfg(feature = "reqwest")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauthsig::reqwest::{OAuth1, Placement, SignError};
use oauthsig::verifier::{CredentialQuery, Credentials, IncomingRequest, LookupError, Verifier};
use oauthsig::{BodyHashPolicy, Consumer, SignatureMethod, Token, Verified};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::mpsc;
use std::time::Duration;

// ---------------------------------------------------------------------------
// The loopback server: one thread, one request per connection, the raw
// request captured as received.

/// A request as the server read it off the socket.
#[derive(Clone, Debug)]
struct Captured {
    method: String,
    /// The request target, as sent (`/path?query`).
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Captured {
    fn header(&self, name: &str) -> Option<&str> {
        let mut found = self
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name));
        let first = found.next().map(|(_, v)| v.as_str());
        assert!(found.next().is_none(), "{name} sent twice");
        first
    }

    fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    fn query(&self) -> Option<&str> {
        self.target.split_once('?').map(|(_, q)| q)
    }

    /// The absolute URL the client signed: scheme, `Host`, target.
    fn url(&self) -> String {
        format!("http://{}{}", self.header("host").unwrap(), self.target)
    }

    /// Verifies the capture with oauthsig's `Verifier`, `now` as the clock.
    fn verify(
        &self,
        method: SignatureMethod,
        now: u64,
        credentials: Credentials<'static>,
    ) -> Verified {
        let verifier = Verifier::builder()
            .allow(method)
            .allow_plaintext_over_http()
            .clock(move || now)
            .build()
            .unwrap();
        let url = self.url();
        let mut incoming = IncomingRequest::new(&self.method, &url).body(&self.body);
        if let Some(h) = self.header("authorization") {
            incoming = incoming.authorization(h);
        }
        if let Some(ct) = self.header("content-type") {
            incoming = incoming.content_type(ct);
        }
        let lookup = move |_: &CredentialQuery<'_>| -> Result<Credentials<'static>, LookupError> {
            Ok(credentials.clone())
        };
        verifier
            .verify(&incoming, &lookup)
            .unwrap_or_else(|e| panic!("{} {} refused: {e:?}", self.method, self.target))
    }
}

struct Server {
    addr: SocketAddr,
    captured: mpsc::Receiver<Captured>,
}

impl Server {
    /// A server answering 200 with `answer(request)` as a text body.
    fn start(answer: impl Fn(&Captured) -> String + Send + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, captured) = mpsc::channel();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let Some(request) = read_request(&mut stream) else {
                    continue;
                };
                let body = answer(&request);
                let reply = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/x-www-form-urlencoded\r\n\
                     content-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(reply.as_bytes());
                if tx.send(request).is_err() {
                    return;
                }
            }
        });
        Server { addr, captured }
    }

    fn echo() -> Server {
        Server::start(|_| "ok".to_owned())
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn next(&self) -> Captured {
        self.captured.recv_timeout(Duration::from_secs(10)).unwrap()
    }

    fn nothing_received(&self) -> bool {
        self.captured
            .recv_timeout(Duration::from_millis(200))
            .is_err()
    }
}

/// A minimal HTTP/1.1 request reader: request line, headers, and a
/// `Content-Length` or chunked body.
fn read_request(stream: &mut std::net::TcpStream) -> Option<Captured> {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut words = line.split_whitespace();
    let (method, target) = (words.next()?.to_owned(), words.next()?.to_owned());
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _): &&(String, String)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let mut body = Vec::new();
    if header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).ok()?;
            let size = usize::from_str_radix(size.trim(), 16).ok()?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).ok()?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else if let Some(len) = header("content-length") {
        body.resize(len.parse().ok()?, 0);
        reader.read_exact(&mut body).ok()?;
    }
    Some(Captured {
        method,
        target,
        headers,
        body,
    })
}

// ---------------------------------------------------------------------------
// Fixtures.

const NOW: u64 = 1_700_000_000;
const CK: &str = "dpf43f3p2l4k3l03";
const CS: &str = "kd94hf93k423kf44";
const TK: &str = "nnch734d00sl2jdk";
const TS: &str = "pfkkdhi9sl3r4s00";

fn token() -> Token {
    Token::new(TK, TS)
}

/// A consumer for `method`, and the credentials its server looks up.
fn consumer(method: SignatureMethod) -> (Consumer, Credentials<'static>) {
    match method {
        #[cfg(feature = "rsa")]
        SignatureMethod::RsaSha1 | SignatureMethod::RsaSha256 | SignatureMethod::RsaSha512 => {
            let path = concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../tests/keys/rsa2048.pkcs8.pem"
            );
            let key = oauthsig::RsaPrivateKey::parse(&std::fs::read(path).unwrap()).unwrap();
            let public = key.public_key();
            (Consumer::rsa(CK, key), Credentials::from(public))
        }
        _ => (Consumer::new(CK, CS), Credentials::secrets(CS, TS)),
    }
}

#[derive(Clone, Copy, Debug)]
enum Kind {
    /// `POST` with a form body (and a query).
    Form,
    /// `POST` with a JSON body.
    Json,
    /// `GET` without a body (and a query with escapes).
    Empty,
}

const KINDS: [Kind; 3] = [Kind::Form, Kind::Json, Kind::Empty];

impl Kind {
    fn method(self) -> reqwest::Method {
        match self {
            Kind::Empty => reqwest::Method::GET,
            _ => reqwest::Method::POST,
        }
    }

    fn path(self) -> &'static str {
        match self {
            Kind::Form => "/statuses/update?trim_user=1",
            Kind::Json => "/2/tweets",
            Kind::Empty => "/photos?file=vacation%20photo.jpg&size=original&tag=a%2Bb",
        }
    }

    fn content_type(self) -> Option<&'static str> {
        match self {
            Kind::Form => Some("application/x-www-form-urlencoded"),
            Kind::Json => Some("application/json"),
            Kind::Empty => None,
        }
    }

    fn body(self) -> Option<&'static str> {
        match self {
            Kind::Form => Some("status=Hello%20Ladies%20%2B%20Gentlemen&include_entities=true"),
            Kind::Json => Some(r#"{"text":"Hello + world"}"#),
            Kind::Empty => None,
        }
    }
}

/// One configuration, made into an [`OAuth1`] and signed the
/// `oauthsig::http` way for comparison.
#[derive(Clone)]
struct Setup<'a> {
    method: SignatureMethod,
    token: Option<Token>,
    placement: Placement,
    realm: Option<&'a str>,
    nonce: String,
    policy: BodyHashPolicy,
    callback: Option<&'a str>,
    verifier: Option<&'a str>,
}

impl<'a> Setup<'a> {
    /// HMAC-SHA1, the fixture token, the header, `nonce`, `NOW`.
    fn new(nonce: &str) -> Self {
        Setup {
            method: SignatureMethod::HmacSha1,
            token: Some(token()),
            placement: Placement::Header,
            realm: None,
            nonce: nonce.to_owned(),
            policy: BodyHashPolicy::default(),
            callback: None,
            verifier: None,
        }
    }

    /// The echo server is plain http on loopback, so PLAINTEXT is allowed
    /// over it (tests/adapters.rs holds the refusal without the opt-in).
    fn oauth(&self, consumer: &Consumer) -> OAuth1 {
        let mut oauth = OAuth1::new(consumer.clone())
            .allow_plaintext_over_http()
            .signature_method(self.method)
            .placement(self.placement)
            .body_hash(self.policy)
            .nonce(&self.nonce)
            .timestamp(&NOW.to_string());
        if let Some(token) = &self.token {
            oauth = oauth.token(token.clone());
        }
        if let Some(realm) = self.realm {
            oauth = oauth.realm(realm);
        }
        if let Some(callback) = self.callback {
            oauth = oauth.callback(callback);
        }
        if let Some(verifier) = self.verifier {
            oauth = oauth.verifier(verifier);
        }
        oauth
    }

    /// What `oauthsig::http` writes for the same request and configuration:
    /// the `Authorization` header for the header placement, the request
    /// target for the query placement; for the form placement, which it
    /// lacks, its signed `Request`'s `to_postdata`.
    fn through_http(
        &self,
        consumer: &Consumer,
        method: &reqwest::Method,
        url: &str,
        content_type: Option<&str>,
        body: &[u8],
    ) -> String {
        let mut request = http::Request::builder().method(method).uri(url);
        if let Some(ct) = content_type {
            request = request.header("content-type", ct);
        }
        let mut request = request.body(body.to_vec()).unwrap();
        let token = self.token.as_ref();
        let mut prepared = oauthsig::http::prepare(&request, consumer, token)
            .unwrap()
            .nonce(&self.nonce)
            .timestamp(&NOW.to_string())
            .body_hash(self.policy)
            .allow_plaintext_over_http();
        if let Some(cb) = self.callback {
            prepared = prepared.callback(cb);
        }
        if let Some(v) = self.verifier {
            prepared = prepared.verifier(v);
        }
        let signed = prepared.sign(self.method, consumer, token).unwrap();
        let placement = match self.placement {
            Placement::Header => oauthsig::http::Placement::Header {
                realm: self.realm.map(str::to_owned),
            },
            Placement::Query => oauthsig::http::Placement::Query,
            _ => return signed.to_postdata(),
        };
        oauthsig::http::apply(&signed, &mut request, &placement).unwrap();
        match self.placement {
            Placement::Header => request.headers()["authorization"]
                .to_str()
                .unwrap()
                .to_owned(),
            _ => request.uri().path_and_query().unwrap().as_str().to_owned(),
        }
    }

    /// [`Setup::through_http`] for `kind`'s request.
    fn through_http_kind(&self, consumer: &Consumer, url: &str, kind: Kind) -> String {
        let body = kind.body().unwrap_or_default().as_bytes();
        self.through_http(consumer, &kind.method(), url, kind.content_type(), body)
    }
}

/// The part of a capture that `through_http` gives.
fn oauth_part(captured: &Captured, placement: Placement) -> String {
    match placement {
        Placement::Header => captured.header("authorization").unwrap().to_owned(),
        Placement::Query => captured.target.clone(),
        _ => String::from_utf8(captured.body.clone()).unwrap(),
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn build(client: &reqwest::Client, url: &str, kind: Kind) -> reqwest::Request {
    let mut builder = client.request(kind.method(), url);
    if let Some(ct) = kind.content_type() {
        builder = builder.header("content-type", ct);
    }
    if let Some(body) = kind.body() {
        builder = builder.body(body);
    }
    builder.build().unwrap()
}

/// One request per placement and body kind, signed with `method` through
/// the async adapter and sent: it must verify, match `oauthsig::http`'s
/// bytes, and carry a body hash for JSON only.
async fn signed_sent_verified(method: SignatureMethod) {
    let server = Server::echo();
    let client = client();
    let (consumer, credentials) = consumer(method);
    for placement in [Placement::Header, Placement::Query] {
        for kind in KINDS {
            let case = format!("{method:?} {placement:?} {kind:?}");
            let setup = Setup {
                method,
                placement,
                realm: (placement == Placement::Header).then_some("Example Realm"),
                ..Setup::new(&format!("{method:?}{placement:?}{kind:?}"))
            };
            let url = server.url(kind.path());
            let mut request = build(&client, &url, kind);
            setup.oauth(&consumer).sign(&mut request).unwrap();
            let response = client.execute(request).await.unwrap();
            assert_eq!(response.status(), 200);
            let captured = server.next();

            let verified = captured.verify(method, NOW, credentials.clone());
            assert_eq!(verified.consumer_key(), CK, "{case}");
            assert_eq!(verified.token(), Some(TK), "{case}");
            assert_eq!(verified.signature_method(), method, "{case}");
            assert_eq!(verified.realm(), setup.realm, "{case}");

            let sent = oauth_part(&captured, placement);
            assert_eq!(
                sent,
                setup.through_http_kind(&consumer, &url, kind),
                "{case}"
            );
            assert_eq!(
                captured.body,
                kind.body().unwrap_or_default().as_bytes(),
                "{case}: the body is sent as given"
            );
            let hashed = sent.contains("oauth_body_hash");
            assert_eq!(hashed, matches!(kind, Kind::Json), "{case}");
            if placement == Placement::Query {
                assert!(captured.header("authorization").is_none(), "{case}");
                if let Some((_, own)) = url.split_once('?') {
                    let query = captured.query().unwrap();
                    assert!(query.starts_with(&format!("{own}&")), "{case}: query kept");
                }
            }
        }
    }
}

#[tokio::test]
async fn hmac_sha1_header_and_query_every_body() {
    signed_sent_verified(SignatureMethod::HmacSha1).await;
}

#[tokio::test]
async fn hmac_sha256_header_and_query_every_body() {
    signed_sent_verified(SignatureMethod::HmacSha256).await;
}

#[tokio::test]
async fn hmac_sha512_header_and_query_every_body() {
    signed_sent_verified(SignatureMethod::HmacSha512).await;
}

#[tokio::test]
async fn plaintext_header_and_query_every_body() {
    signed_sent_verified(SignatureMethod::Plaintext).await;
}

#[cfg(feature = "rsa")]
#[tokio::test]
async fn rsa_sha1_header_and_query_every_body() {
    signed_sent_verified(SignatureMethod::RsaSha1).await;
}

/// RFC 5849 §3.4.1.1's request, signed through reqwest, gives the
/// signature every independent implementation computes.
#[test]
fn rfc5849_3_4_1_1_through_reqwest() {
    let oauth = OAuth1::new(Consumer::new("9djdj82h48djs9d2", "j49sk3j29djd"))
        .token(Token::new("kkk9d7dh3k39sjv7", "dh893hdasih9"))
        .realm("Example")
        .version(false)
        .timestamp("137131201")
        .nonce("7d8f3e4a");
    let mut request = client()
        .post("http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("c2&a3=2+q")
        .build()
        .unwrap();
    oauth.sign(&mut request).unwrap();
    assert_eq!(
        request.headers()["authorization"],
        r#"OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2", oauth_token="kkk9d7dh3k39sjv7", oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131201", oauth_nonce="7d8f3e4a", oauth_signature="r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D""#
    );
    assert_eq!(
        request.url().as_str(),
        "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b",
        "the URL is left alone"
    );
    assert_eq!(request.body().unwrap().as_bytes(), Some(&b"c2&a3=2+q"[..]));
}

fn now() -> u64 {
    oauthsig::make_timestamp().unwrap().parse().unwrap()
}

/// Every request gets its own CSPRNG nonce and the clock's timestamp.
#[tokio::test]
async fn fresh_nonce_and_timestamp_per_request() {
    let server = Server::echo();
    let client = client();
    let oauth = OAuth1::new(Consumer::new(CK, CS)).token(token());
    let mut nonces = Vec::new();
    for _ in 0..3 {
        let mut request = build(&client, &server.url("/items"), Kind::Empty);
        oauth.sign(&mut request).unwrap();
        client.execute(request).await.unwrap();
        let captured = server.next();
        let verified = captured.verify(
            SignatureMethod::HmacSha1,
            now(),
            Credentials::secrets(CS, TS),
        );
        let nonce = verified.nonce().unwrap().to_owned();
        assert_eq!(nonce.len(), oauthsig::NONCE_LEN);
        assert!(nonce.bytes().all(|b| b.is_ascii_alphanumeric()));
        nonces.push(nonce);
    }
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), 3);
}

/// A streamed body cannot be hashed: a clear error, the request untouched.
#[test]
fn streamed_body_is_an_error_unless_never() {
    let oauth = OAuth1::new(Consumer::new(CK, CS)).token(token());
    for policy in [BodyHashPolicy::OpaqueBody, BodyHashPolicy::UnlessForm] {
        let mut request = client()
            .put("http://example.com/upload")
            .header("content-type", "application/octet-stream")
            .body(reqwest::Body::wrap(String::from("streamed bytes")))
            .build()
            .unwrap();
        assert!(request.body().unwrap().as_bytes().is_none());
        let err = oauth
            .clone()
            .body_hash(policy)
            .sign(&mut request)
            .unwrap_err();
        assert_eq!(err, SignError::StreamedBody { form: false });
        assert_eq!(
            err.to_string(),
            "request body is a stream: its bytes cannot be hashed into oauth_body_hash \
             before it is sent; buffer it, or sign with BodyHashPolicy::Never"
        );
        assert!(request.headers().get("authorization").is_none());
    }
}

/// Under `Never` a streamed opaque body is simply not signed, and the
/// request verifies (X's multipart uploads, for one).
#[tokio::test]
async fn never_signs_a_streamed_body_without_hash() {
    let server = Server::echo();
    let client = client();
    let oauth = OAuth1::new(Consumer::new(CK, CS))
        .token(token())
        .body_hash(BodyHashPolicy::Never);
    let mut request = client
        .post(server.url("/media/upload"))
        .header("content-type", "application/octet-stream")
        .body(reqwest::Body::wrap(String::from("streamed bytes")))
        .build()
        .unwrap();
    oauth.sign(&mut request).unwrap();
    client.execute(request).await.unwrap();
    let captured = server.next();
    assert_eq!(captured.body, b"streamed bytes");
    let header = captured.header("authorization").unwrap();
    assert!(!header.contains("oauth_body_hash"), "{header}");
    captured.verify(
        SignatureMethod::HmacSha1,
        now(),
        Credentials::secrets(CS, TS),
    );
}

/// `Never`: a JSON body gets no `oauth_body_hash` (X's v2 endpoints);
/// `UnlessForm`: even an empty GET gets one, the SHA-1 of nothing
/// (Mastercard-style). All verify and match `oauthsig::http`.
#[tokio::test]
async fn body_hash_policies() {
    let server = Server::echo();
    let client = client();
    let consumer = Consumer::new(CK, CS);
    let cases = [
        (BodyHashPolicy::Never, Kind::Json, None),
        (BodyHashPolicy::Never, Kind::Form, None),
        (BodyHashPolicy::Never, Kind::Empty, None),
        (BodyHashPolicy::OpaqueBody, Kind::Empty, None),
        (
            BodyHashPolicy::UnlessForm,
            Kind::Empty,
            // SHA-1 of the empty string, base64, percent-encoded.
            Some("2jmj7l5rSw0yVb%2FvlWAYkK%2FYBwk%3D"),
        ),
        (BodyHashPolicy::UnlessForm, Kind::Form, None),
        (BodyHashPolicy::UnlessForm, Kind::Json, Some("")),
    ];
    for (i, (policy, kind, hash)) in cases.into_iter().enumerate() {
        let case = format!("{policy:?} {kind:?}");
        let setup = Setup {
            policy,
            ..Setup::new(&format!("policy{i}"))
        };
        let url = server.url(kind.path());
        let mut request = build(&client, &url, kind);
        setup.oauth(&consumer).sign(&mut request).unwrap();
        client.execute(request).await.unwrap();
        let captured = server.next();
        let header = captured.header("authorization").unwrap();
        match hash {
            Some(h) => assert!(
                header.contains(&format!("oauth_body_hash=\"{h}")),
                "{case}: {header}"
            ),
            None => assert!(!header.contains("oauth_body_hash"), "{case}: {header}"),
        }
        captured.verify(SignatureMethod::HmacSha1, NOW, Credentials::secrets(CS, TS));
        assert_eq!(
            header,
            setup.through_http_kind(&consumer, &url, kind),
            "{case}"
        );
    }
}

/// The form placement: the protocol parameters join a form body (§3.5.2),
/// or make one for a bodiless POST; both verify.
#[tokio::test]
async fn form_placement() {
    let server = Server::echo();
    let client = client();
    let consumer = Consumer::new(CK, CS);
    let form = Kind::Form.body().unwrap();
    for (i, body) in [Some(form), None].into_iter().enumerate() {
        let setup = Setup {
            placement: Placement::Form,
            ..Setup::new(&format!("form{i}"))
        };
        let url = server.url("/statuses/update");
        let mut builder = client.post(&url);
        if let Some(body) = body {
            builder = builder
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body);
        }
        let mut request = builder.build().unwrap();
        setup.oauth(&consumer).sign(&mut request).unwrap();
        client.execute(request).await.unwrap();
        let captured = server.next();
        assert!(captured.header("authorization").is_none());
        assert_eq!(
            captured.header("content-type"),
            Some("application/x-www-form-urlencoded")
        );
        let sent = String::from_utf8(captured.body.clone()).unwrap();
        let own = body.map_or(String::new(), |b| format!("{b}&"));
        assert!(
            sent.starts_with(&format!("{own}oauth_consumer_key=")),
            "{sent}"
        );
        captured.verify(SignatureMethod::HmacSha1, NOW, Credentials::secrets(CS, TS));
        let content_type = body.map(|_| "application/x-www-form-urlencoded");
        let expected = setup.through_http(
            &consumer,
            &reqwest::Method::POST,
            &url,
            content_type,
            body.unwrap_or_default().as_bytes(),
        );
        assert_eq!(sent, expected);
    }
    // A JSON body cannot carry the parameters.
    let mut json = build(&client, &server.url("/2/tweets"), Kind::Json);
    let err = Setup {
        placement: Placement::Form,
        ..Setup::new("json")
    }
    .oauth(&consumer)
    .sign(&mut json)
    .unwrap_err();
    assert!(err.to_string().contains("form"), "{err}");
}

// ---------------------------------------------------------------------------
// The three-legged flow (RFC 5849 §2) against a loopback provider whose
// answers are credentials responses; each leg verified on arrival.

const CALLBACK: &str = "http://printer.example.com/ready?state=a%2Fb%20c";
const TEMP: (&str, &str) = ("hh5s93j4hdidpola", "hdhd0244k9j7ao03");
const VERIFIER: &str = "hfdp7dh39dks9884";

fn provider() -> Server {
    Server::start(|request| match request.path() {
        "/initiate" => format!(
            "oauth_token={}&oauth_token_secret={}&oauth_callback_confirmed=true",
            TEMP.0, TEMP.1
        ),
        "/token" => format!("oauth_token={TK}&oauth_token_secret={TS}"),
        _ => "protected".to_owned(),
    })
}

#[tokio::test]
async fn three_legged_flow_with_callback_and_verifier() {
    let server = provider();
    let client = client();
    let consumer = Consumer::new(CK, CS);

    // §2.1: temporary credentials, oauth_callback signed and sent.
    let initiate = OAuth1::new(consumer.clone()).callback(CALLBACK);
    let mut request = client.post(server.url("/initiate")).build().unwrap();
    initiate.sign(&mut request).unwrap();
    let answer = client.execute(request).await.unwrap().text().await.unwrap();
    let verified = server.next().verify(
        SignatureMethod::HmacSha1,
        now(),
        Credentials::secrets(CS, ""),
    );
    assert_eq!(verified.callback(), Some(CALLBACK));
    assert_eq!(verified.token(), None);
    let temporary: Token = answer.parse().unwrap();
    assert!(temporary.callback_confirmed());

    // §2.3: token credentials, with the temporary token and the verifier.
    let exchange = OAuth1::new(consumer.clone())
        .token(temporary)
        .verifier(VERIFIER);
    let mut request = client.post(server.url("/token")).build().unwrap();
    exchange.sign(&mut request).unwrap();
    let answer = client.execute(request).await.unwrap().text().await.unwrap();
    let verified = server.next().verify(
        SignatureMethod::HmacSha1,
        now(),
        Credentials::secrets(CS, TEMP.1),
    );
    assert_eq!(verified.token(), Some(TEMP.0));
    assert_eq!(verified.verifier(), Some(VERIFIER));
    assert_eq!(verified.callback(), None);
    let credentials: Token = answer.parse().unwrap();

    // §3: a protected resource with the token credentials.
    let api = OAuth1::new(consumer).token(credentials);
    let mut request = client
        .get(server.url("/photos?file=vacation.jpg"))
        .build()
        .unwrap();
    api.sign(&mut request).unwrap();
    let answer = client.execute(request).await.unwrap().text().await.unwrap();
    assert_eq!(answer, "protected");
    let verified = server.next().verify(
        SignatureMethod::HmacSha1,
        now(),
        Credentials::secrets(CS, TS),
    );
    assert_eq!(verified.token(), Some(TK));
    assert_eq!(
        verified.parameter("file").unwrap().as_deref(),
        Some("vacation.jpg")
    );
}

/// `oauth_callback` and `oauth_verifier` are written as `oauthsig::http`
/// writes them, byte for byte, in both placements.
#[tokio::test]
async fn callback_and_verifier_match_the_http_adapter() {
    let server = provider();
    let client = client();
    let consumer = Consumer::new(CK, CS);
    let temporary = Token::new(TEMP.0, TEMP.1);
    for placement in [Placement::Header, Placement::Query] {
        let legs = [
            Setup {
                token: None,
                callback: Some(CALLBACK),
                ..Setup::new(&format!("initiate{placement:?}"))
            },
            Setup {
                token: Some(temporary.clone()),
                verifier: Some(VERIFIER),
                ..Setup::new(&format!("token{placement:?}"))
            },
        ];
        for (path, leg) in ["/initiate", "/token"].into_iter().zip(legs) {
            let leg = Setup { placement, ..leg };
            let url = server.url(path);
            let mut request = client.post(&url).build().unwrap();
            leg.oauth(&consumer).sign(&mut request).unwrap();
            client.execute(request).await.unwrap();
            let captured = server.next();
            let secret = leg.token.as_ref().map_or("", Token::secret).to_owned();
            let verified = captured.verify(
                SignatureMethod::HmacSha1,
                NOW,
                Credentials::secrets(CS, secret),
            );
            assert_eq!(verified.callback(), leg.callback);
            assert_eq!(verified.verifier(), leg.verifier);
            let expected = leg.through_http(&consumer, &reqwest::Method::POST, &url, None, b"");
            assert_eq!(
                oauth_part(&captured, placement),
                expected,
                "{path} {placement:?}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// The middleware.

#[cfg(feature = "reqwest-middleware")]
mod middleware {
    use super::*;

    fn with(oauth: OAuth1) -> reqwest_middleware::ClientWithMiddleware {
        reqwest_middleware::ClientBuilder::new(client())
            .with(oauth)
            .build()
    }

    #[tokio::test]
    async fn signs_every_request_it_sends() {
        let server = Server::echo();
        let client = with(
            OAuth1::new(Consumer::new(CK, CS))
                .token(token())
                .signature_method(SignatureMethod::HmacSha256)
                .realm("Photos"),
        );
        let mut nonces = Vec::new();
        for kind in KINDS {
            let mut builder = client.request(kind.method(), server.url(kind.path()));
            if let Some(ct) = kind.content_type() {
                builder = builder.header("content-type", ct);
            }
            if let Some(body) = kind.body() {
                builder = builder.body(body);
            }
            let response = builder.send().await.unwrap();
            assert_eq!(response.status(), 200);
            let captured = server.next();
            let verified = captured.verify(
                SignatureMethod::HmacSha256,
                now(),
                Credentials::secrets(CS, TS),
            );
            assert_eq!(verified.realm(), Some("Photos"));
            let header = captured.header("authorization").unwrap();
            assert_eq!(
                header.contains("oauth_body_hash"),
                matches!(kind, Kind::Json)
            );
            nonces.push(verified.nonce().unwrap().to_owned());
        }
        nonces.sort();
        nonces.dedup();
        assert_eq!(nonces.len(), KINDS.len(), "a fresh nonce per request");
    }

    #[tokio::test]
    async fn writes_what_the_http_adapter_writes() {
        let server = Server::echo();
        let consumer = Consumer::new(CK, CS);
        for placement in [Placement::Header, Placement::Query] {
            for kind in KINDS {
                let setup = Setup {
                    placement,
                    ..Setup::new(&format!("middleware{placement:?}{kind:?}"))
                };
                let client = with(setup.oauth(&consumer));
                let url = server.url(kind.path());
                let mut builder = client.request(kind.method(), &url);
                if let Some(ct) = kind.content_type() {
                    builder = builder.header("content-type", ct);
                }
                if let Some(body) = kind.body() {
                    builder = builder.body(body);
                }
                builder.send().await.unwrap();
                let captured = server.next();
                assert_eq!(
                    oauth_part(&captured, placement),
                    setup.through_http_kind(&consumer, &url, kind)
                );
                captured.verify(SignatureMethod::HmacSha1, NOW, Credentials::secrets(CS, TS));
            }
        }
    }

    #[tokio::test]
    async fn an_unsignable_request_is_not_sent() {
        let server = Server::echo();
        let client = with(OAuth1::new(Consumer::new(CK, CS)));
        let err = client
            .put(server.url("/upload"))
            .body(reqwest::Body::wrap(String::from("streamed")))
            .send()
            .await
            .unwrap_err();
        assert!(err.is_middleware(), "{err:?}");
        let reqwest_middleware::Error::Middleware(inner) = err else {
            unreachable!()
        };
        assert_eq!(
            inner.downcast_ref::<SignError>(),
            Some(&SignError::StreamedBody { form: false })
        );
        assert!(server.nothing_received());
    }
}

// ---------------------------------------------------------------------------
// The blocking client.

#[cfg(feature = "reqwest-blocking")]
mod blocking {
    use super::*;

    #[test]
    fn signs_sends_verifies_and_matches_http() {
        let server = Server::echo();
        let client = reqwest::blocking::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let consumer = Consumer::new(CK, CS);
        for placement in [Placement::Header, Placement::Query] {
            for kind in KINDS {
                let setup = Setup {
                    method: SignatureMethod::HmacSha256,
                    placement,
                    ..Setup::new(&format!("blocking{placement:?}{kind:?}"))
                };
                let url = server.url(kind.path());
                let mut builder = client.request(kind.method(), &url);
                if let Some(ct) = kind.content_type() {
                    builder = builder.header("content-type", ct);
                }
                if let Some(body) = kind.body() {
                    builder = builder.body(body);
                }
                let mut request = builder.build().unwrap();
                setup.oauth(&consumer).sign_blocking(&mut request).unwrap();
                assert_eq!(client.execute(request).unwrap().status(), 200);
                let captured = server.next();
                captured.verify(
                    SignatureMethod::HmacSha256,
                    NOW,
                    Credentials::secrets(CS, TS),
                );
                assert_eq!(
                    oauth_part(&captured, placement),
                    setup.through_http_kind(&consumer, &url, kind)
                );
            }
        }
    }

    #[test]
    fn a_reader_body_is_streamed() {
        let oauth = OAuth1::new(Consumer::new(CK, CS));
        let mut request = reqwest::blocking::Client::new()
            .put("http://example.com/upload")
            .body(reqwest::blocking::Body::new(std::io::Cursor::new(
                b"bytes".to_vec(),
            )))
            .build()
            .unwrap();
        assert_eq!(
            oauth.sign_blocking(&mut request),
            Err(SignError::StreamedBody { form: false })
        );
        let never = oauth.body_hash(BodyHashPolicy::Never);
        never.sign_blocking(&mut request).unwrap();
        assert!(request.headers().contains_key("authorization"));
    }
}

/// A `Host` header the caller sets is the authority the server rebuilds the
/// base string URI from (RFC 5849 §3.4.1.2), so it is what is signed.
#[test]
fn a_host_header_set_by_the_caller_is_signed() {
    let consumer = Consumer::new("ck", "cs");
    let oauth = OAuth1::new(consumer);
    let mut request = client()
        .get("http://127.0.0.1:8080/items?page=2")
        .header("host", "api.example.test")
        .build()
        .unwrap();
    oauth.sign(&mut request).unwrap();
    let header = request.headers()["authorization"]
        .to_str()
        .unwrap()
        .to_owned();
    let verifier = Verifier::builder()
        .allow(SignatureMethod::HmacSha1)
        .build()
        .unwrap();
    let lookup = |_: &CredentialQuery<'_>| -> Result<Credentials<'static>, LookupError> {
        Ok(Credentials::secrets("cs", ""))
    };
    // The server sees the origin-form target and the Host header.
    let incoming = IncomingRequest::new("GET", "http://127.0.0.1:8080/items?page=2")
        .host("api.example.test")
        .authorization(&header);
    verifier.verify(&incoming, &lookup).unwrap();
}

/// Two `Content-Type` headers: a server may read either, so neither is
/// signed; the request is refused before anything is sent.
#[test]
fn a_repeated_content_type_is_refused() {
    let oauth = OAuth1::new(Consumer::new("ck", "cs"));
    let mut request = client()
        .post("http://127.0.0.1:8080/items")
        .header("content-type", "text/plain")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("a=1")
        .build()
        .unwrap();
    let err = oauth.sign(&mut request).unwrap_err();
    assert!(err.to_string().contains("content-type"), "{err}");
    assert!(!request.headers().contains_key("authorization"));
}
