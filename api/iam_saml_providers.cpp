#include "api/action_rows.hpp"
namespace localiam::api {
void add_saml_provider_actions(std::vector<Action>&) {}
}  // namespace localiam::api
