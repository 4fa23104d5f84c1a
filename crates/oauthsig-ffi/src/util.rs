//! Nonces, verifiers and timestamps from the operating system's CSPRNG and
//! clock, the XOAUTH string, the `WWW-Authenticate` challenge and percent
//! encoding: the bodies of the functions declared in `boundary`.

use crate::boundary::{In, OutBuf, OutPtr};
use crate::credentials::{oauthsig_consumer, oauthsig_token};
use crate::oneshot::size_for_any_signature;
use crate::result::{Failure, required};

/// The longest nonce or verifier the generators make.
const MAX_RANDOM_LEN: usize = 1024;

fn random_len(len: usize) -> Result<usize, Failure> {
    match len {
        0 => Ok(oauthsig::NONCE_LEN),
        1..=MAX_RANDOM_LEN => Ok(len),
        _ => Err(Failure::invalid("len", "at most 1024 characters")),
    }
}

pub(crate) fn generate_nonce(len: usize, mut out: OutBuf<'_>) -> Result<(), Failure> {
    out.write(oauthsig::generate_nonce(random_len(len)?)?.as_bytes())
}

pub(crate) fn generate_verifier(len: usize, mut out: OutBuf<'_>) -> Result<(), Failure> {
    out.write(oauthsig::generate_verifier(random_len(len)?)?.as_bytes())
}

pub(crate) fn generate_timestamp(out: OutPtr<'_, u64>) -> Result<(), Failure> {
    out.put(oauthsig::generate_timestamp()?, "out")
}

pub(crate) fn xoauth_string(
    url: In<'_>,
    consumer: Option<&oauthsig_consumer>,
    token: Option<&oauthsig_token>,
    mut out: OutBuf<'_>,
) -> Result<(), Failure> {
    let u = url.text()?;
    let c = &required(consumer, "consumer")?.inner;
    let t = token.map(|t| &t.inner);
    // `build_xoauth_string` spelled out, for the signature's sizing below.
    let request =
        oauthsig::xoauth_request(u, c, t)?.sign(oauthsig::SignatureMethod::HmacSha1, c, t)?;
    let s = oauthsig::xoauth_string(&request)?;
    if !out.fits(s.len()) {
        // Each call signs anew: answer the most any signature can need.
        let signature = request.signature().unwrap_or_default();
        return out.too_small(size_for_any_signature(s.len(), &signature));
    }
    out.write(s.as_bytes())
}

pub(crate) fn www_authenticate(realm: In<'_>, mut out: OutBuf<'_>) -> Result<(), Failure> {
    let realm = realm.opt_text()?.unwrap_or("");
    out.write(oauthsig::build_authenticate_header(realm)?.1.as_bytes())
}

pub(crate) fn percent_encode(input: In<'_>, mut out: OutBuf<'_>) -> Result<(), Failure> {
    out.write(oauthsig::encode(input.text()?).to_string().as_bytes())
}
