//! The command's one error type: a one-line message naming the bad input
//! (which option, which parameter, which byte), printed as `error: …` with
//! exit code 2; or, for the commands that talk to a provider, naming what
//! failed on the way (no answer, a refused step), with exit code 1.
//! Messages never contain secret values.

use std::fmt;
use std::path::Path;

/// An error, already worded for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    message: String,
    kind: Kind,
}

/// Whose fault, for the exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A usage or input error (exit code 2).
    Usage,
    /// The input was fine, the exchange with the provider failed (exit code 1).
    Failed,
}

impl Error {
    /// A usage or input error with this message.
    pub fn new(message: impl fmt::Display) -> Self {
        Error {
            message: message.to_string(),
            kind: Kind::Usage,
        }
    }

    /// An exchange with the provider that failed: no answer, or a step of
    /// a flow it refused.
    pub fn failed(message: impl fmt::Display) -> Self {
        Error {
            message: message.to_string(),
            kind: Kind::Failed,
        }
    }

    /// Whose fault it is.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// An I/O failure on `path` (`-` is standard input).
    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        if path == Path::new("-") {
            Error::new(format!("cannot read standard input: {err}"))
        } else {
            Error::new(format!("cannot read {}: {err}", path.display()))
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A message is one line whatever went into it: an embedded newline
        // would break `2>` parsing and could forge a second message.
        for c in self.message.chars() {
            match c {
                '\n' | '\r' => f.write_str(" ")?,
                c => fmt::Write::write_char(f, c)?,
            }
        }
        Ok(())
    }
}

impl From<oauthsig::Error> for Error {
    fn from(e: oauthsig::Error) -> Self {
        Error::new(e)
    }
}

impl From<oauthsig::oauthsig_core::Error> for Error {
    fn from(e: oauthsig::oauthsig_core::Error) -> Self {
        Error::new(e)
    }
}

#[cfg(test)]
mod tests {
    use super::Error;

    #[test]
    fn messages_stay_on_one_line() {
        assert_eq!(Error::new("a\nb\r\nc").to_string(), "a b  c");
    }
}
