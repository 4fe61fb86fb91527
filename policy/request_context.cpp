#include "policy/request_context.hpp"

#include "common/ascii.hpp"

namespace localiam::policy {

namespace {

// `lowered` (already lower-case) names the same key as `key` in any case.
bool same_key(std::string_view lowered, std::string_view key) {
  if (lowered.size() != key.size()) return false;
  for (size_t i = 0; i < key.size(); ++i)
    if (lowered[i] != ascii::to_lower(key[i])) return false;
  return true;
}

}  // namespace

std::vector<std::string>& ContextKeys::slot(std::string_view key) {
  if (index_.empty()) {
    for (auto& [name, values] : entries_)
      if (same_key(name, key)) return values;
  } else if (auto it = index_.find(ascii::to_lower(key)); it != index_.end()) {
    return entries_[it->second].second;
  }
  entries_.emplace_back(ascii::to_lower(key), std::vector<std::string>{});
  if (!index_.empty()) {
    index_.emplace(entries_.back().first, entries_.size() - 1);
  } else if (entries_.size() >= kIndexFrom) {
    for (size_t i = 0; i < entries_.size(); ++i) index_.emplace(entries_[i].first, i);
  }
  return entries_.back().second;
}

void ContextKeys::set(std::string_view key, std::vector<std::string> values) {
  slot(key) = std::move(values);
}

void ContextKeys::add(std::string_view key, std::string value) {
  slot(key).push_back(std::move(value));
}

const std::vector<std::string>* ContextKeys::find_lower(std::string_view lower_key) const {
  if (index_.empty()) {
    for (const auto& [name, values] : entries_)
      if (name == lower_key) return &values;
    return nullptr;
  }
  auto it = index_.find(lower_key);
  return it == index_.end() ? nullptr : &entries_[it->second].second;
}

const std::vector<std::string>* ContextKeys::find(std::string_view key) const {
  return find_lower(ascii::to_lower(key));
}

}  // namespace localiam::policy
