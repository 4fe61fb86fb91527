"""Virtual MFA devices through every client, with real TOTP codes computed here from the seed
the server hands out (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits) on the server's clock:
CreateVirtualMFADevice (seed, QR code decoded with zbarimg when installed, the AWS CLI's
--outfile/--bootstrap-method), Enable/Resync (two consecutive codes, InvalidAuthenticationCode),
Deactivate, DeleteVirtualMFADevice, List/Get, tags, paging, DeleteUser's conflict, and STS
GetSessionToken/AssumeRole checking the code against the device.
"""

import base64
import datetime
import hashlib
import hmac
import json
import os
import shutil
import struct
import subprocess
import tempfile
import unittest

from support import cases, config, paging
from support.cases import ACCOUNT
from support import clients
from support.clients import AwsError, ClientFailure, Creds, File

BAD_CODE = "Authentication code for device is not valid."
IN_USE = "MFA Device is already in use."
BAD_PATH = ("The specified value for path is invalid. It must begin and end with / and contain "
            "only alphanumeric characters and/or / characters.")
STS_BAD_CODE = "MultiFactorAuthentication failed with invalid MFA one time pass code. "
STS_UNKNOWN = ("MultiFactorAuthentication failed, unable to validate MFA code.  Please verify "
               "your MFA serial number is valid and associated with this user.")


def totp(seed, step):
    key = base64.b32decode(seed + "=" * (-len(seed) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1000000:06d}"


def serial(name, path="/"):
    return f"arn:aws:iam::{ACCOUNT}:mfa{path}{name}"


def blob(value):
    """A blob as the client gives it: bytes (boto3) or base64 text (CLI)."""
    return value if isinstance(value, bytes) else base64.b64decode(value)


def zbar(png):
    """The text of the QR code in `png`, or None when zbarimg is not installed."""
    if not shutil.which("zbarimg"):
        return None
    with tempfile.NamedTemporaryFile(suffix=".png") as f:
        f.write(png)
        f.flush()
        out = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sbinary", f.name],
                             capture_output=True, timeout=60)
    return out.stdout.decode()


def cli_model_gap(error):
    """Whether the installed AWS CLI refused a call for want of the operation or because
    its (older) model requires a parameter that newer models made optional."""
    return isinstance(error, ClientFailure) and (
        "Invalid choice" in str(error) or "arguments are required" in str(error))


def tags(*pairs):
    return [{"Key": k, "Value": v} for k, v in pairs]



def _iam_model_has(operation, required=None):
    """Whether the installed botocore knows `operation` (and, if given, requires `required`)."""
    import botocore.session
    model = botocore.session.get_session().get_service_model("iam")
    if operation not in model.operation_names:
        return False
    if required is None:
        return True
    return required in model.operation_model(operation).input_shape.required_members

class MfaTests:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {}
        for name in ("ana", "ben", "cai", "dee", "eve", "fay"):
            cls.users[name] = cls.prep_user_with_key(name)[1]

    def tearDown(self):
        self.server.admin("DELETE", "/_localiam/clock")
        super().tearDown()

    # -- helpers -------------------------------------------------------------------------

    def server_step(self):
        status, raw = self.server.admin("GET", "/_localiam/clock")
        now = datetime.datetime.fromisoformat(json.loads(raw)["now"].replace("Z", "+00:00"))
        return int(now.timestamp()) // 30

    def iam_any(self, op, **params):
        """Through the client under test, or through boto3 where the installed AWS CLI's
        model lacks the operation or the call shape (GetMFADevice, DeactivateMFADevice
        without UserName in older CLI v2 releases)."""
        try:
            return self.iam(op, **params)
        except ClientFailure as e:
            if not cli_model_gap(e):
                raise
        return self.prep("iam", op, **params)

    def expect_error_any(self, code, message, op, params, creds=None):
        try:
            return self.expect_error(code, message, "iam", op, params, creds=creds)
        except ClientFailure as e:
            if not cli_model_gap(e):
                raise
        saved = self.driver
        self.driver = clients.fast()
        try:
            return self.expect_error(code, message, "iam", op, params, creds=creds)
        finally:
            self.driver = saved

    def expect_create_error(self, code, message, **params):
        if self.driver.kind != "cli":
            return self.expect_error(code, message, "iam", "CreateVirtualMFADevice", params)
        with tempfile.TemporaryDirectory() as d:
            try:
                self.driver.run(self.server.url, self.root, "iam", "CreateVirtualMFADevice", params,
                                ["--outfile", os.path.join(d, "out"),
                                 "--bootstrap-method", "Base32StringSeed"])
            except AwsError as e:
                self.assertEqual((e.code, e.message), (code, message))
                return e
        self.fail(f"CreateVirtualMFADevice {params} succeeded; expected ({code}) {message}")

    def create(self, name, **params):
        """Creates a device through the client under test; returns (serial, seed). The AWS
        CLI writes the seed to --outfile (its own customisation of this command)."""
        params = dict(params, VirtualMFADeviceName=name)
        if self.driver.kind == "cli":
            with tempfile.TemporaryDirectory() as d:
                out = os.path.join(d, "seed.txt")
                result = self.driver.run(self.server.url, self.root, "iam",
                                         "CreateVirtualMFADevice", params,
                                         ["--outfile", out, "--bootstrap-method", "Base32StringSeed"])
                with open(out, "rb") as f:
                    seed = f.read().decode()
            return result["VirtualMFADevice"]["SerialNumber"], seed
        device = self.iam("CreateVirtualMFADevice", **params)["VirtualMFADevice"]
        return device["SerialNumber"], blob(device["Base32StringSeed"]).decode()

    def enable(self, user, serial_number, seed, step=None):
        step = self.server_step() if step is None else step
        self.iam("EnableMFADevice", UserName=user, SerialNumber=serial_number,
                 AuthenticationCode1=totp(seed, step - 1), AuthenticationCode2=totp(seed, step))

    # -- create ----------------------------------------------------------------------------

    def test_create_gives_a_base32_seed_and_an_arn(self):
        sn, seed = self.create("create-basic")
        self.assertEqual(sn, serial("create-basic"))
        self.assertRegex(seed, r"^[A-Z2-7]{64}$")
        sn2, seed2 = self.create("create-path", Path="/team/")
        self.assertEqual(sn2, serial("create-path", "/team/"))
        self.assertNotEqual(seed, seed2, "every device gets its own seed")
        self.expect_create_error("EntityAlreadyExists", "MFA device already exists.",
                                 VirtualMFADeviceName="create-basic")
        self.expect_create_error("ValidationError", BAD_PATH, VirtualMFADeviceName="bad-path",
                                 Path="/no-trailing")
        listed = [d["SerialNumber"] for d in self.paginate("ListVirtualMFADevices",
                                                           "VirtualMFADevices")]
        self.assertIn(sn2, listed)
        self.assertNotIn(serial("bad-path"), listed)

    def test_qr_code_is_a_png_of_the_otpauth_uri(self):
        if self.driver.kind == "cli":
            with tempfile.TemporaryDirectory() as d:
                out = os.path.join(d, "qr.png")
                result = self.driver.run(self.server.url, self.root, "iam",
                                         "CreateVirtualMFADevice",
                                         {"VirtualMFADeviceName": "qr-device"},
                                         ["--outfile", out, "--bootstrap-method", "QRCodePNG"])
                with open(out, "rb") as f:
                    png = f.read()
            sn = result["VirtualMFADevice"]["SerialNumber"]
        else:
            device = self.iam("CreateVirtualMFADevice", VirtualMFADeviceName="qr-device")[
                "VirtualMFADevice"]
            png, sn = blob(device["QRCodePNG"]), device["SerialNumber"]
        self.assertEqual(png[:8], b"\x89PNG\r\n\x1a\n")
        text = zbar(png)
        if text is None:
            self.skipTest("zbarimg is not installed: the PNG's content is not decoded")
        self.assertRegex(text, rf"^otpauth://totp/qr-device@{ACCOUNT}\?secret=[A-Z2-7]{{64}}$")
        # The seed in the QR code is the device's: its codes enable it.
        seed = text.split("secret=")[1]
        self.enable("fay", sn, seed)
        self.iam("DeactivateMFADevice", UserName="fay", SerialNumber=sn)

    # -- enable, list, get, deactivate, delete ---------------------------------------------

    def test_enable_checks_two_consecutive_codes(self):
        if not _iam_model_has("GetMFADevice"):
            self.skipTest("this botocore predates GetMFADevice")
        sn, seed = self.create("ana-phone")
        step = self.server_step()
        params = {"UserName": "ana", "SerialNumber": sn}
        for first, second in [(totp(seed, step), totp(seed, step)),          # same code twice
                              (totp(seed, step), totp(seed, step - 1)),      # wrong order
                              (totp(seed, step - 1), totp(seed, step + 1)),  # not consecutive
                              (totp(seed, step + 40), totp(seed, step + 41)),  # far future
                              ("000000", "000000") if totp(seed, step) != "000000" else ("1", "2")]:
            if len(first) != 6:
                continue
            self.expect_error("InvalidAuthenticationCode", BAD_CODE, "iam", "EnableMFADevice",
                              dict(params, AuthenticationCode1=first, AuthenticationCode2=second))
        self.assertEqual(self.iam("ListMFADevices", UserName="ana")["MFADevices"], [])
        self.iam("EnableMFADevice", AuthenticationCode1=totp(seed, step - 1),
                 AuthenticationCode2=totp(seed, step), **params)

        devices = self.iam("ListMFADevices", UserName="ana")["MFADevices"]
        self.assertEqual([(d["UserName"], d["SerialNumber"]) for d in devices], [("ana", sn)])
        self.assertIn("EnableDate", devices[0])
        got = self.iam_any("GetMFADevice", SerialNumber=sn)
        self.assertEqual((got["UserName"], got["SerialNumber"]), ("ana", sn))
        self.assertIn("EnableDate", got)
        self.assertEqual(self.iam_any("GetMFADevice", SerialNumber=sn, UserName="ana")["SerialNumber"], sn)
        # ListMFADevices without a user name lists the calling user's devices.
        mine = self.iam("ListMFADevices", creds=self.users["ana"])["MFADevices"]
        self.assertEqual([d["SerialNumber"] for d in mine], [sn])

        assigned = self.paginate("ListVirtualMFADevices", "VirtualMFADevices",
                                 AssignmentStatus="Assigned")
        entry = [d for d in assigned if d["SerialNumber"] == sn][0]
        self.assertEqual(entry["User"]["UserName"], "ana")
        self.assertEqual(entry["User"]["Arn"], f"arn:aws:iam::{ACCOUNT}:user/ana")
        self.assertIn("EnableDate", entry)
        unassigned = self.paginate("ListVirtualMFADevices", "VirtualMFADevices",
                                   AssignmentStatus="Unassigned")
        self.assertNotIn(sn, [d["SerialNumber"] for d in unassigned])
        self.assertTrue(all("User" not in d for d in unassigned))

        # Already assigned: to anyone, even with good codes.
        self.expect_error("EntityAlreadyExists", IN_USE, "iam", "EnableMFADevice",
                          {"UserName": "ben", "SerialNumber": sn,
                           "AuthenticationCode1": totp(seed, step - 1),
                           "AuthenticationCode2": totp(seed, step)})
        self.expect_error("DeleteConflict", "MFA device is still in use.", "iam",
                          "DeleteVirtualMFADevice", {"SerialNumber": sn})
        self.expect_error("NoSuchEntity", f"MFA Device with serial number {sn} does not exist.",
                          "iam", "DeactivateMFADevice", {"UserName": "ben", "SerialNumber": sn})
        self.expect_error_any("NoSuchEntity", f"MFA Device with serial number {sn} does not exist.",
                          "GetMFADevice", {"UserName": "ben", "SerialNumber": sn})

        self.iam("DeactivateMFADevice", UserName="ana", SerialNumber=sn)
        self.assertEqual(self.iam("ListMFADevices", UserName="ana")["MFADevices"], [])
        self.assertNotIn("UserName", self.iam_any("GetMFADevice", SerialNumber=sn))
        self.iam("DeleteVirtualMFADevice", SerialNumber=sn)
        self.expect_error_any("NoSuchEntity", f"MFA Device with serial number {sn} does not exist.",
                          "GetMFADevice", {"SerialNumber": sn})

    def test_deactivate_without_user_name(self):
        if _iam_model_has("DeactivateMFADevice", required="UserName"):
            self.skipTest("this botocore still requires UserName for DeactivateMFADevice")
        sn, seed = self.create("hal-phone")
        self.prep("iam", "CreateUser", UserName="hal")
        self.enable("hal", sn, seed)
        self.expect_error("DeleteConflict", "Cannot delete entity, must delete MFA device first.",
                          "iam", "DeleteUser", {"UserName": "hal"})
        self.iam_any("DeactivateMFADevice", SerialNumber=sn)
        self.assertEqual(self.iam("ListMFADevices", UserName="hal")["MFADevices"], [])
        self.expect_error_any("NoSuchEntity", f"MFA Device with serial number {sn} does not exist.",
                              "DeactivateMFADevice", {"SerialNumber": sn})
        self.iam("DeleteVirtualMFADevice", SerialNumber=sn)
        self.iam("DeleteUser", UserName="hal")

    def test_missing_entities(self):
        nope = serial("nope")
        missing = f"MFA Device with serial number {nope} does not exist."
        self.expect_error("NoSuchEntity", missing, "iam", "DeleteVirtualMFADevice",
                          {"SerialNumber": nope})
        self.expect_error("NoSuchEntity", missing, "iam", "EnableMFADevice",
                          {"UserName": "ben", "SerialNumber": nope,
                           "AuthenticationCode1": "123456", "AuthenticationCode2": "654321"})
        self.expect_error("NoSuchEntity", "The user with name ghost cannot be found.", "iam",
                          "EnableMFADevice",
                          {"UserName": "ghost", "SerialNumber": nope,
                           "AuthenticationCode1": "123456", "AuthenticationCode2": "654321"})
        self.expect_error("NoSuchEntity", missing, "iam", "ListMFADeviceTags",
                          {"SerialNumber": nope})
        self.expect_error("NoSuchEntity", "The user with name ghost cannot be found.", "iam",
                          "ListMFADevices", {"UserName": "ghost"})

    def test_validation(self):
        if not _iam_model_has("GetMFADevice"):
            self.skipTest("this botocore predates GetMFADevice")
        self.expect_error(
            "ValidationError",
            "1 validation error detected: Value at 'authenticationCode1' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: [\\d]+",
            "iam", "EnableMFADevice",
            {"UserName": "ben", "SerialNumber": serial("x-device"),
             "AuthenticationCode1": "12345a", "AuthenticationCode2": "123456"})
        self.expect_error_any(
            "ValidationError",
            "1 validation error detected: Value at 'serialNumber' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: [\\w+=/:,.@-]+",
            "GetMFADevice", {"SerialNumber": "arn:aws:iam::x:mfa/bad name"})

    # -- resync and the clock ---------------------------------------------------------------

    def test_resync_learns_a_drifted_device(self):
        sn, seed = self.create("cai-phone")
        self.enable("cai", sn, seed)
        cai = self.users["cai"]
        # The phone's clock now runs four minutes fast: its codes are eight steps ahead.
        ahead = self.server_step() + 8
        self.expect_error("AccessDenied", STS_BAD_CODE, "sts", "GetSessionToken",
                          {"SerialNumber": sn, "TokenCode": totp(seed, ahead)}, creds=cai)
        self.expect_error("InvalidAuthenticationCode", BAD_CODE, "iam", "ResyncMFADevice",
                          {"UserName": "cai", "SerialNumber": sn,
                           "AuthenticationCode1": totp(seed, ahead + 1),
                           "AuthenticationCode2": totp(seed, ahead)})
        self.iam("ResyncMFADevice", UserName="cai", SerialNumber=sn,
                 AuthenticationCode1=totp(seed, ahead - 1), AuthenticationCode2=totp(seed, ahead))
        self.sts("GetSessionToken", creds=cai, SerialNumber=sn, TokenCode=totp(seed, ahead))
        self.expect_error("NoSuchEntity", f"MFA Device with serial number {sn} does not exist.",
                          "iam", "ResyncMFADevice",
                          {"UserName": "ben", "SerialNumber": sn,
                           "AuthenticationCode1": "123456", "AuthenticationCode2": "654321"})

    def test_codes_follow_the_server_clock(self):
        sn, seed = self.create("dee-phone")
        self.server.admin("POST", "/_localiam/clock", json.dumps({"advance_seconds": 86400}))
        step = self.server_step()
        # Codes for real time are a day old on the server's clock.
        real = int(datetime.datetime.now(datetime.timezone.utc).timestamp()) // 30
        self.expect_error("InvalidAuthenticationCode", BAD_CODE, "iam", "EnableMFADevice",
                          {"UserName": "dee", "SerialNumber": sn,
                           "AuthenticationCode1": totp(seed, real - 1),
                           "AuthenticationCode2": totp(seed, real)})
        self.enable("dee", sn, seed, step)
        self.iam("DeactivateMFADevice", UserName="dee", SerialNumber=sn)

    # -- STS ------------------------------------------------------------------------------

    def test_sts_checks_the_code_against_the_device(self):
        sn, seed = self.create("eve-phone")
        eve = self.users["eve"]
        # Not yet enabled: the serial number is not associated with the user.
        self.expect_error("AccessDenied", STS_UNKNOWN, "sts", "GetSessionToken",
                          {"SerialNumber": sn, "TokenCode": totp(seed, self.server_step())},
                          creds=eve)
        self.enable("eve", sn, seed)
        step = self.server_step()
        self.expect_error("AccessDenied", STS_BAD_CODE, "sts", "GetSessionToken",
                          {"SerialNumber": sn, "TokenCode": totp(seed, step + 20)}, creds=eve)
        self.expect_error("AccessDenied", STS_UNKNOWN, "sts", "GetSessionToken",
                          {"SerialNumber": sn, "TokenCode": totp(seed, step)},
                          creds=self.users["ben"])
        c = self.sts("GetSessionToken", creds=eve, SerialNumber=sn,
                     TokenCode=totp(seed, step))["Credentials"]
        session = Creds(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])
        # An MFA-authenticated session may call IAM.
        self.assertIn("Users", self.iam("ListUsers", creds=session))
        role = self.prep("iam", "CreateRole", RoleName="mfa-role",
                         AssumeRolePolicyDocument=File(config.fixture("assume-policy.json")))["Role"]
        self.expect_error("AccessDenied", STS_BAD_CODE, "sts", "AssumeRole",
                          {"RoleArn": role["Arn"], "RoleSessionName": "s1", "SerialNumber": sn,
                           "TokenCode": totp(seed, step + 20)}, creds=eve)
        assumed = self.sts("AssumeRole", creds=eve, RoleArn=role["Arn"], RoleSessionName="s1",
                           SerialNumber=sn, TokenCode=totp(seed, step))
        self.assertIn("Credentials", assumed)

    # -- tags and paging ---------------------------------------------------------------------

    def test_tags(self):
        sn, _ = self.create("tagged-phone", Tags=tags(("team", "blue")))
        self.assertEqual(self.iam("ListMFADeviceTags", SerialNumber=sn)["Tags"],
                         tags(("team", "blue")))
        self.iam("TagMFADevice", SerialNumber=sn,
                 Tags=tags(*[(f"k{i}", str(i)) for i in range(5)], ("TEAM", "red")))
        listed = paging.collect(self, "ListMFADeviceTags", "Tags", 2, SerialNumber=sn)
        self.assertEqual(sorted((t["Key"], t["Value"]) for t in listed),
                         [("TEAM", "red")] + [(f"k{i}", str(i)) for i in range(5)])
        self.iam("UntagMFADevice", SerialNumber=sn, TagKeys=["team", "k0", "absent"])
        self.assertEqual(len(self.iam("ListMFADeviceTags", SerialNumber=sn)["Tags"]), 4)
        self.expect_error("InvalidInput",
                          "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
                          "iam", "TagMFADevice",
                          {"SerialNumber": sn, "Tags": tags(("a", "1"), ("A", "2"))})
        self.expect_error("LimitExceeded", "The number of tags has reached the maximum limit.",
                          "iam", "TagMFADevice",
                          {"SerialNumber": sn, "Tags": tags(*[(f"n{i}", "") for i in range(47)])})
        # Deleting the device takes its tags: a new device of that name starts bare.
        self.iam("DeleteVirtualMFADevice", SerialNumber=sn)
        sn, _ = self.create("tagged-phone")
        self.assertEqual(self.iam("ListMFADeviceTags", SerialNumber=sn)["Tags"], [])

    def test_paging_virtual_devices(self):
        made = [self.create(f"page-{i}", Path="/paging/")[0] for i in range(5)]
        listed = paging.collect(self, "ListVirtualMFADevices", "VirtualMFADevices", 2,
                                AssignmentStatus="Unassigned")
        numbers = [d["SerialNumber"] for d in listed]
        self.assertEqual([n for n in numbers if n in made], sorted(made))
        self.assertEqual(len(numbers), len(set(numbers)), "no device twice across pages")


cases.per_client(MfaTests, globals(), prefix="Mfa")

if __name__ == "__main__":
    unittest.main()
