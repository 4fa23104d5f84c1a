#!/usr/bin/env python3
"""Independent OAuth 1.0a client peer: signs with requests-oauthlib (oauthlib underneath).

Sends, to --base, with the OAuth parameters in the Authorization header:
    GET  /resource?q=hello%20world&x=1&x=2
    POST /resource   body a=1&b=caf%C3%A9&b=%21 (application/x-www-form-urlencoded)
and prints `<METHOD> <path> <status>` per request. Exit status: 0 if every answer was 200,
1 otherwise, 2 on usage errors, 3 for a signature method this library cannot do (never, here:
oauthlib has all seven).

RSA-SHA1, RSA-SHA256 and RSA-SHA512 sign with the PEM private key in --private-key FILE
(oauthlib's `rsa_key`, through PyJWT + cryptography); the consumer and token secrets are then
not used (RFC 5849 section 3.4.3).

--dump prints each signed request as one JSON line instead of sending it:
    {"method": .., "url": .., "headers": {..}, "body": str|null}

Run with tests/interop/.venv/bin/python (created by tests/interop/setup.sh).
"""

import argparse
import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from interop_support import ensure_venv  # noqa: E402

ensure_venv(__file__)

import requests  # noqa: E402
from requests_oauthlib import OAuth1  # noqa: E402

METHODS = ("HMAC-SHA1", "HMAC-SHA256", "HMAC-SHA512", "PLAINTEXT",
           "RSA-SHA1", "RSA-SHA256", "RSA-SHA512")
FORM = "application/x-www-form-urlencoded"
GET_PATH = "/resource?q=hello%20world&x=1&x=2"
FORM_BODY = "a=1&b=caf%C3%A9&b=%21"


def as_text(value):
    # requests-oauthlib hands back bytes for the headers/body it signed.
    return value.decode("utf-8") if isinstance(value, bytes) else value


def signed_requests(args, rsa_key):
    auth = OAuth1(args.consumer_key, args.consumer_secret, args.token, args.token_secret,
                  signature_method=args.signature_method, signature_type="AUTH_HEADER",
                  rsa_key=rsa_key)
    base = args.base.rstrip("/")
    return [
        requests.Request("GET", base + GET_PATH, auth=auth).prepare(),
        requests.Request("POST", base + "/resource", data=FORM_BODY,
                         headers={"Content-Type": FORM}, auth=auth).prepare(),
    ]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    ap.add_argument("--base", required=True, help="server URL, e.g. http://127.0.0.1:8080")
    ap.add_argument("--consumer-key", required=True)
    ap.add_argument("--consumer-secret", required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--token-secret", required=True)
    ap.add_argument("--signature-method", default="HMAC-SHA1", choices=METHODS)
    ap.add_argument("--private-key", metavar="FILE",
                    help="PEM RSA private key, required by the RSA-* methods")
    ap.add_argument("--dump", action="store_true", help="print signed requests, do not send")
    args = ap.parse_args()

    rsa_key = None
    if args.signature_method.startswith("RSA-"):
        if not args.private_key:
            ap.error("%s needs --private-key" % args.signature_method)
        with open(args.private_key, encoding="ascii") as f:
            rsa_key = f.read()
    prepared = signed_requests(args, rsa_key)
    if args.dump:
        for p in prepared:
            print(json.dumps({
                "method": p.method,
                "url": p.url,
                "headers": {as_text(k): as_text(v) for k, v in p.headers.items()},
                "body": as_text(p.body),
            }, ensure_ascii=False), flush=True)
        return 0

    session = requests.Session()
    session.trust_env = False  # talk to --base directly, never through an environment proxy
    all_ok = True
    for p in prepared:
        try:
            status = session.send(p, timeout=10, allow_redirects=False).status_code
        except requests.RequestException as e:
            print("%s: %s" % (p.method, e), file=sys.stderr)
            status = 0
        print("%s %s %d" % (p.method, urlsplit(p.url).path, status), flush=True)
        all_ok &= status == 200
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
