"""SSH public keys of IAM users through every client, with keys made by ssh-keygen here:
UploadSSHPublicKey in OpenSSH and PEM form (APKA ids, fingerprints equal to
`ssh-keygen -l -E md5`), GetSSHPublicKey in SSH and PEM encoding, ListSSHPublicKeys (paging,
the caller's own keys), UpdateSSHPublicKey, DeleteSSHPublicKey, the five-key quota, duplicate
and bad keys, and DeleteUser refusing a user who still has keys.
"""

import os
import shutil
import subprocess
import tempfile
import unittest

from support import cases, paging

UNRECOGNIZED = "The public key encoding format is unsupported or unrecognized."
INVALID = "The public key is malformed or otherwise invalid."
TOO_SHORT = "The minimum bit-length of the public key is 2048 bits."
DUPLICATE = "The SSH public key is already associated with the specified IAM user."


def keygen(directory, name, *args):
    path = os.path.join(directory, name)
    subprocess.run(["ssh-keygen", "-q", "-N", "", "-C", f"{name}@test", "-f", path, *args],
                   check=True, stdin=subprocess.DEVNULL)
    with open(path + ".pub") as f:
        return f.read().strip()


def fingerprint(public_key):
    """`ssh-keygen -l -E md5` of a public key line, without the MD5: prefix."""
    out = subprocess.run(["ssh-keygen", "-l", "-E", "md5", "-f", "-"], input=public_key.encode(),
                         capture_output=True, check=True).stdout.decode()
    return out.split()[1].removeprefix("MD5:")


def to_pem(public_key, form="PKCS8"):
    with tempfile.NamedTemporaryFile("w", suffix=".pub") as f:
        f.write(public_key + "\n")
        f.flush()
        return subprocess.run(["ssh-keygen", "-e", "-m", form, "-f", f.name],
                              capture_output=True, check=True).stdout.decode()


@unittest.skipUnless(shutil.which("ssh-keygen"), "ssh-keygen is not installed")
class SshKeyTests:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dir = tempfile.mkdtemp(prefix="localiam-ssh-")
        cls.addClassCleanup(shutil.rmtree, cls.dir)
        cls.rsa = [keygen(cls.dir, f"rsa{i}", "-t", "rsa", "-b", "2048") for i in range(7)]
        cls.ed25519 = keygen(cls.dir, "ed", "-t", "ed25519")
        cls.ecdsa = keygen(cls.dir, "ec", "-t", "ecdsa", "-b", "256")
        cls.small = keygen(cls.dir, "small", "-t", "rsa", "-b", "1024")
        for name in ("kim", "lou", "max", "ned"):
            cls.prep("iam", "CreateUser", UserName=name)
        cls.kit_creds = cls.prep_user_with_key("kit")[1]

    def upload(self, user, body):
        return self.iam("UploadSSHPublicKey", UserName=user, SSHPublicKeyBody=body)["SSHPublicKey"]

    def test_upload_get_list_update_delete(self):
        key = self.upload("kim", self.rsa[0])
        self.assertId(key["SSHPublicKeyId"], "APKA")
        self.assertEqual(key["UserName"], "kim")
        self.assertEqual(key["Status"], "Active")
        self.assertEqual(key["Fingerprint"], fingerprint(self.rsa[0]))
        self.assertTrue(self.rsa[0].startswith(key["SSHPublicKeyBody"]))
        self.assertIn("UploadDate", key)
        key_id = key["SSHPublicKeyId"]

        got = self.iam("GetSSHPublicKey", UserName="kim", SSHPublicKeyId=key_id,
                       Encoding="SSH")["SSHPublicKey"]
        self.assertEqual(fingerprint(got["SSHPublicKeyBody"]), fingerprint(self.rsa[0]))
        pem = self.iam("GetSSHPublicKey", UserName="kim", SSHPublicKeyId=key_id,
                       Encoding="PEM")["SSHPublicKey"]
        self.assertEqual(pem["SSHPublicKeyBody"].strip(), to_pem(self.rsa[0]).strip())
        self.assertEqual(pem["Fingerprint"], key["Fingerprint"])

        listed = self.iam("ListSSHPublicKeys", UserName="kim")
        self.assertEqual([(k["SSHPublicKeyId"], k["Status"]) for k in listed["SSHPublicKeys"]],
                         [(key_id, "Active")])
        self.assertNotIn("SSHPublicKeyBody", listed["SSHPublicKeys"][0])
        self.iam("UpdateSSHPublicKey", UserName="kim", SSHPublicKeyId=key_id, Status="Inactive")
        listed = self.iam("ListSSHPublicKeys", UserName="kim")["SSHPublicKeys"]
        self.assertEqual(listed[0]["Status"], "Inactive")

        self.expect_error("DeleteConflict",
                          "Cannot delete entity, must remove referenced objects first.",
                          "iam", "DeleteUser", {"UserName": "kim"})
        self.iam("DeleteSSHPublicKey", UserName="kim", SSHPublicKeyId=key_id)
        self.assertEqual(self.iam("ListSSHPublicKeys", UserName="kim")["SSHPublicKeys"], [])
        missing = f"The Public Key with id {key_id} cannot be found."
        self.expect_error("NoSuchEntity", missing, "iam", "GetSSHPublicKey",
                          {"UserName": "kim", "SSHPublicKeyId": key_id, "Encoding": "SSH"})
        self.expect_error("NoSuchEntity", missing, "iam", "DeleteSSHPublicKey",
                          {"UserName": "kim", "SSHPublicKeyId": key_id})
        self.iam("DeleteUser", UserName="kim")
        self.prep("iam", "CreateUser", UserName="kim")

    def test_pem_forms_and_duplicates(self):
        spki = self.upload("lou", to_pem(self.rsa[1]))
        self.assertEqual(spki["Fingerprint"], fingerprint(self.rsa[1]))
        self.assertTrue(spki["SSHPublicKeyBody"].startswith("ssh-rsa "))
        # The same key in another form, even PKCS#1, is a duplicate for this user...
        for body in (self.rsa[1], to_pem(self.rsa[1], "PEM")):
            self.expect_error("DuplicateSSHPublicKey", DUPLICATE, "iam", "UploadSSHPublicKey",
                              {"UserName": "lou", "SSHPublicKeyBody": body})
        # ...but another user may upload it.
        other = self.upload("max", to_pem(self.rsa[1], "PEM"))
        self.assertEqual(other["Fingerprint"], spki["Fingerprint"])
        self.assertNotEqual(other["SSHPublicKeyId"], spki["SSHPublicKeyId"])
        # A key of one user is not found under another.
        self.expect_error("NoSuchEntity",
                          f"The Public Key with id {spki['SSHPublicKeyId']} cannot be found.",
                          "iam", "UpdateSSHPublicKey",
                          {"UserName": "max", "SSHPublicKeyId": spki["SSHPublicKeyId"],
                           "Status": "Inactive"})

    def test_bad_keys(self):
        body = self.rsa[2].split()[1]
        for text, code, message in [
                (self.ed25519, "UnrecognizedPublicKeyEncoding", UNRECOGNIZED),
                (self.ecdsa, "UnrecognizedPublicKeyEncoding", UNRECOGNIZED),
                ("this is not a key", "UnrecognizedPublicKeyEncoding", UNRECOGNIZED),
                ("ssh-rsa not*base64*at*all", "InvalidPublicKey", INVALID),
                ("ssh-rsa " + body[:120], "InvalidPublicKey", INVALID),
                (self.small, "InvalidPublicKey", TOO_SHORT)]:
            self.expect_error(code, message, "iam", "UploadSSHPublicKey",
                              {"UserName": "ned", "SSHPublicKeyBody": text})
        self.assertEqual(self.iam("ListSSHPublicKeys", UserName="ned")["SSHPublicKeys"], [])
        self.expect_error("NoSuchEntity", "The user with name ghost cannot be found.", "iam",
                          "UploadSSHPublicKey", {"UserName": "ghost", "SSHPublicKeyBody": self.rsa[2]})

    def test_quota_and_paging(self):
        ids = [self.upload("ned", k)["SSHPublicKeyId"] for k in self.rsa[2:7]]
        self.expect_error("LimitExceeded", "Cannot exceed quota for SSHPublicKeysPerUser: 5", "iam",
                          "UploadSSHPublicKey", {"UserName": "ned", "SSHPublicKeyBody": self.rsa[0]})
        listed = paging.collect(self, "ListSSHPublicKeys", "SSHPublicKeys", 2, UserName="ned")
        self.assertEqual([k["SSHPublicKeyId"] for k in listed], sorted(ids))
        for key_id in ids:
            self.iam("DeleteSSHPublicKey", UserName="ned", SSHPublicKeyId=key_id)

    def test_list_without_user_name_lists_the_callers_keys(self):
        key = self.upload("kit", self.rsa[3])
        mine = self.iam("ListSSHPublicKeys", creds=self.kit_creds)["SSHPublicKeys"]
        self.assertEqual([k["SSHPublicKeyId"] for k in mine], [key["SSHPublicKeyId"]])
        self.assertEqual(mine[0]["UserName"], "kit")


cases.per_client(SshKeyTests, globals(), prefix="SshKeys")

if __name__ == "__main__":
    unittest.main()
