//! Redis for the nonce-store tests: the shared server of
//! `scripts/redis-test-server` (`OAUTHSIG_REDIS_URL`), or a server a test
//! starts for itself on a free loopback port, to stop, freeze and restart.
//!
//! Without a server the tests skip, except under `CI` or
//! `OAUTHSIG_REQUIRE_REDIS=1`, where they fail.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

fn flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

fn required() -> bool {
    flag("CI") || flag("OAUTHSIG_REQUIRE_REDIS")
}

/// The shared server under test, or `None` (skip) outside CI.
pub fn redis_url() -> Option<String> {
    match std::env::var("OAUTHSIG_REDIS_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if required() => panic!(
            "OAUTHSIG_REDIS_URL is not set, and CI / OAUTHSIG_REQUIRE_REDIS requires the Redis \
             tests to run: start a server with `port=$(scripts/redis-test-server)` and export \
             OAUTHSIG_REDIS_URL=redis://127.0.0.1:$port/"
        ),
        _ => {
            eprintln!("skipping: OAUTHSIG_REDIS_URL is not set (see scripts/redis-test-server)");
            None
        }
    }
}

/// A key prefix of its own per test and run, so reruns against one server
/// never see each other's nonces.
pub fn prefix(test: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("oauthsig-test:{test}:{}:{nanos}:", std::process::id())
}

/// A redis-server of the test's own, on 127.0.0.1, without persistence,
/// killed when dropped.
pub struct OwnRedis {
    child: Option<Child>,
    pub port: u16,
    dir: PathBuf,
}

impl OwnRedis {
    /// Starts one, or `None` (skip) when `redis-server` is not installed
    /// outside CI.
    pub fn start(name: &str) -> Option<Self> {
        if Command::new("redis-server")
            .arg("--version")
            .stdout(Stdio::null())
            .status()
            .is_err()
        {
            assert!(
                !required(),
                "redis-server is not installed, and CI / OAUTHSIG_REQUIRE_REDIS requires the \
                 Redis fault tests to run (scripts/redis-test-server installs it)"
            );
            eprintln!("skipping: redis-server is not installed");
            return None;
        }
        let dir = std::env::temp_dir().join(prefix(name).replace(':', "-"));
        std::fs::create_dir_all(&dir).unwrap();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut redis = OwnRedis {
            child: None,
            port,
            dir,
        };
        redis.spawn();
        Some(redis)
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    fn spawn(&mut self) {
        let child = Command::new("redis-server")
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .args(["--enable-debug-command", "yes"])
            .arg("--dir")
            .arg(&self.dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        self.child = Some(child);
        self.wait_ready();
    }

    fn wait_ready(&self) {
        let until = Instant::now() + Duration::from_secs(10);
        let client = redis::Client::open(self.url()).unwrap();
        while Instant::now() < until {
            if let Ok(mut c) = client.get_connection_with_timeout(Duration::from_millis(200)) {
                if redis::cmd("PING").query::<String>(&mut c).is_ok() {
                    return;
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("redis-server on port {} did not start", self.port);
    }

    fn pid(&self) -> String {
        self.child.as_ref().unwrap().id().to_string()
    }

    fn signal(&self, sig: &str) {
        let status = Command::new("kill")
            .args([sig, &self.pid()])
            .status()
            .unwrap();
        assert!(status.success(), "kill {sig}");
    }

    /// SIGSTOP: the server holds every connection open and answers nothing.
    pub fn freeze(&self) {
        self.signal("-STOP");
    }

    /// SIGCONT.
    pub fn thaw(&self) {
        self.signal("-CONT");
    }

    /// SIGKILL, and waits for the process to be gone.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server again on the same port (nothing persisted).
    pub fn restart(&mut self) {
        self.kill();
        self.spawn();
    }

    /// A plain connection of the test's own (for `DEBUG SLEEP`, `CONFIG`).
    pub fn connection(&self) -> redis::Connection {
        redis::Client::open(self.url())
            .unwrap()
            .get_connection_with_timeout(Duration::from_secs(5))
            .unwrap()
    }
}

impl Drop for OwnRedis {
    fn drop(&mut self) {
        if let Some(child) = &self.child {
            // A frozen server ignores SIGKILL's siblings but not SIGKILL;
            // thaw anyway so nothing is left stopped.
            let _ = Command::new("kill")
                .args(["-CONT", &child.id().to_string()])
                .status();
        }
        self.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A loopback TCP proxy in front of a Redis that can lose one reply: once
/// [`Proxy::lose_next_reply`] is called, the next bytes Redis sends on any
/// connection are dropped and that connection is reset — the command
/// landed, its answer never arrives.
pub struct Proxy {
    pub port: u16,
    lose: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Proxy {
    pub fn start(target: u16) -> Self {
        use std::sync::Arc;
        use std::sync::atomic::AtomicBool;
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let lose = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&lose);
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let Ok(server) = std::net::TcpStream::connect(("127.0.0.1", target)) else {
                    continue;
                };
                Self::pipe(client, server, Arc::clone(&flag));
            }
        });
        Proxy { port, lose }
    }

    fn pipe(
        client: std::net::TcpStream,
        server: std::net::TcpStream,
        lose: std::sync::Arc<std::sync::atomic::AtomicBool>,
    ) {
        use std::io::{Read, Write};
        use std::net::Shutdown;
        use std::sync::atomic::Ordering;
        let (mut c_in, mut s_out) = (client.try_clone().unwrap(), server.try_clone().unwrap());
        std::thread::spawn(move || {
            let _ = std::io::copy(&mut c_in, &mut s_out);
            let _ = s_out.shutdown(Shutdown::Both);
        });
        let (mut s_in, mut c_out) = (server, client);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            loop {
                let n = match s_in.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                if lose.swap(false, Ordering::SeqCst) {
                    break;
                }
                if c_out.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
            let _ = c_out.shutdown(Shutdown::Both);
            let _ = s_in.shutdown(Shutdown::Both);
        });
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    pub fn lose_next_reply(&self) {
        self.lose.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}
