"""GET /_localiam/decisions (issue 20, "Decisions you can read"): in enforce mode every
authorisation decision is kept, newest last, with the principal, the action and resource, the
outcome, the policy and statement that decided it (Sid, or position) and its type; filters by
principal, action pattern, decision, time and count. A call made with each client is found with
the request ID its answer carried; --decisions bounds the window, 0 keeps none; a bad filter is
refused with a message naming it.
"""

import http.client
import json
import re
import subprocess
import time
import unittest
import urllib.parse

from support import cases, clients, config
from support.clients import AwsError, Creds
from support.server import LocalIam

ACCOUNT = "000000000000"


def document(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


class DecisionTests:
    auth = "enforce"

    def setUp(self):
        self.name = f"d{time.time_ns() % 10**12}"
        self.user, self.creds = self.prep_user_with_key(self.name)
        self.prep("iam", "PutUserPolicy", UserName=self.name, PolicyName="rules",
                  PolicyDocument=document(
                      {"Sid": "NoListing", "Effect": "Deny", "Action": "iam:ListUsers",
                       "Resource": "*"},
                      {"Effect": "Allow", "Action": "iam:Get*", "Resource": "*"}))

    def decisions(self, **filters):
        status, body = self.server.admin(
            "GET", "/_localiam/decisions?" + urllib.parse.urlencode(filters))
        self.assertEqual(status, 200, body)
        return json.loads(body)["decisions"]

    def test_each_decision_names_what_decided_it(self):
        arn = self.user["Arn"]
        self.expect_error("AccessDenied", None, "iam", "ListUsers", {}, creds=self.creds)
        self.iam("GetUser", creds=self.creds)
        self.expect_error("AccessDenied", None, "iam", "ListRoles", {}, creds=self.creds)
        got = self.decisions(principal=arn)
        self.assertEqual([(d["action"], d["decision"]) for d in got],
                         [("iam:ListUsers", "explicitDeny"), ("iam:GetUser", "allowed"),
                          ("iam:ListRoles", "implicitDeny")])
        denied, allowed, implicit = got
        self.assertEqual(denied["statements"], [{"policy": "rules", "policyType": "identity",
                                                 "sid": "NoListing", "index": 1,
                                                 "effect": "Deny"}])
        self.assertEqual(denied["reason"], "with an explicit deny in an identity-based policy")
        self.assertEqual(allowed["resource"], arn)
        self.assertEqual(allowed["statements"][0]["index"], 2)
        self.assertEqual(implicit["statements"], [])
        self.assertEqual(implicit["reason"],
                         "because no identity-based policy allows the iam:ListRoles action")
        for d in got:
            self.assertEqual(d["principal"], arn)
            self.assertEqual(d["account"], ACCOUNT)
            self.assertRegex(d["requestId"], r"^[0-9a-f-]{36}$")
            self.assertRegex(d["time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        self.assertEqual(len({d["requestId"] for d in got}), 3)
        self.assertLess(got[0]["sequence"], got[1]["sequence"])

    def test_a_managed_policy_is_named_by_its_arn_too(self):
        self.prep("iam", "AttachUserPolicy", UserName=self.name,
                  PolicyArn="arn:aws:iam::aws:policy/IAMReadOnlyAccess")
        self.iam("ListRoles", creds=self.creds)
        got = self.decisions(principal=self.user["Arn"], action="iam:ListRoles")
        self.assertEqual(got[-1]["decision"], "allowed")
        self.assertEqual(got[-1]["statements"][0]["policy"], "IAMReadOnlyAccess")
        self.assertEqual(got[-1]["statements"][0]["policyArn"],
                         "arn:aws:iam::aws:policy/IAMReadOnlyAccess")

    def test_filters(self):
        arn = self.user["Arn"]
        self.expect_error("AccessDenied", None, "iam", "ListUsers", {}, creds=self.creds)
        self.iam("GetUser", creds=self.creds)
        self.iam("GetAccountSummary", creds=self.creds)
        self.assertEqual([d["action"] for d in self.decisions(principal=arn, action="IAM:get*")],
                         ["iam:GetUser", "iam:GetAccountSummary"])
        self.assertEqual([d["action"] for d in self.decisions(principal=arn, decision="denied")],
                         ["iam:ListUsers"])
        self.assertEqual([d["action"] for d in self.decisions(principal=arn, limit=1)],
                         ["iam:GetAccountSummary"])
        self.assertEqual(self.decisions(principal=arn, since="2099-01-01T00:00:00Z"), [])
        # The root's calls are decided too: allowed by the root.
        self.iam("ListUsers")
        root = self.decisions(principal=f"arn:aws:iam::{ACCOUNT}:root", action="iam:ListUsers")
        self.assertEqual(root[-1]["decidedBy"], "root")
        self.assertEqual(root[-1]["decision"], "allowed")

    def test_a_bad_filter_is_named(self):
        for query, named in (("decision=maybe", "decision must be allowed, denied"),
                             ("limit=0", "limit must be a number from 1 to 100000"),
                             ("since=yesterday", "since must be a time like")):
            status, body = self.server.admin("GET", "/_localiam/decisions?" + query)
            self.assertEqual(status, 400, body)
            self.assertIn(named, json.loads(body)["error"])


    def test_denials_are_worded_for_the_policy_type_that_decided(self):
        # A permissions boundary: an explicit deny, and an action it does not allow.
        self.prep("iam", "CreatePolicy", PolicyName=f"edge-{self.name}", PolicyDocument=document(
            {"Effect": "Allow", "Action": ["iam:Get*", "iam:ListRoles", "sts:AssumeRole"],
             "Resource": "*"},
            {"Sid": "NoRoles", "Effect": "Deny", "Action": "iam:ListRoles", "Resource": "*"}))
        self.prep("iam", "PutUserPermissionsBoundary", UserName=self.name,
                  PermissionsBoundary=f"arn:aws:iam::{ACCOUNT}:policy/edge-{self.name}")
        self.prep("iam", "PutUserPolicy", UserName=self.name, PolicyName="rules",
                  PolicyDocument=document({"Effect": "Allow", "Action": "*", "Resource": "*"}))
        arn = self.user["Arn"]
        self.expect_error(
            "AccessDenied",
            f"User: {arn} is not authorized to perform: iam:ListRoles on resource: "
            f"arn:aws:iam::{ACCOUNT}:role/ with an explicit deny in a permissions boundary",
            "iam", "ListRoles", {}, creds=self.creds)
        self.expect_error(
            "AccessDenied",
            f"User: {arn} is not authorized to perform: iam:ListGroups on resource: "
            f"arn:aws:iam::{ACCOUNT}:group/ because no permissions boundary allows the "
            "iam:ListGroups action", "iam", "ListGroups", {}, creds=self.creds)
        # A session policy: what it does not allow, and what it denies.
        role = f"r-{self.name}"
        self.prep("iam", "CreateRole", RoleName=role, AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": "sts:AssumeRole"}]}))
        self.prep("iam", "PutRolePolicy", RoleName=role, PolicyName="all",
                  PolicyDocument=document({"Effect": "Allow", "Action": "iam:*",
                                           "Resource": "*"}))
        creds = self.prep("sts", "AssumeRole", creds=self.creds,
                          RoleArn=f"arn:aws:iam::{ACCOUNT}:role/{role}", RoleSessionName="sess",
                          Policy=document({"Effect": "Allow", "Action": "iam:Get*",
                                           "Resource": "*"},
                                          {"Effect": "Deny", "Action": "iam:GetRole",
                                           "Resource": "*"}))["Credentials"]
        session = Creds(creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
        session_arn = f"arn:aws:sts::{ACCOUNT}:assumed-role/{role}/sess"
        self.expect_error(
            "AccessDenied",
            f"User: {session_arn} is not authorized to perform: iam:ListUsers on resource: "
            f"arn:aws:iam::{ACCOUNT}:user/ because no session policy allows the iam:ListUsers "
            "action", "iam", "ListUsers", {}, creds=session)
        self.expect_error(
            "AccessDenied",
            f"User: {session_arn} is not authorized to perform: iam:GetRole on resource: "
            f"arn:aws:iam::{ACCOUNT}:role/{role} with an explicit deny in a session policy",
            "iam", "GetRole", {"RoleName": role}, creds=session)
        # The log says which type decided each.
        by = {(d["principal"], d["action"]): (d["decision"], d["decidedBy"])
              for d in self.decisions(decision="denied", limit=1000)}
        self.assertEqual(by[(arn, "iam:ListRoles")], ("explicitDeny", "permissionsBoundary"))
        self.assertEqual(by[(arn, "iam:ListGroups")], ("implicitDeny", "permissionsBoundary"))
        self.assertEqual(by[(session_arn, "iam:ListUsers")], ("implicitDeny", "session"))
        self.assertEqual(by[(session_arn, "iam:GetRole")], ("explicitDeny", "session"))


cases.per_client(DecisionTests, globals(), prefix="Decisions")


class DecisionsCommand(cases.ServerCase):
    """`localiam decisions` prints the server's decisions for a person."""
    auth = "enforce"

    def test_the_command_prints_denials_with_what_decided(self):
        user, creds = self.prep_user_with_key("cmd-user")
        self.prep("iam", "PutUserPolicy", UserName="cmd-user", PolicyName="rules",
                  PolicyDocument=document(
                      {"Sid": "NoListing", "Effect": "Deny", "Action": "iam:ListUsers",
                       "Resource": "*"}))
        for op in ("ListUsers", "ListRoles"):
            with self.assertRaises(AwsError):
                clients.fast().call(self.server.url, creds, "iam", op, {})
        proc = subprocess.run(
            [config.BINARY, "decisions", "--port", str(self.server.port), "--denied",
             "--principal", user["Arn"]], capture_output=True, text=True, timeout=30)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lines = proc.stdout.splitlines()
        self.assertEqual(len(lines), 4, proc.stdout)
        self.assertRegex(lines[0], r"^\d{4}-\d\d-\d\dT[\d:.]+Z  explicitDeny  "
                         + re.escape(f"{user['Arn']}  iam:ListUsers  "
                                     f"arn:aws:iam::{ACCOUNT}:user/") + "$")
        self.assertEqual(lines[1], '    Deny in identity policy "rules", statement "NoListing"')
        self.assertIn(f"implicitDeny  {user['Arn']}  iam:ListRoles", lines[2])
        self.assertEqual(lines[3],
                         "    because no identity-based policy allows the iam:ListRoles action")

    def test_the_command_names_a_server_it_cannot_reach(self):
        proc = subprocess.run([config.BINARY, "decisions", "--port", "1", "--timeout", "2"],
                              capture_output=True, text=True, timeout=30)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("localiam decisions: cannot connect", proc.stderr)
        self.assertIn("127.0.0.1:1", proc.stderr)


class PolicySuggestion(cases.ServerCase):
    """Audit mode lets every call through and keeps its decision; the suggested policy, attached
    to the user alone, allows every call it made and nothing else (the simulator says so)."""
    auth = "audit"

    def test_the_suggestion_allows_what_ran_and_nothing_more(self):
        user, creds = self.prep_user_with_key("suggest-me")
        self.prep("iam", "CreateRole", RoleName="suggest-role", AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": "sts:AssumeRole"}]}))
        fast = clients.fast()
        fast.call(self.server.url, creds, "iam", "GetUser", {})
        fast.call(self.server.url, creds, "iam", "ListRoles", {})
        fast.call(self.server.url, creds, "iam", "GetRole", {"RoleName": "suggest-role"})
        fast.call(self.server.url, creds, "iam", "ListUserTags", {"UserName": "suggest-me"})
        status, body = self.server.admin(
            "GET", "/_localiam/policy-suggestion?principal=" + urllib.parse.quote(user["Arn"]))
        self.assertEqual(status, 200, body)
        policy = json.loads(body)
        self.assertEqual(policy["Version"], "2012-10-17")
        self.assertEqual(policy["Statement"][0]["Sid"], "AllowIam")
        called = [("iam:GetUser", user["Arn"]), ("iam:ListUserTags", user["Arn"]),
                  ("iam:ListRoles", f"arn:aws:iam::{ACCOUNT}:role/"),
                  ("iam:GetRole", f"arn:aws:iam::{ACCOUNT}:role/suggest-role")]
        self.prep("iam", "PutUserPolicy", UserName="suggest-me", PolicyName="suggested",
                  PolicyDocument=body.decode())
        for action, resource in called + [("iam:DeleteUser", user["Arn"]),
                                          ("iam:GetRole", f"arn:aws:iam::{ACCOUNT}:role/other")]:
            result = self.prep("iam", "SimulatePrincipalPolicy", PolicySourceArn=user["Arn"],
                               ActionNames=[action], ResourceArns=[resource])
            decision = result["EvaluationResults"][0]["EvalDecision"]
            self.assertEqual(decision, "allowed" if (action, resource) in called
                             else "implicitDeny", (action, resource))

    def test_conditions_when_asked_require_the_calls_region(self):
        user, creds = self.prep_user_with_key("suggest-region")
        fast = clients.fast()
        fast.call(self.server.url, creds._replace(region="eu-west-1"), "iam", "GetUser", {})
        path = "/_localiam/policy-suggestion?principal=" + urllib.parse.quote(user["Arn"])
        status, plain = self.server.admin("GET", path)
        self.assertNotIn("Condition", json.loads(plain)["Statement"][0])
        status, body = self.server.admin("GET", path + "&conditions=1")
        self.assertEqual(status, 200, body)
        statement = json.loads(body)["Statement"][0]
        self.assertEqual(statement["Condition"],
                         {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}})
        self.prep("iam", "PutUserPolicy", UserName="suggest-region", PolicyName="suggested",
                  PolicyDocument=body.decode())
        for region, expected in (("eu-west-1", "allowed"), ("us-east-1", "implicitDeny")):
            result = self.prep("iam", "SimulatePrincipalPolicy", PolicySourceArn=user["Arn"],
                               ActionNames=["iam:GetUser"], ResourceArns=[user["Arn"]],
                               ContextEntries=[{"ContextKeyName": "aws:RequestedRegion",
                                                "ContextKeyValues": [region],
                                                "ContextKeyType": "string"}])
            self.assertEqual(result["EvaluationResults"][0]["EvalDecision"], expected, region)
        status, body = self.server.admin("GET", path + "&conditions=maybe")
        self.assertEqual(status, 400)

    def test_a_principal_with_no_decisions_is_named(self):
        status, body = self.server.admin(
            "GET", "/_localiam/policy-suggestion?principal=arn:aws:iam::000000000000:user/nobody")
        self.assertEqual(status, 404)
        self.assertIn("no decisions for arn:aws:iam::000000000000:user/nobody",
                      json.loads(body)["error"])
        status, body = self.server.admin("GET", "/_localiam/policy-suggestion")
        self.assertEqual(status, 400)
        self.assertIn("name the principal", json.loads(body)["error"])


class UnusedPermissions(cases.ServerCase):
    """GET /_localiam/unused: per statement and action entry, what the principal's policies
    grant and its allowed calls in the window did not use."""
    auth = "enforce"

    def unused(self, principal):
        status, body = self.server.admin(
            "GET", "/_localiam/unused?" + urllib.parse.urlencode({"principal": principal}))
        return status, json.loads(body)

    def test_granted_but_never_called(self):
        name = f"u{time.time_ns() % 10**12}"
        user, creds = self.prep_user_with_key(name)
        self.prep("iam", "PutUserPolicy", UserName=name, PolicyName="app",
                  PolicyDocument=document(
                      {"Sid": "Reads", "Effect": "Allow", "Action": ["iam:Get*", "iam:ListRoles"],
                       "Resource": "*"},
                      {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
                      {"Sid": "Rest", "Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}))
        clients.fast().call(self.server.url, creds, "iam", "GetUser", {})
        status, got = self.unused(user["Arn"])
        self.assertEqual(status, 200, got)
        self.assertEqual(got["usedActions"], ["iam:getuser"])
        self.assertEqual(got["decisions"], 1)
        reads, objects, rest = got["statements"]
        self.assertEqual((reads["policy"], reads["sid"], reads["index"], reads["unused"]),
                         ("app", "Reads", 1, False))
        gets, roles = reads["actions"]
        self.assertEqual((gets["action"], gets["used"]), ("iam:Get*", ["iam:GetUser"]))
        self.assertIn("iam:GetRole", gets["unused"])
        self.assertNotIn("iam:GetUser", gets["unused"])
        self.assertEqual(roles, {"action": "iam:ListRoles", "used": [],
                                 "unused": ["iam:ListRoles"], "unusedServices": []})
        self.assertEqual((objects["index"], objects["unused"]), (2, True))
        self.assertEqual(objects["actions"][0]["unused"], ["s3:GetObject"])
        # NotAction spans services: those never called are named whole.
        self.assertEqual(rest["actions"][0]["notAction"], ["iam:*"])
        self.assertIn("s3", rest["actions"][0]["unusedServices"])
        self.assertNotIn("iam", rest["actions"][0]["unusedServices"])

    def test_unknown_and_malformed_principals(self):
        status, got = self.unused("arn:aws:iam::000000000000:user/nobody-here")
        self.assertEqual(status, 404)
        self.assertIn("no such user", got["error"])
        status, got = self.unused("arn:aws:s3:::bucket")
        self.assertEqual(status, 400)
        self.assertIn("not the ARN of an IAM user or role", got["error"])


class FollowDecisions(cases.ServerCase):
    """?follow=1 streams the decisions made from then on as server-sent events, filtered like
    the list; `localiam decisions --follow` prints them; stopping the server ends the streams
    (SIGTERM still exits promptly with 0, which tearDownClass checks)."""
    auth = "enforce"

    def open_stream(self, query):
        conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=10)
        conn.request("GET", "/_localiam/decisions?" + query)
        resp = conn.getresponse()
        return conn, resp

    def read_event(self, resp):
        """The data of the next `decision` event (comments skipped)."""
        data = None
        while True:
            line = resp.readline().decode()
            self.assertNotEqual(line, "", "the stream ended")
            if line.startswith("data: "):
                data = json.loads(line[6:])
            elif line == "\n" and data is not None:
                return data

    def test_new_decisions_stream_as_server_sent_events(self):
        name = f"f{time.time_ns() % 10**12}"
        user, creds = self.prep_user_with_key(name)
        self.prep("iam", "ListUsers")  # before the stream: not in it
        conn, resp = self.open_stream(urllib.parse.urlencode(
            {"follow": "1", "principal": user["Arn"], "decision": "denied"}))
        try:
            self.assertEqual(resp.status, 200)
            self.assertEqual(resp.getheader("Content-Type"), "text/event-stream")
            self.assertEqual(resp.readline(), b": following decisions\n")
            fast = clients.fast()
            for op in ("ListRoles", "GetUser", "ListGroups"):
                with self.assertRaises(AwsError):
                    fast.call(self.server.url, creds, "iam", op, {})
            got = [self.read_event(resp) for _ in range(3)]
            self.assertEqual([(d["action"], d["decision"], d["principal"]) for d in got],
                             [("iam:ListRoles", "implicitDeny", user["Arn"]),
                              ("iam:GetUser", "implicitDeny", user["Arn"]),
                              ("iam:ListGroups", "implicitDeny", user["Arn"])])
            self.assertLess(got[0]["sequence"], got[1]["sequence"])
        finally:
            conn.close()

    def test_a_bad_filter_is_refused_before_streaming(self):
        conn, resp = self.open_stream("follow=1&decision=maybe")
        try:
            self.assertEqual(resp.status, 400)
            self.assertIn("decision must be allowed, denied", json.loads(resp.read())["error"])
        finally:
            conn.close()

    def test_the_command_follows_until_the_server_stops(self):
        server = LocalIam("FollowStop", auth="enforce").start()
        self.addCleanup(server.kill)
        follower = subprocess.Popen(
            [config.BINARY, "decisions", "--port", str(server.port), "--follow", "--denied"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        self.addCleanup(follower.kill)
        # It says on stderr when the stream is open: decisions from then on are its.
        self.assertIn("following the decisions of", follower.stderr.readline().decode())
        fast = clients.fast()
        fast.call(server.url, Creds("test", "test"), "iam", "CreateUser", {"UserName": "w"})
        key = fast.call(server.url, Creds("test", "test"), "iam", "CreateAccessKey",
                        {"UserName": "w"})["AccessKey"]
        with self.assertRaises(AwsError):
            fast.call(server.url, Creds(key["AccessKeyId"], key["SecretAccessKey"]), "iam",
                      "ListUsers", {})
        # Stopping the server ends the stream once what was decided is written.
        started = time.monotonic()
        self.assertEqual(server.stop(), 0)
        self.assertLess(time.monotonic() - started, 5)
        out, err = follower.communicate(timeout=10)
        self.assertEqual(follower.returncode, 0, err)
        lines = out.decode().splitlines()
        self.assertEqual(len(lines), 2, out)
        self.assertIn("implicitDeny", lines[0])
        self.assertIn("arn:aws:iam::000000000000:user/w  iam:ListUsers", lines[0])
        self.assertEqual(lines[1].strip(),
                         "because no identity-based policy allows the iam:ListUsers action")


class DecisionWindow(cases.ServerCase):
    auth = "enforce"
    extra_args = ("--decisions", "3")

    def test_only_the_newest_are_kept(self):
        for _ in range(5):
            self.prep("iam", "ListUsers")
        status, body = self.server.admin("GET", "/_localiam/decisions")
        doc = json.loads(body)
        self.assertEqual(doc["capacity"], 3)
        self.assertEqual(len(doc["decisions"]), 3)
        sequences = [d["sequence"] for d in doc["decisions"]]
        self.assertEqual(sequences, sorted(sequences))
        self.assertGreaterEqual(sequences[0], 3)


class NoDecisionsKept(cases.ServerCase):
    auth = "enforce"
    extra_args = ("--decisions", "0")

    def test_none_are_kept(self):
        self.prep("iam", "ListUsers")
        status, body = self.server.admin("GET", "/_localiam/decisions")
        self.assertEqual((status, json.loads(body)), (200, {"capacity": 0, "decisions": []}))


if __name__ == "__main__":
    unittest.main()
