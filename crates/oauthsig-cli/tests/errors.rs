//! Bad input: exit code 2 and one `error: …` line naming the bad part
//! (which option, which parameter, which byte), never a panic.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;

/// `sign` with throwaway credentials, then `args`.
fn sign(args: &[&str]) -> assert_cmd::Command {
    let mut command = oauthsig();
    command
        .args(["sign", "--consumer-key", "k", "--consumer-secret", "s"])
        .args(args);
    command
}

#[test]
fn bad_url_names_the_part_and_byte() {
    assert_eq!(
        error_of(&mut sign(&["GET", "http:/example.com/"]), 2),
        "error: url cannot be signed: bad or missing host at byte 5"
    );
    assert_eq!(
        error_of(&mut sign(&["GET", "http://example.com:99999/"]), 2),
        "error: url cannot be signed: bad or missing port at byte 19"
    );
    assert_eq!(
        error_of(&mut sign(&["GET", "ftp://example.com/"]), 2),
        "error: url scheme must be http or https"
    );
}

#[test]
fn bad_escapes_give_the_byte_in_what_was_typed() {
    // The '%' is byte 22 of the URL as typed.
    assert_eq!(
        error_of(&mut sign(&["GET", "http://example.com/?a=%zz"]), 2),
        "error: url: malformed percent escape in the query at byte 22"
    );
    assert_eq!(
        error_of(
            &mut sign(&["-d", "a=1&b=%4", "POST", "http://example.com/"]),
            2
        ),
        "error: -d/--data: malformed percent escape in body at byte 6"
    );
}

#[test]
fn unknown_methods() {
    assert_eq!(
        error_of(&mut sign(&["GE T", "http://example.com/"]), 2),
        "error: method \"GE T\" is not an HTTP method (empty, or a character a token may not have)"
    );
    // clap's own usage error for an unknown signature method: exit 2 as well.
    let output = sign(&[
        "--signature-method",
        "HMAC-MD5",
        "GET",
        "http://example.com/",
    ])
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("error: invalid value 'HMAC-MD5' for '--signature-method"),
        "{stderr}"
    );
    assert!(stderr.contains(
        "HMAC-SHA1, HMAC-SHA256, HMAC-SHA512, RSA-SHA1, RSA-SHA256, RSA-SHA512, PLAINTEXT"
    ));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["sign"][..],
        &["sign", "GET"],
        &["sign", "--frobnicate", "GET", "http://example.com/"],
        &["sign", "--body", "f", "GET", "http://example.com/"],
        &[
            "sign",
            "--body",
            "f",
            "--content-type",
            "t",
            "-d",
            "a",
            "GET",
            "http://example.com/",
        ],
        &["sign", "--url", "--curl", "GET", "http://example.com/"],
        &["sign", "--param", "novalue", "GET", "http://example.com/"],
        &["verify"],
        &["nonsense"],
        &[],
    ] {
        let output = oauthsig().args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}: {output:?}");
        assert!(!String::from_utf8_lossy(&output.stderr).contains("panicked"));
    }
}

#[test]
fn input_errors_name_the_option() {
    assert_eq!(
        error_of(
            &mut sign(&["--param", "count=1", "GET", "http://example.com/"]),
            2
        ),
        "error: --param \"count\": only oauth_ parameters can go in the Authorization header; \
         put it in the URL or -d, or use --url or --postdata"
    );
    assert_eq!(
        error_of(
            &mut sign(&["--content-type", "text/plain", "GET", "http://example.com/"]),
            2
        ),
        "error: --content-type needs a body: -d DATA or --body FILE"
    );
    assert_eq!(
        error_of(
            &mut sign(&["-d", "@-", "--data", "@-", "POST", "http://example.com/"]),
            2
        ),
        "error: -d @-: standard input is already read by -d @-"
    );
    assert_eq!(
        error_of(
            &mut sign(&[
                "--postdata",
                "-d",
                "{}",
                "--content-type",
                "application/json",
                "POST",
                "http://example.com/"
            ]),
            2
        ),
        "error: --postdata needs a form-encoded body or none, but -d/--data is application/json"
    );
    let message = error_of(
        &mut sign(&["-d", "@/nonexistent/form", "POST", "http://example.com/"]),
        2,
    );
    assert!(
        message.starts_with("error: cannot read /nonexistent/form: "),
        "{message}"
    );
}

#[test]
fn curl_refuses_a_binary_body_it_cannot_quote() {
    let message = error_of(
        sign(&[
            "--curl",
            "--body",
            "-",
            "--content-type",
            "application/octet-stream",
            "PUT",
            "http://example.com/",
        ])
        .write_stdin(&b"\x00\xff"[..]),
        2,
    );
    assert_eq!(
        message,
        "error: --curl cannot put the binary body of --body - on a command line; use --body FILE"
    );
}

#[test]
fn a_closed_stdout_is_not_a_panic() {
    // `oauthsig sign … | true`: the write fails quietly or with an error line,
    // never with a panic.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_oauthsig"))
        .args([
            "sign",
            "--consumer-key",
            "k",
            "--consumer-secret",
            "s",
            "GET",
            "http://example.com/",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert!(!String::from_utf8_lossy(&output.stderr).contains("panicked"));
}
