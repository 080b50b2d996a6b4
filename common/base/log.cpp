#include "common/base/log.hpp"

#include <cstdio>

namespace pgha::log {

namespace {
// The only mutable global outside main: the installed sinks.
std::vector<Sink>& sinks() {
  static std::vector<Sink> s_sinks{stderr_sink(Level::warn)};
  return s_sinks;
}
} // namespace

std::string_view level_name(Level level) {
  switch (level) {
  case Level::error:
    return "ERROR";
  case Level::warn:
    return "WARNING";
  case Level::info:
    return "INFO";
  case Level::detail:
    return "DETAIL";
  case Level::debug:
    return "DEBUG";
  }
  return "?";
}

void set_sinks(std::vector<Sink> new_sinks) {
  sinks() = std::move(new_sinks);
}

Sink stderr_sink(Level max_level) {
  return Sink{max_level, [](Level level, std::string_view message) {
                std::fprintf(stderr, "%.*s: %.*s\n", static_cast<int>(level_name(level).size()),
                             level_name(level).data(), static_cast<int>(message.size()),
                             message.data());
              }};
}

bool enabled(Level level) {
  for (const auto& sink : sinks())
    if (level <= sink.max_level)
      return true;
  return false;
}

void write(Level level, std::string_view message) {
  for (const auto& sink : sinks())
    if (level <= sink.max_level && sink.write)
      sink.write(level, message);
}

} // namespace pgha::log
