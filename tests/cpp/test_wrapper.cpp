// Tests of bindings/cpp/oauthsig.hpp, built with and without exceptions.
#include "oauthsig.hpp"

#include <cstdio>
#include <cstring>
#include <string>

std::string second_tu_nonce();
int oauthsig_standalone_marker();

static int passed, failed;
#define CHECK(c)                                                              \
  do {                                                                        \
    if (c) {                                                                  \
      passed++;                                                               \
    } else {                                                                  \
      failed++;                                                               \
      std::fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c); \
    }                                                                         \
  } while (0)

// Move-only handles.
static_assert(!std::is_copy_constructible_v<oauthsig::Request>);
static_assert(std::is_nothrow_move_constructible_v<oauthsig::Request>);
static_assert(!std::is_copy_assignable_v<oauthsig::Consumer>);

static void sign_rfc_request() {
  auto consumer = oauthsig::Consumer::create("9djdj82h48djs9d2", "j49sk3j29djd");
  auto token = oauthsig::Token::create("kkk9d7dh3k39sjv7", "dh893hdasih9");
  auto request = oauthsig::Request::create("POST", "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b");
  CHECK(consumer && token && request);
  auto &r = request.value();
  CHECK(r.set_form_body("c2&a3=2+q"));
  CHECK(r.set(OAUTHSIG_PARAM_TIMESTAMP, "137131201"));
  CHECK(r.set(OAUTHSIG_PARAM_NONCE, "7d8f3e4a"));
  CHECK(r.sign(oauthsig::Method::HmacSha1, consumer.value(), &token.value()));
  auto sig = r.signature();
  CHECK(sig && sig.value() == "r6/TJjbCOr97/+UU0NsvSne7s5g=");
  auto header = r.authorization_header("Example");
  CHECK(header && header.value().rfind("OAuth realm=\"Example\", oauth_", 0) == 0);
  // A long output goes through the resize path of read_string.
  auto base = r.base_string();
  CHECK(base && base.value().size() > 250 && base.value().rfind("POST&http%3A%2F%2Fexample.com%2Frequest&", 0) == 0);
  auto check = r.check_signature(consumer.value(), &token.value());
  CHECK(check && check.value());

  // Moving a handle keeps it working; the moved-from one is empty.
  oauthsig::Request moved = std::move(request.value());
  auto again = moved.signature();
  CHECK(again && again.value() == "r6/TJjbCOr97/+UU0NsvSne7s5g=");
}

static void errors_are_values() {
  auto bad = oauthsig::Request::create("GET", "http://eg.com:65536/");
  CHECK(!bad);
  CHECK(bad.error().code == OAUTHSIG_BAD_URL);
  CHECK(bad.error().message.find("port") != std::string::npos);
  auto token = oauthsig::Token::parse("oauth_token=only");
  CHECK(!token && token.error().code == OAUTHSIG_BAD_TOKEN_STRING);
  auto t = oauthsig::Token::parse("oauth_token=a&oauth_token_secret=b&screen_name=twitterapi&oauth_callback_confirmed=true");
  CHECK(t);
  auto sn = t.value().get("screen_name");
  CHECK(sn && sn.value() == "twitterapi");
  auto missing = t.value().get("user_id");
  CHECK(!missing && missing.error().code == OAUTHSIG_NOT_FOUND);
  auto confirmed = t.value().callback_confirmed();
  CHECK(confirmed && confirmed.value());
  CHECK(t.value().set_callback("https://client.example/cb?x=1"));
  CHECK(t.value().set_verifier(std::nullopt));
  auto cb = t.value().callback_url();
  CHECK(cb && cb.value().find("oauth_verifier=") != std::string::npos);
  CHECK(oauthsig::percent_encode("a b").value_or("") == "a%20b");
  CHECK(oauthsig::www_authenticate("Photos").value_or("") == "OAuth realm=\"Photos\"");
  auto ts = oauthsig::generate_timestamp();
  CHECK(ts && ts.value() > 1700000000u);
  CHECK(second_tu_nonce().size() == 12);
  CHECK(oauthsig_standalone_marker() == 1);
  CHECK(oauthsig::version() == OAUTHSIG_VERSION_STRING);
}

static void verify_round_trip() {
  oauthsig::Verifier::Options o;
  o.hmac_sha256 = true;
  auto verifier = oauthsig::Verifier::create(o);
  CHECK(verifier);
  oauthsig::Verifier::Options none;
  none.hmac_sha1 = false;
  auto refused = oauthsig::Verifier::create(none);
  CHECK(!refused && refused.error().code == OAUTHSIG_INVALID_ARGUMENT);

  auto consumer = oauthsig::Consumer::create("ck", "cs");
  auto request = oauthsig::Request::for_consumer(consumer.value(), nullptr, "GET", "https://api.example.com/x?a=1");
  CHECK(request.value().sign(oauthsig::Method::HmacSha256, consumer.value(), nullptr));
  auto header = request.value().authorization_header();
  auto lookup = [](std::string_view ck, std::optional<std::string_view> token, oauthsig::LookupAnswer &a) {
    if (ck != "ck") return OAUTHSIG_LOOKUP_UNKNOWN_CONSUMER;
    if (token) return OAUTHSIG_LOOKUP_UNKNOWN_TOKEN;
    return a.secrets("cs", "") ? OAUTHSIG_LOOKUP_FOUND : OAUTHSIG_LOOKUP_UNAVAILABLE;
  };
  oauthsig::Incoming in{"GET", "https://api.example.com/x?a=1", std::string_view(header.value()), std::nullopt, std::nullopt, {}};
  auto first = verifier.value().verify(in, lookup);
  CHECK(first.ok() && first.http_status == 200);
  auto ck = first.verified->consumer_key();
  CHECK(ck && ck.value() == "ck");
  auto replay = verifier.value().verify(in, lookup);
  CHECK(!replay.ok() && replay.http_status == 401 && replay.error.code == OAUTHSIG_VERIFY_UNAUTHORIZED);
  CHECK(replay.error.message.find("nonce") != std::string::npos);
}

static const char *const kRfcUrl = "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b";
static const char *const kRfcPairs =
    "oauth_consumer_key=9djdj82h48djs9d2&oauth_token=kkk9d7dh3k39sjv7&oauth_signature_method=HMAC-SHA1"
    "&oauth_timestamp=137131201&oauth_nonce=7d8f3e4a&oauth_signature=r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D";

// The one-shot call: RFC 5849 §3.4.1.1 in every placement, an opaque body
// and its precomputed hash, refusals as values, and an output longer than
// the wrapper's stack buffer with a fresh nonce (the upper-bound retry).
static void one_shot() {
  auto consumer = oauthsig::Consumer::create("9djdj82h48djs9d2", "j49sk3j29djd");
  auto token = oauthsig::Token::create("kkk9d7dh3k39sjv7", "dh893hdasih9");
  auto key = oauthsig::SigningKey::create(oauthsig::Method::HmacSha1, consumer.value(), &token.value());
  CHECK(key);
  oauthsig::SignRequest r;
  r.method = "POST";
  r.url = kRfcUrl;
  r.body_kind = oauthsig::BodyKind::Form;
  r.body = "c2&a3=2+q";
  r.consumer_key = "9djdj82h48djs9d2";
  r.token = "kkk9d7dh3k39sjv7";
  r.timestamp = "137131201";
  r.nonce = "7d8f3e4a";
  auto header = oauthsig::sign(key.value(), r, oauthsig::Placement::Header, "Example");
  CHECK(header && header.value() ==
                      "OAuth realm=\"Example\", oauth_consumer_key=\"9djdj82h48djs9d2\", oauth_token=\"kkk9d7dh3k39sjv7\", "
                      "oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"137131201\", oauth_nonce=\"7d8f3e4a\", "
                      "oauth_signature=\"r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D\"");
  auto url = oauthsig::sign(key.value(), r, oauthsig::Placement::Url);
  CHECK(url && url.value() == std::string(kRfcUrl) + "&" + kRfcPairs);
  auto form = oauthsig::sign(key.value(), r, oauthsig::Placement::Form);
  CHECK(form && form.value() == std::string("c2&a3=2+q&") + kRfcPairs);

  // An empty realm is a realm, not none (a default string_view has no data).
  auto empty_realm = oauthsig::sign(key.value(), r, oauthsig::Placement::Header, std::string_view());
  CHECK(empty_realm && empty_realm.value().rfind("OAuth realm=\"\", ", 0) == 0);

  auto hello_consumer = oauthsig::Consumer::create("consumer", "con-test-secret");
  auto hello_key = oauthsig::SigningKey::create(oauthsig::Method::HmacSha1, hello_consumer.value(), nullptr);
  oauthsig::SignRequest put;
  put.method = "PUT";
  put.url = "http://www.example.com/resource";
  put.body_kind = oauthsig::BodyKind::Opaque;
  put.body = "Hello World!";
  put.consumer_key = "consumer";
  put.token = "token";
  put.timestamp = "1236874155";
  put.nonce = "10288510250934";
  put.include_version = true;
  const std::string hello =
      "OAuth oauth_consumer_key=\"consumer\", oauth_token=\"token\", oauth_signature_method=\"HMAC-SHA1\", "
      "oauth_timestamp=\"1236874155\", oauth_nonce=\"10288510250934\", oauth_version=\"1.0\", "
      "oauth_body_hash=\"Lve95gjOVATpfV8EL5X4nxwjKHE%3D\", oauth_signature=\"t%2BMX8l%2F0S8hdbVQL99nD0X1fPnM%3D\"";
  auto opaque = oauthsig::sign(hello_key.value(), put);
  CHECK(opaque && opaque.value() == hello);
  put.body_kind = oauthsig::BodyKind::PrecomputedHash;
  put.body = "Lve95gjOVATpfV8EL5X4nxwjKHE=";
  auto hashed = oauthsig::sign(hello_key.value(), put);
  CHECK(hashed && hashed.value() == hello);
  auto refused = oauthsig::sign(hello_key.value(), put, oauthsig::Placement::Form);
  CHECK(!refused && refused.error().code == OAUTHSIG_BAD_REQUEST);
  auto made_up = oauthsig::sign(hello_key.value(), put, static_cast<oauthsig::Placement>(9));
  CHECK(!made_up && made_up.error().code == OAUTHSIG_INVALID_ARGUMENT &&
        made_up.error().message.find("placement") != std::string::npos);

  // Longer than the 512-byte first try, signed anew on the retry.
  oauthsig::SignRequest big;
  std::string long_url = "https://api.example.com/search?q=" + std::string(600, 'a');
  big.method = "GET";
  big.url = long_url;
  big.consumer_key = "9djdj82h48djs9d2";
  for (int i = 0; i < 16; i++) {
    auto signed_url = oauthsig::sign(key.value(), big, oauthsig::Placement::Url);
    CHECK(signed_url && signed_url.value().size() > 600 && signed_url.value().rfind(long_url + "&oauth_", 0) == 0);
  }
}

// A file of tests/keys (the tests run from the repository root), whole.
static std::string key_file(const char *name) {
  std::string path = std::string("tests/keys/") + name;
  std::FILE *f = std::fopen(path.c_str(), "rb");
  CHECK(f != nullptr);
  std::string data;
  if (!f) return data;
  char chunk[4096];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, f)) > 0) data.append(chunk, n);
  std::fclose(f);
  return data;
}

// oauthlib's RSA-SHA1 client vector (oauthlib-client-header-rsa-sha1).
static const char *const kOauthlibKey =
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
static const char *const kOauthlibSignature =
    "ktvzkUhtrIawBcq21DRJrAyysTc3E1Zq5GdGu8EzHOtbeaCmOBDLGHAcqlm92mj7xp5E1Z6i2vbExPimYAJL7Fzk"
    "LnkRE5YEJR4rNtIgAf1OZbYsIUmmBO+CLuStuu5Lg3tAluwC7XkkgoXCBaRKT1mUXzPHJILzZ8iFOvS6w5E=";

// RSA keys as values: formats, refusals with their codes, oauthlib's
// vector through sign() and Request, a signed request verified with a
// lookup answering the public key, and the wrong kind both ways.
static void rsa() {
  auto pk = oauthsig::RsaPrivateKey::parse(key_file("rsa2048.pkcs8.pem"));
  CHECK(pk && pk.value().bits().value_or(0) == 2048);
  auto der = oauthsig::RsaPrivateKey::parse(key_file("rsa2048.pkcs1.der"));  // binary, NULs inside
  CHECK(der && der.value().bits().value_or(0) == 2048);
  auto enc = oauthsig::RsaPrivateKey::parse_encrypted(key_file("rsa2048.encrypted.pem"), "correct-horse");
  CHECK(enc);
  auto wrong_pass = oauthsig::RsaPrivateKey::parse_encrypted(key_file("rsa2048.encrypted.pem"), "nope");
  CHECK(!wrong_pass && wrong_pass.error().code == OAUTHSIG_BAD_PASSPHRASE);
  auto cert = oauthsig::RsaPublicKey::parse(key_file("rsa2048.cert.pem"));
  CHECK(cert && cert.value().bits().value_or(0) == 2048);
  auto b64 = oauthsig::RsaPublicKey::parse(key_file("rsa2048.spki.b64"));
  CHECK(b64);
  auto public_as_private = oauthsig::RsaPrivateKey::parse(key_file("rsa2048.spki.pem"));
  CHECK(!public_as_private && public_as_private.error().code == OAUTHSIG_WRONG_KEY_KIND);
  auto small = oauthsig::RsaPrivateKey::parse(key_file("rsa512.pkcs1.pem"));
  CHECK(!small && small.error().code == OAUTHSIG_UNSUPPORTED_KEY_SIZE &&
        small.error().message.find("512-bit") != std::string::npos);
  auto empty = oauthsig::RsaPublicKey::parse({});
  CHECK(!empty && empty.error().code == OAUTHSIG_BAD_KEY);

  // oauthlib's vector.
  auto lib = oauthsig::RsaPrivateKey::parse(kOauthlibKey);
  CHECK(lib);
  auto key = oauthsig::SigningKey::create_rsa(oauthsig::Method::RsaSha1, lib.value());
  CHECK(key);
  oauthsig::SignRequest r;
  r.method = "GET";
  r.url = "http://example.com";
  r.consumer_key = "client_key";
  r.timestamp = "1234567890";
  r.nonce = "abc";
  r.include_version = true;
  auto header = oauthsig::sign(key.value(), r);
  CHECK(header && header.value().find("oauth_signature_method=\"RSA-SHA1\"") != std::string::npos);
  auto consumer = oauthsig::Consumer::create_rsa("client_key", lib.value());
  auto request = oauthsig::Request::create("GET", "http://example.com");
  CHECK(consumer && request);
  auto &q = request.value();
  CHECK(q.set(OAUTHSIG_PARAM_TIMESTAMP, "1234567890"));
  CHECK(q.set(OAUTHSIG_PARAM_NONCE, "abc"));
  CHECK(q.add_param("oauth_consumer_key", "client_key"));
  CHECK(q.add_param("oauth_version", "1.0"));
  CHECK(q.sign(oauthsig::Method::RsaSha1, consumer.value(), nullptr));
  auto sig = q.signature();
  CHECK(sig && sig.value() == kOauthlibSignature);
  auto lib_public = lib.value().public_key();
  CHECK(lib_public);
  auto checked = q.check_signature(lib_public.value());
  CHECK(checked && checked.value());
  auto wrong_kind = q.sign(oauthsig::Method::HmacSha1, consumer.value(), nullptr);
  CHECK(!wrong_kind && wrong_kind.error().code == OAUTHSIG_WRONG_KEY_KIND);
  auto hmac_with_rsa = oauthsig::SigningKey::create_rsa(oauthsig::Method::HmacSha256, lib.value());
  CHECK(!hmac_with_rsa && hmac_with_rsa.error().code == OAUTHSIG_WRONG_KEY_KIND);

  // Signed with the 2048-bit key, verified with its certificate.
  oauthsig::Verifier::Options o;
  o.rsa_sha256 = true;
  auto verifier = oauthsig::Verifier::create(o);
  CHECK(verifier);
  auto rsa_consumer = oauthsig::Consumer::create_rsa("ck", pk.value());
  auto hmac_consumer = oauthsig::Consumer::create("ck", "cs");
  const oauthsig::RsaPublicKey &public_key = cert.value();
  bool answer_public_key = true;
  auto lookup = [&](std::string_view ck, std::optional<std::string_view>, oauthsig::LookupAnswer &a) {
    if (ck != "ck") return OAUTHSIG_LOOKUP_UNKNOWN_CONSUMER;
    bool ok = answer_public_key ? a.public_key(public_key) : a.secrets("cs", "");
    return ok ? OAUTHSIG_LOOKUP_FOUND : OAUTHSIG_LOOKUP_UNAVAILABLE;
  };
  auto signed_request = oauthsig::Request::for_consumer(rsa_consumer.value(), nullptr, "GET", "https://api.example.com/x");
  CHECK(signed_request.value().sign(oauthsig::Method::RsaSha256, rsa_consumer.value(), nullptr));
  auto rsa_header = signed_request.value().authorization_header();
  CHECK(rsa_header && rsa_header.value().size() > 512);  // through read_string's retry
  oauthsig::Incoming in{"GET", "https://api.example.com/x", std::string_view(rsa_header.value()), std::nullopt, std::nullopt, {}};
  answer_public_key = false;  // an RSA request answered with secrets: the wrong kind
  auto mismatch = verifier.value().verify(in, lookup);
  CHECK(!mismatch.ok() && mismatch.http_status == 401 && mismatch.error.code == OAUTHSIG_VERIFY_UNAUTHORIZED);
  answer_public_key = true;
  auto accepted = verifier.value().verify(in, lookup);
  CHECK(accepted.ok() && accepted.http_status == 200);
  auto method = accepted.verified->field(OAUTHSIG_VERIFIED_SIGNATURE_METHOD);
  CHECK(method && method.value() == "RSA-SHA256");

  // An HMAC request answered with the public key: the wrong kind too.
  oauthsig::Verifier::Options both;
  both.hmac_sha1 = true;
  both.rsa_sha1 = true;
  auto mixed = oauthsig::Verifier::create(both);
  auto hmac_request = oauthsig::Request::for_consumer(hmac_consumer.value(), nullptr, "GET", "https://api.example.com/x");
  CHECK(hmac_request.value().sign(oauthsig::Method::HmacSha1, hmac_consumer.value(), nullptr));
  auto hmac_header = hmac_request.value().authorization_header();
  oauthsig::Incoming hmac_in{"GET", "https://api.example.com/x", std::string_view(hmac_header.value()), std::nullopt, std::nullopt, {}};
  auto refused = mixed.value().verify(hmac_in, lookup);
  CHECK(!refused.ok() && refused.http_status == 401);

  // A 4096-bit key through the one-shot call, fresh nonce: longer than the
  // wrapper's first buffer, sized by the upper bound, then written.
  auto big = oauthsig::RsaPrivateKey::parse(key_file("rsa4096.pkcs1.pem"));
  CHECK(big && big.value().bits().value_or(0) == 4096);
  auto big_key = oauthsig::SigningKey::create_rsa(oauthsig::Method::RsaSha512, big.value());
  oauthsig::SignRequest fresh;
  fresh.method = "GET";
  fresh.url = "https://api.example.com/x";
  fresh.consumer_key = "ck";
  auto big_url = oauthsig::sign(big_key.value(), fresh, oauthsig::Placement::Url);
  CHECK(big_url && big_url.value().size() > 684 && big_url.value().rfind("https://api.example.com/x?oauth_", 0) == 0);
}

// Issue 21 point 16: PLAINTEXT to an http:// URL sends the secrets in
// clear (RFC 5849 §3.4.4 wants TLS): refused by default, through the
// one-shot and the request handle, and signed once allowed.
static void plaintext_over_http_needs_the_opt_in() {
  auto consumer = oauthsig::Consumer::create("ck", "cs");
  auto key = oauthsig::SigningKey::create(oauthsig::Method::Plaintext, consumer.value(), nullptr);
  CHECK(consumer && key);
  oauthsig::SignRequest r;
  r.method = "GET";
  r.url = "http://example.com/x";
  r.consumer_key = "ck";
  auto refused = oauthsig::sign(key.value(), r);
  CHECK(!refused && refused.error().code == OAUTHSIG_PLAINTEXT_OVER_HTTP &&
        refused.error().message.find("3.4.4") != std::string::npos &&
        refused.error().message.find("cs&") == std::string::npos);
  r.allow_plaintext_over_http = true;
  auto allowed = oauthsig::sign(key.value(), r);
  CHECK(allowed && allowed.value().find("oauth_signature=\"cs%26\"") != std::string::npos);
  r.allow_plaintext_over_http = false;
  r.url = "https://example.com/x";
  CHECK(oauthsig::sign(key.value(), r));

  auto request = oauthsig::Request::create("GET", "http://example.com/x");
  CHECK(request);
  auto &q = request.value();
  auto no = q.sign(oauthsig::Method::Plaintext, consumer.value(), nullptr);
  CHECK(!no && no.error().code == OAUTHSIG_PLAINTEXT_OVER_HTTP);
  CHECK(q.allow_plaintext_over_http());
  CHECK(q.sign(oauthsig::Method::Plaintext, consumer.value(), nullptr));
  auto sig = q.signature();
  CHECK(sig && sig.value() == "cs&");
  CHECK(q.allow_plaintext_over_http(false));
  auto again = q.sign(oauthsig::Method::Plaintext, consumer.value(), nullptr);
  CHECK(!again && again.error().code == OAUTHSIG_PLAINTEXT_OVER_HTTP);
}

// Profiles: made by id or by the command line's name, a request signed
// and written as the provider wants it, and a verifier that accepts exactly
// the provider's methods.
static void profiles() {
  auto bad = oauthsig::Profile::by_name("nosuch");
  CHECK(!bad && bad.error().code == OAUTHSIG_INVALID_ARGUMENT &&
        bad.error().message.find("magento") != std::string::npos);
  auto no_account = oauthsig::Profile::create(OAUTHSIG_PROFILE_MAGENTO, "123456");
  CHECK(!no_account && no_account.error().code == OAUTHSIG_INVALID_ARGUMENT);
  auto netsuite = oauthsig::Profile::create(OAUTHSIG_PROFILE_NETSUITE, "123456_SB1");
  auto magento = oauthsig::Profile::by_name("magento");
  auto consumer = oauthsig::Consumer::create("ck", "cs");
  auto token = oauthsig::Token::create("tk", "ts");
  CHECK(netsuite && magento && consumer && token);

  // NetSuite: HMAC-SHA256, its account id as the realm, in the header.
  auto ns = oauthsig::Request::for_profile(netsuite.value(), consumer.value(), &token.value(), "GET",
                                           "https://123456-sb1.suitetalk.api.netsuite.com/services/rest/x");
  CHECK(ns && ns.value().sign(netsuite.value(), consumer.value(), &token.value()));
  auto header = ns.value().write_for(netsuite.value());
  CHECK(header && header.value().rfind("OAuth realm=\"123456_SB1\", ", 0) == 0 &&
        header.value().find("oauth_signature_method=\"HMAC-SHA256\"") != std::string::npos);

  // Magento: HMAC-SHA256; its verifier accepts the request, and a
  // verifier for Jira (RSA-SHA1 only) refuses the same request.
  const char *url = "https://shop.example.com/rest/V1/products";
  auto mg = oauthsig::Request::for_profile(magento.value(), consumer.value(), &token.value(), "GET", url);
  CHECK(mg && mg.value().sign(magento.value(), consumer.value(), &token.value()));
  auto mg_header = mg.value().write_for(magento.value());
  CHECK(mg_header && mg_header.value().find("HMAC-SHA256") != std::string::npos);
  auto lookup = [](std::string_view, std::optional<std::string_view>, oauthsig::LookupAnswer &a) {
    return a.secrets("cs", "ts") ? OAUTHSIG_LOOKUP_FOUND : OAUTHSIG_LOOKUP_UNAVAILABLE;
  };
  oauthsig::Incoming in{"GET", url, std::string_view(mg_header.value()), std::nullopt, std::nullopt, {}};
  auto verifier = oauthsig::Verifier::for_profile(magento.value());
  CHECK(verifier);
  auto ok = verifier.value().verify(in, lookup);
  CHECK(ok.ok() && ok.http_status == 200);
  auto jira = oauthsig::Profile::create(OAUTHSIG_PROFILE_JIRA);
  auto jira_verifier = oauthsig::Verifier::for_profile(jira.value());
  CHECK(jira && jira_verifier);
  auto refused = jira_verifier.value().verify(in, lookup);
  CHECK(!refused.ok() && refused.http_status == 400);
}

int main() {
  profiles();
  plaintext_over_http_needs_the_opt_in();
  sign_rfc_request();
  errors_are_values();
  verify_round_trip();
  one_shot();
  rsa();
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
