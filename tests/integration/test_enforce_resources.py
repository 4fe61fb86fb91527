"""--auth enforce authorises each action against the resource its row declares (the resource
type AWS's Service Authorization Reference gives it): AddUserToGroup on the group, an instance
profile by its stored path, GetFederationToken on the federated user, and actions with no
resource type (ListAccountAliases) only through Resource "*", with "on resource: *" in AWS's
message.
"""

import json
import time
import unittest

from support import cases

ACCOUNT = "000000000000"
IMPLICIT = "because no identity-based policy allows the {} action"


def allow(action, resource):
    return json.dumps({"Version": "2012-10-17",
                       "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]})


class EnforceResourceTests:
    auth = "enforce"
    root_keys = ("test", "test")

    def setUp(self):
        self.name = f"r{time.time_ns() % 10**12}"
        self.user, self.creds = self.prep_user_with_key(self.name)

    def grant(self, action, resource):
        self.prep("iam", "PutUserPolicy", UserName=self.name, PolicyName="grant",
                  PolicyDocument=allow(action, resource))

    def refused(self, action, resource, service, operation, params):
        self.expect_error("AccessDenied",
                          f"User: {self.user['Arn']} is not authorized to perform: {action} "
                          f"on resource: {resource} {IMPLICIT.format(action)}",
                          service, operation, params, creds=self.creds)

    def test_add_user_to_group_is_authorised_on_the_group(self):
        for group in ("devs-" + self.name, "ops-" + self.name):
            self.prep("iam", "CreateGroup", GroupName=group, Path="/teams/")
        # Allowed on the user only: AWS checks the group.
        self.grant("iam:AddUserToGroup", f"arn:aws:iam::{ACCOUNT}:user/{self.name}")
        self.refused("iam:AddUserToGroup", f"arn:aws:iam::{ACCOUNT}:group/teams/devs-{self.name}",
                     "iam", "AddUserToGroup", {"GroupName": "devs-" + self.name,
                                               "UserName": self.name})
        self.grant("iam:AddUserToGroup", f"arn:aws:iam::{ACCOUNT}:group/teams/devs-*")
        self.iam("AddUserToGroup", creds=self.creds, GroupName="devs-" + self.name,
                 UserName=self.name)
        self.refused("iam:AddUserToGroup", f"arn:aws:iam::{ACCOUNT}:group/teams/ops-{self.name}",
                     "iam", "AddUserToGroup", {"GroupName": "ops-" + self.name,
                                               "UserName": self.name})

    def test_instance_profile_by_its_stored_path(self):
        profile = "p-" + self.name
        self.prep("iam", "CreateInstanceProfile", InstanceProfileName=profile, Path="/apps/")
        self.refused("iam:GetInstanceProfile",
                     f"arn:aws:iam::{ACCOUNT}:instance-profile/apps/{profile}",
                     "iam", "GetInstanceProfile", {"InstanceProfileName": profile})
        self.grant("iam:GetInstanceProfile", f"arn:aws:iam::{ACCOUNT}:instance-profile/apps/*")
        got = self.iam("GetInstanceProfile", creds=self.creds, InstanceProfileName=profile)
        self.assertEqual(got["InstanceProfile"]["Path"], "/apps/")

    def test_actions_without_a_resource_type_need_resource_star(self):
        # A Resource narrower than "*" does not grant an action that has no resource type.
        self.grant("iam:ListAccountAliases", f"arn:aws:iam::{ACCOUNT}:*")
        self.refused("iam:ListAccountAliases", "*", "iam", "ListAccountAliases", {})
        self.grant("iam:ListAccountAliases", "*")
        self.assertEqual(self.iam("ListAccountAliases", creds=self.creds)["AccountAliases"], [])

    def test_renaming_needs_the_permission_on_the_target_too(self):
        # AWS's UpdateUser: "to change Bob to Robert, the entity making the request must have
        # permission on Bob and Robert".
        old, new = "bob-" + self.name, "robert-" + self.name
        self.prep("iam", "CreateUser", UserName=old, Path="/staff/")
        self.grant("iam:UpdateUser", f"arn:aws:iam::{ACCOUNT}:user/staff/bob-*")
        self.refused("iam:UpdateUser", f"arn:aws:iam::{ACCOUNT}:user/staff/{new}",
                     "iam", "UpdateUser", {"UserName": old, "NewUserName": new})
        self.refused("iam:UpdateUser", f"arn:aws:iam::{ACCOUNT}:user/ops/{old}",
                     "iam", "UpdateUser", {"UserName": old, "NewPath": "/ops/"})
        self.prep("iam", "GetUser", UserName=old)  # nothing was renamed
        self.grant("iam:UpdateUser", [f"arn:aws:iam::{ACCOUNT}:user/staff/bob-*",
                                      f"arn:aws:iam::{ACCOUNT}:user/staff/robert-*"])
        self.iam("UpdateUser", creds=self.creds, UserName=old, NewUserName=new)
        self.assertEqual(self.prep("iam", "GetUser", UserName=new)["User"]["Path"], "/staff/")

    def test_adding_a_role_to_an_instance_profile_passes_the_role(self):
        # AWS's AddRoleToInstanceProfile: "The caller of this operation must be granted the
        # PassRole permission on the IAM role".
        profile, role = "p-" + self.name, "app-" + self.name
        self.prep("iam", "CreateInstanceProfile", InstanceProfileName=profile)
        self.prep("iam", "CreateRole", RoleName=role, Path="/svc/", AssumeRolePolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                     "Principal": {"Service": "ec2.amazonaws.com"}}]}))
        add = {"InstanceProfileName": profile, "RoleName": role}
        self.grant("iam:AddRoleToInstanceProfile", "*")
        self.refused("iam:PassRole", f"arn:aws:iam::{ACCOUNT}:role/svc/{role}",
                     "iam", "AddRoleToInstanceProfile", add)
        self.assertEqual(self.prep("iam", "GetInstanceProfile", InstanceProfileName=profile)
                         ["InstanceProfile"]["Roles"], [])
        # The usual PassRole grant, limited to EC2, is enough.
        self.prep("iam", "PutUserPolicy", UserName=self.name, PolicyName="grant",
                  PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
                      {"Effect": "Allow", "Action": "iam:AddRoleToInstanceProfile",
                       "Resource": "*"},
                      {"Effect": "Allow", "Action": "iam:PassRole",
                       "Resource": f"arn:aws:iam::{ACCOUNT}:role/svc/*",
                       "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}}]}))
        self.iam("AddRoleToInstanceProfile", creds=self.creds, **add)
        got = self.prep("iam", "GetInstanceProfile", InstanceProfileName=profile)
        self.assertEqual([r["RoleName"] for r in got["InstanceProfile"]["Roles"]], [role])

    def test_get_federation_token_on_the_federated_user(self):
        self.refused("sts:GetFederationToken", f"arn:aws:sts::{ACCOUNT}:federated-user/bob",
                     "sts", "GetFederationToken", {"Name": "bob"})
        self.grant("sts:GetFederationToken", f"arn:aws:sts::{ACCOUNT}:federated-user/b*")
        token = self.sts("GetFederationToken", creds=self.creds, Name="bob")
        self.assertEqual(token["FederatedUser"]["Arn"],
                         f"arn:aws:sts::{ACCOUNT}:federated-user/bob")
        self.refused("sts:GetFederationToken", f"arn:aws:sts::{ACCOUNT}:federated-user/alice",
                     "sts", "GetFederationToken", {"Name": "alice"})


cases.per_client(EnforceResourceTests, globals(), prefix="EnforceResources")

if __name__ == "__main__":
    unittest.main()
