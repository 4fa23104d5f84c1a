//! LTI 1.1 (`oauthsig::lti`, feature `lti`): an LMS's launch verified by a
//! tool, and refused when its LTI parameters, body, URL or nonce are wrong;
//! the TLS-proxy case through the tower layer's origin policy; Outcomes
//! requests signed by a tool and verified by an LMS with their body hash;
//! the POX XML escaped and read back.

#![cfg(feature = "lti")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauthsig::lti::{
    CodeMajor, LaunchParams, LaunchVerifier, LtiError, Operation, OutcomeRequest, OutcomeResponse,
    verify_outcome,
};
use oauthsig::profile::{Profile, ProfileId};
use oauthsig::verifier::{CredentialQuery, Credentials, IncomingRequest, LookupError, Verifier};
use oauthsig::{Consumer, FORM_CONTENT_TYPE, SignatureMethod, VerifyError};

const URL: &str = "https://tool.example.edu/lti/launch?course=7";
const NOW: u64 = 1_700_000_000;

fn lookup(q: &CredentialQuery<'_>) -> Result<Credentials<'static>, LookupError> {
    match q.consumer_key() {
        "lms-key" => Ok(Credentials::secrets("lms-secret", "")),
        _ => Err(LookupError::UnknownConsumer),
    }
}

fn lms() -> Consumer {
    Consumer::new("lms-key", "lms-secret")
}

fn tool() -> LaunchVerifier {
    let verifier = Verifier::builder()
        .profile(&Profile::new(ProfileId::Lti11))
        .clock(|| NOW)
        .build()
        .unwrap();
    LaunchVerifier::with_verifier(verifier)
}

/// A launch body signed at `NOW` with `nonce`.
fn launch(params: &LaunchParams, nonce: &str) -> String {
    let profile = Profile::new(ProfileId::Lti11);
    params
        .to_request(&lms(), URL)
        .unwrap()
        .nonce(nonce)
        .timestamp(&NOW.to_string())
        .sign_with_profile(&profile, &lms(), None)
        .unwrap()
        .to_postdata()
}

fn full() -> LaunchParams {
    LaunchParams::new("link-1")
        .user_id("u 7")
        .roles(&["urn:lti:role:ims/lis/Instructor", "Learner"])
        .context_id("c-9")
        .outcome_service("https://lms.example.edu/grades?x=1", "s&7")
        .param("custom_chapter", "3 + 4 = 7")
        .param("lis_person_name_full", "Zoë Ng")
}

#[test]
fn an_lms_launch_verifies_with_typed_parameters_once() {
    // A Canvas-style nonce, longer than the 20–30 oauthlib allows.
    let body = launch(&full(), "Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4fGh7jKl0nPq3s");
    let tool = tool();
    let ok = tool
        .verify(URL, Some(FORM_CONTENT_TYPE), body.as_bytes(), &lookup)
        .unwrap();
    assert_eq!(ok.consumer_key(), "lms-key");
    assert_eq!(ok.resource_link_id(), "link-1");
    assert_eq!(ok.user_id(), Some("u 7"));
    assert!(ok.has_role("instructor") && ok.has_role("Learner") && !ok.has_role("Administrator"));
    assert_eq!(ok.context_id(), Some("c-9"));
    assert_eq!(
        ok.lis_outcome_service_url(),
        Some("https://lms.example.edu/grades?x=1")
    );
    assert_eq!(ok.lis_result_sourcedid(), Some("s&7"));
    assert_eq!(ok.custom("chapter"), Some("3 + 4 = 7"));
    assert_eq!(ok.person_name_full(), Some("Zoë Ng"));
    assert_eq!(ok.parameter("course"), Some("7"));
    let replay = tool.verify(URL, Some(FORM_CONTENT_TYPE), body.as_bytes(), &lookup);
    assert_eq!(replay.unwrap_err(), LtiError::OAuth(VerifyError::UsedNonce));
}

#[test]
fn launches_that_are_not_lti_or_not_intact_are_refused() {
    let tool = tool();
    let check = |params: LaunchParams, nonce: &str| {
        let body = launch(&params, nonce);
        tool.verify(URL, Some(FORM_CONTENT_TYPE), body.as_bytes(), &lookup)
            .unwrap_err()
    };
    let mut wrong_type = LaunchParams::new("l");
    wrong_type = wrong_type.param("x", "1");
    let body = launch(&wrong_type, "nonce-a")
        .replace("basic-lti-launch-request", "ContentItemSelectionRequest");
    let tampered = tool.verify(URL, Some(FORM_CONTENT_TYPE), body.as_bytes(), &lookup);
    assert_eq!(
        tampered.unwrap_err(),
        LtiError::OAuth(VerifyError::BadSignature)
    );
    assert_eq!(
        check(LaunchParams::new(""), "nonce-b"),
        LtiError::MissingParameter("resource_link_id")
    );
    // Correctly signed, but not a basic launch of LTI 1.0/1.1.
    let content_item =
        LaunchParams::new("l").set("lti_message_type", "ContentItemSelectionRequest");
    assert_eq!(
        check(content_item, "nonce-c"),
        LtiError::UnsupportedMessageType
    );
    let v2 = LaunchParams::new("l").set("lti_version", "LTI-2p0");
    assert_eq!(check(v2, "nonce-d"), LtiError::UnsupportedVersion);
    let twice = LaunchParams::new("l").param("lti_message_type", "x");
    assert_eq!(
        check(twice, "nonce-f"),
        LtiError::DuplicateParameter("lti_message_type")
    );
    let body = launch(&full(), "nonce-e");
    assert_eq!(
        tool.verify(URL, Some("application/json"), body.as_bytes(), &lookup)
            .unwrap_err(),
        LtiError::NotAFormPost
    );
    assert_eq!(
        tool.verify(URL, None, body.as_bytes(), &lookup)
            .unwrap_err(),
        LtiError::NotAFormPost
    );
    // The URL the tool verifies must be the one the LMS signed.
    let http = URL.replace("https:", "http:");
    let err = tool
        .verify(&http, Some(FORM_CONTENT_TYPE), body.as_bytes(), &lookup)
        .unwrap_err();
    assert_eq!(err, LtiError::OAuth(VerifyError::BadSignature));
    assert_eq!(err.http_status(), 401);
}

/// Behind a TLS proxy the tool receives `http` on its own host; the
/// configured public origin rebuilds what the LMS signed.
#[cfg(feature = "tower")]
#[test]
fn behind_a_tls_proxy_the_public_origin_is_verified() {
    use oauthsig::tower::{OriginPolicy, PublicOrigin};
    let body = launch(&full(), "proxy-nonce");
    let received = ::http::Request::post("/lti/launch?course=7")
        .header("host", "10.0.0.7:8080")
        .header("content-type", FORM_CONTENT_TYPE)
        .body(body.into_bytes())
        .unwrap();
    let tool = tool();
    let as_received = tool.verify_http(&received, &OriginPolicy::new(), &lookup);
    assert_eq!(
        as_received.unwrap_err(),
        LtiError::OAuth(VerifyError::BadSignature)
    );
    let public =
        OriginPolicy::new().public_origin(PublicOrigin::new("https://tool.example.edu").unwrap());
    assert_eq!(
        tool.verify_http(&received, &public, &lookup)
            .unwrap()
            .resource_link_id(),
        "link-1"
    );
}

fn lms_verifier() -> Verifier {
    Verifier::builder()
        .allow(SignatureMethod::HmacSha1)
        .build()
        .unwrap()
}

fn tool_lookup(_: &CredentialQuery<'_>) -> Result<Credentials<'static>, LookupError> {
    Ok(Credentials::secrets("tool-secret", ""))
}

#[test]
fn outcomes_are_verified_with_their_body_hash() {
    let url = "https://lms.example.edu/grades?x=1";
    let tool = Consumer::new("tool-key", "tool-secret");
    let nasty = r#"s&7<"'>]]>"#;
    for outcome in [
        OutcomeRequest::replace_result(nasty, 0.75).unwrap(),
        OutcomeRequest::read_result(nasty).unwrap(),
        OutcomeRequest::delete_result(nasty).unwrap(),
    ] {
        let signed = outcome.sign(&tool, url).unwrap();
        assert!(signed.authorization.contains("oauth_body_hash="));
        let incoming = IncomingRequest::new("POST", url)
            .authorization(&signed.authorization)
            .content_type("application/xml")
            .body(signed.body.as_bytes());
        let (verified, read) = verify_outcome(&lms_verifier(), &incoming, &tool_lookup).unwrap();
        assert_eq!(verified.consumer_key(), "tool-key");
        assert_eq!(read, outcome);
        assert_eq!(read.sourcedid(), nasty);
        // The XML changed after signing: the body hash no longer matches.
        let changed = signed.body.replace("0.75", "1");
        if changed != signed.body {
            let incoming = IncomingRequest::new("POST", url)
                .authorization(&signed.authorization)
                .content_type("application/xml")
                .body(changed.as_bytes());
            let err = verify_outcome(&lms_verifier(), &incoming, &tool_lookup).unwrap_err();
            assert_eq!(err, LtiError::OAuth(VerifyError::BodyHashMismatch));
        }
    }
}

#[test]
fn outcomes_without_a_body_hash_or_with_bad_scores_are_refused() {
    let url = "https://lms.example.edu/grades";
    let tool = Consumer::new("tool-key", "tool-secret");
    let outcome = OutcomeRequest::replace_result("s", 0.5).unwrap();
    let unhashed = outcome
        .to_request(&tool, url)
        .unwrap()
        .body_hash(oauthsig::BodyHashPolicy::Never)
        .sign(SignatureMethod::HmacSha1, &tool, None)
        .unwrap();
    let header = unhashed.to_header(None).unwrap();
    let xml = outcome.to_xml();
    let incoming = IncomingRequest::new("POST", url)
        .authorization(&header)
        .content_type("application/xml")
        .body(xml.as_bytes());
    let err = verify_outcome(&lms_verifier(), &incoming, &tool_lookup).unwrap_err();
    assert_eq!(
        (err.clone(), err.http_status()),
        (LtiError::NoBodyHash, 401)
    );
    for bad in [-0.01, 1.01, f64::NAN, f64::INFINITY] {
        assert_eq!(
            OutcomeRequest::replace_result("s", bad).unwrap_err(),
            LtiError::BadScore
        );
    }
    assert!(OutcomeRequest::from_xml("<!DOCTYPE x><x/>").is_err());
    assert_eq!(
        OutcomeRequest::from_xml("<a><b/></a>").unwrap_err(),
        LtiError::BadXml("imsx_POXBody")
    );
}

#[test]
fn responses_round_trip() {
    for (code, op) in [
        (CodeMajor::Success, Operation::ReplaceResult),
        (CodeMajor::Failure, Operation::DeleteResult),
    ] {
        let xml = OutcomeResponse::new(code, op, "m<1>")
            .with_description("a & b")
            .to_xml();
        let read = OutcomeResponse::from_xml(&xml).unwrap();
        assert_eq!(
            (
                read.code_major(),
                read.message_ref_identifier(),
                read.score()
            ),
            (code, "m<1>", None)
        );
    }
}
