"""Runs the README's snippets (every fenced block after a `<!-- snippet:NAME auth=MODE -->`
marker) as a reader would, so the documentation cannot drift: the AWS CLI commands, the
profile with endpoint_url, the boto3, JavaScript and Go programs, the pytest fixture, the
Node.js test, the GitHub Actions job, the seed file, the state/metrics commands, the
enforce-mode story and the expiry and web-identity flows.

Each snippet runs in the auth mode its marker names: `any` ones in open, verify, enforce and audit
(one server per mode), `enforce` ones in enforce, and `self` ones start their own server as
they are written. Shell snippets run by `bash -euo pipefail` in a fresh environment (no AWS_
or LOCALIAM_ variables), so any failing command fails the test. 127.0.0.1:4566 in a snippet
becomes the test server's address. The docker commands are the one exception (no Docker
engine; test_docker.py covers the Dockerfile)."""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import unittest
import urllib.request

from support import cases, clients, config

README = config.REPO_ROOT / "README.md"
DEFAULT_URL = "http://127.0.0.1:4566"
ACCOUNT = config.ACCOUNT
MARKER = re.compile(r"^<!-- snippet:([\w-]+)(.*?)-->\n```\w*\n(.*?)^```", re.DOTALL | re.MULTILINE)
MODES = ("open", "verify", "enforce", "audit")
# Every snippet and the mode its marker must name (`self`: it starts its own server; `none`:
# not run against a server).
EXPECTED_MODES = {
    "cli": "any", "profile": "any", "boto3": "any", "javascript": "any", "go": "any",
    "expiry": "any", "web-identity": "any", "seed": "any", "state": "any",
    "policies": "enforce",
    "pytest-conftest": "self", "pytest-test": "self", "node-test": "self",
    "github-actions": "self", "github-actions-test": "self", "gateway": "self",
    "why-denied": "self", "console": "self",
    "docker": "none",
}
# A Debian 12 container's PATH (debian:12 sets no other).
DEBIAN_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
# Stand-ins for the GitHub Actions job (see test_github_actions_job).
APT_GET_STAND_IN = r"""#!/bin/bash
# apt-get stand-in: what the job installs must already be installed on this machine; it is
# noted in INSTALLED.
case "$1" in
  update) exit 0 ;;
  install) shift ;;
  *) echo "apt-get stand-in: $*?" >&2; exit 2 ;;
esac
for p in "$@"; do
  [[ $p == -* ]] && continue
  [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) == 'install ok installed' ]] ||
    { echo "apt-get stand-in: $p is not installed here (script/bootstrap installs it)" >&2; exit 100; }
  echo "$p" >> 'INSTALLED'
done
"""
CMAKE_STAND_IN = r"""#!/bin/bash
# cmake stand-in: configuring does nothing; building localiam links the binary under test.
if [[ $1 == --build ]]; then
  [[ " $* " == *' --target localiam '* ]] || { echo "cmake stand-in: $*" >&2; exit 2; }
  mkdir -p "$2" && ln -sf 'BINARY' "$2/localiam"
fi
"""


def read_snippets():
    """{name: (auth mode named by the marker or None, body)}"""
    found = {}
    for m in MARKER.finditer(README.read_text(encoding="utf-8")):
        mode = re.search(r"\bauth=(\w+)", m.group(2))
        found[m.group(1)] = (mode.group(1) if mode else None, m.group(3))
    return found


def snippet_mode(name):
    return read_snippets().get(name, (None, ""))[0]


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "LOCALIAM_"))}
    env.update({"AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
                "AWS_EC2_METADATA_DISABLED": "true", "AWS_PAGER": "", "NODE_NO_WARNINGS": "1"})
    env.update(extra)
    return env


def js_available():
    return any(d.name == "js_v3" for d in clients.discover()[0].values())


def cli_driver():
    drivers = clients.discover()[0]
    return drivers.get("cli_v2") or drivers.get("cli_v1")


def pythons(*modules):
    """The Pythons here (the suite's and Debian's /usr/bin/python3) that import every module,
    as [(executable, version of the first module)], one per distinct version."""
    found, versions = [], set()
    for exe in (sys.executable, "/usr/bin/python3"):
        if not os.path.exists(exe):
            continue
        probe = f"import {', '.join(modules)}; print({modules[0]}.__version__)"
        proc = subprocess.run([exe, "-c", probe], capture_output=True, text=True, timeout=60,
                              stdin=subprocess.DEVNULL)
        version = proc.stdout.strip()
        if proc.returncode == 0 and version not in versions:
            versions.add(version)
            found.append((exe, version))
    return found


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class SnippetRunner:
    """Running snippets: a work directory, the AWS CLI as `aws`, checked subprocesses."""

    def work_dir(self):
        if not getattr(self, "_work", None):
            self._work = tempfile.mkdtemp(dir=config.tmp_root())
        return self._work

    def snippet(self, name):
        found = read_snippets()
        self.assertIn(name, found, f"README.md has no <!-- snippet:{name} --> block")
        return found[name][1]

    def run_ok(self, argv, **kwargs):
        kwargs.setdefault("env", clean_env())
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=kwargs.pop("timeout", 300),
                              stdin=subprocess.DEVNULL, cwd=kwargs.pop("cwd", self.work_dir()), **kwargs)
        self.assertEqual(proc.returncode, 0, f"{argv[0]} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
        return proc.stdout

    def run_shell(self, script, url, **env):
        """Runs `script` by bash -euo pipefail with an AWS CLI as `aws`, 127.0.0.1:4566 (also
        inside ARNs and condition keys) becoming `url`'s host and port; skips without CLI or curl."""
        cli = cli_driver()
        if not cli or not shutil.which("curl"):
            self.skipTest("needs an AWS CLI and curl")
        bindir = os.path.join(self.work_dir(), "bin")
        os.makedirs(bindir, exist_ok=True)
        if not os.path.exists(os.path.join(bindir, "aws")):
            os.symlink(cli.executable, os.path.join(bindir, "aws"))
        host_port = url.split("://", 1)[1].rstrip("/")
        return self.run_ok(["bash", "-euo", "pipefail", "-c", script.replace("127.0.0.1:4566", host_port)],
                           env=clean_env(PATH=bindir + os.pathsep + os.environ["PATH"], **env))


    def run_self_snippet(self, script, cli, while_running=None, timeout=120):
        """Runs a snippet that starts its own servers (`auth=self`) by bash -euo pipefail, the
        AWS CLI `cli` as `aws`, in its own process group (stopped afterwards, servers and all,
        after `while_running()` if given); its output goes to files, which the servers it leaves
        running also hold. Returns (exit status, stdout, stderr)."""
        bindir = os.path.join(self.work_dir(), "bin")
        os.makedirs(bindir, exist_ok=True)
        if not os.path.exists(os.path.join(bindir, "aws")):
            os.symlink(cli.executable, os.path.join(bindir, "aws"))
        env = clean_env(PATH=bindir + os.pathsep + os.environ["PATH"])
        out_path = os.path.join(self.work_dir(), "snippet.out")
        err_path = os.path.join(self.work_dir(), "snippet.err")
        with open(out_path, "w") as out_file, open(err_path, "w") as err_file:
            proc = subprocess.Popen(["bash", "-euo", "pipefail", "-c", script], cwd=self.work_dir(),
                                    env=env, stdin=subprocess.DEVNULL, stdout=out_file,
                                    stderr=err_file, start_new_session=True)
        try:
            proc.wait(timeout=timeout)
            if while_running and proc.returncode == 0:
                while_running()
        finally:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=30)
        with open(out_path) as f:
            out = f.read()
        with open(err_path) as f:
            err = f.read()
        return proc.returncode, out, err


class AnyModeSnippets(SnippetRunner):
    """The snippets whose marker says auth=any, against a server in `auth` (one class per mode)."""

    def test_cli(self):
        out = self.run_shell(self.snippet("cli"), self.server.url)
        self.assertIn(f'"Arn": "arn:aws:iam::{ACCOUNT}:root"', out)
        self.assertIn("from-the-cli", out)

    def test_leftover_session_token(self):
        """A session token left in the shell (the walkthrough ends with one) must not spoil a
        snippet that sets credentials: each of them unsets it. Checked by running the CLI
        snippet with one, and by reading every shell block that exports a key."""
        script = self.snippet("cli").replace("from-the-cli", "after-the-walkthrough")
        out = self.run_shell(script, self.server.url, AWS_SESSION_TOKEN="left-over-from-the-walkthrough")
        self.assertIn(f'"Arn": "arn:aws:iam::{ACCOUNT}:root"', out)
        text = README.read_text(encoding="utf-8")
        for block in re.findall(r"^```sh\n(.*?)^```", text, re.DOTALL | re.MULTILINE):
            first = block.split("\n", 1)[0]
            if first.startswith("export AWS_ACCESS_KEY_ID=test"):
                self.assertIn("unset AWS_SESSION_TOKEN", block, f"this block sets the root key but keeps a "
                              f"session token left in the shell:\n{block[:300]}")

    def test_profile(self):
        found = [p for p in pythons("botocore", "boto3")
                 if tuple(int(x) for x in p[1].split(".")[:2]) >= (1, 31)]
        if not found:
            self.skipTest("no botocore >= 1.31 here: older ones predate endpoint_url in a profile")
        profile = os.path.join(self.work_dir(), "config")
        with open(profile, "w") as f:
            f.write(self.snippet("profile").replace(DEFAULT_URL, self.server.url))
        script = ("import boto3\nprint(boto3.Session(profile_name='localiam').client('sts')"
                  ".get_caller_identity()['Arn'])")
        out = self.run_ok([found[0][0], "-c", script], env=clean_env(AWS_CONFIG_FILE=profile))
        self.assertEqual(out.strip(), f"arn:aws:iam::{ACCOUNT}:root")

    def test_boto3(self):
        """With every boto3 here, Debian's 1.26 (which ignores AWS_ENDPOINT_URL) included."""
        found = pythons("boto3")
        if not found:
            self.skipTest("no Python here imports boto3")
        for n, (python, version) in enumerate(found):
            with self.subTest(python=python, boto3=version):
                user = f"from-boto3-{n}" if n else "from-boto3"
                script = self.snippet("boto3").replace(DEFAULT_URL, self.server.url).replace("from-boto3", user)
                out = self.run_ok([python, "-c", script])
                self.assertEqual(out.strip(), f"arn:aws:iam::{ACCOUNT}:user/{user}")

    def node_file(self, name, text):
        # In tests/js, so that its node_modules resolve the SDK.
        path = clients.JS_DIR / f".readme-{name}-{self.auth}-{os.getpid()}.test.mjs"
        path.write_text(text)
        self.addCleanup(path.unlink)
        return str(path)

    def test_javascript(self):
        if not js_available():
            self.skipTest("no node or tests/js/node_modules")
        path = self.node_file("javascript", self.snippet("javascript").replace(DEFAULT_URL, self.server.url))
        out = self.run_ok([shutil.which("node"), path], cwd=str(clients.JS_DIR))
        self.assertEqual(out.strip(), f"arn:aws:sts::{ACCOUNT}:assumed-role/from-javascript/js")

    def test_go(self):
        """main.go built and run with the command the README gives, offline (GOPROXY=off)."""
        go = shutil.which("go")
        if not go:
            self.skipTest("Go is absent (script/bootstrap installs golang-go and "
                          "golang-github-aws-aws-sdk-go-v2-dev with the test clients)")
        text = README.read_text(encoding="utf-8")
        command = re.search(r"`(GO111MODULE=off GOPATH=\S+ go run main\.go)`", text)
        self.assertIsNotNone(command, "README.md no longer says how to build main.go offline")
        work = os.path.join(self.work_dir(), "go")
        os.makedirs(work, exist_ok=True)
        with open(os.path.join(work, "main.go"), "w") as f:
            f.write(self.snippet("go").replace(DEFAULT_URL, self.server.url))
        env = clean_env(GOPROXY="off", GOFLAGS="")
        if not env.get("GOCACHE") and not env.get("HOME"):  # Go keeps its build cache under HOME
            env["GOCACHE"] = os.path.join(config.tmp_root(), "go-build")
        out = self.run_ok(["bash", "-euo", "pipefail", "-c", command.group(1)], cwd=work, env=env)
        self.assertEqual(out.strip(), f"arn:aws:iam::{ACCOUNT}:user/from-go")

    def test_expiry(self):
        def back_to_real_time():
            request = urllib.request.Request(self.server.url + "/_localiam/clock", method="DELETE")
            urllib.request.urlopen(request, timeout=10).read()
        self.addCleanup(back_to_real_time)  # should the snippet stop half-way
        out = self.run_shell(self.snippet("expiry"), self.server.url)
        self.assertEqual(out.split("\n"), [
            f"arn:aws:sts::{ACCOUNT}:assumed-role/demo/s1",
            "(ExpiredToken) when calling the GetCallerIdentity operation: The security token "
            "included in the request is expired", ""])

    def test_web_identity(self):
        out, decoder, answers = self.run_shell(self.snippet("web-identity"), self.server.url), json.JSONDecoder(), []
        pos = 0
        while out[pos:].strip():  # each command printed one JSON document; the exchange is last
            pos += len(out[pos:]) - len(out[pos:].lstrip())
            doc, pos = decoder.raw_decode(out, pos)
            answers.append(doc)
        answer = answers[-1]
        self.assertEqual(answer["AssumedRoleUser"]["Arn"], f"arn:aws:sts::{ACCOUNT}:assumed-role/deploy/gha")
        self.assertEqual(answer["SubjectFromWebIdentityToken"], "repo:octo/app:ref:refs/heads/main")
        self.assertEqual(answer["Audience"], "sts.amazonaws.com")
        self.assertTrue(answer["Credentials"]["AccessKeyId"].startswith("ASIA"))

    def test_seed_and_state(self):
        seed = os.path.join(self.work_dir(), "seed.json")
        with open(seed, "w") as f:
            f.write(self.snippet("seed"))
        server = cases.LocalIam(f"ReadmeSeed_{self.auth}", auth=self.auth, extra_args=["--seed", seed])
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
        out = self.run_ok(["bash", "-euo", "pipefail", "-c", self.snippet("state").replace(DEFAULT_URL, server.url)])
        self.assertIn('localiam_entities{kind="users"} 3', out)  # alice, bob and kept-in-state
        users = [u["UserName"] for u in fast.call(server.url, clients.ROOT, "iam", "ListUsers")["Users"]]
        self.assertIn("kept-in-state", users)  # restored from state.json after the reset
        server.stop()


for _mode in MODES:
    _name = f"ReadmeSnippets_{_mode}"
    globals()[_name] = type(_name, (AnyModeSnippets, cases.ServerCase), {
        "auth": _mode, "__module__": __name__, "__qualname__": _name})


class ReadmeMarkers(unittest.TestCase):
    def test_every_block_names_its_mode_and_has_a_test(self):
        found = {name: mode for name, (mode, _) in read_snippets().items()}
        self.assertEqual(found, EXPECTED_MODES)
        for name, mode in found.items():
            if mode == "any":
                self.assertTrue(hasattr(AnyModeSnippets, "test_" + name.replace("-", "_"))
                                or name in ("seed", "state"), name)


class PoliciesSnippet(SnippetRunner, cases.ServerCase):
    """The enforce-mode story and simulation under "Policies: enforce mode and the simulator",
    in the mode its marker names."""
    auth = snippet_mode("policies") or "enforce"
    root_keys = ("test", "test")

    def test_policies(self):
        self.assertEqual(self.auth, "enforce")
        out = self.run_shell(self.snippet("policies"), self.server.url)
        denied = ("(AccessDenied) when calling the {op} operation: User: arn:aws:iam::000000000000:user/dana "
                  "is not authorized to perform: iam:{op} on resource: arn:aws:iam::000000000000:user/{res} "
                  "because no identity-based policy allows the iam:{op} action")
        self.assertEqual(out.split("\n"), [
            denied.format(op="ListUsers", res=""), "dana", denied.format(op="CreateUser", res="eve"),
            "iam:ListUsers\tallowed", "iam:CreateUser\timplicitDeny", ""])


class SelfStartingSnippets(SnippetRunner, unittest.TestCase):
    """The snippets that start localiam themselves (the pytest fixture, the Node.js test, the
    GitHub Actions job), run as written with the binary under test."""

    def test_pytest_fixture(self):
        """conftest.py and test_iam.py exactly as the README says, collected by pytest."""
        found = pythons("pytest", "boto3")
        if not found:
            self.skipTest("no Python here imports pytest and boto3 (script/bootstrap installs python3-pytest)")
        project = os.path.join(self.work_dir(), "pytest-project")
        os.makedirs(project)
        with open(os.path.join(project, "conftest.py"), "w") as f:
            f.write(self.snippet("pytest-conftest"))
        with open(os.path.join(project, "test_iam.py"), "w") as f:
            f.write(self.snippet("pytest-test"))
        out = self.run_ok([found[0][0], "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=project,
                          env=clean_env(LOCALIAM=config.BINARY))
        self.assertIn("1 passed", out)

    def test_node_test(self):
        """The README's Node.js test, plus 600 calls through its fixture at the default log level
        (a line per request on stderr: a fixture that left it in an unread pipe stalled after
        about 200)."""
        if not js_available():
            self.skipTest("no node or tests/js/node_modules")
        many = ('\ntest("600 calls through the fixture", { timeout: 30000 }, async () => {\n'
                '  const sts = new STSClient({ endpoint, region: "us-east-1", maxAttempts: 1,\n'
                '    credentials: { accessKeyId: "test", secretAccessKey: "test" } });\n'
                '  for (let i = 0; i < 600; i++) await sts.send(new GetCallerIdentityCommand({}));\n'
                '});\n')
        text = self.snippet("node-test")
        self.assertNotIn("--log-level", text)  # the default, info, is what the 600 calls need
        path = clients.JS_DIR / f".readme-node-test-{os.getpid()}.test.mjs"
        path.write_text(text + many)
        self.addCleanup(path.unlink)
        out = self.run_ok([shutil.which("node"), "--test", str(path)], cwd=str(clients.JS_DIR),
                          env=clean_env(LOCALIAM=config.BINARY), timeout=120)
        self.assertIn("# pass 2", out)
        self.assertIn("# fail 0", out)

    def test_github_actions_job(self):
        """Every step of the job, in order, as written, with the step's environment, by bash
        -eo pipefail (GitHub's shell for `run`) in a checkout laid out as the job's. Not in a
        fresh debian:12 container (building localiam there from nothing takes longer than the
        suite): `apt-get` is a stand-in that fails unless each package it is asked for is
        installed here (script/bootstrap installs them), `cmake` one that links the binary under
        test as localiam/build/localiam, and PATH is a Debian container's, so `python3` is
        Debian's. The tests must find pytest and boto3 installed by an earlier step, as debian:12
        has neither (nor python3). The real localiam/script/bootstrap runs."""
        try:
            import yaml
        except ImportError:
            self.skipTest("PyYAML is missing (python3-yaml; script/bootstrap installs it)")
        job = yaml.safe_load(self.snippet("github-actions"))["jobs"]["integration"]
        self.assertEqual(job["container"], "debian:12")
        port = str(free_port())
        root = self.work_dir()
        repo = os.path.join(root, "repo")  # the job's working directory: your repository
        os.makedirs(os.path.join(repo, "tests"))
        with open(os.path.join(repo, "tests", "iam-seed.json"), "w") as f:
            f.write(self.snippet("seed"))
        with open(os.path.join(repo, "tests", "test_iam.py"), "w") as f:
            f.write(self.snippet("github-actions-test"))
        stand_ins = os.path.join(root, "stand-ins")
        os.makedirs(stand_ins)
        installed = os.path.join(root, "installed-by-the-job")
        apt_get = APT_GET_STAND_IN.replace("INSTALLED", installed)
        cmake = CMAKE_STAND_IN.replace("BINARY", config.BINARY)
        for tool, text in (("apt-get", apt_get), ("cmake", cmake)):
            with open(os.path.join(stand_ins, tool), "w") as f:
                f.write(text)
        for tool in ("apt-get", "cmake"):
            os.chmod(os.path.join(stand_ins, tool), 0o755)
        home = os.path.join(root, "home")
        os.makedirs(home)
        base_env = {"PATH": stand_ins + os.pathsep + DEBIAN_PATH, "HOME": home, "LANG": "C.UTF-8",
                    "CI": "true", "GITHUB_ACTIONS": "true"}
        base_env.update({k: str(v) for k, v in (job.get("env") or {}).items()})
        groups = []
        try:
            for step in job["steps"]:
                if "uses" in step:
                    self.assertTrue(step["uses"].startswith("actions/checkout@"), step)
                    path = (step.get("with") or {}).get("path")
                    if path:  # the localiam checkout: the bootstrap script is all the job runs from it
                        os.makedirs(os.path.join(repo, path, "script"))
                        shutil.copy(config.REPO_ROOT / "script" / "bootstrap", os.path.join(repo, path, "script"))
                    continue
                env = dict(base_env)
                env.update({k: str(v).replace("4566", port) for k, v in (step.get("env") or {}).items()})
                proc = subprocess.Popen(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
                                         step["run"].replace("4566", port)],
                                        cwd=repo, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, start_new_session=True)
                groups.append(proc.pid)
                out, err = proc.communicate(timeout=600)
                self.assertEqual(proc.returncode, 0,
                                 f"step {step.get('name')!r} failed:\n{out[-3000:]}\n{err[-3000:]}")
                if step.get("name") == "Tests":
                    # debian:12 has no python3, pytest or boto3: the job must install them first.
                    with open(installed) if os.path.exists(installed) else open(os.devnull) as f:
                        packages = set(f.read().split())
                    self.assertLessEqual({"python3-pytest", "python3-boto3"}, packages,
                                         "the job runs pytest with boto3 without installing them")
                    self.assertIn("1 passed", out)
            self.assertIn("Tests", [s.get("name") for s in job["steps"]])
        finally:
            for group in groups:  # the server the Start step left running
                try:
                    os.killpg(group, signal.SIGTERM)
                except ProcessLookupError:
                    pass


if __name__ == "__main__":
    unittest.main()
