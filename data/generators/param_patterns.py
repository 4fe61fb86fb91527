"""query/param_patterns.hpp: the Pattern enum of query/param_rules.hpp and each pattern's text.

The text of each pattern is botocore's, verbatim: AWS prints it in "Member must satisfy regular
expression pattern: …". PATTERNS below is the hand-kept part: which enumerators exist and the
model shapes each one stands for (every shape listed must carry the same pattern, or generation
fails). The matchers themselves are hand-written, in query/param_rules.cpp.
"""

from . import cxx

OUTPUT = "query/param_patterns.hpp"
SOURCE = "botocore"
MODELS = {"iam": "2010-05-08", "sts": "2011-06-15"}

# (enumerator, shapes as "service shapeName", note for the enum's comment)
PATTERNS = [
    ("kName", ["iam userNameType", "iam groupNameType", "iam roleNameType",
               "iam policyNameType"], ""),
    ("kPath", ["iam pathType"], ""),
    ("kPolicyPath", ["iam policyPathType"], ""),
    ("kPathPrefix", ["iam pathPrefixType"], ""),
    ("kPolicyDocument", ["iam policyDocumentType", "sts sessionPolicyDocumentType"], ""),
    ("kRoleDescription", ["iam roleDescriptionType"], ""),
    ("kMarker", ["iam markerType"], ""),
    ("kAccessKeyId", ["iam accessKeyIdType"], ""),
    ("kSessionName", ["sts roleSessionNameType", "sts sourceIdentityType", "sts userNameType"], ""),
    ("kVersionId", ["iam policyVersionIdType"], ""),
    ("kExternalId", ["sts externalIdType"], ""),
    ("kSerialNumber", ["sts serialNumberType"], ""),
    ("kTokenCode", ["sts tokenCodeType"], ""),
    ("kStsArn", ["sts arnType"], "any printable Unicode"),
    ("kTagKey", ["iam tagKeyType", "sts tagKeyType"], ""),
    ("kTagValue", ["iam tagValueType", "sts tagValueType"], ""),
    ("kMfaSerialNumber", ["iam serialNumberType"], ""),
    ("kAuthenticationCode", ["iam authenticationCodeType"], ""),
    ("kAccountAlias", ["iam accountAliasType"], ""),
    ("kServiceNamespace", ["iam serviceNamespaceType"], ""),
    ("kDelegationRequestId", ["iam delegationRequestIdType"], ""),
    ("kOrganizationsEntityPath", ["iam organizationsEntityPathType"], ""),
    ("kOrganizationsPolicyId", ["iam organizationsPolicyIdType"], ""),
    ("kAccountId", ["iam accountIdType"], ""),
    ("kNotificationChannel", ["iam notificationChannelType"], ""),
    ("kRedirectUrl", ["iam redirectUrlType"], ""),
    ("kOwnerId", ["iam ownerIdType"], ""),
    ("kRequestorWorkflowId", ["iam requestorWorkflowIdType"], ""),
]


def _pattern(botocore, enumerator, shapes):
    texts = set()
    for ref in shapes:
        service, shape = ref.split()
        found = botocore.model(service, MODELS[service])["shapes"].get(shape, {}).get("pattern")
        if found is None:
            raise ValueError(f"{enumerator}: botocore {botocore.version} has no pattern on "
                             f"{service} {shape}")
        texts.add(found)
    if len(texts) != 1:
        raise ValueError(f"{enumerator}: the shapes {shapes} disagree: {sorted(texts)}")
    return texts.pop()


def generate(sources):
    botocore = sources.botocore()
    texts = [(name, _pattern(botocore, name, shapes), shapes, note)
             for name, shapes, note in PATTERNS]
    models = ", ".join(f"data/{s}/{v}/service-2.json" for s, v in MODELS.items())
    lines = cxx.header(
        "The patterns of botocore's IAM and STS models that parameter rules check "
        "(query/param_rules.hpp matches values against them). Each enumerator names the model "
        "shapes it stands for; pattern_text() is the model's text, verbatim, as AWS prints it in "
        "\"Member must satisfy regular expression pattern: …\".",
        f"botocore {botocore.version} ({models})", "param_patterns.py")
    lines += [
        "#pragma once",
        "",
        "#include <string_view>",
        "",
        "namespace localiam::api {",
        "",
        "enum class Pattern {",
        "  kNone,",
    ]
    # Trailing comments aligned one column past the longest enumerator, as clang-format does.
    column = max(len(name) for name, *_ in texts) + 1
    for name, _, shapes, note in texts:
        service = shapes[0].split()[0]
        refs = [s.split()[1] if s.split()[0] == service else s for s in shapes]
        comment = f"{service} {', '.join(refs)}" + (f" ({note})" if note else "")
        line = f"  {name + ',':<{column}}  // {comment}"
        if len(line) > cxx.WIDTH:
            raise ValueError(f"{name}: the comment naming its shapes is too long: {line!r}")
        lines.append(line)
    lines += [
        "};",
        "",
        "// The pattern as botocore's model prints it (\"\" for kNone).",
        "constexpr std::string_view pattern_text(Pattern pattern) {",
        "  switch (pattern) {",
        "    case Pattern::kNone:",
        "      return \"\";",
    ]
    for name, text, _, _ in texts:
        lines += [f"    case Pattern::{name}:", f"      return {cxx.raw_string(text)};"]
    lines += [
        "  }",
        "  return \"\";",
        "}",
        "",
        "}  // namespace localiam::api",
    ]
    return "\n".join(lines) + "\n"
