"""data/service_catalog.inc: the rows of data/service_catalog.cpp's service table.

One row per service namespace: the signing name of each service model in botocore (its
endpointPrefix when it has none) and the model's serviceFullName, sorted by namespace. Several
models can share a signing name (s3 and s3control both sign as "s3"); the one whose botocore name
sorts first gives the full name.
"""

from . import cxx

OUTPUT = "data/service_catalog.inc"
SOURCE = "botocore"


def generate(sources):
    botocore = sources.botocore()
    names = {}
    for service in botocore.services():
        metadata = botocore.model(service)["metadata"]
        namespace = metadata.get("signingName") or metadata["endpointPrefix"]
        # The model named as the namespace speaks for it (rds, not docdb or neptune, which also
        # sign as rds); else the model whose botocore name sorts first.
        if namespace not in names or service == namespace:
            names[namespace] = metadata["serviceFullName"]
    lines = cxx.header(
        "The table behind data/service_catalog.hpp (included by data/service_catalog.cpp): "
        "{service namespace, full name}, sorted by namespace. The namespace is a service model's signingName (else its "
        "endpointPrefix); when several models share one, the model named as the namespace gives "
        "the full name, else the one whose botocore name sorts first.",
        f"botocore {botocore.version} (the metadata of each service's newest "
        "data/<service>/<api-version>/service-2.json)", "service_catalog.py")
    lines += [
        "#include \"data/service_catalog.hpp\"",
        "",
        "namespace localiam::data {",
        "",
        "constexpr ServiceInfo kServices[] = {",
    ]
    for namespace in sorted(names):
        line = f"    {{{cxx.string(namespace)}, {cxx.string(names[namespace])}}},"
        if len(line) > cxx.WIDTH:
            raise ValueError(f"row longer than {cxx.WIDTH} columns: {line}")
        lines.append(line)
    lines += ["};", "", "}  // namespace localiam::data"]
    return "\n".join(lines) + "\n"
