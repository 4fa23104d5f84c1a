#!/usr/bin/env bash
# Builds liboauthsig and runs the C tests three ways: statically linked
# under AddressSanitizer + UndefinedBehaviorSanitizer, and dynamically
# linked under valgrind memcheck (zero errors, zero leaks). Compiled with
# -std=c99 -Wall -Wextra -Wpedantic -Werror against the public header only.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
out="$root/target/ctest"
mkdir -p "$out"

if ! command -v valgrind >/dev/null; then
  apt-get install -y valgrind >/dev/null || { apt-get update >/dev/null && apt-get install -y valgrind >/dev/null; }
fi

cargo build --locked -p oauthsig-ffi
lib="$root/target/debug"
cflags=(-std=c99 -Wall -Wextra -Wpedantic -Werror -g -I "$root/include" -I "$root/tests/c")

for t in "$root"/tests/c/test_*.c; do
  name=$(basename "$t" .c)
  echo "--- $name (ASan + UBSan, static)"
  gcc "${cflags[@]}" -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
    "$t" "$lib/liboauthsig_ffi.a" -lpthread -ldl -lm -o "$out/$name-asan"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "$out/$name-asan"

  echo "--- $name (valgrind, shared)"
  gcc "${cflags[@]}" "$t" -L"$lib" -loauthsig_ffi -o "$out/$name-shared"
  LD_LIBRARY_PATH="$lib" valgrind -q --error-exitcode=1 --leak-check=full \
    --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
    "$out/$name-shared"
done
