#include "cls-tools/lib/status_report.hpp"

#include "cls-tools/lib/checks.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace pgha::cls {

namespace {

std::string attr(const cluster::NodeView& n, const std::string& name) {
  auto it = n.attributes.find(name);
  return it == n.attributes.end() ? std::string() : it->second;
}

NodeReport node_report(const cluster::ClusterView& view, const config::ClusterConfig& c,
                       const std::string& name, const ReplicationReport& replication) {
  NodeReport r;
  r.name = name;
  r.configured = c.has_node(name);
  r.role = view.role_on(c.clone_name, name);
  r.fail_count = view.fail_count(c.resource_name, name);
  if (const auto* n = view.node(name)) {
    r.online = n->online;
    r.standby = n->standby;
    r.maintenance = n->maintenance;
    r.status = attr(*n, c.attribute_names().status);
    r.data_status = attr(*n, c.attribute_names().data_status);
    r.xlog_loc = attr(*n, c.attribute_names().xlog_loc);
    r.master_baseline = attr(*n, c.attribute_names().master_baseline);
    r.slots = attr(*n, c.attribute_names().slots);
    r.receiver = attr(*n, c.attribute_names().receiver);
    r.promotion_score = attr(*n, c.attribute_names().promotion);
  }
  for (const auto& s : replication.standbys)
    if (s.application_name == name) {
      r.lag_bytes = s.lag_bytes;
      r.sync_state = s.sync_state;
    }
  return r;
}

std::string opt_json(const std::optional<std::string>& s) {
  return s ? json_string(*s) : "null";
}

template <typename T>
std::string opt_num(const std::optional<T>& v) {
  return v ? fmt::format("{}", *v) : "null";
}

std::string or_dash(const std::string& s) {
  return s.empty() ? "-" : s;
}

} // namespace

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (ch) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\r':
      out += "\\r";
      break;
    default:
      if (c < 0x20)
        out += fmt::format("\\u{:04x}", c);
      else
        out.push_back(ch);
    }
  }
  out.push_back('"');
  return out;
}

StatusReport make_status_report(const cluster::ClusterView& view, const config::ClusterConfig& c,
                                std::string repl_info, ReplicationReport replication,
                                LockReport lock) {
  StatusReport r;
  r.cluster_type = std::string(config::to_string(c.cluster_type));
  r.dc = view.dc;
  r.have_quorum = view.have_quorum;
  r.maintenance_mode = view.maintenance_mode;
  r.stonith_enabled = view.stonith_enabled;
  auto promoted = view.promoted_nodes(c.clone_name);
  if (!promoted.empty())
    r.primary = promoted.front();
  for (const auto& name : c.nodes)
    r.nodes.push_back(node_report(view, c, name, replication));
  for (const auto& n : view.nodes)
    if (!c.has_node(n.name))
      r.nodes.push_back(node_report(view, c, n.name, replication));
  for (const auto& res : view.resources) {
    ResourceReport rr;
    rr.id = res.id;
    rr.agent = res.agent;
    rr.managed = res.managed;
    rr.disabled = res.disabled;
    for (const auto& i : res.instances)
      if (i.active && !i.node.empty())
        rr.running_on.push_back(i.role == "Promoted" || i.role == "Unpromoted"
                                    ? fmt::format("{} ({})", i.node, i.role)
                                    : i.node);
    r.resources.push_back(std::move(rr));
  }
  r.repl_info = std::move(repl_info);
  r.replication = std::move(replication);
  r.lock = std::move(lock);
  return r;
}

std::string render_status_text(const StatusReport& r, const config::ClusterConfig& c) {
  std::string out;
  out += fmt::format("Cluster type: {}   Current DC: {} - partition {}\n", r.cluster_type,
                     r.dc.value_or("NONE"), r.have_quorum ? "with quorum" : "WITHOUT quorum");
  if (r.maintenance_mode)
    out += "*** maintenance-mode is on: Pacemaker manages nothing ***\n";
  if (!r.stonith_enabled)
    out += "Fencing: disabled (stonith-enabled=false); the lock prevents split brain\n";
  std::vector<std::string> online, offline, standby;
  for (const auto& n : r.nodes) {
    if (!n.online)
      offline.push_back(n.name);
    else if (n.standby)
      standby.push_back(n.name);
    else
      online.push_back(n.name);
  }
  out += fmt::format("Online: [ {} ]\n", fmt::join(online, " "));
  if (!standby.empty())
    out += fmt::format("Standby: [ {} ]\n", fmt::join(standby, " "));
  if (!offline.empty())
    out += fmt::format("OFFLINE: [ {} ]\n", fmt::join(offline, " "));
  out += "\nFull list of resources:\n";
  for (const auto& res : r.resources)
    out += fmt::format("  {} ({}): {}{}{}\n", res.id, res.agent,
                       res.running_on.empty()
                           ? "Stopped"
                           : fmt::format("Started {}", fmt::join(res.running_on, " ")),
                       res.managed ? "" : " (unmanaged)", res.disabled ? " (disabled)" : "");
  out += "\nNode Attributes:\n";
  for (const auto& n : r.nodes) {
    out += fmt::format("  * Node {}: {}{}\n", n.name, n.role,
                       n.configured ? "" : " (not in config.ini)");
    out += fmt::format("    + {:<24}: {}\n", c.attribute_names().promotion,
                       or_dash(n.promotion_score));
    out +=
        fmt::format("    + {:<24}: {}\n", c.attribute_names().data_status, or_dash(n.data_status));
    out += fmt::format("    + {:<24}: {}\n", c.attribute_names().status, or_dash(n.status));
    if (!n.xlog_loc.empty())
      out += fmt::format("    + {:<24}: {}\n", c.attribute_names().xlog_loc, n.xlog_loc);
    if (!n.master_baseline.empty())
      out +=
          fmt::format("    + {:<24}: {}\n", c.attribute_names().master_baseline, n.master_baseline);
    if (!n.receiver.empty())
      out += fmt::format("    + {:<24}: {}\n", c.attribute_names().receiver, n.receiver);
    if (!n.slots.empty())
      out +=
          fmt::format("    + {:<24}: {} (holding back WAL)\n", c.attribute_names().slots, n.slots);
    if (!n.sync_state.empty())
      out += fmt::format("    + {:<24}: {} (lag {} bytes)\n", "sync_state", n.sync_state,
                         n.lag_bytes ? fmt::format("{}", *n.lag_bytes) : "unknown");
  }
  out += "\nMigration summary:\n";
  for (const auto& n : r.nodes)
    if (n.fail_count > 0)
      out += fmt::format("  * Node {}: {}: migration-threshold={} fail-count={}\n", n.name,
                         c.resource_name, c.migration_threshold, n.fail_count);
  if (r.replication.available)
    out += fmt::format("\nPrimary current LSN: {}\n", r.replication.current_lsn);
  else if (r.primary)
    out += fmt::format("\nReplication details unavailable: {}\n", r.replication.error);
  if (r.lock.enabled) {
    if (!r.lock.reachable)
      out += fmt::format("Lock \"{}\": unreachable ({})\n", r.lock.lockname, r.lock.error);
    else if (r.lock.holder.empty())
      out += fmt::format("Lock \"{}\": free (term {})\n", r.lock.lockname, r.lock.term);
    else
      out += fmt::format("Lock \"{}\": held by \"{}\", term {}, {} ms left\n", r.lock.lockname,
                         r.lock.holder, r.lock.term, r.lock.remaining_ms);
    if (r.lock.reachable)
      out += fmt::format("Leadership record: {}\n", describe_leader(r.lock.leader));
  }
  out += fmt::format("\n{}:{}\n", c.repl_info_name(), r.repl_info);
  return out;
}

std::string describe_leader(const std::optional<distlock::LeaderRecord>& leader) {
  if (!leader || leader->owner.empty())
    return "none yet (the first promotion writes it)";
  const auto& l = *leader;
  auto tli = l.timeline ? fmt::format("timeline {}", *l.timeline) : std::string("timeline unknown");
  std::string sync;
  if (!l.sync_standby)
    sync = "no synchronous standby stated: only the leader may be promoted";
  else if (l.sync_standby->empty())
    sync = fmt::format("acknowledging alone since {}: only the leader may be promoted",
                       l.sync_lsn.empty() ? "?" : l.sync_lsn);
  else
    sync = fmt::format("synchronous standby \"{}\" since {}: it may be promoted", *l.sync_standby,
                       l.sync_lsn);
  return fmt::format("leader \"{}\" (term {}), {}, {}{}", l.owner, l.term, tli, sync,
                     l.note.empty() ? "" : " [" + l.note + "]");
}

std::string leader_json(const std::optional<distlock::LeaderRecord>& leader) {
  if (!leader || leader->owner.empty())
    return "null";
  const auto& l = *leader;
  return fmt::format("{{\"owner\":{},\"term\":{},\"timeline\":{},\"sync_standby\":{},"
                     "\"sync_lsn\":{},\"note\":{}}}",
                     json_string(l.owner), l.term,
                     l.timeline ? std::to_string(*l.timeline) : std::string("null"),
                     l.sync_standby ? json_string(*l.sync_standby) : std::string("null"),
                     json_string(l.sync_lsn), json_string(l.note));
}

std::string render_status_json(const StatusReport& r) {
  std::vector<std::string> nodes;
  for (const auto& n : r.nodes)
    nodes.push_back(fmt::format(
        "{{\"name\":{},\"configured\":{},\"online\":{},\"standby\":{},\"maintenance\":{},"
        "\"role\":{},\"status\":{},\"data_status\":{},\"xlog_loc\":{},\"master_baseline\":{},"
        "\"promotion_score\":{},\"fail_count\":{},\"sync_state\":{},\"lag_bytes\":{},"
        "\"slots\":{},\"receiver\":{}}}",
        json_string(n.name), n.configured, n.online, n.standby, n.maintenance, json_string(n.role),
        json_string(n.status), json_string(n.data_status), json_string(n.xlog_loc),
        json_string(n.master_baseline), json_string(n.promotion_score), n.fail_count,
        json_string(n.sync_state), opt_num(n.lag_bytes), json_string(n.slots),
        json_string(n.receiver)));
  std::vector<std::string> resources;
  for (const auto& res : r.resources) {
    std::vector<std::string> on;
    for (const auto& s : res.running_on)
      on.push_back(json_string(s));
    resources.push_back(
        fmt::format("{{\"id\":{},\"agent\":{},\"running_on\":[{}],\"managed\":{},\"disabled\":{}}}",
                    json_string(res.id), json_string(res.agent), fmt::join(on, ","), res.managed,
                    res.disabled));
  }
  std::vector<std::string> standbys;
  for (const auto& s : r.replication.standbys)
    standbys.push_back(fmt::format(
        "{{\"application_name\":{},\"state\":{},\"sync_state\":{},\"flush_lsn\":{},"
        "\"replay_lsn\":{},\"lag_bytes\":{}}}",
        json_string(s.application_name), json_string(s.state), json_string(s.sync_state),
        opt_json(s.flush_lsn), opt_json(s.replay_lsn), opt_num(s.lag_bytes)));
  std::string replication =
      fmt::format("{{\"available\":{},\"error\":{},\"current_lsn\":{},\"standbys\":[{}]}}",
                  r.replication.available, json_string(r.replication.error),
                  json_string(r.replication.current_lsn), fmt::join(standbys, ","));
  std::string lock = fmt::format(
      "{{\"enabled\":{},\"reachable\":{},\"error\":{},\"lockname\":{},\"owner\":{},\"term\":{},"
      "\"remaining_ms\":{},\"leader\":{}}}",
      r.lock.enabled, r.lock.reachable, json_string(r.lock.error), json_string(r.lock.lockname),
      r.lock.holder.empty() ? "null" : json_string(r.lock.holder), r.lock.term, r.lock.remaining_ms,
      leader_json(r.lock.leader));
  return fmt::format("{{\"cluster_type\":{},\"dc\":{},\"quorum\":{},\"maintenance_mode\":{},"
                     "\"stonith_enabled\":{},\"primary\":{},\"nodes\":[{}],\"resources\":[{}],"
                     "\"repl_info\":{},\"replication\":{},\"lock\":{}}}\n",
                     json_string(r.cluster_type), opt_json(r.dc), r.have_quorum, r.maintenance_mode,
                     r.stonith_enabled, opt_json(r.primary), fmt::join(nodes, ","),
                     fmt::join(resources, ","), json_string(r.repl_info), replication, lock);
}

} // namespace pgha::cls
