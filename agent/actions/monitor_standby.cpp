// The standby's monitor pass. While it streams from a primary nothing else is needed (no
// process, no cluster read); otherwise its WAL is checked against REPL_INFO (a diverged
// standby fails), the cluster view says whether a primary exists, and when none does, the
// recorded primary claims it or the WAL-position election runs.

#include "agent/actions/execute_plan.hpp"
#include "agent/actions/monitor.hpp"
#include "agent/actions/runtime.hpp"
#include "agent/core/election.hpp"
#include "agent/core/repl_info_check.hpp"
#include "common/base/error.hpp"
#include "common/base/log.hpp"
#include "common/base/strings.hpp"

#include <algorithm>
#include <chrono>

namespace pgha::agent {

namespace {

constexpr const char* k_history_key = "election:history";

// "node=HEX,node=HEX;node=HEX,…" — one observation per ';'.
std::string encode(const std::vector<core::Observation>& history) {
  std::string out;
  for (const auto& obs : history) {
    if (!out.empty())
      out += ';';
    bool first = true;
    for (const auto& [node, lsn] : obs) {
      if (!first)
        out += ',';
      first = false;
      out += node + "=" + lsn.to_hex16();
    }
  }
  return out;
}

std::vector<core::Observation> decode(const std::string& text) {
  std::vector<core::Observation> history;
  if (text.empty())
    return history;
  for (const auto& part : split(text, ';')) {
    core::Observation obs;
    for (const auto& item : split(part, ',')) {
      auto eq = item.find('=');
      if (eq == std::string::npos)
        continue;
      if (auto lsn = model::Lsn::parse_hex16(item.substr(eq + 1)))
        obs[item.substr(0, eq)] = *lsn;
    }
    history.push_back(obs);
  }
  return history;
}

bool streaming(ActionContext& ctx) {
  auto rx = ctx.world.postgres().wal_receiver(ctx.deadline);
  return rx && rx->status == "streaming";
}

// A standby named in distlock_lockservice_deadcheck_nodelist probes the lock service on every
// pass and publishes what it found, stamped, for the primary's "lock service dead" rule. The
// probe is one bounded status query; the attribute is written only when the answer changes
// or the published stamp is ttl old.
void report_lock_service(ActionContext& ctx, Runtime& rt) {
  const auto& listed = ctx.params.distlock_lockservice_deadcheck_nodelist;
  if (!ctx.params.enable_distlock ||
      std::find(listed.begin(), listed.end(), ctx.node) == listed.end())
    return;
  auto ttl = std::chrono::seconds(ctx.params.distlock_ttl);
  bool reaches = true;
  try {
    ctx.world.lock_service().status(
        distlock::parse_lock_id(ctx.params.distlock_lockname),
        ctx.deadline.capped(std::clamp<std::chrono::seconds>(ttl / 2, std::chrono::seconds(1),
                                                             std::chrono::seconds(5))));
  } catch (const Error& e) {
    reaches = false;
    log::detail("lock service unreachable from here: {}", e.what());
  }
  auto now = unix_now();
  try {
    auto published =
        rt.writer.attribute(ctx.node, ctx.names.lockservice, cluster::Lifetime::reboot);
    if (core::lockservice_report_due(published, reaches, now, ttl))
      rt.writer.set_attribute(ctx.node, ctx.names.lockservice,
                              core::lockservice_report_value(reaches, now),
                              cluster::Lifetime::reboot);
  } catch (const Error& e) {
    // Why: the report only helps the primary; a CIB that cannot take it now must not fail this
    // standby's monitor (the primary treats a missing or stale report as "not confirmed").
    log::warn("cannot publish the lock-service report: {}", e.what());
  }
}

} // namespace

core::Outcome standby_pass(ActionContext& ctx, Runtime& rt) {
  report_lock_service(ctx, rt);
  core::StandbySnapshot s;
  s.me = ctx.node;
  s.rep_mode = ctx.params.rep_mode;
  s.node_list = ctx.params.node_list;
  s.names = ctx.names;
  s.xlog_check_count = ctx.params.xlog_check_count;
  if (auto v = rt.writer.attribute(ctx.node, ctx.names.data_status, cluster::Lifetime::forever))
    s.own_data_status = core::parse_data_status(*v);

  // A standby that streams has a primary: the common case costs no cluster read at all.
  std::optional<cluster::ClusterView> view;
  if (streaming(ctx)) {
    s.primary_exists = true;
    // From the cache only (a streaming pass runs no process): the position start published.
    if (auto cached =
            rt.writer.cached_attribute(ctx.node, ctx.names.xlog_loc, cluster::Lifetime::reboot);
        cached && *cached)
      s.published_lsn = model::Lsn::parse_any(**cached);
  } else {
    // Why: a standby that does not stream may hold WAL past the fork point of the recorded
    // promotion and then never can. Start checks this, but a node that started while its CIB
    // was partitioned saw a stale REPL_INFO; once the record names the new primary, this pass
    // fails it, and Pacemaker's restart meets the start's refusal (the node stays down until
    // repaired instead of running as a standby that never catches up).
    auto check = check_repl_info_conflict(ctx, rt);
    if (check.verdict == core::ReplInfoVerdict::conflict)
      return {core::OcfRc::err_generic, "this standby cannot follow: " + check.reason};
    view = ctx.world.cluster().view(ctx.deadline.capped(std::chrono::seconds(10)));
    s.primary_exists = !view->promoted_nodes(ctx.resource()).empty();
    if (auto v = rt.writer.attribute(ctx.node, ctx.names.xlog_loc, cluster::Lifetime::reboot))
      s.published_lsn = model::Lsn::parse_any(*v);
  }

  if (!s.primary_exists) {
    s.repl_info = rt.repl_info(false);
    s.own_lsn = standby_position(ctx);
    s.own_score = rt.writer.score(ctx.node);
    for (const auto& n : ctx.params.node_list) {
      if (n == ctx.node)
        continue;
      core::ElectionPeer p;
      p.node = n;
      if (const auto* nv = view->node(n))
        p.online = nv->online;
      auto role = view->role_on(ctx.resource(), n);
      p.running = role != "Stopped";
      // Peers' positions change between passes: always read them from the CIB.
      auto d = ctx.deadline.capped(std::chrono::seconds(ctx.params.crm_attr_timeout));
      if (auto v = ctx.world.cluster().get_node_attribute(n, ctx.names.xlog_loc,
                                                          cluster::Lifetime::reboot, d))
        p.xlog_loc = model::Lsn::parse_any(*v);
      if (auto v = ctx.world.cluster().get_node_attribute(n, ctx.names.data_status,
                                                          cluster::Lifetime::forever, d))
        p.data_status = core::parse_data_status(*v);
      s.peers.push_back(p);
    }
    s.history = decode(rt.state.get(k_history_key).value_or(""));
  }

  auto decision = core::decide_standby_monitor(s);
  log::detail("standby pass: {} {}", core::to_string(decision.outcome), decision.reason);
  PlanExecutor exec(ctx, rt.writer, rt.lease());
  exec.run(decision.plan);
  if (decision.history.empty())
    rt.state.erase(k_history_key);
  else
    rt.state.set(k_history_key, encode(decision.history));
  if (decision.outcome == core::ElectionOutcome::error)
    return {core::OcfRc::err_generic, decision.reason};
  return {core::OcfRc::success, {}};
}

} // namespace pgha::agent
