#include "server/metrics.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string_view>
#include <tuple>

#include "api/action_table.hpp"
#include "common/aws_error.hpp"
#include "gateway/forwarded_counts.hpp"

namespace localiam::server {

namespace {

#define LOCALIAM_ERROR_NAME(name, status, sender) #name,
constexpr const char* kErrorCodes[] = {LOCALIAM_AWS_ERROR_TABLE(LOCALIAM_ERROR_NAME)};
#undef LOCALIAM_ERROR_NAME
constexpr size_t kErrorCount = sizeof kErrorCodes / sizeof kErrorCodes[0];

// Errors that mean the caller was not authenticated or not allowed: the auth failure reasons.
constexpr std::string_view kAuthFailures[] = {
    "InvalidClientTokenId",       "SignatureDoesNotMatch", "IncompleteSignature",
    "MissingAuthenticationToken", "ExpiredToken",          "AccessDenied",
    "InvalidAuthenticationCode"};

size_t status_index(int status) {
  for (size_t i = 0; i + 1 < Metrics::kStatuses.size(); ++i)
    if (Metrics::kStatuses[i] == status) return i;
  return Metrics::kStatuses.size() - 1;  // "other"
}

int64_t epoch_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void line(std::string& out, const std::string& name_and_labels, uint64_t value) {
  out += name_and_labels;
  out += ' ';
  out += std::to_string(value);
  out += '\n';
}

std::string label_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

Metrics::Metrics()
    : slots_(new Slot[kSlots]),
      errors_(new std::atomic<uint64_t>[kErrorCount]()),
      started_(epoch_now()) {}

Metrics::Slot* Metrics::slot_for(const api::RequestRecord& record) {
  const std::optional<api::Service> named = api::service_from_name(record.service);
  const api::Service service = named.value_or(api::Service::kIam);
  const api::Action* action = named ? api::find_action(service, record.action) : nullptr;
  if (!action) return service == api::Service::kSts ? &unknown_sts_ : &unknown_iam_;
  size_t i = (reinterpret_cast<uintptr_t>(action) / alignof(api::Action)) % kSlots;
  for (size_t probes = 0; probes < kSlots; ++probes, i = (i + 1) % kSlots) {
    const api::Action* held = slots_[i].action.load(std::memory_order_acquire);
    if (held == action) return &slots_[i];
    if (!held) {
      const api::Action* expected = nullptr;
      if (slots_[i].action.compare_exchange_strong(expected, action, std::memory_order_acq_rel) ||
          expected == action)
        return &slots_[i];
    }
  }
  return &unknown_iam_;
}

void Metrics::record(const api::RequestRecord& record, int64_t latency_us) {
  Slot* slot = slot_for(record);
  slot->by_status[status_index(record.status)].fetch_add(1, std::memory_order_relaxed);
  size_t bucket = 0;
  while (bucket < kBucketsUs.size() && latency_us > kBucketsUs[bucket]) ++bucket;
  slot->buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  slot->latency_sum_us.fetch_add(static_cast<uint64_t>(latency_us > 0 ? latency_us : 0),
                                 std::memory_order_relaxed);
  if (!record.error_code.empty()) {
    for (size_t i = 0; i < kErrorCount; ++i) {
      if (record.error_code == kErrorCodes[i]) {
        errors_[i].fetch_add(1, std::memory_order_relaxed);
        break;
      }
    }
  }
}

std::string Metrics::render(const std::vector<std::pair<std::string, int64_t>>& rows) const {
  struct Named {
    const Slot* slot;
    std::string service, action;
  };
  std::vector<Named> used;
  for (size_t i = 0; i < kSlots; ++i) {
    if (const api::Action* a = slots_[i].action.load(std::memory_order_acquire))
      used.push_back(
          {&slots_[i], std::string(api::service_name(a->service)), std::string(a->name)});
  }
  std::sort(used.begin(), used.end(), [](const Named& x, const Named& y) {
    return std::tie(x.service, x.action) < std::tie(y.service, y.action);
  });
  used.push_back({&unknown_iam_, std::string(api::service_name(api::Service::kIam)), "unknown"});
  used.push_back({&unknown_sts_, std::string(api::service_name(api::Service::kSts)), "unknown"});

  std::string out;
  out += "# HELP localiam_build_info localiam's version.\n# TYPE localiam_build_info gauge\n";
  out += "localiam_build_info{version=\"" LOCALIAM_VERSION "\"} 1\n";
  out +=
      "# HELP localiam_start_time_seconds When the server started (Unix time).\n"
      "# TYPE localiam_start_time_seconds gauge\n";
  line(out, "localiam_start_time_seconds", static_cast<uint64_t>(started_));

  out +=
      "# HELP localiam_requests_total AWS requests answered, by service, action and HTTP "
      "status.\n# TYPE localiam_requests_total counter\n";
  for (const Named& n : used) {
    for (size_t s = 0; s < kStatuses.size(); ++s) {
      uint64_t v = n.slot->by_status[s].load(std::memory_order_relaxed);
      if (!v) continue;
      std::string status = kStatuses[s] ? std::to_string(kStatuses[s]) : "other";
      line(out,
           "localiam_requests_total{service=\"" + n.service + "\",action=\"" +
               label_escape(n.action) + "\",status=\"" + status + "\"}",
           v);
    }
  }

  out +=
      "# HELP localiam_request_duration_seconds Time from the complete request to the "
      "response, by service and action.\n# TYPE localiam_request_duration_seconds histogram\n";
  for (const Named& n : used) {
    uint64_t cumulative = 0;
    const std::string labels =
        "service=\"" + n.service + "\",action=\"" + label_escape(n.action) + "\"";
    std::string lines;
    for (size_t b = 0; b <= kBucketsUs.size(); ++b) {
      cumulative += n.slot->buckets[b].load(std::memory_order_relaxed);
      char le[32];
      if (b < kBucketsUs.size())
        std::snprintf(le, sizeof le, "%g", static_cast<double>(kBucketsUs[b]) / 1e6);
      else
        std::snprintf(le, sizeof le, "+Inf");
      lines += "localiam_request_duration_seconds_bucket{" + labels + ",le=\"" + le + "\"} " +
               std::to_string(cumulative) + "\n";
    }
    if (!cumulative) continue;
    out += lines;
    char sum[48];
    std::snprintf(
        sum, sizeof sum, "%.6f",
        static_cast<double>(n.slot->latency_sum_us.load(std::memory_order_relaxed)) / 1e6);
    out += "localiam_request_duration_seconds_sum{" + labels + "} " + sum + "\n";
    line(out, "localiam_request_duration_seconds_count{" + labels + "}", cumulative);
  }

  out +=
      "# HELP localiam_errors_total AWS error responses, by error code.\n"
      "# TYPE localiam_errors_total counter\n";
  for (size_t i = 0; i < kErrorCount; ++i) {
    uint64_t v = errors_[i].load(std::memory_order_relaxed);
    if (v) line(out, std::string("localiam_errors_total{code=\"") + kErrorCodes[i] + "\"}", v);
  }

  out +=
      "# HELP localiam_auth_failures_total Requests refused because the caller could not be "
      "authenticated or was not allowed, by reason (the AWS error code).\n"
      "# TYPE localiam_auth_failures_total counter\n";
  for (std::string_view reason : kAuthFailures) {
    uint64_t v = 0;
    for (size_t i = 0; i < kErrorCount; ++i)
      if (reason == kErrorCodes[i]) v = errors_[i].load(std::memory_order_relaxed);
    line(out, "localiam_auth_failures_total{reason=\"" + std::string(reason) + "\"}", v);
  }

  if (forwarded_) out += forwarded_->render();

  out +=
      "# HELP localiam_entities Rows stored per kind of entity (database table), over all "
      "accounts.\n# TYPE localiam_entities gauge\n";
  for (const auto& [table, count] : rows)
    line(out, "localiam_entities{kind=\"" + label_escape(table) + "\"}",
         static_cast<uint64_t>(count));
  return out;
}

}  // namespace localiam::server
