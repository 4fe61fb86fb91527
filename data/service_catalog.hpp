// The AWS services IAM knows by namespace (the prefix of their actions, "s3" in
// "s3:GetObject") with their full names, as service-last-accessed reports list them.
// Immutable, sorted by namespace, safe to read from any thread.
#pragma once

#include <span>
#include <string_view>

namespace localiam::data {

struct ServiceInfo {
  std::string_view service_namespace;  // "s3"
  std::string_view name;               // "Amazon Simple Storage Service"
};

// Every service, sorted by namespace.
std::span<const ServiceInfo> all_services();
// The service with this namespace, or nullptr.
const ServiceInfo* find_service(std::string_view service_namespace);

}  // namespace localiam::data
