"""Runs the README's gateway snippet ("Enforcing IAM on other services") as written, by bash
-euo pipefail in a fresh environment: it starts moto_server and localiam itself (`auth=self`),
so its ports (5000, 4566) become free ones and `localiam` the binary under test. The user it
makes must have written its item to `notes` (the snippet's last output is moto's own scan of
it) and been refused on `orders` with AWS's message; both tables are then read from moto
directly. Skipped without moto_server or an AWS CLI."""

import json
import os
import shutil
import unittest
import urllib.request

from support import config
from test_readme_snippets import SnippetRunner, cli_driver, free_port


class GatewaySnippet(SnippetRunner, unittest.TestCase):
    def test_gateway(self):
        cli = cli_driver()
        if not cli or not shutil.which("moto_server"):
            self.skipTest("needs moto_server and an AWS CLI")
        moto_port, port = str(free_port()), str(free_port())
        script = (self.snippet("gateway").replace("5000", moto_port).replace("4566", port)
                  .replace("localiam ", config.BINARY + " "))
        def moto_holds_what_was_written():
            # Both tables are in moto itself, and nothing reached orders.
            self.assertEqual(sorted(self.moto_call(moto_port, "ListTables", {})["TableNames"]),
                             ["notes", "orders"])
            self.assertEqual(
                self.moto_call(moto_port, "Scan", {"TableName": "orders"})["Count"], 0)

        status, out, err = self.run_self_snippet(script, cli, moto_holds_what_was_written)
        self.assertEqual(status, 0, f"the snippet failed:\n{out[-3000:]}\n{err[-3000:]}")
        # The last JSON document printed is moto's own scan of notes. (localiam may print its
        # "localiam stopped" after it: the servers are stopped while the output is read.)
        scan, _ = json.JSONDecoder().raw_decode(out, out.rindex("\n{") + 1)
        self.assertEqual(scan["Items"], [{"id": {"S": "1"}, "text": {"S": "hello"}}])
        self.assertIn("AccessDeniedException", err)
        self.assertIn("User: arn:aws:iam::000000000000:user/app is not authorized to perform: "
                      "dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:000000000000:"
                      "table/orders because no identity-based policy allows the "
                      "dynamodb:PutItem action", err)
        self.assertNotIn("not refused?", out)

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
