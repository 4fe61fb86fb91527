// Server-sent events of the decisions being made (GET /_localiam/decisions?follow=1, and
// `localiam decisions --follow`): each follower's stream gets every decision added after it
// started that its filter matches, as `id: SEQUENCE`, `event: decision` and `data: {…}` (the
// entry as GET /_localiam/decisions writes it), and a comment every 15 seconds so that a client
// that left is noticed. One thread reads the log every 100 ms for all followers; a follower
// whose client is slow gets the next batch once its last is written. stop(), called when the
// server's stop sequence begins, ends every stream once the decisions already made are written,
// so that the server can drain.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "auth/decision_log.hpp"
#include "server/http_stream.hpp"

namespace localiam::server {

class DecisionFollowers {
 public:
  // `log` must outlive this object.
  explicit DecisionFollowers(const api::DecisionLog& log);
  ~DecisionFollowers();
  DecisionFollowers(const DecisionFollowers&) = delete;
  DecisionFollowers& operator=(const DecisionFollowers&) = delete;

  // Streams to `stream` the decisions added from now on that `filter` matches (its limit and
  // after_sequence are set here).
  void follow(std::shared_ptr<HttpStream> stream, api::DecisionFilter filter);
  // Ends every stream (now and from now on) after what the log holds for it; thread-safe,
  // returns at once.
  void stop();

  struct Follower;
  struct State;

 private:
  void run();

  const api::DecisionLog& log_;
  std::shared_ptr<State> state_;
  std::thread thread_;
};

}  // namespace localiam::server
