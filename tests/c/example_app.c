/* The README's C example: built only with
 *   cc example_app.c $(pkg-config --cflags --libs oauthsig)
 * it signs the RFC 5849 §3.4.1.1 request and prints the signature. */
#include <oauthsig.h>
#include <stdio.h>
#include <string.h>

#define IN(s) (const uint8_t *)(s), strlen(s)

int main(void) {
  /* readme:begin (the README's C example is this block, checked by run.sh) */
  oauthsig_consumer *consumer = NULL;
  oauthsig_token *token = NULL;
  oauthsig_request *request = NULL;
  char out[512];
  size_t len = 0;
  oauthsig_result rc = oauthsig_consumer_new(IN("9djdj82h48djs9d2"), IN("j49sk3j29djd"), &consumer);
  if (rc == OAUTHSIG_OK) rc = oauthsig_token_new(IN("kkk9d7dh3k39sjv7"), IN("dh893hdasih9"), &token);
  if (rc == OAUTHSIG_OK)
    rc = oauthsig_request_new(IN("POST"), IN("http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b"), &request);
  if (rc == OAUTHSIG_OK) rc = oauthsig_request_set_form_body(request, IN("c2&a3=2+q"));
  if (rc == OAUTHSIG_OK) rc = oauthsig_request_set(request, OAUTHSIG_PARAM_TIMESTAMP, IN("137131201"));
  if (rc == OAUTHSIG_OK) rc = oauthsig_request_set(request, OAUTHSIG_PARAM_NONCE, IN("7d8f3e4a"));
  if (rc == OAUTHSIG_OK) rc = oauthsig_request_sign(request, OAUTHSIG_HMAC_SHA1, consumer, token);
  if (rc == OAUTHSIG_OK)
    rc = oauthsig_request_write(request, OAUTHSIG_OUTPUT_HEADER, IN("Example"), out, sizeof out, &len);
  /* readme:end */
  if (rc == OAUTHSIG_OK) {
    printf("Authorization: %s\n", out);
  } else {
    oauthsig_last_error_message(out, sizeof out, &len);
    fprintf(stderr, "oauthsig: %s: %s\n", oauthsig_result_str(rc), out);
  }
  oauthsig_request_free(request);
  oauthsig_token_free(token);
  oauthsig_consumer_free(consumer);
  return rc == OAUTHSIG_OK ? 0 : 1;
}
