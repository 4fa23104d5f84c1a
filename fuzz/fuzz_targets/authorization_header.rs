//! `Authorization` header parsing (RFC 5849 §3.5.1) on arbitrary bytes.
//!
//! 1. `parse_authorization` (lazy) accepts exactly the reference grammar,
//!    and `collect_authorization` (the one place header parameters are
//!    collected) agrees with the reference collector: same acceptance, same
//!    decoded names and values in order (`oauth_signature` among them), same
//!    realm; a repeated `realm` or non-`oauth_*` name is refused, a repeated
//!    `oauth_*` name kept.
//! 2. A server receiving the header (`verify::receive`) holds the same
//!    parameters and realm, and `check_once` refuses exactly the headers in
//!    which an `oauth_*` name repeats, naming it.
//! 3. Duplicates are found by decoded name, whatever the spelling: each
//!    parsed name appended again with every octet escaped is refused at
//!    that offset (`realm`, other names) or by `check_once` (`oauth_*`).
//! 4. The parsed set written back with `AuthorizationHeader` collects again
//!    to the same protocol parameters, realm and signature (writer/parser
//!    identity on the parsed set), and `len()` is the written length.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oauthsig_core::Render as _;
use oauthsig_core::header::{MAX_HEADER_PARAMS, collect_authorization, parse_authorization};
use oauthsig_core::verify::{self, Incoming, Rejection};
use oauthsig_core::{AuthorizationHeader, Error, Param, Params, ProtocolParam};
use oauthsig_fuzz::{decoded, reference};

fuzz_target!(|data: &[u8]| {
    // The API takes &str; lossy conversion lets every input reach it.
    let text = String::from_utf8_lossy(data);
    let header: &str = &text;

    // Lazy iterator: all items Ok exactly when the syntax is right (it does
    // not look for duplicates; collect_authorization does).
    let lazy: Result<Vec<_>, Error> = parse_authorization(header).and_then(|it| it.collect());
    let syntax = reference::parse_header_with(header, MAX_HEADER_PARAMS, false);
    assert_eq!(
        lazy.is_ok(),
        syntax.is_some(),
        "lazy parser vs reference on {header:?}"
    );

    let expected = reference::collect_header(header, MAX_HEADER_PARAMS);
    let mut storage = vec![Param::EMPTY; MAX_HEADER_PARAMS + 1];
    let mut params = Params::new(&mut storage[..]);
    let collected = collect_authorization(header, &mut params);
    let Some(expected) = expected else {
        assert!(
            collected.is_err(),
            "accepted what the reference rejects: {header:?}"
        );
        return;
    };
    let realm = match collected {
        Ok(realm) => realm,
        Err(e) => panic!("rejected ({e}) what the reference accepts: {header:?}"),
    };
    let got: Vec<_> = params
        .as_slice()
        .iter()
        .map(|p| (decoded(&p.name), decoded(&p.value)))
        .collect();
    assert_eq!(got, expected.params);
    assert_eq!(realm.as_ref().map(decoded), expected.realm);
    if let Ok(items) = &lazy {
        // The lazy items in order, the realm apart.
        assert_eq!(
            items.len(),
            got.len() + usize::from(expected.realm.is_some())
        );
        let mut rest = got.iter();
        for i in items {
            if i.name.eq_decoded(b"realm") {
                assert_eq!(Some(decoded(&i.value)), expected.realm);
            } else {
                assert_eq!(Some(&(decoded(&i.name), decoded(&i.value))), rest.next());
            }
        }
    }

    received_as_collected(header, &expected);
    respelled_duplicates(header, &expected);
    written_back(header, params.as_slice(), &expected);
});

/// The verifier collects the header through the same function and reports
/// a repeated `oauth_*` name as `check_once`'s `DuplicateParameter`.
fn received_as_collected(header: &str, expected: &reference::Collected) {
    let incoming = Incoming::new("GET", "http://h/").authorization(header);
    let received = match verify::receive(&incoming) {
        Ok(r) => r,
        Err(e) => panic!("verify::receive refused ({e}) a header that collects: {header:?}"),
    };
    let got: Vec<_> = received
        .parameters()
        .iter()
        .map(|p| (decoded(&p.name), decoded(&p.value)))
        .collect();
    assert_eq!(got, expected.params);
    assert_eq!(received.realm().as_ref().map(decoded), expected.realm);
    let repeated = reference::first_repeated_oauth(&expected.params);
    let kind = repeated.and_then(ProtocolParam::classify_bytes);
    assert_eq!(
        received.check_once(),
        kind.map_or(Ok(()), |k| Err(Rejection::DuplicateParameter(k))),
        "{header:?}"
    );
}

/// Appends each parsed name again, every octet escaped (`realm` →
/// `%72%65…`), to a header without repeats: `realm` and other names are
/// refused at exactly that name, `oauth_*` names by `check_once`.
fn respelled_duplicates(header: &str, expected: &reference::Collected) {
    let mut names: Vec<Vec<u8>> = expected.params.iter().map(|(n, _)| n.clone()).collect();
    names.extend(expected.realm.as_ref().map(|_| b"realm".to_vec()));
    if names.len() >= MAX_HEADER_PARAMS
        || reference::first_repeated_oauth(&expected.params).is_some()
    {
        return;
    }
    for name in names.iter().take(4) {
        let respelled: String = name.iter().map(|b| format!("%{b:02x}")).collect();
        let sep = if names.is_empty() { " " } else { ", " };
        let twice = format!("{header}{sep}{respelled}=\"x\"");
        let at = twice.len() - respelled.len() - 4;
        let mut storage = vec![Param::EMPTY; MAX_HEADER_PARAMS + 1];
        let mut p = Params::new(&mut storage[..]);
        let collected = collect_authorization(&twice, &mut p);
        if name.starts_with(b"oauth_") {
            assert!(collected.is_ok(), "{twice:?}");
            let received =
                verify::receive(&Incoming::new("GET", "http://h/").authorization(&twice));
            let kind = ProtocolParam::classify_bytes(name).unwrap();
            assert_eq!(
                received.map(|r| r.check_once()),
                Ok(Err(Rejection::DuplicateParameter(kind))),
                "{twice:?}"
            );
        } else {
            assert_eq!(
                collected.err(),
                Some(Error::DuplicateHeaderParameter { offset: at }),
                "{twice:?}"
            );
        }
    }
}

/// Writes back what the writer can carry: the protocol parameters, the
/// realm (unless it has a control character, which the writer refuses so
/// a CR LF cannot split the header) and the first signature when it is
/// UTF-8; collecting that header again gives them back, the signature last.
fn written_back(header: &str, params: &[Param<'_>], expected: &reference::Collected) {
    let realm = expected
        .realm
        .as_ref()
        .map(|r| String::from_utf8(r.clone()).unwrap());
    let realm = match realm {
        Some(r) if r.bytes().any(|c| c.is_ascii_control()) => {
            assert!(matches!(
                AuthorizationHeader::new(Some(&r), params, None),
                Err(Error::BadRealm { .. })
            ));
            None
        }
        r => r,
    };
    let sig = expected
        .params
        .iter()
        .find(|(n, _)| n == b"oauth_signature")
        .and_then(|(_, s)| String::from_utf8(s.clone()).ok());
    let writer = AuthorizationHeader::new(realm.as_deref(), params, sig.as_deref()).unwrap();
    let written = writer.to_string();
    assert_eq!(writer.len(), written.len());
    let mut buf = vec![0u8; written.len()];
    assert_eq!(writer.write_to_slice(&mut buf).unwrap(), written);
    let mut short = vec![0u8; written.len() - 1];
    assert_eq!(
        writer.write_to_slice(&mut short).err(),
        Some(Error::BufferTooSmall {
            needed: written.len()
        })
    );

    let mut storage = vec![Param::EMPTY; MAX_HEADER_PARAMS + 1];
    let mut again = Params::new(&mut storage[..]);
    let realm_again = match collect_authorization(&written, &mut again) {
        Ok(r) => r,
        Err(e) => panic!("written header does not collect ({e}): {written:?} from {header:?}"),
    };
    let protocol: Vec<_> = params
        .iter()
        .filter(|p| p.is_protocol() && !p.name.eq_decoded(b"oauth_signature"))
        .collect();
    let signed = usize::from(sig.is_some());
    assert_eq!(again.len(), protocol.len() + signed, "{written:?}");
    let mut again = again.as_slice().iter();
    for (b, a) in protocol.into_iter().zip(again.by_ref()) {
        assert_eq!(decoded(&a.name), decoded(&b.name));
        assert_eq!(decoded(&a.value), decoded(&b.value));
        assert!(a.name == b.name && a.value == b.value);
    }
    let last: Vec<_> = again
        .map(|p| (decoded(&p.name), decoded(&p.value)))
        .collect();
    let want: Vec<_> = sig
        .map(|s| (b"oauth_signature".to_vec(), s.into_bytes()))
        .into_iter()
        .collect();
    assert_eq!(last, want, "{written:?}");
    assert_eq!(
        realm_again.as_ref().map(decoded),
        realm.map(String::into_bytes)
    );
}
