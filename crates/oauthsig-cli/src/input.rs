//! Request bodies from the command line: form data given like curl's `-d`
//! (joined with `&`, `@FILE` read with CR and LF removed, `@-` standard
//! input), or an opaque `--body FILE` sent byte for byte. Whether a body's
//! parameters are signed (RFC 5849 §3.4.1.3.1) or only its hash is decided
//! by the content type, as a server decides.

use crate::cli::BodyArgs;
use crate::error::Error;
use oauthsig::{FORM_CONTENT_TYPE, is_form_content_type};
use std::io::Read as _;
use std::path::{Path, PathBuf};

/// A request body and how to describe and resend it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Body {
    /// The octets sent.
    pub bytes: Vec<u8>,
    /// The `Content-Type` sent with them.
    pub content_type: String,
    /// Where the octets came from.
    pub origin: Origin,
}

/// Where a [`Body`] came from (curl is told to send it the same way).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// `-d` arguments (possibly with `@FILE` parts), already joined.
    Data,
    /// `--body FILE`.
    File(PathBuf),
    /// `--body -`.
    Stdin,
}

impl Body {
    /// Whether the body is `application/x-www-form-urlencoded`, so its
    /// parameters are signed.
    pub fn is_form(&self) -> bool {
        is_form_content_type(&self.content_type)
    }

    /// The body as form text.
    ///
    /// # Errors
    /// When the octets are not UTF-8, naming the first bad byte.
    pub fn form_text(&self) -> Result<&str, Error> {
        std::str::from_utf8(&self.bytes).map_err(|e| {
            Error::new(format!(
                "form body is not valid UTF-8 at byte {}",
                e.valid_up_to()
            ))
        })
    }
}

/// Reads the body the options describe, if any.
///
/// # Errors
/// Unreadable files, standard input named twice, `--content-type` without
/// a body.
pub fn read_body(args: &BodyArgs) -> Result<Option<Body>, Error> {
    let mut stdin = Stdin::default();
    if let Some(path) = &args.body {
        let (bytes, origin) = if path == Path::new("-") {
            (stdin.read("--body -")?, Origin::Stdin)
        } else {
            let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
            (bytes, Origin::File(path.clone()))
        };
        let content_type = args
            .content_type
            .clone()
            .ok_or_else(|| Error::new("--body needs --content-type"))?;
        return Ok(Some(Body {
            bytes,
            content_type,
            origin,
        }));
    }
    if args.data.is_empty() {
        return match &args.content_type {
            Some(_) => Err(Error::new(
                "--content-type needs a body: -d DATA or --body FILE",
            )),
            None => Ok(None),
        };
    }
    let mut bytes = Vec::new();
    for (i, item) in args.data.iter().enumerate() {
        if i > 0 {
            bytes.push(b'&');
        }
        match item.strip_prefix('@') {
            // curl -d @file drops carriage returns and newlines.
            Some(name) => {
                let content = if name == "-" {
                    stdin.read("-d @-")?
                } else {
                    let path = Path::new(name);
                    std::fs::read(path).map_err(|e| Error::io(path, &e))?
                };
                bytes.extend(content.into_iter().filter(|b| !matches!(b, b'\r' | b'\n')));
            }
            None => bytes.extend_from_slice(item.as_bytes()),
        }
    }
    Ok(Some(Body {
        bytes,
        content_type: args
            .content_type
            .clone()
            .unwrap_or_else(|| FORM_CONTENT_TYPE.to_owned()),
        origin: Origin::Data,
    }))
}

/// Standard input, which can be read once per command.
#[derive(Default)]
struct Stdin {
    used_by: Option<&'static str>,
}

impl Stdin {
    fn read(&mut self, by: &'static str) -> Result<Vec<u8>, Error> {
        if let Some(first) = self.used_by {
            return Err(Error::new(format!(
                "{by}: standard input is already read by {first}"
            )));
        }
        self.used_by = Some(by);
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(Path::new("-"), &e))?;
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(data: &[&str], content_type: Option<&str>) -> BodyArgs {
        BodyArgs {
            data: data.iter().map(|s| (*s).to_owned()).collect(),
            body: None,
            content_type: content_type.map(str::to_owned),
        }
    }

    #[test]
    fn data_joins_like_curl() {
        let body = read_body(&args(&["a=1", "b=2"], None)).unwrap().unwrap();
        assert_eq!(body.bytes, b"a=1&b=2");
        assert!(body.is_form());
        assert_eq!(body.origin, Origin::Data);
    }

    #[test]
    fn data_files_lose_line_breaks() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("form");
        std::fs::write(&file, "c2&a3=2+q\r\n").unwrap();
        let at = format!("@{}", file.display());
        let body = read_body(&args(&["x=1", &at], None)).unwrap().unwrap();
        assert_eq!(body.bytes, b"x=1&c2&a3=2+q");
    }

    #[test]
    fn another_content_type_makes_data_opaque() {
        let body = read_body(&args(&[r#"{"a":1}"#], Some("application/json")))
            .unwrap()
            .unwrap();
        assert!(!body.is_form());
        assert!(is_form_content_type(
            "Application/X-WWW-Form-Urlencoded; charset=utf-8"
        ));
    }

    #[test]
    fn content_type_alone_is_an_error() {
        let e = read_body(&args(&[], Some("text/plain"))).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--content-type needs a body: -d DATA or --body FILE"
        );
        assert_eq!(read_body(&args(&[], None)), Ok(None));
    }

    #[test]
    fn missing_files_are_named() {
        let e = read_body(&args(&["@/nonexistent/oauthsig"], None)).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("cannot read /nonexistent/oauthsig: "),
            "{e}"
        );
    }
}
