//! PLAINTEXT (§3.4.4): the signature is the key text itself.

use crate::encode::{self, Level};
use crate::error::Error;
use crate::sink::{Sink, SliceSink};
use zeroize::Zeroize;

/// The longest encoded `consumer_secret&token_secret` a heap-free PLAINTEXT
/// key holds. Real secrets are tens of bytes; each raw byte may encode to 3.
pub const PLAINTEXT_MAX_KEY: usize = 512;

#[derive(Clone)]
pub(super) struct Key {
    buf: [u8; PLAINTEXT_MAX_KEY],
    len: usize,
}

impl Key {
    pub(super) fn new(consumer_secret: &str, token_secret: &str) -> Result<Self, Error> {
        let mut buf = [0u8; PLAINTEXT_MAX_KEY];
        let mut sink = SliceSink::new(&mut buf);
        encode::encode_into(consumer_secret.as_bytes(), Level::Once, &mut sink);
        sink.put(b"&");
        encode::encode_into(token_secret.as_bytes(), Level::Once, &mut sink);
        let len = sink.len();
        if len > PLAINTEXT_MAX_KEY {
            return Err(Error::SecretTooLong {
                needed: len,
                max: PLAINTEXT_MAX_KEY,
            });
        }
        Ok(Key { buf, len })
    }

    pub(super) fn as_str(&self) -> &str {
        // Encoded text is ASCII.
        core::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl Drop for Key {
    /// The key text is the secret itself.
    fn drop(&mut self) {
        self.buf.zeroize();
    }
}
