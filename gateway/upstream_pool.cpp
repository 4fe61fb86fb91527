#include "gateway/upstream_pool.hpp"

#include <utility>

namespace localiam::gateway {

std::unique_ptr<UpstreamConnection> UpstreamPool::take(const UpstreamUrl& upstream) {
  const auto now = std::chrono::steady_clock::now();
  std::unique_ptr<UpstreamConnection> found;
  std::vector<std::unique_ptr<UpstreamConnection>> stale;  // closed outside the lock
  {
    std::lock_guard<std::mutex> lock(mutex_);
    std::erase_if(idle_, [&](std::unique_ptr<UpstreamConnection>& c) {
      if (now - c->idle_since <= limits_.idle_timeout) return false;
      stale.push_back(std::move(c));
      return true;
    });
    // Newest first: the likeliest to be alive.
    for (auto it = idle_.rbegin(); it != idle_.rend(); ++it) {
      const UpstreamUrl& u = (*it)->upstream();
      if (u.host == upstream.host && u.port == upstream.port) {
        found = std::move(*it);
        idle_.erase(std::next(it).base());
        break;
      }
    }
  }
  if (found && !found->idle_alive()) found.reset();
  if (!found) found = std::make_unique<UpstreamConnection>(upstream);
  return found;
}

void UpstreamPool::give_back(std::unique_ptr<UpstreamConnection> connection) {
  if (!connection || !connection->reusable()) return;
  connection->idle_since = std::chrono::steady_clock::now();
  std::unique_ptr<UpstreamConnection> evicted;
  std::lock_guard<std::mutex> lock(mutex_);
  if (limits_.max_idle == 0) return;
  if (idle_.size() >= limits_.max_idle) {
    evicted = std::move(idle_.front());
    idle_.erase(idle_.begin());
  }
  idle_.push_back(std::move(connection));
}

size_t UpstreamPool::idle() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return idle_.size();
}

UpstreamPool& UpstreamPool::shared() {
  static UpstreamPool pool;
  return pool;
}

}  // namespace localiam::gateway
