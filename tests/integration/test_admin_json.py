"""JSON request bodies of the admin and issuer endpoints nested deeply enough to overflow a
recursive parser's stack (found while fuzzing: RapidJSON's DOM parser recurses once per
level, and a 2 MiB body of '[' crashed the server through POST /_localiam/clock). Each gets
a 400, the server stays up and answers a health check, and shallow bodies still work.
"""

import json

from support import cases

DEEP_BODIES = {
    "brackets": "[" * (2 * 1024 * 1024 - 64),
    "objects": '{"a":' * 300000,
    "balanced claims": '{"sub":"x","aud":"y","deep":' + "[" * 100000 + "]" * 100000 + "}",
}
ENDPOINTS = ("/_localiam/clock", "/_localiam/state", "/_localiam/oidc/token")


class AdminJsonNesting(cases.ServerCase):
    def test_deep_bodies_are_refused_and_the_server_stays_up(self):
        for path in ENDPOINTS:
            for name, body in DEEP_BODIES.items():
                with self.subTest(path=path, body=name):
                    status, answer = self.server.admin("POST", path, body=body, timeout=30)
                    self.assertEqual(status, 400, answer[:200])
                    self.assertIn(b"deep", answer)
                    status, doc, _ = self.server.health()
                    self.assertEqual(status, 200)
                    self.assertTrue(self.server.running())

    def test_shallow_bodies_still_work(self):
        status, answer = self.server.admin("POST", "/_localiam/clock",
                                           body=json.dumps({"advance_seconds": 0}))
        self.assertEqual(status, 200, answer)
        claims = {"sub": "me", "aud": "sts.amazonaws.com",
                  "https://aws.amazon.com/tags": {"principal_tags": {"team": ["blue"]}}}
        status, answer = self.server.admin("POST", "/_localiam/oidc/token", body=json.dumps(claims))
        self.assertEqual(status, 200, answer)
        self.assertTrue(json.loads(answer)["token"].count(".") == 2)
        status, state = self.server.admin("GET", "/_localiam/state")
        self.assertEqual(status, 200)
        status, answer = self.server.admin("POST", "/_localiam/state", body=state)
        self.assertEqual(status, 200, answer)
