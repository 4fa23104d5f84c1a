//! SHA-1 and SHA-256 ([FIPS 180-4](https://csrc.nist.gov/pubs/fips/180-4/upd1/final))
//! as streaming [`Sink`]s: the HMACs of RFC 5849 §3.4.2 and the body
//! hashes of the body hash extension are fed through them.
//!
//! The compression functions are the `sha1` and `sha2` crates'. The
//! message schedule around them is driven here, through their block-level
//! `compress` entry points: the base string arrives in many short pieces,
//! which are copied into one block we own, and the block is padded in
//! place at the end. One driver serves both hashes and both uses, so a
//! firmware links one copy of it. The tests hold it to the `sha1` and
//! `sha2` crates' own digests for every length and split.

use crate::sink::{Sink, copy_short};
use zeroize::Zeroize;

/// Block size of SHA-1 and SHA-256.
pub(crate) const BLOCK: usize = 64;

/// Where a block's big-endian message bit length goes in the final block.
const LENGTH_AT: usize = BLOCK - 8;

/// A Merkle–Damgård hash with 64-byte blocks, 32-bit words and a 64-bit
/// big-endian length: SHA-1 and SHA-256 (FIPS 180-4).
pub(crate) trait Compression {
    /// The chaining value.
    type State: Copy + Zeroize + AsRef<[u32]>;
    /// The digest bytes (the chaining value, big-endian).
    type Digest: Default + Zeroize + AsRef<[u8]> + AsMut<[u8]>;
    /// The initial chaining value (FIPS 180-4 §5.3).
    const IV: Self::State;
    /// Runs the compression function over whole blocks.
    fn compress(state: &mut Self::State, blocks: &[[u8; BLOCK]]);
}

/// SHA-1, compressed by the `sha1` crate.
pub(crate) enum Sha1 {}

impl Compression for Sha1 {
    type State = [u32; 5];
    type Digest = [u8; 20];
    const IV: [u32; 5] = [
        0x6745_2301,
        0xEFCD_AB89,
        0x98BA_DCFE,
        0x1032_5476,
        0xC3D2_E1F0,
    ];

    #[inline]
    fn compress(state: &mut [u32; 5], blocks: &[[u8; BLOCK]]) {
        sha1::block_api::compress(state, blocks);
    }
}

/// SHA-256, compressed by the `sha2` crate: for HMAC-SHA256 and SHA-256
/// body hashes only, so a build with neither links none of it.
#[cfg(any(feature = "hmac-sha256", feature = "body-hash-sha256"))]
pub(crate) enum Sha256 {}

#[cfg(any(feature = "hmac-sha256", feature = "body-hash-sha256"))]
impl Compression for Sha256 {
    type State = [u32; 8];
    type Digest = [u8; 32];
    const IV: [u32; 8] = [
        0x6A09_E667,
        0xBB67_AE85,
        0x3C6E_F372,
        0xA54F_F53A,
        0x510E_527F,
        0x9B05_688C,
        0x1F83_D9AB,
        0x5BE0_CD19,
    ];

    #[inline]
    fn compress(state: &mut [u32; 8], blocks: &[[u8; BLOCK]]) {
        sha2::block_api::compress256(state, blocks);
    }
}

/// The chaining value as digest bytes.
#[inline]
pub(crate) fn digest_of<H: Compression>(state: &H::State) -> H::Digest {
    let mut out = H::Digest::default();
    for (chunk, word) in out.as_mut().chunks_exact_mut(4).zip(state.as_ref()) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}

/// The hash of what `write` streams.
#[cfg(test)]
pub(crate) fn hash<H: Compression>(write: impl FnOnce(&mut Blocks<H>)) -> H::Digest {
    let mut blocks = Blocks::<H>::new(H::IV, 0);
    write(&mut blocks);
    digest_of::<H>(&blocks.finish())
}

/// A [`Sink`] that cuts its input into blocks and hands each full one
/// straight to the compression function (FIPS 180-4 §5.1.1, §6).
pub(crate) struct Blocks<H: Compression> {
    state: H::State,
    block: [u8; BLOCK],
    /// Bytes of `block` in use; always below the block size between calls
    /// (a full block is compressed at once). The bytes from `pos` on are
    /// zero, so padding writes only its marker and length.
    pos: usize,
    /// Blocks compressed so far, for the length in the padding.
    done: u64,
}

impl<H: Compression> Clone for Blocks<H> {
    fn clone(&self) -> Self {
        Blocks {
            state: self.state,
            block: self.block,
            pos: self.pos,
            done: self.done,
        }
    }
}

impl<H: Compression> Drop for Blocks<H> {
    fn drop(&mut self) {
        // Key-derived under HMAC: a leaked inner state would let anyone
        // extend it. (The block holds message bytes, or key text only
        // while a long key is hashed, which wipes it itself.)
        self.state.zeroize();
    }
}

impl<H: Compression> Blocks<H> {
    /// A hash that continues from `state`, after `done` blocks.
    #[inline]
    pub(crate) fn new(state: H::State, done: u64) -> Self {
        Blocks {
            state,
            block: [0u8; BLOCK],
            pos: 0,
            done,
        }
    }

    /// Starts another message from `state`, after `done` blocks.
    #[cfg(any(feature = "hmac-sha1", feature = "hmac-sha256"))]
    #[inline]
    pub(crate) fn restart(&mut self, state: H::State, done: u64) {
        self.state = state;
        self.block = [0u8; BLOCK];
        self.pos = 0;
        self.done = done;
    }

    /// Pads in place (FIPS 180-4 §5.1.1: `0x80`, zeros, the 64-bit bit
    /// length) and returns the final chaining value.
    #[inline]
    pub(crate) fn finish(&mut self) -> H::State {
        let pos = self.pos;
        let bits = (self.done * BLOCK as u64 + pos as u64) * 8;
        // `pos < BLOCK` always holds (see the field), so the marker is
        // always written.
        if let Some(marker) = self.block.get_mut(pos) {
            *marker = 0x80;
        }
        if pos >= LENGTH_AT {
            self.compress_block();
        }
        self.block[LENGTH_AT..].copy_from_slice(&bits.to_be_bytes());
        H::compress(&mut self.state, core::slice::from_ref(&self.block));
        self.state
    }

    /// The block being filled, for wiping after a long key was hashed.
    #[cfg(any(feature = "hmac-sha1", feature = "hmac-sha256"))]
    pub(crate) fn wipe_block(&mut self) {
        self.block.zeroize();
    }

    /// Compresses the block and clears it, keeping the zero tail.
    #[inline]
    fn compress_block(&mut self) {
        H::compress(&mut self.state, core::slice::from_ref(&self.block));
        self.block = [0u8; BLOCK];
    }

    /// The rare case: `bytes` completes the current block.
    #[cold]
    #[inline(never)]
    fn put_across(&mut self, bytes: &[u8]) {
        let room = self.block.get_mut(self.pos..).unwrap_or_default();
        let (head, rest) = bytes.split_at(room.len().min(bytes.len()));
        if let Some(dst) = room.get_mut(..head.len()) {
            copy_short(dst, head);
        }
        self.compress_block();
        self.done += 1;
        let mut whole = rest.chunks_exact(BLOCK);
        for chunk in whole.by_ref() {
            if let Ok(block) = <&[u8; BLOCK]>::try_from(chunk) {
                H::compress(&mut self.state, core::slice::from_ref(block));
                self.done += 1;
            }
        }
        let tail = whole.remainder();
        if let Some(dst) = self.block.get_mut(..tail.len()) {
            copy_short(dst, tail);
        }
        self.pos = tail.len();
    }
}

impl<H: Compression> Sink for Blocks<H> {
    #[cfg_attr(target_pointer_width = "64", inline(always))]
    #[cfg_attr(not(target_pointer_width = "64"), inline(never))]
    fn put(&mut self, bytes: &[u8]) {
        let end = self.pos + bytes.len();
        // A piece that leaves room in the block is copied in; one that
        // fills it is compressed at once, keeping `pos < BLOCK`.
        match self.block.get_mut(self.pos..end) {
            Some(dst) if end < BLOCK => {
                copy_short(dst, bytes);
                self.pos = end;
            }
            _ => self.put_across(bytes),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    #[test]
    fn sha1_matches_the_digest_crate() {
        use sha1::Digest as _;
        let data: Vec<u8> = (0..=255u8).cycle().take(200).collect();
        for n in 0..=data.len() {
            for split in [0, 1, n / 2, n.saturating_sub(1), n] {
                let split = split.min(n);
                let ours = hash::<Sha1>(|h| {
                    h.put(&data[..split]);
                    h.put(&data[split..n]);
                });
                assert_eq!(ours.as_slice(), sha1::Sha1::digest(&data[..n]).as_slice());
            }
        }
    }

    #[cfg(any(feature = "hmac-sha256", feature = "body-hash-sha256"))]
    #[test]
    fn sha256_matches_the_digest_crate() {
        use sha2::Digest as _;
        let data: Vec<u8> = (0..=255u8).cycle().take(200).collect();
        for n in 0..=data.len() {
            let ours = hash::<Sha256>(|h| h.put(&data[..n]));
            assert_eq!(ours.as_slice(), sha2::Sha256::digest(&data[..n]).as_slice());
        }
    }
}
