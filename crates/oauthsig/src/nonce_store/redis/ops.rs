//! The store's commands, each bounded by one deadline that covers
//! connecting, the handshake, the command and any retry.
//!
//! RFC 5849 §3.3: a nonce must be accepted once. Recording is `SET key
//! token NX PX ttl`, atomic in Redis, with `token` drawn at random for each
//! call: when a call cannot know whether an attempt landed (the connection
//! broke after sending it) and tries again, a key holding its own token is
//! its own earlier attempt (the request is recorded: fresh), another token
//! is another request's (a replay), and anything else is a fault (503),
//! never a replay verdict.

use super::connection::{Conn, Shared};
use crate::nonce_store::{NonceStatus, NonceStoreError};
use redis::{RedisError, Value};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

/// What one call is bounded by.
#[derive(Clone, Copy, Debug)]
pub(super) struct Deadline {
    pub(super) at: Instant,
    pub(super) timeout: Duration,
}

impl Deadline {
    pub(super) fn after(timeout: Duration) -> Self {
        Deadline {
            at: Instant::now() + timeout,
            timeout,
        }
    }

    /// `op`, or [`NonceStoreError::Timeout`] once the deadline passes.
    pub(super) async fn bound<T>(
        self,
        op: impl Future<Output = Result<T, NonceStoreError>>,
    ) -> Result<T, NonceStoreError> {
        tokio::time::timeout_at(self.at, op)
            .await
            .unwrap_or(Err(NonceStoreError::Timeout {
                timeout: self.timeout,
            }))
    }
}

/// A connection in use: forgotten by the store unless the command it ran
/// succeeded, including when the call is dropped at its deadline.
struct InUse<'a> {
    shared: &'a Shared,
    conn: Conn,
    ok: bool,
}

impl Drop for InUse<'_> {
    fn drop(&mut self) {
        if !self.ok {
            self.shared.discard(&self.conn);
        }
    }
}

/// Sends `cmd` on the store's connection. A failure on a connection opened
/// by an earlier call may be a stale one (Redis restarted, or closed it):
/// the command is sent once more, on a new connection; `retried` says so.
async fn send(
    shared: &Shared,
    cmd: &redis::Cmd,
    retried: &mut bool,
) -> Result<Value, NonceStoreError> {
    loop {
        let conn = shared.connection().await.map_err(backend)?;
        let reused = conn.reused;
        let mut in_use = InUse {
            shared,
            conn,
            ok: false,
        };
        match cmd.query_async::<Value>(&mut in_use.conn.inner).await {
            Ok(Value::ServerError(e)) => return Err(backend(RedisError::from(e))),
            Ok(value) => {
                in_use.ok = true;
                return Ok(value);
            }
            Err(e) if reused && !*retried && is_stale(&e) => *retried = true,
            Err(e) => return Err(backend(e)),
        }
    }
}

/// A failure a new connection may not have: the socket, not the server.
fn is_stale(e: &RedisError) -> bool {
    !e.is_timeout() && (e.is_connection_dropped() || e.is_io_error() || e.is_unrecoverable_error())
}

/// `SET key token NX PX ttl_ms`, then — only when a retry may have followed
/// an attempt that landed — whose token the key holds.
pub(super) async fn record(
    shared: Arc<Shared>,
    key: Vec<u8>,
    token: String,
    ttl_ms: u64,
    deadline: Deadline,
) -> Result<NonceStatus, NonceStoreError> {
    deadline
        .bound(async {
            let mut set = redis::cmd("SET");
            set.arg(&key).arg(&token).arg("NX").arg("PX").arg(ttl_ms);
            let mut retried = false;
            match send(&shared, &set, &mut retried).await? {
                Value::Okay => Ok(NonceStatus::Fresh),
                Value::SimpleString(s) if s == "OK" => Ok(NonceStatus::Fresh),
                Value::Nil if !retried => Ok(NonceStatus::Used),
                Value::Nil => holder(&shared, &key, &token).await,
                other => Err(unexpected("SET NX", &other)),
            }
        })
        .await
}

/// After a retried `SET NX` found the key: this call's token is this
/// request, recorded by the attempt that seemed lost; another token is
/// another request's record.
async fn holder(shared: &Shared, key: &[u8], token: &str) -> Result<NonceStatus, NonceStoreError> {
    let mut get = redis::cmd("GET");
    get.arg(key);
    // No second retry: one connection failure per call is a stale socket,
    // two are an outage.
    match send(shared, &get, &mut true).await? {
        Value::BulkString(held) if held == token.as_bytes() => Ok(NonceStatus::Fresh),
        Value::BulkString(_) => Ok(NonceStatus::Used),
        // Gone between the two commands: whose it was is unknown.
        Value::Nil => Err(NonceStoreError::Backend {
            message: "nonce key vanished before its holder could be read".to_owned(),
        }),
        other => Err(unexpected("GET", &other)),
    }
}

/// `EXISTS key`: idempotent, so a retry needs no token.
pub(super) async fn check(
    shared: Arc<Shared>,
    key: Vec<u8>,
    deadline: Deadline,
) -> Result<NonceStatus, NonceStoreError> {
    deadline
        .bound(async {
            let mut exists = redis::cmd("EXISTS");
            exists.arg(&key);
            match send(&shared, &exists, &mut false).await? {
                Value::Int(0) => Ok(NonceStatus::Fresh),
                Value::Int(_) => Ok(NonceStatus::Used),
                other => Err(unexpected("EXISTS", &other)),
            }
        })
        .await
}

/// Any command's raw reply (`PING`, `CONFIG GET`), under the deadline.
pub(super) async fn query(
    shared: Arc<Shared>,
    cmd: redis::Cmd,
    deadline: Deadline,
) -> Result<Value, NonceStoreError> {
    deadline
        .bound(async { send(&shared, &cmd, &mut false).await })
        .await
}

pub(super) fn backend(e: RedisError) -> NonceStoreError {
    NonceStoreError::Backend {
        message: e.to_string(),
    }
}

fn unexpected(what: &str, v: &Value) -> NonceStoreError {
    NonceStoreError::Backend {
        message: format!("unexpected reply to {what}: {v:?}"),
    }
}
