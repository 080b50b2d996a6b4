#include "agent/core/monitor_verdict.hpp"

#include <catch2/catch.hpp>

using namespace pgha::agent::core;
using pgha::model::ClusterState;

namespace {

pgha::model::ControlData cd(ClusterState state, const char* text) {
  pgha::model::ControlData c;
  c.state = state;
  c.state_text = text;
  return c;
}

} // namespace

TEST_CASE("monitor verdict from probes") {
  struct Row {
    const char* name;
    MonitorProbes probes;
    OcfRc rc;
  };
  const Row rows[] = {
      {"no data directory",
       {false, false, std::nullopt, SqlProbe::not_tried, std::nullopt},
       OcfRc::not_running},
      {"cleanly stopped primary",
       {true, false, cd(ClusterState::shut_down, "shut down"), SqlProbe::not_tried, std::nullopt},
       OcfRc::not_running},
      {"cleanly stopped standby",
       {true, false, cd(ClusterState::shut_down_in_recovery, "shut down in recovery"),
        SqlProbe::not_tried, std::nullopt},
       OcfRc::not_running},
      {"crashed primary",
       {true, false, cd(ClusterState::in_production, "in production"), SqlProbe::not_tried,
        std::nullopt},
       OcfRc::failed_promoted},
      {"fresh base backup (backup_label, copied control file)",
       {true, false, cd(ClusterState::in_production, "in production"), SqlProbe::not_tried,
        std::nullopt, true},
       OcfRc::not_running},
      {"crashed standby",
       {true, false, cd(ClusterState::in_archive_recovery, "in archive recovery"),
        SqlProbe::not_tried, std::nullopt},
       OcfRc::err_generic},
      {"not running, control data unreadable",
       {true, false, std::nullopt, SqlProbe::not_tried, std::nullopt},
       OcfRc::err_generic},
      {"running standby",
       {true, true, std::nullopt, SqlProbe::in_recovery, std::nullopt},
       OcfRc::success},
      {"running primary",
       {true, true, std::nullopt, SqlProbe::primary, true},
       OcfRc::running_promoted},
      {"running primary, health query not run",
       {true, true, std::nullopt, SqlProbe::primary, std::nullopt},
       OcfRc::running_promoted},
      {"running primary, health query failed",
       {true, true, std::nullopt, SqlProbe::primary, false},
       OcfRc::failed_promoted},
      {"postmaster runs, no connection",
       {true, true, std::nullopt, SqlProbe::unreachable, std::nullopt},
       OcfRc::err_generic},
  };
  for (const auto& r : rows) {
    SECTION(r.name) {
      auto o = decide_monitor(r.probes);
      CHECK(o.rc == r.rc);
      CHECK(o.reason.empty() == (r.rc == OcfRc::success || r.rc == OcfRc::not_running ||
                                 r.rc == OcfRc::running_promoted));
    }
  }
}

TEST_CASE("after this agent's stop a crashed instance probes as stopped") {
  MonitorProbes p;
  p.postmaster_running = false;
  p.controldata = cd(ClusterState::in_production, "in production");
  CHECK(decide_monitor(p).rc == OcfRc::failed_promoted);
  p.stopped_by_agent = true;
  CHECK(decide_monitor(p).rc == OcfRc::not_running);
  p.controldata = std::nullopt; // a crashed standby whose control data was not read
  CHECK(decide_monitor(p).rc == OcfRc::not_running);
  SECTION("a running postmaster is judged as always") {
    p.postmaster_running = true;
    p.sql = SqlProbe::primary;
    CHECK(decide_monitor(p).rc == OcfRc::running_promoted);
  }
}
