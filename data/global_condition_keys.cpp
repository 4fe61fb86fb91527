#include "data/global_condition_keys.hpp"

#include <array>

#include "common/ascii.hpp"

namespace localiam::data {

namespace {

// From https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
constexpr std::array kKeys = {
    GlobalConditionKey{"aws:PrincipalArn", "ARN"},
    GlobalConditionKey{"aws:PrincipalAccount", "String"},
    GlobalConditionKey{"aws:PrincipalOrgPaths", "String", true},
    GlobalConditionKey{"aws:PrincipalOrgID", "String"},
    GlobalConditionKey{"aws:PrincipalTag/", "String"},
    GlobalConditionKey{"aws:PrincipalIsAWSService", "Bool"},
    GlobalConditionKey{"aws:PrincipalServiceName", "String"},
    GlobalConditionKey{"aws:PrincipalServiceNamesList", "String", true},
    GlobalConditionKey{"aws:PrincipalType", "String"},
    GlobalConditionKey{"aws:userid", "String"},
    GlobalConditionKey{"aws:username", "String"},
    GlobalConditionKey{"aws:AssumedRoot", "String"},
    GlobalConditionKey{"aws:FederatedProvider", "String"},
    GlobalConditionKey{"aws:TokenIssueTime", "Date"},
    GlobalConditionKey{"aws:MultiFactorAuthAge", "Numeric"},
    GlobalConditionKey{"aws:MultiFactorAuthPresent", "Bool"},
    GlobalConditionKey{"aws:Ec2InstanceSourceVpc", "String"},
    GlobalConditionKey{"aws:Ec2InstanceSourcePrivateIPv4", "IPAddress"},
    GlobalConditionKey{"aws:SourceIdentity", "String"},
    GlobalConditionKey{"aws:SourceIp", "IPAddress"},
    GlobalConditionKey{"aws:SourceVpc", "String"},
    GlobalConditionKey{"aws:SourceVpcArn", "ARN"},
    GlobalConditionKey{"aws:SourceVpce", "String"},
    GlobalConditionKey{"aws:VpcSourceIp", "IPAddress"},
    GlobalConditionKey{"aws:ResourceAccount", "String"},
    GlobalConditionKey{"aws:ResourceOrgPaths", "String", true},
    GlobalConditionKey{"aws:ResourceOrgID", "String"},
    GlobalConditionKey{"aws:ResourceTag/", "String"},
    GlobalConditionKey{"aws:CalledVia", "String", true},
    GlobalConditionKey{"aws:CalledViaFirst", "String"},
    GlobalConditionKey{"aws:CalledViaLast", "String"},
    GlobalConditionKey{"aws:ViaAWSService", "Bool"},
    GlobalConditionKey{"aws:CurrentTime", "Date"},
    GlobalConditionKey{"aws:EpochTime", "Date"},
    GlobalConditionKey{"aws:referer", "String"},
    GlobalConditionKey{"aws:RequestedRegion", "String"},
    GlobalConditionKey{"aws:RequestTag/", "String"},
    GlobalConditionKey{"aws:TagKeys", "String", true},
    GlobalConditionKey{"aws:SecureTransport", "Bool"},
    GlobalConditionKey{"aws:SourceAccount", "String"},
    GlobalConditionKey{"aws:SourceArn", "ARN"},
    GlobalConditionKey{"aws:SourceOrgID", "String"},
    GlobalConditionKey{"aws:SourceOrgPaths", "String", true},
    GlobalConditionKey{"aws:UserAgent", "String"},
};

}  // namespace

const GlobalConditionKey* global_condition_key(std::string_view key) {
  for (const GlobalConditionKey& k : kKeys) {
    if (k.name.ends_with('/') ? ascii::starts_with_icase(key, k.name) && key.size() > k.name.size()
                              : ascii::iequals(key, k.name))
      return &k;
  }
  return nullptr;
}

}  // namespace localiam::data
