"""Login profiles and the account password policy through every client:
Create/Get/Update/DeleteLoginProfile (the caller's own profile without UserName), ChangePassword
(only IAM users, with the current password), Get/Update/DeleteAccountPasswordPolicy (defaults,
ExpirePasswords, AWS's range errors), PasswordPolicyViolation from the account policy, AWS's
default policy and reuse prevention, DeleteUser refusing a user with a password, and the
password columns of the credential report. Passwords never come back in any answer.
"""

import base64
import csv
import functools
import io
import shutil
import subprocess
import time
import unittest

from support import cases

VIOLATION = "Password does not conform to the account password policy."
NON_USER = "Must specify userName when calling with non-User credentials"
TIME = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$"


_CHECK_MODEL = ("import botocore.session; m = botocore.session.get_session().get_service_model('iam'); "
                "print('UserName' not in m.operation_model('GetLoginProfile').input_shape.required_members)")


@functools.lru_cache(maxsize=None)
def user_name_optional(interpreter=None):
    """Whether the botocore model a client uses lets GetLoginProfile omit UserName (newer
    models): this interpreter's botocore, or, for a CLI, the one of the Python that runs it."""
    if interpreter is None:
        import botocore.session
        model = botocore.session.get_session().get_service_model("iam")
        shape = model.operation_model("GetLoginProfile").input_shape
        return "UserName" not in shape.required_members
    out = subprocess.run([interpreter, "-c", _CHECK_MODEL], capture_output=True, text=True)
    return out.stdout.strip() == "True"


def cli_interpreter(executable):
    """The Python a CLI's script starts with (its #! line), or None when it is not a script."""
    try:
        with open(executable, "rb") as f:
            first = f.readline().decode(errors="replace").strip()
    except OSError:
        return None
    if not first.startswith("#!") or "python" not in first:
        return None
    parts = first[2:].split()
    return parts[-1] if parts[0].endswith("env") else parts[0]


def no_profile(name):
    return f"Login Profile for User {name} cannot be found."


class LoginProfileTests:
    def policy_cleanup(self):
        def delete():
            try:
                self.prep("iam", "DeleteAccountPasswordPolicy")
            except Exception:  # noqa: BLE001 - none set is fine
                pass
        self.addCleanup(delete)

    def test_profile_lifecycle(self):
        self.prep("iam", "CreateUser", UserName="amy")
        self.expect_error("NoSuchEntity", no_profile("amy"), "iam", "GetLoginProfile",
                          {"UserName": "amy"})
        created = self.iam("CreateLoginProfile", UserName="amy", Password="Initial-Pass1",
                           PasswordResetRequired=True)["LoginProfile"]
        self.assertEqual(created["UserName"], "amy")
        self.assertTrue(created["PasswordResetRequired"])
        self.assertIn("CreateDate", created)
        self.assertEqual(set(created), {"UserName", "CreateDate", "PasswordResetRequired"})
        got = self.iam("GetLoginProfile", UserName="amy")["LoginProfile"]
        self.assertEqual(got["UserName"], "amy")
        self.assertTrue(got["PasswordResetRequired"])
        self.expect_error("EntityAlreadyExists", "Login Profile for user amy already exists.",
                          "iam", "CreateLoginProfile",
                          {"UserName": "amy", "Password": "Another-Pass1"})
        # Update: the flag alone, then the password alone (the flag stays).
        self.iam("UpdateLoginProfile", UserName="amy", PasswordResetRequired=False)
        self.assertFalse(self.iam("GetLoginProfile", UserName="amy")
                         ["LoginProfile"]["PasswordResetRequired"])
        self.iam("UpdateLoginProfile", UserName="amy", Password="Second-Pass2")
        self.assertFalse(self.iam("GetLoginProfile", UserName="amy")
                         ["LoginProfile"]["PasswordResetRequired"])
        self.expect_error("DeleteConflict", "Cannot delete entity, must delete login profile first.",
                          "iam", "DeleteUser", {"UserName": "amy"})
        self.iam("DeleteLoginProfile", UserName="amy")
        self.expect_error("NoSuchEntity", no_profile("amy"), "iam", "DeleteLoginProfile",
                          {"UserName": "amy"})
        self.expect_error("NoSuchEntity", no_profile("amy"), "iam", "UpdateLoginProfile",
                          {"UserName": "amy", "Password": "Third-Pass3"})
        self.iam("DeleteUser", UserName="amy")

    def test_unknown_users_and_callers(self):
        missing = "The user with name ghost cannot be found."
        self.expect_error("NoSuchEntity", missing, "iam", "CreateLoginProfile",
                          {"UserName": "ghost", "Password": "Valid-Pass1"})
        self.expect_error("NoSuchEntity", missing, "iam", "GetLoginProfile", {"UserName": "ghost"})
        self.expect_error("NoSuchEntity", missing, "iam", "DeleteLoginProfile",
                          {"UserName": "ghost"})
        # ChangePassword is for IAM users only.
        self.expect_error("InvalidUserType", None, "iam", "ChangePassword",
                          {"OldPassword": "Old-Pass1", "NewPassword": "New-Pass2"})

    def test_own_profile_and_change_password(self):
        _, creds = self.prep_user_with_key("bea")
        self.expect_error("NoSuchEntity", no_profile("bea"), "iam", "ChangePassword",
                          {"OldPassword": "Old-Pass1", "NewPassword": "New-Pass2"}, creds=creds)
        self.prep("iam", "CreateLoginProfile", UserName="bea", Password="Old-Pass1",
                  PasswordResetRequired=True)
        self.expect_error("AccessDenied", None, "iam", "ChangePassword",
                          {"OldPassword": "Wrong-Pass1", "NewPassword": "New-Pass2"}, creds=creds)
        self.expect_error("PasswordPolicyViolation", VIOLATION, "iam", "ChangePassword",
                          {"OldPassword": "Old-Pass1", "NewPassword": "short"}, creds=creds)
        self.iam("ChangePassword", creds=creds, OldPassword="Old-Pass1", NewPassword="New-Pass2")
        self.assertFalse(self.iam("GetLoginProfile", UserName="bea")
                         ["LoginProfile"]["PasswordResetRequired"],
                         "a changed password no longer needs a reset")
        # The old password is no longer the current one.
        self.expect_error("AccessDenied", None, "iam", "ChangePassword",
                          {"OldPassword": "Old-Pass1", "NewPassword": "Newer-Pass3"}, creds=creds)
        self.iam("ChangePassword", creds=creds, OldPassword="New-Pass2", NewPassword="Newer-Pass3")
        self.prep("iam", "DeleteLoginProfile", UserName="bea")

    def test_own_profile_without_user_name(self):
        interpreter = None
        if getattr(self.driver, "kind", "") == "cli":
            interpreter = cli_interpreter(shutil.which(self.driver.executable) or self.driver.executable)
        if not user_name_optional(interpreter) or (getattr(self.driver, "kind", "") == "cli" and not interpreter):
            self.skipTest("this client's botocore model requires UserName for GetLoginProfile")
        _, creds = self.prep_user_with_key("fay")
        self.prep("iam", "CreateLoginProfile", UserName="fay", Password="Own-Pass1")
        own = self.iam("GetLoginProfile", creds=creds)["LoginProfile"]
        self.assertEqual(own["UserName"], "fay")
        self.iam("DeleteLoginProfile", creds=creds)
        self.expect_error("NoSuchEntity", no_profile("fay"), "iam", "GetLoginProfile",
                          {"UserName": "fay"})
        # The account root has no login profile of its own to default to.
        self.expect_error("ValidationError", NON_USER, "iam", "GetLoginProfile")

    def test_password_policy_lifecycle(self):
        self.policy_cleanup()
        self.expect_error("NoSuchEntity",
                          f"The Password Policy with domain name {cases.ACCOUNT} cannot be found.",
                          "iam", "GetAccountPasswordPolicy")
        self.expect_error("NoSuchEntity",
                          "The account policy with name PasswordPolicy cannot be found.",
                          "iam", "DeleteAccountPasswordPolicy")
        self.iam("UpdateAccountPasswordPolicy")
        self.assertEqual(self.iam("GetAccountPasswordPolicy")["PasswordPolicy"], {
            "MinimumPasswordLength": 6, "RequireSymbols": False, "RequireNumbers": False,
            "RequireUppercaseCharacters": False, "RequireLowercaseCharacters": False,
            "AllowUsersToChangePassword": False, "ExpirePasswords": False})
        self.iam("UpdateAccountPasswordPolicy", MinimumPasswordLength=10, RequireSymbols=True,
                 RequireNumbers=True, RequireUppercaseCharacters=True,
                 RequireLowercaseCharacters=True, AllowUsersToChangePassword=True,
                 MaxPasswordAge=60, PasswordReusePrevention=3, HardExpiry=True)
        self.assertEqual(self.iam("GetAccountPasswordPolicy")["PasswordPolicy"], {
            "MinimumPasswordLength": 10, "RequireSymbols": True, "RequireNumbers": True,
            "RequireUppercaseCharacters": True, "RequireLowercaseCharacters": True,
            "AllowUsersToChangePassword": True, "ExpirePasswords": True, "MaxPasswordAge": 60,
            "PasswordReusePrevention": 3, "HardExpiry": True})
        # No partial updates: what is omitted goes back to its default.
        self.iam("UpdateAccountPasswordPolicy", MinimumPasswordLength=8)
        self.assertEqual(self.iam("GetAccountPasswordPolicy")["PasswordPolicy"]
                         ["MinimumPasswordLength"], 8)
        self.assertNotIn("MaxPasswordAge", self.iam("GetAccountPasswordPolicy")["PasswordPolicy"])
        self.expect_error(
            "ValidationError",
            "3 validation errors detected: Value at 'minimumPasswordLength' failed to satisfy "
            "constraint: Member must have value less than or equal to 128; Value at "
            "'passwordReusePrevention' failed to satisfy constraint: Member must have value less "
            "than or equal to 24; Value at 'maxPasswordAge' failed to satisfy constraint: Member "
            "must have value less than or equal to 1095",
            "iam", "UpdateAccountPasswordPolicy",
            {"MaxPasswordAge": 1096, "MinimumPasswordLength": 129, "PasswordReusePrevention": 25})
        self.iam("DeleteAccountPasswordPolicy")
        self.expect_error("NoSuchEntity", None, "iam", "GetAccountPasswordPolicy")

    def test_policy_enforced(self):
        self.policy_cleanup()
        _, creds = self.prep_user_with_key("cal")
        # AWS's default policy (none set): 8 characters, three kinds of character.
        for weak in ("Ab1!", "lowercase1", "ALLUPPERCASE"):
            self.expect_error("PasswordPolicyViolation", VIOLATION, "iam", "CreateLoginProfile",
                              {"UserName": "cal", "Password": weak})
        self.iam("UpdateAccountPasswordPolicy", MinimumPasswordLength=12, RequireSymbols=True,
                 RequireNumbers=True, PasswordReusePrevention=2)
        for weak in ("Short-Pass1", "NoSymbolsHere12", "No-Numbers-Here"):
            self.expect_error("PasswordPolicyViolation", VIOLATION, "iam", "CreateLoginProfile",
                              {"UserName": "cal", "Password": weak})
        self.expect_error("NoSuchEntity", no_profile("cal"), "iam", "GetLoginProfile",
                          {"UserName": "cal"})
        self.iam("CreateLoginProfile", UserName="cal", Password="first-password-1!")
        self.expect_error("PasswordPolicyViolation", VIOLATION, "iam", "UpdateLoginProfile",
                          {"UserName": "cal", "Password": "too-short1"})
        # Reuse prevention: the last two passwords may not come back.
        self.iam("ChangePassword", creds=creds, OldPassword="first-password-1!",
                 NewPassword="second-password-2!")
        for reused in ("first-password-1!", "second-password-2!"):
            self.expect_error("PasswordPolicyViolation", VIOLATION, "iam", "ChangePassword",
                              {"OldPassword": "second-password-2!", "NewPassword": reused},
                              creds=creds)
        self.iam("ChangePassword", creds=creds, OldPassword="second-password-2!",
                 NewPassword="third-password-3!")
        self.iam("ChangePassword", creds=creds, OldPassword="third-password-3!",
                 NewPassword="first-password-1!")
        self.prep("iam", "DeleteLoginProfile", UserName="cal")

    def test_credential_report_password_columns(self):
        self.policy_cleanup()
        self.prep("iam", "CreateUser", UserName="dot")
        self.prep("iam", "CreateUser", UserName="eve")
        self.prep("iam", "CreateLoginProfile", UserName="dot", Password="Report-Pass1")
        self.prep("iam", "UpdateAccountPasswordPolicy", MaxPasswordAge=30)
        self.iam("GenerateCredentialReport")
        content = self.iam("GetCredentialReport")["Content"]
        text = content.decode() if isinstance(content, bytes) else base64.b64decode(content).decode()
        rows = {r["user"]: r for r in csv.DictReader(io.StringIO(text))}
        dot, eve = rows["dot"], rows["eve"]
        self.assertEqual(dot["password_enabled"], "true")
        self.assertEqual(dot["password_last_used"], "no_information")
        self.assertRegex(dot["password_last_changed"], TIME)
        self.assertRegex(dot["password_next_rotation"], TIME)
        changed = time.strptime(dot["password_last_changed"][:19], "%Y-%m-%dT%H:%M:%S")
        rotation = time.strptime(dot["password_next_rotation"][:19], "%Y-%m-%dT%H:%M:%S")
        self.assertEqual(time.mktime(rotation) - time.mktime(changed), 30 * 86400)
        self.assertEqual([eve[c] for c in ("password_enabled", "password_last_used",
                                           "password_last_changed", "password_next_rotation")],
                         ["false", "N/A", "N/A", "N/A"])
        self.assertNotIn("Report-Pass1", text)
        self.prep("iam", "DeleteLoginProfile", UserName="dot")


cases.per_client(LoginProfileTests, globals(), prefix="LoginProfiles")



class EnforcedChangePasswordTests:
    """--auth enforce: AllowUsersToChangePassword lets a user with no policies change their own
    password and read the policy; without it, the same calls are AccessDenied."""
    auth = "enforce"

    def test_allow_users_to_change_password(self):
        _, creds = self.prep_user_with_key("gus")
        self.prep("iam", "CreateLoginProfile", UserName="gus", Password="Enforced-Pass1")
        self.prep("iam", "UpdateAccountPasswordPolicy", AllowUsersToChangePassword=False)
        self.expect_error("AccessDenied", None, "iam", "ChangePassword",
                          {"OldPassword": "Enforced-Pass1", "NewPassword": "Enforced-Pass2"},
                          creds=creds)
        self.expect_error("AccessDenied", None, "iam", "GetAccountPasswordPolicy", creds=creds)
        self.prep("iam", "UpdateAccountPasswordPolicy", AllowUsersToChangePassword=True)
        self.assertTrue(self.iam("GetAccountPasswordPolicy", creds=creds)
                        ["PasswordPolicy"]["AllowUsersToChangePassword"])
        self.iam("ChangePassword", creds=creds, OldPassword="Enforced-Pass1",
                 NewPassword="Enforced-Pass2")
        # Only that: other IAM actions stay denied.
        self.expect_error("AccessDenied", None, "iam", "GetLoginProfile", {"UserName": "gus"},
                          creds=creds)


cases.per_client(EnforcedChangePasswordTests, globals(), prefix="LoginProfilesEnforced")

if __name__ == "__main__":
    unittest.main()
