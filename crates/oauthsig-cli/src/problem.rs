//! What a provider's refusal says (RFC 5849 §3.2: 400 or 401), read from
//! every place providers put it: the `WWW-Authenticate: OAuth …` challenge,
//! a form-encoded body (`oauth_problem=…&oauth_problem_advice=…`, the OAuth
//! Problem Reporting extension, as Jira and Magento 1 answer) or a JSON
//! body with the same names, plus an echoed `oauth_signature_base_string`
//! (Jira, AWeber) and the `Date` header (the provider's clock).
//!
//! Parsing only; [`findings()`] says what it means. Values are decoded once,
//! as the extension's form encoding and the OAuth header's §3.6 encoding
//! both say; the first place that names a parameter wins.

mod clock;
mod findings;

pub use clock::provider_clock;
pub use findings::{Context, findings};

use crate::client::Answer;
use crate::output::octets;
use oauthsig::oauthsig_core::Part;
use oauthsig::oauthsig_core::header::parse_authorization;
use oauthsig::oauthsig_core::params::pairs;
use serde_json::Value;
use std::time::UNIX_EPOCH;

/// The parameters of the Problem Reporting extension read here, and the
/// echoed base string.
const NAMES: [&str; 7] = [
    "oauth_problem",
    "oauth_problem_advice",
    "oauth_signature_base_string",
    "oauth_acceptable_timestamps",
    "oauth_acceptable_versions",
    "oauth_parameters_absent",
    "oauth_parameters_rejected",
];

/// What a provider's answer reports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reported {
    params: Vec<(String, String)>,
    /// The provider's clock, from its `Date` header, in Unix seconds.
    pub date: Option<u64>,
}

impl Reported {
    /// Reads `answer`'s challenge, body and `Date`.
    pub fn read(answer: &Answer) -> Self {
        let mut out = Reported::default();
        for value in answer.headers_named("www-authenticate") {
            out.read_challenge(value);
        }
        let body = String::from_utf8_lossy(&answer.body);
        let body = body.trim();
        if body.starts_with('{') {
            if let Ok(json) = serde_json::from_str::<Value>(body) {
                out.read_json(&json, 0);
            }
        } else if NAMES.iter().any(|n| body.contains(&format!("{n}="))) {
            out.read_form(body);
        }
        out.date = answer
            .header("date")
            .and_then(|d| httpdate::parse_http_date(d).ok())
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map(|d| d.as_secs());
        out
    }

    /// The value of `name`, e.g. `oauth_problem`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// `oauth_problem`.
    pub fn problem(&self) -> Option<&str> {
        self.get("oauth_problem")
    }

    /// Whether no parameter was reported (a `Date` alone does not count).
    pub fn is_empty(&self) -> bool {
        self.params.is_empty()
    }

    fn set(&mut self, name: &[u8], value: &[u8]) {
        let Some(&name) = NAMES.iter().find(|n| n.as_bytes() == name) else {
            return;
        };
        if self.get(name).is_none() {
            let value = String::from_utf8_lossy(value).into_owned();
            self.params.push((name.to_owned(), value));
        }
    }

    /// The `OAuth` challenge of a `WWW-Authenticate` value (which may list
    /// other schemes first), its values decoded once; a malformed
    /// parameter ends the reading, keeping what came before.
    fn read_challenge(&mut self, value: &str) {
        let start = (0..value.len()).find(|&i| {
            value.is_char_boundary(i)
                && value[i..]
                    .get(..5)
                    .is_some_and(|s| s.eq_ignore_ascii_case("oauth"))
                && (i == 0 || value[..i].trim_end().ends_with(','))
        });
        let Some(Ok(params)) = start.map(|i| parse_authorization(&value[i..])) else {
            return;
        };
        for param in params.map_while(Result::ok) {
            self.set(&octets(&param.name), &octets(&param.value));
        }
    }

    /// `name=value&…`, form-decoded.
    fn read_form(&mut self, body: &str) {
        for (name, value, _) in pairs(body, Part::Body).map_while(Result::ok) {
            self.set(&octets(&name), &octets(&value));
        }
    }

    /// String members with the names, at the top or one object down
    /// (`{"error": {"oauth_problem": …}}`).
    fn read_json(&mut self, json: &Value, depth: usize) {
        let Value::Object(map) = json else { return };
        for (name, value) in map {
            match value {
                Value::String(text) => self.set(name.as_bytes(), text.as_bytes()),
                Value::Object(_) if depth == 0 => self.read_json(value, 1),
                _ => {}
            }
        }
    }
}

/// What an `oauth_problem` means (the Problem Reporting extension's
/// names), one clause.
pub fn meaning(problem: &str) -> &'static str {
    match problem {
        "version_rejected" => "the provider does not accept this oauth_version",
        "parameter_absent" => "a required parameter is missing",
        "parameter_rejected" => "the provider refuses a parameter it was sent",
        "timestamp_refused" => {
            "oauth_timestamp is outside the provider's window (RFC 5849 §3.3): the clocks disagree"
        }
        "nonce_used" => "the provider has seen this oauth_nonce before (a replay, RFC 5849 §3.3)",
        "signature_method_rejected" => {
            "the provider does not accept this oauth_signature_method (Jira takes RSA-SHA1 only)"
        }
        "signature_invalid" => "the provider computed another signature for the request",
        "consumer_key_unknown" => "the provider does not know this oauth_consumer_key",
        "consumer_key_rejected" => "the consumer key is permanently refused (revoked, disabled)",
        "consumer_key_refused" => "the consumer key is refused for now (e.g. a rate limit)",
        "token_used" => "the token was used already (a temporary token is exchanged once)",
        "token_expired" => "the token has expired",
        "token_revoked" => "the token was revoked",
        "token_rejected" => "the provider does not accept this oauth_token",
        "verifier_invalid" => "the oauth_verifier is wrong for this temporary token",
        "additional_authorization_required" => "the token lacks a permission this call needs",
        "permission_unknown" | "permission_denied" => {
            "the resource owner did not grant the permission this call needs"
        }
        "user_refused" => "the resource owner refused access",
        _ => "not one of the Problem Reporting extension's names",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(headers: &[(&str, &str)], body: &str) -> Answer {
        Answer {
            status: 401,
            version: "HTTP/1.1".into(),
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn a_jira_challenge_is_decoded_once() {
        let a = answer(
            &[(
                "WWW-Authenticate",
                r#"OAuth realm="https%3A%2F%2Fjira.example.com", oauth_problem="signature_invalid", oauth_signature_base_string="GET%26https%253A%252F%252Fjira.example.com%252F%26a%253D1""#,
            )],
            "",
        );
        let r = Reported::read(&a);
        assert_eq!(r.problem(), Some("signature_invalid"));
        assert_eq!(
            r.get("oauth_signature_base_string"),
            Some("GET&https%3A%2F%2Fjira.example.com%2F&a%3D1")
        );
    }

    #[test]
    fn another_scheme_first_and_the_header_wins() {
        let a = answer(
            &[(
                "www-authenticate",
                r#"Basic realm="x", OAuth oauth_problem="nonce_used""#,
            )],
            "oauth_problem=timestamp_refused&oauth_acceptable_timestamps=10-20",
        );
        let r = Reported::read(&a);
        assert_eq!(r.problem(), Some("nonce_used"));
        assert_eq!(r.get("oauth_acceptable_timestamps"), Some("10-20"));
    }

    #[test]
    fn form_and_json_bodies() {
        let r = Reported::read(&answer(
            &[],
            "oauth_problem=consumer_key_unknown&oauth_problem_advice=Check+the+key",
        ));
        assert_eq!(r.problem(), Some("consumer_key_unknown"));
        assert_eq!(r.get("oauth_problem_advice"), Some("Check the key"));
        let r = Reported::read(&answer(
            &[],
            r#"{"error":{"oauth_problem":"token_expired","oauth_problem_advice":"again"},"n":1}"#,
        ));
        assert_eq!(r.problem(), Some("token_expired"));
        assert_eq!(r.get("oauth_problem_advice"), Some("again"));
    }

    #[test]
    fn nothing_from_unrelated_answers() {
        for body in ["invalid signature", "{\"message\":\"no\"}", "{", "a=1&b=2"] {
            assert!(Reported::read(&answer(&[], body)).is_empty(), "{body}");
        }
        let r = Reported::read(&answer(
            &[("WWW-Authenticate", "OAuth oauth_problem=\"%ZZ\"")],
            "",
        ));
        assert!(r.is_empty());
    }

    #[test]
    fn the_date_is_the_provider_clock() {
        let a = answer(&[("Date", "Sun, 06 Nov 1994 08:49:37 GMT")], "");
        assert_eq!(Reported::read(&a).date, Some(784_111_777));
        let a = answer(&[("Date", "yesterday")], "");
        assert_eq!(Reported::read(&a).date, None);
    }
}
