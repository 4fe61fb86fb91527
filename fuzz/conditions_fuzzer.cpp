// Fuzzes the condition evaluator. Input, one item per line: the operator
// ("ForAnyValue:DateLessThanIfExists", …), the condition key, the policy's values separated by
// '|', then the request's values for that key separated by '|' (a line "-" for a missing key).
// The condition is compiled (typed values read: numbers, dates, IP blocks, booleans, policy
// variables) and evaluated directly and as part of a policy, with and without variables.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "policy/compiled_policy.hpp"
#include "policy/condition_values.hpp"
#include "policy/evaluator.hpp"
#include "policy/policy_variables.hpp"
#include "policy/statement_matcher.hpp"

using namespace localiam::policy;

namespace {

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  for (;;) {
    size_t at = s.find(sep);
    out.emplace_back(s.substr(0, at));
    if (at == std::string_view::npos) return out;
    s.remove_prefix(at + 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> lines =
      split(std::string_view(reinterpret_cast<const char*>(data), size), '\n');
  lines.resize(std::max<size_t>(lines.size(), 4));
  const std::string& op = lines[0];
  const std::string& key = lines[1];
  std::vector<std::string> values = split(lines[2], '|');
  ContextKeys context;
  if (lines[3] != "-") context.set(key, split(lines[3], '|'));
  context.set("aws:username", "alice");
  for (const std::string& v : values) {
    (void)parse_number(v);
    (void)parse_date_millis(v);
    (void)parse_bool(v);
    if (auto block = parse_ip_block(v)) (void)ip_in_block(*block, *block);
    (void)variable_keys(v);
  }

  ParsedPolicy parsed;
  parsed.version = "2012-10-17";
  Statement& st = parsed.statements.emplace_back();
  st.actions = ValueList{false, {"*"}};
  st.resources = ValueList{false, {"*"}};
  st.conditions.push_back(ConditionEntry{op, key, values});
  const CompiledPolicy policy = compile_parsed(parsed, "");
  (void)context_keys_of(policy);

  std::string scratch;
  for (const CompiledCondition& c : policy.statements.at(0).conditions)
    for (bool variables : {true, false}) (void)condition_holds(c, context, variables, scratch);

  const RequestPrincipal principal{"arn:aws:iam::123456789012:user/alice", "123456789012", "", "",
                                   ""};
  PolicyInput input{&policy, "fuzzed", SourceType::kUserManaged};
  AuthzRequest request{"iam:GetUser", "*", &principal, &context};
  EvaluationInput in;
  in.identity = std::span<const PolicyInput>(&input, 1);
  in.collect_details = true;
  (void)evaluate(in, request);
  return 0;
}
