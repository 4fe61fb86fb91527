// STS GetScopedCredentials: new temporary credentials for the calling session itself (same
// ARN, session name, tags and source identity), with fewer permissions (a scope-down Policy)
// and/or a shorter life (DurationSeconds, never past the caller's own expiration). Scope-down
// policies accumulate along a chain of calls; in enforce mode each of them must allow a
// request besides everything that limited the calling session (auth/authorization.cpp).
#include <algorithm>
#include <charconv>

#include "common/random_ids.hpp"
#include "policy/policy_document.hpp"
#include "query/param_presets.hpp"
#include "storage/credential_repository.hpp"
#include "sts/sts_actions.hpp"
#include "sts/sts_support.hpp"

namespace localiam::api {

namespace {

// The token size SessionTokenUtilization is measured against, and the largest
// MinimumSessionTokenSize honoured. AWS does not publish its maximum; 4,096 bytes is
// localiam's figure.
constexpr int64_t kMaxSessionTokenSize = 4096;

// The texts of these two errors are localiam's (AWS's are unconfirmed).
AwsError not_a_session() {
  return errors::InvalidSubjectCredentials(
      "GetScopedCredentials must be called with temporary security credentials.");
}

// A longer token of the same shape: more opaque base64 before the closing "==".
std::string padded_token(std::string token, int64_t minimum) {
  if (static_cast<int64_t>(token.size()) >= minimum) return token;
  const size_t missing = static_cast<size_t>(minimum) - token.size();
  std::string filler;
  while (filler.size() < missing) filler += make_secret_access_key();
  token.insert(token.size() - 2, filler.substr(0, missing));
  return token;
}

Result<XmlNode> GetScopedCredentials(RequestContext& ctx) {
  const std::string* policy = ctx.optional_param("Policy");
  const std::string* duration = ctx.optional_param("DurationSeconds");
  if (!policy && !duration)
    return errors::ValidationError(
        "A request must provide at least one of Policy or DurationSeconds.");
  auto caller = sts::caller_session(ctx);
  if (!caller) return not_a_session();
  const int64_t remaining = caller->expiration - ctx.now;
  int64_t expiration = caller->expiration;
  if (duration) {
    const int64_t seconds = sts::duration_param(ctx, 0);
    if (seconds > remaining)
      return errors::InsufficientSessionLifetime(
          "The requested DurationSeconds (" + std::to_string(seconds) +
          ") exceeds the remaining lifetime of the calling session (" +
          std::to_string(std::max<int64_t>(remaining, 0)) + " seconds).");
    expiration = ctx.now + seconds;
  }
  sts::SessionPolicies scope;
  if (policy) {
    RETURN_IF_ERROR(policy::validate_policy_document(*policy, policy::PolicyKind::kSession));
    scope.policy = *policy;
  }
  RETURN_IF_ERROR(sts::packed_policy_size(scope, caller->tags));

  // The same session, new key material: identity, session policies, tags, source identity and
  // MFA state carry over; the scope-down policies grow by this call's Policy.
  storage::SessionRow session = *caller;
  storage::SessionRow fresh = sts::new_session(ctx, caller->kind, caller->account_id, 0);
  session.access_key_id = fresh.access_key_id;
  session.secret = fresh.secret;
  session.session_token = fresh.session_token;
  if (const std::string* minimum = ctx.optional_param("MinimumSessionTokenSize")) {
    int64_t wanted = 0;
    std::from_chars(minimum->data(), minimum->data() + minimum->size(), wanted);
    session.session_token = padded_token(std::move(session.session_token), wanted);
  }
  session.source_arn = ctx.caller.arn;
  session.create_date = ctx.now;
  session.expiration = expiration;
  if (policy) session.scope_policies.push_back(*policy);
  storage::SessionRepository(ctx.db).insert(session);

  const int64_t token_size = static_cast<int64_t>(session.session_token.size());
  XmlNode result;
  sts::write_credentials(result.child("Credentials"), session);
  result.child("SessionInfo")
      .text("ScopedSessionId", session.principal_id)
      .text("Arn", session.arn);
  result.integer("SessionTokenUtilization",
                 std::min<int64_t>(100, token_size * 100 / kMaxSessionTokenSize));
  result.integer("SessionTokenSize", token_size);
  result.integer("ScopedPoliciesCount", static_cast<int64_t>(session.scope_policies.size()));
  if (session.source_identity) result.text("SourceIdentity", *session.source_identity);
  return result;
}

}  // namespace

void add_sts_scoped_credential_actions(std::vector<Action>& table) {
  using namespace presets;
  table.push_back({.name = "GetScopedCredentials",
                   .service = Service::kSts,
                   .handler = GetScopedCredentials,
                   .rules = {ParamRule{.name = "Policy",
                                       .min_length = 1,
                                       .max_length = 2048,
                                       .pattern = Pattern::kPolicyDocument},
                             integer("DurationSeconds", 1, 129600),
                             integer("MinimumSessionTokenSize", 1, kMaxSessionTokenSize),
                             ParamRule{.name = "ScopedSessionDescription", .min_length = 1}},
                   .writes = true});
}

}  // namespace localiam::api
