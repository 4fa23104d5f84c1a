//! oauthsig's LTI 1.1 (`oauthsig::lti`) against real LTI libraries, live
//! on loopback:
//!
//! * PyPI `lti` 0.9.5 (pylti/lti, over oauthlib 4.0.1 and
//!   requests-oauthlib): its `ToolConsumer`'s launch is verified by
//!   oauthsig's `LaunchVerifier`; oauthsig's `LaunchParams` launch is
//!   validated by its `ToolProvider` (an oauthlib validator with oauthlib's
//!   default nonce rules); its Outcomes requests (replace, read, delete)
//!   are verified by oauthsig's `verify_outcome` on a loopback LMS endpoint.
//! * npm `ims-lti` 3.0.2: its `Provider` validates oauthsig's launches; an
//!   Outcomes endpoint built on its `HMAC_SHA1` signer, nonce store and
//!   XML reader accepts oauthsig's `OutcomeRequest`s.
//!
//! Each direction also shows a refusal (tampered, replayed, wrong secret),
//! so an acceptance cannot be a peer that accepts everything.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauthsig::lti::{
    CodeMajor, LaunchParams, LaunchVerifier, LtiError, Operation, OutcomeRequest, OutcomeResponse,
    verify_outcome,
};
use oauthsig::verifier::{CredentialQuery, Credentials, IncomingRequest, LookupError, Verifier};
use oauthsig::{Consumer, FORM_CONTENT_TYPE, SignatureMethod, VerifyError, encode};
use oauthsig_interop::lti::{LTI_KEY, LTI_SECRET, LoopbackServer, NodeLtiPeer, Received, pylti};
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const TOOL_URL: &str = "https://tool.example.edu/lti/launch";

fn lookup(q: &CredentialQuery<'_>) -> Result<Credentials<'static>, LookupError> {
    match q.consumer_key() {
        LTI_KEY => Ok(Credentials::secrets(LTI_SECRET, "")),
        _ => Err(LookupError::UnknownConsumer),
    }
}

fn consumer() -> Consumer {
    Consumer::new(LTI_KEY, LTI_SECRET)
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

/// POSTs `body`; status, the `X-Peer-Result` header, and the body.
fn post(url: &str, headers: &[(&str, &str)], body: &str) -> (u16, Option<String>, String) {
    let mut request = agent().post(url);
    for (n, v) in headers {
        request = request.header(*n, *v);
    }
    let mut response = request
        .send(body)
        .unwrap_or_else(|e| panic!("POST {url}: {e}"));
    let peer = response
        .headers()
        .get("x-peer-result")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let status = response.status().as_u16();
    (
        status,
        peer,
        response.body_mut().read_to_string().unwrap_or_default(),
    )
}

/// The form body of `lti_peer.py launch`'s parameters.
fn form_of(answer: &Value) -> String {
    let pairs: Vec<String> = answer["params"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{}={}",
                encode(p[0].as_str().unwrap()),
                encode(p[1].as_str().unwrap())
            )
        })
        .collect();
    pairs.join("&")
}

#[test]
fn pylti_tool_consumer_launch_is_verified_by_oauthsig() {
    let answer = pylti(
        &[
            "launch",
            "--url",
            TOOL_URL,
            "--key",
            LTI_KEY,
            "--secret",
            LTI_SECRET,
            "--param",
            "custom_x=a b+c",
        ],
        b"",
    )
    .unwrap();
    let body = form_of(&answer);
    let tool = LaunchVerifier::new().unwrap();
    let launch = tool
        .verify(TOOL_URL, Some(FORM_CONTENT_TYPE), body.as_bytes(), &lookup)
        .unwrap();
    assert_eq!(launch.consumer_key(), LTI_KEY);
    assert_eq!(launch.resource_link_id(), "pylti-link-1");
    assert_eq!(launch.user_id(), Some("pylti-user"));
    assert!(launch.has_role("Instructor") && launch.has_role("Learner"));
    assert_eq!(launch.lis_result_sourcedid(), Some("pylti&sourced<1>"));
    assert_eq!(launch.custom("x"), Some("a b+c"));
    // Replayed, and tampered: refused.
    let replay = tool.verify(TOOL_URL, Some(FORM_CONTENT_TYPE), body.as_bytes(), &lookup);
    assert_eq!(replay.unwrap_err(), LtiError::OAuth(VerifyError::UsedNonce));
    let answer = pylti(
        &[
            "launch", "--url", TOOL_URL, "--key", LTI_KEY, "--secret", LTI_SECRET,
        ],
        b"",
    )
    .unwrap();
    let tampered = form_of(&answer).replace("pylti-user", "admin");
    let err = tool
        .verify(
            TOOL_URL,
            Some(FORM_CONTENT_TYPE),
            tampered.as_bytes(),
            &lookup,
        )
        .unwrap_err();
    assert_eq!(err, LtiError::OAuth(VerifyError::BadSignature));
}

#[test]
fn oauthsig_launch_is_validated_by_pylti_tool_provider() {
    let params = LaunchParams::new("link-9")
        .user_id("u 9")
        .roles(&["Learner"])
        .param("custom_note", "ü & =");
    let body = params.sign(&consumer(), TOOL_URL).unwrap();
    let args = [
        "validate", "--url", TOOL_URL, "--key", LTI_KEY, "--secret", LTI_SECRET,
    ];
    let answer = pylti(&args, body.as_bytes()).unwrap();
    assert_eq!(answer["valid"], true, "{answer}");
    assert_eq!(answer["user_id"], "u 9");
    assert_eq!(answer["resource_link_id"], "link-9");
    let wrong = LaunchParams::new("link-9")
        .sign(&Consumer::new(LTI_KEY, "not-the-secret"), TOOL_URL)
        .unwrap();
    assert_eq!(pylti(&args, wrong.as_bytes()).unwrap()["valid"], false);
}

/// What the loopback LMS verified, or why it refused, in order.
type Log = Arc<Mutex<Vec<Result<OutcomeRequest, LtiError>>>>;

/// The LMS side on loopback: `verify_outcome`, and a POX answer. Logs what
/// it verified (or the refusal) for the test.
fn lms(secret: &'static str) -> (LoopbackServer, Log) {
    let log = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&log);
    let verifier = Verifier::builder()
        .allow(SignatureMethod::HmacSha1)
        .build()
        .unwrap();
    let server = LoopbackServer::start(move |r: &Received| {
        let url = format!("http://{}{}", r.header("host").unwrap_or(""), r.target);
        let mut incoming = IncomingRequest::new("POST", &url).body(&r.body);
        if let Some(a) = r.header("authorization") {
            incoming = incoming.authorization(a);
        }
        if let Some(ct) = r.header("content-type") {
            incoming = incoming.content_type(ct);
        }
        let lookup = move |_: &CredentialQuery<'_>| -> Result<Credentials<'static>, LookupError> {
            Ok(Credentials::secrets(secret, ""))
        };
        let result = verify_outcome(&verifier, &incoming, &lookup).map(|(_, outcome)| outcome);
        let answer = match &result {
            Ok(o) => {
                let mut response =
                    OutcomeResponse::new(CodeMajor::Success, o.operation(), o.message_identifier());
                if o.operation() == Operation::ReadResult {
                    response = response.with_score("0.25");
                }
                (200, "application/xml", response.to_xml())
            }
            Err(e) => (e.http_status(), "text/plain", e.to_string()),
        };
        seen.lock().unwrap().push(result);
        answer
    })
    .unwrap();
    (server, log)
}

#[test]
fn pylti_outcomes_are_verified_by_oauthsig_lms() {
    let (server, log) = lms(LTI_SECRET);
    let url = format!("{}/grades?course=7", server.base());
    let sourcedid = "pylti&sourced<1>";
    let base = [
        "outcome",
        "--url",
        &url,
        "--key",
        LTI_KEY,
        "--secret",
        LTI_SECRET,
        "--sourcedid",
        sourcedid,
    ];
    let run = |extra: &[&str]| pylti(&[&base[..], extra].concat(), b"").unwrap();
    assert_eq!(run(&["--score", "0.8"])["success"], true);
    let read = run(&["--read"]);
    assert_eq!(
        (read["success"].clone(), read["score"].clone()),
        (Value::Bool(true), Value::from("0.25"))
    );
    assert_eq!(run(&["--delete"])["success"], true);
    let seen: Vec<_> = log.lock().unwrap().drain(..).map(Result::unwrap).collect();
    let ops: Vec<_> = seen
        .iter()
        .map(|o| (o.operation(), o.sourcedid(), o.score()))
        .collect();
    assert_eq!(
        ops,
        [
            (Operation::ReplaceResult, sourcedid, Some("0.8")),
            (Operation::ReadResult, sourcedid, None),
            (Operation::DeleteResult, sourcedid, None),
        ]
    );
    // Signed with another secret: refused by oauthsig, seen as a failure by lti.
    let wrong = pylti(
        &[
            "outcome",
            "--url",
            &url,
            "--key",
            LTI_KEY,
            "--secret",
            "wrong",
            "--sourcedid",
            "s",
            "--score",
            "1",
        ],
        b"",
    )
    .unwrap();
    assert_eq!(wrong["success"], false);
    let refused = log.lock().unwrap().pop().unwrap().unwrap_err();
    assert_eq!(refused, LtiError::OAuth(VerifyError::BadSignature));
}

#[test]
fn ims_lti_provider_validates_oauthsig_launches() {
    let mut peer = NodeLtiPeer::start().unwrap();
    let url = format!("{}/launch", peer.base());
    let body = LaunchParams::new("link-7")
        .user_id("u7")
        .roles(&["urn:lti:role:ims/lis/Instructor"])
        .outcome_service("https://lms.example.edu/grades", "s7")
        .param("custom_quote", "it's (*)!")
        .sign(&consumer(), &url)
        .unwrap();
    let form = [("content-type", FORM_CONTENT_TYPE)];
    let (status, _, text) = post(&url, &form, &body);
    assert_eq!(status, 200, "{text}\n{}", peer.log());
    let answer: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        (answer["valid"].clone(), answer["user_id"].clone()),
        (Value::Bool(true), Value::from("u7"))
    );
    assert_eq!(answer["outcome_service"], true);
    let (status, _, text) = post(&url, &form, &body);
    assert_eq!(status, 401, "replay: {text}");
    let tampered = LaunchParams::new("link-7")
        .user_id("u7")
        .sign(&consumer(), &url)
        .unwrap()
        .replace("u7", "u8");
    let (status, _, text) = post(&url, &form, &tampered);
    assert_eq!(
        (status, text.contains("Invalid Signature")),
        (401, true),
        "{text}"
    );
    assert!(peer.is_running());
}

#[test]
fn oauthsig_outcomes_are_accepted_by_an_ims_lti_endpoint() {
    let peer = NodeLtiPeer::start().unwrap();
    let url = format!("{}/outcomes", peer.base());
    let sourcedid = "s&7<'\">";
    for outcome in [
        OutcomeRequest::replace_result(sourcedid, 0.42).unwrap(),
        OutcomeRequest::read_result(sourcedid).unwrap(),
        OutcomeRequest::delete_result(sourcedid).unwrap(),
    ] {
        let signed = outcome.sign(&consumer(), &url).unwrap();
        let headers = [
            ("content-type", "application/xml"),
            ("authorization", signed.authorization.as_str()),
        ];
        let (status, result, text) = post(&url, &headers, &signed.body);
        assert_eq!(status, 200, "{text}\n{}", peer.log());
        let result: Value = serde_json::from_str(&result.unwrap()).unwrap();
        assert_eq!(result["operation"], outcome.operation().name());
        assert_eq!(result["sourcedid"], sourcedid);
        assert_eq!(result["score"].as_str(), outcome.score());
        let response = OutcomeResponse::from_xml(&text).unwrap();
        assert_eq!(response.code_major(), CodeMajor::Success);
        assert_eq!(
            response.message_ref_identifier(),
            outcome.message_identifier()
        );
        if outcome.operation() == Operation::ReadResult {
            assert_eq!(response.score(), Some("0.25"));
        }
        // The same XML with another score: its body hash no longer matches.
        let changed = signed.body.replace(sourcedid_escaped(), "someone-else");
        let (status, _, text) = post(&url, &headers, &changed);
        assert_eq!((status, text.as_str()), (401, "body hash mismatch"));
    }
    let wrong = OutcomeRequest::read_result("s")
        .unwrap()
        .sign(&Consumer::new(LTI_KEY, "wrong"), &url)
        .unwrap();
    let headers = [
        ("content-type", "application/xml"),
        ("authorization", wrong.authorization.as_str()),
    ];
    let (status, _, text) = post(&url, &headers, &wrong.body);
    assert_eq!((status, text.as_str()), (401, "invalid signature"));
}

/// The sourcedid as the XML carries it.
fn sourcedid_escaped() -> &'static str {
    "s&amp;7&lt;&apos;&quot;&gt;"
}
