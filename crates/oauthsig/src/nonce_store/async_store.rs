//! The future a [`NonceStore`](super::NonceStore)'s async methods return.
//!
//! RFC 5849 §3.3's replay check is one question to the store per request; an
//! async server asks it without blocking a thread. A store that answers at
//! once (in memory) returns a ready future, which allocates nothing; one that
//! waits on I/O returns a boxed future.

use super::{NonceStatus, NonceStoreError};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A boxed store answer, as [`StoreFuture::boxed`] takes it.
type Boxed<'a> = Pin<Box<dyn Future<Output = Result<NonceStatus, NonceStoreError>> + Send + 'a>>;

/// The answer of [`NonceStore::check_async`](super::NonceStore::check_async)
/// or [`NonceStore::record_async`](super::NonceStore::record_async): `Send`,
/// `Unpin`, and with no runtime of its own to need.
///
/// ```
/// use oauthsig::nonce_store::{MemoryNonceStore, NonceKey, NonceStatus, NonceStore};
/// # let runtime = tokio::runtime::Builder::new_current_thread().build()?;
/// # runtime.block_on(async {
/// let store = MemoryNonceStore::new();
/// let key = NonceKey::new("ck", None, 1_700_000_000, "n-1", 1_700_000_301);
/// assert_eq!(store.record_async(&key, 1_700_000_000).await?, NonceStatus::Fresh);
/// assert_eq!(store.record_async(&key, 1_700_000_000).await?, NonceStatus::Used);
/// # Ok::<(), oauthsig::nonce_store::NonceStoreError>(())
/// # })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "a store future does nothing unless awaited"]
pub struct StoreFuture<'a>(Repr<'a>);

enum Repr<'a> {
    /// The answer, until it is taken.
    Ready(Option<Result<NonceStatus, NonceStoreError>>),
    Boxed(Boxed<'a>),
}

impl<'a> StoreFuture<'a> {
    /// An answer known already (no allocation).
    pub fn ready(answer: Result<NonceStatus, NonceStoreError>) -> Self {
        StoreFuture(Repr::Ready(Some(answer)))
    }

    /// An answer still to come.
    pub fn boxed(
        future: impl Future<Output = Result<NonceStatus, NonceStoreError>> + Send + 'a,
    ) -> Self {
        StoreFuture(Repr::Boxed(Box::pin(future)))
    }
}

impl Future for StoreFuture<'_> {
    type Output = Result<NonceStatus, NonceStoreError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match &mut self.0 {
            Repr::Ready(answer) => Poll::Ready(answer.take().unwrap_or_else(|| {
                // Polled again after it completed: a caller bug, refused
                // rather than answered twice.
                Err(NonceStoreError::Backend {
                    message: "store future polled after completion".to_owned(),
                })
            })),
            Repr::Boxed(future) => future.as_mut().poll(cx),
        }
    }
}

impl fmt::Debug for StoreFuture<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &self.0 {
            Repr::Ready(Some(_)) => "ready",
            Repr::Ready(None) => "done",
            Repr::Boxed(_) => "pending",
        };
        f.debug_tuple("StoreFuture").field(&state).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::task::Waker;

    fn poll_once(f: &mut StoreFuture<'_>) -> Poll<Result<NonceStatus, NonceStoreError>> {
        Pin::new(f).poll(&mut Context::from_waker(Waker::noop()))
    }

    #[test]
    fn a_ready_answer_is_given_once() {
        let mut f = StoreFuture::ready(Ok(NonceStatus::Used));
        assert_eq!(poll_once(&mut f), Poll::Ready(Ok(NonceStatus::Used)));
        assert!(matches!(
            poll_once(&mut f),
            Poll::Ready(Err(NonceStoreError::Backend { .. }))
        ));
    }

    #[test]
    fn a_boxed_answer_is_the_inner_future_s() {
        let mut f = StoreFuture::boxed(async { Ok(NonceStatus::Fresh) });
        assert_eq!(poll_once(&mut f), Poll::Ready(Ok(NonceStatus::Fresh)));
    }
}
