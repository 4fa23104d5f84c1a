//! A [`Profile`]'s client choices applied to a [`Request`]: the body hash,
//! `oauth_version`, the nonce's length, the signature method, and where
//! the signed parameters go. Signing itself is unchanged (the engine).

use super::Request;
use crate::profile::{Placement, Profile};
use crate::{Consumer, Error, Token};
use oauthsig_core::sign;
use oauthsig_core::sink::Sink;

/// A request signed for a profile, written where the profile puts the
/// protocol parameters (RFC 5849 §3.5).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Placed {
    /// The `Authorization` header's value, with the profile's realm.
    Header(String),
    /// The URL with the parameters in its query.
    Url(String),
    /// The form body with the parameters.
    Form(String),
}

impl Request {
    /// A client request for `profile`: [`Request::from_consumer_and_token`]
    /// with the profile's choices ([`Request::with_profile`]).
    ///
    /// ```
    /// use oauthsig::profile::{Profile, ProfileId};
    /// use oauthsig::{Consumer, Request};
    /// let woo = Profile::new(ProfileId::WooCommerce);
    /// let consumer = Consumer::new("ck_1", "cs_2");
    /// let request = Request::for_profile(&woo, &consumer, None, "GET", "http://shop.example.com/wp-json/wc/v3/orders")?;
    /// assert_eq!(request.get("oauth_version")?, None);
    /// assert_eq!(request.get("oauth_nonce")?.map(|n| n.len()), Some(32));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Request::from_consumer_and_token`].
    pub fn for_profile(
        profile: &Profile,
        consumer: &Consumer,
        token: Option<&Token>,
        method: &str,
        url: &str,
    ) -> Result<Self, Error> {
        Request::from_consumer_and_token(consumer, token, method, url)?.with_profile(profile)
    }

    /// Applies `profile`'s client choices: its body-hash policy and hash,
    /// `oauth_version` left out where the profile does not send it, and a
    /// fresh CSPRNG nonce of the profile's length (pin a nonce after this
    /// call, not before).
    ///
    /// # Errors
    /// [`Error::Random`] when the operating system cannot supply randomness.
    pub fn with_profile(self, profile: &Profile) -> Result<Self, Error> {
        let nonce = crate::generate_nonce(profile.nonce_len())?;
        Ok(self.profile_choices(profile).nonce(&nonce))
    }

    /// The profile's choices that need no randomness.
    fn profile_choices(mut self, profile: &Profile) -> Self {
        self.body_hash = profile.body_hash();
        self.body_hash_algorithm = profile.body_hash_algorithm();
        if !profile.sends_version() {
            self.store.remove("oauth_version");
        }
        self
    }

    /// Signs with `profile`'s signature method, its body-hash policy and
    /// hash and its `oauth_version` choice (the key is §3.4.2's or
    /// §3.4.3's: a profile's [deviations](Profile::deviations) are never
    /// applied here).
    ///
    /// ```
    /// use oauthsig::profile::{Profile, ProfileId};
    /// use oauthsig::{Consumer, Request};
    /// let x = Profile::new(ProfileId::X);
    /// let consumer = Consumer::new("key", "secret");
    /// let signed = Request::for_profile(&x, &consumer, None, "POST", "https://api.x.com/2/tweets")?
    ///     .body(r#"{"text":"hello"}"#, "application/json")
    ///     .sign_with_profile(&x, &consumer, None)?;
    /// assert_eq!(signed.get("oauth_body_hash")?, None); // X signs no JSON body
    /// assert!(signed.check_signature(&consumer, None)?);
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Request::sign`].
    pub fn sign_with_profile(
        self,
        profile: &Profile,
        consumer: &Consumer,
        token: Option<&Token>,
    ) -> Result<Self, Error> {
        self.profile_choices(profile)
            .sign(profile.signature_method(), consumer, token)
    }

    /// The signed request written where `profile` puts the parameters: the
    /// header with its realm ([`Request::to_header`]), the URL
    /// ([`Request::to_url`]) or the form body ([`Request::to_postdata`]).
    ///
    /// ```
    /// use oauthsig::profile::{Placed, Profile, ProfileId};
    /// use oauthsig::{Consumer, Request};
    /// let schoology = Profile::new(ProfileId::Schoology);
    /// let consumer = Consumer::new("key", "secret");
    /// let signed = Request::for_profile(&schoology, &consumer, None, "GET", "https://api.schoology.com/v1/users/me")?
    ///     .sign_with_profile(&schoology, &consumer, None)?;
    /// let Placed::Header(header) = signed.placed(&schoology)? else { unreachable!() };
    /// assert!(header.starts_with(r#"OAuth realm="Schoology API", "#));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Request::to_header`].
    pub fn placed(&self, profile: &Profile) -> Result<Placed, Error> {
        Ok(match profile.placement() {
            Placement::Header => Placed::Header(self.to_header(profile.realm())?),
            Placement::Query => Placed::Url(self.to_url()),
            Placement::Form => Placed::Form(self.to_postdata()),
        })
    }

    /// [`Request::placed`]'s text written into `out` instead of a `String`
    /// (see [`Request::write_placed`]).
    ///
    /// ```
    /// use oauthsig::profile::{Profile, ProfileId};
    /// use oauthsig::{Consumer, Request};
    /// let schoology = Profile::new(ProfileId::Schoology);
    /// let consumer = Consumer::new("key", "secret");
    /// let signed = Request::for_profile(&schoology, &consumer, None, "GET", "https://api.schoology.com/v1/users/me")?
    ///     .sign_with_profile(&schoology, &consumer, None)?;
    /// let mut out = Vec::new();
    /// signed.write_placed_for(&schoology, &mut out)?;
    /// assert!(out.starts_with(br#"OAuth realm="Schoology API", "#));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Request::placed`].
    pub fn write_placed_for<S: Sink + ?Sized>(
        &self,
        profile: &Profile,
        out: &mut S,
    ) -> Result<(), Error> {
        let placement = match profile.placement() {
            Placement::Header => sign::Placement::Header {
                realm: profile.realm(),
            },
            Placement::Query => sign::Placement::Query,
            Placement::Form => sign::Placement::Form,
        };
        self.write_placed(placement, out)
    }
}
