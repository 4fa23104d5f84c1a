//! `oauthsig request` and `oauthsig get` against oauthlib's reference
//! provider (`tests/interop/provider.py`, a preloaded access token): a GET
//! with a query, a form POST, a JSON POST with `oauth_body_hash` (which the
//! provider checks), each placement; refusals and exit codes; and no
//! secret in any output, with and without `-v`.
//!
//! Needs `bash tests/interop/setup.sh` (the provider's virtualenv).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use oauthsig_interop::peers::{ACCESS_SECRET, ACCESS_TOKEN, CONSUMER_KEY, CONSUMER_SECRET};
use oauthsig_interop::provider::Provider;

fn provider() -> Provider {
    let preload = format!("{ACCESS_TOKEN}:{ACCESS_SECRET}");
    Provider::start(&["--preload-token", &preload]).unwrap_or_else(|e| panic!("{e}"))
}

/// `oauthsig` with the fixture client's credentials in the environment.
fn signed() -> assert_cmd::Command {
    let mut command = oauthsig();
    command
        .env("OAUTHSIG_CONSUMER_KEY", CONSUMER_KEY)
        .env("OAUTHSIG_CONSUMER_SECRET", CONSUMER_SECRET)
        .env("OAUTHSIG_TOKEN", ACCESS_TOKEN)
        .env("OAUTHSIG_TOKEN_SECRET", ACCESS_SECRET);
    command
}

/// Secrets that must never be printed: the two secrets, and a PLAINTEXT
/// signature (the secrets joined, §3.4.4) in its encoded forms.
fn assert_no_secret(text: &str) {
    for secret in [CONSUMER_SECRET, ACCESS_SECRET, "interop-client-secret%26"] {
        assert!(!text.contains(secret), "{secret} printed:\n{text}");
    }
}

#[test]
fn get_with_a_query_in_each_placement() {
    let provider = provider();
    let url = format!("{}/resource?q=hello%20world&x=1&x=2", provider.base());
    for placement in [None, Some("--query"), Some("--form")] {
        let mut command = signed();
        command.arg("request");
        command.args(placement);
        let out = stdout_of(command.args(["GET", &url]));
        assert!(
            out.contains(r#""token": "interop-access-token-0001""#),
            "{out}"
        );
        assert!(
            out.contains(r#"["q", "hello world"], ["x", "1"], ["x", "2"]"#),
            "{out}"
        );
    }
    let out = stdout_of(signed().args(["get", "-i", &url]));
    assert!(out.starts_with("HTTP/1.1 200 OK\r\n"), "{out}");
    assert!(
        out.contains("\r\ncontent-type: application/json; charset=utf-8\r\n"),
        "{out}"
    );
    assert!(out.contains("\r\n\r\n{"), "{out}");
}

#[test]
fn form_post_signs_its_parameters() {
    let provider = provider();
    let url = format!("{}/resource?z=0", provider.base());
    for placement in [None, Some("--form"), Some("--query")] {
        let mut command = signed();
        command.arg("request");
        command.args(placement);
        let out = stdout_of(command.args(["-d", "a=1&b=caf%C3%A9", "-d", "b=%21", "POST", &url]));
        assert!(
            out.contains(r#""form": [["a", "1"], ["b", "café"], ["b", "!"]"#),
            "{out}"
        );
    }
}

#[test]
fn json_post_carries_a_body_hash_the_provider_checks() {
    let provider = provider();
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("item.json");
    std::fs::write(&json, r#"{"hello":"world","list":["é",null]}"#).unwrap();
    let url = format!("{}/json", provider.base());
    let out = stdout_of(signed().args(["request", "--body"]).arg(&json).args([
        "--content-type",
        "application/json",
        "POST",
        &url,
    ]));
    assert!(out.contains(r#""body_hash": "verified""#), "{out}");
    assert!(out.contains(r#""list": ["é", null]"#), "{out}");
    // Without the hash the provider refuses it (400), and so do we (exit 1).
    let out = signed()
        .args(["request", "--no-body-hash", "--body"])
        .arg(&json)
        .args(["--content-type", "application/json", "POST", &url])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("oauth_body_hash is required"));
}

#[test]
fn a_wrong_secret_is_a_401_and_exit_1() {
    let provider = provider();
    let url = format!("{}/resource?q=1", provider.base());
    let out = signed()
        .env("OAUTHSIG_TOKEN_SECRET", "not-the-secret")
        .args(["get", &url])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("diagnosis: the provider says no oauth_problem"),
        "{stderr}"
    );
    assert!(!stderr.contains("not-the-secret"), "{stderr}");
}

#[test]
fn usage_errors_exit_2() {
    let e = error_of(signed().args(["get", "ftp://example.com/"]), 2);
    assert_eq!(e, "error: url scheme must be http or https");
    let e = error_of(
        oauthsig()
            .args(["get", "http://127.0.0.1:9/"])
            .env("OAUTHSIG_CONSUMER_KEY", "k"),
        2,
    );
    assert!(e.starts_with("error: no consumer secret"), "{e}");
    let e = error_of(
        signed().args(["get", "-H", "Authorization: x", "http://127.0.0.1:9/"]),
        2,
    );
    assert!(
        e.contains("Authorization is written by the signature"),
        "{e}"
    );
    let e = error_of(
        signed().args(["get", "--max-time", "0", "http://127.0.0.1:9/"]),
        2,
    );
    assert!(e.contains("--max-time"), "{e}");
    let e = error_of(
        signed().args([
            "get",
            "--cacert",
            "/nonexistent/ca.pem",
            "http://127.0.0.1:9/",
        ]),
        2,
    );
    assert!(
        e.starts_with("error: cannot read /nonexistent/ca.pem"),
        "{e}"
    );
}

#[test]
fn no_answer_is_exit_1() {
    // A port nothing listens on (bound, then closed).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/r?oauth_x=1");
    let e = error_of(signed().args(["get", "--query", &url]), 1);
    assert!(
        e.starts_with(&format!("error: GET {url}: no answer: ")),
        "{e}"
    );
    assert_no_secret(&e);
}

#[test]
fn verbose_shows_what_was_signed_but_no_secret() {
    let provider = provider();
    let url = format!("{}/resource?q=1", provider.base());
    for method in ["HMAC-SHA1", "PLAINTEXT"] {
        for placement in [None, Some("--query")] {
            let mut command = signed();
            command.args(["get", "-v", "--signature-method", method]);
            command.args(placement);
            // The provider is plain http on loopback.
            command.args((method == "PLAINTEXT").then_some("--allow-plaintext-over-http"));
            let out = command.arg(&url).output().unwrap();
            assert_eq!(out.status.code(), Some(0), "{out:?}");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                stderr.contains("signature base string:\n  GET&http%3A%2F%2F127.0.0.1"),
                "{stderr}"
            );
            assert!(
                stderr.contains("<consumer secret, 21 bytes>&<token secret, 20 bytes>"),
                "{stderr}"
            );
            assert!(stderr.contains("< HTTP/1.1 200 OK"), "{stderr}");
            assert_no_secret(&stderr);
            if placement.is_none() {
                // (provider.py echoes the query, a query placement's signature included.)
                assert_no_secret(&String::from_utf8_lossy(&out.stdout));
            }
        }
    }
    // --show-secrets shows them, PLAINTEXT's signature included.
    let out = signed()
        .args([
            "get",
            "-v",
            "--show-secrets",
            "--allow-plaintext-over-http",
            "--signature-method",
            "PLAINTEXT",
            &url,
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("oauth_signature=\"interop-client-secret%26interop-token-secret\""),
        "{stderr}"
    );
}

/// PLAINTEXT's signature is the secrets: to an http URL it is refused
/// unless asked for (RFC 5849 §3.4.4), and then sent with a warning.
#[test]
fn plaintext_over_http_needs_the_flag() {
    let provider = provider();
    let url = format!("{}/resource?q=1", provider.base());
    let e = error_of(
        signed().args(["get", "--signature-method", "PLAINTEXT", &url]),
        2,
    );
    assert!(e.contains("RFC 5849 §3.4.4"), "{e}");
    assert!(e.contains("--allow-plaintext-over-http"), "{e}");
    assert_no_secret(&e);
    let out = signed()
        .args([
            "get",
            "--allow-plaintext-over-http",
            "--signature-method",
            "PLAINTEXT",
            &url,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("warning: PLAINTEXT over http"), "{stderr}");
}
