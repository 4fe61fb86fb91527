"""The base of the recorded-error tests (test_recorded_errors.py and recorded_errors/): the AWS
recordings read from tests/integration/fixtures/aws-recorded, and a server case whose expect()
drives one request with boto3 and compares its error (Code, Message, Type, HTTP status) with the
recorded one, remembering each one driven.
"""

import base64
import hashlib
import hmac
import itertools
import json
import re
import struct
import time

from support import cases, config
from support.clients import fast

RECORDED_DIR = config.AWS_RECORDINGS

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
     "Action": "sts:AssumeRole"}]})
POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]})
NO_KEY = "AKIAIOSFODNN7EXAMPLE"
NO_CERT = "NONEXISTENTCERTID12345678901"
NO_SSH = "APKAXXXXXXXXXXXXXXXXX"


class Recording:
    """The recorded snapshots, loaded once. Fails loudly when the directory is missing."""
    _files = {}

    @classmethod
    def load(cls, file):
        if not RECORDED_DIR.is_dir():
            raise AssertionError(f"the AWS recordings are missing: {RECORDED_DIR} does not exist")
        if file not in cls._files:
            path = RECORDED_DIR / f"{file}.snapshot.json"
            with open(path, encoding="utf-8") as f:
                cls._files[file] = json.load(f)
        return cls._files[file]

    @classmethod
    def tests(cls, file, prefix):
        """The names (Class-less, with parameters) of the recorded tests starting with prefix."""
        names = [key.rsplit("::", 1)[1] for key in cls.load(file)]
        return [name for name in names if name.startswith(prefix)]

    @classmethod
    def entry(cls, file, test):
        matches = [v for k, v in cls.load(file).items() if k.endswith("::" + test)]
        if len(matches) != 1:
            raise AssertionError(f"{file}: {len(matches)} recorded tests named {test}")
        return matches[0]["recorded-content"]

    @classmethod
    def error(cls, file, test, label):
        content = cls.entry(file, test)
        if label not in content:
            raise AssertionError(f"{file}::{test}: nothing recorded as {label!r}")
        response = content[label]
        return response["Error"], response["ResponseMetadata"]["HTTPStatusCode"]


def totp(seed, step):
    key = base64.b32decode(seed + "=" * (-len(seed) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1000000:06d}"



class RecordedErrorsCase(cases.ServerCase):
    auth = "open"
    _ids = itertools.count(1)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        from botocore.config import Config
        driver = fast()
        cls.iam = driver.client(cls.server.url, cls.root, "iam")
        cls.sts = driver.client(cls.server.url, cls.root, "sts")
        # As recorded: the STS ARN cases go out without client-side checks.
        cls.sts_unchecked = driver._session.client(
            "sts", endpoint_url=cls.server.url, region_name=config.REGION,
            aws_access_key_id=cls.root.access_key, aws_secret_access_key=cls.root.secret_key,
            config=Config(parameter_validation=False, retries={"max_attempts": 0}))

    driven = set()  # (file, test, label) of every recorded error compared so far

    def uid(self, prefix):
        """prefix-NNNNNNNN (8 characters, as the recorded tests' names: a policy name made
        this way is 20 characters, the shortest ARN a client accepts)."""
        return f"{prefix}-{next(self._ids):03d}{int(time.time() * 1000) % 100000:05d}"

    # -- the comparison ---------------------------------------------------------------

    def expect(self, file, test, label, call, **names):
        """Runs call() and compares its error with the one recorded as `label` in test
        `test` of `file`. `names` maps each placeholder of the recorded message (without the
        angle brackets, e.g. user_name for <user-name:1>) to the value used here."""
        from botocore.exceptions import ClientError

        recorded, status = Recording.error(file, test, label)
        message = recorded.get("Message")
        if message is not None:
            message = message.replace("arn:<partition>:", "arn:aws:").replace(
                "111111111111", config.ACCOUNT)
            for placeholder, value in names.items():
                message = message.replace(placeholder, value)
            leftover = re.findall(r"<[a-z0-9:-]+>", message)
            self.assertEqual(leftover, [], f"{label}: placeholders without a value")
        where = f"{file}::{test}::{label}"
        RecordedErrorsCase.driven.add((file, test, label))
        with self.subTest(where):
            try:
                result = call()
            except ClientError as e:
                error = e.response["Error"]
                got = (error.get("Code"), error.get("Message"), error.get("Type"),
                       e.response["ResponseMetadata"]["HTTPStatusCode"])
                want = (recorded["Code"], message, recorded.get("Type"), status)
                self.assertEqual(got, want, f"{where}: (code, message, type, status)")
                return
            result.pop("ResponseMetadata", None)
            self.fail(f"{where}: expected {recorded['Code']} {message!r}, got success {result}")

    # -- helpers that prepare state ----------------------------------------------------

    def user(self):
        name = self.uid("user")
        self.iam.create_user(UserName=name)
        return name

    def group(self):
        name = self.uid("group")
        self.iam.create_group(GroupName=name)
        return name

    def role(self, trust=TRUST):
        name = self.uid("role")
        return name, self.iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust)["Role"]

    def policy(self):
        name = self.uid("test-policy")
        return name, self.iam.create_policy(PolicyName=name, PolicyDocument=POLICY)["Policy"]["Arn"]

    def profile(self):
        name = self.uid("profile")
        self.iam.create_instance_profile(InstanceProfileName=name)
        return name

    def arn(self, kind, name):
        return f"arn:aws:iam::{config.ACCOUNT}:{kind}/{name}"

