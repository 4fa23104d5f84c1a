//! NetSuite account ids, in the two spellings NetSuite uses: the `realm`
//! of the `Authorization` header is the account id in upper case with an
//! underscore (`123456_SB1`), the host name has it in lower case with a
//! hyphen (`123456-sb1.suitetalk.api.netsuite.com`). Mixing them up is
//! answered 401 (ehmad11/netsuite-rest #1, #15; dghubble/oauth1 PR #30).

use super::ProfileError;

/// A NetSuite account id, in both spellings.
///
/// ```
/// use oauthsig::profile::NetSuiteAccount;
/// let account = NetSuiteAccount::new("123456-SB1")?;
/// assert_eq!(account.realm(), "123456_SB1");
/// assert_eq!(account.host_prefix(), "123456-sb1");
/// assert_eq!(account.rest_base_url(), "https://123456-sb1.suitetalk.api.netsuite.com");
/// assert_eq!(account.restlets_base_url(), "https://123456-sb1.restlets.api.netsuite.com");
/// # Ok::<(), oauthsig::profile::ProfileError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct NetSuiteAccount {
    realm: String,
    host_prefix: String,
}

impl NetSuiteAccount {
    /// The account `id`, in either spelling (or any mix of case, `_`, `-`).
    ///
    /// # Errors
    /// [`ProfileError::BadAccountId`] for an empty id or one with another
    /// character than ASCII letters, digits, `_` and `-` (it goes into a
    /// host name and a quoted header value).
    pub fn new(id: &str) -> Result<Self, ProfileError> {
        let allowed = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
        if id.is_empty() || !id.bytes().all(allowed) {
            return Err(ProfileError::BadAccountId);
        }
        let realm = id.to_ascii_uppercase().replace('-', "_");
        let host_prefix = id.to_ascii_lowercase().replace('_', "-");
        Ok(NetSuiteAccount { realm, host_prefix })
    }

    /// The header's `realm`: upper case, `_` (`123456_SB1`).
    pub fn realm(&self) -> &str {
        &self.realm
    }

    /// The host name's first label: lower case, `-` (`123456-sb1`).
    pub fn host_prefix(&self) -> &str {
        &self.host_prefix
    }

    /// The SuiteTalk REST web services origin.
    pub fn rest_base_url(&self) -> String {
        format!("https://{}.suitetalk.api.netsuite.com", self.host_prefix)
    }

    /// The RESTlets origin.
    pub fn restlets_base_url(&self) -> String {
        format!("https://{}.restlets.api.netsuite.com", self.host_prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_spellings_give_both_forms() {
        for id in ["123456_SB1", "123456-sb1", "123456_sb1", "123456-SB1"] {
            let a = NetSuiteAccount::new(id).unwrap();
            assert_eq!((a.realm(), a.host_prefix()), ("123456_SB1", "123456-sb1"));
        }
        let production = NetSuiteAccount::new("1234567").unwrap();
        assert_eq!(
            (production.realm(), production.host_prefix()),
            ("1234567", "1234567")
        );
    }

    #[test]
    fn ids_that_could_change_a_host_or_header_are_refused() {
        for bad in ["", "123 456", "123456.evil.com", "12\"3", "a/b", "é"] {
            assert_eq!(
                NetSuiteAccount::new(bad),
                Err(ProfileError::BadAccountId),
                "{bad:?}"
            );
        }
    }
}
