//! `oauthsig authorize`: the three-legged flow of RFC 5849 §2, as twurl
//! runs it. Temporary credentials with `oauth_callback` (§2.1: `oob`, or
//! the [`callback`] server's URL), which the provider must
//! confirm (`oauth_callback_confirmed=true`, RFC 5849 §2.1, the OAuth 1.0a
//! fix against session fixation); the resource owner's approval at the
//! authorization URL (§2.2), whose verifier is typed in or caught by the
//! callback; the token credentials (§2.3), saved and/or shown.
//!
//! Both signed requests go through the library's reqwest adapter, as
//! `request` sends; a refused step is explained as `request` explains it.
//! What must stay true: the token credentials are printed only with
//! `--show-secrets`, and saved only to a file created 0600.

use crate::Outcome;
use crate::callback;
use crate::cli::AuthorizeArgs;
use crate::client::{Client, Exchange, Outgoing};
use crate::consumer::{Signer, WithToken};
use crate::credentials::{self, Credentials};
use crate::error::Error;
use crate::output::Printable;
use crate::problem::{self, Context, Reported};
use crate::sign::print_line;
use oauthsig::reqwest::OAuth1;
use oauthsig::{Request, Token};
use std::io::{BufRead as _, Write as _};
use std::time::Duration;

/// `oauthsig authorize`.
pub fn run(args: &AuthorizeArgs) -> Result<Outcome, Error> {
    if args.credentials.token.is_some() || args.credentials.token_secret.is_some() {
        return Err(Error::new(
            "authorize obtains the token credentials: leave out --token and --token-secret",
        ));
    }
    let creds = Credentials::resolve(&args.credentials)?;
    let method = args.signature_method.into();
    let signer = Signer::of(method, &creds, &args.key, false, WithToken::Never)?;
    let client = Client::new(&args.http)?;
    let server = match args.loopback {
        true => Some(callback::Server::bind(args.port)?),
        false => None,
    };
    let callback = server
        .as_ref()
        .map_or_else(|| "oob".to_owned(), |s| s.url());
    let step = Step {
        client: &client,
        signer: &signer,
        creds: &creds,
    };
    let oauth = |url: &str| args.http.transport(signer.oauth1(), method, url);
    let initiate = oauth(&args.request_token).callback(&callback);
    let temporary = step.obtain(&initiate, &args.request_token, "temporary credentials")?;
    if !temporary.callback_confirmed() {
        return Err(Error::failed(format!(
            "{} did not answer oauth_callback_confirmed=true (RFC 5849 §2.1): a provider of \
             OAuth 1.0 without the 1.0a fix, or not a temporary-credential endpoint",
            args.request_token
        )));
    }
    let url = Request::from_token_and_callback(&temporary, None, "GET", &args.authorize_url)
        .map_err(|e| Error::new(format!("--authorize: {e}")))?
        .to_url();
    let verifier = match &server {
        Some(server) => {
            ask(
                &url,
                args.open,
                &format!("the provider then redirects to {}", server.url()),
            )?;
            server.wait(temporary.key(), Duration::from_secs(args.wait))?
        }
        None => {
            ask(&url, args.open, "then type the verifier (PIN) it shows")?;
            prompt()?
        }
    };
    let exchange = oauth(&args.access_token)
        .token(temporary)
        .verifier(&verifier);
    let token = step.obtain(&exchange, &args.access_token, "token credentials")?;
    finish(args, &signer, &token)?;
    Ok(Outcome::Success)
}

/// What a signed step of the flow needs.
struct Step<'a> {
    client: &'a Client,
    signer: &'a Signer<'a>,
    creds: &'a Credentials,
}

impl Step<'_> {
    /// POSTs to `url` signed by `oauth` and reads the credentials answered
    /// (§2.1, §2.3); a refusal is explained on stderr.
    fn obtain(&self, oauth: &OAuth1, url: &str, what: &str) -> Result<Token, Error> {
        let outgoing = Outgoing {
            method: "POST",
            url,
            headers: &[],
            body: None,
        };
        let exchange = self.client.send(oauth, &outgoing)?;
        let answer = &exchange.answer;
        if !answer.is_success() {
            self.explain(&exchange)?;
            return Err(Error::failed(format!(
                "{url} refused the request for {what}: {}",
                answer.status_line()
            )));
        }
        let text = String::from_utf8_lossy(&answer.body);
        text.trim().parse().map_err(|e| {
            Error::failed(format!(
                "{url} answered {}, but not with {what} (oauth_token=…&oauth_token_secret=…): {e}",
                answer.status_line()
            ))
        })
    }

    /// The findings on a refused step, as `request` gives them.
    fn explain(&self, exchange: &Exchange) -> Result<(), Error> {
        let reported = Reported::read(&exchange.answer);
        let mut received = exchange.sent.received()?;
        let ours = received.base_string().to_string();
        let consumer = self.creds.consumer_key.as_ref();
        let ctx = Context {
            timestamp: received.timestamp().ok().flatten(),
            received: &received,
            ours: &ours,
            consumer_key: (
                self.signer.consumer_key(),
                consumer.map_or_else(String::new, |k| k.origin.to_string()),
            ),
            key_origin: crate::request::key_origin(&self.signer.shown),
            fix_clock: false,
        };
        let mut err = String::new();
        for line in problem::findings(&reported, &ctx) {
            err.push_str(&format!("diagnosis: {line}\n"));
        }
        let _ = std::io::stderr().write_all(err.as_bytes());
        Ok(())
    }
}

/// Shows the authorization URL (stderr: stdout is for the result) and
/// opens it when asked.
fn ask(url: &str, open: bool, then: &str) -> Result<(), Error> {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "Open this URL and approve access; {then}:\n  {url}");
    if open {
        if let Err(why) = open_browser(url) {
            let _ = writeln!(err, "warning: --open: {why}; open the URL yourself");
        }
    }
    Ok(())
}

/// Hands `url` to the desktop's opener; never waits for the browser.
fn open_browser(url: &str) -> Result<(), String> {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
            return Err("no display to open a browser on".to_owned());
        }
        "xdg-open"
    };
    std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(drop)
        .map_err(|e| format!("cannot run {opener}: {e}"))
}

/// Reads the verifier from standard input.
fn prompt() -> Result<String, Error> {
    let _ = write!(std::io::stderr(), "verifier: ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::new(format!("cannot read the verifier: {e}")))?;
    let verifier = line.trim();
    if verifier.is_empty() {
        return Err(Error::new("no verifier given"));
    }
    Ok(verifier.to_owned())
}

/// Saves and/or shows the token credentials, then the provider's extra
/// fields (`screen_name`, `user_id`), which are not secret.
fn finish(args: &AuthorizeArgs, signer: &Signer<'_>, token: &Token) -> Result<(), Error> {
    let mut lines = Vec::new();
    if let Some(path) = &args.save {
        let mut entries = vec![("consumer_key", signer.consumer_key())];
        if let Some(secret) = signer.consumer_secret() {
            entries.push(("consumer_secret", secret));
        }
        entries.extend([("token", token.key()), ("token_secret", token.secret())]);
        let comment = format!("oauthsig authorize at {}", args.access_token);
        credentials::save(path, &comment, &entries)?;
        lines.push(format!(
            "token credentials saved to {} (mode 0600)",
            path.display()
        ));
    }
    if args.show_secrets {
        lines.push(format!("oauth_token: {}", Printable(token.key())));
        lines.push(format!("oauth_token_secret: {}", Printable(token.secret())));
    }
    for (name, value) in token.extra() {
        lines.push(format!("{}: {}", Printable(name), Printable(value)));
    }
    print_line(&lines.join("\n"))
}
