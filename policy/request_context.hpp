// What a policy is evaluated against: the request (action, resource, principal) and its context
// keys. Context key names are case-insensitive (stored lower-cased); values are text, each key
// may hold several (multi-valued keys such as aws:TagKeys). Plain data; not synchronised.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace localiam::policy {

class ContextKeys {
 public:
  // Replaces the key's values.
  void set(std::string_view key, std::vector<std::string> values);
  void set(std::string_view key, std::string value) {
    set(key, std::vector<std::string>{std::move(value)});
  }
  // Appends one value to the key (creating it).
  void add(std::string_view key, std::string value);
  // The key's values, or nullptr when the request has no such key. `lower_key` is lower-cased.
  const std::vector<std::string>* find_lower(std::string_view lower_key) const;
  // Same, for a key in any case.
  const std::vector<std::string>* find(std::string_view key) const;
  bool empty() const { return entries_.empty(); }
  // Every key (lower-cased) with its values, in the order first set.
  const std::vector<std::pair<std::string, std::vector<std::string>>>& entries() const {
    return entries_;
  }
  void reserve(size_t keys) { entries_.reserve(keys); }

 private:
  // A request has a dozen or two keys: a flat list searched in order is cheaper to build than
  // a hash map. Past kIndexFrom keys (a simulation with many ContextEntries) an index by name
  // keeps every lookup constant-time.
  static constexpr size_t kIndexFrom = 32;
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::vector<std::string>& slot(std::string_view key);

  std::vector<std::pair<std::string, std::vector<std::string>>> entries_;  // lower-cased names
  std::unordered_map<std::string, size_t, Hash, std::equal_to<>> index_;   // empty while small
};

// Who is asking, as the Principal element of resource-based policies sees it.
struct RequestPrincipal {
  std::string arn;        // user ARN, arn:aws:sts::ACCT:assumed-role/R/S, …:root, federated-user
  std::string account;    // the principal's account id
  std::string role_arn;   // for assumed-role sessions: the role's ARN, which also names them
  std::string service;    // a service principal ("ec2.amazonaws.com"), when one is calling
  std::string federated;  // an identity provider (web identity / SAML), when one is calling
};

// One authorisation question. `action` is "service:Action" in any case; `resource` an ARN or
// "*", which is matched literally, as AWS's simulator does when it is given no ResourceArns: only
// a Resource pattern that covers the text "*" applies. `resource_unknown` says instead that the
// resource could not be named, so every Resource pattern covers it (NotResource "*" excepted).
// The pointed-to objects outlive the evaluation.
struct AuthzRequest {
  std::string action;
  std::string resource;
  const RequestPrincipal* principal = nullptr;
  const ContextKeys* context = nullptr;
  bool resource_unknown = false;
};

}  // namespace localiam::policy
