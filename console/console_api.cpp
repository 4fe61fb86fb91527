#include "console/console_api.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "auth/auth_mode.hpp"
#include "auth/authorizer.hpp"
#include "auth/principal_policies.hpp"
#include "common/arn.hpp"
#include "common/ascii.hpp"
#include "common/clock.hpp"
#include "common/json_escape.hpp"
#include "data/managed_policy_catalog.hpp"
#include "policy/statement_positions.hpp"
#include "query/query_params.hpp"
#include "storage/account_partition_repository.hpp"
#include "storage/account_usage.hpp"
#include "storage/entity_directory.hpp"
#include "storage/identity_repository.hpp"
#include "storage/role_repository.hpp"

namespace localiam::console {

namespace {

using storage::DirectoryKind;

constexpr int kDefaultPage = 50;
constexpr int kLargestPage = 1000;
// who-can stops after this long and says how far it got (the database is not held that long:
// it is read a chunk of principals at a time).
constexpr std::chrono::milliseconds kWhoCanBudget{2000};

HttpResponse json(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.headers.emplace_back("Cache-Control", "no-store");
  r.body = std::move(body);
  return r;
}

HttpResponse error(int status, std::string_view reason) {
  return json(status, "{\"error\":" + json_string(reason) + "}");
}

std::string param(const api::QueryParams& params, std::string_view name) {
  const std::string* value = params.get(name);
  return value ? *value : std::string();
}

arn::Partition partition_of_account(storage::Database& db, std::string_view account) {
  auto name = storage::AccountPartitionRepository(db).find(account);
  return name ? arn::partition_named(*name).value_or(arn::Partition::kAws) : arn::Partition::kAws;
}

std::string entry_json(const storage::DirectoryEntry& e, const std::string& arn) {
  return "{\"name\":" + json_string(e.name) + ",\"path\":" + json_string(e.path) +
         ",\"id\":" + json_string(e.id) + ",\"arn\":" + json_string(arn) +
         ",\"created\":" + json_string(format_iso8601(e.create_date)) + "}";
}

std::string page_json(std::string_view kind, const std::vector<std::string>& items,
                      int64_t matching, const std::string* next) {
  std::string out = "{\"kind\":" + json_string(kind) + ",\"items\":[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + items[i];
  out += "],\"matching\":" + std::to_string(matching) +
         ",\"next\":" + (next ? json_string(*next) : std::string("null")) + "}";
  return out;
}

// The AWS managed policies (from the built-in catalogue), searched and paged as the others.
HttpResponse aws_policies(const std::string& contains, const std::string& after, int limit,
                          arn::Partition partition) {
  std::vector<const data::ManagedPolicy*> matching;
  for (const auto& p : data::ManagedPolicyCatalog::instance().all())
    if (ascii::icontains(p.name, contains)) matching.push_back(&p);
  std::sort(matching.begin(), matching.end(), [](auto* a, auto* b) { return a->name < b->name; });
  auto it = std::upper_bound(matching.begin(), matching.end(), after,
                             [](const std::string& name, auto* p) { return name < p->name; });
  std::vector<std::string> items;
  for (; it != matching.end() && static_cast<int>(items.size()) < limit; ++it) {
    const data::ManagedPolicy& p = **it;
    items.push_back(entry_json({p.name, p.path, p.policy_id, p.create_date},
                               arn::aws_managed_policy(partition, p.path, p.name)));
  }
  const std::string* next = it != matching.end() ? &(*(it - 1))->name : nullptr;
  return json(200, page_json("policies", items, static_cast<int64_t>(matching.size()), next));
}

struct Kind {
  DirectoryKind directory;
  const char* arn_kind;
};

std::optional<Kind> kind_named(std::string_view name) {
  if (name == "users") return Kind{DirectoryKind::kUsers, "user"};
  if (name == "groups") return Kind{DirectoryKind::kGroups, "group"};
  if (name == "roles") return Kind{DirectoryKind::kRoles, "role"};
  if (name == "policies") return Kind{DirectoryKind::kPolicies, "policy"};
  return std::nullopt;
}

}  // namespace

HttpResponse ConsoleApi::answer(const HttpRequest& request) const {
  // A header a page of another origin cannot send without the server's leave (CORS preflight,
  // which localiam never grants): without the admin token, a web page open in the same browser
  // could otherwise post IAM actions here.
  const std::string* marker = request.header(kMarkerHeader);
  if (!marker || *marker != "1")
    return error(403, "the console's API needs the header " + std::string(kMarkerHeader) +
                          ": 1 (the console's own page sends it; pages of other origins cannot)");
  const std::string_view endpoint = request.path().substr(kApiPath.size());
  api::QueryParams params;
  if (Status s = params.add_form(request.query()); !s.ok())
    return error(400, "the query string is not valid: " + s.error().message);
  const std::string account = [&] {
    std::string a = param(params, "account");
    return a.empty() ? service_.config.default_account_id : a;
  }();
  if (account.size() != 12 || account.find_first_not_of("0123456789") != std::string::npos)
    return error(400, "account must be 12 digits, not \"" + account + "\"");

  if (endpoint == "iam") {
    if (request.method != "POST") return error(405, "use POST, with an IAM or STS Query form");
    return dispatcher_.handle_as_root(request, account);
  }
  if (request.method != "GET" && request.method != "HEAD") return error(405, "use GET");

  storage::Database& db = service_.db;
  if (endpoint == "overview") {
    std::unique_lock lock = db.lock();
    std::vector<std::string> accounts = storage::known_accounts(db);
    if (std::find(accounts.begin(), accounts.end(), service_.config.default_account_id) ==
        accounts.end())
      accounts.insert(accounts.begin(), service_.config.default_account_id);
    std::string list;
    for (const std::string& a : accounts)
      list += std::string(list.empty() ? "" : ",") + "{\"id\":" + json_string(a) +
              ",\"partition\":" + json_string(arn::partition_name(partition_of_account(db, a))) +
              "}";
    lock.unlock();
    return json(200, "{\"version\":" + json_string(LOCALIAM_VERSION) +
                         ",\"auth\":" + json_string(service_.config.auth_mode.name()) +
                         ",\"defaultAccount\":" + json_string(service_.config.default_account_id) +
                         ",\"accounts\":[" + list + "]}");
  }
  if (endpoint == "list") return list(params, account);
  if (endpoint == "permissions") return permissions(params, account);
  if (endpoint == "who-can") return who_can(params, account);
  return error(404, "no console endpoint at " + std::string(request.path()));
}

HttpResponse ConsoleApi::list(const api::QueryParams& params, const std::string& account) const {
  const std::string kind_name = param(params, "kind");
  const std::optional<Kind> kind = kind_named(kind_name);
  if (!kind) return error(400, "kind must be users, groups, roles or policies");
  int limit = kDefaultPage;
  if (const std::string* text = params.get("limit")) {
    char* end = nullptr;
    const long value = std::strtol(text->c_str(), &end, 10);
    if (text->empty() || *end || value < 1 || value > kLargestPage)
      return error(400, "limit must be a whole number from 1 to 1000");
    limit = static_cast<int>(value);
  }
  const std::string contains = param(params, "q");
  const std::string after = param(params, "after");
  storage::Database& db = service_.db;
  std::unique_lock lock = db.lock();
  const arn::Partition partition = partition_of_account(db, account);
  if (kind->directory == DirectoryKind::kPolicies && param(params, "scope") == "aws") {
    lock.unlock();
    return aws_policies(contains, after, limit, partition);
  }
  storage::DirectoryPage page =
      storage::list_directory(db, kind->directory, {account, contains, after, limit});
  lock.unlock();
  std::vector<std::string> items;
  items.reserve(page.items.size());
  for (const storage::DirectoryEntry& e : page.items)
    items.push_back(entry_json(e, arn::entity(partition, account, kind->arn_kind, e.path, e.name)));
  const std::string* next = page.truncated ? &page.items.back().name : nullptr;
  return json(200, page_json(kind_name, items, page.matching, next));
}

namespace {

// With where each statement starts, as the simulator's MatchedStatements name it.
std::string policy_json(const api::LoadedPolicy& p, bool boundary) {
  std::string starts;
  for (const policy::StatementSpan& span : policy::statement_spans(p.document))
    starts += std::string(starts.empty() ? "" : ",") +
              "{\"line\":" + std::to_string(span.start.line) +
              ",\"column\":" + std::to_string(span.start.column) + "}";
  return "{\"name\":" + json_string(p.id) + ",\"arn\":" + json_string(p.arn) +
         ",\"type\":" + json_string(policy::source_type_name(p.type)) +
         ",\"group\":" + json_string(p.group) + ",\"boundary\":" + (boundary ? "true" : "false") +
         ",\"document\":" + json_string(p.document) + ",\"statementStarts\":[" + starts + "]}";
}

// A principal's policies, or nullopt when `kind` names none of that name.
std::optional<api::PrincipalPolicies> principal_policies(storage::Database& db,
                                                         std::string_view account,
                                                         std::string_view kind,
                                                         std::string_view name, std::string& arn,
                                                         arn::Partition partition) {
  if (kind == "user") {
    auto user = storage::UserRepository(db).find(account, name);
    if (!user) return std::nullopt;
    arn = arn::entity(partition, account, "user", user->path, user->name);
    return api::load_user_policies(db, *user);
  }
  if (kind == "role") {
    auto role = storage::RoleRepository(db).find(account, name);
    if (!role) return std::nullopt;
    arn = arn::entity(partition, account, "role", role->path, role->name);
    return api::load_role_policies(db, *role);
  }
  auto group = storage::GroupRepository(db).find(account, name);
  if (!group) return std::nullopt;
  arn = arn::entity(partition, account, "group", group->path, group->name);
  return api::load_group_policies(db, *group);
}

}  // namespace

HttpResponse ConsoleApi::permissions(const api::QueryParams& params,
                                     const std::string& account) const {
  const std::string kind = param(params, "kind");
  const std::string name = param(params, "name");
  if (kind != "user" && kind != "role" && kind != "group")
    return error(400, "kind must be user, role or group");
  storage::Database& db = service_.db;
  std::unique_lock lock = db.lock();
  std::string arn;
  auto policies =
      principal_policies(db, account, kind, name, arn, partition_of_account(db, account));
  lock.unlock();
  if (!policies) return error(404, "no " + kind + " named \"" + name + "\" in " + account);
  std::string out = "{\"arn\":" + json_string(arn) + ",\"policies\":[";
  bool first = true;
  for (const auto* list : {&policies->identity, &policies->boundary})
    for (const api::LoadedPolicy& p : *list) {
      if (!first) out += ',';
      out += policy_json(p, list == &policies->boundary);
      first = false;
    }
  return json(200, out + "]}");
}

HttpResponse ConsoleApi::who_can(const api::QueryParams& params, const std::string& account) const {
  const std::string action = param(params, "action");
  std::string resource = param(params, "resource");
  if (action.find(':') == std::string::npos)
    return error(400, "action must be service:Action, such as s3:GetObject");
  if (resource.empty()) resource = "*";
  const auto start = std::chrono::steady_clock::now();
  storage::Database& db = service_.db;

  // Who could be allowed: only users and roles with an identity policy (or a group).
  struct Candidate {
    const char* kind;
    std::string name, arn;
    std::optional<storage::UserRow> user;
    std::optional<storage::RoleRow> role;
  };
  std::vector<Candidate> candidates;
  int64_t total = 0;
  {
    std::unique_lock lock = db.lock();
    const arn::Partition partition = partition_of_account(db, account);
    for (storage::UserRow& u : storage::UserRepository(db).with_policies(account)) {
      std::string arn = arn::entity(partition, account, "user", u.path, u.name);
      candidates.push_back({"user", u.name, std::move(arn), std::move(u), std::nullopt});
    }
    for (storage::RoleRow& r : storage::RoleRepository(db).with_policies(account)) {
      std::string arn = arn::entity(partition, account, "role", r.path, r.name);
      candidates.push_back({"role", r.name, std::move(arn), std::nullopt, std::move(r)});
    }
    total = storage::count_account_entities(db, account, storage::CountedEntity::kUsers) +
            storage::count_account_entities(db, account, storage::CountedEntity::kRoles);
  }

  // Their policies are read a chunk at a time, so that the server's other requests are not
  // held up for long; the authoriser needs no lock.
  constexpr size_t kChunk = 200;
  const policy::ContextKeys context;
  std::string allowed;
  size_t asked = 0;
  bool complete = true;
  for (size_t first = 0; first < candidates.size(); first += kChunk) {
    if (std::chrono::steady_clock::now() - start > kWhoCanBudget) {
      complete = false;
      break;
    }
    const size_t end = std::min(candidates.size(), first + kChunk);
    std::vector<api::PrincipalPolicies> policies;
    {
      std::unique_lock lock = db.lock();
      for (size_t i = first; i < end; ++i)
        policies.push_back(candidates[i].user ? api::load_user_policies(db, *candidates[i].user)
                                              : api::load_role_policies(db, *candidates[i].role));
    }
    for (size_t i = first; i < end; ++i, ++asked) {
      const Candidate& c = candidates[i];
      policy::RequestPrincipal principal;
      principal.arn = c.arn;
      principal.account = account;
      api::CallerPolicies caller;
      caller.principal = &policies[i - first];
      api::AuthzQuestion question;
      question.principal = &principal;
      question.action = action;
      question.resource = resource;
      question.context = &context;
      question.caller = &caller;
      const api::AuthzDecision decision = api::decide(question);
      if (!decision.allowed()) continue;
      std::string statements;
      for (const api::DecidingStatement& st : decision.statements)
        statements += std::string(statements.empty() ? "" : ",") +
                      "{\"policy\":" + json_string(st.policy_id) +
                      ",\"policyArn\":" + json_string(st.policy_arn) +
                      ",\"index\":" + std::to_string(st.index + 1) + "}";
      allowed += std::string(allowed.empty() ? "" : ",") + "{\"kind\":" + json_string(c.kind) +
                 ",\"name\":" + json_string(c.name) + ",\"arn\":" + json_string(c.arn) +
                 ",\"statements\":[" + statements + "]}";
    }
  }
  // The principals with no identity policy were answered without asking: nothing allows them.
  const int64_t checked =
      complete ? total : total - static_cast<int64_t>(candidates.size() - asked);
  return json(200, "{\"action\":" + json_string(action) + ",\"resource\":" + json_string(resource) +
                       ",\"checked\":" + std::to_string(checked) + ",\"total\":" +
                       std::to_string(total) + ",\"complete\":" + (complete ? "true" : "false") +
                       ",\"allowed\":[" + allowed + "]}");
}

}  // namespace localiam::console
