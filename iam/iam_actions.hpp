// The action table's IAM rows, one function per area file (iam_users.cpp, …): each appends its
// actions (name, handler, parameter rules, output, writes) to the table (api/action_table.cpp).
// Adding an action is one handler function in its area file and one row in its function.
#pragma once

#include <vector>

#include "auth/action.hpp"

namespace localiam::api {

void add_user_actions(std::vector<Action>& table);
void add_group_actions(std::vector<Action>& table);
void add_policy_actions(std::vector<Action>& table);
void add_attachment_actions(std::vector<Action>& table);
void add_inline_policy_actions(std::vector<Action>& table);
void add_policy_version_actions(std::vector<Action>& table);
void add_tag_actions(std::vector<Action>& table);
void add_role_actions(std::vector<Action>& table);
void add_access_key_actions(std::vector<Action>& table);
void add_mfa_device_actions(std::vector<Action>& table);
void add_ssh_key_actions(std::vector<Action>& table);
void add_signing_certificate_actions(std::vector<Action>& table);
void add_account_alias_actions(std::vector<Action>& table);
void add_account_summary_actions(std::vector<Action>& table);
void add_authorization_details_actions(std::vector<Action>& table);
void add_credential_report_actions(std::vector<Action>& table);
void add_last_accessed_actions(std::vector<Action>& table);
void add_organizations_actions(std::vector<Action>& table);
void add_delegation_request_actions(std::vector<Action>& table);
void add_oidc_provider_actions(std::vector<Action>& table);
void add_saml_provider_actions(std::vector<Action>& table);
void add_outbound_federation_actions(std::vector<Action>& table);
void add_simulation_actions(std::vector<Action>& table);
void add_permissions_boundary_actions(std::vector<Action>& table);
void add_instance_profile_actions(std::vector<Action>& table);
void add_login_profile_actions(std::vector<Action>& table);
void add_password_policy_actions(std::vector<Action>& table);
void add_server_certificate_actions(std::vector<Action>& table);
void add_service_credential_actions(std::vector<Action>& table);
void add_service_linked_role_actions(std::vector<Action>& table);
void add_account_property_actions(std::vector<Action>& table);
void add_role_template_actions(std::vector<Action>& table);

}  // namespace localiam::api
