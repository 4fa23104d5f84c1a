//! RSA key files (RFC 5849 §3.4.3): the consumer's private key for `sign`
//! (`--private-key`, with `--passphrase-file` or `$OAUTHSIG_PASSPHRASE` when
//! it is encrypted) and its public key for `verify` (`--public-key`).
//!
//! Every format is the library's to detect and read (`RsaPrivateKey::parse`,
//! `RsaPublicKey::parse`: PEM, DER or bare base64; PKCS#1, PKCS#8, encrypted
//! PKCS#8, SPKI, X.509 certificates). This module reads the files, warns
//! about a private key others can read and refuses such a passphrase file
//! (as the credentials file), and words the library's errors with the file
//! they are about. What must stay true: no message and no `--verbose` line
//! ever holds a byte of a key file or of the passphrase, only a path, a
//! size and the format problem.

use crate::credentials::{check_permissions, warn_permissions};
use crate::error::Error;
use oauthsig::oauthsig_core::Error as CoreError;
use oauthsig::{KeyProblem, RsaPrivateKey, RsaPublicKey};
use std::io::{Read as _, Write as _};
use std::path::Path;
use zeroize::Zeroizing;

/// The environment variable an encrypted key's passphrase is taken from
/// when there is no `--passphrase-file`.
pub const PASSPHRASE_ENV: &str = "OAUTHSIG_PASSPHRASE";

/// Keys below this size are used with a warning: NIST SP 800-131A has
/// disallowed 1024-bit RSA signatures since 2014, yet provider guides still
/// generate them (the library's floor is 1024).
const RECOMMENDED_BITS: usize = 2048;

/// The largest file read as a key, certificate or passphrase. An 8192-bit
/// key in PEM is under 7 KiB; a larger file is not one, and `/dev/zero`
/// must not be read forever.
const MAX_FILE: u64 = 1 << 20;

/// A key read from a file, with its size in bits.
pub struct KeyFile<K> {
    /// The key.
    pub key: K,
    /// Its modulus size in bits.
    pub bits: usize,
}

/// An encrypted key's passphrase and where it came from (never what it is).
struct Passphrase {
    bytes: Zeroizing<Vec<u8>>,
    origin: String,
}

/// Reads `--private-key PATH`: a warning when others can read it, a
/// passphrase tried when one is given (`--passphrase-file`, else
/// `$OAUTHSIG_PASSPHRASE`), a warning below 2048 bits.
///
/// # Errors
/// An unreadable or too open file, or the library's key error, each naming
/// the file.
pub fn read_private(
    path: &Path,
    passphrase_file: Option<&Path>,
) -> Result<KeyFile<RsaPrivateKey>, Error> {
    warn_permissions(path, "private key")?;
    // The file's copy of the key is wiped once parsed (the key wipes its own).
    let bytes = Zeroizing::new(read_limited(path)?);
    let passphrase = passphrase(passphrase_file)?;
    let parsed = match &passphrase {
        // Reads unencrypted keys too: an ambient passphrase is harmless.
        Some(p) => RsaPrivateKey::parse_encrypted(&bytes, &p.bytes),
        None => RsaPrivateKey::parse(&bytes),
    };
    let key = parsed.map_err(|e| key_error("--private-key", path, &e, passphrase.as_ref()))?;
    let bits = key.bits();
    warn_if_small("--private-key", path, bits);
    Ok(KeyFile { key, bits })
}

/// Reads `--public-key PATH` (not secret: no permission check); a warning
/// below 2048 bits.
///
/// # Errors
/// An unreadable file, or the library's key error, naming the file.
pub fn read_public(path: &Path) -> Result<KeyFile<RsaPublicKey>, Error> {
    let bytes = read_limited(path)?;
    let key = RsaPublicKey::parse(&bytes).map_err(|e| key_error("--public-key", path, &e, None))?;
    let bits = key.bits();
    warn_if_small("--public-key", path, bits);
    Ok(KeyFile { key, bits })
}

/// The passphrase from `--passphrase-file`, else the environment, if any.
fn passphrase(file: Option<&Path>) -> Result<Option<Passphrase>, Error> {
    if let Some(path) = file {
        check_permissions(path, "passphrase file")?;
        let mut bytes = Zeroizing::new(read_limited(path)?);
        // `echo secret > file` ends it with a newline that is not part of it.
        if bytes.ends_with(b"\n") {
            bytes.pop();
            if bytes.ends_with(b"\r") {
                bytes.pop();
            }
        }
        return Ok(Some(Passphrase {
            bytes,
            origin: format!("--passphrase-file {}", path.display()),
        }));
    }
    let Some(value) = std::env::var_os(PASSPHRASE_ENV) else {
        return Ok(None);
    };
    let value = value
        .into_string()
        .map_err(|_| Error::new(format!("${PASSPHRASE_ENV} is not valid UTF-8")))?;
    Ok(Some(Passphrase {
        bytes: Zeroizing::new(value.into_bytes()),
        origin: format!("${PASSPHRASE_ENV}"),
    }))
}

/// The file's bytes, at most [`MAX_FILE`] of them.
fn read_limited(path: &Path) -> Result<Vec<u8>, Error> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, &e))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, &e))?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(Error::new(format!(
            "{} is larger than 1 MiB, which no key or passphrase is",
            path.display()
        )));
    }
    Ok(bytes)
}

/// The library's key error (which names the format problem and never the
/// key), with the option and file, and what to do where that is known.
fn key_error(flag: &str, path: &Path, e: &CoreError, passphrase: Option<&Passphrase>) -> Error {
    let hint = match (e, passphrase) {
        (CoreError::Key(KeyProblem::Encrypted), _) => {
            format!("; give it with --passphrase-file FILE or ${PASSPHRASE_ENV}")
        }
        (CoreError::Key(KeyProblem::Decryption), Some(p)) => {
            format!(" (passphrase from {})", p.origin)
        }
        (CoreError::Key(KeyProblem::NotRsa), _) => {
            "; RSA-SHA1, RSA-SHA256 and RSA-SHA512 need an RSA key".to_owned()
        }
        (CoreError::Key(KeyProblem::PrivateWherePublic), _) => {
            "; give its public half (openssl pkey -pubout)".to_owned()
        }
        _ => String::new(),
    };
    Error::new(format!("{flag} {}: {e}{hint}", path.display()))
}

/// Warns on stderr about a key below [`RECOMMENDED_BITS`].
fn warn_if_small(flag: &str, path: &Path, bits: usize) {
    if bits < RECOMMENDED_BITS {
        let _ = writeln!(
            std::io::stderr(),
            "warning: {flag} {}: a {bits}-bit RSA key; use 2048 bits or more (NIST SP 800-131A)",
            path.display()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_errors_name_the_file_and_the_problem() {
        let e = key_error(
            "--private-key",
            Path::new("k.pem"),
            &CoreError::Key(KeyProblem::Encrypted),
            None,
        );
        assert_eq!(
            e.to_string(),
            "--private-key k.pem: rsa key: the key is encrypted and needs a passphrase; \
             give it with --passphrase-file FILE or $OAUTHSIG_PASSPHRASE"
        );
        let from_env = Passphrase {
            bytes: Zeroizing::new(b"hunter2".to_vec()),
            origin: format!("${PASSPHRASE_ENV}"),
        };
        let e = key_error(
            "--private-key",
            Path::new("k.pem"),
            &CoreError::Key(KeyProblem::Decryption),
            Some(&from_env),
        )
        .to_string();
        assert!(e.ends_with("(passphrase from $OAUTHSIG_PASSPHRASE)"), "{e}");
        assert!(!e.contains("hunter2"));
    }
}
