//! Shared harness for oauthsig's plain (`harness = false`) benchmarks.
//!
//! - [`Counting`]: a global allocator that forwards to [`System`] and counts
//!   allocations; a bench binary opts in with
//!   `#[global_allocator] static A: oauthsig_bench_support::Counting = oauthsig_bench_support::Counting;`
//!   (without it, [`allocations`] stays at zero).
//! - [`measure`] / [`Config::measure`]: runs named paths round-robin (so
//!   drift in machine load hits every path alike) and returns each path's
//!   median time per call and heap allocations per call.
//!
//! Environment, read by [`Config::from_env`]:
//! - `BENCH_ITERS`: calls per path per round (each bench has its default);
//! - `BENCH_ROUNDS`: rounds (default 15); the median is over rounds;
//! - `BENCH_ONLY=N`: keep only path `N` (for profiling one path under perf).

pub mod rfc_example;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

static ALLOCS: AtomicUsize = AtomicUsize::new(0);

std::thread_local! {
    /// This thread's share of [`ALLOCS`]: const-initialized and without a
    /// destructor, so the allocator may touch it without allocating.
    static THREAD_ALLOCS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Counts one allocation, process-wide and for this thread.
fn count() {
    ALLOCS.fetch_add(1, Ordering::Relaxed);
    let _ = THREAD_ALLOCS.try_with(|c| c.set(c.get() + 1));
}

/// A global allocator that forwards to [`System`] and counts every `alloc`
/// and `realloc` (read with [`allocations`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct Counting;

// SAFETY: every method forwards its arguments unchanged to `System`, whose
// `GlobalAlloc` implementation upholds the trait's contract; the only
// addition is a relaxed atomic increment, which neither allocates nor
// unwinds.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        count();
        // SAFETY: our caller upholds `GlobalAlloc::alloc`'s contract, which
        // is exactly `System.alloc`'s.
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        // SAFETY: `p` was allocated by this allocator, that is by `System`,
        // with layout `l` (our caller's contract).
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        count();
        // SAFETY: `p` was allocated by `System` with layout `l`, and `n` is
        // valid for it (our caller's contract, which is `System.realloc`'s).
        unsafe { System.realloc(p, l, n) }
    }
}

/// Heap allocations (`alloc` + `realloc`) made through [`Counting`] so far;
/// always zero when the binary does not use it as its global allocator.
pub fn allocations() -> usize {
    ALLOCS.load(Ordering::Relaxed)
}

/// [`allocations`] made by the calling thread only: what a test asserts
/// on, since the test harness's other threads may allocate meanwhile.
pub fn thread_allocations() -> usize {
    THREAD_ALLOCS.try_with(std::cell::Cell::get).unwrap_or(0)
}

/// What a path does each round: set up, called `iters` times, torn down.
trait Routine {
    fn begin(&mut self);
    fn call(&mut self, i: usize);
    fn end(&mut self);
}

struct Plain<F>(F);

impl<F: FnMut()> Routine for Plain<F> {
    fn begin(&mut self) {}
    #[inline]
    fn call(&mut self, _: usize) {
        (self.0)();
    }
    fn end(&mut self) {}
}

struct PerRound<S, M, F> {
    setup: M,
    run: F,
    state: Option<S>,
}

impl<S, M: FnMut() -> S, F: FnMut(&mut S, usize)> Routine for PerRound<S, M, F> {
    fn begin(&mut self) {
        self.state = Some((self.setup)());
    }
    #[inline]
    fn call(&mut self, i: usize) {
        if let Some(s) = &mut self.state {
            (self.run)(s, i);
        }
    }
    fn end(&mut self) {
        self.state = None;
    }
}

/// One named path of a benchmark.
pub struct Path<'a> {
    name: &'static str,
    routine: Box<dyn Routine + 'a>,
}

impl<'a> Path<'a> {
    /// A path that calls `run` repeatedly.
    pub fn new(name: &'static str, run: impl FnMut() + 'a) -> Self {
        Path {
            name,
            routine: Box::new(Plain(run)),
        }
    }

    /// A path with state made fresh by `setup` before each round's timed
    /// calls (and before the allocation count) and dropped after them, both
    /// outside the timed region; `run` gets the state and the call's index
    /// in the round, `0..iters`.
    pub fn per_round<S: 'a>(
        name: &'static str,
        setup: impl FnMut() -> S + 'a,
        run: impl FnMut(&mut S, usize) + 'a,
    ) -> Self {
        Path {
            name,
            routine: Box::new(PerRound {
                setup,
                run,
                state: None,
            }),
        }
    }

    /// The path's name.
    pub fn name(&self) -> &'static str {
        self.name
    }
}

/// One path's result.
#[derive(Clone, Copy, Debug)]
pub struct Measured {
    /// The path's name.
    pub name: &'static str,
    /// Median over rounds of the mean time per call, in nanoseconds.
    pub ns: f64,
    /// The fastest round's mean time per call, in nanoseconds: on a shared
    /// machine the median moves with the neighbours' load, the minimum
    /// much less, so ratios of minima are the steadier comparison.
    pub min_ns: f64,
    /// Heap allocations per call, counted over warmed-up calls (zero
    /// without the [`Counting`] allocator).
    pub allocs: f64,
}

/// Run parameters.
#[derive(Clone, Copy, Debug)]
pub struct Config {
    /// Calls per path per round (`BENCH_ITERS`).
    pub iters: usize,
    /// Rounds (`BENCH_ROUNDS`, default 15).
    pub rounds: usize,
    /// The one path to keep (`BENCH_ONLY`), if any.
    pub only: Option<usize>,
}

fn env_parse<T: std::str::FromStr>(name: &str) -> Option<T> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

impl Config {
    /// Reads `BENCH_ITERS` (else `default_iters`), `BENCH_ROUNDS` (else 15)
    /// and `BENCH_ONLY`; unparsable values count as unset.
    pub fn from_env(default_iters: usize) -> Self {
        Config {
            iters: env_parse("BENCH_ITERS").unwrap_or(default_iters),
            rounds: env_parse("BENCH_ROUNDS").unwrap_or(15),
            only: env_parse("BENCH_ONLY"),
        }
    }

    /// Measures `paths` (only path [`only`](Config::only) if set; panics if
    /// it is out of range) and returns their results in order.
    ///
    /// Per path, first the allocation count: `warm = min(1000, iters / 2)`
    /// calls (indices `0..warm`) uncounted, then `warm` more (`warm..2 *
    /// warm`) counted. Then `rounds` rounds, each timing `iters` calls
    /// (indices `0..iters`) of every path in turn.
    pub fn measure(&self, mut paths: Vec<Path<'_>>) -> Vec<Measured> {
        if let Some(n) = self.only {
            let keep = paths.remove(n);
            paths = vec![keep];
        }

        let warm = 1000.min(self.iters / 2);
        let mut allocs = Vec::with_capacity(paths.len());
        for p in &mut paths {
            p.routine.begin();
            for i in 0..warm {
                p.routine.call(i);
            }
            let before = allocations();
            for i in warm..2 * warm {
                p.routine.call(i);
            }
            allocs.push((allocations() - before) as f64 / warm as f64);
            p.routine.end();
        }

        // Round-robin so drift in machine load hits every path alike.
        let mut samples = vec![Vec::with_capacity(self.rounds); paths.len()];
        for _ in 0..self.rounds {
            for (p, s) in paths.iter_mut().zip(&mut samples) {
                p.routine.begin();
                let t = Instant::now();
                for i in 0..self.iters {
                    p.routine.call(i);
                }
                s.push(t.elapsed().as_nanos() as f64 / self.iters as f64);
                p.routine.end();
            }
        }

        paths
            .iter()
            .zip(samples)
            .zip(allocs)
            .map(|((p, mut s), allocs)| Measured {
                name: p.name,
                ns: median(&mut s),
                min_ns: s.iter().copied().fold(f64::INFINITY, f64::min),
                allocs,
            })
            .collect()
    }
}

/// Prints the results as a table: name, median time per call (column
/// headed `unit`) and its ratio to the first path (the floor), the same for
/// the fastest round, and allocations per call.
pub fn print_table(unit: &str, measured: &[Measured]) {
    let floor = measured
        .first()
        .map_or((f64::NAN, f64::NAN), |m| (m.ns, m.min_ns));
    println!(
        "{:<56} {:>9} {:>8} {:>9} {:>8} {:>7}",
        "path", unit, "x floor", "min", "x floor", "allocs"
    );
    for m in measured {
        println!(
            "{:<56} {:>9.0} {:>8.2} {:>9.0} {:>8.2} {:>7.1}",
            m.name,
            m.ns,
            m.ns / floor.0,
            m.min_ns,
            m.min_ns / floor.1,
            m.allocs
        );
    }
}

/// The median of `v` (the upper one for an even length; NaN when empty).
pub fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// [`Config::from_env`]`(default_iters)` then [`Config::measure`]`(paths)`.
pub fn measure(default_iters: usize, paths: Vec<Path<'_>>) -> Vec<Measured> {
    Config::from_env(default_iters).measure(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_is_the_upper_middle() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), 3.0);
        assert!(median(&mut []).is_nan());
    }

    #[test]
    fn measure_keeps_order_rounds_and_only() {
        let config = Config {
            iters: 10,
            rounds: 3,
            only: None,
        };
        let (mut a, mut setups) = (0usize, 0usize);
        let mut seen = Vec::new();
        let m = config.measure(vec![
            Path::new("a", || a += 1),
            Path::per_round(
                "b",
                || {
                    setups += 1;
                    0usize
                },
                |calls, i| {
                    *calls += 1;
                    seen.push((*calls, i));
                },
            ),
        ]);
        let names: Vec<_> = m.iter().map(|m| m.name).collect();
        assert_eq!(names, ["a", "b"]);
        // 2 × warm (5) for the allocation count, then 3 rounds of 10.
        assert_eq!(a, 10 + 30);
        assert_eq!(setups, 1 + 3);
        assert_eq!(seen[..10], (0..10).map(|i| (i + 1, i)).collect::<Vec<_>>());
        assert_eq!(
            seen[10..20],
            (0..10).map(|i| (i + 1, i)).collect::<Vec<_>>()
        );

        let only = Config {
            only: Some(1),
            ..config
        };
        let m = only.measure(vec![Path::new("a", || {}), Path::new("b", || {})]);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].name, "b");
    }
}
