"""Starts and stops `moto_server`, the upstream the gateway tests forward to.

MotoServer.start() runs `moto_server -H 127.0.0.1 -p PORT` on a free port with MOTO_ACCOUNT_ID
set to the suite's account (so that the ARNs moto makes name localiam's account) and waits
until it answers. available() says whether moto_server is on PATH; tests skip when it is not.
Every moto started here is killed when Python exits.
"""

import atexit
import os
import shutil
import socket
import subprocess
import time
import urllib.request

from . import config

START_TIMEOUT = 60.0
_live = set()


def available():
    return shutil.which("moto_server")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _kill_all():
    for server in list(_live):
        server.stop()


atexit.register(_kill_all)


class MotoServer:
    def __init__(self, name):
        self.workdir = os.path.join(config.tmp_root(), name)
        os.makedirs(self.workdir, exist_ok=True)
        self.log_path = os.path.join(self.workdir, "moto.log")
        self.proc = None
        self.port = None
        self.url = None

    def start(self):
        exe = available()
        if not exe:
            raise RuntimeError("moto_server is not on PATH")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "LOCALIAM_"))}
        env["MOTO_ACCOUNT_ID"] = config.ACCOUNT
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen([exe, "-H", "127.0.0.1", "-p", str(self.port)],
                                         stdin=subprocess.DEVNULL, stdout=log,
                                         stderr=subprocess.STDOUT, env=env, cwd=self.workdir)
        _live.add(self)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                # moto's own dashboard endpoint: any answer means it is serving.
                with urllib.request.urlopen(self.url + "/moto-api/data.json", timeout=2):
                    return self
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"moto_server exited with {self.proc.returncode}:\n"
                                       + self.log_tail())
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("moto_server did not answer in time:\n" + self.log_tail())
                time.sleep(0.1)

    def stop(self):
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(15)
            self.proc = None
        _live.discard(self)

    def log_tail(self, lines=30):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return ""
