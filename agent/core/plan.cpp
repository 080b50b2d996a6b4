#include "agent/core/plan.hpp"

#include <fmt/format.h>

namespace pgha::agent::core {

namespace {

std::string_view lifetime_name(Lifetime l) {
  return model::to_string(l);
}

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

} // namespace

std::string format_step(const Step& step) {
  return std::visit(
      Overloaded{
          [](const SetNodeAttribute& s) {
            return fmt::format("set attribute \"{}\"=\"{}\" on \"{}\" ({})", s.name, s.value,
                               s.node, lifetime_name(s.lifetime));
          },
          [](const DeleteNodeAttribute& s) {
            return fmt::format("delete attribute \"{}\" on \"{}\" ({})", s.name, s.node,
                               lifetime_name(s.lifetime));
          },
          [](const SetPromotionScore& s) {
            return fmt::format("set promotion score of \"{}\" to {}", s.node,
                               format_score(s.score));
          },
          [](const SetSyncStandbyNames& s) {
            return fmt::format("set synchronous_standby_names to '{}' and reload", s.value);
          },
          [](const AcquireLock&) { return std::string("acquire the lease"); },
          [](const RenewLock&) { return std::string("renew the lease"); },
          [](const ReleaseLock&) { return std::string("release the lease"); },
          [](const RecordLeader& s) { return "record in the lock row: " + describe(s.record); },
          [](const SetReplInfo& s) {
            return fmt::format("set REPL_INFO to \"{}\"", model::render_repl_info(s.info));
          },
          [](const RestartAsPrimary&) {
            return std::string("restart as primary (no promotion, timeline kept)");
          },
          [](const PgCtlPromote&) { return std::string("pg_ctl promote (new timeline)"); },
          [](const StopPostgres& s) {
            if (s.mode == StopMode::kill)
              return fmt::format("SIGKILL the postmaster and its children if still running, "
                                 "waiting at most {} ms",
                                 s.wait.count());
            return fmt::format("stop PostgreSQL in {} mode, waiting at most {} ms",
                               s.mode == StopMode::fast ? "fast" : "immediate", s.wait.count());
          },
          [](const VerifyStopped&) { return std::string("verify PostgreSQL is stopped"); },
          [](const StartStandby&) { return std::string("start PostgreSQL as a standby"); },
      },
      step);
}

std::string format_plan(const Plan& plan) {
  std::string out;
  int n = 0;
  for (const auto& step : plan) {
    out += fmt::format("{}. {}\n", ++n, format_step(step));
  }
  return out;
}

} // namespace pgha::agent::core
