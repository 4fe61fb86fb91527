"""Credential report through every client: ReportNotPresent before any report, STARTED then
COMPLETE from GenerateCredentialReport, the Base64 CSV with AWS's columns in AWS's order, the
<root_account> row and AWS's N/A / not_supported / no_information values, users' keys,
MFA devices and signing certificates, the four-hour lifetime on the server clock
(ReportExpired, then a new report), and a report per account.
"""

import base64
import csv
import io
import json
import re
import time
import unittest

from support import cases, config
from support.cases import ACCOUNT
from support.clients import Creds
from test_mfa import blob, totp

COLUMNS = [
    "user", "arn", "user_creation_time", "password_enabled", "password_last_used",
    "password_last_changed", "password_next_rotation", "mfa_active",
    "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date",
    "access_key_1_last_used_region", "access_key_1_last_used_service",
    "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date",
    "access_key_2_last_used_region", "access_key_2_last_used_service",
    "cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated",
]
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$")
OTHER_ACCOUNT = Creds("222222222222", "whatever")


class CredentialReportTests:
    def tearDown(self):
        self.clock("DELETE")
        super().tearDown()

    def clock(self, method, body=None):
        status, raw = self.server.admin(method, "/_localiam/clock",
                                        None if body is None else json.dumps(body))
        self.assertEqual(status, 200, raw)

    def report(self, creds=None):
        got = self.iam("GetCredentialReport", creds=creds)
        self.assertEqual(got["ReportFormat"], "text/csv")
        self.assertIn("GeneratedTime", got)
        content = got["Content"]
        # boto3 hands back the decoded bytes; the CLI prints the Base64 text.
        text = content.decode() if isinstance(content, bytes) else base64.b64decode(content).decode()
        rows = list(csv.reader(io.StringIO(text)))
        self.assertEqual(rows[0], COLUMNS)
        for row in rows[1:]:
            self.assertEqual(len(row), len(COLUMNS), row)
        return [dict(zip(COLUMNS, row)) for row in rows[1:]]

    def test_report_lifecycle(self):
        # A fresh account: no report, then a generation task, then complete.
        self.expect_error("ReportNotPresent", None, "iam", "GetCredentialReport",
                          creds=OTHER_ACCOUNT)
        first = self.iam("GenerateCredentialReport", creds=OTHER_ACCOUNT)
        self.assertEqual(first, {"State": "STARTED",
                                 "Description": "No report exists. Starting a new report "
                                                "generation task"})
        self.assertEqual(self.iam("GenerateCredentialReport", creds=OTHER_ACCOUNT),
                         {"State": "COMPLETE"})
        rows = self.report(creds=OTHER_ACCOUNT)
        self.assertEqual([r["user"] for r in rows], ["<root_account>"])
        root = rows[0]
        self.assertEqual(root["arn"], "arn:aws:iam::222222222222:root")
        self.assertRegex(root["user_creation_time"], TIME)
        for column in ["password_enabled", "password_last_changed", "password_next_rotation"]:
            self.assertEqual(root[column], "not_supported", column)
        self.assertEqual(root["password_last_used"], "no_information")
        self.assertEqual(root["mfa_active"], "false")
        # The root's key was used for these very calls.
        self.assertEqual(root["access_key_1_active"], "true")
        self.assertRegex(root["access_key_1_last_used_date"], TIME)
        self.assertEqual(root["access_key_1_last_used_service"], "iam")
        self.assertEqual(root["access_key_1_last_used_region"], config.REGION)
        self.assertEqual(root["cert_1_active"], "false")
        self.assertEqual(root["cert_1_last_rotated"], "N/A")

        # Four hours on, the report has expired; generating makes a new one.
        self.clock("POST", {"advance_seconds": 4 * 3600 + 60})
        self.expect_error("ReportExpired", None, "iam", "GetCredentialReport",
                          creds=OTHER_ACCOUNT)
        self.assertEqual(self.iam("GenerateCredentialReport", creds=OTHER_ACCOUNT)["State"],
                         "STARTED")
        again = self.report(creds=OTHER_ACCOUNT)
        self.assertEqual(again[0]["user_creation_time"], root["user_creation_time"],
                         "the root's creation time stays the same")

    def test_users_keys_and_devices(self):
        self.iam("CreateUser", UserName="carol", Path="/staff/")
        self.iam("CreateUser", UserName="dave")
        k1 = self.iam("CreateAccessKey", UserName="carol")["AccessKey"]
        self.iam("CreateAccessKey", UserName="carol")
        # dave has a virtual MFA device, enabled with two consecutive codes on the server clock.
        # (prepared through boto3: the CLI's create-virtual-mfa-device writes the seed to a file)
        device = self.prep("iam", "CreateVirtualMFADevice", VirtualMFADeviceName="dave-mfa")
        seed = blob(device["VirtualMFADevice"]["Base32StringSeed"]).decode()
        step = int(time.time()) // 30
        self.prep("iam", "EnableMFADevice", UserName="dave",
                  SerialNumber=device["VirtualMFADevice"]["SerialNumber"],
                  AuthenticationCode1=totp(seed, step - 1), AuthenticationCode2=totp(seed, step))
        summary = self.iam("GetAccountSummary")["SummaryMap"]
        self.assertEqual((summary["MFADevices"], summary["MFADevicesInUse"]), (1, 1))
        # A report generated within the last four hours stays as it was.
        self.clock("POST", {"advance_seconds": 5 * 3600})
        generated = self.iam("GenerateCredentialReport")["State"]
        self.assertEqual(generated, "STARTED")
        rows = {r["user"]: r for r in self.report()}
        self.assertEqual(list(rows)[0], "<root_account>")
        carol = rows["carol"]
        self.assertEqual(carol["arn"], f"arn:aws:iam::{ACCOUNT}:user/staff/carol")
        self.assertRegex(carol["user_creation_time"], TIME)
        self.assertEqual([carol[c] for c in ["password_enabled", "password_last_used",
                                              "password_last_changed", "password_next_rotation"]],
                         ["false", "N/A", "N/A", "N/A"])
        self.assertEqual(carol["mfa_active"], "false")
        self.assertEqual(carol["access_key_1_active"], "true")
        self.assertRegex(carol["access_key_1_last_rotated"], TIME)
        self.assertEqual(carol["access_key_2_active"], "true")
        self.assertRegex(carol["access_key_2_last_rotated"], TIME)
        dave = rows["dave"]
        self.assertEqual(dave["mfa_active"], "true")
        self.assertEqual([dave[c] for c in COLUMNS[8:]],
                         ["false", "N/A", "N/A", "N/A", "N/A"] * 2 + ["false", "N/A"] * 2)
        self.iam("CreateUser", UserName="erin")
        self.assertEqual(self.iam("GenerateCredentialReport"), {"State": "COMPLETE"})
        self.assertNotIn("erin", [r["user"] for r in self.report()],
                         "the report is the one generated earlier")
        self.iam("DeleteAccessKey", UserName="carol", AccessKeyId=k1["AccessKeyId"])


cases.per_client(CredentialReportTests, globals(), prefix="CredentialReport")

if __name__ == "__main__":
    unittest.main()
