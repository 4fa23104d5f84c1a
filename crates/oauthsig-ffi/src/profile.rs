//! Provider profiles for C: a handle on the std crate's
//! [`Profile`](oauthsig::profile::Profile), and the calls that apply it to
//! a request handle or a verifier builder. Every choice is the std
//! crate's; nothing here decides one.

use crate::boundary::{In, OutBuf, OutPtr};
use crate::credentials::{oauthsig_consumer, oauthsig_token};
use crate::request::oauthsig_request;
use crate::result::{Failure, InvalidValue, enum_arg, oauthsig_result, required};
use crate::verifier::{configure, oauthsig_verifier_builder};
use oauthsig::Request;
use oauthsig::profile::{Profile, ProfileError, ProfileId};

/// A provider's profile (what `oauthsig_profile_new` or
/// `oauthsig_profile_by_name` made). Immutable: may be shared between
/// threads. Destroy with `oauthsig_profile_free`.
pub struct oauthsig_profile {
    inner: Profile,
}

/// The providers a profile exists for, as the `uint32_t profile` argument
/// of `oauthsig_profile_new` takes them. Values are stable (the std
/// crate's `ProfileId` numbers).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oauthsig_profile_id {
    /// X / Twitter: HMAC-SHA1, header, JSON bodies unsigned.
    OAUTHSIG_PROFILE_X = 1,
    /// Jira / Confluence / Bitbucket Data Center: RSA-SHA1 only.
    OAUTHSIG_PROFILE_JIRA = 2,
    /// NetSuite Token-Based Auth: HMAC-SHA256, realm = the account id.
    OAUTHSIG_PROFILE_NETSUITE = 3,
    /// WooCommerce REST: the query over plain http.
    OAUTHSIG_PROFILE_WOOCOMMERCE = 4,
    /// Magento 2 / Adobe Commerce: HMAC-SHA256, header.
    OAUTHSIG_PROFILE_MAGENTO = 5,
    /// Mastercard Developers: RSA-SHA256, a SHA-256 body hash always.
    OAUTHSIG_PROFILE_MASTERCARD = 6,
    /// LTI 1.1: two-legged HMAC-SHA1, the launch in the form body.
    OAUTHSIG_PROFILE_LTI11 = 7,
    /// Garmin Connect: HMAC-SHA1, header.
    OAUTHSIG_PROFILE_GARMIN = 8,
    /// E*TRADE: HMAC-SHA1, `realm=""`, callback `oob`.
    OAUTHSIG_PROFILE_ETRADE = 9,
    /// Schoology: HMAC-SHA1, `realm="Schoology API"`.
    OAUTHSIG_PROFILE_SCHOOLOGY = 10,
}

impl TryFrom<u32> for oauthsig_profile_id {
    type Error = InvalidValue;

    fn try_from(value: u32) -> Result<Self, InvalidValue> {
        use oauthsig_profile_id as P;
        Ok(match value {
            1 => P::OAUTHSIG_PROFILE_X,
            2 => P::OAUTHSIG_PROFILE_JIRA,
            3 => P::OAUTHSIG_PROFILE_NETSUITE,
            4 => P::OAUTHSIG_PROFILE_WOOCOMMERCE,
            5 => P::OAUTHSIG_PROFILE_MAGENTO,
            6 => P::OAUTHSIG_PROFILE_MASTERCARD,
            7 => P::OAUTHSIG_PROFILE_LTI11,
            8 => P::OAUTHSIG_PROFILE_GARMIN,
            9 => P::OAUTHSIG_PROFILE_ETRADE,
            10 => P::OAUTHSIG_PROFILE_SCHOOLOGY,
            _ => return Err(InvalidValue::new("oauthsig_profile_id", value)),
        })
    }
}

impl From<oauthsig_profile_id> for ProfileId {
    fn from(id: oauthsig_profile_id) -> Self {
        use oauthsig_profile_id as P;
        match id {
            P::OAUTHSIG_PROFILE_X => ProfileId::X,
            P::OAUTHSIG_PROFILE_JIRA => ProfileId::Jira,
            P::OAUTHSIG_PROFILE_NETSUITE => ProfileId::NetSuite,
            P::OAUTHSIG_PROFILE_WOOCOMMERCE => ProfileId::WooCommerce,
            P::OAUTHSIG_PROFILE_MAGENTO => ProfileId::Magento,
            P::OAUTHSIG_PROFILE_MASTERCARD => ProfileId::Mastercard,
            P::OAUTHSIG_PROFILE_LTI11 => ProfileId::Lti11,
            P::OAUTHSIG_PROFILE_GARMIN => ProfileId::Garmin,
            P::OAUTHSIG_PROFILE_ETRADE => ProfileId::Etrade,
            P::OAUTHSIG_PROFILE_SCHOOLOGY => ProfileId::Schoology,
        }
    }
}

impl From<ProfileError> for Failure {
    fn from(e: ProfileError) -> Self {
        Failure::new(oauthsig_result::OAUTHSIG_INVALID_ARGUMENT, e.to_string())
    }
}

pub(crate) fn profile_new(
    id: u32,
    account: In<'_>,
    out: OutPtr<'_, *mut oauthsig_profile>,
) -> Result<(), Failure> {
    let id: ProfileId = enum_arg::<oauthsig_profile_id>(id, "profile")?.into();
    let inner = match (id, account.opt_text()?) {
        (ProfileId::NetSuite, Some(account)) => Profile::netsuite(account)?,
        (_, None) => Profile::new(id),
        (_, Some(_)) => {
            return Err(Failure::invalid(
                "account",
                "only the NetSuite profile takes one",
            ));
        }
    };
    out.put_handle(oauthsig_profile { inner }, "out")
}

pub(crate) fn profile_by_name(
    name: In<'_>,
    out: OutPtr<'_, *mut oauthsig_profile>,
) -> Result<(), Failure> {
    let inner = Profile::by_name(name.text()?)?;
    out.put_handle(oauthsig_profile { inner }, "out")
}

pub(crate) fn profile_request(
    profile: Option<&oauthsig_profile>,
    consumer: Option<&oauthsig_consumer>,
    token: Option<&oauthsig_token>,
    method: In<'_>,
    url: In<'_>,
    out: OutPtr<'_, *mut oauthsig_request>,
) -> Result<(), Failure> {
    let p = required(profile, "profile")?;
    let c = required(consumer, "consumer")?;
    let (m, u) = (method.text()?, url.text()?);
    let inner = Request::for_profile(&p.inner, &c.inner, token.map(|t| &t.inner), m, u)?;
    out.put_handle(oauthsig_request::new(inner), "out")
}

pub(crate) fn request_sign_with_profile(
    request: Option<&mut oauthsig_request>,
    profile: Option<&oauthsig_profile>,
    consumer: Option<&oauthsig_consumer>,
    token: Option<&oauthsig_token>,
) -> Result<(), Failure> {
    let r = required(request, "request")?;
    let p = required(profile, "profile")?;
    let c = required(consumer, "consumer")?;
    // Signed from a copy: a failure leaves the request as it was.
    let signed =
        r.request()?
            .clone()
            .sign_with_profile(&p.inner, &c.inner, token.map(|t| &t.inner))?;
    r.replace(signed)
}

pub(crate) fn request_write_placed(
    request: Option<&oauthsig_request>,
    profile: Option<&oauthsig_profile>,
    mut out: OutBuf<'_>,
) -> Result<(), Failure> {
    let r = required(request, "request")?;
    let p = required(profile, "profile")?;
    let r = r.request()?;
    // Written by the engine straight into the caller's buffer; the
    // request's and the profile's texts are their handles' own.
    out.stream(|sink| Ok(r.write_placed_for(&p.inner, sink)?))
}

pub(crate) fn verifier_builder_profile(
    builder: Option<&mut oauthsig_verifier_builder>,
    profile: Option<&oauthsig_profile>,
) -> Result<(), Failure> {
    let p = required(profile, "profile")?;
    configure(builder, |b| Ok(b.profile(&p.inner)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::result::check_c_enum;

    #[test]
    fn the_c_values_are_the_std_numbers() {
        for id in ProfileId::ALL {
            let c = oauthsig_profile_id::try_from(id as u32).unwrap();
            assert_eq!(ProfileId::from(c), id);
            assert_eq!(c as u32, id as u32);
        }
        use oauthsig_profile_id as P;
        let all = [
            P::OAUTHSIG_PROFILE_X,
            P::OAUTHSIG_PROFILE_JIRA,
            P::OAUTHSIG_PROFILE_NETSUITE,
            P::OAUTHSIG_PROFILE_WOOCOMMERCE,
            P::OAUTHSIG_PROFILE_MAGENTO,
            P::OAUTHSIG_PROFILE_MASTERCARD,
            P::OAUTHSIG_PROFILE_LTI11,
            P::OAUTHSIG_PROFILE_GARMIN,
            P::OAUTHSIG_PROFILE_ETRADE,
            P::OAUTHSIG_PROFILE_SCHOOLOGY,
        ];
        assert_eq!(all.len(), ProfileId::ALL.len());
        check_c_enum(&all, |p| p as u32, &[0, 11, u32::MAX]);
    }
}
