#include "agent/core/slots.hpp"

#include <catch2/catch.hpp>

using namespace pgha::agent::core;
using pgha::model::Lsn;
using V = std::vector<std::string>;

namespace {

SlotSnapshot snapshot() {
  SlotSnapshot s;
  s.prefix = "pgha";
  s.me = "node1";
  s.node_list = {"node1", "node2", "node-3.example"};
  s.current_lsn = Lsn(0x50000000);
  return s;
}

SlotRow slot(std::string name, bool active = false, std::string wal_status = "reserved") {
  SlotRow r;
  r.name = std::move(name);
  r.active = active;
  r.wal_status = std::move(wal_status);
  r.restart_lsn = Lsn(0x40000000);
  return r;
}

} // namespace

TEST_CASE("a new primary creates one slot per other node") {
  auto plan = plan_slots(snapshot());
  CHECK(plan.create == V{"pgha_node2", "pgha_node_3_example"});
  CHECK(plan.drop.empty());
  CHECK(plan.report.empty());
}

TEST_CASE("existing slots are kept, missing ones created") {
  auto s = snapshot();
  s.existing = {slot("pgha_node2", true)};
  auto plan = plan_slots(s);
  CHECK(plan.create == V{"pgha_node_3_example"});
  CHECK(plan.drop.empty());
}

TEST_CASE("slots of nodes that left node_list are dropped, only pgha's") {
  auto s = snapshot();
  s.node_list = {"node1", "node2"};
  auto logical = slot("pgha_logical_decoder");
  logical.physical = false;
  s.existing = {slot("pgha_node2"), slot("pgha_node_3_example"), slot("pgha_old", true), logical,
                slot("barman"),     slot("pghaxnode9"),          slot("pgha_node1")};
  auto plan = plan_slots(s);
  CHECK(plan.create.empty());
  // The primary's own slot is stale too (it streams from nobody).
  CHECK(plan.drop == V{"pgha_node_3_example", "pgha_node1"});
  CHECK(plan.busy == V{"pgha_old"});
}

TEST_CASE("a standby drops its inactive pgha slots left from its primary days") {
  auto logical = slot("pgha_decoder");
  logical.physical = false;
  std::vector<SlotRow> rows = {slot("pgha_node2"), slot("pgha_node3", true), slot("barman"),
                               logical};
  CHECK(standby_slots_to_drop("pgha", rows) == V{"pgha_node2"});
  CHECK(standby_slots_to_drop("", rows).empty());
}

TEST_CASE("a slot holding back too much WAL is reported, never dropped") {
  auto s = snapshot();
  s.existing = {slot("pgha_node2", false, "extended"), slot("pgha_node_3_example", false, "lost")};
  auto plan = plan_slots(s);
  CHECK(plan.drop.empty());
  REQUIRE(plan.issues.size() == 2);
  CHECK(plan.issues[0].retained_bytes == 0x10000000U);
  CHECK(plan.report == "pgha_node2:extended:268435456 pgha_node_3_example:lost:268435456");
  s.current_lsn.reset();
  CHECK(plan_slots(s).report == "pgha_node2:extended:? pgha_node_3_example:lost:?");
}
