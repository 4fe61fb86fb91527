"""The shapes of answers recorded from real AWS compared with localiam's (as in
test_recorded_shapes.py, which has the entities): identity providers, certificates, access keys,
service credentials, the account, list pagination, reports, tags, service-linked roles and STS.
"""

import csv
import io
import json
import tempfile
import time
import unittest

from support import config
from support.clients import fast
from support.recorded_errors import POLICY, TRUST, Recording
from support.recorded_shapes import RecordedShapesCase, shape


class RecordedAccessShapes(RecordedShapesCase):
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
