// The wrapper header compiles on its own, first in its translation unit.
#include "oauthsig.hpp"

int oauthsig_standalone_marker() { return static_cast<int>(oauthsig::Method::HmacSha1); }
