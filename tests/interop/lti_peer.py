#!/usr/bin/env python3
"""LTI 1.1 peer: PyPI `lti` 0.9.5 (pylti/lti, on oauthlib 4.0.1) on the other side of
oauthsig's `oauthsig::lti`, driven by the Rust harness (tests/interop/harness/tests/lti.rs).

Subcommands, each printing one JSON object on stdout (exit 0 unless the arguments are bad):

  launch   --url U --key K --secret S [--param NAME=VALUE ...]
           lti's ToolConsumer (the LMS side) signs a basic launch; prints its form parameters
           ({"params": [[name, value], ...]}) for oauthsig's LaunchVerifier to check.
  validate --url U --key K --secret S       (the form body on stdin)
           lti's ToolProvider (the tool side) validates a launch oauthsig's LaunchParams
           signed, with an oauthlib RequestValidator using oauthlib's own defaults (nonces
           of 20 to 30 characters, HMAC-SHA1); prints {"valid": bool, "user_id", "roles"}.
  outcome  --url SERVICE_URL --key K --secret S --sourcedid ID (--score F | --read | --delete)
           lti's ToolProvider posts an Outcomes request (requests-oauthlib, SHA-1 body hash)
           to SERVICE_URL, oauthsig's LMS side on loopback; prints {"success", "code_major",
           "score"} as lti read the response.
"""

import argparse
import json
import sys

from interop_support import ensure_venv

ensure_venv(__file__)

from lti import ToolConsumer, ToolProvider  # noqa: E402
from oauthlib.oauth1 import RequestValidator  # noqa: E402


class FixtureValidator(RequestValidator):
    """One client, no tokens (LTI is two-legged); every length and character rule is
    oauthlib's default, so a launch that passes here passes a stock oauthlib tool."""

    def __init__(self, key, secret):
        super().__init__()
        self.key, self.secret = key, secret
        self.nonces = set()

    @property
    def enforce_ssl(self):
        return False

    def validate_client_key(self, client_key, request):
        return client_key == self.key

    def get_client_secret(self, client_key, request):
        return self.secret if client_key == self.key else "dummy"

    @property
    def dummy_client(self):
        return "dummy-client-0000000000"

    def validate_timestamp_and_nonce(self, client_key, timestamp, nonce, request,
                                     request_token=None, access_token=None):
        seen = (client_key, timestamp, nonce)
        if seen in self.nonces:
            return False
        self.nonces.add(seen)
        return True


def launch(args):
    params = {
        "lti_message_type": "basic-lti-launch-request",
        "lti_version": "LTI-1p0",
        "resource_link_id": "pylti-link-1",
        "user_id": "pylti-user",
        "roles": "Instructor,urn:lti:role:ims/lis/Learner",
        "lis_outcome_service_url": "https://lms.example.edu/grades",
        "lis_result_sourcedid": "pylti&sourced<1>",
    }
    for item in args.param or []:
        name, _, value = item.partition("=")
        params[name] = value
    consumer = ToolConsumer(consumer_key=args.key, consumer_secret=args.secret,
                            launch_url=args.url, params=params)
    data = consumer.generate_launch_data()
    return {"params": [[k, v] for k, v in data.items()]}


def validate(args):
    from urllib.parse import parse_qsl

    body = sys.stdin.read()
    params = dict(parse_qsl(body, keep_blank_values=True, strict_parsing=True))
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    provider = ToolProvider.from_unpacked_request(args.secret, params, args.url, headers)
    valid = provider.is_valid_request(FixtureValidator(args.key, args.secret))
    return {"valid": bool(valid), "user_id": provider.user_id,
            "roles": provider.roles, "resource_link_id": provider.resource_link_id}


def outcome(args):
    provider = ToolProvider(consumer_key=args.key, consumer_secret=args.secret, params={
        "lis_outcome_service_url": args.url,
        "lis_result_sourcedid": args.sourcedid,
    })
    if args.read:
        response = provider.post_read_result()
    elif args.delete:
        response = provider.post_delete_result()
    else:
        response = provider.post_replace_result(args.score)
    return {"success": bool(response.is_success()),
            "code_major": str(response.code_major) if response.code_major is not None else None,
            "score": response.score}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("launch", "validate", "outcome"):
        p = sub.add_parser(name)
        p.add_argument("--url", required=True)
        p.add_argument("--key", required=True)
        p.add_argument("--secret", required=True)
        if name == "launch":
            p.add_argument("--param", action="append")
        if name == "outcome":
            p.add_argument("--sourcedid", required=True)
            p.add_argument("--score", type=float)
            p.add_argument("--read", action="store_true")
            p.add_argument("--delete", action="store_true")
    args = parser.parse_args()
    result = {"launch": launch, "validate": validate, "outcome": outcome}[args.command](args)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
