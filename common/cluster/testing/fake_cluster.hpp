#pragma once
// In-memory Cluster for unit tests of the agent and the cls_* tools (target
// pgha_cluster_testing). Strict: nodes must be declared with add_node before anything names
// them, resources with add_resource before resource operations; anything else throws
// ClusterError, as a misspelt name would against Pacemaker. Every mutating call is recorded in
// `calls()` as one line ("set_node_attribute node1 pgsql-status PRI reboot") so a test can
// compare what was written, and writes can be made to fail with fail_next().

#include "common/cluster/cluster.hpp"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace pgha::cluster::testing {

class FakeCluster final : public Cluster {
 public:
  FakeCluster() = default;

  // --- arranging -------------------------------------------------------------------------
  // Declare a node (online unless told otherwise); also appears in view().
  void add_node(const std::string& name, bool online = true);
  void set_online(const std::string& node, bool online);
  // Declare a resource for view() and resource operations; `promotable` for a clone.
  void add_resource(const std::string& id, bool promotable = false);
  // Set the role crm_mon would report for `resource` on `node` ("Promoted", "Unpromoted",
  // "Started", "Stopped").
  void set_role(const std::string& resource, const std::string& node, const std::string& role);
  void set_fail_count(const std::string& resource, const std::string& node, int count);
  void set_dc(std::optional<std::string> node);
  void set_quorum(bool have_quorum);
  // Name returned by local_node_name when no meta_on_node is given.
  void set_local_node(const std::string& node);
  // The next call whose recorded line starts with `call_prefix` throws ClusterError.
  void fail_next(const std::string& call_prefix);
  // Let the cluster react to a write, as Pacemaker would (e.g. promote a node after
  // "set_target_role pgsql-clone Started"): `react` runs with each recorded line, after the
  // line is recorded and before the call's own effect is applied.
  void on_write(std::function<void(const std::string& line)> react) { m_react = std::move(react); }

  // --- inspecting ------------------------------------------------------------------------
  const std::vector<std::string>& calls() const { return m_calls; }
  void clear_calls() { m_calls.clear(); }
  std::optional<std::string> attribute(const std::string& node, const std::string& name,
                                       Lifetime lifetime) const;
  std::optional<int> score(const std::string& resource, const std::string& node) const;
  std::optional<std::string> property(const std::string& name) const;
  bool standby(const std::string& node) const;
  std::optional<bool> managed(const std::string& resource) const;
  bool maintenance_mode() const { return m_maintenance; }
  // Constraints added by move/ban as "move RSC NODE [promoted]" / "ban RSC NODE [promoted]".
  const std::vector<std::string>& constraints() const { return m_constraints; }
  const std::optional<std::string>& cib_xml() const { return m_cib; }

  // --- Cluster ---------------------------------------------------------------------------
  std::optional<std::string> get_node_attribute(const std::string& node, const std::string& name,
                                                Lifetime lifetime, Deadline deadline) override;
  void set_node_attribute(const std::string& node, const std::string& name,
                          const std::string& value, Lifetime lifetime, Deadline deadline) override;
  void delete_node_attribute(const std::string& node, const std::string& name, Lifetime lifetime,
                             Deadline deadline) override;
  std::optional<int> get_promotion_score(const std::string& resource, const std::string& node,
                                         Deadline deadline) override;
  void set_promotion_score(const std::string& resource, const std::string& node, int score,
                           Deadline deadline) override;
  void delete_promotion_score(const std::string& resource, const std::string& node,
                              Deadline deadline) override;
  std::optional<std::string> get_property(const std::string& name, Deadline deadline) override;
  void set_property(const std::string& name, const std::string& value, Deadline deadline) override;
  void delete_property(const std::string& name, Deadline deadline) override;
  std::string local_node_name(const std::optional<std::string>& meta_on_node,
                              Deadline deadline) override;
  ClusterView view(Deadline deadline) override;
  void cleanup(const std::string& resource, const std::optional<std::string>& node,
               Deadline deadline) override;
  void move(const std::string& resource, const std::string& node, bool promoted,
            Deadline deadline) override;
  void ban(const std::string& resource, const std::string& node, bool promoted,
           Deadline deadline) override;
  void clear(const std::string& resource, const std::optional<std::string>& node,
             Deadline deadline) override;
  void set_node_standby(const std::string& node, bool standby, Deadline deadline) override;
  void set_managed(const std::string& resource, bool managed, Deadline deadline) override;
  void set_target_role(const std::string& resource, const std::string& role,
                       Deadline deadline) override;
  void set_maintenance_mode(bool on, Deadline deadline) override;
  void replace_cib(const std::string& cib_xml, Deadline deadline) override;
  void create_in_section(const std::string& section, const std::string& xml,
                         Deadline deadline) override;
  VerifyResult verify(const std::string& cib_xml, Deadline deadline) override;
  std::string query_cib(Deadline deadline) override;

 private:
  void record(const std::string& line);
  void require_node(const std::string& node) const;
  void require_resource(const std::string& resource) const;
  void check_deadline(const Deadline& deadline) const;

  struct Node {
    bool online = true;
    bool standby = false;
  };
  std::map<std::string, Node> m_nodes;
  std::vector<std::string> m_node_order;
  std::map<std::string, bool> m_resources; // id → promotable
  std::map<std::string, bool> m_managed;
  std::map<std::tuple<std::string, std::string, Lifetime>, std::string> m_attributes;
  std::map<std::string, std::string> m_properties;
  std::map<std::pair<std::string, std::string>, std::string> m_roles;
  std::map<std::pair<std::string, std::string>, int> m_fail_counts;
  std::vector<std::string> m_constraints;
  std::vector<std::string> m_calls;
  std::set<std::string> m_fail_prefixes;
  std::optional<std::string> m_dc;
  std::optional<std::string> m_local;
  std::optional<std::string> m_cib;
  std::function<void(const std::string&)> m_react;
  bool m_quorum = true;
  bool m_maintenance = false;
};

} // namespace pgha::cluster::testing
