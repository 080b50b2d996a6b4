#include "agent/ocf/agent_log.hpp"

#include "common/base/strings.hpp"
#include "common/pq/conninfo.hpp"

#include <fcntl.h>
#include <syslog.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <memory>
#include <utility>

namespace pgha::agent {

namespace {

// The state behind the installed sinks: one per process, set once by main.
struct Destinations {
  LogSettings settings;
  int file_fd = -1;
  int debug_fd = -1;
  bool syslog_open = false;
};

Destinations& destinations() {
  static Destinations s_destinations;
  return s_destinations;
}

int facility_code(std::string_view name) {
  struct Entry {
    std::string_view name;
    int code;
  };
  static constexpr Entry k_facilities[] = {
      {"daemon", LOG_DAEMON},     {"user", LOG_USER},     {"auth", LOG_AUTH},
      {"authpriv", LOG_AUTHPRIV}, {"cron", LOG_CRON},     {"lpr", LOG_LPR},
      {"mail", LOG_MAIL},         {"news", LOG_NEWS},     {"syslog", LOG_SYSLOG},
      {"uucp", LOG_UUCP},         {"local0", LOG_LOCAL0}, {"local1", LOG_LOCAL1},
      {"local2", LOG_LOCAL2},     {"local3", LOG_LOCAL3}, {"local4", LOG_LOCAL4},
      {"local5", LOG_LOCAL5},     {"local6", LOG_LOCAL6}, {"local7", LOG_LOCAL7},
  };
  for (const auto& f : k_facilities)
    if (f.name == name)
      return f.code;
  return LOG_DAEMON;
}

int syslog_priority(log::Level level) {
  switch (level) {
  case log::Level::error:
    return LOG_ERR;
  case log::Level::warn:
    return LOG_WARNING;
  case log::Level::info:
  case log::Level::detail:
    return LOG_INFO;
  case log::Level::debug:
    return LOG_DEBUG;
  }
  return LOG_INFO;
}

// ocf_log's prefixes: detail is an informational line for the operator.
std::string_view prefix(log::Level level) {
  return level == log::Level::detail ? std::string_view("INFO") : log::level_name(level);
}

std::string first_of(const EnvMap& env, std::initializer_list<const char*> keys) {
  for (const char* k : keys)
    if (auto it = env.find(k); it != env.end() && !it->second.empty())
      return it->second;
  return {};
}

std::string now_text(const std::string& datefmt) {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[128];
  // HA_DATEFMT is the operator's format by design (ocf_log's contract).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  size_t n = std::strftime(buf, sizeof buf, datefmt.c_str(), &tm);
#pragma GCC diagnostic pop
  return std::string(buf, n);
}

void write_line(int fd, const std::string& line) {
  if (fd < 0)
    return;
  // One write per line keeps lines whole when several agents append to the same file.
  ssize_t ignored = ::write(fd, line.data(), line.size());
  (void)ignored;
}

std::string file_line(const Destinations& d, log::Level level, std::string_view message) {
  return now_text(d.settings.datefmt) + d.settings.tag + ":    " + std::string(prefix(level)) +
         ": " + std::string(message) + "\n";
}

void emit(log::Level level, std::string_view raw, bool with_stderr) {
  auto& d = destinations();
  std::string message = redact_secrets(raw);
  const bool is_debug = level == log::Level::debug;
  if (d.settings.terminal) {
    if (with_stderr)
      std::fprintf(stderr, "%s: %s\n", std::string(prefix(level)).c_str(), message.c_str());
    return;
  }
  if (d.syslog_open)
    ::syslog(syslog_priority(level), "%s: %s", std::string(prefix(level)).c_str(), message.c_str());
  std::string line = file_line(d, level, message);
  if (!is_debug)
    write_line(d.file_fd, line);
  write_line(d.debug_fd, line);
  if (with_stderr && d.settings.to_stderr && !is_debug)
    std::fputs(line.c_str(), stderr);
}

int open_append(const std::string& path) {
  if (path.empty())
    return -1;
  return ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
}

} // namespace

std::string redact_secrets(std::string_view message) {
  if (to_lower(message).find("password") == std::string::npos)
    return std::string(message);
  return pq::redact_conninfo(message);
}

LogSettings log_settings_from(const EnvMap& env, const std::string& resource, int pid,
                              bool stdin_tty) {
  LogSettings s;
  s.tag = first_of(env, {"HA_LOGTAG"});
  if (s.tag.empty())
    s.tag = "expgsql(" + (resource.empty() ? std::string("expgsql") : resource) + ")[" +
            std::to_string(pid) + "]";
  s.facility = first_of(env, {"HA_LOGFACILITY", "HA_logfacility"});
  if (s.facility == "none")
    s.facility.clear();
  s.logfile = first_of(env, {"HA_LOGFILE", "HA_logfile"});
  s.debuglog = first_of(env, {"HA_DEBUGLOG", "HA_debugfile"});
  if (s.debuglog == s.logfile || s.debuglog == "/dev/null")
    s.debuglog.clear();
  if (auto f = first_of(env, {"HA_DATEFMT"}); !f.empty())
    s.datefmt = f;
  auto dbg = first_of(env, {"HA_debug", "HA_DEBUG"});
  s.debug = !dbg.empty() && dbg != "0" && dbg != "false" && dbg != "no";
  s.terminal = stdin_tty;
  s.to_stderr = s.facility.empty() && s.logfile.empty();
  return s;
}

void install_agent_logging(const LogSettings& settings) {
  auto& d = destinations();
  d.settings = settings;
  if (!settings.terminal) {
    d.file_fd = open_append(settings.logfile);
    d.debug_fd = settings.debug ? open_append(settings.debuglog) : -1;
    if (!settings.facility.empty()) {
      // openlog keeps the pointer: the tag lives in the static settings above.
      ::openlog(d.settings.tag.c_str(), 0, facility_code(settings.facility));
      d.syslog_open = true;
    }
  }
  log::Level max = settings.debug ? log::Level::debug : log::Level::detail;
  log::set_sinks({log::Sink{
      max, [](log::Level level, std::string_view message) { emit(level, message, true); }}});
}

void log_except_stderr(log::Level level, std::string_view message) {
  emit(level, message, false);
}

} // namespace pgha::agent
