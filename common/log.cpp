#include "common/log.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>

#include "common/clock.hpp"

namespace localiam::log {

namespace {
std::atomic<int> g_level{static_cast<int>(Level::kInfo)};

constexpr std::string_view kNames[] = {"error", "warn", "info", "debug"};
}  // namespace

void set_level(Level level) { g_level.store(static_cast<int>(level)); }

bool enabled(Level level) {
  return static_cast<int>(level) <= g_level.load(std::memory_order_relaxed);
}

bool parse_level(std::string_view text, Level& out) {
  for (int i = 0; i < 4; ++i) {
    if (text == kNames[i]) {
      out = static_cast<Level>(i);
      return true;
    }
  }
  return false;
}

void write(Level level, std::string_view line) {
  if (!enabled(level)) return;
  std::string buffer;
  buffer.reserve(line.size() + 1);
  buffer.append(line);
  buffer.push_back('\n');
  // One write(2) per line keeps concurrent lines whole.
  size_t done = 0;
  while (done < buffer.size()) {
    ssize_t n = ::write(STDERR_FILENO, buffer.data() + done, buffer.size() - done);
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

void message(Level level, std::string_view text) {
  if (!enabled(level)) return;
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  std::string line = format_iso8601(now);
  line += " localiam ";
  line += kNames[static_cast<int>(level)];
  line += ": ";
  line += text;
  write(level, line);
}

}  // namespace localiam::log
