// Server certificates (for load balancers and CloudFront): UploadServerCertificate (body, chain
// and private key parsed with OpenSSL; the key must be the certificate's, the chain must sign
// it; 20 per account), GetServerCertificate (never the private key), ListServerCertificates,
// UpdateServerCertificate (new name and/or path), DeleteServerCertificate and
// Tag/Untag/ListServerCertificateTags.
#include "common/random_ids.hpp"
#include "credentials/x509_certificate.hpp"
#include "iam/account_quotas.hpp"
#include "iam/handler_support.hpp"
#include "iam/iam_actions.hpp"
#include "iam/tag_support.hpp"
#include "query/param_presets.hpp"
#include "storage/server_certificate_repository.hpp"
#include "storage/tag_repository.hpp"

namespace localiam::api {

namespace {

using storage::ServerCertificateRepository;
using storage::ServerCertificateRow;
using storage::TagTarget;

std::string missing(std::string_view name) {
  return "The Server Certificate with name " + std::string(name) + " cannot be found.";
}

std::string taken(std::string_view name) {
  return "The Server Certificate with name " + std::string(name) + " already exists.";
}

Result<ServerCertificateRow> require_certificate(RequestContext& ctx) {
  const std::string& name = ctx.param("ServerCertificateName");
  auto certificate = ServerCertificateRepository(ctx.db).find(ctx.account(), name);
  if (!certificate) return errors::NoSuchEntity(missing(name));
  return std::move(*certificate);
}

void write_metadata(XmlNode& node, arn::Partition partition, const ServerCertificateRow& c) {
  node.text("Path", c.path)
      .text("ServerCertificateName", c.name)
      .text("ServerCertificateId", c.certificate_id)
      .text("Arn", arn::entity(partition, c.account_id, "server-certificate", c.path, c.name))
      .timestamp("UploadDate", c.upload_date)
      .timestamp("Expiration", c.expiration);
}

// The checks AWS makes of the material, in its order: the certificate, its validity, the private
// key and whether it is the certificate's, then the chain. Returns the certificate's notAfter.
Result<int64_t> check_material(RequestContext& ctx, const std::string& body, const std::string& key,
                               const std::optional<std::string>& chain) {
  auto parsed = credentials::parse_certificate(body);
  if (!parsed)
    return errors::MalformedCertificate(
        "Unable to parse certificate. Please ensure the certificate is in PEM format.");
  if (parsed->not_after < ctx.now)
    return errors::MalformedCertificate(
        "Certificate is no longer valid. The 'Not After' date restriction on the certificate "
        "has passed.");
  switch (credentials::private_key_matches(body, key)) {
    case credentials::KeyMatch::kMatches:
      break;
    case credentials::KeyMatch::kUnreadableKey:
      return errors::MalformedCertificate(
          "Unable to parse private key. Please ensure the private key is in PEM format.");
    case credentials::KeyMatch::kMismatch:
      return errors::KeyPairMismatch(
          "Unable to validate certificate: the private key does not match the certificate.");
  }
  if (chain) {
    const credentials::ChainCheck check = credentials::check_chain(body, *chain);
    if (!check.parsed)
      return errors::MalformedCertificate(
          "Unable to parse certificate chain. Please ensure the certificate chain is in PEM "
          "format.");
    if (!check.signs)
      return errors::MalformedCertificate(
          "Unable to validate certificate chain. The certificate chain must start with the "
          "immediate signing certificate, followed by any intermediaries in order. The index "
          "within the chain of the invalid certificate is: " +
          std::to_string(check.invalid_index));
  }
  return parsed->not_after;
}

Result<XmlNode> UploadServerCertificate(RequestContext& ctx) {
  const std::string& name = ctx.param("ServerCertificateName");
  const auto tags = tags_param(ctx);
  RETURN_IF_ERROR(check_duplicate_tags(TagTarget::kServerCertificate, tags));
  ServerCertificateRow c;
  c.account_id = ctx.account();
  c.name = name;
  c.path = path_param(ctx);
  c.body = ctx.param("CertificateBody");
  c.private_key = ctx.param("PrivateKey");
  if (auto chain = ctx.optional_param("CertificateChain")) c.chain = std::string(*chain);
  ASSIGN_OR_RETURN(c.expiration, check_material(ctx, c.body, c.private_key, c.chain));
  ServerCertificateRepository certificates(ctx.db);
  if (certificates.find(ctx.account(), name)) return errors::EntityAlreadyExists(taken(name));
  RETURN_IF_ERROR(check_account_quota(ctx, AccountQuota::kServerCertificates));
  c.certificate_id = make_unique_id("ASCA");
  c.upload_date = ctx.now;
  certificates.insert(c);
  RETURN_IF_ERROR(add_tags(ctx, TagTarget::kServerCertificate, c.row, tags));
  XmlNode result;
  write_metadata(result.child("ServerCertificateMetadata"), ctx.partition, c);
  if (!tags.empty()) write_tags(result, tags);
  return result;
}

Result<XmlNode> GetServerCertificate(RequestContext& ctx) {
  ASSIGN_OR_RETURN(ServerCertificateRow c, require_certificate(ctx));
  const auto tags = storage::TagRepository(ctx.db).list(TagTarget::kServerCertificate, c.row);
  XmlNode result;
  XmlNode& certificate = result.child("ServerCertificate");
  write_metadata(certificate.child("ServerCertificateMetadata"), ctx.partition, c);
  certificate.text("CertificateBody", c.body);
  if (c.chain) certificate.text("CertificateChain", *c.chain);
  write_tags(certificate, tags);  // an empty <Tags/> too: clients show Tags: [] (recorded)
  return result;
}

Result<XmlNode> ListServerCertificates(RequestContext& ctx) {
  ASSIGN_OR_RETURN(std::string after, marker_position(ctx));
  const std::string prefix = path_param(ctx, "PathPrefix");
  auto page =
      ServerCertificateRepository(ctx.db).list(ctx.account(), {prefix, after, max_items(ctx)});
  XmlNode result;
  XmlNode& list = result.list("ServerCertificateMetadataList");
  for (const auto& c : page.items) write_metadata(list.member(), ctx.partition, c);
  add_paging(result, page.truncated, page.items.empty() ? "" : page.items.back().name);
  return result;
}

// A new name that differs from the old one only in case is a rename, not a clash.
Result<XmlNode> UpdateServerCertificate(RequestContext& ctx) {
  ASSIGN_OR_RETURN(ServerCertificateRow c, require_certificate(ctx));
  ServerCertificateRepository certificates(ctx.db);
  std::string new_name = c.name;
  if (auto requested = ctx.optional_param("NewServerCertificateName")) {
    new_name = std::string(*requested);
    auto other = certificates.find(ctx.account(), new_name);
    if (other && other->row != c.row) return errors::EntityAlreadyExists(taken(new_name));
  }
  std::string new_path = c.path;
  if (auto requested = ctx.optional_param("NewPath")) new_path = std::string(*requested);
  certificates.rename(c.row, new_name, new_path);
  return XmlNode();
}

Result<XmlNode> DeleteServerCertificate(RequestContext& ctx) {
  ASSIGN_OR_RETURN(ServerCertificateRow c, require_certificate(ctx));
  storage::TagRepository(ctx.db).remove_all(TagTarget::kServerCertificate, c.row);
  ServerCertificateRepository(ctx.db).remove(c.row);
  return XmlNode();
}

Result<XmlNode> TagServerCertificate(RequestContext& ctx) {
  const auto tags = tags_param(ctx);
  RETURN_IF_ERROR(check_duplicate_tags(TagTarget::kServerCertificate, tags));
  ASSIGN_OR_RETURN(ServerCertificateRow c, require_certificate(ctx));
  RETURN_IF_ERROR(add_tags(ctx, TagTarget::kServerCertificate, c.row, tags));
  return XmlNode();
}

Result<XmlNode> UntagServerCertificate(RequestContext& ctx) {
  ASSIGN_OR_RETURN(ServerCertificateRow c, require_certificate(ctx));
  untag_from_param(ctx, TagTarget::kServerCertificate, c.row);
  return XmlNode();
}

Result<XmlNode> ListServerCertificateTags(RequestContext& ctx) {
  ASSIGN_OR_RETURN(ServerCertificateRow c, require_certificate(ctx));
  return list_tags_page(ctx, TagTarget::kServerCertificate, c.row);
}

}  // namespace

void add_server_certificate_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto iam = Service::kIam;
  const ParamRule certificate = required(name("ServerCertificateName", 128));
  const auto pem = [](const char* param, int64_t max) {
    return ParamRule{
        .name = param, .min_length = 1, .max_length = max, .pattern = Pattern::kPolicyDocument};
  };
  table.insert(
      table.end(),
      {
          {.name = "UploadServerCertificate",
           .service = iam,
           .handler = UploadServerCertificate,
           .rules = {path(), certificate, required(pem("CertificateBody", 16384)),
                     required(pem("PrivateKey", 16384)), pem("CertificateChain", 2097152), tags()},
           .writes = true,
           .resource = resource::entity("server-certificate", "ServerCertificateName")},
          {.name = "GetServerCertificate",
           .service = iam,
           .handler = GetServerCertificate,
           .rules = {certificate},
           .resource = resource::entity("server-certificate", "ServerCertificateName")},
          {.name = "ListServerCertificates",
           .service = iam,
           .handler = ListServerCertificates,
           .rules = {path_prefix(), marker(), max_items()}},
          {.name = "UpdateServerCertificate",
           .service = iam,
           .handler = UpdateServerCertificate,
           .rules = {certificate, path("NewPath"), name("NewServerCertificateName", 128)},
           .has_result = false,
           .writes = true,
           .resource = resource::entity("server-certificate", "ServerCertificateName")},
          {.name = "DeleteServerCertificate",
           .service = iam,
           .handler = DeleteServerCertificate,
           .rules = {certificate},
           .has_result = false,
           .writes = true,
           .resource = resource::entity("server-certificate", "ServerCertificateName")},
          {.name = "TagServerCertificate",
           .service = iam,
           .handler = TagServerCertificate,
           .rules = {certificate, required(tags())},
           .has_result = false,
           .writes = true,
           .resource = resource::entity("server-certificate", "ServerCertificateName")},
          {.name = "UntagServerCertificate",
           .service = iam,
           .handler = UntagServerCertificate,
           .rules = {certificate, tag_keys()},
           .has_result = false,
           .writes = true,
           .resource = resource::entity("server-certificate", "ServerCertificateName")},
          {.name = "ListServerCertificateTags",
           .service = iam,
           .handler = ListServerCertificateTags,
           .rules = {certificate, marker(), max_items()},
           .resource = resource::entity("server-certificate", "ServerCertificateName")},
      });
}

}  // namespace localiam::api
