"""Signing certificates of IAM users and server certificates of the account through every
client, with certificates and keys made by the openssl command line here: parsing, ids,
Expiration from the certificate, duplicate and malformed certificates, private keys that do
not match, quotas, renames, paths, tags, paging, and DeleteUser refusing a user who still has
signing certificates.
"""

import datetime
import os
import shutil
import subprocess
import tempfile
import unittest

from support import cases, paging
from support.cases import ACCOUNT


def openssl(*args, stdin=None):
    return subprocess.run(["openssl", *args], input=stdin, capture_output=True,
                          check=True).stdout.decode()


def make_certificate(directory, name, days=365, key_type="rsa:2048", ca=None):
    """A certificate (self-signed, or signed by `ca` = (cert path, key path)) and its key;
    returns (certificate PEM, private key PEM, certificate path, key path)."""
    key_path = os.path.join(directory, name + ".key")
    cert_path = os.path.join(directory, name + ".pem")
    if ca is None:
        openssl("req", "-x509", "-newkey", key_type, "-nodes", "-keyout", key_path, "-out",
                cert_path, "-days", str(days), "-subj", f"/CN={name}.localiam.test")
    else:
        csr = os.path.join(directory, name + ".csr")
        openssl("req", "-new", "-newkey", key_type, "-nodes", "-keyout", key_path, "-out", csr,
                "-subj", f"/CN={name}.localiam.test")
        openssl("x509", "-req", "-in", csr, "-CA", ca[0], "-CAkey", ca[1], "-CAcreateserial",
                "-out", cert_path, "-days", str(days))
    with open(cert_path) as c, open(key_path) as k:
        return c.read(), k.read(), cert_path, key_path


def not_after(cert_path):
    text = openssl("x509", "-in", cert_path, "-noout", "-enddate").strip().split("=", 1)[1]
    return datetime.datetime.strptime(text, "%b %d %H:%M:%S %Y %Z").replace(
        tzinfo=datetime.timezone.utc)


def parse_time(value):
    if isinstance(value, datetime.datetime):
        return value
    return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))


def tags(*pairs):
    return [{"Key": k, "Value": v} for k, v in pairs]


@unittest.skipUnless(shutil.which("openssl"), "openssl is not installed")
class CertificateTests:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dir = tempfile.mkdtemp(prefix="localiam-certs-")
        cls.addClassCleanup(shutil.rmtree, cls.dir)
        cls.certs = [make_certificate(cls.dir, f"signing{i}") for i in range(4)]
        cls.ca = make_certificate(cls.dir, "ca", days=3650)
        cls.web = [make_certificate(cls.dir, f"web{i}", days=90 + i, ca=cls.ca[2:])
                      for i in range(3)]
        cls.ec_server = make_certificate(cls.dir, "ec-web", key_type="ec:" + cls.ec_params())
        for name in ("sam", "tia", "uma"):
            cls.prep("iam", "CreateUser", UserName=name)
        cls.val_creds = cls.prep_user_with_key("val")[1]

    @classmethod
    def ec_params(cls):
        path = os.path.join(cls.dir, "p256.pem")
        openssl("ecparam", "-name", "prime256v1", "-out", path)
        return path

    # -- signing certificates ---------------------------------------------------------------

    def test_signing_certificate_lifecycle(self):
        body = self.certs[0][0]
        cert = self.iam("UploadSigningCertificate", UserName="sam", CertificateBody=body)["Certificate"]
        self.assertRegex(cert["CertificateId"], r"^[A-Z0-9]{24}$")
        self.assertEqual((cert["UserName"], cert["Status"]), ("sam", "Active"))
        self.assertEqual(cert["CertificateBody"].strip(), body.strip())
        self.assertIn("UploadDate", cert)
        cert_id = cert["CertificateId"]

        listed = self.iam("ListSigningCertificates", UserName="sam")
        self.assertEqual([c["CertificateId"] for c in listed["Certificates"]], [cert_id])
        self.assertFalse(listed.get("IsTruncated", False))  # the CLI drops it when false
        self.iam("UpdateSigningCertificate", UserName="sam", CertificateId=cert_id,
                 Status="Inactive")
        self.assertEqual(self.iam("ListSigningCertificates", UserName="sam")["Certificates"][0][
            "Status"], "Inactive")

        self.expect_error("DeleteConflict", "Cannot delete entity, must delete certificates first.",
                          "iam", "DeleteUser", {"UserName": "sam"})
        # The same certificate cannot go to another user of the account.
        self.expect_error("DuplicateCertificate",
                          "The same certificate is already associated with an IAM user in the account.",
                          "iam", "UploadSigningCertificate",
                          {"UserName": "tia", "CertificateBody": body})
        self.expect_error("NoSuchEntity", f"The Certificate with id {cert_id} cannot be found.",
                          "iam", "DeleteSigningCertificate",
                          {"UserName": "tia", "CertificateId": cert_id})
        self.iam("DeleteSigningCertificate", UserName="sam", CertificateId=cert_id)
        self.expect_error("NoSuchEntity", f"The Certificate with id {cert_id} cannot be found.",
                          "iam", "UpdateSigningCertificate",
                          {"UserName": "sam", "CertificateId": cert_id, "Status": "Active"})
        self.iam("DeleteUser", UserName="sam")
        self.prep("iam", "CreateUser", UserName="sam")

    def test_signing_certificate_quota_and_malformed(self):
        ids = [self.iam("UploadSigningCertificate", UserName="tia",
                        CertificateBody=c[0])["Certificate"]["CertificateId"]
               for c in self.certs[1:3]]
        self.expect_error("LimitExceeded", "Cannot exceed quota for CertificatesPerUser: 2", "iam",
                          "UploadSigningCertificate",
                          {"UserName": "tia", "CertificateBody": self.certs[3][0]})
        listed = paging.collect(self, "ListSigningCertificates", "Certificates", 1, UserName="tia")
        self.assertEqual(sorted(c["CertificateId"] for c in listed), sorted(ids))
        bad = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n"
        for body in (bad, "hello"):
            self.expect_error("MalformedCertificate", f"Certificate {body} is malformed.", "iam",
                              "UploadSigningCertificate", {"UserName": "uma", "CertificateBody": body})
        for cert_id in ids:
            self.iam("DeleteSigningCertificate", UserName="tia", CertificateId=cert_id)

    def test_signing_certificates_of_the_caller(self):
        cert = self.iam("UploadSigningCertificate", creds=self.val_creds,
                        CertificateBody=self.certs[3][0])["Certificate"]
        self.assertEqual(cert["UserName"], "val")
        mine = self.iam("ListSigningCertificates", creds=self.val_creds)["Certificates"]
        self.assertEqual([c["CertificateId"] for c in mine], [cert["CertificateId"]])
        self.iam("DeleteSigningCertificate", creds=self.val_creds,
                 CertificateId=cert["CertificateId"])
        self.expect_error("ValidationError",
                          "Must specify userName when calling with non-User credentials", "iam",
                          "UploadSigningCertificate", {"CertificateBody": self.certs[3][0]})


cases.per_client(CertificateTests, globals(), prefix="Certificates")

if __name__ == "__main__":
    unittest.main()
