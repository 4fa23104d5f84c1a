//! One batch run of `tests/interop/oracle.py` (oauthlib 4.0.1).

use crate::generate::Case;
use oauthsig_interop::peers;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// oauthlib's answer for one case.
#[derive(Clone, Debug, Default)]
pub struct Answer {
    pub base_string: Option<String>,
    pub signature: Option<String>,
    pub error: Option<String>,
    /// Whether oauthlib's verifier accepted the signature the case asked it
    /// to check (oauthsig's).
    pub verified: Option<bool>,
}

/// `tests/interop`, where the oracle and its virtualenv live.
fn interop_dir() -> PathBuf {
    let harness = Path::new(env!("CARGO_MANIFEST_DIR"));
    harness.parent().unwrap_or(harness).to_path_buf()
}

/// The oracle's input line for `case` (format documented in oracle.py),
/// asking oauthlib to verify `verify` (oauthsig's signature) when given.
/// RSA cases name the test key pair's files.
pub fn input_line(case: &Case, verify: Option<&str>) -> String {
    let oauth: Map<String, Value> = case
        .auth
        .iter()
        .map(|(n, v)| ((*n).to_owned(), Value::from(v.as_str())))
        .collect();
    let params: Vec<Value> = case.extras.iter().map(|(n, v)| json!([n, v])).collect();
    let key = |name: &str| {
        case.is_rsa()
            .then(|| peers::key_path(name).to_string_lossy().into_owned())
    };
    json!({
        "verify_signature": verify,
        "rsa_private_key_file": key(peers::RSA_PRIVATE_KEY),
        "rsa_public_key_file": key(peers::RSA_PUBLIC_KEY),
        "id": case.id,
        "method": case.method,
        "url": case.url,
        "body": case.body,
        "content_type": case.content_type,
        "params": params,
        "oauth": oauth,
        "realm": case.realm,
        "consumer_secret": case.consumer_secret,
        "token_secret": case.token_secret,
    })
    .to_string()
}

/// Runs the oracle once over every case, asking it to verify `verify[i]`
/// for `cases[i]` where given. Panics (failing the test) when the
/// virtualenv is missing or the oracle does not answer every case exactly
/// once: a missing oracle must never look like a pass.
pub fn run(cases: &[Case], verify: &[Option<&str>]) -> HashMap<usize, Answer> {
    let dir = interop_dir();
    let python = dir.join(".venv/bin/python");
    assert!(
        python.exists(),
        "the oauthlib oracle is not installed: {} is missing.\n\
         Run `bash tests/interop/setup.sh` once (it is idempotent), then re-run the test.",
        python.display()
    );
    let mut child = Command::new(&python)
        .arg(dir.join("oracle.py"))
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", python.display()));

    let input: String = cases
        .iter()
        .zip(verify.iter().chain(std::iter::repeat(&None)))
        .map(|(c, v)| input_line(c, *v) + "\n")
        .collect();
    let mut stdin = child.stdin.take().expect("piped stdin");
    // The oracle answers line by line; feeding it from another thread keeps
    // both pipes moving however large the batch.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    // Drains stdout and stderr together, so neither pipe can fill up.
    let output = child.wait_with_output().expect("oracle output");
    writer
        .join()
        .expect("writer thread")
        .expect("writing cases to the oracle");
    let status = output.status;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        status.success(),
        "oracle.py failed ({status}); exit 2 means a malformed case line (a test bug).\n\
         stderr:\n{stderr}\nfirst output lines:\n{}",
        stdout.lines().take(5).collect::<Vec<_>>().join("\n")
    );

    let mut answers = HashMap::new();
    for line in stdout.lines() {
        let v: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("oracle printed a non-JSON line ({e}): {line}"));
        let id = v["id"]
            .as_u64()
            .and_then(|id| usize::try_from(id).ok())
            .unwrap_or_else(|| panic!("oracle answer without a numeric id: {line}"));
        let text = |k: &str| v[k].as_str().map(str::to_owned);
        let answer = Answer {
            base_string: text("base_string"),
            signature: text("signature"),
            error: text("error"),
            verified: v["verified"].as_bool(),
        };
        assert!(
            answers.insert(id, answer).is_none(),
            "oracle answered case {id} twice"
        );
    }
    assert_eq!(
        answers.len(),
        cases.len(),
        "oracle answered {} of {} cases",
        answers.len(),
        cases.len()
    );
    answers
}
