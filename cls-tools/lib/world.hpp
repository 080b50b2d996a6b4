#pragma once
// The seams a cls_* command works with, handed to it through its Context: commands never
// construct a seam. ClsWorld is the composition root of the cls binary (the only place that
// names the concrete seams); unit tests pass testing::FakeWorld (testing/fake_world.hpp), whose
// seams are the common/*/testing fakes.

#include "cls-tools/lib/lock_admin.hpp"
#include "common/cluster/cluster.hpp"
#include "common/config/cluster_config.hpp"
#include "common/pg/ctl.hpp"
#include "common/pg/postgres.hpp"
#include "common/proc/runner.hpp"

#include <chrono>
#include <memory>

namespace pgha::cls {

// The time the commands' waits run on (Context::wait_for): the monotonic clock and sleeping in
// the tool, a clock the test advances in FakeWorld. Each Pacemaker call keeps its own real
// Deadline (command_timeout).
class Clock {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  virtual ~Clock() = default;
  virtual TimePoint now() = 0;
  virtual void sleep_until(TimePoint t) = 0;
};

class SteadyClock final : public Clock {
 public:
  TimePoint now() override;
  void sleep_until(TimePoint t) override;
};

// Whom a command talks to on the primary (through the writer VIP).
enum class PrimaryAs {
  dba,         // pgsql_pgdba: cls_status reads pg_stat_replication
  replication, // pgsql_repuser: cls_repair_slave's CHECKPOINT before pg_rewind
};

class World {
 public:
  virtual ~World() = default;
  virtual proc::Runner& runner() = 0;
  virtual cluster::Cluster& cluster() = 0;
  // The configured lock (distlock_lockname on distlock_conninfo). May throw ConfigError for a
  // conninfo with a password: call it where the lock's failures are handled.
  virtual LockAdmin& lock() = 0;
  // The primary through the writer VIP as `as`; the session opens on the first call.
  virtual pg::Postgres& primary(PrimaryAs as) = 0;
  // PostgreSQL's programs on this node's data directory, run through runner().
  virtual pg::Ctl& ctl() = 0;
  // The clock of the waits.
  virtual Clock& clock() = 0;
};

// How the cls_* commands run PostgreSQL's programs for config.ini's data directory.
pg::CtlOptions ctl_options(const config::ClusterConfig& config);

// The primary through the writer VIP as the replication user, as pg_rewind and pg_basebackup
// take it (their password comes from PGPASSFILE in ctl_options, never the command line).
std::string replication_source_conninfo(const config::ClusterConfig& config);

// The libpq conninfo of the primary through the writer VIP as `as`, naming the passfile when
// one is configured.
std::string primary_conninfo(const config::ClusterConfig& config, PrimaryAs as);

// The real seams, each built on first use from config.ini.
class ClsWorld final : public World {
 public:
  explicit ClsWorld(const config::ClusterConfig& config);
  ~ClsWorld() override;

  proc::Runner& runner() override;
  cluster::Cluster& cluster() override;
  LockAdmin& lock() override;
  pg::Postgres& primary(PrimaryAs as) override;
  pg::Ctl& ctl() override;
  Clock& clock() override { return m_clock; }

 private:
  const config::ClusterConfig& m_config;
  SteadyClock m_clock;
  std::unique_ptr<proc::Runner> m_runner;
  std::unique_ptr<cluster::Cluster> m_cluster;
  std::unique_ptr<LockAdmin> m_lock;
  std::unique_ptr<pg::Postgres> m_primary_dba;
  std::unique_ptr<pg::Postgres> m_primary_replication;
  std::unique_ptr<pg::Ctl> m_ctl;
};

} // namespace pgha::cls
