// Each account lives in one partition (aws, aws-cn, aws-us-gov, …), as on AWS, where an
// account and its credentials belong to one partition. localiam fixes an account's partition
// with the first request that stores something in it (or with the seed); a request signed for a
// region of another partition is refused, naming both partitions, rather than mixing ARNs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/service_context.hpp"
#include "common/arn.hpp"
#include "common/result.hpp"

namespace localiam::api {

// The partition the account lives in (its name), or nullopt when nothing has fixed it yet.
std::optional<std::string> account_partition(storage::Database& db, std::string_view account_id);

// InvalidClientTokenId naming the account's partition and the request's (`partition`, from
// `region`), and how to sign instead, unless `fixed` (the account's partition) is absent or the
// same.
Status check_partition(std::string_view account_id, const std::optional<std::string>& fixed,
                       arn::Partition partition, std::string_view region);

// The same check for an account a request reaches besides the caller's (the role's account in a
// cross-account AssumeRole).
Status check_account_partition(const RequestContext& ctx, std::string_view account_id);

// account_partition() for the requests of one dispatcher, remembering what it found. A fixed
// partition changes only when a row of account_partitions is updated or deleted or rolled back
// (a reset, an import, a failed request): storage's existing_row_changes() of that table moves
// then, which makes the cache start over. An account found with no partition (most accounts
// are only ever read) is remembered until its table_changes() move, since a writer may fix
// it. Bound to one database, which outlives it. Not thread-safe: the caller holds the database
// lock.
class AccountPartitionCache {
 public:
  explicit AccountPartitionCache(storage::Database& db);
  std::optional<std::string> find(const std::string& account_id);

 private:
  storage::Database& db_;
  storage::TableChanges::Watch table_;  // account_partitions
  struct Entry {
    std::optional<std::string> partition;
    uint64_t changes;  // table_changes() when it was read; only an absent one depends on it
  };
  uint64_t generation_ = 0;
  bool started_ = false;
  std::unordered_map<std::string, Entry> known_;
};

// Fixes the account's partition unless it has one already.
void fix_account_partition(storage::Database& db, std::string_view account_id,
                           arn::Partition partition);

}  // namespace localiam::api
