// Table tests for the canonical-request pieces: URI normalisation and encoding, query
// canonicalisation (decode, re-encode, sort, presigned signature exclusion, malformed escapes),
// header value normalisation and the payload hash.
#include "sigv4/canonical_request.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace localiam;
using namespace localiam::sigv4;

TEST_CASE("append_canonical_uri normalises and encodes the path", "[sigv4]") {
  struct Case {
    const char* raw;
    const char* canonical;
  };
  const Case cases[] = {
      {"", "/"},
      {"/", "/"},
      {"//", "/"},
      {"/./", "/"},
      {"/example/..", "/"},
      {"/example1/example2/../..", "/"},
      {"/../..", "/"},
      {"/./example", "/example"},
      {"//example//", "/example/"},
      {"/a/b/../c/./d/", "/a/c/d/"},
      {"/example space/", "/example%20space/"},
      {"/example/$delete", "/example/%24delete"},
      {"/-._~0123456789AZaz", "/-._~0123456789AZaz"},
      {"/\xe1\x88\xb4", "/%E1%88%B4"},
      {"/already%20encoded", "/already%2520encoded"},
      {"relative/path", "relative/path"},
      {"*", "%2A"},
  };
  for (const Case& c : cases) {
    std::string out = "prefix";
    append_canonical_uri(out, c.raw);
    CHECK(out == std::string("prefix") + c.canonical);
  }
}

TEST_CASE("append_canonical_query decodes, re-encodes and sorts", "[sigv4]") {
  struct Case {
    const char* raw;
    bool presigned;
    const char* canonical;
  };
  const Case cases[] = {
      {"", false, ""},
      {"Param1=value1", false, "Param1=value1"},
      {"Param2=value2&Param1=value1", false, "Param1=value1&Param2=value2"},
      {"Param1=value2&Param1=Value1", false, "Param1=Value1&Param1=value2"},
      {"Param-3=Value3&Param=Value2&%E1%88%B4=Value1", false,
       "%E1%88%B4=Value1&Param=Value2&Param-3=Value3"},
      {"\xe1\x88\xb4=bar", false, "%E1%88%B4=bar"},
      {"a=b+c&d=e%20f", false, "a=b%20c&d=e%20f"},
      {"%7e%41=%2a", false, "~A=%2A"},
      {"key&other=", false, "key=&other="},
      {"&&a=1&&", false, "a=1"},
      {"a==b", false, "a=%3Db"},
      {"Action=X&X-Amz-Signature=abc", false, "Action=X&X-Amz-Signature=abc"},
      {"Action=X&X-Amz-Signature=abc", true, "Action=X"},
      {"X-Amz-Signature=abc", true, ""},
  };
  for (const Case& c : cases) {
    std::string out;
    REQUIRE(append_canonical_query(out, c.raw, c.presigned).ok());
    CHECK(out == c.canonical);
  }
}

TEST_CASE("append_canonical_query rejects malformed escapes unless lenient", "[sigv4]") {
  struct Case {
    const char* raw;
    const char* message;
    const char* lenient;
  };
  const Case cases[] = {
      {"a=%", "Incomplete trailing escape % sequence", "a=%25"},
      {"a=%4", "Incomplete trailing escape % sequence", "a=%254"},
      {"%xy=1", "Illegal hex character in escape % pattern: %xy", "%25xy=1"},
      {"a=%G0&b=1", "Illegal hex character in escape % pattern: %G0", "a=%25G0&b=1"},
  };
  for (const Case& c : cases) {
    std::string out;
    Status s = append_canonical_query(out, c.raw, false);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == "MalformedQueryString");
    CHECK(s.error().message == c.message);
    out.clear();
    REQUIRE(append_canonical_query(out, c.raw, false, /*strict=*/false).ok());
    CHECK(out == c.lenient);
  }
}

TEST_CASE("append_canonical_headers trims, collapses and joins", "[sigv4]") {
  const HeaderList headers = {
      {"Host", "example.amazonaws.com"}, {"My-Header1", "  value4  "},
      {"my-header1", "value1"},          {"MY-HEADER1", "value3"},
      {"My-Header2", "\"a   b \t  c\""}, {"Folded", "value1\n  value2\n     value3"},
      {"Unsigned", "ignored"},
  };
  std::string out;
  append_canonical_headers(out, &headers, {"folded", "Host", "my-header1", "my-header2", "absent"});
  CHECK(out ==
        "folded:value1 value2 value3\nhost:example.amazonaws.com\n"
        "my-header1:value4,value1,value3\nmy-header2:\"a b c\"\nabsent:\n\n"
        "folded;host;my-header1;my-header2;absent\n");

  out.clear();
  append_canonical_headers(out, nullptr, {"host"});
  CHECK(out == "host:\n\nhost\n");
}

TEST_CASE("append_payload_hash", "[sigv4]") {
  std::string out;
  append_payload_hash(out, nullptr, "");
  CHECK(out == kEmptyPayloadSha256);
  out.clear();
  append_payload_hash(out, nullptr, "Param1=value1");
  CHECK(out == "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");
  const HeaderList declared = {{"x-amz-content-sha256", "UNSIGNED-PAYLOAD"}};
  out.clear();
  append_payload_hash(out, &declared, "anything");
  CHECK(out == "UNSIGNED-PAYLOAD");
}

TEST_CASE("append_query_decoded", "[sigv4]") {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {{"a%2Fb", "a/b"}, {"a+b", "a b"}, {"%", "%"},
                        {"%4", "%4"},     {"%zz", "%zz"}, {"%e1%88%B4", "\xe1\x88\xb4"}};
  for (const Case& c : cases) {
    std::string out;
    append_query_decoded(out, c.in);
    CHECK(out == c.out);
  }
}
