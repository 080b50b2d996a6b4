#pragma once
// The Pacemaker seam: everything pgha reads from or writes to the cluster goes through
// `Cluster`. The real implementation (`CrmCluster`, crm_cluster.hpp) runs Pacemaker's CLI tools
// through the process runner; `testing::FakeCluster` (testing/fake_cluster.hpp) keeps the same
// state in memory for unit tests of the agent and the cls_* tools.
//
// Every call takes a Deadline and either returns or throws ClusterError (the tool failed, timed
// out, or printed something unparseable). Absence of a value is not an error: getters return
// std::nullopt.

#include "common/base/deadline.hpp"
#include "common/cluster/view.hpp"
#include "common/model/attribute_names.hpp"
#include "common/model/score.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pgha::cluster {

// Attribute lifetimes and score spelling are the shared vocabulary (common/model).
using model::format_score;
using model::k_score_infinity;
using model::Lifetime;
using model::parse_score;

// One write of Cluster::set_all: a node attribute, a promotion score or a cluster property.
struct Write {
  enum class Kind { node_attribute, promotion_score, property };
  Kind kind = Kind::node_attribute;
  std::string node;  // node_attribute, promotion_score
  std::string name;  // the attribute or property; the resource for promotion_score
  std::string value; // node_attribute, property
  int score = 0;     // promotion_score
  Lifetime lifetime = Lifetime::reboot;

  static Write node_attribute(std::string node, std::string name, std::string value,
                              Lifetime lifetime);
  static Write promotion_score(std::string resource, std::string node, int score);
  static Write property(std::string name, std::string value);
};

class Cluster {
 public:
  virtual ~Cluster() = default;

  // --- node attributes -------------------------------------------------------------------
  // Value of attribute `name` of `node`, nullopt when not set.
  virtual std::optional<std::string> get_node_attribute(const std::string& node,
                                                        const std::string& name, Lifetime lifetime,
                                                        Deadline deadline) = 0;
  // Set unconditionally (prefer update_node_attribute).
  virtual void set_node_attribute(const std::string& node, const std::string& name,
                                  const std::string& value, Lifetime lifetime,
                                  Deadline deadline) = 0;
  // Delete; deleting an absent attribute succeeds.
  virtual void delete_node_attribute(const std::string& node, const std::string& name,
                                     Lifetime lifetime, Deadline deadline) = 0;
  // Write only when the stored value differs from `value` (each CIB write costs a
  // cluster-wide transition). Returns true when it wrote.
  bool update_node_attribute(const std::string& node, const std::string& name,
                             const std::string& value, Lifetime lifetime, Deadline deadline);
  // Delete only when present. Returns true when it deleted.
  bool remove_node_attribute(const std::string& node, const std::string& name, Lifetime lifetime,
                             Deadline deadline);

  // --- promotion scores (transient `master-<resource>` of a node) --------------------------
  // `resource` is the primitive id (OCF_RESOURCE_INSTANCE without ":N").
  virtual std::optional<int> get_promotion_score(const std::string& resource,
                                                 const std::string& node, Deadline deadline) = 0;
  virtual void set_promotion_score(const std::string& resource, const std::string& node, int score,
                                   Deadline deadline) = 0;
  virtual void delete_promotion_score(const std::string& resource, const std::string& node,
                                      Deadline deadline) = 0;
  // Write only when different (absent counts as different). Returns true when it wrote.
  bool update_promotion_score(const std::string& resource, const std::string& node, int score,
                              Deadline deadline);

  // --- cluster properties (crm_config), e.g. "<rsc>_REPL_INFO" ---------------------------
  virtual std::optional<std::string> get_property(const std::string& name, Deadline deadline) = 0;
  virtual void set_property(const std::string& name, const std::string& value,
                            Deadline deadline) = 0;
  virtual void delete_property(const std::string& name, Deadline deadline) = 0;
  // Write only when different. Returns true when it wrote.
  bool update_property(const std::string& name, const std::string& value, Deadline deadline);

  // Unconditional writes that do not depend on one another. CrmCluster runs their tools at
  // once (each is its own process and its own CIB or attrd update); the default runs them in
  // order. Every write is tried; the first failure is thrown once all have ended.
  virtual void set_all(const std::vector<Write>& writes, Deadline deadline);

  // --- identity and view -----------------------------------------------------------------
  // The local node's name: `meta_on_node` (OCF_RESKEY_CRM_meta_on_node) when non-empty, else
  // asked from Pacemaker (`crm_node -n`).
  virtual std::string local_node_name(const std::optional<std::string>& meta_on_node,
                                      Deadline deadline) = 0;
  // Nodes, resources, roles, fail-counts, DC and quorum as Pacemaker sees them now.
  virtual ClusterView view(Deadline deadline) = 0;

  // --- operations for the cls_* tools ----------------------------------------------------
  // Forget failures (and fail-counts) of `resource`, on `node` or on all nodes.
  virtual void cleanup(const std::string& resource, const std::optional<std::string>& node,
                       Deadline deadline) = 0;
  // Add a location constraint moving `resource` to `node` (`promoted`: only its promoted role).
  virtual void move(const std::string& resource, const std::string& node, bool promoted,
                    Deadline deadline) = 0;
  // Add a location constraint keeping `resource` off `node` (`promoted`: only promoted role).
  virtual void ban(const std::string& resource, const std::string& node, bool promoted,
                   Deadline deadline) = 0;
  // Remove the constraints move/ban created (for `node` only when given).
  virtual void clear(const std::string& resource, const std::optional<std::string>& node,
                     Deadline deadline) = 0;
  // Put `node` into standby (true) or bring it back (false); permanent until changed.
  virtual void set_node_standby(const std::string& node, bool standby, Deadline deadline) = 0;
  // Meta attribute is-managed of `resource`.
  virtual void set_managed(const std::string& resource, bool managed, Deadline deadline) = 0;
  // Meta attribute target-role of `resource` ("Started", "Stopped", ...), changed in place:
  // no read-modify-write of the CIB that a concurrent update could make stale.
  virtual void set_target_role(const std::string& resource, const std::string& role,
                               Deadline deadline) = 0;
  // Cluster property maintenance-mode.
  virtual void set_maintenance_mode(bool on, Deadline deadline) = 0;
  // Replace the whole CIB with `cib_xml` (a complete <cib> document).
  virtual void replace_cib(const std::string& cib_xml, Deadline deadline) = 0;
  // Create `xml` (one element) under the configuration section `section` ("resources",
  // "constraints", "crm_config", "nodes", "status", ...).
  virtual void create_in_section(const std::string& section, const std::string& xml,
                                 Deadline deadline) = 0;
  // Check a complete CIB document with crm_verify; errors and warnings as text.
  virtual VerifyResult verify(const std::string& cib_xml, Deadline deadline) = 0;
  // The raw CIB (cibadmin -Q) as XML text.
  virtual std::string query_cib(Deadline deadline) = 0;

 protected:
  // One write of set_all, through the setters above.
  void set_one(const Write& write, Deadline deadline);
};

} // namespace pgha::cluster
