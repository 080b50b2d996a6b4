#include "agent/actions/validate.hpp"

#include "common/base/error.hpp"
#include "common/base/log.hpp"
#include "common/base/strings.hpp"
#include "common/pg/version.hpp"
#include "common/pq/conninfo.hpp"

#include <pgha/distlock/lock.hpp>

#include <fmt/format.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <filesystem>

namespace pgha::agent {

namespace {

namespace fs = std::filesystem;

std::string uname_node() {
  struct utsname u {};
  return ::uname(&u) == 0 ? std::string(u.nodename) : std::string();
}

bool check_passes(const core::LocalCheck& check) {
  std::error_code ec;
  switch (check.kind) {
  case core::LocalCheck::Kind::executable:
    return ::access(check.path.c_str(), X_OK) == 0 && fs::is_regular_file(check.path, ec);
  case core::LocalCheck::Kind::directory:
    return fs::is_directory(check.path, ec);
  case core::LocalCheck::Kind::file:
    return fs::is_regular_file(check.path, ec);
  }
  return false;
}

// stop's frame: only the data directory matters (absent: nothing to stop). Missing binaries,
// the clone meta, node_list membership are logged: the stop works without them.
FrameValidation stop_frame(FrameValidation result, const core::OcfEnv& ocf) {
  if (auto clone = core::check_clone_config(ocf.clone); !clone.ok())
    log::warn("{} (stopping anyway)", clone.reason);
  std::error_code ec;
  if (!fs::is_directory(result.params->pgdata, ec)) {
    result.answered = true;
    result.outcome = {core::OcfRc::success, "data directory absent: nothing to stop"};
  }
  return result;
}

std::string describe(const core::LocalCheck& check) {
  switch (check.kind) {
  case core::LocalCheck::Kind::executable:
    return "is not an executable file";
  case core::LocalCheck::Kind::directory:
    return "is not a directory";
  case core::LocalCheck::Kind::file:
    return "is not a file";
  }
  return "is unusable";
}

// Values the seams would refuse later (with 6) although they pass the parameter table: checked
// here with the seams' own functions so the reasons are the same.
core::Outcome check_with_seams(const core::Params& p) {
  auto refuse = [](std::string_view param, const std::string& why) {
    return core::Outcome{core::OcfRc::err_configured,
                         fmt::format("parameter \"{}\": {}", param, why)};
  };
  if (p.enable_distlock) {
    try {
      auto id = distlock::parse_lock_id(p.distlock_lockname);
      (void)distlock::quoted_table(id);
    } catch (const ConfigError& e) {
      std::string why = e.what();
      return refuse("distlock_lockname", why.substr(0, why.find('\n')));
    }
    if (auto defect = pq::conninfo_defect(p.distlock_conninfo); !defect.empty())
      return refuse("distlock_conninfo", defect);
  }
  if (auto defect = pq::conninfo_defect(p.primary_conninfo_opt); !defect.empty())
    return refuse("primary_conninfo_opt", defect);
  return {};
}

// The installed majors the derived defaults need (Debian layout), read without side effects.
core::InstallFacts install_facts(const std::string& pgdata) {
  core::InstallFacts facts;
  facts.data_major = pg::data_directory_major(pgdata);
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    auto major = parse_int(entry.path().filename().string());
    if (major && ::access((entry.path() / "bin/pg_ctl").c_str(), X_OK) == 0 &&
        (!facts.newest_installed || *major > *facts.newest_installed))
      facts.newest_installed = static_cast<int>(*major);
  }
  return facts;
}

} // namespace

FrameValidation validate_frame(std::string_view action, const core::EnvMap& env,
                               const core::OcfEnv& ocf) {
  FrameValidation result;
  // stop checks only what a stop needs: nothing else may keep it from stopping.
  const bool is_stop = action == "stop";
  auto parsed = core::parse_params(
      env, ocf.resource_name, is_stop ? core::ParamScope::stop : core::ParamScope::every_action);
  for (const auto& w : parsed.warnings)
    log::warn("{}", w);
  if (!parsed.outcome.ok()) {
    result.answered = true;
    result.outcome = parsed.outcome;
    return result;
  }
  result.params = std::move(parsed.params);
  auto facts = install_facts(result.params->pgdata);
  core::apply_derived_defaults(*result.params, facts);
  result.node = core::local_node_name(ocf, uname_node());
  if (is_stop)
    return stop_frame(std::move(result), ocf);

  if (auto seams = check_with_seams(*result.params); !seams.ok()) {
    result.answered = true;
    result.outcome = seams;
    return result;
  }
  if (auto clone = core::check_clone_config(ocf.clone); !clone.ok()) {
    result.answered = true;
    result.outcome = clone;
    return result;
  }

  const int level = core::effective_check_level(ocf, action);
  const bool is_probe = action == "monitor" && ocf.is_probe();
  // Level 0 (validate-all by default) looks at the parameters only, so a tool can validate
  // on a node that will never run the resource.
  if (level < 10)
    return result;

  if (auto node = core::check_params_for_node(*result.params, result.node); !node.ok()) {
    result.answered = true;
    result.outcome = node;
    result.node_local = true;
    return result;
  }
  for (const auto& check : core::local_checks(*result.params)) {
    if (check_passes(check))
      continue;
    // A probe on a node whose storage is not mounted must say "not running" (7): 2 or 5
    // would ban the node.
    if (is_probe && check.probe_reports_not_running) {
      result.answered = true;
      result.outcome = {core::OcfRc::not_running, {}};
      return result;
    }
    result.answered = true;
    result.outcome = {check.rc_if_missing, "parameter \"" + check.param + "\": \"" + check.path +
                                               "\" " + describe(check)};
    result.node_local = true;
    return result;
  }
  // The one place the supported majors are enforced for the agent (pg::k_oldest_major…).
  if (facts.data_major) {
    auto why =
        pg::unsupported_major_reason(*facts.data_major, result.params->pgdata + "/PG_VERSION");
    if (!why.empty()) {
      result.answered = true;
      result.outcome = {core::OcfRc::err_installed, why};
      return result;
    }
  }
  return result;
}

} // namespace pgha::agent
