// Granted but never called: per statement and Action entry, split by the actions used.
#include "auth/unused_permissions.hpp"

#include <catch2/catch.hpp>

using namespace localiam::api;

TEST_CASE("unused permissions per statement and action", "[decisions]") {
  PrincipalPolicies policies;
  LoadedPolicy& p = policies.identity.emplace_back();
  p.id = "app";
  p.type = localiam::policy::SourceType::kUser;
  p.document = R"({"Version":"2012-10-17","Statement":[
      {"Sid":"Logs","Effect":"Allow","Action":["logs:PutLogEvents","logs:CreateLogStream"],"Resource":"*"},
      {"Effect":"Deny","Action":"logs:DeleteLogGroup","Resource":"*"},
      {"Effect":"Allow","Action":"*:Describe*","Resource":"*"}]})";
  const std::string got =
      unused_permissions_json("arn:aws:iam::111111111111:user/app", policies,
                              {"logs:putlogevents", "ec2:describeinstances"}, 7);
  CHECK(got.starts_with(
      R"({"principal":"arn:aws:iam::111111111111:user/app","decisions":7,"usedActions":["ec2:describeinstances","logs:putlogevents"],"statements":[)"));
  CHECK(
      got.find(
          R"({"policy":"app","policyType":"user","sid":"Logs","index":1,"unused":false,"actions":[{"action":"logs:PutLogEvents","used":["logs:PutLogEvents"],"unused":[],"unusedServices":[]},{"action":"logs:CreateLogStream","used":[],"unused":["logs:CreateLogStream"],"unusedServices":[]}]})") !=
      std::string::npos);
  // Deny statements grant nothing; the wildcard across services names the untouched ones whole.
  CHECK(got.find(R"("index":2)") == std::string::npos);
  CHECK(got.find(R"("index":3,"unused":false)") != std::string::npos);
  CHECK(got.find(R"("used":["ec2:DescribeInstances"])") != std::string::npos);
  CHECK(got.find(R"("ec2:DescribeVpcs")") != std::string::npos);
  CHECK(got.find(R"("rds")") != std::string::npos);
}
