#pragma once
// The primary's replication slots (replication_slot_name): core::plan_slots decides, this
// executes against the local server and publishes the report.

#include "agent/actions/context.hpp"
#include "agent/actions/runtime.hpp"

namespace pgha::agent {

// Create the missing slots of the other nodes, drop pgha's slots of nodes that left node_list,
// log and publish ("<rsc>-slots" on this node) the slots that hold back too much WAL. Nothing
// to do without replication_slot_name. A failure is logged and leaves the role alone (a missing
// slot keeps one standby from streaming; failing the primary would stop all of them).
void keep_slots(ActionContext& ctx, Runtime& rt);

// On a standby that just started (start, demote): drop its inactive pgha slots
// (core::standby_slots_to_drop). A failure is logged only.
void drop_standby_slots(ActionContext& ctx);

} // namespace pgha::agent
