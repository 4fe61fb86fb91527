// The HTTP side of localiam's OpenID Connect issuer (auth/oidc_issuer.hpp), under /_localiam/oidc:
// GET .well-known/openid-configuration, GET jwks, POST token (JSON claims in, {"token": JWT}
// out). The issuer is PUBLIC_URL/_localiam/oidc, whatever Host the client used.
#pragma once

#include "auth/service_context.hpp"
#include "common/http_message.hpp"

namespace localiam::server {

// Whether `path` is one of the issuer's paths (also /.well-known/openid-configuration).
bool is_oidc_path(std::string_view path);

// Answers a request for an issuer path (JSON); 404/405 for anything else. `public_url` is the
// server's address as clients reach it (--public-url, or http://HOST:PORT as started).
HttpResponse handle_oidc(const api::ServiceContext& service, const HttpRequest& request,
                         std::string_view public_url);

}  // namespace localiam::server
