"""Client drivers: one way to call an IAM/STS operation through each real client.

Every driver offers the same two calls, so a test is written once and runs through
AWS CLI v2, AWS CLI v1 and boto3:

    driver.call(url, creds, "iam", "CreateUser", {"UserName": "carlos"}) -> dict
    driver.paginate(url, creds, "iam", "ListPolicies", {"Scope": "Local"}, "Policies") -> list

A call that the service answers with an error raises AwsError(code, message); the
message is exactly what the client shows (for the CLI: the text after
"An error occurred (Code) when calling the Op operation: "). Results are plain
JSON-like data: timestamps are ISO strings, policy documents are what the client
makes of them (both clients decode URL-encoded JSON documents into dicts).
Parameter values: str/int/bool/list (a list of dicts, e.g. Tags, reaches the CLI as JSON),
or File(path) for a document the CLI reads with file:// and boto3 receives as text.
"""

import datetime
import json
import os
import re
import shutil
import subprocess
import threading
import time
from typing import NamedTuple, Optional

from . import config


class AwsError(Exception):
    def __init__(self, code, message, status=None, operation=None, raw=None):
        super().__init__(f"({code}) {message}")
        self.code = code
        self.message = message
        self.status = status
        self.operation = operation
        self.raw = raw


class ClientFailure(AssertionError):
    """The client failed without an AWS error from the server (crash, client-side
    validation, connection refused, unreadable output)."""


class Creds(NamedTuple):
    access_key: str
    secret_key: str
    session_token: Optional[str] = None
    region: Optional[str] = None  # the region the client signs for (None: config.REGION)


ROOT = Creds("test", "test")


class File:
    def __init__(self, path):
        self.path = os.path.abspath(str(path))

    def read_text(self):
        with open(self.path, encoding="utf-8") as f:
            return f.read()

    def __repr__(self):
        return f"file://{self.path}"


def kebab(name):
    """GetCallerIdentity -> get-caller-identity, OnlyAttached -> only-attached,
    SAMLAssertion -> saml-assertion (an acronym ends before its last capital)."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])|(?<=[A-Z])([A-Z])(?=[a-z])", r"-\1\2", name).lower()


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    return value


class Stats:
    def __init__(self):
        self.calls = 0
        self.seconds = 0.0
        self._lock = threading.Lock()

    def add(self, seconds):
        with self._lock:
            self.calls += 1
            self.seconds += seconds


class Driver:
    name = "?"
    kind = "?"
    version = "?"

    def __init__(self):
        self.stats = Stats()

    def call(self, url, creds, service, op, params=None):
        raise NotImplementedError

    def paginate(self, url, creds, service, op, params, result_key, page_size=None):
        raise NotImplementedError

    def __repr__(self):
        return f"{self.name} ({self.version})"


# ---------------------------------------------------------------------------
# AWS CLI (v1 and v2 behave the same for everything used here)

CLI_ERROR = re.compile(
    r"An error occurred \((?P<code>[^)]*)\) when calling the (?P<op>\w+) operation"
    r"(?: \(reached max retries: \d+\))?: (?P<message>.*)\Z",
    re.DOTALL)

CLI_TIMEOUT = 180


class CliDriver(Driver):
    kind = "cli"

    def __init__(self, name, executable, version):
        super().__init__()
        self.name = name
        self.executable = executable
        self.version = version

    def env(self, creds):
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update({
            "AWS_ACCESS_KEY_ID": creds.access_key,
            "AWS_SECRET_ACCESS_KEY": creds.secret_key,
            "AWS_DEFAULT_REGION": creds.region or config.REGION,
            "AWS_CONFIG_FILE": os.environ.get("AWS_CONFIG_FILE", os.devnull),
            "AWS_SHARED_CREDENTIALS_FILE": os.environ.get("AWS_SHARED_CREDENTIALS_FILE", os.devnull),
            "AWS_PAGER": "",
            "AWS_MAX_ATTEMPTS": "1",
            "AWS_RETRY_MODE": "standard",
            "AWS_EC2_METADATA_DISABLED": "true",
            "LC_ALL": "C.UTF-8",
        })
        if creds.session_token:
            env["AWS_SESSION_TOKEN"] = creds.session_token
        return env

    @staticmethod
    def args(params):
        argv = []
        for key, value in (params or {}).items():
            flag = "--" + kebab(key)
            if isinstance(value, bool):
                argv.append(flag if value else "--no-" + kebab(key))
            elif isinstance(value, File):
                argv += [flag, f"file://{value.path}"]
            elif isinstance(value, (list, tuple)) and any(isinstance(v, dict) for v in value):
                # Structures (e.g. Tags) go to the CLI as one JSON argument.
                argv += [flag, json.dumps(list(value))]
            elif isinstance(value, (list, tuple)):
                argv += [flag] + [str(v) for v in value]
            else:
                argv += [flag, str(value)]
        return argv

    def run(self, url, creds, service, op, params=None, cli_args=()):
        """Runs the CLI; returns the parsed JSON output ({} when it prints nothing).
        cli_args: extra CLI-only arguments such as --max-items, --page-size."""
        argv = [self.executable, service, kebab(op)] + self.args(params) + list(cli_args) + [
            "--endpoint-url", url, "--output", "json"]
        started = time.monotonic()
        try:
            proc = subprocess.run(argv, env=self.env(creds), stdin=subprocess.DEVNULL,
                                  capture_output=True, timeout=CLI_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise ClientFailure(f"{self.name}: timed out after {CLI_TIMEOUT}s: {' '.join(argv)}")
        finally:
            self.stats.add(time.monotonic() - started)
        stdout = proc.stdout.decode("utf-8", "replace")
        stderr = proc.stderr.decode("utf-8", "replace")
        if proc.returncode != 0:
            if "argument operation: Invalid choice" in stderr:
                # An older CLI (Debian's 2.9) lacks the operation: it cannot be called with it.
                import unittest
                raise unittest.SkipTest(f"{self.name} ({self.version}) predates {op}")
            match = CLI_ERROR.search(stderr.strip("\n"))
            if match:
                raise AwsError(match.group("code"), match.group("message"),
                               operation=match.group("op"), raw=stderr)
            raise ClientFailure(
                f"{self.name} exited with {proc.returncode} without an AWS error: "
                f"{' '.join(argv)}\nstderr: {stderr.strip()}\nstdout: {stdout.strip()[:2000]}")
        if not stdout.strip():
            return {}
        try:
            return json.loads(stdout)
        except ValueError:
            raise ClientFailure(f"{self.name} printed output that is not JSON: {stdout[:2000]!r}")

    def call(self, url, creds, service, op, params=None):
        return self.run(url, creds, service, op, params)

    def paginate(self, url, creds, service, op, params, result_key, page_size=None):
        # The CLI follows Marker/IsTruncated itself and prints the merged result.
        extra = ["--page-size", str(page_size)] if page_size else []
        result = self.run(url, creds, service, op, params, extra)
        return result.get(result_key, [])


# ---------------------------------------------------------------------------
# boto3

class Boto3Driver(Driver):
    kind = "boto3"
    name = "boto3"

    def __init__(self):
        super().__init__()
        import boto3
        import botocore

        self.version = f"boto3 {boto3.__version__}, botocore {botocore.__version__}"
        self._session = boto3.session.Session(region_name=config.REGION)
        self._clients = {}
        self._lock = threading.Lock()

    def client(self, url, creds, service):
        from botocore.config import Config

        key = (url, creds, service)
        with self._lock:
            if key not in self._clients:
                self._clients[key] = self._session.client(
                    service, endpoint_url=url, region_name=creds.region or config.REGION,
                    aws_access_key_id=creds.access_key, aws_secret_access_key=creds.secret_key,
                    aws_session_token=creds.session_token,
                    config=Config(retries={"max_attempts": 0}, connect_timeout=10,
                                  read_timeout=120))
            return self._clients[key]

    @staticmethod
    def _params(params):
        return {k: (v.read_text() if isinstance(v, File) else v) for k, v in (params or {}).items()}

    def call(self, url, creds, service, op, params=None):
        from botocore import xform_name
        from botocore.exceptions import ClientError, ParamValidationError

        client = self.client(url, creds, service)
        if op not in client.meta.service_model.operation_names:
            import unittest
            import botocore
            raise unittest.SkipTest(f"botocore {botocore.__version__} predates {op}")
        started = time.monotonic()
        try:
            response = getattr(client, xform_name(op))(**self._params(params))
        except ParamValidationError as e:
            # An older bundled model (Debian's boto3 1.26) may require or refuse what today's
            # model does not: the call cannot be made with this client at all.
            import unittest
            import botocore
            if tuple(int(x) for x in botocore.__version__.split(".")[:2]) < (1, 31):
                raise unittest.SkipTest(f"botocore {botocore.__version__}'s model refuses this "
                                        f"{op} call: {e}") from None
            raise
        except ClientError as e:
            error = e.response.get("Error", {})
            raise AwsError(error.get("Code"), error.get("Message"),
                           status=e.response.get("ResponseMetadata", {}).get("HTTPStatusCode"),
                           operation=op, raw=e.response) from None
        finally:
            self.stats.add(time.monotonic() - started)
        response.pop("ResponseMetadata", None)
        return _jsonable(response)

    def paginate(self, url, creds, service, op, params, result_key, page_size=None):
        from botocore import xform_name
        from botocore.exceptions import ClientError

        client = self.client(url, creds, service)
        paginator = client.get_paginator(xform_name(op))
        pagination = {"PageSize": page_size} if page_size else {}
        items = []
        started = time.monotonic()
        try:
            for page in paginator.paginate(PaginationConfig=pagination, **self._params(params)):
                items += page.get(result_key, [])
        except ClientError as e:
            error = e.response.get("Error", {})
            raise AwsError(error.get("Code"), error.get("Message"),
                           status=e.response.get("ResponseMetadata", {}).get("HTTPStatusCode"),
                           operation=op, raw=e.response) from None
        finally:
            self.stats.add(time.monotonic() - started)
        return _jsonable(items)


# ---------------------------------------------------------------------------
# AWS SDK for JavaScript v3 (tests/js, packages pinned by its package-lock.json)

JS_DIR = config.REPO_ROOT / "tests" / "js"
_JS_DOCUMENTS = ("PolicyDocument", "AssumeRolePolicyDocument", "Document")
_JS_DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


def _from_js(value, key=None):
    """What boto3 would have made of it: documents decoded (IAM sends them URL-encoded;
    botocore decodes them, the JS SDK does not) and dates as datetime.isoformat() text."""
    if isinstance(value, dict):
        if set(value) == {"$bytes"}:
            import base64
            return base64.b64decode(value["$bytes"])
        return {k: _from_js(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_from_js(v) for v in value]
    if isinstance(value, str):
        if key in _JS_DOCUMENTS:
            from urllib.parse import unquote
            try:
                return json.loads(unquote(value))
            except ValueError:
                return value
        if _JS_DATE.match(value):
            return datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    return value


class JsDriver(Driver):
    """One long-lived `node tests/js/driver.js` answering JSON lines (a call costs milliseconds).
    Its kind is "boto3" because the tests' client-specific branches are about SDK versus CLI
    behaviour, and the JavaScript SDK behaves as boto3 does there: one page per call with
    IsTruncated/Marker, blobs as bytes, no CLI-only options."""
    kind = "boto3"
    name = "js_v3"

    def __init__(self, node, version):
        super().__init__()
        self.executable = node
        self.version = version
        self._proc = None
        self._lock = threading.Lock()

    def _request(self, request):
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                env = dict(os.environ, NODE_NO_WARNINGS="1")  # no "upgrade node" notices
                self._proc = subprocess.Popen([self.executable, str(JS_DIR / "driver.js")], cwd=str(JS_DIR),
                                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                              env=env)
            started = time.monotonic()
            try:
                self._proc.stdin.write(json.dumps(request) + "\n")
                self._proc.stdin.flush()
                line = self._proc.stdout.readline()
            finally:
                self.stats.add(time.monotonic() - started)
        if not line:
            raise ClientFailure("js_v3: the node driver exited")
        answer = json.loads(line)
        if "error" in answer:
            e = answer["error"]
            raise AwsError(e["code"], e["message"], status=e.get("status"), operation=request["op"], raw=e)
        if "failure" in answer:
            raise ClientFailure(f"js_v3: {request['op']} failed without an AWS error: {answer['failure']}")
        return _from_js(answer["ok"])

    @staticmethod
    def _params(params):
        return {k: (v.read_text() if isinstance(v, File) else v) for k, v in (params or {}).items()}

    def call(self, url, creds, service, op, params=None):
        result = self._request({"url": url, "creds": list(creds), "service": service, "op": op,
                                "params": self._params(params), "paginate": None})
        return result if isinstance(result, dict) else {}

    def paginate(self, url, creds, service, op, params, result_key, page_size=None):
        return self._request({"url": url, "creds": list(creds), "service": service, "op": op,
                              "params": self._params(params), "paginate": result_key,
                              "pageSize": page_size})


def _js_driver():
    """(driver, None) when node and tests/js/node_modules are there, else (None, why not)."""
    node = shutil.which("node")
    if not node:
        return None, "no node on PATH"
    package = JS_DIR / "node_modules" / "@aws-sdk" / "client-iam" / "package.json"
    if not package.exists():
        return None, "tests/js/node_modules is missing (script/bootstrap runs npm ci when npm is installed)"
    try:
        node_version = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
        sdk = json.loads(package.read_text())["version"]
    except (OSError, ValueError, subprocess.TimeoutExpired) as e:
        return None, f"cannot run node: {e}"
    return JsDriver(node, f"@aws-sdk/client-iam {sdk}, node {node_version}"), None


# ---------------------------------------------------------------------------
# Discovery

REQUIRED = ("cli_v2", "boto3")


def _cli_version(executable):
    try:
        proc = subprocess.run([executable, "--version"], capture_output=True, timeout=60,
                              stdin=subprocess.DEVNULL,
                              env={k: v for k, v in os.environ.items() if not k.startswith("AWS_")})
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (proc.stdout + proc.stderr).decode("utf-8", "replace").strip()
    return text.splitlines()[0] if text else None


def _aws_on_path():
    seen, found = set(), []
    for directory in os.environ.get("PATH", "").split(os.pathsep):
        candidate = os.path.join(directory or ".", "aws")
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            real = os.path.realpath(candidate)
            if real not in seen:
                seen.add(real)
                found.append(candidate)
    return found


_discovered = None


def discover():
    """Finds the clients on this machine. Returns (drivers by name, notes by name);
    a client that is absent has a note saying why."""
    global _discovered
    if _discovered is not None:
        return _discovered
    drivers, notes = {}, {}

    candidates = ["/usr/bin/aws"] + _aws_on_path()
    checked = set()
    for exe in candidates:
        real = os.path.realpath(exe)
        if real in checked or not os.path.exists(exe):
            continue
        checked.add(real)
        version = _cli_version(exe)
        if not version:
            continue
        if version.startswith("aws-cli/2") and "cli_v2" not in drivers:
            drivers["cli_v2"] = CliDriver("cli_v2", exe, version)
        elif version.startswith("aws-cli/1") and "cli_v1" not in drivers:
            drivers["cli_v1"] = CliDriver("cli_v1", exe, version)
    if "cli_v2" not in drivers:
        notes["cli_v2"] = "no AWS CLI v2 (/usr/bin/aws, Debian package awscli) found"
    if "cli_v1" not in drivers:
        notes["cli_v1"] = "no AWS CLI v1 on PATH"

    try:
        drivers["boto3"] = Boto3Driver()
    except ImportError as e:
        notes["boto3"] = f"boto3 cannot be imported by {shutil.which('python3') or 'python3'}: {e}"

    js, why = _js_driver()
    if js:
        drivers["js_v3"] = js
    else:
        notes["js_v3"] = why

    _discovered = (drivers, notes)
    return _discovered


ORDER = ("cli_v2", "cli_v1", "boto3", "js_v3")


def available():
    """The drivers to run, in a stable order, restricted by config.ONLY_CLIENTS."""
    drivers, _ = discover()
    return [drivers[n] for n in ORDER
            if n in drivers and (config.ONLY_CLIENTS is None or n in config.ONLY_CLIENTS)]


_fast = None


def fast():
    """boto3, used to prepare state quickly whatever client is under test."""
    global _fast
    drivers, notes = discover()
    if "boto3" not in drivers:
        raise ClientFailure("boto3 is needed to prepare test state: " + notes.get("boto3", ""))
    return drivers["boto3"]
