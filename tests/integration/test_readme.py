"""The README's walkthrough, run as written: every ```sh block of its "Walkthrough"
section, in order, by bash, with AWS CLI v2 as `aws` first on PATH, against a
server in place of 127.0.0.1:4566. Keeps the README honest."""

import os
import re
import subprocess
import tempfile
import unittest

from support import actions_table, cases, clients, config

README = config.REPO_ROOT / "README.md"
ACCOUNT = config.ACCOUNT


def walkthrough_script():
    text = README.read_text(encoding="utf-8")
    match = re.search(r"^## Walkthrough\n(.*?)^## ", text, re.DOTALL | re.MULTILINE)
    if not match:
        return None
    blocks = re.findall(r"^```sh\n(.*?)^```", match.group(1), re.DOTALL | re.MULTILINE)
    return "\n".join(blocks)


class ReadmeTests:
    def test_walkthrough_as_written(self):
        script = walkthrough_script()
        self.assertTrue(script, "README.md has no ```sh blocks under '## Walkthrough'")
        self.assertIn("http://127.0.0.1:4566", script)
        script = "set -euo pipefail\n" + script.replace("http://127.0.0.1:4566", self.server.url)
        with tempfile.TemporaryDirectory(dir=config.tmp_root()) as work:
            bindir = os.path.join(work, "bin")
            os.mkdir(bindir)
            os.symlink(self.driver.executable, os.path.join(bindir, "aws"))
            env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
            env.update({
                "PATH": bindir + os.pathsep + os.environ.get("PATH", ""),
                "AWS_CONFIG_FILE": os.environ.get("AWS_CONFIG_FILE", os.devnull),
                "AWS_SHARED_CREDENTIALS_FILE": os.environ.get("AWS_SHARED_CREDENTIALS_FILE", os.devnull),
                "AWS_PAGER": "",
                "AWS_MAX_ATTEMPTS": "1",
                "AWS_EC2_METADATA_DISABLED": "true",
            })
            proc = subprocess.run(["bash", "-c", script], cwd=work, env=env, capture_output=True,
                                  timeout=600, stdin=subprocess.DEVNULL)
        out = proc.stdout.decode("utf-8", "replace")
        err = proc.stderr.decode("utf-8", "replace")
        self.assertEqual(proc.returncode, 0, f"the README walkthrough failed:\n{err[-3000:]}")
        for arn in (f"arn:aws:iam::{ACCOUNT}:root", f"arn:aws:iam::{ACCOUNT}:user/carlos",
                    f"arn:aws:sts::{ACCOUNT}:assumed-role/creator-role/s1"):
            self.assertIn(f'"Arn": "{arn}"', out, f"get-caller-identity never answered {arn}")


# The README's walkthrough is written for AWS CLI v2 (Debian's awscli).
for _driver in clients.available():
    if _driver.name == "cli_v2":
        _name = f"Readme_{_driver.name}"
        globals()[_name] = type(_name, (ReadmeTests, cases.ClientCase), {
            "driver": _driver, "__module__": __name__, "__qualname__": _name})


class ActionsTableTests(unittest.TestCase):
    """The README's table of supported actions is what the binary answers (regenerate it with
    tests/integration/support/actions_table.py --write README.md)."""

    def test_table_matches_the_binary(self):
        actions = actions_table.answered_actions(config.BINARY)
        self.assertGreater(len(actions["iam"]), 150)
        self.assertIn("AssumeRole", actions["sts"])
        text = README.read_text(encoding="utf-8")
        self.assertIn(actions_table.block(actions), text,
                      "README's actions table is stale: run tests/integration/support/"
                      "actions_table.py --binary build/localiam --write README.md")


class LayoutTests(unittest.TestCase):
    """The README's Layout table names every folder that holds the project's code or scripts,
    and no folder that does not exist."""

    def test_layout_names_every_folder(self):
        text = README.read_text(encoding="utf-8")
        match = re.search(r"^## Layout\n(.*?)(?:^## |\Z)", text, re.DOTALL | re.MULTILINE)
        self.assertTrue(match, "README.md has no '## Layout' section")
        named = set(re.findall(r"`([\w.]+)/`", match.group(1)))
        root = config.REPO_ROOT
        tracked = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True)
        if tracked.returncode != 0:
            self.skipTest("not a git checkout")
        folders = {path.split("/")[0] for path in tracked.stdout.splitlines() if "/" in path}
        self.assertEqual(sorted(folders - named), [], "folders missing from README's Layout")
        self.assertEqual(sorted(named - folders), [], "README's Layout names folders that do not exist")


if __name__ == "__main__":
    unittest.main()
