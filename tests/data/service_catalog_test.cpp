#include "data/service_catalog.hpp"

#include <catch2/catch.hpp>
#include <string>

using namespace localiam::data;

TEST_CASE("service catalogue is sorted, unique and found by namespace", "[data]") {
  const auto all = all_services();
  REQUIRE(all.size() > 300);
  for (size_t i = 1; i < all.size(); ++i)
    CHECK(all[i - 1].service_namespace < all[i].service_namespace);
  for (const auto& s : all) CHECK(find_service(s.service_namespace) == &s);
  CHECK(find_service("nope") == nullptr);
  CHECK(find_service("") == nullptr);
}

TEST_CASE("a namespace several SDK models share is named by the model of that name", "[data]") {
  // docdb and neptune also sign as rds, s3control as s3, mailmanager as ses.
  const struct {
    const char* service_namespace;
    const char* name;
  } cases[] = {
      {"iam", "AWS Identity and Access Management"},
      {"sts", "AWS Security Token Service"},
      {"rds", "Amazon Relational Database Service"},
      {"s3", "Amazon Simple Storage Service"},
      {"ses", "Amazon Simple Email Service"},
      {"kinesisvideo", "Amazon Kinesis Video Streams"},
  };
  for (const auto& c : cases) {
    INFO(c.service_namespace);
    const ServiceInfo* s = find_service(c.service_namespace);
    REQUIRE(s != nullptr);
    CHECK(s->name == c.name);
  }
}
