"""What the gateway's integration tests (localiam in front of an upstream emulator) share: one
moto_server per test module, started on first use and stopped with the module; boto3 clients
that never retry; policy documents; AWS's denial sentence; a call's access-log line."""

import json
import time

from . import config, moto

REGION = config.REGION
NO_MOTO = "moto_server is not on PATH (pip install 'moto[server]'): the gateway tests need it"


class ModuleMoto:
    """A test module's moto_server: get() starts it on first use, stop() (from the module's
    tearDownModule) ends it, after which the next get() starts a new one."""

    def __init__(self, name):
        self.name = name
        self.server = None

    def get(self):
        if self.server is None:
            self.server = moto.MotoServer(self.name).start()
        return self.server

    def stop(self):
        if self.server is not None:
            self.server.stop()
            self.server = None


def boto(url, creds, service):
    """A boto3 client of `service` at `url` signing with `creds`, with no retries."""
    import boto3
    from botocore.config import Config
    return boto3.session.Session().client(
        service, endpoint_url=url, region_name=REGION, aws_access_key_id=creds.access_key,
        aws_secret_access_key=creds.secret_key, aws_session_token=creds.session_token,
        config=Config(retries={"max_attempts": 0}, connect_timeout=10, read_timeout=60))


def policy(actions, resources, effect="Allow"):
    """A policy document (JSON text) with one statement."""
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": effect, "Action": actions, "Resource": resources}]})


def make_table(client, name):
    """A DynamoDB table with a string hash key `k`, on demand."""
    return client.create_table(
        TableName=name, KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST")["TableDescription"]


def denied(principal, action, resource, by="identity-based policy"):
    """AWS's AccessDenied sentence when no policy of type `by` allows the action."""
    return (f"User: {principal} is not authorized to perform: {action} on resource: {resource} "
            f"because no {by} allows the {action} action")


def logged(case, action, principal, timeout=5):
    """The access-log entry of `case.server` for `action` by `principal` (waiting up to
    `timeout` seconds for it); fails `case` when there is none."""
    deadline = time.monotonic() + timeout
    while True:
        for line in reversed(case.server._new_log().splitlines()):
            if line.startswith("{"):
                entry = json.loads(line)
                if entry.get("action") == action and entry.get("principal") == principal:
                    return entry
        if time.monotonic() > deadline:
            case.fail(f"no access-log line for {action} by {principal}\n"
                      + case.server.log_tail())
        time.sleep(0.05)
