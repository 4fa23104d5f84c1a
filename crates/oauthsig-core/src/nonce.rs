//! Nonces and timestamps, [RFC 5849 §3.3](https://www.rfc-editor.org/rfc/rfc5849#section-3.3),
//! from what the caller has: core has no clock and no random source of its
//! own. A nonce is drawn from any `rand_core` generator the caller passes
//! (a firmware's hardware RNG, the std crate's OS RNG) into a caller buffer;
//! a timestamp is the caller's count of seconds, written as decimal text.
//!
//! §3.3 asks for a nonce unique to the timestamp, consumer key and token;
//! §4.9 for one an attacker cannot guess. Here a nonce is letters and digits
//! (`[0-9A-Za-z]`, about 5.95 bits each) sampled without bias, of a length
//! the caller chooses: 22 characters carry 128 bits; oauthlib's provider
//! accepts 20 to 30.
//!
//! ```
//! use oauthsig_core::nonce;
//! # struct Counter(u8);
//! # impl rand_core::TryRng for Counter {
//! #     type Error = core::convert::Infallible;
//! #     fn try_next_u32(&mut self) -> Result<u32, Self::Error> { unimplemented!() }
//! #     fn try_next_u64(&mut self) -> Result<u64, Self::Error> { unimplemented!() }
//! #     fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
//! #         dst.iter_mut().for_each(|b| { *b = self.0; self.0 = self.0.wrapping_add(1) });
//! #         Ok(())
//! #     }
//! # }
//! # impl rand_core::TryCryptoRng for Counter {}
//! # let mut rng = Counter(0);
//! // `rng`: the firmware's hardware RNG, or any `rand_core` CSPRNG.
//! let mut buf = [0u8; 22];
//! let Ok(nonce) = nonce::fill_nonce(&mut rng, &mut buf);
//! assert_eq!(nonce, "0123456789ABCDEFGHIJKL");
//!
//! let mut digits = [0u8; nonce::TIMESTAMP_LEN];
//! assert_eq!(nonce::timestamp(1_700_000_000, &mut digits), "1700000000");
//! ```

pub use rand_core;
use rand_core::TryCryptoRng;

/// The characters of a nonce, in the order a random byte picks them.
const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Random bytes at or above this are discarded: 248 is the largest
/// multiple of 62 that fits in a byte, so each character is reached from
/// exactly 4 byte values and none is favoured (a plain `% 62` would favour
/// `0`–`7`).
const REJECT_FROM: u8 = 248;

/// Random bytes drawn from the generator at a time: one draw nearly
/// always covers a nonce of up to 60 characters (3% of bytes are rejected).
const DRAW: usize = 64;

/// Maps one random byte to a character, or rejects it.
fn accept(byte: u8) -> Option<u8> {
    (byte < REJECT_FROM).then(|| ALPHABET[usize::from(byte % 62)])
}

/// Fills `buf` with a nonce of `buf.len()` letters and digits drawn from
/// `rng`, without bias, and returns it as text. Heap-free; the caller
/// chooses the length (22 characters carry 128 bits).
///
/// # Errors
/// Whatever `rng` reports (an infallible generator's error is
/// [`core::convert::Infallible`]); `buf` is then partly filled.
pub fn fill_nonce<'b, R: TryCryptoRng + ?Sized>(
    rng: &mut R,
    buf: &'b mut [u8],
) -> Result<&'b str, R::Error> {
    let mut random = [0u8; DRAW];
    let mut filled = 0;
    while filled < buf.len() {
        rng.try_fill_bytes(&mut random)?;
        let accepted = random.iter().filter_map(|&b| accept(b));
        for (slot, c) in buf.iter_mut().skip(filled).zip(accepted) {
            *slot = c;
            filled += 1;
        }
    }
    // Letters and digits are ASCII.
    Ok(core::str::from_utf8(buf).unwrap_or_default())
}

/// Longest timestamp text: the digits of `u64::MAX`.
pub const TIMESTAMP_LEN: usize = 20;

/// `seconds` (since 1970-01-01 UTC, from the caller's clock) as the
/// decimal `oauth_timestamp` value (§3.3), written at the end of `buf`.
///
/// ```
/// let mut buf = [0u8; oauthsig_core::nonce::TIMESTAMP_LEN];
/// assert_eq!(oauthsig_core::nonce::timestamp(137_131_201, &mut buf), "137131201");
/// ```
pub fn timestamp(seconds: u64, buf: &mut [u8; TIMESTAMP_LEN]) -> &str {
    let mut n = seconds;
    let mut start = buf.len();
    // Twenty digits hold `u64::MAX`, so the loop always ends on `n == 0`.
    for slot in buf.iter_mut().rev() {
        *slot = b'0' + (n % 10) as u8;
        start -= 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    core::str::from_utf8(buf.get(start..).unwrap_or_default()).unwrap_or("0")
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::convert::Infallible;
    use rand_core::{TryCryptoRng, TryRng};

    /// Hands out the bytes it holds, in turn, forever.
    struct Script<'a>(&'a [u8], usize);

    impl TryRng for Script<'_> {
        type Error = Infallible;
        fn try_next_u32(&mut self) -> Result<u32, Infallible> {
            let mut b = [0; 4];
            self.try_fill_bytes(&mut b)?;
            Ok(u32::from_le_bytes(b))
        }
        fn try_next_u64(&mut self) -> Result<u64, Infallible> {
            let mut b = [0; 8];
            self.try_fill_bytes(&mut b)?;
            Ok(u64::from_le_bytes(b))
        }
        fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
            for b in dst {
                *b = self.0[self.1 % self.0.len()];
                self.1 += 1;
            }
            Ok(())
        }
    }

    impl TryCryptoRng for Script<'_> {}

    /// Fails on its second draw.
    struct Failing(bool);

    #[derive(Debug)]
    struct Broken;

    impl core::fmt::Display for Broken {
        fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            f.write_str("broken")
        }
    }

    impl core::error::Error for Broken {}

    impl TryRng for Failing {
        type Error = Broken;
        fn try_next_u32(&mut self) -> Result<u32, Broken> {
            Err(Broken)
        }
        fn try_next_u64(&mut self) -> Result<u64, Broken> {
            Err(Broken)
        }
        fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Broken> {
            if self.0 {
                return Err(Broken);
            }
            self.0 = true;
            dst.fill(255);
            Ok(())
        }
    }

    impl TryCryptoRng for Failing {}

    #[test]
    fn every_character_comes_from_exactly_four_bytes() {
        let mut counts = [0u32; 62];
        for b in 0..=u8::MAX {
            if let Some(c) = accept(b) {
                let i = ALPHABET.iter().position(|&a| a == c).unwrap();
                counts[i] += 1;
            }
        }
        assert_eq!(counts, [4; 62], "sampling is biased");
        assert_eq!(accept(247), Some(b'z'));
        assert_eq!(accept(248), None);
        assert_eq!(accept(255), None);
    }

    #[test]
    fn rejected_bytes_are_skipped_and_drawn_again() {
        // Two of every three bytes are rejected; a 50-character nonce
        // needs several draws.
        let mut rng = Script(&[255, 1, 250], 0);
        let mut buf = [0u8; 50];
        let Ok(nonce) = fill_nonce(&mut rng, &mut buf);
        assert_eq!(nonce, "1".repeat(50));
        assert_eq!(rng.1 % DRAW, 0, "draws are whole");
        let mut empty = [0u8; 0];
        let Ok(nonce) = fill_nonce(&mut rng, &mut empty);
        assert_eq!(nonce, "");
    }

    #[test]
    fn lengths_and_alphabet() {
        let bytes: std::vec::Vec<u8> = (0..=255).collect();
        for len in [1, 8, 22, 30, 64, 200] {
            let mut buf = std::vec![0u8; len];
            let Ok(nonce) = fill_nonce(&mut Script(&bytes, 0), &mut buf);
            assert_eq!(nonce.len(), len);
            assert!(nonce.bytes().all(|b| b.is_ascii_alphanumeric()));
        }
    }

    #[test]
    fn a_failing_generator_is_reported() {
        let mut buf = [0u8; 8];
        assert!(fill_nonce(&mut Failing(false), &mut buf).is_err());
    }

    #[test]
    fn timestamps_write_every_digit() {
        let mut buf = [0u8; TIMESTAMP_LEN];
        assert_eq!(timestamp(0, &mut buf), "0");
        assert_eq!(timestamp(137_131_201, &mut buf), "137131201");
        assert_eq!(timestamp(u64::MAX, &mut buf), "18446744073709551615");
    }
}
