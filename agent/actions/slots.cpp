#include "agent/actions/slots.hpp"

#include "agent/core/slots.hpp"
#include "common/base/error.hpp"
#include "common/base/log.hpp"

namespace pgha::agent {

namespace {

// The slot rows, reconnecting once: right after promote's restart or demote's stop and start
// the action's session points at the previous postmaster.
std::vector<core::SlotRow> list_slots(pg::Postgres& pg, Deadline deadline) {
  std::vector<pg::SlotInfo> slots;
  try {
    slots = pg.slots(deadline);
  } catch (const PgUnreachable& e) {
    log::detail("slots: {}; reconnecting", e.what());
    slots = pg.slots(deadline);
  }
  std::vector<core::SlotRow> rows;
  for (const auto& slot : slots)
    rows.push_back(
        {slot.name, slot.type == "physical", slot.active, slot.wal_status, slot.restart_lsn});
  return rows;
}

} // namespace

void keep_slots(ActionContext& ctx, Runtime& rt) {
  if (ctx.params.replication_slot_name.empty())
    return;
  auto& pg = ctx.world.postgres();
  core::SlotSnapshot s;
  s.prefix = ctx.params.replication_slot_name;
  s.me = ctx.node;
  s.node_list = ctx.params.node_list;
  try {
    s.existing = list_slots(pg, ctx.deadline);
    s.current_lsn = pg.current_lsn(ctx.deadline);
    auto plan = core::plan_slots(s);
    for (const auto& name : plan.create)
      if (pg.create_physical_slot(name, ctx.deadline))
        log::info("replication slot \"{}\" created", name);
    for (const auto& name : plan.drop)
      if (pg.drop_slot(name, ctx.deadline))
        log::info("replication slot \"{}\" dropped: its node is not in node_list", name);
    for (const auto& name : plan.busy)
      log::warn("replication slot \"{}\" belongs to no node of node_list but is in use; it is "
                "dropped once released",
                name);
    for (const auto& issue : plan.issues)
      log::warn("replication slot \"{}\" holds back {} bytes of WAL (wal_status {})\nHINT: a "
                "standby that stays away fills pg_wal; bring it back, or remove its node from "
                "node_list to drop the slot",
                issue.slot,
                issue.retained_bytes ? std::to_string(*issue.retained_bytes) : "unknown",
                issue.wal_status);
    if (plan.report.empty())
      rt.writer.delete_attribute(ctx.node, ctx.names.slots, cluster::Lifetime::reboot);
    else
      rt.writer.set_attribute(ctx.node, ctx.names.slots, plan.report, cluster::Lifetime::reboot);
  } catch (const Error& e) {
    log::warn("cannot maintain the replication slots: {}", e.what());
  }
}

void drop_standby_slots(ActionContext& ctx) {
  if (ctx.params.replication_slot_name.empty())
    return;
  auto& pg = ctx.world.postgres();
  try {
    auto rows = list_slots(pg, ctx.deadline);
    for (const auto& name : core::standby_slots_to_drop(ctx.params.replication_slot_name, rows))
      if (pg.drop_slot(name, ctx.deadline))
        log::info("replication slot \"{}\" dropped: a standby serves no slot", name);
  } catch (const Error& e) {
    log::warn("cannot drop the standby's replication slots: {}", e.what());
  }
}

} // namespace pgha::agent
