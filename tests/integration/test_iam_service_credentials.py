"""Service-specific credentials through every client: CreateServiceSpecificCredential for
CodeCommit and Amazon Keyspaces (ACCA ids, USER-at-ACCOUNT user names, generated passwords
returned only by Create and Reset) and for Bedrock API keys (alias and ABSK secret,
CredentialAgeDays, Expired once the server clock passes the expiration date),
ListServiceSpecificCredentials (one user, the calling user, ServiceName, AllUsers, paging),
ResetServiceSpecificCredential, UpdateServiceSpecificCredential, DeleteServiceSpecificCredential,
two per user and service, unsupported services, and DeleteUser refusing a user who still has
service-specific credentials.
"""

import base64
import datetime
import json
import unittest

from support import cases, paging
from support.clients import ClientFailure
from support.raw_client import RawClient

ACCOUNT = cases.ACCOUNT
CODECOMMIT = "codecommit.amazonaws.com"
KEYSPACES = "cassandra.amazonaws.com"
BEDROCK = "bedrock.amazonaws.com"
LIMIT = "Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: 2"
REFERENCED = "Cannot delete entity, must remove referenced objects first."


def no_such(credential_id):
    return f"No such credential {credential_id} exists"


def unsupported(service):
    return f"No such service {service} is supported for Service Specific Credentials"


def instant(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


class ServiceCredentialTests:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for name in ("ana", "bo", "cy", "dee", "eve", "fay", "gus", "hal"):
            cls.prep("iam", "CreateUser", UserName=name)
        cls.kit_creds = cls.prep_user_with_key("kit")[1]

    def tearDown(self):
        self.server.admin("DELETE", "/_localiam/clock")

    def create(self, user, service=CODECOMMIT, **params):
        return self.iam("CreateServiceSpecificCredential", UserName=user, ServiceName=service,
                        **params)["ServiceSpecificCredential"]

    def listed(self, **params):
        return self.iam("ListServiceSpecificCredentials", **params)["ServiceSpecificCredentials"]

    def raw(self, action, params):
        client = RawClient(self.server.host, self.server.port)
        try:
            return client.call("iam", action, params)
        finally:
            client.close()

    def test_create_list_reset_update_delete(self):
        created = self.create("ana")
        cid = created["ServiceSpecificCredentialId"]
        self.assertId(cid, "ACCA")
        self.assertEqual(created["UserName"], "ana")
        self.assertEqual(created["ServiceName"], CODECOMMIT)
        self.assertEqual(created["ServiceUserName"], f"ana-at-{ACCOUNT}")
        self.assertEqual(created["Status"], "Active")
        self.assertEqual(len(created["ServicePassword"]), 44)
        self.assertEqual(len(base64.b64decode(created["ServicePassword"])), 32)
        self.assertNotIn("ExpirationDate", created)

        listed = self.listed(UserName="ana")
        self.assertEqual([(c["ServiceSpecificCredentialId"], c["ServiceUserName"], c["Status"],
                           c["ServiceName"], c["UserName"]) for c in listed],
                         [(cid, f"ana-at-{ACCOUNT}", "Active", CODECOMMIT, "ana")])
        self.assertEqual(instant(listed[0]["CreateDate"]), instant(created["CreateDate"]))
        self.assertNotIn("ServicePassword", json.dumps(listed))

        reset = self.iam("ResetServiceSpecificCredential", UserName="ana",
                         ServiceSpecificCredentialId=cid)["ServiceSpecificCredential"]
        self.assertEqual(reset["ServiceSpecificCredentialId"], cid)
        self.assertEqual(reset["ServiceUserName"], created["ServiceUserName"])
        self.assertEqual(len(reset["ServicePassword"]), 44)
        self.assertNotEqual(reset["ServicePassword"], created["ServicePassword"])

        self.iam("UpdateServiceSpecificCredential", UserName="ana",
                 ServiceSpecificCredentialId=cid, Status="Inactive")
        self.assertEqual(self.listed(UserName="ana")[0]["Status"], "Inactive")

        self.expect_error("DeleteConflict", REFERENCED, "iam", "DeleteUser", {"UserName": "ana"})
        self.iam("DeleteServiceSpecificCredential", UserName="ana",
                 ServiceSpecificCredentialId=cid)
        self.assertEqual(self.listed(UserName="ana"), [])
        for op, extra in (("DeleteServiceSpecificCredential", {}),
                          ("ResetServiceSpecificCredential", {}),
                          ("UpdateServiceSpecificCredential", {"Status": "Active"})):
            self.expect_error("NoSuchEntity", no_such(cid), "iam", op,
                              dict(UserName="ana", ServiceSpecificCredentialId=cid, **extra))
        self.iam("DeleteUser", UserName="ana")
        self.prep("iam", "CreateUser", UserName="ana")

    def created_for(self, user, service=CODECOMMIT):
        """Creates a credential and deletes it (through boto3) when the test ends."""
        created = self.create(user, service)
        self.addCleanup(self.prep, "iam", "DeleteServiceSpecificCredential", UserName=user,
                        ServiceSpecificCredentialId=created["ServiceSpecificCredentialId"])
        return created

    def test_two_per_user_and_service(self):
        ids = [self.created_for("bo")["ServiceSpecificCredentialId"] for _ in range(2)]
        self.expect_error("LimitExceeded", LIMIT, "iam", "CreateServiceSpecificCredential",
                          {"UserName": "bo", "ServiceName": CODECOMMIT})
        keyspaces = [self.created_for("bo", KEYSPACES) for _ in range(2)]
        self.assertEqual(keyspaces[0]["ServiceUserName"], f"bo-at-{ACCOUNT}")
        self.expect_error("LimitExceeded", LIMIT, "iam", "CreateServiceSpecificCredential",
                          {"UserName": "bo", "ServiceName": KEYSPACES})
        only = self.listed(UserName="bo", ServiceName=CODECOMMIT)
        self.assertEqual(sorted(c["ServiceSpecificCredentialId"] for c in only), sorted(ids))
        everything = self.listed(UserName="bo")
        self.assertEqual([c["ServiceSpecificCredentialId"] for c in everything],
                         sorted(ids + [c["ServiceSpecificCredentialId"] for c in keyspaces]))

    def test_paging(self):
        ids = sorted(self.created_for("bo", service)["ServiceSpecificCredentialId"]
                     for service in (CODECOMMIT, CODECOMMIT, KEYSPACES))
        # On the wire, whatever the client's model: MaxItems 2, then the Marker.
        first = self.raw("ListServiceSpecificCredentials", {"UserName": "bo", "MaxItems": "2"})
        member = "ListServiceSpecificCredentialsResult/ServiceSpecificCredentials/member/"
        self.assertEqual(first.findall(member + "ServiceSpecificCredentialId"), ids[:2])
        self.assertEqual(first.find("ListServiceSpecificCredentialsResult/IsTruncated"), "true")
        marker = first.find("ListServiceSpecificCredentialsResult/Marker")
        second = self.raw("ListServiceSpecificCredentials",
                          {"UserName": "bo", "MaxItems": "2", "Marker": marker})
        self.assertEqual(second.findall(member + "ServiceSpecificCredentialId"), ids[2:])
        self.assertEqual(second.find("ListServiceSpecificCredentialsResult/IsTruncated"), "false")
        try:  # clients whose model predates the paging of this action cannot send MaxItems
            listed = paging.collect(self, "ListServiceSpecificCredentials",
                                    "ServiceSpecificCredentials", 2, UserName="bo")
        except ClientFailure as e:
            if "Unknown options" not in str(e):
                raise
            self.skipTest(f"{self.driver.name} predates MaxItems/Marker here")
        self.assertEqual([c["ServiceSpecificCredentialId"] for c in listed], ids)

    def test_unknown_services_users_and_credentials(self):
        for service in ("s3.amazonaws.com", "codecommit"):
            # AWS answers NoSuchEntity here, not the model's NotSupportedService (recorded).
            self.expect_error("NoSuchEntity", unsupported(service), "iam",
                              "CreateServiceSpecificCredential",
                              {"UserName": "cy", "ServiceName": service})
            self.expect_error("NoSuchEntity", unsupported(service), "iam",
                              "ListServiceSpecificCredentials",
                              {"UserName": "cy", "ServiceName": service})
        self.expect_error("NoSuchEntity", "The user with name ghost cannot be found.", "iam",
                          "CreateServiceSpecificCredential",
                          {"UserName": "ghost", "ServiceName": CODECOMMIT})
        self.expect_error("NoSuchEntity", "The user with name ghost cannot be found.", "iam",
                          "ListServiceSpecificCredentials", {"UserName": "ghost"})
        # A credential is found only under its own user.
        cid = self.create("cy")["ServiceSpecificCredentialId"]
        self.expect_error("NoSuchEntity", no_such(cid), "iam",
                          "UpdateServiceSpecificCredential",
                          {"UserName": "dee", "ServiceSpecificCredentialId": cid,
                           "Status": "Inactive"})
        self.assertEqual(self.listed(UserName="cy")[0]["Status"], "Active")
        self.iam("DeleteServiceSpecificCredential", UserName="cy", ServiceSpecificCredentialId=cid)

    def test_without_user_name_the_calling_user(self):
        mine = self.create("kit")
        got = self.listed(creds=self.kit_creds)
        self.assertEqual([c["ServiceSpecificCredentialId"] for c in got],
                         [mine["ServiceSpecificCredentialId"]])
        self.assertEqual(got[0]["UserName"], "kit")
        self.iam("UpdateServiceSpecificCredential", creds=self.kit_creds,
                 ServiceSpecificCredentialId=mine["ServiceSpecificCredentialId"], Status="Inactive")
        self.assertEqual(self.listed(UserName="kit")[0]["Status"], "Inactive")
        # The root is no IAM user: it has none of its own.
        self.assertEqual(self.listed(), [])
        self.iam("DeleteServiceSpecificCredential", creds=self.kit_creds,
                 ServiceSpecificCredentialId=mine["ServiceSpecificCredentialId"])

    def test_api_keys(self):
        created = self.create("eve", BEDROCK)
        cid = created["ServiceSpecificCredentialId"]
        self.assertId(cid, "ACCA")
        self.assertEqual((created["UserName"], created["ServiceName"], created["Status"]),
                         ("eve", BEDROCK, "Active"))
        self.assertNotIn("ServicePassword", created)
        self.assertNotIn("ServiceUserName", created)
        # Clients whose model predates API keys drop the alias and secret; when shown, they are
        # the user's alias and an ABSK key that carries it.
        if "ServiceCredentialSecret" in created:
            self.assertEqual(created["ServiceCredentialAlias"], f"eve-at-{ACCOUNT}")
            decoded = base64.b64decode(created["ServiceCredentialSecret"][4:]).decode()
            self.assertTrue(decoded.startswith(f"eve-at-{ACCOUNT}:"))

        # The wire answer, whatever the client's model: a key that expires in 3 days.
        answer = self.raw("CreateServiceSpecificCredential",
                          {"UserName": "eve", "ServiceName": BEDROCK, "CredentialAgeDays": "3"})
        self.assertTrue(answer.ok, answer)
        result = "CreateServiceSpecificCredentialResult/ServiceSpecificCredential/"
        alias = answer.find(result + "ServiceCredentialAlias")
        secret = answer.find(result + "ServiceCredentialSecret")
        self.assertEqual(alias, f"eve-at-{ACCOUNT}")
        self.assertTrue(secret.startswith("ABSK"))
        self.assertTrue(base64.b64decode(secret[4:]).decode().startswith(alias + ":"))
        expiring = answer.find(result + "ServiceSpecificCredentialId")
        created_at = instant(answer.find(result + "CreateDate"))
        expires_at = instant(answer.find(result + "ExpirationDate"))
        self.assertEqual(expires_at - created_at, datetime.timedelta(days=3))
        self.expect_error("LimitExceeded", LIMIT, "iam", "CreateServiceSpecificCredential",
                          {"UserName": "eve", "ServiceName": BEDROCK})
        refused = self.raw("CreateServiceSpecificCredential",
                           {"UserName": "eve", "ServiceName": CODECOMMIT,
                            "CredentialAgeDays": "3"})
        self.assertEqual(refused.code, "InvalidInput")

        statuses = {c["ServiceSpecificCredentialId"]: c["Status"]
                    for c in self.listed(UserName="eve", ServiceName=BEDROCK)}
        self.assertEqual(statuses, {cid: "Active", expiring: "Active"})
        status, _ = self.server.admin("POST", "/_localiam/clock",
                                      json.dumps({"advance_seconds": 4 * 86400}))
        self.assertEqual(status, 200)
        statuses = {c["ServiceSpecificCredentialId"]: c["Status"]
                    for c in self.listed(UserName="eve")}
        self.assertEqual(statuses, {cid: "Active", expiring: "Expired"})

        reset = self.iam("ResetServiceSpecificCredential", UserName="eve",
                         ServiceSpecificCredentialId=cid)["ServiceSpecificCredential"]
        self.assertNotIn("ServicePassword", reset)
        if "ServiceCredentialSecret" in reset and "ServiceCredentialSecret" in created:
            self.assertNotEqual(reset["ServiceCredentialSecret"],
                                created["ServiceCredentialSecret"])
        for credential_id in (cid, expiring):
            self.iam("DeleteServiceSpecificCredential", UserName="eve",
                     ServiceSpecificCredentialId=credential_id)

    def test_all_users(self):
        try:  # clients whose model predates AllUsers cannot send it
            self.assertEqual(self.listed(AllUsers=True, ServiceName=KEYSPACES), [])
        except ClientFailure as e:
            if "Unknown options" not in str(e):
                raise
            self.skipTest(f"{self.driver.name} predates AllUsers")
        ids = {self.created_for(user)["ServiceSpecificCredentialId"]: user
               for user in ("fay", "gus")}
        ids[self.created_for("hal", KEYSPACES)["ServiceSpecificCredentialId"]] = "hal"
        everyone = self.listed(AllUsers=True)
        self.assertEqual({c["ServiceSpecificCredentialId"]: c["UserName"] for c in everyone}, ids)
        codecommit = self.listed(AllUsers=True, ServiceName=CODECOMMIT)
        self.assertEqual(sorted(c["UserName"] for c in codecommit), ["fay", "gus"])
        self.expect_error("InvalidInput", None, "iam", "ListServiceSpecificCredentials",
                          {"AllUsers": True, "UserName": "fay"})


cases.per_client(ServiceCredentialTests, globals(), prefix="ServiceCredentials")

if __name__ == "__main__":
    unittest.main()
