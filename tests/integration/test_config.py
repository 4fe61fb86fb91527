"""Configuration of the real binary: flags, LOCALIAM_* environment variables and a config
file (--config / LOCALIAM_CONFIG), their precedence (flags, then environment, then file),
--help listing every option with its default, --version, errors that name the setting,
and the `localiam health` probe."""

import os
import re
import shutil
import subprocess
import unittest

from support import config
from support.server import LocalIam


def run(args, env=None, timeout=30):
    base = {k: v for k, v in os.environ.items() if not k.startswith("LOCALIAM_")}
    base.update(env or {})
    return subprocess.run([config.BINARY] + args, env=base, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


class ConfigTests(unittest.TestCase):
    def workdir(self):
        path = os.path.join(config.tmp_root(), "ConfigTests")
        os.makedirs(path, exist_ok=True)
        return path

    def test_help_lists_every_option_with_env_and_default(self):
        proc = run(["--help"])
        self.assertEqual(proc.returncode, 0)
        for option, env, default in [
                ("host", "LOCALIAM_HOST", "127.0.0.1"), ("port", "LOCALIAM_PORT", "4566"),
                ("data", "LOCALIAM_DATA", "./localiam.db"),
                ("account-id", "LOCALIAM_ACCOUNT_ID", "000000000000"),
                ("auth", "LOCALIAM_AUTH", "open"), ("root-access-key", "LOCALIAM_ROOT_ACCESS_KEY", "test"),
                ("root-secret-key", "LOCALIAM_ROOT_SECRET_KEY", "test"),
                ("threads", "LOCALIAM_THREADS", "0"), ("log-level", "LOCALIAM_LOG_LEVEL", "info"),
                ("decisions", "LOCALIAM_DECISIONS", "10000"),
                ("principal", "LOCALIAM_PRINCIPAL", "none"), ("denied", "LOCALIAM_DENIED", "false"),
                ("seed", "LOCALIAM_SEED", "none"), ("config", "LOCALIAM_CONFIG", "none")]:
            line = next((l for l in proc.stdout.splitlines() if l.strip().startswith(f"--{option} ")), None)
            self.assertIsNotNone(line, f"--help does not list --{option}:\n{proc.stdout}")
            self.assertIn(env, line)
            self.assertIn(f"default: {default}", line)
        for command in ("serve", "export", "import", "health", "decisions"):
            self.assertRegex(proc.stdout, rf"(?m)^  {command}\s")

    def test_version(self):
        proc = run(["--version"])
        self.assertEqual(proc.returncode, 0)
        self.assertRegex(proc.stdout.strip(), r"^localiam \d+\.\d+\.\d+$")

    def test_bad_settings_name_the_setting(self):
        proc = run(["--port", "70000"])
        self.assertEqual(proc.returncode, 2)
        self.assertIn("--port must be a number from 0 to 65535", proc.stderr)
        proc = run(["--decisions", "-1"])
        self.assertEqual(proc.returncode, 2)
        self.assertIn("--decisions must be a number from 0 to 10000000", proc.stderr)
        proc = run([], env={"LOCALIAM_AUTH": "sometimes"})
        self.assertEqual(proc.returncode, 2)
        self.assertIn("LOCALIAM_AUTH: --auth must be open, verify, enforce or audit", proc.stderr)
        path = os.path.join(self.workdir(), "bad.conf")
        with open(path, "w") as f:
            f.write("# a comment\nport = 0\n\nlog-levels = debug\n")
        proc = run(["--config", path])
        self.assertEqual(proc.returncode, 2)
        self.assertIn(f"{path}:4: unknown option log-levels", proc.stderr)
        # The error shows the value it read.
        with open(path, "w") as f:
            f.write("auth = verifyy\n")
        proc = run(["--config", path])
        self.assertEqual(proc.returncode, 2)
        self.assertIn(f'{path}:1: --auth must be open, verify, enforce or audit (read "verifyy")', proc.stderr)

    def start_and_read_line(self, argv, cwd, env=None):
        """Starts `argv` (the binary, or a script that runs it) and returns (process, the
        listening line, the lines before it)."""
        base = {k: v for k, v in os.environ.items() if not k.startswith("LOCALIAM_")}
        base.update(env or {})
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                cwd=cwd, env=base, stdin=subprocess.DEVNULL)
        before = []
        for line in proc.stdout:
            if "listening on" in line:
                return proc, line, before
            before.append(line)
        proc.wait(15)
        self.fail("the server did not start:\n" + "".join(before))

    def stop(self, proc):
        proc.terminate()
        self.assertEqual(proc.wait(15), 0)
        proc.stdout.close()

    def test_config_file_as_the_readme_writes_it(self):
        """Comments after a value, `log_level` spelled like its variable, and relative paths
        that mean the config file's folder, whatever directory the server starts in."""
        work = self.workdir()
        folder = os.path.join(work, "conf-folder")
        os.makedirs(folder, exist_ok=True)
        shutil.copy(config.fixture("seed.json"), os.path.join(folder, "team-seed.json"))
        path = os.path.join(folder, "localiam.conf")
        with open(path, "w") as f:
            f.write("# localiam for the team\n"
                    "port = 0          # any free port\n"
                    "auth = verify  # signatures are checked\n"
                    "log_level = debug\n"
                    "seed = team-seed.json\n"
                    "data = state/relative.db\n")
        os.makedirs(os.path.join(folder, "state"), exist_ok=True)
        elsewhere = os.path.join(work, "elsewhere")
        os.makedirs(elsewhere, exist_ok=True)
        proc, line, before = self.start_and_read_line([config.BINARY, "--config", path], elsewhere)
        try:
            data = os.path.join(folder, "state", "relative.db")
            self.assertIn(f"(auth verify, data {data})", line)
            self.assertTrue(os.path.exists(data))
            self.assertFalse(os.path.exists(os.path.join(elsewhere, "state")))
            log = "".join(before)
            self.assertIn(f"seeded from {os.path.join(folder, 'team-seed.json')}", log)
            self.assertIn(" debug:", log)  # the debug level applies
        finally:
            self.stop(proc)

    def test_command_line_mistakes(self):
        proc = run(["--bogus"])
        self.assertEqual(proc.returncode, 2)
        self.assertIn("unknown option --bogus", proc.stderr)
        self.assertNotIn("needs a value", proc.stderr)
        proc = run(["-p", "5000"])
        self.assertEqual(proc.returncode, 2)
        self.assertIn("did you mean --port?", proc.stderr)
        for args in (["help"], ["-h"]):
            proc = run(args)
            self.assertEqual(proc.returncode, 0)
            self.assertIn("usage: localiam", proc.stdout)
        for args in (["version"], ["-v"]):
            proc = run(args)
            self.assertEqual(proc.returncode, 0)
            self.assertRegex(proc.stdout.strip(), r"^localiam \d+\.\d+\.\d+$")

    def test_script_server_leaves_the_config_file_and_the_directory_alone(self):
        """script/server, copied into a scratch checkout whose bootstrap only records how it
        was called: it asks for the server alone (no clients), stays in the caller's
        directory and lets a --config file's host, port and data stand."""
        work = self.workdir()
        repo = os.path.join(work, "checkout")
        shutil.rmtree(repo, ignore_errors=True)
        os.makedirs(os.path.join(repo, "script"))
        os.makedirs(os.path.join(repo, "build"))
        shutil.copy(config.REPO_ROOT / "script" / "server", os.path.join(repo, "script", "server"))
        calls = os.path.join(work, "bootstrap-calls")
        with open(os.path.join(repo, "script", "bootstrap"), "w") as f:
            f.write(f'#!/bin/sh\necho "clients=$LOCALIAM_BOOTSTRAP_CLIENTS args=$*" >> {calls}\n')
        os.chmod(os.path.join(repo, "script", "bootstrap"), 0o755)
        os.symlink(config.BINARY, os.path.join(repo, "build", "localiam"))
        caller = os.path.join(work, "caller")
        os.makedirs(caller, exist_ok=True)
        os.makedirs(os.path.join(caller, "conf"), exist_ok=True)
        with open(os.path.join(caller, "conf", "team.conf"), "w") as f:
            f.write("host = 127.0.0.1\nport = 0\ndata = from-config.db\n")

        proc, line, _ = self.start_and_read_line(
            ["bash", os.path.join(repo, "script", "server"), "--config", "conf/team.conf"], caller)
        try:
            self.assertIn("data conf/from-config.db)", line)
            self.assertTrue(os.path.exists(os.path.join(caller, "conf", "from-config.db")))
        finally:
            self.stop(proc)
        with open(calls) as f:
            self.assertEqual(f.read().splitlines(), ["clients=0 args=localiam"])

        # Without a config file: the server's defaults, in the caller's directory.
        proc, line, _ = self.start_and_read_line(
            ["bash", os.path.join(repo, "script", "server")], caller, env={"LOCALIAM_PORT": "0"})
        try:
            self.assertIn("data ./localiam.db)", line)
            self.assertTrue(os.path.exists(os.path.join(caller, "localiam.db")))
        finally:
            self.stop(proc)

    def test_file_then_environment_then_flags(self):
        work = self.workdir()
        path = os.path.join(work, "localiam.conf")
        with open(path, "w") as f:
            f.write(f"account-id = 123456789012\nauth = verify\nroot-access-key = filekey\n"
                    f"root-secret-key = filesecret\ndata = {os.path.join(work, 'from-file.db')}\n")
        server = LocalIam("ConfigPrecedence", extra_args=["--config", path])
        # LocalIam passes --auth open, which must win over the file's verify.
        server.data = ":memory:"
        server.start()
        try:
            status, doc, _ = server.health()
            self.assertEqual(status, 200)
            self.assertEqual(doc["auth"], "open")
            self.assertEqual(doc["data"], ":memory:")
            self.assertFalse(os.path.exists(os.path.join(work, "from-file.db")))
            # The account comes from the file: root credentials act in 123456789012.
            from support import clients
            identity = clients.fast().call(server.url, clients.Creds("filekey", "filesecret"), "sts",
                                           "GetCallerIdentity")
            self.assertEqual(identity["Account"], "123456789012")
        finally:
            server.stop()

        # The environment wins over the file; LOCALIAM_CONFIG names the file.
        proc = subprocess.Popen([config.BINARY, "--port", "0"], stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, cwd=work,
                                env=dict({k: v for k, v in os.environ.items() if not k.startswith("LOCALIAM_")},
                                         LOCALIAM_CONFIG=path, LOCALIAM_DATA=":memory:",
                                         LOCALIAM_AUTH="open"))
        try:
            line = proc.stdout.readline()
            self.assertIn("(auth open, data :memory:)", line)
            port = int(re.search(r"listening on http://127\.0\.0\.1:(\d+)", line).group(1))
            health = run(["health", "--port", str(port)])
            self.assertEqual(health.returncode, 0, health.stdout + health.stderr)
            self.assertIn('"status":"ok"', health.stdout)
        finally:
            proc.terminate()
            self.assertEqual(proc.wait(15), 0)

    def test_health_command_fails_when_nothing_listens(self):
        import socket
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        proc = run(["health", "--port", str(port), "--timeout", "2"])
        self.assertEqual(proc.returncode, 1)
        self.assertIn("cannot connect", proc.stdout)


if __name__ == "__main__":
    unittest.main()
