//! Basic launches: verified by the tool ([`LaunchVerifier`]), signed by the
//! LMS ([`LaunchParams`]). A launch is a two-legged HMAC-SHA1 form POST
//! whose body carries all parameters (RFC 5849 §3.5.2).

use super::{BASIC_LAUNCH, LTI_VERSION, LtiError};
use crate::profile::{Profile, ProfileId};
use crate::verifier::{BuildError, IncomingRequest, Verifier};
use crate::{Consumer, CredentialLookup, Error, Request, Verified, encode};

/// Verifies basic launches for a tool: the OAuth signature by a
/// [`Verifier`] (with replay protection), then LTI's required parameters.
///
/// ```
/// use oauthsig::Consumer;
/// use oauthsig::lti::{LaunchParams, LaunchVerifier};
/// use oauthsig::verifier::{CredentialQuery, Credentials, LookupError};
///
/// // The LMS signs a launch …
/// let lms = Consumer::new("lms-key", "lms-secret");
/// let url = "https://tool.example.edu/lti/launch";
/// let body = LaunchParams::new("link-1").user_id("u7").roles(&["Instructor"]).sign(&lms, url)?;
///
/// // … and the tool checks it.
/// let lookup = |q: &CredentialQuery<'_>| match q.consumer_key() {
///     "lms-key" => Ok(Credentials::secrets("lms-secret", "")),
///     _ => Err(LookupError::UnknownConsumer),
/// };
/// let launch = LaunchVerifier::new()?.verify(url, Some("application/x-www-form-urlencoded"), body.as_bytes(), &lookup)?;
/// assert_eq!((launch.consumer_key(), launch.user_id()), ("lms-key", Some("u7")));
/// assert!(launch.has_role("Instructor"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct LaunchVerifier {
    verifier: Verifier,
}

impl LaunchVerifier {
    /// A verifier with the [`lti11`](ProfileId::Lti11) profile: HMAC-SHA1,
    /// a 300 s window, nonces of 1 to 128 visible ASCII characters (LMS
    /// nonces exceed 32), nonces remembered in memory.
    ///
    /// # Errors
    /// Only in a build without HMAC-SHA1 ([`BuildError::MethodUnavailable`]).
    pub fn new() -> Result<Self, BuildError> {
        let verifier = Verifier::builder()
            .profile(&Profile::new(ProfileId::Lti11))
            .build()?;
        Ok(LaunchVerifier { verifier })
    }

    /// Launches checked by `verifier` (a shared nonce store, a clock, other
    /// limits: start from `VerifierBuilder::profile`).
    pub fn with_verifier(verifier: Verifier) -> Self {
        LaunchVerifier { verifier }
    }

    /// The OAuth verifier.
    pub fn verifier(&self) -> &Verifier {
        &self.verifier
    }

    /// Verifies a launch POSTed to `launch_url` — the URL as the LMS
    /// signed it (behind a TLS proxy, `https` and the public host) — with
    /// this `content_type` and form `body`; the LMS's secret from `lookup`
    /// (two-legged: no token secret).
    ///
    /// # Errors
    /// [`LtiError::NotAFormPost`]; [`LtiError::OAuth`] with the
    /// verifier's reason; the LTI parameter errors.
    pub fn verify<L>(
        &self,
        launch_url: &str,
        content_type: Option<&str>,
        body: &[u8],
        lookup: &L,
    ) -> Result<Launch, LtiError>
    where
        L: CredentialLookup + ?Sized,
    {
        let form = content_type.is_some_and(crate::is_form_content_type);
        let Some(content_type) = content_type.filter(|_| form) else {
            return Err(LtiError::NotAFormPost);
        };
        let incoming = IncomingRequest::new("POST", launch_url)
            .content_type(content_type)
            .body(body);
        Launch::from_verified(self.verifier.verify(&incoming, lookup)?)
    }

    /// [`LaunchVerifier::verify`] of a received `http::Request` (feature
    /// `tower`): the URL the LMS signed is rebuilt by `origin`, as the
    /// tower layer does (a configured
    /// [`PublicOrigin`](crate::tower::PublicOrigin), or trusted proxy
    /// headers), its path and query as received.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use oauthsig::Consumer;
    /// use oauthsig::lti::{LaunchParams, LaunchVerifier};
    /// use oauthsig::tower::{OriginPolicy, PublicOrigin};
    /// use oauthsig::verifier::{CredentialQuery, Credentials, LookupError};
    /// let lms = Consumer::new("lms-key", "lms-secret");
    /// let body = LaunchParams::new("link-1").sign(&lms, "https://tool.example.edu/lti/launch")?;
    /// // Behind the TLS proxy, the tool receives plain http on another host.
    /// let received = ::http::Request::post("/lti/launch")
    ///     .header("host", "10.0.0.7:8080")
    ///     .header("content-type", "application/x-www-form-urlencoded")
    ///     .body(body.into_bytes())?;
    /// let lookup = |_: &CredentialQuery<'_>| -> Result<Credentials<'static>, LookupError> {
    ///     Ok(Credentials::secrets("lms-secret", ""))
    /// };
    /// let origin = OriginPolicy::new().public_origin(PublicOrigin::new("https://tool.example.edu")?);
    /// let launch = LaunchVerifier::new()?.verify_http(&received, &origin, &lookup)?;
    /// assert_eq!(launch.resource_link_id(), "link-1");
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// As [`LaunchVerifier::verify`]; [`LtiError::Origin`].
    #[cfg(feature = "tower")]
    #[cfg_attr(docsrs, doc(cfg(feature = "tower")))]
    pub fn verify_http<B, L>(
        &self,
        request: &::http::Request<B>,
        origin: &crate::tower::OriginPolicy,
        lookup: &L,
    ) -> Result<Launch, LtiError>
    where
        B: AsRef<[u8]>,
        L: CredentialLookup + ?Sized,
    {
        if request.method() != ::http::Method::POST {
            return Err(LtiError::NotAFormPost);
        }
        let url = origin
            .signed_url(request.uri(), request.headers())
            .map_err(|_| LtiError::Origin)?;
        let content_type = request
            .headers()
            .get(::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok());
        self.verify(&url, content_type, request.body().as_ref(), lookup)
    }
}

/// A verified basic launch: who launched, from where, and what for.
/// Values are as the LMS sent them, decoded.
#[derive(Clone, Debug)]
pub struct Launch {
    consumer_key: String,
    params: Vec<(String, String)>,
    resource_link_id: String,
}

impl Launch {
    /// Checks LTI's required parameters on a verified request.
    fn from_verified(verified: Verified) -> Result<Self, LtiError> {
        let consumer_key = verified.consumer_key().to_owned();
        let params = verified.into_parameters().map_err(LtiError::NotText)?;
        let get = |name: &'static str| {
            let mut values = params
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, v)| v.as_str());
            match (values.next(), values.next()) {
                (Some(_), Some(_)) => Err(LtiError::DuplicateParameter(name)),
                (value, _) => Ok(value),
            }
        };
        match get("lti_message_type")? {
            Some(BASIC_LAUNCH) => {}
            Some(_) => return Err(LtiError::UnsupportedMessageType),
            None => return Err(LtiError::MissingParameter("lti_message_type")),
        }
        match get("lti_version")? {
            Some(LTI_VERSION) => {}
            Some(_) => return Err(LtiError::UnsupportedVersion),
            None => return Err(LtiError::MissingParameter("lti_version")),
        }
        let resource_link_id = get("resource_link_id")?
            .filter(|id| !id.is_empty())
            .ok_or(LtiError::MissingParameter("resource_link_id"))?
            .to_owned();
        Ok(Launch {
            consumer_key,
            params,
            resource_link_id,
        })
    }

    /// The LMS's consumer key, verified.
    pub fn consumer_key(&self) -> &str {
        &self.consumer_key
    }

    /// The first value of parameter `name`, if any.
    pub fn parameter(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every non-`oauth_` parameter, in order of arrival.
    pub fn parameters(&self) -> impl Iterator<Item = (&str, &str)> {
        self.params.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// `resource_link_id` (required, not empty).
    pub fn resource_link_id(&self) -> &str {
        &self.resource_link_id
    }

    /// `user_id`.
    pub fn user_id(&self) -> Option<&str> {
        self.parameter("user_id")
    }

    /// `roles`, split at commas, blanks trimmed.
    pub fn roles(&self) -> impl Iterator<Item = &str> {
        let roles = self.parameter("roles").unwrap_or("");
        roles.split(',').map(str::trim).filter(|r| !r.is_empty())
    }

    /// Whether `roles` has `role`, given short (`Instructor`) or as the LIS
    /// URN (`urn:lti:role:ims/lis/Instructor`), case-insensitively, as
    /// ims-lti and pylti compare them.
    pub fn has_role(&self, role: &str) -> bool {
        self.roles().any(|r| {
            let short = r.rsplit('/').next().unwrap_or(r);
            short.eq_ignore_ascii_case(role) || r.eq_ignore_ascii_case(role)
        })
    }

    /// `context_id` (the course).
    pub fn context_id(&self) -> Option<&str> {
        self.parameter("context_id")
    }

    /// `context_title`.
    pub fn context_title(&self) -> Option<&str> {
        self.parameter("context_title")
    }

    /// `lis_outcome_service_url`: where grades go (with
    /// [`Launch::lis_result_sourcedid`]).
    pub fn lis_outcome_service_url(&self) -> Option<&str> {
        self.parameter("lis_outcome_service_url")
    }

    /// `lis_result_sourcedid`: whose grade, in the LMS's terms.
    pub fn lis_result_sourcedid(&self) -> Option<&str> {
        self.parameter("lis_result_sourcedid")
    }

    /// `lis_person_name_full`.
    pub fn person_name_full(&self) -> Option<&str> {
        self.parameter("lis_person_name_full")
    }

    /// `lis_person_contact_email_primary`.
    pub fn person_email(&self) -> Option<&str> {
        self.parameter("lis_person_contact_email_primary")
    }

    /// `launch_presentation_return_url`.
    pub fn return_url(&self) -> Option<&str> {
        self.parameter("launch_presentation_return_url")
    }

    /// `tool_consumer_instance_guid`.
    pub fn tool_consumer_instance_guid(&self) -> Option<&str> {
        self.parameter("tool_consumer_instance_guid")
    }

    /// A custom parameter: `custom_<name>`.
    pub fn custom(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.strip_prefix("custom_") == Some(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A basic launch as an LMS signs it: the required LTI parameters, any
/// others, HMAC-SHA1 two-legged with the tool's consumer key and secret,
/// everything in the form body.
///
/// ```
/// use oauthsig::{Consumer, Request};
/// use oauthsig::lti::LaunchParams;
/// let body = LaunchParams::new("link-1")
///     .user_id("u7")
///     .outcome_service("https://lms.example.edu/grades", "sourced-7")
///     .sign(&Consumer::new("key", "secret"), "https://tool.example.edu/launch")?;
/// assert!(body.starts_with("lti_message_type=basic-lti-launch-request&lti_version=LTI-1p0&resource_link_id=link-1&user_id=u7&"));
/// assert!(body.contains("&oauth_signature_method=HMAC-SHA1&"));
/// # Ok::<(), oauthsig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LaunchParams {
    params: Vec<(String, String)>,
}

impl LaunchParams {
    /// A basic launch of resource link `resource_link_id`.
    pub fn new(resource_link_id: &str) -> Self {
        LaunchParams { params: Vec::new() }
            .param("lti_message_type", BASIC_LAUNCH)
            .param("lti_version", LTI_VERSION)
            .param("resource_link_id", resource_link_id)
    }

    /// Adds a parameter (repeats are kept).
    #[must_use]
    pub fn param(mut self, name: &str, value: &str) -> Self {
        self.params.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Sets a parameter, replacing every earlier one of that name.
    #[must_use]
    pub fn set(mut self, name: &str, value: &str) -> Self {
        self.params.retain(|(n, _)| n != name);
        self.param(name, value)
    }

    /// `user_id`.
    #[must_use]
    pub fn user_id(self, id: &str) -> Self {
        self.param("user_id", id)
    }

    /// `roles`, comma-separated.
    #[must_use]
    pub fn roles(self, roles: &[&str]) -> Self {
        self.param("roles", &roles.join(","))
    }

    /// `context_id`.
    #[must_use]
    pub fn context_id(self, id: &str) -> Self {
        self.param("context_id", id)
    }

    /// `lis_outcome_service_url` and `lis_result_sourcedid`, for grades.
    #[must_use]
    pub fn outcome_service(self, url: &str, sourcedid: &str) -> Self {
        self.param("lis_outcome_service_url", url)
            .param("lis_result_sourcedid", sourcedid)
    }

    /// The form text of the LTI parameters (RFC 5849 §3.6 encoding).
    fn form(&self) -> String {
        let pairs: Vec<String> = self
            .params
            .iter()
            .map(|(n, v)| format!("{}={}", encode(n), encode(v)))
            .collect();
        pairs.join("&")
    }

    /// The launch to `launch_url`, not yet signed: the LTI parameters in a
    /// form body with the protocol parameters of the
    /// [`lti11`](ProfileId::Lti11) profile (pin the nonce or timestamp
    /// here), to sign with `Request::sign_with_profile`.
    ///
    /// # Errors
    /// As [`Request::for_profile`].
    pub fn to_request(&self, consumer: &Consumer, launch_url: &str) -> Result<Request, Error> {
        let profile = Profile::new(ProfileId::Lti11);
        Request::for_profile(&profile, consumer, None, "POST", launch_url)?.form_body(&self.form())
    }

    /// The signed form body to POST to `launch_url` (with `Content-Type:
    /// application/x-www-form-urlencoded`).
    ///
    /// # Errors
    /// As [`Request::for_profile`] and [`Request::sign`].
    pub fn sign(&self, consumer: &Consumer, launch_url: &str) -> Result<String, Error> {
        let profile = Profile::new(ProfileId::Lti11);
        let signed = self
            .to_request(consumer, launch_url)?
            .sign_with_profile(&profile, consumer, None)?;
        Ok(signed.to_postdata())
    }
}
