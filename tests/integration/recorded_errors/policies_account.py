"""Recorded errors of managed policies (customer and AWS managed), service-specific
credentials, service-linked roles and the account.
"""

from support.recorded_errors import POLICY, Recording


class PolicyAndAccountErrors:
    """Tests of RecordedErrors (support/recorded_errors.RecordedErrorsCase gives expect())."""

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
