#!/usr/bin/env python3
"""Self-test of provider.py with requests-oauthlib as the client (no Rust involved).

For each of HMAC-SHA1, HMAC-SHA256, HMAC-SHA512, PLAINTEXT, RSA-SHA1, RSA-SHA256 and
RSA-SHA512 it runs the three-legged flow (request token -> authorize -> access token) and uses
the new token on GET /resource, POST /resource (form) and POST /json (oauth_body_hash), then
checks that the provider refuses what it must: replays, reused verifiers, tampered bodies,
wrong secrets (for RSA: a wrong private key; the token secret plays no part there, RFC 5849
3.4.3), tokens of another client, bad parameters. The RSA methods sign with the fixture
client's private key (interop_support.RSA_PRIVATE_KEY), whose public half the provider has. Prints `N passed, M failed`; exits non-zero on any failure.

Run: tests/interop/.venv/bin/python tests/interop/selftest_provider.py
(run tests/interop/setup.sh first; any other python re-executes itself in the venv).
"""

import base64
import hashlib
import hmac
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qsl

from interop_support import (
    ACCESS_SECRET, ACCESS_TOKEN, CLIENT_KEY, CLIENT_SECRET, OTHER_CLIENT_KEY,
    OTHER_CLIENT_SECRET, RSA_METHODS, RSA_PRIVATE_KEY, WRONG_RSA_PRIVATE_KEY, Checks,
    ProviderProcess, ensure_venv,
)

ensure_venv(__file__)

import requests  # noqa: E402
from oauthlib.oauth1 import Client  # noqa: E402
from requests_oauthlib import OAuth1  # noqa: E402

METHODS = ("HMAC-SHA1", "HMAC-SHA256", "HMAC-SHA512", "PLAINTEXT") + RSA_METHODS
FORM = "application/x-www-form-urlencoded"
GET_PATH = "/resource?q=hello%20world&x=1&x=2"
FORM_BODY = "a=1&b=caf%C3%A9&b=%21"
JSON_BODY = json.dumps({"greeting": "hello", "n": [1, 2, 3]})


class BodyHashOnFormClient(Client):
    """Adds oauth_body_hash to a form-encoded request, which the extension forbids."""

    def get_oauth_params(self, request):
        return super().get_oauth_params(request) + [("oauth_body_hash", "2jmj7l5rSw0yVb/vlWAYkK/YBwk=")]


class UnlistedMethodClient(Client):
    """Signs with HMAC-MD5, a method oauthlib's provider does not list (it allows all seven
    methods oauthlib implements)."""

    SIGNATURE_METHODS = dict(Client.SIGNATURE_METHODS, **{
        "HMAC-MD5": lambda base_string, client: base64.b64encode(hmac.new(
            b"key", base_string.encode(), hashlib.md5).digest()).decode()})


def read_key(path):
    with open(path, encoding="ascii") as f:
        return f.read()


RSA_KEY = read_key(RSA_PRIVATE_KEY)


def session():
    s = requests.Session()
    s.trust_env = False  # loopback only: never route through a proxy from the environment
    return s


def auth(method, token=ACCESS_TOKEN, token_secret=ACCESS_SECRET, **kw):
    kw.setdefault("client_key", CLIENT_KEY)
    kw.setdefault("client_secret", CLIENT_SECRET)
    if method in RSA_METHODS:
        kw.setdefault("rsa_key", RSA_KEY)
    return OAuth1(kw.pop("client_key"), kw.pop("client_secret"), token, token_secret,
                  signature_method=method, **kw)


def parse_form(text):
    return dict(parse_qsl(text, keep_blank_values=True))


def three_legged(c, base, method, callback):
    """Request token -> authorize -> access token. Returns (token, secret) or None."""
    s = session()
    tag = "%s: " % method
    r = s.post(base + "/request_token", auth=auth(method, None, None, callback_uri=callback))
    if not c.equal(tag + "request token status", r.status_code, 200):
        return None
    temp = parse_form(r.text)
    c.equal(tag + "oauth_callback_confirmed", temp.get("oauth_callback_confirmed"), "true")

    r = s.get(base + "/authorize", params={"oauth_token": temp["oauth_token"]})
    if not c.equal(tag + "authorize status", r.status_code, 200):
        return None
    granted = parse_form(r.text)
    c.equal(tag + "authorize echoes the token", granted.get("oauth_token"), temp["oauth_token"])
    if callback != "oob":
        c.check(tag + "authorize reports the callback redirect",
                r.headers.get("X-OAuth-Callback-Location", "").startswith(callback))
    r = s.get(base + "/authorize", params={"oauth_token": temp["oauth_token"]})
    # oauthlib's InvalidClientError carries 400 (the authorization step is not a signed
    # request, so RFC 5849 3.2's 401 rule does not apply); what matters is: no new verifier.
    c.check(tag + "second authorization of the same token refused",
            r.status_code == 400 and "invalid_client" in r.text and "verifier" not in r.text,
            "got %d %r" % (r.status_code, r.text))

    verifier = granted["oauth_verifier"]
    # The temporary token cannot be used as an access token.
    r = s.get(base + GET_PATH, auth=auth(method, temp["oauth_token"], temp["oauth_token_secret"]))
    c.equal(tag + "request token refused at a protected resource", r.status_code, 401)

    r = s.post(base + "/access_token",
               auth=auth(method, temp["oauth_token"], temp["oauth_token_secret"], verifier="0" * 30))
    c.equal(tag + "wrong verifier refused", r.status_code, 401)

    token_auth = auth(method, temp["oauth_token"], temp["oauth_token_secret"], verifier=verifier)
    r = s.post(base + "/access_token", auth=token_auth)
    if not c.equal(tag + "access token status", r.status_code, 200):
        return None
    creds = parse_form(r.text)
    r = s.post(base + "/access_token",
               auth=auth(method, temp["oauth_token"], temp["oauth_token_secret"], verifier=verifier))
    c.equal(tag + "verifier is single-use", r.status_code, 401)
    return creds["oauth_token"], creds["oauth_token_secret"]


def use_token(c, base, method, token, secret):
    s = session()
    tag = "%s: " % method
    r = s.get(base + GET_PATH, auth=auth(method, token, secret))
    if c.equal(tag + "GET /resource status", r.status_code, 200):
        c.equal(tag + "GET /resource echo", r.json()["query"],
                [["q", "hello world"], ["x", "1"], ["x", "2"]])

    r = s.post(base + "/resource", data=FORM_BODY, headers={"Content-Type": FORM},
               auth=auth(method, token, secret))
    if c.equal(tag + "POST /resource status", r.status_code, 200):
        c.equal(tag + "POST /resource echo", r.json()["form"],
                [["a", "1"], ["b", "café"], ["b", "!"]])

    # requests-oauthlib only passes a non-form body to oauthlib (which then adds
    # oauth_body_hash) when force_include_body is set.
    json_auth = auth(method, token, secret, force_include_body=True)
    r = s.post(base + "/json", data=JSON_BODY, headers={"Content-Type": "application/json"},
               auth=json_auth)
    if c.equal(tag + "POST /json status", r.status_code, 200):
        c.equal(tag + "POST /json echo", r.json()["json"], json.loads(JSON_BODY))

    # Replay: the byte-identical request must be refused the second time.
    prepared = requests.Request("GET", base + GET_PATH, auth=auth(method, token, secret)).prepare()
    first, second = s.send(prepared), s.send(prepared)
    c.equal(tag + "replay: first send", first.status_code, 200)
    c.equal(tag + "replay: second send refused", second.status_code, 401)

    # Tampered JSON body under a valid signature: caught by the body hash.
    prepared = requests.Request("POST", base + "/json", data=JSON_BODY,
                                headers={"Content-Type": "application/json"},
                                auth=auth(method, token, secret, force_include_body=True)).prepare()
    prepared.body = JSON_BODY.replace("hello", "HELLO")
    c.equal(tag + "tampered JSON body refused", s.send(prepared).status_code, 401)
    # The refused request did not spend its nonce: the untampered original still passes.
    prepared.body = JSON_BODY
    c.equal(tag + "rejected request did not burn the nonce", s.send(prepared).status_code, 200)

    r = s.post(base + "/json", data=JSON_BODY, headers={"Content-Type": "application/json"},
               auth=auth(method, token, secret))
    c.equal(tag + "POST /json without oauth_body_hash refused", r.status_code, 400)

    if method in RSA_METHODS:
        # RFC 5849 3.4.3: the signature is over the base string with the client's key alone.
        r = s.get(base + GET_PATH, auth=auth(method, token, secret + "x"))
        c.equal(tag + "another token secret accepted (RSA does not use it)", r.status_code, 200)
        r = s.get(base + GET_PATH, auth=auth(method, token, secret,
                                             rsa_key=read_key(WRONG_RSA_PRIVATE_KEY)))
        c.equal(tag + "wrong private key refused", r.status_code, 401)
        r = s.get(base + GET_PATH, auth=auth(method, token + "x", secret))
        c.equal(tag + "unknown token refused", r.status_code, 401)
    else:
        r = s.get(base + GET_PATH, auth=auth(method, token, secret + "x"))
        c.equal(tag + "wrong token secret refused", r.status_code, 401)
        r = s.get(base + GET_PATH, auth=auth(method, token, secret, client_secret="wrong"))
        c.equal(tag + "wrong client secret refused", r.status_code, 401)

    r = s.get(base + GET_PATH, auth=auth(method, token, secret, client_key=OTHER_CLIENT_KEY,
                                         client_secret=OTHER_CLIENT_SECRET))
    c.equal(tag + "token of another client refused", r.status_code, 401)


def protocol_errors(c, base):
    s = session()
    r = s.post(base + "/request_token",
               auth=auth("HMAC-SHA1", None, None, client_key="unknown-client-key",
                         callback_uri="oob"))
    c.equal("unknown client refused", r.status_code, 401)

    r = s.post(base + "/request_token", auth=auth("HMAC-SHA1", None, None))
    c.equal("request token without oauth_callback refused", r.status_code, 400)

    r = s.get(base + GET_PATH, auth=auth("HMAC-MD5", client_class=UnlistedMethodClient))
    c.equal("signature method not allowed", r.status_code, 400)

    # The other client has no RSA key registered: checked against a dummy key, refused.
    r = s.get(base + GET_PATH, auth=auth("RSA-SHA1", client_key=OTHER_CLIENT_KEY,
                                         client_secret=OTHER_CLIENT_SECRET))
    c.equal("RSA from a client without a registered public key refused", r.status_code, 401)

    r = s.get(base + GET_PATH, auth=auth("HMAC-SHA1", timestamp=str(int(time.time()) - 3600)))
    c.equal("stale timestamp refused", r.status_code, 400)

    r = s.get(base + GET_PATH, auth=auth("HMAC-SHA1", None, None))
    c.equal("protected resource without oauth_token refused", r.status_code, 400)

    r = s.get(base + GET_PATH, auth=auth("HMAC-SHA1", nonce="short"))
    c.equal("nonce outside oauthlib's length rule refused", r.status_code, 400)

    r = s.get(base + GET_PATH + "&oauth_nonce=abcdefghijklmnopqrstuvwxyz", auth=auth("HMAC-SHA1"))
    c.equal("oauth_ parameters in two locations refused", r.status_code, 400)

    r = s.post(base + "/resource", data=FORM_BODY, headers={"Content-Type": FORM},
               auth=auth("HMAC-SHA1", client_class=BodyHashOnFormClient))
    c.equal("oauth_body_hash on a form body refused", r.status_code, 400)

    r = s.get(base + GET_PATH)
    c.equal("unsigned request refused", r.status_code, 400)

    # The nonce check and the nonce record are atomic: of N simultaneous copies of one
    # signed request, exactly one is accepted.
    prepared = requests.Request("GET", base + GET_PATH, auth=auth("HMAC-SHA1")).prepare()
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = sorted(pool.map(lambda _: session().send(prepared, timeout=10).status_code,
                                   range(8)))
    c.equal("concurrent replays: exactly one accepted", statuses, [200] + [401] * 7)


def main():
    c = Checks()
    try:
        with ProviderProcess() as provider:
            base = provider.base
            print("provider on %s" % base, flush=True)
            callbacks = {"HMAC-SHA1": "http://127.0.0.1:9/callback", "HMAC-SHA256": "oob",
                         "HMAC-SHA512": "http://127.0.0.1:9/cb?x=%2F",
                         "PLAINTEXT": "http://localhost:9/cb?state=x",
                         "RSA-SHA1": "oob", "RSA-SHA256": "http://127.0.0.1:9/rsa",
                         "RSA-SHA512": "http://localhost:9/cb?m=rsa-sha512"}
            for method in METHODS:
                try:
                    creds = three_legged(c, base, method, callbacks[method])
                    if creds is not None:
                        use_token(c, base, method, *creds)
                except Exception as e:
                    c.crash("%s: flow" % method, e)
            # The preloaded token works as well as an issued one.
            try:
                use_token(c, base, "HMAC-SHA1", ACCESS_TOKEN, ACCESS_SECRET)
                protocol_errors(c, base)
            except Exception as e:
                c.crash("preloaded token / protocol errors", e)
    except Exception as e:
        c.crash("provider", e)
    return c.summary()


if __name__ == "__main__":
    sys.exit(main())
