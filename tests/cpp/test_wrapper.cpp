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

int main() {
  sign_rfc_request();
  errors_are_values();
  verify_round_trip();
  one_shot();
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
