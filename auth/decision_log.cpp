#include "auth/decision_log.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <utility>

#include "common/clock.hpp"
#include "common/json_escape.hpp"
#include "policy/wildcard.hpp"

namespace localiam::api {

DecisionEntry decision_entry(const AuthzDecision& d, std::string action, std::string resource) {
  DecisionEntry e;
  e.action = std::move(action);
  e.resource = std::move(resource);
  e.decision = std::string(policy::decision_name(d.effect));
  e.decided_by = std::string(policy_type_name(d.decided_by));
  e.reason = d.reason;
  for (const DecidingStatement& s : d.statements) {
    DecisionStatement out;
    out.policy = s.policy_id;
    out.arn = s.policy_arn;
    out.type = std::string(policy_type_name(s.type));
    if (s.policy && s.index < s.policy->statements.size())
      out.sid = s.policy->statements[s.index].sid;
    out.index = s.index + 1;
    out.effect = s.effect == policy::Effect::kAllow ? "Allow" : "Deny";
    e.statements.push_back(std::move(out));
  }
  e.keys_asked = d.keys_asked;
  e.keys_missing = d.keys_missing;
  return e;
}

void DecisionLog::add(DecisionEntry entry) {
  if (capacity_ == 0) return;
  DecisionEntry dropped;  // freed outside the lock
  std::lock_guard<std::mutex> lock(mutex_);
  entry.sequence = next_++;
  if (entries_.size() >= capacity_) {
    dropped = std::move(entries_.front());
    entries_.pop_front();
  }
  entries_.push_back(std::move(entry));
}

void DecisionLog::add(DecisionEntry entry, const Principal& caller, std::string_view request_id,
                      std::string_view region, const Clock& clock) {
  entry.request_id = std::string(request_id);
  entry.region = std::string(region);
  entry.principal = caller.arn;
  entry.account = caller.account_id;
  entry.time_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock.now().time_since_epoch()).count();
  add(std::move(entry));
}

size_t DecisionLog::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

namespace {

bool matches(const DecisionEntry& e, const DecisionFilter& f) {
  if (e.time_ms < f.since_ms || e.sequence <= f.after_sequence) return false;
  if (!f.principal.empty() && e.principal != f.principal) return false;
  if (!f.action.empty() && !policy::wildcard_match(f.action, e.action, true)) return false;
  if (f.decision.empty() || f.decision == e.decision) return true;
  return f.decision == "denied" && e.decision != "allowed";
}

}  // namespace

void DecisionLog::each(int64_t since_ms,
                       const std::function<void(const DecisionEntry&)>& visit) const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const DecisionEntry& e : entries_)
    if (e.time_ms >= since_ms) visit(e);
}

uint64_t DecisionLog::newest_sequence() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return next_ - 1;
}

std::vector<DecisionEntry> DecisionLog::find(const DecisionFilter& filter) const {
  std::vector<DecisionEntry> out;
  if (filter.limit == 0) return out;
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = entries_.rbegin(); it != entries_.rend() && out.size() < filter.limit; ++it)
    if (matches(*it, filter)) out.push_back(*it);
  std::reverse(out.begin(), out.end());
  return out;
}

namespace {

void add_string(std::string& out, std::string_view name, std::string_view value) {
  out.append("\"").append(name).append("\":\"").append(json_escape(value)).append("\"");
}

void add_strings(std::string& out, std::string_view name, const std::vector<std::string>& list) {
  out.append("\"").append(name).append("\":[");
  for (size_t i = 0; i < list.size(); ++i)
    out.append(i ? ",\"" : "\"").append(json_escape(list[i])).append("\"");
  out.append("]");
}

std::string time_text(int64_t ms) {
  const int64_t seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  std::string t = format_iso8601(seconds);  // …:SSZ
  char millis[8];
  std::snprintf(millis, sizeof millis, ".%03d", static_cast<int>(ms - seconds * 1000));
  t.insert(t.size() - 1, millis);
  return t;
}

}  // namespace

std::string decision_json(const DecisionEntry& e) {
  std::string out = "{\"sequence\":" + std::to_string(e.sequence) + ",";
  add_string(out, "time", time_text(e.time_ms));
  for (const auto& [name, value] :
       {std::pair<std::string_view, const std::string*>{"requestId", &e.request_id},
        {"principal", &e.principal},
        {"account", &e.account},
        {"region", &e.region},
        {"action", &e.action},
        {"resource", &e.resource},
        {"decision", &e.decision},
        {"decidedBy", &e.decided_by},
        {"reason", &e.reason}}) {
    out += ",";
    add_string(out, name, *value);
  }
  out += ",\"statements\":[";
  for (size_t s = 0; s < e.statements.size(); ++s) {
    const DecisionStatement& st = e.statements[s];
    out += s ? ",{" : "{";
    add_string(out, "policy", st.policy);
    out += ",";
    if (!st.arn.empty()) {
      add_string(out, "policyArn", st.arn);
      out += ",";
    }
    add_string(out, "policyType", st.type);
    out += ",";
    add_string(out, "sid", st.sid);
    out += ",\"index\":" + std::to_string(st.index) + ",";
    add_string(out, "effect", st.effect);
    out += "}";
  }
  out += "],";
  add_strings(out, "contextKeysAsked", e.keys_asked);
  out += ",";
  add_strings(out, "contextKeysMissing", e.keys_missing);
  return out + "}";
}

std::string decisions_json(const std::vector<DecisionEntry>& entries, size_t capacity) {
  std::string out = "{\"capacity\":" + std::to_string(capacity) + ",\"decisions\":[";
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i) out += ',';
    out += decision_json(entries[i]);
  }
  return out + "]}";
}

}  // namespace localiam::api
