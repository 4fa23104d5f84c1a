//! Where a request's own parameters travel (§3.5): the `Authorization`
//! header, the form body, or the query — written by the engine's writer
//! ([`oauthsig_core::sign::output`]), as the engine writes a request it
//! signed, so every layer sends the same bytes.

use super::signing::split;
use super::{Body, Request};
use crate::Error;
use oauthsig_core::sign::{self, HttpRequest, Placement};
use oauthsig_core::sink::Sink;
use oauthsig_core::{Body as CoreBody, Param, Render};

/// Extra parameters (not among the engine's fields) a stack array holds
/// before the heap is used.
const STACK: usize = 8;

impl Request {
    /// The `Authorization` header value (§3.5.1; python-oauth2's `to_header`,
    /// whose header name is [`crate::AUTHORIZATION`]): `OAuth`, the realm when
    /// given, the protocol parameters set in code or received in the header,
    /// then `oauth_signature`.
    ///
    /// ```
    /// use oauthsig::Request;
    /// let request = Request::new("GET", "http://sp.example.com/")?
    ///     .param("oauth_nonce", "n")
    ///     .param("oauth_signature", "a/b=");
    /// assert_eq!(request.to_header(Some("Example"))?,
    ///     r#"OAuth realm="Example", oauth_nonce="n", oauth_signature="a%2Fb%3D""#);
    /// assert!(request.param("q", "1").to_header(None).is_err());
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::NotAProtocolParameter`] when a parameter set in code is not
    /// an `oauth_` one (the header cannot carry it, and dropping it would
    /// break the signature); [`Error::Core`] for a realm with a control
    /// character, or a signature that is not text.
    pub fn to_header(&self, realm: Option<&str>) -> Result<String, Error> {
        self.written(Placement::Header { realm })
    }

    /// The form body carrying the protocol parameters (§3.5.2; python-oauth2's
    /// `to_postdata`): the request's own form body as given (it was signed
    /// as sent), then every parameter set in code or received in the
    /// header, `oauth_signature` included.
    ///
    /// ```
    /// let request = oauthsig::Request::new("POST", "http://example.com/")?
    ///     .form_body("status=hi+there")?
    ///     .param("oauth_nonce", "n");
    /// assert_eq!(request.to_postdata(), "status=hi+there&oauth_nonce=n");
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn to_postdata(&self) -> String {
        // Only a realm or a form body can fail, and neither is involved.
        self.written(Placement::Form).unwrap_or_default()
    }

    /// The URL carrying the protocol parameters (§3.5.3; python-oauth2's
    /// `to_url`): the URL as given — its query kept byte for byte, since it
    /// was signed as sent — with every parameter set in code or received in
    /// the header appended, and any fragment last. Body parameters stay in
    /// the body.
    ///
    /// ```
    /// let request = oauthsig::Request::new("GET", "http://sp.example.com/?empty=&x=1")?;
    /// // Nothing to append: the URL as given.
    /// assert_eq!(request.to_url(), "http://sp.example.com/?empty=&x=1");
    /// let request = request.param("oauth_version", "1.0");
    /// assert_eq!(request.to_url(), "http://sp.example.com/?empty=&x=1&oauth_version=1.0");
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn to_url(&self) -> String {
        // Only a realm or a form body can fail, and neither is involved.
        self.written(Placement::Query).unwrap_or_default()
    }

    /// What [`Request::to_header`] (for [`Placement::Header`]),
    /// [`Request::to_postdata`] ([`Placement::Form`]) or [`Request::to_url`]
    /// ([`Placement::Query`]) return, written into `out` instead of a
    /// `String`: for a layer that writes into its caller's buffer, such as
    /// the C ABI.
    ///
    /// ```
    /// use oauthsig_core::sign::Placement;
    /// let request = oauthsig::Request::new("GET", "http://sp.example.com/")?.param("oauth_nonce", "n");
    /// let mut out = Vec::new();
    /// request.write_placed(Placement::Header { realm: None }, &mut out)?;
    /// assert_eq!(out, br#"OAuth oauth_nonce="n""#);
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Request::to_header`] for the header; none for the others.
    pub fn write_placed<S: Sink + ?Sized>(
        &self,
        placement: Placement<'_>,
        out: &mut S,
    ) -> Result<(), Error> {
        self.with_output(placement, |_, output| output.write_to(out))
    }

    /// The request with its own parameters placed as `placement`, written
    /// by the engine into one allocation.
    fn written(&self, placement: Placement<'_>) -> Result<String, Error> {
        let own = self.store.written_len();
        self.with_output(placement, |request, output| {
            within(bound(request, own, placement), output)
        })
    }

    /// `f` of the engine's writer of this request placed as `placement`
    /// (and of the request it writes). A header carries only protocol
    /// parameters (§3.5.1): any other set in code is refused, not dropped,
    /// as dropping it would break the signature.
    fn with_output<R>(
        &self,
        placement: Placement<'_>,
        f: impl FnOnce(&HttpRequest<'_>, &sign::Output<'_, '_>) -> R,
    ) -> Result<R, Error> {
        if let (Placement::Header { .. }, Some(p)) = (placement, self.store.first_not_protocol()) {
            return Err(Error::NotAProtocolParameter {
                name: String::from_utf8_lossy(&p.name_bytes()).into_owned(),
            });
        }
        let body = match self.body {
            Body::Form(text) => CoreBody::Form(self.store.piece(text)),
            // Only a form body can carry the parameters; other bodies are
            // not part of this output.
            _ => CoreBody::None,
        };
        let request = HttpRequest::new(self.method(), self.url()).body(body);
        let (mut stack, mut heap) = ([Param::EMPTY; STACK], Vec::new());
        let (out, extras, n) = split(&self.store, 0, &mut stack, &mut heap);
        let out = out.extra(extras.get(..n).unwrap_or_default());
        let output = sign::output(&request, &out, placement)?;
        Ok(f(&request, &output))
    }
}

/// `r` written into a string of `capacity` bytes, which must be enough: one
/// pass, one allocation.
fn within<R: Render>(capacity: usize, r: &R) -> String {
    let mut out = Vec::with_capacity(capacity);
    r.write_to(&mut out);
    // The writers put whole `str`s and ASCII.
    String::from_utf8(out).unwrap_or_default()
}

/// The most the output can take: the URL or form body as given, a realm
/// fully escaped, and the own parameters at their worst (`own`).
fn bound(request: &HttpRequest<'_>, own: usize, placement: Placement<'_>) -> usize {
    let head = match placement {
        Placement::Header { realm } => 8 + realm.map_or(0, |r| 2 * r.len() + 10),
        Placement::Form => request.get_body().form().map_or(0, str::len) + 1,
        _ => request.url().len() + 1,
    };
    head + own
}
