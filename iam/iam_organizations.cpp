// IAM operations that need AWS Organizations, answered as AWS answers an account that is not
// in an organization (no localiam account is): the centralized root access operations fail
// with OrganizationNotFoundException; an Organizations access report can be asked for, and its
// job then reports that it FAILED because the account is not a member of an organization.
#include "common/random_ids.hpp"
#include "iam/handler_support.hpp"
#include "iam/iam_actions.hpp"
#include "query/param_presets.hpp"
#include "storage/access_advisor_repository.hpp"

namespace localiam::api {

namespace {

// Jobs of Organizations access reports are kept with the service-last-accessed jobs, told
// apart by this granularity.
constexpr const char* kOrganizationsJob = "ORGANIZATIONS";

Result<XmlNode> no_organization(RequestContext&) {
  return errors::OrganizationNotFoundException(
      "The request was rejected because no organization is associated with your account.");
}

Result<XmlNode> GenerateOrganizationsAccessReport(RequestContext& ctx) {
  storage::AccessAdvisorJob job{make_request_id(), ctx.account(), ctx.param("EntityPath"),
                                kOrganizationsJob, ctx.now};
  storage::AccessAdvisorRepository(ctx.db).add_job(job);
  XmlNode result;
  result.text("JobId", job.job_id);
  return result;
}

Result<XmlNode> GetOrganizationsAccessReport(RequestContext& ctx) {
  const std::string& id = ctx.param("JobId");
  auto job = storage::AccessAdvisorRepository(ctx.db).job(id);
  if (!job || job->account_id != ctx.account() || job->granularity != kOrganizationsJob)
    return errors::NoSuchEntity("No job found with ID " + id + ".");
  XmlNode result;
  result.text("JobStatus", "FAILED")
      .timestamp("JobCreationDate", job->create_date)
      .timestamp("JobCompletionDate", job->create_date);
  result.child("ErrorDetails")
      .text("Message", "Your account is not a member of an organization.")
      .text("Code", "AWSOrganizationsNotInUseException");
  return result;
}

}  // namespace

void add_organizations_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto iam = Service::kIam;
  const ParamRule job_id{.name = "JobId", .required = true, .min_length = 36, .max_length = 36};
  table.insert(
      table.end(),
      {
          {.name = "GenerateOrganizationsAccessReport",
           .service = iam,
           .handler = GenerateOrganizationsAccessReport,
           .rules = {ParamRule{.name = "EntityPath",
                               .required = true,
                               .min_length = 19,
                               .max_length = 427,
                               .pattern = Pattern::kOrganizationsEntityPath},
                     ParamRule{.name = "OrganizationsPolicyId",
                               .pattern = Pattern::kOrganizationsPolicyId}},
           .writes = true,
           .resource = resource::named("access-report", "EntityPath")},
          {.name = "GetOrganizationsAccessReport",
           .service = iam,
           .handler = GetOrganizationsAccessReport,
           .rules = {job_id, max_items(), marker(),
                     ParamRule{.name = "SortKey",
                               .enum_values = {"SERVICE_NAMESPACE_ASCENDING",
                                               "SERVICE_NAMESPACE_DESCENDING",
                                               "LAST_AUTHENTICATED_TIME_ASCENDING",
                                               "LAST_AUTHENTICATED_TIME_DESCENDING"}}}},
          {.name = "ListOrganizationsFeatures", .service = iam, .handler = no_organization},
          {.name = "EnableOrganizationsRootCredentialsManagement",
           .service = iam,
           .handler = no_organization,
           .writes = true},
          {.name = "DisableOrganizationsRootCredentialsManagement",
           .service = iam,
           .handler = no_organization,
           .writes = true},
          {.name = "EnableOrganizationsRootSessions",
           .service = iam,
           .handler = no_organization,
           .writes = true},
          {.name = "DisableOrganizationsRootSessions",
           .service = iam,
           .handler = no_organization,
           .writes = true},
      });
}

}  // namespace localiam::api
