"""Auth modes (DESIGN.md): which access keys are accepted and which signatures are
checked, through every client."""

import unittest

from support import cases
from support.cases import ACCOUNT, INVALID_TOKEN, SIGNATURE_MISMATCH
from support.clients import Creds

UNKNOWN_KEY = Creds("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")


class AuthFixture:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alice, cls.alice_creds = cls.prep_user_with_key("alice")
        cls.role, cls.session, _ = cls.prep_role_session("auth-role", cls.alice_creds)

    def assertRoot(self, identity, account=ACCOUNT):
        self.assertEqual(identity.get("Account"), account, identity)
        self.assertEqual(identity.get("Arn"), f"arn:aws:iam::{account}:root", identity)
        self.assertEqual(identity.get("UserId"), account, identity)

    def test_issued_key_with_wrong_secret(self):
        wrong = self.alice_creds._replace(secret_key="x" * 40)
        self.expect_error("SignatureDoesNotMatch", SIGNATURE_MISMATCH, "sts", "GetCallerIdentity",
                          creds=wrong, prefix=True)

    def test_temporary_key_without_its_session_token(self):
        bare = Creds(self.session.access_key, self.session.secret_key)
        # AWS: "The security token included in the request is invalid" (with or
        # without the final period depending on the branch); the code is what matters.
        self.expect_error("InvalidClientTokenId", INVALID_TOKEN.rstrip("."), "sts", "GetCallerIdentity",
                          creds=bare, prefix=True)

    def test_temporary_key_with_a_forged_session_token(self):
        forged = self.session._replace(session_token=self.session.session_token[:-8] + "AAAAAAAA")
        self.expect_error("InvalidClientTokenId", INVALID_TOKEN.rstrip("."), "sts", "GetCallerIdentity",
                          creds=forged, prefix=True)

    def test_session_works_for_iam_too(self):
        users = self.iam("ListUsers", creds=self.session).get("Users", [])
        self.assertIn("alice", [u["UserName"] for u in users])


class AuthVerifyTests(AuthFixture):
    auth = "verify"
    root_keys = ("test", "test")

    def test_root_key_with_wrong_secret(self):
        self.expect_error("SignatureDoesNotMatch", SIGNATURE_MISMATCH, "sts", "GetCallerIdentity",
                          creds=Creds("test", "wrong"), prefix=True)

    def test_unknown_key(self):
        self.expect_error("InvalidClientTokenId", INVALID_TOKEN, "sts", "GetCallerIdentity",
                          creds=UNKNOWN_KEY)

    def test_unknown_key_on_iam(self):
        self.expect_error("InvalidClientTokenId", INVALID_TOKEN, "iam", "ListUsers", creds=UNKNOWN_KEY)

    def test_a_key_follows_its_user(self):
        # The server remembers long-term keys between requests: a change to the key or to its
        # user shows on the very next request.
        _, creds = self.prep_user_with_key("erin")
        self.assertEqual(self.sts("GetCallerIdentity", creds=creds)["Arn"],
                         f"arn:aws:iam::{ACCOUNT}:user/erin")
        self.iam("UpdateUser", UserName="erin", NewUserName="erin2", NewPath="/team/")
        self.assertEqual(self.sts("GetCallerIdentity", creds=creds)["Arn"],
                         f"arn:aws:iam::{ACCOUNT}:user/team/erin2")
        self.iam("DeleteAccessKey", UserName="erin2", AccessKeyId=creds.access_key)
        self.expect_error("InvalidClientTokenId", INVALID_TOKEN, "sts", "GetCallerIdentity",
                          creds=creds)

    def test_twelve_digit_key_is_unknown(self):
        self.expect_error("InvalidClientTokenId", INVALID_TOKEN, "sts", "GetCallerIdentity",
                          creds=Creds("111111111111", "test"))


class AuthOpenTests(AuthFixture):
    auth = "open"

    def test_unknown_key_is_the_root(self):
        self.assertRoot(self.sts("GetCallerIdentity", creds=UNKNOWN_KEY))

    def test_root_key_with_any_secret(self):
        self.assertRoot(self.sts("GetCallerIdentity", creds=Creds("test", "anything")))

    def test_twelve_digit_key_selects_the_account(self):
        creds = Creds("111111111111", "test")
        self.assertRoot(self.sts("GetCallerIdentity", creds=creds), "111111111111")
        # State is per account: alice lives in 000000000000 only.
        users = self.iam("ListUsers", creds=creds).get("Users", [])
        self.assertNotIn("alice", [u["UserName"] for u in users])


cases.per_client(AuthVerifyTests, globals(), prefix="AuthVerify")
cases.per_client(AuthOpenTests, globals(), prefix="AuthOpen")

if __name__ == "__main__":
    unittest.main()
