// X.509 signing certificates of IAM users: UploadSigningCertificate (parsed with OpenSSL; the
// same certificate may belong to one user of the account only; two per user),
// ListSigningCertificates, UpdateSigningCertificate, DeleteSigningCertificate. Without
// UserName they act on the calling IAM user.
#include "common/random_ids.hpp"
#include "credentials/x509_certificate.hpp"
#include "iam/handler_support.hpp"
#include "iam/iam_actions.hpp"
#include "query/param_presets.hpp"
#include "storage/signing_certificate_repository.hpp"

namespace localiam::api {

namespace {

using storage::SigningCertificateRow;

constexpr int64_t kCertificatesPerUser = 2;
constexpr size_t kCertificateIdLength = 24;

Result<SigningCertificateRow> require_certificate(RequestContext& ctx,
                                                  const storage::UserRow& user) {
  const std::string& id = ctx.param("CertificateId");
  auto certificate = storage::SigningCertificateRepository(ctx.db).find(id);
  if (!certificate || certificate->user_row != user.row)
    return errors::NoSuchEntity("The Certificate with id " + id + " cannot be found.");
  return std::move(*certificate);
}

void write_certificate(XmlNode& node, const SigningCertificateRow& c, std::string_view user) {
  node.text("UserName", std::string(user))
      .text("CertificateId", c.certificate_id)
      .text("CertificateBody", c.body)
      .text("Status", c.status)
      .timestamp("UploadDate", c.upload_date);
}

Result<XmlNode> UploadSigningCertificate(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::UserRow user, user_param_or_caller(ctx));
  const std::string& body = ctx.param("CertificateBody");
  auto parsed = credentials::parse_certificate(body);
  if (!parsed) return errors::MalformedCertificate("Certificate " + body + " is malformed.");
  storage::SigningCertificateRepository certificates(ctx.db);
  if (certificates.has_fingerprint(user.account_id, parsed->fingerprint))
    return errors::DuplicateCertificate(
        "The same certificate is already associated with an IAM user in the account.");
  if (certificates.count_for_user(user.row) >= kCertificatesPerUser)
    return errors::LimitExceeded("Cannot exceed quota for CertificatesPerUser: " +
                                 std::to_string(kCertificatesPerUser));
  SigningCertificateRow c;
  c.certificate_id = random_base32("", kCertificateIdLength);
  c.account_id = user.account_id;
  c.user_row = user.row;
  c.body = body;
  c.fingerprint = parsed->fingerprint;
  c.status = "Active";
  c.upload_date = ctx.now;
  certificates.insert(c);
  XmlNode result;
  write_certificate(result.child("Certificate"), c, user.name);
  return result;
}

// Without UserName and for a caller that is not an IAM user: an empty list.
Result<XmlNode> ListSigningCertificates(RequestContext& ctx) {
  std::vector<SigningCertificateRow> certificates;
  std::string user_name;
  if (ctx.optional_param("UserName") || ctx.caller.kind == PrincipalKind::kUser) {
    ASSIGN_OR_RETURN(storage::UserRow user, user_param_or_caller(ctx));
    certificates = storage::SigningCertificateRepository(ctx.db).list_for_user(user.row);
    user_name = user.name;
  }
  ASSIGN_OR_RETURN(Pager pager, Pager::from_request(ctx));
  XmlNode result;
  XmlNode& list = result.list("Certificates");
  for (const SigningCertificateRow& c : certificates) {
    if (pager.before_page(c.certificate_id)) continue;
    if (!pager.take(c.certificate_id)) break;
    write_certificate(list.member(), c, user_name);
  }
  pager.finish(result);
  return result;
}

Result<XmlNode> UpdateSigningCertificate(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::UserRow user, user_param_or_caller(ctx));
  ASSIGN_OR_RETURN(SigningCertificateRow c, require_certificate(ctx, user));
  storage::SigningCertificateRepository(ctx.db).set_status(c.certificate_id, ctx.param("Status"));
  return XmlNode();
}

Result<XmlNode> DeleteSigningCertificate(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::UserRow user, user_param_or_caller(ctx));
  ASSIGN_OR_RETURN(SigningCertificateRow c, require_certificate(ctx, user));
  storage::SigningCertificateRepository(ctx.db).remove(c.certificate_id);
  return XmlNode();
}

}  // namespace

void add_signing_certificate_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto iam = Service::kIam;
  const ParamRule id = required(ParamRule{.name = "CertificateId",
                                          .min_length = 24,
                                          .max_length = 128,
                                          .pattern = Pattern::kAccessKeyId});
  const ParamRule status =
      required(ParamRule{.name = "Status", .enum_values = {"Active", "Inactive", "Expired"}});
  table.insert(table.end(),
               {
                   {.name = "UploadSigningCertificate",
                    .service = iam,
                    .handler = UploadSigningCertificate,
                    .rules = {existing_user_name(),
                              required(ParamRule{.name = "CertificateBody",
                                                 .min_length = 1,
                                                 .max_length = 16384,
                                                 .pattern = Pattern::kPolicyDocument})},
                    .writes = true,
                    .resource = resource::user_or_caller()},
                   {.name = "ListSigningCertificates",
                    .service = iam,
                    .handler = ListSigningCertificates,
                    .rules = {existing_user_name(), marker(), max_items()},
                    .resource = resource::user_or_caller()},
                   {.name = "UpdateSigningCertificate",
                    .service = iam,
                    .handler = UpdateSigningCertificate,
                    .rules = {existing_user_name(), id, status},
                    .has_result = false,
                    .writes = true,
                    .resource = resource::user_or_caller()},
                   {.name = "DeleteSigningCertificate",
                    .service = iam,
                    .handler = DeleteSigningCertificate,
                    .rules = {existing_user_name(), id},
                    .has_result = false,
                    .writes = true,
                    .resource = resource::user_or_caller()},
               });
}

}  // namespace localiam::api
