#pragma once
// Logging the way ocf_log does it, without forking logger/date: syslog(3) with
// HA_LOGFACILITY and a tag, HA_LOGFILE and HA_DEBUGLOG appended line by line, stderr when
// neither a facility nor a file is configured (or when stdin is a terminal). Debug lines
// only with HA_debug. Every line passes through a password redactor first.

#include "agent/ocf/env_reader.hpp"
#include "common/base/log.hpp"

#include <string>
#include <string_view>

namespace pgha::agent {

struct LogSettings {
  std::string tag;                   // HA_LOGTAG, else "expgsql(<resource>)[<pid>]"
  std::string facility;              // syslog facility name; empty = no syslog
  std::string logfile;               // HA_LOGFILE; empty = none
  std::string debuglog;              // HA_DEBUGLOG when it differs from the log file
  std::string datefmt = "%b %d %T "; // HA_DATEFMT
  bool debug = false;                // HA_debug set and not "0"
  bool to_stderr = false;            // no facility and no file, or stdin is a terminal
  bool terminal = false;             // stdin is a terminal: stderr only
};

// Settings from the HA_* variables (upper and Pacemaker's lower-case mirrors), for
// `resource` (OCF_RESOURCE_INSTANCE) and this process id. `stdin_tty` as isatty(0).
LogSettings log_settings_from(const EnvMap& env, const std::string& resource, int pid,
                              bool stdin_tty);

// Install the sinks described by `settings` as the process-wide log sinks.
void install_agent_logging(const LogSettings& settings);

// Write `message` to every configured destination except stderr (exit reasons are already
// on stderr in their own format, like ocf_exit_reason).
void log_except_stderr(log::Level level, std::string_view message);

// `message` with every "password=..." value replaced by "*****".
std::string redact_secrets(std::string_view message);

} // namespace pgha::agent
