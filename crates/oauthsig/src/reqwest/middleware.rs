//! [`OAuth1`] as a [`reqwest_middleware::Middleware`] (feature
//! `reqwest-middleware`).

use super::OAuth1;
use reqwest_middleware::{Middleware, Next};

/// Signs every request the client sends, with [`OAuth1::sign`], then passes
/// it on; a request that cannot be signed is not sent, and the error is
/// `reqwest_middleware::Error::Middleware` around the [`super::SignError`].
///
/// What must stay true: each call signs the request it is handed, so each
/// attempt of a retried request (a retry middleware attached before this
/// one) gets its own nonce and timestamp (RFC 5849 §3.3).
///
/// ```
/// use oauthsig::{Consumer, Token, reqwest::OAuth1};
/// let oauth = OAuth1::new(Consumer::new("key", "secret")).token(Token::new("token", "token secret"));
/// let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new()).with(oauth).build();
/// # let _ = client;
/// ```
#[async_trait::async_trait]
impl Middleware for OAuth1 {
    async fn handle(
        &self,
        mut request: ::reqwest::Request,
        extensions: &mut ::http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<::reqwest::Response> {
        self.sign(&mut request)
            .map_err(reqwest_middleware::Error::middleware)?;
        next.run(request, extensions).await
    }
}
