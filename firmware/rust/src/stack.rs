//! Stack high-water marks: the free RAM below the stack pointer is painted
//! with a pattern, the measured call runs, and the lowest word no longer
//! holding the pattern is how deep it went.

use core::ptr::{read_volatile, write_volatile};

/// The paint: a word a call is unlikely to leave behind by chance.
const PAINT: u32 = 0x5AA5_F00D;

unsafe extern "C" {
    /// cortex-m-rt's end of the statics (`.bss`, `.data`, `.uninit`): RAM
    /// from here up to the stack pointer is free, as there is no heap.
    static __sheap: u32;
}

/// Runs `f` and returns its result and the stack bytes it used: everything
/// below this function's own frame, down to the deepest word written.
///
/// `f` must do its work in functions that are not inlined here, or its
/// locals would sit in this frame, above the painted area, uncounted.
#[inline(never)]
pub fn measure<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let sp = cortex_m::register::msp::read() as usize;
    let bottom = (&raw const __sheap) as usize;
    let mut at = bottom;
    while at + 4 <= sp {
        // SAFETY: [bottom, sp) is free RAM (see `__sheap`) below this
        // frame, word-aligned (both ends are), and nothing else runs.
        unsafe { write_volatile(at as *mut u32, PAINT) };
        at += 4;
    }
    let result = f();
    let mut low = bottom;
    // SAFETY: the same words, read back.
    while low + 4 <= sp && unsafe { read_volatile(low as *const u32) } == PAINT {
        low += 4;
    }
    (result, sp - low)
}
