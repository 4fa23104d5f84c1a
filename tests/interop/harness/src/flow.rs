//! The `--flow` mode of oauthsig's own client programs: the whole RFC 5849
//! §1.2 flow against `provider.py`, starting from the consumer credentials
//! alone, reported as one JSON line per step and checked here.
//!
//! ```text
//! --flow --base URL --consumer-key K --consumer-secret S
//!        --signature-method M --callback URL
//!        [--private-key FILE --wrong-private-key FILE]      (RSA methods)
//! ```
//!
//! The RSA methods sign with `--private-key` (the consumer secret is then
//! unused, RFC 5849 §3.4.3) and sign the wrong-key refusal with
//! `--wrong-private-key`, a valid key the provider does not know.
//!
//! The lines, in order (`status` is the provider's answer, 0 when none):
//!
//! ```text
//! {"step":"request_token","status":200,"token":KEY,"callback_confirmed":true}
//! {"step":"authorize","status":200,"oauth_token":..,"verifier":..,"state":..,"next":..}
//! {"step":"access_token","status":200,"token":KEY}
//! {"step":"get_resource"|"post_form"|"post_json","placement":P,"status":200,"echo":{..}}  (each)
//! {"step":"replay","placement":"header","status":401,"first":200}
//! then, HMAC and PLAINTEXT:
//! {"step":"wrong_consumer_secret"|"wrong_token_secret"|"changed_json_body",
//!  "placement":"header","status":401,"answer":".."}
//! or, RSA ([`closing_steps`]):
//! {"step":"wrong_private_key","placement":"header","status":401,"answer":".."}
//! {"step":"wrong_token_secret","placement":"header","status":200,"echo":{..}}
//! {"step":"unknown_token"|"changed_json_body","placement":"header","status":401,"answer":".."}
//! ```
//!
//! `token` fields are what the client's own parser (`oauthsig_token_parse`,
//! `oauthsig token`) read from the credentials responses; `authorize` carries
//! the decoded query of the callback redirect the provider names; `echo` is
//! the provider's JSON echo of a protected request, passed through. The
//! `wrong_*` steps sign with one credential replaced (the consumer secret by
//! `not-the-consumer-secret`, the private key by `--wrong-private-key`, the
//! token secret by `not-the-token-secret`), `unknown_token` with the token
//! `not-an-issued-token`; `wrong_consumer_secret` / `wrong_private_key` sign
//! the GET, `wrong_token_secret` and `unknown_token` the form POST. A failed
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

/// The steps an HMAC or PLAINTEXT flow ends with (after the replay): all
/// refused.
const SECRET_CLOSING_STEPS: [(&str, u64); 3] = [
    ("wrong_consumer_secret", 401),
    ("wrong_token_secret", 401),
    ("changed_json_body", 401),
];

/// The steps an RSA flow ends with (after the replay). The private key takes
/// the consumer secret's place, and the token secret plays no part in an RSA
/// signature (RFC 5849 §3.4.3): signed with a wrong one, the form POST must
/// be *accepted*, while the same request for an unknown token is refused.
const RSA_CLOSING_STEPS: [(&str, u64); 4] = [
    ("wrong_private_key", 401),
    ("wrong_token_secret", 200),
    ("unknown_token", 401),
    ("changed_json_body", 401),
];

/// The steps a flow with `method` ends with, after the replay, each with
/// the status it must get (all in the `header` placement).
pub fn closing_steps(method: SignatureMethod) -> &'static [(&'static str, u64)] {
    if method.is_rsa() {
        &RSA_CLOSING_STEPS
    } else {
        &SECRET_CLOSING_STEPS
    }
}

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
    .chain(
        closing_steps(method)
            .iter()
            .map(|(s, _)| (*s, Some("header"))),
    )
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
    let closing = closing_steps(method);
    for (line, (step, want)) in rest[1..].iter().zip(closing) {
        if *want == 200 {
            // Accepted: the echo must show the form POST it signed.
            if let Some(p) = check_echo(line, "post_form", method, &access_key) {
                problems.push(format!("{step} (accepted as the form POST): {p}"));
            }
        } else if status(line) != *want {
            problems.push(format!("{step}: expected {want}: {line}"));
        }
    }
    let accepted_closing = closing.iter().filter(|(_, want)| *want == 200).count();
    if problems.is_empty() {
        Ok(FlowSummary {
            // The resources, the replayed request's first sending, and the
            // closing steps that must be accepted.
            accepted: resources.len() + 1 + accepted_closing,
            refused: rest.len() - accepted_closing,
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

    /// A complete flow's output for `method` with one resource step, whose
    /// closing steps got `statuses`.
    fn whole_flow(method: SignatureMethod, statuses: &[u64]) -> String {
        let form = |token: &str| {
            json!({
                "method": "POST", "path": "/resource", "client_key": CONSUMER_KEY,
                "token": token, "signature_method": method.as_str(), "query": [],
                "form": [["a", "1"], ["b", "café"], ["b", "!"], ["oauth_nonce", "n"]],
            })
        };
        let mut lines = vec![
            json!({"step": "request_token", "status": 200, "token": "T", "callback_confirmed": true}),
            json!({"step": "authorize", "status": 200, "oauth_token": "T", "verifier": "v",
                   "state": "a/b c", "next": "/home"}),
            json!({"step": "access_token", "status": 200, "token": "A"}),
            json!({"step": "post_form", "placement": "header", "status": 200, "echo": form("A")}),
            json!({"step": "replay", "placement": "header", "status": 401, "first": 200}),
        ];
        for ((step, _), status) in closing_steps(method).iter().zip(statuses) {
            let mut line = json!({"step": step, "placement": "header", "status": status});
            line["answer"] = json!("refused");
            if *status == 200 {
                line["echo"] = form("A");
            }
            lines.push(line);
        }
        lines.iter().map(|l| format!("{l}\n")).collect()
    }

    #[test]
    fn the_closing_steps_follow_the_method() {
        let resources = [("post_form", "header")];
        let hmac = SignatureMethod::HmacSha512;
        let summary = check(&whole_flow(hmac, &[401, 401, 401]), hmac, &resources);
        assert!(
            summary
                .as_ref()
                .is_ok_and(|s| s.accepted == 2 && s.refused == 4),
            "{summary:?}"
        );

        // RSA: the token secret plays no part, so the wrong one is accepted.
        let rsa = SignatureMethod::RsaSha256;
        let summary = check(&whole_flow(rsa, &[401, 200, 401, 401]), rsa, &resources);
        assert!(
            summary
                .as_ref()
                .is_ok_and(|s| s.accepted == 3 && s.refused == 4),
            "{summary:?}"
        );
        let refused = check(&whole_flow(rsa, &[401, 401, 401, 401]), rsa, &resources);
        assert!(
            refused
                .as_ref()
                .is_err_and(|p| p[0].starts_with("wrong_token_secret (accepted")),
            "{refused:?}"
        );
        let accepted = check(&whole_flow(rsa, &[200, 200, 401, 401]), rsa, &resources);
        assert!(
            accepted
                .as_ref()
                .is_err_and(|p| p[0].starts_with("wrong_private_key: expected 401")),
            "{accepted:?}"
        );
        // An HMAC flow's steps are not an RSA flow's.
        let mixed = check(&whole_flow(hmac, &[401, 401, 401]), rsa, &resources);
        assert!(
            mixed.as_ref().is_err_and(|p| p[0].starts_with("steps ")),
            "{mixed:?}"
        );
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
