"""Settings of one run of the integration suite.

run_all.py sets these from its command line before the test modules are imported;
when a module is run on its own (python3 -m unittest ...) the environment variable
LOCALIAM_BINARY, else build/localiam, names the server binary.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

INTEGRATION_DIR = Path(__file__).resolve().parent.parent
REPO_ROOT = INTEGRATION_DIR.parent.parent
FIXTURES = INTEGRATION_DIR / "fixtures"
# Responses recorded from real AWS: the snapshot files of LocalStack's IAM and STS tests
# (Apache-2.0, see LICENSE.txt there), copied from the team's ../shared/reference/aws-recorded.
AWS_RECORDINGS = FIXTURES / "aws-recorded"

BINARY = os.environ.get("LOCALIAM_BINARY") or str(REPO_ROOT / "build" / "localiam")

# Names of the clients to run (None = every client found).
ONLY_CLIENTS = None
# Keep the temporary directory (server logs, SQLite files) after the run.
KEEP_TMP = bool(os.environ.get("LOCALIAM_KEEP_TMP"))

ACCOUNT = "000000000000"
REGION = "us-east-1"

_tmp_root = None


def tmp_root():
    """One temporary directory per run; removed at exit unless KEEP_TMP."""
    global _tmp_root
    if _tmp_root is None:
        _tmp_root = tempfile.mkdtemp(prefix="localiam-it-")
        atexit.register(_cleanup_tmp)
    return _tmp_root


def _cleanup_tmp():
    if _tmp_root and not KEEP_TMP:
        shutil.rmtree(_tmp_root, ignore_errors=True)
    elif _tmp_root:
        print(f"integration: kept temporary files in {_tmp_root}")


def clean_environment():
    """Removes AWS_* and LOCALIAM_* settings of the caller's shell from this process,
    so that neither boto3 nor the CLI nor the server read a profile, an endpoint or
    credentials that the tests did not set, and points the AWS config and credential
    files at empty files."""
    for name in list(os.environ):
        if name.startswith("AWS_") or name.startswith("LOCALIAM_"):
            del os.environ[name]
    root = tmp_root()
    config_file = os.path.join(root, "aws-config")
    credentials_file = os.path.join(root, "aws-credentials")
    for path in (config_file, credentials_file):
        open(path, "a").close()
    os.environ["AWS_CONFIG_FILE"] = config_file
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = credentials_file
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"


def fixture(name):
    return FIXTURES / name


def managed_policy_catalogue():
    """The AWS managed policies the binary embeds, by name, read from the source tree
    (data/aws-managed-policies.json); None when the file is not there."""
    import json

    path = REPO_ROOT / "data" / "aws-managed-policies.json"
    if not path.exists():
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)
