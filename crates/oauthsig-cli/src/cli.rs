//! The command line: subcommands, options and the help text's examples.
//!
//! Every example uses the RFC 5849 §3.4.1.1 credentials and request, so what
//! `--help` shows can be pasted and checked against the RFC.

mod profile;
mod provider;

use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};
use oauthsig::SignatureMethod;
pub use profile::ProfileArg;
use provider::{AUTHORIZE_EXAMPLES, GET_EXAMPLES, REQUEST_EXAMPLES};
pub use provider::{AuthorizeArgs, GetArgs, HttpArgs, SendArgs, SendRequestArgs};
use std::path::PathBuf;

const TOP_EXAMPLES: &str = r#"Examples (the RFC 5849 §3.4.1.1 request and credentials):
  # Obtain token credentials (the three-legged flow), then call the API with them:
  export OAUTHSIG_CONSUMER_KEY=9djdj82h48djs9d2 OAUTHSIG_CONSUMER_SECRET=j49sk3j29djd
  oauthsig authorize --request-token https://api.example.com/oauth/request_token \
    --authorize https://api.example.com/oauth/authorize \
    --access-token https://api.example.com/oauth/access_token --save creds
  oauthsig get --credentials creds https://api.example.com/1/me

  oauthsig sign --no-version --realm Example \
    --consumer-key 9djdj82h48djs9d2 --consumer-secret j49sk3j29djd \
    --token kkk9d7dh3k39sjv7 --token-secret dh893hdasih9 \
    --timestamp 137131201 --nonce 7d8f3e4a -d 'c2&a3=2+q' \
    POST 'http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b'
  # prints: Authorization: OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2", ...,
  #         oauth_signature="r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D"

  # The same inputs, only the signature base string (compare with a provider's 401):
  oauthsig base-string --no-version --consumer-key 9djdj82h48djs9d2 \
    --token kkk9d7dh3k39sjv7 --timestamp 137131201 --nonce 7d8f3e4a \
    -d 'c2&a3=2+q' POST 'http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b'

  # Secrets from the environment (or --credentials FILE), never in argv:
  export OAUTHSIG_CONSUMER_KEY=9djdj82h48djs9d2 OAUTHSIG_CONSUMER_SECRET=j49sk3j29djd
  export OAUTHSIG_TOKEN=kkk9d7dh3k39sjv7 OAUTHSIG_TOKEN_SECRET=dh893hdasih9
  curl -H "$(oauthsig sign GET 'http://example.com/request?a=1')" 'http://example.com/request?a=1'
  oauthsig verify --url 'http://example.com/request?a=1' \
    -H "$(oauthsig sign GET 'http://example.com/request?a=1')"

  oauthsig token 'oauth_token=hh5s93j4hdidpola&oauth_token_secret=hdhd0244k9j7ao03&oauth_callback_confirmed=true'

Exit status: 0 success (verify: the request is valid), 1 verification failed,
or (authorize, request, get) the provider answered other than 2xx or not at
all, 2 usage or input error."#;

const SIGN_EXAMPLES: &str = r#"Examples (the RFC 5849 §3.4.1.1 request and credentials):
  oauthsig sign --no-version --realm Example \
    --consumer-key 9djdj82h48djs9d2 --consumer-secret j49sk3j29djd \
    --token kkk9d7dh3k39sjv7 --token-secret dh893hdasih9 \
    --timestamp 137131201 --nonce 7d8f3e4a -d 'c2&a3=2+q' \
    POST 'http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b'
  # prints one line:
  # Authorization: OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2",
  #   oauth_token="kkk9d7dh3k39sjv7", oauth_signature_method="HMAC-SHA1",
  #   oauth_timestamp="137131201", oauth_nonce="7d8f3e4a",
  #   oauth_signature="r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D"

  # Add --verbose to see, on stderr, every parameter with its source, the
  # normalized parameters, the base string URI, the signature base string and
  # the signing key (secrets masked unless --show-secrets). Values are octets:
  # a Latin-1 city=Mal%E9 is signed as the byte E9 and shown as "Mal\xE9".

  # Secrets kept out of argv: from the environment ...
  export OAUTHSIG_CONSUMER_KEY=9djdj82h48djs9d2 OAUTHSIG_CONSUMER_SECRET=j49sk3j29djd
  curl -H "$(oauthsig sign GET 'http://example.com/request?a=1')" 'http://example.com/request?a=1'
  # ... or from a file (chmod 600) of NAME=VALUE lines:
  #   consumer_key=9djdj82h48djs9d2
  #   consumer_secret=j49sk3j29djd
  #   token=kkk9d7dh3k39sjv7
  #   token_secret=dh893hdasih9
  oauthsig sign --credentials ~/.config/oauthsig/example --curl \
    -d 'c2&a3=2+q' POST 'http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b'

  # A JSON body, signed with oauth_body_hash (its SHA-1, whatever the method):
  oauthsig sign --credentials creds --body payload.json --content-type application/json \
    PUT https://api.example.com/1/items/7

  # RSA-SHA1 (§3.4.3; Jira, Confluence, Bitbucket), RSA-SHA256 or RSA-SHA512:
  # the consumer's private key takes the place of both secrets (none is read).
  # PEM or DER, PKCS#1 or PKCS#8; an encrypted PKCS#8 key reads its passphrase
  # from --passphrase-file FILE or $OAUTHSIG_PASSPHRASE, never from argv.
  oauthsig sign --signature-method RSA-SHA1 --private-key jira_privatekey.pem \
    --consumer-key 9djdj82h48djs9d2 --token kkk9d7dh3k39sjv7 \
    GET https://jira.example.com/rest/api/2/myself

oauth_version="1.0" is sent unless --no-version (RFC 5849 makes it optional;
the RFC's own §3.4.1.1 signature is computed without it)."#;

const BASE_STRING_EXAMPLES: &str = r#"Examples (the RFC 5849 §3.4.1.1 request; no secret is needed):
  oauthsig base-string --no-version --consumer-key 9djdj82h48djs9d2 \
    --token kkk9d7dh3k39sjv7 --timestamp 137131201 --nonce 7d8f3e4a \
    -d 'c2&a3=2+q' POST 'http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b'
  # prints:
  # POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7

Pin --nonce and --timestamp to the values of the request you are debugging."#;

const VERIFY_EXAMPLES: &str = r#"Examples (the RFC 5849 §3.4.1.1 request and credentials):
  oauthsig verify --method POST \
    --url 'http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b' -d 'c2&a3=2+q' \
    --consumer-secret j49sk3j29djd --token-secret dh893hdasih9 \
    --authorization 'OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2", oauth_token="kkk9d7dh3k39sjv7", oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131201", oauth_nonce="7d8f3e4a", oauth_signature="r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D"'

  # With a provider's 401 echo of the base string it computed:
  oauthsig verify ... --expected-base-string 'POST&http%3A%2F%2Fexample.com%2Frequest&...'

  # Round trip, secrets from the environment:
  export OAUTHSIG_CONSUMER_KEY=9djdj82h48djs9d2 OAUTHSIG_CONSUMER_SECRET=j49sk3j29djd
  oauthsig verify --url 'http://example.com/request?a=1' \
    -H "$(oauthsig sign GET 'http://example.com/request?a=1')"

  # RSA-SHA1/256/512: the consumer's public key instead of the secrets (SPKI or
  # PKCS#1, PEM or DER, an X.509 certificate, or Jira's bare base64):
  oauthsig verify --public-key jira_publickey.pem --consumer-key 9djdj82h48djs9d2 \
    --url https://jira.example.com/rest/api/2/myself -H "$header"

Checks, in order, stopping at the first failure: protocol parameters once
each (RFC 5849 §3.1) and in one location (§3.5), a known signature method,
the required parameters (§3.1, §3.3), oauth_version, oauth_timestamp,
consumer key and token against the given credentials, oauth_body_hash
against the body (SHA-1, or SHA-256 with HMAC-SHA256 and RSA-SHA256), and
the signature, with the secrets or, for an RSA method, --public-key (a
credential of the other kind fails it). Each is the library's own check,
but the comparison with the credentials given. Timestamp window and nonce
replay need a server's clock and nonce store and are not checked. When the
signature does not match, the report shows our base string next to the one
the signature was computed over (found by trying the usual client mistakes
and the deviations of providers' servers, a --profile's first: for RSA only
those in the base string, as the key cannot be built wrong);
an --expected-base-string is compared with ours whatever the outcome. Each
difference is marked with a caret and its byte offset.

Exit status: 0 valid, 1 verification failed, 2 usage or input error
(including a request that cannot be parsed)."#;

const TOKEN_EXAMPLES: &str = r#"Examples (RFC 5849 §2.1 and a Twitter-style response):
  oauthsig token 'oauth_token=hh5s93j4hdidpola&oauth_token_secret=hdhd0244k9j7ao03&oauth_callback_confirmed=true'
  # oauth_token: hh5s93j4hdidpola
  # oauth_token_secret: hdhd0244k9j7ao03
  # oauth_callback_confirmed: true

  curl -s -X POST ... | oauthsig token --json
  # {"extra":{"screen_name":"twitterapi","user_id":"6253282"},"oauth_token":"...","oauth_token_secret":"..."}

This command prints the token secret: showing the credentials is its job."#;

/// Sign, inspect and verify OAuth 1.0a (RFC 5849) requests.
#[derive(Debug, Parser)]
#[command(
    name = "oauthsig",
    version,
    about = "Sign, inspect and verify OAuth 1.0a (RFC 5849) requests: the tool for debugging a 401",
    after_help = TOP_EXAMPLES
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Sign a request; print its Authorization header (or --url, --postdata, --curl).
    #[command(after_help = SIGN_EXAMPLES)]
    Sign(SignArgs),
    /// Print only the signature base string of a request (same inputs as sign).
    #[command(after_help = BASE_STRING_EXAMPLES)]
    BaseString(RequestArgs),
    /// Check a received request and say which check failed.
    #[command(after_help = VERIFY_EXAMPLES)]
    Verify(VerifyArgs),
    /// Parse a provider's token response and print its fields (token secret included).
    #[command(after_help = TOKEN_EXAMPLES)]
    Token(TokenArgs),
    /// Obtain token credentials: the three-legged flow (RFC 5849 §2), saved to a file.
    #[command(after_help = AUTHORIZE_EXAMPLES)]
    Authorize(AuthorizeArgs),
    /// Sign and send a request; print the answer, and on a 400 or 401 what it means.
    #[command(after_help = REQUEST_EXAMPLES)]
    Request(SendRequestArgs),
    /// Sign and send a GET (`request GET URL`).
    #[command(after_help = GET_EXAMPLES)]
    Get(GetArgs),
}

/// `oauthsig sign`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("output").args(["url", "postdata", "curl"])))]
pub struct SignArgs {
    /// The request.
    #[command(flatten)]
    pub request: RequestArgs,
    /// Print the URL with the protocol parameters in its query (RFC 5849 §3.5.3).
    #[arg(long, conflicts_with = "realm")]
    pub url: bool,
    /// Print the form body, as given, with the protocol parameters appended (§3.5.2).
    #[arg(long, conflicts_with = "realm")]
    pub postdata: bool,
    /// Print a ready-to-run curl command (Authorization header, shell-quoted).
    #[arg(long)]
    pub curl: bool,
    /// Sign PLAINTEXT to an http:// URL anyway: its signature is the secrets
    /// in clear, and RFC 5849 §3.4.4 requires TLS (a warning goes to stderr).
    #[arg(long)]
    pub allow_plaintext_over_http: bool,
    /// The RSA private key, for the RSA methods.
    #[command(flatten)]
    pub key: PrivateKeyArgs,
    /// Also print, on stderr, how the signature was made.
    #[command(flatten)]
    pub verbose: VerboseArgs,
}

/// The consumer's RSA private key (RFC 5849 §3.4.3), which takes the place
/// of the shared secrets: a consumer has one or the other, so the key
/// conflicts with the secret flags.
#[derive(Debug, Args)]
pub struct PrivateKeyArgs {
    /// RSA private key file for RSA-SHA1, RSA-SHA256 and RSA-SHA512: PEM or
    /// DER, PKCS#1, PKCS#8 or encrypted PKCS#8; at least 1024 bits (a
    /// warning below 2048, and when other users can read the file).
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with_all = ["consumer_secret", "token_secret"]
    )]
    pub private_key: Option<PathBuf>,
    /// File holding the passphrase of an encrypted --private-key (one
    /// trailing newline ignored; else $OAUTHSIG_PASSPHRASE). Refused when
    /// other users can read it.
    #[arg(
        long,
        value_name = "FILE",
        requires = "private_key",
        conflicts_with_all = ["consumer_secret", "token_secret"]
    )]
    pub passphrase_file: Option<PathBuf>,
}

/// `--verbose` and `--show-secrets`.
#[derive(Debug, Args)]
pub struct VerboseArgs {
    /// Print parameters with their sources, normalized parameters, base string
    /// URI, signature base string and signing key on stderr (stdout keeps the
    /// one result line).
    #[arg(short, long)]
    pub verbose: bool,
    /// With --verbose, show the secrets in the signing key instead of their
    /// lengths (an RSA private key is never shown).
    #[arg(long, requires = "verbose")]
    pub show_secrets: bool,
}

/// What `sign` and `base-string` need to build a request.
#[derive(Debug, Args)]
pub struct RequestArgs {
    /// HTTP method, e.g. GET or POST.
    pub method: String,
    /// Absolute http or https URL, query included, percent-encoded as sent.
    #[arg(value_name = "URL")]
    pub target: String,
    /// Where the secrets come from.
    #[command(flatten)]
    pub credentials: CredentialArgs,
    /// The body.
    #[command(flatten)]
    pub body: BodyArgs,
    /// Signature method [default: HMAC-SHA1, or the --profile's]; sign
    /// takes the RSA ones' key from --private-key, and no secret.
    #[arg(long, value_enum, ignore_case = true)]
    pub signature_method: Option<MethodArg>,
    /// A provider's defaults (see --help for the list).
    #[command(flatten)]
    pub profile: ProfileArg,
    /// realm="…" in the Authorization header (never signed) [default: the
    /// --profile's, if any].
    #[arg(long)]
    pub realm: Option<String>,
    /// oauth_callback (temporary-credential request, §2.1), e.g. oob.
    #[arg(long, value_name = "URL")]
    pub callback: Option<String>,
    /// oauth_verifier (token request, §2.3).
    #[arg(long)]
    pub verifier: Option<String>,
    /// oauth_nonce to use instead of a random one (to reproduce a request).
    #[arg(long)]
    pub nonce: Option<String>,
    /// oauth_timestamp to use instead of the clock (to reproduce a request).
    #[arg(long)]
    pub timestamp: Option<String>,
    /// An extra parameter sent with the protocol parameters, NAME=VALUE, not
    /// percent-encoded; repeatable. In the header it must be an oauth_ one.
    #[arg(long, value_name = "NAME=VALUE", value_parser = parse_param)]
    pub param: Vec<(String, String)>,
    /// Do not add oauth_body_hash to a request with a non-form body.
    #[arg(long)]
    pub no_body_hash: bool,
    /// Leave out oauth_version="1.0" (optional in RFC 5849; its examples omit it).
    #[arg(long)]
    pub no_version: bool,
}

/// Credentials, each taken from its flag, else the --credentials file, else
/// the environment.
#[derive(Debug, Args)]
pub struct CredentialArgs {
    /// Consumer key (else consumer_key in --credentials, else $OAUTHSIG_CONSUMER_KEY).
    #[arg(long, value_name = "KEY")]
    pub consumer_key: Option<String>,
    /// Consumer secret (else consumer_secret in --credentials, else
    /// $OAUTHSIG_CONSUMER_SECRET; those keep it out of argv).
    #[arg(long, value_name = "SECRET")]
    pub consumer_secret: Option<String>,
    /// Token (else token in --credentials, else $OAUTHSIG_TOKEN).
    #[arg(long)]
    pub token: Option<String>,
    /// Token secret (else token_secret in --credentials, else $OAUTHSIG_TOKEN_SECRET).
    #[arg(long, value_name = "SECRET")]
    pub token_secret: Option<String>,
    /// File of NAME=VALUE lines (consumer_key, consumer_secret, token,
    /// token_secret; '#' comments; values literal, surrounding blanks
    /// ignored). Refused when other users can read it.
    #[arg(long, value_name = "FILE")]
    pub credentials: Option<PathBuf>,
}

/// The request body: form data like curl's -d, or an opaque file.
#[derive(Debug, Args)]
pub struct BodyArgs {
    /// Form data, joined with '&' when repeated (like curl -d); @FILE reads a
    /// file with CR and LF removed, @- standard input.
    #[arg(short = 'd', long = "data", value_name = "DATA")]
    pub data: Vec<String>,
    /// Body file sent as is, '-' for standard input; signed with
    /// oauth_body_hash (its SHA-1) unless its content type is form-encoded.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "data",
        requires = "content_type"
    )]
    pub body: Option<PathBuf>,
    /// Content type of the body (default for -d: application/x-www-form-urlencoded;
    /// any other type makes the -d data an opaque body).
    #[arg(long, value_name = "TYPE")]
    pub content_type: Option<String>,
}

/// `oauthsig verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// HTTP method [default: GET, or POST with a body, as curl]
    #[arg(long, short = 'X')]
    pub method: Option<String>,
    /// The absolute URL as requested, query included.
    #[arg(long)]
    pub url: String,
    /// The Authorization header value ("OAuth …"; a leading "Authorization:" is dropped).
    #[arg(long, value_name = "VALUE")]
    pub authorization: Option<String>,
    /// A request header, 'Name: value'; repeatable. Authorization,
    /// Content-Type and Host are read.
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    pub headers: Vec<String>,
    /// The base string a provider says it computed (e.g. echoed in its 401), to compare.
    #[arg(long, value_name = "TEXT")]
    pub expected_base_string: Option<String>,
    /// The time the timestamp is checked against, in Unix seconds, instead
    /// of this machine's clock: for a request recorded earlier (with
    /// --profile, the provider's window is checked at this time).
    #[arg(long, value_name = "UNIX_SECONDS")]
    pub now: Option<u64>,
    /// Where the secrets come from.
    #[command(flatten)]
    pub credentials: CredentialArgs,
    /// The consumer's RSA public key, checking RSA-SHA1, RSA-SHA256 and
    /// RSA-SHA512 requests in place of the secrets: SPKI (PUBLIC KEY) or
    /// PKCS#1 (RSA PUBLIC KEY) as PEM or DER, an X.509 certificate, or the
    /// bare base64 SPKI of Jira's application link.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with_all = ["consumer_secret", "token_secret"]
    )]
    pub public_key: Option<PathBuf>,
    /// The body.
    #[command(flatten)]
    pub body: BodyArgs,
    /// A provider's server side: its accepted methods, timestamp window and
    /// nonce lengths are checked, and its deviations tried first on a
    /// signature mismatch.
    #[command(flatten)]
    pub profile: ProfileArg,
    /// Also print, on stderr, the parameters, base string and key.
    #[command(flatten)]
    pub verbose: VerboseArgs,
}

/// `oauthsig token`.
#[derive(Debug, Args)]
pub struct TokenArgs {
    /// The response body, e.g. oauth_token=…&oauth_token_secret=… (read from
    /// standard input when absent).
    pub response: Option<String>,
    /// Print one JSON object instead of NAME: VALUE lines.
    #[arg(long)]
    pub json: bool,
}

/// `--signature-method` values, with the wire names RFC 5849 uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MethodArg {
    /// RFC 5849 §3.4.2 (the default).
    #[value(name = "HMAC-SHA1")]
    HmacSha1,
    /// The widely deployed extension of §3.4.2 to SHA-256.
    #[value(name = "HMAC-SHA256")]
    HmacSha256,
    /// The same extension to SHA-512.
    #[value(name = "HMAC-SHA512")]
    HmacSha512,
    /// RFC 5849 §3.4.3: RSASSA-PKCS1-v1_5 with SHA-1, with --private-key.
    #[value(name = "RSA-SHA1")]
    RsaSha1,
    /// RSA-SHA1 with SHA-256, with --private-key.
    #[value(name = "RSA-SHA256")]
    RsaSha256,
    /// RSA-SHA1 with SHA-512, with --private-key.
    #[value(name = "RSA-SHA512")]
    RsaSha512,
    /// RFC 5849 §3.4.4: the key itself; only over TLS.
    #[value(name = "PLAINTEXT")]
    Plaintext,
}

impl From<MethodArg> for SignatureMethod {
    fn from(m: MethodArg) -> Self {
        match m {
            MethodArg::HmacSha1 => SignatureMethod::HmacSha1,
            MethodArg::HmacSha256 => SignatureMethod::HmacSha256,
            MethodArg::HmacSha512 => SignatureMethod::HmacSha512,
            MethodArg::RsaSha1 => SignatureMethod::RsaSha1,
            MethodArg::RsaSha256 => SignatureMethod::RsaSha256,
            MethodArg::RsaSha512 => SignatureMethod::RsaSha512,
            MethodArg::Plaintext => SignatureMethod::Plaintext,
        }
    }
}

/// `NAME=VALUE`, split at the first `=`; the name must not be empty.
fn parse_param(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_owned(), value.to_owned())),
        _ => Err("expected NAME=VALUE with a non-empty NAME".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory as _;

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_method_of_the_library_can_be_named() {
        // The wire names are the library's, so a request signed with any
        // method can be reproduced (RFC 5849 §3.4 and its extensions).
        for method in SignatureMethod::ALL {
            let arg = MethodArg::from_str(method.as_str(), false).unwrap();
            assert_eq!(SignatureMethod::from(arg), method);
        }
    }

    #[test]
    fn params_split_at_the_first_equals() {
        assert_eq!(parse_param("a=b=c"), Ok(("a".into(), "b=c".into())));
        assert_eq!(parse_param("a="), Ok(("a".into(), String::new())));
        assert!(parse_param("=b").is_err());
        assert!(parse_param("ab").is_err());
    }
}
