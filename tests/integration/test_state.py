"""State export/import: GET /_localiam/state exports every table, POST /_localiam/state puts
an export back (exactly: exporting again gives the same bytes), and a running server then
answers as before, keys and temporary credentials included; `localiam export` and
`localiam import` do the same offline on a data file; a bad import is refused with 400 and a
reason and changes nothing."""

import json
import os
import subprocess
import unittest

from support import cases, config
from support.cases import ACCOUNT
from support.server import LocalIam


def localiam(*args, stdin=None):
    return subprocess.run([config.BINARY] + list(args), input=stdin, capture_output=True,
                          timeout=60, env={k: v for k, v in os.environ.items() if not k.startswith("LOCALIAM_")})


class StateTests(cases.ServerCase):
    auth = "verify"
    root_keys = ("test", "test")

    def export(self):
        status, body = self.server.admin("GET", "/_localiam/state")
        self.assertEqual(status, 200, body)
        return body

    def test_round_trip_through_the_endpoints_and_offline(self):
        p = self.prep
        p("iam", "CreateGroup", GroupName="exported")
        user, creds = self.prep_user_with_key("exporter", group="exported")
        p("iam", "TagUser", UserName="exporter", Tags=[{"Key": "k", "Value": "v=é ü"}])
        _, session, _ = self.prep_role_session("exported-role", creds)
        p("iam", "UpdateRole", RoleName="exported-role", Description='say "hi"\tthere\\')
        first = self.export()
        doc = json.loads(first)
        self.assertEqual(doc["format"], "localiam-state")
        self.assertIsInstance(doc["schema_version"], int)
        for table in ("users", "groups", "group_members", "roles", "access_keys", "sessions", "tags"):
            self.assertIn(table, doc["tables"])
        users = doc["tables"]["users"]
        self.assertIn(user["UserId"], [row[users["columns"].index("user_id")] for row in users["rows"]])

        # Reset, then import: everything is back, exactly.
        self.assertEqual(self.server.admin("POST", "/_localiam/reset")[0], 200)
        self.assertEqual(json.loads(self.export())["tables"]["users"]["rows"], [])
        status, body = self.server.admin("POST", "/_localiam/state", first)
        self.assertEqual(status, 200, body)
        self.assertEqual(self.export(), first)
        who = p("sts", "GetCallerIdentity", creds=creds)
        self.assertEqual(who["Arn"], f"arn:aws:iam::{ACCOUNT}:user/exporter")
        who = p("sts", "GetCallerIdentity", creds=session)
        self.assertEqual(who["Arn"], f"arn:aws:sts::{ACCOUNT}:assumed-role/exported-role/s1")

        # Offline: import the export into a new data file, export it again: the same bytes.
        work = self.server.workdir
        state_file = os.path.join(work, "state.json")
        with open(state_file, "wb") as f:
            f.write(first)
        offline_db = os.path.join(work, "offline.db")
        proc = localiam("import", "--data", offline_db, "--file", state_file)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        proc = localiam("export", "--data", offline_db)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout, first)
        # stdin works as well, and the offline file serves the same identities.
        second_db = os.path.join(work, "offline2.db")
        proc = localiam("import", "--data", second_db, stdin=first)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        other = LocalIam("StateOffline", auth="verify", data=second_db)
        self.addCleanup(other.kill)
        other.start()
        from support import clients
        who = clients.fast().call(other.url, creds, "sts", "GetCallerIdentity")
        self.assertEqual(who["UserId"], user["UserId"])
        other.stop()

    def test_bad_imports_are_refused_and_change_nothing(self):
        self.prep("iam", "CreateUser", UserName="stays")
        before = self.export()
        doc = json.loads(before)
        for body, reason in [
                (b"{not json", "the state is not JSON: "),
                (json.dumps({"format": "localiam-state", "schema_version": 0, "tables": {}}).encode(),
                 "the state was exported at schema version 0"),
                (json.dumps(dict(doc, tables={"planets": {"columns": [], "rows": []}})).encode(),
                 'unknown table "planets" in the state'),
                (json.dumps(dict(doc, tables={"group_members": {"columns": ["group_row", "user_row"],
                                                                "rows": [[41, 42]]}})).encode(),
                 "the state is inconsistent: ")]:
            status, answer = self.server.admin("POST", "/_localiam/state", body)
            self.assertEqual(status, 400, answer)
            self.assertTrue(json.loads(answer)["error"].startswith(reason), answer)
        self.assertEqual(self.export(), before)
        proc = localiam("export", "--data", os.path.join(self.server.workdir, "missing.db"))
        self.assertEqual(proc.returncode, 1)
        self.assertIn(b"no data file", proc.stderr)


if __name__ == "__main__":
    unittest.main()
