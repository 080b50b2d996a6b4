#include "agent/ocf/exit_reason.hpp"

#include "agent/ocf/agent_log.hpp"

#include <cstdio>

namespace pgha::agent {

ExitReason::ExitReason(const EnvMap& env)
    : m_prefix(env_or(env, "OCF_EXIT_REASON_PREFIX", "ocf-exit-reason:")) {
  if (m_prefix.empty())
    m_prefix = "ocf-exit-reason:";
}

void ExitReason::report(std::string_view reason) const {
  std::string line = redact_secrets(reason);
  // Pacemaker reads the reason up to the end of the line: fold anything longer into one.
  for (char& c : line)
    if (c == '\n' || c == '\r')
      c = ' ';
  std::fprintf(stderr, "%s%s\n", m_prefix.c_str(), line.c_str());
  std::fflush(stderr);
  log_except_stderr(log::Level::error, line);
}

} // namespace pgha::agent
