#include "common/config/cluster_config.hpp"

#include "common/base/error.hpp"
#include "common/base/strings.hpp"
#include "common/config/ini_reader.hpp"
#include "common/config/key_table.hpp"
#include "common/config/validate.hpp"
#include "common/model/lease_schedule.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>

namespace pgha::config {

namespace {

// expgsql's default "distlock_ttl" (its parameter table), used when config.ini sets none.
constexpr int k_agent_default_ttl_s = 9;

struct Given {
  std::string value;
  int line = 0;
};

class Builder {
 public:
  explicit Builder(std::string_view origin) : m_origin(origin) {}

  [[noreturn]] void fail(int line, std::string_view what, std::string_view hint,
                         std::string_view key) const {
    std::string where = line > 0 ? fmt::format("{}:{}", m_origin, line) : std::string(m_origin);
    std::string message = fmt::format("{}: {}", where, what);
    if (!hint.empty())
      message += fmt::format("\nHINT: {}", hint);
    throw ConfigError(message, std::string(key));
  }

  void take(const IniEntry& entry, std::vector<std::string>& warnings) {
    std::string key = entry.key;
    for (const auto& alias : key_aliases())
      if (alias.name == key) {
        warnings.push_back(fmt::format("{}:{}: \"{}\" is read as \"{}\"", m_origin, entry.line,
                                       alias.name, alias.target));
        key = std::string(alias.target);
      }
    for (const auto& refused : refused_keys())
      if (refused.name == key)
        fail(entry.line, fmt::format("key \"{}\" is refused: {}", key, refused.reason),
             refused.hint, key);
    auto lower = to_lower(key);
    if (lower.find("password") != std::string::npos || lower.find("passwd") != std::string::npos)
      fail(entry.line,
           fmt::format("key \"{}\" is refused: passwords are not kept in config.ini", key),
           "use a libpq passfile (\"pgsql_passfile\", PGPASSFILE) or a service file", key);
    const KeySpec* spec = find_key(key);
    if (spec == nullptr)
      fail(entry.line, fmt::format("unknown key \"{}\"", key),
           "config.ini.example lists every key; check the spelling", key);
    if (spec->type == KeyType::legacy) {
      warnings.push_back(fmt::format("{}:{}: \"{}\" is ignored: {}", m_origin, entry.line, key,
                                     spec->description));
      return;
    }
    if (auto it = m_given.find(key); it != m_given.end())
      fail(entry.line,
           fmt::format("key \"{}\" is set twice (lines {} and {})", key, it->second.line,
                       entry.line),
           "keep one of the lines", key);
    if (auto problem = check_value(*spec, key, entry.value))
      fail(entry.line, problem->message, problem->hint, key);
    m_given[key] = Given{entry.value, entry.line};
  }

  // The value of a key: given and non-empty, else its default.
  std::string value(std::string_view key) const {
    if (auto it = m_given.find(std::string(key)); it != m_given.end() && !it->second.value.empty())
      return it->second.value;
    const KeySpec* spec = find_key(key);
    return spec ? std::string(spec->default_value) : std::string();
  }

  int line(std::string_view key) const {
    auto it = m_given.find(std::string(key));
    return it == m_given.end() ? 0 : it->second.line;
  }

  std::string origin(std::string_view key) const {
    auto it = m_given.find(std::string(key));
    if (it != m_given.end() && !it->second.value.empty())
      return fmt::format("{}:{}", m_origin, it->second.line);
    return "default";
  }

  const std::map<std::string, Given>& given() const { return m_given; }

 private:
  std::string m_origin;
  std::map<std::string, Given> m_given;
};

std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  for (auto& w : split(s, ' '))
    if (auto t = trim(w); !t.empty())
      out.emplace_back(t);
  return out;
}

int as_int(const std::string& s) {
  return static_cast<int>(parse_int(s).value_or(0));
}

void collect_nodes(const Builder& b, ClusterConfig& c) {
  std::map<int, std::string> numbered;
  for (const auto& [key, given] : b.given())
    if (int n = node_key_index(key); n > 0 && !given.value.empty())
      numbered[n] = given.value;
  int expected = 1;
  for (const auto& [n, name] : numbered) {
    if (n != expected)
      b.fail(b.line(fmt::format("node{}", n)),
             fmt::format("\"node{}\" is set but \"node{}\" is not", n, expected),
             "number the node keys node1, node2, ... without gaps", fmt::format("node{}", n));
    c.nodes.push_back(name);
    ++expected;
  }
  for (auto& w : words(b.value("othernodes")))
    c.nodes.push_back(w);
  if (c.nodes.size() < 2)
    b.fail(0, "fewer than two nodes are configured", "set \"node1\" and \"node2\"", "node1");
  for (size_t i = 0; i < c.nodes.size(); ++i)
    for (size_t j = i + 1; j < c.nodes.size(); ++j)
      if (c.nodes[i] == c.nodes[j])
        b.fail(0, fmt::format("node \"{}\" is listed twice", c.nodes[i]), "list every node once",
               "node1");
}

void check_cross(const Builder& b, const ClusterConfig& c) {
  if (c.cluster_type == ClusterType::dual && c.nodes.size() != 2)
    b.fail(b.line("cluster_type"),
           fmt::format("cluster_type \"dual\" needs exactly two nodes, {} are configured",
                       c.nodes.size()),
           "set cluster_type=multi for three or more nodes", "cluster_type");
  if (c.cluster_type == ClusterType::multi && c.nodes.size() < 3)
    b.fail(b.line("cluster_type"),
           fmt::format("cluster_type \"multi\" needs at least three nodes, {} are configured",
                       c.nodes.size()),
           "set cluster_type=dual for two nodes", "cluster_type");
  if (!c.reader_vip.empty() && c.reader_vip == c.writer_vip)
    b.fail(b.line("reader_vip"), "\"reader_vip\" equals \"writer_vip\"",
           "use two addresses, or leave reader_vip empty", "reader_vip");
  if (c.monitor_interval_s == c.promoted_monitor_interval_s)
    b.fail(b.line("promoted_monitor_interval"),
           "\"monitor_interval\" and \"promoted_monitor_interval\" are equal",
           "Pacemaker needs different intervals for the two monitors", "promoted_monitor_interval");
  std::vector<std::string> ids{c.resource_name, c.clone_name, c.writer_vip_name};
  if (!c.reader_vip.empty())
    ids.push_back(c.reader_vip_name);
  for (size_t i = 0; i < ids.size(); ++i)
    for (size_t j = i + 1; j < ids.size(); ++j)
      if (ids[i] == ids[j])
        b.fail(0, fmt::format("resource id \"{}\" is used twice", ids[i]),
               "give the clone, the primitive and the VIPs different names", "resource_name");
  if (c.enable_distlock) {
    if (c.distlock_conninfo.empty())
      b.fail(b.line("enable_distlock"),
             "\"enable_distlock\" is true but \"distlock_conninfo\" "
             "is not set",
             "set distlock_conninfo to the lock server, e.g. host=lockserver dbname=postgres",
             "distlock_conninfo");
    if (c.distlock_lockname.empty())
      b.fail(b.line("enable_distlock"),
             "\"enable_distlock\" is true but \"distlock_lockname\" "
             "is not set",
             "set distlock_lockname to a name unique among the clusters using the lock server",
             "distlock_lockname");
    // Why: only the primary's monitor renews the lease; between two of its monitors nothing
    // on the primary can react, so the interval, the renewal and the fence must fit in what a
    // lease protects (the agent refuses the same schedules); and the standbys' lock-service
    // reports, rewritten every ttl, must not age past 2 x ttl between two standby monitors.
    auto ttl_text = b.value("distlock_ttl");
    int ttl = ttl_text.empty() ? k_agent_default_ttl_s : as_int(ttl_text);
    if (auto problem = model::lease_schedule_problem(
            std::chrono::seconds(c.promoted_monitor_interval_s), std::chrono::seconds(ttl))) {
      auto first_line = problem->substr(0, problem->find('\n'));
      b.fail(b.line(ttl_text.empty() ? "promoted_monitor_interval" : "distlock_ttl"),
             fmt::format("\"promoted_monitor_interval\" ({} s): {}", c.promoted_monitor_interval_s,
                         first_line),
             "lower promoted_monitor_interval or raise distlock_ttl", "distlock_ttl");
    }
    if (c.monitor_interval_s > ttl)
      b.fail(b.line(ttl_text.empty() ? "monitor_interval" : "distlock_ttl"),
             fmt::format("\"monitor_interval\" ({} s) exceeds \"distlock_ttl\" ({} s): the "
                         "standbys' lock-service reports would go stale",
                         c.monitor_interval_s, ttl),
             "lower monitor_interval or raise distlock_ttl", "distlock_ttl");
  }
  for (auto& n : words(b.value("distlock_lockservice_deadcheck_nodelist")))
    if (!c.has_node(n))
      b.fail(b.line("distlock_lockservice_deadcheck_nodelist"),
             fmt::format("\"{}\" in \"distlock_lockservice_deadcheck_nodelist\" is not a "
                         "configured node",
                         n),
             "list only nodes named by node1, node2, ... or othernodes",
             "distlock_lockservice_deadcheck_nodelist");
}

} // namespace

std::string_view to_string(ClusterType type) {
  return type == ClusterType::dual ? "dual" : "multi";
}

ClusterConfig parse_config(std::string_view text, std::string_view origin) {
  ClusterConfig c;
  c.source = std::string(origin);
  Builder b(origin);
  for (const auto& entry : read_ini(text, origin))
    b.take(entry, c.warnings);

  for (const auto& spec : key_table()) {
    if (spec.type == KeyType::legacy || spec.name == "node<N>")
      continue;
    if (spec.required && b.value(spec.name).empty())
      b.fail(0, fmt::format("required key \"{}\" is not set", spec.name),
             fmt::format("add {}=… ({})", spec.name, spec.description), spec.name);
  }

  c.cluster_type = b.value("cluster_type") == "multi" ? ClusterType::multi : ClusterType::dual;
  collect_nodes(b, c);
  c.resource_name = b.value("resource_name");
  c.clone_name = b.value("clone_name");
  c.writer_vip = b.value("writer_vip");
  c.reader_vip = b.value("reader_vip");
  c.writer_vip_name = b.value("writer_vip_name");
  c.reader_vip_name = b.value("reader_vip_name");
  c.vip_nic = b.value("vip_nic");
  if (auto m = b.value("vip_cidr_netmask"); !m.empty())
    c.vip_cidr_netmask = as_int(m);
  c.pgctl = b.value("pgsql_pgctl");
  c.pgdata = b.value("pgsql_pgdata");
  c.pgdba = b.value("pgsql_pgdba");
  c.pgport = as_int(b.value("pgsql_pgport"));
  c.repuser = b.value("pgsql_repuser");
  // The key table allows only the values parse_rep_mode accepts.
  c.rep_mode = model::parse_rep_mode(b.value("pgsql_rep_mode")).value_or(model::RepMode::sync);
  c.passfile = b.value("pgsql_passfile");
  c.enable_distlock = parse_bool(b.value("enable_distlock")).value_or(false);
  c.distlock_conninfo = b.value("distlock_conninfo");
  c.distlock_lockname = b.value("distlock_lockname");
  c.stonith_enabled = parse_bool(b.value("stonith_enabled")).value_or(false);
  c.op_timeout_s = as_int(b.value("op_timeout"));
  c.monitor_interval_s = as_int(b.value("monitor_interval"));
  c.promoted_monitor_interval_s = as_int(b.value("promoted_monitor_interval"));
  c.migration_threshold = as_int(b.value("migration_threshold"));
  c.command_timeout = std::chrono::seconds(as_int(b.value("command_timeout")));
  c.start_timeout = std::chrono::seconds(as_int(b.value("start_timeout")));
  c.switch_timeout = std::chrono::seconds(as_int(b.value("switch_timeout")));
  c.recovery_timeout = std::chrono::seconds(as_int(b.value("recovery_timeout")));
  c.rebuild_timeout = std::chrono::seconds(as_int(b.value("rebuild_timeout")));
  c.allow_async_switch = parse_bool(b.value("allow_async_switch")).value_or(false);
  check_cross(b, c);

  for (const auto& spec : key_table()) {
    if (spec.type == KeyType::legacy)
      continue;
    if (spec.name == "node<N>") {
      for (size_t i = 0; i < c.nodes.size(); ++i) {
        auto key = fmt::format("node{}", i + 1);
        if (b.line(key) > 0)
          c.settings.push_back({key, c.nodes[i], b.origin(key)});
      }
      continue;
    }
    c.settings.push_back({std::string(spec.name), b.value(spec.name), b.origin(spec.name)});
  }
  return c;
}

ClusterConfig load_config(const std::string& path) {
  return parse_config(read_text_file(path), path);
}

namespace {

// The major in PGDATA/PG_VERSION, else the newest /usr/lib/postgresql/N with a pg_ctl.
std::optional<long long> installed_major(const std::string& pgdata) {
  std::ifstream in(std::filesystem::path(pgdata) / "PG_VERSION");
  std::string line;
  if (in && std::getline(in, line))
    if (auto v = parse_int(trim(line)))
      return v;
  std::optional<long long> newest;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator("/usr/lib/postgresql", ec))
    if (auto v = parse_int(e.path().filename().string());
        v && std::filesystem::exists(e.path() / "bin/pg_ctl", ec) && (!newest || *v > *newest))
      newest = v;
  return newest;
}

} // namespace

std::string ClusterConfig::bindir() const {
  if (pgctl.empty()) {
    // Why derived: the same config.ini serves a cluster of any supported major (expgsql
    // derives its pgctl the same way).
    auto major = installed_major(pgdata);
    return major ? fmt::format("/usr/lib/postgresql/{}/bin", *major)
                 : std::string("/usr/lib/postgresql/bin");
  }
  auto slash = pgctl.rfind('/');
  return slash == std::string::npos || slash == 0 ? std::string("/") : pgctl.substr(0, slash);
}

model::AttributeNames ClusterConfig::attribute_names() const {
  return model::attribute_names(resource_name);
}

std::string ClusterConfig::repl_info_name() const {
  return attribute_names().repl_info;
}

bool ClusterConfig::has_node(std::string_view node) const {
  return std::find(nodes.begin(), nodes.end(), node) != nodes.end();
}

std::string ClusterConfig::value_of(std::string_view key) const {
  for (const auto& s : settings)
    if (s.key == key)
      return s.value;
  return {};
}

std::vector<std::pair<std::string, std::string>> ClusterConfig::agent_params() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& spec : key_table()) {
    if (spec.agent_param.empty() || spec.agent_param == "master_ip")
      continue;
    std::string v = value_of(spec.name);
    if (spec.name == "pgsql_primary_conninfo_opt" && !passfile.empty())
      v = v.empty() ? fmt::format("passfile={}", passfile)
                    : fmt::format("{} passfile={}", v, passfile);
    if (spec.name == "enable_distlock")
      v = enable_distlock ? "true" : "false";
    if (spec.name.starts_with("distlock_") && !enable_distlock)
      continue;
    if (spec.name == "distlock_lockservice_deadcheck_nodelist" && v.empty())
      v = fmt::format("{}", fmt::join(nodes, " "));
    if (!v.empty())
      out.emplace_back(spec.agent_param, v);
  }
  out.emplace_back("node_list", fmt::format("{}", fmt::join(nodes, " ")));
  out.emplace_back("master_ip", writer_vip);
  return out;
}

} // namespace pgha::config
