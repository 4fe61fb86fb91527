// TableChanges: a change counter per table, so that the layers above can keep caches of rows and
// know when one may be stale (storage keeps no cache of its own). Every table of the schema has
// two counters: changes() moves whenever a statement that may insert, update or delete its rows
// runs; existing_row_changes() only when the statement may update or delete rows (a plain INSERT
// changes no row a cache already holds). Both move on everything_changed(): a rollback, a reset,
// an import, any SQL run with Database::exec. Counters are atomics: they may be read without the
// database lock, and a value read before taking the lock that still holds under it means no
// such change happened in between.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace localiam::storage {

class TableChanges {
 private:
  struct Counters {
    std::atomic<uint64_t> any{0};
    std::atomic<uint64_t> existing{0};
  };

 public:
  // One table's counters, found by name once, so that reading them costs no lookup: what
  // changes() and existing_row_changes() answer for the table. Valid while the TableChanges
  // (the Database) lives.
  class Watch {
   public:
    uint64_t changes() const {
      return counters_->any.load(std::memory_order_acquire) +
             epoch_->load(std::memory_order_acquire);
    }
    uint64_t existing_row_changes() const {
      return counters_->existing.load(std::memory_order_acquire) +
             epoch_->load(std::memory_order_acquire);
    }

   private:
    friend class TableChanges;
    Watch(const Counters* counters, const std::atomic<uint64_t>* epoch)
        : counters_(counters), epoch_(epoch) {}
    const Counters* counters_;
    const std::atomic<uint64_t>* epoch_;
  };

  // What one prepared statement may write, as SQLite's authorizer reports it while compiling
  // the statement (the writes of the triggers it fires included), as table slots.
  struct Writes {
    std::vector<uint32_t> inserts;   // tables it only inserts into
    std::vector<uint32_t> rewrites;  // tables whose existing rows it may update or delete
  };

  // Sets the tables to count, once, before any counter is read (the schema is migrated first).
  void track(std::vector<std::string> tables);
  // Notes one write an authorizer reported while a statement compiles: `action` is
  // SQLITE_INSERT, SQLITE_UPDATE or SQLITE_DELETE (others are ignored), on `table`. Tables not
  // tracked are ignored.
  void note(Writes& writes, int action, const char* table) const;
  // An INSERT OR REPLACE (or REPLACE INTO) deletes the row it conflicts with: its inserts count
  // as rewrites.
  static void inserts_may_replace(Writes& writes);

  // A statement with these writes is about to run. The caller holds the database lock.
  void wrote(const Writes& writes);
  // Any row of any table may differ from what was read. The caller holds the database lock.
  void everything_changed() { epoch_.fetch_add(1, std::memory_order_acq_rel); }

  // Moves whenever a row of `table` may have been inserted, updated or deleted, and on
  // everything_changed(). Throws std::invalid_argument for a table the schema does not have.
  uint64_t changes(std::string_view table) const;
  // Moves whenever an existing row of `table` may have been updated or deleted, and on
  // everything_changed(), but not for inserts: enough for a cache that remembers the rows it
  // found and never that a row is absent. Throws std::invalid_argument as changes() does.
  uint64_t existing_row_changes(std::string_view table) const;
  // The counters of `table`. Throws std::invalid_argument as changes() does.
  Watch watch(std::string_view table) const;

 private:
  uint32_t slot(std::string_view table) const;

  std::vector<std::string> names_;                        // set once by track()
  std::unordered_map<std::string_view, uint32_t> slots_;  // views into names_
  std::unique_ptr<Counters[]> counters_;                  // one per table, by slot
  std::atomic<uint64_t> epoch_{0};
};

}  // namespace localiam::storage
