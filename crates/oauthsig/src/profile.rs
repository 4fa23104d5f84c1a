//! Provider profiles: the choices RFC 5849 leaves open, or that a provider
//! made differently, named once per provider so a client or a verifier can
//! take them whole.
//!
//! RFC 5849 fixes the signature base string (§3.4.1) and the key (§3.4.2),
//! and leaves open the signature method (§3.4), where the parameters go
//! (§3.5), the `realm` (§3.5.1, never signed: §3.4.1.3.1), whether the
//! optional `oauth_version` is sent (§3.1), the nonce (§3.3), the callback
//! of temporary-credential requests (§2.1) and what a server accepts
//! (§3.2). The Request Body Hash extension adds whether and how a non-form
//! body is hashed. A [`Profile`] is one provider's answer to each of these,
//! with its source; nothing in it changes the base string or the key.
//!
//! What a provider's *server* does against the RFC (sorting parameters
//! in PHP's natural order, keying its HMAC without the `&`) is never part
//! of a profile's signing: it is a [`Deviation`], listed by
//! [`Profile::deviations`] for diagnosis and applied only when asked for
//! by name.
//!
//! ```
//! use oauthsig::profile::{Profile, ProfileId};
//! use oauthsig::{Consumer, Request};
//!
//! let netsuite = Profile::netsuite("123456-sb1")?;
//! assert_eq!(netsuite.realm(), Some("123456_SB1"));          // the account id, upper case
//! assert_eq!(netsuite.host_prefix(), Some("123456-sb1"));    // the host, lower case
//! let consumer = Consumer::new("ck", "cs");
//! let token = oauthsig::Token::new("tk", "ts");
//! let signed = Request::for_profile(&netsuite, &consumer, Some(&token), "GET",
//!         "https://123456-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/customer/1")?
//!     .sign_with_profile(&netsuite, &consumer, Some(&token))?;
//! let header = signed.to_header(netsuite.realm())?;
//! assert!(header.starts_with(r#"OAuth realm="123456_SB1", "#));
//! assert!(header.contains(r#"oauth_signature_method="HMAC-SHA256""#));
//!
//! // The CLI's and the C ABI's view: names and stable numbers.
//! assert_eq!(Profile::by_name("woocommerce")?.id(), ProfileId::WooCommerce);
//! assert_eq!(ProfileId::from_u32(4), Some(ProfileId::WooCommerce));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod deviation;
mod natural;
mod netsuite;
mod providers;

pub use crate::request::Placed;
pub use deviation::Deviation;
pub use netsuite::NetSuiteAccount;

use crate::BodyHashPolicy;
use oauthsig_core::SignatureMethod;
use oauthsig_core::body::BodyHashAlgorithm;
use std::fmt;
use std::ops::RangeInclusive;
use std::time::Duration;

/// The providers with a profile. The numbers are stable (the C ABI's
/// `OAUTHSIG_PROFILE_*` values): never reused, never renumbered.
///
/// ```
/// use oauthsig::profile::ProfileId;
/// for id in ProfileId::ALL {
///     assert_eq!(ProfileId::from_name(id.name()), Some(id));
///     assert_eq!(ProfileId::from_u32(id as u32), Some(id));
/// }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u32)]
#[non_exhaustive]
pub enum ProfileId {
    /// X (Twitter) API v1.1 and v2, user context.
    X = 1,
    /// Jira, Confluence and Bitbucket Data Center application links.
    Jira = 2,
    /// NetSuite Token-Based Authentication.
    NetSuite = 3,
    /// WooCommerce REST API over plain http.
    WooCommerce = 4,
    /// Magento 2 / Adobe Commerce integrations.
    Magento = 5,
    /// Mastercard Developers APIs.
    Mastercard = 6,
    /// IMS / 1EdTech LTI 1.1 (basic launch and Outcomes).
    Lti11 = 7,
    /// Garmin Connect.
    Garmin = 8,
    /// E*TRADE.
    Etrade = 9,
    /// Schoology.
    Schoology = 10,
}

impl ProfileId {
    /// Every profile, in number order.
    pub const ALL: [ProfileId; 10] = [
        ProfileId::X,
        ProfileId::Jira,
        ProfileId::NetSuite,
        ProfileId::WooCommerce,
        ProfileId::Magento,
        ProfileId::Mastercard,
        ProfileId::Lti11,
        ProfileId::Garmin,
        ProfileId::Etrade,
        ProfileId::Schoology,
    ];

    /// The profile's name: lower case, what `--profile` takes.
    pub const fn name(self) -> &'static str {
        match self {
            ProfileId::X => "x",
            ProfileId::Jira => "jira",
            ProfileId::NetSuite => "netsuite",
            ProfileId::WooCommerce => "woocommerce",
            ProfileId::Magento => "magento",
            ProfileId::Mastercard => "mastercard",
            ProfileId::Lti11 => "lti11",
            ProfileId::Garmin => "garmin",
            ProfileId::Etrade => "etrade",
            ProfileId::Schoology => "schoology",
        }
    }

    /// The id named `name` (as [`ProfileId::name`] writes it; `twitter` is
    /// `x` too), if any.
    pub fn from_name(name: &str) -> Option<ProfileId> {
        if name == "twitter" {
            return Some(ProfileId::X);
        }
        ProfileId::ALL.into_iter().find(|id| id.name() == name)
    }

    /// The id numbered `n`: integers coming back from C are converted,
    /// never transmuted.
    pub fn from_u32(n: u32) -> Option<ProfileId> {
        ProfileId::ALL.into_iter().find(|&id| id as u32 == n)
    }
}

impl fmt::Display for ProfileId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a profile's client puts the protocol parameters (RFC 5849 §3.5).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Placement {
    /// The `Authorization` header (§3.5.1), with the profile's realm.
    #[default]
    Header,
    /// The URL's query (§3.5.3).
    Query,
    /// The form-encoded body (§3.5.2).
    Form,
}

/// What a provider wants as `oauth_callback` on the temporary-credential
/// (request token) call, RFC 5849 §2.1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CallbackRule {
    /// Required (§2.1): the client's callback URL, or `oob`.
    Required,
    /// Required, and only `oob` is accepted.
    OobOnly,
    /// The provider has no temporary-credential call (two-legged, or
    /// credentials issued in its UI), or its call takes no callback.
    NotSent,
}

/// Why a profile could not be made.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProfileError {
    /// No profile has this name.
    UnknownProfile(String),
    /// A NetSuite account id must be ASCII letters, digits, `_` or `-`,
    /// and not empty.
    BadAccountId,
    /// The profile takes no callback on request-token calls
    /// ([`CallbackRule::NotSent`]), or only `oob` ([`CallbackRule::OobOnly`]).
    CallbackNotAccepted(ProfileId),
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProfileError::UnknownProfile(name) => {
                write!(f, "no profile named {name:?}; known: ")?;
                f.write_str(&Profile::NAMES.join(", "))
            }
            ProfileError::BadAccountId => f.write_str(
                "a NetSuite account id is letters, digits, `_` or `-` (e.g. 123456_SB1)",
            ),
            ProfileError::CallbackNotAccepted(id) => {
                write!(f, "{id} takes no callback URL on request-token calls")
            }
        }
    }
}

impl std::error::Error for ProfileError {}

/// One provider's choices, client side and server side; see the [module
/// docs](self). Made by [`Profile::new`], [`Profile::by_name`] or a
/// provider's constructor ([`Profile::netsuite`] takes the account id).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    id: ProfileId,
    method: SignatureMethod,
    accepted: &'static [SignatureMethod],
    placement: Placement,
    body_hash: BodyHashPolicy,
    body_hash_algorithm: BodyHashAlgorithm,
    realm: Option<&'static str>,
    account: Option<NetSuiteAccount>,
    version: bool,
    nonce_len: usize,
    callback: CallbackRule,
    window: Duration,
    nonce_length: RangeInclusive<usize>,
    deviations: &'static [Deviation],
}

impl Profile {
    /// Every profile's name, in [`ProfileId::ALL`] order.
    pub const NAMES: [&'static str; 10] = {
        let mut names = [""; 10];
        let mut i = 0;
        while i < names.len() {
            names[i] = ProfileId::ALL[i].name();
            i += 1;
        }
        names
    };

    /// The profile of `id`. NetSuite's has no account id, so no realm:
    /// use [`Profile::netsuite`] to sign for an account.
    pub fn new(id: ProfileId) -> Profile {
        providers::of(id)
    }

    /// The profile named `name` ([`ProfileId::name`]); NetSuite's may name
    /// its account: `netsuite:123456_SB1`.
    ///
    /// ```
    /// use oauthsig::profile::Profile;
    /// assert_eq!(Profile::by_name("netsuite:123456-sb1")?.realm(), Some("123456_SB1"));
    /// assert!(Profile::by_name("netflix").is_err());
    /// # Ok::<(), oauthsig::profile::ProfileError>(())
    /// ```
    ///
    /// # Errors
    /// [`ProfileError::UnknownProfile`]; [`ProfileError::BadAccountId`].
    pub fn by_name(name: &str) -> Result<Profile, ProfileError> {
        if let Some(account) = name.strip_prefix("netsuite:") {
            return Profile::netsuite(account);
        }
        ProfileId::from_name(name)
            .map(Profile::new)
            .ok_or_else(|| ProfileError::UnknownProfile(name.to_owned()))
    }

    /// Which provider this is.
    pub const fn id(&self) -> ProfileId {
        self.id
    }

    /// The signature method a client signs with.
    pub const fn signature_method(&self) -> SignatureMethod {
        self.method
    }

    /// The methods the provider accepts (what [`VerifierBuilder::profile`]
    /// allows), [`Profile::signature_method`] first.
    ///
    /// [`VerifierBuilder::profile`]: crate::VerifierBuilder::profile
    pub const fn accepted_methods(&self) -> &'static [SignatureMethod] {
        self.accepted
    }

    /// Where the protocol parameters go.
    pub const fn placement(&self) -> Placement {
        self.placement
    }

    /// When a non-form body gets `oauth_body_hash`.
    pub const fn body_hash(&self) -> BodyHashPolicy {
        self.body_hash
    }

    /// Which hash `oauth_body_hash` is.
    pub const fn body_hash_algorithm(&self) -> BodyHashAlgorithm {
        self.body_hash_algorithm
    }

    /// The `Authorization` header's `realm` (never signed, §3.4.1.3.1).
    pub fn realm(&self) -> Option<&str> {
        match &self.account {
            Some(account) => Some(account.realm()),
            None => self.realm,
        }
    }

    /// NetSuite's host prefix, the account id in lower case with `-`
    /// (`123456-sb1` in `123456-sb1.suitetalk.api.netsuite.com`).
    pub fn host_prefix(&self) -> Option<&str> {
        self.account.as_ref().map(NetSuiteAccount::host_prefix)
    }

    /// The NetSuite account, for a profile made with [`Profile::netsuite`].
    pub const fn account(&self) -> Option<&NetSuiteAccount> {
        self.account.as_ref()
    }

    /// Whether the optional `oauth_version="1.0"` is sent (§3.1).
    pub const fn sends_version(&self) -> bool {
        self.version
    }

    /// The length of the nonces a client makes (CSPRNG letters and digits).
    pub const fn nonce_len(&self) -> usize {
        self.nonce_len
    }

    /// What goes in `oauth_callback` on request-token calls.
    pub const fn callback_rule(&self) -> CallbackRule {
        self.callback
    }

    /// The `oauth_callback` of a request-token call (§2.1) for the
    /// application's `callback` (`None`: it has no redirect): the callback,
    /// `oob`, or `None` when the provider takes none.
    ///
    /// ```
    /// use oauthsig::profile::{Profile, ProfileId};
    /// let x = Profile::new(ProfileId::X);
    /// assert_eq!(x.request_token_callback(None)?, Some("oob"));
    /// assert_eq!(x.request_token_callback(Some("https://app.example/cb"))?, Some("https://app.example/cb"));
    /// assert!(Profile::new(ProfileId::Etrade).request_token_callback(Some("https://app.example/cb")).is_err());
    /// # Ok::<(), oauthsig::profile::ProfileError>(())
    /// ```
    ///
    /// # Errors
    /// [`ProfileError::CallbackNotAccepted`] for a URL the provider does
    /// not take.
    pub fn request_token_callback<'a>(
        &self,
        callback: Option<&'a str>,
    ) -> Result<Option<&'a str>, ProfileError> {
        match (self.callback, callback) {
            (CallbackRule::Required, c) => Ok(Some(c.unwrap_or("oob"))),
            (CallbackRule::OobOnly, None | Some("oob")) => Ok(Some("oob")),
            (CallbackRule::NotSent, None) => Ok(None),
            _ => Err(ProfileError::CallbackNotAccepted(self.id)),
        }
    }

    /// How far a verifier lets `oauth_timestamp` be from its clock.
    pub const fn timestamp_window(&self) -> Duration {
        self.window
    }

    /// The nonce lengths a verifier accepts, in decoded bytes.
    pub fn nonce_length(&self) -> RangeInclusive<usize> {
        self.nonce_length.clone()
    }

    /// What the provider's server is known to do against RFC 5849, for
    /// diagnosis; never applied when signing with the profile.
    pub const fn deviations(&self) -> &'static [Deviation] {
        self.deviations
    }
}
