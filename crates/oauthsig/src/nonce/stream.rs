//! The generator nonces are drawn from: ChaCha20 per thread, keyed from
//! the operating system's CSPRNG (§4.9 asks for values that cannot be
//! guessed, which a key the OS chose keeps them).
//!
//! A nonce goes out with every request and is public once sent, so a
//! system call per nonce buys nothing a stream cipher keyed by the OS does
//! not give. Verifiers, which are secrets, are still drawn from the OS
//! directly.
//!
//! What must stay true: a process made by `fork` never continues its
//! parent's stream. Both would send the same nonces, and a server refuses
//! the second of two requests with the same nonce and timestamp as a
//! replay (§3.3). The stream is keyed for one process id and keyed anew
//! when the id it is drawn in differs.

use crate::Error;
use chacha20::ChaCha20Rng;
use chacha20::rand_core::SeedableRng;
use getrandom::SysRng;
use oauthsig_core::nonce;
use std::cell::RefCell;
use zeroize::Zeroizing;

/// A thread's generator and the process it was keyed in.
struct Stream {
    rng: ChaCha20Rng,
    pid: u32,
}

impl Stream {
    /// A generator keyed from the OS for process `pid`.
    fn keyed(pid: u32) -> Result<Self, Error> {
        let mut seed = Zeroizing::new(<ChaCha20Rng as SeedableRng>::Seed::default());
        getrandom::fill(seed.as_mut())?;
        Ok(Stream {
            rng: ChaCha20Rng::from_seed(*seed),
            pid,
        })
    }

    /// Keys `slot` anew for process `pid` unless it holds a stream keyed
    /// in that process.
    fn rekey(slot: &mut Option<Stream>, pid: u32) -> Result<(), Error> {
        if slot.as_ref().is_none_or(|s| s.pid != pid) {
            *slot = Some(Stream::keyed(pid)?);
        }
        Ok(())
    }
}

thread_local! {
    static STREAM: RefCell<Option<Stream>> = const { RefCell::new(None) };
}

/// Fills `buf` with a nonce of `buf.len()` letters and digits from this
/// thread's stream.
pub(super) fn fill(buf: &mut [u8]) -> Result<&str, Error> {
    let pid = std::process::id();
    let drawn = STREAM.try_with(|cell| {
        let mut slot = cell.try_borrow_mut().ok()?;
        if let Err(e) = Stream::rekey(&mut slot, pid) {
            return Some(Err(e));
        }
        let stream = slot.as_mut()?;
        draw(&mut stream.rng, buf);
        Some(Ok(()))
    });
    match drawn {
        Ok(Some(result)) => result?,
        // This thread's locals are gone (a nonce made from another
        // local's destructor): straight from the OS.
        _ => {
            nonce::fill_nonce(&mut SysRng, buf)?;
        }
    }
    // Letters and digits are ASCII.
    Ok(core::str::from_utf8(buf).unwrap_or_default())
}

/// Fills `buf` from `rng`, which cannot fail.
fn draw(rng: &mut ChaCha20Rng, buf: &mut [u8]) {
    match nonce::fill_nonce(rng, buf) {
        Ok(_) => {}
        Err(never) => match never {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn next(rng: &mut ChaCha20Rng) -> [u8; 30] {
        let mut b = [0u8; 30];
        draw(rng, &mut b);
        b
    }

    /// What a `fork` leaves a child: its parent's stream, word for word.
    fn copy_of(slot: &Option<Stream>) -> ChaCha20Rng {
        let state = slot.as_ref().map(|s| s.rng.serialize_state());
        ChaCha20Rng::deserialize_state(&state.unwrap_or([0; 49]))
    }

    #[test]
    fn a_stream_goes_on_in_its_process_and_is_keyed_anew_in_another() {
        let mut slot = None;
        Stream::rekey(&mut slot, 7).unwrap();
        let seed = slot.as_ref().map(|s| s.rng.get_seed());
        next(&mut slot.as_mut().unwrap().rng);

        // The same process: the stream goes on where it was.
        let mut parent = copy_of(&slot);
        Stream::rekey(&mut slot, 7).unwrap();
        assert_eq!(next(&mut slot.as_mut().unwrap().rng), next(&mut parent));

        // A child holding that state under another id: a new key, so it
        // does not send what the parent sends next.
        let mut parent = copy_of(&slot);
        Stream::rekey(&mut slot, 8).unwrap();
        let child = slot.as_mut().unwrap();
        assert_eq!(child.pid, 8);
        assert_ne!(Some(child.rng.get_seed()), seed);
        assert_ne!(next(&mut child.rng), next(&mut parent));
    }

    #[test]
    fn each_thread_draws_its_own_nonces() {
        let here = super::super::make_nonce().unwrap();
        let there = std::thread::spawn(|| super::super::make_nonce().unwrap())
            .join()
            .unwrap();
        assert_ne!(here, there);
    }
}
