#include "auth/remote_issuer_keys.hpp"

#include <map>
#include <mutex>

#include "federation/https_fetch.hpp"
#include "federation/jwks.hpp"

namespace localiam::api {

namespace {

constexpr int64_t kKeepSeconds = 600;
constexpr int64_t kRefetchUnknownKidSeconds = 60;

struct CachedJwks {
  std::string jwks;
  int64_t fetched_at = 0;
};

std::mutex cache_mutex;
// By issuer URL and the thumbprints it was fetched with; an empty jwks records a failed fetch.
std::map<std::string, CachedJwks, std::less<>> cache;

std::optional<std::string> fetch_jwks(const std::string& issuer,
                                      const std::vector<std::string>& thumbprints) {
  federation::FetchOptions options;
  options.thumbprints = thumbprints;
  auto discovery = federation::fetch_url(issuer + "/.well-known/openid-configuration", options);
  if (!discovery) return std::nullopt;
  auto uri = federation::discovery_jwks_uri(*discovery);
  if (!uri) return std::nullopt;
  return federation::fetch_url(*uri, options);
}

}  // namespace

std::optional<federation::RsaKey> remote_issuer_key(std::string_view iss, std::string_view kid,
                                                    const std::vector<std::string>& thumbprints,
                                                    int64_t now) {
  std::string issuer(iss);
  if (!issuer.starts_with("https://") && !issuer.starts_with("http://"))
    issuer = "https://" + issuer;
  while (issuer.ends_with('/')) issuer.pop_back();

  std::string cache_key = issuer;
  for (const std::string& t : thumbprints) cache_key += "|" + t;
  std::optional<CachedJwks> cached;
  {
    std::lock_guard<std::mutex> guard(cache_mutex);
    if (auto it = cache.find(cache_key); it != cache.end()) cached = it->second;
  }
  // An unreachable issuer is not asked again for a minute: each attempt can hold a request (and
  // the database) for the fetch's timeout.
  if (cached && now - cached->fetched_at < kKeepSeconds && now >= cached->fetched_at) {
    if (auto key = federation::jwks_rsa_key(cached->jwks, kid)) return key;
    if (now - cached->fetched_at < kRefetchUnknownKidSeconds) return std::nullopt;
  }
  auto jwks = fetch_jwks(issuer, thumbprints);
  {
    std::lock_guard<std::mutex> guard(cache_mutex);
    if (cache.size() > 1000) cache.clear();  // bounded: tokens choose their own iss
    cache[cache_key] = CachedJwks{jwks.value_or(""), now};
  }
  if (!jwks) return std::nullopt;
  return federation::jwks_rsa_key(*jwks, kid);
}

}  // namespace localiam::api
