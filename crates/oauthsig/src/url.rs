//! Appending to a URL's query while leaving the rest of it as given: the
//! existing query is kept byte for byte (it was signed as sent) and a
//! fragment stays last, where RFC 3986 §3 puts it.

/// `url` with `pairs` (already encoded `name=value&…` text) appended to its
/// query, before any fragment.
pub(crate) fn append_query(url: &str, pairs: &str) -> String {
    if pairs.is_empty() {
        return url.to_owned();
    }
    let (base, fragment) = match url.split_once('#') {
        Some((base, fragment)) => (base, Some(fragment)),
        None => (url, None),
    };
    let mut out = String::with_capacity(url.len() + pairs.len() + 2);
    out.push_str(base);
    match base.split_once('?') {
        None => out.push('?'),
        // `http://h/?` and `http://h/?a=1&` need no separator of their own.
        Some((_, query)) if query.is_empty() || query.ends_with('&') => {}
        Some(_) => out.push('&'),
    }
    out.push_str(pairs);
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::append_query;

    #[test]
    fn separators_and_fragment() {
        assert_eq!(append_query("http://h/p", "a=1"), "http://h/p?a=1");
        assert_eq!(append_query("http://h/p?x=1", "a=1"), "http://h/p?x=1&a=1");
        assert_eq!(append_query("http://h/p?", "a=1"), "http://h/p?a=1");
        assert_eq!(append_query("http://h/p?x=1&", "a=1"), "http://h/p?x=1&a=1");
        assert_eq!(
            append_query("http://h/p?x=1#f?g", "a=1"),
            "http://h/p?x=1&a=1#f?g"
        );
        assert_eq!(append_query("http://h/p#f", "a=1"), "http://h/p?a=1#f");
        assert_eq!(append_query("http://h/p?x=%20#f", ""), "http://h/p?x=%20#f");
    }
}
