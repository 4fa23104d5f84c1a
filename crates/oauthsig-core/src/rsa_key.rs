//! RSA keys as providers hand them out (feature `rsa`).
//!
//! Private keys: PKCS#1 (`RSA PRIVATE KEY`), PKCS#8 (`PRIVATE KEY`) and
//! encrypted PKCS#8 (`ENCRYPTED PRIVATE KEY`, with a passphrase), as PEM or
//! DER. Public keys: SPKI (`PUBLIC KEY`), PKCS#1 (`RSA PUBLIC KEY`), an X.509
//! certificate (`CERTIFICATE`, a container for its key only: no chain,
//! name or expiry is checked), as PEM or DER, and bare base64 SPKI (what
//! Jira's application-link field holds).
//!
//! Every format is reduced to its PKCS#1 key (RFC 8017 appendix A.1), whose
//! modulus must be 1024 to 8192 bits: provider guides still generate
//! 1024-bit keys, and nothing smaller resists factoring.

use crate::error::{Error, KeyProblem};
use alloc::vec::Vec;
use core::fmt;
use rsa::pkcs1::{self, RsaPrivateKeyRef, RsaPublicKeyRef};
use rsa::pkcs8::der::{self, Decode as _, pem};
use rsa::pkcs8::{self, spki};
use rsa::traits::PublicKeyParts as _;
use zeroize::Zeroizing;

/// The smallest modulus accepted, in bits.
pub const MIN_RSA_BITS: usize = 1024;
/// The largest modulus accepted, in bits.
pub const MAX_RSA_BITS: usize = 8192;

/// An RSA private key, for RSA-SHA1/256/512 signing.
///
/// Its memory is wiped when it is dropped; `Debug` shows only its size.
#[derive(Clone)]
pub struct RsaPrivateKey(rsa::PrivateKey);

/// An RSA public key, for checking RSA-SHA1/256/512 signatures.
#[derive(Clone, PartialEq, Eq)]
pub struct RsaPublicKey(rsa::PublicKey);

/// What a byte string looks like, for the `parse` functions.
enum Encoding {
    Pem,
    Der,
    Base64,
}

fn sniff(bytes: &[u8]) -> Encoding {
    let text = bytes.trim_ascii_start();
    if text.starts_with(b"-----BEGIN ") {
        Encoding::Pem
    } else if text.first() == Some(&0x30) {
        // A DER SEQUENCE tag: base64 text never starts with '0' for these.
        Encoding::Der
    } else {
        Encoding::Base64
    }
}

/// The label and DER of a PEM document; the DER is wiped when dropped.
fn pem_document(text: &[u8]) -> Result<(&str, Zeroizing<Vec<u8>>), KeyProblem> {
    pem::decode_vec(text.trim_ascii())
        .map(|(label, der)| (label, Zeroizing::new(der)))
        .map_err(|e| match e {
            pem::Error::HeaderDisallowed => KeyProblem::LegacyEncrypted,
            _ => KeyProblem::Pem,
        })
}

/// The modulus size of a PKCS#1 key, checked against the limits.
fn check_size(modulus: der::asn1::UintRef<'_>) -> Result<usize, KeyProblem> {
    let bytes = modulus.as_bytes();
    let lead = bytes.first().map_or(8, |b| b.leading_zeros() as usize);
    let bits = (bytes.len() * 8).saturating_sub(lead);
    if bits < MIN_RSA_BITS {
        Err(KeyProblem::TooSmall { bits })
    } else if bits > MAX_RSA_BITS {
        Err(KeyProblem::TooLarge { bits })
    } else {
        Ok(bits)
    }
}

/// The algorithm must be rsaEncryption (RFC 8017 appendix A.1).
fn check_algorithm(oid: der::asn1::ObjectIdentifier) -> Result<(), KeyProblem> {
    if oid == pkcs1::ALGORITHM_OID {
        Ok(())
    } else {
        Err(KeyProblem::NotRsa)
    }
}

impl RsaPrivateKey {
    /// Reads a PEM, DER or base64 (PKCS#8) private key, unencrypted.
    ///
    /// # Errors
    /// [`Error::Key`] naming the format problem; an encrypted key asks for
    /// [`RsaPrivateKey::parse_encrypted`].
    pub fn parse(bytes: &[u8]) -> Result<Self, Error> {
        Self::parse_with(bytes, None)
    }

    /// Reads a private key that may be encrypted PKCS#8 (PBES2), with its
    /// passphrase; unencrypted keys are read as by [`RsaPrivateKey::parse`].
    ///
    /// # Errors
    /// [`Error::Key`] naming the format problem, or
    /// [`KeyProblem::Decryption`] for a wrong passphrase.
    pub fn parse_encrypted(bytes: &[u8], passphrase: &[u8]) -> Result<Self, Error> {
        Self::parse_with(bytes, Some(passphrase))
    }

    /// Reads a PEM private key (`RSA PRIVATE KEY` or `PRIVATE KEY`).
    ///
    /// # Errors
    /// As [`RsaPrivateKey::parse`].
    pub fn from_pem(pem: &str) -> Result<Self, Error> {
        Self::parse_with(pem.as_bytes(), None)
    }

    /// Reads a DER private key: PKCS#8, else PKCS#1.
    ///
    /// # Errors
    /// As [`RsaPrivateKey::parse`].
    pub fn from_der(der: &[u8]) -> Result<Self, Error> {
        private_der(der, None).map_err(Error::Key)
    }

    fn parse_with(bytes: &[u8], passphrase: Option<&[u8]>) -> Result<Self, Error> {
        let key = match sniff(bytes) {
            Encoding::Pem => {
                let (label, der) = pem_document(bytes)?;
                match label {
                    "RSA PRIVATE KEY" => pkcs1_private(&der),
                    "PRIVATE KEY" => pkcs8_private(&der),
                    "ENCRYPTED PRIVATE KEY" => encrypted_private(&der, passphrase),
                    "PUBLIC KEY" | "RSA PUBLIC KEY" | "CERTIFICATE" => {
                        Err(KeyProblem::PublicWherePrivate)
                    }
                    _ => Err(KeyProblem::UnsupportedLabel),
                }
            }
            Encoding::Der => private_der(bytes, passphrase),
            Encoding::Base64 => {
                let der = Zeroizing::new(base64_der(bytes)?);
                private_der(&der, passphrase)
            }
        };
        key.map_err(Error::Key)
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        self.0.n().bit_width() as usize
    }

    /// The public half.
    pub fn public_key(&self) -> RsaPublicKey {
        RsaPublicKey(self.0.to_public_key())
    }

    pub(crate) fn inner(&self) -> &rsa::PrivateKey {
        &self.0
    }
}

/// A DER private key of any of the three kinds.
fn private_der(der: &[u8], passphrase: Option<&[u8]>) -> Result<RsaPrivateKey, KeyProblem> {
    if pkcs8::EncryptedPrivateKeyInfoRef::from_der(der).is_ok() {
        return encrypted_private(der, passphrase);
    }
    match pkcs8_private(der) {
        Err(KeyProblem::Der) => pkcs1_private(der),
        other => other,
    }
}

fn pkcs1_private(der: &[u8]) -> Result<RsaPrivateKey, KeyProblem> {
    let key = RsaPrivateKeyRef::from_der(der).map_err(|_| KeyProblem::Der)?;
    check_size(key.modulus)?;
    rsa::PrivateKey::try_from(key)
        .map(RsaPrivateKey)
        .map_err(|_| KeyProblem::Invalid)
}

fn pkcs8_private(der: &[u8]) -> Result<RsaPrivateKey, KeyProblem> {
    let info = pkcs8::PrivateKeyInfoRef::from_der(der).map_err(|_| KeyProblem::Der)?;
    check_algorithm(info.algorithm.oid)?;
    pkcs1_private(info.private_key.as_bytes())
}

fn encrypted_private(der: &[u8], passphrase: Option<&[u8]>) -> Result<RsaPrivateKey, KeyProblem> {
    let passphrase = passphrase.ok_or(KeyProblem::Encrypted)?;
    let info = pkcs8::EncryptedPrivateKeyInfoRef::from_der(der).map_err(|_| KeyProblem::Der)?;
    check_kdf_cost(&info.encryption_algorithm)?;
    let plain = info
        .decrypt(passphrase)
        .map_err(|_| KeyProblem::Decryption)?;
    pkcs8_private(plain.as_bytes())
}

/// The most PBKDF2 iterations an encrypted key may ask for: OpenSSL makes
/// 2048, and ten million already take seconds.
const MAX_PBKDF2_ITERATIONS: u32 = 10_000_000;

/// The most memory scrypt may be asked for (128 · N · r bytes, RFC 7914 §2).
const MAX_SCRYPT_MEMORY: u64 = 256 * 1024 * 1024;

/// The key-derivation cost comes from the file: a crafted key must not make
/// the reader spin for hours or allocate petabytes (RFC 8018 §6.2, RFC
/// 7914 §2: N a power of two above 1, r and p positive).
fn check_kdf_cost(scheme: &pkcs8::pkcs5::EncryptionScheme) -> Result<(), KeyProblem> {
    let Some(pbes2) = scheme.pbes2() else {
        return Ok(()); // PBES1 iteration counts are 16-bit
    };
    if let Some(p) = pbes2.kdf.pbkdf2() {
        if p.iteration_count == 0 || p.iteration_count > MAX_PBKDF2_ITERATIONS {
            return Err(KeyProblem::KdfCost);
        }
    }
    if let Some(p) = pbes2.kdf.scrypt() {
        let n = p.cost_parameter;
        let (r, par) = (u64::from(p.block_size), u64::from(p.parallelization));
        let memory = 128u64.saturating_mul(n).saturating_mul(r);
        if n < 2
            || !n.is_power_of_two()
            || r == 0
            || par == 0
            || par > 16
            || memory > MAX_SCRYPT_MEMORY
        {
            return Err(KeyProblem::KdfCost);
        }
    }
    Ok(())
}

impl RsaPublicKey {
    /// Reads a public key as PEM (`PUBLIC KEY`, `RSA PUBLIC KEY`,
    /// `CERTIFICATE`), DER (SPKI, PKCS#1 or a certificate) or bare base64
    /// SPKI, whitespace and line breaks ignored.
    ///
    /// # Errors
    /// [`Error::Key`] naming the format problem.
    pub fn parse(bytes: &[u8]) -> Result<Self, Error> {
        let key = match sniff(bytes) {
            Encoding::Pem => {
                let (label, der) = pem_document(bytes)?;
                match label {
                    "PUBLIC KEY" => spki_public(&der),
                    "RSA PUBLIC KEY" => pkcs1_public(&der),
                    "CERTIFICATE" => certificate_public(&der),
                    "RSA PRIVATE KEY" | "PRIVATE KEY" | "ENCRYPTED PRIVATE KEY" => {
                        Err(KeyProblem::PrivateWherePublic)
                    }
                    _ => Err(KeyProblem::UnsupportedLabel),
                }
            }
            Encoding::Der => public_der(bytes),
            Encoding::Base64 => public_der(&base64_der(bytes)?),
        };
        key.map_err(Error::Key)
    }

    /// Reads a PEM public key or certificate.
    ///
    /// # Errors
    /// As [`RsaPublicKey::parse`].
    pub fn from_pem(pem: &str) -> Result<Self, Error> {
        Self::parse(pem.as_bytes())
    }

    /// Reads a DER public key: SPKI, PKCS#1 or an X.509 certificate.
    ///
    /// # Errors
    /// As [`RsaPublicKey::parse`].
    pub fn from_der(der: &[u8]) -> Result<Self, Error> {
        public_der(der).map_err(Error::Key)
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        self.0.n().bit_width() as usize
    }

    /// The signature length in octets: the modulus size (RFC 8017 §8.2.2).
    pub fn signature_len(&self) -> usize {
        self.0.size()
    }

    pub(crate) fn inner(&self) -> &rsa::PublicKey {
        &self.0
    }
}

/// A DER public key of any of the three kinds.
fn public_der(der: &[u8]) -> Result<RsaPublicKey, KeyProblem> {
    let first = match spki_public(der) {
        Err(KeyProblem::Der) => pkcs1_public(der),
        other => return other,
    };
    match first {
        Err(KeyProblem::Der) => certificate_public(der),
        other => other,
    }
}

fn pkcs1_public(der: &[u8]) -> Result<RsaPublicKey, KeyProblem> {
    let key = RsaPublicKeyRef::from_der(der).map_err(|_| KeyProblem::Der)?;
    check_size(key.modulus)?;
    rsa::PublicKey::try_from(key)
        .map(RsaPublicKey)
        .map_err(|_| KeyProblem::Invalid)
}

fn spki_public(der: &[u8]) -> Result<RsaPublicKey, KeyProblem> {
    let info = spki::SubjectPublicKeyInfoRef::from_der(der).map_err(|_| KeyProblem::Der)?;
    check_algorithm(info.algorithm.oid)?;
    pkcs1_public(
        info.subject_public_key
            .as_bytes()
            .ok_or(KeyProblem::Invalid)?,
    )
}

fn certificate_public(der: &[u8]) -> Result<RsaPublicKey, KeyProblem> {
    let cert = x509_cert::Certificate::from_der(der).map_err(|_| KeyProblem::Der)?;
    let info = cert.tbs_certificate().subject_public_key_info();
    check_algorithm(info.algorithm.oid)?;
    pkcs1_public(
        info.subject_public_key
            .as_bytes()
            .ok_or(KeyProblem::Invalid)?,
    )
}

/// Bare base64 (line breaks and spaces allowed) to DER.
fn base64_der(text: &[u8]) -> Result<Vec<u8>, KeyProblem> {
    use base64::Engine as _;
    let compact: Zeroizing<Vec<u8>> = Zeroizing::new(
        text.iter()
            .copied()
            .filter(|b| !b.is_ascii_whitespace())
            .collect(),
    );
    match base64::engine::general_purpose::STANDARD.decode(&*compact) {
        Ok(der) if !der.is_empty() => Ok(der),
        _ => Err(KeyProblem::Base64),
    }
}

impl fmt::Debug for RsaPrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaPrivateKey")
            .field("bits", &self.bits())
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for RsaPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaPublicKey")
            .field("bits", &self.bits())
            .finish_non_exhaustive()
    }
}
