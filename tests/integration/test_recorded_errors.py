"""Every error recorded from real AWS (tests/integration/fixtures/aws-recorded, see its README)
whose request localiam can receive, driven with boto3 against the real server: the request is rebuilt
here from the recorded test's steps, and the Error Code, Message, Type (Sender/Receiver) and
HTTP status are compared with the recording, read from the snapshot files at run time.

Left to another test: the policy-grammar table (TestPolicyDocumentValidity), driven with the
policy validation it checks.
"""

import unittest

from support.recorded_errors import RECORDED_DIR, Recording, RecordedErrorsCase

from recorded_errors.policies_account import PolicyAndAccountErrors
from recorded_errors.profiles_providers_sts import ProfileProviderAndStsErrors
from recorded_errors.roles import RoleErrors
from recorded_errors.users_groups import UserAndGroupErrors


class RecordedErrors(UserAndGroupErrors, RoleErrors, PolicyAndAccountErrors,
                     ProfileProviderAndStsErrors, RecordedErrorsCase):
    """Every recorded error, driven by the tests of the mixins (recorded_errors/)."""

    # -- runs last (alphabetical order): nothing recorded is left out ----------------------

    def test_zz_every_recorded_error_is_driven(self):
        if len(self.driven) < 100:
            self.skipTest("only part of this class ran")
        recorded = set()
        for path in sorted(RECORDED_DIR.glob("*.snapshot.json")):
            file = path.name[:-len(".snapshot.json")]
            for key, entry in Recording.load(file).items():
                for label, response in entry["recorded-content"].items():
                    code = response.get("Error", {}).get("Code") if isinstance(response,
                                                                                dict) else None
                    test = key.rsplit("::", 1)[1]
                    if code and not test.startswith("test_create_policy_invalid_document["):
                        recorded.add((file, test, label))
        self.assertEqual(sorted(recorded - self.driven), [],
                         "recorded errors that no test here drives")


if __name__ == "__main__":
    unittest.main()
