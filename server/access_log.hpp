// The access log: one JSON object per request (time, account, principal ARN, service,
// action, status, error code, latency, request id), written at level info. Built from a
// RequestRecord, which holds no secrets.
#pragma once

#include <string>

#include "api/request_record.hpp"
#include "common/json_escape.hpp"

namespace localiam::server {

// `latency_us` is microseconds from the complete request to the response being ready.
std::string access_log_line(const api::RequestRecord& record, long long latency_us);

}  // namespace localiam::server
