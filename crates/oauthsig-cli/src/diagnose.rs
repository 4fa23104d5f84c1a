//! Which base string a wrong signature was computed over. An HMAC cannot be
//! inverted, but with the secrets at hand each usual client mistake can be
//! tried (RFC 5849 §3.4.1 done slightly wrong, or the §3.4.2 key built
//! wrong); the one whose signature matches the presented one is the base
//! string "implied by the request", shown next to ours. An RSA signature
//! (§3.4.3) is checked against each candidate base string with the public
//! key; there is no key to build wrong, so only the base string mistakes
//! apply.
//!
//! The same search explains a provider's echoed base string (`request`,
//! `authorize`): the mistake whose candidate is, byte for byte, the base
//! string the provider says it computed ([`explaining`]).
//!
//! These candidate base strings are built here as text, not through the
//! library's writer: they are deliberately *not* what RFC 5849 prescribes.
//! Only a signature match (or an exact match with an echoed base string)
//! makes one of them worth showing, so no candidate can mislead.

use crate::output::octets;
use crate::verify::Received;
use oauthsig::oauthsig_core::encode::encode_bytes;
use oauthsig::oauthsig_core::params::query_of;
use oauthsig::{RsaPublicKey, SignatureMethod, SigningKey, Source, encode};
use std::cmp::Ordering;

/// The mistake that reproduces a presented signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Implied {
    /// What the client did differently, e.g. "https instead of http".
    pub mistake: String,
    /// The base string the signature was computed over.
    pub base_string: String,
}

/// The secrets the verifier holds.
pub struct Secrets<'a> {
    /// The consumer secret.
    pub consumer: &'a str,
    /// The token secret, when the request has a token.
    pub token: Option<&'a str>,
}

/// What the verifier holds: shared secrets or the consumer's public key.
pub enum Held<'a> {
    /// Shared secrets (§3.4.2, §3.4.4).
    Secrets(Secrets<'a>),
    /// The consumer's RSA public key (§3.4.3).
    PublicKey(&'a RsaPublicKey),
}

/// One way the presented signature may have been made: with a key (the
/// right one, or one built wrong), or by the holder of the private key
/// that goes with a public key.
enum Trial<'a> {
    // Boxed: a prepared key is half a kilobyte, a public key a reference.
    Key(Box<SigningKey>),
    PublicKey(&'a RsaPublicKey),
}

impl Trial<'_> {
    /// Whether `presented` (decoded octets) is the `method` signature of
    /// `base_string` this way. Not constant time: the request has already
    /// failed the real, constant-time check; this only explains it.
    fn reproduces(&self, method: SignatureMethod, base_string: &[u8], presented: &[u8]) -> bool {
        match self {
            Trial::Key(key) => key
                .sign_text(base_string)
                .is_ok_and(|s| s.as_bytes() == presented),
            // An RSA signature is base64 text (§3.4.3.1); octets that are
            // not UTF-8 cannot be one.
            Trial::PublicKey(key) => std::str::from_utf8(presented)
                .is_ok_and(|text| key.verify_text(method, base_string, text)),
        }
    }
}

/// A decoded parameter as the base string sees it: octets.
#[derive(Clone)]
struct Pair {
    name: Vec<u8>,
    value: Vec<u8>,
    source: Source,
}

/// The pieces of a base string (§3.4.1.1), before the mistakes.
#[derive(Clone)]
struct Parts {
    method: String,
    uri: String,
    params: Vec<Pair>,
    /// Encode a space as `+` (form encoding) instead of `%20` (§3.6).
    plus_for_space: bool,
    /// Sort in natural order (PHP's `strnatcmp`, digit runs as numbers)
    /// instead of the byte order of §3.4.1.3.2.
    natural_order: bool,
}

impl Parts {
    fn of(request: &Received<'_>) -> Self {
        let params = request
            .parameters()
            .iter()
            .filter(|p| !p.name.eq_decoded(b"oauth_signature"))
            .map(|p| Pair {
                name: octets(&p.name),
                value: octets(&p.value),
                source: p.source,
            })
            .collect();
        Parts {
            method: request.incoming().method().to_ascii_uppercase(),
            uri: request.uri().to_string(),
            params,
            plus_for_space: false,
            natural_order: false,
        }
    }

    /// `METHOD&encode(uri)&encode(normalized parameters)` (§3.4.1.1).
    fn base_string(&self) -> String {
        let enc = |octets: &[u8]| {
            let e = encode_bytes(octets).to_string();
            if self.plus_for_space {
                e.replace("%20", "+")
            } else {
                e
            }
        };
        let mut pairs: Vec<(String, String)> = self
            .params
            .iter()
            .map(|p| (enc(&p.name), enc(&p.value)))
            .collect();
        if self.natural_order {
            pairs.sort_by(|a, b| natural_cmp(&a.0, &b.0).then_with(|| natural_cmp(&a.1, &b.1)));
        } else {
            pairs.sort();
        }
        let normalized = pairs
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("&");
        format!(
            "{}&{}&{}",
            self.method,
            encode(&self.uri),
            encode(&normalized)
        )
    }

    /// These parts changed by `change`.
    fn with(&self, change: impl FnOnce(&mut Parts)) -> Self {
        let mut parts = self.clone();
        change(&mut parts);
        parts
    }
}

/// The request's base string as received (with no mistake described),
/// then with each usual client mistake.
fn candidates(request: &Received<'_>) -> Vec<(String, Parts)> {
    let exact = Parts::of(request);
    let mut out = vec![(String::new(), exact.clone())];
    out.extend(uri_mistakes(&exact, request.incoming().url()));
    out.extend(parameter_mistakes(&exact));
    out.extend(order_mistakes(&exact));
    out.extend(method_mistakes(&exact));
    out
}

/// The usual mistake whose base string is `theirs`, byte for byte: what
/// a provider that echoes the base string it computed did differently
/// from the request as sent. `None` when none is (or `theirs` is ours).
pub fn explaining(request: &Received<'_>, theirs: &str) -> Option<String> {
    candidates(request)
        .into_iter()
        .skip(1) // the exact one: no mistake
        .find(|(_, parts)| parts.base_string() == theirs)
        .map(|(mistake, _)| mistake)
}

/// §3.4.1.2 done wrong: scheme, default port, query, trailing slash.
fn uri_mistakes(exact: &Parts, url: &str) -> Vec<(String, Parts)> {
    let mut out = Vec::new();
    let uri = &exact.uri;
    let (scheme, other, port) = if uri.starts_with("https://") {
        ("https", "http", ":443")
    } else {
        ("http", "https", ":80")
    };
    let rest = uri.split_once("://").map_or("", |(_, rest)| rest);
    out.push((
        format!("{other} instead of {scheme} in the base string URI"),
        exact.with(|p| p.uri = format!("{other}://{rest}")),
    ));
    // The normalized URI always has a path, and a port only when it is not
    // the default one, which is the one a client may have kept.
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if !host.contains(':') {
        out.push((
            format!("the default port {port} kept in the base string URI"),
            exact.with(|p| p.uri = format!("{scheme}://{host}{port}/{path}")),
        ));
    }
    let query = query_of(url);
    if !query.is_empty() {
        out.push((
            "the query string left in the base string URI".to_owned(),
            exact.with(|p| p.uri = format!("{uri}?{query}")),
        ));
    }
    // "/" alone has no slash to toggle.
    if !path.is_empty() {
        out.push(match uri.strip_suffix('/') {
            Some(stripped) => (
                "the path without its trailing slash".to_owned(),
                exact.with(|p| p.uri = stripped.to_owned()),
            ),
            None => (
                "the path with a trailing slash".to_owned(),
                exact.with(|p| p.uri = format!("{uri}/")),
            ),
        });
    }
    out
}

/// §3.4.1.3 done wrong: a source left out, `oauth_version` signed but not
/// sent or the other way round, form encoding's `+` for a space.
fn parameter_mistakes(exact: &Parts) -> Vec<(String, Parts)> {
    let mut out = Vec::new();
    for (source, what) in [
        (Source::Body, "the form body parameters"),
        (Source::Query, "the URL query parameters"),
    ] {
        if exact.params.iter().any(|p| p.source == source) {
            out.push((
                format!("{what} left out"),
                exact.with(|p| p.params.retain(|q| q.source != source)),
            ));
        }
    }
    if exact.params.iter().any(|p| p.name == b"oauth_version") {
        out.push((
            "oauth_version sent but not signed".to_owned(),
            exact.with(|p| p.params.retain(|q| q.name != b"oauth_version")),
        ));
    } else {
        out.push((
            "oauth_version=1.0 signed but not sent".to_owned(),
            exact.with(|p| {
                p.params.push(Pair {
                    name: b"oauth_version".to_vec(),
                    value: b"1.0".to_vec(),
                    source: Source::Code,
                });
            }),
        ));
    }
    if exact
        .params
        .iter()
        .any(|p| p.name.contains(&b' ') || p.value.contains(&b' '))
    {
        out.push((
            "spaces encoded as + instead of %20".to_owned(),
            exact.with(|p| p.plus_for_space = true),
        ));
    }
    out
}

/// PHP's `strnatcmp` order, which Magento's Laminas OAuth sorts encoded
/// names by: runs of ASCII digits compare as numbers (`a9` before `a10`),
/// everything else byte by byte.
fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i].is_ascii_digit() && b[j].is_ascii_digit() {
            let (x, next_i) = digit_run(a, i);
            let (y, next_j) = digit_run(b, j);
            let order = x.len().cmp(&y.len()).then_with(|| x.cmp(y));
            if order != Ordering::Equal {
                return order;
            }
            (i, j) = (next_i, next_j);
        } else if a[i] != b[j] {
            return a[i].cmp(&b[j]);
        } else {
            (i, j) = (i + 1, j + 1);
        }
    }
    (a.len() - i).cmp(&(b.len() - j))
}

/// The digits from `start` without leading zeros, and where the run ends.
fn digit_run(text: &[u8], start: usize) -> (&[u8], usize) {
    let end = text[start..]
        .iter()
        .position(|c| !c.is_ascii_digit())
        .map_or(text.len(), |n| start + n);
    let run = &text[start..end];
    let zeros = run.iter().take_while(|&&c| c == b'0').count();
    (&run[zeros.min(run.len().saturating_sub(1))..], end)
}

/// §3.4.1.3.2 done another way: natural order instead of byte order, when
/// the two orders differ for this request.
fn order_mistakes(exact: &Parts) -> Vec<(String, Parts)> {
    let natural = exact.with(|p| p.natural_order = true);
    if natural.base_string() == exact.base_string() {
        return Vec::new();
    }
    vec![(
        "the parameters sorted in natural order (PHP strnatcmp, as Magento's Laminas OAuth) \
         instead of byte order"
            .to_owned(),
        natural,
    )]
}

/// §3.4.1.1 done wrong: the method not uppercased, or another method.
fn method_mistakes(exact: &Parts) -> Vec<(String, Parts)> {
    let lower = exact.method.to_ascii_lowercase();
    let mut out = vec![(
        format!("the method in lowercase ({lower})"),
        exact.with(|p| p.method = lower.clone()),
    )];
    for method in ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"] {
        if method != exact.method {
            out.push((
                format!("method {method} instead of {}", exact.method),
                exact.with(|p| p.method = method.to_owned()),
            ));
        }
    }
    out
}

/// The usual key mistakes (§3.4.2), described; the right key first.
fn keys(method: SignatureMethod, secrets: &Secrets<'_>) -> Vec<(&'static str, SigningKey)> {
    let token = secrets.token.unwrap_or("");
    let mut variants = vec![("", secrets.consumer, token)];
    if secrets.token.is_some() {
        variants.push(("the token secret left out of the key", secrets.consumer, ""));
        variants.push((
            "consumer and token secrets swapped",
            token,
            secrets.consumer,
        ));
    }
    variants
        .into_iter()
        // A PLAINTEXT key too long for the heap-free key cannot be the one.
        .filter_map(|(what, c, t)| SigningKey::new(method, c, t).ok().map(|k| (what, k)))
        .collect()
}

/// The ways to try, described; the right one (no mistake) first. A public
/// key has only that one: the secret-side mistakes do not exist for RSA.
fn trials<'a>(method: SignatureMethod, held: &Held<'a>) -> Vec<(&'static str, Trial<'a>)> {
    match held {
        Held::Secrets(secrets) => keys(method, secrets)
            .into_iter()
            .map(|(what, key)| (what, Trial::Key(Box::new(key))))
            .collect(),
        Held::PublicKey(key) => vec![("", Trial::PublicKey(key))],
    }
}

/// The base string and mistake that reproduce `presented`, if a usual one does.
pub fn implied(
    request: &Received<'_>,
    method: SignatureMethod,
    held: &Held<'_>,
    presented: &[u8],
) -> Option<Implied> {
    let trials = trials(method, held);
    for (base_mistake, parts) in candidates(request) {
        let base_string = parts.base_string();
        for (key_mistake, trial) in &trials {
            if base_mistake.is_empty() && key_mistake.is_empty() {
                continue; // the check that already failed
            }
            if trial.reproduces(method, base_string.as_bytes(), presented) {
                let mistake = [base_mistake.as_str(), key_mistake]
                    .into_iter()
                    .filter(|m| !m.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ");
                return Some(Implied {
                    mistake,
                    base_string,
                });
            }
        }
    }
    None
}

/// Whether `presented` is the signature of `base_string` under the right
/// key (or, for RSA, the private key of the public key held).
pub fn signs(
    base_string: &str,
    method: SignatureMethod,
    held: &Held<'_>,
    presented: &[u8],
) -> bool {
    trials(method, held)
        .into_iter()
        .find(|(mistake, _)| mistake.is_empty())
        .is_some_and(|(_, right)| right.reproduces(method, base_string.as_bytes(), presented))
}

#[cfg(test)]
mod tests {
    use super::*;
    use oauthsig::oauthsig_core::Param;
    use oauthsig::oauthsig_core::verify::{Incoming, receive_in};

    const URL: &str = "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b";
    const HEADER: &str = concat!(
        r#"OAuth oauth_consumer_key="9djdj82h48djs9d2", oauth_token="kkk9d7dh3k39sjv7", "#,
        r#"oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131201", oauth_nonce="7d8f3e4a""#
    );

    fn received<'a>(method: &'a str, url: &'a str, body: &'a [u8]) -> Received<'a> {
        let incoming = Incoming::new(method, url)
            .authorization(HEADER)
            .content_type("application/x-www-form-urlencoded")
            .body(body);
        receive_in(vec![Param::EMPTY; 32], &incoming).unwrap()
    }

    fn rfc_request() -> Received<'static> {
        received("POST", URL, b"c2&a3=2+q")
    }

    const SECRETS: Secrets<'static> = Secrets {
        consumer: "j49sk3j29djd",
        token: Some("dh893hdasih9"),
    };

    #[test]
    fn the_exact_candidate_is_the_engine_base_string() {
        for mut request in [
            rfc_request(),
            received("get", "https://h.example:8443/a%20b/?x=%C3%A9&y=a+b", b""),
            // Octets: a Latin-1 value is signed as the byte it decodes to.
            received("POST", "http://h.example/?city=Mal%E9", b"name=Jos%E9"),
        ] {
            let (mistake, exact) = &candidates(&request)[0];
            assert!(mistake.is_empty());
            assert_eq!(exact.base_string(), request.base_string().to_string());
        }
    }

    /// Signs the RFC request's base string as a client with `mistake` would.
    fn signed_with(mistake: impl FnOnce(&mut Parts), key: (&str, &str)) -> Vec<u8> {
        let mut parts = Parts::of(&rfc_request());
        mistake(&mut parts);
        let key = SigningKey::new(SignatureMethod::HmacSha1, key.0, key.1).unwrap();
        key.sign_text(parts.base_string().as_bytes())
            .unwrap()
            .as_bytes()
            .to_vec()
    }

    fn implied_by(presented: &[u8]) -> Option<Implied> {
        implied(
            &rfc_request(),
            SignatureMethod::HmacSha1,
            &Held::Secrets(SECRETS),
            presented,
        )
    }

    #[test]
    fn finds_a_scheme_mistake() {
        let presented = signed_with(
            |p| p.uri = p.uri.replace("http:", "https:"),
            ("j49sk3j29djd", "dh893hdasih9"),
        );
        let found = implied_by(&presented).unwrap();
        assert_eq!(
            found.mistake,
            "https instead of http in the base string URI"
        );
        assert!(
            found
                .base_string
                .starts_with("POST&https%3A%2F%2Fexample.com")
        );
    }

    #[test]
    fn finds_a_key_mistake() {
        let presented = signed_with(|_| {}, ("j49sk3j29djd", ""));
        let found = implied_by(&presented).unwrap();
        assert_eq!(found.mistake, "the token secret left out of the key");
        assert_eq!(found.base_string, rfc_request().base_string().to_string());
    }

    #[test]
    fn finds_left_out_body_and_plus_encoding() {
        let secrets = ("j49sk3j29djd", "dh893hdasih9");
        let presented = signed_with(|p| p.params.retain(|q| q.source != Source::Body), secrets);
        let found = implied_by(&presented).unwrap();
        assert_eq!(found.mistake, "the form body parameters left out");
        let presented = signed_with(|p| p.plus_for_space = true, secrets);
        let found = implied_by(&presented).unwrap();
        assert_eq!(found.mistake, "spaces encoded as + instead of %20");
    }

    #[test]
    fn nothing_is_implied_by_a_right_or_unrelated_signature() {
        // RFC 5849 §3.4.1.1's request, signed right.
        let right = b"r6/TJjbCOr97/+UU0NsvSne7s5g=";
        assert_eq!(implied_by(right), None);
        assert_eq!(implied_by(b"bogus="), None);
        let base = rfc_request().base_string().to_string();
        let held = Held::Secrets(SECRETS);
        assert!(signs(&base, SignatureMethod::HmacSha1, &held, right));
    }

    #[test]
    fn natural_order_counts_digit_runs_as_numbers() {
        use Ordering::{Equal, Greater, Less};
        assert_eq!(natural_cmp("a9", "a10"), Less);
        assert_eq!(natural_cmp("a10", "a9"), Greater);
        assert_eq!(natural_cmp("a09", "a9"), Equal);
        assert_eq!(natural_cmp("a0", "a00"), Equal);
        assert_eq!(natural_cmp("a", "ab"), Less);
        assert_eq!(natural_cmp("b1", "a2"), Greater);
        assert_eq!(natural_cmp("x%5B2%5D", "x%5B10%5D"), Less);
    }

    #[test]
    fn an_echoed_base_string_is_explained_by_the_same_search() {
        let request = received("GET", "http://h.example/p?item10=a&item9=b", b"");
        let mut request2 = received("GET", "http://h.example/p?item10=a&item9=b", b"");
        let ours = request2.base_string().to_string();
        assert_eq!(explaining(&request, &ours), None);
        let https = ours.replacen("http%3A", "https%3A", 1);
        assert_eq!(
            explaining(&request, &https).as_deref(),
            Some("https instead of http in the base string URI")
        );
        let natural = ours.replace("item10%3Da%26item9%3Db", "item9%3Db%26item10%3Da");
        assert_ne!(natural, ours);
        let found = explaining(&request, &natural).unwrap();
        assert!(
            found.starts_with("the parameters sorted in natural order"),
            "{found}"
        );
        assert_eq!(explaining(&request, "GET&other"), None);
        // No natural-order candidate where the orders agree.
        let plain = received("GET", "http://h.example/p?a=1&b=2", b"");
        assert!(
            candidates(&plain)
                .iter()
                .all(|(m, _)| !m.contains("natural"))
        );
    }

    #[test]
    fn trailing_slash_is_toggled_but_never_on_the_root() {
        let root = received("GET", "http://h.example/", b"");
        assert!(
            candidates(&root)
                .iter()
                .all(|(m, _)| !m.contains("trailing slash"))
        );
        let dir = received("GET", "http://h.example/a/", b"");
        assert!(candidates(&dir).iter().any(
            |(m, p)| m.contains("without its trailing slash") && p.uri == "http://h.example/a"
        ));
    }
}
