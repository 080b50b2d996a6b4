#pragma once
// Exit codes of the cls_* commands, kept from pha4pgsql so existing procedures keep working,
// and the one place where errors become exit codes.

#include <exception>
#include <stdexcept>
#include <string>

namespace pgha::cls {

enum class ExitCode : int {
  ok = 0,
  error = 1,           // general error
  precondition = 10,   // precondition not met (e.g. no primary, target not caught up)
  failed = 11,         // the operation failed or did not finish in time
  bad_arguments = 100, // bad arguments or configuration, or nothing to do
  no_cluster = 101,    // cluster information unavailable (Pacemaker/Corosync down)
  no_quorum = 102,     // no quorum, or an inconsistent view between nodes
};

// A refusal or failure with its exit code; the message may carry a "\nHINT: …" line.
class CommandFailure final : public std::runtime_error {
 public:
  CommandFailure(ExitCode code, const std::string& message)
      : std::runtime_error(message), m_code(code) {}
  ExitCode code() const { return m_code; }

 private:
  ExitCode m_code;
};

// The exit code for an exception escaping a command: CommandFailure carries its own;
// ConfigError → 100, ClusterError → 101, StateError → 10, ProcessError/Pg* → 11, else 1.
ExitCode exit_code_for(const std::exception& e);

} // namespace pgha::cls
