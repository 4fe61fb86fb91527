// Fuzzes the policy pipeline on arbitrary documents: validation as IAM stores documents (every
// policy kind), parsing, compiling (which finds statement positions in documents that parsed:
// statement_spans() expects valid JSON), context keys, and an evaluation of what compiled
// against a request with the usual context keys. Invariant: a document that validates also
// compiles.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "policy/compiled_policy.hpp"
#include "policy/evaluator.hpp"
#include "policy/policy_document.hpp"

using namespace localiam::policy;

namespace {

const ContextKeys& context() {
  static const ContextKeys keys = [] {
    ContextKeys k;
    k.set("aws:username", "alice");
    k.set("aws:userid", "AIDAEXAMPLE");
    k.set("aws:PrincipalArn", "arn:aws:iam::123456789012:user/alice");
    k.set("aws:SourceIp", "203.0.113.7");
    k.set("aws:CurrentTime", "2026-01-15T10:30:45Z");
    k.set("aws:EpochTime", "1768473045");
    k.set("aws:MultiFactorAuthPresent", "true");
    k.set("aws:TagKeys", std::vector<std::string>{"team", "env"});
    k.set("aws:PrincipalTag/team", "blue");
    return k;
  }();
  return keys;
}

void evaluate_with(const CompiledPolicy& policy) {
  static const RequestPrincipal principal{"arn:aws:iam::123456789012:user/alice", "123456789012",
                                          "", "", ""};
  PolicyInput input{&policy, "fuzzed", SourceType::kUserManaged};
  for (const char* action : {"iam:CreateUser", "sts:AssumeRole", "s3:GetObject"}) {
    AuthzRequest request{action, "arn:aws:iam::123456789012:user/bob", &principal, &context()};
    EvaluationInput in;
    in.identity = std::span<const PolicyInput>(&input, 1);
    in.resource = &input;
    in.collect_details = true;
    EvaluationResult result = evaluate(in, request);
    (void)denial_reason(result, action);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view document(reinterpret_cast<const char*>(data), size);
  (void)policy_size_without_whitespace(document);
  for (PolicyKind kind : {PolicyKind::kIdentity, PolicyKind::kTrust, PolicyKind::kSession}) {
    const bool valid = validate_policy_document(document, kind).ok();
    auto compiled = compile_policy(document, kind);
    if (valid && !compiled.ok()) std::abort();
    if (!compiled.ok()) continue;
    (void)context_keys_of(compiled.value());
    evaluate_with(compiled.value());
  }
  return 0;
}
