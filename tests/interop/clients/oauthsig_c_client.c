/*
 * oauthsig's C ABI as an OAuth 1.0a client peer: signs with liboauthsig (include/oauthsig.h,
 * installed by scripts/install-c and found through pkg-config), sends with libcurl. Built by
 * clients/build_oauthsig_clients.sh, which the interop harness runs; see tests/interop/README.md.
 *
 * Two ways to run it.
 *
 * The peer contract shared by every client under test (harness/src/clients.rs):
 *     --base URL --consumer-key K --consumer-secret S --token T --token-secret TS
 *     --signature-method HMAC-SHA1|HMAC-SHA256|HMAC-SHA512|PLAINTEXT|RSA-SHA1|RSA-SHA256|RSA-SHA512
 *     [--private-key FILE] [--mode header|params] [--dump]
 * sends, to --base,
 *     GET  /resource?q=hello%20world&x=1&x=2
 *     POST /resource   body a=1&b=caf%C3%A9&b=%21 (application/x-www-form-urlencoded)
 *     POST /json       a JSON body, signed with oauth_body_hash
 * and prints `<METHOD> <path> <status>` per request; --dump prints each signed request as one
 * JSON line instead: {"method": .., "url": .., "headers": {..}, "body": str|null}.
 * --mode header (default) puts the protocol parameters in the Authorization header
 * (OAUTHSIG_OUTPUT_HEADER); --mode params in the query (OAUTHSIG_OUTPUT_URL) or, for the form,
 * the body (OAUTHSIG_OUTPUT_POSTDATA).
 * The RSA methods (RFC 5849 section 3.4.3) sign with the consumer's private key, --private-key
 * (PEM or DER, PKCS#8 or PKCS#1, read by oauthsig_rsa_private_key_new), through a consumer from
 * oauthsig_consumer_new_rsa; the secrets are then unused. --private-key is required with them
 * and ignored with the others.
 * Exit status: 0 every answer was 200 (or dumped), 1 otherwise, 2 usage error, 3 a signature
 * method this client does not sign (any name but the seven above).
 *
 * The three-legged flow (RFC 5849 section 1.2) against tests/interop/provider.py:
 *     --flow --base URL --consumer-key K --consumer-secret S --signature-method M --callback URL
 *            [--private-key FILE --wrong-private-key FILE]   (the RSA methods)
 * starts from the consumer credentials alone: temporary credentials with oauth_callback,
 * answer parsed by oauthsig_token_parse; /authorize, the verifier read from the callback
 * redirect with oauthsig_request_new + oauthsig_request_get; token credentials with the
 * verifier, parsed again; then protected resources with the protocol parameters in the header,
 * the query or the form body, and in the header made by the heap-free one-shot
 * oauthsig_sign_header ("oneshot"; for RSA with a key from oauthsig_signing_key_new_rsa); then
 * requests the provider must refuse (401): a replay, a wrong consumer secret, a wrong token
 * secret, a JSON body changed after signing. With an RSA method the wrong consumer secret is a
 * wrong private key (--wrong-private-key), a wrong token secret must be accepted (200: an RSA
 * signature does not involve it) and a token the provider never issued is refused instead.
 * One JSON line per step (format in harness/src/flow.rs, which checks it). Exit status: 0
 * every step was answered as expected, 1 otherwise, 2 usage error, 3 as above.
 */
#include <oauthsig.h>

#include <curl/curl.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT(s) (const uint8_t *)(s), strlen(s)

#define GET_PATH "/resource?q=hello%20world&x=1&x=2"
#define FORM_PATH "/resource"
#define FORM_BODY "a=1&b=caf%C3%A9&b=%21"
#define JSON_PATH "/json"
/* Non-ASCII on purpose: the body hash is over octets, whatever the text. */
#define JSON_BODY "{\"hello\":\"world\",\"n\":1,\"list\":[\"\xc3\xa9\",null]}"
#define CHANGED_JSON_BODY "{\"hello\":\"mallory\",\"n\":1,\"list\":[\"\xc3\xa9\",null]}"
#define FORM_TYPE "application/x-www-form-urlencoded"
#define JSON_TYPE "application/json"
/* Answers are small echoes; anything bigger is a broken peer, not data. */
#define MAX_ANSWER (1u << 20)
/* An 8192-bit key, the largest oauthsig reads, is under 7 KB of PEM. */
#define MAX_KEY_FILE (1u << 16)

enum { EXIT_ALL_200 = 0, EXIT_FAILED = 1, EXIT_USAGE = 2, EXIT_UNSUPPORTED = 3 };

/* The three requests every peer sends. */
enum resource { GET_RESOURCE, POST_FORM, POST_JSON };

/* Where the protocol parameters travel (RFC 5849 section 3.5). */
enum placement {
    IN_HEADER, /* Authorization header, OAUTHSIG_OUTPUT_HEADER */
    IN_QUERY,  /* OAUTHSIG_OUTPUT_URL */
    IN_BODY,   /* OAUTHSIG_OUTPUT_POSTDATA (form bodies only) */
    ONESHOT    /* Authorization header from oauthsig_sign_header (no opaque bodies) */
};

static const char *const placement_names[] = {"header", "query", "body", "oneshot"};

struct options {
    const char *base; /* without trailing slashes */
    const char *consumer_key;
    const char *consumer_secret;
    const char *token;
    const char *token_secret;
    const char *callback;
    const char *private_key;       /* key file for the RSA methods */
    const char *wrong_private_key; /* --flow, RSA: another key, for the refusal */
    oauthsig_rsa_private_key *rsa_key; /* private_key read, for the RSA methods; else NULL */
    uint32_t method;
    bool params_mode;
    bool dump;
    bool flow;
};

/* A signed request as it goes on the wire. Strings are heap-allocated unless noted. */
struct outgoing {
    const char *method;       /* static */
    const char *path;         /* static, without query: for the status line */
    char *url;
    char *authorization;      /* the header value ("OAuth ..."), or NULL */
    const char *content_type; /* static, or NULL */
    char *body;               /* NULL: no body at all */
};

/* What came back. */
struct reply {
    long status; /* 0: no answer (transport error) */
    char *body;  /* NUL-terminated, never NULL after send_request */
    size_t len;
    char *callback_location; /* X-OAuth-Callback-Location, or NULL */
};

/* ---- small helpers --------------------------------------------------------------------- */

static void *check_alloc(void *p)
{
    if (p == NULL) {
        fputs("oauthsig_c_client: out of memory\n", stderr);
        exit(EXIT_FAILED);
    }
    return p;
}

/* printf into a fresh heap string. */
static char *format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        fputs("oauthsig_c_client: vsnprintf failed\n", stderr);
        exit(EXIT_FAILED);
    }
    char *out = check_alloc(malloc((size_t)n + 1));
    va_start(ap, fmt);
    vsnprintf(out, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return out;
}

/* Prints a library failure with the library's own detail (oauthsig_last_error_message). */
static void print_failure(const char *what, oauthsig_result rc)
{
    char detail[512];
    size_t len = 0;
    if (oauthsig_last_error_message(detail, sizeof detail, &len) != OAUTHSIG_OK) {
        detail[0] = '\0';
    }
    fprintf(stderr, "oauthsig_c_client: %s: %s (%u): %s\n", what, oauthsig_result_str(rc),
            (unsigned)rc, detail);
}

/* A library failure on our own input is a bug in this client or in oauthsig: stop. */
static void check(oauthsig_result rc, const char *what)
{
    if (rc != OAUTHSIG_OK) {
        print_failure(what, rc);
        exit(EXIT_FAILED);
    }
}

/* The first half of the header's size-and-retry convention: a call without a buffer must
 * answer OAUTHSIG_BUFFER_TOO_SMALL with the length in *out_len. Returns room for the second
 * call: len + 1 bytes. */
static char *buffer_for(oauthsig_result first, size_t len, const char *what)
{
    if (first != OAUTHSIG_BUFFER_TOO_SMALL) {
        check(first, what);
        fprintf(stderr, "oauthsig_c_client: %s: succeeded without a buffer\n", what);
        exit(EXIT_FAILED);
    }
    return check_alloc(malloc(len + 1));
}

static char *request_output(const oauthsig_request *r, uint32_t what)
{
    size_t len = 0;
    oauthsig_result rc = oauthsig_request_write(r, what, NULL, 0, NULL, 0, &len);
    char *out = buffer_for(rc, len, "oauthsig_request_write (size)");
    check(oauthsig_request_write(r, what, NULL, 0, out, len + 1, &len), "oauthsig_request_write");
    return out;
}

/* The decoded value of the first parameter `name`, or NULL when there is none. */
static char *request_param(const oauthsig_request *r, const char *name)
{
    size_t len = 0;
    oauthsig_result rc = oauthsig_request_get(r, TEXT(name), NULL, 0, &len);
    if (rc == OAUTHSIG_NOT_FOUND) {
        return NULL;
    }
    char *out = buffer_for(rc, len, "oauthsig_request_get (size)");
    check(oauthsig_request_get(r, TEXT(name), out, len + 1, &len), "oauthsig_request_get");
    return out;
}

static char *token_field(const oauthsig_token *t, uint32_t field)
{
    size_t len = 0;
    oauthsig_result rc = oauthsig_token_get_field(t, field, NULL, 0, &len);
    char *out = buffer_for(rc, len, "oauthsig_token_get_field (size)");
    check(oauthsig_token_get_field(t, field, out, len + 1, &len), "oauthsig_token_get_field");
    return out;
}

/* Signs `r` with `method`. The peers are plain http on loopback: PLAINTEXT (RFC 5849
 * section 3.4.4 wants TLS) is signed over it only because this client asks. */
static void sign_request(oauthsig_request *r, uint32_t method, const oauthsig_consumer *consumer,
                         const oauthsig_token *token)
{
    check(oauthsig_request_allow_plaintext_over_http(r, 1),
          "oauthsig_request_allow_plaintext_over_http");
    check(oauthsig_request_sign(r, method, consumer, token), "oauthsig_request_sign");
}

static char *one_shot_header(const oauthsig_signing_key *key, const oauthsig_sign_input *in)
{
    size_t len = 0;
    oauthsig_result rc = oauthsig_sign_header(key, in, NULL, 0, &len);
    char *out = buffer_for(rc, len, "oauthsig_sign_header (size)");
    check(oauthsig_sign_header(key, in, out, len + 1, &len), "oauthsig_sign_header");
    return out;
}

/* Whether `method` signs with the consumer's RSA private key (RFC 5849 section 3.4.3). */
static bool is_rsa(uint32_t method)
{
    return method == OAUTHSIG_RSA_SHA1 || method == OAUTHSIG_RSA_SHA256 ||
           method == OAUTHSIG_RSA_SHA512;
}

/* Reads the RSA private key in the file at `path` (any form oauthsig_rsa_private_key_new
 * takes); a file that cannot be read or holds no such key ends the client. */
static oauthsig_rsa_private_key *read_private_key(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        exit(EXIT_FAILED);
    }
    uint8_t *data = NULL;
    size_t len = 0;
    uint8_t chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (n > MAX_KEY_FILE - len) {
            fprintf(stderr, "oauthsig_c_client: %s: too large for a key\n", path);
            exit(EXIT_FAILED);
        }
        data = check_alloc(realloc(data, len + n));
        memcpy(data + len, chunk, n);
        len += n;
    }
    bool failed = ferror(f) != 0;
    fclose(f);
    if (failed) {
        fprintf(stderr, "oauthsig_c_client: %s: read error\n", path);
        exit(EXIT_FAILED);
    }
    oauthsig_rsa_private_key *key = NULL;
    oauthsig_result rc = oauthsig_rsa_private_key_new(data, len, &key);
    /* The file is the key: wipe the copy before letting it go. */
    if (data) {
        memset(data, 0, len);
    }
    free(data);
    if (rc != OAUTHSIG_OK) {
        fprintf(stderr, "oauthsig_c_client: --private-key %s:\n", path);
        check(rc, "oauthsig_rsa_private_key_new");
    }
    return key;
}

/* The consumer's credentials for o->method: the key with `secret`, or for an RSA method with
 * the private key `rsa_key` (the secret is then unused). */
static oauthsig_consumer *new_consumer(const struct options *o, const char *secret,
                                       const oauthsig_rsa_private_key *rsa_key)
{
    oauthsig_consumer *consumer = NULL;
    if (is_rsa(o->method)) {
        check(oauthsig_consumer_new_rsa(TEXT(o->consumer_key), rsa_key, &consumer),
              "oauthsig_consumer_new_rsa");
    } else {
        check(oauthsig_consumer_new(TEXT(o->consumer_key), TEXT(secret), &consumer),
              "oauthsig_consumer_new");
    }
    return consumer;
}

static oauthsig_str str_of(const char *s)
{
    oauthsig_str out = {(const uint8_t *)s, s ? strlen(s) : 0};
    return out;
}

/* ---- JSON output ----------------------------------------------------------------------- */

static void print_json_string(const char *s)
{
    if (s == NULL) {
        fputs("null", stdout);
        return;
    }
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            printf("\\%c", *p);
        } else if (*p < 0x20) {
            printf("\\u%04x", *p);
        } else {
            putchar(*p);
        }
    }
    putchar('"');
}

/* One step of the flow: {"step":..,"placement":..,"status":..[, more fields]} is printed by
 * step_begin, the caller's fields, step_end. */
static void step_begin(const char *step, const char *placement, long status)
{
    fputs("{\"step\":", stdout);
    print_json_string(step);
    if (placement) {
        fputs(",\"placement\":", stdout);
        print_json_string(placement);
    }
    printf(",\"status\":%ld", status);
}

static void field_string(const char *name, const char *value)
{
    printf(",\"%s\":", name);
    print_json_string(value);
}

static void step_end(void)
{
    fputs("}\n", stdout);
    fflush(stdout);
}

static void dump_request(const struct outgoing *r)
{
    fputs("{\"method\":", stdout);
    print_json_string(r->method);
    fputs(",\"url\":", stdout);
    print_json_string(r->url);
    fputs(",\"headers\":{", stdout);
    const char *sep = "";
    if (r->authorization) {
        fputs("\"Authorization\":", stdout);
        print_json_string(r->authorization);
        sep = ",";
    }
    if (r->content_type) {
        printf("%s\"Content-Type\":", sep);
        print_json_string(r->content_type);
    }
    fputs("},\"body\":", stdout);
    print_json_string(r->body);
    fputs("}\n", stdout);
}

/* ---- HTTP with libcurl ----------------------------------------------------------------- */

static size_t on_body(char *data, size_t size, size_t nmemb, void *userdata)
{
    struct reply *r = userdata;
    size_t n = size * nmemb;
    if (n > MAX_ANSWER - r->len) {
        return 0; /* makes curl fail the transfer with CURLE_WRITE_ERROR */
    }
    r->body = check_alloc(realloc(r->body, r->len + n + 1));
    memcpy(r->body + r->len, data, n);
    r->len += n;
    r->body[r->len] = '\0';
    return n;
}

/* Whether `line` starts with `name` in any ASCII case (header names are case-insensitive). */
static bool starts_with_name(const char *line, size_t len, const char *name)
{
    size_t n = strlen(name);
    if (len < n) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char c = line[i];
        if (c >= 'A' && c <= 'Z') {
            c = (char)(c - 'A' + 'a');
        }
        if (c != name[i]) {
            return false;
        }
    }
    return true;
}

/* Keeps X-OAuth-Callback-Location, where provider.py names the redirect a browser would get. */
static size_t on_header(char *data, size_t size, size_t nmemb, void *userdata)
{
    struct reply *r = userdata;
    size_t n = size * nmemb;
    static const char name[] = "x-oauth-callback-location:";
    if (r->callback_location == NULL && starts_with_name(data, n, name)) {
        size_t start = sizeof name - 1;
        size_t end = n;
        while (start < end && (data[start] == ' ' || data[start] == '\t')) {
            start++;
        }
        while (end > start && (data[end - 1] == '\r' || data[end - 1] == '\n' ||
                               data[end - 1] == ' ' || data[end - 1] == '\t')) {
            end--;
        }
        r->callback_location = format("%.*s", (int)(end - start), data + start);
    }
    return n;
}

static struct reply send_request(const struct outgoing *o)
{
    struct reply r = {0, check_alloc(calloc(1, 1)), 0, NULL};
    CURL *curl = curl_easy_init();
    if (curl == NULL) {
        fputs("oauthsig_c_client: curl_easy_init failed\n", stderr);
        exit(EXIT_FAILED);
    }
    struct curl_slist *headers = NULL;
    char *auth_line = NULL;
    char *type_line = NULL;
    if (o->authorization) {
        auth_line = format("Authorization: %s", o->authorization);
        headers = check_alloc(curl_slist_append(headers, auth_line));
    }
    if (strcmp(o->method, "GET") == 0) {
        curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    } else {
        /* Only GET and POST are sent. A bodiless POST (the token endpoints) goes out with
         * Content-Length: 0 and, below, no Content-Type: exactly what was signed. */
        const char *body = o->body ? o->body : "";
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    }
    /* "Content-Type:" with no value removes the form type curl would claim for a POST. */
    type_line = o->content_type ? format("Content-Type: %s", o->content_type)
                                : format("Content-Type:");
    headers = check_alloc(curl_slist_append(headers, type_line));
    headers = check_alloc(curl_slist_append(headers, "Expect:")); /* no 100-continue wait */
    curl_easy_setopt(curl, CURLOPT_URL, o->url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_NOPROXY, "*"); /* loopback only, whatever the env says */
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 5L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &r);

    CURLcode rc = curl_easy_perform(curl);
    if (rc == CURLE_OK) {
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
    } else {
        fprintf(stderr, "oauthsig_c_client: %s %s: %s\n", o->method, o->url,
                curl_easy_strerror(rc));
    }
    curl_slist_free_all(headers);
    free(auth_line);
    free(type_line);
    curl_easy_cleanup(curl);
    return r;
}

static void free_reply(struct reply *r)
{
    free(r->body);
    free(r->callback_location);
}

static void free_outgoing(struct outgoing *o)
{
    free(o->url);
    free(o->authorization);
    free(o->body);
}

/* ---- signing ----------------------------------------------------------------------------- */

static const char *resource_method(enum resource what)
{
    return what == GET_RESOURCE ? "GET" : "POST";
}

static const char *resource_path(enum resource what)
{
    switch (what) {
    case GET_RESOURCE:
        return "/resource";
    case POST_FORM:
        return FORM_PATH;
    case POST_JSON:
        return JSON_PATH;
    }
    return "/";
}

/* The URL as the resource is requested, query included. */
static char *resource_url(const char *base, enum resource what)
{
    return format("%s%s", base, what == GET_RESOURCE ? GET_PATH : resource_path(what));
}

/* Signs one of the three requests with `consumer` and `token` and lays it out for
 * `placement`. The one-shot placement prepares its key from `consumer` and `token`, or for an
 * RSA method from the private key alone (oauthsig_signing_key_new_rsa: the consumer's,
 * o->rsa_key; the token is sent, its secret plays no part). */
static struct outgoing sign_resource(const struct options *o, const oauthsig_consumer *consumer,
                                     const oauthsig_token *token, enum resource what,
                                     enum placement placement)
{
    struct outgoing out = {resource_method(what), resource_path(what), NULL, NULL, NULL, NULL};
    char *url = resource_url(o->base, what);
    if (placement == ONESHOT) {
        /* The heap-free path: a prepared key and a description of the request. It signs form
         * bodies by their parameters and has no body hash, so no JSON here. */
        if (what == POST_JSON) {
            fputs("oauthsig_c_client: oauthsig_sign_header has no body hash\n", stderr);
            exit(EXIT_FAILED);
        }
        oauthsig_signing_key *key = NULL;
        if (is_rsa(o->method)) {
            check(oauthsig_signing_key_new_rsa(o->method, o->rsa_key, &key),
                  "oauthsig_signing_key_new_rsa");
        } else {
            check(oauthsig_signing_key_new(o->method, consumer, token, &key),
                  "oauthsig_signing_key_new");
        }
        char *token_key = token ? token_field(token, OAUTHSIG_TOKEN_KEY) : NULL;
        oauthsig_sign_input in = {
            .method = str_of(out.method),
            .url = str_of(url),
            .form_body = str_of(what == POST_FORM ? FORM_BODY : NULL),
            .consumer_key = str_of(o->consumer_key),
            .token = str_of(token_key),
            .include_version = 1,
            /* The peers are plain http on loopback: PLAINTEXT (RFC 5849 section 3.4.4
             * wants TLS) is signed over it only because this client asks. */
            .allow_plaintext_over_http = 1,
        };
        out.authorization = one_shot_header(key, &in);
        out.url = url;
        if (what == POST_FORM) {
            out.content_type = FORM_TYPE;
            out.body = format("%s", FORM_BODY);
        }
        free(token_key);
        oauthsig_signing_key_free(key);
        return out;
    }

    oauthsig_request *r = NULL;
    check(oauthsig_request_from_consumer_and_token(consumer, token, TEXT(out.method), TEXT(url),
                                                   &r),
          "oauthsig_request_from_consumer_and_token");
    if (what == POST_FORM) {
        check(oauthsig_request_set_form_body(r, TEXT(FORM_BODY)), "oauthsig_request_set_form_body");
        out.content_type = FORM_TYPE;
    } else if (what == POST_JSON) {
        check(oauthsig_request_set_body(r, TEXT(JSON_BODY), TEXT(JSON_TYPE)),
              "oauthsig_request_set_body");
        out.content_type = JSON_TYPE;
    }
    sign_request(r, o->method, consumer, token);
    switch (placement) {
    case IN_HEADER:
        out.authorization = request_output(r, OAUTHSIG_OUTPUT_HEADER);
        out.url = url;
        url = NULL;
        if (what != GET_RESOURCE) {
            out.body = format("%s", what == POST_FORM ? FORM_BODY : JSON_BODY);
        }
        break;
    case IN_QUERY:
        out.url = request_output(r, OAUTHSIG_OUTPUT_URL);
        if (what == POST_JSON) {
            out.body = format("%s", JSON_BODY);
        }
        break;
    case IN_BODY:
        if (what != POST_FORM) {
            fputs("oauthsig_c_client: only a form body can carry the protocol parameters\n",
                  stderr);
            exit(EXIT_FAILED);
        }
        out.url = url;
        url = NULL;
        out.body = request_output(r, OAUTHSIG_OUTPUT_POSTDATA);
        out.content_type = FORM_TYPE;
        break;
    case ONESHOT:
        break; /* handled above */
    }
    free(url);
    oauthsig_request_free(r);
    return out;
}

/* ---- the peer contract ------------------------------------------------------------------- */

static int run_peer(const struct options *o)
{
    oauthsig_consumer *consumer = new_consumer(o, o->consumer_secret, o->rsa_key);
    oauthsig_token *token = NULL;
    check(oauthsig_token_new(TEXT(o->token), TEXT(o->token_secret), &token), "oauthsig_token_new");
    static const enum resource resources[] = {GET_RESOURCE, POST_FORM, POST_JSON};
    int exit_code = EXIT_ALL_200;
    for (size_t i = 0; i < sizeof resources / sizeof resources[0]; i++) {
        enum resource what = resources[i];
        enum placement placement = !o->params_mode ? IN_HEADER
                                   : what == POST_FORM ? IN_BODY
                                                       : IN_QUERY;
        struct outgoing out = sign_resource(o, consumer, token, what, placement);
        if (o->dump) {
            dump_request(&out);
        } else {
            struct reply r = send_request(&out);
            printf("%s %s %ld\n", out.method, out.path, r.status);
            fflush(stdout);
            if (r.status != 200) {
                fprintf(stderr, "%s %s: %s\n", out.method, out.path, r.body);
                exit_code = EXIT_FAILED;
            }
            free_reply(&r);
        }
        free_outgoing(&out);
    }
    oauthsig_token_free(token);
    oauthsig_consumer_free(consumer);
    return exit_code;
}

/* ---- the three-legged flow --------------------------------------------------------------- */

/* Prints the answer body of a step that went wrong, for the harness's failure message. */
static void report(const char *step, const struct reply *r)
{
    fprintf(stderr, "oauthsig_c_client: %s: status %ld: %s\n", step, r->status, r->body);
}

/* A credentials response (RFC 5849 sections 2.1, 2.3) parsed by oauthsig, or NULL (reported)
 * when the answer is not 200 or does not parse. */
static oauthsig_token *parse_credentials(const char *step, const struct reply *r)
{
    if (r->status != 200) {
        report(step, r);
        return NULL;
    }
    oauthsig_token *t = NULL;
    oauthsig_result rc = oauthsig_token_parse((const uint8_t *)r->body, r->len, &t);
    if (rc != OAUTHSIG_OK) {
        print_failure("oauthsig_token_parse", rc);
        report(step, r);
        return NULL;
    }
    return t;
}

/* Sends `out` (then frees it), prints the step with provider.py's echo (one line of JSON,
 * passed through for the harness to check) or the refusal; true when the status was `want`. */
static bool protected_step(const char *step, enum placement placement, struct outgoing *out,
                           long want)
{
    struct reply r = send_request(out);
    step_begin(step, placement_names[placement], r.status);
    if (r.status == 200) {
        printf(",\"echo\":%s", r.body);
    } else {
        field_string("answer", r.body);
    }
    step_end();
    bool as_expected = r.status == want;
    if (!as_expected) {
        report(step, &r);
    }
    free_reply(&r);
    free_outgoing(out);
    return as_expected;
}

/* Step 1, temporary credentials (RFC 5849 section 2.1): a POST signed with the consumer
 * credentials alone, carrying oauth_callback. NULL when refused or not confirmed. */
static oauthsig_token *temporary_credentials(const struct options *o,
                                             const oauthsig_consumer *consumer)
{
    char *url = format("%s/request_token", o->base);
    oauthsig_request *req = NULL;
    check(oauthsig_request_from_consumer_and_token(consumer, NULL, TEXT("POST"), TEXT(url), &req),
          "oauthsig_request_from_consumer_and_token");
    check(oauthsig_request_set(req, OAUTHSIG_PARAM_CALLBACK, TEXT(o->callback)),
          "oauthsig_request_set (callback)");
    sign_request(req, o->method, consumer, NULL);
    struct outgoing out = {"POST", "/request_token", url,
                           request_output(req, OAUTHSIG_OUTPUT_HEADER), NULL, NULL};
    oauthsig_request_free(req);
    struct reply r = send_request(&out);
    free_outgoing(&out);

    oauthsig_token *temporary = parse_credentials("request_token", &r);
    bool confirmed = false;
    char *key = NULL;
    if (temporary) {
        check(oauthsig_token_callback_confirmed(temporary, &confirmed),
              "oauthsig_token_callback_confirmed");
        key = token_field(temporary, OAUTHSIG_TOKEN_KEY);
    }
    step_begin("request_token", NULL, r.status);
    field_string("token", key);
    printf(",\"callback_confirmed\":%s", confirmed ? "true" : "false");
    step_end();
    free(key);
    free_reply(&r);
    if (temporary && !confirmed) {
        fputs("oauthsig_c_client: request_token: oauth_callback_confirmed is not true\n", stderr);
        oauthsig_token_free(temporary);
        temporary = NULL;
    }
    return temporary;
}

/* Step 2, resource-owner authorization (section 2.2): provider.py approves at once and names
 * the redirect a browser would follow; the client's callback handler reads the verifier from
 * it and keeps it in the token. False when there is no verifier for this token. */
static bool authorize(const struct options *o, oauthsig_token *temporary)
{
    char *url = format("%s/authorize", o->base);
    oauthsig_request *req = NULL;
    check(oauthsig_request_from_token_and_callback(temporary, NULL, 0, TEXT("GET"), TEXT(url),
                                                   &req),
          "oauthsig_request_from_token_and_callback");
    free(url);
    struct outgoing out = {"GET", "/authorize", request_output(req, OAUTHSIG_OUTPUT_URL), NULL,
                           NULL, NULL};
    oauthsig_request_free(req);
    struct reply r = send_request(&out);
    free_outgoing(&out);

    char *token = NULL;
    char *verifier = NULL;
    char *state = NULL;
    char *next = NULL;
    if (r.status == 200 && r.callback_location) {
        oauthsig_request *redirect = NULL;
        check(oauthsig_request_new(TEXT("GET"), TEXT(r.callback_location), &redirect),
              "oauthsig_request_new (callback redirect)");
        token = request_param(redirect, "oauth_token");
        verifier = request_param(redirect, "oauth_verifier");
        state = request_param(redirect, "state");
        next = request_param(redirect, "next");
        oauthsig_request_free(redirect);
    } else {
        report("authorize (no X-OAuth-Callback-Location)", &r);
    }
    step_begin("authorize", NULL, r.status);
    field_string("oauth_token", token);
    field_string("verifier", verifier);
    field_string("state", state);
    field_string("next", next);
    step_end();

    /* The token in the redirect must be the one this client asked to have authorized (OAuth
     * Security Advisory 2009.1) before its verifier is used. */
    char *ours = token_field(temporary, OAUTHSIG_TOKEN_KEY);
    bool ok = token && verifier && strcmp(token, ours) == 0;
    if (ok) {
        check(oauthsig_token_set_verifier(temporary, TEXT(verifier)),
              "oauthsig_token_set_verifier");
    } else {
        fputs("oauthsig_c_client: authorize: no verifier for our temporary token\n", stderr);
    }
    free(ours);
    free(token);
    free(verifier);
    free(state);
    free(next);
    free_reply(&r);
    return ok;
}

/* Step 3, token credentials (section 2.3): signed with the temporary credentials, whose
 * verifier oauthsig_request_from_consumer_and_token adds. NULL when refused. */
static oauthsig_token *token_credentials(const struct options *o,
                                         const oauthsig_consumer *consumer,
                                         const oauthsig_token *temporary)
{
    char *url = format("%s/access_token", o->base);
    oauthsig_request *req = NULL;
    check(oauthsig_request_from_consumer_and_token(consumer, temporary, TEXT("POST"), TEXT(url),
                                                   &req),
          "oauthsig_request_from_consumer_and_token");
    sign_request(req, o->method, consumer, temporary);
    struct outgoing out = {"POST", "/access_token", url,
                           request_output(req, OAUTHSIG_OUTPUT_HEADER), NULL, NULL};
    oauthsig_request_free(req);
    struct reply r = send_request(&out);
    free_outgoing(&out);

    oauthsig_token *access = parse_credentials("access_token", &r);
    char *key = access ? token_field(access, OAUTHSIG_TOKEN_KEY) : NULL;
    step_begin("access_token", NULL, r.status);
    field_string("token", key);
    step_end();
    free(key);
    free_reply(&r);
    return access;
}

/* Step 4, protected resources, every way this client lays them out; true when all got 200. */
static bool protected_resources(const struct options *o, const oauthsig_consumer *consumer,
                                const oauthsig_token *access)
{
    static const struct {
        const char *step;
        enum resource what;
        enum placement placement;
    } steps[] = {
        {"get_resource", GET_RESOURCE, IN_HEADER}, {"get_resource", GET_RESOURCE, IN_QUERY},
        {"get_resource", GET_RESOURCE, ONESHOT},   {"post_form", POST_FORM, IN_HEADER},
        {"post_form", POST_FORM, IN_BODY},         {"post_form", POST_FORM, ONESHOT},
        {"post_json", POST_JSON, IN_HEADER},       {"post_json", POST_JSON, IN_QUERY},
    };
    bool all = true;
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        struct outgoing out = sign_resource(o, consumer, access, steps[i].what, steps[i].placement);
        all &= protected_step(steps[i].step, steps[i].placement, &out, 200);
    }
    return all;
}

/* Step 5, requests the provider must refuse with 401; true when it did. */
static bool refusals(const struct options *o, const oauthsig_consumer *consumer,
                     const oauthsig_token *access)
{
    bool all = true;

    /* A replay: the same signed request twice, accepted once. */
    struct outgoing out = sign_resource(o, consumer, access, GET_RESOURCE, IN_HEADER);
    struct reply first = send_request(&out);
    struct reply again = send_request(&out);
    step_begin("replay", placement_names[IN_HEADER], again.status);
    printf(",\"first\":%ld", first.status);
    step_end();
    if (first.status != 200 || again.status != 401) {
        report("replay (first)", &first);
        report("replay (again)", &again);
        all = false;
    }
    free_reply(&first);
    free_reply(&again);
    free_outgoing(&out);

    /* The consumer's credential replaced: its secret, or for RSA its private key by another
     * valid one the provider does not know. */
    bool rsa = is_rsa(o->method);
    oauthsig_rsa_private_key *wrong_key = rsa ? read_private_key(o->wrong_private_key) : NULL;
    oauthsig_consumer *wrong_consumer = new_consumer(o, "not-the-consumer-secret", wrong_key);
    oauthsig_rsa_private_key_free(wrong_key); /* the consumer keeps its own copy */
    out = sign_resource(o, wrong_consumer, access, GET_RESOURCE, IN_HEADER);
    all &= protected_step(rsa ? "wrong_private_key" : "wrong_consumer_secret", IN_HEADER, &out,
                          401);
    oauthsig_consumer_free(wrong_consumer);

    /* The token secret replaced: refused, but for RSA accepted, since an RSA signature does not
     * involve it (section 3.4.3). */
    char *key = token_field(access, OAUTHSIG_TOKEN_KEY);
    oauthsig_token *wrong_token = NULL;
    check(oauthsig_token_new(TEXT(key), TEXT("not-the-token-secret"), &wrong_token),
          "oauthsig_token_new");
    free(key);
    out = sign_resource(o, consumer, wrong_token, POST_FORM, IN_HEADER);
    all &= protected_step("wrong_token_secret", IN_HEADER, &out, rsa ? 200 : 401);
    oauthsig_token_free(wrong_token);

    if (rsa) {
        /* What RSA does check of the token: that the provider issued it. */
        char *secret = token_field(access, OAUTHSIG_TOKEN_SECRET);
        oauthsig_token *unknown = NULL;
        check(oauthsig_token_new(TEXT("not-an-issued-token"), TEXT(secret), &unknown),
              "oauthsig_token_new");
        memset(secret, 0, strlen(secret));
        free(secret);
        out = sign_resource(o, consumer, unknown, POST_FORM, IN_HEADER);
        all &= protected_step("unknown_token", IN_HEADER, &out, 401);
        oauthsig_token_free(unknown);
    }

    /* The body hash binds the body: the signed header with another JSON body. */
    out = sign_resource(o, consumer, access, POST_JSON, IN_HEADER);
    free(out.body);
    out.body = format("%s", CHANGED_JSON_BODY);
    all &= protected_step("changed_json_body", IN_HEADER, &out, 401);
    return all;
}

/* The whole flow; each step needs the one before, so the first failure ends it. */
static int run_flow(const struct options *o)
{
    oauthsig_consumer *consumer = new_consumer(o, o->consumer_secret, o->rsa_key);
    bool ok = false;
    oauthsig_token *temporary = temporary_credentials(o, consumer);
    oauthsig_token *access = NULL;
    if (temporary && authorize(o, temporary)) {
        access = token_credentials(o, consumer, temporary);
    }
    if (access) {
        /* Both, whatever the first says: every answer is worth seeing. */
        bool resources = protected_resources(o, consumer, access);
        ok = refusals(o, consumer, access) && resources;
    }
    oauthsig_token_free(access);
    oauthsig_token_free(temporary);
    oauthsig_consumer_free(consumer);
    return ok ? EXIT_ALL_200 : EXIT_FAILED;
}

/* ---- command line ------------------------------------------------------------------------- */

static void usage(const char *msg)
{
    fprintf(stderr,
            "%s\nusage: oauthsig_c_client --base URL --consumer-key K --consumer-secret S "
            "--token T --token-secret TS [--signature-method HMAC-SHA1|HMAC-SHA256|"
            "HMAC-SHA512|PLAINTEXT|RSA-SHA1|RSA-SHA256|RSA-SHA512] [--private-key FILE] "
            "[--mode header|params] [--dump]\n"
            "       oauthsig_c_client --flow --base URL --consumer-key K --consumer-secret S "
            "--callback URL [--signature-method M] [--private-key FILE "
            "--wrong-private-key FILE]\n",
            msg);
    exit(EXIT_USAGE);
}

static struct options parse_args(int argc, char **argv)
{
    struct options o = {.method = OAUTHSIG_HMAC_SHA1};
    const char *mode = "header";
    const char *method_name = "HMAC-SHA1";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        if (strcmp(a, "--dump") == 0) {
            o.dump = true;
            continue;
        }
        if (strcmp(a, "--flow") == 0) {
            o.flow = true;
            continue;
        }
        if (strcmp(a, "--base") == 0) {
            slot = &o.base;
        } else if (strcmp(a, "--consumer-key") == 0) {
            slot = &o.consumer_key;
        } else if (strcmp(a, "--consumer-secret") == 0) {
            slot = &o.consumer_secret;
        } else if (strcmp(a, "--token") == 0) {
            slot = &o.token;
        } else if (strcmp(a, "--token-secret") == 0) {
            slot = &o.token_secret;
        } else if (strcmp(a, "--signature-method") == 0) {
            slot = &method_name;
        } else if (strcmp(a, "--mode") == 0) {
            slot = &mode;
        } else if (strcmp(a, "--callback") == 0) {
            slot = &o.callback;
        } else if (strcmp(a, "--private-key") == 0) {
            slot = &o.private_key;
        } else if (strcmp(a, "--wrong-private-key") == 0) {
            slot = &o.wrong_private_key;
        }
        if (slot == NULL || i + 1 >= argc) {
            fprintf(stderr, "unknown or incomplete argument: %s\n", a);
            usage("");
        }
        *slot = argv[++i];
    }
    if (!o.base || !o.consumer_key || !o.consumer_secret) {
        usage("missing --base, --consumer-key or --consumer-secret");
    }
    if (o.flow ? (!o.callback || o.token || o.token_secret || o.dump)
               : (!o.token || !o.token_secret || o.callback)) {
        usage(o.flow ? "--flow takes --callback and no token or --dump"
                     : "missing --token or --token-secret (or --callback without --flow)");
    }
    if (strcmp(mode, "header") == 0) {
        o.params_mode = false;
    } else if (strcmp(mode, "params") == 0) {
        o.params_mode = true;
    } else {
        usage("--mode must be header or params");
    }
    static const struct {
        const char *name;
        uint32_t code;
    } methods[] = {
        {"HMAC-SHA1", OAUTHSIG_HMAC_SHA1},     {"HMAC-SHA256", OAUTHSIG_HMAC_SHA256},
        {"HMAC-SHA512", OAUTHSIG_HMAC_SHA512}, {"PLAINTEXT", OAUTHSIG_PLAINTEXT},
        {"RSA-SHA1", OAUTHSIG_RSA_SHA1},       {"RSA-SHA256", OAUTHSIG_RSA_SHA256},
        {"RSA-SHA512", OAUTHSIG_RSA_SHA512},
    };
    size_t m = 0;
    while (m < sizeof methods / sizeof methods[0] && strcmp(method_name, methods[m].name) != 0) {
        m++;
    }
    if (m == sizeof methods / sizeof methods[0]) {
        fprintf(stderr, "oauthsig_c_client: unsupported signature method %s\n", method_name);
        exit(EXIT_UNSUPPORTED);
    }
    o.method = methods[m].code;
    if (is_rsa(o.method) && (!o.private_key || (o.flow && !o.wrong_private_key))) {
        usage(o.flow ? "an RSA method's --flow takes --private-key and --wrong-private-key"
                     : "an RSA method takes --private-key");
    }
    return o;
}

int main(int argc, char **argv)
{
    struct options o = parse_args(argc, argv);
    /* base + "/resource" must have exactly one slash between them. */
    char *base = format("%s", o.base);
    size_t n = strlen(base);
    while (n > 0 && base[n - 1] == '/') {
        base[--n] = '\0';
    }
    o.base = base;
    if (is_rsa(o.method)) {
        o.rsa_key = read_private_key(o.private_key);
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        fputs("oauthsig_c_client: curl_global_init failed\n", stderr);
        return EXIT_FAILED;
    }
    int exit_code = o.flow ? run_flow(&o) : run_peer(&o);
    curl_global_cleanup();
    oauthsig_rsa_private_key_free(o.rsa_key);
    free(base);
    return exit_code;
}
