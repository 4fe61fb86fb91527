"""The Node.js tests of tests/js (node --test): the walkthrough through the AWS SDK for
JavaScript v3 (user, group, policy, role, access key, AssumeRole, GetCallerIdentity), its
paginator and exceptions, and AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_IAM / AWS_ENDPOINT_URL_STS /
a profile's endpoint_url, and the operations only the newest AWS model has
(newest_model.test.js). Each Node test file starts the binary under test on a free port.
Runs when the js_v3 client is available (node, and tests/js/node_modules from npm ci)."""

import glob
import os
import subprocess
import unittest

from support import clients, config


def js_driver():
    return next((d for d in clients.available() if d.name == "js_v3"), None)


class NodeTests:
    def test_node_test_files(self):
        files = sorted(glob.glob(str(clients.JS_DIR / "*.test.js")))
        self.assertTrue(files, "tests/js has no *.test.js")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "LOCALIAM_"))}
        env.update(LOCALIAM_BINARY=config.BINARY, AWS_CONFIG_FILE=os.devnull,
                   AWS_SHARED_CREDENTIALS_FILE=os.devnull, AWS_EC2_METADATA_DISABLED="true",
                   NODE_NO_WARNINGS="1")
        proc = subprocess.run([self.driver.executable, "--test", *files], cwd=str(clients.JS_DIR), env=env,
                              capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
        summary = [l for l in proc.stdout.splitlines() if l.startswith(("# pass", "# fail", "not ok"))]
        self.assertEqual(proc.returncode, 0, "\n".join(summary) + "\n" + proc.stdout[-4000:] + proc.stderr[-2000:])
        self.assertIn("# fail 0", proc.stdout)


# A client test of js_v3 (it runs in js_v3's share of a parallel run), defined only when js_v3 is
# available and selected.
if js_driver():
    NodeTests_js_v3 = type("NodeTests_js_v3", (NodeTests, unittest.TestCase),
                           {"driver": js_driver(), "__module__": __name__})

if __name__ == "__main__":
    unittest.main()
