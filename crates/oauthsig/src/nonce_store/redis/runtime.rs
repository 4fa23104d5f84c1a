//! Where [`RedisNonceStore`](super::RedisNonceStore)'s I/O runs: one small
//! tokio runtime for the process (one thread, started on first use).
//!
//! Running every Redis call there, for the blocking API and the async one
//! alike, gives both the same code and the same deadline, and asks nothing
//! of the caller: a blocking caller may be a plain thread or inside any
//! async runtime (it waits on a channel, never enters a runtime), and an
//! async caller's runtime needs no I/O or timer driver of its own (it awaits
//! a join handle). The runtime lives as long as the process, so it is never
//! dropped inside an async context.

use super::super::{NonceStatus, NonceStoreError};
use std::future::Future;
use std::sync::OnceLock;
use std::sync::mpsc::{RecvTimeoutError, sync_channel};
use std::time::{Duration, Instant};
use tokio::runtime::{Builder, Handle, Runtime};

type Answer = Result<NonceStatus, NonceStoreError>;

/// The runtime, or why it could not be started (reported by every call).
fn runtime() -> Result<&'static Runtime, NonceStoreError> {
    static RUNTIME: OnceLock<Result<Runtime, String>> = OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            Builder::new_multi_thread()
                .worker_threads(1)
                .thread_name("oauthsig-redis")
                .enable_all()
                .build()
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| NonceStoreError::Backend {
            message: format!("cannot start the redis runtime: {e}"),
        })
}

/// The runtime's handle, to spawn on.
pub(super) fn handle() -> Result<Handle, NonceStoreError> {
    runtime().map(|r| r.handle().clone())
}

/// Runs `op` on the runtime and waits for it until `deadline`, blocking the
/// calling thread (never entering a runtime, so any caller may wait).
/// `op` bounds itself by `deadline` too; whichever ends first answers.
pub(super) fn block_on<T, F>(
    op: F,
    deadline: Instant,
    timeout: Duration,
) -> Result<T, NonceStoreError>
where
    T: Send + 'static,
    F: Future<Output = Result<T, NonceStoreError>> + Send + 'static,
{
    let (tx, rx) = sync_channel(1);
    handle()?.spawn(async move {
        // The caller may have stopped waiting: nobody to tell then.
        let _ = tx.send(op.await);
    });
    let left = deadline.saturating_duration_since(Instant::now());
    match rx.recv_timeout(left) {
        Ok(answer) => answer,
        Err(RecvTimeoutError::Timeout) => Err(NonceStoreError::Timeout { timeout }),
        Err(RecvTimeoutError::Disconnected) => Err(NonceStoreError::Backend {
            message: "redis task ended without an answer".to_owned(),
        }),
    }
}

/// Runs `op` on the runtime and awaits it: the caller's executor is never
/// blocked. `op` bounds itself by its deadline.
pub(super) async fn spawn_and_await<F>(op: F) -> Answer
where
    F: Future<Output = Answer> + Send + 'static,
{
    match handle()?.spawn(op).await {
        Ok(answer) => answer,
        Err(e) => Err(NonceStoreError::Backend {
            message: format!("redis task failed: {e}"),
        }),
    }
}
