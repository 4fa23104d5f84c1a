//! Collecting a received request's parameters, [RFC 5849 §3.4.1.3.1](https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1.3.1):
//! the URL query, a form-encoded body, and the `Authorization` header less
//! its `realm` — the one place header parameters are collected.

use super::incoming::Incoming;
use crate::base_string::{BaseString, BaseStringUri};
use crate::error::{Error, HeaderProblem, Part};
use crate::header::{collect_authorization, parse_authorization};
use crate::params::{Param, Params, Source, pairs, query_of};
use crate::protocol::ProtocolParam;
use crate::text::{Spelling, Text};

/// How many parameters (query, body and header together) [`receive`]
/// holds; more is [`Error::TooManyParameters`] with the number needed, and
/// [`receive_in`] takes storage of that size.
pub const CAPACITY: usize = 32;

/// A received request, parsed: its parameters collected and each protocol
/// parameter classified. The checks of [`crate::verify`] are its methods.
#[derive(Clone)]
pub struct Received<'a, S = [Param<'a>; CAPACITY]> {
    pub(super) incoming: Incoming<'a>,
    pub(super) uri: BaseStringUri<'a>,
    /// Query, body and header parameters as received (`realm` apart);
    /// sorted, without the signature, once a base string was asked for.
    pub(super) params: Params<'a, S>,
    pub(super) realm: Option<Text<'a>>,
    pub(super) found: Found<'a>,
    pub(super) sorted: bool,
}

impl<'a, S: AsRef<[Param<'a>]>> core::fmt::Debug for Received<'a, S> {
    /// Shows no parameter value: a PLAINTEXT signature is the secrets.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Received")
            .field("incoming", &self.incoming)
            .field("parameters", &self.params.len())
            .finish_non_exhaustive()
    }
}

/// Where each protocol parameter is, and the first repetition or second
/// location seen (reported by their checks, in check order).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Found<'a> {
    pub(super) known: [Option<Text<'a>>; 10],
    pub(super) signature_at: Option<usize>,
    pub(super) duplicate: Option<ProtocolParam>,
    pub(super) first_source: Option<Source>,
    pub(super) mixed: Option<(Source, Source)>,
}

/// Parses `incoming` over default storage.
///
/// # Errors
/// As [`receive_in`].
pub fn receive<'a>(incoming: &Incoming<'a>) -> Result<Received<'a>, Error> {
    receive_in([Param::EMPTY; CAPACITY], incoming)
}

/// Parses `incoming` over caller storage for its parameters.
///
/// An `Authorization` header with another scheme than `OAuth` carries no
/// parameters. A repeated `realm`, or a repeated header parameter that is
/// not `oauth_*`, is malformed; a repeated `oauth_*` one is kept, for
/// [`Received::check_once`] to report.
///
/// # Errors
/// [`Error::BadUrl`], [`Error::UnsupportedScheme`], [`Error::BadMethod`],
/// [`Error::BadEscape`], [`Error::BadHeader`], [`Error::DuplicateHeaderParameter`],
/// [`Error::InvalidUtf8`] for a form body that is not text, and
/// [`Error::TooManyParameters`] with the exact number of slots needed.
pub fn receive_in<'a, S>(slots: S, incoming: &Incoming<'a>) -> Result<Received<'a, S>, Error>
where
    S: AsRef<[Param<'a>]> + AsMut<[Param<'a>]>,
{
    let uri = BaseStringUri::parse_with_host(incoming.url(), incoming.host_header())?;
    // §3.4.1.2: the one URL rule, as the signing engine applies it.
    if !uri.is_http_or_https() {
        return Err(Error::UnsupportedScheme);
    }
    BaseString::new(incoming.method(), &uri, &[])?;
    let body = form_text(incoming)?;
    let header = oauth_header(incoming.authorization_header())?;
    let query = query_of(incoming.url());
    let mut params = Params::new(slots);
    let realm = match fill(&mut params, query, body, header) {
        Err(Error::TooManyParameters { .. }) => {
            return Err(Error::TooManyParameters {
                needed: count(query, body, header),
            });
        }
        other => other?,
    };
    let found = classify(params.as_slice());
    Ok(Received {
        incoming: *incoming,
        uri,
        params,
        realm,
        found,
        sorted: false,
    })
}

/// The form body as text, or `""` when the body is not form-encoded.
fn form_text<'a>(incoming: &Incoming<'a>) -> Result<&'a str, Error> {
    if !incoming.is_form_encoded() {
        return Ok("");
    }
    core::str::from_utf8(incoming.body_bytes()).map_err(|e| Error::InvalidUtf8 {
        part: Part::Body,
        offset: e.valid_up_to(),
    })
}

/// The header value when its scheme is `OAuth`.
fn oauth_header(value: Option<&str>) -> Result<Option<&str>, Error> {
    let Some(value) = value else { return Ok(None) };
    match parse_authorization(value) {
        Ok(_) => Ok(Some(value)),
        Err(Error::BadHeader {
            reason: HeaderProblem::NotOAuth,
            ..
        }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Collects query, body and header parameters; returns the realm.
fn fill<'a, S>(
    params: &mut Params<'a, S>,
    query: &'a str,
    body: &'a str,
    header: Option<&'a str>,
) -> Result<Option<Text<'a>>, Error>
where
    S: AsRef<[Param<'a>]> + AsMut<[Param<'a>]>,
{
    params.extend_form(query, Source::Query)?;
    params.extend_form(body, Source::Body)?;
    match header {
        Some(h) => collect_authorization(h, params),
        None => Ok(None),
    }
}

/// The exact parameter count (malformed items included: they fail when
/// collected into storage that is large enough).
fn count(query: &str, body: &str, header: Option<&str>) -> usize {
    let header_params = header
        .and_then(|h| parse_authorization(h).ok())
        .map_or(0, |items| {
            items
                .filter(|r| {
                    r.as_ref()
                        .map_or(true, |p| p.value.spelling() != Spelling::Quoted)
                })
                .count()
        });
    pairs(query, Part::Query).count() + pairs(body, Part::Body).count() + header_params
}

/// Finds each protocol parameter in one pass.
fn classify<'a>(params: &[Param<'a>]) -> Found<'a> {
    let mut found = Found::default();
    for (i, p) in params.iter().enumerate() {
        let Some(kind) = ProtocolParam::classify(&p.name) else {
            continue;
        };
        match found.first_source {
            None => found.first_source = Some(p.source),
            Some(first) if first != p.source && found.mixed.is_none() => {
                found.mixed = Some((first, p.source));
            }
            Some(_) => {}
        }
        let repeated = match kind.index().and_then(|k| found.known.get_mut(k)) {
            Some(slot) => {
                let seen = slot.is_some();
                if !seen {
                    *slot = Some(p.value);
                    if kind == ProtocolParam::Signature {
                        found.signature_at = Some(i);
                    }
                }
                seen
            }
            None => params.iter().take(i).any(|q| q.name == p.name),
        };
        if repeated && found.duplicate.is_none() {
            found.duplicate = Some(kind);
        }
    }
    found
}

impl<'a, S: AsRef<[Param<'a>]> + AsMut<[Param<'a>]>> Received<'a, S> {
    /// The signature base string (§3.4.1.1) of the request as received:
    /// what its signature must have been computed over. For server-side
    /// logs only: in a response it tells an attacker what to sign.
    ///
    /// ```
    /// use oauthsig_core::verify::{receive, Incoming};
    /// let mut r = receive(&Incoming::new("GET", "http://example.com/?n=v")
    ///     .authorization(r#"OAuth realm="x", oauth_signature="s""#))?;
    /// assert_eq!(r.base_string().to_string(), "GET&http%3A%2F%2Fexample.com%2F&n%3Dv");
    /// # Ok::<(), oauthsig_core::Error>(())
    /// ```
    pub fn base_string(&mut self) -> BaseString<'_, 'a> {
        if !self.sorted {
            // The signature is not signed: out before the sort.
            if let Some(i) = self.found.signature_at {
                self.params.swap_remove(i);
            }
            self.params.sort();
            self.sorted = true;
        }
        BaseString::merged(
            self.incoming.method(),
            &self.uri,
            self.params.as_slice(),
            None,
        )
    }
}

impl<'a, S: AsRef<[Param<'a>]>> Received<'a, S> {
    /// The first value of a named protocol parameter.
    pub fn get(&self, param: ProtocolParam) -> Option<Text<'a>> {
        param.index().and_then(|i| self.found.known[i])
    }

    /// The header `realm` (never signed).
    pub fn realm(&self) -> Option<Text<'a>> {
        self.realm
    }

    /// The parameters: as received (query, body, header) until a base
    /// string was asked for; then sorted, without `oauth_signature`.
    pub fn parameters(&self) -> &[Param<'a>] {
        self.params.as_slice()
    }

    /// What was received.
    pub fn incoming(&self) -> &Incoming<'a> {
        &self.incoming
    }

    /// The base string URI.
    pub fn uri(&self) -> &BaseStringUri<'a> {
        &self.uri
    }

    /// Whether the body's parameters were collected (it is form-encoded).
    pub fn is_form_encoded(&self) -> bool {
        self.incoming.is_form_encoded()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_repeats_oauth_names_for_the_check_and_refuses_others() {
        let r = receive(
            &Incoming::new("GET", "http://h/")
                .authorization(r#"OAuth oauth_nonce="a", oauth_nonce="b""#),
        )
        .unwrap();
        assert_eq!(r.found.duplicate, Some(ProtocolParam::Nonce));
        let e = receive(&Incoming::new("GET", "http://h/").authorization(r#"OAuth a="1", a="2""#));
        assert!(matches!(e, Err(Error::DuplicateHeaderParameter { .. })));
        let e = receive(
            &Incoming::new("GET", "http://h/").authorization(r#"OAuth realm="1", realm="2""#),
        );
        assert!(matches!(e, Err(Error::DuplicateHeaderParameter { .. })));
    }

    #[test]
    fn other_schemes_carry_no_parameters() {
        let r = receive(&Incoming::new("GET", "http://h/?a=1").authorization("Basic abc")).unwrap();
        assert_eq!(r.parameters().len(), 1);
    }

    #[test]
    fn too_many_parameters_counts_every_location() {
        let incoming = Incoming::new("POST", "http://h/?a&b")
            .content_type("application/x-www-form-urlencoded")
            .body(b"c&d")
            .authorization(r#"OAuth realm="r", oauth_nonce="n""#);
        let e = receive_in([Param::EMPTY; 2], &incoming).err();
        assert_eq!(e, Some(Error::TooManyParameters { needed: 5 }));
        assert!(receive_in([Param::EMPTY; 5], &incoming).is_ok());
    }

    #[test]
    fn locations_and_repeats_are_found() {
        let r = receive(
            &Incoming::new("GET", "http://h/?oauth_x=1&oauth_x=2")
                .authorization(r#"OAuth oauth_token="t""#),
        )
        .unwrap();
        assert_eq!(r.found.duplicate, Some(ProtocolParam::Other));
        assert_eq!(r.found.mixed, Some((Source::Query, Source::Header)));
    }
}
