// Base64 for federation documents (SAML, XML signatures, JWTs): common/base64.hpp, OpenSSL's
// codec, under the names federation's callers use.
#pragma once

#include "common/base64.hpp"

namespace localiam::federation {

using localiam::base64_decode;
using localiam::base64_encode;
using localiam::base64url_decode;
using localiam::base64url_encode;

}  // namespace localiam::federation
