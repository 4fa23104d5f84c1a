//! Signing and parsing [`http::Request`]s (feature `http`).
//!
//! A client signs its outgoing request in place, with the protocol
//! parameters in the `Authorization` header (§3.5.1) or the query (§3.5.3);
//! a form-encoded body is read and signed (§3.4.1.3.1), any other body gets
//! `oauth_body_hash`. A server turns what it received into a [`Request`] to
//! verify.

use crate::request::is_form_content_type;
use crate::{Consumer, Error, Request, SignatureMethod, Token};
use ::http::header::{AUTHORIZATION, CONTENT_TYPE, HOST};
use ::http::{HeaderValue, Uri};

/// Where the signed protocol parameters go.
///
/// ```
/// let placement = oauthsig::http::Placement::Header { realm: Some("Photos".to_owned()) };
/// assert_ne!(placement, oauthsig::http::Placement::Query);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Placement {
    /// The `Authorization` header (§3.5.1), with an optional realm.
    Header {
        /// The `realm` to write first, if any.
        realm: Option<String>,
    },
    /// The URI's query, after the parameters already there (§3.5.3).
    Query,
}

fn header_text<'a>(value: &'a HeaderValue, part: &'static str) -> Result<&'a str, Error> {
    value.to_str().map_err(|_| Error::Http { part })
}

/// The unsigned client request for `request`: its method, URI and body, with
/// the protocol parameters of [`Request::from_consumer_and_token`]. Pin the
/// nonce and timestamp, sign, then [`apply`] it.
///
/// The URI must be absolute. A body with content type
/// `application/x-www-form-urlencoded` is parsed and signed; any other
/// non-empty body, or one with a content type, is hashed when signing.
///
/// ```
/// use oauthsig::{Consumer, SignatureMethod, http::{Placement, apply, prepare}};
/// let consumer = Consumer::new("dpf43f3p2l4k3l03", "kd94hf93k423kf44");
/// let mut request = ::http::Request::post("https://photos.example.net/initiate").body(Vec::new())?;
/// let signed = prepare(&request, &consumer, None)?
///     .callback("http://printer.example.com/ready")
///     .nonce("wIjqoS")
///     .timestamp("137131200")
///     .remove_param("oauth_version")
///     .sign(SignatureMethod::HmacSha1, &consumer, None)?;
/// apply(&signed, &mut request, &Placement::Header { realm: Some("Photos".to_owned()) })?;
/// let header = request.headers()["authorization"].to_str()?;
/// assert!(header.ends_with(r#"oauth_signature="74KNZJeDHnMBp0EMJ9ZHt%2FXKycU%3D""#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`Request::from_consumer_and_token`] and [`Request::form_body`];
/// [`Error::Http`] for a content type that is not text.
pub fn prepare<B: AsRef<[u8]>>(
    request: &::http::Request<B>,
    consumer: &Consumer,
    token: Option<&Token>,
) -> Result<Request, Error> {
    let url = request.uri().to_string();
    let headers = request.headers();
    unsigned(
        request.method().as_str(),
        &url,
        Sent {
            host: host(headers)?,
            content_type: content_type(headers)?,
        },
        request.body().as_ref(),
    )?
    .with_credentials(consumer, token)
}

/// The headers a client sends that change what is signed.
#[derive(Clone, Copy)]
pub(crate) struct Sent<'h> {
    /// A `Host` header set by the caller: the server builds the base string
    /// URI's authority from it (§3.4.1.2), so the client signs it too.
    pub(crate) host: Option<&'h str>,
    /// The `Content-Type`: whether the body is a form (§3.4.1.3.1).
    pub(crate) content_type: Option<&'h str>,
}

/// The text of the one header `name`, if any. A repeated one is refused: a
/// server reading the other would sign another request (and core's
/// verifier refuses it as ambiguous).
fn single<'h>(
    headers: &'h ::http::HeaderMap,
    name: ::http::header::HeaderName,
    part: &'static str,
) -> Result<Option<&'h str>, Error> {
    let mut values = headers.get_all(&name).iter();
    match (values.next(), values.next()) {
        (_, Some(_)) => Err(Error::Http { part }),
        (value, None) => value.map(|v| header_text(v, part)).transpose(),
    }
}

/// The `Content-Type` header's text, if any.
pub(crate) fn content_type(headers: &::http::HeaderMap) -> Result<Option<&str>, Error> {
    single(headers, CONTENT_TYPE, "content-type header")
}

/// The `Host` header's text, if the caller set one.
pub(crate) fn host(headers: &::http::HeaderMap) -> Result<Option<&str>, Error> {
    single(headers, HOST, "host header")
}

/// A client's request without protocol parameters: the one place an HTTP
/// body becomes what is signed, for every client adapter (`http`,
/// `reqwest`). A body whose content type is form-encoded is parsed and
/// signed by its parameters (§3.4.1.3.1); any other non-empty body, or one
/// with a content type, is opaque (its `oauth_body_hash` is the
/// [`BodyHashPolicy`](crate::BodyHashPolicy)'s choice); an empty body
/// without a content type is no body.
pub(crate) fn unsigned(
    method: &str,
    url: &str,
    sent: Sent<'_>,
    body: &[u8],
) -> Result<Request, Error> {
    let content_type = sent.content_type;
    let mut ours = Request::with_host(method, url, sent.host)?;
    match content_type {
        Some(ct) if is_form_content_type(ct) => {
            let text =
                std::str::from_utf8(body).map_err(|e| oauthsig_core::Error::InvalidUtf8 {
                    part: oauthsig_core::Part::Body,
                    offset: e.valid_up_to(),
                })?;
            ours = ours.form_body(text)?;
        }
        None if body.is_empty() => {}
        _ => ours.set_opaque_body(body.to_vec(), content_type),
    }
    Ok(ours)
}

/// The `Authorization` header value of a signed request (§3.5.1): shared
/// by every client adapter, so they all send the same bytes.
pub(crate) fn authorization(signed: &Request, realm: Option<&str>) -> Result<HeaderValue, Error> {
    HeaderValue::try_from(signed.to_header(realm)?).map_err(|_| Error::Http {
        part: "authorization header",
    })
}

/// Writes a signed request's protocol parameters into `request`: the
/// `Authorization` header, or the URI's query.
///
/// ```
/// use oauthsig::{Consumer, SignatureMethod, http::{Placement, apply, prepare}};
/// let consumer = Consumer::new("key", "secret");
/// let mut request = ::http::Request::get("https://api.example.com/items?page=2").body(Vec::new())?;
/// let signed = prepare(&request, &consumer, None)?.sign(SignatureMethod::HmacSha1, &consumer, None)?;
/// apply(&signed, &mut request, &Placement::Query)?;
/// assert!(request.uri().query().unwrap().starts_with("page=2&oauth_consumer_key=key&"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`Request::to_header`]; [`Error::Http`] if the `http` crate refuses
/// the header value or URI.
pub fn apply<B>(
    signed: &Request,
    request: &mut ::http::Request<B>,
    placement: &Placement,
) -> Result<(), Error> {
    match placement {
        Placement::Header { realm } => {
            let value = authorization(signed, realm.as_deref())?;
            request.headers_mut().insert(AUTHORIZATION, value);
        }
        Placement::Query => {
            let uri = Uri::try_from(signed.to_url()).map_err(|_| Error::Http { part: "uri" })?;
            *request.uri_mut() = uri;
        }
    }
    Ok(())
}

/// Signs `request` in place: [`prepare`], [`Request::sign`], [`apply`].
///
/// ```
/// use oauthsig::{Consumer, SignatureMethod, Token, http::{Placement, sign}};
/// let consumer = Consumer::new("key", "secret");
/// let token = Token::new("token", "token secret");
/// let mut request = ::http::Request::post("https://api.example.com/statuses")
///     .header("content-type", "application/x-www-form-urlencoded")
///     .body("status=hello")?;
/// sign(&mut request, SignatureMethod::HmacSha1, &consumer, Some(&token), &Placement::Header { realm: None })?;
/// assert!(request.headers()["authorization"].to_str()?.starts_with("OAuth oauth_consumer_key=\"key\""));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`prepare`], [`Request::sign`] and [`apply`].
pub fn sign<B: AsRef<[u8]>>(
    request: &mut ::http::Request<B>,
    method: SignatureMethod,
    consumer: &Consumer,
    token: Option<&Token>,
    placement: &Placement,
) -> Result<(), Error> {
    let signed = prepare(request, consumer, token)?.sign(method, consumer, token)?;
    apply(&signed, request, placement)
}

/// A received request, for a server to verify ([`Request::from_request`]
/// over an `http::Request`). An origin-form URI (`/path?query`, what servers
/// usually see) is completed with `scheme` (how the server was reached:
/// `"https"` behind TLS) and the `Host` header.
///
/// ```
/// use oauthsig::{Consumer, Token};
/// let request = ::http::Request::get("/photos?file=vacation.jpg&size=original")
///     .header("Host", "photos.example.net")
///     .header("Authorization", r#"OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03", oauth_token="nnch734d00sl2jdk", oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131202", oauth_nonce="chapoH", oauth_signature="MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D""#)
///     .body(Vec::new())?;
/// let received = oauthsig::http::parse(&request, "http")?;
/// assert_eq!(received.normalized_url(), "http://photos.example.net/photos");
/// let consumer = Consumer::new("dpf43f3p2l4k3l03", "kd94hf93k423kf44");
/// let token = Token::new("nnch734d00sl2jdk", "pfkkdhi9sl3r4s00");
/// assert!(received.check_signature(&consumer, Some(&token))?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`Request::from_request`]; [`Error::Http`] when the `Authorization`,
/// `Content-Type` or `Host` header is not text.
pub fn parse<B: AsRef<[u8]>>(request: &::http::Request<B>, scheme: &str) -> Result<Request, Error> {
    let mut headers = Vec::new();
    for (name, value) in request.headers() {
        let part = match *name {
            AUTHORIZATION => "authorization header",
            CONTENT_TYPE => "content-type header",
            HOST => "host header",
            _ => continue,
        };
        headers.push((name.as_str(), header_text(value, part)?));
    }
    let uri = request.uri();
    let url = match uri.scheme_str() {
        Some(_) => uri.to_string(),
        None => {
            let host = headers
                .iter()
                .find(|(n, _)| *n == HOST.as_str())
                .map_or("", |(_, v)| *v);
            let path = uri.path_and_query().map_or("/", |p| p.as_str());
            format!("{scheme}://{host}{path}")
        }
    };
    Request::from_request(
        request.method().as_str(),
        &url,
        headers,
        request.body().as_ref(),
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn consumer() -> Consumer {
        Consumer::new("dpf43f3p2l4k3l03", "kd94hf93k423kf44")
    }

    #[test]
    fn form_bodies_are_signed_and_not_hashed() {
        let c = consumer();
        let req = ::http::Request::post("http://example.com/request")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body("c2&a3=2+q")
            .unwrap();
        let signed = prepare(&req, &c, None).unwrap();
        assert_eq!(signed.get("a3").unwrap().as_deref(), Some("2 q"));
        let signed = signed.sign(SignatureMethod::HmacSha1, &c, None).unwrap();
        assert_eq!(signed.get("oauth_body_hash").unwrap(), None);
        assert!(
            signed
                .signature_base_string()
                .unwrap()
                .contains("a3%3D2%2520q")
        );
    }

    #[test]
    fn other_bodies_are_hashed() {
        let c = consumer();
        let mut req = ::http::Request::put("http://www.example.com/resource")
            .header("Content-Type", "text/plain")
            .body(b"Hello World!".to_vec())
            .unwrap();
        sign(
            &mut req,
            SignatureMethod::HmacSha1,
            &c,
            None,
            &Placement::Header { realm: None },
        )
        .unwrap();
        let received = parse(&req, "http").unwrap();
        assert_eq!(
            received.get("oauth_body_hash").unwrap().as_deref(),
            Some("Lve95gjOVATpfV8EL5X4nxwjKHE=")
        );
        assert!(received.check_signature(&c, None).unwrap());
        let get = ::http::Request::get("http://example.com/")
            .body(Vec::new())
            .unwrap();
        let signed = prepare(&get, &c, None)
            .unwrap()
            .sign(SignatureMethod::HmacSha1, &c, None)
            .unwrap();
        assert_eq!(
            signed.get("oauth_body_hash").unwrap(),
            None,
            "no body, no hash"
        );
    }

    #[test]
    fn query_placement_keeps_the_existing_query_and_verifies() {
        let c = consumer();
        let mut req = ::http::Request::get("http://example.com/search?q=a+b&q=c")
            .body(Vec::new())
            .unwrap();
        sign(
            &mut req,
            SignatureMethod::HmacSha256,
            &c,
            None,
            &Placement::Query,
        )
        .unwrap();
        let query = req.uri().query().unwrap();
        assert!(query.starts_with("q=a+b&q=c&oauth_consumer_key="));
        assert_eq!(query.matches("q=").count(), 2);
        assert!(req.headers().get(AUTHORIZATION).is_none());
        let received = parse(&req, "http").unwrap();
        assert!(received.check_signature(&c, None).unwrap());
    }

    #[test]
    fn origin_form_needs_a_host() {
        let req = ::http::Request::get("/x").body(Vec::new()).unwrap();
        assert!(matches!(
            parse(&req, "https"),
            Err(Error::Core(oauthsig_core::Error::BadUrl { .. }))
        ));
    }

    #[test]
    fn binary_authorization_header_is_refused() {
        let req = ::http::Request::get("http://example.com/")
            .header(
                "Authorization",
                HeaderValue::from_bytes(b"OAuth a=\"\xff\"").unwrap(),
            )
            .body(Vec::new())
            .unwrap();
        assert_eq!(
            parse(&req, "http").err(),
            Some(Error::Http {
                part: "authorization header"
            })
        );
    }
}
