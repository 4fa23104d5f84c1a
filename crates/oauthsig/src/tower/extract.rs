//! The axum 0.8 extractor for [`OAuthLayer`](super::OAuthLayer)'s result
//! (feature `axum`).

use crate::verifier::Verified;
use ::axum::extract::{FromRequestParts, OptionalFromRequestParts};
use ::axum::response::{IntoResponse, Response};
use ::http::StatusCode;
use ::http::request::Parts;
use std::convert::Infallible;
use std::fmt;
use std::ops::Deref;

/// The request's [`Verified`] OAuth 1.0a credentials and parameters, as
/// [`OAuthLayer`](super::OAuthLayer) left them: a handler that takes it runs
/// only for a request whose signature verified. `Option<OAuth>` is `None`
/// where the layer is missing instead of a 500.
///
/// ```
/// use axum::{Router, routing::post};
/// use oauthsig::tower::{OAuth, OAuthLayer, PublicOrigin};
/// use oauthsig::verifier::{CredentialQuery, Credentials, LookupError, Verifier};
/// use oauthsig::SignatureMethod;
/// use std::sync::Arc;
///
/// async fn grade(OAuth(verified): OAuth) -> String {
///     let score = verified.parameter("score").ok().flatten().unwrap_or_default();
///     format!("{} scored {score}", verified.consumer_key())
/// }
///
/// let verifier = Verifier::builder().allow(SignatureMethod::HmacSha1).build()?;
/// let lookup = Arc::new(|q: &CredentialQuery<'_>| match q.consumer_key() {
///     "lms" => Ok(Credentials::secrets("secret", "")),
///     _ => Err(LookupError::UnknownConsumer),
/// });
/// let app: Router = Router::new()
///     .route("/grade", post(grade))
///     .layer(OAuthLayer::new(verifier, lookup).public_origin(PublicOrigin::new("https://tool.example.edu")?));
/// # drop(app);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct OAuth(pub Verified);

impl Deref for OAuth {
    type Target = Verified;

    fn deref(&self) -> &Verified {
        &self.0
    }
}

impl<S: Send + Sync> FromRequestParts<S> for OAuth {
    type Rejection = MissingOAuthLayer;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, MissingOAuthLayer> {
        parts
            .extensions
            .get::<Verified>()
            .cloned()
            .map(OAuth)
            .ok_or(MissingOAuthLayer)
    }
}

impl<S: Send + Sync> OptionalFromRequestParts<S> for OAuth {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Option<Self>, Infallible> {
        Ok(parts.extensions.get::<Verified>().cloned().map(OAuth))
    }
}

/// [`OAuth`]'s rejection: no [`OAuthLayer`](super::OAuthLayer) ran before
/// the handler, a server configuration mistake, answered 500 (the request
/// may well be properly signed).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct MissingOAuthLayer;

impl fmt::Display for MissingOAuthLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("no OAuthLayer verified this request")
    }
}

impl std::error::Error for MissingOAuthLayer {}

impl IntoResponse for MissingOAuthLayer {
    fn into_response(self) -> Response {
        (StatusCode::INTERNAL_SERVER_ERROR, format!("{self}\n")).into_response()
    }
}
