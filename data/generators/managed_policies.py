"""data/aws-managed-policies.json: the AWS managed policy catalogue, built into the binary.

A byte-for-byte copy of the project's shared data, aws-managed-policies.json (its README there
says what it holds), after checking that it has the shape data/managed_policy_catalog.cpp reads:
one object keyed by policy name, each value with Path, DefaultVersionId, CreateDate,
UpdateDate, PermissionsBoundaryUsageCount and Document. JSON has no comments, so its source is
stated in data/README.md instead of at its top.
"""

import json
import re

OUTPUT = "data/aws-managed-policies.json"
SOURCE = "shared"
FILE = "aws-managed-policies.json"

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def generate(sources):
    path = sources.shared_file(FILE)
    with open(path, "rb") as f:
        raw = f.read()
    catalogue = json.loads(raw)
    if not isinstance(catalogue, dict) or not catalogue:
        raise ValueError(f"{path}: expected a non-empty object keyed by policy name")
    for name, policy in catalogue.items():
        where = f"{path}: policy {name!r}"
        if not re.fullmatch(r"[\w+=,.@-]+", name):
            raise ValueError(f"{where}: not a policy name")
        if not re.fullmatch(r"/([\x21-\x7e]+/)?", policy.get("Path", "")):
            raise ValueError(f"{where}: bad Path {policy.get('Path')!r}")
        if not re.fullmatch(r"v[1-9][0-9]*", policy.get("DefaultVersionId", "")):
            raise ValueError(f"{where}: bad DefaultVersionId")
        for field in ("CreateDate", "UpdateDate"):
            if not _DATE.match(policy.get(field, "")):
                raise ValueError(f"{where}: bad {field}")
        if not isinstance(policy.get("PermissionsBoundaryUsageCount"), int):
            raise ValueError(f"{where}: bad PermissionsBoundaryUsageCount")
        if not isinstance(policy.get("Document"), dict) or "Statement" not in policy["Document"]:
            raise ValueError(f"{where}: Document is not a policy document")
    return raw

