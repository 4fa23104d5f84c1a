//! Where two signature base strings part: the first differing byte, shown
//! in a window around it with a caret under it, so the mistake is visible on
//! an 80-column terminal even in a base string of a thousand bytes.

use crate::output::Printable;
use std::fmt::Write as _;

/// Bytes of context shown before the first difference.
const BEFORE: usize = 30;
/// Bytes of context shown from the first difference on.
const AFTER: usize = 40;

/// The offset of the first byte where `a` and `b` differ; when one is a
/// prefix of the other, the length of the shorter; `None` when equal.
pub fn first_difference(a: &[u8], b: &[u8]) -> Option<usize> {
    if a == b {
        return None;
    }
    Some(
        a.iter()
            .zip(b)
            .position(|(x, y)| x != y)
            .unwrap_or(a.len().min(b.len())),
    )
}

/// Three lines, each indented by two spaces: `a` and `b` around their first
/// difference, labelled, then a caret under the difference with its byte
/// offset. `None` when they are equal.
pub fn render(a_label: &str, a: &str, b_label: &str, b: &str) -> Option<String> {
    let at = first_difference(a.as_bytes(), b.as_bytes())?;
    // Bytes before `at` are equal in both, so one start fits both strings.
    let start = floor_boundary(a, at.saturating_sub(BEFORE));
    let width = a_label.len().max(b_label.len()) + 1;
    let mut out = String::new();
    let mut caret_column = 0;
    for (label, text) in [(a_label, a), (b_label, b)] {
        let end = ceil_boundary(text, at + AFTER);
        let lead = if start > 0 { "..." } else { "" };
        let tail = if end < text.len() { "..." } else { "" };
        // A difference inside a multi-byte character: point at the character.
        let split = floor_boundary(text, at);
        let before = Printable(&text[start..split]).to_string();
        let from = Printable(&text[split..end.max(split)]).to_string();
        let label = format!("{label}:");
        let _ = writeln!(out, "  {label:<width$} {lead}{before}{from}{tail}");
        caret_column = 2 + width + 1 + lead.len() + before.chars().count();
    }
    let _ = writeln!(out, "{:caret_column$}^ byte {at}", "");
    Some(out)
}

/// The largest char boundary of `text` at or below `i`.
fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary of `text` at or above `i` (at most its length).
fn ceil_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_difference_cases() {
        assert_eq!(first_difference(b"abc", b"abc"), None);
        assert_eq!(first_difference(b"abc", b"abd"), Some(2));
        assert_eq!(first_difference(b"ab", b"abc"), Some(2));
        assert_eq!(first_difference(b"", b"a"), Some(0));
    }

    #[test]
    fn caret_sits_under_the_difference() {
        let out = render(
            "ours",
            "GET&http%3A%2F%2Fh%2F&a%3D1",
            "implied",
            "GET&https%3A%2F%2Fh%2F&a%3D1",
        )
        .unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "  ours:    GET&http%3A%2F%2Fh%2F&a%3D1");
        assert_eq!(lines[1], "  implied: GET&https%3A%2F%2Fh%2F&a%3D1");
        let caret = lines[2].find('^').unwrap();
        assert_eq!(&lines[0][caret..caret + 3], "%3A");
        assert_eq!(&lines[1][caret..caret + 1], "s");
        assert!(lines[2].ends_with("^ byte 8"));
    }

    #[test]
    fn long_strings_are_windowed() {
        let a = format!("{}X{}", "a".repeat(100), "b".repeat(100));
        let b = format!("{}Y{}", "a".repeat(100), "b".repeat(100));
        let out = render("a", &a, "b", &b).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].starts_with("  a: ...") && lines[0].ends_with("..."));
        assert!(lines[0].len() < 90);
        let caret = lines[2].find('^').unwrap();
        assert_eq!(&lines[0][caret..=caret], "X");
        assert_eq!(&lines[1][caret..=caret], "Y");
        assert!(lines[2].ends_with("^ byte 100"));
    }

    #[test]
    fn a_difference_inside_a_character_points_at_it() {
        let out = render("a", "xé", "b", "xè").unwrap();
        let lines: Vec<&str> = out.lines().collect();
        let caret = lines[2].chars().position(|c| c == '^').unwrap();
        assert_eq!(lines[0].chars().nth(caret), Some('é'));
        assert!(lines[2].ends_with("^ byte 2"));
    }

    #[test]
    fn multibyte_and_control_characters_keep_alignment() {
        let out = render("a", "é\nxA", "b", "é\nxB").unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "  a: é\\nxA");
        let caret = lines[2].chars().position(|c| c == '^').unwrap();
        assert_eq!(lines[0].chars().nth(caret), Some('A'));
        assert!(lines[2].ends_with("^ byte 4"));
    }
}
