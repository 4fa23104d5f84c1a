//! HMAC-SHA1 (§3.4.2) and HMAC-SHA256 with a prepared key.

use crate::encode::{self, Level};
use crate::sink::{Sink, SliceSink, copy_short};
use hmac::block_api::HmacCore;
use hmac::digest::block_api::{Block, Buffer, EagerHash, FixedOutputCore};
use hmac::digest::typenum::Unsigned;
use hmac::digest::{KeyInit, Output};

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
                HmacCore::<D>::new_from_slice(&h.finalize())
            }
        };
        // new_from_slice accepts keys of every length for HMAC; the fallback
        // only exists so no path can panic.
        Prepared(core.unwrap_or_else(|_| HmacCore::<D>::new(&Default::default())))
    }

    /// Runs `write` against a sink feeding a copy of the prepared state.
    #[inline]
    pub(super) fn sign(&self, write: impl FnOnce(&mut Blocks<HmacCore<D>>)) -> Output<HmacCore<D>> {
        let mut blocks = Blocks::new(self.0.clone());
        write(&mut blocks);
        blocks.finalize()
    }
}

/// A [`Sink`] that cuts its input into hash blocks itself and hands each full
/// block straight to the compression function. Going through `Mac::update`
/// instead would copy every byte twice (into a staging buffer, then into the
/// digest's own block buffer) and pay a call per piece; the base string
/// arrives in hundreds of 1–20 byte pieces, so the per-piece cost is what
/// matters.
pub(super) struct Blocks<C: FixedOutputCore> {
    core: C,
    block: Block<C>,
    /// Bytes of `block` in use; always below `BLOCK` between calls (a full
    /// block is compressed at once), which is what `Buffer::set` requires.
    pos: usize,
}

impl<C> Blocks<C>
where
    C: FixedOutputCore,
{
    #[inline]
    fn new(core: C) -> Self {
        Blocks {
            core,
            block: Block::<C>::default(),
            pos: 0,
        }
    }

    #[inline]
    fn finalize(mut self) -> Output<C> {
        let mut buffer = Buffer::<C>::default();
        buffer.set(self.block, self.pos);
        let mut out = Output::<C>::default();
        self.core.finalize_fixed_core(&mut buffer, &mut out);
        out
    }

    /// The rare case: `bytes` completes the current block.
    #[cold]
    #[inline(never)]
    fn put_across(&mut self, bytes: &[u8]) {
        let (head, rest) = bytes.split_at((C::BlockSize::USIZE - self.pos).min(bytes.len()));
        self.block[self.pos..self.pos + head.len()].copy_from_slice(head);
        self.core.update_blocks(core::slice::from_ref(&self.block));
        let (whole, tail) = Block::<C>::slice_as_chunks(rest);
        if !whole.is_empty() {
            self.core.update_blocks(whole);
        }
        self.block[..tail.len()].copy_from_slice(tail);
        self.pos = tail.len();
    }
}

impl<C> Sink for Blocks<C>
where
    C: FixedOutputCore,
{
    #[inline(always)]
    fn put(&mut self, bytes: &[u8]) {
        let pos = self.pos;
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
    use hmac::Mac;
    use proptest::prelude::*;
    use std::string::ToString;

    fn reference(key: &[u8], pieces: &[std::vec::Vec<u8>]) -> Output<HmacCore<sha1::Sha1>> {
        let mut mac = <hmac::Hmac<sha1::Sha1> as KeyInit>::new_from_slice(key).unwrap();
        for p in pieces {
            mac.update(p);
        }
        mac.finalize().into_bytes()
    }

    proptest! {
        /// `Blocks` cuts blocks itself: any split of the input, including
        /// pieces that end exactly on, straddle or span block boundaries,
        /// must give the MAC `Mac::update` gives.
        #[test]
        fn blocks_match_mac_update(
            cs in "[a-z%&]{0,80}",
            pieces in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..150), 0..12),
        ) {
            let prepared = Prepared::<sha1::Sha1>::new(&cs, "t");
            let ours = prepared.sign(|s| pieces.iter().for_each(|p| s.put(p)));
            let mut key = std::string::String::new();
            key.push_str(&encode::encode(&cs).to_string());
            key.push_str("&t");
            prop_assert_eq!(ours, reference(key.as_bytes(), &pieces));
        }
    }

    #[test]
    fn block_boundaries() {
        let prepared = Prepared::<sha1::Sha1>::new("k", "");
        for first in [0usize, 1, 62, 63, 64, 65, 127, 128, 129] {
            for second in [0usize, 1, 63, 64, 65, 200] {
                let pieces = [std::vec![7u8; first], std::vec![9u8; second]];
                let ours = prepared.sign(|s| pieces.iter().for_each(|p| s.put(p)));
                assert_eq!(ours, reference(b"k&", &pieces), "{first}+{second}");
            }
        }
    }
}
