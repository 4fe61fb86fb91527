// Virtual MFA devices of an account, keyed by serial number (the device's ARN). A device is
// unassigned until EnableMFADevice ties it to a user; `seed` is its Base32 TOTP secret and
// `drift` the number of 30-second steps its clock runs ahead of the server's (learnt when it
// is enabled or resynchronised). Callers hold Database::lock().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.hpp"
#include "storage/rows.hpp"

namespace localiam::storage {

struct MfaDeviceRow {
  int64_t row = 0;
  std::string account_id, serial_number, path, name, seed;
  std::optional<int64_t> user_row;  // the user it is assigned to
  std::optional<int64_t> enable_date;
  int64_t drift = 0;
  int64_t create_date = 0;
};

enum class MfaAssignment { kAny, kAssigned, kUnassigned };

class MfaDeviceRepository {
 public:
  explicit MfaDeviceRepository(Database& db) : db_(db) {}

  std::optional<MfaDeviceRow> find(std::string_view account_id, std::string_view serial_number);
  // Inserts and fills device.row. The caller has checked that the serial number is free.
  void insert(MfaDeviceRow& device);
  void remove(int64_t row);
  // Ties the device to a user from `enable_date` on, with the drift learnt from its codes.
  void assign(int64_t row, int64_t user_row, int64_t enable_date, int64_t drift);
  void unassign(int64_t row);
  void set_drift(int64_t row, int64_t drift);

  // Devices assigned to the user, by serial number.
  std::vector<MfaDeviceRow> list_for_user(int64_t user_row);
  int64_t count_for_user(int64_t user_row);
  // The account's devices with the given assignment, by serial number, after `after`.
  Page<MfaDeviceRow> page(std::string_view account_id, MfaAssignment assignment,
                          std::string_view after, int limit);

 private:
  Database& db_;
};

}  // namespace localiam::storage
