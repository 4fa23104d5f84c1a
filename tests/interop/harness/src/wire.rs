//! Byte-exact HTTP/1.1 requests over a fresh loopback connection.
//!
//! The tamper and replay tests must send what a peer signed, byte for byte,
//! and then the same bytes with exactly one byte changed. A general HTTP
//! client would normalise or refuse some of those (it parses the URL, it
//! validates header values), so this writes the request itself. One request
//! per connection, `Connection: close`: nothing carries over between cases.

use serde_json::Value;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// Largest response accepted (the verifier's answers are small JSON).
const MAX_RESPONSE: u64 = 1 << 20;

/// A request as sent: method, request target (`/path?query`), headers in
/// order, body. `Content-Length` and `Connection` are added on the wire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawRequest {
    /// The method token.
    pub method: String,
    /// The origin-form request target.
    pub target: String,
    /// Header fields, in order (`Host` included).
    pub headers: Vec<(String, String)>,
    /// The body octets.
    pub body: Vec<u8>,
}

impl RawRequest {
    /// Reads one line of a peer client's `--dump` output:
    /// `{"method": .., "url": "http://host:port/path?query", "headers": {..}, "body": str|null}`.
    /// `Host` comes from the URL unless the dump has one; a dumped
    /// `Content-Length` is dropped (it is recomputed on the wire).
    ///
    /// # Errors
    /// A message for anything else.
    pub fn from_dump_line(line: &str) -> Result<RawRequest, String> {
        let doc: Value = serde_json::from_str(line)
            .map_err(|e| format!("dump line is not JSON ({e}): {line}"))?;
        let field = |name: &str| {
            doc.get(name)
                .ok_or_else(|| format!("dump line without {name:?}: {line}"))
        };
        let method = field("method")?
            .as_str()
            .ok_or_else(|| format!("dump method is not a string: {line}"))?;
        let url = field("url")?
            .as_str()
            .ok_or_else(|| format!("dump url is not a string: {line}"))?;
        let rest = url
            .strip_prefix("http://")
            .ok_or_else(|| format!("dump url is not http://: {url}"))?;
        let (authority, target) = match rest.find(['/', '?']) {
            Some(i) if rest.as_bytes()[i] == b'/' => (&rest[..i], rest[i..].to_owned()),
            Some(i) => (&rest[..i], format!("/{}", &rest[i..])),
            None => (rest, "/".to_owned()),
        };
        let mut headers = Vec::new();
        let dumped = field("headers")?
            .as_object()
            .ok_or_else(|| format!("dump headers are not an object: {line}"))?;
        if !dumped.keys().any(|k| k.eq_ignore_ascii_case("host")) {
            headers.push(("Host".to_owned(), authority.to_owned()));
        }
        for (name, value) in dumped {
            if name.eq_ignore_ascii_case("content-length") {
                continue;
            }
            let value = value
                .as_str()
                .ok_or_else(|| format!("dump header {name} is not a string: {line}"))?;
            headers.push((name.clone(), value.to_owned()));
        }
        let body = match field("body")? {
            Value::Null => Vec::new(),
            Value::String(s) => s.clone().into_bytes(),
            other => return Err(format!("dump body is neither string nor null: {other}")),
        };
        Ok(RawRequest {
            method: method.to_owned(),
            target,
            headers,
            body,
        })
    }

    /// The first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The request on the wire.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(256 + self.body.len());
        out.extend_from_slice(self.method.as_bytes());
        out.push(b' ');
        out.extend_from_slice(self.target.as_bytes());
        out.extend_from_slice(b" HTTP/1.1\r\n");
        for (name, value) in &self.headers {
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b": ");
            out.extend_from_slice(value.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        if !self.body.is_empty() {
            out.extend_from_slice(format!("Content-Length: {}\r\n", self.body.len()).as_bytes());
        }
        out.extend_from_slice(b"Connection: close\r\n\r\n");
        out.extend_from_slice(&self.body);
        out
    }
}

/// A response: status, headers, body.
#[derive(Clone, Debug)]
pub struct RawResponse {
    /// The status code.
    pub status: u16,
    /// Header fields, in order.
    pub headers: Vec<(String, String)>,
    /// The body octets.
    pub body: Vec<u8>,
}

impl RawResponse {
    /// The first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON, when it is.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// Sends `request` to `addr` on a new connection and reads the response;
/// every step is bounded by `timeout`.
///
/// # Errors
/// Connection, I/O and timeout errors; `InvalidData` for a response that is
/// not HTTP/1.1 or is truncated.
pub fn send(addr: SocketAddr, request: &RawRequest, timeout: Duration) -> io::Result<RawResponse> {
    let mut stream = TcpStream::connect_timeout(&addr, timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    stream.write_all(&request.to_bytes())?;
    // `Connection: close`: the response ends where the stream does.
    let mut raw = Vec::new();
    stream.take(MAX_RESPONSE).read_to_end(&mut raw)?;
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> io::Result<RawResponse> {
    let bad = |what: String| io::Error::new(io::ErrorKind::InvalidData, what);
    let mut fields = [httparse::EMPTY_HEADER; 32];
    let mut response = httparse::Response::new(&mut fields);
    let head_len = match response.parse(raw) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Err(bad("truncated response head".to_owned())),
        Err(e) => return Err(bad(format!("bad response head: {e}"))),
    };
    let status = response.code.unwrap_or(0);
    let headers: Vec<(String, String)> = response
        .headers
        .iter()
        .map(|h| {
            (
                h.name.to_owned(),
                String::from_utf8_lossy(h.value).into_owned(),
            )
        })
        .collect();
    let body = &raw[head_len..];
    let length = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .map(|(_, v)| v.trim().parse::<usize>())
        .transpose()
        .map_err(|e| bad(format!("bad Content-Length: {e}")))?;
    let body = match length {
        Some(n) if n <= body.len() => &body[..n],
        Some(n) => return Err(bad(format!("body of {} bytes, expected {n}", body.len()))),
        None => body,
    };
    Ok(RawResponse {
        status,
        headers,
        body: body.to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dump_lines_become_requests() -> Result<(), String> {
        let line = r#"{"method":"POST","url":"http://127.0.0.1:9/resource","headers":{"Content-Length":"3","Content-Type":"text/plain"},"body":"a=1"}"#;
        let r = RawRequest::from_dump_line(line)?;
        assert_eq!(r.target, "/resource");
        assert_eq!(r.header("host"), Some("127.0.0.1:9"));
        assert_eq!(r.header("content-length"), None);
        let wire = String::from_utf8_lossy(&r.to_bytes()).into_owned();
        assert!(wire.starts_with("POST /resource HTTP/1.1\r\nHost: 127.0.0.1:9\r\n"));
        assert!(wire.ends_with("Content-Length: 3\r\nConnection: close\r\n\r\na=1"));

        let q = RawRequest::from_dump_line(
            r#"{"method":"GET","url":"http://h:1?x=1","headers":{},"body":null}"#,
        )?;
        assert_eq!((q.target.as_str(), q.body.len()), ("/?x=1", 0));
        Ok(())
    }

    #[test]
    fn responses_are_cut_at_content_length() -> io::Result<()> {
        let r = parse_response(b"HTTP/1.1 401 Unauthorized\r\nContent-Length: 2\r\n\r\n{}junk")?;
        assert_eq!((r.status, r.body.as_slice()), (401, &b"{}"[..]));
        assert!(parse_response(b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n{}").is_err());
        Ok(())
    }
}
