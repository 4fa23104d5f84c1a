//! The options of the commands that talk to a provider: `authorize` (the
//! three-legged flow of RFC 5849 §2), `request` and `get` (§3: sign, send,
//! and read the answer).

use super::{BodyArgs, CredentialArgs, MethodArg, PrivateKeyArgs};
use clap::{ArgGroup, Args};
use oauthsig::SignatureMethod;
use oauthsig::reqwest::OAuth1;
use std::path::PathBuf;

pub(super) const AUTHORIZE_EXAMPLES: &str = r#"Examples (secrets from the environment or --credentials FILE, never argv):
  export OAUTHSIG_CONSUMER_KEY=9djdj82h48djs9d2 OAUTHSIG_CONSUMER_SECRET=j49sk3j29djd
  oauthsig authorize --request-token https://api.example.com/oauth/request_token \
    --authorize https://api.example.com/oauth/authorize \
    --access-token https://api.example.com/oauth/access_token --save ~/.config/oauthsig/example
  # prints the authorization URL; open it, approve, type the PIN (oauth_verifier) shown;
  # then: token credentials saved to ~/.config/oauthsig/example (mode 0600)

  # The provider redirects to a one-shot server on 127.0.0.1 instead of showing a PIN
  # (--port for a provider that wants the registered callback's port), a browser opened:
  oauthsig authorize --loopback --port 8765 --open ... --save creds

  # Then every request signs with the saved file:
  oauthsig get --credentials ~/.config/oauthsig/example https://api.example.com/1/me

Steps: POST --request-token signed with oauth_callback (oob, or the loopback
URL) and the provider must answer oauth_callback_confirmed=true (§2.1);
the resource owner approves at --authorize?oauth_token=... (§2.2); the
verifier is read from the PIN prompt, or from the redirect, whose
oauth_token must be the temporary one; POST --access-token with the
verifier (§2.3). Fields the provider adds (screen_name, user_id) are
printed; the token and its secret only with --show-secrets.

Exit status: 0 authorized, 1 the provider refused a step (what it said is
explained) or could not be reached, 2 usage or input error."#;

pub(super) const REQUEST_EXAMPLES: &str = r#"Examples (credentials from the environment, or --credentials FILE as `authorize --save` writes):
  export OAUTHSIG_CONSUMER_KEY=9djdj82h48djs9d2 OAUTHSIG_CONSUMER_SECRET=j49sk3j29djd
  export OAUTHSIG_TOKEN=kkk9d7dh3k39sjv7 OAUTHSIG_TOKEN_SECRET=dh893hdasih9
  oauthsig request -d 'status=hello%20world' POST https://api.example.com/1/statuses/update
  oauthsig request -i --body item.json --content-type application/json PUT https://api.example.com/1/items/7
  oauthsig request --query GET 'https://api.example.com/1/search?q=a%20b'   # oauth_* in the URL (§3.5.3)
  oauthsig request --cacert corp-ca.pem --max-time 10 GET https://api.internal.example/1/me

On a 400 or 401 the answer is read for what the provider says (RFC 5849
§3.2; the OAuth Problem Reporting extension): oauth_problem in
WWW-Authenticate or the body (form or JSON), oauth_problem_advice, and an
echoed oauth_signature_base_string, which is diffed against ours and named
by the usual mistake that turns one into the other (the search `verify`
uses). timestamp_refused shows the clock skew from the provider's Date
header (or oauth_acceptable_timestamps); --fix-clock then signs once more
with the provider's clock.

Redirects are not followed: the signature covers the URL, so a redirect is
reported with its Location, never re-sent with the credentials. -v shows
what was signed and sent on stderr (secrets as their lengths; a PLAINTEXT
signature masked unless --show-secrets).

Exit status: 0 a 2xx answer, 1 any other answer (3xx included) or no answer
(connection, TLS, --max-time), 2 usage or input error."#;

pub(super) const GET_EXAMPLES: &str = r#"Examples (`oauthsig get URL` is `oauthsig request GET URL`):
  export OAUTHSIG_CONSUMER_KEY=9djdj82h48djs9d2 OAUTHSIG_CONSUMER_SECRET=j49sk3j29djd
  export OAUTHSIG_TOKEN=kkk9d7dh3k39sjv7 OAUTHSIG_TOKEN_SECRET=dh893hdasih9
  oauthsig get 'https://api.example.com/1/items?page=2'
  oauthsig get -i --credentials ~/.config/oauthsig/example https://api.example.com/1/me

Exit status: 0 a 2xx answer, 1 any other answer or no answer, 2 usage or
input error. See `oauthsig request --help` for the diagnosis of a 401."#;

/// `oauthsig authorize`.
#[derive(Debug, Args)]
#[command(group(
    ArgGroup::new("keep")
        .args(["save", "show_secrets"])
        .required(true)
        .multiple(true)
))]
pub struct AuthorizeArgs {
    /// The temporary-credential request endpoint (§2.1).
    #[arg(long, value_name = "URL")]
    pub request_token: String,
    /// The resource-owner authorization endpoint (§2.2).
    #[arg(long = "authorize", value_name = "URL")]
    pub authorize_url: String,
    /// The token request endpoint (§2.3).
    #[arg(long, value_name = "URL")]
    pub access_token: String,
    /// The consumer's credentials (a token is what this command obtains).
    #[command(flatten)]
    pub credentials: CredentialArgs,
    /// The RSA private key, for the RSA methods.
    #[command(flatten)]
    pub key: PrivateKeyArgs,
    /// Signature method of the two signed requests.
    #[arg(long, value_enum, ignore_case = true, default_value = "HMAC-SHA1")]
    pub signature_method: MethodArg,
    /// Catch the provider's redirect on a one-shot server on 127.0.0.1
    /// (oauth_callback=http://127.0.0.1:PORT/callback) instead of oob and a
    /// PIN prompt.
    #[arg(long)]
    pub loopback: bool,
    /// The loopback server's port (0: any free one; a provider that checks
    /// the callback against a registered URL needs that URL's).
    #[arg(long, value_name = "PORT", default_value_t = 0, requires = "loopback")]
    pub port: u16,
    /// Open the authorization URL with xdg-open (open on macOS); it is
    /// printed either way.
    #[arg(long)]
    pub open: bool,
    /// Seconds to wait for the provider's redirect with --loopback.
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    pub wait: u64,
    /// Write consumer and token credentials to FILE, a --credentials file
    /// for the other commands (mode 0600; replaced if it exists).
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,
    /// Print the token credentials on stdout (never printed otherwise).
    #[arg(long)]
    pub show_secrets: bool,
    /// TLS and time limit.
    #[command(flatten)]
    pub http: HttpArgs,
}

/// How requests are sent.
#[derive(Debug, Args)]
pub struct HttpArgs {
    /// PEM file of CA certificates trusted besides the system's (a private CA).
    #[arg(long, value_name = "FILE")]
    pub cacert: Option<PathBuf>,
    /// Give up on a request after SECONDS: connecting, sending and reading the answer.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub max_time: f64,
    /// Sign PLAINTEXT to an http:// URL anyway: its signature is the secrets
    /// in clear, and RFC 5849 §3.4.4 requires TLS (a warning goes to stderr).
    #[arg(long)]
    pub allow_plaintext_over_http: bool,
}

impl HttpArgs {
    /// `oauth`, allowed to sign PLAINTEXT to `url` over http when the user
    /// said so (with the warning).
    pub fn transport(&self, oauth: OAuth1, method: SignatureMethod, url: &str) -> OAuth1 {
        if !self.allow_plaintext_over_http {
            return oauth;
        }
        crate::sign::warn_if_plaintext_over_http(method, url);
        oauth.allow_plaintext_over_http()
    }
}

/// `oauthsig request`.
#[derive(Debug, Args)]
pub struct SendRequestArgs {
    /// HTTP method, e.g. GET or POST.
    pub method: String,
    /// Absolute http or https URL, query included, percent-encoded as sent.
    #[arg(value_name = "URL")]
    pub target: String,
    /// The body.
    #[command(flatten)]
    pub body: BodyArgs,
    /// Everything else.
    #[command(flatten)]
    pub send: SendArgs,
}

/// `oauthsig get`.
#[derive(Debug, Args)]
pub struct GetArgs {
    /// Absolute http or https URL, query included, percent-encoded as sent.
    #[arg(value_name = "URL")]
    pub target: String,
    /// Everything else.
    #[command(flatten)]
    pub send: SendArgs,
}

/// What `request` and `get` share: credentials, signing, output, transport.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("placement").args(["query", "form"])))]
pub struct SendArgs {
    /// Where the secrets come from.
    #[command(flatten)]
    pub credentials: CredentialArgs,
    /// The RSA private key, for the RSA methods.
    #[command(flatten)]
    pub key: PrivateKeyArgs,
    /// Signature method; the RSA ones sign with --private-key, no secret.
    #[arg(long, value_enum, ignore_case = true, default_value = "HMAC-SHA1")]
    pub signature_method: MethodArg,
    /// realm="…" in the Authorization header (never signed).
    #[arg(long, conflicts_with = "placement")]
    pub realm: Option<String>,
    /// Send the protocol parameters in the URL's query (§3.5.3), not the header.
    #[arg(long)]
    pub query: bool,
    /// Send the protocol parameters in the form body (§3.5.2), not the header.
    #[arg(long)]
    pub form: bool,
    /// Do not add oauth_body_hash to a request with a non-form body.
    #[arg(long)]
    pub no_body_hash: bool,
    /// Leave out oauth_version="1.0" (optional in RFC 5849).
    #[arg(long)]
    pub no_version: bool,
    /// A request header, 'Name: value'; repeatable (not Authorization,
    /// which the signature writes).
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    pub headers: Vec<String>,
    /// Print the answer's status line and headers before its body, like curl -i.
    #[arg(short = 'i', long)]
    pub include: bool,
    /// Print on stderr what was signed (parameters, base string, key) and
    /// the request and answer heads.
    #[arg(short, long)]
    pub verbose: bool,
    /// With --verbose, show the secrets instead of their lengths.
    #[arg(long, requires = "verbose")]
    pub show_secrets: bool,
    /// On oauth_problem=timestamp_refused, sign once more with the
    /// provider's clock (its Date header, else the middle of
    /// oauth_acceptable_timestamps).
    #[arg(long)]
    pub fix_clock: bool,
    /// TLS and time limit.
    #[command(flatten)]
    pub http: HttpArgs,
}
