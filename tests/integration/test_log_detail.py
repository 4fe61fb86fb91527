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
