//! Appending to a URL's query while leaving the rest of it as given: the
//! existing query is kept byte for byte (it was signed as sent) and a
//! fragment stays last, where RFC 3986 §3 puts it.

/// Appends what `write` writes (encoded `name=value&…` text) to the query
/// of `url`, before any fragment; `url` is unchanged when it writes nothing.
pub(crate) fn extend_query(url: &mut String, write: impl FnOnce(&mut String)) {
    let fragment = url.find('#').map(|i| url.split_off(i));
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
    if let Some(fragment) = fragment {
        url.push_str(&fragment);
    }
}

#[cfg(test)]
mod tests {
    use super::extend_query;

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
}
