//! What `oauthsig request` says about a refusal, against a provider stub
//! on loopback that answers as real providers do: `timestamp_refused` from
//! a provider whose clock is an hour ahead (with `--fix-clock`, the retry
//! it then accepts), an echoed base string computed with a typical mistake
//! (https for http behind a TLS proxy, in a Jira-style `WWW-Authenticate`;
//! Magento's natural sort, in a form body), the echo equal to ours,
//! `consumer_key_unknown` with advice in JSON, `nonce_used`, a redirect.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::wire::{Reply, Seen, Stub};
use common::*;
use oauthsig::oauthsig_core::Param;
use oauthsig::oauthsig_core::verify::{Incoming, receive_in};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// `oauthsig` with credentials in the environment.
fn signed() -> assert_cmd::Command {
    let mut command = oauthsig();
    command
        .env("OAUTHSIG_CONSUMER_KEY", "stub-consumer")
        .env("OAUTHSIG_CONSUMER_SECRET", "stub-consumer-secret")
        .env("OAUTHSIG_TOKEN", "stub-token")
        .env("OAUTHSIG_TOKEN_SECRET", "stub-token-secret");
    command
}

/// Runs `command`, which must exit `code`; returns stdout and stderr.
fn run(command: &mut assert_cmd::Command, code: i32) -> (String, String) {
    let out = command.output().unwrap();
    assert_eq!(out.status.code(), Some(code), "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("stub-consumer-secret") && !stderr.contains("stub-token-secret"));
    (String::from_utf8(out.stdout).unwrap(), stderr)
}

/// The base string the stub computes of a request it received, as an
/// RFC 5849 server does (oauthsig's verification engine).
fn base_string(seen: &Seen, base: &str) -> String {
    let url = format!("{base}{}", seen.target);
    let mut incoming = Incoming::new(&seen.method, &url).body(&seen.body);
    if let Some(value) = seen.header("authorization") {
        incoming = incoming.authorization(value);
    }
    if let Some(value) = seen.header("content-type") {
        incoming = incoming.content_type(value);
    }
    let mut received = receive_in(vec![Param::EMPTY; 32], &incoming).unwrap();
    received.base_string().to_string()
}

/// The `oauth_timestamp` of a request's `Authorization` header.
fn timestamp(seen: &Seen) -> u64 {
    let header = seen.header("authorization").unwrap();
    let at = header.find("oauth_timestamp=\"").unwrap() + 17;
    header[at..at + header[at..].find('"').unwrap()]
        .parse()
        .unwrap()
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// A stub provider whose clock is an hour ahead, with a 300 s window.
fn hour_ahead(count: usize) -> Stub {
    Stub::start(count, |seen| {
        let clock = now() + 3600;
        let date = httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(clock));
        if timestamp(seen).abs_diff(clock) <= 300 {
            return Reply::new("200 OK", "accepted").header("Date", &date);
        }
        let challenge = format!(
            r#"OAuth realm="stub", oauth_problem="timestamp_refused", oauth_acceptable_timestamps="{}-{}""#,
            clock - 300,
            clock + 300
        );
        Reply::new("401 Unauthorized", "")
            .header("Date", &date)
            .header("WWW-Authenticate", &challenge)
    })
}

#[test]
fn timestamp_refused_shows_the_skew() {
    let stub = hour_ahead(1);
    let (stdout, stderr) = run(signed().args(["get", &format!("{}/r", stub.base)]), 1);
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("diagnosis: oauth_problem=timestamp_refused: oauth_timestamp is outside"),
        "{stderr}"
    );
    // 3600 s, give or take the second the exchange took.
    assert!(
        ["3599 s behind", "3600 s behind", "3601 s behind"]
            .iter()
            .any(|s| stderr.contains(s)),
        "{stderr}"
    );
    assert!(
        stderr.contains("the provider's clock (its Date header: "),
        "{stderr}"
    );
    assert!(stderr.contains("s too early"), "{stderr}");
    assert!(stderr.contains("--fix-clock"), "{stderr}");
}

#[test]
fn fix_clock_retries_once_on_the_provider_clock() {
    let stub = hour_ahead(2);
    let (stdout, stderr) = run(
        signed().args(["get", "--fix-clock", &format!("{}/r", stub.base)]),
        0,
    );
    assert_eq!(stdout, "accepted");
    assert!(
        stderr.contains("signing once more with the provider's clock"),
        "{stderr}"
    );
    let seen = stub.seen();
    assert_eq!(seen.len(), 2);
    assert!(timestamp(&seen[1]).abs_diff(now() + 3600) <= 5);
    // A fresh nonce for the retry (§3.3).
    let nonce = |s: &Seen| {
        s.header("authorization")
            .unwrap()
            .split("oauth_nonce=")
            .nth(1)
            .unwrap()
            .to_owned()
    };
    assert_ne!(nonce(&seen[0]), nonce(&seen[1]));
}

/// A stub that answers `signature_invalid` with the base string `theirs`
/// makes of the request, in `place`.
fn echoing(theirs: fn(String) -> String, in_header: bool) -> Stub {
    let base: std::sync::Arc<std::sync::Mutex<String>> = Default::default();
    let shared = std::sync::Arc::clone(&base);
    let stub = Stub::start(1, move |seen| {
        let echoed = theirs(base_string(seen, &shared.lock().unwrap()));
        let encoded = oauthsig::encode(&echoed).to_string();
        if in_header {
            let challenge = format!(
                r#"OAuth realm="https%3A%2F%2Fjira.example.com", oauth_problem="signature_invalid", oauth_signature_base_string="{encoded}""#
            );
            Reply::new("401 Unauthorized", "").header("WWW-Authenticate", &challenge)
        } else {
            let body =
                format!("oauth_problem=signature_invalid&oauth_signature_base_string={encoded}");
            Reply::new("401 Unauthorized", &body).header("Content-Type", "text/plain")
        }
    });
    *base.lock().unwrap() = stub.base.clone();
    stub
}

#[test]
fn an_echoed_https_base_string_is_named() {
    let stub = echoing(|ours| ours.replacen("http%3A", "https%3A", 1), true);
    let url = format!("{}/rest/api/2/myself?a=1", stub.base);
    let (_, stderr) = run(signed().args(["get", &url]), 1);
    assert!(
        stderr.contains("diagnosis: oauth_problem=signature_invalid"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "diagnosis: the provider's base string differs from ours:\n  ours:   GET&http%3A"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("  theirs: GET&https%3A"), "{stderr}");
    assert!(stderr.contains("^ byte 8"), "{stderr}");
    assert!(
        stderr.contains(
            "diagnosis: the provider's base string is ours with https instead of http in the \
             base string URI: the provider sees another scheme"
        ),
        "{stderr}"
    );
}

/// `ours` with its normalized parameters (the third part, encoded once
/// more) sorted naturally by name, as PHP's strnatcmp on names with one
/// number each does.
fn natural(ours: String) -> String {
    let (head, params) = ours.rsplit_once('&').unwrap();
    let mut pairs: Vec<&str> = params.split("%26").collect();
    let key = |p: &&str| {
        let name = p.split("%3D").next().unwrap();
        let digits: String = name.chars().filter(char::is_ascii_digit).collect();
        let letters: String = name.chars().filter(|c| !c.is_ascii_digit()).collect();
        (letters, digits.parse::<u64>().unwrap_or(0))
    };
    pairs.sort_by_key(key);
    format!("{head}&{}", pairs.join("%26"))
}

#[test]
fn an_echoed_natural_sort_is_named() {
    let stub = echoing(natural, false);
    let url = format!("{}/V1/products?item10=a&item9=b", stub.base);
    let (_, stderr) = run(signed().args(["get", &url]), 1);
    assert!(stderr.contains("^ byte"), "{stderr}");
    assert!(
        stderr.contains("diagnosis: the provider's base string is ours with the parameters sorted in natural order"),
        "{stderr}"
    );
}

#[test]
fn an_echo_equal_to_ours_blames_the_key() {
    let stub = echoing(|ours| ours, true);
    let (_, stderr) = run(signed().args(["get", &format!("{}/r", stub.base)]), 1);
    assert!(
        stderr.contains(
            "diagnosis: the provider's base string is ours, byte for byte: the key differs \
             (consumer secret from $OAUTHSIG_CONSUMER_SECRET, token secret from $OAUTHSIG_TOKEN_SECRET"
        ),
        "{stderr}"
    );
}

#[test]
fn consumer_key_unknown_with_json_advice() {
    let stub = Stub::start(1, |_| {
        Reply::new(
            "401 Unauthorized",
            r#"{"oauth_problem":"consumer_key_unknown","oauth_problem_advice":"Register the app first"}"#,
        )
        .header("Content-Type", "application/json")
    });
    let (stdout, stderr) = run(signed().args(["get", &format!("{}/r", stub.base)]), 1);
    assert!(
        stdout.contains("consumer_key_unknown"),
        "the body is printed: {stdout}"
    );
    assert!(
        stderr
            .contains("diagnosis: oauth_problem=consumer_key_unknown: the provider does not know"),
        "{stderr}"
    );
    assert!(
        stderr.contains("diagnosis: oauth_problem_advice: Register the app first"),
        "{stderr}"
    );
    assert!(
        stderr.contains(r#"oauth_consumer_key "stub-consumer" (from $OAUTHSIG_CONSUMER_KEY)"#),
        "{stderr}"
    );
}

#[test]
fn nonce_used_gets_advice() {
    let stub = Stub::start(1, |_| {
        Reply::new("401 Unauthorized", "")
            .header("WWW-Authenticate", r#"OAuth oauth_problem="nonce_used""#)
    });
    let (_, stderr) = run(signed().args(["get", "-i", &format!("{}/r", stub.base)]), 1);
    assert!(
        stderr.contains(
            "diagnosis: oauth_problem=nonce_used: the provider has seen this oauth_nonce before"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("fresh nonce"), "{stderr}");
}

#[test]
fn redirects_are_reported_not_followed() {
    let stub = Stub::start(2, |_| {
        Reply::new("302 Found", "").header("Location", "http://elsewhere.example/login")
    });
    let (stdout, stderr) = run(signed().args(["get", "-i", &format!("{}/r", stub.base)]), 1);
    assert!(stdout.starts_with("HTTP/1.1 302 Found\r\n"), "{stdout}");
    assert!(
        stderr.contains(
            "diagnosis: the provider redirects to http://elsewhere.example/login; not followed"
        ),
        "{stderr}"
    );
    assert_eq!(stub.seen().len(), 1);
}
