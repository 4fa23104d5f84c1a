//! `--profile NAME`: a provider's choices (`oauthsig::profile::Profile`)
//! taken whole, each overridden by the flag that sets it. This module
//! parses the name and writes the help, one line per profile, from the
//! profile's own getters, so the help cannot say something the library
//! does not do.

use super::MethodArg;
use clap::Args;
use oauthsig::oauthsig_core::body::BodyHashAlgorithm;
use oauthsig::profile::{CallbackRule, Placement, Profile, ProfileId};
use oauthsig::{BodyHashPolicy, SignatureMethod};
use std::fmt::Write as _;

/// `--profile`, shared by every command that signs or verifies.
#[derive(Clone, Debug, Args)]
pub struct ProfileArg {
    /// A provider's defaults (signature method, placement, realm, body
    /// hash, oauth_version, nonce; verify: accepted methods, timestamp
    /// window, nonce lengths); a flag given overrides its default.
    #[arg(
        long,
        value_name = "NAME",
        value_parser = parse,
        long_help = long_help()
    )]
    pub profile: Option<Profile>,
}

/// Each choice is the flag's when the user gave it, else the profile's,
/// else what the command did before profiles existed (the RFC's choices,
/// HMAC-SHA1 and this crate's defaults), so no `--profile` changes nothing.
impl ProfileArg {
    /// The profile, if one was named.
    pub fn get(&self) -> Option<&Profile> {
        self.profile.as_ref()
    }

    /// `--signature-method`, else the profile's, else HMAC-SHA1.
    pub fn method(&self, given: Option<MethodArg>) -> SignatureMethod {
        given.map(SignatureMethod::from).unwrap_or_else(|| {
            self.get()
                .map_or(SignatureMethod::HmacSha1, Profile::signature_method)
        })
    }

    /// Whether `oauth_version` is sent: not with `--no-version`, nor when
    /// the profile leaves it out (it is optional, §3.1).
    pub fn sends_version(&self, no_version: bool) -> bool {
        !no_version && self.get().is_none_or(Profile::sends_version)
    }

    /// `--realm`, else the profile's (never signed, §3.4.1.3.1).
    pub fn realm<'a>(&'a self, given: Option<&'a str>) -> Option<&'a str> {
        given.or_else(|| self.get().and_then(Profile::realm))
    }

    /// When `oauth_body_hash` is sent: never with `--no-body-hash`, else
    /// the profile's policy, else for a body that is not a form.
    pub fn body_hash(&self, no_body_hash: bool) -> BodyHashPolicy {
        match self.get() {
            _ if no_body_hash => BodyHashPolicy::Never,
            Some(p) => p.body_hash(),
            None => BodyHashPolicy::OpaqueBody,
        }
    }

    /// The hash of `oauth_body_hash`: the profile's, else SHA-1.
    pub fn body_hash_algorithm(&self) -> BodyHashAlgorithm {
        self.get()
            .map_or(BodyHashAlgorithm::Sha1, Profile::body_hash_algorithm)
    }

    /// Where the protocol parameters go when no flag says (§3.5).
    pub fn placement(&self) -> Placement {
        self.get().map_or(Placement::Header, Profile::placement)
    }

    /// A fresh CSPRNG nonce of the profile's length, else the default one.
    pub fn nonce(&self) -> Result<String, oauthsig::Error> {
        match self.get() {
            Some(p) => oauthsig::generate_nonce(p.nonce_len()),
            None => oauthsig::make_nonce(),
        }
    }
}

/// `NAME` or `netsuite:ACCOUNT`, through `Profile::by_name`; the error
/// names the known profiles (clap turns it into a usage error, exit 2).
pub fn parse(text: &str) -> Result<Profile, String> {
    Profile::by_name(text).map_err(|e| e.to_string())
}

/// The `--help` text: what the flag does, then one line per profile.
pub fn long_help() -> String {
    let mut out = String::from(
        "A provider's defaults; a flag given overrides the one it sets. \
         netsuite:ACCOUNT (e.g. netsuite:123456_SB1) adds the account's realm.\n\
         On a signature mismatch, verify (and request, get on a 401) also tries \
         the server deviations listed.\nProfiles:",
    );
    for id in ProfileId::ALL {
        let _ = write!(out, "\n  {}", line(&Profile::new(id)));
    }
    out
}

/// One profile's line: `name: what it sets`.
pub fn line(p: &Profile) -> String {
    let mut out = format!("{}: {}", p.id(), p.signature_method());
    out.push_str(match p.placement() {
        Placement::Query => " in the query",
        Placement::Form => " in the form body",
        _ => " in the header",
    });
    match (p.id(), p.realm()) {
        (ProfileId::NetSuite, None) => out.push_str(", realm = ACCOUNT"),
        (_, Some(realm)) => {
            let _ = write!(out, ", realm=\"{realm}\"");
        }
        (_, None) => {}
    }
    out.push_str(&body_hash(p.body_hash(), p.body_hash_algorithm()));
    if !p.sends_version() {
        out.push_str(", no oauth_version");
    }
    let _ = write!(out, ", {}-char nonce", p.nonce_len());
    out.push_str(match p.callback_rule() {
        CallbackRule::Required => ", callback URL or oob",
        CallbackRule::OobOnly => ", callback oob",
        _ => ", no callback",
    });
    let _ = write!(out, "; verify: {}", verifier_side(p));
    if !p.deviations().is_empty() {
        let names: Vec<&str> = p.deviations().iter().map(|d| d.name()).collect();
        let _ = write!(out, "; deviations: {}", names.join(", "));
    }
    out
}

/// When `oauth_body_hash` is sent, and which hash.
fn body_hash(policy: BodyHashPolicy, algorithm: BodyHashAlgorithm) -> String {
    let hash = match algorithm {
        BodyHashAlgorithm::Sha1 => "SHA-1",
        _ => "SHA-256",
    };
    match policy {
        BodyHashPolicy::Never => ", no body hash".to_owned(),
        BodyHashPolicy::UnlessForm => format!(", {hash} body hash unless a form (empty too)"),
        _ => format!(", {hash} body hash of a non-form body"),
    }
}

/// What a verifier with the profile accepts.
fn verifier_side(p: &Profile) -> String {
    let methods: Vec<&str> = p.accepted_methods().iter().map(|m| m.as_str()).collect();
    let nonce = p.nonce_length();
    format!(
        "{}, ±{} s, nonce {}-{}",
        methods.join("|"),
        p.timestamp_window().as_secs(),
        nonce.start(),
        nonce.end()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_profile_has_a_line_naming_its_choices() {
        let help = long_help();
        for id in ProfileId::ALL {
            let p = Profile::new(id);
            let line = help
                .lines()
                .find(|l| l.trim_start().starts_with(&format!("{}: ", id.name())))
                .unwrap_or_else(|| panic!("no help line for {id}"));
            assert!(line.contains(p.signature_method().as_str()), "{line}");
        }
        let woo = line(&Profile::new(ProfileId::WooCommerce));
        assert!(woo.contains("in the query") && woo.contains("no oauth_version"));
        let netsuite = line(&Profile::by_name("netsuite:123456-sb1").unwrap());
        assert!(netsuite.contains("realm=\"123456_SB1\""), "{netsuite}");
    }

    #[test]
    fn unknown_names_list_the_known_ones() {
        let err = parse("netflix").unwrap_err();
        for name in Profile::NAMES {
            assert!(err.contains(name), "{err}");
        }
        assert_eq!(parse("twitter").unwrap().id(), ProfileId::X);
        assert!(parse("netsuite:12 34").is_err());
    }
}
