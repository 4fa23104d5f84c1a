//! `sign` fed to `verify` with the same inputs: valid for every signature
//! method, body kind and placement, and invalid once one byte of the
//! signature is changed. Both commands call the one engine, so they cannot
//! disagree on a rule (parameters signed, body hash, base string).

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

/// `sign` with `method`, the body of `kind`, placed as `placement`: its
/// one output line.
fn sign(method: &str, kind: BodyKind, placement: Placement, file: &Path) -> String {
    let mut command = oauthsig();
    command
        .envs(CREDENTIALS)
        .args(["sign", "--signature-method", method])
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

/// `verify` of what `sign` printed, with the same inputs; the report and
/// the exit code.
fn verify(kind: BodyKind, placement: Placement, signed: &str, file: &Path) -> (String, i32) {
    let mut command = oauthsig();
    command.envs(CREDENTIALS).args(["verify", "-X", "POST"]);
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

#[test]
fn every_method_body_and_placement_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("item.json");
    std::fs::write(&file, OPAQUE).unwrap();
    let cases = [
        (BodyKind::None, Placement::Header),
        (BodyKind::None, Placement::Url),
        (BodyKind::None, Placement::Postdata),
        (BodyKind::Form, Placement::Header),
        (BodyKind::Form, Placement::Url),
        (BodyKind::Form, Placement::Postdata),
        // --postdata needs a form body or none (§3.5.2).
        (BodyKind::Opaque, Placement::Header),
        (BodyKind::Opaque, Placement::Url),
    ];
    for method in ["HMAC-SHA1", "HMAC-SHA256", "PLAINTEXT"] {
        for (kind, placement) in cases {
            let case = format!("{method}, {kind:?} body, {placement:?}");
            let signed = sign(method, kind, placement, &file);
            let (report, code) = verify(kind, placement, &signed, &file);
            assert_eq!(code, 0, "{case}: {signed}\n{report}");
            assert!(report.ends_with("result: valid\n"), "{case}\n{report}");
            if let BodyKind::Opaque = kind {
                assert!(
                    report.contains(&format!("ok    body hash: {OPAQUE_SHA1} matches the body")),
                    "{case}\n{report}"
                );
            }
            let (report, code) = verify(kind, placement, &tampered(&signed), &file);
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
