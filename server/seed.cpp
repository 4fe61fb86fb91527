#include "server/seed.hpp"

#include <map>
#include <set>

#include "api/action_table.hpp"
#include "auth/account_partition.hpp"
#include "auth/principal.hpp"
#include "common/arn.hpp"
#include "common/located_json.hpp"
#include "common/url_encoding.hpp"
#include "query/param_rules.hpp"
#include "storage/credential_repository.hpp"
#include "storage/identity_repository.hpp"
#include "storage/state_snapshot.hpp"

namespace localiam::server {

namespace {

using Json = LocatedJson;

struct SeedError {
  std::string text;
};

// Reads the seed's JSON tree into steps; throws SeedError naming the line and field.
class Reader {
 public:
  Reader(std::string origin, std::vector<SeedStep>& steps)
      : origin_(std::move(origin)), steps_(steps) {}

  [[noreturn]] void fail(const Json& at, const std::string& field, const std::string& why) const {
    throw SeedError{origin_ + ":" + std::to_string(at.line) + ": " + field + ": " + why};
  }

  void root(const Json& doc, const std::string& default_account) {
    if (doc.type != Json::Type::kObject) fail(doc, "(top level)", "the seed must be a JSON object");
    check_fields(doc, "", {"accounts", "alias", "policies", "groups", "users", "roles", "calls"});
    account(doc, default_account, "");
    if (const Json* accounts = doc.find("accounts")) {
      expect(*accounts, "accounts", Json::Type::kArray);
      std::set<std::string> seen;
      for (size_t i = 0; i < accounts->items.size(); ++i) {
        const Json& a = accounts->items[i];
        const std::string path = "accounts[" + std::to_string(i) + "]";
        expect(a, path, Json::Type::kObject);
        check_fields(a, path, {"id", "alias", "policies", "groups", "users", "roles", "calls"});
        const Json& id = required(a, path, "id", Json::Type::kString);
        if (id.text.size() != 12 || id.text.find_first_not_of("0123456789") != std::string::npos)
          fail(id, path + ".id", "an account ID is 12 digits");
        if (!seen.insert(id.text).second)
          fail(id, path + ".id", "account " + id.text + " is listed twice");
        account(a, id.text, path + ".");
      }
    }
  }

 private:
  void expect(const Json& v, const std::string& field, Json::Type type) const {
    if (v.type == type) return;
    Json want;
    want.type = type;
    fail(v, field, std::string("must be ") + want.type_name() + ", not " + v.type_name());
  }

  const Json& required(const Json& object, const std::string& path, const char* name,
                       Json::Type type) const {
    const Json* v = object.find(name);
    if (!v) fail(object, path, std::string("\"") + name + "\" is required");
    expect(*v, path + "." + name, type);
    return *v;
  }

  void check_fields(const Json& object, const std::string& path,
                    std::initializer_list<std::string_view> allowed) const {
    for (const auto& [key, value] : object.members) {
      bool ok = false;
      for (std::string_view a : allowed) ok = ok || key == a;
      if (!ok) {
        std::string list;
        for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        fail(value, path.empty() ? key : path + "." + key,
             "unknown field (expected one of: " + list + ")");
      }
    }
  }

  // A scalar as parameter text: strings as they are, numbers as written, booleans as true/false.
  std::string scalar(const Json& v, const std::string& field) const {
    if (v.type == Json::Type::kString || v.type == Json::Type::kNumber) return v.text;
    if (v.type == Json::Type::kBool) return v.boolean ? "true" : "false";
    fail(v, field, std::string("must be a string, not ") + v.type_name());
  }

  // A policy document: an object (taken as written in the file) or a string holding one.
  std::string document(const Json& v, const std::string& field) const {
    if (v.type == Json::Type::kString) return v.text;
    if (v.type == Json::Type::kObject) return std::string(text_.substr(v.begin, v.end - v.begin));
    fail(v, field,
         std::string("must be a policy document (an object or a string), not ") + v.type_name());
  }

  SeedStep& step(const std::string& account, const char* action, const Json& at,
                 const std::string& field) {
    SeedStep s;
    s.account = account;
    s.action = action;
    s.location = {at.line, field};
    steps_.push_back(std::move(s));
    return steps_.back();
  }

  static void param(SeedStep& s, std::string name, std::string value, const Json& at,
                    const std::string& field) {
    s.params.emplace_back(std::move(name), std::move(value));
    s.param_locations.push_back({at.line, field});
  }

  // "tags": {"Key": "Value", …} or [{"Key": …, "Value": …}, …] as Tags.member.N.Key/Value.
  void tags(SeedStep& s, const Json& entity, const std::string& path) const {
    const Json* t = entity.find("tags");
    if (!t) return;
    const std::string field = path + ".tags";
    int n = 0;
    if (t->type == Json::Type::kObject) {
      for (const auto& [key, value] : t->members) {
        const std::string prefix = "Tags.member." + std::to_string(++n);
        param(s, prefix + ".Key", key, value, field + "." + key);
        param(s, prefix + ".Value", scalar(value, field + "." + key), value, field + "." + key);
      }
      return;
    }
    expect(*t, field, Json::Type::kArray);
    for (size_t i = 0; i < t->items.size(); ++i) {
      const Json& item = t->items[i];
      const std::string at = field + "[" + std::to_string(i) + "]";
      expect(item, at, Json::Type::kObject);
      check_fields(item, at, {"Key", "Value"});
      const std::string prefix = "Tags.member." + std::to_string(++n);
      const Json& key = required(item, at, "Key", Json::Type::kString);
      param(s, prefix + ".Key", key.text, key, at + ".Key");
      const Json* value = item.find("Value");
      param(s, prefix + ".Value", value ? scalar(*value, at + ".Value") : "", value ? *value : item,
            at + ".Value");
    }
  }

  // Optional scalar member `name` as parameter `param_name`.
  void optional(SeedStep& s, const Json& entity, const std::string& path, const char* name,
                const char* param_name) const {
    if (const Json* v = entity.find(name)) {
      const std::string field = path + "." + name;
      param(s, param_name, scalar(*v, field), *v, field);
    }
  }

  const Json& name_of(const Json& entity, const std::string& path) const {
    return required(entity, path, "name", Json::Type::kString);
  }

  // "policies": ["Name" | "arn:…", …] → Attach<Kind>Policy; names are this account's policies.
  void attachments(const std::string& account, const Json& entity, const std::string& path,
                   const char* action, const char* name_param, const std::string& entity_name) {
    const Json* list = entity.find("policies");
    if (!list) return;
    expect(*list, path + ".policies", Json::Type::kArray);
    for (size_t i = 0; i < list->items.size(); ++i) {
      const Json& p = list->items[i];
      const std::string field = path + ".policies[" + std::to_string(i) + "]";
      expect(p, field, Json::Type::kString);
      std::string arn = p.text;
      if (!arn.starts_with("arn:")) {
        auto known = policy_paths_.find({account, arn});
        arn = arn::entity(arn::Partition::kAws, account, "policy",
                          known == policy_paths_.end() ? std::string("/") : known->second, p.text);
      }
      SeedStep& s = step(account, action, p, field);
      param(s, name_param, entity_name, p, path + ".name");
      param(s, "PolicyArn", arn, p, field);
    }
  }

  // "inline_policies": {"PolicyName": document, …} → Put<Kind>Policy.
  void inline_policies(const std::string& account, const Json& entity, const std::string& path,
                       const char* action, const char* name_param, const std::string& entity_name) {
    const Json* map = entity.find("inline_policies");
    if (!map) return;
    expect(*map, path + ".inline_policies", Json::Type::kObject);
    for (const auto& [policy_name, doc] : map->members) {
      const std::string field = path + ".inline_policies." + policy_name;
      SeedStep& s = step(account, action, doc, field);
      param(s, name_param, entity_name, doc, path + ".name");
      param(s, "PolicyName", policy_name, doc, field);
      param(s, "PolicyDocument", document(doc, field), doc, field);
    }
  }

  void account(const Json& a, const std::string& id, const std::string& prefix) {
    if (const Json* alias = a.find("alias")) {
      const std::string field = prefix + "alias";
      SeedStep& s = step(id, "CreateAccountAlias", *alias, field);
      param(s, "AccountAlias", scalar(*alias, field), *alias, field);
    }
    list(a, prefix + "policies", [&](const Json& p, const std::string& path) {
      check_fields(p, path, {"name", "path", "description", "document", "tags"});
      const Json& name = name_of(p, path);
      const Json* where = p.find("path");
      policy_paths_[{id, name.text}] =
          where && where->type == Json::Type::kString ? where->text : "/";
      SeedStep& s = step(id, "CreatePolicy", p, path);
      param(s, "PolicyName", name.text, name, path + ".name");
      optional(s, p, path, "path", "Path");
      optional(s, p, path, "description", "Description");
      const Json* doc = p.find("document");
      if (!doc) fail(p, path, "\"document\" is required");
      param(s, "PolicyDocument", document(*doc, path + ".document"), *doc, path + ".document");
      tags(s, p, path);
    });
    list(a, prefix + "groups", [&](const Json& g, const std::string& path) {
      check_fields(g, path, {"name", "path", "policies", "inline_policies"});
      const Json& name = name_of(g, path);
      SeedStep& s = step(id, "CreateGroup", g, path);
      param(s, "GroupName", name.text, name, path + ".name");
      optional(s, g, path, "path", "Path");
      attachments(id, g, path, "AttachGroupPolicy", "GroupName", name.text);
      inline_policies(id, g, path, "PutGroupPolicy", "GroupName", name.text);
    });
    list(a, prefix + "users", [&](const Json& u, const std::string& path) {
      check_fields(u, path,
                   {"name", "path", "groups", "policies", "inline_policies", "tags", "access_keys",
                    "permissions_boundary"});
      const Json& name = name_of(u, path);
      SeedStep& s = step(id, "CreateUser", u, path);
      param(s, "UserName", name.text, name, path + ".name");
      optional(s, u, path, "path", "Path");
      optional(s, u, path, "permissions_boundary", "PermissionsBoundary");
      tags(s, u, path);
      if (const Json* groups = u.find("groups")) {
        expect(*groups, path + ".groups", Json::Type::kArray);
        for (size_t i = 0; i < groups->items.size(); ++i) {
          const Json& g = groups->items[i];
          const std::string field = path + ".groups[" + std::to_string(i) + "]";
          expect(g, field, Json::Type::kString);
          SeedStep& m = step(id, "AddUserToGroup", g, field);
          param(m, "GroupName", g.text, g, field);
          param(m, "UserName", name.text, name, path + ".name");
        }
      }
      attachments(id, u, path, "AttachUserPolicy", "UserName", name.text);
      inline_policies(id, u, path, "PutUserPolicy", "UserName", name.text);
      list(u, path + ".access_keys", [&](const Json& k, const std::string& kpath) {
        check_fields(k, kpath, {"id", "secret", "status"});
        SeedStep& key = step(id, "", k, kpath);
        key.user_name = name.text;
        const Json& key_id = required(k, kpath, "id", Json::Type::kString);
        key.access_key_id = key_id.text;
        key.param_locations.push_back({key_id.line, kpath + ".id"});
        const Json& secret = required(k, kpath, "secret", Json::Type::kString);
        if (secret.text.empty() || secret.text.size() > 128)
          fail(secret, kpath + ".secret", "a secret access key has 1 to 128 characters");
        key.secret = secret.text;
        key.status = "Active";
        if (const Json* status = k.find("status")) {
          expect(*status, kpath + ".status", Json::Type::kString);
          if (status->text != "Active" && status->text != "Inactive")
            fail(*status, kpath + ".status", "must be Active or Inactive");
          key.status = status->text;
        }
      });
    });
    list(a, prefix + "roles", [&](const Json& r, const std::string& path) {
      check_fields(r, path,
                   {"name", "path", "assume_role_policy", "description", "max_session_duration",
                    "policies", "inline_policies", "tags", "permissions_boundary"});
      const Json& name = name_of(r, path);
      SeedStep& s = step(id, "CreateRole", r, path);
      param(s, "RoleName", name.text, name, path + ".name");
      optional(s, r, path, "path", "Path");
      const Json* trust = r.find("assume_role_policy");
      if (!trust) fail(r, path, "\"assume_role_policy\" is required");
      param(s, "AssumeRolePolicyDocument", document(*trust, path + ".assume_role_policy"), *trust,
            path + ".assume_role_policy");
      optional(s, r, path, "description", "Description");
      optional(s, r, path, "max_session_duration", "MaxSessionDuration");
      optional(s, r, path, "permissions_boundary", "PermissionsBoundary");
      tags(s, r, path);
      attachments(id, r, path, "AttachRolePolicy", "RoleName", name.text);
      inline_policies(id, r, path, "PutRolePolicy", "RoleName", name.text);
    });
    // Any other IAM action, with its Query parameters: {"action": "CreateInstanceProfile",
    // "params": {"InstanceProfileName": "web"}}; lists become Name.member.N(.Field).
    list(a, prefix + "calls", [&](const Json& c, const std::string& path) {
      check_fields(c, path, {"action", "params"});
      const Json& action = required(c, path, "action", Json::Type::kString);
      SeedStep& s = step(id, "", c, path);
      s.action = action.text;
      s.location = {action.line, path + ".action"};
      if (const Json* params = c.find("params")) {
        expect(*params, path + ".params", Json::Type::kObject);
        for (const auto& [key, value] : params->members)
          flatten(s, key, value, path + ".params." + key);
      }
    });
  }

  void flatten(SeedStep& s, const std::string& name, const Json& v, const std::string& field) {
    if (v.type == Json::Type::kArray) {
      for (size_t i = 0; i < v.items.size(); ++i) {
        const Json& item = v.items[i];
        const std::string member = name + ".member." + std::to_string(i + 1);
        const std::string at = field + "[" + std::to_string(i) + "]";
        if (item.type == Json::Type::kObject) {
          for (const auto& [key, value] : item.members)
            flatten(s, member + "." + key, value, at + "." + key);
        } else {
          param(s, member, scalar(item, at), item, at);
        }
      }
      if (v.items.empty()) param(s, name, "", v, field);
    } else if (v.type == Json::Type::kObject) {
      fail(v, field, "parameters are strings, numbers, booleans or arrays");
    } else {
      param(s, name, scalar(v, field), v, field);
    }
  }

  template <typename Fn>
  void list(const Json& parent, const std::string& path, Fn each) {
    const std::string key =
        path.substr(path.rfind('.') == std::string::npos ? 0 : path.rfind('.') + 1);
    const Json* items = parent.find(key);
    if (!items) return;
    expect(*items, path, Json::Type::kArray);
    for (size_t i = 0; i < items->items.size(); ++i) {
      const std::string at = path + "[" + std::to_string(i) + "]";
      expect(items->items[i], at, Json::Type::kObject);
      each(items->items[i], at);
    }
  }

 public:
  std::string_view text_;

 private:
  std::string origin_;
  std::vector<SeedStep>& steps_;
  std::map<std::pair<std::string, std::string>, std::string> policy_paths_;  // (account, name)
};

api::Principal account_root(const std::string& account) {
  api::Principal root;
  root.kind = api::PrincipalKind::kRoot;
  root.account_id = account;
  root.arn = arn::root(arn::Partition::kAws, account);
  root.user_id = account;
  return root;
}

std::string form_of(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string form;
  for (const auto& [name, value] : params) {
    if (!form.empty()) form += '&';
    form += uri_encode(name) + "=" + uri_encode(value);
  }
  return form;
}

}  // namespace

std::optional<Seed> Seed::parse(std::string_view text, std::string_view origin,
                                const std::string& default_account, std::string& error) {
  LocatedJsonResult doc = parse_located_json(text);
  if (!doc.error.empty()) {
    error = std::string(origin) + ":" + doc.error.substr(5);  // "line N: …" → "ORIGIN:N: …"
    return std::nullopt;
  }
  Seed seed;
  seed.origin_ = origin;
  // A state export (GET /_localiam/state, localiam export) is a seed too: restored as is.
  if (const Json* format =
          doc.value.type == Json::Type::kObject ? doc.value.find("format") : nullptr;
      format && format->type == Json::Type::kString && format->text == "localiam-state") {
    seed.snapshot_ = std::string(text);
    return seed;
  }
  try {
    Reader reader(std::string(origin), seed.steps_);
    reader.text_ = text;
    reader.root(doc.value, default_account);
  } catch (const SeedError& e) {
    error = e.text;
    return std::nullopt;
  }
  for (const SeedStep& s : seed.steps_) {
    if (s.action.empty()) continue;
    if (!api::find_action(api::Service::kIam, s.action)) {
      error = std::string(origin) + ":" + std::to_string(s.location.line) + ": " +
              s.location.field + ": this localiam has no IAM action " + s.action;
      return std::nullopt;
    }
  }
  return seed;
}

std::string Seed::apply(const api::ServiceContext& service,
                        const std::function<bool(size_t done)>& progress) const {
  const int64_t now = service.clock.now_epoch_seconds();
  auto at = [this](const SeedLocation& where, const std::string& why) {
    return origin_ + ":" + std::to_string(where.line) + ": " + where.field + ": " + why;
  };
  if (!snapshot_.empty()) {
    std::string problem = storage::import_state_rows(service.db, snapshot_);
    if (problem.empty() && service.db.prepare("PRAGMA foreign_key_check").step())
      problem = "the state is inconsistent: a row refers to a row that is not in it";
    return problem.empty() ? "" : origin_ + ": " + problem;
  }
  size_t done = 0;
  for (const SeedStep& s : steps_) {
    if (progress && !progress(done)) return kInterrupted;
    ++done;
    const api::Principal root = account_root(s.account);
    api::fix_account_partition(service.db, s.account, arn::Partition::kAws);  // seeds are aws
    if (s.action.empty()) {
      // An access key with the ID and secret the seed gives (CreateAccessKey would make new ones).
      const SeedLocation& id_at = s.param_locations.front();
      if (s.access_key_id.size() < 16 || s.access_key_id.size() > 128 ||
          !api::matches_pattern(s.access_key_id, api::Pattern::kAccessKeyId))
        return at(id_at, "an access key ID has 16 to 128 characters of [A-Za-z0-9_]");
      if (s.access_key_id == service.config.root_access_key)
        return at(id_at, "this is the root access key (--root-access-key)");
      storage::AccessKeyRepository keys(service.db);
      if (keys.find(s.access_key_id) ||
          storage::SessionRepository(service.db).find(s.access_key_id))
        return at(id_at, "access key " + s.access_key_id + " exists already");
      auto user = storage::UserRepository(service.db).find(s.account, s.user_name);
      if (!user) return at(s.location, "no user " + s.user_name);
      if (keys.count_for_user(user->row) >= 2)
        return at(s.location, "LimitExceeded: Cannot exceed quota for AccessKeysPerUser: 2");
      storage::AccessKeyRow key{s.access_key_id, s.account, user->row, user->name,
                                s.secret,        s.status,  now};
      keys.insert(key);
      continue;
    }
    const api::Action* action = api::find_action(api::Service::kIam, s.action);
    api::QueryParams params;
    if (Status st = params.add_form(form_of(s.params)); !st.ok())
      return at(s.location, st.error().message);
    if (Status st = api::validate_params(params, action->rules, api::ValidationStyle::kIam);
        !st.ok()) {
      // Name the field: check each rule on its own, against the parameters it covers.
      for (const api::ParamRule& rule : action->rules) {
        const std::string name = rule.name;
        api::ParamRule optional_rule = rule;
        optional_rule.required = false;
        std::vector<std::pair<std::string, std::string>> covered;
        const SeedLocation* first = nullptr;
        for (size_t i = 0; i < s.params.size(); ++i) {
          if (s.params[i].first == name || s.params[i].first.starts_with(name + ".")) {
            covered.push_back(s.params[i]);
            if (!first) first = &s.param_locations[i];
          }
        }
        if (!first) continue;
        api::QueryParams only;
        (void)only.add_form(form_of(covered));
        if (Status one = api::validate_params(only, {optional_rule}, api::ValidationStyle::kIam);
            !one.ok())
          return at(*first, one.error().code + ": " + one.error().message);
      }
      return at(s.location, st.error().code + ": " + st.error().message);
    }
    api::RequestContext ctx{service, service.db, params, root, "us-east-1", now, ""};
    Result<api::XmlNode> result = action->handler(ctx);
    if (!result.ok()) {
      // A bad document is the document's fault: point at it rather than at the entity.
      const SeedLocation* where = &s.location;
      if (result.error().code == "MalformedPolicyDocument" ||
          result.error().code == "LimitExceeded")
        for (size_t i = 0; i < s.params.size(); ++i)
          if (s.params[i].first.ends_with("PolicyDocument")) where = &s.param_locations[i];
      return at(*where,
                s.action + " failed: " + result.error().code + ": " + result.error().message);
    }
  }
  return "";
}

std::string Seed::summary() const {
  if (!snapshot_.empty()) return "a state export";
  std::map<std::string, int> counts;
  std::set<std::string> accounts;
  for (const SeedStep& s : steps_) {
    accounts.insert(s.account);
    if (s.action.empty())
      ++counts["access keys"];
    else if (s.action == "CreateUser")
      ++counts["users"];
    else if (s.action == "CreateGroup")
      ++counts["groups"];
    else if (s.action == "CreateRole")
      ++counts["roles"];
    else if (s.action == "CreatePolicy")
      ++counts["policies"];
  }
  std::string text = std::to_string(accounts.size()) + " account(s)";
  for (const auto& [kind, n] : counts) text += ", " + std::to_string(n) + " " + kind;
  return text;
}

}  // namespace localiam::server
