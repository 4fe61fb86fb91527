"""Starts and stops the real localiam binary.

A LocalIam object owns one server process at a time: start() launches
`localiam --host 127.0.0.1 --port 0 --data FILE --auth MODE [...]` and waits for the
line `listening on http://HOST:PORT`; stop() sends SIGTERM and returns the exit
status; restart() does both with the same data file; kill() is the last resort and is
always safe to call. Every process started here is killed when Python exits, and (on
Linux) when this process dies.
"""

import atexit
import ctypes
import http.client
import json
import os
import re
import signal
import subprocess
import time
from urllib.parse import urlsplit

from . import config

LISTENING = re.compile(r"listening on (http://[^\s\"']+)")
START_TIMEOUT = 30.0
STOP_TIMEOUT = 15.0

_live = set()


def _kill_all():
    for server in list(_live):
        server.kill()


atexit.register(_kill_all)


def _die_with_parent():
    # PR_SET_PDEATHSIG = 1: the server gets SIGKILL if the test runner dies, so a
    # killed ctest never leaves servers behind.
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)
    except Exception:
        pass


class ServerError(AssertionError):
    pass


class LocalIam:
    def __init__(self, name, auth="open", data=None, root_keys=None, extra_args=()):
        """name: a label for the work directory and log (e.g. the test class).
        data: a path, ":memory:", or None for <workdir>/x.db.
        root_keys: (access key, secret key) passed as --root-access-key/--root-secret-key."""
        self.name = name
        self.auth = auth
        self.workdir = os.path.join(config.tmp_root(), name)
        os.makedirs(self.workdir, exist_ok=True)
        self.data = data if data is not None else os.path.join(self.workdir, "x.db")
        self.root_keys = root_keys
        self.extra_args = list(extra_args)
        self.log_path = os.path.join(self.workdir, "server.log")
        self.proc = None
        self.url = None
        self.host = None
        self.port = None
        self._log_offset = 0

    def argv(self):
        argv = [
            config.BINARY,
            "--host", "127.0.0.1",
            "--port", "0",
            "--data", self.data,
            "--auth", self.auth,
        ]
        if self.root_keys:
            argv += ["--root-access-key", self.root_keys[0], "--root-secret-key", self.root_keys[1]]
        return argv + self.extra_args

    def start(self):
        if self.proc is not None:
            raise ServerError("server already running")
        if not os.path.exists(config.BINARY):
            raise ServerError(f"server binary not found: {config.BINARY}")
        log = open(self.log_path, "ab")
        self._log_offset = log.tell()
        env = {k: v for k, v in os.environ.items() if not k.startswith("LOCALIAM_")}
        self.proc = subprocess.Popen(
            self.argv(), stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            cwd=self.workdir, env=env, preexec_fn=_die_with_parent)
        log.close()
        _live.add(self)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            match = LISTENING.search(self._new_log())
            if match:
                break
            if self.proc.poll() is not None:
                code = self.proc.returncode
                self._forget()
                raise ServerError(
                    f"localiam exited with status {code} before listening; "
                    f"command: {' '.join(self.argv())}\n{self.log_tail()}")
            if time.monotonic() > deadline:
                self.kill()
                raise ServerError(
                    f"localiam printed no 'listening on http://HOST:PORT' line within "
                    f"{START_TIMEOUT:.0f}s\n{self.log_tail()}")
            time.sleep(0.02)
        self.url = match.group(1).rstrip("/.,")
        parts = urlsplit(self.url)
        self.host, self.port = parts.hostname, parts.port
        if not self.port:
            self.kill()
            raise ServerError(f"cannot read a port from {self.url!r}")
        return self

    def stop(self, expect_status=0):
        """Sends SIGTERM and waits. Returns the exit status; raises ServerError if the
        process does not exit in time or (unless expect_status is None) exits with
        another status."""
        if self.proc is None:
            return None
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.kill()
            raise ServerError(f"localiam did not exit within {STOP_TIMEOUT:.0f}s of SIGTERM\n{self.log_tail()}")
        self._forget()
        if expect_status is not None and code != expect_status:
            raise ServerError(
                f"localiam exited with status {code} after SIGTERM, expected {expect_status}\n{self.log_tail()}")
        return code

    def restart(self):
        self.stop()
        return self.start()

    def kill(self):
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.kill()
                try:
                    self.proc.wait(10)
                except subprocess.TimeoutExpired:
                    pass
            self._forget()

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def _forget(self):
        self.proc = None
        _live.discard(self)

    def _new_log(self):
        try:
            with open(self.log_path, "rb") as f:
                f.seek(self._log_offset)
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def log_tail(self, lines=40):
        text = self._new_log().splitlines()
        return "--- server log (last lines) ---\n" + "\n".join(text[-lines:])

    # Plain HTTP helpers for the admin endpoints.

    def admin(self, method, path, body=None, timeout=10):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            headers = {"Content-Type": "application/json"} if body is not None else {}
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            return resp.status, resp.read()
        finally:
            conn.close()

    def health(self):
        """GET /_localiam/health -> (status, parsed JSON or None, raw body)."""
        status, body = self.admin("GET", "/_localiam/health")
        try:
            doc = json.loads(body)
        except ValueError:
            doc = None
        return status, doc, body
