//! The base string URI (RFC 5849 §3.4.1.2) of an arbitrary URL and `Host`.
//!
//! Input framing: `url` alone, or `url NUL host` to pass a `Host` header.
//! `BaseStringUri::parse_with_host` agrees with the reference (acceptance and
//! text); its `Display` has no raw space or control character, re-parses to
//! the same `Display` (idempotence), and a `BaseString` over it writes
//! exactly `len()` bytes, the same ones as its `Display`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oauthsig_core::Render as _;
use oauthsig_core::{BaseString, BaseStringUri, Error, Param};
use oauthsig_fuzz::reference;

fuzz_target!(|data: &[u8]| {
    let (url, host) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let url = String::from_utf8_lossy(url);
    let host = host.map(String::from_utf8_lossy);
    let host = host.as_deref();

    let expected = reference::base_string_uri(&url, host);
    let uri = match (BaseStringUri::parse_with_host(&url, host), &expected) {
        (Ok(uri), Some(_)) => uri,
        (Err(_), None) => return,
        (got, want) => panic!("{url:?} host {host:?}: got {got:?}, reference {want:?}"),
    };
    let shown = uri.to_string();
    assert_eq!(Some(&shown), expected.as_ref());
    assert!(shown.is_ascii());
    assert!(
        !shown.bytes().any(|c| c == b' ' || c.is_ascii_control()),
        "raw space or control in {shown:?}"
    );
    assert_eq!(uri.is_https(), shown.starts_with("https://"));

    // Idempotence: the normalized form is its own normal form.
    let again = BaseStringUri::parse(&shown).unwrap_or_else(|e| panic!("{shown:?}: {e}"));
    assert_eq!(again.to_string(), shown);
    assert_eq!(again.port(), uri.port());

    // The base string over it: len() is what is written, in every writer.
    let params = [Param::raw("a", "b c"), Param::raw("oauth_nonce", "n")];
    let base = BaseString::new("GET", &uri, &params).unwrap();
    let text = base.to_string();
    assert_eq!(base.len(), text.len());
    let mut buf = vec![0u8; text.len()];
    assert_eq!(base.write_to_slice(&mut buf).unwrap(), text);
    let mut short = vec![0u8; text.len() - 1];
    assert_eq!(
        base.write_to_slice(&mut short).err(),
        Some(Error::BufferTooSmall { needed: text.len() })
    );
    let want = reference::base_string(
        "GET",
        &shown,
        &[
            (b"a".to_vec(), b"b c".to_vec()),
            (b"oauth_nonce".to_vec(), b"n".to_vec()),
        ],
    )
    .unwrap();
    assert_eq!(text, want);
});
