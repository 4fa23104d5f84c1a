#!/usr/bin/env bash
# Builds the liboauth C peer into tests/interop/build/. Rebuilds only when the source or this
# script is newer than the binary, so it is cheap to call from setup.sh every time.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out_dir="$here/../build"
src="$here/liboauth_client.c"
bin="$out_dir/liboauth_client"

mkdir -p "$out_dir"
if [[ -x "$bin" && "$bin" -nt "$src" && "$bin" -nt "${BASH_SOURCE[0]}" ]]; then
    echo "build: $bin up to date" >&2
    exit 0
fi

# shellcheck disable=SC2207  # pkg-config output is a flat list of flags
flags=($(pkg-config --cflags --libs oauth libcurl))
echo "build: compiling $bin" >&2
# Build into a temporary name so an interrupted build never leaves a stale "up to date" binary.
gcc -std=c11 -O1 -g -Wall -Wextra -Werror -o "$bin.tmp" "$src" "${flags[@]}"
mv -f "$bin.tmp" "$bin"
