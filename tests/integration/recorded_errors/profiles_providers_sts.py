"""Recorded errors of instance profiles, MFA devices, OIDC and SAML providers, certificates
and keys, and STS.
"""

import json
import re
import tempfile
import time

from support import config
from support.clients import fast
from support.recorded_errors import NO_CERT, NO_SSH, Recording, totp


class ProfileProviderAndStsErrors:
    """Tests of RecordedErrors (support/recorded_errors.RecordedErrorsCase gives expect())."""

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
