//! A request as a server received it ([RFC 5849 §3.4.1.3.1](https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1.3.1)):
//! parameters from the `Authorization` header, the URL query and a
//! form-encoded body, each tagged with its source, and the raw pieces a
//! verifier needs (header text, content type, body octets, `Host`).
//!
//! python-oauth2's `from_request` merged the sources into one dict (a later
//! one silently overriding an earlier), counted URL query parameters twice,
//! and dropped any header parameter whose text contained `realm`; here each
//! parameter is kept once, with its source, and `realm` is matched by name.

use super::{Body, Request};
use crate::{Error, url};
use oauthsig_core::params::query_of;
use oauthsig_core::verify::{self, Headers, Incoming};
use oauthsig_core::{Param, Part, Source};

impl Request {
    /// Parses a received request (python-oauth2's `from_request`): what a
    /// server starts from to verify it.
    ///
    /// - `url` is the absolute URL as requested; when the `Host` header is
    ///   given it supplies the authority of the base string URI (§3.4.1.2).
    /// - `headers` are name/value pairs, names matched without case;
    ///   `Authorization` (scheme `OAuth`; other schemes are ignored),
    ///   `Content-Type` and `Host` are read and each may appear once.
    /// - `body` contributes parameters only when the content type is
    ///   `application/x-www-form-urlencoded`; otherwise it is kept as octets
    ///   (for `oauth_body_hash`).
    /// - `query` is the query string when the framework split it from the
    ///   URL (WSGI's `QUERY_STRING`); it must agree with any query in `url`.
    ///
    /// Parameters are collected by the verification engine, as a verifier
    /// collects them ([`oauthsig_core::verify::receive`]). Every parameter
    /// keeps its source, duplicates included (a repeated `oauth_*` header
    /// parameter too): rejecting duplicated or misplaced protocol
    /// parameters is the verifier's job. Values are octets: a Latin-1 value
    /// is kept. A request with no OAuth parameters gives a request without
    /// parameters (python-oauth2 returned `None`).
    ///
    /// ```
    /// use oauthsig::{Consumer, Request, Source};
    /// let request = Request::from_request(
    ///     "GET",
    ///     "http://photos.example.net/photos?file=vacation.jpg&size=original",
    ///     [("authorization", r#"OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03", oauth_token="nnch734d00sl2jdk", oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131202", oauth_nonce="chapoH", oauth_signature="MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D""#)],
    ///     b"",
    ///     None,
    /// )?;
    /// assert_eq!(request.realm(), Some("Photos"));
    /// assert_eq!(request.parameters().next().map(|p| p.source()), Some(Source::Query));
    /// let consumer = Consumer::new("dpf43f3p2l4k3l03", "kd94hf93k423kf44");
    /// let token = oauthsig::Token::new("nnch734d00sl2jdk", "pfkkdhi9sl3r4s00");
    /// assert!(request.check_signature(&consumer, Some(&token))?);
    /// # Ok::<(), oauthsig::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Core`] for a malformed URL, header (with the byte offset and
    /// what is wrong), escape or UTF-8; [`Error::DuplicateHeader`];
    /// [`Error::ConflictingQuery`]; [`Error::UnsupportedScheme`].
    pub fn from_request<H, K, V>(
        method: &str,
        url: &str,
        headers: H,
        body: &[u8],
        query: Option<&str>,
    ) -> Result<Self, Error>
    where
        H: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let mut found = Headers::<String>::default();
        for (name, value) in headers {
            found
                .insert(name.as_ref(), value.as_ref())
                .map_err(|r| Error::DuplicateHeader { name: r.name })?;
        }
        let headers = found;
        let mut url = url.to_owned();
        match query.filter(|q| !q.is_empty()) {
            None => {}
            Some(q) if query_of(&url).is_empty() => url::extend_query(&mut url, |u| u.push_str(q)),
            Some(q) if query_of(&url) == q => {}
            Some(_) => return Err(Error::ConflictingQuery),
        }
        let mut request = Request::with_host(method, &url, headers.host.as_deref())?;
        let incoming = headers.incoming(method, &url, body);
        request.take_received(&incoming)?;
        if incoming.is_form_encoded() {
            // The engine checked the form body is text.
            let text = std::str::from_utf8(body).unwrap_or("");
            request.body = Body::Form(request.store.push_text(text));
        } else if !body.is_empty() || headers.content_type.is_some() {
            request.body = Body::Opaque(body.to_vec());
        }
        request.content_type = headers.content_type;
        request.authorization = headers.authorization;
        Ok(request)
    }

    /// Collects what was received through the verification engine (the one
    /// place header parameters are collected) and keeps the header's
    /// parameters, as wire text, and its realm.
    fn take_received(&mut self, incoming: &Incoming<'_>) -> Result<(), Error> {
        let mut slots = vec![Param::EMPTY; 32];
        let received = match verify::receive_in(&mut slots[..], incoming) {
            Err(oauthsig_core::Error::TooManyParameters { needed }) => {
                slots = vec![Param::EMPTY; needed];
                verify::receive_in(&mut slots[..], incoming)?
            }
            other => other?,
        };
        for p in received
            .parameters()
            .iter()
            .filter(|p| p.source == Source::Header)
        {
            self.store
                .push_received(p.name.as_wire(), p.value.as_wire());
        }
        self.realm = received
            .realm()
            .map(|r| r.to_str(Part::Realm).map(|r| r.into_owned()))
            .transpose()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(headers: &[(&str, &str)], body: &[u8]) -> Result<Request, Error> {
        Request::from_request(
            "POST",
            "http://example.com/r?q=1",
            headers.iter().copied(),
            body,
            None,
        )
    }

    #[test]
    fn sources_are_kept_apart() {
        let r = parse(
            &[
                (
                    "Content-Type",
                    "Application/X-WWW-Form-Urlencoded; charset=utf-8",
                ),
                ("AUTHORIZATION", r#"OAuth realm="r", oauth_nonce="n""#),
            ],
            b"b=2",
        )
        .unwrap();
        let got: Vec<(String, Source)> = r
            .parameters()
            .map(|p| (p.name().unwrap().into_owned(), p.source()))
            .collect();
        assert_eq!(
            got,
            [
                ("q".to_owned(), Source::Query),
                ("b".to_owned(), Source::Body),
                ("oauth_nonce".to_owned(), Source::Header)
            ]
        );
        assert_eq!(r.realm(), Some("r"));
    }

    #[test]
    fn non_form_bodies_are_not_parameters() {
        let r = parse(&[("content-type", "application/json")], b"a=1").unwrap();
        assert_eq!(r.parameters().count(), 1);
        assert_eq!(r.body_bytes(), b"a=1");
        assert!(!r.is_form_encoded());
        let r = parse(&[], b"a=1").unwrap();
        assert_eq!(r.parameters().count(), 1, "no content type: not a form");
    }

    #[test]
    fn form_content_type_allows_only_space_and_tab_around_it() {
        // fuzz/regressions/verifier/content-type-form-feed: with a form feed
        // after the media type, from_request read the body's parameters and
        // the Verifier did not, so the two saw different signed requests.
        for ct in [
            " application/x-www-form-urlencoded\x0c",
            "application/x-www-form-urlencoded\n",
            "\u{a0}application/x-www-form-urlencoded",
        ] {
            let r = parse(&[("Content-Type", ct)], b"b=2").unwrap();
            assert!(!r.is_form_encoded(), "{ct:?}");
            assert_eq!(r.parameters().count(), 1, "{ct:?}: only the query");
            let incoming =
                crate::IncomingRequest::new("POST", "http://example.com/").content_type(ct);
            assert!(!incoming.is_form_encoded(), "{ct:?}");
        }
        let ct = " \tapplication/x-www-form-urlencoded\t ; charset=utf-8";
        let r = parse(&[("Content-Type", ct)], b"b=2").unwrap();
        assert_eq!(r.parameters().count(), 2, "optional whitespace is skipped");
        assert!(
            crate::IncomingRequest::new("POST", "http://example.com/")
                .content_type(ct)
                .is_form_encoded()
        );
    }

    #[test]
    fn other_schemes_are_ignored_and_bad_oauth_headers_rejected() {
        let r = parse(&[("Authorization", "Basic dXNlcjpwYXNz")], b"").unwrap();
        assert_eq!(r.parameters().count(), 1);
        assert_eq!(r.authorization(), Some("Basic dXNlcjpwYXNz"));
        assert!(matches!(
            parse(&[("Authorization", "OAuth this is a bad header")], b""),
            Err(Error::Core(oauthsig_core::Error::BadHeader { .. }))
        ));
    }

    #[test]
    fn repeated_headers_are_refused() {
        assert_eq!(
            parse(&[("Host", "a"), ("host", "b")], b"").err(),
            Some(Error::DuplicateHeader { name: "host" })
        );
    }

    #[test]
    fn query_argument_is_not_counted_twice() {
        let r = Request::from_request("GET", "http://h/p", [("x", "y")], b"", Some("a=1")).unwrap();
        assert_eq!(r.url(), "http://h/p?a=1");
        let r =
            Request::from_request("GET", "http://h/p?a=1", [("x", "y")], b"", Some("a=1")).unwrap();
        assert_eq!(r.parameters().count(), 1);
        assert_eq!(
            Request::from_request("GET", "http://h/p?a=1", [("x", "y")], b"", Some("a=2")).err(),
            Some(Error::ConflictingQuery)
        );
    }

    #[test]
    fn invalid_utf8_form_body_names_the_body() {
        assert_eq!(
            parse(
                &[("Content-Type", "application/x-www-form-urlencoded")],
                b"a=\xff"
            )
            .err(),
            Some(Error::Core(oauthsig_core::Error::InvalidUtf8 {
                part: Part::Body,
                offset: 2
            }))
        );
    }
}
