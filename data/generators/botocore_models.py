"""Reads botocore's service models (botocore/data/<service>/<api-version>/service-2.json[.gz]).

The generators take facts from the botocore package installed on this machine, or from the one
named by --botocore DIR. Its version is read from the package's __init__.py (without importing
it), and every generated file names that version at its top.
"""

import gzip
import json
import os
import re


class Botocore:
    """One installed botocore package: its version and its service models."""

    def __init__(self, package_dir):
        self.package_dir = package_dir
        self.data_dir = os.path.join(package_dir, "data")
        init = os.path.join(package_dir, "__init__.py")
        try:
            with open(init, encoding="utf-8") as f:
                found = re.search(r"^__version__ = ['\"]([^'\"]+)['\"]", f.read(), re.M)
        except OSError as e:
            raise SourceUnavailable(f"no botocore package at {package_dir} ({e.strerror})")
        if not found or not os.path.isdir(self.data_dir):
            raise SourceUnavailable(f"{package_dir} is not a botocore package")
        self.version = found.group(1)
        self._models = {}

    def services(self):
        """Every service name (botocore's folder names), sorted."""
        return sorted(name for name in os.listdir(self.data_dir)
                      if self._latest_version(name) is not None)

    def model(self, service, api_version=None):
        """The parsed service-2.json of `service` (its newest API version unless named)."""
        api_version = api_version or self._latest_version(service)
        key = (service, api_version)
        if key not in self._models:
            path = os.path.join(self.data_dir, service, api_version or "", "service-2.json")
            if os.path.exists(path + ".gz"):
                with gzip.open(path + ".gz", "rt", encoding="utf-8") as f:
                    self._models[key] = json.load(f)
            elif os.path.exists(path):
                with open(path, encoding="utf-8") as f:
                    self._models[key] = json.load(f)
            else:
                raise SourceUnavailable(
                    f"botocore {self.version} has no model {service}/{api_version}")
        return self._models[key]

    def _latest_version(self, service):
        folder = os.path.join(self.data_dir, service)
        if not os.path.isdir(folder):
            return None
        versions = [v for v in os.listdir(folder)
                    if os.path.exists(os.path.join(folder, v, "service-2.json")) or
                    os.path.exists(os.path.join(folder, v, "service-2.json.gz"))]
        return max(versions) if versions else None


class SourceUnavailable(Exception):
    """The input a generator needs is not on this machine (the check is skipped, not failed)."""


def locate(package_dir=None):
    """The botocore package at `package_dir`, else the one this Python imports."""
    if package_dir:
        return Botocore(package_dir)
    try:
        import importlib.util
        spec = importlib.util.find_spec("botocore")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        raise SourceUnavailable("this Python has no botocore package (pass --botocore DIR)")
    return Botocore(os.path.dirname(spec.origin))


def version_tuple(version):
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))
