"""SAML providers and AssumeRoleWithSAML (issue 3) through every client.

Providers: Create/Get/List/Update/Delete and tags, metadata that must be IdP metadata
(InvalidInput "Could not parse metadata"), ValidUntil from the metadata or 100 years on,
NoSuchEntity "Manifest not found for arn …".
"""

import datetime
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
        if self.driver.kind != "cli":  # AWS CLI v2.9's model predates these three
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


cases.per_client(SamlProviderTests, globals(), prefix="SamlProviders")

if __name__ == "__main__":
    unittest.main()
