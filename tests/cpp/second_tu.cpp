// A second translation unit including the header: everything in it is
// inline, so linking this with test_wrapper.cpp must not collide.
#include "oauthsig.hpp"

std::string second_tu_nonce() {
  auto n = oauthsig::generate_nonce(12);
  return n ? n.value() : std::string();
}
