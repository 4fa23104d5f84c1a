//! `oauthsig sign` and `oauthsig base-string` against published vectors:
//! RFC 5849 §3.4.1.1 and §1.2, and the body hash draft's Appendix A.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use predicates::prelude::*;

#[test]
fn rfc_3_4_1_1_header() {
    oauthsig()
        .args(rfc_sign_args())
        .assert()
        .success()
        .stdout(format!("{RFC_HEADER}\n"))
        .stderr("");
}

#[test]
fn rfc_3_4_1_1_base_string_needs_no_secret() {
    oauthsig()
        .args([
            "base-string",
            "--no-version",
            "--consumer-key",
            "9djdj82h48djs9d2",
            "--token",
            "kkk9d7dh3k39sjv7",
            "--timestamp",
            "137131201",
            "--nonce",
            "7d8f3e4a",
            "-d",
            "c2&a3=2+q",
            "POST",
            RFC_URL,
        ])
        .assert()
        .success()
        .stdout(format!("{RFC_BASE_STRING}\n"));
}

#[test]
fn base_string_takes_the_same_inputs_as_sign() {
    let mut args = rfc_sign_args();
    args[0] = "base-string".to_owned();
    oauthsig()
        .args(&args)
        .assert()
        .success()
        .stdout(format!("{RFC_BASE_STRING}\n"));
}

#[test]
fn oauth_version_is_sent_unless_no_version() {
    let args: Vec<String> = rfc_sign_args()
        .into_iter()
        .filter(|a| a != "--no-version")
        .collect();
    let header = stdout_of(oauthsig().args(&args));
    assert!(header.contains(r#"oauth_nonce="7d8f3e4a", oauth_version="1.0", oauth_signature=""#));
    assert!(
        !header.contains("r6%2FTJjbCOr97"),
        "signed with oauth_version: another signature"
    );
    let mut base_args = args.clone();
    base_args[0] = "base-string".to_owned();
    assert!(stdout_of(oauthsig().args(&base_args)).ends_with("%26oauth_version%3D1.0\n"));
}

#[test]
fn rfc_1_2_temporary_credentials_request_with_callback() {
    oauthsig()
        .args([
            "sign",
            "--no-version",
            "--realm",
            "Photos",
            "--consumer-key",
            "dpf43f3p2l4k3l03",
            "--consumer-secret",
            "kd94hf93k423kf44",
            "--timestamp",
            "137131200",
            "--nonce",
            "wIjqoS",
            "--callback",
            "http://printer.example.com/ready",
            "POST",
            "https://photos.example.net/initiate",
        ])
        .assert()
        .success()
        .stdout(concat!(
            r#"Authorization: OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03", "#,
            r#"oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131200", oauth_nonce="wIjqoS", "#,
            r#"oauth_callback="http%3A%2F%2Fprinter.example.com%2Fready", "#,
            r#"oauth_signature="74KNZJeDHnMBp0EMJ9ZHt%2FXKycU%3D""#,
            "\n"
        ));
}

#[test]
fn rfc_1_2_token_request_with_verifier() {
    oauthsig()
        .args([
            "sign",
            "--no-version",
            "--realm",
            "Photos",
            "--consumer-key",
            "dpf43f3p2l4k3l03",
            "--consumer-secret",
            "kd94hf93k423kf44",
            "--token",
            "hh5s93j4hdidpola",
            "--token-secret",
            "hdhd0244k9j7ao03",
            "--timestamp",
            "137131201",
            "--nonce",
            "walatlh",
            "--verifier",
            "hfdp7dh39dks9884",
            "POST",
            "https://photos.example.net/token",
        ])
        .assert()
        .success()
        .stdout(concat!(
            r#"Authorization: OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03", "#,
            r#"oauth_token="hh5s93j4hdidpola", oauth_signature_method="HMAC-SHA1", "#,
            r#"oauth_timestamp="137131201", oauth_nonce="walatlh", oauth_verifier="hfdp7dh39dks9884", "#,
            r#"oauth_signature="gKgrFCywp7rO0OXSjdot%2FIHF7IU%3D""#,
            "\n"
        ));
}

#[test]
fn url_output_carries_the_protocol_parameters_in_the_query() {
    let mut args = rfc_sign_args();
    args.retain(|a| a != "--realm" && a != "Example");
    args.insert(1, "--url".to_owned());
    oauthsig().args(&args).assert().success().stdout(format!(
        "{RFC_URL}&oauth_consumer_key=9djdj82h48djs9d2&oauth_token=kkk9d7dh3k39sjv7\
         &oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_nonce=7d8f3e4a\
         &oauth_signature=r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D\n"
    ));
}

/// The form body as given, byte for byte (as `--url` keeps the query), with
/// the protocol parameters appended by the engine.
#[test]
fn postdata_output_appends_the_protocol_parameters_to_the_form() {
    let mut args = rfc_sign_args();
    args.retain(|a| a != "--realm" && a != "Example");
    args.insert(1, "--postdata".to_owned());
    oauthsig().args(&args).assert().success().stdout(
        "c2&a3=2+q&oauth_consumer_key=9djdj82h48djs9d2&oauth_token=kkk9d7dh3k39sjv7\
         &oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_nonce=7d8f3e4a\
         &oauth_signature=r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D\n",
    );
}

#[test]
fn realm_goes_only_in_the_header() {
    let mut args = rfc_sign_args();
    args.insert(1, "--url".to_owned());
    oauthsig()
        .args(&args)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--realm"));
}

#[test]
fn curl_command_is_shell_quoted_and_complete() {
    let mut args = rfc_sign_args();
    args.insert(1, "--curl".to_owned());
    let line = stdout_of(oauthsig().args(&args));
    assert_eq!(line.lines().count(), 1);
    let words = shlex::split(&line).expect("valid shell words");
    // POST with a body is what curl infers: no -X.
    assert_eq!(
        words,
        ["curl", "-H", RFC_HEADER, "--data-raw", "c2&a3=2+q", RFC_URL]
    );
}

#[test]
fn curl_command_for_a_file_body_and_an_odd_method() {
    let dir = tempfile::tempdir().unwrap();
    let body = dir.path().join("hello world.txt");
    std::fs::write(&body, "Hello World!").unwrap();
    let line = stdout_of(oauthsig().args([
        "sign",
        "--curl",
        "--consumer-key",
        "consumer",
        "--consumer-secret",
        "con-test-secret",
        "--body",
        body.to_str().unwrap(),
        "--content-type",
        "text/plain",
        "PUT",
        "http://www.example.com/resource?tags[]=a",
    ]));
    let words = shlex::split(&line).expect("valid shell words");
    assert_eq!(&words[..3], ["curl", "-X", "PUT"]);
    assert!(words[4].contains(r#"oauth_body_hash="Lve95gjOVATpfV8EL5X4nxwjKHE%3D""#));
    assert_eq!(
        &words[5..],
        [
            "-H",
            "Content-Type: text/plain",
            "--data-binary",
            &format!("@{}", body.display()),
            "--globoff",
            "http://www.example.com/resource?tags[]=a"
        ]
    );
}

#[test]
fn curl_quotes_single_quotes_in_data() {
    let line = stdout_of(
        oauthsig()
            .args([
                "sign",
                "--curl",
                "--consumer-key",
                "k",
                "--consumer-secret",
                "s",
            ])
            .args(["-d", "status=it's $HOME", "POST", "http://h.example/"]),
    );
    let words = shlex::split(&line).unwrap();
    assert_eq!(words[3..5], ["--data-raw", "status=it's $HOME"]);
}

#[test]
fn data_is_joined_like_curl_and_read_from_files() {
    let dir = tempfile::tempdir().unwrap();
    let form = dir.path().join("form");
    std::fs::write(&form, "a3=2+q\n").unwrap();
    let mut args = rfc_sign_args();
    let at = args.iter().position(|a| a == "c2&a3=2+q").unwrap();
    args[at] = "c2".to_owned();
    args.splice(
        at + 1..at + 1,
        ["-d".to_owned(), format!("@{}", form.display())],
    );
    oauthsig()
        .args(&args)
        .assert()
        .success()
        .stdout(format!("{RFC_HEADER}\n"));
}

#[test]
fn data_from_stdin() {
    let mut args = rfc_sign_args();
    let at = args.iter().position(|a| a == "c2&a3=2+q").unwrap();
    args[at] = "@-".to_owned();
    oauthsig()
        .args(&args)
        .write_stdin("c2&a3=2+q\n")
        .assert()
        .success()
        .stdout(format!("{RFC_HEADER}\n"));
}

/// The body hash draft's Appendix A PUT: its published base string.
#[test]
fn body_hash_of_a_file_body() {
    let dir = tempfile::tempdir().unwrap();
    let body = dir.path().join("hello");
    std::fs::write(&body, "Hello World!").unwrap();
    oauthsig()
        .args([
            "base-string",
            "--consumer-key",
            "consumer",
            "--token",
            "token",
            "--nonce",
            "10369470270925",
            "--timestamp",
            "1236874236",
            "--body",
            body.to_str().unwrap(),
            "--content-type",
            "text/plain",
            "PUT",
            "http://www.example.com/resource",
        ])
        .assert()
        .success()
        .stdout(
            "PUT&http%3A%2F%2Fwww.example.com%2Fresource&oauth_body_hash%3DLve95gjOVATpfV8EL5X4nxwjKHE%253D\
             %26oauth_consumer_key%3Dconsumer%26oauth_nonce%3D10369470270925%26oauth_signature_method%3DHMAC-SHA1\
             %26oauth_timestamp%3D1236874236%26oauth_token%3Dtoken%26oauth_version%3D1.0\n",
        );
}

#[test]
fn body_hash_of_stdin_and_opaque_data_and_no_body_hash() {
    let base = [
        "sign",
        "--consumer-key",
        "consumer",
        "--consumer-secret",
        "con-test-secret",
    ];
    let from_stdin = stdout_of(
        oauthsig()
            .args(base)
            .args([
                "--body",
                "-",
                "--content-type",
                "text/plain",
                "PUT",
                "http://www.example.com/resource",
            ])
            .write_stdin("Hello World!"),
    );
    assert!(from_stdin.contains(r#"oauth_body_hash="Lve95gjOVATpfV8EL5X4nxwjKHE%3D""#));
    let json = stdout_of(oauthsig().args(base).args([
        "-d",
        r#"{"a":1}"#,
        "--content-type",
        "application/json",
        "POST",
        "http://www.example.com/resource",
    ]));
    assert!(
        json.contains("oauth_body_hash="),
        "a JSON -d body is hashed, not signed as a form"
    );
    let unhashed = stdout_of(
        oauthsig()
            .args(base)
            .args([
                "--no-body-hash",
                "--body",
                "-",
                "--content-type",
                "text/plain",
                "PUT",
                "http://www.example.com/resource",
            ])
            .write_stdin("Hello World!"),
    );
    assert!(!unhashed.contains("oauth_body_hash"));
    let form =
        stdout_of(
            oauthsig()
                .args(base)
                .args(["-d", "a=1", "POST", "http://www.example.com/r"]),
        );
    assert!(
        !form.contains("oauth_body_hash"),
        "form bodies are signed, never hashed"
    );
}

#[test]
fn signature_methods() {
    let sign = |method: &str| {
        stdout_of(oauthsig().args([
            "sign",
            "--signature-method",
            method,
            "--consumer-key",
            "k",
            "--consumer-secret",
            "c s",
            "--token",
            "t",
            "--token-secret",
            "t&s",
            "GET",
            "https://h.example/",
        ]))
    };
    assert!(sign("HMAC-SHA256").contains(r#"oauth_signature_method="HMAC-SHA256""#));
    assert!(sign("hmac-sha1").contains(r#"oauth_signature_method="HMAC-SHA1""#));
    // PLAINTEXT (§3.4.4): the encoded key, encoded once more in the header.
    assert!(sign("PLAINTEXT").contains(r#"oauth_signature="c%2520s%26t%2526s""#));
}

#[test]
fn extra_protocol_parameters() {
    let header = stdout_of(oauthsig().args([
        "sign",
        "--consumer-key",
        "k",
        "--consumer-secret",
        "s",
        "--param",
        "oauth_session_handle=h 1",
        "GET",
        "http://h.example/",
    ]));
    assert!(header.contains(r#"oauth_session_handle="h%201", oauth_signature="#));
    let url = stdout_of(oauthsig().args([
        "sign",
        "--url",
        "--consumer-key",
        "k",
        "--consumer-secret",
        "s",
        "--param",
        "q=a b",
        "GET",
        "http://h.example/",
    ]));
    assert!(url.contains("&q=a%20b&oauth_signature="));
}

#[test]
fn verbose_explains_on_stderr_with_secrets_masked() {
    let mut args = rfc_sign_args();
    args.insert(1, "--verbose".to_owned());
    let output = oauthsig().args(&args).output().unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!("{RFC_HEADER}\n")
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    for expected in [
        "parameters (source, name, decoded value; in order of collection):\n",
        "  query    b5 = \"=%3D\"\n",
        "  query    c@ = \"\"\n",
        "  body     a3 = \"2 q\"\n",
        "  protocol oauth_token = \"kkk9d7dh3k39sjv7\"\n",
        "normalized parameters:\n  a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&oauth_consumer_key=9djdj82h48djs9d2&oauth_nonce=7d8f3e4a&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_token=kkk9d7dh3k39sjv7\n",
        "base string uri:\n  http://example.com/request\n",
        &format!("signature base string:\n  {RFC_BASE_STRING}\n"),
        "signing key (HMAC-SHA1):\n  <consumer secret, 12 bytes>&<token secret, 12 bytes>\n",
        "  consumer secret from --consumer-secret; token secret from --token-secret\n",
        "signature:\n  r6/TJjbCOr97/+UU0NsvSne7s5g=\n",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in\n{stderr}"
        );
    }
    assert!(!stderr.contains("j49sk3j29djd") && !stderr.contains("dh893hdasih9"));
}

#[test]
fn show_secrets_shows_the_key() {
    let mut args = rfc_sign_args();
    args.splice(1..1, ["-v".to_owned(), "--show-secrets".to_owned()]);
    oauthsig()
        .args(&args)
        .assert()
        .success()
        .stdout(format!("{RFC_HEADER}\n"))
        .stderr(predicate::str::contains(
            "signing key (HMAC-SHA1):\n  j49sk3j29djd&dh893hdasih9\n",
        ));
    let mut args = rfc_sign_args();
    args.insert(1, "--show-secrets".to_owned());
    oauthsig().args(&args).assert().code(2);
}

#[test]
fn verbose_masks_a_plaintext_signature() {
    let output = oauthsig()
        .args([
            "sign",
            "-v",
            "--signature-method",
            "PLAINTEXT",
            "--consumer-key",
            "k",
        ])
        .args([
            "--consumer-secret",
            "supersecret",
            "GET",
            "https://h.example/",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("signature:\n  <the signing key, 12 bytes>\n"),
        "{stderr}"
    );
    assert!(stderr.contains("signing key (PLAINTEXT):\n  <consumer secret, 11 bytes>&\n"));
    assert!(!stderr.contains("supersecret"));
}

#[test]
fn fresh_nonce_and_timestamp_without_pins() {
    let args = [
        "sign",
        "--consumer-key",
        "k",
        "--consumer-secret",
        "s",
        "GET",
        "http://h.example/",
    ];
    let a = stdout_of(oauthsig().args(args));
    let b = stdout_of(oauthsig().args(args));
    assert_ne!(a, b, "each run has its own nonce");
    let nonce = predicate::str::is_match(r#"oauth_nonce="[A-Za-z0-9]{30}""#).unwrap();
    assert!(nonce.eval(&a));
    let timestamp = predicate::str::is_match(r#"oauth_timestamp="[1-9][0-9]{9,}""#).unwrap();
    assert!(timestamp.eval(&a));
}

/// PLAINTEXT's signature is the secrets: over plain http RFC 5849 §3.4.4
/// forbids it, so `sign` refuses unless told, and then warns.
#[test]
fn plaintext_over_http_needs_the_flag_and_warns() {
    let args = |url: &str| {
        vec![
            "sign",
            "--signature-method",
            "PLAINTEXT",
            "--consumer-key",
            "ck",
            "--consumer-secret",
            "cs-secret",
            "GET",
            url,
        ]
        .into_iter()
        .map(str::to_owned)
        .collect::<Vec<_>>()
    };
    oauthsig()
        .args(args("http://example.com/x"))
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains("RFC 5849 §3.4.4")
                .and(predicate::str::contains("--allow-plaintext-over-http"))
                .and(predicate::str::contains("cs-secret").not()),
        );
    let mut allowed = args("http://example.com/x");
    allowed.insert(1, "--allow-plaintext-over-http".to_owned());
    oauthsig()
        .args(&allowed)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            r#"oauth_signature="cs-secret%26""#,
        ))
        .stderr(predicate::str::contains("warning: PLAINTEXT over http"));
    // Over https: neither refused nor warned about.
    oauthsig()
        .args(args("https://example.com/x"))
        .assert()
        .success()
        .stderr("");
}

#[test]
fn only_http_and_https_urls_are_signed() {
    oauthsig()
        .args([
            "sign",
            "--consumer-key",
            "ck",
            "--consumer-secret",
            "cs",
            "GET",
            "ftp://example.com/x",
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("url scheme must be http or https"));
}
