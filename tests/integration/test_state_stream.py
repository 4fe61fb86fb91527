"""GET /_localiam/state is a streaming route: the export leaves in chunks (Transfer-Encoding:
chunked, pieces of at most 64 KiB) rather than as one Content-Length body, the client gets
exactly the JSON a buffered answer held, the connection serves its next request afterwards,
HEAD still announces the length, HTTP/1.0 gets the body up to the close, and the admin token
guards the streaming row like the buffered ones."""

import http.client
import json
import os
import socket
import tempfile
import unittest

from support import cases, config

USERS = 1500
TOKEN = "stream-admin-token"


def write_seed():
    users = [{"name": f"streamed-user-{i:05d}", "path": "/a/fairly/long/path/to/make/rows/big/"}
             for i in range(USERS)]
    fd, path = tempfile.mkstemp(suffix=".json", prefix="localiam-stream-seed-")
    with os.fdopen(fd, "w") as f:
        json.dump({"accounts": [{"id": config.ACCOUNT, "users": users}]}, f)
    return path


SEED = write_seed()


def read_raw(host, port, request, timeout=30):
    """Sends `request` bytes, reads until the server closes; returns everything read."""
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.sendall(request)
        data = b""
        while True:
            piece = s.recv(65536)
            if not piece:
                return data
            data += piece


def dechunk(body):
    """Decodes a chunked body; returns (payload, sizes of its chunks)."""
    payload, sizes = b"", []
    while True:
        line, _, body = body.partition(b"\r\n")
        size = int(line, 16)
        if size == 0:
            return payload, sizes
        sizes.append(size)
        payload += body[:size]
        assert body[size:size + 2] == b"\r\n", "chunk not followed by CRLF"
        body = body[size + 2:]


class StateStreamTests(cases.ServerCase):
    extra_args = ("--seed", SEED)

    def test_the_export_arrives_in_chunks_and_the_connection_goes_on(self):
        conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=30)
        try:
            conn.request("GET", "/_localiam/state")
            resp = conn.getresponse()
            self.assertEqual(resp.status, 200)
            self.assertEqual(resp.getheader("Transfer-Encoding"), "chunked")
            self.assertIsNone(resp.getheader("Content-Length"))
            self.assertEqual(resp.getheader("Content-Type"), "application/json")
            body = resp.read()
            doc = json.loads(body)
            self.assertEqual(doc["format"], "localiam-state")
            users = doc["tables"]["users"]
            names = [row[users["columns"].index("name")] for row in users["rows"]]
            self.assertEqual(sorted(n for n in names if n.startswith("streamed-user-")),
                             [f"streamed-user-{i:05d}" for i in range(USERS)])
            first_socket = conn.sock
            # Keep-alive: the next request goes over the same connection.
            conn.request("GET", "/_localiam/health")
            resp = conn.getresponse()
            self.assertEqual(resp.status, 200)
            self.assertEqual(json.loads(resp.read())["status"], "ok")
            self.assertIs(conn.sock, first_socket)
            # HEAD takes the buffered row: it announces the length of what GET sends.
            conn.request("HEAD", "/_localiam/state")
            resp = conn.getresponse()
            self.assertEqual(resp.status, 200)
            self.assertEqual(int(resp.getheader("Content-Length")), len(body))
            self.assertEqual(resp.read(), b"")
        finally:
            conn.close()

    def test_chunks_are_at_most_64_kib_and_decode_to_the_json(self):
        raw = read_raw(self.server.host, self.server.port,
                       b"GET /_localiam/state HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        head, _, body = raw.partition(b"\r\n\r\n")
        self.assertIn(b"Transfer-Encoding: chunked", head)
        self.assertIn(b"Connection: close", head)
        payload, sizes = dechunk(body)
        self.assertGreater(len(sizes), 2, "a large export should take several chunks")
        self.assertLessEqual(max(sizes), 64 * 1024)
        self.assertEqual(json.loads(payload)["format"], "localiam-state")

    def test_http_1_0_gets_the_body_up_to_the_close(self):
        raw = read_raw(self.server.host, self.server.port,
                       b"GET /_localiam/state HTTP/1.0\r\n\r\n")
        head, _, body = raw.partition(b"\r\n\r\n")
        self.assertTrue(head.startswith(b"HTTP/1.0 200"), head[:100])
        self.assertNotIn(b"Transfer-Encoding", head)
        self.assertNotIn(b"Content-Length", head)
        self.assertEqual(json.loads(body)["format"], "localiam-state")

    def test_a_streamed_export_and_a_post_import_round_trip(self):
        status, exported = self.server.admin("GET", "/_localiam/state")
        self.assertEqual(status, 200)
        status, answer = self.server.admin("POST", "/_localiam/state", exported)
        self.assertEqual(status, 200, answer)
        self.assertEqual(self.server.admin("GET", "/_localiam/state")[1], exported)


class GuardedStateStreamTests(cases.ServerCase):
    extra_args = ("--admin-token", TOKEN)

    def get_state(self, headers):
        conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=30)
        try:
            conn.request("GET", "/_localiam/state", headers=headers)
            resp = conn.getresponse()
            return resp.status, resp.getheader("Transfer-Encoding"), resp.read()
        finally:
            conn.close()

    def test_the_admin_token_guards_the_streaming_row(self):
        status, framing, body = self.get_state({})
        self.assertEqual(status, 401, body)
        self.assertIsNone(framing)
        self.assertIn(b"Bearer", body)
        status, framing, body = self.get_state({"Authorization": f"Bearer {TOKEN}"})
        self.assertEqual(status, 200, body)
        self.assertEqual(framing, "chunked")
        self.assertEqual(json.loads(body)["format"], "localiam-state")


if __name__ == "__main__":
    unittest.main()
