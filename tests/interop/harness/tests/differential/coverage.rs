//! What the generated cases cover, measured on the requests themselves.
//!
//! The brief for this test lists the request features it must exercise; each
//! is a predicate here, and the test fails when a feature is too rare among
//! the cases compared exactly, so a later edit of the generator cannot
//! quietly drop one.

use crate::generate::{Case, Location};
use oauthsig_interop::reference;

/// Each feature must appear in at least this many exactly-compared cases.
pub const MIN_CASES: usize = 10;

/// The query and signed body as sent.
fn wire_texts(case: &Case) -> Vec<&str> {
    let query = reference::split_url(&case.url)
        .ok()
        .and_then(|u| u.query)
        .unwrap_or("");
    let mut texts = vec![query];
    texts.extend(case.signed_body());
    texts
}

fn pieces(case: &Case) -> Vec<&str> {
    wire_texts(case)
        .into_iter()
        .flat_map(|t| t.split('&'))
        .filter(|p| !p.is_empty())
        .collect()
}

fn decoded(case: &Case) -> Vec<reference::Pair> {
    wire_texts(case)
        .into_iter()
        .flat_map(reference::form_pairs)
        .collect()
}

fn escapes(case: &Case, hex: fn(u8) -> bool) -> bool {
    wire_texts(case).iter().any(|t| {
        t.as_bytes().windows(3).any(|w| {
            w[0] == b'%'
                && w[1].is_ascii_hexdigit()
                && w[2].is_ascii_hexdigit()
                && (hex(w[1]) || hex(w[2]))
        })
    })
}

fn url_parts(case: &Case) -> Option<reference::UrlParts<'_>> {
    reference::split_url(&case.url).ok()
}

fn port(case: &Case) -> Option<u16> {
    url_parts(case)?.port?.parse().ok()
}

fn default_port(case: &Case) -> Option<u16> {
    let scheme = url_parts(case)?.scheme.to_ascii_lowercase();
    match scheme.as_str() {
        "http" => Some(80),
        "https" => Some(443),
        _ => None,
    }
}

fn has_auth(case: &Case, name: &str) -> bool {
    case.auth.iter().any(|(n, _)| *n == name)
        || decoded(case).iter().any(|(n, _)| n == name.as_bytes())
}

const RESERVED: &[u8] = b" !*'();:@&=+$,/?#[]%";

type Feature = (&'static str, fn(&Case) -> bool);

pub const FEATURES: &[Feature] = &[
    ("lowercase method", |c| {
        c.method.bytes().any(|b| b.is_ascii_lowercase())
    }),
    ("uppercase scheme", |c| {
        url_parts(c).is_some_and(|u| u.scheme.bytes().any(|b| b.is_ascii_uppercase()))
    }),
    ("uppercase host", |c| {
        url_parts(c).is_some_and(|u| u.host.bytes().any(|b| b.is_ascii_uppercase()))
    }),
    ("IPv6 host", |c| {
        url_parts(c).is_some_and(|u| u.host.starts_with('['))
    }),
    ("default port written", |c| {
        port(c).is_some() && port(c) == default_port(c)
    }),
    ("non-default port", |c| {
        port(c).is_some() && port(c) != default_port(c)
    }),
    ("empty port", |c| {
        url_parts(c).is_some_and(|u| u.port == Some(""))
    }),
    ("userinfo", |c| {
        c.url
            .split_once("://")
            .is_some_and(|(_, r)| r.split('/').next().is_some_and(|a| a.contains('@')))
    }),
    ("escaped path", |c| {
        url_parts(c).is_some_and(|u| u.path.contains('%'))
    }),
    ("raw space in path", |c| {
        url_parts(c).is_some_and(|u| u.path.contains(' '))
    }),
    ("empty path", |c| {
        url_parts(c).is_some_and(|u| u.path.is_empty())
    }),
    ("duplicate names", |c| {
        let names: Vec<_> = decoded(c).into_iter().map(|(n, _)| n).collect();
        names
            .iter()
            .enumerate()
            .any(|(i, n)| names[..i].contains(n))
    }),
    ("empty value (`a=`)", |c| {
        pieces(c).iter().any(|p| p.ends_with('='))
    }),
    ("name without `=`", |c| {
        pieces(c).iter().any(|p| !p.contains('='))
    }),
    ("`+` on the wire", |c| {
        wire_texts(c).iter().any(|t| t.contains('+'))
    }),
    ("lowercase hex escape", |c| {
        escapes(c, |h| h.is_ascii_lowercase())
    }),
    ("uppercase hex escape", |c| {
        escapes(c, |h| h.is_ascii_uppercase())
    }),
    ("reserved characters", |c| {
        decoded(c)
            .iter()
            .any(|(n, v)| n.iter().chain(v).any(|b| RESERVED.contains(b)))
    }),
    ("non-ASCII in query/body", |c| {
        decoded(c)
            .iter()
            .any(|(n, v)| n.iter().chain(v).any(|b| !b.is_ascii()))
    }),
    ("non-ASCII set in code", |c| {
        c.extras.iter().any(|(n, v)| !n.is_ascii() || !v.is_ascii())
            || (c.location == Location::Code && c.auth.iter().any(|(_, v)| !v.is_ascii()))
    }),
    ("query `realm` (signed)", |c| {
        decoded(c).iter().any(|(n, _)| n == b"realm")
    }),
    ("form body", |c| c.signed_body().is_some()),
    ("non-form body", |c| {
        c.body.is_some() && c.signed_body().is_none()
    }),
    ("realm", |c| c.realm.is_some()),
    ("no realm", |c| c.realm.is_none()),
    ("token", |c| c.token_secret.is_some()),
    ("no token", |c| c.token_secret.is_none()),
    ("oauth_callback", |c| has_auth(c, "oauth_callback")),
    ("oauth_verifier", |c| has_auth(c, "oauth_verifier")),
    ("oauth_body_hash", |c| has_auth(c, "oauth_body_hash")),
    ("oauth_signature sent along", |c| {
        has_auth(c, "oauth_signature")
    }),
    ("HMAC-SHA1", |c| c.signature_method == "HMAC-SHA1"),
    ("HMAC-SHA256", |c| c.signature_method == "HMAC-SHA256"),
    ("HMAC-SHA512", |c| c.signature_method == "HMAC-SHA512"),
    ("PLAINTEXT", |c| c.signature_method == "PLAINTEXT"),
    ("RSA-SHA1", |c| c.signature_method == "RSA-SHA1"),
    ("RSA-SHA256", |c| c.signature_method == "RSA-SHA256"),
    ("RSA-SHA512", |c| c.signature_method == "RSA-SHA512"),
    ("secret with reserved characters", |c| {
        !c.is_rsa()
            && [Some(&c.consumer_secret), c.token_secret.as_ref()]
                .into_iter()
                .flatten()
                .any(|s| s.bytes().any(|b| RESERVED.contains(&b)))
    }),
    ("non-ASCII secret", |c| {
        !c.is_rsa() && !c.consumer_secret.is_ascii()
            || c.token_secret.as_ref().is_some_and(|s| !s.is_ascii())
    }),
    ("protocol in header", |c| c.location == Location::Header),
    ("protocol set in code", |c| c.location == Location::Code),
    ("protocol in query", |c| c.location == Location::Query),
    ("protocol in body", |c| c.location == Location::Body),
];
