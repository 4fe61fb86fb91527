#include "gateway/resource_facts.hpp"

#include <rapidjson/document.h>

#include "common/arn.hpp"
#include "common/ascii.hpp"
#include "gateway/upstream_signing.hpp"
#include "policy/policy_cache.hpp"

namespace localiam::gateway {

namespace {

bool names_prefix(const api::LoadedPolicy& p, std::string_view lower_prefix) {
  if (!p.compiled) return false;
  for (const policy::CompiledStatement& st : p.compiled->statements)
    for (const policy::CompiledCondition& c : st.conditions)
      if (std::string_view(c.key_lower).starts_with(lower_prefix)) return true;
  return false;
}

}  // namespace

bool policies_name(const api::CallerPolicies& caller, const api::LoadedPolicy* resource_policy,
                   std::string_view lower_prefix) {
  if (resource_policy && names_prefix(*resource_policy, lower_prefix)) return true;
  if (caller.principal)
    for (const auto* set : {&caller.principal->identity, &caller.principal->boundary})
      for (const api::LoadedPolicy& p : *set)
        if (names_prefix(p, lower_prefix)) return true;
  for (const auto* set : {&caller.session, &caller.scopes})
    for (const api::LoadedPolicy& p : *set)
      if (names_prefix(p, lower_prefix)) return true;
  return false;
}

bool policies_name_resource_tags(const api::CallerPolicies& caller,
                                 const api::LoadedPolicy* resource_policy) {
  for (std::string_view prefix :
       {"aws:resourcetag/", "secretsmanager:resourcetag/", "ssm:resourcetag/"})
    if (policies_name(caller, resource_policy, prefix)) return true;
  return false;
}

CallerAsks caller_asks(const api::CallerPolicies& caller) {
  return {policies_name_resource_tags(caller, nullptr),
          policies_name(caller, nullptr, "dynamodb:leadingkeys")};
}

void ResourceFacts::merge_into(policy::ContextKeys& context) const {
  for (const auto& [key, values] : keys.entries()) context.set(key, values);
}

ResourceReader::ResourceReader(ReaderOptions options)
    : options_(std::move(options)), cache_(options_.ttl) {}

std::optional<HttpResponse> ResourceReader::exchange(UpstreamRead read,
                                                     std::string& failure) const {
  HttpRequest& request = read.request;
  const UpstreamUrl& upstream = options_.upstream_for(read.service);
  sign_for_upstream(request, upstream, options_.keys,
                    read.region.empty() ? "us-east-1" : read.region, read.service);
  UpstreamAnswer answer = send_upstream(upstream, request, options_.timeouts);
  if (!answer.response) failure = answer.failure;
  return std::move(answer.response);
}

void ResourceReader::read(const OperationFacts& op, const HttpRequest& request,
                          const CallerAsks& asks, const std::string& caller_account,
                          const std::string& region, ResourceFacts& out, bool may_wait) const {
  const auto now = ResourcePolicyCache::Clock::now();
  // Every read from the upstream goes through here: false when this caller may not wait for it.
  auto can_ask = [&] {
    if (!may_wait) out.must_wait = true;
    return may_wait;
  };
  std::string resource(op.resource);
  if (op.service == "kms" && resource == "*") {
    // An alias names no key: ask the upstream which (not cached: aliases move).
    rapidjson::Document body;
    body.Parse(request.body.data(), request.body.size());
    auto key_id = body.IsObject() ? body.FindMember("KeyId") : body.MemberEnd();
    if (body.IsObject() && key_id != body.MemberEnd() && key_id->value.IsString()) {
      if (auto read = alias_read(key_id->value.GetString(), region)) {
        if (!can_ask()) return;
        std::string failure;
        std::optional<HttpResponse> answer = exchange(std::move(*read), failure);
        if (auto arn = answer ? read_key_arn(answer->status, answer->body) : std::nullopt) {
          resource = out.resource = *arn;
        } else {
          out.note += " [alias not resolved" + (failure.empty() ? "" : ": " + failure) + "]";
        }
      }
    }
  }
  const bool named = resource != "*" && arn::split(resource).has_value();
  // Cached by the resource that holds them: a bucket for its objects, a table for its indexes.
  const std::string holder = named ? policy_holder(op.service, resource) : resource;

  // The resource-based policy.
  if (named) {
    std::optional<ResourcePolicyCache::Policy> held = cache_.policy(holder, now);
    bool known = held.has_value();
    if (held) {
      out.policy = std::move(*held);
    } else if (std::optional<UpstreamRead> read = policy_read(
                   op.service, resource, region, options_.upstream_for(op.service).host_header())) {
      if (!can_ask()) return;
      std::string failure;
      std::optional<HttpResponse> answer = exchange(std::move(*read), failure);
      PolicyAnswer got;
      if (answer) got = read_policy_answer(op.service, answer->status, answer->body);
      if (!answer || !got.answered) {
        out.note = " [resource policy not read: " + (answer ? got.failure : failure) + "]";
      } else {
        known = true;
        if (got.document) {
          auto loaded = std::make_shared<api::LoadedPolicy>();
          loaded->id = "resource";
          loaded->type = policy::SourceType::kResource;
          loaded->document = std::move(*got.document);
          loaded->compiled = policy::compiled_policy_for(loaded->document);
          if (loaded->compiled) {
            out.policy = std::move(loaded);
          } else {
            out.note = " [resource policy unreadable: not a policy document]";
          }
        }
        cache_.put_policy(holder, out.policy, now);
      }
    } else {
      known = true;  // the service has no resource policies localiam reads
    }
    std::string account(arn::account_of(resource));
    if (account.empty()) account = options_.upstream_account;
    const bool cross_account = !account.empty() && account != caller_account;
    if (known && (out.policy || cross_account)) {
      out.has_slot = true;
      out.slot.policy = out.policy.get();
      out.slot.account = account;
      // A KMS key policy must allow (itself, or by delegating to the account).
      out.slot.required = op.service == "kms" && out.policy != nullptr;
    }
  }

  // The request's own keys; DynamoDB's partition key needs the table's key schema.
  std::string hash_key;
  if (op.service == "dynamodb" && named && resource.find(":table/") != std::string::npos &&
      (asks.leading_keys || policies_name({}, out.policy.get(), "dynamodb:leadingkeys"))) {
    std::string table = resource.substr(0, resource.find('/', resource.find(":table/") + 7));
    if (auto held = cache_.hash_key(table, now)) {
      hash_key = std::move(*held);
    } else if (auto read = key_schema_read(table)) {
      if (!can_ask()) return;
      std::string failure;
      std::optional<HttpResponse> answer = exchange(std::move(*read), failure);
      std::optional<std::string> key;
      if (answer) key = read_hash_key(answer->status, answer->body);
      if (key) {
        hash_key = *key;
        cache_.put_hash_key(table, std::move(*key), now);
      } else {
        out.note += " [table key schema not read" + (failure.empty() ? "" : ": " + failure) + "]";
      }
    }
  }
  OperationFacts named_op = op;
  named_op.resource = resource;
  add_request_conditions(named_op, request, hash_key, out.keys);
  // Key policies often name the calling account (with kms:ViaService, which no direct call has).
  if (op.service == "kms" && key_listed(op.action, "kms:CallerAccount"))
    out.keys.set("kms:CallerAccount", caller_account);

  // The resource's tags, when a policy asks for one.
  if (named && (asks.resource_tags || policies_name_resource_tags({}, out.policy.get()))) {
    std::optional<Tags> tags = cache_.tags(holder, now);
    if (!tags) {
      if (auto read = tags_read(op.service, resource, region,
                                options_.upstream_for(op.service).host_header())) {
        if (!can_ask()) return;
        std::string failure;
        std::optional<HttpResponse> answer = exchange(std::move(*read), failure);
        if (answer) tags = read_tags_answer(op.service, answer->status, answer->body);
        if (tags) {
          cache_.put_tags(holder, *tags, now);
        } else {
          out.note += " [resource tags not read" + (failure.empty() ? "" : ": " + failure) + "]";
        }
      }
    }
    if (tags) add_resource_tags(named_op, *tags, out.keys);
  }
}

void ResourceReader::invalidate(std::string_view service, std::string_view operation,
                                std::string_view resource) const {
  cache_.invalidate(service, operation,
                    resource == "*" ? std::string(resource) : policy_holder(service, resource));
}

}  // namespace localiam::gateway
