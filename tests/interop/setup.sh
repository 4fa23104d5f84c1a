#!/usr/bin/env bash
# Installs everything the interop peers need, idempotently:
#   1. Debian packages (liboauth + libcurl for the C peers, curl for the oauthsig command's
#      client, redis-server, pkg-config, valgrind, php-cli for PHP's own strnatcmp, the
#      order Magento's server sorts parameters in),
#   2. a project-local virtualenv at tests/interop/.venv from requirements.txt (exact pins:
#      oauthlib, requests-oauthlib, PyJWT + cryptography for oauthlib's RSA methods, and the
#      LTI 1.1 peer lti + lxml),
#   3. node/node_modules from the checked-in package-lock.json (npm ci: oauth-1.0a, ims-lti),
#   4. the C peer binary (clients/build.sh).
# oauthsig's own C and command-line clients are not built here: they test this checkout, so the
# harness rebuilds them from it before each run (clients/build_oauthsig_clients.sh).
# Each step records a stamp (hash of its inputs) and is skipped when the stamp matches, so a
# second run does no network traffic and finishes in well under a second.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

log() { printf 'setup: %s\n' "$*" >&2; }

# Hash of the given files plus a tool version string: the stamp content for one step.
inputs_hash() {
    local version="$1"
    shift
    { printf '%s\n' "$version"; cat "$@"; } | sha256sum | cut -d' ' -f1
}

# ---- 1. Debian packages ----------------------------------------------------------------
apt_packages=(liboauth-dev libcurl4-openssl-dev curl redis-server pkg-config valgrind php-cli)
missing=()
for pkg in "${apt_packages[@]}"; do
    # `dpkg -s` exits 0 for removed-but-not-purged packages too; check the real state.
    if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" != "install ok installed" ]]; then
        missing+=("$pkg")
    fi
done
if ((${#missing[@]})); then
    sudo_cmd=()
    if ((EUID != 0)); then
        command -v sudo >/dev/null || { log "need root (or sudo) to install: ${missing[*]}"; exit 1; }
        sudo_cmd=(sudo)
    fi
    log "installing Debian packages: ${missing[*]}"
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    log "Debian packages present"
fi

# ---- 2. Python virtualenv --------------------------------------------------------------
python="${PYTHON:-python3}"
venv="$here/.venv"
venv_stamp="$venv/.interop-setup-stamp"
want="$(inputs_hash "$("$python" --version 2>&1)" requirements.txt)"
if [[ -x "$venv/bin/python" && -f "$venv_stamp" && "$(cat "$venv_stamp")" == "$want" ]]; then
    log "virtualenv up to date ($venv)"
else
    log "creating virtualenv $venv"
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r requirements.txt
    # Fail here, not in a test, if the resolver picked anything other than the pins.
    "$venv/bin/python" - <<'PY'
import importlib.metadata as md, re, sys
bad = []
for line in open("requirements.txt"):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    name, want = re.split(r"==", line)
    got = md.version(name)
    if got != want:
        bad.append(f"{name}: want {want}, got {got}")
if bad:
    sys.exit("setup: version mismatch: " + "; ".join(bad))
PY
    printf '%s\n' "$want" >"$venv_stamp"
fi

# ---- 3. npm peer -----------------------------------------------------------------------
node_stamp="$here/node/node_modules/.interop-setup-stamp"
want="$(inputs_hash "$(node --version)" node/package.json node/package-lock.json)"
if [[ -f "$node_stamp" && "$(cat "$node_stamp")" == "$want" ]]; then
    log "node_modules up to date"
else
    log "installing node peer (npm ci)"
    # npm ci installs exactly what package-lock.json says and fails if package.json disagrees.
    (cd node && npm ci --no-audit --no-fund --loglevel=error) >&2
    printf '%s\n' "$want" >"$node_stamp"
fi

# ---- 4. C peer -------------------------------------------------------------------------
bash "$here/clients/build.sh"

log "done"
