"""Runs the README's gateway snippet ("Enforcing IAM on other services") as written, by bash
-euo pipefail in a fresh environment: it starts moto_server and localiam itself (`auth=self`),
so its ports (5000, 4566) become free ones and `localiam` the binary under test. The user it
makes must have written its item to `notes` (the snippet's last output is moto's own scan of
it) and been refused on `orders` with AWS's message; both tables are then read from moto
directly. Skipped without moto_server or an AWS CLI."""

import json
import os
import shutil
import signal
import subprocess
import unittest
import urllib.request

from support import config
from test_readme_snippets import SnippetRunner, clean_env, cli_driver, free_port


class GatewaySnippet(SnippetRunner, unittest.TestCase):
    def test_gateway(self):
        cli = cli_driver()
        if not cli or not shutil.which("moto_server"):
            self.skipTest("needs moto_server and an AWS CLI")
        moto_port, port = str(free_port()), str(free_port())
        script = (self.snippet("gateway").replace("5000", moto_port).replace("4566", port)
                  .replace("localiam ", config.BINARY + " "))
        bindir = os.path.join(self.work_dir(), "bin")
        os.makedirs(bindir, exist_ok=True)
        os.symlink(cli.executable, os.path.join(bindir, "aws"))
        env = clean_env(PATH=bindir + os.pathsep + os.environ["PATH"])
        # The snippet leaves both servers running in the background, in its process group
        # (stopped afterwards) and holding its output files (so: files, not pipes).
        out_path = os.path.join(self.work_dir(), "snippet.out")
        err_path = os.path.join(self.work_dir(), "snippet.err")
        with open(out_path, "w") as out_file, open(err_path, "w") as err_file:
            proc = subprocess.Popen(["bash", "-euo", "pipefail", "-c", script], cwd=self.work_dir(),
                                    env=env, stdin=subprocess.DEVNULL, stdout=out_file,
                                    stderr=err_file, start_new_session=True)
        try:
            proc.wait(timeout=120)
            with open(out_path) as f:
                out = f.read()
            with open(err_path) as f:
                err = f.read()
            self.assertEqual(proc.returncode, 0, f"the snippet failed:\n{out[-3000:]}\n{err[-3000:]}")
            # The last JSON document printed is moto's own scan of notes.
            scan = json.loads(out[out.rindex("\n{") + 1:])
            self.assertEqual(scan["Items"], [{"id": {"S": "1"}, "text": {"S": "hello"}}])
            self.assertIn("AccessDeniedException", err)
            self.assertIn("User: arn:aws:iam::000000000000:user/app is not authorized to perform: "
                          "dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:000000000000:"
                          "table/orders because no identity-based policy allows the "
                          "dynamodb:PutItem action", err)
            self.assertNotIn("not refused?", out)
            # Both tables are in moto itself, and nothing reached orders.
            self.assertEqual(sorted(self.moto_call(moto_port, "ListTables", {})["TableNames"]),
                             ["notes", "orders"])
            self.assertEqual(self.moto_call(moto_port, "Scan", {"TableName": "orders"})["Count"],
                             0)
        finally:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=30)


    def moto_call(self, port, operation, body):
        """One DynamoDB call straight to moto (which does not check signatures)."""
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/", data=json.dumps(body).encode(), method="POST",
            headers={"X-Amz-Target": "DynamoDB_20120810." + operation,
                     "Content-Type": "application/x-amz-json-1.0",
                     "Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/"
                                      "dynamodb/aws4_request, SignedHeaders=host, Signature=0"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.loads(answer.read())


if __name__ == "__main__":
    unittest.main()
