#include "storage/table_changes.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <stdexcept>

namespace localiam::storage {

namespace {

void add_once(std::vector<uint32_t>& slots, uint32_t slot) {
  if (std::find(slots.begin(), slots.end(), slot) == slots.end()) slots.push_back(slot);
}

}  // namespace

void TableChanges::track(std::vector<std::string> tables) {
  names_ = std::move(tables);
  slots_.clear();
  for (uint32_t i = 0; i < names_.size(); ++i) slots_.emplace(names_[i], i);
  counters_ = std::make_unique<Counters[]>(names_.size());
}

void TableChanges::note(Writes& writes, int action, const char* table) const {
  if (!table) return;
  auto it = slots_.find(table);
  if (it == slots_.end()) return;
  switch (action) {
    case SQLITE_INSERT:
      add_once(writes.inserts, it->second);
      break;
    case SQLITE_UPDATE:
    case SQLITE_DELETE:
      add_once(writes.rewrites, it->second);
      break;
    default:
      break;
  }
}

void TableChanges::inserts_may_replace(Writes& writes) {
  for (uint32_t slot : writes.inserts) add_once(writes.rewrites, slot);
  writes.inserts.clear();
}

void TableChanges::wrote(const Writes& writes) {
  for (uint32_t slot : writes.inserts) counters_[slot].any.fetch_add(1, std::memory_order_acq_rel);
  for (uint32_t slot : writes.rewrites) {
    counters_[slot].any.fetch_add(1, std::memory_order_acq_rel);
    counters_[slot].existing.fetch_add(1, std::memory_order_acq_rel);
  }
}

uint32_t TableChanges::slot(std::string_view table) const {
  auto it = slots_.find(table);
  if (it == slots_.end())
    throw std::invalid_argument("no table named " + std::string(table) + " to count changes of");
  return it->second;
}

// Each counter only grows, so the sum of a table's and the epoch moves whenever either does.
TableChanges::Watch TableChanges::watch(std::string_view table) const {
  return Watch(&counters_[slot(table)], &epoch_);
}

uint64_t TableChanges::changes(std::string_view table) const { return watch(table).changes(); }

uint64_t TableChanges::existing_row_changes(std::string_view table) const {
  return watch(table).existing_row_changes();
}

}  // namespace localiam::storage
