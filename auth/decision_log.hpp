// The decision log: the latest authorisation decisions the server made (IAM and STS actions,
// and other services' calls through the gateway), kept in a bounded window in memory for
// GET /_localiam/decisions. Each entry says who asked for what, the outcome, which policy and
// statement decided it (by name, Sid or position, and type), and the condition keys the policies
// asked for and whether the request had them. Entries are plain text, free of pointers into the
// policies, so they outlive them. Thread-safe: adding is a move under a mutex; the oldest entry
// goes once the window is full.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "auth/authorizer.hpp"
#include "auth/principal.hpp"
#include "common/clock.hpp"

namespace localiam::api {

struct DecisionStatement {
  std::string policy;  // the policy's name (inline or managed), "session", "trust", "resource"
  std::string type;    // policy_type_name(): "identity", "permissionsBoundary", "resource", …
  std::string sid;     // "" when the statement has none
  size_t index = 0;    // 1-based position in its policy
  std::string effect;  // "Allow" or "Deny"
  std::string arn;     // a managed policy's ARN; empty otherwise
};

struct DecisionEntry {
  uint64_t sequence = 0;  // set by the log: 1, 2, … in the order added
  int64_t time_ms = 0;    // server clock, epoch milliseconds
  std::string request_id;
  std::string principal;  // the caller's ARN (an assumed role's session ARN)
  std::string account;
  std::string region;      // the region the request was signed for (aws:RequestedRegion)
  std::string action;      // "s3:GetObject"
  std::string resource;    // an ARN, or "*"
  std::string decision;    // "allowed", "explicitDeny", "implicitDeny"
  std::string decided_by;  // policy_type_name() of the deciding policy type; "root"
  std::string reason;      // AWS's clause for a denial ("because no identity-based policy …")
  std::vector<DecisionStatement> statements;  // the deciding statements
  std::vector<std::string> keys_asked;        // condition keys the policies refer to
  std::vector<std::string> keys_missing;      // … and those of them the request lacked
};

// The entry for decision `d` on `action` and `resource` (request ID, principal and time are
// the caller's to set). Call while the policies `d` points into are alive.
DecisionEntry decision_entry(const AuthzDecision& d, std::string action, std::string resource);

// Which entries a reader wants; empty fields match everything.
struct DecisionFilter {
  std::string principal;        // the exact ARN
  std::string action;           // an IAM action pattern, case-insensitive: "s3:*", "iam:Get*"
  std::string decision;         // "allowed", "denied" (either deny), "explicitDeny", "implicitDeny"
  int64_t since_ms = 0;         // entries at or after
  uint64_t after_sequence = 0;  // entries added after this one (DecisionEntry::sequence)
  size_t limit = 100;           // the newest this many
};

class DecisionLog {
 public:
  // `capacity` 0 keeps nothing.
  explicit DecisionLog(size_t capacity) : capacity_(capacity) {}

  void add(DecisionEntry entry);
  // The same with the caller, the request ID, the region it was signed for and the time (the
  // server's clock) filled in.
  void add(DecisionEntry entry, const Principal& caller, std::string_view request_id,
           std::string_view region, const Clock& clock);
  // Matching entries, oldest first (the newest `filter.limit` of them).
  std::vector<DecisionEntry> find(const DecisionFilter& filter) const;
  // Calls `visit` with every entry at or after `since_ms`, oldest first, under the log's lock
  // (nothing is copied; `visit` must not call back into the log).
  void each(int64_t since_ms, const std::function<void(const DecisionEntry&)>& visit) const;
  // The sequence of the newest entry added (0: none yet), kept or not.
  uint64_t newest_sequence() const;
  size_t capacity() const { return capacity_; }
  size_t size() const;

 private:
  const size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<DecisionEntry> entries_;  // guarded by mutex_; oldest first
  uint64_t next_ = 1;                  // guarded by mutex_
};

// One entry as a JSON object (time as ISO 8601 with milliseconds).
std::string decision_json(const DecisionEntry& entry);
// {"decisions":[…],"capacity":N}: each entry as decision_json() writes it.
std::string decisions_json(const std::vector<DecisionEntry>& entries, size_t capacity);

}  // namespace localiam::api
