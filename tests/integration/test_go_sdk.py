"""The AWS SDK for Go v2 against the real binary (tests/go, `go test`): the walkthrough (user,
group, managed policy, role, access key, AssumeRole as a user, refused to the root,
GetCallerIdentity), typed errors and a paginator, in verify mode. Built offline against
Debian's packages (golang-go, golang-github-aws-aws-sdk-go-v2-dev; script/bootstrap installs
them with the test clients) in GOPATH mode, as the README's Go example is. Skipped only when
Go is absent."""

import os
import shutil
import subprocess
import unittest

from support import cases, config

GOPATH = "/usr/share/gocode"  # where Debian's Go packages put their sources


class GoSdk(cases.ServerCase):
    auth = "verify"

    def test_go_tests(self):
        go = shutil.which("go")
        if not go:
            self.skipTest("Go is absent (script/bootstrap installs golang-go and "
                          "golang-github-aws-aws-sdk-go-v2-dev with the test clients)")
        self.assertTrue(os.path.isdir(f"{GOPATH}/src/github.com/aws/aws-sdk-go-v2/service/iam"),
                        "Go is here but not Debian's AWS SDK for Go v2: apt-get install "
                        "golang-github-aws-aws-sdk-go-v2-dev (script/bootstrap does)")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "GO"))}
        env.update(LOCALIAM_URL=self.server.url, GO111MODULE="off", GOPATH=GOPATH, GOPROXY="off",
                   GOFLAGS="", AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull)
        if not env.get("HOME"):  # Go keeps its build cache under HOME
            env["GOCACHE"] = os.path.join(config.tmp_root(), "go-build")
        proc = subprocess.run([go, "test", "-count=1", "-v", "./tests/go"], cwd=str(config.REPO_ROOT), env=env,
                              capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
        self.assertEqual(proc.returncode, 0, proc.stdout[-4000:] + proc.stderr[-4000:])
        for test in ("TestWalkthrough", "TestTypedErrors", "TestPaginator"):
            self.assertIn(f"--- PASS: {test}", proc.stdout)


if __name__ == "__main__":
    unittest.main()
