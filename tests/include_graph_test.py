#!/usr/bin/env python3
"""Checks that the folders include each other one way, as CMakeLists.txt links them.

Each folder may include only itself, common/ and the folders listed for it below; in particular
auth/ reaches no handler (iam/, sts/) and no wiring (api/, server/), so code outside IAM can link
localiam_auth alone, and iam/ and sts/ do not know each other. A new include that breaks the
order fails here, naming the file, the line and the folder it reaches.
"""

import os
import re
import tempfile
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

LEAVES = {"sigv4", "policy", "storage", "data", "credentials", "federation", "query"}
AUTH = LEAVES | {"auth"}
HANDLERS = AUTH | {"iam", "sts"}
# The folders each folder may include besides itself and common/.
ALLOWED = {
    "common": set(),
    **{leaf: set() for leaf in LEAVES},
    "auth": LEAVES,
    "iam": AUTH,
    "sts": AUTH,
    "api": HANDLERS,
    "gateway": AUTH,
    "analyzer": AUTH,
    "console": HANDLERS | {"api"},
    "server": HANDLERS | {"api", "gateway", "analyzer", "console"},
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([A-Za-z0-9_]+)/')


def violations(root):
    """Lines of the folders in ALLOWED that include a folder they may not, as strings."""
    found = []
    for folder, allowed in sorted(ALLOWED.items()):
        top = os.path.join(root, folder)
        for dirpath, _, names in os.walk(top):
            for name in sorted(names):
                if not name.endswith((".cpp", ".hpp", ".inc")):
                    continue
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8", errors="replace") as f:
                    for number, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        target = m.group(1)
                        if target in (folder, "common") or target in allowed:
                            continue
                        if target not in ALLOWED:
                            continue  # not one of the project's folders (e.g. a third-party path)
                        found.append("%s:%d: %s/ includes %s/" %
                                     (os.path.relpath(path, root), number, folder, target))
    return found


class IncludeGraphTest(unittest.TestCase):
    def test_folders_include_one_way(self):
        found = violations(REPO)
        self.assertEqual(found, [], "includes against the folder order:\n" + "\n".join(found))

    def test_every_folder_is_checked(self):
        # A folder of C++ sources that ALLOWED does not list would go unchecked.
        for name in os.listdir(REPO):
            if name in ("tests", "bench", "fuzz", "build") or name.startswith((".", "build-")):
                continue
            path = os.path.join(REPO, name)
            if os.path.isdir(path) and any(
                    f.endswith((".cpp", ".hpp")) for _, _, files in os.walk(path) for f in files):
                self.assertIn(name, ALLOWED, "%s/ holds C++ sources; give it a row" % name)

    def test_a_back_edge_is_reported(self):
        with tempfile.TemporaryDirectory() as root:
            os.makedirs(os.path.join(root, "auth"))
            os.makedirs(os.path.join(root, "sts"))
            with open(os.path.join(root, "auth", "a.cpp"), "w") as f:
                f.write('#include "auth/a.hpp"\n#include "query/q.hpp"\n#include "iam/h.hpp"\n')
            with open(os.path.join(root, "sts", "s.cpp"), "w") as f:
                f.write('#include "auth/a.hpp"\n  #include "iam/handler_support.hpp"\n')
            self.assertEqual(violations(root), ["auth/a.cpp:3: auth/ includes iam/",
                                                "sts/s.cpp:2: sts/ includes iam/"])


if __name__ == "__main__":
    unittest.main()
