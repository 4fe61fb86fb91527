// SAML identity providers: Create/Get/List/Update/Delete and tags. The metadata document must
// be IdP metadata with an IDPSSODescriptor (its signing certificates are what
// AssumeRoleWithSAML checks assertions against); ValidUntil is the metadata's validUntil, else
// 100 years after the upload, as AWS shows. Private keys for assertion decryption (at most 2)
// are kept and listed by id, never shown. Trusted identity propagation (ContextProvider,
// IdentityCenterInstanceArn) as for OIDC providers (iam/identity_propagation.hpp).
#include <openssl/pem.h>

#include <algorithm>
#include <cctype>

#include "common/random_ids.hpp"
#include "federation/saml_metadata.hpp"
#include "iam/handler_support.hpp"
#include "iam/iam_actions.hpp"
#include "iam/identity_propagation.hpp"
#include "iam/tag_support.hpp"
#include "query/param_presets.hpp"
#include "storage/identity_provider_repository.hpp"
#include "storage/tag_repository.hpp"

namespace localiam::api {

namespace {

using storage::SamlProviderRow;
using storage::TagTarget;

constexpr int64_t kMaxProviders = 100;
constexpr size_t kMaxPrivateKeys = 2;
constexpr int64_t kHundredYears = 36524LL * 86400;  // 100 years of days

// AWS's text for metadata it cannot read (confirmed in user reports of CreateSAMLProvider).
AwsError bad_metadata() { return errors::InvalidInput("Could not parse metadata"); }

Result<federation::SamlMetadata> metadata_param(const RequestContext& ctx) {
  auto metadata = federation::parse_saml_metadata(ctx.param("SAMLMetadataDocument"));
  if (!metadata) return bad_metadata();
  return std::move(*metadata);
}

int64_t valid_until(const federation::SamlMetadata& metadata, int64_t now) {
  return metadata.valid_until.value_or(now + kHundredYears);
}

// A private key (PEM) that OpenSSL reads; AWS's message for one it cannot read is unconfirmed.
Result<storage::SamlPrivateKey> private_key_param(const RequestContext& ctx) {
  const std::string& pem = ctx.param("AddPrivateKey");
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* key = bio ? PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr) : nullptr;
  BIO_free(bio);
  if (!key) return errors::InvalidInput("The private key is not a valid PEM private key.");
  EVP_PKEY_free(key);
  return storage::SamlPrivateKey{random_base32("", 26), pem, ctx.now};
}

Result<SamlProviderRow> require_provider(RequestContext& ctx) {
  const std::string& arn = ctx.param("SAMLProviderArn");
  auto provider = storage::SamlProviderRepository(ctx.db).find(arn);
  if (provider && provider->account_id == ctx.account()) return std::move(*provider);
  return errors::NoSuchEntity("Manifest not found for arn " + arn);
}

// SAMLProviderNameType's pattern [\w._-]+ (ASCII word characters; the shared pattern table
// has no entry for it).
Status check_name(const std::string& name) {
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-')
      return errors::ValidationError(
          "1 validation error detected: Value at 'name' failed to satisfy constraint: Member "
          "must satisfy regular expression pattern: [\\w._-]+");
  return ok_status();
}

Result<XmlNode> CreateSAMLProvider(RequestContext& ctx) {
  RETURN_IF_ERROR(check_name(ctx.param("Name")));
  const auto tags = tags_param(ctx);
  RETURN_IF_ERROR(check_duplicate_tags(TagTarget::kSamlProvider, tags));
  ASSIGN_OR_RETURN(federation::SamlMetadata metadata, metadata_param(ctx));
  ASSIGN_OR_RETURN(propagation::Settings settings, propagation::read_initial(ctx));
  storage::SamlProviderRepository providers(ctx.db);
  SamlProviderRow provider;
  provider.account_id = ctx.account();
  provider.name = ctx.param("Name");
  provider.arn = arn::saml_provider(ctx.partition, ctx.account(), provider.name);
  // The wording is the one AWS has been seen to relay for a duplicate name (unconfirmed).
  if (providers.find(provider.arn))
    return errors::EntityAlreadyExists("Provider with name " + provider.name + " already exists.");
  if (providers.count(ctx.account()) >= kMaxProviders)
    return errors::LimitExceeded("Cannot exceed quota for SAMLProvidersPerAccount: " +
                                 std::to_string(kMaxProviders));
  if (ctx.optional_param("AddPrivateKey")) {
    ASSIGN_OR_RETURN(storage::SamlPrivateKey key, private_key_param(ctx));
    provider.private_keys.push_back(std::move(key));
  }
  provider.uuid = random_base32("", 26);
  provider.metadata = ctx.param("SAMLMetadataDocument");
  provider.valid_until = valid_until(metadata, ctx.now);
  if (const std::string* mode = ctx.optional_param("AssertionEncryptionMode"))
    provider.encryption_mode = *mode;
  provider.create_date = ctx.now;
  provider.context_provider = std::move(settings.context_provider);
  provider.identity_center_instance_arn = std::move(settings.identity_center_instance_arn);
  providers.insert(provider);
  RETURN_IF_ERROR(add_tags(ctx, TagTarget::kSamlProvider, provider.row, tags));

  XmlNode result;
  result.text("SAMLProviderArn", provider.arn);
  if (!tags.empty())
    write_tags(result, storage::TagRepository(ctx.db).list(TagTarget::kSamlProvider, provider.row));
  return result;
}

Result<XmlNode> GetSAMLProvider(RequestContext& ctx) {
  ASSIGN_OR_RETURN(SamlProviderRow provider, require_provider(ctx));
  XmlNode result;
  result.text("SAMLProviderUUID", provider.uuid).text("SAMLMetadataDocument", provider.metadata);
  if (provider.context_provider)
    propagation::write_context_provider(result, *provider.context_provider);
  result.timestamp("CreateDate", provider.create_date)
      .timestamp("ValidUntil", provider.valid_until);
  write_tags(result, storage::TagRepository(ctx.db).list(TagTarget::kSamlProvider, provider.row));
  result.text("AssertionEncryptionMode", provider.encryption_mode.value_or("Allowed"));
  XmlNode& keys = result.list("PrivateKeyList");
  for (const auto& key : provider.private_keys)
    keys.member().text("KeyId", key.id).timestamp("Timestamp", key.timestamp);
  if (provider.identity_center_instance_arn)
    result.text("IdentityCenterInstanceArn", *provider.identity_center_instance_arn);
  return result;
}

Result<XmlNode> ListSAMLProviders(RequestContext& ctx) {
  XmlNode result;
  XmlNode& list = result.list("SAMLProviderList");
  for (const auto& p : storage::SamlProviderRepository(ctx.db).list(ctx.account()))
    list.member()
        .text("Arn", p.arn)
        .timestamp("ValidUntil", p.valid_until)
        .timestamp("CreateDate", p.create_date);
  return result;
}

Result<XmlNode> UpdateSAMLProvider(RequestContext& ctx) {
  ASSIGN_OR_RETURN(propagation::Change change, propagation::read_change(ctx, false));
  ASSIGN_OR_RETURN(SamlProviderRow provider, require_provider(ctx));
  propagation::Settings settings{provider.context_provider, provider.identity_center_instance_arn};
  RETURN_IF_ERROR(propagation::apply(change, settings));
  provider.context_provider = std::move(settings.context_provider);
  provider.identity_center_instance_arn = std::move(settings.identity_center_instance_arn);
  if (ctx.optional_param("SAMLMetadataDocument")) {
    ASSIGN_OR_RETURN(federation::SamlMetadata metadata, metadata_param(ctx));
    provider.metadata = ctx.param("SAMLMetadataDocument");
    provider.valid_until = valid_until(metadata, ctx.now);
  }
  if (const std::string* mode = ctx.optional_param("AssertionEncryptionMode"))
    provider.encryption_mode = *mode;
  if (const std::string* remove = ctx.optional_param("RemovePrivateKey")) {
    auto& keys = provider.private_keys;
    auto it =
        std::find_if(keys.begin(), keys.end(), [&](const auto& k) { return k.id == *remove; });
    if (it == keys.end())
      return errors::InvalidInput("The private key with id " + *remove + " does not exist.");
    keys.erase(it);
  }
  if (ctx.optional_param("AddPrivateKey")) {
    if (provider.private_keys.size() >= kMaxPrivateKeys)
      return errors::LimitExceeded("Cannot exceed quota for PrivateKeysPerSAMLProvider: 2");
    ASSIGN_OR_RETURN(storage::SamlPrivateKey key, private_key_param(ctx));
    provider.private_keys.push_back(std::move(key));
  }
  storage::SamlProviderRepository(ctx.db).update(provider);
  XmlNode result;
  result.text("SAMLProviderArn", provider.arn);
  return result;
}

Result<XmlNode> DeleteSAMLProvider(RequestContext& ctx) {
  ASSIGN_OR_RETURN(SamlProviderRow provider, require_provider(ctx));
  storage::TagRepository(ctx.db).remove_all(TagTarget::kSamlProvider, provider.row);
  storage::SamlProviderRepository(ctx.db).remove(provider.row);
  return XmlNode();
}

Result<XmlNode> TagSAMLProvider(RequestContext& ctx) {
  const auto tags = tags_param(ctx);
  RETURN_IF_ERROR(check_duplicate_tags(TagTarget::kSamlProvider, tags));
  ASSIGN_OR_RETURN(SamlProviderRow provider, require_provider(ctx));
  RETURN_IF_ERROR(add_tags(ctx, TagTarget::kSamlProvider, provider.row, tags));
  return XmlNode();
}

Result<XmlNode> UntagSAMLProvider(RequestContext& ctx) {
  ASSIGN_OR_RETURN(SamlProviderRow provider, require_provider(ctx));
  untag_from_param(ctx, TagTarget::kSamlProvider, provider.row);
  return XmlNode();
}

Result<XmlNode> ListSAMLProviderTags(RequestContext& ctx) {
  ASSIGN_OR_RETURN(SamlProviderRow provider, require_provider(ctx));
  return list_tags_page(ctx, TagTarget::kSamlProvider, provider.row);
}

}  // namespace

void add_saml_provider_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto iam = Service::kIam;
  const ParamRule arn_rule = arn("SAMLProviderArn");
  const ParamRule metadata{
      .name = "SAMLMetadataDocument", .min_length = 1000, .max_length = 10000000};
  const ParamRule mode{.name = "AssertionEncryptionMode", .enum_values = {"Required", "Allowed"}};
  const ParamRule add_key{.name = "AddPrivateKey",
                          .min_length = 1,
                          .max_length = 16384,
                          .pattern = Pattern::kPolicyDocument};
  const ParamRule remove_key{.name = "RemovePrivateKey", .min_length = 22, .max_length = 64};
  table.insert(
      table.end(),
      {
          {.name = "CreateSAMLProvider",
           .service = iam,
           .handler = CreateSAMLProvider,
           .rules = {required(metadata),
                     required(ParamRule{.name = "Name", .min_length = 1, .max_length = 128}),
                     tags(), mode, add_key, optional_arn("IdentityCenterInstanceArn")},
           .writes = true,
           .resource = resource::named("saml-provider", "Name")},
          {.name = "GetSAMLProvider",
           .service = iam,
           .handler = GetSAMLProvider,
           .rules = {arn_rule},
           .resource = resource::arn("SAMLProviderArn")},
          {.name = "ListSAMLProviders", .service = iam, .handler = ListSAMLProviders},
          {.name = "UpdateSAMLProvider",
           .service = iam,
           .handler = UpdateSAMLProvider,
           .rules = {metadata, arn_rule, mode, add_key, remove_key,
                     optional_arn("IdentityCenterInstanceArn"), boolean("RemoveContextProvider"),
                     boolean("RemoveIdentityCenterInstance")},
           .writes = true,
           .resource = resource::arn("SAMLProviderArn")},
          {.name = "DeleteSAMLProvider",
           .service = iam,
           .handler = DeleteSAMLProvider,
           .rules = {arn_rule},
           .has_result = false,
           .writes = true,
           .resource = resource::arn("SAMLProviderArn")},
          {.name = "TagSAMLProvider",
           .service = iam,
           .handler = TagSAMLProvider,
           .rules = {arn_rule, required(tags())},
           .has_result = false,
           .writes = true,
           .resource = resource::arn("SAMLProviderArn")},
          {.name = "UntagSAMLProvider",
           .service = iam,
           .handler = UntagSAMLProvider,
           .rules = {arn_rule, tag_keys()},
           .has_result = false,
           .writes = true,
           .resource = resource::arn("SAMLProviderArn")},
          {.name = "ListSAMLProviderTags",
           .service = iam,
           .handler = ListSAMLProviderTags,
           .rules = {arn_rule, marker(), max_items()},
           .resource = resource::arn("SAMLProviderArn")},
      });
}

}  // namespace localiam::api
