//! `oauthsig token`: a provider's credentials response, as lines or JSON.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use predicates::prelude::*;

/// RFC 5849 §2.1's temporary credentials response.
const RFC_2_1: &str = "oauth_token=hh5s93j4hdidpola&oauth_token_secret=hdhd0244k9j7ao03&oauth_callback_confirmed=true";

/// Twitter's access token response shape (extra fields).
const TWITTER: &str = "oauth_token=6253282-eWudHldSbIaelX7swmsiHImEL4KinwaGloHANdrY\
                       &oauth_token_secret=2EEfA6BG3ly3sR3RjE0IBSnlQu4ZrUzPiYKmrkVU\
                       &user_id=6253282&screen_name=twitterapi";

#[test]
fn rfc_response_as_lines() {
    oauthsig()
        .args(["token", RFC_2_1])
        .assert()
        .success()
        .stdout(
            "oauth_token: hh5s93j4hdidpola\n\
         oauth_token_secret: hdhd0244k9j7ao03\n\
         oauth_callback_confirmed: true\n",
        );
}

#[test]
fn extras_from_stdin() {
    oauthsig()
        .arg("token")
        .write_stdin(format!("{TWITTER}\n"))
        .assert()
        .success()
        .stdout(
            "oauth_token: 6253282-eWudHldSbIaelX7swmsiHImEL4KinwaGloHANdrY\n\
             oauth_token_secret: 2EEfA6BG3ly3sR3RjE0IBSnlQu4ZrUzPiYKmrkVU\n\
             user_id: 6253282\n\
             screen_name: twitterapi\n",
        );
}

#[test]
fn json() {
    let out = stdout_of(oauthsig().args(["token", "--json", TWITTER]));
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        value,
        serde_json::json!({
            "oauth_token": "6253282-eWudHldSbIaelX7swmsiHImEL4KinwaGloHANdrY",
            "oauth_token_secret": "2EEfA6BG3ly3sR3RjE0IBSnlQu4ZrUzPiYKmrkVU",
            "extra": {"user_id": "6253282", "screen_name": "twitterapi"},
        })
    );
    assert_eq!(out.lines().count(), 1, "one line, for pipes");
    let out = stdout_of(oauthsig().args(["token", "--json", RFC_2_1]));
    assert_eq!(
        out,
        r#"{"extra":{},"oauth_callback_confirmed":true,"oauth_token":"hh5s93j4hdidpola","oauth_token_secret":"hdhd0244k9j7ao03"}"#
            .to_owned()
            + "\n"
    );
}

#[test]
fn decoded_values() {
    oauthsig()
        .args([
            "token",
            "oauth_token=a%20b&oauth_token_secret=c+d&name=%C3%A9",
        ])
        .assert()
        .success()
        .stdout("oauth_token: a b\noauth_token_secret: c d\nname: é\n");
}

#[test]
fn bad_responses_name_the_field() {
    assert_eq!(
        error_of(oauthsig().args(["token", "oauth_token=a"]), 2),
        "error: credentials response: oauth_token_secret is missing"
    );
    assert_eq!(
        error_of(
            oauthsig().args(["token", "oauth_token=a&oauth_token_secret=b%2"]),
            2
        ),
        "error: credentials response: oauth_token_secret has a malformed percent escape at byte 34"
    );
    let message = error_of(oauthsig().arg("token").write_stdin("<html>401</html>"), 2);
    assert!(message.contains("oauth_token is missing"), "{message}");
}

#[test]
fn help_says_it_prints_the_secret() {
    oauthsig()
        .args(["token", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("prints the token secret"));
}
