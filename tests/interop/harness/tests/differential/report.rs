//! Collecting disagreements and printing them so they can be acted on.

use crate::generate::Case;
use crate::oracle;
use std::fmt::Write as _;

/// How many failing cases are printed in full; the rest are counted.
pub const PRINT_CAP: usize = 10;

/// What was found wrong.
pub enum Detail {
    /// Two texts that should be equal, each with who produced it.
    Texts {
        left: (&'static str, String),
        right: (&'static str, String),
    },
    /// Anything else (a refusal, an unexpected agreement).
    Note(String),
}

pub struct Mismatch {
    pub case: usize,
    /// The case's classes, for the headline (`normal` when none).
    pub label: String,
    /// Which comparison failed.
    pub check: String,
    pub detail: Detail,
}

/// Collects mismatches; the test fails once, at the end, with all of them.
#[derive(Default)]
pub struct Mismatches(pub Vec<Mismatch>);

impl Mismatches {
    /// Records `left != right` as a mismatch of `check`.
    pub fn expect_eq(
        &mut self,
        case: &Case,
        label: &str,
        check: &str,
        left: (&'static str, &str),
        right: (&'static str, &str),
    ) {
        if left.1 != right.1 {
            self.0.push(Mismatch {
                case: case.id,
                label: label.to_owned(),
                check: check.to_owned(),
                detail: Detail::Texts {
                    left: (left.0, left.1.to_owned()),
                    right: (right.0, right.1.to_owned()),
                },
            });
        }
    }

    pub fn note(&mut self, case: &Case, label: &str, check: &str, note: String) {
        self.0.push(Mismatch {
            case: case.id,
            label: label.to_owned(),
            check: check.to_owned(),
            detail: Detail::Note(note),
        });
    }
}

/// Byte offset of the first difference (the shorter length when one text is
/// a prefix of the other).
pub fn first_difference(a: &str, b: &str) -> usize {
    a.bytes()
        .zip(b.bytes())
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()))
}

/// Prints the failing checks of one case, then the request once, with
/// everything needed to reproduce it (the oracle line can be piped straight
/// into `oracle.py`; `verify` is the signature it was asked to verify).
pub fn render(mismatches: &[&Mismatch], case: &Case, verify: Option<&str>, seed: u64) -> String {
    let mut out = String::new();
    let label = mismatches.first().map_or("", |m| m.label.as_str());
    let _ = writeln!(out, "case {} [{label}] seed {seed:#018x}", case.id);
    for m in mismatches {
        let _ = writeln!(out, "  {}:", m.check);
        match &m.detail {
            Detail::Texts { left, right } => {
                let at = first_difference(&left.1, &right.1);
                let width = left.0.len().max(right.0.len());
                let _ = writeln!(out, "    {:<width$}  {}", left.0, left.1);
                let _ = writeln!(out, "    {:<width$}  {}", right.0, right.1);
                // Base strings are ASCII; count characters anyway so the
                // caret stays put if one side ever is not.
                let column = right.1.get(..at).map_or(at, |p| p.chars().count());
                let _ = writeln!(
                    out,
                    "    {:<width$}  {}^ first difference at byte {at}",
                    "",
                    " ".repeat(column)
                );
            }
            Detail::Note(note) => {
                let _ = writeln!(out, "    {note}");
            }
        }
    }
    let _ = writeln!(out, "  request: {} {}", case.method, case.url);
    if let Some(body) = &case.body {
        let _ = writeln!(out, "  body ({:?}): {body:?}", case.content_type);
    }
    match &case.header {
        Some(h) => {
            let _ = writeln!(out, "  authorization: {h}");
        }
        None => {
            let _ = writeln!(
                out,
                "  protocol set in code: {:?}, realm {:?}",
                case.auth, case.realm
            );
        }
    }
    if !case.extras.is_empty() {
        let _ = writeln!(out, "  set in code: {:?}", case.extras);
    }
    let _ = writeln!(out, "  oracle input: {}", oracle::input_line(case, verify));
    out
}
