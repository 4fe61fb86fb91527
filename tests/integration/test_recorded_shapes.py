"""The shapes of answers recorded from real AWS (tests/integration/fixtures/aws-recorded), compared
with localiam's through boto3: which fields each answer has (CreateX against GetX, an empty
`Tags: []` against no Tags at all, lists empty or not), recursively, ignoring values and the
order of keys. Each request is rebuilt here from the recorded test's steps; the recorded
answer is read from the snapshot files at run time. Here: users, groups, roles, policies and
instance profiles; identity providers, certificates, keys, the account, reports, tags and STS
are in test_recorded_shapes_access.py.
"""

import time

from support.recorded_errors import POLICY, TRUST, totp
from support.recorded_shapes import RecordedShapesCase


class RecordedShapes(RecordedShapesCase):
    # -- users, groups --------------------------------------------------------------------

    def test_users(self):
        f, iam = "iam__test_iam_users", self.iam
        name = self.uid("user")
        iam.create_user(UserName=name)
        self.same(f, "test_user_lifecycle[None]", "get-user", iam.get_user(UserName=name))
        new = self.uid("user-new")
        self.same(f, "test_user_update", "update-user",
                  iam.update_user(UserName=name, NewUserName=new, NewPath="/new-path/"))
        self.same(f, "test_user_update", "get-updated-user", iam.get_user(UserName=new))
        self.same(f, "test_user_lifecycle[None]", "delete-user", iam.delete_user(UserName=new))

        name = self.uid("user")
        self.same(f, "test_user_tag_lifecycle", "create-user-with-tags",
                  iam.create_user(UserName=name, Tags=[{"Key": "k1", "Value": "v1"},
                                                       {"Key": "k2", "Value": "v2"}]))
        self.same(f, "test_user_tag_lifecycle", "get-user-with-tags", iam.get_user(UserName=name))
        self.same(f, "test_user_tag_lifecycle", "list-user-tags", iam.list_user_tags(UserName=name))

        name = self.uid("user")
        iam.create_user(UserName=name)
        t = "test_login_profile_lifecycle"
        iam.create_login_profile(UserName=name, Password="TestPassword123!",
                                 PasswordResetRequired=False)
        self.same(f, t, "get-login-profile", iam.get_login_profile(UserName=name))
        iam.update_login_profile(UserName=name, Password="NewPassword456!",
                                 PasswordResetRequired=True)
        self.same(f, t, "get-updated-login-profile", iam.get_login_profile(UserName=name))
        self.same(f, t, "delete-login-profile", iam.delete_login_profile(UserName=name))

        t = "test_access_key_lifecycle"
        self.same(f, t, "list-access-keys-empty", iam.list_access_keys(UserName=name))
        key = iam.create_access_key(UserName=name)
        self.same(f, t, "create-access-key", key)
        self.same(f, t, "list-access-keys", iam.list_access_keys(UserName=name))
        self.same(f, "test_access_key_last_used", "get-access-key-last-used-unused",
                  iam.get_access_key_last_used(AccessKeyId=key["AccessKey"]["AccessKeyId"]))
        self.same(f, t, "delete-access-key",
                  iam.delete_access_key(UserName=name,
                                        AccessKeyId=key["AccessKey"]["AccessKeyId"]))

        t = "test_user_inline_policy_lifecycle"
        self.same(f, t, "list-user-policies-empty", iam.list_user_policies(UserName=name))
        self.same(f, t, "put-user-policy",
                  iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=POLICY))
        self.same(f, t, "get-user-policy", iam.get_user_policy(UserName=name, PolicyName="p"))
        self.same(f, t, "list-user-policies", iam.list_user_policies(UserName=name))

        t = "test_user_managed_policy_lifecycle"
        arn = iam.create_policy(PolicyName=self.uid("policy"), PolicyDocument=POLICY)["Policy"]["Arn"]
        self.same(f, t, "list-attached-user-policies-empty",
                  iam.list_attached_user_policies(UserName=name))
        self.same(f, t, "attach-user-policy", iam.attach_user_policy(UserName=name, PolicyArn=arn))
        self.same(f, t, "list-attached-user-policies",
                  iam.list_attached_user_policies(UserName=name))

        t = "test_user_group_membership"
        group = self.uid("group")
        self.same(f, t, "create-group-1", iam.create_group(GroupName=group))
        self.same(f, t, "list-groups-for-user-empty", iam.list_groups_for_user(UserName=name))
        self.same(f, t, "add-user-to-group", iam.add_user_to_group(GroupName=group, UserName=name))
        self.same(f, t, "list-groups-for-user", iam.list_groups_for_user(UserName=name))
        self.same(f, t, "get-group-with-user", iam.get_group(GroupName=group))

    def test_groups(self):
        f, iam = "iam__test_iam_groups", self.iam
        name = self.uid("group")
        self.same(f, "test_get_group", "created-group", iam.create_group(GroupName=name)["Group"])
        self.same(f, "test_get_group", "get-group", iam.get_group(GroupName=name)["Group"])
        self.same(f, "test_get_group_with_path", "get-group-default-path",
                  iam.get_group(GroupName=name))
        t = "test_get_group_policy"
        iam.put_group_policy(GroupName=name, PolicyName="p", PolicyDocument=POLICY)
        self.same(f, t, "get-group-policy", iam.get_group_policy(GroupName=name, PolicyName="p"))

    # -- roles ----------------------------------------------------------------------------

    def test_roles(self):
        f, iam = "iam__test_iam_roles", self.iam
        t = "test_create_describe_role"
        name = self.uid("role")
        self.same(f, t, "create-role-result",
                  iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST))
        self.same(f, t, "get-role-result", iam.get_role(RoleName=name))
        listed = iam.list_roles()
        listed["Roles"] = [r for r in listed["Roles"] if r["RoleName"] == name]
        self.same(f, t, "list-roles-result", listed)

        t = "test_update_role"
        name = self.uid("role")
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST, Description="initial")
        self.same(f, t, "get-role-initial", iam.get_role(RoleName=name))
        self.same(f, t, "update-role-response",
                  iam.update_role(RoleName=name, Description="updated", MaxSessionDuration=7200))
        self.same(f, t, "update-role-description-response",
                  iam.update_role_description(RoleName=name, Description="again"))

        t = "test_role_tag_operations"
        name = self.uid("role")
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)
        self.same(f, t, "get-role-no-tags", iam.get_role(RoleName=name))
        iam.tag_role(RoleName=name, Tags=[{"Key": "a", "Value": "b"}])
        self.same(f, t, "get-role-with-tags", iam.get_role(RoleName=name))

        t = "test_role_permissions_boundary_lifecycle"
        arn = iam.create_policy(PolicyName=self.uid("boundary"),
                                PolicyDocument=POLICY)["Policy"]["Arn"]
        name = self.uid("role")
        self.same(f, t, "create-role-with-boundary",
                  iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST,
                                  PermissionsBoundary=arn, Description="with a boundary"))
        self.same(f, t, "get-role-with-boundary", iam.get_role(RoleName=name))
        # (recorded as {"Roles": [...]} alone)
        self.same(f, t, "list-roles-with-boundary",
                  {"Roles": [r for r in iam.list_roles()["Roles"] if r["RoleName"] == name]})

        t = "test_role_inline_policy_lifecycle"
        iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=POLICY)
        self.same(f, t, "get-role-policy-1", iam.get_role_policy(RoleName=name, PolicyName="p"))
        self.same(f, t, "list-role-policies-1", iam.list_role_policies(RoleName=name))

    # -- managed policies -------------------------------------------------------------------

    def test_policies(self):
        f, iam = "iam__test_iam_policies", self.iam
        t = "test_policy_lifecycle[/test/path/]"
        created = iam.create_policy(PolicyName=self.uid("policy"), PolicyDocument=POLICY,
                                    Path="/test/path/")
        self.same(f, t, "create-policy-response", created)
        arn = created["Policy"]["Arn"]
        self.same(f, t, "get-policy-response", iam.get_policy(PolicyArn=arn))

        t = "test_policy_tag_lifecycle"
        created = iam.create_policy(PolicyName=self.uid("policy"), PolicyDocument=POLICY,
                                    Description="testing",
                                    Tags=[{"Key": "somekey", "Value": "somevalue"},
                                          {"Key": "someotherkey", "Value": "someothervalue"}])
        self.same(f, t, "create-with-tags", created)
        self.same(f, t, "get-with-tags", iam.get_policy(PolicyArn=created["Policy"]["Arn"]))
        plain = iam.create_policy(PolicyName=self.uid("policy"), PolicyDocument=POLICY)
        self.same(f, t, "get-without-tags", iam.get_policy(PolicyArn=plain["Policy"]["Arn"]))

        t = "test_policy_version_lifecycle"
        self.same(f, t, "create-version-v2",
                  iam.create_policy_version(PolicyArn=arn, PolicyDocument=POLICY,
                                            SetAsDefault=True))
        self.same(f, t, "get-version-v2", iam.get_policy_version(PolicyArn=arn, VersionId="v2"))
        self.same(f, t, "list-versions", iam.list_policy_versions(PolicyArn=arn))

        t = "test_list_entities_for_policy"
        self.same(f, t, "empty-entities", iam.list_entities_for_policy(PolicyArn=arn))

        f = "iam__test_iam_managed_policies"
        managed = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
        self.same(f, "test_get_aws_managed_policy_version", "get-version-v1",
                  iam.get_policy_version(PolicyArn=managed, VersionId="v1"))

    # -- instance profiles ------------------------------------------------------------------

    def test_instance_profiles(self):
        f, iam = "iam__test_iam_instance_profiles", self.iam
        t = "test_instance_profile_lifecycle"
        name = self.uid("profile")
        self.same(f, t, "create-instance-profile",
                  iam.create_instance_profile(InstanceProfileName=name, Path="/test-path/"))
        self.same(f, t, "get-instance-profile", iam.get_instance_profile(InstanceProfileName=name))

        t = "test_add_remove_role_from_instance_profile"
        role = self.uid("role")
        iam.create_role(RoleName=role, AssumeRolePolicyDocument=TRUST)
        iam.add_role_to_instance_profile(InstanceProfileName=name, RoleName=role)
        self.same(f, t, "get-with-role", iam.get_instance_profile(InstanceProfileName=name))
        path = f"/{self.uid('prefix')}/"
        iam.create_instance_profile(InstanceProfileName=self.uid("profile"), Path=path)
        self.same(f, "test_list_instance_profiles_path_prefix", "list-with-prefix",
                  iam.list_instance_profiles(PathPrefix=path))
        self.same(f, "test_list_instance_profiles_path_prefix", "list-empty-prefix",
                  iam.list_instance_profiles(PathPrefix="/no-such-prefix/"))

        t = "test_instance_profile_create_with_tags"
        tagged = self.uid("profile")
        self.same(f, t, "create-with-tags",
                  iam.create_instance_profile(InstanceProfileName=tagged,
                                              Tags=[{"Key": "InitialKey",
                                                     "Value": "InitialValue"}]))
        self.same(f, t, "get-with-initial-tags",
                  iam.get_instance_profile(InstanceProfileName=tagged))

    # -- identity providers, certificates, keys ---------------------------------------------

    def test_more_entities(self):
        iam = self.iam
        f = "iam__test_iam_users"
        name = self.uid("user")
        iam.create_user(UserName=name, Path="/test-lifecycle-path/")
        self.same(f, "test_user_lifecycle[/test-lifecycle-path/]", "list-filtered-users",
                  iam.list_users(PathPrefix="/test-lifecycle-path/"))

        f = "iam__test_iam_mfa"
        t = "test_enable_virtual_mfa_device"
        device = iam.create_virtual_mfa_device(
            VirtualMFADeviceName=self.uid("mfa"))["VirtualMFADevice"]
        serial = device["SerialNumber"]
        self.same(f, t, "list-mfa-devices-before", iam.list_mfa_devices(UserName=name))
        seed, step = device["Base32StringSeed"].decode(), int(time.time()) // 30
        self.same(f, t, "enable-mfa-device",
                  iam.enable_mfa_device(UserName=name, SerialNumber=serial,
                                        AuthenticationCode1=totp(seed, step - 1),
                                        AuthenticationCode2=totp(seed, step)))
        self.same(f, t, "list-mfa-devices-after", iam.list_mfa_devices(UserName=name))
        assigned = iam.list_virtual_mfa_devices(AssignmentStatus="Assigned")
        assigned["VirtualMFADevices"] = [d for d in assigned["VirtualMFADevices"]
                                         if d["SerialNumber"] == serial]
        self.same(f, t, "list-assigned-with-user", assigned)
        self.same(f, t, "deactivate-mfa-device",
                  iam.deactivate_mfa_device(UserName=name, SerialNumber=serial))
        unassigned = iam.list_virtual_mfa_devices(AssignmentStatus="Unassigned")
        unassigned["VirtualMFADevices"] = [d for d in unassigned["VirtualMFADevices"]
                                           if d["SerialNumber"] == serial]
        self.same(f, "test_list_virtual_mfa_devices", "list-unassigned", unassigned)

        f = "iam__test_iam_managed_policies"
        self.same(f, "test_get_aws_managed_policy", "get-policy", iam.get_policy(
            PolicyArn="arn:aws:iam::aws:policy/IAMUserChangePassword"),
                  # the bundled catalogue of AWS managed policies has no descriptions
                  known_difference="Policy.Description")

        f = "iam__test_iam_account_authorization_details"
        t = "test_get_account_authorization_details_filter_role"
        arn = iam.create_policy(PolicyName=self.uid("policy"),
                                PolicyDocument=POLICY)["Policy"]["Arn"]
        role = self.uid("role")
        self.same(f, t, "create-role",
                  iam.create_role(RoleName=role, AssumeRolePolicyDocument=TRUST,
                                  Path="/my-path/", Description="testing role"))
        iam.put_role_policy(RoleName=role, PolicyName="inline-policy", PolicyDocument=POLICY)
        iam.attach_role_policy(RoleName=role, PolicyArn=arn)
        iam.tag_role(RoleName=role, Tags=[{"Key": "somekey", "Value": "somevalue"},
                                          {"Key": "someotherkey", "Value": "someothervalue"}])
        profile = self.uid("ip")
        self.same(f, t, "create-instance-profile",
                  iam.create_instance_profile(InstanceProfileName=profile))
        iam.add_role_to_instance_profile(InstanceProfileName=profile, RoleName=role)
        details = iam.get_paginator("get_account_authorization_details").paginate(
            Filter=["Role"]).build_full_result()
        details["RoleDetailList"] = [r for r in details["RoleDetailList"]
                                     if r["RoleName"] == role]
        self.same(f, t, "role-filter-result", details)

        t = "test_get_account_authorization_details_filter_group"
        group = self.uid("group")
        iam.create_group(GroupName=group)
        iam.put_group_policy(GroupName=group, PolicyName="group-inline-policy",
                             PolicyDocument=POLICY)
        iam.attach_group_policy(GroupName=group, PolicyArn=arn)
        details = iam.get_paginator("get_account_authorization_details").paginate(
            Filter=["Group"]).build_full_result()
        details["GroupDetailList"] = [g for g in details["GroupDetailList"]
                                      if g["GroupName"] == group]
        self.same(f, t, "group-filter-result", details)

        t = "test_get_account_authorization_details_filter_local_managed_policy"
        name = self.uid("policy")
        iam.create_policy(PolicyName=name, PolicyDocument=POLICY)
        details = iam.get_paginator("get_account_authorization_details").paginate(
            Filter=["LocalManagedPolicy"]).build_full_result()
        details["Policies"] = [p for p in details["Policies"] if p["PolicyName"] == name]
        self.same(f, t, "local-managed-policy-filter-result", details)

        from support import certificates
        if not certificates.AVAILABLE:
            self.skipTest("the cryptography module is missing (SAML metadata needs it)")
        from support import saml_idp
        f = "iam__test_iam_saml_providers"
        created = iam.create_saml_provider(Name=self.uid("TestSAMLProvider"),
                                           SAMLMetadataDocument=saml_idp.TestIdp().metadata())
        self.same(f, "test_create_saml_provider", "create-response", created)
        self.same(f, "test_get_saml_provider", "get-response",
                  iam.get_saml_provider(SAMLProviderArn=created["SAMLProviderArn"]))

