// The C++ wrapper's form of tests/c/example_app.c, built by tests/cmake:
// signs the RFC 5849 §3.4.1.1 request, checks the signature and prints the
// same Authorization header as the C program.
#include <oauthsig.hpp>

#include <cstdio>

int main() {
  auto consumer = oauthsig::Consumer::create("9djdj82h48djs9d2", "j49sk3j29djd");
  auto token = oauthsig::Token::create("kkk9d7dh3k39sjv7", "dh893hdasih9");
  auto request = oauthsig::Request::create("POST", "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b");
  if (!consumer || !token || !request) {
    std::fprintf(stderr, "oauthsig: could not create the handles\n");
    return 1;
  }
  auto &r = request.value();
  oauthsig::Status status = r.set_form_body("c2&a3=2+q");
  if (status) status = r.set(OAUTHSIG_PARAM_TIMESTAMP, "137131201");
  if (status) status = r.set(OAUTHSIG_PARAM_NONCE, "7d8f3e4a");
  if (status) status = r.sign(oauthsig::Method::HmacSha1, consumer.value(), &token.value());
  if (!status) {
    std::fprintf(stderr, "oauthsig: %s\n", status.error().message.c_str());
    return 1;
  }
  auto signature = r.signature();
  if (!signature || signature.value() != "r6/TJjbCOr97/+UU0NsvSne7s5g=") {
    std::fprintf(stderr, "oauthsig: wrong signature %s\n", signature ? signature.value().c_str() : "(none)");
    return 1;
  }
  auto header = r.authorization_header("Example");
  if (!header) {
    std::fprintf(stderr, "oauthsig: %s\n", header.error().message.c_str());
    return 1;
  }
  std::printf("Authorization: %s\n", header.value().c_str());
  return 0;
}
