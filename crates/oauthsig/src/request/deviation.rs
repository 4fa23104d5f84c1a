//! The base string and signature check of a request as a server that
//! deviates from RFC 5849 computes them ([`Deviation`]): for diagnosis
//! only, never a signing path. The base string is core's writer over the
//! request's own parameters, only their order is the deviation's.

use super::Request;
use super::signing::once;
use crate::profile::Deviation;
use crate::{Consumer, Error, Token};
use oauthsig_core::{BaseString, Param, ProtocolParam, SignatureMethod, Text};

impl Request {
    /// The signature base string (§3.4.1.1) a server with `deviation`
    /// computes for this request as it stands: the RFC's for a key
    /// deviation, the parameters reordered for an ordering one.
    ///
    /// ```
    /// use oauthsig::Request;
    /// use oauthsig::profile::Deviation;
    /// let request = Request::new("GET", "https://shop.example.com/rest/V1/x?k[10]=b&k[9]=a")?;
    /// assert_eq!(request.signature_base_string()?,
    ///     "GET&https%3A%2F%2Fshop.example.com%2Frest%2FV1%2Fx&k%255B10%255D%3Db%26k%255B9%255D%3Da");
    /// assert_eq!(request.signature_base_string_deviating(Deviation::NaturalSortOrder)?,
    ///     "GET&https%3A%2F%2Fshop.example.com%2Frest%2FV1%2Fx&k%255B9%255D%3Da%26k%255B10%255D%3Db");
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Request::signature_base_string`].
    pub fn signature_base_string_deviating(&self, deviation: Deviation) -> Result<String, Error> {
        self.as_it_stands(|r| {
            let mut params = r.parameters().to_vec();
            deviation.order(&mut params);
            let base = BaseString::new(r.incoming().method(), r.uri(), &params)?;
            Ok(base.to_string())
        })?
    }

    /// Whether `oauth_signature` is what a server with `deviation` computes
    /// (its key, its base string) from the secrets of `consumer` and
    /// `token`, compared in constant time. A diagnosis asks each of a
    /// profile's [`deviations`](crate::profile::Profile::deviations) in
    /// turn when [`Request::check_signature`] says no.
    ///
    /// ```
    /// use oauthsig::profile::Deviation;
    /// use oauthsig::{Consumer, Request, SignatureMethod};
    /// let consumer = Consumer::new("ck", "cs");
    /// // A client that signs as WooCommerce's legacy API checks.
    /// let key = Deviation::LegacyKeyWithoutAmpersand.signing_key(SignatureMethod::HmacSha1, &consumer, None)?;
    /// let signed = Request::from_consumer_and_token(&consumer, None, "GET", "http://shop.example.com/wc-api/v2/orders")?
    ///     .sign_with_key(&key)?;
    /// assert!(!signed.check_signature(&consumer, None)?);
    /// assert!(signed.check_signature_deviating(Deviation::LegacyKeyWithoutAmpersand, &consumer, None)?);
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Request::check_signature`]; as [`Deviation::signing_key`].
    pub fn check_signature_deviating(
        &self,
        deviation: Deviation,
        consumer: &Consumer,
        token: Option<&Token>,
    ) -> Result<bool, Error> {
        let method = self.named_method()?;
        let key = deviation.signing_key(method, consumer, token)?;
        self.as_it_stands(|r| {
            once(r, ProtocolParam::Signature)?;
            let presented = r
                .get(ProtocolParam::Signature)
                .ok_or(Error::MissingParameter {
                    name: ProtocolParam::Signature.as_str(),
                })?;
            let mut params: Vec<Param<'_>> = r.parameters().to_vec();
            deviation.order(&mut params);
            let base = BaseString::new(r.incoming().method(), r.uri(), &params)?;
            Ok(matches_presented(&key, method, &base, &presented))
        })?
    }
}

/// Whether `presented` is `key`'s signature of `base`, in constant time
/// (the key's own comparison); a key of another method never matches.
fn matches_presented(
    key: &oauthsig_core::SigningKey,
    method: SignatureMethod,
    base: &BaseString<'_, '_>,
    presented: &Text<'_>,
) -> bool {
    key.method() == method && key.verify(base, presented)
}
