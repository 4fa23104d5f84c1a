//! `oauthsig token`: a provider's temporary- or token-credentials response
//! (RFC 5849 §2.1, §2.3), parsed and printed field by field or as JSON.
//! It prints the token secret on purpose: that is what it is for.

use crate::Outcome;
use crate::cli::TokenArgs;
use crate::error::Error;
use crate::output::Printable;
use crate::sign::print_line;
use oauthsig::Token;
use oauthsig::oauthsig_core::Part;
use oauthsig::oauthsig_core::params::pairs;
use serde_json::{Map, Value, json};
use std::io::Read as _;
use std::path::Path;

/// `oauthsig token`.
pub fn run(args: &TokenArgs) -> Result<Outcome, Error> {
    let text = match &args.response {
        Some(text) => text.clone(),
        None => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| Error::io(Path::new("-"), &e))?;
            text
        }
    };
    // A response piped from curl ends with a newline at most; it is not data.
    let text = text.trim();
    let token: Token = text.parse()?;
    let confirmed = has_callback_confirmed(text).then(|| token.callback_confirmed());
    let out = if args.json {
        to_json(&token, confirmed).to_string()
    } else {
        to_lines(&token, confirmed)
    };
    print_line(&out)?;
    Ok(Outcome::Success)
}

/// Whether the response has an `oauth_callback_confirmed` field at all
/// (`Token` folds "absent" and "not true" into `false`).
fn has_callback_confirmed(text: &str) -> bool {
    pairs(text, Part::Body)
        .any(|pair| pair.is_ok_and(|(name, _, _)| name.eq_decoded(b"oauth_callback_confirmed")))
}

/// `name: value` lines, protocol fields first, control characters escaped.
fn to_lines(token: &Token, confirmed: Option<bool>) -> String {
    let mut lines = vec![
        format!("oauth_token: {}", Printable(token.key())),
        format!("oauth_token_secret: {}", Printable(token.secret())),
    ];
    if let Some(confirmed) = confirmed {
        lines.push(format!("oauth_callback_confirmed: {confirmed}"));
    }
    for (name, value) in token.extra() {
        lines.push(format!("{}: {}", Printable(name), Printable(value)));
    }
    lines.join("\n")
}

/// One JSON object: the protocol fields by name, `oauth_callback_confirmed`
/// as a boolean when present, other fields under `extra` (the first value of
/// a repeated name, as `Token::get` gives).
fn to_json(token: &Token, confirmed: Option<bool>) -> Value {
    let mut extra = Map::new();
    for (name, value) in token.extra() {
        extra
            .entry(name.clone())
            .or_insert_with(|| Value::String(value.clone()));
    }
    let mut object = json!({
        "oauth_token": token.key(),
        "oauth_token_secret": token.secret(),
        "extra": extra,
    });
    if let (Some(confirmed), Some(map)) = (confirmed, object.as_object_mut()) {
        map.insert(
            "oauth_callback_confirmed".to_owned(),
            Value::Bool(confirmed),
        );
    }
    object
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callback_confirmed_only_when_present() {
        assert!(has_callback_confirmed(
            "oauth_token=a&oauth_callback_confirmed=false"
        ));
        assert!(!has_callback_confirmed(
            "oauth_token=a&oauth_token_secret=b"
        ));
    }

    #[test]
    fn lines_and_json() {
        let token: Token = "oauth_token=a&oauth_token_secret=b&user_id=1&user_id=2&x=%0A"
            .parse()
            .unwrap();
        assert_eq!(
            to_lines(&token, None),
            "oauth_token: a\noauth_token_secret: b\nuser_id: 1\nuser_id: 2\nx: \\n"
        );
        assert_eq!(
            to_json(&token, Some(false)).to_string(),
            r#"{"extra":{"user_id":"1","x":"\n"},"oauth_callback_confirmed":false,"oauth_token":"a","oauth_token_secret":"b"}"#
        );
    }
}
