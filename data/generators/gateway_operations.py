"""data/gateway_operations.json: what the gateway needs to know of each operation of the services
it fronts (S3, DynamoDB, SQS, SNS, KMS, Lambda, Secrets Manager, SSM), built into the binary and
read by gateway/operation_catalog.cpp.

Per service: its signing name, IAM prefix, protocol and X-Amz-Target prefix (botocore's
metadata). Per operation: for the rest protocols the HTTP method and requestUri template, the
members bound to uri labels, the query string and the required headers (by locationName); for
json and query the top-level member names; and the IAM actions it needs, each with the resource
type whose ARN format (from data/service_authorization.json) is filled and, per ARN variable,
which request member fills it and how (a declared transform).

The action is the operation's own name when the Service Authorization Reference lists it; where it
is not, data/sources/gateway_operations.json says which actions (and names its sources). An
operation with neither has no actions: the gateway reports it unmapped. One line per operation,
keys sorted, so that a new botocore or Reference reads as a short diff.
"""

import json
import os

OUTPUT = "data/gateway_operations.json"
SOURCE = "botocore"
OVERRIDES = "data/sources/gateway_operations.json"
REFERENCE = "data/service_authorization.json"
SERVICES = ["dynamodb", "kms", "lambda", "s3", "secretsmanager", "sns", "sqs", "ssm"]
FIXED = {"Partition", "Region", "Account"}


def _row(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def _read(repo, name):
    with open(os.path.join(repo, name), encoding="utf-8") as f:
        return json.load(f)


def _arn_variables(arn):
    out = []
    rest = arn
    while "${" in rest:
        rest = rest[rest.index("${") + 2:]
        out.append(rest[:rest.index("}")])
    return [v for v in out if v not in FIXED]


def _top_member(path):
    """The input member a member path opens with: "RequestItems{}" -> "RequestItems"."""
    head = path.split(".")[0]
    return head.replace("[]", "").replace("{}", "")


def _bindings(candidates, members, transforms, where):
    out = []
    for candidate in candidates:
        transform = candidate.get("transform", "plain")
        if transform not in transforms:
            raise ValueError(f"{where}: transform {transform!r} is not declared")
        if _top_member(candidate["member"]) in members:
            out.append({"member": candidate["member"], "transform": transform})
    return out


def _action(reference, prefix, name, resource, variables, members, transforms, where):
    service = reference[prefix]
    action = service["actions"].get(name)
    if action is None:
        raise ValueError(f"{where}: the Reference has no action {prefix}:{name}")
    bound = {var: _bindings(c, members, transforms, where) for var, c in variables.items()}

    def filled(type_name):
        arn = service["resourceTypes"][type_name]["arn"]
        return all(bound.get(v) for v in _arn_variables(arn))

    types = [t["name"] for t in action["resourceTypes"]]
    if resource is not None:
        if resource not in types and resource not in service["resourceTypes"]:
            raise ValueError(f"{where}: {prefix}:{name} has no resource type {resource!r}")
        chosen = resource
    elif not types:
        chosen = None
    else:
        required = [t["name"] for t in action["resourceTypes"] if t["required"]]
        ordered = required + [t for t in types if t not in required]
        chosen = next((t for t in ordered if filled(t)), required[0] if required else "")
    row = {"action": name}
    if chosen is None:
        row["arn"] = "*"
    elif chosen == "":
        row["arn"] = ""  # only optional types, none named by the request: unknown
    else:
        arn = service["resourceTypes"][chosen]["arn"]
        row["resourceType"] = chosen
        row["arn"] = arn
        row["variables"] = {v: bound.get(v, []) for v in _arn_variables(arn)}
    return row


def _version(reference, prefix, version, members, transforms, where):
    """An entry's action when the request names an object version, and the members that may."""
    if version["action"] not in reference[prefix]["actions"]:
        raise ValueError(f"{where}: the Reference has no action {prefix}:{version['action']}")
    sources = _bindings(version["from"], members, transforms, where)
    if not sources:
        raise ValueError(f"{where}: no member of {version['from']} is in the operation's input")
    return {"action": version["action"], "from": sources}


def _operation(model, name, prefix, reference, overrides, transforms):
    op = model["operations"][name]
    protocol = model["metadata"]["protocol"]
    shape = model["shapes"].get(op.get("input", {}).get("shape", ""), {"members": {}})
    members = shape.get("members", {})
    required = set(shape.get("required", []))
    listed = overrides.get("operations", {}).get(name)
    where = f"{prefix}.{name}"
    row = {}
    if protocol.startswith("rest"):
        row["method"] = op["http"]["method"]
        row["uri"] = op["http"]["requestUri"]
        used = set()
        for entry in (listed or []):
            for candidates in entry.get("variables", {}).values():
                used.update(_top_member(c["member"]) for c in candidates)
            used.update(_top_member(c["member"])
                        for c in entry.get("version", {}).get("from", []))
        for var in overrides.get("variables", {}).values():
            used.update(_top_member(c["member"]) for c in var)
        labels, query, headers, required_query, required_headers = {}, {}, {}, [], []
        for member, ref in sorted(members.items()):
            where_in = ref.get("location")
            location_name = ref.get("locationName", member)
            if where_in == "uri":
                labels[location_name] = member
            elif where_in == "querystring":
                query[location_name] = member
                if member in required:
                    required_query.append(location_name)
            elif where_in == "header" and (member in required or member in used):
                headers[location_name] = member
                if member in required:
                    required_headers.append(location_name)
        row.update({"labels": labels, "query": query, "headers": headers,
                    "requiredQuery": required_query, "requiredHeaders": required_headers})
    else:
        row["members"] = sorted(members)
    variables = overrides.get("variables", {})
    actions = []
    if listed is not None:
        for entry in listed:
            merged = dict(variables)
            merged.update(entry.get("variables", {}))
            action = _action(reference, prefix, entry["action"], entry.get("resource"), merged,
                             members, transforms, where)
            if "version" in entry:
                action["version"] = _version(reference, prefix, entry["version"], members,
                                             transforms, where)
            actions.append(action)
    elif name in reference[prefix]["actions"]:
        actions.append(_action(reference, prefix, name, None, variables, members, transforms,
                               where))
    row["actions"] = actions
    return row


def generate(sources):
    botocore = sources.botocore()
    try:
        overrides = _read(sources.repo, OVERRIDES)
        reference_file = _read(sources.repo, REFERENCE)
    except OSError as e:
        from .botocore_models import SourceUnavailable
        raise SourceUnavailable(f"{e.filename} is not there")
    reference = reference_file["services"]
    transforms = overrides["transforms"]
    about = (f"Generated by `data/generate` from botocore {botocore.version}, {REFERENCE} and "
             f"{OVERRIDES}. Do not edit: change a source or data/generators/gateway_operations.py,"
             f" run `data/generate` and commit the result (data/README.md).")
    parts = ["{", f"\"about\":{_row(about)},", "\"services\":{"]
    for i, prefix in enumerate(SERVICES):
        model = botocore.model(prefix)
        meta = model["metadata"]
        service_overrides = overrides["services"].get(prefix, {})
        for name in service_overrides.get("operations", {}):
            if name not in model["operations"]:
                raise ValueError(f"{OVERRIDES}: {prefix} has no operation {name} in botocore "
                                 f"{botocore.version}")
        head = {"prefix": prefix, "protocol": meta["protocol"],
                "signingName": meta.get("signingName") or meta["endpointPrefix"],
                "targetPrefix": meta.get("targetPrefix", "")}
        parts.append(f"{_row(prefix)}:{{")
        for key, value in sorted(head.items()):
            parts.append(f"{_row(key)}:{_row(value)},")
        lines = [f"{_row(name)}:{_row(_operation(model, name, prefix, reference, service_overrides, transforms))}"
                 for name in sorted(model["operations"])]
        parts.append("\"operations\":{\n" + ",\n".join(lines) + "\n}")
        parts.append("}" + ("," if i + 1 < len(SERVICES) else ""))
    parts.append("},")
    source = {"botocore": botocore.version, "overrides": OVERRIDES,
              "reference": reference_file["source"]["package"] + " " +
              reference_file["source"]["version"]}
    parts.append(f"\"source\":{_row(source)}")
    parts.append("}")
    text = "\n".join(parts) + "\n"
    json.loads(text)
    return text
