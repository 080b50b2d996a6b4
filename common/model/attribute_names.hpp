#pragma once
// The names of the cluster state pgha keeps in Pacemaker, derived from the primitive id
// (pha4pgsql §3). The agent writes them and the cls_* tools read them: both take the names
// from here, so a rename cannot reach only one side.

#include <string>
#include <string_view>

namespace pgha::model {

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
  std::string repl_info;       // "<rsc>_REPL_INFO": cluster property (model/repl_info.hpp)

  friend bool operator==(const AttributeNames&, const AttributeNames&) = default;
};

// All names for the primitive `resource_name` (OCF_RESOURCE_INSTANCE without ":N").
AttributeNames attribute_names(std::string_view resource_name);

// The promotion score attribute of `resource_name` ("master-<rsc>").
std::string promotion_attribute(std::string_view resource_name);

// Where an attribute lives: `reboot` = status section (transient, through attrd in a live
// cluster), `forever` = nodes section of the configuration (permanent).
enum class Lifetime { reboot, forever };

// "reboot" / "forever" (crm_attribute --lifetime).
std::string_view to_string(Lifetime lifetime);

} // namespace pgha::model
