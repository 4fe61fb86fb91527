"""Service-linked roles through every client: CreateServiceLinkedRole (AWS's role name, path,
trust policy and managed policy per service; CustomSuffix only where the service takes one; the
duplicate-name error), the protection of such roles (UnmodifiableEntity on DeleteRole, policy and
trust changes), DeleteServiceLinkedRole and GetServiceLinkedRoleDeletionStatus.
"""

import unittest

from support import cases, config
from support.clients import File

TRUST = File(config.fixture("assume-policy.json"))
PROTECTED = ("Cannot perform the operation on the protected role '{}' - this role is only "
             "modifiable by AWS")


class ServiceLinkedRoleTests:
    def test_create_known_service(self):
        role = self.iam("CreateServiceLinkedRole",
                        AWSServiceName="elasticloadbalancing.amazonaws.com")["Role"]
        self.assertEqual(role["RoleName"], "AWSServiceRoleForElasticLoadBalancing")
        self.assertEqual(role["Path"], "/aws-service-role/elasticloadbalancing.amazonaws.com/")
        self.assertEqual(role["Arn"], f"arn:aws:iam::{config.ACCOUNT}:role/aws-service-role/"
                                      "elasticloadbalancing.amazonaws.com/"
                                      "AWSServiceRoleForElasticLoadBalancing")
        self.assertId(role["RoleId"], "AROA")
        # As recorded from AWS: plain strings, and no description unless one is given.
        self.assertEqual(role["AssumeRolePolicyDocument"], {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow",
                           "Principal": {"Service": "elasticloadbalancing.amazonaws.com"},
                           "Action": "sts:AssumeRole"}]})
        self.assertNotIn("Description", role)
        attached = self.iam("ListAttachedRolePolicies",
                            RoleName="AWSServiceRoleForElasticLoadBalancing")["AttachedPolicies"]
        self.assertEqual(attached, [{
            "PolicyName": "AWSElasticLoadBalancingServiceRolePolicy",
            "PolicyArn": "arn:aws:iam::aws:policy/aws-service-role/"
                         "AWSElasticLoadBalancingServiceRolePolicy"}])
        got = self.iam("GetRole", RoleName="AWSServiceRoleForElasticLoadBalancing")["Role"]
        self.assertEqual(got["RoleId"], role["RoleId"])
        self.expect_error("InvalidInput",
                          "Service role name AWSServiceRoleForElasticLoadBalancing has been taken "
                          "in this account, please try a different suffix.",
                          "iam", "CreateServiceLinkedRole",
                          {"AWSServiceName": "elasticloadbalancing.amazonaws.com"})

    def test_custom_suffix(self):
        role = self.iam("CreateServiceLinkedRole", AWSServiceName="autoscaling.amazonaws.com",
                        CustomSuffix="ci-1", Description="for tests")["Role"]
        self.assertEqual(role["RoleName"], "AWSServiceRoleForAutoScaling_ci-1")
        self.assertEqual(role["Description"], "for tests")
        self.expect_error("InvalidInput", "Custom suffix is not allowed for rds.amazonaws.com",
                          "iam", "CreateServiceLinkedRole",
                          {"AWSServiceName": "rds.amazonaws.com", "CustomSuffix": "x"})

    def test_protected_from_changes(self):
        name = self.iam("CreateServiceLinkedRole",
                        AWSServiceName="elasticache.amazonaws.com")["Role"]["RoleName"]
        message = PROTECTED.format(name)
        policy = "arn:aws:iam::aws:policy/ReadOnlyAccess"
        for action, params in (
                ("DeleteRole", {"RoleName": name}),
                ("AttachRolePolicy", {"RoleName": name, "PolicyArn": policy}),
                ("PutRolePolicy", {"RoleName": name, "PolicyName": "p",
                                   "PolicyDocument": File(config.fixture("policy.json"))}),
                ("UpdateAssumeRolePolicy", {"RoleName": name, "PolicyDocument": TRUST}),
                ("PutRolePermissionsBoundary", {"RoleName": name, "PermissionsBoundary": policy})):
            self.expect_error("UnmodifiableEntity", message, "iam", action, params)
        # Reading is allowed, and so is a new description.
        self.assertEqual(len(self.iam("ListAttachedRolePolicies",
                                      RoleName=name)["AttachedPolicies"]), 1)
        updated = self.iam("UpdateRoleDescription", RoleName=name, Description="mine")["Role"]
        self.assertEqual(updated["Description"], "mine")

    def test_delete_and_status(self):
        name = self.iam("CreateServiceLinkedRole",
                        AWSServiceName="guardduty.amazonaws.com")["Role"]["RoleName"]
        task = self.iam("DeleteServiceLinkedRole", RoleName=name)["DeletionTaskId"]
        self.assertRegex(task, r"^task/aws-service-role/guardduty\.amazonaws\.com/"
                               r"AWSServiceRoleForAmazonGuardDuty/[0-9a-f-]{36}$")
        self.assertEqual(self.iam("GetServiceLinkedRoleDeletionStatus",
                                  DeletionTaskId=task)["Status"], "SUCCEEDED")
        self.expect_error("NoSuchEntity", f"The role with name {name} cannot be found.", "iam",
                          "GetRole", {"RoleName": name})
        # The service can link a new role once the old one is gone.
        self.iam("CreateServiceLinkedRole", AWSServiceName="guardduty.amazonaws.com")

        self.iam("CreateRole", RoleName="ordinary", AssumeRolePolicyDocument=TRUST)
        self.expect_error("InvalidInput", "Role ordinary is not a service-linked role.", "iam",
                          "DeleteServiceLinkedRole", {"RoleName": "ordinary"})
        self.expect_error("NoSuchEntity", "The role with name nope cannot be found.", "iam",
                          "DeleteServiceLinkedRole", {"RoleName": "nope"})
        unknown = "task/aws-service-role/guardduty.amazonaws.com/x/" + "0" * 36
        self.expect_error("NoSuchEntity", f"Deletion task {unknown} does not exist.", "iam",
                          "GetServiceLinkedRoleDeletionStatus", {"DeletionTaskId": unknown})

    def test_names_per_service(self):
        # Role names AWS gives (recorded from AWS, or from each service's documentation),
        # including services whose principal has several labels.
        for service, name, suffix_allowed in (
                ("custom-resource.application-autoscaling.amazonaws.com",
                 "AWSServiceRoleForApplicationAutoScaling_CustomResource", False),
                ("accountdiscovery.ssm.amazonaws.com",
                 "AWSServiceRoleForAmazonSSM_AccountDiscovery", False),
                ("ops.apigateway.amazonaws.com", "AWSServiceRoleForAPIGateway", False),
                ("lexv2.amazonaws.com", "AWSServiceRoleForLexV2Bots", True),
                ("connect.amazonaws.com", "AWSServiceRoleForAmazonConnect", True),
                ("elasticmapreduce.amazonaws.com", "AWSServiceRoleForEMRCleanup", False),
                ("replicator.lambda.amazonaws.com", "AWSServiceRoleForLambdaReplicator", False)):
            with self.subTest(service=service):
                if suffix_allowed:
                    role = self.iam("CreateServiceLinkedRole", AWSServiceName=service,
                                    CustomSuffix="t1")["Role"]
                    self.assertEqual(role["RoleName"], name + "_t1")
                else:
                    self.expect_error("InvalidInput", f"Custom suffix is not allowed for {service}",
                                      "iam", "CreateServiceLinkedRole",
                                      {"AWSServiceName": service, "CustomSuffix": "t1"})
                    role = self.iam("CreateServiceLinkedRole", AWSServiceName=service)["Role"]
                    self.assertEqual(role["RoleName"], name)
                self.assertEqual(role["Path"], f"/aws-service-role/{service}/")
                self.iam("DeleteServiceLinkedRole", RoleName=role["RoleName"])

    def test_service_missing_from_the_table(self):
        role = self.iam("CreateServiceLinkedRole",
                        AWSServiceName="backup-gateway.amazonaws.com")["Role"]
        self.assertEqual(role["RoleName"], "AWSServiceRoleForBackupGateway")
        self.assertEqual(role["Path"], "/aws-service-role/backup-gateway.amazonaws.com/")


cases.per_client(ServiceLinkedRoleTests, globals(), prefix="IamServiceLinkedRoles")

if __name__ == "__main__":
    unittest.main()
