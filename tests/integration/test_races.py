"""Concurrent clients racing on the same names, against a server with several threads
(writes share group-commit transactions, each request in its own savepoint): exactly
one of N CreateUser calls of a name wins and the others get EntityAlreadyExists; quotas
hold under concurrency (two access keys, ten attached policies); attach, detach and
delete races leave consistent state, and AttachmentCount stays exact.

Each race starts N threads, each with its own keep-alive connection, behind a barrier,
so that their requests reach the server together.
"""

import random
import threading
import unittest

from support import cases, config
from support.raw_client import RawClient
from support.server import LocalIam

ACCOUNT = config.ACCOUNT
DOC = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",'
       '"Resource":"*"}]}')
TRUST = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":'
         f'"arn:aws:iam::{ACCOUNT}:root"}},"Action":"sts:AssumeRole"}}]}}')
THREADS = 8


class Races(cases.ServerCase):
    @classmethod
    def setUpClass(cls):
        unittest.TestCase.setUpClass()
        cls.server = LocalIam(cls.__name__, extra_args=["--threads", "4"])
        cls.addClassCleanup(cls.server.kill)
        cls.server.start()
        cls.clients = [RawClient(cls.server.host, cls.server.port) for _ in range(THREADS * 3)]
        cls.addClassCleanup(lambda: [c.close() for c in cls.clients])

    # -- helpers -----------------------------------------------------------------------------

    def race(self, calls):
        """Runs each (action, params) of `calls` on its own thread and connection, all
        released together; returns their Answers in the same order."""
        self.assertLessEqual(len(calls), len(self.clients))
        barrier = threading.Barrier(len(calls))
        answers = [None] * len(calls)
        errors = []

        def run(i, action, params):
            try:
                barrier.wait(30)
                answers[i] = self.clients[i].call("iam", action, params)
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(f"{action} {params}: {type(e).__name__}: {e}")

        threads = [threading.Thread(target=run, args=(i, a, p)) for i, (a, p) in enumerate(calls)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertEqual(errors, [], "requests that got no answer")
        return answers

    def ok(self, action, **params):
        answer = self.clients[0].call("iam", action, params)
        self.assertTrue(answer.ok, f"{action} {params}: {answer}")
        return answer

    def assertOneWinner(self, answers, code, status, message_of):
        """Exactly one answer is 200; every other is `code` with HTTP `status` and the message
        message_of(i) for the i-th call."""
        winners = [i for i, a in enumerate(answers) if a.ok]
        self.assertEqual(len(winners), 1, f"expected exactly one winner: {answers}")
        for i, a in enumerate(answers):
            if i in winners:
                continue
            self.assertEqual((a.status, a.code, a.message), (status, code, message_of(i)), a)
        return winners[0]

    def attachment_count(self, arn):
        return int(self.ok("GetPolicy", PolicyArn=arn).find("Policy/AttachmentCount"))

    def entities_for_policy(self, arn):
        answer = self.ok("ListEntitiesForPolicy", PolicyArn=arn)
        return (sorted(answer.findall("PolicyGroups/member/GroupName")),
                sorted(answer.findall("PolicyUsers/member/UserName")),
                sorted(answer.findall("PolicyRoles/member/RoleName")))

    def attached_to_user(self, user):
        return sorted(self.ok("ListAttachedUserPolicies", UserName=user)
                      .findall("AttachedPolicies/member/PolicyArn"))

    def create_policy(self, name):
        return self.ok("CreatePolicy", PolicyName=name, PolicyDocument=DOC).find("Policy/Arn")

    # -- one winner per name -----------------------------------------------------------------

    def test_one_create_user_of_a_name_wins(self):
        for n in range(10):
            # Names differ only in case: IAM names are unique regardless of case.
            names = [f"racer{n}", f"RACER{n}", f"Racer{n}", f"rAcEr{n}"] * (THREADS // 4)
            answers = self.race([("CreateUser", {"UserName": name}) for name in names])
            winner = self.assertOneWinner(answers, "EntityAlreadyExists", 409,
                                          lambda i: f"User with name {names[i]} already exists.")
            self.assertEqual(answers[winner].find("User/UserName"), names[winner])
            listed = self.ok("ListUsers").findall("Users/member/UserName")
            self.assertEqual([u for u in listed if u.lower() == f"racer{n}"], [names[winner]])
            got = self.ok("GetUser", UserName=names[winner].upper())
            self.assertEqual(got.find("User/UserId"), answers[winner].find("User/UserId"))
        self.assertServing()

    def test_one_create_group_role_policy_of_a_name_wins(self):
        cases_ = [
            ("CreateGroup", lambda: {"GroupName": "race-group"}, "Group with name race-group already exists."),
            ("CreateRole", lambda: {"RoleName": "race-role", "AssumeRolePolicyDocument": TRUST},
             "Role with name race-role already exists."),
            ("CreatePolicy", lambda: {"PolicyName": "RacePolicy", "PolicyDocument": DOC},
             f"A policy called RacePolicy already exists. Duplicate names are not allowed."),
        ]
        for action, params, message in cases_:
            with self.subTest(action=action):
                answers = self.race([(action, params()) for _ in range(THREADS)])
                self.assertOneWinner(answers, "EntityAlreadyExists", 409, lambda i: message)
        self.assertEqual(self.ok("ListGroups").findall("Groups/member/GroupName").count("race-group"), 1)
        self.assertEqual(self.ok("ListRoles").findall("Roles/member/RoleName").count("race-role"), 1)
        self.assertEqual(self.ok("ListPolicies", Scope="Local")
                         .findall("Policies/member/PolicyName").count("RacePolicy"), 1)

    def test_delete_user_once(self):
        for n in range(5):
            name = f"doomed{n}"
            self.ok("CreateUser", UserName=name)
            answers = self.race([("DeleteUser", {"UserName": name}) for _ in range(THREADS)])
            self.assertOneWinner(answers, "NoSuchEntity", 404,
                                 lambda i: f"The user with name {name} cannot be found.")
            answer = self.clients[0].call("iam", "GetUser", {"UserName": name})
            self.assertEqual(answer.code, "NoSuchEntity", answer)

    # -- quotas ------------------------------------------------------------------------------

    def test_access_key_quota_holds(self):
        self.ok("CreateUser", UserName="keyholder")
        answers = self.race([("CreateAccessKey", {"UserName": "keyholder"}) for _ in range(THREADS)])
        won = [a.find("AccessKey/AccessKeyId") for a in answers if a.ok]
        self.assertEqual(len(won), 2, answers)
        for a in answers:
            if not a.ok:
                self.assertEqual((a.status, a.code, a.message),
                                 (409, "LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2"), a)
        listed = self.ok("ListAccessKeys", UserName="keyholder").findall("AccessKeyMetadata/member/AccessKeyId")
        self.assertEqual(sorted(listed), sorted(won))

    def test_attached_policy_quota_holds(self):
        self.ok("CreateUser", UserName="quota-user")
        arns = [self.create_policy(f"Quota{i}") for i in range(14)]
        answers = self.race([("AttachUserPolicy", {"UserName": "quota-user", "PolicyArn": arn})
                             for arn in arns])
        won = sorted(arn for arn, a in zip(arns, answers) if a.ok)
        self.assertEqual(len(won), 10, answers)
        for a in answers:
            if not a.ok:
                self.assertEqual((a.status, a.code, a.message),
                                 (409, "LimitExceeded", "Cannot exceed quota for PoliciesPerUser: 10"), a)
        self.assertEqual(self.attached_to_user("quota-user"), won)
        for arn in arns:
            self.assertEqual(self.attachment_count(arn), 1 if arn in won else 0, arn)

    # -- attach / detach / delete ------------------------------------------------------------

    def test_attachment_count_exact_under_attach_and_detach_races(self):
        arn = self.create_policy("Counted")
        users = [f"counted{i}" for i in range(12)]
        for u in users:
            self.ok("CreateUser", UserName=u)
        # Every user attached twice at once: re-attaching is a no-op, so both succeed.
        answers = self.race([("AttachUserPolicy", {"UserName": u, "PolicyArn": arn}) for u in users * 2])
        self.assertTrue(all(a.ok for a in answers), answers)
        self.assertEqual(self.attachment_count(arn), len(users))
        self.assertEqual(self.entities_for_policy(arn), ([], sorted(users), []))
        # Every user detached twice at once: one of each pair wins.
        answers = self.race([("DetachUserPolicy", {"UserName": u, "PolicyArn": arn}) for u in users * 2])
        for i, u in enumerate(users):
            pair = [answers[i], answers[i + len(users)]]
            self.assertEqual(sum(a.ok for a in pair), 1, pair)
            loser = next(a for a in pair if not a.ok)
            self.assertEqual((loser.status, loser.code, loser.message),
                             (404, "NoSuchEntity", f"Policy {arn} was not found."), loser)
        self.assertEqual(self.attachment_count(arn), 0)
        self.assertEqual(self.entities_for_policy(arn), ([], [], []))

    def test_delete_policy_racing_attachments(self):
        self.ok("CreateUser", UserName="attacher")
        self.ok("CreateGroup", GroupName="attachers")
        for n in range(8):
            arn = self.create_policy(f"Contested{n}")
            calls = [("DeletePolicy", {"PolicyArn": arn}),
                     ("AttachUserPolicy", {"UserName": "attacher", "PolicyArn": arn}),
                     ("AttachGroupPolicy", {"GroupName": "attachers", "PolicyArn": arn})]
            random.shuffle(calls)
            answers = dict(zip((c[0] for c in calls), self.race(calls)))
            deleted = answers["DeletePolicy"].ok
            attached = [a for op, a in answers.items() if op != "DeletePolicy" and a.ok]
            if deleted:
                self.assertEqual(attached, [], f"a policy was deleted and attached: {answers}")
                for op, a in answers.items():
                    if op != "DeletePolicy":
                        self.assertEqual((a.code, a.message),
                                         ("NoSuchEntity", f"Policy {arn} does not exist or is not attachable."), a)
                gone = self.clients[0].call("iam", "GetPolicy", {"PolicyArn": arn})
                self.assertEqual(gone.code, "NoSuchEntity", gone)
            else:
                a = answers["DeletePolicy"]
                self.assertEqual((a.status, a.code, a.message),
                                 (409, "DeleteConflict", "Cannot delete a policy attached to entities."), a)
                self.assertEqual(self.attachment_count(arn), len(attached))
            self.assertEqual(arn in self.attached_to_user("attacher"), answers["AttachUserPolicy"].ok)
            # Clean up for the next round (and the quota of 10).
            if not deleted:
                for op, target in (("DetachUserPolicy", {"UserName": "attacher"}),
                                   ("DetachGroupPolicy", {"GroupName": "attachers"})):
                    self.clients[0].call("iam", op, dict(target, PolicyArn=arn))
                self.ok("DeletePolicy", PolicyArn=arn)
        self.assertEqual(self.attached_to_user("attacher"), [])

    def test_group_membership_racing_deletes(self):
        for n in range(8):
            group, user = f"club{n}", f"member{n}"
            self.ok("CreateGroup", GroupName=group)
            self.ok("CreateUser", UserName=user)
            calls = [("DeleteGroup", {"GroupName": group}),
                     ("AddUserToGroup", {"GroupName": group, "UserName": user}),
                     ("DeleteUser", {"UserName": user})]
            random.shuffle(calls)
            answers = dict(zip((c[0] for c in calls), self.race(calls)))
            added = answers["AddUserToGroup"].ok
            if added:
                # The membership came first: neither delete may have succeeded.
                for op in ("DeleteGroup", "DeleteUser"):
                    a = answers[op]
                    self.assertEqual((a.status, a.code), (409, "DeleteConflict"), f"{op}: {a}")
                members = self.ok("GetGroup", GroupName=group).findall("Users/member/UserName")
                self.assertEqual(members, [user])
                self.ok("RemoveUserFromGroup", GroupName=group, UserName=user)
                self.ok("DeleteGroup", GroupName=group)
                self.ok("DeleteUser", UserName=user)
            else:
                self.assertEqual(answers["AddUserToGroup"].code, "NoSuchEntity", answers)
                self.assertTrue(answers["DeleteGroup"].ok or answers["DeleteUser"].ok, answers)
                for op, name, get in (("DeleteGroup", group, "GetGroup"), ("DeleteUser", user, "GetUser")):
                    param = "GroupName" if op == "DeleteGroup" else "UserName"
                    got = self.clients[0].call("iam", get, {param: name})
                    self.assertEqual(got.ok, not answers[op].ok, f"{get} {name}: {got}")
                    if got.ok:
                        self.assertEqual(got.findall("Users/member/UserName") if get == "GetGroup"
                                         else [], [])
                        self.ok(op, **{param: name})

    def test_attach_detach_churn_keeps_counts_exact(self):
        users = [f"churn{i}" for i in range(4)]
        arns = [self.create_policy(f"Churn{i}") for i in range(4)]
        for u in users:
            self.ok("CreateUser", UserName=u)
        rng = random.Random(7)
        for _ in range(6):
            calls = [(rng.choice(["AttachUserPolicy", "DetachUserPolicy"]),
                      {"UserName": rng.choice(users), "PolicyArn": rng.choice(arns)})
                     for _ in range(THREADS * 2)]
            for a in self.race(calls):
                self.assertIn(a.code, (None, "NoSuchEntity"), a)
        truth = {arn: 0 for arn in arns}
        for u in users:
            for arn in self.attached_to_user(u):
                truth[arn] += 1
        for arn in arns:
            self.assertEqual(self.attachment_count(arn), truth[arn], arn)
            self.assertEqual(len(self.entities_for_policy(arn)[1]), truth[arn], arn)
        self.assertServing()


if __name__ == "__main__":
    unittest.main()
