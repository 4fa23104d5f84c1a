#!/usr/bin/env python3
"""Loopback OAuth 1.0a provider built on oauthlib's RFC 5849 endpoints.

This is the independent *server* peer of the interop suite: anything oauthsig signs must be
accepted here, and it is the yardstick for how a widely used provider library behaves.

Endpoints (all on 127.0.0.1, plain HTTP):
    POST /request_token   temporary credentials (requires oauth_callback; 'oob' allowed)
    GET  /authorize       auto-approves ?oauth_token=...; always answers 200 with
                          oauth_token=..&oauth_verifier=.. (no 302: the callback URL it would
                          have redirected to is given in the X-OAuth-Callback-Location header)
    POST /access_token    token credentials (requires the verifier from /authorize)
    GET  /resource        protected; echoes the query parameters as JSON
    POST /resource        protected; form body; echoes query + form parameters as JSON
    POST /json            protected; application/json body that must carry a valid
                          oauth_body_hash (SHA-1 of the raw body, base64)

Signature methods: HMAC-SHA1, HMAC-SHA256, HMAC-SHA512, PLAINTEXT, and RSA-SHA1, RSA-SHA256,
RSA-SHA512 for a client whose RSA public key was registered (--client-rsa-key: SPKI or PKCS#1
PEM, or a PEM certificate, as Jira's application links take it). oauthlib verifies RSA with
PyJWT + cryptography; the token of an RSA request must be valid, its secret plays no part
(RFC 5849 section 3.4.3).

Status codes follow RFC 5849 section 3.2: 400 for malformed/missing/duplicated parameters or
an unsupported signature method, 401 for bad credentials, signature or a replayed nonce.

On start it prints exactly one line `READY <port>` to stdout; logs go to stderr. SIGTERM or
SIGINT stops it; --max-lifetime stops it anyway so a crashed harness cannot leak a server.

Deliberate relaxations of oauthlib's RequestValidator defaults (everything else is default):
  * enforce_ssl=False: loopback tests speak plain HTTP (RFC 5849 requires TLS for real use).
  * client keys and access tokens may use all RFC 3986 unreserved characters (A-Z a-z 0-9
    - . _ ~) and be 1..64 long, instead of 20..30 alphanumerics, so test fixtures such as
    `interop-client-key-0001` and preloaded tokens are accepted. Request tokens and verifiers
    are generated here (30 alphanumerics) and keep oauthlib's 20..30 alphanumeric rule.
  * nonces keep oauthlib's alphanumeric rule; their length range is oauthlib's 20..30 unless
    --nonce-length MIN:MAX says otherwise (e.g. for peers with short numeric nonces).
  * realms are opaque labels: any realm is accepted (RFC 5849 gives realm no meaning for
    signing; oauthlib's default would reject every realm because its realm list is empty).
  * every signature method oauthlib implements is allowed (its default allows all of them
    too); a client without a registered RSA key is checked against a dummy key, one without
    a shared secret (none here) against a dummy secret, so both just fail to verify.
Deliberate tightenings (oauthlib leaves them to the application):
  * a nonce is recorded only after the whole request was accepted, so unauthenticated junk
    cannot poison the nonce store (oauthlib's documented example records it before the
    signature check); the check and the record happen under one lock, so concurrent
    replays cannot both pass.
  * oauth_body_hash is verified (oauthlib signs it but never checks it) and rejected on
    form-encoded requests, as the body-hash extension requires.
  * a request token can be authorized once, its verifier used once, and it expires.
oauthlib behaviour kept as is (know it when reading results):
  * duplicated parameters inside the Authorization header are merged silently (its header
    parser builds a dict, last one wins) instead of being refused with 400; duplicates
    across header/query/body are refused.
  * oauth_* values from the query or a form body are percent-decoded twice (see oracle.py).
  * the base string URI is built from the request's Host header and request target.
"""

import argparse
import base64
import hashlib
import hmac
import json
import logging
import os
import signal
import string
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

from interop_support import ensure_venv

ensure_venv(__file__)

from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import rsa  # noqa: E402
from oauthlib.oauth1 import (  # noqa: E402
    SIGNATURE_HMAC_SHA1,
    SIGNATURE_HMAC_SHA256,
    SIGNATURE_HMAC_SHA512,
    SIGNATURE_PLAINTEXT,
    SIGNATURE_RSA_SHA1,
    SIGNATURE_RSA_SHA256,
    SIGNATURE_RSA_SHA512,
    AccessTokenEndpoint,
    AuthorizationEndpoint,
    InvalidRequestError,
    OAuth1Error,
    RequestTokenEndpoint,
    RequestValidator,
    ResourceEndpoint,
)

DEFAULT_CLIENT_KEY = "interop-client-key-0001"
DEFAULT_CLIENT_SECRET = "interop-client-secret"

UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")
ALNUM = frozenset(string.ascii_letters + string.digits)

# Values substituted by oauthlib for unknown clients/tokens so that a failed lookup costs the
# same work as a successful one (no key enumeration by timing). They are never registered.
DUMMY_CLIENT = "dummy-client-key-000000"
DUMMY_REQUEST_TOKEN = "dummyRequestToken0000000000000"
DUMMY_ACCESS_TOKEN = "dummy-access-token-0000000000"
DUMMY_SECRET = "dummy-secret-never-matches"

REQUEST_TOKEN_LIFETIME = 600  # seconds a temporary credential stays usable
MAX_BODY = 1 << 20
FORM = "application/x-www-form-urlencoded"

log = logging.getLogger("provider")


@dataclass
class RequestToken:
    client_key: str
    secret: str
    callback: str
    realms: list
    issued_at: float
    verifier: str | None = None  # set once by /authorize


@dataclass
class AccessToken:
    client_key: str
    secret: str
    realms: list


class Store:
    """In-memory credential and nonce storage. Callers hold `lock` around every use: the
    provider serialises OAuth processing so "nonce unused?" and "record nonce" are atomic."""

    def __init__(self, clients, timestamp_lifetime, rsa_keys=None):
        self.lock = threading.Lock()
        self.clients = dict(clients)
        self.rsa_keys = dict(rsa_keys or {})  # client_key -> RSA public key, SPKI PEM
        self._dummy_rsa_key = None
        self.request_tokens = {}
        self.access_tokens = {}
        self.nonces = {}  # (client_key, timestamp, nonce, token) -> int timestamp
        self.timestamp_lifetime = timestamp_lifetime

    def rsa_key(self, client_key):
        """The client's RSA public key (SPKI PEM), or a dummy one nobody holds the private
        half of: oauthlib runs the signature check for unknown clients too."""
        key = self.rsa_keys.get(client_key)
        if key is not None:
            return key
        if self._dummy_rsa_key is None:
            # Made on first use (about 50 ms), so providers that never see RSA never pay.
            private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            self._dummy_rsa_key = spki_pem(private.public_key())
        return self._dummy_rsa_key

    def nonce_used(self, key):
        return key in self.nonces

    def record_nonce(self, key):
        self.nonces[key] = int(key[1])
        # Entries older than the timestamp window can never be replayed (oauthlib rejects
        # the timestamp first), so they can be forgotten.
        horizon = time.time() - 2 * self.timestamp_lifetime
        if len(self.nonces) > 1024:
            self.nonces = {k: ts for k, ts in self.nonces.items() if ts >= horizon}


class InteropValidator(RequestValidator):
    """oauthlib RequestValidator over `Store`. See the module docstring for every deviation
    from oauthlib's defaults."""

    def __init__(self, store, nonce_length):
        super().__init__()
        self.store = store
        self._nonce_length = nonce_length

    # ---- policy -------------------------------------------------------------------------
    enforce_ssl = False
    allowed_signature_methods = (SIGNATURE_HMAC_SHA1, SIGNATURE_HMAC_SHA256, SIGNATURE_HMAC_SHA512,
                                 SIGNATURE_PLAINTEXT, SIGNATURE_RSA_SHA1, SIGNATURE_RSA_SHA256,
                                 SIGNATURE_RSA_SHA512)
    safe_characters = UNRESERVED
    client_key_length = (1, 64)
    access_token_length = (1, 64)
    dummy_client = DUMMY_CLIENT
    dummy_request_token = DUMMY_REQUEST_TOKEN
    dummy_access_token = DUMMY_ACCESS_TOKEN

    @property
    def timestamp_lifetime(self):
        return self.store.timestamp_lifetime

    @property
    def nonce_length(self):
        return self._nonce_length

    def check_request_token(self, request_token):
        return self._alnum_in_range(request_token, self.request_token_length)

    def check_verifier(self, verifier):
        return self._alnum_in_range(verifier, self.verifier_length)

    def check_nonce(self, nonce):
        return self._alnum_in_range(nonce, self.nonce_length)

    @staticmethod
    def _alnum_in_range(value, length):
        lower, upper = length
        return set(value) <= ALNUM and lower <= len(value) <= upper

    def check_realms(self, realms):
        return True

    # ---- clients ------------------------------------------------------------------------
    def validate_client_key(self, client_key, request):
        return client_key in self.store.clients

    def get_client_secret(self, client_key, request):
        return self.store.clients.get(client_key, DUMMY_SECRET)

    def get_rsa_key(self, client_key, request):
        return self.store.rsa_key(client_key)

    # ---- nonces -------------------------------------------------------------------------
    def validate_timestamp_and_nonce(self, client_key, timestamp, nonce, request,
                                     request_token=None, access_token=None):
        # oauthlib has already checked the timestamp format and window. Only look the nonce
        # up here; it is recorded by commit_nonce() once the request was fully accepted.
        key = (client_key, timestamp, nonce, request_token or access_token or "")
        if self.store.nonce_used(key):
            log.info("replayed nonce %r", key)
            return False
        request.interop_nonce_key = key
        return True

    def commit_nonce(self, request):
        self.store.record_nonce(request.interop_nonce_key)

    # ---- temporary credentials ----------------------------------------------------------
    def get_default_realms(self, client_key, request):
        return []

    def validate_requested_realms(self, client_key, realms, request):
        return True

    def validate_redirect_uri(self, client_key, redirect_uri, request):
        if redirect_uri == "oob":
            return True
        parts = urlsplit(redirect_uri)
        return parts.scheme in ("http", "https") and bool(parts.netloc)

    def save_request_token(self, token, request):
        # Only called for an accepted request: the nonce is spent now.
        self.store.request_tokens[token["oauth_token"]] = RequestToken(
            client_key=request.client_key,
            secret=token["oauth_token_secret"],
            callback=request.redirect_uri,
            realms=list(request.realms or []),
            issued_at=time.time(),
        )
        self.commit_nonce(request)

    def _live_request_token(self, token):
        rt = self.store.request_tokens.get(token)
        if rt is None or time.time() - rt.issued_at > REQUEST_TOKEN_LIFETIME:
            return None
        return rt

    def get_request_token_secret(self, client_key, token, request):
        rt = self._live_request_token(token)
        if rt is not None and rt.client_key == client_key:
            return rt.secret
        return DUMMY_SECRET

    def validate_request_token(self, client_key, token, request):
        rt = self._live_request_token(token)
        return rt is not None and rt.client_key == client_key

    # ---- authorization (resource owner step, unsigned) ----------------------------------
    def verify_request_token(self, token, request):
        rt = self._live_request_token(token)
        # A temporary credential is authorized at most once.
        return rt is not None and rt.verifier is None

    def get_realms(self, token, request):
        rt = self._live_request_token(token)
        return list(rt.realms) if rt is not None else []

    def verify_realms(self, token, realms, request):
        return True

    def save_verifier(self, token, verifier, request):
        self.store.request_tokens[token].verifier = verifier["oauth_verifier"]

    def get_redirect_uri(self, token, request):
        return self.store.request_tokens[token].callback

    # ---- token credentials --------------------------------------------------------------
    def validate_verifier(self, client_key, token, verifier, request):
        rt = self._live_request_token(token)
        if rt is None or rt.client_key != client_key or rt.verifier is None:
            return False
        return hmac.compare_digest(rt.verifier.encode(), verifier.encode())

    def save_access_token(self, token, request):
        self.store.access_tokens[token["oauth_token"]] = AccessToken(
            client_key=request.client_key,
            secret=token["oauth_token_secret"],
            realms=list(request.realms or []),
        )
        self.commit_nonce(request)

    def invalidate_request_token(self, client_key, request_token, request):
        # The temporary credential and its verifier are single-use.
        self.store.request_tokens.pop(request_token, None)

    # ---- protected resources ------------------------------------------------------------
    def validate_access_token(self, client_key, token, request):
        at = self.store.access_tokens.get(token)
        return at is not None and at.client_key == client_key

    def get_access_token_secret(self, client_key, token, request):
        at = self.store.access_tokens.get(token)
        if at is not None and at.client_key == client_key:
            return at.secret
        return DUMMY_SECRET

    def validate_realms(self, client_key, token, request, uri=None, realms=None):
        return True


class InteropResourceEndpoint(ResourceEndpoint):
    """ResourceEndpoint that can tell 400 from 401.

    oauthlib's validate_protected_resource_request() collapses every failure into False,
    while RFC 5849 section 3.2 wants 400 for malformed, missing or duplicated parameters and
    an unsupported method. syntax_error() runs the same parsing and mandatory-parameter
    checks oauthlib runs first and returns the OAuth1Error they raise, if any.
    """

    def syntax_error(self, uri, http_method, body, headers):
        try:
            request = self._create_request(uri, http_method, body, headers)
            self._check_transport_security(request)
            self._check_mandatory_parameters(request)
        except OAuth1Error as e:
            return e
        if not request.resource_owner_key:
            return InvalidRequestError(description="Missing oauth_token.")
        return None


class Reply(Exception):
    """Raised by request handling code to send a short text/plain answer. `close` ends the
    connection afterwards (used when the request body could not be consumed, so the next
    bytes on the connection are not a request)."""

    def __init__(self, status, text, headers=None, close=False):
        super().__init__(text)
        self.status = status
        self.text = text
        self.headers = headers or {}
        self.close = close


def unauthorized(text):
    return Reply(401, text, {"WWW-Authenticate": 'OAuth realm="interop"'})


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real clients expect
    server_version = "oauthsig-interop-provider/1"

    # ---- plumbing -----------------------------------------------------------------------
    def do_GET(self):
        self._handle()

    def do_POST(self):
        self._handle()

    def do_PUT(self):
        self._handle()

    def do_DELETE(self):
        self._handle()

    def log_message(self, fmt, *args):
        if not self.server.quiet:
            sys.stderr.write("provider: %s - %s\n" % (self.address_string(), fmt % args))

    def _send(self, status, body, content_type, headers=None):
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _handle(self):
        try:
            # Always consume the body first, so a keep-alive connection stays in sync
            # whatever the answer is.
            body = self._read_body()
            routes = {
                "/request_token": {"POST": self._request_token},
                "/authorize": {"GET": self._authorize},
                "/access_token": {"POST": self._access_token},
                "/resource": {"GET": self._resource, "POST": self._resource},
                "/json": {"POST": self._json},
            }
            path = urlsplit(self.path).path
            methods = routes.get(path)
            if methods is None:
                raise Reply(404, "no such endpoint")
            handler = methods.get(self.command)
            if handler is None:
                raise Reply(405, "method not allowed", {"Allow": ", ".join(methods)})
            status, text, ctype, headers = handler(body)
            self._send(status, text, ctype, headers)
        except Reply as r:
            headers = dict(r.headers)
            if r.close:
                headers["Connection"] = "close"
                self.close_connection = True
            self._send(r.status, r.text + "\n", "text/plain; charset=utf-8", headers)
        except Exception:  # a bug here must show up as a 500, never as a hung client
            log.exception("internal error")
            self.close_connection = True
            self._send(500, "internal error\n", "text/plain; charset=utf-8",
                       {"Connection": "close"})

    def _read_body(self):
        if self.headers.get("Transfer-Encoding"):
            raise Reply(411, "chunked bodies are not supported; send Content-Length", close=True)
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise Reply(400, "bad Content-Length", close=True)
        if length < 0 or length > MAX_BODY:
            raise Reply(413, "body too large", close=True)
        return self.rfile.read(length) if length else b""

    def _oauth_inputs(self, raw_body):
        """The (uri, headers, body) triple oauthlib needs, reconstructed as received."""
        hosts = self.headers.get_all("Host") or []
        if len(hosts) != 1:
            raise Reply(400, "exactly one Host header is required")
        if not self.path.startswith("/"):
            raise Reply(400, "origin-form request target required")
        if len(self.headers.get_all("Authorization") or []) > 1:
            raise Reply(400, "more than one Authorization header")
        # RFC 5849 3.4.1.2: the base string URI uses the Host header's authority.
        uri = "http://" + hosts[0] + self.path
        headers = dict(self.headers.items())
        body = None
        if FORM in self.content_type():
            try:
                body = raw_body.decode("utf-8")
            except UnicodeDecodeError:
                raise Reply(400, "form body is not UTF-8")
        return uri, headers, body

    def content_type(self):
        return self.headers.get("Content-Type", "")

    # ---- temporary and token credentials ------------------------------------------------
    def _token_endpoint(self, raw_body, endpoint_call):
        uri, headers, body = self._oauth_inputs(raw_body)
        with self.server.store.lock:
            try:
                resp_headers, resp_body, status = endpoint_call(
                    uri, http_method=self.command, body=body, headers=headers)
            except ValueError as e:  # oauthlib's parsers raise ValueError on malformed input
                raise Reply(400, "malformed request: %s" % e)
        if status == 200:
            return 200, resp_body, FORM, {}
        if status == 401 or not resp_body:
            raise unauthorized("invalid client, token, verifier, nonce or signature")
        return status, resp_body, FORM, {}

    def _request_token(self, raw_body):
        return self._token_endpoint(
            raw_body, self.server.request_token_endpoint.create_request_token_response)

    def _access_token(self, raw_body):
        return self._token_endpoint(
            raw_body, self.server.access_token_endpoint.create_access_token_response)

    def _authorize(self, raw_body):
        # The resource owner's approval step. A real provider would authenticate the user
        # and ask; here every request for a live, not yet authorized token is approved.
        uri = "http://" + (self.headers.get("Host") or "127.0.0.1") + self.path
        endpoint = self.server.authorization_endpoint
        with self.server.store.lock:
            try:
                realms, _ = endpoint.get_realms_and_credentials(uri, http_method="GET")
                headers, body, status = endpoint.create_authorization_response(
                    uri, http_method="GET", realms=realms)
            except OAuth1Error as e:
                raise Reply(e.status_code, e.urlencoded)
            except ValueError as e:
                raise Reply(400, "malformed request: %s" % e)
        extra = {}
        if status == 302:
            # 302-free design: hand the client the verifier directly and say where a browser
            # would have been redirected.
            location = headers["Location"]
            params = dict(parse_qsl(urlsplit(location).query))
            body = urlencode([("oauth_token", params["oauth_token"]),
                              ("oauth_verifier", params["oauth_verifier"])])
            extra["X-OAuth-Callback-Location"] = location
        return 200, body, FORM, extra

    # ---- protected resources ------------------------------------------------------------
    def _protected(self, raw_body, require_body_hash):
        """Validate a protected-resource request; return the oauthlib request on success."""
        uri, headers, body = self._oauth_inputs(raw_body)
        endpoint = self.server.resource_endpoint
        validator = self.server.validator
        with self.server.store.lock:
            try:
                error = endpoint.syntax_error(uri, self.command, body, headers)
                if error is not None:
                    raise Reply(error.status_code, error.urlencoded)
                valid, request = endpoint.validate_protected_resource_request(
                    uri, http_method=self.command, body=body, headers=headers)
            except ValueError as e:
                raise Reply(400, "malformed request: %s" % e)
            if not valid:
                # validator_log is empty when oauthlib stopped before the lookups (token
                # format, replayed nonce - the latter is logged by the validator).
                outcome = getattr(request, "validator_log", None)
                if outcome:
                    log.info("protected resource denied: %s", outcome)
                raise unauthorized("invalid client, token, nonce or signature")
            self._check_body_hash(raw_body, request, require_body_hash)
            validator.commit_nonce(request)
        return request

    def _check_body_hash(self, raw_body, request, required):
        # oauth_body_hash (draft-eaton-oauth-bodyhash-00) is covered by the signature that
        # oauthlib just verified; what oauthlib does not do is compare it with the body.
        given = request.oauth_params.get("oauth_body_hash")
        is_form = FORM in self.content_type()
        if is_form:
            if given is not None:
                raise Reply(400, "oauth_body_hash is not allowed on form-encoded requests")
            return
        if given is None:
            if required:
                raise Reply(400, "oauth_body_hash is required for this resource")
            return
        expected = base64.b64encode(hashlib.sha1(raw_body).digest()).decode("ascii")
        if not hmac.compare_digest(expected.encode(), given.encode()):
            raise unauthorized("oauth_body_hash does not match the body")

    def _echo(self, request, extra):
        doc = {
            "method": self.command,
            "path": urlsplit(self.path).path,
            "client_key": request.client_key,
            "token": request.resource_owner_key,
            "signature_method": request.signature_method,
            "query": parse_qsl(urlsplit(self.path).query, keep_blank_values=True),
        }
        doc.update(extra)
        return 200, json.dumps(doc, ensure_ascii=False), "application/json; charset=utf-8", {}

    def _resource(self, raw_body):
        is_post = self.command == "POST"
        if is_post and FORM not in self.content_type():
            raise Reply(415, "POST /resource takes an application/x-www-form-urlencoded body")
        request = self._protected(raw_body, require_body_hash=False)
        extra = {}
        if is_post:
            extra["form"] = parse_qsl(raw_body.decode("utf-8"), keep_blank_values=True)
        return self._echo(request, extra)

    def _json(self, raw_body):
        media_type = self.content_type().split(";", 1)[0].strip().lower()
        if media_type != "application/json":
            raise Reply(415, "POST /json takes an application/json body")
        request = self._protected(raw_body, require_body_hash=True)
        try:
            doc = json.loads(raw_body)
        except ValueError:
            raise Reply(400, "body is not JSON")
        return self._echo(request, {"json": doc, "body_hash": "verified"})


class Provider(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, store, nonce_length, quiet):
        super().__init__(address, Handler)
        self.store = store
        self.quiet = quiet
        self.validator = InteropValidator(store, nonce_length)
        self.request_token_endpoint = RequestTokenEndpoint(self.validator)
        self.authorization_endpoint = AuthorizationEndpoint(self.validator)
        self.access_token_endpoint = AccessTokenEndpoint(self.validator)
        self.resource_endpoint = InteropResourceEndpoint(self.validator)


def spki_pem(public_key):
    return public_key.public_bytes(serialization.Encoding.PEM,
                                   serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def load_rsa_public_key(path):
    """An RSA public key from a PEM file (SPKI, PKCS#1 or a certificate), as SPKI PEM: the
    form oauthlib's verifier (PyJWT) reads. Raises ValueError with the reason."""
    with open(path, "rb") as f:
        data = f.read()
    try:
        if b"-----BEGIN CERTIFICATE-----" in data:
            key = x509.load_pem_x509_certificate(data).public_key()
        else:
            key = serialization.load_pem_public_key(data)
    except ValueError as e:
        raise ValueError("%s: not a PEM public key or certificate (%s)" % (path, e))
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("%s: not an RSA key" % path)
    return spki_pem(key)


def parse_pair(text, what):
    key, sep, secret = text.partition(":")
    if not sep or not key:
        raise argparse.ArgumentTypeError("%s must be KEY:SECRET" % what)
    return key, secret


def parse_range(text):
    try:
        lo, hi = (int(x) for x in text.split(":"))
    except ValueError:
        raise argparse.ArgumentTypeError("expected MIN:MAX")
    if not 1 <= lo <= hi:
        raise argparse.ArgumentTypeError("expected 1 <= MIN <= MAX")
    return lo, hi


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    ap.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (0 = ephemeral)")
    ap.add_argument("--port-file", help="also write the port to this file (atomically)")
    ap.add_argument("--client-key", default=DEFAULT_CLIENT_KEY)
    ap.add_argument("--client-secret", default=DEFAULT_CLIENT_SECRET)
    ap.add_argument("--extra-client", action="append", default=[], metavar="KEY:SECRET",
                    type=lambda s: parse_pair(s, "--extra-client"),
                    help="register another client (repeatable)")
    ap.add_argument("--preload-token", action="append", default=[], metavar="KEY:SECRET",
                    type=lambda s: parse_pair(s, "--preload-token"),
                    help="register an access token for --client-key (repeatable)")
    ap.add_argument("--client-rsa-key", metavar="FILE",
                    help="RSA public key (PEM: SPKI, PKCS#1 or certificate) of --client-key, "
                         "for RSA-SHA1/256/512")
    ap.add_argument("--nonce-length", type=parse_range, default=(20, 30), metavar="MIN:MAX",
                    help="accepted nonce length (default oauthlib's 20:30)")
    ap.add_argument("--timestamp-lifetime", type=int, default=600,
                    help="accepted |now - oauth_timestamp| in seconds (default oauthlib's 600)")
    ap.add_argument("--max-lifetime", type=float, default=3600,
                    help="exit after this many seconds even if never signalled (0 = never)")
    ap.add_argument("--quiet", action="store_true", help="no access log")
    ap.add_argument("--debug", action="store_true",
                    help="oauthlib debug logging (prints signature base strings to stderr)")
    args = ap.parse_args(argv)

    logging.basicConfig(level=logging.DEBUG if args.debug else logging.INFO, stream=sys.stderr,
                        format="%(name)s: %(message)s")
    if not args.debug:
        logging.getLogger("oauthlib").setLevel(logging.WARNING)

    clients = dict([(args.client_key, args.client_secret)] + args.extra_client)
    if DUMMY_CLIENT in clients:
        ap.error("%s is reserved for oauthlib's dummy client" % DUMMY_CLIENT)
    rsa_keys = {}
    if args.client_rsa_key:
        try:
            rsa_keys[args.client_key] = load_rsa_public_key(args.client_rsa_key)
        except (OSError, ValueError) as e:
            ap.error("--client-rsa-key: %s" % e)
    store = Store(clients, args.timestamp_lifetime, rsa_keys)
    for token, secret in args.preload_token:
        if token in (DUMMY_ACCESS_TOKEN, DUMMY_REQUEST_TOKEN):
            ap.error("%s is reserved for oauthlib's dummy token" % token)
        store.access_tokens[token] = AccessToken(args.client_key, secret, [])

    server = Provider(("127.0.0.1", args.port), store, args.nonce_length, args.quiet)
    port = server.server_address[1]

    def stop(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.max_lifetime > 0:
        # shutdown() must run off the serving thread; it makes serve_forever() return.
        timer = threading.Timer(args.max_lifetime, server.shutdown)
        timer.daemon = True
        timer.start()

    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.replace(tmp, args.port_file)
    print("READY %d" % port, flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except SystemExit:
        pass
    finally:
        server.server_close()
        if args.port_file:
            try:
                os.unlink(args.port_file)
            except FileNotFoundError:
                pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
