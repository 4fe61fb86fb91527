"""Starting the real binary on data files it cannot or must not use: every start-up error
names the file and the reason; one localiam process at a time per data file (a second server,
or an import, is refused while a server holds it); another program's SQLite file is refused
and left byte for byte as it was; `export --file` is created owner-only; SIGTERM is logged at
info; SIGINT while a seed is being made stops cleanly and leaves no data file behind."""

import json
import os
import signal
import sqlite3
import stat
import subprocess
import time
import unittest

from support import config
from support.server import LocalIam


def run(args, timeout=60, cwd=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOCALIAM_")}
    return subprocess.run([config.BINARY] + args, env=env, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL, cwd=cwd)


def big_seed(path, accounts=100, users=2000):
    """200,000 users: about 2 s of seeding on a 2-core VM (parsing it takes 0.5 s)."""
    seed = {"accounts": [{"id": f"100000000{a:03d}",
                          "users": [{"name": f"user-{u}"} for u in range(users)]}
                         for a in range(accounts)]}
    with open(path, "w") as f:
        json.dump(seed, f)


class StartupTests(unittest.TestCase):
    def setUp(self):
        self.work = os.path.join(config.tmp_root(), "StartupTests", self._testMethodName)
        os.makedirs(self.work, exist_ok=True)

    def path(self, name):
        return os.path.join(self.work, name)

    def test_errors_name_the_file_and_the_reason(self):
        missing = self.path("no-such-folder/x.db")
        proc = run(["--port", "0", "--data", missing])
        self.assertEqual(proc.returncode, 1)
        self.assertIn(f"cannot open the data file {missing}: No such file or directory", proc.stderr)

        text = self.path("notes.txt")
        with open(text, "w") as f:
            f.write("not a database, just notes\n" * 10)
        proc = run(["--port", "0", "--data", text])
        self.assertEqual(proc.returncode, 1)
        self.assertIn(f"cannot use the data file {text}: ", proc.stderr)
        self.assertIn("file is not a database", proc.stderr)

        seed = self.path("no-seed.json")
        proc = run(["--port", "0", "--data", ":memory:", "--seed", seed])
        self.assertEqual(proc.returncode, 2)
        self.assertIn(f"cannot read the seed file {seed}: No such file or directory", proc.stderr)
        proc = run(["--port", "0", "--data", ":memory:", "--seed", self.work])
        self.assertEqual(proc.returncode, 2)
        self.assertIn(f"cannot read the seed file {self.work}: Is a directory", proc.stderr)

    def test_files_it_may_not_write(self):
        """A data file the user cannot write, and a writable one in a folder the user cannot
        write (SQLite keeps its -wal and -shm files beside it). As root, which may write
        anything, the server runs as `nobody` from a folder that user can reach."""
        import shutil
        import tempfile
        as_root = os.geteuid() == 0
        if as_root and not shutil.which("runuser"):
            self.skipTest("running as root without runuser")
        folder = tempfile.mkdtemp(prefix="localiam-readonly-")
        try:
            os.chmod(folder, 0o755)
            binary = os.path.join(folder, "localiam")
            shutil.copy(config.BINARY, binary)
            prefix = ["runuser", "-u", "nobody", "--"] if as_root else []
            readonly = os.path.join(folder, "readonly.db")
            open(readonly, "w").close()
            os.chmod(readonly, 0o444)
            proc = subprocess.run(prefix + [binary, "--port", "0", "--data", readonly],
                                  capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
            self.assertEqual(proc.returncode, 1, proc.stderr)
            self.assertIn(f"cannot open the data file {readonly}: Permission denied", proc.stderr)

            writable = os.path.join(folder, "writable.db")
            open(writable, "w").close()
            if as_root:
                shutil.chown(writable, "nobody")
            os.chmod(writable, 0o600)
            os.chmod(folder, 0o555)
            proc = subprocess.run(prefix + [binary, "--port", "0", "--data", writable],
                                  capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
            self.assertEqual(proc.returncode, 1, proc.stderr)
            self.assertIn(f"cannot use the data file {writable}: ", proc.stderr)
            self.assertIn(f"must be able to create {writable}-wal and {writable}-shm, but the folder "
                          f"{folder} is not writable", proc.stderr)
        finally:
            os.chmod(folder, 0o755)
            shutil.rmtree(folder, ignore_errors=True)

    def test_another_programs_database_is_refused_unchanged(self):
        foreign = self.path("app.sqlite")
        db = sqlite3.connect(foreign)
        db.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, item TEXT)")
        db.execute("INSERT INTO orders (item) VALUES ('tea')")
        db.commit()
        db.close()
        with open(foreign, "rb") as f:
            before = f.read()
        proc = run(["--port", "0", "--data", foreign])
        self.assertEqual(proc.returncode, 1)
        self.assertIn(f"cannot use the data file {foreign}: it is a SQLite database of another program",
                      proc.stderr)
        with open(foreign, "rb") as f:
            self.assertEqual(f.read(), before)
        self.assertEqual(sorted(os.listdir(self.work)), ["app.sqlite"])
        proc = run(["import", "--data", foreign, "--file", os.devnull])
        self.assertNotEqual(proc.returncode, 0)
        with open(foreign, "rb") as f:
            self.assertEqual(f.read(), before)

    def test_one_process_per_data_file(self):
        data = self.path("shared.db")
        server = LocalIam("StartupTests-holder", data=data).start()
        try:
            proc = run(["--port", "0", "--data", data], timeout=30)
            self.assertEqual(proc.returncode, 1)
            self.assertIn(f"the data file {data} is in use by another localiam process", proc.stderr)

            state = self.path("state.json")
            status, body = server.admin("GET", "/_localiam/state")
            self.assertEqual(status, 200)
            with open(state, "wb") as f:
                f.write(body)
            proc = run(["import", "--data", data, "--file", state])
            self.assertEqual(proc.returncode, 1)
            self.assertIn(f"the data file {data} is in use by another localiam process", proc.stderr)
            self.assertIn("POST /_localiam/state", proc.stderr)
            # Export only reads, which SQLite makes safe next to a running server.
            out = self.path("export.json")
            proc = run(["export", "--data", data, "--file", out])
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertEqual(stat.S_IMODE(os.stat(out).st_mode), 0o600)
            status, _, _ = server.health()
            self.assertEqual(status, 200)
        finally:
            server.stop()
        self.assertIn("localiam info: http: signal 15 received; stopping", server._new_log())
        # Once the server is gone the file is free.
        proc = run(["import", "--data", data, "--file", state])
        self.assertEqual(proc.returncode, 0, proc.stderr)

    def test_import_into_memory_is_an_error(self):
        state = self.path("empty.json")
        proc = run(["export", "--data", ":memory:", "--file", state])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        proc = run(["import", "--data", ":memory:", "--file", state])
        self.assertEqual(proc.returncode, 2)
        self.assertIn("import needs a data file", proc.stderr)
        self.assertNotIn("imported", proc.stdout)

    def test_sigint_while_seeding_leaves_no_data_file(self):
        seed = self.path("big-seed.json")
        big_seed(seed)
        data = self.path("seeded.db")
        env = {k: v for k, v in os.environ.items() if not k.startswith("LOCALIAM_")}
        proc = subprocess.Popen([config.BINARY, "--port", "0", "--data", data, "--seed", seed],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                env=env, stdin=subprocess.DEVNULL)
        try:
            lines = []
            for line in proc.stdout:
                lines.append(line)
                if "seeding " in line:
                    break
            self.assertIn(f"seeding {data} from {seed} (200000 steps)", "".join(lines))
            time.sleep(0.2)
            proc.send_signal(signal.SIGINT)
            rest = proc.stdout.read()
            self.assertEqual(proc.wait(30), 130, "".join(lines) + rest)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            proc.stdout.close()
        self.assertIn("interrupted while seeding; nothing was written (the new data file was removed)",
                      rest)
        self.assertNotIn("listening on", rest)
        self.assertEqual([n for n in os.listdir(self.work) if n.startswith("seeded.db")], [])

    def test_a_large_seed_shows_progress_on_a_terminal_only(self):
        import pty
        seed = self.path("big-seed.json")
        big_seed(seed)
        env = {k: v for k, v in os.environ.items() if not k.startswith("LOCALIAM_")}
        controller, terminal = pty.openpty()
        proc = subprocess.Popen([config.BINARY, "--port", "0", "--data", ":memory:", "--seed", seed],
                                stdout=subprocess.PIPE, stderr=terminal, env=env,
                                stdin=subprocess.DEVNULL, text=True)
        os.close(terminal)
        try:
            self.assertIn("listening on", proc.stdout.readline())
            proc.terminate()
            self.assertEqual(proc.wait(30), 0)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            proc.stdout.close()
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
        os.close(controller)
        self.assertRegex(shown.decode(), r"seeding: \d+ of 200000 entities made \(\d+/s\)")
        # Not a terminal: no progress line.
        proc = subprocess.Popen([config.BINARY, "--port", "0", "--data", ":memory:", "--seed", seed],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                                stdin=subprocess.DEVNULL, text=True)
        try:
            before = []
            for line in proc.stdout:
                if "listening on" in line:
                    break
                before.append(line)
            proc.terminate()
            proc.wait(30)
        finally:
            proc.stdout.close()
        self.assertNotIn("entities made", "".join(before))

    def test_a_state_export_is_a_seed(self):
        from support import clients
        fast = clients.fast()
        root = clients.Creds("test", "test")
        first = LocalIam("StartupTests-snapshot-source", data=":memory:").start()
        try:
            fast.call(first.url, root, "iam", "CreateUser", {"UserName": "hand-made"})
            fast.call(first.url, root, "iam", "CreateGroup", {"GroupName": "crew"})
            fast.call(first.url, root, "iam", "AddUserToGroup", {"GroupName": "crew", "UserName": "hand-made"})
            status, state = first.admin("GET", "/_localiam/state")
            self.assertEqual(status, 200)
        finally:
            first.stop()
        snapshot = self.path("team-state.json")
        with open(snapshot, "wb") as f:
            f.write(state)
        server = LocalIam("StartupTests-snapshot-seeded", data=self.path("fresh.db"),
                          extra_args=["--seed", snapshot]).start()
        try:
            self.assertIn(f"seeded from {snapshot}: a state export", server._new_log())
            users = fast.call(server.url, root, "iam", "GetGroup", {"GroupName": "crew"})["Users"]
            self.assertEqual([u["UserName"] for u in users], ["hand-made"])
            fast.call(server.url, root, "iam", "CreateUser", {"UserName": "later"})
            status, _ = server.admin("POST", "/_localiam/reset")
            self.assertEqual(status, 200)
            names = [u["UserName"] for u in fast.call(server.url, root, "iam", "ListUsers")["Users"]]
            self.assertEqual(names, ["hand-made"])
        finally:
            server.stop()
        # A broken export is named as the seed's problem.
        with open(snapshot, "w") as f:
            f.write('{"format": "localiam-state", "schema_version": 1, "tables": {}}')
        proc = run(["--port", "0", "--data", ":memory:", "--seed", snapshot])
        self.assertEqual(proc.returncode, 2)
        self.assertIn(f"bad seed: {snapshot}: the state was exported at schema version 1", proc.stderr)


if __name__ == "__main__":
    unittest.main()
