#include "common/cluster/testing/fake_cluster.hpp"

#include "common/base/error.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace pgha::cluster::testing {

namespace {

std::string_view lifetime_name(Lifetime lifetime) {
  return model::to_string(lifetime);
}

std::string promotion_name(const std::string& resource) {
  return model::promotion_attribute(resource);
}

} // namespace

void FakeCluster::add_node(const std::string& name, bool online) {
  if (m_nodes.count(name) == 0)
    m_node_order.push_back(name);
  m_nodes[name].online = online;
}

void FakeCluster::set_online(const std::string& node, bool online) {
  require_node(node);
  m_nodes[node].online = online;
}

void FakeCluster::add_resource(const std::string& id, bool promotable) {
  m_resources[id] = promotable;
}

void FakeCluster::set_role(const std::string& resource, const std::string& node,
                           const std::string& role) {
  require_resource(resource);
  require_node(node);
  m_roles[{resource, node}] = role;
}

void FakeCluster::set_fail_count(const std::string& resource, const std::string& node, int count) {
  require_resource(resource);
  require_node(node);
  m_fail_counts[{resource, node}] = count;
}

void FakeCluster::set_dc(std::optional<std::string> node) {
  if (node)
    require_node(*node);
  m_dc = std::move(node);
}

void FakeCluster::set_quorum(bool have_quorum) {
  m_quorum = have_quorum;
}

void FakeCluster::set_local_node(const std::string& node) {
  require_node(node);
  m_local = node;
}

void FakeCluster::fail_next(const std::string& call_prefix) {
  m_fail_prefixes.insert(call_prefix);
}

std::optional<std::string> FakeCluster::attribute(const std::string& node, const std::string& name,
                                                  Lifetime lifetime) const {
  auto it = m_attributes.find({node, name, lifetime});
  if (it == m_attributes.end())
    return std::nullopt;
  return it->second;
}

std::optional<int> FakeCluster::score(const std::string& resource, const std::string& node) const {
  auto v = attribute(node, promotion_name(resource), Lifetime::reboot);
  return v ? parse_score(*v) : std::nullopt;
}

std::optional<std::string> FakeCluster::property(const std::string& name) const {
  auto it = m_properties.find(name);
  if (it == m_properties.end())
    return std::nullopt;
  return it->second;
}

bool FakeCluster::standby(const std::string& node) const {
  auto it = m_nodes.find(node);
  return it != m_nodes.end() && it->second.standby;
}

std::optional<bool> FakeCluster::managed(const std::string& resource) const {
  auto it = m_managed.find(resource);
  if (it == m_managed.end())
    return std::nullopt;
  return it->second;
}

void FakeCluster::record(const std::string& line) {
  for (auto it = m_fail_prefixes.begin(); it != m_fail_prefixes.end(); ++it) {
    if (line.rfind(*it, 0) == 0) {
      m_fail_prefixes.erase(it);
      throw ClusterError(fmt::format("fake cluster: injected failure of \"{}\"", line));
    }
  }
  m_calls.push_back(line);
  if (m_react)
    m_react(line);
}

void FakeCluster::require_node(const std::string& node) const {
  if (m_nodes.count(node) == 0)
    throw ClusterError(fmt::format("fake cluster: unknown node \"{}\"", node));
}

void FakeCluster::require_resource(const std::string& resource) const {
  if (m_resources.count(resource) == 0)
    throw ClusterError(fmt::format("fake cluster: unknown resource \"{}\"", resource));
}

void FakeCluster::check_deadline(const Deadline& deadline) const {
  if (deadline.expired())
    throw ClusterError("fake cluster: deadline already passed");
}

std::optional<std::string> FakeCluster::get_node_attribute(const std::string& node,
                                                           const std::string& name,
                                                           Lifetime lifetime, Deadline deadline) {
  check_deadline(deadline);
  require_node(node);
  return attribute(node, name, lifetime);
}

void FakeCluster::set_node_attribute(const std::string& node, const std::string& name,
                                     const std::string& value, Lifetime lifetime,
                                     Deadline deadline) {
  check_deadline(deadline);
  require_node(node);
  record(fmt::format("set_node_attribute {} {} {} {}", node, name, value, lifetime_name(lifetime)));
  m_attributes[{node, name, lifetime}] = value;
}

void FakeCluster::delete_node_attribute(const std::string& node, const std::string& name,
                                        Lifetime lifetime, Deadline deadline) {
  check_deadline(deadline);
  require_node(node);
  record(fmt::format("delete_node_attribute {} {} {}", node, name, lifetime_name(lifetime)));
  m_attributes.erase({node, name, lifetime});
}

std::optional<int> FakeCluster::get_promotion_score(const std::string& resource,
                                                    const std::string& node, Deadline deadline) {
  check_deadline(deadline);
  require_node(node);
  return score(resource, node);
}

void FakeCluster::set_promotion_score(const std::string& resource, const std::string& node,
                                      int value, Deadline deadline) {
  check_deadline(deadline);
  require_node(node);
  record(fmt::format("set_promotion_score {} {} {}", resource, node, format_score(value)));
  m_attributes[{node, promotion_name(resource), Lifetime::reboot}] = format_score(value);
}

void FakeCluster::delete_promotion_score(const std::string& resource, const std::string& node,
                                         Deadline deadline) {
  check_deadline(deadline);
  require_node(node);
  record(fmt::format("delete_promotion_score {} {}", resource, node));
  m_attributes.erase({node, promotion_name(resource), Lifetime::reboot});
}

std::optional<std::string> FakeCluster::get_property(const std::string& name, Deadline deadline) {
  check_deadline(deadline);
  return property(name);
}

void FakeCluster::set_property(const std::string& name, const std::string& value,
                               Deadline deadline) {
  check_deadline(deadline);
  record(fmt::format("set_property {} {}", name, value));
  m_properties[name] = value;
}

void FakeCluster::delete_property(const std::string& name, Deadline deadline) {
  check_deadline(deadline);
  record(fmt::format("delete_property {}", name));
  m_properties.erase(name);
}

std::string FakeCluster::local_node_name(const std::optional<std::string>& meta_on_node,
                                         Deadline deadline) {
  check_deadline(deadline);
  if (meta_on_node && !meta_on_node->empty())
    return *meta_on_node;
  if (!m_local)
    throw ClusterError("fake cluster: no local node set (set_local_node)");
  return *m_local;
}

ClusterView FakeCluster::view(Deadline deadline) {
  check_deadline(deadline);
  ClusterView v;
  v.dc = m_dc;
  v.have_quorum = m_quorum;
  v.maintenance_mode = m_maintenance;
  for (const auto& name : m_node_order) {
    NodeView n;
    n.name = name;
    n.id = name;
    n.online = m_nodes[name].online;
    n.standby = m_nodes[name].standby;
    n.is_dc = m_dc == name;
    for (const auto& [key, value] : m_attributes)
      if (std::get<0>(key) == name)
        n.attributes[std::get<1>(key)] = value;
    v.nodes.push_back(n);
  }
  for (const auto& [id, promotable] : m_resources) {
    ResourceView r;
    r.id = promotable ? id + "-clone" : id;
    r.kind = promotable ? "clone" : "primitive";
    r.promotable = promotable;
    r.managed = m_managed.count(id) == 0 || m_managed[id];
    for (const auto& [key, role] : m_roles) {
      if (key.first != id)
        continue;
      ResourceInstance i;
      i.id = id;
      i.role = role;
      i.node = role == "Stopped" ? "" : key.second;
      i.active = role != "Stopped";
      i.managed = r.managed;
      r.instances.push_back(i);
    }
    v.resources.push_back(r);
  }
  for (const auto& [key, count] : m_fail_counts)
    if (count > 0)
      v.fail_counts.push_back({key.second, key.first, count});
  return v;
}

void FakeCluster::cleanup(const std::string& resource, const std::optional<std::string>& node,
                          Deadline deadline) {
  check_deadline(deadline);
  require_resource(resource);
  if (node)
    require_node(*node);
  record(fmt::format("cleanup {} {}", resource, node.value_or("*")));
  for (auto& [key, count] : m_fail_counts)
    if (key.first == resource && (!node || key.second == *node))
      count = 0;
}

void FakeCluster::move(const std::string& resource, const std::string& node, bool promoted,
                       Deadline deadline) {
  check_deadline(deadline);
  require_resource(resource);
  require_node(node);
  auto line = fmt::format("move {} {}{}", resource, node, promoted ? " promoted" : "");
  record(line);
  m_constraints.push_back(line);
}

void FakeCluster::ban(const std::string& resource, const std::string& node, bool promoted,
                      Deadline deadline) {
  check_deadline(deadline);
  require_resource(resource);
  require_node(node);
  auto line = fmt::format("ban {} {}{}", resource, node, promoted ? " promoted" : "");
  record(line);
  m_constraints.push_back(line);
}

void FakeCluster::clear(const std::string& resource, const std::optional<std::string>& node,
                        Deadline deadline) {
  check_deadline(deadline);
  require_resource(resource);
  if (node)
    require_node(*node);
  record(fmt::format("clear {} {}", resource, node.value_or("*")));
  std::erase_if(m_constraints, [&](const std::string& c) {
    auto parts = fmt::format(" {} ", resource);
    bool same_rsc = c.find(parts) != std::string::npos;
    bool same_node = !node || c.find(" " + *node) != std::string::npos;
    return same_rsc && same_node;
  });
}

void FakeCluster::set_node_standby(const std::string& node, bool on, Deadline deadline) {
  check_deadline(deadline);
  require_node(node);
  record(fmt::format("set_node_standby {} {}", node, on ? "on" : "off"));
  m_nodes[node].standby = on;
}

void FakeCluster::set_managed(const std::string& resource, bool on, Deadline deadline) {
  check_deadline(deadline);
  require_resource(resource);
  record(fmt::format("set_managed {} {}", resource, on ? "true" : "false"));
  m_managed[resource] = on;
}

void FakeCluster::set_target_role(const std::string& resource, const std::string& role,
                                  Deadline deadline) {
  check_deadline(deadline);
  require_resource(resource);
  record(fmt::format("set_target_role {} {}", resource, role));
}

void FakeCluster::set_maintenance_mode(bool on, Deadline deadline) {
  check_deadline(deadline);
  record(fmt::format("set_maintenance_mode {}", on ? "true" : "false"));
  m_maintenance = on;
}

void FakeCluster::replace_cib(const std::string& cib_xml, Deadline deadline) {
  check_deadline(deadline);
  record("replace_cib");
  m_cib = cib_xml;
}

void FakeCluster::create_in_section(const std::string& section, const std::string& xml,
                                    Deadline deadline) {
  check_deadline(deadline);
  record(fmt::format("create_in_section {}", section));
  m_cib = m_cib.value_or("") + xml;
}

VerifyResult FakeCluster::verify(const std::string& cib_xml, Deadline deadline) {
  check_deadline(deadline);
  record("verify");
  VerifyResult v;
  v.valid = cib_xml.find("<cib") != std::string::npos;
  v.exit_code = v.valid ? 0 : 78;
  return v;
}

std::string FakeCluster::query_cib(Deadline deadline) {
  check_deadline(deadline);
  if (!m_cib)
    throw ClusterError("fake cluster: no CIB loaded (replace_cib)");
  return *m_cib;
}

} // namespace pgha::cluster::testing
