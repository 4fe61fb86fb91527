"""AWS's default per-account IAM quotas enforced with LimitExceeded and AWS's message: the
account fills up to GetAccountSummary's GroupsQuota (300) and the next CreateGroup is refused,
leaving nothing behind; after one delete, a create succeeds again.
"""

import unittest

from support import cases


class QuotaTests:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        quota = cls.prep("iam", "GetAccountSummary")["SummaryMap"]["GroupsQuota"]
        cls.quota = quota
        for i in range(quota):
            cls.prep("iam", "CreateGroup", GroupName=f"g{i:04d}")

    def test_groups_per_account(self):
        self.assertEqual(self.quota, 300)
        self.expect_error("LimitExceeded", "Cannot exceed quota for GroupsPerAccount: 300",
                          "iam", "CreateGroup", {"GroupName": "one-too-many"})
        self.expect_error("NoSuchEntity", "The group with name one-too-many cannot be found.",
                          "iam", "GetGroup", {"GroupName": "one-too-many"})
        summary = self.iam("GetAccountSummary")["SummaryMap"]
        self.assertEqual(summary["Groups"], 300)
        self.iam("DeleteGroup", GroupName="g0000")
        self.assertEqual(self.iam("CreateGroup", GroupName="fits")["Group"]["GroupName"], "fits")
        self.iam("DeleteGroup", GroupName="fits")
        self.iam("CreateGroup", GroupName="g0000")


cases.per_client(QuotaTests, globals(), prefix="IamQuotas")

if __name__ == "__main__":
    unittest.main()
