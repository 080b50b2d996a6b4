#pragma once
// Pure parsers of Pacemaker tool output. All throw ClusterError on malformed input.

#include "common/cluster/view.hpp"

#include <optional>
#include <string>

namespace pgha::cluster::parse {

// `crm_mon --output-as=xml` → ClusterView.
ClusterView crm_mon_xml(const std::string& xml);

// The value printed by `crm_attribute --query --quiet` (trailing newline removed). nullopt
// for crm_attribute's "not found" output.
std::optional<std::string> attribute_query(const std::string& out);

// The node name printed by `crm_node -n`.
std::string node_name(const std::string& out);

// Value of the cluster property `name` in a `cibadmin -Q` document (first nvpair in any
// crm_config set), nullopt when absent.
std::optional<std::string> cib_property(const std::string& cib_xml, const std::string& name);

// Value of node attribute `name` of node `node` in a `cibadmin -Q` document: transient
// (status section) when `transient`, else permanent (nodes section).
std::optional<std::string> cib_node_attribute(const std::string& cib_xml, const std::string& node,
                                              const std::string& name, bool transient);

} // namespace pgha::cluster::parse
