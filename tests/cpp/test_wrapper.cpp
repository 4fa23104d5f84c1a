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

int main() {
  sign_rfc_request();
  errors_are_values();
  verify_round_trip();
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
