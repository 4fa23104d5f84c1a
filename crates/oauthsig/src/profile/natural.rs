//! PHP's natural order, `strnatcmp`, as the servers of
//! [`Deviation::NaturalSortOrder`](super::Deviation::NaturalSortOrder) sort
//! encoded parameter names with it. Written from PHP 8's documented and
//! observed behaviour; `tests` holds it to the `php` command's own answers.
//!
//! What must stay true, as PHP has it:
//! - an empty string sorts before any other;
//! - zeros that lead the whole string, each followed by a digit, are
//!   skipped (`007` equals `7`), but not zeros that lead a later run;
//! - whitespace is skipped before each comparison;
//! - where both strings stand at a digit, the two runs compare
//!   left-aligned when either starts with `0` (a fraction: `01` before `1`,
//!   digit by digit) and right-aligned otherwise (a longer run is greater;
//!   of equal length, the first differing digit decides);
//! - any other bytes compare as unsigned bytes, and a string that ends
//!   first is the smaller.

use std::cmp::Ordering;

/// PHP's `strnatcmp(a, b)`, as an ordering.
pub(crate) fn natural_cmp(a: &[u8], b: &[u8]) -> Ordering {
    if a.is_empty() || b.is_empty() {
        return a.len().cmp(&b.len());
    }
    let (mut i, mut j) = (skip_leading_zeros(a), skip_leading_zeros(b));
    loop {
        (i, j) = (skip_space(a, i), skip_space(b, j));
        if byte(a, i).is_ascii_digit() && byte(b, j).is_ascii_digit() {
            let fraction = byte(a, i) == b'0' || byte(b, j) == b'0';
            let runs = if fraction {
                left_aligned(a, i, b, j)
            } else {
                right_aligned(a, i, b, j)
            };
            let (order, ri, rj) = runs;
            if order != Ordering::Equal {
                return order;
            }
            (i, j) = (ri, rj);
            if let Some(order) = ended(a, i, b, j) {
                return order;
            }
        }
        match byte(a, i).cmp(&byte(b, j)) {
            Ordering::Equal => (i, j) = (i + 1, j + 1),
            order => return order,
        }
        if let Some(order) = ended(a, i, b, j) {
            return order;
        }
    }
}

/// The byte at `i`, or 0 past the end (PHP's strings end in a NUL).
fn byte(s: &[u8], i: usize) -> u8 {
    s.get(i).copied().unwrap_or(0)
}

fn is_digit_at(s: &[u8], i: usize) -> bool {
    s.get(i).is_some_and(u8::is_ascii_digit)
}

/// The order when either string is at its end: both equal, else the one
/// that ended is the smaller.
fn ended(a: &[u8], i: usize, b: &[u8], j: usize) -> Option<Ordering> {
    match (i >= a.len(), j >= b.len()) {
        (false, false) => None,
        (true, true) => Some(Ordering::Equal),
        (true, false) => Some(Ordering::Less),
        (false, true) => Some(Ordering::Greater),
    }
}

/// Past the zeros that lead `s`, each followed by a digit.
fn skip_leading_zeros(s: &[u8]) -> usize {
    let mut i = 0;
    while byte(s, i) == b'0' && is_digit_at(s, i + 1) {
        i += 1;
    }
    i
}

/// Past C's whitespace (space, `\t`, `\n`, `\v`, `\f`, `\r`) from `i`.
fn skip_space(s: &[u8], mut i: usize) -> usize {
    while matches!(byte(s, i), b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
        i += 1;
    }
    i
}

/// Two digit runs as fractions: the first differing digit decides, and a
/// run that ends first is the smaller. Returns where both runs ended.
fn left_aligned(a: &[u8], mut i: usize, b: &[u8], mut j: usize) -> (Ordering, usize, usize) {
    loop {
        let order = match (is_digit_at(a, i), is_digit_at(b, j)) {
            (false, false) => return (Ordering::Equal, i, j),
            (false, true) => Ordering::Less,
            (true, false) => Ordering::Greater,
            (true, true) => byte(a, i).cmp(&byte(b, j)),
        };
        if order != Ordering::Equal {
            return (order, i, j);
        }
        (i, j) = (i + 1, j + 1);
    }
}

/// Two digit runs as integers: the longer is greater, and of two as long
/// the first differing digit decides. Returns where both runs ended.
fn right_aligned(a: &[u8], mut i: usize, b: &[u8], mut j: usize) -> (Ordering, usize, usize) {
    let mut first_difference = Ordering::Equal;
    loop {
        match (is_digit_at(a, i), is_digit_at(b, j)) {
            (false, false) => return (first_difference, i, j),
            (false, true) => return (Ordering::Less, i, j),
            (true, false) => return (Ordering::Greater, i, j),
            (true, true) => {
                if first_difference == Ordering::Equal {
                    first_difference = byte(a, i).cmp(&byte(b, j));
                }
            }
        }
        (i, j) = (i + 1, j + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::process::{Command, Stdio};

    /// Bytes that exercise every rule: zeros and other digits, letters,
    /// the `%` escapes and brackets of encoded names, whitespace.
    const ALPHABET: &[u8] = b"0000111299aaAbZ%5BD[]_-. \x0c";

    /// `n` pairs of strings up to 8 bytes, from a fixed seed (xorshift).
    fn pairs(n: usize) -> Vec<(String, String)> {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut text = || {
            let len = (next() % 9) as usize;
            (0..len)
                .map(|_| char::from(ALPHABET[(next() % ALPHABET.len() as u64) as usize]))
                .collect::<String>()
        };
        (0..n).map(|_| (text(), text())).collect()
    }

    fn flag(name: &str) -> bool {
        std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
    }

    /// What `php -r script` prints for `input`, or `None` when there is no
    /// `php` command and nothing requires one (`scripts/check` sets
    /// `OAUTHSIG_REQUIRE_PHP`, and `tests/interop/setup.sh` installs it).
    fn php(script: &str, input: &str) -> Option<String> {
        let child = Command::new("php")
            .args(["-r", script])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn();
        let mut child = match child {
            Ok(child) => child,
            Err(e) if !(flag("CI") || flag("OAUTHSIG_REQUIRE_PHP")) => {
                eprintln!("skipping: no php command ({e})");
                return None;
            }
            Err(e) => panic!("php is required (OAUTHSIG_REQUIRE_PHP / CI): {e}"),
        };
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input.as_bytes()).unwrap();
        drop(stdin);
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "php failed");
        Some(String::from_utf8(out.stdout).unwrap())
    }

    #[test]
    fn agrees_with_php_strnatcmp() {
        let pairs = pairs(20_000);
        let input: String = pairs.iter().map(|(a, b)| format!("{a}\t{b}\n")).collect();
        let script = r#"while (($l = fgets(STDIN)) !== false) {
            [$a, $b] = explode("\t", substr($l, 0, -1));
            echo strnatcmp($a, $b) <=> 0, "\n";
        }"#;
        let Some(answers) = php(script, &input) else {
            return;
        };
        let answers: Vec<&str> = answers.lines().collect();
        assert_eq!(answers.len(), pairs.len());
        for ((a, b), php) in pairs.iter().zip(answers) {
            let ours = match natural_cmp(a.as_bytes(), b.as_bytes()) {
                Ordering::Less => "-1",
                Ordering::Equal => "0",
                Ordering::Greater => "1",
            };
            assert_eq!(ours, php, "strnatcmp({a:?}, {b:?})");
        }
    }

    #[test]
    fn sorts_encoded_magento_names_as_php_does() {
        let names = [
            "searchCriteria%5BfilterGroups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bfield%5D",
            "searchCriteria%5BfilterGroups%5D%5B10%5D%5Bfilters%5D%5B0%5D%5Bfield%5D",
            "searchCriteria%5BfilterGroups%5D%5B2%5D%5Bfilters%5D%5B01%5D%5Bvalue%5D",
            "searchCriteria%5BfilterGroups%5D%5B2%5D%5Bfilters%5D%5B1%5D%5Bvalue%5D",
            "searchCriteria%5BpageSize%5D",
            "searchCriteria%5BcurrentPage%5D",
            "item007",
            "item7",
            "item08",
            "oauth_consumer_key",
            "oauth_nonce",
            "oauth_signature_method",
            "oauth_timestamp",
            "oauth_token",
            "oauth_version",
        ];
        let script = r#"$k = array_map('rtrim', file('php://stdin'));
            usort($k, 'strnatcmp');
            echo implode("\n", $k), "\n";"#;
        let Some(php) = php(script, &(names.join("\n") + "\n")) else {
            return;
        };
        let mut ours = names;
        ours.sort_by(|a, b| natural_cmp(a.as_bytes(), b.as_bytes()));
        assert_eq!(ours.to_vec(), php.lines().collect::<Vec<_>>());
    }
}
