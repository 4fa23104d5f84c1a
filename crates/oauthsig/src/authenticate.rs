//! The `WWW-Authenticate` challenge of a 401 response
//! ([RFC 5849 §3.5.1](https://www.rfc-editor.org/rfc/rfc5849#section-3.5.1), RFC 2617).

use crate::Error;
use oauthsig_core::WwwAuthenticate;

/// The name of the header [`build_authenticate_header`] writes.
///
/// ```
/// assert_eq!(oauthsig::build_authenticate_header("")?.0, oauthsig::WWW_AUTHENTICATE);
/// # Ok::<(), oauthsig::Error>(())
/// ```
pub const WWW_AUTHENTICATE: &str = "WWW-Authenticate";

/// The challenge header a server sends with 401 (python-oauth2's
/// `build_authenticate_header`): `(`[`WWW_AUTHENTICATE`]`, OAuth realm="…")`.
///
/// Unlike python-oauth2, which interpolated the realm verbatim, `"` and `\`
/// are escaped and control characters refused, so a realm cannot break out
/// of its quoted string or split the header.
///
/// ```
/// let (name, value) = oauthsig::build_authenticate_header("http://example.myrealm.com/")?;
/// assert_eq!(name, "WWW-Authenticate");
/// assert_eq!(value, r#"OAuth realm="http://example.myrealm.com/""#);
/// assert!(oauthsig::build_authenticate_header("a\r\nSet-Cookie: x").is_err());
/// # Ok::<(), oauthsig::Error>(())
/// ```
///
/// # Errors
/// [`Error::Core`] (`BadRealm`) when the realm has a control character.
pub fn build_authenticate_header(realm: &str) -> Result<(&'static str, String), Error> {
    Ok((WWW_AUTHENTICATE, WwwAuthenticate::new(realm)?.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_escaped() {
        let (_, v) = build_authenticate_header(r#"a"b\c"#).unwrap();
        assert_eq!(v, r#"OAuth realm="a\"b\\c""#);
    }
}
