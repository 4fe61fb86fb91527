#include "data/service_catalog.hpp"

#include <algorithm>

// kServices: {namespace, full name} for every service, sorted by namespace; generated from
// botocore's service models by data/generate (see that file's opening comment).
#include "data/service_catalog.inc"

namespace localiam::data {

std::span<const ServiceInfo> all_services() { return kServices; }

const ServiceInfo* find_service(std::string_view service_namespace) {
  auto it = std::lower_bound(
      std::begin(kServices), std::end(kServices), service_namespace,
      [](const ServiceInfo& s, std::string_view ns) { return s.service_namespace < ns; });
  if (it == std::end(kServices) || it->service_namespace != service_namespace) return nullptr;
  return &*it;
}

}  // namespace localiam::data
