//! Signing a request in one call: [RFC 5849 §3.4](https://www.rfc-editor.org/rfc/rfc5849#section-3.4)
//! (the signature) and [§3.5](https://www.rfc-editor.org/rfc/rfc5849#section-3.5)
//! (where the protocol parameters go).
//!
//! [`sign`] takes the request ([`HttpRequest`]: method, URL, [`Body`]), its
//! protocol values ([`Protocol`]) and a prepared [`SigningKey`], which alone
//! decides the signature method. It collects the query, form and extra
//! parameters, sorts them, adds `oauth_signature_method` and, for an opaque
//! body, `oauth_body_hash`, and streams the base string into the MAC. The
//! [`Signed`] result writes the request as sent ([`Placement`]: the
//! `Authorization` header, the signed URL, or the form body), and shows the
//! base string and signature for debugging. Nothing is left to the caller
//! to remember, and nothing is allocated.
//!
//! ```
//! use oauthsig_core::{sign, Body, HttpRequest, Placement, Protocol, SignatureMethod, SigningKey};
//!
//! // RFC 5849 §3.4.1.1.
//! let key = SigningKey::new(SignatureMethod::HmacSha1, "j49sk3j29djd", "dh893hdasih9")?;
//! let request = HttpRequest::new("POST", "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b")
//!     .body(Body::Form("c2&a3=2+q"));
//! let protocol = Protocol::new("9djdj82h48djs9d2")
//!     .token("kkk9d7dh3k39sjv7")
//!     .timestamp("137131201")
//!     .nonce("7d8f3e4a");
//! let mut buf = [0u8; 512];
//! let header = sign::sign_to_slice(&request, &protocol, &key, Placement::Header { realm: Some("Example") }, &mut buf)?;
//! assert!(header.ends_with(r#"oauth_signature="r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D""#));
//! # Ok::<(), oauthsig_core::Error>(())
//! ```

use crate::Part;
use crate::base_string::{BaseString, BaseStringUri, Normalized};
use crate::body::{Body, BodyHash};
use crate::encode::Level;
use crate::error::Error;
use crate::header::{check_realm, put_quoted};
use crate::params::{Param, Params, Source, pairs, query_of};
use crate::protocol::{Outgoing, Protocol, ProtocolParam, Supplied, View};
use crate::signature::{Signature, SignatureMethod, SigningKey};
use crate::sink::{Render, Sink, fmt_render};
use crate::text::Text;
use core::fmt;

/// How many query, form and extra parameters [`sign`], [`sign_to_slice`]
/// and [`prepare`] hold (the protocol parameters are not counted); more is
/// [`Error::TooManyParameters`] with the number needed: then use
/// [`prepare_in`] with storage of that size.
pub const CAPACITY: usize = 16;

/// The parts of an HTTP request a signature covers: method, absolute URL
/// (its query parameters are signed) and body.
///
/// ```
/// use oauthsig_core::{Body, HttpRequest};
/// let r = HttpRequest::new("PUT", "https://api.example.com/items/1").body(Body::Opaque(b"{}"));
/// assert_eq!(r.method(), "PUT");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HttpRequest<'a> {
    method: &'a str,
    url: &'a str,
    body: Body<'a>,
    host: Option<&'a str>,
    plaintext_over_http: bool,
}

impl<'a> HttpRequest<'a> {
    /// A request without a body.
    pub const fn new(method: &'a str, url: &'a str) -> Self {
        HttpRequest {
            method,
            url,
            body: Body::None,
            host: None,
            plaintext_over_http: false,
        }
    }

    /// Signs with `host` (a received `Host` header) as the base string
    /// URI's authority instead of the URL's (§3.4.1.2), as a server does.
    #[must_use]
    pub const fn host(mut self, host: &'a str) -> Self {
        self.host = Some(host);
        self
    }

    /// Lets PLAINTEXT sign this request over plain `http`, which sends the
    /// secrets in clear. RFC 5849 §3.4.4 says PLAINTEXT MUST be used over
    /// TLS, so without this the engine answers [`Error::PlaintextOverHttp`];
    /// other methods and `https` URLs are not affected.
    ///
    /// ```
    /// use oauthsig_core::{sign, Error, HttpRequest, Protocol, SignatureMethod, SigningKey};
    /// let key = SigningKey::new(SignatureMethod::Plaintext, "cs", "")?;
    /// let request = HttpRequest::new("GET", "http://example.com/");
    /// let protocol = Protocol::new("ck").timestamp("1").nonce("n");
    /// assert_eq!(sign::sign(&request, &protocol, &key).err(), Some(Error::PlaintextOverHttp));
    /// let signed = sign::sign(&request.allow_plaintext_over_http(), &protocol, &key)?;
    /// assert_eq!(signed.signature().as_str(), "cs&");
    /// # Ok::<(), Error>(())
    /// ```
    #[must_use]
    pub const fn allow_plaintext_over_http(mut self) -> Self {
        self.plaintext_over_http = true;
        self
    }

    /// Sets the body.
    #[must_use]
    pub const fn body(mut self, body: Body<'a>) -> Self {
        self.body = body;
        self
    }

    /// The method, as given.
    pub const fn method(&self) -> &'a str {
        self.method
    }

    /// The URL, as given.
    pub const fn url(&self) -> &'a str {
        self.url
    }

    /// The body.
    pub const fn get_body(&self) -> Body<'a> {
        self.body
    }
}

/// Where the protocol parameters go (§3.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Placement<'r> {
    /// The `Authorization` header value (§3.5.1), with an optional realm
    /// (never signed).
    Header {
        /// The `realm`, written first.
        realm: Option<&'r str>,
    },
    /// The URL with the parameters appended to its query (§3.5.3); the
    /// query as given is kept byte for byte, a fragment stays last.
    Query,
    /// The form body with the parameters appended (§3.5.2); only for a
    /// request whose body is form-encoded or absent.
    Form,
}

/// A request collected for signing: parameters sorted, body hash computed.
/// The base string can be shown before a key exists.
#[derive(Clone)]
pub struct Prepared<'a, S = [Param<'a>; CAPACITY]> {
    request: HttpRequest<'a>,
    uri: BaseStringUri<'a>,
    protocol: Protocol<'a>,
    /// The hash of an opaque body ([`Body::Opaque`]).
    body_hash: Option<BodyHash>,
    /// Query, form and extra parameters, in §3.4.1.3.2 order.
    params: Params<'a, S>,
}

/// Collects `request` and `protocol` for signing, over default storage.
///
/// # Errors
/// As [`prepare_in`].
pub fn prepare<'a>(
    request: &HttpRequest<'a>,
    protocol: &Protocol<'a>,
) -> Result<Prepared<'a>, Error> {
    prepare_in([Param::EMPTY; CAPACITY], request, protocol)
}

/// [`prepare`] over caller storage for the query, form and extra
/// parameters (`[Param; N]`, `&mut [Param]`, or with `alloc` a `Vec`).
///
/// # Errors
/// [`Error::BadUrl`], [`Error::UnsupportedScheme`], [`Error::BadMethod`],
/// [`Error::BadEscape`] for the request; [`Error::TooManyParameters`] with the room needed;
/// [`Error::ProtocolParameterTwice`] and [`Error::ReservedParameter`] for
/// extras that repeat or replace what the engine writes.
pub fn prepare_in<'a, S>(
    mut slots: S,
    request: &HttpRequest<'a>,
    protocol: &Protocol<'a>,
) -> Result<Prepared<'a, S>, Error>
where
    S: AsRef<[Param<'a>]> + AsMut<[Param<'a>]>,
{
    // Filled where the caller put them, then moved once.
    let collected = collect_into(slots.as_mut(), request, protocol)?;
    Ok(collected.prepared(request, protocol, slots))
}

/// What collecting a request yields besides its sorted parameters, which
/// are the first `len` of the slots it was given.
struct Collected<'a> {
    uri: BaseStringUri<'a>,
    body_hash: Option<BodyHash>,
    len: usize,
}

impl<'a> Collected<'a> {
    /// The request's parts, borrowed from where they are (`slots` must be
    /// those it was collected into).
    fn parts<'v>(
        &'v self,
        request: &'v HttpRequest<'a>,
        protocol: &'v Protocol<'a>,
        slots: &'v [Param<'a>],
    ) -> Parts<'v, 'a> {
        Parts {
            request,
            protocol,
            uri: &self.uri,
            body_hash: self.body_hash.as_ref(),
            params: slots.get(..self.len).unwrap_or_default(),
        }
    }

    /// The owned form, over the `slots` it was collected into.
    fn prepared<S>(
        self,
        request: &HttpRequest<'a>,
        protocol: &Protocol<'a>,
        slots: S,
    ) -> Prepared<'a, S> {
        Prepared {
            request: *request,
            uri: self.uri,
            protocol: *protocol,
            body_hash: self.body_hash,
            params: Params::filled(slots, self.len),
        }
    }
}

/// Collects `request` and `protocol` into `slots`: the one place a
/// request is collected, its parameters sorted and its body hashed.
fn collect_into<'a>(
    slots: &mut [Param<'a>],
    request: &HttpRequest<'a>,
    protocol: &Protocol<'a>,
) -> Result<Collected<'a>, Error> {
    let uri = BaseStringUri::parse_with_host(request.url, request.host)?;
    if !uri.is_http_or_https() {
        return Err(Error::UnsupportedScheme);
    }
    // The method is checked here so that a prepared request always writes.
    BaseString::new(request.method, &uri, &[])?;
    let hashed = matches!(request.body, Body::Opaque(_) | Body::Hash(_));
    check_extras(protocol, hashed)?;
    let mut params = Params::new(slots);
    if collect(&mut params, request, protocol).is_err() {
        return Err(Error::TooManyParameters {
            needed: needed(request, protocol)?,
        });
    }
    if request.body.form().is_some()
        && params
            .as_slice()
            .iter()
            .any(|p| p.name.eq_decoded(b"oauth_body_hash"))
    {
        return Err(Error::BodyHashOnFormBody);
    }
    params.sort();
    let body_hash = match request.body {
        Body::Opaque(bytes) => Some(BodyHash::sha1(bytes)),
        _ => None,
    };
    Ok(Collected {
        uri,
        body_hash,
        len: params.len(),
    })
}

/// Pushes the query, form and extra parameters.
fn collect<'a, S>(
    params: &mut Params<'a, S>,
    request: &HttpRequest<'a>,
    protocol: &Protocol<'a>,
) -> Result<(), Error>
where
    S: AsRef<[Param<'a>]> + AsMut<[Param<'a>]>,
{
    params.extend_query(request.url)?;
    if let Body::Form(text) = request.body {
        params.extend_form(text, Source::Body)?;
    }
    protocol.extras().iter().try_for_each(|p| params.push(*p))
}

/// The slots [`collect`] needs (or the request's first malformation).
fn needed(request: &HttpRequest<'_>, protocol: &Protocol<'_>) -> Result<usize, Error> {
    let count = |text, part| pairs(text, part).try_fold(0, |n, p| p.map(|_| n + 1));
    let form = request.body.form().unwrap_or("");
    Ok(count(query_of(request.url), Part::Query)?
        + count(form, Part::Body)?
        + protocol.extras().len())
}

/// Extras may not repeat a protocol parameter (§3.1: each appears once),
/// nor give what the engine writes: the signature, its method, and a body
/// hash when the body has one.
fn check_extras(protocol: &Protocol<'_>, hashed: bool) -> Result<(), Error> {
    let extras = protocol.extras();
    for (i, p) in extras.iter().enumerate() {
        let Some(kind) = ProtocolParam::classify(&p.name) else {
            continue;
        };
        match kind {
            ProtocolParam::Signature | ProtocolParam::SignatureMethod => {
                return Err(Error::ReservedParameter(kind));
            }
            ProtocolParam::BodyHash if hashed => return Err(Error::ProtocolParameterTwice(kind)),
            _ if protocol.get(kind).is_some() => return Err(Error::ProtocolParameterTwice(kind)),
            _ if extras.iter().take(i).any(|q| q.name == p.name) => {
                return Err(Error::ProtocolParameterTwice(kind));
            }
            _ => {}
        }
    }
    Ok(())
}

/// A collected request, borrowed from wherever its parts are: a
/// [`Prepared`] request, or the one call's own frame (which copies none of
/// them). Both sign and place through it.
#[derive(Clone, Copy)]
struct Parts<'v, 'a> {
    request: &'v HttpRequest<'a>,
    protocol: &'v Protocol<'a>,
    uri: &'v BaseStringUri<'a>,
    /// The hash of an opaque body ([`Body::Opaque`]).
    body_hash: Option<&'v BodyHash>,
    /// Query, form and extra parameters, in §3.4.1.3.2 order.
    params: &'v [Param<'a>],
}

impl<'v, 'a> Parts<'v, 'a> {
    /// The `oauth_body_hash` this request carries, if any.
    fn body_hash(self) -> Option<&'v str> {
        match self.request.body {
            Body::Hash(h) => Some(h),
            _ => self.body_hash.map(BodyHash::as_str),
        }
    }

    /// What the engine supplies on top of the protocol values: `method`
    /// and the body hash.
    fn supplied(self, method: SignatureMethod) -> Supplied<'v> {
        Supplied {
            method: Some(Text::raw_plain(method.as_str())),
            body_hash: self.body_hash().map(Text::raw),
            signature: None,
        }
    }

    /// The signature base string (§3.4.1.1) for `method`.
    fn base_string(self, method: SignatureMethod) -> Sorted<'v> {
        Sorted {
            method: self.request.method,
            uri: self.uri,
            params: self.params,
            protocol: self.protocol,
            supplied: self.supplied(method),
        }
    }

    /// The signature with `key`, once the transport allows its method.
    fn signature<'k>(self, key: &'k SigningKey) -> Result<Signature<'k>, Error> {
        self.check_transport(key.method())?;
        self.base_string(key.method()).sign(key)
    }

    /// §3.4.4: PLAINTEXT "MUST be used over a secure channel"; over plain
    /// http only when the request opted in.
    fn check_transport(self, method: SignatureMethod) -> Result<(), Error> {
        let clear = method == SignatureMethod::Plaintext && !self.uri.is_https();
        if clear && !self.request.plaintext_over_http {
            return Err(Error::PlaintextOverHttp);
        }
        Ok(())
    }

    /// The request's protocol parameters with `supplied` on top, placed
    /// as `placement` says.
    fn placed<'r>(
        self,
        supplied: &'v Supplied<'v>,
        placement: Placement<'r>,
    ) -> Result<Placed<'v, 'v, 'r>, Error> {
        let protocol = View::new(self.protocol, supplied);
        check_placement(self.request, &protocol, placement)?;
        Ok(Placed {
            placement,
            url: self.request.url,
            form: self.request.body.form().unwrap_or(""),
            protocol,
        })
    }
}

impl<'a, S: AsRef<[Param<'a>]>> Prepared<'a, S> {
    /// The request's parts, borrowed.
    fn parts(&self) -> Parts<'_, 'a> {
        Parts {
            request: &self.request,
            protocol: &self.protocol,
            uri: &self.uri,
            body_hash: self.body_hash.as_ref(),
            params: self.params.as_slice(),
        }
    }

    /// The `oauth_body_hash` this request carries, if any.
    pub fn body_hash(&self) -> Option<&str> {
        self.parts().body_hash()
    }

    /// What the engine supplies on top of the protocol values: `method`
    /// and the body hash.
    fn supplied(&self, method: SignatureMethod) -> Supplied<'_> {
        self.parts().supplied(method)
    }

    /// The signature base string (§3.4.1.1) for `method`: exactly what
    /// [`Prepared::sign`] feeds the MAC.
    ///
    /// ```
    /// use oauthsig_core::{sign, HttpRequest, Protocol, SignatureMethod};
    /// let p = sign::prepare(&HttpRequest::new("GET", "http://example.com/?n=v"), &Protocol::new("k"))?;
    /// assert_eq!(p.base_string(SignatureMethod::Plaintext).to_string(),
    ///     "GET&http%3A%2F%2Fexample.com%2F&n%3Dv%26oauth_consumer_key%3Dk%26oauth_signature_method%3DPLAINTEXT");
    /// # Ok::<(), oauthsig_core::Error>(())
    /// ```
    pub fn base_string(&self, method: SignatureMethod) -> Sorted<'_> {
        self.parts().base_string(method)
    }

    /// The signature of this request with `key`.
    ///
    /// # Errors
    /// [`Error::PlaintextOverHttp`] for PLAINTEXT to an `http` URL unless
    /// the request allows it; for RSA keys [`Error::RsaFailure`].
    pub fn signature<'k>(&self, key: &'k SigningKey) -> Result<Signature<'k>, Error> {
        self.parts().signature(key)
    }

    /// Signs with `key`, whose method is the signature method.
    ///
    /// # Errors
    /// [`Error::PlaintextOverHttp`] for PLAINTEXT to an `http` URL unless
    /// the request allows it; for RSA keys [`Error::RsaFailure`].
    pub fn sign(self, key: &SigningKey) -> Result<Signed<'a, '_, S>, Error> {
        let signature = self.signature(key)?;
        Ok(Signed {
            prepared: self,
            method: key.method(),
            signature,
        })
    }
}

/// Signs `request` with `key` in one call, over default storage.
///
/// ```
/// use oauthsig_core::{sign, HttpRequest, Placement, Protocol, SignatureMethod, SigningKey};
/// let key = SigningKey::new(SignatureMethod::HmacSha1, "kd94hf93k423kf44", "pfkkdhi9sl3r4s00")?;
/// let request = HttpRequest::new("GET", "http://photos.example.net/photos?file=vacation.jpg&size=original");
/// let protocol = Protocol::new("dpf43f3p2l4k3l03").token("nnch734d00sl2jdk")
///     .timestamp("137131202").nonce("chapoH");
/// let signed = sign::sign(&request, &protocol, &key)?;
/// assert_eq!(signed.signature().as_str(), "MdpQcU8iPSUjWoN/UDMsK2sui9I=");
/// assert_eq!(signed.output(Placement::Query)?.to_string(),
///     "http://photos.example.net/photos?file=vacation.jpg&size=original&oauth_consumer_key=dpf43f3p2l4k3l03\
///      &oauth_token=nnch734d00sl2jdk&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131202\
///      &oauth_nonce=chapoH&oauth_signature=MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D");
/// # Ok::<(), oauthsig_core::Error>(())
/// ```
///
/// # Errors
/// As [`prepare_in`] and [`Prepared::signature`].
pub fn sign<'a, 'k>(
    request: &HttpRequest<'a>,
    protocol: &Protocol<'a>,
    key: &'k SigningKey,
) -> Result<Signed<'a, 'k>, Error> {
    // Signed over the slots where they are, then moved once into the result.
    let mut slots = [Param::EMPTY; CAPACITY];
    let collected = collect_into(&mut slots, request, protocol)?;
    let parts = collected.parts(request, protocol, &slots);
    let signature = parts.signature(key)?;
    Ok(Signed {
        prepared: collected.prepared(request, protocol, slots),
        method: key.method(),
        signature,
    })
}

/// Signs `request` and writes it, placed as `placement`, into `buf`:
/// exactly what [`sign`] then [`Signed::output`] write.
///
/// # Errors
/// As [`prepare_in`], [`Prepared::signature`] and [`Signed::output`]; [`Error::BufferTooSmall`]
/// with the exact size needed.
pub fn sign_to_slice<'b>(
    request: &HttpRequest<'_>,
    protocol: &Protocol<'_>,
    key: &SigningKey,
    placement: Placement<'_>,
    buf: &'b mut [u8],
) -> Result<&'b str, Error> {
    // Storage borrowed, not moved; the output written from where the
    // values are, none of them copied.
    let mut slots = [Param::EMPTY; CAPACITY];
    let collected = collect_into(&mut slots, request, protocol)?;
    let parts = collected.parts(request, protocol, &slots);
    parts.check_transport(key.method())?;
    let base = parts.base_string(key.method());
    let signature = base.sign(key)?;
    let supplied = base.supplied.signed(&signature);
    parts.placed(&supplied, placement)?.write_to_slice(buf)
}

/// A signed request, ready to be written.
#[derive(Clone)]
pub struct Signed<'a, 'k, S = [Param<'a>; CAPACITY]> {
    prepared: Prepared<'a, S>,
    method: SignatureMethod,
    signature: Signature<'k>,
}

impl<'a, 'k, S: AsRef<[Param<'a>]>> Signed<'a, 'k, S> {
    /// The signature (`oauth_signature` before encoding).
    pub fn signature(&self) -> &Signature<'k> {
        &self.signature
    }

    /// The signature method (the key's).
    pub fn signature_method(&self) -> SignatureMethod {
        self.method
    }

    /// The `oauth_body_hash` sent, if any.
    pub fn body_hash(&self) -> Option<&str> {
        self.prepared.body_hash()
    }

    /// The signature base string that was signed.
    pub fn base_string(&self) -> Sorted<'_> {
        self.prepared.base_string(self.method)
    }

    /// The protocol parameters in the order [`Signed::output`] writes them
    /// (that of RFC 5849's examples, `oauth_signature_method` and
    /// `oauth_body_hash` included), then the extras as given; the signature
    /// itself is [`Signed::signature`]. For showing what was sent.
    ///
    /// ```
    /// use oauthsig_core::{sign, HttpRequest, Protocol, SignatureMethod, SigningKey};
    /// let key = SigningKey::new(SignatureMethod::HmacSha1, "s", "")?;
    /// let protocol = Protocol::new("k").nonce("n").timestamp("1");
    /// let signed = sign::sign(&HttpRequest::new("GET", "http://h/"), &protocol, &key)?;
    /// let names: Vec<&str> = signed.protocol_params().map(|p| p.name.as_wire()).collect();
    /// assert_eq!(names, ["oauth_consumer_key", "oauth_signature_method", "oauth_timestamp", "oauth_nonce"]);
    /// # Ok::<(), oauthsig_core::Error>(())
    /// ```
    pub fn protocol_params(&self) -> impl Iterator<Item = Param<'_>> + '_ {
        let outgoing =
            Outgoing::from_parts(self.prepared.protocol, self.prepared.supplied(self.method));
        let mut named = [Param::EMPTY; 9];
        let mut n = 0;
        outgoing.view().each_named_printed(|name, value| {
            if let Some(slot) = named.get_mut(n) {
                *slot = Param {
                    name: *name,
                    value: *value,
                    source: crate::Source::Code,
                };
                n += 1;
            }
        });
        named
            .into_iter()
            .take(n)
            .chain(self.prepared.protocol.extras().iter().copied())
    }

    /// The request as sent with the parameters placed as `placement`.
    ///
    /// # Errors
    /// As [`output`].
    pub fn output<'r>(&self, placement: Placement<'r>) -> Result<Output<'_, 'r>, Error> {
        let supplied = self.prepared.supplied(self.method);
        let outgoing =
            Outgoing::from_parts(self.prepared.protocol, supplied.signed(&self.signature));
        output(&self.prepared.request, &outgoing, placement)
    }
}

/// A request with the protocol parameters it goes out with, written as
/// `placement` says: what [`Signed::output`] does, for a layer that keeps a
/// request's signature and values after signing it (or writes a request
/// given unsigned).
///
/// ```
/// use oauthsig_core::{sign, protocol::Outgoing, HttpRequest, Placement, Protocol, Text};
/// let request = HttpRequest::new("GET", "http://example.com/?a=1");
/// let out = Outgoing::new(Protocol::new("k").nonce("n")).signature(Text::raw("s="));
/// assert_eq!(sign::output(&request, &out, Placement::Query)?.to_string(),
///     "http://example.com/?a=1&oauth_consumer_key=k&oauth_nonce=n&oauth_signature=s%3D");
/// # Ok::<(), oauthsig_core::Error>(())
/// ```
///
/// # Errors
/// [`Error::BadRealm`] for a realm with a control character;
/// [`Error::ExtraNotInHeader`] for an extra parameter that is not
/// `oauth_*` in a header (§3.5.1); [`Error::NotFormEncoded`] for the form
/// placement of a request whose body is not form-encoded (§3.5.2).
pub fn output<'s, 'r>(
    request: &HttpRequest<'s>,
    outgoing: &Outgoing<'s>,
    placement: Placement<'r>,
) -> Result<Output<'s, 'r>, Error> {
    check_placement(request, &outgoing.view(), placement)?;
    Ok(Output {
        placement,
        url: request.url,
        form: request.body.form().unwrap_or(""),
        outgoing: *outgoing,
    })
}

/// Whether `placement` can carry `protocol` for `request` (see [`output`]).
fn check_placement(
    request: &HttpRequest<'_>,
    protocol: &View<'_, '_>,
    placement: Placement<'_>,
) -> Result<(), Error> {
    match placement {
        Placement::Header { realm } => {
            realm.map(check_realm).transpose()?;
            if let Some(index) = protocol.extras().iter().position(|p| !p.is_protocol()) {
                return Err(Error::ExtraNotInHeader { index });
            }
        }
        Placement::Form => {
            if !matches!(request.body, Body::None | Body::Form(_)) {
                return Err(Error::NotFormEncoded);
            }
        }
        Placement::Query => {}
    }
    Ok(())
}

/// The sorted parameters of a request with its protocol parameters merged
/// in: its signature base string (§3.4.1.1) and normalized parameters
/// (§3.4.1.3.2).
#[derive(Clone, Debug)]
pub struct Sorted<'s> {
    method: &'s str,
    uri: &'s BaseStringUri<'s>,
    params: &'s [Param<'s>],
    /// The protocol values, and what the engine supplies on top: merged in
    /// as they are written.
    protocol: &'s Protocol<'s>,
    supplied: Supplied<'s>,
}

impl<'s> Sorted<'s> {
    fn base(&self) -> BaseString<'_, 's> {
        let protocol = View::new(self.protocol, &self.supplied);
        // The method was checked when the request was prepared.
        BaseString::merged(self.method, self.uri, self.params, Some(protocol))
    }

    fn sign<'k>(&self, key: &'k SigningKey) -> Result<Signature<'k>, Error> {
        key.sign(&self.base())
    }

    /// The normalized parameter string (§3.4.1.3.2), python-oauth2's
    /// `get_normalized_parameters()`.
    pub fn normalized(&self) -> Normalized<'_, 's> {
        self.base().normalized()
    }
}

impl Render for Sorted<'_> {
    /// Streams the base string.
    fn write_to<W: Sink + ?Sized>(&self, out: &mut W) {
        self.base().write_to(out);
    }
}

impl fmt::Display for Sorted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_render(self, f)
    }
}

/// A signed request written as sent: the `Authorization` header value, the
/// signed URL, or the form body (see [`Placement`]).
#[derive(Clone, Copy, Debug)]
pub struct Output<'s, 'r> {
    placement: Placement<'r>,
    url: &'s str,
    form: &'s str,
    outgoing: Outgoing<'s>,
}

impl Render for Output<'_, '_> {
    /// Streams the output.
    fn write_to<W: Sink + ?Sized>(&self, out: &mut W) {
        Placed {
            placement: self.placement,
            url: self.url,
            form: self.form,
            protocol: self.outgoing.view(),
        }
        .write_to(out);
    }
}

/// A request's protocol parameters placed as `placement` says, with the
/// URL or the form body they join (§3.5): what [`Output`] writes, borrowed.
struct Placed<'v, 's, 'r> {
    placement: Placement<'r>,
    url: &'s str,
    form: &'s str,
    protocol: View<'v, 's>,
}

impl Render for Placed<'_, '_, '_> {
    fn write_to<W: Sink + ?Sized>(&self, out: &mut W) {
        let (url, form, protocol) = (self.url, self.form, &self.protocol);
        match self.placement {
            Placement::Header { realm } => write_header(realm, protocol, out),
            Placement::Query => {
                let (before, fragment) = url
                    .find('#')
                    .and_then(|i| url.split_at_checked(i))
                    .unwrap_or((url, ""));
                out.put(before.as_bytes());
                // Nothing to append leaves the URL as given.
                if has_pairs(protocol) {
                    match before.split_once('?') {
                        None => out.put(b"?"),
                        Some((_, q)) if q.is_empty() || q.ends_with('&') => {}
                        Some(_) => out.put(b"&"),
                    }
                    write_pairs(protocol, out);
                }
                out.put(fragment.as_bytes());
            }
            Placement::Form => {
                out.put(form.as_bytes());
                if has_pairs(protocol) {
                    if !(form.is_empty() || form.ends_with('&')) {
                        out.put(b"&");
                    }
                    write_pairs(protocol, out);
                }
            }
        }
    }
}

/// `OAuth realm="…", name="value", …` (§3.5.1).
fn write_header<W: Sink + ?Sized>(realm: Option<&str>, protocol: &View<'_, '_>, out: &mut W) {
    out.put(b"OAuth ");
    let mut first = true;
    if let Some(realm) = realm {
        out.put(b"realm=\"");
        put_quoted(realm, out);
        out.put(b"\"");
        first = false;
    }
    protocol.each_printed(|name, value| {
        if !first {
            out.put(b", ");
        }
        first = false;
        name.write_encoded(Level::Once, out);
        out.put(b"=\"");
        value.write_encoded(Level::Once, out);
        out.put(b"\"");
    });
}

/// Whether `protocol` has a parameter to write.
fn has_pairs(protocol: &View<'_, '_>) -> bool {
    let mut any = false;
    protocol.each_printed(|_, _| any = true);
    any
}

/// `name=value&…` (§3.5.2, §3.5.3).
fn write_pairs<W: Sink + ?Sized>(protocol: &View<'_, '_>, out: &mut W) {
    let mut first = true;
    protocol.each_printed(|name, value| {
        if !first {
            out.put(b"&");
        }
        first = false;
        name.write_encoded(Level::Once, out);
        out.put(b"=");
        value.write_encoded(Level::Once, out);
    });
}

impl fmt::Display for Output<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_render(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Text;
    use std::string::ToString;

    const URL: &str = "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b";

    fn rfc() -> (HttpRequest<'static>, Protocol<'static>, SigningKey) {
        let key = SigningKey::new(SignatureMethod::HmacSha1, "j49sk3j29djd", "dh893hdasih9");
        let request = HttpRequest::new("POST", URL).body(Body::Form("c2&a3=2+q"));
        let protocol = Protocol::new("9djdj82h48djs9d2")
            .token("kkk9d7dh3k39sjv7")
            .timestamp("137131201")
            .nonce("7d8f3e4a");
        (request, protocol, key.unwrap_or_else(|_| unreachable!()))
    }

    #[test]
    fn rfc_5849_3_4_1_1_in_every_placement() {
        let (request, protocol, key) = rfc();
        let signed = sign(&request, &protocol, &key).unwrap();
        assert_eq!(signed.signature().as_str(), "r6/TJjbCOr97/+UU0NsvSne7s5g=");
        assert_eq!(
            signed.base_string().to_string(),
            "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7"
        );
        let out = |p| signed.output(p).unwrap().to_string();
        assert_eq!(
            out(Placement::Header {
                realm: Some("Example")
            }),
            r#"OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2", oauth_token="kkk9d7dh3k39sjv7", oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131201", oauth_nonce="7d8f3e4a", oauth_signature="r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D""#
        );
        let pairs = "oauth_consumer_key=9djdj82h48djs9d2&oauth_token=kkk9d7dh3k39sjv7&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_nonce=7d8f3e4a&oauth_signature=r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D";
        assert_eq!(out(Placement::Query), std::format!("{URL}&{pairs}"));
        assert_eq!(out(Placement::Form), std::format!("c2&a3=2+q&{pairs}"));
    }

    #[test]
    fn protocol_params_are_what_the_header_writes() {
        let (request, protocol, key) = rfc();
        let extra = [Param::raw("oauth_x", "a b")];
        let opaque = request.body(Body::Opaque(b"{}"));
        let signed = sign(&opaque, &protocol.version(true).extra(&extra), &key).unwrap();
        let mut listed = std::string::String::from("OAuth ");
        for p in signed.protocol_params() {
            listed += &std::format!("{}=\"{}\", ", p.name.encoded(), p.value.encoded());
        }
        listed += &std::format!(
            "oauth_signature=\"{}\"",
            Text::raw(signed.signature().as_str()).encoded()
        );
        let header = signed.output(Placement::Header { realm: None }).unwrap();
        assert_eq!(header.to_string(), listed);
    }

    #[test]
    fn short_buffers_get_the_exact_size() {
        let (request, protocol, key) = rfc();
        let placement = Placement::Header { realm: None };
        let mut big = [0u8; 512];
        let n = sign_to_slice(&request, &protocol, &key, placement, &mut big)
            .unwrap()
            .len();
        let mut small = [0u8; 10];
        assert_eq!(
            sign_to_slice(&request, &protocol, &key, placement, &mut small),
            Err(Error::BufferTooSmall { needed: n })
        );
    }

    #[test]
    fn sign_to_slice_writes_what_signed_outputs() {
        let (request, protocol, key) = rfc();
        let opaque = request.body(Body::Opaque(b"{}"));
        let extra = [Param::raw("count", "2")];
        let with_extra = protocol.extra(&extra);
        let mut buf = [0u8; 512];
        for (request, protocol) in [
            (request, protocol),
            (opaque, protocol),
            (request, with_extra),
        ] {
            let signed = sign(&request, &protocol, &key).unwrap();
            for placement in [
                Placement::Header {
                    realm: Some("a\"b"),
                },
                Placement::Header {
                    realm: Some("a\rb"),
                },
                Placement::Query,
                Placement::Form,
            ] {
                let want = signed.output(placement).map(|o| o.to_string());
                let got = sign_to_slice(&request, &protocol, &key, placement, &mut buf);
                assert_eq!(got.map(str::to_string), want, "{placement:?}");
            }
        }
    }

    #[test]
    fn extras_cannot_repeat_or_replace() {
        let (request, protocol, key) = rfc();
        let twice = [Param::raw("oauth_nonce", "x")];
        let e = sign(&request, &protocol.extra(&twice), &key).err();
        assert_eq!(e, Some(Error::ProtocolParameterTwice(ProtocolParam::Nonce)));
        let sig = [Param::raw("oauth_signature", "x")];
        let e = sign(&request, &protocol.extra(&sig), &key).err();
        assert_eq!(e, Some(Error::ReservedParameter(ProtocolParam::Signature)));
        let other = [Param::raw("oauth_x", "1"), Param::raw("oauth_x", "2")];
        let e = sign(&request, &protocol.extra(&other), &key).err();
        assert_eq!(e, Some(Error::ProtocolParameterTwice(ProtocolParam::Other)));
        let hash = [Param::raw("oauth_body_hash", "h")];
        let opaque = request.body(Body::Opaque(b"x"));
        let e = sign(&opaque, &protocol.extra(&hash), &key).err();
        assert_eq!(
            e,
            Some(Error::ProtocolParameterTwice(ProtocolParam::BodyHash))
        );
    }

    #[test]
    fn a_form_body_carries_no_body_hash() {
        let (request, protocol, key) = rfc();
        let hash = [Param::raw("oauth_body_hash", "h")];
        let e = sign(&request, &protocol.extra(&hash), &key).err();
        assert_eq!(e, Some(Error::BodyHashOnFormBody));
        let in_query =
            HttpRequest::new("POST", "http://h/?oauth_body_hash=h").body(Body::Form("a=1"));
        assert_eq!(
            sign(&in_query, &protocol, &key).err(),
            Some(Error::BodyHashOnFormBody)
        );
    }

    #[test]
    fn placements_refuse_what_they_cannot_carry() {
        let (request, protocol, key) = rfc();
        let extra = [Param::raw("oauth_x", "1"), Param::raw("count", "2")];
        let p = protocol.extra(&extra);
        let signed = sign(&request, &p, &key).unwrap();
        let header = signed.output(Placement::Header { realm: None });
        assert_eq!(header.err(), Some(Error::ExtraNotInHeader { index: 1 }));
        assert!(signed.output(Placement::Query).is_ok());
        let bad_realm = signed.output(Placement::Header {
            realm: Some("a\nb"),
        });
        assert!(matches!(bad_realm, Err(Error::BadRealm { offset: 1 })));
        let opaque = request.body(Body::Opaque(b"{}"));
        let signed = sign(&opaque, &protocol, &key).unwrap();
        assert_eq!(
            signed.output(Placement::Form).err(),
            Some(Error::NotFormEncoded)
        );
        assert_eq!(signed.body_hash(), Some(BodyHash::sha1(b"{}").as_str()));
    }

    #[test]
    fn too_many_parameters_counts_them_all() {
        let (_, protocol, key) = rfc();
        let url = "http://h/?a&b&c&d&e";
        let request = HttpRequest::new("GET", url).body(Body::Form("f&g"));
        let extra = [Param::raw("x", "1")];
        let e = prepare_in([Param::EMPTY; 3], &request, &protocol.extra(&extra)).err();
        assert_eq!(e, Some(Error::TooManyParameters { needed: 8 }));
        let mut slots = [Param::EMPTY; 8];
        let p = prepare_in(&mut slots[..], &request, &protocol.extra(&extra)).unwrap();
        assert_eq!(p.sign(&key).unwrap().signature().as_str().len(), 28);
    }

    #[test]
    fn no_protocol_parameters_leave_the_url_and_body_as_given() {
        let out = Outgoing::new(Protocol::unset());
        for (url, form) in [
            ("http://h/p?a=1", "b=2"),
            ("http://h/p", ""),
            ("http://h/p?a=1#f", "b=2&"),
        ] {
            let request = HttpRequest::new("POST", url).body(Body::Form(form));
            let written = |p| output(&request, &out, p).unwrap().to_string();
            assert_eq!(written(Placement::Query), url);
            assert_eq!(written(Placement::Form), form);
        }
    }

    #[test]
    fn query_placement_keeps_the_query_and_the_fragment() {
        let (_, protocol, key) = rfc();
        for (url, head, tail) in [
            ("http://h/p", "http://h/p?", ""),
            ("http://h/p?", "http://h/p?", ""),
            ("http://h/p?x=%20&", "http://h/p?x=%20&", ""),
            ("http://h/p?x=1#f?g", "http://h/p?x=1&", "#f?g"),
            ("http://h/p#f", "http://h/p?", "#f"),
        ] {
            let signed = sign(&HttpRequest::new("GET", url), &protocol, &key).unwrap();
            let out = signed.output(Placement::Query).unwrap().to_string();
            assert!(out.starts_with(head) && out.ends_with(tail), "{url}: {out}");
            assert!(
                out[head.len()..].starts_with("oauth_consumer_key="),
                "{out}"
            );
        }
    }
}
