#include "policy/known_context_keys.hpp"

#include <string_view>
#include <utility>

namespace localiam::policy {

namespace {

constexpr std::pair<std::string_view, KnownKey> kNames[] = {
    {"aws:principalarn", KnownKey::kPrincipalArn},
    {"aws:principalaccount", KnownKey::kPrincipalAccount},
    {"aws:principaltype", KnownKey::kPrincipalType},
    {"aws:userid", KnownKey::kUserId},
    {"aws:username", KnownKey::kUserName},
    {"aws:tokenissuetime", KnownKey::kTokenIssueTime},
    {"aws:multifactorauthpresent", KnownKey::kMultiFactorAuthPresent},
    {"aws:multifactorauthage", KnownKey::kMultiFactorAuthAge},
    {"aws:sourceidentity", KnownKey::kSourceIdentity},
    {"aws:currenttime", KnownKey::kCurrentTime},
    {"aws:epochtime", KnownKey::kEpochTime},
    {"aws:requestedregion", KnownKey::kRequestedRegion},
    {"aws:securetransport", KnownKey::kSecureTransport},
    {"aws:sourceip", KnownKey::kSourceIp},
    {"aws:tagkeys", KnownKey::kTagKeys},
    {"iam:permissionsboundary", KnownKey::kPermissionsBoundary},
    {"iam:policyarn", KnownKey::kPolicyArn},
    {"sts:externalid", KnownKey::kExternalId},
    {"sts:rolesessionname", KnownKey::kRoleSessionName},
    {"sts:sourceidentity", KnownKey::kStsSourceIdentity},
    {"sts:transitivetagkeys", KnownKey::kTransitiveTagKeys},
};

constexpr std::pair<std::string_view, KnownKey> kPrefixes[] = {
    {"aws:principaltag/", KnownKey::kPrincipalTag},
    {"aws:requesttag/", KnownKey::kRequestTag},
    {"aws:resourcetag/", KnownKey::kAwsResourceTag},
    {"iam:resourcetag/", KnownKey::kIamResourceTag},
};

}  // namespace

uint64_t known_key_bits(const std::vector<std::string>& keys_lower) {
  uint64_t bits = 0;
  for (const std::string& key : keys_lower) {
    for (const auto& [name, known] : kNames)
      if (key == name) bits |= bit(known);
    for (const auto& [prefix, known] : kPrefixes)
      if (std::string_view(key).starts_with(prefix)) bits |= bit(known);
  }
  return bits;
}

}  // namespace localiam::policy
