//! Nonces from the caller's random source and timestamps from its clock:
//! the C callback becomes a `rand_core` generator for core's
//! `nonce::fill_nonce`, and seconds become core's `nonce::timestamp` text.

use crate::boundary::{Fill, OutBuf};
use crate::result::{Failure, oauthsig_fw_result};
use oauthsig_core::nonce::{self, rand_core};

/// The nonce length `oauthsig_fw_nonce` draws when asked for 0 characters:
/// 22 letters and digits carry 128 bits.
pub const OAUTHSIG_FW_NONCE_LEN: usize = 22;

/// The C callback as a `rand_core` generator.
struct CallbackRng<'a>(Fill<'a>);

/// The callback reported a failure (returned non-zero).
#[derive(Debug)]
struct RandomFailed;

impl core::fmt::Display for RandomFailed {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("the random source failed")
    }
}

impl core::error::Error for RandomFailed {}

impl rand_core::TryRng for CallbackRng<'_> {
    type Error = RandomFailed;

    fn try_next_u32(&mut self) -> Result<u32, RandomFailed> {
        let mut bytes = [0u8; 4];
        self.try_fill_bytes(&mut bytes)?;
        Ok(u32::from_le_bytes(bytes))
    }

    fn try_next_u64(&mut self) -> Result<u64, RandomFailed> {
        let mut bytes = [0u8; 8];
        self.try_fill_bytes(&mut bytes)?;
        Ok(u64::from_le_bytes(bytes))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), RandomFailed> {
        if self.0.fill(dst) {
            Ok(())
        } else {
            Err(RandomFailed)
        }
    }
}

// The callback's contract (`oauthsig_fw_nonce`) asks for a cryptographically
// secure source: a hardware RNG or a CSPRNG seeded from one.
impl rand_core::TryCryptoRng for CallbackRng<'_> {}

/// The body of `oauthsig_fw_nonce`: `len` characters (0: the default
/// length) drawn through `fill` into the caller's buffer.
pub(crate) fn nonce(fill: Option<Fill<'_>>, len: usize, out: OutBuf<'_>) -> oauthsig_fw_result {
    out.fill(&[], |buf| {
        let fill = fill.ok_or(oauthsig_fw_result::OAUTHSIG_FW_NULL_ARGUMENT)?;
        let len = if len == 0 { OAUTHSIG_FW_NONCE_LEN } else { len };
        // Sized before any byte is drawn.
        let dst = buf
            .get_mut(..len)
            .ok_or(Failure::TooSmall { needed: len })?;
        let drawn = nonce::fill_nonce(&mut CallbackRng(fill), dst)
            .map_err(|_| oauthsig_fw_result::OAUTHSIG_FW_SYSTEM_ERROR)?;
        Ok(drawn.len())
    })
}

/// The body of `oauthsig_fw_timestamp`.
pub(crate) fn timestamp(seconds: u64, out: OutBuf<'_>) -> oauthsig_fw_result {
    out.fill(&[], |buf| {
        let mut digits = [0u8; nonce::TIMESTAMP_LEN];
        copy(nonce::timestamp(seconds, &mut digits).as_bytes(), buf)
    })
}

/// Copies `text` to the start of `buf`; its length, or the size needed.
fn copy(text: &[u8], buf: &mut [u8]) -> Result<usize, Failure> {
    let dst = buf
        .get_mut(..text.len())
        .ok_or(Failure::TooSmall { needed: text.len() })?;
    for (d, s) in dst.iter_mut().zip(text) {
        *d = *s;
    }
    Ok(text.len())
}
