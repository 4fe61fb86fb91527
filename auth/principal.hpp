// Principal: who is calling, once the access key has been resolved (account root, IAM user,
// assumed-role session, federated user), with the identifiers GetCallerIdentity reports.
#pragma once

#include <cstdint>
#include <string>

namespace localiam::api {

enum class PrincipalKind { kRoot, kUser, kAssumedRole, kFederatedUser };

struct Principal {
  PrincipalKind kind = PrincipalKind::kRoot;
  std::string account_id;
  std::string arn;      // arn:aws:iam::ACCT:root, …:user/path/name, arn:aws:sts::…
  std::string user_id;  // GetCallerIdentity UserId: account id, AIDA…, AROA…:session, ACCT:name
  std::string name;     // user name, role name or federated user name ("" for root)
  std::string session_name;
  std::string access_key_id;
  bool temporary = false;  // credentials issued by STS
  int64_t user_row = 0;    // for IAM users
};

}  // namespace localiam::api
