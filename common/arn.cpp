#include "common/arn.hpp"

#include <array>

namespace localiam::arn {

namespace {

constexpr std::array<std::string_view, 8> kNames = {
    "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"};

// Region name prefixes of the partitions other than aws (botocore's partitions.json regexes).
struct RegionPrefix {
  std::string_view prefix;
  Partition partition;
};
constexpr RegionPrefix kRegionPrefixes[] = {
    {"cn-", Partition::kAwsCn},        {"us-gov-", Partition::kAwsUsGov},
    {"us-iso-", Partition::kAwsIso},   {"us-isob-", Partition::kAwsIsoB},
    {"eu-isoe-", Partition::kAwsIsoE}, {"us-isof-", Partition::kAwsIsoF},
    {"eusc-", Partition::kAwsEusc},
};

std::string build(Partition partition, std::string_view service, std::string_view account,
                  std::string_view resource) {
  std::string out = "arn:";
  out += partition_name(partition);
  out += ':';
  out += service;
  out += "::";
  out += account;
  out += ':';
  out += resource;
  return out;
}

}  // namespace

std::string_view partition_name(Partition partition) {
  return kNames[static_cast<size_t>(partition)];
}

std::optional<Partition> partition_named(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i)
    if (kNames[i] == name) return static_cast<Partition>(i);
  return std::nullopt;
}

Partition partition_of_region(std::string_view region) {
  for (const RegionPrefix& p : kRegionPrefixes)
    if (region.starts_with(p.prefix)) return p.partition;
  // The pseudo-regions "aws-cn-global", "aws-us-gov-global", …
  if (region.ends_with("-global")) {
    if (auto p = partition_named(region.substr(0, region.size() - 7))) return *p;
  }
  return Partition::kAws;
}

std::optional<Parts> split(std::string_view arn) {
  if (!arn.starts_with("arn:")) return std::nullopt;
  std::string_view fields[5];
  std::string_view rest = arn.substr(4);
  for (int i = 0; i < 4; ++i) {
    size_t colon = rest.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    fields[i] = rest.substr(0, colon);
    rest.remove_prefix(colon + 1);
  }
  fields[4] = rest;
  return Parts{fields[0], fields[1], fields[2], fields[3], fields[4]};
}

std::string_view account_of(std::string_view arn) {
  auto parts = split(arn);
  return parts ? parts->account : std::string_view();
}

std::optional<Partition> partition_of(std::string_view arn) {
  auto parts = split(arn);
  if (!parts) return std::nullopt;
  return partition_named(parts->partition);
}

std::string with_partition(std::string_view arn, Partition partition) {
  auto parts = split(arn);
  if (!parts) return std::string(arn);
  std::string out = "arn:";
  out += partition_name(partition);
  out += arn.substr(4 + parts->partition.size());
  return out;
}

std::string iam(Partition partition, std::string_view account, std::string_view resource) {
  return build(partition, "iam", account, resource);
}

std::string entity(Partition partition, std::string_view account, std::string_view kind,
                   std::string_view path, std::string_view name) {
  std::string resource;
  resource.reserve(kind.size() + path.size() + name.size());
  resource += kind;
  resource += path;
  resource += name;
  return build(partition, "iam", account, resource);
}

std::string oidc_provider(Partition partition, std::string_view account,
                          std::string_view resource) {
  return build(partition, "iam", account, "oidc-provider/" + std::string(resource));
}

std::string saml_provider(Partition partition, std::string_view account, std::string_view name) {
  return build(partition, "iam", account, "saml-provider/" + std::string(name));
}

std::string root(Partition partition, std::string_view account) {
  return build(partition, "iam", account, "root");
}

std::string assumed_role(Partition partition, std::string_view account, std::string_view role,
                         std::string_view session) {
  std::string resource = "assumed-role/";
  resource += role;
  resource += '/';
  resource += session;
  return build(partition, "sts", account, resource);
}

std::string federated_user(Partition partition, std::string_view account, std::string_view name) {
  return build(partition, "sts", account, "federated-user/" + std::string(name));
}

std::string aws_managed_policy(Partition partition, std::string_view path, std::string_view name) {
  return entity(partition, "aws", "policy", path, name);
}

bool is_aws_managed_policy(std::string_view arn) {
  auto parts = split(arn);
  return parts && partition_named(parts->partition) && parts->service == "iam" &&
         parts->region.empty() && parts->account == "aws" && parts->resource.starts_with("policy/");
}

bool is_iam(std::string_view arn) {
  auto parts = split(arn);
  return parts && partition_named(parts->partition) && parts->service == "iam" &&
         parts->region.empty();
}

}  // namespace localiam::arn
