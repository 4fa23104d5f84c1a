//! Credentials from the environment and from a file: the RFC request signs
//! the same with no secret in argv, and a file other users can read is refused.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use predicates::prelude::*;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};

/// The §3.4.1.1 `sign` arguments without any credential flag.
fn args_without_credentials() -> Vec<String> {
    let args = rfc_sign_args();
    let mut out = Vec::new();
    let mut skip = false;
    for arg in args {
        if skip {
            skip = false;
        } else if arg.starts_with("--consumer-") || arg.starts_with("--token") {
            skip = true;
        } else {
            out.push(arg);
        }
    }
    out
}

fn write_file(dir: &Path, text: &str, mode: u32) -> PathBuf {
    let path = dir.join("credentials");
    std::fs::write(&path, text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    path
}

const FILE: &str = "# RFC 5849 §3.4.1.1\n\
                    consumer_key=9djdj82h48djs9d2\n\
                    consumer_secret = j49sk3j29djd\n\
                    \n\
                    token=kkk9d7dh3k39sjv7\n\
                    token_secret=dh893hdasih9\n";

#[test]
fn no_secret_in_argv_from_the_environment() {
    let args = args_without_credentials();
    assert!(
        args.iter()
            .all(|a| !a.contains("j49sk3j29djd") && !a.contains("dh893hdasih9"))
    );
    oauthsig()
        .args(&args)
        .env("OAUTHSIG_CONSUMER_KEY", "9djdj82h48djs9d2")
        .env("OAUTHSIG_CONSUMER_SECRET", "j49sk3j29djd")
        .env("OAUTHSIG_TOKEN", "kkk9d7dh3k39sjv7")
        .env("OAUTHSIG_TOKEN_SECRET", "dh893hdasih9")
        .assert()
        .success()
        .stdout(format!("{RFC_HEADER}\n"))
        .stderr("");
}

#[test]
fn no_secret_in_argv_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(dir.path(), FILE, 0o600);
    let mut args = args_without_credentials();
    args.splice(
        1..1,
        ["--credentials".to_owned(), path.display().to_string()],
    );
    oauthsig()
        .args(&args)
        .assert()
        .success()
        .stdout(format!("{RFC_HEADER}\n"))
        .stderr("");
    // --verbose says where each secret came from.
    args.insert(1, "-v".to_owned());
    oauthsig()
        .args(&args)
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "consumer secret from {0} line 3; token secret from {0} line 6",
            path.display()
        )));
}

#[test]
fn flag_beats_file_beats_environment() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(
        dir.path(),
        "consumer_secret=j49sk3j29djd\ntoken_secret=wrong\n",
        0o600,
    );
    let mut args = args_without_credentials();
    args.splice(
        1..1,
        [
            "--credentials",
            path.to_str().unwrap(),
            "--token-secret",
            "dh893hdasih9",
        ]
        .map(str::to_owned),
    );
    oauthsig()
        .args(&args)
        .env("OAUTHSIG_CONSUMER_KEY", "9djdj82h48djs9d2")
        .env("OAUTHSIG_CONSUMER_SECRET", "wrong")
        .env("OAUTHSIG_TOKEN", "kkk9d7dh3k39sjv7")
        .env("OAUTHSIG_TOKEN_SECRET", "wrong")
        .assert()
        .success()
        .stdout(format!("{RFC_HEADER}\n"));
}

#[test]
fn a_file_others_can_read_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(dir.path(), FILE, 0o644);
    let message = error_of(
        oauthsig().args([
            "sign",
            "--credentials",
            path.to_str().unwrap(),
            "GET",
            "http://h.example/",
        ]),
        2,
    );
    assert_eq!(
        message,
        format!(
            "error: credentials file {} is accessible by other users (mode 0644); run chmod 600 on it",
            path.display()
        )
    );
}

#[test]
fn a_file_its_group_can_read_gets_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(dir.path(), FILE, 0o640);
    let mut args = args_without_credentials();
    args.splice(
        1..1,
        ["--credentials".to_owned(), path.display().to_string()],
    );
    oauthsig()
        .args(&args)
        .assert()
        .success()
        .stdout(format!("{RFC_HEADER}\n"))
        .stderr(
            predicate::str::starts_with("warning: credentials file").and(predicate::str::contains(
                "accessible by its group (mode 0640)",
            )),
        );
}

#[test]
fn a_malformed_file_names_the_line_not_the_value() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(
        dir.path(),
        "consumer_key=k\nconsumer_secert=hunter2\n",
        0o600,
    );
    let message = error_of(
        oauthsig().args([
            "sign",
            "--credentials",
            path.to_str().unwrap(),
            "GET",
            "http://h.example/",
        ]),
        2,
    );
    assert!(
        message.contains("line 2: unknown name \"consumer_secert\""),
        "{message}"
    );
    assert!(!message.contains("hunter2"));
    let missing = dir.path().join("absent");
    let message = error_of(
        oauthsig().args([
            "sign",
            "--credentials",
            missing.to_str().unwrap(),
            "GET",
            "http://h.example/",
        ]),
        2,
    );
    assert!(
        message.starts_with(&format!("error: cannot read {}", missing.display())),
        "{message}"
    );
}

#[test]
fn missing_credentials_say_where_to_put_them() {
    let message = error_of(oauthsig().args(["sign", "GET", "http://h.example/"]), 2);
    assert_eq!(
        message,
        "error: no consumer secret: give --consumer-secret, consumer_secret in a --credentials file, or $OAUTHSIG_CONSUMER_SECRET"
    );
    let message = error_of(
        oauthsig()
            .args(["sign", "GET", "http://h.example/"])
            .env("OAUTHSIG_CONSUMER_SECRET", "s"),
        2,
    );
    assert_eq!(
        message,
        "error: no consumer key: give --consumer-key, consumer_key in a --credentials file, or $OAUTHSIG_CONSUMER_KEY"
    );
    let message = error_of(
        oauthsig()
            .args([
                "sign",
                "--consumer-key",
                "k",
                "--consumer-secret",
                "s",
                "--token",
                "t",
            ])
            .args(["GET", "http://h.example/"]),
        2,
    );
    assert!(
        message.starts_with("error: token from --token has no secret"),
        "{message}"
    );
}
