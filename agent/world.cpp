#include "agent/world.hpp"

#include "common/cluster/crm_cluster.hpp"
#include "common/pg/instance.hpp"
#include "common/pq/conninfo.hpp"

#include <fmt/format.h>

#include <system_error>

namespace pgha::agent {

namespace {

std::string value_or(const core::EnvMap& env, std::string_view key, std::string fallback) {
  auto v = core::env_get(env, key);
  return v && !v->empty() ? *v : fallback;
}

} // namespace

World::World(const core::EnvMap& env, const core::Params& params) : m_env(env), m_params(params) {}

World::~World() = default;

const std::string& World::read_cib(Deadline deadline) {
  m_cib = cluster().query_cib(deadline);
  m_cib_read_at = std::chrono::steady_clock::now();
  return *m_cib;
}

std::optional<std::string> World::recent_cib(std::chrono::milliseconds max_age) const {
  if (!m_cib || std::chrono::steady_clock::now() - m_cib_read_at >= max_age)
    return std::nullopt;
  return m_cib;
}

proc::Runner& World::runner() {
  if (!m_runner)
    m_runner = std::make_unique<proc::PosixRunner>();
  return *m_runner;
}

cluster::Cluster& World::cluster() {
  if (!m_cluster) {
    cluster::CrmOptions options;
    options.sbin_dir = value_or(m_env, "HA_SBIN_DIR", "/usr/sbin");
    if (auto file = core::env_get(m_env, "CIB_file"); file && !file->empty())
      options.cib_file = *file;
    m_cluster = std::make_unique<cluster::CrmCluster>(runner(), options);
  }
  return *m_cluster;
}

std::string World::local_conninfo() const {
  return local_conninfo(m_params.pgdba);
}

std::string World::local_conninfo(const std::string& user) const {
  std::string host = !m_params.pghost.empty()      ? m_params.pghost
                     : !m_params.socketdir.empty() ? m_params.socketdir
                                                   : std::string("/var/run/postgresql");
  return fmt::format("host={} port={} user={} dbname={}", pq::quote_conninfo_value(host),
                     m_params.pgport, pq::quote_conninfo_value(user),
                     pq::quote_conninfo_value(m_params.pgdb));
}

pg::Postgres& World::postgres() {
  if (!m_postgres) {
    pg::SessionOptions options;
    options.conninfo = local_conninfo();
    options.application_name = "pgha-expgsql";
    // Debian's default pg_hba.conf ("local all postgres peer") accepts pgdba's own socket
    // credentials only; the agent runs as root.
    options.peer_user = m_params.pgdba;
    m_postgres = std::make_unique<pg::Instance>(options);
  }
  return *m_postgres;
}

pg::Postgres& World::health_postgres() {
  if (m_params.monitor_user.empty() || m_params.monitor_user == m_params.pgdba)
    return postgres();
  if (!m_health) {
    pg::SessionOptions options;
    options.conninfo = local_conninfo(m_params.monitor_user);
    options.application_name = "pgha-expgsql-health";
    m_health = std::make_unique<pg::Instance>(options);
  }
  return *m_health;
}

pg::Ctl& World::ctl() {
  if (!m_ctl) {
    pg::CtlOptions options;
    options.bindir = core::bindir_of(m_params);
    options.pgdata = m_params.pgdata;
    options.pgdba = m_params.pgdba;
    if (!m_params.config.empty() &&
        m_params.config != (std::filesystem::path(m_params.pgdata) / "postgresql.conf").string())
      options.config_file = m_params.config;
    if (!m_params.logfile.empty())
      options.logfile = m_params.logfile;
    options.server_options = m_params.start_options;
    options.ctl_options = m_params.ctl_options;
    m_ctl = std::make_unique<pg::Ctl>(runner(), options);
  }
  return *m_ctl;
}

distlock::LockService& World::lock_service() {
  if (!m_lock) {
    distlock::PgOptions options;
    options.conninfo = m_params.distlock_conninfo;
    options.application_name = "pgha-expgsql";
    options.reuse_connection = true;
    m_lock = std::make_unique<distlock::PgLockService>(options);
  }
  return *m_lock;
}

std::filesystem::path World::state_dir(const std::string& resource) {
  std::filesystem::path dir =
      std::filesystem::path(value_or(m_env, "HA_RSCTMP", "/run/resource-agents")) /
      ("expgsql-" + resource);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
  return dir;
}

} // namespace pgha::agent
