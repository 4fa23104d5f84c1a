//! The token-credentials response parser: bytes → `oauthsig::Token`.
//!
//! `Token: FromStr` reads what a server's temporary-credential and token
//! endpoints answer (RFC 5849 §2.1, §2.3): `application/x-www-form-urlencoded`
//! pairs. Checks, against `reference::form_pairs`:
//!
//! * it never panics;
//! * it accepts exactly when the reference decodes the text, `oauth_token`
//!   and `oauth_token_secret` each appear once with a non-empty value,
//!   `oauth_callback_confirmed` at most once, and every kept name and value
//!   is UTF-8;
//! * an accepted token's key, secret, `callback_confirmed` (the value is
//!   `true`) and extra fields (every other pair, in order) are the
//!   reference's;
//! * `to_string()` parses back to the same token.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oauthsig::Token;
use oauthsig_fuzz::reference::{self, Pair};

const TOKEN: &[u8] = b"oauth_token";
const SECRET: &[u8] = b"oauth_token_secret";
const CONFIRMED: &[u8] = b"oauth_callback_confirmed";

/// What a token parsed from the reference's pairs holds.
#[derive(Debug, PartialEq, Eq)]
struct Expected {
    key: String,
    secret: String,
    confirmed: bool,
    extra: Vec<(String, String)>,
}

/// The reference answer: `None` when the text must be refused.
fn expected(pairs: &[Pair]) -> Option<Expected> {
    let named = |n: &[u8]| -> Vec<&Vec<u8>> {
        pairs
            .iter()
            .filter(|(name, _)| name == n)
            .map(|(_, v)| v)
            .collect()
    };
    let (keys, secrets, confirmed) = (named(TOKEN), named(SECRET), named(CONFIRMED));
    // Present once and non-empty (§2.1: both are required; a repeated one
    // is ambiguous, and the library refuses it rather than picking one).
    if keys.len() != 1 || secrets.len() != 1 || confirmed.len() > 1 {
        return None;
    }
    if keys[0].is_empty() || secrets[0].is_empty() {
        return None;
    }
    let utf8 = |b: &[u8]| String::from_utf8(b.to_vec()).ok();
    let mut extra = Vec::new();
    for (n, v) in pairs {
        if n != TOKEN && n != SECRET && n != CONFIRMED {
            extra.push((utf8(n)?, utf8(v)?));
        }
    }
    Some(Expected {
        key: utf8(keys[0])?,
        secret: utf8(secrets[0])?,
        // Only the exact decoded value `true` confirms; the value need not
        // be UTF-8 (it is compared, never kept).
        confirmed: confirmed.first().is_some_and(|v| v.as_slice() == b"true"),
        extra,
    })
}

fn actual(t: &Token) -> Expected {
    Expected {
        key: t.key().to_owned(),
        secret: t.secret().to_owned(),
        confirmed: t.callback_confirmed(),
        extra: t.extra().to_vec(),
    }
}

fuzz_target!(|data: &[u8]| {
    // `FromStr` takes text; invalid UTF-8 cannot reach it from a `&str` API.
    let text = String::from_utf8_lossy(data);
    let parsed = text.parse::<Token>();
    let want = reference::form_pairs(&text).and_then(|pairs| expected(&pairs));
    match (&parsed, &want) {
        (Ok(t), Some(w)) => assert_eq!(&actual(t), w, "{text:?}"),
        (Err(_), None) => {}
        (Ok(t), None) => panic!(
            "accepted {text:?} as {:?}; the reference refuses it",
            actual(t)
        ),
        (Err(e), Some(w)) => panic!("refused {text:?} ({e}); the reference reads {w:?}"),
    }
    let Ok(token) = parsed else {
        return;
    };
    // The response a server writes for this token must read back the same.
    let written = token.to_string();
    let again = written
        .parse::<Token>()
        .unwrap_or_else(|e| panic!("{written:?} (written for {text:?}) does not parse: {e}"));
    assert_eq!(actual(&again), actual(&token), "{text:?} → {written:?}");
    assert_eq!(
        again.to_string(),
        written,
        "writing is not stable for {text:?}"
    );
});
