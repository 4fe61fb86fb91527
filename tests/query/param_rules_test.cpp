// List parameters (Tags, TagKeys) as the action rows declare them: AWS's wording for the list
// length, per-field problems ('tags.1.member.key') and the composite TagKeys constraint.
#include "query/param_rules.hpp"

#include <catch2/catch.hpp>

#include "api/action_table.hpp"

using namespace localiam;
using namespace localiam::api;

namespace {

const std::string kTagPattern = "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+";

// The ValidationError message for `form` against the rules of IAM action `action`, or "" if
// the parameters are valid.
std::string problems(const char* action, const std::string& form) {
  const Action* a = find_action(Service::kIam, action);
  REQUIRE(a);
  QueryParams params;
  REQUIRE(params.add_form(form).ok());
  Status s = validate_params(params, a->rules, ValidationStyle::kIam);
  return s.ok() ? "" : s.error().message;
}

std::string one(const std::string& member, const std::string& constraint) {
  return "1 validation error detected: Value at '" + member +
         "' failed to satisfy constraint: " + constraint;
}

std::string tags_form(int n) {
  std::string form;
  for (int i = 1; i <= n; ++i)
    form += "&Tags.member." + std::to_string(i) + ".Key=k" + std::to_string(i) + "&Tags.member." +
            std::to_string(i) + ".Value=v";
  return form;
}

}  // namespace

TEST_CASE("tag patterns: letters, digits, space and _.:/=+-@; non-ASCII taken as letters",
          "[api]") {
  struct Case {
    Pattern pattern;
    const char* value;
    bool ok;
  };
  const Case cases[] = {
      {Pattern::kTagKey, "team", true},
      {Pattern::kTagKey, "a b_c.d:e/f=g+h-i@j", true},
      {Pattern::kTagKey,
       "gr\xc3\xb6\xc3\x9f"
       "e",
       true},  // größe
      {Pattern::kTagKey, "", false},
      {Pattern::kTagKey, "bad!", false},
      {Pattern::kTagKey, "tab\tkey", false},
      {Pattern::kTagKey, "star*", false},
      {Pattern::kTagValue, "", true},
      {Pattern::kTagValue, "v 1", true},
      {Pattern::kTagValue, "a,b", false},
  };
  for (const Case& c : cases) {
    INFO(c.value);
    CHECK(matches_pattern(c.value, c.pattern) == c.ok);
  }
  CHECK(pattern_text(Pattern::kTagKey) == kTagPattern);
  CHECK(pattern_text(Pattern::kTagValue) == "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
}

TEST_CASE("Tags and TagKeys are checked with AWS's messages", "[api]") {
  struct Case {
    const char* action;
    std::string form;
    std::string message;
  };
  const Case cases[] = {
      {"TagUser", "UserName=u" + tags_form(50), ""},
      {"TagUser", "UserName=u&Tags=", ""},  // an empty list is still a list
      {"TagUser", "UserName=u" + tags_form(51),
       one("tags", "Member must have length less than or equal to 50")},
      {"TagUser", "UserName=u",
       "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member "
       "must not be null"},
      {"TagRole",
       "RoleName=r&Tags.member.1.Key=" + std::string(129, 'k') + "&Tags.member.1.Value=v",
       one("tags.1.member.key", "Member must have length less than or equal to 128")},
      {"CreateUser",
       "UserName=u&Tags.member.1.Key=a&Tags.member.1.Value=v&Tags.member.2.Key=b&Tags.member.2."
       "Value=" +
           std::string(257, 'v'),
       one("tags.2.member.value", "Member must have length less than or equal to 256")},
      {"TagPolicy",
       "PolicyArn=arn:aws:iam::000000000000:policy/"
       "p&Tags.member.1.Key=bad%21&Tags.member.1.Value=v",
       one("tags.1.member.key", "Member must satisfy regular expression pattern: " + kTagPattern)},
      {"TagUser", "UserName=u&Tags.member.1.Key=k",
       "1 validation error detected: Value null at 'tags.1.member.value' failed to satisfy "
       "constraint: Member must not be null"},
      {"TagUser", "UserName=u&Tags.member.1.Key=&Tags.member.1.Value=v",
       "2 validation errors detected: Value at 'tags.1.member.key' failed to satisfy constraint: "
       "Member must have length greater than or equal to 1; Value at 'tags.1.member.key' failed "
       "to satisfy constraint: Member must satisfy regular expression pattern: " +
           kTagPattern},
      {"UntagRole", "RoleName=r&TagKeys.member.1=ok&TagKeys.member.2=" + std::string(129, 'k'),
       one("tagKeys",
           "Member must satisfy constraint: [Member must have length less than or equal to 128, "
           "Member must have length greater than or equal to 1, Member must satisfy regular "
           "expression pattern: " +
               kTagPattern + ", Member must not be null]")},
      {"UntagUser", "UserName=u&TagKeys.member.1=a", ""},
  };
  for (const Case& c : cases) {
    INFO(c.action << " " << c.form.substr(0, 120));
    CHECK(problems(c.action, c.form) == c.message);
  }
}

TEST_CASE("the new IAM actions are in the table with the right shape", "[api]") {
  struct Case {
    const char* name;
    bool has_result;
    bool writes;
  };
  const Case cases[] = {
      {"AttachUserPolicy", false, true},
      {"ListAttachedRolePolicies", true, false},
      {"ListEntitiesForPolicy", true, false},
      {"PutGroupPolicy", false, true},
      {"GetRolePolicy", true, false},
      {"UpdateUser", false, true},
      {"UpdateRole", true, true},
      {"UpdateRoleDescription", true, true},
      {"UpdateAssumeRolePolicy", false, true},
      {"CreatePolicyVersion", true, true},
      {"SetDefaultPolicyVersion", false, true},
      {"TagPolicy", false, true},
      {"ListRoleTags", true, false},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const Action* a = find_action(Service::kIam, c.name);
    REQUIRE(a);
    CHECK(a->has_result == c.has_result);
    CHECK(a->writes == c.writes);
  }
}
