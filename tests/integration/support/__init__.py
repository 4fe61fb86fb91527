"""Shared machinery of the integration suite: configuration, the server process,
the client drivers (AWS CLI v2, AWS CLI v1, boto3), a small SigV4 signer for raw
HTTP tests, and the TestCase base classes."""
