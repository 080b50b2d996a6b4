#include "common/config/key_table.hpp"

#include "common/base/strings.hpp"
#include "common/model/rep_mode.hpp"

#include <array>

namespace pgha::config {

namespace {

using K = KeyType;

// Defaults follow Debian 12 with PostgreSQL 15; names of resources and attributes follow
// pha4pgsql so existing procedures and audit queries keep working.
constexpr std::array k_keys{
    // cluster
    KeySpec{"cluster_type", K::choice, "dual", "dual|multi", 0, 0, true, "", "cluster",
            "dual: two nodes (no-quorum-policy=ignore); multi: three or more nodes "
            "(no-quorum-policy=stop)",
            ""},
    KeySpec{"node<N>", K::node_name, "", "", 0, 0, false, "", "cluster",
            "Pacemaker node names (crm_node -l), node1 and node2 at least, numbered without gaps",
            "node1"},
    KeySpec{"othernodes", K::node_names, "", "", 0, 0, false, "", "cluster",
            "further node names, space separated (pha4pgsql spelling for nodes beyond node3)", ""},
    KeySpec{"resource_name", K::text, "pgsql", "", 0, 0, false, "", "cluster",
            "id of the expgsql primitive; node attributes are named <resource_name>-status etc. "
            "and REPL_INFO <resource_name>_REPL_INFO",
            ""},
    KeySpec{"clone_name", K::text, "msPostgresql", "", 0, 0, false, "", "cluster",
            "id of the promotable clone", ""},
    // addresses
    KeySpec{"writer_vip", K::ipv4, "", "", 0, 0, true, "master_ip", "addresses",
            "read-write virtual IP, follows the primary (IPaddr2)", "192.168.0.236"},
    KeySpec{"reader_vip", K::ipv4, "", "", 0, 0, false, "", "addresses",
            "read-only virtual IP, on a standby (on the primary when no standby runs); empty = "
            "none",
            "192.168.0.237"},
    KeySpec{"writer_vip_name", K::text, "vip-master", "", 0, 0, false, "", "addresses",
            "id of the writer VIP resource", ""},
    KeySpec{"reader_vip_name", K::text, "vip-slave", "", 0, 0, false, "", "addresses",
            "id of the reader VIP resource", ""},
    KeySpec{"vip_nic", K::text, "", "", 0, 0, false, "", "addresses",
            "network interface for both VIPs (IPaddr2 nic); empty = found by IPaddr2", "eth0"},
    KeySpec{"vip_cidr_netmask", K::integer, "", "", 1, 32, false, "", "addresses",
            "prefix length of both VIPs (IPaddr2 cidr_netmask); empty = found by IPaddr2", "24"},
    // postgresql (expgsql parameters)
    KeySpec{"pgsql_pgctl", K::path, "", "", 0, 0, false, "pgctl", "postgresql",
            "pg_ctl; pg_rewind and pg_basebackup are taken from the same directory; empty = "
            "/usr/lib/postgresql/MAJOR/bin/pg_ctl, MAJOR from the data directory's PG_VERSION "
            "(else the newest installed)",
            ""},
    KeySpec{"pgsql_psql", K::path, "", "", 0, 0, false, "psql", "postgresql",
            "psql binary; empty = psql beside pg_ctl", ""},
    KeySpec{"pgsql_pgdata", K::path, "/var/lib/postgresql/15/main", "", 0, 0, false, "pgdata",
            "postgresql", "data directory, the same path on every node", ""},
    KeySpec{"pgsql_config", K::path, "", "", 0, 0, false, "config", "postgresql",
            "postgresql.conf when outside the data directory (Debian: "
            "/etc/postgresql/MAJOR/main/postgresql.conf)",
            ""},
    KeySpec{"pgsql_pgdba", K::text, "postgres", "", 0, 0, false, "pgdba", "postgresql",
            "operating-system user owning the data directory; tools run PostgreSQL programs as it",
            ""},
    KeySpec{"pgsql_pghost", K::text, "", "", 0, 0, false, "pghost", "postgresql",
            "host or socket directory the agent connects to; empty = agent default", ""},
    KeySpec{"pgsql_pgport", K::integer, "5432", "", 1, 65535, false, "pgport", "postgresql",
            "PostgreSQL port, the same on every node", ""},
    KeySpec{"pgsql_socketdir", K::path, "", "", 0, 0, false, "socketdir", "postgresql",
            "unix socket directory; empty = agent default", ""},
    KeySpec{"pgsql_logfile", K::path, "", "", 0, 0, false, "logfile", "postgresql",
            "server log written by pg_ctl; empty = agent default", ""},
    KeySpec{"pgsql_rep_mode", K::choice, model::to_string(model::RepMode::sync),
            model::k_rep_mode_choices, 0, 0, false, "rep_mode", "postgresql",
            "sync: one synchronous standby chosen by the primary; async: none", ""},
    KeySpec{"pgsql_repuser", K::text, "replication", "", 0, 0, false, "repuser", "postgresql",
            "replication role used by standbys, pg_rewind and pg_basebackup", ""},
    KeySpec{"pgsql_passfile", K::path, "", "", 0, 0, false, "", "postgresql",
            "libpq passfile holding the replication password, readable by pgsql_pgdba; added "
            "to primary_conninfo as passfile= and used by cls_repair_slave/cls_rebuild_slave",
            "/var/lib/postgresql/.pgpass"},
    KeySpec{"pgsql_primary_conninfo_opt", K::conninfo,
            "keepalives_idle=60 keepalives_interval=5 keepalives_count=5", "", 0, 0, false,
            "primary_conninfo_opt", "postgresql",
            "extra primary_conninfo keywords (no password: use pgsql_passfile)", ""},
    KeySpec{"pgsql_restore_command", K::text, "", "", 0, 0, false, "restore_command", "postgresql",
            "restore_command for standbys; empty = none", ""},
    KeySpec{"pgsql_xlog_check_count", K::integer, "", "", 1, 100, false, "xlog_check_count",
            "postgresql",
            "WAL-position observations before a standby may claim promotion; "
            "empty = agent default",
            ""},
    KeySpec{"pgsql_stop_escalate", K::integer, "", "", 0, 3600, false, "stop_escalate",
            "postgresql", "seconds of fast shutdown before immediate; empty = agent default", ""},
    // lock
    KeySpec{"enable_distlock", K::boolean, "false", "", 0, 0, false, "enable_distlock", "lock",
            "guard promotion and the sync->async switch with the lease lock (needed without "
            "fencing)",
            "true"},
    KeySpec{"distlock_conninfo", K::conninfo, "", "", 0, 0, false, "distlock_conninfo", "lock",
            "libpq conninfo or service=NAME of the lock server; password from a passfile or "
            "the service file, never here",
            "host=lockserver port=5432 dbname=postgres user=postgres connect_timeout=5"},
    KeySpec{"distlock_lockname", K::text, "", "", 0, 0, false, "distlock_lockname", "lock",
            "lock row name, unique per cluster sharing one lock server", "pgsql_cls1"},
    KeySpec{"distlock_ttl", K::integer, "", "", 1, 3600, false, "distlock_ttl", "lock",
            "lease time in seconds; empty = agent default (9); with the lock, "
            "promoted_monitor_interval + max(1, ttl/5) + 1 must be at most "
            "ttl - max(1, ttl/4), and monitor_interval at most ttl",
            ""},
    KeySpec{"distlock_wait", K::integer, "", "", 1, 3600, false, "distlock_wait", "lock",
            "seconds to wait for the lock; empty = agent default", ""},
    KeySpec{"distlock_lockservice_deadcheck_nodelist", K::node_names, "", "", 0, 0, false,
            "distlock_lockservice_deadcheck_nodelist", "lock",
            "nodes whose health decides that the lock service (not the network) is down; empty "
            "= all nodes",
            ""},
    // pacemaker
    KeySpec{"stonith_enabled", K::boolean, "false", "", 0, 0, false, "", "pacemaker",
            "false: no fencing, the lock is the protection against split brain; true: "
            "cls_setup leaves stonith-enabled alone (configure fencing devices yourself)",
            ""},
    KeySpec{"op_timeout", K::integer, "60", "", 10, 86400, false, "", "pacemaker",
            "timeout in seconds of every expgsql operation", ""},
    KeySpec{"monitor_interval", K::integer, "4", "", 1, 3600, false, "", "pacemaker",
            "monitor interval in seconds of a standby", ""},
    KeySpec{"promoted_monitor_interval", K::integer, "3", "", 1, 3600, false, "", "pacemaker",
            "monitor interval in seconds of the primary (must differ from monitor_interval)", ""},
    KeySpec{"migration_threshold", K::integer, "3", "", 1, 1000000, false, "", "pacemaker",
            "failures of expgsql on a node before it is banned there (cls_cleanup resets)", ""},
    // tools
    KeySpec{"command_timeout", K::integer, "30", "", 1, 3600, false, "", "tools",
            "bound in seconds of each single Pacemaker tool call", ""},
    KeySpec{"start_timeout", K::integer, "120", "", 5, 86400, false, "", "tools",
            "seconds cls_start/cls_stop/cls_reset_master wait for the cluster to settle", ""},
    KeySpec{"switch_timeout", K::integer, "120", "", 5, 86400, false, "", "tools",
            "seconds cls_online_switch waits for the new primary", ""},
    KeySpec{"recovery_timeout", K::integer, "600", "", 5, 86400, false, "", "tools",
            "seconds cls_repair_slave/cls_rebuild_slave wait for the node to stream again", ""},
    KeySpec{"rebuild_timeout", K::integer, "21600", "", 60, 604800, false, "", "tools",
            "bound in seconds of one pg_rewind or pg_basebackup run", ""},
    KeySpec{"allow_async_switch", K::boolean, "false", "", 0, 0, false, "", "tools",
            "with rep_mode sync, let cls_online_switch pick a streaming standby that is not the "
            "synchronous one (committed transactions may be missing on it)",
            ""},
    // pha4pgsql keys that have no meaning any more
    KeySpec{"pcs_template", K::legacy, "", "", 0, 0, false, "", "legacy",
            "pha4pgsql template name; cls_setup derives the configuration from cluster_type", ""},
    KeySpec{"OCF_ROOT", K::legacy, "", "", 0, 0, false, "", "legacy",
            "pha4pgsql install location; the package installs ocf:pgha:expgsql", ""},
    KeySpec{"RESOURCE_LIST", K::legacy, "", "", 0, 0, false, "", "legacy",
            "pha4pgsql resource list; derived from the resource names", ""},
    KeySpec{"pha4pgsql_dir", K::legacy, "", "", 0, 0, false, "", "legacy",
            "pha4pgsql install directory; the package installs the commands in the PATH", ""},
    KeySpec{"use_ssh", K::legacy, "", "", 0, 0, false, "", "legacy",
            "pha4pgsql cross-node status check over ssh; pgha reads crm_mon XML", ""},
    KeySpec{"pgsql_tmpdir", K::legacy, "", "", 0, 0, false, "", "legacy",
            "pha4pgsql agent state directory; expgsql keeps its state in HA_RSCTMP", ""},
    KeySpec{"pgsql_enable_distlock", K::legacy, "", "", 0, 0, false, "", "legacy",
            "pha4pgsql spelling, read as enable_distlock", ""},
    KeySpec{"pgsql_distlock_lockname", K::legacy, "", "", 0, 0, false, "", "legacy",
            "pha4pgsql spelling, read as distlock_lockname", ""},
};

constexpr std::array k_refused{
    RefusedKey{"pgsql_reppassord", "passwords are not kept in config.ini",
               "put the replication password in a passfile and set \"pgsql_passfile\""},
    RefusedKey{"pgsql_reppassword", "passwords are not kept in config.ini",
               "put the replication password in a passfile and set \"pgsql_passfile\""},
    RefusedKey{"password", "passwords are not kept in config.ini",
               "use a libpq passfile (PGPASSFILE or passfile=) or a service file"},
    RefusedKey{"pgsql_distlock_psql_cmd", "the lock is no longer reached through psql",
               "set \"distlock_conninfo\" to the conninfo inside the old psql command"},
    RefusedKey{"distlock_lock_cmd", "the lock is built into expgsql",
               "remove it and set \"distlock_conninfo\""},
    RefusedKey{"distlock_unlock_cmd", "the lock is built into expgsql",
               "remove it and set \"distlock_conninfo\""},
};

constexpr std::array k_aliases{
    KeyAlias{"pgsql_enable_distlock", "enable_distlock"},
    KeyAlias{"pgsql_distlock_lockname", "distlock_lockname"},
};

} // namespace

std::span<const KeySpec> key_table() {
  return k_keys;
}

std::span<const RefusedKey> refused_keys() {
  return k_refused;
}

std::span<const KeyAlias> key_aliases() {
  return k_aliases;
}

int node_key_index(std::string_view name) {
  if (!name.starts_with("node") || name.size() == 4 || name[4] == '0')
    return 0;
  auto n = parse_int(name.substr(4));
  if (!n || *n < 1 || *n > 1000)
    return 0;
  return static_cast<int>(*n);
}

const KeySpec* find_key(std::string_view name) {
  std::string_view wanted = node_key_index(name) > 0 ? std::string_view("node<N>") : name;
  for (const auto& spec : k_keys)
    if (spec.name == wanted)
      return &spec;
  return nullptr;
}

std::string_view type_name(KeyType type) {
  switch (type) {
  case KeyType::text:
    return "text";
  case KeyType::boolean:
    return "boolean";
  case KeyType::integer:
    return "integer";
  case KeyType::choice:
    return "choice";
  case KeyType::node_name:
    return "node name";
  case KeyType::node_names:
    return "node names";
  case KeyType::ipv4:
    return "IPv4 address";
  case KeyType::path:
    return "absolute path";
  case KeyType::conninfo:
    return "conninfo";
  case KeyType::legacy:
    return "ignored";
  }
  return "text";
}

} // namespace pgha::config
