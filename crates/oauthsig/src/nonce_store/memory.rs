//! The in-process nonce store, [RFC 5849 §3.3](https://www.rfc-editor.org/rfc/rfc5849#section-3.3):
//! bounded in memory, and in what one consumer may take of it.

mod consumers;

use super::{NonceKey, NonceStatus, NonceStore, NonceStoreError};
use consumers::ConsumerCounts;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher, RandomState};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, TryLockError};

/// Shards spread lock contention; a power of two so the index is a mask.
const SHARDS: usize = 16;

/// Default [`MemoryNonceStore`] capacity: some 20 MB of entries at most,
/// far above what one process verifies in a 10-minute window at realistic
/// rates, yet a hard ceiling.
pub const DEFAULT_MEMORY_CAPACITY: usize = 1 << 20;

/// The share of a [`MemoryNonceStore`]'s capacity one consumer may hold
/// unless [`MemoryNonceStore::per_consumer_capacity`] says otherwise: one
/// divided by this. A quarter of the default capacity is 262,144 live
/// nonces, some 870 requests a second sustained under the default 300 s
/// window, for each consumer.
pub const DEFAULT_CONSUMER_SHARE: usize = 4;

/// The in-process nonce store: thread-safe, and bounded in memory.
///
/// Entries are grouped by timestamp; each group is dropped as a whole once
/// its timestamp can no longer pass the window (the groups are kept in
/// timestamp order, so this is a look at the oldest group; each insert does
/// it for its own shard and one other, round-robin). A hard capacity caps
/// memory even under a flood of authentic requests: when live entries fill
/// it, the store reports [`NonceStoreError::Full`] and the verifier refuses
/// requests (503) rather than forgetting nonces early.
///
/// **Per-consumer share.** One consumer (by `oauth_consumer_key`) holds at
/// most [`per_consumer_capacity`](MemoryNonceStore::per_consumer_capacity)
/// live entries, by default a quarter of the capacity
/// ([`DEFAULT_CONSUMER_SHARE`]). Past it, that consumer's requests are
/// refused with [`NonceStoreError::ConsumerQuota`] (the verifier's
/// [`VerifyError::ConsumerQuota`](crate::VerifyError::ConsumerQuota), HTTP
/// 429) until its entries expire, while every other consumer is served:
/// one client with valid credentials cannot lock the others out. Only
/// requests whose signature verified are recorded, so only authenticated
/// consumers count. A single-tenant server set it to the capacity.
///
/// An entry is a 64-bit fingerprint of the [`NonceKey`] under a secret
/// random key (aHash, a keyed hash built to resist hash flooding in
/// in-memory tables, seeded from the standard library's random SipHash
/// keys), not the key's text: 8 bytes per nonce, no allocation per request.
/// A replay has the same key, so it always matches. A fresh key can share a
/// fingerprint with a stored one only by chance (the secret key keeps
/// clients from aiming for it): with a million live entries, about once in
/// 2<sup>44</sup> requests — and the effect is refusing a genuine request,
/// never admitting a replay.
///
/// Clone an `Arc<MemoryNonceStore>` into several verifiers to share it.
///
/// ```
/// use oauthsig::nonce_store::{MemoryNonceStore, NonceKey, NonceStatus, NonceStore, NonceStoreError};
/// let store = MemoryNonceStore::with_capacity(3).per_consumer_capacity(2);
/// let at = |ck, n| NonceKey::new(ck, None, 100, n, 401);
/// store.record(&at("ck", "a"), 100)?;
/// store.record(&at("ck", "b"), 100)?;
/// // "ck" holds its share: refused (429), but another consumer is served…
/// assert_eq!(store.record(&at("ck", "c"), 100), Err(NonceStoreError::ConsumerQuota { limit: 2 }));
/// store.record(&at("other", "a"), 100)?;
/// // …until the store is full: fails closed (503).
/// assert_eq!(store.record(&at("other", "b"), 100), Err(NonceStoreError::Full { capacity: 3 }));
/// // Once timestamp 100 is outside the window its entries expire, and
/// // make room.
/// assert_eq!(store.check(&at("ck", "a"), 401)?, NonceStatus::Fresh);
/// assert_eq!(store.record(&NonceKey::new("ck", None, 500, "c", 801), 500)?, NonceStatus::Fresh);
/// assert!(store.len() <= 3);
/// # Ok::<(), oauthsig::nonce_store::NonceStoreError>(())
/// ```
pub struct MemoryNonceStore {
    shards: [Mutex<Shard>; SHARDS],
    /// Per shard, the `expires_at` of its oldest group (`u64::MAX` when it
    /// has none), written under the shard's lock: the round-robin purge
    /// reads it to skip a shard with nothing to drop without locking it.
    oldest: [AtomicU64; SHARDS],
    /// The secret key of the fingerprints. Clients choose their nonces, and
    /// the fingerprints' bits index the shards' tables directly: only a
    /// hash they cannot predict keeps them from flooding one bucket.
    key: ahash::RandomState,
    /// Live entries in all shards (reserved before an insert, so the
    /// capacity is never exceeded).
    len: AtomicUsize,
    capacity: usize,
    /// Live entries per consumer, each held to its share.
    consumers: ConsumerCounts,
    /// The shard the next insert also purges, round-robin, so a shard that
    /// receives no inserts still drops its expired entries.
    purge_cursor: AtomicUsize,
}

#[derive(Default)]
struct Shard {
    /// Timestamp → entries with that timestamp.
    by_timestamp: BTreeMap<u64, Group>,
}

struct Group {
    /// The latest `expires_at` any entry of the group asked for (verifiers
    /// with different windows may share a store).
    expires_at: u64,
    fingerprints: HashSet<u64, BuildHasherDefault<Prehashed>>,
    /// Entries of the group per consumer fingerprint: what to give back to
    /// each consumer's share when the group goes.
    consumers: HashMap<u64, usize, BuildHasherDefault<Prehashed>>,
}

/// Why an entry was not inserted.
enum Refused {
    Full,
    Consumer,
}

/// Fingerprints are already uniformly random under a secret key: the table
/// uses their bits directly instead of hashing them again.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used; fold anything else rather than panic.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

/// Feeds a key to a hasher unambiguously: first the four numbers that fix
/// the layout (consumer key length, token length or `u64::MAX` for none,
/// timestamp, nonce length) in one write, then the three texts.
fn hash_key(key: &NonceKey<'_>, h: &mut impl Hasher) {
    let mut head = [0u8; 32];
    let token_len = key.token.map_or(u64::MAX, |t| t.len() as u64);
    for (slot, n) in head.chunks_exact_mut(8).zip([
        key.consumer_key.len() as u64,
        token_len,
        key.timestamp,
        key.nonce.len() as u64,
    ]) {
        slot.copy_from_slice(&n.to_le_bytes());
    }
    h.write(&head);
    h.write(key.consumer_key.as_bytes());
    h.write(key.token.unwrap_or("").as_bytes());
    h.write(key.nonce.as_bytes());
}

impl Shard {
    /// Drops every group whose entries have all expired, giving their
    /// entries back to their consumers' shares; returns how many entries
    /// went. Groups are in timestamp order and expiry grows with the
    /// timestamp, so the scan stops at the first live group.
    fn purge(&mut self, now: u64, consumers: &ConsumerCounts) -> usize {
        let mut dropped = 0;
        while let Some(entry) = self.by_timestamp.first_entry() {
            if entry.get().expires_at > now {
                break;
            }
            let group = entry.remove();
            for (&consumer, &n) in &group.consumers {
                consumers.release(consumer, n);
            }
            dropped += group.fingerprints.len();
        }
        dropped
    }

    /// The `expires_at` of the oldest group: no purge drops anything
    /// before then.
    fn oldest(&self) -> u64 {
        self.by_timestamp
            .first_key_value()
            .map_or(u64::MAX, |(_, g)| g.expires_at)
    }
}

impl MemoryNonceStore {
    /// A store with [`DEFAULT_MEMORY_CAPACITY`].
    pub fn new() -> Self {
        Self::with_capacity(DEFAULT_MEMORY_CAPACITY)
    }

    /// A store holding at most `capacity` live entries, and at most a
    /// [`DEFAULT_CONSUMER_SHARE`]th of them (at least one) per consumer.
    pub fn with_capacity(capacity: usize) -> Self {
        // Four words derived from a std RandomState's secret random key:
        // unpredictable without it, and no RNG of our own to fail here.
        let std_key = RandomState::new();
        let seed = |i: u64| std_key.hash_one(i);
        MemoryNonceStore {
            shards: std::array::from_fn(|_| Mutex::new(Shard::default())),
            oldest: std::array::from_fn(|_| AtomicU64::new(u64::MAX)),
            key: ahash::RandomState::with_seeds(seed(0), seed(1), seed(2), seed(3)),
            len: AtomicUsize::new(0),
            capacity,
            consumers: ConsumerCounts::new((capacity / DEFAULT_CONSUMER_SHARE).max(1)),
            purge_cursor: AtomicUsize::new(0),
        }
    }

    /// Sets the most live entries one consumer may hold (default: the
    /// capacity divided by [`DEFAULT_CONSUMER_SHARE`]); `capacity()` turns
    /// the share off. Set it on a new store: entries already recorded keep
    /// counting against it.
    ///
    /// ```
    /// use oauthsig::nonce_store::MemoryNonceStore;
    /// let store = MemoryNonceStore::with_capacity(1000);
    /// assert_eq!(store.consumer_limit(), 250);
    /// assert_eq!(store.per_consumer_capacity(1000).consumer_limit(), 1000);
    /// ```
    #[must_use]
    pub fn per_consumer_capacity(mut self, limit: usize) -> Self {
        self.consumers = ConsumerCounts::new(limit);
        self
    }

    /// The most live entries one consumer may hold.
    pub const fn consumer_limit(&self) -> usize {
        self.consumers.limit()
    }

    /// Live entries of the consumer `consumer_key` (expired ones count
    /// until a purge reaches them).
    pub fn consumer_len(&self, consumer_key: &str) -> usize {
        self.consumers.get(self.consumer_fingerprint(consumer_key))
    }

    /// Live entries (expired ones count until a purge reaches them).
    pub fn len(&self) -> usize {
        self.len.load(Ordering::Relaxed)
    }

    /// Whether the store holds no entries.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The configured capacity.
    pub const fn capacity(&self) -> usize {
        self.capacity
    }

    fn fingerprint(&self, key: &NonceKey<'_>) -> u64 {
        let mut h = self.key.build_hasher();
        hash_key(key, &mut h);
        h.finish()
    }

    fn consumer_fingerprint(&self, consumer_key: &str) -> u64 {
        self.key.hash_one(consumer_key)
    }

    /// The shard of a fingerprint: middle bits, because the shard's table
    /// uses the low bits (bucket) and the top seven (tag) of the same value.
    fn shard_index(fingerprint: u64) -> usize {
        (fingerprint >> 40) as usize & (SHARDS - 1)
    }

    fn purge_shard(&self, i: usize, shard: &mut Shard, now: u64) {
        let dropped = shard.purge(now, &self.consumers);
        if dropped > 0 {
            self.oldest[i].store(shard.oldest(), Ordering::Relaxed);
            self.len.fetch_sub(dropped, Ordering::Relaxed);
        }
    }

    /// Purges one more shard, round-robin; skipped when it has nothing to
    /// drop yet, or is busy (a later insert reaches it again).
    fn purge_next(&self, now: u64) {
        // Every shard is reached within SHARDS inserts, whatever the threads.
        let i = self.purge_cursor.fetch_add(1, Ordering::Relaxed) & (SHARDS - 1);
        if self.oldest[i].load(Ordering::Relaxed) > now {
            return;
        }
        match self.shards[i].try_lock() {
            Ok(mut shard) => self.purge_shard(i, &mut shard, now),
            Err(TryLockError::Poisoned(p)) => self.purge_shard(i, &mut p.into_inner(), now),
            Err(TryLockError::WouldBlock) => {}
        }
    }

    /// Purges every shard that has something to drop (one lock at a time,
    /// so no lock order to get wrong).
    fn purge_all(&self, now: u64) {
        for (i, shard) in self.shards.iter().enumerate() {
            if self.oldest[i].load(Ordering::Relaxed) <= now {
                self.purge_shard(i, &mut lock(shard), now);
            }
        }
    }

    /// Records `fingerprint` for `consumer`, or says why it was refused.
    fn try_record(
        &self,
        key: &NonceKey<'_>,
        fingerprint: u64,
        consumer: u64,
        now: u64,
    ) -> Result<NonceStatus, Refused> {
        let i = Self::shard_index(fingerprint);
        let mut shard = lock(&self.shards[i]);
        // Written under this lock: nothing to drop before then.
        if self.oldest[i].load(Ordering::Relaxed) <= now {
            self.purge_shard(i, &mut shard, now);
        }
        // One search of the timestamp map and one probe of the group's
        // set: the fingerprint goes in, and comes out again only when a
        // limit turns out to be reached (rare; replays are rarer still).
        let mut new_group = false;
        let group = shard.by_timestamp.entry(key.timestamp).or_insert_with(|| {
            new_group = true;
            Group {
                expires_at: key.expires_at,
                fingerprints: HashSet::default(),
                consumers: HashMap::default(),
            }
        });
        if !group.fingerprints.insert(fingerprint) {
            return Ok(NonceStatus::Used);
        }
        // Both counts move before the lock is released, so concurrent
        // inserts cannot overshoot either limit.
        let refused = if !self.consumers.admit(consumer) {
            Some(Refused::Consumer)
        } else if self.len.fetch_add(1, Ordering::Relaxed) >= self.capacity {
            self.len.fetch_sub(1, Ordering::Relaxed);
            self.consumers.release(consumer, 1);
            Some(Refused::Full)
        } else {
            None
        };
        if let Some(refused) = refused {
            group.fingerprints.remove(&fingerprint);
            // An empty new group would hold nothing yet pin the shard's
            // oldest expiry.
            if new_group {
                shard.by_timestamp.remove(&key.timestamp);
            }
            return Err(refused);
        }
        *group.consumers.entry(consumer).or_insert(0) += 1;
        // Verifiers with different windows may share a store: the group
        // lives as long as its longest-lived entry.
        let raised = key.expires_at > group.expires_at;
        if raised {
            group.expires_at = key.expires_at;
        }
        if new_group || raised {
            self.oldest[i].store(shard.oldest(), Ordering::Relaxed);
        }
        Ok(NonceStatus::Fresh)
    }

    fn refusal(&self, refused: &Refused) -> NonceStoreError {
        match refused {
            Refused::Full => NonceStoreError::Full {
                capacity: self.capacity,
            },
            Refused::Consumer => NonceStoreError::ConsumerQuota {
                limit: self.consumers.limit(),
            },
        }
    }
}

impl Default for MemoryNonceStore {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for MemoryNonceStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryNonceStore")
            .field("len", &self.len())
            .field("capacity", &self.capacity)
            .field("consumer_limit", &self.consumers.limit())
            .finish()
    }
}

/// Locks a shard (or a consumer map). A panic while holding the lock cannot
/// leave it half-updated in a way that matters (each update is one insert,
/// one count or one group removal), so a poisoned lock is used as is rather
/// than turning every later request into an error.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl NonceStore for MemoryNonceStore {
    fn check(&self, key: &NonceKey<'_>, now: u64) -> Result<NonceStatus, NonceStoreError> {
        let fingerprint = self.fingerprint(key);
        let shard = lock(&self.shards[Self::shard_index(fingerprint)]);
        let used = shard
            .by_timestamp
            .get(&key.timestamp)
            .is_some_and(|g| g.expires_at > now && g.fingerprints.contains(&fingerprint));
        Ok(if used {
            NonceStatus::Used
        } else {
            NonceStatus::Fresh
        })
    }

    fn record(&self, key: &NonceKey<'_>, now: u64) -> Result<NonceStatus, NonceStoreError> {
        let fingerprint = self.fingerprint(key);
        let consumer = self.consumer_fingerprint(key.consumer_key);
        let status = match self.try_record(key, fingerprint, consumer, now) {
            Ok(status) => status,
            Err(_) => {
                // Expired entries not yet purged may be what fills the
                // store or the consumer's share: purge them, try once more.
                self.purge_all(now);
                self.try_record(key, fingerprint, consumer, now)
                    .map_err(|r| self.refusal(&r))?
            }
        };
        if status == NonceStatus::Fresh {
            self.purge_next(now);
        }
        Ok(status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nonce_store::NonceStoreError;

    #[test]
    fn expired_groups_are_purged_and_fresh_again() {
        let store = MemoryNonceStore::new();
        let key = NonceKey::new("c", None, 1000, "n", 1301);
        assert_eq!(store.record(&key, 1000), Ok(NonceStatus::Fresh));
        assert_eq!(store.check(&key, 1300), Ok(NonceStatus::Used));
        // From expires_at on the entry no longer counts…
        assert_eq!(store.check(&key, 1301), Ok(NonceStatus::Fresh));
        // …and inserts free it: every shard is purged within SHARDS inserts,
        // whichever shards the inserts land in.
        for i in 0..SHARDS {
            let nonce = format!("m{i}");
            let later = NonceKey::new("c", None, 1301, &nonce, 1602);
            assert_eq!(store.record(&later, 1301), Ok(NonceStatus::Fresh));
        }
        assert_eq!(store.len(), SHARDS);
    }

    #[test]
    fn distinct_tokens_and_timestamps_are_distinct_uses() {
        let store = MemoryNonceStore::new();
        for key in [
            NonceKey::new("c", None, 10, "n", 20),
            NonceKey::new("c", Some("t"), 10, "n", 20),
            NonceKey::new("c", None, 11, "n", 21),
            NonceKey::new("d", None, 10, "n", 20),
            // Boundaries between the parts move: still different uses.
            NonceKey::new("c", Some(""), 10, "n", 20),
            NonceKey::new("c|t", None, 10, "n", 20),
            NonceKey::new("c", Some("t|n"), 10, "", 20),
            NonceKey::new("c", None, 10, "n1", 20),
            NonceKey::new("c", None, 101, "", 20),
        ] {
            assert_eq!(store.record(&key, 10), Ok(NonceStatus::Fresh));
        }
        assert_eq!(store.len(), 9);
    }

    #[test]
    fn a_full_store_keeps_no_empty_group_and_still_sees_replays() {
        let store = MemoryNonceStore::with_capacity(1);
        let first = NonceKey::new("c", None, 100, "a", 401);
        assert_eq!(store.record(&first, 100), Ok(NonceStatus::Fresh));
        // Another consumer: the first one's share is the whole capacity.
        let other_second = NonceKey::new("d", None, 200, "b", 501);
        assert_eq!(
            store.record(&other_second, 100),
            Err(NonceStoreError::Full { capacity: 1 })
        );
        // The refused key's group was not left behind, empty.
        for shard in &store.shards {
            let shard = lock(shard);
            assert!(
                shard
                    .by_timestamp
                    .values()
                    .all(|g| !g.fingerprints.is_empty())
            );
        }
        assert_eq!(store.len(), 1);
        // A full store still tells a replay from a new nonce.
        assert_eq!(store.record(&first, 100), Ok(NonceStatus::Used));
    }

    #[test]
    fn a_group_lives_as_long_as_its_longest_window() {
        // Two verifiers with different windows share the store.
        let store = MemoryNonceStore::new();
        let short = NonceKey::new("c", None, 100, "a", 401);
        let shard = |k: &NonceKey<'_>| MemoryNonceStore::shard_index(store.fingerprint(k));
        // Groups are per shard: a nonce that lands in the same one.
        let nonces: Vec<String> = (0..1000).map(|i| format!("b{i}")).collect();
        let long = nonces
            .iter()
            .map(|n| NonceKey::new("c", None, 100, n, 1001))
            .find(|k| shard(k) == shard(&short))
            .unwrap();
        assert_eq!(store.record(&short, 100), Ok(NonceStatus::Fresh));
        assert_eq!(store.record(&long, 100), Ok(NonceStatus::Fresh));
        // Past the short window, inserts purge, and both entries stay
        // because their group lives until 1001.
        for i in 0..SHARDS {
            let nonce = format!("m{i}");
            let later = NonceKey::new("c", None, 600, &nonce, 901);
            assert_eq!(store.record(&later, 600), Ok(NonceStatus::Fresh));
        }
        assert_eq!(store.check(&long, 600), Ok(NonceStatus::Used));
        assert_eq!(store.len(), 2 + SHARDS);
    }

    #[test]
    fn one_consumer_flooding_leaves_room_for_the_others() {
        let store = MemoryNonceStore::with_capacity(64);
        assert_eq!(store.consumer_limit(), 16);
        let nonces: Vec<String> = (0..64).map(|i| format!("n{i}")).collect();
        let key = |ck, n| NonceKey::new(ck, None, 100, n, 401);
        for n in &nonces[..16] {
            assert_eq!(store.record(&key("flood", n), 100), Ok(NonceStatus::Fresh));
        }
        for n in &nonces[16..] {
            assert_eq!(
                store.record(&key("flood", n), 100),
                Err(NonceStoreError::ConsumerQuota { limit: 16 })
            );
        }
        // Refused entries were not kept, and did not count.
        assert_eq!(store.len(), 16);
        assert_eq!(store.consumer_len("flood"), 16);
        // The flooder's replays are still replays.
        assert_eq!(
            store.record(&key("flood", &nonces[0]), 100),
            Ok(NonceStatus::Used)
        );
        for ck in ["a", "b", "c"] {
            for n in &nonces[..16] {
                assert_eq!(store.record(&key(ck, n), 100), Ok(NonceStatus::Fresh));
            }
        }
        assert_eq!(store.len(), 64);
    }

    #[test]
    fn expired_entries_give_the_consumer_its_share_back() {
        let store = MemoryNonceStore::with_capacity(64).per_consumer_capacity(4);
        let nonces: Vec<String> = (0..8).map(|i| format!("n{i}")).collect();
        for n in &nonces[..4] {
            let k = NonceKey::new("c", None, 100, n, 401);
            assert_eq!(store.record(&k, 100), Ok(NonceStatus::Fresh));
        }
        let late = |n| NonceKey::new("c", None, 401, n, 702);
        assert_eq!(
            store.record(&late(&nonces[4]), 400),
            Err(NonceStoreError::ConsumerQuota { limit: 4 })
        );
        // At 401 the first four expired: the refusal purges and retries.
        for n in &nonces[4..] {
            assert_eq!(store.record(&late(n), 401), Ok(NonceStatus::Fresh));
        }
        assert_eq!(store.consumer_len("c"), 4);
    }
}
