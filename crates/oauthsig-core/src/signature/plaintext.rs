//! PLAINTEXT (§3.4.4): the signature is the key text itself.

use super::{KeyText, PLAINTEXT_MAX_KEY, write_key};
use crate::error::Error;
use crate::sink::SliceSink;
use zeroize::Zeroize;

#[derive(Clone)]
pub(super) struct Key {
    buf: [u8; PLAINTEXT_MAX_KEY],
    len: usize,
}

impl Key {
    pub(super) fn new(key: KeyText<'_>) -> Result<Self, Error> {
        let mut buf = [0u8; PLAINTEXT_MAX_KEY];
        let mut sink = SliceSink::new(&mut buf);
        write_key(key, &mut sink);
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
        core::str::from_utf8(self.buf.get(..self.len).unwrap_or_default()).unwrap_or("")
    }
}

impl Drop for Key {
    /// The key text is the secret itself.
    fn drop(&mut self) {
        self.buf.zeroize();
    }
}
