"""Crash safety: a write load against a file-backed server, killed with SIGKILL at random
moments, restarted, many times. After every kill the database files are copied as the
kill left them and checked directly with sqlite3: PRAGMA integrity_check and
foreign_key_check are clean, no entity is half-written (a user without its id, a policy
without its default version, an attachment, membership, key, tag or inline policy
pointing nowhere), every write the client saw acknowledged is there (and every
acknowledged delete is gone), and every entity a reader saw through GetUser survived
(nobody answers before the group commit that holds what it read). At the end the
server is restarted, answers for the same state through the API, stops gracefully, and
the database file is checked once more, opened read-only.

Rounds and time: CRASH_ROUNDS (default 20) rounds, stopping early once
CRASH_SECONDS (default 60) have passed (at least 5 rounds run whatever the
time). A longer run: CRASH_ROUNDS=500 CRASH_SECONDS=1800
python3 tests/integration/run_all.py --binary build/localiam -k CrashSafety --clients boto3

Each worker of each round writes in an account of its own (open mode: a 12-digit access key
selects the account), so that however fast the server and however many rounds, no account
comes near IAM's quotas (1,500 policies, 300 groups, 5,000 users) and LimitExceeded cannot
end the load.
"""

import os
import random
import shutil
import sqlite3
import threading
import time
import unittest

from support.clients import Creds
from support.raw_client import ConnectionLost, RawClient
from support.server import LocalIam

ROUNDS = int(os.environ.get("CRASH_ROUNDS", "20"))
BUDGET_SECONDS = float(os.environ.get("CRASH_SECONDS", "60"))
MIN_ROUNDS = min(5, ROUNDS)
WORKERS = 3
POLICY_DOC = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",'
              '"Resource":"*"}]}')
READ_ONLY_ARN = "arn:aws:iam::aws:policy/ReadOnlyAccess"


def worker_account(round_no, index):
    """The account worker `index` of round `round_no` writes in."""
    return str(200000000000 + round_no * WORKERS + index)


def account_creds(account):
    return Creds(account, "test")


class Ledger:
    """What the clients know. facts[key] = [expected, uncertain]: `expected` is whether the
    thing exists after the last acknowledged write to it; `uncertain` is set while a write
    to it went out without an answer (the kill came first), when either state is right.
    Every key's second item is the account; users are named by (account, name)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.facts = {}
        self.unknown_keys = {}      # (account, user) -> CreateAccessKey calls that got no answer
        self.observed = set()       # (account, user) a reader saw through GetUser
        self.delete_sent = set()    # (account, user) a DeleteUser was sent for (answered or not)
        self.recent_creates = []    # (account, user) whose CreateUser was just sent (for the reader)
        self.acked = 0
        self.unanswered = 0
        self.failures = []          # unexpected answers

    def sending(self, key):
        with self.lock:
            self.facts.setdefault(key, [False, False])[1] = True

    def answered(self, key, exists):
        with self.lock:
            self.facts[key] = [exists, False]
            self.acked += 1

    def refused(self, key):
        # An error answer changes nothing: the request's savepoint was rolled back.
        with self.lock:
            self.facts[key][1] = False


class Worker(threading.Thread):
    """Runs stories (create a user, key, group, policy, attach them; then tear half of
    them down again) until its connection is lost."""

    def __init__(self, ledger, server, round_no, index, seed):
        super().__init__(daemon=True)
        self.ledger = ledger
        self.account = worker_account(round_no, index)
        self.client = RawClient(server.host, server.port, creds=account_creds(self.account),
                                timeout=20)
        self.prefix = f"c{round_no}w{index}"
        self.rng = random.Random(seed)

    def run(self):
        try:
            for i in range(100000):
                self.story(f"{self.prefix}s{i}", teardown=self.rng.random() < 0.5)
        except ConnectionLost:
            pass
        finally:
            self.client.close()

    def write(self, key, exists, action, params):
        """Sends one write of `key` that leaves it existing (or not) when acknowledged."""
        self.ledger.sending(key)
        try:
            answer = self.client.call("iam", action, params)
        except ConnectionLost:
            with self.ledger.lock:
                self.ledger.unanswered += 1
            raise
        if answer.ok:
            self.ledger.answered(key, exists)
        else:
            self.ledger.refused(key)
            with self.ledger.lock:
                self.ledger.failures.append(f"{action} {params}: {answer}")
            raise ConnectionLost("unexpected error answer")  # ends this worker's round
        return answer

    def story(self, name, teardown):
        a = self.account
        user, group, policy = f"u-{name}", f"g-{name}", f"P{name}"
        arn = f"arn:aws:iam::{a}:policy/crash/{policy}"
        with self.ledger.lock:
            self.ledger.recent_creates.append((a, user))
            del self.ledger.recent_creates[:-8]
        self.write(("user", a, user), True, "CreateUser", {"UserName": user, "Path": "/crash/"})
        key_id = self.create_key(user)
        self.write(("group", a, group), True, "CreateGroup", {"GroupName": group, "Path": "/crash/"})
        self.write(("member", a, group, user), True, "AddUserToGroup",
                   {"GroupName": group, "UserName": user})
        self.write(("policy", a, arn), True, "CreatePolicy",
                   {"PolicyName": policy, "Path": "/crash/", "PolicyDocument": POLICY_DOC})
        self.write(("uattach", a, user, arn), True, "AttachUserPolicy",
                   {"UserName": user, "PolicyArn": arn})
        self.write(("gattach", a, group, arn), True, "AttachGroupPolicy",
                   {"GroupName": group, "PolicyArn": arn})
        self.write(("gattach", a, group, READ_ONLY_ARN), True, "AttachGroupPolicy",
                   {"GroupName": group, "PolicyArn": READ_ONLY_ARN})
        # The group always goes again; the rest of the story stays in half of the cases.
        self.write(("gattach", a, group, READ_ONLY_ARN), False, "DetachGroupPolicy",
                   {"GroupName": group, "PolicyArn": READ_ONLY_ARN})
        self.write(("gattach", a, group, arn), False, "DetachGroupPolicy",
                   {"GroupName": group, "PolicyArn": arn})
        self.write(("member", a, group, user), False, "RemoveUserFromGroup",
                   {"GroupName": group, "UserName": user})
        self.write(("group", a, group), False, "DeleteGroup", {"GroupName": group})
        if not teardown:
            return
        self.write(("uattach", a, user, arn), False, "DetachUserPolicy",
                   {"UserName": user, "PolicyArn": arn})
        self.write(("policy", a, arn), False, "DeletePolicy", {"PolicyArn": arn})
        self.write(("key", a, key_id), False, "DeleteAccessKey",
                   {"UserName": user, "AccessKeyId": key_id})
        with self.ledger.lock:
            self.ledger.delete_sent.add((a, user))
        self.write(("user", a, user), False, "DeleteUser", {"UserName": user})

    def create_key(self, user):
        owner = (self.account, user)
        with self.ledger.lock:
            self.ledger.unknown_keys[owner] = self.ledger.unknown_keys.get(owner, 0) + 1
        try:
            answer = self.client.call("iam", "CreateAccessKey", {"UserName": user})
        except ConnectionLost:
            with self.ledger.lock:
                self.ledger.unanswered += 1
            raise
        if not answer.ok:
            with self.ledger.lock:
                self.ledger.failures.append(f"CreateAccessKey {user}: {answer}")
            raise ConnectionLost("unexpected error answer")
        key_id = answer.find("AccessKey/AccessKeyId")
        with self.ledger.lock:
            self.ledger.unknown_keys[owner] -= 1
        self.ledger.answered(("key", self.account, key_id), True)
        return key_id


class Reader(threading.Thread):
    """GetUser on users whose CreateUser was just sent, perhaps not yet answered: a 200
    means the user's group commit is durable, whatever happens next."""

    def __init__(self, ledger, server, stop):
        super().__init__(daemon=True)
        self.ledger = ledger
        self.client = RawClient(server.host, server.port, timeout=20)
        self.stop = stop

    def run(self):
        try:
            while not self.stop.is_set():
                with self.ledger.lock:
                    names = list(self.ledger.recent_creates[-3:])
                if not names:
                    time.sleep(0.005)
                for account, name in names:
                    answer = self.client.call("iam", "GetUser", {"UserName": name},
                                              creds=account_creds(account))
                    if answer.ok:
                        with self.ledger.lock:
                            self.ledger.observed.add((account, name))
        except ConnectionLost:
            pass
        finally:
            self.client.close()


def copy_database(path, into):
    """Copies the database and its WAL as they are (not the shared-memory index, which a
    restart rebuilds); returns the copy's path."""
    os.makedirs(into, exist_ok=True)
    target = os.path.join(into, os.path.basename(path))
    for suffix in ("", "-wal"):
        if os.path.exists(path + suffix):
            shutil.copyfile(path + suffix, target + suffix)
    return target


def rows(db, sql, *args):
    return db.execute(sql, args).fetchall()


class CrashSafety(unittest.TestCase):
    def setUp(self):
        self.server = LocalIam("CrashSafety", extra_args=["--threads", "2"])
        self.addCleanup(self.server.kill)
        self.ledger = Ledger()

    def test_sigkill_under_write_load(self):
        seed = os.environ.get("CRASH_SEED") or str(time.time_ns())
        rng = random.Random(seed)
        started = time.monotonic()
        rounds = 0
        largest_wal = 0
        for round_no in range(ROUNDS):
            if round_no >= MIN_ROUNDS and time.monotonic() - started > BUDGET_SECONDS:
                break
            self.server.start()
            workers = [Worker(self.ledger, self.server, round_no, i, rng.random())
                       for i in range(WORKERS)]
            stop = threading.Event()
            reader = Reader(self.ledger, self.server, stop)
            for t in workers + [reader]:
                t.start()
            time.sleep(rng.uniform(0.05, 1.2))
            self.server.proc.kill()  # SIGKILL, mid-load
            self.server.kill()       # waits for it and forgets it
            stop.set()
            for t in workers + [reader]:
                t.join(30)
                self.assertFalse(t.is_alive(), "a client thread hangs after the kill")
            self.assertEqual(self.ledger.failures, [], "unexpected error answers under load")
            snapshot = copy_database(self.server.data,
                                     os.path.join(self.server.workdir, f"kill{round_no}"))
            if os.path.exists(snapshot + "-wal"):
                largest_wal = max(largest_wal, os.path.getsize(snapshot + "-wal"))
            with self.subTest(round=round_no):
                self.check_database(snapshot, f"after kill {round_no + 1}")
            shutil.rmtree(os.path.dirname(snapshot), ignore_errors=True)
            rounds += 1

        elapsed = time.monotonic() - started
        print(f"\ncrash safety: {rounds} SIGKILLs survived in {elapsed:.1f} s; "
              f"{self.ledger.acked} acknowledged writes, {self.ledger.unanswered} unanswered "
              f"at a kill, {len(self.ledger.observed)} users seen by the reader, largest WAL at a "
              f"kill {largest_wal // 1024} KiB; 0 acknowledged writes lost (CRASH_SEED={seed})",
              flush=True)
        self.assertGreaterEqual(self.ledger.acked, rounds, "the load acknowledged almost nothing")

        self.server.start()
        self.check_api()
        self.server.stop()
        self.check_database(f"file:{self.server.data}?mode=ro", "after a clean stop", uri=True)

    # -- checks -----------------------------------------------------------------------------

    def check_database(self, path, when, uri=False):
        db = sqlite3.connect(path, uri=uri)
        try:
            self.check_integrity(db, when)
            self.check_whole_entities(db, when)
            self.check_ledger(db, when)
        finally:
            db.close()

    def check_integrity(self, db, when):
        self.assertEqual(rows(db, "PRAGMA integrity_check"), [("ok",)], when)
        self.assertEqual(rows(db, "PRAGMA foreign_key_check"), [], when)

    def check_whole_entities(self, db, when):
        bad = rows(db, "SELECT name, user_id FROM users WHERE user_id NOT GLOB 'AIDA*' "
                       "OR length(user_id) != 21 OR name = '' OR path = ''")
        self.assertEqual(bad, [], f"{when}: users without a proper id")
        bad = rows(db, "SELECT name, group_id FROM groups WHERE group_id NOT GLOB 'AGPA*' "
                       "OR length(group_id) != 21")
        self.assertEqual(bad, [], f"{when}: groups without a proper id")
        bad = rows(db, "SELECT arn FROM policies p WHERE NOT EXISTS (SELECT 1 FROM policy_versions v"
                       " WHERE v.policy_row = p.id AND v.version_id = p.default_version)")
        self.assertEqual(bad, [], f"{when}: policies without their default version")
        bad = rows(db, "SELECT policy_row FROM policy_versions WHERE policy_row NOT IN "
                       "(SELECT id FROM policies)")
        self.assertEqual(bad, [], f"{when}: versions of no policy")
        for table, column, parent in (("group_members", "group_row", "groups"),
                                      ("group_members", "user_row", "users"),
                                      ("user_policy_attachments", "user_row", "users"),
                                      ("group_policy_attachments", "group_row", "groups"),
                                      ("role_policy_attachments", "role_row", "roles"),
                                      ("access_keys", "user_row", "users")):
            bad = rows(db, f"SELECT {column} FROM {table} WHERE {column} NOT IN (SELECT id FROM {parent})")
            self.assertEqual(bad, [], f"{when}: {table}.{column} pointing nowhere")
        for table in ("user_policy_attachments", "group_policy_attachments", "role_policy_attachments"):
            bad = rows(db, f"SELECT policy_arn FROM {table} WHERE policy_arn NOT LIKE 'arn:aws:iam::aws:%'"
                           " AND policy_arn NOT IN (SELECT arn FROM policies)")
            self.assertEqual(bad, [], f"{when}: {table}: attachments of no policy")
        bad = rows(db, "SELECT access_key_id FROM access_keys WHERE length(secret) != 40 "
                       "OR access_key_id NOT GLOB 'AKIA*'")
        self.assertEqual(bad, [], f"{when}: half-written access keys")
        for table in ("tags", "inline_policies"):
            for kind, parent in (("user", "users"), ("group", "groups"), ("role", "roles"),
                                 ("policy", "policies")):
                bad = rows(db, f"SELECT entity_row FROM {table} WHERE entity_kind = ? AND entity_row "
                               f"NOT IN (SELECT id FROM {parent})", kind)
                self.assertEqual(bad, [], f"{when}: {table} of a {kind} that does not exist")
        for table in ("users", "groups", "roles", "policies", "server_certificates"):
            counted = dict(rows(db, "SELECT account_id, n FROM entity_counts WHERE kind = ? AND n != 0",
                                table))
            actual = dict(rows(db, f"SELECT account_id, count(*) FROM {table} GROUP BY account_id"))
            self.assertEqual(counted, actual, f"{when}: quota counts of {table} drifted")

    def exists(self, db, key):
        # key = (kind, account, ...): the SQL's parameters are the account and the rest.
        kind = key[0]
        if kind == "user":
            sql = "SELECT 1 FROM users WHERE account_id = ? AND name = ?"
        elif kind == "group":
            sql = "SELECT 1 FROM groups WHERE account_id = ? AND name = ?"
        elif kind == "policy":
            sql = "SELECT 1 FROM policies WHERE account_id = ? AND arn = ?"
        elif kind == "key":
            sql = "SELECT 1 FROM access_keys WHERE account_id = ? AND access_key_id = ?"
        elif kind == "member":
            sql = ("SELECT 1 FROM group_members m JOIN groups g ON g.id = m.group_row "
                   "JOIN users u ON u.id = m.user_row WHERE g.account_id = ? AND g.name = ? AND u.name = ?")
        elif kind == "uattach":
            sql = ("SELECT 1 FROM user_policy_attachments a JOIN users u ON u.id = a.user_row "
                   "WHERE u.account_id = ? AND u.name = ? AND a.policy_arn = ?")
        elif kind == "gattach":
            sql = ("SELECT 1 FROM group_policy_attachments a JOIN groups g ON g.id = a.group_row "
                   "WHERE g.account_id = ? AND g.name = ? AND a.policy_arn = ?")
        else:
            raise AssertionError(f"unknown fact {key}")
        return bool(rows(db, sql, *key[1:]))

    def check_ledger(self, db, when):
        with self.ledger.lock:
            facts = {k: list(v) for k, v in self.ledger.facts.items()}
            observed = set(self.ledger.observed) - self.ledger.delete_sent
            unknown_keys = dict(self.ledger.unknown_keys)
        lost = []
        for key, (expected, uncertain) in facts.items():
            if not uncertain and self.exists(db, key) != expected:
                lost.append(("acknowledged create missing" if expected else
                             "acknowledged delete undone", key))
        self.assertEqual(lost, [], f"{when}: acknowledged writes lost")
        for account, user in sorted(observed):
            self.assertTrue(self.exists(db, ("user", account, user)),
                            f"{when}: user {user} of {account} was seen by GetUser, then lost in "
                            f"the crash")
        # Every access key in the database is one the ledger knows, or the answer to a
        # CreateAccessKey that got none.
        known = {k[2] for k in facts if k[0] == "key"}
        extra = {}
        for key_id, account, name in rows(db, "SELECT k.access_key_id, u.account_id, u.name FROM "
                                              "access_keys k JOIN users u ON u.id = k.user_row "
                                              "WHERE u.path = '/crash/'"):
            if key_id not in known:
                extra[(account, name)] = extra.get((account, name), 0) + 1
        for user, count in extra.items():
            self.assertLessEqual(count, unknown_keys.get(user, 0),
                                 f"{when}: access keys of {user} that no CreateAccessKey made")

    def check_api(self):
        """The restarted server answers for the same state: the users under /crash/ of each
        account are the database's, and AttachmentCount of each policy is the number of its
        attachments."""
        client = RawClient(self.server.host, self.server.port)
        try:
            with self.ledger.lock:
                facts = dict(self.ledger.facts)
            names = set()
            for account in sorted({k[1] for k in facts}):
                marker = None
                while True:
                    params = {"PathPrefix": "/crash/", "MaxItems": "1000"}
                    if marker:
                        params["Marker"] = marker
                    answer = client.call("iam", "ListUsers", params, creds=account_creds(account))
                    self.assertTrue(answer.ok, answer)
                    names.update((account, n) for n in answer.findall("Users/member/UserName"))
                    if answer.find("IsTruncated") != "true":
                        break
                    marker = answer.find("Marker")
            for key, (expected, uncertain) in facts.items():
                if key[0] == "user" and not uncertain:
                    self.assertEqual(key[1:] in names, expected, f"ListUsers after restart: {key[1:]}")
            policies = [k[1:] for k, (expected, uncertain) in facts.items()
                        if k[0] == "policy" and expected and not uncertain]
            for account, arn in policies[:40]:
                creds = account_creds(account)
                answer = client.call("iam", "GetPolicy", {"PolicyArn": arn}, creds=creds)
                self.assertTrue(answer.ok, answer)
                attached = client.call("iam", "ListEntitiesForPolicy", {"PolicyArn": arn},
                                       creds=creds)
                self.assertTrue(attached.ok, attached)
                entities = (len(attached.findall("PolicyGroups/member/GroupName"))
                            + len(attached.findall("PolicyUsers/member/UserName"))
                            + len(attached.findall("PolicyRoles/member/RoleName")))
                self.assertEqual(int(answer.find("Policy/AttachmentCount")), entities, arn)
        finally:
            client.close()


if __name__ == "__main__":
    unittest.main()
