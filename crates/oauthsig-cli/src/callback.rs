//! The one-shot loopback server that catches the provider's redirect after
//! the resource owner approves (RFC 5849 §2.2): `GET /callback?
//! oauth_token=…&oauth_verifier=…` on 127.0.0.1.
//!
//! What must stay true: it listens on the loopback address only; it hands
//! out a verifier only for the temporary token it was started for (another
//! token is answered 400 and ignored, so a page cannot feed it someone
//! else's authorization); anything else a browser asks (`/favicon.ico`) is
//! answered 404 and ignored; and the wait is bounded, in time and in the
//! number of requests. The verifier is never echoed in a page.

use crate::error::Error;
use crate::output::{Printable, octets};
use oauthsig::oauthsig_core::Part;
use oauthsig::oauthsig_core::params::pairs;
use std::io::{ErrorKind, Read as _, Write as _};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

/// The path of the callback URL.
const PATH: &str = "/callback";
/// Requests answered before giving up (a browser asks for a favicon or two).
const MAX_REQUESTS: usize = 32;
/// The longest request head read.
const MAX_HEAD: usize = 8192;
/// How long one connection may take to send its head.
const READ_TIMEOUT: Duration = Duration::from_secs(5);
/// How often the listener is polled while waiting.
const POLL: Duration = Duration::from_millis(25);

/// The listening server.
pub struct Server {
    listener: TcpListener,
    port: u16,
}

/// What one request to the server brought.
#[derive(Debug, PartialEq, Eq)]
enum Caught {
    /// The verifier, for our token.
    Verifier(String),
    /// The resource owner refused (Twitter's `denied=…`).
    Denied,
    /// Something else: answered, and the wait goes on.
    Ignored(Option<String>),
}

impl Server {
    /// Listens on 127.0.0.1:`port` (0: a free port).
    ///
    /// # Errors
    /// When the port cannot be had.
    pub fn bind(port: u16) -> Result<Self, Error> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port))
            .map_err(|e| Error::new(format!("--port {port}: cannot listen on 127.0.0.1: {e}")))?;
        let port = listener
            .local_addr()
            .map_err(|e| Error::new(format!("cannot read the callback server's port: {e}")))?
            .port();
        Ok(Server { listener, port })
    }

    /// The callback URL, `http://127.0.0.1:PORT/callback`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}{PATH}", self.port)
    }

    /// Waits at most `limit` for the redirect carrying `token` and returns
    /// its `oauth_verifier`.
    ///
    /// # Errors
    /// No such redirect in time or within [`MAX_REQUESTS`], a denial, or a
    /// listener that fails.
    pub fn wait(&self, token: &str, limit: Duration) -> Result<String, Error> {
        self.listener
            .set_nonblocking(true)
            .map_err(|e| Error::failed(format!("callback server: {e}")))?;
        let deadline = Instant::now() + limit;
        let mut answered = 0;
        while answered < MAX_REQUESTS {
            let stream = match self.listener.accept() {
                Ok((stream, _)) => stream,
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    if Instant::now() >= deadline {
                        return Err(Error::failed(format!(
                            "no redirect to {} within {} s (--wait)",
                            self.url(),
                            limit.as_secs()
                        )));
                    }
                    std::thread::sleep(POLL);
                    continue;
                }
                Err(e) => return Err(Error::failed(format!("callback server: {e}"))),
            };
            answered += 1;
            match serve(stream, token) {
                Caught::Verifier(v) => return Ok(v),
                Caught::Denied => {
                    return Err(Error::failed("the resource owner denied access"));
                }
                Caught::Ignored(Some(why)) => {
                    let _ = writeln!(std::io::stderr(), "warning: callback: {why}");
                }
                Caught::Ignored(None) => {}
            }
        }
        Err(Error::failed(format!(
            "{MAX_REQUESTS} requests to the callback server and none was the redirect"
        )))
    }
}

/// Reads one request, answers it, and says what it brought.
fn serve(mut stream: TcpStream, token: &str) -> Caught {
    let head = match read_head(&mut stream) {
        Some(head) => head,
        None => return Caught::Ignored(None),
    };
    let (status, page, caught) = judge(&head, token);
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n\
         Content-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{page}",
        page.len()
    );
    let _ = stream.write_all(response.as_bytes());
    let _ = stream.flush();
    caught
}

/// The request head, up to its blank line; `None` when it does not come
/// whole in time.
fn read_head(stream: &mut TcpStream) -> Option<String> {
    stream.set_nonblocking(false).ok()?;
    stream.set_read_timeout(Some(READ_TIMEOUT)).ok()?;
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).ok().filter(|&n| n > 0)?;
        head.extend_from_slice(&buf[..n]);
        if head.len() > MAX_HEAD {
            return None;
        }
    }
    String::from_utf8(head).ok()
}

/// The answer to a request head: status, page, and what it brought.
fn judge(head: &str, token: &str) -> (&'static str, &'static str, Caught) {
    const DONE: &str = "<p>oauthsig: authorized. You can close this window.</p>";
    const DENIED: &str = "<p>oauthsig: access denied. You can close this window.</p>";
    const WRONG: &str = "<p>oauthsig: this is not the authorization oauthsig is waiting for.</p>";
    let line = head.lines().next().unwrap_or("");
    let mut words = line.split(' ');
    let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if method != "GET" || path != PATH {
        return ("404 Not Found", "", Caught::Ignored(None));
    }
    let field = |name: &str| field(query, name);
    if field("denied").is_some() {
        return ("200 OK", DENIED, Caught::Denied);
    }
    match (field("oauth_token"), field("oauth_verifier")) {
        (Some(t), Some(v)) if t == token && !v.is_empty() => ("200 OK", DONE, Caught::Verifier(v)),
        (Some(t), _) if t != token => (
            "400 Bad Request",
            WRONG,
            Caught::Ignored(Some(format!(
                "a redirect for another oauth_token (\"{}\"), ignored",
                Printable(&t)
            ))),
        ),
        _ => (
            "400 Bad Request",
            WRONG,
            Caught::Ignored(Some(
                "a redirect without oauth_token and oauth_verifier, ignored".to_owned(),
            )),
        ),
    }
}

/// The first value of `name` in a query, decoded; `None` if absent or not UTF-8.
fn field(query: &str, name: &str) -> Option<String> {
    pairs(query, Part::Query)
        .map_while(Result::ok)
        .find(|(n, _, _)| n.eq_decoded(name.as_bytes()))
        .and_then(|(_, v, _)| String::from_utf8(octets(&v)).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(target: &str) -> String {
        format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    }

    #[test]
    fn the_redirect_for_our_token_gives_the_verifier() {
        let (status, page, caught) =
            judge(&get("/callback?oauth_token=T1&oauth_verifier=v%2B1"), "T1");
        assert_eq!(status, "200 OK");
        assert_eq!(caught, Caught::Verifier("v+1".into()));
        assert!(!page.contains("v+1"));
    }

    #[test]
    fn other_requests_are_ignored() {
        let (status, _, caught) = judge(&get("/favicon.ico"), "T1");
        assert_eq!((status, caught), ("404 Not Found", Caught::Ignored(None)));
        let (status, _, caught) = judge(&get("/callback?oauth_token=T2&oauth_verifier=v"), "T1");
        assert_eq!(status, "400 Bad Request");
        assert!(matches!(caught, Caught::Ignored(Some(why)) if why.contains("T2")));
        let (_, _, caught) = judge(&get("/callback?oauth_token=T1"), "T1");
        assert!(matches!(caught, Caught::Ignored(Some(_))));
        let (_, _, caught) = judge(
            "POST /callback?oauth_token=T1&oauth_verifier=v HTTP/1.1\r\n\r\n",
            "T1",
        );
        assert_eq!(caught, Caught::Ignored(None));
        let (_, _, caught) = judge(&get("/callback?denied=T1"), "T1");
        assert_eq!(caught, Caught::Denied);
    }

    #[test]
    fn the_server_waits_past_a_favicon_and_stops_in_time() {
        let server = Server::bind(0).unwrap();
        let url = server.url();
        assert!(url.starts_with("http://127.0.0.1:"));
        let port = server.port;
        let browser = std::thread::spawn(move || {
            for target in [
                "/favicon.ico",
                "/callback?oauth_token=T1&oauth_verifier=abc",
            ] {
                let mut s = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).unwrap();
                s.write_all(get(target).as_bytes()).unwrap();
                let mut answer = String::new();
                s.read_to_string(&mut answer).unwrap();
            }
        });
        assert_eq!(server.wait("T1", Duration::from_secs(10)).unwrap(), "abc");
        browser.join().unwrap();
        let started = Instant::now();
        let e = server.wait("T1", Duration::from_millis(100)).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("no redirect to http://127.0.0.1:"),
            "{e}"
        );
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
