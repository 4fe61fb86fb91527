#include "api/action_table.hpp"

#include <algorithm>

#include "iam/iam_actions.hpp"
#include "sts/sts_actions.hpp"

namespace localiam::api {

namespace {

std::vector<Action> build_actions() {
  std::vector<Action> a;
  add_user_actions(a);
  add_group_actions(a);
  add_policy_actions(a);
  add_attachment_actions(a);
  add_inline_policy_actions(a);
  add_policy_version_actions(a);
  add_tag_actions(a);
  add_role_actions(a);
  add_access_key_actions(a);
  add_mfa_device_actions(a);
  add_ssh_key_actions(a);
  add_signing_certificate_actions(a);
  add_account_alias_actions(a);
  add_account_summary_actions(a);
  add_authorization_details_actions(a);
  add_credential_report_actions(a);
  add_last_accessed_actions(a);
  add_organizations_actions(a);
  add_delegation_request_actions(a);
  add_oidc_provider_actions(a);
  add_saml_provider_actions(a);
  add_outbound_federation_actions(a);
  add_sts_actions(a);
  add_sts_session_actions(a);
  add_sts_federation_actions(a);
  add_simulation_actions(a);
  add_permissions_boundary_actions(a);
  add_instance_profile_actions(a);
  add_login_profile_actions(a);
  add_password_policy_actions(a);
  add_server_certificate_actions(a);
  add_service_credential_actions(a);
  add_service_linked_role_actions(a);
  add_account_property_actions(a);
  add_role_template_actions(a);
  add_sts_scoped_credential_actions(a);
  std::sort(a.begin(), a.end(), [](const Action& x, const Action& y) {
    return x.service != y.service ? x.service < y.service : x.name < y.name;
  });
  return a;
}

}  // namespace

const std::vector<Action>& all_actions() {
  static const std::vector<Action> table = build_actions();
  return table;
}

const Action* find_action(Service service, std::string_view name) {
  const auto& table = all_actions();
  auto it = std::lower_bound(table.begin(), table.end(), std::pair{service, name},
                             [](const Action& a, const std::pair<Service, std::string_view>& key) {
                               return a.service != key.first ? a.service < key.first
                                                             : a.name < key.second;
                             });
  if (it == table.end() || it->service != service || it->name != name) return nullptr;
  return &*it;
}

const Action* find_action_any_service(std::string_view name) {
  if (const Action* a = find_action(Service::kIam, name)) return a;
  return find_action(Service::kSts, name);
}

std::string_view xml_namespace(Service service) {
  return service == Service::kIam ? "https://iam.amazonaws.com/doc/2010-05-08/"
                                  : "https://sts.amazonaws.com/doc/2011-06-15/";
}

std::string_view api_version(Service service) {
  return service == Service::kIam ? "2010-05-08" : "2011-06-15";
}

}  // namespace localiam::api
