//! Property tests for the protocol layer: the building blocks (encoding,
//! ordering, the header writer and parser), the signing engine against the
//! building blocks composed by hand (RFC 5849 §3.4), and every placement of
//! §3.5 received back through the verifier's checks (§3.2).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "properties/request.rs"]
mod request;

use oauthsig_core::Render as _;
use oauthsig_core::encode::{encode, encode_bytes};
use oauthsig_core::header::{AuthorizationHeader, collect_authorization};
use oauthsig_core::verify::{self, Rejection};
use oauthsig_core::{
    BaseString, BaseStringUri, Error, Param, ParamArray, Part, Placement, Protocol,
    SignatureMethod, SigningKey, Source, Text, sign,
};
use proptest::prelude::*;
use request::{Req, Wire, by_hand, lower_escapes, method, permissive, req, text};

/// Reference: build encoded strings with allocation, sort those.
fn reference_order(pairs: &[(String, String)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = pairs
        .iter()
        .map(|(n, v)| (encode(n).to_string(), encode(v).to_string()))
        .collect();
    v.sort();
    v
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

/// A request received and put through a permissive server's checks.
fn passes(wire: &Wire, r: &Req, key: &SigningKey) -> Result<(), TestCaseError> {
    let incoming = wire.incoming();
    let mut received =
        verify::receive(&incoming).map_err(|e| TestCaseError::fail(format!("{e}: {wire:?}")))?;
    let checked = received.check(&permissive(), 1);
    prop_assert_eq!(checked.map(|c| c.method), Ok(r.method), "{:?}", wire);
    prop_assert_eq!(received.check_signature(key), Ok(()), "{:?}", wire);
    let hash = received.check_body_hash(r.method);
    prop_assert_eq!(hash.map(|h| h.is_some()), Ok(r.body.hash().is_some()));
    Ok(())
}

/// `check_signature` and `check_body_hash` on a request as received (it
/// must parse: tampered values are re-encoded).
fn signature_and_body(
    wire: &Wire,
    key: &SigningKey,
) -> (Result<(), Rejection>, Result<(), Rejection>) {
    let mut received = verify::receive(&wire.incoming()).unwrap();
    let body = received.check_body_hash(key.method()).map(|_| ());
    (received.check_signature(key), body)
}

/// Tampering, one byte at a time, what `wire` carries (every placement of
/// §3.5 is one `wire`): the signature fails on any byte of the signature
/// or of a signed parameter value (the value decoded, changed, re-encoded),
/// and the body hash on any byte of a body it covers.
fn tampering_fails(
    wire: &Wire,
    r: &Req,
    key: &SigningKey,
    (pick, at, flip): (prop::sample::Index, prop::sample::Index, u8),
) -> Result<(), TestCaseError> {
    let values = wire.values();
    let (signature, signed): (Vec<_>, Vec<_>) = values
        .into_iter()
        .partition(|v| v.name == b"oauth_signature");
    prop_assert_eq!(signature.len(), 1);
    let s = &signature[0];
    let tampered = wire.tamper(s, at.index(s.decoded.len()), flip);
    prop_assert_eq!(
        signature_and_body(&tampered, key).0,
        Err(Rejection::BadSignature)
    );

    // PLAINTEXT signs the secrets alone, nothing of the request (§3.4.4).
    let signed: Vec<_> = signed
        .into_iter()
        .filter(|v| !v.decoded.is_empty())
        .collect();
    if r.method != SignatureMethod::Plaintext && !signed.is_empty() {
        let v = pick.get(&signed);
        let tampered = wire.tamper(v, at.index(v.decoded.len()), flip);
        let (signature, _) = signature_and_body(&tampered, key);
        prop_assert!(signature.is_err(), "{:?} {:?} accepted", v.carrier, v.name);
    }

    if r.body.hash().is_some() && !wire.body.is_empty() {
        let mut tampered = wire.clone();
        let i = at.index(wire.body.len());
        tampered.body[i] ^= flip;
        let (signature, body) = signature_and_body(&tampered, key);
        prop_assert_eq!(signature, Ok(()));
        prop_assert_eq!(body, Err(Rejection::BodyHashMismatch));
    }
    Ok(())
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
    fn header_write_then_collect_is_identity(
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
        let got_realm = collect_authorization(&header, &mut back).unwrap();
        // The signature is written last and collected with the others.
        prop_assert_eq!(back.len(), params.len() + 1);
        for (a, b) in back.as_slice().iter().zip(&params) {
            prop_assert_eq!(a.name, b.name);
            prop_assert_eq!(a.value, b.value);
        }
        let last = back.as_slice()[params.len()];
        prop_assert!(last.name.eq_decoded(b"oauth_signature"));
        prop_assert!(last.value.eq_decoded(sig.as_bytes()));
        match (realm, got_realm) {
            (Some(r), Some(got)) => prop_assert!(got.eq_decoded(r.as_bytes())),
            (None, None) => {}
            (r, got) => prop_assert!(false, "realm {:?} came back as {:?}", r, got),
        }
    }

    /// The engine against the plain reference: the building blocks
    /// composed by hand give the same signature and base string (§3.4.1),
    /// and every writer gives exactly the length it reports.
    #[test]
    fn engine_signs_like_the_building_blocks(r in req()) {
        let key = r.key();
        let extra = r.extra_params();
        let protocol = r.protocol(&extra);
        let signed = sign::sign(&r.request(), &protocol, &key).unwrap();
        let (signature, base) = by_hand(&r, &key);
        prop_assert_eq!(signed.signature().as_str(), signature.as_str());
        prop_assert_eq!(signed.base_string().to_string(), base.as_str());
        prop_assert_eq!(signed.base_string().len(), base.len());
        let hash = r.body.hash();
        prop_assert_eq!(signed.body_hash(), hash.as_ref().map(|h| h.as_str()));

        // The one call writes what the signed request outputs, in every
        // placement, and says exactly how much room it needs.
        let header = Placement::Header { realm: r.realm.as_deref() };
        for placement in [header, Placement::Query, Placement::Form] {
            let want = signed.output(placement).map(|o| o.to_string());
            let mut buf = vec![0u8; want.as_ref().map_or(0, String::len)];
            let got = sign::sign_to_slice(&r.request(), &protocol, &key, placement, &mut buf);
            prop_assert_eq!(got.map(str::to_owned), want.clone());
            if let Ok(text) = want {
                let mut short = vec![0u8; text.len() - 1];
                let written = sign::sign_to_slice(&r.request(), &protocol, &key, placement, &mut short);
                prop_assert_eq!(written, Err(Error::BufferTooSmall { needed: text.len() }));
            }
        }
    }

    /// Every placement (§3.5) of a signed request, received back, passes
    /// the checks of a permissive server, and fails them once tampered.
    #[test]
    fn every_placement_verifies_and_any_change_fails(
        r in req(),
        pick in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let key = r.key();
        let extra = r.extra_params();
        let signed = sign::sign(&r.request(), &r.protocol(&extra), &key).unwrap();
        let header = Placement::Header { realm: r.realm.as_deref() };
        for placement in [header, Placement::Query, Placement::Form] {
            let output = match signed.output(placement) {
                Ok(output) => output,
                Err(Error::ExtraNotInHeader { .. }) if !r.header_can_carry() => continue,
                Err(Error::NotFormEncoded) if r.body.hash().is_some() => continue,
                Err(e) => return Err(TestCaseError::fail(format!("{placement:?}: {e}"))),
            };
            let text = output.to_string();
            prop_assert_eq!(output.len(), text.len());
            let wire = r.wire(placement, text);
            passes(&wire, &r, &key)?;
            tampering_fails(&wire, &r, &key, (pick, at, flip))?;
        }
        // A placement that cannot carry the request refuses it.
        prop_assert_eq!(signed.output(header).is_ok(), r.header_can_carry());
        prop_assert_eq!(signed.output(Placement::Form).is_ok(), r.body.hash().is_none());
    }

    #[test]
    fn sign_changes_with_any_signed_input(
        m in method(),
        cs in text(), ts in text(),
        host in "[a-z]{1,8}", path in "[a-z/]{0,8}",
        pairs in prop::collection::vec((text(), text()), 0..5),
        nonce in "[A-Za-z0-9]{1,12}",
        which in 0usize..6,
        tweak in text(),
    ) {
        let url = format!("https://{host}.example/{path}");
        // The pairs travel as parameters set in code, signed with the rest.
        let sign = |method: &str, url: &str, pairs: &[(String, String)], nonce: &str, cs: &str, ts: &str| -> String {
            let extra: Vec<Param<'_>> = pairs.iter().map(|(n, v)| Param::raw(n, v)).collect();
            let proto = Protocol::new("ck").token("tk").timestamp("1700000000").nonce(nonce).extra(&extra);
            let key = SigningKey::new(m, cs, ts).unwrap();
            let signed = sign::sign(&oauthsig_core::HttpRequest::new(method, url), &proto, &key).unwrap();
            signed.signature().as_str().to_owned()
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

    /// The building blocks alone (public for those who compose their own):
    /// a base string built by hand verifies its own signature, decoded or
    /// as received, and no signature with one byte changed.
    #[test]
    fn building_blocks_verify_own_signature_and_reject_mutations(
        m in method(), body in text(), flip in any::<prop::sample::Index>(),
    ) {
        let url = "http://example.com/r?x=1";
        let proto = Protocol::new("ck").timestamp("1").nonce("n");
        let mut p = ParamArray::<16>::array();
        p.extend_query(url).unwrap();
        p.push(Param::raw("body", &body)).unwrap();
        for q in proto.params(m, None) {
            p.push(q).unwrap();
        }
        p.sort();
        let uri = BaseStringUri::parse(url).unwrap();
        let base = BaseString::new("GET", &uri, p.as_slice()).unwrap();
        let key = SigningKey::new(m, "cs", "ts").unwrap();
        let sig = key.sign(&base).unwrap().as_str().to_owned();
        prop_assert!(key.verify_decoded(&base, sig.as_bytes()));
        let wire = encode(&sig).to_string();
        prop_assert!(key.verify(&base, &Text::percent(&wire, Part::Header).unwrap()));
        let mut bad = sig.into_bytes();
        let i = flip.index(bad.len());
        bad[i] ^= 0x01;
        prop_assert!(!key.verify_decoded(&base, &bad));
        let wire = encode_bytes(&bad).to_string();
        prop_assert!(!key.verify(&base, &Text::percent(&wire, Part::Header).unwrap()));
    }
}
