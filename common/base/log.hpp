#pragma once
// Process-wide logging. Each binary installs its sinks once in main (stderr for the tools;
// HA_LOGFILE / HA_DEBUGLOG / syslog for the agent); everything else only calls the helpers.
// Messages are lowercase, without a final full stop, with names in double quotes.

#include <fmt/format.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace pgha::log {

enum class Level { error = 0, warn = 1, info = 2, detail = 3, debug = 4 };

std::string_view level_name(Level level);

// A sink receives every message at or above its own level.
struct Sink {
  Level max_level = Level::info;
  std::function<void(Level, std::string_view)> write;
};

// Replace all sinks. Not thread-safe: call from main before any work starts.
void set_sinks(std::vector<Sink> sinks);

// A sink writing "LEVEL: message" lines to stderr.
Sink stderr_sink(Level max_level);

// True when some sink would accept `level` (lets callers skip building costly messages).
bool enabled(Level level);

void write(Level level, std::string_view message);

template <typename... Args>
void error(fmt::format_string<Args...> f, Args&&... args) {
  write(Level::error, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void warn(fmt::format_string<Args...> f, Args&&... args) {
  write(Level::warn, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void info(fmt::format_string<Args...> f, Args&&... args) {
  write(Level::info, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void detail(fmt::format_string<Args...> f, Args&&... args) {
  if (enabled(Level::detail))
    write(Level::detail, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void debug(fmt::format_string<Args...> f, Args&&... args) {
  if (enabled(Level::debug))
    write(Level::debug, fmt::format(f, std::forward<Args>(args)...));
}

} // namespace pgha::log
