//! `oauthsig`: sign, inspect and verify OAuth 1.0a requests
//! ([RFC 5849](https://www.rfc-editor.org/rfc/rfc5849)) from the shell — the
//! tool to reach for when a provider answers 401.
//!
//! Each subcommand lives in its own module; this file only parses the
//! command line and turns outcomes into exit codes: 0 success, 1 a request
//! that failed verification or a provider that answered other than 2xx (or
//! not at all), 2 a usage or input error (clap's own code for usage errors,
//! kept so every "you asked wrongly" case exits the same way).
#![forbid(unsafe_code)]

mod authorize;
mod callback;
mod cli;
mod client;
mod consumer;
mod credentials;
mod diagnose;
mod diff;
mod error;
mod input;
mod keys;
mod output;
mod problem;
mod request;
mod sign;
mod token;
mod verify;

use clap::Parser as _;
use std::io::Write as _;
use std::process::ExitCode;

/// Exit code for a request that was read correctly and failed verification,
/// and for a provider that answered other than 2xx or not at all.
const EXIT_INVALID: u8 = 1;
/// Exit code for usage and input errors (what clap uses for usage errors).
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // `--help` and `--version` arrive here too, as "errors" for stdout.
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(EXIT_USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let outcome = match cli.command {
        cli::Command::Sign(args) => sign::run_sign(&args),
        cli::Command::BaseString(args) => sign::run_base_string(&args),
        cli::Command::Verify(args) => verify::run(&args),
        cli::Command::Token(args) => token::run(&args),
        cli::Command::Authorize(args) => authorize::run(&args),
        cli::Command::Request(args) => request::run_request(&args),
        cli::Command::Get(args) => request::run_get(&args),
    };
    match outcome {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Invalid | Outcome::Refused) => ExitCode::from(EXIT_INVALID),
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e}");
            ExitCode::from(match e.kind() {
                error::Kind::Usage => EXIT_USAGE,
                error::Kind::Failed => EXIT_INVALID,
            })
        }
    }
}

/// How a subcommand that ran to the end came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Done (for `verify`: the request is valid).
    Success,
    /// `verify` read the request and it failed a check; the report says which.
    Invalid,
    /// `request` / `get`: the provider answered, with a status other than 2xx.
    Refused,
}
