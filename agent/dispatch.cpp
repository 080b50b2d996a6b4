#include "agent/dispatch.hpp"

#include "agent/actions/context.hpp"
#include "agent/actions/schedule.hpp"
#include "agent/actions/validate.hpp"
#include "agent/core/metadata.hpp"
#include "agent/ocf/agent_log.hpp"
#include "agent/ocf/exit_reason.hpp"
#include "common/base/error.hpp"
#include "common/base/log.hpp"

#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <string_view>

namespace pgha::agent {

namespace {

using namespace std::chrono_literals;
using core::OcfRc;
using core::Outcome;

constexpr std::string_view k_usage =
    "usage: expgsql {start|stop|status|monitor|promote|demote|notify|validate-all|methods|"
    "meta-data|usage}\n";

struct ActionEntry {
  std::string_view name;
  ActionFn fn; // nullptr: validate-all (the frame's own checks are the action)
};

constexpr std::array<ActionEntry, 8> k_actions = {{
    {"start", action_start},
    {"stop", action_stop},
    {"status", action_status},
    {"monitor", action_monitor},
    {"promote", action_promote},
    {"demote", action_demote},
    {"notify", action_notify},
    {"validate-all", nullptr},
}};

const ActionEntry* find_action(std::string_view name) {
  for (const auto& a : k_actions)
    if (a.name == name)
      return &a;
  return nullptr;
}

void print(std::FILE* f, std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), f);
  std::fflush(f);
}

// The action's deadline, taken when the action starts (core::action_budget keeps the reserve).
Deadline action_deadline(const core::OcfEnv& ocf) {
  return Deadline::after(core::action_budget(ocf.timeout));
}

// The catch ladder: who can fix it decides the code (ConfigError → 6, InstallError → 5,
// everything else is worth a retry or a move → 1).
Outcome outcome_of(const std::exception& e, std::string_view action) {
  OcfRc rc = OcfRc::err_generic;
  if (dynamic_cast<const ConfigError*>(&e) != nullptr)
    rc = OcfRc::err_configured;
  else if (dynamic_cast<const InstallError*>(&e) != nullptr)
    rc = OcfRc::err_installed;
  return {rc, std::string(action) + " failed: " + e.what()};
}

// The instance parameters as received, at debug (passwords are redacted by the log sinks).
void log_parameters(const core::EnvMap& env) {
  if (!log::enabled(log::Level::debug))
    return;
  const std::string_view prefix = "OCF_RESKEY_";
  std::string line;
  for (const auto& [k, v] : env)
    if (k.compare(0, prefix.size(), prefix) == 0 && k.find("CRM_meta_") == std::string::npos) {
      line += ' ';
      line.append(k, prefix.size());
      line += '=';
      line += v;
    }
  log::debug("parameters:{}", line);
}

Outcome run_checked_action(const ActionEntry& entry, const core::EnvMap& env,
                           const core::OcfEnv& ocf, Deadline deadline) {
  log_parameters(env);
  auto validated = validate_frame(entry.name, env, ocf);
  std::string local_defect;
  // demote still shuts a primary down when only this node is unfit (see ActionContext).
  if (validated.answered && validated.node_local && entry.name == "demote" && validated.params) {
    local_defect = validated.outcome.reason;
    log::warn("{}: shutting down and leaving it stopped", local_defect);
  } else if (validated.answered) {
    return validated.outcome;
  }
  World world(env, *validated.params);
  // Why in every action but stop and demote: a schedule under which the lease lapses between
  // two monitors lets an async primary acknowledge after a rival may hold the lease; stop
  // and demote must work whatever the configuration.
  if (entry.name != "stop" && entry.name != "demote") {
    auto schedule = check_lease_schedule(entry.name, ocf, *validated.params, world, deadline);
    if (!schedule.ok())
      return schedule;
  }
  if (entry.fn == nullptr)
    return validated.outcome;
  ActionContext ctx{std::string(entry.name),
                    env,
                    ocf,
                    *validated.params,
                    validated.node,
                    core::attribute_names(ocf.resource_name),
                    deadline,
                    world,
                    local_defect};
  return entry.fn(ctx);
}

} // namespace

int run(int argc, const char* const* argv, const core::EnvMap& env) {
  if (argc < 2) {
    print(stderr, k_usage);
    return core::to_int(OcfRc::err_unimplemented);
  }
  const std::string_view action = argv[1];
  // meta-data and methods: no logging, no validation, no child process (Pacemaker and pcs
  // call them on every node, as any user, often).
  if (action == "meta-data") {
    print(stdout, core::render_metadata());
    return 0;
  }
  if (action == "methods") {
    print(stdout, core::render_methods());
    return 0;
  }
  if (action == "usage" || action == "help") {
    print(stdout, k_usage);
    return 0;
  }

  const auto started = std::chrono::steady_clock::now();
  const core::OcfEnv ocf = core::parse_ocf_env(env);
  install_agent_logging(log_settings_from(env, ocf.resource_instance, static_cast<int>(::getpid()),
                                          ::isatty(0) == 1));
  const ExitReason exit_reason(env);
  const Deadline deadline = action_deadline(ocf);

  std::string role = ocf.role ? " role=" + *ocf.role : "";
  log::info("{} start (resource \"{}\", interval {} ms, timeout {} ms{})", action,
            ocf.resource_instance, ocf.interval.count(), ocf.timeout.value_or(20s).count(), role);

  Outcome outcome;
  const ActionEntry* entry = find_action(action);
  if (entry == nullptr) {
    outcome = {OcfRc::err_unimplemented, "unknown action \"" + std::string(action) + "\""};
  } else {
    try {
      outcome = run_checked_action(*entry, env, ocf, deadline);
    } catch (const std::exception& e) {
      outcome = outcome_of(e, action);
    }
  }
  if (!outcome.reason.empty() && outcome.rc != OcfRc::success)
    exit_reason.report(outcome.reason);
  else if (!outcome.reason.empty())
    log::info("{}", outcome.reason);

  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  started)
                .count();
  log::info("{} end: rc={} ({}) in {} ms", action, core::to_int(outcome.rc),
            core::rc_name(outcome.rc), ms);
  return core::to_int(outcome.rc);
}

} // namespace pgha::agent
