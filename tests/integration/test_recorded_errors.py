"""Every error recorded from real AWS (tests/integration/fixtures/aws-recorded, see its README)
whose request localiam can receive, driven with boto3 against the real server: the request is rebuilt
here from the recorded test's steps, and the Error Code, Message, Type (Sender/Receiver) and
HTTP status are compared with the recording, read from the snapshot files at run time.

Left to another test: the policy-grammar table (TestPolicyDocumentValidity), driven with the
policy validation it checks.
"""

import base64
import hashlib
import hmac
import itertools
import json
import re
import struct
import tempfile
import time
import unittest

from support import cases, config
from support.clients import fast

RECORDED_DIR = config.AWS_RECORDINGS

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
     "Action": "sts:AssumeRole"}]})
POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]})
NO_KEY = "AKIAIOSFODNN7EXAMPLE"
NO_CERT = "NONEXISTENTCERTID12345678901"
NO_SSH = "APKAXXXXXXXXXXXXXXXXX"


class Recording:
    """The recorded snapshots, loaded once. Fails loudly when the directory is missing."""
    _files = {}

    @classmethod
    def load(cls, file):
        if not RECORDED_DIR.is_dir():
            raise AssertionError(f"the AWS recordings are missing: {RECORDED_DIR} does not exist")
        if file not in cls._files:
            path = RECORDED_DIR / f"{file}.snapshot.json"
            with open(path, encoding="utf-8") as f:
                cls._files[file] = json.load(f)
        return cls._files[file]

    @classmethod
    def tests(cls, file, prefix):
        """The names (Class-less, with parameters) of the recorded tests starting with prefix."""
        names = [key.rsplit("::", 1)[1] for key in cls.load(file)]
        return [name for name in names if name.startswith(prefix)]

    @classmethod
    def entry(cls, file, test):
        matches = [v for k, v in cls.load(file).items() if k.endswith("::" + test)]
        if len(matches) != 1:
            raise AssertionError(f"{file}: {len(matches)} recorded tests named {test}")
        return matches[0]["recorded-content"]

    @classmethod
    def error(cls, file, test, label):
        content = cls.entry(file, test)
        if label not in content:
            raise AssertionError(f"{file}::{test}: nothing recorded as {label!r}")
        response = content[label]
        return response["Error"], response["ResponseMetadata"]["HTTPStatusCode"]


def totp(seed, step):
    key = base64.b32decode(seed + "=" * (-len(seed) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1000000:06d}"


class RecordedErrors(cases.ServerCase):
    auth = "open"
    _ids = itertools.count(1)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        from botocore.config import Config
        driver = fast()
        cls.iam = driver.client(cls.server.url, cls.root, "iam")
        cls.sts = driver.client(cls.server.url, cls.root, "sts")
        # As recorded: the STS ARN cases go out without client-side checks.
        cls.sts_unchecked = driver._session.client(
            "sts", endpoint_url=cls.server.url, region_name=config.REGION,
            aws_access_key_id=cls.root.access_key, aws_secret_access_key=cls.root.secret_key,
            config=Config(parameter_validation=False, retries={"max_attempts": 0}))

    driven = set()  # (file, test, label) of every recorded error compared so far

    def uid(self, prefix):
        """prefix-NNNNNNNN (8 characters, as the recorded tests' names: a policy name made
        this way is 20 characters, the shortest ARN a client accepts)."""
        return f"{prefix}-{next(self._ids):03d}{int(time.time() * 1000) % 100000:05d}"

    # -- the comparison ---------------------------------------------------------------

    def expect(self, file, test, label, call, **names):
        """Runs call() and compares its error with the one recorded as `label` in test
        `test` of `file`. `names` maps each placeholder of the recorded message (without the
        angle brackets, e.g. user_name for <user-name:1>) to the value used here."""
        from botocore.exceptions import ClientError

        recorded, status = Recording.error(file, test, label)
        message = recorded.get("Message")
        if message is not None:
            message = message.replace("arn:<partition>:", "arn:aws:").replace(
                "111111111111", config.ACCOUNT)
            for placeholder, value in names.items():
                message = message.replace(placeholder, value)
            leftover = re.findall(r"<[a-z0-9:-]+>", message)
            self.assertEqual(leftover, [], f"{label}: placeholders without a value")
        where = f"{file}::{test}::{label}"
        RecordedErrors.driven.add((file, test, label))
        with self.subTest(where):
            try:
                result = call()
            except ClientError as e:
                error = e.response["Error"]
                got = (error.get("Code"), error.get("Message"), error.get("Type"),
                       e.response["ResponseMetadata"]["HTTPStatusCode"])
                want = (recorded["Code"], message, recorded.get("Type"), status)
                self.assertEqual(got, want, f"{where}: (code, message, type, status)")
                return
            result.pop("ResponseMetadata", None)
            self.fail(f"{where}: expected {recorded['Code']} {message!r}, got success {result}")

    # -- helpers that prepare state ----------------------------------------------------

    def user(self):
        name = self.uid("user")
        self.iam.create_user(UserName=name)
        return name

    def group(self):
        name = self.uid("group")
        self.iam.create_group(GroupName=name)
        return name

    def role(self, trust=TRUST):
        name = self.uid("role")
        return name, self.iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust)["Role"]

    def policy(self):
        name = self.uid("test-policy")
        return name, self.iam.create_policy(PolicyName=name, PolicyDocument=POLICY)["Policy"]["Arn"]

    def profile(self):
        name = self.uid("profile")
        self.iam.create_instance_profile(InstanceProfileName=name)
        return name

    def arn(self, kind, name):
        return f"arn:aws:iam::{config.ACCOUNT}:{kind}/{name}"

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

    # -- iam__test_iam_roles -----------------------------------------------------------

    def test_roles(self):
        f, iam = "iam__test_iam_roles", self.iam
        missing = "test-nonexistent-role"
        for label, call in (
                ("get-role-error", lambda: iam.get_role(RoleName=missing)),
                ("update-role-error", lambda: iam.update_role(RoleName=missing, Description="x")),
                ("delete-role-error", lambda: iam.delete_role(RoleName=missing))):
            self.expect(f, "test_role_errors", label, call)
        role, _ = self.role()
        self.expect(f, "test_role_errors", "create-role-already-exists-error",
                    lambda: iam.create_role(RoleName=role, AssumeRolePolicyDocument=TRUST),
                    **{"<role-name:1>": role})

        role, _ = self.role()
        _, arn = self.policy()
        iam.attach_role_policy(RoleName=role, PolicyArn=arn)
        self.expect(f, "test_delete_role_with_attached_policy", "delete-role-with-policy-error",
                    lambda: iam.delete_role(RoleName=role))
        iam.detach_role_policy(RoleName=role, PolicyArn=arn)
        iam.delete_role(RoleName=role)
        self.expect(f, "test_delete_role_with_attached_policy", "get-role-after-deletion-error",
                    lambda: iam.get_role(RoleName=role), **{"<role-name:1>": role})

        role, _ = self.role()
        iam.put_role_policy(RoleName=role, PolicyName="inline", PolicyDocument=POLICY)
        self.expect(f, "test_delete_role_with_inline_policy",
                    "delete-role-with-inline-policy-error", lambda: iam.delete_role(RoleName=role))
        iam.delete_role_policy(RoleName=role, PolicyName="inline")
        iam.delete_role(RoleName=role)
        self.expect(f, "test_delete_role_with_inline_policy", "get-role-after-deletion-error",
                    lambda: iam.get_role(RoleName=role), **{"<role-name:1>": role})

        role, _ = self.role()
        profile = self.profile()
        iam.add_role_to_instance_profile(InstanceProfileName=profile, RoleName=role)
        self.expect(f, "test_delete_role_with_instance_profile",
                    "delete-role-with-instance-profile-error",
                    lambda: iam.delete_role(RoleName=role))
        iam.remove_role_from_instance_profile(InstanceProfileName=profile, RoleName=role)
        iam.delete_role(RoleName=role)
        self.expect(f, "test_delete_role_with_instance_profile", "get-role-after-deletion-error",
                    lambda: iam.get_role(RoleName=role), **{"<role-name:1>": role})

    def test_role_policies(self):
        f, iam = "iam__test_iam_roles", self.iam
        role, _ = self.role()
        one = self.uid("policy-1")
        iam.put_role_policy(RoleName=role, PolicyName=one, PolicyDocument=POLICY)
        iam.delete_role_policy(RoleName=role, PolicyName=one)
        self.expect(f, "test_role_inline_policy_lifecycle", "get-deleted-policy-error",
                    lambda: iam.get_role_policy(RoleName=role, PolicyName=one),
                    **{"<policy-name:1>": one})
        self.expect(f, "test_role_inline_policy_lifecycle", "delete-nonexistent-policy-error",
                    lambda: iam.delete_role_policy(RoleName=role, PolicyName=one),
                    **{"<policy-name:1>": one})

        role, _ = self.role()
        t, missing, name = "test_role_inline_policy_errors", "nonexistent-role", "non-existent-policy"
        for label, call in (
                ("get-nonexistent-policy-error",
                 lambda: iam.get_role_policy(RoleName=role, PolicyName=name)),
                ("delete-nonexistent-policy-error",
                 lambda: iam.delete_role_policy(RoleName=role, PolicyName=name)),
                ("put-policy-nonexistent-role-error",
                 lambda: iam.put_role_policy(RoleName=missing, PolicyName=name,
                                             PolicyDocument=POLICY)),
                ("get-policy-nonexistent-role-error",
                 lambda: iam.get_role_policy(RoleName=missing, PolicyName=name)),
                ("delete-policy-nonexistent-role-error",
                 lambda: iam.delete_role_policy(RoleName=missing, PolicyName=name))):
            self.expect(f, t, label, call)

        role, _ = self.role()
        name, arn = self.policy()
        t = "test_role_managed_policy_errors"
        self.expect(f, t, "detach-not-attached-policy-error",
                    lambda: iam.detach_role_policy(RoleName=role, PolicyArn=arn),
                    **{"<policy-name:1>": name})
        self.expect(f, t, "non-existent-malformed-policy-arn",
                    lambda: iam.attach_role_policy(RoleName=role,
                                                   PolicyArn="longpolicynamebutnoarn"))
        self.expect(f, t, "existing-policy-name-provided",
                    lambda: iam.attach_role_policy(RoleName=role, PolicyArn=name),
                    **{"<policy-name:1>": name})
        self.expect(f, t, "attach-nonexistent-policy-error",
                    lambda: iam.attach_role_policy(
                        RoleName=role, PolicyArn=arn.replace(name, "nonexistent-policy")))
        iam.attach_role_policy(RoleName=role, PolicyArn=arn)
        self.expect(f, t, "delete-attached-policy-error", lambda: iam.delete_policy(PolicyArn=arn))

        role, _ = self.role()
        t = "test_attach_detach_aws_managed_policy_role"
        emr = "arn:aws:iam::aws:policy/service-role/AmazonElasticMapReduceRole"
        iam.attach_role_policy(RoleName=role, PolicyArn=emr)
        iam.detach_role_policy(RoleName=role, PolicyArn=emr)
        self.expect(f, t, "detach-already-detached-error",
                    lambda: iam.detach_role_policy(RoleName=role, PolicyArn=emr),
                    **{"<policy-name:1>": "AmazonElasticMapReduceRole"})
        self.expect(f, t, "detach-nonexistent-policy-error",
                    lambda: iam.detach_role_policy(
                        RoleName=role, PolicyArn="arn:aws:iam::aws:policy/Nonexistent"))

    def test_trust_policy_documents(self):
        # The recorded trust-policy errors outside the TestPolicyDocumentValidity table.
        f, iam = "iam__test_iam_roles", self.iam
        role, _ = self.role()
        t = "test_update_assume_role_policy_errors"
        ec2 = {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}}
        for label, document in (
                ("invalid-json-error", "not valid json"),
                ("invalid-action-error", json.dumps({"Version": "2012-10-17", "Statement": [
                    dict(ec2, Action="sts:InvalidAction")]})),
                ("resource-field-error", json.dumps({"Version": "2012-10-17", "Statement": [
                    dict(ec2, Action="sts:AssumeRole",
                         Resource="arn:aws:s3:::example_bucket")]}))):
            self.expect(f, t, label, lambda: iam.update_assume_role_policy(
                RoleName=role, PolicyDocument=document))
        trailing_comma = ('{"Version": "2012-10-17", "Statement": [{"Action": "sts:AssumeRole", '
                          '"Principal": "*", "Effect": "Allow",}]}')
        self.expect("iam__test_iam", "test_create_role_with_malformed_assume_role_policy_document",
                    "invalid-json", lambda: iam.create_role(
                        RoleName=self.uid("role"), AssumeRolePolicyDocument=trailing_comma))

    def test_role_boundaries(self):
        f, iam, t = "iam__test_iam_roles", self.iam, "test_role_permissions_boundary_errors"
        role, _ = self.role()
        _, valid = self.policy()
        invalid = f"arn:aws:iam::{config.ACCOUNT}:not_a_policy/invalid"
        missing = self.arn("policy", "nonexistent-policy")
        self.expect(f, t, "put-invalid-boundary-error",
                    lambda: iam.put_role_permissions_boundary(RoleName=role,
                                                              PermissionsBoundary=invalid))
        self.expect(f, t, "create-role-invalid-boundary-error",
                    lambda: iam.create_role(RoleName=self.uid("role-invalid"),
                                            AssumeRolePolicyDocument=TRUST,
                                            PermissionsBoundary=invalid))
        self.expect(f, t, "put-nonexistent-policy-error",
                    lambda: iam.put_role_permissions_boundary(RoleName=role,
                                                              PermissionsBoundary=missing))
        self.expect(f, t, "create-role-nonexistent-policy-error",
                    lambda: iam.create_role(RoleName=self.uid("role-nonexistent"),
                                            AssumeRolePolicyDocument=TRUST,
                                            PermissionsBoundary=missing))
        self.expect(f, t, "put-boundary-nonexistent-role-error",
                    lambda: iam.put_role_permissions_boundary(RoleName="nonexistent-role",
                                                              PermissionsBoundary=valid))

    def test_role_tags(self):
        f, iam, t = "iam__test_iam_roles", self.iam, "test_role_tag_errors"
        missing = "test-nonexistent-role"
        role = self.uid("role")
        tags = [{"Key": str(x), "Value": str(x)} for x in range(51)]
        self.expect(f, t, "tag-nonexistent-role-error",
                    lambda: iam.tag_role(RoleName=missing,
                                         Tags=[{"Key": "somekey", "Value": "somevalue"}]))
        self.expect(f, t, "untag-nonexistent-role-error",
                    lambda: iam.untag_role(RoleName=missing, TagKeys=["somekey"]))
        self.expect(f, t, "list-tags-nonexistent-role-error",
                    lambda: iam.list_role_tags(RoleName=missing))
        self.expect(f, t, "create-role-too-many-tags",
                    lambda: iam.create_role(RoleName=role, AssumeRolePolicyDocument=TRUST,
                                            Tags=tags))
        iam.create_role(RoleName=role, AssumeRolePolicyDocument=TRUST)
        self.expect(f, t, "tag-role-too-many-tags",
                    lambda: iam.tag_role(RoleName=missing, Tags=tags))
        bad_tags = (
            ("duplicate-tags", [{"Key": "dupkey", "Value": "val1"},
                                {"Key": "dupkey", "Value": "val2"}]),
            ("duplicate-tags-different-case", [{"Key": "mykey", "Value": "val1"},
                                               {"Key": "MyKey", "Value": "val2"}]),
            ("tag-key-too-long", [{"Key": "k" * 129, "Value": "value"}]),
            ("tag-value-too-long", [{"Key": "key", "Value": "v" * 257}]),
            ("tag-invalid-char", [{"Key": "invalid!key", "Value": "value"}]))
        for suffix, bad in bad_tags:
            self.expect(f, t, f"create-role-{suffix}",
                        lambda: iam.create_role(RoleName=self.uid("role-bad"),
                                                AssumeRolePolicyDocument=TRUST, Tags=bad))
        for suffix, bad in bad_tags:
            self.expect(f, t, f"tag-role-{suffix}", lambda: iam.tag_role(RoleName=role, Tags=bad))
        for label, keys in (("untag-role-too-many-keys", [str(x) for x in range(51)]),
                            ("untag-role-key-too-long", ["k" * 129]),
                            ("untag-role-invalid-char", ["invalid!key"])):
            self.expect(f, t, label, lambda: iam.untag_role(RoleName=role, TagKeys=keys))

    # -- iam__test_iam_policies and iam__test_iam_managed_policies ---------------------

    def test_policies(self):
        f, iam = "iam__test_iam_policies", self.iam
        name, arn = self.policy()
        self.expect(f, "test_policy_errors", "policy-already-exists",
                    lambda: iam.create_policy(PolicyName=name, PolicyDocument=POLICY),
                    **{"<policy-name:1>": name})

        _, arn = self.policy()
        for _ in range(4):
            iam.create_policy_version(PolicyArn=arn, PolicyDocument=POLICY)
        self.expect(f, "test_policy_version_limit", "err-version-limit-exceeded",
                    lambda: iam.create_policy_version(PolicyArn=arn, PolicyDocument=POLICY))

        t = "test_policy_version_errors"
        name, arn = self.policy()
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=POLICY)
        missing = self.arn("policy", "TestNonExistingPolicy")
        for label, call in (
                ("err-get-version-nonexistent-policy",
                 lambda: iam.get_policy_version(PolicyArn=missing, VersionId="v1")),
                ("err-get-nonexistent-version",
                 lambda: iam.get_policy_version(PolicyArn=arn, VersionId="v9")),
                ("err-delete-default-version",
                 lambda: iam.delete_policy_version(PolicyArn=arn, VersionId="v1")),
                ("err-delete-nonexistent-version",
                 lambda: iam.delete_policy_version(PolicyArn=arn, VersionId="v9")),
                ("err-set-default-nonexistent-policy",
                 lambda: iam.set_default_policy_version(PolicyArn=missing, VersionId="v1")),
                ("err-set-default-invalid-version-format",
                 lambda: iam.set_default_policy_version(PolicyArn=arn,
                                                        VersionId="wrong_version_id")),
                ("err-set-default-nonexistent-version",
                 lambda: iam.set_default_policy_version(PolicyArn=arn, VersionId="v4"))):
            self.expect(f, t, label, call, **{"<policy-name:1>": name})

        t = "test_policy_tag_create_errors"
        too_many = [{"Key": str(x), "Value": str(x)} for x in range(51)]
        bad_tags = (("too-many-tags", too_many),
                    ("duplicate-keys", [{"Key": "0", "Value": ""}, {"Key": "0", "Value": ""}]),
                    ("large-key", [{"Key": "0" * 129, "Value": ""}]),
                    ("large-value", [{"Key": "0", "Value": "0" * 257}]),
                    ("invalid-character", [{"Key": "NOWAY!", "Value": ""}]))
        for suffix, bad in bad_tags:
            self.expect(f, t, f"err-{suffix}",
                        lambda: iam.create_policy(PolicyName=self.uid("policy"),
                                                  PolicyDocument=POLICY, Tags=bad))
        t = "test_policy_tag_update_errors"
        _, arn = self.policy()
        iam.tag_policy(PolicyArn=arn, Tags=[{"Key": "somekey", "Value": "somevalue"},
                                            {"Key": "someotherkey", "Value": "someothervalue"}])
        for suffix, bad in bad_tags:
            label = "err-tag-too-many" if suffix == "too-many-tags" else f"err-tag-{suffix}"
            self.expect(f, t, label, lambda: iam.tag_policy(PolicyArn=arn, Tags=bad))
        missing = self.arn("policy", "NotAPolicy")
        self.expect(f, t, "err-tag-nonexistent-policy",
                    lambda: iam.tag_policy(PolicyArn=missing,
                                           Tags=[{"Key": "some", "Value": "value"}]))
        for label, keys in (("err-untag-too-many-keys", [str(x) for x in range(51)]),
                            ("err-untag-large-key", ["0" * 129]),
                            ("err-untag-invalid-character", ["NOWAY!"])):
            self.expect(f, t, label, lambda: iam.untag_policy(PolicyArn=arn, TagKeys=keys))
        self.expect(f, t, "err-untag-nonexistent-policy",
                    lambda: iam.untag_policy(PolicyArn=missing, TagKeys=["somevalue"]))
        self.expect(f, "test_list_entities_for_policy_errors", "err-nonexistent-policy",
                    lambda: iam.list_entities_for_policy(
                        PolicyArn=self.arn("policy", "NonExistentPolicy")))

    def test_aws_managed_policies(self):
        f, iam = "iam__test_iam_managed_policies", self.iam
        managed = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
        self.expect(f, "test_get_aws_managed_policy_version", "get-version-error",
                    lambda: iam.get_policy_version(PolicyArn=managed,
                                                   VersionId="v2-does-not-exist"))
        t = "test_aws_managed_policy_errors"
        for label, call in (
                ("delete-managed-policy-error", lambda: iam.delete_policy(PolicyArn=managed)),
                ("delete-managed-policy-version-error",
                 lambda: iam.delete_policy_version(PolicyArn=managed, VersionId="v2")),
                ("set-default-managed-policy-version-error",
                 lambda: iam.set_default_policy_version(PolicyArn=managed, VersionId="v2")),
                ("get-version-error",
                 lambda: iam.get_policy_version(PolicyArn=managed,
                                                VersionId="v2-does-not-exist"))):
            self.expect(f, t, label, call)

    # -- iam__test_iam (policies, service credentials, service-linked roles) -----------

    def test_iam_misc(self):
        f, iam = "iam__test_iam", self.iam
        self.expect(f, "test_delete_non_existent_policy_returns_no_such_entity",
                    "delete-non-existent-policy-exc",
                    lambda: iam.delete_policy(PolicyArn=self.arn("policy",
                                                                 "non-existent-policy")))
        user = self.user()
        name, arn = self.policy()
        t = "test_user_attach_policy"
        self.expect(f, t, "non_existent_malformed_policy_arn",
                    lambda: iam.attach_user_policy(UserName=user,
                                                   PolicyArn="longpolicynamebutnoarn"))
        self.expect(f, t, "existing_policy_name_provided",
                    lambda: iam.attach_user_policy(UserName=user, PolicyArn=name),
                    **{"<policy-name:1>": name})
        self.expect(f, t, "valid_arn_not_existent",
                    lambda: iam.attach_user_policy(UserName=user, PolicyArn=arn + "123"),
                    **{"<policy-name:1>": name})

        batch = iam.create_service_linked_role(AWSServiceName="batch.amazonaws.com")
        self.expect(f, "test_service_role_already_exists", "role-already-exists-error",
                    lambda: iam.create_service_linked_role(AWSServiceName="batch.amazonaws.com"))
        iam.delete_service_linked_role(RoleName=batch["Role"]["RoleName"])
        suffix_tests = Recording.tests(f, "test_service_role_lifecycle_custom_suffix_not_allowed[")
        self.assertGreater(len(suffix_tests), 60)
        for test in suffix_tests:
            service = test.rsplit("[", 1)[1].rstrip("]")
            self.expect(f, test, "custom-suffix-not-allowed",
                        lambda: iam.create_service_linked_role(AWSServiceName=service,
                                                               CustomSuffix="testsuffix"))

    def test_service_specific_credentials(self):
        f, iam = "iam__test_iam", self.iam
        t = "test_create_service_specific_credential_invalid_user"
        self.expect(f, t, "invalid-user-name-exception",
                    lambda: iam.create_service_specific_credential(
                        UserName="non-existent-user", ServiceName="codecommit.amazonaws.com"))
        self.expect(f, t, "invalid-user-and-service-exception",
                    lambda: iam.create_service_specific_credential(
                        UserName="non-existent-user",
                        ServiceName="nonexistentservice.amazonaws.com"))
        user = self.user()
        t = "test_create_service_specific_credential_invalid_service"
        for label, service in (
                ("invalid-service-exception", "nonexistentservice.amazonaws.com"),
                ("invalid-service-completely-malformed-exception", "o3on3n3onosneo"),
                ("invalid-service-existing-but-unsupported-exception", "lambda.amazonaws.com")):
            self.expect(f, t, label, lambda: iam.create_service_specific_credential(
                UserName=user, ServiceName=service))
        self.expect(f, "test_list_service_specific_credential_different_service",
                    "list-service-specific-credentials-invalid-service",
                    lambda: iam.list_service_specific_credentials(
                        UserName=user, ServiceName="nonexistentservice.amazonaws.com"))

        user = self.user()
        credential = iam.create_service_specific_credential(
            UserName=user, ServiceName="codecommit.amazonaws.com")["ServiceSpecificCredential"]
        cid = credential["ServiceSpecificCredentialId"]
        self.expect(f, "test_delete_user_after_service_credential_created",
                    "delete-user-existing-credential", lambda: iam.delete_user(UserName=user))
        t, wrong = "test_id_match_user_mismatch", "wrong-user-name"
        for label, call in (
                ("update-wrong-user-name", lambda: iam.update_service_specific_credential(
                    UserName=wrong, ServiceSpecificCredentialId=cid, Status="Inactive")),
                ("reset-wrong-user-name", lambda: iam.reset_service_specific_credential(
                    UserName=wrong, ServiceSpecificCredentialId=cid)),
                ("delete-wrong-user-name", lambda: iam.delete_service_specific_credential(
                    UserName=wrong, ServiceSpecificCredentialId=cid))):
            self.expect(f, t, label, call)
        for wrong_id in ("totally-wrong-credential-id-with-hyphens",
                         "satisfiesregexbutstillinvalid"):
            t = f"test_user_match_id_mismatch[{wrong_id}]"
            for label, call in (
                    ("update-wrong-id", lambda: iam.update_service_specific_credential(
                        UserName=user, ServiceSpecificCredentialId=wrong_id, Status="Inactive")),
                    ("reset-wrong-id", lambda: iam.reset_service_specific_credential(
                        UserName=user, ServiceSpecificCredentialId=wrong_id)),
                    ("delete-wrong-id", lambda: iam.delete_service_specific_credential(
                        UserName=user, ServiceSpecificCredentialId=wrong_id))):
                self.expect(f, t, label, call)
        self.expect(f, "test_invalid_update_parameters", "update-invalid-status",
                    lambda: iam.update_service_specific_credential(
                        ServiceSpecificCredentialId=cid, Status="Invalid"))

    # -- account-level ------------------------------------------------------------------

    def test_account(self):
        iam = self.iam
        f = "iam__test_iam_account_password_policy"
        self.expect(f, "test_update_account_password_policy_validation_errors",
                    "validation-errors",
                    lambda: iam.update_account_password_policy(
                        MaxPasswordAge=1096, MinimumPasswordLength=129,
                        PasswordReusePrevention=25))
        self.expect(f, "test_get_account_password_policy_not_found", "policy-not-found",
                    iam.get_account_password_policy)
        self.expect(f, "test_delete_account_password_policy_not_found", "delete-not-found",
                    iam.delete_account_password_policy)
        iam.update_account_password_policy()
        iam.delete_account_password_policy()
        self.expect(f, "test_delete_account_password_policy", "policy-deleted-not-found",
                    iam.get_account_password_policy)
        self.expect("iam__test_iam_credential_report",
                    "test_get_credential_report_before_generated",
                    "get-credential-report-without-generate-error", iam.get_credential_report)

    # -- instance profiles -------------------------------------------------------------

    def test_instance_profiles(self):
        f, iam = "iam__test_iam_instance_profiles", self.iam
        name = self.uid("profile")
        iam.create_instance_profile(InstanceProfileName=name, Path="/test-path/")
        iam.delete_instance_profile(InstanceProfileName=name)
        self.expect(f, "test_instance_profile_lifecycle", "get-deleted-error",
                    lambda: iam.get_instance_profile(InstanceProfileName=name),
                    **{"<instance-profile-name:1>": name})
        t, missing = "test_instance_profile_errors", "nonexistent-profile"
        self.expect(f, t, "get-nonexistent-error",
                    lambda: iam.get_instance_profile(InstanceProfileName=missing))
        name = self.profile()
        self.expect(f, t, "create-duplicate-error",
                    lambda: iam.create_instance_profile(InstanceProfileName=name),
                    **{"<instance-profile-name:1>": name})
        self.expect(f, t, "delete-nonexistent-error",
                    lambda: iam.delete_instance_profile(InstanceProfileName=missing))

        profile, (one, _), (two, _) = self.profile(), self.role(), self.role()
        iam.add_role_to_instance_profile(InstanceProfileName=profile, RoleName=one)
        self.expect(f, "test_add_second_role_to_instance_profile_error", "add-second-role-error",
                    lambda: iam.add_role_to_instance_profile(InstanceProfileName=profile,
                                                             RoleName=two))
        profile, (role, _) = self.profile(), self.role()
        iam.add_role_to_instance_profile(InstanceProfileName=profile, RoleName=role)
        t = "test_delete_instance_profile_with_role_error"
        self.expect(f, t, "delete-with-role-error",
                    lambda: iam.delete_instance_profile(InstanceProfileName=profile))
        iam.remove_role_from_instance_profile(InstanceProfileName=profile, RoleName=role)
        iam.delete_instance_profile(InstanceProfileName=profile)
        self.expect(f, t, "get-deleted-error",
                    lambda: iam.get_instance_profile(InstanceProfileName=profile),
                    **{"<instance-profile-name:1>": profile})

        profile, (role, _) = self.profile(), self.role()
        t, no_role = "test_role_instance_profile_operations_errors", "nonexistent-role"
        for label, call in (
                ("add-role-nonexistent-profile-error", lambda: iam.add_role_to_instance_profile(
                    InstanceProfileName=missing, RoleName=role)),
                ("add-nonexistent-role-error", lambda: iam.add_role_to_instance_profile(
                    InstanceProfileName=profile, RoleName=no_role)),
                ("remove-role-nonexistent-profile-error",
                 lambda: iam.remove_role_from_instance_profile(InstanceProfileName=missing,
                                                               RoleName=role)),
                ("remove-nonexistent-role-error", lambda: iam.remove_role_from_instance_profile(
                    InstanceProfileName=profile, RoleName=no_role)),
                ("remove-unattached-role-error", lambda: iam.remove_role_from_instance_profile(
                    InstanceProfileName=profile, RoleName=role)),
                ("list-profiles-nonexistent-role-error",
                 lambda: iam.list_instance_profiles_for_role(RoleName=no_role))):
            self.expect(f, t, label, call, **{"<role-name:1>": role,
                                              "<instance-profile-name:1>": profile})
        t = "test_instance_profile_tag_errors"
        for label, call in (
                ("tag-nonexistent-error", lambda: iam.tag_instance_profile(
                    InstanceProfileName=missing, Tags=[{"Key": "Key", "Value": "Value"}])),
                ("untag-nonexistent-error", lambda: iam.untag_instance_profile(
                    InstanceProfileName=missing, TagKeys=["Key"])),
                ("list-tags-nonexistent-error",
                 lambda: iam.list_instance_profile_tags(InstanceProfileName=missing))):
            self.expect(f, t, label, call)

    # -- MFA -----------------------------------------------------------------------------

    def test_mfa(self):
        f, iam = "iam__test_iam_mfa", self.iam
        t = "test_virtual_mfa_device_errors"
        name = self.uid("mfa")
        iam.create_virtual_mfa_device(VirtualMFADeviceName=name)
        self.expect(f, t, "create-duplicate-error",
                    lambda: iam.create_virtual_mfa_device(VirtualMFADeviceName=name))
        for label, path in (("create-invalid-path-no-leading-slash-error", "invalid-path/"),
                            ("create-invalid-path-no-trailing-slash-error", "/invalid-path"),
                            ("create-path-too-long-error", "/" + "a" * 512 + "/")):
            self.expect(f, t, label, lambda: iam.create_virtual_mfa_device(
                VirtualMFADeviceName=self.uid("mfa"), Path=path))
        self.expect(f, t, "delete-nonexistent-error",
                    lambda: iam.delete_virtual_mfa_device(
                        SerialNumber=self.arn("mfa", "nonexistent-device")))
        self.expect(f, "test_list_virtual_mfa_devices", "list-invalid-marker-error",
                    lambda: iam.list_virtual_mfa_devices(Marker="invalid-marker-value"))

        t = "test_enable_mfa_device_errors"
        serial = iam.create_virtual_mfa_device(
            VirtualMFADeviceName=self.uid("mfa"))["VirtualMFADevice"]["SerialNumber"]
        self.expect(f, t, "enable-mfa-nonexistent-user-error",
                    lambda: iam.enable_mfa_device(UserName="nonexistent-user",
                                                  SerialNumber=serial,
                                                  AuthenticationCode1="123456",
                                                  AuthenticationCode2="654321"))
        self.expect(f, t, "deactivate-mfa-nonexistent-user-error",
                    lambda: iam.deactivate_mfa_device(UserName="nonexistent-user",
                                                      SerialNumber=serial))
        user = self.user()
        self.expect(f, t, "deactivate-nonexistent-mfa-error",
                    lambda: iam.deactivate_mfa_device(
                        UserName=user, SerialNumber=self.arn("mfa", "nonexistent-mfa")))

        one, two = self.user(), self.user()
        device = iam.create_virtual_mfa_device(
            VirtualMFADeviceName=self.uid("mfa"))["VirtualMFADevice"]
        seed = device["Base32StringSeed"].decode()
        step = int(time.time()) // 30
        codes = {"AuthenticationCode1": totp(seed, step - 1),
                 "AuthenticationCode2": totp(seed, step)}
        iam.enable_mfa_device(UserName=one, SerialNumber=device["SerialNumber"], **codes)
        self.expect(f, "test_enable_mfa_device_already_attached",
                    "enable-mfa-already-attached-error",
                    lambda: iam.enable_mfa_device(UserName=two,
                                                  SerialNumber=device["SerialNumber"], **codes))

    # -- OIDC and SAML providers ---------------------------------------------------------

    def test_identity_providers(self):
        f, iam = "iam__test_iam_oidc", self.iam
        self.expect(f, "test_create_open_id_connect_provider_invalid_url", "invalid-url",
                    lambda: iam.create_open_id_connect_provider(Url="example.org",
                                                                ThumbprintList=["a" * 40]))
        domain = f"oidc-dup-{self.uid('x')}.example.com"
        iam.create_open_id_connect_provider(Url=f"https://{domain}", ThumbprintList=["a" * 40])
        recorded, _ = Recording.error(f, "test_create_open_id_connect_provider_duplicate_error",
                                      "duplicate-error")
        recorded_domain = re.search(r"https://(\S+) already", recorded["Message"]).group(1)
        self.expect(f, "test_create_open_id_connect_provider_duplicate_error", "duplicate-error",
                    lambda: iam.create_open_id_connect_provider(Url=f"https://{domain}",
                                                                ThumbprintList=["a" * 40]),
                    **{recorded_domain: domain})
        self.expect(f, "test_create_open_id_connect_provider_too_many_thumbprints",
                    "too-many-thumbprints",
                    lambda: iam.create_open_id_connect_provider(
                        Url=f"https://{self.uid('thumbs')}.example.com",
                        ThumbprintList=[c * 40 for c in "abcdef"]))
        self.expect(f, "test_create_open_id_connect_provider_quota_error", "quota-error",
                    lambda: iam.create_open_id_connect_provider(
                        Url=f"https://{self.uid('clients')}.example.com",
                        ThumbprintList=["a" * 40], ClientIDList=[str(i) for i in range(101)]))
        self.expect(f, "test_create_open_id_connect_provider_validation_errors",
                    "multiple-validation-errors",
                    lambda: iam.create_open_id_connect_provider(
                        Url="b" * 256, ThumbprintList=["b" * 41], ClientIDList=["b" * 256]))
        self.expect(f, "test_get_open_id_connect_provider_not_found", "not-found-error",
                    lambda: iam.get_open_id_connect_provider(
                        OpenIDConnectProviderArn=self.arn("oidc-provider",
                                                          "non-existent.example.com")))
        domain = f"oidc-delete-{self.uid('x')}.example.com"
        arn = iam.create_open_id_connect_provider(
            Url=f"https://{domain}", ThumbprintList=["a" * 40])["OpenIDConnectProviderArn"]
        iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)
        self.expect(f, "test_delete_open_id_connect_provider", "get-not-found-error",
                    lambda: iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn),
                    **{"<domain>": domain})
        self.expect(f, "test_delete_open_id_connect_provider", "deletion-not-found-error",
                    lambda: iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn),
                    **{"<domain>": domain})
        arn = iam.create_open_id_connect_provider(
            Url=f"https://{self.uid('tagsmax')}.example.com", ThumbprintList=["a" * 40],
            Tags=[{"Key": f"k{i:02d}", "Value": f"v{i}"} for i in range(50)],
        )["OpenIDConnectProviderArn"]
        self.expect(f, "test_open_id_connect_provider_tags_limit", "tags-limit-error",
                    lambda: iam.tag_open_id_connect_provider(
                        OpenIDConnectProviderArn=arn, Tags=[{"Key": "string", "Value": "string"}]))

        f = "iam__test_iam_saml_providers"
        missing = self.arn("saml-provider", "NonExistentProvider")
        self.expect(f, "test_get_saml_provider_not_found", "get-not-found",
                    lambda: iam.get_saml_provider(SAMLProviderArn=missing))
        self.expect(f, "test_delete_saml_provider_not_found", "delete-not-found",
                    lambda: iam.delete_saml_provider(SAMLProviderArn=missing))

    # -- certificates and keys ---------------------------------------------------------

    def test_certificates_and_keys(self):
        from support import certificates
        if not certificates.AVAILABLE:
            self.skipTest("the cryptography module is missing")
        f, iam = "iam__test_iam_server_certificates", self.iam
        pki = certificates.Pki(tempfile.mkdtemp(prefix="recorded-"))
        for path in ("None", "/", "/test-path/"):
            name, cert = self.uid("cert"), pki.issue(self.uid("cn"), ca=True, rsa_bits=2048)
            iam.upload_server_certificate(ServerCertificateName=name, CertificateBody=cert.cert,
                                          PrivateKey=cert.key,
                                          **({} if path == "None" else {"Path": path}))
            iam.delete_server_certificate(ServerCertificateName=name)
            self.expect(f, f"test_server_certificate_lifecycle[{path}]",
                        "get-deleted-certificate-error",
                        lambda: iam.get_server_certificate(ServerCertificateName=name),
                        **{"<server-certificate-name:1>": name})
        t, missing = "test_server_certificate_errors", "nonexistent-certificate"
        self.expect(f, t, "get-nonexistent-certificate-error",
                    lambda: iam.get_server_certificate(ServerCertificateName=missing))
        self.expect(f, t, "delete-nonexistent-certificate-error",
                    lambda: iam.delete_server_certificate(ServerCertificateName=missing))
        name, cert = self.uid("cert"), pki.issue(self.uid("cn"), ca=True, rsa_bits=2048)
        iam.upload_server_certificate(ServerCertificateName=name, CertificateBody=cert.cert,
                                      PrivateKey=cert.key)
        self.expect(f, t, "upload-duplicate-certificate-error",
                    lambda: iam.upload_server_certificate(
                        ServerCertificateName=name, CertificateBody=cert.cert,
                        PrivateKey=cert.key),
                    **{"<server-certificate-name:1>": name})

        f, t = "iam__test_iam_signing_certificates", "test_signing_certificate_errors"
        user, nobody = self.user(), "nonexistent-user"
        bodies = [pki.issue(self.uid("signing"), rsa_bits=2048).cert for _ in range(3)]
        for label, call in (
                ("upload-nonexistent-user-error", lambda: iam.upload_signing_certificate(
                    UserName=nobody, CertificateBody=bodies[0])),
                ("list-certificates-nonexistent-user-error",
                 lambda: iam.list_signing_certificates(UserName=nobody)),
                ("delete-certificate-nonexistent-user-error",
                 lambda: iam.delete_signing_certificate(UserName=nobody, CertificateId=NO_CERT)),
                ("update-certificate-nonexistent-user-error",
                 lambda: iam.update_signing_certificate(UserName=nobody, CertificateId=NO_CERT,
                                                        Status="Inactive")),
                ("upload-invalid-certificate-error", lambda: iam.upload_signing_certificate(
                    UserName=user, CertificateBody="invalid-certificate-body")),
                ("update-nonexistent-certificate-error",
                 lambda: iam.update_signing_certificate(UserName=user, CertificateId=NO_CERT,
                                                        Status="Inactive")),
                ("delete-nonexistent-certificate-error",
                 lambda: iam.delete_signing_certificate(UserName=user, CertificateId=NO_CERT))):
            self.expect(f, t, label, call)
        iam.upload_signing_certificate(UserName=user, CertificateBody=bodies[0])
        iam.upload_signing_certificate(UserName=user, CertificateBody=bodies[1])
        self.expect(f, t, "upload-exceeds-limit-error",
                    lambda: iam.upload_signing_certificate(UserName=user,
                                                           CertificateBody=bodies[2]))

        f, user = "iam__test_iam_ssh_public_keys", self.user()
        self.expect(f, "test_get_ssh_public_key_not_found", "get-not-found",
                    lambda: iam.get_ssh_public_key(UserName=user, SSHPublicKeyId=NO_SSH,
                                                   Encoding="SSH"))
        self.expect(f, "test_update_ssh_public_key_not_found", "update-not-found",
                    lambda: iam.update_ssh_public_key(UserName=user, SSHPublicKeyId=NO_SSH,
                                                      Status="Inactive"))
        self.expect(f, "test_delete_ssh_public_key_not_found", "delete-not-found",
                    lambda: iam.delete_ssh_public_key(UserName=user, SSHPublicKeyId=NO_SSH))

    # -- STS -------------------------------------------------------------------------------

    def test_sts(self):
        f, sts = "sts__test_sts", self.sts
        account_trust = json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["sts:AssumeRole", "sts:TagSession"],
             "Principal": {"AWS": config.ACCOUNT}}]})
        t = "test_sts_invalid_parameters"
        for label, arn, session in (
                ("malformed-arn", "nothing-valid-in-here", "Session1"),
                ("no-partition", "arn::b:::something/test-role", "Session1"),
                ("no-service", "arn:a::::something/test-role", "Session1"),
                ("not-enough-colons", "arn:a:::something/test-role", "Session1"),
                ("no-resource", "arn:a:a::aaaaaaaaaa:", "Session1"),
                ("invalid-session-name", "arn:a:b:::something/test-role", "Session1:2")):
            self.expect(f, t, label, lambda: self.sts_unchecked.assume_role(
                RoleArn=arn, RoleSessionName=session))

        _, role = self.role(account_trust)
        self.expect(f, "test_assume_role_session_name_too_long", "session-name-too-long-error",
                    lambda: sts.assume_role(RoleArn=role["Arn"], RoleSessionName="s" * 65))

        statements = [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
                       "Resource": f"arn:aws:s3:::my-example-bucket-with-long-name/"
                                   f"folder-name-{n}/*"} for n in range(30)]
        policy = json.dumps({"Version": "2012-10-17", "Statement": statements})
        self.expect(f, "test_federation_token_policy_too_long", "policy-too-long-error",
                    lambda: sts.get_federation_token(Name="TestUser", DurationSeconds=900,
                                                     Policy=policy))

        t = "test_assume_role_tag_validation"
        _, role = self.role(account_trust)
        self.expect(f, t, "invalid-transitive-tag-keys", lambda: sts.assume_role(
            RoleArn=role["Arn"], RoleSessionName="SessionInvalidTransitiveKeys",
            Tags=[{"Key": "SessionTag1", "Value": "SessionValue1"}],
            TransitiveTagKeys=["InvalidKey"]))
        sts.assume_role(RoleArn=role["Arn"], RoleSessionName="SessionInvalidCasingTransitiveKeys",
                        Tags=[{"Key": "SessionTag1", "Value": "SessionValue1"}],
                        TransitiveTagKeys=["sessiontag1"])
        self.expect(f, t, "duplicate-tag-keys-different-casing", lambda: sts.assume_role(
            RoleArn=role["Arn"], RoleSessionName="SessionInvalidCasingTransitiveKeys",
            Tags=[{"Key": "SessionTag1", "Value": "SessionValue1"},
                  {"Key": "sessiontag1", "Value": "SessionValue2"}],
            TransitiveTagKeys=["sessiontag1"]))

        t = "test_iam_role_chaining_override_transitive_tags"
        _, first = self.role(account_trust)
        _, second = self.role(account_trust)
        keys = sts.assume_role(RoleArn=first["Arn"], RoleSessionName="Session1",
                               Tags=[{"Key": "SessionTag1", "Value": "SessionValue1"}],
                               TransitiveTagKeys=["SessionTag1"])["Credentials"]
        chained = fast()._session.client(
            "sts", endpoint_url=self.server.url, region_name=config.REGION,
            aws_access_key_id=keys["AccessKeyId"], aws_secret_access_key=keys["SecretAccessKey"],
            aws_session_token=keys["SessionToken"])
        for label, key in (("override-transitive-tag-error", "SessionTag1"),
                           ("override-transitive-tag-case-ignore-error", "sessiontag1")):
            self.expect(f, t, label, lambda: chained.assume_role(
                RoleArn=second["Arn"], RoleSessionName="Session2SessionTagOverride",
                Tags=[{"Key": key, "Value": "SessionValue2"}]))

    # -- runs last (alphabetical order): nothing recorded is left out ----------------------

    def test_zz_every_recorded_error_is_driven(self):
        if len(self.driven) < 100:
            self.skipTest("only part of this class ran")
        recorded = set()
        for path in sorted(RECORDED_DIR.glob("*.snapshot.json")):
            file = path.name[:-len(".snapshot.json")]
            for key, entry in Recording.load(file).items():
                for label, response in entry["recorded-content"].items():
                    code = response.get("Error", {}).get("Code") if isinstance(response,
                                                                                dict) else None
                    test = key.rsplit("::", 1)[1]
                    if code and not test.startswith("test_create_policy_invalid_document["):
                        recorded.add((file, test, label))
        self.assertEqual(sorted(recorded - self.driven), [],
                         "recorded errors that no test here drives")


if __name__ == "__main__":
    unittest.main()
