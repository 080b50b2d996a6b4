#pragma once
// Notification variables of a notify-enabled clone (OCF_RESKEY_CRM_meta_notify_*).
// Pacemaker sends an empty list as a single blank; every list here is split on blanks and
// lower-cased. Pacemaker 2.1 sends promoted/unpromoted lists next to the deprecated
// master/slave ones; the new names win, the old ones are the fallback.

#include "agent/core/env_map.hpp"

#include <string>
#include <vector>

namespace pgha::agent::core {

enum class NotifyType { none, pre, post };
enum class NotifyOperation { none, start, stop, promote, demote };

struct NotifyEnv {
  NotifyType type = NotifyType::none;
  NotifyOperation operation = NotifyOperation::none;
  std::vector<std::string> start_unames;
  std::vector<std::string> stop_unames;
  std::vector<std::string> promote_unames;
  std::vector<std::string> demote_unames;
  std::vector<std::string> active_unames;
  std::vector<std::string> promoted_unames;   // falls back to notify_master_uname
  std::vector<std::string> unpromoted_unames; // falls back to notify_slave_uname
  std::vector<std::string> available_unames;
  std::vector<std::string> all_unames;

  // True when `node` is in `list` (exact match on whole names, never a substring).
  static bool contains(const std::vector<std::string>& list, std::string_view node);
};

// Parse the notification variables; unknown type/operation values give `none`.
NotifyEnv parse_notify_env(const EnvMap& env);

std::string_view to_string(NotifyType type);
std::string_view to_string(NotifyOperation operation);

} // namespace pgha::agent::core
