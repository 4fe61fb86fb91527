"""Tags of users, roles and managed policies through every client: Tags on CreateUser,
CreateRole and CreatePolicy and on Get (never on ListUsers/ListRoles), Tag/Untag/List for
each kind, IAM's case rules (user and role keys are case-insensitive and a re-tag takes the
new spelling; policy keys are case-sensitive), listing order, paging, the 50-tag limits and
AWS's exact validation messages.
"""

import json
import unittest

from support import cases, config, paging
from support.cases import ACCOUNT
from support.clients import File

TRUST = File(config.fixture("assume-policy.json"))
DOC = json.dumps({"Version": "2012-10-17",
                  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})
TAG_PATTERN = "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+"
DUPLICATE = "Duplicate tag keys found. Please note that Tag keys are case insensitive."


def tags(*pairs):
    return [{"Key": k, "Value": v} for k, v in pairs]


def pairs(tag_list):
    return [(t["Key"], t["Value"]) for t in tag_list]


def arn(name):
    return f"arn:aws:iam::{ACCOUNT}:policy/{name}"


def validation(member, constraint):
    return f"1 validation error detected: Value at '{member}' failed to satisfy constraint: {constraint}"


class TagTests:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        p = cls.prep
        p("iam", "CreateUser", UserName="tagged")
        p("iam", "CreateUser", UserName="unicode")
        p("iam", "CreateUser", UserName="paged", Tags=tags(*[(f"key{i}", f"v{i}") for i in range(7)]))
        p("iam", "CreateUser", UserName="full", Tags=tags(*[(f"k{i:02}", "") for i in range(50)]))
        p("iam", "CreateRole", RoleName="tagged-role", AssumeRolePolicyDocument=TRUST)
        p("iam", "CreateRole", RoleName="paged-role", AssumeRolePolicyDocument=TRUST,
          Tags=tags(*[(f"key{i}", f"v{i}") for i in range(5)]))
        p("iam", "CreatePolicy", PolicyName="Tagged", PolicyDocument=DOC)
        p("iam", "CreatePolicy", PolicyName="Plain", PolicyDocument=DOC)
        p("iam", "CreatePolicy", PolicyName="PagedPolicy", PolicyDocument=DOC,
          Tags=tags(*[(f"key{i}", f"v{i}") for i in range(5)]))

    # -- Tags on Create and Get ----------------------------------------------------------

    def test_create_user_with_tags(self):
        created = self.iam("CreateUser", UserName="born-tagged",
                           Tags=tags(("team", "blue"), ("empty", "")))["User"]
        self.assertEqual(pairs(created.get("Tags", [])), [("team", "blue"), ("empty", "")])
        got = self.iam("GetUser", UserName="born-tagged")["User"]
        self.assertEqual(sorted(pairs(got.get("Tags", []))), [("empty", ""), ("team", "blue")])
        listed = [u for u in self.iam("ListUsers")["Users"] if u["UserName"] == "born-tagged"]
        self.assertNotIn("Tags", listed[0], "ListUsers never shows tags")
        self.assertNotIn("Tags", self.iam("GetUser", UserName="tagged")["User"],
                         "a user without tags has no Tags element")

    def test_create_role_with_tags(self):
        created = self.iam("CreateRole", RoleName="born-tagged-role", AssumeRolePolicyDocument=TRUST,
                           Tags=tags(("env", "dev")))["Role"]
        self.assertEqual(pairs(created.get("Tags", [])), [("env", "dev")])
        got = self.iam("GetRole", RoleName="born-tagged-role")["Role"]
        self.assertEqual(pairs(got.get("Tags", [])), [("env", "dev")])
        listed = [r for r in self.iam("ListRoles")["Roles"] if r["RoleName"] == "born-tagged-role"]
        self.assertNotIn("Tags", listed[0], "ListRoles never shows tags")

    def test_create_policy_with_tags(self):
        created = self.iam("CreatePolicy", PolicyName="BornTagged", PolicyDocument=DOC,
                           Tags=tags(("abc", "first"), ("b", "second"), ("z", "third"),
                                     ("a", "fourth")))["Policy"]
        # CreatePolicy echoes the request's order; listings put shorter keys first.
        self.assertEqual(pairs(created.get("Tags", [])),
                         [("abc", "first"), ("b", "second"), ("z", "third"), ("a", "fourth")])
        listed = self.iam("ListPolicyTags", PolicyArn=arn("BornTagged"))
        self.assertEqual(pairs(listed["Tags"]),
                         [("a", "fourth"), ("b", "second"), ("z", "third"), ("abc", "first")])
        got = self.iam("GetPolicy", PolicyArn=arn("BornTagged"))["Policy"]
        self.assertEqual(pairs(got.get("Tags", [])), pairs(listed["Tags"]))
        self.assertEqual(self.iam("GetPolicy", PolicyArn=arn("Plain"))["Policy"].get("Tags"), [],
                         "GetPolicy shows an empty Tags list")

    # -- Tag / Untag / List ------------------------------------------------------------------

    def test_user_tags_ignore_case(self):
        self.assertEqual(self.iam("TagUser", UserName="tagged",
                                  Tags=tags(("Team", "blue"), ("cost", "1"))), {})
        self.assertEqual(self.iam("TagUser", UserName="tagged", Tags=tags(("TEAM", "red"))), {})
        self.assertEqual(sorted(pairs(self.iam("ListUserTags", UserName="tagged")["Tags"])),
                         [("TEAM", "red"), ("cost", "1")],
                         "re-tagging a key in another case replaces it and takes the new case")
        self.assertEqual(self.iam("UntagUser", UserName="tagged", TagKeys=["team", "not-there"]), {})
        self.assertEqual(pairs(self.iam("ListUserTags", UserName="tagged")["Tags"]), [("cost", "1")])

    def test_role_tags(self):
        self.iam("TagRole", RoleName="tagged-role", Tags=tags(("somekey", "v1"), ("someotherkey", "v2")))
        self.iam("TagRole", RoleName="tagged-role", Tags=tags(("somekey", "")))
        self.assertEqual(pairs(self.iam("ListRoleTags", RoleName="tagged-role")["Tags"]),
                         [("somekey", ""), ("someotherkey", "v2")])
        self.iam("UntagRole", RoleName="tagged-role", TagKeys=["somekey"])
        self.assertEqual(pairs(self.iam("ListRoleTags", RoleName="tagged-role")["Tags"]),
                         [("someotherkey", "v2")])
        self.assertEqual(pairs(self.iam("GetRole", RoleName="tagged-role")["Role"].get("Tags", [])),
                         [("someotherkey", "v2")])

    def test_policy_tags_are_case_sensitive(self):
        policy = arn("Tagged")
        self.assertEqual(self.iam("TagPolicy", PolicyArn=policy,
                                  Tags=tags(("a", "lowercase"), ("A", "uppercase"))), {})
        self.assertEqual(pairs(self.iam("ListPolicyTags", PolicyArn=policy)["Tags"]),
                         [("A", "uppercase"), ("a", "lowercase")])
        self.iam("UntagPolicy", PolicyArn=policy, TagKeys=["a"])
        self.assertEqual(pairs(self.iam("ListPolicyTags", PolicyArn=policy)["Tags"]),
                         [("A", "uppercase")])

    def test_list_tags_across_pages(self):
        for op, params, n in (("ListUserTags", {"UserName": "paged"}, 7),
                              ("ListRoleTags", {"RoleName": "paged-role"}, 5),
                              ("ListPolicyTags", {"PolicyArn": arn("PagedPolicy")}, 5)):
            with self.subTest(op=op):
                got = paging.collect(self, op, "Tags", 2, **params)
                self.assertEqual(pairs(got), [(f"key{i}", f"v{i}") for i in range(n)])
                if self.driver.kind == "boto3":
                    self.assertEqual(paging.pages_of(self, op, "Tags", 2, **params), (n + 1) // 2)

    # -- errors ------------------------------------------------------------------------------

    def test_duplicate_keys(self):
        self.expect_error("InvalidInput", DUPLICATE, "iam", "TagUser",
                          {"UserName": "tagged", "Tags": tags(("k", "1"), ("K", "2"))})
        self.expect_error("InvalidInput", DUPLICATE, "iam", "CreateRole",
                          {"RoleName": "dup-role", "AssumeRolePolicyDocument": TRUST,
                           "Tags": tags(("k", "1"), ("k", "2"))})
        self.expect_error("InvalidInput", "Duplicate tag keys found.", "iam", "TagPolicy",
                          {"PolicyArn": arn("Tagged"), "Tags": tags(("k", "1"), ("k", "2"))})

    def test_tag_limits(self):
        self.expect_error("ValidationError",
                          validation("tags", "Member must have length less than or equal to 50"),
                          "iam", "TagRole",
                          {"RoleName": "tagged-role", "Tags": tags(*[(f"x{i}", "") for i in range(51)])})
        self.expect_error("ValidationError",
                          validation("tagKeys", "Member must have length less than or equal to 50"),
                          "iam", "UntagUser", {"UserName": "full", "TagKeys": [f"x{i}" for i in range(51)]})
        self.expect_error("LimitExceeded", "The number of tags has reached the maximum limit.",
                          "iam", "TagUser", {"UserName": "full", "Tags": tags(("one-more", ""))})
        # Re-tagging keys that are there does not add to the count.
        self.assertEqual(self.iam("TagUser", UserName="full", Tags=tags(("K00", "x"))), {})

    def test_key_and_value_rules(self):
        self.expect_error("ValidationError",
                          validation("tags.1.member.key",
                                     "Member must have length less than or equal to 128"),
                          "iam", "TagUser", {"UserName": "tagged", "Tags": tags(("k" * 129, "v"))})
        self.expect_error("ValidationError",
                          validation("tags.2.member.value",
                                     "Member must have length less than or equal to 256"),
                          "iam", "CreatePolicy",
                          {"PolicyName": "TooLong", "PolicyDocument": DOC,
                           "Tags": tags(("ok", "v"), ("long", "v" * 257))})
        self.expect_error("ValidationError",
                          validation("tags.1.member.key",
                                     f"Member must satisfy regular expression pattern: {TAG_PATTERN}"),
                          "iam", "TagRole", {"RoleName": "tagged-role", "Tags": tags(("bad!key", "v"))})
        self.expect_error("ValidationError",
                          validation("tagKeys",
                                     "Member must satisfy constraint: [Member must have length less "
                                     "than or equal to 128, Member must have length greater than or "
                                     f"equal to 1, Member must satisfy regular expression pattern: "
                                     f"{TAG_PATTERN}, Member must not be null]"),
                          "iam", "UntagRole", {"RoleName": "tagged-role", "TagKeys": ["k" * 129]})
        # Letters beyond ASCII, spaces and the listed punctuation are fine.
        self.assertEqual(self.iam("TagUser", UserName="unicode",
                                  Tags=tags(("größe + name", "wert_1.2:3/4=5@6-7"))), {})
        self.assertEqual(pairs(self.iam("ListUserTags", UserName="unicode")["Tags"]),
                         [("größe + name", "wert_1.2:3/4=5@6-7")])

    def test_missing_entities(self):
        self.expect_error("NoSuchEntity", "The user with name nobody cannot be found.",
                          "iam", "ListUserTags", {"UserName": "nobody"})
        self.expect_error("NoSuchEntity", "The role with name nobody cannot be found.",
                          "iam", "TagRole", {"RoleName": "nobody", "Tags": tags(("k", "v"))})
        nope = arn("NotAPolicy")
        self.expect_error("NoSuchEntity", f"Policy {nope} was not found.",
                          "iam", "TagPolicy", {"PolicyArn": nope, "Tags": tags(("k", "v"))})
        self.expect_error("NoSuchEntity", f"Policy {nope} was not found.",
                          "iam", "UntagPolicy", {"PolicyArn": nope, "TagKeys": ["k"]})


class TagLifecycleTests:
    """Tags go with their entity (boto3 only: the order of calls matters, not the client)."""

    def test_deleted_entities_take_their_tags(self):
        self.iam("CreateUser", UserName="again", Tags=tags(("old", "1")))
        self.iam("DeleteUser", UserName="again")
        self.assertNotIn("Tags", self.iam("CreateUser", UserName="again")["User"])
        self.assertEqual(self.iam("ListUserTags", UserName="again")["Tags"], [])
        self.iam("CreatePolicy", PolicyName="Again", PolicyDocument=DOC, Tags=tags(("old", "1")))
        self.iam("DeletePolicy", PolicyArn=arn("Again"))
        self.iam("CreatePolicy", PolicyName="Again", PolicyDocument=DOC)
        self.assertEqual(self.iam("ListPolicyTags", PolicyArn=arn("Again"))["Tags"], [])


cases.per_client(TagTests, globals(), prefix="IamTags")
cases.per_client(TagLifecycleTests, globals(), prefix="IamTagLifecycle", only={"boto3"})

if __name__ == "__main__":
    unittest.main()
