//! RSA-SHA1 (RFC 5849 §3.4.3), RSA-SHA256 and RSA-SHA512 through the
//! command: the published vectors reproduced by `sign`, `base-string` and
//! `verify`; every key problem refused with the file named and no key
//! material shown; a credential of the wrong kind reported as such; the
//! base-string diagnoses offered for RSA and the secret-side ones not. The
//! round trip over every method, body, placement and key format is in
//! `round_trip.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use std::path::Path;

const PUBLIC_JSON: &str = include_str!("../../oauthsig-core/tests/data/public.json");

/// The published vector `id` of `public.json`, and its key table.
fn vector(id: &str) -> (serde_json::Value, serde_json::Value) {
    let all: serde_json::Value = serde_json::from_str(PUBLIC_JSON).unwrap();
    let found = all["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == id)
        .unwrap_or_else(|| panic!("vector {id}"))
        .clone();
    (found, all["keys"].clone())
}

/// The key a vector names as "keys.NAME".
fn key_of(keys: &serde_json::Value, reference: &serde_json::Value) -> String {
    let name = reference.as_str().unwrap().strip_prefix("keys.").unwrap();
    keys[name].as_str().unwrap().to_owned()
}

/// The quoted `oauth_signature` value of a header, as sent.
fn signature_item(header: &str) -> &str {
    let start = header.find("oauth_signature=\"").unwrap() + "oauth_signature=\"".len();
    let end = start + header[start..].find('"').unwrap();
    &header[start..end]
}

/// The report and exit code of a command.
fn report_of(command: &mut assert_cmd::Command) -> (String, String, i32) {
    let output = command.output().unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
        output.status.code().unwrap_or(-1),
    )
}

/// `sign` of a two-legged GET with the private key `key`.
fn sign_with(key: &Path, method: &str, url: &str, extra: &[&str]) -> String {
    stdout_of(
        oauthsig()
            .args(["sign", "--signature-method", method, "--consumer-key", "ck"])
            .arg("--private-key")
            .arg(key)
            .args(extra)
            .args(["GET", url]),
    )
    .trim_end()
    .to_owned()
}

/// oauthlib's client test: its 1024-bit key, accepted with a warning, and
/// its base string and signature, byte for byte.
#[test]
fn oauthlib_client_header_rsa_sha1_vector() {
    let (v, keys) = vector("oauthlib-client-header-rsa-sha1");
    let (input, expected) = (&v["input"], &v["expected"]);
    let dir = tempfile::tempdir().unwrap();
    let pem = key_of(&keys, &input["rsa_key"]);
    let key = secret_file(dir.path(), "oauthlib.pem", pem.as_bytes());
    let args = [
        "--signature-method",
        "RSA-SHA1",
        "--consumer-key",
        input["client_key"].as_str().unwrap(),
        "--timestamp",
        input["timestamp"].as_str().unwrap(),
        "--nonce",
        input["nonce"].as_str().unwrap(),
        input["method"].as_str().unwrap(),
        input["url"].as_str().unwrap(),
    ];
    let base = stdout_of(oauthsig().arg("base-string").args(args));
    assert_eq!(
        base.trim_end(),
        expected["signature_base_string"].as_str().unwrap()
    );
    let output = oauthsig()
        .args(["sign", "--private-key", key.to_str().unwrap()])
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let header = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        signature_item(&header),
        signature_item(expected["authorization_header"].as_str().unwrap())
    );
    assert!(header.contains("oauth_consumer_key=\"client_key\""));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr,
        format!(
            "warning: --private-key {}: a 1024-bit RSA key; use 2048 bits or more (NIST SP 800-131A)\n",
            key.display()
        )
    );
}

/// The oauth.net wiki's RSA-SHA1 case, signed from its request and checked
/// with its X.509 certificate.
#[test]
fn wiki_rsa_sha1_vector_signs_and_verifies_with_its_certificate() {
    let (v, keys) = vector("wiki-rsa-sha1");
    let input = &v["input"];
    let request = &input["request"];
    let dir = tempfile::tempdir().unwrap();
    let key = secret_file(
        dir.path(),
        "wiki.pem",
        key_of(&keys, &input["private_key"]).as_bytes(),
    );
    let cert = dir.path().join("wiki.crt");
    std::fs::write(&cert, key_of(&keys, &input["public_cert"])).unwrap();
    let param = |name: &str| {
        request["oauth_params"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p[0] == name)
            .unwrap()[1]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let url = request["url"].as_str().unwrap();
    let header = stdout_of(
        oauthsig()
            .args(["sign", "--signature-method", "RSA-SHA1"])
            .args(["--consumer-key", &param("oauth_consumer_key")])
            .args(["--timestamp", &param("oauth_timestamp")])
            .args(["--nonce", &param("oauth_nonce")])
            .arg("--private-key")
            .arg(&key)
            .args([request["method"].as_str().unwrap(), url]),
    );
    let signature = v["expected"]["signature"].as_str().unwrap();
    let encoded = signature
        .replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D");
    assert!(
        header.contains(&format!("oauth_signature=\"{encoded}\"")),
        "{header}"
    );
    let (report, _, code) = report_of(
        oauthsig()
            .args(["verify", "--url", url, "-H", header.trim_end()])
            .arg("--public-key")
            .arg(&cert),
    );
    assert_eq!(code, 0, "{report}");
    assert!(report.contains("ok    signature: RSA-SHA1 signature matches\n"));
}

/// One byte of a signed part changed: verify fails, and the diff against
/// what was signed has its caret on that byte. The URL-side mistakes are
/// tried with the public key; the secret-side ones are never offered.
#[test]
fn a_changed_byte_fails_with_the_diff_shown() {
    let dir = tempfile::tempdir().unwrap();
    let key = private_key(dir.path(), "rsa2048.pkcs8.pem");
    let public = test_key("rsa2048.spki.pem");
    let url = "https://h.example/a?q=1";
    let pinned = ["--timestamp", "137131201", "--nonce", "7d8f3e4a"];
    let header = sign_with(&key, "RSA-SHA256", url, &pinned);
    let base = stdout_of(
        oauthsig()
            .args(["base-string", "--consumer-key", "ck"])
            .args(["--signature-method", "RSA-SHA256"])
            .args(pinned)
            .args(["GET", url]),
    );
    let verify = |url: &str, extra: &[&str]| {
        report_of(
            oauthsig()
                .args(["verify", "--url", url, "-H", &header])
                .arg("--public-key")
                .arg(&public)
                .args(extra),
        )
    };
    // q=1 received as q=2, with the base string the client signed.
    let (report, _, code) = verify(
        "https://h.example/a?q=2",
        &["--expected-base-string", base.trim_end()],
    );
    assert_eq!(code, 1, "{report}");
    assert!(report.contains("FAIL  signature: oauth_signature does not match (RSA-SHA256)\n"));
    assert!(report.contains(
        "the presented signature was made over the expected base string, so the request \
         differs from what was signed"
    ));
    let at = base.find("q%3D1").unwrap() + 4;
    assert!(
        report.contains("first difference, ours against expected:\n"),
        "{report}"
    );
    assert!(report.contains(&format!("^ byte {at}\n")), "{report}");
    // https signed, http received (a TLS-terminating proxy): found with the
    // public key, and the implied base string diffed at the scheme.
    let (report, _, code) = verify("http://h.example/a?q=1", &[]);
    assert_eq!(code, 1, "{report}");
    assert!(report.contains(
        "      the presented signature was made with https instead of http in the base string URI\n"
    ));
    assert!(report.contains("first difference, ours against implied:\n"));
    assert!(report.contains("^ byte 8\n"), "{report}");
    // A change no usual mistake explains: the key is the one to check.
    let (report, _, code) = verify("https://h.example/a?q=3", &[]);
    assert_eq!(code, 1, "{report}");
    assert!(report.contains(&format!(
        "no usual mistake reproduces it (scheme, port, query or trailing slash in the URI, \
         body or query parameters left out, oauth_version, + for spaces, a signed realm, a \
         double-encoded callback, a body signed as form, method, the servers' deviations: \
         natural or pre-encoding sort order): check that \
         the request was signed with the private key of --public-key {}\n",
        public.display()
    )));
    for secret_side in ["token secret", "check the secrets", "swapped"] {
        assert!(!report.contains(secret_side), "{secret_side}: {report}");
    }
}

#[test]
fn a_wrong_public_key_fails_the_signature() {
    let dir = tempfile::tempdir().unwrap();
    let key = private_key(dir.path(), "rsa2048.pkcs1.pem");
    let url = "https://h.example/";
    let header = sign_with(&key, "RSA-SHA1", url, &[]);
    let (report, stderr, code) = report_of(
        oauthsig()
            .args(["verify", "--url", url, "-H", &header])
            .arg("--public-key")
            .arg(test_key("rsa1024.spki.pem")),
    );
    assert_eq!(code, 1, "{report}");
    assert!(report.contains("FAIL  signature: oauth_signature does not match (RSA-SHA1)\n"));
    assert!(report.contains("check that the request was signed with the private key of"));
    assert!(report.ends_with("result: invalid (signature)\n"));
    // The small public key is used, with the same warning as a private one.
    assert!(stderr.contains("a 1024-bit RSA key; use 2048 bits or more"));
}

/// A consumer has secrets or a key pair: a credential of the other kind is
/// core's `CredentialMismatch`, reported under the signature check.
#[test]
fn a_credential_of_the_other_kind_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let key = private_key(dir.path(), "rsa2048.pkcs1.pem");
    let url = "https://h.example/";
    let rsa = sign_with(&key, "RSA-SHA1", url, &["--token", "tk"]);
    let (report, _, code) = report_of(oauthsig().args([
        "verify",
        "--url",
        url,
        "-H",
        &rsa,
        "--consumer-secret",
        "cs",
    ]));
    assert_eq!(code, 1, "{report}");
    assert!(report.contains(
        "FAIL  signature: the request is signed with RSA-SHA1, which is checked with the \
         consumer's RSA public key, but shared secrets were given (consumer secret from \
         --consumer-secret); give --public-key FILE\n"
    ));
    assert!(!report.contains("base string"), "no diagnosis: {report}");
    let hmac = stdout_of(oauthsig().args([
        "sign",
        "--consumer-key",
        "ck",
        "--consumer-secret",
        "cs",
        "GET",
        url,
    ]));
    let public = test_key("rsa2048.cert.pem");
    let (report, _, code) = report_of(
        oauthsig()
            .args([
                "verify",
                "--url",
                url,
                "-H",
                hmac.trim_end(),
                "--public-key",
            ])
            .arg(&public),
    );
    assert_eq!(code, 1, "{report}");
    assert!(report.contains(&format!(
        "FAIL  signature: the request is signed with HMAC-SHA1, which is checked with the \
         shared secrets, but an RSA public key was given (--public-key {}); give the consumer \
         secret (and token secret) instead\n",
        public.display()
    )));
    // No credential at all for an RSA request: say which one it needs.
    assert_eq!(
        error_of(oauthsig().args(["verify", "--url", url, "-H", &rsa]), 2),
        "error: the request is signed with RSA-SHA1: give the consumer's RSA public key with \
         --public-key FILE"
    );
}

/// The method decides the credential `sign` reads.
#[test]
fn sign_refuses_a_key_of_the_other_kind() {
    let dir = tempfile::tempdir().unwrap();
    let key = private_key(dir.path(), "rsa2048.pkcs1.pem");
    for method in ["HMAC-SHA1", "HMAC-SHA512", "PLAINTEXT"] {
        let message = error_of(
            oauthsig()
                .args(["sign", "--signature-method", method, "--consumer-key", "ck"])
                .arg("--private-key")
                .arg(&key)
                .args(["GET", "https://h.example/"]),
            2,
        );
        assert_eq!(
            message,
            format!(
                "error: --private-key signs RSA-SHA1, RSA-SHA256 or RSA-SHA512 requests, but \
                 the signature method is {method}, which signs with the consumer secret; give \
                 --signature-method RSA-SHA1 (or RSA-SHA256, RSA-SHA512)"
            )
        );
    }
    // The default method is HMAC-SHA1: a key alone does not pick RSA.
    let message = error_of(
        oauthsig()
            .args(["sign", "--consumer-key", "ck", "--private-key"])
            .arg(&key)
            .args(["GET", "https://h.example/"]),
        2,
    );
    assert!(
        message.contains("the signature method is HMAC-SHA1"),
        "{message}"
    );
    let message = error_of(
        oauthsig()
            .args([
                "sign",
                "--signature-method",
                "RSA-SHA512",
                "--consumer-key",
                "ck",
            ])
            .args(["--consumer-secret", "cs", "GET", "https://h.example/"]),
        2,
    );
    assert_eq!(
        message,
        "error: RSA-SHA512 signs with the consumer's RSA private key: give --private-key FILE"
    );
    // Both kinds at once on the command line: clap's usage error.
    let output = oauthsig()
        .args([
            "sign",
            "--signature-method",
            "RSA-SHA1",
            "--consumer-key",
            "ck",
        ])
        .args(["--consumer-secret", "cs", "--private-key"])
        .arg(&key)
        .args(["GET", "https://h.example/"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot be used with"));
    for secret in [&["--consumer-secret", "cs"][..], &[]] {
        let output = oauthsig()
            .args(["sign", "--consumer-key", "ck"])
            .args(secret)
            .args(["--passphrase-file", "p", "GET", "https://h.example/"])
            .env("OAUTHSIG_CONSUMER_SECRET", "cs")
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "--passphrase-file needs a key"
        );
    }
}

/// Each key problem: refused, exit 2, the option and file named, the
/// library's words for the format problem, no byte of the key.
#[test]
fn key_problems_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let corrupt = secret_file(
        dir.path(),
        "corrupt.pem",
        b"-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n",
    );
    let not_a_key = secret_file(dir.path(), "notes.txt", b"hunter2: not a key!\n");
    let cases = [
        (
            private_key(dir.path(), "rsa512.pkcs1.pem"),
            "rsa key: 512-bit modulus is below the 1024-bit minimum",
        ),
        (corrupt, "rsa key: malformed DER for this key format"),
        (not_a_key, "rsa key: neither PEM, DER nor base64"),
        (
            private_key(dir.path(), "ec.pkcs8.pem"),
            "rsa key: not an RSA key; RSA-SHA1, RSA-SHA256 and RSA-SHA512 need an RSA key",
        ),
        (
            private_key(dir.path(), "rsa2048.encrypted.pem"),
            "rsa key: the key is encrypted and needs a passphrase; give it with \
             --passphrase-file FILE or $OAUTHSIG_PASSPHRASE",
        ),
        (
            private_key(dir.path(), "rsa2048.legacy-encrypted.pem"),
            "rsa key: legacy OpenSSL encryption (Proc-Type header) is not supported; \
             convert with `openssl pkcs8 -topk8`",
        ),
        (
            secret_file(
                dir.path(),
                "public.pem",
                &std::fs::read(test_key("rsa2048.spki.pem")).unwrap(),
            ),
            "rsa key: a public key or certificate where a private key is needed",
        ),
    ];
    for (key, problem) in cases {
        let message = error_of(
            oauthsig()
                .args([
                    "sign",
                    "--signature-method",
                    "RSA-SHA1",
                    "--consumer-key",
                    "ck",
                ])
                .arg("--private-key")
                .arg(&key)
                .args(["GET", "https://h.example/"]),
            2,
        );
        assert_eq!(
            message,
            format!("error: --private-key {}: {problem}", key.display())
        );
        assert!(!message.contains("MIIE") && !message.contains("hunter2"));
    }
    let message = error_of(
        oauthsig()
            .args(["verify", "--url", "https://h.example/", "--public-key"])
            .arg(private_key(dir.path(), "rsa2048.pkcs8.pem"))
            .args(["-H", "Authorization: OAuth oauth_consumer_key=\"ck\""]),
        2,
    );
    assert!(
        message.ends_with(
            "rsa key: a private key where a public key is needed; give its public half \
             (openssl pkey -pubout)"
        ),
        "{message}"
    );
    let message = error_of(
        oauthsig()
            .args(["verify", "--url", "https://h.example/", "--public-key"])
            .arg(test_key("ec.spki.pem"))
            .args(["-H", "Authorization: OAuth oauth_consumer_key=\"ck\""]),
        2,
    );
    assert!(
        message.contains("ec.spki.pem: rsa key: not an RSA key"),
        "{message}"
    );
}

/// An encrypted PKCS#8 key's passphrase comes from a file or the
/// environment, never argv; a wrong one is named by where it came from.
#[test]
fn passphrases_come_from_a_file_or_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let key = private_key(dir.path(), "rsa2048.encrypted.pem");
    let plain = private_key(dir.path(), "rsa2048.pkcs1.pem");
    let pinned = ["--timestamp", "1", "--nonce", "n"];
    let expected = sign_with(&plain, "RSA-SHA1", "https://h.example/", &pinned);
    let sign = |extra: &[&str], env: Option<&str>| {
        let mut command = oauthsig();
        if let Some(passphrase) = env {
            command.env("OAUTHSIG_PASSPHRASE", passphrase);
        }
        command
            .args([
                "sign",
                "--signature-method",
                "RSA-SHA1",
                "--consumer-key",
                "ck",
            ])
            .arg("--private-key")
            .arg(&key)
            .args(pinned)
            .args(extra)
            .args(["GET", "https://h.example/"]);
        command
    };
    let from_env = stdout_of(&mut sign(&[], Some("correct-horse")));
    assert_eq!(from_env.trim_end(), expected);
    // A file's trailing newline (CRLF too) is not part of the passphrase,
    // and the file beats the environment.
    let file = secret_file(dir.path(), "pass", b"correct-horse\r\n");
    let file = file.to_str().unwrap();
    let from_file = stdout_of(&mut sign(&["--passphrase-file", file], Some("wrong")));
    assert_eq!(from_file.trim_end(), expected);
    let message = error_of(&mut sign(&[], Some("battery-staple")), 2);
    assert_eq!(
        message,
        format!(
            "error: --private-key {}: rsa key: wrong passphrase or corrupt encrypted key \
             (passphrase from $OAUTHSIG_PASSPHRASE)",
            key.display()
        )
    );
    assert!(!message.contains("battery-staple"));
}

/// A private key others can read gets a warning (test keys and provider
/// downloads are often 0644; refusing would protect nothing already
/// exposed); a passphrase file is refused, as the credentials file is.
#[cfg(unix)]
#[test]
fn key_and_passphrase_files_others_can_read() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let key = private_key(dir.path(), "rsa2048.encrypted.pem");
    let passphrase = secret_file(dir.path(), "pass", b"correct-horse");
    let chmod = |path: &Path, mode: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    };
    let sign = || {
        let mut command = oauthsig();
        command
            .args([
                "sign",
                "--signature-method",
                "RSA-SHA1",
                "--consumer-key",
                "ck",
            ])
            .arg("--private-key")
            .arg(&key)
            .arg("--passphrase-file")
            .arg(&passphrase)
            .args(["GET", "https://h.example/"]);
        command
    };
    chmod(&key, 0o644);
    let output = sign().output().unwrap();
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        format!(
            "warning: private key {} is accessible by other users (mode 0644); chmod 600 keeps \
             it private\n",
            key.display()
        )
    );
    chmod(&key, 0o600);
    chmod(&passphrase, 0o644);
    assert_eq!(
        error_of(&mut sign(), 2),
        format!(
            "error: passphrase file {} is accessible by other users (mode 0644); run chmod 600 \
             on it",
            passphrase.display()
        )
    );
}

/// `--verbose` names the key by kind, size and file; `--show-secrets`
/// changes nothing for it. No line of the key file is ever printed.
#[test]
fn verbose_never_prints_key_material() {
    let dir = tempfile::tempdir().unwrap();
    let key = private_key(dir.path(), "rsa2048.pkcs8.pem");
    let url = "https://h.example/";
    let output = oauthsig()
        .args([
            "sign",
            "-v",
            "--show-secrets",
            "--signature-method",
            "RSA-SHA1",
        ])
        .args(["--consumer-key", "ck", "--private-key"])
        .arg(&key)
        .args(["GET", url])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "signing key (RSA-SHA1):\n  <RSA private key, 2048 bits; never shown>\n  from \
             --private-key {}\n",
            key.display()
        )),
        "{stderr}"
    );
    let header = String::from_utf8(output.stdout).unwrap();
    let public = test_key("rsa2048.spki.pem");
    let output = oauthsig()
        .args([
            "verify",
            "-v",
            "--show-secrets",
            "--url",
            url,
            "-H",
            header.trim_end(),
        ])
        .arg("--public-key")
        .arg(&public)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let verbose = String::from_utf8(output.stderr).unwrap();
    assert!(
        verbose.contains(&format!(
            "public key (RSA-SHA1):\n  <RSA public key, 2048 bits>\n  from --public-key {}\n",
            public.display()
        )),
        "{verbose}"
    );
    let pem = std::fs::read_to_string(&key).unwrap();
    let printed = [
        stderr,
        header,
        verbose,
        String::from_utf8(output.stdout).unwrap(),
    ]
    .concat();
    for line in pem.lines().filter(|l| !l.starts_with("-----")) {
        // Every 64-character base64 line, and any 16 characters of one.
        assert!(!printed.contains(line), "key material printed: {line}");
        assert!(!printed.contains(&line[..16.min(line.len())]), "{line}");
    }
}

/// `base-string` needs no key for RSA: the method is only a parameter.
#[test]
fn base_string_needs_no_key_for_rsa() {
    for method in ["RSA-SHA1", "RSA-SHA256", "RSA-SHA512", "HMAC-SHA512"] {
        let base = stdout_of(oauthsig().args([
            "base-string",
            "--consumer-key",
            "ck",
            "--signature-method",
            method,
            "--timestamp",
            "1",
            "--nonce",
            "n",
            "GET",
            "https://h.example/",
        ]));
        assert_eq!(
            base,
            format!(
                "GET&https%3A%2F%2Fh.example%2F&oauth_consumer_key%3Dck%26oauth_nonce%3Dn%26\
                 oauth_signature_method%3D{method}%26oauth_timestamp%3D1%26oauth_version%3D1.0\n"
            )
        );
    }
}
