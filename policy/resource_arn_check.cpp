#include "policy/resource_arn_check.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace localiam::policy {

namespace {

bool is_known_partition(std::string_view p) {
  static constexpr std::array<std::string_view, 8> kPartitions = {
      "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"};
  return std::find(kPartitions.begin(), kPartitions.end(), p) != kPartitions.end();
}

// The starts of an IAM resource path, in the order AWS's message lists them.
constexpr std::array<std::string_view, 13> kIamPathStarts = {"user/",
                                                             "federated-user/",
                                                             "role/",
                                                             "group/",
                                                             "instance-profile/",
                                                             "mfa/",
                                                             "server-certificate/",
                                                             "policy/",
                                                             "sms-mfa/",
                                                             "saml-provider/",
                                                             "oidc-provider/",
                                                             "report/",
                                                             "access-report/"};

std::string iam_path_message() {
  std::string m = "IAM resource path must either be \"*\", root, or start with ";
  for (size_t i = 0; i < kIamPathStarts.size(); ++i) {
    if (i > 0) m += ", ";
    m += kIamPathStarts[i];
  }
  return m + ".";
}

bool is_iam_path(std::string_view path) {
  if (path == "*" || path == "root") return true;
  return std::any_of(kIamPathStarts.begin(), kIamPathStarts.end(),
                     [&](std::string_view start) { return path.starts_with(start); });
}

std::vector<std::string_view> split_fields(std::string_view text) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    const size_t colon = text.find(':', start);
    if (colon == std::string_view::npos) {
      fields.push_back(text.substr(start));
      return fields;
    }
    fields.push_back(text.substr(start, colon - start));
    start = colon + 1;
  }
}

// Fields from `first` on, joined again with colons ("" when there are none).
std::string_view rest_from(std::string_view text, const std::vector<std::string_view>& fields,
                           size_t first) {
  if (first >= fields.size()) return {};
  return text.substr(static_cast<size_t>(fields[first].data() - text.data()));
}

// The resource as AWS shows it in the partition message: "arn", the partition, then service,
// region and account (each "*" when missing) and the rest.
std::string rewritten_for_message(std::string_view resource,
                                  const std::vector<std::string_view>& fields) {
  const size_t n = fields.size();
  const bool service_given = n > 3 || (n == 3 && !fields[2].empty());
  std::string out = "arn:" + std::string(fields[1]);
  out += ":" + std::string(service_given ? fields[2] : "*");
  out += ":" + std::string(n > 3 ? fields[3] : "*");
  out += ":" + std::string(n > 4 ? fields[4] : "*");
  out += ":" + std::string(n > 5 ? rest_from(resource, fields, 5) : "*");
  return out;
}

}  // namespace

std::optional<std::string> resource_format_error(std::string_view resource) {
  if (resource == "*") return std::nullopt;
  const std::vector<std::string_view> fields = split_fields(resource);
  if (fields.size() < 2) {
    return "Resource " + std::string(resource) + " must be in ARN format or \"*\".";
  }
  const std::string_view partition = fields[1];
  const bool wildcard = partition.find_first_of("*?") != std::string_view::npos;
  if (!wildcard && !is_known_partition(partition)) {
    return "Partition \"" + std::string(partition) + "\" is not valid for resource \"" +
           rewritten_for_message(resource, fields) + "\".";
  }
  if (fields.size() < 3)
    return "Resource vendor must be fully qualified and cannot contain regexes.";
  const std::string_view service = fields[2];
  const std::string_view region = fields.size() > 3 ? fields[3] : std::string_view();
  const std::string_view account = fields.size() > 4 ? fields[4] : std::string_view();
  if (service == "iam" && !region.empty()) {
    return "IAM resource " + std::string(resource) + " cannot contain region information.";
  }
  if (service == "s3" && !region.empty() && account.empty()) {
    return "Resource " + std::string(resource) + " can not contain region information.";
  }
  // Route 53's resources (hosted zones, health checks, …) are global and belong to no account
  // in their ARN; AWS's answers to both mistakes were quoted by users.
  if (service == "route53" && !region.empty()) {
    return "Resource " + std::string(resource) + " can not contain region information.";
  }
  if (service == "route53" && !account.empty()) {
    return "Resource " + std::string(resource) + " cannot contain an account id.";
  }
  if (service == "iam" && !is_iam_path(rest_from(resource, fields, 5))) return iam_path_message();
  return std::nullopt;
}

bool passes_legacy_resource_parsing(std::string_view resource) {
  if (resource == "*") return true;
  const size_t colons = static_cast<size_t>(std::count(resource.begin(), resource.end(), ':'));
  if (colons < 5 && resource.find("::") != std::string_view::npos) return false;
  const std::vector<std::string_view> fields = split_fields(resource);
  return fields.size() > 2 && !fields[2].empty();
}

}  // namespace localiam::policy
