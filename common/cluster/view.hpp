#pragma once
// Plain values describing what Pacemaker sees: parsed from `crm_mon --output-as=xml` by
// parse_crm_mon_xml (crm_parse.hpp), built by hand in unit tests.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pgha::cluster {

struct NodeView {
  std::string name;
  std::string id;
  bool online = false;
  bool standby = false; // standby by operator (or standby on fail)
  bool maintenance = false;
  bool pending = false;
  bool unclean = false;
  bool is_dc = false;
  std::map<std::string, std::string> attributes; // node attributes crm_mon reports
};

// One instance of a resource (a clone instance is reported per node).
struct ResourceInstance {
  std::string id;   // primitive id, e.g. "pgsql" (clone instance suffix removed)
  std::string role; // "Started", "Stopped", "Promoted", "Unpromoted" (as crm_mon says)
  std::string node; // empty when not running anywhere
  bool active = false;
  bool managed = true;
  bool failed = false;
  bool orphaned = false;
};

// A top-level resource: a primitive, group or clone (promotable or not).
struct ResourceView {
  std::string id;   // clone/group/primitive id as configured
  std::string kind; // "primitive", "clone", "group", "bundle"
  bool promotable = false;
  bool managed = true;
  bool disabled = false;
  std::string agent; // "ocf:pgha:expgsql" for primitives (first member's agent otherwise)
  std::vector<ResourceInstance> instances;
};

// Fail-count of a resource on a node (from the node history).
struct FailCount {
  std::string node;
  std::string resource;
  int count = 0;
};

struct ClusterView {
  std::optional<std::string> dc; // name of the DC, if one was elected
  bool have_quorum = false;
  bool maintenance_mode = false;
  bool stonith_enabled = false;
  std::vector<NodeView> nodes;
  std::vector<ResourceView> resources;
  std::vector<FailCount> fail_counts;

  // Lookup helpers; nullptr / empty when absent.
  const NodeView* node(const std::string& name) const;
  const ResourceView* resource(const std::string& id) const;
  // Nodes where an instance of `primitive_or_clone` is promoted.
  std::vector<std::string> promoted_nodes(const std::string& primitive_or_clone) const;
  // Role of `primitive_or_clone` on `node` ("Stopped" when it has no instance there).
  std::string role_on(const std::string& primitive_or_clone, const std::string& node) const;
  // Names of online nodes (not counting standby ones when `exclude_standby`).
  std::vector<std::string> online_nodes(bool exclude_standby = false) const;
  // Fail-count of `resource` on `node` (0 when none).
  int fail_count(const std::string& resource, const std::string& node) const;
};

// Result of crm_verify on a CIB document.
struct VerifyResult {
  bool valid = false; // exit 0
  int exit_code = 0;
  std::string output; // stdout and stderr of crm_verify
};

} // namespace pgha::cluster
