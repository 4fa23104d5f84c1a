//! `oauthsig authorize` through oauthlib's reference provider
//! (`tests/interop/provider.py`, started by the interop suite's own
//! `Provider`), the test playing the resource owner's browser: it reads
//! the authorization URL the command prints, opens it (the provider
//! auto-approves and answers the verifier, naming the callback redirect in
//! `X-OAuth-Callback-Location`), then types the PIN or follows the
//! redirect to the command's loopback server. The credentials saved are
//! then used by `oauthsig get` on a protected resource.
//!
//! Needs `bash tests/interop/setup.sh` (the provider's virtualenv).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::wire::{Reply, Stub, form_field, get};
use common::*;
use oauthsig_interop::peers::{CONSUMER_KEY, CONSUMER_SECRET};
use oauthsig_interop::provider::Provider;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

fn provider() -> Provider {
    Provider::start(&[]).unwrap_or_else(|e| panic!("{e}"))
}

/// `oauthsig authorize` against `base`, consumer from the environment,
/// with `extra` arguments; every stream piped.
fn authorize(base: &str, extra: &[&str]) -> Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_oauthsig"));
    for var in ENV_VARS {
        command.env_remove(var);
    }
    command
        .env("OAUTHSIG_CONSUMER_KEY", CONSUMER_KEY)
        .env("OAUTHSIG_CONSUMER_SECRET", CONSUMER_SECRET)
        .arg("authorize")
        .args(["--request-token", &format!("{base}/request_token")])
        .args(["--authorize", &format!("{base}/authorize")])
        .args(["--access-token", &format!("{base}/access_token")])
        .args(["--max-time", "20", "--wait", "30"])
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Reads the command's stderr up to the authorization URL it prints (the
/// indented line after "Open this URL"), and returns it with the lines read.
fn authorization_url(child: &mut Child) -> (String, BufReader<std::process::ChildStderr>, String) {
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "no URL in {seen:?}"
        );
        seen.push_str(&line);
        if let Some(url) = line.strip_prefix("  http") {
            return (format!("http{}", url.trim_end()), stderr, seen);
        }
    }
}

/// What the command printed and how it ended.
struct Ended {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn finish(
    mut child: Child,
    mut stderr: BufReader<std::process::ChildStderr>,
    seen: String,
) -> Ended {
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    let code = child.wait().unwrap().code();
    Ended {
        code,
        stdout,
        stderr: seen + &rest,
    }
}

/// The saved file, checked: mode 0600, the consumer's credentials and a
/// token pair; returns the token secret.
fn check_saved(path: &std::path::Path) -> String {
    assert_eq!(mode(path) & 0o077, 0, "mode {:o}", mode(path));
    let text = std::fs::read_to_string(path).unwrap();
    assert!(
        text.contains(&format!("consumer_key={CONSUMER_KEY}\n")),
        "{text}"
    );
    assert!(text.contains(&format!("consumer_secret={CONSUMER_SECRET}\n")));
    assert!(text.contains("\ntoken="), "{text}");
    form_field(&text.replace('\n', "&"), "token_secret").unwrap()
}

/// The saved credentials sign a protected resource for the provider.
fn use_saved(base: &str, path: &std::path::Path) {
    let out = stdout_of(
        oauthsig()
            .args(["get", "--credentials"])
            .arg(path)
            .arg(format!("{base}/resource?q=hello%20world")),
    );
    assert!(
        out.contains(r#""client_key": "interop-client-key-0001""#),
        "{out}"
    );
    assert!(out.contains(r#"["q", "hello world"]"#), "{out}");
}

#[test]
fn authorize_with_a_pin_saves_credentials_that_work() {
    let provider = provider();
    let base = provider.base().to_owned();
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("creds");
    let started = Instant::now();
    let mut child = authorize(&base, &["--save", saved.to_str().unwrap()]);
    let (url, stderr, seen) = authorization_url(&mut child);
    assert!(
        url.starts_with(&format!("{base}/authorize?oauth_token=")),
        "{url}"
    );
    // The resource owner approves; the provider shows the verifier.
    let (status, _, body) = get(&url);
    assert_eq!(status, 200, "{body}");
    let verifier = form_field(&body, "oauth_verifier").unwrap();
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{verifier}").unwrap();
    drop(stdin);
    let ended = finish(child, stderr, seen);
    eprintln!("authorize (PIN) took {:?}", started.elapsed());
    assert_eq!(
        ended.code,
        Some(0),
        "{}\n{}\n{}",
        ended.stdout,
        ended.stderr,
        provider.log()
    );
    assert!(ended.stderr.contains("verifier: "), "{}", ended.stderr);
    // Then the fields the provider adds (oauthlib: the realms granted).
    assert_eq!(
        ended.stdout,
        format!(
            "token credentials saved to {} (mode 0600)\noauth_authorized_realms: \n",
            saved.display()
        )
    );
    let token_secret = check_saved(&saved);
    for secret in [token_secret.as_str(), CONSUMER_SECRET, &verifier] {
        assert!(!ended.stdout.contains(secret) && !ended.stderr.contains(secret));
    }
    use_saved(&base, &saved);
}

#[test]
fn authorize_with_the_loopback_callback() {
    let provider = provider();
    let base = provider.base().to_owned();
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("creds");
    let started = Instant::now();
    let args = [
        "--loopback",
        "--show-secrets",
        "--save",
        saved.to_str().unwrap(),
    ];
    let mut child = authorize(&base, &args);
    let (url, stderr, seen) = authorization_url(&mut child);
    assert!(seen.contains("redirects to http://127.0.0.1:"), "{seen}");
    let (status, headers, body) = get(&url);
    assert_eq!(status, 200, "{body}");
    let location = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("x-oauth-callback-location"))
        .map(|(_, v)| v.clone())
        .expect("the provider names the callback redirect");
    assert!(location.starts_with("http://127.0.0.1:"), "{location}");
    let callback = &location[..location.find("/callback").unwrap()];
    // A browser asks for a favicon; a page may send another token: both
    // are answered and ignored.
    assert_eq!(get(&format!("{callback}/favicon.ico")).0, 404);
    let other = format!("{callback}/callback?oauth_token=someoneelse&oauth_verifier=x");
    assert_eq!(get(&other).0, 400);
    let (status, _, page) = get(&location);
    assert_eq!(status, 200);
    assert!(page.contains("authorized"));
    let ended = finish(child, stderr, seen);
    eprintln!("authorize (loopback) took {:?}", started.elapsed());
    assert_eq!(
        ended.code,
        Some(0),
        "{}\n{}\n{}",
        ended.stdout,
        ended.stderr,
        provider.log()
    );
    assert!(
        ended
            .stderr
            .contains("another oauth_token (\"someoneelse\")"),
        "{}",
        ended.stderr
    );
    let token_secret = check_saved(&saved);
    // --show-secrets prints them; nowhere else do they appear.
    assert!(
        ended
            .stdout
            .contains(&format!("oauth_token_secret: {token_secret}\n"))
    );
    assert!(!ended.stderr.contains(&token_secret));
    use_saved(&base, &saved);
}

#[test]
fn authorize_needs_a_place_for_the_credentials() {
    let e = oauthsig()
        .args(["authorize", "--request-token", "http://127.0.0.1:9/r"])
        .args([
            "--authorize",
            "http://127.0.0.1:9/a",
            "--access-token",
            "http://127.0.0.1:9/t",
        ])
        .output()
        .unwrap();
    assert_eq!(e.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&e.stderr).contains("--save <FILE>"));
}

/// A provider stub: `request_token` answers with `answer`.
fn refusing(answer: fn() -> Reply) -> (Stub, std::process::Output) {
    let stub = Stub::start(1, move |_| answer());
    let base = stub.base.clone();
    let output = oauthsig()
        .env("OAUTHSIG_CONSUMER_KEY", "stub-key")
        .env("OAUTHSIG_CONSUMER_SECRET", "stub-secret")
        .args(["authorize", "--show-secrets"])
        .args(["--request-token", &format!("{base}/request_token")])
        .args(["--authorize", &format!("{base}/authorize")])
        .args(["--access-token", &format!("{base}/access_token")])
        .write_stdin("")
        .output()
        .unwrap();
    (stub, output)
}

#[test]
fn an_unconfirmed_callback_stops_the_flow() {
    let (stub, out) = refusing(|| {
        Reply::new("200 OK", "oauth_token=t&oauth_token_secret=s")
            .header("Content-Type", "application/x-www-form-urlencoded")
    });
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("did not answer oauth_callback_confirmed=true"),
        "{stderr}"
    );
    let seen = stub.seen();
    assert_eq!(seen[0].method, "POST");
    assert!(
        seen[0]
            .header("authorization")
            .unwrap()
            .contains(r#"oauth_callback="oob""#)
    );
}

#[test]
fn a_refused_step_is_explained() {
    let (_stub, out) = refusing(|| {
        Reply::new("401 Unauthorized", "oauth_problem=consumer_key_unknown")
            .header("Content-Type", "application/x-www-form-urlencoded")
    });
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("diagnosis: oauth_problem=consumer_key_unknown"),
        "{stderr}"
    );
    assert!(
        stderr.contains(r#"oauth_consumer_key "stub-key" (from $OAUTHSIG_CONSUMER_KEY)"#),
        "{stderr}"
    );
    assert!(stderr.contains("refused the request for temporary credentials: HTTP/1.1 401"));
    assert!(!stderr.contains("stub-secret"));
}
