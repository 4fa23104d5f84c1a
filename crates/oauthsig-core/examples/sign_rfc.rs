//! Prints the signature base string and the signed `Authorization` header
//! for the RFC 5849 §3.4.1.1 example request, with no heap allocation.
//!
//! `cargo run -p oauthsig-core --example sign_rfc`

use oauthsig_core::{Body, HttpRequest, Placement, Protocol, SignatureMethod, SigningKey, sign};

fn main() -> Result<(), oauthsig_core::Error> {
    let request = HttpRequest::new(
        "POST",
        "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b",
    )
    .body(Body::Form("c2&a3=2+q"));
    let protocol = Protocol::new("9djdj82h48djs9d2")
        .token("kkk9d7dh3k39sjv7")
        .timestamp("137131201")
        .nonce("7d8f3e4a");
    // The key decides the signature method (HMAC-SHA1 here).
    let key = SigningKey::new(SignatureMethod::HmacSha1, "j49sk3j29djd", "dh893hdasih9")?;

    let signed = sign::sign(&request, &protocol, &key)?;
    let header = signed.output(Placement::Header {
        realm: Some("Example"),
    })?;
    println!("{}", signed.base_string());
    println!("Authorization: {header}");
    Ok(())
}
