#include "common/cluster/cluster.hpp"

#include "common/base/strings.hpp"

#include <algorithm>
#include <exception>

namespace pgha::cluster {

Write Write::node_attribute(std::string node, std::string name, std::string value,
                            Lifetime lifetime) {
  Write w;
  w.kind = Kind::node_attribute;
  w.node = std::move(node);
  w.name = std::move(name);
  w.value = std::move(value);
  w.lifetime = lifetime;
  return w;
}

Write Write::promotion_score(std::string resource, std::string node, int score) {
  Write w;
  w.kind = Kind::promotion_score;
  w.node = std::move(node);
  w.name = std::move(resource);
  w.score = score;
  return w;
}

Write Write::property(std::string name, std::string value) {
  Write w;
  w.kind = Kind::property;
  w.name = std::move(name);
  w.value = std::move(value);
  return w;
}

void Cluster::set_one(const Write& w, Deadline deadline) {
  switch (w.kind) {
  case Write::Kind::node_attribute:
    set_node_attribute(w.node, w.name, w.value, w.lifetime, deadline);
    return;
  case Write::Kind::promotion_score:
    set_promotion_score(w.name, w.node, w.score, deadline);
    return;
  case Write::Kind::property:
    set_property(w.name, w.value, deadline);
    return;
  }
}

void Cluster::set_all(const std::vector<Write>& writes, Deadline deadline) {
  std::exception_ptr first;
  for (const auto& w : writes) {
    try {
      set_one(w, deadline);
    } catch (...) {
      if (!first)
        first = std::current_exception();
    }
  }
  if (first)
    std::rethrow_exception(first);
}

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
