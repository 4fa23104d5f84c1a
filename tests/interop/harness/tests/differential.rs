//! Differential test of oauthsig-core against oauthlib 4.0.1 (issue #6).
//!
//! A seeded generator builds requests full of the details OAuth peers get
//! wrong. For each one, oauthsig-core computes the signature base string and
//! signature with its engines: a request received by a server through
//! `verify::receive` (query + form body when the Content-Type says so +
//! `Authorization` header), or one set in code signed by a client through
//! `sign::sign` (and then written in every placement that can carry it and
//! received back, which must verify); oauthlib computes them through one
//! batch run of `tests/interop/oracle.py`; and an allocation-based model
//! written from the RFC text (`oauthsig_interop::reference`) computes them a
//! third time. The test asserts, byte for byte:
//!
//! * oauthsig == RFC model, for every case;
//! * oauthsig == oauthlib, for every case outside the classes in
//!   [`classes::EXCEPTIONS`];
//! * for a case inside such classes: oauthlib != oauthsig, and oauthlib ==
//!   the RFC model with those classes' quirks switched on;
//! * oauthlib's own verifier (the `verify_*` function its endpoints call)
//!   accepts oauthsig's signature for every case outside the classes.
//!
//! Every signature method is generated. RSA-SHA1/256/512 cases (about one
//! in ten) sign with the test key pair (`tests/keys/rsa2048.*`): RSASSA-
//! PKCS1-v1_5 is deterministic, so oauthsig's signature must equal
//! oauthlib's byte for byte. The RFC model does not do RSA; instead the
//! public key must accept oauthsig's signature over the model's base string
//! (and oauthlib's over the model's quirked one, for a case in a class), and
//! oauthsig's own round trip verifies with the public key, never the
//! private one.
//!
//! All disagreements are collected and printed together (the first
//! [`report::PRINT_CAP`] in full) before the test fails. The seed is printed;
//! `OAUTHSIG_INTEROP_SEED=<n or 0xhex>` replays or varies it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

// A crate root resolves `mod` next to itself; the helpers live in
// `differential/` so that Cargo does not build each as its own test.
#[path = "differential/classes.rs"]
mod classes;
#[path = "differential/coverage.rs"]
mod coverage;
#[path = "differential/generate.rs"]
mod generate;
#[path = "differential/oracle.rs"]
mod oracle;
#[path = "differential/report.rs"]
mod report;

use classes::{Divergence, EXCEPTIONS, classify, exception, quirks_of};
use generate::{Case, Location, Rng};
use oauthsig_core::body::FORM_CONTENT_TYPE;
use oauthsig_core::encode::encode;
use oauthsig_core::verify::Credential;
use oauthsig_core::verify::{self, Incoming, Received};
use oauthsig_core::{
    Body, Error, HttpRequest, Param, Placement, Protocol, RsaPrivateKey, RsaPublicKey,
    SignatureMethod, Signed, SigningKey, Text, sign,
};
use oauthsig_interop::peers;
use oauthsig_interop::reference::{self, Quirks};
use report::Mismatches;
use std::collections::BTreeMap;
use std::time::Instant;

/// "oauthsig" in ASCII.
const DEFAULT_SEED: u64 = 0x6f61_7574_6873_6967;
const CASES: usize = 1500;
/// Of every `SCHEDULE` consecutive cases, the first `EXCEPTIONS.len()` are
/// pushed into one divergence class each; the rest are normal.
const SCHEDULE: usize = 24;
const MIN_NORMAL: usize = 1000;
const MIN_PER_CLASS: usize = 20;
/// Room for every parameter a generated request can carry.
const SLOTS: usize = 64;

/// The test key pair the RSA cases sign with (oauthlib reads the same files).
struct Keys {
    private: RsaPrivateKey,
    public: RsaPublicKey,
}

impl Keys {
    fn load() -> Keys {
        Keys {
            private: peers::rsa_private_key(peers::RSA_PRIVATE_KEY)
                .unwrap_or_else(|e| panic!("{e}")),
            public: peers::rsa_public_key(peers::RSA_PUBLIC_KEY).unwrap_or_else(|e| panic!("{e}")),
        }
    }

    /// Whether the public key accepts `signature` (base64) of `base`.
    fn accepts(&self, method: &str, base: &str, signature: &str) -> bool {
        method
            .parse::<SignatureMethod>()
            .is_ok_and(|m| self.public.verify_text(m, base.as_bytes(), signature))
    }
}

fn seed() -> u64 {
    let Ok(text) = std::env::var("OAUTHSIG_INTEROP_SEED") else {
        return DEFAULT_SEED;
    };
    let text = text.trim();
    let parsed = match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(&hex.replace('_', ""), 16),
        None => text.parse(),
    };
    parsed.unwrap_or_else(|e| panic!("OAUTHSIG_INTEROP_SEED={text:?} is not a u64: {e}"))
}

/// The protocol values of a case set in code, through oauthsig's builder,
/// and its body as the engine signs it: a form, or an opaque body through
/// the `oauth_body_hash` the case carries.
fn protocol<'a>(
    case: &'a Case,
    extra: &'a [Param<'a>],
) -> Result<(Protocol<'a>, Body<'a>), String> {
    let consumer_key = case
        .auth
        .iter()
        .find(|(n, _)| *n == "oauth_consumer_key")
        .map(|(_, v)| v.as_str())
        .ok_or("no oauth_consumer_key to build a Protocol from")?;
    let mut p = Protocol::new(consumer_key).extra(extra);
    let mut body = case.signed_body().map_or(Body::None, Body::Form);
    for (name, value) in &case.auth {
        match *name {
            // The key decides the signature method.
            "oauth_consumer_key" | "oauth_signature_method" => {}
            "oauth_token" => p = p.token(value),
            "oauth_timestamp" => p = p.timestamp(value),
            "oauth_nonce" => p = p.nonce(value),
            "oauth_version" if value == "1.0" => p = p.version(true),
            "oauth_callback" => p = p.callback(value),
            "oauth_verifier" => p = p.verifier(value),
            "oauth_body_hash" => body = Body::Hash(value),
            other => return Err(format!("{other}={value:?} cannot be set through Protocol")),
        }
    }
    Ok((p, body))
}

/// The case's URL with the parameters the application set in code added to
/// its query, before any fragment: where they travel on the wire.
fn wire_url(url: &str, extras: &[(String, String)]) -> String {
    if extras.is_empty() {
        return url.to_owned();
    }
    let (before, fragment) = url.split_at(url.find('#').unwrap_or(url.len()));
    let mut out = before.to_owned();
    match before.split_once('?') {
        None => out.push('?'),
        Some((_, q)) if q.is_empty() || q.ends_with('&') => {}
        Some(_) => out.push('&'),
    }
    let pairs: Vec<String> = extras
        .iter()
        .map(|(n, v)| format!("{}={}", encode(n), encode(v)))
        .collect();
    out.push_str(&pairs.join("&"));
    out.push_str(fragment);
    out
}

/// What a server receives: method, `url`, the header, and the case's
/// content type and body unless `form` replaces them.
fn incoming<'a>(
    case: &'a Case,
    url: &'a str,
    header: Option<&'a str>,
    form: Option<&'a str>,
) -> Incoming<'a> {
    let mut incoming = Incoming::new(&case.method, url);
    if let Some(h) = header {
        incoming = incoming.authorization(h);
    }
    let (content_type, body) = match form {
        Some(f) => (Some(FORM_CONTENT_TYPE), Some(f)),
        None => (case.content_type.as_deref(), case.body.as_deref()),
    };
    if let Some(ct) = content_type {
        incoming = incoming.content_type(ct);
    }
    if let Some(b) = body {
        incoming = incoming.body(b.as_bytes());
    }
    incoming
}

fn receive<'a>(incoming: &Incoming<'a>) -> Result<Received<'a, [Param<'a>; SLOTS]>, String> {
    verify::receive_in([Param::EMPTY; SLOTS], incoming).map_err(|e| format!("receiving: {e}"))
}

fn realm_problem(got: Option<Text<'_>>, sent: Option<&str>) -> Option<String> {
    let got: Option<Vec<u8>> = got.map(|r| r.decoded().collect());
    (got.as_deref() != sent.map(str::as_bytes)).then(|| {
        format!(
            "realm read back as {:?}, sent {sent:?}",
            got.map(|g| String::from_utf8_lossy(&g).into_owned())
        )
    })
}

/// oauthsig's answer for one case.
struct Ours {
    base: String,
    signature: String,
    /// For protocol parameters set in code: what went wrong when a request
    /// oauthsig wrote was read back by oauthsig as a server.
    round_trip: Option<String>,
}

fn ours(case: &Case, keys: &Keys) -> Result<Ours, String> {
    let method: SignatureMethod = case
        .signature_method
        .parse()
        .map_err(|e| format!("signature method: {e}"))?;
    let token_secret = case.token_secret.as_deref().unwrap_or("");
    let key = if method.is_rsa() {
        SigningKey::rsa(method, &keys.private)
    } else {
        SigningKey::new(method, &case.consumer_secret, token_secret)
    }
    .map_err(|e| format!("key: {e}"))?;
    // What a server checks the signature with: the same secrets, or the
    // RSA public key (never the private one).
    let check = if method.is_rsa() {
        Credential::RsaPublicKey(&keys.public)
    } else {
        Credential::Key(&key)
    };
    match case.location {
        Location::Code => as_client(case, &key, check),
        _ => as_server(case, &key),
    }
}

/// oauthsig's answer for every case, computed on a few threads (an RSA
/// signature costs ~30 ms in a debug build).
fn all_ours(cases: &[Case], keys: &Keys) -> Vec<Result<Ours, String>> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
    let chunk = cases.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = cases
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(|c| ours(c, keys)).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a worker panicked"))
            .collect()
    })
}

/// A server's view: the request as received, its base string, and the
/// signature `key` makes of it.
fn as_server(case: &Case, key: &SigningKey) -> Result<Ours, String> {
    let url = wire_url(&case.url, &case.extras);
    let mut received = receive(&incoming(case, &url, case.header.as_deref(), None))?;
    if let Some(problem) = realm_problem(received.realm(), case.realm.as_deref()) {
        return Err(problem);
    }
    let base = received.base_string();
    Ok(Ours {
        base: base.to_string(),
        signature: key
            .sign(&base)
            .map_err(|e| format!("signing: {e}"))?
            .as_str()
            .to_owned(),
        round_trip: None,
    })
}

/// A client's view: the request signed in one call.
fn as_client(case: &Case, key: &SigningKey, check: Credential<'_>) -> Result<Ours, String> {
    let extra: Vec<Param<'_>> = case.extras.iter().map(|(n, v)| Param::raw(n, v)).collect();
    let (protocol, body) = protocol(case, &extra)?;
    // The oracle signs PLAINTEXT over http too; the engine only with the
    // opt-in (RFC 5849 §3.4.4), which core's tests/transport.rs holds.
    let request = HttpRequest::new(&case.method, &case.url)
        .body(body)
        .allow_plaintext_over_http();
    let signed = sign::prepare_in([Param::EMPTY; SLOTS], &request, &protocol)
        .map_err(|e| format!("signing: {e}"))?
        .sign(key)
        .map_err(|e| format!("signing: {e}"))?;
    let base = signed.base_string().to_string();
    Ok(Ours {
        round_trip: round_trip(case, &signed, key.method(), check, &base).err(),
        base,
        signature: signed.signature().as_str().to_owned(),
    })
}

/// A client's request must verify at the server: written by oauthsig in
/// each placement that can carry it (§3.5; the header cannot carry
/// non-`oauth_*` parameters, the form body only replaces a form or no
/// body), read back by oauthsig, it has the same base string, and its
/// signature (checked with `check`), body hash and realm check.
fn round_trip(
    case: &Case,
    signed: &Signed<'_, '_, [Param<'_>; SLOTS]>,
    method: SignatureMethod,
    check: Credential<'_>,
    base: &str,
) -> Result<(), String> {
    let header = Placement::Header {
        realm: case.realm.as_deref(),
    };
    for placement in [header, Placement::Query, Placement::Form] {
        let written = match signed.output(placement) {
            Ok(output) => output.to_string(),
            Err(Error::ExtraNotInHeader { .. } | Error::NotFormEncoded) => continue,
            Err(e) => return Err(format!("writing {placement:?}: {e}")),
        };
        let incoming = match placement {
            Placement::Header { .. } => incoming(case, &case.url, Some(&written), None),
            Placement::Query => incoming(case, &written, None, None),
            _ => incoming(case, &case.url, None, Some(&written)),
        };
        let fail = |what: String| format!("{placement:?}: {what} after writing {written}");
        let mut received = receive(&incoming).map_err(fail)?;
        let again = received.base_string().to_string();
        if again != base {
            return Err(fail(format!("base string changed: {again}")));
        }
        received
            .check_signature(check)
            .map_err(|r| fail(format!("signature: {r}")))?;
        received
            .check_body_hash(method)
            .map_err(|r| fail(format!("body hash: {r}")))?;
        let realm = match placement {
            Placement::Header { .. } => realm_problem(received.realm(), case.realm.as_deref()),
            _ => None,
        };
        if let Some(problem) = realm {
            return Err(fail(problem));
        }
    }
    Ok(())
}

fn label(classes: &[Divergence]) -> String {
    if classes.is_empty() {
        return "normal".to_owned();
    }
    classes
        .iter()
        .map(|&c| exception(c).name)
        .collect::<Vec<_>>()
        .join("+")
}

/// Runs every comparison for one case; returns its classes.
fn check(
    case: &Case,
    ours: &Result<Ours, String>,
    theirs: &oracle::Answer,
    keys: &Keys,
    out: &mut Mismatches,
) -> Vec<Divergence> {
    let classes = classify(case);
    let label = label(&classes);
    // A class case that lost its trigger would pass vacuously, and a normal
    // case that gained one would be excused; both are generator bugs.
    if classes != case.target.into_iter().collect::<Vec<_>>() {
        out.note(
            case,
            &label,
            "generator vs classifier",
            format!("the generator aimed at {:?}", case.target),
        );
    }

    let request = case.reference_request();
    let token_secret = case.token_secret.as_deref().unwrap_or("");
    // The model's base string, and its signature (none for RSA: see the
    // module docs).
    let model = |quirks: Quirks| -> Result<(String, Option<String>), String> {
        let base = reference::base_string(&request, quirks).map_err(|e| e.to_string())?;
        if case.is_rsa() {
            return Ok((base, None));
        }
        let sig = reference::sign(
            case.signature_method,
            &base,
            &case.consumer_secret,
            token_secret,
        )
        .map_err(|e| e.to_string())?;
        Ok((base, Some(sig)))
    };
    let (rfc_base, rfc_sig) = match model(Quirks::NONE) {
        Ok(m) => m,
        Err(e) => {
            out.note(case, &label, "RFC model", e);
            return classes;
        }
    };

    let ours = match ours {
        Ok(ours) => ours,
        Err(e) => {
            out.note(
                case,
                &label,
                "oauthsig",
                format!("refused the request: {e}"),
            );
            return classes;
        }
    };
    out.expect_eq(
        case,
        &label,
        "base string: oauthsig vs RFC model",
        ("oauthsig", &ours.base),
        ("RFC model", &rfc_base),
    );
    match &rfc_sig {
        Some(rfc_sig) => out.expect_eq(
            case,
            &label,
            "signature: oauthsig vs RFC model",
            ("oauthsig", &ours.signature),
            ("RFC model", rfc_sig),
        ),
        None if !keys.accepts(case.signature_method, &rfc_base, &ours.signature) => out.note(
            case,
            &label,
            "signature: oauthsig's, public key over the RFC model's base string",
            format!("refused: {}", ours.signature),
        ),
        None => {}
    }
    if let Some(problem) = &ours.round_trip {
        out.note(
            case,
            &label,
            "oauthsig client header -> oauthsig server",
            problem.clone(),
        );
    }

    let (Some(their_base), Some(their_sig), None) =
        (&theirs.base_string, &theirs.signature, &theirs.error)
    else {
        out.note(
            case,
            &label,
            "oauthlib",
            format!("refused the request: {:?}", theirs.error),
        );
        return classes;
    };
    if classes.is_empty() {
        out.expect_eq(
            case,
            &label,
            "base string: oauthlib vs oauthsig",
            ("oauthlib", their_base),
            ("oauthsig", &ours.base),
        );
        out.expect_eq(
            case,
            &label,
            "signature: oauthlib vs oauthsig",
            ("oauthlib", their_sig),
            ("oauthsig", &ours.signature),
        );
        if theirs.verified != Some(true) {
            out.note(
                case,
                &label,
                "oauthlib's verifier on oauthsig's signature",
                format!(
                    "verified: {:?}, signature {}",
                    theirs.verified, ours.signature
                ),
            );
        }
        return classes;
    }
    // Another base string: oauthlib must refuse oauthsig's signature (a
    // PLAINTEXT signature covers no base string, so there it passes).
    let refuses = case.signature_method != "PLAINTEXT";
    if theirs.verified != Some(!refuses) {
        out.note(
            case,
            &label,
            "oauthlib's verifier on oauthsig's signature (listed divergence)",
            format!("verified: {:?}, expected {}", theirs.verified, !refuses),
        );
    }
    if *their_base == ours.base {
        out.note(
            case,
            &label,
            "listed divergence",
            "oauthlib computed the same base string as oauthsig: the class no longer \
             applies (oauthlib changed?) or its trigger is wrong"
                .to_owned(),
        );
    }
    match model(quirks_of(&classes)) {
        Ok((quirk_base, quirk_sig)) => {
            out.expect_eq(
                case,
                &label,
                "base string: oauthlib vs RFC model + listed quirks",
                ("oauthlib", their_base),
                ("RFC+quirks", &quirk_base),
            );
            match &quirk_sig {
                Some(quirk_sig) => out.expect_eq(
                    case,
                    &label,
                    "signature: oauthlib vs RFC model + listed quirks",
                    ("oauthlib", their_sig),
                    ("RFC+quirks", quirk_sig),
                ),
                None if !keys.accepts(case.signature_method, &quirk_base, their_sig) => out.note(
                    case,
                    &label,
                    "signature: oauthlib's, public key over RFC model + listed quirks",
                    format!("refused: {their_sig}"),
                ),
                None => {}
            }
        }
        Err(e) => out.note(case, &label, "RFC model + quirks", e),
    }
    classes
}

#[test]
fn oauthsig_matches_oauthlib_and_the_rfc() {
    let started = Instant::now();
    let seed = seed();
    let mut rng = Rng::new(seed);
    let cases: Vec<Case> = (0..CASES)
        .map(|id| {
            let slot = id % SCHEDULE;
            let target = EXCEPTIONS.get(slot).map(|e| e.class);
            generate::case(&mut rng, id, target)
        })
        .collect();
    let generated = started.elapsed();

    let keys = Keys::load();
    let ours = all_ours(&cases, &keys);
    let signed = started.elapsed();
    let verify: Vec<Option<&str>> = ours
        .iter()
        .map(|o| o.as_ref().ok().map(|o| o.signature.as_str()))
        .collect();

    let answers = oracle::run(&cases, &verify);
    let oracle_done = started.elapsed();

    let mut mismatches = Mismatches::default();
    let mut per_class: BTreeMap<Divergence, usize> = BTreeMap::new();
    let mut normal: Vec<&Case> = Vec::new();
    for (case, ours) in cases.iter().zip(&ours) {
        let classes = check(case, ours, &answers[&case.id], &keys, &mut mismatches);
        if classes.is_empty() {
            normal.push(case);
        }
        for c in classes {
            *per_class.entry(c).or_default() += 1;
        }
    }

    println!("differential test: seed {seed:#018x} (set OAUTHSIG_INTEROP_SEED to change)");
    println!(
        "{} cases: {} compared exactly with oauthlib, {} in listed divergence classes",
        cases.len(),
        normal.len(),
        cases.len() - normal.len()
    );
    let mut problems = Vec::new();
    for e in &EXCEPTIONS {
        let n = per_class.get(&e.class).copied().unwrap_or(0);
        println!("  {:<28} {n:>4}  {}: {}", e.name, e.rfc, e.what);
        if n < MIN_PER_CLASS {
            problems.push(format!(
                "class {} has {n} cases, fewer than {MIN_PER_CLASS}",
                e.name
            ));
        }
    }
    if normal.len() < MIN_NORMAL {
        problems.push(format!(
            "{} normal cases, fewer than {MIN_NORMAL}",
            normal.len()
        ));
    }
    println!("coverage among the exactly compared cases:");
    for (name, has) in coverage::FEATURES {
        let n = normal.iter().filter(|c| has(c)).count();
        println!("  {name:<34} {n:>4}");
        if n < coverage::MIN_CASES {
            problems.push(format!(
                "feature {name:?} in {n} normal cases, fewer than {}",
                coverage::MIN_CASES
            ));
        }
    }
    let rsa = cases.iter().filter(|c| c.is_rsa()).count();
    println!(
        "time: generate {:?}, oauthsig {:?} ({rsa} RSA cases), oracle {:?}, compare {:?}",
        generated,
        signed - generated,
        oracle_done - signed,
        started.elapsed() - oracle_done
    );

    if mismatches.0.is_empty() && problems.is_empty() {
        return;
    }
    // Group by case so each request is printed once, in case order.
    let mut by_case: BTreeMap<usize, Vec<&report::Mismatch>> = BTreeMap::new();
    for m in &mismatches.0 {
        by_case.entry(m.case).or_default().push(m);
    }
    let mut text = String::new();
    for (id, found) in by_case.iter().take(report::PRINT_CAP) {
        // Case ids are their indices.
        text.push_str(&report::render(found, &cases[*id], verify[*id], seed));
        text.push('\n');
    }
    if by_case.len() > report::PRINT_CAP {
        text.push_str(&format!(
            "... and {} more failing cases not shown.\n",
            by_case.len() - report::PRINT_CAP
        ));
    }
    let mut per_check: BTreeMap<&str, usize> = BTreeMap::new();
    for m in &mismatches.0 {
        *per_check.entry(m.check.as_str()).or_default() += 1;
    }
    for (check, n) in &per_check {
        text.push_str(&format!("  {n:>5} x {check}\n"));
    }
    for p in &problems {
        text.push_str(&format!("coverage: {p}\n"));
    }
    panic!(
        "{text}\n{} mismatches in {} of {} cases, {} coverage problems (seed {seed:#018x})",
        mismatches.0.len(),
        by_case.len(),
        cases.len(),
        problems.len()
    );
}
