// The gateway's operation catalogue (data/gateway_operations.json, read by
// gateway/operation_catalog): how many operations of each service are mapped to the IAM actions
// AWS checks, and that every action it names is in the Service Authorization Reference.
#include <catch2/catch.hpp>
#include <map>

#include "data/service_authorization.hpp"
#include "gateway/operation_catalog.hpp"

using localiam::gateway::OperationCatalog;
using localiam::gateway::Protocol;

TEST_CASE("operations mapped per service", "[gateway_operations]") {
  // {operations in botocore's model, mapped}: a new botocore or Reference that changes these is
  // read, and the numbers moved, on purpose.
  const std::map<std::string, std::pair<size_t, size_t>> expected = {
      {"dynamodb", {57, 54}},       {"kms", {54, 53}}, {"lambda", {85, 84}}, {"s3", {111, 104}},
      {"secretsmanager", {23, 23}}, {"sns", {42, 42}}, {"sqs", {23, 23}},    {"ssm", {146, 146}},
  };
  const OperationCatalog& catalog = OperationCatalog::instance();
  REQUIRE(catalog.services().size() == expected.size());
  for (const auto& service : catalog.services()) {
    INFO(service.prefix);
    size_t mapped = 0;
    for (const auto& op : service.operations) mapped += op.actions.empty() ? 0 : 1;
    REQUIRE(expected.count(service.prefix));
    CHECK(service.operations.size() == expected.at(service.prefix).first);
    CHECK(mapped == expected.at(service.prefix).second);
  }
}

TEST_CASE("the catalogue's services and actions", "[gateway_operations]") {
  const OperationCatalog& catalog = OperationCatalog::instance();
  CHECK(catalog.by_signing_name("s3")->protocol == Protocol::kRestXml);
  CHECK(catalog.by_signing_name("lambda")->protocol == Protocol::kRestJson);
  CHECK(catalog.by_signing_name("sns")->protocol == Protocol::kQuery);
  CHECK(catalog.by_target_prefix("AmazonSQS")->prefix == "sqs");
  CHECK(catalog.by_target_prefix("DynamoDB_20120810")->prefix == "dynamodb");
  CHECK(catalog.by_target_prefix("") == nullptr);
  const auto* head = catalog.by_signing_name("s3")->operation("HeadObject");
  REQUIRE(head);
  CHECK(head->method == "HEAD");
  CHECK(head->uri == "/{Bucket}/{Key+}");
  REQUIRE(head->actions.size() == 1);
  CHECK(head->actions[0].action == "GetObject");
  const auto& reference = localiam::data::ServiceAuthorization::instance();
  for (const auto& service : catalog.services())
    for (const auto& op : service.operations)
      for (const auto& need : op.actions) {
        INFO(service.prefix << ":" << need.action);
        CHECK(reference.find_action(service.prefix, need.action));
      }
}
