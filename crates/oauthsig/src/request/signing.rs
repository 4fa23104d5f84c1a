//! Signing through the engine ([`oauthsig_core::sign`]), and the views of a
//! request as it stands — base string, normalized parameters, signature
//! check — through the verification engine ([`oauthsig_core::verify`]).

use super::store::Store;
use super::{Body, Request};
use crate::{Consumer, Error, Token};
use oauthsig_core::body::BodyHash;
use oauthsig_core::protocol::Outgoing;
use oauthsig_core::sign::{self, HttpRequest};
use oauthsig_core::verify::{self, Incoming, Received, Rejection};
use oauthsig_core::{
    Body as CoreBody, Param, Protocol, ProtocolParam, SignatureMethod, SigningKey, Text,
};

/// The parameters a stack array holds before the heap is used: the query,
/// body and extra parameters of most requests.
const STACK: usize = 16;

/// The extra parameters (set in code, not among the engine's fields) a
/// stack array holds before the heap is used.
const EXTRAS: usize = 8;

/// The longest HMAC signature text (base64 of a SHA-512 tag), kept inline;
/// PLAINTEXT keys and RSA signatures (up to 1368 characters) are longer.
const MAC_TEXT_MAX: usize = 88;

/// The longest body hash text: base64 of a SHA-256 digest.
const BODY_HASH_MAX: usize = 44;

/// A signature and body hash copied out of the engine's result, so the
/// request can take them; never cut short.
struct Outcome {
    signature: Held<MAC_TEXT_MAX>,
    body_hash: Option<Held<BODY_HASH_MAX>>,
    method: SignatureMethod,
}

impl Request {
    /// Signs the request (python-oauth2's `sign_request`): adds
    /// `oauth_consumer_key` and `oauth_token` when missing, `oauth_body_hash`
    /// per the [`BodyHashPolicy`](crate::BodyHashPolicy), `oauth_signature_method`, then
    /// `oauth_signature` over everything else. Signing again replaces the
    /// signature.
    ///
    /// Without a token the key is `consumer_secret&`, even if the request
    /// carries an `oauth_token` (as python-oauth2 does).
    ///
    /// ```
    /// use oauthsig::{Consumer, Request, SignatureMethod, Token};
    /// let consumer = Consumer::new("dpf43f3p2l4k3l03", "kd94hf93k423kf44");
    /// let token = Token::new("hh5s93j4hdidpola", "hdhd0244k9j7ao03");
    /// let request = Request::new("POST", "https://photos.example.net/token")?
    ///     .timestamp("137131201")
    ///     .nonce("walatlh")
    ///     .verifier("hfdp7dh39dks9884")
    ///     .sign(SignatureMethod::HmacSha1, &consumer, Some(&token))?;
    /// assert_eq!(request.signature().as_deref(), Some("gKgrFCywp7rO0OXSjdot/IHF7IU="));
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::BodyHashOnFormBody`] when a form-encoded request carries
    /// `oauth_body_hash`; [`Error::Core`] for a PLAINTEXT key too long for the
    /// protocol layer, or protocol parameters given twice.
    pub fn sign(
        mut self,
        method: SignatureMethod,
        consumer: &Consumer,
        token: Option<&Token>,
    ) -> Result<Self, Error> {
        self.sign_in_place(method, consumer, token)?;
        Ok(self)
    }

    /// [`Request::sign`] on a borrowed request (for callers that keep the
    /// request in place, such as the C ABI). On error the request is
    /// unchanged.
    ///
    /// ```
    /// use oauthsig::{Consumer, Request, SignatureMethod};
    /// let consumer = Consumer::new("key", "secret");
    /// let mut request = Request::from_consumer_and_token(&consumer, None, "GET", "http://example.com/")?;
    /// request.sign_in_place(SignatureMethod::HmacSha1, &consumer, None)?;
    /// assert!(request.check_signature(&consumer, None)?);
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Request::sign`].
    pub fn sign_in_place(
        &mut self,
        method: SignatureMethod,
        consumer: &Consumer,
        token: Option<&Token>,
    ) -> Result<(), Error> {
        let key = consumer.signing_key(method, token)?;
        let outcome = self.engine(&key, Some(consumer.key()), token.map(Token::key))?;
        if self.store.position("oauth_consumer_key").is_none() {
            self.store.set("oauth_consumer_key", consumer.key());
        }
        if let Some(token) = token {
            if self.store.position("oauth_token").is_none() {
                self.store.set("oauth_token", token.key());
            }
        }
        self.take(&outcome);
        Ok(())
    }

    /// Signs with a prepared key ([`Consumer::signing_key`]), so many
    /// requests share one HMAC key schedule. The request must already carry
    /// `oauth_consumer_key` (and `oauth_token` when the key has a token
    /// secret), as [`Request::from_consumer_and_token`] makes it.
    ///
    /// ```
    /// use oauthsig::{Consumer, Request, SignatureMethod};
    /// let consumer = Consumer::new("key", "secret");
    /// let key = consumer.signing_key(SignatureMethod::HmacSha256, None)?;
    /// for page in ["1", "2"] {
    ///     let request = Request::from_consumer_and_token(&consumer, None, "GET", "https://api.example.com/items")?
    ///         .query_param("page", page)
    ///         .sign_with_key(&key)?;
    ///     assert!(request.check_signature_with_key(&key)?);
    /// }
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::MissingParameter`] without `oauth_consumer_key`;
    /// [`Error::BodyHashOnFormBody`] as for [`Request::sign`].
    pub fn sign_with_key(mut self, key: &SigningKey) -> Result<Self, Error> {
        self.sign_with_key_in_place(key)?;
        Ok(self)
    }

    /// [`Request::sign_with_key`] on a borrowed request. On error the
    /// request is unchanged.
    ///
    /// ```
    /// use oauthsig::{Consumer, Request, SignatureMethod};
    /// let consumer = Consumer::new("key", "secret");
    /// let key = consumer.signing_key(SignatureMethod::HmacSha1, None)?;
    /// let mut request = Request::new("GET", "http://example.com/")?;
    /// assert!(request.sign_with_key_in_place(&key).is_err()); // no oauth_consumer_key
    /// assert_eq!(request.signature(), None);
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Request::sign_with_key`].
    pub fn sign_with_key_in_place(&mut self, key: &SigningKey) -> Result<(), Error> {
        let outcome = self.engine(key, None, None)?;
        self.take(&outcome);
        Ok(())
    }

    /// The body as the signature covers it, per the [`BodyHashPolicy`]:
    /// a SHA-1 body hash is the engine's to compute (`Opaque`); any other
    /// is computed into `hash` and handed over whole (`Hash`), so the
    /// engine still signs and places it.
    fn signed_body<'s>(&'s self, hash: &'s mut Option<BodyHash>) -> CoreBody<'s> {
        let sent = match &self.body {
            Body::Form(text) => CoreBody::Form(self.store.piece(*text)),
            Body::Opaque(bytes) => CoreBody::Opaque(bytes),
            Body::None => CoreBody::None,
        };
        oauthsig_core::body::covered(sent, self.body_hash, self.body_hash_algorithm, hash)
    }

    /// Runs the engine over the request as it stands; `consumer_key` and
    /// `token` are used when the request has none of its own.
    fn engine(
        &self,
        key: &SigningKey,
        consumer_key: Option<&str>,
        token: Option<&str>,
    ) -> Result<Outcome, Error> {
        let mut hash = None;
        let body = self.signed_body(&mut hash);
        let hashed = matches!(body, CoreBody::Opaque(_) | CoreBody::Hash(_));
        let mut request = HttpRequest::new(self.method(), self.url()).body(body);
        if let Some(host) = &self.host {
            request = request.host(host);
        }
        if self.plaintext_over_http {
            request = request.allow_plaintext_over_http();
        }
        let (mut stack, mut heap) = ([Param::EMPTY; EXTRAS], Vec::new());
        // One slot spare, for a body hash the request carries.
        let (outgoing, extras, n) = split(&self.store, 1, &mut stack, &mut heap);
        let mut protocol = *outgoing.protocol();
        if protocol.get(ProtocolParam::ConsumerKey).is_none() {
            let key = consumer_key.ok_or(Error::MissingParameter {
                name: "oauth_consumer_key",
            })?;
            protocol = protocol.with(ProtocolParam::ConsumerKey, Text::raw(key));
        }
        if let (Some(t), None) = (token, protocol.get(ProtocolParam::Token)) {
            protocol = protocol.token(t);
        }
        // A body hash the request carries is signed as given, unless the
        // engine computes one (§ Request Body Hash: it replaces it).
        let kept = outgoing.get(ProtocolParam::BodyHash).filter(|_| !hashed);
        let extra_hash = kept.map(|value| Param {
            name: Text::raw("oauth_body_hash"),
            value,
            source: oauthsig_core::Source::Code,
        });
        let n = match (extra_hash, extras.get_mut(n)) {
            (Some(h), Some(slot)) => {
                *slot = h;
                n + 1
            }
            _ => n,
        };
        let protocol = protocol.extra(extras.get(..n).unwrap_or_default());
        sign_over(&request, &protocol, key)
    }

    /// Stores what signing produced.
    fn take(&mut self, outcome: &Outcome) {
        if let Some(h) = &outcome.body_hash {
            self.store.set("oauth_body_hash", h.as_str());
        }
        self.store
            .set_static("oauth_signature_method", outcome.method.as_str());
        self.store
            .set("oauth_signature", outcome.signature.as_str());
    }

    /// Checks `oauth_signature` against the request as it stands, with the
    /// method it names and the secrets of `consumer` and `token`, in constant
    /// time (python-oauth2's `SignatureMethod.check`). Only the signature:
    /// nonce, timestamp and parameter-location rules are the verifier's.
    ///
    /// ```
    /// use oauthsig::{Consumer, Request, SignatureMethod};
    /// let consumer = Consumer::new("key", "secret");
    /// let signed = Request::from_consumer_and_token(&consumer, None, "GET", "http://example.com/?a=1")?
    ///     .sign(SignatureMethod::HmacSha1, &consumer, None)?;
    /// assert!(signed.check_signature(&consumer, None)?);
    /// assert!(!signed.check_signature(&Consumer::new("key", "wrong"), None)?);
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::MissingParameter`] or [`Error::DuplicateParameter`] for
    /// `oauth_signature` or `oauth_signature_method`; [`Error::Core`] for an
    /// unknown signature method.
    pub fn check_signature(
        &self,
        consumer: &Consumer,
        token: Option<&Token>,
    ) -> Result<bool, Error> {
        let method = self.named_method()?;
        self.check_signature_with_key(&consumer.signing_key(method, token)?)
    }

    /// The signature method `oauth_signature_method` names, given once.
    pub(super) fn named_method(&self) -> Result<SignatureMethod, Error> {
        self.as_it_stands(|r| {
            once(r, ProtocolParam::SignatureMethod)?;
            r.signature_method()
                .map_err(|_| Error::Core(oauthsig_core::Error::UnknownSignatureMethod))
        })?
    }

    /// [`Request::check_signature`] with a prepared key; a request naming
    /// another method than the key's does not check.
    ///
    /// ```
    /// use oauthsig::{Consumer, Request, SignatureMethod};
    /// let consumer = Consumer::new("key", "secret");
    /// let key = consumer.signing_key(SignatureMethod::HmacSha1, None)?;
    /// let signed = Request::from_consumer_and_token(&consumer, None, "GET", "http://example.com/")?
    ///     .sign_with_key(&key)?;
    /// assert!(signed.check_signature_with_key(&key)?);
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Request::check_signature`].
    pub fn check_signature_with_key(&self, key: &SigningKey) -> Result<bool, Error> {
        self.check_signature_with(key)
    }

    /// [`Request::check_signature`] of an RSA-SHA1/256/512 request with the
    /// consumer's public key (§3.4.3.2); any other method does not check.
    ///
    /// # Errors
    /// As [`Request::check_signature`].
    #[cfg(feature = "rsa")]
    pub fn check_signature_with_public_key(
        &self,
        key: &oauthsig_core::RsaPublicKey,
    ) -> Result<bool, Error> {
        self.check_signature_with(key)
    }

    /// Core's check with `credential`, on the request as it stands.
    fn check_signature_with<'k>(
        &self,
        credential: impl Into<oauthsig_core::verify::Credential<'k>>,
    ) -> Result<bool, Error> {
        let credential = credential.into();
        self.as_it_stands(|r| {
            once(r, ProtocolParam::Signature)?;
            once(r, ProtocolParam::SignatureMethod)?;
            match r.check_signature(credential) {
                Ok(()) => Ok(true),
                Err(Rejection::MissingParameter(p)) => {
                    Err(Error::MissingParameter { name: p.as_str() })
                }
                Err(_) => Ok(false),
            }
        })?
    }

    /// The normalized parameter string (§3.4.1.3.2; python-oauth2's
    /// `get_normalized_parameters`): every parameter but `oauth_signature`,
    /// encoded, sorted by encoded name then value.
    ///
    /// ```
    /// let request = oauthsig::Request::new("GET", "http://example.com/?b=2&a=%C2%AE&a=B&oauth_signature=x")?;
    /// assert_eq!(request.normalized_parameters()?, "a=%C2%AE&a=B&b=2");
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// None in practice (the parameters were checked when added).
    pub fn normalized_parameters(&self) -> Result<String, Error> {
        self.as_it_stands(|r| r.base_string().normalized().to_string())
    }

    /// The signature base string (§3.4.1.1; python-oauth2's `signing_base`)
    /// of the request as it stands: after [`Request::sign`], exactly the
    /// bytes it fed the MAC.
    ///
    /// ```
    /// let request = oauthsig::Request::new("GET", "http://example.com/?n=v")?;
    /// assert_eq!(request.signature_base_string()?, "GET&http%3A%2F%2Fexample.com%2F&n%3Dv");
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Request::normalized_parameters`].
    pub fn signature_base_string(&self) -> Result<String, Error> {
        self.as_it_stands(|r| r.base_string().to_string())
    }

    /// Runs `f` on the request as it would be sent with [`Request::to_url`]
    /// (every own parameter in the query), received by the verification
    /// engine: where a parameter travels does not change the signature.
    pub(super) fn as_it_stands<R>(
        &self,
        f: impl for<'a, 's> FnOnce(&mut Received<'a, &'s mut [Param<'a>]>) -> R,
    ) -> Result<R, Error> {
        let url = self.to_url();
        let mut incoming = Incoming::new(self.method(), &url).body(self.body_bytes());
        if let Some(ct) = self.content_type() {
            incoming = incoming.content_type(ct);
        }
        if let Some(host) = &self.host {
            incoming = incoming.host(host);
        }
        let mut stack = [Param::EMPTY; STACK];
        let mut heap = Vec::new();
        let mut received = match verify::receive_in(&mut stack[..], &incoming) {
            Err(oauthsig_core::Error::TooManyParameters { needed }) => {
                heap.resize(needed, Param::EMPTY);
                verify::receive_in(&mut heap[..], &incoming)?
            }
            other => other?,
        };
        Ok(f(&mut received))
    }
}

/// `param` appears at most once.
pub(super) fn once<'a>(
    r: &Received<'a, &mut [Param<'a>]>,
    param: ProtocolParam,
) -> Result<(), Error> {
    let name = param.as_str();
    let mut found = r
        .parameters()
        .iter()
        .filter(|p| p.name.eq_decoded(name.as_bytes()));
    match (found.next(), found.next()) {
        (Some(_), Some(_)) => Err(Error::DuplicateParameter { name }),
        _ => Ok(()),
    }
}

/// [`outgoing`] of the store's parameters, with the extras in `stack` when
/// they fit with `spare` slots after them, else in `heap`: the values, the
/// slots, and how many of them are extras.
pub(super) fn split<'s>(
    store: &'s Store,
    spare: usize,
    stack: &'s mut [Param<'s>],
    heap: &'s mut Vec<Param<'s>>,
) -> (Outgoing<'s>, &'s mut [Param<'s>], usize) {
    let (out, n) = outgoing(store.iter_core(), stack);
    if n + spare <= stack.len() {
        return (out, stack, n);
    }
    heap.resize(n + spare, Param::EMPTY);
    let (out, n) = outgoing(store.iter_core(), heap);
    (out, heap, n)
}

/// What the request's own parameters are to the engine: its named
/// protocol values (the first of each name), the signature method, body
/// hash and signature it carries, and the rest, in order, as extras (put
/// in `extras` while they fit; returns how many there are, so that a
/// caller whose slots were too few can tell). A repeated name goes to the
/// extras too, where the engine refuses it when signing.
pub(super) fn outgoing<'r>(
    own: impl Iterator<Item = (Param<'r>, Option<ProtocolParam>)>,
    extras: &mut [Param<'r>],
) -> (Outgoing<'r>, usize) {
    let mut protocol = Protocol::unset();
    let mut carried = [None; 3];
    let mut seen = [false; ProtocolParam::NAMED.len()];
    let mut n = 0;
    for (p, kind) in own {
        let first = kind
            .and_then(ProtocolParam::index)
            .is_some_and(|i| !seen[i]);
        let taken = match kind {
            _ if !first => false,
            Some(ProtocolParam::Version) if p.value.eq_decoded(b"1.0") => {
                protocol.set(ProtocolParam::Version, p.value);
                true
            }
            Some(ProtocolParam::Version) => false,
            Some(
                k @ (ProtocolParam::SignatureMethod
                | ProtocolParam::BodyHash
                | ProtocolParam::Signature),
            ) => {
                let slot = match k {
                    ProtocolParam::SignatureMethod => 0,
                    ProtocolParam::BodyHash => 1,
                    _ => 2,
                };
                carried[slot] = Some(p.value);
                true
            }
            Some(k) => {
                protocol.set(k, p.value);
                true
            }
            None => false,
        };
        if taken {
            if let Some(i) = kind.and_then(ProtocolParam::index) {
                seen[i] = true;
            }
        } else {
            if let Some(slot) = extras.get_mut(n) {
                *slot = p;
            }
            n += 1;
        }
    }
    let mut out = Outgoing::new(protocol);
    if let Some(m) = carried[0] {
        out = out.signature_method(m);
    }
    if let Some(h) = carried[1] {
        out = out.body_hash(h);
    }
    if let Some(s) = carried[2] {
        out = out.signature(s);
    }
    (out, n)
}

/// Prepares and signs over stack storage, or the heap when it does not fit.
fn sign_over(
    request: &HttpRequest<'_>,
    protocol: &Protocol<'_>,
    key: &SigningKey,
) -> Result<Outcome, Error> {
    let mut stack = [Param::EMPTY; STACK];
    match sign::prepare_in(&mut stack[..], request, protocol) {
        Ok(prepared) => Outcome::of(&prepared, key),
        Err(oauthsig_core::Error::TooManyParameters { needed }) => {
            let prepared = sign::prepare_in(vec![Param::EMPTY; needed], request, protocol)?;
            Outcome::of(&prepared, key)
        }
        Err(e) => Err(e.into()),
    }
}

/// Text held whole: in a fixed buffer when it fits (no allocation on the
/// common path), on the heap when it does not.
enum Held<const N: usize> {
    Inline { buf: [u8; N], len: usize },
    Heap(String),
}

impl<const N: usize> Held<N> {
    fn new(text: &str) -> Self {
        let mut buf = [0u8; N];
        match buf.get_mut(..text.len()) {
            Some(head) => {
                head.copy_from_slice(text.as_bytes());
                Held::Inline {
                    buf,
                    len: text.len(),
                }
            }
            None => Held::Heap(text.to_owned()),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            Held::Inline { buf, len } => {
                std::str::from_utf8(buf.get(..*len).unwrap_or_default()).unwrap_or("")
            }
            Held::Heap(text) => text,
        }
    }
}

impl Outcome {
    /// The signature of `prepared` with `key`, and the body hash it carries.
    fn of<'a, S: AsRef<[Param<'a>]>>(
        prepared: &sign::Prepared<'a, S>,
        key: &SigningKey,
    ) -> Result<Self, Error> {
        Ok(Outcome {
            signature: Held::new(prepared.signature(key)?.as_str()),
            body_hash: prepared.body_hash().map(Held::new),
            method: key.method(),
        })
    }
}
