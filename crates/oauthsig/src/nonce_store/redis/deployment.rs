//! Whether a Redis keeps what it is given: a nonce it loses can be replayed
//! (RFC 5849 §3.3 asks that a nonce be accepted once for as long as its
//! timestamp can pass the window). Two ways Redis loses keys before they
//! expire: an eviction policy that may pick them when memory is short, and
//! a restart without persistence.

use redis::Value;
use std::fmt;

/// Whether [`RedisNonceStoreBuilder::open`](super::RedisNonceStoreBuilder::open)
/// reads the server's configuration, and what it does with an eviction
/// policy that can drop nonces.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EvictionCheck {
    /// Refuse to open ([`NonceStoreError::UnsafeDeployment`](crate::NonceStoreError::UnsafeDeployment))
    /// when `maxmemory-policy` is `allkeys-*` or `volatile-*` (the nonce
    /// keys have a TTL, so `volatile-*` policies pick them too). The
    /// default.
    #[default]
    Refuse,
    /// Open anyway; the [`DeploymentReport`] lists the problem. For a
    /// deployment that accepts replays after an eviction (a cache-only
    /// Redis), knowingly.
    Warn,
    /// Do not read the configuration at all (only `PING`).
    Skip,
}

/// What the server's configuration says about keeping nonces, as far as it
/// lets `CONFIG GET` read it (managed services often refuse: the values are
/// then `None` and [`DeploymentWarning::ConfigUnreadable`] says so).
///
/// ```
/// use oauthsig::nonce_store::{DeploymentReport, DeploymentWarning};
/// let report = DeploymentReport::new(Some("allkeys-lru".into()), Some(false), Some(false));
/// assert_eq!(report.evicts(), Some(true));
/// assert_eq!(report.warnings(), [
///     DeploymentWarning::EvictingPolicy("allkeys-lru".into()),
///     DeploymentWarning::NoPersistence,
/// ]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeploymentReport {
    eviction_policy: Option<String>,
    snapshots: Option<bool>,
    append_only: Option<bool>,
}

/// One problem a [`DeploymentReport`] found.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DeploymentWarning {
    /// `maxmemory-policy` may evict nonce keys before they expire; each
    /// eviction re-opens a replay for the rest of that nonce's window.
    EvictingPolicy(String),
    /// Neither RDB snapshots nor the append-only file are on: a restart
    /// forgets every nonce, and re-opens replays of requests of the last
    /// window (plus the clock-skew slack).
    NoPersistence,
    /// `CONFIG GET` was refused: nothing could be checked.
    ConfigUnreadable,
}

impl fmt::Display for DeploymentWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeploymentWarning::EvictingPolicy(p) => write!(
                f,
                "maxmemory-policy {p} may evict nonces before they expire (use noeviction)"
            ),
            DeploymentWarning::NoPersistence => f.write_str(
                "no persistence (save, appendonly): a restart forgets the nonces of the last window",
            ),
            DeploymentWarning::ConfigUnreadable => {
                f.write_str("CONFIG GET refused: eviction policy and persistence unknown")
            }
        }
    }
}

impl DeploymentReport {
    /// A report from the three settings (`maxmemory-policy`, whether `save`
    /// has a schedule, `appendonly`); `None` for one that could not be read.
    pub fn new(
        eviction_policy: Option<String>,
        snapshots: Option<bool>,
        append_only: Option<bool>,
    ) -> Self {
        DeploymentReport {
            eviction_policy,
            snapshots,
            append_only,
        }
    }

    /// `maxmemory-policy`, when readable.
    pub fn eviction_policy(&self) -> Option<&str> {
        self.eviction_policy.as_deref()
    }

    /// Whether the policy may evict nonce keys (`allkeys-*`, `volatile-*`).
    pub fn evicts(&self) -> Option<bool> {
        self.eviction_policy
            .as_deref()
            .map(|p| p.starts_with("allkeys-") || p.starts_with("volatile-"))
    }

    /// Whether the server persists keys (RDB snapshots or the append-only
    /// file).
    pub fn persistent(&self) -> Option<bool> {
        match (self.snapshots, self.append_only) {
            (Some(true), _) | (_, Some(true)) => Some(true),
            (Some(false), Some(false)) => Some(false),
            _ => None,
        }
    }

    /// Every problem found, most serious first; empty for a server that
    /// neither evicts nor forgets on restart.
    pub fn warnings(&self) -> Vec<DeploymentWarning> {
        let mut out = Vec::new();
        if self.evicts() == Some(true) {
            out.extend(
                self.eviction_policy
                    .clone()
                    .map(DeploymentWarning::EvictingPolicy),
            );
        }
        if self.persistent() == Some(false) {
            out.push(DeploymentWarning::NoPersistence);
        }
        if self.eviction_policy.is_none() {
            out.push(DeploymentWarning::ConfigUnreadable);
        }
        out
    }
}

/// The value of a `CONFIG GET name` reply (RESP2 array or RESP3 map).
pub(super) fn config_value(reply: &Value) -> Option<String> {
    let text = |v: &Value| match v {
        Value::BulkString(b) => Some(String::from_utf8_lossy(b).into_owned()),
        Value::SimpleString(s) => Some(s.clone()),
        _ => None,
    };
    match reply {
        Value::Array(items) => items.get(1).and_then(text),
        Value::Map(pairs) => pairs.first().and_then(|(_, v)| text(v)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_evicting_policies_evict() {
        for (policy, evicts) in [
            ("noeviction", false),
            ("allkeys-lru", true),
            ("allkeys-random", true),
            ("volatile-ttl", true),
            ("volatile-lfu", true),
        ] {
            let r = DeploymentReport::new(Some(policy.into()), Some(true), None);
            assert_eq!(r.evicts(), Some(evicts), "{policy}");
            assert_eq!(r.warnings().is_empty(), !evicts, "{policy}");
        }
    }

    #[test]
    fn persistence_is_either_file_and_unknown_is_said() {
        let r = |s, a| DeploymentReport::new(Some("noeviction".into()), s, a).persistent();
        assert_eq!(r(Some(false), Some(true)), Some(true));
        assert_eq!(r(Some(true), None), Some(true));
        assert_eq!(r(Some(false), Some(false)), Some(false));
        assert_eq!(r(None, Some(false)), None);
        let unreadable = DeploymentReport::default();
        assert_eq!(unreadable.warnings(), [DeploymentWarning::ConfigUnreadable]);
    }

    #[test]
    fn config_replies_of_both_protocols_are_read() {
        let name = Value::BulkString(b"maxmemory-policy".to_vec());
        let value = Value::BulkString(b"noeviction".to_vec());
        let resp2 = Value::Array(vec![name.clone(), value.clone()]);
        let resp3 = Value::Map(vec![(name, value)]);
        for reply in [resp2, resp3] {
            assert_eq!(config_value(&reply).as_deref(), Some("noeviction"));
        }
        assert_eq!(config_value(&Value::Array(vec![])), None);
    }
}
