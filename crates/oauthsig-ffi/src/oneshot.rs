//! One-shot signing for C callers that sign many requests: borrowed inputs,
//! a prepared key, and one call to oauthsig-core's engine
//! (`sign::sign_to_slice`), which writes straight into the caller's buffer.
//! The protocol (parameter collection and order, base string, body hash,
//! where the parameters go) is the engine's; this module only reads C's
//! fields, supplies a fresh nonce and timestamp when C leaves them out, and
//! keeps the buffer convention. Nothing on this path allocates, but an RSA
//! signature (its big-number arithmetic and its text).

use crate::boundary::{In, OutBuf, SignInput, SignRequest};
use crate::request::oauthsig_signing_key;
use crate::result::{Failure, InvalidValue, enum_arg, oauthsig_result, required};
use oauthsig_core::sign::{self, CAPACITY, Signed};
use oauthsig_core::{
    Body, Error, HttpRequest, Param, Placement, Protocol, ProtocolParam, Render, SignatureMethod,
    SigningKey, Text,
};

/// A borrowed string of bytes: `ptr` to `len` bytes, not necessarily
/// NUL-terminated. Fields that hold text must be UTF-8; an opaque body may
/// be any bytes. `{NULL, 0}` means "absent" where a field allows it, and
/// "empty" elsewhere.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oauthsig_str {
    /// The bytes (may be NULL when `len` is 0).
    pub ptr: *const u8,
    /// The length in bytes.
    pub len: usize,
}

/// The parts of a request for `oauthsig_sign_header`. Fields marked
/// optional are absent when `ptr` is NULL. (`oauthsig_sign` takes an
/// `oauthsig_sign_request`, which also carries opaque bodies and body
/// hashes.)
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oauthsig_sign_input {
    /// The HTTP method.
    pub method: oauthsig_str,
    /// The absolute request URL (its query parameters are signed).
    pub url: oauthsig_str,
    /// Optional: a form-encoded (`application/x-www-form-urlencoded`) body,
    /// whose parameters are signed. Leave absent for other bodies.
    pub form_body: oauthsig_str,
    /// `oauth_consumer_key`.
    pub consumer_key: oauthsig_str,
    /// Optional: `oauth_token`.
    pub token: oauthsig_str,
    /// Optional: `oauth_timestamp`; absent means "now".
    pub timestamp: oauthsig_str,
    /// Optional: `oauth_nonce`; absent means a fresh 30-character CSPRNG
    /// nonce.
    pub nonce: oauthsig_str,
    /// Optional: `oauth_callback`.
    pub callback: oauthsig_str,
    /// Optional: `oauth_verifier`.
    pub verifier: oauthsig_str,
    /// Optional: the realm written first in the header (never signed).
    pub realm: oauthsig_str,
    /// 1 to send `oauth_version="1.0"` (optional in RFC 5849), 0 not to;
    /// any other value is `OAUTHSIG_INVALID_ARGUMENT`.
    pub include_version: u8,
    /// 1 lets PLAINTEXT sign to an `http://` URL, sending the secrets in
    /// clear; 0 (a zeroed struct) refuses it with
    /// `OAUTHSIG_PLAINTEXT_OVER_HTTP` (RFC 5849 §3.4.4 requires TLS); any
    /// other value is `OAUTHSIG_INVALID_ARGUMENT`. Other methods and
    /// `https://` URLs are not affected.
    pub allow_plaintext_over_http: u8,
}

/// Where `oauthsig_sign` puts the protocol parameters (RFC 5849 §3.5), as
/// passed in its `uint32_t placement` argument. Values are stable.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oauthsig_placement {
    /// The `Authorization` header value (§3.5.1): `OAuth realm="..",
    /// oauth_...="..", oauth_signature=".."`, without the
    /// `Authorization: ` name; the realm, when given, comes first.
    OAUTHSIG_PLACEMENT_HEADER = 1,
    /// The request URL with the protocol parameters appended to its query
    /// (§3.5.3); the query as given is kept byte for byte, a fragment stays
    /// last.
    OAUTHSIG_PLACEMENT_URL = 2,
    /// The form body with the protocol parameters appended (§3.5.2); only
    /// for `OAUTHSIG_BODY_NONE` and `OAUTHSIG_BODY_FORM` (otherwise
    /// `OAUTHSIG_BAD_REQUEST`).
    OAUTHSIG_PLACEMENT_FORM = 3,
}

impl TryFrom<u32> for oauthsig_placement {
    type Error = InvalidValue;

    fn try_from(value: u32) -> Result<Self, InvalidValue> {
        match value {
            1 => Ok(Self::OAUTHSIG_PLACEMENT_HEADER),
            2 => Ok(Self::OAUTHSIG_PLACEMENT_URL),
            3 => Ok(Self::OAUTHSIG_PLACEMENT_FORM),
            _ => Err(InvalidValue::new("oauthsig_placement", value)),
        }
    }
}

/// What the `body` of an `oauthsig_sign_request` is, as its `uint32_t
/// body_kind` field holds it. Values are stable; 0 (a zeroed struct) is a
/// request without a signed body.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oauthsig_body_kind {
    /// No body, or one the signature does not cover: `body` must be empty.
    OAUTHSIG_BODY_NONE = 0,
    /// An `application/x-www-form-urlencoded` body, as sent (UTF-8 text):
    /// its parameters are signed (§3.4.1.3.1).
    OAUTHSIG_BODY_FORM = 1,
    /// Any other body, as sent (any bytes): signed through
    /// `oauth_body_hash`, the base64 SHA-1 of these bytes (the OAuth Request
    /// Body Hash extension). An empty `body` hashes the empty body.
    OAUTHSIG_BODY_OPAQUE = 2,
    /// `body` is the `oauth_body_hash` value itself, already computed (a
    /// body hashed while it was streamed, or a provider that wants
    /// SHA-256).
    OAUTHSIG_BODY_PRECOMPUTED_HASH = 3,
}

impl TryFrom<u32> for oauthsig_body_kind {
    type Error = InvalidValue;

    fn try_from(value: u32) -> Result<Self, InvalidValue> {
        match value {
            0 => Ok(Self::OAUTHSIG_BODY_NONE),
            1 => Ok(Self::OAUTHSIG_BODY_FORM),
            2 => Ok(Self::OAUTHSIG_BODY_OPAQUE),
            3 => Ok(Self::OAUTHSIG_BODY_PRECOMPUTED_HASH),
            _ => Err(InvalidValue::new("oauthsig_body_kind", value)),
        }
    }
}

/// The parts of a request for `oauthsig_sign`. Fields marked optional are
/// absent when `ptr` is NULL. A zeroed struct (`memset(&r, 0, sizeof r)`)
/// is a request without any field set and without a body.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oauthsig_sign_request {
    /// The HTTP method.
    pub method: oauthsig_str,
    /// The absolute request URL (its query parameters are signed).
    pub url: oauthsig_str,
    /// What `body` is: an `oauthsig_body_kind` value.
    pub body_kind: u32,
    /// The body as `body_kind` says: form text, opaque bytes, or the body
    /// hash. Must be empty for `OAUTHSIG_BODY_NONE`.
    pub body: oauthsig_str,
    /// `oauth_consumer_key`.
    pub consumer_key: oauthsig_str,
    /// Optional: `oauth_token`.
    pub token: oauthsig_str,
    /// Optional: `oauth_timestamp`; absent means "now".
    pub timestamp: oauthsig_str,
    /// Optional: `oauth_nonce`; absent means a fresh 30-character CSPRNG
    /// nonce.
    pub nonce: oauthsig_str,
    /// Optional: `oauth_callback`.
    pub callback: oauthsig_str,
    /// Optional: `oauth_verifier`.
    pub verifier: oauthsig_str,
    /// 1 to send `oauth_version=1.0` (optional in RFC 5849), 0 not to; any
    /// other value is `OAUTHSIG_INVALID_ARGUMENT`.
    pub include_version: u8,
    /// 1 lets PLAINTEXT sign to an `http://` URL, sending the secrets in
    /// clear; 0 (a zeroed struct) refuses it with
    /// `OAUTHSIG_PLAINTEXT_OVER_HTTP` (RFC 5849 §3.4.4 requires TLS); any
    /// other value is `OAUTHSIG_INVALID_ARGUMENT`. Other methods and
    /// `https://` URLs are not affected.
    pub allow_plaintext_over_http: u8,
}

/// The most query and form body parameters the one-shot calls hold (on the
/// stack); more is `OAUTHSIG_INVALID_ARGUMENT` (sign with an
/// `oauthsig_request` instead).
const MAX_PARAMS: usize = 64;

/// The size to answer "too small" with when the output holds a signature
/// made with a fresh nonce or timestamp: the retry signs anew, and its
/// signature's percent-encoded length differs from this one's by its `+` and
/// `/` (three bytes each). Each base64 letter or digit of `signature` could
/// have been one of them, so `len` grows by two bytes per letter or digit.
/// The signature text's length and its `=` padding are the same on every
/// call: fixed by the digest size for HMAC, by the modulus for RSA (an
/// 8192-bit key's signature is 1368 characters, up to 4104 bytes encoded).
/// Answering `len` itself would break the buffer convention's promise that a
/// retry with `*out_len + 1` bytes fits (it did, about two times in three).
pub(crate) fn size_for_any_signature(len: usize, signature: &str) -> usize {
    len + 2 * signature.bytes().filter(u8::is_ascii_alphanumeric).count()
}

/// A one-shot request as the engine takes it, read (text checked to be
/// UTF-8) in the order of the C struct's fields, so the first bad field is
/// the one reported.
struct Parts<'a> {
    request: HttpRequest<'a>,
    values: Values<'a>,
}

/// The protocol values as C gave them; a timestamp or nonce left out is
/// made when the request is signed.
struct Values<'a> {
    consumer_key: &'a str,
    token: Option<&'a str>,
    timestamp: Option<&'a str>,
    nonce: Option<&'a str>,
    callback: Option<&'a str>,
    verifier: Option<&'a str>,
    version: bool,
}

impl<'a> Values<'a> {
    /// The engine's protocol values, with this `timestamp` and `nonce`.
    fn protocol(&self, timestamp: &'a str, nonce: &'a str) -> Protocol<'a> {
        let mut protocol = Protocol::new(self.consumer_key)
            .version(self.version)
            .timestamp(timestamp)
            .nonce(nonce);
        let optional = [
            (ProtocolParam::Token, self.token),
            (ProtocolParam::Callback, self.callback),
            (ProtocolParam::Verifier, self.verifier),
        ];
        for (param, value) in optional {
            if let Some(v) = value {
                protocol.set(param, Text::raw(v));
            }
        }
        protocol
    }
}

impl<'a> Parts<'a> {
    /// The fields of an `oauthsig_sign_request`.
    fn of_request(r: &SignRequest<'a>) -> Result<Self, Failure> {
        let (method, url) = (r.method.text()?, r.url.text()?);
        let body = body(enum_arg(r.body_kind, "body_kind")?, r.body)?;
        let request = transport(
            HttpRequest::new(method, url).body(body),
            r.allow_plaintext_over_http,
        )?;
        let protocol = [
            r.consumer_key,
            r.token,
            r.timestamp,
            r.nonce,
            r.callback,
            r.verifier,
        ];
        Self::with_protocol(request, protocol, r.include_version)
    }

    /// The fields of an `oauthsig_sign_input`, and its realm.
    fn of_input(i: &SignInput<'a>) -> Result<(Self, Option<&'a str>), Failure> {
        let (method, url) = (i.method.text()?, i.url.text()?);
        let body = i.form_body.opt_text()?.map_or(Body::None, Body::Form);
        let request = transport(
            HttpRequest::new(method, url).body(body),
            i.allow_plaintext_over_http,
        )?;
        let protocol = [
            i.consumer_key,
            i.token,
            i.timestamp,
            i.nonce,
            i.callback,
            i.verifier,
        ];
        let parts = Self::with_protocol(request, protocol, i.include_version)?;
        Ok((parts, i.realm.opt_text()?))
    }

    /// `request` with the protocol fields: consumer key, token, timestamp,
    /// nonce, callback and verifier, read in that order (the structs').
    fn with_protocol(
        request: HttpRequest<'a>,
        [consumer_key, token, timestamp, nonce, callback, verifier]: [In<'a>; 6],
        include_version: u8,
    ) -> Result<Self, Failure> {
        let version = flag(include_version, "include_version")?;
        let values = Values {
            consumer_key: consumer_key.text()?,
            token: token.opt_text()?,
            timestamp: timestamp.opt_text()?,
            nonce: nonce.opt_text()?,
            callback: callback.opt_text()?,
            verifier: verifier.opt_text()?,
            version,
        };
        Ok(Parts { request, values })
    }
}

/// A C `uint8_t` flag: 0 or 1; anything else is refused rather than read
/// as a Rust `bool` (a byte other than 0 or 1 in a `bool` is undefined
/// behaviour).
pub(crate) fn flag(value: u8, what: &'static str) -> Result<bool, Failure> {
    match value {
        0 => Ok(false),
        1 => Ok(true),
        _ => Err(Failure::invalid(what, "must be 0 or 1")),
    }
}

/// `request`, allowed to sign PLAINTEXT over plain http when C's flag says
/// so (§3.4.4: otherwise the engine refuses it).
fn transport(request: HttpRequest<'_>, allow: u8) -> Result<HttpRequest<'_>, Failure> {
    Ok(if flag(allow, "allow_plaintext_over_http")? {
        request.allow_plaintext_over_http()
    } else {
        request
    })
}

/// The body `kind` says `bytes` is.
fn body(kind: oauthsig_body_kind, bytes: In<'_>) -> Result<Body<'_>, Failure> {
    use oauthsig_body_kind as K;
    Ok(match kind {
        K::OAUTHSIG_BODY_NONE => {
            // A body left in the struct by mistake would go unsigned.
            if !bytes.bytes()?.is_empty() {
                return Err(Failure::invalid(
                    "body",
                    "given, but body_kind is OAUTHSIG_BODY_NONE",
                ));
            }
            Body::None
        }
        K::OAUTHSIG_BODY_FORM => Body::Form(bytes.text()?),
        K::OAUTHSIG_BODY_OPAQUE => Body::Opaque(bytes.bytes()?),
        K::OAUTHSIG_BODY_PRECOMPUTED_HASH => Body::Hash(bytes.text()?),
    })
}

/// The body of `oauthsig_sign`: signs with `key` and writes the request,
/// placed as `placement` says, into `out`, allocating nothing.
pub(crate) fn sign(
    key: Option<&oauthsig_signing_key>,
    request: Option<SignRequest<'_>>,
    placement: u32,
    realm: In<'_>,
    mut out: OutBuf<'_>,
) -> Result<(), Failure> {
    use oauthsig_placement as P;
    let key = &required(key, "key")?.inner;
    let request = required(request, "request")?;
    out.refuse_overlap(&request.inputs())?;
    out.refuse_overlap(&[realm])?;
    let parts = Parts::of_request(&request)?;
    let placement = enum_arg::<oauthsig_placement>(placement, "placement")?;
    let realm = realm.opt_text()?;
    let placement = match placement {
        P::OAUTHSIG_PLACEMENT_HEADER => Placement::Header { realm },
        P::OAUTHSIG_PLACEMENT_URL => Placement::Query,
        P::OAUTHSIG_PLACEMENT_FORM => Placement::Form,
    };
    sign_parts(key, &parts, placement, &mut out)
}

/// The body of `oauthsig_sign_header`: `oauthsig_sign` with a form body or
/// none, placed in the `Authorization` header.
pub(crate) fn sign_header(
    key: Option<&oauthsig_signing_key>,
    input: Option<SignInput<'_>>,
    mut out: OutBuf<'_>,
) -> Result<(), Failure> {
    let key = &required(key, "key")?.inner;
    let input = required(input, "input")?;
    out.refuse_overlap(&input.inputs())?;
    let (parts, realm) = Parts::of_input(&input)?;
    sign_parts(key, &parts, Placement::Header { realm }, &mut out)
}

/// Signs `parts` through the engine and writes them placed as `placement`.
fn sign_parts(
    key: &SigningKey,
    parts: &Parts<'_>,
    placement: Placement<'_>,
    out: &mut OutBuf<'_>,
) -> Result<(), Failure> {
    let mut ts_buf = [0u8; oauthsig::TIMESTAMP_LEN];
    let timestamp = match parts.values.timestamp {
        Some(t) => t,
        None => oauthsig::fill_timestamp(&mut ts_buf)?,
    };
    let mut nonce_buf = [0u8; oauthsig::NONCE_LEN];
    let nonce = match parts.values.nonce {
        Some(n) => n,
        None => oauthsig::fill_nonce(&mut nonce_buf)?,
    };
    // A generated nonce or timestamp makes every call's signature new.
    let fresh = parts.values.nonce.is_none() || parts.values.timestamp.is_none();
    let request = &parts.request;
    let protocol = parts.values.protocol(timestamp, nonce);
    if key.method().is_rsa() {
        // One RSA operation per call, also when the output does not fit:
        // the answer is sized from the signature this call made.
        return sign_in_steps(request, &protocol, key, placement, fresh, out);
    }
    let written =
        out.fill(|buf| sign::sign_to_slice(request, &protocol, key, placement, buf).map(str::len))?;
    match written {
        Ok(()) => Ok(()),
        Err(Error::BufferTooSmall { needed })
            if fresh && key.method() != SignatureMethod::Plaintext =>
        {
            // The retry signs anew: answer the most any signature needs.
            let mut slots = [Param::EMPTY; CAPACITY];
            let signature = sign::prepare_in(&mut slots[..], request, &protocol)?.signature(key)?;
            out.too_small(size_for_any_signature(needed, signature.as_str()))
        }
        Err(Error::TooManyParameters { needed }) if needed <= MAX_PARAMS => {
            sign_in_steps(request, &protocol, key, placement, fresh, out)
        }
        Err(Error::TooManyParameters { needed }) => Err(too_many_parameters(needed)),
        Err(e) => Err(e.into()),
    }
}

fn too_many_parameters(needed: usize) -> Failure {
    Failure::too_many_parameters(needed, MAX_PARAMS)
}

/// [`sign_parts`] in two steps over room for [`MAX_PARAMS`] parameters:
/// sign, then write, so that the signature is at hand when the output does
/// not fit. For a request with more parameters than the engine's default
/// storage holds, and for RSA keys, whose signature costs too much to be
/// made twice. Apart, so that common requests do not set up that room.
#[inline(never)]
fn sign_in_steps(
    request: &HttpRequest<'_>,
    protocol: &Protocol<'_>,
    key: &SigningKey,
    placement: Placement<'_>,
    fresh: bool,
    out: &mut OutBuf<'_>,
) -> Result<(), Failure> {
    let mut slots = [Param::EMPTY; MAX_PARAMS];
    let prepared = match sign::prepare_in(&mut slots[..], request, protocol) {
        Err(Error::TooManyParameters { needed }) => return Err(too_many_parameters(needed)),
        prepared => prepared?,
    };
    write(&prepared.sign(key)?, placement, fresh, out)
}

/// Writes `signed` placed as `placement` straight into the caller's buffer,
/// in one pass (the sink counts the exact length when it does not fit).
fn write<'a, S: AsRef<[Param<'a>]>>(
    signed: &Signed<'a, '_, S>,
    placement: Placement<'_>,
    fresh: bool,
    out: &mut OutBuf<'_>,
) -> Result<(), Failure> {
    let output = signed.output(placement)?;
    let written = out.stream(|sink| {
        output.write_to(sink);
        Ok(())
    });
    match written {
        Err(e)
            if e.code == oauthsig_result::OAUTHSIG_BUFFER_TOO_SMALL
                && fresh
                && signed.signature_method() != SignatureMethod::Plaintext =>
        {
            // The retry signs anew: answer the most any signature needs.
            let signature = signed.signature().as_str();
            out.too_small(size_for_any_signature(output.len(), signature))
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::result::check_c_enum;

    #[test]
    fn placements_come_from_c_only_as_declared() {
        use oauthsig_placement as P;
        let all = [
            P::OAUTHSIG_PLACEMENT_HEADER,
            P::OAUTHSIG_PLACEMENT_URL,
            P::OAUTHSIG_PLACEMENT_FORM,
        ];
        check_c_enum(&all, |p| p as u32, &[0, 4, u32::MAX]);
    }

    #[test]
    fn body_kinds_come_from_c_only_as_declared() {
        use oauthsig_body_kind as K;
        // 0 is OAUTHSIG_BODY_NONE: a zeroed struct has no body.
        let all = [
            K::OAUTHSIG_BODY_NONE,
            K::OAUTHSIG_BODY_FORM,
            K::OAUTHSIG_BODY_OPAQUE,
            K::OAUTHSIG_BODY_PRECOMPUTED_HASH,
        ];
        check_c_enum(&all, |k| k as u32, &[4, 77, u32::MAX]);
    }

    #[test]
    fn any_signature_fits_the_size_answered() {
        // "r6/TJjbCOr97/+UU0NsvSne7s5g=" has 3 of '+' and '/', 24 others
        // that are letters or digits, one '='.
        let sig = "r6/TJjbCOr97/+UU0NsvSne7s5g=";
        assert_eq!(size_for_any_signature(100, sig), 100 + 2 * 24);
    }

    #[test]
    fn the_largest_rsa_signature_is_sized_for_its_worst_encoding() {
        use oauthsig_core::signature::MAX_SIGNATURE_TEXT;
        // An 8192-bit signature is 1024 octets: 1368 base64 characters, the
        // last two '=' (1024 = 3 * 341 + 1). Written with letters only, the
        // answer must cover the same length written with '/' only.
        let letters = "A".repeat(MAX_SIGNATURE_TEXT - 2) + "==";
        let slashes = "/".repeat(MAX_SIGNATURE_TEXT - 2) + "==";
        let best = oauthsig::encode(&letters).to_string().len();
        let worst = oauthsig::encode(&slashes).to_string().len();
        assert_eq!((best, worst), (1366 + 6, 3 * 1368));
        assert_eq!(size_for_any_signature(best, &letters), worst);
    }
}
