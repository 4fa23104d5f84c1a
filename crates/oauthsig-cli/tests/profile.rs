//! `--profile NAME`: the command signs exactly what the library's
//! `Request::sign_with_profile(..).placed(..)` signs for every profile, a
//! flag given overrides the profile's default, and an unknown name is a
//! usage error naming the known ones.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use oauthsig::profile::{Placed, Placement, Profile, ProfileId};
use oauthsig::{Consumer, Request, RsaPrivateKey, Token};

const URL: &str = "https://h.example/api/items?b=1&a=x%20y";
const JSON: &str = r#"{"name":"widget"}"#;
const FORM: &str = "c=3&d=a%2Bb";

/// How a request is made for the table: method, body and content type.
struct Case {
    method: &'static str,
    body: Option<(&'static str, &'static str)>,
}

/// A GET, and a POST whose body the profile's placement can carry: a form
/// where the parameters go in the form body, else JSON (body hash or not,
/// as the profile says).
fn cases(profile: &Profile) -> [Case; 2] {
    let body = match profile.placement() {
        Placement::Form => (FORM, "application/x-www-form-urlencoded"),
        _ => (JSON, "application/json"),
    };
    [
        Case {
            method: "GET",
            body: None,
        },
        Case {
            method: "POST",
            body: Some(body),
        },
    ]
}

/// The library's answer: the profile's request, nonce and timestamp pinned.
fn library(profile: &Profile, case: &Case) -> String {
    let rsa = profile.signature_method().is_rsa();
    let consumer = if rsa {
        let pem = std::fs::read(test_key("rsa2048.pkcs8.pem")).unwrap();
        Consumer::rsa("ck", RsaPrivateKey::parse(&pem).unwrap())
    } else {
        Consumer::new("ck", "cs")
    };
    let token = Token::new("tk", if rsa { "" } else { "ts" });
    let mut request = Request::for_profile(profile, &consumer, Some(&token), case.method, URL)
        .unwrap()
        .nonce("n0nce")
        .timestamp("1700000000");
    request = match case.body {
        Some((form, "application/x-www-form-urlencoded")) => request.form_body(form).unwrap(),
        Some((body, content_type)) => request.body(body, content_type),
        None => request,
    };
    let signed = request
        .sign_with_profile(profile, &consumer, Some(&token))
        .unwrap();
    match signed.placed(profile).unwrap() {
        Placed::Header(header) => format!("Authorization: {header}"),
        Placed::Url(url) => url,
        Placed::Form(form) => form,
        other => panic!("unexpected placement {other:?}"),
    }
}

/// `oauthsig sign --profile NAME` for the same request.
fn command(name: &str, profile: &Profile, case: &Case, dir: &std::path::Path) -> String {
    let mut args: Vec<String> = ["sign", "--profile", name, "--consumer-key", "ck"]
        .map(str::to_owned)
        .to_vec();
    if profile.signature_method().is_rsa() {
        let key = private_key(dir, "rsa2048.pkcs8.pem");
        args.extend(["--private-key".into(), key.display().to_string()]);
        args.extend(["--token".into(), "tk".into()]);
    } else {
        for a in [
            "--consumer-secret",
            "cs",
            "--token",
            "tk",
            "--token-secret",
            "ts",
        ] {
            args.push(a.into());
        }
    }
    for a in ["--nonce", "n0nce", "--timestamp", "1700000000"] {
        args.push(a.into());
    }
    if let Some((body, content_type)) = case.body {
        args.extend(["-d".into(), body.into()]);
        args.extend(["--content-type".into(), content_type.into()]);
    }
    args.extend([case.method.into(), URL.into()]);
    stdout_of(oauthsig().args(&args)).trim_end().to_owned()
}

#[test]
fn sign_with_every_profile_is_the_library_s() {
    let dir = tempfile::tempdir().unwrap();
    let netsuite = Profile::netsuite("123456_SB1").unwrap();
    let named = ProfileId::ALL
        .into_iter()
        .map(|id| (id.name().to_owned(), Profile::new(id)))
        .chain([("netsuite:123456_SB1".to_owned(), netsuite)]);
    for (name, profile) in named {
        for case in cases(&profile) {
            let ours = command(&name, &profile, &case, dir.path());
            assert_eq!(
                ours,
                library(&profile, &case),
                "{name} {} differs from the library",
                case.method
            );
        }
    }
}

#[test]
fn profiles_set_what_their_lines_say() {
    let mut env = oauthsig();
    env.env("OAUTHSIG_CONSUMER_KEY", "ck")
        .env("OAUTHSIG_CONSUMER_SECRET", "cs");
    let woo = stdout_of(env.args(["sign", "--profile", "woocommerce", "GET", URL]));
    // Query placement, HMAC-SHA256, no oauth_version, a 32-character nonce.
    assert!(woo.starts_with("https://h.example/api/items?"), "{woo}");
    assert!(woo.contains("oauth_signature_method=HMAC-SHA256"), "{woo}");
    assert!(!woo.contains("oauth_version"), "{woo}");
    let nonce = woo.split("oauth_nonce=").nth(1).unwrap();
    assert_eq!(nonce.split('&').next().unwrap().len(), 32, "{woo}");
    let base = stdout_of(
        oauthsig()
            .env("OAUTHSIG_CONSUMER_KEY", "ck")
            .args(["base-string", "--profile", "netsuite", "--nonce", "n"])
            .args(["--timestamp", "1", "GET", URL]),
    );
    assert!(base.contains("HMAC-SHA256"), "{base}");
}

#[test]
fn a_flag_overrides_the_profile() {
    let sign = |extra: &[&str]| {
        stdout_of(
            oauthsig()
                .env("OAUTHSIG_CONSUMER_KEY", "ck")
                .env("OAUTHSIG_CONSUMER_SECRET", "cs")
                .args(["sign", "--profile", "netsuite:123456_SB1"])
                .args(["--nonce", "n", "--timestamp", "1"])
                .args(extra)
                .args(["GET", URL]),
        )
    };
    let profile = sign(&[]);
    assert!(profile.contains(r#"realm="123456_SB1""#), "{profile}");
    assert!(profile.contains("HMAC-SHA256"), "{profile}");
    assert!(profile.contains("oauth_version"), "{profile}");
    let overridden = sign(&[
        "--signature-method",
        "HMAC-SHA1",
        "--realm",
        "Other",
        "--no-version",
    ]);
    assert!(overridden.contains(r#"realm="Other""#), "{overridden}");
    assert!(overridden.contains("HMAC-SHA1"), "{overridden}");
    assert!(!overridden.contains("oauth_version"), "{overridden}");
    // The profile's query placement gives way to an explicit header (--curl).
    let woo = stdout_of(
        oauthsig()
            .env("OAUTHSIG_CONSUMER_KEY", "ck")
            .env("OAUTHSIG_CONSUMER_SECRET", "cs")
            .args(["sign", "--profile", "woocommerce", "--curl", "GET", URL]),
    );
    assert!(woo.starts_with("curl -H 'Authorization: OAuth "), "{woo}");
    // Without --profile, nothing changes: the RFC 5849 §3.4.1.1 signature.
    let rfc = stdout_of(oauthsig().args(rfc_sign_args()));
    assert!(
        rfc.contains("r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D"),
        "{rfc}"
    );
}

#[test]
fn an_unknown_profile_is_a_usage_error_naming_the_known_ones() {
    for command in [
        "sign",
        "base-string",
        "verify",
        "request",
        "get",
        "authorize",
    ] {
        let output = oauthsig()
            .args([command, "--profile", "netflix"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{command}: {output:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains("no profile named \"netflix\""), "{stderr}");
        for name in Profile::NAMES {
            assert!(stderr.contains(name), "{command}: {name} missing: {stderr}");
        }
    }
    let output = oauthsig()
        .args(["sign", "--profile", "netsuite:12 34", "GET", URL])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
}

#[test]
fn help_lists_every_profile() {
    for command in [
        "sign",
        "base-string",
        "verify",
        "request",
        "get",
        "authorize",
    ] {
        let help = stdout_of(oauthsig().args([command, "--help"]));
        for id in ProfileId::ALL {
            let line = format!("{}: {}", id.name(), Profile::new(id).signature_method());
            assert!(help.contains(&line), "{command} --help lacks {line:?}");
        }
    }
}

/// `oauthsig` with the consumer's credentials in the environment.
fn with_consumer() -> assert_cmd::Command {
    let mut command = oauthsig();
    command
        .env("OAUTHSIG_CONSUMER_KEY", "ck")
        .env("OAUTHSIG_CONSUMER_SECRET", "cs");
    command
}

/// `verify --profile NAME` of a request `sign` made with `sign_args`;
/// the report (exit code ignored).
fn verify_signed(name: &str, sign_args: &[&str], url: &str) -> String {
    let header = stdout_of(
        with_consumer()
            .arg("sign")
            .args(sign_args)
            .args(["GET", url]),
    );
    let output = with_consumer()
        .args([
            "verify",
            "--profile",
            name,
            "--url",
            url,
            "-H",
            header.trim_end(),
        ])
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn verify_checks_the_profile_s_server_side() {
    let url = "https://h.example/rest/x?a=1";
    let now = oauthsig::generate_timestamp().unwrap().to_string();
    let report = verify_signed("magento", &["--profile", "magento"], url);
    assert!(
        report.contains("ok    accepted method: magento accepts HMAC-SHA256"),
        "{report}"
    );
    assert!(
        report.contains("ok    timestamp window: within magento's ±300 s"),
        "{report}"
    );
    assert!(report.contains("ok    nonce: "), "{report}");
    assert!(report.ends_with("result: valid\n"), "{report}");
    // A method the provider does not accept.
    let report = verify_signed("magento", &["--signature-method", "HMAC-SHA512"], url);
    assert!(
        report.contains(
            "FAIL  accepted method: magento accepts HMAC-SHA256, HMAC-SHA1, not HMAC-SHA512"
        ),
        "{report}"
    );
    // A timestamp an hour old is outside the window.
    let old = (now.parse::<u64>().unwrap() - 3600).to_string();
    let report = verify_signed(
        "magento",
        &["--profile", "magento", "--timestamp", &old],
        url,
    );
    // The command reads the clock after this test did: a second may pass.
    let behind = report
        .split("FAIL  timestamp window: ")
        .nth(1)
        .and_then(|rest| rest.split(" s behind").next())
        .and_then(|n| n.parse::<u64>().ok());
    assert!(
        behind.is_some_and(|s| (3600..=3602).contains(&s)),
        "{report}"
    );
    // The same request checked at the time it was recorded (`--now`):
    // inside the window, and on to the signature.
    let header = stdout_of(with_consumer().args([
        "sign",
        "--profile",
        "magento",
        "--timestamp",
        &old,
        "GET",
        url,
    ]));
    let then = (old.parse::<u64>().unwrap() + 10).to_string();
    let args = [
        "verify",
        "--profile",
        "magento",
        "--now",
        &then,
        "--url",
        url,
    ];
    let report = stdout_of(with_consumer().args(args).args(["-H", header.trim_end()]));
    assert!(
        report.contains("10 s behind the --now time")
            && report.contains("ok    timestamp window: within magento's ±300 s")
            && report.ends_with("result: valid\n"),
        "{report}"
    );
    // X's server takes nonces of 1 to 64 bytes (the verifier's default).
    let report = verify_signed("x", &["--nonce", &"n".repeat(64)], url);
    assert!(report.contains("ok    nonce: "), "{report}");
    let report = verify_signed("x", &["--nonce", &"n".repeat(65)], url);
    assert!(report.contains("FAIL  nonce: oauth_nonce"), "{report}");
    // Without --profile none of these checks runs.
    let header = stdout_of(with_consumer().args(["sign", "--timestamp", &old, "GET", url]));
    let plain = stdout_of(with_consumer().args(["verify", "--url", url, "-H", header.trim_end()]));
    assert!(
        !plain.contains("accepted method:") && !plain.contains("timestamp window:"),
        "{plain}"
    );
    assert!(plain.ends_with("result: valid\n"), "{plain}");
}

#[test]
fn get_and_request_send_what_the_profile_says() {
    use common::wire::{Reply, Stub};
    let stub = Stub::start(3, |_| Reply::new("200 OK", "{}"));
    let url = format!("{}/services/rest/record/v1/customer/1?q=a", stub.base);
    let run = |args: &[&str]| {
        stdout_of(
            with_consumer()
                .env("OAUTHSIG_TOKEN", "tk")
                .env("OAUTHSIG_TOKEN_SECRET", "ts")
                .args(args),
        )
    };
    run(&["get", "--profile", "netsuite:123456_SB1", &url]);
    run(&["request", "--profile", "woocommerce", "GET", &url]);
    run(&[
        "get",
        "--profile",
        "woocommerce",
        "--signature-method",
        "HMAC-SHA1",
        &url,
    ]);
    let seen = stub.seen();
    let auth = seen[0].header("authorization").unwrap();
    assert!(auth.starts_with(r#"OAuth realm="123456_SB1", "#), "{auth}");
    assert!(
        auth.contains(r#"oauth_signature_method="HMAC-SHA256""#),
        "{auth}"
    );
    // WooCommerce: the query, no oauth_version; the flag's method wins.
    for (request, method) in [(&seen[1], "HMAC-SHA256"), (&seen[2], "HMAC-SHA1")] {
        assert!(request.header("authorization").is_none());
        assert!(
            request
                .target
                .contains(&format!("oauth_signature_method={method}"))
        );
        assert!(
            !request.target.contains("oauth_version"),
            "{}",
            request.target
        );
    }
}

#[test]
fn authorize_follows_the_profile_s_callback_rule() {
    use common::wire::{Reply, Stub};
    // E*TRADE takes only `oob`: a loopback callback is a usage error.
    let output = with_consumer()
        .args([
            "authorize",
            "--profile",
            "etrade",
            "--loopback",
            "--save",
            "/nonexistent/x",
        ])
        .args([
            "--request-token",
            "http://127.0.0.1:9/rt",
            "--authorize",
            "http://127.0.0.1:9/a",
        ])
        .args(["--access-token", "http://127.0.0.1:9/at"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("etrade takes no callback URL"), "{stderr}");
    // The request-token call is signed with the profile.
    let stub = Stub::start(1, |_| Reply::new("401 Unauthorized", ""));
    let url = |path: &str| format!("{}/{path}", stub.base);
    let output = with_consumer()
        .args([
            "authorize",
            "--profile",
            "magento",
            "--save",
            "/nonexistent/x",
        ])
        .args(["--request-token", &url("rt"), "--authorize", &url("a")])
        .args(["--access-token", &url("at")])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let seen = stub.seen();
    let auth = seen[0].header("authorization").unwrap();
    // Magento: HMAC-SHA256, and no oauth_callback on its request-token call.
    assert!(
        auth.contains(r#"oauth_signature_method="HMAC-SHA256""#),
        "{auth}"
    );
    assert!(!auth.contains("oauth_callback"), "{auth}");
}
