#include "server/seed_progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace localiam::server {

namespace {

volatile std::sig_atomic_t g_stop_signal = 0;

void on_signal(int number) { g_stop_signal = number; }

}  // namespace

SeedProgress::SeedProgress(size_t total)
    : total_(total),
      terminal_(::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {
  g_stop_signal = 0;
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &old_int_);
  sigaction(SIGTERM, &action, &old_term_);
}

SeedProgress::~SeedProgress() {
  sigaction(SIGINT, &old_int_, nullptr);
  sigaction(SIGTERM, &old_term_, nullptr);
  if (drawn_) std::fputs("\n", stderr);
}

bool SeedProgress::operator()(size_t done) {
  if (g_stop_signal != 0) return false;
  // Checking the clock every step would cost more than some steps do.
  if (!terminal_ || done % 64 != 0) return true;
  const auto now = std::chrono::steady_clock::now();
  if (now - start_ < std::chrono::seconds(1) || now - last_draw_ < std::chrono::milliseconds(250))
    return true;
  last_draw_ = now;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  std::fprintf(stderr, "\rlocaliam: seeding: %zu of %zu entities made (%.0f/s)   ", done, total_,
               done / seconds);
  std::fflush(stderr);
  drawn_ = true;
  return true;
}

int SeedProgress::stop_signal() const { return g_stop_signal; }

}  // namespace localiam::server
