#pragma once
// The composition root of expgsql: the only place that names the concrete seams (process
// runner, Pacemaker tools, PostgreSQL session and programs, lock service). Each seam is built
// on first use, so meta-data, methods and validate-all construct nothing they do not need.

#include "agent/core/env_map.hpp"
#include "agent/core/params.hpp"
#include "common/cluster/cluster.hpp"
#include "common/pg/ctl.hpp"
#include "common/pg/postgres.hpp"
#include "common/proc/runner.hpp"
#include "pgha/distlock/lock.hpp"

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace pgha::agent {

class World {
 public:
  // `env` and `params` must outlive the world.
  World(const core::EnvMap& env, const core::Params& params);
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  proc::Runner& runner();
  // Pacemaker tools from HA_SBIN_DIR (default /usr/sbin); CIB_file honoured for tests.
  cluster::Cluster& cluster();
  // The local PostgreSQL over libpq (socketdir or pghost, pgport, pgdba, pgdb).
  pg::Postgres& postgres();
  // The session of the health query (monitor_sql): as monitor_user when set, else postgres().
  pg::Postgres& health_postgres();
  // pg_ctl & co. from the directory of `pgctl`, run as pgdba.
  pg::Ctl& ctl();
  // The lease lock on distlock_conninfo.
  distlock::LockService& lock_service();

  // The CIB (cibadmin --query), read now and kept for recent_cib. The schedule check reads it
  // at the start of start and promote; their REPL_INFO comes from the same read.
  const std::string& read_cib(Deadline deadline);
  // The text read_cib returned, when read less than `max_age` ago.
  std::optional<std::string> recent_cib(std::chrono::milliseconds max_age) const;

  // A private directory for state kept between invocations (HA_RSCTMP, default
  // /run/resource-agents, cleared at boot): attribute cache, election history, lease deadline.
  std::filesystem::path state_dir(const std::string& resource);

  // The libpq conninfo of the local server (no password: passfile or trust/peer).
  std::string local_conninfo() const;
  std::string local_conninfo(const std::string& user) const;

 private:
  const core::EnvMap& m_env;
  const core::Params& m_params;
  std::unique_ptr<proc::Runner> m_runner;
  std::unique_ptr<cluster::Cluster> m_cluster;
  std::unique_ptr<pg::Postgres> m_postgres;
  std::unique_ptr<pg::Postgres> m_health;
  std::unique_ptr<pg::Ctl> m_ctl;
  std::unique_ptr<distlock::LockService> m_lock;
  std::optional<std::string> m_cib;
  std::chrono::steady_clock::time_point m_cib_read_at;
};

} // namespace pgha::agent
