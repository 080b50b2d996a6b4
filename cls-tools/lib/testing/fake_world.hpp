#pragma once
// The cls_* seams as the common/*/testing fakes (target cls_testing): FakeCluster, FakeRunner,
// one FakePostgres per PrimaryAs, FakeLockAdmin, FakeClock, and a real pg::Ctl whose programs
// run through the FakeRunner. The test arranges each fake's state, runs a command, and inspects the
// calls.

#include "cls-tools/lib/testing/fake_lock_admin.hpp"
#include "cls-tools/lib/world.hpp"
#include "common/cluster/testing/fake_cluster.hpp"
#include "common/pg/testing/fake_postgres.hpp"
#include "common/proc/testing/fake_runner.hpp"

#include <algorithm>

namespace pgha::cls::testing {

// A clock that only moves when a wait sleeps: a command's whole budget passes at once.
class FakeClock final : public Clock {
 public:
  TimePoint now() override { return m_now; }
  void sleep_until(TimePoint t) override {
    m_now = std::max(m_now, t);
    ++sleeps;
  }
  int sleeps = 0;

 private:
  TimePoint m_now{};
};

class FakeWorld final : public World {
 public:
  // `config` gives the Ctl its data directory and program directory.
  explicit FakeWorld(config::ClusterConfig config);
  ~FakeWorld() override;

  cluster::testing::FakeCluster fake_cluster;
  proc::testing::FakeRunner fake_runner;
  FakeLockAdmin fake_lock;
  pg::testing::FakePostgres primary_dba;
  pg::testing::FakePostgres primary_replication;
  FakeClock fake_clock;

  proc::Runner& runner() override { return fake_runner; }
  cluster::Cluster& cluster() override { return fake_cluster; }
  LockAdmin& lock() override { return fake_lock; }
  pg::Postgres& primary(PrimaryAs as) override {
    return as == PrimaryAs::dba ? primary_dba : primary_replication;
  }
  pg::Ctl& ctl() override;
  Clock& clock() override { return fake_clock; }

 private:
  config::ClusterConfig m_config;
  std::unique_ptr<pg::Ctl> m_ctl;
};

} // namespace pgha::cls::testing
