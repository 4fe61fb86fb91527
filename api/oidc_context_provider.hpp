// The trusted identity propagation settings of an OIDC provider (the model's ContextProvider
// structure and IdentityCenterInstanceArn), as CreateOpenIDConnectProvider and
// UpdateOpenIDConnectProvider take them and GetOpenIDConnectProvider shows them. The structure
// is kept as a small JSON document in storage.
#pragma once

#include <optional>
#include <string>

#include "api/action_table.hpp"

namespace localiam::api::oidc {

// ContextProvider.* of the request as JSON, nullopt when no ContextProvider member is present.
// ValidationError for the model's constraints (SubjectSourceKey required, keys 1-128
// characters, at most 10 key definitions, SourceKey required in each); InvalidInput for a key
// outside the documented alphabet (ASCII letters, digits, single inner spaces, _ . : / = + - @ #).
Result<std::optional<std::string>> context_provider_param(const RequestContext& ctx);

// IdentityCenterInstanceArn, nullopt when absent; InvalidInput unless it is an IAM Identity
// Center instance ARN (arn:PARTITION:sso:::instance/…).
Result<std::optional<std::string>> identity_center_param(const RequestContext& ctx);

// <ContextProvider> (from its stored JSON) into `result`.
void write_context_provider(XmlNode& result, const std::string& json);

}  // namespace localiam::api::oidc
