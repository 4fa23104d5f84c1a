/* Tests of liboauthsig through the public header only. Built with
 * -std=c99 -Wall -Wextra -Wpedantic -Werror and run under ASan+UBSan and
 * valgrind by tests/c/run.sh. */
#define _POSIX_C_SOURCE 200809L
#include "oauthsig.h"
#include "check.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define RFC_URL "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b"
/* RFC 5849 §3.4.1.1's Authorization header, with the signature every
 * independent implementation computes (the RFC prints a placeholder). */
#define RFC_PAIRS_ "oauth_consumer_key=\"9djdj82h48djs9d2\", oauth_token=\"kkk9d7dh3k39sjv7\", " \
  "oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"137131201\", oauth_nonce=\"7d8f3e4a\", " \
  "oauth_signature=\"r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D\""
#define RFC_HEADER "OAuth realm=\"Example\", " RFC_PAIRS_
/* The same parameters in a signed URL or form body (§3.5.2, §3.5.3). */
#define RFC_QUERY_PAIRS "oauth_consumer_key=9djdj82h48djs9d2&oauth_token=kkk9d7dh3k39sjv7&" \
  "oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_nonce=7d8f3e4a&" \
  "oauth_signature=r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D"

static char buf[4096];
static size_t len;

static void test_version_and_results(void) {
  uint32_t code;
  CHECK_STR(oauthsig_version(), OAUTHSIG_VERSION_STRING);
  CHECK(OAUTHSIG_VERSION_MAJOR == 0);
  for (code = 0; code < 128; code++) {
    const char *msg = oauthsig_result_str(code);
    CHECK(msg != NULL && msg[0] != 0);
  }
  CHECK_STR(oauthsig_result_str(OAUTHSIG_OK), "ok");
  CHECK_STR(oauthsig_result_str(OAUTHSIG_BUFFER_TOO_SMALL),
            "output buffer too small");
  CHECK_STR(oauthsig_result_str(12345), "unknown result code");
  CHECK_STR(oauthsig_result_str(OAUTHSIG_PANIC), "internal error (caught panic)");
}

static void test_consumer_and_token(void) {
  oauthsig_consumer *c = NULL;
  oauthsig_token *t = NULL;
  bool confirmed = true;

  CHECK_RC(oauthsig_consumer_new(S("dpf43f3p2l4k3l03"), S("kd94hf93k423kf44"), &c), OAUTHSIG_OK);
  CHECK(c != NULL);
  CHECK_RC(oauthsig_consumer_new(S("k"), S("s"), NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_consumer_new(NULL, 3, S("s"), &c), OAUTHSIG_NULL_ARGUMENT);
  oauthsig_consumer_free(c);
  oauthsig_consumer_free(NULL);

  /* (NULL, 0) is the empty string. */
  CHECK_RC(oauthsig_token_new(S("key"), NULL, 0, &t), OAUTHSIG_OK);
  CHECK_RC(oauthsig_token_get_field(t, OAUTHSIG_TOKEN_SECRET, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK(len == 0 && buf[0] == 0);
  oauthsig_token_free(t);
  t = NULL;

  /* The RFC 5849 §1.2 temporary-credentials response. */
  CHECK_RC(oauthsig_token_parse(S("oauth_token=hh5s93j4hdidpola&oauth_token_secret=hdhd0244k9j7ao03&oauth_callback_confirmed=true"), &t), OAUTHSIG_OK);
  CHECK_RC(oauthsig_token_get_field(t, OAUTHSIG_TOKEN_KEY, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "hh5s93j4hdidpola");
  CHECK(len == 16);
  CHECK_RC(oauthsig_token_get_field(t, OAUTHSIG_TOKEN_SECRET, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "hdhd0244k9j7ao03");
  CHECK_RC(oauthsig_token_callback_confirmed(t, &confirmed), OAUTHSIG_OK);
  CHECK(confirmed);
  CHECK_RC(oauthsig_token_callback_confirmed(t, NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_token_get_field(t, OAUTHSIG_TOKEN_VERIFIER, buf, sizeof buf, &len), OAUTHSIG_NOT_FOUND);
  CHECK_RC(oauthsig_token_get_field(t, 77, buf, sizeof buf, &len), OAUTHSIG_INVALID_ARGUMENT);
  CHECK_RC(oauthsig_token_to_string(t, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "oauth_token=hh5s93j4hdidpola&oauth_token_secret=hdhd0244k9j7ao03&oauth_callback_confirmed=true");

  /* Callback + verifier → the §1.2 redirect. */
  CHECK_RC(oauthsig_token_callback_url(t, buf, sizeof buf, &len), OAUTHSIG_NOT_FOUND);
  CHECK_RC(oauthsig_token_set_callback(t, S("http://printer.example.com/ready")), OAUTHSIG_OK);
  CHECK_RC(oauthsig_token_set_verifier(t, S("hfdp7dh39dks9884")), OAUTHSIG_OK);
  CHECK_RC(oauthsig_token_callback_url(t, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "http://printer.example.com/ready?oauth_token=hh5s93j4hdidpola&oauth_verifier=hfdp7dh39dks9884");
  /* A generated verifier: 30 alphanumerics. */
  CHECK_RC(oauthsig_token_set_verifier(t, NULL, 0), OAUTHSIG_OK);
  CHECK_RC(oauthsig_token_get_field(t, OAUTHSIG_TOKEN_VERIFIER, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK(len == 30);
  oauthsig_token_free(t);
  t = NULL;

  /* Extras that real providers add. */
  CHECK_RC(oauthsig_token_parse(S("oauth_token=a&oauth_token_secret=b&user_id=6253282&screen_name=twitterapi"), &t), OAUTHSIG_OK);
  CHECK_RC(oauthsig_token_get_extra(t, S("screen_name"), buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "twitterapi");
  CHECK_RC(oauthsig_token_get_extra(t, S("nope"), buf, sizeof buf, &len), OAUTHSIG_NOT_FOUND);
  oauthsig_token_free(t);
  t = NULL;

  /* Malformed responses are refused and leave *out alone. */
  CHECK_RC(oauthsig_token_parse(S("oauth_token=a"), &t), OAUTHSIG_BAD_TOKEN_STRING);
  CHECK_RC(oauthsig_token_parse(S("oauth_token=&oauth_token_secret="), &t), OAUTHSIG_BAD_TOKEN_STRING);
  CHECK_RC(oauthsig_token_parse(S("oauth_token=a%zz&oauth_token_secret=b"), &t), OAUTHSIG_BAD_TOKEN_STRING);
  CHECK(t == NULL);
  {
    const uint8_t bad[] = {'o', 0xff, 0xfe};
    CHECK_RC(oauthsig_token_parse(bad, sizeof bad, &t), OAUTHSIG_INVALID_UTF8);
    CHECK_RC(oauthsig_last_error_message(buf, sizeof buf, &len), OAUTHSIG_OK);
    CHECK(strstr(buf, "byte 1") != NULL);
  }
  oauthsig_token_free(NULL);
}

/* The RFC 5849 §3.4.1.1 request, signed without oauth_version. */
static oauthsig_request *rfc_request(oauthsig_consumer **c, oauthsig_token **t) {
  oauthsig_request *r = NULL;
  CHECK_RC(oauthsig_consumer_new(S("9djdj82h48djs9d2"), S("j49sk3j29djd"), c), OAUTHSIG_OK);
  CHECK_RC(oauthsig_token_new(S("kkk9d7dh3k39sjv7"), S("dh893hdasih9"), t), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_new(S("POST"), S(RFC_URL), &r), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_set_form_body(r, S("c2&a3=2+q")), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_set(r, OAUTHSIG_PARAM_TIMESTAMP, S("137131201")), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_set(r, OAUTHSIG_PARAM_NONCE, S("7d8f3e4a")), OAUTHSIG_OK);
  return r;
}

static void test_sign_rfc_request(void) {
  oauthsig_consumer *c = NULL;
  oauthsig_token *t = NULL;
  oauthsig_request *r = rfc_request(&c, &t);
  oauthsig_signing_key *k = NULL;
  char small[8];

  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_SIGNATURE, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_NOT_FOUND);
  CHECK_RC(oauthsig_request_sign(r, OAUTHSIG_HMAC_SHA1, c, t), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_SIGNATURE, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "r6/TJjbCOr97/+UU0NsvSne7s5g=");
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_BASE_STRING, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7");
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_NORMALIZED_URL, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "http://example.com/request");
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_NORMALIZED_PARAMETERS, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK(strncmp(buf, "a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=", 44) == 0);
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_HEADER, S("Example"), buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK(strncmp(buf, "OAuth realm=\"Example\", oauth_", 29) == 0);
  CHECK(strstr(buf, "oauth_signature=\"r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D\"") != NULL);
  CHECK(len == strlen(buf));
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_POSTDATA, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK(strstr(buf, "oauth_signature=r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D") != NULL);
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_URL, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK(strncmp(buf, "http://example.com/request?", 27) == 0);
  CHECK_RC(oauthsig_request_get(r, S("a3"), buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "a");
  CHECK_RC(oauthsig_request_get(r, S("zz"), buf, sizeof buf, &len), OAUTHSIG_NOT_FOUND);
  CHECK_RC(oauthsig_request_write(r, 99, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_INVALID_ARGUMENT);

  /* Undersized buffers: size, then retry. */
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_SIGNATURE, NULL, 0, NULL, 0, &len), OAUTHSIG_BUFFER_TOO_SMALL);
  CHECK(len == 28);
  memset(small, 'x', sizeof small);
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_SIGNATURE, NULL, 0, small, sizeof small, &len), OAUTHSIG_BUFFER_TOO_SMALL);
  CHECK(len == 28 && small[0] == 0 && small[1] == 'x' && small[7] == 'x');
  /* Exactly the length: no room for the NUL, so still too small. */
  {
    char *exact = malloc(28);
    CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_SIGNATURE, NULL, 0, exact, 28, &len), OAUTHSIG_BUFFER_TOO_SMALL);
    free(exact);
    exact = malloc(len + 1);
    CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_SIGNATURE, NULL, 0, exact, len + 1, &len), OAUTHSIG_OK);
    CHECK_STR(exact, "r6/TJjbCOr97/+UU0NsvSne7s5g=");
    free(exact);
  }
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_SIGNATURE, NULL, 0, buf, sizeof buf, NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_SIGNATURE, NULL, 0, NULL, 10, &len), OAUTHSIG_NULL_ARGUMENT);

  /* The same with a prepared key; the signature checks. */
  CHECK_RC(oauthsig_signing_key_new(OAUTHSIG_HMAC_SHA1, c, t, &k), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_sign_with_key(r, k), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_SIGNATURE, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "r6/TJjbCOr97/+UU0NsvSne7s5g=");
  {
    bool valid = false;
    CHECK_RC(oauthsig_request_check_signature(r, c, t, &valid), OAUTHSIG_OK);
    CHECK(valid);
    CHECK_RC(oauthsig_request_check_signature(r, c, NULL, &valid), OAUTHSIG_OK);
    CHECK(!valid);
  }
  CHECK_RC(oauthsig_signing_key_new(42, c, t, &k), OAUTHSIG_UNSUPPORTED_SIGNATURE_METHOD);
  CHECK_RC(oauthsig_request_sign(r, 0, c, t), OAUTHSIG_UNSUPPORTED_SIGNATURE_METHOD);
  oauthsig_signing_key_free(k);
  oauthsig_signing_key_free(NULL);
  oauthsig_request_free(r);
  oauthsig_request_free(NULL);
  oauthsig_token_free(t);
  oauthsig_consumer_free(c);
}

static void test_methods_and_bodies(void) {
  oauthsig_consumer *c = NULL;
  oauthsig_request *r = NULL;
  CHECK_RC(oauthsig_consumer_new(S("client_key"), NULL, 0, &c), OAUTHSIG_OK);
  /* oauthlib's HMAC-SHA256 client vector. */
  CHECK_RC(oauthsig_request_new(S("GET"), S("http://example.com"), &r), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_set(r, OAUTHSIG_PARAM_TIMESTAMP, S("1234567890")), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_set(r, OAUTHSIG_PARAM_NONCE, S("abc")), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_add_param(r, OAUTHSIG_PARAM_ANY, S("oauth_version"), S("1.0")), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_sign(r, OAUTHSIG_HMAC_SHA256, c, NULL), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_SIGNATURE, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "JzgJWBxX664OiMW3WE4MEjtYwOjI/paUWHqtdHe68Es=");
  /* PLAINTEXT to an http URL sends the secrets in clear (RFC 5849
   * §3.4.4): refused, the request unchanged, unless the request opts in. */
  CHECK_RC(oauthsig_request_sign(r, OAUTHSIG_PLAINTEXT, c, NULL), OAUTHSIG_PLAINTEXT_OVER_HTTP);
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_SIGNATURE, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "JzgJWBxX664OiMW3WE4MEjtYwOjI/paUWHqtdHe68Es=");
  CHECK_RC(oauthsig_request_allow_plaintext_over_http(r, 2), OAUTHSIG_INVALID_ARGUMENT);
  CHECK_RC(oauthsig_request_allow_plaintext_over_http(r, 1), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_sign(r, OAUTHSIG_PLAINTEXT, c, NULL), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_SIGNATURE, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "&");
  CHECK_RC(oauthsig_request_allow_plaintext_over_http(r, 0), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_sign(r, OAUTHSIG_PLAINTEXT, c, NULL), OAUTHSIG_PLAINTEXT_OVER_HTTP);
  CHECK_STR(oauthsig_result_str(OAUTHSIG_PLAINTEXT_OVER_HTTP),
            "PLAINTEXT over http refused: RFC 5849 \xc2\xa7" "3.4.4 requires TLS (use https, or opt in)");
  oauthsig_request_free(r);

  /* Opaque body: the body hash extension (Hello World! vector). */
  CHECK_RC(oauthsig_request_new(S("PUT"), S("http://www.example.com/resource"), &r), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_set_body(r, (const uint8_t *)"Hello World!", 12, S("text/plain")), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_sign(r, OAUTHSIG_HMAC_SHA1, c, NULL), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_get(r, S("oauth_body_hash"), buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "Lve95gjOVATpfV8EL5X4nxwjKHE=");
  CHECK_RC(oauthsig_request_set_body_hash(r, 9), OAUTHSIG_INVALID_ARGUMENT);
  CHECK_RC(oauthsig_request_set_body_hash(r, OAUTHSIG_BODY_HASH_NEVER), OAUTHSIG_OK);
  oauthsig_request_free(r);

  /* A protocol parameter given twice cannot be signed (RFC 5849 §3.1). */
  CHECK_RC(oauthsig_request_new(S("GET"), S("http://example.com/"), &r), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_add_param(r, OAUTHSIG_PARAM_ANY, S("oauth_nonce"), S("a")), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_add_param(r, OAUTHSIG_PARAM_ANY, S("oauth_nonce"), S("b")), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_sign(r, OAUTHSIG_HMAC_SHA1, c, NULL), OAUTHSIG_BAD_REQUEST);
  CHECK_RC(oauthsig_last_error_message(buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK(strstr(buf, "oauth_nonce") != NULL);
  oauthsig_request_free(r);

  /* Query and form locations; a failed step leaves the request as it was. */
  CHECK_RC(oauthsig_request_new(S("post"), S("https://api.example.com/x?a=1"), &r), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_add_param(r, OAUTHSIG_PARAM_QUERY, S("b"), S("two words")), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_add_param(r, OAUTHSIG_PARAM_FORM, S("c"), S("caf\xc3\xa9")), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_add_param(r, 7, S("d"), S("e")), OAUTHSIG_INVALID_ARGUMENT);
  CHECK_RC(oauthsig_request_set_form_body(r, S("x=%zz")), OAUTHSIG_BAD_ENCODING);
  CHECK_RC(oauthsig_request_set(r, 0, S("v")), OAUTHSIG_INVALID_ARGUMENT);
  CHECK_RC(oauthsig_request_get(r, S("c"), buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "caf\xc3\xa9");
  CHECK_RC(oauthsig_request_sign(r, OAUTHSIG_HMAC_SHA1, c, NULL), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_BASE_STRING, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK(strncmp(buf, "POST&https%3A%2F%2Fapi.example.com%2Fx&a%3D1%26b%3Dtwo%2520words%26c%3Dcaf%25C3%25A9", 82) == 0);
  oauthsig_request_free(r);
  oauthsig_consumer_free(c);
}

/* Values are octets: Latin-1 and NUL bytes come back as sent, and a
 * Latin-1 query is signed as such. */
static void test_octet_values(void) {
  oauthsig_consumer *c = NULL;
  oauthsig_request *r = NULL;
  CHECK_RC(oauthsig_consumer_new(S("k"), S("s"), &c), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_new(S("GET"), S("http://example.com/?city=Mal%E9&z=a%00b"), &r), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_get(r, S("city"), buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK(len == 4 && memcmp(buf, "Mal\xe9", 5) == 0);
  CHECK_RC(oauthsig_request_get(r, S("z"), buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK(len == 3 && memcmp(buf, "a\0b", 4) == 0);
  CHECK_RC(oauthsig_request_get(r, S("z"), buf, 3, &len), OAUTHSIG_BUFFER_TOO_SMALL);
  CHECK(len == 3 && buf[0] == 0);
  CHECK_RC(oauthsig_request_sign(r, OAUTHSIG_HMAC_SHA1, c, NULL), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_BASE_STRING, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK(strstr(buf, "city%3DMal%25E9") != NULL && strstr(buf, "z%3Da%2500b") != NULL);
  oauthsig_request_free(r);
  oauthsig_consumer_free(c);
}

static void test_bad_input(void) {
  oauthsig_request *r = NULL;
  oauthsig_consumer *c = NULL;
  const uint8_t bad_utf8[] = {'G', 0xc3};
  CHECK_RC(oauthsig_request_new(S("GET"), S("http://eg.com:65536/"), &r), OAUTHSIG_BAD_URL);
  CHECK_RC(oauthsig_last_error_message(buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK(strstr(buf, "port") != NULL && strstr(buf, "byte 14") != NULL);
  /* Reading the message twice gives it twice (size, then copy). */
  CHECK_RC(oauthsig_last_error_message(NULL, 0, &len), OAUTHSIG_BUFFER_TOO_SMALL);
  CHECK_RC(oauthsig_last_error_message(buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK(strstr(buf, "port") != NULL);
  CHECK_RC(oauthsig_request_new(S("GET"), S("ftp://example.com/"), &r), OAUTHSIG_BAD_URL);
  CHECK_RC(oauthsig_request_new(S("GE T"), S("http://example.com/"), &r), OAUTHSIG_BAD_METHOD);
  CHECK_RC(oauthsig_request_new(bad_utf8, sizeof bad_utf8, S("http://example.com/"), &r), OAUTHSIG_INVALID_UTF8);
  CHECK_RC(oauthsig_request_new(S("GET"), NULL, 4, &r), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_new(S("GET"), NULL, 0, &r), OAUTHSIG_BAD_URL);
  CHECK(r == NULL);
  CHECK_RC(oauthsig_request_sign(NULL, OAUTHSIG_HMAC_SHA1, NULL, NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_write(NULL, OAUTHSIG_OUTPUT_HEADER, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_from_consumer_and_token(NULL, NULL, S("GET"), S("http://a/"), &r), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_consumer_new(S("k"), S("s"), &c), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_from_consumer_and_token(c, NULL, S("GET"), S("http://a/"), &r), OAUTHSIG_OK);
  /* A realm with CR/LF would split the header. */
  CHECK_RC(oauthsig_request_sign(r, OAUTHSIG_HMAC_SHA1, c, NULL), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_HEADER, S("x\r\nSet-Cookie: y"), buf, sizeof buf, &len), OAUTHSIG_INVALID_ARGUMENT);
  CHECK(buf[0] == 0 || strstr(buf, "Set-Cookie") == NULL);
  /* An optional input is absent only as (NULL, 0): (NULL, n) is a bug. */
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_HEADER, NULL, 7, buf, sizeof buf, &len), OAUTHSIG_NULL_ARGUMENT);
  oauthsig_request_free(r);
  oauthsig_consumer_free(c);
  CHECK_RC(oauthsig_last_error_message(buf, sizeof buf, NULL), OAUTHSIG_NULL_ARGUMENT);
}

static void test_server_side(void) {
  oauthsig_consumer *c = NULL;
  oauthsig_token *t = NULL;
  oauthsig_request *r = rfc_request(&c, &t), *in = NULL;
  char header[1024];
  size_t header_len = 0;
  bool valid = false;
  CHECK_RC(oauthsig_request_sign(r, OAUTHSIG_HMAC_SHA1, c, t), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_HEADER, S("Example"), header, sizeof header, &header_len), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_parse(S("POST"), S(RFC_URL), (const uint8_t *)header, header_len,
                                  S("application/x-www-form-urlencoded"), NULL, 0,
                                  (const uint8_t *)"c2&a3=2+q", 9, &in), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_check_signature(in, c, t, &valid), OAUTHSIG_OK);
  CHECK(valid);
  oauthsig_request_free(in);
  in = NULL;
  /* One changed body byte: parsed fine, signature fails. */
  CHECK_RC(oauthsig_request_parse(S("POST"), S(RFC_URL), (const uint8_t *)header, header_len,
                                  S("application/x-www-form-urlencoded"), NULL, 0,
                                  (const uint8_t *)"c2&a3=2+r", 9, &in), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_check_signature(in, c, t, &valid), OAUTHSIG_OK);
  CHECK(!valid);
  oauthsig_request_free(in);
  in = NULL;
  CHECK_RC(oauthsig_request_parse(S("POST"), S(RFC_URL), S("OAuth a=\"1\", a=\"2\""), NULL, 0, NULL, 0, NULL, 0, &in), OAUTHSIG_BAD_HEADER);
  CHECK(in == NULL);
  oauthsig_request_free(r);
  oauthsig_token_free(t);
  oauthsig_consumer_free(c);
}

static void test_utilities(void) {
  uint64_t now = 0;
  oauthsig_consumer *c = NULL;
  oauthsig_token *t = NULL;
  size_t i;
  CHECK_RC(oauthsig_generate_nonce(0, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK(len == 30);
  for (i = 0; i < len; i++) {
    char ch = buf[i];
    CHECK((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'));
  }
  CHECK_RC(oauthsig_generate_verifier(16, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK(len == 16);
  CHECK_RC(oauthsig_generate_nonce(5000, buf, sizeof buf, &len), OAUTHSIG_INVALID_ARGUMENT);
  CHECK_RC(oauthsig_generate_timestamp(&now), OAUTHSIG_OK);
  CHECK(now > 1700000000u);
  CHECK_RC(oauthsig_generate_timestamp(NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_www_authenticate(S("Photos"), buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "OAuth realm=\"Photos\"");
  CHECK_RC(oauthsig_www_authenticate(NULL, 0, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "OAuth realm=\"\"");
  CHECK_RC(oauthsig_percent_encode(S("r b&c@~"), buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "r%20b%26c%40~");
  CHECK_RC(oauthsig_consumer_new(S("consumer_token"), S("consumer_secret"), &c), OAUTHSIG_OK);
  CHECK_RC(oauthsig_token_new(S("user_token"), S("user_secret"), &t), OAUTHSIG_OK);
  CHECK_RC(oauthsig_xoauth_string(S("https://mail.google.com/mail/b/joe@example.com/imap/"), c, t, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK(strncmp(buf, "GET https://mail.google.com/mail/b/joe@example.com/imap/ oauth_", 63) == 0);
  CHECK(strstr(buf, "oauth_token=\"user_token\"") != NULL);
  oauthsig_token_free(t);
  oauthsig_consumer_free(c);
}

static oauthsig_str str(const char *s) {
  oauthsig_str out;
  out.ptr = (const uint8_t *)s;
  out.len = s ? strlen(s) : 0;
  return out;
}

/* A prepared key for `consumer_secret&token_secret` (no token: NULL). */
static oauthsig_signing_key *make_key(uint32_t method, const char *consumer_secret,
                                      const char *token_secret) {
  oauthsig_consumer *c = NULL;
  oauthsig_token *t = NULL;
  oauthsig_signing_key *k = NULL;
  CHECK_RC(oauthsig_consumer_new(S("ck"), S(consumer_secret), &c), OAUTHSIG_OK);
  if (token_secret) CHECK_RC(oauthsig_token_new(S("tk"), S(token_secret), &t), OAUTHSIG_OK);
  CHECK_RC(oauthsig_signing_key_new(method, c, t, &k), OAUTHSIG_OK);
  oauthsig_token_free(t);
  oauthsig_consumer_free(c);
  return k;
}

/* oauthsig_sign into buf; `realm` NULL for none. */
static oauthsig_result sign_as(const oauthsig_signing_key *k, const oauthsig_sign_request *r,
                               uint32_t placement, const char *realm) {
  return oauthsig_sign(k, r, placement, (const uint8_t *)realm, realm ? strlen(realm) : 0, buf,
                       sizeof buf, &len);
}

/* The RFC 5849 §3.4.1.1 request: a query and a form body. */
static oauthsig_sign_request rfc_sign_request(void) {
  oauthsig_sign_request r;
  memset(&r, 0, sizeof r);
  r.method = str("POST");
  r.url = str(RFC_URL);
  r.body_kind = OAUTHSIG_BODY_FORM;
  r.body = str("c2&a3=2+q");
  r.consumer_key = str("9djdj82h48djs9d2");
  r.token = str("kkk9d7dh3k39sjv7");
  r.timestamp = str("137131201");
  r.nonce = str("7d8f3e4a");
  return r;
}

static void test_sign_form_body_in_every_placement(void) {
  oauthsig_signing_key *k = make_key(OAUTHSIG_HMAC_SHA1, "j49sk3j29djd", "dh893hdasih9");
  oauthsig_sign_request r = rfc_sign_request();
  CHECK_RC(sign_as(k, &r, OAUTHSIG_PLACEMENT_HEADER, "Example"), OAUTHSIG_OK);
  CHECK_STR(buf, RFC_HEADER);
  CHECK(len == strlen(RFC_HEADER));
  CHECK_RC(sign_as(k, &r, OAUTHSIG_PLACEMENT_HEADER, NULL), OAUTHSIG_OK);
  CHECK_STR(buf, "OAuth " RFC_PAIRS_);
  /* The realm belongs to the header only. */
  CHECK_RC(sign_as(k, &r, OAUTHSIG_PLACEMENT_URL, "Example"), OAUTHSIG_OK);
  CHECK_STR(buf, RFC_URL "&" RFC_QUERY_PAIRS);
  CHECK_RC(sign_as(k, &r, OAUTHSIG_PLACEMENT_FORM, NULL), OAUTHSIG_OK);
  CHECK_STR(buf, "c2&a3=2+q&" RFC_QUERY_PAIRS);
  CHECK(len == strlen(buf));
  oauthsig_signing_key_free(k);
}

/* RFC 5849 §1.2: a GET without a body. */
static void test_sign_no_body(void) {
  oauthsig_signing_key *k = make_key(OAUTHSIG_HMAC_SHA1, "kd94hf93k423kf44", "pfkkdhi9sl3r4s00");
  oauthsig_sign_request r;
  memset(&r, 0, sizeof r); /* body_kind 0 is OAUTHSIG_BODY_NONE */
  r.method = str("GET");
  r.url = str("http://photos.example.net/photos?file=vacation.jpg&size=original");
  r.consumer_key = str("dpf43f3p2l4k3l03");
  r.token = str("nnch734d00sl2jdk");
  r.timestamp = str("137131202");
  r.nonce = str("chapoH");
  CHECK_RC(sign_as(k, &r, OAUTHSIG_PLACEMENT_HEADER, "Photos"), OAUTHSIG_OK);
  CHECK_STR(buf, "OAuth realm=\"Photos\", oauth_consumer_key=\"dpf43f3p2l4k3l03\", "
                 "oauth_token=\"nnch734d00sl2jdk\", oauth_signature_method=\"HMAC-SHA1\", "
                 "oauth_timestamp=\"137131202\", oauth_nonce=\"chapoH\", "
                 "oauth_signature=\"MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D\"");
  CHECK_RC(sign_as(k, &r, OAUTHSIG_PLACEMENT_URL, NULL), OAUTHSIG_OK);
  CHECK_STR(buf, "http://photos.example.net/photos?file=vacation.jpg&size=original"
                 "&oauth_consumer_key=dpf43f3p2l4k3l03&oauth_token=nnch734d00sl2jdk"
                 "&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131202&oauth_nonce=chapoH"
                 "&oauth_signature=MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D");
  CHECK_RC(sign_as(k, &r, OAUTHSIG_PLACEMENT_FORM, NULL), OAUTHSIG_OK);
  CHECK_STR(buf, "oauth_consumer_key=dpf43f3p2l4k3l03&oauth_token=nnch734d00sl2jdk"
                 "&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131202&oauth_nonce=chapoH"
                 "&oauth_signature=MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D");
  oauthsig_signing_key_free(k);
}

#define HELLO_HEADER                                                                          \
  "OAuth oauth_consumer_key=\"consumer\", oauth_token=\"token\", "                            \
  "oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"1236874155\", "                    \
  "oauth_nonce=\"10288510250934\", oauth_version=\"1.0\", "                                   \
  "oauth_body_hash=\"Lve95gjOVATpfV8EL5X4nxwjKHE%3D\", "                                      \
  "oauth_signature=\"t%2BMX8l%2F0S8hdbVQL99nD0X1fPnM%3D\""
#define HELLO_URL                                                                             \
  "http://www.example.com/resource?oauth_consumer_key=consumer&oauth_token=token"            \
  "&oauth_signature_method=HMAC-SHA1&oauth_timestamp=1236874155&oauth_nonce=10288510250934"  \
  "&oauth_version=1.0&oauth_body_hash=Lve95gjOVATpfV8EL5X4nxwjKHE%3D"                        \
  "&oauth_signature=t%2BMX8l%2F0S8hdbVQL99nD0X1fPnM%3D"

/* The body hash draft's "Hello World!" body (oauth_body_hash
 * Lve95gjOVATpfV8EL5X4nxwjKHE=), signed as python-oauth2's
 * test_request_hash_of_body signs it (t+MX8l/0S8hdbVQL99nD0X1fPnM=: the
 * draft's own signature cannot be checked). Hashed here, and given as a
 * precomputed hash: the same request either way. */
static void test_sign_opaque_body_and_hash(void) {
  oauthsig_signing_key *k = make_key(OAUTHSIG_HMAC_SHA1, "con-test-secret", NULL);
  oauthsig_sign_request r;
  const uint8_t binary[] = {0xff, 0x00, 0xfe};
  memset(&r, 0, sizeof r);
  r.method = str("PUT");
  r.url = str("http://www.example.com/resource");
  r.body_kind = OAUTHSIG_BODY_OPAQUE;
  r.body = str("Hello World!");
  r.consumer_key = str("consumer");
  r.token = str("token");
  r.timestamp = str("1236874155");
  r.nonce = str("10288510250934");
  r.include_version = true;
  CHECK_RC(sign_as(k, &r, OAUTHSIG_PLACEMENT_HEADER, NULL), OAUTHSIG_OK);
  CHECK_STR(buf, HELLO_HEADER);
  CHECK_RC(sign_as(k, &r, OAUTHSIG_PLACEMENT_URL, NULL), OAUTHSIG_OK);
  CHECK_STR(buf, HELLO_URL);
  /* Protocol parameters go in a body only when it is form-encoded. */
  CHECK_RC(sign_as(k, &r, OAUTHSIG_PLACEMENT_FORM, NULL), OAUTHSIG_BAD_REQUEST);
  CHECK(buf[0] == 0);

  r.body_kind = OAUTHSIG_BODY_PRECOMPUTED_HASH;
  r.body = str("Lve95gjOVATpfV8EL5X4nxwjKHE=");
  CHECK_RC(sign_as(k, &r, OAUTHSIG_PLACEMENT_HEADER, NULL), OAUTHSIG_OK);
  CHECK_STR(buf, HELLO_HEADER);
  CHECK_RC(sign_as(k, &r, OAUTHSIG_PLACEMENT_URL, NULL), OAUTHSIG_OK);
  CHECK_STR(buf, HELLO_URL);
  CHECK_RC(sign_as(k, &r, OAUTHSIG_PLACEMENT_FORM, NULL), OAUTHSIG_BAD_REQUEST);

  /* An empty opaque body is hashed too (the draft's second example). */
  r.body_kind = OAUTHSIG_BODY_OPAQUE;
  r.body = str(NULL);
  CHECK_RC(sign_as(k, &r, OAUTHSIG_PLACEMENT_HEADER, NULL), OAUTHSIG_OK);
  CHECK(strstr(buf, "oauth_body_hash=\"2jmj7l5rSw0yVb%2FvlWAYkK%2FYBwk%3D\"") != NULL);
  /* Opaque bodies are bytes: not UTF-8, NUL inside. */
  r.body.ptr = binary;
  r.body.len = sizeof binary;
  CHECK_RC(sign_as(k, &r, OAUTHSIG_PLACEMENT_HEADER, NULL), OAUTHSIG_OK);
  CHECK(strstr(buf, "oauth_body_hash=\"xLs%2FObdKX3bUHWyWwiepaF%2Fa%2BRg%3D\"") != NULL);
  oauthsig_signing_key_free(k);
}

static void test_sign_sizing(void) {
  oauthsig_signing_key *k = make_key(OAUTHSIG_HMAC_SHA1, "j49sk3j29djd", "dh893hdasih9");
  oauthsig_sign_request r = rfc_sign_request();
  char small[24];
  size_t needed = 0;
  char *exact;
  /* Size with (NULL, 0), then a buffer one byte short, then the fit. */
  CHECK_RC(oauthsig_sign(k, &r, OAUTHSIG_PLACEMENT_URL, NULL, 0, NULL, 0, &needed), OAUTHSIG_BUFFER_TOO_SMALL);
  CHECK(needed == strlen(RFC_URL "&" RFC_QUERY_PAIRS));
  memset(small, 'x', sizeof small);
  CHECK_RC(oauthsig_sign(k, &r, OAUTHSIG_PLACEMENT_URL, NULL, 0, small, 16, &len), OAUTHSIG_BUFFER_TOO_SMALL);
  CHECK(len == needed && small[0] == 0 && small[16] == 'x'); /* nothing past cap */
  exact = malloc(needed);
  CHECK_RC(oauthsig_sign(k, &r, OAUTHSIG_PLACEMENT_URL, NULL, 0, exact, needed, &len), OAUTHSIG_BUFFER_TOO_SMALL);
  free(exact);
  exact = malloc(needed + 1);
  CHECK_RC(oauthsig_sign(k, &r, OAUTHSIG_PLACEMENT_URL, NULL, 0, exact, needed + 1, &len), OAUTHSIG_OK);
  CHECK_STR(exact, RFC_URL "&" RFC_QUERY_PAIRS);
  CHECK(len == needed);
  free(exact);
  oauthsig_signing_key_free(k);
}

static void test_sign_refusals(void) {
  oauthsig_signing_key *k = make_key(OAUTHSIG_HMAC_SHA1, "j49sk3j29djd", "dh893hdasih9");
  oauthsig_sign_request r = rfc_sign_request();
  const uint8_t bad_utf8[] = {'a', '=', 0xc3};
  /* Enum values C made up. */
  CHECK_RC(sign_as(k, &r, 0, NULL), OAUTHSIG_INVALID_ARGUMENT);
  CHECK_RC(oauthsig_last_error_message(buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "placement: 0 is not an oauthsig_placement value");
  CHECK_RC(sign_as(k, &r, 4, NULL), OAUTHSIG_INVALID_ARGUMENT);
  CHECK_RC(sign_as(k, &r, UINT32_MAX, NULL), OAUTHSIG_INVALID_ARGUMENT);
  r.body_kind = 4;
  CHECK_RC(sign_as(k, &r, OAUTHSIG_PLACEMENT_HEADER, NULL), OAUTHSIG_INVALID_ARGUMENT);
  CHECK_RC(oauthsig_last_error_message(buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "body_kind: 4 is not an oauthsig_body_kind value");
  /* A body that would go unsigned. */
  r.body_kind = OAUTHSIG_BODY_NONE;
  CHECK_RC(sign_as(k, &r, OAUTHSIG_PLACEMENT_HEADER, NULL), OAUTHSIG_INVALID_ARGUMENT);
  r = rfc_sign_request();

  /* NULLs. */
  CHECK_RC(sign_as(NULL, &r, OAUTHSIG_PLACEMENT_HEADER, NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(sign_as(k, NULL, OAUTHSIG_PLACEMENT_HEADER, NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_sign(k, &r, OAUTHSIG_PLACEMENT_HEADER, NULL, 3, buf, sizeof buf, &len), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_sign(k, &r, OAUTHSIG_PLACEMENT_HEADER, NULL, 0, buf, sizeof buf, NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_sign(k, &r, OAUTHSIG_PLACEMENT_HEADER, NULL, 0, NULL, 10, &len), OAUTHSIG_NULL_ARGUMENT);
  r.body.ptr = NULL;
  CHECK_RC(sign_as(k, &r, OAUTHSIG_PLACEMENT_HEADER, NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_last_error_message(buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "body is NULL");
  r = rfc_sign_request();

  /* What the request or the placement cannot carry; the buffer is left
   * empty every time. */
  strcpy(buf, "stale");
  CHECK_RC(sign_as(k, &r, OAUTHSIG_PLACEMENT_HEADER, "x\r\nSet-Cookie: y"), OAUTHSIG_INVALID_ARGUMENT);
  CHECK(buf[0] == 0);
  r.body.ptr = bad_utf8;
  r.body.len = sizeof bad_utf8;
  strcpy(buf, "stale");
  CHECK_RC(sign_as(k, &r, OAUTHSIG_PLACEMENT_HEADER, NULL), OAUTHSIG_INVALID_UTF8);
  CHECK(buf[0] == 0);
  r.body = str("a=%zz");
  CHECK_RC(sign_as(k, &r, OAUTHSIG_PLACEMENT_HEADER, NULL), OAUTHSIG_BAD_ENCODING);
  r = rfc_sign_request();
  r.url = str("http://example.com/?oauth_body_hash=x");
  CHECK_RC(sign_as(k, &r, OAUTHSIG_PLACEMENT_URL, NULL), OAUTHSIG_BAD_REQUEST);
  r.url = str("http://exa mple.com/");
  CHECK_RC(sign_as(k, &r, OAUTHSIG_PLACEMENT_URL, NULL), OAUTHSIG_BAD_URL);
  r = rfc_sign_request();
  r.method = str("GE T");
  CHECK_RC(sign_as(k, &r, OAUTHSIG_PLACEMENT_URL, NULL), OAUTHSIG_BAD_METHOD);
  oauthsig_signing_key_free(k);
}

static void test_oneshot(void) {
  oauthsig_consumer *c = NULL;
  oauthsig_token *t = NULL;
  oauthsig_signing_key *k = NULL;
  oauthsig_sign_input in;
  char small[16];
  CHECK_RC(oauthsig_consumer_new(S("9djdj82h48djs9d2"), S("j49sk3j29djd"), &c), OAUTHSIG_OK);
  CHECK_RC(oauthsig_token_new(S("kkk9d7dh3k39sjv7"), S("dh893hdasih9"), &t), OAUTHSIG_OK);
  CHECK_RC(oauthsig_signing_key_new(OAUTHSIG_HMAC_SHA1, c, t, &k), OAUTHSIG_OK);
  memset(&in, 0, sizeof in);
  in.method = str("POST");
  in.url = str(RFC_URL);
  in.form_body = str("c2&a3=2+q");
  in.consumer_key = str("9djdj82h48djs9d2");
  in.token = str("kkk9d7dh3k39sjv7");
  in.timestamp = str("137131201");
  in.nonce = str("7d8f3e4a");
  in.realm = str("Example");
  CHECK_RC(oauthsig_sign_header(k, &in, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, RFC_HEADER);
  CHECK(len == strlen(buf));
  /* Sizing: NULL buffer, then too small, never writing past cap. */
  CHECK_RC(oauthsig_sign_header(k, &in, NULL, 0, &len), OAUTHSIG_BUFFER_TOO_SMALL);
  CHECK(len == strlen(buf));
  memset(small, 'x', sizeof small);
  CHECK_RC(oauthsig_sign_header(k, &in, small, sizeof small, &len), OAUTHSIG_BUFFER_TOO_SMALL);
  CHECK(small[0] == 0 && small[15] == 'x');
  /* With oauth_version, a generated nonce and the current time. */
  in.include_version = true;
  in.nonce = str(NULL);
  in.timestamp = str(NULL);
  CHECK_RC(oauthsig_sign_header(k, &in, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK(strstr(buf, "oauth_version=\"1.0\"") != NULL && strstr(buf, "oauth_nonce=\"7d8f3e4a\"") == NULL);
  /* Bad input: missing method, a bad URL, a NULL pointer with a length. */
  in.method = str(NULL);
  CHECK_RC(oauthsig_sign_header(k, &in, buf, sizeof buf, &len), OAUTHSIG_BAD_METHOD);
  in.method = str("GET");
  in.url = str("http://exa mple.com/");
  CHECK_RC(oauthsig_sign_header(k, &in, buf, sizeof buf, &len), OAUTHSIG_BAD_URL);
  in.url.ptr = NULL;
  in.url.len = 5;
  CHECK_RC(oauthsig_sign_header(k, &in, buf, sizeof buf, &len), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_sign_header(k, NULL, buf, sizeof buf, &len), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_sign_header(NULL, &in, buf, sizeof buf, &len), OAUTHSIG_NULL_ARGUMENT);
  /* More parameters than the stack array holds: a clear error. */
  {
    static char many[2000];
    size_t i, n = 0;
    for (i = 0; i < 70; i++) n += (size_t)sprintf(many + n, "p%u=1&", (unsigned)i);
    in.url = str("http://example.com/");
    in.form_body = str(many);
    CHECK_RC(oauthsig_sign_header(k, &in, buf, sizeof buf, &len), OAUTHSIG_INVALID_ARGUMENT);
    CHECK_RC(oauthsig_last_error_message(buf, sizeof buf, &len), OAUTHSIG_OK);
    CHECK(strstr(buf, "70 query and form body parameters") != NULL);
  }
  oauthsig_signing_key_free(k);
  oauthsig_token_free(t);
  oauthsig_consumer_free(c);
}

/* Regression (found by the interop C client): without a pinned nonce and
 * timestamp every call signs anew, and an HMAC signature's percent-encoded
 * length varies with its '+' and '/' (three bytes each in the output). The
 * length a too-small call reports must still fit the retry, as the buffer
 * convention promises; it used to be that call's own length, so about two
 * retries in three failed with OAUTHSIG_BUFFER_TOO_SMALL again. */
static int sized_retries_that_fit(oauthsig_signing_key *k, const oauthsig_sign_input *in,
                                  const oauthsig_consumer *c, const oauthsig_token *t) {
  int i, fit = 0;
  size_t needed = 0;
  oauthsig_sign_request r;
  memset(&r, 0, sizeof r);
  r.method = in->method;
  r.url = in->url;
  r.body_kind = OAUTHSIG_BODY_OPAQUE;
  r.body = str("{\"a\": 1}");
  r.consumer_key = in->consumer_key;
  r.token = in->token;
  for (i = 0; i < 64; i++) {
    if (oauthsig_sign(k, &r, OAUTHSIG_PLACEMENT_URL, NULL, 0, NULL, 0, &needed) == OAUTHSIG_BUFFER_TOO_SMALL &&
        needed < sizeof buf &&
        oauthsig_sign(k, &r, OAUTHSIG_PLACEMENT_URL, NULL, 0, buf, needed + 1, &len) == OAUTHSIG_OK &&
        len <= needed && len == strlen(buf))
      fit++;
    if (oauthsig_sign_header(k, in, NULL, 0, &needed) == OAUTHSIG_BUFFER_TOO_SMALL &&
        needed < sizeof buf && oauthsig_sign_header(k, in, buf, needed + 1, &len) == OAUTHSIG_OK &&
        len <= needed && len == strlen(buf))
      fit++;
    if (oauthsig_xoauth_string(S("https://mail.example.com/imap/"), c, t, NULL, 0, &needed) ==
            OAUTHSIG_BUFFER_TOO_SMALL &&
        needed < sizeof buf &&
        oauthsig_xoauth_string(S("https://mail.example.com/imap/"), c, t, buf, needed + 1, &len) ==
            OAUTHSIG_OK &&
        len <= needed && len == strlen(buf))
      fit++;
  }
  return fit;
}

static void test_fresh_signature_sizing(void) {
  oauthsig_consumer *c = NULL;
  oauthsig_token *t = NULL;
  oauthsig_signing_key *k = NULL;
  oauthsig_sign_input in;
  CHECK_RC(oauthsig_consumer_new(S("9djdj82h48djs9d2"), S("j49sk3j29djd"), &c), OAUTHSIG_OK);
  CHECK_RC(oauthsig_token_new(S("kkk9d7dh3k39sjv7"), S("dh893hdasih9"), &t), OAUTHSIG_OK);
  memset(&in, 0, sizeof in);
  in.method = str("GET");
  in.url = str("http://example.com/resource?q=1");
  in.consumer_key = str("9djdj82h48djs9d2");
  in.token = str("kkk9d7dh3k39sjv7");
  CHECK_RC(oauthsig_signing_key_new(OAUTHSIG_HMAC_SHA1, c, t, &k), OAUTHSIG_OK);
  CHECK(sized_retries_that_fit(k, &in, c, t) == 192);
  oauthsig_signing_key_free(k);
  k = NULL;
  CHECK_RC(oauthsig_signing_key_new(OAUTHSIG_HMAC_SHA256, c, t, &k), OAUTHSIG_OK);
  CHECK(sized_retries_that_fit(k, &in, c, t) == 192);
  oauthsig_signing_key_free(k);
  oauthsig_token_free(t);
  oauthsig_consumer_free(c);
}

/* Provider profiles: a NetSuite request signed and written as the profile
 * says (realm = the account id, HMAC-SHA256, header), WooCommerce by name
 * (the URL, no oauth_version), and the refusals. */
static void test_profiles(void) {
  oauthsig_profile *p = NULL;
  oauthsig_consumer *c = NULL;
  oauthsig_token *t = NULL;
  oauthsig_request *r = NULL;
  oauthsig_verifier_builder *b = NULL;
  oauthsig_verifier *v = NULL;
  bool valid = false;
  CHECK_RC(oauthsig_consumer_new(S("ck"), S("cs"), &c), OAUTHSIG_OK);
  CHECK_RC(oauthsig_token_new(S("tk"), S("ts"), &t), OAUTHSIG_OK);

  CHECK_RC(oauthsig_profile_new(OAUTHSIG_PROFILE_NETSUITE, S("123456-sb1"), &p), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_from_profile(p, c, t, S("GET"),
                                         S("https://123456-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/customer/1"),
                                         &r),
           OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_sign_with_profile(r, p, c, t), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_write_for_profile(r, p, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK(strncmp(buf, "OAuth realm=\"123456_SB1\", ", 25) == 0);
  CHECK(strstr(buf, "oauth_signature_method=\"HMAC-SHA256\"") != NULL);
  CHECK_RC(oauthsig_request_check_signature(r, c, t, &valid), OAUTHSIG_OK);
  CHECK(valid);
  oauthsig_request_free(r);
  r = NULL;
  oauthsig_profile_free(p);
  p = NULL;

  CHECK_RC(oauthsig_profile_by_name(S("woocommerce"), &p), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_from_profile(p, c, NULL, S("GET"), S("http://shop.example.com/wp-json/wc/v3/orders"), &r),
           OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_sign_with_profile(r, p, c, NULL), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_write_for_profile(r, p, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK(strncmp(buf, "http://shop.example.com/wp-json/wc/v3/orders?oauth_", 51) == 0);
  CHECK(strstr(buf, "oauth_version") == NULL);
  CHECK(strstr(buf, "oauth_signature=") != NULL);
  /* Too small: the size needed, an empty buffer. */
  CHECK_RC(oauthsig_request_write_for_profile(r, p, buf, 4, &len), OAUTHSIG_BUFFER_TOO_SMALL);
  CHECK(buf[0] == 0 && len > 51);

  /* The verifier takes the profile's methods and limits. */
  CHECK_RC(oauthsig_verifier_builder_new(&b), OAUTHSIG_OK);
  CHECK_RC(oauthsig_verifier_builder_profile(b, NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_verifier_builder_profile(b, p), OAUTHSIG_OK);
  CHECK_RC(oauthsig_verifier_build(b, &v), OAUTHSIG_OK);
  oauthsig_verifier_builder_free(b);
  oauthsig_verifier_free(v);
  oauthsig_request_free(r);
  oauthsig_profile_free(p);
  p = NULL;

  /* Refusals: an unknown name (the message lists the known ones), an
   * account for another provider, a bad account, an unknown id. */
  CHECK_RC(oauthsig_profile_by_name(S("netflix"), &p), OAUTHSIG_INVALID_ARGUMENT);
  CHECK(p == NULL);
  CHECK_RC(oauthsig_last_error_message(buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK(strstr(buf, "woocommerce") != NULL);
  CHECK_RC(oauthsig_profile_new(OAUTHSIG_PROFILE_X, S("123456"), &p), OAUTHSIG_INVALID_ARGUMENT);
  CHECK_RC(oauthsig_profile_new(OAUTHSIG_PROFILE_NETSUITE, S("12 34"), &p), OAUTHSIG_INVALID_ARGUMENT);
  CHECK_RC(oauthsig_profile_new(0, NULL, 0, &p), OAUTHSIG_INVALID_ARGUMENT);
  CHECK_RC(oauthsig_profile_new(11, NULL, 0, &p), OAUTHSIG_INVALID_ARGUMENT);
  CHECK_RC(oauthsig_profile_new(OAUTHSIG_PROFILE_JIRA, NULL, 0, NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK(p == NULL);
  CHECK_RC(oauthsig_request_sign_with_profile(NULL, NULL, c, t), OAUTHSIG_NULL_ARGUMENT);
  oauthsig_profile_free(NULL);
  oauthsig_token_free(t);
  oauthsig_consumer_free(c);
}

/* A process made by fork() does not go on with its parent's nonces: the
 * two would send the same ones, and a server refuses the second request
 * carrying a nonce as a replay (RFC 5849 §3.3). */
static void test_nonces_after_fork(void) {
  char parent[64];
  char child[64] = {0};
  size_t len = 0;
  int fds[2];
  int status = -1;
  ssize_t got = -1;
  pid_t pid;
  /* One nonce first, so that the parent's generator exists to be copied. */
  CHECK_RC(oauthsig_generate_nonce(0, parent, sizeof parent, &len), OAUTHSIG_OK);
  CHECK(pipe(fds) == 0);
  pid = fork();
  if (pid == 0) {
    char buf[64];
    size_t n = 0;
    close(fds[0]);
    if (oauthsig_generate_nonce(0, buf, sizeof buf, &n) != OAUTHSIG_OK) _exit(2);
    _exit(write(fds[1], buf, n) == (ssize_t)n ? 0 : 3);
  }
  CHECK(pid > 0);
  close(fds[1]);
  CHECK_RC(oauthsig_generate_nonce(0, parent, sizeof parent, &len), OAUTHSIG_OK);
  if (pid > 0) {
    got = read(fds[0], child, sizeof child - 1);
    CHECK(waitpid(pid, &status, 0) == pid);
  }
  close(fds[0]);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  CHECK(got == (ssize_t)len);
  CHECK(memcmp(parent, child, len) != 0);
}

int main(void) {
  test_version_and_results();
  test_consumer_and_token();
  test_sign_rfc_request();
  test_methods_and_bodies();
  test_octet_values();
  test_bad_input();
  test_server_side();
  test_utilities();
  test_sign_form_body_in_every_placement();
  test_sign_no_body();
  test_sign_opaque_body_and_hash();
  test_sign_sizing();
  test_sign_refusals();
  test_oneshot();
  test_fresh_signature_sizing();
  test_profiles();
  test_nonces_after_fork();
  return check_finish();
}
