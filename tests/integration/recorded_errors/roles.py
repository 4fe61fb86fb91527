"""Recorded errors of roles: their policies, trust policy documents, boundaries and tags
(iam__test_iam_roles).
"""

import json

from support import config
from support.recorded_errors import POLICY, TRUST


class RoleErrors:
    """Tests of RecordedErrors (support/recorded_errors.RecordedErrorsCase gives expect())."""

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
