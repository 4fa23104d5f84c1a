//! What a refusal means, one line per finding: the reported problem and
//! the provider's advice; an echoed base string diffed against ours and
//! named by the usual mistake that turns ours into it (the search `verify`
//! runs, [`crate::diagnose::explaining`]); the clock skew for
//! `timestamp_refused`; plain advice for the others.

use super::clock::{self, provider_clock};
use super::{Reported, meaning};
use crate::diagnose;
use crate::diff;
use crate::output::Printable;
use crate::verify::Received;

/// Skew from which a refusal without a reason is blamed on the clock:
/// oauthlib's window is 600 s, many providers' 300 s.
const SUSPICIOUS_SKEW: u64 = 300;

/// What we sent, to hold the answer against.
pub struct Context<'a> {
    /// The request as the provider received it (by the verification engine).
    pub received: &'a Received<'a>,
    /// Its base string.
    pub ours: &'a str,
    /// Its `oauth_timestamp`, if any.
    pub timestamp: Option<u64>,
    /// `oauth_consumer_key` and where it came from.
    pub consumer_key: (&'a str, String),
    /// Where the key came from, e.g. "consumer secret from $OAUTHSIG_CONSUMER_SECRET".
    pub key_origin: String,
    /// Whether `--fix-clock` was given (then a retry follows).
    pub fix_clock: bool,
}

/// The findings on `reported`, each one line (a diff adds its own lines).
pub fn findings(reported: &Reported, ctx: &Context<'_>) -> Vec<String> {
    let mut out = Vec::new();
    let problem = reported.problem();
    match problem {
        Some(p) => out.push(format!("oauth_problem={}: {}", Printable(p), meaning(p))),
        None => out.push(
            "the provider says no oauth_problem (in WWW-Authenticate or the body)".to_owned(),
        ),
    }
    for name in [
        "oauth_problem_advice",
        "oauth_parameters_absent",
        "oauth_parameters_rejected",
        "oauth_acceptable_versions",
    ] {
        if let Some(value) = reported.get(name) {
            out.push(format!("{name}: {}", Printable(value)));
        }
    }
    match reported.get("oauth_signature_base_string") {
        Some(theirs) => out.extend(base_strings(ctx, theirs)),
        None if problem == Some("signature_invalid") => out.push(format!(
            "the provider does not echo the base string it computed; check the key ({}); \
             -v shows our base string",
            ctx.key_origin
        )),
        None => {}
    }
    out.extend(advice(problem, reported, ctx));
    out
}

/// Ours against the provider's base string.
fn base_strings(ctx: &Context<'_>, theirs: &str) -> Vec<String> {
    if theirs == ctx.ours {
        return vec![format!(
            "the provider's base string is ours, byte for byte: the key differs ({}; a \
             token of another consumer?)",
            ctx.key_origin
        )];
    }
    let mut out = vec![format!(
        "the provider's base string differs from ours:\n{}",
        diff::render("ours", ctx.ours, "theirs", theirs)
            .unwrap_or_default()
            .trim_end()
    )];
    out.push(match diagnose::explaining(ctx.received, theirs) {
        Some(mistake) => format!(
            "the provider's base string is ours with {mistake}{}",
            hint(&mistake)
        ),
        None => "no usual mistake turns ours into theirs (scheme, port, query or trailing \
                 slash in the URI, parameters left out, oauth_version, + for spaces, \
                 parameter order, method): the caret shows where they part"
            .to_owned(),
    });
    out
}

/// Why a provider would make that mistake, where it is known.
fn hint(mistake: &str) -> &'static str {
    if mistake.starts_with("https instead of http") || mistake.starts_with("http instead of https")
    {
        ": the provider sees another scheme than we sent (a TLS-terminating proxy before it)"
    } else if mistake.contains("natural order") {
        ": names with numbers (a9, a10) sort differently there; avoid such names or sign as it sorts"
    } else {
        ""
    }
}

/// The advice for a problem (or, with none reported, for a skewed clock).
fn advice(problem: Option<&str>, reported: &Reported, ctx: &Context<'_>) -> Vec<String> {
    let mut out = Vec::new();
    match problem {
        Some("timestamp_refused") => {
            if let Some(ours) = ctx.timestamp {
                out.extend(clock::skew(ours, reported));
            }
            out.push(match (provider_clock(reported), ctx.fix_clock) {
                (Some(_), true) => "signing once more with the provider's clock".to_owned(),
                (Some(_), false) => "set this machine's clock (NTP), or run again with \
                     --fix-clock to sign with the provider's"
                    .to_owned(),
                (None, _) => "set this machine's clock (NTP); the provider shows no clock \
                     (no Date, no oauth_acceptable_timestamps) to sign with"
                    .to_owned(),
            });
        }
        Some("nonce_used") => out.push(
            "each request gets a fresh nonce from the OS's random source: a request resent \
             as signed (a retry, a proxy) repeats one; send it again to sign anew"
                .to_owned(),
        ),
        Some("consumer_key_unknown" | "consumer_key_rejected") => out.push(format!(
            "oauth_consumer_key \"{}\" (from {}): check it, and that the application is \
             registered with this provider (sandbox and production keys differ)",
            Printable(ctx.consumer_key.0),
            ctx.consumer_key.1
        )),
        Some("token_expired" | "token_revoked" | "token_rejected" | "token_used") => {
            out.push("obtain new token credentials with oauthsig authorize".to_owned())
        }
        Some(_) => {}
        None => out.extend(unexplained_skew(reported, ctx)),
    }
    out
}

/// A refusal without a reason, from a provider whose clock is far from ours.
fn unexplained_skew(reported: &Reported, ctx: &Context<'_>) -> Option<String> {
    let (ours, theirs) = (ctx.timestamp?, reported.date?);
    (ours.abs_diff(theirs) >= SUSPICIOUS_SKEW).then(|| {
        format!(
            "our oauth_timestamp {ours} is {} the provider's clock (its Date header): \
             a provider refuses a timestamp this far off (RFC 5849 §3.3)",
            clock::distance(ours, theirs)
        )
    })
}
