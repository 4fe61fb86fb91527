"""Operations that need AWS Organizations, through every client, answered as AWS answers an
account that is not in an organization: the centralized root access operations fail with
OrganizationNotFoundException, an Organizations access report job reports FAILED with the
reason; and the delegation-request operations, which only onboarded partners can use: creating
is refused, listing finds nothing, every request id is unknown, GetHumanReadableSummary
supports delegation requests only.
"""

import unittest
import uuid

from support import cases
from support.cases import ACCOUNT
from support.clients import ClientFailure

NO_ORG = "The request was rejected because no organization is associated with your account."
ROOT_ACCESS_OPS = ["ListOrganizationsFeatures", "EnableOrganizationsRootCredentialsManagement",
                   "DisableOrganizationsRootCredentialsManagement",
                   "EnableOrganizationsRootSessions", "DisableOrganizationsRootSessions"]
REQUEST_ID = "dr-0123456789abcdef"


class NewOperations:
    """The installed AWS CLI may predate these operations: its tests then skip."""

    def expect(self, code, message, op, params=None):
        try:
            return self.expect_error(code, message, "iam", op, params)
        except ClientFailure as e:
            if self.driver.kind == "cli" and "Invalid choice" in str(e):
                self.skipTest(f"{self.driver.version} has no `aws iam` command for {op}")
            raise

    def run_op(self, op, **params):
        try:
            return self.iam(op, **params)
        except ClientFailure as e:
            if self.driver.kind == "cli" and "Invalid choice" in str(e):
                self.skipTest(f"{self.driver.version} has no `aws iam` command for {op}")
            raise


class OrganizationsTests(NewOperations):
    def test_root_access_features_need_an_organization(self):
        for op in ROOT_ACCESS_OPS:
            self.expect("OrganizationNotFoundException", NO_ORG, op)

    def test_organizations_access_report_fails(self):
        job = self.run_op("GenerateOrganizationsAccessReport",
                       EntityPath="o-a1b2c3d4e5/r-f6g7h8i9")["JobId"]
        self.assertEqual(len(job), 36)
        report = self.iam("GetOrganizationsAccessReport", JobId=job)
        self.assertEqual(report["JobStatus"], "FAILED")
        self.assertIn("JobCreationDate", report)
        self.assertEqual(report["ErrorDetails"],
                         {"Message": "Your account is not a member of an organization.",
                          "Code": "AWSOrganizationsNotInUseException"})
        # The job is not a service-last-accessed job, and unknown jobs are not found.
        self.expect("NoSuchEntity", None, "GetServiceLastAccessedDetails",
                          {"JobId": job})
        self.expect("NoSuchEntity", None, "GetOrganizationsAccessReport",
                          {"JobId": str(uuid.uuid4())})

    def test_entity_path_pattern(self):
        self.expect("ValidationError",
                          "1 validation error detected: Value at 'entityPath' failed to satisfy "
                          "constraint: Member must satisfy regular expression pattern: "
                          "^o-[0-9a-z]{10,32}\\/r-[0-9a-z]{4,32}[0-9a-z-\\/]*",
                          "GenerateOrganizationsAccessReport",
                          {"EntityPath": "not-an-organization-path"})


class DelegationTests(NewOperations):
    def test_create_is_refused(self):
        if self.driver.kind == "cli":
            self.skipTest("the CLI cannot pass this structure on the command line in every version")
        self.expect("AccessDenied", None, "CreateDelegationRequest",
                          {"Description": "read my buckets",
                           "Permissions": {"PolicyTemplateArn":
                                           "arn:aws:iam::aws:delegation-template/example"},
                           "RequestorWorkflowId": "workflow-1",
                           "NotificationChannel": "arn:aws:sns:us-east-1:123456789012:topic",
                           "SessionDuration": 3600})

    def test_no_request_exists(self):
        listed = self.run_op("ListDelegationRequests")
        self.assertEqual(listed.get("DelegationRequests", []), [])
        for op in ["GetDelegationRequest", "AcceptDelegationRequest",
                   "AssociateDelegationRequest", "RejectDelegationRequest",
                   "UpdateDelegationRequest", "SendDelegationToken"]:
            self.expect("NoSuchEntity", f"Delegation request {REQUEST_ID} does not exist.",
                              op, {"DelegationRequestId": REQUEST_ID})

    def test_human_readable_summary(self):
        self.expect("NoSuchEntity", f"Delegation request {REQUEST_ID} does not exist.",
                          "GetHumanReadableSummary",
                          {"EntityArn": f"arn:aws:iam::{ACCOUNT}:delegation-request/{REQUEST_ID}"})
        user_arn = f"arn:aws:iam::{ACCOUNT}:user/alice"
        self.expect("InvalidInput",
                          f"The entity type of {user_arn} is not supported. The only supported "
                          "entity type is delegation-request.",
                          "GetHumanReadableSummary", {"EntityArn": user_arn})


cases.per_client(OrganizationsTests, globals(), prefix="Organizations")
cases.per_client(DelegationTests, globals(), prefix="Delegation")

if __name__ == "__main__":
    unittest.main()
