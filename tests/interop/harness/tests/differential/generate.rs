//! The seeded request generator.
//!
//! Requests are built from small pools of awkward values (the places where
//! OAuth implementations have historically disagreed) combined at random, so
//! a fixed seed always yields the same cases. Each case is first built as a
//! request on which oauthlib should agree with the RFC; a scheduled share of
//! cases is then pushed into exactly one [`Divergence`] class, so every class
//! is exercised on every run.

use crate::classes::Divergence;
use oauthsig_interop::reference;

/// splitmix64: tiny, seedable, and good enough to pick from pools; no RNG
/// crate means the sequence can never change under a dependency upgrade.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`); the modulo bias is irrelevant here.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'p, T>(&mut self, pool: &'p [T]) -> &'p T {
        &pool[self.below(pool.len())]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// Where the bulk of the protocol parameters travel (§3.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    /// An `Authorization` header written by the test, parsed by oauthsig (a
    /// server's view).
    Header,
    /// A [`oauthsig_core::Protocol`] set in code (a client's view).
    Code,
    /// The URL query (§3.5.3). `oauth_signature_method` stays in the header:
    /// the oracle takes the method from its `oauth` object, and a plain value
    /// like `HMAC-SHA1` signs the same wherever it travels.
    Query,
    /// A form body (§3.5.2), with the same proviso as [`Location::Query`].
    Body,
}

/// One generated request and the credentials to sign it with.
#[derive(Clone, Debug)]
pub struct Case {
    pub id: usize,
    /// The class the generator pushed this case into, if any.
    pub target: Option<Divergence>,
    pub method: String,
    pub url: String,
    pub body: Option<String>,
    pub content_type: Option<String>,
    pub realm: Option<String>,
    pub location: Location,
    /// Protocol parameters carried by the header or set in code, decoded.
    pub auth: Vec<(&'static str, String)>,
    /// The `Authorization` header as sent (every location but `Code`).
    pub header: Option<String>,
    /// Non-protocol parameters the application sets in code, decoded.
    pub extras: Vec<(String, String)>,
    pub signature_method: &'static str,
    /// Unused by the RSA methods, which sign with the test key pair
    /// (`oauthsig_interop::peers::RSA_PRIVATE_KEY`).
    pub consumer_secret: String,
    pub token_secret: Option<String>,
}

pub const FORM: &str = "application/x-www-form-urlencoded";

impl Case {
    /// The body, when it is signed: the media type (before any `;`
    /// parameters) is `application/x-www-form-urlencoded` (§3.4.1.3.1).
    /// Media types are case-insensitive (RFC 7231 §3.1.1.1); oauthlib's test
    /// is a case-sensitive substring, so the generator only writes lowercase.
    pub fn signed_body(&self) -> Option<&str> {
        let ct = self.content_type.as_deref()?;
        let media = ct.split(';').next().unwrap_or("").trim();
        media
            .eq_ignore_ascii_case(FORM)
            .then_some(self.body.as_deref())
            .flatten()
    }

    /// Whether the case is signed with an RSA method (the fixture key pair).
    pub fn is_rsa(&self) -> bool {
        self.signature_method.starts_with("RSA-")
    }

    /// What the reference model sees: the header's parameters (realm
    /// included) and the extras, as a server would receive them.
    pub fn reference_request(&self) -> reference::Request {
        let mut header: Vec<(String, String)> = self
            .realm
            .iter()
            .map(|r| ("realm".to_owned(), r.clone()))
            .collect();
        header.extend(self.auth.iter().map(|(n, v)| ((*n).to_owned(), v.clone())));
        reference::Request {
            method: self.method.clone(),
            url: self.url.clone(),
            form_body: self.signed_body().map(str::to_owned),
            header,
            other: self.extras.clone(),
        }
    }
}

// ---- pools --------------------------------------------------------------------------------

/// About this share of the cases (in percent) is signed with an RSA method,
/// so roughly 150 of 1500: an RSA signature costs ~30 ms in a debug build.
const RSA_PERCENT: usize = 10;
const RSA_METHODS: &[&str] = &["RSA-SHA1", "RSA-SHA256", "RSA-SHA512"];
const SHARED_SECRET_METHODS: &[&str] = &[
    "HMAC-SHA1",
    "HMAC-SHA1",
    "HMAC-SHA256",
    "HMAC-SHA256",
    "HMAC-SHA512",
    "PLAINTEXT",
];

const METHODS: &[&str] = &[
    "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "M-SEARCH", "get", "post", "put",
    "delete", "patch", "Get", "pOsT",
];
const BODY_METHODS: &[&str] = &["POST", "PUT", "PATCH", "post", "put", "Post"];
const SCHEMES: &[&str] = &["http", "https", "HTTP", "HTTPS", "Http", "hTTps"];
/// Hosts on which oauthlib agrees with the RFC: IPv6 literals already in
/// RFC 5952 form (their case is lowered by both).
const HOSTS: &[&str] = &[
    "example.com",
    "EXAMPLE.COM",
    "Photos.Example.NET",
    "api.example.org",
    "sp.example.com",
    "127.0.0.1",
    "localhost",
    "xn--caf-dma.example",
    "[::1]",
    "[2001:db8::7]",
    "[FE80::1:2]",
    "[2001:DB8:0:1:1:1:1:1]",
];
const USERINFO: &[&str] = &["user@", "user:secret@", "a%40b:p%3Ass@"];
const PATH_SEGMENTS: &[&str] = &[
    "request",
    "photos",
    "r%20v",
    "X",
    "a%2Fb",
    "a%2fb",
    "~user",
    "1",
    "statuses",
    "update.json",
    "a;b",
    "a:b@c",
    "caf%C3%A9",
    "%E4%B8%AD%E6%96%87",
    "%F0%9F%A6%80",
    "x!$&'()*+,=",
    "r v",
    "%7e",
    "%FF",
    "v1.1",
    "",
];
const RAW_NON_ASCII_SEGMENTS: &[&str] = &["café", "中文", "🦀", "naïve%20x", "straße", "日本"];
/// Decoded texts that tend to break encoders: reserved characters, `+`,
/// `%`, escape look-alikes, multi-byte UTF-8.
const TEXTS: &[&str] = &[
    "",
    "a",
    "value",
    "Hello World",
    "r b",
    "2 q",
    "a+b",
    "=",
    "&",
    "c@",
    "100%",
    "50%25",
    "%41",
    "x/y?z#f",
    "[v6]",
    "{json}",
    "\"quoted\"",
    "O'Reilly",
    "~tilde",
    "semi;colon",
    "é",
    "café",
    "naïve",
    "中文",
    "日本語テキスト",
    "🦀",
    "emoji 🎉 mix",
    "ñ+ü=ß",
    "Hello Ladies + Gentlemen, a signed OAuth request!",
    // Longer than oauthsig's 128-byte staging buffer in one piece.
    "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\
     0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz",
    "tab\there, new\nline, nul\0, del\x7f",
];
/// Characters for random texts: unreserved, every RFC 3986 reserved
/// character, space, `%`, the unsafe ASCII, controls, and 2/3/4-byte UTF-8.
const ALPHABET: &[char] = &[
    'a', 'Z', '0', '9', '-', '.', '_', '~', ' ', '!', '*', '\'', '(', ')', ';', ':', '@', '&', '=',
    '+', '$', ',', '/', '?', '#', '[', ']', '%', '"', '<', '>', '\\', '^', '`', '{', '|', '}', 'é',
    'ß', '中', '€', '🦀',
];
const NAMES: &[&str] = &[
    "a",
    "b",
    "a3",
    "c2",
    "c@",
    "b5",
    "status",
    "q",
    "file",
    "size",
    "realm",
    "oauth",
    "OAUTH_x",
    "name with space",
    "ñame",
    "键",
    "a+b",
    "x=y",
    "[]",
    "",
];
/// `oauth_*` names outside the protocol set (extensions such as the Session
/// extension's `oauth_session_handle`).
const OAUTH_EXTENSION_NAMES: &[&str] = &["oauth_extension", "oauth_session_handle", "oauth_x"];
/// Values for `oauth_*` names in the query or body that decode to
/// themselves a second time: no `%` followed by two hex digits.
const ONCE_DECODABLE: &[&str] = &[
    "plain",
    "a b",
    "a+b",
    "100%",
    "%zz",
    "%",
    "é 中 🦀",
    "x/y?z",
];
/// Values that change when decoded a second time.
const TWICE_DECODABLE: &[&str] = &[
    "%41",
    "%2541",
    "caf%C3%A9",
    "a%2Bb",
    "100%25",
    "%7E",
    "%E4%B8%AD",
];
const CALLBACKS: &[&str] = &[
    "oob",
    "http://printer.example.com/ready",
    "https://client.example.net/cb?state=a b&x=é",
    "https://client.example.net/cb?a=1&b=2#frag",
];
const ESCAPED_CALLBACKS: &[&str] = &[
    "https://client.example.net/cb?next=%2Fhome",
    "http://cb.example/?q=caf%C3%A9",
    "http://cb.example/%7Euser/",
];
const INVALID_UTF8_WIRE: &[&str] = &[
    "%FF",
    "%C3",
    "a%E4%B8",
    "%ED%A0%80",
    "%C0%AF",
    "%80abc",
    "%F5%80%80%80",
    "ok%C3%28",
];
const CONSUMER_KEYS: &[&str] = &[
    "9djdj82h48djs9d2",
    "dpf43f3p2l4k3l03",
    "interop-client-key-0001",
    "key with spaces & symbols=+",
    "clé-🔑",
];
const TOKENS: &[&str] = &[
    "kkk9d7dh3k39sjv7",
    "nnch734d00sl2jdk",
    "hh5s93j4hdidpola",
    "tok/+=en",
    "jeton-é",
];
const VERIFIERS: &[&str] = &["hfdp7dh39dks9884", "473f82d3", "verif+ier/="];
const CONSUMER_SECRETS: &[&str] = &[
    "kd94hf93k423kf44",
    "j49sk3j29djd",
    "",
    "interop-client-secret",
    "s&e=c r+e%t/?#",
    "sécret",
    "秘密🔑",
    // Longer than an HMAC block once encoded: exercises the hashed-key path.
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef-long",
];
const TOKEN_SECRETS: &[&str] = &[
    "pfkkdhi9sl3r4s00",
    "dh893hdasih9",
    "",
    "t&s=%2F",
    "jéton",
    "🦀🦀",
];
const REALMS: &[&str] = &[
    "Example",
    "Photos",
    "",
    "http://sp.example.com/",
    "realm with \"quotes\" and \\",
    "réalm",
];
const NON_FORM_BODIES: &[(Option<&str>, &str)] = &[
    (
        Some("application/json"),
        "{\"status\": \"a b\", \"n\": 1, \"é\": [\"%41\"]}",
    ),
    (Some("text/plain; charset=utf-8"), "a=1&b=2 raw é"),
    (None, "a=1&b=2"),
    (
        Some("multipart/form-data; boundary=xyz"),
        "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--xyz--\r\n",
    ),
    (Some("application/xml"), "<a b=\"c\">&amp;</a>"),
];
const FORM_CONTENT_TYPES: &[&str] = &[
    FORM,
    "application/x-www-form-urlencoded; charset=utf-8",
    "application/x-www-form-urlencoded;charset=UTF-8",
];

// ---- wire spelling ------------------------------------------------------------------------

/// Characters oauthlib's query/body parser accepts raw besides unreserved
/// ones (`oauthlib.common.urlencoded`); `&`, `=`, `+`, `%` and `#` are left
/// out because raw they would change the structure.
const RAW_OK: &[u8] = b";:,*@!()/?'$~";

fn escape(rng: &mut Rng, b: u8, out: &mut String) {
    if rng.chance(50) {
        out.push_str(&format!("%{b:02X}"));
    } else {
        out.push_str(&format!("%{b:02x}"));
    }
}

/// Spells decoded `text` as form-encoded wire text the way assorted clients
/// do: `+` or `%20` for spaces, escapes in either hex case, reserved
/// characters raw where a form parser allows it, unreserved ones now and then
/// escaped for no reason. `raw_equals` allows a raw `=` (values only: a pair
/// splits at its first `=`).
fn wire(rng: &mut Rng, text: &str, raw_equals: bool) -> String {
    let mut out = String::new();
    for &b in text.as_bytes() {
        match b {
            b' ' if rng.chance(60) => out.push('+'),
            b'=' if raw_equals && rng.chance(30) => out.push('='),
            _ if b.is_ascii_alphanumeric() || b"-._".contains(&b) => {
                if rng.chance(5) {
                    escape(rng, b, &mut out);
                } else {
                    out.push(char::from(b));
                }
            }
            _ if RAW_OK.contains(&b) && rng.chance(50) => out.push(char::from(b)),
            _ => escape(rng, b, &mut out),
        }
    }
    out
}

fn random_text(rng: &mut Rng) -> String {
    if rng.chance(60) {
        return (*rng.pick(TEXTS)).to_owned();
    }
    (0..1 + rng.below(8)).map(|_| *rng.pick(ALPHABET)).collect()
}

/// A form-encoded pair list: duplicates, empty values, names without `=`,
/// and now and then an empty piece (`&&`).
fn pairs(rng: &mut Rng, count: usize) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for _ in 0..count {
        let name = if !names.is_empty() && rng.chance(20) {
            rng.pick(&names).clone()
        } else if rng.chance(70) {
            (*rng.pick(NAMES)).to_owned()
        } else {
            random_text(rng)
        };
        names.push(name.clone());
        let wire_name = wire(rng, &name, false);
        if rng.chance(8) {
            // Bare name: `c2` in the RFC's example.
            out.push(wire_name);
        } else {
            let value = if rng.chance(12) {
                String::new()
            } else {
                random_text(rng)
            };
            out.push(format!("{wire_name}={}", wire(rng, &value, true)));
        }
        if rng.chance(3) {
            out.push(String::new());
        }
    }
    out
}

/// A wire pair for an `oauth_*` name (written as `oauth%5F…` now and then:
/// the name is compared after decoding).
fn oauth_pair(rng: &mut Rng, name: &str, value: &str) -> String {
    let wire_name = if rng.chance(15) {
        name.replacen('_', "%5F", 1)
    } else {
        name.to_owned()
    };
    format!("{wire_name}={}", wire(rng, value, true))
}

fn quoted(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

/// An `Authorization` header as a server receives it: any scheme case,
/// parameters in any order with `realm` anywhere, assorted separators.
fn authorization(rng: &mut Rng, realm: Option<&str>, auth: &[(&str, String)]) -> String {
    let mut items: Vec<String> = auth
        .iter()
        .map(|(n, v)| {
            format!(
                "{}=\"{}\"",
                reference::encode(n.as_bytes()),
                reference::encode(v.as_bytes())
            )
        })
        .collect();
    rng.shuffle(&mut items);
    if let Some(r) = realm {
        let at = if rng.chance(70) {
            0
        } else {
            rng.below(items.len() + 1)
        };
        items.insert(at, format!("realm=\"{}\"", quoted(r)));
    }
    let scheme = rng.pick(&["OAuth", "oauth", "OAUTH"]);
    let sep = rng.pick(&[", ", ",", " , ", ",\t"]);
    format!("{scheme} {}", items.join(sep))
}

// ---- hosts --------------------------------------------------------------------------------

/// An IPv6 literal that oauthlib rewrites: groups with leading zeros, upper
/// case, zero runs written out or compressed in the wrong place.
fn uncompressed_ipv6(rng: &mut Rng) -> String {
    loop {
        let mut groups: Vec<u16> = (0..8)
            .map(|_| {
                if rng.chance(45) {
                    0
                } else {
                    *rng.pick(&[1u16, 0xdb8, 0x2001, 0xfe80, 0xabcd, 0x7, 0x10])
                }
            })
            .collect();
        if rng.chance(30) {
            groups[0] = 0x2001;
        }
        let spell = |rng: &mut Rng, g: u16| {
            let s = match rng.below(3) {
                0 => format!("{g:x}"),
                1 => format!("{g:04x}"),
                _ => format!("{g:X}"),
            };
            if rng.chance(30) { s.to_uppercase() } else { s }
        };
        let mut text: Vec<String> = groups.iter().map(|&g| spell(rng, g)).collect();
        // Sometimes compress a zero run that is not the one RFC 5952 picks.
        if rng.chance(30) {
            if let Some(i) = (0..7).find(|&i| groups[i] == 0 && groups[i + 1] == 0) {
                text.splice(i..i + 2, [String::new()]);
                if i == 0 {
                    text.insert(0, String::new());
                }
                if i + 2 == 8 {
                    text.push(String::new());
                }
            }
        }
        let inner = text.join(":");
        let canonical = reference::compress_ipv6(&inner);
        if canonical.is_some_and(|c| c != inner.to_ascii_lowercase()) {
            return format!("[{inner}]");
        }
    }
}

// ---- requests -----------------------------------------------------------------------------

/// Builds case `id`; `target` pushes it into one divergence class.
pub fn case(rng: &mut Rng, id: usize, target: Option<Divergence>) -> Case {
    let signature_method = if rng.chance(RSA_PERCENT) {
        *rng.pick(RSA_METHODS)
    } else {
        *rng.pick(SHARED_SECRET_METHODS)
    };

    // Body first: it decides whether the method is one that carries a body.
    let (mut body, mut content_type, mut body_pairs) = (None, None, Vec::new());
    match rng.below(10) {
        0..=3 => {}
        4..=7 => {
            content_type = Some((*rng.pick(FORM_CONTENT_TYPES)).to_owned());
            let n = rng.below(6);
            body_pairs = pairs(rng, n);
        }
        _ => {
            let (ct, text) = *rng.pick(NON_FORM_BODIES);
            content_type = ct.map(str::to_owned);
            body = Some(text.to_owned());
        }
    }
    let mut location = match rng.below(20) {
        0..=9 => Location::Header,
        10..=14 => Location::Code,
        15..=17 => Location::Query,
        _ => Location::Body,
    };
    let is_form = content_type.as_deref().is_some_and(|c| c.starts_with(FORM));
    if location == Location::Body && !is_form {
        location = Location::Query;
    }
    let method = if content_type.is_some() && rng.chance(90) {
        *rng.pick(BODY_METHODS)
    } else {
        *rng.pick(METHODS)
    };

    // Protocol parameters (§3.1), decoded.
    let mut protocol: Vec<(&'static str, String)> = vec![
        ("oauth_consumer_key", (*rng.pick(CONSUMER_KEYS)).to_owned()),
        ("oauth_signature_method", signature_method.to_owned()),
    ];
    let has_token = rng.chance(65);
    if has_token {
        protocol.push(("oauth_token", (*rng.pick(TOKENS)).to_owned()));
    }
    // PLAINTEXT does not need them (§3.4.4), so sometimes leave them out.
    if signature_method != "PLAINTEXT" || rng.chance(50) {
        let ts = 100_000_000 + rng.below(4_000_000_000);
        protocol.push(("oauth_timestamp", ts.to_string()));
        let nonce: String = (0..8 + rng.below(24))
            .map(|_| {
                *rng.pick(&[
                    'a', 'k', 'Z', '7', '0', '-', '_', '.', '~', ' ', '/', '+', '=',
                ])
            })
            .collect();
        protocol.push(("oauth_nonce", nonce));
    }
    if rng.chance(50) {
        protocol.push(("oauth_version", "1.0".to_owned()));
    }
    let has_callback = rng.chance(20);
    if has_callback {
        // A header value is decoded once by everybody, so escaped callbacks
        // are fine there; in the query or body they would be decoded twice by
        // oauthlib, which is the DoubleDecode class, not a normal case.
        let pool = if matches!(location, Location::Header | Location::Code) && rng.chance(40) {
            ESCAPED_CALLBACKS
        } else {
            CALLBACKS
        };
        protocol.push(("oauth_callback", (*rng.pick(pool)).to_owned()));
    }
    if rng.chance(20) {
        protocol.push(("oauth_verifier", (*rng.pick(VERIFIERS)).to_owned()));
    }
    if let Some(b) = body.as_deref().filter(|_| rng.chance(30)) {
        protocol.push((
            "oauth_body_hash",
            reference::body_hash(signature_method, b.as_bytes()),
        ));
    }

    // Query.
    let n = rng.below(7);
    let mut query_pairs = pairs(rng, n);
    if rng.chance(15) {
        let name = *rng.pick(OAUTH_EXTENSION_NAMES);
        let value = *rng.pick(ONCE_DECODABLE);
        let pair = oauth_pair(rng, name, value);
        query_pairs.push(pair);
    }

    // Protocol parameters away from the header.
    let mut auth = Vec::new();
    for (name, value) in protocol {
        let moved = match location {
            _ if name == "oauth_signature_method" => None,
            Location::Query => Some(&mut query_pairs),
            Location::Body => Some(&mut body_pairs),
            Location::Header | Location::Code => None,
        };
        match moved {
            Some(list) => list.push(oauth_pair(rng, name, &value)),
            None => auth.push((name, value)),
        }
    }
    if rng.chance(30) {
        // A signature that travelled with the other parameters: excluded from
        // the base string wherever it is (§3.4.1.3.1).
        let sig = "oauth_signature=wOJIO9A2W5mFwDgiDvZbTSMK%2FPY%3D".to_owned();
        match location {
            Location::Query => query_pairs.push(sig),
            Location::Body => body_pairs.push(sig),
            Location::Header | Location::Code => {}
        }
    }

    // Authority and path.
    let scheme = *rng.pick(SCHEMES);
    let mut host = (*rng.pick(HOSTS)).to_owned();
    let https = scheme.eq_ignore_ascii_case("https");
    let port = match rng.below(20) {
        0..=10 => String::new(),
        11..=13 => if https { ":443" } else { ":80" }.to_owned(),
        14 => ":".to_owned(),
        15 => if https { ":0443" } else { ":080" }.to_owned(),
        _ => format!(":{}", rng.pick(&[8080, 8443, 443, 80, 1, 65535, 3000])),
    };
    let userinfo = if rng.chance(5) {
        *rng.pick(USERINFO)
    } else {
        ""
    };
    // No pool segment ends in `;`: that shape is the EmptyPathParams class.
    let mut segments: Vec<String> = (0..rng.below(4))
        .map(|_| (*rng.pick(PATH_SEGMENTS)).to_owned())
        .collect();
    let mut path: String = segments.iter().map(|s| format!("/{s}")).collect();
    let trailing_slash = rng.chance(15);
    if trailing_slash {
        path.push('/');
    }

    let mut extras: Vec<(String, String)> = Vec::new();
    if rng.chance(25) {
        for _ in 0..1 + rng.below(2) {
            extras.push((random_text(rng), random_text(rng)));
        }
    }

    // Push the case into its divergence class.
    match target {
        None => {}
        Some(Divergence::DoubleDecodedOauthValues) => {
            // A callback whose own query is escaped is the realistic victim.
            let (name, value) = if !has_callback && rng.chance(40) {
                ("oauth_callback", *rng.pick(ESCAPED_CALLBACKS))
            } else {
                (*rng.pick(OAUTH_EXTENSION_NAMES), *rng.pick(TWICE_DECODABLE))
            };
            let pair = oauth_pair(rng, name, value);
            if is_form && rng.chance(50) {
                body_pairs.push(pair);
            } else {
                query_pairs.push(pair);
            }
        }
        Some(Divergence::RawNonAsciiPath) => {
            let at = rng.below(segments.len() + 1);
            segments.insert(at, (*rng.pick(RAW_NON_ASCII_SEGMENTS)).to_owned());
            path = segments.iter().map(|s| format!("/{s}")).collect();
            if trailing_slash {
                path.push('/');
            }
        }
        Some(Divergence::CompressedIpv6) => host = uncompressed_ipv6(rng),
        Some(Divergence::ReplacedInvalidUtf8) => {
            let bad = *rng.pick(INVALID_UTF8_WIRE);
            let pair = if rng.chance(70) {
                format!("{}={bad}", rng.pick(&["a", "q", "file"]))
            } else {
                format!("n{bad}=v")
            };
            if is_form && rng.chance(50) {
                body_pairs.push(pair);
            } else {
                query_pairs.push(pair);
            }
        }
        Some(Divergence::EmptyPathParams) => {
            let last = rng.pick(&["a", "photos", "r%20v", ""]);
            path = format!("{}/{last};", path.trim_end_matches('/'));
        }
    }
    rng.shuffle(&mut query_pairs);
    rng.shuffle(&mut body_pairs);

    let query = query_pairs.join("&");
    let mut url = format!("{scheme}://{userinfo}{host}{port}{path}");
    if !query.is_empty() || rng.chance(5) {
        url.push('?');
        url.push_str(&query);
    }
    if rng.chance(4) {
        url.push_str("#section");
    }
    if is_form {
        body = Some(body_pairs.join("&"));
    }

    let realm = rng.chance(50).then(|| (*rng.pick(REALMS)).to_owned());
    let header = (location != Location::Code).then(|| authorization(rng, realm.as_deref(), &auth));
    let consumer_secret = (*rng.pick(CONSUMER_SECRETS)).to_owned();
    let token_secret = has_token.then(|| (*rng.pick(TOKEN_SECRETS)).to_owned());

    Case {
        id,
        target,
        method: method.to_owned(),
        url,
        body,
        content_type,
        realm,
        location,
        auth,
        header,
        extras,
        signature_method,
        consumer_secret,
        token_secret,
    }
}
