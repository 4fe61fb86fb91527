#include "policy/legacy_date_syntax.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using localiam::policy::is_legacy_date_value;

TEST_CASE("legacy date syntax: what IAM reads as a date", "[policy]") {
  const std::vector<std::string> accepted = {
      // Recorded as accepted by AWS (TestPolicyDocumentValidity).
      "2017-07-01T00:00:00Z", "2019-07-01T13:20:15Z", "2016-12-13T21:20:37.593194+00:00",
      "2016-12-13t2:00:00.593194+23", "-292275054", "01T",
      // The same grammar's other forms.
      "0", "1500000000", "9223372036854775807", "000000000000000000009", "2020", "2020-1",
      "2020-01-31", "2020-02-29", "2000-02-29", "2020-366", "+2020-01-01", "+292278993",
      "2020-01-01T", "2020-01-01T12", "2020-01-01T12:30", "2020-01-01T12:30Z",
      "2020-01-01T12:30:15,123", "2020-01-01T12:30:15.123456789Z", "2020-01-01T12:30:15-05:00",
      "2020-01-01T12:30:15+0530", "2020-01-01t12:30:15z", "T12:00:00Z", "t7"};
  for (const std::string& text : accepted) {
    INFO(text);
    CHECK(is_legacy_date_value(text));
  }
  const std::vector<std::string> refused = {
      // Recorded as refused by AWS ("The policy failed legacy parsing").
      "sdfdsf", "234-13", "2016-12-13t2:00:00.593194+1", "2016-12-13t2:00:00.1999999999+10:59",
      "9223372036854775808",
      // The same grammar's limits.
      "", "T", "TZ", "Z", "-", "2020-", "2020-13", "2020-00", "2020-02-30", "2019-02-29",
      "1900-02-29", "2019-366", "2020-01-32", "2020-01-01Z", "2020-01-01T24:00", "2020-01-01T12:60",
      "2020-01-01T12:30:60", "2020-01-01T12:30:15+24", "2020-01-01T12:30:15+05:60",
      "2020-01-01T12:30:15+5", "2020-01-01T12:30:15.", "2020-01-01 12:30:15", "+292278994",
      "-292275055", "1234567890-01", "true", "${aws:CurrentTime}", "2020-01-01T12:30:15Zjunk"};
  for (const std::string& text : refused) {
    INFO(text);
    CHECK_FALSE(is_legacy_date_value(text));
  }
}
