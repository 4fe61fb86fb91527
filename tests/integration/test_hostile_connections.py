"""Hostile HTTP, each with the answer it must get: oversized bodies sent chunked (413),
oversized header blocks (431), malformed chunked encoding and conflicting framing (400),
slow clients that hold a connection with a header or a body trickling in (dropped at the
read timeout, 30 s, while everyone else is served), and thousands of idle connections
(served regardless, even when the server was started with the common soft limit of 1024
open files). After each the server answers its health check, and its memory returns to
its level.

The plainer cases (a 10 MB Content-Length body, a broken form, a truncated Authorization
header) are in test_raw_http.py.
"""

import resource
import socket
import threading
import time
import unittest

from support import cases, hostile
from support.raw_client import RawClient

READ_TIMEOUT = 30  # server/http_server.hpp: HttpServerOptions::read_timeout
IDLE_CONNECTIONS = 3000
HEAD = (b"POST / HTTP/1.1\r\nHost: localhost\r\n"
        b"Content-Type: application/x-www-form-urlencoded; charset=utf-8\r\n")


class HostileConnections(cases.ServerCase):
    @classmethod
    def setUpClass(cls):
        # Start the server with the soft open-file limit most machines give a process (1024);
        # the test itself keeps its own, higher, limit for its thousands of connections.
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        cls.fd_limit = (soft, hard)
        lowered = hard == resource.RLIM_INFINITY or hard >= 1024
        if lowered:
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(soft, 1024), hard))
        try:
            super().setUpClass()
        finally:
            if lowered:
                resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
        cls.check_memory = not hostile.sanitized(cls.server.proc.pid)
        client = RawClient(cls.server.host, cls.server.port)
        for _ in range(20):
            client.call("iam", "ListUsers", {})
        client.close()
        cls.baseline_mib = hostile.rss_mib(cls.server.proc.pid)

    def exchange(self, data, timeout=15):
        return hostile.raw_exchange(self.server.host, self.server.port, data, timeout)

    def assertStatus(self, raw, status, what):
        self.assertEqual(hostile.status_of(raw), status, f"{what}: {raw[:300]!r}")
        self.assertIn(b"Connection: close", raw.split(b"\r\n\r\n")[0], f"{what}: {raw[:300]!r}")

    def assertMemoryBack(self):
        if not self.check_memory:
            return
        rss = hostile.rss_mib(self.server.proc.pid)
        self.assertLess(rss, self.baseline_mib + 32,
                        f"RSS {rss:.0f} MiB, {self.baseline_mib:.0f} MiB after start")

    # -- framing ---------------------------------------------------------------------------

    def test_oversized_chunked_body(self):
        chunk = b"100000\r\n" + b"a" * 0x100000 + b"\r\n"  # 1 MiB chunks, 2 MiB is the limit
        for _ in range(3):
            raw = self.exchange(HEAD + b"Transfer-Encoding: chunked\r\n\r\n" + chunk * 4 + b"0\r\n\r\n")
            self.assertStatus(raw, 413, "a 4 MiB chunked body")
        # One chunk that announces more than the limit, without sending it.
        raw = self.exchange(HEAD + b"Transfer-Encoding: chunked\r\n\r\nfffffff\r\nabc")
        self.assertStatus(raw, 413, "a chunk announcing 256 MiB")
        self.assertServing()
        self.assertMemoryBack()

    def test_oversized_headers(self):
        cases_ = {
            "one 100 KiB header": HEAD + b"X-Big: " + b"a" * 100000 + b"\r\n\r\n",
            "10,000 small headers": HEAD + b"".join(b"X-H%d: v\r\n" % i for i in range(10000)) + b"\r\n",
            "a 100 KiB request line": b"GET /?" + b"a" * 100000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
            "a 100 KiB Authorization": HEAD + b"Authorization: AWS4-HMAC-SHA256 Credential=" + b"A" * 100000
                                       + b"\r\nContent-Length: 0\r\n\r\n",
        }
        for what, data in cases_.items():
            with self.subTest(what):
                self.assertStatus(self.exchange(data), 431, what)
        self.assertServing()
        self.assertMemoryBack()

    def test_malformed_chunked_encoding_and_framing(self):
        cases_ = {
            "a chunk size that is not hex": b"Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
            "a chunk size that overflows": b"Transfer-Encoding: chunked\r\n\r\n" + b"f" * 40 + b"\r\nabc\r\n0\r\n\r\n",
            "a negative chunk size": b"Transfer-Encoding: chunked\r\n\r\n-3\r\nabc\r\n0\r\n\r\n",
            "a chunk longer than announced": b"Transfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n0\r\n\r\n",
            "a chunk without its CRLF": b"Transfer-Encoding: chunked\r\n\r\n3\r\nabc0\r\n\r\n",
            "chunked and Content-Length": b"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
            "two different Content-Lengths": b"Content-Length: 3\r\nContent-Length: 5\r\n\r\nabcde",
            "a negative Content-Length": b"Content-Length: -1\r\n\r\nabc",
            "a Content-Length that overflows": b"Content-Length: 99999999999999999999999\r\n\r\nabc",
            "a NUL in a header value": b"X-A: a\x00b\r\nContent-Length: 0\r\n\r\n",
            "a header without a colon": b"Broken header\r\nContent-Length: 0\r\n\r\n",
        }
        for what, tail in cases_.items():
            with self.subTest(what):
                self.assertStatus(self.exchange(HEAD + tail), 400, what)
        for what, data in {"an HTTP/2 preface": b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
                           "a NUL in the method": b"PO\x00ST / HTTP/1.1\r\nHost: x\r\n\r\n",
                           "HTTP/9.9": b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
                           "binary noise": bytes(range(256)) * 4}.items():
            with self.subTest(what):
                self.assertStatus(self.exchange(data), 400, what)
        # A body cut short: the client vanishes; nothing to answer, nothing left behind.
        sock = socket.create_connection((self.server.host, self.server.port))
        sock.sendall(HEAD + b"Content-Length: 1000\r\n\r\nAction=List")
        sock.close()
        self.assertServing()

    # -- holding connections ---------------------------------------------------------------

    def test_slow_clients_are_dropped_at_the_read_timeout(self):
        """A header, or a body, sent a byte at a time: the server keeps serving everyone
        else and closes the slow connections when the read timeout passes, however steadily
        the bytes keep coming."""
        slow = []
        for i in range(40):
            sock = socket.create_connection((self.server.host, self.server.port))
            if i % 2:  # the body trickles in
                sock.sendall(HEAD + b"Content-Length: 1000\r\n\r\n")
            else:      # the header block trickles in
                sock.sendall(b"POST / HTTP/1.1\r\nHost: localhost\r\n")
            slow.append(sock)
        started = time.monotonic()
        closed_at = {}
        client = RawClient(self.server.host, self.server.port)
        try:
            while len(closed_at) < len(slow) and time.monotonic() - started < READ_TIMEOUT + 15:
                for i, sock in enumerate(slow):
                    if i in closed_at:
                        continue
                    try:
                        sock.sendall(b"X" if i % 2 else b"x")
                    except OSError:
                        closed_at[i] = time.monotonic() - started
                        continue
                    if hostile.closed_by_peer(sock):
                        closed_at[i] = time.monotonic() - started
                # Everyone else is served meanwhile.
                t0 = time.monotonic()
                answer = client.call("iam", "ListUsers", {})
                self.assertEqual(answer.status, 200, answer)
                self.assertLess(time.monotonic() - t0, 5, "a request waited behind slow clients")
                time.sleep(1)
        finally:
            client.close()
            for sock in slow:
                sock.close()
        still_open = [i for i in range(len(slow)) if i not in closed_at]
        self.assertEqual(still_open, [], f"slow connections still open after {READ_TIMEOUT + 15} s")
        self.assertGreaterEqual(min(closed_at.values()), READ_TIMEOUT - 5,
                                "slow connections dropped long before the read timeout")
        self.assertServing()

    def test_thousands_of_idle_connections(self):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft < IDLE_CONNECTIONS + 200:
            target = IDLE_CONNECTIONS + 500
            if hard != resource.RLIM_INFINITY and hard < target:
                self.skipTest(f"this process may open only {hard} files")
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            self.addCleanup(resource.setrlimit, resource.RLIMIT_NOFILE, (soft, hard))
        idle = []
        try:
            for i in range(IDLE_CONNECTIONS):
                sock = socket.create_connection((self.server.host, self.server.port), timeout=10)
                if i % 3 == 0:
                    sock.sendall(b"GE")  # a request begun and never finished
                idle.append(sock)
            # New connections are still accepted and answered at once.
            for _ in range(5):
                t0 = time.monotonic()
                status, doc, body = self.server.health()
                self.assertEqual(status, 200, body)
                self.assertLess(time.monotonic() - t0, 5, "the health check waited behind idle connections")
            client = RawClient(self.server.host, self.server.port)
            self.assertEqual(client.call("iam", "ListUsers", {}).status, 200)
            client.close()
            # The idle ones are still open: the server did not drop them to make room.
            self.assertFalse(any(hostile.closed_by_peer(s) for s in idle[-50:]),
                             "idle connections were closed early")
        finally:
            for sock in idle:
                sock.close()
        time.sleep(0.5)
        self.assertServing()
        self.assertMemoryBack()


if __name__ == "__main__":
    unittest.main()
