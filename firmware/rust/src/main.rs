//! oauthsig-core on a Cortex-M3 (QEMU's lm3s6965evb): signs the RFC 5849
//! §3.4.1.1 request with the one-call API and compares the header byte for
//! byte with the RFC's, verifies it with core's state-free verification,
//! draws a nonce from a caller RNG, and prints each call's stack
//! high-water mark. Built without features it is the baseline: the same
//! firmware with no OAuth in it, whose size scripts/firmware subtracts.
//!
//! Output lines are `name value` (or `name ok` / `name FAILED`); the exit
//! code is semihosting's success only when every check passed.
#![no_std]
#![no_main]

mod out;
#[cfg(feature = "sign")]
mod rfc;
mod stack;

use cortex_m_rt::entry;
use cortex_m_semihosting::debug;
use out::Out;

#[entry]
fn main() -> ! {
    let mut out = Out::open();
    out.line("oauthsig-firmware");
    // What measuring costs by itself: the frame of an empty call.
    let ((), empty) = stack::measure(nothing);
    out.value("stack_empty", empty);
    let ok = run(&mut out);
    out.line(if ok { "result ok" } else { "result FAILED" });
    debug::exit(if ok {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    #[allow(clippy::empty_loop)]
    loop {}
}

#[inline(never)]
fn nothing() {
    core::hint::black_box(());
}

#[cfg(feature = "sign")]
fn run(out: &mut Out) -> bool {
    rfc::run(out)
}

#[cfg(not(feature = "sign"))]
fn run(_: &mut Out) -> bool {
    true
}

/// No panic may be reachable: a panic calls a function that exists
/// nowhere, so a build in which the optimizer could not remove every panic
/// path fails to link (scripts/firmware's no-panic check). `allow-panic`
/// swaps in a halting handler, to measure a build that still has some.
#[cfg(not(feature = "allow-panic"))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    unsafe extern "C" {
        fn oauthsig_firmware_panic_is_reachable() -> !;
    }
    // SAFETY: never runs: the symbol is undefined, so a build that keeps
    // this call does not link.
    unsafe { oauthsig_firmware_panic_is_reachable() }
}

#[cfg(feature = "allow-panic")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    debug::exit(debug::EXIT_FAILURE);
    #[allow(clippy::empty_loop)]
    loop {}
}
