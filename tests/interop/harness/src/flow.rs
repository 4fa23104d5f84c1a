//! The `--flow` mode of oauthsig's own client programs: the whole RFC 5849
//! §1.2 flow against `provider.py`, starting from the consumer credentials
//! alone, reported as one JSON line per step and checked here.
//!
//! ```text
//! --flow --base URL --consumer-key K --consumer-secret S
//!        --signature-method M --callback URL
//! ```
//!
//! The lines, in order (`status` is the provider's answer, 0 when none):
//!
//! ```text
//! {"step":"request_token","status":200,"token":KEY,"callback_confirmed":true}
//! {"step":"authorize","status":200,"oauth_token":..,"verifier":..,"state":..,"next":..}
//! {"step":"access_token","status":200,"token":KEY}
//! {"step":"get_resource"|"post_form"|"post_json","placement":P,"status":200,"echo":{..}}  (each)
//! {"step":"replay","placement":"header","status":401,"first":200}
//! {"step":"wrong_consumer_secret"|"wrong_token_secret"|"changed_json_body",
//!  "placement":"header","status":401,"answer":".."}
//! ```
//!
//! `token` fields are what the client's own parser (`oauthsig_token_parse`,
//! `oauthsig token`) read from the credentials responses; `authorize` carries
//! the decoded query of the callback redirect the provider names; `echo` is
//! the provider's JSON echo of a protected request, passed through. A failed
//! step ends the flow where it cannot go on. Exit status 0 when every step
//! got the status shown.

use crate::peers::CONSUMER_KEY;
use oauthsig::SignatureMethod;
use serde_json::{Value, json};

/// The callback sent with the temporary-credentials request. Never
/// contacted: the provider only names the redirect. Its query holds escapes
/// that must survive signing, oauthlib's decoding and the redirect.
pub const CALLBACK: &str = "http://127.0.0.1/oauth-callback?state=a%2Fb%20c&next=%2Fhome";

/// The JSON body both clients send to `/json`.
fn json_body() -> Value {
    json!({"hello": "world", "n": 1, "list": ["é", null]})
}

/// A protected request a client's flow sends: the step name
/// (`get_resource`, `post_form`, `post_json`) and where the protocol
/// parameters travel (`header`, `query`, `body`, or a client's own way:
/// `oneshot`, `curl`).
pub type ResourceStep = (&'static str, &'static str);

/// The refusals every flow ends with, all answered 401.
const REFUSALS: [&str; 3] = [
    "wrong_consumer_secret",
    "wrong_token_secret",
    "changed_json_body",
];

/// What a successful flow established, for reports.
#[derive(Clone, Debug)]
pub struct FlowSummary {
    /// Protected requests accepted.
    pub accepted: usize,
    /// Requests refused as they had to be (replay included).
    pub refused: usize,
}

/// Checks a `--flow` run's output against everything the steps must show,
/// for a client that sends `resources` in that order.
///
/// # Errors
/// Every problem found, each naming its step.
pub fn check(
    stdout: &str,
    method: SignatureMethod,
    resources: &[ResourceStep],
) -> Result<FlowSummary, Vec<String>> {
    let mut problems = Vec::new();
    let lines: Vec<Value> = stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).map_err(|e| format!("not a JSON line ({e}): {l}")))
        .collect::<Result<_, _>>()
        .map_err(|e| vec![e])?;
    let want_steps: Vec<(&str, Option<&str>)> = [
        ("request_token", None),
        ("authorize", None),
        ("access_token", None),
    ]
    .into_iter()
    .chain(resources.iter().map(|(s, p)| (*s, Some(*p))))
    .chain([("replay", Some("header"))])
    .chain(REFUSALS.iter().map(|s| (*s, Some("header"))))
    .collect();
    let got_steps: Vec<(&str, Option<&str>)> = lines
        .iter()
        .map(|l| {
            (
                l["step"].as_str().unwrap_or("?"),
                l.get("placement").and_then(Value::as_str),
            )
        })
        .collect();
    if got_steps != want_steps {
        problems.push(format!(
            "steps {got_steps:?}, expected {want_steps:?}\noutput:\n{stdout}"
        ));
        // A flow cut short shows where; what follows is only checked when
        // everything is there.
        return Err(problems);
    }
    let text = |l: &Value, k: &str| l[k].as_str().unwrap_or_default().to_owned();
    let status = |l: &Value| l["status"].as_u64().unwrap_or(0);

    let (temporary, authorize, access) = (&lines[0], &lines[1], &lines[2]);
    let temporary_key = text(temporary, "token");
    if status(temporary) != 200
        || temporary_key.is_empty()
        || temporary["callback_confirmed"] != true
    {
        problems.push(format!(
            "request_token: expected 200, a token and oauth_callback_confirmed: {temporary}"
        ));
    }
    // The redirect must name our token and keep the callback's own query.
    let expected =
        json!({"status": 200, "oauth_token": temporary_key, "state": "a/b c", "next": "/home"});
    let got = json!({
        "status": authorize["status"],
        "oauth_token": authorize["oauth_token"],
        "state": authorize["state"],
        "next": authorize["next"],
    });
    if got != expected || text(authorize, "verifier").is_empty() {
        problems.push(format!(
            "authorize: expected {expected} and a verifier: {authorize}"
        ));
    }
    let access_key = text(access, "token");
    if status(access) != 200 || access_key.is_empty() || access_key == temporary_key {
        problems.push(format!(
            "access_token: expected 200 and a new token: {access}"
        ));
    }

    for (line, (step, placement)) in lines[3..].iter().zip(resources) {
        if let Some(p) = check_echo(line, step, method, &access_key) {
            problems.push(format!("{step} ({placement}): {p}"));
        }
    }
    let rest = &lines[3 + resources.len()..];
    let replay = &rest[0];
    if status(replay) != 401 || replay["first"] != 200 {
        problems.push(format!("replay: expected 200 then 401: {replay}"));
    }
    for line in &rest[1..] {
        if status(line) != 401 {
            problems.push(format!("expected 401: {line}"));
        }
    }
    if problems.is_empty() {
        Ok(FlowSummary {
            accepted: resources.len() + 1,
            refused: rest.len(),
        })
    } else {
        Err(problems)
    }
}

/// The non-`oauth_` pairs of an echoed `[[name, value], …]` list.
fn plain_pairs(list: &Value) -> Vec<(String, String)> {
    list.as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter_map(|p| Some((p[0].as_str()?.to_owned(), p[1].as_str()?.to_owned())))
        .filter(|(n, _)| !n.starts_with("oauth_"))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect()
}

/// Problems with a protected step's answer: it must be a 200 whose echo
/// shows our consumer, the access token, the method, and the request's own
/// parameters or JSON body (with its body hash checked).
fn check_echo(line: &Value, step: &str, method: SignatureMethod, access: &str) -> Option<String> {
    if line["status"] != 200 {
        return Some(format!("refused: {line}"));
    }
    let echo = &line["echo"];
    let identity = (
        echo["client_key"].as_str(),
        echo["token"].as_str(),
        echo["signature_method"].as_str(),
    );
    if identity != (Some(CONSUMER_KEY), Some(access), Some(method.as_str())) {
        return Some(format!(
            "echo names {identity:?}, expected ({CONSUMER_KEY}, {access}, {method}): {echo}"
        ));
    }
    let (verb, path, query, form) = match step {
        "get_resource" => (
            "GET",
            "/resource",
            pairs(&[("q", "hello world"), ("x", "1"), ("x", "2")]),
            None,
        ),
        "post_form" => (
            "POST",
            "/resource",
            Vec::new(),
            Some(pairs(&[("a", "1"), ("b", "café"), ("b", "!")])),
        ),
        "post_json" => {
            if echo["json"] != json_body() || echo["body_hash"] != "verified" {
                return Some(format!(
                    "expected the JSON body {} with a verified body hash: {echo}",
                    json_body()
                ));
            }
            ("POST", "/json", Vec::new(), None)
        }
        other => return Some(format!("unknown step {other}")),
    };
    let got = (
        echo["method"].as_str(),
        echo["path"].as_str(),
        plain_pairs(&echo["query"]),
        echo.get("form").map(plain_pairs),
    );
    let want = (Some(verb), Some(path), query, form);
    (got != want).then(|| format!("echo shows {got:?}, expected {want:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn echo(extra: Value) -> Value {
        let mut e = json!({
            "method": "GET", "path": "/resource", "client_key": CONSUMER_KEY,
            "token": "A", "signature_method": "HMAC-SHA1",
            "query": [["q", "hello world"], ["x", "1"], ["x", "2"], ["oauth_nonce", "n"]],
        });
        if let (Some(e), Some(x)) = (e.as_object_mut(), extra.as_object()) {
            e.extend(x.clone());
        }
        json!({"step": "get_resource", "placement": "header", "status": 200, "echo": e})
    }

    #[test]
    fn a_faithful_echo_passes_and_a_wrong_one_is_named() {
        let m = SignatureMethod::HmacSha1;
        assert_eq!(check_echo(&echo(json!({})), "get_resource", m, "A"), None);
        let wrong_token = check_echo(&echo(json!({"token": "B"})), "get_resource", m, "A");
        assert!(wrong_token.is_some_and(|p| p.contains("echo names")));
        let lost_param = check_echo(
            &echo(json!({"query": [["q", "hello"]]})),
            "get_resource",
            m,
            "A",
        );
        assert!(lost_param.is_some_and(|p| p.contains("echo shows")));
    }

    #[test]
    fn a_short_flow_is_reported_by_its_steps() {
        let out =
            r#"{"step":"request_token","status":401,"token":null,"callback_confirmed":false}"#;
        let result = check(
            out,
            SignatureMethod::HmacSha1,
            &[("get_resource", "header")],
        );
        assert!(
            result
                .as_ref()
                .is_err_and(|p| p[0].starts_with("steps [(\"request_token\", None)]")),
            "{result:?}"
        );
    }
}
