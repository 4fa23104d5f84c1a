/*
 * Independent OAuth 1.0a client peer: signs with Debian's liboauth (oauth.h), sends with
 * libcurl. Built by clients/build.sh into tests/interop/build/liboauth_client.
 *
 * Sends, to --base:
 *     GET  /resource?q=hello%20world&x=1&x=2
 *     POST /resource   body a=1&b=caf%C3%A9&b=%21 (application/x-www-form-urlencoded)
 * and prints `<METHOD> <path> <status>` per request. Exit status: 0 if every answer was
 * 200, 1 otherwise, 2 on usage errors, 3 for a signature method liboauth cannot do.
 *
 * --dump prints each signed request as one JSON line instead of sending it:
 *     {"method": .., "url": .., "headers": {..}, "body": str|null}
 *
 * --mode header (default): liboauth's documented Authorization-header recipe:
 *     oauth_split_*_parameters -> oauth_sign_array2_process ->
 *     oauth_serialize_url_sep(.., ", ", 6) for the header (oauth_* only, quoted values) and
 *     oauth_serialize_url_sep(.., "&", 1) for the remaining query / form parameters.
 * --mode url2: oauth_sign_url2's native output, with the oauth_* parameters in the query
 *     string (GET) or in the form body (POST) and no Authorization header.
 *
 * RSA-SHA1 (OA_RSA) signs with the PEM private key in --private-key FILE: liboauth takes the
 * key text in place of the consumer secret (oauth_sign_array2_process and oauth_sign_url2
 * hand `c_secret` to oauth_sign_rsa_sha1), and the token secret plays no part.
 *
 * liboauth limitations this peer works around or documents:
 *   - Signature methods are OA_HMAC (HMAC-SHA1), OA_RSA (RSA-SHA1) and OA_PLAINTEXT only:
 *     there is no HMAC-SHA256, HMAC-SHA512, RSA-SHA256 or RSA-SHA512, so those exit with
 *     status 3.
 *   - Debian builds liboauth against NSS, whose oauth_sign_rsa_sha1 reads only a PKCS#8 PEM
 *     key ("BEGIN PRIVATE KEY"). Given a PKCS#1 key ("BEGIN RSA PRIVATE KEY") it returns
 *     NULL, and the oauth_sign_* functions then sign with the text "(null)" without any
 *     error; this peer tries the key once first and exits 1 with a message instead.
 *   - oauth_gen_nonce() makes 15..30 characters from [A-Za-z0-9_]; oauthlib (the reference
 *     provider) accepts only 20..30 alphanumerics. liboauth keeps an oauth_nonce that is
 *     already in the parameter array, so this peer supplies a 24-character alphanumeric
 *     nonce from /dev/urandom.
 *   - liboauth sorts the parameter array in place, so the query string / form body it
 *     serialises comes out in sorted order (same parameters, different order than given).
 */
#define _POSIX_C_SOURCE 200809L

#include <curl/curl.h>
#include <oauth.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GET_PATH "/resource?q=hello%20world&x=1&x=2"
#define POST_PATH "/resource"
#define FORM_BODY "a=1&b=caf%C3%A9&b=%21"
#define FORM "application/x-www-form-urlencoded"
#define NONCE_LEN 24

enum { EXIT_ALL_200 = 0, EXIT_NOT_200 = 1, EXIT_USAGE = 2, EXIT_UNSUPPORTED = 3 };

struct options {
    const char *base;
    const char *consumer_key;
    const char *consumer_secret;
    const char *token;
    const char *token_secret;
    const char *method_name;
    const char *private_key_file;
    char *private_key; /* the PEM text, for OA_RSA; heap */
    OAuthMethod method;
    int dump;
    int url2_mode;
};

/* One signed request, ready to print or send. All strings are heap-allocated. */
struct signed_request {
    const char *method;
    char *url;
    char *authorization; /* full header line value ("OAuth ..."), or NULL */
    char *body;          /* form body, or NULL */
};

static void die(const char *what)
{
    fprintf(stderr, "liboauth_client: %s\n", what);
    exit(EXIT_NOT_200);
}

static void *check_alloc(void *p)
{
    if (p == NULL) {
        die("out of memory");
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
        die("vsnprintf failed");
    }
    char *out = check_alloc(malloc((size_t)n + 1));
    va_start(ap, fmt);
    vsnprintf(out, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return out;
}

/* "oauth_nonce=<24 alphanumerics from /dev/urandom>". The modulo bias (256 % 62) is
 * irrelevant for a test nonce. */
static char *make_nonce_param(void)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char raw[NONCE_LEN];
    FILE *f = fopen("/dev/urandom", "rb");
    if (f == NULL || fread(raw, 1, sizeof raw, f) != sizeof raw) {
        die("cannot read /dev/urandom");
    }
    fclose(f);
    char nonce[NONCE_LEN + 1];
    for (size_t i = 0; i < NONCE_LEN; i++) {
        nonce[i] = alphabet[raw[i] % (sizeof alphabet - 1)];
    }
    nonce[NONCE_LEN] = '\0';
    return format("oauth_nonce=%s", nonce);
}

/* The whole of a (small) text file, NUL-terminated, on the heap. */
static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "liboauth_client: cannot open %s\n", path);
        exit(EXIT_NOT_200);
    }
    size_t cap = 4096, len = 0;
    char *text = check_alloc(malloc(cap));
    size_t n;
    while ((n = fread(text + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (len + 1 == cap) {
            cap *= 2;
            text = check_alloc(realloc(text, cap));
        }
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        die("reading the private key failed");
    }
    text[len] = '\0';
    return text;
}

/* The secret liboauth signs with: for OA_RSA the private key text (see the top). */
static const char *consumer_secret(const struct options *o)
{
    return o->method == OA_RSA ? o->private_key : o->consumer_secret;
}

/* Split the request into liboauth's parameter array (argv[0] is the URL without query),
 * add our nonce. `target` is base+path, with the form body appended as a query for POST,
 * which is how liboauth's own oauth_sign_url2 feeds POST parameters in. */
static int split_request(const char *target, int is_post, char ***argv)
{
    /* Same split oauth_sign_url2 uses: query rules for GET, post rules for POST. */
    int argc = is_post ? oauth_split_post_paramters(target, argv, 0)
                       : oauth_split_url_parameters(target, argv);
    char *nonce = make_nonce_param();
    oauth_add_param_to_array(&argc, argv, nonce);
    free(nonce);
    return argc;
}

static struct signed_request sign_header_mode(const struct options *o, const char *method,
                                              const char *path, const char *body)
{
    int is_post = body != NULL;
    char *target = body ? format("%s%s?%s", o->base, path, body) : format("%s%s", o->base, path);
    char **argv = NULL;
    int argc = split_request(target, is_post, &argv);
    free(target);

    oauth_sign_array2_process(&argc, &argv, NULL, o->method, method, o->consumer_key,
                              consumer_secret(o), o->token, o->token_secret);
    /* mod 6 = 2 (only oauth_* parameters) | 4 (quote values): the header's auth-params. */
    char *auth_params = check_alloc(oauth_serialize_url_sep(argc, 1, argv, ", ", 6));
    /* mod 1: every parameter except oauth_* - the query string or form body to send. */
    char *rest = check_alloc(oauth_serialize_url_sep(argc, 1, argv, "&", 1));

    struct signed_request r = {.method = method};
    r.authorization = format("OAuth %s", auth_params);
    if (is_post) {
        r.url = format("%s", argv[0]);
        r.body = rest;
    } else {
        r.url = rest[0] ? format("%s?%s", argv[0], rest) : format("%s", argv[0]);
        free(rest);
    }
    free(auth_params);
    oauth_free_array(&argc, &argv);
    return r;
}

static struct signed_request sign_url2_mode(const struct options *o, const char *method,
                                            const char *path, const char *body)
{
    /* oauth_sign_url2 keeps an oauth_nonce already present in the URL's parameters. */
    char *nonce = make_nonce_param();
    char *target = body ? format("%s%s?%s&%s", o->base, path, body, nonce)
                        : format("%s%s&%s", o->base, path, nonce);
    free(nonce);
    struct signed_request r = {.method = method};
    char *postargs = NULL;
    r.url = check_alloc(oauth_sign_url2(target, body ? &postargs : NULL, o->method, method,
                                        o->consumer_key, consumer_secret(o), o->token,
                                        o->token_secret));
    r.body = body ? check_alloc(postargs) : NULL;
    free(target);
    return r;
}

static void free_request(struct signed_request *r)
{
    free(r->url);
    free(r->authorization);
    free(r->body);
}

/* JSON string literal for ASCII/UTF-8 text. */
static void print_json_string(FILE *out, const char *s)
{
    if (s == NULL) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            fprintf(out, "\\%c", *p);
        } else if (*p < 0x20) {
            fprintf(out, "\\u%04x", *p);
        } else {
            fputc(*p, out);
        }
    }
    fputc('"', out);
}

static void dump_request(const struct signed_request *r)
{
    fputs("{\"method\":", stdout);
    print_json_string(stdout, r->method);
    fputs(",\"url\":", stdout);
    print_json_string(stdout, r->url);
    fputs(",\"headers\":{", stdout);
    const char *sep = "";
    if (r->authorization) {
        fputs("\"Authorization\":", stdout);
        print_json_string(stdout, r->authorization);
        sep = ",";
    }
    if (r->body) {
        fprintf(stdout, "%s\"Content-Type\":", sep);
        print_json_string(stdout, FORM);
    }
    fputs("},\"body\":", stdout);
    print_json_string(stdout, r->body);
    fputs("}\n", stdout);
}

/* Collects (a bounded prefix of) the response body for error reports. */
struct response_text {
    char buf[2048];
    size_t len;
};

static size_t on_body(char *data, size_t size, size_t nmemb, void *userdata)
{
    struct response_text *t = userdata;
    size_t n = size * nmemb;
    size_t room = sizeof t->buf - 1 - t->len;
    size_t take = n < room ? n : room;
    memcpy(t->buf + t->len, data, take);
    t->len += take;
    t->buf[t->len] = '\0';
    return n;
}

/* Returns the HTTP status, or 0 on a transport error. */
static long send_request(const struct signed_request *r)
{
    CURL *curl = curl_easy_init();
    if (curl == NULL) {
        die("curl_easy_init failed");
    }
    struct curl_slist *headers = NULL;
    char *auth_line = NULL;
    if (r->authorization) {
        auth_line = format("Authorization: %s", r->authorization);
        headers = curl_slist_append(headers, auth_line);
    }
    if (r->body) {
        headers = curl_slist_append(headers, "Content-Type: " FORM);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, r->body);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)strlen(r->body));
    } else {
        curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    }
    headers = curl_slist_append(headers, "Expect:"); /* no 100-continue round trip */
    struct response_text text = {.len = 0};
    text.buf[0] = '\0';
    curl_easy_setopt(curl, CURLOPT_URL, r->url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_NOPROXY, "*"); /* loopback only, whatever the env says */
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &text);

    long status = 0;
    CURLcode rc = curl_easy_perform(curl);
    if (rc != CURLE_OK) {
        fprintf(stderr, "%s: %s\n", r->method, curl_easy_strerror(rc));
    } else {
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        if (status != 200) {
            fprintf(stderr, "%s: %s", r->method, text.buf);
        }
    }
    curl_slist_free_all(headers);
    free(auth_line);
    curl_easy_cleanup(curl);
    return status;
}

/* Path of a URL without query, for the `<METHOD> <path> <status>` line. */
static void print_status_line(const struct signed_request *r, long status)
{
    const char *p = strstr(r->url, "://");
    p = p ? strchr(p + 3, '/') : NULL;
    if (p == NULL) {
        p = "/";
    }
    size_t len = strcspn(p, "?#");
    printf("%s %.*s %ld\n", r->method, (int)len, p, status);
    fflush(stdout);
}

static void usage(const char *msg)
{
    fprintf(stderr,
            "%s%susage: liboauth_client --base URL --consumer-key K --consumer-secret S "
            "--token T --token-secret TS [--signature-method HMAC-SHA1|PLAINTEXT|RSA-SHA1] "
            "[--private-key FILE] [--mode header|url2] [--dump]\n",
            msg ? msg : "", msg ? "\n" : "");
    exit(EXIT_USAGE);
}

static struct options parse_args(int argc, char **argv)
{
    struct options o = {.method_name = "HMAC-SHA1"};
    const char *mode = "header";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        if (strcmp(a, "--dump") == 0) {
            o.dump = 1;
            continue;
        }
        if (strcmp(a, "--base") == 0) slot = &o.base;
        else if (strcmp(a, "--consumer-key") == 0) slot = &o.consumer_key;
        else if (strcmp(a, "--consumer-secret") == 0) slot = &o.consumer_secret;
        else if (strcmp(a, "--token") == 0) slot = &o.token;
        else if (strcmp(a, "--token-secret") == 0) slot = &o.token_secret;
        else if (strcmp(a, "--signature-method") == 0) slot = &o.method_name;
        else if (strcmp(a, "--mode") == 0) slot = &mode;
        else if (strcmp(a, "--private-key") == 0) slot = &o.private_key_file;
        if (slot == NULL || i + 1 >= argc) {
            fprintf(stderr, "unknown or incomplete argument: %s\n", a);
            usage(NULL);
        }
        *slot = argv[++i];
    }
    if (!o.base || !o.consumer_key || !o.consumer_secret || !o.token || !o.token_secret) {
        usage("missing a required option");
    }
    if (strcmp(mode, "header") == 0) {
        o.url2_mode = 0;
    } else if (strcmp(mode, "url2") == 0) {
        o.url2_mode = 1;
    } else {
        usage("--mode must be header or url2");
    }
    if (strcmp(o.method_name, "HMAC-SHA1") == 0) {
        o.method = OA_HMAC;
    } else if (strcmp(o.method_name, "PLAINTEXT") == 0) {
        o.method = OA_PLAINTEXT;
    } else if (strcmp(o.method_name, "RSA-SHA1") == 0) {
        o.method = OA_RSA;
    } else {
        fprintf(stderr, "liboauth_client: unsupported signature method %s "
                        "(liboauth has HMAC-SHA1, RSA-SHA1 and PLAINTEXT only)\n",
                o.method_name);
        exit(EXIT_UNSUPPORTED);
    }
    if (o.method == OA_RSA) {
        if (o.private_key_file == NULL) {
            usage("RSA-SHA1 needs --private-key");
        }
        o.private_key = read_file(o.private_key_file);
        /* A key liboauth cannot load signs as "(null)" silently: refuse it here. */
        char *probe = oauth_sign_rsa_sha1("probe", o.private_key);
        if (probe == NULL) {
            fprintf(stderr, "liboauth_client: liboauth cannot sign with %s (its NSS build "
                            "reads only PKCS#8 PEM keys, \"BEGIN PRIVATE KEY\")\n",
                    o.private_key_file);
            free(o.private_key);
            exit(EXIT_NOT_200);
        }
        free(probe);
    }
    /* Strip trailing slashes so base + "/resource" has exactly one. */
    static char base[4096];
    size_t n = strlen(o.base);
    if (n >= sizeof base) {
        usage("--base too long");
    }
    memcpy(base, o.base, n + 1);
    while (n > 0 && base[n - 1] == '/') {
        base[--n] = '\0';
    }
    o.base = base;
    return o;
}

int main(int argc, char **argv)
{
    struct options o = parse_args(argc, argv);
    struct signed_request reqs[2];
    if (o.url2_mode) {
        reqs[0] = sign_url2_mode(&o, "GET", GET_PATH, NULL);
        reqs[1] = sign_url2_mode(&o, "POST", POST_PATH, FORM_BODY);
    } else {
        reqs[0] = sign_header_mode(&o, "GET", GET_PATH, NULL);
        reqs[1] = sign_header_mode(&o, "POST", POST_PATH, FORM_BODY);
    }

    int exit_code = EXIT_ALL_200;
    if (o.dump) {
        for (size_t i = 0; i < 2; i++) {
            dump_request(&reqs[i]);
        }
    } else {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
            die("curl_global_init failed");
        }
        for (size_t i = 0; i < 2; i++) {
            long status = send_request(&reqs[i]);
            print_status_line(&reqs[i], status);
            if (status != 200) {
                exit_code = EXIT_NOT_200;
            }
        }
        curl_global_cleanup();
    }
    for (size_t i = 0; i < 2; i++) {
        free_request(&reqs[i]);
    }
    free(o.private_key);
    return exit_code;
}
