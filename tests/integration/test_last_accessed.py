"""Service last accessed data through every client: reports for users, groups, roles and
managed policies list the services their permission policies allow (wildcards and NotAction
included) with the last IAM/STS call localiam served for the identities concerned, action-level
details for IAM, WithEntities listing who accessed a service, ListPoliciesGrantingServiceAccess
naming the inline and managed policies that grant each namespace, paging, and the errors.
"""

import json
import unittest
import uuid

from support import cases, config, paging
from support.cases import ACCOUNT
from support.clients import Creds, File

TRUST = File(config.fixture("assume-policy.json"))


def doc(*actions, effect="Allow", key="Action"):
    return json.dumps({"Version": "2012-10-17",
                       "Statement": [{"Effect": effect, key: list(actions), "Resource": "*"}]})


def arn(kind, name):
    return f"arn:aws:iam::{ACCOUNT}:{kind}/{name}"


class LastAccessedTests:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        p = cls.prep
        p("iam", "CreateGroup", GroupName="readers")
        p("iam", "PutGroupPolicy", GroupName="readers", PolicyName="read-iam",
          PolicyDocument=doc("iam:List*"))
        p("iam", "CreatePolicy", PolicyName="S3AndSts", PolicyDocument=doc("s3:*", "sts:Get*"))
        p("iam", "AttachGroupPolicy", GroupName="readers", PolicyArn=arn("policy", "S3AndSts"))
        _, cls.alice = cls.prep_user_with_key("alice", group="readers")
        _, cls.bob = cls.prep_user_with_key("bob", group="readers")
        p("iam", "PutUserPolicy", UserName="alice", PolicyName="own",
          PolicyDocument=doc("iam:GetUser", "ec2:Describe*"))
        p("iam", "CreateUser", UserName="everything")
        p("iam", "PutUserPolicy", UserName="everything", PolicyName="all", PolicyDocument=doc("*"))
        p("iam", "CreateUser", UserName="not-action")
        p("iam", "PutUserPolicy", UserName="not-action", PolicyName="all-but-iam",
          PolicyDocument=doc("iam:*", key="NotAction"))
        # What the identities do: alice calls IAM and STS from eu-west-1, bob only STS.
        cls.prep("iam", "GetUser", creds=cls.alice)
        cls.prep("iam", "ListGroups", creds=cls.alice)
        cls.prep("sts", "GetCallerIdentity", creds=cls.alice)
        cls.prep("sts", "GetCallerIdentity", creds=cls.bob)
        role, session, _ = cls.prep_role_session("worker", cls.root)
        cls.prep("iam", "AttachRolePolicy", RoleName="worker", PolicyArn=arn("policy", "S3AndSts"))
        cls.prep("sts", "GetCallerIdentity", creds=session)

    def report(self, entity_arn, **params):
        job = self.iam("GenerateServiceLastAccessedDetails", Arn=entity_arn, **params)["JobId"]
        self.assertEqual(len(job), 36)
        got = self.iam("GetServiceLastAccessedDetails", JobId=job, MaxItems=1000)
        self.assertEqual(got["JobStatus"], "COMPLETED")
        self.assertIn("JobCreationDate", got)
        self.assertIn("JobCompletionDate", got)
        return job, {s["ServiceNamespace"]: s for s in got["ServicesLastAccessed"]}

    def test_user_report(self):
        _, services = self.report(arn("user", "alice"))
        # Its own policy and its group's: ec2, iam, s3, sts, listed by namespace.
        self.assertEqual(list(services), ["ec2", "iam", "s3", "sts"])
        self.assertEqual(services["iam"]["ServiceName"], "AWS Identity and Access Management")
        self.assertEqual(services["iam"]["LastAuthenticatedEntity"], arn("user", "alice"))
        self.assertEqual(services["iam"]["TotalAuthenticatedEntities"], 1)
        self.assertIn("LastAuthenticated", services["sts"])
        self.assertEqual(services["sts"]["LastAuthenticatedRegion"], config.REGION)
        for never in ["ec2", "s3"]:
            self.assertNotIn("LastAuthenticated", services[never])
            self.assertEqual(services[never]["TotalAuthenticatedEntities"], 0)

    def test_action_level(self):
        _, services = self.report(arn("user", "alice"), Granularity="ACTION_LEVEL")
        actions = {a["ActionName"]: a for a in services["iam"]["TrackedActionsLastAccessed"]}
        self.assertEqual(sorted(actions), ["GetUser", "ListGroups"])
        self.assertEqual(actions["GetUser"]["LastAccessedEntity"], arn("user", "alice"))

    def test_group_report_and_entities(self):
        job, services = self.report(arn("group", "readers"))
        self.assertEqual(list(services), ["iam", "s3", "sts"])
        self.assertEqual(services["sts"]["TotalAuthenticatedEntities"], 2)
        self.assertEqual(services["iam"]["TotalAuthenticatedEntities"], 1)
        entities = self.iam("GetServiceLastAccessedDetailsWithEntities", JobId=job,
                            ServiceNamespace="iam")["EntityDetailsList"]
        self.assertEqual([e["EntityInfo"]["Name"] for e in entities], ["alice", "bob"])
        self.assertIn("LastAuthenticated", entities[0])
        self.assertNotIn("LastAuthenticated", entities[1])
        self.assertEqual(entities[0]["EntityInfo"]["Type"], "USER")
        self.assertTrue(entities[0]["EntityInfo"]["Id"].startswith("AIDA"))

    def test_policy_and_role_reports(self):
        job, services = self.report(arn("policy", "S3AndSts"))
        self.assertEqual(list(services), ["s3", "sts"])
        # alice, bob (through the group) and the role's session all called STS.
        self.assertEqual(services["sts"]["TotalAuthenticatedEntities"], 3)
        entities = self.iam("GetServiceLastAccessedDetailsWithEntities", JobId=job,
                            ServiceNamespace="sts")["EntityDetailsList"]
        self.assertEqual(sorted(e["EntityInfo"]["Type"] for e in entities),
                         ["ROLE", "USER", "USER"])
        _, role = self.report(arn("role", "worker"))
        self.assertEqual(role["sts"]["LastAuthenticatedEntity"], arn("role", "worker"))

    def test_wildcards_and_paging(self):
        job, services = self.report(arn("user", "everything"))
        self.assertGreater(len(services), 300)
        self.assertIn("iam", services)
        paged = paging.collect(self, "GetServiceLastAccessedDetails", "ServicesLastAccessed", 100,
                               JobId=job)
        self.assertEqual([s["ServiceNamespace"] for s in paged], list(services))
        _, but_iam = self.report(arn("user", "not-action"))
        self.assertNotIn("iam", but_iam)
        self.assertIn("s3", but_iam)

    def test_policies_granting_service_access(self):
        got = self.iam("ListPoliciesGrantingServiceAccess", Arn=arn("user", "alice"),
                       ServiceNamespaces=["iam", "s3", "lambda"])
        by_ns = {e["ServiceNamespace"]: e["Policies"] for e in got["PoliciesGrantingServiceAccess"]}
        self.assertEqual(sorted((p["PolicyName"], p["PolicyType"]) for p in by_ns["iam"]),
                         [("own", "INLINE"), ("read-iam", "INLINE")])
        inline = {p["PolicyName"]: p for p in by_ns["iam"]}
        self.assertEqual((inline["own"]["EntityType"], inline["own"]["EntityName"]),
                         ("USER", "alice"))
        self.assertEqual((inline["read-iam"]["EntityType"], inline["read-iam"]["EntityName"]),
                         ("GROUP", "readers"))
        self.assertEqual(by_ns["s3"], [{"PolicyName": "S3AndSts", "PolicyType": "MANAGED",
                                        "PolicyArn": arn("policy", "S3AndSts")}])
        self.assertEqual(by_ns["lambda"], [])

    def test_errors(self):
        self.expect_error("NoSuchEntity", "The user with name nobody cannot be found.", "iam",
                          "GenerateServiceLastAccessedDetails", {"Arn": arn("user", "nobody")})
        self.expect_error("NoSuchEntity", "The role with name nobody cannot be found.", "iam",
                          "ListPoliciesGrantingServiceAccess",
                          {"Arn": arn("role", "nobody"), "ServiceNamespaces": ["iam"]})
        missing = str(uuid.uuid4())
        self.expect_error("NoSuchEntity", None, "iam", "GetServiceLastAccessedDetails",
                          {"JobId": missing})


class LastAccessedClockTests:
    """Accesses are recorded at most once per 15 minutes and counted up to the job's creation;
    a job is read from the latest record of each access, so an access recorded again after the
    job was made no longer shows in it (boto3 only: what matters is the clock, not the client)."""

    def tearDown(self):
        self.server.admin("DELETE", "/_localiam/clock")
        super().tearDown()

    def test_recording_follows_the_clock(self):
        _, alice = self.prep_user_with_key("clocked")
        self.iam("PutUserPolicy", UserName="clocked", PolicyName="p", PolicyDocument=doc("sts:*"))
        self.sts("GetCallerIdentity", creds=alice)

        def last_sts():
            job = self.iam("GenerateServiceLastAccessedDetails",
                           Arn=arn("user", "clocked"))["JobId"]
            services = self.iam("GetServiceLastAccessedDetails", JobId=job)["ServicesLastAccessed"]
            self.assertEqual(len(services), 1, services)
            self.assertIn("LastAuthenticated", services[0], services)
            return job, services[0]["LastAuthenticated"]

        job, first = last_sts()
        self.server.admin("POST", "/_localiam/clock", json.dumps({"advance_seconds": 600}))
        self.sts("GetCallerIdentity", creds=alice)
        self.assertEqual(last_sts()[1], first, "a use within 15 minutes is not recorded")
        self.server.admin("POST", "/_localiam/clock", json.dumps({"advance_seconds": 600}))
        self.sts("GetCallerIdentity", creds=alice)
        self.assertGreater(last_sts()[1], first)
        # Accesses after a job's creation do not show in it.
        self.server.admin("POST", "/_localiam/clock", json.dumps({"advance_seconds": 1200}))
        later_job = self.iam("GenerateServiceLastAccessedDetails",
                             Arn=arn("user", "clocked"))["JobId"]
        self.server.admin("POST", "/_localiam/clock", json.dumps({"advance_seconds": 1200}))
        self.sts("GetCallerIdentity", creds=alice)
        again = self.iam("GetServiceLastAccessedDetails", JobId=later_job)["ServicesLastAccessed"]
        self.assertNotIn("LastAuthenticated", again[0])
        self.assertEqual(again[0]["TotalAuthenticatedEntities"], 0)


cases.per_client(LastAccessedTests, globals(), prefix="LastAccessed")
cases.per_client(LastAccessedClockTests, globals(), prefix="LastAccessedClock", only={"boto3"})

if __name__ == "__main__":
    unittest.main()
