#pragma once
// check_wal_receiver: the standby's WAL receiver state as the transient node attribute
// "<rsc>-receiver" (pg_stat_wal_receiver.status, or "none" when no receiver runs), so
// crm_mon -A and cls_status show a standby that runs but does not stream.

#include "agent/actions/context.hpp"
#include "agent/actions/runtime.hpp"

namespace pgha::agent {

// On a standby with check_wal_receiver: publish the state (written only when it changes).
void publish_wal_receiver(ActionContext& ctx, Runtime& rt);
// On the primary: remove a value left from its standby days.
void clear_wal_receiver(ActionContext& ctx, Runtime& rt);

} // namespace pgha::agent
