//! HMAC-SHA1 (§3.4.2) and HMAC-SHA256, [RFC 2104](https://www.rfc-editor.org/rfc/rfc2104),
//! with a prepared key, over the RustCrypto compression functions.
//!
//! The HMAC construction and the SHA-1/SHA-256 message padding are a few
//! lines; doing them here instead of through `hmac::Hmac` lets the base
//! string stream into one block buffer we own, with short pieces copied
//! inline, and lets the outer hash be one compression of a block built in
//! place, with none of the generic buffer layers in between. The compression
//! functions (with their SHA-NI / ARMv8 paths) are RustCrypto's.

use crate::encode::{self, Level};
use crate::sink::{Sink, SliceSink, copy_short};

/// Block size of SHA-1 and SHA-256.
const BLOCK: usize = 64;

/// A Merkle-Damgard hash with 64-byte blocks and a 64-bit big-endian bit
/// length in its padding (SHA-1, SHA-256), as its chaining state.
pub(super) trait State: Copy {
    /// The initial hash value (FIPS 180-4 §5.3).
    const INITIAL: Self;
    /// The digest.
    type Out: AsRef<[u8]> + AsMut<[u8]> + Default + Copy;
    fn compress(&mut self, blocks: &[[u8; BLOCK]]);
    fn output(&self) -> Self::Out;
}

/// SHA-1's five chaining words.
#[derive(Clone, Copy)]
pub(super) struct Sha1([u32; 5]);

impl State for Sha1 {
    const INITIAL: Self = Sha1([
        0x6745_2301,
        0xEFCD_AB89,
        0x98BA_DCFE,
        0x1032_5476,
        0xC3D2_E1F0,
    ]);
    type Out = [u8; 20];

    #[inline]
    fn compress(&mut self, blocks: &[[u8; BLOCK]]) {
        sha1::block_api::compress(&mut self.0, blocks);
    }

    #[inline]
    fn output(&self) -> [u8; 20] {
        words_be(&self.0)
    }
}

/// SHA-256's eight chaining words.
#[derive(Clone, Copy)]
pub(super) struct Sha256([u32; 8]);

impl State for Sha256 {
    const INITIAL: Self = Sha256([
        0x6A09_E667,
        0xBB67_AE85,
        0x3C6E_F372,
        0xA54F_F53A,
        0x510E_527F,
        0x9B05_688C,
        0x1F83_D9AB,
        0x5BE0_CD19,
    ]);
    type Out = [u8; 32];

    #[inline]
    fn compress(&mut self, blocks: &[[u8; BLOCK]]) {
        sha2::block_api::compress256(&mut self.0, blocks);
    }

    #[inline]
    fn output(&self) -> [u8; 32] {
        words_be(&self.0)
    }
}

/// The digest: the chaining words, big-endian.
#[inline]
fn words_be<const W: usize, const B: usize>(words: &[u32; W]) -> [u8; B] {
    let mut out = [0u8; B];
    for (chunk, w) in out.chunks_exact_mut(4).zip(words) {
        chunk.copy_from_slice(&w.to_be_bytes());
    }
    out
}

/// An HMAC key with the inner and outer pad blocks already absorbed.
#[derive(Clone)]
pub(super) struct Prepared<S: State> {
    inner: S,
    outer: S,
}

fn write_key<S: Sink + ?Sized>(consumer_secret: &str, token_secret: &str, out: &mut S) {
    encode::encode_into(consumer_secret.as_bytes(), Level::Once, out);
    out.put(b"&");
    encode::encode_into(token_secret.as_bytes(), Level::Once, out);
}

impl<S: State> Prepared<S> {
    /// The key text is `encode(cs) & encode(ts)`; it is built on the stack when
    /// it fits a block, otherwise streamed into the hash (HMAC uses `H(key)`
    /// for long keys, RFC 2104 §2), so secrets of any length need no heap.
    pub(super) fn new(consumer_secret: &str, token_secret: &str) -> Self {
        let mut key = [0u8; BLOCK];
        let mut sink = SliceSink::new(&mut key);
        write_key(consumer_secret, token_secret, &mut sink);
        // One pass fills the block and measures; only keys that overflow it
        // (rare: real secrets are tens of bytes) are written a second time.
        if sink.finish().is_err() {
            let mut h = Blocks::new(S::INITIAL, 0);
            write_key(consumer_secret, token_secret, &mut h);
            let digest = h.finish();
            key = [0u8; BLOCK];
            key[..digest.as_ref().len()].copy_from_slice(digest.as_ref());
        }
        let absorb = |pad: u8| {
            let mut block = key;
            block.iter_mut().for_each(|k| *k ^= pad);
            let mut state = S::INITIAL;
            state.compress(core::slice::from_ref(&block));
            state
        };
        Prepared {
            inner: absorb(0x36),
            outer: absorb(0x5C),
        }
    }

    /// Runs `write` against the inner hash, then finishes the MAC.
    #[inline]
    pub(super) fn sign(&self, write: impl FnOnce(&mut Blocks<S>)) -> S::Out {
        let mut inner = Blocks::new(self.inner, 1);
        write(&mut inner);
        let digest = inner.finish();
        // The outer message, H(inner), is shorter than a block, so the whole
        // outer hash is one compression of a block built here.
        let d = digest.as_ref();
        let mut block = [0u8; BLOCK];
        block[..d.len()].copy_from_slice(d);
        block[d.len()] = 0x80;
        let bits = ((BLOCK + d.len()) * 8) as u64;
        block[BLOCK - 8..].copy_from_slice(&bits.to_be_bytes());
        let mut outer = self.outer;
        outer.compress(core::slice::from_ref(&block));
        outer.output()
    }
}

/// A [`Sink`] that cuts its input into blocks and hands each full one
/// straight to the compression function. The base string arrives in ~60
/// pieces of 1–20 bytes, so the per-piece cost is what matters: `put` is
/// inline, short pieces are copied without a `memcpy` call, and nothing is
/// copied twice.
pub(super) struct Blocks<S: State> {
    state: S,
    block: [u8; BLOCK],
    /// Bytes of `block` in use; always below `BLOCK` between calls (a full
    /// block is compressed at once).
    pos: usize,
    /// Blocks compressed so far, counting any absorbed before this sink.
    blocks: u64,
}

impl<S: State> Blocks<S> {
    #[inline]
    fn new(state: S, blocks: u64) -> Self {
        Blocks {
            state,
            block: [0; BLOCK],
            pos: 0,
            blocks,
        }
    }

    /// Pads (FIPS 180-4 §5.1.1: `0x80`, zeros, the bit length big-endian)
    /// and returns the digest. By reference, not by value: moving the sink
    /// would copy its block right after the pieces were stored into it, and
    /// that copy's wide loads stall on store forwarding. The sink is spent
    /// afterwards.
    #[inline]
    fn finish(&mut self) -> S::Out {
        let bits = (self.blocks * BLOCK as u64 + self.pos as u64) * 8;
        let pos = self.pos.min(BLOCK - 1);
        self.block[pos] = 0x80;
        self.block[pos + 1..].fill(0);
        if pos >= BLOCK - 8 {
            self.state.compress(core::slice::from_ref(&self.block));
            self.block = [0; BLOCK];
        }
        self.block[BLOCK - 8..].copy_from_slice(&bits.to_be_bytes());
        self.state.compress(core::slice::from_ref(&self.block));
        self.state.output()
    }

    /// The rare case: `bytes` completes the current block.
    #[cold]
    #[inline(never)]
    fn put_across(&mut self, bytes: &[u8]) {
        let (head, rest) = bytes.split_at((BLOCK - self.pos).min(bytes.len()));
        copy_short(&mut self.block[self.pos..self.pos + head.len()], head);
        self.state.compress(core::slice::from_ref(&self.block));
        self.blocks += 1;
        let mut whole = rest.chunks_exact(BLOCK);
        for chunk in whole.by_ref() {
            if let Ok(block) = <&[u8; BLOCK]>::try_from(chunk) {
                self.state.compress(core::slice::from_ref(block));
                self.blocks += 1;
            }
        }
        let tail = whole.remainder();
        copy_short(&mut self.block[..tail.len()], tail);
        self.pos = tail.len();
    }
}

impl<S: State> Sink for Blocks<S> {
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

    fn ours<S: State>(cs: &str, ts: &str, pieces: &[Vec<u8>]) -> Vec<u8> {
        let prepared = Prepared::<S>::new(cs, ts);
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

    #[test]
    fn plain_hashes_match_the_digest_crates() {
        use sha1::Digest as _;
        let data: Vec<u8> = (0..=255u8).cycle().take(200).collect();
        for n in 0..=data.len() {
            let mut h = Blocks::new(Sha1::INITIAL, 0);
            h.put(&data[..n]);
            assert_eq!(
                h.finish().as_ref(),
                sha1::Sha1::digest(&data[..n]).as_slice()
            );
            let mut h = Blocks::new(Sha256::INITIAL, 0);
            h.put(&data[..n]);
            assert_eq!(
                h.finish().as_ref(),
                sha2::Sha256::digest(&data[..n]).as_slice()
            );
        }
    }
}
