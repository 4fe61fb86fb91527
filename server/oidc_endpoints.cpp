#include "server/oidc_endpoints.hpp"

#include "auth/oidc_issuer.hpp"
#include "server/access_log.hpp"

namespace localiam::server {

namespace {

HttpResponse json(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = std::move(body) + "\n";
  return r;
}

HttpResponse error(int status, std::string_view reason) {
  return json(status, "{\"error\":\"" + json_escape(reason) + "\"}");
}

}  // namespace

bool is_oidc_path(std::string_view path) {
  return path.starts_with(std::string(api::oidc::kIssuerPath) + "/") ||
         path == "/.well-known/openid-configuration";
}

HttpResponse handle_oidc(const api::ServiceContext& service, const HttpRequest& request,
                         std::string_view public_url) {
  const std::string prefix(api::oidc::kIssuerPath);
  std::string_view path = request.path();
  if (path == "/.well-known/openid-configuration")
    path = "/_localiam/oidc/.well-known/openid-configuration";
  // One issuer whatever name the client used for the server: a token minted through localhost
  // must name the issuer a provider registered through 127.0.0.1 names.
  const std::string issuer = std::string(public_url.empty() ? "http://localhost" : public_url) +
                             std::string(api::oidc::kIssuerPath);
  const bool get = request.method == "GET" || request.method == "HEAD";

  if (path == prefix + "/.well-known/openid-configuration") {
    if (!get) return error(405, "use GET");
    return json(200, api::oidc::discovery_document(issuer));
  }
  if (path != prefix + "/jwks" && path != prefix + "/token")
    return error(404, "no issuer endpoint at " + std::string(path));
  if (path == prefix + "/jwks" ? !get : request.method != "POST")
    return error(405, path == prefix + "/jwks" ? "use GET" : "use POST");

  auto lock = service.db.lock();
  storage::Transaction tx(service.db);
  const int64_t now = service.clock.now_epoch_seconds();
  api::oidc::IssuerKey key = api::oidc::issuer_key(service.db, now);
  tx.commit();
  if (path == prefix + "/jwks") return json(200, api::oidc::jwks(key));
  api::oidc::Minted minted = api::oidc::mint_token(request.body, issuer, key, now);
  if (!minted.error.empty()) return error(400, minted.error);
  return json(200, "{\"token\":\"" + minted.token + "\",\"issuer\":\"" + json_escape(issuer) +
                       "\",\"expires\":" + std::to_string(minted.expires) + "}");
}

}  // namespace localiam::server
