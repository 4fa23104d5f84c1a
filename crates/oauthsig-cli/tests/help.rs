//! `--help` everywhere, with examples that use the RFC 5849 credentials and
//! run as shown.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use predicates::prelude::*;

#[test]
fn every_help_has_rfc_examples() {
    for args in [
        &["--help"][..],
        &["sign", "--help"],
        &["base-string", "--help"],
        &["verify", "--help"],
        &["authorize", "--help"],
        &["request", "--help"],
        &["get", "--help"],
        &["help", "sign"],
    ] {
        oauthsig().args(args).assert().success().stdout(
            predicate::str::contains("9djdj82h48djs9d2").and(predicate::str::contains("Examples")),
        );
    }
    oauthsig()
        .args(["token", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("hh5s93j4hdidpola"));
}

#[test]
fn help_documents_exit_codes_credentials_and_version() {
    let top = stdout_of(oauthsig().arg("--help"));
    assert!(
        top.contains(
            "Exit status: 0 success (verify: the request is valid), 1 verification failed,"
        )
    );
    let sign = stdout_of(oauthsig().args(["sign", "--help"]));
    for needle in [
        "OAUTHSIG_CONSUMER_SECRET",
        "--credentials <FILE>",
        "consumer_secret=",
        "--no-version",
        "--show-secrets",
        "--private-key <FILE>",
        "--passphrase-file <FILE>",
        "OAUTHSIG_PASSPHRASE",
        "RSA-SHA1",
        "HMAC-SHA512",
    ] {
        assert!(sign.contains(needle), "{needle} missing from sign --help");
    }
    let verify = stdout_of(oauthsig().args(["verify", "--help"]));
    for needle in ["--public-key <FILE>", "certificate", "bare base64"] {
        assert!(
            verify.contains(needle),
            "{needle} missing from verify --help"
        );
    }
    assert!(top.contains("or (authorize, request, get) the provider answered other than 2xx"));
    let request = stdout_of(oauthsig().args(["request", "--help"]));
    for needle in [
        "Exit status: 0 a 2xx answer, 1 any other answer",
        "--cacert <FILE>",
        "--max-time <SECONDS>",
        "--fix-clock",
        "oauth_signature_base_string",
        "Redirects are not followed",
        "-i, --include",
    ] {
        assert!(
            request.contains(needle),
            "{needle} missing from request --help"
        );
    }
    let authorize = stdout_of(oauthsig().args(["authorize", "--help"]));
    for needle in [
        "--loopback",
        "--save <FILE>",
        "--show-secrets",
        "oauth_callback_confirmed=true",
        "mode 0600",
        "Exit status: 0 authorized",
    ] {
        assert!(
            authorize.contains(needle),
            "{needle} missing from authorize --help"
        );
    }
    oauthsig()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("oauthsig "));
}

/// The first `oauthsig sign` example of `sign --help`, continuation lines
/// joined, run as written: it prints the RFC's header.
#[test]
fn the_sign_help_example_runs() {
    let help = stdout_of(oauthsig().args(["sign", "--help"]));
    let start = help.find("  oauthsig sign ").expect("an example");
    let mut command = String::new();
    for line in help[start..].lines() {
        match line.trim().strip_suffix('\\') {
            Some(part) => command.push_str(part),
            None => {
                command.push_str(line.trim());
                break;
            }
        }
    }
    let words = shlex::split(&command).expect("shell words");
    assert_eq!(words[0], "oauthsig");
    oauthsig()
        .args(&words[1..])
        .assert()
        .success()
        .stdout(format!("{RFC_HEADER}\n"));
}
