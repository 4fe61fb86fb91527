// xml_escape on hostile text: whatever bytes a request carries (echoed in error messages such as
// InvalidAction's or STS's validation errors), the XML written stays well-formed. Regression
// test for raw invalid UTF-8 echoed into <Message> (found by the hostile-input tests).
#include <catch2/catch.hpp>
#include <string>

#include "query/xml_writer.hpp"

using localiam::api::xml_escape;

namespace {
const std::string kReplacement = "\xEF\xBF\xBD";  // U+FFFD
}

TEST_CASE("xml_escape keeps well-formed UTF-8 and escapes markup", "[api][xml]") {
  CHECK(xml_escape("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&apos;");
  CHECK(xml_escape("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") ==
        "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
  CHECK(xml_escape("\xEF\xBF\xBD") == kReplacement);            // U+FFFD itself
  CHECK(xml_escape("\xF4\x8F\xBF\xBF") == "\xF4\x8F\xBF\xBF");  // U+10FFFF
  CHECK(xml_escape("a\r\nb\tc") == "a&#xD;\nb\tc");
}

TEST_CASE("xml_escape drops control characters and replaces bytes that are not UTF-8",
          "[api][xml]") {
  CHECK(xml_escape(std::string("a\0b\x01\x1F"
                               "c",
                               6)) == "abc");
  const struct {
    std::string in;
    std::string out;
  } cases[] = {
      {"Get\xFFUser", "Get" + kReplacement + "User"},                // a byte never used in UTF-8
      {"\xC3", kReplacement},                                        // truncated sequence
      {"\xC3(", kReplacement + "("},                                 // bad continuation
      {"\xC0\xAF", kReplacement + kReplacement},                     // overlong '/'
      {"\xE0\x80\xAF", kReplacement + kReplacement + kReplacement},  // overlong, 3 bytes
      {"\xED\xA0\x80", kReplacement + kReplacement + kReplacement},  // surrogate U+D800
      {"\xF4\x90\x80\x80",
       kReplacement + kReplacement + kReplacement + kReplacement},   // > U+10FFFF
      {"\xEF\xBF\xBE", kReplacement + kReplacement + kReplacement},  // U+FFFE
      {"\xEF\xBF\xBF", kReplacement + kReplacement + kReplacement},  // U+FFFF
      {"\x80", kReplacement},                                        // lone continuation
  };
  for (const auto& c : cases) CHECK(xml_escape(c.in) == c.out);
}
