//! HMAC-SHA512 (the extension oauthlib and Clever Cloud sign with), as the
//! `hmac` crate's plain construction with a prepared key.
//!
//! Unlike HMAC-SHA1/256 (see `hmac.rs`), no block-level driver: the method
//! is rare, so the reference construction is the implementation.

use super::{KeyText, write_key};
use crate::sink::{Sink, SliceSink};
use hmac::{KeyInit as _, Mac as _};
use sha2::{Digest as _, Sha512};
use zeroize::Zeroize;

/// SHA-512's block size: keys longer than this are hashed first (RFC 2104 §2).
const BLOCK: usize = 128;

/// An `Hmac<Sha512>` keyed once; each signature clones its state.
#[derive(Clone)]
pub(super) struct Prepared(hmac::Hmac<Sha512>);

/// Feeds the MAC from the crate's writers.
struct Feed<'m>(&'m mut hmac::Hmac<Sha512>);

impl Sink for Feed<'_> {
    fn put(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
}

/// Feeds a plain SHA-512 (for keys longer than a block).
struct HashFeed(Sha512);

impl Sink for HashFeed {
    fn put(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
}

impl Prepared {
    /// The key text is `encode(cs) & encode(ts)`, built on the stack when it
    /// fits a block and hashed while it is written otherwise, as RFC 2104
    /// does with long keys: secrets of any length need no heap.
    pub(super) fn new(key: KeyText<'_>) -> Self {
        let mut block = [0u8; BLOCK];
        let mut sink = SliceSink::new(&mut block);
        write_key(key, &mut sink);
        // RFC 2104 §2 pads the key with zeros to a block: the padded block
        // is the same key, which the crate takes as its fixed-size key.
        if sink.len() > BLOCK {
            let mut h = HashFeed(Sha512::new());
            write_key(key, &mut h);
            let mut digest: [u8; 64] = h.0.finalize().into();
            block = [0u8; BLOCK];
            block[..digest.len()].copy_from_slice(&digest);
            digest.zeroize();
        }
        let mac = hmac::Hmac::<Sha512>::new((&block).into());
        block.zeroize();
        Prepared(mac)
    }

    /// The MAC of what `write` streams.
    pub(super) fn sign(&self, write: impl FnOnce(&mut dyn Sink)) -> [u8; 64] {
        let mut mac = self.0.clone();
        write(&mut Feed(&mut mac));
        mac.finalize().into_bytes().into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode;
    use hmac::{KeyInit, Mac};
    use std::format;

    /// Key texts either side of the block size give the keyed crate's MAC.
    #[test]
    fn long_and_short_keys_match_the_plain_construction() {
        for len in [0, 1, 60, 126, 127, 128, 129, 200] {
            let cs = "k".repeat(len);
            let key = format!("{}&", encode::encode(&cs));
            let mut reference = hmac::Hmac::<Sha512>::new_from_slice(key.as_bytes()).unwrap();
            reference.update(b"base string");
            let want: [u8; 64] = reference.finalize().into_bytes().into();
            assert_eq!(
                Prepared::new(KeyText::Secrets(&cs, "")).sign(|s| s.put(b"base string")),
                want,
                "{len}"
            );
        }
    }
}
