"""--auth audit through boto3 and the aws CLI v2: policies are decided as in enforce, and a call
that enforce would deny succeeds while its access-log line carries the decision ("authorization":
"would deny: ..."); AssumeRole with a trust policy that does not allow the caller succeeds and is
recorded, and so is AssumeRoleWithWebIdentity's; an allowed call's line says what allowed it;
unknown keys and bad signatures are refused as in verify; the root still may not assume roles. The same calls against --auth enforce are refused, with the decision logged
without "would deny". --auth audit, LOCALIAM_AUTH=audit and `auth = audit` in a config file all
start an audit server, and /_localiam/health says so.
"""

import http.client
import json
import os
import subprocess
import time
import unittest

from support import cases, config
from support.cases import INVALID_TOKEN, SIGNATURE_MISMATCH
from support.clients import Creds
from support.server import LocalIam

ACCOUNT = config.ACCOUNT
OTHER = "111111111111"
CLIENTS = {"boto3", "cli_v2"}


def doc(effect, actions, resource="*"):
    return json.dumps({"Version": "2012-10-17",
                       "Statement": [{"Effect": effect, "Action": actions, "Resource": resource}]})


def trust(principal):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"}]})


class ModeTests:
    """Run once with auth="audit", refuses=False and once with auth="enforce", refuses=True."""
    refuses = None

    def setUp(self):
        self.name = f"u{time.time_ns() % 10**12}"
        self.user, self.creds = self.prep_user_with_key(self.name)

    def logged(self, action, principal):
        """The newest access-log line for `action` called by `principal` (waits briefly: the
        line is written as the response goes out)."""
        deadline = time.monotonic() + 5
        while True:
            for line in reversed(self.server._new_log().splitlines()):
                if not line.startswith("{"):
                    continue
                entry = json.loads(line)
                if entry.get("action") == action and entry.get("principal") == principal:
                    return entry
            if time.monotonic() > deadline:
                self.fail(f"no access-log line for {action} by {principal}\n{self.server.log_tail()}")
            time.sleep(0.05)

    def assertDecision(self, entry, decision):
        """The line's authorization is `decision` (enforce) or "would deny: " + decision (audit),
        and its status says whether the call was refused."""
        expected = decision if self.refuses else "would deny: " + decision
        self.assertEqual(entry.get("authorization"), expected, entry)
        self.assertEqual(entry["status"], 403 if self.refuses else 200, entry)

    def test_health_names_the_mode(self):
        status, health, _ = self.server.health()
        self.assertEqual(status, 200)
        self.assertEqual(health["auth"], self.auth)

    def test_user_without_policies_calls_create_user(self):
        target = f"arn:aws:iam::{ACCOUNT}:user/{self.name}-new"
        reason = "because no identity-based policy allows the iam:CreateUser action"
        if self.refuses:
            self.expect_error("AccessDenied",
                              f"User: {self.user['Arn']} is not authorized to perform: iam:CreateUser "
                              f"on resource: {target} {reason}",
                              "iam", "CreateUser", {"UserName": self.name + "-new"}, creds=self.creds)
        else:
            created = self.iam("CreateUser", creds=self.creds, UserName=self.name + "-new")
            self.assertEqual(created["User"]["Arn"], target)
        self.assertDecision(self.logged("CreateUser", self.user["Arn"]), "implicitDeny: " + reason)
        # The call really ran (audit) or really did not (enforce).
        users = [u["UserName"] for u in self.prep("iam", "ListUsers")["Users"]]
        self.assertEqual(self.name + "-new" in users, not self.refuses)

    def test_explicit_deny_and_allow_are_recorded(self):
        self.prep("iam", "PutUserPolicy", UserName=self.name, PolicyName="all",
                  PolicyDocument=doc("Allow", "iam:*"))
        self.prep("iam", "PutUserPolicy", UserName=self.name, PolicyName="no-tags",
                  PolicyDocument=doc("Deny", "iam:TagUser"))
        self.iam("GetUser", creds=self.creds, UserName=self.name)
        # An allowed call is never refused; its line says what allowed it, in either mode.
        self.assertEqual(self.logged("GetUser", self.user["Arn"]).get("authorization"),
                         "allowed (all statement 1)")
        params = {"UserName": self.name, "Tags": [{"Key": "team", "Value": "blue"}]}
        if self.refuses:
            self.expect_error("AccessDenied", None, "iam", "TagUser", params, creds=self.creds)
        else:
            self.iam("TagUser", creds=self.creds, **params)
        entry = self.logged("TagUser", self.user["Arn"])
        self.assertDecision(entry, "explicitDeny: with an explicit deny in an identity-based policy "
                                   "(no-tags statement 1)")

    def test_unknown_keys_and_bad_signatures_are_refused(self):
        self.expect_error("InvalidClientTokenId", INVALID_TOKEN, "sts", "GetCallerIdentity",
                          creds=Creds("AKIAIOSFODNN7EXAMPLE", "x" * 40))
        self.expect_error("SignatureDoesNotMatch", SIGNATURE_MISMATCH, "sts", "GetCallerIdentity",
                          creds=Creds(self.creds.access_key, "wrong" * 8), prefix=True)
        self.expect_error("SignatureDoesNotMatch", SIGNATURE_MISMATCH, "sts", "GetCallerIdentity",
                          creds=Creds(self.root.access_key, "not-the-root-secret"), prefix=True)

    def test_assume_role_the_trust_policy_does_not_allow(self):
        role = self.prep("iam", "CreateRole", RoleName=self.name + "-role",
                         AssumeRolePolicyDocument=trust(f"arn:aws:iam::{OTHER}:root"))["Role"]
        # The caller's own policies allow it; only the trust policy refuses.
        self.prep("iam", "PutUserPolicy", UserName=self.name, PolicyName="assume",
                  PolicyDocument=doc("Allow", "sts:AssumeRole"))
        params = {"RoleArn": role["Arn"], "RoleSessionName": "s1"}
        if self.refuses:
            self.expect_error("AccessDenied",
                              f"User: {self.user['Arn']} is not authorized to perform: "
                              f"sts:AssumeRole on resource: {role['Arn']}",
                              "sts", "AssumeRole", params, creds=self.creds)
        else:
            result = self.sts("AssumeRole", creds=self.creds, **params)
            c = result["Credentials"]
            session = Creds(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])
            self.assertEqual(self.sts("GetCallerIdentity", creds=session)["Arn"],
                             f"arn:aws:sts::{ACCOUNT}:assumed-role/{self.name}-role/s1")
        self.assertDecision(self.logged("AssumeRole", self.user["Arn"]),
                            "implicitDeny: because no resource-based policy allows the "
                            "sts:AssumeRole action")

    def test_web_identity_the_trust_policy_does_not_allow(self):
        issuer = self.server.url.rstrip("/") + "/_localiam/oidc"
        resource = issuer.split("://", 1)[1]
        provider = self.prep("iam", "CreateOpenIDConnectProvider", Url=issuer,
                             ClientIDList=["sts.amazonaws.com"],
                             ThumbprintList=["0" * 40])["OpenIDConnectProviderArn"]
        role = self.prep("iam", "CreateRole", RoleName=self.name + "-web",
                         AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{
                             "Effect": "Allow", "Principal": {"Federated": provider},
                             "Action": "sts:AssumeRoleWithWebIdentity",
                             "Condition": {"StringLike": {f"{resource}:sub": "repo:octo/app:*"}}}]}))["Role"]
        self.addCleanup(self.prep, "iam", "DeleteOpenIDConnectProvider", OpenIDConnectProviderArn=provider)
        status, raw = self.server.admin("POST", "/_localiam/oidc/token", json.dumps(
            {"sub": "repo:someone/else:ref:refs/heads/main", "aud": "sts.amazonaws.com"}))
        self.assertEqual(status, 200, raw)
        params = {"RoleArn": role["Arn"], "RoleSessionName": "gha",
                  "WebIdentityToken": json.loads(raw)["token"]}
        if self.refuses:
            self.expect_error("AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity",
                              "sts", "AssumeRoleWithWebIdentity", params)
        else:
            result = self.sts("AssumeRoleWithWebIdentity", **params)
            self.assertEqual(result["AssumedRoleUser"]["Arn"],
                             f"arn:aws:sts::{ACCOUNT}:assumed-role/{self.name}-web/gha")
        self.assertDecision(self.logged("AssumeRoleWithWebIdentity", ""),
                            "implicitDeny: because no resource-based policy allows the "
                            "sts:AssumeRoleWithWebIdentity action (AssumeRolePolicyDocument)")

    def test_the_root_may_not_assume_roles(self):
        # Not a policy decision: AWS refuses it whatever the trust policy says, so audit too.
        role = self.prep("iam", "CreateRole", RoleName=self.name + "-root",
                         AssumeRolePolicyDocument=trust(f"arn:aws:iam::{ACCOUNT}:root"))["Role"]
        self.expect_error("AccessDenied", "Roles may not be assumed by root accounts.",
                          "sts", "AssumeRole", {"RoleArn": role["Arn"], "RoleSessionName": "s1"})


cases.per_client(ModeTests, globals(), prefix="Audit", only=CLIENTS, auth="audit", refuses=False)
cases.per_client(ModeTests, globals(), prefix="AuditContrastEnforce", only=CLIENTS, auth="enforce",
                 refuses=True)


class WithoutAuthFlag(LocalIam):
    """A server started without --auth, so that the mode comes from the config file."""

    def argv(self):
        argv = super().argv()
        i = argv.index("--auth")
        return argv[:i] + argv[i + 2:]


class AuditConfigTests(unittest.TestCase):
    def workdir(self):
        path = os.path.join(config.tmp_root(), "AuditConfigTests")
        os.makedirs(path, exist_ok=True)
        return path

    def test_config_file(self):
        path = os.path.join(self.workdir(), "audit.conf")
        with open(path, "w") as f:
            f.write("auth = audit\n")
        server = WithoutAuthFlag("AuditConfigFile", data=":memory:", extra_args=["--config", path])
        server.start()
        try:
            self.assertEqual(server.health()[1]["auth"], "audit")
        finally:
            server.stop()

    def test_environment(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("LOCALIAM_")}
        env.update(LOCALIAM_AUTH="audit", LOCALIAM_DATA=":memory:")
        proc = subprocess.Popen([config.BINARY, "--port", "0"], stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, cwd=self.workdir(), env=env,
                                stdin=subprocess.DEVNULL)
        try:
            line = proc.stdout.readline()
            self.assertIn("(auth audit, data :memory:)", line)
            port = int(line.split("http://127.0.0.1:")[1].split(" ")[0])
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", "/_localiam/health")
            self.assertEqual(json.loads(conn.getresponse().read())["auth"], "audit")
            conn.close()
        finally:
            proc.terminate()
            self.assertEqual(proc.wait(timeout=30), 0)
            proc.stdout.close()

    def test_bad_mode_lists_audit(self):
        proc = subprocess.run([config.BINARY, "--auth", "audits"], capture_output=True, text=True,
                              timeout=30, stdin=subprocess.DEVNULL)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("--auth must be open, verify, enforce or audit", proc.stderr)


if __name__ == "__main__":
    unittest.main()
