// A small leveled logger: one line per call on stderr, written with a single write so lines
// from different threads never interleave. The level is process-wide (set once at start-up).
// Callers must never pass secrets (secret keys, session tokens, signatures).
#pragma once

#include <string_view>

namespace localiam::log {

enum class Level { kError = 0, kWarn = 1, kInfo = 2, kDebug = 3 };

void set_level(Level level);
bool enabled(Level level);
// Parses "error" | "warn" | "info" | "debug"; false if unknown.
bool parse_level(std::string_view text, Level& out);

// Writes `line` plus a newline when `level` is enabled.
void write(Level level, std::string_view line);
// "2026-11-28T05:00:00Z localiam <level>: <message>"
void message(Level level, std::string_view text);

}  // namespace localiam::log
