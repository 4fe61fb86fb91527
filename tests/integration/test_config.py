"""Configuration of the real binary: flags, LOCALIAM_* environment variables and a config
file (--config / LOCALIAM_CONFIG), their precedence (flags, then environment, then file),
--help listing every option with its default, --version, errors that name the setting,
and the `localiam health` probe."""

import os
import re
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
                ("seed", "LOCALIAM_SEED", "none"), ("config", "LOCALIAM_CONFIG", "none")]:
            line = next((l for l in proc.stdout.splitlines() if l.strip().startswith(f"--{option} ")), None)
            self.assertIsNotNone(line, f"--help does not list --{option}:\n{proc.stdout}")
            self.assertIn(env, line)
            self.assertIn(f"default: {default}", line)
        for command in ("serve", "export", "import", "health"):
            self.assertRegex(proc.stdout, rf"(?m)^  {command}\s")

    def test_version(self):
        proc = run(["--version"])
        self.assertEqual(proc.returncode, 0)
        self.assertRegex(proc.stdout.strip(), r"^localiam \d+\.\d+\.\d+$")

    def test_bad_settings_name_the_setting(self):
        proc = run(["--port", "70000"])
        self.assertEqual(proc.returncode, 2)
        self.assertIn("--port must be a number from 0 to 65535", proc.stderr)
        proc = run([], env={"LOCALIAM_AUTH": "sometimes"})
        self.assertEqual(proc.returncode, 2)
        self.assertIn("LOCALIAM_AUTH: --auth must be open, verify, enforce or audit", proc.stderr)
        path = os.path.join(self.workdir(), "bad.conf")
        with open(path, "w") as f:
            f.write("# a comment\nport = 0\n\nlog_level = debug\n")
        proc = run(["--config", path])
        self.assertEqual(proc.returncode, 2)
        self.assertIn(f"{path}:4: unknown option log_level", proc.stderr)

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
