//! Result codes: the values of `include/oauthsig.h`'s `oauthsig_result`
//! for the same meaning (tests/header.rs holds them equal), with an
//! `OAUTHSIG_FW_` prefix so the two headers can be included together.

use oauthsig_core::Error;

/// The outcome of a call. `OAUTHSIG_FW_OK` is 0. Values are stable and equal
/// to `oauthsig_result`'s of the same name in `oauthsig.h`. There is no
/// error message store (no heap, no thread-locals): the code is the whole
/// answer, and `oauthsig_fw_verify` also names the check that failed.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oauthsig_fw_result {
    /// Success.
    OAUTHSIG_FW_OK = 0,
    /// A required pointer was NULL (or a NULL pointer with a non-zero
    /// length).
    OAUTHSIG_FW_NULL_ARGUMENT = 1,
    /// A text argument is not UTF-8.
    OAUTHSIG_FW_INVALID_UTF8 = 2,
    /// The output buffer is too small; `*out_len` holds the size needed
    /// (excluding the terminating NUL).
    OAUTHSIG_FW_BUFFER_TOO_SMALL = 3,
    /// An argument is out of range or malformed (an unknown placement, a
    /// realm with a control character, more query and form parameters than
    /// the library holds).
    OAUTHSIG_FW_INVALID_ARGUMENT = 4,
    /// The URL cannot be signed (missing or bad scheme, host, port or path).
    OAUTHSIG_FW_BAD_URL = 5,
    /// A malformed percent escape in the URL or the form body.
    OAUTHSIG_FW_BAD_ENCODING = 6,
    /// The HTTP method is not a token.
    OAUTHSIG_FW_BAD_METHOD = 8,
    /// An unknown signature method code, or one this build of the library
    /// was compiled without.
    OAUTHSIG_FW_UNSUPPORTED_SIGNATURE_METHOD = 9,
    /// A PLAINTEXT key (the encoded secrets) longer than the library holds.
    OAUTHSIG_FW_SECRET_TOO_LONG = 11,
    /// The caller's random source (the `fill` callback) failed.
    OAUTHSIG_FW_SYSTEM_ERROR = 12,
    /// The request cannot be signed or written as asked (protocol
    /// parameters in a body that is not form-encoded, a protocol parameter
    /// given twice).
    OAUTHSIG_FW_BAD_REQUEST = 14,
    /// PLAINTEXT to an `http://` URL without the request's
    /// `allow_plaintext_over_http`: its signature is the secrets in clear,
    /// and RFC 5849 §3.4.4 requires TLS.
    OAUTHSIG_FW_PLAINTEXT_OVER_HTTP = 19,
    /// Verification: the request is malformed or names what is not
    /// accepted (answer HTTP 400).
    OAUTHSIG_FW_VERIFY_BAD_REQUEST = 20,
    /// Verification: the request is not authorized (answer HTTP 401).
    OAUTHSIG_FW_VERIFY_UNAUTHORIZED = 21,
}

impl oauthsig_fw_result {
    /// The NUL-terminated text `oauthsig_fw_result_str` gives.
    pub(crate) const fn message(self) -> &'static str {
        use oauthsig_fw_result as R;
        match self {
            R::OAUTHSIG_FW_OK => "ok\0",
            R::OAUTHSIG_FW_NULL_ARGUMENT => "a required argument was NULL\0",
            R::OAUTHSIG_FW_INVALID_UTF8 => "text is not valid UTF-8\0",
            R::OAUTHSIG_FW_BUFFER_TOO_SMALL => "output buffer too small\0",
            R::OAUTHSIG_FW_INVALID_ARGUMENT => "invalid argument\0",
            R::OAUTHSIG_FW_BAD_URL => "url cannot be signed\0",
            R::OAUTHSIG_FW_BAD_ENCODING => "malformed percent encoding\0",
            R::OAUTHSIG_FW_BAD_METHOD => "http method is not a token\0",
            R::OAUTHSIG_FW_UNSUPPORTED_SIGNATURE_METHOD => "unsupported signature method\0",
            R::OAUTHSIG_FW_SECRET_TOO_LONG => "secret too long\0",
            R::OAUTHSIG_FW_SYSTEM_ERROR => "the random source failed\0",
            R::OAUTHSIG_FW_BAD_REQUEST => "request cannot be signed or written as asked\0",
            R::OAUTHSIG_FW_PLAINTEXT_OVER_HTTP => {
                "PLAINTEXT over http refused: RFC 5849 §3.4.4 requires TLS (use https, or opt in)\0"
            }
            R::OAUTHSIG_FW_VERIFY_BAD_REQUEST => "request rejected: bad request (400)\0",
            R::OAUTHSIG_FW_VERIFY_UNAUTHORIZED => "request rejected: unauthorized (401)\0",
        }
    }

    /// The code `value` is, if any.
    pub(crate) const fn from_u32(value: u32) -> Option<Self> {
        use oauthsig_fw_result as R;
        Some(match value {
            0 => R::OAUTHSIG_FW_OK,
            1 => R::OAUTHSIG_FW_NULL_ARGUMENT,
            2 => R::OAUTHSIG_FW_INVALID_UTF8,
            3 => R::OAUTHSIG_FW_BUFFER_TOO_SMALL,
            4 => R::OAUTHSIG_FW_INVALID_ARGUMENT,
            5 => R::OAUTHSIG_FW_BAD_URL,
            6 => R::OAUTHSIG_FW_BAD_ENCODING,
            8 => R::OAUTHSIG_FW_BAD_METHOD,
            9 => R::OAUTHSIG_FW_UNSUPPORTED_SIGNATURE_METHOD,
            11 => R::OAUTHSIG_FW_SECRET_TOO_LONG,
            12 => R::OAUTHSIG_FW_SYSTEM_ERROR,
            14 => R::OAUTHSIG_FW_BAD_REQUEST,
            19 => R::OAUTHSIG_FW_PLAINTEXT_OVER_HTTP,
            20 => R::OAUTHSIG_FW_VERIFY_BAD_REQUEST,
            21 => R::OAUTHSIG_FW_VERIFY_UNAUTHORIZED,
            _ => return None,
        })
    }
}

/// The NUL-terminated text of `code` (`"unknown result code"` for a value
/// that is none).
pub(crate) fn message_for(code: u32) -> &'static str {
    match oauthsig_fw_result::from_u32(code) {
        Some(r) => r.message(),
        None => "unknown result code\0",
    }
}

/// Why a call failed, on its way to C.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// Any failure but a too-small buffer.
    Code(oauthsig_fw_result),
    /// The output needs `needed` bytes (without the NUL).
    TooSmall {
        /// The exact length of the output.
        needed: usize,
    },
}

impl From<oauthsig_fw_result> for Failure {
    fn from(code: oauthsig_fw_result) -> Self {
        Failure::Code(code)
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        use oauthsig_fw_result as R;
        Failure::Code(match e {
            Error::BufferTooSmall { needed } => return Failure::TooSmall { needed },
            Error::BadEscape { .. } => R::OAUTHSIG_FW_BAD_ENCODING,
            Error::InvalidUtf8 { .. } => R::OAUTHSIG_FW_INVALID_UTF8,
            // §3.4.1.2: the base string URI is an http or https URI.
            Error::BadUrl { .. } | Error::UnsupportedScheme => R::OAUTHSIG_FW_BAD_URL,
            Error::PlaintextOverHttp => R::OAUTHSIG_FW_PLAINTEXT_OVER_HTTP,
            Error::BadMethod => R::OAUTHSIG_FW_BAD_METHOD,
            Error::UnknownSignatureMethod
            | Error::MethodUnavailable(_)
            | Error::WrongKeyKind(_) => R::OAUTHSIG_FW_UNSUPPORTED_SIGNATURE_METHOD,
            Error::SecretTooLong { .. } => R::OAUTHSIG_FW_SECRET_TOO_LONG,
            Error::ProtocolParameterTwice(_)
            | Error::ReservedParameter(_)
            | Error::ExtraNotInHeader { .. }
            | Error::NotFormEncoded
            | Error::BodyHashOnFormBody => R::OAUTHSIG_FW_BAD_REQUEST,
            // TooManyParameters, BadRealm, and what core may add.
            _ => R::OAUTHSIG_FW_INVALID_ARGUMENT,
        })
    }
}

/// The code C receives for `result`.
pub(crate) fn code(result: Result<(), Failure>) -> oauthsig_fw_result {
    match result {
        Ok(()) => oauthsig_fw_result::OAUTHSIG_FW_OK,
        Err(Failure::Code(c)) => c,
        Err(Failure::TooSmall { .. }) => oauthsig_fw_result::OAUTHSIG_FW_BUFFER_TOO_SMALL,
    }
}
