//! Property tests for the protocol layer.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauthsig_core::header::parse_authorization_into;
use oauthsig_core::{
    AuthorizationHeader, BaseString, BaseStringUri, Param, ParamArray, Part, Protocol,
    SignatureMethod, SigningKey, Source, Text, encode::encode,
};
use proptest::prelude::*;

/// Text with plenty of reserved, multibyte and escape-looking characters.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just('a'),
            Just('Z'),
            Just('0'),
            Just('-'),
            Just('~'),
            Just('%'),
            Just('+'),
            Just('&'),
            Just('='),
            Just(' '),
            Just('"'),
            Just('é'),
            Just('中'),
            Just('🦀'),
            any::<char>(),
        ],
        0..12,
    )
    .prop_map(|v| v.into_iter().collect())
}

fn method() -> impl Strategy<Value = SignatureMethod> {
    prop::sample::select(SignatureMethod::ALL.to_vec())
}

/// Reference: build encoded strings with allocation, sort those.
fn reference_order(pairs: &[(String, String)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = pairs
        .iter()
        .map(|(n, v)| (encode(n).to_string(), encode(v).to_string()))
        .collect();
    v.sort();
    v
}

/// Lowercases the hex digits of escapes only (`%2F` → `%2f`), a spelling
/// some clients send.
fn lower_escapes(enc: &str) -> String {
    let mut out = String::with_capacity(enc.len());
    let mut hex_left = 0;
    for c in enc.chars() {
        if c == '%' {
            hex_left = 2;
            out.push(c);
        } else if hex_left > 0 {
            hex_left -= 1;
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Under Miri (`scripts/miri`) each case is interpreted, ~1000× slower, so a
/// handful of cases stands in for the native 256; Miri checks the code paths
/// for undefined behaviour, the native run checks the properties. Failure
/// files are not read or written there (Miri isolates the file system).
fn config() -> ProptestConfig {
    if cfg!(miri) {
        ProptestConfig {
            cases: 4,
            failure_persistence: None,
            ..ProptestConfig::default()
        }
    } else {
        ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn encode_then_decode_round_trips(s in text()) {
        let enc = encode(&s).to_string();
        prop_assert!(enc.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
        let form = Text::form(&enc, Part::Query).unwrap();
        let percent = Text::percent(&enc, Part::Header).unwrap();
        prop_assert!(form.eq_decoded(s.as_bytes()));
        prop_assert!(percent.eq_decoded(s.as_bytes()));
        let mut buf = vec![0u8; s.len()];
        prop_assert_eq!(form.decode_to(&mut buf, Part::Query).unwrap(), s.as_str());
    }

    #[test]
    fn sort_matches_sorting_allocated_encodings(pairs in prop::collection::vec((text(), text()), 0..12)) {
        let mut p = ParamArray::<16>::array();
        for (n, v) in &pairs {
            p.push(Param::raw(n, v)).unwrap();
        }
        p.sort();
        let ours: Vec<(String, String)> = p
            .as_slice()
            .iter()
            .map(|q| (q.name.encoded().to_string(), q.value.encoded().to_string()))
            .collect();
        prop_assert_eq!(ours, reference_order(&pairs));
    }

    #[test]
    fn wire_spelling_sorts_like_raw(pairs in prop::collection::vec((text(), text()), 0..10)) {
        // The same parameters arriving form-encoded (with some escapes in
        // lowercase hex) must sort and encode exactly like raw ones.
        let wire: String = pairs
            .iter()
            .map(|(n, v)| format!("{}={}", lower_escapes(&encode(n).to_string()).replace("%20", "+"), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut a = ParamArray::<16>::array();
        a.extend_form(&wire, Source::Body).unwrap();
        a.sort();
        let ours: Vec<(String, String)> = a
            .as_slice()
            .iter()
            .map(|q| (q.name.encoded().to_string(), q.value.encoded().to_string()))
            .collect();
        // Empty names would be skipped by nobody: `=v` is a pair with an empty name.
        prop_assert_eq!(ours, reference_order(&pairs));
    }

    #[test]
    fn header_write_then_parse_is_identity(
        pairs in prop::collection::vec(("oauth_[a-z_]{1,10}", text()), 0..8),
        realm in prop::option::of("[ -~]{0,12}"),
        sig in text(),
    ) {
        let mut names = std::collections::HashSet::new();
        let pairs: Vec<_> = pairs.into_iter().filter(|(n, _)| n != "oauth_signature" && names.insert(n.clone())).collect();
        let params: Vec<Param<'_>> = pairs.iter().map(|(n, v)| Param::raw(n, v)).collect();
        let header = AuthorizationHeader::new(realm.as_deref(), &params, Some(&sig)).unwrap().to_string();
        prop_assert_eq!(header.len(), AuthorizationHeader::new(realm.as_deref(), &params, Some(&sig)).unwrap().len());
        let mut back = ParamArray::<16>::array();
        let fields = parse_authorization_into(&header, &mut back).unwrap();
        prop_assert_eq!(back.len(), params.len());
        for (a, b) in back.as_slice().iter().zip(&params) {
            prop_assert_eq!(a.name, b.name);
            prop_assert_eq!(a.value, b.value);
        }
        prop_assert!(fields.signature.unwrap().eq_decoded(sig.as_bytes()));
        match (realm, fields.realm) {
            (Some(r), Some(got)) => prop_assert!(got.eq_decoded(r.as_bytes())),
            (None, None) => {}
            (r, got) => prop_assert!(false, "realm {:?} came back as {:?}", r, got),
        }
    }

    #[test]
    fn sign_verifies_and_any_single_change_fails(
        m in method(),
        cs in text(), ts in text(),
        host in "[a-z]{1,8}", path in "[a-z/]{0,8}",
        pairs in prop::collection::vec((text(), text()), 0..5),
        nonce in "[A-Za-z0-9]{1,12}",
        which in 0usize..6,
        tweak in text(),
    ) {
        let url = format!("https://{host}.example/{path}");
        let sign = |method: &str, url: &str, pairs: &[(String, String)], nonce: &str, cs: &str, ts: &str| -> String {
            let proto = Protocol::new("ck", m).token("tk").timestamp("1700000000").nonce(nonce);
            let mut p = ParamArray::<16>::array();
            p.extend_query(url).unwrap();
            for (n, v) in pairs {
                p.push(Param::raw(n, v)).unwrap();
            }
            p.extend_protocol(&proto).unwrap();
            p.sort();
            let uri = BaseStringUri::parse(url).unwrap();
            let key = SigningKey::new(m, cs, ts).unwrap();
            key.sign(&BaseString::new(method, &uri, p.as_slice()).unwrap()).as_str().to_owned()
        };
        let original = sign("POST", &url, &pairs, &nonce, &cs, &ts);
        prop_assert_eq!(&original, &sign("post", &url, &pairs, &nonce, &cs, &ts));
        let changed = match which {
            0 => sign("PUT", &url, &pairs, &nonce, &cs, &ts),
            1 => sign("POST", &format!("{url}x"), &pairs, &nonce, &cs, &ts),
            2 => {
                let mut p = pairs.clone();
                p.push(("extra".into(), tweak.clone()));
                sign("POST", &url, &p, &nonce, &cs, &ts)
            }
            3 => sign("POST", &url, &pairs, &format!("{nonce}0"), &cs, &ts),
            4 => sign("POST", &url, &pairs, &nonce, &format!("{cs}{tweak}x"), &ts),
            _ => sign("POST", &url, &pairs, &nonce, &cs, &format!("{ts}{tweak}x")),
        };
        // PLAINTEXT signs only the key: request changes cannot alter it.
        if m != SignatureMethod::Plaintext || which >= 4 {
            prop_assert_ne!(original, changed);
        }
    }

    #[test]
    fn verify_accepts_own_signature_and_rejects_mutations(
        m in method(), body in text(), flip in any::<prop::sample::Index>(),
    ) {
        let url = "http://example.com/r?x=1";
        let proto = Protocol::new("ck", m).timestamp("1").nonce("n");
        let mut p = ParamArray::<16>::array();
        p.extend_query(url).unwrap();
        p.push(Param::raw("body", &body)).unwrap();
        p.extend_protocol(&proto).unwrap();
        p.sort();
        let uri = BaseStringUri::parse(url).unwrap();
        let base = BaseString::new("GET", &uri, p.as_slice()).unwrap();
        let key = SigningKey::new(m, "cs", "ts").unwrap();
        let sig = key.sign(&base).as_str().to_owned();
        prop_assert!(key.verify_decoded(&base, sig.as_bytes()));
        let mut bad = sig.into_bytes();
        let i = flip.index(bad.len());
        bad[i] ^= 0x01;
        prop_assert!(!key.verify_decoded(&base, &bad));
    }
}
