//! `application/x-www-form-urlencoded` splitting and lazy decoding.
//!
//! `pairs` and `Params::extend_form` agree with the reference decoder; each
//! `Text`'s lazy views (`decoded`, `decoded_len`, `decode_to`, `eq_decoded`,
//! `starts_with_decoded`, `encoded`, `to_str`) agree with the decoded bytes;
//! `cmp_encoded` equals comparing the allocated §3.6 encodings, and `==`
//! holds exactly when the decoded bytes are equal; `sort` gives the reference
//! §3.4.1.3.2 order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oauthsig_core::params::pairs;
use oauthsig_core::{Error, Param, Params, Part, Source, Text};
use oauthsig_fuzz::reference;

/// Checks every lazy view of `t` against its reference decoding `want`.
fn check_text(t: &Text<'_>, want: &[u8]) {
    assert_eq!(t.decoded().collect::<Vec<u8>>(), want);
    assert_eq!(t.decoded_len(), want.len());
    assert!(t.eq_decoded(want));
    let mut longer = want.to_vec();
    longer.push(b'x');
    assert!(!t.eq_decoded(&longer));
    if let Some((_, shorter)) = want.split_last() {
        assert!(!t.eq_decoded(shorter));
    }
    for cut in [0, want.len() / 2, want.len()] {
        assert!(t.starts_with_decoded(&want[..cut]));
    }
    assert!(!t.starts_with_decoded(&longer));
    let enc = reference::encode(want);
    assert_eq!(t.encoded().to_string(), enc);
    if t.is_plain() {
        assert_eq!(t.as_wire().as_bytes(), want);
        assert_eq!(t.as_wire(), enc);
    }

    // decode_to: exact buffer, one byte short, UTF-8 check.
    let mut buf = vec![0u8; want.len()];
    match (t.decode_to(&mut buf, Part::Body), std::str::from_utf8(want)) {
        (Ok(s), Ok(w)) => assert_eq!(s, w),
        (Err(Error::InvalidUtf8 { offset, .. }), Err(e)) => assert_eq!(offset, e.valid_up_to()),
        (got, w) => panic!("decode_to {got:?} vs {w:?}"),
    }
    if !want.is_empty() {
        let mut short = vec![0u8; want.len() - 1];
        assert_eq!(
            t.decode_to(&mut short, Part::Body).err(),
            Some(Error::BufferTooSmall { needed: want.len() })
        );
    }
    match (t.to_str(Part::Body), std::str::from_utf8(want)) {
        (Ok(s), Ok(w)) => assert_eq!(s, w),
        (Err(Error::InvalidUtf8 { offset, .. }), Err(e)) => assert_eq!(offset, e.valid_up_to()),
        (got, w) => panic!("to_str {got:?} vs {w:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text: &str = &text;
    let expected = reference::form_pairs(text);

    let split: Result<Vec<_>, Error> = pairs(text, Part::Body).collect();
    let Some(expected) = expected else {
        assert!(
            split.is_err(),
            "pairs accepted a malformed escape: {text:?}"
        );
        let mut storage = vec![Param::EMPTY; text.len() + 1];
        let mut p = Params::new(&mut storage[..]);
        assert!(matches!(
            p.extend_form(text, Source::Body),
            Err(Error::BadEscape {
                part: Part::Body,
                ..
            })
        ));
        return;
    };
    let split = split.unwrap();
    assert_eq!(split.len(), expected.len());
    let mut texts: Vec<(Text<'_>, &[u8])> = Vec::new();
    for ((name, value, at), (n, v)) in split.iter().zip(&expected) {
        assert!(*at < text.len());
        check_text(name, n);
        check_text(value, v);
        texts.push((*name, n));
        texts.push((*value, v));
    }

    // The same wire text read as percent-encoded (`+` literal) must still
    // compare consistently with the form spellings.
    let percent = Text::percent(text, Part::Header).ok();
    if let Some(p) = &percent {
        let want = reference::decode(text.as_bytes(), false).unwrap();
        check_text(p, &want);
    }
    let raw = Text::raw(text);
    let extra: [(Text<'_>, Vec<u8>); 2] = [
        (raw, text.as_bytes().to_vec()),
        (
            percent.unwrap_or(Text::EMPTY),
            percent.map_or(Vec::new(), |p| p.decoded().collect()),
        ),
    ];

    // cmp_encoded == comparing the allocated encodings; == iff decoded equal.
    let mut all: Vec<(Text<'_>, &[u8])> = texts.iter().take(14).copied().collect();
    all.extend(extra.iter().map(|(t, d)| (*t, d.as_slice())));
    let encoded: Vec<String> = all.iter().map(|(_, d)| reference::encode(d)).collect();
    for ((a, da), ea) in all.iter().zip(&encoded) {
        for ((b, db), eb) in all.iter().zip(&encoded) {
            assert_eq!(a.cmp_encoded(b), ea.cmp(eb), "{a:?} vs {b:?}");
            assert_eq!(a == b, da == db, "{a:?} == {b:?}");
        }
    }

    // extend_form: exact room works, one slot short states the total need.
    let n = expected.len();
    let mut storage = vec![Param::EMPTY; n];
    let mut p = Params::new(&mut storage[..]);
    p.extend_form(text, Source::Body).unwrap();
    assert_eq!(p.len(), n);
    for (q, (name, value, _)) in p.as_slice().iter().zip(&split) {
        assert_eq!(q.source, Source::Body);
        assert_eq!(q.name.as_wire(), name.as_wire());
        assert_eq!(q.value.as_wire(), value.as_wire());
    }
    if let Some(name) = expected
        .first()
        .and_then(|(n, _)| std::str::from_utf8(n).ok())
    {
        // `get` finds the first parameter of that decoded name: the first one.
        let found = p.get(name).unwrap();
        assert_eq!(found.name.as_wire(), split[0].0.as_wire());
    }
    p.sort();
    let ours: Vec<(String, String)> = p
        .as_slice()
        .iter()
        .map(|q| (q.name.encoded().to_string(), q.value.encoded().to_string()))
        .collect();
    let mut want: Vec<(String, String)> = expected
        .iter()
        .map(|(n, v)| (reference::encode(n), reference::encode(v)))
        .collect();
    want.sort();
    assert_eq!(ours, want);
    if n > 0 {
        let mut small = vec![Param::EMPTY; n - 1];
        let mut q = Params::new(&mut small[..]);
        assert_eq!(
            q.extend_form(text, Source::Body),
            Err(Error::TooManyParameters { needed: n })
        );
    }
});
