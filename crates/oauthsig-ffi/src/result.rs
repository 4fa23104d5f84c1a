//! Result codes of the C ABI: explicit, stable values that are never reused,
//! plus a static message for each.

use std::ffi::c_char;

/// The outcome of a call. `OAUTHSIG_OK` is 0; every other value is a
/// failure whose detail is available from `oauthsig_last_error_message` on
/// the same thread. Values are stable across releases and never reused.
#[repr(u32)]
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oauthsig_result {
    /// Success.
    OAUTHSIG_OK = 0,
    /// A required pointer argument was NULL (or a NULL pointer with a
    /// non-zero length).
    OAUTHSIG_NULL_ARGUMENT = 1,
    /// A text argument, or decoded text, is not UTF-8.
    OAUTHSIG_INVALID_UTF8 = 2,
    /// The output buffer is too small; `*out_len` holds the size needed
    /// (excluding the terminating NUL).
    OAUTHSIG_BUFFER_TOO_SMALL = 3,
    /// An argument is out of range or malformed (see the last error).
    OAUTHSIG_INVALID_ARGUMENT = 4,
    /// The URL cannot be signed (missing or bad scheme, host, port or path).
    OAUTHSIG_BAD_URL = 5,
    /// A malformed percent escape.
    OAUTHSIG_BAD_ENCODING = 6,
    /// A malformed `Authorization` header.
    OAUTHSIG_BAD_HEADER = 7,
    /// The HTTP method is not a token.
    OAUTHSIG_BAD_METHOD = 8,
    /// Unknown or unsupported signature method.
    OAUTHSIG_UNSUPPORTED_SIGNATURE_METHOD = 9,
    /// A token response string is malformed or lacks the token or secret.
    OAUTHSIG_BAD_TOKEN_STRING = 10,
    /// A secret is longer than the library can hold.
    OAUTHSIG_SECRET_TOO_LONG = 11,
    /// The operating system's random number generator or clock failed.
    OAUTHSIG_SYSTEM_ERROR = 12,
    /// The requested field or parameter is absent.
    OAUTHSIG_NOT_FOUND = 13,
    /// The request cannot be signed or written as asked (a missing or
    /// duplicated protocol parameter, a body hash on a form body, a
    /// non-`oauth_` parameter for the Authorization header).
    OAUTHSIG_BAD_REQUEST = 14,
    /// Verification: the request is malformed (answer HTTP 400).
    OAUTHSIG_VERIFY_BAD_REQUEST = 20,
    /// Verification: the request is not authorized (answer HTTP 401).
    OAUTHSIG_VERIFY_UNAUTHORIZED = 21,
    /// Verification: the body exceeds the verifier's limit (answer 413).
    OAUTHSIG_VERIFY_TOO_LARGE = 22,
    /// Verification: the credential lookup or nonce store failed (answer
    /// 503; the request was not judged).
    OAUTHSIG_VERIFY_UNAVAILABLE = 23,
    /// A panic was caught at the boundary (a bug in this library).
    OAUTHSIG_PANIC = 99,
}

impl oauthsig_result {
    pub(crate) const fn message(self) -> &'static str {
        match self {
            Self::OAUTHSIG_OK => "ok\0",
            Self::OAUTHSIG_NULL_ARGUMENT => "a required argument was NULL\0",
            Self::OAUTHSIG_INVALID_UTF8 => "text is not valid UTF-8\0",
            Self::OAUTHSIG_BUFFER_TOO_SMALL => "output buffer too small\0",
            Self::OAUTHSIG_INVALID_ARGUMENT => "invalid argument\0",
            Self::OAUTHSIG_BAD_URL => "url cannot be signed\0",
            Self::OAUTHSIG_BAD_ENCODING => "malformed percent encoding\0",
            Self::OAUTHSIG_BAD_HEADER => "malformed authorization header\0",
            Self::OAUTHSIG_BAD_METHOD => "http method is not a token\0",
            Self::OAUTHSIG_UNSUPPORTED_SIGNATURE_METHOD => "unsupported signature method\0",
            Self::OAUTHSIG_BAD_TOKEN_STRING => "malformed token response\0",
            Self::OAUTHSIG_SECRET_TOO_LONG => "secret too long\0",
            Self::OAUTHSIG_SYSTEM_ERROR => "operating system random generator or clock failed\0",
            Self::OAUTHSIG_NOT_FOUND => "not found\0",
            Self::OAUTHSIG_BAD_REQUEST => "request cannot be signed or written as asked\0",
            Self::OAUTHSIG_VERIFY_BAD_REQUEST => "request rejected: bad request (400)\0",
            Self::OAUTHSIG_VERIFY_UNAUTHORIZED => "request rejected: unauthorized (401)\0",
            Self::OAUTHSIG_VERIFY_TOO_LARGE => "request rejected: body too large (413)\0",
            Self::OAUTHSIG_VERIFY_UNAVAILABLE => {
                "request not judged: credential lookup or nonce store unavailable (503)\0"
            }
            Self::OAUTHSIG_PANIC => "internal error (caught panic)\0",
        }
    }

    /// Converts a value coming back from C; unknown values are `None`, never
    /// transmuted.
    pub(crate) fn from_u32(v: u32) -> Option<Self> {
        ALL.iter().copied().find(|r| *r as u32 == v)
    }
}

const ALL: [oauthsig_result; 20] = [
    oauthsig_result::OAUTHSIG_OK,
    oauthsig_result::OAUTHSIG_NULL_ARGUMENT,
    oauthsig_result::OAUTHSIG_INVALID_UTF8,
    oauthsig_result::OAUTHSIG_BUFFER_TOO_SMALL,
    oauthsig_result::OAUTHSIG_INVALID_ARGUMENT,
    oauthsig_result::OAUTHSIG_BAD_URL,
    oauthsig_result::OAUTHSIG_BAD_ENCODING,
    oauthsig_result::OAUTHSIG_BAD_HEADER,
    oauthsig_result::OAUTHSIG_BAD_METHOD,
    oauthsig_result::OAUTHSIG_UNSUPPORTED_SIGNATURE_METHOD,
    oauthsig_result::OAUTHSIG_BAD_TOKEN_STRING,
    oauthsig_result::OAUTHSIG_SECRET_TOO_LONG,
    oauthsig_result::OAUTHSIG_SYSTEM_ERROR,
    oauthsig_result::OAUTHSIG_NOT_FOUND,
    oauthsig_result::OAUTHSIG_BAD_REQUEST,
    oauthsig_result::OAUTHSIG_VERIFY_BAD_REQUEST,
    oauthsig_result::OAUTHSIG_VERIFY_UNAUTHORIZED,
    oauthsig_result::OAUTHSIG_VERIFY_TOO_LARGE,
    oauthsig_result::OAUTHSIG_VERIFY_UNAVAILABLE,
    oauthsig_result::OAUTHSIG_PANIC,
];

/// A failure on its way to C: the code plus the detail message.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) code: oauthsig_result,
    pub(crate) message: String,
}

impl Failure {
    pub(crate) fn new(code: oauthsig_result, message: impl Into<String>) -> Self {
        Failure {
            code,
            message: message.into(),
        }
    }

    pub(crate) fn null(what: &str) -> Self {
        Self::new(
            oauthsig_result::OAUTHSIG_NULL_ARGUMENT,
            format!("{what} is NULL"),
        )
    }

    pub(crate) fn invalid(what: &str, why: &str) -> Self {
        Self::new(
            oauthsig_result::OAUTHSIG_INVALID_ARGUMENT,
            format!("{what}: {why}"),
        )
    }

    /// An enum argument whose value C passed is none of `enum_name`'s.
    pub(crate) fn not_a(what: &str, enum_name: &str) -> Self {
        Self::invalid(what, &format!("not an {enum_name} value"))
    }

    pub(crate) fn not_found(message: &str) -> Self {
        Self::new(oauthsig_result::OAUTHSIG_NOT_FOUND, message)
    }

    pub(crate) fn utf8(what: &str, offset: usize) -> Self {
        Self::new(
            oauthsig_result::OAUTHSIG_INVALID_UTF8,
            format!("{what} is not valid UTF-8 at byte {offset}"),
        )
    }

    pub(crate) fn too_small(needed: usize) -> Self {
        Self::new(
            oauthsig_result::OAUTHSIG_BUFFER_TOO_SMALL,
            format!("output buffer too small: {needed} bytes plus a NUL needed"),
        )
    }
}

impl From<oauthsig_core::Error> for Failure {
    fn from(e: oauthsig_core::Error) -> Self {
        use oauthsig_core::Error as E;
        use oauthsig_result as R;
        let code = match e {
            E::BadEscape { .. } => R::OAUTHSIG_BAD_ENCODING,
            E::InvalidUtf8 { .. } => R::OAUTHSIG_INVALID_UTF8,
            E::BadUrl { .. } => R::OAUTHSIG_BAD_URL,
            E::BadMethod => R::OAUTHSIG_BAD_METHOD,
            E::TooManyParameters { .. } => R::OAUTHSIG_INVALID_ARGUMENT,
            E::BufferTooSmall { .. } => R::OAUTHSIG_BUFFER_TOO_SMALL,
            E::BadHeader { .. } | E::DuplicateHeaderParameter { .. } => R::OAUTHSIG_BAD_HEADER,
            E::BadRealm { .. } => R::OAUTHSIG_INVALID_ARGUMENT,
            E::UnknownSignatureMethod => R::OAUTHSIG_UNSUPPORTED_SIGNATURE_METHOD,
            E::SecretTooLong { .. } => R::OAUTHSIG_SECRET_TOO_LONG,
            _ => R::OAUTHSIG_INVALID_ARGUMENT,
        };
        Failure::new(code, e.to_string())
    }
}

impl From<oauthsig::Error> for Failure {
    fn from(e: oauthsig::Error) -> Self {
        use oauthsig::Error as E;
        use oauthsig_result as R;
        let message = e.to_string();
        let code = match e {
            E::Core(core) => return Failure::from(core),
            E::Random(_) | E::Clock => R::OAUTHSIG_SYSTEM_ERROR,
            E::UnsupportedScheme => R::OAUTHSIG_BAD_URL,
            E::TokenString { .. } => R::OAUTHSIG_BAD_TOKEN_STRING,
            E::MissingParameter { .. }
            | E::DuplicateParameter { .. }
            | E::BodyHashOnFormBody
            | E::NotAProtocolParameter { .. } => R::OAUTHSIG_BAD_REQUEST,
            E::DuplicateHeader { .. } | E::ConflictingQuery => R::OAUTHSIG_INVALID_ARGUMENT,
            _ => R::OAUTHSIG_INVALID_ARGUMENT,
        };
        Failure::new(code, message)
    }
}

/// A static, NUL-terminated message for `code`. Unknown values give
/// "unknown result code". The pointer is valid for the life of the program
/// and must not be freed. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn oauthsig_result_str(code: u32) -> *const c_char {
    let msg =
        crate::boundary::boundary_value("internal error\0", || {
            match oauthsig_result::from_u32(code) {
                Some(r) => r.message(),
                None => "unknown result code\0",
            }
        });
    msg.as_ptr().cast()
}
