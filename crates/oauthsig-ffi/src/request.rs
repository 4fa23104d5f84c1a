//! Request handles: build, sign, and write an OAuth 1.0a request
//! (RFC 5849 §3), and parse an incoming one: the bodies of the
//! `oauthsig_request_*` and `oauthsig_signing_key_*` functions declared in
//! `boundary`.

use crate::boundary::{In, OutBuf, OutPtr, RequestParts};
use crate::credentials::{oauthsig_consumer, oauthsig_token};
use crate::keys::{oauthsig_rsa_private_key, oauthsig_rsa_public_key};
use crate::oneshot::flag;
use crate::result::{Failure, InvalidValue, enum_arg, oauthsig_result, required};
use oauthsig::{BodyHashPolicy, Request, SignatureMethod, SigningKey};
use oauthsig_core::sign::Placement;

/// A signature method, as passed in `uint32_t method` arguments. Values are
/// stable.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oauthsig_signature_method {
    /// `HMAC-SHA1` (RFC 5849 §3.4.2).
    OAUTHSIG_HMAC_SHA1 = 1,
    /// `HMAC-SHA256` (the widely deployed extension).
    OAUTHSIG_HMAC_SHA256 = 2,
    /// `PLAINTEXT` (§3.4.4; only over TLS).
    OAUTHSIG_PLAINTEXT = 3,
    /// `HMAC-SHA512` (an extension: oauthlib, Clever Cloud).
    OAUTHSIG_HMAC_SHA512 = 4,
    /// `RSA-SHA1` (§3.4.3): RSASSA-PKCS1-v1_5 with SHA-1, signed with the
    /// consumer's RSA private key (`oauthsig_consumer_new_rsa`,
    /// `oauthsig_signing_key_new_rsa`) and checked with its public key
    /// (`oauthsig_lookup_answer_public_key`).
    OAUTHSIG_RSA_SHA1 = 5,
    /// `RSA-SHA256` (an extension: Mastercard), keys as for
    /// `OAUTHSIG_RSA_SHA1`.
    OAUTHSIG_RSA_SHA256 = 6,
    /// `RSA-SHA512` (an extension: oauthlib), keys as for
    /// `OAUTHSIG_RSA_SHA1`.
    OAUTHSIG_RSA_SHA512 = 7,
}

impl TryFrom<u32> for oauthsig_signature_method {
    type Error = InvalidValue;

    /// An unknown value is `OAUTHSIG_UNSUPPORTED_SIGNATURE_METHOD`.
    fn try_from(value: u32) -> Result<Self, InvalidValue> {
        match value {
            1 => Ok(Self::OAUTHSIG_HMAC_SHA1),
            2 => Ok(Self::OAUTHSIG_HMAC_SHA256),
            3 => Ok(Self::OAUTHSIG_PLAINTEXT),
            4 => Ok(Self::OAUTHSIG_HMAC_SHA512),
            5 => Ok(Self::OAUTHSIG_RSA_SHA1),
            6 => Ok(Self::OAUTHSIG_RSA_SHA256),
            7 => Ok(Self::OAUTHSIG_RSA_SHA512),
            _ => Err(InvalidValue::new("oauthsig_signature_method", value)
                .reported_as(oauthsig_result::OAUTHSIG_UNSUPPORTED_SIGNATURE_METHOD)),
        }
    }
}

impl From<oauthsig_signature_method> for SignatureMethod {
    fn from(m: oauthsig_signature_method) -> Self {
        use oauthsig_signature_method as M;
        match m {
            M::OAUTHSIG_HMAC_SHA1 => SignatureMethod::HmacSha1,
            M::OAUTHSIG_HMAC_SHA256 => SignatureMethod::HmacSha256,
            M::OAUTHSIG_PLAINTEXT => SignatureMethod::Plaintext,
            M::OAUTHSIG_HMAC_SHA512 => SignatureMethod::HmacSha512,
            M::OAUTHSIG_RSA_SHA1 => SignatureMethod::RsaSha1,
            M::OAUTHSIG_RSA_SHA256 => SignatureMethod::RsaSha256,
            M::OAUTHSIG_RSA_SHA512 => SignatureMethod::RsaSha512,
        }
    }
}

/// When signing adds `oauth_body_hash` (the OAuth Request Body Hash
/// extension), for `oauthsig_request_set_body_hash`.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oauthsig_body_hash {
    /// Only for a request with an opaque (non-form) body. The default.
    OAUTHSIG_BODY_HASH_OPAQUE_BODY = 1,
    /// For every request without a form body, including bodiless ones
    /// (python-oauth2's behaviour).
    OAUTHSIG_BODY_HASH_UNLESS_FORM = 2,
    /// Never.
    OAUTHSIG_BODY_HASH_NEVER = 3,
}

impl TryFrom<u32> for oauthsig_body_hash {
    type Error = InvalidValue;

    fn try_from(value: u32) -> Result<Self, InvalidValue> {
        match value {
            1 => Ok(Self::OAUTHSIG_BODY_HASH_OPAQUE_BODY),
            2 => Ok(Self::OAUTHSIG_BODY_HASH_UNLESS_FORM),
            3 => Ok(Self::OAUTHSIG_BODY_HASH_NEVER),
            _ => Err(InvalidValue::new("oauthsig_body_hash", value)),
        }
    }
}

impl From<oauthsig_body_hash> for BodyHashPolicy {
    fn from(p: oauthsig_body_hash) -> Self {
        match p {
            oauthsig_body_hash::OAUTHSIG_BODY_HASH_OPAQUE_BODY => BodyHashPolicy::OpaqueBody,
            oauthsig_body_hash::OAUTHSIG_BODY_HASH_UNLESS_FORM => BodyHashPolicy::UnlessForm,
            oauthsig_body_hash::OAUTHSIG_BODY_HASH_NEVER => BodyHashPolicy::Never,
        }
    }
}

/// A request being built and signed, or one parsed from an incoming HTTP
/// request. Not thread-safe. Create with `oauthsig_request_new`,
/// `oauthsig_request_from_consumer_and_token`,
/// `oauthsig_request_from_token_and_callback` or `oauthsig_request_parse`;
/// destroy with `oauthsig_request_free`.
pub struct oauthsig_request {
    // `None` only for the instant a builder step owns the request.
    inner: Option<Request>,
}

impl oauthsig_request {
    pub(crate) fn new(inner: Request) -> Self {
        oauthsig_request { inner: Some(inner) }
    }

    /// Puts `signed` in place of the request.
    pub(crate) fn replace(&mut self, signed: Request) -> Result<(), Failure> {
        *self.request_mut()? = signed;
        Ok(())
    }

    pub(crate) fn request(&self) -> Result<&Request, Failure> {
        self.inner.as_ref().ok_or_else(unusable)
    }

    fn request_mut(&mut self) -> Result<&mut Request, Failure> {
        self.inner.as_mut().ok_or_else(unusable)
    }

    /// Applies an infallible consuming builder step in place, without a copy.
    fn update(&mut self, step: impl FnOnce(Request) -> Request) -> Result<(), Failure> {
        let r = self.inner.take().ok_or_else(unusable)?;
        self.inner = Some(step(r));
        Ok(())
    }
}

/// Only reachable if a builder step panicked half-way (a library bug).
fn unusable() -> Failure {
    Failure::fixed(
        oauthsig_result::OAUTHSIG_PANIC,
        "the request was lost to an earlier internal error",
    )
}

/// Where `oauthsig_request_add_param` puts a parameter.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oauthsig_param_location {
    /// Signed and sent with the protocol parameters (an `oauth_*` name) or
    /// in the query/body as the output function decides.
    OAUTHSIG_PARAM_ANY = 0,
    /// Appended to the URL's query.
    OAUTHSIG_PARAM_QUERY = 1,
    /// Appended to the form-encoded body.
    OAUTHSIG_PARAM_FORM = 2,
}

impl TryFrom<u32> for oauthsig_param_location {
    type Error = InvalidValue;

    fn try_from(value: u32) -> Result<Self, InvalidValue> {
        match value {
            0 => Ok(Self::OAUTHSIG_PARAM_ANY),
            1 => Ok(Self::OAUTHSIG_PARAM_QUERY),
            2 => Ok(Self::OAUTHSIG_PARAM_FORM),
            _ => Err(InvalidValue::new("oauthsig_param_location", value)),
        }
    }
}

/// Which protocol parameter `oauthsig_request_set` sets.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oauthsig_protocol_param {
    /// `oauth_nonce` (to reproduce a request; normally generated).
    OAUTHSIG_PARAM_NONCE = 1,
    /// `oauth_timestamp` (decimal seconds).
    OAUTHSIG_PARAM_TIMESTAMP = 2,
    /// `oauth_callback`.
    OAUTHSIG_PARAM_CALLBACK = 3,
    /// `oauth_verifier`.
    OAUTHSIG_PARAM_VERIFIER = 4,
}

impl TryFrom<u32> for oauthsig_protocol_param {
    type Error = InvalidValue;

    fn try_from(value: u32) -> Result<Self, InvalidValue> {
        match value {
            1 => Ok(Self::OAUTHSIG_PARAM_NONCE),
            2 => Ok(Self::OAUTHSIG_PARAM_TIMESTAMP),
            3 => Ok(Self::OAUTHSIG_PARAM_CALLBACK),
            4 => Ok(Self::OAUTHSIG_PARAM_VERIFIER),
            _ => Err(InvalidValue::new("oauthsig_protocol_param", value)),
        }
    }
}

/// A prepared signing key: the HMAC key schedule done once (or an RSA
/// private key prepared for its method's digest), for signing or checking
/// many requests; its method is the signature method. Immutable and
/// thread-safe. Create with `oauthsig_signing_key_new` or
/// `oauthsig_signing_key_new_rsa`, destroy with `oauthsig_signing_key_free`.
pub struct oauthsig_signing_key {
    pub(crate) inner: SigningKey,
}

/// What `oauthsig_request_write` produces.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oauthsig_output {
    /// The `Authorization` header value (`OAuth realm="..", oauth_...`),
    /// without the `Authorization: ` name.
    OAUTHSIG_OUTPUT_HEADER = 1,
    /// The URL with every parameter in the query (§3.5.3).
    OAUTHSIG_OUTPUT_URL = 2,
    /// The form body with every non-query parameter (§3.5.2).
    OAUTHSIG_OUTPUT_POSTDATA = 3,
    /// The signature base string (§3.4.1.1), for debugging.
    OAUTHSIG_OUTPUT_BASE_STRING = 4,
    /// The normalized parameters (§3.4.1.3.2).
    OAUTHSIG_OUTPUT_NORMALIZED_PARAMETERS = 5,
    /// The base string URI (§3.4.1.2).
    OAUTHSIG_OUTPUT_NORMALIZED_URL = 6,
    /// The `oauth_signature` value (base64 for HMAC); `OAUTHSIG_NOT_FOUND`
    /// before signing.
    OAUTHSIG_OUTPUT_SIGNATURE = 7,
}

impl TryFrom<u32> for oauthsig_output {
    type Error = InvalidValue;

    fn try_from(value: u32) -> Result<Self, InvalidValue> {
        match value {
            1 => Ok(Self::OAUTHSIG_OUTPUT_HEADER),
            2 => Ok(Self::OAUTHSIG_OUTPUT_URL),
            3 => Ok(Self::OAUTHSIG_OUTPUT_POSTDATA),
            4 => Ok(Self::OAUTHSIG_OUTPUT_BASE_STRING),
            5 => Ok(Self::OAUTHSIG_OUTPUT_NORMALIZED_PARAMETERS),
            6 => Ok(Self::OAUTHSIG_OUTPUT_NORMALIZED_URL),
            7 => Ok(Self::OAUTHSIG_OUTPUT_SIGNATURE),
            _ => Err(InvalidValue::new("oauthsig_output", value)),
        }
    }
}

pub(crate) fn request_new(
    method: In<'_>,
    url: In<'_>,
    out: OutPtr<'_, *mut oauthsig_request>,
) -> Result<(), Failure> {
    let (m, u) = (method.text()?, url.text()?);
    out.put_handle(oauthsig_request::new(Request::new(m, u)?), "out")
}

pub(crate) fn request_from_consumer_and_token(
    consumer: Option<&oauthsig_consumer>,
    token: Option<&oauthsig_token>,
    method: In<'_>,
    url: In<'_>,
    out: OutPtr<'_, *mut oauthsig_request>,
) -> Result<(), Failure> {
    let c = required(consumer, "consumer")?;
    let (m, u) = (method.text()?, url.text()?);
    let inner = Request::from_consumer_and_token(&c.inner, token.map(|t| &t.inner), m, u)?;
    out.put_handle(oauthsig_request::new(inner), "out")
}

pub(crate) fn request_from_token_and_callback(
    token: Option<&oauthsig_token>,
    callback: In<'_>,
    method: In<'_>,
    url: In<'_>,
    out: OutPtr<'_, *mut oauthsig_request>,
) -> Result<(), Failure> {
    let t = required(token, "token")?;
    let (cb, m, u) = (callback.opt_text()?, method.text()?, url.text()?);
    let inner = Request::from_token_and_callback(&t.inner, cb, m, u)?;
    out.put_handle(oauthsig_request::new(inner), "out")
}

/// The text of an incoming request's parts, checked in C's argument order.
pub(crate) struct Incoming<'a> {
    pub(crate) method: &'a str,
    pub(crate) url: &'a str,
    pub(crate) authorization: Option<&'a str>,
    pub(crate) content_type: Option<&'a str>,
    pub(crate) host: Option<&'a str>,
    pub(crate) body: &'a [u8],
}

impl<'a> Incoming<'a> {
    pub(crate) fn read(parts: RequestParts<'a>) -> Result<Self, Failure> {
        Ok(Incoming {
            method: parts.method.text()?,
            url: parts.url.text()?,
            authorization: parts.authorization.opt_text()?,
            content_type: parts.content_type.opt_text()?,
            host: parts.host.opt_text()?,
            body: parts.body.bytes()?,
        })
    }
}

pub(crate) fn request_parse(
    parts: RequestParts<'_>,
    out: OutPtr<'_, *mut oauthsig_request>,
) -> Result<(), Failure> {
    let i = Incoming::read(parts)?;
    let headers = [
        ("authorization", i.authorization),
        ("content-type", i.content_type),
        ("host", i.host),
    ];
    let present = headers.iter().filter_map(|(n, v)| v.map(|v| (*n, v)));
    let inner = Request::from_request(i.method, i.url, present, i.body, None)?;
    out.put_handle(oauthsig_request::new(inner), "out")
}

pub(crate) fn request_add_param(
    request: Option<&mut oauthsig_request>,
    location: u32,
    name: In<'_>,
    value: In<'_>,
) -> Result<(), Failure> {
    let r = required(request, "request")?;
    let (n, v) = (name.text()?, value.text()?);
    match enum_arg(location, "location")? {
        oauthsig_param_location::OAUTHSIG_PARAM_ANY => r.update(|q| q.param(n, v)),
        oauthsig_param_location::OAUTHSIG_PARAM_QUERY => r.update(|q| q.query_param(n, v)),
        oauthsig_param_location::OAUTHSIG_PARAM_FORM => r.update(|q| q.form_param(n, v)),
    }
}

pub(crate) fn request_set_form_body(
    request: Option<&mut oauthsig_request>,
    body: In<'_>,
) -> Result<(), Failure> {
    let r = required(request, "request")?;
    let b = body.text()?;
    r.request_mut()?.set_form_body(b).map_err(Failure::from)
}

pub(crate) fn request_set_body(
    request: Option<&mut oauthsig_request>,
    body: In<'_>,
    content_type: In<'_>,
) -> Result<(), Failure> {
    let r = required(request, "request")?;
    let (b, ct) = (body.bytes()?, content_type.text()?);
    r.update(|q| q.body(b.to_vec(), ct))
}

pub(crate) fn request_set(
    request: Option<&mut oauthsig_request>,
    which: u32,
    value: In<'_>,
) -> Result<(), Failure> {
    use oauthsig_protocol_param as P;
    let r = required(request, "request")?;
    let v = value.text()?;
    match enum_arg(which, "which")? {
        P::OAUTHSIG_PARAM_NONCE => r.update(|q| q.nonce(v)),
        P::OAUTHSIG_PARAM_TIMESTAMP => r.update(|q| q.timestamp(v)),
        P::OAUTHSIG_PARAM_CALLBACK => r.update(|q| q.callback(v)),
        P::OAUTHSIG_PARAM_VERIFIER => r.update(|q| q.verifier(v)),
    }
}

pub(crate) fn request_set_body_hash(
    request: Option<&mut oauthsig_request>,
    policy: u32,
) -> Result<(), Failure> {
    let r = required(request, "request")?;
    let policy = BodyHashPolicy::from(enum_arg::<oauthsig_body_hash>(policy, "policy")?);
    r.update(|q| q.body_hash(policy))
}

pub(crate) fn request_allow_plaintext_over_http(
    request: Option<&mut oauthsig_request>,
    allow: u8,
) -> Result<(), Failure> {
    let r = required(request, "request")?;
    if flag(allow, "allow")? {
        r.update(Request::allow_plaintext_over_http)
    } else {
        r.update(Request::refuse_plaintext_over_http)
    }
}

pub(crate) fn request_sign(
    request: Option<&mut oauthsig_request>,
    method: u32,
    consumer: Option<&oauthsig_consumer>,
    token: Option<&oauthsig_token>,
) -> Result<(), Failure> {
    let m: SignatureMethod = enum_arg::<oauthsig_signature_method>(method, "method")?.into();
    let r = required(request, "request")?;
    let c = required(consumer, "consumer")?;
    r.request_mut()?
        .sign_in_place(m, &c.inner, token.map(|t| &t.inner))
        .map_err(Failure::from)
}

pub(crate) fn signing_key_new(
    method: u32,
    consumer: Option<&oauthsig_consumer>,
    token: Option<&oauthsig_token>,
    out: OutPtr<'_, *mut oauthsig_signing_key>,
) -> Result<(), Failure> {
    let m: SignatureMethod = enum_arg::<oauthsig_signature_method>(method, "method")?.into();
    let c = required(consumer, "consumer")?;
    let inner = c.inner.signing_key(m, token.map(|t| &t.inner))?;
    out.put_handle(oauthsig_signing_key { inner }, "out")
}

pub(crate) fn signing_key_new_rsa(
    method: u32,
    key: Option<&oauthsig_rsa_private_key>,
    out: OutPtr<'_, *mut oauthsig_signing_key>,
) -> Result<(), Failure> {
    let m: SignatureMethod = enum_arg::<oauthsig_signature_method>(method, "method")?.into();
    let key = required(key, "key")?;
    let inner = SigningKey::rsa(m, &key.inner)?;
    out.put_handle(oauthsig_signing_key { inner }, "out")
}

pub(crate) fn request_sign_with_key(
    request: Option<&mut oauthsig_request>,
    key: Option<&oauthsig_signing_key>,
) -> Result<(), Failure> {
    let r = required(request, "request")?;
    let k = required(key, "key")?;
    r.request_mut()?
        .sign_with_key_in_place(&k.inner)
        .map_err(Failure::from)
}

pub(crate) fn request_check_signature(
    request: Option<&oauthsig_request>,
    consumer: Option<&oauthsig_consumer>,
    token: Option<&oauthsig_token>,
    valid: OutPtr<'_, bool>,
) -> Result<(), Failure> {
    let r = required(request, "request")?;
    let c = required(consumer, "consumer")?;
    let ok = r
        .request()?
        .check_signature(&c.inner, token.map(|t| &t.inner))?;
    valid.put(ok, "valid")
}

pub(crate) fn request_check_signature_with_public_key(
    request: Option<&oauthsig_request>,
    key: Option<&oauthsig_rsa_public_key>,
    valid: OutPtr<'_, bool>,
) -> Result<(), Failure> {
    let r = required(request, "request")?;
    let k = required(key, "key")?;
    let ok = r.request()?.check_signature_with_public_key(&k.inner)?;
    valid.put(ok, "valid")
}

pub(crate) fn request_write(
    request: Option<&oauthsig_request>,
    what: u32,
    realm: In<'_>,
    mut out: OutBuf<'_>,
) -> Result<(), Failure> {
    use oauthsig_output as O;
    let r = required(request, "request")?;
    let (r, what) = (r.request()?, enum_arg(what, "what")?);
    // The realm may lie in the output buffer (this call reads its inputs in
    // full first): it is then copied out before anything is written there,
    // and only the copy is read.
    let copy;
    let realm = match out.refuse_overlap(&[realm]) {
        Ok(()) => realm.opt_text()?,
        Err(_) => {
            copy = realm.opt_text()?.map(str::to_owned);
            copy.as_deref()
        }
    };
    // A placement is written by the engine straight into the caller's
    // buffer; the other forms are texts the request makes.
    let mut placed = |placement| out.stream(|sink| Ok(r.write_placed(placement, sink)?));
    let text = match what {
        O::OAUTHSIG_OUTPUT_HEADER => return placed(Placement::Header { realm }),
        O::OAUTHSIG_OUTPUT_URL => return placed(Placement::Query),
        O::OAUTHSIG_OUTPUT_POSTDATA => return placed(Placement::Form),
        O::OAUTHSIG_OUTPUT_BASE_STRING => r.signature_base_string()?,
        O::OAUTHSIG_OUTPUT_NORMALIZED_PARAMETERS => r.normalized_parameters()?,
        O::OAUTHSIG_OUTPUT_NORMALIZED_URL => r.normalized_url(),
        O::OAUTHSIG_OUTPUT_SIGNATURE => r
            .signature()
            .ok_or_else(|| Failure::not_found("the request is not signed"))?
            .into_owned(),
    };
    out.write(text.as_bytes())
}

pub(crate) fn request_get(
    request: Option<&oauthsig_request>,
    name: In<'_>,
    mut out: OutBuf<'_>,
) -> Result<(), Failure> {
    let r = required(request, "request")?;
    let name = name.text()?;
    let value = r
        .request()?
        .get_bytes(name)
        .ok_or_else(|| Failure::not_found("no such parameter"))?;
    out.write(&value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::result::check_c_enum;

    #[test]
    fn signature_methods_come_from_c_only_as_declared() {
        use oauthsig_signature_method as M;
        let all = [
            M::OAUTHSIG_HMAC_SHA1,
            M::OAUTHSIG_HMAC_SHA256,
            M::OAUTHSIG_PLAINTEXT,
            M::OAUTHSIG_HMAC_SHA512,
            M::OAUTHSIG_RSA_SHA1,
            M::OAUTHSIG_RSA_SHA256,
            M::OAUTHSIG_RSA_SHA512,
        ];
        check_c_enum(&all, |m| m as u32, &[0, 8, u32::MAX]);
        // Each C value names a different method, and every method of this
        // build has one.
        let methods: Vec<SignatureMethod> = all.iter().map(|&m| m.into()).collect();
        for m in SignatureMethod::ALL {
            assert_eq!(methods.iter().filter(|&&n| n == m).count(), 1, "{m}");
        }
        let f = enum_arg::<oauthsig_signature_method>(17, "method").unwrap_err();
        assert_eq!(
            f.code,
            oauthsig_result::OAUTHSIG_UNSUPPORTED_SIGNATURE_METHOD
        );
        assert_eq!(
            f.to_string(),
            "method: 17 is not an oauthsig_signature_method value"
        );
    }

    #[test]
    fn body_hash_policies_come_from_c_only_as_declared() {
        use oauthsig_body_hash as P;
        let all = [
            P::OAUTHSIG_BODY_HASH_OPAQUE_BODY,
            P::OAUTHSIG_BODY_HASH_UNLESS_FORM,
            P::OAUTHSIG_BODY_HASH_NEVER,
        ];
        check_c_enum(&all, |p| p as u32, &[0, 4, u32::MAX]);
    }

    #[test]
    fn param_locations_come_from_c_only_as_declared() {
        use oauthsig_param_location as L;
        // 0 is OAUTHSIG_PARAM_ANY.
        let all = [
            L::OAUTHSIG_PARAM_ANY,
            L::OAUTHSIG_PARAM_QUERY,
            L::OAUTHSIG_PARAM_FORM,
        ];
        check_c_enum(&all, |l| l as u32, &[3, u32::MAX]);
    }

    #[test]
    fn protocol_params_come_from_c_only_as_declared() {
        use oauthsig_protocol_param as P;
        let all = [
            P::OAUTHSIG_PARAM_NONCE,
            P::OAUTHSIG_PARAM_TIMESTAMP,
            P::OAUTHSIG_PARAM_CALLBACK,
            P::OAUTHSIG_PARAM_VERIFIER,
        ];
        check_c_enum(&all, |p| p as u32, &[0, 5, u32::MAX]);
    }

    #[test]
    fn outputs_come_from_c_only_as_declared() {
        use oauthsig_output as O;
        let all = [
            O::OAUTHSIG_OUTPUT_HEADER,
            O::OAUTHSIG_OUTPUT_URL,
            O::OAUTHSIG_OUTPUT_POSTDATA,
            O::OAUTHSIG_OUTPUT_BASE_STRING,
            O::OAUTHSIG_OUTPUT_NORMALIZED_PARAMETERS,
            O::OAUTHSIG_OUTPUT_NORMALIZED_URL,
            O::OAUTHSIG_OUTPUT_SIGNATURE,
        ];
        check_c_enum(&all, |o| o as u32, &[0, 8, u32::MAX]);
    }
}
