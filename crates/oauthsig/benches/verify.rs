//! Verification cost against signing cost, as ratios measured in one run
//! (absolute numbers on shared machines are noise; ratios are not).
//!
//! `cargo bench -p oauthsig --bench verify`
//!
//! The request is RFC 5849 §3.4.1.1's (query + form body + header, with a
//! token). Paths:
//! - floor:  HMAC-SHA1 + base64 over the prebuilt base string with the
//!   prebuilt key text — the least any signer or verifier can do;
//! - sign:   oauthsig-core signing the request from its raw parts with a
//!   prepared key (what a client pays per request);
//! - verify: `Verifier::verify` on the wire request — header parsing, every
//!   check, a prepared key from the lookup, the in-memory nonce store
//!   (one atomic record per accepted request; it grows through the round as
//!   a server's would), and the owned result;
//! - verify, no-op store: the same without the store, to show its share;
//! - verify, secrets lookup: the lookup returns secrets, so the HMAC key
//!   schedule runs per request;
//! - verify_borrowed: `Verifier::verify_borrowed`, the same checks with a
//!   result that borrows from the request instead of an owned copy (last
//!   row, so the `BENCH_ONLY` numbers of the others stay as they were).
//!
//! Every verified request carries a distinct nonce (signed beforehand), and
//! each round starts with a fresh verifier and store. Target: verify ≤ 2×
//! sign. Heap allocations per call are counted too.
//!
//! Then the phases, rebuilt from oauthsig-core's public API so that the
//! verifier's cost can be split without instrumenting it (each row is a
//! prefix of the one after it; the differences are printed below the table):
//! - phase collect: URI, method check, query + form body + header parsed
//!   into parameters (the verifier's step 0 before classification);
//! - phase collect + signature: then sorted, base string, MAC, compared;
//! - phase store: the in-memory store's record, alone (what an accepted
//!   request asks of it).
//!
//! What the no-op-store verify costs beyond "collect + signature" is
//! classification, the checks, the lookup and building the owned result.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use oauthsig::nonce_store::{MemoryNonceStore, NonceKey, NonceStatus, NonceStore, NonceStoreError};
use oauthsig::verifier::{
    CredentialLookup, CredentialQuery, Credentials, IncomingRequest, LookupError, Verifier,
};
use oauthsig_bench_support::rfc_example::{
    BODY, CK, CS, EXPECTED, NONCE, TIMESTAMP, TK, TS, URL, floor, opaque,
};
use oauthsig_bench_support::{Config, Path as BenchPath};
use oauthsig_core::{
    BaseString, BaseStringUri, Body, HttpRequest, Placement, Protocol, SignatureMethod, SigningKey,
    Source, sign,
};
use std::hint::black_box;

#[global_allocator]
static A: oauthsig_bench_support::Counting = oauthsig_bench_support::Counting;

const FORM: &str = "application/x-www-form-urlencoded";
const NOW: u64 = 137_131_201;

/// The request as the client signs it, with `nonce`.
fn client(nonce: &str) -> (HttpRequest<'static>, Protocol<'_>) {
    let request = HttpRequest::new("POST", opaque(&URL)).body(Body::Form(opaque(&BODY)));
    let protocol = Protocol::new(CK)
        .token(TK)
        .timestamp(TIMESTAMP)
        .nonce(nonce);
    (request, protocol)
}

/// Client-side signing of the request through the one-call engine, prepared
/// key, signature only (the sign bench's path).
fn sign(key: &SigningKey, nonce: &str, out: &mut [u8; 28]) {
    let (request, protocol) = client(nonce);
    let sig = sign::prepare(&request, &protocol)
        .unwrap()
        .signature(key)
        .unwrap();
    out.copy_from_slice(sig.as_bytes());
}

/// The `Authorization` header a client sends with `nonce`.
fn header(key: &SigningKey, nonce: &str) -> String {
    let (request, protocol) = client(nonce);
    sign::sign(&request, &protocol, key)
        .unwrap()
        .output(Placement::Header {
            realm: Some("Example"),
        })
        .unwrap()
        .to_string()
}

/// The verifier's step 0 as core's API spells it: the URI, the method
/// check, then the query, the form body and the header's parameters
/// (`realm` and the signature apart).
fn phase_collect<'a>(
    header: &'a str,
    params: &mut oauthsig_core::Params<'a, &mut [oauthsig_core::Param<'a>]>,
) -> (BaseStringUri<'a>, Option<oauthsig_core::Text<'a>>) {
    let uri = BaseStringUri::parse_with_host(opaque(&URL), None).unwrap();
    BaseString::new("POST", &uri, &[]).unwrap();
    params
        .extend_form(oauthsig_core::params::query_of(opaque(&URL)), Source::Query)
        .unwrap();
    params.extend_form(opaque(&BODY), Source::Body).unwrap();
    let mut sig = None;
    for item in oauthsig_core::header::parse_authorization(header).unwrap() {
        let hp = item.unwrap();
        if hp.name.eq_decoded(b"oauth_signature") {
            sig = Some(hp.value);
        }
        params
            .push(oauthsig_core::Param {
                name: hp.name,
                value: hp.value,
                source: Source::Header,
            })
            .unwrap();
    }
    (uri, sig)
}

/// [`phase_collect`], then the signature checked as the verifier does.
fn phase_signature(key: &SigningKey, header: &str) -> bool {
    let mut slots = [oauthsig_core::Param::EMPTY; 24];
    let mut params = oauthsig_core::Params::new(&mut slots[..]);
    let (uri, sig) = phase_collect(header, &mut params);
    params.sort();
    // The verifier leaves the signature out of the base string by name.
    let base = BaseString::new("POST", &uri, params.as_slice()).unwrap();
    key.verify(&base, &sig.unwrap())
}

/// A busy server's lookup: one prepared key, borrowed.
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

fn secrets_lookup(q: &CredentialQuery<'_>) -> Result<Credentials<'static>, LookupError> {
    match (q.consumer_key(), q.token()) {
        (CK, Some(TK)) => Ok(Credentials::secrets(CS, TS)),
        (CK, _) => Err(LookupError::UnknownToken),
        _ => Err(LookupError::UnknownConsumer),
    }
}

/// Remembers nothing: isolates the store's share of the cost.
struct NoStore;

impl NonceStore for NoStore {
    fn check(&self, _: &NonceKey<'_>, _: u64) -> Result<NonceStatus, NonceStoreError> {
        Ok(NonceStatus::Fresh)
    }
    fn record(&self, _: &NonceKey<'_>, _: u64) -> Result<NonceStatus, NonceStoreError> {
        Ok(NonceStatus::Fresh)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Path {
    Floor,
    Sign,
    Verify,
    VerifyNoStore,
    VerifySecrets,
    PhaseCollect,
    PhaseSignature,
    PhaseStore,
    VerifyBorrowed,
}

impl Path {
    fn name(self) -> &'static str {
        match self {
            Path::Floor => "floor: HMAC-SHA1 + base64 over prebuilt base string",
            Path::Sign => "sign: oauthsig-core, raw parts, prepared key",
            Path::Verify => "verify: prepared key, in-memory nonce store",
            Path::VerifyNoStore => "verify: prepared key, no-op nonce store",
            Path::VerifySecrets => "verify: secrets lookup (key schedule per call)",
            Path::PhaseCollect => "phase collect: URI, method, query, body, header",
            Path::PhaseSignature => "phase collect + sort, base string, MAC, compare",
            Path::PhaseStore => "phase store: in-memory record",
            Path::VerifyBorrowed => "verify_borrowed: same, result borrowed",
        }
    }
}

fn verifier(path: Path) -> Verifier {
    let b = Verifier::builder()
        .allow(SignatureMethod::HmacSha1)
        .clock(|| NOW);
    match path {
        Path::VerifyNoStore => b.nonce_store(NoStore),
        _ => b.nonce_store(MemoryNonceStore::new()),
    }
    .build()
    .unwrap()
}

fn main() {
    let config = Config::from_env(20_000);
    let iters = config.iters;
    let key = SigningKey::new(SignatureMethod::HmacSha1, CS, TS).unwrap();
    let prepared = PreparedLookup(key.clone());

    // Correctness first: the RFC signature, and the request verifies.
    let mut out = [0u8; 28];
    floor(&mut out);
    assert_eq!(std::str::from_utf8(&out).unwrap(), EXPECTED);
    sign(&key, NONCE, &mut out);
    assert_eq!(std::str::from_utf8(&out).unwrap(), EXPECTED);

    // One distinct nonce (and header) per verification in a round.
    let nonces: Vec<String> = (0..iters).map(|i| format!("{i:08x}")).collect();
    let headers: Vec<String> = nonces.iter().map(|n| header(&key, n)).collect();
    let request = |i: usize| {
        IncomingRequest::new("POST", URL)
            .authorization(&headers[i])
            .content_type(FORM)
            .body(BODY.as_bytes())
    };
    {
        let v = verifier(Path::Verify);
        let ok = v.verify(&request(0), &prepared).unwrap();
        assert_eq!(ok.parameter("b5").unwrap().as_deref(), Some("=%3D"));
        assert!(v.verify(&request(0), &prepared).is_err(), "replay refused");
    }

    let all = [
        Path::Floor,
        Path::Sign,
        Path::Verify,
        Path::VerifyNoStore,
        Path::VerifySecrets,
        Path::PhaseCollect,
        Path::PhaseSignature,
        Path::PhaseStore,
        Path::VerifyBorrowed,
    ];
    assert!(phase_signature(&key, &headers[0]));
    let verifier_for = |path: Path| match path {
        Path::Floor | Path::Sign | Path::PhaseCollect | Path::PhaseSignature => None,
        Path::PhaseStore => Some(Phase::Store(Box::default())),
        p => Some(Phase::Verifier(Box::new(verifier(p)))),
    };

    let run_one = |path: Path, state: Option<&Phase>, i: usize| match path {
        Path::Floor => {
            let mut o = [0u8; 28];
            floor(&mut o);
            black_box(o);
        }
        Path::Sign => {
            let mut o = [0u8; 28];
            sign(&key, black_box(&nonces[i]), &mut o);
            black_box(o);
        }
        Path::Verify | Path::VerifyNoStore => {
            let ok = state
                .unwrap()
                .verifier()
                .verify(&request(i), &prepared)
                .unwrap();
            black_box(ok);
        }
        Path::VerifyBorrowed => {
            let ok = state
                .unwrap()
                .verifier()
                .verify_borrowed(&request(i), &prepared)
                .unwrap();
            black_box(ok);
        }
        Path::VerifySecrets => {
            let ok = state
                .unwrap()
                .verifier()
                .verify(&request(i), &secrets_lookup)
                .unwrap();
            black_box(ok);
        }
        Path::PhaseCollect => {
            let mut slots = [oauthsig_core::Param::EMPTY; 24];
            let mut params = oauthsig_core::Params::new(&mut slots[..]);
            let r = phase_collect(black_box(&headers[i]), &mut params);
            black_box((r, params.len()));
        }
        Path::PhaseSignature => {
            assert!(phase_signature(&key, black_box(&headers[i])));
        }
        Path::PhaseStore => {
            let Some(Phase::Store(store)) = state else {
                unreachable!()
            };
            let k = NonceKey::new(CK, Some(TK), NOW, &nonces[i], NOW + 301);
            assert_eq!(store.record(&k, NOW).unwrap(), NonceStatus::Fresh);
        }
    };

    // Each round (and the allocation count) gets a fresh verifier and store.
    let measured = config.measure(
        all.map(|p| {
            BenchPath::per_round(
                p.name(),
                move || verifier_for(p),
                move |v: &mut Option<Phase>, i| run_one(p, v.as_ref(), i),
            )
        })
        .into(),
    );
    // BENCH_ONLY=N ran path N alone (for profiling it under perf): there is
    // nothing to compare it with.
    if measured.len() != all.len() {
        return;
    }
    let paths = all;
    let meds: Vec<f64> = measured.iter().map(|m| m.ns).collect();
    let allocs: Vec<f64> = measured.iter().map(|m| m.allocs).collect();
    let (floor_ns, sign_ns) = (meds[0], meds[1]);
    println!(
        "{:<52} {:>8} {:>10} {:>8} {:>8} {:>7}",
        "path", "ns/call", "calls/s", "x floor", "x sign", "allocs"
    );
    for (k, &p) in paths.iter().enumerate() {
        println!(
            "{:<52} {:>8.0} {:>10.0} {:>8.2} {:>8.2} {:>7.1}",
            p.name(),
            meds[k],
            1e9 / meds[k],
            meds[k] / floor_ns,
            meds[k] / sign_ns,
            allocs[k]
        );
    }
    let ratio = meds[2] / sign_ns;
    // The fastest rounds: steadier than the medians when neighbours load
    // the machine.
    let mins: Vec<f64> = measured.iter().map(|m| m.min_ns).collect();
    println!();
    println!(
        "verify / sign (prepared key, in-memory store): {ratio:.2}x (target <= 2.00x: {})",
        if ratio <= 2.0 { "met" } else { "NOT met" }
    );
    println!(
        "fastest rounds: sign {:.0} ns, verify {:.0} ns ({:.2}x), no-op store {:.0} ns ({:.2}x)",
        mins[1],
        mins[2],
        mins[2] / mins[1],
        mins[3],
        mins[3] / mins[1]
    );
    println!("nonce store share of verify: {:.0} ns", meds[2] - meds[3]);
    let borrowed = meds[8] / sign_ns;
    println!(
        "verify_borrowed / sign (same store, result borrowed from the request): {borrowed:.2}x \
         (fastest rounds {:.2}x; {:.0} ns less than verify)",
        mins[8] / mins[1],
        meds[2] - meds[8]
    );
    println!();
    println!("verify (no-op store) split, from the phase rows:");
    let (collect, signature, store) = (meds[5], meds[6], meds[7]);
    println!("  collect (step 0 parsing)                {collect:>6.0} ns");
    println!(
        "  sort + base string + MAC + compare      {:>6.0} ns",
        signature - collect
    );
    println!(
        "  classify, checks, lookup, result        {:>6.0} ns",
        meds[3] - signature
    );
    println!("  (in-memory store alone, one record      {store:>6.0} ns)");
}

/// A path's per-round state.
enum Phase {
    Verifier(Box<Verifier>),
    Store(Box<MemoryNonceStore>),
}

impl Phase {
    fn verifier(&self) -> &Verifier {
        match self {
            Phase::Verifier(v) => v,
            Phase::Store(_) => unreachable!(),
        }
    }
}
