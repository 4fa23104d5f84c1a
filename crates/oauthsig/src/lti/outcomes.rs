//! LTI 1.1 Outcomes (grade passback): a tool POSTs an IMS POX XML request
//! to the LMS's `lis_outcome_service_url`, `Content-Type: application/xml`,
//! signed two-legged with HMAC-SHA1 in the `Authorization` header, the XML
//! covered by a SHA-1 `oauth_body_hash` (the body hash extension; LTI 1.1
//! Outcomes service). The LMS verifies the signature and the body hash,
//! then answers with a POX response.

use super::xml::{XmlProblem, element_text, escape, has_element};
use super::{LtiError, OUTCOMES_CONTENT_TYPE};
use crate::verifier::{IncomingRequest, Verified, Verifier};
use crate::{BodyHashPolicy, Consumer, CredentialLookup, ProtocolParam, Request, SignatureMethod};
use oauthsig_core::body::BodyHashAlgorithm;

/// The POX namespace of LTI 1.1 Outcomes.
const NAMESPACE: &str = "http://www.imsglobal.org/services/ltiv1p1/xsd/imsoms_v1p0";

/// An Outcomes operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Operation {
    /// `replaceResult`: set the score.
    ReplaceResult,
    /// `readResult`: ask for the score.
    ReadResult,
    /// `deleteResult`: clear the score.
    DeleteResult,
}

impl Operation {
    /// The operation's name (`replaceResult`, …).
    pub const fn name(self) -> &'static str {
        match self {
            Operation::ReplaceResult => "replaceResult",
            Operation::ReadResult => "readResult",
            Operation::DeleteResult => "deleteResult",
        }
    }

    const ALL: [Operation; 3] = [
        Operation::ReplaceResult,
        Operation::ReadResult,
        Operation::DeleteResult,
    ];
}

/// An Outcomes request: build it and sign it (the tool), or read it from
/// a verified request (the LMS, [`verify_outcome`]).
///
/// ```
/// use oauthsig::Consumer;
/// use oauthsig::lti::OutcomeRequest;
/// let outcome = OutcomeRequest::replace_result("sourced<7>", 0.92)?.with_message_identifier("m1");
/// let xml = outcome.to_xml();
/// assert!(xml.contains("<sourcedId>sourced&lt;7&gt;</sourcedId>"));
/// assert!(xml.contains("<textString>0.92</textString>"));
/// let signed = outcome.sign(&Consumer::new("tool-key", "tool-secret"), "https://lms.example.edu/grades")?;
/// assert!(signed.authorization.contains("oauth_body_hash=\""));
/// assert_eq!(signed.body, xml);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutcomeRequest {
    operation: Operation,
    sourcedid: String,
    score: Option<String>,
    message_identifier: String,
}

/// A signed Outcomes request: POST `body` with `Content-Type:
/// application/xml` ([`OUTCOMES_CONTENT_TYPE`]) and this `Authorization`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignedOutcome {
    /// The `Authorization` header's value.
    pub authorization: String,
    /// The XML body.
    pub body: String,
}

impl OutcomeRequest {
    fn new(operation: Operation, sourcedid: &str) -> Result<Self, LtiError> {
        Ok(OutcomeRequest {
            operation,
            sourcedid: sourcedid.to_owned(),
            score: None,
            message_identifier: crate::generate_nonce(20)?,
        })
    }

    /// `replaceResult` of `score` (from 0.0 to 1.0) for `sourcedid`.
    ///
    /// # Errors
    /// [`LtiError::BadScore`] for a score that is not finite or outside
    /// 0.0–1.0; [`LtiError::Signing`] when no random message identifier can
    /// be made.
    pub fn replace_result(sourcedid: &str, score: f64) -> Result<Self, LtiError> {
        if !(0.0..=1.0).contains(&score) {
            return Err(LtiError::BadScore);
        }
        let mut request = Self::new(Operation::ReplaceResult, sourcedid)?;
        request.score = Some(score.to_string());
        Ok(request)
    }

    /// `readResult` for `sourcedid`.
    ///
    /// # Errors
    /// [`LtiError::Signing`] when no random message identifier can be made.
    pub fn read_result(sourcedid: &str) -> Result<Self, LtiError> {
        Self::new(Operation::ReadResult, sourcedid)
    }

    /// `deleteResult` for `sourcedid`.
    ///
    /// # Errors
    /// As [`OutcomeRequest::read_result`].
    pub fn delete_result(sourcedid: &str) -> Result<Self, LtiError> {
        Self::new(Operation::DeleteResult, sourcedid)
    }

    /// Sets `imsx_messageIdentifier` (default: 20 random characters).
    #[must_use]
    pub fn with_message_identifier(mut self, id: &str) -> Self {
        self.message_identifier = id.to_owned();
        self
    }

    /// The operation.
    pub const fn operation(&self) -> Operation {
        self.operation
    }

    /// `sourcedId`: whose result.
    pub fn sourcedid(&self) -> &str {
        &self.sourcedid
    }

    /// The score's text (`replaceResult` only).
    pub fn score(&self) -> Option<&str> {
        self.score.as_deref()
    }

    /// The `imsx_messageIdentifier`.
    pub fn message_identifier(&self) -> &str {
        &self.message_identifier
    }

    /// The POX XML body; every text XML-escaped.
    pub fn to_xml(&self) -> String {
        let score = self.score.as_deref().map_or_else(String::new, |s| {
            format!(
                "<result><resultScore><language>en</language><textString>{}</textString></resultScore></result>",
                escape(s)
            )
        });
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
             <imsx_POXEnvelopeRequest xmlns=\"{NAMESPACE}\"><imsx_POXHeader><imsx_POXRequestHeaderInfo>\
             <imsx_version>V1.0</imsx_version><imsx_messageIdentifier>{id}</imsx_messageIdentifier>\
             </imsx_POXRequestHeaderInfo></imsx_POXHeader><imsx_POXBody><{op}Request><resultRecord>\
             <sourcedGUID><sourcedId>{sourcedid}</sourcedId></sourcedGUID>{score}</resultRecord>\
             </{op}Request></imsx_POXBody></imsx_POXEnvelopeRequest>",
            id = escape(&self.message_identifier),
            op = self.operation.name(),
            sourcedid = escape(&self.sourcedid),
        )
    }

    /// The request to `service_url`, not yet signed (pin its nonce or
    /// timestamp here): the XML body, `application/xml`, a SHA-1 body
    /// hash, two-legged; sign it with `sign(SignatureMethod::HmacSha1, …)`.
    ///
    /// # Errors
    /// As [`Request::from_consumer_and_token`].
    pub fn to_request(&self, consumer: &Consumer, service_url: &str) -> Result<Request, LtiError> {
        Ok(
            Request::from_consumer_and_token(consumer, None, "POST", service_url)?
                .body(self.to_xml(), OUTCOMES_CONTENT_TYPE)
                .body_hash(BodyHashPolicy::OpaqueBody)
                .body_hash_algorithm(BodyHashAlgorithm::Sha1),
        )
    }

    /// Signs the request to `service_url` with the tool's `consumer` (the
    /// key and secret the LMS gave the tool).
    ///
    /// # Errors
    /// As [`OutcomeRequest::to_request`] and [`Request::sign`].
    pub fn sign(&self, consumer: &Consumer, service_url: &str) -> Result<SignedOutcome, LtiError> {
        let signed = self.to_request(consumer, service_url)?.sign(
            SignatureMethod::HmacSha1,
            consumer,
            None,
        )?;
        Ok(SignedOutcome {
            authorization: signed.to_header(None)?,
            body: self.to_xml(),
        })
    }

    /// Reads an Outcomes request's XML (the LMS's side; the body must have
    /// been verified first, as [`verify_outcome`] does).
    ///
    /// # Errors
    /// [`LtiError::BadXml`] naming the element missing or malformed.
    pub fn from_xml(xml: &str) -> Result<Self, LtiError> {
        let text = |name: &'static str| element_text(xml, name).map_err(|_| LtiError::BadXml(name));
        let operation = operation_of(xml)?;
        let score = match operation {
            Operation::ReplaceResult => Some(text("textString")?),
            _ => None,
        };
        Ok(OutcomeRequest {
            operation,
            sourcedid: text("sourcedId")?,
            score,
            message_identifier: text("imsx_messageIdentifier")?,
        })
    }
}

/// Which `…Request` element the body holds (exactly one).
fn operation_of(xml: &str) -> Result<Operation, LtiError> {
    let mut found = None;
    for op in Operation::ALL {
        let element = format!("{}Request", op.name());
        match has_element(xml, &element) {
            Ok(true) if found.is_none() => found = Some(op),
            Ok(true) => return Err(LtiError::BadXml("imsx_POXBody")),
            Ok(false) => {}
            Err(XmlProblem::Doctype) => return Err(LtiError::BadXml("DOCTYPE")),
            Err(_) => return Err(LtiError::BadXml("imsx_POXBody")),
        }
    }
    found.ok_or(LtiError::BadXml("imsx_POXBody"))
}

/// Verifies an Outcomes request on the LMS's side and reads it: the OAuth
/// signature by `verifier` (with its nonce store), which also checks the
/// body against `oauth_body_hash`; a request without a body hash is
/// refused, since its XML would not be signed.
///
/// ```
/// use oauthsig::Consumer;
/// use oauthsig::lti::{Operation, OutcomeRequest, verify_outcome};
/// use oauthsig::verifier::{CredentialQuery, Credentials, IncomingRequest, LookupError, Verifier};
/// let url = "https://lms.example.edu/grades";
/// let signed = OutcomeRequest::replace_result("s-1", 0.5)?.sign(&Consumer::new("tool-key", "tool-secret"), url)?;
/// let incoming = IncomingRequest::new("POST", url)
///     .authorization(&signed.authorization)
///     .content_type("application/xml")
///     .body(signed.body.as_bytes());
/// let lookup = |_: &CredentialQuery<'_>| -> Result<Credentials<'static>, LookupError> {
///     Ok(Credentials::secrets("tool-secret", ""))
/// };
/// let verifier = Verifier::builder().allow(oauthsig::SignatureMethod::HmacSha1).build()?;
/// let (verified, outcome) = verify_outcome(&verifier, &incoming, &lookup)?;
/// assert_eq!((verified.consumer_key(), outcome.operation(), outcome.score()), ("tool-key", Operation::ReplaceResult, Some("0.5")));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`LtiError::NoBodyHash`]; [`LtiError::OAuth`]; [`LtiError::BadXml`].
pub fn verify_outcome<L>(
    verifier: &Verifier,
    incoming: &IncomingRequest<'_>,
    lookup: &L,
) -> Result<(Verified, OutcomeRequest), LtiError>
where
    L: CredentialLookup + ?Sized,
{
    if incoming.is_form_encoded() || !carries_body_hash(incoming)? {
        return Err(LtiError::NoBodyHash);
    }
    let verified = verifier.verify(incoming, lookup)?;
    let xml = std::str::from_utf8(incoming.body_bytes()).map_err(|_| LtiError::BadXml("body"))?;
    Ok((verified, OutcomeRequest::from_xml(xml)?))
}

/// Whether the request carries `oauth_body_hash` (its value is the
/// verifier's to check).
fn carries_body_hash(incoming: &IncomingRequest<'_>) -> Result<bool, LtiError> {
    let mut slots = vec![oauthsig_core::Param::EMPTY; 64];
    match oauthsig_core::verify::receive_in(&mut slots[..], incoming) {
        Ok(received) => Ok(received.get(ProtocolParam::BodyHash).is_some()),
        Err(e) => Err(LtiError::OAuth(crate::VerifyError::Malformed(e))),
    }
}

/// `imsx_codeMajor` of an Outcomes response.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CodeMajor {
    /// `success`.
    Success,
    /// `failure`.
    Failure,
    /// `unsupported`.
    Unsupported,
}

impl CodeMajor {
    /// The code's text.
    pub const fn name(self) -> &'static str {
        match self {
            CodeMajor::Success => "success",
            CodeMajor::Failure => "failure",
            CodeMajor::Unsupported => "unsupported",
        }
    }
}

/// An Outcomes response: written by the LMS, read by the tool.
///
/// ```
/// use oauthsig::lti::{CodeMajor, Operation, OutcomeResponse};
/// let xml = OutcomeResponse::new(CodeMajor::Success, Operation::ReadResult, "m1").with_score("0.5").to_xml();
/// let read = OutcomeResponse::from_xml(&xml)?;
/// assert_eq!((read.code_major(), read.score(), read.message_ref_identifier()), (CodeMajor::Success, Some("0.5"), "m1"));
/// # Ok::<(), oauthsig::lti::LtiError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutcomeResponse {
    code_major: CodeMajor,
    operation: Operation,
    message_ref: String,
    description: String,
    score: Option<String>,
}

impl OutcomeResponse {
    /// The response to the request whose `imsx_messageIdentifier` was
    /// `message_ref`.
    pub fn new(code_major: CodeMajor, operation: Operation, message_ref: &str) -> Self {
        OutcomeResponse {
            code_major,
            operation,
            message_ref: message_ref.to_owned(),
            description: String::new(),
            score: None,
        }
    }

    /// Sets `imsx_description`.
    #[must_use]
    pub fn with_description(mut self, text: &str) -> Self {
        self.description = text.to_owned();
        self
    }

    /// The score a `readResult` answers.
    #[must_use]
    pub fn with_score(mut self, score: &str) -> Self {
        self.score = Some(score.to_owned());
        self
    }

    /// `imsx_codeMajor`.
    pub const fn code_major(&self) -> CodeMajor {
        self.code_major
    }

    /// `imsx_messageRefIdentifier`.
    pub fn message_ref_identifier(&self) -> &str {
        &self.message_ref
    }

    /// The score of a `readResult` response.
    pub fn score(&self) -> Option<&str> {
        self.score.as_deref()
    }

    /// The POX XML; every text XML-escaped.
    pub fn to_xml(&self) -> String {
        let op = self.operation.name();
        let body = match &self.score {
            Some(s) => format!(
                "<{op}Response><result><resultScore><language>en</language><textString>{}</textString></resultScore></result></{op}Response>",
                escape(s)
            ),
            None => format!("<{op}Response/>"),
        };
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
             <imsx_POXEnvelopeResponse xmlns=\"{NAMESPACE}\"><imsx_POXHeader><imsx_POXResponseHeaderInfo>\
             <imsx_version>V1.0</imsx_version><imsx_messageIdentifier>{id}</imsx_messageIdentifier>\
             <imsx_statusInfo><imsx_codeMajor>{code}</imsx_codeMajor><imsx_severity>status</imsx_severity>\
             <imsx_description>{desc}</imsx_description><imsx_messageRefIdentifier>{re}</imsx_messageRefIdentifier>\
             <imsx_operationRefIdentifier>{op}</imsx_operationRefIdentifier></imsx_statusInfo>\
             </imsx_POXResponseHeaderInfo></imsx_POXHeader><imsx_POXBody>{body}</imsx_POXBody></imsx_POXEnvelopeResponse>",
            id = escape(&format!("re-{}", self.message_ref)),
            code = self.code_major.name(),
            desc = escape(&self.description),
            re = escape(&self.message_ref),
        )
    }

    /// Reads a response (the tool's side).
    ///
    /// # Errors
    /// [`LtiError::BadXml`] naming the element missing or malformed.
    pub fn from_xml(xml: &str) -> Result<Self, LtiError> {
        let text = |name: &'static str| element_text(xml, name).map_err(|_| LtiError::BadXml(name));
        let code_major = match text("imsx_codeMajor")?.as_str() {
            "success" => CodeMajor::Success,
            "unsupported" => CodeMajor::Unsupported,
            _ => CodeMajor::Failure,
        };
        let op = text("imsx_operationRefIdentifier")?;
        let operation = Operation::ALL
            .into_iter()
            .find(|o| o.name() == op)
            .ok_or(LtiError::BadXml("imsx_operationRefIdentifier"))?;
        let score = match operation {
            Operation::ReadResult => element_text(xml, "textString").ok(),
            _ => None,
        };
        Ok(OutcomeResponse {
            code_major,
            operation,
            message_ref: text("imsx_messageRefIdentifier").unwrap_or_default(),
            description: text("imsx_description").unwrap_or_default(),
            score,
        })
    }
}
