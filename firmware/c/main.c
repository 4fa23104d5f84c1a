/*
 * A C firmware for QEMU's lm3s6965evb (Cortex-M3) over liboauthsig_fw.a:
 * signs the RFC 5849 §3.4.1.1 request and compares the Authorization
 * header byte for byte with the RFC's, checks the buffer convention,
 * verifies the header (and refuses it tampered with, or stale), draws a
 * nonce through a random-source callback and signs with it, and
 * percent-encodes; it prints each call's stack high-water mark.
 *
 * Built with -DOAUTHSIG_FW_BASELINE it is the baseline: the same firmware
 * with no OAuth in it, whose size firmware/c/run.sh subtracts.
 *
 * Output lines are `name value` or `name ok` / `name FAILED` (and the
 * header itself); the exit status is the number of failed checks.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "oauthsig_fw.h"
#include "semihost.h"

static int out_fd = -1;
static int failures;

static void put(const char *text, size_t len) {
  if (out_fd >= 0) {
    sh_write(out_fd, text, len);
  }
}

static void line(const char *text) {
  put(text, strlen(text));
  put("\n", 1);
}

/* `name value`: the lines run.sh reads. */
static void value(const char *name, size_t n) {
  char digits[20];
  size_t at = sizeof digits;
  do {
    digits[--at] = (char)('0' + n % 10);
    n /= 10;
  } while (n != 0 && at > 0);
  put(name, strlen(name));
  put(" ", 1);
  put(digits + at, sizeof digits - at);
  put("\n", 1);
}

/* ---- stack high-water marks --------------------------------------------
 * RAM between the end of .bss and the stack pointer is free (there is no
 * heap): it is painted, the call runs, and the lowest word no longer
 * holding the paint is how deep the call went below this frame. */

extern uint32_t __bss_end;

#define PAINT 0x5AA5F00Du

typedef void (*call_fn)(void *);

__attribute__((noinline)) static size_t measure(call_fn f, void *arg) {
  uintptr_t sp;
  __asm__ volatile("mov %0, sp" : "=r"(sp));
  volatile uint32_t *bottom = &__bss_end;
  volatile uint32_t *top = (volatile uint32_t *)(sp & ~(uintptr_t)3);
  for (volatile uint32_t *p = bottom; p < top; p++) {
    *p = PAINT;
  }
  f(arg);
  volatile uint32_t *low = bottom;
  while (low < top && *low == PAINT) {
    low++;
  }
  return (size_t)((uintptr_t)top - (uintptr_t)low);
}

__attribute__((noinline)) static void nothing(void *arg) { __asm__ volatile("" : : "r"(arg) : "memory"); }

#ifndef OAUTHSIG_FW_BASELINE

/* `name ok` (or `name refused`, ...) or `name FAILED`; a failure is
 * counted. */
static void check(const char *name, int ok, const char *good) {
  put(name, strlen(name));
  put(" ", 1);
  line(ok ? good : "FAILED");
  if (!ok) {
    failures++;
  }
}

/* Whether the NUL-terminated output (buf, len) is `want`. (memcmp only:
 * the firmware's own checks should not weigh in its size.) */
static int equals(const char *buf, size_t len, const char *want) {
  return len == strlen(want) && memcmp(buf, want, len + 1) == 0;
}

/* Whether (text, len) contains `needle`. */
static int contains(const char *text, size_t len, const char *needle) {
  size_t n = strlen(needle);
  for (size_t at = 0; n <= len && at <= len - n; at++) {
    if (memcmp(text + at, needle, n) == 0) {
      return 1;
    }
  }
  return 0;
}

#define STR(literal) ((oauthsig_fw_str){(const uint8_t *)(literal), sizeof(literal) - 1})
#define ABSENT ((oauthsig_fw_str){NULL, 0})

static const char URL[] = "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b";
static const char BODY[] = "c2&a3=2+q";
/* RFC 5849 §3.5.1 and §3.4.1.1's header (signed without oauth_version). */
static const char HEADER[] =
    "OAuth realm=\"Example\", oauth_consumer_key=\"9djdj82h48djs9d2\", "
    "oauth_token=\"kkk9d7dh3k39sjv7\", oauth_signature_method=\"HMAC-SHA1\", "
    "oauth_timestamp=\"137131201\", oauth_nonce=\"7d8f3e4a\", "
    "oauth_signature=\"r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D\"";

/* The RFC request; nonce and timestamp as given. */
static oauthsig_fw_request rfc_request(oauthsig_fw_str nonce, oauthsig_fw_str timestamp) {
  const oauthsig_fw_request r = {
      .method = STR("POST"),
      .url = STR(URL),
      .form_body = STR(BODY),
      .consumer_key = STR("9djdj82h48djs9d2"),
      .consumer_secret = STR("j49sk3j29djd"),
      .token = STR("kkk9d7dh3k39sjv7"),
      .token_secret = STR("dh893hdasih9"),
      .timestamp = timestamp,
      .nonce = nonce,
      .realm = STR("Example"),
      .callback = ABSENT,
      .verifier = ABSENT,
      .include_version = 0,
  };
  return r;
}

struct sign_call {
  const oauthsig_fw_request *request;
  char *buf;
  size_t cap;
  size_t len;
  oauthsig_fw_result code;
};

__attribute__((noinline)) static void do_sign(void *arg) {
  struct sign_call *c = arg;
  c->code = oauthsig_fw_sign(c->request, OAUTHSIG_FW_HMAC_SHA1, OAUTHSIG_FW_PLACEMENT_HEADER,
                             c->buf, c->cap, &c->len);
}

struct verify_call {
  const char *header;
  size_t header_len;
  uint64_t now;
  oauthsig_fw_check check;
  oauthsig_fw_result code;
};

__attribute__((noinline)) static void do_verify(void *arg) {
  struct verify_call *c = arg;
  const oauthsig_fw_incoming incoming = {
      .method = STR("POST"),
      .url = STR(URL),
      .authorization = {(const uint8_t *)c->header, c->header_len},
      .content_type = STR("application/x-www-form-urlencoded"),
      .body = STR(BODY),
      .consumer_secret = STR("j49sk3j29djd"),
      .token_secret = STR("dh893hdasih9"),
      .realm = STR("Example"),
  };
  c->code = oauthsig_fw_verify(&incoming, OAUTHSIG_FW_HMAC_SHA1, c->now, 300, &c->check);
}

/* The firmware's random source, passed as the callback. A stand-in for a
 * hardware RNG: xorshift32 (Marsaglia) from a constant seed, one byte per
 * step, as firmware/rust's test generator. NOT random: only so the nonce
 * is known. */
struct test_rng {
  uint32_t state;
  unsigned calls;
  int fail;
};

static int test_rng_fill(void *ctx, uint8_t *buf, size_t len) {
  struct test_rng *rng = ctx;
  rng->calls++;
  if (rng->fail) {
    return -1;
  }
  for (size_t i = 0; i < len; i++) {
    uint32_t x = rng->state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    rng->state = x;
    buf[i] = (uint8_t)x;
  }
  return 0;
}

struct nonce_call {
  struct test_rng *rng;
  char *buf;
  size_t cap;
  size_t len;
  oauthsig_fw_result code;
};

__attribute__((noinline)) static void do_nonce(void *arg) {
  struct nonce_call *c = arg;
  c->code = oauthsig_fw_nonce(test_rng_fill, c->rng, 16, c->buf, c->cap, &c->len);
}

static void sign_rfc(char *header, size_t cap, size_t *header_len) {
  const oauthsig_fw_request request = rfc_request(STR("7d8f3e4a"), STR("137131201"));
  struct sign_call call = {&request, header, cap, 0, OAUTHSIG_FW_OK};
  value("stack_sign", measure(do_sign, &call));
  *header_len = call.len;
  int ok = call.code == OAUTHSIG_FW_OK && call.len == sizeof HEADER - 1 &&
           memcmp(header, HEADER, sizeof HEADER) == 0;
  if (call.code == OAUTHSIG_FW_OK) {
    put("Authorization: ", 15);
    line(header);
  } else {
    put("sign: ", 6);
    line(oauthsig_fw_result_str(call.code));
  }
  check("header", ok, "ok");

  /* Sized with no buffer, then one byte short (no room for the NUL). */
  char small[sizeof HEADER - 1];
  struct sign_call size_only = {&request, NULL, 0, 0, OAUTHSIG_FW_OK};
  do_sign(&size_only);
  struct sign_call short_one = {&request, small, sizeof small, 0, OAUTHSIG_FW_OK};
  small[0] = 'x';
  do_sign(&short_one);
  check("sizing",
        size_only.code == OAUTHSIG_FW_BUFFER_TOO_SMALL && size_only.len == sizeof HEADER - 1 &&
            short_one.code == OAUTHSIG_FW_BUFFER_TOO_SMALL &&
            short_one.len == sizeof HEADER - 1 && small[0] == '\0',
        "ok");
}

static void verify_rfc(const char *header, size_t header_len) {
  struct verify_call call = {header, header_len, 137131250, OAUTHSIG_FW_CHECK_PARSE,
                             OAUTHSIG_FW_VERIFY_BAD_REQUEST};
  value("stack_verify", measure(do_verify, &call));
  check("verify", call.code == OAUTHSIG_FW_OK && call.check == OAUTHSIG_FW_CHECK_NONE, "ok");

  /* The signature's last escape, %3D ('='), becomes %3C ('<'). */
  char tampered[512];
  memcpy(tampered, header, header_len);
  tampered[header_len - 2] = 'C';
  struct verify_call forged = {tampered, header_len, 137131250, OAUTHSIG_FW_CHECK_NONE,
                               OAUTHSIG_FW_OK};
  do_verify(&forged);
  check("tampered",
        forged.code == OAUTHSIG_FW_VERIFY_UNAUTHORIZED &&
            forged.check == OAUTHSIG_FW_CHECK_SIGNATURE,
        "refused");

  struct verify_call stale = {header, header_len, 137131201 + 301, OAUTHSIG_FW_CHECK_NONE,
                              OAUTHSIG_FW_OK};
  do_verify(&stale);
  check("stale",
        stale.code == OAUTHSIG_FW_VERIFY_UNAUTHORIZED &&
            stale.check == OAUTHSIG_FW_CHECK_STALE_TIMESTAMP,
        "refused");
}

static void nonce_rfc(void) {
  struct test_rng rng = {0x2545F491u, 0, 0};
  char nonce[17];
  struct nonce_call call = {&rng, nonce, sizeof nonce, 0, OAUTHSIG_FW_SYSTEM_ERROR};
  value("stack_nonce", measure(do_nonce, &call));
  /* What firmware/rust's generator gives for 16 characters. */
  check("nonce", call.code == OAUTHSIG_FW_OK && equals(nonce, call.len, "wlmcpZQpkLVnO02O"), "ok");

  char timestamp[21];
  size_t timestamp_len = 0;
  oauthsig_fw_result ts =
      oauthsig_fw_timestamp(137131201, timestamp, sizeof timestamp, &timestamp_len);
  const oauthsig_fw_request request =
      rfc_request((oauthsig_fw_str){(const uint8_t *)nonce, call.len},
                  (oauthsig_fw_str){(const uint8_t *)timestamp, timestamp_len});
  char header[512];
  struct sign_call signed_call = {&request, header, sizeof header, 0, OAUTHSIG_FW_SYSTEM_ERROR};
  do_sign(&signed_call);
  struct verify_call verified = {header, signed_call.len, 137131201, OAUTHSIG_FW_CHECK_PARSE,
                                 OAUTHSIG_FW_VERIFY_BAD_REQUEST};
  if (signed_call.code == OAUTHSIG_FW_OK) {
    do_verify(&verified);
  }
  check("nonce_signed",
        ts == OAUTHSIG_FW_OK && signed_call.code == OAUTHSIG_FW_OK &&
            contains(header, signed_call.len,
                     "oauth_timestamp=\"137131201\", oauth_nonce=\"wlmcpZQpkLVnO02O\"") &&
            verified.code == OAUTHSIG_FW_OK,
        "ok");

  struct test_rng broken = {1, 0, 1};
  struct nonce_call failed = {&broken, nonce, sizeof nonce, 0, OAUTHSIG_FW_OK};
  do_nonce(&failed);
  check("rng_failure",
        failed.code == OAUTHSIG_FW_SYSTEM_ERROR && broken.calls == 1 && nonce[0] == '\0',
        "reported");
}

static void encode(void) {
  static const char text[] = "Ladies + Gentlemen";
  char buf[64];
  size_t len = 0;
  oauthsig_fw_result code = oauthsig_fw_percent_encode((const uint8_t *)text, sizeof text - 1, buf,
                                                       sizeof buf, &len);
  check("encode", code == OAUTHSIG_FW_OK && equals(buf, len, "Ladies%20%2B%20Gentlemen"), "ok");
}

static void run(void) {
  char header[512];
  size_t header_len = 0;
  sign_rfc(header, sizeof header, &header_len);
  if (header_len > 2 && header_len < sizeof header) {
    verify_rfc(header, header_len);
  } else {
    check("verify", 0, "ok");
  }
  nonce_rfc();
  encode();
}

#endif /* OAUTHSIG_FW_BASELINE */

int main(void) {
  out_fd = sh_stdout();
  line("oauthsig-fw C firmware");
  /* What measuring costs by itself: the frame of an empty call. */
  value("stack_empty", measure(nothing, NULL));
#ifndef OAUTHSIG_FW_BASELINE
  run();
#endif
  line(failures == 0 ? "result ok" : "result FAILED");
  return failures;
}
