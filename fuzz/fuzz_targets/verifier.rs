//! The std server side: `Request::from_request` and the `Verifier` (RFC 5849
//! §3.2) on incoming requests (structured input from the `arbitrary` crate).
//!
//! Two kinds of request reach them:
//!
//! * `Raw`: method, URL, `Authorization`, `Content-Type`, `Host` and body
//!   bytes as the fuzzer makes them, with an arbitrary clock;
//! * `Signed`: a client (oauthsig's own `Request`, as a consumer uses it)
//!   signs an arbitrary request — query and body parameters, whose names may
//!   be protocol names, consumer and token known or not, timestamp, nonce,
//!   version, callback, realm, protocol parameters in the header, the query
//!   or the body — and sends it; the clock is the timestamp plus a skew. Then
//!   up to 4 single-byte mutations of the method, URL, header, content type,
//!   `Host` or body are sent too.
//!
//! The verifier allows HMAC-SHA1, HMAC-SHA256 and PLAINTEXT (PLAINTEXT over
//! http too), has a fixed clock, an in-memory nonce store and a lookup that
//! knows one consumer (with and without its one token). For every request:
//!
//! * nothing panics;
//! * an accepted request is one the reference accepts: the reference reads
//!   it (§3.4.1.3.1 collection, `reference::base_string`/`key`/`accepts`),
//!   the signature is right for the known credentials, and the §3.2 checks
//!   hold — no protocol parameter twice, all `oauth_*` in one location,
//!   `oauth_version` absent or `1.0`, the required parameters present, the
//!   timestamp within 300 s of the clock;
//! * each accepted request is sent again and must then be refused as a
//!   replay (401) when it carries a timestamp and a nonce;
//! * every refusal is HTTP 400, 401 or 413 (the lookup and the store never
//!   fail here, so 500 and 503 would be bugs);
//! * the unmutated signed request is accepted whenever the reference says it
//!   must be (right signature, checks hold, nonce within the default length
//!   and charset, no body hash, within the size limits);
//! * `Request::from_request` reads the same parameters (decoded, with their
//!   `oauth_signature`, without the header `realm`) as the reference whenever
//!   both can read the request, and can read every accepted http(s) request.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use oauthsig::verifier::DEFAULT_MAX_HEADER_LEN;
use oauthsig::{
    Consumer, CredentialQuery, Credentials, FORM_CONTENT_TYPE, IncomingRequest, LookupError,
    MemoryNonceStore, Request, SignatureMethod, Source, Token, Verified, VerifiedRef, Verifier,
    VerifyError,
};
use oauthsig_core::signature::PLAINTEXT_MAX_KEY;
use oauthsig_fuzz::reference::{self, Meaning, Pair};

/// The one consumer and token the lookup knows.
const CONSUMER_KEY: &str = "dpf43f3p2l4k3l03";
const TOKEN: &str = "nnch734d00sl2jdk";
/// Default verifier limits this target keeps (the window and the nonce
/// rules are the builder's defaults).
const WINDOW: u64 = 300;
const NONCE_LEN: std::ops::RangeInclusive<usize> = 1..=64;
const MAX_PARAMETERS: usize = 256;
/// Secrets are cut to this many bytes so a PLAINTEXT key (each secret
/// encoded, at most 3 bytes per byte) always fits `PLAINTEXT_MAX_KEY`: a
/// longer one is a configuration error (500), not what is under test.
const MAX_SECRET: usize = (PLAINTEXT_MAX_KEY - 1) / 6;

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Method {
    HmacSha1,
    HmacSha256,
    Plaintext,
}

impl Method {
    fn get(self) -> SignatureMethod {
        match self {
            Method::HmacSha1 => SignatureMethod::HmacSha1,
            Method::HmacSha256 => SignatureMethod::HmacSha256,
            Method::Plaintext => SignatureMethod::Plaintext,
        }
    }
}

/// How the `Content-Type` header is spelled.
#[derive(Arbitrary, Debug, Clone)]
enum ContentType {
    Absent,
    Form,
    FormCharset,
    FormUpper,
    /// The form type with a character before and after it: spaces and tabs
    /// are optional whitespace (RFC 7231 §3.1.1.1), anything else —
    /// other whitespace included — makes it another type.
    FormPadded(Pad, Pad),
    Text,
    Other(String),
}

/// A character around a media type: the two kinds of optional whitespace,
/// whitespace that is not (which `str::trim` would still remove), or any.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Pad {
    Space,
    Tab,
    Newline,
    FormFeed,
    NoBreakSpace,
    Other(char),
}

impl Pad {
    fn get(self) -> char {
        match self {
            Pad::Space => ' ',
            Pad::Tab => '\t',
            Pad::Newline => '\n',
            Pad::FormFeed => '\x0c',
            Pad::NoBreakSpace => '\u{a0}',
            Pad::Other(c) => c,
        }
    }
}

impl ContentType {
    fn header(&self) -> Option<String> {
        Some(match self {
            ContentType::Absent => return None,
            ContentType::Form => FORM_CONTENT_TYPE.to_owned(),
            ContentType::FormCharset => format!("{FORM_CONTENT_TYPE}; charset=utf-8"),
            ContentType::FormUpper => FORM_CONTENT_TYPE.to_ascii_uppercase(),
            ContentType::FormPadded(a, b) => format!("{}{FORM_CONTENT_TYPE}{}", a.get(), b.get()),
            ContentType::Text => "text/plain".to_owned(),
            ContentType::Other(s) => s.clone(),
        })
    }
}

#[derive(Arbitrary, Debug)]
struct Raw {
    method: String,
    url: String,
    authorization: Option<String>,
    content_type: ContentType,
    host: Option<String>,
    body: Vec<u8>,
    now: u64,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Scheme {
    Http,
    Https,
    HttpUpper,
}

/// A parameter name: free text, or a protocol name (so a signed request can
/// carry a protocol parameter twice, or in two locations).
#[derive(Arbitrary, Debug)]
enum Name {
    Free(String),
    Protocol(u8),
}

impl Name {
    fn text(&self) -> &str {
        const PROTOCOL: [&str; 11] = [
            "oauth_consumer_key",
            "oauth_token",
            "oauth_signature_method",
            "oauth_signature",
            "oauth_timestamp",
            "oauth_nonce",
            "oauth_version",
            "oauth_callback",
            "oauth_verifier",
            "oauth_body_hash",
            "oauth_other",
        ];
        match self {
            Name::Free(s) => s,
            Name::Protocol(i) => PROTOCOL[usize::from(*i) % PROTOCOL.len()],
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Who {
    Known,
    Other(String),
}

#[derive(Arbitrary, Debug)]
enum TokenChoice {
    None,
    Known,
    Other(String),
}

/// `oauth_nonce`: mostly one the verifier takes (digits, as python-oauth2
/// sends), so most signed requests get past the nonce checks.
#[derive(Arbitrary, Debug)]
enum Nonce {
    Digits(u32),
    Text(String),
    Absent,
}

#[derive(Arbitrary, Debug)]
enum Timestamp {
    /// `timestamp` in decimal.
    Decimal,
    Absent,
    Text(String),
}

/// Where the client puts the protocol parameters (§3.5).
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Location {
    Header,
    Query,
    Body,
}

#[derive(Arbitrary, Debug)]
enum HostHeader {
    Absent,
    /// The URL's own authority.
    Same,
    Other(String),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Field {
    Method,
    Url,
    Authorization,
    ContentType,
    Host,
    Body,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Op {
    Set(u8),
    Xor(u8),
    FlipCase,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
struct Mutation {
    field: Field,
    at: u16,
    op: Op,
}

#[derive(Arbitrary, Debug)]
struct Signed {
    method: Method,
    http_method: String,
    scheme: Scheme,
    host: String,
    port: Option<u16>,
    path: String,
    query: Vec<(Name, String)>,
    body: Vec<(Name, String)>,
    consumer: Who,
    consumer_secret: String,
    token: TokenChoice,
    token_secret: String,
    timestamp: Timestamp,
    timestamp_value: u32,
    /// The clock is the timestamp plus `skew / 64` seconds (±512: about
    /// half inside the window).
    skew: i16,
    nonce: Nonce,
    version: Option<String>,
    callback: Option<String>,
    realm: Option<String>,
    location: Location,
    content_type: ContentType,
    host_header: HostHeader,
    mutations: Vec<Mutation>,
}

#[derive(Arbitrary, Debug)]
enum Input {
    Raw(Raw),
    // Boxed: one input is built per run, and the variants differ in size.
    Signed(Box<Signed>),
}

/// A request as the server receives it.
#[derive(Debug, Clone)]
struct Wire {
    method: String,
    url: String,
    authorization: Option<String>,
    content_type: Option<String>,
    host: Option<String>,
    body: Vec<u8>,
}

impl Wire {
    fn incoming(&self) -> IncomingRequest<'_> {
        let mut r = IncomingRequest::new(&self.method, &self.url).body(&self.body);
        if let Some(a) = &self.authorization {
            r = r.authorization(a);
        }
        if let Some(c) = &self.content_type {
            r = r.content_type(c);
        }
        if let Some(h) = &self.host {
            r = r.host(h);
        }
        r
    }

    fn headers(&self) -> Vec<(&'static str, &str)> {
        let mut h = Vec::new();
        if let Some(a) = &self.authorization {
            h.push(("Authorization", a.as_str()));
        }
        if let Some(c) = &self.content_type {
            h.push(("Content-Type", c.as_str()));
        }
        if let Some(x) = &self.host {
            h.push(("Host", x.as_str()));
        }
        h
    }
}

/// The secrets the lookup holds for the known consumer and token.
#[derive(Debug, Clone)]
struct Secrets {
    consumer: String,
    token: String,
}

impl Secrets {
    /// What the lookup answers for (consumer key, token): the secrets when
    /// both are known (no token: an empty token secret), else why not.
    fn lookup(&self, consumer_key: &str, token: Option<&str>) -> Result<(&str, &str), LookupError> {
        match (consumer_key, token) {
            (CONSUMER_KEY, None) => Ok((&self.consumer, "")),
            (CONSUMER_KEY, Some(TOKEN)) => Ok((&self.consumer, &self.token)),
            (CONSUMER_KEY, Some(_)) => Err(LookupError::UnknownToken),
            _ => Err(LookupError::UnknownConsumer),
        }
    }
}

/// RFC 7231 §3.1.1.1: the media type before any `;`, optional whitespace
/// (space, tab) around it, compared without case.
fn is_form(content_type: &str) -> bool {
    let media = content_type.split(';').next().unwrap_or("");
    media
        .trim_matches([' ', '\t'])
        .eq_ignore_ascii_case(FORM_CONTENT_TYPE)
}

/// What the reference makes of a request it can read.
#[derive(Debug)]
struct Judged {
    /// Every parameter, decoded: header (without `realm`, with
    /// `oauth_signature`), query, then body when form-encoded.
    params: Vec<(Vec<u8>, Vec<u8>, Source)>,
    /// §3.2 checks hold and the credentials are known.
    checks: bool,
    /// The signature is right for the known credentials.
    signature: bool,
    /// Both `oauth_timestamp` and `oauth_nonce` are present (replays must
    /// then be refused).
    replay_protected: bool,
    /// Within the verifier's default nonce rules, limits and features, so
    /// that `checks && signature` obliges it to accept.
    plain: bool,
}

/// Reads `w` the way §3.4.1.3.1 and §3.2 say a server must, with the
/// reference helpers. `None` when the reference cannot read it (the verifier
/// must then refuse it).
fn judge(w: &Wire, now: u64, secrets: &Secrets, max_body: usize) -> Option<Judged> {
    let form = w.content_type.as_deref().is_some_and(is_form);
    let body = if form {
        std::str::from_utf8(&w.body).ok()?
    } else {
        ""
    };
    let mut params = Vec::new();
    let mut realm = None;
    // Another scheme's header carries no OAuth parameters.
    if let Some(h) = w.authorization.as_ref().filter(|h| reference::is_oauth_scheme(h)) {
        // Any repeated name makes the header unreadable: a repeated protocol
        // parameter fails §3.2, any other is malformed.
        let header = reference::parse_header_with(h, usize::MAX, true)?;
        params.extend(
            header
                .params
                .into_iter()
                .map(|(n, v)| (n, v, Source::Header)),
        );
        if let Some(s) = header.signature {
            params.push((b"oauth_signature".to_vec(), s, Source::Header));
        }
        realm = header.realm;
    }
    let tagged = |pairs: Vec<Pair>, source| pairs.into_iter().map(move |(n, v)| (n, v, source));
    params.extend(tagged(
        reference::form_pairs(reference::query_of(&w.url))?,
        Source::Query,
    ));
    params.extend(tagged(reference::form_pairs(body)?, Source::Body));
    let uri = reference::base_string_uri(&w.url, w.host.as_deref())?;
    let signed: Vec<Pair> = params
        .iter()
        .filter(|(n, _, _)| n != b"oauth_signature")
        .map(|(n, v, _)| (n.clone(), v.clone()))
        .collect();
    let base = reference::base_string(&w.method, &uri, &signed)?;

    let all = |name: &str| -> Vec<&[u8]> {
        params
            .iter()
            .filter(|(n, _, _)| n == name.as_bytes())
            .map(|(_, v, _)| v.as_slice())
            .collect()
    };
    let one = |name: &str| all(name).first().copied();
    let protocol: Vec<&(Vec<u8>, Vec<u8>, Source)> = params
        .iter()
        .filter(|(n, _, _)| n.starts_with(b"oauth_"))
        .collect();
    let no_duplicates = protocol
        .iter()
        .all(|(n, _, _)| protocol.iter().filter(|(m, _, _)| m == n).count() == 1);
    let one_location = protocol.windows(2).all(|w| w[0].2 == w[1].2);
    let version_ok = one("oauth_version").is_none_or(|v| v == b"1.0");
    let method = match one("oauth_signature_method") {
        Some(b"HMAC-SHA1") => Some(SignatureMethod::HmacSha1),
        Some(b"HMAC-SHA256") => Some(SignatureMethod::HmacSha256),
        Some(b"PLAINTEXT") => Some(SignatureMethod::Plaintext),
        _ => None,
    };
    let plaintext = method == Some(SignatureMethod::Plaintext);
    let timestamp = one("oauth_timestamp");
    let nonce = one("oauth_nonce");
    let required = one("oauth_consumer_key").is_some()
        && one("oauth_signature").is_some()
        && (plaintext || (timestamp.is_some() && nonce.is_some()));
    let timestamp_ok = timestamp.is_none_or(|t| {
        let digits = !t.is_empty() && t.iter().all(u8::is_ascii_digit);
        let value = std::str::from_utf8(t)
            .ok()
            .and_then(|t| t.parse::<u64>().ok());
        digits
            && value.is_some_and(|ts| {
                ts > 0 && ts.saturating_add(WINDOW) >= now && ts <= now.saturating_add(WINDOW)
            })
    });
    let credentials = one("oauth_consumer_key")
        .and_then(|c| std::str::from_utf8(c).ok())
        .and_then(|c| {
            let token = match one("oauth_token") {
                Some(t) => Some(std::str::from_utf8(t).ok()?),
                None => None,
            };
            secrets.lookup(c, token).ok()
        });
    let checks = no_duplicates
        && one_location
        && version_ok
        && method.is_some()
        && required
        && timestamp_ok
        && credentials.is_some();
    let signature = match (method, credentials, one("oauth_signature")) {
        (Some(m), Some((cs, ts)), Some(sig)) => {
            let meaning = Meaning {
                base,
                key: reference::key(cs, ts),
                signature: sig.to_vec(),
            };
            reference::accepts(m, &meaning, PLAINTEXT_MAX_KEY)
        }
        _ => false,
    };
    // Parameters are octets (§3.4.1.3.1); the protocol values a server
    // hands out as text (and looks credentials and nonces up by) and the
    // realm must be UTF-8, or the request is malformed.
    let text_values = [
        "oauth_consumer_key",
        "oauth_token",
        "oauth_nonce",
        "oauth_callback",
        "oauth_verifier",
    ];
    let utf8 = text_values
        .iter()
        .filter_map(|n| one(n))
        .chain(realm.as_deref())
        .all(|v| std::str::from_utf8(v).is_ok());
    let plain = nonce
        .is_none_or(|n| NONCE_LEN.contains(&n.len()) && n.iter().all(u8::is_ascii_graphic))
        && one("oauth_body_hash").is_none()
        && (!form || w.body.len() <= max_body)
        && w.authorization
            .as_ref()
            .is_none_or(|a| a.len() <= DEFAULT_MAX_HEADER_LEN)
        && params.len() <= MAX_PARAMETERS
        && utf8;
    Some(Judged {
        replay_protected: timestamp.is_some() && nonce.is_some(),
        params,
        checks,
        signature,
        plain,
    })
}

fn verifier(now: u64, max_body: usize) -> Verifier {
    Verifier::builder()
        .allow(SignatureMethod::HmacSha1)
        .allow(SignatureMethod::HmacSha256)
        .allow(SignatureMethod::Plaintext)
        .allow_plaintext_over_http()
        .clock(move || now)
        // A small store: a fresh one per request, holding two entries at most.
        .nonce_store(MemoryNonceStore::with_capacity(16))
        .max_body_len(max_body)
        .build()
        .expect("the verifier's options are valid")
}

fn check_status(e: &VerifyError, w: &Wire) {
    let status = e.http_status();
    assert!(
        matches!(status, 400 | 401 | 413),
        "{e:?} answers {status} for {w:?}"
    );
}

/// Sends `w` (twice when accepted) and checks every property. `must_accept`
/// marks an unmutated signed request.
fn check(w: &Wire, now: u64, secrets: &Secrets, max_body: usize, must_accept: bool) {
    let lookup_secrets = secrets.clone();
    let lookup = move |q: &CredentialQuery<'_>| -> Result<Credentials<'static>, LookupError> {
        let (cs, ts) = lookup_secrets.lookup(q.consumer_key(), q.token())?;
        Ok(Credentials::secrets(cs.to_owned(), ts.to_owned()))
    };
    let v = verifier(now, max_body);
    let request = w.incoming();
    let first = v.verify(&request, &lookup);
    same_as_borrowed(
        &first,
        &verifier(now, max_body).verify_borrowed(&request, &lookup),
    );
    let judged = judge(w, now, secrets, max_body);

    let parsed = Request::from_request(&w.method, &w.url, w.headers(), &w.body, None);
    if let (Ok(r), Some(j)) = (&parsed, &judged) {
        let mut got: Vec<(Vec<u8>, Vec<u8>)> = r
            .parameters()
            .map(|p| (p.name_bytes().into_owned(), p.value_bytes().into_owned()))
            .collect();
        let mut want: Vec<(Vec<u8>, Vec<u8>)> = j
            .params
            .iter()
            .map(|(n, v, _)| (n.clone(), v.clone()))
            .collect();
        got.sort_unstable();
        want.sort_unstable();
        assert_eq!(got, want, "from_request reads other parameters of {w:?}");
    }

    match &first {
        Err(e) => {
            check_status(e, w);
            let obliged = judged
                .as_ref()
                .filter(|j| must_accept && j.checks && j.signature && j.plain);
            if let Some(j) = obliged {
                panic!("refused ({e:?}) a request the reference accepts: {w:?}\n{j:?}");
            }
        }
        Ok(ok) => {
            let Some(j) = &judged else {
                panic!("accepted {w:?}, which the reference cannot read");
            };
            assert!(j.signature, "accepted a wrong signature: {w:?}\n{j:?}");
            assert!(j.checks, "accepted a request failing §3.2: {w:?}\n{j:?}");
            check_verified(ok, j);
            let scheme = w.url.split(':').next().unwrap_or("");
            let http = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
            if let (true, Err(e)) = (http, &parsed) {
                panic!("from_request refuses ({e}) the accepted {w:?}");
            }
            let second = v.verify(&request, &lookup);
            match second {
                Err(e) => {
                    check_status(&e, w);
                    assert!(
                        j.replay_protected,
                        "refused ({e:?}) the second sending of a request without timestamp and nonce"
                    );
                    assert_eq!(e, VerifyError::UsedNonce, "replay of {w:?}");
                }
                Ok(_) => assert!(!j.replay_protected, "replay accepted: {w:?}"),
            }
        }
    }
}

/// `verify_borrowed` (on a verifier of its own, whose store has not seen
/// the nonce) decides exactly as `verify` did, and reads the same values.
fn same_as_borrowed(
    owned: &Result<Verified, VerifyError>,
    borrowed: &Result<VerifiedRef<'_>, VerifyError>,
) {
    match (owned, borrowed) {
        (Err(a), Err(b)) => assert_eq!(a, b, "verify and verify_borrowed disagree"),
        (Ok(a), Ok(b)) => {
            assert_eq!(a.consumer_key(), b.consumer_key());
            assert_eq!(a.token(), b.token());
            assert_eq!(a.nonce(), b.nonce());
            assert_eq!(a.callback(), b.callback());
            assert_eq!(a.verifier(), b.verifier());
            assert_eq!(a.realm(), b.realm());
            assert_eq!(a.timestamp(), b.timestamp());
            let octets = |p: oauthsig::verifier::VerifiedParameter<'_>| {
                (p.name_bytes().into_owned(), p.value_bytes().into_owned())
            };
            let want: Vec<_> = a.parameters().map(octets).collect();
            let got: Vec<_> = b.parameters().map(octets).collect();
            assert_eq!(want, got, "verify_borrowed reads other parameters");
        }
        (a, b) => panic!("verify gave {a:?}, verify_borrowed {b:?}"),
    }
}

/// The verified request names the known consumer, and its non-protocol
/// parameters are the reference's.
fn check_verified(ok: &Verified, j: &Judged) {
    assert_eq!(ok.consumer_key(), CONSUMER_KEY);
    assert!(ok.token().is_none_or(|t| t == TOKEN));
    let mut got: Vec<(Vec<u8>, Vec<u8>)> = ok
        .parameters()
        .map(|p| (p.name_bytes().into_owned(), p.value_bytes().into_owned()))
        .collect();
    let mut want: Vec<(Vec<u8>, Vec<u8>)> = j
        .params
        .iter()
        .filter(|(n, _, _)| !n.starts_with(b"oauth_"))
        .map(|(n, v, _)| (n.clone(), v.clone()))
        .collect();
    got.sort_unstable();
    want.sort_unstable();
    assert_eq!(got, want, "verified parameters");
}

/// Cuts `s` to at most `max` bytes, at a character boundary.
fn cut(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The client: signs `input` with oauthsig's `Request` and writes it out
/// with the protocol parameters where `input.location` says.
fn client(input: &Signed, secrets: &Secrets) -> Option<Wire> {
    let http_method = if reference::is_token(&input.http_method) {
        input.http_method.as_str()
    } else {
        "POST"
    };
    let scheme = match input.scheme {
        Scheme::Http => "http",
        Scheme::Https => "https",
        Scheme::HttpUpper => "HTTP",
    };
    let host: String = input
        .host
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
        .collect();
    let host = if host.is_empty() {
        "Example.com".to_owned()
    } else {
        host
    };
    let authority = match input.port {
        Some(p) => format!("{host}:{p}"),
        None => host,
    };
    let path: String = input
        .path
        .chars()
        .map(|c| if c == '?' || c == '#' { '_' } else { c })
        .collect();
    let path = if path.is_empty() || path.starts_with('/') {
        path
    } else {
        format!("/{path}")
    };
    let mut r = Request::new(http_method, &format!("{scheme}://{authority}{path}")).ok()?;
    // Bounded so a request stays well inside the verifier's 256 parameters.
    for (n, v) in input.query.iter().take(16) {
        r = r.query_param(n.text(), v);
    }
    for (n, v) in input.body.iter().take(16) {
        r = r.form_param(n.text(), v);
    }
    let consumer_key = match &input.consumer {
        Who::Known => CONSUMER_KEY,
        Who::Other(k) => k,
    };
    let token = match &input.token {
        TokenChoice::None => None,
        TokenChoice::Known => Some(Token::new(TOKEN, &secrets.token)),
        TokenChoice::Other(t) => Some(Token::new(t, &secrets.token)),
    };
    match &input.timestamp {
        Timestamp::Decimal => r = r.timestamp(&input.timestamp_value.to_string()),
        Timestamp::Absent => {}
        Timestamp::Text(t) => r = r.timestamp(t),
    }
    match &input.nonce {
        Nonce::Digits(n) => r = r.nonce(&n.to_string()),
        Nonce::Text(n) => r = r.nonce(n),
        Nonce::Absent => {}
    }
    if let Some(v) = &input.version {
        r = r.param("oauth_version", v);
    }
    if let Some(c) = &input.callback {
        r = r.callback(c);
    }
    let consumer = Consumer::new(consumer_key, &secrets.consumer);
    let r = r.sign(input.method.get(), &consumer, token.as_ref()).ok()?;
    let form_body = !r.body_bytes().is_empty();
    let mut content_type = input.content_type.header();
    let (url, authorization, body) = match input.location {
        Location::Header => {
            let realm = input
                .realm
                .as_deref()
                .filter(|s| !s.chars().any(char::is_control));
            (
                r.url().to_owned(),
                Some(r.to_header(realm).ok()?),
                r.body_bytes().to_vec(),
            )
        }
        Location::Query => (r.to_url(), None, r.body_bytes().to_vec()),
        Location::Body => {
            // The protocol parameters travel in a form body, so it is one.
            content_type = Some(FORM_CONTENT_TYPE.to_owned());
            (r.url().to_owned(), None, r.to_postdata().into_bytes())
        }
    };
    if form_body && content_type.is_none() {
        content_type = Some(FORM_CONTENT_TYPE.to_owned());
    }
    let host = match &input.host_header {
        HostHeader::Absent => None,
        HostHeader::Same => Some(authority),
        HostHeader::Other(h) => Some(h.clone()),
    };
    Some(Wire {
        method: http_method.to_owned(),
        url,
        authorization,
        content_type,
        host,
        body,
    })
}

fn mutate_bytes(bytes: &mut [u8], at: u16, op: Op) -> bool {
    if bytes.is_empty() {
        return false;
    }
    let i = usize::from(at) % bytes.len();
    bytes[i] = match op {
        Op::Set(b) => b,
        Op::Xor(x) => bytes[i] ^ x,
        Op::FlipCase if bytes[i].is_ascii_alphabetic() => bytes[i] ^ 0x20,
        Op::FlipCase => return false,
    };
    true
}

/// One byte of one text field changed; `None` when the field is absent or
/// the result is not UTF-8 (a `&str` API cannot receive it).
fn mutate_text(s: &str, at: u16, op: Op) -> Option<String> {
    let mut bytes = s.as_bytes().to_vec();
    mutate_bytes(&mut bytes, at, op).then_some(())?;
    String::from_utf8(bytes).ok()
}

fn apply(w: &Wire, m: Mutation) -> Option<Wire> {
    let mut out = w.clone();
    match m.field {
        Field::Method => out.method = mutate_text(&w.method, m.at, m.op)?,
        Field::Url => out.url = mutate_text(&w.url, m.at, m.op)?,
        Field::Authorization => {
            out.authorization = Some(mutate_text(w.authorization.as_deref()?, m.at, m.op)?);
        }
        Field::ContentType => {
            out.content_type = Some(mutate_text(w.content_type.as_deref()?, m.at, m.op)?);
        }
        Field::Host => out.host = Some(mutate_text(w.host.as_deref()?, m.at, m.op)?),
        Field::Body => mutate_bytes(&mut out.body, m.at, m.op).then_some(())?,
    }
    Some(out)
}

fuzz_target!(|input: Input| {
    match input {
        Input::Raw(raw) => {
            let secrets = Secrets {
                consumer: "kd94hf93k423kf44".to_owned(),
                token: "pfkkdhi9sl3r4s00".to_owned(),
            };
            let w = Wire {
                method: raw.method,
                url: raw.url,
                authorization: raw.authorization,
                content_type: raw.content_type.header(),
                host: raw.host,
                body: raw.body,
            };
            // A small body limit, so 413 is reachable.
            check(&w, raw.now, &secrets, 64, false);
        }
        Input::Signed(s) => {
            let secrets = Secrets {
                consumer: cut(&s.consumer_secret, MAX_SECRET).to_owned(),
                token: cut(&s.token_secret, MAX_SECRET).to_owned(),
            };
            let Some(w) = client(&s, &secrets) else {
                return;
            };
            let now = u64::from(s.timestamp_value).saturating_add_signed(i64::from(s.skew) / 64);
            let max_body = oauthsig::verifier::DEFAULT_MAX_BODY_LEN;
            check(&w, now, &secrets, max_body, true);
            for &m in s.mutations.iter().take(4) {
                if let Some(changed) = apply(&w, m) {
                    check(&changed, now, &secrets, max_body, false);
                }
            }
        }
    }
});
