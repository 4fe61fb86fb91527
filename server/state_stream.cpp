#include "server/state_stream.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "storage/state_snapshot.hpp"

namespace localiam::server {
namespace {

constexpr size_t kPieceSize = 64 * 1024;

// Writes json[offset…] one piece at a time, then finishes.
struct Export : std::enable_shared_from_this<Export> {
  std::shared_ptr<HttpStream> stream;
  std::string json;
  size_t offset = 0;

  void next(bool ok) {
    if (!ok || offset >= json.size()) return stream->finish();
    const size_t n = std::min(kPieceSize, json.size() - offset);
    std::string piece = json.substr(offset, n);
    offset += n;
    stream->write_body(std::move(piece),
                       [self = shared_from_this()](bool done) { self->next(done); });
  }
};

}  // namespace

void stream_state(const api::ServiceContext& service, std::shared_ptr<HttpStream> stream) {
  auto job = std::make_shared<Export>();
  job->stream = std::move(stream);
  {
    auto lock = service.db.lock();
    job->json = storage::export_state(service.db);
  }
  ResponseHead head;
  head.status = 200;
  head.content_type = "application/json";
  job->stream->write_head(std::move(head), [job](bool ok) { job->next(ok); });
}

}  // namespace localiam::server
