"""The operations only the newest AWS model has (AWS SDK for JavaScript v3 3.1178; botocore and
the aws CLI do not know them yet), as raw signed Query requests: the XML each answers, its
errors, and what survives a restart. AcquireRole, GetRoleTemplateVersion, GetAccountProperties,
PutAccountProperties, UpdateOpenIDConnectProvider (and the ContextProvider that
CreateOpenIDConnectProvider/GetOpenIDConnectProvider now carry, as do Create/Update/
GetSAMLProvider) and STS GetScopedCredentials.
tests/js/newest_model.test.js drives the same operations through the JavaScript SDK.
"""

import json
import unittest

from support.cases import ACCOUNT, ServerCase
from support.clients import Creds
from support.raw_client import RawClient
from support.saml_idp import TestIdp

IAM_NS = "{https://iam.amazonaws.com/doc/2010-05-08/}"
STS_NS = "{https://sts.amazonaws.com/doc/2011-06-15/}"
PROVIDER_ARN = f"arn:aws:iam::{ACCOUNT}:oidc-provider/newest.example.com"
IDENTITY_CENTER = "arn:aws:sso:::instance/ssoins-0123456789abcdef"
EVERYTHING = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["iam:*", "sts:*"], "Resource": "*"}]})
LIST_USERS_ONLY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["iam:ListUsers", "sts:GetCallerIdentity"], "Resource": "*"}]})


class NewestModelTests(ServerCase):
    auth = "enforce"

    def raw(self, service, action, params=None, creds=None):
        client = RawClient(self.server.host, self.server.port)
        try:
            return client.call(service, action, params or {}, creds=creds)
        finally:
            client.close()

    def ok(self, service, action, params=None, creds=None):
        answer = self.raw(service, action, params, creds)
        self.assertEqual(answer.status, 200, answer)
        return answer

    def error(self, service, action, params, status, code, creds=None):
        answer = self.raw(service, action, params, creds)
        self.assertEqual((answer.status, answer.code), (status, code), answer)
        self.assertEqual(answer.root.findtext(f"{IAM_NS if service == 'iam' else STS_NS}Error/"
                                              f"{IAM_NS if service == 'iam' else STS_NS}Type"),
                         "Sender", answer)
        return answer

    def properties(self):
        answer = self.ok("iam", "GetAccountProperties")
        entries = answer.root.findall(
            f"{IAM_NS}GetAccountPropertiesResult/{IAM_NS}Properties/{IAM_NS}entry")
        return {e.findtext(f"{IAM_NS}key"): e.findtext(f"{IAM_NS}value") for e in entries}

    def test_account_properties_are_validated_and_survive_a_restart(self):
        self.assertEqual(self.properties(), {"RoleManager/Enabled": "false"})
        put = self.ok("iam", "PutAccountProperties", {"Properties.entry.1.key": "RoleManager/Enabled",
                                                      "Properties.entry.1.value": "true"})
        self.assertIsNotNone(put.root.find(f"{IAM_NS}ResponseMetadata/{IAM_NS}RequestId"))
        self.assertIsNone(put.root.find(f"{IAM_NS}PutAccountPropertiesResult"))
        self.error("iam", "PutAccountProperties", {}, 400, "ValidationError")
        bad = self.error("iam", "PutAccountProperties", {"Properties.entry.1.key": "/Enabled",
                                                         "Properties.entry.1.value": "true"},
                         400, "ValidationError")
        self.assertIn("Map keys must satisfy constraint", bad.message)
        for key, value in (("RoleManager", "true"), ("RoleManager/Enabled/x", "true"),
                           ("RoleManager/Enabled", "maybe"), ("Unknown/Property", "true")):
            self.error("iam", "PutAccountProperties", {"Properties.entry.1.key": key,
                                                       "Properties.entry.1.value": value},
                       400, "InvalidInput")
        mixed = self.error("iam", "PutAccountProperties", {
            "Properties.entry.1.key": "RoleManager/Enabled", "Properties.entry.1.value": "false",
            "Properties.entry.2.key": "Other/Enabled", "Properties.entry.2.value": "false"},
            400, "InvalidInput")
        self.assertIn("same namespace", mixed.message)
        self.server.restart()
        self.assertEqual(self.properties(), {"RoleManager/Enabled": "true"})

    def test_role_templates_do_not_exist(self):
        arn = f"arn:aws:iam::{ACCOUNT}:role-template/missing"
        for action, params in (("GetRoleTemplateVersion", {"TemplateArn": arn, "MinorVersion": "2"}),
                               ("AcquireRole", {"TemplateArn": arn,
                                                "ReplacementValues.entry.1.key": "Team",
                                                "ReplacementValues.entry.1.value.Values.member.1": "a"})):
            answer = self.error("iam", action, params, 404, "NoSuchEntity")
            self.assertEqual(answer.message, f"The role template with ARN {arn} cannot be found.")
            short = self.error("iam", action, {"TemplateArn": "arn:aws:iam::1"}, 400,
                               "ValidationError")
            self.assertIn("'templateArn'", short.message)
            self.error("iam", action, {}, 400, "ValidationError")
        too_many = {"TemplateArn": arn}
        for n in range(1, 32):
            too_many[f"ReplacementValues.entry.{n}.key"] = f"k{n}"
            too_many[f"ReplacementValues.entry.{n}.value.Values.member.1"] = "v"
        self.error("iam", "AcquireRole", too_many, 400, "ValidationError")

    def provider(self):
        answer = self.ok("iam", "GetOpenIDConnectProvider",
                         {"OpenIDConnectProviderArn": PROVIDER_ARN})
        return answer.root.find(f"{IAM_NS}GetOpenIDConnectProviderResult")

    def test_update_open_id_connect_provider(self):
        self.ok("iam", "CreateOpenIDConnectProvider", {
            "Url": "https://newest.example.com", "ClientIDList.member.1": "app",
            "ContextProvider.SubjectSourceKey": "sub"})
        self.assertEqual(self.provider().findtext(
            f"{IAM_NS}ContextProvider/{IAM_NS}SubjectSourceKey"), "sub")
        update = {"OpenIDConnectProviderArn": PROVIDER_ARN}
        self.ok("iam", "UpdateOpenIDConnectProvider", {
            **update, "ContextProvider.SubjectSourceKey": "email",
            "ContextProvider.KeyDefinitionList.member.1.SourceKey": "dept",
            "ContextProvider.KeyDefinitionList.member.1.TargetKey": "department",
            "ContextProvider.KeyDefinitionList.member.2.SourceKey": "team",
            "ContextProvider.SubjectTypeSourceKey": "kind"})
        self.ok("iam", "UpdateOpenIDConnectProvider",
                {**update, "IdentityCenterInstanceArn": IDENTITY_CENTER})
        self.server.restart()
        got = self.provider()
        context = got.find(f"{IAM_NS}ContextProvider")
        self.assertEqual([c.tag.replace(IAM_NS, "") for c in context],
                         ["SubjectSourceKey", "KeyDefinitionList", "SubjectTypeSourceKey"])
        self.assertEqual(context.findtext(f"{IAM_NS}SubjectSourceKey"), "email")
        members = context.findall(f"{IAM_NS}KeyDefinitionList/{IAM_NS}member")
        self.assertEqual([(m.findtext(f"{IAM_NS}SourceKey"), m.findtext(f"{IAM_NS}TargetKey"))
                          for m in members], [("dept", "department"), ("team", None)])
        self.assertEqual(got.findtext(f"{IAM_NS}IdentityCenterInstanceArn"), IDENTITY_CENTER)
        self.assertEqual(got.findtext(f"{IAM_NS}ClientIDList/{IAM_NS}member"), "app")

        for params in ({"RemoveContextProvider": "true"},
                       {"ContextProvider.SubjectSourceKey": "sub", "RemoveContextProvider": "true"},
                       {"IdentityCenterInstanceArn": IDENTITY_CENTER,
                        "RemoveIdentityCenterInstance": "true"},
                       {"ContextProvider.SubjectSourceKey": "sub",
                        "IdentityCenterInstanceArn": IDENTITY_CENTER},
                       {"RemoveContextProvider": "false"},
                       {"ContextProvider.SubjectSourceKey": "two  spaces"},
                       {"IdentityCenterInstanceArn": "arn:aws:iam::123456789012:user/not-sso"}):
            self.error("iam", "UpdateOpenIDConnectProvider", {**update, **params}, 400,
                       "InvalidInput")
        missing = self.error("iam", "UpdateOpenIDConnectProvider",
                             {**update, "ContextProvider.SubjectTypeValue": "user"}, 400,
                             "ValidationError")
        self.assertEqual(missing.message,
                         "1 validation error detected: Value null at "
                         "'contextProvider.subjectSourceKey' failed to satisfy constraint: "
                         "Member must not be null")
        self.error("iam", "UpdateOpenIDConnectProvider",
                   {**update, "ContextProvider.SubjectSourceKey": "x" * 129}, 400,
                   "ValidationError")
        self.error("iam", "UpdateOpenIDConnectProvider",
                   {**update, "RemoveContextProvider": "yes"}, 400, "ValidationError")
        nobody = self.error("iam", "UpdateOpenIDConnectProvider", {
            "OpenIDConnectProviderArn": f"arn:aws:iam::{ACCOUNT}:oidc-provider/nobody.example.com",
            "RemoveIdentityCenterInstance": "true"}, 404, "NoSuchEntity")
        self.assertIn("nobody.example.com", nobody.message)

        self.ok("iam", "UpdateOpenIDConnectProvider", {**update, "RemoveIdentityCenterInstance": "true"})
        self.ok("iam", "UpdateOpenIDConnectProvider", {**update, "RemoveContextProvider": "true"})
        got = self.provider()
        self.assertIsNone(got.find(f"{IAM_NS}ContextProvider"))
        self.assertIsNone(got.find(f"{IAM_NS}IdentityCenterInstanceArn"))
        self.error("iam", "UpdateOpenIDConnectProvider",
                   {**update, "IdentityCenterInstanceArn": IDENTITY_CENTER}, 400, "InvalidInput")

    def test_saml_providers_take_the_same_settings(self):
        arn = f"arn:aws:iam::{ACCOUNT}:saml-provider/newest"
        metadata = TestIdp().metadata()
        self.error("iam", "CreateSAMLProvider", {
            "Name": "newest", "SAMLMetadataDocument": metadata,
            "IdentityCenterInstanceArn": IDENTITY_CENTER}, 400, "InvalidInput")
        self.ok("iam", "CreateSAMLProvider", {
            "Name": "newest", "SAMLMetadataDocument": metadata,
            "ContextProvider.SubjectSourceKey": "NameID",
            "ContextProvider.KeyDefinitionList.member.1.SourceKey": "Department",
            "IdentityCenterInstanceArn": IDENTITY_CENTER})
        self.error("iam", "UpdateSAMLProvider", {"SAMLProviderArn": arn,
                                                 "RemoveContextProvider": "true"},
                   400, "InvalidInput")
        # Other changes alone are fine, and leave the settings as they are.
        self.ok("iam", "UpdateSAMLProvider", {"SAMLProviderArn": arn,
                                              "AssertionEncryptionMode": "Allowed"})
        self.server.restart()
        got = self.ok("iam", "GetSAMLProvider", {"SAMLProviderArn": arn}).root.find(
            f"{IAM_NS}GetSAMLProviderResult")
        names = [c.tag.replace(IAM_NS, "") for c in got]
        self.assertEqual(names[:3], ["SAMLProviderUUID", "SAMLMetadataDocument", "ContextProvider"])
        self.assertEqual(names[-1], "IdentityCenterInstanceArn")
        self.assertEqual(got.findtext(f"{IAM_NS}ContextProvider/{IAM_NS}KeyDefinitionList/"
                                      f"{IAM_NS}member/{IAM_NS}SourceKey"), "Department")
        self.assertEqual(got.findtext(f"{IAM_NS}IdentityCenterInstanceArn"), IDENTITY_CENTER)
        self.ok("iam", "UpdateSAMLProvider", {"SAMLProviderArn": arn,
                                              "RemoveIdentityCenterInstance": "true"})
        self.ok("iam", "UpdateSAMLProvider", {"SAMLProviderArn": arn,
                                              "RemoveContextProvider": "true"})
        got = self.ok("iam", "GetSAMLProvider", {"SAMLProviderArn": arn})
        self.assertIsNone(got.find("ContextProvider/SubjectSourceKey"))
        self.assertIsNone(got.find("IdentityCenterInstanceArn"))

    def role_session(self):
        self.ok("iam", "CreateUser", {"UserName": "scoper"})
        self.ok("iam", "CreatePolicy", {"PolicyName": "scoper-all", "PolicyDocument": EVERYTHING})
        policy_arn = f"arn:aws:iam::{ACCOUNT}:policy/scoper-all"
        self.ok("iam", "AttachUserPolicy", {"UserName": "scoper", "PolicyArn": policy_arn})
        key = self.ok("iam", "CreateAccessKey", {"UserName": "scoper"})
        user = Creds(key.find("AccessKey/AccessKeyId"), key.find("AccessKey/SecretAccessKey"))
        trust = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/scoper"},
            "Action": "sts:AssumeRole"}]})
        self.ok("iam", "CreateRole", {"RoleName": "scoped", "AssumeRolePolicyDocument": trust})
        self.ok("iam", "AttachRolePolicy", {"RoleName": "scoped", "PolicyArn": policy_arn})
        assumed = self.ok("sts", "AssumeRole", {
            "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/scoped", "RoleSessionName": "raw",
            "DurationSeconds": "3600"}, creds=user)
        session = Creds(assumed.find("Credentials/AccessKeyId"),
                        assumed.find("Credentials/SecretAccessKey"),
                        assumed.find("Credentials/SessionToken"))
        return user, session, assumed

    def test_get_scoped_credentials(self):
        user, session, assumed = self.role_session()
        self.error("sts", "GetScopedCredentials", {"DurationSeconds": "60"}, 400,
                   "InvalidSubjectCredentials", creds=user)
        self.error("sts", "GetScopedCredentials", {}, 400, "ValidationError", creds=session)
        for duration in ("0", "129601"):
            self.error("sts", "GetScopedCredentials", {"DurationSeconds": duration}, 400,
                       "ValidationError", creds=session)
        self.error("sts", "GetScopedCredentials", {"DurationSeconds": "7200"}, 400,
                   "InsufficientSessionLifetime", creds=session)
        self.error("sts", "GetScopedCredentials", {"Policy": "{not json"}, 400,
                   "MalformedPolicyDocument", creds=session)

        answer = self.ok("sts", "GetScopedCredentials",
                         {"Policy": LIST_USERS_ONLY, "DurationSeconds": "600",
                          "ScopedSessionDescription": "a narrow agent"}, creds=session)
        result = answer.root.find(f"{STS_NS}GetScopedCredentialsResult")
        self.assertEqual([c.tag.replace(STS_NS, "") for c in result],
                         ["Credentials", "SessionInfo", "SessionTokenUtilization",
                          "SessionTokenSize", "ScopedPoliciesCount"])
        self.assertEqual(answer.find("SessionInfo/Arn"),
                         f"arn:aws:sts::{ACCOUNT}:assumed-role/scoped/raw")
        self.assertEqual(answer.find("SessionInfo/ScopedSessionId"),
                         assumed.find("AssumedRoleUser/AssumedRoleId"))
        self.assertEqual(answer.find("ScopedPoliciesCount"), "1")
        token = answer.find("Credentials/SessionToken")
        self.assertEqual(answer.find("SessionTokenSize"), str(len(token)))
        scoped = Creds(answer.find("Credentials/AccessKeyId"),
                       answer.find("Credentials/SecretAccessKey"), token)

        self.ok("iam", "ListUsers", creds=scoped)
        denied = self.error("iam", "ListRoles", {}, 403, "AccessDenied", creds=scoped)
        self.assertIn(f"arn:aws:sts::{ACCOUNT}:assumed-role/scoped/raw", denied.message)
        self.ok("iam", "ListRoles", creds=session)
        # The scoped session may not scope itself further without sts:GetScopedCredentials.
        self.error("sts", "GetScopedCredentials", {"DurationSeconds": "60"}, 403, "AccessDenied",
                   creds=scoped)

        self.server.restart()
        who = self.ok("sts", "GetCallerIdentity", creds=scoped)
        self.assertEqual(who.find("GetCallerIdentityResult/Arn"),
                         f"arn:aws:sts::{ACCOUNT}:assumed-role/scoped/raw")
        self.ok("iam", "ListUsers", creds=scoped)
        self.error("iam", "ListRoles", {}, 403, "AccessDenied", creds=scoped)

    def test_scoped_root_session_credentials_are_limited_too(self):
        token = self.ok("sts", "GetSessionToken", {"DurationSeconds": "900"})
        root_session = Creds(token.find("Credentials/AccessKeyId"),
                             token.find("Credentials/SecretAccessKey"),
                             token.find("Credentials/SessionToken"))
        # (GetSessionToken credentials without MFA may not call IAM: STS shows the scope.)
        key_info = {"AccessKeyId": "AKIAIOSFODNN7EXAMPLE"}
        self.ok("sts", "GetAccessKeyInfo", key_info, creds=root_session)
        answer = self.ok("sts", "GetScopedCredentials", {"Policy": LIST_USERS_ONLY},
                         creds=root_session)
        self.assertEqual(answer.find("SessionInfo/Arn"), f"arn:aws:iam::{ACCOUNT}:root")
        self.assertEqual(answer.find("Credentials/Expiration"),
                         token.find("Credentials/Expiration"))
        scoped = Creds(answer.find("Credentials/AccessKeyId"),
                       answer.find("Credentials/SecretAccessKey"),
                       answer.find("Credentials/SessionToken"))
        self.ok("sts", "GetCallerIdentity", creds=scoped)
        self.error("sts", "GetAccessKeyInfo", key_info, 403, "AccessDenied", creds=scoped)
        self.ok("sts", "GetAccessKeyInfo", key_info, creds=root_session)


if __name__ == "__main__":
    unittest.main()
