// The context keys enforce mode knows how to build, as bits: a compiled policy records which of
// them it names (CompiledPolicy::known_keys), so that building a request's context asks one bit
// per key instead of comparing names. Tag keys are known by their prefix
// ("aws:PrincipalTag/…" is kPrincipalTag whatever the tag).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace localiam::policy {

enum class KnownKey : uint8_t {
  kPrincipalArn,
  kPrincipalAccount,
  kPrincipalType,
  kUserId,
  kUserName,
  kTokenIssueTime,
  kMultiFactorAuthPresent,
  kMultiFactorAuthAge,
  kSourceIdentity,  // aws:SourceIdentity
  kCurrentTime,
  kEpochTime,
  kRequestedRegion,
  kSecureTransport,
  kSourceIp,
  kTagKeys,
  kPermissionsBoundary,
  kPolicyArn,
  kExternalId,
  kRoleSessionName,
  kStsSourceIdentity,  // sts:SourceIdentity
  kTransitiveTagKeys,
  kPrincipalTag,    // aws:PrincipalTag/*
  kRequestTag,      // aws:RequestTag/*
  kAwsResourceTag,  // aws:ResourceTag/*
  kIamResourceTag,  // iam:ResourceTag/*
};

constexpr uint64_t bit(KnownKey key) { return uint64_t{1} << static_cast<unsigned>(key); }

// The bits of the known keys among `keys_lower` (lower-cased names); other names add nothing.
uint64_t known_key_bits(const std::vector<std::string>& keys_lower);

}  // namespace localiam::policy
