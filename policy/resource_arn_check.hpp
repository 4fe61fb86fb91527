// Resource and NotResource values as IAM checks them when a policy is stored: the ARN format
// ("*" or fields separated by colons, the first of which IAM reads as "arn" whatever it says),
// the partition, the vendor, and the service rules IAM enforces for iam and s3. Also the
// stricter shape IAM's legacy parser demands. AWS's exact messages; pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace localiam::policy {

// AWS's message for the first format problem of `resource`, or nullopt if IAM accepts its format:
//  - no colon at all                → Resource R must be in ARN format or "*".
//  - a partition IAM does not know  → Partition "P" is not valid for resource "arn:P:…".
//    (the resource is shown as IAM rewrites it: "arn", the partition and four more fields, the
//    missing ones as "*"; a wildcard partition is accepted)
//  - no field after the partition   → Resource vendor must be fully qualified and cannot contain
//                                     regexes.
//  - iam with a region              → IAM resource R cannot contain region information.
//  - s3 with a region, no account   → Resource R can not contain region information.
//    (buckets and objects are global; access points, jobs and the like carry both)
//  - route53 with a region          → Resource R can not contain region information.
//  - route53 with an account        → Resource R cannot contain an account id.
//  - an iam resource part that is not "*", "root" or a known entity path (a missing one counts
//    as empty)                      → IAM resource path must either be "*", root, or start with …
// Three fields ("arn:aws:codecommit") are accepted, as on AWS.
std::optional<std::string> resource_format_error(std::string_view resource);

// Whether `resource` (already free of format errors) survives IAM's legacy parser: with fewer
// than five colons no two may be adjacent ("arn:aws:s3::bucket" fails, "arn:aws:s3" passes), and
// the service field is never empty ("arn:aws::::bucket" fails). "*" passes.
bool passes_legacy_resource_parsing(std::string_view resource);

}  // namespace localiam::policy
