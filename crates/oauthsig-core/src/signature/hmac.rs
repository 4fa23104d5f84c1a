//! HMAC-SHA1 (§3.4.2) and HMAC-SHA256, [RFC 2104](https://www.rfc-editor.org/rfc/rfc2104),
//! with a prepared key, over the block driver of [`crate::hash`]. The
//! `hmac` crate is the plain reference: the tests hold every length,
//! split and key size to its answer.

use super::{KeyText, write_key};
use crate::hash::{BLOCK, Blocks, Compression, digest_of};
use crate::sink::{Sink, SliceSink};
use zeroize::Zeroize;

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

impl<H: Compression> Prepared<H> {
    /// The key text is `encode(cs) & encode(ts)`; it is built on the stack when it
    /// fits a block, otherwise streamed into the hash (HMAC uses `H(key)`
    /// for long keys, RFC 2104 §2), so secrets of any length need no heap.
    pub(super) fn new(key: KeyText<'_>) -> Self {
        // One block holds the key text, then (XOR-ed in place) each pad in
        // turn, so there is one stack copy of secret material to wipe.
        let mut block = [0u8; BLOCK];
        let mut sink = SliceSink::new(&mut block);
        write_key(key, &mut sink);
        // One pass fills the block and measures; only keys that overflow it
        // (rare: real secrets are tens of bytes) are written a second time.
        if sink.finish().is_err() {
            block = [0u8; BLOCK];
            hash_long_key::<H>(key, &mut block);
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
        // The outer hash: the opad block (already compressed), then the
        // inner digest, through the same block buffer.
        blocks.restart(self.outer, 1);
        blocks.put(inner.as_ref());
        digest_of::<H>(&blocks.finish())
    }
}

/// `H(key text)` into the front of `block` (RFC 2104 §2, keys longer than
/// a block), wiping the copies it made.
#[cold]
fn hash_long_key<H: Compression>(key: KeyText<'_>, block: &mut [u8; BLOCK]) {
    let mut h = Blocks::<H>::new(H::IV, 0);
    write_key(key, &mut h);
    let mut digest = digest_of::<H>(&h.finish());
    h.wipe_block();
    let d = digest.as_ref();
    if let Some(front) = block.get_mut(..d.len()) {
        front.copy_from_slice(d);
    }
    digest.zeroize();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode;
    use hmac::{KeyInit, Mac};
    use proptest::prelude::*;
    use std::string::String;
    use std::vec::Vec;

    #[cfg(feature = "hmac-sha1")]
    use crate::hash::Sha1;
    #[cfg(feature = "hmac-sha256")]
    use crate::hash::Sha256;

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
        let prepared = Prepared::<H>::new(KeyText::Secrets(cs, ts));
        prepared
            .sign(|s| pieces.iter().for_each(|p| s.put(p)))
            .as_ref()
            .to_vec()
    }

    fn key_text(cs: &str, ts: &str) -> String {
        std::format!("{}&{}", encode::encode(cs), encode::encode(ts))
    }

    /// Both MACs against the reference, for the methods this build has.
    fn check(cs: &str, ts: &str, pieces: &[Vec<u8>], what: &str) {
        let key = key_text(cs, ts);
        #[cfg(feature = "hmac-sha1")]
        assert_eq!(
            ours::<Sha1>(cs, ts, pieces),
            reference::<sha1::Sha1>(key.as_bytes(), pieces),
            "sha1 {what}"
        );
        #[cfg(feature = "hmac-sha256")]
        assert_eq!(
            ours::<Sha256>(cs, ts, pieces),
            reference::<sha2::Sha256>(key.as_bytes(), pieces),
            "sha256 {what}"
        );
        let _ = (key, what);
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
            check(&cs, &ts, &pieces, "any split");
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
                check("k", "", &pieces, &std::format!("{n} split {split}"));
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
            check(
                &cs,
                "",
                &pieces,
                &std::format!("key text of {} bytes", len + 1),
            );
        }
    }
}
