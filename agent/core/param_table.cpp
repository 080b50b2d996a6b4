// The rows of the parameter table. Names and meanings follow pha4pgsql's expgsql so an
// existing configuration ports over; defaults are Debian's, the major
// taken from the data directory (derived_defaults.cpp).

#include "agent/core/param_validators.hpp"
#include "agent/core/params.hpp"

namespace pgha::agent::core {

namespace v = validators;

namespace {

using T = ParamType;

const std::vector<ParamSpec>& rows() {
  static const std::vector<ParamSpec> k_rows = {
      {"pgctl", T::string, "", false, false, "pg_ctl binary",
       "Path of pg_ctl. Its directory also provides pg_controldata, pg_waldump, pg_rewind and "
       "pg_basebackup, which must be of the same major version as the server. Empty (the "
       "default): Debian's /usr/lib/postgresql/MAJOR/bin/pg_ctl, MAJOR read from "
       "PGDATA/PG_VERSION (without one, the newest installed major). Supported majors: 14 to "
       "18.",
       v::absolute_path},
      {"psql", T::string, "", false, false, "psql binary",
       "Path of psql. expgsql talks to PostgreSQL through libpq; the parameter is kept so "
       "existing configurations port over and is only checked for existence. Empty (the "
       "default): psql in the directory of pgctl.",
       v::absolute_path},
      {"pgdata", T::string, "/var/lib/postgresql/15/main", false, true, "data directory",
       "Data directory of the PostgreSQL cluster (PG_VERSION, postmaster.pid, pg_wal).",
       v::absolute_path_required},
      {"pgdba", T::string, "postgres", false, false, "PostgreSQL owner",
       "Operating system user that owns the data directory and runs PostgreSQL; also the "
       "database user of the agent's own sessions.",
       v::os_user},
      {"pghost", T::string, "", false, false, "listen address for the agent's sessions",
       "Host name or address the agent's own sessions connect to (the server's "
       "listen_addresses are its own configuration's). Empty: the Unix socket directory "
       "(socketdir) is used.",
       v::no_blank},
      {"pgport", T::integer, "5432", false, false, "PostgreSQL port",
       "Port of PostgreSQL on every node; also the port in primary_conninfo.", v::port},
      {"pgdb", T::string, "template1", false, false, "database of the agent's sessions",
       "Database the agent connects to for monitoring and replication bookkeeping.", v::no_blank},
      {"config", T::string, "", false, false, "postgresql.conf",
       "Path of postgresql.conf, passed to the server as config_file. Empty: "
       "/etc/postgresql/MAJOR/main/postgresql.conf for a Debian data directory "
       "(/var/lib/postgresql/MAJOR/main), otherwise PGDATA/postgresql.conf, so that a server never "
       "starts with another cluster's configuration (and its data_directory).",
       v::absolute_path},
      {"logfile", T::string, "", false, false, "server log file",
       "File pg_ctl redirects the server's output to (pg_ctl -l). Empty (the default): "
       "/var/log/postgresql/postgresql-MAJOR-main.log, MAJOR as for pgctl.",
       v::absolute_path},
      {"socketdir", T::string, "/run/postgresql", false, false, "Unix socket directory",
       "Directory of PostgreSQL's Unix socket; used by the agent's sessions when pghost is "
       "empty.",
       v::absolute_path},
      {"start_opt", T::string, "", false, false, "extra server options",
       "Additional server options for pg_ctl start -o (e.g. \"-c work_mem=8MB\"). Split into "
       "words like a shell would (blanks separate, '...' and \"...\" quote, \\ escapes), "
       "without running one; each word reaches postgres as one argument. An unbalanced quote "
       "is a configuration error.",
       v::option_words},
      {"ctl_opt", T::string, "", false, false, "extra pg_ctl options",
       "Additional options of pg_ctl start, placed before -D (e.g. \"-c\" to allow core "
       "files). Split into words like start_opt.",
       v::option_words},
      {"monitor_user", T::string, "", false, false, "user of the health query",
       "Database user that runs monitor_sql (empty: pgdba), over the same socket or host as "
       "the agent's own sessions. Its password, if any, comes from a passfile "
       "(PGPASSFILE or ~pgdba/.pgpass); passwords are never accepted as parameters.",
       v::no_blank},
      {"monitor_sql", T::string, "select now()", false, false, "health query on the primary",
       "Query run on the primary by every monitor at check level 10 (the default; "
       "OCF_CHECK_LEVEL=0 on the monitor op turns it off), as monitor_user, with its own "
       "deadline (half of the time left in the monitor). One statement; its rows are ignored. "
       "An error or no answer in time fails the monitor with 1 (OCF_ERR_GENERIC) and an exit "
       "reason naming monitor_sql.",
       v::single_line},
      {"stop_escalate", T::integer, "90", false, false, "seconds before immediate shutdown",
       "Seconds a fast shutdown of the primary may take before it is escalated to an immediate "
       "shutdown; capped so that both fit in the stop/demote timeout.",
       v::non_negative},
      {"stop_escalate_in_slave", T::integer, "90", false, false,
       "seconds before immediate shutdown of a standby",
       "Like stop_escalate, for a standby (stop, and the restart path of promote).",
       v::non_negative},
      {"rep_mode", T::string, model::to_string(model::RepMode::sync), false, false,
       "replication mode (sync or async)",
       "sync: the primary keeps exactly one synchronous standby and falls back to async only "
       "while it holds the lease; async: all standbys asynchronous. Values: sync, async.",
       v::rep_mode},
      {"node_list", T::string, "", true, false, "nodes that run PostgreSQL",
       "Blank-separated Pacemaker node names of all PostgreSQL nodes (lower-cased). The "
       "standbys' application_name is their node name.",
       v::node_list},
      {"master_ip", T::string, "", true, false, "address of the primary (writer VIP)",
       "Host name or address the standbys connect to: the writer virtual IP that follows the "
       "primary.",
       v::no_blank},
      {"repuser", T::string, "postgres", false, false, "replication user",
       "Database user in primary_conninfo; its password comes from the passfile of pgdba.",
       v::no_blank},
      {"primary_conninfo_opt", T::string, "", false, false, "extra primary_conninfo keywords",
       "Additional libpq keywords appended to primary_conninfo (e.g. keepalives_idle=60). "
       "A password is refused: use a passfile.",
       v::conninfo_without_password},
      {"wal_retrieve_retry_interval", T::string, "1s", false, false,
       "how soon a standby retries its primary",
       "wal_retrieve_retry_interval written into the standby's settings "
       "(postgresql.auto.conf): after a promotion the standbys find the new primary behind "
       "master_ip within this interval, so the synchronous standby is named that much sooner "
       "(PostgreSQL's own default is 5s; restore_command, when set, is retried as often).",
       v::retry_interval},
      {"restore_command", T::string, "", false, false, "restore_command of standbys",
       "restore_command written into the standby's settings (postgresql.auto.conf) when set.",
       v::single_line},
      {"archive_cleanup_command", T::string, "", false, false, "archive_cleanup_command",
       "archive_cleanup_command written into the standby's settings (postgresql.auto.conf) "
       "when set: PostgreSQL runs it (through its own shell, as pgdba) at every restartpoint "
       "of the standby. Removed again when the node is restarted as primary.",
       v::single_line},
      {"recovery_end_command", T::string, "", false, false, "recovery_end_command",
       "recovery_end_command written into the standby's settings (postgresql.auto.conf) "
       "when set: PostgreSQL runs it (through its own shell, as pgdba) once, at the end of "
       "recovery, i.e. when the standby is promoted.",
       v::single_line},
      {"replication_slot_name", T::string, "", false, false, "prefix of replication slots",
       "When set, each standby streams through the physical slot <prefix>_<node> (node with "
       "'.' and '-' replaced by '_'). The primary creates the slots of the other nodes of "
       "node_list when it is promoted and checks them on every monitor: slots named "
       "<prefix>_* of nodes no longer in node_list are dropped (no other slot is touched), a "
       "slot holding back more WAL than max_wal_size is logged and published in the "
       "attribute <rsc>-slots, never dropped. Only [a-z0-9_]; choose a prefix no other tool "
       "uses.",
       v::slot_prefix},
      {"xlog_check_count", T::integer, "3", false, false, "observations of the WAL election",
       "Number of consecutive identical observations of the standbys' WAL positions needed "
       "before the most advanced standby claims promotion when no primary is recorded and a "
       "node of node_list is not a running member. When every node of node_list runs and has "
       "published its position, one observation decides (nothing is left to wait for).",
       v::positive},
      {"crm_attr_timeout", T::integer, "5", false, false, "timeout of one cluster tool call",
       "Seconds one call of a Pacemaker tool may take.", v::positive},
      {"check_wal_receiver",
       T::boolean,
       "false",
       false,
       false,
       "publish the receiver state",
       "On every standby monitor, publish the WAL receiver state (pg_stat_wal_receiver.status, "
       "or none) as the transient node attribute <rsc>-receiver, shown by crm_mon -A and "
       "cls_status, and log a warning while it is not streaming.",
       {}},
      {"enable_distlock",
       T::boolean,
       "false",
       false,
       false,
       "use the lease lock",
       "Gate promotion and the sync-to-async fallback with a lease in the lock database; the "
       "primary renews it on every monitor.",
       {}},
      {"distlock_conninfo", T::string, "", false, false, "lock service connection",
       "libpq connection string or service=NAME of the lock database. A password is refused: "
       "use a passfile or the service file.",
       v::conninfo_without_password},
      {"distlock_lockname", T::string, "", false, false, "lock name",
       "Name of the lock row (\"lockname\" or \"table:lockname\"). Clusters sharing a lock "
       "database need distinct names. Default: the resource name.",
       v::lock_name},
      {"distlock_ttl", T::integer, "9", false, false, "lease length (s)",
       "Seconds a lease lasts on the lock server. The holder stops relying on it earlier (a "
       "safety margin before the server-side expiry); the primary's monitor interval must be "
       "well below it.",
       v::lease_ttl},
      {"distlock_wait", T::integer, "12", false, false, "lock wait at promotion (s)",
       "Seconds a promotion waits for the lease (a previous holder's lease must expire first); "
       "capped by the promote timeout.",
       v::positive},
      {"distlock_lockservice_deadcheck_nodelist", T::string, "", false, false,
       "nodes that confirm a dead lock service",
       "When the lock service is unreachable, the primary keeps running (synchronous, without "
       "the lease) only if every listed node reports that it cannot reach the service either. "
       "Promotion and the fallback to async always need the lease.",
       v::node_list_optional},
  };
  return k_rows;
}

} // namespace

std::span<const ParamSpec> param_table() {
  return rows();
}

const ParamSpec* find_param(std::string_view name) {
  for (const auto& row : rows()) {
    if (row.name == name) {
      return &row;
    }
  }
  return nullptr;
}

} // namespace pgha::agent::core
