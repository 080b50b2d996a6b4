#pragma once
// Exit reasons: the one line Pacemaker shows next to a failed action. Printed on stderr as
// "${OCF_EXIT_REASON_PREFIX:-ocf-exit-reason:}<reason>" (Pacemaker takes the text after the
// last prefix, up to the end of the line, 128 characters) and logged as an error to every
// other log destination, like ocf_exit_reason.

#include "agent/ocf/env_reader.hpp"

#include <string>
#include <string_view>

namespace pgha::agent {

class ExitReason {
 public:
  // The prefix comes from OCF_EXIT_REASON_PREFIX in `env`.
  explicit ExitReason(const EnvMap& env);

  // Report `reason` (folded to one line, secrets redacted).
  void report(std::string_view reason) const;

  const std::string& prefix() const { return m_prefix; }

 private:
  std::string m_prefix;
};

} // namespace pgha::agent
