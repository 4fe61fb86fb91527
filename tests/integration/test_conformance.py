"""Conformance with the IAM and STS models, read at run time so that an operation added to a
model is tested the day it appears:

- botocore's models (the Debian boto3): every operation is called once through boto3;
- the newest models, those of the AWS SDK for JavaScript v3 that tests/js/package.json pins
  (read by tests/js/model.js): every operation is called once through that SDK. Bumping the
  pinned SDK is how the suite learns of new operations: each one then fails here until
  localiam answers it.

Each request is built from the operation's input shape (valid where that is easy,
deliberately unknown names otherwise). The answer must be either a success that the client
parses and that has every required member of the output shape, or an error whose code the
model lists for that operation (or one of the common errors every action may answer). It
must never be InvalidAction, "not implemented", a 5xx, or a response the client cannot parse.
Each operation is a subTest, and the failures are listed together at the end.
"""

import datetime
import json
import subprocess
import unittest

from support import cases, clients, config
from support.cases import ACCOUNT, ServerCase

COMMON_ERRORS = {
    "ValidationError", "AccessDenied", "NoSuchEntity", "InvalidInput", "MissingParameter",
    "InvalidParameterValue", "InvalidParameterCombination", "MalformedPolicyDocument",
}

# Operations localiam does not answer yet (issue 5 is open): each must still answer
# InvalidAction, so that this list shrinks as they land and cannot hide a regression. Every
# other operation must conform.
NOT_YET_IMPLEMENTED = {
    "iam": set(),
    "sts": set(),
}

# Request members of the botocore that REVIEWED_NEW_MEMBERS was reviewed against (written by
# support/botocore_members.py), known whatever older botocore the suite runs with.
BOTOCORE_MEMBERS = json.loads((config.FIXTURES / "botocore-members.json").read_text("utf-8"))

# Request members the newest model has and botocore's lacks, each reviewed against localiam:
# "answered" (localiam takes it), or why it is ignored for now. A model bump that adds members
# fails test_every_new_member_is_reviewed until each new one is listed here.
REVIEWED_NEW_MEMBERS = {
    ("iam", "CreateOpenIDConnectProvider", "ContextProvider"): "answered",
    ("iam", "CreateOpenIDConnectProvider", "IdentityCenterInstanceArn"): "answered",
    ("iam", "CreateLoginProfile", "MaxSigninSessionDuration"): "ignored: not implemented yet",
    ("iam", "CreateRole", "MaxSigninSessionDuration"): "ignored: not implemented yet",
    ("iam", "UpdateLoginProfile", "MaxSigninSessionDuration"): "ignored: not implemented yet",
    ("iam", "UpdateLoginProfile", "ResetMaxSigninSessionDuration"): "ignored: not implemented yet",
    ("iam", "UpdateRole", "MaxSigninSessionDuration"): "ignored: not implemented yet",
    ("iam", "UpdateRole", "ResetMaxSigninSessionDuration"): "ignored: not implemented yet",
    ("iam", "CreateSAMLProvider", "ContextProvider"): "answered",
    ("iam", "CreateSAMLProvider", "IdentityCenterInstanceArn"): "answered",
    ("iam", "UpdateSAMLProvider", "ContextProvider"): "answered",
    ("iam", "UpdateSAMLProvider", "IdentityCenterInstanceArn"): "answered",
    ("iam", "UpdateSAMLProvider", "RemoveContextProvider"): "answered",
    ("iam", "UpdateSAMLProvider", "RemoveIdentityCenterInstance"): "answered",
    ("iam", "SimulateCustomPolicy", "OrderedOrganizationPolicyInputList"):
        "ignored: not implemented yet",
    ("iam", "SimulatePrincipalPolicy", "PolicyExclusionList"): "ignored: not implemented yet",
    ("sts", "AssumeRole", "MinimumSessionTokenSize"): "ignored: not implemented yet",
    ("sts", "AssumeRoleWithSAML", "MinimumSessionTokenSize"): "ignored: not implemented yet",
    ("sts", "AssumeRoleWithWebIdentity", "MinimumSessionTokenSize"): "ignored: not implemented yet",
    ("sts", "AssumeRoot", "MinimumSessionTokenSize"): "ignored: not implemented yet",
    ("sts", "GetFederationToken", "MinimumSessionTokenSize"): "ignored: not implemented yet",
    ("sts", "GetSessionToken", "MinimumSessionTokenSize"): "ignored: not implemented yet",
    ("sts", "GetWebIdentityToken", "Scope"): "ignored: not implemented yet",
    ("sts", "GetWebIdentityToken", "SubjectMode"): "ignored: not implemented yet",
}

NAME = "conformance"
USER_ARN = f"arn:aws:iam::{ACCOUNT}:user/{NAME}"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/{NAME}"
POLICY_ARN = f"arn:aws:iam::{ACCOUNT}:policy/{NAME}"
IDENTITY_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}]})
TRUST_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
     "Action": "sts:AssumeRole"}]})

# Values by member name: names of the entities made in setUpClass, well-formed ARNs and ids,
# documents that parse. Anything else gets a generic value that fits the shape.
HINTS = {
    "UserName": NAME, "GroupName": NAME, "RoleName": NAME, "PolicyName": NAME,
    "InstanceProfileName": NAME, "ServerCertificateName": NAME, "VirtualMFADeviceName": NAME,
    "PolicyArn": POLICY_ARN, "RoleArn": ROLE_ARN, "PrincipalArn": ROLE_ARN,
    "PolicySourceArn": USER_ARN, "Arn": USER_ARN, "ResourceArn": USER_ARN,
    "EntityArn": f"arn:aws:iam::{ACCOUNT}:delegation-request/dr-0123456789abcdef",
    "PermissionsBoundary": POLICY_ARN,
    "PolicyDocument": IDENTITY_POLICY, "AssumeRolePolicyDocument": TRUST_POLICY,
    "PolicyInputList": IDENTITY_POLICY, "Policy": IDENTITY_POLICY,
    "Path": "/", "PathPrefix": "/", "VersionId": "v1", "AccessKeyId": "AKIAIOSFODNN7EXAMPLE",
    "SerialNumber": f"arn:aws:iam::{ACCOUNT}:mfa/{NAME}",
    "AuthenticationCode1": "123456", "AuthenticationCode2": "654321", "TokenCode": "123456",
    "Url": "https://conformance.example.com", "ThumbprintList": "a" * 40,
    "OpenIDConnectProviderArn": f"arn:aws:iam::{ACCOUNT}:oidc-provider/conformance.example.com",
    "SAMLProviderArn": f"arn:aws:iam::{ACCOUNT}:saml-provider/{NAME}",
    "ServiceName": "codecommit.amazonaws.com", "AWSServiceName": "elasticbeanstalk.amazonaws.com",
    "ServiceNamespace": "iam", "ServiceNamespaces": "iam", "ActionNames": "iam:GetUser",
    "ResourceArns": "*", "ContextKeyNames": "aws:CurrentTime",
    "CertificateId": "A" * 24, "SSHPublicKeyId": "APKA" + "A" * 16,
    "ServiceSpecificCredentialId": "ACCA" + "A" * 16,
    "AccountAlias": "conformance-alias", "EntityPath": "o-a1b2c3d4e5/r-f6g7h8i9",
    "JobId": "0" * 8 + "-0000-0000-0000-" + "0" * 12,
    "DelegationRequestId": "dr-0123456789abcdef",
    "Password": "Conformance-Passw0rd!", "NewPassword": "Conformance-Passw0rd!",
    "OldPassword": "Conformance-Passw0rd!",
    "RoleSessionName": NAME, "TargetPrincipal": "123456789012",
    "NotificationChannel": "arn:aws:sns:us-east-1:123456789012:topic",
    "RedirectUrl": "https://conformance.example.com/back",
    "OwnerAccountId": "123456789012",
    "TemplateArn": f"arn:aws:iam::{ACCOUNT}:role-template/{NAME}",
    "IdentityCenterInstanceArn": "arn:aws:sso:::instance/ssoins-0123456789abcdef",
}


def fit(text, shape):
    """`text` stretched or cut to the shape's length bounds."""
    low = shape.metadata.get("min", 0)
    high = shape.metadata.get("max")
    if len(text) < low:
        text = text + "x" * (low - len(text))
    if high is not None and len(text) > high:
        text = text[:high]
    return text


def value_for(shape, name, depth=0):
    t = shape.type_name
    if t == "structure":
        return {m: value_for(s, m, depth + 1) for m, s in shape.members.items()
                if m in shape.required_members and depth < 6}
    if t == "list":
        count = max(1, shape.metadata.get("min", 1))
        return [value_for(shape.member, name, depth + 1) for _ in range(count)]
    if t == "map":
        return {"conformance": value_for(shape.value, name, depth + 1)}
    if t == "string":
        if shape.enum:
            return shape.enum[0]
        return fit(HINTS.get(name, NAME), shape)
    if t in ("integer", "long"):
        low = shape.metadata.get("min")
        return int(low) if low is not None else 1
    if t == "boolean":
        return False
    if t == "timestamp":
        return datetime.datetime.now(datetime.timezone.utc)
    if t == "blob":
        return b"conformance"
    if t in ("double", "float"):
        return 1.0
    raise AssertionError(f"no value for {name} of type {t}")


def newest_value(shape, name, depth=0):
    """A value for a shape of the newest model (tests/js/model.js's description: no length or
    enum constraints there, so strings are the hints or the plain name)."""
    t = shape["type"]
    if t == "structure":
        return {m: newest_value(s, m, depth + 1) for m, s in shape["members"].items()
                if m in shape["required"] and depth < 6}
    if t == "list":
        return [newest_value(shape["member"], name, depth + 1)]
    if t == "map":
        return {"conformance": newest_value(shape["value"], name, depth + 1)}
    if t == "integer":
        return 1
    if t == "boolean":
        return False
    if t == "timestamp":
        return datetime.datetime.now(datetime.timezone.utc).isoformat()
    return HINTS.get(name, NAME)


def newest_model():
    """The IAM and STS models of the pinned AWS SDK for JavaScript v3, or None without node and
    tests/js/node_modules."""
    driver = clients.discover()[0].get("js_v3")
    if driver is None:
        return None, None
    proc = subprocess.run([driver.executable, str(clients.JS_DIR / "model.js")],
                          cwd=str(clients.JS_DIR), capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        raise AssertionError(f"tests/js/model.js failed: {proc.stderr[-2000:]}")
    return driver, json.loads(proc.stdout)


def answer_problem(code, status, message, allowed):
    """What is wrong with an error answer, or None."""
    if code == "InvalidAction" or (status or 0) >= 500 or "not implemented" in message.lower():
        return f"{code} ({status}): {message}"
    if code not in allowed | COMMON_ERRORS:
        return f"error {code} ({status}) is not one the model lists ({sorted(allowed)}): {message}"
    return None


def error_codes(operation):
    codes = set()
    for shape in operation.error_shapes:
        codes.add(shape.metadata.get("error", {}).get("code", shape.name))
    return codes


class ConformanceTests(ServerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        import boto3
        from botocore.config import Config

        session = boto3.session.Session(region_name="us-east-1")
        config = Config(retries={"max_attempts": 0}, read_timeout=60, connect_timeout=10)
        cls.clients = {
            service: session.client(service, endpoint_url=cls.server.url,
                                    aws_access_key_id=cls.root.access_key,
                                    aws_secret_access_key=cls.root.secret_key, config=config)
            for service in ("iam", "sts")}
        iam = cls.clients["iam"]
        # Entities the hinted names refer to, so that many calls find what they name.
        iam.create_user(UserName=NAME)
        iam.create_group(GroupName=NAME)
        iam.create_role(RoleName=NAME, AssumeRolePolicyDocument=TRUST_POLICY)
        iam.create_policy(PolicyName=NAME, PolicyDocument=IDENTITY_POLICY)

    def check_service(self, service):
        from botocore import xform_name
        from botocore.exceptions import ClientError

        client = self.clients[service]
        model = client.meta.service_model
        problems = []
        for op_name in sorted(model.operation_names):
            operation = model.operation_model(op_name)
            params = value_for(operation.input_shape, "") if operation.input_shape else {}
            with self.subTest(service=service, operation=op_name):
                problem = None
                try:
                    result = getattr(client, xform_name(op_name))(**params)
                    output = operation.output_shape
                    if output is not None:
                        missing = [m for m in output.required_members if m not in result]
                        if missing:
                            problem = f"success without required members {missing}"
                except ClientError as e:
                    code = e.response.get("Error", {}).get("Code", "")
                    message = e.response.get("Error", {}).get("Message", "")
                    status = e.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
                    allowed = error_codes(operation) | COMMON_ERRORS
                    if (code == "InvalidAction" or status >= 500
                            or "not implemented" in message.lower()):
                        problem = f"{code} ({status}): {message}"
                    elif code not in allowed:
                        problem = (f"error {code} ({status}) is not one the model lists "
                                   f"({sorted(error_codes(operation))}): {message}")
                except Exception as e:  # noqa: BLE001 - anything else is a failure to parse
                    problem = f"{type(e).__name__}: {e}"
                if op_name in NOT_YET_IMPLEMENTED[service]:
                    if not (problem or "").startswith("InvalidAction"):
                        problem = (f"listed as not yet implemented but answered ({problem or 'ok'}):"
                                   " remove it from NOT_YET_IMPLEMENTED")
                    else:
                        problem = None
                if problem:
                    problems.append(f"{service} {op_name}: {problem}")
                    self.fail(problem)
        self.__class__.problems = getattr(self.__class__, "problems", []) + problems
        if problems:
            print(f"\n{service}: {len(problems)} of {len(model.operation_names)} operations "
                  f"do not conform:\n  " + "\n  ".join(problems))

    def test_every_iam_operation(self):
        self.check_service("iam")

    def test_every_sts_operation(self):
        self.check_service("sts")

    def check_newest(self, service):
        driver, model = newest_model()
        if model is None:
            self.skipTest("the AWS SDK for JavaScript v3 is not installed (node, tests/js npm ci)")
        operations = model[service]["operations"]
        problems = []
        for op_name in sorted(operations):
            operation = operations[op_name]
            params = newest_value(operation["input"], "")
            with self.subTest(service=service, operation=op_name):
                problem = None
                try:
                    result = driver.call(self.server.url, self.root, service, op_name, params)
                    missing = [m for m in operation["output_required"] if m not in result]
                    if missing:
                        problem = f"success without required members {missing}"
                except clients.AwsError as e:
                    problem = answer_problem(e.code, e.status, e.message or "",
                                             set(operation["errors"]))
                except clients.ClientFailure as e:
                    problem = str(e)
                if problem:
                    problems.append(f"{service} {op_name}: {problem}")
                    self.fail(problem)
        if problems:
            print(f"\n{service} ({model[service]['package']} {model[service]['version']}): "
                  f"{len(problems)} of {len(operations)} operations do not conform:\n  "
                  + "\n  ".join(problems))

    def test_every_iam_operation_of_the_newest_model(self):
        self.check_newest("iam")

    def test_every_sts_operation_of_the_newest_model(self):
        self.check_newest("sts")

    def test_every_new_member_is_reviewed(self):
        """Request members that the newest model adds to operations botocore knows (the installed
        one's, and those of the botocore in fixtures/botocore-members.json): each must be in
        REVIEWED_NEW_MEMBERS, so that a model bump shows what localiam does not take yet."""
        _, model = newest_model()
        if model is None:
            self.skipTest("the AWS SDK for JavaScript v3 is not installed (node, tests/js npm ci)")
        unreviewed, stale = [], []
        for service, client in self.clients.items():
            botocore_model = client.meta.service_model
            for op_name, operation in model[service]["operations"].items():
                reviewed = BOTOCORE_MEMBERS["services"][service].get(op_name)
                if op_name not in botocore_model.operation_names and reviewed is None:
                    continue  # an operation botocore lacks: test_every_*_operation covers it
                known = set(reviewed or [])
                if op_name in botocore_model.operation_names:
                    shape = botocore_model.operation_model(op_name).input_shape
                    known |= set(shape.members) if shape is not None else set()
                for member in operation["input"]["members"]:
                    if member not in known and (service, op_name, member) not in \
                            REVIEWED_NEW_MEMBERS:
                        unreviewed.append(f"{service} {op_name}.{member}")
        for (service, op_name, member) in REVIEWED_NEW_MEMBERS:
            if member not in model[service]["operations"].get(op_name, {}).get(
                    "input", {}).get("members", {}):
                stale.append(f"{service} {op_name}.{member}")
        self.assertFalse(unreviewed, "members of the newest model not reviewed in "
                         f"REVIEWED_NEW_MEMBERS: {sorted(unreviewed)}")
        self.assertFalse(stale, f"REVIEWED_NEW_MEMBERS names members the model lacks: {stale}")

    def test_the_newest_model_has_every_botocore_operation(self):
        """The pinned SDK must not be older than botocore: else its model is not the newest."""
        _, model = newest_model()
        if model is None:
            self.skipTest("the AWS SDK for JavaScript v3 is not installed (node, tests/js npm ci)")
        for service, client in self.clients.items():
            missing = set(client.meta.service_model.operation_names) - set(
                model[service]["operations"])
            self.assertFalse(missing, f"{service}: botocore knows {sorted(missing)} but "
                             f"{model[service]['package']} {model[service]['version']} does not: "
                             "bump tests/js/package.json")


if __name__ == "__main__":
    unittest.main()
