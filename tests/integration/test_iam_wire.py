"""The wire shapes of issue 5's IAM actions, without a client library (which would hide
them): inline policy documents come back percent-encoded exactly as sent, UpdateRole has an
empty Result element while UpdateUser has none, and result members come in the model's
order."""

import http.client
import json
import unittest
import xml.etree.ElementTree as ET
from urllib.parse import quote, unquote, urlencode

from support import cases, config, sigv4

NS = "{https://iam.amazonaws.com/doc/2010-05-08/}"
FORM = "application/x-www-form-urlencoded; charset=utf-8"
TRUST = {"Version": "2012-10-17",
         "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                        "Action": "sts:AssumeRole"}]}


class IamWire(cases.ServerCase):
    auth = "open"

    def call(self, action, **params):
        """Sends a signed IAM request; returns (HTTP status, parsed XML root)."""
        body = urlencode(dict(params, Action=action, Version="2010-05-08"), quote_via=quote).encode()
        host = f"{self.server.host}:{self.server.port}"
        headers = sigv4.sign("POST", host, "/", [], {"Content-Type": FORM}, body,
                             self.root.access_key, self.root.secret_key, config.REGION, "iam", None)
        conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=30)
        try:
            conn.request("POST", "/", body=body, headers=headers)
            resp = conn.getresponse()
            return resp.status, ET.fromstring(resp.read())
        finally:
            conn.close()

    def ok(self, action, **params):
        status, root = self.call(action, **params)
        self.assertEqual(status, 200, f"{action}: {ET.tostring(root)[:600]!r}")
        return root

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.prep("iam", "CreateUser", UserName="wire")
        cls.prep("iam", "CreateGroup", GroupName="wire-group")
        cls.prep("iam", "CreateRole", RoleName="wire-role", AssumeRolePolicyDocument=json.dumps(TRUST))

    def test_inline_documents_come_back_percent_encoded(self):
        text = json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/a b"}]}, indent=2)
        for kind, param, name in (("User", "UserName", "wire"), ("Group", "GroupName", "wire-group"),
                                  ("Role", "RoleName", "wire-role")):
            with self.subTest(kind=kind):
                self.ok(f"Put{kind}Policy", **{param: name}, PolicyName="p", PolicyDocument=text)
                root = self.ok(f"Get{kind}Policy", **{param: name}, PolicyName="p")
                result = root.find(f"{NS}Get{kind}PolicyResult")
                self.assertEqual([child.tag for child in result],
                                 [f"{NS}{param}", f"{NS}PolicyName", f"{NS}PolicyDocument"])
                document = result.find(f"{NS}PolicyDocument").text
                self.assertIn("%7B%0A%20%20%22Version%22%3A%20", document)
                self.assertNotIn("+", document, "spaces are %20, never +")
                self.assertEqual(unquote(document), text, "the document comes back exactly as sent")

    def test_update_role_has_an_empty_result_and_update_user_none(self):
        root = self.ok("UpdateRole", RoleName="wire-role", MaxSessionDuration="7200")
        result = root.find(f"{NS}UpdateRoleResult")
        self.assertIsNotNone(result, "UpdateRole answers with an (empty) UpdateRoleResult")
        self.assertEqual(list(result), [])
        root = self.ok("UpdateUser", UserName="wire", NewPath="/w/")
        self.assertEqual([child.tag for child in root], [f"{NS}ResponseMetadata"])

    def test_list_entities_member_order(self):
        root = self.ok("ListEntitiesForPolicy", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
        result = root.find(f"{NS}ListEntitiesForPolicyResult")
        self.assertEqual([child.tag for child in result],
                         [f"{NS}PolicyGroups", f"{NS}PolicyUsers", f"{NS}PolicyRoles",
                          f"{NS}IsTruncated"])

    def test_tags_with_empty_values(self):
        self.ok("TagRole", RoleName="wire-role", **{"Tags.member.1.Key": "empty",
                                                    "Tags.member.1.Value": ""})
        root = self.ok("ListRoleTags", RoleName="wire-role")
        member = root.find(f"{NS}ListRoleTagsResult/{NS}Tags/{NS}member")
        self.assertEqual(member.find(f"{NS}Key").text, "empty")
        self.assertIn(member.find(f"{NS}Value").text, (None, ""))


if __name__ == "__main__":
    unittest.main()
