#include "auth/account_partition.hpp"

#include "storage/account_partition_repository.hpp"

namespace localiam::api {

std::optional<std::string> account_partition(storage::Database& db, std::string_view account_id) {
  return storage::AccountPartitionRepository(db).find(account_id);
}

AccountPartitionCache::AccountPartitionCache(storage::Database& db)
    : db_(db), table_(db.watch("account_partitions")) {}

std::optional<std::string> AccountPartitionCache::find(const std::string& account_id) {
  const uint64_t generation = table_.existing_row_changes();
  if (!started_ || generation != generation_) {
    known_.clear();
    generation_ = generation;
    started_ = true;
  }
  const uint64_t changes = table_.changes();
  auto it = known_.find(account_id);
  if (it != known_.end() && (it->second.partition || it->second.changes == changes))
    return it->second.partition;
  std::optional<std::string> fixed = account_partition(db_, account_id);
  known_.insert_or_assign(account_id, Entry{fixed, changes});
  return fixed;
}

Status check_partition(std::string_view account_id, const std::optional<std::string>& fixed,
                       arn::Partition partition, std::string_view region) {
  const std::string_view name = arn::partition_name(partition);
  if (!fixed || *fixed == name) return ok_status();
  // An unsigned request (AssumeRoleWithWebIdentity, AssumeRoleWithSAML) without a credential
  // scope takes the partition its RoleArn names.
  const std::string why = arn::partition_of_region(region) == partition
                              ? "signed for region " + std::string(region)
                              : std::string("for the partition its RoleArn names");
  // AWS refuses credentials of one partition in another as an invalid token; the text says why.
  return errors::InvalidClientTokenId(
      "The security token included in the request is invalid: account " + std::string(account_id) +
      " lives in partition " + *fixed +
      " (fixed by the first request that stored something in it), and this request is in "
      "partition " +
      std::string(name) + " (" + why +
      "). localiam keeps each account in one partition, as AWS does: use a region of " + *fixed +
      " for this account, or another account ID for " + std::string(name) + ".");
}

Status check_account_partition(const RequestContext& ctx, std::string_view account_id) {
  return check_partition(account_id, account_partition(ctx.db, account_id), ctx.partition,
                         ctx.region);
}

void fix_account_partition(storage::Database& db, std::string_view account_id,
                           arn::Partition partition) {
  storage::AccountPartitionRepository(db).fix(account_id, arn::partition_name(partition));
}

}  // namespace localiam::api
