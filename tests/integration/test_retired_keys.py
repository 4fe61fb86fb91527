"""Keys that no longer exist (issue 16, point 6), through every client and in every auth mode:
an access key that localiam issued and that was deleted (or whose user was deleted, or that a
reset cleared), and an STS session key a reset cleared, get AWS's InvalidClientTokenId, also
after a restart on the same data file; `open` mode still takes any key it never issued for an
account root (a 12-digit key for that account).
"""

import unittest

from support import cases
from support.cases import ACCOUNT, INVALID_TOKEN
from support.clients import Creds

NEVER_ISSUED = Creds("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")


class RetiredKeyTests:
    root_keys = ("test", "test")

    def refused(self, creds):
        for service, op in (("sts", "GetCallerIdentity"), ("iam", "ListUsers")):
            self.expect_error("InvalidClientTokenId", INVALID_TOKEN, service, op, creds=creds)

    def user_with_key(self, name):
        user, creds = self.prep_user_with_key(f"{name}-{self.driver.name}")
        self.assertEqual(self.sts("GetCallerIdentity", creds=creds)["Arn"], user["Arn"])
        return user, creds

    def test_deleted_key_and_deleted_user(self):
        user, creds = self.user_with_key("gone")
        _, other = self.user_with_key("gone-user")
        self.prep("iam", "DeleteAccessKey", UserName=user["UserName"], AccessKeyId=creds.access_key)
        self.refused(creds)
        # A second key works until it goes, with its user.
        second = self.prep("iam", "CreateAccessKey", UserName=user["UserName"])["AccessKey"]
        second = Creds(second["AccessKeyId"], second["SecretAccessKey"])
        self.assertEqual(self.sts("GetCallerIdentity", creds=second)["Arn"], user["Arn"])
        self.prep("iam", "DeleteAccessKey", UserName=user["UserName"], AccessKeyId=second.access_key)
        self.prep("iam", "DeleteUser", UserName=user["UserName"])
        self.refused(second)
        # A new user of the same name gets new keys; the old ones stay refused.
        self.prep("iam", "CreateUser", UserName=user["UserName"])
        self.refused(creds)
        self.prep("iam", "DeleteUser", UserName=user["UserName"])
        # Still refused after a restart on the same data file.
        self.server.restart()
        self.refused(creds)
        self.refused(second)
        self.assertEqual(self.sts("GetCallerIdentity", creds=other)["UserId"][:4], "AIDA")

    def test_reset_retires_issued_keys_and_sessions(self):
        _, creds = self.user_with_key("reset")
        self.prep("iam", "CreateRole", RoleName=f"reset-{self.driver.name}",
                  AssumeRolePolicyDocument=('{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
                                            '"Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}'))
        c = self.prep("sts", "AssumeRole", creds=creds, RoleSessionName="s1",
                      RoleArn=f"arn:aws:iam::{ACCOUNT}:role/reset-{self.driver.name}")["Credentials"]
        session = Creds(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])
        self.sts("GetCallerIdentity", creds=session)
        status, body = self.server.admin("POST", "/_localiam/reset")
        self.assertEqual(status, 200, body)
        self.refused(creds)
        self.expect_error("InvalidClientTokenId", INVALID_TOKEN, "sts", "GetCallerIdentity",
                          creds=session)


class RetiredKeyOpenTests(RetiredKeyTests):
    auth = "open"

    def test_keys_never_issued_are_still_the_root(self):
        _, creds = self.user_with_key("open")
        self.prep("iam", "DeleteAccessKey", UserName=f"open-{self.driver.name}",
                  AccessKeyId=creds.access_key)
        self.refused(creds)
        identity = self.sts("GetCallerIdentity", creds=NEVER_ISSUED)
        self.assertEqual(identity["Arn"], f"arn:aws:iam::{ACCOUNT}:root")
        identity = self.sts("GetCallerIdentity", creds=Creds("111111111111", "test"))
        self.assertEqual(identity["Arn"], "arn:aws:iam::111111111111:root")
        self.assertEqual(self.sts("GetCallerIdentity", creds=Creds("test", "any"))["Arn"],
                         f"arn:aws:iam::{ACCOUNT}:root")


cases.per_client(RetiredKeyOpenTests, globals(), prefix="RetiredKeyOpen")
cases.per_client(RetiredKeyTests, globals(), prefix="RetiredKeyVerify", auth="verify")
cases.per_client(RetiredKeyTests, globals(), prefix="RetiredKeyEnforce", auth="enforce")

if __name__ == "__main__":
    unittest.main()
