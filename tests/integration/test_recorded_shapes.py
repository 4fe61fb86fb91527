"""The shapes of answers recorded from real AWS (tests/integration/fixtures/aws-recorded), compared
with localiam's through boto3: which fields each answer has (CreateX against GetX, an empty
`Tags: []` against no Tags at all, lists empty or not), recursively, ignoring values and the
order of keys. Each request is rebuilt here from the recorded test's steps; the recorded
answer is read from the snapshot files at run time.
"""

import csv
import io
import json
import tempfile
import time
import unittest

from support import cases, config
from support.clients import fast

from test_recorded_errors import POLICY, TRUST, Recording, totp


# Policy documents differ between the recorded tests and these; their own shape is not the point.
DOCUMENTS = {"AssumeRolePolicyDocument", "PolicyDocument", "Document"}


def shape(value):
    """Keys and list emptiness, recursively; leaves (and policy documents) become '.'."""
    if isinstance(value, dict):
        return {k: "." if k in DOCUMENTS else shape(v) for k, v in value.items()
                if k != "ResponseMetadata"}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return "."


def known_to_client(value, model_shape):
    """`value` (a recorded shape) without the members the client's model lacks: a botocore older
    than the recording (Debian's 1.29) drops them from what it parses, whatever localiam sent."""
    if model_shape is None:
        return value
    if isinstance(value, dict) and model_shape.type_name == "structure":
        return {k: known_to_client(v, model_shape.members[k]) if k not in DOCUMENTS else v
                for k, v in value.items() if k in model_shape.members}
    if isinstance(value, list) and value and model_shape.type_name == "list":
        return [known_to_client(value[0], model_shape.member)]
    return value


class RecordedShapes(cases.ServerCase):
    auth = "open"
    counter = 0

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.iam = fast().client(cls.server.url, cls.root, "iam")
        cls.sts = fast().client(cls.server.url, cls.root, "sts")
        # Which operation answered each response, to read its output shape in same().
        cls.operations = {}
        for client in (cls.iam, cls.sts):
            client.meta.events.register(
                "after-call.*.*",
                lambda parsed, model, **_: cls.operations.__setitem__(id(parsed), (parsed, model)))

    def uid(self, prefix):
        RecordedShapes.counter += 1
        return f"{prefix}-{RecordedShapes.counter}"

    def same(self, file, test, label, response, known_difference=None):
        """Compares the shape of `response` with the one recorded as `label`.
        known_difference: a path ("Policy.Description") that the recording has and localiam
        knowingly lacks (README, Differences from AWS)."""
        recorded = Recording.entry(file, test)
        self.assertIn(label, recorded, f"{file}::{test}: nothing recorded as {label!r}")
        with self.subTest(f"{file}::{test}::{label}"):
            self.maxDiff = None
            want, got = shape(recorded[label]), shape(response)
            answered = self.operations.get(id(response))  # kept alive: ids are not reused
            if answered is not None and answered[0] is response:
                want = known_to_client(want, answered[1].output_shape)
            if known_difference:
                *parents, last = known_difference.split(".")
                node = want
                for key in parents:
                    node = node[key]
                self.assertIn(last, node, f"{known_difference} is no longer in the recording")
                del node[last]
            self.assertEqual(json.dumps(got, sort_keys=True, indent=1),
                             json.dumps(want, sort_keys=True, indent=1),
                             f"{file}::{test}::{label}: localiam's shape (first) vs AWS's")

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

    def test_providers_and_certificates(self):
        iam = self.iam
        f = "iam__test_iam_oidc"
        arn = iam.create_open_id_connect_provider(
            Url=f"https://{self.uid('oidc')}.example.com", ThumbprintList=["a" * 40],
            ClientIDList=["client"])["OpenIDConnectProviderArn"]
        self.same(f, "test_get_open_id_connect_provider", "get-response",
                  iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn))
        iam.remove_client_id_from_open_id_connect_provider(OpenIDConnectProviderArn=arn,
                                                           ClientID="client")
        self.same(f, "test_update_open_id_connect_provider_thumbprint", "after-update",
                  iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn))

        t = "test_create_open_id_connect_provider"
        self.same(f, t, "create-https", iam.create_open_id_connect_provider(
            Url=f"https://{self.uid('oidc-basic')}.example.com", ThumbprintList=["a" * 40]))
        self.same(f, t, "create-with-client", iam.create_open_id_connect_provider(
            Url=f"https://{self.uid('oidc-client')}.example.com", ThumbprintList=["b" * 40],
            ClientIDList=["my-client-id"]))
        self.same(f, t, "create-with-path", iam.create_open_id_connect_provider(
            Url=f"https://{self.uid('oidc-path')}.example.com/oidc", ThumbprintList=["a" * 40]))
        iam.tag_open_id_connect_provider(OpenIDConnectProviderArn=arn,
                                         Tags=[{"Key": "k1", "Value": "v1"},
                                               {"Key": "k2", "Value": "v2"}])
        got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
        self.same(f, "test_tag_open_id_connect_provider", "after-tagging",
                  {"Tags": got.get("Tags", [])})

        from support import certificates
        if not certificates.AVAILABLE:
            self.skipTest("the cryptography module is missing")
        pki = certificates.Pki(tempfile.mkdtemp(prefix="shapes-"))
        f, t = "iam__test_iam_server_certificates", "test_server_certificate_lifecycle[None]"
        name, cert = self.uid("cert"), pki.issue(self.uid("cn"), ca=True, rsa_bits=2048)
        self.same(f, t, "upload-certificate",
                  iam.upload_server_certificate(ServerCertificateName=name,
                                                CertificateBody=cert.cert, PrivateKey=cert.key))
        self.same(f, t, "get-certificate", iam.get_server_certificate(ServerCertificateName=name))
        listed = iam.list_server_certificates()
        listed["ServerCertificateMetadataList"] = [
            c for c in listed["ServerCertificateMetadataList"] if c["ServerCertificateName"] == name]
        self.same(f, t, "list-certificates", listed)
        self.same(f, t, "delete-certificate",
                  iam.delete_server_certificate(ServerCertificateName=name))

        f, t = "iam__test_iam_signing_certificates", "test_signing_certificate_lifecycle"
        user = self.uid("user")
        iam.create_user(UserName=user)
        self.same(f, t, "upload-certificate",
                  iam.upload_signing_certificate(UserName=user, CertificateBody=pki.issue(
                      self.uid("signing"), rsa_bits=2048).cert))
        self.same(f, t, "list-certificates", iam.list_signing_certificates(UserName=user))
        cert_id = iam.list_signing_certificates(UserName=user)["Certificates"][0]["CertificateId"]
        self.same(f, t, "update-certificate-inactive",
                  iam.update_signing_certificate(UserName=user, CertificateId=cert_id,
                                                 Status="Inactive"))
        self.same(f, t, "list-certificates-after-inactive",
                  iam.list_signing_certificates(UserName=user))

        f = "iam__test_iam_mfa"
        device = iam.create_virtual_mfa_device(VirtualMFADeviceName=self.uid("mfa"))
        self.same(f, "test_virtual_mfa_device_lifecycle[None]", "create-mfa-device", device)

    def test_keys_credentials_and_account(self):
        iam = self.iam
        user = self.uid("user")
        iam.create_user(UserName=user)

        from support import certificates
        if certificates.AVAILABLE:
            from cryptography.hazmat.primitives import serialization
            from cryptography.hazmat.primitives.asymmetric import rsa
            body = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key(
            ).public_bytes(serialization.Encoding.OpenSSH,
                           serialization.PublicFormat.OpenSSH).decode()
            f = "iam__test_iam_ssh_public_keys"
            uploaded = iam.upload_ssh_public_key(UserName=user, SSHPublicKeyBody=body)
            self.same(f, "test_upload_ssh_public_key", "upload-response", uploaded)
            key_id = uploaded["SSHPublicKey"]["SSHPublicKeyId"]
            self.same(f, "test_get_ssh_public_key", "get-response",
                      iam.get_ssh_public_key(UserName=user, SSHPublicKeyId=key_id,
                                             Encoding="SSH"))
            self.same(f, "test_list_ssh_public_keys", "list-with-key",
                      iam.list_ssh_public_keys(UserName=user))
            self.same(f, "test_update_ssh_public_key", "update-response",
                      iam.update_ssh_public_key(UserName=user, SSHPublicKeyId=key_id,
                                                Status="Inactive"))

        f, t = "iam__test_iam", "test_service_specific_credential_lifecycle[codecommit.amazonaws.com]"
        created = iam.create_service_specific_credential(UserName=user,
                                                         ServiceName="codecommit.amazonaws.com")
        self.same(f, t, "create-service-specific-credential-response", created)
        self.same(f, t, "list-service-specific-credentials-response-before-update",
                  iam.list_service_specific_credentials(UserName=user))
        cid = created["ServiceSpecificCredential"]["ServiceSpecificCredentialId"]
        self.same(f, t, "update-service-specific-credential-response",
                  iam.update_service_specific_credential(UserName=user,
                                                         ServiceSpecificCredentialId=cid,
                                                         Status="Inactive"))
        self.same(f, t, "reset-service-specific-credential-response",
                  iam.reset_service_specific_credential(UserName=user,
                                                        ServiceSpecificCredentialId=cid))

        f, t = "iam__test_iam_account_password_policy", "test_update_account_password_policy_defaults"
        self.same(f, t, "update", iam.update_account_password_policy())
        self.same(f, t, "password-policy-defaults", iam.get_account_password_policy())
        iam.delete_account_password_policy()

        f, t = "iam__test_iam_account_authorization_details", \
            "test_get_account_authorization_details_filter_user"
        group, arn = self.uid("group"), iam.create_policy(
            PolicyName=self.uid("policy"), PolicyDocument=POLICY)["Policy"]["Arn"]
        iam.create_group(GroupName=group)
        iam.put_user_policy(UserName=user, PolicyName="user-inline-policy", PolicyDocument=POLICY)
        iam.attach_user_policy(UserName=user, PolicyArn=arn)
        iam.add_user_to_group(GroupName=group, UserName=user)
        iam.tag_user(UserName=user, Tags=[{"Key": "somekey", "Value": "somevalue"},
                                          {"Key": "someotherkey", "Value": "someothervalue"}])
        result = iam.get_paginator("get_account_authorization_details").paginate(
            Filter=["User"]).build_full_result()
        result["UserDetailList"] = [u for u in result["UserDetailList"] if u["UserName"] == user]
        self.same(f, t, "user-filter-result", result)

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

    def test_lists_reports_and_tags(self):
        iam = self.iam
        f, t = "iam__test_iam_roles", "test_list_roles_pagination"
        path = f"/{self.uid('test-pagination')}/"
        for i in range(5):
            described = {"Description": f"Role {i}"} if i % 2 == 0 else {}
            self.same(f, t, f"create-role-{i}",
                      iam.create_role(RoleName=f"role-{i:02d}-{self.uid('x')}",
                                      AssumeRolePolicyDocument=TRUST, Path=path, **described))
        self.same(f, t, "list-roles-with-path", iam.list_roles(PathPrefix=path))
        page = iam.list_roles(PathPrefix=path, MaxItems=2)
        self.same(f, t, "list-roles-max-items", page)
        self.same(f, t, "list-roles-with-marker",
                  iam.list_roles(PathPrefix=path, Marker=page["Marker"]))
        self.same(f, t, "list-roles-empty", iam.list_roles(PathPrefix="/nonexistent-path/"))

        f, t = "iam__test_iam_account_authorization_details", \
            "test_get_account_authorization_details_with_tags"
        user, role = self.uid("user"), self.uid("role")
        self.same(f, t, "create-user", iam.create_user(UserName=user))
        self.same(f, t, "create-role", iam.create_role(RoleName=role,
                                                       AssumeRolePolicyDocument=TRUST))
        tags = [{"Key": "environment", "Value": "test"}, {"Key": "team", "Value": "platform"}]
        iam.tag_user(UserName=user, Tags=tags)
        iam.tag_role(RoleName=role, Tags=tags)
        details = iam.get_paginator("get_account_authorization_details").paginate(
        ).build_full_result()
        details["UserDetailList"] = [u for u in details["UserDetailList"]
                                     if u["UserName"] == user]
        details["RoleDetailList"] = [r for r in details["RoleDetailList"]
                                     if r["RoleName"] == role]
        details["GroupDetailList"], details["Policies"] = [], []
        self.same(f, t, "tags-result", details)

        t = "test_get_account_authorization_details_no_filter"
        names = {"User": self.uid("user"), "Group": self.uid("group"), "Role": self.uid("role"),
                 "Policy": self.uid("policy")}
        iam.create_user(UserName=names["User"])
        iam.create_group(GroupName=names["Group"])
        iam.create_role(RoleName=names["Role"], AssumeRolePolicyDocument=TRUST)
        iam.create_policy(PolicyName=names["Policy"], PolicyDocument=POLICY)
        details = iam.get_paginator("get_account_authorization_details").paginate(
        ).build_full_result()
        for key, kind in (("UserDetailList", "User"), ("GroupDetailList", "Group"),
                          ("RoleDetailList", "Role"), ("Policies", "Policy")):
            details[key] = [e for e in details[key] if e[f"{kind}Name"] == names[kind]]
        self.same(f, t, "no-filter-result", details)

        f, t = "iam__test_iam_credential_report", "test_credential_report"
        self.same(f, t, "create-login-profile",
                  iam.create_login_profile(UserName=user, Password="TestPassword123!",
                                           PasswordResetRequired=False))
        first = iam.create_access_key(UserName=user)
        self.same(f, t, "create-access-key-1", first)
        iam.update_access_key(UserName=user, AccessKeyId=first["AccessKey"]["AccessKeyId"],
                              Status="Inactive")
        iam.create_access_key(UserName=user)
        self.same(f, t, "initial-generate-response", iam.generate_credential_report())
        for _ in range(50):
            state = iam.generate_credential_report()
            if state["State"] == "COMPLETE":
                break
            time.sleep(0.1)
        self.same(f, t, "generate-completed-response", state)
        reader = csv.DictReader(io.StringIO(iam.get_credential_report()["Content"].decode()))
        rows = [row for row in reader if row["user"] == user]
        recorded = Recording.entry(f, t)["credentials-report"]
        # The columns are compared by name and order, not only by shape.
        self.assertEqual(reader.fieldnames, recorded["field_names"])
        self.same(f, t, "credentials-report", {"field_names": reader.fieldnames, "users": rows})

        f, t = "iam__test_iam_account_summary", "test_get_account_summary_format"
        recorded = Recording.entry(f, t)["transformed-summary"]["SummaryMap"]
        summary = iam.get_account_summary()["SummaryMap"]
        self.assertEqual(sorted(summary), sorted(recorded))
        # Quotas are compared by value; AccountAccessKeysPresent is 1 here, since localiam's
        # root signs with an access key (the recording's account root had none).
        for key, value in recorded.items():
            if isinstance(value, int) and key != "AccountAccessKeysPresent":
                self.assertEqual(summary[key], value, key)

        f, t = "iam__test_iam_account_aliases", "test_account_alias_lifecycle"
        alias = self.uid("alias")
        self.same(f, t, "create-alias", iam.create_account_alias(AccountAlias=alias))
        self.same(f, t, "delete-alias", iam.delete_account_alias(AccountAlias=alias))

    def test_service_linked_roles_per_service(self):
        """Every service of the recorded test_service_role_lifecycle: the role's name, path,
        trust policy and attached AWS managed policy, by value."""
        iam, f = self.iam, "iam__test_iam"
        tests = Recording.tests(f, "test_service_role_lifecycle[")
        self.assertGreater(len(tests), 60)
        for test in tests:
            service = test.rsplit("[", 1)[1].rstrip("]")
            recorded = Recording.entry(f, test)
            with self.subTest(service=service):
                want = recorded["describe-response"]["Role"]
                role = iam.create_service_linked_role(AWSServiceName=service)["Role"]
                got = iam.get_role(RoleName=role["RoleName"])["Role"]
                for key in ("RoleName", "Path", "AssumeRolePolicyDocument", "MaxSessionDuration"):
                    self.assertEqual(got[key], want[key], f"{service}: {key}")
                attached = iam.list_attached_role_policies(
                    RoleName=role["RoleName"])["AttachedPolicies"]
                expected = [p["PolicyName"]
                            for p in recorded["attached-role-policies"]["AttachedPolicies"]]
                if expected == ["AmazonLexBotPolicy"]:
                    expected = []  # not in the bundled catalogue of AWS managed policies
                self.assertEqual([p["PolicyName"] for p in attached], expected, service)
                self.same(f, test, "inline-role-policies",
                          iam.list_role_policies(RoleName=role["RoleName"]))
                iam.delete_service_linked_role(RoleName=role["RoleName"])

    # -- STS --------------------------------------------------------------------------------

    def test_sts(self):
        f, iam, sts = "sts__test_sts", self.iam, self.sts
        trust = json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "sts:AssumeRole",
             "Principal": {"AWS": config.ACCOUNT}}]})
        role = iam.create_role(RoleName=self.uid("role"), AssumeRolePolicyDocument=trust)
        self.same(f, "test_assume_role", "assume-role",
                  sts.assume_role(RoleArn=role["Role"]["Arn"], RoleSessionName="s1"))
        self.same(f, "test_get_session_token", "get-session-token", sts.get_session_token())

        user = self.uid("user")
        iam.create_user(UserName=user)
        key = iam.create_access_key(UserName=user)["AccessKey"]
        as_user = fast()._session.client(
            "sts", endpoint_url=self.server.url, region_name=config.REGION,
            aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
        self.same(f, "test_get_caller_identity_with_iam_user_credentials",
                  "caller-identity-user", as_user.get_caller_identity())
        self.same(f, "test_get_federation_token", "get-federation-token",
                  as_user.get_federation_token(Name="TestUser", DurationSeconds=900))
        keys = sts.assume_role(RoleArn=role["Role"]["Arn"], RoleSessionName="s2")["Credentials"]
        as_role = fast()._session.client(
            "sts", endpoint_url=self.server.url, region_name=config.REGION,
            aws_access_key_id=keys["AccessKeyId"], aws_secret_access_key=keys["SecretAccessKey"],
            aws_session_token=keys["SessionToken"])
        self.same(f, "test_get_caller_identity_with_assumed_role_credentials",
                  "caller-identity-assumed-role", as_role.get_caller_identity())
        # The recorded test's session policy, so that PackedPolicySize can be compared too.
        restricted = json.dumps({"Version": "2012-10-17", "Statement": [
            {"Sid": "RestrictedAccess", "Effect": "Allow", "Action": ["s3:GetObject"],
             "Resource": ["arn:aws:s3:::example-bucket/*"]}]})
        assumed = sts.assume_role(RoleArn=role["Role"]["Arn"], RoleSessionName="s3",
                                  Policy=restricted)
        self.same(f, "test_assume_role_with_policy", "assume-role-with-policy", assumed)
        recorded = Recording.entry(f, "test_assume_role_with_policy")["assume-role-with-policy"]
        self.assertEqual(assumed["PackedPolicySize"], recorded["PackedPolicySize"])


if __name__ == "__main__":
    unittest.main()
