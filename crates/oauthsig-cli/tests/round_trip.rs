//! `sign` fed to `verify` with the same inputs: valid for every signature
//! method, body kind and placement, and invalid once one byte of the
//! signature is changed. Both commands call the one engine, so they cannot
//! disagree on a rule (parameters signed, body hash, base string). The RSA
//! methods sign with `--private-key` in each private format and verify with
//! `--public-key` in each public one.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use std::path::Path;

/// Consumer and token credentials, from the environment.
const CREDENTIALS: [(&str, &str); 4] = [
    ("OAUTHSIG_CONSUMER_KEY", "9djdj82h48djs9d2"),
    ("OAUTHSIG_CONSUMER_SECRET", "j49sk3j29djd"),
    ("OAUTHSIG_TOKEN", "kkk9d7dh3k39sjv7"),
    ("OAUTHSIG_TOKEN_SECRET", "dh893hdasih9"),
];

/// https, so PLAINTEXT (§3.4.4) is sent as it should be.
const URL: &str = "https://api.example.com/1/items?q=a%20b&tags=x,y";

/// The body hash draft's Appendix A body and its SHA-1 body hash.
const OPAQUE: &str = "Hello World!";
const OPAQUE_SHA1: &str = "Lve95gjOVATpfV8EL5X4nxwjKHE=";

#[derive(Clone, Copy, Debug)]
enum BodyKind {
    None,
    Form,
    Opaque,
}

#[derive(Clone, Copy, Debug)]
enum Placement {
    Header,
    Url,
    Postdata,
}

/// The body options of `kind`, the same for `sign` and `verify`.
fn body_args(kind: BodyKind, file: &Path) -> Vec<String> {
    let args: Vec<&str> = match kind {
        BodyKind::None => vec![],
        BodyKind::Form => vec!["-d", "status=hi there&n=1"],
        BodyKind::Opaque => vec![
            "--body",
            file.to_str().unwrap(),
            "--content-type",
            "application/json",
        ],
    };
    args.into_iter().map(str::to_owned).collect()
}

/// `sign` with `method`, the options `extra`, the body of `kind`, placed
/// as `placement`: its one output line.
fn sign(
    method: &str,
    extra: &[String],
    kind: BodyKind,
    placement: Placement,
    file: &Path,
) -> String {
    let mut command = oauthsig();
    command
        .envs(CREDENTIALS)
        .args(["sign", "--signature-method", method])
        .args(extra)
        .args(body_args(kind, file));
    match placement {
        Placement::Header => {}
        Placement::Url => {
            command.arg("--url");
        }
        Placement::Postdata => {
            command.arg("--postdata");
        }
    }
    let out = stdout_of(command.args(["POST", URL]));
    out.trim_end().to_owned()
}

/// `verify` of what `sign` printed, with the options `extra` and the same
/// inputs; the report and the exit code.
fn verify(
    extra: &[String],
    kind: BodyKind,
    placement: Placement,
    signed: &str,
    file: &Path,
) -> (String, i32) {
    let mut command = oauthsig();
    command
        .envs(CREDENTIALS)
        .args(["verify", "-X", "POST"])
        .args(extra);
    match placement {
        Placement::Header => command
            .args(["--url", URL, "-H", signed])
            .args(body_args(kind, file)),
        Placement::Url => command.args(["--url", signed]).args(body_args(kind, file)),
        // The signed form body is the body.
        Placement::Postdata => command.args(["--url", URL, "-d", signed]),
    };
    let output = command.output().unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        output.status.code().unwrap_or(-1),
    )
}

/// `signed` with one byte of its `oauth_signature` value changed (the
/// first letter or digit, so the text stays well-formed).
fn tampered(signed: &str) -> String {
    let start = signed.find("oauth_signature=").unwrap() + "oauth_signature=".len();
    let at = start
        + signed[start..]
            .bytes()
            .position(|b| b.is_ascii_alphanumeric())
            .unwrap();
    let mut bytes = signed.as_bytes().to_vec();
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    String::from_utf8(bytes).unwrap()
}

/// Every body kind and placement; --postdata needs a form body or none
/// (§3.5.2).
const CASES: [(BodyKind, Placement); 8] = [
    (BodyKind::None, Placement::Header),
    (BodyKind::None, Placement::Url),
    (BodyKind::None, Placement::Postdata),
    (BodyKind::Form, Placement::Header),
    (BodyKind::Form, Placement::Url),
    (BodyKind::Form, Placement::Postdata),
    (BodyKind::Opaque, Placement::Header),
    (BodyKind::Opaque, Placement::Url),
];

#[test]
fn every_method_body_and_placement_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("item.json");
    std::fs::write(&file, OPAQUE).unwrap();
    for method in ["HMAC-SHA1", "HMAC-SHA256", "HMAC-SHA512", "PLAINTEXT"] {
        for (kind, placement) in CASES {
            let case = format!("{method}, {kind:?} body, {placement:?}");
            let signed = sign(method, &[], kind, placement, &file);
            let (report, code) = verify(&[], kind, placement, &signed, &file);
            assert_eq!(code, 0, "{case}: {signed}\n{report}");
            assert!(report.ends_with("result: valid\n"), "{case}\n{report}");
            if let BodyKind::Opaque = kind {
                assert!(
                    report.contains(&format!("ok    body hash: {OPAQUE_SHA1} matches the body")),
                    "{case}\n{report}"
                );
            }
            let (report, code) = verify(&[], kind, placement, &tampered(&signed), &file);
            assert_eq!(code, 1, "{case}: tampered\n{report}");
            assert!(
                report.contains(&format!(
                    "FAIL  signature: oauth_signature does not match ({method})\n"
                )),
                "{case}: tampered\n{report}"
            );
            assert!(report.ends_with("result: invalid (signature)\n"));
        }
    }
}

/// The private key in each format `sign` reads: PKCS#1 PEM, PKCS#8 DER,
/// and encrypted PKCS#8 with its passphrase from a file.
fn private_key_formats(dir: &Path) -> [Vec<String>; 3] {
    let passphrase = secret_file(dir, "passphrase", b"correct-horse\n");
    let arg = |name: &str| private_key(dir, name).to_str().unwrap().to_owned();
    [
        vec!["--private-key".to_owned(), arg("rsa2048.pkcs1.pem")],
        vec!["--private-key".to_owned(), arg("rsa2048.pkcs8.der")],
        vec![
            "--private-key".to_owned(),
            arg("rsa2048.encrypted.pem"),
            "--passphrase-file".to_owned(),
            passphrase.to_str().unwrap().to_owned(),
        ],
    ]
}

/// The public key in each format `verify` reads.
const PUBLIC_KEY_FORMATS: [&str; 6] = [
    "rsa2048.spki.pem",
    "rsa2048.cert.pem",
    // The bare base64 of Jira's application link.
    "rsa2048.spki.b64",
    "rsa2048.spki.der",
    "rsa2048.pkcs1-public.pem",
    "rsa2048.cert.der",
];

/// RSA (RFC 5849 §3.4.3) signs with the private key alone, whatever the
/// secrets in the environment, and verifies with the public key alone.
/// RSASSA-PKCS1-v1_5 is deterministic, so with the nonce and timestamp
/// pinned every format of the private key signs alike.
#[test]
fn every_rsa_method_body_placement_and_key_format_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("item.json");
    std::fs::write(&file, OPAQUE).unwrap();
    let private = private_key_formats(dir.path());
    let pinned = ["--timestamp", "137131201", "--nonce", "7d8f3e4a"].map(str::to_owned);
    let mut formats = PUBLIC_KEY_FORMATS.iter().cycle();
    for method in ["RSA-SHA1", "RSA-SHA256", "RSA-SHA512"] {
        for (kind, placement) in CASES {
            let case = format!("{method}, {kind:?} body, {placement:?}");
            let signed: Vec<String> = private
                .iter()
                .map(|key| sign(method, &[key, &pinned[..]].concat(), kind, placement, &file))
                .collect();
            assert!(signed.iter().all(|s| *s == signed[0]), "{case}: {signed:?}");
            let signed = &signed[0];
            for public in [formats.next().unwrap(), formats.next().unwrap()] {
                let key = test_key(public).to_str().unwrap().to_owned();
                let extra = ["--public-key".to_owned(), key];
                let (report, code) = verify(&extra, kind, placement, signed, &file);
                assert_eq!(code, 0, "{case}, {public}: {signed}\n{report}");
                assert!(
                    report.contains(&format!("ok    signature: {method} signature matches\n")),
                    "{case}, {public}\n{report}"
                );
                if let BodyKind::Opaque = kind {
                    assert!(
                        report
                            .contains(&format!("ok    body hash: {OPAQUE_SHA1} matches the body")),
                        "{case}\n{report}"
                    );
                }
            }
            let key = test_key(PUBLIC_KEY_FORMATS[0]).to_str().unwrap().to_owned();
            let extra = ["--public-key".to_owned(), key];
            let (report, code) = verify(&extra, kind, placement, &tampered(signed), &file);
            assert_eq!(code, 1, "{case}: tampered\n{report}");
            assert!(
                report.contains(&format!(
                    "FAIL  signature: oauth_signature does not match ({method})\n"
                )),
                "{case}: tampered\n{report}"
            );
            assert!(report.ends_with("result: invalid (signature)\n"));
        }
    }
}

/// The drift bug: `verify` once checked an HMAC-SHA256 request's body hash
/// with SHA-256 while `sign` (as every client) sent SHA-1, so the command's
/// own output failed `FAIL body hash`. Both now take the engine's rule:
/// clients send SHA-1; a server takes SHA-1 with every method.
#[test]
fn hmac_sha256_json_body_signed_then_verified_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.json");
    std::fs::write(&file, OPAQUE).unwrap();
    let file = file.to_str().unwrap();
    let body = ["--body", file, "--content-type", "application/json"];
    let header = stdout_of(
        oauthsig()
            .envs(CREDENTIALS)
            .args(["sign", "--signature-method", "HMAC-SHA256"])
            .args(body)
            .args(["POST", URL]),
    );
    assert!(
        header.contains(r#"oauth_body_hash="Lve95gjOVATpfV8EL5X4nxwjKHE%3D""#),
        "SHA-1 of the body, whatever the method: {header}"
    );
    let (report, code) = {
        let output = oauthsig()
            .envs(CREDENTIALS)
            .args(["verify", "-X", "POST", "--url", URL])
            .args(body)
            .args(["-H", header.trim_end()])
            .output()
            .unwrap();
        (
            String::from_utf8(output.stdout).unwrap(),
            output.status.code(),
        )
    };
    assert_eq!(code, Some(0), "{report}");
    assert!(report.contains(&format!(
        "ok    body hash: {OPAQUE_SHA1} matches the body (12 bytes, SHA-1)\n"
    )));
    assert!(report.contains("ok    signature: HMAC-SHA256 signature matches\n"));
    assert!(report.ends_with("result: valid\n"), "{report}");
}
