//! Prints the signature base string and the signed `Authorization` header
//! for the RFC 5849 §3.4.1.1 example request, with no heap allocation.
//!
//! `cargo run -p oauthsig-core --example sign_rfc`

use oauthsig_core::{
    AuthorizationHeader, BaseString, BaseStringUri, ParamArray, Protocol, SignatureMethod,
    SigningKey, Source,
};

fn main() -> Result<(), oauthsig_core::Error> {
    let url = "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b";
    let protocol = Protocol::new("9djdj82h48djs9d2", SignatureMethod::HmacSha1)
        .token("kkk9d7dh3k39sjv7")
        .timestamp("137131201")
        .nonce("7d8f3e4a");
    let key = SigningKey::new(SignatureMethod::HmacSha1, "j49sk3j29djd", "dh893hdasih9")?;

    let mut params = ParamArray::<16>::array();
    params.extend_query(url)?;
    params.extend_form("c2&a3=2+q", Source::Body)?;
    params.extend_protocol(&protocol)?;
    params.sort();
    let uri = BaseStringUri::parse(url)?;
    let base = BaseString::new("POST", &uri, params.as_slice())?;
    let signature = key.sign(&base);
    let header =
        AuthorizationHeader::new(Some("Example"), params.as_slice(), Some(signature.as_str()))?;
    println!("{base}");
    println!("Authorization: {header}");
    Ok(())
}
