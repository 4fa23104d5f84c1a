//! Each provider's profile, with the source of every choice
//! (`/work/shared/PROVIDERS.md` gathers them). A choice a source does not
//! state is the RFC's or this crate's default, and says so.

use super::{
    CallbackRule, Deviation, NetSuiteAccount, Placement, Profile, ProfileError, ProfileId,
};
use crate::BodyHashPolicy;
use crate::verifier::{DEFAULT_NONCE_LENGTH, DEFAULT_WINDOW};
use oauthsig_core::SignatureMethod::{self, HmacSha1, HmacSha256, Plaintext, RsaSha1, RsaSha256};
use oauthsig_core::body::BodyHashAlgorithm;
use std::time::Duration;

/// The profile of `id` (NetSuite's without an account).
pub(super) fn of(id: ProfileId) -> Profile {
    match id {
        ProfileId::X => x(),
        ProfileId::Jira => jira(),
        ProfileId::NetSuite => netsuite(None),
        ProfileId::WooCommerce => woocommerce(),
        ProfileId::Magento => magento(),
        ProfileId::Mastercard => mastercard(),
        ProfileId::Lti11 => lti11(),
        ProfileId::Garmin => garmin(),
        ProfileId::Etrade => etrade(),
        ProfileId::Schoology => schoology(),
    }
}

/// The RFC's and this crate's defaults, for `id` signing with `method`:
/// header, no body hash, `oauth_version` sent, a 30-character nonce, the
/// verifier's default window and nonce lengths.
fn rfc(id: ProfileId, method: SignatureMethod, accepted: &'static [SignatureMethod]) -> Profile {
    Profile {
        id,
        method,
        accepted,
        placement: Placement::Header,
        body_hash: BodyHashPolicy::Never,
        body_hash_algorithm: BodyHashAlgorithm::Sha1,
        realm: None,
        account: None,
        version: true,
        nonce_len: crate::NONCE_LEN,
        callback: CallbackRule::Required,
        window: DEFAULT_WINDOW,
        nonce_length: DEFAULT_NONCE_LENGTH,
        deviations: &[],
    }
}

/// X (Twitter) API v1.1 and v2, user context: HMAC-SHA1 in the header,
/// `oauth_version` sent, `oauth_callback` on the request-token call, and
/// **no body hash**: JSON bodies (v2) are not signed at all, a multipart
/// upload signs only the `oauth_*` parameters, and an `oauth_body_hash`
/// was once refused.
///
/// Sources: docs.x.com "Creating a signature" and "Authorizing a request"
/// (the worked example `tests/profiles.rs` reproduces);
/// HunterLarco/twitter-v2 PR #88; karno/reqwest-oauth1 #9; python-oauth2
/// PR #103 (2012) for the refused body hash (unverified today).
fn x() -> Profile {
    Profile {
        nonce_len: 32,
        ..rfc(ProfileId::X, HmacSha1, &[HmacSha1])
    }
}

/// Jira, Confluence and Bitbucket Data Center application links: RSA-SHA1
/// only (HMAC is answered `oauth_problem=signature_method_rejected`), in
/// the header; `oauth_callback` on the request-token call. The consumer's
/// public key is pasted into the application link as bare base64 SPKI
/// (`RsaPublicKey::parse` reads it). No body hash: the clients that work
/// (requests-oauthlib in pycontribs/jira) send none.
///
/// Sources: pycontribs/jira #1677; jira-node/node-jira-client #44.
fn jira() -> Profile {
    rfc(ProfileId::Jira, RsaSha1, &[RsaSha1])
}

/// NetSuite Token-Based Authentication: HMAC-SHA256 (HMAC-SHA1 ended with
/// 2023.1) in the header, with `realm` the account id in upper case with
/// `_` (`123456_SB1`) while the host has it in lower case with `-`
/// (`123456-sb1`); the realm is never signed. No body hash.
///
/// Sources: Oracle NetSuite Help Center, "The Signature for Web Services
/// and RESTlets" and "Token-based Authentication (TBA)"; dghubble/oauth1
/// PR #30; ehmad11/netsuite-rest #1, #15.
pub(super) fn netsuite(account: Option<NetSuiteAccount>) -> Profile {
    Profile {
        account,
        ..rfc(ProfileId::NetSuite, HmacSha256, &[HmacSha256])
    }
}

/// WooCommerce REST API over plain http (over https it takes HTTP Basic):
/// parameters in the **query**, HMAC-SHA256 (HMAC-SHA1 accepted), key
/// `consumer_secret&` as §3.4.2 says, only the documented protocol
/// parameters (no `oauth_version`), a 15-minute timestamp window, and no
/// body hash (`oauth_*` in a POST body fails). Its legacy v1/v2 API keyed
/// the HMAC without the `&`, and it sorts keys before encoding them: both
/// are [`Deviation`]s, never applied when signing.
///
/// Sources: woocommerce/woocommerce #11224, #18146, #10502, #11223;
/// `includes/rest-api/class-wc-rest-authentication.php`.
fn woocommerce() -> Profile {
    Profile {
        placement: Placement::Query,
        version: false,
        nonce_len: 32,
        callback: CallbackRule::NotSent,
        window: Duration::from_secs(15 * 60),
        deviations: &[
            Deviation::LegacyKeyWithoutAmpersand,
            Deviation::SortBeforeEncoding,
        ],
        ..rfc(ProfileId::WooCommerce, HmacSha256, &[HmacSha256, HmacSha1])
    }
}

/// Magento 2 / Adobe Commerce integrations: HMAC-SHA256 (HMAC-SHA1
/// accepted) in the header, integrations must sign since 2.4.4 (bearer use
/// is off by default), no body hash (JSON bodies), no callback on the
/// integration's request-token call. Its server sorts parameters in PHP's
/// natural order, so `searchCriteria[...]` queries with ten or more
/// entries fail: [`Deviation::NaturalSortOrder`], never applied when
/// signing.
///
/// Sources: magento/magento2 #13961, #37913, #33940; OpenMage/magento-lts
/// PR #721; magento/zf1 PR #34.
fn magento() -> Profile {
    Profile {
        callback: CallbackRule::NotSent,
        deviations: &[Deviation::NaturalSortOrder],
        ..rfc(ProfileId::Magento, HmacSha256, &[HmacSha256, HmacSha1])
    }
}

/// Mastercard Developers APIs: RSA-SHA256 in the header (the key from the
/// PKCS#12 file the portal issues), a **SHA-256** `oauth_body_hash` on
/// every request that is not a form, an empty GET included (the hash of
/// no bytes, `47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=`), 16-character
/// nonces, and verifier nonce limits of at most 24.
///
/// Sources: Mastercard/oauth1-signer-go `oauth.go`;
/// Mastercard/oauth1-signer-java #9.
fn mastercard() -> Profile {
    Profile {
        body_hash: BodyHashPolicy::UnlessForm,
        body_hash_algorithm: BodyHashAlgorithm::Sha256,
        nonce_len: 16,
        callback: CallbackRule::NotSent,
        nonce_length: 1..=24,
        ..rfc(ProfileId::Mastercard, RsaSha256, &[RsaSha256])
    }
}

/// IMS / 1EdTech LTI 1.1: two-legged HMAC-SHA1 (no token); a launch is a
/// form POST with every parameter in the **body**; Outcomes (grade
/// passback) is XML with a SHA-1 `oauth_body_hash` and the parameters in
/// the header (see the `lti` module, feature `lti`). LMS nonces exceed 32
/// characters (Canvas), so the verifier takes up to 128 of any visible
/// ASCII; the client's are 30, which tools on oauthlib's default validator
/// (20 to 30 characters) also take. 1EdTech ended support on 2022-06-30; it is still widely deployed.
///
/// Sources: IMS LTI 1.1 Implementation Guide (security, Outcomes service);
/// omsmith/ims-lti #62; jupyterhub/ltiauthenticator #4; pylti/lti #56, #38.
fn lti11() -> Profile {
    Profile {
        placement: Placement::Form,
        body_hash: BodyHashPolicy::OpaqueBody,
        callback: CallbackRule::NotSent,
        nonce_length: 1..=128,
        ..rfc(ProfileId::Lti11, HmacSha1, &[HmacSha1])
    }
}

/// Garmin Connect: HMAC-SHA1 in the header, the three-legged flow with a
/// callback. OAuth 1 retires on 2026-12-31.
///
/// Source: Garmin Connect Developer Program documentation (PROVIDERS.md
/// gives no issue-tracker source; the choices are the RFC's).
fn garmin() -> Profile {
    rfc(ProfileId::Garmin, HmacSha1, &[HmacSha1])
}

/// E*TRADE: HMAC-SHA1 in the header with `realm=""`, and `oauth_callback`
/// always `oob` on the request-token call. Tokens expire at midnight US
/// Eastern and after two hours idle (the application renews them).
///
/// Source: E*TRADE Developer Platform, "Authorization API" (PROVIDERS.md).
fn etrade() -> Profile {
    Profile {
        realm: Some(""),
        callback: CallbackRule::OobOnly,
        ..rfc(ProfileId::Etrade, HmacSha1, &[HmacSha1])
    }
}

/// Schoology: two-legged HMAC-SHA1 (PLAINTEXT accepted too) in the header,
/// with `realm="Schoology API"`.
///
/// Source: Schoology Developers, "Authentication" (PROVIDERS.md).
fn schoology() -> Profile {
    Profile {
        realm: Some("Schoology API"),
        callback: CallbackRule::NotSent,
        ..rfc(ProfileId::Schoology, HmacSha1, &[HmacSha1, Plaintext])
    }
}

impl Profile {
    /// NetSuite's profile for account `account_id`, in either spelling
    /// (`123456_SB1` or `123456-sb1`): the realm and the host are derived.
    ///
    /// ```
    /// let p = oauthsig::profile::Profile::netsuite("1234567_sb2")?;
    /// assert_eq!((p.realm(), p.host_prefix()), (Some("1234567_SB2"), Some("1234567-sb2")));
    /// # Ok::<(), oauthsig::profile::ProfileError>(())
    /// ```
    ///
    /// # Errors
    /// [`ProfileError::BadAccountId`].
    pub fn netsuite(account_id: &str) -> Result<Profile, ProfileError> {
        Ok(netsuite(Some(NetSuiteAccount::new(account_id)?)))
    }
}
