//! `oauthsig verify`: what `sign` prints verifies (exit 0); a tampered or
//! mis-signed request fails (exit 1) naming the check, with the base strings
//! diffed under a caret; unreadable input is exit 2.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use predicates::prelude::*;

/// `verify` of the §3.4.1.1 request with its secrets, then `args`.
fn verify_rfc(args: &[&str]) -> assert_cmd::Command {
    let mut command = oauthsig();
    command
        .args([
            "verify",
            "--method",
            "POST",
            "--url",
            RFC_URL,
            "-d",
            "c2&a3=2+q",
        ])
        .args([
            "--consumer-secret",
            "j49sk3j29djd",
            "--token-secret",
            "dh893hdasih9",
        ])
        .args(args);
    command
}

/// The report's lines.
fn report_of(command: &mut assert_cmd::Command, code: i32) -> String {
    let output = command.output().unwrap();
    assert_eq!(output.status.code(), Some(code), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_rfc_header_is_valid() {
    let report = report_of(&mut verify_rfc(&["-H", RFC_HEADER]), 0);
    assert!(report.starts_with("ok    parameters: each protocol parameter appears once\n"));
    for line in [
        "ok    signature method: HMAC-SHA1\n",
        "ok    required parameters: oauth_consumer_key, oauth_signature, oauth_timestamp, oauth_nonce\n",
        "ok    version: absent (optional)\n",
        "ok    consumer key: 9djdj82h48djs9d2\n",
        "ok    token: kkk9d7dh3k39sjv7\n",
        "ok    body hash: none (form body: its parameters are signed)\n",
        "ok    signature: HMAC-SHA1 signature matches\n",
    ] {
        assert!(report.contains(line), "{line:?} missing from\n{report}");
    }
    assert!(report.ends_with("result: valid\n"));
    // --authorization takes the value, or the whole line as sign prints it.
    let value = RFC_HEADER.strip_prefix("Authorization: ").unwrap();
    report_of(&mut verify_rfc(&["--authorization", value]), 0);
    report_of(&mut verify_rfc(&["--authorization", RFC_HEADER]), 0);
}

#[test]
fn round_trip_header_url_and_postdata() {
    let credentials = [
        ("OAUTHSIG_CONSUMER_KEY", "9djdj82h48djs9d2"),
        ("OAUTHSIG_CONSUMER_SECRET", "j49sk3j29djd"),
        ("OAUTHSIG_TOKEN", "kkk9d7dh3k39sjv7"),
        ("OAUTHSIG_TOKEN_SECRET", "dh893hdasih9"),
    ];
    let url = "https://api.example.com/1/items?q=a%20b&tags=x,y";
    for method in ["HMAC-SHA1", "HMAC-SHA256", "PLAINTEXT"] {
        let signed = |output: &str| {
            stdout_of(
                oauthsig()
                    .envs(credentials)
                    .args([
                        "sign",
                        output,
                        "--signature-method",
                        method,
                        "-d",
                        "status=hi there",
                    ])
                    .args(["POST", url]),
            )
            .trim_end()
            .to_owned()
        };
        let header = signed("--verbose");
        let report = report_of(
            oauthsig().envs(credentials).args([
                "verify",
                "--url",
                url,
                "-d",
                "status=hi there",
                "-H",
                &header,
            ]),
            0,
        );
        assert!(report.ends_with("result: valid\n"), "{report}");
        let signed_url = signed("--url");
        report_of(
            oauthsig().envs(credentials).args([
                "verify",
                "--url",
                &signed_url,
                "-d",
                "status=hi there",
            ]),
            0,
        );
        let postdata = signed("--postdata");
        report_of(
            oauthsig()
                .envs(credentials)
                .args(["verify", "--url", url, "-d", &postdata]),
            0,
        );
    }
}

#[test]
fn round_trip_with_a_body_hash() {
    let credentials = [
        ("OAUTHSIG_CONSUMER_KEY", "consumer"),
        ("OAUTHSIG_CONSUMER_SECRET", "con-test-secret"),
    ];
    let url = "http://www.example.com/resource";
    let header = stdout_of(oauthsig().envs(credentials).args([
        "sign",
        "-d",
        r#"{"a":1}"#,
        "--content-type",
        "application/json",
        "PUT",
        url,
    ]));
    let verify = |body: &str| {
        let mut command = oauthsig();
        command.envs(credentials).args([
            "verify",
            "-X",
            "PUT",
            "--url",
            url,
            "-d",
            body,
            "--content-type",
            "application/json",
            "-H",
            header.trim_end(),
        ]);
        command
    };
    let report = report_of(&mut verify(r#"{"a":1}"#), 0);
    assert!(report.contains("ok    body hash: "), "{report}");
    let report = report_of(&mut verify(r#"{"a":2}"#), 1);
    assert!(
        report.contains("FAIL  body hash: oauth_body_hash is \""),
        "{report}"
    );
    assert!(report.ends_with("result: invalid (body hash)\n"));
}

/// The acceptance case: a tampered request against the base string the
/// client signed, with the first differing byte under a caret.
#[test]
fn a_tampered_request_shows_the_diff_with_a_caret() {
    let mut base_args = rfc_sign_args();
    base_args[0] = "base-string".to_owned();
    let signed_base = stdout_of(oauthsig().args(&base_args)).trim_end().to_owned();
    let tampered_url = RFC_URL.replace("a3=a", "a3=b");
    let report = report_of(
        oauthsig()
            .args([
                "verify",
                "--method",
                "POST",
                "--url",
                &tampered_url,
                "-d",
                "c2&a3=2+q",
            ])
            .args([
                "--consumer-secret",
                "j49sk3j29djd",
                "--token-secret",
                "dh893hdasih9",
            ])
            .args(["-H", RFC_HEADER, "--expected-base-string", &signed_base]),
        1,
    );
    assert!(report.contains("FAIL  signature: oauth_signature does not match (HMAC-SHA1)\n"));
    assert!(report.contains(
        "      the presented signature was made over the expected base string, so the request \
         differs from what was signed\n"
    ));
    assert!(report.contains(
        "base string, expected (--expected-base-string; the presented signature matches it):\n"
    ));
    let lines: Vec<&str> = report.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == "first difference, ours against expected:")
        .expect("a diff section");
    let (ours, expected, caret) = (lines[at + 1], lines[at + 2], lines[at + 3]);
    assert!(ours.starts_with("  ours:     ...") && expected.starts_with("  expected: ..."));
    let column = caret.find('^').unwrap();
    assert_eq!(&ours[column..column + 1], "b");
    assert_eq!(&expected[column..column + 1], "a");
    // "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3D" is 75 bytes.
    assert_eq!(caret.trim(), "^ byte 75");
    assert!(report.ends_with("result: invalid (signature)\n"));
}

#[test]
fn a_usual_client_mistake_is_named_and_diffed() {
    // Signed for https, sent to http (a TLS-terminating proxy in between).
    let mut args = rfc_sign_args();
    let url = args.len() - 1;
    args[url] = RFC_URL.replace("http:", "https:");
    let header = stdout_of(oauthsig().args(&args));
    let report = report_of(&mut verify_rfc(&["-H", header.trim_end()]), 1);
    assert!(report.contains(
        "      the presented signature was made with https instead of http in the base string URI\n"
    ));
    assert!(report.contains(&format!(
        "base string, ours (the request as received):\n  {RFC_BASE_STRING}\n"
    )));
    assert!(
        report.contains(
            "base string, implied (the presented signature matches it):\n  POST&https%3A"
        )
    );
    assert!(report.contains("first difference, ours against implied:\n"));
    assert!(report.contains("  ours:    POST&http%3A%2F%2F"));
    assert!(report.contains("  implied: POST&https%3A%2F%2F"));
    assert!(
        report.contains("                    ^ byte 9\n"),
        "{report}"
    );

    // Signed with the consumer secret alone.
    let mut args = rfc_sign_args();
    let secret = args.iter().position(|a| a == "dh893hdasih9").unwrap();
    args[secret] = String::new();
    let header = stdout_of(oauthsig().args(&args));
    let report = report_of(&mut verify_rfc(&["-H", header.trim_end()]), 1);
    assert!(
        report.contains(
            "the presented signature was made with the token secret left out of the key\n"
        ),
        "{report}"
    );
}

#[test]
fn wrong_secrets_are_suspected_when_nothing_else_explains_it() {
    let report = report_of(
        oauthsig()
            .args([
                "verify",
                "--method",
                "POST",
                "--url",
                RFC_URL,
                "-d",
                "c2&a3=2+q",
            ])
            .args([
                "--consumer-secret",
                "wrong",
                "--token-secret",
                "dh893hdasih9",
                "-H",
                RFC_HEADER,
            ]),
        1,
    );
    assert!(report.contains("no usual mistake reproduces it"));
    assert!(report.contains("check the secrets (consumer secret from --consumer-secret, token secret from --token-secret)"));
    assert!(!report.contains("wrong"), "no secret in the report");
}

#[test]
fn each_check_fails_by_name() {
    let url = "http://h.example/r";
    let cases: [(&str, &str, &str); 10] = [
        // A repeated oauth_ header parameter is collected, and check_once reports it.
        (
            r#"OAuth oauth_consumer_key="k", oauth_consumer_key="k""#,
            "FAIL  parameters: oauth_consumer_key appears 2 times (header, header); RFC 5849 §3.1 allows one",
            "parameters",
        ),
        // Any other repeated header parameter cannot be collected.
        (
            r#"OAuth oauth_consumer_key="k", x="1", x="2""#,
            "FAIL  parameters: the Authorization header has a parameter twice (byte 37)",
            "parameters",
        ),
        (
            r#"OAuth oauth_consumer_key="k""#,
            "FAIL  signature method: oauth_signature_method is missing",
            "signature method",
        ),
        (
            r#"OAuth oauth_signature_method="HMAC-MD5""#,
            "FAIL  signature method: unknown signature method \"HMAC-MD5\"",
            "signature method",
        ),
        (
            r#"OAuth oauth_consumer_key="k", oauth_signature_method="HMAC-SHA1", oauth_signature="x", oauth_timestamp="1""#,
            "FAIL  required parameters: missing oauth_nonce (RFC 5849 §3.1)",
            "required parameters",
        ),
        (
            r#"OAuth oauth_consumer_key="k", oauth_signature_method="PLAINTEXT", oauth_signature="x", oauth_version="2.0""#,
            "FAIL  version: oauth_version is \"2.0\"; only 1.0 is defined (§3.1)",
            "version",
        ),
        (
            r#"OAuth oauth_consumer_key="k", oauth_signature_method="HMAC-SHA1", oauth_signature="x", oauth_timestamp="-5", oauth_nonce="n""#,
            "FAIL  timestamp: oauth_timestamp \"-5\" is not a positive integer (§3.3)",
            "timestamp",
        ),
        (
            r#"OAuth oauth_consumer_key="other", oauth_signature_method="PLAINTEXT", oauth_signature="x""#,
            "FAIL  consumer key: the request's oauth_consumer_key is \"other\", the credentials' (from --consumer-key) \"k\"",
            "consumer key",
        ),
        (
            r#"OAuth oauth_consumer_key="k", oauth_signature_method="PLAINTEXT", oauth_signature="s%26", oauth_body_hash="x""#,
            "FAIL  body hash: oauth_body_hash on a form-encoded request",
            "body hash",
        ),
        (
            r#"OAuth oauth_consumer_key="k", oauth_signature_method="PLAINTEXT", oauth_signature="s%26x""#,
            "FAIL  signature: oauth_signature does not match (PLAINTEXT)",
            "signature",
        ),
    ];
    for (header, fail, check) in cases {
        let report = report_of(
            oauthsig()
                .args([
                    "verify",
                    "--url",
                    url,
                    "-d",
                    "a=1",
                    "--consumer-key",
                    "k",
                    "--consumer-secret",
                    "s",
                ])
                .args(["--authorization", header]),
            1,
        );
        assert!(report.contains(fail), "{fail:?} missing from\n{report}");
        assert!(
            report.ends_with(&format!("result: invalid ({check})\n")),
            "{report}"
        );
    }
}

/// RFC 5849 §3.5: the protocol parameters travel in one location.
#[test]
fn mixed_locations_fail_the_location_check() {
    let header = r#"OAuth oauth_consumer_key="k", oauth_signature_method="PLAINTEXT", oauth_signature="s%26""#;
    let report = report_of(
        oauthsig()
            .args([
                "verify",
                "--url",
                "https://h.example/",
                "-d",
                "a=1&oauth_x=1",
            ])
            .args(["--consumer-secret", "s", "--authorization", header]),
        1,
    );
    assert!(
        report.contains(
            "ok    parameters: each protocol parameter appears once\n\
             FAIL  location: oauth_ parameters in the form body and the Authorization header; \
             RFC 5849 §3.5 allows one location\n"
        ),
        "{report}"
    );
    assert!(report.ends_with("result: invalid (location)\n"));
}

#[test]
fn duplicates_across_locations_and_tokens() {
    let header = r#"OAuth oauth_consumer_key="k", oauth_signature_method="PLAINTEXT", oauth_signature="s%26", oauth_nonce="n""#;
    let report = report_of(
        oauthsig()
            .args([
                "verify",
                "--url",
                "http://h.example/?oauth_nonce=m",
                "--consumer-secret",
                "s",
            ])
            .args(["--authorization", header]),
        1,
    );
    assert!(report.contains(
        "FAIL  parameters: oauth_nonce appears 2 times (query, header); RFC 5849 §3.1 allows one"
    ));
    // A token secret but no oauth_token: the client forgot the token.
    let report = report_of(
        oauthsig()
            .args([
                "verify",
                "--url",
                "http://h.example/",
                "--consumer-secret",
                "s",
                "--token-secret",
                "t",
            ])
            .args(["--authorization", header]),
        1,
    );
    assert!(
        report.contains("FAIL  token: the request has no oauth_token, but a token secret is given")
    );
    // And the PLAINTEXT request itself is fine.
    let report = report_of(
        oauthsig()
            .args([
                "verify",
                "--url",
                "http://h.example/",
                "--consumer-secret",
                "s",
            ])
            .args(["--authorization", header]),
        0,
    );
    assert!(report.contains("ok    token: none (two-legged request)"));
}

#[test]
fn verbose_verify_explains_on_stderr() {
    verify_rfc(&["-v", "-H", RFC_HEADER])
        .assert()
        .success()
        .stderr(
            predicate::str::contains(format!("signature base string:\n  {RFC_BASE_STRING}\n"))
                .and(predicate::str::contains(
                    "  header   oauth_nonce = \"7d8f3e4a\"\n",
                ))
                .and(predicate::str::contains(
                    "<consumer secret, 12 bytes>&<token secret, 12 bytes>",
                ))
                .and(predicate::str::contains("j49sk3j29djd").not()),
        );
}

#[test]
fn unreadable_requests_are_input_errors() {
    assert_eq!(
        error_of(
            &mut verify_rfc(&["--authorization", "OAuth oauth_nonce"]),
            2
        ),
        "error: malformed authorization header at byte 17: parameter without '='"
    );
    assert_eq!(
        error_of(&mut verify_rfc(&["-H", "Authorization"]), 2),
        "error: -H \"Authorization\": expected 'Name: value'"
    );
    assert_eq!(
        error_of(
            &mut verify_rfc(&["-H", RFC_HEADER, "--authorization", "OAuth a=\"1\""]),
            2
        ),
        "error: request has more than one authorization header"
    );
    assert_eq!(
        error_of(
            oauthsig().args([
                "verify",
                "--url",
                "http://h.example/?a=%",
                "--consumer-secret",
                "s"
            ]),
            2
        ),
        "error: url: malformed percent escape in the query at byte 20"
    );
    // The request has a token, so its secret is needed.
    assert_eq!(
        error_of(
            oauthsig()
                .args([
                    "verify",
                    "--method",
                    "POST",
                    "--url",
                    RFC_URL,
                    "-d",
                    "c2&a3=2+q"
                ])
                .args(["--consumer-secret", "j49sk3j29djd", "-H", RFC_HEADER]),
            2
        ),
        "error: the request carries oauth_token \"kkk9d7dh3k39sjv7\"; no token secret: give --token-secret, \
         token_secret in a --credentials file, or $OAUTHSIG_TOKEN_SECRET"
    );
}

/// A request valid by RFC 5849 can still differ from what the provider
/// computes: --expected-base-string is compared whatever the outcome.
#[test]
fn expected_base_string_is_compared_on_a_valid_request_too() {
    let provider = RFC_BASE_STRING.replace("POST&http%3A", "POST&https%3A");
    let report = report_of(
        &mut verify_rfc(&["-H", RFC_HEADER, "--expected-base-string", &provider]),
        0,
    );
    assert!(report.contains("ok    signature: HMAC-SHA1 signature matches\n"));
    assert!(report.contains("base string, expected (--expected-base-string):\n"));
    assert!(report.contains("first difference, ours against expected:\n"));
    assert!(report.contains("^ byte 9\n"), "{report}");
    assert!(report.ends_with("result: valid\n"));
    let report = report_of(
        &mut verify_rfc(&["-H", RFC_HEADER, "--expected-base-string", RFC_BASE_STRING]),
        0,
    );
    assert!(report.contains("expected and ours are identical\n"));
}
