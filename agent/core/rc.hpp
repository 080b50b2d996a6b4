#pragma once
// OCF exit codes (resource-agents ocf-returncodes, Pacemaker 2.1 names) and the outcome of an
// action: a code plus the one-line exit reason Pacemaker shows in crm_mon.

#include <string>
#include <string_view>

namespace pgha::agent::core {

enum class OcfRc : int {
  success = 0,
  err_generic = 1,       // soft: Pacemaker recovers (restart/move)
  err_args = 2,          // hard: invalid in the local context (this node is banned)
  err_unimplemented = 3, // unknown or unsupported action
  err_perm = 4,          // hard: insufficient privilege
  err_installed = 5,     // hard: software missing on this node
  err_configured = 6,    // fatal: parameters inherently invalid, stopped everywhere
  not_running = 7,       // monitor: cleanly stopped
  running_promoted = 8,  // monitor: running as primary
  failed_promoted = 9,   // monitor: was primary, not working (e.g. crashed)
};

constexpr int to_int(OcfRc rc) {
  return static_cast<int>(rc);
}

// "OCF_SUCCESS", "OCF_ERR_CONFIGURED", … for logs.
std::string_view rc_name(OcfRc rc);

// An action's answer. `reason` is empty on success; otherwise lowercase, no final period,
// names in double quotes, at most one line (Pacemaker truncates it to 128 characters).
struct Outcome {
  OcfRc rc = OcfRc::success;
  std::string reason;

  bool ok() const { return rc == OcfRc::success; }
  friend bool operator==(const Outcome&, const Outcome&) = default;
};

} // namespace pgha::agent::core
