#include "cls-tools/lib/cib_builder.hpp"

#include "common/base/error.hpp"
#include "common/base/strings.hpp"
#include "common/model/node_status.hpp"
#include "common/model/score.hpp"

#include <fmt/format.h>
#include <pugixml.hpp>

#include <sstream>
#include <vector>

namespace pgha::cls {

namespace {

using pugi::xml_node;

struct Roles {
  const char* promoted;
  const char* unpromoted;
};

// Promoted/Unpromoted need schema pacemaker-3.7; older CIBs keep Master/Slave.
Roles roles_for(const xml_node& cib) {
  std::string schema = cib.attribute("validate-with").as_string();
  if (schema.starts_with("pacemaker-")) {
    auto parts = split(schema.substr(10), '.');
    auto major = parts.size() == 2 ? parse_int(parts[0]) : std::nullopt;
    auto minor = parts.size() == 2 ? parse_int(parts[1]) : std::nullopt;
    if (major && minor && (*major > 3 || (*major == 3 && *minor >= 7)))
      return {"Promoted", "Unpromoted"};
  }
  return {"Master", "Slave"};
}

xml_node child_or_create(xml_node parent, const char* name) {
  xml_node n = parent.child(name);
  return n ? n : parent.append_child(name);
}

// Remove every element under `parent` (any depth) whose id is `id`.
void remove_by_id(xml_node parent, const std::string& id) {
  std::vector<xml_node> doomed;
  for (xml_node n : parent.children())
    if (std::string(n.attribute("id").as_string()) == id)
      doomed.push_back(n);
  for (auto& n : doomed)
    parent.remove_child(n);
}

void nvpair(xml_node set, const std::string& prefix, const std::string& name,
            const std::string& value) {
  for (xml_node n : set.children("nvpair"))
    if (std::string(n.attribute("name").as_string()) == name) {
      n.attribute("value").set_value(value.c_str());
      return;
    }
  xml_node n = set.append_child("nvpair");
  n.append_attribute("id") = fmt::format("{}-{}", prefix, name).c_str();
  n.append_attribute("name") = name.c_str();
  n.append_attribute("value") = value.c_str();
}

xml_node attribute_set(xml_node parent, const char* element, const std::string& id) {
  for (xml_node n : parent.children(element))
    if (std::string(n.attribute("id").as_string()) == id)
      return n;
  xml_node n = parent.append_child(element);
  n.append_attribute("id") = id.c_str();
  return n;
}

void op(xml_node ops, const std::string& rsc, const std::string& name, int interval_s,
        int timeout_s, const char* on_fail, const char* role = nullptr) {
  xml_node o = ops.append_child("op");
  o.append_attribute("id") = fmt::format("{}-{}-interval-{}s", rsc, name, interval_s).c_str();
  o.append_attribute("name") = name.c_str();
  o.append_attribute("interval") = fmt::format("{}s", interval_s).c_str();
  o.append_attribute("timeout") = fmt::format("{}s", timeout_s).c_str();
  if (on_fail != nullptr)
    o.append_attribute("on-fail") = on_fail;
  if (role != nullptr)
    o.append_attribute("role") = role;
}

xml_node primitive(xml_node parent, const std::string& id, const char* provider, const char* type) {
  xml_node p = parent.append_child("primitive");
  p.append_attribute("id") = id.c_str();
  p.append_attribute("class") = "ocf";
  p.append_attribute("provider") = provider;
  p.append_attribute("type") = type;
  return p;
}

void add_vip(xml_node resources, const config::ClusterConfig& c, const std::string& id,
             const std::string& ip) {
  xml_node p = primitive(resources, id, "heartbeat", "IPaddr2");
  xml_node ia = attribute_set(p, "instance_attributes", id + "-instance_attributes");
  nvpair(ia, id + "-instance_attributes", "ip", ip);
  if (!c.vip_nic.empty())
    nvpair(ia, id + "-instance_attributes", "nic", c.vip_nic);
  if (c.vip_cidr_netmask)
    nvpair(ia, id + "-instance_attributes", "cidr_netmask", std::to_string(*c.vip_cidr_netmask));
  xml_node ops = p.append_child("operations");
  op(ops, id, "start", 0, 60, "restart");
  op(ops, id, "monitor", 10, 60, "restart");
  op(ops, id, "stop", 0, 60, "block");
}

void add_clone(xml_node resources, const config::ClusterConfig& c, const Roles& roles) {
  xml_node clone = resources.append_child("clone");
  clone.append_attribute("id") = c.clone_name.c_str();
  std::string meta_id = c.clone_name + "-meta_attributes";
  xml_node meta = attribute_set(clone, "meta_attributes", meta_id);
  nvpair(meta, meta_id, "promotable", "true");
  nvpair(meta, meta_id, "promoted-max", "1");
  nvpair(meta, meta_id, "promoted-node-max", "1");
  nvpair(meta, meta_id, "clone-max", std::to_string(c.nodes.size()));
  nvpair(meta, meta_id, "clone-node-max", "1");
  // expgsql's sync-standby bookkeeping and REPL_INFO updates run from notifications.
  nvpair(meta, meta_id, "notify", "true");
  nvpair(meta, meta_id, "migration-threshold", std::to_string(c.migration_threshold));

  const std::string& id = c.resource_name;
  xml_node p = primitive(clone, id, "pgha", "expgsql");
  std::string ia_id = id + "-instance_attributes";
  xml_node ia = attribute_set(p, "instance_attributes", ia_id);
  for (const auto& [name, value] : c.agent_params())
    nvpair(ia, ia_id, name, value);
  xml_node ops = p.append_child("operations");
  int t = c.op_timeout_s;
  op(ops, id, "start", 0, t, "restart");
  op(ops, id, "stop", 0, t, "block");
  op(ops, id, "promote", 0, t, "restart");
  // Not the seed's on-fail=stop: Pacemaker applies it to the whole clone, so one node's
  // refused demote (a crashed old primary that wrote past the fork point) stopped the healthy
  // new primary too (seen in the sandbox). restart = stop this instance, start it again, and
  // the start's REPL_INFO check keeps a diverged node down until it is repaired.
  op(ops, id, "demote", 0, t, "restart");
  op(ops, id, "notify", 0, t, nullptr);
  op(ops, id, "monitor", c.monitor_interval_s, t, "restart", roles.unpromoted);
  op(ops, id, "monitor", c.promoted_monitor_interval_s, t, "restart", roles.promoted);
}

xml_node colocation(xml_node constraints, const std::string& id, const std::string& rsc,
                    const std::string& with, const char* with_role, const char* score) {
  xml_node n = constraints.append_child("rsc_colocation");
  n.append_attribute("id") = id.c_str();
  n.append_attribute("rsc") = rsc.c_str();
  n.append_attribute("with-rsc") = with.c_str();
  n.append_attribute("with-rsc-role") = with_role;
  n.append_attribute("score") = score;
  return n;
}

void order(xml_node constraints, const std::string& id, const std::string& first,
           const char* first_action, const std::string& then, const char* then_action,
           const char* kind) {
  xml_node n = constraints.append_child("rsc_order");
  n.append_attribute("id") = id.c_str();
  n.append_attribute("first") = first.c_str();
  n.append_attribute("first-action") = first_action;
  n.append_attribute("then") = then.c_str();
  n.append_attribute("then-action") = then_action;
  n.append_attribute("kind") = kind;
  n.append_attribute("symmetrical") = "false";
}

void expression(xml_node rule, const std::string& id, const std::string& attribute,
                const char* operation, const char* value) {
  xml_node e = rule.append_child("expression");
  e.append_attribute("id") = id.c_str();
  e.append_attribute("attribute") = attribute.c_str();
  e.append_attribute("operation") = operation;
  if (value != nullptr)
    e.append_attribute("value") = value;
}

std::vector<std::string> constraint_ids(const config::ClusterConfig& c) {
  const auto& w = c.writer_vip_name;
  const auto& r = c.reader_vip_name;
  return {"col-" + w,          "ord-" + w + "-promote", "ord-" + w + "-demote",
          "col-" + r,          "ord-" + r + "-promote", "loc-" + r + "-healthy",
          "loc-" + r + "-sync"};
}

void add_constraints(xml_node constraints, const config::ClusterConfig& c, const Roles& roles) {
  const auto& w = c.writer_vip_name;
  const auto& clone = c.clone_name;
  // The writer VIP exists only where the primary is, and only after promotion.
  colocation(constraints, "col-" + w, w, clone, roles.promoted,
             model::format_score(model::k_score_infinity).c_str());
  order(constraints, "ord-" + w + "-promote", clone, "promote", w, "start", "Mandatory");
  order(constraints, "ord-" + w + "-demote", clone, "demote", w, "stop", "Optional");
  if (c.reader_vip.empty())
    return;
  const auto& r = c.reader_vip_name;
  // Prefer a standby; with none left the reader VIP falls back to the primary rather than
  // disappearing (pha4pgsql lost reads entirely with one surviving node).
  colocation(constraints, "col-" + r, r, clone, roles.unpromoted, "100");
  order(constraints, "ord-" + r + "-promote", clone, "promote", r, "start", "Optional");
  // Never on a node whose PostgreSQL is not a streaming standby or the primary.
  std::string status = c.attribute_names().status;
  xml_node loc = constraints.append_child("rsc_location");
  std::string loc_id = "loc-" + r + "-healthy";
  loc.append_attribute("id") = loc_id.c_str();
  loc.append_attribute("rsc") = r.c_str();
  xml_node rule = loc.append_child("rule");
  rule.append_attribute("id") = (loc_id + "-rule").c_str();
  rule.append_attribute("score") = model::format_score(model::k_score_never).c_str();
  rule.append_attribute("boolean-op") = "or";
  expression(rule, loc_id + "-undefined", status, "not_defined", nullptr);
  xml_node inner = rule.append_child("rule");
  inner.append_attribute("id") = (loc_id + "-rule-other").c_str();
  inner.append_attribute("boolean-op") = "and";
  int i = 0;
  for (auto v : model::k_read_statuses)
    expression(inner, fmt::format("{}-ne-{}", loc_id, i++), status, "ne",
               std::string(model::to_string(v)).c_str());
  if (c.cluster_type == config::ClusterType::multi) {
    // Readers see the freshest data on the synchronous standby.
    xml_node sync = constraints.append_child("rsc_location");
    std::string sync_id = "loc-" + r + "-sync";
    sync.append_attribute("id") = sync_id.c_str();
    sync.append_attribute("rsc") = r.c_str();
    xml_node srule = sync.append_child("rule");
    srule.append_attribute("id") = (sync_id + "-rule").c_str();
    srule.append_attribute("score") = "50";
    expression(srule, sync_id + "-expr", status, "eq",
               std::string(model::to_string(model::NodeStatus::hs_sync)).c_str());
  }
}

void set_properties(xml_node crm_config, const config::ClusterConfig& c,
                    const SetupOptions& options) {
  xml_node boot = attribute_set(crm_config, "cluster_property_set", "cib-bootstrap-options");
  if (!c.stonith_enabled)
    // No fencing device: the lease lock is what keeps two primaries from accepting writes.
    nvpair(boot, "cib-bootstrap-options", "stonith-enabled", "false");
  nvpair(boot, "cib-bootstrap-options", "no-quorum-policy",
         c.cluster_type == config::ClusterType::dual ? "ignore" : "stop");
  if (!options.force_master)
    return;
  std::string name = c.repl_info_name();
  for (xml_node set : crm_config.children("cluster_property_set"))
    for (xml_node n : set.children("nvpair"))
      if (std::string(n.attribute("name").as_string()) == name) {
        n.attribute("value").set_value(options.force_master->c_str());
        return;
      }
  nvpair(boot, "cib-bootstrap-options", name, *options.force_master);
}

pugi::xml_document parse_cib(const std::string& text) {
  pugi::xml_document doc;
  auto result = doc.load_string(text.c_str());
  if (!result || !doc.child("cib"))
    throw ConfigError(
        fmt::format("not a CIB document: {}", result ? "no <cib> element" : result.description()));
  return doc;
}

std::string serialize(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default | pugi::format_no_declaration);
  return out.str();
}

} // namespace

std::string empty_cib() {
  return "<cib crm_feature_set=\"3.16.1\" validate-with=\"pacemaker-3.9\" epoch=\"1\" "
         "num_updates=\"0\" admin_epoch=\"0\">\n  <configuration>\n    <crm_config/>\n    "
         "<nodes/>\n    <resources/>\n    <constraints/>\n  </configuration>\n  <status/>\n"
         "</cib>\n";
}

std::string build_cib(const std::string& current_cib, const config::ClusterConfig& config,
                      const SetupOptions& options) {
  auto doc = parse_cib(current_cib);
  xml_node cib = doc.child("cib");
  Roles roles = roles_for(cib);
  xml_node conf = child_or_create(cib, "configuration");
  xml_node crm_config = child_or_create(conf, "crm_config");
  child_or_create(conf, "nodes");
  xml_node resources = child_or_create(conf, "resources");
  xml_node constraints = child_or_create(conf, "constraints");
  if (!cib.child("status"))
    cib.append_child("status");

  set_properties(crm_config, config, options);
  xml_node defaults = child_or_create(conf, "rsc_defaults");
  xml_node rsc_options = attribute_set(defaults, "meta_attributes", "rsc-options");
  nvpair(rsc_options, "rsc-options", "resource-stickiness", "1");

  for (const auto& id :
       {config.clone_name, config.resource_name, config.writer_vip_name, config.reader_vip_name})
    remove_by_id(resources, id);
  for (const auto& id : constraint_ids(config))
    remove_by_id(constraints, id);
  add_clone(resources, config, roles);
  add_vip(resources, config, config.writer_vip_name, config.writer_vip);
  if (!config.reader_vip.empty())
    add_vip(resources, config, config.reader_vip_name, config.reader_vip);
  add_constraints(constraints, config, roles);
  return serialize(doc);
}

} // namespace pgha::cls
