#!/usr/bin/env python3
"""bench/console_bench.py: how fast the web console's pages answer with many entities.

    python3 bench/console_bench.py [--binary build-bench/localiam] [--users 10000]
                                   [--then-users 100000] [--repeat 30]

Starts localiam on a fresh data file with an admin token and creates, through the console's own
IAM endpoint (the server's real write path), up to 4,000 users (every 100th in one of 100 groups
with an inline policy, every 10th with an attached customer managed policy), users/10 roles (at
most 1,000, IAM's quota) and 100 customer managed policies; then, the server stopped, adds plain
users straight into the data file (sqlite3, one transaction) up to --users, past IAM's quota of
5,000. Then it
times what each console page asks of the server, one request at a time over one keep-alive
connection, as the page's requests are answered one after another under the database lock:
  the page itself (HTML, script, stylesheet); the overview; a list page at the start, in the
  middle, and for a search; a user's page (GetUser, ListUserTags, ListGroupsForUser,
  ListAttachedUserPolicies, ListUserPolicies, ListAccessKeys, permissions: the sum of the seven);
  a role's page; a policy's page; "who can" over every user and role. (Decisions reads the
  decision log, which bench/README.md measures with the gateway.)
With --then-users it adds users the same way up to that many and times the lists and "who can"
again. Prints a markdown table of the median and 95th percentile in milliseconds, and removes
its data file. Needs only Python's standard library.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

TOKEN = "bench-token"
ACCOUNT = "000000000000"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


RUNNING = []  # servers to stop should the bench stop early


class Server:
    def __init__(self, binary, data):
        self.binary, self.data = binary, data
        self.proc = None

    def start(self):
        self.log = open(self.data + ".log", "w+")
        self.proc = subprocess.Popen([self.binary, "--port", "0", "--data", self.data,
                                      "--admin-token", TOKEN],
                                     stdout=self.log, stderr=subprocess.STDOUT)
        RUNNING.append(self.proc)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            self.log.seek(0)
            m = re.search(r"listening on http://([0-9.]+):(\d+)", self.log.read())
            if m:
                self.conn = http.client.HTTPConnection(m.group(1), int(m.group(2)), timeout=60)
                return self
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)
        self.log.seek(0)
        sys.exit("console_bench.py: localiam did not start:\n" + self.log.read())

    def stop(self):
        self.conn.close()
        self.proc.terminate()
        self.proc.wait(30)

    def call(self, method, path, body=None, headers=None):
        h = {"Authorization": "Bearer " + TOKEN, "X-Localiam-Console": "1"}
        h.update(headers or {})
        self.conn.request(method, path, body=body, headers=h)
        r = self.conn.getresponse()
        data = r.read()
        if r.status != 200:
            sys.exit(f"console_bench.py: {method} {path} answered {r.status}: {data[:300]!r}")
        return data

    def api(self, endpoint, **params):
        return self.call("GET", "/_localiam/console/api/" + endpoint + "?" +
                         urllib.parse.urlencode(params))

    def iam(self, action, **params):
        body = urllib.parse.urlencode({"Action": action, "Version": "2010-05-08", **params})
        return self.call("POST", "/_localiam/console/api/iam", body,
                         {"Content-Type": "application/x-www-form-urlencoded"})


def policy(*actions):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "S%d" % i, "Effect": "Allow", "Action": a, "Resource": "*"}
        for i, a in enumerate(actions)]})


API_USERS = 4000
MOST_ROLES = 1000  # IAM's quota


def populate(server, users, roles):
    started = time.monotonic()
    for g in range(100):
        server.iam("CreateGroup", GroupName="group%03d" % g)
        server.iam("PutGroupPolicy", GroupName="group%03d" % g, PolicyName="inline",
                   PolicyDocument=policy("s3:GetObject", "sqs:SendMessage"))
    for p in range(100):
        server.iam("CreatePolicy", PolicyName="policy%03d" % p,
                   PolicyDocument=policy("dynamodb:GetItem", "dynamodb:Query", "s3:PutObject"))
    for u in range(users):
        name = "user%07d" % u
        server.iam("CreateUser", UserName=name)
        if u % 100 == 0:
            server.iam("AddUserToGroup", UserName=name, GroupName="group%03d" % (u // 100 % 100))
        if u % 10 == 0:
            server.iam("AttachUserPolicy", UserName=name,
                       PolicyArn="arn:aws:iam::%s:policy/policy%03d" % (ACCOUNT, u // 10 % 100))
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
        "Action": "sts:AssumeRole"}]})
    for r in range(roles):
        server.iam("CreateRole", RoleName="role%06d" % r, AssumeRolePolicyDocument=trust)
        if r % 10 == 0:
            server.iam("PutRolePolicy", RoleName="role%06d" % r, PolicyName="inline",
                       PolicyDocument=policy("logs:PutLogEvents"))
    return time.monotonic() - started


def timed(repeat, fn):
    samples = []
    fn()  # warm: the first call reads catalogues and fills caches
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]


def user_page(server, name):
    for action in ("GetUser", "ListUserTags", "ListGroupsForUser", "ListAttachedUserPolicies",
                   "ListUserPolicies", "ListAccessKeys"):
        server.iam(action, UserName=name)
    server.api("permissions", kind="user", name=name)


def role_page(server, name):
    for action in ("GetRole", "ListAttachedRolePolicies", "ListRolePolicies"):
        server.iam(action, RoleName=name)
    server.api("permissions", kind="role", name=name)


def policy_page(server, arn):
    server.iam("GetPolicy", PolicyArn=arn)
    server.iam("GetPolicyVersion", PolicyArn=arn, VersionId="v1")
    server.iam("ListEntitiesForPolicy", PolicyArn=arn)


def list_rows(server, users, repeat):
    middle = "user%07d" % (users // 2)
    return [
        ("Users, first page (50)", timed(repeat, lambda: server.api("list", kind="users"))),
        ("Users, a page in the middle", timed(repeat, lambda: server.api("list", kind="users",
                                                                         after=middle))),
        ("Users, search \"00042\"", timed(repeat, lambda: server.api("list", kind="users",
                                                                      q="00042"))),
        ("Users, search with no match", timed(repeat, lambda: server.api("list", kind="users",
                                                                         q="nobody"))),
        ("Overview (accounts)", timed(repeat, lambda: server.api("overview"))),
    ]


def add_users_directly(data, total):
    db = sqlite3.connect(data)
    have = db.execute("SELECT count(*) FROM users").fetchone()[0]
    with db:
        db.executemany(
            "INSERT INTO users (account_id, name, user_id, path, create_date) VALUES (?,?,?,?,?)",
            ((ACCOUNT, "user%07d" % u, "AIDABENCH%012d" % u, "/", 1_700_000_000)
             for u in range(have, total)))
    db.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, "build-bench", "localiam"))
    parser.add_argument("--users", type=int, default=10000)
    parser.add_argument("--then-users", type=int, default=100000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="localiam-console-bench-")
    try:
        run(args, os.path.join(work, "console.db"))
    finally:
        for proc in RUNNING:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        shutil.rmtree(work, ignore_errors=True)


def run(args, data):
    server = Server(args.binary, data).start()
    roles = min(MOST_ROLES, max(1, args.users // 10))
    took = populate(server, min(API_USERS, args.users), roles)
    server.stop()
    add_users_directly(data, args.users)
    print(f"created {min(API_USERS, args.users)} users, {roles} roles, 100 groups and 100 policies "
          f"in {took:.1f} s; "
          f"{args.users} users in all", file=sys.stderr)
    server = Server(args.binary, data).start()
    n = args.repeat
    principals = f"{args.users + roles:,} principals"
    rows = [
        ("The page (HTML, script, stylesheet)", timed(n, lambda: [
            server.call("GET", "/_localiam/console" + p)
            for p in ("", "/console.js", "/console.css")])),
    ] + list_rows(server, args.users, n) + [
        ("A user's page (7 requests)", timed(n, lambda: user_page(server, "user0000000"))),
        ("A role's page (4 requests)", timed(n, lambda: role_page(server, "role000000"))),
        ("A policy's page (3 requests)", timed(n, lambda: policy_page(
            server, "arn:aws:iam::%s:policy/policy001" % ACCOUNT))),
        (f"Who can s3:GetObject ({principals})",
         timed(max(3, n // 10), lambda: server.api("who-can", action="s3:GetObject"))),
    ]
    server.stop()
    table = [(f"{args.users:,} users", rows)]
    if args.then_users > args.users:
        add_users_directly(data, args.then_users)
        server = Server(args.binary, data).start()
        principals = f"{args.then_users + roles:,} principals"
        table.append((f"{args.then_users:,} users", list_rows(server, args.then_users, n) + [
            (f"Who can s3:GetObject ({principals})",
             timed(3, lambda: server.api("who-can", action="s3:GetObject")))]))
        server.stop()
    print("| users | console request | median ms | p95 ms |")
    print("| --- | --- | ---: | ---: |")
    for label, measured in table:
        for what, (median, p95) in measured:
            print(f"| {label} | {what} | {median:.2f} | {p95:.2f} |")


if __name__ == "__main__":
    main()
