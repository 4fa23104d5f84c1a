//! Whether timing tells which consumers and tokens exist (SECURITY.md;
//! issue 21 point 5): the median cost of verifying a forged request for a
//! known consumer and token, an unknown consumer, and a known consumer with
//! an unknown token, on both lookup paths (secrets, and prepared keys).
//!
//! `cargo bench -p oauthsig --bench lookup_timing`
//!
//! An attacker without the secrets can only send forgeries, so those are
//! what is compared: every request here fails, at the signature check (a
//! known pair) or at the unknown key reported after it, and each only looks
//! its nonce up in the store. The keys and tokens have the same lengths, so
//! parsing costs the same. The unknown rows should cost what the known row
//! of their lookup path costs: the difference is printed, against a 2 %
//! target and against the noise (the spread of the known row's rounds).
//! Each round's verifier has first verified one request of a known pair,
//! as a running server has.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use oauthsig::nonce_store::MemoryNonceStore;
use oauthsig::verifier::{
    CredentialLookup, CredentialQuery, Credentials, IncomingRequest, LookupError, Verifier,
    VerifyError,
};
use oauthsig_bench_support::rfc_example::{BODY, CK, CS, TIMESTAMP, TK, TS, URL};
use oauthsig_bench_support::{Config, Measured, Path as BenchPath};
use oauthsig_core::{Body, HttpRequest, Placement, Protocol, SignatureMethod, SigningKey, sign};
use std::hint::black_box;

#[global_allocator]
static A: oauthsig_bench_support::Counting = oauthsig_bench_support::Counting;

const FORM: &str = "application/x-www-form-urlencoded";
const NOW: u64 = 137_131_201;
/// A consumer key and a token of the known ones' lengths, unknown.
const OTHER_CK: &str = "9djdj82h48djs9d3";
const OTHER_TK: &str = "kkk9d7dh3k39sjv8";

/// Secrets from a "database": the key schedule runs per request.
fn secrets_lookup(q: &CredentialQuery<'_>) -> Result<Credentials<'static>, LookupError> {
    match (q.consumer_key(), q.token()) {
        (CK, Some(TK)) => Ok(Credentials::secrets(CS, TS)),
        (CK, _) => Err(LookupError::UnknownToken),
        _ => Err(LookupError::UnknownConsumer),
    }
}

/// A key prepared once: no key schedule per request.
struct PreparedLookup(SigningKey);

impl CredentialLookup for PreparedLookup {
    fn credentials(&self, q: &CredentialQuery<'_>) -> Result<Credentials<'_>, LookupError> {
        match (q.consumer_key(), q.token()) {
            (CK, Some(TK)) => Ok(Credentials::prepared(&self.0)),
            (CK, _) => Err(LookupError::UnknownToken),
            _ => Err(LookupError::UnknownConsumer),
        }
    }
}

/// A forged `Authorization` header for `ck` and `tk`: signed with secrets
/// the server does not have.
fn forged(ck: &str, tk: &str, nonce: &str) -> String {
    let key = SigningKey::new(SignatureMethod::HmacSha1, "not-the-secret", "nor-this").unwrap();
    let request = HttpRequest::new("POST", URL).body(Body::Form(BODY));
    let protocol = Protocol::new(ck)
        .token(tk)
        .timestamp(TIMESTAMP)
        .nonce(nonce);
    sign::sign(&request, &protocol, &key)
        .unwrap()
        .output(Placement::Header { realm: None })
        .unwrap()
        .to_string()
}

#[derive(Clone, Copy)]
enum Who {
    Known,
    UnknownConsumer,
    UnknownToken,
}

impl Who {
    fn pair(self) -> (&'static str, &'static str) {
        match self {
            Who::Known => (CK, TK),
            Who::UnknownConsumer => (OTHER_CK, TK),
            Who::UnknownToken => (CK, OTHER_TK),
        }
    }

    fn error(self) -> VerifyError {
        match self {
            Who::Known => VerifyError::BadSignature,
            Who::UnknownConsumer => VerifyError::UnknownConsumer,
            Who::UnknownToken => VerifyError::UnknownToken,
        }
    }
}

const ROWS: [(&str, bool, Who); 6] = [
    ("secrets lookup: known consumer + token", true, Who::Known),
    (
        "secrets lookup: unknown consumer",
        true,
        Who::UnknownConsumer,
    ),
    ("secrets lookup: unknown token", true, Who::UnknownToken),
    ("prepared keys: known consumer + token", false, Who::Known),
    (
        "prepared keys: unknown consumer",
        false,
        Who::UnknownConsumer,
    ),
    ("prepared keys: unknown token", false, Who::UnknownToken),
];

fn verifier() -> Verifier {
    Verifier::builder()
        .allow(SignatureMethod::HmacSha1)
        .clock(|| NOW)
        .nonce_store(MemoryNonceStore::new())
        .build()
        .unwrap()
}

fn main() {
    let config = Config::from_env(20_000);
    let prepared = PreparedLookup(SigningKey::new(SignatureMethod::HmacSha1, CS, TS).unwrap());
    let nonces: Vec<String> = (0..config.iters).map(|i| format!("{i:08x}")).collect();
    let headers: Vec<[String; 3]> = nonces
        .iter()
        .map(|n| {
            [Who::Known, Who::UnknownConsumer, Who::UnknownToken].map(|w| {
                let (ck, tk) = w.pair();
                forged(ck, tk, n)
            })
        })
        .collect();
    let request = |who: Who, i: usize| {
        IncomingRequest::new("POST", URL)
            .authorization(&headers[i][who as usize])
            .content_type(FORM)
            .body(BODY.as_bytes())
    };
    let verify = |v: &Verifier, secrets: bool, who: Who, i: usize| {
        let got = if secrets {
            v.verify(&request(who, i), &secrets_lookup)
        } else {
            v.verify(&request(who, i), &prepared)
        };
        assert_eq!(got.as_ref().err(), Some(&who.error()));
        black_box(got).ok();
    };
    // Each path answers as it should before it is timed.
    for (_, secrets, who) in ROWS {
        verify(&verifier(), secrets, who, 0);
    }

    // Each round's verifier has seen its lookup answer once, as a running
    // server has: the dummies follow the lookup's answers (a fresh verifier
    // assumes secrets until then).
    let primed = |secrets: bool| {
        let v = verifier();
        verify(&v, secrets, Who::Known, 0);
        v
    };
    let measured = config.measure(
        ROWS.map(|(name, secrets, who)| {
            BenchPath::per_round(
                name,
                move || primed(secrets),
                move |v: &mut Verifier, i| verify(v, secrets, who, i),
            )
        })
        .into(),
    );
    if measured.len() != ROWS.len() {
        return; // BENCH_ONLY ran one row: nothing to compare.
    }
    report(&measured);
}

/// Each row against the known row of its lookup path.
fn report(measured: &[Measured]) {
    println!(
        "{:<44} {:>9} {:>9} {:>9} {:>7}",
        "forged request for", "ns/call", "min ns", "vs known", "allocs"
    );
    for (k, m) in measured.iter().enumerate() {
        let known = &measured[k - k % 3];
        println!(
            "{:<44} {:>9.0} {:>9.0} {:>+8.2}% {:>7.1}",
            m.name,
            m.ns,
            m.min_ns,
            100.0 * (m.ns / known.ns - 1.0),
            m.allocs
        );
    }
    println!();
    for path in measured.chunks(3) {
        let known = &path[0];
        // The known row's own spread: median against fastest round.
        let noise = 100.0 * (known.ns / known.min_ns - 1.0);
        for m in &path[1..] {
            let diff = 100.0 * (m.ns / known.ns - 1.0);
            let verdict = if diff.abs() <= 2.0 || diff.abs() <= noise {
                "met"
            } else {
                "NOT met"
            };
            println!(
                "{}: {diff:+.2}% against the known pair (target within 2 % or the noise, \
                 {noise:.2}%: {verdict})",
                m.name
            );
        }
    }
}
