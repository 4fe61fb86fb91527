// The trusted identity propagation settings of an OIDC or SAML provider (the model's
// ContextProvider structure and IdentityCenterInstanceArn), as Create/Update{OpenIDConnect,
// SAML}Provider take them and Get…Provider shows them. The structure is kept as a small JSON
// document in storage.
#pragma once

#include <optional>
#include <string>

#include "auth/action.hpp"

namespace localiam::api::propagation {

// A provider's settings (nullopt: not configured).
struct Settings {
  std::optional<std::string> context_provider;  // JSON
  std::optional<std::string> identity_center_instance_arn;
};

// What an Update request asks for: ContextProvider / IdentityCenterInstanceArn and their
// Remove flags.
struct Change {
  std::optional<std::string> context_provider, identity_center;
  bool remove_context = false, remove_identity_center = false;
  bool empty() const {
    return !context_provider && !identity_center && !remove_context && !remove_identity_center;
  }
};

// Reads the change and checks what the request alone decides, as AWS documents: a value and
// its Remove flag together, or both settings in one request, are InvalidInput; so is no change
// at all when `change_required` (UpdateOpenIDConnectProvider has nothing else to change).
Result<Change> read_change(const RequestContext& ctx, bool change_required);

// Applies `change` to `settings`: InvalidInput for removing the context provider while an IAM
// Identity Center instance is associated, or associating one without a context provider.
Status apply(const Change& change, Settings& settings);

// For Create: the settings a new provider starts with (an association needs a context provider).
Result<Settings> read_initial(const RequestContext& ctx);

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

}  // namespace localiam::api::propagation
