// AuthMode: what `--auth open|verify|enforce|audit` changes, as one row of answers per mode.
// Code that behaves differently by mode asks the mode a question (refuse unknown keys? decide
// policies? refuse on deny? ...) and never compares names, so a new mode is one new row.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace localiam::api {

class AuthMode {
 public:
  // One mode's answers. The row's column order is the table's below.
  struct Row {
    const char* name;
    // An access key that is neither the root key nor a key localiam issued is refused
    // (InvalidClientTokenId); when false it is the root of an account (a 12-digit key names it).
    bool refuse_unknown_keys;
    // The root key's signature is verified and a session token sent with it is refused; when
    // false the root key works with any secret and any token. (Keys localiam issued are always
    // verified.)
    bool verify_root_key;
    // AssumeRoleWithSAML needs an assertion signed by one of the provider's certificates.
    bool verify_saml_signatures;
    // A signature's date must be within AWS's clock-skew window of real time.
    bool check_clock_skew;
    // Every signed request is decided against the caller's policies before its handler runs,
    // and the trust policies of AssumeRole, AssumeRoleWithWebIdentity and AssumeRoleWithSAML
    // are decided too (a trust policy is decided together with the caller's, never alone).
    bool evaluate_policies;
    // A request that the decision denies is refused with AccessDenied; when false (and
    // policies are evaluated) the denial is only recorded in the access log's `authorization`.
    bool refuse_on_deny;
    // The account root's long-term key may call AssumeRole (AWS refuses it whatever the
    // policies say: "Roles may not be assumed by root accounts.").
    bool root_may_assume_roles;
  };

  // clang-format off
  static constexpr std::array<Row, 4> kRows{{
      // name      unknown keys  root key  SAML sig  skew   policies  refuse  root assumes
      {"open",     false,        false,    false,    false, false,    false,  true},
      {"verify",   true,         true,     true,     true,  false,    false,  false},
      {"enforce",  true,         true,     true,     true,  true,     true,   false},
      {"audit",    true,         true,     true,     true,  true,     false,  false},
  }};
  // clang-format on

  static const AuthMode kOpen;
  static const AuthMode kVerify;
  static const AuthMode kEnforce;
  static const AuthMode kAudit;

  constexpr AuthMode() = default;  // open

  // The mode named `text` exactly ("open", "verify", "enforce", "audit"), or none.
  static constexpr std::optional<AuthMode> parse(std::string_view text) {
    for (size_t i = 0; i < kRows.size(); ++i)
      if (text == kRows[i].name) return AuthMode(i);
    return std::nullopt;
  }
  // The valid names for an error message: "open, verify, enforce or audit".
  static std::string names() {
    std::string out;
    for (size_t i = 0; i < kRows.size(); ++i) {
      if (i > 0) out += i + 1 == kRows.size() ? " or " : ", ";
      out += kRows[i].name;
    }
    return out;
  }

  constexpr const Row& row() const { return kRows[index_]; }
  constexpr const char* name() const { return row().name; }
  constexpr bool refuses_unknown_keys() const { return row().refuse_unknown_keys; }
  constexpr bool verifies_root_key() const { return row().verify_root_key; }
  constexpr bool verifies_saml_signatures() const { return row().verify_saml_signatures; }
  constexpr bool checks_clock_skew() const { return row().check_clock_skew; }
  constexpr bool evaluates_policies() const { return row().evaluate_policies; }
  constexpr bool refuses_on_deny() const { return row().refuse_on_deny; }
  constexpr bool root_may_assume_roles() const { return row().root_may_assume_roles; }

  constexpr bool operator==(const AuthMode&) const = default;

 private:
  constexpr explicit AuthMode(size_t index) : index_(index) {}
  size_t index_ = 0;
};

inline constexpr AuthMode AuthMode::kOpen = *AuthMode::parse("open");
inline constexpr AuthMode AuthMode::kVerify = *AuthMode::parse("verify");
inline constexpr AuthMode AuthMode::kEnforce = *AuthMode::parse("enforce");
inline constexpr AuthMode AuthMode::kAudit = *AuthMode::parse("audit");

}  // namespace localiam::api
