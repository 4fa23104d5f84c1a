//! Where a request's own parameters travel (§3.5): the `Authorization`
//! header, the form body, or the query — written with the protocol layer's
//! serializers, in the order the parameters were given.

use super::{Request, write_form};
use crate::{Error, url};
use oauthsig_core::header::FormSerializer;
use oauthsig_core::{AuthorizationHeader, Param, Render};

/// Parameters a stack array holds before the heap is used: the own
/// parameters of most requests.
const STACK: usize = 16;

/// Runs `f` on `params` collected into a slice: on the stack when they fit.
fn collected<'r, R>(
    params: impl Iterator<Item = Param<'r>>,
    count: usize,
    f: impl FnOnce(&[Param<'r>]) -> R,
) -> R {
    if count <= STACK {
        let mut stack = [Param::EMPTY; STACK];
        let mut n = 0;
        for (slot, p) in stack.iter_mut().zip(params) {
            *slot = p;
            n += 1;
        }
        f(stack.get(..n).unwrap_or_default())
    } else {
        let heap: Vec<Param<'r>> = params.collect();
        f(&heap)
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

/// The most an `Authorization` header of these parts can take: every
/// octet of a value encoded as `%XX` at worst (§3.6), every realm byte
/// escaped.
fn header_bound(realm: Option<&str>, params: &[Param<'_>], signature: Option<&str>) -> usize {
    let pair = |name: &str, value: &str| 3 * (name.len() + value.len()) + 5;
    let params: usize = params
        .iter()
        .map(|p| pair(p.name.as_wire(), p.value.as_wire()))
        .sum();
    16 + realm.map_or(0, |r| 2 * r.len() + 10)
        + params
        + signature.map_or(0, |s| pair("oauth_signature", s))
}

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
        if let Some(p) = self.store.iter().find(|p| !p.is_protocol()) {
            return Err(Error::NotAProtocolParameter {
                name: String::from_utf8_lossy(&p.name_bytes()).into_owned(),
            });
        }
        let signature = self
            .store
            .get("oauth_signature")
            .map(|s| s.value())
            .transpose()?;
        collected(self.store.iter_core(), self.store.len(), |params| {
            let header = AuthorizationHeader::new(realm, params, signature.as_deref())?;
            Ok(within(
                header_bound(realm, params, signature.as_deref()),
                &header,
            ))
        })
    }

    /// The form body carrying the protocol parameters (§3.5.2; python-oauth2's
    /// `to_postdata`): the request's own form body, then every parameter set
    /// in code or received in the header, `oauth_signature` included.
    ///
    /// ```
    /// let request = oauthsig::Request::new("POST", "http://example.com/")?
    ///     .form_body("status=hi+there")?
    ///     .param("oauth_nonce", "n");
    /// assert_eq!(request.to_postdata(), "status=hi%20there&oauth_nonce=n");
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn to_postdata(&self) -> String {
        let body = self.body_params().map(|p| p.as_core());
        let count = self.store.len() + body.clone().count();
        collected(body.chain(self.store.iter_core()), count, |params| {
            FormSerializer(params).to_exact_string()
        })
    }

    /// The URL carrying the protocol parameters (§3.5.3; python-oauth2's
    /// `to_url`): the URL as given — its query kept byte for byte, since it
    /// was signed as sent — with every parameter set in code or received in
    /// the header appended, and any fragment last. Body parameters stay in
    /// the body.
    ///
    /// ```
    /// let request = oauthsig::Request::new("GET", "http://sp.example.com/?empty=&x=1")?
    ///     .param("oauth_version", "1.0");
    /// assert_eq!(request.to_url(), "http://sp.example.com/?empty=&x=1&oauth_version=1.0");
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    pub fn to_url(&self) -> String {
        let mut out = self.url().to_owned();
        collected(self.store.iter_core(), self.store.len(), |params| {
            url::extend_query(&mut out, |q| write_form(q, params));
        });
        out
    }
}
