#!/usr/bin/env python3
"""Checks the independent peers against each other, without any Rust code:

  * each client peer (requests-oauthlib, npm oauth-1.0a, liboauth) gets 200 for both of its
    requests from provider.py, for every signature method its library supports, and says
    "unsupported" (exit 3) for the others;
  * each client's --dump output is faithful: the dumped request, sent as-is, gets 200, and
    the same bytes sent again are refused as a replay (401);
  * oracle.py recomputes, from each dumped request, the very signature the library put in
    its Authorization header (three independent signers agree with oauthlib; RSA-SHA1/256/512
    signatures are deterministic, so they are compared byte for byte too), and oauthlib's
    verifier accepts it (with the public key, for RSA);
  * oracle.py reproduces the published RFC 5849 examples;
  * the C peer runs clean under valgrind memcheck, with HMAC-SHA1 and with RSA-SHA1 (leaks
    inside liboauth's NSS start-up are suppressed: liboauth never shuts NSS down).

The RSA methods sign with the fixture client's private key (interop_support.RSA_PRIVATE_KEY,
passed as --private-key); the provider has its public half (--client-rsa-key).

Prints `N passed, M failed`; exits non-zero on any failure. Run tests/interop/setup.sh first.
"""

import http.client
import json
import os
import shutil
import subprocess
import sys
from urllib.parse import urlsplit

from interop_support import (
    ACCESS_SECRET, ACCESS_TOKEN, CLIENT_KEY, CLIENT_SECRET, HERE, RSA_METHODS, RSA_PRIVATE_KEY,
    RSA_PUBLIC_KEY, VENV_PYTHON, Checks, ProviderProcess, ensure_venv,
)

ensure_venv(__file__)

from oauthlib.oauth1.rfc5849 import utils as oauth_utils  # noqa: E402

import oracle  # noqa: E402

C_CLIENT = HERE / "build" / "liboauth_client"
EXPECTED_LINES = ["GET /resource 200", "POST /resource 200"]
ALL_METHODS = ("HMAC-SHA1", "HMAC-SHA256", "HMAC-SHA512", "PLAINTEXT") + RSA_METHODS
LIBOAUTH_METHODS = ("HMAC-SHA1", "PLAINTEXT", "RSA-SHA1")

# name -> (argv prefix, methods the library supports, signs into the Authorization header)
PEERS = {
    "requests-oauthlib": ([str(VENV_PYTHON), str(HERE / "clients" / "requests_oauthlib_client.py")],
                          ALL_METHODS, True),
    "node oauth-1.0a": (["node", str(HERE / "clients" / "node_oauth1a_client.js")],
                        ALL_METHODS, True),
    "liboauth": ([str(C_CLIENT)], LIBOAUTH_METHODS, True),
    "liboauth url2": ([str(C_CLIENT), "--mode", "url2"], LIBOAUTH_METHODS, False),
}

# Published examples (RFC 5849 sections 1.2 and 3.4.1.1), as oracle cases.
RFC_CASES = [
    ({"id": "rfc5849-1.2-temporary-credentials", "method": "POST",
      "url": "https://photos.example.net/initiate", "body": None, "content_type": None,
      "oauth": {"oauth_consumer_key": "dpf43f3p2l4k3l03", "oauth_signature_method": "HMAC-SHA1",
                "oauth_timestamp": "137131200", "oauth_nonce": "wIjqoS",
                "oauth_callback": "http://printer.example.com/ready"},
      "realm": "Photos", "consumer_secret": "kd94hf93k423kf44", "token_secret": ""},
     "74KNZJeDHnMBp0EMJ9ZHt/XKycU=", None),
    ({"id": "rfc5849-1.2-token-credentials", "method": "POST",
      "url": "https://photos.example.net/token", "body": None, "content_type": None,
      "oauth": {"oauth_consumer_key": "dpf43f3p2l4k3l03", "oauth_token": "hh5s93j4hdidpola",
                "oauth_signature_method": "HMAC-SHA1", "oauth_timestamp": "137131201",
                "oauth_nonce": "walatlh", "oauth_verifier": "hfdp7dh39dks9884"},
      "realm": "Photos", "consumer_secret": "kd94hf93k423kf44",
      "token_secret": "hdhd0244k9j7ao03"},
     "gKgrFCywp7rO0OXSjdot/IHF7IU=", None),
    ({"id": "rfc5849-1.2-protected-resource", "method": "GET",
      "url": "http://photos.example.net/photos?file=vacation.jpg&size=original",
      "body": None, "content_type": None,
      "oauth": {"oauth_consumer_key": "dpf43f3p2l4k3l03", "oauth_token": "nnch734d00sl2jdk",
                "oauth_signature_method": "HMAC-SHA1", "oauth_timestamp": "137131202",
                "oauth_nonce": "chapoH"},
      "realm": "Photos", "consumer_secret": "kd94hf93k423kf44",
      "token_secret": "pfkkdhi9sl3r4s00"},
     "MdpQcU8iPSUjWoN/UDMsK2sui9I=",
     "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key"
     "%3Ddpf43f3p2l4k3l03%26oauth_nonce%3DchapoH%26oauth_signature_method%3DHMAC-SHA1%26"
     "oauth_timestamp%3D137131202%26oauth_token%3Dnnch734d00sl2jdk%26size%3Doriginal"),
    ({"id": "rfc5849-3.4.1.1", "method": "POST",
      "url": "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b",
      "body": "c2&a3=2+q", "content_type": "application/x-www-form-urlencoded",
      "oauth": {"oauth_consumer_key": "9djdj82h48djs9d2", "oauth_token": "kkk9d7dh3k39sjv7",
                "oauth_signature_method": "HMAC-SHA1", "oauth_timestamp": "137131201",
                "oauth_nonce": "7d8f3e4a"},
      "realm": "Example", "consumer_secret": "j49sj3j29djd", "token_secret": "dh893hdasih9"},
     None,  # the RFC prints only the base string for this example
     "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D"
     "%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce"
     "%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26"
     "oauth_token%3Dkkk9d7dh3k39sjv7"),
]


def run(argv, timeout=60):
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def client_args(base, method):
    args = ["--base", base, "--consumer-key", CLIENT_KEY, "--consumer-secret", CLIENT_SECRET,
            "--token", ACCESS_TOKEN, "--token-secret", ACCESS_SECRET,
            "--signature-method", method]
    if method in RSA_METHODS:
        args += ["--private-key", str(RSA_PRIVATE_KEY)]
    return args


def send_raw(dumped):
    """Send a dumped request exactly as dumped; return the status."""
    url = urlsplit(dumped["url"])
    target = url.path + ("?" + url.query if url.query else "")
    body = dumped["body"].encode("utf-8") if dumped["body"] is not None else None
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    try:
        conn.request(dumped["method"], target, body=body, headers=dumped["headers"])
        resp = conn.getresponse()
        resp.read()
        return resp.status
    finally:
        conn.close()


def oracle_case_from_dump(dumped, method):
    """Turn a dumped header-mode request into an oracle case (secrets are known here)."""
    headers = {k.lower(): v for k, v in dumped["headers"].items()}
    pairs = oauth_utils.parse_authorization_header(headers["authorization"])
    oauth = {k: oauth_utils.unescape(v) for k, v in pairs if k != "realm"}
    signature = oauth.pop("oauth_signature")
    case = {"id": "dump", "method": dumped["method"], "url": dumped["url"],
            "body": dumped["body"], "content_type": headers.get("content-type"),
            "oauth": oauth, "realm": None,
            "consumer_secret": CLIENT_SECRET, "token_secret": ACCESS_SECRET,
            "verify_signature": signature}
    if method in RSA_METHODS:
        case["rsa_private_key_file"] = str(RSA_PRIVATE_KEY)
        case["rsa_public_key_file"] = str(RSA_PUBLIC_KEY)
    return case, signature


def check_peer(c, base, name, argv, methods, header_mode):
    for method in ALL_METHODS:
        tag = "%s %s: " % (name, method)
        if method not in methods:
            r = run(argv + client_args(base, method))
            c.equal(tag + "reports unsupported method (exit 3)", r.returncode, 3)
            continue

        r = run(argv + client_args(base, method))
        c.check(tag + "live requests get 200",
                r.returncode == 0 and r.stdout.splitlines() == EXPECTED_LINES,
                "exit %d, stdout %r, stderr %r" % (r.returncode, r.stdout, r.stderr[-500:]))

        r = run(argv + client_args(base, method) + ["--dump"])
        try:
            dumped = [json.loads(line) for line in r.stdout.splitlines()]
        except ValueError as e:
            c.crash(tag + "--dump output is JSON", e)
            continue
        c.check(tag + "--dump prints two requests",
                r.returncode == 0 and len(dumped) == 2
                and all(set(d) == {"method", "url", "headers", "body"} for d in dumped)
                and [d["method"] for d in dumped] == ["GET", "POST"],
                "exit %d, stdout %r" % (r.returncode, r.stdout))
        if len(dumped) != 2:
            continue
        for d in dumped:
            path = urlsplit(d["url"]).path
            rtag = tag + "%s %s: " % (d["method"], path)
            if header_mode:
                try:
                    case, signature = oracle_case_from_dump(d, method)
                    out, _ = oracle.answer(json.dumps(case))
                    c.equal(rtag + "oracle (oauthlib) computes the library's signature",
                            out.get("signature"), signature)
                    c.equal(rtag + "oauthlib's verifier accepts the library's signature",
                            out.get("verified"), True)
                except Exception as e:
                    c.crash(rtag + "oracle cross-check", e)
            try:
                c.equal(rtag + "dumped request accepted as sent", send_raw(d), 200)
                c.equal(rtag + "dumped request refused when replayed", send_raw(d), 401)
            except OSError as e:
                c.crash(rtag + "sending the dump", e)


def check_oracle_vectors(c):
    for case, want_sig, want_base in RFC_CASES:
        out, ok = oracle.answer(json.dumps(case))
        tag = "oracle %s: " % case["id"]
        c.check(tag + "no error", ok and "error" not in out, repr(out))
        if want_sig is not None:
            c.equal(tag + "signature", out.get("signature"), want_sig)
        if want_base is not None:
            c.equal(tag + "base string", out.get("base_string"), want_base)


def check_valgrind(c, base):
    if shutil.which("valgrind") is None:
        c.check("liboauth under valgrind", False, "valgrind not installed (run setup.sh)")
        return
    for method in ("HMAC-SHA1", "RSA-SHA1"):
        r = run(["valgrind", "--quiet", "--error-exitcode=99", "--leak-check=full",
                 "--errors-for-leak-kinds=definite,indirect",
                 "--suppressions=%s" % (HERE / "clients" / "liboauth.supp"),
                 str(C_CLIENT)] + client_args(base, method), timeout=120)
        c.check("liboauth peer runs clean under valgrind memcheck (%s)" % method,
                r.returncode == 0 and r.stdout.splitlines() == EXPECTED_LINES,
                "exit %d, stderr %s" % (r.returncode, r.stderr[-2000:]))


def main():
    c = Checks()
    check_oracle_vectors(c)
    if not C_CLIENT.exists():
        c.check("C peer built", False, "%s missing: run tests/interop/setup.sh" % C_CLIENT)
    try:
        with ProviderProcess() as provider:
            print("provider on %s" % provider.base, flush=True)
            for name, (argv, methods, header_mode) in PEERS.items():
                if argv[0] == str(C_CLIENT) and not C_CLIENT.exists():
                    continue
                try:
                    check_peer(c, provider.base, name, argv, methods, header_mode)
                except Exception as e:
                    c.crash(name, e)
            if C_CLIENT.exists() and not os.environ.get("INTEROP_SKIP_VALGRIND"):
                check_valgrind(c, provider.base)
    except Exception as e:
        c.crash("provider", e)
    return c.summary()


if __name__ == "__main__":
    sys.exit(main())
