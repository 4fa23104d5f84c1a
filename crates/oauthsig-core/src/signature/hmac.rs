//! HMAC-SHA1 (§3.4.2) and HMAC-SHA256 with a prepared key.

use crate::encode::{self, Level};
use crate::sink::{Counter, Sink, SliceSink, Staged};
use hmac::Hmac;
use hmac::digest::block_api::EagerHash;
use hmac::digest::{Digest, KeyInit, Mac, Output};

/// Block size of SHA-1 and SHA-256: keys longer than this are hashed first.
const BLOCK: usize = 64;

/// An HMAC whose inner and outer pad states are already computed.
#[derive(Clone)]
pub(super) struct Prepared<D: EagerHash>(Hmac<D>);

fn write_key<S: Sink + ?Sized>(consumer_secret: &str, token_secret: &str, out: &mut S) {
    encode::encode_into(consumer_secret.as_bytes(), Level::Once, out);
    out.put(b"&");
    encode::encode_into(token_secret.as_bytes(), Level::Once, out);
}

impl<D: EagerHash + Digest + Clone> Prepared<D>
where
    Hmac<D>: KeyInit + Mac,
{
    /// The key text is `encode(cs) & encode(ts)`; it is built on the stack when
    /// it fits a block, otherwise streamed into the hash (HMAC uses `H(key)`
    /// for long keys, RFC 2104 §2), so secrets of any length need no heap.
    pub(super) fn new(consumer_secret: &str, token_secret: &str) -> Self {
        let mut counter = Counter::default();
        write_key(consumer_secret, token_secret, &mut counter);
        let mac = if counter.len() <= BLOCK {
            let mut buf = [0u8; BLOCK];
            let mut sink = SliceSink::new(&mut buf);
            write_key(consumer_secret, token_secret, &mut sink);
            let len = sink.len();
            Hmac::<D>::new_from_slice(&buf[..len])
        } else {
            let mut h = D::new();
            let mut staged = Staged::new(|b: &[u8]| Digest::update(&mut h, b));
            write_key(consumer_secret, token_secret, &mut staged);
            staged.finish();
            Hmac::<D>::new_from_slice(&h.finalize())
        };
        // new_from_slice accepts keys of every length for HMAC; the fallback
        // only exists so no path can panic.
        Prepared(mac.unwrap_or_else(|_| <Hmac<D> as KeyInit>::new(&Default::default())))
    }

    /// Runs `write` against a sink feeding a copy of the prepared state.
    pub(super) fn sign(&self, write: impl FnOnce(&mut dyn Sink)) -> Output<Hmac<D>> {
        let mut mac = self.0.clone();
        let mut staged = Staged::new(|b: &[u8]| Mac::update(&mut mac, b));
        write(&mut staged);
        staged.finish();
        mac.finalize().into_bytes()
    }
}
