#!/usr/bin/env python3
"""Writes seed corpora for the fuzz targets from the published test vectors.

    python3 fuzz/seed-corpora.py      # (re)writes fuzz/corpus/<target>/seed-*

Reads crates/oauthsig-core/tests/data/public.json and extracts every
Authorization header, URL (with its Host when the vector has one), form body
and percent-encode input into fuzz/corpus/<target>/, one file per distinct
input, named by a hash of its content (so reruns are idempotent). Only
`seed-*` files are touched; libFuzzer's own corpus entries are left alone.

token_string gets every token-credentials response string of the vectors
(any string with `oauth_token_secret=`); its edge cases (bad escape,
duplicate, non-ASCII) are committed by hand as corpus/token_string/case-*.

sign_verify, verifier and c_abi take structured input (the `arbitrary`
crate), whose byte layout is not a stable format to write from here; their
corpora start from what libFuzzer builds (see README.md).
"""
import hashlib
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent
VECTORS = ROOT.parent / "crates/oauthsig-core/tests/data/public.json"


def walk(value, key=""):
    """Yields (key, string) for every string in a JSON value."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from walk(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from walk(v, key)
    elif isinstance(value, str):
        yield key, value


def main():
    doc = json.loads(VECTORS.read_text(encoding="utf-8"))
    seeds = {t: set() for t in
             ("authorization_header", "form_decode", "base_string_uri",
              "percent_encode_differential", "token_string")}
    for v in doc["vectors"]:
        inp = v.get("input", {})
        host = (inp.get("headers") or {}).get("Host") or inp.get("host")
        for key, s in walk(v):
            if s.lower().startswith("oauth ") or key in ("Authorization", "authorization_header", "header"):
                seeds["authorization_header"].add(s)
            if key in ("url", "uri", "normalized_url", "base_string_uri", "callback", "redirect_url") or s.startswith(("http://", "https://")):
                seeds["base_string_uri"].add(s)
                if host:
                    seeds["base_string_uri"].add(s + "\0" + host)
                q = s.split("#")[0].partition("?")[2]
                if q:
                    seeds["form_decode"].add(q)
            if key in ("body", "string", "postdata", "signed", "normalized_parameters") and "=" in s:
                seeds["form_decode"].add(s)
            if "oauth_token_secret=" in s:
                seeds["token_string"].add(s)
            if key in ("text", "encoded", "client_secret", "token_secret", "signature", "nonce"):
                seeds["percent_encode_differential"].add(s)
        for pair_key in ("parameters", "parameters_decoded"):
            pairs = inp.get(pair_key)
            if isinstance(pairs, list):
                for p in pairs:
                    if isinstance(p, list) and len(p) == 2:
                        for s in p:
                            if isinstance(s, str):
                                seeds["percent_encode_differential"].add(s)
    total = 0
    for target, items in seeds.items():
        d = ROOT / "corpus" / target
        d.mkdir(parents=True, exist_ok=True)
        for old in d.glob("seed-*"):
            old.unlink()
        for s in sorted(items):
            data = s.encode("utf-8")
            name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
            (d / name).write_bytes(data)
        total += len(items)
        print(f"{target}: {len(items)} seeds")
    print(f"{total} seeds from {VECTORS.name}")


if __name__ == "__main__":
    main()
