// ARNs and partitions: the one place that names a partition (aws, aws-cn, aws-us-gov, the ISO
// partitions), maps a signing region to its partition, builds IAM and STS ARNs
// (arn:PARTITION:iam::ACCOUNT:TYPE/PATH+NAME) and reads the fields of an ARN.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace localiam::arn {

enum class Partition : uint8_t {
  kAws,
  kAwsCn,
  kAwsUsGov,
  kAwsIso,
  kAwsIsoB,
  kAwsIsoE,
  kAwsIsoF,
  kAwsEusc
};

// "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc".
std::string_view partition_name(Partition partition);
// The partition of that name, nullopt for any other text.
std::optional<Partition> partition_named(std::string_view name);
// The partition a region belongs to, by AWS's region naming: cn-* is aws-cn, us-gov-* aws-us-gov,
// us-iso-* aws-iso, us-isob-* aws-iso-b, eu-isoe-* aws-iso-e, us-isof-* aws-iso-f, eusc-* aws-eusc
// (and each partition's "PARTITION-global" pseudo-region); every other text (us-east-1, "") is aws.
Partition partition_of_region(std::string_view region);

// The six fields of arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE (RESOURCE may hold colons);
// views into the text given to split().
struct Parts {
  std::string_view partition, service, region, account, resource;
};
// nullopt unless the text starts with "arn:" and has at least five colons.
std::optional<Parts> split(std::string_view arn);
// The ACCOUNT field of an ARN, "" when the text is not an ARN.
std::string_view account_of(std::string_view arn);
// The partition an ARN names, nullopt when it is not an ARN or names no known partition.
std::optional<Partition> partition_of(std::string_view arn);
// The same ARN in another partition (its other fields unchanged); text that is not an ARN as is.
std::string with_partition(std::string_view arn, Partition partition);

// arn:PARTITION:iam::ACCOUNT:RESOURCE.
std::string iam(Partition partition, std::string_view account, std::string_view resource);
// arn:PARTITION:iam::ACCOUNT:KIND+PATH+NAME, the ARN of a user, group, role, policy, instance
// profile, MFA device or server certificate: entity(p, "1234…", "user", "/dev/", "alice").
std::string entity(Partition partition, std::string_view account, std::string_view kind,
                   std::string_view path, std::string_view name);
// arn:PARTITION:iam::ACCOUNT:oidc-provider/RESOURCE (the issuer URL without its scheme).
std::string oidc_provider(Partition partition, std::string_view account, std::string_view resource);
// arn:PARTITION:iam::ACCOUNT:saml-provider/NAME.
std::string saml_provider(Partition partition, std::string_view account, std::string_view name);
// arn:PARTITION:iam::ACCOUNT:root.
std::string root(Partition partition, std::string_view account);
// arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION.
std::string assumed_role(Partition partition, std::string_view account, std::string_view role,
                         std::string_view session);
// arn:PARTITION:sts::ACCOUNT:federated-user/NAME.
std::string federated_user(Partition partition, std::string_view account, std::string_view name);
// arn:PARTITION:iam::aws:policy+PATH+NAME, an AWS managed policy (path "/" or "/service-role/"…).
std::string aws_managed_policy(Partition partition, std::string_view path, std::string_view name);
// Whether the text is an AWS managed policy ARN (arn:PARTITION:iam::aws:policy/…) in any known
// partition.
bool is_aws_managed_policy(std::string_view arn);
// Whether the text is an IAM ARN (arn:PARTITION:iam::…) in any known partition.
bool is_iam(std::string_view arn);

}  // namespace localiam::arn
