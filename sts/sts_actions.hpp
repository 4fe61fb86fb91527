// The action table's STS rows, one function per area file (sts.cpp, sts_sessions.cpp, …): each
// appends its actions (name, handler, parameter rules, output, writes) to the table
// (api/action_table.cpp). Adding an action is one handler function and one row in its function.
#pragma once

#include <vector>

#include "auth/action.hpp"

namespace localiam::api {

void add_sts_actions(std::vector<Action>& table);
void add_sts_session_actions(std::vector<Action>& table);
void add_sts_federation_actions(std::vector<Action>& table);
void add_sts_scoped_credential_actions(std::vector<Action>& table);

}  // namespace localiam::api
