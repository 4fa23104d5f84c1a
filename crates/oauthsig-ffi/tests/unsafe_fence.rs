//! `src/boundary.rs` is the only file of this crate with `unsafe` code
//! (STYLE rule 8): the rest of the crate is safe Rust over the typed views
//! that file makes.
//!
//! This is a plain source scan, not a parse: each `.rs` file under `src/` is
//! read as tokens after dropping comments, string and character literals, and
//! the word `unsafe` may appear outside `boundary.rs` only as
//! `#[unsafe(no_mangle)]` or in a `pub unsafe extern "C" fn` declaration
//! (an exported function whose C contract is real). Anything else (an
//! `unsafe` block, `unsafe fn`, `unsafe impl`, `unsafe trait`, an `unsafe`
//! function-pointer type) fails the test with its file and line.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

/// The words and punctuation of `src` with their line numbers; comments,
/// string literals (plain, byte, raw) and character literals are dropped.
fn tokens(src: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            loop {
                if at(i) == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if at(i) == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    line += usize::from(at(i) == '\n');
                    i += 1;
                }
                assert!(i <= chars.len(), "unterminated block comment");
            }
        } else if c == 'r' && (at(i + 1) == '"' || (at(i + 1) == '#' && !ident(at(i + 2)))) {
            // A raw string r"..." or r#"..."#.
            let mut j = i + 1;
            let mut hashes = 0;
            while at(j) == '#' {
                hashes += 1;
                j += 1;
            }
            let close: String = std::iter::once('"')
                .chain("#".repeat(hashes).chars())
                .collect();
            let rest: String = chars[j + 1..].iter().collect();
            let end = rest.find(&close).expect("unterminated raw string");
            line += rest[..end].matches('\n').count();
            i = j + 1 + rest[..end].chars().count() + close.chars().count();
        } else if c == '"' {
            i += 1;
            while at(i) != '"' {
                if at(i) == '\\' {
                    i += 1;
                }
                line += usize::from(at(i) == '\n');
                i += 1;
                assert!(i < chars.len(), "unterminated string");
            }
            i += 1;
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{..}'), else a lifetime.
            if at(i + 1) == '\\' {
                i += 2;
                while at(i) != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                i += 1;
            }
        } else if ident(c) {
            let start = i;
            while ident(at(i)) {
                i += 1;
            }
            out.push((line, chars[start..i].iter().collect()));
        } else {
            if !c.is_whitespace() {
                out.push((line, c.to_string()));
            }
            i += 1;
        }
    }
    out
}

fn ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The lines where `unsafe` appears other than as `#[unsafe(no_mangle)]` or
/// `pub unsafe extern "C" fn` (the string "C" is dropped with the literals).
fn unfenced(src: &str) -> Vec<usize> {
    let t = tokens(src);
    let word = |k: usize| t.get(k).map_or("", |(_, w)| w.as_str());
    (0..t.len())
        .filter(|&k| word(k) == "unsafe")
        .filter(|&k| {
            let attribute = k >= 2
                && word(k - 2) == "#"
                && word(k - 1) == "["
                && word(k + 1) == "("
                && word(k + 2) == "no_mangle";
            let export =
                k >= 1 && word(k - 1) == "pub" && word(k + 1) == "extern" && word(k + 2) == "fn";
            !(attribute || export)
        })
        .map(|k| t[k].0)
        .collect()
}

fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

#[test]
fn unsafe_code_lives_only_in_boundary_rs() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let boundary = src.join("boundary.rs");
    let files = sources(&src);
    assert!(files.contains(&boundary), "src/boundary.rs is missing");
    let mut found = Vec::new();
    for file in files.iter().filter(|f| **f != boundary) {
        let text = std::fs::read_to_string(file).unwrap();
        for line in unfenced(&text) {
            found.push(format!("{}:{line}", file.display()));
        }
    }
    assert!(
        found.is_empty(),
        "`unsafe` outside src/boundary.rs (move it there, behind a typed view):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_scan_sees_unsafe_code_and_only_unsafe_code() {
    let allowed = r##"
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn f(p: *const u8) -> u32 { 0 }
        #![deny(unsafe_op_in_unsafe_fn)]
        // unsafe { in a comment }
        /* unsafe /* nested */ unsafe */
        const S: &str = "unsafe { in a string }";
        const R: &str = r"unsafe";
        const H: &str = r#"unsafe "quoted" "#;
        const C: char = '"';
        fn g<'a>(x: &'a str) -> &'a str { x }
    "##;
    assert_eq!(unfenced(allowed), Vec::<usize>::new());
    let refused = "fn a() {\n    unsafe { x() }\n}\nunsafe fn b() {}\nunsafe impl Send for T {}\n\
                   type F = unsafe extern \"C\" fn();\nextern \"C\" fn c() {}\n";
    assert_eq!(unfenced(refused), vec![2, 4, 5, 6]);
}
