// The names of every AWS service's actions and condition keys (AWS's Service Authorization
// Reference, all of its services), built in from data/service_names.json, so that a policy check
// can tell `ec2:DescribeInstances` from `ec2:DescribeInstance` in services localiam does not
// otherwise model. Names only: what an action needs is in data/service_authorization.hpp, for
// the services localiam authorises. Parsed once, on first use; immutable and thread-safe after.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace localiam::data {

struct ServiceNamesEntry {
  std::string prefix;  // "ec2"
  std::string name;    // "Amazon EC2"
  // Each sorted ignoring case, spelt as AWS spells them.
  std::vector<std::string> actions;         // "DescribeInstances"
  std::vector<std::string> condition_keys;  // "ec2:InstanceType", "ec2:ResourceTag/${TagKey}"
};

class ServiceNames {
 public:
  static const ServiceNames& instance();

  // The service whose action prefix is `prefix` (any case), or nullptr.
  const ServiceNamesEntry* service(std::string_view prefix) const;
  // The action's name as AWS spells it ("GetObject" for "s3", "getobject"), or nullptr.
  const std::string* action(std::string_view prefix, std::string_view name) const;
  // True when `key` ("s3:prefix", "ec2:ResourceTag/Team"; any case) is one of its service's
  // condition keys; a listed `…/${TagKey}`-style key covers any key with that stem.
  bool has_condition_key(std::string_view key) const;

  const std::vector<ServiceNamesEntry>& services() const { return services_; }

 private:
  ServiceNames();
  std::vector<ServiceNamesEntry> services_;  // sorted by prefix
};

}  // namespace localiam::data
