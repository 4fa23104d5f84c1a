//! oauthsig's C ABI client and its `oauthsig` command behind curl, each
//! through the whole three-legged flow against oauthlib 4.0.1's reference
//! provider (`tests/interop/provider.py`), live on loopback (issue #6).
//!
//! Both start from the consumer credentials alone and parse every
//! credentials response with oauthsig's own parser (`oauthsig_token_parse`,
//! `oauthsig token`); what each step must show is in
//! `oauthsig_interop::flow`. Every client × signature method gets a
//! provider of its own; both clients sign all seven methods (RSA: the C
//! ABI's `oauthsig_consumer_new_rsa` and `oauthsig_signing_key_new_rsa`,
//! `oauthsig sign --private-key`), and a method a client did not sign would
//! have to be refused by the client itself with exit status 3. The C client
//! runs once more under valgrind memcheck, with HMAC-SHA1 and with RSA-SHA1,
//! which must find no error and no leak.
//!
//! The same two programs run against oauthsig's `Verifier` in
//! `tests/peer_clients.rs` (acceptance, forgeries, replay).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauthsig::SignatureMethod;
use oauthsig_interop::clients::{ALL_METHODS, ClientUnderTest, EXIT_UNSUPPORTED};
use oauthsig_interop::flow::{self, FlowSummary};
use oauthsig_interop::ours;
use oauthsig_interop::peers::SETUP_HINT;
use oauthsig_interop::process;
use oauthsig_interop::provider::Provider;
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

/// One flow is a few dozen requests; this bounds a hung one.
const FLOW_TIMEOUT: Duration = Duration::from_secs(60);
/// valgrind makes the C client about ten times slower.
const VALGRIND_TIMEOUT: Duration = Duration::from_secs(180);

fn tmpdir() -> &'static Path {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
}

/// The clients with a `--flow` mode.
fn flow_clients() -> Vec<ClientUnderTest> {
    vec![
        ClientUnderTest::oauthsig_c_flow(tmpdir()),
        ClientUnderTest::oauthsig_cli_flow(tmpdir()),
    ]
}

/// What one flow established: the summary, or for a method the client
/// does not sign, its refusal (exit 3).
enum FlowOutcome {
    Done(FlowSummary),
    Unsupported,
}

/// One flow of `client` with `method` against a fresh provider, run under
/// `wrapper` when not empty; a method the client does not sign must give
/// exit status 3 before anything is sent.
fn run_flow(
    client: &ClientUnderTest,
    method: SignatureMethod,
    wrapper: &[&str],
    timeout: Duration,
) -> Result<FlowOutcome, Vec<String>> {
    client.check_installed().map_err(|e| vec![e])?;
    if !client.supports(method) {
        // Port 9 (discard) on loopback: nothing answers, nothing may be sent.
        let what = format!("{} --flow ({method}, unsupported)", client.name);
        let out = process::run(
            &mut client.flow_command("http://127.0.0.1:9", method, wrapper),
            &what,
            SETUP_HINT,
            timeout,
        )
        .map_err(|e| vec![e])?;
        return match out.code {
            Some(EXIT_UNSUPPORTED) => Ok(FlowOutcome::Unsupported),
            code => Err(vec![format!(
                "{what}: expected exit {EXIT_UNSUPPORTED}, got {code:?}\nstdout:\n{}stderr:\n{}",
                out.stdout, out.stderr
            )]),
        };
    }
    let provider = Provider::start(&[]).map_err(|e| vec![e])?;
    let what = format!("{} --flow ({method})", client.name);
    let out = process::run(
        &mut client.flow_command(provider.base(), method, wrapper),
        &what,
        SETUP_HINT,
        timeout,
    )
    .map_err(|e| vec![e])?;
    let context = || {
        format!(
            "{what}: exit {:?}\nstderr:\n{}provider log:\n{}",
            out.code,
            out.stderr,
            provider.log()
        )
    };
    let summary = flow::check(&out.stdout, method, &client.flow).map_err(|mut problems| {
        problems.push(context());
        problems
    })?;
    if out.code != Some(0) {
        return Err(vec![format!(
            "every step checked out, but the client says otherwise: {}",
            context()
        )]);
    }
    Ok(FlowOutcome::Done(summary))
}

#[test]
fn every_client_completes_the_flow_with_every_method() {
    let started = Instant::now();
    let clients = flow_clients();
    let runs: Vec<_> = clients
        .iter()
        .flat_map(|c| ALL_METHODS.map(|m| (c, m)))
        .collect();
    let results: Vec<_> = thread::scope(|s| {
        let handles: Vec<_> = runs
            .iter()
            .map(|&(c, m)| s.spawn(move || run_flow(c, m, &[], FLOW_TIMEOUT)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(vec!["the flow check panicked".to_owned()]))
            })
            .collect()
    });
    let mut failures = String::new();
    println!(
        "three-legged flow against oauthlib's provider ({:?}):",
        started.elapsed()
    );
    let names: Vec<&str> = ALL_METHODS.iter().map(|m| m.as_str()).collect();
    println!("| client | {} |", names.join(" | "));
    println!("|---|{}", "---|".repeat(names.len()));
    for (client, row) in clients.iter().zip(results.chunks(ALL_METHODS.len())) {
        let cells: Vec<String> = row
            .iter()
            .map(|r| match r {
                Ok(FlowOutcome::Done(s)) => {
                    format!("{} accepted, {} refused", s.accepted, s.refused)
                }
                Ok(FlowOutcome::Unsupported) => format!("exit {EXIT_UNSUPPORTED} (unsupported)"),
                Err(_) => "FAILED".to_owned(),
            })
            .collect();
        println!("| {} | {} |", client.name, cells.join(" | "));
        for (method, r) in ALL_METHODS.iter().zip(row) {
            if let Err(problems) = r {
                failures.push_str(&format!("\n== {} ({method}):\n", client.name));
                for p in problems {
                    failures.push_str(&format!("  - {p}\n"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{failures}");
}

#[test]
fn c_client_flow_is_clean_under_valgrind() {
    if which("valgrind").is_none() {
        panic!("valgrind is not installed; {SETUP_HINT}");
    }
    let started = Instant::now();
    // Definite and indirect leaks are errors; libcurl's and OpenSSL's
    // process-lifetime allocations are "still reachable", which is not a leak.
    let valgrind = [
        "valgrind",
        "--quiet",
        "--error-exitcode=99",
        "--leak-check=full",
        "--show-leak-kinds=definite,indirect",
        "--errors-for-leak-kinds=definite,indirect",
    ];
    let client = ClientUnderTest::oauthsig_c_flow(tmpdir());
    // The shared-secret handles, and the RSA ones (private keys read from
    // PKCS#8 and PKCS#1, RSA consumers, RSA signing keys).
    for method in [SignatureMethod::HmacSha1, SignatureMethod::RsaSha1] {
        if let Err(problems) = run_flow(&client, method, &valgrind, VALGRIND_TIMEOUT) {
            panic!(
                "the C client's {method} flow under valgrind failed (exit 99: memcheck found errors or leaks):\n{}",
                problems.join("\n")
            );
        }
    }
    println!(
        "C client flow under valgrind (HMAC-SHA1, RSA-SHA1): clean ({:?})",
        started.elapsed()
    );
}

/// Regression: `scripts/install-c` installed `./target/<profile>/` whatever
/// cargo's target directory was, so with `CARGO_TARGET_DIR` (as the client
/// build sets it) it failed in a clean clone, or silently installed a stale
/// library. It must install the library cargo just built.
#[test]
fn install_c_installs_the_library_cargo_built() {
    ours::c_client(tmpdir()).unwrap_or_else(|e| panic!("{e}"));
    let out = ours::out_dir(tmpdir());
    let built = out.join("cargo/debug/liboauthsig_ffi.so");
    let installed = out.join("prefix/lib/liboauthsig.so");
    let read = |p: &Path| std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    assert!(
        read(&built) == read(&installed),
        "{} is not the library cargo built ({})",
        installed.display(),
        built.display()
    );
}

/// The path of `program` on `PATH`, if any.
fn which(program: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| Path::new(dir).join(program))
        .find(|p| p.is_file())
}
