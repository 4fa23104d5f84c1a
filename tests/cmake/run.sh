#!/usr/bin/env bash
# The CMake package scripts/install-c installs (lib/cmake/oauthsig), used as a
# user would: a scratch prefix, then tests/cmake configured with
# -DCMAKE_PREFIX_PATH and find_package(oauthsig 0.1 CONFIG REQUIRED), the
# README's C example and its C++ equivalent each linked shared and static,
# run and checked for RFC 5849 §3.4.1.1's signature. Then versions the
# installed one does not satisfy must fail to configure, and the whole build
# is done again after moving the prefix: the package must be relocatable.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
out="$root/target/cmaketest"

need() { command -v "$1" >/dev/null || { apt-get install -y "$2" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "$2" >/dev/null; }; }; }
need cmake cmake
need g++ g++

rm -rf "$out"
mkdir -p "$out"
# A debug build, as tests/c/run.sh installs: after it, cargo has nothing to do.
scripts/install-c --debug "$out/prefix" >/dev/null

# The static target links what oauthsig.pc's Libs.private lists; the two are
# written separately (scripts/install-c, oauthsigConfig.cmake.in).
private=$(sed -n 's/^Libs.private: //p' "$out/prefix/lib/pkgconfig/oauthsig.pc")
if [ "$private" != "-lpthread -ldl -lm" ]; then
  echo "oauthsig.pc's Libs.private is now '$private': update oauthsig::oauthsig_static in" \
    "crates/oauthsig-ffi/cmake/oauthsigConfig.cmake.in, then this check" >&2
  exit 1
fi
soname=$(readelf -d "$out/prefix/lib/liboauthsig.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')

want='Authorization: OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2", oauth_token="kkk9d7dh3k39sjv7", oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131201", oauth_nonce="7d8f3e4a", oauth_signature="r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D"'

# build PREFIX BUILD_DIR: configure, build, run and check the four programs.
build() {
  local prefix=$1 dir=$2
  cmake -S tests/cmake -B "$dir" -DCMAKE_PREFIX_PATH="$prefix" >"$dir.log" 2>&1 ||
    { cat "$dir.log" >&2; exit 1; }
  if ! grep -qxF "oauthsig_DIR:PATH=$prefix/lib/cmake/oauthsig" "$dir/CMakeCache.txt"; then
    echo "find_package(oauthsig) did not take the package from $prefix:" >&2
    grep '^oauthsig_DIR' "$dir/CMakeCache.txt" >&2
    exit 1
  fi
  cmake --build "$dir" -j2 >>"$dir.log" 2>&1 || { cat "$dir.log" >&2; exit 1; }
  local exe got needed
  for exe in example_c_shared example_c_static example_cpp_shared example_cpp_static; do
    got=$("$dir/$exe")
    if [ "$got" != "$want" ]; then
      printf '%s printed\n  %s\nwant\n  %s\n' "$exe" "$got" "$want" >&2
      exit 1
    fi
    needed=$(readelf -d "$dir/$exe" | sed -n 's/.*(NEEDED).*\[\(liboauthsig[^]]*\)\]/\1/p')
    case $exe:$needed in
      *_shared:"$soname" | *_static:) ;;
      *) echo "$exe needs '${needed}' of liboauthsig (its soname is $soname)" >&2; exit 1 ;;
    esac
    echo "$exe: ok"
  done
}

echo "--- find_package(oauthsig 0.1 CONFIG REQUIRED): C and C++, shared and static"
build "$out/prefix" "$out/build"
echo "$want"

echo "--- versions the installed one does not satisfy fail to configure"
for v in 9.0 1.0 0.2 0.0 0.1.1; do
  if cmake -S tests/cmake/version-check -B "$out/version-$v" -DWANT="$v" \
       -DCMAKE_PREFIX_PATH="$out/prefix" >"$out/version-$v.log" 2>&1; then
    echo "find_package(oauthsig $v) configured" >&2
    exit 1
  fi
  if ! grep -q "compatible with requested version \"$v\"" "$out/version-$v.log"; then
    echo "find_package(oauthsig $v) failed, but not for its version:" >&2
    cat "$out/version-$v.log" >&2
    exit 1
  fi
  echo "find_package(oauthsig $v): rejected"
done

echo "--- the same after moving the prefix (relocatable)"
if grep -rlF "$out/prefix" "$out/prefix/lib/cmake"; then
  echo "the CMake package above names its install prefix" >&2
  exit 1
fi
mv "$out/prefix" "$out/relocated"
build "$out/relocated" "$out/build-relocated"
