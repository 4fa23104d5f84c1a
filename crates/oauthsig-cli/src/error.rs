//! The command's one error type: a one-line message naming the bad input
//! (which option, which parameter, which byte), printed as `error: …` with
//! exit code 2. Messages never contain secret values.

use std::fmt;
use std::path::Path;

/// A usage or input error, already worded for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error(String);

impl Error {
    /// An error with this message.
    pub fn new(message: impl fmt::Display) -> Self {
        Error(message.to_string())
    }

    /// An I/O failure on `path` (`-` is standard input).
    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        if path == Path::new("-") {
            Error(format!("cannot read standard input: {err}"))
        } else {
            Error(format!("cannot read {}: {err}", path.display()))
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A message is one line whatever went into it: an embedded newline
        // would break `2>` parsing and could forge a second message.
        for c in self.0.chars() {
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
