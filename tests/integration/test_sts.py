"""STS (issue 3) through every client: GetSessionToken and GetFederationToken credentials
that act as their principal, AssumeRole with session policies, session tags, source
identity, role chaining and cross-account roles, GetAccessKeyInfo, the actions localiam
answers as AWS does for an account with no organization or identity provider, and
credential expiry driven by the clock admin endpoint (POST/DELETE /_localiam/clock).

State is prepared through boto3 in setUpClass; error texts are asserted exactly. The server
clock is put back on real time after every test.
"""

import base64
import datetime
import json
import subprocess
import unittest

from support import cases, config
from support.cases import ACCOUNT
from support.clients import ROOT, Creds, File

ACCOUNT_A = "111111111111"
ACCOUNT_B = "222222222222"
ROOT_A = Creds(ACCOUNT_A, "test")
ROOT_B = Creds(ACCOUNT_B, "test")
READ_ONLY_ARN = "arn:aws:iam::aws:policy/ReadOnlyAccess"
SESSION_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})
TRUST_ALL = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}]})

EXPIRED = "The security token included in the request is expired"
INVALID_TOKEN_NO_PERIOD = "The security token included in the request is invalid"
CHAINING = ("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed "
            "by role chaining.")
DUPLICATE_TAGS = "Duplicate tag keys found. Please note that Tag keys are case insensitive."
TRANSITIVE_NOT_IN_TAGS = "The specified transitive tag key must be included in the requested tags."
TRANSITIVE_CONFLICT = ("One of the specified transitive tag keys can't be set because it "
                       "conflicts with a transitive tag key from the calling session.")

# Operations a given AWS CLI build may predate (AWS CLI v2 from Debian 12 is 2.9).
_cli_knows = {}


def parse_time(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def b64url(data):
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def jwt(claims):
    return f"{b64url({'alg': 'RS256', 'typ': 'JWT'})}.{b64url(claims)}.c2lnbmF0dXJl"


def creds_of(result):
    c = result["Credentials"]
    return Creds(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])


class StsTests:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alice, cls.alice_creds = cls.prep_user_with_key("alice")
        cls.role = cls.prep("iam", "CreateRole", RoleName="sts-role", AssumeRolePolicyDocument=TRUST_ALL,
                            MaxSessionDuration=43200)["Role"]
        cls.role2 = cls.prep("iam", "CreateRole", RoleName="sts-role-2",
                             AssumeRolePolicyDocument=TRUST_ALL)["Role"]
        cls.local_policy = cls.prep("iam", "CreatePolicy", PolicyName="SessionScope",
                                    PolicyDocument=SESSION_POLICY)["Policy"]
        # Account B owns a role; account A has a user who assumes it.
        cls.shared_role = cls.prep("iam", "CreateRole", creds=ROOT_B, RoleName="shared",
                                   AssumeRolePolicyDocument=TRUST_ALL)["Role"]
        cls.prep("iam", "CreateUser", creds=ROOT_A, UserName="erin")
        key = cls.prep("iam", "CreateAccessKey", creds=ROOT_A, UserName="erin")["AccessKey"]
        cls.erin_creds = Creds(key["AccessKeyId"], key["SecretAccessKey"])

    def tearDown(self):
        self.clock("DELETE")
        super().tearDown()

    # -- helpers ---------------------------------------------------------------------

    def clock(self, method, body=None):
        status, raw = self.server.admin(method, "/_localiam/clock",
                                        None if body is None else json.dumps(body))
        return status, json.loads(raw)

    def structs(self, items):
        """A list of structures as the client under test takes it: CLI shorthand
        ("Key=a,Value=b") or dicts (boto3)."""
        if self.driver.kind == "cli":
            return [",".join(f"{k}={v}" for k, v in item.items()) for item in items]
        return items

    def lifetime(self, result):
        expiration = parse_time(result["Credentials"]["Expiration"])
        status, now = self.clock("GET")
        return (expiration - parse_time(now["now"])).total_seconds()

    def assertLifetime(self, result, seconds):
        got = self.lifetime(result)
        self.assertTrue(seconds - 120 <= got <= seconds + 5,
                        f"expected credentials for {seconds} s, they last {got:.0f} s: {result['Credentials']}")

    def require_operation(self, op):
        """Skips when the AWS CLI under test predates `op` (a kebab-case sts command)."""
        if self.driver.kind != "cli":
            return
        key = (self.driver.executable, op)
        if key not in _cli_knows:
            env = dict(self.driver.env(ROOT), PAGER="cat", MANPAGER="cat")
            proc = subprocess.run([self.driver.executable, "sts", op, "help"], env=env,
                                  capture_output=True, stdin=subprocess.DEVNULL, timeout=120)
            _cli_knows[key] = proc.returncode == 0
        if not _cli_knows[key]:
            self.skipTest(f"{self.driver.version} has no `aws sts {op}`")

    def session(self, role=None, creds=None, name="s1", **params):
        result = self.sts("AssumeRole", creds=creds or self.alice_creds,
                          RoleArn=(role or self.role)["Arn"], RoleSessionName=name, **params)
        return creds_of(result), result

    # -- the clock -------------------------------------------------------------------

    def test_clock_endpoint(self):
        status, body = self.clock("POST", {"advance_seconds": 3601})
        self.assertEqual(status, 200, body)
        self.assertGreaterEqual(body["offset_seconds"], 3600, body)
        status, body = self.clock("POST", {"now": "2030-01-01T00:00:00Z"})
        self.assertEqual(status, 200, body)
        self.assertTrue(body["now"].startswith("2030-01-01T00:00:0"), body)
        status, body = self.clock("DELETE")
        self.assertEqual(status, 200, body)
        self.assertEqual(body["offset_seconds"], 0, body)
        for bad in ('{"advance_seconds": "soon"}', "not json", '{"now": "yesterday"}', "{}"):
            status, raw = self.server.admin("POST", "/_localiam/clock", bad)
            self.assertEqual(status, 400, raw)
            self.assertIn("error", json.loads(raw), raw)

    # -- GetSessionToken -------------------------------------------------------------

    def test_get_session_token_acts_as_the_user(self):
        result = self.sts("GetSessionToken", creds=self.alice_creds)
        self.assertEqual(set(result), {"Credentials"})
        self.assertId(result["Credentials"]["AccessKeyId"], "ASIA", 20)
        self.assertLifetime(result, 43200)
        identity = self.sts("GetCallerIdentity", creds=creds_of(result))
        self.assertEqual(identity["Arn"], f"arn:aws:iam::{ACCOUNT}:user/alice")
        self.assertEqual(identity["UserId"], self.alice["UserId"])
        self.assertEqual(identity["Account"], ACCOUNT)

    def test_get_session_token_for_root_is_clamped_to_one_hour(self):
        result = self.sts("GetSessionToken", DurationSeconds=7200)
        self.assertLifetime(result, 3600)
        identity = self.sts("GetCallerIdentity", creds=creds_of(result))
        self.assertEqual(identity["Arn"], f"arn:aws:iam::{ACCOUNT}:root")
        self.assertEqual(identity["UserId"], ACCOUNT)

    def test_get_session_token_duration_limits(self):
        self.assertLifetime(self.sts("GetSessionToken", creds=self.alice_creds, DurationSeconds=129600),
                            129600)
        # (Below 900 the clients refuse before sending.)
        self.expect_error("ValidationError",
                          "1 validation error detected: Value '129601' at 'durationSeconds' failed to "
                          "satisfy constraint: Member must have value less than or equal to 129600",
                          "sts", "GetSessionToken", {"DurationSeconds": 129601}, creds=self.alice_creds)

    def test_session_credentials_cannot_ask_for_more(self):
        token = creds_of(self.prep("sts", "GetSessionToken", creds=self.alice_creds))
        self.expect_error("AccessDenied", "Cannot call GetSessionToken with session credentials",
                          "sts", "GetSessionToken", creds=token)
        self.expect_error("AccessDenied", "Cannot call GetFederationToken with session credentials",
                          "sts", "GetFederationToken", {"Name": "bob"}, creds=token)
        role_session, _ = self.session()
        self.expect_error("AccessDenied", "Cannot call GetSessionToken with session credentials",
                          "sts", "GetSessionToken", creds=role_session)

    def test_get_session_token_credentials_cannot_call_iam(self):
        token = creds_of(self.prep("sts", "GetSessionToken", creds=self.alice_creds))
        self.expect_error("InvalidClientTokenId", INVALID_TOKEN_NO_PERIOD, "iam", "ListUsers", creds=token)

    # -- GetFederationToken ----------------------------------------------------------

    def test_get_federation_token(self):
        result = self.sts("GetFederationToken", creds=self.alice_creds, Name="fed-user")
        self.assertEqual(result["FederatedUser"], {
            "FederatedUserId": f"{ACCOUNT}:fed-user",
            "Arn": f"arn:aws:sts::{ACCOUNT}:federated-user/fed-user"})
        self.assertEqual(result["PackedPolicySize"], 0)
        self.assertLifetime(result, 43200)
        identity = self.sts("GetCallerIdentity", creds=creds_of(result))
        self.assertEqual(identity["Arn"], f"arn:aws:sts::{ACCOUNT}:federated-user/fed-user")
        self.assertEqual(identity["UserId"], f"{ACCOUNT}:fed-user")
        self.assertEqual(identity["Account"], ACCOUNT)

    def test_get_federation_token_with_session_policies_and_tags(self):
        result = self.sts("GetFederationToken", creds=self.alice_creds, Name="fed2",
                          Policy=SESSION_POLICY, DurationSeconds=900,
                          PolicyArns=self.structs([{"arn": READ_ONLY_ARN}]),
                          Tags=self.structs([{"Key": "project", "Value": "x"}]))
        self.assertGreater(result["PackedPolicySize"], 0)
        self.assertLifetime(result, 900)

    def test_get_federation_token_validation(self):
        self.expect_error("ValidationError",
                          "1 validation error detected: Value 'a:b' at 'name' failed to satisfy "
                          "constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
                          "sts", "GetFederationToken", {"Name": "a:b"}, creds=self.alice_creds)
        policy = json.dumps({"Version": "2012-10-17", "Statement": [
            {"Sid": "x" * 2000, "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})
        self.assertGreater(len(policy), 2048)
        self.expect_error("ValidationError",
                          f"1 validation error detected: Value '{policy}' at 'policy' failed to "
                          "satisfy constraint: Member must have length less than or equal to 2048",
                          "sts", "GetFederationToken", {"Name": "fed3", "Policy": policy},
                          creds=self.alice_creds)

    def test_get_federation_token_for_root_is_clamped(self):
        self.assertLifetime(self.sts("GetFederationToken", Name="rootfed", DurationSeconds=7200), 3600)

    # -- expiry ------------------------------------------------------------------------

    def test_assumed_role_credentials_expire_with_the_clock(self):
        session, result = self.session(name="expiring")
        self.assertLifetime(result, 3600)
        self.assertEqual(self.sts("GetCallerIdentity", creds=session)["Account"], ACCOUNT)
        status, _ = self.clock("POST", {"advance_seconds": 3601})
        self.assertEqual(status, 200)
        self.expect_error("ExpiredToken", EXPIRED, "sts", "GetCallerIdentity", creds=session)
        self.expect_error("ExpiredToken", EXPIRED, "iam", "ListUsers", creds=session)
        self.expect_error("ExpiredToken", EXPIRED, "sts", "AssumeRole",
                          {"RoleArn": self.role2["Arn"], "RoleSessionName": "again"}, creds=session)
        # Long-term keys do not expire.
        self.assertEqual(self.sts("GetCallerIdentity", creds=self.alice_creds)["Arn"],
                         f"arn:aws:iam::{ACCOUNT}:user/alice")
        self.clock("DELETE")
        self.assertEqual(self.sts("GetCallerIdentity", creds=session)["Account"], ACCOUNT)

    def test_session_token_and_federation_credentials_expire(self):
        token = creds_of(self.prep("sts", "GetSessionToken", creds=self.alice_creds, DurationSeconds=900))
        fed = creds_of(self.prep("sts", "GetFederationToken", creds=self.alice_creds, Name="shortfed",
                                 DurationSeconds=900))
        self.clock("POST", {"now": (datetime.datetime.now(datetime.timezone.utc)
                                    + datetime.timedelta(seconds=901)).strftime("%Y-%m-%dT%H:%M:%SZ")})
        self.expect_error("ExpiredToken", EXPIRED, "sts", "GetCallerIdentity", creds=token)
        self.expect_error("ExpiredToken", EXPIRED, "sts", "GetCallerIdentity", creds=fed)

    # -- AssumeRole ------------------------------------------------------------------

    def test_role_chaining_is_limited_to_one_hour(self):
        session, _ = self.session(name="chain1", DurationSeconds=7200)
        self.expect_error("ValidationError", CHAINING, "sts", "AssumeRole",
                          {"RoleArn": self.role["Arn"], "RoleSessionName": "chain2",
                           "DurationSeconds": 3601}, creds=session)
        chained = self.sts("AssumeRole", creds=session, RoleArn=self.role2["Arn"],
                           RoleSessionName="chain2", DurationSeconds=3600)
        self.assertEqual(chained["AssumedRoleUser"]["Arn"],
                         f"arn:aws:sts::{ACCOUNT}:assumed-role/sts-role-2/chain2")

    def test_get_session_token_credentials_chain_too(self):
        token = creds_of(self.prep("sts", "GetSessionToken", creds=self.alice_creds))
        self.expect_error("ValidationError", CHAINING, "sts", "AssumeRole",
                          {"RoleArn": self.role["Arn"], "RoleSessionName": "fromtoken",
                           "DurationSeconds": 7200}, creds=token)
        result = self.sts("AssumeRole", creds=token, RoleArn=self.role["Arn"], RoleSessionName="fromtoken")
        self.assertLifetime(result, 3600)

    def test_cross_account_assume_role(self):
        self.assertEqual(self.shared_role["Arn"], f"arn:aws:iam::{ACCOUNT_B}:role/shared")
        self.assertEqual(self.sts("GetCallerIdentity", creds=self.erin_creds)["Account"], ACCOUNT_A)
        result = self.sts("AssumeRole", creds=self.erin_creds, RoleArn=self.shared_role["Arn"],
                          RoleSessionName="from-a")
        arn = f"arn:aws:sts::{ACCOUNT_B}:assumed-role/shared/from-a"
        self.assertEqual(result["AssumedRoleUser"]["Arn"], arn)
        self.assertEqual(result["AssumedRoleUser"]["AssumedRoleId"], self.shared_role["RoleId"] + ":from-a")
        identity = self.sts("GetCallerIdentity", creds=creds_of(result))
        self.assertEqual(identity, {"UserId": self.shared_role["RoleId"] + ":from-a",
                                    "Account": ACCOUNT_B, "Arn": arn})

    def test_assume_role_with_session_policies_tags_and_source_identity(self):
        result = self.sts("AssumeRole", creds=self.alice_creds, RoleArn=self.role["Arn"],
                          RoleSessionName="tagged", Policy=SESSION_POLICY, ExternalId="ext-1234",
                          SourceIdentity="alice-laptop",
                          PolicyArns=self.structs([{"arn": READ_ONLY_ARN},
                                                   {"arn": self.local_policy["Arn"]}]),
                          Tags=self.structs([{"Key": "team", "Value": "blue"},
                                             {"Key": "cost", "Value": "42"}]),
                          TransitiveTagKeys=["team"])
        self.assertEqual(result["SourceIdentity"], "alice-laptop")
        self.assertGreater(result["PackedPolicySize"], 0)
        session = creds_of(result)
        # Chained sessions keep the source identity and the transitive tags, which may not
        # be set again (case-insensitively).
        chained = self.sts("AssumeRole", creds=session, RoleArn=self.role2["Arn"], RoleSessionName="next")
        self.assertEqual(chained["SourceIdentity"], "alice-laptop")
        self.expect_error("InvalidParameterValue", TRANSITIVE_CONFLICT, "sts", "AssumeRole",
                          {"RoleArn": self.role2["Arn"], "RoleSessionName": "next",
                           "Tags": self.structs([{"Key": "TEAM", "Value": "red"}])}, creds=session)

    def test_assume_role_tag_errors(self):
        base = {"RoleArn": self.role["Arn"], "RoleSessionName": "tags"}
        self.expect_error("InvalidParameterValue", DUPLICATE_TAGS, "sts", "AssumeRole",
                          dict(base, Tags=self.structs([{"Key": "Env", "Value": "a"},
                                                        {"Key": "env", "Value": "b"}])),
                          creds=self.alice_creds)
        self.expect_error("InvalidParameterValue", TRANSITIVE_NOT_IN_TAGS, "sts", "AssumeRole",
                          dict(base, Tags=self.structs([{"Key": "a", "Value": "b"}]),
                               TransitiveTagKeys=["c"]), creds=self.alice_creds)
        value = "v" * 257
        self.expect_error("ValidationError",
                          f"1 validation error detected: Value '{value}' at 'tags.1.member.value' "
                          "failed to satisfy constraint: Member must have length less than or equal to 256",
                          "sts", "AssumeRole", dict(base, Tags=self.structs([{"Key": "k", "Value": value}])),
                          creds=self.alice_creds)

    def test_assume_role_session_policy_arn_must_exist(self):
        missing = f"arn:aws:iam::{ACCOUNT}:policy/NoSuchPolicy"
        self.expect_error("InvalidParameterValue", f"Policy {missing} does not exist or is not attachable.",
                          "sts", "AssumeRole",
                          {"RoleArn": self.role["Arn"], "RoleSessionName": "arns",
                           "PolicyArns": self.structs([{"arn": missing}])}, creds=self.alice_creds)

    def test_assume_role_of_unknown_role(self):
        arn = f"arn:aws:iam::{ACCOUNT}:role/no-such-role"
        self.expect_error("AccessDenied",
                          f"User: arn:aws:iam::{ACCOUNT}:user/alice is not authorized to perform: "
                          f"sts:AssumeRole on resource: {arn}",
                          "sts", "AssumeRole", {"RoleArn": arn, "RoleSessionName": "x1"},
                          creds=self.alice_creds)

    # -- GetAccessKeyInfo, DecodeAuthorizationMessage ---------------------------------

    def test_get_access_key_info(self):
        session, _ = self.session(name="keyinfo")
        cross = creds_of(self.prep("sts", "AssumeRole", creds=self.erin_creds,
                                   RoleArn=self.shared_role["Arn"], RoleSessionName="keyinfo"))
        for key, account in [(self.alice_creds.access_key, ACCOUNT), (session.access_key, ACCOUNT),
                             (self.erin_creds.access_key, ACCOUNT_A), (cross.access_key, ACCOUNT_B),
                             ("AKIAIOSFODNN7EXAMPLE", ACCOUNT)]:
            self.assertEqual(self.sts("GetAccessKeyInfo", AccessKeyId=key), {"Account": account}, key)

    def test_decode_authorization_message(self):
        self.expect_error("InvalidAuthorizationMessageException", "Message is not valid",
                          "sts", "DecodeAuthorizationMessage", {"EncodedMessage": "not-an-encoded-message"})

    # -- federation without providers --------------------------------------------------

    def test_assume_role_with_web_identity_without_provider(self):
        token = jwt({"iss": "https://token.actions.githubusercontent.com", "sub": "repo:o/r:ref:refs/heads/main",
                     "aud": "sts.amazonaws.com", "exp": 4102444800})
        self.expect_error("InvalidIdentityToken",
                          "No OpenIDConnect provider found in your account for "
                          "https://token.actions.githubusercontent.com",
                          "sts", "AssumeRoleWithWebIdentity",
                          {"RoleArn": self.role["Arn"], "RoleSessionName": "gha", "WebIdentityToken": token})
        e = self.expect_error("InvalidIdentityToken", None, "sts", "AssumeRoleWithWebIdentity",
                              {"RoleArn": self.role["Arn"], "RoleSessionName": "gha",
                               "WebIdentityToken": "this-is-not-a-jwt"})
        self.assertNotIn("OpenIDConnect", e.message)

    def test_assume_role_with_saml_without_provider(self):
        assertion = base64.b64encode(b"<samlp:Response>...</samlp:Response>").decode()
        self.expect_error("InvalidIdentityToken",
                          "Specified provider doesn't exist (Service: AWSOpenIdDiscoveryService; "
                          "Status Code: 400; Error Code: AuthSamlManifestNotFoundException; Request ID: ",
                          "sts", "AssumeRoleWithSAML",
                          {"RoleArn": self.role["Arn"],
                           "PrincipalArn": f"arn:aws:iam::{ACCOUNT}:saml-provider/idp",
                           "SAMLAssertion": assertion}, prefix=True)

    def test_assume_root_outside_an_organization(self):
        self.require_operation("assume-root")
        self.expect_error("AccessDenied",
                          f"User: arn:aws:iam::{ACCOUNT}:user/alice is not authorized to perform: "
                          f"sts:AssumeRoot on resource: arn:aws:iam::{ACCOUNT_A}:root",
                          "sts", "AssumeRoot",
                          {"TargetPrincipal": ACCOUNT_A,
                           "TaskPolicyArn": self.structs(
                               [{"arn": "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"}])[0]},
                          creds=self.alice_creds)

    def test_get_web_identity_token_without_outbound_federation(self):
        self.require_operation("get-web-identity-token")
        self.expect_error("OutboundWebIdentityFederationDisabledException", None,
                          "sts", "GetWebIdentityToken",
                          {"Audience": ["api.example.com"], "SigningAlgorithm": "RS256"},
                          creds=self.alice_creds)

    def test_get_delegated_access_token_with_an_unknown_token(self):
        self.require_operation("get-delegated-access-token")
        self.expect_error("ExpiredTradeInTokenException", None, "sts", "GetDelegatedAccessToken",
                          {"TradeInToken": "not-a-trade-in-token"}, creds=self.alice_creds)


class AccessKeyTests:
    """UpdateAccessKey and GetAccessKeyLastUsed (issue 3): an Inactive key is refused, last use
    is recorded with service and region on the server clock, outbound web identity federation
    lets GetWebIdentityToken vend tokens. The server runs in verify mode."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bob, cls.bob_creds = cls.prep_user_with_key("bob")

    def test_inactive_keys_are_refused(self):
        _, creds = self.prep_user_with_key("carol")
        self.sts("GetCallerIdentity", creds=creds)
        self.iam("UpdateAccessKey", UserName="carol", AccessKeyId=creds.access_key, Status="Inactive")
        keys = self.iam("ListAccessKeys", UserName="carol")["AccessKeyMetadata"]
        self.assertEqual([k["Status"] for k in keys], ["Inactive"])
        self.expect_error("InvalidClientTokenId", "The security token included in the request is invalid.",
                          "sts", "GetCallerIdentity", creds=creds)
        self.iam("UpdateAccessKey", UserName="carol", AccessKeyId=creds.access_key, Status="Active")
        self.assertEqual(self.sts("GetCallerIdentity", creds=creds)["Arn"], f"arn:aws:iam::{ACCOUNT}:user/carol")
        self.expect_error("NoSuchEntity", "The Access Key with id AKIAAAAAAAAAAAAAAAAA cannot be found.",
                          "iam", "UpdateAccessKey",
                          {"UserName": "carol", "AccessKeyId": "AKIAAAAAAAAAAAAAAAAA", "Status": "Inactive"})

    def test_last_used(self):
        _, creds = self.prep_user_with_key("dave")
        fresh = self.iam("GetAccessKeyLastUsed", AccessKeyId=creds.access_key)
        self.assertEqual(fresh["UserName"], "dave")
        self.assertEqual(fresh["AccessKeyLastUsed"], {"ServiceName": "N/A", "Region": "N/A"})
        self.iam("GetUser", creds=creds)
        used = self.iam("GetAccessKeyLastUsed", AccessKeyId=creds.access_key)["AccessKeyLastUsed"]
        self.assertEqual((used["ServiceName"], used["Region"]), ("iam", config.REGION))
        self.assertIn("LastUsedDate", used)
        self.sts("GetCallerIdentity", creds=creds)
        used = self.iam("GetAccessKeyLastUsed", AccessKeyId=creds.access_key)["AccessKeyLastUsed"]
        self.assertEqual(used["ServiceName"], "sts")
        self.expect_error("AccessDenied",
                          f"User: arn:aws:iam::{ACCOUNT}:root is not authorized to perform "
                          f"iam:GetAccessKeyLastUsed on resource: access key AKIAAAAAAAAAAAAAAAAA",
                          "iam", "GetAccessKeyLastUsed", {"AccessKeyId": "AKIAAAAAAAAAAAAAAAAA"})

    def test_outbound_web_identity_federation(self):
        if self.driver.kind == "cli":
            self.skipTest("AWS CLI v2.9 predates outbound web identity federation")
        self.expect_error("FeatureDisabled", None, "iam", "GetOutboundWebIdentityFederationInfo")
        issuer = self.iam("EnableOutboundWebIdentityFederation")["IssuerIdentifier"]
        self.assertRegex(issuer, r"^https://[0-9a-f-]{36}\.tokens\.sts\.global\.api\.aws$")
        self.expect_error("FeatureEnabled", None, "iam", "EnableOutboundWebIdentityFederation")
        info = self.iam("GetOutboundWebIdentityFederationInfo")
        self.assertEqual((info["IssuerIdentifier"], info["JwtVendingEnabled"]), (issuer, True))
        token = self.sts("GetWebIdentityToken", creds=self.bob_creds, Audience=["api.example.com"],
                         SigningAlgorithm="RS256")
        claims = json.loads(base64.urlsafe_b64decode(token["WebIdentityToken"].split(".")[1] + "=="))
        self.assertEqual((claims["iss"], claims["sub"], claims["aud"]),
                         (issuer, f"arn:aws:iam::{ACCOUNT}:user/bob", "api.example.com"))
        self.iam("DisableOutboundWebIdentityFederation")
        self.expect_error("FeatureDisabled", None, "iam", "DisableOutboundWebIdentityFederation")
        self.iam("SetSecurityTokenServicePreferences", GlobalEndpointTokenVersion="v2Token")


cases.per_client(StsTests, globals(), prefix="Sts")
cases.per_client(AccessKeyTests, globals(), prefix="StsKeys", auth="verify")

if __name__ == "__main__":
    unittest.main()
