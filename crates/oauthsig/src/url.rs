//! Appending to a URL's query while leaving the rest of it as given: the
//! existing query is kept byte for byte (it was signed as sent) and a
//! fragment stays last, where RFC 3986 §3 puts it.

/// Appends what `write` writes (encoded `name=value&…` text) to the query
/// of `url`, before any fragment; `url` is unchanged when it writes nothing.
pub(crate) fn extend_query(url: &mut String, write: impl FnOnce(&mut String)) {
    let at = fragment_start(url);
    extend_query_at(url, at, &mut String::new(), write);
}

/// Where `url`'s fragment starts: its first `#`, else its end.
pub(crate) fn fragment_start(url: &str) -> usize {
    url.find('#').unwrap_or(url.len())
}

/// [`extend_query`] for a `url` whose fragment starts at `at`
/// ([`fragment_start`]), holding the fragment meanwhile in `scratch`;
/// returns where the fragment starts afterwards. Costs the text written,
/// the fragment and the path before the `?`, not the query: a query grown
/// one pair at a time grows in linear time.
pub(crate) fn extend_query_at(
    url: &mut String,
    at: usize,
    scratch: &mut String,
    write: impl FnOnce(&mut String),
) -> usize {
    scratch.clear();
    scratch.push_str(url.get(at..).unwrap_or(""));
    url.truncate(at);
    let unchanged = url.len();
    match url.split_once('?') {
        None => url.push('?'),
        // `http://h/?` and `http://h/?a=1&` need no separator of their own.
        Some((_, query)) if query.is_empty() || query.ends_with('&') => {}
        Some(_) => url.push('&'),
    }
    let start = url.len();
    write(url);
    if url.len() == start {
        url.truncate(unchanged);
    }
    let end = url.len();
    url.push_str(scratch);
    end
}

#[cfg(test)]
mod tests {
    use super::{extend_query, extend_query_at, fragment_start};

    fn append(url: &str, pairs: &str) -> String {
        let mut url = url.to_owned();
        extend_query(&mut url, |u| u.push_str(pairs));
        url
    }

    #[test]
    fn separators_and_fragment() {
        assert_eq!(append("http://h/p", "a=1"), "http://h/p?a=1");
        assert_eq!(append("http://h/p?x=1", "a=1"), "http://h/p?x=1&a=1");
        assert_eq!(append("http://h/p?", "a=1"), "http://h/p?a=1");
        assert_eq!(append("http://h/p?x=1&", "a=1"), "http://h/p?x=1&a=1");
        assert_eq!(
            append("http://h/p?x=1#f?g", "a=1"),
            "http://h/p?x=1&a=1#f?g"
        );
        assert_eq!(append("http://h/p#f", "a=1"), "http://h/p?a=1#f");
        assert_eq!(append("http://h/p?x=%20#f", ""), "http://h/p?x=%20#f");
        assert_eq!(append("http://h/p", ""), "http://h/p");
    }

    /// Growing in place with the fragment's start carried along writes
    /// what growing anew each time writes.
    #[test]
    fn growing_in_place_is_growing_anew() {
        for url in [
            "http://h/p",
            "http://h/p?x=1",
            "http://h/p?",
            "http://h/p#f?g",
            "http://h/p?x#f#g",
        ] {
            let (mut anew, mut grown) = (url.to_owned(), url.to_owned());
            let (mut at, mut scratch) = (fragment_start(url), String::new());
            for pair in ["a=1", "", "b=2", "c="] {
                extend_query(&mut anew, |u| u.push_str(pair));
                at = extend_query_at(&mut grown, at, &mut scratch, |u| u.push_str(pair));
                assert_eq!(grown, anew);
                assert_eq!(at, fragment_start(&grown), "{grown}");
            }
        }
    }
}
