"""TestCase bases for the integration suite.

ServerCase starts one localiam per test class (fresh temporary SQLite file) and stops
it with SIGTERM at the end, failing the class if the exit status is not 0.
ClientCase adds a client driver; per_client() turns a mixin of tests into one
TestCase class per client found (Errors_cli_v2, Errors_cli_v1, Errors_boto3, ...).
"""

import json
import unittest

from . import clients, config
from .clients import ROOT, AwsError, Creds, File
from .server import LocalIam

ACCOUNT = config.ACCOUNT

# HTTP status AWS uses for each error code (reference §1.5).
STATUS = {
    "NoSuchEntity": 404,
    "EntityAlreadyExists": 409,
    "DeleteConflict": 409,
    "LimitExceeded": 409,
    "MalformedPolicyDocument": 400,
    "ValidationError": 400,
    "InvalidInput": 400,
    "InvalidAction": 400,
    "MissingAction": 400,
    "IncompleteSignature": 400,
    "InvalidClientTokenId": 403,
    "SignatureDoesNotMatch": 403,
    "MissingAuthenticationToken": 403,
    "ExpiredToken": 403,
    "AccessDenied": 403,
    "AccessDeniedException": 403,
    "ValidationException": 400,
    "InvalidParameterException": 400,
}

SIGNATURE_MISMATCH = ("The request signature we calculated does not match the signature you "
                      "provided.")
INVALID_TOKEN = "The security token included in the request is invalid."


def load_json(name):
    with open(config.fixture(name), encoding="utf-8") as f:
        return json.load(f)


class ServerCase(unittest.TestCase):
    auth = "open"
    root_keys = None  # (key, secret) passed on the command line; None = server default
    root = ROOT       # credentials the tests use for the account root
    data = None       # None = <workdir>/x.db
    extra_args = ()   # more command-line arguments for the server (e.g. ("--seed", path))

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = LocalIam(cls.__name__, auth=cls.auth, data=cls.data, root_keys=cls.root_keys,
                              extra_args=cls.extra_args)
        cls.addClassCleanup(cls.server.kill)
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        # Graceful stop: SIGTERM must end the server with status 0.
        cls.server.stop()
        super().tearDownClass()

    # -- preparing state through boto3, whatever the client under test ---------

    @classmethod
    def prep(cls, service, op, creds=None, **params):
        return clients.fast().call(cls.server.url, creds or cls.root, service, op, params)

    @classmethod
    def prep_user_with_key(cls, name, group=None):
        """Creates user `name` (in `group` if given) with an access key; returns
        (user dict, Creds)."""
        user = cls.prep("iam", "CreateUser", UserName=name)["User"]
        if group:
            cls.prep("iam", "AddUserToGroup", GroupName=group, UserName=name)
        key = cls.prep("iam", "CreateAccessKey", UserName=name)["AccessKey"]
        return user, Creds(key["AccessKeyId"], key["SecretAccessKey"])

    @classmethod
    def prep_role_session(cls, role_name, caller, session="s1"):
        """Creates role `role_name` trusting the account and assumes it as `caller`;
        returns (role dict, temporary Creds, AssumeRole result)."""
        role = cls.prep("iam", "CreateRole", RoleName=role_name,
                        AssumeRolePolicyDocument=File(config.fixture("assume-policy.json")))["Role"]
        result = cls.prep("sts", "AssumeRole", creds=caller,
                          RoleArn=role["Arn"], RoleSessionName=session)
        c = result["Credentials"]
        return role, Creds(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"]), result

    def assertServing(self):
        status, doc, body = self.server.health()
        self.assertEqual(status, 200, f"GET /_localiam/health answered {status}: {body[:500]!r}")
        self.assertIsInstance(doc, dict, f"health body is not a JSON object: {body[:500]!r}")
        self.assertIn("status", doc, f"health JSON has no 'status': {doc}")


class ClientCase(ServerCase):
    driver = None  # set by per_client()

    def call(self, service, op, creds=None, **params):
        return self.driver.call(self.server.url, creds or self.root, service, op, params)

    def iam(self, op, creds=None, **params):
        return self.call("iam", op, creds, **params)

    def sts(self, op, creds=None, **params):
        return self.call("sts", op, creds, **params)

    def paginate(self, op, result_key, creds=None, page_size=None, **params):
        return self.driver.paginate(self.server.url, creds or self.root, "iam", op, params,
                                    result_key, page_size)

    def expect_error(self, code, message, service, op, params=None, creds=None, prefix=False):
        """Calls op through the client under test and asserts that it fails with `code`
        and exactly `message` (or a message starting with it when prefix=True; message
        None checks the code only). Checks the HTTP status too when the client reports
        it. Returns the AwsError."""
        params = params or {}
        where = f"{service} {op} {params} via {self.driver.name}"
        try:
            result = self.driver.call(self.server.url, creds or self.root, service, op, params)
        except AwsError as e:
            expected = f"({code}) {message!r}" + (" (prefix)" if prefix else "")
            got = f"({e.code}) {e.message!r}"
            self.assertEqual(e.code, code, f"{where}:\n expected: {expected}\n      got: {got}")
            if message is not None:
                if prefix:
                    self.assertTrue(e.message.startswith(message),
                                    f"{where}:\n expected: {expected}\n      got: {got}")
                else:
                    self.assertEqual(e.message, message,
                                     f"{where}:\n expected: {expected}\n      got: {got}")
            if e.status is not None and code in STATUS:
                self.assertEqual(e.status, STATUS[code],
                                 f"{where}: HTTP status for {code}: expected {STATUS[code]}, got {e.status}")
            return e
        self.fail(f"{where}:\n expected error ({code}) {message!r}\n      got success: {result}")

    def assertId(self, value, prefix, length=21):
        self.assertIsInstance(value, str)
        self.assertTrue(value.startswith(prefix) and len(value) == length,
                        f"expected a {length}-character id starting with {prefix}, got {value!r}")
        self.assertRegex(value[4:], r"^[A-Z2-7]+$", f"id {value!r}: characters after the prefix")


def per_client(mixin, module_globals, prefix=None, only=None, **attrs):
    """Defines one TestCase per available client in the calling module, named
    <prefix or mixin name>_<client>, combining `mixin` with ClientCase.
    only: a set of client names to restrict it to."""
    base_name = prefix or mixin.__name__.replace("Tests", "")
    for driver in clients.available():
        if only is not None and driver.name not in only:
            continue
        name = f"{base_name}_{driver.name}"
        cls = type(name, (mixin, ClientCase), dict(attrs, driver=driver))
        cls.__module__ = module_globals["__name__"]
        cls.__qualname__ = name
        module_globals[name] = cls
