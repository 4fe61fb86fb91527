#include "storage/mfa_device_repository.hpp"

#include "storage/page_reader.hpp"

namespace localiam::storage {

namespace {

#define MFA_COLUMNS \
  "id, account_id, serial_number, path, name, seed, user_row, enable_date, drift, create_date"

MfaDeviceRow read_device(const Statement& s) {
  MfaDeviceRow d;
  d.row = s.integer(0);
  d.account_id = s.text(1);
  d.serial_number = s.text(2);
  d.path = s.text(3);
  d.name = s.text(4);
  d.seed = s.text(5);
  if (!s.is_null(6)) d.user_row = s.integer(6);
  if (!s.is_null(7)) d.enable_date = s.integer(7);
  d.drift = s.integer(8);
  d.create_date = s.integer(9);
  return d;
}

}  // namespace

std::optional<MfaDeviceRow> MfaDeviceRepository::find(std::string_view account_id,
                                                      std::string_view serial_number) {
  Statement s = db_.prepare("SELECT " MFA_COLUMNS
                            " FROM mfa_devices WHERE account_id = ? AND serial_number = ?");
  s.bind(1, account_id).bind(2, serial_number);
  if (!s.step()) return std::nullopt;
  return read_device(s);
}

void MfaDeviceRepository::insert(MfaDeviceRow& device) {
  db_.prepare(
         "INSERT INTO mfa_devices (account_id, serial_number, path, name, seed, create_date) "
         "VALUES (?,?,?,?,?,?)")
      .bind(1, device.account_id)
      .bind(2, device.serial_number)
      .bind(3, device.path)
      .bind(4, device.name)
      .bind(5, device.seed)
      .bind(6, device.create_date)
      .run();
  device.row = db_.last_insert_rowid();
}

void MfaDeviceRepository::remove(int64_t row) {
  db_.prepare("DELETE FROM mfa_devices WHERE id = ?").bind(1, row).run();
}

void MfaDeviceRepository::assign(int64_t row, int64_t user_row, int64_t enable_date,
                                 int64_t drift) {
  db_.prepare("UPDATE mfa_devices SET user_row = ?, enable_date = ?, drift = ? WHERE id = ?")
      .bind(1, user_row)
      .bind(2, enable_date)
      .bind(3, drift)
      .bind(4, row)
      .run();
}

void MfaDeviceRepository::unassign(int64_t row) {
  db_.prepare("UPDATE mfa_devices SET user_row = NULL, enable_date = NULL, drift = 0 WHERE id = ?")
      .bind(1, row)
      .run();
}

void MfaDeviceRepository::set_drift(int64_t row, int64_t drift) {
  db_.prepare("UPDATE mfa_devices SET drift = ? WHERE id = ?").bind(1, drift).bind(2, row).run();
}

std::vector<MfaDeviceRow> MfaDeviceRepository::list_for_user(int64_t user_row) {
  Statement s = db_.prepare("SELECT " MFA_COLUMNS
                            " FROM mfa_devices WHERE user_row = ? ORDER BY serial_number");
  s.bind(1, user_row);
  std::vector<MfaDeviceRow> devices;
  while (s.step()) devices.push_back(read_device(s));
  return devices;
}

int64_t MfaDeviceRepository::count_for_user(int64_t user_row) {
  Statement s = db_.prepare("SELECT count(*) FROM mfa_devices WHERE user_row = ?");
  s.bind(1, user_row);
  s.step();
  return s.integer(0);
}

Page<MfaDeviceRow> MfaDeviceRepository::page(std::string_view account_id, MfaAssignment assignment,
                                             std::string_view after, int limit) {
  // ?2: 0 any, 1 assigned, 2 unassigned.
  Statement s =
      db_.prepare("SELECT " MFA_COLUMNS
                  " FROM mfa_devices WHERE account_id = ?1 AND serial_number > ?3 AND "
                  "(?2 = 0 OR (?2 = 1 AND user_row IS NOT NULL) OR (?2 = 2 AND user_row IS NULL)) "
                  "ORDER BY serial_number LIMIT ?4");
  s.bind(1, account_id)
      .bind(2, static_cast<int64_t>(assignment))
      .bind(3, after)
      .bind(4, static_cast<int64_t>(limit) + 1);
  return read_page<MfaDeviceRow>(s, limit, read_device);
}

#undef MFA_COLUMNS

}  // namespace localiam::storage
