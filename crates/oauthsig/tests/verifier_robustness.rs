//! Arbitrary damage to a signed request never panics the verifier, never
//! reaches a server-fault status (500/503) from client input alone, and
//! verifies only when the damage leaves the signed content (the signature
//! base string) exactly as it was: a changed realm, header whitespace, an
//! empty query segment, a content type that still says form.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod verifier_common;

use oauthsig::nonce_store::{NonceKey, NonceStatus, NonceStore, NonceStoreError};
use oauthsig::verifier::{IncomingRequest, Verifier};
use oauthsig_core::SignatureMethod;
use verifier_common::{Draft, Loc, NOW, assert_same_outcome, lookup};

/// Remembers nothing, so every equivalent request can verify and be compared.
struct Forgetful;

impl NonceStore for Forgetful {
    fn check(&self, _: &NonceKey<'_>, _: u64) -> Result<NonceStatus, NonceStoreError> {
        Ok(NonceStatus::Fresh)
    }
    fn record(&self, _: &NonceKey<'_>, _: u64) -> Result<NonceStatus, NonceStoreError> {
        Ok(NonceStatus::Fresh)
    }
}

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes that matter to the parsers.
const INTERESTING: &[u8] = b"%\"\\,=&?#+; \t\r\n0aZ~\xff\x00";

fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let at = rng.below(bytes.len() + 1);
    match rng.below(4) {
        0 if !bytes.is_empty() => {
            bytes.remove(at.min(bytes.len() - 1));
        }
        1 => bytes.insert(at, INTERESTING[rng.below(INTERESTING.len())]),
        2 if !bytes.is_empty() => {
            let i = at.min(bytes.len() - 1);
            bytes[i] = INTERESTING[rng.below(INTERESTING.len())];
        }
        _ => bytes.truncate(at),
    }
}

#[test]
fn damaged_requests_are_refused_cleanly() {
    let mut d = Draft::hmac_sha1();
    d.method = "POST".into();
    d.add(Loc::Body, "title", "Sunset & sea");
    let wire = d.wire();
    let signed = d.base_string();
    let v = Verifier::builder()
        .allow(SignatureMethod::HmacSha1)
        .clock(|| NOW)
        .nonce_store(Forgetful)
        .build()
        .unwrap();
    v.verify(&wire.request(), &lookup).unwrap();
    let mut rng = Rng(0x0123_4567_89ab_cdef);
    let (mut accepted, mut refused) = (0, 0);
    for round in 0..20_000 {
        let mut method = wire.method.clone().into_bytes();
        let mut url = wire.url.clone().into_bytes();
        let mut header = wire.authorization.clone().unwrap().into_bytes();
        let mut body = wire.body.clone();
        let mut content_type = wire.content_type.clone().unwrap().into_bytes();
        let target = rng.below(5);
        for _ in 0..=rng.below(3) {
            let part = match target {
                0 => &mut method,
                1 => &mut url,
                2 => &mut header,
                3 => &mut body,
                _ => &mut content_type,
            };
            mutate(&mut rng, part);
        }
        // Headers and URLs are text by the time a server sees them.
        let (method, url, header, content_type) = (
            String::from_utf8_lossy(&method).into_owned(),
            String::from_utf8_lossy(&url).into_owned(),
            String::from_utf8_lossy(&header).into_owned(),
            String::from_utf8_lossy(&content_type).into_owned(),
        );
        let req = IncomingRequest::new(&method, &url)
            .authorization(&header)
            .content_type(&content_type)
            .body(&body);
        let owned = v.verify(&req, &lookup);
        assert_same_outcome(&owned, &v.verify_borrowed(&req, &lookup), &round);
        match owned {
            Ok(_) => {
                accepted += 1;
                let base = v.base_string_for_logs(&req).unwrap();
                assert_eq!(
                    base,
                    signed,
                    "round {round}: damaged {} verified with other signed content",
                    ["method", "url", "header", "body", "content type"][target]
                );
            }
            Err(e) => {
                refused += 1;
                let status = e.http_status();
                assert!(
                    matches!(status, 400 | 401 | 413),
                    "round {round}: {e} ({status})"
                );
            }
        }
    }
    // Both outcomes happen, so the property above was exercised.
    eprintln!("{accepted} equivalent requests verified, {refused} refused");
    assert!(accepted > 100 && refused > 10_000, "{accepted} / {refused}");
}
