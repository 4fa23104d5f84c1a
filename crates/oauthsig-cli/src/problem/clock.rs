//! The provider's clock against our `oauth_timestamp` (RFC 5849 §3.3: a
//! provider may refuse a timestamp outside its window): from its `Date`
//! header, else its `oauth_acceptable_timestamps` range (`FIRST-LAST`, the
//! Problem Reporting extension).

use super::Reported;

/// `oauth_acceptable_timestamps`, as `(first, last)`.
pub fn acceptable(reported: &Reported) -> Option<(u64, u64)> {
    let (first, last) = reported
        .get("oauth_acceptable_timestamps")?
        .split_once('-')?;
    let range = (first.trim().parse().ok()?, last.trim().parse().ok()?);
    (range.0 <= range.1).then_some(range)
}

/// The provider's "now" in Unix seconds: its `Date`, else the middle of
/// the range it accepts.
pub fn provider_clock(reported: &Reported) -> Option<u64> {
    reported
        .date
        .or_else(|| acceptable(reported).map(|(a, b)| a + (b - a) / 2))
}

/// `ours` measured against `theirs`, to be followed by what `theirs` is:
/// "N s behind", "N s ahead of", "equal to".
pub fn distance(ours: u64, theirs: u64) -> String {
    match ours.cmp(&theirs) {
        std::cmp::Ordering::Less => format!("{} s behind", theirs - ours),
        std::cmp::Ordering::Greater => format!("{} s ahead of", ours - theirs),
        std::cmp::Ordering::Equal => "equal to".to_owned(),
    }
}

/// One line per clock the provider shows, against our timestamp.
pub fn skew(ours: u64, reported: &Reported) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(date) = reported.date {
        let d = distance(ours, date);
        out.push(format!(
            "our oauth_timestamp {ours} is {d} the provider's clock (its Date header: {date})"
        ));
    }
    if let Some((first, last)) = acceptable(reported) {
        let place = if ours < first {
            format!("{} s too early", first - ours)
        } else if ours > last {
            format!("{} s too late", ours - last)
        } else {
            "inside it".to_owned()
        };
        out.push(format!(
            "the provider accepts oauth_timestamp {first} to {last}; ours, {ours}, is {place}"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reported(date: Option<u64>, range: Option<&str>) -> Reported {
        let mut r = Reported {
            date,
            ..Reported::default()
        };
        if let Some(range) = range {
            r.set(b"oauth_acceptable_timestamps", range.as_bytes());
        }
        r
    }

    #[test]
    fn the_date_comes_first_then_the_range() {
        assert_eq!(provider_clock(&reported(Some(5), Some("100-200"))), Some(5));
        assert_eq!(provider_clock(&reported(None, Some("100-200"))), Some(150));
        assert_eq!(provider_clock(&reported(None, Some("200-100"))), None);
        assert_eq!(provider_clock(&reported(None, Some("x-1"))), None);
        assert_eq!(provider_clock(&reported(None, None)), None);
    }

    #[test]
    fn skew_is_worded_both_ways() {
        let lines = skew(1000, &reported(Some(4600), Some("4000-5200")));
        assert_eq!(
            lines[0],
            "our oauth_timestamp 1000 is 3600 s behind the provider's clock (its Date header: 4600)"
        );
        assert_eq!(
            lines[1],
            "the provider accepts oauth_timestamp 4000 to 5200; ours, 1000, is 3000 s too early"
        );
        let lines = skew(9000, &reported(Some(8000), None));
        assert_eq!(
            lines[0],
            "our oauth_timestamp 9000 is 1000 s ahead of the provider's clock (its Date header: 8000)"
        );
    }
}
