//! Reference implementations the fuzz targets compare oauthsig-core against.
//!
//! Each is written from the RFC 5849 text (and, where the RFC leaves a choice,
//! from oauthsig-core's *documented* choice), byte by byte, allocating freely
//! and sharing no code with the library: slow and obvious on purpose, so a
//! disagreement points at a bug in one of the two. Nothing here is fast or
//! heap-free; it only has to be right.
//!
//! Future targets (the std `Verifier`, the token parser, the C ABI) reuse the
//! same references: a verifier decision is `reference::verify`, a token
//! string is `reference::form_pairs`.

pub mod reference {
    use oauthsig_core::SignatureMethod;

    /// RFC 5849 §3.6: ALPHA, DIGIT, `-`, `.`, `_`, `~` pass; the rest is
    /// `%XX` with uppercase hex.
    pub fn unreserved(b: u8) -> bool {
        b.is_ascii_uppercase()
            || b.is_ascii_lowercase()
            || b.is_ascii_digit()
            || b == b'-'
            || b == b'.'
            || b == b'_'
            || b == b'~'
    }

    /// §3.6 percent-encoding of raw octets, one byte at a time.
    pub fn encode(bytes: &[u8]) -> String {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let mut out = String::new();
        for &b in bytes {
            if unreserved(b) {
                out.push(b as char);
            } else {
                out.push('%');
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 0x0f) as usize] as char);
            }
        }
        out
    }

    fn hex_value(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    }

    /// Decodes `%XX` escapes (and `+` as a space when `plus_is_space`, the
    /// `application/x-www-form-urlencoded` rule). `None` for a `%` not
    /// followed by two hex digits.
    pub fn decode(wire: &[u8], plus_is_space: bool) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < wire.len() {
            match wire[i] {
                b'%' => {
                    let hi = hex_value(*wire.get(i + 1)?)?;
                    let lo = hex_value(*wire.get(i + 2)?)?;
                    out.push(hi * 16 + lo);
                    i += 3;
                }
                b'+' if plus_is_space => {
                    out.push(b' ');
                    i += 1;
                }
                c => {
                    out.push(c);
                    i += 1;
                }
            }
        }
        Some(out)
    }

    /// A decoded name/value pair.
    pub type Pair = (Vec<u8>, Vec<u8>);

    /// `application/x-www-form-urlencoded` pairs, decoded: split on `&`, skip
    /// empty pieces, split each at its first `=` (none: empty value). `None`
    /// when any name or value has a malformed escape.
    pub fn form_pairs(text: &str) -> Option<Vec<Pair>> {
        let mut out = Vec::new();
        for piece in text.split('&') {
            if piece.is_empty() {
                continue;
            }
            let (name, value) = match piece.find('=') {
                Some(eq) => (&piece[..eq], &piece[eq + 1..]),
                None => (piece, ""),
            };
            out.push((
                decode(name.as_bytes(), true)?,
                decode(value.as_bytes(), true)?,
            ));
        }
        Some(out)
    }

    /// The query of a URL: after the first `?`, before the first `#`.
    pub fn query_of(url: &str) -> &str {
        let before_fragment = match url.find('#') {
            Some(i) => &url[..i],
            None => url,
        };
        match before_fragment.find('?') {
            Some(i) => &before_fragment[i + 1..],
            None => "",
        }
    }

    /// RFC 3986 pchar minus the escape digits, plus `/` and `%`: what a path
    /// may carry verbatim. Other octets are escaped as a client sends them
    /// (oauthsig-core's documented choice for raw spaces and non-ASCII).
    fn path_verbatim(b: u8) -> bool {
        unreserved(b) || b"!$&'()*+,;=:@/%".contains(&b)
    }

    /// The base string URI of §3.4.1.2 as text, or `None` when the URL cannot
    /// be signed. `host` replaces the URL's authority (a server uses the
    /// `Host` header).
    pub fn base_string_uri(url: &str, host: Option<&str>) -> Option<String> {
        let b = url.as_bytes();
        // Scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) then "://".
        let colon = b.iter().position(|&c| c == b':')?;
        let scheme = &b[..colon];
        if scheme.is_empty() || !scheme[0].is_ascii_alphabetic() {
            return None;
        }
        if !scheme
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || c == b'+' || c == b'-' || c == b'.')
        {
            return None;
        }
        if b.get(colon + 1) != Some(&b'/') || b.get(colon + 2) != Some(&b'/') {
            return None;
        }
        let mut i = colon + 3;
        let auth_start = i;
        while i < b.len() && !matches!(b[i], b'/' | b'?' | b'#') {
            i += 1;
        }
        let authority = &url[auth_start..i];
        let path_start = i;
        while i < b.len() && !matches!(b[i], b'?' | b'#') {
            i += 1;
        }
        let path = &b[path_start..i];
        for (k, &c) in path.iter().enumerate() {
            if c == b'%' {
                let ok = k + 2 < path.len()
                    && hex_value(path[k + 1]).is_some()
                    && hex_value(path[k + 2]).is_some();
                if !ok {
                    return None;
                }
            }
        }
        let hostport = match host {
            Some(h) => h,
            // Userinfo ends at the last '@' of the authority.
            None => match authority.rfind('@') {
                Some(at) => &authority[at + 1..],
                None => authority,
            },
        };
        let (hostname, port) = if let Some(inner) = hostport.strip_prefix('[') {
            let close = inner.find(']')? + 1;
            let rest = &hostport[close + 1..];
            if rest.is_empty() {
                (&hostport[..=close], None)
            } else {
                (&hostport[..=close], Some(rest.strip_prefix(':')?))
            }
        } else {
            match hostport.find(':') {
                Some(c) => (&hostport[..c], Some(&hostport[c + 1..])),
                None => (hostport, None),
            }
        };
        if hostname.is_empty()
            || !hostname
                .bytes()
                .all(|c| (0x21..=0x7e).contains(&c) && !matches!(c, b'/' | b'?' | b'#' | b'@'))
        {
            return None;
        }
        let port: Option<u32> = match port {
            None | Some("") => None,
            Some(p) => {
                if p.len() > 5 || !p.bytes().all(|c| c.is_ascii_digit()) {
                    return None;
                }
                let n: u32 = p.parse().ok()?;
                if n == 0 || n > 65535 {
                    return None;
                }
                Some(n)
            }
        };
        let scheme = String::from_utf8(scheme.to_ascii_lowercase()).ok()?;
        let default = match scheme.as_str() {
            "http" => Some(80),
            "https" => Some(443),
            _ => None,
        };
        let mut out = scheme;
        out.push_str("://");
        out.push_str(&hostname.to_ascii_lowercase());
        if let Some(p) = port.filter(|&p| Some(p) != default) {
            out.push_str(&format!(":{p}"));
        }
        if path.is_empty() {
            out.push('/');
        }
        for &c in path {
            if path_verbatim(c) {
                out.push(c as char);
            } else {
                out.push_str(&encode(&[c]));
            }
        }
        Some(out)
    }

    /// Whether `m` is an RFC 7230 token (what an HTTP method must be).
    pub fn is_token(m: &str) -> bool {
        !m.is_empty()
            && m.bytes()
                .all(|c| c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c))
    }

    /// §3.4.1.3.2: encode every name and value, sort by name then value
    /// (byte order of the encoded text), join as `n=v&…`.
    pub fn normalized(params: &[Pair]) -> String {
        let mut enc: Vec<(String, String)> =
            params.iter().map(|(n, v)| (encode(n), encode(v))).collect();
        enc.sort();
        enc.iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// §3.4.1.1: `METHOD&encode(uri)&encode(normalized parameters)`.
    /// `params` are the signed parameters (no `oauth_signature`, no header
    /// `realm`).
    pub fn base_string(method: &str, uri: &str, params: &[Pair]) -> Option<String> {
        if !is_token(method) {
            return None;
        }
        Some(format!(
            "{}&{}&{}",
            method.to_ascii_uppercase(),
            encode(uri.as_bytes()),
            encode(normalized(params).as_bytes())
        ))
    }

    /// The key text of §3.4.2 / §3.4.4: `encode(cs)&encode(ts)`.
    pub fn key(consumer_secret: &str, token_secret: &str) -> String {
        format!(
            "{}&{}",
            encode(consumer_secret.as_bytes()),
            encode(token_secret.as_bytes())
        )
    }

    /// HMAC over `base` with `key`, base64 (standard, padded).
    pub fn mac(method: SignatureMethod, key: &str, base: &str) -> Option<String> {
        use base64::Engine as _;
        use hmac::{KeyInit, Mac};
        let tag = match method {
            SignatureMethod::HmacSha1 => {
                let mut m = hmac::Hmac::<sha1::Sha1>::new_from_slice(key.as_bytes()).ok()?;
                m.update(base.as_bytes());
                m.finalize().into_bytes().to_vec()
            }
            SignatureMethod::HmacSha256 => {
                let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(key.as_bytes()).ok()?;
                m.update(base.as_bytes());
                m.finalize().into_bytes().to_vec()
            }
            _ => return None,
        };
        Some(base64::engine::general_purpose::STANDARD.encode(tag))
    }

    /// A parsed `Authorization: OAuth …` header, decoded.
    #[derive(Debug, Default, PartialEq, Eq)]
    pub struct Header {
        /// Every parameter but `realm` and `oauth_signature`, in order.
        pub params: Vec<Pair>,
        /// The realm (quoted-string unescaped).
        pub realm: Option<Vec<u8>>,
        /// The signature (percent-decoded).
        pub signature: Option<Vec<u8>>,
    }

    fn ws(c: u8) -> bool {
        matches!(c, b' ' | b'\t' | b'\r' | b'\n')
    }

    fn tchar(c: u8) -> bool {
        c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c)
    }

    /// Parses an `Authorization` header by oauthsig-core's documented
    /// grammar (§3.5.1 over RFC 7235 auth-params): `OAuth` in any case, then
    /// `name = "value"` items separated by one comma each, whitespace around
    /// the separators, names percent-decoded, values percent-decoded except
    /// `realm`'s (a quoted-string), no control character but HTAB inside the
    /// quotes, at most `max` items, no name twice.
    pub fn parse_header(h: &str, max: usize) -> Option<Header> {
        parse_header_with(h, max, true)
    }

    /// [`parse_header`], optionally allowing a name twice (what the lazy
    /// iterator checks: syntax only).
    pub fn parse_header_with(h: &str, max: usize, reject_duplicates: bool) -> Option<Header> {
        let items = header_items(h, max)?;
        let mut out = Header::default();
        for (i, (name, value)) in items.iter().enumerate() {
            if reject_duplicates && items[..i].iter().any(|(n, _)| n == name) {
                return None;
            }
            if name == b"realm" {
                out.realm = Some(value.clone());
            } else if name == b"oauth_signature" {
                out.signature = Some(value.clone());
            } else {
                out.params.push((name.clone(), value.clone()));
            }
        }
        Some(out)
    }

    /// An `Authorization` header as a server collects it
    /// (`header::collect_authorization`, §3.4.1.3.1).
    #[derive(Debug, Default, PartialEq, Eq)]
    pub struct Collected {
        /// Every parameter but `realm`, `oauth_signature` included, in order.
        pub params: Vec<Pair>,
        /// The realm (quoted-string unescaped).
        pub realm: Option<Vec<u8>>,
    }

    /// Collects a header's parameters by oauthsig-core's documented rule:
    /// the [`parse_header`] grammar; a second `realm`, or a second parameter
    /// of a name that does not start with `oauth_`, makes it malformed; a
    /// repeated `oauth_*` name is kept (a verifier refuses it: each protocol
    /// parameter once, §3.1).
    pub fn collect_header(h: &str, max: usize) -> Option<Collected> {
        let items = header_items(h, max)?;
        let mut out = Collected::default();
        for (name, value) in items {
            if name == b"realm" {
                if out.realm.replace(value).is_some() {
                    return None;
                }
                continue;
            }
            let repeated = out.params.iter().any(|(n, _)| *n == name);
            if repeated && !name.starts_with(b"oauth_") {
                return None;
            }
            out.params.push((name, value));
        }
        Some(out)
    }

    /// The first `oauth_*` name to appear a second time in `params`, if any.
    pub fn first_repeated_oauth(params: &[Pair]) -> Option<&[u8]> {
        params.iter().enumerate().find_map(|(i, (name, _))| {
            (name.starts_with(b"oauth_") && params[..i].iter().any(|(n, _)| n == name))
                .then_some(name.as_slice())
        })
    }

    /// Whether the header's scheme is `OAuth` (any case; RFC 7235 §2.1):
    /// a server reads the parameters of that scheme only.
    pub fn is_oauth_scheme(h: &str) -> bool {
        let t = h.trim_start_matches(|c: char| c.is_ascii() && ws(c as u8));
        let b = t.as_bytes();
        b.len() >= 5 && b[..5].eq_ignore_ascii_case(b"oauth") && b.get(5).is_none_or(|&c| ws(c))
    }

    /// The items of a header in order, names and values decoded (`realm`'s
    /// value quoted-string unescaped, the others percent-decoded), or `None`
    /// when it breaks the grammar or has more than `max` items.
    fn header_items(h: &str, max: usize) -> Option<Vec<Pair>> {
        let b = h.as_bytes();
        let mut i = 0;
        while i < b.len() && ws(b[i]) {
            i += 1;
        }
        if b.len() < i + 5 || !b[i..i + 5].eq_ignore_ascii_case(b"oauth") {
            return None;
        }
        i += 5;
        if i < b.len() && !ws(b[i]) {
            return None;
        }
        let mut out: Vec<Pair> = Vec::new();
        loop {
            while i < b.len() && ws(b[i]) {
                i += 1;
            }
            if i == b.len() {
                return Some(out);
            }
            if !out.is_empty() {
                if b[i] != b',' {
                    return None;
                }
                i += 1;
                while i < b.len() && ws(b[i]) {
                    i += 1;
                }
            }
            if i == b.len() || b[i] == b',' || out.len() == max {
                return None;
            }
            let (item, next) = header_item(b, i)?;
            out.push(item);
            i = next;
        }
    }

    /// One `name = "value"` item starting at `i`, and where it ends.
    fn header_item(b: &[u8], mut i: usize) -> Option<(Pair, usize)> {
        let name_start = i;
        while i < b.len() && tchar(b[i]) {
            i += 1;
        }
        if i == name_start {
            return None;
        }
        let name = decode(&b[name_start..i], false)?;
        while i < b.len() && ws(b[i]) {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            return None;
        }
        i += 1;
        while i < b.len() && ws(b[i]) {
            i += 1;
        }
        if b.get(i) != Some(&b'"') {
            return None;
        }
        i += 1;
        let mut raw = Vec::new();
        let mut unescaped = Vec::new();
        // RFC 7230 qdtext / quoted-pair: no control character but HTAB.
        let ctl = |c: u8| (c < 0x20 && c != b'\t') || c == 0x7f;
        loop {
            match b.get(i) {
                None => return None,
                Some(b'"') => break,
                Some(&c) if ctl(c) => return None,
                Some(b'\\') => {
                    // quoted-pair: the next octet stands for itself.
                    let next = *b.get(i + 1)?;
                    if ctl(next) {
                        return None;
                    }
                    raw.extend_from_slice(&[b'\\', next]);
                    unescaped.push(next);
                    i += 2;
                }
                Some(&c) => {
                    raw.push(c);
                    unescaped.push(c);
                    i += 1;
                }
            }
        }
        // Percent values are taken as they stand between the quotes (a
        // backslash is just an octet there); the realm is a quoted-string.
        let value = if name == b"realm" {
            unescaped
        } else {
            decode(&raw, false)?
        };
        Some(((name, value), i + 1))
    }

    /// A request as a server receives it.
    #[derive(Debug, Clone)]
    pub struct Request<'a> {
        /// The HTTP method.
        pub method: &'a str,
        /// The request URL (absolute).
        pub url: &'a str,
        /// A form-encoded body.
        pub body: &'a str,
        /// The `Authorization` header value.
        pub header: &'a str,
    }

    /// What signing `req` means: its base string, key text and the decoded
    /// `oauth_signature`, or `None` when the request cannot be checked.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Meaning {
        /// The signature base string.
        pub base: String,
        /// The key text `encode(cs)&encode(ts)`.
        pub key: String,
        /// The presented signature, decoded.
        pub signature: Vec<u8>,
    }

    /// Reads a request the way §3.4.1 says a server must.
    pub fn meaning(
        req: &Request<'_>,
        consumer_secret: &str,
        token_secret: &str,
        max_header_params: usize,
    ) -> Option<Meaning> {
        let header = parse_header(req.header, max_header_params)?;
        let signature = header.signature?;
        let mut params = header.params;
        params.extend(form_pairs(query_of(req.url))?);
        params.extend(form_pairs(req.body)?);
        // A query or body parameter named oauth_signature is not signed.
        params.retain(|(n, _)| n != b"oauth_signature");
        let uri = base_string_uri(req.url, None)?;
        // §3.4.1.2: the base string URI is an http or https URI; a server
        // receives no other.
        if !(uri.starts_with("http://") || uri.starts_with("https://")) {
            return None;
        }
        let base = base_string(req.method, &uri, &params)?;
        Some(Meaning {
            base,
            key: key(consumer_secret, token_secret),
            signature,
        })
    }

    /// What a server checks of the parameters beyond the signature, as
    /// `verify::Received::check_once` and `check_signature` do: every
    /// `oauth_*` name appears once among the header, query and body
    /// parameters together (§3.1), and `oauth_signature_method` names
    /// `method`, the method of the server's key for this client.
    pub fn once_and_named(
        req: &Request<'_>,
        method: SignatureMethod,
        max_header_params: usize,
    ) -> bool {
        let (Some(header), Some(query), Some(body)) = (
            collect_header(req.header, max_header_params),
            form_pairs(query_of(req.url)),
            form_pairs(req.body),
        ) else {
            return false;
        };
        let all: Vec<Pair> = query.into_iter().chain(body).chain(header.params).collect();
        first_repeated_oauth(&all).is_none()
            && all
                .iter()
                .any(|(n, v)| n == b"oauth_signature_method" && v == method.as_str().as_bytes())
    }

    /// Whether a server must accept `m` under `method`.
    pub fn accepts(method: SignatureMethod, m: &Meaning, plaintext_max_key: usize) -> bool {
        match method {
            SignatureMethod::Plaintext => {
                m.key.len() <= plaintext_max_key && m.signature == m.key.as_bytes()
            }
            _ => mac(method, &m.key, &m.base).is_some_and(|s| s.as_bytes() == m.signature),
        }
    }
}

/// Decodes a `Text` into a byte vector (the library's lazy decoder).
pub fn decoded(t: &oauthsig_core::Text<'_>) -> Vec<u8> {
    t.decoded().collect()
}
