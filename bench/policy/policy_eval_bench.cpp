// Policy evaluation speed (Google Benchmark): one compiled 10-statement identity policy with
// wildcards and conditions, evaluated against requests that end in each outcome. The issue's
// target is 1,000,000 decisions per second on one core. Run: build-bench/localiam_policy_bench.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "policy/compiled_policy.hpp"
#include "policy/evaluator.hpp"

namespace {

using namespace localiam::policy;

// Ten statements: wildcards in actions and resources, NotAction, string/ARN/IP/date/bool/numeric
// conditions, IfExists and ForAnyValue, a policy variable, and one explicit deny.
constexpr const char* kPolicy = R"({
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "S3Read", "Effect": "Allow", "Action": ["s3:Get*", "s3:List*"],
     "Resource": ["arn:aws:s3:::data-*", "arn:aws:s3:::data-*/*"],
     "Condition": {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"]}}},
    {"Sid": "OwnUser", "Effect": "Allow", "Action": "iam:*AccessKey*",
     "Resource": "arn:aws:iam::111111111111:user/${aws:username}"},
    {"Sid": "Tagged", "Effect": "Allow", "Action": ["ec2:StartInstances", "ec2:StopInstances"],
     "Resource": "arn:aws:ec2:*:111111111111:instance/*",
     "Condition": {"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}},
    {"Sid": "Mfa", "Effect": "Allow", "Action": "iam:*", "Resource": "*",
     "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"},
                   "NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}},
    {"Sid": "Window", "Effect": "Allow", "Action": "dynamodb:Query",
     "Resource": "arn:aws:dynamodb:us-east-1:111111111111:table/orders",
     "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"},
                   "DateLessThan": {"aws:CurrentTime": "2099-01-01T00:00:00Z"}}},
    {"Sid": "Regions", "Effect": "Allow", "NotAction": ["iam:*", "organizations:*"],
     "Resource": "*",
     "Condition": {"StringLikeIfExists": {"aws:RequestedRegion": ["eu-*", "us-*"]}}},
    {"Sid": "TagKeys", "Effect": "Allow", "Action": "iam:TagUser", "Resource": "*",
     "Condition": {"ForAnyValue:StringEquals": {"aws:TagKeys": ["team", "cost-center"]}}},
    {"Sid": "Queue", "Effect": "Allow", "Action": "sqs:SendMessage",
     "Resource": "arn:aws:sqs:*:111111111111:jobs-?",
     "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111111111111:user/*"}}},
    {"Sid": "Logs", "Effect": "Allow", "Action": "logs:Put*",
     "Resource": "arn:aws:logs:*:*:log-group:/app/*"},
    {"Sid": "NoDelete", "Effect": "Deny", "Action": ["s3:Delete*", "iam:Delete*"],
     "Resource": "*"}
  ]
})";

struct Fixture {
  CompiledPolicy policy;
  std::vector<PolicyInput> identity;
  RequestPrincipal principal{"arn:aws:iam::111111111111:user/alice", "111111111111", "", "", ""};
  ContextKeys context;

  Fixture() {
    auto compiled = compile_policy(kPolicy, PolicyKind::kIdentity);
    if (!compiled.ok()) std::abort();
    policy = std::move(compiled).value();
    identity.push_back({&policy, "bench", SourceType::kUserManaged});
    context.set("aws:SourceIp", "10.1.2.3");
    context.set("aws:username", "alice");
    context.set("aws:PrincipalArn", principal.arn);
    context.set("aws:PrincipalTag/team", "blue");
    context.set("aws:ResourceTag/team", "blue");
    context.set("aws:CurrentTime", "2026-11-28T12:00:00Z");
    context.set("aws:RequestedRegion", "us-east-1");
    context.set("aws:MultiFactorAuthPresent", "false");
  }

  Decision decide(const std::string& action, const std::string& resource) const {
    EvaluationInput input;
    input.identity = identity;
    AuthzRequest request{action, resource, &principal, &context};
    return evaluate(input, request).decision;
  }
};

const Fixture& fixture() {
  static const Fixture f;
  return f;
}

void run(benchmark::State& state, const std::string& action, const std::string& resource,
         Decision expected) {
  const Fixture& f = fixture();
  if (f.decide(action, resource) != expected) {
    state.SkipWithError("unexpected decision");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(f.decide(action, resource));
  state.SetItemsProcessed(state.iterations());
}

// Allowed by the first statement (an IP condition).
void BM_AllowEarly(benchmark::State& state) {
  run(state, "s3:GetObject", "arn:aws:s3:::data-lake/2026/part-1.parquet", Decision::kAllowed);
}
// Allowed by the ninth statement, after every condition before it was tried.
void BM_AllowLate(benchmark::State& state) {
  run(state, "logs:PutLogEvents",
      "arn:aws:logs:us-east-1:111111111111:log-group:/app/web:log-stream:1", Decision::kAllowed);
}
// Explicitly denied by the last statement.
void BM_ExplicitDeny(benchmark::State& state) {
  run(state, "iam:DeleteUser", "arn:aws:iam::111111111111:user/bob", Decision::kExplicitDeny);
}
// No statement allows it.
void BM_ImplicitDeny(benchmark::State& state) {
  run(state, "iam:CreateUser", "arn:aws:iam::111111111111:user/bob", Decision::kImplicitDeny);
}

BENCHMARK(BM_AllowEarly);
BENCHMARK(BM_AllowLate);
BENCHMARK(BM_ExplicitDeny);
BENCHMARK(BM_ImplicitDeny);

}  // namespace

BENCHMARK_MAIN();
