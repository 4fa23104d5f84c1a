//! `oauth_timestamp`, [RFC 5849 §3.3](https://www.rfc-editor.org/rfc/rfc5849#section-3.3):
//! a positive integer of seconds since the Unix epoch.

use crate::text::Text;

/// The value of a timestamp: ASCII digits only (no sign, no space), not
/// zero, and no more than a `u64` holds.
pub(super) fn parse(t: &Text<'_>) -> Option<u64> {
    let mut n: u64 = 0;
    let mut digits = 0;
    for octet in t.decoded() {
        if !octet.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u64::from(octet - b'0'))?;
        digits += 1;
    }
    (digits > 0 && n > 0).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::parse;
    use crate::{Part, Text};

    #[test]
    fn timestamps_are_strict() {
        let p = |s| parse(&Text::percent(s, Part::Header).unwrap_or(Text::EMPTY));
        assert_eq!(p("137131201"), Some(137_131_201));
        assert_eq!(p("%31%33"), Some(13));
        assert_eq!(p("0"), None);
        assert_eq!(p("000"), None);
        assert_eq!(p("0001"), Some(1));
        assert_eq!(p(""), None);
        assert_eq!(p("+5"), None);
        assert_eq!(p("-5"), None);
        assert_eq!(p(" 5"), None);
        assert_eq!(p("1e9"), None);
        assert_eq!(p("18446744073709551615"), Some(u64::MAX));
        assert_eq!(p("18446744073709551616"), None);
    }
}
