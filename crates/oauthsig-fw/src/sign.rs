//! `oauthsig_fw_sign`: one request signed by core's engine
//! (`sign::sign_to_slice`) straight into the caller's buffer.

use crate::boundary::{OutBuf, RequestView};
use crate::oauthsig_fw_str;
use crate::result::{Failure, oauthsig_fw_result};
use oauthsig_core::{Body, HttpRequest, Placement, Protocol, SignatureMethod, SigningKey, sign};

/// A signature method, as passed in `uint32_t method` arguments. The values
/// are `oauthsig_signature_method`'s in `oauthsig.h`; the RSA methods (5 to
/// 7 there) need a heap and are not in this library.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oauthsig_fw_signature_method {
    /// `HMAC-SHA1` (RFC 5849 §3.4.2).
    OAUTHSIG_FW_HMAC_SHA1 = 1,
    /// `HMAC-SHA256` (the widely deployed extension).
    OAUTHSIG_FW_HMAC_SHA256 = 2,
    /// `PLAINTEXT` (§3.4.4; only over TLS).
    OAUTHSIG_FW_PLAINTEXT = 3,
    /// `HMAC-SHA512` (an extension: oauthlib, Clever Cloud).
    OAUTHSIG_FW_HMAC_SHA512 = 4,
}

impl oauthsig_fw_signature_method {
    /// The method C passed as `value`; an unknown value is
    /// `OAUTHSIG_FW_UNSUPPORTED_SIGNATURE_METHOD` (a method this build left
    /// out is refused the same way, by core, when the key is made).
    pub(crate) fn from_u32(value: u32) -> Result<SignatureMethod, Failure> {
        use oauthsig_fw_signature_method as M;
        let method = match value {
            1 => M::OAUTHSIG_FW_HMAC_SHA1,
            2 => M::OAUTHSIG_FW_HMAC_SHA256,
            3 => M::OAUTHSIG_FW_PLAINTEXT,
            4 => M::OAUTHSIG_FW_HMAC_SHA512,
            _ => return Err(oauthsig_fw_result::OAUTHSIG_FW_UNSUPPORTED_SIGNATURE_METHOD.into()),
        };
        Ok(match method {
            M::OAUTHSIG_FW_HMAC_SHA1 => SignatureMethod::HmacSha1,
            M::OAUTHSIG_FW_HMAC_SHA256 => SignatureMethod::HmacSha256,
            M::OAUTHSIG_FW_PLAINTEXT => SignatureMethod::Plaintext,
            M::OAUTHSIG_FW_HMAC_SHA512 => SignatureMethod::HmacSha512,
        })
    }
}

/// Where `oauthsig_fw_sign` puts the protocol parameters (RFC 5849 §3.5),
/// as passed in its `uint32_t placement` argument. The values are
/// `oauthsig_placement`'s in `oauthsig.h`.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oauthsig_fw_placement {
    /// The `Authorization` header value (§3.5.1): `OAuth realm="..",
    /// oauth_...="..", oauth_signature=".."`, without the
    /// `Authorization: ` name; the realm, when given, comes first.
    OAUTHSIG_FW_PLACEMENT_HEADER = 1,
    /// The request URL with the protocol parameters appended to its query
    /// (§3.5.3).
    OAUTHSIG_FW_PLACEMENT_URL = 2,
    /// The form body with the protocol parameters appended (§3.5.2); only
    /// for a request with a form body or none.
    OAUTHSIG_FW_PLACEMENT_FORM = 3,
}

impl oauthsig_fw_placement {
    /// The placement C passed as `value`, with the realm for the header;
    /// an unknown value is `OAUTHSIG_FW_INVALID_ARGUMENT`.
    fn from_u32(value: u32, realm: Option<&str>) -> Result<Placement<'_>, Failure> {
        use oauthsig_fw_placement as P;
        let placement = match value {
            1 => P::OAUTHSIG_FW_PLACEMENT_HEADER,
            2 => P::OAUTHSIG_FW_PLACEMENT_URL,
            3 => P::OAUTHSIG_FW_PLACEMENT_FORM,
            _ => return Err(oauthsig_fw_result::OAUTHSIG_FW_INVALID_ARGUMENT.into()),
        };
        Ok(match placement {
            P::OAUTHSIG_FW_PLACEMENT_HEADER => Placement::Header { realm },
            P::OAUTHSIG_FW_PLACEMENT_URL => Placement::Query,
            P::OAUTHSIG_FW_PLACEMENT_FORM => Placement::Form,
        })
    }
}

/// A request to sign. Optional fields are absent when `ptr` is NULL. A
/// zeroed struct (`memset(&r, 0, sizeof r)`) has no field set.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oauthsig_fw_request {
    /// The HTTP method (`POST`).
    pub method: oauthsig_fw_str,
    /// The absolute request URL; its query parameters are signed.
    pub url: oauthsig_fw_str,
    /// Optional: an `application/x-www-form-urlencoded` body as sent; its
    /// parameters are signed. Leave absent for any other body.
    pub form_body: oauthsig_fw_str,
    /// `oauth_consumer_key`.
    pub consumer_key: oauthsig_fw_str,
    /// The consumer secret (bytes of UTF-8 text).
    pub consumer_secret: oauthsig_fw_str,
    /// Optional: `oauth_token`.
    pub token: oauthsig_fw_str,
    /// The token secret; empty without a token.
    pub token_secret: oauthsig_fw_str,
    /// `oauth_timestamp`: seconds since 1970 as decimal text
    /// (`oauthsig_fw_timestamp` writes it from the caller's clock; the
    /// library has no clock). Absent only with PLAINTEXT, which may omit
    /// it (§3.4.4): a server refuses other methods without it.
    pub timestamp: oauthsig_fw_str,
    /// `oauth_nonce` (`oauthsig_fw_nonce` draws one from the caller's
    /// random source; the library has none). Absent only with PLAINTEXT,
    /// as the timestamp.
    pub nonce: oauthsig_fw_str,
    /// Optional: the realm written first in the `Authorization` header
    /// (never signed; only with `OAUTHSIG_FW_PLACEMENT_HEADER`).
    pub realm: oauthsig_fw_str,
    /// Optional: `oauth_callback`.
    pub callback: oauthsig_fw_str,
    /// Optional: `oauth_verifier`.
    pub verifier: oauthsig_fw_str,
    /// 1 to send `oauth_version="1.0"` (optional in RFC 5849), 0 not to;
    /// any other value is `OAUTHSIG_FW_INVALID_ARGUMENT`.
    pub include_version: u8,
    /// 1 lets PLAINTEXT sign to an `http://` URL, sending the secrets in
    /// clear; 0 (a zeroed struct) refuses it with
    /// `OAUTHSIG_FW_PLAINTEXT_OVER_HTTP` (RFC 5849 §3.4.4 requires TLS);
    /// any other value is `OAUTHSIG_FW_INVALID_ARGUMENT`. Other methods and
    /// `https://` URLs are not affected.
    pub allow_plaintext_over_http: u8,
}

/// A C `uint8_t` flag: 0 or 1, anything else refused (never read as a
/// Rust `bool`, for which another byte is undefined behaviour).
fn flag(value: u8) -> Result<bool, Failure> {
    match value {
        0 => Ok(false),
        1 => Ok(true),
        _ => Err(oauthsig_fw_result::OAUTHSIG_FW_INVALID_ARGUMENT.into()),
    }
}

/// The body of `oauthsig_fw_sign`: the key prepared from the secrets for
/// `method`, the request signed with it and written as `placement` says.
/// The fields are read in the struct's order.
pub(crate) fn sign(
    request: Option<RequestView<'_>>,
    method: u32,
    placement: u32,
    out: OutBuf<'_>,
) -> oauthsig_fw_result {
    let inputs = request.as_ref().map(RequestView::inputs);
    out.fill(inputs.as_ref().map_or(&[], |i| &i[..]), |buf| {
        let r = request.ok_or(oauthsig_fw_result::OAUTHSIG_FW_NULL_ARGUMENT)?;
        let method = oauthsig_fw_signature_method::from_u32(method)?;
        let body = r.form_body.opt_text()?.map_or(Body::None, Body::Form);
        let mut request = HttpRequest::new(r.method.text()?, r.url.text()?).body(body);
        let mut protocol = Protocol::new(r.consumer_key.text()?);
        let consumer_secret = r.consumer_secret.text()?;
        if let Some(token) = r.token.opt_text()? {
            protocol = protocol.token(token);
        }
        let token_secret = r.token_secret.text()?;
        if let Some(timestamp) = r.timestamp.opt_text()? {
            protocol = protocol.timestamp(timestamp);
        }
        if let Some(nonce) = r.nonce.opt_text()? {
            protocol = protocol.nonce(nonce);
        }
        let realm = r.realm.opt_text()?;
        if let Some(callback) = r.callback.opt_text()? {
            protocol = protocol.callback(callback);
        }
        if let Some(verifier) = r.verifier.opt_text()? {
            protocol = protocol.verifier(verifier);
        }
        protocol = protocol.version(flag(r.include_version)?);
        // §3.4.4: PLAINTEXT over plain http only when the caller opts in.
        if flag(r.allow_plaintext_over_http)? {
            request = request.allow_plaintext_over_http();
        }
        let placement = oauthsig_fw_placement::from_u32(placement, realm)?;
        let key = SigningKey::new(method, consumer_secret, token_secret)?;
        let written = sign::sign_to_slice(&request, &protocol, &key, placement, buf)?;
        Ok(written.len())
    })
}
