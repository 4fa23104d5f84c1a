/* The hostile caller: every exported function of oauthsig.h called the
 * way a careless or malicious C program calls it, through the public
 * header only. Built with -std=c99 -Wall -Wextra -Wpedantic -Werror and run
 * under ASan+UBSan and valgrind by tests/c/run.sh (10 MB inputs only in the
 * ASan build, OAUTHSIG_TEST_ASAN; 64 KB under valgrind).
 *
 *  - the NULL matrix: each pointer argument of each function NULL in turn
 *    (the others valid), and (NULL, n > 0) for each (ptr, len) input,
 *    optional ones included (issue 21, point 14);
 *  - every output function at capacities 0, 1, n - 1, n and n + 1, with
 *    canary bytes after the capacity, and with a NULL out_len: a failure
 *    leaves the empty string (point 11);
 *  - invalid enum values and uint8_t flags other than 0 and 1 (point 15);
 *  - inputs inside the output buffer (point 12);
 *  - inputs of 10 MB;
 *  - one regression test for each of points 10 to 16 of issue 21. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime under -std=c99 */
#include "oauthsig.h"
#include "check.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef OAUTHSIG_TEST_ASAN
#define BIG ((size_t)10 * 1024 * 1024)
#else
#define BIG ((size_t)64 * 1024)
#endif

/* Canary bytes checked after every output capacity. */
#define GUARD 16
#define CANARY 0xA5
#define UNSET ((size_t)0x5A5A5A5A)

#define HTTPS_URL "https://api.example.com/items?a=1&b=two"

static const uint8_t *u(const char *s) { return (const uint8_t *)s; }

static oauthsig_str str(const char *s) {
  oauthsig_str r;
  r.ptr = u(s);
  r.len = strlen(s);
  return r;
}

static const oauthsig_str absent = {NULL, 0};
static const oauthsig_str null_with_len = {NULL, 3};

/* ---------------------------------------------------------------------- */
/* Fixtures: one live handle of each kind. */

static struct {
  oauthsig_consumer *consumer;
  oauthsig_token *token;
  oauthsig_signing_key *key;       /* HMAC-SHA1 with consumer and token */
  oauthsig_signing_key *plaintext; /* PLAINTEXT with consumer and token */
  oauthsig_request *request;       /* signed HMAC-SHA1, https */
  oauthsig_rsa_private_key *rsa;
  oauthsig_rsa_public_key *rsa_public;
  oauthsig_verifier *verifier;     /* HMAC-SHA1 and PLAINTEXT */
  oauthsig_verified *verified;     /* HTTPS_URL, verified */
} F;

static uint8_t *load(const char *name, size_t *len) {
  const char *dir = getenv("OAUTHSIG_TEST_KEYS");
  char path[512];
  FILE *fp;
  long size;
  uint8_t *data = NULL;
  *len = 0;
  snprintf(path, sizeof path, "%s/%s", dir ? dir : "tests/keys", name);
  fp = fopen(path, "rb");
  CHECK(fp != NULL);
  if (!fp) return NULL;
  if (fseek(fp, 0, SEEK_END) == 0 && (size = ftell(fp)) > 0 && fseek(fp, 0, SEEK_SET) == 0) {
    data = malloc((size_t)size);
    if (data && fread(data, 1, (size_t)size, fp) == (size_t)size) *len = (size_t)size;
  }
  fclose(fp);
  CHECK(*len > 0);
  return data;
}

/* The lookup's behaviour for the next verification. */
enum lookup_mode {
  ANSWER_SECRETS,
  ANSWER_OTHER_METHOD_KEY, /* a prepared PLAINTEXT key for an HMAC-SHA1 request */
  ANSWER_LONG_SECRET,      /* a 601-byte PLAINTEXT secret */
  ANSWER_MADE_UP_STATUS,
  ANSWER_WRONG_SECRET,
  ANSWER_NULL_MATRIX       /* tries every NULL on the answer, then answers */
};

static struct {
  enum lookup_mode mode;
  int calls;
  int null_matrix_ok;
} L;

static uint32_t lookup(void *user_data, const uint8_t *ck, size_t ck_len, const uint8_t *tk,
                       size_t tk_len, oauthsig_lookup_answer *answer) {
  static char long_secret[602];
  (void)user_data;
  (void)ck;
  (void)ck_len;
  (void)tk;
  (void)tk_len;
  L.calls++;
  switch (L.mode) {
    case ANSWER_OTHER_METHOD_KEY:
      return oauthsig_lookup_answer_key(answer, F.plaintext) == OAUTHSIG_OK ? OAUTHSIG_LOOKUP_FOUND
                                                                          : OAUTHSIG_LOOKUP_UNAVAILABLE;
    case ANSWER_LONG_SECRET:
      memset(long_secret, 'k', 601);
      long_secret[601] = 0;
      return oauthsig_lookup_answer_secrets(answer, u(long_secret), 601, NULL, 0) == OAUTHSIG_OK
                 ? OAUTHSIG_LOOKUP_FOUND
                 : OAUTHSIG_LOOKUP_UNAVAILABLE;
    case ANSWER_MADE_UP_STATUS:
      return 77;
    case ANSWER_WRONG_SECRET:
      return oauthsig_lookup_answer_secrets(answer, S("not cs"), S("ts")) == OAUTHSIG_OK
                 ? OAUTHSIG_LOOKUP_FOUND
                 : OAUTHSIG_LOOKUP_UNAVAILABLE;
    case ANSWER_NULL_MATRIX:
      L.null_matrix_ok =
          oauthsig_lookup_answer_secrets(NULL, S("cs"), S("ts")) == OAUTHSIG_NULL_ARGUMENT &&
          oauthsig_lookup_answer_secrets(answer, NULL, 2, S("ts")) == OAUTHSIG_NULL_ARGUMENT &&
          oauthsig_lookup_answer_secrets(answer, S("cs"), NULL, 2) == OAUTHSIG_NULL_ARGUMENT &&
          oauthsig_lookup_answer_key(NULL, F.key) == OAUTHSIG_NULL_ARGUMENT &&
          oauthsig_lookup_answer_key(answer, NULL) == OAUTHSIG_NULL_ARGUMENT &&
          oauthsig_lookup_answer_public_key(NULL, F.rsa_public) == OAUTHSIG_NULL_ARGUMENT &&
          oauthsig_lookup_answer_public_key(answer, NULL) == OAUTHSIG_NULL_ARGUMENT;
      /* Then it answers as ANSWER_SECRETS does. */
      /* fall through */
    case ANSWER_SECRETS:
      break;
  }
  return oauthsig_lookup_answer_secrets(answer, S("cs"), S("ts")) == OAUTHSIG_OK
             ? OAUTHSIG_LOOKUP_FOUND
             : OAUTHSIG_LOOKUP_UNAVAILABLE;
}

/* An Authorization header for `url`, signed with `method` now by the
 * fixtures' credentials; `out` holds it. */
static void signed_header_with(uint32_t method, const char *url, char *out, size_t cap) {
  oauthsig_request *r = NULL;
  size_t len = 0;
  out[0] = 0;
  CHECK_RC(oauthsig_request_from_consumer_and_token(F.consumer, F.token, S("GET"), u(url), strlen(url), &r), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_sign(r, method, F.consumer, F.token), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_HEADER, NULL, 0, out, cap, &len), OAUTHSIG_OK);
  oauthsig_request_free(r);
}

static void signed_header(const char *url, char *out, size_t cap) {
  signed_header_with(OAUTHSIG_HMAC_SHA1, url, out, cap);
}

/* oauthsig_verifier_verify of a GET to `url` with `header`: the code, and
 * the status in *status. */
static oauthsig_result verify_get(const char *url, const char *header, enum lookup_mode mode,
                                  oauthsig_verified **out, uint16_t *status) {
  L.mode = mode;
  *status = 0;
  return oauthsig_verifier_verify(F.verifier, S("GET"), u(url), strlen(url), u(header), strlen(header),
                                  NULL, 0, NULL, 0, NULL, 0, lookup, NULL, out, status);
}

static void fixtures(void) {
  oauthsig_verifier_builder *b = NULL;
  size_t len = 0;
  uint8_t *pem;
  char header[1024];
  uint16_t status = 0;
  CHECK_RC(oauthsig_consumer_new(S("ck"), S("cs"), &F.consumer), OAUTHSIG_OK);
  CHECK_RC(oauthsig_token_parse(S("oauth_token=tk&oauth_token_secret=ts&screen_name=ann"), &F.token), OAUTHSIG_OK);
  CHECK_RC(oauthsig_token_set_callback(F.token, S("https://client.example.com/cb?x=1")), OAUTHSIG_OK);
  CHECK_RC(oauthsig_token_set_verifier(F.token, S("verifier")), OAUTHSIG_OK);
  CHECK_RC(oauthsig_signing_key_new(OAUTHSIG_HMAC_SHA1, F.consumer, F.token, &F.key), OAUTHSIG_OK);
  CHECK_RC(oauthsig_signing_key_new(OAUTHSIG_PLAINTEXT, F.consumer, F.token, &F.plaintext), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_new(S("POST"), S(HTTPS_URL), &F.request), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_set(F.request, OAUTHSIG_PARAM_NONCE, S("n0nce")), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_set(F.request, OAUTHSIG_PARAM_TIMESTAMP, S("137131201")), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_add_param(F.request, OAUTHSIG_PARAM_ANY, S("oauth_consumer_key"), S("ck")), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_sign(F.request, OAUTHSIG_HMAC_SHA1, F.consumer, F.token), OAUTHSIG_OK);
  pem = load("rsa1024.pkcs1.pem", &len);
  CHECK_RC(oauthsig_rsa_private_key_new(pem, len, &F.rsa), OAUTHSIG_OK);
  free(pem);
  pem = load("rsa1024.spki.pem", &len);
  CHECK_RC(oauthsig_rsa_public_key_new(pem, len, &F.rsa_public), OAUTHSIG_OK);
  free(pem);
  CHECK_RC(oauthsig_verifier_builder_new(&b), OAUTHSIG_OK);
  CHECK_RC(oauthsig_verifier_builder_allow(b, OAUTHSIG_HMAC_SHA1), OAUTHSIG_OK);
  CHECK_RC(oauthsig_verifier_builder_allow(b, OAUTHSIG_PLAINTEXT), OAUTHSIG_OK);
  CHECK_RC(oauthsig_verifier_build(b, &F.verifier), OAUTHSIG_OK);
  oauthsig_verifier_builder_free(b);
  signed_header(HTTPS_URL, header, sizeof header);
  CHECK_RC(verify_get(HTTPS_URL, header, ANSWER_SECRETS, &F.verified, &status), OAUTHSIG_OK);
  CHECK(status == 200 && F.verified != NULL);
}

static void free_fixtures(void) {
  oauthsig_verified_free(F.verified);
  oauthsig_verifier_free(F.verifier);
  oauthsig_rsa_public_key_free(F.rsa_public);
  oauthsig_rsa_private_key_free(F.rsa);
  oauthsig_request_free(F.request);
  oauthsig_signing_key_free(F.plaintext);
  oauthsig_signing_key_free(F.key);
  oauthsig_token_free(F.token);
  oauthsig_consumer_free(F.consumer);
}

/* ---------------------------------------------------------------------- */
/* Every output function, as one signature: `which` picks the call. */

typedef oauthsig_result (*writer)(int which, char *buf, size_t cap, size_t *out_len);

static oauthsig_sign_request pinned_request(void) {
  oauthsig_sign_request r;
  memset(&r, 0, sizeof r);
  r.method = str("POST");
  r.url = str(HTTPS_URL);
  r.body_kind = OAUTHSIG_BODY_FORM;
  r.body = str("c=3");
  r.consumer_key = str("ck");
  r.token = str("tk");
  r.timestamp = str("137131201");
  r.nonce = str("n0nce");
  return r;
}

static oauthsig_sign_input pinned_input(void) {
  oauthsig_sign_input in;
  memset(&in, 0, sizeof in);
  in.method = str("POST");
  in.url = str(HTTPS_URL);
  in.form_body = str("c=3");
  in.consumer_key = str("ck");
  in.token = str("tk");
  in.timestamp = str("137131201");
  in.nonce = str("n0nce");
  in.realm = str("Example");
  return in;
}

/* The outputs that are the same on every call. */
static oauthsig_result exact_output(int which, char *buf, size_t cap, size_t *out_len) {
  oauthsig_sign_request r = pinned_request();
  oauthsig_sign_input in = pinned_input();
  switch (which) {
    case 0: return oauthsig_token_to_string(F.token, buf, cap, out_len);
    case 1: return oauthsig_token_get_field(F.token, OAUTHSIG_TOKEN_KEY, buf, cap, out_len);
    case 2: return oauthsig_token_get_extra(F.token, S("screen_name"), buf, cap, out_len);
    case 3: return oauthsig_token_callback_url(F.token, buf, cap, out_len);
    case 4: return oauthsig_sign(F.key, &r, OAUTHSIG_PLACEMENT_HEADER, S("Example"), buf, cap, out_len);
    case 5: return oauthsig_sign(F.key, &r, OAUTHSIG_PLACEMENT_URL, NULL, 0, buf, cap, out_len);
    case 6: return oauthsig_sign(F.key, &r, OAUTHSIG_PLACEMENT_FORM, NULL, 0, buf, cap, out_len);
    case 7: return oauthsig_sign_header(F.key, &in, buf, cap, out_len);
    case 8: case 9: case 10: case 11: case 12: case 13: case 14:
      return oauthsig_request_write(F.request, (uint32_t)(which - 7), S("Example"), buf, cap, out_len);
    case 15: return oauthsig_request_get(F.request, S("b"), buf, cap, out_len);
    case 16: return oauthsig_generate_nonce(12, buf, cap, out_len);
    case 17: return oauthsig_generate_verifier(0, buf, cap, out_len);
    case 18: return oauthsig_www_authenticate(S("Photos"), buf, cap, out_len);
    case 19: return oauthsig_percent_encode(S("caf\xc3\xa9 & co"), buf, cap, out_len);
    case 20: return oauthsig_verified_get_field(F.verified, OAUTHSIG_VERIFIED_CONSUMER_KEY, buf, cap, out_len);
    case 21: return oauthsig_verified_get_field(F.verified, OAUTHSIG_VERIFIED_SIGNATURE_METHOD, buf, cap, out_len);
    default: return OAUTHSIG_PANIC;
  }
}
#define EXACT_OUTPUTS 22

/* The outputs that differ between calls (a fresh nonce): a too-small
 * answer is the most any call can need. */
static oauthsig_result varying_output(int which, char *buf, size_t cap, size_t *out_len) {
  oauthsig_sign_request r = pinned_request();
  r.nonce = absent;
  r.timestamp = absent;
  switch (which) {
    case 0: return oauthsig_xoauth_string(S("https://mail.example.com/imap"), F.consumer, F.token, buf, cap, out_len);
    case 1: return oauthsig_sign(F.key, &r, OAUTHSIG_PLACEMENT_HEADER, NULL, 0, buf, cap, out_len);
    default: return OAUTHSIG_PANIC;
  }
}
#define VARYING_OUTPUTS 2

static bool guard_intact(const char *buf, size_t cap) {
  size_t i;
  for (i = 0; i < GUARD; i++) {
    if ((unsigned char)buf[cap + i] != CANARY) return false;
  }
  return true;
}

/* One call with capacity `cap` on a buffer of `cap` bytes and a guard. */
static oauthsig_result call_with_cap(writer w, int which, size_t cap, size_t *len, char **out) {
  char *buf = malloc(cap + GUARD);
  oauthsig_result rc;
  memset(buf, CANARY, cap + GUARD);
  *len = UNSET;
  rc = w(which, buf, cap, len);
  CHECK(guard_intact(buf, cap));
  *out = buf;
  return rc;
}

/* The buffer convention at capacities 0, 1, n - 1, n and n + 1 (n from a
 * size query), and with NULL pointers: `exact` outputs must answer n
 * exactly; varying ones at most what a retry needs. */
static void check_caps(writer w, int which, bool exact) {
  size_t n = UNSET, len, caps[5], i;
  char *buf;
  oauthsig_result rc = w(which, NULL, 0, &n);
  if (rc != OAUTHSIG_BUFFER_TOO_SMALL) fprintf(stderr, "output %d (%s)\n", which, exact ? "exact" : "varying");
  CHECK_RC(rc, OAUTHSIG_BUFFER_TOO_SMALL);
  CHECK(n != UNSET);
  caps[0] = 0;
  caps[1] = 1;
  caps[2] = n > 0 ? n - 1 : 0;
  caps[3] = n;
  caps[4] = n + 1;
  for (i = 0; i < 5; i++) {
    size_t cap = caps[i];
    rc = call_with_cap(w, which, cap, &len, &buf);
    if (rc == OAUTHSIG_OK) {
      CHECK(len < cap && buf[len] == 0);
      CHECK(!exact || (cap == n + 1 && len == n));
    } else {
      if (rc != OAUTHSIG_BUFFER_TOO_SMALL) fprintf(stderr, "output %d at cap %zu\n", which, cap);
      CHECK_RC(rc, OAUTHSIG_BUFFER_TOO_SMALL);
      CHECK(len >= cap && len != UNSET);
      CHECK(!exact || len == n);
      CHECK(cap == 0 || buf[0] == 0);
      CHECK(cap <= n); /* n + 1 always fits */
    }
    free(buf);
  }
  /* NULL out_len with room: refused, the buffer left empty (point 11). */
  buf = malloc(n + 1 + GUARD);
  memset(buf, CANARY, n + 1 + GUARD);
  CHECK_RC(w(which, buf, n + 1, NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK(buf[0] == 0 && guard_intact(buf, n + 1));
  free(buf);
  /* A NULL buffer that claims room. */
  len = UNSET;
  CHECK_RC(w(which, NULL, 8, &len), OAUTHSIG_NULL_ARGUMENT);
}

static void test_every_output_at_every_capacity(void) {
  int i;
  for (i = 0; i < EXACT_OUTPUTS; i++) check_caps(exact_output, i, true);
  for (i = 0; i < VARYING_OUTPUTS; i++) check_caps(varying_output, i, false);
}

/* oauthsig_last_error_message under the same convention: reading it never
 * replaces it. */
static void test_last_error_message_buffers(void) {
  char small[4], big[256];
  size_t n = UNSET, len = UNSET;
  CHECK_RC(oauthsig_consumer_new(NULL, 5, S("s"), NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_last_error_message(NULL, 0, &n), OAUTHSIG_BUFFER_TOO_SMALL);
  CHECK(n > 4 && n != UNSET);
  memset(small, 'x', sizeof small);
  CHECK_RC(oauthsig_last_error_message(small, sizeof small, &len), OAUTHSIG_BUFFER_TOO_SMALL);
  CHECK(small[0] == 0 && len == n);
  CHECK_RC(oauthsig_last_error_message(small, sizeof small, NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK(small[0] == 0);
  CHECK_RC(oauthsig_last_error_message(big, n + 1, &len), OAUTHSIG_OK);
  CHECK(len == n && big[n] == 0 && strstr(big, "NULL") != NULL);
}

/* ---------------------------------------------------------------------- */
/* The NULL matrix. */

static void test_null_handles_and_out_pointers(void) {
  oauthsig_consumer *c = NULL;
  oauthsig_token *t = NULL;
  oauthsig_request *r = NULL;
  oauthsig_signing_key *k = NULL;
  oauthsig_rsa_private_key *pk = NULL;
  oauthsig_rsa_public_key *pub = NULL;
  oauthsig_verifier_builder *b = NULL;
  oauthsig_verifier *v = NULL;
  oauthsig_profile *p = NULL;
  size_t bits = 0, count = 0;
  bool flag = false;
  uint64_t ts = 0;
  uint8_t *pem;
  size_t pem_len = 0;

  pem = load("rsa1024.pkcs1.pem", &pem_len);
  CHECK_RC(oauthsig_rsa_private_key_new(pem, pem_len, NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_rsa_private_key_new(NULL, pem_len, &pk), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_rsa_private_key_new_encrypted(pem, pem_len, S("pw"), NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_rsa_private_key_new_encrypted(NULL, pem_len, S("pw"), &pk), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_rsa_private_key_new_encrypted(pem, pem_len, NULL, 2, &pk), OAUTHSIG_NULL_ARGUMENT);
  CHECK(pk == NULL);
  free(pem);
  CHECK_RC(oauthsig_rsa_private_key_bits(NULL, &bits), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_rsa_private_key_bits(F.rsa, NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_rsa_private_key_public_key(NULL, &pub), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_rsa_private_key_public_key(F.rsa, NULL), OAUTHSIG_NULL_ARGUMENT);
  pem = load("rsa1024.spki.pem", &pem_len);
  CHECK_RC(oauthsig_rsa_public_key_new(pem, pem_len, NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_rsa_public_key_new(NULL, pem_len, &pub), OAUTHSIG_NULL_ARGUMENT);
  free(pem);
  CHECK_RC(oauthsig_rsa_public_key_bits(NULL, &bits), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_rsa_public_key_bits(F.rsa_public, NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK(pub == NULL);

  CHECK_RC(oauthsig_consumer_new(S("k"), S("s"), NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_consumer_new(NULL, 1, S("s"), &c), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_consumer_new(S("k"), NULL, 1, &c), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_consumer_new_rsa(S("k"), NULL, &c), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_consumer_new_rsa(S("k"), F.rsa, NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_consumer_new_rsa(NULL, 1, F.rsa, &c), OAUTHSIG_NULL_ARGUMENT);
  CHECK(c == NULL);
  CHECK_RC(oauthsig_token_new(S("k"), S("s"), NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_token_new(NULL, 1, S("s"), &t), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_token_new(S("k"), NULL, 1, &t), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_token_parse(S("oauth_token=a&oauth_token_secret=b"), NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_token_parse(NULL, 4, &t), OAUTHSIG_NULL_ARGUMENT);
  CHECK(t == NULL);
  CHECK_RC(oauthsig_token_callback_confirmed(NULL, &flag), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_token_callback_confirmed(F.token, NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_token_set_callback(NULL, S("https://c/")), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_token_set_callback(F.token, NULL, 3), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_token_set_verifier(NULL, S("v")), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_token_set_verifier(F.token, NULL, 3), OAUTHSIG_NULL_ARGUMENT);

  CHECK_RC(oauthsig_request_new(S("GET"), S(HTTPS_URL), NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_new(NULL, 3, S(HTTPS_URL), &r), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_new(S("GET"), NULL, 9, &r), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_from_consumer_and_token(NULL, F.token, S("GET"), S(HTTPS_URL), &r), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_from_consumer_and_token(F.consumer, F.token, NULL, 3, S(HTTPS_URL), &r), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_from_consumer_and_token(F.consumer, F.token, S("GET"), NULL, 9, &r), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_from_consumer_and_token(F.consumer, F.token, S("GET"), S(HTTPS_URL), NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_from_token_and_callback(NULL, S("https://c/"), S("GET"), S(HTTPS_URL), &r), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_from_token_and_callback(F.token, S("https://c/"), NULL, 3, S(HTTPS_URL), &r), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_from_token_and_callback(F.token, S("https://c/"), S("GET"), NULL, 9, &r), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_from_token_and_callback(F.token, S("https://c/"), S("GET"), S(HTTPS_URL), NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_parse(S("GET"), S(HTTPS_URL), NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_parse(NULL, 3, S(HTTPS_URL), NULL, 0, NULL, 0, NULL, 0, NULL, 0, &r), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_parse(S("GET"), NULL, 9, NULL, 0, NULL, 0, NULL, 0, NULL, 0, &r), OAUTHSIG_NULL_ARGUMENT);
  CHECK(r == NULL);

  CHECK_RC(oauthsig_request_add_param(NULL, OAUTHSIG_PARAM_QUERY, S("a"), S("b")), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_add_param(F.request, OAUTHSIG_PARAM_QUERY, NULL, 1, S("b")), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_add_param(F.request, OAUTHSIG_PARAM_QUERY, S("a"), NULL, 1), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_set_form_body(NULL, S("a=1")), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_set_form_body(F.request, NULL, 3), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_set_body(NULL, S("{}"), S("application/json")), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_set_body(F.request, NULL, 2, S("application/json")), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_set_body(F.request, S("{}"), NULL, 4), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_set(NULL, OAUTHSIG_PARAM_NONCE, S("n")), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_set(F.request, OAUTHSIG_PARAM_NONCE, NULL, 1), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_set_body_hash(NULL, OAUTHSIG_BODY_HASH_NEVER), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_allow_plaintext_over_http(NULL, 1), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_sign(NULL, OAUTHSIG_HMAC_SHA1, F.consumer, F.token), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_sign(F.request, OAUTHSIG_HMAC_SHA1, NULL, F.token), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_signing_key_new(OAUTHSIG_HMAC_SHA1, NULL, F.token, &k), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_signing_key_new(OAUTHSIG_HMAC_SHA1, F.consumer, F.token, NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_signing_key_new_rsa(OAUTHSIG_RSA_SHA1, NULL, &k), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_signing_key_new_rsa(OAUTHSIG_RSA_SHA1, F.rsa, NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK(k == NULL);
  CHECK_RC(oauthsig_request_sign_with_key(NULL, F.key), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_sign_with_key(F.request, NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_check_signature(NULL, F.consumer, F.token, &flag), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_check_signature(F.request, NULL, F.token, &flag), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_check_signature(F.request, F.consumer, F.token, NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_check_signature_with_public_key(NULL, F.rsa_public, &flag), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_check_signature_with_public_key(F.request, NULL, &flag), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_check_signature_with_public_key(F.request, F.rsa_public, NULL), OAUTHSIG_NULL_ARGUMENT);
  /* A NULL token is "none": the fixture's signature then does not check. */
  CHECK_RC(oauthsig_request_check_signature(F.request, F.consumer, NULL, &flag), OAUTHSIG_OK);
  CHECK(!flag);
  CHECK_RC(oauthsig_request_check_signature(F.request, F.consumer, F.token, &flag), OAUTHSIG_OK);
  CHECK(flag);

  CHECK_RC(oauthsig_generate_timestamp(NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_generate_timestamp(&ts), OAUTHSIG_OK);
  CHECK_RC(oauthsig_xoauth_string(S(HTTPS_URL), NULL, NULL, NULL, 0, &count), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_xoauth_string(NULL, 4, F.consumer, NULL, NULL, 0, &count), OAUTHSIG_NULL_ARGUMENT);

  /* Profiles: every handle and out pointer, (NULL, n) inputs. */
  CHECK_RC(oauthsig_profile_new(OAUTHSIG_PROFILE_X, NULL, 0, NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_profile_new(OAUTHSIG_PROFILE_NETSUITE, NULL, 6, &p), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_profile_by_name(NULL, 1, &p), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_profile_by_name(S("x"), NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK(p == NULL);
  CHECK_RC(oauthsig_profile_by_name(S("x"), &p), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_from_profile(NULL, F.consumer, F.token, S("GET"), S(HTTPS_URL), &r), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_from_profile(p, NULL, F.token, S("GET"), S(HTTPS_URL), &r), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_from_profile(p, F.consumer, F.token, NULL, 3, S(HTTPS_URL), &r), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_from_profile(p, F.consumer, F.token, S("GET"), NULL, 5, &r), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_from_profile(p, F.consumer, F.token, S("GET"), S(HTTPS_URL), NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK(r == NULL);
  CHECK_RC(oauthsig_request_from_profile(p, F.consumer, F.token, S("GET"), S(HTTPS_URL), &r), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_sign_with_profile(NULL, p, F.consumer, F.token), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_sign_with_profile(r, NULL, F.consumer, F.token), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_sign_with_profile(r, p, NULL, F.token), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_sign_with_profile(r, p, F.consumer, F.token), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_write_for_profile(NULL, p, NULL, 0, &count), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_write_for_profile(r, NULL, NULL, 0, &count), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_write_for_profile(r, p, NULL, 0, &count), OAUTHSIG_BUFFER_TOO_SMALL);
  CHECK(count > 0);
  oauthsig_request_free(r);
  r = NULL;
  CHECK_RC(oauthsig_verifier_builder_profile(NULL, p), OAUTHSIG_NULL_ARGUMENT);
  oauthsig_profile_free(p);
  p = NULL;
  oauthsig_profile_free(NULL);

  CHECK_RC(oauthsig_verifier_builder_new(NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_verifier_builder_allow(NULL, OAUTHSIG_HMAC_SHA1), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_verifier_builder_allow_plaintext_over_http(NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_verifier_builder_timestamp_window(NULL, 5), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_verifier_builder_require_realm(NULL, S("r")), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_verifier_builder_new(&b), OAUTHSIG_OK);
  CHECK_RC(oauthsig_verifier_builder_require_realm(b, NULL, 1), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_verifier_build(NULL, &v), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_verifier_build(b, NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK(v == NULL);
  oauthsig_verifier_builder_free(b);
  CHECK_RC(oauthsig_verified_parameter_count(NULL, &count), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_verified_parameter_count(F.verified, NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_verified_parameter_count(F.verified, &count), OAUTHSIG_OK);
  CHECK(count == 2);

  /* Every _free takes NULL. */
  oauthsig_rsa_private_key_free(NULL);
  oauthsig_rsa_public_key_free(NULL);
  oauthsig_consumer_free(NULL);
  oauthsig_token_free(NULL);
  oauthsig_request_free(NULL);
  oauthsig_signing_key_free(NULL);
  oauthsig_verifier_builder_free(NULL);
  oauthsig_verifier_free(NULL);
  oauthsig_verified_free(NULL);
}

/* The handle arguments of the output functions (their buffers are
 * covered by check_caps). */
static void test_null_handles_of_output_functions(void) {
  char buf[64];
  size_t len = 0, name_len = 0;
  oauthsig_sign_request r = pinned_request();
  oauthsig_sign_input in = pinned_input();
#define REFUSED(call)                         \
  do {                                        \
    memset(buf, 'x', sizeof buf);             \
    CHECK_RC(call, OAUTHSIG_NULL_ARGUMENT);   \
    CHECK(buf[0] == 0);                       \
  } while (0)
  REFUSED(oauthsig_token_to_string(NULL, buf, sizeof buf, &len));
  REFUSED(oauthsig_token_get_field(NULL, OAUTHSIG_TOKEN_KEY, buf, sizeof buf, &len));
  REFUSED(oauthsig_token_get_extra(NULL, S("screen_name"), buf, sizeof buf, &len));
  REFUSED(oauthsig_token_get_extra(F.token, NULL, 4, buf, sizeof buf, &len));
  REFUSED(oauthsig_token_callback_url(NULL, buf, sizeof buf, &len));
  REFUSED(oauthsig_sign(NULL, &r, OAUTHSIG_PLACEMENT_HEADER, NULL, 0, buf, sizeof buf, &len));
  REFUSED(oauthsig_sign(F.key, NULL, OAUTHSIG_PLACEMENT_HEADER, NULL, 0, buf, sizeof buf, &len));
  REFUSED(oauthsig_sign_header(NULL, &in, buf, sizeof buf, &len));
  REFUSED(oauthsig_sign_header(F.key, NULL, buf, sizeof buf, &len));
  REFUSED(oauthsig_request_write(NULL, OAUTHSIG_OUTPUT_URL, NULL, 0, buf, sizeof buf, &len));
  REFUSED(oauthsig_request_get(NULL, S("a"), buf, sizeof buf, &len));
  REFUSED(oauthsig_request_get(F.request, NULL, 1, buf, sizeof buf, &len));
  REFUSED(oauthsig_xoauth_string(S(HTTPS_URL), NULL, NULL, buf, sizeof buf, &len));
  REFUSED(oauthsig_percent_encode(NULL, 1, buf, sizeof buf, &len));
  REFUSED(oauthsig_verified_get_field(NULL, OAUTHSIG_VERIFIED_TOKEN, buf, sizeof buf, &len));
  REFUSED(oauthsig_verified_parameter(NULL, 0, buf, sizeof buf, &name_len, NULL, 0, &len));
#undef REFUSED
}

/* (NULL, n > 0) is OAUTHSIG_NULL_ARGUMENT for every optional input, never
 * "absent" (point 14: a failed malloc for form_body signed a request
 * without its body). */
static void test_optional_inputs_null_with_length(void) {
  char buf[1024];
  size_t len = 0;
  oauthsig_request *r = NULL;
  uint16_t status = 0;
  int i;
  for (i = 0; i < 6; i++) {
    oauthsig_sign_request q = pinned_request();
    oauthsig_str *fields[6];
    fields[0] = &q.body;
    fields[1] = &q.token;
    fields[2] = &q.timestamp;
    fields[3] = &q.nonce;
    fields[4] = &q.callback;
    fields[5] = &q.verifier;
    *fields[i] = null_with_len;
    memset(buf, 'x', sizeof buf);
    CHECK_RC(oauthsig_sign(F.key, &q, OAUTHSIG_PLACEMENT_HEADER, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_NULL_ARGUMENT);
    CHECK(buf[0] == 0);
  }
  for (i = 0; i < 7; i++) {
    oauthsig_sign_input in = pinned_input();
    oauthsig_str *fields[7];
    fields[0] = &in.form_body;
    fields[1] = &in.token;
    fields[2] = &in.timestamp;
    fields[3] = &in.nonce;
    fields[4] = &in.callback;
    fields[5] = &in.verifier;
    fields[6] = &in.realm;
    *fields[i] = null_with_len;
    memset(buf, 'x', sizeof buf);
    CHECK_RC(oauthsig_sign_header(F.key, &in, buf, sizeof buf, &len), OAUTHSIG_NULL_ARGUMENT);
    CHECK(buf[0] == 0);
  }
  {
    oauthsig_sign_request q = pinned_request();
    CHECK_RC(oauthsig_sign(F.key, &q, OAUTHSIG_PLACEMENT_HEADER, NULL, 7, buf, sizeof buf, &len), OAUTHSIG_NULL_ARGUMENT);
  }
  CHECK_RC(oauthsig_request_from_token_and_callback(F.token, NULL, 3, S("GET"), S(HTTPS_URL), &r), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_parse(S("GET"), S(HTTPS_URL), NULL, 3, NULL, 0, NULL, 0, NULL, 0, &r), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_parse(S("GET"), S(HTTPS_URL), NULL, 0, NULL, 3, NULL, 0, NULL, 0, &r), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_parse(S("GET"), S(HTTPS_URL), NULL, 0, NULL, 0, NULL, 3, NULL, 0, &r), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_parse(S("GET"), S(HTTPS_URL), NULL, 0, NULL, 0, NULL, 0, NULL, 3, &r), OAUTHSIG_NULL_ARGUMENT);
  CHECK(r == NULL);
  CHECK_RC(oauthsig_request_write(F.request, OAUTHSIG_OUTPUT_HEADER, NULL, 3, buf, sizeof buf, &len), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_www_authenticate(NULL, 3, buf, sizeof buf, &len), OAUTHSIG_NULL_ARGUMENT);
  /* The verifier: each optional part, and the required ones; 400. */
  L.mode = ANSWER_SECRETS;
  CHECK_RC(oauthsig_verifier_verify(F.verifier, S("GET"), S(HTTPS_URL), NULL, 3, NULL, 0, NULL, 0, NULL, 0, lookup, NULL, NULL, &status), OAUTHSIG_NULL_ARGUMENT);
  CHECK(status == 400);
  CHECK_RC(oauthsig_verifier_verify(F.verifier, S("GET"), S(HTTPS_URL), NULL, 0, NULL, 3, NULL, 0, NULL, 0, lookup, NULL, NULL, &status), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_verifier_verify(F.verifier, S("GET"), S(HTTPS_URL), NULL, 0, NULL, 0, NULL, 3, NULL, 0, lookup, NULL, NULL, &status), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_verifier_verify(F.verifier, S("GET"), S(HTTPS_URL), NULL, 0, NULL, 0, NULL, 0, NULL, 3, lookup, NULL, NULL, &status), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_verifier_verify(F.verifier, NULL, 3, S(HTTPS_URL), NULL, 0, NULL, 0, NULL, 0, NULL, 0, lookup, NULL, NULL, &status), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_verifier_verify(F.verifier, S("GET"), NULL, 9, NULL, 0, NULL, 0, NULL, 0, NULL, 0, lookup, NULL, NULL, &status), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_verifier_verify(NULL, S("GET"), S(HTTPS_URL), NULL, 0, NULL, 0, NULL, 0, NULL, 0, lookup, NULL, NULL, &status), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_verifier_verify(F.verifier, S("GET"), S(HTTPS_URL), NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, NULL, NULL, &status), OAUTHSIG_NULL_ARGUMENT);
  CHECK(status == 400);
  /* The answers, from inside a callback. */
  {
    char header[1024];
    signed_header(HTTPS_URL, header, sizeof header);
    L.null_matrix_ok = 0;
    CHECK_RC(verify_get(HTTPS_URL, header, ANSWER_NULL_MATRIX, NULL, &status), OAUTHSIG_OK);
    CHECK(L.null_matrix_ok && status == 200);
  }
}

/* ---------------------------------------------------------------------- */
/* Values C made up: enum arguments, uint8_t flags. */

static void test_invalid_enum_and_flag_values(void) {
  const uint32_t bad[] = {0, 8, 99, 0x7fffffffu, UINT32_MAX};
  char buf[512];
  size_t len = 0, i;
  oauthsig_signing_key *k = NULL;
  oauthsig_verifier_builder *b = NULL;
  CHECK_RC(oauthsig_verifier_builder_new(&b), OAUTHSIG_OK);
  for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    uint32_t v = bad[i];
    oauthsig_sign_request r = pinned_request();
    CHECK_RC(oauthsig_token_get_field(F.token, v, buf, sizeof buf, &len), OAUTHSIG_INVALID_ARGUMENT);
    CHECK_RC(oauthsig_sign(F.key, &r, v, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_INVALID_ARGUMENT);
    CHECK(buf[0] == 0);
    r.body_kind = v == 0 ? 4 : v;
    CHECK_RC(oauthsig_sign(F.key, &r, OAUTHSIG_PLACEMENT_URL, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_INVALID_ARGUMENT);
    CHECK_RC(oauthsig_request_add_param(F.request, v == 0 ? 3 : v, S("a"), S("b")), OAUTHSIG_INVALID_ARGUMENT);
    CHECK_RC(oauthsig_request_set(F.request, v, S("x")), OAUTHSIG_INVALID_ARGUMENT);
    CHECK_RC(oauthsig_request_set_body_hash(F.request, v), OAUTHSIG_INVALID_ARGUMENT);
    CHECK_RC(oauthsig_request_write(F.request, v, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_INVALID_ARGUMENT);
    CHECK(buf[0] == 0);
    CHECK_RC(oauthsig_verified_get_field(F.verified, v, buf, sizeof buf, &len), OAUTHSIG_INVALID_ARGUMENT);
    CHECK_RC(oauthsig_signing_key_new(v, F.consumer, F.token, &k), OAUTHSIG_UNSUPPORTED_SIGNATURE_METHOD);
    CHECK_RC(oauthsig_signing_key_new_rsa(v, F.rsa, &k), OAUTHSIG_UNSUPPORTED_SIGNATURE_METHOD);
    CHECK_RC(oauthsig_request_sign(F.request, v, F.consumer, F.token), OAUTHSIG_UNSUPPORTED_SIGNATURE_METHOD);
    CHECK_RC(oauthsig_verifier_builder_allow(b, v), OAUTHSIG_UNSUPPORTED_SIGNATURE_METHOD);
    CHECK(k == NULL);
  }
  oauthsig_verifier_builder_free(b);
  /* The fixture request was left as it was by every refusal. */
  CHECK_RC(oauthsig_request_write(F.request, OAUTHSIG_OUTPUT_URL, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK(strstr(buf, "oauth_signature=") != NULL);
  /* Flags: 0 and 1 only (a Rust bool from any other byte was undefined
   * behaviour; point 15). */
  for (i = 2; i < 256; i += 37) {
    oauthsig_sign_request r = pinned_request();
    oauthsig_sign_input in = pinned_input();
    r.include_version = (uint8_t)i;
    CHECK_RC(oauthsig_sign(F.key, &r, OAUTHSIG_PLACEMENT_URL, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_INVALID_ARGUMENT);
    r = pinned_request();
    r.allow_plaintext_over_http = (uint8_t)i;
    CHECK_RC(oauthsig_sign(F.key, &r, OAUTHSIG_PLACEMENT_URL, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_INVALID_ARGUMENT);
    in.include_version = (uint8_t)i;
    CHECK_RC(oauthsig_sign_header(F.key, &in, buf, sizeof buf, &len), OAUTHSIG_INVALID_ARGUMENT);
    in = pinned_input();
    in.allow_plaintext_over_http = (uint8_t)i;
    CHECK_RC(oauthsig_sign_header(F.key, &in, buf, sizeof buf, &len), OAUTHSIG_INVALID_ARGUMENT);
    CHECK_RC(oauthsig_request_allow_plaintext_over_http(F.request, (uint8_t)i), OAUTHSIG_INVALID_ARGUMENT);
  }
  CHECK_RC(oauthsig_last_error_message(buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK(strstr(buf, "0 or 1") != NULL);
  /* A lookup status the callback made up fails closed: 503. */
  {
    char header[1024];
    uint16_t status = 0;
    signed_header(HTTPS_URL, header, sizeof header);
    CHECK_RC(verify_get(HTTPS_URL, header, ANSWER_MADE_UP_STATUS, NULL, &status), OAUTHSIG_VERIFY_UNAVAILABLE);
    CHECK(status == 503);
  }
}

/* ---------------------------------------------------------------------- */
/* Inputs inside the output buffer (point 12). */

static void test_overlapping_input_and_output(void) {
  char buf[1024], want[1024];
  size_t len = 0, want_len = 0;
  oauthsig_sign_input in = pinned_input();
  oauthsig_sign_request r = pinned_request();

  /* Functions that read their input in full first: overlap works. */
  strcpy(buf, "a b&c");
  CHECK_RC(oauthsig_percent_encode((const uint8_t *)buf, 5, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "a%20b%26c");
  strcpy(buf, "Photos");
  CHECK_RC(oauthsig_www_authenticate((const uint8_t *)buf, 6, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "OAuth realm=\"Photos\"");
  CHECK_RC(oauthsig_request_write(F.request, OAUTHSIG_OUTPUT_HEADER, S("Example"), want, sizeof want, &want_len), OAUTHSIG_OK);
  strcpy(buf, "Example");
  CHECK_RC(oauthsig_request_write(F.request, OAUTHSIG_OUTPUT_HEADER, (const uint8_t *)buf, 7, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK(len == want_len && strcmp(buf, want) == 0);
  strcpy(buf, "b");
  CHECK_RC(oauthsig_request_get(F.request, (const uint8_t *)buf, 1, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "two");
  strcpy(buf, "screen_name");
  CHECK_RC(oauthsig_token_get_extra(F.token, (const uint8_t *)buf, 11, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "ann");

  /* The one-shot calls write while they read: refused, buffer emptied. */
  CHECK_RC(oauthsig_sign_header(F.key, &in, want, sizeof want, &want_len), OAUTHSIG_OK);
  strcpy(buf, "Example");
  in.realm.ptr = (const uint8_t *)buf;
  CHECK_RC(oauthsig_sign_header(F.key, &in, buf, sizeof buf, &len), OAUTHSIG_INVALID_ARGUMENT);
  CHECK(buf[0] == 0);
  CHECK_RC(oauthsig_last_error_message(want, sizeof want, &len), OAUTHSIG_OK);
  CHECK(strstr(want, "realm") != NULL);
  /* The last byte of the buffer, and the byte just after it. */
  buf[sizeof buf - 1] = 'E';
  in.realm.ptr = (const uint8_t *)&buf[sizeof buf - 1];
  in.realm.len = 1;
  CHECK_RC(oauthsig_sign_header(F.key, &in, buf, sizeof buf, &len), OAUTHSIG_INVALID_ARGUMENT);
  CHECK_RC(oauthsig_sign_header(F.key, &in, buf, sizeof buf - 1, &len), OAUTHSIG_OK);
  in = pinned_input();
  strcpy(&buf[500], HTTPS_URL);
  in.url.ptr = (const uint8_t *)&buf[500];
  CHECK_RC(oauthsig_sign_header(F.key, &in, buf, sizeof buf, &len), OAUTHSIG_INVALID_ARGUMENT);
  strcpy(&buf[500], "c=3");
  r.body.ptr = (const uint8_t *)&buf[500];
  CHECK_RC(oauthsig_sign(F.key, &r, OAUTHSIG_PLACEMENT_FORM, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_INVALID_ARGUMENT);
  r = pinned_request();
  strcpy(&buf[10], "Example");
  CHECK_RC(oauthsig_sign(F.key, &r, OAUTHSIG_PLACEMENT_HEADER, (const uint8_t *)&buf[10], 7, buf, sizeof buf, &len), OAUTHSIG_INVALID_ARGUMENT);
  /* out_len inside the buffer. */
  {
    size_t words[128];
    char *wbuf = (char *)words;
    CHECK_RC(oauthsig_sign(F.key, &r, OAUTHSIG_PLACEMENT_HEADER, NULL, 0, wbuf, sizeof words, &words[8]), OAUTHSIG_INVALID_ARGUMENT);
    CHECK(wbuf[0] == 0);
  }
  /* Apart, the same call signs. */
  CHECK_RC(oauthsig_sign(F.key, &r, OAUTHSIG_PLACEMENT_HEADER, S("Example"), buf, sizeof buf, &len), OAUTHSIG_OK);
}

/* ---------------------------------------------------------------------- */
/* 10 MB inputs (64 KB under valgrind), each within a generous time. */

static double seconds_since(const struct timespec *start) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static void test_big_inputs(void) {
  char *big = malloc(BIG + 1), *out;
  size_t len = 0, out_cap = 3 * BIG + 1;
  oauthsig_request *r = NULL;
  oauthsig_token *t = NULL;
  oauthsig_sign_request q = pinned_request();
  struct timespec start;
  uint16_t status = 0;
  memset(big, 'a', BIG);
  big[BIG] = 0;
  out = malloc(out_cap);
  clock_gettime(CLOCK_MONOTONIC, &start);

  memset(big, ' ', BIG);
  CHECK_RC(oauthsig_percent_encode((const uint8_t *)big, BIG, out, out_cap, &len), OAUTHSIG_OK);
  CHECK(len == 3 * BIG && out[0] == '%' && out[len] == 0);
  memset(big, 'a', BIG);
  /* An opaque body is hashed, not copied. */
  q.body_kind = OAUTHSIG_BODY_OPAQUE;
  q.body.ptr = (const uint8_t *)big;
  q.body.len = BIG;
  CHECK_RC(oauthsig_sign(F.key, &q, OAUTHSIG_PLACEMENT_HEADER, NULL, 0, out, out_cap, &len), OAUTHSIG_OK);
  CHECK(strstr(out, "oauth_body_hash=") != NULL);
  /* One form parameter with a 10 MB name. */
  q.body_kind = OAUTHSIG_BODY_FORM;
  CHECK_RC(oauthsig_sign(F.key, &q, OAUTHSIG_PLACEMENT_FORM, NULL, 0, out, out_cap, &len), OAUTHSIG_OK);
  CHECK(len > BIG);
  CHECK_RC(oauthsig_sign(F.key, &q, OAUTHSIG_PLACEMENT_FORM, NULL, 0, out, 100, &len), OAUTHSIG_BUFFER_TOO_SMALL);
  CHECK(out[0] == 0 && len > BIG);
  /* A 10 MB realm is refused by no rule: it is written. */
  q = pinned_request();
  CHECK_RC(oauthsig_sign(F.key, &q, OAUTHSIG_PLACEMENT_HEADER, (const uint8_t *)big, BIG, out, out_cap, &len), OAUTHSIG_OK);
  CHECK(len > BIG);
  CHECK_RC(oauthsig_token_parse((const uint8_t *)big, BIG, &t), OAUTHSIG_BAD_TOKEN_STRING);
  CHECK(t == NULL);
  CHECK_RC(oauthsig_request_new(S("GET"), S(HTTPS_URL), &r), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_add_param(r, OAUTHSIG_PARAM_QUERY, S("big"), (const uint8_t *)big, BIG), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_set_form_body(r, (const uint8_t *)big, BIG), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_sign(r, OAUTHSIG_HMAC_SHA1, F.consumer, F.token), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_URL, NULL, 0, NULL, 0, &len), OAUTHSIG_BUFFER_TOO_SMALL);
  CHECK(len > BIG);
  oauthsig_request_free(r);
  /* A big body to the verifier: its limit answers 413, or it is judged. */
  L.mode = ANSWER_SECRETS;
  oauthsig_verifier_verify(F.verifier, S("POST"), S(HTTPS_URL), NULL, 0, S("application/x-www-form-urlencoded"),
                           NULL, 0, (const uint8_t *)big, BIG, lookup, NULL, NULL, &status);
  CHECK(status == 400 || status == 413);
  CHECK(seconds_since(&start) < 60.0);
  free(out);
  free(big);
}

/* ---------------------------------------------------------------------- */
/* Regressions of issue 21. */

/* Point 10: *http_status is one of 200, 400, 401, 413, 414, 429, 503. */
static void test_point_10_statuses(void) {
  char header[1024];
  uint16_t status = 0;
  signed_header(HTTPS_URL, header, sizeof header);
  /* The lookup answers a prepared key of another method (was 500). */
  CHECK_RC(verify_get(HTTPS_URL, header, ANSWER_OTHER_METHOD_KEY, NULL, &status), OAUTHSIG_VERIFY_UNAVAILABLE);
  CHECK(status == 503);
  /* The lookup answers a 601-byte secret to a PLAINTEXT request (was 500):
   * more than a PLAINTEXT key holds. */
  signed_header_with(OAUTHSIG_PLAINTEXT, HTTPS_URL, header, sizeof header);
  CHECK_RC(verify_get(HTTPS_URL, header, ANSWER_LONG_SECRET, NULL, &status), OAUTHSIG_VERIFY_UNAVAILABLE);
  CHECK(status == 503);
  signed_header(HTTPS_URL, header, sizeof header);
  /* body_len = SIZE_MAX (was 500). */
  status = 0;
  CHECK_RC(oauthsig_verifier_verify(F.verifier, S("GET"), S(HTTPS_URL), u(header), strlen(header), NULL, 0, NULL, 0,
                                    u("x"), SIZE_MAX, lookup, NULL, NULL, &status),
           OAUTHSIG_INVALID_ARGUMENT);
  CHECK(status == 400);
  /* And the rest of the set. */
  CHECK_RC(verify_get(HTTPS_URL, "OAuth garbage", ANSWER_SECRETS, NULL, &status), OAUTHSIG_VERIFY_BAD_REQUEST);
  CHECK(status == 400);
  CHECK_RC(verify_get(HTTPS_URL, header, ANSWER_WRONG_SECRET, NULL, &status), OAUTHSIG_VERIFY_UNAUTHORIZED);
  CHECK(status == 401);
  /* A URL over the verifier's 8 KiB limit, refused before it is parsed. */
  {
    static char long_url[9000];
    memset(long_url, 'a', sizeof long_url - 1);
    memcpy(long_url, "https://api.example.com/?q=", 27);
    long_url[sizeof long_url - 1] = 0;
    CHECK_RC(verify_get(long_url, header, ANSWER_SECRETS, NULL, &status), OAUTHSIG_VERIFY_URL_TOO_LONG);
    CHECK(status == 414);
  }
}

/* Point 11: a failure leaves both parameter buffers empty. */
static void test_point_11_both_buffers_emptied(void) {
  char name[64], value[64];
  size_t name_len = UNSET, value_len = UNSET;
  CHECK_RC(oauthsig_verified_parameter(F.verified, 1, name, sizeof name, &name_len, value, sizeof value, &value_len), OAUTHSIG_OK);
  CHECK_STR(name, "b");
  CHECK_STR(value, "two");
  /* The value does not fit: the name, which did, is emptied too. */
  memset(name, 'x', sizeof name);
  CHECK_RC(oauthsig_verified_parameter(F.verified, 1, name, sizeof name, &name_len, value, 2, &value_len), OAUTHSIG_BUFFER_TOO_SMALL);
  CHECK(name[0] == 0 && value[0] == 0 && name_len == 1 && value_len == 3);
  /* The name does not fit. */
  memset(value, 'x', sizeof value);
  CHECK_RC(oauthsig_verified_parameter(F.verified, 1, name, 1, &name_len, value, sizeof value, &value_len), OAUTHSIG_BUFFER_TOO_SMALL);
  CHECK(name[0] == 0 && value[0] == 0);
  /* A NULL length pointer. */
  memset(name, 'x', sizeof name);
  memset(value, 'x', sizeof value);
  CHECK_RC(oauthsig_verified_parameter(F.verified, 1, name, sizeof name, &name_len, value, sizeof value, NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK(name[0] == 0 && value[0] == 0);
  CHECK_RC(oauthsig_verified_parameter(F.verified, 1, name, sizeof name, NULL, value, sizeof value, &value_len), OAUTHSIG_NULL_ARGUMENT);
  CHECK(name[0] == 0 && value[0] == 0);
  /* Past the end. */
  memset(name, 'x', sizeof name);
  memset(value, 'x', sizeof value);
  CHECK_RC(oauthsig_verified_parameter(F.verified, 2, name, sizeof name, &name_len, value, sizeof value, &value_len), OAUTHSIG_NOT_FOUND);
  CHECK(name[0] == 0 && value[0] == 0);
}

/* Point 12: sign_header's realm inside its own output (it wrote a wrong
 * header). */
static void test_point_12_realm_inside_output(void) {
  char buf[1024];
  size_t len = 0;
  oauthsig_sign_input in = pinned_input();
  strcpy(buf, "Example");
  in.realm.ptr = (const uint8_t *)buf;
  in.realm.len = 7;
  CHECK_RC(oauthsig_sign_header(F.key, &in, buf, sizeof buf, &len), OAUTHSIG_INVALID_ARGUMENT);
  CHECK(buf[0] == 0);
}

/* Point 13: one URL rule (http and https only) at every entry point. */
static void test_point_13_one_url_rule(void) {
  const char *urls[] = {"ftp://example.com/x", "gopher://example.com/", "FOOBAR://www.example.com"};
  char buf[1024];
  size_t len = 0, i;
  uint32_t p;
  oauthsig_request *r = NULL;
  uint16_t status = 0;
  for (i = 0; i < 3; i++) {
    const char *url = urls[i];
    oauthsig_sign_request q = pinned_request();
    oauthsig_sign_input in = pinned_input();
    q.url = str(url);
    in.url = str(url);
    for (p = OAUTHSIG_PLACEMENT_HEADER; p <= OAUTHSIG_PLACEMENT_FORM; p++) {
      CHECK_RC(oauthsig_sign(F.key, &q, p, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_BAD_URL);
    }
    CHECK_RC(oauthsig_sign_header(F.key, &in, buf, sizeof buf, &len), OAUTHSIG_BAD_URL);
    CHECK_RC(oauthsig_request_new(S("GET"), u(url), strlen(url), &r), OAUTHSIG_BAD_URL);
    CHECK_RC(oauthsig_request_from_consumer_and_token(F.consumer, F.token, S("GET"), u(url), strlen(url), &r), OAUTHSIG_BAD_URL);
    CHECK_RC(oauthsig_request_from_token_and_callback(F.token, NULL, 0, S("GET"), u(url), strlen(url), &r), OAUTHSIG_BAD_URL);
    CHECK_RC(oauthsig_request_parse(S("GET"), u(url), strlen(url), NULL, 0, NULL, 0, NULL, 0, NULL, 0, &r), OAUTHSIG_BAD_URL);
    CHECK(r == NULL);
    CHECK_RC(oauthsig_xoauth_string(u(url), strlen(url), F.consumer, F.token, buf, sizeof buf, &len), OAUTHSIG_BAD_URL);
    CHECK_RC(verify_get(url, "OAuth oauth_consumer_key=\"ck\", oauth_signature_method=\"HMAC-SHA1\", "
                             "oauth_timestamp=\"1\", oauth_nonce=\"n\", oauth_signature=\"x\"",
                        ANSWER_SECRETS, NULL, &status),
             OAUTHSIG_VERIFY_BAD_REQUEST);
    CHECK(status == 400);
  }
}

/* Point 15: 40k query parameters one at a time (was quadratic: 6-10 s;
 * tests/add_param.rs holds the linear cost by counting allocations). */
static void test_point_15_many_query_parameters(void) {
  oauthsig_request *r = NULL;
  char value[16];
  size_t len = 0;
  int i, n = 40000;
  CHECK_RC(oauthsig_request_new(S("GET"), S("https://example.com/p#top"), &r), OAUTHSIG_OK);
  for (i = 0; i < n; i++) {
    int l = snprintf(value, sizeof value, "%d", i);
    if (oauthsig_request_add_param(r, OAUTHSIG_PARAM_QUERY, S("q"), (const uint8_t *)value, (size_t)l) != OAUTHSIG_OK) break;
  }
  CHECK(i == n);
  CHECK_RC(oauthsig_request_get(r, S("q"), value, sizeof value, &len), OAUTHSIG_OK);
  CHECK_STR(value, "0");
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_NORMALIZED_URL, NULL, 0, value, sizeof value, &len), OAUTHSIG_BUFFER_TOO_SMALL);
  CHECK(len == strlen("https://example.com/p"));
  oauthsig_request_free(r);
}

/* Point 16: PLAINTEXT over http through the one-shot structs: a zeroed
 * struct refuses it; the flag signs it; https and HMAC are not affected. */
static void test_point_16_plaintext_over_http(void) {
  char buf[1024];
  size_t len = 0;
  oauthsig_sign_request q;
  oauthsig_sign_input in;
  memset(&q, 0, sizeof q);
  q.method = str("GET");
  q.url = str("http://example.com/x");
  q.consumer_key = str("ck");
  q.timestamp = str("1");
  q.nonce = str("n");
  memset(buf, 'x', sizeof buf);
  CHECK_RC(oauthsig_sign(F.plaintext, &q, OAUTHSIG_PLACEMENT_HEADER, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_PLAINTEXT_OVER_HTTP);
  CHECK(buf[0] == 0);
  CHECK_RC(oauthsig_last_error_message(buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK(strstr(buf, "3.4.4") != NULL && strstr(buf, "cs&ts") == NULL && strstr(buf, "cs%26ts") == NULL);
  CHECK(strstr(oauthsig_result_str(OAUTHSIG_PLAINTEXT_OVER_HTTP), "RFC 5849") != NULL);
  CHECK_RC(oauthsig_sign(F.key, &q, OAUTHSIG_PLACEMENT_HEADER, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_OK);
  q.allow_plaintext_over_http = 1;
  CHECK_RC(oauthsig_sign(F.plaintext, &q, OAUTHSIG_PLACEMENT_HEADER, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK(strstr(buf, "oauth_signature=\"cs%26ts\"") != NULL);
  q.allow_plaintext_over_http = 0;
  q.url = str("https://example.com/x");
  CHECK_RC(oauthsig_sign(F.plaintext, &q, OAUTHSIG_PLACEMENT_URL, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_OK);

  memset(&in, 0, sizeof in);
  in.method = str("GET");
  in.url = str("http://example.com/x");
  in.consumer_key = str("ck");
  CHECK_RC(oauthsig_sign_header(F.plaintext, &in, buf, sizeof buf, &len), OAUTHSIG_PLAINTEXT_OVER_HTTP);
  in.allow_plaintext_over_http = 1;
  CHECK_RC(oauthsig_sign_header(F.plaintext, &in, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK(strstr(buf, "oauth_signature=\"cs%26ts\"") != NULL);
}

int main(void) {
  fixtures();
  test_every_output_at_every_capacity();
  test_last_error_message_buffers();
  test_null_handles_and_out_pointers();
  test_null_handles_of_output_functions();
  test_optional_inputs_null_with_length();
  test_invalid_enum_and_flag_values();
  test_overlapping_input_and_output();
  test_big_inputs();
  test_point_10_statuses();
  test_point_11_both_buffers_emptied();
  test_point_12_realm_inside_output();
  test_point_13_one_url_rule();
  test_point_15_many_query_parameters();
  test_point_16_plaintext_over_http();
  free_fixtures();
  return check_finish();
}
