//! The server side over C: a verifier handle (RFC 5849 §3.2 checks with
//! replay protection), a secrets-lookup callback, and the verified result:
//! the bodies of the `oauthsig_verifier_*`, `oauthsig_lookup_answer_*` and
//! `oauthsig_verified_*` functions declared in `boundary`.

use crate::boundary::{In, Lookup, OutBuf, OutPtr, RequestParts};
use crate::keys::oauthsig_rsa_public_key;
use crate::request::{Incoming, oauthsig_signature_method, oauthsig_signing_key};
use crate::result::{Failure, InvalidValue, enum_arg, oauthsig_result, required};
use oauthsig::{
    CredentialLookup, CredentialQuery, Credentials, IncomingRequest, LookupError, SignatureMethod,
    Verified, Verifier, VerifierBuilder, VerifyError,
};
use std::sync::Arc;
use std::time::Duration;

/// Collects options for a verifier. Not thread-safe. Create with
/// `oauthsig_verifier_builder_new`, finish with `oauthsig_verifier_build`,
/// destroy with `oauthsig_verifier_builder_free`.
pub struct oauthsig_verifier_builder {
    inner: Option<VerifierBuilder>,
}

/// A configured verifier with its in-memory nonce store. Thread-safe: one
/// verifier may serve concurrent requests. Destroy with
/// `oauthsig_verifier_free`.
pub struct oauthsig_verifier {
    inner: Verifier,
}

/// The outcome of a successful verification. Destroy with
/// `oauthsig_verified_free`.
pub struct oauthsig_verified {
    inner: Verified,
}

/// What a secrets lookup callback answers.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oauthsig_lookup_status {
    /// Found: the callback has called `oauthsig_lookup_answer_secrets`,
    /// `oauthsig_lookup_answer_key` or `oauthsig_lookup_answer_public_key`.
    OAUTHSIG_LOOKUP_FOUND = 0,
    /// No such consumer key.
    OAUTHSIG_LOOKUP_UNKNOWN_CONSUMER = 1,
    /// The consumer exists but the token does not (or is not theirs).
    OAUTHSIG_LOOKUP_UNKNOWN_TOKEN = 2,
    /// The credential store failed (the request is refused with 503).
    OAUTHSIG_LOOKUP_UNAVAILABLE = 3,
}

impl TryFrom<u32> for oauthsig_lookup_status {
    type Error = InvalidValue;

    fn try_from(value: u32) -> Result<Self, InvalidValue> {
        match value {
            0 => Ok(Self::OAUTHSIG_LOOKUP_FOUND),
            1 => Ok(Self::OAUTHSIG_LOOKUP_UNKNOWN_CONSUMER),
            2 => Ok(Self::OAUTHSIG_LOOKUP_UNKNOWN_TOKEN),
            3 => Ok(Self::OAUTHSIG_LOOKUP_UNAVAILABLE),
            _ => Err(InvalidValue::new("oauthsig_lookup_status", value)),
        }
    }
}

/// What the verifier makes of a lookup callback's answer: a status the
/// callback made up fails closed, as the credential store being unavailable.
fn lookup_outcome(status: u32) -> Result<(), LookupError> {
    use oauthsig_lookup_status as S;
    match S::try_from(status) {
        Ok(S::OAUTHSIG_LOOKUP_FOUND) => Ok(()),
        Ok(S::OAUTHSIG_LOOKUP_UNKNOWN_CONSUMER) => Err(LookupError::UnknownConsumer),
        Ok(S::OAUTHSIG_LOOKUP_UNKNOWN_TOKEN) => Err(LookupError::UnknownToken),
        Ok(S::OAUTHSIG_LOOKUP_UNAVAILABLE) | Err(_) => Err(LookupError::Unavailable),
    }
}

/// Where a lookup callback puts the credentials it found. Valid only during
/// the callback. A consumer with both kinds of credentials may be answered
/// with both (its secrets or a prepared key, and its RSA public key): the
/// verifier uses the kind the request's signature method needs.
// `'k` is the verification being answered: a prepared key must outlive it.
#[derive(Default)]
pub struct oauthsig_lookup_answer<'k> {
    secrets: Option<(String, String)>,
    key: Option<&'k oauthsig_signing_key>,
    public_key: Option<Arc<oauthsig_core::RsaPublicKey>>,
}

impl<'k> oauthsig_lookup_answer<'k> {
    /// The credentials for a request signed with `method`: of the kind it
    /// needs when the callback answered that kind (an RSA public key for an
    /// RSA method, else a prepared key, else the secrets), otherwise what
    /// was answered, which the verifier then refuses as the wrong kind.
    fn credentials(self, method: SignatureMethod) -> Option<Credentials<'k>> {
        let public_key = self.public_key.map(Credentials::RsaPublicKey);
        let shared = match (self.key, self.secrets) {
            (Some(key), _) => Some(Credentials::prepared(&key.inner)),
            (None, Some((cs, ts))) => Some(Credentials::secrets(cs, ts)),
            (None, None) => None,
        };
        if method.is_rsa() {
            public_key.or(shared)
        } else {
            shared.or(public_key)
        }
    }
}

pub(crate) fn verifier_builder_new(
    out: OutPtr<'_, *mut oauthsig_verifier_builder>,
) -> Result<(), Failure> {
    let inner = Some(Verifier::builder());
    out.put_handle(oauthsig_verifier_builder { inner }, "out")
}

/// Applies one option to the builder.
pub(crate) fn configure(
    builder: Option<&mut oauthsig_verifier_builder>,
    step: impl FnOnce(VerifierBuilder) -> Result<VerifierBuilder, Failure>,
) -> Result<(), Failure> {
    let b = required(builder, "builder")?;
    let inner = b
        .inner
        .take()
        .ok_or_else(|| Failure::invalid("builder", "already used"))?;
    b.inner = Some(step(inner)?);
    Ok(())
}

pub(crate) fn verifier_builder_allow(
    builder: Option<&mut oauthsig_verifier_builder>,
    method: u32,
) -> Result<(), Failure> {
    let m: SignatureMethod = enum_arg::<oauthsig_signature_method>(method, "method")?.into();
    configure(builder, |b| Ok(b.allow(m)))
}

pub(crate) fn verifier_builder_allow_plaintext_over_http(
    builder: Option<&mut oauthsig_verifier_builder>,
) -> Result<(), Failure> {
    configure(builder, |b| Ok(b.allow_plaintext_over_http()))
}

pub(crate) fn verifier_builder_timestamp_window(
    builder: Option<&mut oauthsig_verifier_builder>,
    seconds: u64,
) -> Result<(), Failure> {
    configure(builder, |b| {
        Ok(b.timestamp_window(Duration::from_secs(seconds)))
    })
}

pub(crate) fn verifier_builder_require_realm(
    builder: Option<&mut oauthsig_verifier_builder>,
    realm: In<'_>,
) -> Result<(), Failure> {
    let r = realm.text()?.to_owned();
    configure(builder, |b| Ok(b.require_realm(r)))
}

pub(crate) fn verifier_build(
    builder: Option<&mut oauthsig_verifier_builder>,
    out: OutPtr<'_, *mut oauthsig_verifier>,
) -> Result<(), Failure> {
    if out.is_null() {
        return Err(Failure::null("out"));
    }
    let b = required(builder, "builder")?;
    let inner = b
        .inner
        .take()
        .ok_or_else(|| Failure::invalid("builder", "already used"))?
        .build()
        .map_err(|e| {
            let code = oauthsig_result::OAUTHSIG_INVALID_ARGUMENT;
            Failure::new(code, format!("verifier options: {e}"))
        })?;
    out.put_handle(oauthsig_verifier { inner }, "out")
}

pub(crate) fn lookup_answer_secrets(
    answer: Option<&mut oauthsig_lookup_answer<'_>>,
    consumer_secret: In<'_>,
    token_secret: In<'_>,
) -> Result<(), Failure> {
    let a = required(answer, "answer")?;
    let (cs, ts) = (consumer_secret.text()?, token_secret.text()?);
    a.secrets = Some((cs.to_owned(), ts.to_owned()));
    Ok(())
}

pub(crate) fn lookup_answer_key<'k>(
    answer: Option<&mut oauthsig_lookup_answer<'k>>,
    key: Option<&'k oauthsig_signing_key>,
) -> Result<(), Failure> {
    let a = required(answer, "answer")?;
    a.key = Some(required(key, "key")?);
    Ok(())
}

pub(crate) fn lookup_answer_public_key(
    answer: Option<&mut oauthsig_lookup_answer<'_>>,
    key: Option<&oauthsig_rsa_public_key>,
) -> Result<(), Failure> {
    let a = required(answer, "answer")?;
    a.public_key = Some(Arc::clone(&required(key, "key")?.inner));
    Ok(())
}

/// Adapts the C callback to the verifier's lookup trait.
struct CLookup<'a>(Lookup<'a>);

impl CredentialLookup for CLookup<'_> {
    fn credentials(&self, query: &CredentialQuery<'_>) -> Result<Credentials<'_>, LookupError> {
        let (status, answer) = self.0.ask(query.consumer_key(), query.token());
        lookup_outcome(status)?;
        // FOUND without an answer is a bug in the callback: fail closed.
        answer
            .credentials(query.signature_method())
            .ok_or(LookupError::Unavailable)
    }
}

/// The code of a judged request's refusal, by the status the verifier
/// gives it. Its 500s (the lookup answered a prepared key of another method,
/// or a secret too long to use) are the server's credentials failing, not
/// the client's request: like a failed lookup, the request was not judged.
fn verify_failure(e: VerifyError) -> Failure {
    let code = match e.http_status() {
        400 => oauthsig_result::OAUTHSIG_VERIFY_BAD_REQUEST,
        401 => oauthsig_result::OAUTHSIG_VERIFY_UNAUTHORIZED,
        413 => oauthsig_result::OAUTHSIG_VERIFY_TOO_LARGE,
        414 => oauthsig_result::OAUTHSIG_VERIFY_URL_TOO_LONG,
        429 => oauthsig_result::OAUTHSIG_VERIFY_CONSUMER_QUOTA,
        _ => oauthsig_result::OAUTHSIG_VERIFY_UNAVAILABLE,
    };
    Failure::new(code, e.to_string())
}

/// The body of `oauthsig_verifier_verify`.
pub(crate) fn verify(
    verifier: Option<&oauthsig_verifier>,
    parts: RequestParts<'_>,
    lookup: Option<Lookup<'_>>,
    out: OutPtr<'_, *mut oauthsig_verified>,
) -> Result<(), Failure> {
    let v = required(verifier, "verifier")?;
    let i = Incoming::read(parts)?;
    let lookup = CLookup(required(lookup, "lookup")?);
    let mut req = IncomingRequest::new(i.method, i.url).body(i.body);
    if let Some(a) = i.authorization {
        req = req.authorization(a);
    }
    if let Some(c) = i.content_type {
        req = req.content_type(c);
    }
    if let Some(h) = i.host {
        req = req.host(h);
    }
    let inner = v.inner.verify(&req, &lookup).map_err(verify_failure)?;
    if !out.is_null() {
        out.put_handle(oauthsig_verified { inner }, "out")?;
    }
    Ok(())
}

/// The HTTP status to answer for `oauthsig_verifier_verify`'s `result`:
/// always one of the documented 200, 400, 401, 413, 414, 429 and 503. A request
/// refused before it could be judged for an argument (a NULL, non-UTF-8 or
/// impossibly long part) is a bad request; a caught panic, like a failed
/// lookup, leaves it unjudged.
pub(crate) fn http_status(result: oauthsig_result) -> u16 {
    use oauthsig_result as R;
    match result {
        R::OAUTHSIG_OK => 200,
        R::OAUTHSIG_VERIFY_UNAUTHORIZED => 401,
        R::OAUTHSIG_VERIFY_TOO_LARGE => 413,
        R::OAUTHSIG_VERIFY_URL_TOO_LONG => 414,
        R::OAUTHSIG_VERIFY_CONSUMER_QUOTA => 429,
        R::OAUTHSIG_VERIFY_UNAVAILABLE | R::OAUTHSIG_PANIC => 503,
        _ => 400,
    }
}

/// Stores the HTTP status for `result` in `*http_status` (unless NULL).
pub(crate) fn answer_status(result: oauthsig_result, http_status: OutPtr<'_, u16>) {
    // A NULL `http_status` means the caller does not want it.
    let _ = http_status.put(self::http_status(result), "http_status");
}

/// Which field of a verified result `oauthsig_verified_get_field` reads.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oauthsig_verified_field {
    /// The verified `oauth_consumer_key`.
    OAUTHSIG_VERIFIED_CONSUMER_KEY = 1,
    /// The verified `oauth_token` (`OAUTHSIG_NOT_FOUND` without one).
    OAUTHSIG_VERIFIED_TOKEN = 2,
    /// `oauth_callback`, if sent.
    OAUTHSIG_VERIFIED_CALLBACK = 3,
    /// `oauth_verifier`, if sent.
    OAUTHSIG_VERIFIED_VERIFIER = 4,
    /// The header realm, if sent.
    OAUTHSIG_VERIFIED_REALM = 5,
    /// The signature method name.
    OAUTHSIG_VERIFIED_SIGNATURE_METHOD = 6,
}

impl TryFrom<u32> for oauthsig_verified_field {
    type Error = InvalidValue;

    fn try_from(value: u32) -> Result<Self, InvalidValue> {
        match value {
            1 => Ok(Self::OAUTHSIG_VERIFIED_CONSUMER_KEY),
            2 => Ok(Self::OAUTHSIG_VERIFIED_TOKEN),
            3 => Ok(Self::OAUTHSIG_VERIFIED_CALLBACK),
            4 => Ok(Self::OAUTHSIG_VERIFIED_VERIFIER),
            5 => Ok(Self::OAUTHSIG_VERIFIED_REALM),
            6 => Ok(Self::OAUTHSIG_VERIFIED_SIGNATURE_METHOD),
            _ => Err(InvalidValue::new("oauthsig_verified_field", value)),
        }
    }
}

fn verified_field(v: &Verified, field: oauthsig_verified_field) -> Result<&str, Failure> {
    use oauthsig_verified_field as F;
    let value = match field {
        F::OAUTHSIG_VERIFIED_CONSUMER_KEY => Some(v.consumer_key()),
        F::OAUTHSIG_VERIFIED_TOKEN => v.token(),
        F::OAUTHSIG_VERIFIED_CALLBACK => v.callback(),
        F::OAUTHSIG_VERIFIED_VERIFIER => v.verifier(),
        F::OAUTHSIG_VERIFIED_REALM => v.realm(),
        F::OAUTHSIG_VERIFIED_SIGNATURE_METHOD => Some(v.signature_method().as_str()),
    };
    value.ok_or_else(|| Failure::not_found("not present in the request"))
}

pub(crate) fn verified_get_field(
    verified: Option<&oauthsig_verified>,
    field: u32,
    mut out: OutBuf<'_>,
) -> Result<(), Failure> {
    let v = required(verified, "verified")?;
    out.write(verified_field(&v.inner, enum_arg(field, "field")?)?.as_bytes())
}

pub(crate) fn verified_parameter_count(
    verified: Option<&oauthsig_verified>,
    count: OutPtr<'_, usize>,
) -> Result<(), Failure> {
    let n = required(verified, "verified")?.inner.parameters().count();
    count.put(n, "count")
}

pub(crate) fn verified_parameter(
    verified: Option<&oauthsig_verified>,
    index: usize,
    mut name: OutBuf<'_>,
    mut value: OutBuf<'_>,
) -> Result<(), Failure> {
    let v = required(verified, "verified")?;
    let p = v
        .inner
        .parameters()
        .nth(index)
        .ok_or_else(|| Failure::not_found("parameter index out of range"))?;
    // Both are attempted, so each length is reported even when the first
    // buffer is too small. Octets: parameters need not be UTF-8 (§3.4.1.3.1).
    let (a, b) = (name.write(&p.name_bytes()), value.write(&p.value_bytes()));
    a.and(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::result::check_c_enum;

    #[test]
    fn lookup_statuses_come_from_c_only_as_declared() {
        use oauthsig_lookup_status as S;
        // 0 is OAUTHSIG_LOOKUP_FOUND.
        let all = [
            S::OAUTHSIG_LOOKUP_FOUND,
            S::OAUTHSIG_LOOKUP_UNKNOWN_CONSUMER,
            S::OAUTHSIG_LOOKUP_UNKNOWN_TOKEN,
            S::OAUTHSIG_LOOKUP_UNAVAILABLE,
        ];
        check_c_enum(&all, |s| s as u32, &[4, u32::MAX]);
        assert_eq!(lookup_outcome(0), Ok(()));
        assert_eq!(lookup_outcome(4), Err(LookupError::Unavailable));
    }

    #[test]
    fn an_answer_gives_the_credential_the_method_needs() {
        use oauthsig_core::RsaPublicKey;
        let pem = include_bytes!("../../../tests/keys/rsa2048.spki.pem");
        let public_key = Arc::new(RsaPublicKey::parse(pem).expect("the test key reads"));
        let secrets = || Some(("cs".to_owned(), "ts".to_owned()));
        let answer = |secrets, public_key| oauthsig_lookup_answer {
            secrets,
            key: None,
            public_key,
        };
        let shown = |a: oauthsig_lookup_answer<'_>, m| format!("{:?}", a.credentials(m));
        let rsa = "Some(Credentials::RsaPublicKey(RsaPublicKey { bits: 2048, .. }))";
        let shared = "Some(Credentials::Secrets(<hidden>))";
        for m in SignatureMethod::ALL {
            // Both kinds answered: the one the method needs.
            let both = answer(secrets(), Some(Arc::clone(&public_key)));
            assert_eq!(shown(both, m), if m.is_rsa() { rsa } else { shared });
            // One kind: that one, for the verifier to refuse when it does
            // not fit.
            assert_eq!(shown(answer(secrets(), None), m), shared);
            let only_rsa = answer(None, Some(Arc::clone(&public_key)));
            assert_eq!(shown(only_rsa, m), rsa);
            assert_eq!(shown(answer(None, None), m), "None");
        }
    }

    #[test]
    fn verified_fields_come_from_c_only_as_declared() {
        use oauthsig_verified_field as F;
        let all = [
            F::OAUTHSIG_VERIFIED_CONSUMER_KEY,
            F::OAUTHSIG_VERIFIED_TOKEN,
            F::OAUTHSIG_VERIFIED_CALLBACK,
            F::OAUTHSIG_VERIFIED_VERIFIER,
            F::OAUTHSIG_VERIFIED_REALM,
            F::OAUTHSIG_VERIFIED_SIGNATURE_METHOD,
        ];
        check_c_enum(&all, |f| f as u32, &[0, 7, u32::MAX]);
    }
}
