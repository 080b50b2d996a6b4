#include "cls-tools/lib/world.hpp"

#include "common/cluster/crm_cluster.hpp"
#include "common/pg/instance.hpp"
#include "common/pq/conninfo.hpp"

#include <fmt/format.h>

#include <thread>

namespace pgha::cls {

pg::CtlOptions ctl_options(const config::ClusterConfig& c) {
  pg::CtlOptions o;
  o.bindir = c.bindir();
  o.pgdata = c.pgdata;
  o.pgdba = c.pgdba;
  std::string conf = c.value_of("pgsql_config");
  if (!conf.empty())
    o.config_file = conf;
  if (!c.passfile.empty())
    o.env.emplace_back("PGPASSFILE", c.passfile);
  return o;
}

std::string replication_source_conninfo(const config::ClusterConfig& c) {
  return fmt::format("host={} port={} user={} dbname=postgres connect_timeout=10",
                     pq::quote_conninfo_value(c.writer_vip), c.pgport,
                     pq::quote_conninfo_value(c.repuser));
}

std::string primary_conninfo(const config::ClusterConfig& c, PrimaryAs as) {
  std::string conninfo =
      as == PrimaryAs::dba
          ? fmt::format("host={} port={} dbname=postgres user={} connect_timeout=3",
                        pq::quote_conninfo_value(c.writer_vip), c.pgport,
                        pq::quote_conninfo_value(c.pgdba))
          : replication_source_conninfo(c);
  if (!c.passfile.empty())
    conninfo += fmt::format(" passfile={}", pq::quote_conninfo_value(c.passfile));
  return conninfo;
}

Clock::TimePoint SteadyClock::now() {
  return std::chrono::steady_clock::now();
}

void SteadyClock::sleep_until(TimePoint t) {
  std::this_thread::sleep_until(t);
}

ClsWorld::ClsWorld(const config::ClusterConfig& config) : m_config(config) {}

ClsWorld::~ClsWorld() = default;

proc::Runner& ClsWorld::runner() {
  if (!m_runner)
    m_runner = std::make_unique<proc::PosixRunner>();
  return *m_runner;
}

cluster::Cluster& ClsWorld::cluster() {
  if (!m_cluster)
    m_cluster =
        std::make_unique<cluster::CrmCluster>(runner(), cluster::CrmOptions::from_environment());
  return *m_cluster;
}

LockAdmin& ClsWorld::lock() {
  if (!m_lock) {
    distlock::PgOptions options;
    options.conninfo = m_config.distlock_conninfo;
    m_lock = std::make_unique<PgLockAdmin>(options, m_config.distlock_lockname);
  }
  return *m_lock;
}

pg::Postgres& ClsWorld::primary(PrimaryAs as) {
  auto& slot = as == PrimaryAs::dba ? m_primary_dba : m_primary_replication;
  if (!slot) {
    pg::SessionOptions session;
    session.conninfo = primary_conninfo(m_config, as);
    session.application_name = as == PrimaryAs::dba ? "pgha-cls_status" : "pgha-cls_repair_slave";
    slot = std::make_unique<pg::Instance>(session);
  }
  return *slot;
}

pg::Ctl& ClsWorld::ctl() {
  if (!m_ctl)
    m_ctl = std::make_unique<pg::Ctl>(runner(), ctl_options(m_config));
  return *m_ctl;
}

} // namespace pgha::cls
