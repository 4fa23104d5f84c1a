//! The three-legged OAuth 1.0a flow (RFC 5849 §2) with reqwest, signed by
//! `oauthsig::reqwest`: temporary credentials with `oauth_callback`, the
//! resource owner's authorization, token credentials with `oauth_verifier`,
//! then a protected resource through the signing middleware.
//!
//! ```text
//! OAUTH_CONSUMER_KEY=… OAUTH_CONSUMER_SECRET=… \
//!   cargo run -p oauthsig --features reqwest,reqwest-middleware \
//!   --example reqwest_three_legged -- BASE_URL [--auto-authorize] [--callback URL]
//!   [--request-token PATH] [--authorize PATH] [--access-token PATH] [--resource PATH]
//! ```
//!
//! The paths default to those of `tests/interop/provider.py` (the oauthlib
//! provider of the interop suite, whose fixture client is
//! `interop-client-key-0001` / `interop-client-secret`): `/request_token`,
//! `/authorize`, `/access_token`, `/resource?q=hello%20world`. The callback
//! defaults to `oob`. With `--auto-authorize` the example fetches the
//! authorization URL itself and reads `oauth_verifier` from the answer (what
//! provider.py's auto-approving endpoint gives); otherwise it prints the URL
//! for you to open and reads the verifier from stdin.
//!
//! The secrets come from the environment, never the command line. This
//! build of reqwest has no TLS stack (oauthsig does not choose one): an
//! `https` provider needs reqwest's `rustls` or `native-tls` feature in your
//! own Cargo.toml.

use oauthsig::reqwest::OAuth1;
use oauthsig::{Consumer, Request, Token};
use std::error::Error;
use std::io::BufRead;

struct Args {
    base: String,
    auto_authorize: bool,
    callback: String,
    request_token: String,
    authorize: String,
    access_token: String,
    resource: String,
}

const USAGE: &str = "usage: reqwest_three_legged BASE_URL [--auto-authorize] [--callback URL] \
     [--request-token PATH] [--authorize PATH] [--access-token PATH] [--resource PATH]\n\
     with OAUTH_CONSUMER_KEY and OAUTH_CONSUMER_SECRET in the environment";

fn args() -> Result<Args, String> {
    let mut argv = std::env::args().skip(1);
    let mut args = Args {
        base: String::new(),
        auto_authorize: false,
        callback: "oob".to_owned(),
        request_token: "/request_token".to_owned(),
        authorize: "/authorize".to_owned(),
        access_token: "/access_token".to_owned(),
        resource: "/resource?q=hello%20world".to_owned(),
    };
    while let Some(arg) = argv.next() {
        let mut value = || argv.next().ok_or(format!("{arg} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--auto-authorize" => args.auto_authorize = true,
            "--callback" => args.callback = value()?,
            "--request-token" => args.request_token = value()?,
            "--authorize" => args.authorize = value()?,
            "--access-token" => args.access_token = value()?,
            "--resource" => args.resource = value()?,
            "-h" | "--help" => return Err(USAGE.to_owned()),
            _ if args.base.is_empty() && !arg.starts_with('-') => {
                args.base = arg.trim_end_matches('/').to_owned();
            }
            _ => return Err(format!("unexpected argument {arg:?}\n{USAGE}")),
        }
    }
    if args.base.is_empty() {
        return Err(USAGE.to_owned());
    }
    Ok(args)
}

fn env(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("{name} is not set\n{USAGE}"))
}

/// The verifier the provider hands out after the resource owner approves
/// (§2.2): fetched from an auto-approving endpoint, or typed in.
async fn verifier(
    client: &reqwest::Client,
    authorize_url: &str,
    auto: bool,
) -> Result<String, Box<dyn Error>> {
    if auto {
        let answer = client
            .get(authorize_url)
            .send()
            .await?
            .error_for_status()?
            .text()
            .await?;
        // A form-encoded answer (`oauth_token=…&oauth_verifier=…`), read as
        // a query so oauthsig decodes it.
        let fields = Request::new("GET", &format!("http://answer/?{}", answer.trim()))?;
        let verifier = fields.get("oauth_verifier")?.ok_or("no oauth_verifier")?;
        return Ok(verifier.into_owned());
    }
    println!("Open this URL, approve, and paste the verifier here:\n  {authorize_url}");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim().to_owned())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let args = match args() {
        Ok(args) => args,
        Err(usage) => {
            eprintln!("{usage}");
            std::process::exit(2);
        }
    };
    let consumer = Consumer::new(&env("OAUTH_CONSUMER_KEY")?, &env("OAUTH_CONSUMER_SECRET")?);
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;

    // 1. Temporary credentials (§2.1): signed with the consumer's
    //    credentials alone, oauth_callback included.
    let initiate = OAuth1::new(consumer.clone()).callback(&args.callback);
    let mut request = client
        .post(format!("{}{}", args.base, args.request_token))
        .build()?;
    initiate.sign(&mut request)?;
    let answer = client
        .execute(request)
        .await?
        .error_for_status()?
        .text()
        .await?;
    let temporary: Token = answer.trim().parse()?;
    if !temporary.callback_confirmed() {
        return Err("the provider did not confirm the callback (oauth_callback_confirmed)".into());
    }
    println!("temporary credentials: {}", temporary.key());

    // 2. Resource owner authorization (§2.2): the temporary token in the
    //    authorization URL; the provider answers with a verifier.
    let authorize_url = Request::from_token_and_callback(
        &temporary,
        None,
        "GET",
        &format!("{}{}", args.base, args.authorize),
    )?
    .to_url();
    let verifier = verifier(&client, &authorize_url, args.auto_authorize).await?;

    // 3. Token credentials (§2.3): signed with the temporary credentials,
    //    oauth_verifier included.
    let exchange = OAuth1::new(consumer.clone())
        .token(temporary)
        .verifier(&verifier);
    let mut request = client
        .post(format!("{}{}", args.base, args.access_token))
        .build()?;
    exchange.sign(&mut request)?;
    let answer = client
        .execute(request)
        .await?
        .error_for_status()?
        .text()
        .await?;
    let credentials: Token = answer.trim().parse()?;
    println!("token credentials: {}", credentials.key());

    // 4. A protected resource (§3): every request through this client is
    //    signed with the token credentials, a fresh nonce each time.
    let api = reqwest_middleware::ClientBuilder::new(client)
        .with(OAuth1::new(consumer).token(credentials))
        .build();
    let response = api
        .get(format!("{}{}", args.base, args.resource))
        .send()
        .await?;
    let status = response.status();
    println!(
        "GET {} -> {status}\n{}",
        args.resource,
        response.text().await?
    );
    if !status.is_success() {
        return Err(format!("the protected resource answered {status}").into());
    }
    Ok(())
}
