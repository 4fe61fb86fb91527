"""The base of the recorded-shape tests (test_recorded_shapes*.py): the shape of an answer (its
keys and list emptiness, recursively, ignoring values), compared with the one recorded from real
AWS (tests/integration/fixtures/aws-recorded) for the same request, through boto3.
"""

import json

from support import cases
from support.clients import fast
from support.recorded_errors import Recording

# Policy documents differ between the recorded tests and these; their own shape is not the point.
DOCUMENTS = {"AssumeRolePolicyDocument", "PolicyDocument", "Document"}


def shape(value):
    """Keys and list emptiness, recursively; leaves (and policy documents) become '.'."""
    if isinstance(value, dict):
        return {k: "." if k in DOCUMENTS else shape(v) for k, v in value.items()
                if k != "ResponseMetadata"}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return "."


def known_to_client(value, model_shape):
    """`value` (a recorded shape) without the members the client's model lacks: a botocore older
    than the recording (Debian's 1.29) drops them from what it parses, whatever localiam sent."""
    if model_shape is None:
        return value
    if isinstance(value, dict) and model_shape.type_name == "structure":
        return {k: known_to_client(v, model_shape.members[k]) if k not in DOCUMENTS else v
                for k, v in value.items() if k in model_shape.members}
    if isinstance(value, list) and value and model_shape.type_name == "list":
        return [known_to_client(value[0], model_shape.member)]
    return value


class RecordedShapesCase(cases.ServerCase):
    """A server in open mode, boto3 clients for IAM and STS, and same()."""
    auth = "open"
    counter = 0

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.iam = fast().client(cls.server.url, cls.root, "iam")
        cls.sts = fast().client(cls.server.url, cls.root, "sts")
        # Which operation answered each response, to read its output shape in same().
        cls.operations = {}
        for client in (cls.iam, cls.sts):
            client.meta.events.register(
                "after-call.*.*",
                lambda parsed, model, **_: cls.operations.__setitem__(id(parsed), (parsed, model)))

    def uid(self, prefix):
        RecordedShapesCase.counter += 1
        return f"{prefix}-{RecordedShapesCase.counter}"

    def same(self, file, test, label, response, known_difference=None):
        """Compares the shape of `response` with the one recorded as `label`.
        known_difference: a path ("Policy.Description") that the recording has and localiam
        knowingly lacks (README, Differences from AWS)."""
        recorded = Recording.entry(file, test)
        self.assertIn(label, recorded, f"{file}::{test}: nothing recorded as {label!r}")
        with self.subTest(f"{file}::{test}::{label}"):
            self.maxDiff = None
            want, got = shape(recorded[label]), shape(response)
            answered = self.operations.get(id(response))  # kept alive: ids are not reused
            if answered is not None and answered[0] is response:
                want = known_to_client(want, answered[1].output_shape)
            if known_difference:
                *parents, last = known_difference.split(".")
                node = want
                for key in parents:
                    node = node[key]
                self.assertIn(last, node, f"{known_difference} is no longer in the recording")
                del node[last]
            self.assertEqual(json.dumps(got, sort_keys=True, indent=1),
                             json.dumps(want, sort_keys=True, indent=1),
                             f"{file}::{test}::{label}: localiam's shape (first) vs AWS's")
