#include "common/cluster/cluster.hpp"

#include "common/base/strings.hpp"

#include <algorithm>

namespace pgha::cluster {

bool Cluster::update_node_attribute(const std::string& node, const std::string& name,
                                    const std::string& value, Lifetime lifetime,
                                    Deadline deadline) {
  if (get_node_attribute(node, name, lifetime, deadline) == value)
    return false;
  set_node_attribute(node, name, value, lifetime, deadline);
  return true;
}

bool Cluster::remove_node_attribute(const std::string& node, const std::string& name,
                                    Lifetime lifetime, Deadline deadline) {
  if (!get_node_attribute(node, name, lifetime, deadline))
    return false;
  delete_node_attribute(node, name, lifetime, deadline);
  return true;
}

bool Cluster::update_promotion_score(const std::string& resource, const std::string& node,
                                     int score, Deadline deadline) {
  if (get_promotion_score(resource, node, deadline) == score)
    return false;
  set_promotion_score(resource, node, score, deadline);
  return true;
}

bool Cluster::update_property(const std::string& name, const std::string& value,
                              Deadline deadline) {
  if (get_property(name, deadline) == value)
    return false;
  set_property(name, value, deadline);
  return true;
}

} // namespace pgha::cluster
