#!/usr/bin/env python3
"""Differential oracle: what oauthlib computes for a request's signature base string and
signature, one JSON case per line on stdin, one JSON answer per line on stdout.

Input line (a "case"):
    {"id": any,
     "method": "GET", "url": "http://host:port/path?query",
     "body": str|null,            # raw body as sent (wire text)
     "content_type": str|null,    # body parameters count only if this contains
                                  # application/x-www-form-urlencoded (oauthlib's rule)
     "params": [[name, value], ...],   # extra DECODED parameters set in code (optional)
     "oauth": {"oauth_consumer_key": .., "oauth_nonce": .., "oauth_timestamp": ..,
               "oauth_signature_method": .., and optionally oauth_token, oauth_version,
               oauth_callback, oauth_verifier, oauth_body_hash, ...},  # DECODED values
     "realm": str|null,           # accepted and ignored: realm is never signed (3.4.1.3.1)
     "consumer_secret": str, "token_secret": str|null,
     "rsa_private_key_file": str,  # PEM private key; required by the RSA-* methods (optional)
     "rsa_public_key_file": str,   # PEM public key; checks RSA-* verify_signature (optional)
     "verify_signature": str}      # a signature to check with oauthlib's verifier (optional)
Output line:
    {"id": .., "base_string": str, "signature": str}           on success
    {"id": .., "base_string": str|null, "signature": null, "error": "Type: message"}
                                                                when oauthlib refuses the case
    plus "verified": bool when the case has "verify_signature": whether oauthlib's own
    verify_* function (the one its endpoints call) accepts that signature for this request.
Output is flushed per line, so a harness may stream cases one at a time.
Exit status: 0, or 2 if any input line was not a well-formed case (each such line still
gets an error answer).

How oauthlib is driven (oauthlib.oauth1.rfc5849.signature, the functions its own endpoints
use to verify a request, see endpoints/base.py and signature._verify_hmac):
    collect_parameters(uri_query=<query of url>, body=<body if form>)   # wire -> decoded
      + the oauth dict + params (already decoded, taken as they are)
    normalize_parameters(...) ; base_string_uri(url) ; signature_base_string(...)
    sign_hmac_sha1_with_client / sign_hmac_sha256_with_client /
    sign_hmac_sha512_with_client / sign_plaintext_with_client /
    sign_rsa_sha1_with_client / sign_rsa_sha256_with_client / sign_rsa_sha512_with_client
    and, for verify_signature, verify_hmac_* / verify_plaintext / verify_rsa_* over a request
    object carrying the same uri, method and parameters.
The oauth dict is treated like Authorization-header parameters, which oauthlib decodes
exactly once, so passing the decoded values straight in is equivalent. The RSA private key is
read once per file and handed to oauthlib as cryptography's key object, which PyJWT (what
oauthlib signs with) takes as it is: parsing the PEM with its key validation costs ~35 ms,
the signature itself under 1 ms. The public key is handed over as PEM text, as a provider
would.

Known places where oauthlib 4.0.1 deviates from RFC 5849 (see shared SECURITY.md section 2).
This oracle reports what oauthlib computes; the Rust side keeps the list of exceptions.
  1. Double decoding: collect_parameters() percent-decodes every oauth_* parameter taken
     from the query or the form body a second time (urldecode, then utils.unescape), so
     `?oauth_x=%2541` signs as oauth_x=A, not oauth_x=%41.
  2. Raw non-ASCII in the path/host: base_string_uri() keeps the characters and
     signature_base_string() UTF-8 percent-encodes them once, so a raw `/café` and a
     wire `/caf%C3%A9` give different base strings (the latter keeps `%C3%A9` literally).
     Raw non-ASCII or other characters outside oauthlib's "urlencoded" set in the *query*
     or a form body make urldecode() raise ValueError, reported as an error answer.
  3. IPv6 literals are normalised through ipaddress.ip_address(), i.e. compressed and
     lower-cased: http://[0:0:0:0:0:0:0:1]:80/ -> http://[::1]/.
  4. Invalid UTF-8 after percent-decoding (e.g. `a=%FF`) is replaced with U+FFFD instead of
     being signed as the original octets; the base string then contains %EF%BF%BD.
  5. Spaces are the only characters base_string_uri() encodes itself (`' '` -> `%20`).
  6. Form-body detection is a substring test on Content-Type, like oauthlib's endpoints.
"""

import json
import sys
from types import SimpleNamespace
from urllib.parse import urlparse

from interop_support import ensure_venv

ensure_venv(__file__)

from oauthlib.oauth1.rfc5849 import signature as sig  # noqa: E402

SIGNERS = {
    "HMAC-SHA1": sig.sign_hmac_sha1_with_client,
    "HMAC-SHA256": sig.sign_hmac_sha256_with_client,
    "HMAC-SHA512": sig.sign_hmac_sha512_with_client,
    "PLAINTEXT": sig.sign_plaintext_with_client,
    "RSA-SHA1": sig.sign_rsa_sha1_with_client,
    "RSA-SHA256": sig.sign_rsa_sha256_with_client,
    "RSA-SHA512": sig.sign_rsa_sha512_with_client,
}
SECRET_VERIFIERS = {
    "HMAC-SHA1": sig.verify_hmac_sha1,
    "HMAC-SHA256": sig.verify_hmac_sha256,
    "HMAC-SHA512": sig.verify_hmac_sha512,
    "PLAINTEXT": sig.verify_plaintext,
}
RSA_VERIFIERS = {
    "RSA-SHA1": sig.verify_rsa_sha1,
    "RSA-SHA256": sig.verify_rsa_sha256,
    "RSA-SHA512": sig.verify_rsa_sha512,
}
FORM = "application/x-www-form-urlencoded"

_private_keys = {}  # path -> cryptography private key object
_public_keys = {}  # path -> PEM text


def private_key(path):
    if path not in _private_keys:
        # Imported here: HMAC-only runs do not need cryptography at all.
        from cryptography.hazmat.primitives.serialization import load_pem_private_key
        with open(path, "rb") as f:
            _private_keys[path] = load_pem_private_key(f.read(), password=None)
    return _private_keys[path]


def public_key(path):
    if path not in _public_keys:
        with open(path, encoding="ascii") as f:
            _public_keys[path] = f.read()
    return _public_keys[path]


class BadCase(Exception):
    """The input line is not a well-formed case (as opposed to oauthlib refusing it)."""


def _require_str(case, key, optional=False):
    value = case.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise BadCase("%r must be a string" % key)
    return value


def parse_case(case):
    if not isinstance(case, dict):
        raise BadCase("a case must be a JSON object")
    for key in ("method", "url", "consumer_secret"):
        _require_str(case, key)
    for key in ("body", "content_type", "realm", "token_secret", "rsa_private_key_file",
                "rsa_public_key_file", "verify_signature"):
        _require_str(case, key, optional=True)
    oauth = case.get("oauth")
    if not isinstance(oauth, dict) or not all(
            isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in oauth.items()):
        raise BadCase("'oauth' must be an object of string values")
    if not isinstance(oauth.get("oauth_signature_method"), str):
        raise BadCase("oauth.oauth_signature_method is required")
    params = case.get("params") or []
    if not isinstance(params, list) or not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p)
            for p in params):
        raise BadCase("'params' must be a list of [name, value] string pairs")
    return case


def compute(case):
    """Return (base_string, signature, error, verified) as oauthlib computes them (verified is
    None without verify_signature); raises on refusal."""
    url = case["url"]
    body = case.get("body")
    content_type = case.get("content_type") or ""
    form_body = body if (body is not None and FORM in content_type) else None

    params = sig.collect_parameters(uri_query=urlparse(url).query, body=form_body,
                                    exclude_oauth_signature=True)
    # oauth_signature is never signed; null means "absent".
    params += [(k, v) for k, v in case["oauth"].items()
               if v is not None and k != "oauth_signature"]
    params += [tuple(p) for p in case.get("params") or []]

    base_string = sig.signature_base_string(
        case["method"], sig.base_string_uri(url), sig.normalize_parameters(params))

    method = case["oauth"]["oauth_signature_method"]
    signer = SIGNERS.get(method)
    if signer is None:
        return base_string, None, "unsupported signature method %r" % method, None
    rsa_key = None
    if method in RSA_VERIFIERS:
        if not case.get("rsa_private_key_file"):
            return base_string, None, "%s needs rsa_private_key_file" % method, None
        rsa_key = private_key(case["rsa_private_key_file"])
    client = SimpleNamespace(client_secret=case["consumer_secret"],
                             resource_owner_secret=case.get("token_secret") or "",
                             rsa_key=rsa_key)
    signature = signer(base_string, client)

    verified = None
    if case.get("verify_signature") is not None:
        # What oauthlib's endpoints hand its verify_* functions: the received request.
        request = SimpleNamespace(uri=url, http_method=case["method"], params=params,
                                  signature=case["verify_signature"])
        if method in RSA_VERIFIERS:
            if not case.get("rsa_public_key_file"):
                return base_string, signature, "%s needs rsa_public_key_file" % method, None
            verified = RSA_VERIFIERS[method](request, public_key(case["rsa_public_key_file"]))
        else:
            verified = SECRET_VERIFIERS[method](request, client.client_secret,
                                                client.resource_owner_secret)
    return base_string, signature, None, verified


def answer(line):
    """One output record for one input line; second value is False for a malformed case."""
    try:
        case = json.loads(line)
    except ValueError as e:
        case = None
        problem = "not JSON: %s" % e
    out = {"id": case.get("id") if isinstance(case, dict) else None,
           "base_string": None, "signature": None}
    try:
        if case is None:
            raise BadCase(problem)
        parse_case(case)
    except BadCase as e:
        out["error"] = "BadCase: %s" % e
        return out, False
    try:
        base_string, signature, error, verified = compute(case)
    except Exception as e:  # oauthlib refusing the input is a result, not a crash
        out["error"] = "%s: %s" % (type(e).__name__, e)
        return out, True
    out["base_string"] = base_string
    out["signature"] = signature
    if verified is not None:
        out["verified"] = bool(verified)
    if error:
        out["error"] = error
    return out, True


def main():
    well_formed = True
    while True:
        line = sys.stdin.readline()
        if not line:
            break
        if not line.strip():
            continue
        out, ok = answer(line)
        well_formed &= ok
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0 if well_formed else 2


if __name__ == "__main__":
    sys.exit(main())
