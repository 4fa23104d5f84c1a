//! Result codes of the C ABI: explicit, stable values that are never reused,
//! plus a static message for each.

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
    /// The operating system's random number generator or clock failed, or
    /// an RSA signing operation failed (its fault check, or no randomness
    /// for blinding).
    OAUTHSIG_SYSTEM_ERROR = 12,
    /// The requested field or parameter is absent.
    OAUTHSIG_NOT_FOUND = 13,
    /// The request cannot be signed or written as asked (a missing or
    /// duplicated protocol parameter, a body hash on a form body, a
    /// non-`oauth_` parameter for the Authorization header, protocol
    /// parameters for a body that is not form-encoded).
    OAUTHSIG_BAD_REQUEST = 14,
    /// An RSA key cannot be read: not PEM, DER or base64, a PEM label or
    /// DER structure that is no key format this library reads, an
    /// OpenSSL legacy-encrypted PEM (convert it with `openssl pkcs8
    /// -topk8`), a key that is not RSA, or inconsistent key numbers.
    OAUTHSIG_BAD_KEY = 15,
    /// An RSA key's modulus is outside the accepted 1024 to 8192 bits (the
    /// last error says its size).
    OAUTHSIG_UNSUPPORTED_KEY_SIZE = 16,
    /// An encrypted private key and no passphrase, or a wrong passphrase
    /// (or a corrupt encrypted key).
    OAUTHSIG_BAD_PASSPHRASE = 17,
    /// A key of the wrong kind: a public key or certificate where a private
    /// key is needed (or the reverse), an RSA key for an HMAC or PLAINTEXT
    /// method, or shared secrets for an RSA method.
    OAUTHSIG_WRONG_KEY_KIND = 18,
    /// PLAINTEXT to an `http://` URL: its signature is the secrets in
    /// clear, and RFC 5849 §3.4.4 requires TLS. Refused unless the request
    /// opts in (`allow_plaintext_over_http` of `oauthsig_sign_request` and
    /// `oauthsig_sign_input`, `oauthsig_request_allow_plaintext_over_http`).
    OAUTHSIG_PLAINTEXT_OVER_HTTP = 19,
    /// Verification: the request is malformed (answer HTTP 400).
    OAUTHSIG_VERIFY_BAD_REQUEST = 20,
    /// Verification: the request is not authorized (answer HTTP 401).
    OAUTHSIG_VERIFY_UNAUTHORIZED = 21,
    /// Verification: the body exceeds the verifier's limit (answer 413).
    OAUTHSIG_VERIFY_TOO_LARGE = 22,
    /// Verification: the credential lookup or nonce store failed (answer
    /// 503; the request was not judged).
    OAUTHSIG_VERIFY_UNAVAILABLE = 23,
    /// Verification: the URL exceeds the verifier's limit, refused before
    /// it was parsed (answer 414, RFC 9110 §15.5.15).
    OAUTHSIG_VERIFY_URL_TOO_LONG = 24,
    /// Verification: the consumer holds its whole share of the in-memory
    /// nonce store (answer 429; other consumers are still served).
    OAUTHSIG_VERIFY_CONSUMER_QUOTA = 25,
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
            Self::OAUTHSIG_BAD_KEY => "rsa key cannot be read\0",
            Self::OAUTHSIG_UNSUPPORTED_KEY_SIZE => {
                "rsa key size outside the accepted 1024 to 8192 bits\0"
            }
            Self::OAUTHSIG_BAD_PASSPHRASE => "encrypted key: passphrase missing or wrong\0",
            Self::OAUTHSIG_WRONG_KEY_KIND => "key of the wrong kind\0",
            Self::OAUTHSIG_PLAINTEXT_OVER_HTTP => {
                "PLAINTEXT over http refused: RFC 5849 §3.4.4 requires TLS (use https, or opt in)\0"
            }
            Self::OAUTHSIG_VERIFY_BAD_REQUEST => "request rejected: bad request (400)\0",
            Self::OAUTHSIG_VERIFY_UNAUTHORIZED => "request rejected: unauthorized (401)\0",
            Self::OAUTHSIG_VERIFY_TOO_LARGE => "request rejected: body too large (413)\0",
            Self::OAUTHSIG_VERIFY_UNAVAILABLE => {
                "request not judged: credential lookup or nonce store unavailable (503)\0"
            }
            Self::OAUTHSIG_VERIFY_URL_TOO_LONG => "request rejected: url too long (414)\0",
            Self::OAUTHSIG_VERIFY_CONSUMER_QUOTA => {
                "request not judged: consumer over its nonce store share (429)\0"
            }
            Self::OAUTHSIG_PANIC => "internal error (caught panic)\0",
        }
    }
}

impl TryFrom<u32> for oauthsig_result {
    type Error = InvalidValue;

    /// A code coming back from C (never transmuted: values C made up are
    /// refused).
    fn try_from(value: u32) -> Result<Self, InvalidValue> {
        use oauthsig_result as R;
        Ok(match value {
            0 => R::OAUTHSIG_OK,
            1 => R::OAUTHSIG_NULL_ARGUMENT,
            2 => R::OAUTHSIG_INVALID_UTF8,
            3 => R::OAUTHSIG_BUFFER_TOO_SMALL,
            4 => R::OAUTHSIG_INVALID_ARGUMENT,
            5 => R::OAUTHSIG_BAD_URL,
            6 => R::OAUTHSIG_BAD_ENCODING,
            7 => R::OAUTHSIG_BAD_HEADER,
            8 => R::OAUTHSIG_BAD_METHOD,
            9 => R::OAUTHSIG_UNSUPPORTED_SIGNATURE_METHOD,
            10 => R::OAUTHSIG_BAD_TOKEN_STRING,
            11 => R::OAUTHSIG_SECRET_TOO_LONG,
            12 => R::OAUTHSIG_SYSTEM_ERROR,
            13 => R::OAUTHSIG_NOT_FOUND,
            14 => R::OAUTHSIG_BAD_REQUEST,
            15 => R::OAUTHSIG_BAD_KEY,
            16 => R::OAUTHSIG_UNSUPPORTED_KEY_SIZE,
            17 => R::OAUTHSIG_BAD_PASSPHRASE,
            18 => R::OAUTHSIG_WRONG_KEY_KIND,
            19 => R::OAUTHSIG_PLAINTEXT_OVER_HTTP,
            20 => R::OAUTHSIG_VERIFY_BAD_REQUEST,
            21 => R::OAUTHSIG_VERIFY_UNAUTHORIZED,
            22 => R::OAUTHSIG_VERIFY_TOO_LARGE,
            23 => R::OAUTHSIG_VERIFY_UNAVAILABLE,
            24 => R::OAUTHSIG_VERIFY_URL_TOO_LONG,
            25 => R::OAUTHSIG_VERIFY_CONSUMER_QUOTA,
            99 => R::OAUTHSIG_PANIC,
            _ => return Err(InvalidValue::new("oauthsig_result", value)),
        })
    }
}

/// A `u32` from C that is none of an enum's declared values: the error of
/// every C enum's `TryFrom<u32>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidValue {
    enum_name: &'static str,
    value: u32,
    code: oauthsig_result,
}

impl InvalidValue {
    /// `value` is not an `enum_name`; reported as `OAUTHSIG_INVALID_ARGUMENT`.
    pub(crate) const fn new(enum_name: &'static str, value: u32) -> Self {
        InvalidValue {
            enum_name,
            value,
            code: oauthsig_result::OAUTHSIG_INVALID_ARGUMENT,
        }
    }

    /// The same refusal reported to C as `code` instead.
    pub(crate) const fn reported_as(self, code: oauthsig_result) -> Self {
        InvalidValue { code, ..self }
    }

    /// The failure of argument `what`, naming it and the value.
    pub(crate) const fn failure(self, what: &'static str) -> Failure {
        Failure::of(self.code, Detail::Enum(what, self))
    }
}

impl std::fmt::Display for InvalidValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} is not an {} value", self.value, self.enum_name)
    }
}

impl std::error::Error for InvalidValue {}

/// A handle or out-pointer the call needs: NULL fails as `what`.
pub(crate) fn required<T>(value: Option<T>, what: &'static str) -> Result<T, Failure> {
    value.ok_or(Failure::null(what))
}

/// Reads the enum argument `what` that C passed as a `u32`, through the
/// enum's one `TryFrom<u32>`.
pub(crate) fn enum_arg<E>(value: u32, what: &'static str) -> Result<E, Failure>
where
    E: TryFrom<u32, Error = InvalidValue>,
{
    E::try_from(value).map_err(|e| e.failure(what))
}

/// A failure on its way to C: the code plus the detail message (its
/// `Display`).
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) code: oauthsig_result,
    detail: Detail,
}

/// A failure's message, kept as the parts it is written from: it is
/// written only when the failure is recorded, into the thread's fixed
/// message buffer. Every variant but `Text` holds no heap memory, so a call
/// that fails with one allocates nothing (the one-shot signing calls
/// promise it on every path).
#[derive(Debug)]
enum Detail {
    /// A whole message.
    Static(&'static str),
    /// "`what` is NULL".
    Null(&'static str),
    /// "`what`: `why`".
    Invalid(&'static str, &'static str),
    /// An input that is not UTF-8 from byte `offset` on.
    Utf8 { what: &'static str, offset: usize },
    /// An enum argument with a value C made up.
    Enum(&'static str, InvalidValue),
    /// The output buffer convention's answer.
    TooSmall { needed: usize },
    /// More query and form parameters than a one-shot call holds.
    TooManyParameters { needed: usize, most: usize },
    /// The engine's error, in its own words.
    Core(oauthsig_core::Error),
    /// The std crate's error, in its own words.
    Std(oauthsig::Error),
    /// A message made by the caller.
    Text(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.detail {
            Detail::Static(text) => f.write_str(text),
            Detail::Null(what) => write!(f, "{what} is NULL"),
            Detail::Invalid(what, why) => write!(f, "{what}: {why}"),
            Detail::Utf8 { what, offset } => {
                write!(f, "{what} is not valid UTF-8 at byte {offset}")
            }
            Detail::Enum(what, value) => write!(f, "{what}: {value}"),
            Detail::TooSmall { needed } => write!(
                f,
                "output buffer too small: {needed} bytes plus a NUL needed"
            ),
            Detail::TooManyParameters { needed, most } => write!(
                f,
                "the request has {needed} query and form body parameters; \
                 the one-shot call holds at most {most} (use an oauthsig_request)"
            ),
            Detail::Core(e) => e.fmt(f),
            Detail::Std(e) => e.fmt(f),
            Detail::Text(text) => f.write_str(text),
        }
    }
}

impl Failure {
    const fn of(code: oauthsig_result, detail: Detail) -> Self {
        Failure { code, detail }
    }

    /// A failure with a message made at run time (it allocates: not for
    /// the one-shot calls).
    pub(crate) fn new(code: oauthsig_result, message: impl Into<String>) -> Self {
        Self::of(code, Detail::Text(message.into()))
    }

    pub(crate) const fn null(what: &'static str) -> Self {
        Self::of(oauthsig_result::OAUTHSIG_NULL_ARGUMENT, Detail::Null(what))
    }

    pub(crate) const fn invalid(what: &'static str, why: &'static str) -> Self {
        Self::of(
            oauthsig_result::OAUTHSIG_INVALID_ARGUMENT,
            Detail::Invalid(what, why),
        )
    }

    pub(crate) const fn not_found(message: &'static str) -> Self {
        Self::of(oauthsig_result::OAUTHSIG_NOT_FOUND, Detail::Static(message))
    }

    /// `code` with a whole static message.
    pub(crate) const fn fixed(code: oauthsig_result, message: &'static str) -> Self {
        Self::of(code, Detail::Static(message))
    }

    pub(crate) const fn utf8(what: &'static str, offset: usize) -> Self {
        Self::of(
            oauthsig_result::OAUTHSIG_INVALID_UTF8,
            Detail::Utf8 { what, offset },
        )
    }

    pub(crate) const fn too_small(needed: usize) -> Self {
        Self::of(
            oauthsig_result::OAUTHSIG_BUFFER_TOO_SMALL,
            Detail::TooSmall { needed },
        )
    }

    pub(crate) const fn too_many_parameters(needed: usize, most: usize) -> Self {
        Self::of(
            oauthsig_result::OAUTHSIG_INVALID_ARGUMENT,
            Detail::TooManyParameters { needed, most },
        )
    }
}

impl From<oauthsig_core::Error> for Failure {
    fn from(e: oauthsig_core::Error) -> Self {
        use oauthsig_core::Error as E;
        use oauthsig_result as R;
        if let E::BufferTooSmall { needed } = e {
            // The buffer convention's own answer, made without the heap.
            return Failure::too_small(needed);
        }
        let code = match e {
            E::BadEscape { .. } => R::OAUTHSIG_BAD_ENCODING,
            E::InvalidUtf8 { .. } => R::OAUTHSIG_INVALID_UTF8,
            // §3.4.1.2: the base string URI is an http or https URI.
            E::BadUrl { .. } | E::UnsupportedScheme => R::OAUTHSIG_BAD_URL,
            E::PlaintextOverHttp => R::OAUTHSIG_PLAINTEXT_OVER_HTTP,
            E::BadMethod => R::OAUTHSIG_BAD_METHOD,
            E::TooManyParameters { .. } => R::OAUTHSIG_INVALID_ARGUMENT,
            E::BufferTooSmall { .. } => R::OAUTHSIG_BUFFER_TOO_SMALL,
            E::BadHeader { .. } | E::DuplicateHeaderParameter { .. } => R::OAUTHSIG_BAD_HEADER,
            E::BadRealm { .. } => R::OAUTHSIG_INVALID_ARGUMENT,
            E::UnknownSignatureMethod | E::MethodUnavailable(_) => {
                R::OAUTHSIG_UNSUPPORTED_SIGNATURE_METHOD
            }
            E::SecretTooLong { .. } => R::OAUTHSIG_SECRET_TOO_LONG,
            E::ProtocolParameterTwice(_)
            | E::ReservedParameter(_)
            | E::ExtraNotInHeader { .. }
            | E::NotFormEncoded
            | E::BodyHashOnFormBody => R::OAUTHSIG_BAD_REQUEST,
            E::Key(problem) => key_problem_code(problem),
            E::WrongKeyKind(_) => R::OAUTHSIG_WRONG_KEY_KIND,
            E::RsaFailure => R::OAUTHSIG_SYSTEM_ERROR,
            _ => R::OAUTHSIG_INVALID_ARGUMENT,
        };
        Failure::of(code, Detail::Core(e))
    }
}

/// The code of a key that cannot be read or used. Its detail (core's
/// `Display`) names the format problem, never the key's content.
fn key_problem_code(problem: oauthsig_core::KeyProblem) -> oauthsig_result {
    use oauthsig_core::KeyProblem as K;
    use oauthsig_result as R;
    match problem {
        K::TooSmall { .. } | K::TooLarge { .. } => R::OAUTHSIG_UNSUPPORTED_KEY_SIZE,
        K::Encrypted | K::Decryption => R::OAUTHSIG_BAD_PASSPHRASE,
        K::PublicWherePrivate | K::PrivateWherePublic => R::OAUTHSIG_WRONG_KEY_KIND,
        K::Pem
        | K::LegacyEncrypted
        | K::UnsupportedLabel
        | K::Base64
        | K::Der
        | K::NotRsa
        | K::Invalid => R::OAUTHSIG_BAD_KEY,
        _ => R::OAUTHSIG_BAD_KEY,
    }
}

impl From<oauthsig::Error> for Failure {
    fn from(e: oauthsig::Error) -> Self {
        use oauthsig::Error as E;
        use oauthsig_result as R;
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
        // Kept as it is (moved, not formatted): written only when recorded.
        Failure::of(code, Detail::Std(e))
    }
}

/// The NUL-terminated message `oauthsig_result_str` gives for `code`.
pub(crate) fn message_for(code: u32) -> &'static str {
    oauthsig_result::try_from(code).map_or("unknown result code\0", oauthsig_result::message)
}

/// Checks one C enum's `TryFrom<u32>`: every declared value (`all`, each
/// with its `as u32`) comes back as itself, and each of `refused` is an
/// `InvalidValue` naming the value.
#[cfg(test)]
pub(crate) fn check_c_enum<E>(all: &[E], to_u32: fn(E) -> u32, refused: &[u32])
where
    E: TryFrom<u32, Error = InvalidValue> + Copy + PartialEq + std::fmt::Debug,
{
    for &e in all {
        assert_eq!(E::try_from(to_u32(e)), Ok(e), "{e:?} does not round-trip");
    }
    for &v in refused {
        let e = E::try_from(v).expect_err("an undeclared value was accepted");
        assert!(e.to_string().starts_with(&format!("{v} is not an ")), "{e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_codes_come_back_from_c_only_as_declared() {
        use oauthsig_result as R;
        let all = [
            R::OAUTHSIG_OK,
            R::OAUTHSIG_NULL_ARGUMENT,
            R::OAUTHSIG_INVALID_UTF8,
            R::OAUTHSIG_BUFFER_TOO_SMALL,
            R::OAUTHSIG_INVALID_ARGUMENT,
            R::OAUTHSIG_BAD_URL,
            R::OAUTHSIG_BAD_ENCODING,
            R::OAUTHSIG_BAD_HEADER,
            R::OAUTHSIG_BAD_METHOD,
            R::OAUTHSIG_UNSUPPORTED_SIGNATURE_METHOD,
            R::OAUTHSIG_BAD_TOKEN_STRING,
            R::OAUTHSIG_SECRET_TOO_LONG,
            R::OAUTHSIG_SYSTEM_ERROR,
            R::OAUTHSIG_NOT_FOUND,
            R::OAUTHSIG_BAD_REQUEST,
            R::OAUTHSIG_BAD_KEY,
            R::OAUTHSIG_UNSUPPORTED_KEY_SIZE,
            R::OAUTHSIG_BAD_PASSPHRASE,
            R::OAUTHSIG_WRONG_KEY_KIND,
            R::OAUTHSIG_PLAINTEXT_OVER_HTTP,
            R::OAUTHSIG_VERIFY_BAD_REQUEST,
            R::OAUTHSIG_VERIFY_UNAUTHORIZED,
            R::OAUTHSIG_VERIFY_TOO_LARGE,
            R::OAUTHSIG_VERIFY_UNAVAILABLE,
            R::OAUTHSIG_VERIFY_URL_TOO_LONG,
            R::OAUTHSIG_VERIFY_CONSUMER_QUOTA,
            R::OAUTHSIG_PANIC,
        ];
        // 0 is OAUTHSIG_OK; the gap before OAUTHSIG_PANIC stays unused.
        check_c_enum(&all, |r| r as u32, &[26, 98, 100, u32::MAX]);
        assert_eq!(message_for(26), "unknown result code\0");
        assert_eq!(message_for(0), "ok\0");
    }

    #[test]
    fn key_problems_have_their_own_codes_and_name_the_problem() {
        use oauthsig_core::{Error as E, KeyProblem as K, SignatureMethod as M};
        use oauthsig_result as R;
        let cases = [
            (E::Key(K::Pem), R::OAUTHSIG_BAD_KEY),
            (E::Key(K::LegacyEncrypted), R::OAUTHSIG_BAD_KEY),
            (E::Key(K::UnsupportedLabel), R::OAUTHSIG_BAD_KEY),
            (E::Key(K::Base64), R::OAUTHSIG_BAD_KEY),
            (E::Key(K::Der), R::OAUTHSIG_BAD_KEY),
            (E::Key(K::NotRsa), R::OAUTHSIG_BAD_KEY),
            (E::Key(K::Invalid), R::OAUTHSIG_BAD_KEY),
            (E::Key(K::Encrypted), R::OAUTHSIG_BAD_PASSPHRASE),
            (E::Key(K::Decryption), R::OAUTHSIG_BAD_PASSPHRASE),
            (E::Key(K::PublicWherePrivate), R::OAUTHSIG_WRONG_KEY_KIND),
            (E::Key(K::PrivateWherePublic), R::OAUTHSIG_WRONG_KEY_KIND),
            (
                E::Key(K::TooSmall { bits: 512 }),
                R::OAUTHSIG_UNSUPPORTED_KEY_SIZE,
            ),
            (
                E::Key(K::TooLarge { bits: 16384 }),
                R::OAUTHSIG_UNSUPPORTED_KEY_SIZE,
            ),
            (E::WrongKeyKind(M::RsaSha1), R::OAUTHSIG_WRONG_KEY_KIND),
            (E::WrongKeyKind(M::HmacSha1), R::OAUTHSIG_WRONG_KEY_KIND),
            (E::RsaFailure, R::OAUTHSIG_SYSTEM_ERROR),
        ];
        for (e, code) in cases {
            let message = e.to_string();
            let f = Failure::from(oauthsig::Error::Core(e));
            assert_eq!((f.code, f.to_string()), (code, message));
        }
        let f = Failure::from(E::Key(K::TooSmall { bits: 512 }));
        assert_eq!(
            f.to_string(),
            "rsa key: 512-bit modulus is below the 1024-bit minimum"
        );
    }

    #[test]
    fn an_invalid_enum_argument_names_the_argument_and_the_value() {
        let f = enum_arg::<oauthsig_result>(7000, "code").unwrap_err();
        assert_eq!(f.code, oauthsig_result::OAUTHSIG_INVALID_ARGUMENT);
        assert_eq!(f.to_string(), "code: 7000 is not an oauthsig_result value");
    }
}
