// GET /_localiam/state as a streaming route: the state's JSON (storage/state_snapshot.hpp),
// taken under the database lock, leaves in pieces of at most 64 KiB with chunked framing, each
// written once the previous one is on the wire, so that a large export is never copied into a
// second whole-response buffer and a slow reader holds no lock.
#pragma once

#include <memory>

#include "auth/service_context.hpp"
#include "server/http_stream.hpp"

namespace localiam::server {

void stream_state(const api::ServiceContext& service, std::shared_ptr<HttpStream> stream);

}  // namespace localiam::server
