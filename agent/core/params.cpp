#include "agent/core/params.hpp"

#include "common/base/strings.hpp"
#include "common/model/node_name.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>

namespace pgha::agent::core {

namespace {

constexpr std::string_view k_prefix = "OCF_RESKEY_";

// Parameters of pha4pgsql that pgha dropped. Why the split: ignoring the lock commands
// would silently run a configuration that believes it is protected by a lock without one.
struct Obsolete {
  std::string_view name;
  bool fatal;
  std::string_view hint;
};
constexpr Obsolete k_obsolete[] = {
    {"pglibs", false, "ignored: the agent does not change LD_LIBRARY_PATH"},
    {"restart_on_promote", false, "ignored: REPL_INFO decides between restart and promote"},
    {"tmpdir", false, "ignored: expgsql keeps its state in HA_RSCTMP (a tmpfs)"},
    {"monitor_password", true, "passwords are not accepted as parameters: use a passfile"},
    {"distlock_lock_cmd", true, "replaced by \"distlock_conninfo\" and \"enable_distlock\""},
    {"distlock_unlock_cmd", true, "replaced by \"distlock_conninfo\" and \"enable_distlock\""},
};

std::vector<std::string> node_words(std::string_view v) {
  std::vector<std::string> out;
  std::string word;
  for (char c : std::string(v) + " ") {
    if (c == ' ' || c == '\t' || c == ',') {
      if (!word.empty()) {
        out.push_back(model::normalize_node_name(word));
        word.clear();
      }
    } else {
      word += c;
    }
  }
  return out;
}

ParamsResult fail(std::string param, std::string reason) {
  ParamsResult r;
  r.outcome = {OcfRc::err_configured, std::move(reason)};
  r.bad_param = std::move(param);
  return r;
}

// The defect of one row's raw value ("" when fine); `value` gets its default when empty and a
// boolean its canonical spelling.
std::string row_defect(const ParamSpec& row, std::string& value) {
  if (value.empty()) {
    if (row.required) {
      return fmt::format("parameter \"{}\" is required", row.name);
    }
    value = std::string(row.default_value);
  }
  if (row.type == ParamType::integer && !value.empty() && !parse_int(value)) {
    return fmt::format("parameter \"{}\" must be an integer, got \"{}\"", row.name, value);
  }
  if (row.type == ParamType::boolean) {
    auto b = parse_bool(value);
    if (!b) {
      return fmt::format("parameter \"{}\" must be a boolean (true/false), got \"{}\"", row.name,
                         value);
    }
    value = *b ? "true" : "false";
  }
  if (row.validator) {
    if (auto defect = row.validator(value); !defect.empty()) {
      return fmt::format("parameter \"{}\" {}", row.name, defect);
    }
  }
  return {};
}

// pg_ctl hands the server's options to a shell: a config_file outside the data directory may
// use only characters that need no quoting there (Ctl refuses others when it starts).
bool shell_safe(std::string_view v) {
  return std::all_of(v.begin(), v.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '/' || c == '-';
  });
}

} // namespace

bool needed_by_stop(std::string_view name) {
  constexpr std::string_view k_stop[] = {"pgdata", "pgdba", "stop_escalate",
                                         "stop_escalate_in_slave", "crm_attr_timeout"};
  return std::find(std::begin(k_stop), std::end(k_stop), name) != std::end(k_stop);
}

ParamsResult parse_params(const EnvMap& env, std::string_view resource_name, ParamScope scope) {
  const bool for_stop = scope == ParamScope::stop;
  std::vector<std::string> warnings;
  for (const auto& o : k_obsolete) {
    auto value = env_get(env, fmt::format("{}{}", k_prefix, o.name));
    if (!value) {
      continue;
    }
    if (o.fatal && !trim(*value).empty() && !for_stop) {
      return fail(std::string(o.name),
                  fmt::format("parameter \"{}\" is no longer supported: {}", o.name, o.hint));
    }
    warnings.push_back(fmt::format("parameter \"{}\" is obsolete and {}", o.name, o.hint));
  }

  std::map<std::string, std::string, std::less<>> values;
  for (const auto& row : param_table()) {
    auto raw = env_get(env, fmt::format("{}{}", k_prefix, row.name));
    std::string value = raw ? std::string(trim(*raw)) : std::string();
    auto defect = row_defect(row, value);
    if (!defect.empty()) {
      if (!for_stop || needed_by_stop(row.name)) {
        return fail(std::string(row.name), defect);
      }
      // A stop does not use this value: it runs with the default and says so.
      warnings.push_back(defect + " (ignored by stop, default used)");
      value = std::string(row.default_value);
      if (row.type == ParamType::boolean) {
        value = parse_bool(value).value_or(false) ? "true" : "false";
      }
    }
    values.emplace(std::string(row.name), value);
  }

  auto str = [&](std::string_view k) { return values.find(k)->second; };
  auto num = [&](std::string_view k) { return static_cast<int>(*parse_int(str(k))); };
  auto flag = [&](std::string_view k) { return str(k) == "true"; };

  Params p;
  p.pgctl = str("pgctl");
  p.psql = str("psql");
  p.pgdata = str("pgdata");
  p.pgdba = str("pgdba");
  p.pghost = str("pghost");
  p.pgport = num("pgport");
  p.pgdb = str("pgdb");
  p.config = str("config");
  if (p.config.empty())
    p.config = default_config_for(p.pgdata);
  p.logfile = str("logfile");
  p.socketdir = str("socketdir");
  p.start_opt = str("start_opt");
  p.ctl_opt = str("ctl_opt");
  // Validated above: both split.
  p.start_options = split_words(p.start_opt).value_or(std::vector<std::string>{});
  p.ctl_options = split_words(p.ctl_opt).value_or(std::vector<std::string>{});
  p.monitor_user = str("monitor_user");
  p.monitor_sql = str("monitor_sql");
  p.stop_escalate = num("stop_escalate");
  p.stop_escalate_in_slave = num("stop_escalate_in_slave");
  p.rep_mode = model::parse_rep_mode(str("rep_mode")).value_or(RepMode::sync);
  p.node_list = node_words(str("node_list"));
  p.master_ip = str("master_ip");
  p.repuser = str("repuser");
  p.primary_conninfo_opt = str("primary_conninfo_opt");
  p.wal_retrieve_retry_interval = str("wal_retrieve_retry_interval");
  p.restore_command = str("restore_command");
  p.archive_cleanup_command = str("archive_cleanup_command");
  p.recovery_end_command = str("recovery_end_command");
  p.replication_slot_name = str("replication_slot_name");
  p.xlog_check_count = num("xlog_check_count");
  p.crm_attr_timeout = num("crm_attr_timeout");
  p.check_wal_receiver = flag("check_wal_receiver");
  p.enable_distlock = flag("enable_distlock");
  p.distlock_conninfo = str("distlock_conninfo");
  p.distlock_lockname = str("distlock_lockname");
  if (p.distlock_lockname.empty()) {
    p.distlock_lockname = std::string(resource_name);
  }
  p.distlock_ttl = num("distlock_ttl");
  p.distlock_wait = num("distlock_wait");
  p.distlock_lockservice_deadcheck_nodelist =
      node_words(str("distlock_lockservice_deadcheck_nodelist"));

  ParamsResult r;
  if (for_stop) {
    // The cross-parameter rules concern what start, monitor and promote do.
    p.enable_distlock = false; // stop never touches the lease
    r.params = std::move(p);
    r.warnings = std::move(warnings);
    return r;
  }

  // Cross-parameter rules.
  if (p.monitor_sql.empty()) {
    return fail("monitor_sql", "parameter \"monitor_sql\" must not be empty");
  }
  // Why: without a lock service to ask, "enable_distlock" would gate nothing.
  if (p.enable_distlock && p.distlock_conninfo.empty()) {
    return fail("distlock_conninfo",
                "parameter \"distlock_conninfo\" is required when \"enable_distlock\" is true");
  }
  for (const auto& node : p.distlock_lockservice_deadcheck_nodelist) {
    if (std::find(p.node_list.begin(), p.node_list.end(), node) == p.node_list.end()) {
      return fail("distlock_lockservice_deadcheck_nodelist",
                  fmt::format("parameter \"distlock_lockservice_deadcheck_nodelist\" names \"{}\","
                              " which is not in \"node_list\"",
                              node));
    }
  }

  if (p.config != (std::filesystem::path(p.pgdata) / "postgresql.conf").string() &&
      !shell_safe(p.config)) {
    return fail("config", fmt::format("parameter \"config\" \"{}\" contains characters other than "
                                      "[A-Za-z0-9_./-] (pg_ctl passes it through a shell)",
                                      p.config));
  }
  // Why: the slot name is "<prefix>_<node>"; PostgreSQL refuses names over 63 characters.
  if (!p.replication_slot_name.empty()) {
    for (const auto& node : p.node_list) {
      auto slot = model::slot_name_for(p.replication_slot_name, node);
      if (slot.size() > 63) {
        return fail("replication_slot_name",
                    fmt::format("parameter \"replication_slot_name\" makes slot \"{}\" longer "
                                "than 63 characters",
                                slot));
      }
    }
  }

  r.params = std::move(p);
  r.warnings = std::move(warnings);
  return r;
}

Outcome check_params_for_node(const Params& params, std::string_view local_node) {
  // Why: this name goes into REPL_INFO and the standby's application_name; one that later parses
  // refuse (capitals, other characters) would fail every action on every node with 6.
  if (!model::is_valid_node_name(local_node)) {
    return {OcfRc::err_args,
            fmt::format("this node's name \"{}\" is not usable: node names must be 1-63 "
                        "lowercase letters, digits, '.', '_' or '-'",
                        local_node)};
  }
  auto node = model::normalize_node_name(local_node);
  if (std::find(params.node_list.begin(), params.node_list.end(), node) == params.node_list.end()) {
    return {OcfRc::err_args,
            fmt::format("this node \"{}\" is not in parameter \"node_list\"", node)};
  }
  return {};
}

std::vector<LocalCheck> local_checks(const Params& p) {
  using K = LocalCheck::Kind;
  auto dir_of = [](const std::string& path) {
    auto slash = path.rfind('/');
    return slash == 0 ? std::string("/") : path.substr(0, slash);
  };
  std::vector<LocalCheck> out;
  out.push_back({K::executable, "pgctl", p.pgctl, OcfRc::err_installed, false});
  out.push_back(
      {K::executable, "pgctl", bindir_of(p) + "/pg_controldata", OcfRc::err_installed, false});
  out.push_back({K::executable, "psql", p.psql, OcfRc::err_installed, false});
  out.push_back({K::directory, "pgdata", p.pgdata, OcfRc::err_args, true});
  out.push_back({K::file, "config", p.config, OcfRc::err_args, true});
  out.push_back({K::directory, "logfile", dir_of(p.logfile), OcfRc::err_args, false});
  return out;
}

std::string default_config_for(const std::string& pgdata) {
  // Why not always Debian's file: it names its own data_directory, which would silently
  // override pgdata and start a different cluster.
  static constexpr std::string_view k_debian = "/var/lib/postgresql/";
  if (starts_with(pgdata, k_debian) && pgdata.size() > k_debian.size() + 5 &&
      pgdata.compare(pgdata.size() - 5, 5, "/main") == 0) {
    auto major =
        std::string_view(pgdata).substr(k_debian.size(), pgdata.size() - 5 - k_debian.size());
    if (parse_int(major) && major.find_first_not_of("0123456789") == std::string_view::npos)
      return fmt::format("/etc/postgresql/{}/main/postgresql.conf", major);
  }
  return (pgdata.empty() || pgdata.back() == '/' ? pgdata : pgdata + "/") + "postgresql.conf";
}

std::string bindir_of(const Params& params) {
  auto slash = params.pgctl.rfind('/');
  return slash == std::string::npos || slash == 0 ? std::string("/")
                                                  : params.pgctl.substr(0, slash);
}

} // namespace pgha::agent::core
