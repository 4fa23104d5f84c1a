//! RFC 7230 §3.2.6 `token`: what HTTP methods and `Authorization` header
//! parameter names are made of (RFC 5849 §3.5.1 uses the auth-param
//! grammar; §3.4.1.1 puts the method in the base string).

/// Whether `c` is a `tchar`.
pub(crate) const fn tchar(c: u8) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            b'!' | b'#'
                | b'$'
                | b'%'
                | b'&'
                | b'\''
                | b'*'
                | b'+'
                | b'-'
                | b'.'
                | b'^'
                | b'_'
                | b'`'
                | b'|'
                | b'~'
        )
}

/// [`tchar`] as a table, for scanners that read a byte at a time.
const TCHAR: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = tchar(i as u8);
        i += 1;
    }
    t
};

/// [`tchar`], by table.
#[inline]
pub(crate) fn is_tchar(c: u8) -> bool {
    TCHAR[usize::from(c)]
}

/// Whether `s` is a non-empty token.
///
/// ```
/// assert!(oauthsig_core::token::is_token("POST"));
/// assert!(!oauthsig_core::token::is_token("GE T"));
/// assert!(!oauthsig_core::token::is_token(""));
/// ```
pub fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_tchar)
}

#[cfg(test)]
mod tests {
    #[test]
    fn table_agrees_with_the_rule() {
        for c in 0..=u8::MAX {
            let want = c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c);
            assert_eq!(super::is_tchar(c), want, "{c:#x}");
        }
    }
}
