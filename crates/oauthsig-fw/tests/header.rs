//! `include/oauthsig_fw.h` is generated from this crate by cbindgen
//! (pinned, configured as for `include/oauthsig.h`) and checked in. This
//! test regenerates it in memory and fails when the checked-in file
//! differs; `OAUTHSIG_BLESS=1` (scripts/regen-header) rewrites it instead.
//! A second test holds every shared value (result codes, signature
//! methods, placements) equal to `include/oauthsig.h`'s.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::path::PathBuf;

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The header as cbindgen generates it now.
fn generate() -> String {
    let config =
        cbindgen::Config::from_file(crate_dir().join("cbindgen.toml")).expect("cbindgen.toml");
    let mut generated = Vec::new();
    cbindgen::Builder::new()
        .with_crate(crate_dir())
        .with_config(config)
        .generate()
        .expect("cbindgen generates the header")
        .write(&mut generated);
    String::from_utf8(generated).unwrap()
}

#[test]
fn header_is_fresh() {
    let header_path = crate_dir().join("../../include/oauthsig_fw.h");
    let generated = generate();
    let version_line = format!(
        "#define OAUTHSIG_FW_VERSION_STRING \"{}\"",
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
        "include/oauthsig_fw.h is stale: run scripts/regen-header and commit the result"
    );
}

/// The enum constants `PREFIX<NAME> = <value>,` of a generated header.
fn constants(header: &str, prefix: &str) -> HashMap<String, u32> {
    header
        .lines()
        .filter_map(|line| {
            let (name, value) = line.trim().strip_suffix(',')?.split_once(" = ")?;
            let name = name.strip_prefix(prefix)?;
            Some((name.to_owned(), value.parse().ok()?))
        })
        .collect()
}

#[test]
fn shared_values_are_those_of_oauthsig_h() {
    // Generated, not read: the freshness test may be rewriting the file.
    let fw = constants(&generate(), "OAUTHSIG_FW_");
    let full = std::fs::read_to_string(crate_dir().join("../../include/oauthsig.h")).unwrap();
    let full = constants(&full, "OAUTHSIG_");
    // The checks have no counterpart: oauthsig.h reports them as text.
    let shared: Vec<_> = fw
        .iter()
        .filter(|(n, _)| !n.starts_with("CHECK_"))
        .collect();
    assert!(shared.len() >= 20, "too few constants found: {shared:?}");
    for (name, value) in shared {
        assert_eq!(
            full.get(name),
            Some(value),
            "OAUTHSIG_FW_{name} = {value} has no OAUTHSIG_{name} = {value} in oauthsig.h"
        );
    }
}
