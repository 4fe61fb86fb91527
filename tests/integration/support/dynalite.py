"""Starts and stops dynalite (npm `dynalite`, a DynamoDB emulator on LevelDB), the upstream
that is not moto: pinned by tests/upstreams/package-lock.json and installed by script/bootstrap
(`npm ci` in tests/upstreams).

Dynalite.start() runs it on a free port with AWS_ACCOUNT_ID set to the suite's account (so that
its table ARNs name localiam's account) and tables made ACTIVE at once, and waits until it
answers. missing() says why it cannot run (no node, or the package not installed), or "".
"""

import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request

from . import config
from .moto import free_port

START_TIMEOUT = 30.0
UPSTREAMS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "upstreams")
SCRIPT = os.path.join(UPSTREAMS, "node_modules", "dynalite", "cli.js")


def missing():
    if not shutil.which("node"):
        return "node is not on PATH: the dynalite upstream test needs Node.js"
    if not os.path.exists(SCRIPT):
        return ("dynalite is not installed: run `(cd tests/upstreams && npm ci)` "
                "(script/bootstrap does)")
    return ""


class Dynalite:
    def __init__(self, name):
        self.workdir = os.path.join(config.tmp_root(), name)
        os.makedirs(self.workdir, exist_ok=True)
        self.log_path = os.path.join(self.workdir, "dynalite.log")
        self.proc = None
        self.url = None

    def start(self):
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "LOCALIAM_"))}
        env["AWS_ACCOUNT_ID"] = config.ACCOUNT
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [shutil.which("node"), SCRIPT, "--host", "127.0.0.1", "--port", str(port),
                 "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env,
                cwd=self.workdir)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2):
                    return self
            except urllib.error.HTTPError:
                return self  # it answers (an unsigned GET is refused): it is serving
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"dynalite exited with {self.proc.returncode}:\n"
                                       + self.log_tail())
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("dynalite did not answer in time:\n" + self.log_tail())
                time.sleep(0.1)

    def stop(self):
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(15)
            self.proc = None

    def log_tail(self, lines=30):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return ""
