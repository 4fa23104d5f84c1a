//! A [`NonceStore`] in Redis, shared by every verifier that talks to it.
//!
//! Recording is one `SET key token NX PX ttl`: Redis executes it atomically,
//! so of two servers recording the same nonce at once exactly one gets `OK`,
//! and the key expires by itself once the timestamp can no longer pass the
//! window on any server of the fleet (RFC 5849 §3.3). See [`RedisNonceStore`]
//! for the deadline, the clock-skew slack and the deployment requirements.

mod connection;
mod deployment;
mod ops;
mod runtime;

pub use deployment::{DeploymentReport, DeploymentWarning, EvictionCheck};

use super::{NonceKey, NonceStatus, NonceStore, NonceStoreError, StoreFuture};
use connection::Shared;
use ops::Deadline;
use redis::Client;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// How long a call waits for Redis unless [`RedisNonceStore::timeout`] says
/// otherwise.
pub const DEFAULT_REDIS_TIMEOUT: Duration = Duration::from_secs(2);

/// The clock-skew slack unless [`RedisNonceStore::max_clock_skew`] says
/// otherwise.
pub const DEFAULT_MAX_CLOCK_SKEW: Duration = Duration::from_secs(30);

/// Nonces in Redis, for verifiers on several hosts or processes; a blocking
/// API for [`Verifier::verify`](crate::Verifier::verify) and an async one
/// for [`Verifier::verify_async`](crate::Verifier::verify_async) and the
/// tower layer, over one multiplexed connection (concurrent calls are
/// pipelined on it).
///
/// Keys are `prefix` + [`NonceKey::encode`] (length-prefixed parts, so no two
/// different uses share a key); the value is a random token per call.
///
/// **One deadline per call.** Each call (one per verified request) has
/// [`timeout`](RedisNonceStore::timeout) in all: connecting, the handshake,
/// the command and a retry share it, so a stalled Redis costs a request at
/// most the timeout (plus scheduling, a millisecond or so) before it is
/// refused with 503 ([`NonceStoreError::Timeout`]). The timeout is read
/// per call, so setting it after [`open`](RedisNonceStore::open) applies to
/// every connection, the one `open` made included.
///
/// **Faults are 503, never a replay.** Only a connection opened by an
/// earlier call and found broken is retried (once, within the deadline).
/// A `SET NX` whose answer was lost may have landed: the retry then finds
/// the key, and reads its token; this call's own token means this request
/// is recorded (accepted), another token is another request's (a replay,
/// 401). A timed-out call is never retried, and any other doubt is a 503.
/// (A record that lands after its call timed out remains: the client, told
/// 503, must sign its retry anew, with a new nonce, as for any refusal.)
///
/// **Clock skew.** A key lives until its timestamp leaves the window on the
/// recording server's clock, plus [`max_clock_skew`](RedisNonceStore::max_clock_skew)
/// (default 30 s): a server of the fleet whose clock lags by up to that much
/// still finds the key for as long as it would accept the timestamp. Set it
/// to the largest difference between two servers' clocks you allow.
///
/// **Deployment.** Redis must keep the keys until they expire:
/// - no eviction: `maxmemory-policy noeviction` (`allkeys-*` evicts any
///   key, `volatile-*` any key with a TTL, which every nonce key has). An
///   evicted key re-opens a replay for the rest of its window. [`open`](RedisNonceStore::open)
///   reads the policy and refuses an evicting one unless told otherwise
///   ([`EvictionCheck`]); a full `noeviction` Redis refuses writes, which
///   the store answers with 503;
/// - persistence (RDB snapshots or AOF, `appendfsync everysec` or
///   stricter), or accept the trade-off: after a restart without it, every
///   request of the last window (plus the slack) can be replayed once.
///
/// The [`DeploymentReport`] of `open` ([`RedisNonceStore::deployment`])
/// lists what it found; [`RedisNonceStore::check_deployment`] reads it
/// again.
///
/// Redis I/O runs on one small background runtime for the process (one
/// thread, started on first use): blocking callers wait for it with the
/// deadline, async callers await it, whatever runtime (or none) they are on.
///
/// ```no_run
/// use oauthsig::nonce_store::{EvictionCheck, RedisNonceStore};
/// use oauthsig::verifier::Verifier;
/// use oauthsig_core::SignatureMethod;
/// use std::time::Duration;
///
/// let store = RedisNonceStore::builder("redis://127.0.0.1:6379/")
///     .timeout(Duration::from_millis(250))
///     .max_clock_skew(Duration::from_secs(10))
///     .eviction_check(EvictionCheck::Refuse)
///     .open()?;
/// for warning in store.deployment().map(|r| r.warnings()).unwrap_or_default() {
///     eprintln!("nonce store: {warning}");
/// }
/// let verifier = Verifier::builder()
///     .allow(SignatureMethod::HmacSha1)
///     .nonce_store(store)
///     .build()?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct RedisNonceStore {
    shared: Arc<Shared>,
    prefix: Vec<u8>,
    timeout: Duration,
    max_clock_skew: Duration,
    deployment: Option<DeploymentReport>,
}

/// Configures and opens a [`RedisNonceStore`]:
/// [`RedisNonceStore::builder`].
#[must_use]
pub struct RedisNonceStoreBuilder {
    client: Result<Client, NonceStoreError>,
    prefix: Vec<u8>,
    timeout: Duration,
    max_clock_skew: Duration,
    eviction_check: EvictionCheck,
}

impl RedisNonceStoreBuilder {
    /// The longest a call waits for Redis, connecting included (default
    /// [`DEFAULT_REDIS_TIMEOUT`]); see [`RedisNonceStore::timeout`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The clock-skew slack (default [`DEFAULT_MAX_CLOCK_SKEW`]); see
    /// [`RedisNonceStore::max_clock_skew`].
    pub fn max_clock_skew(mut self, skew: Duration) -> Self {
        self.max_clock_skew = skew;
        self
    }

    /// The key prefix (default `oauthsig:nonce:`).
    pub fn key_prefix(mut self, prefix: impl Into<Vec<u8>>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// What `open` does about the server's eviction policy (default
    /// [`EvictionCheck::Refuse`]).
    pub fn eviction_check(mut self, check: EvictionCheck) -> Self {
        self.eviction_check = check;
        self
    }

    /// Connects and checks the server answers (and, unless
    /// [`EvictionCheck::Skip`], reads its configuration), so a wrong address
    /// or an unsafe deployment fails at start-up rather than on the first
    /// request. Within one timeout.
    ///
    /// # Errors
    /// [`NonceStoreError::Backend`] / [`NonceStoreError::Timeout`] when the
    /// URL is malformed or the server does not answer;
    /// [`NonceStoreError::UnsafeDeployment`] for an evicting policy under
    /// [`EvictionCheck::Refuse`].
    pub fn open(self) -> Result<RedisNonceStore, NonceStoreError> {
        let mut store = RedisNonceStore::from_client(self.client?)
            .key_prefix(self.prefix)
            .timeout(self.timeout)
            .max_clock_skew(self.max_clock_skew);
        if self.eviction_check == EvictionCheck::Skip {
            store.ping()?;
            return Ok(store);
        }
        let report = store.check_deployment()?;
        if self.eviction_check == EvictionCheck::Refuse && report.evicts() == Some(true) {
            return Err(NonceStoreError::UnsafeDeployment {
                problem: format!(
                    "maxmemory-policy {} may evict nonces before they expire, re-opening \
                     replays; use noeviction, or open with EvictionCheck::Warn",
                    report.eviction_policy().unwrap_or_default()
                ),
            });
        }
        store.deployment = Some(report);
        Ok(store)
    }
}

impl fmt::Debug for RedisNonceStoreBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisNonceStoreBuilder")
            .field(
                "addr",
                &self
                    .client
                    .as_ref()
                    .map(|c| c.get_connection_info().addr())
                    .ok(),
            )
            .field("prefix", &String::from_utf8_lossy(&self.prefix))
            .field("timeout", &self.timeout)
            .field("max_clock_skew", &self.max_clock_skew)
            .field("eviction_check", &self.eviction_check)
            .finish()
    }
}

impl RedisNonceStore {
    /// Configures a store for the Redis at `url` (`redis://host:port/db`);
    /// [`RedisNonceStoreBuilder::open`] connects.
    pub fn builder(url: &str) -> RedisNonceStoreBuilder {
        RedisNonceStoreBuilder {
            client: Client::open(url).map_err(ops::backend),
            prefix: b"oauthsig:nonce:".to_vec(),
            timeout: DEFAULT_REDIS_TIMEOUT,
            max_clock_skew: DEFAULT_MAX_CLOCK_SKEW,
            eviction_check: EvictionCheck::default(),
        }
    }

    /// `RedisNonceStore::builder(url).open()`: the defaults, an evicting
    /// server refused.
    ///
    /// # Errors
    /// As [`RedisNonceStoreBuilder::open`].
    pub fn open(url: &str) -> Result<Self, NonceStoreError> {
        Self::builder(url).open()
    }

    /// A store over an already configured client; connects lazily, checks
    /// nothing (call [`check_deployment`](RedisNonceStore::check_deployment)).
    pub fn from_client(client: Client) -> Self {
        RedisNonceStore {
            shared: Arc::new(Shared::new(client)),
            prefix: b"oauthsig:nonce:".to_vec(),
            timeout: DEFAULT_REDIS_TIMEOUT,
            max_clock_skew: DEFAULT_MAX_CLOCK_SKEW,
            deployment: None,
        }
    }

    /// Sets the key prefix (default `oauthsig:nonce:`), e.g. to keep two
    /// services' nonces apart in one Redis.
    #[must_use]
    pub fn key_prefix(mut self, prefix: impl Into<Vec<u8>>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// Sets the longest a call waits for Redis (default
    /// [`DEFAULT_REDIS_TIMEOUT`]): connecting, the handshake, the command
    /// and a retry together. Applies to every later call, on every
    /// connection.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the clock-skew slack (default [`DEFAULT_MAX_CLOCK_SKEW`], whole
    /// seconds): how much longer than the window a key is kept, so that
    /// every server whose clock differs from the recording server's by at
    /// most this much still finds it while it would accept the timestamp.
    /// A server lagging by `s` accepts a timestamp `s` seconds longer; with
    /// less slack than `s`, a replay there succeeds once the key expired.
    #[must_use]
    pub fn max_clock_skew(mut self, skew: Duration) -> Self {
        self.max_clock_skew = skew;
        self
    }

    /// The configured timeout.
    pub const fn configured_timeout(&self) -> Duration {
        self.timeout
    }

    /// The configured clock-skew slack.
    pub const fn configured_max_clock_skew(&self) -> Duration {
        self.max_clock_skew
    }

    /// What [`open`](RedisNonceStore::open) found about the server's
    /// eviction policy and persistence (`None` for a store made with
    /// [`from_client`](RedisNonceStore::from_client) or with
    /// [`EvictionCheck::Skip`]).
    pub fn deployment(&self) -> Option<&DeploymentReport> {
        self.deployment.as_ref()
    }

    /// Checks the server answers.
    ///
    /// # Errors
    /// [`NonceStoreError::Backend`] or [`NonceStoreError::Timeout`].
    pub fn ping(&self) -> Result<(), NonceStoreError> {
        let d = Deadline::after(self.timeout);
        let op = ops::query(Arc::clone(&self.shared), redis::cmd("PING"), d);
        runtime::block_on(op, d.at.into_std(), self.timeout).map(drop)
    }

    /// Reads the server's eviction policy and persistence settings (`CONFIG
    /// GET`; a server that refuses it gets a report of unknowns), within
    /// one timeout.
    ///
    /// # Errors
    /// [`NonceStoreError::Backend`] or [`NonceStoreError::Timeout`] when
    /// the server does not answer `PING`.
    pub fn check_deployment(&self) -> Result<DeploymentReport, NonceStoreError> {
        let d = Deadline::after(self.timeout);
        let shared = Arc::clone(&self.shared);
        let op = async move {
            ops::query(Arc::clone(&shared), redis::cmd("PING"), d).await?;
            let mut values = Vec::with_capacity(3);
            for name in ["maxmemory-policy", "save", "appendonly"] {
                let mut get = redis::cmd("CONFIG");
                get.arg("GET").arg(name);
                let reply = ops::query(Arc::clone(&shared), get, d).await;
                values.push(reply.ok().as_ref().and_then(deployment::config_value));
            }
            let [policy, save, aof] = <[Option<String>; 3]>::try_from(values).unwrap_or_default();
            Ok(DeploymentReport::new(
                policy,
                save.map(|s| !s.trim().is_empty()),
                aof.map(|a| a == "yes"),
            ))
        };
        runtime::block_on(op, d.at.into_std(), self.timeout)
    }

    fn key(&self, key: &NonceKey<'_>) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.prefix.len() + key.encoded_len());
        out.extend_from_slice(&self.prefix);
        key.encode_into(&mut out);
        out
    }

    /// Milliseconds the key must live: until the timestamp leaves the
    /// window, plus the clock-skew slack (RFC 5849 §3.3 on every server of
    /// the fleet, not only this one).
    fn ttl_ms(&self, key: &NonceKey<'_>, now: u64) -> u64 {
        let until = key
            .expires_at()
            .saturating_add(self.max_clock_skew.as_secs());
        until.saturating_sub(now).max(1).saturating_mul(1000)
    }

    /// The record operation for `key`, with its own random token and its
    /// deadline starting now.
    fn record_op(
        &self,
        key: &NonceKey<'_>,
        now: u64,
    ) -> Result<
        (
            impl Future<Output = Result<NonceStatus, NonceStoreError>> + Send + 'static,
            Deadline,
        ),
        NonceStoreError,
    > {
        let d = Deadline::after(self.timeout);
        let op = ops::record(
            Arc::clone(&self.shared),
            self.key(key),
            token()?,
            self.ttl_ms(key, now),
            d,
        );
        Ok((op, d))
    }
}

/// A value no other call will write: 128 random bits, hex.
fn token() -> Result<String, NonceStoreError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| NonceStoreError::Backend {
        message: format!("no randomness for the record token: {e}"),
    })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

impl NonceStore for RedisNonceStore {
    fn check(&self, key: &NonceKey<'_>, _now: u64) -> Result<NonceStatus, NonceStoreError> {
        // Redis expires keys itself, so `now` is not needed here.
        let d = Deadline::after(self.timeout);
        let op = ops::check(Arc::clone(&self.shared), self.key(key), d);
        runtime::block_on(op, d.at.into_std(), self.timeout)
    }

    fn record(&self, key: &NonceKey<'_>, now: u64) -> Result<NonceStatus, NonceStoreError> {
        let (op, d) = self.record_op(key, now)?;
        runtime::block_on(op, d.at.into_std(), self.timeout)
    }

    fn check_async<'a>(&'a self, key: &'a NonceKey<'a>, _now: u64) -> StoreFuture<'a> {
        let d = Deadline::after(self.timeout);
        let op = ops::check(Arc::clone(&self.shared), self.key(key), d);
        StoreFuture::boxed(runtime::spawn_and_await(op))
    }

    fn record_async<'a>(&'a self, key: &'a NonceKey<'a>, now: u64) -> StoreFuture<'a> {
        match self.record_op(key, now) {
            Ok((op, _)) => StoreFuture::boxed(runtime::spawn_and_await(op)),
            Err(e) => StoreFuture::ready(Err(e)),
        }
    }
}

impl fmt::Debug for RedisNonceStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The connection info may hold a password: show only the address.
        f.debug_struct("RedisNonceStore")
            .field("addr", &self.shared.client.get_connection_info().addr())
            .field("prefix", &String::from_utf8_lossy(&self.prefix))
            .field("timeout", &self.timeout)
            .field("max_clock_skew", &self.max_clock_skew)
            .field("deployment", &self.deployment)
            .finish_non_exhaustive()
    }
}
