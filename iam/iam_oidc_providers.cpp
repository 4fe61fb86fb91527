// OpenID Connect identity providers: Create/Get/List/Delete, thumbprints, client IDs (audiences)
// and tags, with AWS's limits (5 thumbprints, 100 client IDs, 100 providers, 50 tags) and
// messages. A provider's ARN is its URL without the scheme. localiam's own issuer
// (http://HOST:PORT/_localiam/oidc) may be registered although it is not https.
#include <algorithm>

#include "common/ascii.hpp"
#include "common/utf8.hpp"
#include "iam/handler_support.hpp"
#include "iam/iam_actions.hpp"
#include "iam/identity_propagation.hpp"
#include "iam/tag_support.hpp"
#include "query/param_presets.hpp"
#include "query/param_rules.hpp"
#include "storage/identity_provider_repository.hpp"
#include "storage/tag_repository.hpp"

namespace localiam::api {

namespace {

using storage::OidcProviderRow;
using storage::TagTarget;

constexpr size_t kMaxThumbprints = 5;
constexpr size_t kMaxClientIds = 100;
constexpr int64_t kMaxProviders = 100;
constexpr std::string_view kOwnIssuerPath = "/_localiam/oidc";

// The ARN's resource part: the URL without its scheme and trailing slash; nullopt when the
// URL is not https://host[/path] (no query, no fragment), or localiam's own http issuer.
std::optional<std::string> provider_resource(std::string_view url) {
  std::string_view rest;
  if (ascii::starts_with_icase(url, "https://")) {
    rest = url.substr(8);
  } else if (ascii::starts_with_icase(url, "http://")) {
    rest = url.substr(7);
    size_t slash = rest.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    std::string_view path = rest.substr(slash);
    while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
    if (path != kOwnIssuerPath) return std::nullopt;
  } else {
    return std::nullopt;
  }
  while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.empty() || rest.front() == '/' || rest.find_first_of("?#@ ") != std::string_view::npos)
    return std::nullopt;
  return std::string(rest);
}

// The list constraints, reported together as AWS does (its composite for these two lists
// has no "must not be null" item, unlike the shared list rule's).
Status check_lists(const RequestContext& ctx, bool with_url) {
  std::vector<std::string> problems;
  auto check = [&](std::string_view param, std::string_view member, size_t min, size_t max) {
    for (const std::string& v : ctx.params.list(param)) {
      size_t n = utf8::length(v);
      if (n < min || n > max) {
        problems.push_back("Value at '" + std::string(member) +
                           "' failed to satisfy constraint: Member must satisfy constraint: "
                           "[Member must have length less than or equal to " +
                           std::to_string(max) +
                           ", Member must have length greater than or equal to " +
                           std::to_string(min) + "]");
        return;
      }
    }
  };
  check("ClientIDList", "clientIDList", 1, 255);
  check("ThumbprintList", "thumbprintList", 40, 40);
  if (with_url) {
    size_t n = utf8::length(ctx.param("Url"));
    if (n > 255)
      problems.push_back(
          "Value at 'url' failed to satisfy constraint: Member must have length less than or "
          "equal to 255");
    if (n < 1)
      problems.push_back(
          "Value at 'url' failed to satisfy constraint: Member must have length greater than or "
          "equal to 1");
  }
  return validation_errors(problems);
}

Result<std::vector<std::string>> thumbprints_param(const RequestContext& ctx) {
  auto thumbprints = ctx.params.list("ThumbprintList");
  if (thumbprints.size() > kMaxThumbprints)
    return errors::InvalidInput("Thumbprint list must contain fewer than 5 entries.");
  return thumbprints;
}

AwsError client_id_quota() {
  return errors::LimitExceeded("Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: " +
                               std::to_string(kMaxClientIds));
}

// The provider named by OpenIDConnectProviderArn in the caller's account; NoSuchEntity with
// Get's words (Delete has its own, see DeleteOpenIDConnectProvider).
Result<OidcProviderRow> require_provider(RequestContext& ctx, bool for_delete = false) {
  const std::string& arn = ctx.param("OpenIDConnectProviderArn");
  auto provider = storage::OidcProviderRepository(ctx.db).find(arn);
  if (provider && provider->account_id == ctx.account()) return std::move(*provider);
  if (for_delete)
    return errors::NoSuchEntity("OpenId connect Provider " + arn + " cannot be found.");
  return errors::NoSuchEntity("OpenIDConnect Provider not found for arn " + arn);
}

Result<XmlNode> CreateOpenIDConnectProvider(RequestContext& ctx) {
  RETURN_IF_ERROR(check_lists(ctx, true));
  const std::string& url = ctx.param("Url");
  auto resource = provider_resource(url);
  if (!resource) return errors::ValidationError("Invalid Open ID Connect Provider URL");
  ASSIGN_OR_RETURN(std::vector<std::string> thumbprints, thumbprints_param(ctx));
  std::vector<std::string> client_ids;
  for (std::string& id : ctx.params.list("ClientIDList"))
    if (std::find(client_ids.begin(), client_ids.end(), id) == client_ids.end())
      client_ids.push_back(std::move(id));
  if (client_ids.size() > kMaxClientIds) return client_id_quota();
  const auto tags = tags_param(ctx);
  RETURN_IF_ERROR(check_duplicate_tags(TagTarget::kOidcProvider, tags));
  ASSIGN_OR_RETURN(propagation::Settings settings, propagation::read_initial(ctx));

  storage::OidcProviderRepository providers(ctx.db);
  OidcProviderRow provider;
  provider.account_id = ctx.account();
  provider.arn = arn::oidc_provider(ctx.partition, ctx.account(), *resource);
  if (providers.find(provider.arn))
    return errors::EntityAlreadyExists("Provider with url " + url + " already exists.");
  if (providers.count(ctx.account()) >= kMaxProviders)
    return errors::LimitExceeded("Cannot exceed quota for OpenIdConnectProvidersPerAccount: " +
                                 std::to_string(kMaxProviders));
  provider.url = url;
  provider.client_ids = std::move(client_ids);
  provider.thumbprints = std::move(thumbprints);
  provider.create_date = ctx.now;
  provider.context_provider = std::move(settings.context_provider);
  provider.identity_center_instance_arn = std::move(settings.identity_center_instance_arn);
  providers.insert(provider);
  RETURN_IF_ERROR(add_tags(ctx, TagTarget::kOidcProvider, provider.row, tags));

  XmlNode result;
  result.text("OpenIDConnectProviderArn", provider.arn);
  if (!tags.empty())
    write_tags(result, storage::TagRepository(ctx.db).list(TagTarget::kOidcProvider, provider.row));
  return result;
}

// Url is shown without its scheme, as AWS does.
Result<XmlNode> GetOpenIDConnectProvider(RequestContext& ctx) {
  ASSIGN_OR_RETURN(OidcProviderRow provider, require_provider(ctx));
  XmlNode result;
  result.text("Url", provider.arn.substr(provider.arn.find(":oidc-provider/") + 15));
  XmlNode& clients = result.list("ClientIDList");
  for (const auto& id : provider.client_ids) clients.member_text(id);
  XmlNode& thumbprints = result.list("ThumbprintList");
  for (const auto& t : provider.thumbprints) thumbprints.member_text(t);
  result.timestamp("CreateDate", provider.create_date);
  write_tags(result, storage::TagRepository(ctx.db).list(TagTarget::kOidcProvider, provider.row));
  if (provider.context_provider)
    propagation::write_context_provider(result, *provider.context_provider);
  if (provider.identity_center_instance_arn)
    result.text("IdentityCenterInstanceArn", *provider.identity_center_instance_arn);
  return result;
}

Result<XmlNode> ListOpenIDConnectProviders(RequestContext& ctx) {
  XmlNode result;
  XmlNode& list = result.list("OpenIDConnectProviderList");
  for (const auto& p : storage::OidcProviderRepository(ctx.db).list(ctx.account()))
    list.member().text("Arn", p.arn);
  return result;
}

Result<XmlNode> DeleteOpenIDConnectProvider(RequestContext& ctx) {
  ASSIGN_OR_RETURN(OidcProviderRow provider, require_provider(ctx, true));
  storage::TagRepository(ctx.db).remove_all(TagTarget::kOidcProvider, provider.row);
  storage::OidcProviderRepository(ctx.db).remove(provider.row);
  return XmlNode();
}

Result<XmlNode> UpdateOpenIDConnectProviderThumbprint(RequestContext& ctx) {
  RETURN_IF_ERROR(check_lists(ctx, false));
  ASSIGN_OR_RETURN(std::vector<std::string> thumbprints, thumbprints_param(ctx));
  ASSIGN_OR_RETURN(OidcProviderRow provider, require_provider(ctx));
  provider.thumbprints = std::move(thumbprints);
  storage::OidcProviderRepository(ctx.db).update(provider);
  return XmlNode();
}

// Sets or removes the context provider, or the IAM Identity Center association, one of the
// two per request (iam/identity_propagation.hpp has the rules). Thumbprints are not touched.
Result<XmlNode> UpdateOpenIDConnectProvider(RequestContext& ctx) {
  ASSIGN_OR_RETURN(propagation::Change change, propagation::read_change(ctx, true));
  ASSIGN_OR_RETURN(OidcProviderRow provider, require_provider(ctx));
  propagation::Settings settings{provider.context_provider, provider.identity_center_instance_arn};
  RETURN_IF_ERROR(propagation::apply(change, settings));
  provider.context_provider = std::move(settings.context_provider);
  provider.identity_center_instance_arn = std::move(settings.identity_center_instance_arn);
  storage::OidcProviderRepository(ctx.db).update_configuration(provider);
  return XmlNode();
}

// Adding a client ID that is there already changes nothing.
Result<XmlNode> AddClientIDToOpenIDConnectProvider(RequestContext& ctx) {
  ASSIGN_OR_RETURN(OidcProviderRow provider, require_provider(ctx));
  const std::string& id = ctx.param("ClientID");
  auto& ids = provider.client_ids;
  if (std::find(ids.begin(), ids.end(), id) != ids.end()) return XmlNode();
  if (ids.size() >= kMaxClientIds) return client_id_quota();
  ids.push_back(id);
  storage::OidcProviderRepository(ctx.db).update(provider);
  return XmlNode();
}

// Removing a client ID that is not there is not an error (AWS documents it as idempotent).
Result<XmlNode> RemoveClientIDFromOpenIDConnectProvider(RequestContext& ctx) {
  ASSIGN_OR_RETURN(OidcProviderRow provider, require_provider(ctx));
  auto& ids = provider.client_ids;
  ids.erase(std::remove(ids.begin(), ids.end(), ctx.param("ClientID")), ids.end());
  storage::OidcProviderRepository(ctx.db).update(provider);
  return XmlNode();
}

Result<XmlNode> TagOpenIDConnectProvider(RequestContext& ctx) {
  const auto tags = tags_param(ctx);
  RETURN_IF_ERROR(check_duplicate_tags(TagTarget::kOidcProvider, tags));
  ASSIGN_OR_RETURN(OidcProviderRow provider, require_provider(ctx));
  RETURN_IF_ERROR(add_tags(ctx, TagTarget::kOidcProvider, provider.row, tags));
  return XmlNode();
}

Result<XmlNode> UntagOpenIDConnectProvider(RequestContext& ctx) {
  ASSIGN_OR_RETURN(OidcProviderRow provider, require_provider(ctx));
  untag_from_param(ctx, TagTarget::kOidcProvider, provider.row);
  return XmlNode();
}

Result<XmlNode> ListOpenIDConnectProviderTags(RequestContext& ctx) {
  ASSIGN_OR_RETURN(OidcProviderRow provider, require_provider(ctx));
  return list_tags_page(ctx, TagTarget::kOidcProvider, provider.row);
}

}  // namespace

void add_oidc_provider_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto iam = Service::kIam;
  const ParamRule arn_rule = arn("OpenIDConnectProviderArn");
  const ParamRule client_ids{.name = "ClientIDList", .kind = ParamKind::kList};
  const ParamRule thumbprints{.name = "ThumbprintList", .kind = ParamKind::kList};
  const ParamRule client_id{
      .name = "ClientID", .required = true, .min_length = 1, .max_length = 255};
  table.insert(
      table.end(),
      {
          {.name = "CreateOpenIDConnectProvider",
           .service = iam,
           .handler = CreateOpenIDConnectProvider,
           .rules = {required(ParamRule{.name = "Url"}), client_ids, thumbprints, tags(),
                     optional_arn("IdentityCenterInstanceArn")},
           .writes = true,
           .resource = resource::unknown()},
          {.name = "GetOpenIDConnectProvider",
           .service = iam,
           .handler = GetOpenIDConnectProvider,
           .rules = {arn_rule},
           .resource = resource::arn("OpenIDConnectProviderArn")},
          {.name = "ListOpenIDConnectProviders",
           .service = iam,
           .handler = ListOpenIDConnectProviders},
          {.name = "DeleteOpenIDConnectProvider",
           .service = iam,
           .handler = DeleteOpenIDConnectProvider,
           .rules = {arn_rule},
           .has_result = false,
           .writes = true,
           .resource = resource::arn("OpenIDConnectProviderArn")},
          {.name = "UpdateOpenIDConnectProviderThumbprint",
           .service = iam,
           .handler = UpdateOpenIDConnectProviderThumbprint,
           .rules = {arn_rule, required(thumbprints)},
           .has_result = false,
           .writes = true,
           .resource = resource::arn("OpenIDConnectProviderArn")},
          {.name = "UpdateOpenIDConnectProvider",
           .service = iam,
           .handler = UpdateOpenIDConnectProvider,
           .rules = {arn_rule, optional_arn("IdentityCenterInstanceArn"),
                     boolean("RemoveContextProvider"), boolean("RemoveIdentityCenterInstance")},
           .has_result = false,
           .writes = true},
          {.name = "AddClientIDToOpenIDConnectProvider",
           .service = iam,
           .handler = AddClientIDToOpenIDConnectProvider,
           .rules = {arn_rule, client_id},
           .has_result = false,
           .writes = true,
           .resource = resource::arn("OpenIDConnectProviderArn")},
          {.name = "RemoveClientIDFromOpenIDConnectProvider",
           .service = iam,
           .handler = RemoveClientIDFromOpenIDConnectProvider,
           .rules = {arn_rule, client_id},
           .has_result = false,
           .writes = true,
           .resource = resource::arn("OpenIDConnectProviderArn")},
          {.name = "TagOpenIDConnectProvider",
           .service = iam,
           .handler = TagOpenIDConnectProvider,
           .rules = {arn_rule, required(tags())},
           .has_result = false,
           .writes = true,
           .resource = resource::arn("OpenIDConnectProviderArn")},
          {.name = "UntagOpenIDConnectProvider",
           .service = iam,
           .handler = UntagOpenIDConnectProvider,
           .rules = {arn_rule, tag_keys()},
           .has_result = false,
           .writes = true,
           .resource = resource::arn("OpenIDConnectProviderArn")},
          {.name = "ListOpenIDConnectProviderTags",
           .service = iam,
           .handler = ListOpenIDConnectProviderTags,
           .rules = {arn_rule, marker(), max_items()},
           .resource = resource::arn("OpenIDConnectProviderArn")},
      });
}

}  // namespace localiam::api
