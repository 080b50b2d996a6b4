#pragma once
// The cluster description the cls_* tools work from: config.ini, validated against the key
// table, with every default applied and the origin of each value kept.

#include "common/model/attribute_names.hpp"
#include "common/model/rep_mode.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pgha::config {

enum class ClusterType { dual, multi };

std::string_view to_string(ClusterType type);

// The effective value of one key and where it came from ("FILE:LINE" or "default").
struct Setting {
  std::string key;
  std::string value;
  std::string origin;
};

struct ClusterConfig {
  std::string source; // the file (or name) it was read from

  ClusterType cluster_type = ClusterType::dual;
  std::vector<std::string> nodes; // node1..nodeN then othernodes, in order
  std::string resource_name;      // expgsql primitive id, prefix of its node attributes
  std::string clone_name;

  std::string writer_vip;
  std::string reader_vip; // empty: no reader VIP
  std::string writer_vip_name;
  std::string reader_vip_name;
  std::string vip_nic;
  std::optional<int> vip_cidr_netmask;

  std::string pgctl;
  std::string pgdata;
  std::string pgdba;
  int pgport = 5432;
  std::string repuser;
  model::RepMode rep_mode = model::RepMode::sync;
  std::string passfile; // empty: libpq's default (~pgdba/.pgpass)

  bool enable_distlock = false;
  std::string distlock_conninfo;
  std::string distlock_lockname;

  bool stonith_enabled = false;
  int op_timeout_s = 60;
  int monitor_interval_s = 4;
  int promoted_monitor_interval_s = 3;
  int migration_threshold = 3;

  std::chrono::seconds command_timeout{30};
  std::chrono::seconds start_timeout{120};
  std::chrono::seconds switch_timeout{120};
  std::chrono::seconds recovery_timeout{600};
  std::chrono::seconds rebuild_timeout{21600};
  bool allow_async_switch = false;

  std::vector<Setting> settings;     // every key of the table with its value, in table order
  std::vector<std::string> warnings; // ignored pha4pgsql keys, aliases used

  // The directory of pg_ctl, where pg_rewind and pg_basebackup are taken from.
  // Empty pgsql_pgctl: /usr/lib/postgresql/MAJOR/bin, MAJOR from PGDATA/PG_VERSION (else the
  // newest installed major).
  std::string bindir() const;
  // The names of the cluster state expgsql keeps for resource_name ("pgsql-data-status", …).
  model::AttributeNames attribute_names() const;
  // "<resource_name>_REPL_INFO".
  std::string repl_info_name() const;
  // The expgsql instance parameters cls_setup writes, in table order: the pgsql_* and lock
  // keys that have a value, plus node_list and master_ip derived from the nodes and VIP.
  std::vector<std::pair<std::string, std::string>> agent_params() const;
  // True when `node` is one of the configured nodes.
  bool has_node(std::string_view node) const;
  // The effective value of a table key ("" when it has none).
  std::string value_of(std::string_view key) const;
};

// Parse and validate config.ini text; `origin` names it in messages. Throws ConfigError with
// "ORIGIN:LINE: …" and a HINT line on the first problem.
ClusterConfig parse_config(std::string_view text, std::string_view origin);

// Read and parse a file.
ClusterConfig load_config(const std::string& path);

// Default location of config.ini.
inline constexpr std::string_view k_default_config_path = "/etc/pgha/config.ini";

} // namespace pgha::config
