//! Client programs under test, and the command-line contract they share.
//!
//! A client is any program that takes
//!
//! ```text
//! --base URL --consumer-key K --consumer-secret S --token T --token-secret TS
//! --signature-method HMAC-SHA1|HMAC-SHA256|HMAC-SHA512|PLAINTEXT|RSA-SHA1|RSA-SHA256|RSA-SHA512
//! [--private-key FILE] [--dump]
//! ```
//!
//! (`--private-key`, a PEM private key, comes with the RSA methods only: the
//! fixture consumer also holds the RSA key pair [`peers::RSA_PRIVATE_KEY`],
//! whose public half the servers have; its secret is passed all the same and
//! plays no part, RFC 5849 §3.4.3),
//!
//! and either sends its fixed requests to `URL`, printing
//! `<METHOD> <path> <status>` per request, or with `--dump` prints each
//! signed request as one JSON line instead of sending it:
//! `{"method": .., "url": .., "headers": {..}, "body": str|null}`.
//! Exit status: 0 every answer was 200 (or the dump was printed), 1
//! otherwise, 2 usage error, 3 signature method not supported by the
//! library ([`EXIT_UNSUPPORTED`]).
//!
//! The three peers in `tests/interop/clients/` and oauthsig's own clients
//! (`oauthsig_client` in Rust, the C ABI client and the `oauthsig` command
//! behind curl) follow it. A [`ClientUnderTest`] says how to start one and
//! what it can do; the tests in `tests/peer_clients.rs` run every entry of
//! their table. oauthsig's C and command-line clients also have a `--flow`
//! mode, the three-legged flow against `provider.py` ([`crate::flow`]), run
//! by `tests/client_flows.rs`.

use crate::flow::{self, ResourceStep};
use crate::ours;
use crate::peers::{self, SETUP_HINT};
use crate::process::{self, Finished};
use crate::wire::RawRequest;
use oauthsig::SignatureMethod;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Exit status for "this library cannot do that signature method".
pub const EXIT_UNSUPPORTED: i32 = 3;

/// How long one client run may take (Python imports included).
const RUN_TIMEOUT: Duration = Duration::from_secs(30);

/// A request a client sends, and what the verifier must echo for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExpectedRequest {
    /// The method.
    pub method: &'static str,
    /// The path (no query).
    pub path: &'static str,
    /// The decoded non-`oauth_` parameters, sorted (peers may reorder them:
    /// liboauth sorts its form body).
    pub params: &'static [(&'static str, &'static str)],
}

/// `GET /resource?q=hello%20world&x=1&x=2`, which every peer sends.
pub const GET_RESOURCE: ExpectedRequest = ExpectedRequest {
    method: "GET",
    path: "/resource",
    params: &[("q", "hello world"), ("x", "1"), ("x", "2")],
};

/// `POST /resource` with the form body `a=1&b=caf%C3%A9&b=%21`, which
/// every peer sends.
pub const POST_FORM: ExpectedRequest = ExpectedRequest {
    method: "POST",
    path: "/resource",
    params: &[("a", "1"), ("b", "!"), ("b", "café")],
};

/// `POST /json` with a JSON body and `oauth_body_hash` (oauthsig's client).
pub const POST_JSON: ExpectedRequest = ExpectedRequest {
    method: "POST",
    path: "/json",
    params: &[],
};

/// Every signature method, in report order.
pub const ALL_METHODS: [SignatureMethod; 7] = [
    SignatureMethod::HmacSha1,
    SignatureMethod::HmacSha256,
    SignatureMethod::HmacSha512,
    SignatureMethod::Plaintext,
    SignatureMethod::RsaSha1,
    SignatureMethod::RsaSha256,
    SignatureMethod::RsaSha512,
];

/// One client program and what it can do.
#[derive(Clone, Debug)]
pub struct ClientUnderTest {
    /// Name in reports.
    pub name: String,
    /// The program to run.
    pub program: PathBuf,
    /// Arguments before the common flags (a script path, a mode flag).
    pub args: Vec<String>,
    /// Signature methods it implements; for the others it must exit with
    /// [`EXIT_UNSUPPORTED`].
    pub methods: Vec<SignatureMethod>,
    /// The requests it sends, in order.
    pub requests: Vec<ExpectedRequest>,
    /// Files that must exist before it can run (made by `setup.sh` or the
    /// build); a missing one fails the test with the setup hint.
    pub needs: Vec<PathBuf>,
    /// Why it cannot run at all (its build failed), reported as its failure.
    pub unavailable: Option<String>,
    /// The protected requests its `--flow` mode sends, in order (empty: it
    /// has no flow mode).
    pub flow: Vec<ResourceStep>,
}

impl ClientUnderTest {
    /// A client run as `program args…`, doing all seven signature methods and
    /// sending [`GET_RESOURCE`] and [`POST_FORM`]; adjust with the builders.
    pub fn new(name: &str, program: impl Into<PathBuf>) -> ClientUnderTest {
        ClientUnderTest {
            name: name.to_owned(),
            program: program.into(),
            args: Vec::new(),
            methods: ALL_METHODS.to_vec(),
            requests: vec![GET_RESOURCE, POST_FORM],
            needs: Vec::new(),
            unavailable: None,
            flow: Vec::new(),
        }
    }

    /// A client run as the program the tests `built`, or, when that build
    /// failed, one that reports the failure instead of running.
    fn built(name: &str, built: Result<PathBuf, String>) -> ClientUnderTest {
        match built {
            Ok(program) => ClientUnderTest::new(name, &program).needs(program),
            Err(e) => ClientUnderTest {
                unavailable: Some(e),
                ..ClientUnderTest::new(name, "")
            },
        }
    }

    /// Appends arguments that come before the common flags.
    #[must_use]
    pub fn args<I: IntoIterator<Item = S>, S: Into<String>>(mut self, args: I) -> Self {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Sets the signature methods it implements.
    #[must_use]
    pub fn methods(mut self, methods: &[SignatureMethod]) -> Self {
        self.methods = methods.to_vec();
        self
    }

    /// Sets the requests it sends.
    #[must_use]
    pub fn requests(mut self, requests: &[ExpectedRequest]) -> Self {
        self.requests = requests.to_vec();
        self
    }

    /// Adds a file that must exist before it runs.
    #[must_use]
    pub fn needs(mut self, path: impl Into<PathBuf>) -> Self {
        self.needs.push(path.into());
        self
    }

    /// requests-oauthlib (Python), `clients/requests_oauthlib_client.py`: all
    /// seven methods (oauthlib; PyJWT + cryptography for RSA).
    pub fn requests_oauthlib() -> ClientUnderTest {
        let dir = peers::interop_dir();
        let script = dir.join("clients/requests_oauthlib_client.py");
        ClientUnderTest::new("requests-oauthlib", peers::venv_python())
            .args([script.to_string_lossy()])
            .needs(peers::venv_python())
            .needs(script)
    }

    /// npm `oauth-1.0a` on node's `http`, `clients/node_oauth1a_client.js`:
    /// all seven methods (node's `crypto` HMACs and RSA signatures).
    pub fn node_oauth1a() -> ClientUnderTest {
        let dir = peers::interop_dir();
        let script = dir.join("clients/node_oauth1a_client.js");
        ClientUnderTest::new("node oauth-1.0a", "node")
            .args([script.to_string_lossy()])
            .needs(dir.join("node/node_modules/oauth-1.0a"))
            .needs(script)
    }

    /// Debian's liboauth + libcurl (C), `build/liboauth_client`, in its
    /// Authorization-header mode (`url2 == false`) or with the protocol
    /// parameters in the query / form body (`--mode url2`). liboauth has
    /// HMAC-SHA1, PLAINTEXT and RSA-SHA1 (NSS) only.
    pub fn liboauth(url2: bool) -> ClientUnderTest {
        let binary = peers::interop_dir().join("build/liboauth_client");
        let (name, mode) = if url2 {
            ("liboauth (url2: query/body)", "url2")
        } else {
            ("liboauth", "header")
        };
        ClientUnderTest::new(name, &binary)
            .args(["--mode", mode])
            .methods(&[
                SignatureMethod::HmacSha1,
                SignatureMethod::Plaintext,
                SignatureMethod::RsaSha1,
            ])
            .needs(binary)
    }

    /// oauthsig's C ABI, sending with libcurl (`clients/oauthsig_c_client.c`,
    /// built against liboauthsig as `scripts/install-c` installs it), with
    /// the protocol parameters in the `Authorization` header or
    /// (`params == true`) the query or form body. `tmpdir` is the test's
    /// `CARGO_TARGET_TMPDIR`, where it is built. All seven methods (RSA:
    /// `oauthsig_consumer_new_rsa`).
    pub fn oauthsig_c(tmpdir: &Path, params: bool) -> ClientUnderTest {
        let (name, mode) = if params {
            ("oauthsig C ABI + libcurl (params: query/body)", "params")
        } else {
            ("oauthsig C ABI + libcurl", "header")
        };
        ClientUnderTest::built(name, ours::c_client(tmpdir))
            .args(["--mode", mode])
            .methods(&ALL_METHODS)
            .requests(&[GET_RESOURCE, POST_FORM, POST_JSON])
    }

    /// The `oauthsig` command handed to curl (`clients/oauthsig_cli_client.sh`
    /// running the `oauthsig` binary built from this checkout): `curl -H
    /// "$(oauthsig sign …)"`, or (`params == true`) `oauthsig sign --url` /
    /// `--postdata`. All seven methods (RSA: `sign --private-key`).
    pub fn oauthsig_cli(tmpdir: &Path, params: bool) -> ClientUnderTest {
        let (name, mode) = if params {
            ("oauthsig command + curl (--url/--postdata)", "params")
        } else {
            ("oauthsig command + curl", "header")
        };
        ClientUnderTest::cli_script(name, tmpdir)
            .args(["--mode", mode])
            .methods(&ALL_METHODS)
            .requests(&[GET_RESOURCE, POST_FORM, POST_JSON])
    }

    /// `bash clients/oauthsig_cli_client.sh --oauthsig <built binary>`.
    fn cli_script(name: &str, tmpdir: &Path) -> ClientUnderTest {
        let script = ours::cli_script();
        match ours::cli_binary(tmpdir) {
            Ok(binary) => ClientUnderTest::new(name, "bash")
                .args([script.to_string_lossy(), "--oauthsig".into()])
                .args([binary.to_string_lossy()])
                .needs(binary)
                .needs(script),
            Err(e) => ClientUnderTest::built(name, Err(e)),
        }
    }

    /// The C client in `--flow` mode ([`crate::flow`]).
    pub fn oauthsig_c_flow(tmpdir: &Path) -> ClientUnderTest {
        ClientUnderTest::built("oauthsig C ABI + libcurl", ours::c_client(tmpdir))
            .methods(&ALL_METHODS)
            .flow(&[
                ("get_resource", "header"),
                ("get_resource", "query"),
                ("get_resource", "oneshot"),
                ("post_form", "header"),
                ("post_form", "body"),
                ("post_form", "oneshot"),
                ("post_json", "header"),
                ("post_json", "query"),
            ])
    }

    /// The `oauthsig` command + curl in `--flow` mode ([`crate::flow`]).
    pub fn oauthsig_cli_flow(tmpdir: &Path) -> ClientUnderTest {
        ClientUnderTest::cli_script("oauthsig command + curl", tmpdir)
            .methods(&ALL_METHODS)
            .flow(&[
                ("get_resource", "header"),
                ("get_resource", "query"),
                ("post_form", "header"),
                ("post_form", "body"),
                ("post_form", "curl"),
                ("post_json", "header"),
                ("post_json", "query"),
                ("post_json", "curl"),
            ])
    }

    /// Sets the protected requests its `--flow` mode sends.
    #[must_use]
    pub fn flow(mut self, steps: &[ResourceStep]) -> Self {
        self.flow = steps.to_vec();
        self
    }

    /// Whether it implements `method`.
    pub fn supports(&self, method: SignatureMethod) -> bool {
        self.methods.contains(&method)
    }

    /// Fails with the setup hint unless everything it needs exists.
    ///
    /// # Errors
    /// The first missing file, with the setup command.
    pub fn check_installed(&self) -> Result<(), String> {
        if let Some(why) = &self.unavailable {
            return Err(format!("{} could not be built: {why}", self.name));
        }
        self.needs
            .iter()
            .try_for_each(|p| peers::require(p, &self.name))
    }

    /// The command line for one run against `base` with the fixture
    /// credentials of [`peers`].
    pub fn command(&self, base: &str, method: SignatureMethod, dump: bool) -> Command {
        let mut command = Command::new(&self.program);
        command
            .args(&self.args)
            .args(["--base", base])
            .args(["--consumer-key", peers::CONSUMER_KEY])
            .args(["--consumer-secret", peers::CONSUMER_SECRET])
            .args(["--token", peers::ACCESS_TOKEN])
            .args(["--token-secret", peers::ACCESS_SECRET])
            .args(["--signature-method", method.as_str()])
            .current_dir(peers::interop_dir())
            // Loopback only, whatever the environment says about proxies.
            .env("NO_PROXY", "*")
            .env("no_proxy", "*")
            .env_remove("HTTP_PROXY")
            .env_remove("http_proxy");
        if method.is_rsa() {
            command
                .arg("--private-key")
                .arg(peers::key_path(peers::RSA_PRIVATE_KEY));
        }
        if dump {
            command.arg("--dump");
        }
        command
    }

    /// The command line for its `--flow` against the provider at `base`,
    /// starting from the fixture consumer credentials alone (for an RSA
    /// method also the fixture private key, and the wrong one for the
    /// refusal, [`peers::WRONG_RSA_PRIVATE_KEY`]); run under `wrapper` (e.g.
    /// valgrind and its options) when that is not empty.
    pub fn flow_command(&self, base: &str, method: SignatureMethod, wrapper: &[&str]) -> Command {
        let mut command = match wrapper.split_first() {
            Some((first, rest)) => {
                let mut c = Command::new(first);
                c.args(rest).arg(&self.program);
                c
            }
            None => Command::new(&self.program),
        };
        command
            .args(&self.args)
            .arg("--flow")
            .args(["--base", base])
            .args(["--consumer-key", peers::CONSUMER_KEY])
            .args(["--consumer-secret", peers::CONSUMER_SECRET])
            .args(["--signature-method", method.as_str()])
            .args(["--callback", flow::CALLBACK])
            .current_dir(peers::interop_dir())
            .env("NO_PROXY", "*")
            .env("no_proxy", "*")
            .env_remove("HTTP_PROXY")
            .env_remove("http_proxy");
        if method.is_rsa() {
            command
                .arg("--private-key")
                .arg(peers::key_path(peers::RSA_PRIVATE_KEY))
                .arg("--wrong-private-key")
                .arg(peers::key_path(peers::WRONG_RSA_PRIVATE_KEY));
        }
        command
    }

    /// Runs it once against `base` (sending, or with `dump` printing).
    ///
    /// # Errors
    /// A message when it is not installed, cannot start, or times out.
    pub fn run(&self, base: &str, method: SignatureMethod, dump: bool) -> Result<Finished, String> {
        self.check_installed()?;
        let what = format!(
            "{} ({method}{})",
            self.name,
            if dump { ", --dump" } else { "" }
        );
        process::run(
            &mut self.command(base, method, dump),
            &what,
            SETUP_HINT,
            RUN_TIMEOUT,
        )
    }

    /// Its signed requests for `base`, freshly made (never sent).
    ///
    /// # Errors
    /// As [`ClientUnderTest::run`]; a non-zero exit or a bad dump line.
    pub fn dump(&self, base: &str, method: SignatureMethod) -> Result<Vec<RawRequest>, String> {
        let out = self.run(base, method, true)?;
        if out.code != Some(0) {
            return Err(format!(
                "{} --dump ({method}) exited with {:?}\nstderr:\n{}",
                self.name, out.code, out.stderr
            ));
        }
        out.stdout
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(RawRequest::from_dump_line)
            .collect()
    }
}
