//! `Authorization` header parsing (RFC 5849 §3.5.1) on arbitrary bytes.
//!
//! 1. `parse_authorization` (lazy) and `parse_authorization_into` agree with
//!    each other and with the reference parser: same acceptance, same
//!    decoded names, values, realm and signature.
//! 2. A parsed header written back with `AuthorizationHeader` parses again to
//!    the same protocol parameters, realm and signature (writer/parser
//!    identity on the parsed set), and `len()` is the written length.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oauthsig_core::header::{MAX_HEADER_PARAMS, parse_authorization, parse_authorization_into};
use oauthsig_core::{AuthorizationHeader, Error, Param, Params};
use oauthsig_fuzz::{decoded, reference};

fuzz_target!(|data: &[u8]| {
    // The API takes &str; lossy conversion lets every input reach it.
    let text = String::from_utf8_lossy(data);
    let header: &str = &text;
    let expected = reference::parse_header(header, MAX_HEADER_PARAMS);

    // Lazy iterator: all items Ok exactly when the syntax is right (it does
    // not look for duplicates; parse_authorization_into does).
    let lazy: Result<Vec<_>, Error> = parse_authorization(header).and_then(|it| it.collect());
    let syntax = reference::parse_header_with(header, MAX_HEADER_PARAMS, false);
    assert_eq!(
        lazy.is_ok(),
        syntax.is_some(),
        "lazy parser vs reference on {header:?}"
    );

    let mut storage = vec![Param::EMPTY; MAX_HEADER_PARAMS + 1];
    let mut params = Params::new(&mut storage[..]);
    let parsed = parse_authorization_into(header, &mut params);
    let Some(expected) = expected else {
        assert!(
            parsed.is_err(),
            "accepted what the reference rejects: {header:?}"
        );
        return;
    };
    let fields = match parsed {
        Ok(f) => f,
        Err(e) => panic!("rejected ({e}) what the reference accepts: {header:?}"),
    };
    let got: Vec<_> = params
        .as_slice()
        .iter()
        .map(|p| (decoded(&p.name), decoded(&p.value)))
        .collect();
    assert_eq!(got, expected.params);
    assert_eq!(fields.realm.as_ref().map(decoded), expected.realm);
    assert_eq!(fields.signature.as_ref().map(decoded), expected.signature);
    if let Ok(items) = &lazy {
        let want = got.len()
            + usize::from(expected.realm.is_some())
            + usize::from(expected.signature.is_some());
        assert_eq!(items.len(), want);
        // The lazy items in order, realm and signature included.
        let mut rest = got.iter();
        for i in items {
            if i.name.eq_decoded(b"realm") {
                assert_eq!(Some(decoded(&i.value)), expected.realm);
            } else if i.name.eq_decoded(b"oauth_signature") {
                assert_eq!(Some(decoded(&i.value)), expected.signature);
            } else {
                assert_eq!(Some(&(decoded(&i.name), decoded(&i.value))), rest.next());
            }
        }
    }

    // Duplicates are found by decoded name, whatever the spelling: append
    // each parsed name again, every octet escaped (`realm` → `%72%65…`),
    // and the header must be refused at exactly that name.
    let mut names: Vec<Vec<u8>> = expected.params.iter().map(|(n, _)| n.clone()).collect();
    names.extend(expected.realm.as_ref().map(|_| b"realm".to_vec()));
    names.extend(
        expected
            .signature
            .as_ref()
            .map(|_| b"oauth_signature".to_vec()),
    );
    if names.len() < MAX_HEADER_PARAMS {
        for name in names.iter().take(4) {
            let respelled: String = name.iter().map(|b| format!("%{b:02x}")).collect();
            let sep = if names.is_empty() { " " } else { ", " };
            let twice = format!("{header}{sep}{respelled}=\"x\"");
            let at = twice.len() - respelled.len() - 4;
            let mut storage3 = vec![Param::EMPTY; MAX_HEADER_PARAMS + 1];
            let mut p3 = Params::new(&mut storage3[..]);
            assert_eq!(
                parse_authorization_into(&twice, &mut p3).err(),
                Some(Error::DuplicateHeaderParameter { offset: at }),
                "{twice:?}"
            );
        }
    }

    // Write back what the writer can carry: the protocol parameters, the
    // realm (unless it has a control character, which the writer refuses so
    // a CR LF cannot split the header) and a UTF-8 signature.
    let realm = expected
        .realm
        .as_ref()
        .map(|r| String::from_utf8(r.clone()).unwrap());
    let realm = match realm {
        Some(r) if r.bytes().any(|c| c.is_ascii_control()) => {
            assert!(matches!(
                AuthorizationHeader::new(Some(&r), params.as_slice(), None),
                Err(Error::BadRealm { .. })
            ));
            None
        }
        r => r,
    };
    let sig = expected
        .signature
        .as_ref()
        .and_then(|s| String::from_utf8(s.clone()).ok());
    let writer =
        AuthorizationHeader::new(realm.as_deref(), params.as_slice(), sig.as_deref()).unwrap();
    let written = writer.to_string();
    assert_eq!(writer.len(), written.len());
    let mut buf = vec![0u8; written.len()];
    assert_eq!(writer.write_to_slice(&mut buf).unwrap(), written);
    if !written.is_empty() {
        let mut short = vec![0u8; written.len() - 1];
        assert_eq!(
            writer.write_to_slice(&mut short).err(),
            Some(Error::BufferTooSmall {
                needed: written.len()
            })
        );
    }

    let mut storage2 = vec![Param::EMPTY; MAX_HEADER_PARAMS + 1];
    let mut again = Params::new(&mut storage2[..]);
    let fields2 = match parse_authorization_into(&written, &mut again) {
        Ok(f) => f,
        Err(e) => panic!("written header does not parse ({e}): {written:?} from {header:?}"),
    };
    let protocol: Vec<_> = params
        .as_slice()
        .iter()
        .filter(|p| p.is_protocol())
        .copied()
        .collect();
    assert_eq!(again.len(), protocol.len(), "{written:?}");
    for (a, b) in again.as_slice().iter().zip(&protocol) {
        assert_eq!(decoded(&a.name), decoded(&b.name));
        assert_eq!(decoded(&a.value), decoded(&b.value));
        assert!(a.name == b.name && a.value == b.value);
    }
    assert_eq!(
        fields2.realm.as_ref().map(decoded),
        realm.map(String::into_bytes)
    );
    assert_eq!(
        fields2.signature.as_ref().map(decoded),
        sig.map(String::into_bytes)
    );
});
