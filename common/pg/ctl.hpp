#pragma once
// PostgreSQL's programs (pg_ctl, pg_controldata, pg_isready, pg_rewind, pg_basebackup) run
// through a proc::Runner as the data directory's owner, and the files in the data directory the
// agent owns (standby.signal, the replication settings in postgresql.auto.conf).
//
// Every program call takes a Deadline; the program's own timeout (-t) is derived from it and the
// runner kills the process group when it passes. A program that fails or times out throws
// ProcessError with the program name, exit status and the tail of its stderr.

#include "common/base/deadline.hpp"
#include "common/model/controldata.hpp"
#include "common/pg/types.hpp"
#include "common/proc/runner.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pgha::pg {

struct CtlOptions {
  std::filesystem::path bindir = "/usr/lib/postgresql/15/bin"; // pg_ctl & co.
  std::filesystem::path pgdata;                                // data directory
  std::string pgdba = "postgres"; // owner of pgdata; programs run as this user
  // postgresql.conf outside pgdata (Debian: /etc/postgresql/15/main/postgresql.conf); passed
  // to the server as config_file. Only [A-Za-z0-9_./-] characters (pg_ctl hands -o to a shell).
  std::optional<std::filesystem::path> config_file;
  // Server log for pg_ctl start -l; /dev/null when unset (with logging_collector the server
  // logs elsewhere anyway).
  std::optional<std::filesystem::path> logfile;
  // Extra server options for pg_ctl start -o, one word each (start_opt). pg_ctl hands -o to
  // /bin/sh: each word is passed single-quoted, so the shell sees literal words only.
  std::vector<std::string> server_options;
  // Extra pg_ctl start options placed before -D (ctl_opt), passed as argv words.
  std::vector<std::string> ctl_options;
  // Extra environment for every program (e.g. PGPASSFILE for pg_rewind/pg_basebackup).
  std::vector<std::pair<std::string, std::string>> env;
};

enum class StopMode { smart, fast, immediate };
// pg_ctl status: running (0), not running (3), no accessible data directory (4).
enum class ServerStatus { running, not_running, no_data_directory };
// pg_isready exit codes 0–3.
enum class Readiness { accepting = 0, rejecting = 1, no_response = 2, no_attempt = 3 };

// Recovery settings of a standby, written to postgresql.auto.conf (the file pg_basebackup -R
// writes, read after postgresql.conf so nothing overrides it). primary_conninfo must not
// contain a password (ConfigError): libpq reads it from the passfile.
struct ReplicationConfig {
  std::string primary_conninfo;                 // includes application_name=<node>
  std::optional<std::string> restore_command;   // unset = none
  std::optional<std::string> primary_slot_name; // validated with check_slot_name
  // Run by the standby's restartpoints / once at the end of recovery (promotion); unset = none.
  std::optional<std::string> archive_cleanup_command;
  std::optional<std::string> recovery_end_command;
  bool recovery_target_timeline_latest = true;            // recovery_target_timeline = 'latest'
  std::optional<std::string> wal_retrieve_retry_interval; // unset = PostgreSQL's setting
};

struct RewindOptions {
  std::string source_conninfo;      // the running primary; no password
  bool write_recovery_conf = false; // pg_rewind -R
  bool restore_target_wal = false;  // pg_rewind -c (uses restore_command)
  bool dry_run = false;             // pg_rewind -n
};

struct BasebackupOptions {
  std::string source_conninfo;      // the primary; no password
  std::optional<std::string> slot;  // -S SLOT
  bool write_recovery_conf = false; // -R
  bool fast_checkpoint = true;      // -c fast
};

class Ctl {
 public:
  // `runner` must outlive this object.
  Ctl(proc::Runner& runner, CtlOptions options);

  const CtlOptions& options() const { return m_options; }

  // pg_ctl start -w: returns when the server accepts connections (a standby: when it reached a
  // consistent state). Throws ProcessError when pg_ctl fails or `deadline` passes.
  void start(Deadline deadline);
  // pg_ctl stop -m MODE -w (the signal itself when pg_ctl is missing), then waits until the
  // postmaster PID has really exited (pg_ctl can return just before). Only a verified postmaster
  // is stopped. Returns false when none was running. Throws ProcessError when the server is
  // still running at `deadline`.
  bool stop(StopMode mode, Deadline deadline);
  // pg_ctl status.
  ServerStatus status(Deadline deadline);
  // pg_ctl promote -w: returns when the server left recovery.
  void promote(Deadline deadline);
  // pg_ctl promote -W: asks the server to promote and returns at once. pg_ctl's own wait looks
  // only every 100 ms; a caller holding a session can watch pg_is_in_recovery() more closely.
  void request_promote(Deadline deadline);
  // pg_ctl reload.
  void reload(Deadline deadline);
  // Output of pg_controldata with LC_ALL=C.
  std::string controldata_text(Deadline deadline);
  // pg_controldata parsed (model::parse_controldata).
  model::ControlData controldata(Deadline deadline);
  // pg_isready against host (or socket directory) and port.
  Readiness isready(const std::string& host, int port, Deadline deadline);
  // pg_rewind the (cleanly stopped) data directory against a running source.
  void rewind(const RewindOptions& options, Deadline deadline);
  // pg_basebackup into the (empty or absent) data directory; -X stream.
  void basebackup(const BasebackupOptions& options, Deadline deadline);

  // Major version from PG_VERSION ("15" → 15), read once per Ctl (one action). Throws
  // StateError when unreadable.
  int major_version() const;
  // PID from postmaster.pid, nullopt when the file is absent or unreadable.
  std::optional<int> postmaster_pid() const;
  // The PID of postmaster.pid when /proc confirms it is this data directory's postmaster
  // (postgres executable, working directory pgdata, owned by pgdba; see postmaster.hpp).
  std::optional<int> verified_postmaster_pid() const;
  // True when postmaster.pid names this data directory's live postmaster (verified).
  bool postmaster_alive() const;
  // Last stop phase: SIGKILL (and SIGCONT) the verified postmaster, then its children; waits
  // until they are gone. False when no verified postmaster runs. ProcessError at `deadline`.
  bool kill_postmaster(Deadline deadline);
  // Remove postmaster.pid when it names a live process while no server process of this data
  // directory exists (a crash leftover whose PID was reused); PostgreSQL refuses to start
  // beside it. Nothing else is touched.
  void remove_stale_pid_file();

  bool has_standby_signal() const;
  // backup_label: a base backup whose recovery has not started yet.
  bool has_backup_label() const;
  void write_standby_signal();  // owned by pgdba, mode 0600
  void remove_standby_signal(); // absent is fine

  // Set the recovery settings in postgresql.auto.conf (atomically, other settings kept).
  void write_replication_config(const ReplicationConfig& config);
  // Remove every setting write_replication_config writes.
  void remove_replication_config();
  // Current value of `name` in postgresql.auto.conf (unquoted), nullopt when absent.
  std::optional<std::string> auto_conf_value(const std::string& name) const;
  // Set (or with nullopt remove) synchronous_standby_names in postgresql.auto.conf while the
  // server is stopped (when it runs use Postgres::set_synchronous_standby).
  void write_synchronous_standby_offline(const std::optional<std::string>& standby);

 private:
  proc::Command command(std::vector<std::string> argv, Deadline deadline) const;
  std::string program(const std::string& name) const;

  proc::Runner& m_runner;
  CtlOptions m_options;
  mutable std::optional<int> m_major;
};

} // namespace pgha::pg
