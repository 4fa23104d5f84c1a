/* RSA-SHA1, RSA-SHA256, RSA-SHA512 (and HMAC-SHA512) through the C ABI:
 * every key format of tests/keys, oauthlib's published RSA-SHA1 vector
 * through the one-shot call and the request handles, requests signed and
 * then verified with a lookup answering a public key, and the refusals.
 * Built and run like every test_*.c by tests/c/run.sh, from the repository
 * root (the keys are read from tests/keys, or $OAUTHSIG_TEST_KEYS). */
#include "oauthsig.h"
#include "check.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char buf[8192];
static size_t len;

/* oauthlib's test key (keys.oauthlib_rsa_private_pkcs1 / _public_pkcs1 of
 * crates/oauthsig-core/tests/data/public.json), 1024 bits. */
static const char oauthlib_private[] =
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "MIICXgIBAAKBgQDk1/bxyS8Q8jiheHeYYp/4rEKJopeQRRKKpZI4s5i+UPwVpupG\n"
    "AlwXWfzXwSMaKPAoKJNdu7tqKRniqst5uoHXw98gj0x7zamu0Ck1LtQ4c7pFMVah\n"
    "5IYGhBi2E9ycNS329W27nJPWNCbESTu7snVlG8V8mfvGGg3xNjTMO7IdrwIDAQAB\n"
    "AoGBAOQ2KuH8S5+OrsL4K+wfjoCi6MfxCUyqVU9GxocdM1m30WyWRFMEz2nKJ8fR\n"
    "p3vTD4w8yplTOhcoXdQZl0kRoaDzrcYkm2VvJtQRrX7dKFT8dR8D/Tr7dNQLOXfC\n"
    "DY6xveQczE7qt7Vk7lp4FqmxBsaaEuokt78pOOjywZoInjZhAkEA9wz3zoZNT0/i\n"
    "rf6qv2qTIeieUB035N3dyw6f1BGSWYaXSuerDCD/J1qZbAPKKhyHZbVawFt3UMhe\n"
    "542UftBaxQJBAO0iJy1I8GQjGnS7B3yvyH3CcLYGy296+XO/2xKp/d/ty1OIeovx\n"
    "C60pLNwuFNF3z9d2GVQAdoQ89hUkOtjZLeMCQQD0JO6oPHUeUjYT+T7ImAv7UKVT\n"
    "Suy30sKjLzqoGw1kR+wv7C5PeDRvscs4wa4CW9s6mjSrMDkDrmCLuJDtmf55AkEA\n"
    "kmaMg2PNrjUR51F0zOEFycaaqXbGcFwe1/xx9zLmHzMDXd4bsnwt9kk+fe0hQzVS\n"
    "JzatanQit3+feev1PN3QewJAWv4RZeavEUhKv+kLe95Yd0su7lTLVduVgh4v5yLT\n"
    "Ga6FHdjGPcfajt+nrpB1n8UQBEH9ZxniokR/IPvdMlxqXA==\n"
    "-----END RSA PRIVATE KEY-----\n";
static const char oauthlib_public[] =
    "-----BEGIN RSA PUBLIC KEY-----\n"
    "MIGJAoGBAOTX9vHJLxDyOKF4d5hin/isQomil5BFEoqlkjizmL5Q/BWm6kYCXBdZ\n"
    "/NfBIxoo8Cgok127u2opGeKqy3m6gdfD3yCPTHvNqa7QKTUu1DhzukUxVqHkhgaE\n"
    "GLYT3Jw1Lfb1bbuck9Y0JsRJO7uydWUbxXyZ+8YaDfE2NMw7sh2vAgMBAAE=\n"
    "-----END RSA PUBLIC KEY-----\n";

/* oauthlib-client-header-rsa-sha1: GET http://example.com, consumer key
 * client_key, timestamp 1234567890, nonce abc, oauth_version 1.0. */
#define VECTOR_BASE_STRING                                                                    \
  "GET&http%3A%2F%2Fexample.com%2F&oauth_consumer_key%3Dclient_key%26oauth_nonce%3Dabc%26"   \
  "oauth_signature_method%3DRSA-SHA1%26oauth_timestamp%3D1234567890%26oauth_version%3D1.0"
#define VECTOR_SIGNATURE                                                                      \
  "ktvzkUhtrIawBcq21DRJrAyysTc3E1Zq5GdGu8EzHOtbeaCmOBDLGHAcqlm92mj7xp5E1Z6i2vbExPimYAJL7Fzk" \
  "LnkRE5YEJR4rNtIgAf1OZbYsIUmmBO+CLuStuu5Lg3tAluwC7XkkgoXCBaRKT1mUXzPHJILzZ8iFOvS6w5E="
#define VECTOR_SIGNATURE_ENCODED                                                              \
  "ktvzkUhtrIawBcq21DRJrAyysTc3E1Zq5GdGu8EzHOtbeaCmOBDLGHAcqlm92mj7xp5E1Z6i2vbExPimYAJL7Fzk" \
  "LnkRE5YEJR4rNtIgAf1OZbYsIUmmBO%2BCLuStuu5Lg3tAluwC7XkkgoXCBaRKT1mUXzPHJILzZ8iFOvS6w5E%3D"

/* A whole file of the keys directory; data NULL when it cannot be read. */
struct file {
  uint8_t *data;
  size_t len;
};

static struct file load(const char *name) {
  struct file f = {NULL, 0};
  const char *dir = getenv("OAUTHSIG_TEST_KEYS");
  char path[512];
  FILE *fp;
  long size;
  snprintf(path, sizeof path, "%s/%s", dir ? dir : "tests/keys", name);
  fp = fopen(path, "rb");
  CHECK(fp != NULL);
  if (!fp) {
    fprintf(stderr, "cannot open %s (run from the repository root)\n", path);
    return f;
  }
  if (fseek(fp, 0, SEEK_END) == 0 && (size = ftell(fp)) > 0 && fseek(fp, 0, SEEK_SET) == 0) {
    f.data = malloc((size_t)size);
    if (f.data && fread(f.data, 1, (size_t)size, fp) == (size_t)size) {
      f.len = (size_t)size;
    } else {
      free(f.data);
      f.data = NULL;
    }
  }
  fclose(fp);
  CHECK(f.data != NULL);
  return f;
}

static oauthsig_rsa_private_key *private_key(const char *name) {
  struct file f = load(name);
  oauthsig_rsa_private_key *k = NULL;
  CHECK_RC(oauthsig_rsa_private_key_new(f.data, f.len, &k), OAUTHSIG_OK);
  free(f.data);
  return k;
}

static oauthsig_rsa_public_key *public_key(const char *name) {
  struct file f = load(name);
  oauthsig_rsa_public_key *k = NULL;
  CHECK_RC(oauthsig_rsa_public_key_new(f.data, f.len, &k), OAUTHSIG_OK);
  free(f.data);
  return k;
}

static oauthsig_str str(const char *s) {
  oauthsig_str out;
  out.ptr = (const uint8_t *)s;
  out.len = s ? strlen(s) : 0;
  return out;
}

/* The last error's text, in buf. */
static const char *last_error(void) {
  buf[0] = 0;
  CHECK_RC(oauthsig_last_error_message(buf, sizeof buf, &len), OAUTHSIG_OK);
  return buf;
}

/* The private key file `name` is refused with `want`; the message names
 * `needle` and quotes nothing of the file (its 20 bytes after the first
 * line, the start of the key's base64, when it is PEM). */
static void refused_private(const char *name, oauthsig_result want, const char *needle) {
  struct file f = load(name);
  oauthsig_rsa_private_key *k = (oauthsig_rsa_private_key *)&k; /* a canary */
  oauthsig_rsa_private_key *const canary = k;
  CHECK_RC(oauthsig_rsa_private_key_new(f.data, f.len, &k), want);
  CHECK(k == canary); /* *out left unchanged */
  CHECK(strstr(last_error(), needle) != NULL);
  if (f.data && f.len > 64 && f.data[0] == '-') {
    const char *body = memchr(f.data, '\n', f.len);
    char chunk[21];
    if (body) {
      memcpy(chunk, body + 1, 20);
      chunk[20] = 0;
      CHECK(strstr(buf, chunk) == NULL);
    }
  }
  free(f.data);
}

static void refused_public(const char *name, oauthsig_result want, const char *needle) {
  struct file f = load(name);
  oauthsig_rsa_public_key *k = NULL;
  CHECK_RC(oauthsig_rsa_public_key_new(f.data, f.len, &k), want);
  CHECK(k == NULL);
  CHECK(strstr(last_error(), needle) != NULL);
  free(f.data);
}

static void test_key_formats(void) {
  const char *privates[] = {"rsa2048.pkcs1.pem", "rsa2048.pkcs1.der", "rsa2048.pkcs8.pem",
                            "rsa2048.pkcs8.der"};
  const char *publics[] = {"rsa2048.spki.pem", "rsa2048.spki.der",        "rsa2048.spki.b64",
                           "rsa2048.pkcs1-public.pem", "rsa2048.cert.pem", "rsa2048.cert.der"};
  size_t i, bits = 0;
  for (i = 0; i < sizeof privates / sizeof *privates; i++) {
    oauthsig_rsa_private_key *k = private_key(privates[i]);
    CHECK_RC(oauthsig_rsa_private_key_bits(k, &bits), OAUTHSIG_OK);
    CHECK(bits == 2048);
    oauthsig_rsa_private_key_free(k);
  }
  for (i = 0; i < sizeof publics / sizeof *publics; i++) {
    oauthsig_rsa_public_key *k = public_key(publics[i]);
    bits = 0;
    CHECK_RC(oauthsig_rsa_public_key_bits(k, &bits), OAUTHSIG_OK);
    CHECK(bits == 2048);
    oauthsig_rsa_public_key_free(k);
  }
  {
    /* The smallest accepted size, and a large one. */
    oauthsig_rsa_private_key *k = private_key("rsa1024.pkcs1.pem");
    oauthsig_rsa_public_key *p = public_key("rsa1024.spki.pem");
    CHECK_RC(oauthsig_rsa_private_key_bits(k, &bits), OAUTHSIG_OK);
    CHECK(bits == 1024);
    CHECK_RC(oauthsig_rsa_public_key_bits(p, &bits), OAUTHSIG_OK);
    CHECK(bits == 1024);
    oauthsig_rsa_public_key_free(p);
    oauthsig_rsa_private_key_free(k);
    k = private_key("rsa4096.pkcs1.pem");
    CHECK_RC(oauthsig_rsa_private_key_bits(k, &bits), OAUTHSIG_OK);
    CHECK(bits == 4096);
    /* Its public half. */
    p = NULL;
    CHECK_RC(oauthsig_rsa_private_key_public_key(k, &p), OAUTHSIG_OK);
    CHECK_RC(oauthsig_rsa_public_key_bits(p, &bits), OAUTHSIG_OK);
    CHECK(bits == 4096);
    oauthsig_rsa_public_key_free(p);
    oauthsig_rsa_private_key_free(k);
  }
  {
    /* Encrypted PKCS#8: only with the passphrase. */
    struct file f = load("rsa2048.encrypted.pem");
    oauthsig_rsa_private_key *k = NULL;
    CHECK_RC(oauthsig_rsa_private_key_new(f.data, f.len, &k), OAUTHSIG_BAD_PASSPHRASE);
    CHECK(strstr(last_error(), "passphrase") != NULL);
    CHECK_RC(oauthsig_rsa_private_key_new_encrypted(f.data, f.len, S("wrong-horse"), &k), OAUTHSIG_BAD_PASSPHRASE);
    CHECK(strstr(last_error(), "wrong passphrase") != NULL && strstr(buf, "wrong-horse") == NULL);
    CHECK_RC(oauthsig_rsa_private_key_new_encrypted(f.data, f.len, NULL, 0, &k), OAUTHSIG_BAD_PASSPHRASE);
    CHECK_RC(oauthsig_rsa_private_key_new_encrypted(f.data, f.len, NULL, 3, &k), OAUTHSIG_NULL_ARGUMENT);
    CHECK(k == NULL);
    CHECK_RC(oauthsig_rsa_private_key_new_encrypted(f.data, f.len, S("correct-horse"), &k), OAUTHSIG_OK);
    CHECK_RC(oauthsig_rsa_private_key_bits(k, &bits), OAUTHSIG_OK);
    CHECK(bits == 2048);
    oauthsig_rsa_private_key_free(k);
    free(f.data);
    /* An unencrypted key through the passphrase variant. */
    f = load("rsa2048.pkcs8.pem");
    k = NULL;
    CHECK_RC(oauthsig_rsa_private_key_new_encrypted(f.data, f.len, S("unused"), &k), OAUTHSIG_OK);
    oauthsig_rsa_private_key_free(k);
    free(f.data);
  }

  /* Refusals: each with its code, and a message that quotes no key. */
  refused_private("rsa2048.legacy-encrypted.pem", OAUTHSIG_BAD_KEY, "openssl pkcs8 -topk8");
  refused_private("rsa512.pkcs1.pem", OAUTHSIG_UNSUPPORTED_KEY_SIZE, "512-bit");
  refused_private("ec.pkcs8.pem", OAUTHSIG_BAD_KEY, "not an RSA key");
  refused_private("rsa2048.spki.pem", OAUTHSIG_WRONG_KEY_KIND, "public key");
  refused_private("rsa2048.pkcs1-public.pem", OAUTHSIG_WRONG_KEY_KIND, "public key");
  refused_private("rsa2048.cert.pem", OAUTHSIG_WRONG_KEY_KIND, "certificate");
  refused_private("rsa2048.spki.der", OAUTHSIG_BAD_KEY, "DER");
  refused_public("rsa512.spki.pem", OAUTHSIG_UNSUPPORTED_KEY_SIZE, "512-bit");
  refused_public("ec.spki.pem", OAUTHSIG_BAD_KEY, "not an RSA key");
  refused_public("rsa2048.pkcs1.pem", OAUTHSIG_WRONG_KEY_KIND, "private key");
  refused_public("rsa2048.pkcs8.pem", OAUTHSIG_WRONG_KEY_KIND, "private key");
  {
    /* Corrupt PEM: a byte of the base64 body changed to one that is not
     * base64, then the END line cut off; DER cut short. */
    struct file f = load("rsa2048.pkcs1.pem");
    oauthsig_rsa_private_key *k = NULL;
    oauthsig_rsa_public_key *p = NULL;
    if (f.data && f.len > 200) {
      uint8_t keep = f.data[100];
      f.data[100] = '!';
      CHECK_RC(oauthsig_rsa_private_key_new(f.data, f.len, &k), OAUTHSIG_BAD_KEY);
      CHECK(strstr(last_error(), "PEM") != NULL);
      f.data[100] = keep;
      CHECK_RC(oauthsig_rsa_private_key_new(f.data, f.len - 40, &k), OAUTHSIG_BAD_KEY);
      /* Base64 that decodes, to something that is no key. */
      f.data[60] = (uint8_t)(f.data[60] == 'A' ? 'B' : 'A');
      f.data[61] = (uint8_t)(f.data[61] == 'A' ? 'B' : 'A');
      CHECK_RC(oauthsig_rsa_private_key_new(f.data, f.len, &k), OAUTHSIG_BAD_KEY);
    }
    free(f.data);
    f = load("rsa2048.pkcs8.der");
    CHECK_RC(oauthsig_rsa_private_key_new(f.data, f.len / 2, &k), OAUTHSIG_BAD_KEY);
    free(f.data);
    f = load("rsa2048.spki.der");
    CHECK_RC(oauthsig_rsa_public_key_new(f.data, f.len - 1, &p), OAUTHSIG_BAD_KEY);
    free(f.data);
    CHECK(k == NULL && p == NULL);
    /* Nothing like a key; empty; NULL. */
    CHECK_RC(oauthsig_rsa_private_key_new(S("hello, world"), &k), OAUTHSIG_BAD_KEY);
    CHECK_RC(oauthsig_rsa_private_key_new(S("-----BEGIN NONSENSE-----\nAAAA\n-----END NONSENSE-----\n"), &k), OAUTHSIG_BAD_KEY);
    CHECK(strstr(last_error(), "PEM label") != NULL);
    CHECK_RC(oauthsig_rsa_private_key_new(NULL, 0, &k), OAUTHSIG_BAD_KEY);
    CHECK_RC(oauthsig_rsa_public_key_new(NULL, 0, &p), OAUTHSIG_BAD_KEY);
    CHECK_RC(oauthsig_rsa_private_key_new((const uint8_t *)"", 0, &k), OAUTHSIG_BAD_KEY);
    CHECK_RC(oauthsig_rsa_private_key_new(NULL, 10, &k), OAUTHSIG_NULL_ARGUMENT);
    CHECK_RC(oauthsig_rsa_public_key_new(NULL, 10, &p), OAUTHSIG_NULL_ARGUMENT);
    CHECK(k == NULL && p == NULL);
  }
  {
    /* NULL handles and out-pointers. */
    oauthsig_rsa_private_key *k = private_key("rsa1024.pkcs1.pem");
    struct file f = load("rsa1024.spki.pem");
    CHECK_RC(oauthsig_rsa_private_key_new(S(oauthlib_private), NULL), OAUTHSIG_NULL_ARGUMENT);
    CHECK_RC(oauthsig_rsa_public_key_new(f.data, f.len, NULL), OAUTHSIG_NULL_ARGUMENT);
    CHECK_RC(oauthsig_rsa_private_key_bits(NULL, &bits), OAUTHSIG_NULL_ARGUMENT);
    CHECK_RC(oauthsig_rsa_private_key_bits(k, NULL), OAUTHSIG_NULL_ARGUMENT);
    CHECK_RC(oauthsig_rsa_public_key_bits(NULL, &bits), OAUTHSIG_NULL_ARGUMENT);
    CHECK_RC(oauthsig_rsa_private_key_public_key(NULL, NULL), OAUTHSIG_NULL_ARGUMENT);
    CHECK_RC(oauthsig_rsa_private_key_public_key(k, NULL), OAUTHSIG_NULL_ARGUMENT);
    oauthsig_rsa_private_key_free(k);
    oauthsig_rsa_private_key_free(NULL);
    oauthsig_rsa_public_key_free(NULL);
    free(f.data);
  }
  CHECK_STR(oauthsig_result_str(OAUTHSIG_BAD_KEY), "rsa key cannot be read");
  CHECK_STR(oauthsig_result_str(OAUTHSIG_WRONG_KEY_KIND), "key of the wrong kind");
}

/* oauthlib's RSA-SHA1 client vector. */
static void test_oauthlib_vector(void) {
  oauthsig_rsa_private_key *pk = NULL;
  oauthsig_rsa_public_key *pub = NULL;
  oauthsig_signing_key *k = NULL;
  oauthsig_consumer *c = NULL;
  oauthsig_request *r = NULL;
  oauthsig_sign_request s;
  bool valid = false;
  CHECK_RC(oauthsig_rsa_private_key_new(S(oauthlib_private), &pk), OAUTHSIG_OK);
  CHECK_RC(oauthsig_rsa_public_key_new(S(oauthlib_public), &pub), OAUTHSIG_OK);

  /* The one-shot call with a prepared RSA key. */
  CHECK_RC(oauthsig_signing_key_new_rsa(OAUTHSIG_RSA_SHA1, pk, &k), OAUTHSIG_OK);
  memset(&s, 0, sizeof s);
  s.method = str("GET");
  s.url = str("http://example.com");
  s.consumer_key = str("client_key");
  s.timestamp = str("1234567890");
  s.nonce = str("abc");
  s.include_version = true;
  CHECK_RC(oauthsig_sign(k, &s, OAUTHSIG_PLACEMENT_HEADER, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "OAuth oauth_consumer_key=\"client_key\", oauth_signature_method=\"RSA-SHA1\", "
                 "oauth_timestamp=\"1234567890\", oauth_nonce=\"abc\", oauth_version=\"1.0\", "
                 "oauth_signature=\"" VECTOR_SIGNATURE_ENCODED "\"");
  CHECK(len == strlen(buf));
  CHECK_RC(oauthsig_sign(k, &s, OAUTHSIG_PLACEMENT_URL, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "http://example.com?oauth_consumer_key=client_key&oauth_signature_method=RSA-SHA1"
                 "&oauth_timestamp=1234567890&oauth_nonce=abc&oauth_version=1.0"
                 "&oauth_signature=" VECTOR_SIGNATURE_ENCODED);

  /* The request handles: a consumer with the private key. */
  CHECK_RC(oauthsig_consumer_new_rsa(S("client_key"), pk, &c), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_new(S("GET"), S("http://example.com"), &r), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_set(r, OAUTHSIG_PARAM_TIMESTAMP, S("1234567890")), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_set(r, OAUTHSIG_PARAM_NONCE, S("abc")), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_add_param(r, OAUTHSIG_PARAM_ANY, S("oauth_consumer_key"), S("client_key")), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_add_param(r, OAUTHSIG_PARAM_ANY, S("oauth_version"), S("1.0")), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_sign(r, OAUTHSIG_RSA_SHA1, c, NULL), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_BASE_STRING, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, VECTOR_BASE_STRING);
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_SIGNATURE, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, VECTOR_SIGNATURE);
  CHECK(len == 172);
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_HEADER, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK(strstr(buf, "oauth_signature=\"" VECTOR_SIGNATURE_ENCODED "\"") != NULL);
  /* Checked with the public key, and with the consumer's own key. */
  CHECK_RC(oauthsig_request_check_signature_with_public_key(r, pub, &valid), OAUTHSIG_OK);
  CHECK(valid);
  valid = false;
  CHECK_RC(oauthsig_request_check_signature(r, c, NULL, &valid), OAUTHSIG_OK);
  CHECK(valid);
  CHECK_RC(oauthsig_request_check_signature_with_public_key(r, NULL, &valid), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_check_signature_with_public_key(NULL, pub, &valid), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_check_signature_with_public_key(r, pub, NULL), OAUTHSIG_NULL_ARGUMENT);
  /* The same through the prepared key; then another digest, which the
   * public key does not accept as RSA-SHA1 (nor the request as signed). */
  CHECK_RC(oauthsig_request_sign_with_key(r, k), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_SIGNATURE, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, VECTOR_SIGNATURE);
  CHECK_RC(oauthsig_request_sign(r, OAUTHSIG_RSA_SHA256, c, NULL), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_SIGNATURE, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK(len == 172 && strcmp(buf, VECTOR_SIGNATURE) != 0);
  CHECK_RC(oauthsig_request_check_signature_with_public_key(r, pub, &valid), OAUTHSIG_OK);
  CHECK(valid);
  oauthsig_request_free(r);
  r = NULL;

  /* Parsed as a server receives it: valid; one base string byte changed
   * (the nonce): not valid. */
  CHECK_RC(oauthsig_request_parse(S("GET"), S("http://example.com"),
                                  S("OAuth oauth_consumer_key=\"client_key\", oauth_signature_method=\"RSA-SHA1\", "
                                    "oauth_timestamp=\"1234567890\", oauth_nonce=\"abc\", oauth_version=\"1.0\", "
                                    "oauth_signature=\"" VECTOR_SIGNATURE_ENCODED "\""),
                                  NULL, 0, NULL, 0, NULL, 0, &r), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_check_signature_with_public_key(r, pub, &valid), OAUTHSIG_OK);
  CHECK(valid);
  oauthsig_request_free(r);
  r = NULL;
  CHECK_RC(oauthsig_request_parse(S("GET"), S("http://example.com"),
                                  S("OAuth oauth_consumer_key=\"client_key\", oauth_signature_method=\"RSA-SHA1\", "
                                    "oauth_timestamp=\"1234567890\", oauth_nonce=\"abd\", oauth_version=\"1.0\", "
                                    "oauth_signature=\"" VECTOR_SIGNATURE_ENCODED "\""),
                                  NULL, 0, NULL, 0, NULL, 0, &r), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_check_signature_with_public_key(r, pub, &valid), OAUTHSIG_OK);
  CHECK(!valid);
  oauthsig_request_free(r);

  oauthsig_consumer_free(c);
  oauthsig_signing_key_free(k);
  oauthsig_rsa_public_key_free(pub);
  oauthsig_rsa_private_key_free(pk);
}

/* Keys of the wrong kind for the method, both ways, at every place a key
 * meets a method. */
static void test_wrong_kind(void) {
  oauthsig_rsa_private_key *pk = private_key("rsa1024.pkcs1.pem");
  oauthsig_consumer *rsa = NULL, *hmac = NULL;
  oauthsig_signing_key *k = NULL;
  oauthsig_request *r = NULL;
  CHECK_RC(oauthsig_consumer_new_rsa(S("ck"), pk, &rsa), OAUTHSIG_OK);
  CHECK_RC(oauthsig_consumer_new(S("ck"), S("cs"), &hmac), OAUTHSIG_OK);
  CHECK_RC(oauthsig_signing_key_new_rsa(OAUTHSIG_HMAC_SHA1, pk, &k), OAUTHSIG_WRONG_KEY_KIND);
  CHECK(strstr(last_error(), "HMAC-SHA1") != NULL);
  CHECK_RC(oauthsig_signing_key_new_rsa(OAUTHSIG_PLAINTEXT, pk, &k), OAUTHSIG_WRONG_KEY_KIND);
  CHECK_RC(oauthsig_signing_key_new_rsa(42, pk, &k), OAUTHSIG_UNSUPPORTED_SIGNATURE_METHOD);
  CHECK_RC(oauthsig_signing_key_new_rsa(OAUTHSIG_RSA_SHA1, NULL, &k), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_signing_key_new_rsa(OAUTHSIG_RSA_SHA1, pk, NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_signing_key_new(OAUTHSIG_RSA_SHA256, hmac, NULL, &k), OAUTHSIG_WRONG_KEY_KIND);
  CHECK(strstr(last_error(), "RSA-SHA256") != NULL);
  CHECK_RC(oauthsig_signing_key_new(OAUTHSIG_HMAC_SHA256, rsa, NULL, &k), OAUTHSIG_WRONG_KEY_KIND);
  CHECK(k == NULL);
  CHECK_RC(oauthsig_consumer_new_rsa(S("ck"), NULL, &hmac), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_consumer_new_rsa(NULL, 2, pk, &hmac), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_consumer_new_rsa(S("ck"), pk, NULL), OAUTHSIG_NULL_ARGUMENT);
  CHECK_RC(oauthsig_request_from_consumer_and_token(rsa, NULL, S("GET"), S("https://api.example.com/"), &r), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_sign(r, OAUTHSIG_HMAC_SHA1, rsa, NULL), OAUTHSIG_WRONG_KEY_KIND);
  CHECK_RC(oauthsig_request_sign(r, OAUTHSIG_RSA_SHA1, hmac, NULL), OAUTHSIG_WRONG_KEY_KIND);
  /* A failed signing leaves the request unsigned. */
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_SIGNATURE, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_NOT_FOUND);
  /* XOAUTH is HMAC-SHA1 only. */
  CHECK_RC(oauthsig_xoauth_string(S("https://mail.example.com/"), rsa, NULL, buf, sizeof buf, &len), OAUTHSIG_WRONG_KEY_KIND);
  oauthsig_request_free(r);
  oauthsig_consumer_free(hmac);
  oauthsig_consumer_free(rsa);
  /* The consumer kept its own copy of the key. */
  oauthsig_rsa_private_key_free(pk);
}

/* The verifier, with a lookup that answers what `struct directory` says. */
struct directory {
  const oauthsig_rsa_public_key *public_key; /* answered when set */
  const char *secret;                        /* answered when set */
  int calls;
};

static uint32_t lookup(void *user_data, const uint8_t *ck, size_t ck_len, const uint8_t *tk,
                       size_t tk_len, oauthsig_lookup_answer *answer) {
  struct directory *d = user_data;
  d->calls++;
  if (ck_len != 9 || memcmp(ck, "client-ck", 9) != 0) return OAUTHSIG_LOOKUP_UNKNOWN_CONSUMER;
  if (tk != NULL && (tk_len != 8 || memcmp(tk, "token-tk", 8) != 0)) return OAUTHSIG_LOOKUP_UNKNOWN_TOKEN;
  if (d->public_key && oauthsig_lookup_answer_public_key(answer, d->public_key) != OAUTHSIG_OK)
    return OAUTHSIG_LOOKUP_UNAVAILABLE;
  if (d->secret && oauthsig_lookup_answer_secrets(answer, (const uint8_t *)d->secret, strlen(d->secret),
                                                  tk ? (const uint8_t *)"token secret" : NULL,
                                                  tk ? 12 : 0) != OAUTHSIG_OK)
    return OAUTHSIG_LOOKUP_UNAVAILABLE;
  return OAUTHSIG_LOOKUP_FOUND;
}

#define API_URL "https://api.example.com/items?page=2"
#define API_BODY "q=caf%C3%A9&tag=a"

/* Signs a POST to API_URL with `consumer` (and the token token-tk when
 * `with_token`), fresh nonce and timestamp, as the Authorization header. */
static void sign_header(char *out, size_t cap, uint32_t method, const oauthsig_consumer *consumer,
                        bool with_token) {
  oauthsig_token *t = NULL;
  oauthsig_request *r = NULL;
  size_t n = 0;
  if (with_token) CHECK_RC(oauthsig_token_new(S("token-tk"), S("token secret"), &t), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_from_consumer_and_token(consumer, t, S("POST"), S(API_URL), &r), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_set_form_body(r, S(API_BODY)), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_sign(r, method, consumer, t), OAUTHSIG_OK);
  out[0] = 0;
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_HEADER, NULL, 0, out, cap, &n), OAUTHSIG_OK);
  oauthsig_request_free(r);
  oauthsig_token_free(t);
}

static oauthsig_result verify(const oauthsig_verifier *v, const char *header, struct directory *d,
                              oauthsig_verified **out, uint16_t *status) {
  return oauthsig_verifier_verify(v, S("POST"), S(API_URL), S(header),
                                  S("application/x-www-form-urlencoded"), NULL, 0, S(API_BODY), lookup,
                                  d, out, status);
}

/* The oauth_signature value inside `header` (which it points into), and
 * its length. */
static char *signature_in(char *header, size_t *n) {
  char *start = strstr(header, "oauth_signature=\"");
  char *end;
  if (!start) return NULL;
  start += strlen("oauth_signature=\"");
  end = strchr(start, '"');
  *n = end ? (size_t)(end - start) : 0;
  return start;
}

/* The first index at or after `from` where `sig` (of length n) has four
 * base64 letters or digits that are not the hex digits of a %XX escape, so
 * changing or removing them keeps the encoding well-formed. */
static size_t plain_run(const char *sig, size_t n, size_t from) {
  size_t i, j;
  for (i = from; i + 4 <= n; i++) {
    bool ok = !(i >= 1 && sig[i - 1] == '%') && !(i >= 2 && sig[i - 2] == '%');
    for (j = i; ok && j < i + 4; j++) ok = sig[j] != '%';
    if (ok) return i;
  }
  return n;
}

/* The base64 digit whose 6-bit value differs from c's in its lowest bit:
 * one signature bit flipped (letters and digits pair among themselves). */
static char flip_bit(char c) {
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const char *at = strchr(alphabet, c);
  return at && c ? alphabet[(at - alphabet) ^ 1] : c;
}

static void test_sign_then_verify(void) {
  const uint32_t methods[] = {OAUTHSIG_RSA_SHA1, OAUTHSIG_RSA_SHA256, OAUTHSIG_RSA_SHA512};
  const char *names[] = {"RSA-SHA1", "RSA-SHA256", "RSA-SHA512"};
  oauthsig_rsa_private_key *pk = private_key("rsa2048.pkcs8.pem");
  oauthsig_rsa_public_key *pub = public_key("rsa2048.cert.pem"); /* the same key, as a certificate */
  oauthsig_rsa_public_key *other = public_key("rsa1024.spki.pem");
  oauthsig_consumer *rsa = NULL, *hmac = NULL;
  oauthsig_verifier_builder *b = NULL;
  oauthsig_verifier *v = NULL, *hmac_only = NULL;
  oauthsig_verified *ok = NULL;
  struct directory d = {NULL, NULL, 0};
  char header[2048];
  uint16_t status = 0;
  size_t i;

  CHECK_RC(oauthsig_consumer_new_rsa(S("client-ck"), pk, &rsa), OAUTHSIG_OK);
  CHECK_RC(oauthsig_consumer_new(S("client-ck"), S("client secret"), &hmac), OAUTHSIG_OK);
  CHECK_RC(oauthsig_verifier_builder_new(&b), OAUTHSIG_OK);
  CHECK_RC(oauthsig_verifier_builder_allow(b, OAUTHSIG_HMAC_SHA1), OAUTHSIG_OK);
  CHECK_RC(oauthsig_verifier_builder_allow(b, OAUTHSIG_HMAC_SHA512), OAUTHSIG_OK);
  for (i = 0; i < 3; i++) CHECK_RC(oauthsig_verifier_builder_allow(b, methods[i]), OAUTHSIG_OK);
  CHECK_RC(oauthsig_verifier_builder_allow(b, 8), OAUTHSIG_UNSUPPORTED_SIGNATURE_METHOD);
  CHECK_RC(oauthsig_verifier_build(b, &v), OAUTHSIG_OK);
  oauthsig_verifier_builder_free(b);
  b = NULL;
  CHECK_RC(oauthsig_verifier_builder_new(&b), OAUTHSIG_OK);
  CHECK_RC(oauthsig_verifier_builder_allow(b, OAUTHSIG_HMAC_SHA1), OAUTHSIG_OK);
  CHECK_RC(oauthsig_verifier_build(b, &hmac_only), OAUTHSIG_OK);
  oauthsig_verifier_builder_free(b);

  for (i = 0; i < 3; i++) {
    char *sig;
    size_t sig_len = 0;
    /* Signed, answered with the public key: accepted once. */
    sign_header(header, sizeof header, methods[i], rsa, i == 1);
    d.public_key = pub;
    d.secret = NULL;
    CHECK_RC(verify(v, header, &d, &ok, &status), OAUTHSIG_OK);
    CHECK(status == 200 && ok != NULL);
    CHECK_RC(oauthsig_verified_get_field(ok, OAUTHSIG_VERIFIED_SIGNATURE_METHOD, buf, sizeof buf, &len), OAUTHSIG_OK);
    CHECK_STR(buf, names[i]);
    oauthsig_verified_free(ok);
    ok = NULL;
    /* Not by a verifier that does not allow the method. */
    CHECK_RC(verify(hmac_only, header, &d, NULL, &status), OAUTHSIG_VERIFY_BAD_REQUEST);
    CHECK(status == 400);

    /* Another key: 401. */
    sign_header(header, sizeof header, methods[i], rsa, false);
    d.public_key = other;
    CHECK_RC(verify(v, header, &d, NULL, &status), OAUTHSIG_VERIFY_UNAUTHORIZED);
    CHECK(status == 401);
    d.public_key = pub;
    /* Answered with secrets only: the wrong kind of credential, 401. */
    d.public_key = NULL;
    d.secret = "client secret";
    CHECK_RC(verify(v, header, &d, NULL, &status), OAUTHSIG_VERIFY_UNAUTHORIZED);
    CHECK(status == 401);
    CHECK(strstr(last_error(), names[i]) != NULL);
    /* With both kinds, the public key is used; the rejections above did not
     * burn the nonce. */
    d.public_key = pub;
    CHECK_RC(verify(v, header, &d, NULL, &status), OAUTHSIG_OK);
    CHECK(status == 200);
    d.secret = NULL;

    /* One bit of the signature flipped; the signature cut short. */
    sign_header(header, sizeof header, methods[i], rsa, false);
    sig = signature_in(header, &sig_len);
    CHECK(sig != NULL && sig_len > 300);
    if (sig) {
      size_t at = plain_run(sig, sig_len, 10);
      char keep = sig[at];
      CHECK(at < sig_len);
      sig[at] = flip_bit(sig[at]);
      CHECK(sig[at] != keep);
      CHECK_RC(verify(v, header, &d, NULL, &status), OAUTHSIG_VERIFY_UNAUTHORIZED);
      CHECK(status == 401);
      sig[at] = keep;
      at = plain_run(sig, sig_len, 40);
      CHECK(at < sig_len);
      memmove(sig + at, sig + at + 4, strlen(sig + at + 4) + 1); /* three octets less */
      CHECK_RC(verify(v, header, &d, NULL, &status), OAUTHSIG_VERIFY_UNAUTHORIZED);
      CHECK(status == 401);
    }
  }

  /* The one-shot call with a prepared key, fresh nonce and timestamp. */
  {
    oauthsig_signing_key *k = NULL;
    oauthsig_sign_request s;
    memset(&s, 0, sizeof s);
    s.method = str("POST");
    s.url = str(API_URL);
    s.body_kind = OAUTHSIG_BODY_FORM;
    s.body = str(API_BODY);
    s.consumer_key = str("client-ck");
    CHECK_RC(oauthsig_signing_key_new_rsa(OAUTHSIG_RSA_SHA512, pk, &k), OAUTHSIG_OK);
    CHECK_RC(oauthsig_sign(k, &s, OAUTHSIG_PLACEMENT_HEADER, NULL, 0, header, sizeof header, &len), OAUTHSIG_OK);
    CHECK_RC(verify(v, header, &d, NULL, &status), OAUTHSIG_OK);
    CHECK(status == 200);
    oauthsig_signing_key_free(k);
  }

  /* HMAC requests answered with a public key only: the wrong kind, 401;
   * with both kinds, the secret is used. HMAC-SHA512 on the way. */
  sign_header(header, sizeof header, OAUTHSIG_HMAC_SHA512, hmac, true);
  {
    size_t sig_len = 0;
    CHECK(signature_in(header, &sig_len) != NULL && sig_len > 88); /* 88 base64, some escaped */
  }
  d.public_key = pub;
  d.secret = NULL;
  CHECK_RC(verify(v, header, &d, NULL, &status), OAUTHSIG_VERIFY_UNAUTHORIZED);
  CHECK(status == 401);
  CHECK(strstr(last_error(), "HMAC-SHA512") != NULL);
  d.secret = "client secret";
  CHECK_RC(verify(v, header, &d, &ok, &status), OAUTHSIG_OK);
  CHECK_RC(oauthsig_verified_get_field(ok, OAUTHSIG_VERIFIED_SIGNATURE_METHOD, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_STR(buf, "HMAC-SHA512");
  oauthsig_verified_free(ok);
  sign_header(header, sizeof header, OAUTHSIG_HMAC_SHA1, hmac, false);
  d.secret = NULL;
  CHECK_RC(verify(v, header, &d, NULL, &status), OAUTHSIG_VERIFY_UNAUTHORIZED);
  d.secret = "client secret";
  CHECK_RC(verify(v, header, &d, NULL, &status), OAUTHSIG_OK);
  CHECK(d.calls > 0);
  /* A NULL answer or key is refused by the answer function itself. */
  CHECK_RC(oauthsig_lookup_answer_public_key(NULL, pub), OAUTHSIG_NULL_ARGUMENT);

  oauthsig_verifier_free(hmac_only);
  oauthsig_verifier_free(v);
  oauthsig_consumer_free(hmac);
  oauthsig_consumer_free(rsa);
  oauthsig_rsa_public_key_free(other);
  /* Freed while nothing uses it; the verifications kept no reference. */
  oauthsig_rsa_public_key_free(pub);
  oauthsig_rsa_private_key_free(pk);
}

/* A 4096-bit key's output does not fit a small buffer: the size answered
 * fits the retry, pinned (exactly) and with a fresh nonce (at most); the
 * verifier and the request handles take its 684-character signature. */
static void test_sizing_4096(void) {
  oauthsig_rsa_private_key *pk = private_key("rsa4096.pkcs1.pem");
  oauthsig_rsa_public_key *pub = NULL;
  oauthsig_signing_key *k = NULL;
  oauthsig_consumer *c = NULL;
  oauthsig_request *r = NULL;
  oauthsig_verifier_builder *b = NULL;
  oauthsig_verifier *v = NULL;
  oauthsig_sign_request s;
  struct directory d = {NULL, NULL, 0};
  char small[256];
  size_t needed = 0, sig_len = 0;
  char *exact;
  bool valid = false;
  int i;
  CHECK_RC(oauthsig_rsa_private_key_public_key(pk, &pub), OAUTHSIG_OK);
  CHECK_RC(oauthsig_signing_key_new_rsa(OAUTHSIG_RSA_SHA256, pk, &k), OAUTHSIG_OK);
  memset(&s, 0, sizeof s);
  s.method = str("POST");
  s.url = str(API_URL);
  s.body_kind = OAUTHSIG_BODY_FORM;
  s.body = str(API_BODY);
  s.consumer_key = str("client-ck");
  s.timestamp = str("1234567890");
  s.nonce = str("abc");

  /* Pinned: the exact length, and the retry fills it. */
  CHECK_RC(oauthsig_sign(k, &s, OAUTHSIG_PLACEMENT_URL, NULL, 0, NULL, 0, &needed), OAUTHSIG_BUFFER_TOO_SMALL);
  CHECK(needed > strlen(API_URL) + 684); /* 4096 bits: 684 base64 characters */
  memset(small, 'x', sizeof small);
  CHECK_RC(oauthsig_sign(k, &s, OAUTHSIG_PLACEMENT_URL, NULL, 0, small, 200, &len), OAUTHSIG_BUFFER_TOO_SMALL);
  CHECK(len == needed && small[0] == 0 && small[200] == 'x'); /* nothing past cap */
  exact = malloc(needed);
  CHECK_RC(oauthsig_sign(k, &s, OAUTHSIG_PLACEMENT_URL, NULL, 0, exact, needed, &len), OAUTHSIG_BUFFER_TOO_SMALL);
  CHECK(exact[0] == 0);
  free(exact);
  exact = malloc(needed + 1);
  CHECK_RC(oauthsig_sign(k, &s, OAUTHSIG_PLACEMENT_URL, NULL, 0, exact, needed + 1, &len), OAUTHSIG_OK);
  CHECK(len == needed && strlen(exact) == needed);
  free(exact);

  /* Fresh: the most any signature can need, then a retry that fits; the
   * verifier accepts what the retry wrote. */
  CHECK_RC(oauthsig_verifier_builder_new(&b), OAUTHSIG_OK);
  CHECK_RC(oauthsig_verifier_builder_allow(b, OAUTHSIG_RSA_SHA256), OAUTHSIG_OK);
  CHECK_RC(oauthsig_verifier_build(b, &v), OAUTHSIG_OK);
  oauthsig_verifier_builder_free(b);
  d.public_key = pub;
  s.timestamp = str(NULL);
  s.nonce = str(NULL);
  for (i = 0; i < 2; i++) {
    CHECK_RC(oauthsig_sign(k, &s, OAUTHSIG_PLACEMENT_HEADER, NULL, 0, small, sizeof small, &needed), OAUTHSIG_BUFFER_TOO_SMALL);
    CHECK(needed < sizeof buf);
    CHECK_RC(oauthsig_sign(k, &s, OAUTHSIG_PLACEMENT_HEADER, NULL, 0, buf, needed + 1, &len), OAUTHSIG_OK);
    CHECK(len <= needed && len == strlen(buf));
    {
      char header[2048];
      uint16_t status = 0;
      memcpy(header, buf, len + 1);
      CHECK(signature_in(header, &sig_len) != NULL && sig_len >= 684);
      CHECK_RC(verify(v, header, &d, NULL, &status), OAUTHSIG_OK);
      CHECK(status == 200);
    }
  }

  /* The request handles: the signature, sized then copied, and checked. */
  CHECK_RC(oauthsig_consumer_new_rsa(S("client-ck"), pk, &c), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_from_consumer_and_token(c, NULL, S("GET"), S("https://api.example.com/"), &r), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_sign_with_key(r, k), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_SIGNATURE, NULL, 0, small, sizeof small, &needed), OAUTHSIG_BUFFER_TOO_SMALL);
  CHECK(small[0] == 0);
  CHECK(needed == 684);
  exact = malloc(needed + 1);
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_SIGNATURE, NULL, 0, exact, needed + 1, &len), OAUTHSIG_OK);
  CHECK(len == 684 && strlen(exact) == 684);
  free(exact);
  CHECK_RC(oauthsig_request_check_signature_with_public_key(r, pub, &valid), OAUTHSIG_OK);
  CHECK(valid);
  oauthsig_request_free(r);
  r = NULL;
  /* A request a server received: its long signature is kept whole. */
  s.method = str("GET");
  s.url = str("https://api.example.com/x");
  s.body_kind = OAUTHSIG_BODY_NONE;
  s.body = str(NULL);
  CHECK_RC(oauthsig_sign(k, &s, OAUTHSIG_PLACEMENT_HEADER, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK_RC(oauthsig_request_parse(S("GET"), S("https://api.example.com/x"), (const uint8_t *)buf, len, NULL, 0,
                                  NULL, 0, NULL, 0, &r), OAUTHSIG_OK);
  valid = false;
  CHECK_RC(oauthsig_request_check_signature_with_public_key(r, pub, &valid), OAUTHSIG_OK);
  CHECK(valid);
  CHECK_RC(oauthsig_request_write(r, OAUTHSIG_OUTPUT_SIGNATURE, NULL, 0, buf, sizeof buf, &len), OAUTHSIG_OK);
  CHECK(len == 684);
  oauthsig_request_free(r);
  oauthsig_verifier_free(v);
  oauthsig_consumer_free(c);
  oauthsig_signing_key_free(k);
  oauthsig_rsa_public_key_free(pub);
  oauthsig_rsa_private_key_free(pk);
}

int main(void) {
  test_key_formats();
  test_oauthlib_vector();
  test_wrong_kind();
  test_sign_then_verify();
  test_sizing_4096();
  return check_finish();
}
