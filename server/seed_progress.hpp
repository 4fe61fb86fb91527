// SeedProgress: what creating a seed's entities shows, and how it is stopped. On a terminal it
// keeps one stderr line up to date (steps done of all, per second) once the seed has taken a
// second; when stderr is not a terminal it writes nothing. While it exists, SIGINT and SIGTERM
// only ask the seed to stop at its next step (the caller then rolls back and says so).
#pragma once

#include <chrono>
#include <csignal>
#include <cstddef>
#include <string>

namespace localiam::server {

class SeedProgress {
 public:
  // `total` is the number of steps; installs the signal handlers.
  explicit SeedProgress(size_t total);
  // Restores the previous signal handlers and ends the progress line.
  ~SeedProgress();
  SeedProgress(const SeedProgress&) = delete;
  SeedProgress& operator=(const SeedProgress&) = delete;

  // Called after each step; false once a signal asked to stop.
  bool operator()(size_t done);
  // The signal that stopped the seed, 0 if none did.
  int stop_signal() const;

 private:
  size_t total_;
  bool terminal_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
  struct sigaction old_int_ {
  }, old_term_{};
};

}  // namespace localiam::server
