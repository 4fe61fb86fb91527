"""Runs the README's client snippets (every fenced block after a `<!-- snippet:NAME -->`
marker) against the real binary, so the documentation cannot drift: the AWS CLI commands,
the profile with endpoint_url (through boto3), the boto3 and JavaScript SDK programs, the
pytest fixture, the Node.js test, the seed file, the state/metrics commands, and the GitHub
Actions job's start-up step. http://127.0.0.1:4566 in a snippet becomes the test server's
URL. The docker commands are the one exception (no Docker engine; test_docker.py covers the
Dockerfile)."""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import types
import unittest

from support import cases, clients, config

README = config.REPO_ROOT / "README.md"
DEFAULT_URL = "http://127.0.0.1:4566"


def snippets():
    text = README.read_text(encoding="utf-8")
    found = {}
    for m in re.finditer(r"^<!-- snippet:([\w-]+).*?-->\n```\w*\n(.*?)^```", text, re.DOTALL | re.MULTILINE):
        found[m.group(1)] = m.group(2)
    return found


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "LOCALIAM_"))}
    env.update({"AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
                "AWS_EC2_METADATA_DISABLED": "true", "AWS_PAGER": "", "NODE_NO_WARNINGS": "1"})
    env.update(extra)
    return env


def js_available():
    return any(d.name == "js_v3" for d in clients.discover()[0].values())


class ReadmeSnippets(cases.ServerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.snippets = snippets()
        cls.work = tempfile.mkdtemp(dir=config.tmp_root())

    def snippet(self, name):
        self.assertIn(name, self.snippets, f"README.md has no <!-- snippet:{name} --> block")
        return self.snippets[name].replace(DEFAULT_URL, self.server.url)

    def run_ok(self, argv, **kwargs):
        kwargs.setdefault("env", clean_env())
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
                              cwd=kwargs.pop("cwd", self.work), **kwargs)
        self.assertEqual(proc.returncode, 0, f"{argv[0]} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
        return proc.stdout

    def test_every_block_has_a_test(self):
        self.assertEqual(set(self.snippets), {"cli", "profile", "boto3", "javascript", "pytest", "node-test",
                                              "github-actions", "docker", "seed", "state", "policies", "expiry",
                                              "web-identity"})

    def test_cli(self):
        cli = clients.discover()[0].get("cli_v2") or clients.discover()[0].get("cli_v1")
        if not cli:
            self.skipTest("no AWS CLI")
        bindir = os.path.join(self.work, "bin")
        os.makedirs(bindir, exist_ok=True)
        if not os.path.exists(os.path.join(bindir, "aws")):
            os.symlink(cli.executable, os.path.join(bindir, "aws"))
        out = self.run_ok(["bash", "-euo", "pipefail", "-c", self.snippet("cli")],
                          env=clean_env(PATH=bindir + os.pathsep + os.environ["PATH"]))
        self.assertIn(f'"Arn": "arn:aws:iam::{config.ACCOUNT}:root"', out)
        self.assertIn("from-the-cli", out)

    def run_cli_snippet(self, name):
        """Runs snippet `name` by bash with an AWS CLI as `aws` (127.0.0.1:4566, also inside
        ARNs and condition keys, becomes the test server's address); skips without CLI or curl."""
        cli = clients.discover()[0].get("cli_v2") or clients.discover()[0].get("cli_v1")
        if not cli or not shutil.which("curl"):
            self.skipTest("needs an AWS CLI and curl")
        bindir = os.path.join(self.work, "bin")
        os.makedirs(bindir, exist_ok=True)
        if not os.path.exists(os.path.join(bindir, "aws")):
            os.symlink(cli.executable, os.path.join(bindir, "aws"))
        host_port = self.server.url.split("://", 1)[1].rstrip("/")
        script = self.snippets[name].replace("127.0.0.1:4566", host_port)
        return self.run_ok(["bash", "-euo", "pipefail", "-c", script],
                           env=clean_env(PATH=bindir + os.pathsep + os.environ["PATH"]))

    def test_expiry(self):
        out = self.run_cli_snippet("expiry")
        self.assertEqual(out.split("\n"), [
            f"arn:aws:sts::{config.ACCOUNT}:assumed-role/demo/s1", "expired", ""])

    def test_web_identity(self):
        out, decoder, answers = self.run_cli_snippet("web-identity"), json.JSONDecoder(), []
        pos = 0
        while out[pos:].strip():  # each command printed one JSON document; the exchange is last
            pos += len(out[pos:]) - len(out[pos:].lstrip())
            doc, pos = decoder.raw_decode(out, pos)
            answers.append(doc)
        answer = answers[-1]
        self.assertEqual(answer["AssumedRoleUser"]["Arn"],
                         f"arn:aws:sts::{config.ACCOUNT}:assumed-role/deploy/gha")
        self.assertEqual(answer["SubjectFromWebIdentityToken"], "repo:octo/app:ref:refs/heads/main")
        self.assertEqual(answer["Audience"], "sts.amazonaws.com")
        self.assertTrue(answer["Credentials"]["AccessKeyId"].startswith("ASIA"))

    def test_profile_and_boto3(self):
        import botocore
        if tuple(int(x) for x in botocore.__version__.split(".")[:2]) < (1, 31):
            self.skipTest(f"botocore {botocore.__version__} predates endpoint_url in a profile")
        profile = os.path.join(self.work, "config")
        with open(profile, "w") as f:
            f.write(self.snippet("profile"))
        script = ("import boto3\nprint(boto3.Session(profile_name='localiam').client('sts')"
                  ".get_caller_identity()['Arn'])")
        out = self.run_ok([sys.executable, "-c", script], env=clean_env(AWS_CONFIG_FILE=profile))
        self.assertEqual(out.strip(), f"arn:aws:iam::{config.ACCOUNT}:root")
        out = self.run_ok([sys.executable, "-c", self.snippet("boto3")])
        self.assertEqual(out.strip(), f"arn:aws:iam::{config.ACCOUNT}:user/from-boto3")

    def node_file(self, name, text):
        # In tests/js, so that its node_modules resolve the SDK.
        path = clients.JS_DIR / f".readme-{name}-{os.getpid()}.test.mjs"
        path.write_text(text)
        self.addCleanup(path.unlink)
        return str(path)

    def test_javascript(self):
        if not js_available():
            self.skipTest("no node or tests/js/node_modules")
        path = self.node_file("javascript", self.snippet("javascript"))
        out = self.run_ok([shutil.which("node"), path], cwd=str(clients.JS_DIR))
        self.assertEqual(out.strip(), f"arn:aws:sts::{config.ACCOUNT}:assumed-role/from-javascript/js")

    def test_node_test(self):
        if not js_available():
            self.skipTest("no node or tests/js/node_modules")
        path = self.node_file("node-test", self.snippet("node-test"))
        out = self.run_ok([shutil.which("node"), "--test", path], cwd=str(clients.JS_DIR),
                          env=clean_env(LOCALIAM=config.BINARY))
        self.assertIn("# pass 1", out)
        self.assertIn("# fail 0", out)

    def test_pytest_fixture(self):
        """Under pytest when it is installed; otherwise the fixture is driven by hand (with a
        stand-in for the pytest.fixture decorator) through the same test function."""
        path = os.path.join(self.work, "test_readme_fixture.py")
        with open(path, "w") as f:
            f.write(self.snippet("pytest"))
        env = clean_env(LOCALIAM=config.BINARY)
        try:
            import pytest  # noqa: F401
        except ImportError:
            runner = (
                "import sys, types\n"
                "fake = types.ModuleType('pytest')\n"
                "fake.fixture = lambda *a, **k: (lambda f: f)\n"
                "sys.modules['pytest'] = fake\n"
                f"sys.path.insert(0, {self.work!r})\n"
                "import test_readme_fixture as t\n"
                "gen = t.localiam()\n"
                "url = next(gen)\n"
                "t.test_create_user(url)\n"
                "try:\n    next(gen)\nexcept StopIteration:\n    print('fixture ok')\n")
            out = self.run_ok([sys.executable, "-c", runner], env=env)
            self.assertIn("fixture ok", out)
            return
        out = self.run_ok([sys.executable, "-m", "pytest", "-q", path], env=env)
        self.assertIn("1 passed", out)

    def test_github_actions_start_step(self):
        text = self.snippets["github-actions"]
        self.assertIn("script/bootstrap localiam", text)
        m = re.search(r"- name: Start localiam\n\s+run: \|\n((?:\s{10}.*\n)+)", text)
        self.assertIsNotNone(m, "no 'Start localiam' step with a run: | block")
        step = "\n".join(line[10:] for line in m.group(1).splitlines())
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        seed_dir = os.path.join(self.work, "tests")
        os.makedirs(seed_dir, exist_ok=True)
        with open(os.path.join(seed_dir, "iam-seed.json"), "w") as f:
            f.write(self.snippet("seed"))
        step = step.replace("localiam/build/localiam", config.BINARY).replace("4566", str(port))
        try:
            self.run_ok(["bash", "-euo", "pipefail", "-c", step])
            out = clients.fast().call(f"http://127.0.0.1:{port}", clients.Creds("AKIAALICE00000000001", "alice-secret-key"),
                                      "sts", "GetCallerIdentity")
            self.assertEqual(out["Arn"], f"arn:aws:iam::{config.ACCOUNT}:user/people/alice")
        finally:
            pids = subprocess.run(["pgrep", "-f", f"{config.BINARY} --port {port} "], capture_output=True,
                                  text=True).stdout.split()
            for pid in pids:
                os.kill(int(pid), 15)

    def test_seed_and_state(self):
        seed = os.path.join(self.work, "seed.json")
        with open(seed, "w") as f:
            f.write(self.snippet("seed"))
        server = cases.LocalIam("ReadmeSeed", auth="verify", extra_args=["--seed", seed])
        self.addCleanup(server.kill)
        server.start()
        fast = clients.fast()
        bob = fast.call(server.url, clients.Creds("AKIABOB0000000000001", "bob-secret-key"), "sts",
                        "GetCallerIdentity")
        self.assertEqual(bob["Arn"], "arn:aws:iam::111111111111:user/bob")
        tags = fast.call(server.url, clients.ROOT, "iam", "ListRoleTags", {"RoleName": "deployer"})["Tags"]
        self.assertEqual(tags, [{"Key": "env", "Value": "ci"}])
        if not shutil.which("curl"):
            server.stop()
            self.skipTest("no curl for the state snippet")
        fast.call(server.url, clients.ROOT, "iam", "CreateUser", {"UserName": "kept-in-state"})
        out = self.run_ok(["bash", "-euo", "pipefail", "-c",
                           self.snippets["state"].replace(DEFAULT_URL, server.url)])
        self.assertIn('localiam_entities{kind="users"} 3', out)  # alice, bob and kept-in-state
        users = [u["UserName"] for u in fast.call(server.url, clients.ROOT, "iam", "ListUsers")["Users"]]
        self.assertIn("kept-in-state", users)  # restored from state.json after the reset
        server.stop()


class PoliciesSnippet(cases.ServerCase):
    """The enforce-mode story and simulation under "Policies: enforce mode and the simulator"."""
    auth = "enforce"
    root_keys = ("test", "test")

    def test_policies(self):
        cli = clients.discover()[0].get("cli_v2") or clients.discover()[0].get("cli_v1")
        if not cli:
            self.skipTest("no AWS CLI")
        script = snippets()["policies"].replace(DEFAULT_URL, self.server.url)
        with tempfile.TemporaryDirectory(dir=config.tmp_root()) as work:
            os.symlink(cli.executable, os.path.join(work, "aws"))
            proc = subprocess.run(["bash", "-euo", "pipefail", "-c", script], capture_output=True,
                                  text=True, timeout=300, stdin=subprocess.DEVNULL, cwd=work,
                                  env=clean_env(PATH=work + os.pathsep + os.environ["PATH"]))
        self.assertEqual(proc.returncode, 0, proc.stderr[-3000:])
        self.assertEqual(proc.stdout.split("\n"), [
            "denied, as on AWS", "dana", "still denied", "iam:ListUsers\tallowed",
            "iam:CreateUser\timplicitDeny", ""])
        self.assertIn("User: arn:aws:iam::000000000000:user/dana is not authorized to perform: "
                      "iam:ListUsers on resource: arn:aws:iam::000000000000:user/ because no "
                      "identity-based policy allows the iam:ListUsers action", proc.stderr)


if __name__ == "__main__":
    unittest.main()
