// ValidatePolicy's speed (Google Benchmark): one identity policy of 6,144 characters without
// whitespace (the managed-policy maximum), actions of several services with wildcards,
// resources and conditions, validated whole. The issue's target is 1 ms. The first call also
// reads the built-in catalogue of every service's actions (reported as BM_FirstCall's setup,
// outside the loop). Run: build-bench/localiam_validate_bench.
#include <benchmark/benchmark.h>

#include <string>

#include "analyzer/policy_validation.hpp"
#include "policy/policy_document.hpp"

namespace {

using namespace localiam;

// Statements cycling through services until the document reaches 6,144 characters.
std::string six_kilobyte_policy() {
  static constexpr const char* kStatements[] = {
      R"({"Sid":"Reads%d","Effect":"Allow","Action":["s3:GetObject","s3:GetObjectVersion","s3:ListBucket","s3:Get*Tagging"],"Resource":["arn:aws:s3:::data-%d","arn:aws:s3:::data-%d/*"],"Condition":{"StringEquals":{"aws:PrincipalTag/team":"a%d"}}})",
      R"({"Sid":"Tables%d","Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:Query","dynamodb:PutItem"],"Resource":"arn:aws:dynamodb:us-east-1:111122223333:table/t%d","Condition":{"ForAllValues:StringEquals":{"dynamodb:LeadingKeys":["${aws:userid}"]},"Bool":{"aws:SecureTransport":"true"},"Numeric%s":{"aws:MultiFactorAuthAge":"%d"}}})",
      R"({"Sid":"Ec2%d","Effect":"Allow","Action":["ec2:DescribeInstances","ec2:StartInstances","ec2:StopInstances"],"Resource":"arn:aws:ec2:*:111122223333:instance/*","Condition":{"StringEquals":{"aws:ResourceTag/owner":"${aws:username}"},"IpAddress":{"aws:SourceIp":"203.0.113.%d/32"}}})",
  };
  std::string doc = R"({"Version":"2012-10-17","Statement":[)";
  for (int i = 0;; ++i) {
    char buffer[1024];
    const std::string pattern = kStatements[i % 3];
    if (i % 3 == 1)
      std::snprintf(buffer, sizeof buffer, pattern.c_str(), i, i, "LessThan", 3600 + i);
    else
      std::snprintf(buffer, sizeof buffer, pattern.c_str(), i, i, i, i);
    const std::string next = doc + (i ? "," : "") + buffer;
    if (policy::policy_size_without_whitespace(next + "]}") > 6144) break;
    doc = next;
  }
  return doc + "]}";
}

void BM_ValidatePolicy6144(benchmark::State& state) {
  const std::string doc = six_kilobyte_policy();
  analyzer::validate_policy(doc, analyzer::ValidatedPolicyType::kIdentity);  // reads the catalogue
  size_t findings = 0;
  for (auto _ : state) {
    auto got = analyzer::validate_policy(doc, analyzer::ValidatedPolicyType::kIdentity);
    findings = got.size();
    benchmark::DoNotOptimize(got);
  }
  state.counters["characters"] = static_cast<double>(policy::policy_size_without_whitespace(doc));
  state.counters["findings"] = static_cast<double>(findings);
}

BENCHMARK(BM_ValidatePolicy6144)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
