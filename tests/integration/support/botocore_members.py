#!/usr/bin/env python3
"""Writes tests/integration/fixtures/botocore-members.json: the input members of every IAM and STS
operation in the installed botocore's model. test_conformance.py counts them as known when it looks
for members the newest AWS SDK model adds, so that its answer does not depend on which botocore
the suite runs with (Debian's 1.29 knows far fewer than the 1.43 REVIEWED_NEW_MEMBERS was
reviewed against). Run it with the newest botocore on the machine when that list is reviewed:

    python3 tests/integration/support/botocore_members.py
"""

import json
import pathlib

import botocore
import botocore.session

OUT = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "botocore-members.json"


def members():
    session = botocore.session.get_session()
    services = {}
    for service in ("iam", "sts"):
        model = session.get_service_model(service)
        services[service] = {}
        for name in model.operation_names:
            shape = model.operation_model(name).input_shape
            services[service][name] = sorted(shape.members) if shape is not None else []
    return {"botocore": botocore.__version__, "services": services}


if __name__ == "__main__":
    OUT.write_text(json.dumps(members(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT} from botocore {botocore.__version__}")
