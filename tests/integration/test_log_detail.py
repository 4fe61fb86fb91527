"""What the log says about each request, from the real binary driven by boto3: in enforce
mode every authorised request's access-log line carries an `authorization` field naming the
deciding policy and statement, by its Sid when it has one (allowed and denied alike); at
--log-level debug each request's parameters are logged with secret values replaced by their
length."""

import json
import unittest

from support import cases, clients
from support.clients import AwsError, Creds

POLICY = {"Version": "2012-10-17", "Statement": [
    {"Sid": "ReadUsers", "Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"},
    {"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"},
    {"Sid": "NoCreate", "Effect": "Deny", "Action": "iam:CreateUser", "Resource": "*"}]}


def access_lines(log):
    lines = []
    for line in log.splitlines():
        if line.startswith("{"):
            lines.append(json.loads(line))
    return lines


class AuthorizationFieldTests(cases.ServerCase):
    auth = "enforce"
    extra_args = ("--log-level", "debug")

    def test_allowed_and_denied_name_the_statement(self):
        fast = clients.fast()
        self.prep("iam", "CreateUser", UserName="dana")
        self.prep("iam", "PutUserPolicy", UserName="dana", PolicyName="team",
                  PolicyDocument=json.dumps(POLICY))
        key = self.prep("iam", "CreateAccessKey", UserName="dana")["AccessKey"]
        dana = Creds(key["AccessKeyId"], key["SecretAccessKey"])
        fast.call(self.server.url, dana, "iam", "ListUsers")
        fast.call(self.server.url, dana, "iam", "GetUser", {"UserName": "dana"})
        with self.assertRaises(AwsError):
            fast.call(self.server.url, dana, "iam", "CreateUser", {"UserName": "eve"})
        log = self.server._new_log()
        by_action = {l["action"]: l for l in access_lines(log) if l["access_key_id"] == key["AccessKeyId"]}
        self.assertEqual(by_action["ListUsers"]["authorization"], 'allowed (team statement "ReadUsers")')
        self.assertEqual(by_action["GetUser"]["authorization"], "allowed (team statement 2)")
        self.assertTrue(by_action["CreateUser"]["authorization"].startswith("explicitDeny: "))
        self.assertTrue(by_action["CreateUser"]["authorization"].endswith('(team statement "NoCreate")'))
        # Root's requests are never denied and say so.
        self.assertEqual([l["authorization"] for l in access_lines(log)
                          if l["action"] == "PutUserPolicy"], ["root"])

    def test_web_identity_decisions_carry_the_trust_policy(self):
        fast = clients.fast()
        issuer = self.server.url + "/_localiam/oidc"
        resource = issuer.split("://", 1)[1]
        provider = self.prep("iam", "CreateOpenIDConnectProvider", Url=issuer,
                             ClientIDList=["sts.amazonaws.com"],
                             ThumbprintList=["0" * 40])["OpenIDConnectProviderArn"]
        role = self.prep("iam", "CreateRole", RoleName="ci", AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"Federated": provider},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {"StringEquals": {f"{resource}:sub": "repo:octo/app"}}}]}))["Role"]
        tokens = {}
        for sub in ("repo:octo/app", "repo:someone/else"):
            _, raw = self.server.admin("POST", "/_localiam/oidc/token",
                                       json.dumps({"sub": sub, "aud": "sts.amazonaws.com"}))
            tokens[sub] = json.loads(raw)["token"]
        params = {"RoleArn": role["Arn"], "RoleSessionName": "ci"}
        fast.call(self.server.url, cases.ROOT, "sts", "AssumeRoleWithWebIdentity",
                  dict(params, WebIdentityToken=tokens["repo:octo/app"]))
        with self.assertRaises(AwsError):
            fast.call(self.server.url, cases.ROOT, "sts", "AssumeRoleWithWebIdentity",
                      dict(params, WebIdentityToken=tokens["repo:someone/else"]))
        lines = [l for l in access_lines(self.server._new_log())
                 if l["action"] == "AssumeRoleWithWebIdentity"]
        self.assertEqual([l["status"] for l in lines], [200, 403])
        self.assertEqual(lines[0]["authorization"], "allowed (AssumeRolePolicyDocument)")
        self.assertTrue(lines[1]["authorization"].startswith("implicitDeny: "), lines[1])
        self.assertTrue(lines[1]["authorization"].endswith("(AssumeRolePolicyDocument)"), lines[1])

    def test_debug_logs_parameters_without_secrets(self):
        fast = clients.fast()
        self.prep("iam", "CreateUser", UserName="pat")
        self.prep("iam", "CreateLoginProfile", UserName="pat", Password="Sup3r-secret-pw!")
        log = self.server._new_log()
        self.assertIn("Action=CreateLoginProfile", log)
        self.assertIn("UserName=pat", log)
        self.assertIn("Password=(secret, 16 characters)", log)
        self.assertNotIn("Sup3r-secret-pw!", log)
        self.assertIn("debug: settings: host 127.0.0.1", log)


if __name__ == "__main__":
    unittest.main()
