#include "agent/actions/execute_plan.hpp"

#include "agent/actions/slots.hpp"
#include "agent/core/primary_monitor.hpp"
#include "common/base/error.hpp"
#include "common/base/log.hpp"
#include "common/model/node_name.hpp"
#include "common/pg/postmaster.hpp"
#include "common/pq/conninfo.hpp"

#include <fmt/format.h>

#include <chrono>
#include <thread>

namespace pgha::agent {

namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

cluster::Lifetime lifetime_of(core::Lifetime lt) {
  return lt == core::Lifetime::reboot ? cluster::Lifetime::reboot : cluster::Lifetime::forever;
}

pg::StopMode stop_mode(core::StopMode mode) {
  return mode == core::StopMode::fast ? pg::StopMode::fast : pg::StopMode::immediate;
}

// Why not pg_ctl promote -w: pg_ctl looks every 100 ms, while the server leaves recovery a few
// ms after the request, and this wait lies on every failover's path. The open session is asked
// every 10 ms instead.
void wait_out_of_recovery(ActionContext& ctx) {
  constexpr auto k_interval = std::chrono::milliseconds(10);
  auto& pg = ctx.world.postgres();
  while (pg.is_in_recovery(ctx.deadline)) {
    if (ctx.deadline.remaining() <= k_interval)
      throw StateError("postgresql did not leave recovery before the promote's deadline");
    std::this_thread::sleep_for(k_interval);
  }
}

} // namespace

pg::ReplicationConfig replication_config(const ActionContext& ctx) {
  pg::ReplicationConfig config;
  config.primary_conninfo =
      fmt::format("host={} port={} user={} application_name={}",
                  pq::quote_conninfo_value(ctx.params.master_ip), ctx.params.pgport,
                  pq::quote_conninfo_value(ctx.params.repuser), pq::quote_conninfo_value(ctx.node));
  if (!ctx.params.primary_conninfo_opt.empty())
    config.primary_conninfo += " " + ctx.params.primary_conninfo_opt;
  config.wal_retrieve_retry_interval = ctx.params.wal_retrieve_retry_interval;
  if (!ctx.params.restore_command.empty())
    config.restore_command = ctx.params.restore_command;
  if (!ctx.params.archive_cleanup_command.empty())
    config.archive_cleanup_command = ctx.params.archive_cleanup_command;
  if (!ctx.params.recovery_end_command.empty())
    config.recovery_end_command = ctx.params.recovery_end_command;
  if (!ctx.params.replication_slot_name.empty())
    config.primary_slot_name = model::slot_name_for(ctx.params.replication_slot_name, ctx.node);
  return config;
}

void start_as_standby(ActionContext& ctx) {
  auto& ctl = ctx.world.ctl();
  if (ctl.postmaster_alive()) {
    log::info("postgresql already running");
    return;
  }
  ctl.write_standby_signal();
  ctl.write_replication_config(replication_config(ctx));
  // A standby never waits for anybody; the primary's monitor chooses its sync standby later.
  ctl.write_synchronous_standby_offline(std::nullopt);
  ctl.start(ctx.deadline);
  drop_standby_slots(ctx);
}

std::string sync_names_from_server(const std::string& value) {
  if (model::is_fence_sync_names(value))
    return std::string(core::k_fence_standby_name);
  return value;
}

PlanExecutor::PlanExecutor(ActionContext& ctx, ClusterWriter& writer, Lease* lease)
    : m_ctx(ctx), m_writer(writer), m_lease(lease) {}

void PlanExecutor::run(const core::Plan& plan) {
  for (const auto& s : plan) {
    log::info("step: {}", core::format_step(s));
    bool bookkeeping = std::holds_alternative<core::SetNodeAttribute>(s) ||
                       std::holds_alternative<core::DeleteNodeAttribute>(s) ||
                       std::holds_alternative<core::SetPromotionScore>(s);
    if (!(m_bookkeeping_best_effort && bookkeeping)) {
      step(s);
      continue;
    }
    try {
      step(s);
    } catch (const ClusterError& e) {
      log::warn("skipped \"{}\": {}", core::format_step(s), e.what());
    }
  }
}

void PlanExecutor::run_together(const core::Plan& plan) {
  std::vector<cluster::Write> writes;
  for (const auto& s : plan) {
    if (const auto* attr = std::get_if<core::SetNodeAttribute>(&s))
      writes.push_back(cluster::Write::node_attribute(attr->node, attr->name, attr->value,
                                                      lifetime_of(attr->lifetime)));
    else if (const auto* score = std::get_if<core::SetPromotionScore>(&s))
      writes.push_back(
          cluster::Write::promotion_score(m_ctx.resource(), score->node, score->score));
    else if (const auto* info = std::get_if<core::SetReplInfo>(&s))
      writes.push_back(
          cluster::Write::property(m_ctx.names.repl_info, model::render_repl_info(info->info)));
    else
      return run(plan);
  }
  for (const auto& s : plan)
    log::info("step: {} (at once with the others)", core::format_step(s));
  m_writer.set_all(writes);
}

void PlanExecutor::step(const core::Step& s) {
  auto& ctx = m_ctx;
  std::visit(
      Overloaded{
          [&](const core::SetNodeAttribute& a) {
            m_writer.set_attribute(a.node, a.name, a.value, lifetime_of(a.lifetime));
          },
          [&](const core::DeleteNodeAttribute& a) {
            m_writer.delete_attribute(a.node, a.name, lifetime_of(a.lifetime));
          },
          [&](const core::SetPromotionScore& a) { m_writer.set_score(a.node, a.score); },
          [&](const core::SetSyncStandbyNames& a) {
            std::optional<std::string> name;
            if (a.value == core::k_fence_standby_name)
              name = std::string(model::k_fence_standby);
            else if (auto n = core::sync_name_of(a.value); !n.empty())
              name = n;
            else if (!a.value.empty())
              throw StateError("unexpected synchronous_standby_names value \"" + a.value + "\"");
            // Why re-check here: dropping synchronous replication lets this primary acknowledge
            // alone; only a lease still valid on the local clock may allow that.
            if (!name && m_lease != nullptr && !m_lease->locally_valid())
              throw StateError("not dropping synchronous replication: the local lease deadline "
                               "passed");
            auto& ctl = ctx.world.ctl();
            if (ctl.postmaster_alive())
              ctx.world.postgres().set_synchronous_standby(name, ctx.deadline);
            else
              ctl.write_synchronous_standby_offline(name);
          },
          [&](const core::AcquireLock&) {
            if (m_lease == nullptr)
              throw StateError("lock step without a configured lock");
            auto r = m_lease->acquire(
                ctx.deadline.capped(std::chrono::seconds(ctx.params.distlock_wait)));
            if (r.attempt != core::LockAttempt::acquired)
              throw StateError("cannot take lease \"" + ctx.params.distlock_lockname +
                               "\": " + r.detail);
            m_term = r.term;
          },
          [&](const core::RenewLock&) {
            if (m_lease == nullptr)
              throw StateError("lock step without a configured lock");
            auto r = m_lease->renew();
            if (r.attempt != core::LockAttempt::acquired)
              throw StateError("cannot renew lease \"" + ctx.params.distlock_lockname +
                               "\": " + r.detail);
            m_term = r.term;
          },
          [&](const core::ReleaseLock&) {
            if (m_lease != nullptr)
              m_lease->release();
          },
          [&](const core::RecordLeader& a) {
            if (m_lease == nullptr)
              throw StateError("lock step without a configured lock");
            auto r = m_lease->record(a.record);
            if (r.attempt != core::LockAttempt::acquired)
              throw StateError("cannot write the leadership record into lease \"" +
                               ctx.params.distlock_lockname + "\": " + r.detail);
          },
          [&](const core::SetReplInfo& a) {
            m_writer.set_property(ctx.names.repl_info, model::render_repl_info(a.info));
          },
          [&](const core::RestartAsPrimary&) {
            auto& ctl = ctx.world.ctl();
            ctl.stop(pg::StopMode::fast,
                     ctx.deadline.capped(std::chrono::seconds(ctx.params.stop_escalate_in_slave)));
            ctl.remove_standby_signal();
            ctl.remove_replication_config();
            ctl.write_synchronous_standby_offline(std::nullopt);
            ctl.start(ctx.deadline);
          },
          [&](const core::PgCtlPromote&) {
            ctx.world.ctl().request_promote(ctx.deadline);
            wait_out_of_recovery(ctx);
          },
          [&](const core::StopPostgres& a) {
            auto until = a.wait.count() > 0 ? ctx.deadline.capped(a.wait) : ctx.deadline;
            try {
              if (a.mode == core::StopMode::kill)
                ctx.world.ctl().kill_postmaster(until);
              else
                ctx.world.ctl().stop(stop_mode(a.mode), until);
            } catch (const ProcessError& e) {
              // Not down yet: the next phase (immediate, kill) or VerifyStopped decides.
              log::warn("stop phase did not finish: {}", e.what());
            }
          },
          [&](const core::VerifyStopped&) {
            auto pid = ctx.world.ctl().verified_postmaster_pid();
            if (!pid)
              return;
            // Why the state: a postmaster that survives SIGKILL is stuck in the kernel ("D",
            // usually storage); the operator must look there, not at PostgreSQL.
            auto info = pg::read_proc(*pid);
            throw StateError(fmt::format(
                "postgresql is still running in \"{}\": postmaster {} in process state '{}'{}",
                ctx.params.pgdata, *pid, info ? info->state : '?',
                info && info->state == 'D' ? " (uninterruptible: waiting for storage)" : ""));
          },
          [&](const core::StartStandby&) { start_as_standby(ctx); },
      },
      s);
}

} // namespace pgha::agent
