//! HMAC-SHA1 (§3.4.2) and HMAC-SHA256, [RFC 2104](https://www.rfc-editor.org/rfc/rfc2104),
//! with a prepared key.
//!
//! The HMAC itself is the `hmac` crate's (`HmacCore`: key schedule, inner
//! and outer pads, finalization). What is ours is the feeding: the base
//! string arrives in ~60 pieces of 1–20 bytes, so instead of `Mac::update`
//! (a call and a copy into the digest's own buffer per piece) the pieces are
//! copied inline into one block we own and whole blocks go to
//! `update_blocks`.

use crate::encode::{self, Level};
use crate::sink::{Sink, SliceSink, copy_short};
use hmac::block_api::HmacCore;
use hmac::digest::block_api::{Block, Buffer, EagerHash, FixedOutputCore};
use hmac::digest::typenum::Unsigned;
use hmac::digest::{KeyInit, Output};
use zeroize::Zeroize;

/// Block size of SHA-1 and SHA-256: keys longer than this are hashed first.
const BLOCK: usize = 64;

/// An HMAC whose inner and outer pad states are already computed.
#[derive(Clone)]
pub(super) struct Prepared<D: EagerHash>(HmacCore<D>);

fn write_key<S: Sink + ?Sized>(consumer_secret: &str, token_secret: &str, out: &mut S) {
    encode::encode_into(consumer_secret.as_bytes(), Level::Once, out);
    out.put(b"&");
    encode::encode_into(token_secret.as_bytes(), Level::Once, out);
}

impl<D: EagerHash> Prepared<D> {
    /// The key text is `encode(cs) & encode(ts)`; it is built on the stack when
    /// it fits a block, otherwise streamed into the hash (HMAC uses `H(key)`
    /// for long keys, RFC 2104 §2), so secrets of any length need no heap.
    pub(super) fn new(consumer_secret: &str, token_secret: &str) -> Self {
        let mut buf = [0u8; BLOCK];
        let mut sink = SliceSink::new(&mut buf);
        write_key(consumer_secret, token_secret, &mut sink);
        // One pass fills the block and measures; only keys that overflow it
        // (rare: real secrets are tens of bytes) are written a second time.
        let core = match sink.finish() {
            Ok(key) => HmacCore::<D>::new_from_slice(key),
            Err(_) => {
                let mut h = Blocks::new(D::Core::default());
                write_key(consumer_secret, token_secret, &mut h);
                let mut digest = h.finish();
                let core = HmacCore::<D>::new_from_slice(&digest);
                digest.as_mut_slice().zeroize();
                h.block.as_mut_slice().zeroize();
                core
            }
        };
        // The stack copy of the key text must not outlive the key schedule.
        buf.zeroize();
        // new_from_slice accepts keys of every length for HMAC; the fallback
        // only exists so no path can panic.
        Prepared(core.unwrap_or_else(|_| HmacCore::<D>::new(&Default::default())))
    }

    /// Runs `write` against a sink feeding a copy of the prepared state.
    #[inline]
    pub(super) fn sign(&self, write: impl FnOnce(&mut Blocks<HmacCore<D>>)) -> Output<HmacCore<D>> {
        let mut blocks = Blocks::new(self.0.clone());
        write(&mut blocks);
        blocks.finish()
    }
}

/// A [`Sink`] that cuts its input into blocks and hands each full one
/// straight to the (HMAC or hash) core. `put` is inline, short pieces are
/// copied without a `memcpy` call, and nothing is copied twice.
pub(super) struct Blocks<C: FixedOutputCore> {
    core: C,
    block: Block<C>,
    /// Bytes of `block` in use; always below the block size between calls
    /// (a full block is compressed at once), as `Buffer::set` requires.
    pos: usize,
}

impl<C: FixedOutputCore> Blocks<C> {
    #[inline]
    fn new(core: C) -> Self {
        Blocks {
            core,
            block: Block::<C>::default(),
            pos: 0,
        }
    }

    /// Pads and finalizes through the core. By reference, not by value:
    /// moving the sink would copy its block right after the pieces were
    /// stored into it, and that copy's wide loads stall on store forwarding.
    #[inline]
    fn finish(&mut self) -> Output<C> {
        let mut buffer = Buffer::<C>::default();
        buffer.set(self.block.clone(), self.pos);
        let mut out = Output::<C>::default();
        self.core.finalize_fixed_core(&mut buffer, &mut out);
        out
    }

    /// The rare case: `bytes` completes the current block.
    #[cold]
    #[inline(never)]
    fn put_across(&mut self, bytes: &[u8]) {
        let (head, rest) = bytes.split_at((C::BlockSize::USIZE - self.pos).min(bytes.len()));
        copy_short(&mut self.block[self.pos..self.pos + head.len()], head);
        self.core.update_blocks(core::slice::from_ref(&self.block));
        let (whole, tail) = Block::<C>::slice_as_chunks(rest);
        if !whole.is_empty() {
            self.core.update_blocks(whole);
        }
        copy_short(&mut self.block[..tail.len()], tail);
        self.pos = tail.len();
    }
}

impl<C: FixedOutputCore> Sink for Blocks<C> {
    #[inline(always)]
    fn put(&mut self, bytes: &[u8]) {
        // `pos` is always below the block size (a power of two); the mask
        // changes nothing but lets the optimizer see it, which removes the
        // slice bounds checks from this, the hottest path of signing.
        let pos = self.pos & (C::BlockSize::USIZE - 1);
        if bytes.len() < C::BlockSize::USIZE - pos {
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

    fn ours<D: EagerHash>(cs: &str, ts: &str, pieces: &[Vec<u8>]) -> Vec<u8> {
        let prepared = Prepared::<D>::new(cs, ts);
        prepared
            .sign(|s| pieces.iter().for_each(|p| s.put(p)))
            .as_slice()
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
            prop_assert_eq!(ours::<sha1::Sha1>(&cs, &ts, &pieces), reference::<sha1::Sha1>(key.as_bytes(), &pieces));
            prop_assert_eq!(ours::<sha2::Sha256>(&cs, &ts, &pieces), reference::<sha2::Sha256>(key.as_bytes(), &pieces));
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
                    ours::<sha1::Sha1>("k", "", &pieces),
                    reference::<sha1::Sha1>(b"k&", &pieces),
                    "sha1 {n} split {split}"
                );
                assert_eq!(
                    ours::<sha2::Sha256>("k", "", &pieces),
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
            let mut h = Blocks::new(<sha1::Sha1 as EagerHash>::Core::default());
            h.put(&data[..n]);
            assert_eq!(
                h.finish().as_slice(),
                sha1::Sha1::digest(&data[..n]).as_slice()
            );
            let mut h = Blocks::new(<sha2::Sha256 as EagerHash>::Core::default());
            h.put(&data[..n]);
            assert_eq!(
                h.finish().as_slice(),
                sha2::Sha256::digest(&data[..n]).as_slice()
            );
        }
    }
}
