"""Clients find localiam through their own configuration, with no --endpoint-url in the code:
AWS_ENDPOINT_URL, the service-specific AWS_ENDPOINT_URL_IAM / AWS_ENDPOINT_URL_STS (which win
over it), a named profile with endpoint_url in ~/.aws/config; and the SDKs' credential
providers fed by localiam: credential_process, role_arn + source_profile (the client
assumes the role through localiam's STS), and role_arn + web_identity_token_file with a token
minted by localiam's own OIDC issuer (POST /_localiam/oidc/token). Run for AWS CLI v2, AWS CLI v1 and boto3 (the
JavaScript SDK's endpoint tests are in tests/js/endpoints.test.js). Clients older than
"configured endpoints" (botocore 1.31 / CLI v1 1.29, CLI v2 2.13; Debian 12's awscli is 2.9)
ignore AWS_ENDPOINT_URL and endpoint_url: for them those tests are skipped with that reason
and credential_process is tested with --endpoint-url (role_arn + source_profile needs
configured endpoints: the older assume-role provider always calls AWS's own STS)."""

import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

from support import cases, clients, config

ACCOUNT = config.ACCOUNT
NOWHERE = "http://127.0.0.1:9"  # nothing listens on the discard port
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "sts:AssumeRole"}]})

BOTO3_SCRIPT = """
import json, sys, boto3
session = boto3.Session(profile_name=sys.argv[1] or None, region_name="us-east-1")
print(json.dumps({"arn": session.client("sts").get_caller_identity()["Arn"],
                  "users": [u["UserName"] for u in session.client("iam").list_users()["Users"]]}))
"""


def supports_configured_endpoints(driver):
    if driver.kind == "boto3":
        import botocore
        return tuple(int(x) for x in botocore.__version__.split(".")[:2]) >= (1, 31)
    m = re.match(r"aws-cli/(\d+)\.(\d+)", driver.version)
    major, minor = int(m.group(1)), int(m.group(2))
    return (major, minor) >= (2, 13) if major == 2 else (major, minor) >= (1, 29)


class EndpointTests:
    def setUp(self):
        self.work = tempfile.mkdtemp(dir=config.tmp_root())
        self.config_file = os.path.join(self.work, "config")
        self.credentials_file = os.path.join(self.work, "credentials")
        with open(self.credentials_file, "w") as f:
            f.write("[base]\naws_access_key_id = test\naws_secret_access_key = test\n")
        open(self.config_file, "w").close()

    def profile(self, name, **settings):
        with open(self.config_file, "a") as f:
            f.write(f"[profile {name}]\nregion = us-east-1\n")
            for key, value in settings.items():
                f.write(f"{key} = {value}\n")

    def who(self, profile="", env=None, endpoint_flag=False):
        """(caller ARN, user names) through the client under test, configured only by the
        environment (and the files); endpoint_flag adds --endpoint-url for the CLI."""
        run_env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        run_env.update({"AWS_CONFIG_FILE": self.config_file, "AWS_SHARED_CREDENTIALS_FILE": self.credentials_file,
                        "AWS_EC2_METADATA_DISABLED": "true", "AWS_PAGER": "", "AWS_MAX_ATTEMPTS": "1",
                        "AWS_DEFAULT_REGION": "us-east-1",
                        # The CLI caches assumed-role credentials under ~/.aws/cli/cache: a fresh
                        # home keeps another run's (another server's) credentials out.
                        "HOME": self.work})
        if not profile:
            run_env.update({"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"})
        run_env.update(env or {})
        if self.driver.kind == "boto3":
            proc = subprocess.run([sys.executable, "-c", BOTO3_SCRIPT, profile], env=run_env,
                                  capture_output=True, text=True, timeout=120)
            self.assertEqual(proc.returncode, 0, proc.stderr[-2000:])
            out = json.loads(proc.stdout)
            return out["arn"], out["users"]
        flag = ["--endpoint-url", self.server.url] if endpoint_flag else []
        prof = ["--profile", profile] if profile else []
        results = []
        for argv in (["sts", "get-caller-identity"], ["iam", "list-users"]):
            proc = subprocess.run([self.driver.executable, *argv, *prof, *flag, "--output", "json"],
                                  env=run_env, capture_output=True, text=True, timeout=180)
            self.assertEqual(proc.returncode, 0, proc.stderr[-2000:])
            results.append(json.loads(proc.stdout))
        return results[0]["Arn"], [u["UserName"] for u in results[1]["Users"]]

    def need_configured_endpoints(self):
        if not supports_configured_endpoints(self.driver):
            self.skipTest(f"{self.driver.version} predates configured endpoints "
                          "(AWS_ENDPOINT_URL, endpoint_url in a profile)")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.prep("iam", "CreateUser", UserName="env-user")
        cls.prep("iam", "CreateRole", RoleName="profile-role", AssumeRolePolicyDocument=TRUST)

    def test_aws_endpoint_url(self):
        self.need_configured_endpoints()
        arn, users = self.who(env={"AWS_ENDPOINT_URL": self.server.url})
        self.assertEqual(arn, f"arn:aws:iam::{ACCOUNT}:root")
        self.assertIn("env-user", users)

    def test_service_specific_variables_win(self):
        self.need_configured_endpoints()
        arn, users = self.who(env={"AWS_ENDPOINT_URL": NOWHERE, "AWS_ENDPOINT_URL_IAM": self.server.url,
                                   "AWS_ENDPOINT_URL_STS": self.server.url})
        self.assertEqual(arn, f"arn:aws:iam::{ACCOUNT}:root")
        self.assertIn("env-user", users)

    def test_profile_endpoint_url(self):
        self.need_configured_endpoints()
        self.profile("localiam", endpoint_url=self.server.url, aws_access_key_id="test",
                     aws_secret_access_key="test")
        arn, users = self.who("localiam")
        self.assertEqual(arn, f"arn:aws:iam::{ACCOUNT}:root")
        self.assertIn("env-user", users)

    def test_credential_process(self):
        import botocore
        if self.driver.kind == "boto3" and tuple(map(int, botocore.__version__.split(".")[:2])) < (1, 31):
            self.skipTest(f"botocore {botocore.__version__} fails this profile set-up")
        key = self.prep("iam", "CreateAccessKey", UserName="env-user")["AccessKey"]
        script = os.path.join(self.work, "creds.sh")
        with open(script, "w") as f:
            f.write("#!/bin/sh\necho '" + json.dumps({"Version": 1, "AccessKeyId": key["AccessKeyId"],
                                                      "SecretAccessKey": key["SecretAccessKey"]}) + "'\n")
        os.chmod(script, 0o755)
        configured = supports_configured_endpoints(self.driver)
        self.profile("process", credential_process=script, **({"endpoint_url": self.server.url} if configured else {}))
        arn, _ = self.who("process", endpoint_flag=not configured)
        self.assertEqual(arn, f"arn:aws:iam::{ACCOUNT}:user/env-user")
        self.prep("iam", "DeleteAccessKey", UserName="env-user", AccessKeyId=key["AccessKeyId"])

    def test_role_arn_with_source_profile(self):
        # Before configured endpoints the assume-role provider calls AWS's STS whatever
        # --endpoint-url says, so only endpoint_url in the profiles can point it at localiam.
        self.need_configured_endpoints()
        extra = {"endpoint_url": self.server.url}
        self.profile("base", **extra)
        self.profile("deployer", role_arn=f"arn:aws:iam::{ACCOUNT}:role/profile-role", source_profile="base",
                     role_session_name="from-profile", **extra)
        arn, users = self.who("deployer")
        # The client called localiam's AssumeRole and used the temporary credentials.
        self.assertEqual(arn, f"arn:aws:sts::{ACCOUNT}:assumed-role/profile-role/from-profile")
        self.assertIn("env-user", users)
        role = self.prep("iam", "GetRole", RoleName="profile-role")["Role"]
        self.assertIn("LastUsedDate", role.get("RoleLastUsed", {}))

    def test_web_identity_token_file(self):
        """role_arn + web_identity_token_file: the client reads a token that localiam minted
        (POST /_localiam/oidc/token) and calls localiam's AssumeRoleWithWebIdentity."""
        self.need_configured_endpoints()
        issuer = self.server.url.rstrip("/") + "/_localiam/oidc"
        resource = issuer.split("://", 1)[1]
        provider_arn = f"arn:aws:iam::{ACCOUNT}:oidc-provider/{resource}"
        try:
            self.prep("iam", "CreateOpenIDConnectProvider", Url=issuer, ClientIDList=["sts.amazonaws.com"],
                      ThumbprintList=["0" * 40])
        except clients.AwsError as e:
            if e.code != "EntityAlreadyExists":  # made by another client's run of this test
                raise
        trust = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Federated": provider_arn},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringEquals": {f"{resource}:aud": "sts.amazonaws.com"}}}]})
        try:
            self.prep("iam", "CreateRole", RoleName="web-profile-role", AssumeRolePolicyDocument=trust)
        except clients.AwsError as e:
            if e.code != "EntityAlreadyExists":
                raise
        status, raw = self.server.admin("POST", "/_localiam/oidc/token",
                                        json.dumps({"sub": "ci-job", "aud": "sts.amazonaws.com"}))
        self.assertEqual(status, 200, raw)
        token_file = os.path.join(self.work, "token")
        with open(token_file, "w") as f:
            f.write(json.loads(raw)["token"])
        self.profile("web", endpoint_url=self.server.url, web_identity_token_file=token_file,
                     role_arn=f"arn:aws:iam::{ACCOUNT}:role/web-profile-role", role_session_name="from-token")
        arn, _ = self.who("web")
        self.assertEqual(arn, f"arn:aws:sts::{ACCOUNT}:assumed-role/web-profile-role/from-token")


cases.per_client(EndpointTests, globals(), prefix="Endpoints", only={"cli_v2", "cli_v1", "boto3"})

if __name__ == "__main__":
    unittest.main()
