"""A small, thread-confined AWS Query client over one keep-alive HTTP connection, signed
with support/sigv4.py: fast enough for load, race and crash tests, where boto3's
per-call overhead and retries would get in the way, and exact about what happened on
the wire (a call either gets an HTTP answer or raises ConnectionLost: nothing is
retried behind the caller's back).

    c = RawClient(server.host, server.port)
    answer = c.call("iam", "CreateUser", {"UserName": "u1"})
    answer.ok, answer.status, answer.code, answer.message, answer.find("User/UserId")
"""

import http.client
import socket
import xml.etree.ElementTree as ET
from urllib.parse import quote, urlencode

from . import config, sigv4
from .clients import ROOT

FORM = "application/x-www-form-urlencoded; charset=utf-8"
VERSIONS = {"iam": "2010-05-08", "sts": "2011-06-15"}
NAMESPACES = {"iam": "https://iam.amazonaws.com/doc/2010-05-08/",
              "sts": "https://sts.amazonaws.com/doc/2011-06-15/"}


class ConnectionLost(Exception):
    """The request got no HTTP answer (refused, reset, closed or timed out): the caller
    cannot know whether the server acted on it."""


class Answer:
    def __init__(self, service, status, body):
        self.service = service
        self.status = status
        self.body = body
        self.ns = NAMESPACES[service]
        try:
            self.root = ET.fromstring(body) if body else None
        except ET.ParseError:
            self.root = None

    @property
    def ok(self):
        return self.status == 200

    def _path(self, path):
        return "/".join(f"{{{self.ns}}}{part}" for part in path.split("/"))

    def find(self, path):
        """Text of the first element at `path` ("User/UserId") anywhere in the answer."""
        if self.root is None:
            return None
        return self.root.findtext(".//" + self._path(path))

    def findall(self, path):
        if self.root is None:
            return []
        return [e.text or "" for e in self.root.iterfind(".//" + self._path(path))]

    @property
    def code(self):
        return self.find("Error/Code")

    @property
    def message(self):
        return self.find("Error/Message")

    def __repr__(self):
        return f"HTTP {self.status} {self.body[:400]!r}"


class RawClient:
    def __init__(self, host, port, creds=ROOT, timeout=30, region=None):
        self.host = host
        self.port = port
        self.creds = creds
        self.timeout = timeout
        self.region = region or config.REGION
        self.conn = None

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def call(self, service, action, params=None, creds=None):
        """Sends Action=`action` with `params` (a dict, or a list of pairs) as a signed
        POST. Returns an Answer; raises ConnectionLost when no answer came."""
        creds = creds or self.creds
        pairs = [("Action", action), ("Version", VERSIONS[service])]
        pairs += list(params.items()) if isinstance(params, dict) else list(params or [])
        body = urlencode(pairs, quote_via=quote).encode()
        headers = sigv4.sign("POST", f"{self.host}:{self.port}", "/", [], {"Content-Type": FORM},
                             body, creds.access_key, creds.secret_key, self.region, service,
                             creds.session_token)
        return Answer(service, *self.send("POST", "/", body, headers))

    def send(self, method, path, body, headers):
        """One request on the kept-alive connection -> (status, body bytes)."""
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            self.conn.request(method, path, body=body, headers=headers)
            resp = self.conn.getresponse()
            data = resp.read()
            if resp.will_close:
                self.close()
            return resp.status, data
        except (OSError, http.client.HTTPException, socket.timeout) as e:
            self.close()
            raise ConnectionLost(f"{type(e).__name__}: {e}") from e
