// The seed file (--seed FILE): a JSON description of accounts and their users (with access keys
// whose ID and secret the file gives), groups, roles, managed policies, attachments, inline
// policies, tags and group memberships, created at start and again by POST /_localiam/reset.
// Every entity is created by the IAM action that creates it (CreateUser, AttachRolePolicy, …),
// with that action's parameter rules and checks, so a seed is exactly as valid as the same
// calls made through an SDK. Errors name the file, the line and the field:
//   "seed.json:14: accounts[0].users[1].name: … must satisfy … [\w+=,.@-]+".
// A state export (storage/state_snapshot.hpp: GET /_localiam/state, `localiam export`) is
// accepted as a seed too, and restored as it is. The format is documented in README.md ("Seed
// files").
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/service_context.hpp"

namespace localiam::server {

// Where a value came from in the seed file.
struct SeedLocation {
  size_t line = 0;
  std::string field;  // e.g. accounts[0].users[1].name
};

// One thing to do: an IAM action with its Query parameters (and where each came from), or
// storing an access key with a given ID and secret.
struct SeedStep {
  std::string account;
  std::string action;  // "" for an access key
  std::vector<std::pair<std::string, std::string>> params;
  std::vector<SeedLocation> param_locations;  // parallel to params
  SeedLocation location;                      // the entity or list item this step makes
  // Access keys:
  std::string user_name, access_key_id, secret, status;
};

class Seed {
 public:
  // Parses and checks the shape of a seed. `origin` names it in errors (the file name);
  // `default_account` owns entities listed at the top level. Returns the error text (with
  // "ORIGIN:LINE: FIELD: ") in `error` when the seed is not valid.
  static std::optional<Seed> parse(std::string_view text, std::string_view origin,
                                   const std::string& default_account, std::string& error);

  // Creates everything, in the caller's transaction (the caller holds the database lock).
  // Returns "" or the first failure, "ORIGIN:LINE: FIELD: Code: message"; the caller then
  // rolls back. `progress`, when given, is called after each step with the steps done so far;
  // when it returns false apply stops and returns kInterrupted.
  std::string apply(const api::ServiceContext& service,
                    const std::function<bool(size_t done)>& progress = {}) const;
  static constexpr const char* kInterrupted = "interrupted";

  const std::vector<SeedStep>& steps() const { return steps_; }
  // How many accounts, users, … the seed holds, for the start-up line.
  std::string summary() const;

 private:
  std::string origin_;
  std::vector<SeedStep> steps_;
  std::string snapshot_;  // a state export given as the seed ("" for a seed of entities)
};

}  // namespace localiam::server
