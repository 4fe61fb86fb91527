"""data/service_names.json: the name of every action and condition key of every AWS service, from
AWS's Service Authorization Reference, so that policy checks (analyzer/) can tell a misspelt
action, service or condition key from a real one in services localiam does not otherwise model.

Per service (keyed by its action prefix): its name, its actions as AWS spells them, and its
condition keys, each list sorted. Access levels, resource types and key types are in
service_authorization.json for the services localiam authorises; here only names. One line per
service, so that a new version of the package reads as a short diff.
"""

import json

from . import iam_data

OUTPUT = "data/service_names.json"
SOURCE = "iam-data"


def _row(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def _service(data, prefix, names):
    actions = sorted(entry["name"] for entry in data.read("actions", f"{prefix}.json").values())
    try:
        listed = data.read("conditionKeys", f"{prefix}.json")
    except ValueError:
        listed = {}  # a service with no keys of its own has no file
    keys = sorted(entry["key"] for entry in listed.values())
    return {"actions": actions, "conditionKeys": keys, "name": names[prefix]}


def generate(sources):
    data = sources.iam_data()
    names = data.read("serviceNames.json")
    source = {"package": iam_data.PACKAGE, "version": data.version, "updatedAt": data.updated_at,
              "pinnedBy": f"{iam_data.SOURCES}/package-lock.json"}
    rows = [f"{_row(prefix)}:{_row(_service(data, prefix, names))}" for prefix in sorted(names)]
    text = "{\n\"services\":{\n" + ",\n".join(rows) + "\n},\n\"source\":" + _row(source) + "\n}\n"
    json.loads(text)  # the hand-joined lines must still be one JSON document
    return text
