//! Errors of the protocol layer: one small `Copy` enum whose variants name the
//! offending part, so callers (and the C ABI) can say exactly what was wrong.

use crate::protocol::ProtocolParam;
use crate::signature::SignatureMethod;
use core::fmt;

/// Which part of a request an error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Part {
    /// The URL's scheme.
    Scheme,
    /// The URL's host (authority).
    Host,
    /// The URL's port.
    Port,
    /// The URL's path.
    Path,
    /// The URL's query component.
    Query,
    /// An `application/x-www-form-urlencoded` body.
    Body,
    /// The `Authorization` header.
    Header,
    /// The HTTP method.
    Method,
    /// The `realm` value.
    Realm,
    /// A parameter name.
    Name,
    /// A parameter value.
    Value,
    /// Text handed to the decoder directly.
    Text,
}

impl Part {
    /// The lowercase name used in messages.
    pub const fn as_str(self) -> &'static str {
        match self {
            Part::Scheme => "scheme",
            Part::Host => "host",
            Part::Port => "port",
            Part::Path => "path",
            Part::Query => "query",
            Part::Body => "body",
            Part::Header => "authorization header",
            Part::Method => "method",
            Part::Realm => "realm",
            Part::Name => "parameter name",
            Part::Value => "parameter value",
            Part::Text => "text",
        }
    }
}

/// Everything that can go wrong in `oauthsig-core`.
///
/// Messages are lowercase, one line, and never contain secret material.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    /// A `%` not followed by two hex digits.
    BadEscape {
        /// Where the text came from.
        part: Part,
        /// Byte offset of the `%` within that part.
        offset: usize,
    },
    /// Decoded bytes are not UTF-8.
    InvalidUtf8 {
        /// Where the text came from.
        part: Part,
        /// Byte offset (in the decoded text) of the first invalid byte.
        offset: usize,
    },
    /// The URL cannot be signed: the named part is missing or malformed.
    BadUrl {
        /// The missing or malformed part.
        part: Part,
        /// Byte offset in the URL where the problem was found.
        offset: usize,
    },
    /// The HTTP method is empty or contains characters a token may not.
    BadMethod,
    /// The caller-supplied parameter storage is too small.
    TooManyParameters {
        /// How many slots the parameters seen so far need.
        needed: usize,
    },
    /// An output buffer is too small.
    BufferTooSmall {
        /// The exact number of bytes the output needs.
        needed: usize,
    },
    /// The `Authorization` header is malformed.
    BadHeader {
        /// What is wrong.
        reason: HeaderProblem,
        /// Byte offset in the header value.
        offset: usize,
    },
    /// The same parameter appears twice in the `Authorization` header.
    DuplicateHeaderParameter {
        /// Byte offset of the second occurrence.
        offset: usize,
    },
    /// A realm contains a control character and cannot be written safely.
    BadRealm {
        /// Byte offset of the first offending character.
        offset: usize,
    },
    /// The signature method name is not one this library knows.
    UnknownSignatureMethod,
    /// A PLAINTEXT key is larger than the heap-free key can hold.
    SecretTooLong {
        /// Encoded key length that was asked for.
        needed: usize,
        /// The most a heap-free PLAINTEXT key holds.
        max: usize,
    },
    /// A protocol parameter was given twice to the signer (§3.1: each
    /// appears once).
    ProtocolParameterTwice(ProtocolParam),
    /// A parameter the signer writes itself (`oauth_signature`,
    /// `oauth_signature_method`) was given as an extra.
    ReservedParameter(ProtocolParam),
    /// An extra parameter set in code is not `oauth_*`, so the
    /// `Authorization` header cannot carry it (§3.5.1).
    ExtraNotInHeader {
        /// Its position among the extras.
        index: usize,
    },
    /// Protocol parameters can go in the body only when it is form-encoded
    /// (§3.5.2).
    NotFormEncoded,
    /// `oauth_body_hash` with a form-encoded body: the Request Body Hash
    /// extension forbids it (the body's parameters are signed already).
    BodyHashOnFormBody,
    /// The key is of the wrong kind for the method: RSA methods sign with
    /// an RSA private key, the others with shared secrets.
    WrongKeyKind(SignatureMethod),
    /// This build of the library was compiled without the method (each
    /// method is a Cargo feature; see
    /// [`SignatureMethod::is_available`](crate::SignatureMethod::is_available)).
    MethodUnavailable(SignatureMethod),
    /// An RSA key could not be read, or may not be used.
    Key(KeyProblem),
    /// The RSA operation failed (its fault check, or no randomness for
    /// blinding).
    RsaFailure,
    /// The URL's scheme is neither `http` nor `https`: the base string URI
    /// is "an http or https URI" (§3.4.1.2), so nothing else is signed or
    /// verified.
    UnsupportedScheme,
    /// PLAINTEXT to an `http://` URL: the signature is the secrets in
    /// clear, and §3.4.4 requires TLS. Refused unless the request opts in
    /// ([`HttpRequest::allow_plaintext_over_http`](crate::HttpRequest::allow_plaintext_over_http)).
    PlaintextOverHttp,
}

/// Why an RSA key could not be read or used. The messages name the format
/// problem and never the key's content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyProblem {
    /// Not a well-formed PEM document.
    Pem,
    /// An OpenSSL legacy-encrypted PEM (`Proc-Type: 4,ENCRYPTED`).
    LegacyEncrypted,
    /// A PEM label this library does not read.
    UnsupportedLabel,
    /// Not base64, nor PEM or DER.
    Base64,
    /// The DER structure is not the expected key format.
    Der,
    /// The key is not an RSA key (rsaEncryption).
    NotRsa,
    /// The key's numbers are inconsistent.
    Invalid,
    /// Encrypted, and no passphrase was given.
    Encrypted,
    /// The passphrase is wrong or the encrypted key is corrupt.
    Decryption,
    /// The encrypted key asks for a key derivation beyond sane limits
    /// (PBKDF2 iterations, scrypt memory).
    KdfCost,
    /// A public key or certificate where a private key is needed.
    PublicWherePrivate,
    /// A private key where a public key is needed.
    PrivateWherePublic,
    /// The modulus is below 1024 bits.
    TooSmall {
        /// Its size.
        bits: usize,
    },
    /// The modulus is above 8192 bits.
    TooLarge {
        /// Its size.
        bits: usize,
    },
}

impl fmt::Display for KeyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            KeyProblem::Pem => f.write_str("not a well-formed PEM document"),
            KeyProblem::LegacyEncrypted => f.write_str(
                "legacy OpenSSL encryption (Proc-Type header) is not supported; convert with `openssl pkcs8 -topk8`",
            ),
            KeyProblem::UnsupportedLabel => f.write_str(
                "PEM label is not RSA PRIVATE KEY, PRIVATE KEY, ENCRYPTED PRIVATE KEY, PUBLIC KEY, RSA PUBLIC KEY or CERTIFICATE",
            ),
            KeyProblem::Base64 => f.write_str("neither PEM, DER nor base64"),
            KeyProblem::Der => f.write_str("malformed DER for this key format"),
            KeyProblem::NotRsa => f.write_str("not an RSA key"),
            KeyProblem::Invalid => f.write_str("inconsistent RSA key components"),
            KeyProblem::Encrypted => f.write_str("the key is encrypted and needs a passphrase"),
            KeyProblem::Decryption => f.write_str("wrong passphrase or corrupt encrypted key"),
            KeyProblem::KdfCost => f.write_str(
                "the encrypted key's key derivation is too costly (PBKDF2 over 10^7 iterations or scrypt over 256 MiB)",
            ),
            KeyProblem::PublicWherePrivate => {
                f.write_str("a public key or certificate where a private key is needed")
            }
            KeyProblem::PrivateWherePublic => {
                f.write_str("a private key where a public key is needed")
            }
            KeyProblem::TooSmall { bits } => {
                write!(f, "{bits}-bit modulus is below the 1024-bit minimum")
            }
            KeyProblem::TooLarge { bits } => {
                write!(f, "{bits}-bit modulus is above the 8192-bit maximum")
            }
        }
    }
}

/// The ways an `Authorization` header can be malformed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HeaderProblem {
    /// The scheme is not `OAuth`.
    NotOAuth,
    /// A parameter has no `=`.
    MissingEquals,
    /// A value is not a quoted string.
    MissingQuote,
    /// A quoted string never ends.
    UnterminatedQuote,
    /// An empty item between commas, or a trailing comma.
    StrayComma,
    /// Something other than `,` follows a value.
    ExpectedComma,
    /// A parameter name is empty or has characters a token may not.
    BadName,
    /// More than [`crate::header::MAX_HEADER_PARAMS`] parameters.
    TooManyParameters,
    /// A control character (CR, LF, NUL, … but not HTAB) inside a quoted
    /// value, raw or after a `\`.
    ControlCharacter,
}

impl HeaderProblem {
    const fn as_str(self) -> &'static str {
        match self {
            HeaderProblem::NotOAuth => "scheme is not OAuth",
            HeaderProblem::MissingEquals => "parameter without '='",
            HeaderProblem::MissingQuote => "value is not quoted",
            HeaderProblem::UnterminatedQuote => "unterminated quoted value",
            HeaderProblem::StrayComma => "stray comma",
            HeaderProblem::ExpectedComma => "expected ',' between parameters",
            HeaderProblem::BadName => "bad parameter name",
            HeaderProblem::TooManyParameters => "too many parameters",
            HeaderProblem::ControlCharacter => "control character in a quoted value",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Error::BadEscape { part, offset } => write!(
                f,
                "malformed percent escape in {} at byte {offset}",
                part.as_str()
            ),
            Error::InvalidUtf8 { part, offset } => {
                write!(f, "invalid utf-8 in {} at byte {offset}", part.as_str())
            }
            Error::BadUrl { part, offset } => write!(
                f,
                "url cannot be signed: bad or missing {} at byte {offset}",
                part.as_str()
            ),
            Error::BadMethod => f.write_str("http method is empty or not a token"),
            Error::TooManyParameters { needed } => {
                write!(f, "parameter storage too small: {needed} slots needed")
            }
            Error::BufferTooSmall { needed } => {
                write!(f, "output buffer too small: {needed} bytes needed")
            }
            Error::BadHeader { reason, offset } => write!(
                f,
                "malformed authorization header at byte {offset}: {}",
                reason.as_str()
            ),
            Error::DuplicateHeaderParameter { offset } => write!(
                f,
                "duplicate parameter in authorization header at byte {offset}"
            ),
            Error::BadRealm { offset } => {
                write!(f, "realm has a control character at byte {offset}")
            }
            Error::UnknownSignatureMethod => f.write_str("unknown signature method"),
            Error::SecretTooLong { needed, max } => write!(
                f,
                "plaintext key of {needed} bytes exceeds the heap-free limit of {max}"
            ),
            Error::ProtocolParameterTwice(p) => write!(f, "protocol parameter {p} given twice"),
            Error::ReservedParameter(p) => {
                write!(f, "{p} is written by the signer and cannot be given")
            }
            Error::ExtraNotInHeader { index } => write!(
                f,
                "extra parameter {index} is not an oauth_ parameter and cannot go in the authorization header"
            ),
            Error::NotFormEncoded => {
                f.write_str("parameters can go in the body only when it is form-encoded")
            }
            Error::BodyHashOnFormBody => {
                f.write_str("oauth_body_hash is not allowed with a form-encoded body")
            }
            Error::WrongKeyKind(m) if m.is_rsa() => {
                write!(f, "{m} signs with an RSA private key, not shared secrets")
            }
            Error::WrongKeyKind(m) => {
                write!(f, "{m} signs with shared secrets, not an RSA key")
            }
            Error::MethodUnavailable(m) => {
                write!(f, "{m} is not in this build (its cargo feature is off)")
            }
            Error::Key(problem) => write!(f, "rsa key: {problem}"),
            Error::RsaFailure => f.write_str("the rsa signing operation failed"),
            Error::UnsupportedScheme => f.write_str("url scheme must be http or https"),
            Error::PlaintextOverHttp => f.write_str(
                "PLAINTEXT over http would send the secrets in clear; RFC 5849 §3.4.4 requires TLS (use https, or opt in explicitly)",
            ),
        }
    }
}

impl core::error::Error for Error {}

impl From<KeyProblem> for Error {
    fn from(problem: KeyProblem) -> Self {
        Error::Key(problem)
    }
}
