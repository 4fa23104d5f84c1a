//! The verifier's nonce store, with the in-memory store called directly.
//!
//! The verifier asks a store twice per request, check then record, with the
//! same key. Through the [`NonceStore`] trait the in-memory store hashes the
//! key each time; holding it by its own type lets the verifier hash once
//! and hand the fingerprint to both calls, without adding to the public
//! trait a way to pass one store's fingerprint to another store (or a
//! fingerprint of another key) by mistake.

use crate::nonce_store::{MemoryNonceStore, NonceKey, NonceStatus, NonceStore, NonceStoreError};
use std::any::Any;
use std::sync::Arc;

pub(super) enum Store {
    /// The verifier's own in-memory store, or one it shares.
    Memory(Arc<MemoryNonceStore>),
    Other(Box<dyn NonceStore>),
}

/// What [`Store::check`] learnt that [`Store::record`] reuses.
#[derive(Clone, Copy)]
pub(super) struct Checked {
    fingerprint: u64,
}

impl Store {
    /// The store given to the builder, unboxed when it is the in-memory
    /// store (alone or in an `Arc`).
    pub(super) fn new<S: NonceStore + 'static>(store: S) -> Self {
        let mut slot = Some(store);
        let any: &mut dyn Any = &mut slot;
        if let Some(m) = any
            .downcast_mut::<Option<MemoryNonceStore>>()
            .and_then(Option::take)
        {
            return Store::Memory(Arc::new(m));
        }
        if let Some(m) = any
            .downcast_mut::<Option<Arc<MemoryNonceStore>>>()
            .and_then(Option::take)
        {
            return Store::Memory(m);
        }
        match slot {
            Some(s) => Store::Other(Box::new(s)),
            // Taken only by a branch that returned.
            None => Store::Memory(Arc::default()),
        }
    }

    fn memory(&self) -> Option<&MemoryNonceStore> {
        match self {
            Store::Memory(m) => Some(m),
            Store::Other(_) => None,
        }
    }

    /// [`NonceStore::check`].
    pub(super) fn check(
        &self,
        key: &NonceKey<'_>,
        now: u64,
    ) -> Result<(NonceStatus, Checked), NonceStoreError> {
        match self.memory() {
            Some(m) => {
                let fingerprint = m.fingerprint(key);
                Ok((
                    m.check_fingerprint(key, fingerprint, now),
                    Checked { fingerprint },
                ))
            }
            None => Ok((
                self.dyn_store().check(key, now)?,
                Checked { fingerprint: 0 },
            )),
        }
    }

    /// [`NonceStore::record`] of the key `checked` came from.
    pub(super) fn record(
        &self,
        key: &NonceKey<'_>,
        checked: Checked,
        now: u64,
    ) -> Result<NonceStatus, NonceStoreError> {
        match self.memory() {
            Some(m) => m.record_fingerprint(key, checked.fingerprint, now),
            None => self.dyn_store().record(key, now),
        }
    }

    fn dyn_store(&self) -> &dyn NonceStore {
        match self {
            Store::Memory(m) => &**m,
            Store::Other(s) => &**s,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_memory_store_is_recognised_alone_or_shared() {
        assert!(matches!(
            Store::new(MemoryNonceStore::new()),
            Store::Memory(_)
        ));
        let shared = Arc::new(MemoryNonceStore::new());
        match Store::new(Arc::clone(&shared)) {
            Store::Memory(m) => assert!(Arc::ptr_eq(&m, &shared)),
            Store::Other(_) => panic!("the shared store went through the trait"),
        }
        // Any other store, even one wrapping the in-memory store, goes
        // through the trait.
        struct Wrapped(MemoryNonceStore);
        impl NonceStore for Wrapped {
            fn check(&self, k: &NonceKey<'_>, now: u64) -> Result<NonceStatus, NonceStoreError> {
                self.0.check(k, now)
            }
            fn record(&self, k: &NonceKey<'_>, now: u64) -> Result<NonceStatus, NonceStoreError> {
                self.0.record(k, now)
            }
        }
        assert!(matches!(
            Store::new(Wrapped(MemoryNonceStore::new())),
            Store::Other(_)
        ));
    }

    #[test]
    fn check_then_record_agrees_with_the_trait() {
        let shared = Arc::new(MemoryNonceStore::new());
        let store = Store::new(Arc::clone(&shared));
        let key = NonceKey::new("ck", Some("t"), 100, "n", 401);
        let (status, checked) = store.check(&key, 100).unwrap();
        assert_eq!(status, NonceStatus::Fresh);
        assert_eq!(store.record(&key, checked, 100), Ok(NonceStatus::Fresh));
        // The entry is the one the trait's methods compute.
        assert_eq!(shared.check(&key, 100), Ok(NonceStatus::Used));
        assert_eq!(shared.record(&key, 100), Ok(NonceStatus::Used));
        assert_eq!(store.check(&key, 100).unwrap().0, NonceStatus::Used);
        let other = NonceKey::new("ck", Some("t"), 100, "m", 401);
        assert_eq!(shared.record(&other, 100), Ok(NonceStatus::Fresh));
        let (status, checked) = store.check(&other, 100).unwrap();
        assert_eq!(status, NonceStatus::Used);
        assert_eq!(store.record(&other, checked, 100), Ok(NonceStatus::Used));
    }
}
