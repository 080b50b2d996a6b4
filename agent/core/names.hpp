#pragma once
// Names of the cluster state expgsql owns, derived from the primitive id (pha4pgsql §3).

#include <string>
#include <string_view>

namespace pgha::agent::core {

// The property set that holds REPL_INFO (kept from pha4pgsql so existing CIBs port over).
inline constexpr std::string_view k_repl_info_property_set = "pgsql_replication";

struct AttributeNames {
  std::string status;          // "<rsc>-status" (transient): NodeStatus
  std::string data_status;     // "<rsc>-data-status" (permanent): DataStatus
  std::string xlog_loc;        // "<rsc>-xlog-loc" (transient): 16-hex LSN during the election
  std::string master_baseline; // "<rsc>-master-baseline" (transient): 16-hex LSN
  std::string sync_baseline;   // "<rsc>-sync-baseline" (transient, on the primary): 16-hex LSN
                               // of the primary when the current sync standby was named
  std::string lockservice;     // "<rsc>-lockservice" (transient, on a standby): "ok@<unix s>" |
                               // "unreachable@<unix s>", its last probe of the lock service
  std::string slots;           // "<rsc>-slots" (transient, on the primary): slots holding back
                               // too much WAL, "slot:wal_status:bytes ..." (absent = none)
  std::string receiver;        // "<rsc>-receiver" (transient, on a standby, check_wal_receiver):
                               // pg_stat_wal_receiver status or "none"
  std::string promotion;       // "master-<rsc>": the promotion score
  std::string repl_info;       // "<rsc>_REPL_INFO": cluster property
};

AttributeNames attribute_names(std::string_view resource_name);

} // namespace pgha::agent::core
