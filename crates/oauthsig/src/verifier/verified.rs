//! What a verified request tells the application, owned.
//!
//! One `String` holds the texts the non-`oauth_` parameters arrived in
//! (the query, the form body, the header) and the protocol values: one
//! allocation per verified request, a copy of what was received. The
//! parameters are read from it as [`VerifiedRef`] reads them from the
//! request, decoded as they are read.

use super::borrowed::VerifiedRef;
use super::parameters::Parameters;
use oauthsig_core::params::query_of;
use oauthsig_core::{Error, SignatureMethod};
use std::borrow::Cow;
use std::fmt;

/// A byte range of [`Verified`]'s text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Span {
    start: usize,
    end: usize,
}

/// Where [`Verified`]'s parts are in its text.
#[derive(Clone, Debug, Default)]
struct Spans {
    query: Span,
    body: Span,
    header: Span,
    consumer_key: Span,
    token: Option<Span>,
    nonce: Option<Span>,
    callback: Option<Span>,
    verifier: Option<Span>,
    realm: Option<Span>,
}

/// A request whose signature verified, with its nonce recorded.
///
/// The protocol values are text (a request whose consumer key, token,
/// nonce, callback, verifier or realm does not decode to UTF-8 is refused
/// as [`Malformed`](super::VerifyError::Malformed), 400). The other
/// parameters are octets, as the signature covered them: read them as text
/// with [`Verified::parameter`] or
/// [`VerifiedParameter::value`](super::VerifiedParameter::value), which
/// say where a value is not UTF-8, or as octets with
/// [`Verified::parameter_bytes`] or
/// [`VerifiedParameter::value_bytes`](super::VerifiedParameter::value_bytes).
/// Both borrow from the result unless the value had escapes.
///
/// ```
/// use oauthsig::verifier::{Credentials, CredentialQuery, IncomingRequest, LookupError, Verifier};
/// use oauthsig_core::{Error, Part, SignatureMethod};
///
/// let verifier = Verifier::builder()
///     .allow(SignatureMethod::Plaintext)
///     .build()?;
/// let req = IncomingRequest::new("GET", "https://photos.example.net/photos?size=large&file=vacation.jpg&city=Mal%E9")
///     .authorization(r#"OAuth oauth_consumer_key="dpf43f3p2l4k3l03", oauth_token="nnch734d00sl2jdk",
///         oauth_signature_method="PLAINTEXT", oauth_signature="kd94hf93k423kf44%26pfkkdhi9sl3r4s00""#);
/// let lookup = |_: &CredentialQuery<'_>| -> Result<Credentials<'static>, LookupError> {
///     Ok(Credentials::secrets("kd94hf93k423kf44", "pfkkdhi9sl3r4s00"))
/// };
/// let ok = verifier.verify(&req, &lookup)?;
/// assert_eq!(ok.consumer_key(), "dpf43f3p2l4k3l03");
/// assert_eq!(ok.token(), Some("nnch734d00sl2jdk"));
/// assert_eq!(ok.signature_method(), SignatureMethod::Plaintext);
/// assert_eq!(ok.parameter("file")?.as_deref(), Some("vacation.jpg"));
/// // `Mal%E9` is Latin-1: octets, not UTF-8 text.
/// assert_eq!(ok.parameter_bytes("city").as_deref(), Some(&b"Mal\xe9"[..]));
/// assert_eq!(ok.parameter("city"), Err(Error::InvalidUtf8 { part: Part::Value, offset: 3 }));
/// let names: Vec<_> = ok.parameters().map(|p| p.name()).collect::<Result<_, _>>()?;
/// assert_eq!(names, ["size", "file", "city"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Verified {
    text: String,
    spans: Spans,
    method: SignatureMethod,
    timestamp: Option<u64>,
}

impl Verified {
    /// A copy of `r`: the texts its parameters came from and its protocol
    /// values, less the `oauth_signature`, which for PLAINTEXT is the
    /// secrets themselves (§3.4.4) and is kept nowhere.
    pub(super) fn new(r: &VerifiedRef<'_>) -> Self {
        let query = query_of(r.url);
        let p = &r.protocol;
        let optional = [&p.token, &p.nonce, &p.callback, &p.verifier, &p.realm];
        let values = optional.iter().filter_map(|v| v.as_deref());
        let room = query.len() + r.body.len() + r.header.len() + p.consumer_key.len();
        let mut text = String::with_capacity(room + values.map(str::len).sum::<usize>());
        let mut wire = |s: &str| push_omitting(&mut text, s, r.signature);
        let (query, body, header) = (wire(query), wire(r.body), wire(r.header));
        let mut push = |s: &str| push_omitting(&mut text, s, "");
        let spans = Spans {
            query,
            body,
            header,
            consumer_key: push(&p.consumer_key),
            token: p.token.as_deref().map(&mut push),
            nonce: p.nonce.as_deref().map(&mut push),
            callback: p.callback.as_deref().map(&mut push),
            verifier: p.verifier.as_deref().map(&mut push),
            realm: p.realm.as_deref().map(&mut push),
        };
        Verified {
            text,
            spans,
            method: r.method,
            timestamp: r.timestamp,
        }
    }

    fn get(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or_default()
    }

    /// The verified `oauth_consumer_key`.
    pub fn consumer_key(&self) -> &str {
        self.get(self.spans.consumer_key)
    }

    /// The verified `oauth_token`, if the request had one.
    pub fn token(&self) -> Option<&str> {
        self.spans.token.map(|s| self.get(s))
    }

    /// The signature method the request used.
    pub const fn signature_method(&self) -> SignatureMethod {
        self.method
    }

    /// The `oauth_timestamp` (absent only for PLAINTEXT requests without one).
    pub const fn timestamp(&self) -> Option<u64> {
        self.timestamp
    }

    /// The decoded `oauth_nonce` (absent only for PLAINTEXT requests without one).
    pub fn nonce(&self) -> Option<&str> {
        self.spans.nonce.map(|s| self.get(s))
    }

    /// The `oauth_callback` (temporary-credential requests, §2.1).
    pub fn callback(&self) -> Option<&str> {
        self.spans.callback.map(|s| self.get(s))
    }

    /// The `oauth_verifier` (token requests, §2.3): the application must
    /// still check it belongs to the temporary credentials.
    pub fn verifier(&self) -> Option<&str> {
        self.spans.verifier.map(|s| self.get(s))
    }

    /// The `realm` of the `Authorization` header, if any (never signed).
    pub fn realm(&self) -> Option<&str> {
        self.spans.realm.map(|s| self.get(s))
    }

    /// The non-`oauth_` parameters (query, then form body, then any the
    /// header carried), decoded as they are read, in the order received.
    /// Names may repeat.
    pub fn parameters(&self) -> Parameters<'_> {
        let s = &self.spans;
        Parameters::new(self.get(s.query), self.get(s.body), self.get(s.header))
    }

    /// The value of the first non-`oauth_` parameter named `name`, as
    /// text: borrowed unless it had escapes.
    ///
    /// # Errors
    /// [`Error::InvalidUtf8`] with [`Part::Value`](oauthsig_core::Part::Value) and the offset in the
    /// decoded value, when the value is not UTF-8 (use
    /// [`Verified::parameter_bytes`] for its octets).
    pub fn parameter(&self, name: &str) -> Result<Option<Cow<'_, str>>, Error> {
        self.parameters().named(name).map(|p| p.value()).transpose()
    }

    /// The value of the first non-`oauth_` parameter named `name`, as
    /// octets: borrowed unless it had escapes.
    pub fn parameter_bytes(&self, name: &str) -> Option<Cow<'_, [u8]>> {
        self.parameters().named(name).map(|p| p.value_bytes())
    }

    /// The non-`oauth_` parameters as owned text pairs.
    ///
    /// # Errors
    /// [`Error::InvalidUtf8`] for the first name ([`Part::Name`](oauthsig_core::Part::Name)) or value
    /// ([`Part::Value`](oauthsig_core::Part::Value)) that is not UTF-8.
    pub fn into_parameters(self) -> Result<Vec<(String, String)>, Error> {
        self.parameters()
            .map(|p| Ok((p.name()?.into_owned(), p.value()?.into_owned())))
            .collect()
    }
}

/// Appends `text` to `out`, less `omit` when that is a part of it (a
/// slice of the same text, not merely equal octets), and gives its span.
fn push_omitting(out: &mut String, text: &str, omit: &str) -> Span {
    let start = out.len();
    let at = (omit.as_ptr() as usize).checked_sub(text.as_ptr() as usize);
    let around = at
        .filter(|_| !omit.is_empty())
        .and_then(|at| Some((text.get(..at)?, text.get(at.checked_add(omit.len())?..)?)));
    match around {
        Some((before, after)) => {
            out.push_str(before);
            out.push_str(after);
        }
        None => out.push_str(text),
    }
    Span {
        start,
        end: out.len(),
    }
}

impl fmt::Debug for Verified {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verified")
            .field("consumer_key", &self.consumer_key())
            .field("token", &self.token())
            .field("method", &self.method)
            .field("timestamp", &self.timestamp)
            .field("parameters", &self.parameters().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verifier::{CredentialQuery, Credentials, IncomingRequest, LookupError, Verifier};

    fn lookup(_: &CredentialQuery<'_>) -> Result<Credentials<'static>, LookupError> {
        Ok(Credentials::secrets("cs-secret", "ts-secret"))
    }

    /// A PLAINTEXT signature is the secrets: the owned result, which may be
    /// kept long after the request, holds no copy of it, wherever the
    /// protocol parameters were.
    #[test]
    fn the_signature_is_not_kept() {
        let verifier = Verifier::builder()
            .allow(SignatureMethod::Plaintext)
            .nonce_store(crate::MemoryNonceStore::new())
            .build()
            .unwrap();
        let protocol = "oauth_consumer_key=k&oauth_signature_method=PLAINTEXT\
                        &oauth_signature=cs-secret%26ts-secret";
        let header = r#"OAuth oauth_consumer_key="k", oauth_signature_method="PLAINTEXT",
            oauth_signature="cs-secret%26ts-secret", extra="h""#;
        let url = format!("https://h/p?a=1&{protocol}&z=2");
        let in_query = IncomingRequest::new("GET", &url);
        let in_body = IncomingRequest::new("POST", "https://h/p?a=1")
            .content_type("application/x-www-form-urlencoded")
            .body(protocol.as_bytes());
        let in_header = IncomingRequest::new("GET", "https://h/p?a=1").authorization(header);
        for req in [in_query, in_body, in_header] {
            let ok = verifier.verify(&req, &lookup).unwrap();
            assert!(!ok.text.contains("secret"), "{req:?}");
            let names: Vec<_> = ok.parameters().map(|p| p.name().unwrap()).collect();
            assert!(names.starts_with(&["a".into()]), "{names:?}");
            assert!(!names.iter().any(|n| n.starts_with("oauth_")));
        }
    }

    #[test]
    fn omitting_needs_the_same_text_not_equal_octets() {
        let text = "a=1&s=xyz&b=2";
        let mut out = String::new();
        let span = push_omitting(&mut out, text, &text[6..9]);
        assert_eq!(&out[span.start..span.end], "a=1&s=&b=2");
        let span = push_omitting(&mut out, text, "xyz");
        assert_eq!(&out[span.start..span.end], text);
        let span = push_omitting(&mut out, text, "");
        assert_eq!(&out[span.start..span.end], text);
    }
}
