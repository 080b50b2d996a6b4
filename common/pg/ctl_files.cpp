// Ctl's edits of files in the data directory: standby.signal and postgresql.auto.conf.
#include "common/base/error.hpp"
#include "common/base/log.hpp"
#include "common/base/safe_file.hpp"
#include "common/pg/auto_conf.hpp"
#include "common/pg/ctl.hpp"
#include "common/pq/conninfo.hpp"

#include <fmt/format.h>
#include <pwd.h>

namespace pgha::pg {

namespace fs = std::filesystem;

namespace {

constexpr const char* k_auto_conf = "postgresql.auto.conf";
constexpr const char* k_standby_signal = "standby.signal";

// The recovery settings the agent owns in postgresql.auto.conf.
const char* const k_replication_keys[] = {"primary_conninfo",           "restore_command",
                                          "primary_slot_name",          "recovery_target_timeline",
                                          "archive_cleanup_command",    "recovery_end_command",
                                          "wal_retrieve_retry_interval"};

// Write `content` to `path` atomically (temp file + rename), owned by `owner`, mode 0600, so
// PostgreSQL never reads a half-written file and can still rewrite it (ALTER SYSTEM). The data
// directory belongs to `owner`: nothing planted there (a symlink at the temporary name) may
// redirect what root writes (see safe_file::replace).
void write_owned(const fs::path& path, const std::string& content, const std::string& owner) {
  passwd pw{};
  passwd* found = nullptr;
  char buf[4096];
  if (getpwnam_r(owner.c_str(), &pw, buf, sizeof buf, &found) != 0 || found == nullptr)
    // InstallError (5): the account is missing on this node only; 6 would stop the resource
    // on every node.
    throw InstallError(fmt::format("unknown user \"{}\" on this node", owner));
  safe_file::replace(path.parent_path(), path.filename().string(), content, 0600,
                     safe_file::Owner{pw.pw_uid, pw.pw_gid});
}

// A file of the data directory; a symlink or hard link there reads as empty (its target may
// be a file of root's that must not be copied into a file postgres can read).
std::string read_text(const fs::path& path) {
  return safe_file::read_nofollow(path).value_or(std::string());
}

} // namespace

bool Ctl::has_backup_label() const {
  return fs::exists(m_options.pgdata / "backup_label");
}

bool Ctl::has_standby_signal() const {
  return fs::exists(m_options.pgdata / k_standby_signal);
}

void Ctl::write_standby_signal() {
  write_owned(m_options.pgdata / k_standby_signal, "", m_options.pgdba);
}

void Ctl::remove_standby_signal() {
  std::error_code ec;
  fs::remove(m_options.pgdata / k_standby_signal, ec);
  if (ec)
    throw StateError(fmt::format("cannot remove \"{}\": {}",
                                 (m_options.pgdata / k_standby_signal).string(), ec.message()));
}

void Ctl::write_replication_config(const ReplicationConfig& config) {
  pq::refuse_password("primary_conninfo", config.primary_conninfo);
  if (config.primary_slot_name)
    check_slot_name(*config.primary_slot_name);
  std::vector<std::pair<std::string, std::optional<std::string>>> changes = {
      {"primary_conninfo", config.primary_conninfo},
      {"restore_command", config.restore_command},
      {"primary_slot_name", config.primary_slot_name},
      {"archive_cleanup_command", config.archive_cleanup_command},
      {"recovery_end_command", config.recovery_end_command},
      {"wal_retrieve_retry_interval", config.wal_retrieve_retry_interval},
      {"recovery_target_timeline", config.recovery_target_timeline_latest
                                       ? std::optional<std::string>("latest")
                                       : std::nullopt},
  };
  auto path = m_options.pgdata / k_auto_conf;
  write_owned(path, auto_conf::apply(read_text(path), changes), m_options.pgdba);
  log::detail("replication settings written to \"{}\"", path.string());
}

void Ctl::remove_replication_config() {
  std::vector<std::pair<std::string, std::optional<std::string>>> changes;
  for (const char* key : k_replication_keys)
    changes.emplace_back(key, std::nullopt);
  auto path = m_options.pgdata / k_auto_conf;
  write_owned(path, auto_conf::apply(read_text(path), changes), m_options.pgdba);
}

std::optional<std::string> Ctl::auto_conf_value(const std::string& name) const {
  return auto_conf::get(read_text(m_options.pgdata / k_auto_conf), name);
}

void Ctl::write_synchronous_standby_offline(const std::optional<std::string>& standby) {
  std::optional<std::string> value;
  if (standby) {
    check_standby_name(*standby);
    value = "\"" + *standby + "\"";
  }
  auto path = m_options.pgdata / k_auto_conf;
  write_owned(path, auto_conf::apply(read_text(path), {{"synchronous_standby_names", value}}),
              m_options.pgdba);
}

} // namespace pgha::pg
