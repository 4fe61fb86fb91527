#include "policy/statement_positions.hpp"

#include <catch2/catch.hpp>
#include <string>

using localiam::policy::statement_spans;

TEST_CASE("statement_spans: positions as the IAM simulator reports them", "[policy]") {
  SECTION("single-line document from the AWS CLI reference (1:38 to 1:167)") {
    const std::string doc =
        R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*",)"
        R"("Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}})";
    auto spans = statement_spans(doc);
    REQUIRE(spans.size() == 1);
    CHECK(spans[0].start.line == 1);
    CHECK(spans[0].start.column == 38);
    CHECK(spans[0].end.line == 1);
    CHECK(spans[0].end.column == 167);
  }
  SECTION("pretty-printed list of statements") {
    const std::string doc =
        "{\n"
        "    \"Version\": \"2012-10-17\",\n"
        "    \"Statement\": [{\n"
        "        \"Sid\": \"A\", \"Effect\": \"Allow\",\n"
        "        \"Action\": \"s3:*\", \"Resource\": \"*\"\n"
        "    },\n"
        "    {\"Effect\": \"Deny\", \"Action\": \"s3:x\", \"Resource\": \"*\", \"Condition\": "
        "{\"Bool\": {\"k\": \"}\"}}}]\n"
        "}";
    auto spans = statement_spans(doc);
    REQUIRE(spans.size() == 2);
    CHECK(spans[0].start.line == 3);
    CHECK(spans[0].start.column == 20);
    CHECK(spans[0].end.line == 6);
    CHECK(spans[0].end.column == 6);
    CHECK(spans[1].start.line == 7);
    CHECK(spans[1].start.column == 6);
    CHECK(spans[1].end.line == 7);
  }
  SECTION("not an object") { CHECK(statement_spans("[1]").empty()); }
}
