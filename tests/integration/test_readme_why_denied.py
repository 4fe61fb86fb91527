"""Runs the README's walkthrough "Why was I denied, and what does my code need?" as written,
by bash -euo pipefail in a fresh environment (`auth=self`: it starts localiam itself, in audit
mode and then in enforce mode on the same data file; its port becomes a free one and `localiam`
the binary under test). The audit run's three calls must be listed as denials with AWS's
reasons, the suggested policy must grant exactly those three (action, resource) pairs,
validate-policy must find nothing in it, and the enforce run must pass while the call the run
never made is refused. Skipped without an AWS CLI."""

import json
import os
import unittest

from support import config
from test_readme_snippets import SnippetRunner, cli_driver, free_port

APP = "arn:aws:iam::000000000000:user/app"
ROLE = "arn:aws:iam::000000000000:role/deployer"


class WhyDeniedSnippet(SnippetRunner, unittest.TestCase):
    def test_why_denied(self):
        cli = cli_driver()
        if not cli:
            self.skipTest("needs an AWS CLI")
        port = str(free_port())
        script = self.snippet("why-denied").replace("4566", port).replace(
            "localiam ", config.BINARY + " ")
        status, out, err = self.run_self_snippet(script, cli)
        self.assertEqual(status, 0, f"the snippet failed:\n{out[-3000:]}\n{err[-3000:]}")
        # The audit run answered every call, and enforce would have refused each.
        denials = [line.split() for line in out.splitlines() if "implicitDeny" in line]
        self.assertEqual([(d[1], d[2], d[3], d[4]) for d in denials], [
            ("implicitDeny", APP, "iam:ListUsers", "arn:aws:iam::000000000000:user/"),
            ("implicitDeny", APP, "iam:GetRole", ROLE),
            ("implicitDeny", APP, "iam:TagRole", ROLE)])
        self.assertIn("because no identity-based policy allows the iam:GetRole action", out)
        # The suggestion allows exactly the pairs called.
        with open(os.path.join(self.work_dir(), "app-policy.json")) as f:
            suggested = json.load(f)
        pairs = set()
        for st in suggested["Statement"]:
            self.assertEqual(st["Effect"], "Allow")
            actions = st["Action"] if isinstance(st["Action"], list) else [st["Action"]]
            resources = st["Resource"] if isinstance(st["Resource"], list) else [st["Resource"]]
            pairs |= {(a, r) for a in actions for r in resources}
        self.assertEqual(pairs, {("iam:ListUsers", "arn:aws:iam::000000000000:user/"),
                                 ("iam:GetRole", ROLE), ("iam:TagRole", ROLE)})
        # validate-policy found nothing (it prints the count), and both runs printed the
        # app's output; the delete-role the run never made was refused in enforce mode.
        self.assertIn("\n0\n", out)
        self.assertEqual(out.splitlines().count(ROLE), 2)
        self.assertNotIn("not refused?", out)
        self.assertIn("(AccessDenied) when calling the DeleteRole operation: User: " + APP +
                      " is not authorized to perform: iam:DeleteRole", err)


if __name__ == "__main__":
    unittest.main()
