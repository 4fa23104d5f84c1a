//! The README's main-job command, run against the built binary: its output
//! must be the README's expected block, byte for byte, so README and binary
//! cannot drift.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::oauthsig;

const README: &str = include_str!("../../../README.md");
const PREFIX: &str = "cargo run -q -p oauthsig-cli -- ";

/// The first fenced block after `marker`, without its fences.
fn block_after(marker: &str) -> &'static str {
    let after = &README[README.find(marker).expect("marker in README") + marker.len()..];
    let open = after.find("```").expect("a fenced block after the marker");
    let body = &after[open..];
    let body = &body[body.find('\n').expect("fence line") + 1..];
    &body[..body.find("```").expect("closing fence")]
}

/// The main-job command's arguments: the first command of its block, with
/// backslash-newline continuations joined, split as a POSIX shell would.
fn main_job_args() -> Vec<String> {
    let block = block_after("<!-- main-job:command -->").replace("\\\n", " ");
    let first = block.lines().next().expect("a command");
    let args = first
        .strip_prefix(PREFIX)
        .unwrap_or_else(|| panic!("the README's first command starts with {PREFIX:?}: {first}"));
    shlex::split(args).expect("shell-style arguments")
}

#[test]
fn readme_main_job_output_is_what_the_binary_prints() {
    let args = main_job_args();
    assert_eq!(args[0], "sign");
    let output = oauthsig().args(&args).output().expect("run oauthsig");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        block_after("<!-- main-job:output -->")
    );
    assert!(output.stderr.is_empty(), "{output:?}");
}

/// The `--verbose` sample: the main-job command with `--verbose` writes
/// exactly the README's block to stderr.
#[test]
fn readme_verbose_sample_is_what_the_binary_prints() {
    let mut args = main_job_args();
    args.insert(1, "--verbose".to_owned());
    let output = oauthsig().args(&args).output().expect("run oauthsig");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        block_after("<!-- sign-verbose:stderr -->")
    );
}

#[test]
fn readme_main_job_is_the_rfc_request() {
    let args = main_job_args().join(" ");
    for part in [
        "9djdj82h48djs9d2",
        "j49sk3j29djd",
        "kkk9d7dh3k39sjv7",
        "dh893hdasih9",
        "--timestamp 137131201",
        "--nonce 7d8f3e4a",
        "c2&a3=2+q",
        "POST http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b",
    ] {
        assert!(args.contains(part), "{part} missing from {args}");
    }
    assert!(
        block_after("<!-- main-job:output -->").contains("r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D")
    );
}

/// The CLI section opens with what a new user runs first: `authorize`,
/// then `get`. Each runs as written, the provider's host swapped for a
/// loopback port nothing listens on and the file for a temporary one: the
/// arguments are accepted and the command goes as far as sending (exit 1,
/// no answer), never a usage error (2).
#[test]
fn readme_cli_section_starts_with_authorize_then_get() {
    let section = &README[README
        .find("## The `oauthsig` command")
        .expect("CLI section")..];
    let marker = section.find("<!-- cli:first-use -->").expect("marker");
    assert!(
        marker < section.find("```").unwrap(),
        "the first block of the section"
    );
    let block = block_after("<!-- cli:first-use -->").replace("\\\n", " ");
    let mut lines = block.lines();
    let env: Vec<(String, String)> = shlex::split(lines.next().unwrap())
        .unwrap()
        .iter()
        .skip(1)
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap();
            (name.to_owned(), value.to_owned())
        })
        .collect();
    let commands: Vec<&str> = lines.filter(|l| !l.trim().is_empty()).collect();
    assert!(
        commands[0].starts_with("oauthsig authorize "),
        "{commands:?}"
    );
    assert!(commands[1].starts_with("oauthsig get "), "{commands:?}");
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("example");
    for command in &commands[..2] {
        let text = command
            .replace("https://api.example.com", &base)
            .replace("~/.config/oauthsig/example", file.to_str().unwrap());
        let args = shlex::split(&text).unwrap();
        if args[1] == "get" {
            // The file authorize would have written.
            let creds = "consumer_key=k\nconsumer_secret=s\ntoken=t\ntoken_secret=u\n";
            common::secret_file(dir.path(), "example", creds.as_bytes());
        }
        let output = oauthsig()
            .args(&args[1..])
            .envs(env.clone())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{text}: {stderr}");
        assert!(stderr.contains(": no answer: "), "{stderr}");
    }
}
