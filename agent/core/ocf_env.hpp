#pragma once
// The OCF invocation frame taken from the environment map: resource name, operation timeout
// and interval, local node, check level, clone meta attributes; and the clone-config check.

#include "agent/core/env_map.hpp"
#include "agent/core/rc.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace pgha::agent::core {

// Clone meta attributes as Pacemaker passes them (`OCF_RESKEY_CRM_meta_*`).
struct CloneMeta {
  std::optional<int> clone_max;         // CRM_meta_clone_max; present iff run as a clone
  std::optional<bool> notify;           // CRM_meta_notify
  std::optional<bool> promotable;       // CRM_meta_promotable
  std::optional<int> promoted_max;      // CRM_meta_promoted_max, else CRM_meta_master_max
  std::optional<int> promoted_node_max; // CRM_meta_promoted_node_max, else master_node_max

  bool is_clone() const { return clone_max.has_value(); }
};

struct OcfEnv {
  std::string resource_instance; // OCF_RESOURCE_INSTANCE, e.g. "pgsql" or "pgsql:1"
  std::string resource_name;     // instance up to the first ':'; attribute names derive from it
  std::optional<std::chrono::milliseconds> timeout; // CRM_meta_timeout (ms)
  std::chrono::milliseconds interval{0};            // CRM_meta_interval (ms); 0 = probe
  std::optional<std::string> on_node;               // CRM_meta_on_node, lower-cased
  std::optional<std::string> role;                  // CRM_meta_role ("Promoted"/"Unpromoted")
  int check_level = 0; // OCF_CHECK_LEVEL, else OCF_RESKEY_OCF_CHECK_LEVEL, else 0
  CloneMeta clone;

  // True for a monitor with interval 0 (Pacemaker's probe; crm_resource never sets it).
  bool is_probe() const { return interval.count() == 0; }
};

// Parse the frame. Never throws: absent or malformed optional values stay empty, a
// non-numeric check level counts as 0 (ocf-shellfuncs' rule), a missing
// OCF_RESOURCE_INSTANCE gives the resource name "expgsql" (meta-data/validate by hand).
OcfEnv parse_ocf_env(const EnvMap& env);

// The check level an action should run at: validate-all defaults to 0 (parameters only),
// every other action to 10 (also the local environment); an explicit level wins, rounded
// down to 0 or 10 (OCF: fall back to the next lower implemented level).
int effective_check_level(const OcfEnv& env, std::string_view action);

// The clone configuration expgsql needs: run as a promotable clone with notify=true and at
// most one promoted instance. Outside a clone (no CRM_meta_clone_max, e.g. crm_resource
// --validate) nothing can be checked and the result is success. Otherwise
// OCF_ERR_CONFIGURED with a reason naming the meta attribute to fix.
Outcome check_clone_config(const CloneMeta& clone);

// How long an action may work: the operation timeout (20 s when Pacemaker gave none) minus a
// reserve of a fifth, 2–10 s, so the agent answers with its own code and exit reason before
// Pacemaker kills it. The reserve covers process start-up and the multi-second timer and
// scheduling stalls of a loaded VM. A timeout shorter than two reserves gets half of it.
std::chrono::milliseconds action_budget(std::optional<std::chrono::milliseconds> timeout);

// The local node name: CRM_meta_on_node when set, else `uname_fallback` (uname -n, gathered
// by the shell); lower-cased.
std::string local_node_name(const OcfEnv& env, std::string_view uname_fallback);

} // namespace pgha::agent::core
