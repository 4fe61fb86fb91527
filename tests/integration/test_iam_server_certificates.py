"""Server certificates through every client, with certificates, keys and chains made here
(support/certificates.py): UploadServerCertificate (ASCA ids, ARNs with the path, Expiration
from the certificate's notAfter, tags), GetServerCertificate (body and chain, never the private
key), ListServerCertificates (PathPrefix, paging), UpdateServerCertificate (new name and path),
DeleteServerCertificate, Tag/Untag/ListServerCertificateTags, GetAccountSummary's count, and
the refusals: a malformed body, key or chain, a key of another certificate, a chain that does
not sign the certificate, an expired certificate, a name taken (ignoring case), the quota of 20.
"""

import json
import shutil
import tempfile
import unittest

from support import cases, certificates, paging

ACCOUNT = cases.ACCOUNT
BAD_BODY = "Unable to parse certificate. Please ensure the certificate is in PEM format."
BAD_KEY = "Unable to parse private key. Please ensure the private key is in PEM format."
MISMATCH = "Unable to validate certificate: the private key does not match the certificate."
BAD_CHAIN = ("Unable to parse certificate chain. Please ensure the certificate chain is in PEM "
             "format.")
EXPIRED = ("Certificate is no longer valid. The 'Not After' date restriction on the certificate "
           "has passed.")
QUOTA = "Cannot exceed quota for ServerCertificatesPerAccount: 20"


def chain_error(index):
    return ("Unable to validate certificate chain. The certificate chain must start with the "
            "immediate signing certificate, followed by any intermediaries in order. The index "
            f"within the chain of the invalid certificate is: {index}")


def missing(name):
    return f"The Server Certificate with name {name} cannot be found."


def taken(name):
    return f"The Server Certificate with name {name} already exists."


def instant(text):
    import datetime
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


@unittest.skipUnless(certificates.AVAILABLE, "the python cryptography module is not installed")
class ServerCertificateTests:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dir = tempfile.mkdtemp(prefix="localiam-certs-")
        cls.addClassCleanup(shutil.rmtree, cls.dir)
        pki = certificates.Pki(cls.dir)
        cls.root_ca = pki.issue("root-ca", ca=True, days=3650)
        cls.intermediate = pki.issue("intermediate-ca", issuer=cls.root_ca, ca=True, days=1825)
        cls.leaves = [pki.issue(f"leaf{i}.localiam.test", issuer=cls.intermediate)
                      for i in range(3)]
        cls.rsa_leaf = pki.issue("rsa.localiam.test", rsa_bits=2048, days=90)
        cls.other_ca = pki.issue("other-ca", ca=True)
        cls.expired = pki.issue("expired.localiam.test", start_days_ago=30, days=10)
        cls.chain = pki.file("chain.pem", cls.intermediate.cert + cls.root_ca.cert)
        cls.pki = pki

    def upload(self, name, leaf=None, **params):
        leaf = leaf or self.leaves[0]
        request = dict(ServerCertificateName=name, CertificateBody=leaf.cert_file,
                       PrivateKey=leaf.key_file)
        request.update(params)
        return self.iam("UploadServerCertificate", **request)

    def prep_upload(self, name, path="/"):
        leaf = self.leaves[1]
        self.prep("iam", "UploadServerCertificate", ServerCertificateName=name, Path=path,
                  CertificateBody=leaf.cert_file, PrivateKey=leaf.key_file)

    def names(self, **params):
        listed = self.iam("ListServerCertificates", **params)["ServerCertificateMetadataList"]
        return [c["ServerCertificateName"] for c in listed]

    def count(self):
        return self.iam("GetAccountSummary")["SummaryMap"]["ServerCertificates"]

    def test_upload_get_list_update_delete(self):
        leaf = self.leaves[0]
        result = self.upload("web-1", Path="/cdn/", CertificateChain=self.chain,
                             Tags=[{"Key": "env", "Value": "prod"}])
        meta = result["ServerCertificateMetadata"]
        self.assertEqual(meta["Path"], "/cdn/")
        self.assertEqual(meta["ServerCertificateName"], "web-1")
        self.assertId(meta["ServerCertificateId"], "ASCA")
        self.assertEqual(meta["Arn"], f"arn:aws:iam::{ACCOUNT}:server-certificate/cdn/web-1")
        self.assertEqual(instant(meta["Expiration"]), leaf.not_after)
        self.assertIn("UploadDate", meta)
        self.assertEqual(result.get("Tags"), [{"Key": "env", "Value": "prod"}])
        self.assertEqual(self.count(), 1)

        got = self.iam("GetServerCertificate", ServerCertificateName="web-1")["ServerCertificate"]
        self.assertEqual(got["ServerCertificateMetadata"], meta)
        self.assertEqual(got["CertificateBody"].strip(), leaf.cert.strip())
        self.assertEqual(got["CertificateChain"].strip(),
                         (self.intermediate.cert + self.root_ca.cert).strip())
        self.assertEqual(got.get("Tags"), [{"Key": "env", "Value": "prod"}])
        self.assertNotIn("PRIVATE KEY", json.dumps(got))

        self.assertEqual(self.names(PathPrefix="/cdn/"), ["web-1"])
        self.assertEqual(self.names(PathPrefix="/edge/"), [])

        self.iam("UpdateServerCertificate", ServerCertificateName="web-1",
                 NewServerCertificateName="web-2", NewPath="/edge/")
        self.expect_error("NoSuchEntity", missing("web-1"), "iam", "GetServerCertificate",
                          {"ServerCertificateName": "web-1"})
        moved = self.iam("GetServerCertificate",
                         ServerCertificateName="web-2")["ServerCertificate"]
        moved_meta = moved["ServerCertificateMetadata"]
        self.assertEqual(moved_meta["Path"], "/edge/")
        self.assertEqual(moved_meta["Arn"], f"arn:aws:iam::{ACCOUNT}:server-certificate/edge/web-2")
        self.assertEqual(moved_meta["ServerCertificateId"], meta["ServerCertificateId"])
        self.assertEqual(moved.get("Tags"), [{"Key": "env", "Value": "prod"}])
        # Only the path, then only the name.
        self.iam("UpdateServerCertificate", ServerCertificateName="web-2", NewPath="/")
        self.assertEqual(self.names(PathPrefix="/edge/"), [])
        self.iam("UpdateServerCertificate", ServerCertificateName="web-2",
                 NewServerCertificateName="web-3")
        self.assertEqual(self.names(), ["web-3"])

        self.iam("DeleteServerCertificate", ServerCertificateName="web-3")
        for op in ("GetServerCertificate", "DeleteServerCertificate", "ListServerCertificateTags",
                   "UpdateServerCertificate"):
            self.expect_error("NoSuchEntity", missing("web-3"), "iam", op,
                              {"ServerCertificateName": "web-3"})
        self.assertEqual(self.names(), [])
        self.assertEqual(self.count(), 0)

    def test_rsa_certificate_without_chain(self):
        meta = self.upload("rsa", self.rsa_leaf)["ServerCertificateMetadata"]
        self.assertEqual(instant(meta["Expiration"]), self.rsa_leaf.not_after)
        got = self.iam("GetServerCertificate", ServerCertificateName="rsa")["ServerCertificate"]
        self.assertNotIn("CertificateChain", got)
        self.iam("DeleteServerCertificate", ServerCertificateName="rsa")

    def test_refused_material(self):
        leaf, other = self.leaves[0], self.leaves[1]
        f = self.pki.file
        refusals = [
            ({"CertificateBody": f("junk.crt", "this is not a certificate")},
             "MalformedCertificate", BAD_BODY),
            ({"CertificateBody": leaf.key_file}, "MalformedCertificate", BAD_BODY),
            ({"PrivateKey": other.key_file}, "KeyPairMismatch", MISMATCH),
            ({"PrivateKey": self.rsa_leaf.key_file}, "KeyPairMismatch", MISMATCH),
            ({"PrivateKey": f("junk.key", "this is not a key")}, "MalformedCertificate", BAD_KEY),
            ({"PrivateKey": leaf.cert_file}, "MalformedCertificate", BAD_KEY),
            ({"CertificateBody": self.expired.cert_file, "PrivateKey": self.expired.key_file},
             "MalformedCertificate", EXPIRED),
            ({"CertificateChain": f("junk-chain.pem", "this is not a chain")},
             "MalformedCertificate", BAD_CHAIN),
            ({"CertificateChain": f("reversed.pem", self.root_ca.cert + self.intermediate.cert)},
             "MalformedCertificate", chain_error(-1)),
            ({"CertificateChain": self.other_ca.cert_file}, "MalformedCertificate",
             chain_error(-1)),
            ({"CertificateChain": f("twice.pem", self.intermediate.cert + self.intermediate.cert)},
             "MalformedCertificate", chain_error(0)),
        ]
        for params, code, message in refusals:
            request = {"ServerCertificateName": "bad", "CertificateBody": leaf.cert_file,
                       "PrivateKey": leaf.key_file}
            request.update(params)
            self.expect_error(code, message, "iam", "UploadServerCertificate", request)
        self.expect_error("NoSuchEntity", missing("bad"), "iam", "GetServerCertificate",
                          {"ServerCertificateName": "bad"})
        # A chain of the intermediate alone (the root left out) is enough.
        self.upload("good", CertificateChain=self.intermediate.cert_file)
        self.iam("DeleteServerCertificate", ServerCertificateName="good")

    def test_names_are_unique_ignoring_case(self):
        self.upload("dup")
        for name in ("dup", "DUP"):
            self.expect_error("EntityAlreadyExists", taken(name), "iam",
                              "UploadServerCertificate",
                              {"ServerCertificateName": name,
                               "CertificateBody": self.leaves[2].cert_file,
                               "PrivateKey": self.leaves[2].key_file})
        self.upload("dup-2", self.leaves[2])
        self.expect_error("EntityAlreadyExists", taken("Dup"), "iam", "UpdateServerCertificate",
                          {"ServerCertificateName": "dup-2", "NewServerCertificateName": "Dup"})
        # A certificate may take another spelling of its own name.
        self.iam("UpdateServerCertificate", ServerCertificateName="dup",
                 NewServerCertificateName="Dup")
        self.assertEqual(sorted(self.names()), ["Dup", "dup-2"])
        for name in ("Dup", "dup-2"):
            self.iam("DeleteServerCertificate", ServerCertificateName=name)

    def test_tags(self):
        self.upload("tagged")
        self.iam("TagServerCertificate", ServerCertificateName="tagged",
                 Tags=[{"Key": f"k{i}", "Value": f"v{i}"} for i in range(5)])
        self.iam("TagServerCertificate", ServerCertificateName="tagged",
                 Tags=[{"Key": "K0", "Value": "replaced"}])
        tags = paging.collect(self, "ListServerCertificateTags", "Tags", 2,
                              ServerCertificateName="tagged")
        self.assertEqual(sorted((t["Key"], t["Value"]) for t in tags),
                         [("K0", "replaced")] + [(f"k{i}", f"v{i}") for i in range(1, 5)])
        self.iam("UntagServerCertificate", ServerCertificateName="tagged",
                 TagKeys=["k0", "k1", "absent"])
        tags = self.iam("ListServerCertificateTags", ServerCertificateName="tagged")["Tags"]
        self.assertEqual(sorted(t["Key"] for t in tags), ["k2", "k3", "k4"])
        self.expect_error("InvalidInput",
                          "Duplicate tag keys found. Please note that Tag keys are case "
                          "insensitive.", "iam", "TagServerCertificate",
                          {"ServerCertificateName": "tagged",
                           "Tags": [{"Key": "a", "Value": "1"}, {"Key": "A", "Value": "2"}]})
        self.expect_error("LimitExceeded", "The number of tags has reached the maximum limit.",
                          "iam", "TagServerCertificate",
                          {"ServerCertificateName": "tagged",
                           "Tags": [{"Key": f"n{i}", "Value": "x"} for i in range(48)]})
        self.expect_error("NoSuchEntity", missing("ghost"), "iam", "TagServerCertificate",
                          {"ServerCertificateName": "ghost", "Tags": [{"Key": "a", "Value": "b"}]})
        self.expect_error("NoSuchEntity", missing("ghost"), "iam", "UntagServerCertificate",
                          {"ServerCertificateName": "ghost", "TagKeys": ["a"]})
        self.iam("DeleteServerCertificate", ServerCertificateName="tagged")

    def test_paging_by_path_prefix(self):
        names = [f"page-{i}" for i in range(5)]
        for name in names:
            self.prep_upload(name, "/paged/")
        self.prep_upload("elsewhere", "/other/")
        listed = paging.collect(self, "ListServerCertificates", "ServerCertificateMetadataList",
                                2, PathPrefix="/paged/")
        self.assertEqual([c["ServerCertificateName"] for c in listed], names)
        self.assertTrue(all(c["Path"] == "/paged/" for c in listed))
        everything = paging.collect(self, "ListServerCertificates",
                                    "ServerCertificateMetadataList", 4)
        self.assertEqual([c["ServerCertificateName"] for c in everything], ["elsewhere"] + names)
        for name in names + ["elsewhere"]:
            self.prep("iam", "DeleteServerCertificate", ServerCertificateName=name)

    def test_quota_of_twenty(self):
        fillers = [f"quota-{i:02d}" for i in range(20 - self.count())]
        for name in fillers:
            self.prep_upload(name)
        self.assertEqual(self.count(), 20)
        self.expect_error("LimitExceeded", QUOTA, "iam", "UploadServerCertificate",
                          {"ServerCertificateName": "one-too-many",
                           "CertificateBody": self.leaves[0].cert_file,
                           "PrivateKey": self.leaves[0].key_file})
        for name in fillers:
            self.prep("iam", "DeleteServerCertificate", ServerCertificateName=name)


cases.per_client(ServerCertificateTests, globals(), prefix="ServerCertificates")

if __name__ == "__main__":
    unittest.main()
