//! §3.6 percent-encoding against the byte-by-byte reference, and the
//! decoders against the encoder: `Text::form(encode(x))` and
//! `Text::percent(encode(x))` decode back to `x`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oauthsig_core::encode::{encode, encode_bytes};
use oauthsig_core::{Part, Text};
use oauthsig_fuzz::reference;

fuzz_target!(|data: &[u8]| {
    // Raw octets (need not be UTF-8).
    let want = reference::encode(data);
    assert_eq!(encode_bytes(data).to_string(), want);
    let pieces: Vec<&str> = encode_bytes(data).collect();
    assert_eq!(pieces.concat(), want);
    for p in &pieces {
        let escape = p.len() == 3
            && p.starts_with('%')
            && p[1..]
                .bytes()
                .all(|c| c.is_ascii_digit() || (b'A'..=b'F').contains(&c));
        let run = !p.is_empty() && p.bytes().all(reference::unreserved);
        assert!(escape || run, "piece {p:?}");
    }

    // Text: encode, then decode in both wire spellings.
    let text = String::from_utf8_lossy(data);
    let enc = encode(&text).to_string();
    assert_eq!(enc, reference::encode(text.as_bytes()));
    assert_eq!(Text::raw(&text).encoded().to_string(), enc);
    assert_eq!(Text::raw(&text).is_plain(), enc == *text);
    for t in [
        Text::form(&enc, Part::Query).unwrap(),
        Text::percent(&enc, Part::Header).unwrap(),
    ] {
        assert!(t.eq_decoded(text.as_bytes()));
        assert_eq!(t.decoded_len(), text.len());
        let mut buf = vec![0u8; text.len()];
        assert_eq!(t.decode_to(&mut buf, Part::Query).unwrap(), &*text);
        assert_eq!(t.encoded().to_string(), enc);
        assert!(t == Text::raw(&text));
    }
});
