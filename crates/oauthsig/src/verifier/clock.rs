//! The verifier's notion of "now", injectable so tests and replays of
//! recorded traffic can pin it.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// A source of the current time in unix seconds.
///
/// Closures `Fn() -> u64 + Send + Sync` are clocks.
///
/// ```
/// use oauthsig::verifier::{Clock, SystemClock};
/// let fixed = || 1_318_622_958_u64;
/// assert_eq!(fixed.unix_seconds(), 1_318_622_958);
/// assert!(SystemClock.unix_seconds() > 1_600_000_000);
/// ```
pub trait Clock: Send + Sync {
    /// Seconds since 1970-01-01T00:00:00Z.
    fn unix_seconds(&self) -> u64;
}

/// The system clock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn unix_seconds(&self) -> u64 {
        // A clock set before 1970 reads as 0: every timestamp is then in the
        // future and refused, which fails closed.
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    }
}

impl<F: Fn() -> u64 + Send + Sync> Clock for F {
    fn unix_seconds(&self) -> u64 {
        self()
    }
}

/// A boxed clock that can say what it is in `Debug`.
pub(super) struct DynClock(pub(super) Box<dyn Clock>);

impl fmt::Debug for DynClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Clock")
    }
}
