"""A minimal AWS Signature Version 4 signer for the raw HTTP tests, which must send
requests without any AWS client library. It signs every header it is given plus
Host and X-Amz-Date (and X-Amz-Security-Token with session credentials), the way
botocore does for IAM and STS.
"""

import datetime
import hashlib
import hmac
from urllib.parse import quote


def _hmac(key, text):
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


def _encode(value):
    return quote(value, safe="-_.~")


def canonical_query(pairs):
    return "&".join(f"{k}={v}" for k, v in sorted((_encode(k), _encode(v)) for k, v in pairs))


def sign(method, host, path, query_pairs, headers, body, access_key, secret_key,
         region, service, session_token=None, now=None):
    """Returns a new header dict with Host, X-Amz-Date, (X-Amz-Security-Token) and
    Authorization added. body: bytes. query_pairs: list of (key, value) (unencoded)."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    date = amz_date[:8]
    out = dict(headers)
    out["Host"] = host
    out["X-Amz-Date"] = amz_date
    if session_token:
        out["X-Amz-Security-Token"] = session_token
    lowered = sorted((k.lower(), " ".join(str(v).strip().split())) for k, v in out.items())
    canonical_headers = "".join(f"{k}:{v}\n" for k, v in lowered)
    signed_headers = ";".join(k for k, _ in lowered)
    canonical_request = "\n".join([
        method.upper(), path or "/", canonical_query(query_pairs), canonical_headers,
        signed_headers, hashlib.sha256(body).hexdigest()])
    scope = f"{date}/{region}/{service}/aws4_request"
    string_to_sign = "\n".join([
        "AWS4-HMAC-SHA256", amz_date, scope,
        hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()])
    key = _hmac(("AWS4" + secret_key).encode("utf-8"), date)
    for part in (region, service, "aws4_request"):
        key = _hmac(key, part)
    signature = hmac.new(key, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    out["Authorization"] = (f"AWS4-HMAC-SHA256 Credential={access_key}/{scope}, "
                            f"SignedHeaders={signed_headers}, Signature={signature}")
    return out
