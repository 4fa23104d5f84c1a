#!/usr/bin/env bash
# The C firmware over liboauthsig_fw.a, under QEMU (lm3s6965evb, Cortex-M3):
#
# 1. builds crates/oauthsig-fw as a static library for thumbv7m-none-eabi
#    (release, opt-level s, LTO, panic = abort; methods: $1, default
#    hmac-sha1), warnings denied;
# 2. no panic path: the LTO'd library must not reference
#    oauthsig_fw_panic_is_reachable (its panic handler's call to a function
#    defined nowhere), and the firmware link (--gc-sections) fails if it
#    does;
# 3. compiles firmware/c (main.c, startup.c, semihost.c, lm3s6965.ld) with
#    arm-none-eabi-gcc against include/oauthsig_fw.h, twice: linked with
#    the library, and as the baseline without OAuth (-DOAUTHSIG_FW_BASELINE);
# 4. runs both under QEMU: the exit status must be 0, the RFC 5849
#    §3.4.1.1 Authorization header printed byte for byte, every check line
#    good;
# 5. prints ONE table row on stdout (the rest goes to stderr):
#      target | method set | .text bytes | stack bytes | RFC header ok
#    .text bytes: the firmware's .text over the baseline's (arm-none-eabi-size);
#    stack bytes: the deepest of the sign, verify and nonce calls, painted
#    and measured by the firmware.
#
# Installs what it needs, idempotently: the rustup target and Debian's
# gcc-arm-none-eabi, libnewlib-arm-none-eabi, binutils-arm-none-eabi and
# qemu-system-arm.
#
#   firmware/c/run.sh                       # HMAC-SHA1 only
#   firmware/c/run.sh hmac-sha1,plaintext   # oauthsig-fw features
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
src="$root/firmware/c"
methods=${1:-hmac-sha1}
target=thumbv7m-none-eabi
# Its own target folder: the profile below (in the environment) differs
# from every other build's.
export CARGO_TARGET_DIR="$root/target/firmware-c"
out="$CARGO_TARGET_DIR/images"
mkdir -p "$out"

log() { printf '%s\n' "$*" >&2; }
die() { log "firmware/c/run.sh: $*"; exit 1; }

install() {
  rustup target list --installed | grep -qx "$target" || rustup target add "$target" >&2
  local missing=()
  for pkg in gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi qemu-system-arm; do
    # `dpkg -s` exits 0 for removed-but-not-purged packages too.
    if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" != "install ok installed" ]]; then
      missing+=("$pkg")
    fi
  done
  if ((${#missing[@]})); then
    local sudo_cmd=()
    if ((EUID != 0)); then
      command -v sudo >/dev/null || die "need root (or sudo) to install: ${missing[*]}"
      sudo_cmd=(sudo)
    fi
    log "installing Debian packages: ${missing[*]}"
    "${sudo_cmd[@]}" apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >&2
  fi
}

# A section's size in bytes (0 when absent).
section() {
  arm-none-eabi-size -A "$1" | awk -v s="$2" '$1 == s { print $2; found = 1 } END { if (!found) print 0 }'
}

# The value of an output line `name value`, or 0.
value() {
  awk -v k="$2" '$1 == k { print $2; found = 1 } END { if (!found) print 0 }' <<<"$1"
}

run_qemu() {
  timeout 60 qemu-system-arm -cpu cortex-m3 -machine lm3s6965evb -nographic \
    -semihosting-config enable=on,target=native -kernel "$1" 2>/dev/null
}

install

log "==> liboauthsig_fw.a for $target ($methods; release, opt-level s, LTO)"
CARGO_PROFILE_RELEASE_OPT_LEVEL=s CARGO_PROFILE_RELEASE_LTO=true \
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 CARGO_PROFILE_RELEASE_PANIC=abort \
  CARGO_PROFILE_RELEASE_DEBUG=false RUSTFLAGS="-D warnings" \
  cargo build -q --locked --release -p oauthsig-fw --target "$target" \
  --no-default-features --features "$methods" >&2
lib="$CARGO_TARGET_DIR/$target/release/liboauthsig_fw.a"

log "==> no panic path in the library"
# (nm also complains about members it cannot read, and exits non-zero.)
undefined=$(arm-none-eabi-nm -u "$lib" 2>/dev/null || true)
[[ "$undefined" == *oauthsig_fw-*.o:* ]] || die "arm-none-eabi-nm could not read $lib"
if grep -q 'oauthsig_fw_panic_is_reachable' <<<"$undefined"; then
  die "a panic is reachable in liboauthsig_fw.a (its objects reference oauthsig_fw_panic_is_reachable)"
fi

log "==> C firmware and baseline (arm-none-eabi-gcc)"
cflags=(-mcpu=cortex-m3 -mthumb -Os -g -std=c99 -Wall -Wextra -Wpedantic -Werror
  -ffunction-sections -fdata-sections -I "$root/include")
ldflags=(-nostartfiles --specs=nano.specs -T "$src/lm3s6965.ld" -Wl,--gc-sections)
sources=("$src/main.c" "$src/startup.c" "$src/semihost.c")
arm-none-eabi-gcc "${cflags[@]}" -DOAUTHSIG_FW_BASELINE "${sources[@]}" "${ldflags[@]}" \
  -Wl,-Map="$out/c-base.map" -o "$out/c-base.elf" >&2
if ! arm-none-eabi-gcc "${cflags[@]}" "${sources[@]}" "$lib" "${ldflags[@]}" \
  -Wl,-Map="$out/c-fw.map" -o "$out/c-fw.elf" 2>"$out/c-fw.link.log"; then
  cat "$out/c-fw.link.log" >&2
  grep -q oauthsig_fw_panic_is_reachable "$out/c-fw.link.log" &&
    die "a panic is reachable in the code the firmware links (undefined oauthsig_fw_panic_is_reachable)"
  die "the C firmware did not link"
fi

log "==> under QEMU"
base_out=$(run_qemu "$out/c-base.elf") || die "the baseline firmware failed under QEMU: $base_out"
grep -qx "result ok" <<<"$base_out" || die "the baseline firmware printed no 'result ok'"
if ! fw_out=$(run_qemu "$out/c-fw.elf"); then
  log "$fw_out"
  die "the C firmware failed under QEMU (exit status: number of failed checks; 70: a fault)"
fi
log "$fw_out"
want_header='Authorization: OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2", oauth_token="kkk9d7dh3k39sjv7", oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131201", oauth_nonce="7d8f3e4a", oauth_signature="r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D"'
grep -qxF "$want_header" <<<"$fw_out" || die "the RFC 5849 §3.4.1.1 header was not printed byte for byte"
! grep -q FAILED <<<"$fw_out" || die "a check failed"
for want in "header ok" "sizing ok" "verify ok" "tampered refused" "stale refused" "nonce ok" \
  "nonce_signed ok" "rng_failure reported" "encode ok" "result ok"; do
  grep -qx "$want" <<<"$fw_out" || die "no '$want'"
done

text=$(($(section "$out/c-fw.elf" .text) - $(section "$out/c-base.elf" .text)))
flash() { echo $(($(section "$1" .vector_table) + $(section "$1" .text) + $(section "$1" .rodata) + $(section "$1" .data))); }
stack=0
for call in stack_sign stack_verify stack_nonce; do
  n=$(value "$fw_out" "$call")
  if ((n > stack)); then stack=$n; fi
done
log "(.text over the baseline's $(section "$out/c-base.elf" .text) bytes; flash over the baseline:" \
  "$(($(flash "$out/c-fw.elf") - $(flash "$out/c-base.elf"))) bytes; stack: sign" \
  "$(value "$fw_out" stack_sign), verify $(value "$fw_out" stack_verify), nonce" \
  "$(value "$fw_out" stack_nonce), empty call $(value "$fw_out" stack_empty))"
printf '%s | %s | %s | %s | %s\n' "$target (C, liboauthsig_fw.a)" "$methods" "$text" "$stack" ok
