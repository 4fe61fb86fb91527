"""The IAM policy simulator through every client: SimulateCustomPolicy and
SimulatePrincipalPolicy decide as AWS's evaluation logic does (explicit deny, allow, implicit
deny, boundaries, conditions with context entries, resource policies), report the deciding
statements with AWS's positions and the missing context keys, and page their results;
GetContextKeysFor*Policy list the keys policies use.
"""

import json
import unittest

from support import cases

DATE_POLICY = ('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*",'
               '"Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}')


def doc(effect, actions, resource="*"):
    return json.dumps({"Version": "2012-10-17",
                       "Statement": [{"Effect": effect, "Action": actions, "Resource": resource}]})


def date_entry(value):
    return [{"ContextKeyName": "aws:CurrentTime", "ContextKeyValues": [value],
             "ContextKeyType": "date"}]


class SimulationTests:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        p = cls.prep
        p("iam", "CreateUser", UserName="alejandro")
        p("iam", "PutUserPolicy", UserName="alejandro", PolicyName="Grant-Access-To-CodeCommit-ListRepo",
          PolicyDocument=json.dumps({
              "Version": "2012-10-17",
              "Statement": {
                  "Effect": "Allow",
                  "Action": "codecommit:ListRepositories",
                  "Resource": "*"
              }
          }, indent=4))
        p("iam", "CreateGroup", GroupName="readers")
        p("iam", "AddUserToGroup", GroupName="readers", UserName="alejandro")
        p("iam", "PutGroupPolicy", GroupName="readers", PolicyName="deny-delete",
          PolicyDocument=doc("Deny", "s3:DeleteObject"))
        p("iam", "AttachGroupPolicy", GroupName="readers",
          PolicyArn="arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")

    def test_custom_policy_date_condition(self):
        # The AWS CLI reference example: allowed after the date, with AWS's positions.
        r = self.iam("SimulateCustomPolicy", PolicyInputList=[DATE_POLICY],
                     ActionNames=["dynamodb:CreateBackup"],
                     ContextEntries=date_entry("2019-04-25T11:00:00Z"))
        [result] = r["EvaluationResults"]
        self.assertEqual(result["EvalActionName"], "dynamodb:CreateBackup")
        self.assertEqual(result["EvalResourceName"], "*")
        self.assertEqual(result["EvalDecision"], "allowed")
        [st] = result["MatchedStatements"]
        self.assertEqual(st["SourcePolicyId"], "PolicyInputList.1")
        self.assertEqual(st["StartPosition"], {"Line": 1, "Column": 38})
        self.assertEqual(st["EndPosition"], {"Line": 1, "Column": 167})
        self.assertEqual(result["MissingContextValues"], [])
        # Before the date: implicit deny, nothing matched.
        r = self.iam("SimulateCustomPolicy", PolicyInputList=[DATE_POLICY],
                     ActionNames=["dynamodb:CreateBackup"],
                     ContextEntries=date_entry("2014-04-25T11:00:00Z"))
        [result] = r["EvaluationResults"]
        self.assertEqual(result["EvalDecision"], "implicitDeny")
        self.assertEqual(result["MatchedStatements"], [])
        # Without the key: implicit deny and the key is reported missing.
        r = self.iam("SimulateCustomPolicy", PolicyInputList=[DATE_POLICY],
                     ActionNames=["dynamodb:CreateBackup"])
        [result] = r["EvaluationResults"]
        self.assertEqual(result["EvalDecision"], "implicitDeny")
        self.assertEqual(result["MissingContextValues"], ["aws:CurrentTime"])

    def test_custom_policy_explicit_deny_and_boundary(self):
        policies = [doc("Allow", "iam:*"), doc("Deny", "iam:DeleteUser")]
        r = self.iam("SimulateCustomPolicy", PolicyInputList=policies,
                     ActionNames=["iam:CreateUser", "iam:DeleteUser", "s3:GetObject"])
        decisions = {x["EvalActionName"]: x["EvalDecision"] for x in r["EvaluationResults"]}
        self.assertEqual(decisions, {"iam:CreateUser": "allowed", "iam:DeleteUser": "explicitDeny",
                                     "s3:GetObject": "implicitDeny"})
        deny = [x for x in r["EvaluationResults"] if x["EvalActionName"] == "iam:DeleteUser"][0]
        self.assertEqual([s["SourcePolicyId"] for s in deny["MatchedStatements"]],
                         ["PolicyInputList.2"])
        r = self.iam("SimulateCustomPolicy", PolicyInputList=[doc("Allow", "iam:*")],
                     PermissionsBoundaryPolicyInputList=[doc("Allow", "iam:Get*")],
                     ActionNames=["iam:CreateUser", "iam:GetUser"])
        by_action = {x["EvalActionName"]: x for x in r["EvaluationResults"]}
        self.assertEqual(by_action["iam:CreateUser"]["EvalDecision"], "implicitDeny")
        self.assertEqual(by_action["iam:CreateUser"]["PermissionsBoundaryDecisionDetail"],
                         {"AllowedByPermissionsBoundary": False})
        self.assertEqual(by_action["iam:GetUser"]["EvalDecision"], "allowed")
        self.assertEqual(by_action["iam:GetUser"]["PermissionsBoundaryDecisionDetail"],
                         {"AllowedByPermissionsBoundary": True})

    def test_resources_and_resource_policy(self):
        policy = doc("Allow", "s3:GetObject", "arn:aws:s3:::bucket/home/${aws:username}/*")
        r = self.iam("SimulateCustomPolicy", PolicyInputList=[policy], ActionNames=["s3:GetObject"],
                     ResourceArns=["arn:aws:s3:::bucket/home/ana/a.txt",
                                   "arn:aws:s3:::bucket/home/bob/a.txt"],
                     ContextEntries=[{"ContextKeyName": "aws:username", "ContextKeyValues": ["ana"],
                                      "ContextKeyType": "string"}])
        got = [(x["EvalResourceName"], x["EvalDecision"]) for x in r["EvaluationResults"]]
        self.assertEqual(got, [("arn:aws:s3:::bucket/home/ana/a.txt", "allowed"),
                               ("arn:aws:s3:::bucket/home/bob/a.txt", "implicitDeny")])
        specific = r["EvaluationResults"][0]["ResourceSpecificResults"]
        self.assertEqual(specific[0]["EvalResourceDecision"], "allowed")
        # Cross-account: the resource policy must allow as well as the caller's policy.
        resource_policy = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:user/ana"},
            "Action": "s3:GetObject", "Resource": "*"}]})
        common = dict(PolicyInputList=[doc("Allow", "s3:*")], ActionNames=["s3:GetObject"],
                      ResourceArns=["arn:aws:s3:::other/x"], ResourceOwner="111111111111",
                      ResourcePolicy=resource_policy)
        r = self.iam("SimulateCustomPolicy", CallerArn="arn:aws:iam::000000000000:user/ana", **common)
        self.assertEqual(r["EvaluationResults"][0]["EvalDecision"], "allowed")
        r = self.iam("SimulateCustomPolicy", CallerArn="arn:aws:iam::000000000000:user/bob", **common)
        self.assertEqual(r["EvaluationResults"][0]["EvalDecision"], "implicitDeny")

    def test_default_resource_is_literal_star(self):
        # Without ResourceArns, AWS simulates against "*" as text (aws/aws-cli#8650): an Allow
        # on arn:aws:s3:::b/* does not cover it, so the answer is implicitDeny.
        scoped = doc("Allow", "s3:GetObject", "arn:aws:s3:::b/*")
        r = self.iam("SimulateCustomPolicy", PolicyInputList=[scoped], ActionNames=["s3:GetObject"])
        [result] = r["EvaluationResults"]
        self.assertEqual((result["EvalResourceName"], result["EvalDecision"]), ("*", "implicitDeny"))
        self.assertEqual(result["MatchedStatements"], [])
        self.assertNotIn("ResourceSpecificResults", result)
        r = self.iam("SimulateCustomPolicy", PolicyInputList=[scoped], ActionNames=["s3:GetObject"],
                     ResourceArns=["arn:aws:s3:::b/key"])
        self.assertEqual(r["EvaluationResults"][0]["EvalDecision"], "allowed")
        # A Deny scoped to an ARN does not apply to "*" either; the Allow on "*" decides alone.
        r = self.iam("SimulateCustomPolicy",
                     PolicyInputList=[doc("Allow", "s3:*"),
                                      doc("Deny", "s3:GetObject", "arn:aws:s3:::b/secret")],
                     ActionNames=["s3:GetObject"])
        [result] = r["EvaluationResults"]
        self.assertEqual((result["EvalResourceName"], result["EvalDecision"]), ("*", "allowed"))
        self.assertEqual([m["SourcePolicyId"] for m in result["MatchedStatements"]],
                         ["PolicyInputList.1"])
        r = self.iam("SimulateCustomPolicy",
                     PolicyInputList=[doc("Allow", "s3:*"),
                                      doc("Deny", "s3:GetObject", "arn:aws:s3:::b/secret")],
                     ActionNames=["s3:GetObject"], ResourceArns=["arn:aws:s3:::b/secret"])
        self.assertEqual(r["EvaluationResults"][0]["EvalDecision"], "explicitDeny")
        # The same through a principal's own policies.
        self.prep("iam", "CreateUser", UserName="scoped-star")
        self.prep("iam", "PutUserPolicy", UserName="scoped-star", PolicyName="p",
                  PolicyDocument=scoped)
        arn = self.prep("iam", "GetUser", UserName="scoped-star")["User"]["Arn"]
        r = self.iam("SimulatePrincipalPolicy", PolicySourceArn=arn, ActionNames=["s3:GetObject"])
        [result] = r["EvaluationResults"]
        self.assertEqual((result["EvalResourceName"], result["EvalDecision"]), ("*", "implicitDeny"))
        r = self.iam("SimulatePrincipalPolicy", PolicySourceArn=arn, ActionNames=["s3:GetObject"],
                     ResourceArns=["arn:aws:s3:::b/key"])
        self.assertEqual(r["EvaluationResults"][0]["EvalDecision"], "allowed")

    def test_principal_policy(self):
        arn = self.prep("iam", "GetUser", UserName="alejandro")["User"]["Arn"]
        r = self.iam("SimulatePrincipalPolicy", PolicySourceArn=arn,
                     ActionNames=["codecommit:ListRepositories", "s3:GetObject", "s3:DeleteObject",
                                  "iam:CreateUser"])
        by_action = {x["EvalActionName"]: x for x in r["EvaluationResults"]}
        listed = by_action["codecommit:ListRepositories"]
        self.assertEqual(listed["EvalDecision"], "allowed")
        [st] = listed["MatchedStatements"]
        # The AWS CLI reference example: the statement of the indented document at 3:19-8:6.
        self.assertEqual(st["SourcePolicyId"], "Grant-Access-To-CodeCommit-ListRepo")
        self.assertEqual(st["SourcePolicyType"], "user")
        self.assertEqual(st["StartPosition"], {"Line": 3, "Column": 19})
        self.assertEqual(by_action["s3:GetObject"]["EvalDecision"], "allowed")
        self.assertEqual(by_action["s3:GetObject"]["MatchedStatements"][0]["SourcePolicyType"],
                         "aws-managed")
        self.assertEqual(by_action["s3:DeleteObject"]["EvalDecision"], "explicitDeny")
        self.assertEqual(by_action["s3:DeleteObject"]["MatchedStatements"][0]["SourcePolicyType"],
                         "group")
        self.assertEqual(by_action["iam:CreateUser"]["EvalDecision"], "implicitDeny")

    def test_principal_errors(self):
        self.expect_error("NoSuchEntity", "The user with name nobody cannot be found.", "iam",
                          "SimulatePrincipalPolicy",
                          {"PolicySourceArn": "arn:aws:iam::000000000000:user/nobody",
                           "ActionNames": ["s3:GetObject"]})

    def test_paging(self):
        actions = [f"s3:Action{i}" for i in range(5)]
        items = self.paginate("SimulateCustomPolicy", "EvaluationResults", page_size=2,
                              PolicyInputList=[doc("Allow", "s3:*")], ActionNames=actions)
        self.assertEqual([x["EvalActionName"] for x in items], actions)
        if self.driver.name != "boto3":
            return  # the CLI pages by itself; the raw Marker is checked through boto3
        r = self.iam("SimulateCustomPolicy", PolicyInputList=[doc("Allow", "s3:*")],
                     ActionNames=actions, MaxItems=2)
        self.assertTrue(r["IsTruncated"])
        self.assertEqual([x["EvalActionName"] for x in r["EvaluationResults"]], actions[:2])
        r2 = self.iam("SimulateCustomPolicy", PolicyInputList=[doc("Allow", "s3:*")],
                      ActionNames=actions, MaxItems=2, Marker=r["Marker"])
        self.assertEqual([x["EvalActionName"] for x in r2["EvaluationResults"]], actions[2:4])

    def test_context_keys(self):
        policy = ('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*",'
                  '"Resource":"arn:aws:dynamodb:us-west-2:123456789012:table/${aws:username}",'
                  '"Condition":{"DateGreaterThan":{"aws:CurrentTime":"2015-08-16T12:00:00Z"}}}}')
        r = self.iam("GetContextKeysForCustomPolicy", PolicyInputList=[policy])
        self.assertEqual(r["ContextKeyNames"], ["aws:username", "aws:CurrentTime"])
        self.prep("iam", "CreateUser", UserName="saanvi")
        self.prep("iam", "PutUserPolicy", UserName="saanvi", PolicyName="p", PolicyDocument=policy)
        arn = self.prep("iam", "GetUser", UserName="saanvi")["User"]["Arn"]
        r = self.iam("GetContextKeysForPrincipalPolicy", PolicySourceArn=arn)
        self.assertEqual(r["ContextKeyNames"], ["aws:username", "aws:CurrentTime"])


cases.per_client(SimulationTests, globals(), prefix="PolicySimulation")

if __name__ == "__main__":
    unittest.main()
