"""GET /_localiam/metrics: Prometheus text that counts the requests the clients made, by
action and status, with a latency histogram, errors by code, auth failures by reason and
rows per entity table."""

import re
import unittest

from support import cases
from support.clients import Creds

SAMPLE = re.compile(r'^([a-z_]+)(\{[^}]*\})? (\S+)$')


def parse(text):
    """{(name, labels text): value}, checking every line is a comment or a sample."""
    samples = {}
    for line in text.splitlines():
        if line.startswith("# HELP ") or line.startswith("# TYPE "):
            continue
        m = SAMPLE.match(line)
        assert m, f"not a Prometheus sample line: {line!r}"
        samples[(m.group(1), m.group(2) or "")] = float(m.group(3))
    return samples


class MetricsTests:
    auth = "verify"
    root_keys = ("test", "test")

    def metrics(self):
        status, body = self.server.admin("GET", "/_localiam/metrics")
        self.assertEqual(status, 200)
        return parse(body.decode())

    def test_counts_what_the_client_did(self):
        before = self.metrics()

        def value(samples, name, labels):
            return samples.get((name, labels), 0)

        self.iam("CreateUser", UserName="measured")
        self.iam("CreateUser", UserName="measured2")
        self.expect_error("EntityAlreadyExists", "User with name measured already exists.",
                          "iam", "CreateUser", {"UserName": "measured"})
        self.expect_error("InvalidClientTokenId", None, "sts", "GetCallerIdentity",
                          creds=Creds("AKIANOSUCHKEY0000000", "x"))
        after = self.metrics()
        create = '{service="iam",action="CreateUser"'
        self.assertEqual(value(after, "localiam_requests_total", create + ',status="200"}')
                         - value(before, "localiam_requests_total", create + ',status="200"}'), 2)
        self.assertEqual(value(after, "localiam_requests_total", create + ',status="409"}')
                         - value(before, "localiam_requests_total", create + ',status="409"}'), 1)
        self.assertEqual(value(after, "localiam_request_duration_seconds_count", create + "}")
                         - value(before, "localiam_request_duration_seconds_count", create + "}"), 3)
        self.assertEqual(value(after, "localiam_request_duration_seconds_bucket", create + ',le="+Inf"}'),
                         value(after, "localiam_request_duration_seconds_count", create + "}"))
        self.assertGreater(value(after, "localiam_request_duration_seconds_sum", create + "}"), 0)
        self.assertEqual(value(after, "localiam_auth_failures_total", '{reason="InvalidClientTokenId"}')
                         - value(before, "localiam_auth_failures_total", '{reason="InvalidClientTokenId"}'), 1)
        self.assertGreaterEqual(value(after, "localiam_errors_total", '{code="EntityAlreadyExists"}'), 1)
        users = value(after, "localiam_entities", '{kind="users"}')
        listed = len(self.paginate("ListUsers", "Users"))
        self.assertEqual(users, listed)
        self.assertIn(("localiam_entities", '{kind="access_keys"}'), after)


cases.per_client(MetricsTests, globals(), prefix="Metrics")

if __name__ == "__main__":
    unittest.main()
