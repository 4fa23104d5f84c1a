//! Where the consumer and token credentials come from: a flag, else the
//! `--credentials` file, else the environment. The file and the environment
//! exist so that secrets never have to appear in argv (where `ps` and shell
//! history see them); the file named on the command line wins over the
//! ambient environment because it was asked for in this very invocation.
//!
//! The file is `NAME=VALUE` lines:
//!
//! ```text
//! # comment lines start with '#'; blank lines are ignored
//! consumer_key=9djdj82h48djs9d2
//! consumer_secret=j49sk3j29djd
//! token=kkk9d7dh3k39sjv7
//! token_secret=dh893hdasih9
//! ```
//!
//! A value is the rest of the line after the first `=`, taken literally (no
//! quotes, no escapes), with surrounding blanks removed. Unknown or repeated
//! names are errors (a typo should not silently drop a secret). A file other
//! users can read is refused, as ssh refuses such a private key; one its
//! group can read gets a warning.

use crate::cli::CredentialArgs;
use crate::error::Error;
use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// One credential and where it was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sourced {
    /// The value.
    pub value: String,
    /// Where it came from.
    pub origin: Origin,
}

/// Where a credential was found, for `--verbose` and error messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A command-line flag.
    Flag(&'static str),
    /// A line of the `--credentials` file.
    File(PathBuf, usize),
    /// An environment variable.
    Env(&'static str),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Flag(flag) => f.write_str(flag),
            Origin::File(path, line) => write!(f, "{} line {line}", path.display()),
            Origin::Env(var) => write!(f, "${var}"),
        }
    }
}

/// The four credentials, each optional here: which are required depends on
/// the subcommand.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Credentials {
    /// `oauth_consumer_key`.
    pub consumer_key: Option<Sourced>,
    /// The consumer secret.
    pub consumer_secret: Option<Sourced>,
    /// `oauth_token`.
    pub token: Option<Sourced>,
    /// The token secret.
    pub token_secret: Option<Sourced>,
}

/// One credential: its flag, its name in the file, its environment
/// variable, and where it lives in [`CredentialArgs`] and [`Credentials`].
struct Field {
    flag: &'static str,
    file_name: &'static str,
    env: &'static str,
    arg: fn(&CredentialArgs) -> &Option<String>,
    slot: fn(&mut Credentials) -> &mut Option<Sourced>,
}

const CONSUMER_KEY: Field = Field {
    flag: "--consumer-key",
    file_name: "consumer_key",
    env: "OAUTHSIG_CONSUMER_KEY",
    arg: |a| &a.consumer_key,
    slot: |c| &mut c.consumer_key,
};
const CONSUMER_SECRET: Field = Field {
    flag: "--consumer-secret",
    file_name: "consumer_secret",
    env: "OAUTHSIG_CONSUMER_SECRET",
    arg: |a| &a.consumer_secret,
    slot: |c| &mut c.consumer_secret,
};
const TOKEN: Field = Field {
    flag: "--token",
    file_name: "token",
    env: "OAUTHSIG_TOKEN",
    arg: |a| &a.token,
    slot: |c| &mut c.token,
};
const TOKEN_SECRET: Field = Field {
    flag: "--token-secret",
    file_name: "token_secret",
    env: "OAUTHSIG_TOKEN_SECRET",
    arg: |a| &a.token_secret,
    slot: |c| &mut c.token_secret,
};
const FIELDS: [&Field; 4] = [&CONSUMER_KEY, &CONSUMER_SECRET, &TOKEN, &TOKEN_SECRET];

impl Credentials {
    /// Resolves every credential from `args`, the file it names and the
    /// process environment.
    ///
    /// # Errors
    /// An unreadable, malformed or world-readable file; an environment
    /// variable that is not UTF-8.
    pub fn resolve(args: &CredentialArgs) -> Result<Self, Error> {
        let mut file = match &args.credentials {
            Some(path) => read_file(path)?,
            None => Credentials::default(),
        };
        let mut env = from_env(|name| std::env::var_os(name))?;
        let mut out = Credentials::default();
        for field in FIELDS {
            let flag = (field.arg)(args).as_ref().map(|value| Sourced {
                value: value.clone(),
                origin: Origin::Flag(field.flag),
            });
            *(field.slot)(&mut out) = flag
                .or_else(|| (field.slot)(&mut file).take())
                .or_else(|| (field.slot)(&mut env).take());
        }
        Ok(out)
    }

    /// The consumer key, or an error saying every way to give one.
    pub fn require_consumer_key(&self) -> Result<&Sourced, Error> {
        self.consumer_key
            .as_ref()
            .ok_or_else(|| missing("consumer key", &CONSUMER_KEY))
    }

    /// The consumer secret, or an error saying every way to give one.
    pub fn require_consumer_secret(&self) -> Result<&Sourced, Error> {
        self.consumer_secret
            .as_ref()
            .ok_or_else(|| missing("consumer secret", &CONSUMER_SECRET))
    }

    /// The token and its secret: both or neither (a token without its secret
    /// cannot sign, a secret without a token has nothing to sign for).
    pub fn token_pair(&self) -> Result<Option<(&Sourced, &Sourced)>, Error> {
        match (&self.token, &self.token_secret) {
            (Some(t), Some(s)) => Ok(Some((t, s))),
            (None, None) => Ok(None),
            (Some(t), None) => Err(Error::new(format!(
                "token from {} has no secret: give {}, token_secret in --credentials or ${}",
                t.origin, TOKEN_SECRET.flag, TOKEN_SECRET.env
            ))),
            (None, Some(s)) => Err(Error::new(format!(
                "token secret from {} has no token: give {}, token in --credentials or ${}",
                s.origin, TOKEN.flag, TOKEN.env
            ))),
        }
    }

    /// The token secret, or an error saying every way to give one.
    pub fn require_token_secret(&self) -> Result<&Sourced, Error> {
        self.token_secret
            .as_ref()
            .ok_or_else(|| missing("token secret", &TOKEN_SECRET))
    }
}

fn missing(what: &str, field: &Field) -> Error {
    Error::new(format!(
        "no {what}: give {}, {} in a --credentials file, or ${}",
        field.flag, field.file_name, field.env
    ))
}

/// The credentials set in the environment, read through `var` (the process
/// environment in use, a map in tests).
fn from_env(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> Result<Credentials, Error> {
    let mut out = Credentials::default();
    for field in FIELDS {
        if let Some(raw) = var(field.env) {
            let value = raw
                .into_string()
                .map_err(|_| Error::new(format!("${} is not valid UTF-8", field.env)))?;
            *(field.slot)(&mut out) = Some(Sourced {
                value,
                origin: Origin::Env(field.env),
            });
        }
    }
    Ok(out)
}

/// Reads and parses a credentials file, checking its permissions first.
fn read_file(path: &Path) -> Result<Credentials, Error> {
    check_permissions(path, "credentials file")?;
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, &e))?;
    parse_file(path, &text)
}

/// Refuses a file of secrets (`what`: "credentials file", "passphrase
/// file") that other users can read or write; warns when its group can.
pub fn check_permissions(path: &Path, what: &str) -> Result<(), Error> {
    let mode = mode_of(path)?;
    if mode & 0o006 != 0 {
        return Err(Error::new(format!(
            "{what} {} is accessible by other users (mode {mode:04o}); run chmod 600 on it",
            path.display()
        )));
    }
    warn_permissions(path, what)
}

/// Warns when other users or the group can read or write a file of
/// secrets. Used as is for private keys, which providers and checkouts
/// often leave 0644: refusing one would protect nothing already exposed.
pub fn warn_permissions(path: &Path, what: &str) -> Result<(), Error> {
    let mode = mode_of(path)?;
    let who = if mode & 0o006 != 0 {
        "other users"
    } else if mode & 0o060 != 0 {
        "its group"
    } else {
        return Ok(());
    };
    // A closed or broken stderr must not stop the command (eprintln! would panic).
    let _ = writeln!(
        std::io::stderr(),
        "warning: {what} {} is accessible by {who} (mode {mode:04o}); chmod 600 keeps it private",
        path.display()
    );
    Ok(())
}

/// The permission bits of `path`.
#[cfg(unix)]
fn mode_of(path: &Path) -> Result<u32, Error> {
    use std::os::unix::fs::PermissionsExt as _;
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, &e))?;
    Ok(meta.permissions().mode() & 0o777)
}

/// Other platforms have no mode bits to check.
#[cfg(not(unix))]
fn mode_of(_path: &Path) -> Result<u32, Error> {
    Ok(0)
}

/// Writes a credentials file at `path`: a `# comment` line, then `entries`
/// as `NAME=VALUE` lines (the names of [`FIELDS`]). The file is created
/// readable and writable by its owner only (0600) beside `path` and renamed
/// over it, so no other user ever sees the secrets and a failure leaves
/// the old file whole.
///
/// # Errors
/// A value this format cannot hold (a line break, surrounding blanks, which
/// reading would drop), or an I/O failure; messages name the field, never
/// the value.
pub fn save(path: &Path, comment: &str, entries: &[(&str, &str)]) -> Result<(), Error> {
    let mut text = format!("# {comment}\n");
    for &(name, value) in entries {
        if value.contains(['\n', '\r']) || value.trim() != value || value.is_empty() {
            return Err(Error::failed(format!(
                "the {name} received cannot be written to a credentials file (empty, a line \
                 break, or surrounding blanks)"
            )));
        }
        text.push_str(&format!("{name}={value}\n"));
    }
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("credentials");
    let temporary = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let written =
        write_private(&temporary, text.as_bytes()).and_then(|()| std::fs::rename(&temporary, path));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        Error::new(format!("cannot write {}: {e}", path.display()))
    })
}

/// Creates `path` (which must not exist) with mode 0600 and writes `bytes`.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Parses the `NAME=VALUE` lines of a credentials file.
fn parse_file(path: &Path, text: &str) -> Result<Credentials, Error> {
    let mut out = Credentials::default();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let at = || format!("{} line {number}", path.display());
        // Only the name is ever echoed: the value may be a secret.
        let Some((name, value)) = line.split_once('=') else {
            return Err(Error::new(format!("{}: expected NAME=VALUE", at())));
        };
        let name = name.trim();
        let Some(field) = FIELDS.into_iter().find(|f| f.file_name == name) else {
            return Err(Error::new(format!(
                "{}: unknown name {name:?} (expected consumer_key, consumer_secret, token or token_secret)",
                at()
            )));
        };
        let slot = (field.slot)(&mut out);
        if let Some(first) = slot {
            return Err(Error::new(format!(
                "{}: {name} already set on {}",
                at(),
                first.origin
            )));
        }
        *slot = Some(Sourced {
            value: value.trim().to_owned(),
            origin: Origin::File(path.to_owned(), number),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path() -> &'static Path {
        Path::new("creds")
    }

    #[test]
    fn file_lines_comments_and_blanks() {
        let c = parse_file(
            path(),
            "# rfc 5849\n\nconsumer_key = 9djdj82h48djs9d2\r\nconsumer_secret=j49sk3j29djd \ntoken=a=b\n",
        )
        .unwrap();
        assert_eq!(c.consumer_key.unwrap().value, "9djdj82h48djs9d2");
        let secret = c.consumer_secret.unwrap();
        assert_eq!(secret.value, "j49sk3j29djd");
        assert_eq!(secret.origin, Origin::File(path().to_owned(), 4));
        assert_eq!(c.token.unwrap().value, "a=b");
        assert!(c.token_secret.is_none());
    }

    #[test]
    fn file_errors_name_the_line_but_never_the_value() {
        let e = parse_file(path(), "consumer_key=k\nconsumer_sekret=hunter2\n").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("creds line 2: unknown name \"consumer_sekret\"")
        );
        assert!(!e.to_string().contains("hunter2"));
        let e = parse_file(path(), "token_secret hunter2").unwrap_err();
        assert_eq!(e.to_string(), "creds line 1: expected NAME=VALUE");
        let e = parse_file(path(), "token=a\ntoken=b").unwrap_err();
        assert_eq!(
            e.to_string(),
            "creds line 2: token already set on creds line 1"
        );
    }

    #[test]
    fn environment_is_read_by_name() {
        let c = from_env(|name| match name {
            "OAUTHSIG_CONSUMER_SECRET" => Some("s".into()),
            _ => None,
        })
        .unwrap();
        let secret = c.consumer_secret.unwrap();
        assert_eq!(secret.origin.to_string(), "$OAUTHSIG_CONSUMER_SECRET");
        assert!(c.consumer_key.is_none());
    }

    #[test]
    fn token_and_secret_come_in_pairs() {
        let sourced = |v: &str| Sourced {
            value: v.into(),
            origin: Origin::Flag("--token"),
        };
        let mut c = Credentials {
            token: Some(sourced("t")),
            ..Credentials::default()
        };
        let e = c.token_pair().unwrap_err().to_string();
        assert!(e.starts_with("token from --token has no secret"), "{e}");
        c.token_secret = Some(sourced("s"));
        assert!(c.token_pair().unwrap().is_some());
    }

    #[test]
    fn saved_files_read_back_and_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("creds");
        std::fs::write(&file, "old").unwrap();
        let entries = [
            ("consumer_key", "k"),
            ("token", "t=1"),
            ("token_secret", "s"),
        ];
        save(&file, "from a test", &entries).unwrap();
        let c = read_file(&file).unwrap();
        assert_eq!(c.token.unwrap().value, "t=1");
        assert_eq!(c.token_secret.unwrap().value, "s");
        assert_eq!(mode_of(&file).unwrap() & 0o077, 0);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let e = save(&file, "x", &[("token_secret", "hunter2\nx")]).unwrap_err();
        assert!(!e.to_string().contains("hunter2"), "{e}");
        assert_eq!(read_file(&file).unwrap().consumer_key.unwrap().value, "k");
    }

    #[test]
    fn missing_names_every_source() {
        let e = Credentials::default().require_consumer_key().unwrap_err();
        assert_eq!(
            e.to_string(),
            "no consumer key: give --consumer-key, consumer_key in a --credentials file, or $OAUTHSIG_CONSUMER_KEY"
        );
    }
}
