#include "data/managed_policy_catalog.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>

using localiam::data::ManagedPolicy;
using localiam::data::ManagedPolicyCatalog;

namespace {

bool is_base32(char c) { return (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'); }

}  // namespace

TEST_CASE("catalogue holds every AWS managed policy, sorted by name", "[data]") {
  const auto& all = ManagedPolicyCatalog::instance().all();
  REQUIRE(all.size() == 1485);
  for (size_t i = 1; i < all.size(); ++i) CHECK(all[i - 1].name < all[i].name);
  CHECK(&ManagedPolicyCatalog::instance() == &ManagedPolicyCatalog::instance());
}

TEST_CASE("well-known policies are found by ARN with their metadata", "[data]") {
  const auto& catalog = ManagedPolicyCatalog::instance();

  const ManagedPolicy* ro = catalog.find_by_arn("arn:aws:iam::aws:policy/ReadOnlyAccess");
  REQUIRE(ro != nullptr);
  CHECK(ro->name == "ReadOnlyAccess");
  CHECK(ro->path == "/");
  CHECK(ro->default_version_id == "v182");
  CHECK(ro->create_date == 1423247988);  // 2015-02-06T18:39:48+00:00
  CHECK(ro->update_date == 1775230032);  // 2026-04-03T15:27:12+00:00
  CHECK(ro->permissions_boundary_usage_count == 0);

  const ManagedPolicy* lambda =
      catalog.find_by_arn("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
  REQUIRE(lambda != nullptr);
  CHECK(lambda->name == "AWSLambdaBasicExecutionRole");
  CHECK(lambda->path == "/service-role/");
  CHECK(lambda->default_version_id == "v1");
  CHECK(lambda->create_date == 1428591823);  // 2015-04-09T15:03:43+00:00
  CHECK(lambda->update_date == lambda->create_date);
  CHECK(lambda->document ==
        R"({"Statement":[{"Action":["logs:CreateLogGroup","logs:CreateLogStream",)"
        R"("logs:PutLogEvents"],"Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"})");
}

TEST_CASE("unknown or near-miss ARNs are not found", "[data]") {
  const auto& catalog = ManagedPolicyCatalog::instance();
  for (const char* arn : {
           "",
           "arn:aws:iam::aws:policy/NoSuchPolicy",
           "arn:aws:iam::aws:policy/readonlyaccess",
           "arn:aws:iam::aws:policy/service-role/ReadOnlyAccess",  // wrong path
           "arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole",  // path missing
           "arn:aws:iam::123456789012:policy/ReadOnlyAccess",
           "arn:aws:iam::aws:policy/ReadOnlyAccess ",
           "zzzz",
       }) {
    INFO(arn);
    CHECK(catalog.find_by_arn(arn) == nullptr);
  }
}

TEST_CASE("every policy is complete and findable by its own ARN", "[data]") {
  const auto& catalog = ManagedPolicyCatalog::instance();
  std::set<std::string> ids;
  for (const ManagedPolicy& p : catalog.all()) {
    INFO(p.name);
    REQUIRE(catalog.find_by_arn(p.arn) == &p);
    CHECK(p.arn == "arn:aws:iam::aws:policy" + p.path + p.name);
    CHECK(p.path.front() == '/');
    CHECK(p.path.back() == '/');
    CHECK(p.default_version_id.rfind('v', 0) == 0);
    CHECK(p.create_date > 1262304000);  // after 2010-01-01
    CHECK(p.update_date >= p.create_date);

    REQUIRE(p.policy_id.size() == 21);
    CHECK(p.policy_id.rfind("ANPA", 0) == 0);
    CHECK(std::all_of(p.policy_id.begin() + 4, p.policy_id.end(), is_base32));
    ids.insert(p.policy_id);

    rapidjson::Document doc;
    // The catalogue is parsed without encoding checks at start-up; this is where they happen.
    doc.Parse<rapidjson::kParseValidateEncodingFlag>(p.document.c_str(), p.document.size());
    REQUIRE_FALSE(doc.HasParseError());
    REQUIRE(doc.IsObject());
    CHECK(doc.HasMember("Statement"));
    CHECK(p.document.find('\n') == std::string::npos);
  }
  CHECK(ids.size() == catalog.all().size());
}

TEST_CASE("policy ids are derived from the ARN, hence stable", "[data]") {
  // Pinned: changing the derivation would change PolicyIds that clients may have stored.
  const auto* ro =
      ManagedPolicyCatalog::instance().find_by_arn("arn:aws:iam::aws:policy/ReadOnlyAccess");
  REQUIRE(ro != nullptr);
  // Independently: "ANPA" + base64.b32encode(sha256(arn))[:17] in Python.
  CHECK(ro->policy_id == "ANPAFI55UOPBKUWLEKB5V");
}
