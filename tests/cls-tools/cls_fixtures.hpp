#pragma once
// Shared test data for the cls_* tests: configurations and hand-built cluster views.

#include "common/cluster/view.hpp"
#include "common/config/cluster_config.hpp"

#include <string>

namespace pgha::test {

inline const std::string k_dual_ini = "cluster_type=dual\n"
                                      "writer_vip=10.0.0.10\n"
                                      "reader_vip=10.0.0.11\n"
                                      "vip_nic=eth0\n"
                                      "vip_cidr_netmask=24\n"
                                      "node1=n1\n"
                                      "node2=n2\n"
                                      "enable_distlock=true\n"
                                      "distlock_conninfo='host=lock dbname=postgres'\n"
                                      "distlock_lockname=cls1\n"
                                      "start_timeout=5\n"
                                      "switch_timeout=5\n";

inline const std::string k_multi_ini = "cluster_type=multi\n"
                                       "writer_vip=10.0.0.10\n"
                                       "reader_vip=10.0.0.11\n"
                                       "node1=n1\n"
                                       "node2=n2\n"
                                       "node3=n3\n";

inline config::ClusterConfig dual_config(const std::string& extra = {}) {
  return config::parse_config(k_dual_ini + extra, "dual.ini");
}

inline config::ClusterConfig multi_config(const std::string& extra = {}) {
  return config::parse_config(k_multi_ini + extra, "multi.ini");
}

// A view: every node online; `roles` gives the clone role per node in config order
// ("Promoted", "Unpromoted", "Stopped"); `data` the data-status attribute per node.
inline cluster::ClusterView make_view(const config::ClusterConfig& c,
                                      const std::vector<std::string>& roles,
                                      const std::vector<std::string>& data, bool quorum = true) {
  cluster::ClusterView v;
  v.have_quorum = quorum;
  v.dc = c.nodes.front();
  cluster::ResourceView clone;
  clone.id = c.clone_name;
  clone.kind = "clone";
  clone.promotable = true;
  clone.agent = "ocf:pgha:expgsql";
  cluster::ResourceView writer;
  writer.id = c.writer_vip_name;
  writer.kind = "primitive";
  writer.agent = "ocf:heartbeat:IPaddr2";
  for (size_t i = 0; i < c.nodes.size(); ++i) {
    cluster::NodeView n;
    n.name = c.nodes[i];
    n.online = true;
    if (i < data.size() && !data[i].empty())
      n.attributes[c.attribute_names().data_status] = data[i];
    v.nodes.push_back(n);
    std::string role = i < roles.size() ? roles[i] : "Stopped";
    cluster::ResourceInstance inst;
    inst.id = c.resource_name;
    inst.role = role;
    inst.active = role != "Stopped";
    inst.node = inst.active ? c.nodes[i] : "";
    clone.instances.push_back(inst);
    if (role == "Promoted")
      writer.instances.push_back({c.writer_vip_name, "Started", c.nodes[i], true});
  }
  v.resources = {clone, writer};
  return v;
}

} // namespace pgha::test
