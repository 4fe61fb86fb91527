"""Recorded errors of users (login profiles, access keys, inline policies, tags) and groups
(iam__test_iam_users, iam__test_iam_groups).
"""

from support.recorded_errors import NO_KEY, POLICY


class UserAndGroupErrors:
    """Tests of RecordedErrors (support/recorded_errors.RecordedErrorsCase gives expect())."""

    # -- iam__test_iam_users -----------------------------------------------------------

    def test_users(self):
        f, iam = "iam__test_iam_users", self.iam
        user = self.user()
        self.expect(f, "test_user_errors", "create-duplicate-user-error",
                    lambda: iam.create_user(UserName=user), **{"<user-name:1>": user})
        for label, call in (
                ("get-nonexistent-user-error", lambda: iam.get_user(UserName="nonexistent-user")),
                ("update-nonexistent-user-error",
                 lambda: iam.update_user(UserName="nonexistent-user", NewUserName="new-name")),
                ("delete-nonexistent-user-error",
                 lambda: iam.delete_user(UserName="nonexistent-user"))):
            self.expect(f, "test_user_errors", label, call)

        for path in ("None", "/", "/test-lifecycle-path/"):
            name = self.uid("user")
            iam.create_user(UserName=name, **({} if path == "None" else {"Path": path}))
            iam.delete_user(UserName=name)
            self.expect(f, f"test_user_lifecycle[{path}]", "get-deleted-user-error",
                        lambda: iam.get_user(UserName=name), **{"<user-name:1>": name})

        old, new = self.user(), self.uid("user-new")
        iam.update_user(UserName=old, NewUserName=new, NewPath="/new-path/")
        self.expect(f, "test_user_update", "get-old-user-error",
                    lambda: iam.get_user(UserName=old), **{"<user-name:1>": old})

        user = self.user()
        _, arn = self.policy()
        iam.attach_user_policy(UserName=user, PolicyArn=arn)
        self.expect(f, "test_delete_user_with_attached_policy",
                    "delete-user-with-attached-policy-error", lambda: iam.delete_user(UserName=user))
        iam.detach_user_policy(UserName=user, PolicyArn=arn)
        iam.delete_user(UserName=user)
        self.expect(f, "test_delete_user_with_attached_policy", "get-deleted-user-error",
                    lambda: iam.get_user(UserName=user), **{"<user-name:1>": user})

        user = self.user()
        iam.put_user_policy(UserName=user, PolicyName="inline", PolicyDocument=POLICY)
        self.expect(f, "test_delete_user_with_inline_policy",
                    "delete-user-with-inline-policy-error", lambda: iam.delete_user(UserName=user))
        iam.delete_user_policy(UserName=user, PolicyName="inline")
        iam.delete_user(UserName=user)
        self.expect(f, "test_delete_user_with_inline_policy", "get-deleted-user-error",
                    lambda: iam.get_user(UserName=user), **{"<user-name:1>": user})

    def test_login_profiles(self):
        f, iam = "iam__test_iam_users", self.iam
        user = self.user()
        iam.create_login_profile(UserName=user, Password="TestPassword123!",
                                 PasswordResetRequired=False)
        iam.delete_login_profile(UserName=user)
        self.expect(f, "test_login_profile_lifecycle", "get-deleted-login-profile-error",
                    lambda: iam.get_login_profile(UserName=user), **{"<user-name:1>": user})

        user = self.user()
        self.expect(f, "test_login_profile_errors", "create-login-profile-unknown-user-error",
                    lambda: iam.create_login_profile(UserName="nonexistent-user",
                                                     Password="TestPassword123!"))
        iam.create_login_profile(UserName=user, Password="TestPassword123!",
                                 PasswordResetRequired=False)
        self.expect(f, "test_login_profile_errors", "create-duplicate-login-profile-error",
                    lambda: iam.create_login_profile(UserName=user,
                                                     Password="AnotherPassword123!"),
                    **{"<user-name:1>": user})
        iam.delete_login_profile(UserName=user)
        self.expect(f, "test_login_profile_errors", "delete-nonexistent-login-profile-error",
                    lambda: iam.delete_login_profile(UserName=user), **{"<user-name:1>": user})
        self.expect(f, "test_login_profile_errors", "delete-login-profile-unknown-user-error",
                    lambda: iam.delete_login_profile(UserName="nonexistent-user"))

    def test_access_keys(self):
        f, iam = "iam__test_iam_users", self.iam
        user = self.user()
        iam.create_access_key(UserName=user)
        iam.create_access_key(UserName=user)
        self.expect(f, "test_access_key_limit", "create-third-access-key-error",
                    lambda: iam.create_access_key(UserName=user))

        caller = self.sts.get_caller_identity()["Arn"]
        user = self.user()
        self.expect(f, "test_access_key_errors", "create-access-key-unknown-user-error",
                    lambda: iam.create_access_key(UserName="nonexistent-user"))
        self.expect(f, "test_access_key_errors", "update-nonexistent-access-key-error",
                    lambda: iam.update_access_key(UserName=user, AccessKeyId=NO_KEY,
                                                  Status="Inactive"))
        self.expect(f, "test_access_key_errors", "get-last-used-nonexistent-key-error",
                    lambda: iam.get_access_key_last_used(AccessKeyId=NO_KEY),
                    **{"<caller>": caller})
        key = iam.create_access_key(UserName=user)["AccessKey"]["AccessKeyId"]
        self.expect(f, "test_access_key_errors", "delete-access-key-without-username-error",
                    lambda: iam.delete_access_key(AccessKeyId=key))

    def test_user_policies_tags_groups(self):
        f, iam = "iam__test_iam_users", self.iam
        user = self.user()
        name, arn = self.policy()
        self.expect(f, "test_user_managed_policy_errors", "attach-nonexistent-policy-error",
                    lambda: iam.attach_user_policy(UserName=user,
                                                   PolicyArn=self.arn("policy", "nonexistent")))
        self.expect(f, "test_user_managed_policy_errors", "detach-unattached-policy-error",
                    lambda: iam.detach_user_policy(UserName=user, PolicyArn=arn),
                    **{"<policy-name:1>": name})

        for label, call in (
                ("tag-nonexistent-user-error",
                 lambda: iam.tag_user(UserName="nonexistent-user",
                                      Tags=[{"Key": "key", "Value": "value"}])),
                ("untag-nonexistent-user-error",
                 lambda: iam.untag_user(UserName="nonexistent-user", TagKeys=["key"])),
                ("list-tags-nonexistent-user-error",
                 lambda: iam.list_user_tags(UserName="nonexistent-user"))):
            self.expect(f, "test_user_tag_errors", label, call)

        user, group = self.user(), self.group()
        self.expect(f, "test_user_group_errors", "add-nonexistent-user-to-group-error",
                    lambda: iam.add_user_to_group(GroupName=group, UserName="nonexistent-user"))
        self.expect(f, "test_user_group_errors", "add-user-to-nonexistent-group-error",
                    lambda: iam.add_user_to_group(GroupName="nonexistent-group", UserName=user))
        self.expect(f, "test_user_group_errors", "remove-user-from-nonexistent-group-error",
                    lambda: iam.remove_user_from_group(GroupName="nonexistent-group",
                                                       UserName=user))

    # -- iam__test_iam_groups ----------------------------------------------------------

    def test_groups(self):
        f, iam = "iam__test_iam_groups", self.iam
        group = self.group()
        self.expect(f, "test_create_group", "create-group-duplicate",
                    lambda: iam.create_group(GroupName=group), **{"<group-name:1>": group})
        self.expect(f, "test_get_group", "get-group-not-found",
                    lambda: iam.get_group(GroupName="non-existent-group"))
        self.expect(f, "test_delete_unknown_group", "delete-unknown-group",
                    lambda: iam.delete_group(GroupName="unknown-group"))
        old, new = self.group(), self.uid("group")
        iam.update_group(GroupName=old, NewGroupName=new)
        self.expect(f, "test_update_group_name", "old-group-not-found",
                    lambda: iam.get_group(GroupName=old), **{"<group-name:1>": old})
        self.expect(f, "test_update_group_not_found", "update-nonexistent-group",
                    lambda: iam.update_group(GroupName="nonexisting", NewGroupName="new-name"))
        one, two = self.group(), self.group()
        self.expect(f, "test_update_group_duplicate_name", "update-duplicate-name",
                    lambda: iam.update_group(GroupName=one, NewGroupName=two),
                    **{"<group-name-2>": two})
        group = self.group()
        self.expect(f, "test_add_unknown_user_to_group", "add-unknown-user",
                    lambda: iam.add_user_to_group(GroupName=group, UserName="non-existent-user"))
        user = self.user()
        self.expect(f, "test_add_user_to_unknown_group", "add-user-unknown-group",
                    lambda: iam.add_user_to_group(GroupName="non-existent-group", UserName=user))
        self.expect(f, "test_remove_user_from_unknown_group", "remove-from-unknown-group",
                    lambda: iam.remove_user_from_group(GroupName="non-existent-group",
                                                       UserName="any-user"))
        # AddUserToGroup checks the user first too (issue 16): with both missing, the same
        # answer as the recorded RemoveUserFromGroup.
        self.expect(f, "test_remove_user_from_unknown_group", "remove-from-unknown-group",
                    lambda: iam.add_user_to_group(GroupName="non-existent-group",
                                                  UserName="any-user"))
        group, name = self.group(), self.uid("policy")
        self.expect(f, "test_get_group_policy", "get-nonexistent-policy",
                    lambda: iam.get_group_policy(GroupName=group, PolicyName=name),
                    **{"<policy-name:1>": name})
        group = self.group()
        name, arn = self.policy()
        self.expect(f, "test_detach_unattached_group_policy", "detach-unattached-error",
                    lambda: iam.detach_group_policy(GroupName=group, PolicyArn=arn),
                    **{"<policy-name>": name})
        group, user, renamed = self.group(), self.user(), self.uid("user")
        iam.add_user_to_group(GroupName=group, UserName=user)
        iam.update_user(UserName=user, NewUserName=renamed)
        self.expect(f, "test_user_rename_preserves_group_membership", "old-user-not-found",
                    lambda: iam.list_groups_for_user(UserName=user), **{"<user-name:1>": user})
