#include "policy/legacy_parsing.hpp"

#include <algorithm>

#include "policy/compiled_policy.hpp"
#include "policy/legacy_date_syntax.hpp"

namespace localiam::policy {

namespace {

bool is_date_operator(std::string_view op) {
  CompiledCondition c;
  read_condition_operator(op, c);
  switch (c.base) {
    case ConditionBase::kDateEquals:
    case ConditionBase::kDateLessThan:
    case ConditionBase::kDateLessThanEquals:
    case ConditionBase::kDateGreaterThan:
    case ConditionBase::kDateGreaterThanEquals:
      return true;
    default:
      return false;
  }
}

}  // namespace

bool statement_passes_legacy_parsing(const Statement& st) {
  if (!st.effect_exact_case) return false;
  return std::all_of(st.conditions.begin(), st.conditions.end(), [](const ConditionEntry& entry) {
    return !is_date_operator(entry.op) ||
           std::all_of(entry.values.begin(), entry.values.end(), is_legacy_date_value);
  });
}

}  // namespace localiam::policy
