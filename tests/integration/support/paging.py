"""Reading an IAM List action page by page through the client under test, so that a test
crosses page boundaries the way each client does it.

    items = paging.collect(case, "ListUserTags", ["Tags"], 2, UserName="carlos")

boto3: the test walks Marker/IsTruncated itself with MaxItems=size, checking on every
page that there are at most `size` items, that IsTruncated is true exactly when a Marker
comes back, and that the walk ends. AWS CLI: `--page-size size`, the CLI following the
markers and merging the pages; a CLI whose model does not paginate the operation (e.g.
ListRoleTags in older v2 releases) is walked by hand with --max-items/--marker, which it
then sends as the API's MaxItems/Marker.
"""

from .clients import ClientFailure

MAX_PAGES = 200


def _walk(case, op, keys, size, params):
    items = {k: [] for k in keys}
    marker, pages = None, 0
    while True:
        request = dict(params, MaxItems=size)
        if marker:
            request["Marker"] = marker
        page = case.iam(op, **request)
        pages += 1
        got = sum(len(page.get(k, [])) for k in keys)
        case.assertLessEqual(got, size, f"{op} page {pages} has more than MaxItems={size}: {page}")
        for k in keys:
            case.assertIn(k, page, f"{op} page {pages} lacks {k}: {page}")
            items[k] += page[k]
        if page.get("IsTruncated"):
            case.assertTrue(page.get("Marker"), f"{op}: IsTruncated true without a Marker: {page}")
            marker = page["Marker"]
        else:
            case.assertIs(page.get("IsTruncated"), False, f"{op}: IsTruncated missing: {page}")
            case.assertNotIn("Marker", page, f"{op}: Marker only when IsTruncated is true")
            return items, pages
        case.assertLess(pages, MAX_PAGES, f"{op}: pagination does not end")


def collect(case, op, keys, size, **params):
    """Every item of `op`'s result lists `keys`, fetched `size` per request. Returns the
    list when `keys` is one name, else {key: list}."""
    single = isinstance(keys, str)
    keys = [keys] if single else list(keys)
    if case.driver.kind == "boto3":
        items, _ = _walk(case, op, keys, size, params)
    else:
        try:
            merged = case.driver.run(case.server.url, case.root, "iam", op, params,
                                     ["--page-size", str(size)])
            items = {k: merged.get(k, []) for k in keys}
        except ClientFailure as e:
            if "page-size" not in str(e):
                raise
            items, _ = _walk(case, op, keys, size, params)
    return items[keys[0]] if single else items


def pages_of(case, op, keys, size, **params):
    """boto3 only: how many requests the walk took (to prove it crossed boundaries)."""
    keys = [keys] if isinstance(keys, str) else list(keys)
    _, pages = _walk(case, op, keys, size, params)
    return pages
