//! `verify --profile`: the provider's server side, checked with the
//! engine's own checks and a `Policy` made from the profile's getters
//! (what `VerifierBuilder::profile` takes): the accepted methods, the
//! timestamp window against this machine's clock or `--now` (§3.3), the nonce
//! lengths. Nonce replay still needs the server's store and is not checked.

use super::checks::{Check, Failed, Passed, fail, ok, shown};
use super::{Given, Received};
use oauthsig::SignatureMethod;
use oauthsig::oauthsig_core::ProtocolParam;
use oauthsig::oauthsig_core::verify::{Policy, Rejection, check_timestamp_window};
use oauthsig::profile::Profile;
use std::ops::RangeInclusive;

/// The profile's server side, as the engine's `Policy` takes it.
pub struct Server<'p> {
    profile: &'p Profile,
    nonce_length: RangeInclusive<usize>,
}

impl<'p> Server<'p> {
    /// The server side of `profile`.
    pub fn of(profile: &'p Profile) -> Self {
        Server {
            profile,
            nonce_length: profile.nonce_length(),
        }
    }

    /// The engine's policy: the accepted methods, the window, the nonce
    /// lengths. PLAINTEXT over http is the signature check's to report.
    fn policy(&self) -> Policy<'p> {
        Policy::new(self.profile.accepted_methods())
            .allow_plaintext_over_http(true)
            .window(self.profile.timestamp_window().as_secs())
            .nonce_length(self.nonce_length.clone())
    }

    /// `method` is one the provider accepts (`check_method_allowed`).
    pub fn method_accepted(
        &self,
        r: &Received<'_>,
        method: SignatureMethod,
    ) -> Result<Passed, Failed> {
        let accepted: Vec<&str> = self
            .profile
            .accepted_methods()
            .iter()
            .map(|m| m.as_str())
            .collect();
        let accepted = accepted.join(", ");
        let id = self.profile.id();
        match r.check_method_allowed(method, &self.policy()) {
            Ok(()) => Ok(ok(Check::MethodAccepted, format!("{id} accepts {method}"))),
            Err(_) => Err(fail(
                Check::MethodAccepted,
                format!("{id} accepts {accepted}, not {method}"),
            )),
        }
    }

    /// The timestamp is within the window of this machine's clock, or of
    /// `--now` (`check_timestamp_window`); nothing to check without a
    /// timestamp (PLAINTEXT) or a readable clock.
    pub fn window(&self, r: &Received<'_>, given: &Given<'_>) -> Result<Option<Passed>, Failed> {
        let (now, clock) = given.clock();
        let (Ok(Some(ts)), Some(now)) = (r.timestamp(), now) else {
            return Ok(None);
        };
        let window = self.profile.timestamp_window().as_secs();
        let id = self.profile.id();
        match check_timestamp_window(ts, now, window) {
            Ok(()) => Ok(Some(ok(
                Check::Window,
                format!("within {id}'s ±{window} s"),
            ))),
            Err(Rejection::FutureTimestamp) => Err(fail(
                Check::Window,
                format!(
                    "{} s ahead of {clock}; {id} accepts ±{window} s (§3.3)",
                    ts - now
                ),
            )),
            Err(_) => Err(fail(
                Check::Window,
                format!(
                    "{} s behind {clock}; {id} accepts ±{window} s (§3.3)",
                    now.saturating_sub(ts)
                ),
            )),
        }
    }

    /// The nonce's length is one the provider accepts (`check_nonce`).
    pub fn nonce(&self, r: &Received<'_>) -> Result<Passed, Failed> {
        let nonce = shown(r, ProtocolParam::Nonce);
        let (min, max) = (self.nonce_length.start(), self.nonce_length.end());
        let id = self.profile.id();
        match r.check_nonce(&self.policy()) {
            Ok(()) => Ok(ok(
                Check::Nonce,
                format!("\"{nonce}\" ({id}: {min} to {max} bytes)"),
            )),
            Err(_) => Err(fail(
                Check::Nonce,
                format!(
                    "oauth_nonce \"{nonce}\" is not {min} to {max} visible ASCII bytes, as {id} requires"
                ),
            )),
        }
    }
}
