#!/usr/bin/env bash
# C++ wrapper tests: -std=c++17 -Wall -Wextra -Werror, once with exceptions
# and once with -fno-exceptions; the header alone in one translation unit and
# included from two that link together; run under ASan+UBSan and valgrind.
# Expects tests/c/run.sh to have installed the scratch prefix.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
out="$root/target/ctest"
prefix="$out/prefix"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
[ -f "$prefix/lib/pkgconfig/oauthsig.pc" ] || { echo "run tests/c/run.sh first (installs $prefix)" >&2; exit 1; }
cxx=(g++ -std=c++17 -Wall -Wextra -Wpedantic -Werror -g $(pkg-config --cflags oauthsig))
srcs=(tests/cpp/test_wrapper.cpp tests/cpp/second_tu.cpp tests/cpp/standalone.cpp)
static_libs=(-Wl,-Bstatic -loauthsig -Wl,-Bdynamic $(pkg-config --static --libs oauthsig | sed 's/-loauthsig//'))

# The header on its own must compile (syntax only, both modes).
"${cxx[@]}" -fsyntax-only -x c++ bindings/cpp/oauthsig.hpp
"${cxx[@]}" -fno-exceptions -fsyntax-only -x c++ bindings/cpp/oauthsig.hpp

for mode in exceptions no-exceptions; do
  extra=()
  [ "$mode" = no-exceptions ] && extra=(-fno-exceptions)
  echo "--- C++ wrapper, $mode (ASan + UBSan, static)"
  "${cxx[@]}" "${extra[@]}" -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
    "${srcs[@]}" "${static_libs[@]}" -o "$out/cpp-$mode-asan"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 "$out/cpp-$mode-asan"
  echo "--- C++ wrapper, $mode (valgrind, shared)"
  "${cxx[@]}" "${extra[@]}" "${srcs[@]}" $(pkg-config --libs oauthsig) -Wl,-rpath,"$prefix/lib" -o "$out/cpp-$mode"
  valgrind -q --error-exitcode=1 --leak-check=full --show-leak-kinds=definite,indirect \
    --errors-for-leak-kinds=definite,indirect "$out/cpp-$mode"
done
