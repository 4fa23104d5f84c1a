//! Values are octets (RFC 5849 §3.4.1.3.1 decodes, §3.6 encodes bytes): a
//! Latin-1 `Mal%E9` in a query or form body is signed as the byte `0xE9`,
//! and every printed parameter list shows such a byte escaped (`\xE9`),
//! never replaced.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;

const URL: &str = "https://h.example/search?city=Mal%E9";
const FORM: &str = "name=Jos%E9&q=a%5Cb";

/// `sign`/`base-string` options for the Latin-1 request, nonce and
/// timestamp pinned.
fn request(command: &str) -> Vec<&str> {
    vec![
        command,
        "--consumer-key",
        "ck",
        "--consumer-secret",
        "cs",
        "--timestamp",
        "137131201",
        "--nonce",
        "n",
        "--no-version",
        "-d",
        FORM,
        "POST",
        URL,
    ]
}

#[test]
fn latin1_query_and_form_are_signed_as_octets() {
    let base = stdout_of(oauthsig().args(request("base-string")));
    assert_eq!(
        base,
        "POST&https%3A%2F%2Fh.example%2Fsearch&city%3DMal%25E9%26name%3DJos%25E9\
         %26oauth_consumer_key%3Dck%26oauth_nonce%3Dn%26oauth_signature_method%3DHMAC-SHA1\
         %26oauth_timestamp%3D137131201%26q%3Da%255Cb\n"
    );
    let mut args = request("sign");
    args.insert(1, "--verbose");
    let output = oauthsig().args(&args).output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    for line in [
        "  query    city = \"Mal\\xE9\"\n",
        "  body     name = \"Jos\\xE9\"\n",
        // A literal backslash is escaped, so it cannot pass for a byte escape.
        "  body     q = \"a\\\\b\"\n",
    ] {
        assert!(stderr.contains(line), "{line:?} missing from\n{stderr}");
    }
    assert!(!stderr.contains('\u{fffd}'), "nothing replaced:\n{stderr}");

    // verify reads it back as the same octets.
    let header = String::from_utf8(output.stdout).unwrap();
    let output = oauthsig()
        .args(["verify", "-v", "--url", URL, "-d", FORM])
        .args(["--consumer-key", "ck", "--consumer-secret", "cs"])
        .args(["-H", header.trim_end()])
        .output()
        .unwrap();
    let report = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{report}");
    assert!(report.ends_with("result: valid\n"));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("  query    city = \"Mal\\xE9\"\n"),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("signature base string:\n  {}", base)));
}

#[test]
fn a_latin1_protocol_value_is_reported_escaped() {
    // PLAINTEXT over https: the token check names the token byte for byte.
    let header = r#"OAuth oauth_consumer_key="ck", oauth_token="t%E9", oauth_signature_method="PLAINTEXT", oauth_signature="cs%26ts""#;
    let output = oauthsig()
        .args([
            "verify",
            "--url",
            "https://h.example/",
            "--authorization",
            header,
        ])
        .args([
            "--consumer-secret",
            "cs",
            "--token",
            "t",
            "--token-secret",
            "ts",
        ])
        .output()
        .unwrap();
    let report = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1), "{report}");
    assert!(
        report.contains(
            "FAIL  token: the request's oauth_token is \"t\\xE9\", the credentials' (from --token) \"t\"\n"
        ),
        "{report}"
    );
}

/// `token` prints what the library's `Token` parses; a field that is not
/// UTF-8 is refused by name, never shown with a replacement character.
#[test]
fn token_never_replaces_a_byte() {
    let output = oauthsig()
        .args(["token", "oauth_token=a&oauth_token_secret=b&city=Mal%E9"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr,
        "error: credentials response: the field at byte 35 is not utf-8 (decoded byte 3)\n"
    );
    oauthsig()
        .args(["token", "oauth_token=a&oauth_token_secret=b&x=a%5Cn%22"])
        .assert()
        .success()
        .stdout("oauth_token: a\noauth_token_secret: b\nx: a\\\\n\\\"\n");
}
