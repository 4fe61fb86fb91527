#include <catch2/catch.hpp>

#include "api/action_table.hpp"
#include "query/param_rules.hpp"
#include "query/query_params.hpp"
#include "query/xml_writer.hpp"

using namespace localiam;
using namespace localiam::api;

TEST_CASE("the Query decoder reads scalars, member lists and structures", "[api]") {
  QueryParams p;
  REQUIRE(p.add_form(
               "Action=CreateUser&Version=2010-05-08&Path=%2Fa%2Fb%2F&UserName=bob&"
               "Tags.member.1.Key=k1&Tags.member.1.Value=v1&Tags.member.2.Key=k2&"
               "Tags.member.2.Value=v+2&TagKeys.member.1=a&TagKeys.member.2=b&Empty=&Action=Other")
              .ok());
  CHECK(*p.get("Action") == "CreateUser");  // first value wins
  CHECK(*p.get("Path") == "/a/b/");
  CHECK(*p.get("Empty") == "");
  CHECK(p.get("Missing") == nullptr);
  CHECK(p.list("TagKeys") == std::vector<std::string>{"a", "b"});
  auto tags = p.struct_list("Tags", {"Key", "Value"});
  REQUIRE(tags.size() == 2);
  CHECK(tags[1][0] == "k2");
  CHECK(tags[1][1] == "v 2");
}

TEST_CASE("the Query decoder rejects broken escapes with MalformedQueryString", "[api]") {
  QueryParams p;
  Status s = p.add_form("Action=GetUser&UserName=%zz");
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == "MalformedQueryString");
  CHECK(s.error().message == "Illegal hex character in escape % pattern: %zz");
  QueryParams q;
  Status t = q.add_form("Action=GetUser%");
  REQUIRE_FALSE(t.ok());
  CHECK(t.error().message == "Incomplete trailing escape % sequence");
}

TEST_CASE("the XML writer produces AWS's envelope", "[api]") {
  XmlNode result;
  XmlNode& user = result.child("User");
  user.text("UserName", "a&b").timestamp("CreateDate", 0);
  result.list("Groups");
  std::string xml =
      render_response("GetUser", "https://iam.amazonaws.com/doc/2010-05-08/", &result, "req-1");
  CHECK(xml ==
        "<GetUserResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\n"
        "  <GetUserResult>\n"
        "    <User>\n"
        "      <UserName>a&amp;b</UserName>\n"
        "      <CreateDate>1970-01-01T00:00:00Z</CreateDate>\n"
        "    </User>\n"
        "    <Groups/>\n"
        "  </GetUserResult>\n"
        "  <ResponseMetadata>\n"
        "    <RequestId>req-1</RequestId>\n"
        "  </ResponseMetadata>\n"
        "</GetUserResponse>\n");
  std::string none = render_response("DeleteUser", "ns", nullptr, "r");
  CHECK(none.find("DeleteUserResult") == std::string::npos);
  XmlNode empty;
  CHECK(render_response("UpdateRole", "ns", &empty, "r").find("<UpdateRoleResult/>") !=
        std::string::npos);
}

TEST_CASE("errors serialise as <ErrorResponse> with RequestId outside Error", "[api]") {
  std::string xml = render_error("https://sts.amazonaws.com/doc/2011-06-15/",
                                 errors::ServiceFailure("x < y"), "rid");
  CHECK(xml ==
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
        "  <Error>\n"
        "    <Type>Receiver</Type>\n"
        "    <Code>ServiceFailure</Code>\n"
        "    <Message>x &lt; y</Message>\n"
        "  </Error>\n"
        "  <RequestId>rid</RequestId>\n"
        "</ErrorResponse>\n");
}

TEST_CASE("patterns from the model", "[api]") {
  struct Case {
    Pattern pattern;
    const char* value;
    bool ok;
  };
  const Case cases[] = {
      {Pattern::kName, "carlos", true},
      {Pattern::kName, "a+b=c,d.e@f-g_h", true},
      {Pattern::kName, "bad name!", false},
      {Pattern::kName, "", false},
      {Pattern::kPath, "/", true},
      {Pattern::kPath, "/a/b/", true},
      {Pattern::kPath, "a/", false},
      {Pattern::kPath, "//", false},
      {Pattern::kPath, "/a b/", false},
      {Pattern::kPolicyPath, "/", true},
      {Pattern::kPolicyPath, "/x/y/", true},
      {Pattern::kPolicyPath, "/x//", false},
      {Pattern::kPolicyPath, "/x", false},
      {Pattern::kVersionId, "v1", true},
      {Pattern::kVersionId, "v12.abc-1", true},
      {Pattern::kVersionId, "v0", false},
      {Pattern::kVersionId, "1", false},
      {Pattern::kSessionName, "s1", true},
      {Pattern::kSessionName, "Session1:2", false},
      {Pattern::kPolicyDocument, "{\"a\":\"\xc3\xa9\"}", true},  // é is U+00E9
      {Pattern::kPolicyDocument, "\xe2\x82\xac", false},         // € is U+20AC
      {Pattern::kPolicyDocument, "\xff", false},                 // not UTF-8
  };
  for (const Case& c : cases) {
    INFO(c.value);
    CHECK(matches_pattern(c.value, c.pattern) == c.ok);
  }
}

TEST_CASE("validation messages follow AWS's wording per service", "[api]") {
  const Action* create_user = find_action(Service::kIam, "CreateUser");
  REQUIRE(create_user);
  QueryParams long_name;
  REQUIRE(long_name.add_form("UserName=" + std::string(65, 'a')).ok());
  Status s = validate_params(long_name, create_user->rules, ValidationStyle::kIam);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == "ValidationError");
  CHECK(s.error().message ==
        "1 validation error detected: Value at 'userName' failed to satisfy constraint: Member "
        "must have length less than or equal to 64");

  QueryParams two;
  REQUIRE(two.add_form("UserName=bad+name!&Path=nope").ok());
  Status t = validate_params(two, create_user->rules, ValidationStyle::kIam);
  REQUIRE_FALSE(t.ok());
  CHECK(t.error().message ==
        "2 validation errors detected: Value at 'path' failed to satisfy constraint: Member must "
        "satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F); Value "
        "at 'userName' failed to satisfy constraint: Member must satisfy regular expression "
        "pattern: [\\w+=,.@-]+");

  const Action* assume = find_action(Service::kSts, "AssumeRole");
  REQUIRE(assume);
  QueryParams sts;
  REQUIRE(sts.add_form("RoleArn=arn%3Aaws%3Aiam%3A%3A000000000000%3Arole%2Fr&RoleSessionName="
                       "Session1%3A2&DurationSeconds=20")
              .ok());
  Status u = validate_params(sts, assume->rules, ValidationStyle::kSts);
  REQUIRE_FALSE(u.ok());
  CHECK(u.error().message ==
        "2 validation errors detected: Value 'Session1:2' at 'roleSessionName' failed to satisfy "
        "constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*; Value '20' at "
        "'durationSeconds' failed to satisfy constraint: Member must have value greater than or "
        "equal to 900");

  QueryParams missing;
  Status v = validate_params(missing, create_user->rules, ValidationStyle::kIam);
  REQUIRE_FALSE(v.ok());
  CHECK(v.error().message ==
        "1 validation error detected: Value null at 'userName' failed to satisfy constraint: "
        "Member must not be null");
}

TEST_CASE("the action table finds actions by service", "[api]") {
  CHECK(find_action(Service::kIam, "CreateUser") != nullptr);
  CHECK(find_action(Service::kSts, "CreateUser") == nullptr);
  CHECK(find_action(Service::kSts, "GetCallerIdentity") != nullptr);
  CHECK(find_action(Service::kIam, "Frobnicate") == nullptr);
  CHECK(find_action_any_service("AssumeRole")->service == Service::kSts);
  CHECK_FALSE(find_action(Service::kIam, "DeleteUser")->has_result);
  CHECK(find_action(Service::kIam, "DeleteUser")->writes);
}
