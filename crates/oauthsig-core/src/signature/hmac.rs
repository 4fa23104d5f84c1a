//! HMAC-SHA1 (§3.4.2) and HMAC-SHA256, [RFC 2104](https://www.rfc-editor.org/rfc/rfc2104),
//! with a prepared key.
//!
//! The compression functions are the `sha1` and `sha2` crates'. The HMAC
//! around them is driven here, through their block-level `compress` entry
//! points: the base string arrives in many short pieces, which are copied
//! into one block we own, and the block is padded in place at the end. The
//! `hmac` crate is the plain reference: the tests hold every length, split
//! and key size to its answer.

use crate::encode::{self, Level};
use crate::sink::{Sink, SliceSink, copy_short};
use zeroize::Zeroize;

/// Block size of SHA-1 and SHA-256: keys longer than this are hashed first.
const BLOCK: usize = 64;

/// Where a block's big-endian message bit length goes in the final block.
const LENGTH_AT: usize = BLOCK - 8;

/// A Merkle–Damgård hash with 64-byte blocks, 32-bit words and a 64-bit
/// big-endian length: SHA-1 and SHA-256 (FIPS 180-4).
pub(super) trait Compression {
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
pub(super) enum Sha1 {}

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

/// SHA-256, compressed by the `sha2` crate.
pub(super) enum Sha256 {}

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
fn digest_of<H: Compression>(state: &H::State) -> H::Digest {
    let mut out = H::Digest::default();
    for (chunk, word) in out.as_mut().chunks_exact_mut(4).zip(state.as_ref()) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}

/// An HMAC whose inner and outer pad states are already computed.
pub(super) struct Prepared<H: Compression> {
    inner: H::State,
    outer: H::State,
}

impl<H: Compression> Clone for Prepared<H> {
    fn clone(&self) -> Self {
        Prepared {
            inner: self.inner,
            outer: self.outer,
        }
    }
}

impl<H: Compression> Drop for Prepared<H> {
    fn drop(&mut self) {
        self.inner.zeroize();
        self.outer.zeroize();
    }
}

pub(super) fn write_key<S: Sink + ?Sized>(consumer_secret: &str, token_secret: &str, out: &mut S) {
    encode::encode_into(consumer_secret.as_bytes(), Level::Once, out);
    out.put(b"&");
    encode::encode_into(token_secret.as_bytes(), Level::Once, out);
}

impl<H: Compression> Prepared<H> {
    /// The key text is `encode(cs) & encode(ts)`; it is built on the stack when
    /// it fits a block, otherwise streamed into the hash (HMAC uses `H(key)`
    /// for long keys, RFC 2104 §2), so secrets of any length need no heap.
    pub(super) fn new(consumer_secret: &str, token_secret: &str) -> Self {
        // One block holds the key text, then (XOR-ed in place) each pad in
        // turn, so there is one stack copy of secret material to wipe.
        let mut block = [0u8; BLOCK];
        let mut sink = SliceSink::new(&mut block);
        write_key(consumer_secret, token_secret, &mut sink);
        // One pass fills the block and measures; only keys that overflow it
        // (rare: real secrets are tens of bytes) are written a second time.
        if sink.finish().is_err() {
            let mut h = Blocks::<H>::new(H::IV, 0);
            write_key(consumer_secret, token_secret, &mut h);
            let mut digest = digest_of::<H>(&h.finish());
            block = [0u8; BLOCK];
            block[..digest.as_ref().len()].copy_from_slice(digest.as_ref());
            digest.zeroize();
            h.block.zeroize();
        }
        // RFC 2104 §2: the key, zero-padded to a block, XOR ipad, then opad.
        block.iter_mut().for_each(|b| *b ^= 0x36);
        let mut inner = H::IV;
        H::compress(&mut inner, core::slice::from_ref(&block));
        block.iter_mut().for_each(|b| *b ^= 0x36 ^ 0x5c);
        let mut outer = H::IV;
        H::compress(&mut outer, core::slice::from_ref(&block));
        block.zeroize();
        Prepared { inner, outer }
    }

    /// Runs `write` against a sink feeding a copy of the inner state, and
    /// returns the MAC.
    #[inline]
    pub(super) fn sign(&self, write: impl FnOnce(&mut Blocks<H>)) -> H::Digest {
        // The pad block is the message's first block.
        let mut blocks = Blocks::<H>::new(self.inner, 1);
        write(&mut blocks);
        let inner = digest_of::<H>(&blocks.finish());
        // The outer message is one block: pad, then the inner digest, whose
        // length is fixed, so its padding and bit length are too.
        let n = inner.as_ref().len();
        let mut block = [0u8; BLOCK];
        block[..n].copy_from_slice(inner.as_ref());
        block[n] = 0x80;
        block[LENGTH_AT..].copy_from_slice(&(((BLOCK + n) as u64) * 8).to_be_bytes());
        let mut state = self.outer;
        H::compress(&mut state, core::slice::from_ref(&block));
        let mac = digest_of::<H>(&state);
        state.zeroize();
        mac
    }
}

/// A [`Sink`] that cuts its input into blocks and hands each full one
/// straight to the compression function (FIPS 180-4 §5.1.1, §6).
pub(super) struct Blocks<H: Compression> {
    state: H::State,
    block: [u8; BLOCK],
    /// Bytes of `block` in use; always below the block size between calls
    /// (a full block is compressed at once). The bytes from `pos` on are
    /// zero, so padding writes only its marker and length.
    pos: usize,
    /// Blocks compressed so far, for the length in the padding.
    done: u64,
}

impl<H: Compression> Drop for Blocks<H> {
    fn drop(&mut self) {
        // Key-derived: a leaked inner state would let anyone extend it.
        self.state.zeroize();
    }
}

impl<H: Compression> Blocks<H> {
    #[inline]
    fn new(state: H::State, done: u64) -> Self {
        Blocks {
            state,
            block: [0u8; BLOCK],
            pos: 0,
            done,
        }
    }

    /// Pads in place (FIPS 180-4 §5.1.1: `0x80`, zeros, the 64-bit bit
    /// length) and returns the final chaining value.
    #[inline]
    fn finish(&mut self) -> H::State {
        let pos = self.pos;
        let bits = (self.done * BLOCK as u64 + pos as u64) * 8;
        self.block[pos] = 0x80;
        if pos >= LENGTH_AT {
            self.compress_block();
        }
        self.block[LENGTH_AT..].copy_from_slice(&bits.to_be_bytes());
        H::compress(&mut self.state, core::slice::from_ref(&self.block));
        self.state
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
        let (head, rest) = bytes.split_at((BLOCK - self.pos).min(bytes.len()));
        copy_short(&mut self.block[self.pos..self.pos + head.len()], head);
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
        copy_short(&mut self.block[..tail.len()], tail);
        self.pos = tail.len();
    }
}

impl<H: Compression> Sink for Blocks<H> {
    #[inline(always)]
    fn put(&mut self, bytes: &[u8]) {
        let pos = self.pos;
        if bytes.len() < BLOCK - pos {
            let end = pos + bytes.len();
            copy_short(&mut self.block[pos..end], bytes);
            self.pos = end;
        } else {
            self.put_across(bytes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hmac::{KeyInit, Mac};
    use proptest::prelude::*;
    use std::string::String;
    use std::vec::Vec;

    /// The `hmac` crate's answer, for comparison.
    fn reference<D>(key: &[u8], pieces: &[Vec<u8>]) -> Vec<u8>
    where
        D: hmac::EagerHash,
        hmac::Hmac<D>: KeyInit + Mac,
    {
        let mut mac = <hmac::Hmac<D> as KeyInit>::new_from_slice(key).unwrap();
        for p in pieces {
            mac.update(p);
        }
        mac.finalize().into_bytes().to_vec()
    }

    fn ours<H: Compression>(cs: &str, ts: &str, pieces: &[Vec<u8>]) -> Vec<u8> {
        let prepared = Prepared::<H>::new(cs, ts);
        prepared
            .sign(|s| pieces.iter().for_each(|p| s.put(p)))
            .as_ref()
            .to_vec()
    }

    fn key_text(cs: &str, ts: &str) -> String {
        std::format!("{}&{}", encode::encode(cs), encode::encode(ts))
    }

    proptest! {
        /// Any split of the input (pieces ending on, straddling or spanning
        /// block boundaries) and any key length (longer than a block is
        /// hashed first) must give the `hmac` crate's MAC, for both hashes.
        #[test]
        fn macs_match_the_hmac_crate(
            cs in "[a-z%&]{0,80}",
            ts in "[a-z ]{0,12}",
            pieces in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..150), 0..12),
        ) {
            let key = key_text(&cs, &ts);
            prop_assert_eq!(ours::<Sha1>(&cs, &ts, &pieces), reference::<sha1::Sha1>(key.as_bytes(), &pieces));
            prop_assert_eq!(ours::<Sha256>(&cs, &ts, &pieces), reference::<sha2::Sha256>(key.as_bytes(), &pieces));
        }
    }

    /// Every message length through three blocks, so the padding is tested
    /// with the length field in the last block and in a block of its own.
    #[test]
    fn every_length_and_block_boundary() {
        let data: Vec<u8> = (0..=255u8).cycle().take(200).collect();
        for n in 0..=data.len() {
            for split in [0, 1, n / 2, n.saturating_sub(1), n] {
                let split = split.min(n);
                let pieces = [data[..split].to_vec(), data[split..n].to_vec()];
                assert_eq!(
                    ours::<Sha1>("k", "", &pieces),
                    reference::<sha1::Sha1>(b"k&", &pieces),
                    "sha1 {n} split {split}"
                );
                assert_eq!(
                    ours::<Sha256>("k", "", &pieces),
                    reference::<sha2::Sha256>(b"k&", &pieces),
                    "sha256 {n} split {split}"
                );
            }
        }
    }

    /// RFC 2104 §2 uses keys up to the block size as they are and hashes
    /// longer ones: the lengths either side of 64 must match the reference.
    #[test]
    fn key_lengths_around_the_block_size() {
        let pieces = [b"base string".to_vec()];
        for len in 0..=130 {
            let cs: String = "k".repeat(len);
            let key = key_text(&cs, "");
            assert_eq!(
                ours::<Sha1>(&cs, "", &pieces),
                reference::<sha1::Sha1>(key.as_bytes(), &pieces),
                "sha1, key text of {} bytes",
                key.len()
            );
            assert_eq!(
                ours::<Sha256>(&cs, "", &pieces),
                reference::<sha2::Sha256>(key.as_bytes(), &pieces),
                "sha256, key text of {} bytes",
                key.len()
            );
        }
    }

    #[test]
    fn plain_hashes_match_the_digest_crates() {
        use sha1::Digest as _;
        let data: Vec<u8> = (0..=255u8).cycle().take(200).collect();
        for n in 0..=data.len() {
            let mut h = Blocks::<Sha1>::new(Sha1::IV, 0);
            h.put(&data[..n]);
            assert_eq!(
                digest_of::<Sha1>(&h.finish()).as_slice(),
                sha1::Sha1::digest(&data[..n]).as_slice()
            );
            let mut h = Blocks::<Sha256>::new(Sha256::IV, 0);
            h.put(&data[..n]);
            assert_eq!(
                digest_of::<Sha256>(&h.finish()).as_slice(),
                sha2::Sha256::digest(&data[..n]).as_slice()
            );
        }
    }
}
