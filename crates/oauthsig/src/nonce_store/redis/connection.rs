//! The store's one connection to Redis: multiplexed, so concurrent requests
//! share it and their commands are pipelined; opened on first use, and
//! replaced after any failure.

use redis::aio::MultiplexedConnection;
use redis::{AsyncConnectionConfig, Client, RedisError};
use std::sync::{Mutex, PoisonError};

/// A connection, with the generation that tells it from its successors.
#[derive(Clone)]
pub(super) struct Conn {
    pub(super) inner: MultiplexedConnection,
    generation: u64,
    /// Whether it was opened before this call (a failure may then be a
    /// stale connection, worth one more try on a new one).
    pub(super) reused: bool,
}

/// The client and its current connection, shared by every clone of the
/// store and every task it spawns.
pub(super) struct Shared {
    pub(super) client: Client,
    current: Mutex<Option<(u64, MultiplexedConnection)>>,
    /// One connect at a time: during an outage, callers wait for the one
    /// attempt in flight (each until its own deadline) instead of each
    /// opening a socket.
    connecting: tokio::sync::Mutex<u64>,
}

impl Shared {
    pub(super) fn new(client: Client) -> Self {
        Shared {
            client,
            current: Mutex::new(None),
            connecting: tokio::sync::Mutex::new(0),
        }
    }

    fn current(&self) -> Option<Conn> {
        let current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        current.as_ref().map(|(generation, inner)| Conn {
            inner: inner.clone(),
            generation: *generation,
            reused: true,
        })
    }

    /// The current connection, or a new one. No timeouts of the client's
    /// own: the caller's deadline bounds the connect, the handshake and
    /// every command together.
    pub(super) async fn connection(&self) -> Result<Conn, RedisError> {
        if let Some(conn) = self.current() {
            return Ok(conn);
        }
        let mut generation = self.connecting.lock().await;
        // Another caller may have connected while this one waited.
        if let Some(conn) = self.current() {
            return Ok(conn);
        }
        let config = AsyncConnectionConfig::new()
            .set_connection_timeout(None)
            .set_response_timeout(None);
        let inner = self
            .client
            .get_multiplexed_async_connection_with_config(&config)
            .await?;
        *generation += 1;
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        *current = Some((*generation, inner.clone()));
        Ok(Conn {
            inner,
            generation: *generation,
            reused: false,
        })
    }

    /// Forgets `conn` after a failure or a timeout (a broken socket, a
    /// restarted server, a half-open connection that would swallow every
    /// later command): the next call connects anew. A newer connection
    /// is left alone.
    pub(super) fn discard(&self, conn: &Conn) {
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        if current.as_ref().is_some_and(|(g, _)| *g == conn.generation) {
            *current = None;
        }
    }
}
