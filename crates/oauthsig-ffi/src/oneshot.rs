//! One-shot signing for C callers that sign many requests: borrowed inputs,
//! a prepared key, the header written straight into the caller's buffer.
//! No heap allocation on this path (the protocol work is oauthsig-core's,
//! over a stack parameter array).

use crate::boundary::{OutBuf, SignInput};
use crate::request::oauthsig_signing_key;
use crate::result::{Failure, oauthsig_result, required};
use oauthsig_core::{
    AuthorizationHeader, BaseString, BaseStringUri, ParamArray, Protocol, SignatureMethod, Source,
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

/// The most parameters (query + body + protocol) the one-shot path holds;
/// more is `OAUTHSIG_INVALID_ARGUMENT` (use an `oauthsig_request` instead).
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

/// The one-shot request's strings. `read` checks them in the order of
/// `oauthsig_sign_input`'s fields, so the first bad field is the one reported.
struct Fields<'a> {
    method: &'a str,
    url: &'a str,
    form_body: Option<&'a str>,
    consumer_key: &'a str,
    token: Option<&'a str>,
    timestamp: Option<&'a str>,
    nonce: Option<&'a str>,
    callback: Option<&'a str>,
    verifier: Option<&'a str>,
    realm: Option<&'a str>,
}

impl<'a> Fields<'a> {
    fn read(input: &SignInput<'a>) -> Result<Self, Failure> {
        Ok(Fields {
            method: input.method.text()?,
            url: input.url.text()?,
            form_body: input.form_body.opt_text()?,
            consumer_key: input.consumer_key.text()?,
            token: input.token.opt_text()?,
            timestamp: input.timestamp.opt_text()?,
            nonce: input.nonce.opt_text()?,
            callback: input.callback.opt_text()?,
            verifier: input.verifier.opt_text()?,
            realm: input.realm.opt_text()?,
        })
    }

    /// The protocol parameters, with the timestamp and nonce to use.
    fn protocol<'p>(
        &self,
        method: SignatureMethod,
        timestamp: &'p str,
        nonce: &'p str,
        include_version: bool,
    ) -> Protocol<'p>
    where
        'a: 'p,
    {
        let mut protocol = Protocol::new(self.consumer_key, method)
            .timestamp(timestamp)
            .nonce(nonce);
        if let Some(t) = self.token {
            protocol = protocol.token(t);
        }
        if include_version {
            protocol = protocol.version("1.0");
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
    mut out: OutBuf<'_>,
) -> Result<(), Failure> {
    let key = &required(key, "key")?.inner;
    let input = required(input, "input")?;
    let f = Fields::read(&input)?;
    // A generated nonce or timestamp makes every call's signature new.
    let fresh = f.nonce.is_none() || f.timestamp.is_none();
    let mut ts_buf = [0u8; 20];
    let timestamp = match f.timestamp {
        Some(t) => t,
        None => decimal(oauthsig::generate_timestamp()?, &mut ts_buf),
    };
    let mut nonce_buf = [0u8; oauthsig::NONCE_LEN];
    let nonce = match f.nonce {
        Some(n) => n,
        None => oauthsig::fill_nonce(&mut nonce_buf)?,
    };
    let protocol = f.protocol(key.method(), timestamp, nonce, input.include_version);
    let uri = BaseStringUri::parse(f.url)?;
    let mut params = ParamArray::<MAX_PARAMS>::array();
    params.extend_query(f.url)?;
    if let Some(body) = f.form_body {
        params.extend_form(body, Source::Body)?;
    }
    params.extend_protocol(&protocol)?;
    params.sort();
    let signature = key.sign(&BaseString::new(f.method, &uri, params.as_slice())?);
    let header = AuthorizationHeader::new(f.realm, params.as_slice(), Some(signature.as_str()))?;
    // One pass straight into the caller's buffer; the sink counts the exact
    // length when it does not fit.
    let written = out.stream(|sink| {
        header.write_to(sink);
        Ok(())
    });
    match written {
        Err(e)
            if e.code == oauthsig_result::OAUTHSIG_BUFFER_TOO_SMALL
                && fresh
                && key.method() != SignatureMethod::Plaintext =>
        {
            // The retry signs anew: answer the most any signature needs.
            out.too_small(size_for_any_signature(header.len(), signature.as_str()))
        }
        other => other,
    }
}
