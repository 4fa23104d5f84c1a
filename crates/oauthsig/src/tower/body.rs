//! The request body, read into memory up to a limit, and given back to the
//! inner service as [`BufferedBody`].

use bytes::{Buf, Bytes, BytesMut};
use http_body::{Body, Frame, SizeHint};
use std::convert::Infallible;
use std::pin::{Pin, pin};
use std::task::{Context, Poll};

/// A request body already in memory: what [`OAuthService`](super::OAuthService)
/// hands the inner service, the octets it verified, and the trailers if the
/// client sent any.
///
/// ```
/// use http_body::Body;
/// use oauthsig::tower::BufferedBody;
/// let body = BufferedBody::from(bytes::Bytes::from_static(b"title=Sunset"));
/// assert_eq!(body.size_hint().exact(), Some(12));
/// assert_eq!(body.bytes(), &b"title=Sunset"[..]);
/// ```
#[derive(Clone, Debug, Default)]
pub struct BufferedBody {
    data: Option<Bytes>,
    trailers: Option<::http::HeaderMap>,
}

impl BufferedBody {
    /// The body's octets, and trailers if any.
    pub fn new(data: Bytes, trailers: Option<::http::HeaderMap>) -> Self {
        BufferedBody {
            data: Some(data).filter(|d| !d.is_empty()),
            trailers,
        }
    }

    /// The octets not yet polled (all of them, before the inner service
    /// reads the body).
    pub fn bytes(&self) -> &[u8] {
        self.data.as_deref().unwrap_or_default()
    }

    /// The trailers not yet polled.
    pub fn trailers(&self) -> Option<&::http::HeaderMap> {
        self.trailers.as_ref()
    }
}

impl From<Bytes> for BufferedBody {
    fn from(data: Bytes) -> Self {
        BufferedBody::new(data, None)
    }
}

impl Body for BufferedBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let this = self.get_mut();
        if let Some(data) = this.data.take() {
            return Poll::Ready(Some(Ok(Frame::data(data))));
        }
        Poll::Ready(this.trailers.take().map(|t| Ok(Frame::trailers(t))))
    }

    fn is_end_stream(&self) -> bool {
        self.data.is_none() && self.trailers.is_none()
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.bytes().len() as u64)
    }
}

/// Why a body was not read.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum NotRead {
    /// It is, or says it will be, longer than the limit.
    TooLarge,
    /// The body stream failed (a client that went away, a broken chunk).
    Failed,
}

/// Reads `body` into memory, refusing it as soon as it is known to exceed
/// `limit`: from its size hint (a `Content-Length`, for hyper) before any
/// read, else at the first frame that goes over, which is kept no further.
/// A body of one data frame is kept as that frame, not copied.
pub(super) async fn read<B: Body>(body: B, limit: usize) -> Result<BufferedBody, NotRead> {
    let limit = u64::try_from(limit).unwrap_or(u64::MAX);
    if body.size_hint().lower() > limit {
        return Err(NotRead::TooLarge);
    }
    if body.is_end_stream() {
        return Ok(BufferedBody::default());
    }
    let mut body = pin!(body);
    let mut first: Option<Bytes> = None;
    let mut more: Option<BytesMut> = None;
    let mut len: u64 = 0;
    let mut trailers = None;
    loop {
        // What the body still promises must fit, before it is read.
        if len.saturating_add(body.size_hint().lower()) > limit {
            return Err(NotRead::TooLarge);
        }
        let frame = std::future::poll_fn(|cx| body.as_mut().poll_frame(cx)).await;
        let Some(frame) = frame else { break };
        let frame = frame.map_err(|_| NotRead::Failed)?;
        let mut data = match frame.into_data() {
            Ok(data) => data,
            Err(frame) => {
                if let Ok(t) = frame.into_trailers() {
                    trailers
                        .get_or_insert_with(::http::HeaderMap::new)
                        .extend(t);
                }
                continue;
            }
        };
        let n = data.remaining();
        len = len.saturating_add(n as u64);
        if len > limit {
            return Err(NotRead::TooLarge);
        }
        if n == 0 {
            continue;
        }
        match (&mut first, &mut more) {
            (None, _) => first = Some(data.copy_to_bytes(n)),
            (Some(f), None) => {
                let mut all = BytesMut::with_capacity(f.len() + n);
                all.extend_from_slice(f);
                all.extend_from_slice(&data.copy_to_bytes(n));
                more = Some(all);
            }
            (Some(_), Some(all)) => all.extend_from_slice(&data.copy_to_bytes(n)),
        }
    }
    let data = match (first, more) {
        (_, Some(all)) => all.freeze(),
        (Some(f), None) => f,
        (None, None) => Bytes::new(),
    };
    Ok(BufferedBody::new(data, trailers))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;
    use std::task::Waker;

    /// A body of the given frames, counting how many were polled.
    struct Frames {
        frames: VecDeque<Result<Frame<Bytes>, ()>>,
        polled: usize,
        hint: Option<u64>,
    }

    impl Body for Frames {
        type Data = Bytes;
        type Error = ();
        fn poll_frame(
            self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, ()>>> {
            let this = self.get_mut();
            this.polled += 1;
            Poll::Ready(this.frames.pop_front())
        }
        fn size_hint(&self) -> SizeHint {
            match self.hint {
                Some(n) => SizeHint::with_exact(n),
                None => SizeHint::default(),
            }
        }
    }

    fn frames(chunks: &[&'static str]) -> Frames {
        Frames {
            frames: chunks
                .iter()
                .map(|c| Ok(Frame::data(Bytes::from_static(c.as_bytes()))))
                .collect(),
            polled: 0,
            hint: None,
        }
    }

    fn now<F: Future>(f: F) -> F::Output {
        match pin!(f).poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(v) => v,
            Poll::Pending => unreachable!("the test bodies are always ready"),
        }
    }

    #[test]
    fn chunks_are_joined_and_trailers_kept() {
        let mut f = frames(&["a=1", "", "&b=2"]);
        let mut t = ::http::HeaderMap::new();
        t.insert("x-checksum", ::http::HeaderValue::from_static("1"));
        f.frames.push_back(Ok(Frame::trailers(t)));
        let mut b = now(read(&mut f, 7)).unwrap();
        assert_eq!(b.bytes(), b"a=1&b=2");
        assert_eq!(b.size_hint().exact(), Some(7));
        let mut cx = Context::from_waker(Waker::noop());
        let data = Pin::new(&mut b).poll_frame(&mut cx);
        assert!(matches!(data, Poll::Ready(Some(Ok(ref f))) if f.is_data()));
        let trailers = Pin::new(&mut b).poll_frame(&mut cx);
        assert!(matches!(trailers, Poll::Ready(Some(Ok(ref f))) if f.is_trailers()));
        assert!(b.is_end_stream());
    }

    #[test]
    fn reading_stops_at_the_frame_over_the_limit() {
        let mut f = frames(&["1234", "5678", "9"]);
        assert_eq!(now(read(&mut f, 7)).err(), Some(NotRead::TooLarge));
        assert_eq!(f.polled, 2, "the third frame is never read");
    }

    #[test]
    fn a_promised_length_over_the_limit_reads_nothing() {
        let mut f = frames(&["12345678"]);
        f.hint = Some(8);
        assert_eq!(now(read(&mut f, 7)).err(), Some(NotRead::TooLarge));
        assert_eq!(f.polled, 0);
    }

    #[test]
    fn a_failed_stream_is_reported() {
        let mut f = frames(&["a"]);
        f.frames.push_back(Err(()));
        assert_eq!(now(read(&mut f, 7)).err(), Some(NotRead::Failed));
    }

    #[test]
    fn one_frame_is_not_copied() {
        let data = Bytes::from(vec![b'x'; 100]);
        let ptr = data.as_ptr();
        let b = now(read(BufferedBody::from(data), 100)).unwrap();
        assert_eq!(b.bytes().as_ptr(), ptr);
        assert_eq!(now(read(BufferedBody::default(), 0)).unwrap().bytes(), b"");
    }
}
