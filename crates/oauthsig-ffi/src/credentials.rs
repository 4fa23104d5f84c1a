//! Consumer and token handles (client credentials and token credentials,
//! RFC 5849 §1.1), including the credentials-response string form: the
//! bodies of the `oauthsig_consumer_*` and `oauthsig_token_*` functions
//! declared in `boundary`.

use crate::boundary::{In, OutBuf, OutPtr};
use crate::keys::oauthsig_rsa_private_key;
use crate::result::{Failure, InvalidValue, enum_arg, required};
use oauthsig::{Consumer, Token};

/// Client credentials: a consumer key and secret, or a consumer key and an
/// RSA private key. Immutable after creation; safe to share between
/// threads. Create with `oauthsig_consumer_new` or
/// `oauthsig_consumer_new_rsa`, destroy with `oauthsig_consumer_free`.
pub struct oauthsig_consumer {
    pub(crate) inner: Consumer,
}

/// Token credentials (temporary or access): key, secret, and the optional
/// callback, callback-confirmed flag and verifier. Not thread-safe to mutate.
/// Create with `oauthsig_token_new` or `oauthsig_token_parse`, destroy with
/// `oauthsig_token_free`. The secret is wiped from memory when freed.
pub struct oauthsig_token {
    pub(crate) inner: Token,
}

/// Which field of a token `oauthsig_token_get_field` reads.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oauthsig_token_field {
    /// `oauth_token`.
    OAUTHSIG_TOKEN_KEY = 1,
    /// `oauth_token_secret` (a secret: handle the output with care).
    OAUTHSIG_TOKEN_SECRET = 2,
    /// The callback URL set with `oauthsig_token_set_callback`.
    OAUTHSIG_TOKEN_CALLBACK = 3,
    /// The verifier.
    OAUTHSIG_TOKEN_VERIFIER = 4,
}

impl TryFrom<u32> for oauthsig_token_field {
    type Error = InvalidValue;

    fn try_from(value: u32) -> Result<Self, InvalidValue> {
        match value {
            1 => Ok(Self::OAUTHSIG_TOKEN_KEY),
            2 => Ok(Self::OAUTHSIG_TOKEN_SECRET),
            3 => Ok(Self::OAUTHSIG_TOKEN_CALLBACK),
            4 => Ok(Self::OAUTHSIG_TOKEN_VERIFIER),
            _ => Err(InvalidValue::new("oauthsig_token_field", value)),
        }
    }
}

pub(crate) fn consumer_new(
    key: In<'_>,
    secret: In<'_>,
    out: OutPtr<'_, *mut oauthsig_consumer>,
) -> Result<(), Failure> {
    let inner = Consumer::new(key.text()?, secret.text()?);
    out.put_handle(oauthsig_consumer { inner }, "out")
}

pub(crate) fn consumer_new_rsa(
    key: In<'_>,
    private_key: Option<&oauthsig_rsa_private_key>,
    out: OutPtr<'_, *mut oauthsig_consumer>,
) -> Result<(), Failure> {
    let key = key.text()?;
    let private_key = required(private_key, "private_key")?.inner.clone();
    let inner = Consumer::rsa(key, private_key);
    out.put_handle(oauthsig_consumer { inner }, "out")
}

pub(crate) fn token_new(
    key: In<'_>,
    secret: In<'_>,
    out: OutPtr<'_, *mut oauthsig_token>,
) -> Result<(), Failure> {
    let inner = Token::new(key.text()?, secret.text()?);
    out.put_handle(oauthsig_token { inner }, "out")
}

pub(crate) fn token_parse(
    response: In<'_>,
    out: OutPtr<'_, *mut oauthsig_token>,
) -> Result<(), Failure> {
    let inner = response.text()?.parse()?;
    out.put_handle(oauthsig_token { inner }, "out")
}

pub(crate) fn token_to_string(
    token: Option<&oauthsig_token>,
    mut out: OutBuf<'_>,
) -> Result<(), Failure> {
    let t = required(token, "token")?;
    out.write(t.inner.to_string().as_bytes())
}

pub(crate) fn token_get_field(
    token: Option<&oauthsig_token>,
    field: u32,
    mut out: OutBuf<'_>,
) -> Result<(), Failure> {
    let t = required(token, "token")?;
    out.write(token_field(&t.inner, enum_arg(field, "field")?)?.as_bytes())
}

fn token_field(t: &Token, field: oauthsig_token_field) -> Result<&str, Failure> {
    use oauthsig_token_field as F;
    let value = match field {
        F::OAUTHSIG_TOKEN_KEY => Some(t.key()),
        F::OAUTHSIG_TOKEN_SECRET => Some(t.secret()),
        F::OAUTHSIG_TOKEN_CALLBACK => t.callback(),
        F::OAUTHSIG_TOKEN_VERIFIER => t.verifier(),
    };
    value.ok_or_else(|| Failure::not_found("the token has no such field set"))
}

pub(crate) fn token_get_extra(
    token: Option<&oauthsig_token>,
    name: In<'_>,
    mut out: OutBuf<'_>,
) -> Result<(), Failure> {
    let t = required(token, "token")?;
    let value = t
        .inner
        .get(name.text()?)
        .ok_or_else(|| Failure::not_found("no such field in the response"))?;
    out.write(value.as_bytes())
}

pub(crate) fn token_callback_confirmed(
    token: Option<&oauthsig_token>,
    out: OutPtr<'_, bool>,
) -> Result<(), Failure> {
    let confirmed = required(token, "token")?.inner.callback_confirmed();
    out.put(confirmed, "out")
}

pub(crate) fn token_set_callback(
    token: Option<&mut oauthsig_token>,
    callback: In<'_>,
) -> Result<(), Failure> {
    let t = required(token, "token")?;
    t.inner.set_callback(callback.text()?);
    Ok(())
}

pub(crate) fn token_set_verifier(
    token: Option<&mut oauthsig_token>,
    verifier: In<'_>,
) -> Result<(), Failure> {
    let t = required(token, "token")?;
    t.inner
        .set_verifier(verifier.opt_text()?)
        .map_err(Failure::from)
}

pub(crate) fn token_callback_url(
    token: Option<&oauthsig_token>,
    mut out: OutBuf<'_>,
) -> Result<(), Failure> {
    let t = required(token, "token")?;
    let url = t
        .inner
        .callback_url()
        .ok_or_else(|| Failure::not_found("the token has no callback"))?;
    out.write(url.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::result::check_c_enum;

    #[test]
    fn token_fields_come_from_c_only_as_declared() {
        use oauthsig_token_field as F;
        let all = [
            F::OAUTHSIG_TOKEN_KEY,
            F::OAUTHSIG_TOKEN_SECRET,
            F::OAUTHSIG_TOKEN_CALLBACK,
            F::OAUTHSIG_TOKEN_VERIFIER,
        ];
        check_c_enum(&all, |f| f as u32, &[0, 5, 77, u32::MAX]);
    }
}
