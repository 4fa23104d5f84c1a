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
want='Authorization: OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2", oauth_token="kkk9d7dh3k39sjv7", oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131201", oauth_nonce="7d8f3e4a", oauth_signature="r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D"'
if [ "$got" != "$want" ]; then
  printf 'example_app printed\n  %s\nwant\n  %s\n' "$got" "$want" >&2
  exit 1
fi
echo "$got"

echo "--- example_oneshot.c built only through pkg-config"
(cd "$out" && cc "$root/tests/c/example_oneshot.c" $(pkg-config --cflags --libs oauthsig) \
  -Wl,-rpath,"$prefix/lib" -o example_oneshot)
got=$("$out/example_oneshot")
want='Authorization: OAuth oauth_consumer_key="consumer", oauth_token="token", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1236874155", oauth_nonce="10288510250934", oauth_version="1.0", oauth_body_hash="Lve95gjOVATpfV8EL5X4nxwjKHE%3D", oauth_signature="t%2BMX8l%2F0S8hdbVQL99nD0X1fPnM%3D"'
if [ "$got" != "$want" ]; then
  printf 'example_oneshot printed\n  %s\nwant\n  %s\n' "$got" "$want" >&2
  exit 1
fi
echo "$got"

echo "--- the README's C examples are the example programs' code"
# The fenced block after README's <!-- MARKER --> line, and the lines of FILE
# between its readme:begin and readme:end comments, without indentation.
readme_block() { awk -v m="<!-- $1 -->" '$0 == m {on = 1; next} on && /^```c$/ {in_ = 1; next} in_ && /^```$/ {exit} in_' README.md; }
source_block() { awk '/readme:end/ {exit} on {sub(/^  /, ""); print} /readme:begin/ {on = 1}' "$1"; }
for pair in c-example:example_app.c c-oneshot-example:example_oneshot.c; do
  if ! diff <(readme_block "${pair%%:*}") <(source_block "tests/c/${pair#*:}") >&2; then
    echo "README block <!-- ${pair%%:*} --> differs from tests/c/${pair#*:} (< README, > source)" >&2
    exit 1
  fi
done

for t in "$root"/tests/c/test_*.c; do
  name=$(basename "$t" .c)
  echo "--- $name (ASan + UBSan, static)"
  # OAUTHSIG_TEST_ASAN: test_hostile.c's 10 MB inputs run in this build only
  # (64 KB under valgrind, which would take minutes over 10 MB).
  gcc "${cflags[@]}" -DOAUTHSIG_TEST_ASAN -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
    "$t" "${static_libs[@]}" -o "$out/$name-asan"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "$out/$name-asan"

  echo "--- $name (valgrind, shared)"
  gcc "${cflags[@]}" "$t" $(pkg-config --libs oauthsig) -Wl,-rpath,"$prefix/lib" -o "$out/$name-shared"
  valgrind -q --error-exitcode=1 --leak-check=full \
    --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
    "$out/$name-shared"
done
