//! An axum 0.8 API protected by OAuth 1.0a: `OAuthLayer` verifies every
//! request against an in-memory consumer table, and the handler reads the
//! verified consumer and parameters through the `OAuth` extractor.
//!
//! ```sh
//! cargo run -p oauthsig --features axum --example axum_server -- 3000
//! # behind a TLS proxy that sets X-Forwarded-Proto / X-Forwarded-Host:
//! cargo run -p oauthsig --features axum --example axum_server -- 3000 --trust-forwarded
//! # or with the name clients use:
//! cargo run -p oauthsig --features axum --example axum_server -- 3000 --public-origin https://api.example.com
//! ```
//!
//! Then, in another shell, sign and send a request with the `oauthsig`
//! command (the consumer is `demo-key` / `demo-secret`):
//!
//! ```sh
//! export OAUTHSIG_CONSUMER_KEY=demo-key OAUTHSIG_CONSUMER_SECRET=demo-secret
//! eval "$(cargo run -q -p oauthsig-cli -- sign --curl GET 'http://127.0.0.1:3000/whoami?name=you')"
//! eval "$(cargo run -q -p oauthsig-cli -- sign --curl -d 'grade=0.9' POST 'http://127.0.0.1:3000/whoami')"
//! ```
//!
//! The same request sent twice is refused (401, `nonce already used`), as
//! is one with any byte changed (401 `invalid signature`, with a
//! `WWW-Authenticate: OAuth realm=""` challenge).

use axum::Router;
use axum::routing::get;
use oauthsig::SignatureMethod;
use oauthsig::tower::{OAuth, OAuthLayer, PublicOrigin};
use oauthsig::verifier::{CredentialLookup, CredentialQuery, Credentials, LookupError, Verifier};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

/// The consumer table: key → secret (two-legged: no tokens here).
struct Consumers(HashMap<String, String>);

impl CredentialLookup for Consumers {
    fn credentials(&self, q: &CredentialQuery<'_>) -> Result<Credentials<'_>, LookupError> {
        let secret = self
            .0
            .get(q.consumer_key())
            .ok_or(LookupError::UnknownConsumer)?;
        if q.token().is_some() {
            return Err(LookupError::UnknownToken);
        }
        // Borrowed from the table: nothing copied per request.
        Ok(Credentials::secrets(secret.as_str(), ""))
    }
}

/// Who signed, and what they sent.
async fn whoami(OAuth(verified): OAuth) -> String {
    let mut out = format!(
        "consumer {}\nmethod {}\n",
        verified.consumer_key(),
        verified.signature_method()
    );
    for p in verified.parameters() {
        let name = p.name().unwrap_or_default();
        let value = p.value().unwrap_or_default();
        let _ = writeln!(out, "param {name}={value}");
    }
    out
}

struct Args {
    port: u16,
    public_origin: Option<String>,
    trust_forwarded: bool,
}

fn args() -> Result<Args, String> {
    let mut args = Args {
        port: 8080,
        public_origin: None,
        trust_forwarded: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--trust-forwarded" => args.trust_forwarded = true,
            "--public-origin" => {
                args.public_origin = Some(it.next().ok_or("--public-origin needs a URL")?);
            }
            port => args.port = port.parse().map_err(|_| format!("not a port: {port}"))?,
        }
    }
    Ok(args)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let verifier = Verifier::builder()
        .allow(SignatureMethod::HmacSha1)
        .allow(SignatureMethod::HmacSha256)
        .allow(SignatureMethod::HmacSha512)
        .build()?;
    let consumers = Consumers(HashMap::from([
        ("demo-key".to_owned(), "demo-secret".to_owned()),
        ("lms".to_owned(), "lms-secret".to_owned()),
    ]));
    let mut layer = OAuthLayer::new(verifier, Arc::new(consumers))
        .trust_forwarded_headers(args.trust_forwarded)
        .body_limit(64 * 1024);
    if let Some(origin) = &args.public_origin {
        layer = layer.public_origin(PublicOrigin::new(origin)?);
    }
    let app = Router::new()
        .route("/whoami", get(whoami).post(whoami))
        .route_layer(layer);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", args.port)).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}
