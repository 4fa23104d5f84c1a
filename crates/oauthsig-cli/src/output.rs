//! What the commands print besides their one result line: the `--verbose`
//! explanation of a signature (RFC 5849 §3.4.1: parameters with their
//! sources, normalized parameters, base string URI, base string, key), shell
//! quoting for `--curl`, and control characters made visible so one value is
//! always one line.

use crate::credentials::Sourced;
use crate::error::Error;
use oauthsig::{Request, SignatureMethod, Source, encode};
use std::borrow::Cow;
use std::fmt::{self, Write as _};

/// Text with its control characters escaped (`\n`, `\u{1b}`), everything
/// else as is: a value from the wire cannot break a line or drive the terminal.
pub struct Printable<'a>(pub &'a str);

impl fmt::Display for Printable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            if c.is_control() {
                write!(f, "{}", c.escape_default())?;
            } else {
                f.write_char(c)?;
            }
        }
        Ok(())
    }
}

/// `text` as one POSIX shell word: as is when it holds only characters no
/// shell treats specially, else single-quoted (a `'` becomes `'\''`).
pub fn shell_quote(text: &str) -> Cow<'_, str> {
    let plain = |b: u8| b.is_ascii_alphanumeric() || b"-_./:=@%+,".contains(&b);
    if !text.is_empty() && text.bytes().all(plain) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(format!("'{}'", text.replace('\'', r"'\''")))
    }
}

/// How a parameter got into the request, as `--verbose` names it: a
/// protocol parameter set by this command is "protocol", any other set in
/// code (`--param`) is "code".
fn source_label(source: Source, name: &str) -> &'static str {
    match source {
        Source::Code if name.starts_with("oauth_") => "protocol",
        other => other.as_str(),
    }
}

/// What `--verbose` explains.
pub struct Explain<'a> {
    /// The request, signed or as received.
    pub request: &'a Request,
    /// The signature method of the key (unknown for a received request
    /// naming a method this library does not have).
    pub method: Option<SignatureMethod>,
    /// The consumer secret used.
    pub consumer_secret: &'a Sourced,
    /// The token secret used, if any.
    pub token_secret: Option<&'a Sourced>,
    /// Whether to print the secrets rather than their lengths.
    pub show_secrets: bool,
}

impl Explain<'_> {
    /// Writes the explanation, one `section:` line and indented lines each.
    ///
    /// # Errors
    /// When the request's base string cannot be made (it could be signed or
    /// parsed, so in practice never).
    pub fn render(&self) -> Result<String, Error> {
        let r = self.request;
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = writeln!(
            out,
            "parameters (source, name, decoded value; in order of collection):"
        );
        for p in r.parameters() {
            if p.name() == "oauth_signature" {
                continue; // not signed (§3.4.1.3.1); shown below
            }
            let _ = writeln!(
                out,
                "  {:<9}{} = \"{}\"",
                source_label(p.source(), p.name()),
                Printable(p.name()),
                Printable(p.value())
            );
        }
        let _ = writeln!(
            out,
            "normalized parameters:\n  {}",
            r.normalized_parameters()?
        );
        let _ = writeln!(out, "base string uri:\n  {}", r.normalized_url());
        let _ = writeln!(
            out,
            "signature base string:\n  {}",
            r.signature_base_string()?
        );
        match self.method {
            Some(method) => {
                let _ = writeln!(out, "signing key ({method}):\n  {}", self.key());
            }
            None => {
                let _ = writeln!(out, "signing key:\n  {}", self.key());
            }
        }
        let _ = write!(
            out,
            "  consumer secret from {}",
            self.consumer_secret.origin
        );
        match self.token_secret {
            Some(t) => {
                let _ = writeln!(out, "; token secret from {}", t.origin);
            }
            None => out.push_str("; no token\n"),
        }
        if let Some(signature) = r.signature() {
            let _ = writeln!(out, "signature:\n  {}", self.signature(signature));
        }
        Ok(out)
    }

    /// The signing key (§3.4.2): the encoded secrets joined by `&`, or their
    /// lengths in their place.
    fn key(&self) -> String {
        let consumer = &self.consumer_secret.value;
        let token = self.token_secret.map(|t| t.value.as_str());
        if self.show_secrets {
            return format!("{}&{}", encode(consumer), encode(token.unwrap_or("")));
        }
        let mut key = format!("<consumer secret, {} bytes>&", consumer.len());
        if let Some(token) = token {
            let _ = write!(key, "<token secret, {} bytes>", token.len());
        }
        key
    }

    /// A PLAINTEXT signature is the key itself (§3.4.4), so it is masked
    /// like the key.
    fn signature(&self, signature: &str) -> String {
        if self.method == Some(SignatureMethod::Plaintext) && !self.show_secrets {
            format!("<the signing key, {} bytes>", signature.len())
        } else {
            signature.to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_leaves_plain_words_alone() {
        assert_eq!(shell_quote("http://h/p?a=1%20b"), "'http://h/p?a=1%20b'");
        assert_eq!(shell_quote("http://h/p"), "http://h/p");
        assert_eq!(shell_quote("-XPOST"), "-XPOST");
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("$HOME"), "'$HOME'");
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(
            Printable("a\nb\u{1b}[0m é").to_string(),
            "a\\nb\\u{1b}[0m é"
        );
    }

    #[test]
    fn sources_are_named() {
        assert_eq!(source_label(Source::Code, "oauth_nonce"), "protocol");
        assert_eq!(source_label(Source::Code, "count"), "code");
        assert_eq!(source_label(Source::Header, "oauth_nonce"), "header");
        assert_eq!(source_label(Source::Query, "a"), "query");
    }
}
