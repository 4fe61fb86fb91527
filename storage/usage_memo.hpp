// UsageMemo: a read-through copy of the usage stamps every authenticated request checks (when
// a principal last called an action, when and where an access key was last used), so that a
// request whose use was stamped moments ago costs no database read. The Database owns it and
// clears it whenever rows could have gone back or been replaced (a rollback, a failed group
// commit, a reset or import); the repositories keep it equal to what they wrote. Guarded by
// Database::lock().
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace localiam::storage {

// When, where and for which service an access key was last used.
struct AccessKeyUse {
  int64_t date = 0;
  std::string service, region;
};

class UsageMemo {
 public:
  // nullptr when not remembered (the database has the answer).
  const int64_t* last_accessed(std::string_view entity_id, std::string_view service,
                               std::string_view action) const;
  void remember_access(std::string_view entity_id, std::string_view service,
                       std::string_view action, int64_t when);

  const AccessKeyUse* key_use(std::string_view access_key_id) const;
  void remember_key_use(std::string_view access_key_id, const AccessKeyUse& use);

  void clear();

 private:
  static std::string access_key(std::string_view entity_id, std::string_view service,
                                std::string_view action);
  void make_room();

  std::unordered_map<std::string, int64_t> last_accessed_;  // entity \0 service \0 action
  std::unordered_map<std::string, AccessKeyUse> key_use_;   // by access key ID
};

}  // namespace localiam::storage
