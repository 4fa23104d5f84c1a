//! oauthsig as a client peer: signs with the `oauthsig` crate, sends with
//! `ureq`, and speaks the same command line as the peers in
//! `tests/interop/clients/` (see `oauthsig_interop::clients`).
//!
//! Sends, to `--base`:
//!
//! ```text
//! GET  /resource?q=hello%20world&x=1&x=2
//! POST /resource   body a=1&b=caf%C3%A9&b=%21 (application/x-www-form-urlencoded)
//! POST /json       body {"hello":"world","n":1} (application/json, with oauth_body_hash)
//! ```
//!
//! `--mode header` (default) puts the protocol parameters in the
//! `Authorization` header (`Request::to_header`); `--mode params` puts them
//! in the query (`Request::to_url`) or, for the form POST, the body
//! (`Request::to_postdata`).
//!
//! RSA-SHA1, RSA-SHA256 and RSA-SHA512 sign with the PEM private key in
//! `--private-key FILE` (`Consumer::rsa`); the secrets then play no part.
//!
//! Exit status: 0 every answer was 200, 1 otherwise, 2 usage error; 3
//! (unsupported method) never happens: oauthsig does all seven.

use oauthsig::{AUTHORIZATION, Consumer, Request, RsaPrivateKey, SignatureMethod, Token};
use serde_json::json;
use std::process::ExitCode;
use std::time::Duration;

const GET_PATH: &str = "/resource?q=hello%20world&x=1&x=2";
const FORM_BODY: &str = "a=1&b=caf%C3%A9&b=%21";
const JSON_BODY: &str = r#"{"hello":"world","n":1}"#;
const JSON: &str = "application/json";

/// A signed request as it goes on the wire.
struct Signed {
    method: &'static str,
    url: String,
    headers: Vec<(&'static str, String)>,
    body: Option<Vec<u8>>,
}

struct Options {
    base: String,
    consumer: Consumer,
    token: Token,
    method: SignatureMethod,
    in_header: bool,
    dump: bool,
}

fn usage(msg: &str) -> ExitCode {
    eprintln!(
        "{msg}\nusage: oauthsig_client --base URL --consumer-key K --consumer-secret S \
         --token T --token-secret TS [--signature-method HMAC-SHA1|HMAC-SHA256|HMAC-SHA512|\
         PLAINTEXT|RSA-SHA1|RSA-SHA256|RSA-SHA512] [--private-key FILE] [--mode header|params] \
         [--dump]"
    );
    ExitCode::from(2)
}

fn parse_args() -> Result<Options, ExitCode> {
    let mut args = std::env::args().skip(1);
    let value = |name: &str, args: &mut dyn Iterator<Item = String>| {
        args.next()
            .ok_or_else(|| usage(&format!("{name} needs a value")))
    };
    let (mut base, mut ck, mut cs, mut tk, mut ts) = (None, None, None, None, None);
    let mut private_key = None;
    let mut method = SignatureMethod::HmacSha1;
    let (mut in_header, mut dump) = (true, false);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--dump" => dump = true,
            "--base" => base = Some(value(&arg, &mut args)?),
            "--consumer-key" => ck = Some(value(&arg, &mut args)?),
            "--consumer-secret" => cs = Some(value(&arg, &mut args)?),
            "--token" => tk = Some(value(&arg, &mut args)?),
            "--token-secret" => ts = Some(value(&arg, &mut args)?),
            "--private-key" => private_key = Some(value(&arg, &mut args)?),
            "--signature-method" => {
                method = value(&arg, &mut args)?.parse().map_err(|_| {
                    eprintln!("unsupported signature method");
                    ExitCode::from(3)
                })?;
            }
            "--mode" => match value(&arg, &mut args)?.as_str() {
                "header" => in_header = true,
                "params" => in_header = false,
                _ => return Err(usage("--mode must be header or params")),
            },
            _ => return Err(usage(&format!("unknown argument {arg}"))),
        }
    }
    let (Some(base), Some(ck), Some(cs), Some(tk), Some(ts)) = (base, ck, cs, tk, ts) else {
        return Err(usage("missing a required option"));
    };
    let consumer = match (method.is_rsa(), private_key) {
        (false, _) => Consumer::new(&ck, &cs),
        (true, None) => return Err(usage(&format!("{method} needs --private-key"))),
        (true, Some(path)) => {
            let key = std::fs::read(&path)
                .map_err(|e| e.to_string())
                .and_then(|pem| RsaPrivateKey::parse(&pem).map_err(|e| e.to_string()))
                .map_err(|e| {
                    eprintln!("--private-key {path}: {e}");
                    ExitCode::from(1)
                })?;
            Consumer::rsa(&ck, key)
        }
    };
    Ok(Options {
        base: base.trim_end_matches('/').to_owned(),
        consumer,
        token: Token::new(&tk, &ts),
        method,
        in_header,
        dump,
    })
}

/// Signs `request` and lays it out per `--mode`.
fn finish(o: &Options, method: &'static str, request: Request) -> Result<Signed, oauthsig::Error> {
    // The peers are plain http on loopback: PLAINTEXT (RFC 5849 §3.4.4
    // wants TLS) is allowed over them.
    let signed = request
        .allow_plaintext_over_http()
        .sign(o.method, &o.consumer, Some(&o.token))?;
    let content_type = signed.content_type().map(str::to_owned);
    let mut headers = Vec::new();
    let (url, body) = if o.in_header {
        headers.push((AUTHORIZATION, signed.to_header(None)?));
        (signed.url().to_owned(), signed.body_bytes().to_vec())
    } else if signed.is_form_encoded() {
        (signed.url().to_owned(), signed.to_postdata().into_bytes())
    } else {
        (signed.to_url(), signed.body_bytes().to_vec())
    };
    if let Some(ct) = content_type {
        headers.push(("Content-Type", ct));
    }
    Ok(Signed {
        method,
        url,
        headers,
        body: (method != "GET").then_some(body),
    })
}

fn signed_requests(o: &Options) -> Result<Vec<Signed>, oauthsig::Error> {
    let new = |method: &str, path: &str| {
        Request::from_consumer_and_token(
            &o.consumer,
            Some(&o.token),
            method,
            &format!("{}{path}", o.base),
        )
    };
    Ok(vec![
        finish(o, "GET", new("GET", GET_PATH)?)?,
        finish(o, "POST", new("POST", "/resource")?.form_body(FORM_BODY)?)?,
        finish(o, "POST", new("POST", "/json")?.body(JSON_BODY, JSON))?,
    ])
}

fn dump_line(r: &Signed) -> String {
    let headers: serde_json::Map<String, serde_json::Value> = r
        .headers
        .iter()
        .map(|(n, v)| ((*n).to_owned(), v.as_str().into()))
        .collect();
    json!({
        "method": r.method,
        "url": r.url,
        "headers": headers,
        "body": r.body.as_ref().map(|b| String::from_utf8_lossy(b).into_owned()),
    })
    .to_string()
}

/// Sends `r`; the status, or 0 on a transport error (reported on stderr).
fn send(agent: &ureq::Agent, r: &Signed) -> u16 {
    let result = match &r.body {
        None => {
            let mut req = agent.get(&r.url);
            for (n, v) in &r.headers {
                req = req.header(*n, v);
            }
            req.call()
        }
        Some(body) => {
            let mut req = agent.post(&r.url);
            for (n, v) in &r.headers {
                req = req.header(*n, v);
            }
            req.send(&body[..])
        }
    };
    match result {
        Ok(mut response) => {
            let status = response.status().as_u16();
            if status != 200 {
                let text = response.body_mut().read_to_string().unwrap_or_default();
                eprintln!("{} {}: {text}", r.method, r.url);
            }
            status
        }
        Err(e) => {
            eprintln!("{} {}: {e}", r.method, r.url);
            0
        }
    }
}

fn main() -> ExitCode {
    let options = match parse_args() {
        Ok(o) => o,
        Err(code) => return code,
    };
    let requests = match signed_requests(&options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("signing failed: {e}");
            return ExitCode::from(1);
        }
    };
    if options.dump {
        for r in &requests {
            println!("{}", dump_line(r));
        }
        return ExitCode::SUCCESS;
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None) // loopback only, whatever the environment says
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into();
    let mut all_ok = true;
    for r in &requests {
        let status = send(&agent, r);
        let path = r
            .url
            .split("://")
            .nth(1)
            .and_then(|rest| rest.find('/').map(|i| &rest[i..]));
        let path = path.unwrap_or("/").split('?').next().unwrap_or("/");
        println!("{} {path} {status}", r.method);
        all_ok &= status == 200;
    }
    if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
