"""Conformance with botocore's IAM and STS models: every operation the models list (read at
run time, so an operation added to the model is tested the day it appears) is called once
through boto3 with a request that botocore accepts, built from the operation's input shape
(valid where that is easy, deliberately unknown names otherwise). The answer must be either a
success that boto3 parses and that has every required member of the output shape, or an error
whose code the model lists for that operation (or one of the common errors every action may
answer). It must never be InvalidAction, "not implemented", a 5xx, or a response boto3 cannot
parse. Each operation is a subTest, and the failures are listed together at the end.
"""

import datetime
import json
import unittest

from support import cases
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


if __name__ == "__main__":
    unittest.main()
