//! What the commands print besides their one result line: the `--verbose`
//! explanation of a signature (RFC 5849 §3.4.1: parameters with their
//! sources, normalized parameters, base string URI, base string, key), shell
//! quoting for `--curl`, and values made printable so that one value is
//! always one line and reads back unambiguously.

use crate::credentials::Sourced;
use oauthsig::oauthsig_core::{Param, Text};
use oauthsig::{SignatureMethod, Source, encode};
use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::path::Path;

/// Octets shown as text: UTF-8 as is, except that control characters are
/// escaped (`\n`, `\u{1b}`), `\` and `"` are backslash-escaped, and a byte
/// that is not part of UTF-8 (a Latin-1 `é` decoded from `%E9`) is `\xE9`.
/// A value from the wire cannot break a line or drive the terminal, and
/// no two values print alike: nothing is replaced.
pub struct Printable<T>(pub T);

impl<T: AsRef<[u8]>> fmt::Display for Printable<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for chunk in self.0.as_ref().utf8_chunks() {
            for c in chunk.valid().chars() {
                match c {
                    '\\' | '"' => write!(f, "\\{c}")?,
                    c if c.is_control() => write!(f, "{}", c.escape_default())?,
                    c => f.write_char(c)?,
                }
            }
            for b in chunk.invalid() {
                write!(f, "\\x{b:02X}")?;
            }
        }
        Ok(())
    }
}

/// The decoded octets of a received or collected name or value.
pub fn octets(text: &Text<'_>) -> Vec<u8> {
    text.decoded().collect()
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
fn source_label(p: &Param<'_>) -> &'static str {
    match p.source {
        Source::Code if p.is_protocol() => "protocol",
        other => other.as_str(),
    }
}

/// The key a request is signed or checked with, for `--verbose`.
pub struct KeyShown<'a> {
    /// The signature method of the key (unknown for a received request
    /// naming a method this library does not have).
    pub method: Option<SignatureMethod>,
    /// The key.
    pub key: KeyKind<'a>,
}

/// The two kinds of key a consumer has (RFC 5849 §3.4).
#[derive(Clone, Copy)]
pub enum KeyKind<'a> {
    /// Shared secrets (§3.4.2, §3.4.4).
    Secrets {
        /// The consumer secret used.
        consumer_secret: &'a Sourced,
        /// The token secret used, if any.
        token_secret: Option<&'a Sourced>,
        /// Whether to print the secrets rather than their lengths.
        show_secrets: bool,
    },
    /// An RSA key read from a file (§3.4.3): shown by its kind, size and
    /// file only. A private key is never printed, `--show-secrets` or not.
    Rsa {
        /// The public key (`verify`) rather than the private one (`sign`).
        public: bool,
        /// Its modulus size in bits.
        bits: usize,
        /// The option that named the file.
        flag: &'static str,
        /// The file.
        path: &'a Path,
    },
}

/// What `--verbose` explains, each part as the engine made it.
pub struct Explain<'a> {
    /// The parameters in order of collection (`oauth_signature` is skipped).
    pub parameters: Vec<Param<'a>>,
    /// The normalized parameters (§3.4.1.3.2).
    pub normalized: String,
    /// The base string URI (§3.4.1.2).
    pub uri: String,
    /// The signature base string (§3.4.1.1).
    pub base_string: String,
    /// The key.
    pub key: KeyShown<'a>,
    /// The signature, made or presented (decoded octets).
    pub signature: Option<Vec<u8>>,
}

impl Explain<'_> {
    /// The explanation, one `section:` line and indented lines each.
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = writeln!(
            out,
            "parameters (source, name, decoded value; in order of collection):"
        );
        for p in &self.parameters {
            if p.name.eq_decoded(b"oauth_signature") {
                continue; // not signed (§3.4.1.3.1); shown below
            }
            let _ = writeln!(
                out,
                "  {:<9}{} = \"{}\"",
                source_label(p),
                Printable(octets(&p.name)),
                Printable(octets(&p.value))
            );
        }
        let _ = writeln!(out, "normalized parameters:\n  {}", self.normalized);
        let _ = writeln!(out, "base string uri:\n  {}", self.uri);
        let _ = writeln!(out, "signature base string:\n  {}", self.base_string);
        self.key.render(&mut out);
        if let Some(signature) = &self.signature {
            let _ = writeln!(out, "signature:\n  {}", self.key.signature(signature));
        }
        out
    }
}

impl KeyShown<'_> {
    /// The `signing key` (or `public key`) section: the key, then where it
    /// came from.
    fn render(&self, out: &mut String) {
        let title = match self.key {
            KeyKind::Rsa { public: true, .. } => "public key",
            _ => "signing key",
        };
        match self.method {
            Some(method) => {
                let _ = writeln!(out, "{title} ({method}):\n  {}", self.key.shown());
            }
            None => {
                let _ = writeln!(out, "{title}:\n  {}", self.key.shown());
            }
        }
        match &self.key {
            KeyKind::Secrets {
                consumer_secret,
                token_secret,
                ..
            } => {
                let _ = write!(out, "  consumer secret from {}", consumer_secret.origin);
                match token_secret {
                    Some(t) => {
                        let _ = writeln!(out, "; token secret from {}", t.origin);
                    }
                    None => out.push_str("; no token\n"),
                }
            }
            KeyKind::Rsa { flag, path, .. } => {
                let _ = writeln!(out, "  from {flag} {}", path.display());
            }
        }
    }

    /// A PLAINTEXT signature is the key itself (§3.4.4), so it is masked
    /// like the key.
    fn signature(&self, signature: &[u8]) -> String {
        let masked = match self.key {
            KeyKind::Secrets { show_secrets, .. } => !show_secrets,
            KeyKind::Rsa { .. } => true,
        };
        if self.method == Some(SignatureMethod::Plaintext) && masked {
            format!("<the signing key, {} bytes>", signature.len())
        } else {
            Printable(signature).to_string()
        }
    }
}

impl KeyKind<'_> {
    /// The key: for secrets the signing key (§3.4.2), the encoded secrets
    /// joined by `&` or their lengths in their place; for RSA its kind and
    /// size.
    fn shown(&self) -> String {
        let (consumer, token, show_secrets) = match self {
            KeyKind::Secrets {
                consumer_secret,
                token_secret,
                show_secrets,
            } => (
                &consumer_secret.value,
                token_secret.map(|t| t.value.as_str()),
                *show_secrets,
            ),
            KeyKind::Rsa {
                public: true, bits, ..
            } => return format!("<RSA public key, {bits} bits>"),
            KeyKind::Rsa { bits, .. } => {
                return format!("<RSA private key, {bits} bits; never shown>");
            }
        };
        if show_secrets {
            return format!("{}&{}", encode(consumer), encode(token.unwrap_or("")));
        }
        let mut key = format!("<consumer secret, {} bytes>&", consumer.len());
        if let Some(token) = token {
            let _ = write!(key, "<token secret, {} bytes>", token.len());
        }
        key
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
    fn octets_that_are_not_utf8_are_escaped_not_replaced() {
        assert_eq!(Printable(b"Mal\xe9").to_string(), "Mal\\xE9");
        assert_eq!(Printable("Mal\u{e9}").to_string(), "Malé");
        // A literal backslash cannot pass for an escape, nor a quote end one.
        assert_eq!(Printable(r#"Mal\xE9 "q""#).to_string(), r#"Mal\\xE9 \"q\""#);
        assert_eq!(Printable(b"\xc3").to_string(), "\\xC3");
    }

    #[test]
    fn sources_are_named() {
        let mut p = Param::raw("oauth_nonce", "n");
        assert_eq!(source_label(&p), "protocol");
        assert_eq!(source_label(&Param::raw("count", "1")), "code");
        p.source = Source::Header;
        assert_eq!(source_label(&p), "header");
        p.source = Source::Query;
        assert_eq!(source_label(&p), "query");
    }
}
