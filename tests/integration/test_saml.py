"""SAML providers and AssumeRoleWithSAML (issue 3) through every client.

Providers: Create/Get/List/Update/Delete and tags, metadata that must be IdP metadata
(InvalidInput "Could not parse metadata"), ValidUntil from the metadata or 100 years on,
NoSuchEntity "Manifest not found for arn …".

AssumeRoleWithSAML: a SAML response the test IdP signs (support/saml_idp.py) selects the role
through its Role attribute and names the session; in `verify` mode the assertion's signature
must verify against the provider's metadata certificate (tampered, unsigned or foreign-signed
responses are refused); expiry follows the server clock.
"""

import base64
import datetime
import hashlib
import json
import unittest

from support import cases
from support.cases import ACCOUNT

try:
    from support.saml_idp import TestIdp
except ImportError:  # python3-cryptography missing
    TestIdp = None


def provider_arn(name, account=ACCOUNT):
    return f"arn:aws:iam::{account}:saml-provider/{name}"


def tags(*pairs):
    return [{"Key": k, "Value": v} for k, v in pairs]


def year_of(value):
    return datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00")).year


@unittest.skipIf(TestIdp is None, "python3-cryptography is needed to make test certificates")
class SamlProviderTests:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.idp = TestIdp()

    def test_create_get_list_update_delete(self):
        created = self.iam("CreateSAMLProvider", Name="Okta.test_1", SAMLMetadataDocument=self.idp.metadata())
        arn = provider_arn("Okta.test_1")
        self.assertEqual(created["SAMLProviderArn"], arn)
        got = self.iam("GetSAMLProvider", SAMLProviderArn=arn)
        self.assertEqual(got["SAMLMetadataDocument"], self.idp.metadata())
        self.assertEqual(got["Tags"], [])
        # AWS CLI v2.9's and Debian's botocore 1.29's models predate these three.
        if self.driver.kind != "cli" and "SAMLProviderUUID" in got:
            self.assertRegex(got["SAMLProviderUUID"], r"^[A-Z0-9]{22,64}$")
            self.assertEqual(got["AssertionEncryptionMode"], "Allowed")
            self.assertEqual(got["PrivateKeyList"], [])
        created_year = year_of(got["CreateDate"])
        self.assertEqual(year_of(got["ValidUntil"]), created_year + 100)
        listed = self.iam("ListSAMLProviders")["SAMLProviderList"]
        entry = next(p for p in listed if p["Arn"] == arn)
        self.assertEqual(set(entry), {"Arn", "ValidUntil", "CreateDate"})

        updated = self.iam("UpdateSAMLProvider", SAMLProviderArn=arn,
                           SAMLMetadataDocument=self.idp.metadata("2031-05-06T07:08:09Z"))
        self.assertEqual(updated["SAMLProviderArn"], arn)
        got = self.iam("GetSAMLProvider", SAMLProviderArn=arn)
        self.assertTrue(str(got["ValidUntil"]).startswith("2031-05-06"), got["ValidUntil"])

        self.iam("DeleteSAMLProvider", SAMLProviderArn=arn)
        for op in ("GetSAMLProvider", "DeleteSAMLProvider", "ListSAMLProviderTags"):
            self.expect_error("NoSuchEntity", f"Manifest not found for arn {arn}",
                              "iam", op, {"SAMLProviderArn": arn})

    def test_bad_metadata_and_names(self):
        not_idp = "<md:EntityDescriptor xmlns:md='urn:oasis:names:tc:SAML:2.0:metadata' entityID='x'>" + \
                  " " * 1000 + "</md:EntityDescriptor>"
        for bad in ("x" * 1000, not_idp, self.idp.metadata().replace("<md:KeyDescriptor", "<md:KeyDescriptor<")):
            self.expect_error("InvalidInput", "Could not parse metadata", "iam", "CreateSAMLProvider",
                              {"Name": "bad", "SAMLMetadataDocument": bad})
        self.expect_error("ValidationError",
                          "1 validation error detected: Value at 'name' failed to satisfy constraint: "
                          "Member must satisfy regular expression pattern: [\\w._-]+",
                          "iam", "CreateSAMLProvider",
                          {"Name": "no spaces", "SAMLMetadataDocument": self.idp.metadata()})
        self.iam("CreateSAMLProvider", Name="twice", SAMLMetadataDocument=self.idp.metadata())
        self.expect_error("EntityAlreadyExists", "Provider with name twice already exists.",
                          "iam", "CreateSAMLProvider",
                          {"Name": "twice", "SAMLMetadataDocument": self.idp.metadata()})

    def test_tags(self):
        created = self.iam("CreateSAMLProvider", Name="tagged", SAMLMetadataDocument=self.idp.metadata(),
                           Tags=tags(("team", "blue")))
        self.assertEqual(created["Tags"], tags(("team", "blue")))
        arn = created["SAMLProviderArn"]
        self.iam("TagSAMLProvider", SAMLProviderArn=arn, Tags=tags(("env", "dev"), ("x", "1")))
        self.iam("UntagSAMLProvider", SAMLProviderArn=arn, TagKeys=["x"])
        listed = self.iam("ListSAMLProviderTags", SAMLProviderArn=arn)
        self.assertEqual(listed["Tags"], tags(("env", "dev"), ("team", "blue")))
        self.assertEqual(self.iam("GetSAMLProvider", SAMLProviderArn=arn)["Tags"],
                         tags(("env", "dev"), ("team", "blue")))

    def test_providers_belong_to_their_account(self):
        other = cases.Creds("444444444444", "test")
        self.iam("CreateSAMLProvider", creds=other, Name="theirs", SAMLMetadataDocument=self.idp.metadata())
        theirs = provider_arn("theirs", "444444444444")
        self.expect_error("NoSuchEntity", f"Manifest not found for arn {theirs}",
                          "iam", "GetSAMLProvider", {"SAMLProviderArn": theirs})


SIGNATURE_INVALID = ("Response signature invalid (Service: AWSOpenIdDiscoveryService; Status Code: 400; "
                     "Error Code: AuthSamlInvalidSignatureException; Request ID: ")
SAML_TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Federated": provider_arn("corp-idp")},
    "Action": "sts:AssumeRoleWithSAML",
    "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}}]})


@unittest.skipIf(TestIdp is None, "python3-cryptography is needed to make test certificates")
class AssumeRoleWithSamlTests:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.idp = TestIdp()
        cls.prep("iam", "CreateSAMLProvider", Name="corp-idp", SAMLMetadataDocument=cls.idp.metadata())
        cls.role = cls.prep("iam", "CreateRole", RoleName="saml-role",
                            AssumeRolePolicyDocument=SAML_TRUST)["Role"]
        cls.pair = f"{cls.role['Arn']},{provider_arn('corp-idp')}"

    def tearDown(self):
        self.server.admin("DELETE", "/_localiam/clock")
        super().tearDown()

    def assume(self, assertion, role_arn=None, principal=None):
        return self.sts("AssumeRoleWithSAML", RoleArn=role_arn or self.role["Arn"],
                        PrincipalArn=principal or provider_arn("corp-idp"), SAMLAssertion=assertion)

    def assume_error(self, code, message, assertion, prefix=False, role_arn=None, principal=None):
        return self.expect_error(code, message, "sts", "AssumeRoleWithSAML",
                                 {"RoleArn": role_arn or self.role["Arn"],
                                  "PrincipalArn": principal or provider_arn("corp-idp"),
                                  "SAMLAssertion": assertion}, prefix=prefix)


class SignedSamlTests(AssumeRoleWithSamlTests):
    def test_signed_assertion_gives_credentials(self):
        result = self.assume(self.idp.response([self.pair], "alice.saml"))
        self.assertEqual(result["AssumedRoleUser"]["Arn"],
                         f"arn:aws:sts::{ACCOUNT}:assumed-role/saml-role/alice.saml")
        self.assertEqual(result["Subject"], "alice@example.com")
        self.assertEqual(result["SubjectType"], "persistent")
        self.assertEqual(result["Issuer"], self.idp.entity_id)
        self.assertEqual(result["Audience"], "https://signin.aws.amazon.com/saml")
        qualifier = base64.b64encode(hashlib.sha1(
            f"{self.idp.entity_id}{ACCOUNT}/corp-idp".encode()).digest()).decode()
        self.assertEqual(result["NameQualifier"], qualifier)
        c = result["Credentials"]
        identity = self.sts("GetCallerIdentity", creds=cases.Creds(c["AccessKeyId"], c["SecretAccessKey"],
                                                                  c["SessionToken"]))
        self.assertEqual(identity["Arn"], f"arn:aws:sts::{ACCOUNT}:assumed-role/saml-role/alice.saml")
        # The role pair may also be written provider first.
        reversed_pair = f"{provider_arn('corp-idp')},{self.role['Arn']}"
        self.assertIn("Credentials", self.assume(self.idp.response([reversed_pair], "bob")))

    def test_signature_is_checked(self):
        self.assume_error("InvalidIdentityToken", SIGNATURE_INVALID,
                          self.idp.response([self.pair], "alice", tamper=True), prefix=True)
        self.assume_error("InvalidIdentityToken", SIGNATURE_INVALID,
                          self.idp.response([self.pair], "alice", sign=False), prefix=True)
        self.assume_error("InvalidIdentityToken", SIGNATURE_INVALID,
                          self.idp.response([self.pair], "alice", signer=TestIdp()), prefix=True)

    def test_expiry_role_and_provider(self):
        assertion = self.idp.response([self.pair], "late", lifetime=60)
        self.server.admin("POST", "/_localiam/clock", json.dumps({"advance_seconds": 61}))
        self.assume_error("ExpiredTokenException", "Token expired: current date/time ", assertion, prefix=True)
        self.server.admin("DELETE", "/_localiam/clock")
        other_role = f"arn:aws:iam::{ACCOUNT}:role/not-in-assertion"
        self.assume_error("AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML",
                          self.idp.response([self.pair], "x"), role_arn=other_role)
        self.assume_error("InvalidIdentityToken", "Specified provider doesn't exist (Service: ",
                          self.idp.response([self.pair], "x"), prefix=True,
                          principal=provider_arn("no-such-idp"))
        self.assume_error("InvalidIdentityToken", "Audience restriction not met (Service: ",
                          self.idp.response([self.pair], "x", audience="https://elsewhere.example.com"),
                          prefix=True)


class OpenSamlTests(AssumeRoleWithSamlTests):
    def test_open_mode_does_not_check_signatures(self):
        result = self.assume(self.idp.response([self.pair], "unsigned", sign=False))
        self.assertEqual(result["AssumedRoleUser"]["Arn"],
                         f"arn:aws:sts::{ACCOUNT}:assumed-role/saml-role/unsigned")


cases.per_client(SamlProviderTests, globals(), prefix="SamlProviders")
cases.per_client(SignedSamlTests, globals(), prefix="SamlVerify", auth="verify")
cases.per_client(OpenSamlTests, globals(), prefix="SamlOpen")

if __name__ == "__main__":
    unittest.main()
