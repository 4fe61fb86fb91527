"""The web console (issue 21) at /_localiam/console: its JSON behind the admin token (lists with
search and paging and the number that match, a principal's policies with the group they come
through, "who can", IAM's own actions answered as the account's root), its files (embedded, no
other origin named, a content security policy), and the landing page's link. Then, when
Debian's Chromium, Node.js and tests/console's playwright-core are there, the console itself in
a real browser (tests/console/console_browser.mjs): entities created here through the API are
seen there, a user is followed to its policies, a denial made here appears live in Decisions
and opens on its statement, a simulation runs, the clock moves. Its screenshots are kept in
console-screenshots/ beside the binary (or $LOCALIAM_SCREENSHOTS)."""

import http.client
import json
import os
import re
import shutil
import subprocess
import threading
import unittest
import urllib.parse

import boto3
from botocore.config import Config

from support import config
from support.server import LocalIam
from test_readme_snippets import SnippetRunner, cli_driver, free_port

TOKEN = "console-test-token"
ACCOUNT = "000000000000"
OTHER_ACCOUNT = "111111111111"
CONSOLE_DIR = config.REPO_ROOT / "tests" / "console"


def document(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def client(server, service, key="test", secret="test"):
    return boto3.client(service, endpoint_url=server.url, region_name="us-east-1",
                        aws_access_key_id=key, aws_secret_access_key=secret,
                        config=Config(retries={"max_attempts": 1}))


def browser_missing():
    """Why the browser test cannot run here, or None."""
    if not shutil.which("chromium"):
        return "Debian's chromium is not installed"
    if not shutil.which("node"):
        return "node is not installed"
    if not (CONSOLE_DIR / "node_modules" / "playwright-core").is_dir():
        return "tests/console/node_modules has no playwright-core (npm ci in tests/console)"
    return None


def screenshots():
    return os.environ.get("LOCALIAM_SCREENSHOTS") or os.path.join(
        os.path.dirname(os.path.abspath(config.BINARY)), "console-screenshots")


def run_browser(url, token, secret, args, on_line=None):
    """Runs tests/console/console_browser.mjs against `url`; `on_line(line)` answers each line it
    prints (None: no answer). Returns (exit status, everything it printed)."""
    env = dict(os.environ, CONSOLE_URL=url, CONSOLE_TOKEN=token, CONSOLE_SECRET=secret or "-",
               CONSOLE_SCREENSHOTS=screenshots(), CHROMIUM=shutil.which("chromium"),
               NODE_NO_WARNINGS="1")
    proc = subprocess.Popen(["node", str(CONSOLE_DIR / "console_browser.mjs"), *args],
                            cwd=str(CONSOLE_DIR), env=env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = []
    try:
        for line in proc.stdout:
            out.append(line)
            answer = on_line(line) if on_line else None
            if answer is not None:
                proc.stdin.write(answer + "\n")
                proc.stdin.flush()
        status = proc.wait(timeout=180)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return status, "".join(out)


class ConsoleFixture:
    """A server in enforce mode with an admin token and the entities the tests look at."""

    @classmethod
    def setUpClass(cls):
        cls.server = LocalIam(cls.__name__, auth="enforce", extra_args=["--admin-token", TOKEN]).start()
        iam = client(cls.server, "iam")
        cls.iam = iam
        iam.create_user(UserName="alice", Tags=[{"Key": "team", "Value": "platform"}])
        iam.create_group(GroupName="devs")
        iam.add_user_to_group(GroupName="devs", UserName="alice")
        iam.put_group_policy(GroupName="devs", PolicyName="read", PolicyDocument=document(
            {"Sid": "ReadReports", "Effect": "Allow", "Action": "s3:GetObject",
             "Resource": "arn:aws:s3:::reports/*"}))
        iam.attach_user_policy(UserName="alice", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
        cls.alice_key = iam.create_access_key(UserName="alice")["AccessKey"]
        iam.create_user(UserName="bob")
        iam.put_user_policy(UserName="bob", PolicyName="rules", PolicyDocument=document(
            {"Sid": "NoDeletes", "Effect": "Deny", "Action": "iam:DeleteUser", "Resource": "*"},
            {"Sid": "Everything", "Effect": "Allow", "Action": "iam:*", "Resource": "*"}))
        cls.bob_key = iam.create_access_key(UserName="bob")["AccessKey"]
        iam.create_role(RoleName="deployer", AssumeRolePolicyDocument=document(
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:root"},
             "Action": "sts:AssumeRole"}))
        iam.create_policy(PolicyName="reports-writer", Description="writes the reports",
                          Tags=[{"Key": "owner", "Value": "finance"}], PolicyDocument=document(
                              {"Sid": "Write", "Effect": "Allow", "Action": "s3:PutObject",
                               "Resource": "arn:aws:s3:::reports/*"}))
        iam.attach_group_policy(GroupName="devs",
                                PolicyArn="arn:aws:iam::000000000000:policy/reports-writer")
        iam.create_role(RoleName="guarded", AssumeRolePolicyDocument=document(
            {"Sid": "NoBob", "Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::000000000000:user/bob"},
             "Action": "sts:AssumeRole"},
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:root"},
             "Action": "sts:AssumeRole"}))
        for i in range(1, 61):
            iam.create_user(UserName=f"page-{i:02d}", Path="/paged/")
        # A second account, made through the console's own IAM endpoint.
        conn = http.client.HTTPConnection(cls.server.host, cls.server.port, timeout=30)
        conn.request("POST", "/_localiam/console/api/iam?account=" + OTHER_ACCOUNT,
                     body="Action=CreateUser&Version=2010-05-08&UserName=carol",
                     headers={"Authorization": "Bearer " + TOKEN, "X-Localiam-Console": "1",
                              "Content-Type": "application/x-www-form-urlencoded"})
        created = conn.getresponse()
        assert created.status == 200, created.read()
        conn.close()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def get(self, path, token=TOKEN, method="GET", body=None, headers=None, marker=True):
        conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=30)
        try:
            h = dict(headers or {})
            if path.startswith("/_localiam/console/api/") and marker:
                h["X-Localiam-Console"] = "1"
            if token:
                h["Authorization"] = "Bearer " + token
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            return r.status, dict(r.getheaders()), r.read()
        finally:
            conn.close()

    def api(self, endpoint, **params):
        status, _, body = self.get("/_localiam/console/api/" + endpoint + "?" +
                                   urllib.parse.urlencode(params))
        self.assertEqual(status, 200, body)
        return json.loads(body)


class ConsoleApiTests(ConsoleFixture, unittest.TestCase):
    # ------------------------------------------------------------------ the JSON

    def test_the_json_needs_the_admin_token(self):
        for path in ("/_localiam/console/api/overview", "/_localiam/console/api/list?kind=users"):
            status, headers, body = self.get(path, token=None)
            self.assertEqual(status, 401, body)
            self.assertEqual(headers.get("WWW-Authenticate"), "Bearer")
            status, _, _ = self.get(path, token="wrong")
            self.assertEqual(status, 401)
        status, _, body = self.get("/_localiam/console/api/iam", token=None, method="POST",
                                   body="Action=ListUsers&Version=2010-05-08")
        self.assertEqual(status, 401, body)
        self.assertNotIn(b"alice", body)

    def test_the_json_needs_the_consoles_header(self):
        # A page of another origin can post a form, but cannot add a header without CORS leave.
        status, _, body = self.get("/_localiam/console/api/iam", method="POST", marker=False,
                                   body="Action=CreateUser&Version=2010-05-08&UserName=csrf",
                                   headers={"Content-Type": "application/x-www-form-urlencoded",
                                            "Origin": "http://evil.example"})
        self.assertEqual(status, 403, body)
        self.assertEqual(json.loads(body)["error"],
                         "the console's API needs the header X-Localiam-Console: 1 (the console's "
                         "own page sends it; pages of other origins cannot)")
        with self.assertRaises(self.iam.exceptions.NoSuchEntityException):
            self.iam.get_user(UserName="csrf")
        status, _, _ = self.get("/_localiam/console/api/overview", marker=False)
        self.assertEqual(status, 403)
        status, headers, _ = self.get("/_localiam/console/api/iam", method="OPTIONS",
                                      headers={"Origin": "http://evil.example",
                                               "Access-Control-Request-Method": "POST",
                                               "Access-Control-Request-Headers": "x-localiam-console"})
        self.assertNotIn("Access-Control-Allow-Origin", headers)
        self.assertNotIn("Access-Control-Allow-Headers", headers)

    def test_overview_names_the_accounts(self):
        overview = self.api("overview")
        self.assertEqual(overview["auth"], "enforce")
        self.assertEqual(overview["defaultAccount"], ACCOUNT)
        self.assertEqual(overview["accounts"], [{"id": ACCOUNT, "partition": "aws"},
                                                {"id": OTHER_ACCOUNT, "partition": "aws"}])
        other = self.api("list", kind="users", account=OTHER_ACCOUNT)
        self.assertEqual([u["arn"] for u in other["items"]], ["arn:aws:iam::111111111111:user/carol"])
        self.assertEqual(self.api("list", kind="users", q="carol")["items"], [])

    def test_lists_search_and_page(self):
        first = self.api("list", kind="users", q="PAGE-", limit=25)
        self.assertEqual(first["matching"], 60)
        self.assertEqual([u["name"] for u in first["items"]], [f"page-{i:02d}" for i in range(1, 26)])
        self.assertEqual(first["next"], "page-25")
        self.assertEqual(first["items"][0]["arn"], "arn:aws:iam::000000000000:user/paged/page-01")
        self.assertEqual(first["items"][0]["path"], "/paged/")
        self.assertTrue(first["items"][0]["id"].startswith("AIDA"))
        names = [u["name"] for u in first["items"]]
        after = first["next"]
        while after:
            page = self.api("list", kind="users", q="page-", limit=25, after=after)
            names += [u["name"] for u in page["items"]]
            after = page["next"]
        self.assertEqual(names, [f"page-{i:02d}" for i in range(1, 61)])
        everyone = self.api("list", kind="users", limit=1000)
        self.assertEqual(everyone["matching"], 62)
        self.assertIsNone(everyone["next"])
        self.assertEqual(self.api("list", kind="groups")["items"][0]["name"], "devs")
        self.assertEqual(self.api("list", kind="roles", q="deploy")["items"][0]["name"], "deployer")
        self.assertEqual(self.api("list", kind="users", q="nobody")["items"], [])

    def test_aws_managed_policies_are_listed_from_the_catalogue(self):
        page = self.api("list", kind="policies", scope="aws", q="ReadOnlyAccess", limit=1000)
        arns = [p["arn"] for p in page["items"]]
        self.assertIn("arn:aws:iam::aws:policy/ReadOnlyAccess", arns)
        self.assertEqual(page["matching"], len(arns))
        self.assertEqual(sorted(p["name"] for p in page["items"]), [p["name"] for p in page["items"]])
        two = self.api("list", kind="policies", scope="aws", q="ReadOnlyAccess", limit=2)
        self.assertEqual(len(two["items"]), 2)
        self.assertEqual(two["next"], two["items"][1]["name"])
        rest = self.api("list", kind="policies", scope="aws", q="ReadOnlyAccess", limit=1000,
                        after=two["next"])
        self.assertEqual([p["name"] for p in two["items"] + rest["items"]],
                         [p["name"] for p in page["items"]])

    def test_bad_parameters_are_named(self):
        for query, reason in (("kind=people", "kind must be users, groups, roles or policies"),
                              ("kind=users&limit=0", "limit must be a whole number from 1 to 1000"),
                              ("kind=users&account=12", 'account must be 12 digits, not "12"')):
            status, _, body = self.get("/_localiam/console/api/list?" + query)
            self.assertEqual(status, 400, body)
            self.assertEqual(json.loads(body)["error"], reason)
        status, _, body = self.get("/_localiam/console/api/permissions?kind=user&name=carol")
        self.assertEqual(status, 404)
        self.assertEqual(json.loads(body)["error"], 'no user named "carol" in 000000000000')
        status, _, body = self.get("/_localiam/console/api/nothing")
        self.assertEqual(status, 404)
        status, _, body = self.get("/_localiam/console/api/list?kind=users", method="DELETE")
        self.assertEqual(status, 405)

    def test_hostile_values_are_only_values(self):
        for q in ("%", "_", "'; DROP TABLE users; --", '"<script>', "\u00fc\x00", "a" * 4000):
            page = self.api("list", kind="users", q=q)
            self.assertEqual((page["items"], page["matching"]), ([], 0), q[:20])
        self.assertEqual(self.api("list", kind="users", q="page-")["matching"], 60)
        status, _, body = self.get("/_localiam/console/api/list?kind=users&after=%ff%fe")
        self.assertEqual(status, 200, body)
        status, _, body = self.get("/_localiam/console/api/permissions?kind=user&name=%22%3C%3E")
        self.assertEqual(status, 404)
        self.assertEqual(json.loads(body)["error"], 'no user named ""<>" in 000000000000')
        status, _, body = self.get("/_localiam/console/api/iam", method="POST", body="Action=NoSuchAction",
                                   headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 400)
        self.assertIn(b"<Code>InvalidAction</Code>", body)
        status, _, body = self.get("/_localiam/console/api/iam", method="POST", body="%%%",
                                   headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertIn(b"<Code>MalformedQueryString</Code>", body)  # as a signed request gets it

    def test_permissions_name_where_each_policy_comes_from(self):
        p = self.api("permissions", kind="user", name="alice")
        self.assertEqual(p["arn"], "arn:aws:iam::000000000000:user/alice")
        by_name = {x["name"]: x for x in p["policies"]}
        self.assertEqual(by_name["read"]["group"], "devs")
        self.assertEqual(by_name["read"]["type"], "group")
        self.assertIn("ReadReports", by_name["read"]["document"])
        self.assertEqual(by_name["ReadOnlyAccess"]["type"], "aws-managed")
        self.assertEqual(by_name["ReadOnlyAccess"]["arn"], "arn:aws:iam::aws:policy/ReadOnlyAccess")
        self.assertEqual(by_name["ReadOnlyAccess"]["group"], "")
        self.assertNotIn(self.alice_key["SecretAccessKey"], json.dumps(p))

    def test_who_can_asks_every_user_and_role(self):
        r = self.api("who-can", action="iam:DeleteUser", resource="arn:aws:iam::000000000000:user/x")
        self.assertTrue(r["complete"])
        self.assertEqual(r["total"], 64)
        self.assertEqual(r["checked"], 64)
        self.assertEqual(r["allowed"], [])  # bob's Deny wins; alice's ReadOnlyAccess has no delete
        r = self.api("who-can", action="iam:GetUser", resource="arn:aws:iam::000000000000:user/x")
        allowed = {a["name"]: a for a in r["allowed"]}
        self.assertEqual(sorted(allowed), ["alice", "bob"])
        self.assertEqual(allowed["bob"]["statements"],
                         [{"policy": "rules", "policyArn": "", "index": 2}])
        status, _, body = self.get("/_localiam/console/api/who-can?action=nothing")
        self.assertEqual(status, 400)

    def test_who_can_while_users_change(self):
        # who-can reads policies a chunk at a time, the lock released between chunks: users
        # made and deleted meanwhile (in groups, with policies) must not break it or the writes.
        failures = []

        def churn(worker):
            iam = client(self.server, "iam")
            try:
                for i in range(40):
                    name = f"churn-{worker}-{i}"
                    iam.create_user(UserName=name)
                    iam.add_user_to_group(GroupName="devs", UserName=name)
                    iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=document(
                        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}))
                    iam.delete_user_policy(UserName=name, PolicyName="p")
                    iam.remove_user_from_group(GroupName="devs", UserName=name)
                    iam.delete_user(UserName=name)
            except Exception as e:  # reported below
                failures.append(repr(e))

        workers = [threading.Thread(target=churn, args=(w,)) for w in range(2)]
        for w in workers:
            w.start()
        asked = 0
        while asked == 0 or any(w.is_alive() for w in workers):
            r = self.api("who-can", action="s3:GetObject", resource="arn:aws:s3:::reports/a")
            self.assertIn("alice", [a["name"] for a in r["allowed"]])
            asked += 1
        for w in workers:
            w.join()
        self.assertEqual(failures, [])
        self.assertGreater(asked, 0)
        self.assertEqual(self.api("list", kind="users", q="churn")["matching"], 0)

    def test_iam_actions_are_answered_as_the_accounts_root(self):
        status, headers, body = self.get(
            "/_localiam/console/api/iam", method="POST",
            body="Action=SimulatePrincipalPolicy&Version=2010-05-08"
                 "&PolicySourceArn=arn%3Aaws%3Aiam%3A%3A000000000000%3Auser%2Falice"
                 "&ActionNames.member.1=s3%3AGetObject&ResourceArns.member.1=arn%3Aaws%3As3%3A%3A%3Areports%2Fa",
            headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 200, body)
        self.assertIn(b"<EvalDecision>allowed</EvalDecision>", body)
        self.assertEqual(headers["Content-Type"], "text/xml")
        status, _, body = self.get("/_localiam/console/api/iam", method="POST",
                                   body="Action=GetUser&Version=2010-05-08&UserName=carol")
        self.assertEqual(status, 404)
        self.assertIn(b"<Code>NoSuchEntity</Code>", body)
        self.assertIn(b"The user with name carol cannot be found.", body)
        status, _, body = self.get("/_localiam/console/api/iam",
                                   body="Action=GetUser&Version=2010-05-08")
        self.assertEqual(status, 405)
        # The console's reads leave no trace in the decision log.
        for action in ("iam:SimulatePrincipalPolicy", "iam:GetUser"):
            status, _, body = self.get("/_localiam/decisions?action=" + action)
            self.assertEqual((status, json.loads(body)["decisions"]), (200, []), action)

    # ------------------------------------------------------------------ the files

    def test_the_page_and_its_files_are_embedded_and_name_no_other_origin(self):
        for path, kind in (("/_localiam/console", "text/html"), ("/_localiam/console/", "text/html"),
                           ("/_localiam/console/console.css", "text/css"),
                           ("/_localiam/console/console.js", "text/javascript")):
            status, headers, body = self.get(path, token=None)
            self.assertEqual(status, 200, path)
            self.assertTrue(headers["Content-Type"].startswith(kind), headers)
            self.assertIn("default-src 'self'", headers["Content-Security-Policy"])
            self.assertEqual(headers["X-Content-Type-Options"], "nosniff")
            self.assertIsNone(re.search(rb"https?://|//[a-z0-9.-]+\.[a-z]{2,}/|@import|@font-face", body),
                              path)
        with open(config.REPO_ROOT / "console" / "assets" / "console.js", "rb") as f:
            self.assertEqual(self.get("/_localiam/console/console.js", token=None)[2], f.read())
        status, _, body = self.get("/_localiam/console/other.js", token=None)
        self.assertEqual(status, 404)
        self.assertEqual(body, b"No console file at /_localiam/console/other.js\n")
        status, _, _ = self.get("/_localiam/console", token=None, method="POST", body="x")
        self.assertEqual(status, 405)

    def test_the_landing_page_links_to_the_console(self):
        status, _, body = self.get("/", token=None, headers={"Accept": "text/html"})
        self.assertEqual(status, 200)
        self.assertIn(b'<a href="/_localiam/console">Open the web console</a>', body)
        status, _, body = self.get("/", token=None, headers={"Accept": "application/json"})
        paths = [e["path"] for e in json.loads(body)["endpoints"]]
        self.assertIn("/_localiam/console", paths)


class ConsoleBrowserTests(ConsoleFixture, unittest.TestCase):
    """Ends with a reset: a server of its own."""

    # ------------------------------------------------------------------ a real browser

    def test_in_a_real_browser(self):
        why = browser_missing()
        if why:
            self.skipTest(why)

        def on_line(line):
            keys = (self.bob_key["AccessKeyId"], self.bob_key["SecretAccessKey"])
            if line.strip() == "need denial":
                bob = client(self.server, "iam", *keys)
                with self.assertRaises(bob.exceptions.ClientError) as denied:
                    bob.delete_user(UserName="page-01")
            elif line.strip() == "need trust-denial":
                bob = client(self.server, "sts", *keys)
                with self.assertRaises(bob.exceptions.ClientError) as denied:
                    bob.assume_role(RoleArn="arn:aws:iam::000000000000:role/guarded", RoleSessionName="console-test")
            else:
                return None
            self.assertEqual(denied.exception.response["Error"]["Code"], "AccessDenied")
            return "done"

        status, output = run_browser(self.server.url, TOKEN, self.alice_key["SecretAccessKey"], [],
                                     on_line)
        self.assertEqual(status, 0, output[-6000:])
        self.assertTrue(output.rstrip().endswith("passed"), output[-2000:])
        for name in ("users", "user", "decisions", "simulator", "user-dark"):
            self.assertGreater(os.path.getsize(os.path.join(screenshots(), name + ".png")), 10000, name)


class ConsoleSnippet(SnippetRunner, unittest.TestCase):
    """The README's console snippet, as written (`auth=self`: it starts localiam itself); while
    the server it leaves is running, its console answers with the token the snippet names and
    (with a browser) shows alice and her policy."""

    def test_console_snippet(self):
        cli = cli_driver()
        if not cli:
            self.skipTest("needs an AWS CLI")
        port = free_port()
        script = self.snippet("console").replace("4566", str(port)).replace(
            "localiam ", config.BINARY + " ")
        seen = {}

        def look():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", "/_localiam/console/api/list?kind=users",
                         headers={"Authorization": "Bearer s3cret", "X-Localiam-Console": "1"})
            r = conn.getresponse()
            seen["list"] = (r.status, json.loads(r.read()))
            conn.close()
            if not browser_missing():
                seen["browser"] = run_browser(f"http://127.0.0.1:{port}", "s3cret", "", ["readme"])

        status, out, err = self.run_self_snippet(script, cli, while_running=look)
        self.assertEqual(status, 0, f"the snippet failed:\n{out[-3000:]}\n{err[-3000:]}")
        self.assertIn(f"Open http://127.0.0.1:{port}/_localiam/console and enter the token s3cret", out)
        code, listed = seen["list"]
        self.assertEqual(code, 200)
        self.assertEqual([u["name"] for u in listed["items"]], ["alice"])
        if "browser" in seen:
            returncode, output = seen["browser"]
            self.assertEqual(returncode, 0, output[-4000:])


class ConsoleWithAdminOffTests(unittest.TestCase):
    def test_no_console_with_the_admin_endpoints_off(self):
        server = LocalIam("console-off", extra_args=["--admin", "off"]).start()
        try:
            for path in ("/_localiam/console", "/_localiam/console/console.js",
                         "/_localiam/console/api/overview"):
                status, body = server.admin("GET", path)
                self.assertEqual(status, 404, path)
                self.assertIn(b"--admin off", body)
            status, body = server.admin("GET", "/")
            self.assertNotIn(b"Open the web console", body)
        finally:
            server.stop()


if __name__ == "__main__":
    unittest.main()
