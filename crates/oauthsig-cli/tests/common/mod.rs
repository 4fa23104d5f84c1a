//! What the integration tests share: the binary with a clean environment,
//! and the RFC 5849 §3.4.1.1 request.

// Each test file uses its own subset of these helpers.
#![allow(dead_code)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use assert_cmd::Command;

/// The RFC 5849 §3.4.1.1 request URL.
pub const RFC_URL: &str = "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b";

/// The §3.4.1.1 header as the RFC prints it, with the signature every
/// implementation computes in place of the RFC's placeholder.
pub const RFC_HEADER: &str = concat!(
    r#"Authorization: OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2", "#,
    r#"oauth_token="kkk9d7dh3k39sjv7", oauth_signature_method="HMAC-SHA1", "#,
    r#"oauth_timestamp="137131201", oauth_nonce="7d8f3e4a", "#,
    r#"oauth_signature="r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D""#
);

/// The §3.4.1.1 signature base string, verbatim from the RFC.
pub const RFC_BASE_STRING: &str = concat!(
    "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q",
    "%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_",
    "key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_m",
    "ethod%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk",
    "9d7dh3k39sjv7"
);

/// The environment variables the command reads credentials from.
pub const ENV_VARS: [&str; 5] = [
    "OAUTHSIG_CONSUMER_KEY",
    "OAUTHSIG_CONSUMER_SECRET",
    "OAUTHSIG_TOKEN",
    "OAUTHSIG_TOKEN_SECRET",
    "OAUTHSIG_PASSPHRASE",
];

/// The built `oauthsig`, with no credentials inherited from the environment.
pub fn oauthsig() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_oauthsig"));
    for var in ENV_VARS {
        command.env_remove(var);
    }
    command
}

/// `sign` arguments for the §3.4.1.1 request, secrets included.
pub fn rfc_sign_args() -> Vec<String> {
    [
        "sign",
        "--no-version",
        "--realm",
        "Example",
        "--consumer-key",
        "9djdj82h48djs9d2",
        "--consumer-secret",
        "j49sk3j29djd",
        "--token",
        "kkk9d7dh3k39sjv7",
        "--token-secret",
        "dh893hdasih9",
        "--timestamp",
        "137131201",
        "--nonce",
        "7d8f3e4a",
        "-d",
        "c2&a3=2+q",
        "POST",
        RFC_URL,
    ]
    .map(str::to_owned)
    .to_vec()
}

/// Runs `command`, which must succeed, and returns its stdout.
pub fn stdout_of(command: &mut Command) -> String {
    let output = command.output().expect("run oauthsig");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).expect("utf-8 output")
}

/// Runs `command`, which must fail with exit code `code` and a one-line
/// `error: …` message on stderr, and returns that line.
pub fn error_of(command: &mut Command, code: i32) -> String {
    let output = command.output().expect("run oauthsig");
    assert_eq!(output.status.code(), Some(code), "{output:?}");
    assert!(output.stdout.is_empty(), "{output:?}");
    let stderr = String::from_utf8(output.stderr).expect("utf-8 stderr");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr:?}");
    assert!(stderr.starts_with("error: "), "{stderr:?}");
    assert!(!stderr.contains("panicked"), "{stderr:?}");
    stderr.trim_end().to_owned()
}

/// A test key of the repository's `tests/keys` (listed in its README.md).
pub fn test_key(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/keys")
        .join(name)
}

/// Writes `bytes` to `dir/name`, readable by its owner only, as `sign`
/// wants a private key or passphrase file (a checkout can leave the test
/// keys 0644, which it refuses).
pub fn secret_file(dir: &std::path::Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    path
}

/// A copy of the test private key `name` in `dir`, readable by its owner only.
pub fn private_key(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    secret_file(dir, name, &std::fs::read(test_key(name)).unwrap())
}

pub mod wire;

/// The file mode bits of `path` (0 where there are none).
pub fn mode(path: &std::path::Path) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        0
    }
}
