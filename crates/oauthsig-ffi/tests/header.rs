//! `include/oauthsig.h` is generated from this crate by cbindgen (pinned) and
//! checked in. This test regenerates it in memory and fails when the
//! checked-in file differs; `OAUTHSIG_BLESS=1` (scripts/regen-header)
//! rewrites it instead.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

#[test]
fn header_is_fresh() {
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let header_path = crate_dir.join("../../include/oauthsig.h");
    let config =
        cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("cbindgen.toml");
    let mut generated = Vec::new();
    cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen generates the header")
        .write(&mut generated);
    let generated = String::from_utf8(generated).unwrap();
    let version_line = format!(
        "#define OAUTHSIG_VERSION_STRING \"{}\"",
        env!("CARGO_PKG_VERSION")
    );
    assert!(
        generated.contains(&version_line),
        "cbindgen.toml version macros are stale: want {version_line}"
    );
    if std::env::var_os("OAUTHSIG_BLESS").is_some() {
        std::fs::write(&header_path, &generated).unwrap();
        return;
    }
    let current = std::fs::read_to_string(&header_path).unwrap_or_default();
    assert!(
        current == generated,
        "include/oauthsig.h is stale: run scripts/regen-header and commit the result"
    );
}
