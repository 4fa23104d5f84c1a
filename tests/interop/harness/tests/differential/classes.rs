//! The explicit list of places where oauthlib 4.0.1 is wrong.
//!
//! A case is in a class when the *request* has the shape that triggers the
//! deviation; membership is decided here from the request alone, never from
//! what either implementation computed. For a case in one or more classes the
//! test asserts that oauthlib differs from oauthsig, that oauthsig matches the
//! RFC model, and that oauthlib matches the RFC model with exactly those
//! classes' [`Quirks`] switched on, so nothing else can hide behind a class.
//! Every other case must match oauthlib byte for byte.

use crate::generate::Case;
use oauthsig_interop::reference::{self, Quirks};

/// One documented oauthlib deviation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Divergence {
    DoubleDecodedOauthValues,
    RawNonAsciiPath,
    CompressedIpv6,
    ReplacedInvalidUtf8,
    EmptyPathParams,
}

/// What the test knows about a class.
pub struct Exception {
    pub class: Divergence,
    pub name: &'static str,
    /// The RFC 5849 section oauthlib breaks.
    pub rfc: &'static str,
    pub what: &'static str,
    /// The quirk that makes the reference model compute what oauthlib does.
    pub quirk: Quirks,
}

pub const EXCEPTIONS: [Exception; 5] = [
    Exception {
        class: Divergence::DoubleDecodedOauthValues,
        name: "double-decoded-oauth-values",
        rfc: "RFC 5849 §3.4.1.3.1",
        what: "oauth_* values from the query or form body are percent-decoded twice \
               (collect_parameters: urldecode, then utils.unescape): ?oauth_x=%2541 signs as A",
        quirk: Quirks {
            double_decode_oauth: true,
            ..Quirks::NONE
        },
    },
    Exception {
        class: Divergence::RawNonAsciiPath,
        name: "raw-non-ascii-path",
        rfc: "RFC 5849 §3.4.1.2",
        what: "non-ASCII characters of the path are not percent-encoded into the base string \
               URI, so the base string encodes them once (/café -> %C3%A9, not %25C3%25A9)",
        quirk: Quirks {
            raw_non_ascii_path: true,
            ..Quirks::NONE
        },
    },
    Exception {
        class: Divergence::CompressedIpv6,
        name: "compressed-ipv6-host",
        rfc: "RFC 5849 §3.4.1.2",
        what: "IPv6 hosts are rewritten by ipaddress.ip_address() to RFC 5952 form \
               ([0:0:0:0:0:0:0:1] -> [::1]); the RFC only lowercases the host",
        quirk: Quirks {
            compress_ipv6: true,
            ..Quirks::NONE
        },
    },
    Exception {
        class: Divergence::ReplacedInvalidUtf8,
        name: "replaced-invalid-utf8",
        rfc: "RFC 5849 §3.4.1.3.1, §3.6",
        what: "query/body octets that are not UTF-8 after decoding (a=%FF) are replaced by \
               U+FFFD (%EF%BF%BD) instead of being signed as sent",
        quirk: Quirks {
            replace_invalid_utf8: true,
            ..Quirks::NONE
        },
    },
    Exception {
        class: Divergence::EmptyPathParams,
        name: "dropped-empty-path-params",
        rfc: "RFC 5849 §3.4.1.2",
        what: "a `;` ending the last path segment is dropped (urlparse reads it as empty \
               RFC 2396 parameters, urlunparse omits them): /a; signs as /a",
        quirk: Quirks {
            drop_empty_path_params: true,
            ..Quirks::NONE
        },
    },
];

/// The list entry of `class`. The match is exhaustive, so a new class does
/// not compile until it has an entry; `entries_are_in_order` checks the index.
pub fn exception(class: Divergence) -> &'static Exception {
    use Divergence::*;
    &EXCEPTIONS[match class {
        DoubleDecodedOauthValues => 0,
        RawNonAsciiPath => 1,
        CompressedIpv6 => 2,
        ReplacedInvalidUtf8 => 3,
        EmptyPathParams => 4,
    }]
}

/// The query and, when signed, body pairs, decoded once.
fn wire_pairs(case: &Case) -> Vec<reference::Pair> {
    let query = reference::split_url(&case.url)
        .ok()
        .and_then(|u| u.query)
        .unwrap_or("");
    let mut pairs = reference::form_pairs(query);
    if let Some(body) = case.signed_body() {
        pairs.extend(reference::form_pairs(body));
    }
    pairs
}

/// The classes whose trigger the request contains, in list order.
pub fn classify(case: &Case) -> Vec<Divergence> {
    let pairs = wire_pairs(case);
    // oauthlib's first decoding already replaced invalid UTF-8 when it looks
    // at names and values a second time.
    let lossy = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let url = reference::split_url(&case.url).ok();
    let path = url.map_or("", |u| u.path);
    let mut classes = Vec::new();
    if pairs.iter().any(|(n, v)| {
        let name = lossy(n);
        // oauth_signature is dropped by both, however it decodes.
        name.starts_with("oauth_")
            && name != "oauth_signature"
            && reference::has_escape(lossy(v).as_bytes())
    }) {
        classes.push(Divergence::DoubleDecodedOauthValues);
    }
    if !path.is_ascii() {
        classes.push(Divergence::RawNonAsciiPath);
    }
    let ipv6 = url.and_then(|u| u.host.strip_prefix('[')?.strip_suffix(']'));
    if ipv6.is_some_and(|inner| {
        reference::compress_ipv6(inner).is_some_and(|c| c != inner.to_ascii_lowercase())
    }) {
        classes.push(Divergence::CompressedIpv6);
    }
    if pairs
        .iter()
        .any(|(n, v)| std::str::from_utf8(n).is_err() || std::str::from_utf8(v).is_err())
    {
        classes.push(Divergence::ReplacedInvalidUtf8);
    }
    if reference::ends_with_empty_path_params(path) {
        classes.push(Divergence::EmptyPathParams);
    }
    classes
}

/// The quirks of `classes`, together.
pub fn quirks_of(classes: &[Divergence]) -> Quirks {
    classes
        .iter()
        .fold(Quirks::NONE, |q, &c| q.union(exception(c).quirk))
}

#[test]
fn entries_are_in_order() {
    for entry in &EXCEPTIONS {
        assert_eq!(exception(entry.class).name, entry.name);
    }
}
