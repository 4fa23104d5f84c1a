"""Shared helpers for the interop scripts: starting/stopping provider.py and counting checks.

Standard library only, so any script (or the Rust side's harness) can import it.
"""

import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV_PYTHON = HERE / ".venv" / "bin" / "python"

CLIENT_KEY = "interop-client-key-0001"
CLIENT_SECRET = "interop-client-secret"
ACCESS_TOKEN = "interop-access-token-0001"
ACCESS_SECRET = "interop-token-secret"
# A second registered client, for "token bound to its client" checks.
OTHER_CLIENT_KEY = "interop-client-key-0002"
OTHER_CLIENT_SECRET = "interop-other-secret"

# RSA-SHA1/256/512 (RFC 5849 3.4.3): the fixture client also holds an RSA key pair; the
# provider is given its public half (--client-rsa-key), the clients its private half
# (--private-key). Test keys only (tests/keys/README.md). PKCS#8, the one private-key form
# every peer reads (liboauth's NSS build takes nothing else).
KEYS_DIR = HERE.parent / "keys"
RSA_PRIVATE_KEY = KEYS_DIR / "rsa2048.pkcs8.pem"
RSA_PUBLIC_KEY = KEYS_DIR / "rsa2048.spki.pem"
# Another key pair's private half: what a client with the wrong key signs with.
WRONG_RSA_PRIVATE_KEY = KEYS_DIR / "rsa1024.pkcs1.pem"
RSA_METHODS = ("RSA-SHA1", "RSA-SHA256", "RSA-SHA512")


def ensure_venv(script):
    """Re-execute `script` under tests/interop/.venv's python unless already running there,
    so `python3 tests/interop/<script>.py` works from anywhere once setup.sh has run."""
    if not VENV_PYTHON.exists():
        return  # imports will fail with a clear ModuleNotFoundError: run setup.sh
    if Path(sys.prefix).resolve() == VENV_PYTHON.parent.parent.resolve():
        return
    os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), str(script)] + sys.argv[1:])


class ProviderProcess:
    """Runs provider.py as a child process for the duration of a `with` block.

    The provider is always stopped on exit from the block (SIGTERM, then SIGKILL after a
    grace period), whatever happened inside it.
    """

    def __init__(self, extra_args=(), python=None, ready_timeout=20.0):
        self.extra_args = list(extra_args)
        self.python = python or sys.executable
        self.ready_timeout = ready_timeout
        self.proc = None
        self.port = None

    @property
    def base(self):
        return "http://127.0.0.1:%d" % self.port

    def __enter__(self):
        args = [self.python, str(HERE / "provider.py"),
                "--client-key", CLIENT_KEY, "--client-secret", CLIENT_SECRET,
                "--extra-client", "%s:%s" % (OTHER_CLIENT_KEY, OTHER_CLIENT_SECRET),
                "--preload-token", "%s:%s" % (ACCESS_TOKEN, ACCESS_SECRET),
                "--client-rsa-key", str(RSA_PUBLIC_KEY),
                "--max-lifetime", "900"]
        if not os.environ.get("INTEROP_VERBOSE"):
            args.append("--quiet")
        args += self.extra_args
        # stderr is inherited so provider diagnostics land in the test log.
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                     text=True)
        try:
            self.port = self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self):
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + self.ready_timeout
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise RuntimeError("provider did not print READY within %.0fs"
                                       % self.ready_timeout)
                if sel.select(remaining):
                    line = self.proc.stdout.readline()
                    if not line:
                        raise RuntimeError("provider exited before READY (status %s)"
                                           % self.proc.wait())
                    parts = line.split()
                    if len(parts) == 2 and parts[0] == "READY":
                        return int(parts[1])
                    raise RuntimeError("unexpected provider output: %r" % line)
        finally:
            sel.close()

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def __exit__(self, *exc):
        self.stop()
        if self.proc is not None and self.proc.stdout is not None:
            self.proc.stdout.close()
        return False


class Checks:
    """Counts named checks and prints the closing `N passed, M failed` line."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print("ok   - %s" % name, flush=True)
        else:
            self.failed += 1
            print("FAIL - %s%s" % (name, (": " + detail) if detail else ""), flush=True)
        return ok

    def equal(self, name, got, want):
        return self.check(name, got == want, "got %r, want %r" % (got, want))

    def crash(self, name, exc):
        """Record an unexpected exception as one failure (the run goes on)."""
        return self.check(name, False, "%s: %s" % (type(exc).__name__, exc))

    def summary(self):
        print("%d passed, %d failed" % (self.passed, self.failed), flush=True)
        return 0 if self.failed == 0 and self.passed > 0 else 1
