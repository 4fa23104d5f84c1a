//! Attacker-sized inputs: a 10 MB `Authorization` header, 100k form
//! parameters, megabytes of escapes and separators. Each is either rejected
//! with a named error or processed correctly; these tests check *what*
//! happens. How long it takes (linear, never quadratic) is measured by
//! `cargo bench -p oauthsig-core --bench hostile`, not by timed tests.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauthsig_core::Render as _;
use oauthsig_core::header::{MAX_HEADER_PARAMS, collect_authorization, parse_authorization};
use oauthsig_core::verify::{self, Incoming};
use oauthsig_core::{
    BaseString, BaseStringUri, Body, Error, HeaderProblem, HttpRequest, Param, Params, Part,
    Protocol, ProtocolParam, SignatureMethod, SigningKey, Source, Text, body::FORM_CONTENT_TYPE,
    sign,
};

const MB: usize = 1 << 20;

/// Caller storage the size an over-generous server might give: 100k slots.
fn big_storage() -> Vec<Param<'static>> {
    vec![Param::EMPTY; 100_000]
}

fn header_problem(r: Result<impl Sized, Error>) -> Option<HeaderProblem> {
    match r {
        Err(Error::BadHeader { reason, .. }) => Some(reason),
        _ => None,
    }
}

#[test]
#[cfg_attr(miri, ignore = "10 MB inputs: run natively")]
fn ten_mb_header_of_parameters_stops_at_the_limit() {
    let mut h = String::from("OAuth ");
    let mut i = 0;
    while h.len() < 10 * MB {
        h.push_str(&format!("p{i}=\"v\", "));
        i += 1;
    }
    h.push_str("last=\"v\"");
    let mut storage = big_storage();
    let mut params = Params::new(&mut storage[..]);
    let err = collect_authorization(&h, &mut params).unwrap_err();
    let at = h.find(&format!("p{MAX_HEADER_PARAMS}=")).unwrap();
    let too_many = Error::BadHeader {
        reason: HeaderProblem::TooManyParameters,
        offset: at,
    };
    assert_eq!(err, too_many);
    assert_eq!(params.len(), MAX_HEADER_PARAMS);
    // A server given as much storage refuses the request at the same place.
    let incoming = Incoming::new("GET", "http://h/").authorization(&h);
    let received = verify::receive_in(big_storage(), &incoming);
    assert_eq!(received.err(), Some(too_many));
    // The lazy iterator stops at the same place.
    assert_eq!(
        parse_authorization(&h).unwrap().count(),
        MAX_HEADER_PARAMS + 1
    );
}

#[test]
#[cfg_attr(miri, ignore = "10 MB inputs: run natively")]
fn ten_mb_header_values_are_parsed() {
    // One realm of 5M escaped backslashes (`\\` pairs): a quoted-string.
    let mut h = String::from("OAuth realm=\"");
    h.push_str(&"\\\\".repeat(5 * MB));
    h.push_str("\", oauth_token=\"");
    // Then 1M `%25` escapes in a percent-encoded value.
    h.push_str(&"%25".repeat(MB));
    h.push('"');
    let received = verify::receive(&Incoming::new("GET", "http://h/").authorization(&h)).unwrap();
    let realm = received.realm().unwrap();
    assert_eq!(realm.decoded_len(), 5 * MB);
    assert!(realm.decoded().all(|b| b == b'\\'));
    let token = received.get(ProtocolParam::Token).unwrap();
    assert_eq!(token.decoded_len(), MB);
    assert!(token.eq_decoded("%".repeat(MB).as_bytes()));
}

#[test]
#[cfg_attr(miri, ignore = "10 MB inputs: run natively")]
fn ten_mb_header_malformations_are_named() {
    // Received by a server: the whole request is refused with the problem
    // named, and the storage is never the limit.
    let receive = |header: &str| {
        let incoming = Incoming::new("GET", "http://h/").authorization(header);
        verify::receive_in(big_storage(), &incoming).map(|r| r.parameters().len())
    };
    let ws = format!("OAuth{}a=\"b\"{}", " ".repeat(5 * MB), "\t".repeat(5 * MB));
    assert_eq!(receive(&ws), Ok(1));

    let commas = format!("OAuth a=\"b\"{}", ",".repeat(10 * MB));
    assert_eq!(
        header_problem(receive(&commas)),
        Some(HeaderProblem::StrayComma)
    );
    let open = format!("OAuth a=\"{}", "\\\"".repeat(5 * MB));
    assert_eq!(
        header_problem(receive(&open)),
        Some(HeaderProblem::UnterminatedQuote)
    );
    let name = format!("OAuth {}", "a".repeat(10 * MB));
    assert_eq!(
        header_problem(receive(&name)),
        Some(HeaderProblem::MissingEquals)
    );
    let equals = format!("OAuth a{}", "=".repeat(10 * MB));
    assert_eq!(
        header_problem(receive(&equals)),
        Some(HeaderProblem::MissingQuote)
    );
}

#[test]
#[cfg_attr(miri, ignore = "100k parameters: run natively")]
fn hundred_thousand_form_parameters() {
    let n = 100_000;
    let body: String = (0..n).map(|i| format!("p{}=v{}&", n - i, i % 7)).collect();
    let mut params = Params::new(vec![Param::EMPTY; n]);
    params.extend_form(&body, Source::Body).unwrap();
    assert_eq!(params.len(), n);
    params.sort();
    let names: Vec<String> = params.as_slice()[..3]
        .iter()
        .map(|p| p.name.as_wire().to_owned())
        .collect();
    assert_eq!(names, ["p1", "p10", "p100"]);
    let uri = BaseStringUri::parse("http://example.com/").unwrap();
    let base = BaseString::new("POST", &uri, params.as_slice()).unwrap();
    // `&` and `=` cost 3 bytes each in the twice-encoded parameter part.
    let pairs: usize = body
        .split('&')
        .filter(|s| !s.is_empty())
        .map(str::len)
        .sum();
    let expected = "POST&http%3A%2F%2Fexample.com%2F&".len() + pairs + 2 * n + 3 * (n - 1);
    assert_eq!(base.len(), expected);

    // One slot short: the error states the whole need.
    let mut short = Params::new(vec![Param::EMPTY; n - 1]);
    assert_eq!(
        short.extend_form(&body, Source::Body),
        Err(Error::TooManyParameters { needed: n })
    );
}

#[test]
#[cfg_attr(miri, ignore = "100k parameters: run natively")]
fn hundred_thousand_form_parameters_signed_and_verified() {
    let n = 100_000;
    let body: String = (0..n).map(|i| format!("p{}=v{}&", n - i, i % 7)).collect();
    let url = "http://example.com/";
    let request = HttpRequest::new("POST", url).body(Body::Form(&body));
    let protocol = Protocol::new("ck").timestamp("1").nonce("n");
    let key = SigningKey::new(SignatureMethod::HmacSha1, "cs", "ts").unwrap();

    // The engine over caller storage: one slot short states the whole need.
    assert_eq!(
        sign::prepare_in(vec![Param::EMPTY; n - 1], &request, &protocol).err(),
        Some(Error::TooManyParameters { needed: n })
    );
    let signed = sign::prepare_in(vec![Param::EMPTY; n], &request, &protocol)
        .unwrap()
        .sign(&key)
        .unwrap();
    // The body's part of the base string, then the protocol parameters
    // (`oauth_…` sorts before `p…`), each `name%3Dvalue%26`.
    let pairs: usize = body.split('&').map(str::len).sum();
    let protocol_part: usize = protocol
        .params(SignatureMethod::HmacSha1, None)
        .map(|p| p.name.as_wire().len() + p.value.as_wire().len() + 6)
        .sum();
    let expected = "POST&http%3A%2F%2Fexample.com%2F&".len() + pairs + 2 * n + 3 * (n - 1);
    assert_eq!(signed.base_string().len(), expected + protocol_part);

    // A server receives it with the signature in the header.
    let header = signed
        .output(oauthsig_core::Placement::Header { realm: None })
        .unwrap()
        .to_string();
    let incoming = Incoming::new("POST", url)
        .authorization(&header)
        .content_type(FORM_CONTENT_TYPE)
        .body(body.as_bytes());
    let header_params = 5;
    assert_eq!(
        verify::receive_in(vec![Param::EMPTY; n], &incoming).err(),
        Some(Error::TooManyParameters {
            needed: n + header_params
        })
    );
    let mut received =
        verify::receive_in(vec![Param::EMPTY; n + header_params], &incoming).unwrap();
    assert_eq!(received.check_once(), Ok(()));
    assert_eq!(received.check_signature(&key), Ok(()));
}

#[test]
#[cfg_attr(miri, ignore = "megabyte inputs: run natively")]
fn megabytes_of_escapes_and_separators() {
    // 1 MB of `%25`: decodes to `%`s, encodes back to `%25`s (and twice
    // encoded in the base string to `%2525`s).
    let value = "%25".repeat(MB / 3);
    let query = format!("http://h/?v={value}");
    let mut params = oauthsig_core::ParamArray::<2>::array();
    params.extend_query(&query).unwrap();
    let v = params.as_slice()[0].value;
    assert_eq!(v.decoded_len(), MB / 3);
    assert_eq!(v.encoded().to_string(), value);
    let uri = BaseStringUri::parse(&query).unwrap();
    let base = BaseString::new("GET", &uri, params.as_slice()).unwrap();
    assert_eq!(
        base.len(),
        "GET&http%3A%2F%2Fh%2F&v%3D".len() + 5 * (MB / 3)
    );

    // A bad escape at the very end is found, with its offset.
    let bad = format!("{value}%2");
    assert_eq!(
        Text::form(&bad, Part::Body).err(),
        Some(Error::BadEscape {
            part: Part::Body,
            offset: value.len()
        })
    );

    // Separators only: no parameters, or parameters with empty names.
    let (amps, equals, pairs) = ("&".repeat(MB), "=".repeat(MB), "=&".repeat(MB / 2));
    let mut none = Params::new(vec![Param::EMPTY; 0]);
    none.extend_form(&amps, Source::Body).unwrap();
    assert!(none.is_empty());
    let mut one = oauthsig_core::ParamArray::<1>::array();
    one.extend_form(&equals, Source::Body).unwrap();
    assert_eq!(one.as_slice()[0].value.as_wire().len(), MB - 1);
    let mut empties = Params::new(vec![Param::EMPTY; MB / 2]);
    empties.extend_form(&pairs, Source::Body).unwrap();
    assert_eq!(empties.len(), MB / 2);
    assert!(
        empties
            .as_slice()
            .iter()
            .all(|p| p.name.as_wire().is_empty())
    );

    // Huge URLs: a 1 MB path is kept (escaped where needed); 1 MB of
    // userinfo is dropped; 1 MB of colons is a bad port.
    let path = format!("http://h/{}", "a b/".repeat(MB / 4));
    let uri = BaseStringUri::parse(&path).unwrap();
    assert_eq!(uri.to_string().len(), "http://h/".len() + 6 * (MB / 4));
    let at = format!("http://{}h/", "u@".repeat(MB / 2));
    assert_eq!(BaseStringUri::parse(&at).unwrap().to_string(), "http://h/");
    let colons = format!("http://h{}/", ":".repeat(MB));
    assert!(matches!(
        BaseStringUri::parse(&colons),
        Err(Error::BadUrl {
            part: Part::Port,
            ..
        })
    ));
}
