"""docker/Dockerfile without a Docker engine: its build stage runs script/bootstrap (the
fresh-machine set-up); its runtime stage is debian:12-slim with a non-root user, port 4566 on
0.0.0.0, data in a volume and a HEALTHCHECK that needs no curl. The test runs the build
stage's packaging commands on the binary under test, starts that packaged binary with the
image's environment and runs the HEALTHCHECK command against it, and prints an estimate of
the image size (the runtime stage's files plus debian:12-slim)."""

import os
import re
import shlex
import shutil
import socket
import subprocess
import unittest

from support import config

DOCKERFILE = config.REPO_ROOT / "docker" / "Dockerfile"
COMPOSE = config.REPO_ROOT / "docker" / "compose.yaml"
# debian:12-slim (bookworm-slim), amd64, uncompressed, as `docker images` reports it.
DEBIAN_SLIM_MB = 74.8


def instructions(text):
    """[(KEYWORD, argument text)] with continuation lines joined and comments dropped."""
    text = re.sub(r"(?m)^\s*#.*\n", "", text)
    text = re.sub(r"\\\n", " ", text)
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            keyword, _, rest = line.partition(" ")
            out.append((keyword.upper(), rest.strip()))
    return out


def stages(text):
    result = []
    for keyword, rest in instructions(text):
        if keyword == "FROM":
            result.append([])
        result[-1].append((keyword, rest))
    return result


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class DockerfileTests(unittest.TestCase):
    def setUp(self):
        self.text = DOCKERFILE.read_text()
        self.build, self.runtime = stages(self.text)

    def test_build_stage_runs_the_bootstrap_script(self):
        self.assertEqual(self.build[0], ("FROM", "debian:12 AS build"))
        runs = [rest for keyword, rest in self.build if keyword == "RUN"]
        self.assertTrue(any(re.search(r"(^|\s)script/bootstrap localiam(\s|$)", r) for r in runs), runs)
        self.assertIn(("COPY", ". ."), self.build)

    def test_runtime_stage(self):
        self.assertEqual(self.runtime[0], ("FROM", "debian:12-slim"))
        user = [rest for keyword, rest in self.runtime if keyword == "USER"]
        self.assertEqual(len(user), 1)
        self.assertNotIn(user[0], ("root", "0"))
        self.assertIn(("EXPOSE", "4566"), self.runtime)
        self.assertIn(("VOLUME", '["/data"]'), self.runtime)
        env = self.env()
        self.assertEqual(env["LOCALIAM_HOST"], "0.0.0.0")
        self.assertEqual(env["LOCALIAM_PORT"], "4566")
        self.assertTrue(env["LOCALIAM_DATA"].startswith("/data/"))
        self.assertNotRegex(str(instructions(self.text)), r"\b(curl|wget)\b")
        compose = COMPOSE.read_text()
        self.assertIn("dockerfile: docker/Dockerfile", compose)
        self.assertIn("4566:4566", compose)

    def env(self):
        env = {}
        for keyword, rest in self.runtime:
            if keyword == "ENV":
                for item in shlex.split(rest):
                    key, _, value = item.partition("=")
                    env[key] = value
        return env

    def healthcheck(self):
        line = next(rest for keyword, rest in self.runtime if keyword == "HEALTHCHECK")
        match = re.search(r"CMD (\[.*\])", line)
        self.assertIsNotNone(match, line)
        import json
        return json.loads(match.group(1))

    def test_packaged_binary_serves_and_passes_its_healthcheck(self):
        work = os.path.join(config.tmp_root(), "DockerfileTests")
        out = os.path.join(work, "out")
        shutil.rmtree(out, ignore_errors=True)
        os.makedirs(out)
        # The build stage's packaging commands (everything after the bootstrap), on our binary.
        run = next(rest for keyword, rest in self.build if keyword == "RUN" and "script/bootstrap" in rest)
        packaging = run.split("&&", 1)[1].replace("/out", out).replace("build/localiam", config.BINARY)
        proc = subprocess.run(["bash", "-euo", "pipefail", "-c", packaging], capture_output=True, text=True,
                              timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        binary = os.path.join(out, "usr/local/bin/localiam")
        self.assertTrue(os.access(binary, os.X_OK))
        size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(out) for f in fs)
        libs = sorted(os.path.relpath(os.path.join(d, f), out) for d, _, fs in os.walk(out) for f in fs)
        print(f"\n  runtime stage adds {size / 1e6:.1f} MB ({', '.join(libs)}); image size estimate: "
              f"{DEBIAN_SLIM_MB + size / 1e6:.0f} MB with debian:12-slim ({DEBIAN_SLIM_MB} MB); "
              "an estimate, no Docker engine here")

        # Start it as the image would (its ENV, another port and data directory), then run the
        # HEALTHCHECK command with the same environment.
        env = {k: v for k, v in os.environ.items() if not k.startswith("LOCALIAM_")}
        env.update(self.env())
        port = free_port()
        env["LOCALIAM_PORT"] = str(port)
        env["LOCALIAM_DATA"] = os.path.join(work, "localiam.db")
        env["PATH"] = os.path.dirname(binary) + os.pathsep + env.get("PATH", "")
        entry = next(rest for keyword, rest in self.runtime if keyword == "ENTRYPOINT")
        cmd = next(rest for keyword, rest in self.runtime if keyword == "CMD")
        import json
        argv = json.loads(entry) + json.loads(cmd)
        server = subprocess.Popen(argv, env=env, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True)
        try:
            # Without LOCALIAM_ADMIN_TOKEN (compose.yaml sets one) the image warns first that
            # its admin endpoints are open to the network.
            before = []
            line = server.stdout.readline()
            while line and "listening on" not in line:
                before.append(line)
                line = server.stdout.readline()
            self.assertIn(f"listening on http://0.0.0.0:{port}", line)
            if "LOCALIAM_ADMIN_TOKEN" not in env:
                self.assertIn("WARNING: the server listens beyond loopback", "".join(before))
            check = subprocess.run(self.healthcheck(), env=env, capture_output=True, text=True, timeout=30)
            self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
            self.assertIn('"status":"ok"', check.stdout)
        finally:
            server.terminate()
            self.assertEqual(server.wait(15), 0)
        check = subprocess.run(self.healthcheck(), env=env, capture_output=True, text=True, timeout=30)
        self.assertEqual(check.returncode, 1, "the healthcheck must fail when nothing answers")


if __name__ == "__main__":
    unittest.main()
