//! One-shot signing for C callers that sign many requests: borrowed inputs,
//! a prepared key, and one call to oauthsig-core's engine (`sign::sign`),
//! whose output is streamed straight into the caller's buffer. The protocol
//! (parameter collection and order, base string, body hash, where the
//! parameters go) is the engine's; this module only reads C's fields,
//! supplies a fresh nonce and timestamp when C leaves them out, and keeps
//! the buffer convention. Nothing on this path allocates.

use crate::boundary::{OutBuf, SignInput};
use crate::request::oauthsig_signing_key;
use crate::result::{Failure, oauthsig_result, required};
use oauthsig_core::sign::{self, Signed};
use oauthsig_core::{
    Body, Error, HttpRequest, Param, Placement, Protocol, Render, SignatureMethod, SigningKey,
};

/// A borrowed string: `ptr` to `len` bytes of UTF-8, not necessarily
/// NUL-terminated. `{NULL, 0}` means "absent" where a field allows it.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oauthsig_str {
    /// The bytes (may be NULL when `len` is 0).
    pub ptr: *const u8,
    /// The length in bytes.
    pub len: usize,
}

/// The parts of a request for `oauthsig_sign_header`. Fields marked
/// optional are absent when `ptr` is NULL.
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
    /// Whether to send `oauth_version="1.0"` (optional in RFC 5849).
    pub include_version: bool,
}

/// The most query and form body parameters the one-shot calls hold (on the
/// stack); more is `OAUTHSIG_INVALID_ARGUMENT` (sign with an
/// `oauthsig_request` instead).
const MAX_PARAMS: usize = 64;

/// The size to answer "too small" with when the output holds a signature
/// made with a fresh nonce or timestamp: the retry signs anew, and its HMAC
/// signature's percent-encoded length differs from this one's by its `+` and
/// `/` (three bytes each). Each base64 letter or digit of `signature` could
/// have been one of them (the `=` padding is fixed by the digest size), so
/// `len` grows by two bytes per letter or digit. Answering `len` itself would
/// break the buffer convention's promise that a retry with `*out_len + 1`
/// bytes fits (it did, about two times in three).
pub(crate) fn size_for_any_signature(len: usize, signature: &str) -> usize {
    len + 2 * signature.bytes().filter(u8::is_ascii_alphanumeric).count()
}

/// Decimal digits of `n` into `buf`.
fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &str {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[i..]).unwrap_or("0")
}

/// A one-shot request's fields, read (text checked to be UTF-8) in the
/// order of the C struct's fields, so the first bad field is the one
/// reported.
struct Parts<'a> {
    method: &'a str,
    url: &'a str,
    body: Body<'a>,
    consumer_key: &'a str,
    token: Option<&'a str>,
    timestamp: Option<&'a str>,
    nonce: Option<&'a str>,
    callback: Option<&'a str>,
    verifier: Option<&'a str>,
    include_version: bool,
}

impl<'a> Parts<'a> {
    /// The fields of an `oauthsig_sign_input`, and its realm.
    fn of_input(i: &SignInput<'a>) -> Result<(Self, Option<&'a str>), Failure> {
        let parts = Parts {
            method: i.method.text()?,
            url: i.url.text()?,
            body: i.form_body.opt_text()?.map_or(Body::None, Body::Form),
            consumer_key: i.consumer_key.text()?,
            token: i.token.opt_text()?,
            timestamp: i.timestamp.opt_text()?,
            nonce: i.nonce.opt_text()?,
            callback: i.callback.opt_text()?,
            verifier: i.verifier.opt_text()?,
            include_version: i.include_version,
        };
        Ok((parts, i.realm.opt_text()?))
    }

    /// The protocol values, with the timestamp and nonce to use.
    fn protocol<'p>(&self, timestamp: &'p str, nonce: &'p str) -> Protocol<'p>
    where
        'a: 'p,
    {
        let mut protocol = Protocol::new(self.consumer_key)
            .timestamp(timestamp)
            .nonce(nonce)
            .version(self.include_version);
        if let Some(t) = self.token {
            protocol = protocol.token(t);
        }
        if let Some(c) = self.callback {
            protocol = protocol.callback(c);
        }
        if let Some(v) = self.verifier {
            protocol = protocol.verifier(v);
        }
        protocol
    }
}

/// The body of `oauthsig_sign_header`: signs with `key` and writes the
/// `Authorization` header value into `out`, allocating nothing.
pub(crate) fn sign_header(
    key: Option<&oauthsig_signing_key>,
    input: Option<SignInput<'_>>,
    out: OutBuf<'_>,
) -> Result<(), Failure> {
    let key = &required(key, "key")?.inner;
    let (parts, realm) = Parts::of_input(&required(input, "input")?)?;
    sign_parts(key, &parts, Placement::Header { realm }, out)
}

/// Signs `parts` through the engine and writes them placed as `placement`.
fn sign_parts(
    key: &SigningKey,
    parts: &Parts<'_>,
    placement: Placement<'_>,
    out: OutBuf<'_>,
) -> Result<(), Failure> {
    let mut ts_buf = [0u8; 20];
    let timestamp = match parts.timestamp {
        Some(t) => t,
        None => decimal(oauthsig::generate_timestamp()?, &mut ts_buf),
    };
    let mut nonce_buf = [0u8; oauthsig::NONCE_LEN];
    let nonce = match parts.nonce {
        Some(n) => n,
        None => oauthsig::fill_nonce(&mut nonce_buf)?,
    };
    // A generated nonce or timestamp makes every call's signature new.
    let fresh = parts.nonce.is_none() || parts.timestamp.is_none();
    let request = HttpRequest::new(parts.method, parts.url).body(parts.body);
    let protocol = parts.protocol(timestamp, nonce);
    match sign::sign(&request, &protocol, key) {
        Ok(signed) => write(&signed, placement, fresh, out),
        Err(Error::TooManyParameters { needed }) if needed <= MAX_PARAMS => {
            sign_many(&request, &protocol, key, placement, fresh, out)
        }
        Err(Error::TooManyParameters { needed }) => Err(Failure::new(
            oauthsig_result::OAUTHSIG_INVALID_ARGUMENT,
            format!(
                "the request has {needed} query and form body parameters; \
                 the one-shot call holds at most {MAX_PARAMS} (use an oauthsig_request)"
            ),
        )),
        Err(e) => Err(e.into()),
    }
}

/// [`sign_parts`] for a request with more parameters than the engine's
/// default storage holds, over room for [`MAX_PARAMS`] of them. Apart, so
/// that common requests do not set up that room.
fn sign_many(
    request: &HttpRequest<'_>,
    protocol: &Protocol<'_>,
    key: &SigningKey,
    placement: Placement<'_>,
    fresh: bool,
    out: OutBuf<'_>,
) -> Result<(), Failure> {
    let prepared = sign::prepare_in([Param::EMPTY; MAX_PARAMS], request, protocol)?;
    write(&prepared.sign(key), placement, fresh, out)
}

/// Writes `signed` placed as `placement` straight into the caller's buffer,
/// in one pass (the sink counts the exact length when it does not fit).
fn write<'a, S: AsRef<[Param<'a>]>>(
    signed: &Signed<'a, '_, S>,
    placement: Placement<'_>,
    fresh: bool,
    mut out: OutBuf<'_>,
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

    #[test]
    fn decimal_writes_every_digit() {
        let mut buf = [0u8; 20];
        assert_eq!(decimal(0, &mut buf), "0");
        assert_eq!(decimal(137_131_201, &mut buf), "137131201");
        assert_eq!(decimal(u64::MAX, &mut buf), "18446744073709551615");
    }

    #[test]
    fn any_signature_fits_the_size_answered() {
        // "r6/TJjbCOr97/+UU0NsvSne7s5g=" has 3 of '+' and '/', 24 others
        // that are letters or digits, one '='.
        let sig = "r6/TJjbCOr97/+UU0NsvSne7s5g=";
        assert_eq!(size_for_any_signature(100, sig), 100 + 2 * 24);
    }
}
