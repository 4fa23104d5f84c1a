//! Lines to the host's stdout through semihosting, without `core::fmt`
//! (numbers are written by [`decimal`]), so the output code is the same in
//! every build and small.

use cortex_m_semihosting::hio::{self, HostStream};

/// The host's stdout, or nothing when the debugger has none.
pub struct Out(Option<HostStream>);

impl Out {
    /// Opens the host's stdout.
    pub fn open() -> Self {
        Out(hio::hstdout().ok())
    }

    /// Writes `bytes` (dropped when there is no host).
    pub fn put(&mut self, bytes: &[u8]) {
        if let Some(stream) = &mut self.0 {
            // Nothing to do about a host that stopped listening.
            let _ = stream.write_all(bytes);
        }
    }

    /// Writes `text` and a newline.
    pub fn line(&mut self, text: &str) {
        self.put(text.as_bytes());
        self.put(b"\n");
    }

    /// Writes `name value` and a newline: the lines scripts/firmware reads.
    pub fn value(&mut self, name: &str, value: usize) {
        let mut digits = [0u8; 20];
        self.put(name.as_bytes());
        self.put(b" ");
        self.put(decimal(value as u64, &mut digits));
        self.put(b"\n");
    }
}

/// The decimal digits of `n`, written at the end of `buf`.
fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut start = buf.len();
    // 20 digits hold u64::MAX, so the loop always ends on `n == 0`.
    for slot in buf.iter_mut().rev() {
        *slot = b'0' + (n % 10) as u8;
        start -= 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.get(start..).unwrap_or_default()
}
