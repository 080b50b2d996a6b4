#pragma once
// The parameter table of expgsql: one row per OCF parameter. Meta-data, defaults, parsing of
// OCF_RESKEY_* and the parameter part of validate-all all derive from it.

#include "agent/core/env_map.hpp"
#include "agent/core/rc.hpp"
#include "common/model/rep_mode.hpp"

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pgha::agent::core {

// Content types inside the profile accepted by ra-api-1.dtd and metadata.rng alike.
enum class ParamType { string, integer, boolean };

// A value is already known to be of the row's type when the validator runs. It returns an
// empty string when the value is acceptable, else the defect (lowercase, no final period),
// which becomes the exit reason after the parameter name.
using ParamValidator = std::function<std::string(std::string_view value)>;

struct ParamSpec {
  std::string_view name;
  ParamType type = ParamType::string;
  std::string_view default_value; // empty = no default
  bool required = false;
  bool unique = false;
  std::string_view shortdesc;
  std::string_view longdesc;
  ParamValidator validator; // may be empty
};

// The table, in meta-data order.
std::span<const ParamSpec> param_table();

// The row of `name`, or nullptr.
const ParamSpec* find_param(std::string_view name);

// Replication mode: sync (one synchronous standby, async fallback under the lease) or async
// (common/model/rep_mode.hpp, shared with config.ini).
using model::RepMode;

// Typed parameter values after defaults were applied and every check passed.
struct Params {
  std::string pgctl;
  std::string psql;
  std::string pgdata;
  std::string pgdba;
  std::string pghost;
  int pgport = 5432;
  std::string pgdb;
  std::string config;
  std::string logfile;
  std::string socketdir;
  std::string start_opt;
  std::string ctl_opt;
  std::vector<std::string> start_options; // start_opt split into words (split_words)
  std::vector<std::string> ctl_options;   // ctl_opt split into words
  std::string monitor_user;
  std::string monitor_sql;
  int stop_escalate = 90;          // seconds
  int stop_escalate_in_slave = 90; // seconds
  RepMode rep_mode = RepMode::sync;
  std::vector<std::string> node_list; // lower-cased, validated, no duplicates
  std::string master_ip;
  std::string repuser;
  std::string primary_conninfo_opt;
  std::string wal_retrieve_retry_interval = "1s";
  std::string restore_command;
  std::string archive_cleanup_command;
  std::string recovery_end_command;
  std::string replication_slot_name;
  int xlog_check_count = 3;
  int crm_attr_timeout = 5; // seconds
  bool check_wal_receiver = false;
  bool enable_distlock = false;
  std::string distlock_conninfo;
  std::string distlock_lockname; // never empty after parsing: defaults to the resource name
  int distlock_ttl = 9;          // seconds
  int distlock_wait = 12;        // seconds
  std::vector<std::string> distlock_lockservice_deadcheck_nodelist;
};

// Result of parsing the OCF_RESKEY_* values.
struct ParamsResult {
  std::optional<Params> params;      // set iff outcome.ok()
  Outcome outcome;                   // OCF_ERR_CONFIGURED with a reason naming the parameter
  std::string bad_param;             // the parameter the outcome is about
  std::vector<std::string> warnings; // e.g. obsolete parameters that are ignored
};

// Which parameters an action relies on. Why a stop scope: a stop must stop whatever the rest of
// the configuration says (a typo in a parameter only start uses, a password in
// primary_conninfo_opt); failing it with 6 would leave every instance FAILED (blocked).
enum class ParamScope {
  every_action, // every parameter and cross-parameter rule
  stop,         // only pgdata, pgdba, stop_escalate(_in_slave), crm_attr_timeout are checked;
                // any other invalid value is replaced by its default and reported as a warning
};

// True when `name` is checked in the stop scope.
bool needed_by_stop(std::string_view name);

// Parse and validate every parameter from the environment map (keys `OCF_RESKEY_<name>`).
// `resource_name` supplies the default lock name. Pure: looks at values only, never at files
// (see local_checks). Unknown OCF_RESKEY_ keys (CRM_meta_*, crm_feature_set, trace_ra) are
// ignored; obsolete pha4pgsql parameters are warnings (pglibs, restart_on_promote,
// monitor_password) or errors when ignoring them would silently weaken safety
// (distlock_lock_cmd, distlock_unlock_cmd).
ParamsResult parse_params(const EnvMap& env, std::string_view resource_name,
                          ParamScope scope = ParamScope::every_action);

// Checks that need the local node (node_list membership, a valid lowercase name). OCF_ERR_ARGS
// when the local node is not in node_list or its name is unusable: the parameters are fine
// elsewhere, only this node cannot run them.
Outcome check_params_for_node(const Params& params, std::string_view local_node);

// A check on the local file system the shell carries out at check level 10 (validate-all at
// level 10 and every other action), with the code to return when it fails.
struct LocalCheck {
  enum class Kind { executable, directory, file };
  Kind kind;
  std::string param; // parameter naming the path
  std::string path;
  OcfRc rc_if_missing;
  // Probes must answer 7 when pgdata is simply absent (unmounted shared storage is normal on
  // a node that does not run the resource); true for those paths.
  bool probe_reports_not_running = false;
};

// The local checks for these parameters, in the order to run them: binaries (5 when missing:
// software not installed on this node), the data directory (2 when missing: invalid only in
// this node's context; a probe reports 7), config and logfile's directory (2).
std::vector<LocalCheck> local_checks(const Params& params);

// The directory that holds pg_controldata, pg_rewind, pg_waldump: the directory of pgctl.
// postgresql.conf when the `config` parameter is empty: Debian's file for Debian's default
// data directory, else the one inside the data directory.
std::string default_config_for(const std::string& pgdata);

// Defaults that depend on the installed PostgreSQL: facts the shell gathers.
struct InstallFacts {
  std::optional<int> data_major;       // PGDATA/PG_VERSION
  std::optional<int> newest_installed; // highest N with /usr/lib/postgresql/N/bin/pg_ctl
};
// Fill pgctl, psql and logfile when they were left empty: Debian's paths of the data
// directory's major (else the newest installed one). Without either they stay empty and the
// local checks report pgctl as missing (5).
void apply_derived_defaults(Params& params, const InstallFacts& facts);
std::string bindir_of(const Params& params);

} // namespace pgha::agent::core
