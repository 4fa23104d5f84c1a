/* Server-side verification through the C ABI: a lookup callback, replay
 * protection, tampering, the HTTP status mapping, and the verified result. */
#include "oauthsig.h"
#include "check.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

static char buf[4096];
static size_t len;

struct registry {
  const oauthsig_signing_key *prepared; /* answer with this when set */
  int calls;
  int fail;
};

static uint32_t lookup(void *user_data, const uint8_t *ck, size_t ck_len,
                       const uint8_t *tk, size_t tk_len,
                       oauthsig_lookup_answer *answer) {
  struct registry *reg = user_data;
  reg->calls++;
  if (reg->fail) return OAUTHSIG_LOOKUP_UNAVAILABLE;
  if (ck_len != 9 || memcmp(ck, "client-ck", 9) != 0) return OAUTHSIG_LOOKUP_UNKNOWN_CONSUMER;
  if (tk != NULL && (tk_len != 8 || memcmp(tk, "token-tk", 8) != 0)) return OAUTHSIG_LOOKUP_UNKNOWN_TOKEN;
  if (reg->prepared != NULL) {
    return oauthsig_lookup_answer_key(answer, reg->prepared) == OAUTHSIG_OK
               ? OAUTHSIG_LOOKUP_FOUND
               : OAUTHSIG_LOOKUP_UNAVAILABLE;
  }
  return oauthsig_lookup_answer_secrets(answer, S("client secret&x"),
                                        tk ? (const uint8_t *)"token secret" : NULL,
                                        tk ? 12 : 0) == OAUTHSIG_OK
             ? OAUTHSIG_LOOKUP_FOUND
             : OAUTHSIG_LOOKUP_UNAVAILABLE;
}

struct signed_request {
  char header[1024];
  size_t header_len;
};

static void sign(struct signed_request *out, uint32_t method, const char *url, const char *body,
                 const char *consumer_secret, bool with_token) {
  oauthsig_consumer *c = NULL;
  oauthsig_token *t = NULL;
  oauthsig_request *r = NULL;
  CHECK_RC(oauthsig_consumer_new(S("client-ck"), (const uint8_t *)consumer_secret, strlen(consumer_secret), &c), OAUTHSIG_OK);
  if (with_token) CHECK_RC(oauthsig_token_new(S("token-tk"), S("token secret"), &t), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_from_consumer_and_token(c, t, S("POST"), (const uint8_t *)url, strlen(url), &r), OAUTHSIG_OK);
  if (body) CHECK_RC(oauthsig_request_set_form_body(r, (const uint8_t *)body, strlen(body)), OAUTHSIG_OK);
  /* The client side opts in, so that the verifier's own refusal of
   * PLAINTEXT over http (RFC 5849 §3.4.4) can be tested. */
  CHECK_RC(oauthsig_request_allow_plaintext_over_http(r, 1), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_sign(r, method, c, t), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_HEADER, S("api"), out->header, sizeof out->header, &out->header_len), OAUTHSIG_OK);
  oauthsig_request_free(r);
  oauthsig_token_free(t);
  oauthsig_consumer_free(c);
}

static oauthsig_result verify(const oauthsig_verifier *v, const char *url,
                              const struct signed_request *s, const char *body,
                              struct registry *reg, oauthsig_verified **out, uint16_t *status) {
  return oauthsig_verifier_verify(v, S("POST"), (const uint8_t *)url, strlen(url),
                                  (const uint8_t *)s->header, s->header_len,
                                  S("application/x-www-form-urlencoded"), NULL, 0,
                                  (const uint8_t *)body, strlen(body), lookup, reg, out, status);
}

int main(void) {
  oauthsig_verifier_builder *b = NULL;
  oauthsig_verifier *v = NULL;
  oauthsig_verified *ok = NULL;
  struct registry reg = {NULL, 0, 0};
  struct signed_request s;
  uint16_t status = 0;
  size_t count = 0;
  const char *url = "https://api.example.com/items?page=2";
  const char *body = "q=caf%C3%A9&tag=a&tag=b";

  /* No default signature method. */
  CHECK_RC(oauthsig_verifier_builder_new(&b), OAUTHSIG_OK);
  CHECK_RC(oauthsig_verifier_build(b, &v), OAUTHSIG_INVALID_ARGUMENT);
  CHECK(v == NULL);
  CHECK_RC(oauthsig_verifier_builder_allow(b, OAUTHSIG_HMAC_SHA1), OAUTHSIG_INVALID_ARGUMENT); /* used up */
  oauthsig_verifier_builder_free(b);
  b = NULL;

  CHECK_RC(oauthsig_verifier_builder_new(&b), OAUTHSIG_OK);
  CHECK_RC(oauthsig_verifier_builder_allow(b, OAUTHSIG_HMAC_SHA1), OAUTHSIG_OK);
  CHECK_RC(oauthsig_verifier_builder_allow(b, OAUTHSIG_HMAC_SHA256), OAUTHSIG_OK);
  CHECK_RC(oauthsig_verifier_builder_allow(b, OAUTHSIG_PLAINTEXT), OAUTHSIG_OK);
  CHECK_RC(oauthsig_verifier_builder_allow(b, 17), OAUTHSIG_UNSUPPORTED_SIGNATURE_METHOD);
  CHECK_RC(oauthsig_verifier_builder_timestamp_window(b, 120), OAUTHSIG_OK);
  CHECK_RC(oauthsig_verifier_builder_require_realm(b, S("api")), OAUTHSIG_OK);
  CHECK_RC(oauthsig_verifier_build(b, &v), OAUTHSIG_OK);
  oauthsig_verifier_builder_free(b);

  /* Accepted once, with the verified parts. */
  sign(&s, OAUTHSIG_HMAC_SHA256, url, body, "client secret&x", true);
  CHECK_RC(verify(v, url, &s, body, &reg, &ok, &status), OAUTHSIG_OK);
  CHECK(status == 200 && ok != NULL);
  CHECK_RC(oauthsig_verified_get_field(ok, OAUTHSIG_VERIFIED_CONSUMER_KEY, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "client-ck");
  CHECK_RC(oauthsig_verified_get_field(ok, OAUTHSIG_VERIFIED_TOKEN, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "token-tk");
  CHECK_RC(oauthsig_verified_get_field(ok, OAUTHSIG_VERIFIED_SIGNATURE_METHOD, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "HMAC-SHA256");
  CHECK_RC(oauthsig_verified_get_field(ok, OAUTHSIG_VERIFIED_REALM, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "api");
  CHECK_RC(oauthsig_verified_get_field(ok, OAUTHSIG_VERIFIED_CALLBACK, buf, sizeof buf, &len), OAUTHSIG_NOT_FOUND);
  CHECK_RC(oauthsig_verified_get_field(ok, 0, buf, sizeof buf, &len), OAUTHSIG_INVALID_ARGUMENT);
  CHECK_RC(oauthsig_verified_parameter_count(ok, &count), OAUTHSIG_OK);
  CHECK(count == 4);
  {
    char name[64], value[64];
    size_t nl = 0, vl = 0;
    CHECK_RC(oauthsig_verified_parameter(ok, 1, name, sizeof name, &nl, value, sizeof value, &vl), OAUTHSIG_OK);
    CHECK_STR(name, "q");
    CHECK_STR(value, "caf\xc3\xa9");
    CHECK_RC(oauthsig_verified_parameter(ok, 9, name, sizeof name, &nl, value, sizeof value, &vl), OAUTHSIG_NOT_FOUND);
    CHECK_RC(oauthsig_verified_parameter(ok, 0, name, 1, &nl, value, sizeof value, &vl), OAUTHSIG_BUFFER_TOO_SMALL);
    CHECK(nl == 4 && vl == 1);
  }
  oauthsig_verified_free(ok);
  oauthsig_verified_free(NULL);
  ok = NULL;

  /* The same request again is a replay. */
  CHECK_RC(verify(v, url, &s, body, &reg, &ok, &status), OAUTHSIG_VERIFY_UNAUTHORIZED);
  CHECK(status == 401 && ok == NULL);
  CHECK_RC(oauthsig_last_error_message(buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK(strstr(buf, "nonce") != NULL);
  CHECK(strstr(buf, "client secret") == NULL && strstr(buf, "POST&") == NULL);

  /* A tampered body is refused, and does not burn the nonce. */
  sign(&s, OAUTHSIG_HMAC_SHA1, url, body, "client secret&x", true);
  CHECK_RC(verify(v, url, &s, "q=caf%C3%A9&tag=a&tag=c", &reg, NULL, &status), OAUTHSIG_VERIFY_UNAUTHORIZED);
  CHECK(status == 401);
  CHECK_RC(verify(v, url, &s, body, &reg, NULL, &status), OAUTHSIG_OK);
  CHECK(status == 200);

  /* Wrong secret, unknown consumer: 401 either way. */
  sign(&s, OAUTHSIG_HMAC_SHA1, url, body, "wrong", true);
  CHECK_RC(verify(v, url, &s, body, &reg, NULL, &status), OAUTHSIG_VERIFY_UNAUTHORIZED);
  /* PLAINTEXT over https with the right key; with a prepared key answer. */
  {
    oauthsig_consumer *c = NULL;
    oauthsig_token *t = NULL;
    oauthsig_signing_key *k = NULL;
    CHECK_RC(oauthsig_consumer_new(S("client-ck"), S("client secret&x"), &c), OAUTHSIG_OK);
    CHECK_RC(oauthsig_token_new(S("token-tk"), S("token secret"), &t), OAUTHSIG_OK);
    CHECK_RC(oauthsig_signing_key_new(OAUTHSIG_HMAC_SHA1, c, t, &k), OAUTHSIG_OK);
    reg.prepared = k;
    sign(&s, OAUTHSIG_HMAC_SHA1, url, body, "client secret&x", true);
    CHECK_RC(verify(v, url, &s, body, &reg, NULL, &status), OAUTHSIG_OK);
    reg.prepared = NULL;
    oauthsig_signing_key_free(k);
    oauthsig_token_free(t);
    oauthsig_consumer_free(c);
  }
  sign(&s, OAUTHSIG_PLAINTEXT, url, body, "client secret&x", true);
  CHECK_RC(verify(v, url, &s, body, &reg, NULL, &status), OAUTHSIG_OK);
  /* ... but PLAINTEXT over plain http is refused by default. */
  sign(&s, OAUTHSIG_PLAINTEXT, "http://api.example.com/items", body, "client secret&x", true);
  CHECK_RC(verify(v, "http://api.example.com/items", &s, body, &reg, NULL, &status), OAUTHSIG_VERIFY_BAD_REQUEST);
  CHECK(status == 400);

  /* Missing header: 400. Lookup failure: 503. NULL callback: refused. */
  {
    struct signed_request empty;
    memset(&empty, 0, sizeof empty);
    CHECK_RC(oauthsig_verifier_verify(v, S("GET"), S("https://api.example.com/"), NULL, 0, NULL, 0, NULL, 0, NULL, 0, lookup, &reg, NULL, &status), OAUTHSIG_VERIFY_BAD_REQUEST);
    CHECK(status == 400);
  }
  reg.fail = 1;
  sign(&s, OAUTHSIG_HMAC_SHA1, url, body, "client secret&x", true);
  CHECK_RC(verify(v, url, &s, body, &reg, NULL, &status), OAUTHSIG_VERIFY_UNAVAILABLE);
  CHECK(status == 503);
  reg.fail = 0;
  CHECK_RC(verify(v, url, &s, body, &reg, NULL, &status), OAUTHSIG_OK);
  CHECK_RC(oauthsig_verifier_verify(v, S("POST"), S("https://a/"), NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, NULL, NULL, &status), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_verifier_verify(NULL, S("POST"), S("https://a/"), NULL, 0, NULL, 0, NULL, 0, NULL, 0, lookup, &reg, NULL, NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK(reg.calls > 0);

  oauthsig_verifier_free(v);
  oauthsig_verifier_free(NULL);
  oauthsig_verifier_builder_free(NULL);
  return check_finish();
}
