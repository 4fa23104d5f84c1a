//! The generated requests of the cross-layer differential, how each layer
//! is handed one, what a server receives, and the forgeries.

use oauthsig::SignatureMethod;
use oauthsig::oauthsig_core::{Body, Placement};
use std::fmt;
use std::path::Path;

/// SplitMix64: small, seedable, and the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }
}

/// Where the protocol parameters go (RFC 5849 §3.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Header = 0,
    Query = 1,
    Form = 2,
}

/// The body.
#[derive(Clone, Debug)]
pub enum BodyKind {
    None,
    /// `application/x-www-form-urlencoded` text.
    Form(String),
    /// Octets and their content type.
    Opaque(Vec<u8>, &'static str),
}

/// One generated request and its credentials.
pub struct Case {
    pub http_method: String,
    pub url: String,
    pub body: BodyKind,
    pub method: SignatureMethod,
    pub consumer_key: String,
    pub consumer_secret: String,
    pub token: Option<(String, String)>,
    pub timestamp: String,
    pub nonce: String,
    pub version: bool,
    pub realm: Option<String>,
    pub place: Place,
}

impl fmt::Debug for Case {
    // Everything, secrets included: these are test credentials, and a
    // failure must be reproducible from the message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} {}", self.http_method, self.url)?;
        writeln!(f, "body: {:?}", self.body)?;
        writeln!(
            f,
            "{} consumer {:?}/{:?} token {:?} ts {} nonce {} version {} realm {:?} {:?}",
            self.method,
            self.consumer_key,
            self.consumer_secret,
            self.token,
            self.timestamp,
            self.nonce,
            self.version,
            self.realm,
            self.place
        )
    }
}

/// Pieces of parameter names and values as they appear on the wire: plain
/// text, escapes (a Latin-1 octet that is not UTF-8 among them), `+`, and
/// raw UTF-8 as a client might leave it.
const WIRE: [&str; 16] = [
    "a",
    "Zz9",
    "-._~",
    "%20",
    "+",
    "%2B",
    "%E9",
    "%C3%A9",
    "caf\u{e9}",
    "%3D",
    "%26",
    "!",
    "*",
    "'",
    "(x)",
    "%7e",
];

/// Pieces of path segments.
const PATH: [&str; 9] = [
    "p",
    "Seg-1",
    "%20",
    "%E9",
    "caf\u{e9}",
    "!$'()*+,;=:@",
    "~",
    "%2F",
    "x.y",
];

/// Pieces of protocol values and secrets: printable text, UTF-8.
const TEXT: [&str; 10] = [
    "k",
    "Key9",
    "-_.~",
    " ",
    "&",
    "%",
    "+/=",
    "\u{e9}t\u{e9}",
    "\"q\"",
    "\\",
];

fn repeat(rng: &mut Rng, pieces: &[&str], max: usize) -> String {
    (0..rng.below(max + 1)).map(|_| rng.pick(pieces)).collect()
}

fn pairs(rng: &mut Rng, max: usize) -> String {
    let mut out = Vec::new();
    for _ in 0..rng.below(max + 1) {
        // No `oauth_` names: protocol parameters in one location (§3.5).
        let name = format!("n{}", repeat(rng, &WIRE, 2));
        let pair = match rng.below(4) {
            0 => name,
            1 => format!("{name}="),
            _ => format!("{name}={}", repeat(rng, &WIRE, 4)),
        };
        out.push(pair);
        if rng.chance(15) {
            out.push(out[out.len() - 1].clone());
        }
    }
    out.join("&")
}

fn url(rng: &mut Rng) -> String {
    let scheme = rng.pick(&["http", "https", "HTTP"]);
    let host = rng.pick(&[
        "example.com",
        "API.Example.com",
        "127.0.0.1",
        "[::1]",
        "h-1.test",
    ]);
    let port = match (rng.below(4), scheme) {
        (0, "https") => ":443",
        (0, _) => ":80",
        (1, _) => ":8080",
        _ => "",
    };
    let mut url = format!("{scheme}://{host}{port}");
    for _ in 0..rng.below(4) {
        url.push('/');
        url.push_str(&repeat(rng, &PATH, 3));
    }
    if rng.chance(70) {
        url.push('?');
        url.push_str(&pairs(rng, 4));
    }
    if rng.chance(10) {
        url.push_str("#frag?x=1");
    }
    url
}

fn body(rng: &mut Rng) -> BodyKind {
    match rng.below(10) {
        0..=4 => BodyKind::None,
        5..=7 => BodyKind::Form(pairs(rng, 4)),
        _ => {
            let bytes = (0..rng.below(48)).map(|_| rng.next() as u8).collect();
            let ct = rng.pick(&[
                "application/json",
                "text/plain; charset=utf-8",
                "application/octet-stream",
            ]);
            BodyKind::Opaque(bytes, ct)
        }
    }
}

/// Every signature method and its weight out of [`WEIGHTS`]: RSA in one
/// case of ten (a 2048-bit signature costs milliseconds where HMAC costs
/// microseconds, and each case signs five times and starts three
/// processes), the rest spread evenly.
const METHODS: [(SignatureMethod, usize); 7] = [
    (SignatureMethod::HmacSha1, 7),
    (SignatureMethod::HmacSha256, 7),
    (SignatureMethod::HmacSha512, 6),
    (SignatureMethod::Plaintext, 7),
    (SignatureMethod::RsaSha1, 1),
    (SignatureMethod::RsaSha256, 1),
    (SignatureMethod::RsaSha512, 1),
];

/// The sum of the weights of [`METHODS`].
const WEIGHTS: usize = 30;

/// A signature method drawn by weight, with one draw (as the three-method
/// pick it replaced, so the rest of each case is as before).
fn signature_method(rng: &mut Rng) -> SignatureMethod {
    let mut n = rng.below(WEIGHTS);
    for (method, weight) in METHODS {
        if n < weight {
            return method;
        }
        n -= weight;
    }
    unreachable!("the weights sum to WEIGHTS")
}

fn text(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(&["c", "K"]), repeat(rng, &TEXT, 5))
}

impl Case {
    pub fn generate(rng: &mut Rng, index: usize) -> Case {
        let http_method = rng
            .pick(&[
                "GET", "POST", "PUT", "DELETE", "PATCH", "get", "post", "OPTIONS",
            ])
            .to_owned();
        let url = url(rng);
        let body = body(rng);
        let method = signature_method(rng);
        let token = rng.chance(70).then(|| (text(rng), text(rng)));
        let place = match (rng.below(10), &body) {
            (0..=4, _) | (_, BodyKind::Opaque(..)) => Place::Header,
            (5..=7, _) => Place::Query,
            _ => Place::Form,
        };
        let realm = (place == Place::Header && rng.chance(50)).then(|| text(rng));
        Case {
            http_method,
            url,
            body,
            method,
            consumer_key: text(rng),
            consumer_secret: text(rng),
            token,
            timestamp: (1_000_000_000 + rng.below(1_000_000_000)).to_string(),
            nonce: format!(
                "{}{index}",
                repeat(rng, &["a", "Z", "9", "-", "_", ".", "~"], 20)
            ),
            version: rng.chance(50),
            realm,
            place,
        }
    }

    pub fn token_secret(&self) -> &str {
        self.token.as_ref().map_or("", |(_, s)| s)
    }

    pub fn core_body(&self) -> Body<'_> {
        match &self.body {
            BodyKind::None => Body::None,
            BodyKind::Form(text) => Body::Form(text),
            BodyKind::Opaque(bytes, _) => Body::Opaque(bytes),
        }
    }

    pub fn placement(&self) -> Placement<'_> {
        match self.place {
            Place::Header => Placement::Header {
                realm: self.realm.as_deref(),
            },
            Place::Query => Placement::Query,
            Place::Form => Placement::Form,
        }
    }

    /// The credentials as `oauthsig` options (`--opt=value`, so a value
    /// that starts with `-` is not taken for an option). For an RSA method
    /// the key file `key` given as `flag` (`--private-key` to sign,
    /// `--public-key` to verify) takes the place of both secrets, which
    /// the command refuses beside it (§3.4.3 uses neither); the token is
    /// still sent.
    pub fn cli_credentials(&self, flag: &str, key: &Path) -> Vec<String> {
        let rsa = self.method.is_rsa();
        let mut args = vec![format!("--consumer-key={}", self.consumer_key)];
        if rsa {
            args.push(format!("{flag}={}", key.display()));
        } else {
            args.push(format!("--consumer-secret={}", self.consumer_secret));
        }
        if let Some((t, s)) = &self.token {
            args.push(format!("--token={t}"));
            if !rsa {
                args.push(format!("--token-secret={s}"));
            }
        }
        args
    }

    /// The body as `oauthsig sign` options: a file and its content type.
    pub fn cli_body(&self, dir: &Path) -> Vec<String> {
        let (bytes, ct) = match &self.body {
            BodyKind::None => return Vec::new(),
            BodyKind::Form(text) => (text.as_bytes(), "application/x-www-form-urlencoded"),
            BodyKind::Opaque(bytes, ct) => (&bytes[..], *ct),
        };
        let file = dir.join("sent-body");
        std::fs::write(&file, bytes).unwrap();
        vec![
            "--body".into(),
            file.to_string_lossy().into_owned(),
            format!("--content-type={ct}"),
        ]
    }

    /// What a server receives when `text` is what the client wrote:
    /// (URL, `Authorization` header, body, content type).
    pub fn received<'a>(
        &'a self,
        sent: &'a Sent,
    ) -> (&'a str, Option<&'a str>, &'a [u8], Option<&'a str>) {
        let (body, ct): (&[u8], Option<&str>) = match &self.body {
            BodyKind::None => (b"", None),
            BodyKind::Form(text) => (text.as_bytes(), Some("application/x-www-form-urlencoded")),
            BodyKind::Opaque(bytes, ct) => (bytes, Some(*ct)),
        };
        match self.place {
            Place::Header => (&sent.url, Some(&sent.text), body, ct),
            Place::Query => (&sent.text, None, body, ct),
            Place::Form => (
                &sent.url,
                None,
                sent.text.as_bytes(),
                Some("application/x-www-form-urlencoded"),
            ),
        }
    }

    /// The request as sent: method, URL and what the layer wrote.
    pub fn sent(&self, text: &str) -> Sent {
        Sent {
            method: self.http_method.clone(),
            url: self.url.clone(),
            text: text.to_owned(),
        }
    }

    /// The request with one signed octet changed: a letter or digit of the
    /// method, the URL's path or query, or what the layer wrote (its signed
    /// parts: not the realm's value, which is never signed, §3.4.1.3.1,
    /// nor the URL's scheme, authority or fragment).
    pub fn forge(&self, text: &str, rng: &mut Rng) -> (Sent, &'static str) {
        let mut sent = self.sent(text);
        if self.method == SignatureMethod::Plaintext {
            // PLAINTEXT signs nothing but the secrets (§3.4.4, it relies on
            // TLS): only the signature itself can be forged.
            let spots = signature_spots(&sent.text);
            let at = spots[rng.below(spots.len())];
            change_letter(&mut sent.text, at, rng);
            return (sent, "signature");
        }
        // Under the query placement the URL is what the layer wrote.
        let url_spots = match self.place {
            Place::Query => Vec::new(),
            _ => signed_url_spots(&sent.url),
        };
        let text_spots = match self.place {
            Place::Header => header_spots(&sent.text),
            Place::Query => signed_url_spots(&sent.text),
            Place::Form => letters(&sent.text, 0..sent.text.len()),
        };
        let choice = rng.below(1 + url_spots.len() + text_spots.len());
        if choice == 0 {
            let other = if self.http_method.eq_ignore_ascii_case("PUT") {
                "POST"
            } else {
                "PUT"
            };
            sent.method = other.into();
            return (sent, "method");
        }
        if let Some(&at) = url_spots.get(choice - 1) {
            change_letter(&mut sent.url, at, rng);
            return (sent, "url");
        }
        let at = text_spots[choice - 1 - url_spots.len()];
        change_letter(&mut sent.text, at, rng);
        (sent, "written text")
    }
}

/// A request as sent.
pub struct Sent {
    pub method: String,
    pub url: String,
    pub text: String,
}

/// Offsets of ASCII letters and digits in `s[range]`, outside `%XX` escapes.
fn letters(s: &str, range: std::ops::Range<usize>) -> Vec<usize> {
    let b = s.as_bytes();
    let mut spots = Vec::new();
    let mut i = range.start;
    while i < range.end {
        match b[i] {
            b'%' => i += 3,
            c if c.is_ascii_alphanumeric() => {
                spots.push(i);
                i += 1;
            }
            _ => i += 1,
        }
    }
    spots
}

/// The letters of a URL's path and query (signed, §3.4.1.2, §3.4.1.3).
fn signed_url_spots(url: &str) -> Vec<usize> {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let path = url[after_scheme..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| after_scheme + i);
    let end = url.find('#').unwrap_or(url.len());
    letters(url, path.min(end)..end)
}

/// The letters of an `Authorization` header value, but the scheme's and
/// the realm value's.
fn header_spots(header: &str) -> Vec<usize> {
    let realm = header.find("realm=\"").map(|i| {
        let start = i + 7;
        let mut j = start;
        let b = header.as_bytes();
        while b[j] != b'"' {
            j += if b[j] == b'\\' { 2 } else { 1 };
        }
        start..j
    });
    letters(header, "OAuth ".len()..header.len())
        .into_iter()
        .filter(|i| !realm.as_ref().is_some_and(|r| r.contains(i)))
        .collect()
}

/// The letters of the `oauth_signature` value in what a layer wrote.
fn signature_spots(text: &str) -> Vec<usize> {
    let start = text
        .find("oauth_signature=")
        .map(|i| i + "oauth_signature=".len());
    let start = start.map_or(0, |s| {
        s + usize::from(text.as_bytes().get(s) == Some(&b'"'))
    });
    let end = text[start..]
        .find(['"', '&', '#'])
        .map_or(text.len(), |e| start + e);
    letters(text, start..end)
}

/// Replaces the ASCII letter or digit at `at` with another.
fn change_letter(s: &mut String, at: usize, rng: &mut Rng) {
    let old = s.as_bytes()[at];
    let alphabet = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut new = old;
    while new == old {
        new = alphabet[rng.below(alphabet.len())];
    }
    s.replace_range(at..at + 1, std::str::from_utf8(&[new]).unwrap());
}
