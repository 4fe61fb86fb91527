// Account alias: CreateAccountAlias, DeleteAccountAlias, ListAccountAliases. An account has
// one alias at most; creating another replaces it. Aliases are unique across accounts.
#include "iam/handler_support.hpp"
#include "iam/iam_actions.hpp"
#include "query/param_presets.hpp"
#include "storage/account_alias_repository.hpp"

namespace localiam::api {

namespace {

Result<XmlNode> CreateAccountAlias(RequestContext& ctx) {
  const std::string& alias = ctx.param("AccountAlias");
  storage::AccountAliasRepository aliases(ctx.db);
  // Taken by any account, this one included.
  if (aliases.owner(alias))
    return errors::EntityAlreadyExists("The account alias " + alias + " already exists.");
  aliases.set(ctx.account(), alias);
  return XmlNode();
}

Result<XmlNode> DeleteAccountAlias(RequestContext& ctx) {
  const std::string& alias = ctx.param("AccountAlias");
  storage::AccountAliasRepository aliases(ctx.db);
  auto current = aliases.find(ctx.account());
  if (!current || *current != alias)
    return errors::NoSuchEntity("The account alias " + alias + " cannot be found.");
  aliases.remove(ctx.account());
  return XmlNode();
}

Result<XmlNode> ListAccountAliases(RequestContext& ctx) {
  ASSIGN_OR_RETURN(std::string after, marker_position(ctx));
  auto alias = storage::AccountAliasRepository(ctx.db).find(ctx.account());
  XmlNode result;
  XmlNode& list = result.list("AccountAliases");
  if (alias && *alias > after) list.member_text(*alias);
  add_paging(result, false, "");
  return result;
}

ParamRule account_alias() {
  return ParamRule{.name = "AccountAlias",
                   .required = true,
                   .min_length = 3,
                   .max_length = 63,
                   .pattern = Pattern::kAccountAlias};
}

}  // namespace

void add_account_alias_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto iam = Service::kIam;
  table.insert(table.end(), {
                                {.name = "CreateAccountAlias",
                                 .service = iam,
                                 .handler = CreateAccountAlias,
                                 .rules = {account_alias()},
                                 .has_result = false,
                                 .writes = true},
                                {.name = "DeleteAccountAlias",
                                 .service = iam,
                                 .handler = DeleteAccountAlias,
                                 .rules = {account_alias()},
                                 .has_result = false,
                                 .writes = true},
                                {.name = "ListAccountAliases",
                                 .service = iam,
                                 .handler = ListAccountAliases,
                                 .rules = {marker(), max_items()}},
                            });
}

}  // namespace localiam::api
