"""Instance profiles through every client: Create/Get/List/Delete InstanceProfile (AIPA ids,
paths, tags), Add/RemoveRoleToInstanceProfile (one role at most), ListInstanceProfilesForRole,
Tag/Untag/ListInstanceProfileTags, and the DeleteConflicts that tie roles and profiles.
"""

import unittest

from support import cases, config
from support.clients import File

TRUST = File(config.fixture("assume-policy.json"))


class InstanceProfileTests:
    def test_lifecycle(self):
        created = self.iam("CreateInstanceProfile", InstanceProfileName="web", Path="/app/",
                           Tags=[{"Key": "team", "Value": "a"}])["InstanceProfile"]
        self.assertId(created["InstanceProfileId"], "AIPA")
        self.assertEqual(created["Path"], "/app/")
        self.assertEqual(created["Roles"], [])
        self.assertTrue(created["Arn"].endswith(":instance-profile/app/web"), created["Arn"])
        self.assertEqual(created.get("Tags"), [{"Key": "team", "Value": "a"}])
        self.expect_error("EntityAlreadyExists", "Instance Profile WEB already exists.", "iam",
                          "CreateInstanceProfile", {"InstanceProfileName": "WEB"})

        self.iam("CreateRole", RoleName="web-role", AssumeRolePolicyDocument=TRUST)
        self.iam("CreateRole", RoleName="other-role", AssumeRolePolicyDocument=TRUST)
        self.assertEqual(self.iam("AddRoleToInstanceProfile", InstanceProfileName="web",
                                  RoleName="web-role"), {})
        self.expect_error("LimitExceeded",
                          "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1", "iam",
                          "AddRoleToInstanceProfile",
                          {"InstanceProfileName": "web", "RoleName": "other-role"})
        got = self.iam("GetInstanceProfile", InstanceProfileName="web")["InstanceProfile"]
        self.assertEqual([r["RoleName"] for r in got["Roles"]], ["web-role"])
        self.assertEqual(got["InstanceProfileId"], created["InstanceProfileId"])
        for_role = self.iam("ListInstanceProfilesForRole", RoleName="web-role")
        self.assertEqual([p["InstanceProfileName"] for p in for_role["InstanceProfiles"]], ["web"])
        self.assertEqual(self.iam("ListInstanceProfilesForRole",
                                  RoleName="other-role")["InstanceProfiles"], [])

        conflict = "Cannot delete entity, must remove roles from instance profile first."
        self.expect_error("DeleteConflict", conflict, "iam", "DeleteRole",
                          {"RoleName": "web-role"})
        self.expect_error("DeleteConflict", conflict, "iam", "DeleteInstanceProfile",
                          {"InstanceProfileName": "web"})
        self.expect_error("NoSuchEntity", "Role other-role in Instance Profile web cannot be found.",
                          "iam", "RemoveRoleFromInstanceProfile",
                          {"InstanceProfileName": "web", "RoleName": "other-role"})
        self.assertEqual(self.iam("RemoveRoleFromInstanceProfile", InstanceProfileName="web",
                                  RoleName="web-role"), {})
        self.assertEqual(self.iam("DeleteInstanceProfile", InstanceProfileName="web"), {})
        self.assertEqual(self.iam("DeleteRole", RoleName="web-role"), {})
        self.expect_error("NoSuchEntity", "Instance Profile web cannot be found.", "iam",
                          "GetInstanceProfile", {"InstanceProfileName": "web"})

    def test_tags(self):
        self.iam("CreateInstanceProfile", InstanceProfileName="tagged")
        self.assertEqual(self.iam("TagInstanceProfile", InstanceProfileName="tagged",
                                  Tags=[{"Key": "b", "Value": "2"}, {"Key": "a", "Value": "1"}]), {})
        self.assertEqual(self.iam("ListInstanceProfileTags", InstanceProfileName="tagged")["Tags"],
                         [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
        self.iam("UntagInstanceProfile", InstanceProfileName="tagged", TagKeys=["a"])
        self.assertEqual(self.iam("ListInstanceProfileTags", InstanceProfileName="tagged")["Tags"],
                         [{"Key": "b", "Value": "2"}])
        self.expect_error("NoSuchEntity", "Instance Profile nope cannot be found.", "iam",
                          "TagInstanceProfile",
                          {"InstanceProfileName": "nope", "Tags": [{"Key": "k", "Value": "v"}]})

    def test_list_paged_and_by_path(self):
        for name, path in (("p3", "/x/"), ("p1", "/x/"), ("p2", "/y/")):
            self.iam("CreateInstanceProfile", InstanceProfileName=name, Path=path)
        names = [p["InstanceProfileName"] for p in
                 self.paginate("ListInstanceProfiles", "InstanceProfiles", page_size=1)]
        self.assertEqual([n for n in names if n in ("p1", "p2", "p3")], ["p1", "p2", "p3"])
        in_x = self.iam("ListInstanceProfiles", PathPrefix="/x/")["InstanceProfiles"]
        self.assertEqual([p["InstanceProfileName"] for p in in_x], ["p1", "p3"])


cases.per_client(InstanceProfileTests, globals(), prefix="IamInstanceProfiles")

if __name__ == "__main__":
    unittest.main()
