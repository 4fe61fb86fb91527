// Least privilege from the decision log: exactly the (action, resource) pairs called, grouped per
// service and resource set; a role's sessions count for the role.
#include "auth/policy_suggestion.hpp"

#include <catch2/catch.hpp>

using namespace localiam::api;

namespace {

DecisionEntry call(std::string principal, std::string action, std::string resource) {
  DecisionEntry e;
  e.principal = std::move(principal);
  e.action = std::move(action);
  e.resource = std::move(resource);
  e.decision = "implicitDeny";
  return e;
}

std::string suggested_policy(const std::vector<DecisionEntry>& entries) {
  PolicySuggestion suggestion;
  for (const DecisionEntry& e : entries) suggestion.add(e);
  return suggestion.document();
}

}  // namespace

TEST_CASE("a role's decisions include its sessions'", "[decisions]") {
  const std::string role = "arn:aws:iam::111111111111:role/app/worker";
  const DecisionsOf of_role(role);
  CHECK(of_role(call(role, "s3:GetObject", "*")));
  CHECK(of_role(call("arn:aws:sts::111111111111:assumed-role/worker/job-1", "s3:GetObject", "*")));
  CHECK_FALSE(
      of_role(call("arn:aws:sts::111111111111:assumed-role/worker2/job-1", "s3:GetObject", "*")));
  CHECK_FALSE(
      of_role(call("arn:aws:sts::222222222222:assumed-role/worker/job-1", "s3:GetObject", "*")));
  const std::string user = "arn:aws:iam::111111111111:user/u";
  const DecisionsOf of_user(user);
  CHECK(of_user(call(user, "iam:GetUser", user)));
  CHECK_FALSE(of_user(call(user + "2", "iam:GetUser", user)));
  CHECK_FALSE(of_user(call("arn:aws:sts::111111111111:assumed-role/u/s", "iam:GetUser", user)));
}

TEST_CASE("the suggested policy groups actions per service and resource set", "[decisions]") {
  const std::string u = "arn:aws:iam::1:user/u";
  const std::vector<DecisionEntry> calls = {
      call(u, "s3:GetObject", "arn:aws:s3:::b/one"), call(u, "s3:PutObject", "arn:aws:s3:::b/one"),
      call(u, "s3:GetObject", "arn:aws:s3:::b/two"), call(u, "s3:PutObject", "arn:aws:s3:::b/two"),
      call(u, "s3:ListBucket", "arn:aws:s3:::b"),    call(u, "iam:ListRoles", ""),
      call(u, "s3:GetObject", "arn:aws:s3:::b/one"),  // again: once in the policy
  };
  CHECK(suggested_policy(calls) == R"({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AllowIam",
      "Effect": "Allow",
      "Action": "iam:ListRoles",
      "Resource": "*"
    },
    {
      "Sid": "AllowS3",
      "Effect": "Allow",
      "Action": [
        "s3:GetObject",
        "s3:PutObject"
      ],
      "Resource": [
        "arn:aws:s3:::b/one",
        "arn:aws:s3:::b/two"
      ]
    },
    {
      "Sid": "AllowS3Set2",
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::b"
    }
  ]
}
)");
  CHECK(suggested_policy({}) == "");
}

TEST_CASE("conditions when asked: the one region every call of a statement named", "[decisions]") {
  auto in = [](std::string action, std::string resource, std::string region) {
    DecisionEntry e =
        call("arn:aws:iam::111111111111:user/a", std::move(action), std::move(resource));
    e.region = std::move(region);
    return e;
  };
  PolicySuggestion with(true), without;
  for (PolicySuggestion* s : {&with, &without}) {
    s->add(in("s3:GetObject", "arn:aws:s3:::b/k", "eu-west-1"));
    s->add(in("sqs:SendMessage", "arn:aws:sqs:us-east-1:111111111111:q", "us-east-1"));
    s->add(in("sqs:SendMessage", "arn:aws:sqs:us-east-1:111111111111:q", "eu-west-1"));
  }
  const std::string doc = with.document();
  CHECK(doc.find(R"("Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}})") !=
        std::string::npos);
  CHECK(doc.find("us-east-1\"}}") == std::string::npos);  // two regions: no condition
  CHECK(without.document().find("Condition") == std::string::npos);
}
