#pragma once
// The attribute bookkeeping around start (pha4pgsql §1.1) and the check of the running
// standby's synchronous_standby_names.

#include "agent/core/names.hpp"
#include "agent/core/plan.hpp"
#include "agent/core/rc.hpp"
#include "common/model/repl_info.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace pgha::agent::core {

struct StartInput {
  std::string me;
  AttributeNames names;
  std::optional<model::ReplInfo> repl_info;
};

// Before PostgreSQL starts: status STOP, delete master-baseline, score -INFINITY, delete
// xlog-loc. Why first: until the start succeeded this node must not look promotable or
// publish an old WAL position into a running election.
Plan start_prepare_plan(const StartInput& input);

// After the standby runs (and check_repl_info passed before it started): status HS:alone, and
// score 1000 when REPL_INFO names this node (the recorded primary is promoted again at once).
Plan start_finish_plan(const StartInput& input);

// The standby's `SHOW synchronous_standby_names` after start must be empty: the agent's
// include file writes '' and only the primary's monitor names a standby. A value set
// elsewhere (postgresql.auto.conf) would make this node, once promoted, wait for a standby the
// agent does not manage. OCF_ERR_ARGS: a defect of this node's files, not of the resource
// parameters (pha4pgsql's 6 stopped the resource on every node).
Outcome check_standby_sync_names(std::string_view shown_value);

} // namespace pgha::agent::core
