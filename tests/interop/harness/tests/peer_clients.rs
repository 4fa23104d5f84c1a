//! Independent clients against oauthsig's `Verifier`, live on loopback
//! (issue #6).
//!
//! Every entry of [`clients`] runs against its own [`VerifierServer`], and
//! every entry of [`axum_clients`] against its own [`AxumServer`] (oauthsig's
//! `OAuthLayer` in an axum app, hyper's HTTP), with the same checks:
//!
//! * **acceptance** — the client sends its requests with its own HTTP stack
//!   (requests, node `http`, libcurl, ureq, curl) for every signature method; each
//!   one it implements must be accepted (exit 0, and the server's log must
//!   show exactly the expected requests verified with the right consumer,
//!   token, method and decoded parameters); each one it does not implement
//!   must be refused by the client itself with exit status 3, sending
//!   nothing.
//! * **forgery and replay** — from a fresh `--dump` (signed, never sent), for
//!   every request: every single-byte forgery of every signed part
//!   (`oauthsig_interop::tamper`) is sent *first* and must be refused (400 or
//!   401) by the verifier for a reason other than a used nonce; then the
//!   original must still be accepted (so no forgery spent its nonce), and
//!   the original again must be refused as a replay (401 `UsedNonce`).
//!
//! PLAINTEXT signs nothing but the two secrets (RFC 5849 §3.4.4; that is why
//! it needs TLS), so for it only the parameters that identify the
//! credentials and the method are forged — consumer key, token, signature,
//! signature method, version — and one control case shows the rest is
//! unprotected: a forged path is accepted, and spends the nonce, so the
//! original is then refused as a replay.
//!
//! An RSA signature is about 350 characters of base64 (2048-bit key), and a
//! public-key check refuses a change anywhere in it alike, so for the RSA
//! methods every [`RSA_SIGNATURE_STRIDE`]th byte of `oauth_signature` is
//! forged, plus its last [`RSA_SIGNATURE_TAIL`] (padding and escapes); every
//! other byte of those requests is forged as for HMAC.
//!
//! To add a client, add an entry to [`clients`] (and to [`axum_clients`] to
//! send it to the axum server too); see `tests/interop/README.md`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauthsig::SignatureMethod;
use oauthsig_interop::axum_server::AxumServer;
use oauthsig_interop::clients::{
    ALL_METHODS, ClientUnderTest, EXIT_UNSUPPORTED, GET_RESOURCE, POST_FORM, POST_JSON,
};
use oauthsig_interop::peers;
use oauthsig_interop::server::{Exchange, Outcome, PeerServer, VerifierServer};
use oauthsig_interop::tamper::{Class, Forgery, single_byte_forgeries};
use oauthsig_interop::wire::{self, RawRequest, RawResponse};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

/// The clients under test. Add new ones here (see the README).
fn clients() -> Vec<ClientUnderTest> {
    let oauthsig = env!("CARGO_BIN_EXE_oauthsig_client");
    // Where oauthsig's C and command-line clients are built (once per run).
    let tmpdir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    vec![
        ClientUnderTest::requests_oauthlib(),
        ClientUnderTest::node_oauth1a(),
        ClientUnderTest::liboauth(false),
        ClientUnderTest::liboauth(true),
        ClientUnderTest::new("oauthsig", oauthsig)
            .args(["--mode", "header"])
            .requests(&[GET_RESOURCE, POST_FORM, POST_JSON]),
        ClientUnderTest::new("oauthsig (params: query/body)", oauthsig)
            .args(["--mode", "params"])
            .requests(&[GET_RESOURCE, POST_FORM, POST_JSON]),
        ClientUnderTest::oauthsig_c(tmpdir, false),
        ClientUnderTest::oauthsig_c(tmpdir, true),
        ClientUnderTest::oauthsig_cli(tmpdir, false),
        ClientUnderTest::oauthsig_cli(tmpdir, true),
    ]
}

/// The clients also sent to [`AxumServer`]: the two independent peers that
/// sign all seven methods (requests-oauthlib, node's `oauth-1.0a`).
fn axum_clients() -> Vec<ClientUnderTest> {
    vec![
        ClientUnderTest::requests_oauthlib(),
        ClientUnderTest::node_oauth1a(),
    ]
}

/// Which server a client is sent to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ServerKind {
    /// [`VerifierServer`]: the `Verifier` behind the harness's own HTTP.
    Verifier,
    /// [`AxumServer`]: `OAuthLayer` in an axum app.
    Axum,
}

impl ServerKind {
    /// A fresh server of this kind, with the fixture verifier and lookup.
    fn start(self) -> Result<Box<dyn PeerServer>, Vec<String>> {
        let server: Box<dyn PeerServer> = match self {
            ServerKind::Verifier => Box::new(VerifierServer::fixture().map_err(|e| vec![e])?),
            ServerKind::Axum => Box::new(AxumServer::fixture().map_err(|e| vec![e])?),
        };
        Ok(server)
    }
}

/// Every client with the server it is sent to; the axum runs are named
/// `<client> → axum OAuthLayer`.
fn runs() -> Vec<(ClientUnderTest, ServerKind)> {
    let axum = axum_clients().into_iter().map(|mut c| {
        c.name = format!("{} → axum OAuthLayer", c.name);
        (c, ServerKind::Axum)
    });
    clients()
        .into_iter()
        .map(|c| (c, ServerKind::Verifier))
        .chain(axum)
        .collect()
}

/// Parameters a PLAINTEXT signature depends on, or that are checked
/// before it: forging their values must fail even without a MAC.
const PLAINTEXT_BOUND: [&str; 5] = [
    "oauth_consumer_key",
    "oauth_token",
    "oauth_signature",
    "oauth_signature_method",
    "oauth_version",
];

/// For RSA methods, which bytes of the `oauth_signature` value are forged:
/// every this many (see the module docs) …
const RSA_SIGNATURE_STRIDE: usize = 8;
/// … and the last this many.
const RSA_SIGNATURE_TAIL: usize = 4;

const SEND_TIMEOUT: Duration = Duration::from_secs(10);

/// Whether `f` changes a byte of the `oauth_signature` value.
fn in_signature(f: &Forgery) -> bool {
    f.in_value && f.param.as_deref() == Some("oauth_signature")
}

/// Runs `check` for every client (and server kind) on threads of its own,
/// then fails with every problem found (not just the first client's).
fn for_each_client<R: Send>(
    check: impl Fn(&ClientUnderTest, ServerKind) -> Result<R, Vec<String>> + Sync,
) -> Vec<(String, R)> {
    let runs = runs();
    let results: Vec<_> = thread::scope(|s| {
        let handles: Vec<_> = runs
            .iter()
            .map(|(c, kind)| (c, s.spawn(|| check(c, *kind))))
            .collect();
        handles
            .into_iter()
            .map(|(c, h)| {
                let r = h
                    .join()
                    .unwrap_or_else(|_| Err(vec!["the check panicked".to_owned()]));
                (c.name.clone(), r)
            })
            .collect()
    });
    let mut failures = String::new();
    let mut ok = Vec::new();
    for (name, r) in results {
        match r {
            Ok(v) => ok.push((name, v)),
            Err(problems) => {
                let _ = writeln!(failures, "\n== {name}: {} problem(s)", problems.len());
                for p in problems.iter().take(12) {
                    let _ = writeln!(failures, "  - {p}");
                }
            }
        }
    }
    assert!(failures.is_empty(), "{failures}");
    ok
}

/// Problems with one accepted exchange, compared with what was expected.
fn check_verified(
    e: &Exchange,
    want: &oauthsig_interop::clients::ExpectedRequest,
    method: SignatureMethod,
) -> Option<String> {
    let Outcome::Verified(echo) = &e.outcome else {
        return Some(format!(
            "{} {}: refused with {} ({:?})",
            e.method, e.target, e.status, e.outcome
        ));
    };
    let mut params = echo.parameters.clone();
    params.sort();
    let want_params: Vec<(String, String)> = want
        .params
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
    let got = (
        e.method.as_str(),
        e.path(),
        echo.consumer_key.as_str(),
        echo.token.as_deref(),
        echo.signature_method,
        &params,
    );
    let expected = (
        want.method,
        want.path,
        peers::CONSUMER_KEY,
        Some(peers::ACCESS_TOKEN),
        method,
        &want_params,
    );
    (got != expected).then(|| format!("verified {got:?}, expected {expected:?}"))
}

/// One client × method live run; the matrix cell on success.
fn live_run(
    client: &ClientUnderTest,
    server: &dyn PeerServer,
    method: SignatureMethod,
) -> Result<String, String> {
    let out = client.run(&server.base(), method, false)?;
    let log = server.take_log();
    let context = || format!("stdout:\n{}stderr:\n{}", out.stdout, out.stderr);
    if !client.supports(method) {
        if out.code != Some(EXIT_UNSUPPORTED) || !log.is_empty() {
            return Err(format!(
                "{method} is not supported, so the client must exit {EXIT_UNSUPPORTED} \
                 without sending; it exited {:?} after {} request(s)\n{}",
                out.code,
                log.len(),
                context()
            ));
        }
        let dump = client.run(&server.base(), method, true)?;
        if dump.code != Some(EXIT_UNSUPPORTED) {
            return Err(format!(
                "{method} --dump: exit {:?}, expected {EXIT_UNSUPPORTED}",
                dump.code
            ));
        }
        return Ok(format!("exit {EXIT_UNSUPPORTED} (unsupported)"));
    }
    if out.code != Some(0) {
        return Err(format!(
            "{method}: client exited {:?}; server log {log:?}\n{}",
            out.code,
            context()
        ));
    }
    let lines: Vec<&str> = out.stdout.lines().collect();
    let expected_lines: Vec<String> = client
        .requests
        .iter()
        .map(|r| format!("{} {} 200", r.method, r.path))
        .collect();
    if lines != expected_lines {
        return Err(format!(
            "{method}: client printed {lines:?}, expected {expected_lines:?}"
        ));
    }
    if log.len() != client.requests.len() {
        return Err(format!(
            "{method}: server saw {} request(s), expected {}: {log:?}",
            log.len(),
            client.requests.len()
        ));
    }
    for (e, want) in log.iter().zip(&client.requests) {
        if let Some(p) = check_verified(e, want, method) {
            return Err(format!("{method}: {p}"));
        }
    }
    Ok(format!(
        "accepted ({}/{})",
        log.len(),
        client.requests.len()
    ))
}

#[test]
fn every_client_is_accepted_for_every_method_it_supports() {
    let started = Instant::now();
    let rows = for_each_client(|client, kind| {
        client.check_installed().map_err(|e| vec![e])?;
        let server = kind.start()?;
        let mut cells = Vec::new();
        let mut problems = Vec::new();
        for method in ALL_METHODS {
            match live_run(client, server.as_ref(), method) {
                Ok(cell) => cells.push(cell),
                Err(p) => problems.push(p),
            }
        }
        if problems.is_empty() {
            Ok(cells)
        } else {
            Err(problems)
        }
    });
    println!(
        "client × method against oauthsig's Verifier and axum OAuthLayer ({:?}):",
        started.elapsed()
    );
    let names: Vec<&str> = ALL_METHODS.iter().map(|m| m.as_str()).collect();
    println!("| client | {} |", names.join(" | "));
    println!("|---|{}", "---|".repeat(names.len()));
    for (name, cells) in rows {
        println!("| {name} | {} |", cells.join(" | "));
    }
}

/// Counts of forgeries sent, by class (header values by parameter) and by
/// signature method.
#[derive(Default)]
struct Tally {
    by_class: BTreeMap<String, usize>,
    by_method: BTreeMap<&'static str, usize>,
    forged: usize,
    replays: usize,
    controls: usize,
}

/// Problems with an answer to a forgery: it must come from the verifier
/// (`kind`, [`PeerServer::refusal_kind`]), be a 400 or 401 (with a
/// challenge), and not blame the nonce.
fn check_refused(f: &Forgery, r: &RawResponse, kind: Option<String>) -> Option<String> {
    let problem = match (r.status, kind.as_deref()) {
        (200, _) => "ACCEPTED".to_owned(),
        (_, None | Some("http")) => format!("not judged by the verifier ({})", r.status),
        (_, Some("UsedNonce")) => "refused only as a used nonce".to_owned(),
        (401, Some(_)) if r.header("www-authenticate").is_none() => {
            "401 without WWW-Authenticate".to_owned()
        }
        (400 | 401, Some(_)) => return None,
        (status, Some(k)) => format!("status {status} ({k})"),
    };
    Some(format!(
        "{} [{}{}]: {problem}; answer {}",
        f.detail,
        f.class,
        f.param
            .as_deref()
            .map(|p| format!(", {p}"))
            .unwrap_or_default(),
        String::from_utf8_lossy(&r.body)
    ))
}

fn send(server: &dyn PeerServer, r: &RawRequest) -> Result<RawResponse, String> {
    wire::send(server.addr(), r, SEND_TIMEOUT)
        .map_err(|e| format!("sending {} {}: {e}", r.method, r.target))
}

/// Forgeries of one signed request, then the original, then its replay.
fn forge_and_replay(
    server: &dyn PeerServer,
    method: SignatureMethod,
    original: &RawRequest,
    control: bool,
    tally: &mut Tally,
    problems: &mut Vec<String>,
) -> Result<(), String> {
    let plaintext = method == SignatureMethod::Plaintext;
    let all = single_byte_forgeries(original);
    let signature_bytes = all.iter().filter(|f| in_signature(f)).count();
    let mut signature_byte = 0;
    let forgeries = all.iter().filter(|f| {
        if plaintext {
            return f.in_value
                && f.param
                    .as_deref()
                    .is_some_and(|p| PLAINTEXT_BOUND.contains(&p));
        }
        if !method.is_rsa() || !in_signature(f) {
            return true;
        }
        let k = signature_byte;
        signature_byte += 1;
        k % RSA_SIGNATURE_STRIDE == 0 || k + RSA_SIGNATURE_TAIL >= signature_bytes
    });
    for f in forgeries {
        let answer = send(server, &f.request)?;
        let class = match (&f.class, &f.param) {
            (Class::HeaderValue, Some(p)) => format!("header {p}"),
            (class, _) => class.to_string(),
        };
        *tally.by_class.entry(class).or_default() += 1;
        *tally.by_method.entry(method.as_str()).or_default() += 1;
        tally.forged += 1;
        if let Some(p) = check_refused(f, &answer, server.refusal_kind(&answer)) {
            problems.push(format!(
                "{method} {} {}: {p}",
                original.method, original.target
            ));
        }
    }
    let what = format!("{method} {} {}", original.method, original.target);
    if control {
        // PLAINTEXT: a forged path verifies (nothing binds it) and, being
        // accepted, spends the nonce the original carries.
        let path = all
            .iter()
            .find(|f| f.class == Class::Path)
            .ok_or_else(|| format!("{what}: no path to forge"))?;
        let forged = send(server, &path.request)?;
        let again = send(server, original)?;
        tally.controls += 1;
        if forged.status != 200 || again.status != 401 {
            problems.push(format!(
                "{what}: PLAINTEXT control expected forged path 200 then original 401, \
                 got {} then {} ({})",
                forged.status,
                again.status,
                String::from_utf8_lossy(&again.body)
            ));
        }
        return Ok(());
    }
    let first = send(server, original)?;
    if first.status != 200 {
        problems.push(format!(
            "{what}: the original was refused after its forgeries ({}: {}) — a forgery \
             spent its nonce, or the dump is not faithful",
            first.status,
            String::from_utf8_lossy(&first.body)
        ));
        return Ok(());
    }
    let replay = send(server, original)?;
    tally.replays += 1;
    let kind = server.refusal_kind(&replay);
    if replay.status != 401 || kind.as_deref() != Some("UsedNonce") {
        problems.push(format!(
            "{what}: replay answered {} {kind:?}, expected 401 UsedNonce",
            replay.status
        ));
    }
    Ok(())
}

#[test]
fn forged_and_replayed_requests_are_refused() {
    let started = Instant::now();
    let tallies = for_each_client(|client, kind| {
        client.check_installed().map_err(|e| vec![e])?;
        let server = kind.start()?;
        let mut tally = Tally::default();
        let mut problems = Vec::new();
        for method in ALL_METHODS.into_iter().filter(|m| client.supports(*m)) {
            // A fresh dump: signed now, never sent, so no replay state can
            // hide a forgery that verifies.
            let dump = client.dump(&server.base(), method).map_err(|e| vec![e])?;
            if dump.len() != client.requests.len() {
                problems.push(format!(
                    "{method}: {} dumped requests, expected {}",
                    dump.len(),
                    client.requests.len()
                ));
                continue;
            }
            for (i, original) in dump.iter().enumerate() {
                let control = method == SignatureMethod::Plaintext && i + 1 == dump.len();
                forge_and_replay(
                    server.as_ref(),
                    method,
                    original,
                    control,
                    &mut tally,
                    &mut problems,
                )
                .map_err(|e| vec![e])?;
            }
            // The verifier, not the HTTP layer, judged every request.
            let log = server.take_log();
            if let Some(e) = log
                .iter()
                .find(|e| matches!(e.outcome, Outcome::BadHttp(_)))
            {
                problems.push(format!("{method}: an HTTP-level refusal: {e:?}"));
            }
        }
        if problems.is_empty() {
            Ok(tally)
        } else {
            Err(problems)
        }
    });
    let mut classes: BTreeMap<String, usize> = BTreeMap::new();
    let (mut forged, mut replays, mut controls) = (0, 0, 0);
    println!("forgeries refused, by client ({:?}):", started.elapsed());
    for (name, t) in &tallies {
        let per_method: Vec<String> = t
            .by_method
            .iter()
            .map(|(m, n)| format!("{m} {n}"))
            .collect();
        println!(
            "  {name}: {} forgeries refused ({}), {} replays refused, {} PLAINTEXT controls",
            t.forged,
            per_method.join(", "),
            t.replays,
            t.controls
        );
        for (c, n) in &t.by_class {
            *classes.entry(c.clone()).or_default() += n;
        }
        forged += t.forged;
        replays += t.replays;
        controls += t.controls;
    }
    println!("by class:");
    for (c, n) in &classes {
        println!("  {c}: {n}");
    }
    println!("total: {forged} forgeries, {replays} replays, {controls} PLAINTEXT controls");
    // Every class of signed byte must have been exercised.
    for class in [
        "method",
        "path",
        "host",
        "query '?'",
        "query name",
        "query '='",
        "query value",
        "query '%'",
        "query escape hex digit",
        "query '&'",
        "header oauth_consumer_key",
        "header oauth_token",
        "header oauth_signature_method",
        "header oauth_signature",
        "header oauth_timestamp",
        "header oauth_nonce",
        "header oauth_version",
        "header oauth_body_hash",
        "form body name",
        "form body value",
        "form body escape hex digit",
        "opaque body",
    ] {
        assert!(
            classes.get(class).copied().unwrap_or(0) > 0,
            "no forgery of class {class}"
        );
    }
}
