#include "agent/actions/validate.hpp"

#include "common/base/log.hpp"
#include "common/base/strings.hpp"
#include "common/pg/version.hpp"

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
  auto parsed = core::parse_params(env, ocf.resource_name);
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

  if (auto clone = core::check_clone_config(ocf.clone); !clone.ok()) {
    result.answered = true;
    result.outcome = clone;
    return result;
  }
  result.node = core::local_node_name(ocf, uname_node());

  const int level = core::effective_check_level(ocf, action);
  const bool is_probe = action == "monitor" && ocf.is_probe();
  // Level 0 (validate-all by default) looks at the parameters only, so a tool can validate
  // on a node that will never run the resource.
  if (level < 10)
    return result;

  if (auto node = core::check_params_for_node(*result.params, result.node); !node.ok()) {
    result.answered = true;
    result.outcome = node;
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
    // Without its data directory nothing of the resource can run here: stopped.
    if (action == "stop" && check.probe_reports_not_running) {
      result.answered = true;
      result.outcome = {core::OcfRc::success, "data directory absent: nothing to stop"};
      return result;
    }
    result.answered = true;
    result.outcome = {check.rc_if_missing, "parameter \"" + check.param + "\": \"" + check.path +
                                               "\" " + describe(check)};
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
