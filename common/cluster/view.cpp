#include "common/cluster/view.hpp"

#include <algorithm>

namespace pgha::cluster {

namespace {

// True when `instance_or_top` names the resource `id` or its clone.
bool names(const ResourceView& r, const ResourceInstance& i, const std::string& id) {
  return r.id == id || i.id == id;
}

} // namespace

const NodeView* ClusterView::node(const std::string& name) const {
  auto it = std::find_if(nodes.begin(), nodes.end(), [&](const auto& n) { return n.name == name; });
  return it == nodes.end() ? nullptr : &*it;
}

const ResourceView* ClusterView::resource(const std::string& id) const {
  for (const auto& r : resources) {
    if (r.id == id)
      return &r;
    for (const auto& i : r.instances)
      if (i.id == id)
        return &r;
  }
  return nullptr;
}

std::vector<std::string> ClusterView::promoted_nodes(const std::string& id) const {
  std::vector<std::string> out;
  for (const auto& r : resources)
    for (const auto& i : r.instances)
      if (names(r, i, id) && i.role == "Promoted" && !i.node.empty())
        out.push_back(i.node);
  return out;
}

std::string ClusterView::role_on(const std::string& id, const std::string& node_name) const {
  for (const auto& r : resources)
    for (const auto& i : r.instances)
      if (names(r, i, id) && i.node == node_name)
        return i.role;
  return "Stopped";
}

std::vector<std::string> ClusterView::online_nodes(bool exclude_standby) const {
  std::vector<std::string> out;
  for (const auto& n : nodes)
    if (n.online && !(exclude_standby && n.standby))
      out.push_back(n.name);
  return out;
}

int ClusterView::fail_count(const std::string& resource_id, const std::string& node_name) const {
  int total = 0;
  for (const auto& f : fail_counts)
    if (f.resource == resource_id && f.node == node_name)
      total += f.count;
  return total;
}

} // namespace pgha::cluster
