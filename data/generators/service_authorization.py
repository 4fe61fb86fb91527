"""data/service_authorization.json: AWS's Service Authorization Reference for the services
localiam authorises (IAM and STS today; the gateway's services next), built into the binary and
read by data/service_authorization.cpp.

Per service (keyed by its action prefix): its name; per action (keyed by its name as AWS spells
it) the access level, the resource types it can be authorised against (name, required) and the
condition keys it supports; per resource type its ARN format and condition keys; per condition
key its type. Names are canonicalised to the spelling of the Reference's own entry (the package
keys every file by lower-case name). Descriptions and dependent actions are left out: nothing
decides on them. Its top-level "source" names the package and the version it came from.

The file is deterministic: keys sorted, one line per action, resource type and condition key, so
that a new version of the package reads as a short diff.
"""

import json

from . import iam_data

OUTPUT = "data/service_authorization.json"
SOURCE = "iam-data"
SERVICES = ["iam", "sts", "s3", "dynamodb", "sqs", "sns", "kms", "lambda", "secretsmanager",
            "ssm"]


def _row(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def _service(data, prefix, names):
    where = f"{iam_data.PACKAGE} {data.version}, service {prefix}"
    if prefix not in names:
        raise ValueError(f"{where}: not in serviceNames.json")
    listed_keys = data.read("conditionKeys", f"{prefix}.json")
    keys = {k: v["key"] for k, v in listed_keys.items()}
    key_types = {v["key"]: v["type"] for v in listed_keys.values()}

    def condition_keys(listed, owner):
        out = []
        for key in listed:
            if key.lower() not in keys:
                raise ValueError(f"{where}: {owner} names condition key {key!r}, which the "
                                 f"service does not list")
            out.append(keys[key.lower()])
        return out

    resource_types = {}
    canonical_type = {}
    for name, entry in data.read("resourceTypes", f"{prefix}.json").items():
        arn = entry["arn"]
        if not arn.startswith("arn:${Partition}:") or arn.count(":") < 5:
            raise ValueError(f"{where}: resource type {entry['key']!r} has ARN format {arn!r}")
        canonical_type[name] = entry["key"]
        resource_types[entry["key"]] = {
            "arn": arn,
            "conditionKeys": condition_keys(entry.get("conditionKeys", []),
                                            f"resource type {entry['key']}"),
        }
    actions = {}
    for entry in data.read("actions", f"{prefix}.json").values():
        name = entry["name"]
        types = []
        for listed in entry["resourceTypes"]:
            if listed["name"].lower() not in canonical_type:
                raise ValueError(f"{where}: action {name} names resource type "
                                 f"{listed['name']!r}, which the service does not list")
            row = {"name": canonical_type[listed["name"].lower()],
                   "required": bool(listed["required"])}
            if listed.get("conditionKeys"):
                row["conditionKeys"] = condition_keys(listed["conditionKeys"], f"action {name}")
            types.append(row)
        if not entry.get("accessLevel"):
            raise ValueError(f"{where}: action {name} has no access level")
        actions[name] = {
            "accessLevel": entry["accessLevel"],
            "conditionKeys": condition_keys(entry["conditionKeys"], f"action {name}"),
            "resourceTypes": types,
        }
    return {"name": names[prefix], "actions": actions, "resourceTypes": resource_types,
            "conditionKeys": key_types}


def _members(rows, indent):
    """`"key":row` lines, sorted by key, comma-separated, inside an object."""
    lines = [f"{indent}{_row(key)}:{_row(value)}" for key, value in sorted(rows.items())]
    return ",\n".join(lines)


def generate(sources):
    data = sources.iam_data()
    names = data.read("serviceNames.json")
    source = {"package": iam_data.PACKAGE, "version": data.version, "updatedAt": data.updated_at,
              "pinnedBy": f"{iam_data.SOURCES}/package-lock.json"}
    parts = ["{", f"\"services\":{{"]
    for i, prefix in enumerate(sorted(SERVICES)):
        service = _service(data, prefix, names)
        parts.append(f"{_row(prefix)}:{{")
        parts.append(f"\"actions\":{{\n{_members(service['actions'], '')}\n}},")
        parts.append(f"\"conditionKeys\":{{\n{_members(service['conditionKeys'], '')}\n}},")
        parts.append(f"\"name\":{_row(service['name'])},")
        parts.append(f"\"resourceTypes\":{{\n{_members(service['resourceTypes'], '')}\n}}")
        parts.append("}" + ("," if i + 1 < len(SERVICES) else ""))
    parts.append("},")
    parts.append(f"\"source\":{_row(source)}")
    parts.append("}")
    text = "\n".join(parts) + "\n"
    json.loads(text)  # the hand-joined lines must still be one JSON document
    return text
