//! A [`NonceStore`] in Redis, shared by every verifier that talks to it.
//!
//! Recording is one `SET key 1 NX EX ttl`: Redis executes it atomically, so of
//! two servers recording the same nonce at once exactly one gets `OK`, and the
//! key expires by itself once the timestamp can no longer pass the window.

use super::{NonceKey, NonceStatus, NonceStore, NonceStoreError};
use redis::{Client, Connection, ConnectionLike as _, RedisError, Value};
use std::fmt;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// Idle connections kept for reuse; more are opened under load and closed
/// when they come back to a full pool.
const MAX_IDLE: usize = 16;

/// Nonces in Redis (sync API), for verifiers on several hosts or processes.
///
/// Keys are `prefix` + [`NonceKey::encode`] (length-prefixed parts, so no two
/// different uses share a key). Each expires `ttl` seconds after it is
/// recorded: until its timestamp leaves the window, which for a timestamp in
/// the future is up to twice the window, not once.
///
/// ```no_run
/// use oauthsig::nonce_store::RedisNonceStore;
/// use oauthsig::verifier::Verifier;
/// use oauthsig_core::SignatureMethod;
///
/// let store = RedisNonceStore::open("redis://127.0.0.1:6379/")?;
/// let verifier = Verifier::builder()
///     .allow(SignatureMethod::HmacSha1)
///     .nonce_store(store)
///     .build()?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct RedisNonceStore {
    client: Client,
    prefix: Vec<u8>,
    timeout: Duration,
    idle: Mutex<Vec<Connection>>,
}

impl RedisNonceStore {
    /// Connects to the Redis at `url` (`redis://host:port/db`) and checks it
    /// answers, so a wrong address fails at start-up rather than on the
    /// first request.
    ///
    /// # Errors
    /// [`NonceStoreError::Backend`] when the URL is malformed or the server
    /// does not answer `PING`.
    pub fn open(url: &str) -> Result<Self, NonceStoreError> {
        let store = Self::from_client(Client::open(url).map_err(backend)?);
        store.ping()?;
        Ok(store)
    }

    /// A store over an already configured client; connects lazily.
    pub fn from_client(client: Client) -> Self {
        RedisNonceStore {
            client,
            prefix: b"oauthsig:nonce:".to_vec(),
            timeout: Duration::from_secs(2),
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Sets the key prefix (default `oauthsig:nonce:`), e.g. to keep two
    /// services' nonces apart in one Redis.
    #[must_use]
    pub fn key_prefix(mut self, prefix: impl Into<Vec<u8>>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// Sets the connect, read and write timeout (default 2 s). A request
    /// waits at most about this long for Redis before it is refused.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Checks the server answers.
    ///
    /// # Errors
    /// [`NonceStoreError::Backend`] with the client's message.
    pub fn ping(&self) -> Result<(), NonceStoreError> {
        self.run(|conn| redis::cmd("PING").query::<Value>(conn).map(drop))
    }

    fn key(&self, key: &NonceKey<'_>) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.prefix.len() + key.encoded_len());
        out.extend_from_slice(&self.prefix);
        key.encode_into(&mut out);
        out
    }

    fn connect(&self) -> Result<Connection, RedisError> {
        let conn = self.client.get_connection_with_timeout(self.timeout)?;
        conn.set_read_timeout(Some(self.timeout))?;
        conn.set_write_timeout(Some(self.timeout))?;
        Ok(conn)
    }

    /// Runs `op` on a pooled connection. A connection that failed is dropped,
    /// never returned to the pool. When a *reused* connection fails (Redis
    /// restarted, or closed it as idle), the operation is tried once more on
    /// a new one; a fresh connection's failure is final. (Should a `SET NX`
    /// have reached Redis before its connection broke, the retry reads the
    /// nonce as used and refuses the request: it fails closed.)
    fn run<T>(
        &self,
        mut op: impl FnMut(&mut Connection) -> Result<T, RedisError>,
    ) -> Result<T, NonceStoreError> {
        let pooled = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let reused = pooled.is_some();
        let mut conn = match pooled {
            Some(c) => c,
            None => self.connect().map_err(backend)?,
        };
        let result = match op(&mut conn) {
            Err(e) if reused && (e.is_io_error() || e.is_connection_dropped()) => {
                conn = self.connect().map_err(backend)?;
                op(&mut conn)
            }
            other => other,
        };
        match result {
            Ok(v) => {
                if conn.is_open() {
                    let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
                    if idle.len() < MAX_IDLE {
                        idle.push(conn);
                    }
                }
                Ok(v)
            }
            Err(e) => Err(backend(e)),
        }
    }
}

fn backend(e: RedisError) -> NonceStoreError {
    NonceStoreError::Backend {
        message: e.to_string(),
    }
}

fn unexpected(what: &str, v: &Value) -> NonceStoreError {
    NonceStoreError::Backend {
        message: format!("unexpected reply to {what}: {v:?}"),
    }
}

impl NonceStore for RedisNonceStore {
    fn check(&self, key: &NonceKey<'_>, _now: u64) -> Result<NonceStatus, NonceStoreError> {
        let k = self.key(key);
        // Redis expires keys itself, so `now` is not needed here.
        match self.run(|conn| redis::cmd("EXISTS").arg(&k).query::<Value>(conn))? {
            Value::Int(0) => Ok(NonceStatus::Fresh),
            Value::Int(_) => Ok(NonceStatus::Used),
            other => Err(unexpected("EXISTS", &other)),
        }
    }

    fn record(&self, key: &NonceKey<'_>, now: u64) -> Result<NonceStatus, NonceStoreError> {
        let k = self.key(key);
        let ttl = key.ttl(now);
        let reply = self.run(|conn| {
            redis::cmd("SET")
                .arg(&k)
                .arg(1)
                .arg("NX")
                .arg("EX")
                .arg(ttl)
                .query::<Value>(conn)
        })?;
        match reply {
            Value::Okay => Ok(NonceStatus::Fresh),
            Value::SimpleString(s) if s == "OK" => Ok(NonceStatus::Fresh),
            // NX refused: the key exists, the nonce was used.
            Value::Nil => Ok(NonceStatus::Used),
            other => Err(unexpected("SET NX", &other)),
        }
    }
}

impl fmt::Debug for RedisNonceStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The connection info may hold a password: show only the address.
        f.debug_struct("RedisNonceStore")
            .field("addr", &self.client.get_connection_info().addr())
            .field("prefix", &String::from_utf8_lossy(&self.prefix))
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}
