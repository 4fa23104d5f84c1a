//! Errors of the `oauthsig` crate: one enum that wraps the protocol layer's
//! [`oauthsig_core::Error`] and adds what only owned requests, token strings,
//! randomness and clocks can get wrong.
//!
//! Every message names the offending parameter or part and never contains a
//! value that could be secret: a token string that fails to parse is reported
//! by field name and byte offset, never echoed.

use std::fmt;

/// Everything that can go wrong in `oauthsig`.
///
/// ```
/// use oauthsig::{Error, Token};
/// let err = "oauth_token=abc".parse::<Token>().unwrap_err();
/// assert_eq!(err.to_string(), "credentials response: oauth_token_secret is missing");
/// assert!(matches!(err, Error::TokenString { .. }));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The protocol layer rejected a URL, parameter, header or key.
    Core(oauthsig_core::Error),
    /// The operating system's random number generator failed.
    Random(getrandom::Error),
    /// The system clock reads earlier than 1970-01-01, so no timestamp can be made.
    Clock,
    /// The URL scheme is neither `http` nor `https` (RFC 5849 signs HTTP requests).
    UnsupportedScheme,
    /// A credentials response (token string, RFC 5849 §2.1 / §2.3) is unusable.
    TokenString {
        /// The field at fault.
        field: TokenField,
        /// What is wrong with it.
        problem: TokenProblem,
    },
    /// A parameter the operation needs is not in the request.
    MissingParameter {
        /// The parameter name.
        name: &'static str,
    },
    /// A protocol parameter the operation needs appears more than once.
    DuplicateParameter {
        /// The parameter name.
        name: &'static str,
    },
    /// `oauth_body_hash` on a form-encoded request, which the Request Body
    /// Hash extension forbids (form bodies are already signed).
    BodyHashOnFormBody,
    /// A parameter set in code that is not a protocol (`oauth_`) parameter
    /// cannot travel in the `Authorization` header (§3.5.1); send it in the
    /// query or the body.
    NotAProtocolParameter {
        /// The parameter name (names are never secret; values are not shown).
        name: String,
    },
    /// An incoming request carries a header more than once that must appear once.
    DuplicateHeader {
        /// The header name, lowercase.
        name: &'static str,
    },
    /// `from_request` was given a query string and a URL with a different query.
    ConflictingQuery,
    /// A value of the `http` crate could not be used: a received header that
    /// is not text, or a signed header value or URI the crate refused.
    Http {
        /// Which value, e.g. `"authorization header"` or `"uri"`.
        part: &'static str,
    },
}

/// The field of a credentials response an [`Error::TokenString`] is about.
///
/// ```
/// use oauthsig::{Error, Token, TokenField};
/// let err = "oauth_token=a&oauth_token=b&oauth_token_secret=s".parse::<Token>().unwrap_err();
/// assert!(matches!(err, Error::TokenString { field: TokenField::Token, .. }));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenField {
    /// `oauth_token`.
    Token,
    /// `oauth_token_secret`.
    TokenSecret,
    /// `oauth_callback_confirmed`.
    CallbackConfirmed,
    /// Another field; its name is not repeated, since a mangled response may
    /// have a secret where a name should be.
    Other {
        /// Byte offset of the field in the response.
        offset: usize,
    },
}

/// What is wrong with a [`TokenField`].
///
/// ```
/// use oauthsig::{Error, Token, TokenProblem};
/// let err = "oauth_token=a&oauth_token=b&oauth_token_secret=s".parse::<Token>().unwrap_err();
/// assert!(matches!(err, Error::TokenString { problem: TokenProblem::Duplicate, .. }));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenProblem {
    /// The field is required and absent.
    Missing,
    /// The field is required and its value is empty.
    Empty,
    /// The field appears more than once.
    Duplicate,
    /// A `%` not followed by two hex digits, at this byte offset of the response.
    BadEscape {
        /// Byte offset in the response.
        offset: usize,
    },
    /// The decoded value is not UTF-8; offset of the first bad byte in the decoded text.
    InvalidUtf8 {
        /// Byte offset in the decoded text.
        offset: usize,
    },
}

impl fmt::Display for TokenField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenField::Token => f.write_str("oauth_token"),
            TokenField::TokenSecret => f.write_str("oauth_token_secret"),
            TokenField::CallbackConfirmed => f.write_str("oauth_callback_confirmed"),
            TokenField::Other { offset } => write!(f, "the field at byte {offset}"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Core(e) => e.fmt(f),
            Error::Random(e) => write!(f, "operating system random number generator failed: {e}"),
            Error::Clock => f.write_str("system clock is before 1970; cannot make a timestamp"),
            Error::UnsupportedScheme => f.write_str("url scheme must be http or https"),
            Error::TokenString { field, problem } => {
                write!(f, "credentials response: {field} ")?;
                match problem {
                    TokenProblem::Missing => f.write_str("is missing"),
                    TokenProblem::Empty => f.write_str("is empty"),
                    TokenProblem::Duplicate => f.write_str("appears more than once"),
                    TokenProblem::BadEscape { offset } => {
                        write!(f, "has a malformed percent escape at byte {offset}")
                    }
                    TokenProblem::InvalidUtf8 { offset } => {
                        write!(f, "is not utf-8 (decoded byte {offset})")
                    }
                }
            }
            Error::MissingParameter { name } => write!(f, "request has no {name} parameter"),
            Error::DuplicateParameter { name } => {
                write!(f, "request has the {name} parameter more than once")
            }
            Error::BodyHashOnFormBody => {
                f.write_str("oauth_body_hash is not allowed on a form-encoded request")
            }
            Error::NotAProtocolParameter { name } => write!(
                f,
                "parameter {name:?} is not an oauth_ parameter and cannot go in the \
                 authorization header; add it with query_param or form_param"
            ),
            Error::DuplicateHeader { name } => write!(f, "request has more than one {name} header"),
            Error::ConflictingQuery => {
                f.write_str("query string differs from the query already in the url")
            }
            Error::Http { part } => write!(f, "cannot use the http {part}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Core(e) => Some(e),
            Error::Random(e) => Some(e),
            _ => None,
        }
    }
}

impl From<oauthsig_core::Error> for Error {
    fn from(e: oauthsig_core::Error) -> Self {
        match e {
            // This crate named the rule before the engine did.
            oauthsig_core::Error::BodyHashOnFormBody => Error::BodyHashOnFormBody,
            oauthsig_core::Error::UnsupportedScheme => Error::UnsupportedScheme,
            e => Error::Core(e),
        }
    }
}

impl From<getrandom::Error> for Error {
    fn from(e: getrandom::Error) -> Self {
        Error::Random(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_keep_their_message_and_source() {
        let core = oauthsig_core::Error::BadMethod;
        let e = Error::from(core);
        assert_eq!(e.to_string(), core.to_string());
        assert!(std::error::Error::source(&e).is_some());
    }

    #[test]
    fn token_errors_name_the_field() {
        let e = Error::TokenString {
            field: TokenField::TokenSecret,
            problem: TokenProblem::BadEscape { offset: 7 },
        };
        assert_eq!(
            e.to_string(),
            "credentials response: oauth_token_secret has a malformed percent escape at byte 7"
        );
        let other = Error::TokenString {
            field: TokenField::Other { offset: 40 },
            problem: TokenProblem::InvalidUtf8 { offset: 2 },
        };
        assert_eq!(
            other.to_string(),
            "credentials response: the field at byte 40 is not utf-8 (decoded byte 2)"
        );
    }
}
