#!/usr/bin/env bash
# Builds oauthsig's own client peers from the current source, into OUT (the interop harness
# passes a directory under cargo's target/tmp and runs this before every test run, so the
# peers never test a stale library; a no-op build takes about a second):
#
#   build_oauthsig_clients.sh OUT [cli] [c]        (default: both)
#
#   cli  the `oauthsig` command, cargo build -p oauthsig-cli   -> OUT/cargo/debug/oauthsig
#   c    liboauthsig installed by scripts/install-c into OUT/prefix, then
#        oauthsig_c_client.c compiled through pkg-config        -> OUT/oauthsig_c_client
#
# Cargo builds into OUT/cargo, not the workspace's target directory: the harness runs this
# from inside `cargo test`, and a nested build there would wait for the outer cargo's lock and
# overwrite its binaries with differently-featured ones.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"

die() { printf 'build_oauthsig_clients: %s\n' "$*" >&2; exit 1; }

(($# >= 1)) || die "usage: build_oauthsig_clients.sh OUT [cli] [c]"
mkdir -p "$1"
out="$(cd "$1" && pwd)"
shift
parts=("$@")
((${#parts[@]})) || parts=(cli c)

export CARGO_TARGET_DIR="$out/cargo"

# One build at a time per OUT (test processes run side by side under some runners): cargo
# locks its own directory, but not the install prefix or the compiler's output.
exec 9>"$out/.lock"
flock 9

build_cli() {
    cargo build --locked --quiet -p oauthsig-cli --manifest-path "$root/Cargo.toml"
    [[ -x "$CARGO_TARGET_DIR/debug/oauthsig" ]] || die "cargo built no $CARGO_TARGET_DIR/debug/oauthsig"
}

build_c() {
    local tool
    for tool in cc pkg-config; do
        command -v "$tool" >/dev/null || die "$tool not found; run tests/interop/setup.sh (Debian: build-essential, pkg-config)"
    done
    pkg-config --exists libcurl ||
        die "pkg-config finds no libcurl; run tests/interop/setup.sh (Debian: libcurl4-openssl-dev)"
    local prefix="$out/prefix"
    "$root/scripts/install-c" --debug "$prefix" >/dev/null
    export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
    local bin="$out/oauthsig_c_client"
    local flags
    # shellcheck disable=SC2207  # pkg-config output is a flat list of flags
    flags=($(pkg-config --cflags --libs oauthsig libcurl))
    # The rpath makes the client load the library just installed, not one on the system.
    # Compiled into a temporary name so an interrupted build never leaves a half binary.
    cc -std=c99 -Wall -Wextra -Wpedantic -Werror -g -o "$bin.tmp" \
        "$here/oauthsig_c_client.c" "${flags[@]}" -Wl,-rpath,"$prefix/lib"
    mv -f "$bin.tmp" "$bin"
}

for part in "${parts[@]}"; do
    case "$part" in
        cli) build_cli ;;
        c) build_c ;;
        *) die "unknown part $part (cli or c)" ;;
    esac
done
