#!/usr/bin/env bash
# Installs liboauthsig into a scratch prefix with scripts/install-c and runs
# the C tests against it, built only through pkg-config, three ways:
# statically linked under AddressSanitizer + UndefinedBehaviorSanitizer, and
# dynamically linked under valgrind memcheck (zero errors, zero leaks).
# Compiled with -std=c99 -Wall -Wextra -Wpedantic -Werror against the public
# header only.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
out="$root/target/ctest"
prefix="$out/prefix"
mkdir -p "$out"

need() { command -v "$1" >/dev/null || { apt-get install -y "$2" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "$2" >/dev/null; }; }; }
need valgrind valgrind
need pkg-config pkg-config
need g++ g++

rm -rf "$prefix"
scripts/install-c --debug "$prefix" >/dev/null
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
cflags=(-std=c99 -Wall -Wextra -Wpedantic -Werror -g $(pkg-config --cflags oauthsig) -I "$root/tests/c")
static_libs=(-Wl,-Bstatic -loauthsig -Wl,-Bdynamic $(pkg-config --static --libs oauthsig | sed 's/-loauthsig//'))

echo "--- example_app.c built only through pkg-config"
# Exactly the README's command line, against the scratch prefix.
(cd "$out" && cc "$root/tests/c/example_app.c" $(pkg-config --cflags --libs oauthsig) \
  -Wl,-rpath,"$prefix/lib" -o example_app)
got=$("$out/example_app")
want='Authorization: OAuth realm="Example", oauth_timestamp="137131201", oauth_nonce="7d8f3e4a", oauth_consumer_key="9djdj82h48djs9d2", oauth_token="kkk9d7dh3k39sjv7", oauth_signature_method="HMAC-SHA1", oauth_signature="r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D"'
if [ "$got" != "$want" ]; then
  printf 'example_app printed\n  %s\nwant\n  %s\n' "$got" "$want" >&2
  exit 1
fi
echo "$got"

for t in "$root"/tests/c/test_*.c; do
  name=$(basename "$t" .c)
  echo "--- $name (ASan + UBSan, static)"
  gcc "${cflags[@]}" -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
    "$t" "${static_libs[@]}" -o "$out/$name-asan"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "$out/$name-asan"

  echo "--- $name (valgrind, shared)"
  gcc "${cflags[@]}" "$t" $(pkg-config --libs oauthsig) -Wl,-rpath,"$prefix/lib" -o "$out/$name-shared"
  valgrind -q --error-exitcode=1 --leak-check=full \
    --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
    "$out/$name-shared"
done
