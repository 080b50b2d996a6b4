#include "common/cluster/crm_argv.hpp"

#include "common/base/error.hpp"

#include <fmt/format.h>

namespace pgha::cluster::argv {

namespace {

// Every value goes as `--option=value`: Pacemaker 2.1.5 re-parses a separate value that starts
// with '-' as options (`-v -INFINITY` becomes `-I -N FINITY`, rc 105).
std::string opt(const char* name, const std::string& value) {
  return fmt::format("--{}={}", name, value);
}

std::string lifetime_name(Lifetime lifetime) {
  return std::string(model::to_string(lifetime));
}

Argv node_attribute(const std::string& node, const std::string& name, Lifetime lifetime) {
  check_name("node", node);
  check_name("attribute", name);
  return {"crm_attribute", opt("node", node), opt("name", name),
          opt("lifetime", lifetime_name(lifetime))};
}

Argv promotion(const std::string& resource, const std::string& node) {
  check_name("resource", resource);
  check_name("node", node);
  return {"crm_attribute", opt("promotion", resource), opt("node", node)};
}

Argv property(const std::string& name) {
  check_name("property", name);
  return {"crm_attribute", opt("type", "crm_config"), opt("name", name)};
}

Argv with(Argv base, std::initializer_list<std::string> more) {
  base.insert(base.end(), more);
  return base;
}

} // namespace

void check_name(const std::string& what, const std::string& name) {
  bool ok = !name.empty() && name.size() <= 255 && name.front() != '-';
  for (char c : name)
    ok = ok && c > ' ' && c < 0x7f && c != '"' && c != '\'' && c != '\\';
  if (!ok)
    throw ClusterError(fmt::format("invalid {} name \"{}\"", what, name));
}

Argv node_attribute_query(const std::string& node, const std::string& name, Lifetime lifetime) {
  return with(node_attribute(node, name, lifetime), {"--query", "--quiet"});
}

Argv node_attribute_set(const std::string& node, const std::string& name, const std::string& value,
                        Lifetime lifetime) {
  return with(node_attribute(node, name, lifetime), {opt("update", value)});
}

Argv node_attribute_delete(const std::string& node, const std::string& name, Lifetime lifetime) {
  return with(node_attribute(node, name, lifetime), {"--delete"});
}

Argv promotion_query(const std::string& resource, const std::string& node) {
  return with(promotion(resource, node), {"--query", "--quiet"});
}

Argv promotion_set(const std::string& resource, const std::string& node, int score) {
  return with(promotion(resource, node), {opt("update", format_score(score))});
}

Argv promotion_delete(const std::string& resource, const std::string& node) {
  return with(promotion(resource, node), {"--delete"});
}

Argv property_query(const std::string& name) {
  return with(property(name), {"--query", "--quiet"});
}

Argv property_set(const std::string& name, const std::string& value) {
  return with(property(name), {opt("update", value)});
}

Argv property_delete(const std::string& name) {
  return with(property(name), {"--delete"});
}

Argv local_node_name() {
  return {"crm_node", "--name"};
}

Argv crm_mon_xml() {
  return {"crm_mon", "--one-shot", "--output-as=xml", "--include=all"};
}

Argv cib_query() {
  return {"cibadmin", "--query"};
}

Argv cib_replace() {
  return {"cibadmin", "--replace", "--xml-pipe"};
}

Argv cib_create(const std::string& section) {
  check_name("section", section);
  return {"cibadmin", "--create", opt("scope", section), "--xml-pipe"};
}

Argv verify() {
  return {"crm_verify", "--xml-pipe", "--verbose"};
}

Argv resource_cleanup(const std::string& resource, const std::optional<std::string>& node) {
  check_name("resource", resource);
  Argv a = {"crm_resource", "--cleanup", opt("resource", resource)};
  if (node) {
    check_name("node", *node);
    a.push_back(opt("node", *node));
  }
  return a;
}

Argv resource_move(const std::string& resource, const std::string& node, bool promoted) {
  check_name("resource", resource);
  check_name("node", node);
  Argv a = {"crm_resource", "--move", opt("resource", resource), opt("node", node)};
  if (promoted)
    a.push_back("--promoted");
  return a;
}

Argv resource_ban(const std::string& resource, const std::string& node, bool promoted) {
  check_name("resource", resource);
  check_name("node", node);
  Argv a = {"crm_resource", "--ban", opt("resource", resource), opt("node", node)};
  if (promoted)
    a.push_back("--promoted");
  return a;
}

Argv resource_clear(const std::string& resource, const std::optional<std::string>& node) {
  check_name("resource", resource);
  Argv a = {"crm_resource", "--clear", opt("resource", resource)};
  if (node) {
    check_name("node", *node);
    a.push_back(opt("node", *node));
  }
  return a;
}

Argv resource_set_managed(const std::string& resource, bool managed) {
  check_name("resource", resource);
  return {"crm_resource", opt("resource", resource), "--meta", opt("set-parameter", "is-managed"),
          opt("parameter-value", managed ? "true" : "false")};
}

Argv resource_set_target_role(const std::string& resource, const std::string& role) {
  check_name("resource", resource);
  if (role != "Stopped" && role != "Started" && role != "Unpromoted" && role != "Promoted")
    throw ClusterError(fmt::format("invalid target-role \"{}\" (Stopped, Started, Unpromoted or "
                                   "Promoted)",
                                   role));
  return {"crm_resource", opt("resource", resource), "--meta", opt("set-parameter", "target-role"),
          opt("parameter-value", role)};
}

Argv node_standby(const std::string& node, bool standby) {
  return node_attribute_set(node, "standby", standby ? "on" : "off", Lifetime::forever);
}

Argv maintenance_mode(bool on) {
  return property_set("maintenance-mode", on ? "true" : "false");
}

} // namespace pgha::cluster::argv
