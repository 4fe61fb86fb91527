"""OpenID Connect providers (issue 3) through every client: Create/Get/List/Delete, thumbprints,
client IDs and tags, with AWS's validation texts, limits and NoSuchEntity wording, and
localiam's own http issuer accepted as a provider URL.
"""

import unittest

from support import cases
from support.cases import ACCOUNT

THUMB_A = "a" * 40
THUMB_B = "b" * 40


def arn(resource):
    return f"arn:aws:iam::{ACCOUNT}:oidc-provider/{resource}"


def tags(*pairs):
    return [{"Key": k, "Value": v} for k, v in pairs]


class OidcTests:
    def with_thumbprint(self, params):
        """AWS CLI v2.9's model still requires --thumbprint-list (it became optional later)."""
        if self.driver.kind == "cli" and "ThumbprintList" not in params:
            params = dict(params, ThumbprintList=[THUMB_B])
        return params

    def create(self, url, **params):
        return self.iam("CreateOpenIDConnectProvider", **self.with_thumbprint(dict(Url=url, **params)))

    def create_error(self, code, message, params):
        return self.expect_error(code, message, "iam", "CreateOpenIDConnectProvider",
                                 self.with_thumbprint(params))

    def test_create_get_list_delete(self):
        created = self.create("https://oidc-one.example.com", ClientIDList=["sts.amazonaws.com"],
                              ThumbprintList=[THUMB_A])
        self.assertEqual(created["OpenIDConnectProviderArn"], arn("oidc-one.example.com"))
        self.assertNotIn("Tags", created)
        got = self.iam("GetOpenIDConnectProvider", OpenIDConnectProviderArn=arn("oidc-one.example.com"))
        self.assertEqual(got["Url"], "oidc-one.example.com")
        self.assertEqual(got["ClientIDList"], ["sts.amazonaws.com"])
        self.assertEqual(got["ThumbprintList"], [THUMB_A])
        self.assertEqual(got["Tags"], [])
        self.assertIn("CreateDate", got)
        listed = self.iam("ListOpenIDConnectProviders")["OpenIDConnectProviderList"]
        self.assertIn({"Arn": arn("oidc-one.example.com")}, listed)
        self.iam("DeleteOpenIDConnectProvider", OpenIDConnectProviderArn=arn("oidc-one.example.com"))
        self.expect_error("NoSuchEntity",
                          f"OpenIDConnect Provider not found for arn {arn('oidc-one.example.com')}",
                          "iam", "GetOpenIDConnectProvider",
                          {"OpenIDConnectProviderArn": arn("oidc-one.example.com")})
        self.expect_error("NoSuchEntity",
                          f"OpenId connect Provider {arn('oidc-one.example.com')} cannot be found.",
                          "iam", "DeleteOpenIDConnectProvider",
                          {"OpenIDConnectProviderArn": arn("oidc-one.example.com")})

    def test_path_and_no_lists(self):
        created = self.create("https://idp.example.com/tenant/abc")
        self.assertEqual(created["OpenIDConnectProviderArn"], arn("idp.example.com/tenant/abc"))
        got = self.iam("GetOpenIDConnectProvider",
                       OpenIDConnectProviderArn=created["OpenIDConnectProviderArn"])
        self.assertEqual(got["ClientIDList"], [])
        self.assertEqual(got["ThumbprintList"], [] if self.driver.kind != "cli" else [THUMB_B])

    def test_localiam_issuer_may_be_registered(self):
        url = self.server.url.rstrip("/") + "/_localiam/oidc"
        created = self.create(url, ClientIDList=["sts.amazonaws.com"])
        resource = url.split("://", 1)[1]
        self.assertEqual(created["OpenIDConnectProviderArn"], arn(resource))

    def test_duplicate_and_bad_urls(self):
        self.create("https://dup.example.com")
        self.create_error("EntityAlreadyExists", "Provider with url https://dup.example.com already exists.",
                          {"Url": "https://dup.example.com"})
        for bad in ("http://insecure.example.com", "ftp://x.example.com", "https://q.example.com/?a=b",
                    "not a url"):
            self.create_error("ValidationError", "Invalid Open ID Connect Provider URL", {"Url": bad})

    def test_validation_messages(self):
        self.expect_error(
            "ValidationError",
            "3 validation errors detected: Value at 'clientIDList' failed to satisfy constraint: "
            "Member must satisfy constraint: [Member must have length less than or equal to 255, "
            "Member must have length greater than or equal to 1]; Value at 'thumbprintList' failed "
            "to satisfy constraint: Member must satisfy constraint: [Member must have length less "
            "than or equal to 40, Member must have length greater than or equal to 40]; Value at "
            "'url' failed to satisfy constraint: Member must have length less than or equal to 255",
            "iam", "CreateOpenIDConnectProvider",
            {"Url": "https://" + "x" * 250 + ".com", "ClientIDList": ["c" * 256],
             "ThumbprintList": ["t" * 41]})
        self.expect_error("InvalidInput", "Thumbprint list must contain fewer than 5 entries.",
                          "iam", "CreateOpenIDConnectProvider",
                          {"Url": "https://many.example.com", "ThumbprintList": [THUMB_A] * 6})
        self.create_error("LimitExceeded", "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100",
                          {"Url": "https://clients.example.com",
                           "ClientIDList": [f"client-{i}" for i in range(101)]})

    def test_thumbprints_and_client_ids(self):
        provider = self.create("https://edit.example.com", ClientIDList=["a"])["OpenIDConnectProviderArn"]
        self.iam("UpdateOpenIDConnectProviderThumbprint", OpenIDConnectProviderArn=provider,
                 ThumbprintList=[THUMB_A, THUMB_B])
        self.iam("AddClientIDToOpenIDConnectProvider", OpenIDConnectProviderArn=provider, ClientID="b")
        self.iam("AddClientIDToOpenIDConnectProvider", OpenIDConnectProviderArn=provider, ClientID="b")
        self.iam("RemoveClientIDFromOpenIDConnectProvider", OpenIDConnectProviderArn=provider, ClientID="a")
        self.iam("RemoveClientIDFromOpenIDConnectProvider", OpenIDConnectProviderArn=provider,
                 ClientID="never-there")
        got = self.iam("GetOpenIDConnectProvider", OpenIDConnectProviderArn=provider)
        self.assertEqual(got["ThumbprintList"], [THUMB_A, THUMB_B])
        self.assertEqual(got["ClientIDList"], ["b"])
        self.expect_error("InvalidInput", "Thumbprint list must contain fewer than 5 entries.",
                          "iam", "UpdateOpenIDConnectProviderThumbprint",
                          {"OpenIDConnectProviderArn": provider, "ThumbprintList": [THUMB_A] * 6})
        missing = arn("missing.example.com")
        self.expect_error("NoSuchEntity", f"OpenIDConnect Provider not found for arn {missing}",
                          "iam", "AddClientIDToOpenIDConnectProvider",
                          {"OpenIDConnectProviderArn": missing, "ClientID": "x"})

    def test_tags(self):
        provider = self.create("https://tagged.example.com", Tags=tags(("k1", "v1")))
        self.assertEqual(provider["Tags"], tags(("k1", "v1")))
        provider_arn = provider["OpenIDConnectProviderArn"]
        self.iam("TagOpenIDConnectProvider", OpenIDConnectProviderArn=provider_arn,
                 Tags=tags(("k2", "v2"), ("k3", "v3")))
        self.iam("UntagOpenIDConnectProvider", OpenIDConnectProviderArn=provider_arn, TagKeys=["k3"])
        listed = self.iam("ListOpenIDConnectProviderTags", OpenIDConnectProviderArn=provider_arn)
        self.assertEqual(listed["Tags"], tags(("k1", "v1"), ("k2", "v2")))
        self.assertFalse(listed.get("IsTruncated", False))  # the CLI drops it when false
        self.expect_error("LimitExceeded", "The number of tags has reached the maximum limit.",
                          "iam", "TagOpenIDConnectProvider",
                          {"OpenIDConnectProviderArn": provider_arn,
                           "Tags": tags(*[(f"t{i}", "v") for i in range(49)])})
        self.iam("DeleteOpenIDConnectProvider", OpenIDConnectProviderArn=provider_arn)
        self.create("https://tagged.example.com")
        self.assertEqual(self.iam("ListOpenIDConnectProviderTags",
                                  OpenIDConnectProviderArn=provider_arn)["Tags"], [])

    def test_providers_belong_to_their_account(self):
        other = cases.Creds("333333333333", "test")
        self.iam("CreateOpenIDConnectProvider", creds=other,
                 **self.with_thumbprint({"Url": "https://mine.example.com"}))
        theirs = "arn:aws:iam::333333333333:oidc-provider/mine.example.com"
        self.expect_error("NoSuchEntity", f"OpenIDConnect Provider not found for arn {theirs}",
                          "iam", "GetOpenIDConnectProvider", {"OpenIDConnectProviderArn": theirs})
        self.assertNotIn({"Arn": theirs}, self.iam("ListOpenIDConnectProviders")["OpenIDConnectProviderList"])


cases.per_client(OidcTests, globals(), prefix="Oidc")

if __name__ == "__main__":
    unittest.main()
