"""A data file that cannot grow (the process's file-size limit, RLIMIT_FSIZE, as a full disk
behaves for SQLite): writes answer ServiceFailure (500) with nothing half-written, reads keep
being served, the server does not exit, and it stops gracefully. Then, with room again, the
same database accepts writes and holds every write that was acknowledged."""

import resource
import sqlite3
import subprocess
import unittest

from support import clients, config
from support.server import LocalIam

LIMIT_BYTES = 2 * 1024 * 1024


class LimitedLocalIam(LocalIam):
    """localiam started with a file-size limit."""

    def start(self):
        original = subprocess.Popen

        def limited_popen(*args, **kwargs):
            inherited = kwargs.pop("preexec_fn", None)

            def preexec():
                if inherited:
                    inherited()
                resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT_BYTES, LIMIT_BYTES))
            return original(*args, preexec_fn=preexec, **kwargs)

        subprocess.Popen = limited_popen
        try:
            return super().start()
        finally:
            subprocess.Popen = original


class DiskFullTests(unittest.TestCase):
    def test_writes_fail_cleanly_and_reads_go_on(self):
        fast = clients.fast()
        server = LimitedLocalIam("DiskFull")
        self.addCleanup(server.kill)
        server.start()
        fast.call(server.url, clients.ROOT, "iam", "CreateUser", {"UserName": "first"})
        # Roles with a 9 KiB inline policy each (a role's inline quota is 10,240 bytes) fill
        # the file quickly.
        trust = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},'
                 '"Action":"sts:AssumeRole"}]}')
        document = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",'
                    '"Resource":"arn:aws:s3:::' + "x" * 9000 + '"}]}')
        acknowledged, failure = [], None
        for i in range(2000):
            name = f"filler-{i}"
            try:
                fast.call(server.url, clients.ROOT, "iam", "CreateRole",
                          {"RoleName": name, "AssumeRolePolicyDocument": trust})
                fast.call(server.url, clients.ROOT, "iam", "PutRolePolicy",
                          {"RoleName": name, "PolicyName": "big", "PolicyDocument": document})
                acknowledged.append(name)
            except clients.AwsError as e:
                failure = e
                break
        self.assertIsNotNone(failure, "the file never filled up")
        self.assertEqual(failure.code, "ServiceFailure", failure)
        self.assertEqual(server.proc.poll(), None, "the server exited")
        # Reads are served; more writes fail the same way, and nothing half-done is visible.
        self.assertEqual(fast.call(server.url, clients.ROOT, "iam", "GetUser",
                                   {"UserName": "first"})["User"]["UserName"], "first")
        # A small write may still fit in the WAL frames the failed write left behind (SQLite
        # reuses them), so keep writing as the loop did: the file must refuse again, the same way.
        again = None
        for i in range(20):
            try:
                fast.call(server.url, clients.ROOT, "iam", "CreateRole",
                          {"RoleName": f"again-{i}", "AssumeRolePolicyDocument": trust})
                fast.call(server.url, clients.ROOT, "iam", "PutRolePolicy",
                          {"RoleName": f"again-{i}", "PolicyName": "big", "PolicyDocument": document})
                acknowledged.append(f"again-{i}")
            except clients.AwsError as e:
                again = e
                break
        self.assertIsNotNone(again, "writes succeed again on a full file")
        self.assertEqual(again.code, "ServiceFailure", again)
        self.assertEqual(server.admin("GET", "/_localiam/health")[0], 200)
        server.stop()

        # With room again, every acknowledged write is there and writes work.
        roomy = LocalIam("DiskFullAfter", data=server.data)
        self.addCleanup(roomy.kill)
        roomy.start()
        names = {r["RoleName"] for r in fast.call(roomy.url, clients.ROOT, "iam", "ListRoles",
                                                  {"MaxItems": 1000})["Roles"]}
        self.assertTrue(set(acknowledged) <= names)
        for name in acknowledged:
            fast.call(roomy.url, clients.ROOT, "iam", "GetRolePolicy",
                      {"RoleName": name, "PolicyName": "big"})
        fast.call(roomy.url, clients.ROOT, "iam", "CreateUser", {"UserName": "after"})
        roomy.stop()
        with sqlite3.connect(f"file:{server.data}?mode=ro", uri=True) as db:
            self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")


if __name__ == "__main__":
    unittest.main()
