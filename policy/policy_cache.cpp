#include "policy/policy_cache.hpp"

#include <mutex>
#include <string>
#include <unordered_map>

namespace localiam::policy {

namespace {

// Far above what tests and local development store; when reached the cache simply starts over.
constexpr size_t kMaxEntries = 20000;

struct Cache {
  std::mutex mutex;  // guards entries
  std::unordered_map<std::string, std::shared_ptr<const CompiledPolicy>> entries;
};

Cache& cache() {
  static Cache c;
  return c;
}

}  // namespace

std::shared_ptr<const CompiledPolicy> compiled_policy_for(std::string_view document) {
  Cache& c = cache();
  {
    std::lock_guard<std::mutex> lock(c.mutex);
    auto it = c.entries.find(std::string(document));
    if (it != c.entries.end()) return it->second;
  }
  // Compiled outside the lock; two threads racing on one new document both compile it.
  auto compiled = compile_policy(document, PolicyKind::kIdentity);
  if (!compiled.ok()) return nullptr;
  auto shared = std::make_shared<const CompiledPolicy>(std::move(compiled).value());
  std::lock_guard<std::mutex> lock(c.mutex);
  if (c.entries.size() >= kMaxEntries) c.entries.clear();
  c.entries.emplace(std::string(document), shared);
  return shared;
}

}  // namespace localiam::policy
