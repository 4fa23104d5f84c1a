//! Each consumer's share of a [`MemoryNonceStore`](super::MemoryNonceStore):
//! how many live entries it holds, so that one consumer with valid
//! credentials cannot fill the store and have every other consumer refused
//! (RFC 5849 §3.3 bounds how long nonces are kept, not how many one client
//! may send).

use super::{Prehashed, lock};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::Mutex;

/// Consumers are spread over this many maps, so threads verifying different
/// consumers rarely wait on one lock.
const SHARDS: usize = 16;

/// Live entries per consumer (by the keyed fingerprint of its consumer key).
///
/// Locked only while a store shard is locked, and never the other way
/// round, so there is one lock order.
pub(super) struct ConsumerCounts {
    shards: [Mutex<HashMap<u64, usize, BuildHasherDefault<Prehashed>>>; SHARDS],
    limit: usize,
}

impl ConsumerCounts {
    pub(super) fn new(limit: usize) -> Self {
        ConsumerCounts {
            shards: std::array::from_fn(|_| Mutex::new(HashMap::default())),
            limit,
        }
    }

    pub(super) const fn limit(&self) -> usize {
        self.limit
    }

    /// Bits the maps' buckets (low) and tags (top) do not use pick the
    /// shard.
    fn shard(consumer: u64) -> usize {
        (consumer >> 32) as usize & (SHARDS - 1)
    }

    /// Counts one more entry for `consumer`, unless it holds its limit.
    pub(super) fn admit(&self, consumer: u64) -> bool {
        let mut counts = lock(&self.shards[Self::shard(consumer)]);
        let n = counts.entry(consumer).or_insert(0);
        if *n >= self.limit {
            if *n == 0 {
                counts.remove(&consumer);
            }
            return false;
        }
        *n += 1;
        true
    }

    /// Forgets `entries` of `consumer`'s (expired, or not inserted after
    /// all).
    pub(super) fn release(&self, consumer: u64, entries: usize) {
        let mut counts = lock(&self.shards[Self::shard(consumer)]);
        if let Some(n) = counts.get_mut(&consumer) {
            *n = n.saturating_sub(entries);
            if *n == 0 {
                counts.remove(&consumer);
            }
        }
    }

    /// `consumer`'s live entries.
    pub(super) fn get(&self, consumer: u64) -> usize {
        lock(&self.shards[Self::shard(consumer)])
            .get(&consumer)
            .copied()
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_consumer_is_held_to_its_limit_and_freed_by_release() {
        let c = ConsumerCounts::new(2);
        assert!(c.admit(7) && c.admit(7));
        assert!(!c.admit(7));
        assert!(c.admit(8), "another consumer is not affected");
        c.release(7, 1);
        assert!(c.admit(7));
        c.release(7, 2);
        assert_eq!(c.get(7), 0);
        assert!(lock(&c.shards[ConsumerCounts::shard(7)]).get(&7).is_none());
    }

    #[test]
    fn a_zero_limit_admits_nobody_and_keeps_nothing() {
        let c = ConsumerCounts::new(0);
        assert!(!c.admit(1));
        assert!(lock(&c.shards[ConsumerCounts::shard(1)]).is_empty());
    }
}
