//! `oauthsig_fw_verify`: every state-free check of RFC 5849 §3.2 on an
//! incoming request, by core's `verify::verify`.

use crate::boundary::{CheckOut, IncomingView};
use crate::oauthsig_fw_str;
use crate::result::{Failure, oauthsig_fw_result};
use crate::sign::oauthsig_fw_signature_method;
use oauthsig_core::SigningKey;
use oauthsig_core::verify::{self, Incoming, Policy, Rejection};

/// A request as a server received it, with the secrets to check it with.
/// Optional fields are absent when `ptr` is NULL.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oauthsig_fw_incoming {
    /// The HTTP method as received.
    pub method: oauthsig_fw_str,
    /// The absolute request URL as received (scheme, host, path, query).
    pub url: oauthsig_fw_str,
    /// Optional: the `Authorization` header value.
    pub authorization: oauthsig_fw_str,
    /// Optional: the `Content-Type` header value; the body's parameters
    /// are signed when it is `application/x-www-form-urlencoded`.
    pub content_type: oauthsig_fw_str,
    /// The body as received (any bytes; `{NULL, 0}` for none).
    pub body: oauthsig_fw_str,
    /// The consumer secret of the request's consumer key.
    pub consumer_secret: oauthsig_fw_str,
    /// The token secret of its token; empty without a token.
    pub token_secret: oauthsig_fw_str,
    /// Optional: the realm the `Authorization` header must carry; absent
    /// accepts any.
    pub realm: oauthsig_fw_str,
}

/// Which check `oauthsig_fw_verify` stopped at, stored in its `*check`.
/// The checks run in this order. Values are stable.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oauthsig_fw_check {
    /// Every check passed (`OAUTHSIG_FW_OK`), or none ran because an
    /// argument was refused.
    OAUTHSIG_FW_CHECK_NONE = 0,
    /// The request does not parse: the URL, the `Authorization` header, a
    /// percent escape, or more query, form and header parameters than the
    /// library holds.
    OAUTHSIG_FW_CHECK_PARSE = 1,
    /// A required protocol parameter is missing (§3.1).
    OAUTHSIG_FW_CHECK_MISSING_PARAMETER = 2,
    /// A protocol parameter appears more than once.
    OAUTHSIG_FW_CHECK_DUPLICATE_PARAMETER = 3,
    /// Protocol parameters come from more than one location (§3.5).
    OAUTHSIG_FW_CHECK_MIXED_LOCATIONS = 4,
    /// `oauth_version` is present and not `1.0`.
    OAUTHSIG_FW_CHECK_VERSION = 5,
    /// The signature method is unknown, not the one accepted, or PLAINTEXT
    /// over plain http.
    OAUTHSIG_FW_CHECK_SIGNATURE_METHOD = 6,
    /// `oauth_timestamp` is not a positive decimal integer.
    OAUTHSIG_FW_CHECK_TIMESTAMP = 7,
    /// `oauth_timestamp` is older than `now - window`.
    OAUTHSIG_FW_CHECK_STALE_TIMESTAMP = 8,
    /// `oauth_timestamp` is later than `now + window`.
    OAUTHSIG_FW_CHECK_FUTURE_TIMESTAMP = 9,
    /// `oauth_nonce` is outside the length or character limits.
    OAUTHSIG_FW_CHECK_NONCE = 10,
    /// The header's realm is not the one required.
    OAUTHSIG_FW_CHECK_REALM = 11,
    /// The signature does not match (compared in constant time).
    OAUTHSIG_FW_CHECK_SIGNATURE = 12,
    /// `oauth_body_hash` is on a form body, or does not match the body.
    OAUTHSIG_FW_CHECK_BODY_HASH = 13,
}

impl oauthsig_fw_check {
    /// The check that gave `rejection`.
    const fn of(rejection: Rejection) -> Self {
        use oauthsig_fw_check as C;
        match rejection {
            Rejection::MissingParameter(_) => C::OAUTHSIG_FW_CHECK_MISSING_PARAMETER,
            Rejection::DuplicateParameter(_) => C::OAUTHSIG_FW_CHECK_DUPLICATE_PARAMETER,
            Rejection::MixedLocations { .. } => C::OAUTHSIG_FW_CHECK_MIXED_LOCATIONS,
            Rejection::UnsupportedVersion => C::OAUTHSIG_FW_CHECK_VERSION,
            Rejection::UnsupportedSignatureMethod
            | Rejection::SignatureMethodNotAllowed(_)
            | Rejection::PlaintextOverHttp => C::OAUTHSIG_FW_CHECK_SIGNATURE_METHOD,
            Rejection::InvalidTimestamp => C::OAUTHSIG_FW_CHECK_TIMESTAMP,
            Rejection::StaleTimestamp => C::OAUTHSIG_FW_CHECK_STALE_TIMESTAMP,
            Rejection::FutureTimestamp => C::OAUTHSIG_FW_CHECK_FUTURE_TIMESTAMP,
            Rejection::InvalidNonce => C::OAUTHSIG_FW_CHECK_NONCE,
            Rejection::WrongRealm => C::OAUTHSIG_FW_CHECK_REALM,
            Rejection::BodyHashOnFormBody | Rejection::BodyHashMismatch => {
                C::OAUTHSIG_FW_CHECK_BODY_HASH
            }
            // BadSignature; the key-kind checks, which cannot fail here (the
            // key is made for the one method accepted, checked before);
            // and whatever core adds: refused as a bad signature.
            _ => C::OAUTHSIG_FW_CHECK_SIGNATURE,
        }
    }
}

/// The body of `oauthsig_fw_verify`: the key prepared from the secrets for
/// `method`, the only method accepted, and core's checks with the window
/// `now ± window` seconds.
pub(crate) fn verify(
    incoming: Option<IncomingView<'_>>,
    method: u32,
    now: u64,
    window: u64,
    check: CheckOut<'_>,
) -> oauthsig_fw_result {
    let (code, failed) = match verify_inner(incoming, method, now, window) {
        Ok(()) => (
            oauthsig_fw_result::OAUTHSIG_FW_OK,
            oauthsig_fw_check::OAUTHSIG_FW_CHECK_NONE,
        ),
        Err(Verdict::Argument(f)) => (
            crate::result::code(Err(f)),
            oauthsig_fw_check::OAUTHSIG_FW_CHECK_NONE,
        ),
        Err(Verdict::Malformed) => (
            oauthsig_fw_result::OAUTHSIG_FW_VERIFY_BAD_REQUEST,
            oauthsig_fw_check::OAUTHSIG_FW_CHECK_PARSE,
        ),
        Err(Verdict::Rejected(r)) => {
            let code = match r.http_status() {
                401 => oauthsig_fw_result::OAUTHSIG_FW_VERIFY_UNAUTHORIZED,
                400 => oauthsig_fw_result::OAUTHSIG_FW_VERIFY_BAD_REQUEST,
                // A key for another method than the request's: the
                // caller's fault (unreachable, see `oauthsig_fw_check::of`).
                _ => oauthsig_fw_result::OAUTHSIG_FW_INVALID_ARGUMENT,
            };
            (code, oauthsig_fw_check::of(r))
        }
    };
    check.put(failed);
    code
}

/// Why a verification did not pass.
enum Verdict {
    /// An argument was refused; nothing was checked.
    Argument(Failure),
    /// The request does not parse.
    Malformed,
    /// A check refused it.
    Rejected(Rejection),
}

impl From<Failure> for Verdict {
    fn from(f: Failure) -> Self {
        Verdict::Argument(f)
    }
}

impl From<oauthsig_fw_result> for Verdict {
    fn from(code: oauthsig_fw_result) -> Self {
        Verdict::Argument(Failure::Code(code))
    }
}

fn verify_inner(
    incoming: Option<IncomingView<'_>>,
    method: u32,
    now: u64,
    window: u64,
) -> Result<(), Verdict> {
    let i = incoming.ok_or(oauthsig_fw_result::OAUTHSIG_FW_NULL_ARGUMENT)?;
    let method = oauthsig_fw_signature_method::from_u32(method)?;
    let mut request = Incoming::new(i.method.text()?, i.url.text()?);
    if let Some(authorization) = i.authorization.opt_text()? {
        request = request.authorization(authorization);
    }
    if let Some(content_type) = i.content_type.opt_text()? {
        request = request.content_type(content_type);
    }
    let request = request.body(i.body.bytes()?);
    let consumer_secret = i.consumer_secret.text()?;
    let token_secret = i.token_secret.text()?;
    let realm = i.realm.opt_text()?;
    let key = SigningKey::new(method, consumer_secret, token_secret).map_err(Failure::from)?;
    let methods = [method];
    let policy = Policy::new(&methods).window(window).realm(realm);
    match verify::verify(&request, &policy, &key, now) {
        Ok(_) => Ok(()),
        Err(verify::Failure::Rejected(r)) => Err(Verdict::Rejected(r)),
        // Malformed, and whatever core adds.
        Err(_) => Err(Verdict::Malformed),
    }
}
