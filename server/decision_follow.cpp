#include "server/decision_follow.hpp"

#include <chrono>

namespace localiam::server {

namespace {

constexpr auto kPoll = std::chrono::milliseconds(100);
constexpr auto kKeepAlive = std::chrono::seconds(15);
constexpr size_t kBatch = 1000;  // decisions per write at most

}  // namespace

struct DecisionFollowers::Follower {
  std::shared_ptr<HttpStream> stream;
  api::DecisionFilter filter;
  bool busy = false;     // a write is in flight
  bool gone = false;     // the client left: finish when not busy
  bool closing = false;  // the server stops: write what is left, then finish
  std::chrono::steady_clock::time_point last_write = std::chrono::steady_clock::now();
};

// Shared with the write callbacks, which may run after the followers object is gone.
struct DecisionFollowers::State {
  std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;
  bool quit = false;  // the thread ends
  std::vector<std::shared_ptr<Follower>> followers;
};

DecisionFollowers::DecisionFollowers(const api::DecisionLog& log)
    : log_(log), state_(std::make_shared<State>()), thread_([this] { run(); }) {}

DecisionFollowers::~DecisionFollowers() {
  stop();
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->quit = true;
  }
  state_->wake.notify_all();
  thread_.join();
  // Streams still writing finish in their callbacks' absence: the server has stopped by now.
}

void DecisionFollowers::follow(std::shared_ptr<HttpStream> stream, api::DecisionFilter filter) {
  auto f = std::make_shared<Follower>();
  f->stream = std::move(stream);
  f->filter = std::move(filter);
  f->filter.limit = kBatch;
  f->filter.after_sequence = log_.newest_sequence();
  f->busy = true;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    if (state_->stopping) f->closing = true;
    state_->followers.push_back(f);
  }
  ResponseHead head;
  head.content_type = "text/event-stream";
  head.headers.emplace_back("Cache-Control", "no-cache");
  std::weak_ptr<State> weak = state_;
  f->stream->write_head(std::move(head), [weak, f](bool ok) {
    // A comment first, so that the client sees the stream open before any decision.
    f->stream->write_body(": following decisions\n\n", [weak, f, ok](bool written) {
      auto state = weak.lock();
      if (!state) return;
      std::lock_guard<std::mutex> lock(state->mutex);
      f->busy = false;
      if (!ok || !written) f->gone = true;
    });
  });
}

void DecisionFollowers::stop() {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->stopping = true;
    for (auto& f : state_->followers) f->closing = true;
  }
  state_->wake.notify_all();
}

void DecisionFollowers::run() {
  std::unique_lock<std::mutex> lock(state_->mutex);
  while (!state_->quit) {
    state_->wake.wait_for(lock, kPoll);
    // What to do, decided under the lock; the streams are called outside it.
    std::vector<std::shared_ptr<Follower>> to_finish;
    std::vector<std::pair<std::shared_ptr<Follower>, std::string>> to_write;
    const auto now = std::chrono::steady_clock::now();
    auto& followers = state_->followers;
    for (auto it = followers.begin(); it != followers.end();) {
      const std::shared_ptr<Follower>& f = *it;
      if (f->busy) {
        ++it;
        continue;
      }
      if (f->gone) {
        to_finish.push_back(f);
        it = followers.erase(it);
        continue;
      }
      std::string piece;
      for (const api::DecisionEntry& e : log_.find(f->filter)) {
        piece += "id: " + std::to_string(e.sequence) +
                 "\nevent: decision\ndata: " + api::decision_json(e) + "\n\n";
        f->filter.after_sequence = e.sequence;
      }
      if (piece.empty() && f->closing) {
        to_finish.push_back(f);
        it = followers.erase(it);
        continue;
      }
      if (piece.empty() && now - f->last_write >= kKeepAlive) piece = ": keep-alive\n\n";
      if (!piece.empty()) {
        f->busy = true;
        f->last_write = now;
        to_write.emplace_back(f, std::move(piece));
      }
      ++it;
    }
    lock.unlock();
    for (auto& f : to_finish) f->stream->finish();
    std::weak_ptr<State> weak = state_;
    for (auto& [f, piece] : to_write) {
      f->stream->write_body(std::move(piece), [weak, f = f](bool ok) {
        auto state = weak.lock();
        if (!state) return;
        std::lock_guard<std::mutex> relock(state->mutex);
        f->busy = false;
        if (!ok) f->gone = true;
      });
    }
    lock.lock();
  }
}

}  // namespace localiam::server
