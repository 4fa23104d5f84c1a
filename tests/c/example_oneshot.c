/* The README's one-shot C example: built only with
 *   cc example_oneshot.c $(pkg-config --cflags --libs oauthsig)
 * it signs the body hash draft's "Hello World!" PUT with a prepared key,
 * in one heap-free call, and prints the Authorization header (python-oauth2's
 * test_request_hash_of_body signature). */
#include <oauthsig.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define IN(s) (const uint8_t *)(s), strlen(s)
#define STR(s) ((oauthsig_str){(const uint8_t *)(s), strlen(s)})

int main(void) {
  oauthsig_consumer *consumer = NULL;
  oauthsig_signing_key *key = NULL;
  oauthsig_result rc = oauthsig_consumer_new(IN("consumer"), IN("con-test-secret"), &consumer);
  if (rc == OAUTHSIG_OK) rc = oauthsig_signing_key_new(OAUTHSIG_HMAC_SHA1, consumer, NULL, &key);
  /* readme:begin (the README's one-shot example is this block, checked by run.sh) */
  oauthsig_sign_request r;
  char out[512];
  size_t len = 0;
  memset(&r, 0, sizeof r);                /* no body, nothing optional set */
  r.method = STR("PUT");
  r.url = STR("http://www.example.com/resource");
  r.body_kind = OAUTHSIG_BODY_OPAQUE;     /* signed through oauth_body_hash */
  r.body = STR("Hello World!");
  r.consumer_key = STR("consumer");
  r.token = STR("token");
  r.timestamp = STR("1236874155");        /* leave out both for fresh ones */
  r.nonce = STR("10288510250934");
  r.include_version = 1;                   /* 0 or 1; other values are refused */
  if (rc == OAUTHSIG_OK)
    rc = oauthsig_sign(key, &r, OAUTHSIG_PLACEMENT_HEADER, NULL, 0, out, sizeof out, &len);
  /* readme:end */
  if (rc == OAUTHSIG_OK) {
    printf("Authorization: %s\n", out);
  } else {
    oauthsig_last_error_message(out, sizeof out, &len);
    fprintf(stderr, "oauthsig: %s: %s\n", oauthsig_result_str(rc), out);
  }
  oauthsig_signing_key_free(key);
  oauthsig_consumer_free(consumer);
  return rc == OAUTHSIG_OK ? 0 : 1;
}
